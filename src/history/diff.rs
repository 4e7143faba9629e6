//! The comparison of two validated roadmaps: what was added, dropped,
//! re-dated, re-rated or moved, and the decisions taken since that explain it.
//! Pure: items are matched by id through hash maps (no quadratic lookups),
//! and every list comes out sorted so the same two models give the same report.

use crate::model::*;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Where a changed milestone is listed, in page order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Group {
    /// Re-dated later.
    Slipped,
    /// Re-dated earlier.
    PulledIn,
    Added,
    /// Was `proposed`, now in the plan (any status but `proposed` and `dropped`), re-dated or not.
    Accepted,
    Dropped,
    /// Still there, same direction of date: status, confidence, metrics or a re-plan.
    Status,
}

impl Group {
    pub(crate) const ALL: [Group; 6] =
        [Group::Slipped, Group::PulledIn, Group::Added, Group::Accepted, Group::Dropped, Group::Status];

    pub(crate) fn title(self) -> &'static str {
        match self {
            Group::Slipped => "Slipped",
            Group::PulledIn => "Pulled in",
            Group::Added => "Added",
            Group::Accepted => "Accepted",
            Group::Dropped => "Dropped",
            Group::Status => "Status and progress",
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Group::Slipped => "slipped",
            Group::PulledIn => "pulled-in",
            Group::Added => "added",
            Group::Accepted => "accepted",
            Group::Dropped => "dropped",
            Group::Status => "status",
        }
    }
}

/// A value before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Change<T> {
    pub(crate) from: T,
    pub(crate) to: T,
}

/// A change of schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Redate {
    /// As shown: `2027-Q1`, `2027-03-15`, `Next`, `Unscheduled`.
    pub(crate) from: String,
    pub(crate) to: String,
    /// Days between the ends of the two periods; positive is later. Dated to dated only.
    pub(crate) days: Option<i64>,
    /// Quarters between them; positive is later. Dated to dated only.
    pub(crate) quarters: Option<i64>,
    /// +1 later, -1 earlier, 0 when there is no direction (same end, or dated to undated).
    pub(crate) direction: i8,
}

/// A metric's or key result's `current` before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct MetricMove {
    pub(crate) name: String,
    pub(crate) from: Option<String>,
    pub(crate) to: Option<String>,
}

/// One milestone that changed.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MilestoneChange {
    pub(crate) id: String,
    /// The title now (the last one known, for a dropped milestone).
    pub(crate) title: String,
    pub(crate) track: Track,
    pub(crate) group: Group,
    /// The status now (the last one known, for a dropped milestone).
    pub(crate) status: Status,
    /// The schedule now, as shown (the last one known, for a dropped milestone).
    pub(crate) due: String,
    pub(crate) schedule: Option<Redate>,
    pub(crate) status_change: Option<Change<Status>>,
    pub(crate) confidence: Option<Change<Option<Confidence>>>,
    pub(crate) metrics: Vec<MetricMove>,
    /// The title before and after, when it was reworded.
    pub(crate) renamed: Option<Change<String>>,
    /// Decisions taken since the base revision that affect this milestone (ids).
    pub(crate) decisions: Vec<String>,
}

/// Whether an objective or risk is new, gone, or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Presence {
    Added,
    Changed,
    Removed,
}

/// One objective that changed.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ObjectiveChange {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) presence: Presence,
    pub(crate) key_results: Vec<MetricMove>,
}

/// One risk that changed.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RiskChange {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) presence: Presence,
    pub(crate) status: Option<Change<RiskStatus>>,
    pub(crate) likelihood: Option<Change<Option<Level>>>,
    pub(crate) impact: Option<Change<Option<Level>>>,
}

/// A decision logged since the base revision.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DecisionAdded {
    pub(crate) id: String,
    pub(crate) date: String,
    pub(crate) title: String,
    /// Milestone ids it affects.
    pub(crate) affects: Vec<String>,
}

/// Everything that changed between two roadmaps.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Changes {
    /// By group (page order), then schedule order, then id.
    pub(crate) milestones: Vec<MilestoneChange>,
    pub(crate) objectives: Vec<ObjectiveChange>,
    pub(crate) risks: Vec<RiskChange>,
    /// Newest first.
    pub(crate) decisions: Vec<DecisionAdded>,
}

impl Changes {
    /// The changed milestones of one group.
    pub(crate) fn group(&self, group: Group) -> impl Iterator<Item = &MilestoneChange> {
        self.milestones.iter().filter(move |c| c.group == group)
    }
}

/// Ids to leave out of the report: items hidden from the build's audience on
/// either side. An item hidden now but visible at the base revision would
/// otherwise show as dropped, leaking its title.
#[derive(Debug, Clone, Default)]
pub(crate) struct Hidden {
    pub(crate) milestones: HashSet<String>,
    pub(crate) objectives: HashSet<String>,
    pub(crate) risks: HashSet<String>,
    pub(crate) decisions: HashSet<String>,
}

