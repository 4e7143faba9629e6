//! Geometry of the timeline, with no SVG in it: the quarter axis (a date to
//! an x), estimated label widths, and where each milestone goes. Areas are
//! swimlanes; within one, bars are packed into lanes by interval
//! partitioning (sort, then a heap of busy lanes: O(n log n)).

use crate::model::*;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

/// Width of the area labels on the left.
pub(crate) const GUTTER: f64 = 140.0;
pub(crate) const QUARTER_W: f64 = 108.0;
/// Height of the axis header (years and quarters).
pub(crate) const TOP: f64 = 46.0;
pub(crate) const BAND_H: f64 = 26.0;
pub(crate) const LANE_H: f64 = 28.0;
pub(crate) const AREA_PAD: f64 = 4.0;
/// Offsets inside a lane: label baseline, bar top, bar height.
pub(crate) const LABEL_Y: f64 = 12.5;
pub(crate) const BAR_Y: f64 = 16.0;
pub(crate) const BAR_H: f64 = 9.0;
pub(crate) const HORIZON_GAP: f64 = 20.0;
pub(crate) const HORIZON_W: f64 = 150.0;
pub(crate) const MARGIN: f64 = 12.0;
pub(crate) const FONT: f64 = 12.0;
/// A milestone with only a due date is a short bar ending at it.
pub(crate) const MARKER_W: f64 = 10.0;
const MIN_BAR_W: f64 = 6.0;
/// Half the width of a gate diamond.
pub(crate) const GATE_R: f64 = 5.5;
const MAX_LABEL_W: f64 = 300.0;
const LABEL_GAP: f64 = 14.0;
/// How far the axis reaches around `as_of`, in quarters.
pub(crate) const QUARTERS_BEFORE: i32 = 4;
pub(crate) const QUARTERS_AFTER: i32 = 40;

/// The first day of the quarter with this index (`Quarter::index`), in days.
fn quarter_start(index: i32) -> i64 {
    Quarter::from_index(index).begin().days()
}

/// The quarters shown, `first` to `first + count - 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Axis {
    pub(crate) first: i32,
    pub(crate) count: i32,
}

impl Axis {
    /// From the earliest to the latest date of `spans`, always including `as_of`, clamped to
    /// `QUARTERS_BEFORE` before it and `QUARTERS_AFTER` after it, and at least four quarters long.
    pub(crate) fn new(as_of: Date, spans: impl Iterator<Item = (Date, Date)>) -> Axis {
        let now = as_of.quarter().index();
        let (mut lo, mut hi) = (now, now);
        for (begin, end) in spans {
            lo = lo.min(begin.quarter().index());
            hi = hi.max(end.quarter().index());
        }
        let first = lo.max(now - QUARTERS_BEFORE);
        let last = hi.min(now + QUARTERS_AFTER).max(first + 3);
        Axis { first, count: last - first + 1 }
    }

    pub(crate) fn left(&self) -> f64 {
        GUTTER
    }

    pub(crate) fn right(&self) -> f64 {
        GUTTER + f64::from(self.count) * QUARTER_W
    }

    /// The x of the start of `date`, clamped to the axis.
    pub(crate) fn x(&self, date: Date) -> f64 {
        let index = date.quarter().index();
        let (start, next) = (quarter_start(index), quarter_start(index + 1));
        let within = (date.days() - start) as f64 / (next - start) as f64;
        let x = GUTTER + (f64::from(index - self.first) + within) * QUARTER_W;
        x.clamp(self.left(), self.right())
    }

    /// Each shown quarter with the x of its left edge.
    pub(crate) fn quarters(&self) -> impl Iterator<Item = (Quarter, f64)> + '_ {
        (0..self.count).map(|k| (Quarter::from_index(self.first + k), GUTTER + f64::from(k) * QUARTER_W))
    }

    pub(crate) fn contains(&self, date: Date) -> bool {
        (self.first..self.first + self.count).contains(&date.quarter().index())
    }
}

/// The dates a dated milestone covers: its start (if written and not after the due date;
/// else the first day of a due year or half), and the day after its due period ends.
pub(crate) fn span(m: &Milestone) -> Option<(Option<Date>, Date)> {
    let due = m.due()?;
    let end = due.end();
    let begin = m.start.map(Due::begin).filter(|b| *b <= end).or(due.spans_quarters().then(|| due.begin()));
    Some((begin, Date::from_days(end.days() + 1)))
}

