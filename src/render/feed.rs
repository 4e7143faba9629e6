//! `changes.xml`: the comparison as an Atom feed (RFC 4287), rendered with the
//! theme's `changes.xml` template (a site may override it like any other).
//!
//! Ids are `urn:uuid:` names derived from stable inputs only (the base commit,
//! the kind and id of the item; the site's title and base URL for the feed),
//! so two builds of the same input give the same ids and bytes. `updated` is
//! the target commit's date, or the site's `as_of` for the working tree:
//! never the clock.

use super::changes::FEED;
use crate::history::{report, Comparison, Group};
use crate::model::{Section, Site};
use serde::Serialize;

/// The feed's template.
pub(crate) const TEMPLATE: &str = "changes.xml";

/// What the feed template sees.
#[derive(Serialize)]
pub(crate) struct Feed<'a> {
    /// The site's title.
    title: &'a str,
    /// The revision compared with, as the user named it.
    base: &'a str,
    /// The revision with its short commit and date: `q3-review (abc1234, 2026-10-01)`.
    base_label: String,
    id: String,
    updated: String,
    /// The change report and the feed itself: absolute under an absolute `base_url`, else relative.
    alternate: String,
    own: String,
    entries: Vec<Entry>,
}

/// One entry.
#[derive(Serialize)]
struct Entry {
    title: String,
    id: String,
    href: String,
    /// The kind of change: a group of milestones (`added`, `redated`...), `objective`, `risk` or `decision`.
    category: &'static str,
    /// What changed, one line each (the template joins them with `; `).
    lines: Vec<String>,
}

impl<'a> Feed<'a> {
    pub(crate) fn new(site: &'a Site, comparison: &'a Comparison) -> Feed<'a> {
        let updated = match &comparison.target {
            Some(target) => target.time.clone(),
            None => format!("{}T00:00:00Z", comparison.as_of),
        };
        let base_url = site.config.base_url.as_str();
        let link =
            |href: &str| if base_url.starts_with("http") { format!("{base_url}{href}") } else { href.to_string() };
        let base = &comparison.base;
        let entries = entries(comparison)
            .into_iter()
            .map(|(kind, id, e)| Entry {
                id: urn(&["roadbook-change", &base.commit, kind, id]),
                href: link(&e.href),
                ..e
            })
            .collect();
        Feed {
            title: &site.config.title,
            base: &base.name,
            base_label: report::revision_label(base),
            id: urn(&["roadbook-changes", base_url, &site.config.title]),
            updated,
            alternate: link(&Section::Changes.href()),
            own: link(FEED),
            entries,
        }
    }
}

/// The entries in feed order, each with the kind and id its urn is made from (`href` still relative).
fn entries(comparison: &Comparison) -> Vec<(&'static str, &str, Entry)> {
    let changes = &comparison.changes;
    let titles: std::collections::HashMap<&str, &str> =
        changes.decisions.iter().map(|d| (d.id.as_str(), d.title.as_str())).collect();
    let entry = |title, href, category, lines| Entry { title, id: String::new(), href, category, lines };
    let mut list = Vec::new();
    for group in Group::ALL {
        for c in changes.group(group) {
            let mut lines = report::details(c);
            lines.extend(c.decisions.iter().filter_map(|d| titles.get(d.as_str())).map(|t| format!("why: {t}")));
            // A dropped milestone has no page any more: its entry points at the change report.
            let href = match group {
                Group::Dropped => crate::model::change_href(&c.id),
                _ => crate::model::milestone_href(&c.id),
            };
            let title = format!("{}: {}", group.title(), c.title);
            list.push(("milestone", c.id.as_str(), entry(title, href, group.as_str(), lines)));
        }
    }
    for c in &changes.objectives {
        let (title, lines) = (format!("Objective: {}", c.title), report::objective_details(c));
        list.push(("objective", c.id.as_str(), entry(title, crate::model::objective_href(&c.id), "objective", lines)));
    }
    for c in &changes.risks {
        let (title, lines) = (format!("Risk: {}", c.title), report::risk_details(c));
        list.push(("risk", c.id.as_str(), entry(title, crate::model::risk_href(&c.id), "risk", lines)));
    }
    for d in &changes.decisions {
        let mut lines = vec![format!("decided {}", d.date)];
        if !d.affects.is_empty() {
            lines.push(format!("affects {}", d.affects.join(", ")));
        }
        let title = format!("Decision: {}", d.title);
        list.push(("decision", d.id.as_str(), entry(title, crate::model::decision_href(&d.id), "decision", lines)));
    }
    list
}

/// A `urn:uuid:` name from the parts (FNV-1a, 128 bits, shaped as an RFC 9562 version 8 UUID).
fn urn(parts: &[&str]) -> String {
    let mut hash: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for (i, part) in parts.iter().enumerate() {
        let separator: &[u8] = if i == 0 { b"" } else { b"\0" };
        for &byte in separator.iter().chain(part.as_bytes()) {
            hash ^= u128::from(byte);
            hash = hash.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
        }
    }
    let hash = (hash & !(0xf << 76) | (0x8 << 76)) & !(0x3 << 62) | (0x2 << 62);
    let hex = format!("{hash:032x}");
    format!("urn:uuid:{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urns_are_stable_uuids_that_depend_on_every_part() {
        let a = urn(&["roadbook-change", "abc", "milestone", "launch"]);
        assert_eq!(a, urn(&["roadbook-change", "abc", "milestone", "launch"]));
        assert_ne!(a, urn(&["roadbook-change", "abd", "milestone", "launch"]));
        assert_ne!(urn(&["a", "bc"]), urn(&["ab", "c"]));
        let uuid = a.strip_prefix("urn:uuid:").unwrap();
        let groups: Vec<usize> = uuid.split('-').map(str::len).collect();
        assert_eq!(groups, vec![8, 4, 4, 4, 12]);
        assert_eq!(&uuid[14..15], "8", "version 8");
        assert!(matches!(&uuid[19..20], "8" | "9" | "a" | "b"), "RFC variant: {uuid}");
    }
}
