//! The change report (`changes/index.html`) and the "changed since REV" badge
//! on milestone pages, from a `history::Comparison`. Only rendered when a build compares with a revision.

use super::pages::SiteView;
use super::Job;
use crate::diagnostic::Diagnostic;
use crate::history::{report, Comparison, DecisionAdded, Group, MilestoneChange, Presence};
use crate::model::{change_href, milestone_anchor, Section, Site, Status, Track};
use serde::Serialize;
use std::collections::HashMap;

/// The feed's path.
pub(crate) const FEED: &str = "changes.xml";

/// A comparison indexed for pages: each changed milestone by id, decisions by id.
pub(crate) struct Lookup<'a> {
    comparison: &'a Comparison,
    milestones: HashMap<&'a str, &'a MilestoneChange>,
    decisions: HashMap<&'a str, &'a DecisionAdded>,
}

impl<'a> Lookup<'a> {
    pub(crate) fn new(comparison: &'a Comparison) -> Self {
        let changes = &comparison.changes;
        Lookup {
            comparison,
            milestones: changes.milestones.iter().map(|c| (c.id.as_str(), c)).collect(),
            decisions: changes.decisions.iter().map(|d| (d.id.as_str(), d)).collect(),
        }
    }

    /// The badge of a milestone page, if the milestone changed.
    pub(crate) fn badge(&self, id: &str) -> Option<Badge<'a>> {
        let change = self.milestones.get(id)?;
        Some(Badge {
            rev: &self.comparison.base.name,
            href: change_href(id),
            group: change.group.as_str(),
            group_title: change.group.title(),
            details: report::details(change),
            decisions: self.why(change),
        })
    }

    fn why(&self, change: &MilestoneChange) -> Vec<DecisionLink<'a>> {
        change.decisions.iter().filter_map(|id| self.decisions.get(id.as_str())).map(|d| DecisionLink::new(d)).collect()
    }
}

/// A decision logged since the revision, as linked from a change.
#[derive(Serialize)]
pub(crate) struct DecisionLink<'a> {
    id: &'a str,
    title: &'a str,
    date: &'a str,
    href: String,
    affects: Vec<AffectedRef<'a>>,
}

impl<'a> DecisionLink<'a> {
    fn new(d: &'a DecisionAdded) -> Self {
        DecisionLink {
            id: &d.id,
            title: &d.title,
            date: &d.date,
            href: crate::model::decision_href(&d.id),
            affects: Vec::new(),
        }
    }
}

/// A milestone named by a decision.
#[derive(Serialize)]
pub(crate) struct AffectedRef<'a> {
    id: &'a str,
    href: String,
}

/// "Changed since REV" on a milestone page.
#[derive(Serialize)]
pub(crate) struct Badge<'a> {
    rev: &'a str,
    /// The milestone's row on the change report.
    href: String,
    group: &'static str,
    group_title: &'static str,
    details: Vec<String>,
    decisions: Vec<DecisionLink<'a>>,
}

/// One changed milestone on the report.
#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    /// Its anchor on the report (`milestone_anchor`).
    anchor: String,
    title: &'a str,
    track: Track,
    track_label: &'static str,
    /// No page for a dropped milestone.
    href: Option<String>,
    status: Status,
    status_label: &'static str,
    due: &'a str,
    details: Vec<String>,
    decisions: Vec<DecisionLink<'a>>,
}

#[derive(Serialize)]
struct GroupView<'a> {
    title: &'static str,
    anchor: &'static str,
    rows: Vec<Row<'a>>,
}

/// An objective or risk that changed.
#[derive(Serialize)]
struct ItemRow<'a> {
    id: &'a str,
    title: &'a str,
    href: Option<String>,
    details: Vec<String>,
}

#[derive(Serialize)]
struct RevisionView<'a> {
    name: &'a str,
    short: &'a str,
    commit: &'a str,
    date: &'a str,
}

impl<'a> RevisionView<'a> {
    fn new(r: &'a crate::history::Revision) -> Self {
        RevisionView { name: &r.name, short: &r.short, commit: &r.commit, date: r.date() }
    }
}

#[derive(Serialize)]
struct ChangesPage<'a> {
    base: RevisionView<'a>,
    target: Option<RevisionView<'a>>,
    as_of: &'a str,
    summary: String,
    groups: Vec<GroupView<'a>>,
    objectives: Vec<ItemRow<'a>>,
    risks: Vec<ItemRow<'a>>,
    decisions: Vec<DecisionLink<'a>>,
    feed: &'static str,
}

/// The change report's page job; an empty report when the view has no comparison.
pub(crate) fn job(site: &Site, view: &SiteView) -> Result<Job, Diagnostic> {
    let Some(lookup) = view.changes.as_ref() else {
        return super::job(site, view, Section::Changes.href(), "404.html", "", &Empty {});
    };
    let comparison = lookup.comparison;
    let changes = &comparison.changes;
    let groups = Group::ALL
        .into_iter()
        .map(|group| GroupView {
            title: group.title(),
            anchor: group.as_str(),
            rows: changes.group(group).map(|c| row(lookup, c)).collect(),
        })
        .filter(|g| !g.rows.is_empty())
        .collect();
    let page = ChangesPage {
        base: RevisionView::new(&comparison.base),
        target: comparison.target.as_ref().map(RevisionView::new),
        as_of: &comparison.as_of,
        summary: report::summary(changes),
        groups,
        objectives: changes
            .objectives
            .iter()
            .map(|c| {
                let href = (c.presence != Presence::Removed).then(|| crate::model::objective_href(&c.id));
                ItemRow { id: &c.id, title: &c.title, href, details: report::objective_details(c) }
            })
            .collect(),
        risks: changes
            .risks
            .iter()
            .map(|c| {
                let href = (c.presence != Presence::Removed).then(|| crate::model::risk_href(&c.id));
                ItemRow { id: &c.id, title: &c.title, href, details: report::risk_details(c) }
            })
            .collect(),
        decisions: changes
            .decisions
            .iter()
            .map(|d| DecisionLink {
                affects: d
                    .affects
                    .iter()
                    .map(|m| AffectedRef { id: m, href: super::context::milestone_href(m) })
                    .collect(),
                ..DecisionLink::new(d)
            })
            .collect(),
        feed: FEED,
    };
    super::job(site, view, Section::Changes.href(), "changes.html", Section::Changes.folder(), &page)
}

#[derive(Serialize)]
struct Empty {}

fn row<'a>(lookup: &Lookup<'a>, c: &'a MilestoneChange) -> Row<'a> {
    Row {
        id: &c.id,
        anchor: milestone_anchor(&c.id),
        title: &c.title,
        track: c.track,
        track_label: c.track.label(),
        href: (c.group != Group::Dropped).then(|| super::context::milestone_href(&c.id)),
        status: c.status,
        status_label: c.status.label(),
        due: &c.due,
        details: report::details(c),
        decisions: lookup.why(c),
    }
}
