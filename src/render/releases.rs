//! The releases' pages: `releases/index.html` lists every release by date,
//! and `releases/ID/index.html` shows one, with its date, description and
//! gates and what ships in it, by track. Also the small views other pages
//! show of a release: the "Ships in" link of a milestone, and the gates a
//! milestone inherits from its release.

use super::context::{status_counts, GateView, RefList, Refs, ReleaseLink, StatusCount};
use crate::model::*;
use serde::Serialize;

/// A gate as a milestone page lists it: its own, or its release's (`release` then names it).
#[derive(Serialize)]
pub(crate) struct GateRow<'a> {
    pub(crate) gate: GateView<'a>,
    pub(crate) release: Option<ReleaseLink<'a>>,
}

/// Milestone `i`'s own gates and those of the release it ships in, by date (its own first on the same day).
pub(crate) fn milestone_gates(site: &Site, i: usize) -> Vec<GateRow<'_>> {
    let m = &site.milestones[i];
    let own = m.gates.iter().map(|g| (g, None));
    let release = m.release.and_then(|k| site.releases.get(k));
    let inherited = release.into_iter().flat_map(|r| r.gates.iter().map(move |g| (g, Some(r))));
    let mut gates: Vec<(&Gate, Option<&Release>)> = own.chain(inherited).collect();
    gates.sort_by_key(|(g, r)| (g.date, r.is_some()));
    gates.into_iter().map(|(g, r)| GateRow { gate: GateView::new(g), release: r.map(ReleaseLink::new) }).collect()
}

/// A release as its page and the list of releases show it.
#[derive(Serialize)]
pub(crate) struct ReleaseView<'a> {
    #[serde(flatten)]
    link: ReleaseLink<'a>,
    /// The last day of its date's period.
    date_end: String,
    /// "Shipped" when that day is before `as_of`.
    note: Option<&'static str>,
    description: Option<&'a str>,
    gates: Vec<GateView<'a>>,
    /// How many milestones in the plan ship in it, and how many per status.
    count: usize,
    counts: Vec<StatusCount>,
    /// What ships in it, by track, each in schedule order.
    business: RefList,
    technology: RefList,
    /// Proposed milestones that name it: ideas, which ship only once accepted.
    exploring: RefList,
}

impl<'a> ReleaseView<'a> {
    fn new(site: &'a Site, refs: &'a Refs, k: usize) -> Self {
        let r = &site.releases[k];
        let mut ordered = site.relations.release_milestones[k].clone();
        super::pages::by_track_in_listing_order(site, &mut ordered);
        let (ideas, shipping): (Vec<usize>, Vec<usize>) =
            ordered.into_iter().partition(|&i| site.milestones[i].status.is_proposed());
        let on = |track| shipping.iter().copied().filter(|&i| site.milestones[i].track == track).collect::<Vec<_>>();
        ReleaseView {
            link: ReleaseLink::new(r),
            date_end: r.date.end().to_string(),
            note: (r.date.end() < site.config.as_of).then_some("Shipped"),
            description: r.description.as_deref(),
            gates: r.gates.iter().map(GateView::new).collect(),
            count: shipping.len(),
            counts: status_counts(shipping.iter().map(|&i| site.milestones[i].status)),
            business: refs.list(&on(Track::Business)),
            technology: refs.list(&on(Track::Technology)),
            exploring: refs.list(&ideas),
        }
    }
}

/// Releases by date (the end of their period), then id.
pub(crate) fn in_order(site: &Site) -> Vec<usize> {
    let mut order: Vec<usize> = (0..site.releases.len()).collect();
    order.sort_by_key(|&k| (site.releases[k].date.end(), &site.releases[k].id));
    order
}

/// The context of `releases/index.html`.
#[derive(Serialize)]
pub(crate) struct Releases<'a> {
    releases: Vec<ReleaseView<'a>>,
}

pub(crate) fn list<'a>(site: &'a Site, refs: &'a Refs) -> Releases<'a> {
    Releases { releases: in_order(site).into_iter().map(|k| ReleaseView::new(site, refs, k)).collect() }
}

/// The context of `releases/ID/index.html`.
#[derive(Serialize)]
pub(crate) struct ReleasePage<'a> {
    release: ReleaseView<'a>,
}

pub(crate) fn page<'a>(site: &'a Site, refs: &'a Refs, k: usize) -> ReleasePage<'a> {
    ReleasePage { release: ReleaseView::new(site, refs, k) }
}
