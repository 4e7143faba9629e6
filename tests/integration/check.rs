//! `roadbook check`: every warning rule triggered exactly once by a small
//! fixture, with its code, file, line and column; exit codes; text and JSON
//! forms; `allow`.

use crate::harness::{Site, CLEAN};

/// Asserts `check --format json` reports exactly one diagnostic, with this code and place.
#[track_caller]
fn only(site: &Site, code: &str, file: &str, line: u64, column: u64) {
    let (exit, list) = site.check_json();
    assert_eq!(list.len(), 1, "{list:#?}");
    let d = &list[0];
    assert_eq!(d["code"], code, "{d}");
    assert_eq!(d["severity"], "warning");
    assert_eq!(
        (d["file"].as_str().unwrap(), d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()),
        (file, line, column),
        "{d}"
    );
    assert_eq!(exit, 0, "warnings alone pass");
    assert_eq!(site.run(&["check", "--strict"]).code, 1, "--strict fails on warnings");
}

fn clean_with(extra: &str) -> Site {
    Site::clean().file("content/roadmap/extra.toml", extra)
}

const EXTRA_TECH: &str =
    "[[milestone]]\nid = \"extra\"\ntitle = \"Extra\"\ntrack = \"technology\"\ndue = \"2026-12\"\n";

#[test]
fn clean_fixture_and_worked_example_pass_strict() {
    let (exit, list) = Site::clean().check_json();
    assert_eq!((exit, list.len()), (0, 0), "{list:#?}");
    let site = Site::example();
    let run = site.run(&["check", "--strict"]);
    run.success();
    assert!(run.stderr.contains("check: 0 errors, 0 warnings"), "{}", run.stderr);
    assert!(!site.path().join("public").exists(), "check writes nothing");
}

#[test]
fn unsupported_business() {
    let site = clean_with("[[milestone]]\nid = \"solo\"\ntitle = \"Solo\"\ntrack = \"business\"\ndue = \"2027-Q1\"\ncustomer_need = \"x\"\n[[milestone.metric]]\nname = \"m\"\n");
    only(&site, "unsupported-business", "content/roadmap/extra.toml", 2, 6);
}

#[test]
fn orphan_technology() {
    let site = clean_with(&format!("{EXTRA_TECH}[[milestone.metric]]\nname = \"m\"\n"));
    only(&site, "orphan-technology", "content/roadmap/extra.toml", 2, 6);
}

#[test]
fn missing_metric() {
    let site = Site::clean().file(
        "content/roadmap/main.toml",
        &CLEAN.replace("[[milestone.metric]]\nname = \"p95\"\ntarget = \"1 s\"\n", ""),
    );
    only(&site, "missing-metric", "content/roadmap/main.toml", 14, 6);
}

#[test]
fn missing_customer_need() {
    let site =
        Site::clean().file("content/roadmap/main.toml", &CLEAN.replace("customer_need = \"Customers wait.\"\n", ""));
    only(&site, "missing-customer-need", "content/roadmap/main.toml", 2, 6);
}

#[test]
fn schedule_conflict_compares_ends_of_periods() {
    // 2027-03 ends on 2027-03-31, the last day of 2027-Q1: no conflict.
    let ok = Site::clean().file("content/roadmap/main.toml", &CLEAN.replace("due = \"2026-12\"", "due = \"2027-03\""));
    assert_eq!(ok.check_json().1.len(), 0);
    let late =
        Site::clean().file("content/roadmap/main.toml", &CLEAN.replace("due = \"2026-12\"", "due = \"2027-04-01\""));
    only(&late, "schedule-conflict", "content/roadmap/main.toml", 7, 17);
}

/// `check`'s stderr for a clean fixture whose `platform` is due 2027-04-01, with `launch`'s and
/// `platform`'s statuses given.
fn late_platform_check(launch: &str, platform: &str) -> String {
    let main = CLEAN
        .replace("due = \"2027-Q1\"", &format!("due = \"2027-Q1\"\nstatus = \"{launch}\""))
        .replace("due = \"2026-12\"", &format!("due = \"2027-04-01\"\nstatus = \"{platform}\""));
    let run = Site::clean().file("content/roadmap/main.toml", &main).run(&["check"]);
    run.success();
    run.stderr
}

