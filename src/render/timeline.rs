//! The timeline view (SPEC sections 4 and 7): both tracks as swimlanes by
//! area on one quarter axis around `as_of`, drawn at build time as one
//! self-contained SVG (its own `<style>`, no script) that is inlined in
//! `timeline/index.html` and written alone as `timeline.svg`. Each milestone
//! is a labelled bar linking to its page; connectors join each prerequisite
//! to the milestone that needs it, the critical chain to each business
//! milestone emphasised. Geometry lives in `layout`, the chains in `chain`,
//! the markup in `draw` and `legend`; this file is the entry point and the
//! page's typed context, with its text alternative (a table by quarter).

mod chain;
mod draw;
#[cfg(test)]
pub(crate) mod fixture;
mod layout;
mod legend;
mod releases;

use super::context::{status_counts, ItemRef, StatusCount};
use crate::model::*;
use chain::Chains;
use draw::{draw, summary};
use layout::Layout;
use serde::Serialize;
use std::collections::BTreeMap;

/// The timeline as an `<svg>` element; links to milestone pages start with `root`.
pub(crate) fn svg(site: &Site, root: &str) -> String {
    draw(site, &Layout::new(site), &chain::chains(site), root)
}

/// The standalone `timeline.svg`: an XML document whose links are relative to the site root.
pub(crate) fn document(site: &Site) -> String {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}", svg(site, ""))
}

/// The timeline page: the inline SVG, and the same milestones as a table by quarter.
#[derive(Serialize)]
pub(crate) struct TimelinePage<'a> {
    svg: String,
    summary: String,
    counts: Vec<StatusCount>,
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
    /// The prerequisite that starts the milestone's longest chain, and how many milestones are behind it.
    via: Option<ItemRef<'a>>,
    depth: u32,
    critical: bool,
}

/// The context of `timeline/index.html`.
pub(crate) fn page(site: &Site) -> TimelinePage<'_> {
    let layout = Layout::new(site);
    let chains = chain::chains(site);
    TimelinePage {
        svg: draw(site, &layout, &chains, &super::root_of("timeline/index.html")),
        summary: summary(site, &layout, &chains),
        counts: status_counts(site.milestones.iter().map(|m| m.status)),
        periods: periods(site, &chains),
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

fn periods<'a>(site: &'a Site, chains: &Chains) -> Vec<PeriodRows<'a>> {
    let now = site.config.as_of.quarter();
    let mut groups: BTreeMap<Period, Vec<usize>> = BTreeMap::new();
    for (i, m) in site.milestones.iter().enumerate().filter(|(_, m)| !m.status.is_proposed()) {
        groups.entry(m.schedule.period()).or_default().push(i);
    }
    let order = |a: &usize, b: &usize| {
        let (a, b) = (&site.milestones[*a], &site.milestones[*b]);
        a.track.cmp(&b.track).then_with(|| a.listing_order(b))
    };
    groups
        .into_iter()
        .map(|(period, mut list)| {
            list.sort_by(order);
            let (title, note) = (period.title(), period.note(now));
            PeriodRows { title, note, rows: list.into_iter().map(|i| row(site, chains, i)).collect() }
        })
        .collect()
}