/// Compares the roadmap at the base revision (`old`) with the one now (`new`).
pub(crate) fn diff(old: &Site, new: &Site, hidden: &Hidden) -> Changes {
    let decisions = new_decisions(old, new, hidden);
    let mut explained: HashMap<&str, Vec<String>> = HashMap::new();
    for d in &decisions {
        for m in &d.affects {
            explained.entry(m.as_str()).or_default().push(d.id.clone());
        }
    }
    let mut milestones = milestone_changes(old, new, &hidden.milestones);
    for change in &mut milestones {
        change.decisions = explained.remove(change.id.as_str()).unwrap_or_default();
    }
    Changes {
        milestones,
        objectives: objective_changes(old, new, &hidden.objectives),
        risks: risk_changes(old, new, &hidden.risks),
        decisions,
    }
}

fn by_id<T>(items: &[T], id: impl Fn(&T) -> &str) -> HashMap<&str, &T> {
    items.iter().map(|item| (id(item), item)).collect()
}

fn milestone_changes(old: &Site, new: &Site, hidden: &HashSet<String>) -> Vec<MilestoneChange> {
    let before = by_id(&old.milestones, |m| &m.id);
    let shown = |m: &&Milestone| !hidden.contains(&m.id);
    let mut changes: Vec<(MilestoneChange, (u8, i64))> = Vec::new();
    for m in new.milestones.iter().filter(shown) {
        let change = match before.get(m.id.as_str()) {
            None => Some(added(m)),
            Some(was) => changed(was, m),
        };
        changes.extend(change.map(|c| (c, m.schedule.sort_key())));
    }
    let now: HashSet<&str> = new.milestones.iter().map(|m| m.id.as_str()).collect();
    for m in old.milestones.iter().filter(shown).filter(|m| !now.contains(m.id.as_str())) {
        changes.push((dropped(m), m.schedule.sort_key()));
    }
    changes.sort_by(|(a, ka), (b, kb)| (a.group, ka, &a.id).cmp(&(b.group, kb, &b.id)));
    changes.into_iter().map(|(c, _)| c).collect()
}

fn blank(m: &Milestone, group: Group) -> MilestoneChange {
    MilestoneChange {
        id: m.id.clone(),
        title: m.title.clone(),
        track: m.track,
        group,
        status: m.status,
        due: m.schedule.label(),
        schedule: None,
        status_change: None,
        confidence: None,
        metrics: Vec::new(),
        renamed: None,
        decisions: Vec::new(),
    }
}

fn added(m: &Milestone) -> MilestoneChange {
    blank(m, Group::Added)
}

fn dropped(m: &Milestone) -> MilestoneChange {
    blank(m, Group::Dropped)
}

/// What changed in a milestone present on both sides; `None` when nothing did. An idea
/// accepted into the plan is `Accepted`, whatever its dates did; an idea re-dated is not a
/// slip (its date was never a commitment), so it stays under `Status`.
fn changed(was: &Milestone, now: &Milestone) -> Option<MilestoneChange> {
    let schedule = redate(was.schedule, now.schedule);
    let accepted = was.status.is_proposed() && !matches!(now.status, Status::Proposed | Status::Dropped);
    let group = match schedule.as_ref().map(|r| r.direction) {
        _ if accepted => Group::Accepted,
        _ if now.status.is_proposed() => Group::Status,
        Some(1) => Group::Slipped,
        Some(-1) => Group::PulledIn,
        _ => Group::Status,
    };
    let change = MilestoneChange {
        schedule,
        status_change: (was.status != now.status).then_some(Change { from: was.status, to: now.status }),
        confidence: (was.confidence != now.confidence).then_some(Change { from: was.confidence, to: now.confidence }),
        metrics: metric_moves(&was.metrics, &now.metrics),
        renamed: (was.title != now.title).then(|| Change { from: was.title.clone(), to: now.title.clone() }),
        ..blank(now, group)
    };
    let any = change.schedule.is_some()
        || change.status_change.is_some()
        || change.confidence.is_some()
        || !change.metrics.is_empty()
        || change.renamed.is_some();
    any.then_some(change)
}

/// The change of schedule, if any: by how much the end of the period moved.
pub(crate) fn redate(was: Schedule, now: Schedule) -> Option<Redate> {
    if was == now {
        return None;
    }
    let (from, to) = (was.label(), now.label());
    let (days, quarters, direction) = match (was, now) {
        (Schedule::Due(a), Schedule::Due(b)) => {
            let (a, b) = (a.end(), b.end());
            let days = b.days() - a.days();
            let quarters = i64::from(b.quarter().index()) - i64::from(a.quarter().index());
            (Some(days), Some(quarters), days.signum() as i8)
        }
        (Schedule::Horizon(a), Schedule::Horizon(b)) => (None, None, (b as i8 - a as i8).signum()),
        _ => (None, None, 0),
    };
    Some(Redate { from, to, days, quarters, direction })
}

