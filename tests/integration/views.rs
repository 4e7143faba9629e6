//! The business and technology views as a reader meets them: dates at one
//! granularity (`date_display`), the area on every card, a compact list, and
//! past periods folded away.

use crate::harness::Site;

/// Milestones dated every way a roadmap writes a date, on both tracks, seen on 2026-11-24.
const DATED: &str = r#"[[milestone]]
id = "day"
title = "Day launch"
track = "business"
area = "Payments"
due = "2027-07-03"
supported_by = ["platform"]

[[milestone]]
id = "month"
title = "Month launch"
track = "business"
area = "Onboarding"
due = "2027-10"

[[milestone]]
id = "year"
title = "Year launch"
track = "business"
area = "Payments"
due = "2028"

[[milestone]]
id = "span"
title = "Span launch"
track = "business"
area = "Payments"
start = "2026-02-14"
due = "2028-11-30"

[[milestone]]
id = "platform"
title = "Platform"
track = "technology"
area = "Core"
due = "2027-05-20"
"#;

fn dated(display: Option<&str>) -> Site {
    let setting = display.map_or_else(String::new, |d| format!("date_display = \"{d}\"\n"));
    Site::new()
        .file("roadbook.toml", &format!("title = \"Dated\"\nas_of = \"2026-11-24\"\n{setting}"))
        .file("content/roadmap/main.toml", DATED)
}

/// The date on each card of a view, in page order ("Due 2027-Q3", "Runs 2026-Q1 – 2028-Q4").
fn card_dates(html: &str) -> Vec<String> {
    html.split("<span class=\"due\"><span class=\"k\">")
        .skip(1)
        .map(|s| {
            let (k, rest) = s.split_once("</span> ").unwrap();
            format!("{k} {}", rest.split("</span>").next().unwrap())
        })
        .collect()
}

/// The dates of the references (`<span class="due">` after a status) in a piece of a page, in order.
fn ref_dates(html: &str) -> Vec<String> {
    html.split("</span> <span class=\"due\">")
        .skip(1)
        .filter(|s| !s.starts_with("<span class=\"k\">"))
        .map(|s| s.split("</span>").next().unwrap().to_string())
        .collect()
}

#[test]
fn lists_show_dates_by_quarter_unless_date_display_says_month_or_day() {
    let expect = |display: Option<&str>, business: [&str; 4], reference: &str, timeline: [&str; 5]| {
        let site = dated(display);
        site.build().success();
        assert_eq!(card_dates(&site.output("business/index.html")), business, "{display:?}");
        // The technology card lists the business milestone it enables, at the same granularity.
        let technology = site.output("technology/index.html");
        assert_eq!(card_dates(&technology), [reference_due(reference)], "{display:?}");
        assert_eq!(ref_dates(&technology), [business[0].trim_start_matches("Due ")], "{display:?}");
        let table = site.output("timeline/index.html");
        let table = table.split("<td class=\"due\">").skip(1).map(|s| s.split("</td>").next().unwrap());
        assert_eq!(table.collect::<Vec<_>>(), timeline, "{display:?}");
        // The milestone page keeps the dates as written.
        let page = site.output("milestones/span/index.html");
        assert!(page.contains("<div><dt>Due</dt><dd>2028-11-30</dd></div>"), "{page}");
        assert!(page.contains("<div><dt>Runs</dt><dd>2026-02-14 – 2028-11-30</dd></div>"), "{page}");
        site
    };
    fn reference_due(due: &str) -> String {
        format!("Due {due}")
    }
    let site = expect(
        None,
        ["Due 2027-Q3", "Due 2027-Q4", "Runs 2026-Q1 – 2028-Q4", "Due 2028"],
        "2027-Q2",
        ["2027-Q2", "2027-Q3", "2027-Q4", "2026-Q1 – 2028-Q4", "2028"],
    );
    // The exports keep the dates as written.
    let json: serde_json::Value = serde_json::from_str(&site.output("roadmap.json")).unwrap();
    let dues: Vec<&str> = json["milestones"].as_array().unwrap().iter().map(|m| m["due"].as_str().unwrap()).collect();
    assert_eq!(dues, ["2027-07-03", "2027-10", "2028", "2028-11-30", "2027-05-20"]);
    assert!(site.output("milestones.csv").contains(",2027-07-03,"));
    assert!(site.output("roadmap.ics").contains("DESCRIPTION:Due 2027-07-03."));
    expect(
        Some("quarter"),
        ["Due 2027-Q3", "Due 2027-Q4", "Runs 2026-Q1 – 2028-Q4", "Due 2028"],
        "2027-Q2",
        ["2027-Q2", "2027-Q3", "2027-Q4", "2026-Q1 – 2028-Q4", "2028"],
    );
    expect(
        Some("month"),
        ["Due 2027-07", "Due 2027-10", "Runs 2026-02 – 2028-11", "Due 2028"],
        "2027-05",
        ["2027-05", "2027-07", "2027-10", "2026-02 – 2028-11", "2028"],
    );
    expect(
        Some("day"),
        ["Due 2027-07-03", "Due 2027-10", "Runs 2026-02-14 – 2028-11-30", "Due 2028"],
        "2027-05-20",
        ["2027-05-20", "2027-07-03", "2027-10", "2026-02-14 – 2028-11-30", "2028"],
    );
}

