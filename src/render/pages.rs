//! Which pages a site has, and the typed context of each (SPEC section 4).

use super::context::*;
use super::tags::{filter, FilterChip};
use super::{job, Job, Styles};
use crate::diagnostic::Diagnostic;
use crate::model::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Site-wide values every page sees as `site`.
#[derive(Serialize)]
pub(crate) struct SiteView<'a> {
    /// The comparison with a git revision, if the build has one (`build --compare`).
    pub(crate) has_changes: bool,
    #[serde(skip)]
    pub(crate) changes: Option<super::changes::Lookup<'a>>,
    /// The references pages list (milestones, gates, objectives), rendered once (`render::refs`).
    #[serde(skip)]
    pub(crate) refs: &'a Refs,
    /// The site's own stylesheets (`404.html` inlines them).
    #[serde(skip)]
    pub(crate) styles: &'a Styles,
    /// Whether the site has `static/extra.css`, linked after `style.css`.
    pub(crate) has_extra_css: bool,
    pub(crate) title: &'a str,
    pub(crate) as_of: String,
    /// The description of the audience this build is for, if any.
    pub(crate) audience: Option<&'a str>,
    /// Ask search engines not to index (unless `[publish] indexable = true`).
    pub(crate) noindex: bool,
    pub(crate) has_objectives: bool,
    pub(crate) has_risks: bool,
    pub(crate) has_decisions: bool,
    pub(crate) has_links: bool,
    pub(crate) has_glossary: bool,
    pub(crate) has_releases: bool,
    /// The main navigation, in order: each section the table lists there,
    /// `shown` when this site has its page.
    pub(crate) nav: Vec<NavLink>,
    /// The narratives (the home page's text left out) as the navigation's
    /// "Narratives" menu and the home page list them: by weight, date, title.
    pub(crate) narratives: Vec<NarrativeRefView<'a>>,
    /// The page of every section by its name (`site.href.search`), and the home page (`site.href.home`).
    pub(crate) href: BTreeMap<&'static str, String>,
    /// This view as `site` in a template context, made once and shared by every page's
    /// context (`tera::Context::set_shared`) instead of serialized again for each page:
    /// with the narratives menu that was a copy of every narrative per page.
    #[serde(skip)]
    pub(crate) shared: Option<std::sync::Arc<tera::Context>>,
    /// The Narratives menu's items, each as written in HTML once per build (`nav_narratives`).
    #[serde(skip)]
    menu: Vec<MenuItem>,
}

/// A narrative as the navigation's menu lists it: its `href` as it is (to find the current
/// page), and escaped, its title as HTML and its kind, escaped.
struct MenuItem {
    href: String,
    href_html: String,
    title_html: String,
    kind_html: String,
}

/// How many narratives the navigation's menu lists at most. Every page carries the menu, so
/// a roadmap with hundreds of narratives would write each of them into every page (at 10,000
/// milestones and 500 narratives, five times the site); beyond this many the menu ends with
/// a link to the home page's list of them all.
const MENU_NARRATIVES: usize = 8;

/// The Narratives menu: every narrative in reading order when there are at most
/// `MENU_NARRATIVES`; otherwise the press releases and six-pagers (the board's reading)
/// first, then the others in reading order, up to that many, listed in reading order, and a
/// last item that links to the home page's list of all of them.
fn menu(listed: &[NarrativeRefView<'_>]) -> Vec<MenuItem> {
    let item = |n: &NarrativeRefView<'_>| MenuItem {
        href: n.href.clone(),
        href_html: crate::escape::html(&n.href),
        title_html: crate::escape::title_html(n.title),
        kind_html: crate::escape::html(n.kind),
    };
    if listed.len() <= MENU_NARRATIVES {
        return listed.iter().map(item).collect();
    }
    let board = |n: &NarrativeRefView<'_>| {
        n.kind == NarrativeKind::PressRelease.label() || n.kind == NarrativeKind::SixPager.label()
    };
    let mut chosen: Vec<usize> = (0..listed.len()).filter(|&i| board(&listed[i])).take(MENU_NARRATIVES).collect();
    let rest = MENU_NARRATIVES - chosen.len();
    chosen.extend((0..listed.len()).filter(|&i| !board(&listed[i])).take(rest));
    chosen.sort_unstable();
    let mut items: Vec<MenuItem> = chosen.into_iter().map(|i| item(&listed[i])).collect();
    let all = format!("{HOME_PAGE}#narratives");
    items.push(MenuItem {
        href_html: crate::escape::html(&all),
        href: all,
        title_html: format!("All {} narratives", listed.len()),
        kind_html: String::new(),
    });
    items
}

/// The items of the Narratives menu as `base.html` prints them: an `<li>` per narrative, each
/// on its own line, the one whose page is `current` marked `aria-current`.
fn menu_items(items: &[MenuItem], root: &str, current: Option<&str>) -> String {
    let root = crate::escape::html(root);
    let size: usize = items.iter().map(|i| i.href_html.len() + i.title_html.len() + i.kind_html.len() + 80).sum();
    let mut html = String::with_capacity(size + items.len() * root.len());
    for item in items {
        // The last item of a long menu, "All N narratives", has no kind.
        html.push_str(if item.kind_html.is_empty() {
            "            <li class=\"nav-all\"><a href=\""
        } else {
            "            <li><a href=\""
        });
        html.push_str(&root);
        html.push_str(&item.href_html);
        html.push('"');
        if current == Some(item.href.as_str()) {
            html.push_str(" aria-current=\"page\"");
        }
        html.push('>');
        html.push_str(&item.title_html);
        html.push_str("</a>");
        if !item.kind_html.is_empty() {
            html.push_str(" <span class=\"nav-kind\">");
            html.push_str(&item.kind_html);
            html.push_str("</span>");
        }
        html.push_str("</li>\n");
    }
    html
}

