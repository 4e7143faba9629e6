//! Reading a site root: `roadbook.toml`, the narratives and roadmap files
//! under `content/`, and `content/glossary.toml`.
//!
//! Each file is read once and parsed once into raw structs that keep byte
//! spans (`raw`); front matter is split from the Markdown body here
//! (`front_matter`). Problems of shape (syntax, unknown fields, wrong types)
//! become diagnostics; meaning is `validate`'s job.

pub(crate) mod front_matter;
pub(crate) mod raw;

use crate::config::{self, RawConfig};
use crate::deserialize::{self, Failure};
use crate::diagnostic::{did_you_mean, Code, Diagnostic, LineIndex, Place};
use raw::{RawDecision, RawFrontMatter, RawMilestone, RawObjective, RawRelease, RawRisk, RawTerm};
use rayon::prelude::*;
use serde::de::Deserialize;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// A content file's text, kept so diagnostics can quote it (shared, so the
/// preview's cache of unchanged files costs no copy).
#[derive(Debug, Clone)]
pub(crate) struct SourceFile {
    /// Path relative to the site root, with `/` separators.
    pub(crate) path: String,
    pub(crate) text: Arc<str>,
    /// Where the lines of `text` start, made once (thousands of diagnostics can point into one file).
    lines: Arc<LineIndex>,
}

impl SourceFile {
    pub(crate) fn new(path: &str, text: Arc<str>) -> SourceFile {
        let lines = Arc::new(LineIndex::new(&text));
        SourceFile { path: path.to_string(), text, lines }
    }

    /// The place of byte `offset` in this file.
    pub(crate) fn place(&self, offset: usize) -> Place {
        self.lines.place(&self.path, &self.text, offset)
    }
}

/// A narrative page as written.
#[derive(Debug)]
pub(crate) struct RawNarrative {
    pub(crate) file: usize,
    /// Path under `content/`, e.g. `narratives/six-pager.md`.
    pub(crate) content_path: String,
    pub(crate) front: RawFrontMatter,
    /// Byte offset of the front matter's TOML in the file (its spans are relative to it).
    pub(crate) front_offset: usize,
    /// Byte offset of the Markdown body in the file.
    pub(crate) body_offset: usize,
}

/// A roadmap item and the file it came from. Items are shared with the
/// preview's cache of parsed files, which keeps them between rebuilds.
#[derive(Debug)]
pub(crate) struct Located<T> {
    pub(crate) file: usize,
    /// Byte offset where the item's table starts in the file: its warnings are those placed from here
    /// to the start of the next item (what a per-item `allow` silences).
    pub(crate) start: usize,
    pub(crate) item: Arc<T>,
}

/// Everything read from a site root, before validation.
#[derive(Debug, Default)]
pub(crate) struct RawSite {
    pub(crate) files: Vec<SourceFile>,
    pub(crate) config: RawConfig,
    pub(crate) config_file: Option<usize>,
    pub(crate) narratives: Vec<RawNarrative>,
    pub(crate) milestones: Vec<Located<RawMilestone>>,
    pub(crate) objectives: Vec<Located<RawObjective>>,
    pub(crate) risks: Vec<Located<RawRisk>>,
    pub(crate) decisions: Vec<Located<RawDecision>>,
    pub(crate) releases: Vec<Located<RawRelease>>,
    pub(crate) terms: Vec<Located<RawTerm>>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl RawSite {
    /// The body of a narrative.
    pub(crate) fn body(&self, narrative: &RawNarrative) -> &str {
        &self.files[narrative.file].text[narrative.body_offset..]
    }
}

/// What one file contributed.
#[derive(Default, Clone)]
struct Parsed {
    narrative: Option<(String, RawFrontMatter, usize, usize)>,
    milestones: Vec<(usize, Arc<RawMilestone>)>,
    objectives: Vec<(usize, Arc<RawObjective>)>,
    risks: Vec<(usize, Arc<RawRisk>)>,
    decisions: Vec<(usize, Arc<RawDecision>)>,
    releases: Vec<(usize, Arc<RawRelease>)>,
    terms: Vec<(usize, Arc<RawTerm>)>,
    diagnostics: Vec<Diagnostic>,
}

/// Which kind of content file a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Narrative,
    Roadmap,
    Glossary,
}

