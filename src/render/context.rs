//! Typed template contexts that borrow from the model (STYLE habit 8):
//! one struct per kind of page, plus the small shared pieces (`ItemRef`,
//! `Card`) the views are built from. Building a context never clones the
//! model; tera serializes it once per page.

use crate::model::*;
use serde::Serialize;

/// The href of a milestone page, relative to the site root.
pub fn milestone_href(id: &str) -> String {
    format!("milestones/{id}/index.html")
}

/// A link to another milestone with enough to show its state.
#[derive(Serialize)]
pub struct ItemRef<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub href: String,
    pub track: Track,
    pub status: Status,
    pub status_label: &'static str,
    pub due: String,
}

impl<'a> ItemRef<'a> {
    pub fn new(m: &'a Milestone) -> Self {
        ItemRef {
            id: &m.id,
            title: &m.title,
            href: milestone_href(&m.id),
            track: m.track,
            status: m.status,
            status_label: m.status.label(),
            due: schedule_label(m.schedule),
        }
    }
}

/// "2027-Q1", "Next", or "Unscheduled".
pub fn schedule_label(schedule: Schedule) -> String {
    match schedule {
        Schedule::Due(due) => due.to_string(),
        Schedule::Horizon(Horizon::Now) => "Now".to_string(),
        Schedule::Horizon(Horizon::Next) => "Next".to_string(),
        Schedule::Horizon(Horizon::Later) => "Later".to_string(),
        Schedule::Unscheduled => "Unscheduled".to_string(),
    }
}

/// A gate as shown.
#[derive(Serialize)]
pub struct GateView<'a> {
    pub date: String,
    pub criteria: &'a str,
    pub decision: GateDecision,
    pub decision_label: &'static str,
}

impl<'a> GateView<'a> {
    pub fn new(g: &'a Gate) -> Self {
        let decision_label = match g.decision {
            GateDecision::Pending => "Pending",
            GateDecision::Go => "Go",
            GateDecision::NoGo => "No-go",
        };
        GateView { date: g.date.to_string(), criteria: &g.criteria, decision: g.decision, decision_label }
    }
}

/// A link as shown: external URLs as written, site pages relative to the root.
#[derive(Serialize)]
pub struct LinkView<'a> {
    pub title: &'a str,
    pub href: &'a str,
    pub external: bool,
}

impl<'a> LinkView<'a> {
    pub fn new(l: &'a Link) -> Self {
        match &l.target {
            LinkTarget::Url(url) => LinkView { title: &l.title, href: url, external: true },
            LinkTarget::Page(path) => LinkView { title: &l.title, href: path, external: false },
        }
    }
}

/// A milestone as a card in the business or technology view.
#[derive(Serialize)]
pub struct Card<'a> {
    #[serde(flatten)]
    pub item: ItemRef<'a>,
    pub area: &'a str,
    pub confidence: Option<Confidence>,
    pub owner: Option<&'a str>,
    pub customer_need: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub metrics: &'a [Metric],
    pub gate: Option<GateView<'a>>,
    pub supported_by: Vec<ItemRef<'a>>,
    pub enables: Vec<ItemRef<'a>>,
}

impl<'a> Card<'a> {
    pub fn new(site: &'a Site, i: usize) -> Self {
        let m = &site.milestones[i];
        let refs = |list: &'a [usize]| list.iter().map(|&j| ItemRef::new(&site.milestones[j])).collect();
        Card {
            item: ItemRef::new(m),
            area: &m.area,
            confidence: m.confidence,
            owner: m.owner.as_deref(),
            customer_need: m.customer_need.as_deref(),
            summary: m.summary.as_deref(),
            metrics: &m.metrics,
            gate: m.gate.as_ref().map(GateView::new),
            supported_by: refs(&m.supported_by),
            enables: refs(&site.relations.enables[i]),
        }
    }
}

/// A titled group of cards (a quarter, a horizon, an area).
#[derive(Serialize)]
pub struct Group<'a> {
    pub title: String,
    pub anchor: String,
    pub note: Option<&'static str>,
    pub cards: Vec<Card<'a>>,
}

