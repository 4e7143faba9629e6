//! The only module that writes the output folder, and it does so atomically:
//! the site is written into a fresh sibling folder, then renamed into place,
//! and only then is the previous output removed. A failed or killed build
//! leaves the previous output untouched (at worst, a hidden temp folder).

use crate::render::Page;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

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

/// Writes `pages` to `output`, replacing it whole.
pub fn write_site(output: &Path, root: &Path, pages: &[Page]) -> Result<(), OutputError> {
    check_target(output, root)?;
    let parent = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| io_error(parent, "create folder", e))?;
    let name = output.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.roadbook-new-{}", std::process::id()));
    remove_if_exists(&staging)?;
    if let Err(e) = write_tree(&staging, pages) {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    swap_into_place(&staging, output, parent, &name)
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
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(io_error(path, "remove", e)),
        _ => Ok(()),
    }
}

fn write_tree(dir: &Path, pages: &[Page]) -> Result<(), OutputError> {
    let folders: BTreeSet<PathBuf> =
        pages.iter().filter_map(|p| dir.join(&p.path).parent().map(Path::to_path_buf)).collect();
    fs::create_dir_all(dir).map_err(|e| io_error(dir, "create folder", e))?;
    for folder in &folders {
        fs::create_dir_all(folder).map_err(|e| io_error(folder, "create folder", e))?;
    }
    pages.par_iter().try_for_each(|page| {
        let path = dir.join(&page.path);
        fs::write(&path, &page.bytes).map_err(|e| io_error(&path, "write", e))
    })
}

fn swap_into_place(staging: &Path, output: &Path, parent: &Path, name: &str) -> Result<(), OutputError> {
    if !output.exists() {
        return fs::rename(staging, output).map_err(|e| io_error(output, "create", e));
    }
    let old = parent.join(format!(".{name}.roadbook-old-{}", std::process::id()));
    remove_if_exists(&old)?;
    fs::rename(output, &old).map_err(|e| {
        let _ = fs::remove_dir_all(staging);
        io_error(output, "move aside", e)
    })?;
    if let Err(e) = fs::rename(staging, output) {
        let _ = fs::rename(&old, output);
        let _ = fs::remove_dir_all(staging);
        return Err(io_error(output, "replace", e));
    }
    let _ = fs::remove_dir_all(&old);
    Ok(())
}
