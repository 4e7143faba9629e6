//! The home page's context: the plan at a glance before the prose. Status by
//! track, what needs attention (the first few by due date, and all of them
//! further down), a Now / Next / Later board of open work (both tracks, a
//! bounded number of cards per cell), and the progress of each objective.
//! Everything here is computed from the model; the template only lays it out.

use super::context::*;
use super::pages::{by_track_in_listing_order, listed_narratives, period_anchor, UpcomingGate, OVERDUE_ANCHOR};
use crate::model::*;
use serde::Serialize;

/// Cards a board cell shows; the rest are counted and linked ("+N more").
const BOARD_CARDS: usize = 3;

/// Milestones the first screen's "Needs attention" shows; the page lists all of them further down.
const ATTENTION_SHOWN: usize = 5;

#[derive(Serialize)]
pub(super) struct Home<'a> {
    mission: Option<&'a str>,
    vision: Option<&'a str>,
    intro: Option<&'a str>,
    narratives: Vec<NarrativeRefView<'a>>,
    tracks: Vec<TrackSummary>,
    /// Milestones by status and track: one row per status that any track has.
    status_rows: Vec<StatusRow>,
    board: Vec<BoardColumn<'a>>,
    attention: Attention<'a>,
    /// Each objective, in the order written, with its milestones' roll-up and its key results.
    objectives: Vec<ObjectiveProgress<'a>>,
    gates: Vec<UpcomingGate<'a>>,
    /// Proposed milestones, business first, each track in schedule order: ideas, not counted in the plan.
    exploring: RefList,
    last_review: Option<String>,
    review_stale: bool,
}

/// One track's milestones in the plan counted by status, and its ideas apart.
#[derive(Serialize)]
struct TrackSummary {
    track: Track,
    title: &'static str,
    href: String,
    /// Milestones in the plan (proposed ones are not counted).
    total: usize,
    counts: Vec<StatusCount>,
    /// How many proposed milestones the track's view lists under "Exploring", and the link to them.
    exploring: usize,
    exploring_href: String,
}

/// How many milestones of each track have one status of the plan, tracks in the order of `tracks`.
#[derive(Serialize)]
struct StatusRow {
    status: Status,
    label: &'static str,
    counts: Vec<usize>,
}

/// What needs attention: the open milestones that are at risk, blocked,
/// past their due date or past a gate still undecided, by due date.
#[derive(Serialize)]
struct Attention<'a> {
    /// Every one, in plan order (by date, then title).
    items: Vec<AttentionItem<'a>>,
    /// How many of them the first screen lists (the first `ATTENTION_SHOWN`); the rest are counted and linked.
    shown: usize,
    total: usize,
}

#[derive(Serialize)]
struct AttentionItem<'a> {
    item: ItemRef<'a>,
    track_label: &'static str,
    owner: Option<&'a str>,
    /// Why it is listed besides its status: its due date passed, a gate is undecided.
    reasons: Vec<Reason>,
}

#[derive(Serialize)]
struct Reason {
    /// `past-due` or `gate-overdue`.
    kind: &'static str,
    /// As the page says it: "Past due", "Gate 2026-10-01 undecided".
    label: String,
}

/// How far an objective has come: its milestones in the plan (dropped ones
/// left out) and its key results.
#[derive(Serialize)]
struct ObjectiveProgress<'a> {
    title: &'a str,
    /// How it is doing, in a word and its reasons (`objective_health`).
    health: HealthView,
    href: String,
    period: Option<String>,
    /// Milestones serving it that the plan still counts: neither dropped nor proposed.
    total: usize,
    done: usize,
    /// In words: "3 of 5 milestones done · 1 at risk · 1 blocked".
    summary: String,
    /// Counts per status for the bar, done first, then in progress, at risk, blocked, planned.
    segments: Vec<StatusCount>,
    key_results: Vec<MetricView<'a>>,
}

/// A milestone on the board.
#[derive(Serialize)]
struct BoardCard<'a> {
    #[serde(flatten)]
    item: ItemRef<'a>,
    /// Its due period ended before `as_of` (it is open, or it would not be on the board).
    late: bool,
}

/// A column of the board: this quarter (with overdue open work and the `now`
/// horizon), next quarter (and `next`), or later (and `later`, and unscheduled).
#[derive(Serialize)]
struct BoardColumn<'a> {
    horizon: Horizon,
    /// "Now", "Next" or "Later".
    title: &'static str,
    /// The quarters it covers: "2026-Q4", "2027-Q1", "2027-Q2 on".
    period: String,
    /// Business, then technology.
    cells: Vec<BoardCell<'a>>,
}

/// The open milestones of one track in one column, in plan order.
#[derive(Serialize)]
struct BoardCell<'a> {
    track: Track,
    track_label: &'static str,
    /// The first `BOARD_CARDS`.
    cards: Vec<BoardCard<'a>>,
    /// How many open milestones are not shown, and where the track's view lists the first of them.
    more: usize,
    more_href: Option<String>,
    /// Milestones of the column already done (this quarter's only, in the Now column).
    done: usize,
}

