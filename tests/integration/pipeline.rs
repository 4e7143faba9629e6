//! Whole-build properties: determinism, atomic replacement of the output,
//! template overrides, static files, base URL.

use crate::harness::Site;

#[test]
fn two_builds_are_byte_identical() {
    let site = Site::example();
    site.build().success();
    let first = site.snapshot("public");
    site.build().success();
    assert!(first == site.snapshot("public"), "output differs between builds");
    assert!(first.len() > 40);
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = Site::minimal();
    site.build().success();
    let before = site.snapshot("public");
    site.write("content/roadmap/broken.toml", b"[[milestone]]\nid = ");
    site.build().failure(1).stderr_has("previous output is untouched");
    assert!(before == site.snapshot("public"), "output changed after a failed build");
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".roadbook-"))
        .collect();
    assert!(leftovers.is_empty(), "temp folders left behind");
}

#[test]
fn successful_build_replaces_stale_files() {
    let site = Site::minimal().file("content/narratives/old.md", "# Old\n");
    site.build().success();
    assert!(site.has_output("narratives/old/index.html"));
    std::fs::remove_file(site.path().join("content/narratives/old.md")).unwrap();
    site.build().success();
    assert!(!site.has_output("narratives/old/index.html"));
}

#[test]
fn output_flag_and_refusal_to_replace_foreign_folders() {
    let site = Site::minimal().file("elsewhere/keep.txt", "precious");
    let out = site.path().join("site-out");
    site.run(&["build", "--output", out.to_str().unwrap()]).success();
    assert!(out.join("index.html").is_file());
    let foreign = site.path().join("elsewhere");
    site.run(&["build", "--output", foreign.to_str().unwrap()])
        .failure(1)
        .stderr_has("it holds files roadbook did not write");
    assert!(foreign.join("keep.txt").is_file());
    site.run(&["build", "--output", site.path().to_str().unwrap()]).failure(1).stderr_has("refusing to replace");
}

#[test]
fn templates_override_by_name_and_blocks() {
    let site = Site::minimal().file("templates/404.html", "custom not found {{ site.title }}").file(
        "templates/index.html",
        "{% extends \"base.html\" %}{% block content %}<p id=\"mine\">Own home</p>{% endblock content %}",
    );
    site.build().success();
    assert_eq!(site.output("404.html"), "custom not found Test");
    let home = site.output("index.html");
    assert!(home.contains("<p id=\"mine\">Own home</p>"));
    assert!(home.contains("href=\"business/index.html\""), "base nav kept");
}

#[test]
fn template_errors_name_the_template() {
    let run = Site::minimal()
        .file(
            "templates/index.html",
            "{% extends \"base.html\" %}\n{% block content %}{{ oops( }}{% endblock content %}",
        )
        .build();
    assert_eq!(
        run.failure(1).stderr,
        "error[template]: Failed to parse 'index.html': expected an identifier (must start with a-z)
 --> templates/index.html:2:29
  |
2 | {% block content %}{{ oops( }}{% endblock content %}
  |                             ^

error: build failed with 1 error; the previous output is untouched
"
    );
}

/// Two templates that extend each other give the same error on every run
/// (tera looked through its templates in a HashMap's random order).
#[test]
fn a_circular_extend_is_reported_the_same_every_time() {
    let site = Site::minimal()
        .file("templates/b.html", "{% extends \"a.html\" %}")
        .file("templates/a.html", "{% extends \"b.html\" %}");
    for _ in 0..6 {
        assert_eq!(
            site.build().failure(1).stderr,
            "error[template]: Circular extend detected for template 'a.html'. Inheritance chain: `[\"b.html\", \"a.html\"]`
 --> templates/a.html:1:1

error: build failed with 1 error; the previous output is untouched
"
        );
    }
}

/// A render error is placed in the user template it happened in: here the
/// macro's, not the page's that calls it.
#[test]
fn a_render_error_in_a_macro_names_the_macro_s_template() {
    let run = Site::minimal()
        .file("templates/m.html", "{% macro bad() %}{{ 1 + true }}{% endmacro bad %}")
        .file(
            "templates/index.html",
            "{% extends \"base.html\" %}{% import \"m.html\" as m %}{% block content %}{{ m::bad() }}{% endblock content %}",
        )
        .build();
    assert_eq!(
        run.failure(1).stderr,
        "error[template]: Failed to render 'index.html': error while rendering macro `m::bad`: Tried to do math with a boolean: `true`
 --> templates/m.html:1:1

error: build failed with 1 error; the previous output is untouched
"
    );
}

/// Issue 13, case 15: a macro that calls itself without end overflowed the
/// stack and aborted the process (exit 134, no file named).
#[test]
fn a_macro_recursing_without_end_is_a_template_error() {
    let site = Site::minimal();
    site.build().success();
    let before = site.snapshot("public");
    let site = site.file("templates/recurse.html", "{% macro down(n) %}{{ self::down(n=n+1) }}{% endmacro down %}").file(
        "templates/index.html",
        "{% extends \"base.html\" %}{% import \"recurse.html\" as r %}{% block content %}{{ r::down(n=0) }}{% endblock content %}",
    );
    site.build()
        .failure(1)
        .stderr_has("error[template]: Failed to render 'index.html': error while rendering macro `self::down`: Macro calls and includes are nested more than 64 deep at the macro `self::down` in 'recurse.html' (a macro or include that recurses without end?)\n --> templates/recurse.html:1:1\n");
    assert!(before == site.snapshot("public"), "the failed build changed the output");
}

#[test]
fn a_macro_recursing_64_deep_renders() {
    let site = Site::minimal()
        .file(
            "templates/recurse.html",
            "{% macro down(n) %}{% if n > 1 %}{{ self::down(n=n-1) }}{% endif %}[{{ n }}]{% endmacro down %}",
        )
        .file(
            "templates/404.html",
            "{% import \"recurse.html\" as r %}{% for i in [1, 2] %}{{ r::down(n=64) }}{% endfor %}",
        );
    site.build().success();
    let expected: String = (1..=64).map(|n| format!("[{n}]")).collect();
    assert_eq!(site.output("404.html"), expected.repeat(2));
}

#[test]
fn an_include_recursing_without_end_is_a_template_error() {
    Site::minimal()
        .file("templates/404.html", "again {% include \"404.html\" %}")
        .build()
        .failure(1)
        .stderr_has("error[template]")
        .stderr_has("include of '404.html' in '404.html'")
        .stderr_has("--> templates/404.html");
}

#[test]
fn static_files_are_copied_verbatim() {
    let site = Site::minimal();
    site.write("static/img/logo.png", b"\x89PNG\r\n\x1a\nbinary");
    site.build().success();
    assert_eq!(std::fs::read(site.path().join("public/img/logo.png")).unwrap(), b"\x89PNG\r\n\x1a\nbinary");
    site.write("static/roadmap.json", b"{}");
    site.build().success();
    assert_eq!(site.output("roadmap.json"), "{}", "a static file wins over a generated one");
    // But for `static/style.css`, which the generated one is made from (themes.rs).
}

#[test]
fn base_url_is_used_only_for_absolute_urls() {
    let site = Site::minimal();
    site.run(&["build", "--base-url", "https://example.com/roadmap"]).success();
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.com/roadmap/business/</loc>"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://example.com/roadmap/milestones/launch/</loc>"));
    let page = site.output("milestones/launch/index.html");
    assert!(page.contains("<link rel=\"canonical\" href=\"https://example.com/roadmap/milestones/launch/\">"));
    assert!(page.contains("href=\"../../style.css\""));
    site.run(&["build", "--base-url", "example.com"]).failure(2);
}