/// Estimated width of `text` at `FONT` in a system sans-serif (errs wide).
pub(crate) fn text_width(text: &str) -> f64 {
    let em: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | 'I' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | ' ' => 0.3,
            'f' | 't' | 'r' | '(' | ')' | '-' | '/' | '[' | ']' => 0.38,
            'm' | 'w' | 'M' | 'W' | '%' | '@' | '&' => 0.88,
            'A'..='Z' | '0'..='9' | '£' | '€' | '$' | '#' => 0.66,
            c if c.is_ascii() => 0.56,
            _ => 0.7,
        })
        .sum();
    em * FONT
}

/// `text` cut (with an ellipsis) to fit `max` pixels.
pub(crate) fn truncate(text: &str, max: f64) -> String {
    if text_width(text) <= max {
        return text.to_string();
    }
    let budget = max - text_width("…");
    let mut used = 0.0;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        used += text_width(c.encode_utf8(&mut [0; 4]));
        if used > budget {
            break;
        }
        end = i + c.len_utf8();
    }
    format!("{}…", text[..end].trim_end())
}

/// Words drawn around a milestone's title so status does not rest on colour alone.
pub(crate) fn status_marks(status: Status) -> (&'static str, &'static str) {
    match status {
        Status::Done => ("✓ ", ""),
        Status::AtRisk => ("", " · At risk"),
        Status::Blocked => ("", " · Blocked"),
        Status::Dropped => ("", " · Dropped"),
        Status::Proposed => ("", " · Proposed"),
        Status::Planned | Status::InProgress => ("", ""),
    }
}

/// Gives each interval `[start, end)` the lowest lane free at its start.
/// Returns the lane of each interval and the number of lanes.
pub(crate) fn pack(intervals: &[(f64, f64)]) -> (Vec<usize>, usize) {
    let key = |x: f64| (x * 16.0).round() as i64;
    let mut order: Vec<usize> = (0..intervals.len()).collect();
    order.sort_by_key(|&i| (key(intervals[i].0), key(intervals[i].1), i));
    let mut lanes = vec![0; intervals.len()];
    let mut free = BTreeSet::new();
    let mut busy: BinaryHeap<Reverse<(i64, usize)>> = BinaryHeap::new();
    let mut count = 0;
    for i in order {
        let (start, end) = (key(intervals[i].0), key(intervals[i].1));
        while let Some(&Reverse((until, lane))) = busy.peek() {
            if until > start {
                break;
            }
            busy.pop();
            free.insert(lane);
        }
        let lane = free.pop_first().unwrap_or_else(|| {
            count += 1;
            count - 1
        });
        busy.push(Reverse((end, lane)));
        lanes[i] = lane;
    }
    (lanes, count)
}

/// Where one milestone is drawn: its bar, its lane's top, and its label.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Slot {
    pub(crate) x0: f64,
    pub(crate) x1: f64,
    pub(crate) top: f64,
    pub(crate) label_x: f64,
    /// The title as drawn (cut to fit), without the status marks.
    pub(crate) title: String,
    /// The bar is cut at an edge of the axis (its dates reach beyond it).
    pub(crate) clipped: bool,
    /// The milestone has only a due date: a short bar ending at it.
    pub(crate) point: bool,
    pub(crate) horizon: Option<Horizon>,
    /// The milestone's gates on the axis: the index of each in `Milestone::gates`, and its x.
    pub(crate) gates: Vec<(usize, f64)>,
}

impl Slot {
    /// The y of the bar's middle, where connectors and gates attach.
    pub(crate) fn mid(&self) -> f64 {
        self.top + BAR_Y + BAR_H / 2.0
    }
}

/// One swimlane: an area of one track.
#[derive(Debug)]
pub(crate) struct Area<'a> {
    pub(crate) track: Track,
    pub(crate) name: &'a str,
    pub(crate) top: f64,
    pub(crate) lanes: usize,
}

impl Area<'_> {
    /// From the area's top to the next area's.
    pub(crate) fn height(&self) -> f64 {
        2.0 * AREA_PAD + self.lanes as f64 * LANE_H
    }
}

/// Everything's position.
#[derive(Debug)]
pub(crate) struct Layout<'a> {
    pub(crate) axis: Axis,
    pub(crate) areas: Vec<Area<'a>>,
    /// The top of each track's band heading.
    pub(crate) bands: Vec<(Track, f64)>,
    pub(crate) slots: Vec<Option<Slot>>,
    /// The left edge of the Now / Next / Later columns, when any milestone has a horizon.
    pub(crate) horizon_x: Option<f64>,
    /// The bottom of the last lane.
    pub(crate) bottom: f64,
    pub(crate) width: f64,
}

