//! Roadmap history: what changed between the site as it was at a git
//! revision and the working tree (or another revision) — SPEC section 7,
//! "Change since the last review". Pure: no IO.
//!
//! The command layer reads a revision's files with `git` (`RevisionFiles`);
//! the pipeline (`site`) loads and validates them with the same options as the
//! new side, so an audience build filters both; `compare` (with `diff`) then
//! compares the two models, and `report` prints the comparison for
//! `roadbook diff`. The change page, its Atom feed and the badges are rendered
//! by `render`.

mod diff;
pub(crate) mod report;

pub(crate) use diff::{diff, Changes, DecisionAdded, Group, Hidden, MilestoneChange, Presence};

use crate::diagnostic::{Code, Diagnostic, Shown};
use crate::model::Site;
use serde::Serialize;
use std::path::PathBuf;

/// A git revision as resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Revision {
    /// As the user wrote it: `q3-review`, `HEAD~3`, a hash.
    pub(crate) name: String,
    /// The full commit hash.
    pub(crate) commit: String,
    /// The first seven characters of the hash.
    pub(crate) short: String,
    /// The commit's committer date, RFC 3339 (`2026-10-01T09:30:00+02:00`).
    pub(crate) time: String,
}

impl Revision {
    /// The calendar day of the commit (in the committer's time zone).
    pub(crate) fn date(&self) -> &str {
        self.time.get(..10).unwrap_or(&self.time)
    }
}

/// A comparison of the site at `base` with the site at `target`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Comparison {
    pub(crate) base: Revision,
    /// `None` for the working tree.
    pub(crate) target: Option<Revision>,
    /// The `as_of` date of the new side: when the working tree's changes are dated.
    pub(crate) as_of: String,
    #[serde(flatten)]
    pub(crate) changes: Changes,
}

/// The site's files at a revision, as read from git: `roadbook.toml` and
/// everything under `content/` (path relative to the site root, bytes), and
/// a `too-large` error for each file over the size limit (left out, never read).
#[derive(Debug, Clone)]
pub(crate) struct RevisionFiles {
    pub(crate) revision: Revision,
    pub(crate) files: Vec<(String, Vec<u8>)>,
    pub(crate) too_large: Vec<Diagnostic>,
}

/// Why a revision could not be read or compared. Each names the revision.
#[derive(Debug, Clone)]
pub(crate) enum Error {
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
    pub(crate) fn to_diagnostics(&self) -> Vec<Diagnostic> {
        let place = crate::diagnostic::Place::file_start(crate::config::FILE_NAME);
        let mut list = self.diagnostics().to_vec();
        list.push(Diagnostic::new(Code::InvalidValue, format!("compare: {self}"), place));
        list
    }

    /// The diagnostics to print before the error, if any.
    pub(crate) fn diagnostics(&self) -> &[Diagnostic] {
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

/// Compares `old`, the site at revision `base`, with `new`, the site at
/// `target` (`None`: the working tree), both validated with the same options.
/// Only what is hidden from the new side's audience is left out: an item
/// hidden at the revision and visible now is simply added.
pub(crate) fn compare(base: Revision, old: &Site, target: Option<Revision>, new: &Site) -> Comparison {
    let changes = diff(old, new, &hidden(new));
    Comparison { base, target, as_of: new.config.as_of.to_string(), changes }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{content, model, validate};

    /// The site for the `engineering` audience, as of the date in its roadbook.toml.
    fn for_engineering(as_of: &str, roadmap: &str) -> Site {
        let config = format!("as_of = \"{as_of}\"\n[audiences]\nboard = \"Board\"\nengineering = \"Engineers\"\n");
        let files = [
            ("roadbook.toml".to_string(), config.into_bytes()),
            ("content/roadmap/main.toml".to_string(), roadmap.as_bytes().to_vec()),
        ];
        let raw = content::load_files(&files);
        let options = validate::Options {
            audience: Some("engineering".to_string()),
            ..validate::Options::on(model::Date::from_days(0))
        };
        validate::validate(&raw, &options, None).map(|(site, _)| site).unwrap_or_else(|e| panic!("{e:?}"))
    }

    /// Two milestones due at `due`; `secret` for the board only when `restricted`.
    fn roadmap(due: &str, restricted: bool) -> String {
        let audiences = if restricted { "audiences = [\"board\"]\n" } else { "" };
        format!(
            "[[milestone]]\nid = \"open\"\ntitle = \"Open\"\ntrack = \"technology\"\ndue = \"{due}\"\n\n\
             [[milestone]]\nid = \"secret\"\ntitle = \"Secret\"\ntrack = \"technology\"\ndue = \"{due}\"\n\
             {audiences}"
        )
    }

    #[test]
    fn compare_reports_what_the_new_side_shows_as_of_its_date() {
        let revision = |name: &str| Revision {
            name: name.to_string(),
            commit: "0123456789abcdef".to_string(),
            short: "0123456".to_string(),
            time: "2026-10-01T09:30:00+02:00".to_string(),
        };
        // `secret` was visible at the revision and is hidden now: not reported as dropped.
        let old = for_engineering("2026-10-01", &roadmap("2027-Q1", false));
        let new = for_engineering("2026-11-24", &roadmap("2027-Q3", true));
        let comparison = compare(revision("q3-review"), &old, Some(revision("HEAD")), &new);
        let ids: Vec<&str> = comparison.changes.milestones.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["open"], "the hidden milestone leaves no trace");
        assert_eq!(comparison.as_of, "2026-11-24");
        assert_eq!(comparison.base.name, "q3-review");
        assert_eq!(comparison.target.map(|t| t.name).as_deref(), Some("HEAD"));
    }
}