/// Parsed content files kept between loads (the preview server's rebuilds):
/// a file whose text did not change is not parsed again.
#[derive(Default)]
pub(crate) struct Cache {
    files: HashMap<String, (SourceFile, Parsed)>,
}

/// Reads and parses every content file under `root`.
pub(crate) fn load(root: &Path) -> RawSite {
    load_with(root, None, None)
}

/// Like `load`, with the roadmap file at `rel` (relative to the root, under
/// `content/roadmap/`) read from `bytes` instead of the disk; it need not
/// exist yet. What `import` checks before it writes anything.
pub(crate) fn load_with_file(root: &Path, rel: &str, bytes: &[u8]) -> RawSite {
    load_with(root, None, Some((rel, bytes)))
}

/// Like `load`, reusing the parse of every file whose text is unchanged since the last call.
pub(crate) fn load_cached(root: &Path, cache: &mut Cache) -> RawSite {
    load_with(root, Some(cache), None)
}

fn load_with(root: &Path, mut cache: Option<&mut Cache>, overlay: Option<(&str, &[u8])>) -> RawSite {
    let mut site = RawSite::default();
    load_config(root, &mut site);
    let limit = site.config.max_file_size();
    let (mut paths, walk_errors) = content_files(root);
    if let Some((rel, _)) = overlay.filter(|(rel, _)| !paths.iter().any(|(p, _, _)| p == rel)) {
        paths.push((rel.to_string(), root.join(rel), Kind::Roadmap));
        paths.sort_by(|a, b| a.0.split('/').cmp(b.0.split('/')));
    }
    crate::timing::mark("content found");
    site.diagnostics.extend(walk_errors);
    let previous = cache.as_ref().map(|c| &c.files);
    let parsed: Vec<(SourceFile, Parsed)> = paths
        .par_iter()
        .map(|(rel, abs, kind)| {
            let read = match overlay {
                Some((over, bytes)) if over == rel => Ok(bytes.to_vec()),
                _ => read_file(rel, abs, limit),
            };
            let unchanged =
                previous.and_then(|p| p.get(rel)).filter(|(f, _)| read.as_ref().is_ok_and(|b| f.text.as_bytes() == b));
            unchanged.cloned().unwrap_or_else(|| parse_source(rel, read, *kind))
        })
        .collect();
    crate::timing::mark("content parsed");
    if let Some(cache) = cache.as_mut() {
        cache.files = parsed.iter().map(|(f, p)| (f.path.clone(), (f.clone(), p.clone()))).collect();
    }
    for (file, parsed) in parsed {
        let index = site.files.len();
        site.files.push(file);
        merge(&mut site, index, parsed);
    }
    crate::timing::mark("content merged");
    site
}

fn merge(site: &mut RawSite, file: usize, parsed: Parsed) {
    if let Some((content_path, front, front_offset, body_offset)) = parsed.narrative {
        site.narratives.push(RawNarrative { file, content_path, front, front_offset, body_offset });
    }
    site.milestones.extend(parsed.milestones.into_iter().map(|(start, item)| Located { file, start, item }));
    site.objectives.extend(parsed.objectives.into_iter().map(|(start, item)| Located { file, start, item }));
    site.risks.extend(parsed.risks.into_iter().map(|(start, item)| Located { file, start, item }));
    site.decisions.extend(parsed.decisions.into_iter().map(|(start, item)| Located { file, start, item }));
    site.releases.extend(parsed.releases.into_iter().map(|(start, item)| Located { file, start, item }));
    site.terms.extend(parsed.terms.into_iter().map(|(start, item)| Located { file, start, item }));
    site.diagnostics.extend(parsed.diagnostics);
}

