//! Typed template contexts that borrow from the model (STYLE habit 8):
//! one struct per kind of page, plus the small shared pieces (`ItemRef`,
//! `Card`) the views are built from. Building a context never clones the
//! model; tera serializes it once per page.

use crate::model::*;
use serde::Serialize;

pub(crate) use crate::model::milestone_href;

/// A link to another milestone with enough to show its state.
#[derive(Serialize)]
pub(crate) struct ItemRef<'a> {
    pub(crate) id: &'a str,
    pub(crate) title: &'a str,
    pub(crate) href: String,
    pub(crate) track: Track,
    pub(crate) status: Status,
    pub(crate) status_label: &'static str,
    pub(crate) due: String,
    /// The start, when the milestone is dated and has one (it is then a span).
    pub(crate) start: Option<String>,
    /// "2026-Q1 – 2028-Q4" for a span, else the same as `due`.
    pub(crate) when: String,
}

impl<'a> ItemRef<'a> {
    /// The reference with its dates at granularity `display` (`date_display`;
    /// `DateDisplay::Day` shows them as written, as the milestone page does).
    pub(crate) fn new(m: &'a Milestone, display: DateDisplay) -> Self {
        ItemRef {
            id: &m.id,
            title: &m.title,
            href: milestone_href(&m.id),
            track: m.track,
            status: m.status,
            status_label: m.status.label(),
            due: m.schedule.label_shown(display),
            start: m.span().map(|(start, _)| start.shown(display).to_string()),
            when: m.when_shown(display),
        }
    }
}

/// References as other pages list them, rendered once per build with
/// `ROOT_MARK` as the root and shared by every page that lists the item:
/// milestones (`ref.html`: link, status, due), gated milestones with their
/// gate (`gate_ref.html`) and objectives (`objective_ref.html`). A milestone
/// is listed on many pages (cards, dependencies, impact, objectives, risks,
/// decisions, narratives), so this replaces hundreds of thousands of small
/// template renders and contexts at 10,000 milestones.
#[derive(Default)]
pub(crate) struct Refs {
    /// By milestone.
    pub(crate) milestones: Vec<String>,
    /// By milestone, one per gate in date order; empty for milestones without a gate.
    pub(crate) gates: Vec<Vec<String>>,
    /// By objective.
    pub(crate) objectives: Vec<String>,
}

fn html_at(list: &[String], i: usize) -> RefHtml<'_> {
    RefHtml(list.get(i).map_or("", String::as_str))
}

impl Refs {
    /// The reference of milestone `i`.
    pub(crate) fn get(&self, i: usize) -> RefHtml<'_> {
        html_at(&self.milestones, i)
    }

    /// The references of the milestones `list`, in order.
    pub(crate) fn list(&self, list: &[usize]) -> RefList {
        RefList::of(list.iter().map(|&i| self.get(i)))
    }

    /// The references of the milestones `list` that a page shows again (their cards are
    /// elsewhere on it), each `<li>` marked for the view's filter with the milestone's tag slugs
    /// (`data-tags`) and area (`data-area`, lowercase) as a repeat it filters but does not count
    /// (`data-tag-echo`); unmarked when the view has no filter (`filtered` false).
    pub(crate) fn echoes(&self, site: &Site, list: &[usize], filtered: bool) -> RefList {
        if !filtered {
            return self.list(list);
        }
        let (mut html, mut len) = (String::new(), 0);
        for &i in list {
            let slugs: Vec<&str> =
                site.milestones[i].tags.iter().filter_map(|t| site.tag(t)).map(|t| t.slug.as_str()).collect();
            html.push_str("<li data-tags=\"");
            html.push_str(&crate::escape::html(&slugs.join(" ")));
            html.push_str("\" data-area=\"");
            html.push_str(&crate::escape::html(&site.milestones[i].area.to_lowercase()));
            html.push_str("\" data-tag-echo>");
            html.push_str(self.get(i).0);
            html.push_str("</li>");
            len += 1;
        }
        RefList { html, len }
    }

    /// The gate references of the milestones `list`, in order, each milestone's gates by date.
    pub(crate) fn gates(&self, list: &[usize]) -> RefList {
        RefList::of(list.iter().filter_map(|&i| self.gates.get(i)).flatten().map(|html| RefHtml(html)))
    }

    /// The references of the objectives `list`, in order.
    pub(crate) fn objectives(&self, list: &[usize]) -> RefList {
        RefList::of(list.iter().map(|&i| html_at(&self.objectives, i)))
    }
}

