//! Objectives roll up to a health word (issue 15, point 5): on track, at
//! risk, off track, achieved, or not planned yet, from their milestones and
//! their key results against the time gone in their period; an objective's
//! page lists its milestones by track and date, ideas apart. Exact fragments
//! of the built pages and of roadmap.json.

use crate::harness::Site;

/// On 2026-11-24, 79% of 2026-H2 has gone (146 of 184 days).
const OBJECTIVES: &str = r#"[[objective]]
id = "steady"
title = "Steady"
period = "2026-H2"

[[objective.key_result]]
title = "Signups"
baseline = "0"
current = "70"
target = "100"

[[objective]]
id = "risky"
title = "Risky"
period = "2027"

[[objective]]
id = "late"
title = "Late"
period = "2027-H1"

[[objective]]
id = "overdue"
title = "Overdue"

[[objective]]
id = "done"
title = "Done"
period = "2026"

[[objective]]
id = "idea"
title = "Only an idea"

[[objective]]
id = "behind"
title = "Behind"
period = "2026-H2"

[[objective.key_result]]
title = "Revenue"
baseline = "£0"
current = "£40"
target = "£100"

[[objective]]
id = "lagging"
title = "Lagging"
period = "2026-H2"

[[objective.key_result]]
title = "Revenue"
baseline = "£0"
current = "£60"
target = "£100"

[[objective]]
id = "ended"
title = "Ended"
period = "2026-Q3"
"#;

/// A milestone serving `objective`.
fn milestone(id: &str, track: &str, due: &str, status: &str, objective: &str) -> String {
    let area = if track == "technology" { "area = \"platform\"\n" } else { "" };
    format!(
        "[[milestone]]\nid = \"{id}\"\ntitle = \"{id}\"\ntrack = \"{track}\"\n{area}due = \"{due}\"\nstatus = \"{status}\"\nobjectives = [\"{objective}\"]\n\n"
    )
}

fn site() -> Site {
    let milestones = [
        milestone("s1", "business", "2026-12", "in-progress", "steady"),
        milestone("r1", "business", "2027-Q2", "at-risk", "risky"),
        milestone("r2", "technology", "2027-Q1", "blocked", "risky"),
        milestone("l1", "business", "2027-Q3", "planned", "late"),
        milestone("o1", "business", "2026-Q3", "in-progress", "overdue"),
        milestone("d1", "business", "2026-Q2", "done", "done"),
        milestone("d2", "technology", "2026-Q1", "done", "done"),
        milestone("d3", "technology", "2026-Q4", "dropped", "done"),
        milestone("i1", "business", "2027", "proposed", "idea"),
        milestone("e1", "business", "2026-Q3", "in-progress", "ended"),
    ]
    .concat();
    Site::new()
        .file("roadbook.toml", "title = \"Goals\"\nas_of = \"2026-11-24\"\n")
        .file("content/roadmap/main.toml", &milestones)
        .file("content/roadmap/objectives.toml", OBJECTIVES)
}

/// Each objective's health as the objectives page shows it: the word and its reasons.
#[test]
fn each_objective_has_a_health_word_and_its_reasons() {
    let site = site();
    site.build().success();
    let page = site.output("objectives/index.html");
    let lines: Vec<&str> =
        page.split("<p class=\"health-line\">").skip(1).map(|l| l.split("</p>").next().unwrap()).collect();
    let line = |kind: &str, word: &str, reasons: &str| {
        let reasons = if reasons.is_empty() {
            String::new()
        } else {
            format!(" <span class=\"health-reasons\">{reasons}</span>")
        };
        format!("<span class=\"health health-{kind}\">{word}</span>{reasons}")
    };
    assert_eq!(
        lines,
        [
            line("on-track", "On track", ""),
            line("at-risk", "At risk", "1 milestone blocked · 1 milestone at risk"),
            line("off-track", "Off track", "1 milestone due after 2027-H1"),
            line("off-track", "Off track", "1 milestone past due"),
            line("achieved", "Achieved", ""),
            line("not-planned", "Not planned yet", ""),
            line(
                "off-track",
                "Off track",
                "Key result “Revenue” 39 points behind time (40% with 79% of the period gone)"
            ),
            line("at-risk", "At risk", "Key result “Revenue” 19 points behind time (60% with 79% of the period gone)"),
            line("off-track", "Off track", "1 milestone past due · 2026-Q3 has ended"),
        ]
    );
}