#[test]
fn schedule_conflict_is_history_once_the_supported_milestone_is_done_or_dropped() {
    assert_eq!(late_platform_check("done", "done"), "check: 0 errors, 0 warnings\n");
    assert_eq!(late_platform_check("dropped", "planned"), "check: 0 errors, 0 warnings\n");
    // The supporter's own status does not matter: `launch` still waits on it.
    assert_eq!(
        late_platform_check("in-progress", "done"),
        "warning[schedule-conflict]: `platform` is due 2027-04-01, 1 days after `launch` (2027-Q1) which needs it through `supported_by`\n --> content/roadmap/main.toml:8:17\n  |\n8 | supported_by = [\"platform\"]\n  |                 ^\n  = help: to silence it, add `allow = [\"schedule-conflict\"]` to this item, or for the whole site set `schedule-conflict = \"allow\"` under [lint] in roadbook.toml\n\ncheck: 0 errors, 1 warning\n"
    );
}

/// `check`'s stderr for the clean fixture with one replacement in its roadmap and this roadbook.toml; it fails.
fn check_fails(from: &str, to: &str, config: &str) -> String {
    assert!(CLEAN.contains(from), "{from}");
    let site =
        Site::clean().file("roadbook.toml", config).file("content/roadmap/main.toml", &CLEAN.replacen(from, to, 1));
    let run = site.run(&["check"]);
    run.failure(1);
    run.stderr
}

const CONFIG: &str = "title = \"Clean\"\nas_of = \"2026-11-24\"\n";

#[test]
fn an_invalid_date_or_horizon_is_one_error_not_also_unscheduled() {
    assert_eq!(
        check_fails("due = \"2027-Q1\"", "due = \"2027-13\"", CONFIG),
        "error[invalid-value]: invalid due date `2027-13`: expected a year (2027), a half (2027-H1), a quarter (2027-Q1), a month (2027-03) or a day (2027-03-15)\n --> content/roadmap/main.toml:5:7\n  |\n5 | due = \"2027-13\"\n  |       ^\n\ncheck: 1 error, 0 warnings\n"
    );
    assert_eq!(
        check_fails("due = \"2027-Q1\"", "horizon = \"soonish\"", CONFIG),
        "error[invalid-value]: invalid horizon `soonish`: expected one of now, next, later\n --> content/roadmap/main.toml:5:11\n  |\n5 | horizon = \"soonish\"\n  |           ^\n\ncheck: 1 error, 0 warnings\n"
    );
}

#[test]
fn an_invalid_track_is_one_error_not_also_business_warnings_or_wrong_track() {
    // `launch` falls back to business internally, but is not asked for business things.
    let launch = CLEAN.replacen("customer_need = \"Customers wait.\"\nsupported_by = [\"platform\"]\n", "", 1);
    let site = Site::clean().file("content/roadmap/main.toml", &launch.replacen("\"business\"", "\"bussiness\"", 1));
    let run = site.run(&["check"]);
    run.failure(1);
    assert_eq!(
        run.stderr,
        "error[invalid-value]: invalid track `bussiness`: expected one of business, technology; did you mean `business`?\n --> content/roadmap/main.toml:4:9\n  |\n4 | track = \"bussiness\"\n  |         ^\n\nwarning[orphan-technology]: technology milestone `platform` supports no business milestone: which customer outcome does it serve?\n  --> content/roadmap/main.toml:12:6\n   |\n12 | id = \"platform\"\n   |      ^\n   = help: to silence it, add `allow = [\"orphan-technology\"]` to this item, or for the whole site set `orphan-technology = \"allow\"` under [lint] in roadbook.toml\n\ncheck: 1 error, 1 warning\n"
    );
    // `platform` is named in `supported_by` and would be taken for business.
    assert_eq!(
        check_fails("track = \"technology\"", "track = \"tech\"", CONFIG),
        "error[invalid-value]: invalid track `tech`: expected one of business, technology\n  --> content/roadmap/main.toml:16:9\n   |\n16 | track = \"tech\"\n   |         ^\n\ncheck: 1 error, 0 warnings\n"
    );
}