/// A rendered reference: templates print it with `| safe`.
#[derive(Serialize, Clone, Copy)]
#[serde(transparent)]
pub(crate) struct RefHtml<'a>(&'a str);

/// A list of references as templates see it: `html`, one `<li>` per
/// reference joined into one string (print it with `m::refs(list=...)` or
/// `{{ list.html | safe }}`), and `len`, how many there are (test it with
/// `{% if list.len %}`). One string costs a page's context and render one
/// value instead of one per item (lists of 20 on every milestone page).
#[derive(Serialize)]
pub(crate) struct RefList {
    html: String,
    len: usize,
}

impl RefList {
    fn of<'a>(refs: impl Iterator<Item = RefHtml<'a>>) -> Self {
        let (mut html, mut len) = (String::new(), 0);
        for r in refs {
            html.push_str("<li>");
            html.push_str(r.0);
            html.push_str("</li>");
            len += 1;
        }
        RefList { html, len }
    }
}

/// A metric or key result as shown, with progress from baseline to target where the numbers allow.
#[derive(Serialize)]
pub(crate) struct MetricView<'a> {
    pub(crate) name: &'a str,
    pub(crate) baseline: Option<&'a str>,
    pub(crate) target: Option<&'a str>,
    pub(crate) current: Option<&'a str>,
    /// 0..=100, when baseline, current and target are numbers in the same unit.
    pub(crate) progress: Option<u8>,
}

impl<'a> MetricView<'a> {
    pub(crate) fn new(m: &'a Metric) -> Self {
        MetricView {
            name: &m.name,
            baseline: m.baseline.as_deref(),
            target: m.target.as_deref(),
            current: m.current.as_deref(),
            progress: progress(m.baseline.as_deref(), m.current.as_deref(), m.target.as_deref()),
        }
    }

    pub(crate) fn list(metrics: &'a [Metric]) -> Vec<Self> {
        metrics.iter().map(MetricView::new).collect()
    }
}

/// How far `current` has moved from `baseline` towards `target`, in percent.
pub(crate) fn progress(baseline: Option<&str>, current: Option<&str>, target: Option<&str>) -> Option<u8> {
    let (b, bu) = quantity(baseline?)?;
    let (c, cu) = quantity(current?)?;
    let (t, tu) = quantity(target?)?;
    if bu != cu || cu != tu || (t - b).abs() < f64::EPSILON {
        return None;
    }
    let share = ((c - b) / (t - b)).clamp(0.0, 1.0);
    Some((share * 100.0).round() as u8)
}

