//! Tags: the `[tags]` table of roadbook.toml, the `undefined-tag` warning,
//! and the site's table of tags (what carries each, and the folder of its
//! page: a slug no other tag of the site has).

use super::checker::Checker;
use super::paths::slug;
use crate::content::raw::Str;
use crate::content::RawSite;
use crate::diagnostic::{nearest, Code, Diagnostic};
use crate::model::{Site, Tag};
use std::collections::{BTreeMap, HashSet};

/// A tag's folder is at most this many bytes of its slug, well under file systems' 255.
const MAX_SLUG_BYTES: usize = 64;

/// The folder of a tag whose name has no letter or digit (`+++`, `🚀`), before disambiguation.
const NAMELESS: &str = "tag";

/// `[tags]` as validated: each name trimmed, with its description; `None` without the table.
/// An empty name, or two names that are one once trimmed, is an `invalid-value` error.
pub(crate) fn definitions(
    checker: &mut Checker,
    table: Option<&BTreeMap<Str, Str>>,
) -> Option<BTreeMap<String, String>> {
    let mut written: Vec<(&Str, &Str)> = table?.iter().collect();
    written.sort_by_key(|(name, _)| name.span().start);
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    let mut first: BTreeMap<&str, usize> = BTreeMap::new();
    for (name, description) in written {
        let trimmed = name.get_ref().trim();
        if trimmed.is_empty() {
            checker.error(Code::InvalidValue, "a tag under [tags] needs a name", name.span().start);
        } else if let Some(&earlier) = first.get(trimmed) {
            let line = checker.place(earlier).line;
            let message = format!(
                "tag `{}` is already defined on line {line} under [tags] (names are compared trimmed): keep one",
                shown(trimmed)
            );
            checker.error(Code::InvalidValue, message, name.span().start);
        } else {
            first.insert(trimmed, name.span().start);
            out.insert(trimmed.to_string(), description.get_ref().trim().to_string());
        }
    }
    Some(out)
}

/// A name as a one-line message shows it: control characters as `\u{fffd}`.
fn shown(name: &str) -> String {
    name.chars().map(|c| if c.is_control() { '\u{fffd}' } else { c }).collect()
}

/// An `undefined-tag` warning at every tag an item carries that `defined` lacks, with the
/// defined tag nearest to it (the same but for case first). Every item is judged, whoever the
/// build is for, as the other warnings are.
pub(crate) fn undefined(raw: &RawSite, defined: &BTreeMap<String, String>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut judge = |file: usize, tags: &[Str]| {
        for tag in tags {
            let name = tag.get_ref().trim();
            if name.is_empty() || defined.contains_key(name) {
                continue;
            }
            let message = match suggestion(name, defined) {
                Some(near) => format!(
                    "tag `{}` is not defined under [tags] in roadbook.toml; did you mean `{}`?",
                    shown(name),
                    shown(near)
                ),
                None => format!(
                    "tag `{}` is not defined under [tags] in roadbook.toml: define it there with a description, or use a tag that is",
                    shown(name)
                ),
            };
            out.push(Diagnostic::new(Code::UndefinedTag, message, raw.files[file].place(tag.span().start)));
        }
    };
    raw.milestones.iter().for_each(|m| judge(m.file, &m.item.tags));
    raw.objectives.iter().for_each(|o| judge(o.file, &o.item.tags));
    raw.risks.iter().for_each(|r| judge(r.file, &r.item.tags));
    out
}

fn suggestion<'a>(name: &str, defined: &'a BTreeMap<String, String>) -> Option<&'a str> {
    let lower = name.to_lowercase();
    let same_but_case = defined.keys().find(|d| d.to_lowercase() == lower);
    same_but_case.map(String::as_str).or_else(|| nearest(name, defined.keys().map(String::as_str)))
}

