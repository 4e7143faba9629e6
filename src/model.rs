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
pub const ROOT_MARK: &str = "@@rb-root@@/";

// Where items live in the output, relative to the site root: the one place
// every page, export, feed and Markdown link takes them from.

/// An output path as it goes into a URL: every byte but ASCII letters,
/// digits and `- . _ ~ /` percent-encoded. Narrative names are slugged, so
/// this only touches letters beyond ASCII (`café` -> `caf%C3%A9`), and a link
/// resolves the same over HTTP and from `file://`.
pub fn url_path(path: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The home page.
pub(crate) const HOME_PAGE: &str = "index.html";
/// The page hosts serve for a missing path, at any depth.
pub(crate) const NOT_FOUND_PAGE: &str = "404.html";

/// A part of the site roadbook generates, with a folder of its own. (`pub`
/// because `render::Output` names page specs that carry one.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Business,
    Technology,
    Timeline,
    Objectives,
    Risks,
    Decisions,
    Links,
    Changes,
    Glossary,
    Milestones,
    Search,
}

impl Section {
    /// Every section: those the navigation lists first, in its order.
    pub(crate) const ALL: [Section; 11] = [
        Section::Business,
        Section::Technology,
        Section::Timeline,
        Section::Objectives,
        Section::Risks,
        Section::Decisions,
        Section::Links,
        Section::Changes,
        Section::Glossary,
        Section::Milestones,
        Section::Search,
    ];

    /// The one table of sections: the folder (also the section's name in
    /// templates), the title, and whether the navigation lists it. Narratives
    /// may not take these folders (`validate`), pages are written into them
    /// (`render`), and the navigation is built from it.
    fn row(self) -> (&'static str, &'static str, bool) {
        match self {
            Section::Business => ("business", "Business", true),
            Section::Technology => ("technology", "Technology", true),
            Section::Timeline => ("timeline", "Timeline", true),
            Section::Objectives => ("objectives", "Objectives", true),
            Section::Risks => ("risks", "Risks", true),
            Section::Decisions => ("decisions", "Decisions", true),
            Section::Links => ("links", "Links", true),
            Section::Changes => ("changes", "Changes", true),
            Section::Glossary => ("glossary", "Glossary", true),
            // One page per milestone, each in a folder of its own (`milestone_href`).
            Section::Milestones => ("milestones", "Milestones", false),
            Section::Search => ("search", "Search", false),
        }
    }

    /// Its folder under the site root, and its name in templates.
    pub(crate) fn folder(self) -> &'static str {
        self.row().0
    }

    pub(crate) fn title(self) -> &'static str {
        self.row().1
    }

    /// Whether the navigation lists it (when the site has it).
    pub(crate) fn in_nav(self) -> bool {
        self.row().2
    }

    /// Its page, relative to the site root.
    pub(crate) fn href(self) -> String {
        format!("{}/index.html", self.folder())
    }

    /// The section whose folder this is, if any.
    pub(crate) fn of_folder(folder: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.folder() == folder)
    }
}

/// The page of a narrative, from its output folder (`Narrative::url`).
pub fn narrative_href(folder: &str) -> String {
    format!("{}index.html", url_path(folder))
}

/// The page of a milestone.
pub fn milestone_href(id: &str) -> String {
    format!("{}/{id}/index.html", Section::Milestones.folder())
}

/// A milestone's anchor on the pages that list it as a card or a row
/// (business, technology, changes).
pub(crate) fn milestone_anchor(id: &str) -> String {
    format!("m-{id}")
}

/// What changed in a milestone, on the change report.
pub(crate) fn change_href(id: &str) -> String {
    format!("{}#{}", Section::Changes.href(), milestone_anchor(id))
}

/// The page of an objective.
pub fn objective_href(id: &str) -> String {
    format!("{}/{id}/index.html", Section::Objectives.folder())
}

/// A risk's anchor on the risks page.
pub fn risk_anchor(id: &str) -> String {
    format!("risk-{id}")
}

/// A risk on the risks page.
pub fn risk_href(id: &str) -> String {
    format!("{}#{}", Section::Risks.href(), risk_anchor(id))
}

/// A decision's anchor on the decisions page.
pub fn decision_anchor(id: &str) -> String {
    format!("decision-{id}")
}

/// A decision on the decisions page.
pub fn decision_href(id: &str) -> String {
    format!("{}#{}", Section::Decisions.href(), decision_anchor(id))
}