/// A leading number and its unit: "£1.2M" -> (1.2, "£m"), "38 days" -> (38, "days").
fn quantity(text: &str) -> Option<(f64, String)> {
    let text = text.trim();
    let prefix: String = text.chars().take_while(|c| !c.is_ascii_digit() && *c != '-' && *c != '.').collect();
    let rest = &text[prefix.len()..];
    let number: String = rest.chars().take_while(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-')).collect();
    let value: f64 = number.replace(',', "").parse().ok()?;
    if prefix.chars().count() > 1 {
        return None;
    }
    let unit = format!("{prefix}{}", rest[number.len()..].trim().to_lowercase());
    Some((value, unit))
}

/// An objective's health in a word, and the reasons for it in words.
#[derive(Serialize)]
pub(crate) struct HealthView {
    pub(crate) health: Health,
    /// "On track", "At risk", ...
    pub(crate) label: &'static str,
    /// Why, worst first: "1 milestone blocked", "Key result “Countries” 20 points behind time".
    pub(crate) reasons: Vec<String>,
}

/// How far a key result may trail the share of the period gone by, in points of
/// progress, before the objective is at risk, and before it is off track.
const KR_AT_RISK_LAG: i64 = 10;
const KR_OFF_TRACK_LAG: i64 = 25;

/// The one rule for an objective's health (the README says it in words).
/// It reads the milestones serving it in the plan (proposed and dropped ones
/// left out) and the key results whose baseline, current and target are
/// numbers in one unit, on `as_of`:
/// - **Not planned yet**: no milestone in the plan serves it and no key
///   result can be measured.
/// - **Achieved**: every milestone serving it is done (there is at least
///   one, or a measured key result) and every measured key result is at 100%.
/// - **Off track**: a milestone is past due (its due period ended before
///   `as_of`) or due after the objective's period ends, the period has ended
///   without it being achieved, or a key result trails the share of the
///   period gone by by more than 25 points.
/// - **At risk**: a milestone is at risk or blocked, or a key result trails
///   by more than 10 points.
/// - **On track**: anything else.
pub(crate) fn objective_health(site: &Site, i: usize) -> HealthView {
    let o = &site.objectives[i];
    let today = site.config.as_of;
    let plan: Vec<&Milestone> = site.relations.objective_milestones[i]
        .iter()
        .map(|&m| &site.milestones[m])
        .filter(|m| !matches!(m.status, Status::Proposed | Status::Dropped))
        .collect();
    let measured: Vec<(std::borrow::Cow<str>, i64)> = o
        .key_results
        .iter()
        .filter_map(|k| {
            progress(k.baseline.as_deref(), k.current.as_deref(), k.target.as_deref())
                .map(|p| (crate::escape::title_plain(&k.name), i64::from(p)))
        })
        .collect();
    let view = |health: Health, reasons: Vec<String>| HealthView { health, label: health.label(), reasons };
    if plan.is_empty() && measured.is_empty() {
        return view(Health::NotPlanned, Vec::new());
    }
    let open: Vec<&Milestone> = plan.iter().copied().filter(|m| m.status != Status::Done).collect();
    if open.is_empty() && measured.iter().all(|&(_, p)| p >= 100) {
        return view(Health::Achieved, Vec::new());
    }
    let count = |test: &dyn Fn(&Milestone) -> bool| open.iter().filter(|m| test(m)).count();
    let milestones = |n: usize| format!("{n} milestone{}", if n == 1 { "" } else { "s" });
    let (mut off, mut risk) = (Vec::new(), Vec::new());
    let overdue = count(&|m| m.due().is_some_and(|d| d.end() < today));
    if overdue > 0 {
        off.push(format!("{} past due", milestones(overdue)));
    }
    if let Some(period) = o.period {
        let late = count(&|m| m.due().is_some_and(|d| d.end() > period.end()));
        if late > 0 {
            off.push(format!("{} due after {period}", milestones(late)));
        }
        if today > period.end() {
            off.push(format!("{period} has ended"));
        }
        let span = period.end().days() - period.begin().days() + 1;
        let gone = ((today.days() - period.begin().days()) * 100 / span).clamp(0, 100);
        for (name, p) in &measured {
            let p = *p;
            let lag = gone - p;
            let reason = format!("Key result “{name}” {lag} points behind time ({p}% with {gone}% of the period gone)");
            if lag > KR_OFF_TRACK_LAG {
                off.push(reason);
            } else if lag > KR_AT_RISK_LAG {
                risk.push(reason);
            }
        }
    }
    for (status, word) in [(Status::Blocked, "blocked"), (Status::AtRisk, "at risk")] {
        let n = count(&|m| m.status == status);
        if n > 0 {
            risk.push(format!("{} {word}", milestones(n)));
        }
    }
    match (off.is_empty(), risk.is_empty()) {
        (false, _) => view(Health::OffTrack, off.into_iter().chain(risk).collect()),
        (true, false) => view(Health::AtRisk, risk),
        (true, true) => view(Health::OnTrack, Vec::new()),
    }
}

/// A gate as shown.
#[derive(Serialize)]
pub(crate) struct GateView<'a> {
    pub(crate) date: String,
    pub(crate) criteria: &'a str,
    pub(crate) decision: GateDecision,
    pub(crate) decision_label: &'static str,
}

impl<'a> GateView<'a> {
    pub(crate) fn new(g: &'a Gate) -> Self {
        let decision_label = match g.decision {
            GateDecision::Pending => "Pending",
            GateDecision::Go => "Go",
            GateDecision::NoGo => "No-go",
        };
        GateView { date: g.date.to_string(), criteria: &g.criteria, decision: g.decision, decision_label }
    }
}