/// A link of the main navigation.
#[derive(Serialize)]
pub(crate) struct NavLink {
    /// The section's name, as pages give it in `section`.
    pub(crate) section: &'static str,
    pub(crate) title: &'static str,
    pub(crate) href: String,
    /// Whether this site has the page (the navigation keeps a place for it either way).
    pub(crate) shown: bool,
}

impl<'a> SiteView<'a> {
    /// The Narratives menu's items for a page (`nav_narratives`): made once for the pages
    /// outside the narratives, whose root the page's own replaces (`ROOT_MARK`); for a
    /// narrative page, which the menu marks as current, and the 404 page, whose root is
    /// `base_url`, made for the page. Printed by a template loop, the menu was two thirds
    /// of a build's instructions at 100 narratives. `None` when the page sees the
    /// build's own, in the shared context (`shared`).
    pub(crate) fn narratives_menu(&self, root: &str, absolute_root: bool, current: Option<&str>) -> Option<String> {
        if absolute_root || current.is_some() || self.shared.is_none() {
            Some(menu_items(&self.menu, root, current))
        } else {
            None
        }
    }

    /// The view of `site`, aware of the comparison if the build has one (nav link, badges, the change page).
    pub(crate) fn new(
        site: &'a Site,
        refs: &'a Refs,
        changes: Option<&'a crate::history::Comparison>,
        styles: &'a Styles,
    ) -> Self {
        let has = |section| has_page(site, section) || (section == Section::Changes && changes.is_some());
        let mut view = SiteView {
            has_changes: changes.is_some(),
            changes: changes.map(super::changes::Lookup::new),
            refs,
            styles,
            has_extra_css: styles.has_extra(),
            title: &site.config.title,
            as_of: site.config.as_of.to_string(),
            audience: site.config.audience.as_ref().map(|(_, description)| description.as_str()),
            noindex: !site.config.indexable,
            has_objectives: has(Section::Objectives),
            has_risks: has(Section::Risks),
            has_decisions: has(Section::Decisions),
            has_links: has(Section::Links),
            has_glossary: has(Section::Glossary),
            has_releases: has(Section::Releases),
            nav: Section::ALL
                .into_iter()
                .filter(|s| s.in_nav())
                .map(|s| NavLink { section: s.folder(), title: s.title(), href: s.href(), shown: has(s) })
                .collect(),
            narratives: listed_narratives(site),
            href: Section::ALL
                .into_iter()
                .map(|s| (s.folder(), s.href()))
                .chain([("home", HOME_PAGE.to_string())])
                .collect(),
            shared: None,
            menu: Vec::new(),
        };
        view.menu = menu(&view.narratives);
        let mut shared = tera::Context::new();
        // Should the view not serialize, each page tries again and reports the error (`render::job`).
        view.shared = shared.try_insert("site", &view).ok().map(|_| {
            // For the pages outside the narratives: `ROOT_MARK` is each page's own root.
            shared.insert("nav_narratives", &menu_items(&view.menu, ROOT_MARK, None));
            std::sync::Arc::new(shared)
        });
        view
    }
}

/// Whether the site has a section's own page. The change report is not the
/// site's but the comparison's (`changes`); milestones have pages of their own.
fn has_page(site: &Site, section: Section) -> bool {
    match section {
        Section::Business | Section::Technology | Section::Timeline | Section::Search => true,
        Section::Objectives => !site.objectives.is_empty(),
        Section::Risks => !site.risks.is_empty(),
        Section::Decisions => !site.decisions.is_empty(),
        Section::Links => site.has_links(),
        Section::Glossary => !site.glossary.is_empty(),
        Section::Releases => !site.releases.is_empty(),
        Section::Tags => !site.tags.is_empty(),
        Section::Changes | Section::Milestones => false,
    }
}

/// One page of the site, before its context is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Spec {
    Home,
    NotFound,
    /// The page of a section (`has_page`).
    Section(Section),
    Objective(usize),
    Release(usize),
    Narrative(usize),
    Milestone(usize),
    /// The page of a tag, by its index in `Site::tags`.
    Tag(usize),
    /// The compact list of a track's view (`business/list/`, `technology/list/`).
    List(Track),
}

/// Every page of the site. Contexts are built later, one page at a time, in parallel.
pub(crate) fn specs(site: &Site) -> Vec<Spec> {
    let mut specs = vec![Spec::Home, Spec::NotFound];
    specs.extend(Section::ALL.into_iter().filter(|&s| has_page(site, s)).map(Spec::Section));
    specs.extend(Track::ALL.iter().map(|&t| Spec::List(t)));
    specs.extend((0..site.objectives.len()).map(Spec::Objective));
    specs.extend((0..site.releases.len()).map(Spec::Release));
    specs.extend((0..site.narratives.len()).filter(|&i| Some(i) != site.home).map(Spec::Narrative));
    specs.extend((0..site.milestones.len()).map(Spec::Milestone));
    specs.extend((0..site.tags.len()).map(Spec::Tag));
    specs
}

/// The output path of a page.
pub(crate) fn path(site: &Site, spec: Spec) -> String {
    match spec {
        Spec::Home => HOME_PAGE.into(),
        Spec::NotFound => NOT_FOUND_PAGE.into(),
        Spec::Section(section) => section.href(),
        Spec::Objective(i) => objective_href(&site.objectives[i].id),
        Spec::Release(k) => release_href(&site.releases[k].id),
        Spec::Narrative(i) => format!("{}index.html", site.narratives[i].url),
        Spec::Milestone(i) => milestone_href(&site.milestones[i].id),
        // The slug as it is, a folder name; links to it percent-encode it (`tag_href`).
        Spec::Tag(i) => format!("{}/{}/index.html", Section::Tags.folder(), site.tags[i].slug),
        Spec::List(track) => list_href(track),
    }
}