pub(super) fn home<'a>(site: &'a Site, refs: &'a Refs) -> Home<'a> {
    let mut ideas: Vec<usize> =
        (0..site.milestones.len()).filter(|&i| site.milestones[i].status.is_proposed()).collect();
    by_track_in_listing_order(site, &mut ideas);
    let config = &site.config;
    Home {
        mission: config.mission.as_deref(),
        vision: config.vision.as_deref(),
        intro: site.home.map(|h| site.narratives[h].html.as_str()),
        narratives: listed_narratives(site),
        tracks: Track::ALL.iter().map(|&t| track_summary(site, t)).collect(),
        status_rows: status_rows(site),
        board: board(site),
        attention: attention(site),
        objectives: (0..site.objectives.len()).map(|i| objective_progress(site, i)).collect(),
        gates: upcoming_gates(site),
        exploring: refs.list(&ideas),
        last_review: config.last_review.map(|d| d.to_string()),
        review_stale: config.review_overdue().is_some(),
    }
}

fn track_summary(site: &Site, track: Track) -> TrackSummary {
    let statuses = site.milestones.iter().filter(|m| m.track == track).map(|m| m.status);
    let counts = status_counts(statuses.clone());
    TrackSummary {
        track,
        title: track.label(),
        href: track.section().href(),
        total: counts.iter().map(|c| c.count).sum(),
        counts,
        exploring: statuses.filter(|s| s.is_proposed()).count(),
        exploring_href: exploring_href(track),
    }
}

fn status_rows(site: &Site) -> Vec<StatusRow> {
    Status::ALL
        .iter()
        .filter(|s| !s.is_proposed())
        .map(|&status| {
            let count = |t: Track| site.milestones.iter().filter(|m| m.track == t && m.status == status).count();
            StatusRow { status, label: status.label(), counts: Track::ALL.iter().map(|&t| count(t)).collect() }
        })
        .filter(|row| row.counts.iter().any(|&n| n > 0))
        .collect()
}

/// The next pending gates from `as_of`, at most eight.
fn upcoming_gates(site: &Site) -> Vec<UpcomingGate<'_>> {
    let mut gates: Vec<(&Milestone, &Gate)> = site
        .milestones
        .iter()
        .flat_map(|m| m.gates.iter().map(move |g| (m, g)))
        .filter(|(_, g)| g.decision == GateDecision::Pending && g.date >= site.config.as_of)
        .collect();
    gates.sort_by_key(|(m, g)| (g.date, &m.id, g.written));
    gates.truncate(8);
    gates
        .into_iter()
        .map(|(m, g)| UpcomingGate { milestone: ItemRef::new(m, site.config.date_display), gate: GateView::new(g) })
        .collect()
}

/// Work the plan still has to do: neither done nor dropped, nor a proposed idea (not committed work).
fn is_open(m: &Milestone) -> bool {
    !matches!(m.status, Status::Done | Status::Dropped | Status::Proposed)
}

/// Open, and its due period ended before `as_of`.
fn is_late(m: &Milestone, as_of: Date) -> bool {
    is_open(m) && m.due().is_some_and(|d| d.end() < as_of)
}

/// The board column a milestone falls in on `today`: by the quarter its due
/// period ends in, or by its horizon. A span that is running (begun by today,
/// due in a later quarter: `Milestone::under_way`) is current work, so Now.
/// Open work due before this quarter is late, so it is still Now; closed work
/// from before this quarter is history and on no column.
fn column(m: &Milestone, today: Date) -> Option<Horizon> {
    let now = today.quarter();
    if m.under_way(today) {
        return Some(Horizon::Now);
    }
    match m.schedule {
        Schedule::Due(due) => {
            let q = due.end().quarter();
            match q.index() - now.index() {
                ..=-1 if !is_open(m) => None,
                ..=0 => Some(Horizon::Now),
                1 => Some(Horizon::Next),
                _ => Some(Horizon::Later),
            }
        }
        Schedule::Horizon(h) => Some(h),
        Schedule::Unscheduled => Some(Horizon::Later),
    }
}

fn board(site: &Site) -> Vec<BoardColumn<'_>> {
    let today = site.config.as_of;
    let now = today.quarter();
    let periods = [now.to_string(), now.next().to_string(), format!("{} on", now.next().next())];
    Horizon::ALL
        .iter()
        .zip(periods)
        .map(|(&horizon, period)| BoardColumn {
            horizon,
            title: horizon.label(),
            period,
            cells: Track::ALL.iter().map(|&track| board_cell(site, today, horizon, track)).collect(),
        })
        .collect()
}

