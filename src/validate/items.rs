//! Raw roadmap items to model items: milestones (with metrics, links and
//! gate), objectives, risks, decisions and glossary terms. Each conversion
//! always yields an item (falling back to defaults) so indices stay equal to
//! raw positions, and records every problem it finds.

use super::checker::Checker;
use super::index::Index;
use crate::content::raw::{
    Gates, RawDecision, RawGate, RawLink, RawMetric, RawMilestone, RawObjective, RawRelease, RawRisk, RawTerm, Spanned,
    Str,
};
use crate::diagnostic::Code;
use crate::markdown::{slug, Lookup, Targets};
use crate::model::*;

/// A milestone and the narratives its Markdown links to.
#[derive(Clone)]
pub(crate) struct Converted<T> {
    pub(crate) item: T,
    pub(crate) narratives: Vec<usize>,
    pub(crate) anchors: Vec<(usize, crate::markdown::AnchorCheck)>,
}

fn text(value: &Option<Str>) -> Option<String> {
    value.as_ref().map(|v| v.get_ref().trim().to_string()).filter(|v| !v.is_empty())
}

/// Renders optional Markdown, collecting linked narratives and deferred anchor checks.
struct Prose<'i> {
    index: &'i Index<'i>,
    narratives: Vec<usize>,
    anchors: Vec<(usize, crate::markdown::AnchorCheck)>,
}

impl Prose<'_> {
    fn render(&mut self, checker: &mut Checker, value: &Option<Str>) -> Option<Html> {
        let value = value.as_ref()?;
        let rendered = checker.markdown(value, self.index);
        let start = checker.string_content_start(value.span());
        for mut anchor in rendered.anchors {
            anchor.offset += start;
            self.anchors.push((checker.file, anchor));
        }
        for n in rendered.narratives {
            if !self.narratives.contains(&n) {
                self.narratives.push(n);
            }
        }
        Some(rendered.html)
    }

    /// Checks later, once every narrative is rendered, that `anchor` is a heading of narrative `n`.
    fn check_anchor(&mut self, checker: &Checker, value: &Str, n: usize, anchor: &str) {
        let check =
            crate::markdown::AnchorCheck { offset: value.span().start, narrative: n, anchor: anchor.to_string() };
        self.anchors.push((checker.file, check));
    }
}

pub(crate) fn milestone(checker: &mut Checker, index: &Index, raw: &RawMilestone) -> Converted<Milestone> {
    checker.audiences(&raw.audiences, &index.audiences);
    let mut prose = Prose { index, narratives: Vec::new(), anchors: Vec::new() };
    let track = checker.one_of(&raw.track, "track", Track::parse, Track::NAMES).unwrap_or(Track::Business);
    let status = raw.status.as_ref().and_then(|s| checker.one_of(s, "status", Status::parse, Status::NAMES));
    let confidence =
        raw.confidence.as_ref().and_then(|c| checker.one_of(c, "confidence", Confidence::parse, Confidence::NAMES));
    let refs = |checker: &mut Checker, kind, field, list: &[Str]| -> Vec<usize> {
        list.iter().filter_map(|v| index.reference(checker, kind, field, v)).collect()
    };
    let objectives = refs(checker, RefKind::Objective, "objectives", &raw.objectives);
    let supported_by = refs(checker, RefKind::Milestone, "supported_by", &raw.supported_by);
    let depends_on = refs(checker, RefKind::Milestone, "depends_on", &raw.depends_on);
    let narrative = raw.narrative.as_ref().and_then(|n| narrative_ref(checker, index, n, &mut prose));
    let release = raw.release.as_ref().and_then(|r| index.reference(checker, RefKind::Release, "release", r));
    let schedule = schedule(checker, raw);
    let title = raw.title.get_ref().trim().to_string();
    let item = Milestone {
        id: raw.id.get_ref().clone(),
        key: text(&raw.key),
        sort_title: Milestone::folded(&title),
        title,
        track,
        area: text(&raw.area).unwrap_or_else(|| "General".to_string()),
        schedule,
        start: start(checker, raw, schedule),
        weight: raw.weight.as_ref().map(|w| w.get_ref().0),
        status: status.unwrap_or(Status::Planned),
        confidence,
        owner: text(&raw.owner),
        customer_need: prose.render(checker, &raw.customer_need),
        summary: prose.render(checker, &raw.summary),
        description: prose.render(checker, &raw.description),
        objectives,
        supported_by,
        depends_on,
        narrative,
        release,
        metrics: raw.metric.iter().map(metric).collect(),
        links: raw.link.iter().filter_map(|l| link(checker, index, l, &mut prose)).collect(),
        gates: gates(checker, &raw.gate),
        tags: tags(&raw.tags),
        origin: Origin { file: checker.file, offset: raw.id.span().start },
    };
    Converted { item, narratives: prose.narratives, anchors: prose.anchors }
}