/// A link to a release, as a milestone's card and page show it ("Ships in v1.37").
#[derive(Serialize)]
pub(crate) struct ReleaseLink<'a> {
    pub(crate) id: &'a str,
    pub(crate) title: &'a str,
    pub(crate) href: String,
    /// Its date as written (`2027-Q2`).
    pub(crate) date: String,
}

impl<'a> ReleaseLink<'a> {
    pub(crate) fn new(r: &'a Release) -> Self {
        ReleaseLink { id: &r.id, title: &r.title, href: release_href(&r.id), date: r.date.to_string() }
    }

    /// The release milestone `m` ships in, if any.
    pub(crate) fn of(site: &'a Site, m: &Milestone) -> Option<Self> {
        m.release.and_then(|k| site.releases.get(k)).map(ReleaseLink::new)
    }
}

/// A link as shown: external URLs as written, site pages relative to the root.
#[derive(Serialize)]
pub(crate) struct LinkView<'a> {
    pub(crate) title: &'a str,
    pub(crate) href: &'a str,
    pub(crate) external: bool,
}

impl<'a> LinkView<'a> {
    pub(crate) fn new(l: &'a Link) -> Self {
        match &l.target {
            LinkTarget::Url(url) => LinkView { title: &l.title, href: url, external: true },
            LinkTarget::Page(path) => LinkView { title: &l.title, href: path, external: false },
        }
    }
}

/// A milestone as a card in the business or technology view.
#[derive(Serialize)]
pub(crate) struct Card<'a> {
    #[serde(flatten)]
    pub(crate) item: ItemRef<'a>,
    /// The card's anchor on the page that lists it (`milestone_anchor`).
    pub(crate) anchor: String,
    pub(crate) area: &'a str,
    pub(crate) confidence: Option<Confidence>,
    pub(crate) owner: Option<&'a str>,
    /// The id in the system the milestone was imported from.
    pub(crate) key: Option<&'a str>,
    pub(crate) tags: Vec<TagLink<'a>>,
    pub(crate) customer_need: Option<&'a str>,
    pub(crate) summary: Option<&'a str>,
    pub(crate) metrics: Vec<MetricView<'a>>,
    /// The release it ships in, if any.
    pub(crate) release: Option<ReleaseLink<'a>>,
    /// Its own stage gates, by date.
    pub(crate) gates: Vec<GateView<'a>>,
    pub(crate) supported_by: RefList,
    pub(crate) enables: RefList,
}

impl<'a> Card<'a> {
    /// The card of milestone `i` as the views list it, its dates at the site's `date_display`.
    pub(crate) fn new(site: &'a Site, refs: &'a Refs, i: usize) -> Self {
        Card::shown(site, refs, i, site.config.date_display)
    }

    /// The card of milestone `i` with its dates at granularity `display`.
    pub(crate) fn shown(site: &'a Site, refs: &'a Refs, i: usize, display: DateDisplay) -> Self {
        let m = &site.milestones[i];
        Card {
            item: ItemRef::new(m, display),
            anchor: milestone_anchor(&m.id),
            area: &m.area,
            confidence: m.confidence,
            owner: m.owner.as_deref(),
            key: m.key.as_deref(),
            tags: TagLink::list(site, &m.tags),
            customer_need: m.customer_need.as_deref(),
            summary: m.summary.as_deref(),
            metrics: MetricView::list(&m.metrics),
            release: ReleaseLink::of(site, m),
            gates: m.gates.iter().map(GateView::new).collect(),
            supported_by: refs.list(&m.supported_by),
            enables: refs.list(&site.relations.enables[i]),
        }
    }
}

/// A tag as a chip links it: its name and its page.
#[derive(Serialize)]
pub(crate) struct TagLink<'a> {
    pub(crate) name: &'a str,
    /// Its folder under `tags/`, unique in the site: what a filter matches on.
    pub(crate) slug: &'a str,
    pub(crate) href: String,
}

impl<'a> TagLink<'a> {
    pub(crate) fn new(t: &'a Tag) -> Self {
        TagLink { name: &t.name, slug: &t.slug, href: tag_href(&t.slug) }
    }

