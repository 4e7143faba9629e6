//! Releases: `[[release]]` items that milestones ship in (`release = "ID"`),
//! their dates given to milestones without a `due`, their pages, gates,
//! exports and every mistake about them, placed.

use crate::harness::{Site, CLEAN};

/// `Site::clean()` where `launch` ships in v1.37 instead of having a `due` (and has a gate of
/// its own), and `platform` ships in v1.36 beside its `due`. v1.37 has two gates, written out
/// of date order.
const RELEASES: &str = r#"[[release]]
id = "v1-37"
title = "v1.37"
date = "2027-02-15"
description = "Pay **now**."

[[release.gate]]
date = "2027-02-12"
criteria = "Go / no-go"

[[release.gate]]
date = "2027-02-01"
criteria = "Code freeze"

[[release]]
id = "v1-36"
title = "v1.36"
date = "2026-12"
"#;

fn shipping_roadmap() -> String {
    CLEAN
        .replace("due = \"2027-Q1\"", "release = \"v1-37\"")
        .replace(
            "target = \"1 hour\"\n",
            "target = \"1 hour\"\n\n[milestone.gate]\ndate = \"2027-02-10\"\ncriteria = \"Beta review\"\n",
        )
        .replace("due = \"2026-12\"", "due = \"2026-12\"\nrelease = \"v1-36\"")
}

fn shipping() -> Site {
    Site::clean().file("content/roadmap/main.toml", &shipping_roadmap()).file("content/roadmap/releases.toml", RELEASES)
}

/// The text of `<main>` in a page.
fn main_of(page: &str) -> &str {
    let start = page.find("<main").expect("a <main>");
    let end = page.find("</main>").expect("a </main>");
    &page[start..end]
}

/// Runs `check` and returns its stderr, asserting the exit code.
fn check(site: &Site, code: i32) -> String {
    let run = site.run(&["check"]);
    assert_eq!(run.code, code, "{}", run.stderr);
    run.stderr
}

#[test]
fn a_roadmap_with_releases_passes_strict() {
    let run = shipping().run(&["check", "--strict"]);
    run.success();
    assert_eq!(run.stderr, "check: 0 errors, 0 warnings\n");
}

