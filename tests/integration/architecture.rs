//! The shape of the code: which module of `src/` may import which. Reads every
//! `crate::` path in `src/` (`use` lines and paths written inline alike; test
//! modules and `tests.rs` files left out) and fails on an import the table
//! below does not allow, and on any cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Who may import whom: each top-level module of `src/`, and the modules it
/// may use. Data flows one way, down this list: the command layer hands the
/// pipeline its options, the pipeline runs the stages, the stages use the
/// services and the vocabulary at the end, which import nothing of the crate.
/// A new module, or a new import, needs a line here: a decision, not an accident.
const ALLOWED: &[(&str, &[&str])] = &[
    // The command layer: arguments in, options made, one entry point called, exit code out.
    ("cmd", &["cli", "site", "serve", "git", "history", "import", "init", "schema", "diagnostic", "model", "console"]),
    ("cli", &["config", "import"]),
    // The preview: HTTP and the watcher around the pipeline, nothing past it.
    ("serve", &["site", "escape", "console"]),
    // Writing content: a starter site, and items brought in from other tools.
    ("import", &["content", "validate", "init", "config", "diagnostic", "model"]),
    ("init", &["schema", "model"]),
    // Editor support: JSON Schemas derived from the raw structs the loader reads.
    ("schema", &["content", "config", "highlight"]),
    // Reading a revision with git: only the command layer asks, and hands the files to the pipeline.
    ("git", &["history", "content", "config"]),
    // The pipeline (load, validate, compare, compile; then render and write) and its stages.
    ("site", &["content", "validate", "history", "render", "output", "config", "diagnostic", "model", "timing"]),
    ("content", &["config", "deserialize", "diagnostic", "model", "timing"]),
    ("validate", &["content", "markdown", "highlight", "config", "diagnostic", "model", "timing"]),
    ("history", &["config", "diagnostic", "model"]),
    ("render", &["history", "markdown", "highlight", "impact", "diagnostic", "escape", "model", "timing"]),
    ("output", &[]),
    // The fuzz targets' and the mutation test's entry: the loader, the validator and the renderer in memory.
    ("fuzz", &["content", "markdown", "model", "render", "validate"]),
    // Services the stages share.
    ("markdown", &["highlight", "diagnostic", "model"]),
    ("highlight", &["escape"]),
    ("impact", &["model"]),
    // Vocabulary: the raw config, the model, diagnostics and their codes, and
    // the TOML reading that keeps a mistake's kind, printing; they import only each other.
    ("config", &["deserialize", "diagnostic", "model"]),
    ("model", &["diagnostic"]),
    ("deserialize", &["diagnostic"]),
    ("diagnostic", &[]),
    ("escape", &[]),
    ("timing", &["console"]),
    ("console", &[]),
];

/// The modules the preview must never reach past the pipeline into.
const BEHIND_THE_PIPELINE: &[&str] = &["content", "validate", "history", "model", "render", "output", "git"];

#[test]
fn every_import_in_src_is_allowed_and_there_is_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = imports(&src);
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut wrong = Vec::new();
    for (module, uses) in &graph {
        match allowed.get(module.as_str()) {
            None => wrong.push(format!("`{module}` is not in ALLOWED: give it a line")),
            Some(ok) => wrong
                .extend(uses.iter().filter(|u| !ok.contains(&u.as_str())).map(|u| format!("`{module}` imports `{u}`"))),
        }
    }
    assert!(wrong.is_empty(), "imports the architecture does not allow:\n{}", wrong.join("\n"));
    assert_eq!(cycle(&graph), None, "a cycle of imports");
}

#[test]
fn the_allowed_imports_have_no_cycle_and_keep_serve_in_front_of_the_pipeline() {
    let table: BTreeMap<String, BTreeSet<String>> =
        ALLOWED.iter().map(|(m, uses)| (m.to_string(), uses.iter().map(|u| u.to_string()).collect())).collect();
    assert_eq!(cycle(&table), None, "ALLOWED has a cycle");
    let serve = &table["serve"];
    assert!(BEHIND_THE_PIPELINE.iter().all(|m| !serve.contains(*m)), "serve may use only the pipeline: {serve:?}");
    let git_users: Vec<&String> = table.iter().filter(|(_, uses)| uses.contains("git")).map(|(m, _)| m).collect();
    assert_eq!(git_users, ["cmd"], "only the command layer reads revisions with git");
}

#[test]
fn the_scanner_sees_use_lines_groups_and_inline_paths() {
    let text = "//! `crate::doc` in a comment\nuse crate::{a, b::{C, D}, self};\nuse crate::e::F;\n\
                fn f() { crate::g::h(); }\n// crate::comment\n#[cfg(test)]\nmod tests { use crate::t; }\n";
    assert_eq!(uses_in(text), ["a", "b", "e", "g"].map(String::from).into_iter().collect::<BTreeSet<_>>());
    let graph: BTreeMap<String, BTreeSet<String>> =
        [("a", "b"), ("b", "c"), ("c", "a")].iter().map(|(m, u)| (m.to_string(), [u.to_string()].into())).collect();
    assert_eq!(cycle(&graph), Some(vec!["a".to_string(), "b".to_string(), "c".to_string(), "a".to_string()]));
}

/// Each top-level module (`src/NAME.rs` or `src/NAME/`) and the other modules it imports.
fn imports(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in rust_files(src) {
        let rel = path.strip_prefix(src).unwrap();
        let first = rel.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
        let module = first.strip_suffix(".rs").unwrap_or(&first).to_string();
        if module == "main" || module == "lib" {
            continue;
        }
        let uses = graph.entry(module.clone()).or_default();
        uses.extend(uses_in(&text).into_iter().filter(|u| *u != module));
    }
    graph
}

fn rust_files(dir: &Path) -> Vec<(std::path::PathBuf, String)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") && path.file_name().is_some_and(|n| n != "tests.rs") {
            files.push((path.clone(), std::fs::read_to_string(&path).unwrap()));
        }
    }
    files
}

/// The top-level modules named by `crate::` paths in shipped code: comments
/// and everything from the first `#[cfg(test)]` on are left out.
fn uses_in(text: &str) -> BTreeSet<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or("");
    let code: String = code.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
    let mut found = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        match rest.strip_prefix('{') {
            Some(group) => found.extend(top_level_items(group).into_iter().map(first_name)),
            None => {
                found.insert(first_name(rest));
            }
        }
    }
    found.retain(|name| !name.is_empty() && name != "self");
    found
}

/// The items of a `{...}` group (the text after `{`), split at its own commas.
fn top_level_items(group: &str) -> Vec<&str> {
    let (mut depth, mut start, mut items) = (0, 0, Vec::new());
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&group[start..i]);
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items
}

fn first_name(path: &str) -> String {
    path.trim_start().chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
}

/// A cycle in the graph, as the path that closes it, if there is one.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_string());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|start| visit(start, graph, &mut Vec::new(), &mut done))
}
