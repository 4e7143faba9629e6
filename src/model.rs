//! The validated roadmap: what `validate` produces and `render` reads.
//!
//! Plain data with no IO. Items refer to each other by index into the
//! `Site` vectors (ids are unique per kind, so an index is an id); reverse
//! edges such as `enables` are computed once in `Relations`, never by
//! scanning in templates. Markdown fields hold rendered HTML in which
//! site-internal links start with `ROOT_MARK`, replaced per page by the
//! relative path to the site root.

use serde::Serialize;
use std::collections::HashMap;

/// Placeholder for the relative path to the site root inside rendered Markdown.
pub(crate) const ROOT_MARK: &str = "@@rb-root@@/";

mod calendar;
mod paths;

pub(crate) use calendar::*;
pub(crate) use paths::*;

/// Defines a closed set of lowercase names as an enum with `parse`, `as_str` and `NAMES`.
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(rename_all = "kebab-case")]
        pub(crate) enum $name { $($variant),+ }

        // Every set gets both lists; not every set needs both yet.
        #[allow(dead_code)]
        impl $name {
            pub(crate) const NAMES: &'static [&'static str] = &[$($text),+];
            pub(crate) const ALL: &'static [$name] = &[$($name::$variant),+];

            pub(crate) fn parse(text: &str) -> Option<$name> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }

            pub(crate) fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }
    };
}

named_enum!(
    /// Which side of the roadmap a milestone is on.
    Track { Business = "business", Technology = "technology" }
);
named_enum!(
    /// How finely reader-facing lists show a milestone's date (`date_display` in roadbook.toml).
    DateDisplay { Quarter = "quarter", Month = "month", Day = "day" }
);
named_enum!(
    /// An undated milestone's horizon.
    Horizon { Now = "now", Next = "next", Later = "later" }
);
named_enum!(
    /// Where a milestone stands.
    Status { Proposed = "proposed", Planned = "planned", InProgress = "in-progress", AtRisk = "at-risk", Blocked = "blocked", Done = "done", Dropped = "dropped" }
);
named_enum!(
    /// How sure the owner is of the date.
    Confidence { High = "high", Medium = "medium", Low = "low" }
);
named_enum!(
    /// A stage gate's outcome.
    GateDecision { Pending = "pending", Go = "go", NoGo = "no-go" }
);
named_enum!(
    /// Low / medium / high, for risk likelihood and impact.
    Level { Low = "low", Medium = "medium", High = "high" }
);
named_enum!(
    /// Where a risk stands.
    RiskStatus { Open = "open", Mitigated = "mitigated", Escalated = "escalated", Closed = "closed" }
);
named_enum!(
    /// How an objective is doing, rolled up from its milestones and key
    /// results (`render::context::objective_health` holds the rule).
    Health { OnTrack = "on-track", AtRisk = "at-risk", OffTrack = "off-track", Achieved = "achieved", NotPlanned = "not-planned" }
);
named_enum!(
    /// What kind of document a narrative is.
    NarrativeKind { PressRelease = "press-release", SixPager = "six-pager", Strategy = "strategy", TechDebt = "tech-debt", Retrospective = "retrospective", Note = "note" }
);

/// What an item's id may be, as a JSON Schema pattern: lowercase letters, digits and `-`.
pub(crate) const ID_PATTERN: &str = "^[a-z0-9-]+$";

named_enum!(
    /// The kinds of roadmap item an `@kind:ID` link can name.
    RefKind { Milestone = "milestone", Objective = "objective", Risk = "risk", Decision = "decision", Release = "release" }
);

impl RefKind {
    /// The page (and anchor) of the item of this kind with this id.
    pub(crate) fn href(self, id: &str) -> String {
        match self {
            RefKind::Milestone => milestone_href(id),
            RefKind::Objective => objective_href(id),
            RefKind::Risk => risk_href(id),
            RefKind::Decision => decision_href(id),
            RefKind::Release => release_href(id),
        }
    }
}