/// When a milestone is due, from `due` or `horizon`. One that names only a `release` is due on the
/// release's date, which `validate` sets once every release is read.
fn schedule(checker: &mut Checker, raw: &RawMilestone) -> Schedule {
    if let (Some(_), Some(horizon)) = (&raw.due, &raw.horizon) {
        checker.error(Code::InvalidValue, "give either `due` or `horizon`, not both", horizon.span().start);
    }
    if let (Some(_), Some(horizon)) = (&raw.release, &raw.horizon) {
        let message =
            "give either `release` or `horizon`, not both: a milestone that ships in a release is due on its date";
        checker.error(Code::InvalidValue, message, horizon.span().start);
    }
    if let Some(due) = &raw.due {
        return checker.due(due, "due date").map_or(Schedule::Unscheduled, Schedule::Due);
    }
    match &raw.horizon {
        Some(h) => checker
            .one_of(h, "horizon", Horizon::parse, Horizon::NAMES)
            .map_or(Schedule::Unscheduled, Schedule::Horizon),
        None => Schedule::Unscheduled,
    }
}

/// `start`, which may not begin after the due period ends.
fn start(checker: &mut Checker, raw: &RawMilestone, schedule: Schedule) -> Option<Due> {
    let value = raw.start.as_ref()?;
    let start = checker.due(value, "start")?;
    if let Schedule::Due(due) = schedule {
        if start.begin() > due.end() {
            let message = format!(
                "`start` {start} begins after `due` {due} ends ({}): a milestone starts before it is due",
                due.end()
            );
            checker.error(Code::InvalidValue, message, value.span().start);
            return None;
        }
    }
    Some(start)
}

fn metric(raw: &RawMetric) -> Metric {
    Metric {
        name: raw.name.get_ref().trim().to_string(),
        baseline: text(&raw.baseline),
        target: text(&raw.target),
        current: text(&raw.current),
    }
}

/// An item's gates in date order (then as written); an invalid one is reported and left out.
pub(crate) fn gates(checker: &mut Checker, raw: &Gates) -> Vec<Gate> {
    let mut gates: Vec<Gate> = raw.0.iter().enumerate().filter_map(|(written, g)| gate(checker, g, written)).collect();
    gates.sort_by_key(|g| (g.date, g.written));
    gates
}

fn gate(checker: &mut Checker, raw: &RawGate, written: usize) -> Option<Gate> {
    let date = checker.date(&raw.date, "gate date");
    let decision = match &raw.decision {
        Some(d) => checker.one_of(d, "gate decision", GateDecision::parse, GateDecision::NAMES)?,
        None => GateDecision::Pending,
    };
    Some(Gate { date: date?, criteria: raw.criteria.get_ref().trim().to_string(), decision, written })
}

/// `narrative = "@/narratives/x.md#heading"`.
fn narrative_ref(checker: &mut Checker, index: &Index, value: &Str, prose: &mut Prose) -> Option<NarrativeRef> {
    let Some(Reference::Narrative { path, anchor }) = Reference::parse(value.get_ref()) else {
        let message =
            format!("`narrative` must be written `@/path.md` or `@/path.md#heading`, not `{}`", value.get_ref());
        checker.error(Code::InvalidValue, message, value.span().start);
        return None;
    };
    let narrative = resolve_narrative(checker, index, path, value)?;
    if let Some(anchor) = anchor {
        prose.check_anchor(checker, value, narrative, anchor);
    }
    Some(NarrativeRef { narrative, anchor: anchor.map(str::to_string) })
}