#[test]
fn drafts_are_built_only_on_request() {
    let site = Site::minimal().file("content/narratives/wip.md", "+++\ntitle = \"WIP\"\ndraft = true\n+++\nSoon.\n");
    site.build().success();
    assert!(!site.has_output("narratives/wip/index.html"));
    assert!(!site.output("sitemap.xml").contains("wip"));
    site.run(&["build", "--drafts"]).success();
    assert!(site.has_output("narratives/wip/index.html"));
}

#[test]
fn usage_errors_exit_2() {
    let site = Site::minimal();
    site.run(&["build", "--no-such-flag"]).failure(2);
    site.run(&["frobnicate"]).failure(2);
}

#[test]
fn roadbook_timings_prints_each_phase_in_order_and_nothing_without_it() {
    let site = Site::example();
    let run = |timings: bool| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_roadbook"));
        command.args(["build", "--root"]).arg(site.path()).env_remove("ROADBOOK_TIMINGS");
        if timings {
            command.env("ROADBOOK_TIMINGS", "1");
        }
        let out = command.output().expect("run roadbook");
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let stderr = run(true);
    let phases: Vec<(f64, &str)> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("timing:"))
        .map(|l| {
            let (ms, phase) = l.trim().split_once(" ms  ").expect("`N ms  phase`");
            (ms.parse().expect("milliseconds"), phase)
        })
        .collect();
    let names: Vec<&str> = phases.iter().map(|(_, p)| *p).collect();
    assert_eq!(names.first(), Some(&"content found"), "{stderr}");
    assert_eq!(names.last(), Some(&"output swapped into place, previous output removed"), "{stderr}");
    for phase in ["content parsed", "validated", "references rendered", "pages rendered and written"] {
        assert!(names.contains(&phase), "no `{phase}` in {stderr}");
    }
    assert!(phases.windows(2).all(|w| w[0].0 <= w[1].0), "times only grow: {stderr}");
    // Then the outputs that took longest to render, slowest first, with their size.
    let pages: Vec<(f64, &str)> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("page:"))
        .map(|l| {
            let (ms, rest) = l.trim().split_once(" ms  ").expect("`N ms  SIZE B  path`");
            (ms.parse().expect("milliseconds"), rest.trim().split_once(" B  ").expect("size, then path").1)
        })
        .collect();
    assert_eq!(pages.len(), 12, "{stderr}");
    assert!(pages.windows(2).all(|w| w[0].0 >= w[1].0), "slowest first: {stderr}");
    assert!(pages.iter().all(|(_, path)| site.path().join("public").join(path).is_file()), "{stderr}");
    assert_eq!(stderr.lines().filter(|l| l.starts_with("pages:")).count(), 1, "{stderr}");
    assert!(!run(false).contains("timing:"), "quiet without ROADBOOK_TIMINGS");
}