/// An `@` reference as content writes it, in Markdown links and in the
/// `narrative` and link `path` fields of roadmap files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reference<'a> {
    /// `@/PATH` or `@/PATH#HEADING`: a file under `content/`, and a heading in it.
    Narrative { path: &'a str, anchor: Option<&'a str> },
    /// `@KIND:ID`: a milestone, objective, risk, decision or release.
    Item { kind: RefKind, id: &'a str },
}

impl<'a> Reference<'a> {
    /// Reads `text`; `None` when it is neither form (an unknown kind included).
    pub(crate) fn parse(text: &'a str) -> Option<Reference<'a>> {
        let rest = text.strip_prefix('@')?;
        if let Some(file) = rest.strip_prefix('/') {
            let (path, anchor) = file.split_once('#').map_or((file, None), |(p, a)| (p, Some(a)));
            return Some(Reference::Narrative { path, anchor });
        }
        let (kind, id) = rest.split_once(':')?;
        Some(Reference::Item { kind: RefKind::parse(kind)?, id })
    }
}

impl Track {
    /// "Business" or "Technology", as pages, tooltips and tables show it.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Track::Business => "Business",
            Track::Technology => "Technology",
        }
    }

    /// The section that lists the track's milestones.
    pub(crate) fn section(self) -> Section {
        match self {
            Track::Business => Section::Business,
            Track::Technology => Section::Technology,
        }
    }
}

impl Horizon {
    /// "Now", "Next" or "Later".
    pub(crate) fn label(self) -> &'static str {
        match self {
            Horizon::Now => "Now",
            Horizon::Next => "Next",
            Horizon::Later => "Later",
        }
    }
}

impl Status {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Status::Proposed => "Proposed",
            Status::Planned => "Planned",
            Status::InProgress => "In progress",
            Status::AtRisk => "At risk",
            Status::Blocked => "Blocked",
            Status::Done => "Done",
            Status::Dropped => "Dropped",
        }
    }

    /// An idea under consideration, not yet accepted into the plan: shown apart
    /// ("Exploring"), and left out of status roll-ups, objective health and the
    /// critical chain.
    pub(crate) fn is_proposed(self) -> bool {
        self == Status::Proposed
    }
}

impl RiskStatus {
    /// "Open", "Mitigated", "Escalated" or "Closed".
    pub(crate) fn label(self) -> &'static str {
        match self {
            RiskStatus::Open => "Open",
            RiskStatus::Mitigated => "Mitigated",
            RiskStatus::Escalated => "Escalated",
            RiskStatus::Closed => "Closed",
        }
    }
}

impl Health {
    /// "On track", "At risk", "Off track", "Achieved" or "Not planned yet".
    pub(crate) fn label(self) -> &'static str {
        match self {
            Health::OnTrack => "On track",
            Health::AtRisk => "At risk",
            Health::OffTrack => "Off track",
            Health::Achieved => "Achieved",
            Health::NotPlanned => "Not planned yet",
        }
    }
}

impl NarrativeKind {
    pub(crate) fn label(self) -> &'static str {
        match self {
            NarrativeKind::PressRelease => "Press release",
            NarrativeKind::SixPager => "Six-pager",
            NarrativeKind::Strategy => "Strategy",
            NarrativeKind::TechDebt => "Tech debt",
            NarrativeKind::Retrospective => "Retrospective",
            NarrativeKind::Note => "Note",
        }
    }
}

/// When a milestone is expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Schedule {
    Due(Due),
    Horizon(Horizon),
    Unscheduled,
}

impl Schedule {
    /// "2027-Q1", "Next", or "Unscheduled", as pages and reports show it.
    pub(crate) fn label(self) -> String {
        match self {
            Schedule::Due(due) => due.to_string(),
            undated => undated.period().title(),
        }
    }

    /// The label at granularity `display` (`Due::shown`), as lists show it; the milestone page shows `label`.
    pub(crate) fn label_shown(self, display: DateDisplay) -> String {
        match self {
            Schedule::Due(due) => due.shown(display).to_string(),
            undated => undated.label(),
        }
    }

