//! `roadbook schema` and editor support (issue 16, part 5): the schemas it
//! writes, what it refuses to overwrite, the committed copy the worked example
//! points at, and the worked example and the starter validated against them
//! with a JSON Schema validator, as an editor would.

use crate::harness::{repo, walkdir, Site};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const NAMES: [&str; 4] = ["roadbook.json", "roadmap.json", "glossary.json", "front-matter.json"];

fn roadbook(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_roadbook")).args(args).current_dir(cwd).output().unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

fn schema(dir: &Path, name: &str) -> Value {
    let text = std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"))
}

/// A TOML text as the JSON value an editor validates.
fn toml_value(text: &str) -> Value {
    toml::from_str(text).unwrap_or_else(|e| panic!("not TOML: {e}\n{text}"))
}

/// The front matter of a narrative (the TOML between the `+++` lines).
fn front_matter(text: &str) -> &str {
    let rest = text.strip_prefix("+++\n").unwrap_or_else(|| panic!("no front matter:\n{text}"));
    &rest[..rest.find("\n+++").expect("front matter closed") + 1]
}

/// Every error the schema finds in `value`, as "path: message".
fn errors(schema: &Value, value: &Value) -> Vec<String> {
    let validator = jsonschema::draft7::new(schema).expect("a valid draft-07 schema");
    let at = |path: String| if path.is_empty() { "/".to_string() } else { path };
    validator.iter_errors(value).map(|e| format!("{}: {e}", at(e.instance_path.to_string()))).collect()
}

#[track_caller]
fn assert_valid(schema: &Value, value: &Value, what: &str) {
    let found = errors(schema, value);
    assert!(found.is_empty(), "{what} does not match its schema:\n{}", found.join("\n"));
}

/// Which schema checks a file of the site (path relative to the root), if any.
fn schema_of(rel: &str) -> Option<&'static str> {
    match rel {
        "roadbook.toml" => Some("roadbook.json"),
        "content/glossary.toml" => Some("glossary.json"),
        _ if rel.starts_with("content/roadmap/") && rel.ends_with(".toml") => Some("roadmap.json"),
        _ if rel.starts_with("content/") && rel.ends_with(".md") => Some("front-matter.json"),
        _ => None,
    }
}

/// Validates every TOML file and front matter of the site at `root` against the
/// schemas in `root/schema`, and checks each TOML file's `#:schema` line names
/// its schema by a path relative to the file's folder. Returns how many files.
fn validate_site(root: &Path) -> usize {
    let schemas = root.join("schema");
    let mut checked = 0;
    let files: Vec<PathBuf> =
        std::iter::once(root.join("roadbook.toml")).chain(walkdir(&root.join("content"))).collect();
    for path in files {
        let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
        let Some(name) = schema_of(&rel) else { continue };
        let text = std::fs::read_to_string(&path).unwrap();
        let value = match name {
            "front-matter.json" if !text.starts_with("+++\n") => continue,
            "front-matter.json" => toml_value(front_matter(&text)),
            _ => {
                let first = text.lines().next().unwrap_or("");
                let target = first.strip_prefix("#:schema ").unwrap_or_else(|| panic!("{rel} starts {first:?}"));
                let resolved = std::fs::canonicalize(path.parent().unwrap().join(target)).unwrap();
                assert_eq!(resolved, std::fs::canonicalize(schemas.join(name)).unwrap(), "{rel}: {first}");
                toml_value(&text)
            }
        };
        assert_valid(&schema(&schemas, name), &value, &rel);
        checked += 1;
    }
    checked
}

#[test]
fn the_worked_example_matches_the_schemas_and_its_files_point_at_them() {
    // roadbook.toml, 6 roadmap files, the glossary, index.md and 5 narratives.
    assert_eq!(validate_site(&repo()), 14);
}

