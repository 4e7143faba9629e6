//! `roadbook import`: the sample exports in `tests/import/` (written from
//! each tool's documented export format) become roadmap files that pass
//! `check` and build; a re-import keeps what a person wrote; bad exports give
//! every problem with its place, and nothing is written.

use crate::harness::{repo, Run, Site};

fn sample(name: &str) -> String {
    repo().join("tests/import").join(name).display().to_string()
}

fn import(site: &Site, args: &[&str]) -> Run {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    site.run(&all)
}

/// A site with no milestones of its own.
fn empty_site() -> Site {
    Site::new()
        .file("roadbook.toml", "title = \"Imported\"\nas_of = \"2026-11-24\"\n")
        .file("content/index.md", "# Home\n")
}

/// (id, status, due or "", track) of every milestone in the built roadmap.json.
fn built(site: &Site) -> Vec<(String, String, String, String)> {
    site.build().success();
    let json: serde_json::Value = serde_json::from_str(&site.output("roadmap.json")).unwrap();
    json["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let s = |k: &str| m[k].as_str().unwrap_or("").to_string();
            (s("id"), s("status"), s("due"), s("track"))
        })
        .collect()
}

fn row(id: &str, status: &str, due: &str, track: &str) -> (String, String, String, String) {
    (id.into(), status.into(), due.into(), track.into())
}

const JIRA_TOML: &str = r#"# Milestones imported by `roadbook import` from jira.csv (preset jira).
# Re-import with --update: fields the export has are brought in step; everything else
# here (customer need, metrics, gates, supported_by, comments) is yours and is kept.

[[milestone]]
id = "instant-payouts-to-bank-accounts"
key = "PAY-101"
title = "Instant payouts to bank accounts"
track = "business"
status = "in-progress"
area = "Payouts"
owner = "Ana Lima"
due = "2027-03-31"
tags = ["payments", "highlight"]
description = """
Merchants get their money in minutes, not days.

Scope:
- EU first, "same day" in the UK"""
depends_on = ["ledger-v2-double-entry-core"]

[[milestone]]
id = "ledger-v2-double-entry-core"
key = "PAY-102"
title = "Ledger v2 double-entry core"
track = "technology"
status = "planned"
area = "Ledger"
owner = "Bo Chen"
due = "2027-01-15"
tags = ["platform"]
description = "New ledger with idempotent postings."

[[milestone]]
id = "fraud-scoring-at-checkout"
key = "PAY-103"
title = "Fraud scoring at checkout"
track = "business"
status = "done"
area = "Risk"
due = "2026-09-30"
tags = ["risk", "fraud", "help-wanted"]

[[milestone]]
id = "retire-the-batch-settlement-job"
key = "PAY-104"
title = "Retire the batch settlement job"
track = "technology"
status = "dropped"
area = "Ledger"
owner = "Bo Chen"
tags = ["platform"]
"#;