/// Reads a site from files held in memory (path relative to the site root
/// with `/` separators, bytes): the content as it was at a git revision.
/// Parsed exactly like `load`; files that are not content are ignored.
pub(crate) fn load_files(files: &[(String, Vec<u8>)]) -> RawSite {
    let mut site = RawSite::default();
    let mut content: Vec<(String, Vec<u8>, Kind)> = Vec::new();
    for (rel, bytes) in files {
        if rel == config::FILE_NAME {
            config_from(&mut site, source_from(config::FILE_NAME, Ok(bytes.clone())));
        } else if let Some(kind) = classify(rel) {
            content.push((rel.clone(), bytes.clone(), kind));
        }
    }
    // The order of a sorted walk: folder by folder, names compared byte-wise.
    content.sort_by(|a, b| a.0.split('/').cmp(b.0.split('/')));
    let parsed: Vec<(SourceFile, Parsed)> =
        content.into_par_iter().map(|(rel, bytes, kind)| parse_source(&rel, Ok(bytes), kind)).collect();
    for (file, parsed) in parsed {
        let index = site.files.len();
        site.files.push(file);
        merge(&mut site, index, parsed);
    }
    site
}

fn load_config(root: &Path, site: &mut RawSite) {
    let path = root.join(config::FILE_NAME);
    if fs::symlink_metadata(&path).is_err() {
        return;
    }
    if path.is_symlink() {
        if let Err(d) = Fence::of(root).check(&path, config::FILE_NAME) {
            return site.diagnostics.push(d);
        }
    }
    config_from(site, read_source(config::FILE_NAME, &path, RawConfig::default().max_file_size()));
}

fn config_from(site: &mut RawSite, file: Result<SourceFile, Diagnostic>) {
    let file = match file {
        Ok(file) => file,
        Err(d) => return site.diagnostics.push(d),
    };
    match RawConfig::parse(&file.text) {
        Ok(config) => site.config = config,
        Err(mistakes) => site.diagnostics.extend(mistakes.iter().map(|e| toml_error(&file, e, 0))),
    }
    site.config_file = Some(site.files.len());
    site.files.push(file);
}

/// `roadbook.toml` as written (the defaults when there is none), or `None`
/// when it cannot be read or parsed (loading the site then reports why, with
/// file and line). What the command layer needs before the pipeline runs.
pub(crate) fn config_of(root: &Path) -> Option<RawConfig> {
    let path = root.join(config::FILE_NAME);
    if !path.exists() {
        return Some(RawConfig::default());
    }
    if path.is_symlink() && Fence::of(root).check(&path, config::FILE_NAME).is_err() {
        return None;
    }
    let file = read_source(config::FILE_NAME, &path, RawConfig::default().max_file_size()).ok()?;
    RawConfig::parse(&file.text).ok()
}

/// Parses in-memory files as `load` parses files on disk: `config` is the text
/// of `roadbook.toml`, `files` are (path relative to the site root, bytes);
/// paths that are not content files are ignored. For fuzzing and tests.
pub(crate) fn from_memory(config: Option<&[u8]>, files: &[(&str, &[u8])]) -> RawSite {
    let mut site = RawSite::default();
    if let Some(bytes) = config {
        config_from(&mut site, source_from(config::FILE_NAME, Ok(bytes.to_vec())));
    }
    for (rel, bytes) in files {
        if let Some(kind) = classify(rel) {
            let (file, parsed) = parse_source(rel, Ok(bytes.to_vec()), kind);
            let index = site.files.len();
            site.files.push(file);
            merge(&mut site, index, parsed);
        }
    }
    site
}

/// Every `.md` under `content/`, every `.toml` under `content/roadmap/`, and
/// `content/glossary.toml`, sorted by path so the order never depends on the disk.
fn content_files(root: &Path) -> (Vec<(String, PathBuf, Kind)>, Vec<Diagnostic>) {
    let (found, errors) = walk(root, "content");
    let files = found.into_iter().filter_map(|(rel, abs)| classify(&rel).map(|kind| (rel, abs, kind))).collect();
    (files, errors)
}

