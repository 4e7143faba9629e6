//! Dates as roadmaps say them: `due` and `start` written as a year, a half, a
//! quarter, a month or a day, compared by the end of their period, shown as
//! written on pages and in every export; and values that are no such date.

use crate::harness::{Site, CLEAN};
use serde_json::json;

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
    assert!(half > 100.0 && year == 2.0 * half, "half {half}, year {year}");
    let quarter = dated("2027-Q2", "due = \"2027-12\"");
    quarter.build().success();
    let svg = quarter.output("timeline.svg");
    let bar_width = |id: &str| -> f64 {
        let at = svg.find(&format!("href=\"milestones/{id}/index.html\"")).expect(id);
        let rect = &svg[at..][svg[at..].find("<rect class=\"tl-bar\"").expect("bar")..];
        let width = &rect[rect.find("width=\"").unwrap() + 7..];
        width[..width.find('"').unwrap()].parse().unwrap()
    };
    // So does a quarter or a month: 2026-Q4 to 2027-Q4 are five quarters of 200, and December
    // is 31 of the 92 days of its quarter.
    assert_eq!((bar_width("launch"), bar_width("platform")), (200.0, 67.4));
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

/// The clean fixture with `launch` (due 2027-Q1, `status`) serving objective `grow`, written with `period_line`.
fn serving(period_line: &str, status: &str) -> Site {
    let main = CLEAN.replacen(
        "customer_need = \"Customers wait.\"\n",
        &format!("customer_need = \"Customers wait.\"\nobjectives = [\"grow\"]\nstatus = \"{status}\"\n"),
        1,
    );
    let objectives = format!("[[objective]]\nid = \"grow\"\ntitle = \"Grow\"\n{period_line}\n");
    Site::clean().file("content/roadmap/main.toml", &main).file("content/roadmap/objectives.toml", &objectives)
}

#[test]
fn an_objective_period_is_a_date_shown_as_written() {
    let site = serving("period = \"2027-H1\"", "planned");
    let check = site.run(&["check", "--strict"]);
    check.success();
    assert_eq!(check.stderr, "check: 0 errors, 0 warnings\n");
    site.build().success();
    let json: serde_json::Value = serde_json::from_str(&site.output("roadmap.json")).unwrap();
    let grow = &json["objectives"][0];
    assert_eq!((&grow["period"], &grow["period_end"]), (&"2027-H1".into(), &"2027-06-30".into()));
    assert!(site.output("objectives/grow/index.html").contains("<h1>Grow <span class=\"note\">2027-H1</span></h1>"));
}

#[test]
fn an_objective_period_that_is_no_date_is_one_error_listing_the_forms() {
    for value in ["sometime soon", "2026-H3", "0000", "H1 2027", ""] {
        let run = serving(&format!("period = \"{value}\""), "planned").run(&["check"]);
        run.failure(1);
        assert_eq!(
            run.stderr,
            format!(
                "error[invalid-value]: invalid period `{value}`: {FORMS}\n --> content/roadmap/objectives.toml:4:10\n  |\n4 | period = \"{value}\"\n  |          ^\n\ncheck: 1 error, 0 warnings\n"
            )
        );
    }
}

const LATE: &str = "warning[late-for-objective]: milestone `launch` is due 2027-Q1, 90 days after the period of objective `grow` (2026-H2) ends: move the milestone, or the objective to a later period\n --> content/roadmap/main.toml:7:15\n  |\n7 | objectives = [\"grow\"]\n  |               ^\n  = help: to silence it, add `allow = [\"late-for-objective\"]` to this item, or for the whole site set `late-for-objective = \"allow\"` under [lint] in roadbook.toml\n\n";

#[test]
fn a_milestone_due_after_its_objective_period_is_late_for_it() {
    let run = serving("period = \"2026-H2\"", "in-progress").run(&["check"]);
    run.success();
    assert_eq!(run.stderr, format!("{LATE}check: 0 errors, 1 warning\n"));
    // Compared by last days: 2027-Q1 fits 2027-03 and 2027; once done or dropped it is history.
    for (period, status) in [("2027-03", "planned"), ("2027", "planned"), ("2026-H2", "done"), ("2026-H2", "dropped")] {
        let run = serving(&format!("period = \"{period}\""), status).run(&["check", "--strict"]);
        assert_eq!(run.stderr, "check: 0 errors, 0 warnings\n", "{period} {status}");
    }
}