#[test]
fn jira_export_becomes_a_roadmap_that_checks_and_builds() {
    let site = empty_site();
    let run = import(&site, &[&sample("jira.csv")]);
    run.success();
    assert_eq!(
        run.stdout,
        format!(
            "Preset: jira (guessed from Issue key, Summary, Issue Type, Issue id; --preset chooses another)
content/roadmap/imported.toml: 4 items from {}: 4 added, 0 updated, 0 dropped, 0 unchanged
  + PAY-101 instant-payouts-to-bank-accounts: Instant payouts to bank accounts
  + PAY-102 ledger-v2-double-entry-core: Ledger v2 double-entry core
  + PAY-103 fraud-scoring-at-checkout: Fraud scoring at checkout
  + PAY-104 retire-the-batch-settlement-job: Retire the batch settlement job
",
            sample("jira.csv")
        )
    );
    assert_eq!(site.read("content/roadmap/imported.toml"), JIRA_TOML);
    let (code, diagnostics) = site.check_json();
    assert_eq!(code, 0, "{diagnostics:?}");
    assert!(diagnostics.iter().all(|d| d["severity"] == "warning"));
    assert_eq!(
        built(&site),
        [
            row("instant-payouts-to-bank-accounts", "in-progress", "2027-03-31", "business"),
            row("ledger-v2-double-entry-core", "planned", "2027-01-15", "technology"),
            row("fraud-scoring-at-checkout", "done", "2026-09-30", "business"),
            row("retire-the-batch-settlement-job", "dropped", "", "technology"),
        ]
    );
    let page = site.output("milestones/fraud-scoring-at-checkout/index.html");
    assert!(page.contains("<dt>Tracked as</dt><dd>PAY-103</dd>"), "{page}");
    assert!(page.contains(r#"<li><a class="tag" href="../../tags/help-wanted/index.html">help-wanted</a></li>"#));
}

#[test]
fn linear_github_and_generic_exports() {
    let site = empty_site();
    import(&site, &[&sample("linear.csv"), "--into", "linear.toml"]).success();
    import(&site, &[&sample("github-issues.json"), "--into", "issues.toml"]).success();
    import(&site, &[&sample("github-project.json"), "--into", "project.toml", "--track", "technology"]).success();
    let run = import(&site, &[&sample("generic.csv"), "--into", "sheet.toml", "--map", "key=Name"]);
    assert_eq!(
        run.success().stdout.lines().next(),
        Some("Preset: generic (no tool's columns found; --map names columns, --preset chooses a tool)")
    );
    assert_eq!(site.check_json().0, 0);
    let mut milestones = built(&site);
    milestones.sort();
    assert_eq!(
        milestones,
        [
            row("cafe-mode", "planned", "2027-Q4", "business"),
            row("cut-cold-start-below-200-ms", "done", "", "business"),
            row("dark-mode-for-the-dashboard", "planned", "2027-03-31", "business"),
            row("event-bus", "in-progress", "2027-06-30", "technology"),
            row("multi-region-database", "planned", "2027-06-30", "business"),
            row("partner-marketplace", "planned", "2027-09-30", "business"),
            row("public-api-v1", "in-progress", "2027-05-15", "technology"),
            row("rate-limiting", "planned", "", "technology"),
            row("self-serve-onboarding", "in-progress", "2027-02-28", "business"),
            row("soc-2-type-ii", "planned", "2027-Q2", "business"),
            row("usage-based-billing", "dropped", "", "business"),
        ]
    );
    let project = site.read("content/roadmap/project.toml");
    assert!(project.contains("key = \"acme/api#7\"\n"), "{project}");
    assert!(project.contains("owner = \"octocat, hubot\"\n"));
    assert!(project.contains(
        "[[milestone.link]]\ntitle = \"GitHub acme/api#7\"\nurl = \"https://github.com/acme/api/issues/7\"\n"
    ));
    let linear = site.read("content/roadmap/linear.toml");
    assert!(linear.contains("tags = [\"Growth\", \"Highlight\"]\n"), "Linear's comma-separated labels: {linear}");
    assert!(linear.contains("area = \"Onboarding\"\n"), "the project is the area");
    let sheet = site.read("content/roadmap/sheet.toml");
    assert!(sheet.contains("title = \"Café mode\"\n"), "a Latin-1 row is read as Latin-1: {sheet}");
    assert!(sheet.contains("start = \"2027-01-01\"\n"));
}

#[test]
fn a_reimport_keeps_what_a_person_wrote_and_marks_what_left_as_dropped() {
    let site = empty_site();
    import(&site, &[&sample("jira.csv")]).success();
    // A person adds a customer need, a metric, a supporting link and comments.
    let edited = JIRA_TOML
        .replace(
            "depends_on = [\"ledger-v2-double-entry-core\"]\n",
            "depends_on = [\"ledger-v2-double-entry-core\"]\ncustomer_need = \"Merchants wait three days for their money.\" # from the Q3 interviews\nsupported_by = [\"ledger-v2-double-entry-core\"]\n\n[[milestone.metric]]\nname = \"Payout time\"\ntarget = \"10 minutes\"\n",
        )
        .replace("status = \"planned\"\n", "status = \"planned\"   # waiting on the audit\n");
    site.write("content/roadmap/imported.toml", edited.as_bytes());
    // The next export: PAY-102 is done, PAY-101 (in progress) and PAY-103 (done) are gone, PAY-105 is new.
    let csv = std::fs::read_to_string(sample("jira.csv")).unwrap();
    let next: String = csv
        .replace(",\"Merchants get their money in minutes, not days.\n\nScope:\n- EU first, \"\"same day\"\" in the UK\",", ",x,")
        .lines()
        .filter(|l| !l.starts_with("Instant payouts") && !l.starts_with("Fraud scoring"))
        .map(|l| if l.starts_with("Ledger v2") { l.replace(",To Do,", ",Done,") } else { l.to_string() })
        .chain(["Payout status API,PAY-105,10105,Story,To Do,PAY,Medium,Ana Lima,Sam Reyes,01/Dec/26 9:00 AM,01/Dec/26 9:00 AM,30/Jun/27,payments,,,,,Payouts,,,".to_string()])
        .map(|l| l + "\n")
        .collect();
    site.write("next.csv", next.as_bytes());
    let next_path = site.path().join("next.csv").display().to_string();
    let run = import(&site, &[&next_path, "--update", "--preset", "jira"]);
    assert_eq!(
        run.success().stdout,
        format!(
            "content/roadmap/imported.toml: 3 items from {next_path}: 1 added, 1 updated, 1 dropped, 1 unchanged
  + PAY-105 payout-status-api: Payout status API
  ~ PAY-102: status
  - PAY-101: Instant payouts to bank accounts (no longer in the export; marked dropped)
  = PAY-103: Fraud scoring at checkout (no longer in the export; stays done)
"
        )
    );
    let after = site.read("content/roadmap/imported.toml");
    assert!(
        after.contains("customer_need = \"Merchants wait three days for their money.\" # from the Q3 interviews\n"),
        "{after}"
    );
    assert!(after.contains("[[milestone.metric]]\nname = \"Payout time\"\ntarget = \"10 minutes\"\n"));
    assert!(after.contains("key = \"PAY-102\"\ntitle = \"Ledger v2 double-entry core\"\ntrack = \"technology\"\nstatus = \"done\"   # waiting on the audit\n"), "{after}");
    assert!(after.contains(
        "key = \"PAY-101\"\ntitle = \"Instant payouts to bank accounts\"\ntrack = \"business\"\nstatus = \"dropped\"\n"
    ));
    assert!(after.contains(
        "key = \"PAY-103\"\ntitle = \"Fraud scoring at checkout\"\ntrack = \"business\"\nstatus = \"done\"\n"
    ));
    assert!(after.ends_with("[[milestone]]\nid = \"payout-status-api\"\nkey = \"PAY-105\"\ntitle = \"Payout status API\"\ntrack = \"business\"\nstatus = \"planned\"\narea = \"Payouts\"\nowner = \"Ana Lima\"\ndue = \"2027-06-30\"\ntags = [\"payments\"]\n"), "{after}");
    // The same import again changes nothing, byte for byte.
    let run = import(&site, &[&next_path, "--update", "--preset", "jira"]);
    assert_eq!(
        run.success().stdout,
        format!(
            "content/roadmap/imported.toml: 3 items from {next_path}: 0 added, 0 updated, 0 dropped, 3 unchanged\n  = PAY-103: Fraud scoring at checkout (no longer in the export; stays done)\n"
        )
    );
    assert_eq!(site.read("content/roadmap/imported.toml"), after);
    assert_eq!(site.check_json().0, 0);
}

#[test]
fn nothing_is_overwritten_without_update_and_a_dry_run_writes_nothing() {
    let site = empty_site().file("content/roadmap/imported.toml", "# mine\n");
    let run = import(&site, &[&sample("jira.csv")]);
    assert_eq!(
        run.failure(2).stderr,
        format!(
            "error: `{}/content/roadmap/imported.toml` exists; pass --update to bring it in step with the export (what you wrote by hand is kept), or --into another file\n",
            site.path().display()
        )
    );
    assert_eq!(site.read("content/roadmap/imported.toml"), "# mine\n");
    let run = import(&site, &[&sample("jira.csv"), "--into", "jira.toml", "--dry-run"]);
    assert!(
        run.success().stdout.contains("4 would be added, 0 would be updated, 0 would be dropped, 0 unchanged\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.ends_with("Dry run: nothing was written.\n"));
    assert!(!site.path().join("content/roadmap/jira.toml").exists());
}

#[test]
fn bad_exports_give_every_problem_with_its_place_and_write_nothing() {
    let site = empty_site().file(
        "bad.csv",
        "Summary,Issue key,Issue Type,Status,Due date\nOne,X-1,Epic,Ready for QA,31/Mar/27\nTwo,X-2,Task,Done,someday\nThree,X-1,Task,Done,\n",
    );
    let bad = site.path().join("bad.csv").display().to_string();
    let run = import(&site, &[&bad]);
    assert_eq!(
        run.failure(1).stderr,
        format!(
            "error[import]: the status `Ready for QA` in column `Status` has no meaning in roadbook. Say what it means in roadbook.toml:
[import.status]
\"Ready for QA\" = \"in-progress\"   # one of proposed, planned, in-progress, at-risk, blocked, done, dropped
 --> {bad}:2:4

error[import]: cannot read the date `someday` in column `Due date` (the due date): roadbook reads 2027-01-12, 12/Jan/27, 01/12/2027 (--dates us) or 12/01/2027 (--dates dmy), 2027-Q1 and 2027-01
 --> {bad}:3:5

error[import]: the key `X-1` is given twice (first on line 2); each item needs its own key
 --> {bad}:4:2

error: import failed with 3 errors; nothing was written
"
        )
    );
    assert!(!site.path().join("content/roadmap").exists());
    // [import.status] gives the status its meaning.
    site.write(
        "roadbook.toml",
        b"title = \"Imported\"\nas_of = \"2026-11-24\"\n\n[import.status]\n\"Ready for QA\" = \"in-progres\"\n",
    );
    let run = import(&site, &[&bad]);
    run.failure(1).stderr_has(
        "[import.status] maps `Ready for QA` to `in-progres`, which is not a status; did you mean `in-progress`?",
    );
    // A mistyped roadbook.toml is reported as check reports it.
    site.write("roadbook.toml", b"title = \"Imported\"\n[import]\nstatuss = {}\n");
    assert_eq!(
        import(&site, &[&bad]).failure(1).stderr,
        "error[unknown-field]: unknown field `statuss`; did you mean `status`?\n --> roadbook.toml:3:1\n  |\n3 | statuss = {}\n  | ^\n\nerror: import failed with 1 error; nothing was written\n"
    );
    site.write(
        "roadbook.toml",
        b"title = \"Imported\"\nas_of = \"2026-11-24\"\n\n[import.status]\n\"Ready for QA\" = \"in-progress\"\n",
    );
    site.write("bad.csv", b"Summary,Issue key,Issue Type,Status,Due date\nOne,X-1,Epic,Ready for QA,31/Mar/27\n");
    import(&site, &[&bad]).success();
    assert!(site.read("content/roadmap/imported.toml").contains("status = \"in-progress\"\n"));
}

#[test]
fn columns_that_are_not_there_are_named_with_the_ones_that_are() {
    let site = empty_site().file("sheet.csv", "Name,Statuss,Due\nA,Done,2027-01-01\n");
    let sheet = site.path().join("sheet.csv").display().to_string();
    let run = import(&site, &[&sheet, "--preset", "jira"]);
    assert_eq!(
        run.failure(1).stderr,
        format!(
            "error[import]: no title column: expected one of `Summary`. Name it with --map title=COLUMN (the columns are `Name`, `Statuss`, `Due`)
 --> {sheet}:1:1

error: import failed with 1 error; nothing was written
"
        )
    );
    let run = import(&site, &[&sheet, "--map", "title=Name", "--map", "status=Status"]);
    run.failure(1).stderr_has("no column `Status` in the header (from --map status=Status); did you mean `Statuss`?");
    let run = import(&site, &[&sheet, "--map", "titel=Name"]);
    assert_eq!(
        run.failure(2).stderr,
        "error: --map: `titel` is not a field roadbook imports; did you mean `title`?; the fields are key, title, status, due, start, track, area, owner, tags, description, url, depends_on, blocks\n"
    );
    assert!(!site.path().join("content/roadmap").exists());
}

#[test]
fn empty_binary_and_broken_files_are_refused() {
    let site = empty_site()
        .file("empty.csv", "")
        .file("header.csv", "Title,Status\n")
        .file("broken.json", "[{\"title\": \"A\",}]");
    site.write("binary.csv", b"PK\x03\x04\x00\x00zip");
    let path = |name: &str| site.path().join(name).display().to_string();
    for (name, message) in [
        ("empty.csv", "the export is empty: export it again with its header row (CSV) or as a JSON list\n --> {}:1:1\n"),
        ("header.csv", "the export has a header row but no items\n --> {}:1:1\n"),
        ("binary.csv", "this is not a CSV or JSON export (it holds binary data): export CSV from the tool, or JSON from `gh`\n --> {}:1:1\n"),
        ("broken.json", "this is not valid JSON: trailing comma at line 1 column 16\n --> {}:1:16\n"),
    ] {
        let run = import(&site, &[&path(name)]);
        let expected = format!("error[import]: {}\nerror: import failed with 1 error; nothing was written\n", message.replace("{}", &path(name)));
        assert_eq!(run.failure(1).stderr, expected);
    }
    assert!(!site.path().join("content/roadmap").exists());
}

#[test]
fn import_never_writes_through_a_link() {
    let site = empty_site();
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("content/roadmap")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("x.toml"), site.path().join("content/roadmap/imported.toml"))
        .unwrap();
    import(&site, &[&sample("jira.csv"), "--update"])
        .failure(2)
        .stderr_has("is a symbolic link; roadbook import never writes through a link");
    assert!(!outside.path().join("x.toml").exists());
    // A linked folder on the way is refused the same way.
    std::fs::remove_dir_all(site.path().join("content/roadmap")).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path().join("content/roadmap")).unwrap();
    import(&site, &[&sample("jira.csv")]).failure(2).stderr_has("/content/roadmap` is a symbolic link");
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    import(&site, &[&sample("jira.csv"), "--into", "../escape.toml"])
        .failure(2)
        .stderr_has("--into `../escape.toml` must be a .toml file name under content/roadmap/");
}

#[test]
fn every_preset_keeps_a_hand_edit_and_reimports_byte_identically() {
    for (sample_name, extra) in [
        ("linear.csv", &[][..]),
        ("github-issues.json", &[][..]),
        ("github-project.json", &[][..]),
        ("generic.csv", &["--map", "key=Name"][..]),
    ] {
        let site = empty_site();
        let mut args = vec![sample(sample_name)];
        args.extend(extra.iter().map(|s| s.to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        import(&site, &args).success();
        let first = site.read("content/roadmap/imported.toml");
        let at = first.find("\nkey = ").unwrap();
        let line_end = at + 1 + first[at + 1..].find('\n').unwrap();
        let edited =
            format!("{}\ncustomer_need = \"Written by hand.\"  # keep{}", &first[..line_end], &first[line_end..]);
        site.write("content/roadmap/imported.toml", edited.as_bytes());
        let mut update = args.clone();
        update.push("--update");
        let run = import(&site, &update);
        assert!(run.success().stdout.contains(": 0 added, 0 updated, 0 dropped,"), "{sample_name}: {}", run.stdout);
        assert_eq!(site.read("content/roadmap/imported.toml"), edited, "{sample_name}");
        assert_eq!(site.check_json().0, 0, "{sample_name}");
    }
}
