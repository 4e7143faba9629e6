//! A reader that stops listening is not a crash. `println!` panics on a
//! closed pipe (`roadbook check --format json | head`), and so does
//! `eprintln!` on a closed stderr pipe; roadbook drops the failed write and
//! finishes with the exit code it would have had.

use crate::harness::Site;
use std::process::Command;

/// A site whose `check` prints far more than a pipe holds (64 KiB): 400
/// technology milestones that each support nothing, each a warning.
fn noisy_site() -> Site {
    let mut roadmap = String::new();
    for i in 0..400 {
        roadmap.push_str(&format!(
            "[[milestone]]\nid = \"platform-{i:03}\"\ntitle = \"Platform step {i}\"\ntrack = \"technology\"\ndue = \"2027-Q1\"\n\n"
        ));
    }
    Site::new()
        .file("roadbook.toml", "title = \"Noisy\"\nas_of = \"2026-11-24\"\n")
        .file("content/roadmap/main.toml", &roadmap)
}

/// Runs `SCRIPT` under bash with `pipefail`, `$RB` the binary and `$ROOT` the site: (exit code, stderr).
fn bash(site: &Site, script: &str) -> (i32, String) {
    let out = Command::new("bash")
        .args(["-c", &format!("set -o pipefail; {script}")])
        .env("RB", env!("CARGO_BIN_EXE_roadbook"))
        .env("ROOT", site.path())
        .output()
        .expect("run bash");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn stdout_closed_early_ends_the_command_cleanly() {
    let site = noisy_site();
    let (code, _) = bash(&site, r#""$RB" check --format json --root "$ROOT" | wc -c | (read n; [ "$n" -gt 70000 ])"#);
    assert_eq!(code, 0, "the JSON is larger than a pipe holds, so the next test reaches a closed pipe");
    let (code, stderr) = bash(&site, r#""$RB" check --format json --root "$ROOT" | head -c 10 >/dev/null"#);
    assert_eq!((code, stderr.as_str()), (0, ""));
}

#[test]
fn stderr_closed_early_ends_the_command_cleanly() {
    let site = noisy_site();
    let (code, _) = bash(&site, r#""$RB" check --root "$ROOT" 2>&1 >/dev/null | head -c 10 >/dev/null"#);
    assert_eq!(code, 0);
    let (code, _) = bash(&site, r#""$RB" build --root "$ROOT" 2>&1 >/dev/null | head -c 10 >/dev/null"#);
    assert_eq!(code, 0);
    assert!(site.path().join("public/index.html").is_file(), "the build finished");
}