/// A glossary term (by its anchor, `Term::anchor`) on the glossary page.
pub(crate) fn term_href(anchor: &str) -> String {
    format!("{}#{anchor}", Section::Glossary.href())
}

/// A calendar date that exists: the fields are private, and every way to
/// make one (`new`, `parse`, `from_days`) checks or computes a real day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u32,
    day: u32,
}

impl Date {
    /// 1970-01-01, day 0 of `days`.
    pub(crate) const EPOCH: Date = Date { year: 1970, month: 1, day: 1 };

    /// The date, if the month and the day exist (`2027-02-29` does not).
    pub(crate) fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`, checking the day exists.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if parts.next().is_some() || !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    pub(crate) fn year(self) -> i32 {
        self.year
    }

    /// 1 to 12.
    pub(crate) fn month(self) -> u32 {
        self.month
    }

    /// 1 to the length of the month.
    pub(crate) fn day(self) -> u32 {
        self.day
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days(self) -> i64 {
        let (y, m, d) = (i64::from(self.year), i64::from(self.month), i64::from(self.day));
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The quarter the date is in.
    pub fn quarter(self) -> Quarter {
        Quarter { year: self.year, q: (self.month - 1) / 3 + 1 }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A calendar quarter: `q` is 1 to 4, which the private fields keep true.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    year: i32,
    q: u32,
}

impl Quarter {
    /// Quarter `q` (1 to 4) of `year`.
    pub(crate) fn new(year: i32, q: u32) -> Option<Quarter> {
        (1..=4).contains(&q).then_some(Quarter { year, q })
    }

    /// Quarters since year 0, so that quarters can be subtracted and stepped through.
    pub fn index(self) -> i32 {
        self.year * 4 + self.q as i32 - 1
    }

    /// The quarter with this `index`.
    pub(crate) fn from_index(index: i32) -> Quarter {
        Quarter { year: index.div_euclid(4), q: index.rem_euclid(4) as u32 + 1 }
    }

    /// The quarter after this one.
    pub(crate) fn next(self) -> Quarter {
        Quarter::from_index(self.index() + 1)
    }

    pub(crate) fn year(self) -> i32 {
        self.year
    }

    /// 1 to 4.
    pub(crate) fn number(self) -> u32 {
        self.q
    }

    /// Its first day.
    pub(crate) fn begin(self) -> Date {
        Date { year: self.year, month: self.q * 3 - 2, day: 1 }
    }

    /// Its last day.
    pub(crate) fn end(self) -> Date {
        Month { year: self.year, month: self.q * 3 }.end()
    }
}

impl std::fmt::Display for Quarter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-Q{}", self.year, self.q)
    }
}

/// A calendar month: `month` is 1 to 12, which the private fields keep true.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    /// Month `month` (1 to 12) of `year`.
    pub(crate) fn new(year: i32, month: u32) -> Option<Month> {
        (1..=12).contains(&month).then_some(Month { year, month })
    }

    /// Its first day.
    pub(crate) fn begin(self) -> Date {
        Date { year: self.year, month: self.month, day: 1 }
    }

    /// Its last day.
    pub(crate) fn end(self) -> Date {
        Date { year: self.year, month: self.month, day: days_in_month(self.year, self.month) }
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// A due date as written: a quarter, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    Quarter(Quarter),
    Month(Month),
    Day(Date),
}

impl Due {
    /// Parses `YYYY-Qn`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Due> {
        if let Some((y, q)) = text.split_once("-Q") {
            let q: u32 = q.parse().ok().filter(|_| text.len() == 7)?;
            return Quarter::new(parse_year(y)?, q).map(Due::Quarter);
        }
        if text.len() == 7 {
            let (y, m) = text.split_once('-')?;
            if !m.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            return Month::new(parse_year(y)?, m.parse().ok()?).map(Due::Month);
        }
        Date::parse(text).map(Due::Day)
    }

    /// The last day of the period: dates compare by the end of their period.
    pub fn end(self) -> Date {
        match self {
            Due::Quarter(q) => q.end(),
            Due::Month(m) => m.end(),
            Due::Day(date) => date,
        }
    }

    /// The first day of the period.
    pub fn begin(self) -> Date {
        match self {
            Due::Quarter(q) => q.begin(),
            Due::Month(m) => m.begin(),
            Due::Day(date) => date,
        }
    }
}

fn parse_year(y: &str) -> Option<i32> {
    (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit())).then(|| y.parse().ok()).flatten()
}

impl std::fmt::Display for Due {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Due::Quarter(q) => q.fmt(f),
            Due::Month(m) => m.fmt(f),
            Due::Day(d) => d.fmt(f),
        }
    }
}

/// Defines a closed set of lowercase names as an enum with `parse`, `as_str` and `NAMES`.
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const NAMES: &'static [&'static str] = &[$($text),+];
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn parse(text: &str) -> Option<$name> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }

            pub fn as_str(self) -> &'static str {
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
    /// An undated milestone's horizon.
    Horizon { Now = "now", Next = "next", Later = "later" }
);
named_enum!(
    /// Where a milestone stands.
    Status { Planned = "planned", InProgress = "in-progress", AtRisk = "at-risk", Blocked = "blocked", Done = "done", Dropped = "dropped" }
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
    /// What kind of document a narrative is.
    NarrativeKind { PressRelease = "press-release", SixPager = "six-pager", Strategy = "strategy", TechDebt = "tech-debt", Retrospective = "retrospective", Note = "note" }
);

named_enum!(
    /// The kinds of roadmap item an `@kind:ID` link can name.
    RefKind { Milestone = "milestone", Objective = "objective", Risk = "risk", Decision = "decision" }
);

impl RefKind {
    /// The page (and anchor) of the item of this kind with this id.
    pub(crate) fn href(self, id: &str) -> String {
        match self {
            RefKind::Milestone => milestone_href(id),
            RefKind::Objective => objective_href(id),
            RefKind::Risk => risk_href(id),
            RefKind::Decision => decision_href(id),
        }
    }
}

/// An `@` reference as content writes it, in Markdown links and in the
/// `narrative` and link `path` fields of roadmap files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reference<'a> {
    /// `@/PATH` or `@/PATH#HEADING`: a file under `content/`, and a heading in it.
    Narrative { path: &'a str, anchor: Option<&'a str> },
    /// `@KIND:ID`: a milestone, objective, risk or decision.
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
    pub fn label(self) -> &'static str {
        match self {
            Status::Planned => "Planned",
            Status::InProgress => "In progress",
            Status::AtRisk => "At risk",
            Status::Blocked => "Blocked",
            Status::Done => "Done",
            Status::Dropped => "Dropped",
        }
    }
}

