//! `roadbook import`: milestones from the tools teams already use (a Jira,
//! Linear or GitHub export, or any spreadsheet) into a roadmap file under
//! `content/roadmap/`, kept in step by re-importing with `--update`.
//!
//! read the export (`source`) -> pick the columns and convert the rows
//! (`preset`, `convert`, `dates`) -> write or edit the TOML (`write`) ->
//! check the site with the new file in memory -> only then write it. Any
//! problem anywhere means nothing is written.

mod convert;
mod dates;
mod preset;
mod source;
mod write;

pub(crate) use dates::DateOrder;
pub(crate) use preset::Preset;

use crate::config::RawConfig;
use crate::diagnostic::{did_you_mean, Code, Diagnostic, Place};
use crate::model::{Date, Status};
use preset::Field;
use std::collections::{BTreeMap, HashSet};
use std::path::{Component, Path, PathBuf};

/// The exports' track values `--track` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum TrackArg {
    Business,
    Technology,
}

/// What `roadbook import` was asked to do.
#[derive(Debug, Clone)]
pub(crate) struct ImportOptions {
    pub(crate) source: PathBuf,
    pub(crate) root: PathBuf,
    pub(crate) preset: Option<Preset>,
    pub(crate) track: Option<TrackArg>,
    /// `FIELD=COLUMN`, as typed.
    pub(crate) map: Vec<String>,
    /// The file under `content/roadmap/` (default `imported.toml`).
    pub(crate) into: Option<String>,
    pub(crate) update: bool,
    pub(crate) dry_run: bool,
    pub(crate) dates: DateOrder,
    /// Today, as the command layer read it (the site's `as_of` when it sets none).
    pub(crate) today: Date,
}

/// Why an import wrote nothing.
#[derive(Debug)]
pub(crate) enum ImportError {
    /// A wrong flag, or a refusal to overwrite: exit 2.
    Usage(String),
    /// Problems in the export or the result, all of them, each with its place: exit 1.
    Content(Vec<Diagnostic>),
    /// The export or the roadmap file could not be read or written: exit 1.
    Io(String),
}

/// What an import did (or, with `--dry-run`, would do): lines for the terminal.
#[derive(Debug)]
pub(crate) struct ImportReport {
    pub(crate) lines: Vec<String>,
}

/// The largest export read (a spreadsheet of a million rows is far below it).
const MAX_EXPORT_BYTES: u64 = 256 * 1024 * 1024;

/// Runs an import.
pub(crate) fn import(options: &ImportOptions) -> Result<ImportReport, ImportError> {
    let map = parse_map(&options.map)?;
    let (rel, path) = target(&options.root, options.into.as_deref())?;
    let existing = read_existing(&path, options.update)?;
    let shown = options.source.display().to_string();
    let bytes = read_export(&options.source)?;
    let table = source::read(&shown, &bytes).map_err(ImportError::Content)?;
    let mut lines = Vec::new();
    let preset = match options.preset {
        Some(preset) => preset,
        None => {
            let (preset, tells) = preset::guess(&table);
            lines.push(match tells.is_empty() {
                true => "Preset: generic (no tool's columns found; --map names columns, --preset chooses a tool)"
                    .to_string(),
                false => {
                    format!("Preset: {} (guessed from {}; --preset chooses another)", preset.name(), tells.join(", "))
                }
            });
            preset
        }
    };
    let statuses = import_statuses(&options.root)?;
    let track = options.track.map(|t| match t {
        TrackArg::Business => "business",
        TrackArg::Technology => "technology",
    });
    let rules = convert::Rules { preset, map: &map, track, statuses: &statuses, dates: options.dates };
    let (items, fields) = convert::items(&table, &rules).map_err(ImportError::Content)?;
    let taken = ids_elsewhere(&options.root, &rel);
    let header = format!(
        "# Milestones imported by `roadbook import` from {} (preset {}).\n# Re-import with --update: fields the export has are brought in step; everything else\n# here (customer need, metrics, gates, supported_by, comments) is yours and is kept.\n",
        file_name(&options.source),
        preset.name()
    );
    let (text, changes) = write::render(existing.as_deref(), &header, &items, &fields, track.is_some(), preset, &taken)
        .map_err(|e| ImportError::Content(vec![Diagnostic::new(Code::Import, e, Place::file_start(&rel))]))?;
    check_result(&options.root, &rel, &text, options.today)?;
    let verb = if options.dry_run { "would be" } else { "" };
    lines.extend(summary(&rel, &shown, items.len(), &changes, verb));
    if !options.dry_run && existing.as_deref() != Some(text.as_str()) {
        write_atomically(&path, &text)?;
    }
    if options.dry_run {
        lines.push("Dry run: nothing was written.".to_string());
    }
    Ok(ImportReport { lines })
}