/// Every tag the items of `site` carry, by name (byte order, which `Site::tag` searches), with
/// its description from `[tags]` and the indices of what carries it.
pub(crate) fn table(site: &Site) -> Vec<Tag> {
    let mut carried: BTreeMap<&str, [Vec<usize>; 3]> = BTreeMap::new();
    let items = site.milestones.iter().map(|m| &m.tags).enumerate().map(|(i, t)| (0, i, t));
    let items = items.chain(site.objectives.iter().map(|o| &o.tags).enumerate().map(|(i, t)| (1, i, t)));
    let items = items.chain(site.risks.iter().map(|r| &r.tags).enumerate().map(|(i, t)| (2, i, t)));
    for (kind, i, tags) in items {
        for tag in tags {
            carried.entry(tag).or_default()[kind].push(i);
        }
    }
    let names: Vec<&str> = carried.keys().copied().collect();
    let defined = |name: &str| site.config.tags.as_ref().is_some_and(|t| t.contains_key(name));
    let described = |name: &str| site.config.tags.as_ref()?.get(name).filter(|d| !d.is_empty()).cloned();
    carried
        .into_iter()
        .zip(slugs(&names, defined))
        .map(|((name, [milestones, objectives, risks]), slug)| Tag {
            name: name.to_string(),
            slug,
            description: described(name),
            milestones,
            objectives,
            risks,
        })
        .collect()
}

/// The folder of each tag of `names` (sorted), unique among them: its slug (letters and digits
/// of any script lowercased, `_`, and `-` for every other run, as narratives' folders; cut to
/// `MAX_SLUG_BYTES`; `tag` when nothing is left). Where tags share a slug (`c`, `C`, `C++` and
/// `c--` are all `c`), it goes to the first of them in this order: the tag whose name is the slug
/// itself, then tags `[tags]` defines, then names that are the slug but for case, then names in
/// lowercase, then by name. Each other, in that order, gets the slug with the lowest `-2`, `-3`,
/// ... that no tag has. So a tag whose slug is its own always keeps it, and a build gives the same folders
/// whatever the order of the files.
fn slugs(names: &[&str], defined: impl Fn(&str) -> bool) -> Vec<String> {
    let natural: Vec<String> = names.iter().map(|n| natural_slug(n)).collect();
    let mut claims: Vec<usize> = (0..names.len()).collect();
    claims.sort_by_cached_key(|&i| {
        let (name, lower) = (names[i], names[i].to_lowercase());
        (name != natural[i], !defined(name), lower != natural[i], lower != name, name)
    });
    let mut taken: HashSet<String> = HashSet::new();
    let mut out: Vec<Option<String>> = vec![None; names.len()];
    for &i in &claims {
        if taken.insert(natural[i].clone()) {
            out[i] = Some(natural[i].clone());
        }
    }
    for &i in &claims {
        if out[i].is_none() {
            let base = &natural[i];
            let free = (2..).map(|n| format!("{base}-{n}")).find(|s| !taken.contains(s)).unwrap_or_default();
            taken.insert(free.clone());
            out[i] = Some(free);
        }
    }
    out.into_iter().map(Option::unwrap_or_default).collect()
}

fn natural_slug(name: &str) -> String {
    let full = slug(name);
    let mut end = full.len().min(MAX_SLUG_BYTES);
    while !full.is_char_boundary(end) {
        end -= 1;
    }
    match full[..end].trim_end_matches('-') {
        "" => NAMELESS.to_string(),
        cut => cut.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_names_make_safe_slugs_and_shared_slugs_are_told_apart() {
        let names = [
            "../x",
            "C",
            "C++",
            "c",
            "c-2",
            "c--",
            "café au lait",
            "help wanted",
            "🚀",
            "+++",
            "tag",
            "Tag",
            "TAG!",
            "Tag!",
        ];
        let mut sorted = names.to_vec();
        sorted.sort_unstable();
        let slugs = slugs(&sorted, |name| name == "Tag");
        let got: Vec<(&str, &str)> = sorted.iter().copied().zip(slugs.iter().map(String::as_str)).collect();
        assert_eq!(
            got,
            [
                ("+++", "tag-3"),
                ("../x", "x"),
                ("C", "c-3"),
                ("C++", "c-5"),
                ("TAG!", "tag-5"),
                ("Tag", "tag-2"),
                ("Tag!", "tag-6"),
                ("c", "c"),
                ("c--", "c-4"),
                ("c-2", "c-2"),
                ("café au lait", "café-au-lait"),
                ("help wanted", "help-wanted"),
                ("tag", "tag"),
                ("🚀", "tag-4"),
            ]
        );
    }

    #[test]
    fn long_names_are_cut_at_a_character() {
        let long = "é".repeat(100);
        let s = natural_slug(&long);
        assert_eq!(s, "é".repeat(32));
        assert_eq!(natural_slug(&format!("{}-b", "a".repeat(63))), "a".repeat(63));
    }
}