fn resolve_narrative(checker: &mut Checker, index: &Index, path: &str, value: &Str) -> Option<usize> {
    match index.narrative(path) {
        Lookup::Found(i, _) => Some(i),
        Lookup::Hidden => index.narratives.get(path).map(|(i, _)| *i),
        Lookup::Missing(nearest) => {
            let hint = nearest.map_or_else(String::new, |n| format!("; did you mean `@/{n}`?"));
            let message = format!("content file `{path}` does not exist{hint}");
            checker.error(Code::DanglingReference, message, value.span().start);
            None
        }
    }
}

fn link(checker: &mut Checker, index: &Index, raw: &Spanned<RawLink>, prose: &mut Prose) -> Option<Link> {
    let start = raw.span().start;
    let raw = raw.get_ref();
    let title = raw.title.get_ref().trim().to_string();
    let target = match (&raw.url, &raw.path) {
        (Some(url), None) => LinkTarget::Url(checked_url(checker, url)?),
        (None, Some(path)) => LinkTarget::Page(link_path(checker, index, path, prose)?),
        _ => {
            checker.error(Code::InvalidValue, "a link needs exactly one of `url` or `path`", start);
            return None;
        }
    };
    Some(Link { title, target })
}

/// Accepts http, https and mailto URLs and relative references; never `javascript:` and friends.
fn checked_url(checker: &mut Checker, url: &Str) -> Option<String> {
    let text = url.get_ref().trim();
    if let Some(why) = crate::markdown::url_problem(text) {
        let shown: String = text.chars().map(|c| if c.is_control() { '\u{fffd}' } else { c }).collect();
        let message = format!("link url `{shown}` {why}: use an http, https or mailto URL or a relative path");
        checker.error(Code::InvalidValue, message, checker.string_content_start(url.span()));
        return None;
    }
    Some(text.to_string())
}

/// `path = "@/narratives/x.md#h"` or `path = "@milestone:id"`: an href from the site root.
fn link_path(checker: &mut Checker, index: &Index, value: &Str, prose: &mut Prose) -> Option<String> {
    let text = value.get_ref().as_str();
    let (kind, id) = match Reference::parse(text) {
        Some(Reference::Narrative { path, anchor }) => return narrative_link(checker, value, prose, (path, anchor)),
        Some(Reference::Item { kind, id }) => (kind, id),
        None => {
            let message =
                format!("link path `{text}` must be written `@/path.md`, `@/path.md#heading` or `@milestone:ID`");
            checker.error(Code::InvalidValue, message, value.span().start);
            return None;
        }
    };
    let id_value = Spanned::new(value.span(), id.to_string());
    let i = index.reference(checker, kind, "path", &id_value)?;
    if index.ids(kind).hidden[i] {
        return None;
    }
    Some(kind.href(id))
}

/// A link `path` to a narrative (`path`), or to a heading (`anchor`) in it.
fn narrative_link(
    checker: &mut Checker,
    value: &Str,
    prose: &mut Prose,
    (path, anchor): (&str, Option<&str>),
) -> Option<String> {
    let index = prose.index;
    let n = resolve_narrative(checker, index, path, value)?;
    if index.narrative_hidden[n] {
        // Hidden from this build: the link is left out (no error, no trace).
        return None;
    }
    let href = narrative_href(&index.narratives[path].1);
    if let Some(anchor) = anchor {
        prose.check_anchor(checker, value, n, anchor);
        return Some(format!("{href}#{anchor}"));
    }
    if !prose.narratives.contains(&n) {
        prose.narratives.push(n);
    }
    Some(href)
}

