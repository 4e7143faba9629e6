//! A site root before the pipeline runs: whether a folder is one, and the
//! settings of its `roadbook.toml` that the command layer needs to make the
//! pipeline's options.

use crate::content;
use std::path::{Path, PathBuf};

/// What the command layer reads from `roadbook.toml` before the pipeline runs.
#[derive(Debug, Clone, Default)]
pub(crate) struct Settings {
    /// The audiences defined; `None` when `roadbook.toml` does not parse (loading reports why).
    pub(crate) audiences: Option<Vec<String>>,
    /// `compare`, when set to a revision.
    pub(crate) compare: Option<String>,
    /// The largest file roadbook reads, in bytes.
    pub(crate) max_file_size: u64,
}

/// Reads the settings of the site at `root`.
pub(crate) fn settings(root: &Path) -> Settings {
    let config = content::config_of(root);
    let compare = config.as_ref().and_then(|c| c.compare.as_ref()).map(|r| r.get_ref().trim().to_string());
    Settings {
        audiences: config.as_ref().map(|c| c.audiences.keys().cloned().collect()),
        compare: compare.filter(|r| !r.is_empty()),
        max_file_size: config.unwrap_or_default().max_file_size(),
    }
}

/// Why a folder cannot be used as a site root.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum RootError {
    /// The folder does not exist (a typo, most often): a usage error.
    Missing(String),
    /// The folder has neither `roadbook.toml` nor `content/`: a usage error.
    NotASite(String),
    /// The folder has `roadbook.toml` but no `content/`: nothing to build, a content error.
    NoContent(String),
}

impl std::fmt::Display for RootError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RootError::Missing(m) | RootError::NotASite(m) | RootError::NoContent(m) => f.write_str(m),
        }
    }
}

/// Checks that `root` is a site root: an existing folder with `content/`
/// (and usually `roadbook.toml`). A missing root suggests the nearest folder
/// beside it; nothing is ever created here, so a typo cannot build an empty
/// site over a good one.
pub(crate) fn check_root(root: &Path) -> Result<(), RootError> {
    let shown = root.display();
    if !root.is_dir() {
        let what = if root.exists() { "is not a folder" } else { "does not exist" };
        let hint =
            near_folder(root).map_or_else(|| ".".to_string(), |near| format!("; did you mean `{}`?", near.display()));
        return Err(RootError::Missing(format!(
            "the site root `{shown}` {what}{hint} Pass --root with the folder that holds roadbook.toml and content/, or run `roadbook init {shown}` to start a site there"
        )));
    }
    let (config, content) = (root.join(crate::config::FILE_NAME).is_file(), root.join("content").is_dir());
    match (config, content) {
        (_, true) => Ok(()),
        (false, false) => Err(RootError::NotASite(format!(
            "`{shown}` is not a roadbook site: it has neither roadbook.toml nor a content/ folder. Pass --root with the site's folder, or run `roadbook init {shown}` to start one"
        ))),
        (true, false) => Err(RootError::NoContent(format!(
            "`{shown}` has roadbook.toml but no content/ folder, so there is no roadmap to read; nothing was written. Restore content/ (or run `roadbook init` in an empty folder to see the layout)"
        ))),
    }
}

/// The folder beside a missing `root` whose name is nearest to it, if one is close enough to be a typo.
fn near_folder(root: &Path) -> Option<PathBuf> {
    let name = root.file_name()?.to_str()?;
    let parent = root.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let folders: Vec<String> = std::fs::read_dir(parent)
        .ok()?
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    let mut sorted: Vec<&str> = folders.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    crate::diagnostic::nearest(name, sorted).map(|near| root.with_file_name(near))
}