#[test]
fn the_committed_schemas_are_what_roadbook_schema_writes() {
    let out = tempfile::tempdir().unwrap();
    let (code, _, stderr) = roadbook(&repo(), &["schema", "--output", out.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    for name in NAMES {
        let fresh = std::fs::read_to_string(out.path().join(name)).unwrap();
        let committed = std::fs::read_to_string(repo().join("schema").join(name)).unwrap();
        assert!(fresh == committed, "schema/{name} is stale: run `cargo run -- schema` and commit it");
    }
    assert_eq!(walkdir(&repo().join("schema")).len(), NAMES.len(), "schema/ holds only what roadbook writes");
}

#[test]
fn the_starter_writes_the_schemas_and_matches_them() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = roadbook(dir.path(), &["init", "site"]);
    assert_eq!(code, 0, "{stderr}");
    for name in NAMES {
        assert!(stdout.contains(&format!("created site/schema/{name}\n")), "{stdout}");
    }
    let root = dir.path().join("site");
    // roadbook.toml, the roadmap, index.md and 2 narratives.
    assert_eq!(validate_site(&root), 5);
    // What init wrote is what `roadbook schema` writes: running it changes nothing.
    let (code, stdout, _) = roadbook(dir.path(), &["schema", "--root", "site"]);
    assert_eq!(code, 0);
    let unchanged: String = NAMES.iter().map(|n| format!("unchanged site/schema/{n}\n")).collect();
    assert!(stdout.starts_with(&unchanged), "{stdout}");
}

/// The worked example's `business.toml`, edited, checked against `roadmap.json`.
fn business_errors(from: &str, to: &str) -> Vec<String> {
    let text = std::fs::read_to_string(repo().join("content/roadmap/business.toml")).unwrap();
    assert!(text.contains(from), "business.toml has no {from:?}");
    errors(&schema(&repo().join("schema"), "roadmap.json"), &toml_value(&text.replacen(from, to, 1)))
}

#[test]
fn a_misspelt_field_or_a_value_roadbook_refuses_fails_the_schema() {
    let misspelt = business_errors("status = \"done\"", "stauts = \"done\"");
    assert_eq!(misspelt.len(), 1, "{misspelt:?}");
    assert!(misspelt[0].starts_with("/milestone/0: Additional properties are not allowed ('stauts' was unexpected)"));
    let status = business_errors("status = \"done\"", "status = \"finished\"");
    assert_eq!(status.len(), 1, "{status:?}");
    assert!(status[0].starts_with("/milestone/0/status: \"finished\" is not one of"), "{status:?}");
    for (from, to, at) in [
        ("track = \"business\"", "track = \"bussiness\"", "/milestone/0/track"),
        ("due = \"2026-Q3\"", "due = \"2026-13\"", "/milestone/0/due"),
        ("due = \"2026-Q3\"", "due = \"Q3 2026\"", "/milestone/0/due"),
        ("start = \"2026-03\"", "start = \"2026-3\"", "/milestone/0/start"),
        ("id = \"hosted-checkout\"", "id = \"Hosted Checkout\"", "/milestone/0/id"),
        ("confidence = \"high\"", "confidence = \"sure\"", "/milestone/0/confidence"),
        (
            "supported_by = [\"pci-scope-reduction\"]",
            "supported_by = \"pci-scope-reduction\"",
            "/milestone/0/supported_by",
        ),
        ("[[milestone.metric]]", "[[milestone.metrics]]", "/milestone/0"),
    ] {
        let found = business_errors(from, to);
        assert!(!found.is_empty() && found.iter().all(|e| e.starts_with(&format!("{at}: "))), "{to}: {found:?}");
    }
}

#[test]
fn gates_and_periods_are_checked_like_the_loader_checks_them() {
    let schemas = repo().join("schema");
    let milestone = "[[milestone]]\nid = \"a\"\ntitle = \"A\"\ntrack = \"business\"\n";
    let roadmap = |text: &str| errors(&schema(&schemas, "roadmap.json"), &toml_value(&format!("{milestone}{text}")));
    assert!(roadmap("[milestone.gate]\ndate = \"2027-01-15\"\ncriteria = \"C\"\ndecision = \"go\"\n").is_empty());
    assert_eq!(roadmap("[milestone.gate]\ndate = \"2027-01-15\"\ncriteria = \"C\"\ndecision = \"yes\"\n").len(), 1);
    assert_eq!(roadmap("[milestone.gate]\ndate = \"2027-Q1\"\ncriteria = \"C\"\n").len(), 1, "a gate has a day");
    assert_eq!(roadmap("[milestone.gate]\ndate = \"2027-01-15\"\n").len(), 1, "criteria are required");
    let two = "[[milestone.gate]]\ndate = \"2027-01-15\"\ncriteria = \"Beta\"\n\n[[milestone.gate]]\ndate = \"2027-02-15\"\ncriteria = \"GA\"\n";
    assert!(roadmap(two).is_empty(), "several gates");
    assert_eq!(roadmap(&two.replace("GA", "GA\"\ndecison = \"go")).len(), 1);
    assert_eq!(roadmap("[milestone.gates]\ndate = \"2027-01-15\"\ncriteria = \"C\"\n").len(), 1);
    let objective = "[[objective]]\nid = \"o\"\ntitle = \"O\"\n";
    let period =
        |p: &str| errors(&schema(&schemas, "roadmap.json"), &toml_value(&format!("{objective}period = \"{p}\"\n")));
    assert!(["2027", "2027-H1", "2027-Q3", "2027-06", "2027-06-30"].iter().all(|p| period(p).is_empty()));
    assert_eq!(period("sometime soon").len(), 1);
    assert_eq!(period("2027-H3").len(), 1);
    let found = errors(&schema(&schemas, "roadmap.json"), &toml_value("[[milestones]]\nid = \"a\"\n"));
    assert_eq!(found, ["/: Additional properties are not allowed ('milestones' was unexpected)"]);
}

#[test]
fn misspelt_settings_and_warning_codes_fail_the_schema() {
    let schemas = repo().join("schema");
    let config = |text: &str| errors(&schema(&schemas, "roadbook.json"), &toml_value(text));
    assert!(config("title = \"T\"\n[lint]\nmissing-metric = \"deny\"\n").is_empty());
    assert_eq!(config("titel = \"T\"\n"), ["/: Additional properties are not allowed ('titel' was unexpected)"]);
    assert_eq!(config("[lint]\nmissing-metric = \"forbid\"\n").len(), 1);
    assert_eq!(config("[lint]\nmissing-metrics = \"deny\"\n").len(), 1);
    assert_eq!(config("allow = [\"orphan-tech\"]\n").len(), 1);
    assert_eq!(config("highlight_theme = \"Monokai\"\n").len(), 1);
    assert_eq!(config("as_of = \"24/11/2026\"\n").len(), 1);
    assert_eq!(config("review_every_days = 0\n").len(), 1);
    let front = |text: &str| errors(&schema(&schemas, "front-matter.json"), &toml_value(text));
    assert!(front("title = \"T\"\nkind = \"six-pager\"\nallow = [\"highlight-skipped\"]\n").is_empty());
    assert_eq!(front("kind = \"memo\"\n").len(), 1);
    assert_eq!(front("allow = [\"parse\"]\n").len(), 1, "only warnings can be allowed");
    let glossary = |text: &str| errors(&schema(&schemas, "glossary.json"), &toml_value(text));
    assert!(glossary("[[term]]\nterm = \"TPV\"\ndefinition = \"Volume.\"\n").is_empty());
    assert_eq!(glossary("[[term]]\nterm = \"TPV\"\n").len(), 1, "a definition is required");
}

#[test]
fn schema_writes_its_files_then_updates_only_its_own() {
    let site = Site::minimal();
    let dir = site.path().join("schema");
    let listing = |verb: &str| NAMES.iter().map(|n| format!("{verb} {}\n", dir.join(n).display())).collect::<String>();
    let hint = "Editors that read `#:schema` (taplo, Even Better TOML) use them from a first line like:\n  \
                roadbook.toml           #:schema ./schema/roadbook.json\n  \
                content/roadmap/*.toml  #:schema ../../schema/roadmap.json\n  \
                content/glossary.toml   #:schema ../schema/glossary.json\n";
    let run = site.run(&["schema"]);
    run.success();
    assert_eq!(run.stdout, format!("{}{hint}", listing("created")));
    assert_eq!(site.run(&["schema"]).stdout, format!("{}{hint}", listing("unchanged")));
    // A file roadbook wrote (it keeps the comment that says so) is brought up to date.
    let old = site.read("schema/roadmap.json").replacen("\"title\"", "\"x-old\": 1,\n  \"title\"", 1);
    site.write("schema/roadmap.json", old.as_bytes());
    let run = site.run(&["schema"]);
    assert!(run.stdout.contains(&format!("updated {}\n", dir.join("roadmap.json").display())), "{}", run.stdout);
    assert!(!site.read("schema/roadmap.json").contains("x-old"));
}

#[test]
fn schema_never_overwrites_what_roadbook_did_not_write() {
    let site = Site::minimal().file("schema/roadmap.json", "{\"title\": \"mine\"}\n");
    let run = site.run(&["schema"]);
    run.failure(1);
    assert_eq!(
        run.stderr,
        format!(
            "error: refusing to overwrite files roadbook did not write; nothing was written:\n  {}\nMove them away, or choose another folder with --output\n",
            site.path().join("schema/roadmap.json").display()
        )
    );
    assert_eq!(site.read("schema/roadmap.json"), "{\"title\": \"mine\"}\n");
    assert!(!site.path().join("schema/roadbook.json").exists(), "nothing written");
    // Nor into a folder roadbook reads.
    let run = site.run(&["schema", "--output", site.path().join("content/schema").to_str().unwrap()]);
    run.failure(1);
    assert_eq!(
        run.stderr,
        format!(
            "error: refusing to write schemas into `{}`: it is the site's `content/` folder or inside it, which roadbook reads; nothing was written. Use the default (schema/ at the site root) or another --output\n",
            site.path().join("content/schema").display()
        )
    );
    assert!(!site.path().join("content/schema").exists());
    // --output elsewhere is fine; no `#:schema` hint then, the folder is outside the site.
    let elsewhere = tempfile::tempdir().unwrap();
    let run = site.run(&["schema", "--output", elsewhere.path().to_str().unwrap()]);
    run.success();
    assert_eq!(run.stdout.lines().count(), NAMES.len(), "{}", run.stdout);
}

#[cfg(unix)]
#[test]
fn schema_never_writes_through_a_link() {
    use std::os::unix::fs::symlink;
    let site = Site::minimal();
    let outside = tempfile::tempdir().unwrap();
    symlink(outside.path(), site.path().join("schema")).unwrap();
    let run = site.run(&["schema"]);
    run.failure(1);
    assert_eq!(
        run.stderr,
        format!(
            "error: refusing to write through symbolic links; nothing was written:\n  {}\nPass a real folder with --output, or remove the links first\n",
            site.path().join("schema").display()
        )
    );
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    // A dangling link in place of a file is not followed either.
    std::fs::remove_file(site.path().join("schema")).unwrap();
    std::fs::create_dir(site.path().join("schema")).unwrap();
    symlink(outside.path().join("planted.json"), site.path().join("schema/roadbook.json")).unwrap();
    site.run(&["schema"]).failure(1).stderr_has("refusing to write through symbolic links");
    assert!(!outside.path().join("planted.json").exists());
}