    /// Schedule order: dated by the end of their period, then the horizons
    /// (now, next, later), then unscheduled. Ties are for the caller to break (by id).
    pub(crate) fn sort_key(self) -> (u8, i64) {
        match self {
            Schedule::Due(due) => (0, due.end().days()),
            Schedule::Horizon(h) => (1, h as i64),
            Schedule::Unscheduled => (2, 0),
        }
    }

    /// The period it is listed under.
    pub(crate) fn period(self) -> Period {
        match self {
            Schedule::Due(due) => Period::Quarter(due.end().quarter()),
            Schedule::Horizon(h) => Period::Horizon(h),
            Schedule::Unscheduled => Period::Unscheduled,
        }
    }
}

/// The group a milestone is listed in: the quarter its due period ends in,
/// its horizon, or unscheduled; ordered in that way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Period {
    Quarter(Quarter),
    Horizon(Horizon),
    Unscheduled,
}

impl Period {
    /// "2027-Q1", "Now" or "Unscheduled".
    pub(crate) fn title(self) -> String {
        match self {
            Period::Quarter(q) => q.to_string(),
            Period::Horizon(h) => h.label().to_string(),
            Period::Unscheduled => "Unscheduled".to_string(),
        }
    }

    /// What a listing says beside the title when `now` is the current quarter.
    pub(crate) fn note(self, now: Quarter) -> Option<&'static str> {
        match self {
            Period::Quarter(q) if q == now => Some("This quarter"),
            Period::Quarter(q) if q < now => Some("Past"),
            Period::Quarter(_) | Period::Unscheduled => None,
            Period::Horizon(_) => Some("Undated"),
        }
    }
}

/// Rendered Markdown (site links start with `ROOT_MARK`).
pub(crate) type Html = String;

/// A success metric or key result.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Metric {
    pub(crate) name: String,
    pub(crate) baseline: Option<String>,
    pub(crate) target: Option<String>,
    pub(crate) current: Option<String>,
}

/// Where a supporting link points.
#[derive(Debug, Clone)]
pub(crate) enum LinkTarget {
    /// An external URL, as written.
    Url(String),
    /// A page of this site, relative to the root (prefix with the page's root path).
    Page(String),
}

/// A piece of supporting material.
#[derive(Debug, Clone)]
pub(crate) struct Link {
    pub(crate) title: String,
    pub(crate) target: LinkTarget,
}

/// A go / no-go checkpoint.
#[derive(Debug, Clone)]
pub(crate) struct Gate {
    pub(crate) date: Date,
    pub(crate) criteria: String,
    pub(crate) decision: GateDecision,
    /// Where it is among its item's gates as written, from 0 (gates are kept in date order).
    pub(crate) written: usize,
}

/// A link from an item to a narrative (optionally a heading in it).
#[derive(Debug, Clone)]
pub(crate) struct NarrativeRef {
    pub(crate) narrative: usize,
    pub(crate) anchor: Option<String>,
}

/// Where an item was written, for diagnostics after validation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Origin {
    pub(crate) file: usize,
    pub(crate) offset: usize,
}

/// A milestone's place in listing order (`Milestone::listing_key`): schedule, weight, folded title, title.
pub(crate) type ListingKey<'a> = (((u8, i64), (bool, Option<i64>)), &'a str, &'a str);

/// A business or technology milestone.
#[derive(Debug, Clone)]
pub(crate) struct Milestone {
    pub(crate) id: String,
    /// The id in the system the milestone was imported from, if any.
    pub(crate) key: Option<String>,
    pub(crate) title: String,
    /// The title in lower case (`folded`), made once: what listing order (`listing_key`)
    /// and `duplicate-title` compare; folding on every comparison was 2% of a
    /// 10,000-milestone build.
    pub(crate) sort_title: String,
    pub(crate) track: Track,
    pub(crate) area: String,
    pub(crate) schedule: Schedule,
    pub(crate) start: Option<Due>,
    /// Its place among the milestones of its period: lower first, and before those without one.
    pub(crate) weight: Option<i64>,
    pub(crate) status: Status,
    pub(crate) confidence: Option<Confidence>,
    pub(crate) owner: Option<String>,
    pub(crate) customer_need: Option<Html>,
    pub(crate) summary: Option<Html>,
    pub(crate) description: Option<Html>,
    pub(crate) objectives: Vec<usize>,
    pub(crate) supported_by: Vec<usize>,
    pub(crate) depends_on: Vec<usize>,
    pub(crate) narrative: Option<NarrativeRef>,
    /// The release it ships in, by index into `Site::releases`.
    pub(crate) release: Option<usize>,
    pub(crate) metrics: Vec<Metric>,
    pub(crate) links: Vec<Link>,
    /// Its stage gates, by date (then as written).
    pub(crate) gates: Vec<Gate>,
    /// Labels, as written (trimmed, without repeats).
    pub(crate) tags: Vec<String>,
    pub(crate) origin: Origin,
}

