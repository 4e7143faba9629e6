//! The timeline view: both tracks as lanes by area on one quarter axis
//! around `as_of`, drawn at build time as SVG: the axis, then one `<svg>` per
//! lane, which `timeline/index.html` places in a collapsible block each and
//! `timeline.svg` joins into one document. What the axis does not reach is
//! listed beside it: undated milestones by horizon, dated ones before or
//! after the drawn quarters, and unscheduled ones. Geometry lives in
//! `layout` (labels in `label`), the chains in `chain`, the markup in `draw`,
//! `legend` and `standalone`; this file is the entry point and the page's
//! typed context, with its text alternative (a table by quarter with every
//! prerequisite).

mod chain;
mod draw;
#[cfg(test)]
pub(crate) mod fixture;
mod label;
mod layout;
mod legend;
mod releases;
mod standalone;

use super::context::{status_counts, ItemRef, StatusCount};
use crate::escape::html as esc;
use crate::model::*;
use chain::Chains;
use draw::{Drawing, Fill, N};
use layout::{Layout, WIDTH};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The standalone `timeline.svg`: an XML document whose links are relative to the site root.
pub(crate) fn document(site: &Site) -> String {
    let (layout, chains) = (Layout::new(site), chain::chains(site));
    let drawing = Drawing { site, layout: &layout, chains: &chains, root: "" };
    standalone::document(&drawing, &summary(site, &layout, &chains))
}

/// The context of `timeline/index.html`.
#[derive(Serialize)]
pub(crate) struct TimelinePage<'a> {
    /// The axis as SVG, carrying the stylesheet and patterns every lane uses.
    axis: String,
    /// The axis again, without them, to head the second track.
    axis_again: String,
    tracks: Vec<TrackLanes>,
    /// The key, as SVG.
    legend: String,
    first_quarter: String,
    last_quarter: String,
    /// Now, Next and Later, when any milestone has a horizon.
    undated: Vec<Column<'a>>,
    /// Earlier, Later and Unscheduled, those that have milestones.
    apart: Vec<Group<'a>>,
    summary: String,
    counts: Vec<StatusCount>,
    filters: Filters<'a>,
    periods: Vec<PeriodRows<'a>>,
    /// Where the proposed milestones, which the timeline leaves out, are listed: one entry per view that has any.
    exploring: Vec<Exploring>,
}

/// How many proposed milestones a view lists in its "Exploring" section, and the link to it.
#[derive(Serialize)]
struct Exploring {
    /// `business` or `technology`.
    view: &'static str,
    count: usize,
    href: String,
}

/// The lanes of one track.
#[derive(Serialize)]
struct TrackLanes {
    track: Track,
    label: &'static str,
    lanes: Vec<LaneView>,
}

/// One lane: an area's name, how many milestones it draws, and its drawing.
#[derive(Serialize)]
struct LaneView {
    /// The area as first written, its first letter capitalised.
    name: String,
    /// The area in lower case, as filters name it.
    area: String,
    count: usize,
    svg: String,
}

/// A milestone listed beside the chart.
#[derive(Serialize)]
struct Entry<'a> {
    item: ItemRef<'a>,
    /// The area as shown (first letter capitalised), and in lower case as filters name it.
    area: String,
    area_key: String,
    /// The due date of a dated milestone (the lists of undated ones are by horizon).
    when: Option<String>,
    /// The slugs of its tags by spaces, as the filter reads them.
    tags: String,
}

/// Milestones not on the axis: `id` is the group's anchor, `what` says which.
#[derive(Serialize)]
struct Group<'a> {
    id: &'static str,
    title: &'static str,
    what: String,
    entries: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Column<'a> {
    title: &'static str,
    entries: Vec<Entry<'a>>,
}

/// The choices of the filter form: every area (by key, with its name), status and tag in use.
#[derive(Serialize)]
struct Filters<'a> {
    areas: Vec<(String, String)>,
    statuses: Vec<StatusCount>,
    /// Each tag's slug (what `?tag=` and `#tag=` name) and name, by name.
    tags: Vec<(&'a str, &'a str)>,
}

/// The milestones of one quarter (or horizon), for the table.
#[derive(Serialize)]
struct PeriodRows<'a> {
    title: String,
    note: Option<&'static str>,
    rows: Vec<Row<'a>>,
}

#[derive(Serialize)]
struct Row<'a> {
    item: ItemRef<'a>,
    track_label: &'static str,
    area: &'a str,
    /// Every prerequisite, as HTML (a list of links, empty for none): what supports the
    /// milestone, then what it depends on, the links on a critical chain marked. Made here,
    /// not in the template: at 10,000 milestones a context per link costs more than the page.
    needs: String,
    /// How many milestones are behind it on its longest chain of dated prerequisites.
    depth: u32,
}

