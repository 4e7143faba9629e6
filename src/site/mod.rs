//! The pipeline: from a site root and its options to a site ready to render.
//!
//! `prepare` is the one place that loads (`content`), validates (`validate`),
//! compares with a revision (`history`) and compiles the templates (`render`).
//! `build` renders every page of what it prepared and writes them (`output`);
//! the preview (`serve`) renders each page of it when asked for. Knows nothing
//! of HTTP or git: the command layer reads a revision and hands it over in the
//! options; the preview owns the caches it lends every rebuild. `root` says
//! whether a folder is a site, and what it asks for before the pipeline runs.

mod root;

pub(crate) use root::settings;
pub(crate) use root::{check_root, RootError};

use crate::content;
use crate::diagnostic::{Diagnostic, Shown};
use crate::history::{self, Comparison, Revision, RevisionFiles};
use crate::model::{Date, Site};
use crate::output::{self, OutputError};
use crate::render::{self, Engine, Output, RenderOptions, Template};
use crate::validate;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// The rules a build or a preview follows. The command layer makes them, in
/// one place, from the flags and `roadbook.toml`.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    pub(crate) root: PathBuf,
    /// Include narratives marked `draft = true` (the preview always does).
    pub(crate) drafts: bool,
    /// Overrides `base_url` from `roadbook.toml`.
    pub(crate) base_url: Option<String>,
    /// Build for this audience only (`--audience`).
    pub(crate) audience: Option<String>,
    /// What `as_of` is when `roadbook.toml` does not set it.
    pub(crate) today: Date,
    /// The revision to compare with, as the command layer read it, or why it
    /// could not; reported only once the working tree's content loads.
    pub(crate) compare: Option<Result<Base, history::Error>>,
}

impl Options {
    /// The options validation takes.
    fn validation(&self) -> validate::Options {
        validate::Options { drafts: self.drafts, today: self.today, audience: self.audience.clone() }
    }
}

/// The revision a build compares with.
#[derive(Debug, Clone)]
pub(crate) enum Base {
    /// Its files, read from git, to load and validate like the working tree.
    Files(RevisionFiles),
    /// Its site, as an earlier run with the same options validated it (`Caches::base`).
    Validated(Revision, Arc<Site>),
}

/// Why a build or a rebuild failed.
#[derive(Debug)]
pub(crate) enum Error {
    /// Content or template problems (all of them, those outside an edition counted), plus any warnings.
    Content(Shown),
    /// The revision to compare with could not be read or does not load.
    Compare(history::Error),
    /// The output could not be written.
    Output(OutputError),
}

impl Error {
    /// The failure as the preview shows it: every diagnostic, with its place.
    pub(crate) fn render_text(&self) -> String {
        match self {
            Error::Content(shown) => shown.render_text(),
            Error::Compare(e) => Shown::from(e.to_diagnostics()).render_text(),
            Error::Output(e) => e.to_string(),
        }
    }
}

impl From<OutputError> for Error {
    fn from(e: OutputError) -> Self {
        Error::Output(e)
    }
}

impl From<Vec<Diagnostic>> for Error {
    fn from(list: Vec<Diagnostic>) -> Self {
        Error::Content(list.into())
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Content(d.into())
    }
}

/// Template overrides as read from `templates/`: name and text.
type Overrides = Vec<(String, String)>;

/// What the preview keeps from one rebuild to the next, so that a rebuild
/// after a save redoes only what the save changed: parsed files, Markdown,
/// highlighted code and converted milestones, compiled templates and the
/// references rendered with them, and the site at the revision compared with.
/// `Caches::default()` keeps nothing, for a one-off build. Every entry is
/// checked against its full input before it is used; the output is the same
/// with caches or without.
#[derive(Default)]
pub(crate) struct Caches {
    keep: bool,
    content: content::Cache,
    validate: validate::Cache,
    templates: Option<(Overrides, Arc<Engine>)>,
    refs: render::RefCache,
    base: Option<(BaseKey, Arc<Site>)>,
}

/// The commit of the site kept in `Caches::base`, and the options it was validated with.
type BaseKey = (String, validate::Options);

impl Caches {
    /// Caches that keep work between runs: the preview's.
    pub(crate) fn kept() -> Caches {
        Caches { keep: true, ..Caches::default() }
    }

