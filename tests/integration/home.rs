//! The home page leads with the plan (issue 15, part 1): status by track,
//! what needs attention (the first five by due date, with owner and reason,
//! and all of them further down), a Now / Next / Later board of open work with
//! a bounded number of cards per cell, then the prose. Exact fragments of the
//! built page.

use crate::harness::Site;

/// A roadmap on 2026-11-24 (2026-Q4) with a milestone for every case the board tells apart.
const PLAN: &str = r#"[[milestone]]
id = "b-late"
title = "Late launch"
track = "business"
due = "2026-Q3"
status = "in-progress"
owner = "Ana"

[[milestone]]
id = "b-risky"
title = "Risky launch"
track = "business"
due = "2026-Q4"
status = "at-risk"

[[milestone]]
id = "b-now"
title = "December launch"
track = "business"
due = "2026-12"

[[milestone]]
id = "b-undated-now"
title = "Always on"
track = "business"
horizon = "now"
status = "in-progress"

[[milestone]]
id = "b-shipped"
title = "Shipped in October"
track = "business"
due = "2026-10"
status = "done"

[[milestone]]
id = "b-history"
title = "Shipped last spring"
track = "business"
due = "2026-Q2"
status = "done"

[[milestone]]
id = "b-next"
title = "Next launch"
track = "business"
due = "2027-Q1"
owner = "Bo"

[milestone.gate]
date = "2026-11-01"
criteria = "Beta review"

[[milestone]]
id = "b-dropped"
title = "Dropped idea"
track = "business"
due = "2027-02"
status = "dropped"

[[milestone]]
id = "b-later"
title = "Far launch"
track = "business"
due = "2028"

[[milestone]]
id = "b-idea"
title = "An idea"
track = "business"
due = "2026-Q3"
status = "proposed"

[milestone.gate]
date = "2026-10-01"
criteria = "Worth it?"

[[milestone]]
id = "t-next"
title = "Platform next"
track = "technology"
area = "platform"
horizon = "next"
status = "blocked"

[[milestone]]
id = "t-later"
title = "Platform later"
track = "technology"
area = "platform"
"#;

fn plan() -> Site {
    Site::new()
        .file("roadbook.toml", "title = \"Home\"\nas_of = \"2026-11-24\"\n")
        .file("content/roadmap/main.toml", PLAN)
}

/// The part of `page` from the first `start` to the end of the first `end` after it.
#[track_caller]
fn between<'a>(page: &'a str, start: &str, end: &str) -> &'a str {
    let from = page.find(start).unwrap_or_else(|| panic!("no {start:?} in:\n{page}"));
    let to =
        from + page[from..].find(end).unwrap_or_else(|| panic!("no {end:?} after {start:?} in:\n{page}")) + end.len();
    &page[from..to]
}

