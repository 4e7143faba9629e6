//! Golden files: small fixtures in `tests/golden/NAME/site/`, built and
//! checked by the real binary, compared byte for byte with what
//! `tests/golden/NAME/expected/` holds, so that any change in a page's markup
//! or a message's wording shows up as a failing test and a diff to review.
//!
//! After a deliberate change, rewrite the expected files and review them
//! with git (as mdBook's and just's suites do):
//! `ROADBOOK_BLESS=1 cargo test --test integration golden`, then `git diff tests/golden`.

use crate::harness::{repo, walkdir, Run, Site};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Set to rewrite `expected/` from what the binary does now.
const BLESS: &str = "ROADBOOK_BLESS";

/// What one fixture produced: expected file name -> bytes.
struct Golden {
    name: &'static str,
    site: Site,
    actual: BTreeMap<String, Vec<u8>>,
}

impl Golden {
    /// A copy of `tests/golden/NAME/site/` in a temporary folder.
    fn new(name: &'static str) -> Golden {
        let site = Site::new();
        let from = Golden::dir(name).join("site");
        for file in walkdir(&from) {
            let rel = file.strip_prefix(&from).unwrap().to_string_lossy().replace('\\', "/");
            site.write(&rel, &std::fs::read(&file).unwrap());
        }
        Golden { name, site, actual: BTreeMap::new() }
    }

    fn dir(name: &str) -> PathBuf {
        repo().join("tests/golden").join(name)
    }

    /// Runs `roadbook ARGS --root SITE` and keeps its transcript as `file`.
    fn run(&mut self, file: &str, args: &[&str]) -> Run {
        let run = self.site.run(args);
        let root = self.site.path().display().to_string();
        let mut text = format!("$ roadbook {}\n", args.join(" "));
        for (stream, out) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
            if !out.is_empty() {
                let out = normalize(&out.replace(&root, "SITE"));
                text.push_str(&format!("--- {stream}\n{out}"));
                if !out.ends_with('\n') {
                    text.push_str("\n--- (no newline at the end)\n");
                }
            }
        }
        text.push_str(&format!("--- exit {}\n", run.code));
        self.actual.insert(file.to_string(), text.into_bytes());
        run
    }

    /// Keeps every file of the build output under `build/`, but for those
    /// `skip` names (the default theme's stylesheet, the same for every
    /// fixture), and the list of every output file as `build/FILES`.
    fn output(&mut self, skip: &[&str]) {
        let public = self.site.path().join("public");
        let mut list = String::new();
        for file in walkdir(&public) {
            let rel = file.strip_prefix(&public).unwrap().to_string_lossy().replace('\\', "/");
            list.push_str(&rel);
            list.push('\n');
            if !skip.contains(&rel.as_str()) && rel != ".roadbook-output" {
                self.actual.insert(format!("build/{rel}"), std::fs::read(&file).unwrap());
            }
        }
        self.actual.insert("build/FILES".to_string(), list.into_bytes());
    }

    /// Compares with `expected/` (or rewrites it when `ROADBOOK_BLESS` is set).
    #[track_caller]
    fn finish(self) {
        let expected_dir = Golden::dir(self.name).join("expected");
        if std::env::var_os(BLESS).is_some() {
            let _ = std::fs::remove_dir_all(&expected_dir);
            for (rel, bytes) in &self.actual {
                let path = expected_dir.join(rel);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, bytes).unwrap();
            }
            return;
        }
        let expected = read_tree(&expected_dir);
        let mut problems = Vec::new();
        for (rel, bytes) in &self.actual {
            match expected.get(rel) {
                None => problems.push(format!("{rel}: new, not in expected/")),
                Some(want) if want != bytes => problems.push(format!("{rel}: {}", first_difference(want, bytes))),
                Some(_) => {}
            }
        }
        problems.extend(
            expected
                .keys()
                .filter(|rel| !self.actual.contains_key(*rel))
                .map(|rel| format!("{rel}: expected, but not produced")),
        );
        assert!(
            problems.is_empty(),
            "golden fixture `{}` differs from tests/golden/{}/expected/:\n  {}\nIf the change is deliberate, run `{BLESS}=1 cargo test --test integration golden` and review `git diff tests/golden`.",
            self.name,
            self.name,
            problems.join("\n  ")
        );
    }
}

/// Timings in `build`'s summary line vary from run to run.
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        match line.rfind(") in ").filter(|_| line.starts_with("Built ")) {
            Some(at) => {
                let rest = &line[at + 5..];
                let digits = rest.chars().take_while(char::is_ascii_digit).count();
                out.push_str(&line[..at + 5]);
                out.push('N');
                out.push_str(&rest[digits..]);
            }
            None => out.push_str(line),
        }
    }
    out
}

fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir(dir)
        .into_iter()
        .map(|p| (p.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"), std::fs::read(&p).unwrap()))
        .collect()
}

/// Where two files first differ: line number, and both lines.
fn first_difference(want: &[u8], got: &[u8]) -> String {
    let (want, got) = (String::from_utf8_lossy(want), String::from_utf8_lossy(got));
    let mut lines = want.split('\n').zip(got.split('\n')).enumerate();
    match lines.find(|(_, (w, g))| w != g) {
        Some((i, (w, g))) => format!("line {} differs\n    expected: {w:.200}\n    got:      {g:.200}", i + 1),
        None => format!("{} lines expected, {} produced", want.split('\n').count(), got.split('\n').count()),
    }
}

#[test]
fn golden_small_site_pages_and_check() {
    let mut golden = Golden::new("small");
    golden.run("check.txt", &["check"]).success();
    golden.run("check-json.txt", &["check", "--format", "json"]).success();
    golden.run("build.txt", &["build"]).success();
    golden.output(&["style.css", "404.html"]);
    golden.finish();
}

/// Proposed milestones: "Exploring" in the views, on the home page and on an objective,
/// left out of the counts, the timeline, the calendar, and the linter's demands; a
/// milestone in the plan that needs one is a `proposed-dependency` warning.
#[test]
fn golden_proposed_milestones_are_shown_apart() {
    let mut golden = Golden::new("proposed");
    golden.run("check.txt", &["check"]).success();
    golden.run("build.txt", &["build"]).success();
    golden.output(&["style.css", "404.html"]);
    golden.finish();
}

/// A site theme on top of the default: `base.html` extends `default/base.html`
/// and changes one block, `ref.html` has comments around the reference,
/// `static/style.css` replaces the theme's CSS and `static/extra.css` adds to it.
#[test]
fn golden_theme_extends_the_default_and_adds_stylesheets() {
    let mut golden = Golden::new("theme");
    golden.run("build.txt", &["build"]).success();
    golden.output(&[]);
    golden.finish();
}

#[test]
fn golden_errors_and_warnings_in_text_and_json() {
    let mut golden = Golden::new("errors");
    golden.run("check.txt", &["check"]).failure(1);
    golden.run("check-json.txt", &["check", "--format", "json"]).failure(1);
    golden.run("build.txt", &["build"]).failure(1);
    golden.finish();
}

#[test]
fn golden_read_errors_in_text_and_json() {
    let mut golden = Golden::new("read-errors");
    golden.run("check.txt", &["check"]).failure(1);
    golden.run("check-json.txt", &["check", "--format", "json"]).failure(1);
    golden.finish();
}

#[test]
fn normalize_hides_only_the_build_time() {
    assert_eq!(
        normalize("Built 2 milestones into SITE/public (19 files) in 467 ms\nin 3 ms\n"),
        "Built 2 milestones into SITE/public (19 files) in N ms\nin 3 ms\n"
    );
}
