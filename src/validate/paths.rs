//! Where a narrative is written: its path under `content/`, each name
//! slugged into a safe URL segment. Two files that slug to the same folder
//! are an error in `validate` (naming both), never one page silently
//! replacing the other.

/// One file or folder name as a URL segment, like Zola's default slugs but
/// keeping letters beyond ASCII: letters and digits of any script,
/// lowercased, and `_`; every other run of characters (spaces, `-`, `.`, `?`,
/// `#`, `%`, quotes, newlines and other controls) becomes one `-`, none at the
/// ends. `Café Plan` -> `café-plan`, `a?b#c` -> `a-b-c`.
pub(crate) fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut gap = false;
    for c in name.chars() {
        if c.is_alphanumeric() || c == '_' {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

/// The output folder of a narrative: `narratives/Six Pager.md` ->
/// `narratives/six-pager/`; `index.md` -> ``; `a/index.md` -> `a/`.
/// `None` when a name has no letter or digit to make a URL segment from.
pub(crate) fn output_folder(content_path: &str) -> Option<String> {
    let stem = content_path.strip_suffix(".md").unwrap_or(content_path);
    let mut names: Vec<&str> = stem.split('/').collect();
    if names.last() == Some(&"index") {
        names.pop();
    }
    let mut folder = String::new();
    for name in names {
        let segment = slug(name);
        if segment.is_empty() {
            return None;
        }
        folder.push_str(&segment);
        folder.push('/');
    }
    Some(folder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_lowercase_words_joined_by_hyphens() {
        assert_eq!(slug("six-pager"), "six-pager");
        assert_eq!(slug("Café Plan"), "café-plan");
        assert_eq!(slug("a?b#c%20d"), "a-b-c-20d");
        assert_eq!(slug(" new\nline\t"), "new-line");
        assert_eq!(slug("v1.2 -- notes_draft"), "v1-2-notes_draft");
        assert_eq!(slug("\u{202e}evil\u{200b}"), "evil");
        assert_eq!(slug("?!"), "");
    }

    #[test]
    fn output_folders_slug_every_name() {
        assert_eq!(output_folder("narratives/six-pager.md").as_deref(), Some("narratives/six-pager/"));
        assert_eq!(output_folder("index.md").as_deref(), Some(""));
        assert_eq!(output_folder("Q3 Plans/index.md").as_deref(), Some("q3-plans/"));
        assert_eq!(output_folder("narratives/x#y.md").as_deref(), Some("narratives/x-y/"));
        assert_eq!(output_folder("narratives/???.md"), None);
    }
}