/// Builds the context of one page.
pub(crate) fn job_for(site: &Site, spec: Spec, view: &SiteView) -> Result<Job, Diagnostic> {
    let path = path(site, spec);
    let refs = view.refs;
    match spec {
        Spec::Home => job(site, view, path, "index.html", "home", &super::home::home(site, refs)),
        Spec::NotFound => job(site, view, path, "404.html", "", &Empty {}),
        Spec::Section(section) => section_job(site, view, path, section),
        Spec::Objective(i) => {
            let page = ObjectivePage { objective: ObjectiveView::new(site, refs, i) };
            job(site, view, path, "objective.html", Section::Objectives.folder(), &page)
        }
        Spec::Release(k) => {
            let page = super::releases::page(site, refs, k);
            job(site, view, path, "release.html", Section::Releases.folder(), &page)
        }
        Spec::Narrative(i) => job(site, view, path, "narrative.html", "narratives", &narrative(site, refs, i)),
        Spec::Milestone(i) => {
            let section = site.milestones[i].track.section().folder();
            let page = MilestonePage {
                changed: view.changes.as_ref().and_then(|c| c.badge(&site.milestones[i].id)),
                ..milestone(site, refs, i)
            };
            job(site, view, path, "milestone.html", section, &page)
        }
        Spec::Tag(i) => job(site, view, path, "tag.html", Section::Tags.folder(), &super::tags::page(site, refs, i)),
        Spec::List(track) => job(site, view, path, "list.html", track.section().folder(), &list(site, track)),
    }
}

/// The job of a section's page: its template, named after the section, and its context.
fn section_job(site: &Site, view: &SiteView, path: String, section: Section) -> Result<Job, Diagnostic> {
    let refs = view.refs;
    let name = section.folder();
    match section {
        Section::Business => job(site, view, path, "business.html", name, &business(site, refs)),
        Section::Technology => job(site, view, path, "technology.html", name, &technology(site, refs)),
        Section::Timeline => job(site, view, path, "timeline.html", name, &super::timeline::page(site)),
        Section::Releases => job(site, view, path, "releases.html", name, &super::releases::list(site, refs)),
        Section::Objectives => {
            let objectives: Vec<_> = (0..site.objectives.len()).map(|i| ObjectiveView::new(site, refs, i)).collect();
            let tag_filter = filter(site, site.objectives.iter().map(|o| o.tags.as_slice()));
            job(site, view, path, "objectives.html", name, &Objectives { objectives, tag_filter })
        }
        Section::Risks => job(site, view, path, "risks.html", name, &risks(site, refs)),
        Section::Decisions => job(site, view, path, "decisions.html", name, &decisions(site, refs)),
        Section::Links => job(site, view, path, "links.html", name, &links(site, refs)),
        Section::Glossary => job(site, view, path, "glossary.html", name, &glossary(site)),
        Section::Tags => job(site, view, path, "tags.html", name, &super::tags::list(site)),
        Section::Search => {
            let page = super::search::page(site)
                .map_err(|e| Diagnostic::internal(&path, format!("cannot write the search index: {e}")))?;
            job(site, view, path, "search.html", name, &page)
        }
        // Written by `changes::job`, and milestone by milestone (`Spec::Milestone`).
        Section::Changes | Section::Milestones => job(site, view, path, "404.html", "", &Empty {}),
    }
}

#[derive(Serialize)]
struct Empty {}

/// Narratives in reading order: weight, then date, then title.
pub(super) fn listed_narratives(site: &Site) -> Vec<NarrativeRefView<'_>> {
    let mut list: Vec<&Narrative> =
        site.narratives.iter().enumerate().filter(|(i, _)| Some(*i) != site.home).map(|(_, n)| n).collect();
    list.sort_by(|a, b| (a.weight, a.date, &a.title).cmp(&(b.weight, b.date, &b.title)));
    list.into_iter().map(NarrativeRefView::new).collect()
}

#[derive(Serialize)]
pub(super) struct UpcomingGate<'a> {
    pub(super) milestone: ItemRef<'a>,
    pub(super) gate: GateView<'a>,
}

/// Sorts milestone indices in listing order (`Milestone::listing_key`): by date, weight, title.
pub(super) fn in_listing_order(site: &Site, list: &mut [usize]) {
    list.sort_by_cached_key(|&i| site.milestones[i].listing_key());
}

/// Sorts milestone indices by track (business first), then in listing order.
pub(super) fn by_track_in_listing_order(site: &Site, list: &mut [usize]) {
    list.sort_by_cached_key(|&i| (site.milestones[i].track, site.milestones[i].listing_key()));
}

/// The anchor of a period's group on the business view ("2027-q1", "now"),
/// and, after the area's, on the technology view.
pub(super) fn period_anchor(period: Period) -> String {
    period.title().to_lowercase()
}

fn period_group<'a>(site: &'a Site, refs: &'a Refs, period: Period, members: Vec<usize>) -> Group<'a> {
    let (title, note) = (period.title(), period.note(site.config.as_of.quarter()));
    let cards = members.into_iter().map(|i| Card::new(site, refs, i)).collect();
    Group { title, anchor: period_anchor(period), note, cards, under_way: refs.list(&[]) }
}

