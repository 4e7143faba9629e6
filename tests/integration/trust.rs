//! Trust: `build` replaces only a folder it wrote (one carrying the marker
//! file), never follows a link while deleting, refuses the site's own
//! folders, refuses a root that is not a site, and reads nothing through a
//! link that leads outside the site root. Each test is the hostile case of
//! issue 13 that broke an earlier roadbook.

use crate::harness::{Run, Site};
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;

const MARKER: &str = ".roadbook-output";

/// Runs `roadbook ARGS` in `cwd` (no `--root` added).
fn roadbook(cwd: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_roadbook")).args(args).current_dir(cwd).output().expect("run roadbook");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A folder outside the site with files that must survive: `keep.txt` and `sub/deep.txt`.
fn victim() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("keep.txt"), "precious").unwrap();
    std::fs::write(dir.path().join("sub/deep.txt"), "deep").unwrap();
    dir
}

#[track_caller]
fn assert_intact(dir: &Path) {
    assert_eq!(std::fs::read_to_string(dir.join("keep.txt")).unwrap(), "precious");
    assert_eq!(std::fs::read_to_string(dir.join("sub/deep.txt")).unwrap(), "deep");
}

/// Names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn a_committed_leftover_link_is_never_followed() {
    let site = Site::minimal();
    let victim = victim();
    // What a hostile pull request can commit: a link named like a killed build's leftover.
    symlink(victim.path(), site.path().join(".public.roadbook-old-999999")).unwrap();
    symlink(victim.path(), site.path().join(".public.roadbook-new-999998")).unwrap();
    site.build().success();
    assert_intact(victim.path());
    assert!(site.path().join(".public.roadbook-old-999999").is_symlink(), "the link itself is left alone");
    assert!(site.has_output("index.html"));
}

#[test]
fn a_linked_output_is_refused_unless_it_points_at_a_roadbook_output() {
    let site = Site::minimal();
    let deploy = victim();
    symlink(deploy.path(), site.path().join("public")).unwrap();
    let run = site.build();
    run.failure(1);
    assert_eq!(
        run.stderr,
        format!(
            "error: refusing to replace `{0}/public`: it is a symbolic link to `{1}`, a folder roadbook did not write (it has no {MARKER} file); roadbook never replaces what it did not write. Pass --output with a new or empty folder, or remove the link\n",
            site.path().display(),
            std::fs::canonicalize(deploy.path()).unwrap().display()
        )
    );
    assert_intact(deploy.path());
    assert!(site.path().join("public").is_symlink());
    assert_eq!(names(site.path()), ["content", "public", "roadbook.toml"], "no staging folder or link left behind");

    // A link to a folder roadbook wrote is written through, and stays a link.
    let built = tempfile::tempdir().unwrap();
    let out = built.path().join("site");
    site.run(&["build", "--output", out.to_str().unwrap()]).success();
    std::fs::remove_file(site.path().join("public")).unwrap();
    symlink(&out, site.path().join("public")).unwrap();
    site.write("content/narratives/new.md", b"# New\n");
    site.build().success();
    assert!(site.path().join("public").is_symlink());
    assert!(out.join("narratives/new/index.html").is_file());
    assert_eq!(names(built.path()), ["site"], "no staging folder left beside the target");
}

#[test]
fn an_output_holding_files_roadbook_did_not_write_is_refused() {
    let site = Site::minimal()
        .file("docs/index.html", "<p>the project's own docs</p>")
        .file("docs/CNAME", "docs.example.com")
        .file("docs/guides/setup.md", "# Setup");
    let run = site.run(&["build", "--output", site.path().join("docs").to_str().unwrap()]);
    run.failure(1);
    assert_eq!(
        run.stderr,
        format!(
            "error: refusing to replace `{}/docs`: it holds files roadbook did not write (it has no {MARKER} file, which every roadbook output carries); choose a new or empty folder with --output, or move those files away\n",
            site.path().display()
        )
    );
    assert_eq!(site.read("docs/CNAME"), "docs.example.com");
    assert_eq!(site.read("docs/guides/setup.md"), "# Setup");

    // The output of a roadbook from before the marker: the refusal says how to move on.
    site.build().success();
    std::fs::remove_file(site.path().join("public").join(MARKER)).unwrap();
    let run = site.build();
    assert_eq!(
        run.failure(1).stderr,
        format!(
            "error: refusing to replace `{0}/public`: it holds files roadbook did not write (it has no {MARKER} file, which every roadbook output carries); choose a new or empty folder with --output, or move those files away. If an older roadbook wrote it (before outputs were marked), delete it once (`rm -r {0}/public`); from then on each build marks its output\n",
            site.path().display()
        )
    );
    // An empty folder is fine, and from then on it carries the marker.
    std::fs::create_dir(site.path().join("empty")).unwrap();
    site.run(&["build", "--output", site.path().join("empty").to_str().unwrap()]).success();
    assert!(site.path().join("empty").join(MARKER).is_file());
    assert!(site.path().join("empty/index.html").is_file());
}