#[test]
fn a_span_within_one_period_is_shown_as_that_period() {
    let site = Site::new().file("roadbook.toml", "title = \"Span\"\nas_of = \"2026-11-24\"\n").file(
        "content/roadmap/main.toml",
        "[[milestone]]\nid = \"short\"\ntitle = \"Short\"\ntrack = \"business\"\nstart = \"2027-07-01\"\ndue = \"2027-09-15\"\n",
    );
    site.build().success();
    assert_eq!(card_dates(&site.output("business/index.html")), ["Runs 2027-Q3"]);
}

#[test]
fn a_bad_date_display_is_an_error_at_its_value_with_the_valid_values() {
    let site = Site::new()
        .file("roadbook.toml", "title = \"Dated\"\nas_of = \"2026-11-24\"\ndate_display = \"monht\"\n")
        .file("content/roadmap/main.toml", DATED);
    let errors = |site: &Site| {
        let run = site.run(&["check"]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        let blocks = run.stderr.split_inclusive("\n\n").filter(|b| !b.starts_with("warning["));
        blocks.collect::<String>()
    };
    assert_eq!(
        errors(&site),
        "error[invalid-value]: unknown date_display `monht`: expected one of quarter, month, day; did you mean `month`?\n --> roadbook.toml:3:16\n  |\n3 | date_display = \"monht\"\n  |                ^\n\ncheck: 1 error, 12 warnings\n"
    );
    let far = site.file("roadbook.toml", "title = \"Dated\"\nas_of = \"2026-11-24\"\ndate_display = \"week\"\n");
    assert_eq!(
        errors(&far),
        "error[invalid-value]: unknown date_display `week`: expected one of quarter, month, day\n --> roadbook.toml:3:16\n  |\n3 | date_display = \"week\"\n  |                ^\n\ncheck: 1 error, 12 warnings\n"
    );
}

#[test]
fn business_cards_show_their_area_and_the_view_filters_by_area() {
    let site = dated(None);
    site.build().success();
    let business = site.output("business/index.html");
    let meta: Vec<&str> = business.lines().filter(|l| l.trim_start().starts_with("<p class=\"meta\">")).collect();
    assert_eq!(
        meta[0].trim(),
        "<p class=\"meta\"><span class=\"status status-planned\">Planned</span> <span class=\"due\"><span class=\"k\">Due</span> 2027-Q3</span> <span class=\"card-area\"><span class=\"k\">Area</span> Payments</span></p>"
    );
    let filter = business.split("<div class=\"tag-filter\"").nth(1).unwrap().split("<script>").next().unwrap();
    assert_eq!(
        filter,
        " data-one=\"milestone\" data-many=\"milestones\" hidden>\n  <div class=\"tag-filter-areas\"><span class=\"tag-filter-label\" id=\"area-filter-label\">Area</span>\n  \
         <ul class=\"tag-list\" aria-labelledby=\"area-filter-label\">\
         <li><button type=\"button\" class=\"tag\" aria-pressed=\"false\" data-area=\"onboarding\" data-name=\"Onboarding\">Onboarding <span class=\"tag-count\">1</span></button></li>\
         <li><button type=\"button\" class=\"tag\" aria-pressed=\"false\" data-area=\"payments\" data-name=\"Payments\">Payments <span class=\"tag-count\">3</span></button></li></ul></div>\n  \
         <button type=\"button\" class=\"tag-filter-clear\" hidden>Show all</button>\n  <p class=\"tag-filter-status\" role=\"status\" aria-live=\"polite\"></p>\n</div>\n"
    );
    // Every card, and the milestone listed again as under way this quarter, carries its area for the filter.
    let marks: Vec<&str> =
        business.split(" data-tags=\"\" data-area=\"").skip(1).map(|s| s.split('"').next().unwrap()).collect();
    assert_eq!(marks, ["payments", "payments", "onboarding", "payments", "payments"]);
    assert!(business.contains(
        "<li data-tags=\"\" data-area=\"payments\" data-tag-echo><a href=\"../milestones/span/index.html\">"
    ));
    // The technology view's milestones are in one area: nothing to filter, and cards there do not repeat the area.
    let technology = site.output("technology/index.html");
    assert!(!technology.contains("tag-filter") && !technology.contains("data-area"), "{technology}");
    assert!(!technology.contains("card-area"), "{technology}");
}

#[test]
fn each_view_has_a_compact_list_one_row_a_milestone_by_period() {
    let idea = "\n[[milestone]]\nid = \"idea\"\ntitle = \"An idea\"\ntrack = \"business\"\narea = \"Payments\"\nstatus = \"proposed\"\nowner = \"Ana\"\n";
    let site = dated(None).file("content/roadmap/main.toml", &format!("{DATED}{idea}"));
    site.build().success();
    let list = site.output("business/list/index.html");
    let main = list.split("<main id=\"main\" class=\"wrap\">\n").nth(1).unwrap().split("</main>").next().unwrap();
    let row = |when: &str, id: &str, title: &str, status: &str, label: &str, area: &str, owner: &str| {
        format!(
            "\n    <tr><td class=\"due\">{when}</td><th scope=\"row\"><a href=\"../../milestones/{id}/index.html\">{title}</a></th>\
             <td><span class=\"status status-{status}\">{label}</span></td><td class=\"list-area\">{area}</td><td>{owner}</td></tr>"
        )
    };
    let period = |anchor: &str, title: &str, count: &str, rows: &[String]| {
        format!(
            "\n  <tbody id=\"{anchor}\">\n    <tr class=\"list-period\"><th scope=\"rowgroup\" colspan=\"5\">{title} <span class=\"period-count\">{count}</span></th></tr>{}\n  </tbody>",
            rows.concat()
        )
    };
    let planned = |when: &str, id: &str, title: &str, area: &str| row(when, id, title, "planned", "Planned", area, "–");
    let expected = [
        "\n<header class=\"page-head\">\n  <h1>Business</h1>\n  \
         <nav class=\"view-switch\" aria-label=\"Layout\"><ul><li><a href=\"../../business/index.html\">Cards</a></li>\
         <li><a href=\"../../business/list/index.html\" aria-current=\"page\">List</a></li></ul></nav>\n</header>\n\
         <table class=\"milestone-list\">\n  <caption>4 business milestones by the quarter they are due in, then 1 idea being explored</caption>\n  \
         <thead><tr><th scope=\"col\">When</th><th scope=\"col\">Milestone</th><th scope=\"col\">Status</th><th scope=\"col\">Area</th><th scope=\"col\">Owner</th></tr></thead>",
        &period("2027-q3", "2027-Q3", "1 milestone", &[planned("2027-Q3", "day", "Day launch", "Payments")]),
        &period("2027-q4", "2027-Q4", "1 milestone", &[planned("2027-Q4", "month", "Month launch", "Onboarding")]),
        &period(
            "2028-q4",
            "2028-Q4",
            "2 milestones",
            &[planned("2026-Q1 – 2028-Q4", "span", "Span launch", "Payments"), planned("2028", "year", "Year launch", "Payments")],
        ),
        &period(
            "exploring",
            "Exploring <span class=\"note\">Ideas, not in the plan</span>",
            "1 proposed",
            &[row("Unscheduled", "idea", "An idea", "proposed", "Proposed", "Payments", "Ana")],
        ),
        "\n</table>\n\n",
    ]
    .concat();
    assert_eq!(main, expected);
    // The cards link to the list and the list to the cards, on both views; the technology list is by period too.
    let business = site.output("business/index.html");
    assert!(business.contains("<nav class=\"view-switch\" aria-label=\"Layout\"><ul><li><a href=\"../business/index.html\" aria-current=\"page\">Cards</a></li><li><a href=\"../business/list/index.html\">List</a></li></ul></nav>"), "{business}");
    let technology = site.output("technology/list/index.html");
    assert!(technology.contains(&period(
        "2027-q2",
        "2027-Q2",
        "1 milestone",
        &[planned("2027-Q2", "platform", "Platform", "Core")]
    )));
    assert!(site.output("technology/index.html").contains("<a href=\"../technology/list/index.html\">List</a>"));
    // With date_display = "day", rows show the dates as written.
    let days = site.file("roadbook.toml", "title = \"Dated\"\nas_of = \"2026-11-24\"\ndate_display = \"day\"\n");
    days.build().success();
    assert!(days.output("business/list/index.html").contains(&planned(
        "2026-02-14 – 2028-11-30",
        "span",
        "Span launch",
        "Payments"
    )));
}

#[test]
fn an_empty_track_has_a_list_that_says_so() {
    let site = Site::new().file("roadbook.toml", "title = \"Empty\"\nas_of = \"2026-11-24\"\n").file(
        "content/roadmap/main.toml",
        "[[milestone]]\nid = \"only\"\ntitle = \"Only\"\ntrack = \"technology\"\ndue = \"2027\"\n",
    );
    site.build().success();
    let list = site.output("business/list/index.html");
    assert!(list.contains("</header>\n<p class=\"empty\">No business milestones yet.</p>\n"), "{list}");
}

/// Two settled past quarters, a past quarter with one done and one late
/// milestone, the current quarter; seen on 2026-11-24 (`as_of`).
const HISTORY: &str = r#"[[milestone]]
id = "shipped"
title = "Shipped"
track = "business"
due = "2026-Q1"
status = "done"

[[milestone]]
id = "cut"
title = "Cut"
track = "business"
due = "2026-05"
status = "dropped"

[[milestone]]
id = "late"
title = "Late"
track = "business"
due = "2026-08-10"
status = "in-progress"

[[milestone]]
id = "on-time"
title = "On time"
track = "business"
due = "2026-Q3"
status = "done"

[[milestone]]
id = "current"
title = "Current"
track = "business"
due = "2026-12"

[[milestone]]
id = "old-platform"
title = "Old platform"
track = "technology"
area = "Core"
due = "2025-Q4"
status = "done"

[[milestone]]
id = "platform"
title = "Platform"
track = "technology"
area = "Core"
due = "2027-Q1"
"#;

/// The outline of a view: its folds, summaries, periods and card titles, one a line, trimmed.
fn outline(html: &str) -> Vec<String> {
    let main = html.split("<main").nth(1).unwrap();
    main.lines()
        .map(str::trim)
        .filter(|l| {
            ["<details", "</details>", "<summary", "<section", "<h2", "<h3", "<nav class=\"jump\""]
                .iter()
                .any(|p| l.starts_with(p))
        })
        .map(|l| l.replace("<div class=\"cards\">", ""))
        .collect()
}

#[test]
fn a_view_opens_on_the_present_with_settled_past_quarters_folded_and_overdue_work_in_view() {
    let site = Site::new()
        .file("roadbook.toml", "title = \"Past\"\nas_of = \"2026-11-24\"\n")
        .file("content/roadmap/main.toml", HISTORY);
    site.build().success();
    let card = |id: &str, title: &str| format!("<h3><a href=\"../milestones/{id}/index.html\">{title}</a></h3>");
    let period = |id: &str, title: &str, note: &str, count: &str| {
        format!("<section class=\"period\" id=\"{id}\">")
            + "\n"
            + &format!(
                "<h2>{title} <span class=\"note\">{note}</span> <span class=\"period-count\">{count}</span></h2>"
            )
    };
    let mut expected: Vec<String> = vec![
        "<nav class=\"jump\" aria-label=\"Periods\"><ul><li><a href=\"#earlier\">Earlier</a></li><li><a href=\"#overdue\">Overdue</a></li><li><a href=\"#2026-q4\">2026-Q4</a></li></ul></nav>".into(),
        "<details class=\"earlier\" id=\"earlier\">".into(),
        "<summary><span class=\"earlier-title\">Earlier</span> <span class=\"earlier-count\">3 quarters, 2 milestones done and 1 dropped</span><span class=\"print-only\">: not printed here, each is in the compact list</span></summary>".into(),
    ];
    for (id, title, milestone, name) in [
        ("2026-q1", "2026-Q1", "shipped", "Shipped"),
        ("2026-q2", "2026-Q2", "cut", "Cut"),
        ("2026-q3", "2026-Q3", "on-time", "On time"),
    ] {
        expected.extend(period(id, title, "Past", "1 milestone").lines().map(String::from));
        expected.push(card(milestone, name));
    }
    expected.push("</details>".into());
    expected.extend(
        period("overdue", "Overdue", "Due in a past quarter, not done", "1 milestone").lines().map(String::from),
    );
    expected.push(card("late", "Late"));
    expected.extend(period("2026-q4", "2026-Q4", "This quarter", "1 milestone").lines().map(String::from));
    expected.push(card("current", "Current"));
    assert_eq!(outline(&site.output("business/index.html")), expected);
    // The late milestone keeps its card, with its date; the technology view folds its past the same way, by area.
    let technology = outline(&site.output("technology/index.html"));
    assert_eq!(
        technology[..5],
        [
            "<section class=\"area\" id=\"core\">",
            "<h2>Core</h2>",
            "<details class=\"earlier\" id=\"core-earlier\">",
            "<summary><span class=\"earlier-title\">Earlier</span> <span class=\"earlier-count\">1 quarter, 1 milestone done</span><span class=\"print-only\">: not printed here, each is in the compact list</span></summary>",
            "<section class=\"period\" id=\"core-2025-q4\">",
        ]
    );
    assert_eq!(
        technology[7..],
        [
            "</details>",
            "<section class=\"period\" id=\"core-2027-q1\">",
            "<h3 class=\"period-title\">2027-Q1 <span class=\"period-count\">1 milestone</span></h3>",
            &card("platform", "Platform")
        ]
    );
    // The compact list shows every period, past ones included.
    let list = site.output("business/list/index.html");
    let periods: Vec<&str> = list.split("<tbody id=\"").skip(1).map(|s| s.split('"').next().unwrap()).collect();
    assert_eq!(periods, ["2026-q1", "2026-q2", "2026-q3", "2026-q4"]);
}

#[test]
fn nothing_is_folded_when_no_past_quarter_is_settled() {
    let site = Site::new().file("roadbook.toml", "title = \"Past\"\nas_of = \"2026-11-24\"\n").file(
        "content/roadmap/main.toml",
        "[[milestone]]\nid = \"late\"\ntitle = \"Late\"\ntrack = \"business\"\ndue = \"2026-Q2\"\n",
    );
    site.build().success();
    let business = site.output("business/index.html");
    assert!(!business.contains("<details"), "{business}");
    assert_eq!(
        outline(&business),
        [
            "<section class=\"period\" id=\"overdue\">",
            "<h2>Overdue <span class=\"note\">Due in a past quarter, not done</span> <span class=\"period-count\">1 milestone</span></h2>",
            "<h3><a href=\"../milestones/late/index.html\">Late</a></h3>",
        ]
    );
}

#[test]
fn the_home_board_links_more_overdue_work_to_the_overdue_group() {
    let late: String = (1..=4)
        .map(|n| {
            format!(
                "[[milestone]]\nid = \"late-{n}\"\ntitle = \"Late {n}\"\ntrack = \"business\"\ndue = \"2026-0{n}\"\n\n"
            )
        })
        .collect();
    let site = Site::new()
        .file("roadbook.toml", "title = \"Late\"\nas_of = \"2026-11-24\"\n")
        .file("content/roadmap/main.toml", &late);
    site.build().success();
    let home = site.output("index.html");
    assert!(home.contains("<p class=\"board-foot\"><a href=\"business/index.html#overdue\">+1 more"), "{home}");
}