/// Groups milestone indices by the period they are due in, each group in
/// schedule order. A milestone is one card, under its due period; the current
/// quarter (added if need be) also lists, as references, the milestones due
/// later whose span has begun, so a goal running 2026-Q1 to 2028-Q4 is seen now.
/// `filtered`: the view has a filter, so the milestones under way are marked for it (`Refs::echoes`).
///
/// The view opens on the current quarter: the done and dropped milestones of past
/// quarters are returned apart (`Earlier`, folded on the page), and the open ones
/// due in a past quarter come first, under Overdue, so no late work is hidden.
fn by_period<'a>(
    site: &'a Site,
    refs: &'a Refs,
    members: impl Iterator<Item = usize>,
    prefix: &str,
    filtered: bool,
) -> (Option<Earlier<'a>>, Vec<Group<'a>>) {
    let (mut groups, mut under_way): (BTreeMap<Period, Vec<usize>>, Vec<usize>) = Default::default();
    let today = site.config.as_of;
    for i in members {
        let m = &site.milestones[i];
        groups.entry(m.schedule.period()).or_default().push(i);
        if m.under_way(today) {
            under_way.push(i);
        }
    }
    let now = Period::Quarter(today.quarter());
    if !under_way.is_empty() {
        groups.entry(now).or_default();
    }
    in_listing_order(site, &mut under_way);
    let settled = |i: &usize| matches!(site.milestones[*i].status, Status::Done | Status::Dropped);
    let (mut earlier, mut overdue, mut shown) = (Vec::new(), Vec::new(), Vec::new());
    for (p, mut list) in groups {
        in_listing_order(site, &mut list);
        let past = matches!(p, Period::Quarter(_)) && p < now;
        let list = if past {
            let (done, open): (Vec<usize>, Vec<usize>) = list.into_iter().partition(settled);
            overdue.extend(open);
            done
        } else {
            list
        };
        if list.is_empty() && p != now {
            continue;
        }
        let mut group = period_group(site, refs, p, list);
        group.anchor = format!("{prefix}{}", group.anchor);
        if p == now {
            group.under_way = refs.echoes(site, &under_way, filtered);
        }
        if past {
            earlier.push(group)
        } else {
            shown.push(group)
        }
    }
    if !overdue.is_empty() {
        in_listing_order(site, &mut overdue);
        let cards = overdue.into_iter().map(|i| Card::new(site, refs, i)).collect();
        let anchor = format!("{prefix}{OVERDUE_ANCHOR}");
        let note = Some("Due in a past quarter, not done");
        shown.insert(0, Group { title: "Overdue".into(), anchor, note, cards, under_way: refs.list(&[]) });
    }
    (earlier_of(earlier, prefix), shown)
}

/// The anchor of the Overdue group on the business view (after the area's on the technology view).
pub(super) const OVERDUE_ANCHOR: &str = "overdue";

/// The folded past quarters, if any, with what they hold in words.
fn earlier_of<'a>(groups: Vec<Group<'a>>, prefix: &str) -> Option<Earlier<'a>> {
    if groups.is_empty() {
        return None;
    }
    let statuses = || groups.iter().flat_map(|g| g.cards.iter().map(|c| c.item.status));
    let done = statuses().filter(|s| *s == Status::Done).count();
    let dropped = statuses().filter(|s| *s == Status::Dropped).count();
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let quarters = plural(groups.len(), "quarter", "quarters");
    let summary = match (done, dropped) {
        (_, 0) => format!("{quarters}, {} done", plural(done, "milestone", "milestones")),
        (0, _) => format!("{quarters}, {} dropped", plural(dropped, "milestone", "milestones")),
        _ => format!("{quarters}, {} done and {dropped} dropped", plural(done, "milestone", "milestones")),
    };
    Some(Earlier { anchor: format!("{prefix}earlier"), summary, count: done + dropped, groups })
}

fn track_members(site: &Site, track: Track) -> impl Iterator<Item = usize> + '_ {
    site.milestones.iter().enumerate().filter(move |(_, m)| m.track == track).map(|(i, _)| i)
}

/// A track's milestones in the plan (every status but `proposed`), and its proposed ones, each in source order.
/// The filter of a track's view: the tags of its milestones, proposed ones included.
fn track_filter(site: &Site, track: Track) -> Vec<FilterChip<'_>> {
    filter(site, track_members(site, track).map(|i| site.milestones[i].tags.as_slice()))
}

/// An area as a view's filter offers it: its name as first written, the key cards carry
/// (`data-area`, the name in lowercase) and how many of the view's milestones are in it.
#[derive(Serialize)]
struct AreaChip<'a> {
    name: &'a str,
    key: String,
    count: usize,
}

/// The areas of a track's milestones (proposed ones included) by name whatever the case,
/// for the view's filter; none when they are all in one area (there is nothing to narrow).
fn area_filter(site: &Site, track: Track) -> Vec<AreaChip<'_>> {
    let chips: Vec<AreaChip> = by_area(site, track_members(site, track).collect())
        .into_iter()
        .map(|((key, name), members)| AreaChip { name, key, count: members.len() })
        .collect();
    if chips.len() > 1 {
        chips
    } else {
        Vec::new()
    }
}

fn plan_and_ideas(site: &Site, track: Track) -> (Vec<usize>, Vec<usize>) {
    track_members(site, track).partition(|&i| !site.milestones[i].status.is_proposed())
}

/// Proposed milestones as cards, in schedule order (a date or horizon is a hint, not a commitment).
fn idea_cards<'a>(site: &'a Site, refs: &'a Refs, mut ideas: Vec<usize>) -> Vec<Card<'a>> {
    in_listing_order(site, &mut ideas);
    ideas.into_iter().map(|i| Card::new(site, refs, i)).collect()
}

/// The compact list of a track's view: `business/list/index.html`, `technology/list/index.html`.
pub(crate) fn list_href(track: Track) -> String {
    format!("{}/list/index.html", track.section().folder())
}