impl Milestone {
    /// The due date, if dated.
    pub(crate) fn due(&self) -> Option<Due> {
        match self.schedule {
            Schedule::Due(due) => Some(due),
            _ => None,
        }
    }

    /// Its span, when it is dated and has a `start` that begins by the end of
    /// the due period: it runs from the first day of `start` to the last day of `due`.
    pub(crate) fn span(&self) -> Option<(Due, Due)> {
        let (start, due) = (self.start?, self.due()?);
        (start.begin() <= due.end()).then_some((start, due))
    }

    /// How pages show when it is, at granularity `display` (`Due::shown`; `DateDisplay::Day`
    /// shows it as written): "2026-Q1 – 2028-Q4" for a span, else the schedule's label. A span
    /// whose two ends fall in one period at that granularity is shown as that period ("2026-Q3").
    pub(crate) fn when_shown(&self, display: DateDisplay) -> String {
        match self.span() {
            Some((start, due)) => {
                let (start, due) = (start.shown(display), due.shown(display));
                if start == due {
                    due.to_string()
                } else {
                    format!("{start} – {due}")
                }
            }
            None => self.schedule.label_shown(display),
        }
    }

    /// Whether on `day` it is under way but due in a later quarter: its span has
    /// begun, and it is in the plan and open (not proposed, done or dropped).
    /// Views list it under that quarter too.
    pub(crate) fn under_way(&self, day: Date) -> bool {
        let Some((start, due)) = self.span() else { return false };
        let open = !matches!(self.status, Status::Proposed | Status::Done | Status::Dropped);
        open && start.begin() <= day && due.end().quarter() > day.quarter()
    }

    /// The order of milestones listed within a period, as a key: by the end of the due
    /// period (then horizon, then unscheduled), then `weight` (lower first, and a
    /// milestone with a weight before one without, as Hugo orders pages), then title,
    /// any case first. Never by id: sort with `sort_by_cached_key`, which is stable (so
    /// milestones alike in all three keep the order they are written in) and works the
    /// key out once per milestone, not twice per comparison.
    pub(crate) fn listing_key(&self) -> ListingKey<'_> {
        ((self.schedule.sort_key(), (self.weight.is_none(), self.weight)), &self.sort_title, &self.title)
    }

    /// `title` as `sort_title` holds it: in lower case.
    pub(crate) fn folded(title: &str) -> String {
        title.to_lowercase()
    }

    /// The horizon, if undated and given one.
    pub(crate) fn horizon(&self) -> Option<Horizon> {
        match self.schedule {
            Schedule::Horizon(h) => Some(h),
            _ => None,
        }
    }
}

/// A version that milestones ship in (`[[release]]`).
#[derive(Debug, Clone)]
pub(crate) struct Release {
    pub(crate) id: String,
    pub(crate) title: String,
    /// When it ships: the milestones shipping in it without a `due` of their own are due then.
    pub(crate) date: Due,
    pub(crate) description: Option<Html>,
    /// Release-wide gates, by date (then as written).
    pub(crate) gates: Vec<Gate>,
}

/// An OKR objective.
#[derive(Debug, Clone)]
pub(crate) struct Objective {
    pub(crate) id: String,
    pub(crate) title: String,
    /// The period the objective is for (`2027-H1`): milestones serving it should be due by its end.
    pub(crate) period: Option<Due>,
    pub(crate) key_results: Vec<Metric>,
    /// Labels, as written (trimmed, without repeats).
    pub(crate) tags: Vec<String>,
}