impl NarrativeKind {
    pub fn label(self) -> &'static str {
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
pub enum Schedule {
    Due(Due),
    Horizon(Horizon),
    Unscheduled,
}

impl Schedule {
    /// "2027-Q1", "Next", or "Unscheduled", as pages and reports show it.
    pub fn label(self) -> String {
        match self {
            Schedule::Due(due) => due.to_string(),
            undated => undated.period().title(),
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
pub type Html = String;

/// A success metric or key result.
#[derive(Debug, Clone, Serialize)]
pub struct Metric {
    pub name: String,
    pub baseline: Option<String>,
    pub target: Option<String>,
    pub current: Option<String>,
}

/// Where a supporting link points.
#[derive(Debug, Clone)]
pub enum LinkTarget {
    /// An external URL, as written.
    Url(String),
    /// A page of this site, relative to the root (prefix with the page's root path).
    Page(String),
}

/// A piece of supporting material.
#[derive(Debug, Clone)]
pub struct Link {
    pub title: String,
    pub target: LinkTarget,
}

/// A go / no-go checkpoint.
#[derive(Debug, Clone)]
pub struct Gate {
    pub date: Date,
    pub criteria: String,
    pub decision: GateDecision,
}

/// A link from an item to a narrative (optionally a heading in it).
#[derive(Debug, Clone)]
pub struct NarrativeRef {
    pub narrative: usize,
    pub anchor: Option<String>,
}

/// Where an item was written, for diagnostics after validation.
#[derive(Debug, Clone, Copy)]
pub struct Origin {
    pub file: usize,
    pub offset: usize,
}

/// A business or technology milestone.
#[derive(Debug, Clone)]
pub struct Milestone {
    pub id: String,
    /// The id in the system the milestone was imported from, if any.
    pub key: Option<String>,
    pub title: String,
    pub track: Track,
    pub area: String,
    pub schedule: Schedule,
    pub start: Option<Due>,
    pub status: Status,
    pub confidence: Option<Confidence>,
    pub owner: Option<String>,
    pub customer_need: Option<Html>,
    pub summary: Option<Html>,
    pub description: Option<Html>,
    pub objectives: Vec<usize>,
    pub supported_by: Vec<usize>,
    pub depends_on: Vec<usize>,
    pub narrative: Option<NarrativeRef>,
    pub audiences: Option<Vec<String>>,
    pub metrics: Vec<Metric>,
    pub links: Vec<Link>,
    pub gate: Option<Gate>,
    /// Labels, as written (trimmed, without repeats).
    pub tags: Vec<String>,
    pub origin: Origin,
}

impl Milestone {
    /// The due date, if dated.
    pub fn due(&self) -> Option<Due> {
        match self.schedule {
            Schedule::Due(due) => Some(due),
            _ => None,
        }
    }
}

/// An OKR objective.
#[derive(Debug, Clone)]
pub struct Objective {
    pub id: String,
    pub title: String,
    pub period: Option<String>,
    pub key_results: Vec<Metric>,
    pub origin: Origin,
}

/// An entry in the risk register.
#[derive(Debug, Clone)]
pub struct Risk {
    pub id: String,
    pub title: String,
    pub likelihood: Option<Level>,
    pub impact: Option<Level>,
    pub mitigation: Option<Html>,
    pub owner: Option<String>,
    pub status: RiskStatus,
    pub milestones: Vec<usize>,
    pub audiences: Option<Vec<String>>,
    pub origin: Origin,
}

/// An entry in the decision log.
#[derive(Debug, Clone)]
pub struct Decision {
    pub id: String,
    pub date: Date,
    pub title: String,
    pub rationale: Option<Html>,
    pub affects: Vec<usize>,
    pub approved_by: Option<String>,
    pub audiences: Option<Vec<String>>,
    pub origin: Origin,
}

impl Decision {
    /// The decision log's order: newest first, then by id.
    pub(crate) fn log_order(&self, other: &Decision) -> std::cmp::Ordering {
        other.date.cmp(&self.date).then_with(|| self.id.cmp(&other.id))
    }
}

/// A glossary entry.
#[derive(Debug, Clone)]
pub struct Term {
    pub term: String,
    pub definition: Html,
    pub anchor: String,
}

/// A heading of a narrative, for its table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A Markdown page under `content/`.
#[derive(Debug, Clone)]
pub struct Narrative {
    /// Path under `content/`, e.g. `narratives/six-pager.md`.
    pub content_path: String,
    /// Output folder relative to the root, e.g. `narratives/six-pager/`, its
    /// names slugged; empty for the home page. Links use `narrative_href`.
    pub url: String,
    pub title: String,
    pub kind: NarrativeKind,
    pub date: Option<Date>,
    pub authors: Vec<String>,
    pub weight: i64,
    pub audiences: Option<Vec<String>>,
    pub html: Html,
    pub toc: Vec<Heading>,
    /// Milestones this narrative links to, in order of first mention.
    pub mentions: Vec<usize>,
}

/// The site configuration, validated.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub mission: Option<Html>,
    pub vision: Option<Html>,
    pub base_url: String,
    pub as_of: Date,
    pub highlight_theme: String,
    /// The git revision `roadbook.toml` asks every build to compare with.
    pub compare: Option<String>,
    pub last_review: Option<Date>,
    pub review_every_days: Option<i64>,
    pub audiences: Vec<(String, String)>,
    /// The audience this build is for (name, description); `None` for the full internal site.
    pub audience: Option<(String, String)>,
    /// `[publish] indexable`: let search engines index the pages.
    pub indexable: bool,
    pub allow: Vec<crate::diagnostic::Code>,
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
pub struct Relations {
    /// For each milestone: the business milestones it supports (reverse of `supported_by`).
    pub enables: Vec<Vec<usize>>,
    /// For each milestone: milestones that list it in `depends_on`.
    pub needed_by: Vec<Vec<usize>>,
    /// For each milestone: risks naming it.
    pub risks: Vec<Vec<usize>>,
    /// For each milestone: decisions affecting it.
    pub decisions: Vec<Vec<usize>>,
    /// For each milestone: narratives that link to it or that it cites.
    pub narratives: Vec<Vec<usize>>,
    /// For each objective: milestones serving it.
    pub objective_milestones: Vec<Vec<usize>>,
    /// For each narrative: milestones that cite it (`narrative` field or a link path).
    pub cited_by: Vec<Vec<usize>>,
}

/// The whole validated roadmap.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub milestones: Vec<Milestone>,
    pub objectives: Vec<Objective>,
    pub risks: Vec<Risk>,
    pub decisions: Vec<Decision>,
    pub narratives: Vec<Narrative>,
    /// The home narrative (`content/index.md`), if any, by index into `narratives`.
    pub home: Option<usize>,
    pub glossary: Vec<Term>,
    pub relations: Relations,
    pub milestone_index: HashMap<String, usize>,
    /// Ids this build's audience may not see, removed from the model above.
    pub hidden: HiddenIds,
}

impl Site {
    /// Whether any milestone cites supporting material (the site then has a links page).
    pub fn has_links(&self) -> bool {
        self.milestones.iter().any(|m| !m.links.is_empty())
    }
}

/// Ids of the items an audience build removed, by kind (empty for the full site).
#[derive(Debug, Clone, Default)]
pub struct HiddenIds {
    pub milestones: std::collections::HashSet<String>,
    pub risks: std::collections::HashSet<String>,
    pub decisions: std::collections::HashSet<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        for days in [-800_000, -1, 0, 1, 19_000, 20_781, 2_000_000] {
            assert_eq!(Date::from_days(days).days(), days);
        }
        assert_eq!(Date::EPOCH.days(), 0);
    }

    #[test]
    fn sections_have_one_folder_each_and_the_navigation_its_order() {
        let folders: std::collections::HashSet<&str> = Section::ALL.iter().map(|s| s.folder()).collect();
        assert_eq!(folders.len(), Section::ALL.len());
        assert_eq!(Section::of_folder("risks"), Some(Section::Risks));
        assert_eq!(Section::of_folder("narratives"), None);
        assert_eq!(Section::Glossary.href(), "glossary/index.html");
        let nav: Vec<&str> = Section::ALL.iter().filter(|s| s.in_nav()).map(|s| s.title()).collect();
        let expected =
            ["Business", "Technology", "Timeline", "Objectives", "Risks", "Decisions", "Links", "Changes", "Glossary"];
        assert_eq!(nav, expected);
        assert_eq!(risk_href("r"), "risks/index.html#risk-r");
        assert_eq!(change_href("m"), "changes/index.html#m-m");
        assert_eq!(term_href("term-x"), "glossary/index.html#term-x");
        assert_eq!(milestone_href("m"), "milestones/m/index.html");
    }

    #[test]
    fn only_real_dates_months_and_quarters_can_be_made() {
        assert_eq!(Date::new(2026, 13, 1), None);
        assert_eq!(Date::new(2026, 0, 1), None);
        assert_eq!(Date::new(2027, 2, 29), None);
        assert_eq!(Date::new(2028, 2, 29).map(|d| d.to_string()).as_deref(), Some("2028-02-29"));
        assert_eq!(Month::new(2026, 13), None);
        assert_eq!(Quarter::new(2026, 5), None);
        assert_eq!(Quarter::new(2026, 0), None);
    }

    #[test]
    fn quarters_step_through_years() {
        let q4 = Quarter::new(2026, 4).unwrap();
        assert_eq!(q4.next(), Quarter::new(2027, 1).unwrap());
        assert_eq!(Quarter::from_index(q4.index()), q4);
        assert_eq!(Quarter::from_index(-1), Quarter::new(-1, 4).unwrap());
        assert_eq!((q4.begin().to_string(), q4.end().to_string()), ("2026-10-01".into(), "2026-12-31".into()));
        assert_eq!(Date::parse("2026-11-24").unwrap().quarter(), q4);
    }

    #[test]
    fn due_parses_three_forms_and_ends_at_period_end() {
        assert_eq!(Due::parse("2027-Q1").unwrap().end(), Date::parse("2027-03-31").unwrap());
        assert_eq!(Due::parse("2027-02").unwrap().end(), Date::parse("2027-02-28").unwrap());
        assert_eq!(Due::parse("2028-02").unwrap().end(), Date::parse("2028-02-29").unwrap());
        assert_eq!(Due::parse("2027-05-09").unwrap().end(), Date::parse("2027-05-09").unwrap());
    }

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
        };
        let overdue = |last, every| config(last, every).review_overdue().map(|o| (o.age, o.every));
        assert_eq!(overdue("2026-08-24", None), None);
        assert_eq!(overdue("2026-08-23", None), Some((93, 92)));
        assert_eq!(overdue("2026-11-14", Some(10)), None);
        assert_eq!(overdue("2026-11-13", Some(10)), Some((11, 10)));
        assert_eq!(overdue("never", None), None);
    }

    #[test]
    fn due_rejects_nonsense() {
        for bad in
            ["2027-Q5", "2027-13", "2027-02-30", "27-Q1", "2027", "", "2027-Q1x", "abcd-01", "2027-+1", "2027-01-+1"]
        {
            assert!(Due::parse(bad).is_none(), "{bad}");
        }
    }
}