/// Late open work stays in Now and says so; this quarter's done work is counted, older
/// done work and dropped work are left out; horizons go in their column and
/// unscheduled work in Later; proposed ideas are not on it; each cell is in
/// date order (then title), and a cell past its three cards links the rest in
/// the track's view.
#[test]
fn the_board_shows_open_work_by_quarter_for_both_tracks() {
    let site = plan();
    site.build().success();
    let home = site.output("index.html");
    let board = between(&home, "<div class=\"board-grid\">", "\n  </div>\n");
    let card = |id: &str, title: &str, status: &str, label: &str, due: &str, late: bool| {
        let late = if late { " <span class=\"late\">Late</span>" } else { "" };
        format!(
            "\n          <li><a href=\"milestones/{id}/index.html\">{title}</a> <span class=\"board-meta\">\
             <span class=\"status status-{status}\">{label}</span> <span class=\"due\">{due}</span>{late}</span></li>"
        )
    };
    let cell = |track: &str, label: &str, cards: &[String], foot: &str| {
        let list = if cards.is_empty() {
            "<p class=\"empty\">Nothing open.</p>".to_string()
        } else {
            format!("<ul>{}\n        </ul>", cards.concat())
        };
        format!(
            "\n      <div class=\"board-cell track-{track}\">\n        <h4>{label}</h4>\n        {list}{foot}\n      </div>"
        )
    };
    let column = |horizon: &str, title: &str, period: &str, cells: [String; 2]| {
        format!(
            "\n    <section class=\"board-col board-{horizon}\" aria-labelledby=\"board-{horizon}\">\n      \
             <h3 id=\"board-{horizon}\">{title} <span class=\"board-period\">{period}</span></h3>{}\n    </section>",
            cells.concat()
        )
    };
    let now_business = [
        card("b-late", "Late launch", "in-progress", "In progress", "2026-Q3", true),
        card("b-now", "December launch", "planned", "Planned", "2026-Q4", false),
        card("b-risky", "Risky launch", "at-risk", "At risk", "2026-Q4", false),
    ];
    let now_foot = "\n        <p class=\"board-foot\"><a href=\"business/index.html#now\">+1 more\
                    <span class=\"visually-hidden\"> business milestone in Now</span></a> · \
                    <span class=\"done-count\">1 done</span></p>";
    let expected = [
        "<div class=\"board-grid\">",
        &column(
            "now",
            "Now",
            "2026-Q4",
            [cell("business", "Business", &now_business, now_foot), cell("technology", "Technology", &[], "")],
        ),
        &column(
            "next",
            "Next",
            "2027-Q1",
            [
                cell(
                    "business",
                    "Business",
                    &[card("b-next", "Next launch", "planned", "Planned", "2027-Q1", false)],
                    "",
                ),
                cell(
                    "technology",
                    "Technology",
                    &[card("t-next", "Platform next", "blocked", "Blocked", "Next", false)],
                    "",
                ),
            ],
        ),
        &column(
            "later",
            "Later",
            "2027-Q2 on",
            [
                cell("business", "Business", &[card("b-later", "Far launch", "planned", "Planned", "2028", false)], ""),
                cell(
                    "technology",
                    "Technology",
                    &[card("t-later", "Platform later", "planned", "Planned", "Unscheduled", false)],
                    "",
                ),
            ],
        ),
        "\n  </div>\n",
    ]
    .concat();
    assert_eq!(board, expected);
    assert!(site.output("business/index.html").contains("<section class=\"period\" id=\"now\">"), "the link's target");
}

/// Status by track is a table of words and numbers: a row per status either
/// track has, a column per track linking its view, and the totals of the
/// plan; proposed ideas are not counted in it but apart, as Exploring.
#[test]
fn status_by_track_counts_every_status_of_both_tracks() {
    let site = plan();
    site.build().success();
    let home = site.output("index.html");
    let table = between(&home, "<table class=\"status-table\">", "</table>");
    let row = |status: &str, label: &str, business: usize, technology: usize| {
        let cell = |n: usize| if n == 0 { "<td class=\"zero\">0</td>".to_string() } else { format!("<td>{n}</td>") };
        format!(
            "\n      <tr><th scope=\"row\"><span class=\"status status-{status}\">{label}</span></th>{}{}</tr>",
            cell(business),
            cell(technology)
        )
    };
    let head = |track: &str, title: &str, segments: &[(&str, usize)]| {
        let bar: String =
            segments.iter().map(|(s, n)| format!("<span class=\"seg-{s}\" style=\"flex-grow: {n}\"></span>")).collect();
        format!(
            "<th scope=\"col\" class=\"track-{track}\"><a href=\"{track}/index.html\">{title}</a>\
             <span class=\"stack\" aria-hidden=\"true\">{bar}</span></th>"
        )
    };
    let expected = [
        "<table class=\"status-table\">\n    <thead><tr><td></td>",
        &head(
            "business",
            "Business",
            &[("planned", 3), ("in-progress", 2), ("at-risk", 1), ("done", 2), ("dropped", 1)],
        ),
        &head("technology", "Technology", &[("planned", 1), ("blocked", 1)]),
        "</tr></thead>\n    <tbody>",
        &row("planned", "Planned", 3, 1),
        &row("in-progress", "In progress", 2, 0),
        &row("at-risk", "At risk", 1, 0),
        &row("blocked", "Blocked", 0, 1),
        &row("done", "Done", 2, 0),
        &row("dropped", "Dropped", 1, 0),
        "\n    </tbody>\n    <tfoot><tr><th scope=\"row\">In the plan</th><td>9</td><td>2</td></tr>\n      \
         <tr class=\"exploring-row\"><th scope=\"row\">Exploring</th><td><a href=\"business/index.html#exploring\">1\
         <span class=\"visually-hidden\"> proposed business milestone</span></a></td><td>0</td></tr></tfoot>\n  </table>",
    ]
    .concat();
    assert_eq!(table, expected);
}