fn row<'a>(site: &'a Site, chains: &Chains, i: usize) -> Row<'a> {
    let m = &site.milestones[i];
    Row {
        item: ItemRef::new(m),
        track_label: m.track.label(),
        area: &m.area,
        via: chains.next[i].map(|p| ItemRef::new(&site.milestones[p])),
        depth: chains.length[i].saturating_sub(1),
        critical: chains.critical[i],
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::{milestone, site};
    use super::*;
    use draw::N;
    use layout::HORIZON_W;

    /// Business `launch` (2027-Q1) supported by technology `platform` (2026-12, from 2026-06).
    fn pair() -> Site {
        let mut launch = milestone("launch", Track::Business, "2027-Q1");
        launch.supported_by = vec![1];
        let mut platform = milestone("platform", Track::Technology, "2026-12");
        platform.start = Due::parse("2026-06");
        platform.area = "scalability".to_string();
        site(vec![launch, platform])
    }

    #[test]
    fn each_dated_milestone_is_a_link_with_a_tooltip() {
        let svg = svg(&pair(), "../");
        assert!(svg.contains(
            "<a href=\"../milestones/launch/index.html\" class=\"tl-item tl-planned tl-point\" tabindex=\"-1\">\
             <title>launch\nPlanned · due 2027-Q1 · Business · General</title>"
        ));
        assert!(
            svg.contains("<a href=\"../milestones/platform/index.html\" class=\"tl-item tl-planned\" tabindex=\"-1\">")
        );
        assert!(
            svg.contains("<title>platform\nPlanned · due 2026-12 (from 2026-06) · Technology · scalability</title>")
        );
        assert!(svg.contains(">Scalability<"), "area names are capitalised in the gutter");
    }

    #[test]
    fn svg_is_self_contained_and_labelled() {
        let svg = svg(&pair(), "");
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"rb-timeline\" role=\"group\" aria-labelledby=\"rb-tl-title\" aria-describedby=\"rb-tl-desc\""));
        assert!(svg.contains("<title id=\"rb-tl-title\">Timeline of Test</title>"));
        assert!(svg.contains(
            "<desc id=\"rb-tl-desc\">2 dated milestones (1 business, 1 technology) on quarters 2026-Q2 to 2027-Q1"
        ));
        assert!(svg.contains("<style>") && !svg.contains("<script") && !svg.contains("style=\""));
        assert!(document(&pair()).starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns="));
    }

    #[test]
    fn text_is_escaped_everywhere() {
        let mut m = milestone("rd", Track::Business, "2027-Q1");
        m.title = "R&D <beta> \"fast\" & 'cheap'".to_string();
        m.area = "Q&A <team>".to_string();
        m.gates = vec![Gate {
            date: Date::parse("2027-02-01").unwrap(),
            criteria: "<go> & \"done\"".to_string(),
            decision: GateDecision::Pending,
            written: 0,
        }];
        let mut site = site(vec![m]);
        site.config.title = "Tom & <Jerry>".to_string();
        let svg = svg(&site, "");
        assert!(svg.contains("R&amp;D &lt;beta&gt; &quot;fast&quot; &amp; &#39;cheap&#39;"));
        assert!(svg.contains("Timeline of Tom &amp; &lt;Jerry&gt;"));
        assert!(svg.contains("&lt;go&gt; &amp; &quot;done&quot;"));
        for (at, _) in svg.match_indices('&') {
            let rest = &svg[at..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].iter().any(|e| rest.starts_with(e)),
                "bare & at {rest:.20}"
            );
        }
        for bad in ["<beta>", "<team>", "<go>", "<Jerry>"] {
            assert!(!svg.contains(bad), "{bad} unescaped");
        }
    }

    #[test]
    fn today_line_sits_at_as_of_with_its_date() {
        let site = pair();
        let layout = Layout::new(&site);
        let x = N(layout.axis.x(site.config.as_of)).to_string();
        let svg = svg(&site, "");
        assert!(svg.contains(&format!("<line class=\"tl-today\" x1=\"{x}\" y1=\"22\" x2=\"{x}\"")), "{svg}");
        assert!(svg.contains(">Today 2026-11-24</text>"));
    }

    #[test]
    fn undated_milestones_go_in_now_next_later_columns() {
        let mut list = pair().milestones;
        list.push(milestone("soon", Track::Technology, "next"));
        list.push(milestone("someday", Track::Business, "later"));
        list.push(milestone("limbo", Track::Business, ""));
        let site = site(list);
        let layout = Layout::new(&site);
        let columns = layout.horizon_x.expect("columns");
        assert!(columns >= layout.axis.right());
        let soon = layout.slots[2].as_ref().unwrap();
        assert_eq!(soon.horizon, Some(Horizon::Next));
        assert!(soon.x0 > columns + HORIZON_W && soon.x1 < columns + 2.0 * HORIZON_W);
        let someday = layout.slots[3].as_ref().unwrap();
        assert!(someday.x0 > columns + 2.0 * HORIZON_W);
        assert!(layout.slots[4].is_none(), "unscheduled milestones are not drawn");
        let svg = svg(&site, "");
        for header in [">Undated<", ">Now<", ">Next<", ">Later<"] {
            assert!(svg.contains(header), "{header}");
        }
        assert!(svg.contains("class=\"tl-item tl-planned tl-undated-item\""));
        assert!(svg.contains("1 unscheduled milestones are not shown"));
        assert!(pair_has_no_columns());
    }

    fn pair_has_no_columns() -> bool {
        Layout::new(&pair()).horizon_x.is_none() && !svg(&pair(), "").contains(">Undated<")
    }

    #[test]
    fn links_are_drawn_and_the_critical_chain_emphasised() {
        let mut list = pair().milestones;
        let mut extra = milestone("extra", Track::Technology, "2026-Q3");
        extra.area = "security".to_string();
        list.push(extra);
        list[0].supported_by.push(2);
        list[1].depends_on = vec![2];
        let svg = svg(&site(list), "");
        assert!(svg.contains("<path class=\"tl-link tl-critical\""), "launch -> platform is critical");
        assert!(svg.contains("<path class=\"tl-link tl-depends tl-critical\""), "platform -> extra is critical");
        assert!(svg.contains("<path class=\"tl-link\""), "launch -> extra is a plain support");
        assert!(svg.contains("<title>platform supports launch (critical chain)</title>"));
        assert!(svg.contains("<title>extra is needed by platform (critical chain)</title>"));
    }

    #[test]
    fn late_prerequisites_are_marked() {
        let mut list = pair().milestones;
        list[1].schedule = Schedule::Due(Due::parse("2027-Q3").unwrap());
        let svg = svg(&site(list), "");
        assert!(svg.contains("tl-late\"") && svg.contains("(due after it)"));
    }

    #[test]
    fn statuses_carry_words_and_patterns_and_gates_are_diamonds() {
        let mut list = pair().milestones;
        list[0].status = Status::AtRisk;
        list[1].status = Status::Dropped;
        list[0].gates = vec![Gate {
            date: Date::parse("2027-01-15").unwrap(),
            criteria: "Ready".to_string(),
            decision: GateDecision::NoGo,
            written: 0,
        }];
        let svg = svg(&site(list), "");
        assert!(svg.contains("class=\"tl-item tl-at-risk tl-point\""));
        assert!(svg.contains("<tspan class=\"tl-flag\"> · At risk</tspan>"));
        assert!(svg.contains("<tspan class=\"tl-flag\"> · Dropped</tspan>"));
        assert!(svg.contains("fill:url(#rb-tl-at-risk)") && svg.contains("<pattern id=\"rb-tl-at-risk\""));
        assert!(svg.contains("<path class=\"tl-gate tl-gate-no-go\""));
        assert!(svg.contains("<title>Gate 2027-01-15 · No-go: Ready</title>"));
    }

    #[test]
    fn output_is_deterministic() {
        assert_eq!(svg(&pair(), ""), svg(&pair(), ""));
    }

    #[test]
    fn ten_thousand_milestones_in_one_long_chain() {
        let mut list: Vec<Milestone> = (0..10_000)
            .map(|i| {
                let (track, area) = if i % 2 == 0 { (Track::Business, i % 7) } else { (Track::Technology, i % 11) };
                let mut m = milestone(&format!("m{i}"), track, &format!("{}-Q{}", 2026 + (i / 4) % 3, i % 4 + 1));
                m.area = format!("area {area}");
                m
            })
            .collect();
        for (i, m) in list.iter_mut().enumerate().skip(1) {
            m.depends_on = vec![i - 1];
        }
        let site = site(list);
        let svg = svg(&site, "");
        assert_eq!(svg.matches("<a href=").count(), 10_000);
    }
}
