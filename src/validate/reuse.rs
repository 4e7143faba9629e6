//! What validation keeps between the preview's rebuilds (`Cache`): the
//! Markdown it rendered and the milestones it converted, so a rebuild after one
//! save redoes only what that save changed.
//!
//! Both depend on the names links and references resolve against (`Names`:
//! every id and content path in file order, which are hidden, the audiences and
//! the raw HTML setting). The cache remembers the names its entries were made
//! against, compared in full; when they change, the entries are dropped.

use super::index::Index;
use super::items::Converted;
use crate::content::raw::RawMilestone;
use crate::content::{Located, RawSite};
use crate::diagnostic::Diagnostic;
use crate::markdown;
use crate::model::Milestone;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// A milestone as converted, with its diagnostics.
pub(super) type Entry = (Converted<Milestone>, Vec<Diagnostic>);

/// Work kept from the last validations that were given this cache.
#[derive(Default)]
pub(crate) struct Cache {
    /// The names every entry below was made against.
    names: Option<Names>,
    /// By raw item (see `Identity`), with the index of its file at the time.
    milestones: HashMap<Identity, (usize, Arc<Entry>)>,
    markdown: markdown::Cache,
}

/// Everything a Markdown link or an item reference resolves against.
#[derive(PartialEq, Eq)]
pub(super) struct Names {
    /// Milestone, objective, risk, decision and release ids, in file order.
    ids: [Vec<String>; 5],
    /// Narratives by path under `content/`, in file order.
    narratives: Vec<String>,
    /// Which milestones, objectives, risks, decisions and narratives this build hides.
    hidden: [Vec<bool>; 5],
    audiences: Vec<String>,
    escape_raw_html: bool,
}

impl Names {
    pub(super) fn of(raw: &RawSite, index: &Index) -> Names {
        fn ids<T>(list: &[Located<T>], id: impl Fn(&T) -> &String) -> Vec<String> {
            list.iter().map(|l| id(&l.item).clone()).collect()
        }
        Names {
            ids: [
                ids(&raw.milestones, |m| m.id.get_ref()),
                ids(&raw.objectives, |o| o.id.get_ref()),
                ids(&raw.risks, |r| r.id.get_ref()),
                ids(&raw.decisions, |d| d.id.get_ref()),
                ids(&raw.releases, |r| r.id.get_ref()),
            ],
            narratives: raw.narratives.iter().map(|n| n.content_path.clone()).collect(),
            hidden: [
                index.milestones.hidden.clone(),
                index.objectives.hidden.clone(),
                index.risks.hidden.clone(),
                index.decisions.hidden.clone(),
                index.narrative_hidden.clone(),
            ],
            audiences: index.audiences.clone(),
            escape_raw_html: index.escape_raw_html,
        }
    }
}

/// A raw milestone by identity. The content cache hands out the same `Arc` for
/// an item of a file whose text did not change, and the key holds that `Arc`,
/// so no other item can take its address while the entry lives: equality is
/// `Arc::ptr_eq` on a live `Arc`, never an address or a hash alone.
struct Identity(Arc<RawMilestone>);

impl PartialEq for Identity {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Identity {}

impl Hash for Identity {
    fn hash<H: Hasher>(&self, state: &mut H) {
        std::ptr::hash(Arc::as_ptr(&self.0), state);
    }
}

impl Cache {
    /// Starts a validation against `names`: what was made against other names is dropped.
    pub(super) fn start(&mut self, names: Names) {
        if self.names.as_ref() != Some(&names) {
            self.milestones.clear();
            self.markdown.forget_rendered();
            self.names = Some(names);
        }
    }

    pub(super) fn markdown(&self) -> &markdown::Cache {
        &self.markdown
    }

    /// The conversion of this very raw milestone, in the same file position, by the last run.
    pub(super) fn milestone(&self, m: &Located<RawMilestone>) -> Option<Arc<Entry>> {
        let (file, entry) = self.milestones.get(&Identity(m.item.clone()))?;
        (*file == m.file).then(|| entry.clone())
    }

    /// This run's conversions, to keep: an entry from the cache is shared, a new one copied.
    pub(super) fn kept(
        &self,
        raw: &[Located<RawMilestone>],
        converted: &[Entry],
    ) -> Vec<(Arc<RawMilestone>, usize, Arc<Entry>)> {
        let entry = |m: &Located<RawMilestone>, c: &Entry| self.milestone(m).unwrap_or_else(|| Arc::new(c.clone()));
        raw.iter().zip(converted).map(|(m, c)| (m.item.clone(), m.file, entry(m, c))).collect()
    }

    /// Keeps these conversions, and only these: the cache never outgrows the site.
    pub(super) fn keep(&mut self, kept: Vec<(Arc<RawMilestone>, usize, Arc<Entry>)>) {
        self.milestones = kept.into_iter().map(|(raw, file, entry)| (Identity(raw), (file, entry))).collect();
    }
}
