//! The critical chain to each business milestone: the longest chain of dated
//! prerequisites behind it, through `supported_by` and `depends_on`,
//! transitively; dropped and proposed milestones take no part. One
//! depth-first pass over the prerequisite graph computes, for every
//! milestone, its longest chain and the prerequisite that starts it
//! (linear in milestones plus links); marking the chains from each
//! business milestone stops where an earlier walk already marked, so that is
//! linear too. Validation rejects cycles, but an edge back into the walk is
//! skipped rather than followed, so a cycle cannot hang the build.

use crate::model::*;

/// Longest prerequisite chains, and which links lie on a business milestone's critical chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Chains {
    /// For each milestone, the dated prerequisite its longest chain continues through.
    pub(crate) next: Vec<Option<usize>>,
    /// For each milestone, how many milestones its longest chain holds (itself included; 0 if not dated).
    pub(crate) length: Vec<u32>,
    /// For each milestone, whether its link to `next` is on the critical chain of a business milestone.
    pub(crate) critical: Vec<bool>,
}

impl Chains {
    /// Whether the link from `milestone` to its prerequisite `prerequisite` is critical.
    pub(crate) fn is_critical(&self, milestone: usize, prerequisite: usize) -> bool {
        self.critical[milestone] && self.next[milestone] == Some(prerequisite)
    }

    /// How many critical links there are.
    pub(crate) fn critical_links(&self) -> usize {
        self.critical.iter().filter(|c| **c).count()
    }
}

/// Whether a milestone takes part in chains: dated, and neither dropped nor only proposed.
fn counts(m: &Milestone) -> bool {
    m.due().is_some() && !matches!(m.status, Status::Dropped | Status::Proposed)
}

fn prerequisite(m: &Milestone, k: usize) -> Option<usize> {
    m.supported_by.get(k).or_else(|| m.depends_on.get(k.wrapping_sub(m.supported_by.len()))).copied()
}

/// Computes every milestone's longest chain, then marks the chains ending at business milestones.
pub(crate) fn chains(site: &Site) -> Chains {
    let n = site.milestones.len();
    let mut chains = Chains { next: vec![None; n], length: vec![0; n], critical: vec![false; n] };
    let mut state = vec![Visit::New; n];
    for root in 0..n {
        if counts(&site.milestones[root]) && state[root] == Visit::New {
            walk(site, root, &mut state, &mut chains);
        }
    }
    for (b, m) in site.milestones.iter().enumerate() {
        if m.track == Track::Business && counts(m) {
            let mut at = b;
            while let (false, Some(p)) = (chains.critical[at], chains.next[at]) {
                chains.critical[at] = true;
                at = p;
            }
        }
    }
    chains
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Visit {
    New,
    Open,
    Done,
}

/// Iterative post-order walk from `root`, finishing each milestone after its prerequisites.
fn walk(site: &Site, root: usize, state: &mut [Visit], chains: &mut Chains) {
    let mut stack = vec![(root, 0usize)];
    state[root] = Visit::Open;
    while let Some((at, k)) = stack.last_mut() {
        let m = &site.milestones[*at];
        match prerequisite(m, *k) {
            Some(p) => {
                *k += 1;
                if counts(&site.milestones[p]) && state[p] == Visit::New {
                    state[p] = Visit::Open;
                    stack.push((p, 0));
                }
            }
            None => {
                let at = *at;
                finish(site, at, state, chains);
                state[at] = Visit::Done;
                stack.pop();
            }
        }
    }
}

/// The longest chain through a finished prerequisite; ties go to the one due last
/// (the least slack), then to the first listed.
fn finish(site: &Site, at: usize, state: &[Visit], chains: &mut Chains) {
    let m = &site.milestones[at];
    let mut best: Option<(u32, Date, usize)> = None;
    for p in m.supported_by.iter().chain(&m.depends_on).copied() {
        if state[p] != Visit::Done || chains.length[p] == 0 {
            continue;
        }
        let due = site.milestones[p].due().map(Due::end).expect("chains hold dated milestones");
        if best.map_or(true, |(len, end, _)| (chains.length[p], due) > (len, end)) {
            best = Some((chains.length[p], due, p));
        }
    }
    chains.length[at] = 1 + best.map_or(0, |b| b.0);
    chains.next[at] = best.map(|b| b.2);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::timeline::fixture::{milestone, site};

    /// `b` (business) needs `t1` (supported_by) and `t3`; `t1` depends on `t2`.
    fn chain_site() -> Site {
        let mut b = milestone("b", Track::Business, "2027-Q2");
        b.supported_by = vec![1, 3];
        let mut t1 = milestone("t1", Track::Technology, "2027-Q1");
        t1.depends_on = vec![2];
        let t2 = milestone("t2", Track::Technology, "2026-Q4");
        let t3 = milestone("t3", Track::Technology, "2027-Q1");
        site(vec![b, t1, t2, t3])
    }

    #[test]
    fn the_longest_chain_is_critical() {
        let chains = chains(&chain_site());
        assert_eq!(chains.length, vec![3, 2, 1, 1]);
        assert_eq!(chains.next, vec![Some(1), Some(2), None, None]);
        assert!(chains.is_critical(0, 1) && chains.is_critical(1, 2));
        assert!(!chains.is_critical(0, 3));
        assert_eq!(chains.critical_links(), 2);
    }

    #[test]
    fn ties_go_to_the_prerequisite_due_last() {
        let mut site = chain_site();
        site.milestones[1].depends_on.clear();
        site.milestones[3].schedule = Schedule::Due(Due::parse("2027-02").unwrap());
        site.milestones[1].schedule = Schedule::Due(Due::parse("2027-01").unwrap());
        assert_eq!(chains(&site).next[0], Some(3));
    }

    #[test]
    fn undated_and_dropped_prerequisites_are_not_followed() {
        let mut site = chain_site();
        site.milestones[1].schedule = Schedule::Horizon(Horizon::Next);
        site.milestones[3].status = Status::Dropped;
        let chains = chains(&site);
        assert_eq!(chains.next[0], None);
        assert_eq!(chains.length[0], 1);
        assert_eq!(chains.critical_links(), 0);
    }

    #[test]
    fn proposed_milestones_are_neither_followed_nor_given_a_chain() {
        let mut site = chain_site();
        site.milestones[1].status = Status::Proposed;
        let chains = chains(&site);
        assert_eq!(chains.next[0], Some(3), "the chain goes through t3, not the proposed t1");
        assert_eq!(chains.length[1], 0);
        assert_eq!(chains.critical, vec![true, false, false, false]);
        site.milestones[0].status = Status::Proposed;
        assert_eq!(super::chains(&site).critical_links(), 0, "a proposed business milestone has no critical chain");
    }

    #[test]
    fn only_chains_to_business_milestones_are_critical() {
        let mut site = chain_site();
        site.milestones[0].track = Track::Technology;
        let chains = chains(&site);
        assert_eq!(chains.length[0], 3);
        assert_eq!(chains.critical_links(), 0);
    }

    #[test]
    fn a_cycle_cannot_hang_the_walk() {
        let mut site = chain_site();
        site.milestones[2].depends_on = vec![0];
        let chains = chains(&site);
        assert!(chains.length.iter().all(|&l| l <= 4));
    }

    #[test]
    fn shared_chains_are_marked_once() {
        let mut site = chain_site();
        let mut b2 = milestone("b2", Track::Business, "2027-Q3");
        b2.depends_on = vec![1];
        site.milestones.push(b2);
        let chains = chains(&site);
        assert!(chains.is_critical(4, 1) && chains.is_critical(1, 2) && chains.is_critical(0, 1));
    }
}
