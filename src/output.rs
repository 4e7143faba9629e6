//! The only module that writes the output folder, and it does so atomically:
//! the site is written into a fresh sibling folder, then renamed into place,
//! and only then is the previous output removed. A failed or killed build
//! leaves the previous output untouched (at worst, a hidden temp folder).

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
    match fs::write(&path, bytes) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(folder) = path.parent() {
                fs::create_dir_all(folder).map_err(|e| io_error(folder, "create folder", e))?;
            }
            fs::write(&path, bytes).map_err(|e| io_error(&path, "write", e))
        }
        other => other.map_err(|e| io_error(&path, "write", e)),
    }
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

fn swap_into_place(staging: &Path, output: &Path, parent: &Path, name: &str) -> Result<(), OutputError> {
    if !output.exists() {
        return fs::rename(staging, output).map_err(|e| io_error(output, "create", e));
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
