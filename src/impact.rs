//! What a slip would move: everything that depends on a milestone, directly
//! or transitively, through `supported_by` and `depends_on`, across both
//! tracks, with the gates and objectives riding on them. Computed per
//! milestone on demand (a breadth-first walk over the precomputed reverse
//! edges), so cost is proportional to what is actually affected.

use crate::model::{Site, Track};
use std::collections::{BTreeSet, HashSet, VecDeque};

/// The consequences of milestone `of` slipping.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Impact {
    /// Affected milestones in the order they are reached (nearest first).
    pub milestones: Vec<usize>,
    /// Affected milestones (including `of`) that carry a gate.
    pub gates: Vec<usize>,
    /// Objectives served by `of` or by an affected milestone, by index.
    pub objectives: Vec<usize>,
}

impl Impact {
    /// How many business milestones are affected.
    pub fn business(&self, site: &Site) -> usize {
        self.milestones.iter().filter(|&&m| site.milestones[m].track == Track::Business).count()
    }
}

/// Walks the reverse edges (`enables`, `needed_by`) from `of`.
pub fn impact(site: &Site, of: usize) -> Impact {
    let r = &site.relations;
    let mut seen: HashSet<usize> = HashSet::from([of]);
    let mut queue = VecDeque::from([of]);
    let mut out = Impact::default();
    while let Some(m) = queue.pop_front() {
        for &next in r.enables[m].iter().chain(&r.needed_by[m]) {
            if seen.insert(next) {
                out.milestones.push(next);
                queue.push_back(next);
            }
        }
    }
    let all = std::iter::once(of).chain(out.milestones.iter().copied());
    let mut objectives = BTreeSet::new();
    for m in all {
        let milestone = &site.milestones[m];
        if milestone.gate.is_some() {
            out.gates.push(m);
        }
        objectives.extend(milestone.objectives.iter().copied());
    }
    out.objectives = objectives.into_iter().collect();
    out
}