/// A view as a compact list: one row per milestone, by period, then the proposed ones.
#[derive(Serialize)]
struct ListPage<'a> {
    /// The view's title, as the navigation names it ("Business").
    title: String,
    /// `business` or `technology`.
    track: Track,
    /// The view as cards, and this page (from the root).
    cards_href: String,
    list_href: String,
    /// How many milestones of the plan it lists (the proposed ones are `exploring`).
    count: usize,
    groups: Vec<ListGroup<'a>>,
    /// The proposed milestones ("Exploring").
    exploring: Vec<ListRow<'a>>,
}

/// A period of the compact list.
#[derive(Serialize)]
struct ListGroup<'a> {
    title: String,
    anchor: String,
    note: Option<&'static str>,
    rows: Vec<ListRow<'a>>,
}

/// A milestone as a row of the compact list: its reference (dates at `date_display`), area and owner.
#[derive(Serialize)]
struct ListRow<'a> {
    #[serde(flatten)]
    item: ItemRef<'a>,
    area: &'a str,
    owner: Option<&'a str>,
}

fn list(site: &Site, track: Track) -> ListPage<'_> {
    let row = |i: usize| {
        let m = &site.milestones[i];
        ListRow { item: ItemRef::new(m, site.config.date_display), area: &m.area, owner: m.owner.as_deref() }
    };
    let (plan, mut ideas) = plan_and_ideas(site, track);
    let count = plan.len();
    let mut periods: BTreeMap<Period, Vec<usize>> = BTreeMap::new();
    for i in plan {
        periods.entry(site.milestones[i].schedule.period()).or_default().push(i);
    }
    let now = site.config.as_of.quarter();
    let groups = periods
        .into_iter()
        .map(|(period, mut members)| {
            in_listing_order(site, &mut members);
            ListGroup {
                title: period.title(),
                anchor: period_anchor(period),
                note: period.note(now),
                rows: members.into_iter().map(row).collect(),
            }
        })
        .collect();
    in_listing_order(site, &mut ideas);
    ListPage {
        title: track.label().to_string(),
        track,
        cards_href: track.section().href(),
        list_href: list_href(track),
        count,
        groups,
        exploring: ideas.into_iter().map(row).collect(),
    }
}

#[derive(Serialize)]
struct Business<'a> {
    /// The past quarters' done and dropped milestones, folded.
    earlier: Option<Earlier<'a>>,
    /// The plan, by period: Overdue first, if any, then this quarter and later.
    groups: Vec<Group<'a>>,
    /// Proposed milestones, shown apart after the plan ("Exploring").
    exploring: Vec<Card<'a>>,
    counts: Vec<StatusCount>,
    /// The tags its milestones carry, to filter them by.
    tag_filter: Vec<FilterChip<'a>>,
    /// Its milestones' areas, to filter them by (none with a single area).
    area_filter: Vec<AreaChip<'a>>,
    /// The same milestones as a compact list (`list_href`).
    list_href: String,
}

fn business<'a>(site: &'a Site, refs: &'a Refs) -> Business<'a> {
    let (plan, ideas) = plan_and_ideas(site, Track::Business);
    let counts = status_counts(plan.iter().map(|&i| site.milestones[i].status));
    let (tag_filter, area_filter) = (track_filter(site, Track::Business), area_filter(site, Track::Business));
    let filtered = !tag_filter.is_empty() || !area_filter.is_empty();
    let (earlier, groups) = by_period(site, refs, plan.into_iter(), "", filtered);
    Business {
        earlier,
        groups,
        exploring: idea_cards(site, refs, ideas),
        counts,
        tag_filter,
        area_filter,
        list_href: list_href(Track::Business),
    }
}

#[derive(Serialize)]
struct Technology<'a> {
    /// The plan, by area.
    areas: Vec<Area<'a>>,
    /// Proposed milestones by area, shown apart after the plan ("Exploring"): each group is an area.
    exploring: Vec<Group<'a>>,
    counts: Vec<StatusCount>,
    /// The tags its milestones carry, to filter them by.
    tag_filter: Vec<FilterChip<'a>>,
    /// Its milestones' areas, to filter them by (none with a single area).
    area_filter: Vec<AreaChip<'a>>,
    /// The same milestones as a compact list (`list_href`).
    list_href: String,
}

/// Milestone indices by area, areas by name (case-insensitive).
fn by_area(site: &Site, members: Vec<usize>) -> BTreeMap<(String, &str), Vec<usize>> {
    let mut areas: BTreeMap<(String, &str), Vec<usize>> = BTreeMap::new();
    for i in members {
        let area = site.milestones[i].area.as_str();
        areas.entry((area.to_lowercase(), area)).or_default().push(i);
    }
    areas
}

fn technology<'a>(site: &'a Site, refs: &'a Refs) -> Technology<'a> {
    let (plan, ideas) = plan_and_ideas(site, Track::Technology);
    let counts = status_counts(plan.iter().map(|&i| site.milestones[i].status));
    let (tag_filter, area_filter) = (track_filter(site, Track::Technology), area_filter(site, Track::Technology));
    let filtered = !tag_filter.is_empty() || !area_filter.is_empty();
    let areas = by_area(site, plan)
        .into_iter()
        .map(|((_, title), members)| {
            let anchor = crate::markdown::slug(title);
            let (earlier, groups) = by_period(site, refs, members.into_iter(), &format!("{anchor}-"), filtered);
            Area { title, anchor, earlier, groups }
        })
        .collect();
    let exploring = by_area(site, ideas)
        .into_iter()
        .map(|((_, title), members)| Group {
            title: title.to_string(),
            anchor: format!("{EXPLORING_ANCHOR}-{}", crate::markdown::slug(title)),
            note: None,
            cards: idea_cards(site, refs, members),
            under_way: refs.list(&[]),
        })
        .collect();
    Technology { areas, exploring, counts, tag_filter, area_filter, list_href: list_href(Track::Technology) }
}

