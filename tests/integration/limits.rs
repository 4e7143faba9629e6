//! Inputs that are too large (issue 13, case 17): a file over
//! `max_file_size_mb` is an error found from its size before anything is
//! read, and diagnostics quote long lines only around the column.

use crate::harness::Site;
use std::path::Path;
use std::process::Command;

/// Makes a sparse file of `size` bytes (no disk used) at `rel`.
fn sparse(site: &Site, rel: &str, size: u64) {
    site.write(rel, b"");
    std::fs::OpenOptions::new().write(true).open(site.path().join(rel)).unwrap().set_len(size).unwrap();
}

#[test]
fn a_1_gb_roadmap_file_is_refused_from_its_size() {
    let site = Site::minimal();
    sparse(&site, "content/roadmap/huge.toml", 1 << 30);
    let run = site.build();
    run.failure(1);
    assert_eq!(
        run.stderr,
        "error[too-large]: file is 1024 MB, over the limit of 16 MB for a file roadbook reads; if it belongs here, raise `max_file_size_mb` in roadbook.toml\n --> content/roadmap/huge.toml:1:1\n\nerror: build failed with 1 error; the previous output is untouched\n"
    );
    // Refused before it is read: the build reads a few kilobytes, not the gigabyte.
    if let Some(read) = bytes_read_by_build(&site) {
        assert!(read < 1 << 20, "the build read {read} bytes");
    }
    std::fs::remove_file(site.path().join("content/roadmap/huge.toml")).unwrap();
}

/// The bytes `roadbook build` read, counted by Linux: a shell runs the build,
/// then prints its own I/O counters, which include those of the children it
/// has waited for. `None` where there are no such counters.
fn bytes_read_by_build(site: &Site) -> Option<u64> {
    if !Path::new("/proc/self/io").exists() {
        return None;
    }
    let script = r#""$0" build --root "$1" >/dev/null 2>&1; grep '^rchar:' /proc/$$/io"#;
    let out = Command::new("sh")
        .args(["-c", script, env!("CARGO_BIN_EXE_roadbook")])
        .arg(site.path())
        .output()
        .expect("run sh");
    let text = String::from_utf8_lossy(&out.stdout);
    Some(text.trim().strip_prefix("rchar:").expect("rchar in /proc/self/io").trim().parse().expect("a number"))
}

#[test]
fn the_limit_applies_to_templates_and_static_files_and_can_be_raised() {
    let site = Site::minimal();
    sparse(&site, "static/video.bin", 17 << 20);
    site.build()
        .failure(1)
        .stderr_has("error[too-large]: file is 17 MB, over the limit of 16 MB")
        .stderr_has(" --> static/video.bin:1:1\n");
    std::fs::remove_file(site.path().join("static/video.bin")).unwrap();
    sparse(&site, "templates/404.html", 17 << 20);
    site.build().failure(1).stderr_has(" --> templates/404.html:1:1\n");
    std::fs::remove_file(site.path().join("templates/404.html")).unwrap();
    sparse(&site, "static/video.bin", 17 << 20);
    let site = site.file("roadbook.toml", "title = \"Test\"\nas_of = \"2026-11-24\"\nmax_file_size_mb = 18\n");
    site.build().success();
    assert_eq!(std::fs::metadata(site.path().join("public/video.bin")).unwrap().len(), 17 << 20);
}

#[test]
fn a_zero_limit_is_an_invalid_value() {
    Site::minimal()
        .file("roadbook.toml", "title = \"Test\"\nas_of = \"2026-11-24\"\nmax_file_size_mb = 0\n")
        .build()
        .failure(1)
        .error_at("invalid-value", "roadbook.toml:3:20")
        .stderr_has("max_file_size_mb must be a positive number of MB");
}

#[test]
fn a_long_line_is_quoted_around_the_column() {
    let long = format!("title = \"{}\", oops = 1\n", "x".repeat(100_000));
    let run =
        Site::minimal().file("content/roadmap/long.toml", &format!("[[milestone]]\nid = \"long\"\n{long}")).build();
    run.failure(1);
    assert!(run.stderr.len() < 1_000, "{} bytes of stderr", run.stderr.len());
    let quoted = format!("3 | …{}\", oops = 1\n", "x".repeat(60 - 1));
    assert!(run.stderr.contains(&quoted), "{}", run.stderr);
}
