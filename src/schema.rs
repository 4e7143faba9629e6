//! `roadbook schema`: JSON Schemas (draft-07) of `roadbook.toml`, the roadmap
//! files, the glossary and narrative front matter, for editors that read
//! them (taplo, Even Better TOML) to complete field names, describe each
//! field and flag typos and bad values while typing.
//!
//! They are derived from the raw structs the loader reads (`config`,
//! `content::raw`): the fields and their types, `deny_unknown_fields`,
//! the `///` comments and each field's allowed values come from there, so
//! the schemas cannot drift from what roadbook accepts. Draft-07, because it
//! is the newest draft taplo's validator reads in full.
//!
//! They are written into one folder (`schema/` at the site root by default,
//! also by `init`). A file there is replaced only when roadbook wrote it (it
//! carries `SIGNATURE`), nothing is written through a symbolic link, and if
//! any file may not be written, none is.

use crate::config::RawConfig;
use crate::content::raw::{RawFrontMatter, RawGlossaryFile, RawRoadmapFile};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde_json::Value;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// The folder the schemas go to, under the site root, unless `--output` says otherwise.
pub(crate) const FOLDER: &str = "schema";

/// How every schema file roadbook writes begins its `$comment`: what tells
/// a file roadbook may replace from one it must leave alone.
const SIGNATURE: &str = "Written by `roadbook schema`";

/// A file bigger than this is not one roadbook wrote (each is some tens of KB).
const MAX_OURS: u64 = 4 * 1024 * 1024;

/// One schema file: its name in the folder, the TOML files it describes, and its text.
pub(crate) struct SchemaFile {
    pub(crate) name: &'static str,
    /// The TOML files it is for, relative to the site root: where a `#:schema` line points at it.
    pub(crate) for_files: &'static str,
    pub(crate) text: String,
}

/// Every schema, in the order they are written.
pub(crate) fn files() -> Vec<SchemaFile> {
    vec![
        SchemaFile { name: "roadbook.json", for_files: "roadbook.toml", text: render(config_schema()) },
        SchemaFile {
            name: "roadmap.json",
            for_files: "content/roadmap/*.toml",
            text: render(schema_for::<RawRoadmapFile>("A roadbook roadmap file (content/roadmap/*.toml)")),
        },
        SchemaFile {
            name: "glossary.json",
            for_files: "content/glossary.toml",
            text: render(schema_for::<RawGlossaryFile>("The roadbook glossary (content/glossary.toml)")),
        },
        SchemaFile {
            name: "front-matter.json",
            for_files: "content/**/*.md",
            text: render(schema_for::<RawFrontMatter>("The +++ front matter of a roadbook narrative")),
        },
    ]
}

/// `roadbook.toml`'s schema; `highlight_theme` takes the names of the themes roadbook has built in.
fn config_schema() -> Schema {
    let mut schema = schema_for::<RawConfig>("roadbook.toml: the settings of a roadbook site");
    let themes = crate::highlight::theme_names();
    if let Some(theme) = schema.pointer_mut("/properties/highlight_theme").and_then(Value::as_object_mut) {
        theme.insert("enum".into(), themes.into());
    }
    schema
}

/// The draft-07 schema of `T`, titled, with the `$comment` that marks it as roadbook's.
fn schema_for<T: JsonSchema>(title: &str) -> Schema {
    let mut settings = SchemaSettings::draft07();
    // Before draft-07's own transforms, which move what sits beside a `$ref` into an `allOf`.
    settings.transforms.insert(0, Box::new(no_null));
    let mut schema = settings.into_generator().into_root_schema_for::<T>();
    schema.insert("title".into(), title.into());
    let comment = format!("{SIGNATURE} from the definitions roadbook reads; roadbook replaces this file only while it carries this comment. Regenerate it with `roadbook schema` after upgrading roadbook.");
    schema.insert("$comment".into(), comment.into());
    schema
}

/// TOML has no null: an optional field is one that may be left out, so the
/// `null` schemars allows for `Option` is dropped (it would show in editors as
/// a type the field can have).
fn no_null(schema: &mut Schema) {
    if let Some(Value::Array(types)) = schema.get_mut("type") {
        types.retain(|t| t != "null");
        if let [only] = types.as_slice() {
            let only = only.clone();
            schema.insert("type".into(), only);
        }
    }
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Array(options)) = schema.get_mut(key) else { continue };
        options.retain(|o| o.get("type").map_or(true, |t| t != "null"));
        if let [Value::Object(only)] = options.as_slice() {
            let only = only.clone();
            schema.remove(key);
            let object = schema.ensure_object();
            for (k, v) in only {
                object.entry(k).or_insert(v);
            }
        }
    }
    schemars::transform::transform_subschemas(&mut no_null, schema);
}