/// At any size a cell shows three cards and counts the rest: forty business
/// milestones next quarter are three cards and "+37 more".
#[test]
fn a_crowded_cell_shows_three_cards_and_counts_the_rest() {
    let many: String = (0..40)
        .map(|i| format!("[[milestone]]\nid = \"m{i:02}\"\ntitle = \"Launch {i:02}\"\ntrack = \"business\"\ndue = \"2027-02\"\n\n"))
        .collect();
    let site = Site::new()
        .file("roadbook.toml", "title = \"Many\"\nas_of = \"2026-11-24\"\n")
        .file("content/roadmap/main.toml", &many);
    site.build().success();
    let home = site.output("index.html");
    let next = between(&home, "<section class=\"board-col board-next\"", "</section>");
    let links: Vec<&str> =
        next.split("<a href=\"").skip(1).map(|s| s.split_once("\">").unwrap().1.split('<').next().unwrap()).collect();
    assert_eq!(links, ["Launch 00", "Launch 01", "Launch 02", "+37 more"]);
    assert!(next.contains("<a href=\"business/index.html#2027-q1\">+37 more"), "{next}");
}

/// The plan comes before the prose: status, attention, the board and the
/// objectives, then mission, vision and the home page's text.
#[test]
fn the_plan_comes_before_the_prose() {
    let site = plan()
        .file(
            "roadbook.toml",
            "title = \"Home\"\nas_of = \"2026-11-24\"\nmission = \"Be paid.\"\nvision = \"Everyone paid.\"\n",
        )
        .file("content/index.md", "+++\ntitle = \"Home\"\n+++\nWelcome to the plan.\n")
        .file("content/roadmap/objectives.toml", "[[objective]]\nid = \"grow\"\ntitle = \"Grow\"\n");
    site.build().success();
    let home = site.output("index.html");
    let at = |needle: &str| home.find(needle).unwrap_or_else(|| panic!("no {needle:?} in:\n{home}"));
    let order = [
        at("<h2 id=\"status-summary\">Status by track</h2>"),
        at("<h2 id=\"attention-title\">Needs attention</h2>"),
        at("<h2 id=\"board-title\">Now, next, later</h2>"),
        at("<h2 id=\"objectives-title\">Objectives</h2>"),
        at("<div class=\"mission\"><h2>Mission</h2><p>Be paid.</p>"),
        at("<div class=\"vision\"><h2>Vision</h2><p>Everyone paid.</p>"),
        at("<p>Welcome to the plan.</p>"),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
}

/// One entry of the first screen's "Needs attention".
fn attention_item(
    id: &str,
    title: &str,
    status: &str,
    label: &str,
    reasons: &[(&str, &str)],
    due: &str,
    owner: Option<&str>,
) -> String {
    let reasons: String =
        reasons.iter().map(|(kind, text)| format!(" <span class=\"reason reason-{kind}\">{text}</span>")).collect();
    let owner = owner.map_or("No owner".to_string(), |o| format!("<span class=\"k\">Owner</span> {o}"));
    format!(
        "\n    <li><a href=\"milestones/{id}/index.html\">{title}</a>\n      <span class=\"attention-meta\">\
         <span class=\"status status-{status}\">{label}</span>{reasons} <span class=\"due\">{due}</span> \
         <span class=\"owner\">{owner}</span></span></li>"
    )
}

/// Open milestones at risk, blocked, past their due date or past an undecided
/// gate, by due date (horizons after dates), each with its status, reason,
/// due date and owner. Done and dropped work and proposed ideas never need
/// attention; four items need no link to the rest.
#[test]
fn needs_attention_lists_open_trouble_by_due_date_with_owner_and_reason() {
    let site = plan();
    site.build().success();
    let home = site.output("index.html");
    let expected = [
        "<section class=\"attention\" aria-labelledby=\"attention-title\">\n  <h2 id=\"attention-title\">Needs attention</h2>\n  <ul class=\"attention-list\">",
        &attention_item("b-late", "Late launch", "in-progress", "In progress", &[("past-due", "Past due")], "2026-Q3", Some("Ana")),
        &attention_item("b-risky", "Risky launch", "at-risk", "At risk", &[], "2026-Q4", None),
        &attention_item("b-next", "Next launch", "planned", "Planned", &[("gate-overdue", "Gate 2026-11-01 undecided")], "2027-Q1", Some("Bo")),
        &attention_item("t-next", "Platform next", "blocked", "Blocked", &[], "Next", None),
        "\n  </ul>\n</section>",
    ]
    .concat();
    assert_eq!(between(&home, "<section class=\"attention\"", "</section>"), expected);
    assert!(!home.contains("attention-all"), "no link to a longer list when all are shown");
}

/// Seven milestones need attention: the first screen lists five by due date
/// and links the rest, a table further down lists all seven in the same
/// order with track, reasons, due date and owner.
#[test]
fn needs_attention_shows_five_and_links_the_full_list() {
    let risky: String = [("r1", "2027-Q3"), ("r2", "2026-12"), ("r3", "2027-01-15"), ("r4", "2027-Q1"), ("r5", "2028"), ("r6", "2026-Q2"), ("r7", "2027-03-01")]
        .iter()
        .map(|(id, due)| format!("[[milestone]]\nid = \"{id}\"\ntitle = \"Risk {id}\"\ntrack = \"business\"\ndue = \"{due}\"\nstatus = \"at-risk\"\nowner = \"Owner {id}\"\n\n"))
        .collect();
    let closed = "[[milestone]]\nid = \"shipped\"\ntitle = \"Shipped late\"\ntrack = \"business\"\ndue = \"2026-Q1\"\nstatus = \"done\"\n\n\
                  [[milestone]]\nid = \"gone\"\ntitle = \"Dropped late\"\ntrack = \"business\"\ndue = \"2026-Q1\"\nstatus = \"dropped\"\n";
    let site = Site::new()
        // Days shown as written, so the order by date can be read.
        .file("roadbook.toml", "title = \"Risky\"\nas_of = \"2026-11-24\"\ndate_display = \"day\"\n")
        .file("content/roadmap/main.toml", &(risky + closed));
    site.build().success();
    let home = site.output("index.html");
    let item = |id: &str, due: &str, late: bool| {
        let reasons: &[(&str, &str)] = if late { &[("past-due", "Past due")] } else { &[] };
        attention_item(id, &format!("Risk {id}"), "at-risk", "At risk", reasons, due, Some(&format!("Owner {id}")))
    };
    let expected = [
        "<ul class=\"attention-list\">",
        &item("r6", "2026-Q2", true),
        &item("r2", "2026-12", false),
        &item("r3", "2027-01-15", false),
        &item("r7", "2027-03-01", false),
        &item("r4", "2027-Q1", false),
        "\n  </ul>\n  <p class=\"attention-more\"><a href=\"#attention-all\">All 7 that need attention</a></p>",
    ]
    .concat();
    assert_eq!(between(&home, "<ul class=\"attention-list\">", "</p>"), expected);
    let table = between(&home, "<section class=\"attention-all\" id=\"attention-all\"", "</section>");
    let rows: Vec<String> = table
        .split("<tr><th scope=\"row\">")
        .skip(1)
        .map(|row| row.split("</tr>").next().unwrap().to_string())
        .collect();
    let row = |id: &str, due: &str, late: bool| {
        let reason = if late { " <span class=\"reason reason-past-due\">Past due</span>" } else { "" };
        format!(
            "<a href=\"milestones/{id}/index.html\">Risk {id}</a></th><td>Business</td>\
             <td><span class=\"status status-at-risk\">At risk</span>{reason}</td><td class=\"due\">{due}</td><td>Owner {id}</td>"
        )
    };
    let expected_rows = [
        row("r6", "2026-Q2", true),
        row("r2", "2026-12", false),
        row("r3", "2027-01-15", false),
        row("r7", "2027-03-01", false),
        row("r4", "2027-Q1", false),
        row("r1", "2027-Q3", false),
        row("r5", "2028", false),
    ];
    assert_eq!(rows, expected_rows);
    assert!(table.starts_with("<section class=\"attention-all\" id=\"attention-all\" aria-labelledby=\"attention-all-title\">\n  <h2 id=\"attention-all-title\">Everything that needs attention <span class=\"note\">7</span></h2>"), "{table}");
}

/// Each objective's progress: its milestones in the plan rolled up in words and
/// a bar (dropped and proposed ones left out), and each key result from
/// baseline to current against its target, with how far along when the
/// numbers allow; an objective nothing serves says so.
#[test]
fn each_objective_shows_its_milestones_and_key_results_rolled_up() {
    let statuses = ["done", "in-progress", "at-risk", "blocked", "planned", "planned", "dropped", "proposed"];
    let milestones: String = statuses
        .iter()
        .enumerate()
        .map(|(i, s)| {
            format!(
                "[[milestone]]\nid = \"m{i}\"\ntitle = \"M{i}\"\ntrack = \"business\"\ndue = \"2027-Q2\"\nstatus = \"{s}\"\nobjectives = [\"grow\"]\n\n"
            )
        })
        .collect();
    let objectives = r#"[[objective]]
id = "grow"
title = "Grow <fast>"
period = "2027-H1"

[[objective.key_result]]
title = "Invoices paid online"
baseline = "9%"
target = "45%"
current = "31%"

[[objective.key_result]]
title = "Countries"
baseline = "one"
target = "three"

[[objective]]
id = "idle"
title = "Idle"
"#;
    let site = Site::new()
        .file("roadbook.toml", "title = \"Goals\"\nas_of = \"2026-11-24\"\n")
        .file("content/roadmap/main.toml", &milestones)
        .file("content/roadmap/objectives.toml", objectives);
    site.build().success();
    let home = site.output("index.html");
    let segment = |status: &str, n: usize| format!("<span class=\"seg-{status}\" style=\"flex-grow: {n}\"></span>");
    let expected = [
        "<div class=\"objective-grid\">\n    <article class=\"objective-card\">\n      \
         <h3><a href=\"objectives/grow/index.html\">Grow &lt;fast&gt;</a> <span class=\"note\">2027-H1</span></h3>\n      \
         <p class=\"health-line\"><span class=\"health health-at-risk\">At risk</span> <span class=\"health-reasons\">1 milestone blocked · 1 more</span></p>\n      \
         <p class=\"objective-milestones\"><span class=\"stack\" aria-hidden=\"true\">",
        &segment("done", 1),
        &segment("in-progress", 1),
        &segment("at-risk", 1),
        &segment("blocked", 1),
        &segment("planned", 2),
        "</span>1 of 6 milestones done · 1 at risk · 1 blocked</p>\n      <ul class=\"kr-list\">\n        \
         <li><span class=\"kr-name\">Invoices paid online</span> <span class=\"kr-values\">9% → <strong>31%</strong> · target 45%</span> \
         <span class=\"progress\"><span class=\"bar\" aria-hidden=\"true\"><span style=\"width:61%\"></span></span> <span class=\"pct\">61% of the way</span></span></li>\n        \
         <li><span class=\"kr-name\">Countries</span> <span class=\"kr-values\">one → <strong>not measured</strong> · target three</span></li>\n      </ul>\n    </article>\n    \
         <article class=\"objective-card\">\n      <h3><a href=\"objectives/idle/index.html\">Idle</a></h3>\n      \
         <p class=\"health-line\"><span class=\"health health-not-planned\">Not planned yet</span></p>\n      \
         <p class=\"objective-milestones\">No milestone serves it yet</p>\n    </article>\n  </div>",
    ]
    .concat();
    assert_eq!(between(&home, "<div class=\"objective-grid\">", "\n  </div>"), expected);
}

/// A span running now (begun by `as_of`, due in a later quarter:
/// `Milestone::under_way`) is current work: it is in Now, not in the column of
/// its due quarter, and its card shows the span. A span not begun yet stays in
/// the column of its due quarter; a finished one is only counted there. Past
/// the three cards, "+N more" links the current quarter, which lists spans
/// under way.
#[test]
fn a_span_running_now_is_on_the_board_under_now() {
    let plan = r#"[[milestone]]
id = "goal"
title = "Three-year goal"
track = "business"
start = "2026-Q1"
due = "2028-Q4"
status = "in-progress"

[[milestone]]
id = "soon"
title = "Starts next year"
track = "business"
start = "2027-Q2"
due = "2027-Q4"

[[milestone]]
id = "finished"
title = "Finished early"
track = "business"
start = "2026-Q3"
due = "2027-Q2"
status = "done"

[[milestone]]
id = "migration"
title = "Migration"
track = "technology"
start = "2026-10"
due = "2027-Q1"

[[milestone]]
id = "t-a"
title = "A"
track = "technology"
due = "2026-12"

[[milestone]]
id = "t-b"
title = "B"
track = "technology"
due = "2026-Q4"

[[milestone]]
id = "t-c"
title = "C"
track = "technology"
due = "2026-11"
"#;
    let site = Site::new()
        .file("roadbook.toml", "title = \"Spans\"\nas_of = \"2026-11-24\"\ndate_display = \"month\"\n") // months as written: the order shows
        .file("content/roadmap/main.toml", plan);
    site.build().success();
    let home = site.output("index.html");
    let cards = |column: &str| -> Vec<String> {
        let col = between(&home, &format!("<section class=\"board-col board-{column}\""), "</section>");
        col.split("<li>").skip(1).map(|li| li.split("</li>").next().unwrap().to_string()).collect()
    };
    let card = |id: &str, title: &str, status: &str, label: &str, when: &str| {
        format!(
            "<a href=\"milestones/{id}/index.html\">{title}</a> <span class=\"board-meta\">\
             <span class=\"status status-{status}\">{label}</span> <span class=\"due\">{when}</span></span>"
        )
    };
    assert_eq!(
        cards("now"),
        [
            card("goal", "Three-year goal", "in-progress", "In progress", "2026-Q1 – 2028-Q4"),
            card("t-c", "C", "planned", "Planned", "2026-11"),
            card("t-a", "A", "planned", "Planned", "2026-12"),
            card("t-b", "B", "planned", "Planned", "2026-Q4"),
        ]
    );
    assert_eq!(cards("next"), Vec::<String>::new());
    assert_eq!(cards("later"), [card("soon", "Starts next year", "planned", "Planned", "2027-Q2 – 2027-Q4")]);
    let now = between(&home, "<section class=\"board-col board-now\"", "</section>");
    assert!(
        now.contains(
            "<p class=\"board-foot\"><a href=\"technology/index.html\">+1 more\
             <span class=\"visually-hidden\"> technology milestone in Now</span></a></p>"
        ),
        "{now}"
    );
    let later = between(&home, "<section class=\"board-col board-later\"", "</section>");
    assert!(later.contains("<span class=\"done-count\">1 done</span>"), "{later}");
}

/// "+N more" for a business cell whose first card not shown is a span under
/// way links the business view's current quarter, where it is listed.
#[test]
fn more_links_the_current_quarter_for_a_span_under_way() {
    let plan: String = ["a", "b", "c"]
        .iter()
        .map(|id| format!("[[milestone]]\nid = \"{id}\"\ntitle = \"{id}\"\ntrack = \"business\"\ndue = \"2026-12\"\n\n"))
        .chain(std::iter::once(
            "[[milestone]]\nid = \"span\"\ntitle = \"Span\"\ntrack = \"business\"\nstart = \"2026-01\"\ndue = \"2027-Q3\"\n"
                .to_string(),
        ))
        .collect();
    let site = Site::new()
        .file("roadbook.toml", "title = \"Spans\"\nas_of = \"2026-11-24\"\n")
        .file("content/roadmap/main.toml", &plan);
    site.build().success();
    let home = site.output("index.html");
    let now = between(&home, "<section class=\"board-col board-now\"", "</section>");
    assert!(now.contains("<a href=\"business/index.html#2026-q4\">+1 more"), "{now}");
    assert!(
        site.output("business/index.html").contains("<section class=\"period\" id=\"2026-q4\">"),
        "the link's target"
    );
}
