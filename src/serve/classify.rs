//! The watch-event classifier: a pure function from a changed path (relative
//! to the site root) to what it means for the preview. Editor noise (vim's
//! `4913` probe and swap files, emacs locks, `~` backups, JetBrains temp
//! files, hidden files) is ignored so one save gives one rebuild.

use std::path::{Component, Path};

/// What a changed path means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Change {
    /// Not ours, or an editor's scratch file.
    Ignore,
    /// Something under `content/`.
    Content,
    /// A template override under `templates/`.
    Template,
    /// A file under `static/`.
    Static,
    /// `roadbook.toml`.
    Config,
}

/// Classifies one path relative to the site root.
pub(crate) fn classify(rel: &Path) -> Change {
    let parts: Vec<&str> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    let Some((&first, rest)) = parts.split_first() else { return Change::Ignore };
    if rest.is_empty() {
        return match first {
            "roadbook.toml" => Change::Config,
            "content" => Change::Content,
            "templates" => Change::Template,
            "static" => Change::Static,
            _ => Change::Ignore,
        };
    }
    if parts.iter().any(|p| is_noise(p)) {
        return Change::Ignore;
    }
    match first {
        "content" => Change::Content,
        "templates" => Change::Template,
        "static" => Change::Static,
        _ => Change::Ignore,
    }
}

/// Editor scratch files and hidden files.
fn is_noise(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.contains("___jb_tmp___")
        || name.contains("___jb_old___")
        || name.starts_with('#') && name.ends_with('#')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(path: &str) -> Change {
        classify(Path::new(path))
    }

    #[test]
    fn watched_places_are_classified() {
        assert_eq!(c("roadbook.toml"), Change::Config);
        assert_eq!(c("content/roadmap/business.toml"), Change::Content);
        assert_eq!(c("content/narratives/six-pager.md"), Change::Content);
        assert_eq!(c("templates/index.html"), Change::Template);
        assert_eq!(c("static/logo.png"), Change::Static);
        assert_eq!(c("content"), Change::Content, "a folder deleted or recreated");
    }

    #[test]
    fn editor_noise_is_ignored() {
        for noise in [
            "content/4913",
            "content/narratives/.six-pager.md.swp",
            "content/narratives/six-pager.md.swx",
            "content/narratives/six-pager.md~",
            "content/narratives/.#six-pager.md",
            "content/narratives/#six-pager.md#",
            "content/narratives/six-pager.md___jb_tmp___",
            "content/narratives/six-pager.md___jb_old___",
            "content/.DS_Store",
            "content/.git/index",
        ] {
            assert_eq!(c(noise), Change::Ignore, "{noise}");
        }
    }

    #[test]
    fn other_places_are_ignored() {
        for other in ["public/index.html", "target/debug/x", "README.md", "roadbook.toml.tmp", ""] {
            assert_eq!(c(other), Change::Ignore, "{other}");
        }
    }
}
