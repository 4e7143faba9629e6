//! `roadbook init`: writes a small starter site that builds and passes
//! `check --strict` as is. Due dates are the next two quarters from today.
//! Its TOML files start with a `#:schema` line pointing editors at the JSON
//! Schemas it writes into `schema/` (what `roadbook schema` writes).
//! It never overwrites: if any file exists, nothing is written. It never
//! writes through a symbolic link: if the folder or any path it would write
//! is a link (even a dangling one), nothing is written.

use crate::model::Date;
use crate::schema;
use std::path::{Path, PathBuf};

const FILES: &[(&str, &str)] = &[
    ("roadbook.toml", include_str!("starter/roadbook.toml")),
    ("content/index.md", include_str!("starter/index.md")),
    ("content/narratives/press-release.md", include_str!("starter/press-release.md")),
    ("content/narratives/six-pager.md", include_str!("starter/six-pager.md")),
    ("content/roadmap/roadmap.toml", include_str!("starter/roadmap.toml")),
];

/// Why `init` wrote nothing.
#[derive(Debug)]
pub(crate) enum InitError {
    /// These files exist already.
    Exists(Vec<PathBuf>),
    /// These paths are symbolic links that writing would follow.
    Links(Vec<PathBuf>),
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for InitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InitError::Exists(paths) => {
                let list: Vec<String> = paths.iter().map(|p| format!("  {}", p.display())).collect();
                write!(f, "refusing to overwrite existing files; nothing was written:\n{}", list.join("\n"))
            }
            InitError::Links(paths) => {
                let list: Vec<String> = paths.iter().map(|p| format!("  {}", p.display())).collect();
                write!(
                    f,
                    "refusing to write through symbolic links; nothing was written:\n{}\nPass the real folder, or remove the links first",
                    list.join("\n")
                )
            }
            InitError::Io(path, e) => write!(f, "cannot write `{}`: {e}", path.display()),
        }
    }
}

/// Every file of the starter site: (path relative to the site, text), dates filled in from `today`.
fn starter(today: Date) -> Vec<(String, String)> {
    let files = FILES.iter().map(|(rel, text)| (rel.to_string(), fill(text, today)));
    let schemas = schema::files().into_iter().map(|f| (format!("{}/{}", schema::FOLDER, f.name), f.text));
    files.chain(schemas).collect()
}

/// Writes the starter site into `dir`; returns the files written.
pub(crate) fn init(dir: &Path, today: Date) -> Result<Vec<PathBuf>, InitError> {
    let files = starter(today);
    let targets: Vec<PathBuf> = files.iter().map(|(rel, _)| dir.join(rel)).collect();
    let links = links_on_the_way(dir, &files);
    if !links.is_empty() {
        return Err(InitError::Links(links));
    }
    let existing: Vec<PathBuf> = targets.iter().filter(|p| p.symlink_metadata().is_ok()).cloned().collect();
    if !existing.is_empty() {
        return Err(InitError::Exists(existing));
    }
    for ((_, text), path) in files.iter().zip(&targets) {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| InitError::Io(parent.to_path_buf(), e))?;
        }
        write_new(path, text.as_bytes()).map_err(|e| InitError::Io(path.clone(), e))?;
    }
    Ok(targets)
}

/// `dir` itself and every folder or file under it that `init` would write, where that is a symbolic link.
fn links_on_the_way(dir: &Path, files: &[(String, String)]) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = Some(dir.to_path_buf()).filter(|d| is_link(d)).into_iter().collect();
    paths.extend(files.iter().flat_map(|(rel, _)| links_under(dir, Path::new(rel))));
    paths.sort();
    paths.dedup();
    paths
}

/// Every path on the way from `base` (not included) to `base/rel` that is a symbolic link, even a
/// dangling one: what writing `base/rel` would follow. Also used by `import` for the file it writes.
pub(crate) fn links_under(base: &Path, rel: &Path) -> Vec<PathBuf> {
    let mut path = base.to_path_buf();
    let mut links = Vec::new();
    for part in rel.components() {
        path.push(part);
        if is_link(&path) {
            links.push(path.clone());
        }
    }
    links
}

fn is_link(path: &Path) -> bool {
    path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink())
}

/// Creates a file that must not exist yet; a link in its place (even a dangling one) is not followed.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::OpenOptions::new().write(true).create_new(true).open(path)?.write_all(bytes)
}

/// Replaces the placeholders with dates relative to `today`.
fn fill(text: &str, today: Date) -> String {
    let q1 = today.quarter().next();
    let q2 = q1.next();
    text.replace("{{TODAY}}", &today.to_string())
        .replace("{{Q1}}", &q1.to_string())
        .replace("{{Q2}}", &q2.to_string())
        .replace("{{YEAR1}}", &q2.year().to_string())
        .replace("{{YEAR2}}", &(today.year() + 2).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_follow_today() {
        let today = Date::new(2026, 11, 24).unwrap();
        assert_eq!(fill("{{TODAY}} {{Q1}} {{Q2}} {{YEAR1}}", today), "2026-11-24 2027-Q1 2027-Q2 2027");
    }
}