pub(crate) fn page(site: &Site) -> TimelinePage<'_> {
    let (layout, chains) = (Layout::new(site), chain::chains(site));
    let root = super::root_of("timeline/index.html");
    let drawing = Drawing { site, layout: &layout, chains: &chains, root: &root };
    let entries = |list: &[usize]| list.iter().map(|&i| Entry::new(site, &site.milestones[i])).collect::<Vec<_>>();
    let undated = if layout.undated.iter().all(Vec::is_empty) {
        Vec::new()
    } else {
        let columns = Horizon::ALL.iter().zip(&layout.undated);
        columns.map(|(h, list)| Column { title: h.label(), entries: entries(list) }).collect()
    };
    TimelinePage {
        axis: axis(&drawing, true),
        axis_again: axis(&drawing, false),
        tracks: tracks(&drawing, &layout),
        legend: legend(!layout.releases.is_empty()),
        first_quarter: layout.axis.first_quarter().to_string(),
        last_quarter: layout.axis.last_quarter().to_string(),
        undated,
        apart: apart(&layout, entries),
        summary: summary(site, &layout, &chains),
        counts: status_counts(site.milestones.iter().map(|m| m.status)),
        filters: filters(site),
        periods: periods(site, &chains, &root),
        exploring: exploring(site),
    }
}

fn exploring(site: &Site) -> Vec<Exploring> {
    Track::ALL
        .iter()
        .map(|&track| {
            let count = site.milestones.iter().filter(|m| m.track == track && m.status.is_proposed()).count();
            Exploring { view: track.as_str(), count, href: exploring_href(track) }
        })
        .filter(|e| e.count > 0)
        .collect()
}

impl<'a> Entry<'a> {
    fn new(site: &Site, m: &'a Milestone) -> Entry<'a> {
        Entry {
            item: ItemRef::new(m, site.config.date_display),
            area: capitalized(&m.area),
            area_key: m.area.to_lowercase(),
            when: m.due().map(|_| m.when_shown(site.config.date_display)),
            tags: tag_slugs(site, m),
        }
    }
}

/// The axis as an `<svg>`; the first one carries the stylesheet and the patterns.
fn axis(drawing: &Drawing, head: bool) -> String {
    let mut out = String::with_capacity(8192);
    let axis = &drawing.layout.axis;
    let label =
        format!("Quarters {} to {}; today is {}", axis.first_quarter(), axis.last_quarter(), drawing.site.config.as_of);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"rb-timeline tl-axis\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" role=\"group\" aria-label=\"{label}\">",
        w = N(WIDTH),
        h = N(drawing.layout.axis_height())
    );
    if head {
        let _ = write!(out, "<style>{}</style>", draw::STYLE);
        draw::defs(&mut out);
    }
    let _ = drawing.axis(&mut out);
    out.push_str("</svg>");
    out
}

fn tracks(drawing: &Drawing, layout: &Layout) -> Vec<TrackLanes> {
    let mut tracks: Vec<TrackLanes> = Vec::new();
    for lane in &layout.lanes {
        if tracks.last().map(|t| t.track) != Some(lane.track) {
            tracks.push(TrackLanes { track: lane.track, label: lane.track.label(), lanes: Vec::new() });
        }
        let mut svg = String::with_capacity(1024 + lane.items.len() * 900);
        let (w, h) = (N(WIDTH), N(lane.height));
        let count = lane.items.len();
        let _ = write!(
            svg,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"rb-timeline tl-lane-svg\" width=\"{w}\" height=\"{h}\" \
             viewBox=\"0 0 {w} {h}\" role=\"group\" aria-label=\"{}, {}: {count} milestone{}\">",
            esc(lane.track.label()),
            esc(&capitalized(lane.name)),
            if count == 1 { "" } else { "s" }
        );
        let _ = drawing.lane(&mut svg, lane, Fill::Viewport);
        svg.push_str("</svg>");
        let view = LaneView { name: capitalized(lane.name), area: lane.name.to_lowercase(), count, svg };
        tracks.last_mut().expect("pushed above").lanes.push(view);
    }
    tracks
}

/// `text` with its first letter in upper case, as lane names are shown.
pub(crate) fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn legend(releases: bool) -> String {
    let legend = legend::Legend::new(releases);
    let (w, h) = (N(WIDTH), N(legend.height));
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"rb-timeline tl-key\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Key to the timeline\">"
    );
    let _ = legend.write(&mut out, 0.0);
    out.push_str("</svg>");
    out
}

fn apart<'a>(layout: &Layout, entries: impl Fn(&[usize]) -> Vec<Entry<'a>>) -> Vec<Group<'a>> {
    let axis = &layout.axis;
    let groups = [
        ("earlier", "Earlier", format!("due before {}", axis.first_quarter()), &layout.earlier),
        ("later", "Later", format!("starting after {}", axis.last_quarter()), &layout.later),
        ("unscheduled", "Unscheduled", "with neither a date nor a horizon".to_string(), &layout.unscheduled),
    ];
    let groups = groups.into_iter().filter(|g| !g.3.is_empty());
    groups.map(|(id, title, what, list)| Group { id, title, what, entries: entries(list) }).collect()
}

