//! The diff on small roadmaps loaded through the real loader and validator.

use super::*;
use crate::content;
use crate::validate;

/// No change of any kind.
fn nothing(c: &Changes) -> bool {
    c.milestones.is_empty() && c.objectives.is_empty() && c.risks.is_empty() && c.decisions.is_empty()
}

fn site(roadmap: &str) -> Site {
    let files = vec![
        ("roadbook.toml".to_string(), b"title = \"T\"\nas_of = \"2026-11-24\"\n".to_vec()),
        ("content/roadmap/main.toml".to_string(), roadmap.as_bytes().to_vec()),
    ];
    let raw = content::load_files(&files);
    let options = validate::Options::on(crate::model::Date::from_days(0));
    match validate::validate(&raw, &options, None) {
        Ok((site, _)) => site,
        Err(errors) => panic!("{:?}", errors.iter().map(|d| d.render_text()).collect::<Vec<_>>()),
    }
}

fn milestone(id: &str, due: &str, extra: &str) -> String {
    format!(
        "[[milestone]]\nid = \"{id}\"\ntitle = \"{id} title\"\ntrack = \"technology\"\narea = \"a\"\n{due}\n{extra}\n"
    )
}

const OLD: &str = r#"
[[milestone]]
id = "slips"
title = "Slips"
track = "technology"
due = "2027-Q1"
status = "in-progress"
confidence = "high"

[[milestone.metric]]
name = "p95"
current = "3 s"

[[milestone]]
id = "early"
title = "Early"
track = "technology"
due = "2027-06-30"

[[milestone]]
id = "gone"
title = "Gone"
track = "technology"
horizon = "later"

[[milestone]]
id = "same"
title = "Same"
track = "technology"
due = "2027-Q3"

[[risk]]
id = "r1"
title = "Risk one"
likelihood = "low"
impact = "high"

[[risk]]
id = "r2"
title = "Risk two"

[[decision]]
id = "old-call"
date = "2026-09-01"
title = "An old call"
affects = ["slips"]
"#;

const NEW: &str = r#"
[[milestone]]
id = "slips"
title = "Slips"
track = "technology"
due = "2027-Q2"
status = "at-risk"
confidence = "low"

[[milestone.metric]]
name = "p95"
current = "2 s"

[[milestone]]
id = "early"
title = "Early"
track = "technology"
due = "2027-06-10"

[[milestone]]
id = "fresh"
title = "Fresh"
track = "technology"
due = "2027-Q4"

[[milestone]]
id = "same"
title = "Same"
track = "technology"
due = "2027-Q3"
status = "done"

[[risk]]
id = "r1"
title = "Risk one"
likelihood = "high"
impact = "high"
status = "closed"

[[risk]]
id = "r3"
title = "Risk three"

[[objective]]
id = "o1"
title = "Objective one"

[[decision]]
id = "old-call"
date = "2026-09-01"
title = "An old call"
affects = ["slips"]

[[decision]]
id = "re-plan"
date = "2026-11-02"
title = "Re-plan"
affects = ["slips", "early"]
"#;

fn ids(changes: &Changes, group: Group) -> Vec<&str> {
    changes.group(group).map(|c| c.id.as_str()).collect()
}

#[test]
fn every_kind_of_milestone_change_lands_in_its_group() {
    let changes = diff(&site(OLD), &site(NEW), &Hidden::default());
    assert_eq!(ids(&changes, Group::Slipped), ["slips"]);
    assert_eq!(ids(&changes, Group::PulledIn), ["early"]);
    assert_eq!(ids(&changes, Group::Added), ["fresh"]);
    assert_eq!(ids(&changes, Group::Dropped), ["gone"]);
    assert_eq!(ids(&changes, Group::Status), ["same"]);
    let order: Vec<Group> = changes.milestones.iter().map(|c| c.group).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "page order");
}