/// An entry in the risk register.
#[derive(Debug, Clone)]
pub(crate) struct Risk {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) likelihood: Option<Level>,
    pub(crate) impact: Option<Level>,
    pub(crate) mitigation: Option<Html>,
    pub(crate) owner: Option<String>,
    pub(crate) status: RiskStatus,
    pub(crate) milestones: Vec<usize>,
    /// Labels, as written (trimmed, without repeats).
    pub(crate) tags: Vec<String>,
}

/// How serious a risk is, from its likelihood and impact: the sum of the two
/// levels (low 0, medium 1, high 2) is high from 3, medium at 2, low below.
/// The register's matrix shades its cells by it.
pub(crate) fn severity(likelihood: Level, impact: Level) -> Level {
    match likelihood as u8 + impact as u8 {
        0 | 1 => Level::Low,
        2 => Level::Medium,
        _ => Level::High,
    }
}

impl Risk {
    /// Its severity, when both likelihood and impact are rated.
    pub(crate) fn severity(&self) -> Option<Level> {
        Some(severity(self.likelihood?, self.impact?))
    }

    /// Dealt with: `mitigated` or `closed`. The register lists these after the
    /// open and escalated ones, muted.
    pub(crate) fn is_settled(&self) -> bool {
        matches!(self.status, RiskStatus::Mitigated | RiskStatus::Closed)
    }

    /// The register's order: open and escalated risks before settled ones
    /// (mitigated, closed); within each, by severity (highest first, unrated
    /// last), then likelihood, then impact (each highest first, unrated last),
    /// then title, any case first. Sorts are stable: risks alike in all of
    /// these keep the order they are written in.
    pub(crate) fn register_order(&self, other: &Risk) -> std::cmp::Ordering {
        use std::cmp::Reverse;
        let key = |r: &Risk| (r.is_settled(), Reverse(r.severity()), Reverse(r.likelihood), Reverse(r.impact));
        let folded = |r: &Risk| r.title.chars().flat_map(char::to_lowercase).collect::<String>();
        key(self)
            .cmp(&key(other))
            .then_with(|| folded(self).cmp(&folded(other)))
            .then_with(|| self.title.cmp(&other.title))
    }
}

/// An entry in the decision log.
#[derive(Debug, Clone)]
pub(crate) struct Decision {
    pub(crate) id: String,
    pub(crate) date: Date,
    pub(crate) title: String,
    pub(crate) rationale: Option<Html>,
    pub(crate) affects: Vec<usize>,
    pub(crate) approved_by: Option<String>,
}

impl Decision {
    /// The decision log's order: newest first, then by id.
    pub(crate) fn log_order(&self, other: &Decision) -> std::cmp::Ordering {
        other.date.cmp(&self.date).then_with(|| self.id.cmp(&other.id))
    }
}

/// A glossary entry.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    pub(crate) term: String,
    pub(crate) definition: Html,
    pub(crate) anchor: String,
}

/// A heading of a narrative, for its table of contents.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Heading {
    pub(crate) level: u8,
    pub(crate) id: String,
    pub(crate) title: String,
}

/// A Markdown page under `content/`.
#[derive(Debug, Clone)]
pub(crate) struct Narrative {
    /// Path under `content/`, e.g. `narratives/six-pager.md`.
    pub(crate) content_path: String,
    /// Output folder relative to the root, e.g. `narratives/six-pager/`, its
    /// names slugged; empty for the home page. Links use `narrative_href`.
    pub(crate) url: String,
    pub(crate) title: String,
    pub(crate) kind: NarrativeKind,
    pub(crate) date: Option<Date>,
    pub(crate) authors: Vec<String>,
    pub(crate) weight: i64,
    pub(crate) html: Html,
    pub(crate) toc: Vec<Heading>,
    /// Milestones this narrative links to, in order of first mention.
    pub(crate) mentions: Vec<usize>,
}