#[derive(Serialize)]
struct MilestonePage<'a> {
    card: Card<'a>,
    track_label: String,
    start: Option<String>,
    description: Option<&'a str>,
    /// Its own gates and those of its release, by date.
    gates: Vec<super::releases::GateRow<'a>>,
    /// Where it sits in time: its prerequisites, itself, its dependents and
    /// today, in date order.
    strip: Strip,
    /// How many prerequisites and dependents the strip leaves out (the nearest are shown).
    strip_more: usize,
    depends_on: RefList,
    needed_by: RefList,
    objectives: RefList,
    /// Objectives a slip would put at stake through its dependents, beyond its own.
    objectives_at_stake: RefList,
    risks: Vec<RiskLink<'a>>,
    decisions: Vec<DecisionLink<'a>>,
    links: Vec<LinkView<'a>>,
    /// Its context narrative first (`context` set), then the others that mention it.
    narratives: Vec<NarrativeMention<'a>>,
    impact: ImpactView,
    /// What changed since the compared revision, when it did.
    changed: Option<super::changes::Badge<'a>>,
}

/// A milestone page's time strip: `html`, one `<li>` per stop, and `len`,
/// how many stops. Written here, not in the template: a loop over up to eight
/// stops, each with a milestone reference in the page's context, cost 155,000
/// instructions a page (7% of a 2,000-milestone build).
#[derive(Serialize)]
struct Strip {
    html: String,
    len: usize,
}

/// How many prerequisites, and how many dependents, the strip shows.
const STRIP_SIDE: usize = 3;

/// The strip of milestone `i`: the `STRIP_SIDE` prerequisites (what it
/// depends on and is supported by) due latest and dependents (what needs it
/// and what it enables) due soonest, itself and today, by date (undated
/// last). Returns the stops and how many were left out.
///
/// A stop's role is `this`, `today`, or how the milestone relates to this
/// one: `needs` (it depends on it), `built-on` (it is supported by it),
/// `needed-by` or `enables`.
fn strip(site: &Site, i: usize) -> (Strip, usize) {
    let m = &site.milestones[i];
    let r = &site.relations;
    let key = |j: usize| (site.milestones[j].schedule.sort_key(), site.milestones[j].title.as_str());
    let tagged = |list: &[usize], role: &'static str| list.iter().map(move |&j| (j, role)).collect::<Vec<_>>();
    let mut before = tagged(&m.depends_on, "needs");
    before.extend(tagged(&m.supported_by, "built-on"));
    before.sort_by(|a, b| key(b.0).cmp(&key(a.0)));
    let mut after = tagged(&r.needed_by[i], "needed-by");
    after.extend(tagged(&r.enables[i], "enables"));
    after.sort_by(|a, b| key(a.0).cmp(&key(b.0)));
    let more = before.len().saturating_sub(STRIP_SIDE) + after.len().saturating_sub(STRIP_SIDE);
    // `None` is today.
    let stop = |(j, role): (usize, &'static str)| (key(j).0, Some(j), role);
    let mut stops: Vec<((u8, i64), Option<usize>, &'static str)> = Vec::new();
    stops.extend(before.into_iter().take(STRIP_SIDE).map(stop));
    stops.push(stop((i, "this")));
    stops.extend(after.into_iter().take(STRIP_SIDE).map(stop));
    let today = site.config.as_of;
    stops.push(((0, today.days()), None, "today"));
    // A stable sort keeps prerequisites before the milestone, and it before its dependents, on a tie.
    stops.sort_by_key(|(k, _, _)| *k);
    let mut html = String::with_capacity(stops.len() * 320);
    for &(_, j, role) in &stops {
        strip_stop(&mut html, j.map(|j| &site.milestones[j]), role, today);
    }
    (Strip { html, len: stops.len() }, more)
}

/// One stop of the strip as an `<li>`: the milestone's date as written (the
/// milestone page shows dates so), its role and its link and status, or today's date.
fn strip_stop(html: &mut String, milestone: Option<&Milestone>, role: &str, today: Date) {
    use crate::escape::html as esc;
    html.push_str("\n      <li class=\"stop stop-");
    html.push_str(role);
    html.push('"');
    if role == "this" {
        html.push_str(" aria-current=\"true\"");
    }
    html.push_str("><span class=\"stop-when\">");
    let Some(m) = milestone else {
        html.push_str("Today</span>\n        <span class=\"stop-title\">");
        html.push_str(&esc(&today.to_string()));
        html.push_str("</span></li>");
        return;
    };
    html.push_str(&esc(&m.schedule.label_shown(DateDisplay::Day)));
    html.push_str("</span>\n        ");
    if role == "this" {
        html.push_str("<span class=\"stop-title\">This milestone</span> ");
    } else {
        let label = match role {
            "needs" => "Needs first",
            "built-on" => "Built on",
            "needed-by" => "Needed by",
            _ => "Enables",
        };
        html.push_str("<span class=\"stop-role\">");
        html.push_str(label);
        html.push_str("</span> <a class=\"stop-title\" href=\"");
        html.push_str(ROOT_MARK);
        html.push_str(&esc(&milestone_href(&m.id)));
        html.push_str("\">");
        html.push_str(&crate::escape::title_html(&m.title));
        html.push_str("</a> ");
    }
    html.push_str("<span class=\"status status-");
    html.push_str(m.status.as_str());
    html.push_str("\">");
    html.push_str(&esc(m.status.label()));
    html.push_str("</span></li>");
}

/// A narrative as a milestone page lists it.
#[derive(Serialize)]
struct NarrativeMention<'a> {
    #[serde(flatten)]
    view: NarrativeRefView<'a>,
    /// The milestone names it as its context (`narrative = ...`).
    context: bool,
}

/// What a slip of the milestone would move.
#[derive(Serialize)]
struct ImpactView {
    /// The nearest affected milestones, at most `impact::LISTED`.
    milestones: RefList,
    /// How many of them are listed (at most `impact::LISTED`).
    shown: usize,
    total: usize,
    more: usize,
    business: usize,
    gates: RefList,
}

fn impact_view(site: &Site, refs: &Refs, impact: &crate::impact::Impact) -> ImpactView {
    use crate::impact::listed as shown;
    ImpactView {
        business: impact.business(site),
        total: impact.milestones.len(),
        more: impact.milestones.len().saturating_sub(crate::impact::LISTED),
        milestones: refs.list(shown(&impact.milestones)),
        shown: shown(&impact.milestones).len(),
        gates: refs.gates(shown(&impact.gates)),
    }
}

/// The objectives a slip of milestone `i` would put at stake beyond its own.
fn objectives_at_stake(site: &Site, refs: &Refs, i: usize, impact: &crate::impact::Impact) -> RefList {
    let own = &site.milestones[i].objectives;
    let more: Vec<usize> = impact.objectives.iter().copied().filter(|o| !own.contains(o)).collect();
    refs.objectives(crate::impact::listed(&more))
}

/// An objective as its reference shows it (`objective_ref.html`).
#[derive(Serialize)]
pub(super) struct ObjectiveLink<'a> {
    id: &'a str,
    title: &'a str,
    period: Option<String>,
    href: String,
}

