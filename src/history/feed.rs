//! `changes.xml`: the comparison as an Atom feed (RFC 4287).
//!
//! Ids are `urn:uuid:` names derived from stable inputs only (the base commit,
//! the kind and id of the item; the site's title and base URL for the feed),
//! so two builds of the same input give the same ids and bytes. `updated` is
//! the target commit's date, or the site's `as_of` for the working tree:
//! never the clock.

use super::diff::{Changes, Group};
use super::report;
use super::Comparison;
use crate::render::escape_html;
use std::fmt::Write as _;

/// What the feed needs from the site.
pub struct FeedSite<'a> {
    pub title: &'a str,
    /// `/` or an absolute URL ending in `/`.
    pub base_url: &'a str,
}

/// One entry before it is written.
struct Entry {
    kind: &'static str,
    id: String,
    title: String,
    href: String,
    category: &'static str,
    lines: Vec<String>,
}

/// The Atom document.
pub fn atom(comparison: &Comparison, site: &FeedSite) -> String {
    let updated = match &comparison.target {
        Some(target) => target.time.clone(),
        None => format!("{}T00:00:00Z", comparison.as_of),
    };
    let base = &comparison.base;
    let link = |href: &str| {
        if site.base_url.starts_with("http") {
            format!("{}{href}", site.base_url)
        } else {
            href.to_string()
        }
    };
    let mut xml =
        String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    let _ = writeln!(xml, "  <title>{}: changes since {}</title>", escape_html(site.title), escape_html(&base.name));
    let _ = writeln!(xml, "  <subtitle>Compared with {}</subtitle>", escape_html(&report::revision_label(base)));
    let _ = writeln!(xml, "  <id>{}</id>", urn(&["roadbook-changes", site.base_url, site.title]));
    let _ = writeln!(xml, "  <updated>{}</updated>", escape_html(&updated));
    let _ = writeln!(
        xml,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape_html(&link(&crate::model::Section::Changes.href()))
    );
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape_html(&link("changes.xml"))
    );
    let _ = writeln!(xml, "  <author><name>{}</name></author>", escape_html(site.title));
    let _ = writeln!(xml, "  <generator>roadbook</generator>");
    for entry in entries(&comparison.changes) {
        let id = urn(&["roadbook-change", &base.commit, entry.kind, &entry.id]);
        let _ = writeln!(xml, "  <entry>");
        let _ = writeln!(xml, "    <title>{}</title>", escape_html(&entry.title));
        let _ = writeln!(xml, "    <id>{id}</id>");
        let _ = writeln!(xml, "    <updated>{}</updated>", escape_html(&updated));
        let _ = writeln!(
            xml,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            escape_html(&link(&entry.href))
        );
        let _ = writeln!(xml, "    <category term=\"{}\"/>", entry.category);
        let _ = writeln!(xml, "    <summary type=\"text\">{}</summary>", escape_html(&entry.lines.join("; ")));
        let _ = writeln!(xml, "  </entry>");
    }
    xml.push_str("</feed>\n");
    xml
}

fn entries(changes: &Changes) -> Vec<Entry> {
    let titles: std::collections::HashMap<&str, &str> =
        changes.decisions.iter().map(|d| (d.id.as_str(), d.title.as_str())).collect();
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
            list.push(Entry { kind: "milestone", id: c.id.clone(), title, href, category: group.as_str(), lines });
        }
    }
    for c in &changes.objectives {
        let href = crate::model::objective_href(&c.id);
        let title = format!("Objective: {}", c.title);
        let lines = report::objective_details(c);
        list.push(Entry { kind: "objective", id: c.id.clone(), title, href, category: "objective", lines });
    }
    for c in &changes.risks {
        let href = crate::model::risk_href(&c.id);
        let title = format!("Risk: {}", c.title);
        let lines = report::risk_details(c);
        list.push(Entry { kind: "risk", id: c.id.clone(), title, href, category: "risk", lines });
    }
    for d in &changes.decisions {
        let href = crate::model::decision_href(&d.id);
        let title = format!("Decision: {}", d.title);
        let mut lines = vec![format!("decided {}", d.date)];
        if !d.affects.is_empty() {
            lines.push(format!("affects {}", d.affects.join(", ")));
        }
        list.push(Entry { kind: "decision", id: d.id.clone(), title, href, category: "decision", lines });
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