/// The milestones of one area: dated, and undated by horizon.
#[derive(Default)]
struct Members<'a> {
    name: &'a str,
    dated: Vec<usize>,
    horizon: [Vec<usize>; 3],
}

impl<'a> Layout<'a> {
    /// Lays out every dated or horizon milestone of `site`; unscheduled and proposed ones get no slot.
    pub(crate) fn new(site: &'a Site) -> Layout<'a> {
        let drawn = site.milestones.iter().filter(|m| !m.status.is_proposed());
        let spans = drawn.filter_map(|m| span(m).map(|s| (m, s)));
        let dates = spans.flat_map(|(m, (begin, end))| {
            let gates = m.gates.iter().map(|g| (g.date, g.date));
            let last = Date::from_days(end.days() - 1);
            [(begin.unwrap_or(last), last)].into_iter().chain(gates)
        });
        let axis = Axis::new(site.config.as_of, dates);
        let groups = group_by_area(site);
        let any_horizon = groups.values().any(|g| g.horizon.iter().any(|c| !c.is_empty()));
        let horizon_x = any_horizon.then(|| axis.right() + HORIZON_GAP);
        let mut layout = Layout {
            axis,
            areas: Vec::with_capacity(groups.len()),
            bands: Vec::new(),
            slots: vec![None; site.milestones.len()],
            horizon_x,
            bottom: TOP,
            width: horizon_x.map_or(axis.right(), |x| x + 3.0 * HORIZON_W) + MARGIN,
        };
        for ((track, _), members) in groups {
            if layout.bands.last().map(|b| b.0) != Some(track) {
                layout.bands.push((track, layout.bottom));
                layout.bottom += BAND_H;
            }
            layout.place_area(site, track, members);
        }
        layout
    }

    fn place_area(&mut self, site: &'a Site, track: Track, members: Members<'a>) {
        let top = self.bottom;
        let mut slots: Vec<(usize, Slot)> =
            members.dated.iter().map(|&i| (i, self.dated_slot(&site.milestones[i]))).collect();
        let extents: Vec<(f64, f64)> = slots.iter().map(|(i, s)| extent(&site.milestones[*i], s)).collect();
        let (lanes, mut count) = pack(&extents);
        for ((_, slot), lane) in slots.iter_mut().zip(lanes) {
            slot.top = top + AREA_PAD + lane as f64 * LANE_H;
        }
        for (column, list) in members.horizon.iter().enumerate() {
            count = count.max(list.len());
            for (lane, &i) in list.iter().enumerate() {
                let slot = self.horizon_slot(&site.milestones[i], column, top + AREA_PAD + lane as f64 * LANE_H);
                slots.push((i, slot));
            }
        }
        for (i, slot) in slots {
            self.slots[i] = Some(slot);
        }
        let area = Area { track, name: members.name, top, lanes: count.max(1) };
        self.bottom = top + area.height();
        self.areas.push(area);
    }

    fn dated_slot(&self, m: &Milestone) -> Slot {
        let (begin, end) = span(m).expect("dated");
        let axis = &self.axis;
        let x1 = axis.x(end);
        let x0 = match begin {
            Some(b) => axis.x(b).min(x1 - MIN_BAR_W),
            None => x1 - MARKER_W,
        }
        .max(axis.left());
        let x1 = x1.max(x0 + MIN_BAR_W.min(MARKER_W));
        let title = label_title(m, MAX_LABEL_W);
        let width = label_width(m, &title);
        let label_x = if x0 + width <= axis.right() { x0 } else { (axis.right() - width).max(axis.left()) };
        let last = Date::from_days(end.days() - 1);
        let clipped = begin.is_some_and(|b| !axis.contains(b)) || !axis.contains(last);
        let gates = m.gates.iter().enumerate().filter(|(_, g)| axis.contains(g.date)).map(|(k, g)| (k, axis.x(g.date)));
        let gates = gates.collect();
        Slot { x0, x1, top: 0.0, label_x, title, clipped, point: begin.is_none(), horizon: None, gates }
    }

    fn horizon_slot(&self, m: &Milestone, column: usize, top: f64) -> Slot {
        let left = self.horizon_x.unwrap_or_default() + column as f64 * HORIZON_W;
        let horizon = Horizon::ALL.get(column).copied();
        let title = label_title(m, HORIZON_W - 16.0);
        Slot {
            x0: left + 8.0,
            x1: left + HORIZON_W - 8.0,
            top,
            label_x: left + 8.0,
            title,
            clipped: false,
            point: false,
            horizon,
            gates: Vec::new(),
        }
    }
}

/// The title cut so that it and its status marks fit `max` pixels.
fn label_title(m: &Milestone, max: f64) -> String {
    let (before, after) = status_marks(m.status);
    truncate(&m.title, max - text_width(before) - text_width(after))
}

fn label_width(m: &Milestone, title: &str) -> f64 {
    let (before, after) = status_marks(m.status);
    text_width(before) + text_width(title) + text_width(after)
}

/// The horizontal room a slot takes in its lane, label included.
fn extent(m: &Milestone, s: &Slot) -> (f64, f64) {
    let end = s.label_x + label_width(m, &s.title);
    let gate_from = s.gates.iter().map(|(_, x)| x - GATE_R).fold(f64::MAX, f64::min);
    let gate_to = s.gates.iter().map(|(_, x)| x + GATE_R).fold(f64::MIN, f64::max);
    (s.x0.min(s.label_x).min(gate_from), s.x1.max(end).max(gate_to) + LABEL_GAP)
}

/// Areas in drawing order: business first, then technology, each by name (case-insensitive).
/// Proposed milestones are ideas, not committed work: they are not drawn.
fn group_by_area(site: &Site) -> BTreeMap<(Track, String), Members<'_>> {
    let mut groups: BTreeMap<(Track, String), Members<'_>> = BTreeMap::new();
    for (i, m) in site.milestones.iter().enumerate().filter(|(_, m)| !m.status.is_proposed()) {
        let column = match m.schedule {
            Schedule::Due(_) => None,
            Schedule::Horizon(h) => Some(h as usize),
            Schedule::Unscheduled => continue,
        };
        let group = groups.entry((m.track, m.area.to_lowercase())).or_default();
        if group.name.is_empty() {
            group.name = &m.area;
        }
        match column {
            None => group.dated.push(i),
            Some(c) => group.horizon[c].push(i),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn axis_spans_the_dates_clamped_around_as_of() {
        let as_of = date("2026-11-24");
        let axis = Axis::new(as_of, [(date("2020-01-01"), date("2027-06-30"))].into_iter());
        assert_eq!(Quarter::from_index(axis.first), Quarter::new(2025, 4).unwrap());
        assert_eq!(Quarter::from_index(axis.first + axis.count - 1), Quarter::new(2027, 2).unwrap());
        let empty = Axis::new(as_of, std::iter::empty());
        assert_eq!(empty.count, 4);
        let far = Axis::new(as_of, [(as_of, date("2099-01-01"))].into_iter());
        assert_eq!(far.count, QUARTERS_AFTER + 1);
    }

    #[test]
    fn x_runs_through_quarters_and_clamps() {
        let axis = Axis { first: Quarter::new(2026, 4).unwrap().index(), count: 4 };
        assert_eq!(axis.x(date("2026-10-01")), GUTTER);
        assert_eq!(axis.x(date("2027-01-01")), GUTTER + QUARTER_W);
        assert!(axis.x(date("2026-11-15")) > GUTTER && axis.x(date("2026-11-15")) < GUTTER + QUARTER_W);
        assert_eq!(axis.x(date("2020-01-01")), axis.left());
        assert_eq!(axis.x(date("2030-01-01")), axis.right());
    }

    #[test]
    fn pack_reuses_the_lowest_free_lane() {
        let (lanes, count) = pack(&[(0.0, 10.0), (5.0, 20.0), (10.0, 30.0), (25.0, 40.0), (12.0, 14.0)]);
        assert_eq!(lanes, vec![0, 1, 0, 1, 2]);
        assert_eq!(count, 3);
        assert_eq!(pack(&[]), (vec![], 0));
    }

    #[test]
    fn truncate_keeps_short_text_and_cuts_long_text() {
        assert_eq!(truncate("Launch", 100.0), "Launch");
        let cut = truncate("A very long milestone title that cannot possibly fit", 80.0);
        assert!(cut.ends_with('…') && text_width(&cut) <= 80.0, "{cut}");
    }
}