    /// The chips of an item's tags, in the order written.
    pub(crate) fn list(site: &'a Site, names: &[String]) -> Vec<Self> {
        names.iter().filter_map(|n| site.tag(n)).map(TagLink::new).collect()
    }
}

/// A titled group of cards (a quarter, a horizon, an area).
#[derive(Serialize)]
pub(crate) struct Group<'a> {
    pub(crate) title: String,
    pub(crate) anchor: String,
    pub(crate) note: Option<&'static str>,
    pub(crate) cards: Vec<Card<'a>>,
    /// In the current quarter: milestones due later whose span has begun (their cards are under their due quarter).
    pub(crate) under_way: RefList,
}

/// An area of the technology view, with its milestones grouped by period.
#[derive(Serialize)]
pub(crate) struct Area<'a> {
    pub(crate) title: &'a str,
    pub(crate) anchor: String,
    /// Its past quarters whose milestones are all done or dropped, folded away.
    pub(crate) earlier: Option<Earlier<'a>>,
    pub(crate) groups: Vec<Group<'a>>,
}

/// The past quarters of a view (or of an area) with their done and dropped
/// milestones, shown folded (`<details>`) so the view opens on the current
/// quarter; open milestones due in them are listed under Overdue instead.
#[derive(Serialize)]
pub(crate) struct Earlier<'a> {
    pub(crate) anchor: String,
    /// What it holds, in words: "6 quarters, 23 milestones done and 2 dropped".
    pub(crate) summary: String,
    /// How many milestones it holds.
    pub(crate) count: usize,
    pub(crate) groups: Vec<Group<'a>>,
}

/// Counts per status for one track.
#[derive(Serialize, Default)]
pub(crate) struct StatusCount {
    pub(crate) status: Option<Status>,
    pub(crate) label: &'static str,
    pub(crate) count: usize,
}

/// A narrative in a list.
#[derive(Serialize)]
pub(crate) struct NarrativeRefView<'a> {
    pub(crate) title: &'a str,
    pub(crate) href: String,
    pub(crate) kind: &'static str,
    pub(crate) date: Option<String>,
    pub(crate) authors: &'a [String],
}

impl<'a> NarrativeRefView<'a> {
    pub(crate) fn new(n: &'a Narrative) -> Self {
        NarrativeRefView {
            title: &n.title,
            href: crate::model::narrative_href(&n.url),
            kind: n.kind.label(),
            date: n.date.map(|d| d.to_string()),
            authors: &n.authors,
        }
    }
}

/// A risk as shown.
#[derive(Serialize)]
pub(crate) struct RiskView<'a> {
    pub(crate) id: &'a str,
    pub(crate) anchor: String,
    pub(crate) title: &'a str,
    pub(crate) likelihood: Option<Level>,
    pub(crate) impact: Option<Level>,
    pub(crate) mitigation: Option<&'a str>,
    pub(crate) owner: Option<&'a str>,
    pub(crate) status: RiskStatus,
    /// "Open", "Mitigated", ...: the word the page shows.
    pub(crate) status_label: &'static str,
    /// From likelihood and impact (`model::severity`); null when either is unrated.
    pub(crate) severity: Option<Level>,
    /// Mitigated or closed: listed after the open ones, muted.
    pub(crate) settled: bool,
    pub(crate) milestones: RefList,
    pub(crate) tags: Vec<TagLink<'a>>,
}

impl<'a> RiskView<'a> {
    pub(crate) fn new(site: &'a Site, refs: &'a Refs, r: &'a Risk) -> Self {
        RiskView {
            id: &r.id,
            anchor: risk_anchor(&r.id),
            title: &r.title,
            likelihood: r.likelihood,
            impact: r.impact,
            mitigation: r.mitigation.as_deref(),
            owner: r.owner.as_deref(),
            status: r.status,
            status_label: r.status.label(),
            severity: r.severity(),
            settled: r.is_settled(),
            milestones: refs.list(&r.milestones),
            tags: TagLink::list(site, &r.tags),
        }
    }
}

/// A decision as shown.
#[derive(Serialize)]
pub(crate) struct DecisionView<'a> {
    pub(crate) id: &'a str,
    pub(crate) anchor: String,
    pub(crate) date: String,
    pub(crate) title: &'a str,
    pub(crate) rationale: Option<&'a str>,
    pub(crate) approved_by: Option<&'a str>,
    pub(crate) affects: RefList,
}