impl<'a> ObjectiveLink<'a> {
    pub(super) fn new(o: &'a Objective) -> Self {
        ObjectiveLink {
            id: &o.id,
            title: &o.title,
            period: o.period.map(|p| p.to_string()),
            href: objective_href(&o.id),
        }
    }
}

/// A risk as a milestone or tag page lists it.
#[derive(Serialize)]
pub(super) struct RiskLink<'a> {
    anchor: String,
    href: String,
    title: &'a str,
    likelihood: Option<Level>,
    impact: Option<Level>,
    status: RiskStatus,
    status_label: &'static str,
    settled: bool,
}

impl<'a> RiskLink<'a> {
    pub(super) fn new(risk: &'a Risk) -> Self {
        RiskLink {
            anchor: risk_anchor(&risk.id),
            href: risk_href(&risk.id),
            title: &risk.title,
            likelihood: risk.likelihood,
            impact: risk.impact,
            status: risk.status,
            status_label: risk.status.label(),
            settled: risk.is_settled(),
        }
    }
}

/// A decision as a milestone page lists it.
#[derive(Serialize)]
struct DecisionLink<'a> {
    anchor: String,
    href: String,
    title: &'a str,
    date: String,
}

fn milestone<'a>(site: &'a Site, refs: &'a Refs, i: usize) -> MilestonePage<'a> {
    let m = &site.milestones[i];
    let r = &site.relations;
    let strip = strip(site, i);
    // Walked once: the slip list and the objectives at stake both read it.
    let impact = crate::impact::impact(site, i);
    MilestonePage {
        // The exact date as written: lists elsewhere show it at `date_display`.
        card: Card::shown(site, refs, i, DateDisplay::Day),
        track_label: format!("{} milestone", m.track.label()),
        start: m.start.map(|s| s.to_string()),
        description: m.description.as_deref(),
        gates: super::releases::milestone_gates(site, i),
        strip: strip.0,
        strip_more: strip.1,
        depends_on: refs.list(&m.depends_on),
        needed_by: refs.list(&r.needed_by[i]),
        objectives: refs.objectives(&m.objectives),
        objectives_at_stake: objectives_at_stake(site, refs, i, &impact),
        risks: in_register_order(site, &r.risks[i]).into_iter().map(RiskLink::new).collect(),
        decisions: r.decisions[i]
            .iter()
            .map(|&k| {
                let d = &site.decisions[k];
                DecisionLink {
                    anchor: decision_anchor(&d.id),
                    href: decision_href(&d.id),
                    title: &d.title,
                    date: d.date.to_string(),
                }
            })
            .collect(),
        links: m.links.iter().map(LinkView::new).collect(),
        narratives: {
            let context = m.narrative.as_ref().map(|n| {
                let target = &site.narratives[n.narrative];
                let mut view = NarrativeRefView::new(target);
                if let Some(anchor) = &n.anchor {
                    view.href = format!("{}#{anchor}", view.href);
                }
                NarrativeMention { view, context: true }
            });
            let context_index = m.narrative.as_ref().map(|n| n.narrative);
            let others = r.narratives[i].iter().filter(|&&n| Some(n) != context_index);
            let others =
                others.map(|&n| NarrativeMention { view: NarrativeRefView::new(&site.narratives[n]), context: false });
            context.into_iter().chain(others).collect()
        },
        impact: impact_view(site, refs, &impact),
        changed: None,
    }
}

#[derive(Serialize)]
struct NarrativePage<'a> {
    title: &'a str,
    /// Its page, from the root (the navigation marks it as the current one).
    href: String,
    kind: &'static str,
    date: Option<String>,
    authors: &'a [String],
    html: &'a str,
    toc: Vec<&'a TocEntry>,
    cited_by: RefList,
    mentions: RefList,
}

