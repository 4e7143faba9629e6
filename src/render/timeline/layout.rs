//! Geometry of the timeline, with no markup in it. The axis is a run of
//! quarters around `as_of` that always spans the same drawing width, so the
//! chart fits the page however many quarters it shows; milestones wholly
//! before or after it are counted apart (`earlier`, `later`), never drawn at
//! an edge. Each area of a track is a lane. In a lane, each milestone is a
//! bar from its start (or the start of its due period) to the end of its due
//! period, under its title wrapped to fit; milestones are packed into rows
//! by greedy interval partitioning over their bar and label (sort, then a
//! heap of rows by the x where each frees up: O(n log n)), so no two labels
//! share room. A row is as tall as its longest label.

use super::label::Label;
use super::releases::{Marker, ROW_H};
use crate::model::*;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

/// The width of the drawing, in units that the page scales to the width of its column.
pub(crate) const WIDTH: f64 = 1000.0;
/// How far the axis may reach around `as_of`, in quarters; it spans at least `MIN_QUARTERS`.
pub(crate) const QUARTERS_BEFORE: i32 = 4;
pub(crate) const QUARTERS_AFTER: i32 = 11;
const MIN_QUARTERS: i32 = 4;
/// Height of the axis drawing: years, quarters and the today flag.
pub(crate) const AXIS_H: f64 = 58.0;
/// Height of one line of a label, and the room from a label's last line to its bar.
pub(crate) const LINE_H: f64 = 15.0;
const LABEL_TO_BAR: f64 = 4.0;
pub(crate) const BAR_H: f64 = 9.0;
/// Room under each row, and above a lane's first row.
const ROW_GAP: f64 = 9.0;
pub(crate) const LANE_PAD: f64 = 6.0;
/// A label wraps at this width, or at its bar's width when that is wider.
pub(crate) const LABEL_W: f64 = 180.0;
/// Room kept between two milestones in one row.
const ITEM_GAP: f64 = 12.0;
/// Labels keep this far from the drawing's edges, where a glyph that leans out (J, f) would be cut.
const EDGE: f64 = 2.0;
/// The narrowest bar: a milestone due on one day.
pub(crate) const MIN_BAR_W: f64 = 6.0;
/// Half the width of a gate diamond.
pub(crate) const GATE_R: f64 = 5.5;

/// The quarters shown, `first` to `first + count - 1` (by `Quarter::index`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Axis {
    pub(crate) first: i32,
    pub(crate) count: i32,
}

impl Axis {
    /// From the earliest to the latest date of `spans`, always including `as_of`, within
    /// `QUARTERS_BEFORE` before it and `QUARTERS_AFTER` after it (a span wholly outside that
    /// window does not stretch the axis), at least `MIN_QUARTERS` long.
    pub(crate) fn new(as_of: Date, spans: impl Iterator<Item = (Date, Date)>) -> Axis {
        let now = as_of.quarter().index();
        let (floor, cap) = (now - QUARTERS_BEFORE, now + QUARTERS_AFTER);
        let (mut lo, mut hi) = (now, now);
        for (begin, last) in spans {
            let (begin, last) = (begin.quarter().index(), last.quarter().index());
            if last >= floor && begin <= cap {
                lo = lo.min(begin.max(floor));
                hi = hi.max(last.min(cap));
            }
        }
        Axis { first: lo, count: (hi - lo + 1).max(MIN_QUARTERS) }
    }

    pub(crate) fn quarter_w(&self) -> f64 {
        WIDTH / f64::from(self.count)
    }

    pub(crate) fn first_quarter(&self) -> Quarter {
        Quarter::from_index(self.first)
    }

    pub(crate) fn last_quarter(&self) -> Quarter {
        Quarter::from_index(self.first + self.count - 1)
    }

    /// The x of the start of `date` (outside `0..=WIDTH` when the date is off the axis).
    pub(crate) fn x(&self, date: Date) -> f64 {
        let quarter = date.quarter();
        let (start, end) = (quarter.begin().days(), quarter.end().days() + 1);
        let within = (date.days() - start) as f64 / (end - start).max(1) as f64;
        (f64::from(quarter.index() - self.first) + within) * self.quarter_w()
    }