#[test]
fn late_for_objective_is_silenced_per_item_or_per_site() {
    let site = serving("period = \"2026-H2\"", "planned");
    let main = site.read("content/roadmap/main.toml");
    let item = site.file(
        "content/roadmap/main.toml",
        &main.replacen("status = \"planned\"", "status = \"planned\"\nallow = [\"late-for-objective\"]", 1),
    );
    assert_eq!(item.run(&["check", "--strict"]).stderr, "check: 0 errors, 0 warnings\n");
    let site = item
        .file("content/roadmap/main.toml", &main)
        .file("roadbook.toml", "title = \"Clean\"\nas_of = \"2026-11-24\"\n[lint]\nlate-for-objective = \"deny\"\n");
    let run = site.run(&["check"]);
    run.failure(1);
    assert_eq!(
        run.stderr,
        LATE.replace("warning[late-for-objective]", "error[late-for-objective]")
            .replace(
                "a later period\n",
                "a later period (denied by [lint] in roadbook.toml: `late-for-objective = \"deny\"`)\n"
            )
            .replace("  = help: to silence it, add `allow = [\"late-for-objective\"]` to this item, or for the whole site set `late-for-objective = \"allow\"` under [lint] in roadbook.toml\n", "")
            + "check: 1 error, 0 warnings\n"
    );
}

/// The text of `page` from the section with id `from` up to (not including) the next `until`.
#[track_caller]
fn between(page: &str, from: &str, until: &str) -> String {
    let start =
        page.find(&format!("<section class=\"period\" id=\"{from}\">")).unwrap_or_else(|| panic!("{from}:\n{page}"));
    let end = page[start + 1..].find(until).map_or(page.len(), |e| start + 1 + e);
    page[start..end].to_string()
}

const LAUNCH_REF: &str = "<a href=\"../milestones/launch/index.html\">Launch</a> <span class=\"ref-meta\"><span class=\"status status-planned\">Planned</span> <span class=\"due\">2026-Q1 – 2027-Q1</span></span>";

#[test]
fn a_span_is_one_card_under_its_due_quarter_and_listed_as_under_way_now() {
    // as_of is 2026-11-24: `launch` (2026-Q1 to 2027-Q1) has begun and is due next quarter.
    let site = dated("2027-Q1\"\nstart = \"2026-Q1", "due = \"2026-12\"");
    site.build().success();
    let business = site.output("business/index.html");
    assert_eq!(
        between(&business, "2026-q4", "<section"),
        format!("<section class=\"period\" id=\"2026-q4\">\n  <h2>2026-Q4 <span class=\"note\">This quarter</span> <span class=\"period-count\">1 under way</span></h2>\n  <h3 class=\"under-way\">Under way, due later</h3><ul class=\"refs\"><li>{LAUNCH_REF}</li></ul>\n</section>\n")
    );
    let q1 = between(&business, "2027-q1", "</section>");
    assert_eq!(q1.matches("<article class=\"card").count(), 1, "{q1}");
    assert!(q1.contains("<p class=\"meta\"><span class=\"status status-planned\">Planned</span> <span class=\"due\"><span class=\"k\">Runs</span> 2026-Q1 – 2027-Q1</span> <span class=\"card-area\"><span class=\"k\">Area</span> General</span></p>"), "{q1}");
    assert_eq!(business.matches("id=\"m-launch\"").count(), 1, "one card, one anchor");
    // The jump list offers the current quarter.
    assert!(business.contains("<li><a href=\"#2026-q4\">2026-Q4</a></li><li><a href=\"#2027-q1\">2027-Q1</a></li>"));
    // The milestone page shows the span; every reference to it does too.
    let page = site.output("milestones/launch/index.html");
    let facts: Vec<&str> = page.lines().map(str::trim).filter(|l| l.starts_with("<div><dt>")).collect();
    assert_eq!(
        facts[1..],
        ["<div><dt>Due</dt><dd>2027-Q1</dd></div>", "<div><dt>Runs</dt><dd>2026-Q1 – 2027-Q1</dd></div>"],
        "{page}"
    );
    let from_page = LAUNCH_REF.replace("../milestones", "../../milestones");
    assert!(site.output("milestones/platform/index.html").contains(&format!("<li>{from_page}</li>")));
    assert!(site.output("timeline/index.html").contains("<td class=\"due\">2026-Q1 – 2027-Q1</td>"));
}

