//! An in-test link checker: every relative `href` and `src` in the output
//! must name an existing file (read as a browser reads a link to a file:
//! without its `?query`, `%XX` decoded), and every `#fragment` an existing id.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Attribute values of `attr="..."` in `html`, entity-decoded.
pub fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            rest.find('"').map(|end| decode(&rest[..end]))
        })
        .collect()
}

fn decode(value: &str) -> String {
    value.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// Broken links in an output folder, as `page: href` strings.
pub fn broken_links(root: &Path) -> Vec<String> {
    let pages: Vec<PathBuf> =
        super::harness::walkdir(root).into_iter().filter(|p| p.extension().is_some_and(|e| e == "html")).collect();
    let mut ids: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    let mut broken = Vec::new();
    for page in &pages {
        if page.ends_with("404.html") {
            continue;
        }
        let html = std::fs::read_to_string(page).unwrap();
        let targets = ["href", "src", "action"].into_iter().flat_map(|attr| attr_values(&html, attr));
        for href in targets {
            let external = ["http://", "https://", "mailto:"].iter().any(|s| href.starts_with(s));
            // Inline images (the favicon) load nothing from anywhere.
            if external || href.starts_with("data:image/") {
                continue;
            }
            let (path, fragment) = href.split_once('#').map_or((href.as_str(), None), |(p, f)| (p, Some(f)));
            // As a browser reads a link to a file: a query is not part of the path, `%XX` is a byte.
            let path = percent_decode(path.split('?').next().unwrap_or_default());
            let target = if path.is_empty() { page.clone() } else { normalize(&page.parent().unwrap().join(&path)) };
            if !target.is_file() || !target.starts_with(root) {
                broken.push(format!("{}: {href}", page.strip_prefix(root).unwrap().display()));
                continue;
            }
            let Some(fragment) = fragment else { continue };
            let known = ids.entry(target.clone()).or_insert_with(|| {
                let html = std::fs::read_to_string(&target).unwrap_or_default();
                attr_values(&html, "id").into_iter().collect()
            });
            if !known.contains(fragment) {
                broken.push(format!("{}: {href} (no such id)", page.strip_prefix(root).unwrap().display()));
            }
        }
    }
    broken
}

fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
