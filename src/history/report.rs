//! Words for a comparison: the detail lines shown on the change page, the
//! milestone badges and the feed, and the whole report `roadbook diff` prints
//! (text for a review meeting, or JSON).

use super::diff::*;
use super::Comparison;
use crate::model::{Confidence, Level};
use std::fmt::Write as _;

/// How a re-date reads: "due 2027-Q1 → 2027-Q2: 1 quarter (91 days) later".
pub(crate) fn redate(r: &Redate) -> String {
    let head = format!("due {} → {}", r.from, r.to);
    let way = match r.direction {
        1 => "later",
        -1 => "earlier",
        _ => return format!("{head}: {}", if r.days == Some(0) { "same end date" } else { "re-planned" }),
    };
    match (r.quarters.map(i64::abs), r.days.map(i64::abs)) {
        (Some(0), Some(d)) => format!("{head}: {d} day{} {way}", plural(d)),
        (Some(q), Some(d)) => format!("{head}: {q} quarter{} ({d} day{}) {way}", plural(q), plural(d)),
        _ => format!("{head}: {way}"),
    }
}

fn plural(n: i64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn confidence(c: Option<Confidence>) -> &'static str {
    c.map_or("unset", Confidence::as_str)
}

fn level(l: Option<Level>) -> &'static str {
    l.map_or("unrated", Level::as_str)
}

fn metric(m: &MetricMove) -> String {
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "–".to_string());
    format!("{}: current {} → {}", m.name, show(&m.from), show(&m.to))
}

/// The detail lines of a changed milestone, most important first.
pub(crate) fn details(c: &MilestoneChange) -> Vec<String> {
    let mut lines = Vec::new();
    match c.group {
        Group::Added => lines.push(format!("added, due {}, {}", c.due, c.status.label().to_lowercase())),
        Group::Dropped => lines.push(format!("dropped (was due {}, {})", c.due, c.status.label().to_lowercase())),
        _ => {}
    }
    if let Some(r) = &c.schedule {
        lines.push(redate(r));
    }
    match &c.status_change {
        Some(s) if c.group == Group::Accepted => {
            lines.insert(0, format!("accepted into the plan: status {} → {}", s.from.label(), s.to.label()));
        }
        Some(s) => lines.push(format!("status {} → {}", s.from.label(), s.to.label())),
        None => {}
    }
    if let Some(k) = &c.confidence {
        lines.push(format!("confidence {} → {}", confidence(k.from), confidence(k.to)));
    }
    lines.extend(c.metrics.iter().map(metric));
    if let Some(r) = &c.renamed {
        lines.push(format!("renamed from “{}”", r.from));
    }
    lines
}

/// The detail lines of a changed objective.
pub(crate) fn objective_details(c: &ObjectiveChange) -> Vec<String> {
    match c.presence {
        Presence::Added => vec!["added".to_string()],
        Presence::Removed => vec!["closed (no longer in the roadmap)".to_string()],
        Presence::Changed => c.key_results.iter().map(metric).collect(),
    }
}

/// The detail lines of a changed risk.
pub(crate) fn risk_details(c: &RiskChange) -> Vec<String> {
    let mut lines = Vec::new();
    match c.presence {
        Presence::Added => lines.push("added".to_string()),
        Presence::Removed => lines.push("removed from the register".to_string()),
        Presence::Changed => {}
    }
    if let Some(s) = &c.status {
        lines.push(format!("status {} → {}", s.from.as_str(), s.to.as_str()));
    }
    if let Some(l) = &c.likelihood {
        lines.push(format!("likelihood {} → {}", level(l.from), level(l.to)));
    }
    if let Some(i) = &c.impact {
        lines.push(format!("impact {} → {}", level(i.from), level(i.to)));
    }
    lines
}

/// "q3-review (1a2b3c4, 2026-10-01)".
pub(crate) fn revision_label(r: &super::Revision) -> String {
    if r.name.starts_with(&r.short) {
        format!("{} ({})", r.short, r.date())
    } else {
        format!("{} ({}, {})", r.name, r.short, r.date())
    }
}

/// One line per group count: "2 slipped, 1 added, 1 status change".
pub(crate) fn summary(changes: &Changes) -> String {
    let mut parts = Vec::new();
    for group in Group::ALL {
        let n = changes.group(group).count();
        if n > 0 {
            let name = match group {
                Group::Status if n == 1 => "status change".to_string(),
                Group::Status => "status changes".to_string(),
                other => other.title().to_lowercase(),
            };
            parts.push(format!("{n} {name}"));
        }
    }
    let others = [
        (changes.objectives.len(), "objective"),
        (changes.risks.len(), "risk"),
        (changes.decisions.len(), "new decision"),
    ];
    for (n, name) in others.into_iter().filter(|(n, _)| *n > 0) {
        parts.push(format!("{n} {name}{}", plural(n as i64)));
    }
    if parts.is_empty() {
        "no changes".to_string()
    } else {
        parts.join(", ")
    }
}