/// The site configuration, validated.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub(crate) title: String,
    pub(crate) mission: Option<Html>,
    pub(crate) vision: Option<Html>,
    pub(crate) base_url: String,
    pub(crate) as_of: Date,
    pub(crate) highlight_theme: String,
    /// The git revision `roadbook.toml` asks every build to compare with.
    pub(crate) compare: Option<String>,
    pub(crate) last_review: Option<Date>,
    pub(crate) review_every_days: Option<i64>,
    pub(crate) audiences: Vec<(String, String)>,
    /// The audience this build is for (name, description); `None` for the full internal site.
    pub(crate) audience: Option<(String, String)>,
    /// `[publish] indexable`: let search engines index the pages.
    pub(crate) indexable: bool,
    /// Warnings silenced site-wide: `allow = [...]` and `[lint]` codes set to `allow`.
    pub(crate) allow: Vec<crate::diagnostic::Code>,
    /// Warnings `[lint]` sets to `deny`: reported as errors.
    pub(crate) deny: Vec<crate::diagnostic::Code>,
    /// `[tags]`: each defined tag and its description, by name; `None` when roadbook.toml has no such table.
    pub(crate) tags: Option<std::collections::BTreeMap<String, String>>,
    /// How finely lists show milestone dates (`date_display`, default quarter).
    pub(crate) date_display: DateDisplay,
}

/// The review cadence when `last_review` is set without `review_every_days`: quarterly.
pub(crate) const DEFAULT_REVIEW_DAYS: i64 = 92;

/// A roadmap review that is overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OverdueReview {
    /// When the roadmap was last reviewed.
    pub(crate) last: Date,
    /// Days from then to `as_of`.
    pub(crate) age: i64,
    /// The cadence, in days.
    pub(crate) every: i64,
}

impl Config {
    /// The last review, if it is older on `as_of` than the cadence
    /// (`review_every_days`, else `DEFAULT_REVIEW_DAYS`); `None` when it is
    /// recent or the roadmap names no `last_review`. The linter's
    /// `stale-review` and the home page's badge both ask this.
    pub(crate) fn review_overdue(&self) -> Option<OverdueReview> {
        let last = self.last_review?;
        let every = self.review_every_days.unwrap_or(DEFAULT_REVIEW_DAYS);
        let age = self.as_of.days() - last.days();
        (age > every).then_some(OverdueReview { last, age, every })
    }
}

/// Reverse edges, computed once after validation.
#[derive(Debug, Clone, Default)]
pub(crate) struct Relations {
    /// For each milestone: the business milestones it supports (reverse of `supported_by`).
    pub(crate) enables: Vec<Vec<usize>>,
    /// For each milestone: milestones that list it in `depends_on`.
    pub(crate) needed_by: Vec<Vec<usize>>,
    /// For each milestone: risks naming it.
    pub(crate) risks: Vec<Vec<usize>>,
    /// For each milestone: decisions affecting it.
    pub(crate) decisions: Vec<Vec<usize>>,
    /// For each milestone: narratives that link to it or that it cites.
    pub(crate) narratives: Vec<Vec<usize>>,
    /// For each objective: milestones serving it.
    pub(crate) objective_milestones: Vec<Vec<usize>>,
    /// For each narrative: milestones that cite it (`narrative` field or a link path).
    pub(crate) cited_by: Vec<Vec<usize>>,
    /// For each release: the milestones that ship in it.
    pub(crate) release_milestones: Vec<Vec<usize>>,
    /// For each milestone: whether it is proposed (an idea). The impact walk skips ideas on
    /// every edge it follows: reading this beside the edges, not each milestone's status,
    /// keeps 10,000 walks out of cache misses on the milestones.
    pub(crate) proposed: Vec<bool>,
}

/// A tag, with what carries it in this build (hidden items left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tag {
    /// As items write it (trimmed).
    pub(crate) name: String,
    /// Its folder under `tags/`: unique in the site, safe as a file name.
    pub(crate) slug: String,
    /// From `[tags]` in roadbook.toml, if defined there with a description.
    pub(crate) description: Option<String>,
    pub(crate) milestones: Vec<usize>,
    pub(crate) objectives: Vec<usize>,
    pub(crate) risks: Vec<usize>,
}