    /// Each shown quarter with the x of its left edge.
    pub(crate) fn quarters(&self) -> impl Iterator<Item = (Quarter, f64)> + '_ {
        (0..self.count).map(|k| (Quarter::from_index(self.first + k), f64::from(k) * self.quarter_w()))
    }

    /// Where a span `[begin, end)` of days falls: before the axis, on it, or after it.
    fn place(&self, (begin, end): (Date, Date)) -> std::cmp::Ordering {
        if end <= self.first_quarter().begin() {
            std::cmp::Ordering::Less
        } else if begin > self.last_quarter().end() {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    }
}

/// The days a dated milestone covers, `[begin, end)`: from its start (when written and not
/// after its due period ends) or else the start of its due period, to the day after its due
/// period ends.
pub(crate) fn span(m: &Milestone) -> Option<(Date, Date)> {
    let due = m.due()?;
    let last = due.end();
    let begin = m.start.map(Due::begin).filter(|b| *b <= last).unwrap_or_else(|| due.begin());
    Some((begin, Date::from_days(last.days() + 1)))
}

/// Gives each interval `[start, end)` the lowest row free at its start.
/// Returns the row of each interval and the number of rows.
pub(crate) fn pack(intervals: &[(f64, f64)]) -> (Vec<usize>, usize) {
    let key = |x: f64| (x * 16.0).round() as i64;
    let mut order: Vec<usize> = (0..intervals.len()).collect();
    order.sort_by_key(|&i| (key(intervals[i].0), key(intervals[i].1), i));
    let mut rows = vec![0; intervals.len()];
    let mut free = BTreeSet::new();
    let mut busy: BinaryHeap<Reverse<(i64, usize)>> = BinaryHeap::new();
    let mut count = 0;
    for i in order {
        let (start, end) = (key(intervals[i].0), key(intervals[i].1));
        while let Some(&Reverse((until, row))) = busy.peek() {
            if until > start {
                break;
            }
            busy.pop();
            free.insert(row);
        }
        let row = free.pop_first().unwrap_or_else(|| {
            count += 1;
            count - 1
        });
        busy.push(Reverse((end, row)));
        rows[i] = row;
    }
    (rows, count)
}

/// One milestone drawn in a lane: its bar, its label and its gate.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item {
    /// Its index in `Site::milestones`.
    pub(crate) milestone: usize,
    pub(crate) x0: f64,
    pub(crate) x1: f64,
    pub(crate) label: Label,
    pub(crate) label_x: f64,
    pub(crate) row: usize,
    /// The milestone starts before the axis, or ends after it (its bar is cut at the edge).
    pub(crate) cut_before: bool,
    pub(crate) cut_after: bool,
    /// The milestone's gates on the axis: the index of each in `Milestone::gates`, and its x.
    pub(crate) gates: Vec<(usize, f64)>,
}

impl Item {
    fn new(m: &Milestone, index: usize, axis: &Axis, (begin, end): (Date, Date)) -> Item {
        let (from, to) = (axis.x(begin), axis.x(end));
        let (cut_before, cut_after) = (from < 0.0, to > WIDTH);
        let (mut x0, mut x1) = (from.max(0.0), to.min(WIDTH));
        if x1 - x0 < MIN_BAR_W {
            x0 = (x1 - MIN_BAR_W).max(0.0);
            x1 = x0 + MIN_BAR_W;
        }
        let label = Label::new(&m.title, m.status, (x1 - x0).clamp(LABEL_W, WIDTH - 2.0 * EDGE));
        let label_x = x0.clamp(EDGE, (WIDTH - EDGE - label.width).max(EDGE));
        let on_axis = |d: Date| axis.place((d, Date::from_days(d.days() + 1))).is_eq();
        let gates = m.gates.iter().enumerate().filter(|(_, g)| on_axis(g.date));
        let gates = gates.map(|(k, g)| (k, axis.x(g.date).clamp(0.0, WIDTH))).collect();
        Item { milestone: index, x0, x1, label, label_x, row: 0, cut_before, cut_after, gates }
    }

