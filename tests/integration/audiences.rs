//! `--audience`: a hidden item leaves no trace in any byte of the output,
//! nor in the build's log or the preview's error overlay and event stream.
//!
//! The oracle: building the fixture for the board must give exactly the site
//! built from the same content with the hidden items deleted by hand (and
//! their `@` links turned into plain text), except for the edition label.
//! That catches ids, titles and text, but also counts, roll-ups, swimlanes
//! and layout that a hidden item would otherwise shift.

use crate::harness::{walkdir, Site};
use std::path::Path;

const CONFIG: &str = r#"title = "Acme"
as_of = "2026-11-24"

[audiences]
board = "Board and investors"
engineering = "All engineers"
"#;

/// Every item whose `audiences` leaves out the board has an id starting
/// `zq-hidden` and a title or text with `ZQSECRET`.
const ROADMAP: &str = r#"[[objective]]
id = "grow"
title = "Grow"

[[objective.key_result]]
title = "Accounts"
target = "100"

[[milestone]]
id = "launch"
title = "Launch"
track = "business"
due = "2027-Q1"
status = "at-risk"
customer_need = "Customers wait."
summary = "Ships after [the platform work](@milestone:zq-hidden-tech)."
supported_by = ["platform", "zq-hidden-tech"]
depends_on = ["zq-hidden-tech"]
objectives = ["grow"]
audiences = ["board", "engineering"]

[[milestone.metric]]
name = "Wait"
target = "1 hour"

[[milestone.link]]
title = "Dashboard"
url = "https://example.com/dash"

[[milestone.link]]
title = "ZQSECRET notes link"
path = "@/narratives/zq-hidden-notes.md"

[[milestone.link]]
title = "ZQSECRET milestone link"
path = "@milestone:zq-hidden-tech"

[[milestone]]
id = "platform"
title = "Platform"
track = "technology"
area = "Core"
due = "2026-12"
objectives = ["grow"]

[[milestone.metric]]
name = "p95"
target = "1 s"

[[milestone]]
id = "zq-hidden-tech"
title = "ZQSECRET tech"
track = "technology"
area = "ZQSECRET area"
due = "2027-02"
status = "blocked"
confidence = "low"
owner = "ZQSECRET owner"
summary = "ZQSECRET summary"
objectives = ["grow"]
narrative = "@/narratives/zq-hidden-notes.md"
audiences = ["engineering"]

[milestone.gate]
date = "2027-01-15"
criteria = "ZQSECRET gate"

[[milestone.metric]]
name = "ZQSECRET metric"
target = "1"

[[risk]]
id = "zq-hidden-risk"
title = "ZQSECRET risk"
likelihood = "high"
impact = "high"
status = "open"
milestones = ["launch", "zq-hidden-tech"]
audiences = ["engineering"]

[[risk]]
id = "visible-risk"
title = "Visible risk"
likelihood = "low"
impact = "medium"
status = "open"
milestones = ["launch", "zq-hidden-tech"]

[[decision]]
id = "zq-hidden-decision"
date = "2026-10-01"
title = "ZQSECRET decision"
affects = ["launch"]
audiences = ["engineering"]

[[decision]]
id = "visible-decision"
date = "2026-09-01"
title = "Visible decision"
rationale = "Because of [that call](@decision:zq-hidden-decision)."
affects = ["launch", "zq-hidden-tech"]
"#;

/// `ROADMAP` with the hidden items deleted by hand.
const ROADMAP_BOARD: &str = r#"[[objective]]
id = "grow"
title = "Grow"

[[objective.key_result]]
title = "Accounts"
target = "100"

[[milestone]]
id = "launch"
title = "Launch"
track = "business"
due = "2027-Q1"
status = "at-risk"
customer_need = "Customers wait."
summary = "Ships after the platform work."
supported_by = ["platform"]
objectives = ["grow"]
audiences = ["board", "engineering"]

[[milestone.metric]]
name = "Wait"
target = "1 hour"

[[milestone.link]]
title = "Dashboard"
url = "https://example.com/dash"

[[milestone]]
id = "platform"
title = "Platform"
track = "technology"
area = "Core"
due = "2026-12"
objectives = ["grow"]

[[milestone.metric]]
name = "p95"
target = "1 s"