    /// The site at `commit`, when an earlier run validated it with these options.
    pub(crate) fn base(&self, commit: &str, options: &Options) -> Option<Arc<Site>> {
        let ((kept, rules), site) = self.base.as_ref()?;
        (kept == commit && *rules == options.validation()).then(|| site.clone())
    }
}

/// A validated site with its compiled templates, ready to render.
pub(crate) struct Prepared {
    site: Site,
    engine: Arc<Engine>,
    render: RenderOptions,
    refs: render::Refs,
    /// Every generated file, in path order.
    outputs: Vec<(String, Output)>,
    paths: Vec<String>,
    /// The files of `static/`, which win over generated ones of the same path.
    statics: HashMap<String, Arc<Vec<u8>>>,
    warnings: Shown,
}

/// One file of a prepared site.
pub(crate) enum File {
    /// A file of `static/`, as read.
    Static(Arc<Vec<u8>>),
    /// A page or an export, rendered now.
    Generated(Vec<u8>),
}

/// Loads and validates the site, compares it with the revision of the
/// options, compiles its templates and reads `static/`; renders nothing but
/// the references every page shares. `caches` hand over the work of the last
/// run and receive this one's.
pub(crate) fn prepare(options: &Options, caches: &mut Caches) -> Result<Prepared, Error> {
    let Read { loaded, compiled, statics } = read(options, caches);
    let (mut site, warnings) = loaded.map_err(Error::Content)?;
    if let Some(base_url) = &options.base_url {
        site.config.base_url = base_url.clone();
    }
    let changes = compare(options, &site, caches).map_err(Error::Compare)?;
    let compiled = compiled?;
    crate::timing::mark("templates compiled");
    let mut statics = statics?;
    // `static/style.css` is not copied: the generated `style.css` is made from it.
    let styles = render::Styles::from_static(&mut statics);
    let statics = statics.into_iter().map(|(path, bytes)| (path, Arc::new(bytes))).collect();
    let refs = references(&site, &compiled, caches)?;
    crate::timing::mark("references rendered");
    let render = RenderOptions { changes, styles };
    let outputs = render::outputs_with(&site, &render);
    let paths = outputs.iter().map(|(p, _)| p.clone()).collect();
    let prepared = Prepared { site, engine: compiled.engine, render, refs, outputs, paths, statics, warnings };
    if caches.keep && compiled.untried {
        try_templates(&prepared, caches)?;
    }
    Ok(prepared)
}

/// What the site root holds: the site, validated; its templates, compiled; `static/`.
struct Read {
    loaded: Result<(Site, Shown), Shown>,
    compiled: Result<Compiled, Vec<Diagnostic>>,
    statics: Result<Vec<(String, Vec<u8>)>, Diagnostic>,
}

/// Reads the site root. Templates compile and static files are read on a
/// thread of their own while the content loads on all cores. (Inside
/// `rayon::join` they kept the content's parallel parse on one core: 300 ms
/// instead of 160 ms at 10,000 milestones.)
fn read(options: &Options, caches: &mut Caches) -> Read {
    let keep = caches.keep;
    let Caches { content: files, validate: converted, templates, .. } = caches;
    std::thread::scope(|scope| {
        let side =
            scope.spawn(|| (compile(&options.root, keep.then_some(templates)), content::load_static(&options.root)));
        let raw = if keep { content::load_cached(&options.root, files) } else { content::load(&options.root) };
        let loaded = validated(&raw, &options.validation(), keep.then_some(converted));
        let (compiled, statics) = side.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        Read { loaded, compiled, statics }
    })
}

/// The references every page shares, rendered with these templates: those
/// the caches hold from the last run are reused while the templates are.
fn references(site: &Site, compiled: &Compiled, caches: &mut Caches) -> Result<render::Refs, Diagnostic> {
    if !caches.keep {
        return render::refs(site, &compiled.engine);
    }
    if compiled.fresh {
        caches.refs = render::RefCache::default();
    }
    render::refs_reusing(site, &compiled.engine, &mut caches.refs)
}

/// Renders one page of each kind with templates new to the preview, so one
/// that fails fails the rebuild; they are compiled again next time.
fn try_templates(prepared: &Prepared, caches: &mut Caches) -> Result<(), Diagnostic> {
    if let Err(d) = prepared.render_each_kind() {
        caches.templates = None;
        return Err(d);
    }
    crate::timing::mark("one page of each kind rendered with the new templates");
    Ok(())
}

