//! Roadmap history: the site as it was at a git revision, compared with the
//! working tree (or another revision) — SPEC section 7, "Change since the last review".
//!
//! `git` reads the old files (one `ls-tree` and one `cat-file --batch`, no
//! network, nothing written into the repository); `content::load_files` and
//! `validate` turn them into a model with the same options as the new side,
//! so an audience build filters both; `diff` compares the two models;
//! `report` prints the comparison for `roadbook diff`. The change page, its
//! Atom feed and the badges are rendered by `render`.

mod diff;
mod git;
pub mod report;

pub use diff::{
    diff, Change, Changes, DecisionAdded, Group, Hidden, MetricMove, MilestoneChange, ObjectiveChange, Presence,
    Redate, RiskChange,
};

use crate::content::{self, RawSite};
use crate::diagnostic::{Code, Diagnostic, Shown};
use crate::model::Site;
use crate::validate;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// A git revision as resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revision {
    /// As the user wrote it: `q3-review`, `HEAD~3`, a hash.
    pub name: String,
    /// The full commit hash.
    pub commit: String,
    /// The first seven characters of the hash.
    pub short: String,
    /// The commit's committer date, RFC 3339 (`2026-10-01T09:30:00+02:00`).
    pub time: String,
}

impl Revision {
    /// The calendar day of the commit (in the committer's time zone).
    pub fn date(&self) -> &str {
        self.time.get(..10).unwrap_or(&self.time)
    }
}

/// A comparison of the site at `base` with the site at `target`.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub base: Revision,
    /// `None` for the working tree.
    pub target: Option<Revision>,
    /// The `as_of` date of the new side: when the working tree's changes are dated.
    pub as_of: String,
    #[serde(flatten)]
    pub changes: Changes,
}

/// Why a revision could not be read or compared. Each names the revision.
#[derive(Debug)]
pub enum Error {
    /// The `git` binary could not be run.
    GitMissing(String),
    /// The site root is not inside a git work tree.
    NotARepository(PathBuf),
    /// No commit has this name.
    UnknownRevision { rev: String, detail: String },
    /// git failed while reading the revision.
    Git { rev: String, detail: String },
    /// The content at the revision has errors (places are `REV:path`; under
    /// an audience, those in items it does not see are only counted).
    Content { rev: String, shown: Shown },
    /// The working tree's content has errors.
    Current(Shown),
}

impl Error {
    /// The error as diagnostics, for the preview server's overlay: the content
    /// errors at the revision, then the error itself at `roadbook.toml`'s `compare`.
    pub fn to_diagnostics(&self) -> Vec<Diagnostic> {
        let place = crate::diagnostic::Place::file_start(crate::config::FILE_NAME);
        let mut list = self.diagnostics().to_vec();
        list.push(Diagnostic::new(Code::InvalidValue, format!("compare: {self}"), place));
        list
    }

    /// The diagnostics to print before the error, if any.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Content { shown, .. } | Error::Current(shown) => &shown.list,
            _ => &[],
        }
    }
}

/// "2 errors above", and the count of those outside an audience's edition.
fn count_errors(shown: &Shown) -> String {
    let errors = shown.list.iter().filter(|d| d.is_error()).count();
    let above = format!("{errors} error{} above", if errors == 1 { "" } else { "s" });
    match shown.withheld.line() {
        Some(line) => format!("{above}; {line}"),
        None => above,
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::GitMissing(e) => write!(f, "cannot compare with a git revision: cannot run `git` ({e})"),
            Error::NotARepository(root) => {
                write!(f, "cannot compare with a git revision: {} is not inside a git repository", root.display())
            }
            Error::UnknownRevision { rev, detail } => write!(f, "unknown git revision `{rev}`: {detail}"),
            Error::Git { rev, detail } => write!(f, "cannot read git revision `{rev}`: {detail}"),
            Error::Content { rev, shown } => {
                write!(f, "the content at git revision `{rev}` does not load ({})", count_errors(shown))
            }
            Error::Current(shown) => {
                write!(f, "the working tree's content does not load ({})", count_errors(shown))
            }
        }
    }
}

/// The audience the build is for, if any: both sides are filtered to it.
fn audience(options: &validate::Options) -> Option<&str> {
    options.audience.as_deref()
}

/// One side of a comparison, read and validated.
struct Side {
    site: Site,
    hidden: Hidden,
}

/// Reads and validates the site at `root` as it was at `rev`.
fn load_revision(root: &Path, rev: &str, options: &validate::Options) -> Result<(Revision, Side), Error> {
    let repo = git::Repo::locate(root)?;
    let revision = repo.resolve(rev)?;
    let side = read_side(&repo, &revision, options, content::max_file_size(root))?;
    Ok((revision, side))
}