/// Each metric keyed by its name and how many metrics of that name came before
/// it, so two metrics that share a name are matched in order, never crossed.
fn keyed(metrics: &[Metric]) -> Vec<((&str, usize), &Metric)> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    metrics
        .iter()
        .map(|m| {
            let n = seen.entry(m.name.as_str()).or_default();
            *n += 1;
            ((m.name.as_str(), *n), m)
        })
        .collect()
}

/// `current` values that moved, matched by metric name (order of the new list, then removed ones).
fn metric_moves(was: &[Metric], now: &[Metric]) -> Vec<MetricMove> {
    let before: HashMap<(&str, usize), &Metric> = keyed(was).into_iter().collect();
    let now = keyed(now);
    let kept: HashSet<(&str, usize)> = now.iter().map(|(k, _)| *k).collect();
    let mut moves = Vec::new();
    for (key, m) in &now {
        let from = before.get(key).and_then(|b| b.current.clone());
        if from != m.current {
            moves.push(MetricMove { name: m.name.clone(), from, to: m.current.clone() });
        }
    }
    for (_, m) in keyed(was).into_iter().filter(|(k, m)| !kept.contains(k) && m.current.is_some()) {
        moves.push(MetricMove { name: m.name.clone(), from: m.current.clone(), to: None });
    }
    moves
}

fn objective_changes(old: &Site, new: &Site, hidden: &HashSet<String>) -> Vec<ObjectiveChange> {
    let before = by_id(&old.objectives, |o| &o.id);
    let now = by_id(&new.objectives, |o| &o.id);
    let mut changes = Vec::new();
    for o in new.objectives.iter().filter(|o| !hidden.contains(&o.id)) {
        let (presence, key_results) = match before.get(o.id.as_str()) {
            None => (Presence::Added, Vec::new()),
            Some(was) => (Presence::Changed, metric_moves(&was.key_results, &o.key_results)),
        };
        if presence == Presence::Added || !key_results.is_empty() {
            changes.push(ObjectiveChange { id: o.id.clone(), title: o.title.clone(), presence, key_results });
        }
    }
    for o in old.objectives.iter().filter(|o| !hidden.contains(&o.id) && !now.contains_key(o.id.as_str())) {
        let (id, title) = (o.id.clone(), o.title.clone());
        changes.push(ObjectiveChange { id, title, presence: Presence::Removed, key_results: Vec::new() });
    }
    changes.sort_by(|a, b| (a.presence, &a.id).cmp(&(b.presence, &b.id)));
    changes
}

fn risk_changes(old: &Site, new: &Site, hidden: &HashSet<String>) -> Vec<RiskChange> {
    let before = by_id(&old.risks, |r| &r.id);
    let now = by_id(&new.risks, |r| &r.id);
    let mut changes = Vec::new();
    for r in new.risks.iter().filter(|r| !hidden.contains(&r.id)) {
        let blank = RiskChange {
            id: r.id.clone(),
            title: r.title.clone(),
            presence: Presence::Added,
            status: None,
            likelihood: None,
            impact: None,
        };
        let change = match before.get(r.id.as_str()) {
            None => blank,
            Some(was) => RiskChange {
                presence: Presence::Changed,
                status: (was.status != r.status).then_some(Change { from: was.status, to: r.status }),
                likelihood: (was.likelihood != r.likelihood)
                    .then_some(Change { from: was.likelihood, to: r.likelihood }),
                impact: (was.impact != r.impact).then_some(Change { from: was.impact, to: r.impact }),
                ..blank
            },
        };
        let any = change.presence == Presence::Added
            || change.status.is_some()
            || change.likelihood.is_some()
            || change.impact.is_some();
        if any {
            changes.push(change);
        }
    }
    for r in old.risks.iter().filter(|r| !hidden.contains(&r.id) && !now.contains_key(r.id.as_str())) {
        changes.push(RiskChange {
            id: r.id.clone(),
            title: r.title.clone(),
            presence: Presence::Removed,
            status: None,
            likelihood: None,
            impact: None,
        });
    }
    changes.sort_by(|a, b| (a.presence, &a.id).cmp(&(b.presence, &b.id)));
    changes
}

/// Decisions in the new log that the old one did not have, newest first.
fn new_decisions(old: &Site, new: &Site, hidden: &Hidden) -> Vec<DecisionAdded> {
    let before: HashSet<&str> = old.decisions.iter().map(|d| d.id.as_str()).collect();
    let mut list: Vec<&Decision> =
        new.decisions.iter().filter(|d| !before.contains(d.id.as_str()) && !hidden.decisions.contains(&d.id)).collect();
    list.sort_by(|a, b| a.log_order(b));
    list.into_iter()
        .map(|d| DecisionAdded {
            id: d.id.clone(),
            date: d.date.to_string(),
            title: d.title.clone(),
            affects: d
                .affects
                .iter()
                .map(|&m| new.milestones[m].id.clone())
                .filter(|id| !hidden.milestones.contains(id))
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests;
