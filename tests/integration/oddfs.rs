//! Odd file systems and pathological content: symlink loops, files that
//! vanish, huge narratives and code blocks, deeply nested code, a read-only
//! output folder and file names that are not UTF-8. No hang, no crash, a
//! clear message.

use crate::harness::Site;
use crate::mutation::run_with_timeout;
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(60);

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_not_followed_forever() {
    let site = Site::clean().file("content/narratives/a.md", "# A\n");
    std::os::unix::fs::symlink("..", site.path().join("content/narratives/up")).unwrap();
    std::os::unix::fs::symlink("self", site.path().join("content/self")).unwrap();
    let (code, stderr) = run_with_timeout(&["build"], site.path(), LIMIT).expect("build finished");
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("symbolic link loop"), "{stderr}");
    assert!(stderr.contains("--> content/narratives/up:1:1"), "{stderr}");
    assert!(stderr.contains("--> content/self:1:1"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[cfg(unix)]
#[test]
fn a_file_gone_before_it_is_read_is_a_clear_error() {
    // A symlink to nothing: listed by the walk, unreadable when read, like a
    // file deleted between the two (the read-error path itself is unit-tested).
    let site = Site::clean();
    std::fs::create_dir_all(site.path().join("content/narratives")).unwrap();
    std::os::unix::fs::symlink("missing.md", site.path().join("content/narratives/gone.md")).unwrap();
    let (code, stderr) = run_with_timeout(&["build"], site.path(), LIMIT).expect("build finished");
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("--> content/narratives/gone.md:1:1"), "{stderr}");
    assert!(stderr.contains("No such file or directory"), "{stderr}");
}

#[test]
fn a_20_mb_narrative_builds() {
    let paragraph =
        "Lorem ipsum dolor sit amet, **consectetur** adipiscing elit, [a link](https://example.com) sed do.\n\n";
    let body = paragraph.repeat(20 * 1024 * 1024 / paragraph.len());
    // Over the default 16 MB limit on a file, so the site raises it.
    let site = Site::clean()
        .file("roadbook.toml", "title = \"Clean\"\nas_of = \"2026-11-24\"\nmax_file_size_mb = 32\n")
        .file("content/narratives/big.md", &format!("# Big\n\n{body}"));
    let (code, stderr) = run_with_timeout(&["build"], site.path(), LIMIT).expect("build finished in time");
    assert_eq!(code, 0, "{stderr}");
    let html = std::fs::metadata(site.path().join("public/narratives/big/index.html")).unwrap().len();
    assert!(html > 20_000_000, "{html} bytes");
}

#[test]
fn huge_and_deeply_nested_code_blocks_never_hang_the_build() {
    let long = format!("# Long\n\nIntro.\n\n```rust\n{}```\n", "let x = vec![1, 2, 3]; // <b>\n".repeat(100_000));
    let nested = format!(
        "# Nested\n\n```json\n{}{}```\n\n```rust\n{}{}```\n\n```html\n{}```\n\n```c\n{}```\n",
        "[\n".repeat(2_400),
        "]\n".repeat(2_400),
        "fn f() {\n".repeat(2_400),
        "}\n".repeat(2_400),
        "<div><span title=\"\n".repeat(2_400),
        "#if X\n(\n".repeat(2_000),
    );
    let wide = format!("# Wide\n\n```json\n{}{}\n```\n", "[".repeat(50_000), "]".repeat(50_000));
    let site = Site::clean()
        .file("content/narratives/long.md", &long)
        .file("content/narratives/nested.md", &nested)
        .file("content/narratives/wide.md", &wide);
    let (code, stderr) = run_with_timeout(&["build"], site.path(), LIMIT).expect("build finished in time");
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("warning[highlight-skipped]"), "{stderr}");
    assert!(stderr.contains("--> content/narratives/long.md:5:1"), "{stderr}");
    assert!(stderr.contains("--> content/narratives/wide.md:3:1"), "{stderr}");
    let html = site.output("narratives/long/index.html");
    assert!(html.contains("let x = vec![1, 2, 3]; // &lt;b&gt;"), "plain, escaped text");
    assert!(
        site.output("narratives/nested/index.html").contains("hl-"),
        "nested blocks within the bounds are highlighted"
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_output_folder_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::clean();
    let locked = site.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root ignores permission bits; then use a folder the kernel refuses to anyone.
    let root_ignores_modes = std::fs::write(locked.join("probe"), b"").is_ok();
    let output = if root_ignores_modes { std::path::PathBuf::from("/sys/roadbook-out") } else { locked.join("public") };
    if root_ignores_modes && std::fs::create_dir(&output).is_ok() {
        let _ = std::fs::remove_dir(&output);
        eprintln!("skipped: running as root and /sys is writable; no read-only folder to test with");
        return;
    }
    let out = output.to_str().unwrap();
    let (code, stderr) = run_with_timeout(&["build", "--output", out], site.path(), LIMIT).expect("finished");
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.starts_with("error: cannot "), "{stderr}");
    assert!(stderr.contains(&format!("{}", output.parent().unwrap().display())), "names the folder: {stderr}");
    assert!(stderr.contains("denied") || stderr.contains("not permitted") || stderr.contains("Read-only"), "{stderr}");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(target_os = "linux")]
#[test]
fn a_file_name_that_is_not_utf8_is_reported() {
    use std::os::unix::ffi::OsStrExt;
    let site = Site::clean();
    let dir = site.path().join("content/narratives");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(std::ffi::OsStr::from_bytes(b"caf\xe9.md")), b"# Cafe\n").unwrap();
    let (code, stderr) = run_with_timeout(&["build"], site.path(), LIMIT).expect("build finished");
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("file name is not valid UTF-8"), "{stderr}");
    assert!(stderr.contains("caf\u{fffd}.md"), "{stderr}");
}
