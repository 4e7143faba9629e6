//! The pipeline: one call from a site root to a written site.
//! load (`content`) -> validate (`validate`) -> render (`render`) -> write (`output`).
//! Knows nothing about HTTP or git; `serve` will call these same steps. A build
//! that compares with a revision asks `history` for the comparison.

use crate::content;
use crate::diagnostic::{Diagnostic, Shown};
use crate::history::{self, Comparison};
use crate::model::{Date, Site};
use crate::output::{self, OutputError};
use crate::render::{self, RenderOptions, Template};
use crate::validate;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// What a build needs to know.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; `public/` under the root when absent.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from `roadbook.toml`.
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Build for this audience only (`--audience`).
    pub audience: Option<String>,
    /// Today, as the command layer read it: what `as_of` is when `roadbook.toml` does not set it.
    pub today: Date,
    /// A git revision to compare with; overrides `compare` in `roadbook.toml`.
    pub compare: Option<String>,
}

/// Why a build failed.
#[derive(Debug)]
pub enum BuildError {
    /// Content problems (all of them, those outside an edition counted), plus any warnings.
    Content(Shown),
    /// The output could not be written.
    Output(OutputError),
    /// The revision to compare with could not be read.
    History(history::Error),
}

impl From<Diagnostic> for BuildError {
    fn from(d: Diagnostic) -> Self {
        BuildError::Content(d.into())
    }
}

impl From<OutputError> for BuildError {
    fn from(e: OutputError) -> Self {
        BuildError::Output(e)
    }
}

/// A successful build: what was written and the warnings seen.
#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    pub pages: usize,
    pub milestones: usize,
    /// Warnings (those outside an edition counted).
    pub warnings: Shown,
    /// The comparison rendered into `changes/`, if the build had one.
    pub comparison: Option<std::sync::Arc<Comparison>>,
}

/// The problems found while reading (syntax, unknown fields, wrong types), when
/// there are any. Like a compiler, roadbook reports these first and does not
/// validate meaning: an item that could not be read would make every
/// reference to it look dangling, a cascade of false errors.
fn read_errors(raw: &content::RawSite) -> Option<Vec<Diagnostic>> {
    if !raw.diagnostics.iter().any(Diagnostic::is_error) {
        return None;
    }
    let mut errors = raw.diagnostics.clone();
    crate::diagnostic::sort(&mut errors);
    Some(errors)
}

/// Loads and validates a site; `Err` holds every diagnostic when any is an error.
/// For an audience, diagnostics about items it does not see are only counted.
pub fn load(root: &Path, options: &validate::Options) -> Result<(Site, Shown), Shown> {
    validated(&content::load(root), options)
}

/// Like `load`, reusing the parse of files unchanged since the last call with this cache.
pub fn load_cached(
    root: &Path,
    options: &validate::Options,
    cache: &mut content::Cache,
) -> Result<(Site, Shown), Shown> {
    validated(&content::load_cached(root, cache), options)
}

/// Read errors first, then meaning: `Err` holds every diagnostic when any is an error.
fn validated(raw: &content::RawSite, options: &validate::Options) -> Result<(Site, Shown), Shown> {
    if let Some(errors) = read_errors(raw) {
        return Err(validate::for_edition(raw, options, errors));
    }
    let (site, diagnostics) = validate::validate(raw, options);
    let shown = validate::for_edition(raw, options, diagnostics);
    if shown.errors() > 0 {
        return Err(shown);
    }
    Ok((site, shown))
}

/// Loads, validates and compiles the templates without writing: every diagnostic, errors and warnings.
pub fn check(root: &Path, options: &validate::Options) -> Vec<Diagnostic> {
    let raw = content::load(root);
    let mut diagnostics = match read_errors(&raw) {
        Some(errors) => errors,
        None => validate::validate(&raw, options).1,
    };
    if let Err(mut errors) = engine(root) {
        diagnostics.append(&mut errors);
    }
    diagnostics
}

/// The theme's templates compiled with the root's overrides.
pub fn engine(root: &Path) -> Result<render::Engine, Vec<Diagnostic>> {
    compile(&content::load_templates(root).map_err(|d| vec![d])?)
}

/// The theme's templates compiled with these overrides (name, text).
pub fn compile(overrides: &[(String, String)]) -> Result<render::Engine, Vec<Diagnostic>> {
    render::engine(overrides.iter().map(|(name, text)| Template { name: name.clone(), text: text.clone() }).collect())
}

/// Builds the site at `options.root` into its output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let validate_options = validate::Options {
        drafts: options.drafts,
        today: options.today,
        reuse: false,
        audience: options.audience.clone(),
    };
    // Templates compile and static files are read on a thread of their own
    // while the content loads on all cores. (Inside `rayon::join` they kept
    // the content's parallel parse on one core: 300 ms instead of 160 ms at
    // 10,000 milestones.)
    let (loaded, (engine, statics)) = std::thread::scope(|scope| {
        let side = scope.spawn(|| (engine(&options.root), content::load_static(&options.root)));
        let loaded = load(&options.root, &validate_options);
        (loaded, side.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    });
    let (mut site, warnings) = loaded.map_err(BuildError::Content)?;
    if let Some(base_url) = &options.base_url {
        site.config.base_url = base_url.clone();
    }
    let rev = options.compare.as_ref().or(site.config.compare.as_ref());
    let comparison = match rev {
        Some(rev) => Some(history::compare(&options.root, rev, &validate_options, &site).map_err(BuildError::History)?),
        None => None,
    };
    let render_options = RenderOptions { changes: comparison.map(std::sync::Arc::new), ..RenderOptions::default() };
    let engine = engine.map_err(|e| BuildError::Content(e.into()))?;
    let statics = statics.map_err(|d| BuildError::Content(d.into()))?;
    // Files in `static/` win over generated ones of the same path.
    let replaced: HashSet<&str> = statics.iter().map(|(p, _)| p.as_str()).collect();
    let output = options.output.clone().unwrap_or_else(|| options.root.join("public"));
    let written = AtomicUsize::new(0);
    output::replace_with(&output, &options.root, |dir| {
        let write = |path: &str, bytes: &[u8]| {
            written.fetch_add(1, Ordering::Relaxed);
            output::write_file(dir, path, bytes).map_err(BuildError::Output)
        };
        let wanted = |path: &str| !replaced.contains(path);
        render::render_each(&site, &engine, &render_options, wanted, |page| write(&page.path, &page.bytes))?;
        statics.iter().try_for_each(|(path, bytes)| write(path, bytes))
    })?;
    crate::timing::mark("output swapped into place, previous output removed");
    let comparison = render_options.changes;
    Ok(BuildReport { output, pages: written.into_inner(), milestones: site.milestones.len(), warnings, comparison })
}

/// Why a folder cannot be used as a site root.
#[derive(Debug, PartialEq, Eq)]
pub enum RootError {
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
pub fn check_root(root: &Path) -> Result<(), RootError> {
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