#[test]
fn a_slip_carries_amount_status_confidence_metrics_and_decisions() {
    let changes = diff(&site(OLD), &site(NEW), &Hidden::default());
    let slip = changes.group(Group::Slipped).next().unwrap();
    let redate = slip.schedule.as_ref().unwrap();
    assert_eq!((redate.from.as_str(), redate.to.as_str()), ("2027-Q1", "2027-Q2"));
    assert_eq!((redate.days, redate.quarters, redate.direction), (Some(91), Some(1), 1));
    assert_eq!(slip.status_change, Some(Change { from: Status::InProgress, to: Status::AtRisk }));
    assert_eq!(slip.confidence, Some(Change { from: Some(Confidence::High), to: Some(Confidence::Low) }));
    let p95 = MetricMove { name: "p95".into(), from: Some("3 s".into()), to: Some("2 s".into()) };
    assert_eq!(slip.metrics, vec![p95]);
    assert_eq!(slip.decisions, ["re-plan"], "only decisions added since the base revision");
    let early = changes.group(Group::PulledIn).next().unwrap();
    assert_eq!(early.schedule.as_ref().unwrap().days, Some(-20));
    assert_eq!(early.decisions, ["re-plan"]);
}

#[test]
fn objectives_risks_and_decisions_are_compared_too() {
    let changes = diff(&site(OLD), &site(NEW), &Hidden::default());
    let objectives: Vec<_> = changes.objectives.iter().map(|o| (o.id.as_str(), o.presence)).collect();
    assert_eq!(objectives, [("o1", Presence::Added)]);
    let risks: Vec<_> = changes.risks.iter().map(|r| (r.id.as_str(), r.presence)).collect();
    assert_eq!(risks, [("r3", Presence::Added), ("r1", Presence::Changed), ("r2", Presence::Removed)]);
    let r1 = &changes.risks[1];
    assert_eq!(r1.likelihood, Some(Change { from: Some(Level::Low), to: Some(Level::High) }));
    assert_eq!(r1.impact, None);
    assert_eq!(r1.status, Some(Change { from: RiskStatus::Open, to: RiskStatus::Closed }));
    let decisions: Vec<_> = changes.decisions.iter().map(|d| (d.id.as_str(), d.affects.clone())).collect();
    assert_eq!(decisions, [("re-plan", vec!["slips".to_string(), "early".to_string()])]);
}

#[test]
fn identical_roadmaps_have_no_changes() {
    assert!(nothing(&diff(&site(NEW), &site(NEW), &Hidden::default())));
}

#[test]
fn hidden_ids_leave_no_trace() {
    let hidden = Hidden {
        milestones: ["slips".to_string(), "gone".to_string()].into(),
        risks: ["r2".to_string()].into(),
        decisions: ["re-plan".to_string()].into(),
        ..Hidden::default()
    };
    let changes = diff(&site(OLD), &site(NEW), &hidden);
    let all: Vec<&str> = changes.milestones.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(all, ["early", "fresh", "same"]);
    assert!(changes.milestones.iter().all(|c| c.decisions.is_empty()));
    assert!(changes.risks.iter().all(|r| r.id != "r2"));
    assert!(changes.decisions.is_empty());
}

#[test]
fn redates_measure_period_ends_and_horizons_have_an_order() {
    let due = |t: &str| Schedule::Due(Due::parse(t).unwrap());
    let r = redate(due("2027-Q1"), due("2027-03-31")).unwrap();
    assert_eq!((r.days, r.quarters, r.direction), (Some(0), Some(0), 0));
    let r = redate(due("2027-12"), due("2028-Q1")).unwrap();
    assert_eq!((r.days, r.quarters, r.direction), (Some(91), Some(1), 1));
    let r = redate(Schedule::Horizon(Horizon::Later), Schedule::Horizon(Horizon::Now)).unwrap();
    assert_eq!(r.direction, -1);
    let r = redate(Schedule::Horizon(Horizon::Next), due("2027-Q2")).unwrap();
    assert_eq!((r.days, r.direction), (None, 0));
    assert!(redate(due("2027-Q2"), due("2027-Q2")).is_none());
}

