//! Stage gates: one `[milestone.gate]` table or several `[[milestone.gate]]`,
//! shown and exported in date order, each checked and placed on its own.

use crate::harness::{Site, CLEAN};

/// `Site::clean()` with two gates on `launch`, written out of date order, and one on `platform`.
fn gated() -> Site {
    let roadmap = CLEAN
        .replace(
            "[[milestone]]\nid = \"platform\"",
            "[[milestone.gate]]\ndate = \"2027-03-01\"\ncriteria = \"GA review\"\n\n\
             [[milestone.gate]]\ndate = \"2027-01-15\"\ncriteria = \"Beta review\"\ndecision = \"go\"\n\n\
             [[milestone]]\nid = \"platform\"",
        )
        .replace(
            "target = \"1 s\"",
            "target = \"1 s\"\n\n[milestone.gate]\ndate = \"2026-12-01\"\ncriteria = \"Load test\"\n",
        );
    Site::clean().file("content/roadmap/main.toml", &roadmap)
}

#[test]
fn several_gates_and_one_gate_table_both_read_and_pass_strict() {
    let run = gated().run(&["check", "--strict"]);
    run.success();
    assert_eq!(run.stderr, "check: 0 errors, 0 warnings\n");
}

#[test]
fn gates_are_shown_by_date_on_the_milestone_page_and_its_card() {
    let site = gated();
    site.build().success();
    let gates = "<div class=\"gate gate-go\"><span class=\"gate-label\">Gate 2027-01-15</span> <span class=\"gate-decision\">Go</span><p>Beta review</p></div>\
                 <div class=\"gate gate-pending\"><span class=\"gate-label\">Gate 2027-03-01</span> <span class=\"gate-decision\">Pending</span><p>GA review</p></div>";
    let page = site.output("milestones/launch/index.html");
    assert_eq!(page.matches(gates).count(), 1, "{page}");
    let business = site.output("business/index.html");
    assert_eq!(business.matches(gates).count(), 1, "{business}");
}

