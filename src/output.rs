//! The only module that writes the output folder, and it does so atomically:
//! the site is written into a fresh sibling folder, which then takes the
//! output's place in one step (on Linux, `renameat2(RENAME_EXCHANGE)` swaps
//! the two folders atomically), and only then is the previous output
//! removed. A failed or killed build leaves the previous output untouched
//! or the new one in place, never a missing or half-written one (at worst a
//! hidden sibling folder, removed by the next build on Linux, where the
//! builder's process id can be checked in /proc; elsewhere it stays until
//! deleted by hand). Where the atomic swap
//! is unavailable (other systems, some file systems) the output is moved
//! aside and the new one renamed in: two renames, with a moment between
//! them in which the output folder is missing.
//!
//! Only folders roadbook wrote are ever replaced or removed: a missing or
//! empty folder, or one that carries the marker file `.roadbook-output`,
//! which every output gets first. The site root, its parents, `content/`,
//! `templates/` and `static/` (and anything inside them) are refused, and a
//! symbolic link is never followed while removing: a linked output is used
//! only when the folder it points to is itself a roadbook output.

use rayon::prelude::*;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// The file that marks a folder as written by roadbook (and so replaceable by it).
pub(crate) const MARKER: &str = ".roadbook-output";

const MARKER_TEXT: &str =
    "This folder was written by roadbook. `roadbook build` replaces only folders that carry this file.\n";

/// The folders of a site root that hold its input: an output there would be read back, or destroy the input.
const INPUT_FOLDERS: [&str; 3] = ["content", "templates", "static"];

/// A failure to write the output, with the path it concerns.
#[derive(Debug)]
pub(crate) struct OutputError {
    pub(crate) message: String,
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

fn io_error(path: &Path, action: &str, e: io::Error) -> OutputError {
    OutputError { message: format!("cannot {action} `{}`: {e}", path.display()) }
}

fn refuse(output: &Path, why: String) -> OutputError {
    OutputError { message: format!("refusing to replace `{}`: {why}", output.display()) }
}

/// Replaces `output` whole with what `fill` writes into a fresh staging folder
/// (with `write_file`, in parallel if it likes). When `fill` fails, the staging
/// folder is removed and `output` is untouched; `fill`'s error is returned.
/// This lets a build write each page as soon as it is rendered instead of
/// holding the whole site in memory. `output` must be a folder roadbook may
/// replace (see `target`); otherwise nothing is written.
pub(crate) fn replace_with<E: From<OutputError>>(
    output: &Path,
    root: &Path,
    fill: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<(), E> {
    let target = target(output, root)?;
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return Err(refuse(output, "it is the root of the file system".into()).into());
    };
    fs::create_dir_all(parent).map_err(|e| io_error(parent, "create folder", e))?;
    let name = name.to_string_lossy().into_owned();
    let staging = parent.join(format!(".{name}.roadbook-new-{}", std::process::id()));
    remove_leftovers(parent, &name);
    remove_ours(&staging).map_err(|e| io_error(&staging, "remove", e))?;
    fs::create_dir(&staging).map_err(|e| io_error(&staging, "create folder", e))?;
    write_file(&staging, MARKER, MARKER_TEXT.as_bytes())?;
    if let Err(e) = fill(&staging) {
        let _ = remove_ours(&staging);
        return Err(e);
    }
    Ok(swap_into_place(&staging, &target, parent, &name)?)
}

/// Writes one file under `dir`, creating its folder when missing.
pub(crate) fn write_file(dir: &Path, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
    let path = dir.join(path);
    // Nearly every page has a folder of its own (`milestones/ID/index.html`):
    // making it first is one `mkdir`, where trying the write first costs a
    // failed `open` per page.
    if let Some(folder) = path.parent().filter(|folder| *folder != dir) {
        fs::create_dir_all(folder).map_err(|e| io_error(folder, "create folder", e))?;
    }
    fs::write(&path, bytes).map_err(|e| io_error(&path, "write", e))
}

/// The absolute folder to replace for `output`, or why it may not be replaced.
/// It may be missing, an empty folder, or a roadbook output (it carries
/// `MARKER`); a symbolic link counts as the folder it points to, which must
/// itself be one of those. It may not hold the site root, nor lie inside one
/// of the site's input folders.
fn target(output: &Path, root: &Path) -> Result<PathBuf, OutputError> {
    let root_abs = fs::canonicalize(root).map_err(|e| io_error(root, "read the site root", e))?;
    let meta = fs::symlink_metadata(output);
    let target = match &meta {
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(output).map_err(|e| {
            refuse(output, format!("it is a symbolic link that cannot be followed ({e}); remove the link, or pass --output with a real folder"))
        })?,
        Ok(_) => fs::canonicalize(output).map_err(|e| io_error(output, "read", e))?,
        Err(_) => absolute(output)?,
    };
    if root_abs.starts_with(&target) {
        let why = "it contains the site itself; choose an output folder inside the site root, such as public/";
        return Err(refuse(output, why.into()));
    }
    if let Some(input) = INPUT_FOLDERS.iter().find(|f| target.starts_with(root_abs.join(f))) {
        let why = format!("it is the site's `{input}/` folder or inside it, which roadbook reads; choose another --output, such as public/");
        return Err(refuse(output, why));
    }
    let linked = meta.as_ref().is_ok_and(|m| m.file_type().is_symlink());
    match fs::symlink_metadata(&target) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(target),
        Err(e) => Err(io_error(output, "read", e)),
        Ok(m) if !m.is_dir() => Err(refuse(output, "it is a file, not a folder; choose another --output".into())),
        Ok(_) if is_ours(&target) || is_empty(&target) => Ok(target),
        Ok(_) if linked => Err(refuse(output, format!(
            "it is a symbolic link to `{}`, a folder roadbook did not write (it has no {MARKER} file); roadbook never replaces what it did not write. Pass --output with a new or empty folder, or remove the link",
            target.display()
        ))),
        Ok(_) => Err(refuse(output, format!(
            "it holds files roadbook did not write (it has no {MARKER} file, which every roadbook output carries); choose a new or empty folder with --output, or move those files away{}",
            if looks_like_old_output(&target) { older_hint(output) } else { String::new() }
        ))),
    }
}