fn narrative<'a>(site: &'a Site, refs: &'a Refs, i: usize) -> NarrativePage<'a> {
    let n = &site.narratives[i];
    NarrativePage {
        title: &n.title,
        href: narrative_href(&n.url),
        kind: n.kind.label(),
        date: n.date.map(|d| d.to_string()),
        authors: &n.authors,
        html: &n.html,
        toc: n.toc.iter().filter(|h| h.level == 2 || h.level == 3).collect(),
        cited_by: refs.list(&site.relations.cited_by[i]),
        mentions: refs.list(&n.mentions),
    }
}

#[derive(Serialize)]
struct Objectives<'a> {
    objectives: Vec<ObjectiveView<'a>>,
    /// The tags the objectives carry, to filter them by.
    tag_filter: Vec<FilterChip<'a>>,
}

#[derive(Serialize)]
struct ObjectivePage<'a> {
    objective: ObjectiveView<'a>,
}

#[derive(Serialize)]
struct Risks<'a> {
    /// Every risk, in register order: open and escalated ones, then settled ones, each by severity.
    risks: Vec<RiskView<'a>>,
    /// How many are open or escalated, and how many mitigated or closed.
    open: usize,
    settled: usize,
    /// The tags the risks carry, to filter the register by.
    tag_filter: Vec<FilterChip<'a>>,
    /// Rows high to low likelihood, columns low to high impact.
    matrix: Vec<MatrixRow<'a>>,
}

#[derive(Serialize)]
struct MatrixRow<'a> {
    likelihood: Level,
    cells: Vec<MatrixCell<'a>>,
}

#[derive(Serialize)]
struct MatrixCell<'a> {
    impact: Level,
    severity: Level,
    /// The risks rated so, in register order (closed ones left out).
    risks: Vec<MatrixRisk<'a>>,
}

/// A risk in a cell of the matrix.
#[derive(Serialize)]
struct MatrixRisk<'a> {
    title: &'a str,
    anchor: String,
    /// Its tags' slugs, by spaces, for the filter.
    tags: String,
    /// Mitigated (closed risks are not in the matrix).
    settled: bool,
}

/// The risks at these indices in the register's order (`Risk::register_order`).
pub(super) fn in_register_order<'a>(site: &'a Site, list: &[usize]) -> Vec<&'a Risk> {
    let mut risks: Vec<&Risk> = list.iter().map(|&i| &site.risks[i]).collect();
    risks.sort_by(|a, b| a.register_order(b));
    risks
}

fn risks<'a>(site: &'a Site, refs: &'a Refs) -> Risks<'a> {
    let register = in_register_order(site, &(0..site.risks.len()).collect::<Vec<_>>());
    let live = |r: &&Risk| !matches!(r.status, RiskStatus::Closed);
    let matrix = [Level::High, Level::Medium, Level::Low]
        .into_iter()
        .map(|likelihood| MatrixRow {
            likelihood,
            cells: [Level::Low, Level::Medium, Level::High]
                .into_iter()
                .map(|impact| MatrixCell {
                    impact,
                    severity: severity(likelihood, impact),
                    risks: register
                        .iter()
                        .copied()
                        .filter(live)
                        .filter(|r| r.likelihood == Some(likelihood) && r.impact == Some(impact))
                        .map(|r| MatrixRisk {
                            title: &r.title,
                            anchor: risk_anchor(&r.id),
                            tags: tag_slugs(site, &r.tags),
                            settled: r.is_settled(),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    Risks {
        risks: register.iter().map(|r| RiskView::new(site, refs, r)).collect(),
        open: register.iter().filter(|r| !r.is_settled()).count(),
        settled: register.iter().filter(|r| r.is_settled()).count(),
        tag_filter: filter(site, site.risks.iter().map(|r| r.tags.as_slice())),
        matrix,
    }
}

/// The slugs of these tags, by spaces (what a filter's `data-tags` holds).
fn tag_slugs(site: &Site, tags: &[String]) -> String {
    tags.iter().filter_map(|t| site.tag(t)).map(|t| t.slug.as_str()).collect::<Vec<_>>().join(" ")
}

#[derive(Serialize)]
struct Decisions<'a> {
    decisions: Vec<DecisionView<'a>>,
}

fn decisions<'a>(site: &'a Site, refs: &'a Refs) -> Decisions<'a> {
    let mut list: Vec<&Decision> = site.decisions.iter().collect();
    list.sort_by(|a, b| a.log_order(b));
    Decisions { decisions: list.into_iter().map(|d| DecisionView::new(refs, d)).collect() }
}

#[derive(Serialize)]
struct Links<'a> {
    groups: Vec<LinkGroup<'a>>,
}

#[derive(Serialize)]
struct LinkGroup<'a> {
    milestone: RefHtml<'a>,
    links: Vec<LinkView<'a>>,
}

fn links<'a>(site: &'a Site, refs: &'a Refs) -> Links<'a> {
    let mut order: Vec<usize> = (0..site.milestones.len()).filter(|&i| !site.milestones[i].links.is_empty()).collect();
    by_track_in_listing_order(site, &mut order);
    let groups = order
        .into_iter()
        .map(|i| LinkGroup {
            milestone: refs.get(i),
            links: site.milestones[i].links.iter().map(LinkView::new).collect(),
        })
        .collect();
    Links { groups }
}

#[derive(Serialize)]
struct Glossary<'a> {
    terms: Vec<TermView<'a>>,
}

#[derive(Serialize)]
struct TermView<'a> {
    term: &'a str,
    anchor: &'a str,
    definition: &'a str,
}

fn glossary(site: &Site) -> Glossary<'_> {
    let mut terms: Vec<&Term> = site.glossary.iter().collect();
    terms.sort_by_key(|t| t.term.to_lowercase());
    Glossary {
        terms: terms
            .into_iter()
            .map(|t| TermView { term: &t.term, anchor: &t.anchor, definition: &t.definition })
            .collect(),
    }
}