#[test]
fn the_sites_own_folders_are_never_an_output() {
    let site = Site::minimal().file("templates/404.html", "custom {{ site.title }}").file("static/logo.svg", "<svg/>");
    for (output, folder) in [
        ("templates", "templates"),
        ("content", "content"),
        ("static/site", "static"),
        ("content/roadmap/x", "content"),
    ] {
        let run = site.run(&["build", "--output", site.path().join(output).to_str().unwrap()]);
        run.failure(1);
        assert_eq!(
            run.stderr,
            format!(
                "error: refusing to replace `{}/{output}`: it is the site's `{folder}/` folder or inside it, which roadbook reads; choose another --output, such as public/\n",
                site.path().display()
            )
        );
    }
    assert_eq!(site.read("templates/404.html"), "custom {{ site.title }}");
    assert!(!site.path().join("static/site").exists());
    let parent = site.path().parent().unwrap();
    site.run(&["build", "--output", parent.to_str().unwrap()]).failure(1).stderr_has("it contains the site itself");
    site.build().success();
    assert_eq!(site.output("404.html"), "custom Test");
}

#[test]
fn a_root_that_is_not_a_site_is_an_error_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("roadmap")).unwrap();
    let run = roadbook(dir.path(), &["build", "--root", "roadmp"]);
    run.failure(2);
    assert_eq!(
        run.stderr,
        "error: the site root `roadmp` does not exist; did you mean `roadmap`? Pass --root with the folder that holds roadbook.toml and content/, or run `roadbook init roadmp` to start a site there\n"
    );
    assert!(!dir.path().join("roadmp").exists(), "the typo is not created");
    let run = roadbook(dir.path(), &["check", "--strict", "--root", "roadmap"]);
    run.failure(2);
    assert_eq!(
        run.stderr,
        "error: `roadmap` is not a roadbook site: it has neither roadbook.toml nor a content/ folder. Pass --root with the site's folder, or run `roadbook init roadmap` to start one\n"
    );
    let run = roadbook(dir.path(), &["serve", "--root", "nowhere", "--port", "0"]);
    run.failure(2).stderr_has("error: the site root `nowhere` does not exist.");
}

#[test]
fn a_site_whose_content_went_missing_keeps_its_good_output() {
    let site = Site::minimal();
    site.build().success();
    let before = site.snapshot("public");
    std::fs::rename(site.path().join("content"), site.path().join("content-moved")).unwrap();
    let run = site.build();
    run.failure(1);
    assert_eq!(
        run.stderr,
        format!(
            "error: `{}` has roadbook.toml but no content/ folder, so there is no roadmap to read; nothing was written. Restore content/ (or run `roadbook init` in an empty folder to see the layout)\n",
            site.path().display()
        )
    );
    assert_eq!(site.snapshot("public"), before);
}

#[test]
fn init_never_writes_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("site")).unwrap();
    // A dangling link where init would make its content/ folder.
    symlink(outside.path().join("planted"), dir.path().join("site/content")).unwrap();
    let run = roadbook(dir.path(), &["init", "site"]);
    run.failure(1);
    assert_eq!(
        run.stderr,
        "error: refusing to write through symbolic links; nothing was written:\n  site/content\nPass the real folder, or remove the links first\n"
    );
    assert!(!outside.path().join("planted").exists(), "nothing written outside the folder");
    assert_eq!(names(&dir.path().join("site")), ["content"]);
    // A dangling link in place of a file is not followed either.
    std::fs::remove_file(dir.path().join("site/content")).unwrap();
    symlink(outside.path().join("config"), dir.path().join("site/roadbook.toml")).unwrap();
    roadbook(dir.path(), &["init", "site"]).failure(1).stderr_has("  site/roadbook.toml\n");
    assert!(!outside.path().join("config").exists());
}