    /// The horizontal room the item takes in its row: bar, label and gate.
    fn extent(&self) -> (f64, f64) {
        let gate_from = self.gates.iter().map(|(_, x)| x - GATE_R).fold(f64::MAX, f64::min);
        let gate_to = self.gates.iter().map(|(_, x)| x + GATE_R).fold(f64::MIN, f64::max);
        let start = self.x0.min(self.label_x).min(gate_from);
        (start, self.x1.max(self.label_x + self.label.width).max(gate_to) + ITEM_GAP)
    }
}

/// A row of a lane: its top, and how many label lines it has room for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Row {
    pub(crate) top: f64,
    pub(crate) lines: usize,
}

impl Row {
    pub(crate) fn height(&self) -> f64 {
        self.lines as f64 * LINE_H + LABEL_TO_BAR + BAR_H + ROW_GAP
    }

    /// The top of the row's bars, from the row's top: its labels end just above.
    pub(crate) fn bar_y(&self) -> f64 {
        self.lines as f64 * LINE_H + LABEL_TO_BAR
    }
}

/// One lane: an area of one track, with its milestones in rows.
#[derive(Debug)]
pub(crate) struct Lane<'a> {
    pub(crate) track: Track,
    /// The area as first written.
    pub(crate) name: &'a str,
    /// Ordered by row, then by x.
    pub(crate) items: Vec<Item>,
    pub(crate) rows: Vec<Row>,
    pub(crate) height: f64,
}

impl<'a> Lane<'a> {
    fn new(track: Track, name: &'a str, mut items: Vec<Item>) -> Lane<'a> {
        let extents: Vec<(f64, f64)> = items.iter().map(Item::extent).collect();
        let (rows, count) = pack(&extents);
        let mut lines = vec![1; count];
        for (item, row) in items.iter_mut().zip(rows) {
            item.row = row;
            lines[row] = lines[row].max(item.label.line_count());
        }
        items.sort_by(|a, b| (a.row, a.x0, a.milestone).partial_cmp(&(b.row, b.x0, b.milestone)).expect("finite"));
        let mut top = LANE_PAD;
        let rows = lines
            .into_iter()
            .map(|lines| {
                let row = Row { top, lines };
                top += row.height();
                row
            })
            .collect();
        Lane { track, name, items, rows, height: top }
    }
}

/// Everything's place: the axis, the lanes, the release markers, and the milestones not
/// drawn on the axis. Proposed milestones (ideas) have no place at all.
#[derive(Debug)]
pub(crate) struct Layout<'a> {
    pub(crate) axis: Axis,
    /// Business lanes first, then technology, each by area name (case-insensitive).
    pub(crate) lanes: Vec<Lane<'a>>,
    /// Dated milestones wholly before the axis, and wholly after it, by date.
    pub(crate) earlier: Vec<usize>,
    pub(crate) later: Vec<usize>,
    /// Undated milestones by horizon (now, next, later), and unscheduled ones.
    pub(crate) undated: [Vec<usize>; 3],
    pub(crate) unscheduled: Vec<usize>,
    /// The x of `as_of`.
    pub(crate) today: f64,
    /// The releases on the axis, and how many rows their titles take under it.
    pub(crate) releases: Vec<Marker>,
    pub(crate) release_rows: usize,
}

