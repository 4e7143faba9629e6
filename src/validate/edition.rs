//! What a build for one audience (an edition) tells about problems: the
//! diagnostics of what it shows, in full; those inside items it hides, or
//! naming one, only as a count. Its preview and its CI log then quote no id,
//! title or source line of a hidden item. `check` still judges (and lists)
//! the whole roadmap.
//!
//! An item's extent in its file runs from its `[[table]]` header to the next
//! item's header. A file that cannot be read as TOML cannot say whose lines
//! are whose: when it mentions `audiences` at all, all of it is withheld.

use super::{visible_to, Options};
use crate::content::RawSite;
use crate::diagnostic::{Diagnostic, Place, Shown};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use toml::de::{DeTable, DeValue};

/// `diagnostics` as the edition for `options.audience` shows them; all of them without an audience.
pub(crate) fn for_edition(raw: &RawSite, options: &Options, diagnostics: Vec<Diagnostic>) -> Shown {
    let Some(audience) = options.audience.as_deref() else { return Shown::from(diagnostics) };
    if diagnostics.is_empty() {
        return Shown::from(diagnostics);
    }
    let hidden = Hidden::new(raw, audience, options.drafts, &diagnostics);
    let mut shown = Shown::default();
    for d in diagnostics {
        match (hidden.covers(&d), d.is_error()) {
            (false, _) => shown.list.push(d),
            (true, true) => shown.withheld.errors += 1,
            (true, false) => shown.withheld.warnings += 1,
        }
    }
    shown
}

/// The lines of a file that is withheld whole.
const WHOLE_FILE: Range<usize> = 0..usize::MAX;

/// Where hidden items lie, and the names that give one away.
#[derive(Default)]
struct Hidden {
    /// By file: the lines (1-based, end excluded) of hidden items.
    lines: HashMap<String, Vec<Range<usize>>>,
    /// Ids of hidden items, matched as whole words.
    ids: HashSet<String>,
    /// Other names matched anywhere: ids that are not slugs, paths of hidden narratives.
    names: Vec<String>,
}

impl Hidden {
    fn new(raw: &RawSite, audience: &str, drafts: bool, diagnostics: &[Diagnostic]) -> Hidden {
        let mut hidden = Hidden::default();
        let shown = |audiences: &Option<Vec<_>>| visible_to(audiences.as_deref(), Some(audience));
        let ids = raw.milestones.iter().filter(|m| !shown(&m.item.audiences)).map(|m| m.item.id.get_ref());
        let ids = ids.chain(raw.risks.iter().filter(|r| !shown(&r.item.audiences)).map(|r| r.item.id.get_ref()));
        let ids = ids.chain(raw.decisions.iter().filter(|d| !shown(&d.item.audiences)).map(|d| d.item.id.get_ref()));
        let ids: Vec<String> = ids.cloned().collect();
        ids.into_iter().for_each(|id| hidden.add_id(id));
        for n in &raw.narratives {
            let draft = n.front.draft.as_ref().is_some_and(|d| *d.get_ref());
            if !shown(&n.front.audiences) || (draft && !drafts) {
                hidden.names.push(n.content_path.clone());
                hidden.lines.insert(raw.files[n.file].path.clone(), vec![WHOLE_FILE]);
            }
        }
        let named: HashSet<&str> = diagnostics
            .iter()
            .flat_map(|d| std::iter::once(&*d.place).chain(d.notes.iter().map(|(_, p)| p)))
            .map(|p| p.file.as_str())
            .collect();
        for file in raw.files.iter().filter(|f| named.contains(f.path.as_str())) {
            if hidden.lines.contains_key(&file.path) {
                continue;
            }
            let unreadable = raw.diagnostics.iter().any(|d| d.is_error() && d.place.file == file.path);
            let regions = if !file.path.starts_with("content/") {
                Some(Vec::new())
            } else if file.path.ends_with(".toml") {
                hidden.items(&file.text, audience)
            } else {
                (!unreadable).then(Vec::new)
            };
            // Text that cannot be split into items is withheld when some item in it may be hidden.
            let regions = regions.unwrap_or_else(|| match file.text.contains("audiences") {
                true => vec![WHOLE_FILE],
                false => Vec::new(),
            });
            hidden.lines.insert(file.path.clone(), regions);
        }
        hidden
    }

    fn add_id(&mut self, id: String) {
        if super::is_slug(&id) {
            self.ids.insert(id);
        } else {
            self.names.push(id);
        }
    }