fn render(schema: Schema) -> String {
    // Serializing a JSON value to a string cannot fail.
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// What writing one schema file did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Created,
    Updated,
    Unchanged,
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Outcome::Created => "created",
            Outcome::Updated => "updated",
            Outcome::Unchanged => "unchanged",
        })
    }
}

/// Why `write` wrote nothing.
#[derive(Debug)]
pub(crate) enum SchemaError {
    /// The folder is the site's `content/` or `templates/`, or inside one.
    Input(PathBuf, &'static str),
    /// These paths are symbolic links that writing would follow.
    Links(Vec<PathBuf>),
    /// These files exist and roadbook did not write them.
    NotOurs(Vec<PathBuf>),
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list = |paths: &[PathBuf]| paths.iter().map(|p| format!("\n  {}", p.display())).collect::<String>();
        match self {
            SchemaError::Input(path, input) => write!(
                f,
                "refusing to write schemas into `{}`: it is the site's `{input}/` folder or inside it, which roadbook reads; nothing was written. Use the default ({FOLDER}/ at the site root) or another --output",
                path.display()
            ),
            SchemaError::Links(paths) => write!(
                f,
                "refusing to write through symbolic links; nothing was written:{}\nPass a real folder with --output, or remove the links first",
                list(paths)
            ),
            SchemaError::NotOurs(paths) => write!(
                f,
                "refusing to overwrite files roadbook did not write; nothing was written:{}\nMove them away, or choose another folder with --output",
                list(paths)
            ),
            SchemaError::Io(path, e) => write!(f, "cannot write `{}`: {e}", path.display()),
        }
    }
}

/// Writes every schema into `dir`, for the site at `root`; returns each file with what was done.
pub(crate) fn write(root: &Path, dir: &Path) -> Result<Vec<(PathBuf, Outcome)>, SchemaError> {
    refuse_inputs(root, dir)?;
    let files = files();
    let targets: Vec<PathBuf> = files.iter().map(|f| dir.join(f.name)).collect();
    let links: Vec<PathBuf> = Some(dir)
        .into_iter()
        .chain(targets.iter().map(PathBuf::as_path))
        .filter(|p| is_link(p))
        .map(Path::to_path_buf)
        .collect();
    if !links.is_empty() {
        return Err(SchemaError::Links(links));
    }
    let foreign: Vec<PathBuf> =
        targets.iter().filter(|p| p.symlink_metadata().is_ok() && !is_ours(p)).cloned().collect();
    if !foreign.is_empty() {
        return Err(SchemaError::NotOurs(foreign));
    }
    fs::create_dir_all(dir).map_err(|e| SchemaError::Io(dir.to_path_buf(), e))?;
    let mut done = Vec::new();
    for (file, path) in files.iter().zip(targets) {
        let outcome = write_one(&path, &file.text).map_err(|e| SchemaError::Io(path.clone(), e))?;
        done.push((path, outcome));
    }
    Ok(done)
}

/// A folder inside `content/` or `templates/` would be read back as input.
fn refuse_inputs(root: &Path, dir: &Path) -> Result<(), SchemaError> {
    let (root_abs, dir_abs) = (resolved(root), resolved(dir));
    match ["content", "templates"].into_iter().find(|input| dir_abs.starts_with(root_abs.join(input))) {
        Some(input) => Err(SchemaError::Input(dir.to_path_buf(), input)),
        None => Ok(()),
    }
}

/// `path` made absolute, with its longest existing part resolved (links followed, `..` taken).
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    let mut existing = absolute.as_path();
    loop {
        if let Ok(real) = fs::canonicalize(existing) {
            return rest.iter().rev().fold(real, |p, part| lexical_join(p, part));
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last.as_os_str().to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

fn lexical_join(mut path: PathBuf, part: &std::ffi::OsStr) -> PathBuf {
    match Path::new(part).components().next() {
        Some(Component::ParentDir) => {
            path.pop();
        }
        Some(Component::CurDir) | None => {}
        Some(_) => path.push(part),
    }
    path
}

/// A regular file that roadbook wrote: JSON whose `$comment` starts with `SIGNATURE`.
fn is_ours(path: &Path) -> bool {
    let Ok(meta) = path.symlink_metadata() else { return false };
    if !meta.is_file() || meta.len() > MAX_OURS {
        return false;
    }
    let Ok(text) = fs::read_to_string(path) else { return false };
    let Ok(value) = serde_json::from_str::<Value>(&text) else { return false };
    value.get("$comment").and_then(Value::as_str).is_some_and(|c| c.starts_with(SIGNATURE))
}

fn is_link(path: &Path) -> bool {
    path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink())
}

/// Writes `text` to `path` (a file roadbook wrote, or none) through a new file
/// renamed into place, so a reader never sees half a schema.
fn write_one(path: &Path, text: &str) -> io::Result<Outcome> {
    let outcome = match fs::read(path) {
        Ok(old) if old == text.as_bytes() => return Ok(Outcome::Unchanged),
        Ok(_) => Outcome::Updated,
        Err(e) if e.kind() == io::ErrorKind::NotFound => Outcome::Created,
        Err(e) => return Err(e),
    };
    let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let staging = path.with_file_name(format!(".{name}.roadbook-new-{}", std::process::id()));
    let _ = fs::remove_file(&staging);
    let written = write_new(&staging, text.as_bytes()).and_then(|()| fs::rename(&staging, path));
    if written.is_err() {
        let _ = fs::remove_file(&staging);
    }
    written.map(|()| outcome)
}

/// Creates a file that must not exist yet; a link in its place is not followed.
fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    fs::OpenOptions::new().write(true).create_new(true).open(path)?.write_all(bytes)
}

