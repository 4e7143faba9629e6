//! A small fluent harness: a site in a temp dir, the real binary run on it,
//! and assertions on exit code, output streams and files.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A site root in a temporary folder.
pub struct Site {
    dir: tempfile::TempDir,
}

/// What one run of the binary did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// The repository root (the worked example lives here).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The default theme's templates (name, text) as the binary embeds them, sorted by name.
pub fn theme_templates() -> Vec<(String, String)> {
    let dir = repo().join("themes/default/templates");
    let mut templates: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    templates.sort();
    templates
}

impl Site {
    /// An empty site root.
    pub fn new() -> Site {
        Site { dir: tempfile::tempdir().expect("temp dir") }
    }

    /// A copy of the worked example.
    pub fn example() -> Site {
        let site = Site::new();
        copy_tree(&repo().join("content"), &site.path().join("content"));
        std::fs::copy(repo().join("roadbook.toml"), site.path().join("roadbook.toml")).expect("copy config");
        site
    }

    /// A minimal valid site: config with `as_of`, one business and one technology milestone.
    pub fn minimal() -> Site {
        Site::new().file("roadbook.toml", "title = \"Test\"\nas_of = \"2026-11-24\"\n").file(
            "content/roadmap/main.toml",
            r#"[[milestone]]
id = "launch"
title = "Launch"
track = "business"
due = "2027-Q1"
supported_by = ["platform"]

[[milestone]]
id = "platform"
title = "Platform"
track = "technology"
area = "scalability"
due = "2026-12"
"#,
        )
    }

    /// A site that passes `check --strict`: one business milestone with need and
    /// metric, supported by one technology milestone with a metric, in `content/roadmap/main.toml`.
    pub fn clean() -> Site {
        Site::new()
            .file("roadbook.toml", "title = \"Clean\"\nas_of = \"2026-11-24\"\n")
            .file("content/roadmap/main.toml", CLEAN)
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating folders).
    pub fn file(self, rel: &str, text: &str) -> Site {
        self.write(rel, text.as_bytes());
        self
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    }

    /// The text of a file of the site.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).expect("read")
    }

    /// Runs `roadbook ARGS --root SITE`.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_env(args, &[])
    }

    /// Runs `roadbook ARGS --root SITE` with these environment variables set.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_roadbook"))
            .args(args)
            .arg("--root")
            .arg(self.path())
            .envs(env.iter().copied())
            .output()
            .expect("run roadbook");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// `check --format json`, parsed.
    pub fn check_json(&self) -> (i32, Vec<serde_json::Value>) {
        let run = self.run(&["check", "--format", "json"]);
        let list: Vec<serde_json::Value> =
            serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("bad json {e}: {}", run.stdout));
        (run.code, list)
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    /// A file of the output folder as text.
    #[track_caller]
    pub fn output(&self, rel: &str) -> String {
        let path = self.path().join("public").join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    pub fn has_output(&self, rel: &str) -> bool {
        self.path().join("public").join(rel).is_file()
    }

    /// Every file of a folder under the site, relative path -> bytes, sorted.
    pub fn snapshot(&self, rel: &str) -> Vec<(String, Vec<u8>)> {
        let root = self.path().join(rel);
        let mut files: Vec<(String, Vec<u8>)> = walkdir(&root)
            .into_iter()
            .map(|p| (p.strip_prefix(&root).unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
            .collect();
        files.sort();
        files
    }
}

/// The roadmap of `Site::clean()`; line numbers in tests refer to it.
pub const CLEAN: &str = r#"[[milestone]]
id = "launch"
title = "Launch"
track = "business"
due = "2027-Q1"
customer_need = "Customers wait."
supported_by = ["platform"]

[[milestone.metric]]
name = "Wait"
target = "1 hour"

[[milestone]]
id = "platform"
title = "Platform"
track = "technology"
due = "2026-12"

[[milestone.metric]]
name = "p95"
target = "1 s"
"#;

pub fn walkdir(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn copy_tree(from: &Path, to: &Path) {
    for file in walkdir(from) {
        let target = to.join(file.strip_prefix(from).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&file, &target).unwrap();
    }
}

impl Run {
    #[track_caller]
    pub fn success(&self) -> &Run {
        assert_eq!(self.code, 0, "expected success\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    #[track_caller]
    pub fn failure(&self, code: i32) -> &Run {
        assert_eq!(self.code, code, "expected exit {code}\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        assert!(!self.stderr.contains("panicked"), "panic:\n{}", self.stderr);
        self
    }

    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Run {
        assert!(self.stderr.contains(needle), "stderr lacks {needle:?}:\n{}", self.stderr);
        self
    }

    #[track_caller]
    pub fn stderr_lacks(&self, needle: &str) -> &Run {
        assert!(!self.stderr.contains(needle), "stderr has {needle:?}:\n{}", self.stderr);
        self
    }

    /// Asserts one diagnostic `error[code]` located at `place` (`file:line:col`).
    #[track_caller]
    pub fn error_at(&self, code: &str, place: &str) -> &Run {
        let header = format!("error[{code}]");
        let blocks: Vec<&str> = self.stderr.split("\n\n").filter(|b| b.contains(&header)).collect();
        assert!(
            blocks.iter().any(|b| b.contains(&format!("--> {place}\n"))),
            "no {header} at {place}:\n{}",
            self.stderr
        );
        self
    }

    /// Number of `error[...]` diagnostics printed.
    pub fn error_count(&self) -> usize {
        self.stderr.matches("error[").count()
    }
}