#[test]
fn gates_are_exported_by_date_in_json_csv_and_the_calendar() {
    let site = gated();
    site.build().success();
    let json: serde_json::Value = serde_json::from_str(&site.output("roadmap.json")).unwrap();
    assert_eq!(
        json["milestones"][0]["gates"],
        serde_json::json!([
            {"date": "2027-01-15", "criteria": "Beta review", "decision": "go"},
            {"date": "2027-03-01", "criteria": "GA review", "decision": "pending"}
        ])
    );
    assert_eq!(
        json["milestones"][1]["gates"],
        serde_json::json!([{"date": "2026-12-01", "criteria": "Load test", "decision": "pending"}])
    );
    let csv = site.output("milestones.csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let gate_cells: Vec<(&str, &str)> = rows.iter().map(|r| (&r[col("gate_date")], &r[col("gate_decision")])).collect();
    assert_eq!(gate_cells, [("2027-01-15 2027-03-01", "go pending"), ("2026-12-01", "pending")]);
    let ics = site.output("roadmap.ics");
    let uids: Vec<&str> = ics.lines().filter_map(|l| l.strip_prefix("UID:")).collect();
    // The first gate written keeps the one-gate UID; the second is `.2`, whatever the dates.
    assert_eq!(
        uids,
        [
            "milestone-launch@clean.roadbook",
            "gate-launch.2@clean.roadbook",
            "gate-launch@clean.roadbook",
            "milestone-platform@clean.roadbook",
            "gate-platform@clean.roadbook",
        ]
    );
    let starts: Vec<&str> = ics.lines().filter_map(|l| l.strip_prefix("DTSTART;VALUE=DATE:")).collect();
    assert_eq!(starts, ["20270331", "20270115", "20270301", "20261231", "20261201"]);
}

#[test]
fn each_of_several_gates_is_checked_and_placed_on_its_own() {
    let bad = CLEAN.replace(
        "[[milestone]]\nid = \"platform\"",
        "[[milestone.gate]]\ndate = \"2027-01-15\"\ncriteria = \"Beta review\"\n\n\
         [[milestone.gate]]\ndate = \"2027-13-01\"\ncriteria = \"GA review\"\ndecision = \"maybe\"\n\n\
         [[milestone]]\nid = \"platform\"",
    );
    let run = Site::clean().file("content/roadmap/main.toml", &bad).run(&["check"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error[invalid-value]: invalid gate date `2027-13-01`: expected a date written YYYY-MM-DD
  --> content/roadmap/main.toml:18:8
   |
18 | date = \"2027-13-01\"
   |        ^

error[invalid-value]: invalid gate decision `maybe`: expected one of pending, go, no-go
  --> content/roadmap/main.toml:20:12
   |
20 | decision = \"maybe\"
   |            ^

check: 2 errors, 0 warnings
"
    );
}

#[test]
fn an_unknown_field_in_the_second_gate_is_placed_there_with_the_nearest_name() {
    let bad = CLEAN.replace(
        "[[milestone]]\nid = \"platform\"",
        "[[milestone.gate]]\ndate = \"2027-01-15\"\ncriteria = \"Beta review\"\n\n\
         [[milestone.gate]]\ndate = \"2027-02-15\"\ncriterion = \"GA review\"\n\n\
         [[milestone]]\nid = \"platform\"",
    );
    let run = Site::clean().file("content/roadmap/main.toml", &bad).run(&["check"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error[unknown-field]: unknown field `criterion`; did you mean `criteria`?
  --> content/roadmap/main.toml:19:1
   |
19 | criterion = \"GA review\"
   | ^

check: 1 error, 0 warnings
"
    );
}

#[test]
fn a_gate_that_is_not_a_table_says_how_gates_are_written() {
    let bad = CLEAN.replace("due = \"2026-12\"", "due = \"2026-12\"\ngate = \"soon\"");
    let run = Site::clean().file("content/roadmap/main.toml", &bad).run(&["check"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error[parse]: invalid type: string \"soon\", expected a gate table (`[milestone.gate]`) or an array of them (`[[milestone.gate]]`)
  --> content/roadmap/main.toml:18:8
   |
18 | gate = \"soon\"
   |        ^

check: 1 error, 0 warnings
"
    );
}

#[test]
fn each_overdue_gate_is_its_own_warning_at_its_date() {
    let late = CLEAN.replace(
        "[[milestone]]\nid = \"platform\"",
        "[[milestone.gate]]\ndate = \"2026-10-01\"\ncriteria = \"Alpha review\"\ndecision = \"go\"\n\n\
         [[milestone.gate]]\ndate = \"2026-11-01\"\ncriteria = \"Beta review\"\n\n\
         [[milestone]]\nid = \"platform\"",
    );
    let run = Site::clean().file("content/roadmap/main.toml", &late).run(&["check"]);
    run.success();
    assert_eq!(
        run.stderr,
        "warning[overdue-gate]: the gate of `launch` was due 2026-11-01 and is still `pending`: record `go` or `no-go`, or move the date
  --> content/roadmap/main.toml:19:8
   |
19 | date = \"2026-11-01\"
   |        ^
   = help: to silence it, add `allow = [\"overdue-gate\"]` to this item, or for the whole site set `overdue-gate = \"allow\"` under [lint] in roadbook.toml

check: 0 errors, 1 warning
"
    );
}

#[test]
fn the_timeline_draws_a_diamond_for_every_gate() {
    let site = gated();
    site.build().success();
    let svg = site.output("timeline.svg");
    let titles: Vec<&str> = svg
        .match_indices("<path class=\"tl-gate tl-gate-")
        .filter_map(|(at, _)| svg[at..].split("<title>").nth(1)?.split("</title>").next())
        .collect();
    assert_eq!(
        titles,
        [
            "Gate 2027-01-15 · Go: Beta review",
            "Gate 2027-03-01 · Pending: GA review",
            "Gate 2026-12-01 · Pending: Load test"
        ]
    );
    assert!(svg.contains("; 3 gates; "), "the summary counts every gate");
}
