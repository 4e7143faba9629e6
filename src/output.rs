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

use rayon::prelude::*;
use std::fs;
use std::io;
use std::path::Path;

/// A failure to write the output, with the path it concerns.
#[derive(Debug)]
pub struct OutputError {
    pub message: String,
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

fn io_error(path: &Path, action: &str, e: io::Error) -> OutputError {
    OutputError { message: format!("cannot {action} `{}`: {e}", path.display()) }
}

/// Replaces `output` whole with what `fill` writes into a fresh staging folder
/// (with `write_file`, in parallel if it likes). When `fill` fails, the staging
/// folder is removed and `output` is untouched; `fill`'s error is returned.
/// This lets a build write each page as soon as it is rendered instead of
/// holding the whole site in memory.
pub fn replace_with<E: From<OutputError>>(
    output: &Path,
    root: &Path,
    fill: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<(), E> {
    check_target(output, root)?;
    let parent = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| io_error(parent, "create folder", e))?;
    let name = output.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.roadbook-new-{}", std::process::id()));
    remove_leftovers(parent, &name);
    remove_if_exists(&staging)?;
    fs::create_dir_all(&staging).map_err(|e| io_error(&staging, "create folder", e))?;
    if let Err(e) = fill(&staging) {
        let _ = remove_tree(&staging);
        return Err(e);
    }
    Ok(swap_into_place(&staging, output, parent, &name)?)
}

/// Writes one file under `dir`, creating its folder when missing.
pub fn write_file(dir: &Path, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
    let path = dir.join(path);
    // Nearly every page has a folder of its own (`milestones/ID/index.html`):
    // making it first is one `mkdir`, where trying the write first costs a
    // failed `open` per page.
    if let Some(folder) = path.parent().filter(|folder| *folder != dir) {
        fs::create_dir_all(folder).map_err(|e| io_error(folder, "create folder", e))?;
    }
    fs::write(&path, bytes).map_err(|e| io_error(&path, "write", e))
}

/// Refuses to replace the site root, one of its parents, or a folder that is not a site output.
fn check_target(output: &Path, root: &Path) -> Result<(), OutputError> {
    let abs = |p: &Path| fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (out_abs, root_abs) = (abs(output), abs(root));
    if output.exists() && root_abs.starts_with(&out_abs) {
        let message = format!("refusing to replace `{}`: it contains the site itself", output.display());
        return Err(OutputError { message });
    }
    let foreign = output.is_dir()
        && fs::read_dir(output).map(|mut d| d.next().is_some()).unwrap_or(false)
        && !output.join("index.html").exists()
        && !output.join("404.html").exists();
    if foreign || output.is_file() {
        let message = format!(
            "refusing to replace `{}`: it exists and does not look like a roadbook output folder (no index.html); remove it or choose another --output",
            output.display()
        );
        return Err(OutputError { message });
    }
    Ok(())
}

fn remove_if_exists(path: &Path) -> Result<(), OutputError> {
    match remove_tree(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(io_error(path, "remove", e)),
        _ => Ok(()),
    }
}

/// Removes the staging and old folders that builds killed before they could
/// clean up left next to the output (those of processes no longer running).
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else { return };
    let prefixes = [format!(".{name}.roadbook-new-"), format!(".{name}.roadbook-old-")];
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else { continue };
        let pid = prefixes.iter().find_map(|p| file_name.strip_prefix(p.as_str())).and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|pid| !process_running(pid)) {
            let _ = remove_tree(&entry.path());
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
    if !output.exists() {
        return fs::rename(staging, output).map_err(|e| io_error(output, "create", e));
    }
    match exchange(staging, output) {
        Ok(()) => {
            // `staging` now holds the previous site.
            let _ = remove_tree(staging);
            return Ok(());
        }
        // Not supported here (old kernel, file system without it): fall back to two renames.
        Err(e) if e.kind() == io::ErrorKind::Unsupported || matches!(e.raw_os_error(), Some(22 | 38 | 95)) => {}
        Err(e) => {
            let _ = remove_tree(staging);
            return Err(io_error(output, "replace", e));
        }
    }
    let old = parent.join(format!(".{name}.roadbook-old-{}", std::process::id()));
    remove_if_exists(&old)?;
    fs::rename(output, &old).map_err(|e| {
        let _ = remove_tree(staging);
        io_error(output, "move aside", e)
    })?;
    if let Err(e) = fs::rename(staging, output) {
        let _ = fs::rename(&old, output);
        let _ = remove_tree(staging);
        return Err(io_error(output, "replace", e));
    }
    let _ = remove_tree(&old);
    Ok(())
}

/// Removes a folder and everything in it, folders in parallel (the old output
/// of a 10,000-milestone site has 10,000 folders). Symbolic links are removed,
/// never followed.
fn remove_tree(path: &Path) -> io::Result<()> {
    let entries: Vec<fs::DirEntry> = fs::read_dir(path)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|entry| match entry.file_type()?.is_dir() {
        true => remove_tree(&entry.path()),
        false => fs::remove_file(entry.path()),
    })?;
    fs::remove_dir(path)
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
        let other = dir.path().join(".other.roadbook-new-4294967295");
        fs::create_dir_all(&other).unwrap();
        write(&output, &root, &[("index.html", "two")]);
        assert_eq!(fs::read_to_string(output.join("index.html")).unwrap(), "two");
        assert!(!output.join("a").exists(), "files of the previous site are gone");
        assert!(!leftover.exists(), "leftover staging folder removed");
        assert!(other.exists(), "another output's folder is left alone");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(names.len(), 3, "{names:?}");
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