/// `--map FIELD=COLUMN` entries, checked.
fn parse_map(entries: &[String]) -> Result<Vec<(Field, String)>, ImportError> {
    let names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
    entries
        .iter()
        .map(|entry| {
            let Some((field, column)) = entry.split_once('=') else {
                return Err(ImportError::Usage(format!(
                    "--map `{entry}` is not FIELD=COLUMN, e.g. --map due=\"Target date\""
                )));
            };
            let field = field.trim();
            let Some(parsed) = Field::parse(field) else {
                let hint = did_you_mean(field, names.iter().copied());
                let message = format!(
                    "--map: `{field}` is not a field roadbook imports{hint}; the fields are {}",
                    names.join(", ")
                );
                return Err(ImportError::Usage(message));
            };
            Ok((parsed, column.trim().to_string()))
        })
        .collect()
}

/// The roadmap file to write: (path relative to the root, path on disk). It must be a `.toml`
/// name under `content/roadmap/`, and nothing on the way to it may be a symbolic link.
fn target(root: &Path, into: Option<&str>) -> Result<(String, PathBuf), ImportError> {
    let into = into.unwrap_or("imported.toml");
    let plain = Path::new(into).components().all(|c| matches!(c, Component::Normal(_)));
    if !plain || !into.ends_with(".toml") || into.contains('\\') {
        return Err(ImportError::Usage(format!(
            "--into `{into}` must be a .toml file name under content/roadmap/, such as jira.toml"
        )));
    }
    let rel = format!("content/roadmap/{into}");
    if let Some(link) = crate::init::links_under(root, Path::new(&rel)).first() {
        return Err(ImportError::Usage(format!(
            "`{}` is a symbolic link; roadbook import never writes through a link. Remove it, or choose another --into",
            link.display()
        )));
    }
    let path = root.join(&rel);
    Ok((rel, path))
}

/// The current text of the roadmap file, when there is one; without `--update` there may not be.
fn read_existing(path: &Path, update: bool) -> Result<Option<String>, ImportError> {
    match std::fs::read_to_string(path) {
        Ok(_) if !update => Err(ImportError::Usage(format!(
            "`{}` exists; pass --update to bring it in step with the export (what you wrote by hand is kept), or --into another file",
            path.display()
        ))),
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ImportError::Io(format!("cannot read `{}`: {e}", path.display()))),
    }
}

fn read_export(path: &Path) -> Result<Vec<u8>, ImportError> {
    let io = |e: std::io::Error| ImportError::Io(format!("cannot read the export `{}`: {e}", path.display()));
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(ImportError::Usage(format!(
            "`{}` is not a file: pass the exported CSV or JSON file",
            path.display()
        )));
    }
    if meta.len() > MAX_EXPORT_BYTES {
        return Err(ImportError::Usage(format!(
            "`{}` is {} MB, more than the {} MB an export may be: export fewer items at a time",
            path.display(),
            meta.len() / (1024 * 1024),
            MAX_EXPORT_BYTES / (1024 * 1024)
        )));
    }
    std::fs::read(path).map_err(io)
}