/// An area of the technology view, with its milestones grouped by period.
#[derive(Serialize)]
pub struct Area<'a> {
    pub title: &'a str,
    pub anchor: String,
    pub groups: Vec<Group<'a>>,
}

/// Counts per status for one track.
#[derive(Serialize, Default)]
pub struct StatusCount {
    pub status: Option<Status>,
    pub label: &'static str,
    pub count: usize,
}

/// A narrative in a list.
#[derive(Serialize)]
pub struct NarrativeRefView<'a> {
    pub title: &'a str,
    pub href: String,
    pub kind: &'static str,
    pub date: Option<String>,
    pub authors: &'a [String],
}

impl<'a> NarrativeRefView<'a> {
    pub fn new(n: &'a Narrative) -> Self {
        NarrativeRefView {
            title: &n.title,
            href: format!("{}index.html", n.url),
            kind: n.kind.label(),
            date: n.date.map(|d| d.to_string()),
            authors: &n.authors,
        }
    }
}

/// A risk as shown.
#[derive(Serialize)]
pub struct RiskView<'a> {
    pub id: &'a str,
    pub anchor: String,
    pub title: &'a str,
    pub likelihood: Option<Level>,
    pub impact: Option<Level>,
    pub mitigation: Option<&'a str>,
    pub owner: Option<&'a str>,
    pub status: RiskStatus,
    pub milestones: Vec<ItemRef<'a>>,
}

impl<'a> RiskView<'a> {
    pub fn new(site: &'a Site, r: &'a Risk) -> Self {
        RiskView {
            id: &r.id,
            anchor: format!("risk-{}", r.id),
            title: &r.title,
            likelihood: r.likelihood,
            impact: r.impact,
            mitigation: r.mitigation.as_deref(),
            owner: r.owner.as_deref(),
            status: r.status,
            milestones: r.milestones.iter().map(|&m| ItemRef::new(&site.milestones[m])).collect(),
        }
    }
}

/// A decision as shown.
#[derive(Serialize)]
pub struct DecisionView<'a> {
    pub id: &'a str,
    pub anchor: String,
    pub date: String,
    pub title: &'a str,
    pub rationale: Option<&'a str>,
    pub approved_by: Option<&'a str>,
    pub affects: Vec<ItemRef<'a>>,
}

impl<'a> DecisionView<'a> {
    pub fn new(site: &'a Site, d: &'a Decision) -> Self {
        DecisionView {
            id: &d.id,
            anchor: format!("decision-{}", d.id),
            date: d.date.to_string(),
            title: &d.title,
            rationale: d.rationale.as_deref(),
            approved_by: d.approved_by.as_deref(),
            affects: d.affects.iter().map(|&m| ItemRef::new(&site.milestones[m])).collect(),
        }
    }
}

/// An objective as shown, with the status roll-up of the milestones serving it.
#[derive(Serialize)]
pub struct ObjectiveView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub href: String,
    pub period: Option<&'a str>,
    pub key_results: &'a [Metric],
    pub milestones: Vec<ItemRef<'a>>,
    pub rollup: Vec<StatusCount>,
}

impl<'a> ObjectiveView<'a> {
    pub fn new(site: &'a Site, i: usize) -> Self {
        let o = &site.objectives[i];
        let serving = &site.relations.objective_milestones[i];
        ObjectiveView {
            id: &o.id,
            title: &o.title,
            href: format!("objectives/{}/index.html", o.id),
            period: o.period.as_deref(),
            key_results: &o.key_results,
            milestones: serving.iter().map(|&m| ItemRef::new(&site.milestones[m])).collect(),
            rollup: status_counts(serving.iter().map(|&m| site.milestones[m].status)),
        }
    }
}

/// Non-zero counts per status, in the order of `Status::ALL`.
pub fn status_counts(statuses: impl Iterator<Item = Status>) -> Vec<StatusCount> {
    let mut counts = [0usize; 6];
    for s in statuses {
        counts[Status::ALL.iter().position(|x| *x == s).unwrap_or(0)] += 1;
    }
    Status::ALL
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(s, count)| StatusCount { status: Some(*s), label: s.label(), count })
        .collect()
}

/// A heading of the table of contents.
pub type TocEntry = Heading;