#[test]
fn the_technology_view_lists_a_span_under_way_in_its_area_beside_what_is_due_now() {
    let site = dated("2027-Q1", "start = \"2026\"\ndue = \"2028-Q4\"");
    site.build().success();
    let technology = site.output("technology/index.html");
    let now = between(&technology, "general-2026-q4", "</section>");
    assert_eq!(
        now,
        "<section class=\"period\" id=\"general-2026-q4\">\n  <h3 class=\"period-title\">2026-Q4 <span class=\"note\">This quarter</span> <span class=\"period-count\">1 under way</span></h3>\n  <h4 class=\"under-way\">Under way, due later</h4><ul class=\"refs\"><li><a href=\"../milestones/platform/index.html\">Platform</a> <span class=\"ref-meta\"><span class=\"status status-planned\">Planned</span> <span class=\"due\">2026 – 2028-Q4</span></span></li></ul>\n"
    );
    assert!(technology.contains("<section class=\"period\" id=\"general-2028-q4\">\n  <h3 class=\"period-title\">2028-Q4 <span class=\"period-count\">1 milestone</span></h3>"));
}

#[test]
fn only_a_begun_open_span_due_in_a_later_quarter_is_under_way() {
    // Each is listed once only: not begun, done, dropped, proposed, due this quarter, or no start.
    for (launch, note) in [
        ("2027-Q1\"\nstart = \"2026-12-01", "starts after as_of"),
        ("2027-Q1\"\nstart = \"2026-Q1\"\nstatus = \"done", "done"),
        ("2027-Q1\"\nstart = \"2026-Q1\"\nstatus = \"dropped", "dropped"),
        ("2027-Q1\"\nstart = \"2026-Q1\"\nstatus = \"proposed", "proposed, shown apart"),
        ("2026-11\"\nstart = \"2026-Q1", "due this quarter"),
        ("2027-Q1", "no start"),
    ] {
        let site = dated(launch, "due = \"2026-12\"");
        site.build().success();
        let business = site.output("business/index.html");
        assert!(!business.contains("under way") && !business.contains("under-way"), "{note}:\n{business}");
    }
    // The first day of the start period counts as begun.
    let site = dated("2027-Q1\"\nstart = \"2026-11-24", "due = \"2026-12\"");
    site.build().success();
    assert!(site.output("business/index.html").contains("<span class=\"period-count\">1 under way</span>"));
}

#[test]
fn a_start_after_the_due_period_is_one_error() {
    assert_eq!(
        check("due = \"2026-12\"", "start = \"2027-Q1\"\ndue = \"2026-12\"", 1),
        "error[invalid-value]: `start` 2027-Q1 begins after `due` 2026-12 ends (2026-12-31): a milestone starts before it is due\n  --> content/roadmap/main.toml:17:9\n   |\n17 | start = \"2027-Q1\"\n   |         ^\n\ncheck: 1 error, 0 warnings\n"
    );
    // A start period that ends after the due date but begins before it is fine.
    assert_eq!(check("due = \"2026-12\"", "start = \"2026\"\ndue = \"2026-12\"", 0), "check: 0 errors, 0 warnings\n");
}

/// A business milestone `id`, titled `title`, due `due`, with these extra lines.
fn business(id: &str, title: &str, due: &str, extra: &str) -> String {
    format!("[[milestone]]\nid = \"{id}\"\ntitle = \"{title}\"\ntrack = \"business\"\ndue = \"{due}\"\n{extra}\n")
}