/// The report `roadbook diff` prints.
pub(crate) fn text(comparison: &Comparison) -> String {
    let changes = &comparison.changes;
    let target = comparison.target.as_ref().map_or_else(|| "the working tree".to_string(), revision_label);
    let mut out = format!("Changes from {} to {target}\n", revision_label(&comparison.base));
    let titles: std::collections::HashMap<&str, &DecisionAdded> =
        changes.decisions.iter().map(|d| (d.id.as_str(), d)).collect();
    for group in Group::ALL {
        let list: Vec<&MilestoneChange> = changes.group(group).collect();
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{} ({})", group.title(), list.len());
        for c in list {
            let _ = writeln!(out, "  {}  {} [{}]", c.id, c.title, c.track.as_str());
            for line in details(c) {
                let _ = writeln!(out, "      {line}");
            }
            for d in c.decisions.iter().filter_map(|id| titles.get(id.as_str())) {
                let _ = writeln!(out, "      why: {} {} ({})", d.date, d.title, d.id);
            }
        }
    }
    section(&mut out, "Objectives", changes.objectives.iter().map(|c| (&c.id, &c.title, objective_details(c))));
    section(&mut out, "Risks", changes.risks.iter().map(|c| (&c.id, &c.title, risk_details(c))));
    if !changes.decisions.is_empty() {
        let _ = writeln!(out, "\nDecisions since {} ({})", comparison.base.name, changes.decisions.len());
        for d in &changes.decisions {
            let affects =
                if d.affects.is_empty() { String::new() } else { format!(" (affects {})", d.affects.join(", ")) };
            let _ = writeln!(out, "  {}  {}  {}{affects}", d.date, d.id, d.title);
        }
    }
    let _ = writeln!(out, "\nSummary: {}", summary(changes));
    out
}

fn section<'a>(out: &mut String, title: &str, items: impl Iterator<Item = (&'a String, &'a String, Vec<String>)>) {
    let items: Vec<_> = items.collect();
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title} ({})", items.len());
    for (id, name, lines) in items {
        let _ = writeln!(out, "  {id}  {name}");
        for line in lines {
            let _ = writeln!(out, "      {line}");
        }
    }
}

/// The comparison as one JSON object.
pub(crate) fn json(comparison: &Comparison) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(comparison)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(from: &str, to: &str, days: Option<i64>, quarters: Option<i64>, direction: i8) -> Redate {
        Redate { from: from.into(), to: to.into(), days, quarters, direction }
    }

    #[test]
    fn redates_read_with_amount_and_direction() {
        let later = r("2027-Q1", "2027-Q2", Some(91), Some(1), 1);
        assert_eq!(redate(&later), "due 2027-Q1 → 2027-Q2: 1 quarter (91 days) later");
        let earlier = r("2027-03-20", "2027-03-10", Some(-10), Some(0), -1);
        assert_eq!(redate(&earlier), "due 2027-03-20 → 2027-03-10: 10 days earlier");
        let two = r("2027-Q4", "2027-Q2", Some(-184), Some(-2), -1);
        assert_eq!(redate(&two), "due 2027-Q4 → 2027-Q2: 2 quarters (184 days) earlier");
        assert_eq!(redate(&r("Next", "Later", None, None, 1)), "due Next → Later: later");
        assert_eq!(redate(&r("2027-Q1", "2027-03-31", Some(0), Some(0), 0)), "due 2027-Q1 → 2027-03-31: same end date");
        assert_eq!(redate(&r("Next", "2027-Q3", None, None, 0)), "due Next → 2027-Q3: re-planned");
    }

    #[test]
    fn revision_label_skips_a_name_that_is_the_hash() {
        let rev = super::super::Revision {
            name: "q3-review".into(),
            commit: "0123456789".into(),
            short: "0123456".into(),
            time: "2026-10-01T09:30:00+02:00".into(),
        };
        assert_eq!(revision_label(&rev), "q3-review (0123456, 2026-10-01)");
        let hash = super::super::Revision { name: "01234567".into(), ..rev };
        assert_eq!(revision_label(&hash), "0123456 (2026-10-01)");
    }
}