/// Every file under `root/folder`, sorted: (path relative to the root, absolute path), and the
/// problems met on the way. Symbolic links are followed only where they resolve inside the site
/// root, or into a folder `allow_links_to` in roadbook.toml names; any other link is an error
/// naming the link and its target, and nothing behind it is read. Links into `/proc`, `/sys` and
/// `/dev` are errors even when allowed.
fn walk(root: &Path, folder: &str) -> (Vec<(String, PathBuf)>, Vec<Diagnostic>) {
    let dir = root.join(folder);
    let (mut files, mut errors) = (Vec::new(), Vec::new());
    if fs::symlink_metadata(&dir).is_err() {
        return (files, errors);
    }
    let fence = Fence::of(root);
    let mut entries = walkdir::WalkDir::new(&dir).follow_links(true).sort_by_file_name().into_iter();
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                errors.push(walk_error(root, &e));
                continue;
            }
        };
        let rel = relative(root, entry.path());
        if entry.path_is_symlink() {
            if let Err(d) = fence.check(entry.path(), rel.as_deref().unwrap_or(folder)) {
                errors.push(d);
                if entry.file_type().is_dir() {
                    entries.skip_current_dir();
                }
                continue;
            }
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(rel) = rel else {
            errors.push(Diagnostic::new(
                Code::Parse,
                "file name is not valid UTF-8",
                Place::file_start(&entry.path().strip_prefix(root).unwrap_or(entry.path()).to_string_lossy()),
            ));
            continue;
        };
        files.push((rel, entry.into_path()));
    }
    (files, errors)
}

/// Where the site's symbolic links may lead: inside the site root, or into a folder roadbook.toml allows.
struct Fence {
    root: Option<PathBuf>,
    allowed: Vec<PathBuf>,
}

/// Folders of the running system that are never read: their files describe the machine and the
/// build (`/proc/self/environ` holds a CI job's secrets), not the roadmap.
const SYSTEM_FOLDERS: [&str; 3] = ["/proc", "/sys", "/dev"];

impl Fence {
    fn of(root: &Path) -> Fence {
        let root_abs = fs::canonicalize(root).ok();
        let allowed = allowed_links(root).iter().filter_map(|dir| fs::canonicalize(root.join(dir)).ok()).collect();
        Fence { root: root_abs, allowed }
    }

    /// `Ok` when the link at `path` (shown as `rel`) resolves inside the fence.
    fn check(&self, path: &Path, rel: &str) -> Result<(), Diagnostic> {
        let place = Place::file_start(rel);
        let target = match fs::canonicalize(path) {
            Ok(target) => target,
            Err(e) => {
                let message = format!(
                    "symbolic link that cannot be followed ({e}); remove it or point it at a file inside the site"
                );
                return Err(Diagnostic::new(Code::OutsideSite, message, place));
            }
        };
        if SYSTEM_FOLDERS.iter().any(|system| target.starts_with(system)) {
            let written = fs::read_link(path).unwrap_or(target);
            let message = format!(
                "symbolic link to `{}`, a system file; roadbook never reads /proc, /sys or /dev. Remove the link",
                written.display()
            );
            return Err(Diagnostic::new(Code::OutsideSite, message, place));
        }
        let inside = self.root.as_ref().is_some_and(|root| target.starts_with(root));
        if inside || self.allowed.iter().any(|dir| target.starts_with(dir)) {
            return Ok(());
        }
        let folder = if target.is_dir() { &target } else { target.parent().unwrap_or(&target) }.display();
        let message = format!(
            "symbolic link to `{}`, outside the site root; roadbook reads nothing outside the site. Copy it into the site, or allow its folder in roadbook.toml: allow_links_to = [\"{folder}\"]",
            target.display()
        );
        Err(Diagnostic::new(Code::OutsideSite, message, place))
    }
}

/// The folders `allow_links_to` in roadbook.toml names (none when it cannot be read; the load reports why).
/// A roadbook.toml that is itself a link allows nothing: what it may point to is what is being decided.
fn allowed_links(root: &Path) -> Vec<String> {
    let path = root.join(config::FILE_NAME);
    if path.is_symlink() {
        return Vec::new();
    }
    let Ok(file) = read_source(config::FILE_NAME, &path, RawConfig::default().max_file_size()) else {
        return Vec::new();
    };
    RawConfig::parse(&file.text)
        .map(|c| c.allow_links_to.into_iter().map(deserialize::spanned::Spanned::into_inner).collect())
        .unwrap_or_default()
}