#[test]
fn an_invalid_review_cadence_is_one_error_not_also_stale_review_by_the_default() {
    let config = format!("{CONFIG}last_review = \"2026-01-01\"\nreview_every_days = 0\n");
    assert_eq!(
        check_fails("", "", &config),
        "error[invalid-value]: review_every_days must be a positive number of days\n --> roadbook.toml:4:21\n  |\n4 | review_every_days = 0\n  |                     ^\n\ncheck: 1 error, 0 warnings\n"
    );
}

#[test]
fn duplicate_title_names_both_places() {
    let twin = format!("{EXTRA_TECH}[[milestone.metric]]\nname = \"m\"\n")
        .replace("\"extra\"", "\"launch-2\"")
        .replace("title = \"Extra\"", "title = \"  lAUNCH \"")
        .replace("track = \"technology\"", "track = \"technology\"\ndepends_on = [\"platform\"]");
    let twin_site = |text: &str| Site::clean().file("content/roadmap/twin.toml", text);
    let site = twin_site(&twin);
    let run = site.run(&["check"]);
    run.success();
    assert_eq!(
        run.stderr,
        "warning[orphan-technology]: technology milestone `launch-2` supports no business milestone: which customer outcome does it serve?\n --> content/roadmap/twin.toml:2:6\n  |\n2 | id = \"launch-2\"\n  |      ^\n  = help: to silence it, add `allow = [\"orphan-technology\"]` to this item, or for the whole site set `orphan-technology = \"allow\"` under [lint] in roadbook.toml\n\nwarning[duplicate-title]: milestone `launch-2` has the same title as milestone `launch` (content/roadmap/main.toml:3): give each its own title\n --> content/roadmap/twin.toml:3:9\n  |\n3 | title = \"  lAUNCH \"\n  |         ^\n  = help: to silence it, add `allow = [\"duplicate-title\"]` to this item, or for the whole site set `duplicate-title = \"allow\"` under [lint] in roadbook.toml\n\ncheck: 0 errors, 2 warnings\n"
    );
    // Different titles, and the same id twice (a `duplicate-id` error), are no duplicate titles.
    let (_, list) = twin_site(&twin.replace("lAUNCH", "Launch again")).check_json();
    assert!(list.iter().all(|d| d["code"] != "duplicate-title"), "{list:#?}");
    let (_, list) = twin_site(&twin.replace("\"launch-2\"", "\"launch\"")).check_json();
    let codes: Vec<&str> = list.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"duplicate-id") && !codes.contains(&"duplicate-title"), "{codes:?}");
    // Any case as Unicode has it: a capital sigma at the end of a word is a final ς in lower case.
    let greek =
        |id: &str, title: &str| EXTRA_TECH.replace("\"extra\"", &format!("\"{id}\"")).replace("\"Extra\"", title);
    let site = Site::clean()
        .file("content/roadmap/a.toml", &greek("odos-a", "\"ΟΔΟΣ\""))
        .file("content/roadmap/b.toml", &greek("odos-b", "\"οδος\""));
    let (_, list) = site.check_json();
    let twins: Vec<&str> =
        list.iter().filter(|d| d["code"] == "duplicate-title").map(|d| d["message"].as_str().unwrap()).collect();
    assert_eq!(
        twins,
        ["milestone `odos-b` has the same title as milestone `odos-a` (content/roadmap/a.toml:3): give each its own title"]
    );
}

#[test]
fn overdue_gate() {
    let past = CLEAN.replace(
        "[[milestone]]\nid = \"platform\"",
        "[milestone.gate]\ndate = \"2026-11-01\"\ncriteria = \"c\"\n\n[[milestone]]\nid = \"platform\"",
    );
    only(&Site::clean().file("content/roadmap/main.toml", &past), "overdue-gate", "content/roadmap/main.toml", 14, 8);
    let decided = past.replace("criteria = \"c\"", "criteria = \"c\"\ndecision = \"go\"");
    assert_eq!(Site::clean().file("content/roadmap/main.toml", &decided).check_json().1.len(), 0);
}

