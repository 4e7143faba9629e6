//! Checks and computations over the milestone graph: `wrong-track`,
//! `cycle` (Tarjan's strongly connected components, linear time), and the
//! reverse edges of `Relations`.

use crate::content::RawSite;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Milestone, Relations, Site, Track};
use std::collections::HashMap;

/// `supported_by` only on business milestones, and only naming technology ones.
pub(crate) fn wrong_track(
    raw: &RawSite,
    milestones: &[Milestone],
    ids: &HashMap<String, usize>,
    out: &mut Vec<Diagnostic>,
) {
    for (m, located) in milestones.iter().zip(&raw.milestones) {
        let file = &raw.files[located.file];
        let named = &located.item.supported_by;
        if m.track == Track::Technology && !named.is_empty() {
            let message = format!(
                "technology milestone `{}` has `supported_by`: only business milestones are supported by technology (use `depends_on`)",
                m.id
            );
            out.push(Diagnostic::new(Code::WrongTrack, message, file.place(named[0].span().start)));
            continue;
        }
        for value in named {
            let Some(&target) = ids.get(value.get_ref().as_str()) else { continue };
            // A target whose `track` is invalid is reported there, not taken for business here.
            let known = Track::parse(raw.milestones[target].item.track.get_ref()).is_some();
            if known && milestones[target].track == Track::Business {
                let message = format!(
                    "`supported_by` names business milestone `{}`: business milestones are supported by technology milestones (use `depends_on`)",
                    value.get_ref()
                );
                out.push(Diagnostic::new(Code::WrongTrack, message, file.place(value.span().start)));
            }
        }
    }
}

/// Reports each cycle in `depends_on` / `supported_by` once, naming every member.
pub(crate) fn cycles(raw: &RawSite, milestones: &[Milestone], out: &mut Vec<Diagnostic>) {
    let edges = |m: usize| milestones[m].depends_on.iter().chain(&milestones[m].supported_by).copied();
    for component in strongly_connected(milestones.len(), edges) {
        let is_cycle = component.len() > 1 || edges(component[0]).any(|n| n == component[0]);
        if !is_cycle {
            continue;
        }
        let mut members = component.clone();
        members.sort_unstable();
        let names: Vec<String> = members.iter().map(|&m| format!("`{}`", milestones[m].id)).collect();
        let first = &milestones[members[0]];
        let place = raw.files[first.origin.file].place(first.origin.offset);
        let message = format!(
            "milestones depend on each other in a cycle through `depends_on` / `supported_by`: {} -> {}",
            names.join(" -> "),
            names[0]
        );
        out.push(Diagnostic::new(Code::Cycle, message, place));
    }
}

/// Tarjan's algorithm without recursion; components in discovery order.
fn strongly_connected<I, F>(n: usize, edges: F) -> Vec<Vec<usize>>
where
    F: Fn(usize) -> I,
    I: Iterator<Item = usize>,
{
    const UNSEEN: usize = usize::MAX;
    let mut order = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut components = Vec::new();
    let mut counter = 0;
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        let mut work: Vec<(usize, Vec<usize>, usize)> = Vec::new();
        order[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root] = true;
        work.push((root, edges(root).collect(), 0));
        while let Some((v, next, pos)) = work.last_mut() {
            let v = *v;
            if *pos < next.len() {
                let w = next[*pos];
                *pos += 1;
                if order[w] == UNSEEN {
                    order[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, edges(w).collect(), 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(order[w]);
                }
                continue;
            }
            work.pop();
            if let Some((parent, _, _)) = work.last() {
                low[*parent] = low[*parent].min(low[v]);
            }
            if low[v] == order[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                components.push(component);
            }
        }
    }
    components
}

/// Computes every reverse edge once.
pub(crate) fn relations(site: &Site, cites: &[Vec<usize>]) -> Relations {
    let n = site.milestones.len();
    let mut r = Relations {
        enables: vec![Vec::new(); n],
        needed_by: vec![Vec::new(); n],
        risks: vec![Vec::new(); n],
        decisions: vec![Vec::new(); n],
        narratives: vec![Vec::new(); n],
        objective_milestones: vec![Vec::new(); site.objectives.len()],
        cited_by: vec![Vec::new(); site.narratives.len()],
        release_milestones: vec![Vec::new(); site.releases.len()],
        proposed: site.milestones.iter().map(|m| m.status.is_proposed()).collect(),
    };
    for (i, m) in site.milestones.iter().enumerate() {
        m.supported_by.iter().for_each(|&t| push_in_order(&mut r.enables[t], i));
        m.depends_on.iter().for_each(|&t| push_in_order(&mut r.needed_by[t], i));
        m.objectives.iter().for_each(|&o| push_in_order(&mut r.objective_milestones[o], i));
        m.release.iter().for_each(|&k| push_in_order(&mut r.release_milestones[k], i));
        for &n in &cites[i] {
            push_in_order(&mut r.cited_by[n], i);
            push_unique(&mut r.narratives[i], n);
        }
    }
    for (i, risk) in site.risks.iter().enumerate() {
        risk.milestones.iter().for_each(|&m| push_in_order(&mut r.risks[m], i));
    }
    for (i, d) in site.decisions.iter().enumerate() {
        d.affects.iter().for_each(|&m| push_in_order(&mut r.decisions[m], i));
    }
    for (i, narrative) in site.narratives.iter().enumerate() {
        narrative.mentions.iter().for_each(|&m| push_unique(&mut r.narratives[m], i));
    }
    r
}

/// Appends `value` when the list is filled in increasing order, so a repeat can only be the last entry.
fn push_in_order(list: &mut Vec<usize>, value: usize) {
    if list.last() != Some(&value) {
        list.push(value);
    }
}

/// Appends unless present (for short lists filled out of order).
fn push_unique(list: &mut Vec<usize>, value: usize) {
    if !list.contains(&value) {
        list.push(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cycles_and_self_loops_only() {
        let graph: Vec<Vec<usize>> = vec![vec![1], vec![2], vec![0], vec![3], vec![0]];
        let mut comps = strongly_connected(5, |v| graph[v].clone().into_iter());
        comps.iter_mut().for_each(|c| c.sort_unstable());
        assert!(comps.contains(&vec![0, 1, 2]));
        assert!(comps.contains(&vec![3]));
        assert!(comps.contains(&vec![4]));
    }
}
