//! Inputs that are too large (issue 13, case 17): a file over
//! `max_file_size_mb` is an error found from its size before anything is
//! read, and diagnostics quote long lines only around the column.

use crate::harness::Site;

/// Makes a sparse file of `size` bytes (no disk used) at `rel`.
fn sparse(site: &Site, rel: &str, size: u64) {
    site.write(rel, b"");
    std::fs::OpenOptions::new().write(true).open(site.path().join(rel)).unwrap().set_len(size).unwrap();
}

#[test]
fn a_1_gb_roadmap_file_is_refused_from_its_size() {
    let site = Site::minimal();
    sparse(&site, "content/roadmap/huge.toml", 1 << 30);
    let started = std::time::Instant::now();
    let run = site.build();
    let took = started.elapsed();
    std::fs::remove_file(site.path().join("content/roadmap/huge.toml")).unwrap();
    run.failure(1);
    assert_eq!(
        run.stderr,
        "error[too-large]: file is 1024 MB, over the limit of 16 MB for a file roadbook reads; if it belongs here, raise `max_file_size_mb` in roadbook.toml\n --> content/roadmap/huge.toml:1:1\n\nerror: build failed with 1 error; the previous output is untouched\n"
    );
    // Not a timed test: a bound a hundred times what it takes, far under the 33 s of reading it.
    assert!(took.as_secs() < 30, "took {took:?}");
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