#[test]
fn stale_review() {
    let site = Site::clean().file(
        "roadbook.toml",
        "title = \"T\"\nas_of = \"2026-11-24\"\nlast_review = \"2026-06-01\"\nreview_every_days = 92\n",
    );
    only(&site, "stale-review", "roadbook.toml", 3, 15);
    let fresh =
        Site::clean().file("roadbook.toml", "title = \"T\"\nas_of = \"2026-11-24\"\nlast_review = \"2026-10-01\"\n");
    assert_eq!(fresh.check_json().1.len(), 0);
}

/// With `last_review` and no `review_every_days`, the quarterly default holds
/// for both the linter and the home page's badge (they once disagreed: the
/// linter warned and the page showed no badge).
#[test]
fn overdue_review_without_a_cadence_warns_and_badges_the_home_page() {
    let review_line = |site: &Site| -> String {
        let home = site.output("index.html");
        let lines: Vec<&str> = home.lines().filter(|l| l.contains("Last reviewed")).collect();
        assert_eq!(lines.len(), 1, "{home}");
        lines[0].trim().to_string()
    };
    let config = "title = \"T\"\nas_of = \"2026-11-24\"\nlast_review = \"2026-06-01\"\n";
    let site = Site::clean().file("roadbook.toml", config);
    let (_, list) = site.check_json();
    assert_eq!(list.len(), 1, "{list:#?}");
    assert_eq!(
        (list[0]["code"].as_str(), list[0]["message"].as_str()),
        (
            Some("stale-review"),
            Some("the roadmap was last reviewed 176 days ago (2026-06-01); the cadence is every 92 days")
        )
    );
    site.build().success();
    assert_eq!(
        review_line(&site),
        "<p class=\"home-meta\">Roadmap as of <strong>2026-11-24</strong> · Last reviewed <strong>2026-06-01</strong> <span class=\"badge badge-stale\">Review overdue</span></p>"
    );

    // 92 days is on time, 93 is not: the page and the linter change together.
    let site = Site::clean().file("roadbook.toml", &config.replace("2026-06-01", "2026-08-24"));
    assert_eq!(site.check_json().1.len(), 0);
    site.build().success();
    assert_eq!(
        review_line(&site),
        "<p class=\"home-meta\">Roadmap as of <strong>2026-11-24</strong> · Last reviewed <strong>2026-08-24</strong></p>"
    );
    let site = Site::clean().file("roadbook.toml", &config.replace("2026-06-01", "2026-08-23"));
    assert_eq!(site.check_json().1[0]["code"], "stale-review");
    site.build().success();
    assert!(review_line(&site).ends_with("<span class=\"badge badge-stale\">Review overdue</span></p>"));
}

#[test]
fn unmanaged_risk() {
    let site = Site::clean().file(
        "content/roadmap/main.toml",
        &CLEAN.replace("due = \"2026-12\"", "due = \"2026-12\"\nstatus = \"blocked\""),
    );
    only(&site, "unmanaged-risk", "content/roadmap/main.toml", 18, 10);
    let managed = site.file(
        "content/roadmap/risks.toml",
        "[[risk]]\nid = \"r\"\ntitle = \"R\"\nstatus = \"open\"\nmilestones = [\"platform\"]\n",
    );
    assert_eq!(managed.check_json().1.len(), 0);
}

#[test]
fn unscheduled() {
    let site = Site::clean().file("content/roadmap/main.toml", &CLEAN.replace("due = \"2026-12\"\n", ""));
    only(&site, "unscheduled", "content/roadmap/main.toml", 14, 6);
}