/// `[import.status]` of roadbook.toml: source status -> roadbook status, each checked.
fn import_statuses(root: &Path) -> Result<BTreeMap<String, String>, ImportError> {
    let file = crate::config::FILE_NAME;
    let Ok(text) = std::fs::read_to_string(root.join(file)) else { return Ok(BTreeMap::new()) };
    let config = RawConfig::parse(&text).map_err(|mistakes| {
        let diagnostics = mistakes.iter().map(|e| {
            let (code, message) = e.describe();
            Diagnostic::new(code, message, Place::at(file, &text, e.offset().unwrap_or(0)))
        });
        ImportError::Content(diagnostics.collect())
    })?;
    let mut statuses = BTreeMap::new();
    let mut errors = Vec::new();
    for (from, to) in config.import.map(|i| i.status).unwrap_or_default() {
        if Status::parse(to.get_ref()).is_none() {
            let hint = did_you_mean(to.get_ref(), Status::NAMES.iter().copied());
            let message = format!(
                "[import.status] maps `{from}` to `{}`, which is not a status{hint}; the statuses are {}",
                to.get_ref(),
                Status::NAMES.join(", ")
            );
            errors.push(Diagnostic::new(Code::InvalidValue, message, Place::at(file, &text, to.span().start)));
        }
        statuses.insert(from, to.into_inner());
    }
    if errors.is_empty() {
        Ok(statuses)
    } else {
        Err(ImportError::Content(errors))
    }
}

/// Milestone ids used by the site outside the file being written.
fn ids_elsewhere(root: &Path, rel: &str) -> HashSet<String> {
    let raw = crate::content::load(root);
    raw.milestones.iter().filter(|m| raw.files[m.file].path != rel).map(|m| m.item.id.get_ref().clone()).collect()
}

/// The site as it would be with the new file: any error in that file means nothing is written.
fn check_result(root: &Path, rel: &str, text: &str, today: Date) -> Result<(), ImportError> {
    let raw = crate::content::load_with_file(root, rel, text.as_bytes());
    let diagnostics = match crate::validate::validate(&raw, &crate::validate::Options::on(today), None) {
        Ok((_, diagnostics)) | Err(diagnostics) => diagnostics,
    };
    let errors: Vec<Diagnostic> = diagnostics.into_iter().filter(|d| d.is_error() && d.place.file == rel).collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ImportError::Content(errors))
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// The report: one line of counts, then a line per change.
fn summary(rel: &str, source: &str, total: usize, changes: &write::Changes, verb: &str) -> Vec<String> {
    let verb = |past: &str| if verb.is_empty() { past.to_string() } else { format!("{verb} {past}") };
    let mut lines = vec![format!(
        "{rel}: {total} item{} from {source}: {} {}, {} {}, {} {}, {} unchanged",
        if total == 1 { "" } else { "s" },
        changes.added.len(),
        verb("added"),
        changes.updated.len(),
        verb("updated"),
        changes.dropped.len(),
        verb("dropped"),
        changes.unchanged
    )];
    for (key, id, title) in &changes.added {
        lines.push(format!("  + {key} {id}: {}", source::clip(title)));
    }
    for (key, fields) in &changes.updated {
        lines.push(format!("  ~ {key}: {}", fields.join(", ")));
    }
    for (key, title) in &changes.dropped {
        lines.push(format!("  - {key}: {} (no longer in the export; marked dropped)", source::clip(title)));
    }
    for (key, title) in &changes.gone_done {
        lines.push(format!("  = {key}: {} (no longer in the export; stays done)", source::clip(title)));
    }
    for (key, missing) in &changes.unknown_links {
        lines.push(format!("  note: {key} depends on {missing}, which is not in the export; left out of depends_on"));
    }
    lines
}

/// Writes the file through a temporary sibling and a rename, so it is never half-written.
fn write_atomically(path: &Path, text: &str) -> Result<(), ImportError> {
    let io = |p: &Path, e: std::io::Error| ImportError::Io(format!("cannot write `{}`: {e}", p.display()));
    let folder = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(|e| io(folder, e))?;
    let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let temp = folder.join(format!(".{name}.roadbook-import-{}", std::process::id()));
    let written = std::fs::OpenOptions::new().write(true).create_new(true).open(&temp).and_then(|mut f| {
        use std::io::Write;
        f.write_all(text.as_bytes())?;
        f.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&temp, path)) {
        let _ = std::fs::remove_file(&temp);
        return Err(io(path, e));
    }
    Ok(())
}