fn filters(site: &Site) -> Filters<'_> {
    let mut areas: BTreeMap<String, String> = BTreeMap::new();
    for m in site.milestones.iter().filter(|m| !m.status.is_proposed()) {
        areas.entry(m.area.to_lowercase()).or_insert_with(|| capitalized(&m.area));
    }
    let carried = |t: &&Tag| t.milestones.iter().any(|&i| !site.milestones[i].status.is_proposed());
    Filters {
        areas: areas.into_iter().collect(),
        statuses: status_counts(site.milestones.iter().map(|m| m.status)),
        tags: site.tags.iter().filter(carried).map(|t| (t.slug.as_str(), t.name.as_str())).collect(),
    }
}

/// The slugs of a milestone's tags, by spaces (what the filter reads in `data-tags`).
pub(crate) fn tag_slugs(site: &Site, m: &Milestone) -> String {
    let slugs = m.tags.iter().filter_map(|t| site.tag(t)).map(|t| t.slug.as_str());
    slugs.collect::<Vec<_>>().join(" ")
}

/// The text alternative: what the picture shows, and what it lists apart, in counts.
pub(crate) fn summary(site: &Site, layout: &Layout, chains: &Chains) -> String {
    let drawn = |track: Track| layout.lanes.iter().filter(|l| l.track == track).map(|l| l.items.len()).sum::<usize>();
    let (business, technology) = (drawn(Track::Business), drawn(Track::Technology));
    let axis = &layout.axis;
    let gates: usize = layout.lanes.iter().flat_map(|l| &l.items).map(|i| i.gates.len()).sum();
    // Links to or from a proposed milestone are not drawn, as it is not.
    let committed = |list: &[usize]| list.iter().filter(|&&p| !site.milestones[p].status.is_proposed()).count();
    let plan = || site.milestones.iter().filter(|m| !m.status.is_proposed());
    let supports: usize = plan().map(|m| committed(&m.supported_by)).sum();
    let depends: usize = plan().map(|m| committed(&m.depends_on)).sum();
    let mut text = format!(
        "{} dated milestones ({business} business, {technology} technology) on quarters {} to {}, as of {}; \
         {gates} gates; {supports} supporting links and {depends} dependencies, {} of them on the critical chain \
         to a business milestone.",
        business + technology,
        axis.first_quarter(),
        axis.last_quarter(),
        site.config.as_of,
        chains.critical_links()
    );
    let apart = [
        (layout.earlier.len(), format!("due before {} (Earlier)", axis.first_quarter())),
        (layout.later.len(), format!("starting after {} (Later)", axis.last_quarter())),
        (layout.undated.iter().map(Vec::len).sum(), "undated (Now, Next and Later)".to_string()),
        (layout.unscheduled.len(), "unscheduled".to_string()),
    ];
    let apart: Vec<String> = apart.iter().filter(|(n, _)| *n > 0).map(|(n, what)| format!("{n} {what}")).collect();
    if !apart.is_empty() {
        let _ = write!(text, " Listed under the chart: {}.", apart.join(", "));
    }
    let releases = layout.releases.len();
    if releases > 0 {
        let (s, their) = if releases == 1 { ("", "its date") } else { ("s", "their dates") };
        let _ = write!(text, " {releases} release{s} marked at {their}.");
    }
    let proposed = site.milestones.iter().filter(|m| m.status.is_proposed()).count();
    if proposed > 0 {
        let _ = write!(text, " {proposed} proposed milestones (ideas, not yet in the plan) are not shown.");
    }
    text
}

fn periods<'a>(site: &'a Site, chains: &Chains, root: &str) -> Vec<PeriodRows<'a>> {
    let now = site.config.as_of.quarter();
    let mut groups: BTreeMap<Period, Vec<usize>> = BTreeMap::new();
    for (i, m) in site.milestones.iter().enumerate().filter(|(_, m)| !m.status.is_proposed()) {
        groups.entry(m.schedule.period()).or_default().push(i);
    }
    groups
        .into_iter()
        .map(|(period, mut list)| {
            super::pages::by_track_in_listing_order(site, &mut list);
            let (title, note) = (period.title(), period.note(now));
            PeriodRows { title, note, rows: list.into_iter().map(|i| row(site, chains, i, root)).collect() }
        })
        .collect()
}

fn row<'a>(site: &'a Site, chains: &Chains, i: usize, root: &str) -> Row<'a> {
    let m = &site.milestones[i];
    let mut needs = String::new();
    let kinds = [("Supported by", &m.supported_by), ("Depends on", &m.depends_on)];
    for (kind, &p) in kinds.iter().flat_map(|(kind, list)| list.iter().map(move |p| (kind, p))) {
        let prerequisite = &site.milestones[p];
        let href = format!("{root}{}", milestone_href(&prerequisite.id));
        let _ = write!(needs, "<li>{kind} <a href=\"{}\">{}</a>", esc(&href), esc(&prerequisite.title));
        if chains.is_critical(i, p) {
            needs.push_str(" <span class=\"note\">critical chain</span>");
        }
        needs.push_str("</li>");
    }
    if !needs.is_empty() {
        needs = format!("<ul class=\"tl-needs\">{needs}</ul>");
    }
    Row {
        item: ItemRef::new(m, site.config.date_display),
        track_label: m.track.label(),
        area: &m.area,
        needs,
        depth: chains.length[i].saturating_sub(1),
    }
}

#[cfg(test)]
mod tests;