[[risk]]
id = "visible-risk"
title = "Visible risk"
likelihood = "low"
impact = "medium"
status = "open"
milestones = ["launch"]

[[decision]]
id = "visible-decision"
date = "2026-09-01"
title = "Visible decision"
rationale = "Because of that call."
affects = ["launch"]
"#;

const GLOSSARY: &str = r#"[[term]]
term = "Platform"
definition = "What [the secret work](@milestone:zq-hidden-tech) builds on."
"#;

const GLOSSARY_BOARD: &str = r#"[[term]]
term = "Platform"
definition = "What the secret work builds on."
"#;

const PLAN: &str = "+++\ntitle = \"Plan\"\nkind = \"strategy\"\n+++\n# Plan\n\nRead [the engineering notes](@/narratives/zq-hidden-notes.md), [the tech](@milestone:zq-hidden-tech), [the risk](@risk:zq-hidden-risk) and [the launch](@milestone:launch).\n";
const PLAN_BOARD: &str = "+++\ntitle = \"Plan\"\nkind = \"strategy\"\n+++\n# Plan\n\nRead the engineering notes, the tech, the risk and [the launch](@milestone:launch).\n";
const HIDDEN_NOTES: &str =
    "+++\ntitle = \"ZQSECRET notes\"\naudiences = [\"engineering\"]\n+++\n# ZQSECRET heading\n\nZQSECRET body.\n";
const BOARD_PACK: &str =
    "+++\ntitle = \"Board pack\"\naudiences = [\"board\"]\n+++\n# Board pack\n\nFor [the launch](@milestone:launch).\n";

fn fixture() -> Site {
    Site::new()
        .file("roadbook.toml", CONFIG)
        .file("content/roadmap/main.toml", ROADMAP)
        .file("content/glossary.toml", GLOSSARY)
        .file("content/narratives/plan.md", PLAN)
        .file("content/narratives/zq-hidden-notes.md", HIDDEN_NOTES)
        .file("content/narratives/board-pack.md", BOARD_PACK)
}

/// Every output file, relative path and bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = walkdir(dir)
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(dir).expect("inside").to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(&p).expect("read"))
        })
        .collect();
    out.sort();
    out
}

/// Files (relative path) whose bytes contain `needle`, case-insensitively.
fn containing(files: &[(String, Vec<u8>)], needle: &str) -> Vec<String> {
    let needle = needle.to_ascii_lowercase();
    files
        .iter()
        .filter(|(_, bytes)| {
            let lower = bytes.to_ascii_lowercase();
            lower.windows(needle.len()).any(|w| w == needle.as_bytes())
        })
        .map(|(path, _)| path.clone())
        .collect()
}

fn build(site: &Site, out: &str, extra: &[&str]) -> Vec<(String, Vec<u8>)> {
    let dir = site.path().join(out);
    let mut args = vec!["build", "--output", dir.to_str().expect("utf-8")];
    args.extend_from_slice(extra);
    site.run(&args).success();
    files(&dir)
}

#[test]
fn the_full_build_has_every_marker_so_the_grep_can_fail() {
    let site = fixture();
    let full = build(&site, "full", &[]);
    for marker in ["zq-hidden-tech", "zq-hidden-risk", "zq-hidden-decision", "zq-hidden-notes", "ZQSECRET"] {
        assert!(!containing(&full, marker).is_empty(), "{marker} missing from the full build");
    }
    assert!(!containing(&full, "Board pack").is_empty());
    let json = String::from_utf8(full.iter().find(|(p, _)| p == "roadmap.json").expect("json").1.clone()).unwrap();
    assert!(json.contains("\"audience\": null"), "{json}");
}

#[test]
fn a_hidden_item_leaves_no_trace_in_any_byte() {
    let site = fixture();
    let board = build(&site, "board", &["--audience", "board"]);
    for marker in ["zq-hidden", "ZQSECRET"] {
        assert_eq!(containing(&board, marker), Vec::<String>::new(), "{marker} leaked");
    }
    // The board-only narrative is there, and links stay whole (checked by the link checker elsewhere).
    assert!(board.iter().any(|(p, _)| p == "narratives/board-pack/index.html"));
    let plan =
        String::from_utf8(board.iter().find(|(p, _)| p == "narratives/plan/index.html").expect("plan").1.clone())
            .unwrap();
    assert!(plan.contains("Read the engineering notes, the tech, the risk and <a href="), "{plan}");
}