fn classify(rel: &str) -> Option<Kind> {
    let under = rel.strip_prefix("content/")?;
    if under.rsplit('/').next().is_some_and(|name| name.starts_with('.')) {
        return None;
    }
    if under.ends_with(".md") {
        Some(Kind::Narrative)
    } else if under == "glossary.toml" {
        Some(Kind::Glossary)
    } else if under.starts_with("roadmap/") && under.ends_with(".toml") {
        Some(Kind::Roadmap)
    } else {
        None
    }
}

fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

fn walk_error(root: &Path, e: &walkdir::Error) -> Diagnostic {
    let path = e.path().and_then(|p| relative(root, p)).unwrap_or_else(|| "content".to_string());
    let message = if e.loop_ancestor().is_some() {
        "symbolic link loop: this folder links back to one of its parents".to_string()
    } else {
        format!("cannot read: {}", e.io_error().map_or_else(|| e.to_string(), |io| io.to_string()))
    };
    Diagnostic::new(Code::Parse, message, Place::file_start(&path))
}

/// Reads a file as UTF-8; a read error, a file over `limit` bytes or invalid UTF-8 is a diagnostic.
fn read_source(rel: &str, abs: &Path, limit: u64) -> Result<SourceFile, Diagnostic> {
    source_from(rel, read_file(rel, abs, limit))
}

/// The largest file the site at `root` lets roadbook read (`max_file_size_mb`), in bytes.
pub(crate) fn max_file_size(root: &Path) -> u64 {
    config_of(root).unwrap_or_default().max_file_size()
}

/// Reads the bytes of a file of at most `limit` bytes, a `parse` or `too-large` diagnostic
/// otherwise. The size is checked before reading, and the read stops past the limit
/// (a file that grows meanwhile, or one whose size the system does not report).
pub(crate) fn read_file(rel: &str, abs: &Path, limit: u64) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read;
    let cannot =
        |e: std::io::Error| Diagnostic::new(Code::Parse, format!("cannot read file: {e}"), Place::file_start(rel));
    let file = std::fs::File::open(abs).map_err(cannot)?;
    let size = file.metadata().map_err(cannot)?.len();
    if size > limit {
        return Err(too_large(rel, size, limit));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(rel, bytes.len() as u64, limit));
    }
    Ok(bytes)
}

/// A file over the size limit: names it, the limit and how to raise it.
pub(crate) fn too_large(rel: &str, size: u64, limit: u64) -> Diagnostic {
    let (size, limit) = (config::megabytes(size), config::megabytes(limit));
    let message = format!(
        "file is {size} MB, over the limit of {limit} MB for a file roadbook reads; if it belongs here, raise `max_file_size_mb` in roadbook.toml"
    );
    Diagnostic::new(Code::TooLarge, message, Place::file_start(rel))
}

/// A read result as UTF-8 text, or a `parse` diagnostic at the first bad byte.
fn source_from(rel: &str, read: Result<Vec<u8>, Diagnostic>) -> Result<SourceFile, Diagnostic> {
    let bytes = read?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(rel, text.into())),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            let place = Place::at(rel, &prefix, valid);
            Err(Diagnostic::new(Code::Parse, "file is not valid UTF-8", place))
        }
    }
}

fn parse_source(rel: &str, read: Result<Vec<u8>, Diagnostic>, kind: Kind) -> (SourceFile, Parsed) {
    let file = match source_from(rel, read) {
        Ok(file) => file,
        Err(d) => {
            let parsed = Parsed { diagnostics: vec![d], ..Parsed::default() };
            return (SourceFile::new(rel, "".into()), parsed);
        }
    };
    let parsed = match kind {
        Kind::Narrative => parse_narrative(&file),
        Kind::Roadmap => parse_tables(&file, ROADMAP_KEYS),
        Kind::Glossary => parse_tables(&file, GLOSSARY_KEYS),
    };
    (file, parsed)
}