#[test]
fn allow_silences_a_warning_and_unknown_codes_are_errors() {
    let site = Site::clean()
        .file("roadbook.toml", "title = \"T\"\nas_of = \"2026-11-24\"\nallow = [\"unscheduled\"]\n")
        .file("content/roadmap/main.toml", &CLEAN.replace("due = \"2026-12\"\n", ""));
    assert_eq!(site.check_json(), (0, vec![]));
    let typo = site.file("roadbook.toml", "title = \"T\"\nallow = [\"unscheduld\"]\n");
    let run = typo.run(&["check"]);
    run.failure(1).error_at("invalid-value", "roadbook.toml:2:10").stderr_has("did you mean `unscheduled`?");
}

/// `highlight-skipped` is found while rendering Markdown, not by the linter: `allow` silences it too.
#[test]
fn allow_silences_warnings_found_outside_the_linter() {
    let long = format!("# Long\n\n```rust\n{}```\n", "let x = 1;\n".repeat(5_001));
    let site = Site::clean().file("content/narratives/long.md", &long);
    let (exit, list) = site.check_json();
    let codes: Vec<&str> = list.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!((exit, codes), (0, vec!["highlight-skipped"]));
    let site =
        site.file("roadbook.toml", "title = \"Clean\"\nas_of = \"2026-11-24\"\nallow = [\"highlight-skipped\"]\n");
    assert_eq!(site.check_json(), (0, vec![]));
}

#[test]
fn text_form_looks_like_rustc_and_errors_exit_1() {
    let site =
        clean_with("[[milestone]]\nid = \"x\"\ntitle = \"X\"\ntrack = \"business\"\nsupported_by = [\"platfrom\"]\n");
    let run = site.run(&["check"]);
    run.failure(1)
        .stderr_has("error[dangling-reference]: `supported_by` names milestone `platfrom`, which does not exist; did you mean `platform`?\n --> content/roadmap/extra.toml:5:17\n  |\n5 | supported_by = [\"platfrom\"]\n  |                 ^\n")
        .stderr_has("warning[unscheduled]")
        .stderr_has("check: 1 error, 3 warnings");
    let (exit, list) = site.check_json();
    assert_eq!(exit, 1);
    assert_eq!(list.iter().filter(|d| d["severity"] == "error").count(), 1);
    site.run(&["check", "--format", "yaml"]).failure(2);
}

#[test]
fn build_prints_warnings_but_succeeds() {
    let site = clean_with(&format!("{EXTRA_TECH}[[milestone.metric]]\nname = \"m\"\n"));
    site.build().success().stderr_has("warning[orphan-technology]");
}

/// Two unmeasured technology milestones; the second allows `missing-metric` for itself.
const ITEM_ALLOW: &str = "[[milestone]]\nid = \"loud\"\ntitle = \"Loud\"\ntrack = \"technology\"\ndue = \"2026-12\"\n\n[[milestone]]\nid = \"quiet\"\ntitle = \"Quiet\"\ntrack = \"technology\"\ndue = \"2026-12\"\nallow = [\"missing-metric\"]\n";

#[test]
fn an_items_allow_silences_its_own_warnings_only() {
    let site = Site::clean().file("content/roadmap/extra.toml", ITEM_ALLOW);
    let run = site.run(&["check"]);
    run.success();
    assert_eq!(
        run.stderr,
        "warning[missing-metric]: milestone `loud` has no success metric: add a `[[milestone.metric]]` saying how you will know
 --> content/roadmap/extra.toml:2:6
  |
2 | id = \"loud\"
  |      ^
  = help: to silence it, add `allow = [\"missing-metric\"]` to this item, or for the whole site set `missing-metric = \"allow\"` under [lint] in roadbook.toml

warning[orphan-technology]: technology milestone `loud` supports no business milestone: which customer outcome does it serve?
 --> content/roadmap/extra.toml:2:6
  |
2 | id = \"loud\"
  |      ^
  = help: to silence it, add `allow = [\"orphan-technology\"]` to this item, or for the whole site set `orphan-technology = \"allow\"` under [lint] in roadbook.toml

warning[orphan-technology]: technology milestone `quiet` supports no business milestone: which customer outcome does it serve?
 --> content/roadmap/extra.toml:8:6
  |
8 | id = \"quiet\"
  |      ^
  = help: to silence it, add `allow = [\"orphan-technology\"]` to this item, or for the whole site set `orphan-technology = \"allow\"` under [lint] in roadbook.toml

check: 0 errors, 3 warnings
"
    );
}