/// The `#:schema` line for each kind of TOML file, when `dir` is inside the
/// site `root`: (the files, the line), with a path relative to the files' folder.
pub(crate) fn directives(root: &Path, dir: &Path) -> Vec<(&'static str, String)> {
    let Ok(rel) = resolved(dir).strip_prefix(resolved(root)).map(Path::to_path_buf) else { return Vec::new() };
    let rel: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    files()
        .into_iter()
        .filter(|f| f.for_files.ends_with(".toml"))
        .map(|f| {
            let depth = f.for_files.matches('/').count();
            let up = if depth == 0 { vec![".".to_string()] } else { vec!["..".to_string(); depth] };
            let path: Vec<String> = up.into_iter().chain(rel.iter().cloned()).chain([f.name.to_string()]).collect();
            (f.for_files, format!("#:schema {}", path.join("/")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{RawImport, RawMarkdown, RawPublish};
    use crate::content::raw::{RawDecision, RawGate, RawKeyResult, RawLink, RawMetric, RawMilestone};
    use crate::content::raw::{RawObjective, RawRelease, RawRisk, RawTerm};
    use serde::Deserialize;

    fn parsed(name: &str) -> Value {
        let file = files().into_iter().find(|f| f.name == name).expect(name);
        serde_json::from_str(&file.text).expect("JSON")
    }

    /// The fields serde reads for `T`, sorted: the list its unknown-field error gives.
    fn serde_fields<T: for<'de> Deserialize<'de> + std::fmt::Debug>() -> Vec<String> {
        let failures = crate::deserialize::from_str::<T>("zz-no-such-field = 1\n").unwrap_err();
        let mut fields: Vec<String> = failures[0].expected().iter().map(|f| f.to_string()).collect();
        fields.sort();
        fields
    }

    fn property_names(schema: &Value) -> Vec<String> {
        let mut names: Vec<String> =
            schema["properties"].as_object().map(|p| p.keys().cloned().collect()).unwrap_or_default();
        names.sort();
        names
    }

    /// Every field each raw struct reads is a property of its schema, and no other: a field added to
    /// a raw struct is in the schemas the moment it compiles. (Each schema is also `additionalProperties: false`.)
    #[test]
    fn every_schema_has_exactly_the_fields_the_loader_reads() {
        let (roadmap, glossary, config) = (parsed("roadmap.json"), parsed("glossary.json"), parsed("roadbook.json"));
        let front = parsed("front-matter.json");
        let cases: Vec<(&str, &Value, Vec<String>)> = vec![
            ("roadmap.json Milestone", &roadmap["definitions"]["Milestone"], serde_fields::<RawMilestone>()),
            ("roadmap.json Metric", &roadmap["definitions"]["Metric"], serde_fields::<RawMetric>()),
            ("roadmap.json Link", &roadmap["definitions"]["Link"], serde_fields::<RawLink>()),
            ("roadmap.json Gate", &roadmap["definitions"]["Gate"], serde_fields::<RawGate>()),
            ("roadmap.json Objective", &roadmap["definitions"]["Objective"], serde_fields::<RawObjective>()),
            ("roadmap.json KeyResult", &roadmap["definitions"]["KeyResult"], serde_fields::<RawKeyResult>()),
            ("roadmap.json Risk", &roadmap["definitions"]["Risk"], serde_fields::<RawRisk>()),
            ("roadmap.json Decision", &roadmap["definitions"]["Decision"], serde_fields::<RawDecision>()),
            ("roadmap.json Release", &roadmap["definitions"]["Release"], serde_fields::<RawRelease>()),
            ("glossary.json Term", &glossary["definitions"]["Term"], serde_fields::<RawTerm>()),
            ("front-matter.json", &front, serde_fields::<RawFrontMatter>()),
            ("roadbook.json", &config, serde_fields::<RawConfig>()),
            ("roadbook.json Publish", &config["definitions"]["Publish"], serde_fields::<RawPublish>()),
            ("roadbook.json Import", &config["definitions"]["Import"], serde_fields::<RawImport>()),
            ("roadbook.json Markdown", &config["definitions"]["Markdown"], serde_fields::<RawMarkdown>()),
        ];
        for (what, schema, fields) in &cases {
            assert_eq!(&property_names(schema), fields, "{what}");
            assert_eq!(schema["additionalProperties"], false, "{what}");
        }
        // Every table of every schema is one of the cases above.
        for (file, schema) in [("roadmap.json", &roadmap), ("glossary.json", &glossary), ("roadbook.json", &config)] {
            for name in schema["definitions"].as_object().map(|d| d.keys().collect()).unwrap_or_else(Vec::new) {
                let what = format!("{file} {name}");
                assert!(cases.iter().any(|(w, _, _)| *w == what), "{what} has no case in this test: add one");
            }
        }
    }

    /// Each property of `schema` (any table, nested or defined), with a name saying where it is.
    fn all_properties<'a>(at: &str, schema: &'a Value, out: &mut Vec<(String, &'a Value)>) {
        if let Some(properties) = schema["properties"].as_object() {
            for (name, property) in properties {
                out.push((format!("{at}.{name}"), property));
            }
        }
        if let Some(definitions) = schema["definitions"].as_object() {
            for (name, definition) in definitions {
                all_properties(&format!("{at}#{name}"), definition, out);
            }
        }
    }

    /// A field that is a table, or an array of tables: its own fields carry the examples.
    fn is_table(property: &Value) -> bool {
        let any_of = property["anyOf"].as_array().is_some_and(|options| options.iter().all(is_table));
        any_of
            || property.get("allOf").is_some()
            || property.get("$ref").is_some()
            || property["items"].get("$ref").is_some()
    }

    #[test]
    fn every_field_has_a_description_and_every_value_an_example() {
        let schemas: Vec<(String, Value)> = files().iter().map(|f| (f.name.to_string(), parsed(f.name))).collect();
        let mut properties = Vec::new();
        for (name, schema) in &schemas {
            all_properties(name, schema, &mut properties);
            assert!(schema["description"].is_string() && schema["title"].is_string(), "{name}");
            assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#", "{name}");
            for (def, definition) in schema["definitions"].as_object().into_iter().flatten() {
                assert!(definition["description"].is_string(), "{name}#{def}: give the struct a `///` comment");
            }
        }
        assert!(properties.len() > 80, "{}", properties.len());
        for (at, property) in properties {
            assert!(property["description"].is_string(), "{at}: give the field a `///` comment");
            let examples = property["examples"].as_array();
            assert!(
                is_table(property) || examples.is_some_and(|e| !e.is_empty()),
                "{at}: give the field `#[schemars(example = ...)]`"
            );
            // Each example is a value the field's own schema accepts.
            for example in examples.into_iter().flatten() {
                let mut alone = property.clone();
                alone.as_object_mut().map(|p| p.remove("examples"));
                assert!(jsonschema::is_valid(&alone, example), "{at}: example {example} does not fit");
            }
        }
    }

    #[test]
    fn allowed_values_come_from_the_model_and_the_diagnostic_codes() {
        let (roadmap, config) = (parsed("roadmap.json"), parsed("roadbook.json"));
        let milestone = &roadmap["definitions"]["Milestone"]["properties"];
        let names = |list: &[&str]| Value::from(list.to_vec());
        assert_eq!(milestone["status"]["enum"], names(crate::model::Status::NAMES));
        assert_eq!(milestone["track"]["enum"], names(crate::model::Track::NAMES));
        assert_eq!(milestone["allow"]["items"]["enum"], names(&crate::diagnostic::Code::warning_names()));
        assert_eq!(config["properties"]["lint"]["propertyNames"]["enum"], milestone["allow"]["items"]["enum"]);
        assert_eq!(config["properties"]["lint"]["additionalProperties"]["enum"], names(crate::diagnostic::LINT_LEVELS));
        assert_eq!(config["properties"]["highlight_theme"]["enum"], names(&crate::highlight::theme_names()));
    }

    #[test]
    fn directives_point_from_each_files_folder_to_the_schema_folder() {
        let root = std::env::temp_dir();
        let lines = directives(&root, &root.join("schema"));
        assert_eq!(
            lines,
            [
                ("roadbook.toml", "#:schema ./schema/roadbook.json".to_string()),
                ("content/roadmap/*.toml", "#:schema ../../schema/roadmap.json".to_string()),
                ("content/glossary.toml", "#:schema ../schema/glossary.json".to_string()),
            ]
        );
        let nested = directives(&root, &root.join("tools/./editor/../schemas"));
        assert_eq!(nested[1].1, "#:schema ../../tools/schemas/roadmap.json");
    }
}