/// The site's files at a resolved revision (none over `limit` bytes), loaded and validated.
fn read_side(repo: &git::Repo, revision: &Revision, options: &validate::Options, limit: u64) -> Result<Side, Error> {
    let (files, too_large) = repo.site_files(revision, limit)?;
    let mut raw = content::load_files(files);
    raw.diagnostics.extend(too_large);
    if let Some(name) = audience(options) {
        // An audience defined since the revision still filters the old content.
        let described = toml::Spanned::new(0..0, String::new());
        raw.config.audiences.entry(name.to_string()).or_insert(described);
    }
    validated(&raw, options).map_err(|shown| Error::Content {
        rev: revision.name.clone(),
        shown: Shown {
            list: shown.list.into_iter().map(|d| at_revision(d, &revision.name)).collect(),
            withheld: shown.withheld,
        },
    })
}

/// Validates a side like a build does: read errors first, then meaning; warnings are not this report's business.
/// Under an audience, errors in items it does not see are only counted, as in a build.
fn validated(raw: &RawSite, options: &validate::Options) -> Result<Side, Shown> {
    let errors: Vec<Diagnostic> = raw.diagnostics.iter().filter(|d| d.is_error()).cloned().collect();
    if !errors.is_empty() {
        return Err(validate::for_edition(raw, options, errors));
    }
    let (site, diagnostics) = validate::validate(raw, options);
    if diagnostics.iter().any(Diagnostic::is_error) {
        let errors = diagnostics.into_iter().filter(Diagnostic::is_error).collect();
        return Err(validate::for_edition(raw, options, errors));
    }
    Ok(Side { hidden: hidden(&site), site })
}

/// Points a diagnostic's places into the revision: `q3-review:content/roadmap/a.toml`.
fn at_revision(mut d: Diagnostic, rev: &str) -> Diagnostic {
    d.place.file = format!("{rev}:{}", d.place.file);
    for (_, place) in &mut d.notes {
        place.file = format!("{rev}:{}", place.file);
    }
    d
}

/// Ids of the items this side's audience does not see (recorded by `validate` as it pruned them).
fn hidden(site: &Site) -> Hidden {
    Hidden {
        milestones: site.hidden.milestones.clone(),
        objectives: Default::default(),
        risks: site.hidden.risks.clone(),
        decisions: site.hidden.decisions.clone(),
    }
}

/// The old side of the last comparison, kept between the preview server's
/// rebuilds: while the revision names the same commit and the options are the
/// same, it is not read from git and validated again.
#[derive(Default)]
pub struct Cache {
    last: Option<(CacheKey, Side)>,
}

/// Commit, drafts, audience.
type CacheKey = (String, bool, Option<String>);

/// Compares the site at `root` as it was at `rev` with `current`, the model
/// just built from the working tree with the same `options`.
pub fn compare(root: &Path, rev: &str, options: &validate::Options, current: &Site) -> Result<Comparison, Error> {
    compare_cached(root, rev, options, current, &mut Cache::default())
}

/// Like `compare`, reusing the old side kept in `cache` while `rev` names the same commit.
pub fn compare_cached(
    root: &Path,
    rev: &str,
    options: &validate::Options,
    current: &Site,
    cache: &mut Cache,
) -> Result<Comparison, Error> {
    if !root.is_dir() {
        return Err(Error::NotARepository(root.to_path_buf()));
    }
    let repo = git::Repo::locate(root)?;
    let base = repo.resolve(rev)?;
    let key: CacheKey = (base.commit.clone(), options.drafts, audience(options).map(str::to_string));
    let old = match cache.last.take() {
        Some((k, side)) if k == key => side,
        _ => read_side(&repo, &base, options, content::max_file_size(root))?,
    };
    // Only what is hidden now matters: an item hidden at REV and visible now is simply added.
    let changes = diff(&old.site, current, &hidden(current));
    cache.last = Some((key, old));
    Ok(Comparison { base, target: None, as_of: current.config.as_of.to_string(), changes })
}

/// Compares the site at `root` as it was at `rev` with `rev2` (the working tree when `None`).
pub fn compare_revisions(
    root: &Path,
    rev: &str,
    rev2: Option<&str>,
    options: &validate::Options,
) -> Result<Comparison, Error> {
    if !root.is_dir() {
        return Err(Error::NotARepository(root.to_path_buf()));
    }
    let (base, old) = load_revision(root, rev, options)?;
    let (target, new) = match rev2 {
        Some(rev2) => {
            let (revision, side) = load_revision(root, rev2, options)?;
            (Some(revision), side)
        }
        None => (None, working_tree(root, options)?),
    };
    let changes = diff(&old.site, &new.site, &new.hidden);
    Ok(Comparison { base, target, as_of: new.site.config.as_of.to_string(), changes })
}

/// The working tree's side; its errors are ordinary content errors (no revision).
fn working_tree(root: &Path, options: &validate::Options) -> Result<Side, Error> {
    validated(&content::load(root), options).map_err(Error::Current)
}