#[test]
fn an_items_allow_names_warnings_only_with_did_you_mean() {
    let extra = ITEM_ALLOW.replace("allow = [\"missing-metric\"]", "allow = [\"missing-metrics\", \"cycle\"]");
    let site = Site::clean().file("content/roadmap/extra.toml", &extra);
    let run = site.run(&["check"]);
    run.failure(1);
    let errors: Vec<&str> = run.stderr.split("\n\n").filter(|b| b.starts_with("error[")).collect();
    assert_eq!(
        errors,
        [
            "error[invalid-value]: `missing-metrics` is not a warning that can be allowed; did you mean `missing-metric`?
  --> content/roadmap/extra.toml:12:10
   |
12 | allow = [\"missing-metrics\", \"cycle\"]
   |          ^",
            "error[invalid-value]: `cycle` is an error, and only warnings can be allowed: fix what it reports instead
  --> content/roadmap/extra.toml:12:29
   |
12 | allow = [\"missing-metrics\", \"cycle\"]
   |                             ^",
        ]
    );
}

/// A narrative is one item: its front matter's `allow` covers its whole file.
#[test]
fn a_narratives_allow_covers_its_file() {
    let long = format!("# Long\n\n```rust\n{}```\n", "let x = 1;\n".repeat(5_001));
    let site = Site::clean()
        .file("content/narratives/long.md", &format!("+++\nallow = [\"highlight-skipped\"]\n+++\n{long}"))
        .file("content/narratives/other.md", &long);
    let (exit, list) = site.check_json();
    let found: Vec<(&str, &str)> =
        list.iter().map(|d| (d["code"].as_str().unwrap(), d["file"].as_str().unwrap())).collect();
    assert_eq!((exit, found), (0, vec![("highlight-skipped", "content/narratives/other.md")]));
    let typo = site.file("content/narratives/long.md", &format!("+++\nallow = [\"highlight-skiped\"]\n+++\n{long}"));
    typo.run(&["check"])
        .failure(1)
        .error_at("invalid-value", "content/narratives/long.md:2:10")
        .stderr_has("did you mean `highlight-skipped`?");
}

/// `[lint]` sets a level per warning code, as clippy does: `deny` fails the build, `allow` silences.
#[test]
fn lint_table_denies_allows_and_warns() {
    let config = "title = \"T\"\nas_of = \"2026-11-24\"\n\n[lint]\nmissing-metric = \"deny\"\norphan-technology = \"allow\"\nunscheduled = \"warn\"\n";
    let site = Site::clean().file("roadbook.toml", config).file("content/roadmap/extra.toml", ITEM_ALLOW);
    let run = site.build();
    run.failure(1);
    let blocks: Vec<&str> =
        run.stderr.split("\n\n").filter(|b| b.starts_with("error[") || b.starts_with("warning[")).collect();
    assert_eq!(
        blocks,
        ["error[missing-metric]: milestone `loud` has no success metric: add a `[[milestone.metric]]` saying how you will know (denied by [lint] in roadbook.toml: `missing-metric = \"deny\"`)
 --> content/roadmap/extra.toml:2:6
  |
2 | id = \"loud\"
  |      ^"],
        "an item's own allow still silences a denied code (`quiet`), and `allow` silences everywhere"
    );
    assert!(!site.path().join("public/index.html").exists(), "a denied warning fails the build");
    let (exit, list) = site.check_json();
    assert_eq!((exit, list.len(), &list[0]["severity"]), (1, 1, &serde_json::json!("error")));
    let warn = site.file("roadbook.toml", &config.replace("\"deny\"", "\"warn\""));
    let (exit, list) = warn.check_json();
    let codes: Vec<&str> = list.iter().map(|d| d["severity"].as_str().unwrap()).collect();
    assert_eq!((exit, codes), (0, vec!["warning"]));
}

#[test]
fn lint_table_typos_are_errors_with_did_you_mean() {
    let config = "title = \"T\"\n[lint]\nmissing-metrics = \"allow\"\nunscheduled = \"dney\"\ncycle = \"allow\"\n";
    let run = Site::clean().file("roadbook.toml", config).run(&["check"]);
    run.failure(1);
    let errors: Vec<&str> = run.stderr.split("\n\n").filter(|b| b.starts_with("error[")).collect();
    assert_eq!(
        errors,
        [
            "error[invalid-value]: `missing-metrics` in [lint] is not a warning code; did you mean `missing-metric`?
 --> roadbook.toml:3:1
  |
3 | missing-metrics = \"allow\"
  | ^",
            "error[invalid-value]: `dney` is not a lint level for `unscheduled`: expected `allow`, `warn` or `deny`; did you mean `deny`?
 --> roadbook.toml:4:15
  |
4 | unscheduled = \"dney\"
  |               ^",
            "error[invalid-value]: `cycle` is an error, and [lint] sets levels of warnings only: fix what it reports instead
 --> roadbook.toml:5:1
  |
5 | cycle = \"allow\"
  | ^",
        ]
    );
    let both = "title = \"T\"\nallow = [\"unscheduled\"]\n[lint]\nunscheduled = \"deny\"\n";
    Site::clean()
        .file("roadbook.toml", both)
        .run(&["check"])
        .failure(1)
        .error_at("invalid-value", "roadbook.toml:4:1")
        .stderr_has("`unscheduled` is in `allow = [...]` and set to `deny` in [lint]: keep one");
}

/// Shaped like a real open-source language roadmap: undated themes and goals with owners, no
/// metrics, no business track. Its `[lint]` says those are not its concern; what is left is
/// what a reader would act on (a blocked goal no risk names), and one theme allows even that.
const OPEN_SOURCE: &str = r#"[[milestone]]
id = "faster-builds"
title = "Faster builds"
track = "technology"
area = "Compiler"
horizon = "now"
owner = "compiler team"
status = "in-progress"

[[milestone]]
id = "async-traits"
title = "Async functions in traits"
track = "technology"
area = "Language"
horizon = "next"
owner = "lang team"
status = "blocked"

[[milestone]]
id = "polonius"
title = "The next borrow checker"
track = "technology"
area = "Language"
horizon = "later"
owner = "types team"
status = "at-risk"
allow = ["unmanaged-risk"]   # tracked upstream, not in this roadmap
"#;

#[test]
fn an_open_source_shaped_roadmap_warns_only_about_what_its_readers_would_act_on() {
    let site = Site::new()
        .file("roadbook.toml", "title = \"Language roadmap\"\nas_of = \"2026-11-24\"\n")
        .file("content/roadmap/goals.toml", OPEN_SOURCE);
    let (exit, list) = site.check_json();
    let mut codes: Vec<&str> = list.iter().map(|d| d["code"].as_str().unwrap()).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!((exit, codes), (0, vec!["missing-metric", "orphan-technology", "unmanaged-risk"]));
    let site = site.file(
        "roadbook.toml",
        "title = \"Language roadmap\"\nas_of = \"2026-11-24\"\n\n[lint]\nmissing-metric = \"allow\"\norphan-technology = \"allow\"\n",
    );
    let run = site.run(&["check"]);
    run.success();
    assert_eq!(
        run.stderr,
        "warning[unmanaged-risk]: milestone `async-traits` is blocked but no open risk names it: add a `[[risk]]` with a mitigation
  --> content/roadmap/goals.toml:17:10
   |
17 | status = \"blocked\"
   |          ^
   = help: to silence it, add `allow = [\"unmanaged-risk\"]` to this item, or for the whole site set `unmanaged-risk = \"allow\"` under [lint] in roadbook.toml

check: 0 errors, 1 warning
"
    );
    let quiet =
        site.file("content/roadmap/goals.toml", &OPEN_SOURCE.replace("status = \"blocked\"", "status = \"planned\""));
    quiet.run(&["check", "--strict"]).success().stderr_has("check: 0 errors, 0 warnings");
}