#[test]
fn links_out_of_the_site_are_errors_and_nothing_is_published() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("shadow"), "root:SECRET-HASH:19000::::::").unwrap();
    std::fs::write(outside.path().join("leak.md"), "# Leaked\n\nSECRET-NARRATIVE\n").unwrap();
    let site = Site::minimal();
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::fs::create_dir_all(site.path().join("content/narratives")).unwrap();
    symlink(outside.path().join("shadow"), site.path().join("static/shadow.txt")).unwrap();
    symlink("/proc/self/environ", site.path().join("static/env.txt")).unwrap();
    symlink(outside.path().join("leak.md"), site.path().join("content/narratives/leak.md")).unwrap();
    symlink(outside.path(), site.path().join("content/narratives/linked-folder")).unwrap();
    let outside_abs = std::fs::canonicalize(outside.path()).unwrap();
    let out = outside_abs.display();
    let expected = format!(
        "error[outside-site]: symbolic link to `{out}/leak.md`, outside the site root; roadbook reads nothing outside the site. Copy it into the site, or allow its folder in roadbook.toml: allow_links_to = [\"{out}\"]
 --> content/narratives/leak.md:1:1

error[outside-site]: symbolic link to `{out}`, outside the site root; roadbook reads nothing outside the site. Copy it into the site, or allow its folder in roadbook.toml: allow_links_to = [\"{out}\"]
 --> content/narratives/linked-folder:1:1

"
    );
    let run = site.build();
    assert_eq!(
        run.failure(1).stderr,
        format!("{expected}error: build failed with 2 errors; the previous output is untouched\n")
    );
    let run = site.run(&["check"]);
    assert_eq!(run.failure(1).stderr, format!("{expected}check: 2 errors, 0 warnings\n"));
    assert!(!site.path().join("public").exists());
    // static/ is read apart from content: once content is clean, its links are the errors.
    std::fs::remove_file(site.path().join("content/narratives/leak.md")).unwrap();
    std::fs::remove_file(site.path().join("content/narratives/linked-folder")).unwrap();
    let run = site.build();
    assert_eq!(
        run.failure(1).stderr,
        "error[outside-site]: symbolic link to `/proc/self/environ`, a system file; roadbook never reads /proc, /sys or /dev. Remove the link\n --> static/env.txt:1:1\n\nerror: build failed with 1 error; the previous output is untouched\n"
    );
    assert!(!site.path().join("public").exists());
    std::fs::remove_file(site.path().join("static/env.txt")).unwrap();
    site.build().failure(1).stderr_has(" --> static/shadow.txt:1:1\n").stderr_lacks("SECRET");

    // A folder roadbook.toml allows is read; links inside the site always are.
    let config =
        format!("title = \"Test\"\nas_of = \"2026-11-24\"\nallow_links_to = [\"{}\"]\n", outside_abs.display());
    site.write("roadbook.toml", config.as_bytes());
    site.write("content/narratives/inside.md", b"# Inside\n");
    symlink("../content/narratives/inside.md", site.path().join("static/inside.md")).unwrap();
    site.build().success();
    assert_eq!(site.output("shadow.txt"), "root:SECRET-HASH:19000::::::");
    assert_eq!(site.output("inside.md"), "# Inside\n");
    // Even when allowed, the system's folders are not read.
    symlink("/proc/self/environ", site.path().join("static/env.txt")).unwrap();
    let config = format!("{config}allow_links_to = [\"/proc\"]\n").replacen(
        &format!("allow_links_to = [\"{}\"]\n", outside_abs.display()),
        "",
        1,
    );
    site.write("roadbook.toml", config.as_bytes());
    site.build()
        .failure(1)
        .stderr_has("roadbook never reads /proc, /sys or /dev. Remove the link\n --> static/env.txt:1:1\n");
}

#[test]
fn the_preview_serves_nothing_through_a_link_out_of_the_site() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("shadow"), "root:SECRET-HASH:19000::::::").unwrap();
    std::fs::write(outside.path().join("leak.md"), "# Leaked\n\nSECRET-NARRATIVE\n").unwrap();
    let site = Site::minimal().file("static/ok.txt", "fine");
    symlink(outside.path().join("shadow"), site.path().join("static/shadow.txt")).unwrap();
    let server = crate::serve::Server::start(&site);
    let (status, _, body) = server.get("/shadow.txt");
    assert_eq!(status, 404);
    assert!(!body.contains("SECRET"));
    let home = server.wait_for("/", "outside-site");
    assert!(home.contains("static/shadow.txt"), "the overlay names the link:\n{home}");
    // Fixed: the link goes, the site appears; a narrative linked from outside is refused the same way.
    std::fs::remove_file(site.path().join("static/shadow.txt")).unwrap();
    server.wait_for("/ok.txt", "fine");
    symlink(outside.path().join("leak.md"), site.path().join("content/leak.md")).unwrap();
    server.wait_for("/", "content/leak.md");
    let (status, _, body) = server.get("/leak/");
    assert_eq!(status, 404);
    assert!(!body.contains("SECRET"));
    assert!(!server.stderr().contains("SECRET"));
}

#[test]
fn a_linked_roadbook_toml_outside_the_site_is_not_read() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("config.toml"),
        "title = \"SECRET-TITLE\"\n[audiences]\nsecretboard = \"Board\"\n",
    )
    .unwrap();
    let site = Site::new().file("content/index.md", "# Home\n");
    symlink(outside.path().join("config.toml"), site.path().join("roadbook.toml")).unwrap();
    let run = site.build();
    run.failure(1).stderr_has(" --> roadbook.toml:1:1\n").stderr_lacks("SECRET");
    // Not even to list the audiences an --audience flag is checked against.
    site.run(&["build", "--audience", "nobody"])
        .failure(1)
        .stderr_has("outside the site root")
        .stderr_lacks("secretboard");
}
