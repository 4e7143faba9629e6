//! `Index`: every id and content path in the site, built once, so each
//! reference is one hash lookup. It is also the `Targets` that Markdown
//! links resolve against.

use super::checker::Checker;
use crate::content::raw::Str;
use crate::content::{Located, RawSite};
use crate::diagnostic::{nearest, Code, Diagnostic};
use crate::markdown::{Lookup, RefKind, Targets};
use std::collections::HashMap;

/// Ids of one kind of item, and which are hidden from this build.
#[derive(Default)]
pub(crate) struct Ids {
    pub(crate) index: HashMap<String, usize>,
    pub(crate) hidden: Vec<bool>,
}

impl Ids {
    fn lookup(&self, id: &str, href: impl Fn(&str) -> String) -> Lookup {
        match self.index.get(id) {
            Some(&i) if self.hidden.get(i).copied().unwrap_or(false) => Lookup::Hidden,
            Some(&i) => Lookup::Found(i, href(id)),
            None => Lookup::Missing(nearest(id, self.index.keys().map(String::as_str)).map(str::to_string)),
        }
    }
}

/// Every name in the site.
#[derive(Default)]
pub(crate) struct Index<'c> {
    pub(crate) milestones: Ids,
    pub(crate) objectives: Ids,
    pub(crate) risks: Ids,
    pub(crate) decisions: Ids,
    /// Releases are shown to every audience: none is ever hidden.
    pub(crate) releases: Ids,
    /// Narratives by path under `content/`, with their output folder.
    pub(crate) narratives: HashMap<String, (usize, String)>,
    pub(crate) narrative_hidden: Vec<bool>,
    /// Audience names defined in `roadbook.toml`, sorted.
    pub(crate) audiences: Vec<String>,
    /// Markdown rendered by earlier runs against these same names (the preview's rebuilds).
    pub(crate) markdown: Option<&'c crate::markdown::Cache>,
    /// `[markdown] raw_html = false`: raw HTML in Markdown is shown as text.
    pub(crate) escape_raw_html: bool,
}

impl Index<'_> {
    pub(crate) fn ids(&self, kind: RefKind) -> &Ids {
        match kind {
            RefKind::Milestone => &self.milestones,
            RefKind::Objective => &self.objectives,
            RefKind::Risk => &self.risks,
            RefKind::Decision => &self.decisions,
            RefKind::Release => &self.releases,
        }
    }

    /// Renders Markdown against these names, reusing an earlier rendering when there is a cache.
    pub(crate) fn render(&self, text: &str) -> crate::markdown::Rendered {
        match self.markdown {
            Some(cache) => crate::markdown::render_reusing(text, self, cache),
            None => crate::markdown::render(text, self),
        }
    }

    /// Resolves a reference field; a dangling one is reported with the nearest id.
    /// Hidden targets resolve too: the audience filter drops them afterwards.
    pub(crate) fn reference(&self, checker: &mut Checker, kind: RefKind, field: &str, value: &Str) -> Option<usize> {
        let ids = self.ids(kind);
        if let Some(&i) = ids.index.get(value.get_ref().as_str()) {
            return Some(i);
        }
        let hint = nearest(value.get_ref(), ids.index.keys().map(String::as_str))
            .map_or_else(String::new, |n| format!("; did you mean `{n}`?"));
        let message = format!("`{field}` names {} `{}`, which does not exist{hint}", kind.as_str(), value.get_ref());
        checker.error(Code::DanglingReference, message, value.span().start);
        None
    }
}

impl Targets for Index<'_> {
    fn item(&self, kind: RefKind, id: &str) -> Lookup {
        self.ids(kind).lookup(id, |id| kind.href(id))
    }

    fn escape_raw_html(&self) -> bool {
        self.escape_raw_html
    }

    fn narrative(&self, content_path: &str) -> Lookup {
        match self.narratives.get(content_path) {
            Some((i, _)) if self.narrative_hidden.get(*i).copied().unwrap_or(false) => Lookup::Hidden,
            Some((i, url)) => Lookup::Found(*i, crate::model::narrative_href(url)),
            None => {
                Lookup::Missing(nearest(content_path, self.narratives.keys().map(String::as_str)).map(str::to_string))
            }
        }
    }
}

/// Builds the id map of one kind, reporting bad and duplicate ids.
pub(crate) fn index_ids<T>(
    raw: &RawSite,
    items: &[Located<T>],
    what: &str,
    id_of: fn(&T) -> &Str,
    out: &mut Vec<Diagnostic>,
) -> Ids {
    let mut ids = Ids { index: HashMap::with_capacity(items.len()), hidden: vec![false; items.len()] };
    for (i, item) in items.iter().enumerate() {
        let id = id_of(&item.item);
        let mut checker = Checker::new(&raw.files, item.file);
        if !checker.slug(id, what) {
            out.append(&mut checker.diagnostics);
            continue;
        }
        match ids.index.get(id.get_ref().as_str()) {
            Some(&first) => {
                let first_item = &items[first];
                let first_place = raw.files[first_item.file].place(id_of(&first_item.item).span().start);
                let message = format!("duplicate {what} id `{}`", id.get_ref());
                let d = Diagnostic::new(Code::DuplicateId, message, checker.place(id.span().start))
                    .with_note("first defined here", first_place);
                out.push(d);
            }
            None => {
                ids.index.insert(id.get_ref().clone(), i);
            }
        }
    }
    ids
}