/// A site written by a roadbook from before the marker: its own pages and `roadmap.json`.
fn looks_like_old_output(dir: &Path) -> bool {
    ["index.html", "404.html", "roadmap.json"]
        .iter()
        .all(|f| fs::symlink_metadata(dir.join(f)).is_ok_and(|m| m.is_file()))
}

fn older_hint(output: &Path) -> String {
    format!(". If an older roadbook wrote it (before outputs were marked), delete it once (`rm -r {}`); from then on each build marks its output", output.display())
}

/// `path` made absolute, through the real path of its nearest existing ancestor (so `..` and links above it resolve).
fn absolute(path: &Path) -> Result<PathBuf, OutputError> {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map_err(|e| io_error(path, "resolve", e))?.join(path)
    };
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    while fs::symlink_metadata(existing).is_err() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = fs::canonicalize(existing).map_err(|e| io_error(existing, "resolve", e))?;
    for part in rest.iter().rev() {
        match Path::new(part).components().next() {
            Some(Component::ParentDir) => {
                out.pop();
            }
            Some(Component::CurDir) | None => {}
            Some(_) => out.push(part),
        }
    }
    Ok(out)
}

/// Whether a real folder (not a link) carries the marker file.
fn is_ours(dir: &Path) -> bool {
    fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir())
        && fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

fn is_empty(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

/// Removes the staging and old folders that builds killed before they could
/// clean up left next to the output (those of processes no longer running).
/// Only real folders that carry the marker, or are empty, are removed; a link
/// or anything else of that name is left alone.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else { return };
    let prefixes = [format!(".{name}.roadbook-new-"), format!(".{name}.roadbook-old-")];
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else { continue };
        let pid = prefixes.iter().find_map(|p| file_name.strip_prefix(p.as_str())).and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|pid| !process_running(pid)) {
            let _ = remove_ours(&entry.path());
        }
    }
}

/// Whether a process is running; `true` when that cannot be known (then nothing is removed).
fn process_running(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    if cfg!(target_os = "linux") {
        return Path::new("/proc").join(pid.to_string()).exists();
    }
    true
}

/// Atomically exchanges two paths (both must exist).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both pointers are valid NUL-terminated strings that outlive the call.
    let r = unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

fn swap_into_place(staging: &Path, output: &Path, parent: &Path, name: &str) -> Result<(), OutputError> {
    if fs::symlink_metadata(output).is_err() {
        return fs::rename(staging, output).map_err(|e| io_error(output, "create", e));
    }
    match exchange(staging, output) {
        Ok(()) => {
            // `staging` now holds the previous site (checked by `target`: ours or empty).
            let _ = remove_ours(staging);
            return Ok(());
        }
        // Not supported here (old kernel, file system without it): fall back to two renames.
        Err(e) if e.kind() == io::ErrorKind::Unsupported || matches!(e.raw_os_error(), Some(22 | 38 | 95)) => {}
        Err(e) => {
            let _ = remove_ours(staging);
            return Err(io_error(output, "replace", e));
        }
    }
    let old = parent.join(format!(".{name}.roadbook-old-{}", std::process::id()));
    remove_ours(&old).map_err(|e| io_error(&old, "remove", e))?;
    fs::rename(output, &old).map_err(|e| {
        let _ = remove_ours(staging);
        io_error(output, "move aside", e)
    })?;
    if let Err(e) = fs::rename(staging, output) {
        let _ = fs::rename(&old, output);
        let _ = remove_ours(staging);
        return Err(io_error(output, "replace", e));
    }
    let _ = remove_ours(&old);
    Ok(())
}

