//! Dates as roadmaps say them: `due` and `start` written as a year, a half, a
//! quarter, a month or a day, compared by the end of their period, shown as
//! written on pages and in every export; and values that are no such date.

use crate::harness::{Site, CLEAN};

/// The clean fixture with `launch` due `launch_due` and `platform` written with `platform_dates`.
fn dated(launch_due: &str, platform_dates: &str) -> Site {
    let main = CLEAN.replacen("due = \"2027-Q1\"", &format!("due = \"{launch_due}\""), 1).replacen(
        "due = \"2026-12\"",
        platform_dates,
        1,
    );
    Site::clean().file("content/roadmap/main.toml", &main)
}

/// `check`'s stderr on the clean fixture with `from` replaced by `to`, asserting the exit code.
#[track_caller]
fn check(from: &str, to: &str, exit: i32) -> String {
    assert!(CLEAN.contains(from), "{from}");
    let run = Site::clean().file("content/roadmap/main.toml", &CLEAN.replacen(from, to, 1)).run(&["check"]);
    assert_eq!(run.code, exit, "{}", run.stderr);
    run.stderr
}

const FORMS: &str =
    "expected a year (2027), a half (2027-H1), a quarter (2027-Q1), a month (2027-03) or a day (2027-03-15)";

#[test]
fn a_year_or_a_half_compares_by_its_last_day() {
    // `platform` due 2027 ends on 2027-12-31, 184 days after `launch` (2027-H1, ending 2027-06-30).
    let late = dated("2027-H1", "due = \"2027\"").run(&["check"]);
    late.success();
    assert_eq!(
        late.stderr,
        "warning[schedule-conflict]: `platform` is due 2027, 184 days after `launch` (2027-H1) which needs it through `supported_by`\n --> content/roadmap/main.toml:7:17\n  |\n7 | supported_by = [\"platform\"]\n  |                 ^\n  = help: to silence it, add `allow = [\"schedule-conflict\"]` to this item, or for the whole site set `schedule-conflict = \"allow\"` under [lint] in roadbook.toml\n\ncheck: 0 errors, 1 warning\n"
    );
    // 2027-H1 and 2027-06 end on the same day: no conflict, and a start a year earlier is fine.
    let fits = dated("2027-H1", "start = \"2026\"\ndue = \"2027-06\"").run(&["check", "--strict"]);
    fits.success();
    assert_eq!(fits.stderr, "check: 0 errors, 0 warnings\n");
}

#[test]
fn years_and_halves_are_shown_as_written_and_exported_by_their_last_day() {
    let site = dated("2027-H1", "start = \"2026-H2\"\ndue = \"2027\"");
    site.build().success();
    let csv = site.output("milestones.csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            ["id", "due", "due_end", "start"].iter().map(|c| r[col(c)].to_string()).collect()
        })
        .collect();
    assert_eq!(rows, [["launch", "2027-H1", "2027-06-30", ""], ["platform", "2027", "2027-12-31", "2026-H2"]]);
    let json: serde_json::Value = serde_json::from_str(&site.output("roadmap.json")).unwrap();
    let platform = &json["milestones"][1];
    assert_eq!(
        (&platform["due"], &platform["due_end"], &platform["start"]),
        (&"2027".into(), &"2027-12-31".into(), &"2026-H2".into())
    );
    let ics = site.output("roadmap.ics");
    let starts: Vec<&str> = ics.lines().filter(|l| l.starts_with("DTSTART")).collect();
    assert_eq!(starts, ["DTSTART;VALUE=DATE:20270630", "DTSTART;VALUE=DATE:20271231"]);
    assert!(ics.contains("DESCRIPTION:Due 2027-H1. Status: Planned."), "{ics}");
    // Listed under the quarter its period ends in, labelled as written.
    let business = site.output("business/index.html");
    assert!(business.contains("<section class=\"period\" id=\"2027-q2\">\n  <h2>2027-Q2 <span"), "{business}");
    assert!(business.contains("<span class=\"k\">Due</span> 2027-H1</span>"), "{business}");
}

#[test]
fn on_the_timeline_a_year_or_half_without_start_spans_its_period() {
    let site = dated("2027-H1", "due = \"2027\"");
    site.build().success();
    let svg = site.output("timeline.svg");
    let bar_width = |id: &str| -> f64 {
        let at = svg.find(&format!("href=\"milestones/{id}/index.html\"")).expect(id);
        let rect = &svg[at..][svg[at..].find("<rect class=\"tl-bar\"").expect("bar")..];
        let width = &rect[rect.find("width=\"").unwrap() + 7..];
        width[..width.find('"').unwrap()].parse().unwrap()
    };
    let (half, year) = (bar_width("launch"), bar_width("platform"));
    assert!(!svg.contains("tl-point"), "{svg}");
    assert!(half > 100.0 && year == 2.0 * half, "half {half}, year {year}");
    let quarter = dated("2027-Q2", "due = \"2027-12\"");
    quarter.build().success();
    let svg = quarter.output("timeline.svg");
    assert_eq!(svg.matches("class=\"tl-item tl-planned tl-point\"").count(), 2, "a quarter or month due is a point");
}

#[test]
fn a_value_that_is_no_date_is_one_error_listing_the_forms() {
    for (field, value, column) in [
        ("due", "2026-H3", 7),
        ("due", "2026-Q0", 7),
        ("due", "0000", 7),
        ("due", "99999", 7),
        ("due", "2027-02-29", 7),
        ("due", "Q1 2027", 7),
        ("start", "2026-H3", 9),
        ("start", "0000", 9),
        ("start", "2026-Q0", 9),
    ] {
        let line = format!("{field} = \"{value}\"");
        let what = if field == "due" { "due date" } else { "start" };
        let to = if field == "due" { line.clone() } else { format!("due = \"2027-Q1\"\n{line}") };
        assert_eq!(
            check("due = \"2027-Q1\"", &to, 1),
            format!(
                "error[invalid-value]: invalid {what} `{value}`: {FORMS}\n --> content/roadmap/main.toml:{row}:{column}\n  |\n{row} | {line}\n  | {pad}^\n\ncheck: 1 error, 0 warnings\n",
                row = if field == "due" { 5 } else { 6 },
                pad = " ".repeat(column - 1),
            ),
            "{field} = {value}"
        );
    }
}