#[test]
fn an_audience_build_equals_the_roadmap_without_the_hidden_items() {
    let site = fixture();
    let board = build(&site, "board", &["--audience", "board"]);
    let oracle = Site::new()
        .file("roadbook.toml", CONFIG)
        .file("content/roadmap/main.toml", ROADMAP_BOARD)
        .file("content/glossary.toml", GLOSSARY_BOARD)
        .file("content/narratives/plan.md", PLAN_BOARD)
        .file("content/narratives/board-pack.md", BOARD_PACK);
    let expected = build(&oracle, "public", &[]);
    let label = "<span class=\"edition\">Board and investors edition</span>\n    ";
    let normalise = |files: Vec<(String, Vec<u8>)>| -> Vec<(String, String)> {
        files
            .into_iter()
            .map(|(p, b)| {
                let text = String::from_utf8_lossy(&b)
                    .replace(label, "")
                    .replace("\"audience\": \"board\"", "\"audience\": null");
                (p, text)
            })
            .collect()
    };
    let (board, expected) = (normalise(board), normalise(expected));
    let paths = |f: &[(String, String)]| f.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&board), paths(&expected));
    for ((path, got), (_, want)) in board.iter().zip(&expected) {
        assert!(
            got == want,
            "{path} differs from the roadmap without the hidden items:\n--- audience build\n{got}\n--- oracle\n{want}"
        );
    }
}

#[test]
fn each_audience_sees_its_own_items_and_the_label() {
    let site = fixture();
    let engineering = build(&site, "eng", &["--audience", "engineering"]);
    assert!(!containing(&engineering, "ZQSECRET tech").is_empty());
    assert!(!containing(&engineering, "zq-hidden-notes").is_empty());
    assert_eq!(containing(&engineering, "Board pack"), Vec::<String>::new());
    let home = String::from_utf8(engineering.iter().find(|(p, _)| p == "index.html").expect("home").1.clone()).unwrap();
    assert!(home.contains("<span class=\"edition\">All engineers edition</span>"), "{home}");
}

#[test]
fn an_unknown_audience_is_a_usage_error_listing_the_known_ones() {
    let site = fixture();
    site.run(&["build", "--audience", "bord"])
        .failure(2)
        .stderr_has("unknown audience `bord`: expected one of board, engineering; did you mean `board`?");
    assert!(!site.path().join("public").exists(), "nothing is written");
    Site::clean().run(&["build", "--audience", "board"]).failure(2).stderr_has("defines no [audiences]");
}

#[test]
fn an_item_naming_an_undefined_audience_is_an_error_with_a_hint() {
    let roadmap = ROADMAP.replacen("audiences = [\"engineering\"]", "audiences = [\"enginering\"]", 1);
    let site = fixture().file("content/roadmap/main.toml", &roadmap);
    let line = roadmap.lines().position(|l| l.contains("\"enginering\"")).expect("line") + 1;
    site.build()
        .failure(1)
        .error_at("invalid-value", &format!("content/roadmap/main.toml:{line}:14"))
        .stderr_has("unknown audience `enginering`: expected one of board, engineering; did you mean `engineering`?");
}

#[test]
fn pages_say_noindex_unless_the_site_is_published_as_indexable() {
    let site = fixture();
    site.build().success();
    let robots = "<meta name=\"robots\" content=\"noindex, nofollow\">";
    assert!(site.output("index.html").contains(robots));
    assert!(site.output("milestones/launch/index.html").contains(robots));
    let site = site.file("roadbook.toml", &format!("{CONFIG}\n[publish]\nindexable = true\n"));
    site.build().success();
    assert!(!site.output("index.html").contains(robots));
    let site = site.file("roadbook.toml", &format!("{CONFIG}\n[publish]\nindexible = true\n"));
    site.build().failure(1).stderr_has("indexable");
}