pub(crate) fn release(checker: &mut Checker, index: &Index, raw: &RawRelease) -> Converted<Release> {
    let mut prose = Prose { index, narratives: Vec::new(), anchors: Vec::new() };
    let item = Release {
        id: raw.id.get_ref().clone(),
        title: raw.title.get_ref().trim().to_string(),
        date: checker.due(&raw.date, "release date").unwrap_or(Due::Day(Date::EPOCH)),
        description: prose.render(checker, &raw.description),
        gates: gates(checker, &raw.gate),
    };
    Converted { item, narratives: prose.narratives, anchors: prose.anchors }
}

pub(crate) fn objective(checker: &mut Checker, raw: &RawObjective) -> Converted<Objective> {
    let item = Objective {
        id: raw.id.get_ref().clone(),
        title: raw.title.get_ref().trim().to_string(),
        period: raw.period.as_ref().and_then(|p| checker.due(p, "period")),
        key_results: raw
            .key_result
            .iter()
            .map(|k| Metric {
                name: k.title.get_ref().trim().to_string(),
                baseline: text(&k.baseline),
                target: text(&k.target),
                current: text(&k.current),
            })
            .collect(),
        tags: tags(&raw.tags),
    };
    Converted { item, narratives: Vec::new(), anchors: Vec::new() }
}

pub(crate) fn risk(checker: &mut Checker, index: &Index, raw: &RawRisk) -> Converted<Risk> {
    checker.audiences(&raw.audiences, &index.audiences);
    let mut prose = Prose { index, narratives: Vec::new(), anchors: Vec::new() };
    let level = |checker: &mut Checker, v: &Option<Str>, what| {
        v.as_ref().and_then(|v| checker.one_of(v, what, Level::parse, Level::NAMES))
    };
    let item = Risk {
        id: raw.id.get_ref().clone(),
        title: raw.title.get_ref().trim().to_string(),
        likelihood: level(checker, &raw.likelihood, "likelihood"),
        impact: level(checker, &raw.impact, "impact"),
        mitigation: prose.render(checker, &raw.mitigation),
        owner: text(&raw.owner),
        status: raw
            .status
            .as_ref()
            .and_then(|s| checker.one_of(s, "risk status", RiskStatus::parse, RiskStatus::NAMES))
            .unwrap_or(RiskStatus::Open),
        milestones: raw
            .milestones
            .iter()
            .filter_map(|m| index.reference(checker, RefKind::Milestone, "milestones", m))
            .collect(),
        tags: tags(&raw.tags),
    };
    Converted { item, narratives: prose.narratives, anchors: prose.anchors }
}

pub(crate) fn decision(checker: &mut Checker, index: &Index, raw: &RawDecision) -> Converted<Decision> {
    checker.audiences(&raw.audiences, &index.audiences);
    let mut prose = Prose { index, narratives: Vec::new(), anchors: Vec::new() };
    let item = Decision {
        id: raw.id.get_ref().clone(),
        date: checker.date(&raw.date, "decision date").unwrap_or(Date::EPOCH),
        title: raw.title.get_ref().trim().to_string(),
        rationale: prose.render(checker, &raw.rationale),
        affects: raw
            .affects
            .iter()
            .filter_map(|m| index.reference(checker, RefKind::Milestone, "affects", m))
            .collect(),
        approved_by: text(&raw.approved_by),
    };
    Converted { item, narratives: prose.narratives, anchors: prose.anchors }
}

pub(crate) fn term(checker: &mut Checker, index: &Index, raw: &RawTerm) -> Converted<Term> {
    let mut prose = Prose { index, narratives: Vec::new(), anchors: Vec::new() };
    let definition = prose.render(checker, &Some(raw.definition.clone())).unwrap_or_default();
    let item = Term {
        term: raw.term.get_ref().trim().to_string(),
        definition,
        anchor: format!("term-{}", slug(raw.term.get_ref())),
    };
    Converted { item, narratives: prose.narratives, anchors: prose.anchors }
}

/// Tags trimmed, empty ones and repeats left out, in the order written.
fn tags(raw: &[Str]) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in raw.iter().map(|t| t.get_ref().trim()).filter(|t| !t.is_empty()) {
        if !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_string());
        }
    }
    tags
}
