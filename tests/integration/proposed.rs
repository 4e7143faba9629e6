//! `status = "proposed"`: an idea under consideration. The linter asks it for
//! nothing a plan needs and warns when the plan counts on it; the worked
//! example shows ideas apart ("Exploring") and leaves them off the timeline and
//! the calendar; `roadbook diff` says when one was accepted into the plan. The
//! pages of a small site with ideas are golden files (`golden::golden_proposed_*`).

use crate::harness::{Site, CLEAN};
use crate::history::{commit, git};

const CONFIG: &str = "title = \"Clean\"\nas_of = \"2026-11-24\"\n";

/// `check`'s stderr for the clean fixture plus `extra` as `content/roadmap/extra.toml`, and its exit code.
fn check_with(main: &str, extra: &str) -> (i32, String) {
    let site = Site::clean().file("content/roadmap/main.toml", main).file("content/roadmap/extra.toml", extra);
    let run = site.run(&["check", "--strict"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    (run.code, run.stderr)
}

const IDEAS: &str = r#"[[objective]]
id = "grow"
title = "Grow"
period = "2027-Q1"

[[milestone]]
id = "idea"
title = "An idea"
track = "business"
status = "proposed"
due = "2027-Q4"
objectives = ["grow"]

[[milestone]]
id = "tech-idea"
title = "A technology idea"
track = "technology"
area = "data"
status = "proposed"
"#;

#[test]
fn an_idea_is_asked_for_nothing_a_plan_needs() {
    // No metric, customer need, `supported_by`, business to support, due date or horizon, and
    // due after the period of the objective it would serve.
    assert_eq!(check_with(CLEAN, IDEAS), (0, "check: 0 errors, 0 warnings\n".to_string()));
    // The same items in the plan are asked for all of it.
    let (code, stderr) = check_with(CLEAN, &IDEAS.replace("status = \"proposed\"", "status = \"planned\""));
    assert_eq!(code, 1);
    let codes: Vec<&str> = stderr.lines().filter_map(|l| l.strip_prefix("warning[")?.split(']').next()).collect();
    assert_eq!(
        codes,
        [
            "missing-customer-need",
            "missing-metric",
            "unsupported-business",
            "late-for-objective",
            "missing-metric",
            "orphan-technology",
            "unscheduled"
        ]
    );
}

#[test]
fn the_plan_counting_on_an_idea_is_a_warning_at_the_link() {
    // `platform` is an idea now, and due after `launch`: one warning, not also `schedule-conflict`.
    let main = CLEAN.replace("due = \"2026-12\"", "due = \"2027-Q3\"\nstatus = \"proposed\"");
    let (code, stderr) = check_with(&main, "");
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "warning[proposed-dependency]: `launch` is planned, but `platform`, which it needs through `supported_by`, is only proposed: accept `platform` into the plan (give it a status other than `proposed`) or take it out of `supported_by`
 --> content/roadmap/main.toml:7:17
  |
7 | supported_by = [\"platform\"]
  |                 ^
  = help: to silence it, add `allow = [\"proposed-dependency\"]` to this item, or for the whole site set `proposed-dependency = \"allow\"` under [lint] in roadbook.toml

check: 0 errors, 1 warning
"
    );
    let depends =
        CLEAN.replace("supported_by = [\"platform\"]", "supported_by = [\"platform\"]\ndepends_on = [\"idea\"]");
    let (_, stderr) = check_with(&depends, IDEAS);
    assert!(
        stderr.starts_with("warning[proposed-dependency]: `launch` is planned, but `idea`, which it needs through `depends_on`, is only proposed: accept `idea` into the plan (give it a status other than `proposed`) or take it out of `depends_on`\n --> content/roadmap/main.toml:8:15\n"),
        "{stderr}"
    );
    assert!(stderr.ends_with("check: 0 errors, 1 warning\n"), "{stderr}");
}

#[test]
fn work_done_or_dropped_on_an_idea_is_history() {
    for status in ["done", "dropped"] {
        let main = CLEAN
            .replace("due = \"2027-Q1\"", &format!("due = \"2027-Q1\"\nstatus = \"{status}\""))
            .replace("due = \"2026-12\"", "due = \"2026-12\"\nstatus = \"proposed\"");
        assert_eq!(check_with(&main, ""), (0, "check: 0 errors, 0 warnings\n".to_string()), "{status}");
    }
}

#[test]
fn an_idea_still_gets_errors_gate_and_title_warnings() {
    let extra = r#"[[milestone]]
id = "idea"
title = "Launch"
track = "business"
status = "proposed"
confidence = "sure"
supported_by = ["platfrom"]

[milestone.gate]
date = "2026-11-01"
criteria = "Worth it"
"#;
    let site = Site::clean().file("content/roadmap/extra.toml", extra);
    let (code, list) = site.check_json();
    assert_eq!(code, 1);
    let found: Vec<(&str, &str, u64, &str)> = list
        .iter()
        .map(|d| {
            let (code, file) = (d["code"].as_str().unwrap(), d["file"].as_str().unwrap());
            (code, file, d["line"].as_u64().unwrap(), d["message"].as_str().unwrap())
        })
        .collect();
    let extra = "content/roadmap/extra.toml";
    assert_eq!(
        found,
        [
            ("invalid-value", extra, 6, "invalid confidence `sure`: expected one of high, medium, low"),
            (
                "dangling-reference",
                extra,
                7,
                "`supported_by` names milestone `platfrom`, which does not exist; did you mean `platform`?"
            ),
            (
                "overdue-gate",
                extra,
                10,
                "the gate of `idea` was due 2026-11-01 and is still `pending`: record `go` or `no-go`, or move the date"
            ),
            (
                "duplicate-title",
                "content/roadmap/main.toml",
                3,
                "milestone `launch` has the same title as milestone `idea` (content/roadmap/extra.toml:3): give each its own title"
            ),
        ]
    );
}

#[test]
fn an_invalid_status_is_one_error_and_no_warning_that_guesses_it() {
    // Was it meant to be an idea? Nothing a plan needs is asked for, and nothing counting on it is judged.
    let main = CLEAN.replace("due = \"2026-12\"", "due = \"2027-Q3\"\nstatus = \"proposd\"");
    let main = main.replace("[[milestone.metric]]\nname = \"p95\"\ntarget = \"1 s\"\n", "");
    let site = Site::clean().file("content/roadmap/main.toml", &main);
    let run = site.run(&["check"]);
    run.failure(1);
    assert_eq!(
        run.stderr,
        "error[invalid-value]: invalid status `proposd`: expected one of proposed, planned, in-progress, at-risk, blocked, done, dropped; did you mean `proposed`?
  --> content/roadmap/main.toml:18:10
   |
18 | status = \"proposd\"
   |          ^

check: 1 error, 0 warnings
"
    );
}

#[test]
fn the_worked_example_shows_its_ideas_apart() {
    let site = Site::example();
    site.build().success();
    let business = site.output("business/index.html");
    let exploring =
        &business[business.find("<section class=\"period exploring\" id=\"exploring\"").expect("section")..];
    let before = &business[..business.len() - exploring.len()];
    assert!(exploring.contains("id=\"m-cash-flow-forecast\""));
    assert!(!before.contains("id=\"m-cash-flow-forecast\""), "not among the planned periods");
    let technology = site.output("technology/index.html");
    // (The worked example has tags: its views mark sections for the tag filter, ` data-tag-group`.)
    assert!(technology.contains("<section class=\"period\" id=\"exploring-data\""));
    for file in ["timeline.svg", "roadmap.ics"] {
        let text = site.output(file);
        assert!(!text.contains("cash-flow-forecast") && !text.contains("payment-date-model"), "{file}");
    }
    let home = site.output("index.html");
    let exploring_row = "<tr class=\"exploring-row\"><th scope=\"row\">Exploring</th>\
                         <td><a href=\"business/index.html#exploring\">1<span class=\"visually-hidden\"> proposed business milestone</span></a></td>\
                         <td><a href=\"technology/index.html#exploring\">1<span class=\"visually-hidden\"> proposed technology milestone</span></a></td></tr>";
    assert!(home.contains(exploring_row), "{home}");
    assert!(home.contains("<p class=\"status-note\">Exploring: proposed ideas, not counted in the plan.</p>"));
    let json: serde_json::Value = serde_json::from_str(&site.output("roadmap.json")).unwrap();
    let statuses: Vec<(&str, &str)> = json["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["status"] == "proposed")
        .map(|m| (m["id"].as_str().unwrap(), m["status"].as_str().unwrap()))
        .collect();
    assert_eq!(statuses, [("cash-flow-forecast", "proposed"), ("payment-date-model", "proposed")]);
    let csv = site.output("milestones.csv");
    let row = csv.lines().find(|l| l.starts_with("cash-flow-forecast,")).expect("a row");
    assert_eq!(
        row,
        "cash-flow-forecast,Cash-flow forecast: when each open invoice will be paid,business,Insights,,,later,,,proposed,,\
         Growth squad (Tomasz Wójcik),,faster-cash,payment-date-model,,,,,,milestones/cash-flow-forecast/index.html"
    );
    assert!(csv.starts_with("id,title,track,area,due,due_end,horizon,release,start,status,"), "the status column");
}

const IDEA_BEFORE: &str = r#"[[milestone]]
id = "forecast"
title = "Forecast"
track = "business"
horizon = "later"
status = "proposed"
"#;

#[test]
fn diff_says_an_idea_was_accepted_into_the_plan() {
    let site = Site::new();
    let date = "2026-10-01T09:30:00+00:00";
    git(site.path(), &["init", "-q"], date);
    site.write("roadbook.toml", CONFIG.as_bytes());
    site.write("content/roadmap/main.toml", IDEA_BEFORE.as_bytes());
    commit(site.path(), "Q3 review", date);
    git(site.path(), &["tag", "q3-review"], date);
    let after =
        IDEA_BEFORE.replace("horizon = \"later\"\nstatus = \"proposed\"", "due = \"2027-Q3\"\nstatus = \"planned\"");
    site.write("content/roadmap/main.toml", after.as_bytes());
    let short = git(site.path(), &["rev-parse", "--short=7", "q3-review"], date).trim().to_string();
    let run = site.run(&["diff", "q3-review"]);
    run.success();
    assert_eq!(
        run.stdout,
        format!(
            "Changes from q3-review ({short}, 2026-10-01) to the working tree

Accepted (1)
  forecast  Forecast [business]
      accepted into the plan: status Proposed → Planned
      due Later → 2027-Q3: re-planned

Summary: 1 accepted
"
        )
    );
}