/// The same health is on the home page's objective cards, on each objective's page and in roadmap.json.
#[test]
fn health_is_on_the_home_page_the_objective_page_and_in_roadmap_json() {
    let site = site();
    site.build().success();
    let home = site.output("index.html");
    assert!(home.contains(
        "<h3><a href=\"objectives/risky/index.html\">Risky</a> <span class=\"note\">2027</span></h3>\n      \
         <p class=\"health-line\"><span class=\"health health-at-risk\">At risk</span> \
         <span class=\"health-reasons\">1 milestone blocked · 1 more</span></p>"
    ));
    assert!(home.contains(
        "<p class=\"health-line\"><span class=\"health health-off-track\">Off track</span> \
         <span class=\"health-reasons\">1 milestone past due</span></p>"
    ));
    let page = site.output("objectives/done/index.html");
    assert!(page.contains(
        "<h1>Done <span class=\"note\">2026</span></h1>\n  <p class=\"health-line\"><span class=\"health health-achieved\">Achieved</span></p>"
    ));
    let json: serde_json::Value = serde_json::from_str(&site.output("roadmap.json")).unwrap();
    let health: Vec<(String, serde_json::Value)> = json["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["health"].as_str().unwrap().to_string(), o["health_reasons"].clone()))
        .collect();
    let h = |w: &str, r: &[&str]| (w.to_string(), serde_json::json!(r));
    assert_eq!(
        health,
        [
            h("on-track", &[]),
            h("at-risk", &["1 milestone blocked", "1 milestone at risk"]),
            h("off-track", &["1 milestone due after 2027-H1"]),
            h("off-track", &["1 milestone past due"]),
            h("achieved", &[]),
            h("not-planned", &[]),
            h("off-track", &["Key result “Revenue” 39 points behind time (40% with 79% of the period gone)"]),
            h("at-risk", &["Key result “Revenue” 19 points behind time (60% with 79% of the period gone)"]),
            h("off-track", &["1 milestone past due", "2026-Q3 has ended"]),
        ]
    );
}

/// An objective's page lists its milestones in the plan by track, business
/// first, each in date order (then weight, then title), and the proposed ones apart.
#[test]
fn an_objective_page_groups_its_milestones_by_track_in_date_order() {
    let milestones = [
        milestone("t-late", "technology", "2027-Q2", "planned", "grow"),
        milestone("b-late", "business", "2027-Q2", "planned", "grow"),
        milestone("t-early", "technology", "2026-12", "in-progress", "grow"),
        milestone("b-idea", "business", "2027-Q1", "proposed", "grow"),
        milestone("b-early", "business", "2027-01", "planned", "grow"),
        milestone("b-gone", "business", "2027-03", "dropped", "grow"),
    ]
    .concat();
    let site = Site::new()
        .file("roadbook.toml", "title = \"Goals\"\nas_of = \"2026-11-24\"\n")
        .file("content/roadmap/main.toml", &milestones)
        .file(
            "content/roadmap/objectives.toml",
            "[[objective]]\nid = \"grow\"\ntitle = \"Grow\"\nperiod = \"2027-H1\"\n",
        );
    site.build().success();
    let page = site.output("objectives/grow/index.html");
    let start = page.find("<h3 class=\"track-head track-business\">").expect("a business group");
    let end = start + page[start..].find("<h2 class=\"sub\">Exploring").expect("the ideas");
    let heads_and_links: Vec<String> = page[start..end]
        .split('<')
        .filter_map(|tag| {
            if let Some(rest) = tag.strip_prefix("h3 class=\"track-head track-") {
                Some(format!("## {}", rest.split_once('>').unwrap().1.trim()))
            } else {
                tag.strip_prefix("a href=\"../../milestones/").map(|rest| rest.split('/').next().unwrap().to_string())
            }
        })
        .collect();
    assert_eq!(heads_and_links, ["## Business", "b-early", "b-gone", "b-late", "## Technology", "t-early", "t-late"]);
    let exploring = &page[end..];
    assert!(exploring.contains("milestones/b-idea/index.html"), "{exploring}");
}