#[test]
fn many_milestones_diff_by_id_in_any_order() {
    let old: String = (0..300).map(|i| milestone(&format!("m{i}"), "due = \"2027-Q1\"", "")).collect();
    let new: String = (0..300).rev().map(|i| milestone(&format!("m{i}"), "due = \"2027-Q1\"", "")).collect();
    assert!(nothing(&diff(&site(&old), &site(&new), &Hidden::default())));
}

#[test]
fn metrics_sharing_a_name_are_matched_in_order() {
    let metrics = |a: &str, b: &str| {
        format!("[[milestone.metric]]\nname = \"Uptime\"\ncurrent = \"{a}\"\n\n[[milestone.metric]]\nname = \"Uptime\"\ncurrent = \"{b}\"\n")
    };
    let old = site(&milestone("m", "due = \"2027-Q1\"", &metrics("99%", "98%")));
    assert!(nothing(&diff(&old, &old, &Hidden::default())), "no false moves");
    let new = site(&milestone("m", "due = \"2027-Q1\"", &metrics("99%", "99.5%")));
    let moves = &diff(&old, &new, &Hidden::default()).milestones[0].metrics;
    assert_eq!(moves, &vec![MetricMove { name: "Uptime".into(), from: Some("98%".into()), to: Some("99.5%".into()) }]);
}

#[test]
fn a_reworded_title_is_a_change_and_says_what_it_was() {
    let old = site(&milestone("m", "due = \"2027-Q1\"", ""));
    let new = site(&milestone("m", "due = \"2027-Q1\"", "").replace("m title", "New words"));
    let changes = diff(&old, &new, &Hidden::default());
    let change = &changes.milestones[0];
    assert_eq!(change.group, Group::Status);
    assert_eq!(change.renamed, Some(Change { from: "m title".to_string(), to: "New words".to_string() }));
    assert_eq!(crate::history::report::details(change), ["renamed from “m title”"]);
}

#[test]
fn an_idea_taken_into_the_plan_is_accepted_and_a_re_dated_idea_is_no_slip() {
    let old: String = [
        milestone("taken", "horizon = \"later\"", "status = \"proposed\""),
        milestone("moved", "due = \"2027-Q1\"", "status = \"proposed\""),
        milestone("refused", "due = \"2027-Q1\"", "status = \"proposed\""),
        milestone("shelved", "due = \"2027-Q1\"", ""),
    ]
    .concat();
    let new: String = [
        milestone("taken", "due = \"2027-Q3\"", "status = \"planned\""),
        milestone("moved", "due = \"2027-Q4\"", "status = \"proposed\""),
        milestone("refused", "due = \"2027-Q1\"", "status = \"dropped\""),
        milestone("shelved", "due = \"2027-Q1\"", "status = \"proposed\""),
    ]
    .concat();
    let changes = diff(&site(&old), &site(&new), &Hidden::default());
    assert_eq!(ids(&changes, Group::Accepted), ["taken"]);
    assert_eq!(ids(&changes, Group::Status), ["refused", "shelved", "moved"], "schedule order");
    assert_eq!(ids(&changes, Group::Slipped), Vec::<&str>::new());
    let details = |id: &str| {
        let change = changes.milestones.iter().find(|c| c.id == id).unwrap();
        crate::history::report::details(change)
    };
    assert_eq!(
        details("taken"),
        ["accepted into the plan: status Proposed → Planned", "due Later → 2027-Q3: re-planned"]
    );
    assert_eq!(details("moved"), ["due 2027-Q1 → 2027-Q4: 3 quarters (275 days) later"]);
    assert_eq!(details("refused"), ["status Proposed → Dropped"]);
    assert_eq!(details("shelved"), ["status Planned → Proposed"]);
    assert_eq!(crate::history::report::summary(&changes), "1 accepted, 3 status changes");
}
