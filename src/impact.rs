//! What a slip would move: everything that depends on a milestone, directly
//! or transitively, through `supported_by` and `depends_on`, across both
//! tracks, with the gates and objectives riding on them. Proposed milestones
//! are ideas, not commitments: a slip moves none of them, so the walk
//! neither lists them nor goes on through them. Computed per
//! milestone on demand (a breadth-first walk over the precomputed reverse
//! edges), so cost is proportional to what is actually affected.

use crate::model::{Site, Track};
use std::cell::RefCell;
use std::collections::VecDeque;

/// How many affected milestones, gates and objectives a milestone page and
/// `roadmap.json` list, nearest first (with the count of all): listing every
/// one would grow with the square of a long dependency chain.
pub(crate) const LISTED: usize = 20;

/// The first `LISTED` of `list`.
pub(crate) fn listed(list: &[usize]) -> &[usize] {
    &list[..list.len().min(LISTED)]
}

/// The consequences of milestone `of` slipping.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Impact {
    /// Affected milestones in the order they are reached (nearest first).
    pub(crate) milestones: Vec<usize>,
    /// Affected milestones (including `of`) that carry a gate.
    pub(crate) gates: Vec<usize>,
    /// Objectives served by `of` or by an affected milestone, by index.
    pub(crate) objectives: Vec<usize>,
}

impl Impact {
    /// How many business milestones are affected.
    pub(crate) fn business(&self, site: &Site) -> usize {
        self.milestones.iter().filter(|&&m| site.milestones[m].track == Track::Business).count()
    }
}

/// Walks the reverse edges (`enables`, `needed_by`) from `of`.
pub(crate) fn impact(site: &Site, of: usize) -> Impact {
    let r = &site.relations;
    let mut out = Impact::default();
    SEEN.with_borrow_mut(|seen| {
        let visit = seen.start(site.milestones.len());
        seen.marks[of] = visit;
        let mut queue = VecDeque::from([of]);
        while let Some(m) = queue.pop_front() {
            for &next in r.enables[m].iter().chain(&r.needed_by[m]) {
                if seen.marks[next] != visit && !r.proposed[next] {
                    seen.marks[next] = visit;
                    out.milestones.push(next);
                    queue.push_back(next);
                }
            }
        }
    });
    let all = std::iter::once(of).chain(out.milestones.iter().copied());
    // Sorted and deduplicated at the end: a walk meets the same objectives many
    // times, and a set took a tree insert each time (640,000 at 10,000 milestones).
    for m in all {
        let milestone = &site.milestones[m];
        if !milestone.gates.is_empty() {
            out.gates.push(m);
        }
        out.objectives.extend_from_slice(&milestone.objectives);
    }
    out.objectives.sort_unstable();
    out.objectives.dedup();
    out
}

/// Which milestones one walk has reached: a mark per milestone, equal to the
/// walk's number when reached. One per thread, reused by every walk, so a walk
/// costs what it reaches, with no hashing and no clearing (10,000 walks at
/// 10,000 milestones).
#[derive(Default)]
struct Seen {
    marks: Vec<u32>,
    visit: u32,
}

impl Seen {
    /// Starts a walk over `n` milestones; returns its mark.
    fn start(&mut self, n: usize) -> u32 {
        if self.marks.len() != n || self.visit == u32::MAX {
            self.marks = vec![0; n];
            self.visit = 0;
        }
        self.visit += 1;
        self.visit
    }
}

// Scratch space, not a cache: every walk starts with a mark no earlier walk
// used, so what it finds never depends on what ran before on the thread.
thread_local! {
    static SEEN: RefCell<Seen> = RefCell::default();
}
