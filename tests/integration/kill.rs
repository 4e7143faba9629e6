//! A build killed with SIGKILL at any moment leaves the previous site or the
//! new one, whole: a generated corpus is rebuilt and the build killed at
//! random moments while it writes; each time the output folder must be
//! byte-identical to the old build or to the new one, and the leftovers of
//! killed builds must not break (or survive) the next build.
//!
//! It uses 400 milestones to stay quick in a debug build (the mechanism does
//! not depend on the size), and still takes long enough that a plain `cargo
//! test` leaves it out (`#[ignore]`); `.ci/run` runs it. The issue's
//! 4,000-milestone run is `ROADBOOK_KILL_MILESTONES=4000 cargo test kill --
//! --include-ignored` (about 4 minutes on 2 busy cores).

use crate::harness::Site;
use crate::mutation::Rng;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Milestones in the corpus: 400, or `ROADBOOK_KILL_MILESTONES`.
fn milestones() -> usize {
    std::env::var("ROADBOOK_KILL_MILESTONES").ok().and_then(|n| n.parse().ok()).unwrap_or(400).max(40)
}

/// A lean roadmap of `milestones()` milestones in 40 files; `version` changes every title.
fn corpus(site: &Site, version: u32) {
    let per_file = milestones() / 40;
    for f in 0..40 {
        let mut text = String::new();
        for i in f * per_file..(f + 1) * per_file {
            let technology = i % 2 == 1;
            let track = if technology { "technology" } else { "business" };
            let support = if technology { String::new() } else { format!("supported_by = [\"m{}\"]\n", i + 1) };
            text.push_str(&format!(
                "[[milestone]]\nid = \"m{i}\"\ntitle = \"Milestone {i} v{version}\"\ntrack = \"{track}\"\narea = \"Area {}\"\ndue = \"{}-Q{}\"\n{support}\n",
                i % 12,
                2026 + i % 4,
                1 + i % 4
            ));
        }
        site.write(&format!("content/roadmap/part-{f:02}.toml"), text.as_bytes());
    }
    site.write("roadbook.toml", b"title = \"Kill test\"\nas_of = \"2026-11-24\"\nallow = [\"missing-metric\", \"missing-customer-need\", \"schedule-conflict\", \"orphan-technology\"]\n");
}

/// Every file under `dir`: relative path -> bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    crate::harness::walkdir(dir)
        .into_iter()
        .map(|p| (p.strip_prefix(dir).unwrap().display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

fn build(root: &Path, output: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_roadbook"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(output)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start build")
}

/// Waits for the build's staging folder to appear; returns when it did, or `None` if the build ended first.
fn staging_appears(child: &mut std::process::Child, parent: &Path) -> Option<Instant> {
    let name = format!(".public.roadbook-new-{}", child.id());
    let deadline = Instant::now() + Duration::from_secs(300);
    while Instant::now() < deadline {
        if parent.join(&name).exists() {
            return Some(Instant::now());
        }
        if child.try_wait().unwrap().is_some() {
            return None;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    panic!("no staging folder after 300 s");
}

#[cfg(unix)]
#[test]
#[ignore = "long: run by .ci/run (cargo test -- --include-ignored)"]
fn builds_killed_at_random_moments_leave_the_old_or_the_new_site_whole() {
    let site = Site::new();
    let out_dir = site.path().join("out");
    std::fs::create_dir_all(&out_dir).unwrap();
    let output = out_dir.join("public");
    corpus(&site, 1);
    assert!(build(site.path(), &output).wait().unwrap().success());
    let old = tree(&output);
    assert!(old.len() > milestones(), "{} files", old.len());

    // The new version, built once to completion to know what it looks like and how long writing takes.
    corpus(&site, 2);
    let reference = site.path().join("reference");
    std::fs::create_dir_all(&reference).unwrap();
    let mut child = build(site.path(), &reference.join("public"));
    let writing_started = staging_appears(&mut child, &reference);
    assert!(child.wait().unwrap().success());
    let write_time = writing_started.map_or(Duration::from_millis(200), |t| t.elapsed()).max(Duration::from_millis(20));
    let new = tree(&reference.join("public"));
    assert_ne!(old, new);

    let mut rng = Rng::new(0x0c1d_5eed);
    let (mut saw_old, mut saw_new) = (0, 0);
    for round in 0..5 {
        let mut child = build(site.path(), &output);
        // Kill while the site is being written: somewhere from the staging folder's
        // first file to as long again past its expected end (the swap, then removing the old site).
        if staging_appears(&mut child, &out_dir).is_some() {
            let wait = write_time.as_micros() as u64 * (rng.below(200) as u64) / 100;
            std::thread::sleep(Duration::from_micros(wait));
        }
        let _ = child.kill();
        let _ = child.wait();
        let now = tree(&output);
        if now == old {
            saw_old += 1;
        } else if now == new {
            saw_new += 1;
        } else {
            let missing = new.keys().filter(|k| !now.contains_key(*k)).count();
            panic!(
                "round {round}: output is neither the old nor the new site ({} files, {missing} missing)",
                now.len()
            );
        }
        // Back to the old site for the next round, so every kill can tell.
        if now == new {
            std::fs::remove_dir_all(&output).unwrap();
            copy(&old, &output);
        }
    }
    eprintln!(
        "kill -9 ({} milestones): {saw_old} rounds left the old site, {saw_new} the new one; write phase {} ms",
        milestones(),
        write_time.as_millis()
    );
    // Leftover staging folders of the killed builds do not break the next build, which removes them.
    assert!(build(site.path(), &output).wait().unwrap().success());
    assert!(tree(&output) == new, "the next full build gives the new site");
    let leftovers: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "public")
        .collect();
    assert!(leftovers.is_empty(), "leftovers: {leftovers:?}");
}

fn copy(files: &BTreeMap<String, Vec<u8>>, to: &Path) {
    for (rel, bytes) in files {
        let path = to.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}