fn parse_narrative(file: &SourceFile) -> Parsed {
    let mut parsed = Parsed::default();
    let content_path = file.path.strip_prefix("content/").unwrap_or(&file.path).to_string();
    let split = match front_matter::split(&file.text) {
        Ok(split) => split,
        Err(offset) => {
            let message = "front matter opened with `+++` is never closed by a `+++` line";
            parsed.diagnostics.push(Diagnostic::new(Code::Parse, message, file.place(offset)));
            return parsed;
        }
    };
    let front_offset = split.front.map_or(0, |(start, _)| start);
    let front = match split.front {
        None => RawFrontMatter::default(),
        Some((start, end)) => match deserialize::from_str(&file.text[start..end]) {
            Ok(front) => front,
            Err(mistakes) => {
                parsed.diagnostics.extend(mistakes.iter().map(|e| toml_error(file, e, start)));
                RawFrontMatter::default()
            }
        },
    };
    parsed.narrative = Some((content_path, front, front_offset, split.body_offset));
    parsed
}

/// The tables a roadmap file and the glossary may hold (their schemas, `raw::RawRoadmapFile` and
/// `raw::RawGlossaryFile`, are held to these by a test).
const ROADMAP_KEYS: &[&str] = &["milestone", "objective", "risk", "decision", "release"];
const GLOSSARY_KEYS: &[&str] = &["term"];

/// Parses a TOML file holding arrays of tables; each item is deserialized on
/// its own so one bad item does not hide the problems of the others.
fn parse_tables(file: &SourceFile, keys: &[&str]) -> Parsed {
    let mut parsed = Parsed::default();
    let table = match DeTable::parse(&file.text) {
        Ok(table) => table.into_inner(),
        Err(e) => {
            parsed.diagnostics.push(toml_error(file, &Failure::syntax(e), 0));
            return parsed;
        }
    };
    for (key, value) in table {
        let name: &str = key.get_ref();
        if !keys.contains(&name) {
            let hint = did_you_mean(name, keys.iter().copied());
            let message = format!("unknown table `{name}`, expected one of {}{hint}", quoted(keys));
            parsed.diagnostics.push(Diagnostic::new(Code::UnknownField, message, file.place(key.span().start)));
            continue;
        }
        let name = name.to_string();
        for item in array_items(file, &name, value, &mut parsed.diagnostics) {
            push_item(file, &name, item, &mut parsed);
        }
    }
    parsed
}

fn array_items<'i>(
    file: &SourceFile,
    name: &str,
    value: Spanned<DeValue<'i>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Spanned<DeValue<'i>>> {
    let span = value.span();
    match value.into_inner() {
        DeValue::Array(items) => items.into_iter().collect(),
        _ => {
            let message = format!("`{name}` must be an array of tables, written `[[{name}]]`");
            diagnostics.push(Diagnostic::new(Code::Parse, message, file.place(span.start)));
            Vec::new()
        }
    }
}

fn push_item(file: &SourceFile, name: &str, item: Spanned<DeValue<'_>>, parsed: &mut Parsed) {
    let d = &mut parsed.diagnostics;
    match name {
        "milestone" => item_into(file, item, &mut parsed.milestones, d),
        "objective" => item_into(file, item, &mut parsed.objectives, d),
        "risk" => item_into(file, item, &mut parsed.risks, d),
        "decision" => item_into(file, item, &mut parsed.decisions, d),
        "release" => item_into(file, item, &mut parsed.releases, d),
        _ => item_into(file, item, &mut parsed.terms, d),
    }
}

/// Reads one item into `list`, and every bad field in it into `diagnostics`
/// (see `deserialize::read_rest`); a mistake toml cannot place is placed at
/// the item. An item with mistakes is still listed, read without its bad
/// fields, when nothing required had to be stood in for: the read errors
/// fail the build anyway, and its other fields are then still checked in
/// the same run (`validate`).
fn item_into<'de, T: Deserialize<'de>>(
    file: &SourceFile,
    item: Spanned<DeValue<'de>>,
    list: &mut Vec<(usize, Arc<T>)>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let start = item.span().start;
    let (read, mistakes) = deserialize::read_rest(item);
    let place = |e: &Failure| toml_error(file, e, if e.offset().is_some() { 0 } else { start });
    diagnostics.extend(mistakes.iter().map(place));
    list.extend(read.map(|r| (start, Arc::new(r))));
}