/// The whole validated roadmap.
#[derive(Debug, Clone)]
pub(crate) struct Site {
    pub(crate) config: Config,
    pub(crate) milestones: Vec<Milestone>,
    pub(crate) objectives: Vec<Objective>,
    pub(crate) risks: Vec<Risk>,
    pub(crate) decisions: Vec<Decision>,
    /// As written (shown by date).
    pub(crate) releases: Vec<Release>,
    pub(crate) narratives: Vec<Narrative>,
    /// The home narrative (`content/index.md`), if any, by index into `narratives`.
    pub(crate) home: Option<usize>,
    pub(crate) glossary: Vec<Term>,
    /// Every tag an item of this build carries, in the byte order of names (`Site::tag` finds one).
    pub(crate) tags: Vec<Tag>,
    pub(crate) relations: Relations,
    pub(crate) milestone_index: HashMap<String, usize>,
    /// Ids this build's audience may not see, removed from the model above.
    pub(crate) hidden: HiddenIds,
}

impl Site {
    /// Whether any milestone cites supporting material (the site then has a links page).
    pub(crate) fn has_links(&self) -> bool {
        self.milestones.iter().any(|m| !m.links.is_empty())
    }

    /// The tag named `name`, if an item of this build carries it.
    pub(crate) fn tag(&self, name: &str) -> Option<&Tag> {
        self.tags.binary_search_by(|t| t.name.as_str().cmp(name)).ok().map(|i| &self.tags[i])
    }
}

/// Ids of the items an audience build removed, by kind (empty for the full site).
#[derive(Debug, Clone, Default)]
pub(crate) struct HiddenIds {
    pub(crate) milestones: std::collections::HashSet<String>,
    pub(crate) risks: std::collections::HashSet<String>,
    pub(crate) decisions: std::collections::HashSet<String>,
}

/// Whether `text` matches a JSON Schema `pattern`, as a schema validator sees it (for the tests
/// that hold each pattern the schemas give editors to the parser it describes).
#[cfg(test)]
pub(crate) fn matches_pattern(pattern: &str, text: &str) -> bool {
    let schema = serde_json::json!({ "type": "string", "pattern": pattern });
    jsonschema::is_valid(&schema, &serde_json::json!(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_read_both_forms_and_nothing_else() {
        let narrative = |path, anchor| Some(Reference::Narrative { path, anchor });
        assert_eq!(Reference::parse("@/narratives/x.md"), narrative("narratives/x.md", None));
        assert_eq!(Reference::parse("@/x.md#why#now"), narrative("x.md", Some("why#now")));
        assert_eq!(Reference::parse("@/"), narrative("", None));
        let item = |kind, id| Some(Reference::Item { kind, id });
        assert_eq!(Reference::parse("@milestone:a:b"), item(RefKind::Milestone, "a:b"));
        assert_eq!(Reference::parse("@decision:"), item(RefKind::Decision, ""));
        for bad in ["milestone:a", "@milestones:a", "@milestone", "@", "", "/x.md"] {
            assert_eq!(Reference::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn review_is_overdue_after_the_cadence_or_92_days() {
        let config = |last: &str, every| Config {
            title: String::new(),
            mission: None,
            vision: None,
            base_url: "/".into(),
            as_of: Date::parse("2026-11-24").unwrap(),
            highlight_theme: String::new(),
            compare: None,
            last_review: Date::parse(last),
            review_every_days: every,
            audiences: Vec::new(),
            audience: None,
            indexable: false,
            allow: Vec::new(),
            deny: Vec::new(),
            tags: None,
            date_display: DateDisplay::Quarter,
        };
        let overdue = |last, every| config(last, every).review_overdue().map(|o| (o.age, o.every));
        assert_eq!(overdue("2026-08-24", None), None);
        assert_eq!(overdue("2026-08-23", None), Some((93, 92)));
        assert_eq!(overdue("2026-11-14", Some(10)), None);
        assert_eq!(overdue("2026-11-13", Some(10)), Some((11, 10)));
        assert_eq!(overdue("never", None), None);
    }
}
