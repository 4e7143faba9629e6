//! Exports at the root of every build, read back with real parsers:
//! `milestones.csv` (csv crate), `roadmap.ics` (ical crate), `roadmap.json`
//! with computed fields; the impact list on milestone pages; `init`.

use crate::harness::{Site, CLEAN};

#[test]
fn csv_has_one_row_per_milestone_and_survives_awkward_text() {
    let site = Site::clean().file(
        "content/roadmap/main.toml",
        &CLEAN.replace("title = \"Launch\"", "title = \"Launch, \\\"fast\\\"\\nand right\""),
    );
    site.build().success();
    let text = site.output("milestones.csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    assert_eq!(&rows[0][col("id")], "launch");
    assert_eq!(&rows[0][col("title")], "Launch, \"fast\"\nand right");
    assert_eq!(&rows[0][col("supported_by")], "platform");
    assert_eq!(&rows[1][col("enables")], "launch");
    assert_eq!(&rows[1][col("due_end")], "2026-12-31");
    assert!(text.ends_with("\r\n"));
}

#[test]
fn ics_has_milestones_and_gates_as_all_day_events_with_stable_uids() {
    let gated = CLEAN.replace(
        "[[milestone]]\nid = \"platform\"",
        "[milestone.gate]\ndate = \"2027-02-15\"\ncriteria = \"Beta, activation >= 35%; go\"\n\n[[milestone]]\nid = \"platform\"",
    );
    let site = Site::clean().file("content/roadmap/main.toml", &gated);
    site.build().success();
    let ics = site.output("roadmap.ics");
    let calendars: Vec<_> = ical::IcalParser::new(ics.as_bytes()).map(Result::unwrap).collect();
    assert_eq!(calendars.len(), 1);
    let events = &calendars[0].events;
    assert_eq!(events.len(), 3);
    let prop = |e: &ical::parser::ical::component::IcalEvent, name: &str| {
        e.properties.iter().find(|p| p.name == name).and_then(|p| p.value.clone()).unwrap()
    };
    let uids: Vec<String> = events.iter().map(|e| prop(e, "UID")).collect();
    assert_eq!(
        uids,
        ["milestone-launch@clean.roadbook", "gate-launch@clean.roadbook", "milestone-platform@clean.roadbook"]
    );
    assert_eq!(prop(&events[0], "DTSTART"), "20270331");
    assert_eq!(prop(&events[0], "DTEND"), "20270401");
    assert_eq!(prop(&events[1], "DTSTART"), "20270215");
    assert!(prop(&events[1], "DESCRIPTION").contains("Beta\\, activation >= 35%\\; go"));
    assert!(ics.lines().all(|l| l.len() <= 76), "lines are folded");
    site.build().success();
    assert_eq!(ics, site.output("roadmap.ics"), "stable across builds");
}

/// The UIDs of `roadmap.ics`, read back with the ical crate.
fn calendar_uids(site: &Site) -> Vec<String> {
    site.build().success();
    let ics = site.output("roadmap.ics");
    let calendars: Vec<_> = ical::IcalParser::new(ics.as_bytes()).map(Result::unwrap).collect();
    let uid = |e: &ical::parser::ical::component::IcalEvent| {
        e.properties.iter().find(|p| p.name == "UID").and_then(|p| p.value.clone()).unwrap()
    };
    calendars.iter().flat_map(|c| c.events.iter().map(uid)).collect()
}

#[test]
fn two_roadmaps_in_one_calendar_have_different_uids() {
    let config = "as_of = \"2026-11-24\"\n";
    let titled = Site::clean().file("roadbook.toml", &format!("title = \"Payments: 2027\"\n{config}"));
    assert_eq!(
        calendar_uids(&titled),
        ["milestone-launch@payments-2027.roadbook", "milestone-platform@payments-2027.roadbook"]
    );
    let hosted = Site::clean().file(
        "roadbook.toml",
        &format!("title = \"Payments: 2027\"\nbase_url = \"https://roadmap.example.org/pay/\"\n{config}"),
    );
    assert_eq!(
        calendar_uids(&hosted),
        ["milestone-launch@roadmap-example-org-pay.roadbook", "milestone-platform@roadmap-example-org-pay.roadbook"]
    );
    assert_eq!(calendar_uids(&hosted), calendar_uids(&hosted), "stable across builds");
}

#[test]
fn json_carries_computed_enables_and_impact() {
    let chain = format!(
        "{CLEAN}\n[[milestone]]\nid = \"later\"\ntitle = \"Later\"\ntrack = \"business\"\ndue = \"2027-Q3\"\ncustomer_need = \"x\"\ndepends_on = [\"launch\"]\nobjectives = [\"grow\"]\nsupported_by = [\"platform\"]\n[[milestone.metric]]\nname = \"m\"\n[milestone.gate]\ndate = \"2027-08-01\"\ncriteria = \"c\"\n\n[[objective]]\nid = \"grow\"\ntitle = \"Grow\"\n"
    );
    let site = Site::clean().file("content/roadmap/main.toml", &chain);
    site.build().success();
    let json: serde_json::Value = serde_json::from_str(&site.output("roadmap.json")).unwrap();
    let platform = json["milestones"].as_array().unwrap().iter().find(|m| m["id"] == "platform").unwrap();
    assert_eq!(platform["enables"], serde_json::json!(["launch", "later"]));
    assert_eq!(platform["impact"]["milestones"], serde_json::json!(["launch", "later"]));
    assert_eq!(platform["impact"]["gates"], serde_json::json!(["later"]));
    assert_eq!(platform["impact"]["objectives"], serde_json::json!(["grow"]));
    let counts = ["milestone_count", "gate_count", "objective_count"].map(|k| platform["impact"][k].clone());
    assert_eq!(counts, [2, 1, 1].map(serde_json::Value::from));
    let page = site.output("milestones/platform/index.html");
    let impact = &page[page.find("If this slips").expect("impact section")..];
    assert!(impact.contains("href=\"../../milestones/later/index.html\""));
    // Objectives are listed once: the platform serves none of its own, so
    // `grow` is at stake through `later`, in the objectives section.
    let objectives = &page[page.find("<h2>Objectives</h2>").expect("objectives section")..];
    let at_stake = &objectives[objectives.find("<h3>Also at stake if it slips</h3>").expect("at stake")..];
    assert!(at_stake.contains("href=\"../../objectives/grow/index.html\""));
    assert_eq!(page.matches("href=\"../../objectives/grow/index.html\"").count(), 1, "listed once");
}

/// Issue 13, case 16: each milestone of a 4,000-long `depends_on` chain
/// listed its whole impact in `roadmap.json`, 154 MB in all. 1,500 here (a
/// listing that grew with the chain would be over 20 MB, eight times the bound).
#[test]
fn a_long_chain_keeps_roadmap_json_linear() {
    let n = 1500;
    let roadmap: String = (0..n)
        .map(|i| {
            let dep = if i > 0 { format!("depends_on = [\"m{:04}\"]\n", i - 1) } else { String::new() };
            format!("[[milestone]]\nid = \"m{i:04}\"\ntitle = \"M {i}\"\ntrack = \"technology\"\ndue = \"2027-Q1\"\n{dep}\n")
        })
        .collect();
    let site = Site::minimal().file("content/roadmap/main.toml", &roadmap);
    site.build().success();
    let text = site.output("roadmap.json");
    assert!(text.len() < 2_500 * n, "roadmap.json is {} bytes for {n} milestones", text.len());
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let first = &json["milestones"][0];
    assert_eq!(first["id"], "m0000");
    let nearest: Vec<String> = (1..=20).map(|i| format!("m{i:04}")).collect();
    assert_eq!(first["impact"]["milestones"], serde_json::json!(nearest));
    assert_eq!(first["impact"]["milestone_count"], n - 1);
    let page = site.output("milestones/m0000/index.html");
    assert!(page.contains(&format!("A slip moves {} milestones (0 business)", n - 1)), "impact count on the page");
    assert!(page.contains("the nearest 20 are listed."), "impact note on the page");
}

#[test]
fn init_writes_a_site_that_passes_strict_and_never_overwrites() {
    let site = Site::new();
    let dir = site.path().join("new");
    let dir_arg = dir.to_str().unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_roadbook")).args(["init", dir_arg]).output().unwrap();
    assert!(run.status.success());
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_roadbook"))
        .args(["check", "--strict", "--root", dir_arg])
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    let build =
        std::process::Command::new(env!("CARGO_BIN_EXE_roadbook")).args(["build", "--root", dir_arg]).output().unwrap();
    assert!(build.status.success());
    assert!(dir.join("public/milestones/self-serve-onboarding/index.html").is_file());

    let partial = site.path().join("partial");
    std::fs::create_dir_all(partial.join("content")).unwrap();
    std::fs::write(partial.join("content/index.md"), "mine").unwrap();
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_roadbook"))
        .args(["init", partial.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("refusing to overwrite"));
    assert_eq!(std::fs::read_to_string(partial.join("content/index.md")).unwrap(), "mine");
    assert!(!partial.join("roadbook.toml").exists(), "nothing written");
}