impl<'a> Layout<'a> {
    pub(crate) fn new(site: &'a Site) -> Layout<'a> {
        let committed = |m: &Milestone| if m.status.is_proposed() { None } else { span(m) };
        let spans: Vec<Option<(Date, Date)>> = site.milestones.iter().map(committed).collect();
        let dated = site.milestones.iter().zip(&spans).filter_map(|(m, s)| s.map(|s| (m, s)));
        let dates = dated.flat_map(|(m, (begin, end))| {
            let gates = m.gates.iter().map(|g| (g.date, g.date));
            [(begin, Date::from_days(end.days() - 1))].into_iter().chain(gates)
        });
        let axis = Axis::new(site.config.as_of, dates);
        let mut layout = Layout {
            axis,
            lanes: Vec::new(),
            earlier: Vec::new(),
            later: Vec::new(),
            undated: Default::default(),
            unscheduled: Vec::new(),
            today: axis.x(site.config.as_of),
            releases: Vec::new(),
            release_rows: 0,
        };
        (layout.releases, layout.release_rows) = super::releases::place(site, &axis);
        let mut lanes: BTreeMap<(Track, String), (&str, Vec<Item>)> = BTreeMap::new();
        for (i, (m, span)) in site.milestones.iter().zip(&spans).enumerate() {
            if m.status.is_proposed() {
                // An idea, not committed work: the pages that list ideas show it.
                continue;
            }
            match (m.schedule, span) {
                (Schedule::Due(_), Some(span)) => match axis.place(*span) {
                    std::cmp::Ordering::Less => layout.earlier.push(i),
                    std::cmp::Ordering::Greater => layout.later.push(i),
                    std::cmp::Ordering::Equal => {
                        let lane = lanes.entry((m.track, m.area.to_lowercase())).or_insert((&m.area, Vec::new()));
                        lane.1.push(Item::new(m, i, &axis, *span));
                    }
                },
                (Schedule::Horizon(h), _) => layout.undated[h as usize].push(i),
                _ => layout.unscheduled.push(i),
            }
        }
        layout.lanes = lanes.into_iter().map(|((track, _), (name, items))| Lane::new(track, name, items)).collect();
        // Lists read by date, then weight, then title, business before technology when alike.
        let by_date = |list: &mut Vec<usize>| {
            let m = &site.milestones;
            list.sort_by_cached_key(|&i| (m[i].listing_key(), m[i].track));
        };
        by_date(&mut layout.earlier);
        by_date(&mut layout.later);
        layout.undated.iter_mut().for_each(by_date);
        by_date(&mut layout.unscheduled);
        layout
    }

    /// The height of the axis drawing: years, quarters and today, then the rows of release titles.
    pub(crate) fn axis_height(&self) -> f64 {
        AXIS_H + self.release_rows as f64 * ROW_H + if self.release_rows > 0 { 4.0 } else { 0.0 }
    }

    /// How many milestones are drawn on the axis.
    pub(crate) fn drawn(&self) -> usize {
        self.lanes.iter().map(|l| l.items.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::timeline::fixture::{milestone, site};

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn axis_spans_the_dates_cut_around_as_of() {
        let as_of = date("2026-11-24");
        let axis = Axis::new(as_of, [(date("2020-01-01"), date("2027-06-30"))].into_iter());
        assert_eq!(axis.first_quarter(), Quarter::new(2025, 4).unwrap());
        assert_eq!(axis.last_quarter(), Quarter::new(2027, 2).unwrap());
        let outliers = [(date("2019-01-01"), date("2019-03-01")), (date("2035-01-01"), date("2035-02-01"))];
        let axis = Axis::new(as_of, outliers.into_iter().chain([(date("2027-01-01"), date("2027-09-30"))]));
        assert_eq!(
            (axis.first_quarter(), axis.count),
            (Quarter::new(2026, 4).unwrap(), 4),
            "outliers do not stretch it"
        );
        let empty = Axis::new(as_of, std::iter::empty());
        assert_eq!((empty.first_quarter(), empty.count), (Quarter::new(2026, 4).unwrap(), MIN_QUARTERS));
        let far = Axis::new(as_of, [(as_of, date("2099-01-01"))].into_iter());
        assert_eq!(far.count, QUARTERS_AFTER + 1);
    }

    #[test]
    fn quarters_share_the_width() {
        let axis = Axis { first: Quarter::new(2026, 4).unwrap().index(), count: 4 };
        assert_eq!(axis.quarter_w(), WIDTH / 4.0);
        assert_eq!(axis.x(date("2026-10-01")), 0.0);
        assert_eq!(axis.x(date("2027-01-01")), WIDTH / 4.0);
        assert_eq!(axis.x(date("2027-10-01")), WIDTH);
        assert!(axis.x(date("2026-11-15")) > 0.0 && axis.x(date("2026-11-15")) < WIDTH / 4.0);
        assert!(axis.x(date("2020-01-01")) < 0.0 && axis.x(date("2030-01-01")) > WIDTH);
    }

    #[test]
    fn pack_reuses_the_lowest_free_row() {
        let (rows, count) = pack(&[(0.0, 10.0), (5.0, 20.0), (10.0, 30.0), (25.0, 40.0), (12.0, 14.0)]);
        assert_eq!(rows, vec![0, 1, 0, 1, 2]);
        assert_eq!(count, 3);
        assert_eq!(pack(&[]), (vec![], 0));
    }

    #[test]
    fn a_due_only_milestone_spans_its_due_period() {
        let site = site(vec![
            milestone("quarter", Track::Business, "2027-Q1"),
            milestone("day", Track::Business, "2027-02-10"),
        ]);
        let layout = Layout::new(&site);
        let axis = layout.axis;
        let items = &layout.lanes[0].items;
        let quarter = items.iter().find(|i| i.milestone == 0).unwrap();
        assert_eq!((quarter.x0, quarter.x1), (axis.x(date("2027-01-01")), axis.x(date("2027-04-01"))));
        let day = items.iter().find(|i| i.milestone == 1).unwrap();
        assert_eq!(day.x1 - day.x0, MIN_BAR_W);
        assert!((day.x1 - axis.x(date("2027-02-11"))).abs() < 1e-9);
    }

    #[test]
    fn milestones_off_the_axis_are_counted_apart() {
        let mut list = vec![
            milestone("old", Track::Business, "2023-Q1"),
            milestone("now", Track::Business, "2026-Q4"),
            milestone("far", Track::Technology, "2031-Q1"),
            milestone("soon", Track::Technology, "next"),
            milestone("limbo", Track::Business, ""),
        ];
        list[1].start = Due::parse("2020-01");
        let site = site(list);
        let layout = Layout::new(&site);
        assert_eq!((layout.earlier.clone(), layout.later.clone()), (vec![0], vec![2]));
        assert_eq!(layout.undated, [vec![], vec![3], vec![]]);
        assert_eq!(layout.unscheduled, vec![4]);
        assert_eq!(layout.drawn(), 1);
        let now = &layout.lanes[0].items[0];
        assert!(now.cut_before && !now.cut_after && now.x0 == 0.0, "{now:?}");
    }

    #[test]
    fn labels_and_bars_in_a_row_never_share_room() {
        let list: Vec<Milestone> = (0..40)
            .map(|i| {
                let mut m = milestone(&format!("m{i}"), Track::Business, &format!("2027-{:02}", i % 12 + 1));
                m.title = "A title long enough to wrap onto a second line ".repeat(i % 3 + 1);
                m.sort_title = Milestone::folded(&m.title);
                m
            })
            .collect();
        let site = site(list);
        let lane = &Layout::new(&site).lanes[0];
        for (k, a) in lane.items.iter().enumerate() {
            for b in &lane.items[k + 1..] {
                if a.row == b.row {
                    let ((a0, a1), (b0, b1)) = (a.extent(), b.extent());
                    assert!(a1 <= b0 || b1 <= a0, "{a:?} and {b:?} overlap");
                }
            }
            assert!(a.label_x >= EDGE && a.label_x + a.label.width <= WIDTH - EDGE);
            assert!(a.label.line_count() <= lane.rows[a.row].lines);
        }
        let tops: Vec<f64> = lane.rows.iter().map(|r| r.top).collect();
        assert!(tops.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(lane.height, lane.rows.iter().map(Row::height).sum::<f64>() + LANE_PAD);
    }
}