/// Validates like every stage does (read errors first, then meaning); `Err`
/// holds every diagnostic when any is an error. For an audience, diagnostics
/// about items it does not see are only counted.
fn validated(
    raw: &content::RawSite,
    options: &validate::Options,
    reuse: Option<&mut validate::Cache>,
) -> Result<(Site, Shown), Shown> {
    match validate::validate(raw, options, reuse) {
        Ok((site, diagnostics)) => Ok((site, validate::for_edition(raw, options, diagnostics))),
        Err(diagnostics) => Err(validate::for_edition(raw, options, diagnostics)),
    }
}

/// Only the errors of a failed validation (warnings are not a comparison's business).
fn errors_only(mut shown: Shown) -> Shown {
    shown.list.retain(Diagnostic::is_error);
    shown.withheld.warnings = 0;
    shown
}

/// The comparison with the options' revision, if they name one. The site at
/// the revision is validated with the same options as the working tree, so
/// an audience build filters both.
fn compare(options: &Options, site: &Site, caches: &mut Caches) -> Result<Option<Arc<Comparison>>, history::Error> {
    let base = match &options.compare {
        None => return Ok(None),
        Some(Err(e)) => return Err(e.clone()),
        Some(Ok(base)) => base,
    };
    let (revision, old) = match base {
        Base::Validated(revision, old) => (revision.clone(), old.clone()),
        Base::Files(files) => (files.revision.clone(), Arc::new(at_revision(options, files)?)),
    };
    if caches.keep {
        caches.base = Some(((revision.commit.clone(), options.validation()), old.clone()));
    }
    Ok(Some(Arc::new(history::compare(revision, &old, None, site))))
}

/// The site as it was at a revision, loaded from its files and validated
/// with `options`; errors place themselves at `REV:path`.
pub(crate) fn at_revision(options: &Options, files: &RevisionFiles) -> Result<Site, history::Error> {
    let mut raw = content::load_files(&files.files);
    raw.diagnostics.extend(files.too_large.iter().cloned());
    if let Some(name) = &options.audience {
        // An audience defined since the revision still filters the old content.
        let described = content::raw::Spanned::new(0..0, String::new());
        raw.config.audiences.entry(name.clone()).or_insert(described);
    }
    let rev = &files.revision.name;
    match validated(&raw, &options.validation(), None) {
        Ok((site, _)) => Ok(site),
        Err(shown) => {
            let shown = errors_only(shown);
            let list = shown.list.into_iter().map(|d| placed_at(d, rev)).collect();
            Err(history::Error::Content { rev: rev.clone(), shown: Shown { list, withheld: shown.withheld } })
        }
    }
}

/// Points a diagnostic's places into the revision: `q3-review:content/roadmap/a.toml`.
fn placed_at(mut d: Diagnostic, rev: &str) -> Diagnostic {
    d.place.file = format!("{rev}:{}", d.place.file);
    for (_, place) in &mut d.notes {
        place.file = format!("{rev}:{}", place.file);
    }
    d
}

/// The working tree's site for a comparison; its errors are ordinary content errors.
pub(crate) fn working_tree(options: &Options) -> Result<Site, history::Error> {
    let raw = content::load(&options.root);
    validated(&raw, &options.validation(), None)
        .map(|(site, _)| site)
        .map_err(|e| history::Error::Current(errors_only(e)))
}

/// The compiled templates, and how they came to be.
struct Compiled {
    engine: Arc<Engine>,
    /// Compiled now, not reused from the last run.
    fresh: bool,
    /// Compiled now from overrides not yet known to render.
    untried: bool,
}

/// The theme's templates compiled with the root's overrides: those of the last
/// run, kept in `cache`, when no override changed.
fn compile(root: &Path, cache: Option<&mut Option<(Overrides, Arc<Engine>)>>) -> Result<Compiled, Vec<Diagnostic>> {
    let overrides = content::load_templates(root).map_err(|d| vec![d])?;
    if let Some(Some((texts, engine))) = cache.as_deref() {
        if *texts == overrides {
            return Ok(Compiled { engine: engine.clone(), fresh: false, untried: false });
        }
    }
    let templates = overrides.iter().map(|(name, text)| Template { name: name.clone(), text: text.clone() }).collect();
    let engine = Arc::new(render::engine(templates)?);
    let untried = !overrides.is_empty();
    if let Some(cache) = cache {
        *cache = Some((overrides, engine.clone()));
    }
    Ok(Compiled { engine, fresh: true, untried })
}