/// The titles of the cards of `page`, in order.
fn card_titles(page: &str) -> Vec<String> {
    page.split("<article class=\"card")
        .skip(1)
        .map(|card| {
            let link = &card[card.find("<h3><a href=").unwrap()..];
            let title = &link[link.find("\">").unwrap() + 2..];
            title[..title.find('<').unwrap()].to_string()
        })
        .collect()
}

#[test]
fn within_a_period_milestones_go_by_date_then_weight_then_title_never_by_id() {
    // Ids run against the expected order, so an order by id would show. In 2027-Q1: 2027-02
    // ends first; then weights, lowest first (0 is a weight); then the unweighted by title, any case.
    let roadmap = [
        business("a", "Quince", "2027-Q1", ""),
        business("b", "cherry", "2027-Q1", ""),
        business("c", "Banana", "2027-Q1", ""),
        business("d", "Mango", "2027-Q1", "weight = 5"),
        business("e", "Kiwi", "2027-Q1", "weight = 0"),
        business("f", "Lime", "2027-Q1", "weight = -1"),
        business("g", "Zebra", "2027-02", "weight = 100"),
        business("h", "Apple", "2027-Q2", ""),
    ]
    .concat();
    let site = Site::clean().file("content/roadmap/main.toml", &roadmap.replace("\"a\"", "\"z\""));
    site.build().success();
    assert_eq!(
        card_titles(&site.output("business/index.html")),
        ["Zebra", "Lime", "Kiwi", "Mango", "Banana", "cherry", "Quince", "Apple"]
    );
    let table = site.output("timeline/index.html");
    let rows: Vec<&str> =
        table.lines().filter_map(|l| l.trim().strip_prefix("<th scope=\"row\"><a href=\"../milestones/")).collect();
    let ids: Vec<&str> = rows.iter().map(|r| &r[..1]).collect();
    assert_eq!(ids, ["g", "f", "e", "d", "c", "b", "z", "h"]);
    let json: serde_json::Value = serde_json::from_str(&site.output("roadmap.json")).unwrap();
    let weights: Vec<&serde_json::Value> =
        json["milestones"].as_array().unwrap().iter().map(|m| &m["weight"]).collect();
    assert_eq!(
        weights,
        [&json!(null), &json!(null), &json!(null), &json!(5), &json!(0), &json!(-1), &json!(100), &json!(null)]
    );
}

#[test]
fn the_technology_view_orders_each_area_period_the_same_way() {
    let tech = |id: &str, title: &str, extra: &str| {
        business(id, title, "2026-12", &format!("area = \"Data\"\n{extra}")).replace("\"business\"", "\"technology\"")
    };
    let roadmap = [
        tech("a", "Zeta", "weight = 1"),
        tech("b", "alpha", "weight = 1"),
        tech("c", "Omega", ""),
        tech("d", "Beta", "weight = 2"),
    ]
    .concat();
    let site = Site::clean().file("content/roadmap/main.toml", &roadmap);
    site.build().success();
    assert_eq!(card_titles(&site.output("technology/index.html")), ["alpha", "Zeta", "Beta", "Omega"]);
}

#[test]
fn a_weight_that_is_no_whole_number_is_an_error_at_its_place() {
    for (value, message) in [
        ("\"high\"", "invalid type: string \"high\", expected a whole number (`weight = 10`; lower comes first)"),
        ("1.5", "invalid type: floating point `1.5`, expected a whole number (`weight = 10`; lower comes first)"),
        ("[1]", "invalid type: sequence, expected a whole number (`weight = 10`; lower comes first)"),
        (
            "9223372036854775808",
            "weight 9223372036854775808 is out of range: use a whole number from -9223372036854775808 to 9223372036854775807",
        ),
    ] {
        assert_eq!(
            check("track = \"business\"\n", &format!("track = \"business\"\nweight = {value}\n"), 1),
            format!("error[parse]: {message}\n --> content/roadmap/main.toml:5:10\n  |\n5 | weight = {value}\n  |          ^\n\ncheck: 1 error, 0 warnings\n"),
            "{value}"
        );
    }
    let lowest = check("track = \"business\"\n", "track = \"business\"\nweight = -9223372036854775808\n", 0);
    assert_eq!(lowest, "check: 0 errors, 0 warnings\n");
}