fn board_cell(site: &Site, today: Date, horizon: Horizon, track: Track) -> BoardCell<'_> {
    let here: Vec<&Milestone> =
        site.milestones.iter().filter(|m| m.track == track && column(m, today) == Some(horizon)).collect();
    let mut open: Vec<&Milestone> = here.iter().copied().filter(|m| is_open(m)).collect();
    open.sort_by_cached_key(|m| m.listing_key());
    let more = open.len().saturating_sub(BOARD_CARDS);
    let more_href = open.get(BOARD_CARDS).map(|m| more_href(m, track, today));
    BoardCell {
        track,
        track_label: track.label(),
        cards: open
            .iter()
            .take(BOARD_CARDS)
            .map(|m| BoardCard { item: ItemRef::new(m, site.config.date_display), late: is_late(m, site.config.as_of) })
            .collect(),
        more,
        more_href,
        done: here.iter().filter(|m| m.status == Status::Done).count(),
    }
}

/// Where a track's view lists the first milestone a board cell does not show:
/// its period on the business view (for a span under way, the current
/// quarter, which lists it as under way), the top of the technology view
/// (which groups by area first, so the rest are spread over its areas).
fn more_href(m: &Milestone, track: Track, today: Date) -> String {
    let now = Period::Quarter(today.quarter());
    let period = if m.under_way(today) { now } else { m.schedule.period() };
    // The board lists open work: due in a past quarter, the view lists it under Overdue.
    let anchor = if matches!(period, Period::Quarter(_)) && period < now {
        OVERDUE_ANCHOR.to_string()
    } else {
        period_anchor(period)
    };
    match track {
        Track::Business => format!("{}#{anchor}", track.section().href()),
        Track::Technology => track.section().href(),
    }
}

fn attention(site: &Site) -> Attention<'_> {
    let as_of = site.config.as_of;
    let mut flagged: Vec<&Milestone> = site
        .milestones
        .iter()
        .filter(|m| {
            is_open(m) && (matches!(m.status, Status::AtRisk | Status::Blocked) || !reasons(m, as_of).is_empty())
        })
        .collect();
    flagged.sort_by_cached_key(|m| m.listing_key());
    let items: Vec<AttentionItem> = flagged
        .into_iter()
        .map(|m| AttentionItem {
            item: ItemRef::new(m, site.config.date_display),
            track_label: m.track.label(),
            owner: m.owner.as_deref(),
            reasons: reasons(m, as_of),
        })
        .collect();
    Attention { shown: items.len().min(ATTENTION_SHOWN), total: items.len(), items }
}

/// Why an open milestone needs attention besides its status: its due period
/// ended before `as_of`, or a gate's date passed with no decision.
fn reasons(m: &Milestone, as_of: Date) -> Vec<Reason> {
    let mut reasons = Vec::new();
    if is_late(m, as_of) {
        reasons.push(Reason { kind: "past-due", label: "Past due".to_string() });
    }
    for g in m.gates.iter().filter(|g| g.decision == GateDecision::Pending && g.date < as_of) {
        reasons.push(Reason { kind: "gate-overdue", label: format!("Gate {} undecided", g.date) });
    }
    reasons
}

/// The order of an objective's progress bar: what is done, then the work under way, then what has not started.
const PROGRESS_ORDER: [Status; 5] =
    [Status::Done, Status::InProgress, Status::AtRisk, Status::Blocked, Status::Planned];

fn objective_progress(site: &Site, i: usize) -> ObjectiveProgress<'_> {
    let o = &site.objectives[i];
    let statuses: Vec<Status> = site.relations.objective_milestones[i]
        .iter()
        .map(|&m| site.milestones[m].status)
        .filter(|s| PROGRESS_ORDER.contains(s))
        .collect();
    let count = |status: Status| statuses.iter().filter(|&&s| s == status).count();
    let segments: Vec<StatusCount> = PROGRESS_ORDER
        .iter()
        .map(|&s| StatusCount { status: Some(s), label: s.label(), count: count(s) })
        .filter(|c| c.count > 0)
        .collect();
    let (total, done) = (statuses.len(), count(Status::Done));
    ObjectiveProgress {
        title: &o.title,
        health: objective_health(site, i),
        href: objective_href(&o.id),
        period: o.period.map(|p| p.to_string()),
        total,
        done,
        summary: progress_summary(total, done, count(Status::AtRisk), count(Status::Blocked)),
        segments,
        key_results: MetricView::list(&o.key_results),
    }
}

/// "3 of 5 milestones done · 1 at risk · 1 blocked", or that none serves it yet.
fn progress_summary(total: usize, done: usize, at_risk: usize, blocked: usize) -> String {
    if total == 0 {
        return "No milestone serves it yet".to_string();
    }
    let mut summary = format!("{done} of {total} milestone{} done", if total == 1 { "" } else { "s" });
    for (n, word) in [(at_risk, "at risk"), (blocked, "blocked")] {
        if n > 0 {
            summary.push_str(&format!(" · {n} {word}"));
        }
    }
    summary
}