#[test]
fn the_preview_shows_one_audience_and_refuses_unknown_ones() {
    let site = fixture();
    let server = crate::serve::Server::start_with(site.path(), &["--audience", "board"]);
    let (status, _, home) = server.get("/index.html");
    assert_eq!(status, 200);
    assert!(home.contains("Board and investors edition"), "{home}");
    assert!(!home.contains("ZQSECRET"), "{home}");
    assert_eq!(server.get("/milestones/zq-hidden-tech/index.html").0, 404);
    assert_eq!(server.get("/narratives/zq-hidden-notes/index.html").0, 404);
    assert_eq!(server.get("/narratives/board-pack/index.html").0, 200);
    let (_, _, json) = server.get("/roadmap.json");
    assert!(json.contains("\"audience\": \"board\"") && !json.contains("zq-hidden"), "{json}");

    site.run(&["serve", "--port", "0", "--audience", "bord"]).failure(2).stderr_has("did you mean `board`?");
}

/// `ROADMAP` drawing warnings: one on the board's own `launch` (no
/// `customer_need`), three about `zq-hidden-tech` (no metric; due after
/// `launch`, which names it twice).
fn roadmap_with_warnings() -> String {
    ROADMAP
        .replacen("customer_need = \"Customers wait.\"\n", "", 1)
        .replace("[[milestone.metric]]\nname = \"ZQSECRET metric\"\ntarget = \"1\"\n", "")
        .replace("due = \"2027-02\"", "due = \"2027-06\"")
}

const OWN_WARNING: &str =
    "warning[missing-customer-need]: business milestone `launch` has no `customer_need`: whose problem does it solve?";

#[test]
fn a_board_build_prints_its_own_warnings_and_only_counts_the_others() {
    let site = fixture().file("content/roadmap/main.toml", &roadmap_with_warnings());
    let run = site.run(&["build", "--audience", "board"]);
    run.success().stderr_has(OWN_WARNING).stderr_lacks("zq-hidden").stderr_lacks("ZQSECRET").stderr_lacks("2027-06");
    let last = run.stderr.lines().last().unwrap_or_default();
    assert_eq!(last, "3 warnings in items outside this edition; run `roadbook check` to see them", "{}", run.stderr);
    // `check` still judges the whole roadmap, and a full build shows everything.
    site.run(&["check"]).success().stderr_has("milestone `zq-hidden-tech` has no success metric");
    site.build().success().stderr_has("`zq-hidden-tech` is due 2027-06").stderr_lacks("outside this edition");
}

#[test]
fn a_failed_board_build_counts_errors_in_hidden_items_without_quoting_them() {
    // An invalid `confidence`: unlike an invalid `status`, it leaves the item's warnings standing.
    let broken = roadmap_with_warnings().replace("confidence = \"low\"", "confidence = \"ZQSECRET-shaky\"");
    let site = fixture().file("content/roadmap/main.toml", &broken);
    let run = site.run(&["build", "--audience", "board"]);
    run.failure(1).stderr_has(OWN_WARNING).stderr_lacks("zq-hidden").stderr_lacks("ZQSECRET");
    run.stderr_has("1 error and 3 warnings in items outside this edition; run `roadbook check` to see them\n");
    run.stderr_has("error: build failed with 1 error");
    site.run(&["check"]).failure(1).stderr_has("ZQSECRET-shaky");
}

#[test]
fn the_board_preview_overlay_and_event_stream_name_no_hidden_item() {
    let site = fixture();
    let server = crate::serve::Server::start_with(site.path(), &["--audience", "board"]);
    let events = server.events();
    crate::serve::expect_event(&events, "event: hello");
    let broken = roadmap_with_warnings().replace("confidence = \"low\"", "confidence = \"ZQSECRET-shaky\"");
    site.write("content/roadmap/main.toml", broken.as_bytes());
    let count = "1 error and 3 warnings in items outside this edition; run `roadbook check` to see them";
    let stream = crate::serve::expect_event(&events, count);
    let page = server.wait_for("/milestones/launch/", "roadbook-error");
    let start = page.find("<pre id=\"roadbook-error\"").expect("overlay");
    let overlay = &page[start..start + page[start..].find("</pre>").expect("overlay end")];
    assert!(overlay.contains("business milestone `launch` has no `customer_need`"), "{overlay}");
    assert!(overlay.contains(count), "{overlay}");
    for (what, text) in [("overlay", overlay.to_string()), ("event stream", stream), ("terminal", server.stderr())] {
        for secret in ["zq-hidden", "ZQSECRET", "2027-06"] {
            assert!(!text.contains(secret), "{secret} in the {what}:\n{text}");
        }
    }
}
