//! Removes the items a build does not show (another audience's, or drafts)
//! from the validated model, so no page or export can leak them: there is
//! nothing left to leak. Indices are remapped and references from kept items
//! to removed ones are left out; the reverse edges are then computed afresh
//! from what remains.
//!
//! Markdown was already rendered with the hidden flags (an `@` link to a
//! hidden item keeps its text, without the link), and supporting links to
//! hidden pages were dropped during conversion.

use super::graph;
use crate::model::Site;

/// Which items of each kind are hidden, by their index in the full model.
pub(crate) struct Hidden<'a> {
    pub(crate) milestones: &'a [bool],
    pub(crate) risks: &'a [bool],
    pub(crate) decisions: &'a [bool],
    pub(crate) narratives: &'a [bool],
}

impl Hidden<'_> {
    fn any(&self) -> bool {
        [self.milestones, self.risks, self.decisions, self.narratives].iter().any(|flags| flags.contains(&true))
    }
}

/// Old index -> new index, `None` for a removed item.
fn renumber(hidden: &[bool], len: usize) -> Vec<Option<usize>> {
    let mut next = 0;
    (0..len)
        .map(|i| {
            if hidden.get(i).copied().unwrap_or(false) {
                None
            } else {
                next += 1;
                Some(next - 1)
            }
        })
        .collect()
}

fn remap(list: &mut Vec<usize>, map: &[Option<usize>]) {
    *list = list.iter().filter_map(|&i| map[i]).collect();
}

fn keep<T>(list: Vec<T>, map: &[Option<usize>]) -> Vec<T> {
    list.into_iter().zip(map).filter_map(|(item, new)| new.map(|_| item)).collect()
}

/// The site without its hidden items; `cites` (per milestone, the narratives
/// it cites) is renumbered the same way. A no-op when nothing is hidden.
pub(crate) fn prune(mut site: Site, cites: Vec<Vec<usize>>, hidden: &Hidden) -> Site {
    if !hidden.any() {
        return site;
    }
    let milestones = renumber(hidden.milestones, site.milestones.len());
    let risks = renumber(hidden.risks, site.risks.len());
    let decisions = renumber(hidden.decisions, site.decisions.len());
    let narratives = renumber(hidden.narratives, site.narratives.len());
    let ids = |map: &[Option<usize>], id: &dyn Fn(usize) -> String| {
        map.iter().enumerate().filter(|(_, new)| new.is_none()).map(|(i, _)| id(i)).collect()
    };
    site.hidden = crate::model::HiddenIds {
        milestones: ids(&milestones, &|i| site.milestones[i].id.clone()),
        risks: ids(&risks, &|i| site.risks[i].id.clone()),
        decisions: ids(&decisions, &|i| site.decisions[i].id.clone()),
    };

    site.milestones = keep(std::mem::take(&mut site.milestones), &milestones);
    for m in &mut site.milestones {
        remap(&mut m.supported_by, &milestones);
        remap(&mut m.depends_on, &milestones);
        m.narrative = m.narrative.take().and_then(|mut n| {
            n.narrative = narratives[n.narrative]?;
            Some(n)
        });
    }
    site.risks = keep(std::mem::take(&mut site.risks), &risks);
    site.risks.iter_mut().for_each(|r| remap(&mut r.milestones, &milestones));
    site.decisions = keep(std::mem::take(&mut site.decisions), &decisions);
    site.decisions.iter_mut().for_each(|d| remap(&mut d.affects, &milestones));
    site.narratives = keep(std::mem::take(&mut site.narratives), &narratives);
    site.narratives.iter_mut().for_each(|n| remap(&mut n.mentions, &milestones));
    site.home = site.home.and_then(|h| narratives[h]);
    site.milestone_index = site.milestones.iter().enumerate().map(|(i, m)| (m.id.clone(), i)).collect();

    let mut cites = keep(cites, &milestones);
    cites.iter_mut().for_each(|c| remap(c, &narratives));
    site.relations = graph::relations(&site, &cites);
    site
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renumber_skips_hidden_items() {
        assert_eq!(renumber(&[false, true, false, true], 4), [Some(0), None, Some(1), None]);
        assert_eq!(renumber(&[], 2), [Some(0), Some(1)]);
    }

    #[test]
    fn remap_drops_references_to_hidden_items() {
        let map = renumber(&[false, true, false], 3);
        let mut list = vec![2, 1, 0];
        remap(&mut list, &map);
        assert_eq!(list, [1, 0]);
        assert_eq!(keep(vec!["a", "b", "c"], &map), ["a", "c"]);
    }
}