#[test]
fn a_milestone_with_only_a_release_is_due_on_the_release_date_in_every_export() {
    let site = shipping();
    site.build().success();
    let json: serde_json::Value = serde_json::from_str(&site.output("roadmap.json")).unwrap();
    let dates: Vec<(&str, &str, &str)> = json["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["due"].as_str().unwrap(), m["due_end"].as_str().unwrap(), m["release"].as_str().unwrap()))
        .collect();
    assert_eq!(dates, [("2027-02-15", "2027-02-15", "v1-37"), ("2026-12", "2026-12-31", "v1-36")]);
    assert_eq!(
        json["releases"],
        serde_json::json!([
            {"id": "v1-36", "title": "v1.36", "date": "2026-12", "date_end": "2026-12-31", "gates": [],
             "milestones": ["platform"], "url": "releases/v1-36/index.html"},
            {"id": "v1-37", "title": "v1.37", "date": "2027-02-15", "date_end": "2027-02-15",
             "gates": [
                 {"date": "2027-02-01", "criteria": "Code freeze", "decision": "pending"},
                 {"date": "2027-02-12", "criteria": "Go / no-go", "decision": "pending"}
             ],
             "milestones": ["launch"], "url": "releases/v1-37/index.html"}
        ])
    );
    let csv = site.output("milestones.csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let cells: Vec<(&str, &str)> = rows.iter().map(|r| (&r[col("due")], &r[col("release")])).collect();
    assert_eq!(cells, [("2027-02-15", "v1-37"), ("2026-12", "v1-36")]);
    let ics = site.output("roadmap.ics");
    let events: Vec<(&str, &str)> = ics
        .lines()
        .filter_map(|l| l.strip_prefix("UID:"))
        .zip(ics.lines().filter_map(|l| l.strip_prefix("DTSTART;VALUE=DATE:")))
        .collect();
    assert_eq!(
        events,
        [
            ("milestone-launch@clean.roadbook", "20270215"),
            ("gate-launch@clean.roadbook", "20270210"),
            ("milestone-platform@clean.roadbook", "20261231"),
            ("release-v1-36@clean.roadbook", "20261231"),
            ("release-v1-37@clean.roadbook", "20270215"),
            ("release-v1-37.gate.2@clean.roadbook", "20270201"),
            ("release-v1-37.gate@clean.roadbook", "20270212"),
        ]
    );
    assert!(ics.contains("SUMMARY:Release v1.37\r\nDESCRIPTION:Ships 2027-02-15: 1 milestone.\r\n"), "{ics}");
    let business = site.output("business/index.html");
    assert!(business.contains("<section class=\"period\" id=\"2027-q1\">"), "grouped under the release's quarter");
}

#[test]
fn moving_the_release_moves_the_milestones_that_ship_in_it() {
    let site = shipping().file("content/roadmap/releases.toml", &RELEASES.replace("2027-02-15", "2027-05"));
    site.build().success();
    let json: serde_json::Value = serde_json::from_str(&site.output("roadmap.json")).unwrap();
    assert_eq!(
        (&json["milestones"][0]["due"], &json["milestones"][0]["due_end"]),
        (&"2027-05".into(), &"2027-05-31".into())
    );
    // `platform` keeps its own `due`.
    assert_eq!(json["milestones"][1]["due"], "2026-12");
}

#[test]
fn the_release_page_shows_its_date_description_gates_and_what_ships_by_track() {
    let site = shipping();
    site.build().success();
    assert_eq!(
        main_of(&site.output("releases/v1-37/index.html")),
        r#"<main id="main" class="wrap">

<p class="kicker"><a href="../../releases/index.html">Releases</a></p>
<section class="release" id="release-v1-37">
  <h1>v1.37 <span class="note">2027-02-15</span></h1>
  <div class="prose"><p>Pay <strong>now</strong>.</p>
</div>
  <h2 class="sub">Release gates</h2>
  <div class="gate gate-pending"><span class="gate-label">Gate 2027-02-01</span> <span class="gate-decision">Pending</span><p>Code freeze</p></div><div class="gate gate-pending"><span class="gate-label">Gate 2027-02-12</span> <span class="gate-decision">Pending</span><p>Go / no-go</p></div>
  <h2 class="sub">What ships in it <span class="note">1</span></h2>
  <ul class="counts"><li><span class="status status-planned">Planned</span> <strong>1</strong></li></ul>
  
  <div class="two-col">
    <div><h3>Business</h3><ul class="refs"><li><a href="../../milestones/launch/index.html">Launch</a> <span class="ref-meta"><span class="status status-planned">Planned</span> <span class="due">2027-Q1</span></span></li></ul></div>
    <div><h3>Technology</h3><p class="empty">No technology milestone.</p></div>
  </div>
</section>


"#
    );
    let list = site.output("releases/index.html");
    let headings: Vec<&str> = list.lines().filter(|l| l.starts_with("  <h2><a href")).collect();
    assert_eq!(
        headings,
        [
            "  <h2><a href=\"../releases/v1-36/index.html\">v1.36</a> <span class=\"note\">2026-12</span></h2>",
            "  <h2><a href=\"../releases/v1-37/index.html\">v1.37</a> <span class=\"note\">2027-02-15</span></h2>",
        ],
        "by date"
    );
}

#[test]
fn a_release_already_past_is_marked_shipped() {
    let site = shipping().file("roadbook.toml", "title = \"Clean\"\nas_of = \"2027-01-10\"\n");
    site.build().success();
    let page = site.output("releases/v1-36/index.html");
    assert!(
        page.contains("<h1>v1.36 <span class=\"note\">2026-12</span> <span class=\"note\">Shipped</span></h1>"),
        "{page}"
    );
}

#[test]
fn a_milestone_page_lists_its_gates_and_its_release_gates_by_date_the_release_ones_labelled() {
    let site = shipping();
    site.build().success();
    let page = site.output("milestones/launch/index.html");
    assert!(page.contains("      <div><dt>Ships in</dt><dd><a href=\"../../releases/v1-37/index.html\">v1.37</a> <span class=\"due\">2027-02-15</span></dd></div>\n"), "{page}");
    let release_gate = |date: &str, criteria: &str| {
        format!("<div class=\"gate gate-pending\"><span class=\"gate-label\">Release gate {date}</span> <span class=\"gate-decision\">Pending</span><p>{criteria}</p><p class=\"gate-source\">Gate of release <a href=\"../../releases/v1-37/index.html\">v1.37</a></p></div>")
    };
    let section = format!(
        "  <section class=\"gates\">\n    <h2>Gates</h2>\n    {}<div class=\"gate gate-pending\"><span class=\"gate-label\">Gate 2027-02-10</span> <span class=\"gate-decision\">Pending</span><p>Beta review</p></div>{}\n  </section>\n",
        release_gate("2027-02-01", "Code freeze"),
        release_gate("2027-02-12", "Go / no-go")
    );
    assert_eq!(page.matches(&section).count(), 1, "{page}");
    // `platform` ships in a release without gates and has none of its own: no section.
    assert!(!site.output("milestones/platform/index.html").contains("<h2>Gates</h2>"));
}

#[test]
fn cards_say_which_release_a_milestone_ships_in() {
    let site = shipping();
    site.build().success();
    let business = site.output("business/index.html");
    assert!(business.contains("<p class=\"meta\"><span class=\"status status-planned\">Planned</span> <span class=\"due\"><span class=\"k\">Due</span> 2027-Q1</span> <span class=\"card-area\"><span class=\"k\">Area</span> General</span> <span class=\"ships-in\"><span class=\"k\">Ships in</span> <a href=\"../releases/v1-37/index.html\">v1.37</a></span></p>"), "{business}");
    let technology = site.output("technology/index.html");
    assert!(technology.contains("<span class=\"ships-in\"><span class=\"k\">Ships in</span> <a href=\"../releases/v1-36/index.html\">v1.36</a></span>"));
}

#[test]
fn the_navigation_has_releases_only_when_the_site_has_some() {
    let nav = |site: &Site| {
        site.build().success();
        let home = site.output("index.html");
        home.lines().filter(|l| l.starts_with("        <li><a href=")).map(str::to_string).collect::<Vec<_>>()
    };
    assert_eq!(
        nav(&shipping()),
        [
            "        <li><a href=\"business/index.html\">Business</a></li>",
            "        <li><a href=\"technology/index.html\">Technology</a></li>",
            "        <li><a href=\"timeline/index.html\">Timeline</a></li>",
            "        <li><a href=\"releases/index.html\">Releases</a></li>",
        ]
    );
    let without = Site::clean();
    assert_eq!(nav(&without).len(), 3);
    assert!(!without.has_output("releases/index.html"));
}

#[test]
fn release_links_in_markdown_resolve_and_a_typo_names_the_nearest_release() {
    let site = shipping().file("content/index.md", "# Home\n\nSee [the release](@release:v1-37).\n");
    site.build().success();
    assert!(site.output("index.html").contains("See <a href=\"releases/v1-37/index.html\">the release</a>."));
    let typo = shipping().file("content/index.md", "# Home\n\nSee [the release](@release:v137).\n");
    assert_eq!(
        check(&typo, 1),
        "error[dangling-reference]: link to release `v137`, which does not exist; did you mean `v1-37`?
 --> content/index.md:3:5
  |
3 | See [the release](@release:v137).
  |     ^

check: 1 error, 0 warnings
"
    );
}

#[test]
fn search_finds_releases() {
    let site = shipping();
    site.build().success();
    let search = site.output("search/index.html");
    assert!(
        search.contains("[\"release\",\"v1.37\",\"2027-02-15 · Pay now .\",\"releases/v1-37/index.html\"]"),
        "{search}"
    );
    assert!(search.contains("[\"release\",\"v1.36\",\"2026-12\",\"releases/v1-36/index.html\"]"));
}

#[test]
fn an_unknown_release_names_the_nearest() {
    let site = shipping().file("content/roadmap/main.toml", &shipping_roadmap().replace("\"v1-37\"", "\"v137\""));
    assert_eq!(
        check(&site, 1),
        "error[dangling-reference]: `release` names release `v137`, which does not exist; did you mean `v1-37`?
 --> content/roadmap/main.toml:5:11
  |
5 | release = \"v137\"
  |           ^

check: 1 error, 0 warnings
"
    );
}

#[test]
fn a_duplicate_release_id_names_both_places() {
    let twice = format!("{RELEASES}\n[[release]]\nid = \"v1-37\"\ntitle = \"v1.37 again\"\ndate = \"2027-03\"\n");
    let site = shipping().file("content/roadmap/releases.toml", &twice);
    assert_eq!(
        check(&site, 1),
        "error[duplicate-id]: duplicate release id `v1-37`
  --> content/roadmap/releases.toml:21:6
   |
21 | id = \"v1-37\"
   |      ^
note: first defined here
 --> content/roadmap/releases.toml:2:6
  |
2 | id = \"v1-37\"
  |      ^

check: 1 error, 0 warnings
"
    );
}

#[test]
fn an_unknown_field_of_a_release_names_the_nearest() {
    let site = shipping().file("content/roadmap/releases.toml", &RELEASES.replace("description =", "descripton ="));
    assert_eq!(
        check(&site, 1),
        "error[unknown-field]: unknown field `descripton`; did you mean `description`?
 --> content/roadmap/releases.toml:5:1
  |
5 | descripton = \"Pay **now**.\"
  | ^

check: 1 error, 0 warnings
"
    );
}

#[test]
fn an_invalid_release_date_is_one_error_and_its_milestones_are_not_called_unscheduled() {
    let site = shipping().file("content/roadmap/releases.toml", &RELEASES.replace("2027-02-15", "2027-02-30"));
    assert_eq!(
        check(&site, 1),
        "error[invalid-value]: invalid release date `2027-02-30`: expected a year (2027), a half (2027-H1), a quarter (2027-Q1), a month (2027-03) or a day (2027-03-15)
 --> content/roadmap/releases.toml:4:8
  |
4 | date = \"2027-02-30\"
  |        ^

check: 1 error, 0 warnings
"
    );
}

#[test]
fn release_and_horizon_together_are_an_error() {
    let roadmap = shipping_roadmap().replace("release = \"v1-37\"", "release = \"v1-37\"\nhorizon = \"next\"");
    let site = shipping().file("content/roadmap/main.toml", &roadmap);
    assert_eq!(
        check(&site, 1),
        "error[invalid-value]: give either `release` or `horizon`, not both: a milestone that ships in a release is due on its date
 --> content/roadmap/main.toml:6:11
  |
6 | horizon = \"next\"
  |           ^

check: 1 error, 0 warnings
"
    );
}

#[test]
fn a_due_after_the_release_is_a_warning_and_a_due_before_it_is_fine() {
    let late = shipping_roadmap().replace("due = \"2026-12\"", "due = \"2027-Q1\"");
    let site = shipping().file(
        "content/roadmap/main.toml",
        &late.replace(
            "supported_by = [\"platform\"]\n",
            "supported_by = [\"platform\"]\nallow = [\"schedule-conflict\"]\n",
        ),
    );
    assert_eq!(
        check(&site, 0),
        "warning[due-after-release]: milestone `platform` is due 2027-Q1 (2027-03-31), after release `v1-36` (2026-12-31) that it ships in: move `due` to 2026-12 or earlier, or name a later release
  --> content/roadmap/main.toml:22:7
   |
22 | due = \"2027-Q1\"
   |       ^
   = help: to silence it, add `allow = [\"due-after-release\"]` to this item, or for the whole site set `due-after-release = \"allow\"` under [lint] in roadbook.toml

check: 0 errors, 1 warning
"
    );
    let early = shipping_roadmap().replace("due = \"2026-12\"", "due = \"2026-11-15\"");
    assert_eq!(check(&shipping().file("content/roadmap/main.toml", &early), 0), "check: 0 errors, 0 warnings\n");
}

#[test]
fn an_overdue_release_gate_is_a_warning_at_its_date_that_the_release_can_allow() {
    let site = shipping().file("roadbook.toml", "title = \"Clean\"\nas_of = \"2027-02-05\"\n");
    assert_eq!(
        check(&site, 0),
        "warning[overdue-gate]: the gate of release `v1-37` was due 2027-02-01 and is still `pending`: record `go` or `no-go`, or move the date
  --> content/roadmap/releases.toml:12:8
   |
12 | date = \"2027-02-01\"
   |        ^
   = help: to silence it, add `allow = [\"overdue-gate\"]` to this item, or for the whole site set `overdue-gate = \"allow\"` under [lint] in roadbook.toml

check: 0 errors, 1 warning
"
    );
    let allowed = RELEASES.replace("description =", "allow = [\"overdue-gate\"]\ndescription =");
    let site = site.file("content/roadmap/releases.toml", &allowed);
    assert_eq!(check(&site, 0), "check: 0 errors, 0 warnings\n");
}

#[test]
fn the_releases_folder_is_taken_from_narratives_only_when_the_site_has_releases() {
    let note = "+++\ntitle = \"Release notes\"\n+++\nNotes.\n";
    let without = Site::clean().file("content/releases/notes.md", note);
    assert_eq!(check(&without, 0), "check: 0 errors, 0 warnings\n");
    let with = shipping().file("content/releases/notes.md", note);
    assert_eq!(
        check(&with, 1),
        "error[invalid-value]: `content/releases/notes.md` would be written to `releases/notes/`, which is a page roadbook generates; rename or move it
 --> content/releases/notes.md:1:1
  |
1 | +++
  | ^

check: 1 error, 0 warnings
"
    );
}

#[test]
fn an_edition_lists_only_its_milestones_in_a_release() {
    let hidden = shipping_roadmap().replace("title = \"Launch\"", "title = \"Launch\"\naudiences = [\"engineering\"]");
    let site = shipping()
        .file(
            "roadbook.toml",
            "title = \"Clean\"\nas_of = \"2026-11-24\"\n[audiences]\nboard = \"Board\"\nengineering = \"Engineers\"\n",
        )
        .file("content/roadmap/main.toml", &hidden);
    site.run(&["build", "--audience", "board"]).success();
    let page = site.output("releases/v1-37/index.html");
    assert!(page.contains("<p class=\"empty\">No milestone ships in this release yet.</p>"), "{page}");
    assert!(!page.contains("launch") && !page.contains("Launch"), "{page}");
    let json: serde_json::Value = serde_json::from_str(&site.output("roadmap.json")).unwrap();
    assert_eq!(json["releases"][1]["milestones"], serde_json::json!([]));
}

#[test]
fn the_timeline_marks_each_release_at_its_date_with_a_link_to_its_page() {
    let site = shipping();
    site.build().success();
    let svg = site.output("timeline.svg");
    let start = svg.find("<g class=\"tl-releases\">").expect("release markers");
    let end = start + svg[start..].find("</g>").expect("their end") + "</g>".len();
    assert_eq!(
        &svg[start..end],
        "<g class=\"tl-releases\">\
         <a href=\"releases/v1-36/index.html\" class=\"tl-release\" tabindex=\"-1\"><title>Release v1.36: 2026-12, 1 milestone</title>\
         <line class=\"tl-release-line\" x1=\"250\" y1=\"56\" x2=\"250\" y2=\"75\"/><text class=\"tl-release-text\" x=\"254\" y=\"71\">v1.36</text></a>\
         <a href=\"releases/v1-37/index.html\" class=\"tl-release\" tabindex=\"-1\"><title>Release v1.37: 2027-02-15, 1 milestone</title>\
         <line class=\"tl-release-line\" x1=\"377.8\" y1=\"56\" x2=\"377.8\" y2=\"75\"/><text class=\"tl-release-text\" x=\"381.8\" y=\"71\">v1.37</text></a>\
         </g>"
    );
    // The line runs down every lane, where the bar of `launch`, which ships in it, ends (371.8 + 6).
    assert_eq!(svg.matches("<line class=\"tl-release-line\" x1=\"377.8\" y1=\"0\" x2=\"377.8\"").count(), 2, "{svg}");
    assert!(svg.contains("<rect class=\"tl-bar\" x=\"371.8\" y=\"19\" width=\"6\" height=\"9\" rx=\"2\"/>"), "{svg}");
    assert!(svg.contains("2 releases marked at their dates.</desc>"), "{svg}");
    // Markers sit on the page's inline timeline too, linked from the page's folder.
    assert!(site
        .output("timeline/index.html")
        .contains("<a href=\"../releases/v1-37/index.html\" class=\"tl-release\""));
    // A site without releases has no markers and says nothing of them.
    let plain = Site::clean();
    plain.build().success();
    let svg = plain.output("timeline.svg");
    assert!(
        !svg.contains("<g class=\"tl-releases\">") && !svg.contains("marked at") && !svg.contains(">Release<"),
        "{svg}"
    );
}

#[test]
fn release_titles_too_close_to_share_a_row_are_stacked_whole() {
    let close = RELEASES
        .replace("title = \"v1.36\"", "title = \"Winter release with a long name\"")
        .replace("2026-12", "2027-02-10");
    let site = shipping().file("content/roadmap/releases.toml", &close);
    site.build().success();
    let svg = site.output("timeline.svg");
    let labels: Vec<(&str, &str)> = svg
        .match_indices("<text class=\"tl-release-text\"")
        .filter_map(|(at, _)| {
            let tag = &svg[at..];
            let y = tag.split("y=\"").nth(1)?.split('"').next()?;
            Some((y, tag.split('>').nth(1)?.split('<').next()?))
        })
        .collect();
    // Five days apart: the second title goes on the next row, and both are whole.
    assert_eq!(labels, [("71", "Winter release with a long name"), ("86", "v1.37")]);
    assert!(svg.contains("<title>Release Winter release with a long name: 2027-02-10, 1 milestone</title>"));
}