/// A TOML error as a diagnostic; `offset` is where the TOML text starts in the file.
pub(crate) fn toml_error(file: &SourceFile, e: &Failure, offset: usize) -> Diagnostic {
    let (code, message) = e.describe();
    Diagnostic::new(code, message, file.place(offset + e.offset().unwrap_or(0)))
}

fn quoted(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// Every file under `root/folder`, sorted: (path relative to the folder, absolute path); the first problem met otherwise.
fn files_under(root: &Path, folder: &str) -> Result<Vec<(String, PathBuf)>, Diagnostic> {
    let (files, errors) = walk(root, folder);
    if let Some(first) = errors.into_iter().next() {
        return Err(first);
    }
    let prefix = format!("{folder}/");
    Ok(files.into_iter().map(|(rel, abs)| (rel.strip_prefix(&prefix).unwrap_or(&rel).to_string(), abs)).collect())
}

/// Reads the site's `templates/*.html` and `*.xml` (the feed) overrides (names relative to `templates/`).
pub(crate) fn load_templates(root: &Path) -> Result<Vec<(String, String)>, Diagnostic> {
    let mut templates = Vec::new();
    let limit = max_file_size(root);
    for (name, path) in files_under(root, "templates")? {
        if name.ends_with(".html") || name.ends_with(".xml") {
            let text = read_source(&format!("templates/{name}"), &path, limit)?.text.to_string();
            templates.push((name, text));
        }
    }
    Ok(templates)
}

/// Reads every file under the site's `static/` (path relative to `static/`, bytes), sorted.
pub(crate) fn load_static(root: &Path) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let limit = max_file_size(root);
    let read = |(rel, path): (String, PathBuf)| {
        let bytes = read_file(&format!("static/{rel}"), &path, limit)?;
        Ok((rel, bytes))
    };
    files_under(root, "static")?.into_iter().map(read).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table names the schema of `T` gives editors, sorted.
    fn schema_tables<T: schemars::JsonSchema>() -> Vec<String> {
        let schema = schemars::schema_for!(T);
        let properties = schema.get("properties").and_then(serde_json::Value::as_object);
        let mut tables: Vec<String> = properties.map(|p| p.keys().cloned().collect()).unwrap_or_default();
        tables.sort();
        tables
    }

    fn sorted(keys: &[&str]) -> Vec<String> {
        let mut keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
        keys.sort();
        keys
    }

    #[test]
    fn the_schemas_of_roadmap_files_and_the_glossary_name_the_tables_the_loader_reads() {
        assert_eq!(schema_tables::<raw::RawRoadmapFile>(), sorted(ROADMAP_KEYS));
        assert_eq!(schema_tables::<raw::RawGlossaryFile>(), sorted(GLOSSARY_KEYS));
    }

    #[test]
    fn a_file_gone_between_walk_and_read_is_a_parse_error_at_its_start() {
        let rel = "content/narratives/gone.md";
        let gone = read_file(rel, Path::new("/nonexistent/gone.md"), 1024);
        let (file, parsed) = parse_source(rel, gone, Kind::Narrative);
        assert_eq!(&*file.text, "");
        let d = &parsed.diagnostics[0];
        assert_eq!(
            (d.code, d.place.file.as_str(), d.place.line, d.place.column),
            (Code::Parse, "content/narratives/gone.md", 1, 1)
        );
        assert!(d.message.starts_with("cannot read file:"), "{}", d.message);
        assert!(parsed.narrative.is_none());
    }

    #[test]
    fn invalid_utf8_is_placed_at_the_first_bad_byte() {
        let raw = from_memory(None, &[("content/roadmap/a.toml", b"# ok\n# caf\xe9\n")]);
        let d = &raw.diagnostics[0];
        assert_eq!((d.place.line, d.place.column), (2, 6));
        assert_eq!(d.message, "file is not valid UTF-8");
    }
}