impl Prepared {
    /// Whether the site has a file at `path`.
    pub(crate) fn has(&self, path: &str) -> bool {
        self.statics.contains_key(path) || self.output(path).is_some()
    }

    /// The file at `path` (a file of `static/` wins over a generated one), or
    /// `None`; `Err` carries a template error.
    pub(crate) fn file(&self, path: &str) -> Option<Result<File, Diagnostic>> {
        if let Some(bytes) = self.statics.get(path) {
            return Some(Ok(File::Static(bytes.clone())));
        }
        let output = self.output(path)?;
        let view = render::site_view(&self.site, &self.render, &self.refs);
        let page = render::render_one(&self.site, &self.engine, &self.render, &view, (path, output), &self.paths);
        Some(page.map(|page| File::Generated(page.bytes)))
    }

    /// The warnings of the content (those outside an edition counted).
    pub(crate) fn warnings(&self) -> &Shown {
        &self.warnings
    }

    fn output(&self, path: &str) -> Option<Output> {
        let at = self.outputs.binary_search_by(|(p, _)| p.as_str().cmp(path)).ok()?;
        Some(self.outputs[at].1)
    }

    /// Renders every generated file that `static/` does not replace, in
    /// parallel, handing each to `sink` as soon as it is ready.
    fn render_each<E: From<Diagnostic> + Send>(
        &self,
        sink: impl Fn(render::Page) -> Result<(), E> + Sync,
    ) -> Result<(), E> {
        let wanted = |path: &str| !self.statics.contains_key(path);
        render::render_each(&self.site, &self.engine, &self.render, &self.refs, wanted, sink)
    }

    /// Renders one page of each kind (home, a milestone, a narrative...): new
    /// template overrides that fail to render (an unknown variable, a macro
    /// that calls itself) fail the rebuild, so the preview keeps the last good
    /// site instead of serving error pages.
    fn render_each_kind(&self) -> Result<(), Diagnostic> {
        let mut seen = std::collections::HashSet::new();
        for (path, output) in &self.outputs {
            let kind = format!("{output:?}");
            let kind = kind.trim_end_matches(|c: char| c.is_ascii_digit() || c == ')');
            let templated = kind.starts_with("Page(") || kind == "Changes" || kind == "ChangesFeed";
            if templated && seen.insert(kind.to_string()) {
                self.file(path).transpose()?;
            }
        }
        Ok(())
    }
}

/// A successful build: what was written and the warnings seen.
#[derive(Debug)]
pub(crate) struct BuildReport {
    pub(crate) files: usize,
    pub(crate) milestones: usize,
    /// Warnings (those outside an edition counted).
    pub(crate) warnings: Shown,
    /// The comparison rendered into `changes/`, if the build had one.
    pub(crate) comparison: Option<Arc<Comparison>>,
}

/// Builds the site into `output`: prepares it, renders every file, and
/// replaces the folder only when all of it was written.
pub(crate) fn build(options: &Options, output: &Path, caches: &mut Caches) -> Result<BuildReport, Error> {
    let prepared = prepare(options, caches)?;
    let written = AtomicUsize::new(0);
    output::replace_with(output, &options.root, |dir| {
        let write = |path: &str, bytes: &[u8]| {
            written.fetch_add(1, Ordering::Relaxed);
            output::write_file(dir, path, bytes).map_err(Error::Output)
        };
        prepared.render_each(|page| write(&page.path, &page.bytes))?;
        prepared.statics.iter().try_for_each(|(path, bytes)| write(path, bytes))
    })?;
    crate::timing::mark("output swapped into place, previous output removed");
    Ok(BuildReport {
        files: written.into_inner(),
        milestones: prepared.site.milestones.len(),
        warnings: prepared.warnings,
        comparison: prepared.render.changes,
    })
}

/// Loads, validates and compiles the templates without writing: every diagnostic, errors and warnings.
pub(crate) fn check(options: &Options) -> Vec<Diagnostic> {
    let raw = content::load(&options.root);
    let mut diagnostics = match validate::validate(&raw, &options.validation(), None) {
        Ok((_, diagnostics)) | Err(diagnostics) => diagnostics,
    };
    if let Err(mut errors) = compile(&options.root, None) {
        diagnostics.append(&mut errors);
    }
    diagnostics
}