impl<'a> DecisionView<'a> {
    pub(crate) fn new(refs: &'a Refs, d: &'a Decision) -> Self {
        DecisionView {
            id: &d.id,
            anchor: decision_anchor(&d.id),
            date: d.date.to_string(),
            title: &d.title,
            rationale: d.rationale.as_deref(),
            approved_by: d.approved_by.as_deref(),
            affects: refs.list(&d.affects),
        }
    }
}

/// An objective as shown, with the status roll-up of the milestones serving it.
#[derive(Serialize)]
pub(crate) struct ObjectiveView<'a> {
    pub(crate) id: &'a str,
    pub(crate) title: &'a str,
    pub(crate) href: String,
    pub(crate) period: Option<String>,
    pub(crate) key_results: Vec<MetricView<'a>>,
    /// How it is doing (`objective_health`).
    pub(crate) health: HealthView,
    /// The milestones in the plan serving it (proposed ones are in `exploring`): business, then technology, each in listing order.
    pub(crate) milestones: RefList,
    /// The same, one track each.
    pub(crate) business: RefList,
    pub(crate) technology: RefList,
    /// How many milestones in the plan serve it.
    pub(crate) milestone_count: usize,
    pub(crate) rollup: Vec<StatusCount>,
    /// Proposed milestones that would serve it: ideas, outside the roll-up.
    pub(crate) exploring: RefList,
    pub(crate) tags: Vec<TagLink<'a>>,
}

impl<'a> ObjectiveView<'a> {
    pub(crate) fn new(site: &'a Site, refs: &'a Refs, i: usize) -> Self {
        let o = &site.objectives[i];
        let (mut ideas, mut serving): (Vec<usize>, Vec<usize>) =
            site.relations.objective_milestones[i].iter().partition(|&&m| site.milestones[m].status.is_proposed());
        let by_track = |list: &mut Vec<usize>| super::pages::by_track_in_listing_order(site, list);
        by_track(&mut serving);
        by_track(&mut ideas);
        let track = |t: Track| serving.iter().copied().filter(|&m| site.milestones[m].track == t).collect::<Vec<_>>();
        ObjectiveView {
            id: &o.id,
            title: &o.title,
            href: objective_href(&o.id),
            period: o.period.map(|p| p.to_string()),
            key_results: MetricView::list(&o.key_results),
            health: objective_health(site, i),
            milestones: refs.list(&serving),
            business: refs.list(&track(Track::Business)),
            technology: refs.list(&track(Track::Technology)),
            milestone_count: serving.len(),
            rollup: status_counts(serving.iter().map(|&m| site.milestones[m].status)),
            exploring: refs.list(&ideas),
            tags: TagLink::list(site, &o.tags),
        }
    }
}

/// Non-zero counts per status, in the order of `Status::ALL`: a roll-up of the
/// plan, so proposed items (ideas, not yet accepted) are never counted.
pub(crate) fn status_counts(statuses: impl Iterator<Item = Status>) -> Vec<StatusCount> {
    let mut counts = vec![0usize; Status::ALL.len()];
    for s in statuses {
        if let Some(k) = Status::ALL.iter().position(|x| *x == s) {
            counts[k] += 1;
        }
    }
    Status::ALL
        .iter()
        .zip(counts)
        .filter(|(s, n)| *n > 0 && !s.is_proposed())
        .map(|(s, count)| StatusCount { status: Some(*s), label: s.label(), count })
        .collect()
}

/// A heading of the table of contents.
pub(crate) type TocEntry = Heading;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_needs_numbers_in_one_unit() {
        assert_eq!(progress(Some("22%"), Some("28%"), Some("45%")), Some(26));
        assert_eq!(progress(Some("38 days"), Some("29 days"), Some("2 days")), Some(25));
        assert_eq!(progress(Some("£1.2M"), Some("£2M"), Some("£3.2M")), Some(40));
        assert_eq!(progress(Some("3 days"), Some("6 hours"), Some("1 hour")), None);
        assert_eq!(progress(Some("none"), Some("some"), Some("all")), None);
        assert_eq!(progress(Some("10%"), Some("60%"), Some("50%")), Some(100));
    }
}