    /// The lines of the hidden items of a TOML file (their ids join the hidden names);
    /// `None` when the file is not TOML.
    fn items(&mut self, text: &str, audience: &str) -> Option<Vec<Range<usize>>> {
        let table = DeTable::parse(text).ok()?.into_inner();
        let mut items: Vec<(usize, bool, Option<String>)> = Vec::new();
        for (_, value) in table.iter() {
            let DeValue::Array(list) = value.get_ref() else { continue };
            for item in list.iter() {
                let DeValue::Table(fields) = item.get_ref() else { continue };
                let field = |name: &str| fields.iter().find(|(k, _)| k.get_ref() == name).map(|(_, v)| v.get_ref());
                let hidden = match field("audiences") {
                    None => false,
                    Some(DeValue::Array(names)) => {
                        !names.iter().any(|n| matches!(n.get_ref(), DeValue::String(s) if s == audience))
                    }
                    // Audiences that cannot be read may well exclude this edition.
                    Some(_) => true,
                };
                let id = match field("id") {
                    Some(DeValue::String(s)) => Some(s.to_string()),
                    _ => None,
                };
                items.push((item.span().start, hidden, id));
            }
        }
        items.sort_by_key(|(start, _, _)| *start);
        let line_of =
            |offset: usize| text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1;
        let mut regions = Vec::new();
        for (i, (start, hidden, id)) in items.iter().enumerate() {
            if !hidden {
                continue;
            }
            let end = items.get(i + 1).map_or(usize::MAX, |next| line_of(next.0));
            regions.push(line_of(*start)..end);
            if let Some(id) = id {
                self.add_id(id.clone());
            }
        }
        Some(regions)
    }

    /// Whether a diagnostic lies in a hidden item, points into one, or names one.
    fn covers(&self, d: &Diagnostic) -> bool {
        let places = std::iter::once(&*d.place).chain(d.notes.iter().map(|(_, p)| p));
        let texts = std::iter::once(d.message.as_str()).chain(d.notes.iter().map(|(m, _)| m.as_str()));
        let texts = texts.chain(places.clone().map(|p| p.source_line.as_str()));
        places.clone().any(|p| self.holds(p)) || texts.clone().any(|t| self.names_one(t))
    }

    fn holds(&self, place: &Place) -> bool {
        self.lines.get(&place.file).is_some_and(|regions| regions.iter().any(|r| r.contains(&place.line)))
    }

    fn names_one(&self, text: &str) -> bool {
        let word = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        text.split(|c: char| !word(c)).any(|w| self.ids.contains(w))
            || self.names.iter().any(|name| text.contains(name.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::from_memory;
    use crate::diagnostic::Code;
    use crate::model::Date;

    const ROADMAP: &str = "[[milestone]]\nid = \"open\"\ntitle = \"Open\"\ntrack = \"business\"\n\n\
        [[milestone]]\nid = \"secret\"\ntitle = \"Secret\"\ntrack = \"technology\"\naudiences = [\"engineering\"]\n\n\
        [[milestone.metric]]\nname = \"m\"\n\n[[risk]]\nid = \"r\"\ntitle = \"R\"\n";

    fn board() -> Options {
        Options { audience: Some("board".to_string()), ..Options::on(Date::from_days(0)) }
    }

    fn at(line: usize, message: &str) -> Diagnostic {
        let file = "content/roadmap/a.toml";
        let offset: usize = ROADMAP.split_inclusive('\n').take(line - 1).map(str::len).sum();
        Diagnostic::new(Code::Unscheduled, message, Place::at(file, ROADMAP, offset))
    }

    #[test]
    fn diagnostics_inside_or_naming_hidden_items_are_counted_only() {
        let raw = from_memory(None, &[("content/roadmap/a.toml", ROADMAP.as_bytes())]);
        let list = vec![
            at(2, "about `open`"),
            at(7, "inside the hidden item"),
            at(13, "in the hidden item's metric"),
            at(16, "in the risk after it"),
            at(3, "names `secret`"),
            at(3, "names `secret-plan`, another id"),
        ];
        let shown = for_edition(&raw, &board(), list.clone());
        let kept: Vec<&str> = shown.list.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(kept, ["about `open`", "in the risk after it", "names `secret-plan`, another id"]);
        assert_eq!((shown.withheld.errors, shown.withheld.warnings), (0, 3));
        assert_eq!(for_edition(&raw, &Options::on(Date::from_days(0)), list.clone()).list, list);
    }

    #[test]
    fn a_file_that_is_not_toml_is_withheld_when_it_names_audiences() {
        let broken = "[[milestone]]\nid = \"x\"\naudiences = [\"engineering\"\n";
        let raw = from_memory(None, &[("content/roadmap/a.toml", broken.as_bytes())]);
        let d = Diagnostic::new(Code::Parse, "bad", Place::at("content/roadmap/a.toml", broken, 20));
        assert_eq!(for_edition(&raw, &board(), vec![d.clone()]).withheld.errors, 1);
        let plain = broken.replace("audiences", "owner");
        let raw = from_memory(None, &[("content/roadmap/a.toml", plain.as_bytes())]);
        assert_eq!(for_edition(&raw, &board(), vec![d.clone()]).list, [d]);
    }
}