/// Removes a folder roadbook wrote: a real folder carrying the marker (its
/// contents first, the marker last, so a removal cut short leaves a folder
/// that is still recognisably ours), or an empty one. A missing path is fine;
/// anything else (a link, a file, a folder without the marker) is left alone
/// and is an error.
fn remove_ours(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
        Ok(m) if !m.is_dir() => return Err(not_ours()),
        Ok(_) => {}
    }
    if is_ours(path) {
        let entries: Vec<fs::DirEntry> = fs::read_dir(path)?.collect::<io::Result<_>>()?;
        entries.par_iter().filter(|e| e.file_name() != MARKER).try_for_each(remove_entry)?;
        fs::remove_file(path.join(MARKER))?;
    }
    fs::remove_dir(path).map_err(|e| if is_empty(path) { e } else { not_ours() })
}

fn not_ours() -> io::Error {
    io::Error::other(format!(
        "it was not written by roadbook (no {MARKER} file), so it is left alone; remove it by hand"
    ))
}

/// Removes one entry of a folder being removed: a folder with all it holds, folders in parallel (the
/// old output of a 10,000-milestone site has 10,000 folders). Symbolic links are removed, never followed.
fn remove_entry(entry: &fs::DirEntry) -> io::Result<()> {
    if entry.file_type()?.is_dir() {
        let entries: Vec<fs::DirEntry> = fs::read_dir(entry.path())?.collect::<io::Result<_>>()?;
        entries.par_iter().try_for_each(remove_entry)?;
        fs::remove_dir(entry.path())
    } else {
        fs::remove_file(entry.path())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(output: &Path, root: &Path, pages: &[(&str, &str)]) {
        replace_with::<OutputError>(output, root, |dir| {
            pages.iter().try_for_each(|(path, text)| write_file(dir, path, text.as_bytes()))
        })
        .unwrap();
    }

    #[test]
    fn replaces_the_output_whole_and_removes_leftovers_of_killed_builds() {
        let dir = tempfile::tempdir().unwrap();
        let (root, output) = (dir.path().join("site"), dir.path().join("public"));
        fs::create_dir_all(&root).unwrap();
        write(&output, &root, &[("index.html", "one"), ("a/old.html", "old")]);
        // What a build killed mid-write leaves behind (a process id that cannot be running).
        let leftover = dir.path().join(".public.roadbook-new-4294967295");
        fs::create_dir_all(leftover.join("a")).unwrap();
        fs::write(leftover.join("index.html"), "half").unwrap();
        fs::write(leftover.join(MARKER), MARKER_TEXT).unwrap();
        // Of that name, but not written by roadbook: a folder without the marker, and a link.
        let foreign = dir.path().join(".public.roadbook-old-4294967294");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("keep"), "mine").unwrap();
        let victim = dir.path().join("victim");
        fs::create_dir_all(&victim).unwrap();
        fs::write(victim.join(MARKER), "planted").unwrap();
        std::os::unix::fs::symlink(&victim, dir.path().join(".public.roadbook-old-4294967293")).unwrap();
        let other = dir.path().join(".other.roadbook-new-4294967295");
        fs::create_dir_all(&other).unwrap();
        write(&output, &root, &[("index.html", "two")]);
        assert_eq!(fs::read_to_string(output.join("index.html")).unwrap(), "two");
        assert!(!output.join("a").exists(), "files of the previous site are gone");
        assert!(!leftover.exists(), "leftover staging folder removed");
        assert!(other.exists(), "another output's folder is left alone");
        assert_eq!(fs::read_to_string(foreign.join("keep")).unwrap(), "mine");
        assert_eq!(fs::read_to_string(victim.join(MARKER)).unwrap(), "planted", "a link is never followed");
        let mut names: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        names.sort();
        let expected = [
            ".other.roadbook-new-4294967295",
            ".public.roadbook-old-4294967293",
            ".public.roadbook-old-4294967294",
            "public",
            "site",
            "victim",
        ];
        assert_eq!(names, expected);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn exchange_swaps_two_folders() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        fs::create_dir_all(&a).unwrap();
        fs::create_dir_all(&b).unwrap();
        fs::write(a.join("x"), "a").unwrap();
        fs::write(b.join("x"), "b").unwrap();
        match exchange(&a, &b) {
            Ok(()) => assert_eq!(fs::read_to_string(a.join("x")).unwrap(), "b"),
            Err(e) => eprintln!("skipped: this file system cannot exchange folders ({e})"),
        }
    }
}
