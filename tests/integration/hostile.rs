//! Hostile text is inert: every plain-text field is escaped wherever it lands
//! (HTML text and attributes, the SVG timeline, the sitemap), `url` fields
//! take only http, https, mailto and relative links, and `[markdown]
//! raw_html = false` escapes raw HTML in Markdown. The class of Hugo's
//! CVE-2024-32875 and CVE-2024-55601 (unescaped titles in attributes).

use crate::harness::{walkdir, Site};

/// In plain-text fields: a script, and quotes that would break out of an attribute.
const PLAIN: &str = r#"<script>plain()</script>"'><b id=plainbreak>"#;
/// In Markdown fields: allowed through by default, escaped with `raw_html = false`.
const MD: &str = r#"<script>md()</script>"'><b id=mdbreak>"#;

/// A TOML basic string holding `text`.
fn q(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn hostile_site(config_extra: &str) -> Site {
    let (p, m) = (q(PLAIN), q(MD));
    let config = format!(
        "title = {p}\nmission = {m}\nvision = {m}\nas_of = \"2026-11-24\"\n\n[audiences]\nboard = {p}\n{config_extra}"
    );
    let roadmap = format!(
        r#"[[milestone]]
id = "launch"
title = {p}
track = "business"
area = {p}
owner = {p}
due = "2027-Q1"
status = "at-risk"
customer_need = {m}
summary = {m}
description = {m}
supported_by = ["platform"]
objectives = ["grow"]
narrative = "@/narratives/plan.md"

[[milestone.metric]]
name = {p}
baseline = {p}
target = {p}
current = {p}

[[milestone.link]]
title = {p}
url = "https://example.com/?q=\"><script>url()</script>"

[[milestone.link]]
title = {p}
path = "@milestone:platform"

[milestone.gate]
date = "2026-12-01"
criteria = {p}

[[milestone]]
id = "platform"
title = {p}
track = "technology"
area = {p}
due = "2026-12"

[[objective]]
id = "grow"
title = {p}
period = "2027"

[[objective.key_result]]
title = {p}
baseline = {p}
target = {p}
current = {p}

[[risk]]
id = "slip"
title = {p}
likelihood = "high"
impact = "high"
mitigation = {m}
owner = {p}
milestones = ["launch"]

[[decision]]
id = "go"
date = "2026-10-01"
title = {p}
rationale = {m}
approved_by = {p}
affects = ["launch"]
"#
    );
    let glossary = format!("[[term]]\nterm = {p}\ndefinition = {m}\n");
    let narrative = format!(
        "+++\ntitle = {p}\nkind = \"strategy\"\nauthors = [{p}]\n+++\n# Plan\n\n{MD}\n\n## Head {{#x\"><b id=anchorbreak>}}\n\n```{MD}\ncode\n```\n"
    );
    Site::new()
        .file("roadbook.toml", &config)
        .file("content/roadmap/main.toml", &roadmap)
        .file("content/glossary.toml", &glossary)
        .file("content/narratives/plan.md", &narrative)
        .file("content/index.md", &format!("# Home\n\n{MD}\n"))
}

/// Every HTML, SVG and XML output file, with its text.
fn markup(site: &Site) -> Vec<(String, String)> {
    let root = site.path().join("public");
    walkdir(&root)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html" || e == "svg" || e == "xml"))
        .map(|p| (p.strip_prefix(&root).unwrap().display().to_string(), std::fs::read_to_string(&p).unwrap()))
        .collect()
}

#[track_caller]
fn assert_inert(files: &[(String, String)], needles: &[&str]) {
    for (path, text) in files {
        for needle in needles {
            assert!(!text.contains(needle), "{path} contains raw {needle:?}");
        }
    }
}

#[test]
fn plain_text_fields_are_escaped_everywhere() {
    let site = hostile_site("");
    site.build().success();
    let files = markup(&site);
    assert!(files.len() > 10, "{} files", files.len());
    assert_inert(&files, &["<script>plain()", "<b id=plainbreak", "<script>url()"]);
    // The fields are really on the pages (escaped), so the check above means something.
    let escaped = "&lt;script&gt;plain()&lt;&#x2F;script&gt;&quot;&#39;&gt;&lt;b id=plainbreak&gt;";
    let escaped_alt = "&lt;script&gt;plain()&lt;/script&gt;&quot;&#39;&gt;&lt;b id=plainbreak&gt;";
    let milestone = site.output("milestones/launch/index.html");
    let count = milestone.matches(escaped).count() + milestone.matches(escaped_alt).count();
    assert!(count >= 8, "only {count} escaped fields on the milestone page:\n{milestone}");
    for page in [
        "index.html",
        "objectives/grow/index.html",
        "risks/index.html",
        "decisions/index.html",
        "glossary/index.html",
        "narratives/plan/index.html",
        "timeline/index.html",
    ] {
        let html = site.output(page);
        assert!(html.contains("plainbreak"), "{page} does not show the field");
    }
    assert!(site.output("timeline.svg").contains("plainbreak"));
    // JSON embedded in a page (the search index) cannot close its script element.
    let search = site.output("search/index.html");
    assert!(
        search.contains("plain()") && search.contains("\\u003cscript\\u003eplain()"),
        "search index lacks the field"
    );
    // Markdown is trusted by default, as in Zola and Hugo.
    assert!(site.output("narratives/plan/index.html").contains("<script>md()</script>"));
    // The exports carry the text as data, correctly encoded.
    let json: serde_json::Value = serde_json::from_str(&site.output("roadmap.json")).expect("valid json");
    assert!(json.to_string().contains("plain()"));
}

#[test]
fn raw_html_false_escapes_html_in_markdown() {
    let site = hostile_site("\n[markdown]\nraw_html = false\n");
    site.build().success();
    let files = markup(&site);
    assert_inert(
        &files,
        &["<script>plain()", "<b id=plainbreak", "<script>md()", "<b id=mdbreak", "<b id=anchorbreak"],
    );
    let narrative = site.output("narratives/plan/index.html");
    assert!(narrative.contains("&lt;script&gt;md()&lt;/script&gt;"), "{narrative}");
    assert!(site.output("milestones/launch/index.html").contains("&lt;script&gt;md()"));
    assert!(site.output("index.html").contains("&lt;script&gt;md()"));
}

#[test]
fn markdown_table_typos_get_a_suggestion() {
    let site = Site::minimal();
    let config = "title = \"T\"\nas_of = \"2026-11-24\"\n\n[markdown]\nraw_htm = false\n";
    site.write("roadbook.toml", config.as_bytes());
    site.run(&["check"])
        .failure(1)
        .error_at("unknown-field", "roadbook.toml:5:1")
        .stderr_has("did you mean `raw_html`");
    site.write("roadbook.toml", b"title = \"T\"\n\n[markdwn]\nraw_html = false\n");
    site.run(&["check"]).failure(1).stderr_has("did you mean `markdown`");
    site.write("roadbook.toml", b"title = \"T\"\n\n[markdown]\nraw_html = \"no\"\n");
    site.run(&["check"]).failure(1).error_at("parse", "roadbook.toml:4:12");
}

#[test]
fn script_urls_are_content_errors_with_a_place() {
    let bad = [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "  javascript:alert(1)",
        "\\u0001javascript:alert(1)",
        "java\\tscript:alert(1)",
        "java\\nscript:alert(1)",
        "javascript&#58;alert(1)",
        "javascript&colon;alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
    ];
    let mut roadmap = String::from(harness_clean());
    for (i, url) in bad.iter().enumerate() {
        roadmap.push_str(&format!("\n[[milestone.link]]\ntitle = \"L{i}\"\nurl = \"{url}\"\n"));
    }
    let site = Site::clean().file("content/roadmap/main.toml", &roadmap);
    let run = site.build();
    run.failure(1);
    assert_eq!(run.error_count(), bad.len(), "{}", run.stderr);
    let first_line = harness_clean().lines().count() + 4;
    run.error_at("invalid-value", &format!("content/roadmap/main.toml:{first_line}:8"));
    assert!(!site.has_output("index.html"));
    // Markdown links with script URLs are refused too, at the link.
    let site =
        Site::clean().file("content/narratives/n.md", "# N\n\nSee [this](javascript:alert(1)) and <JavaScript:x()>.\n");
    let run = site.build();
    run.failure(1)
        .error_at("invalid-value", "content/narratives/n.md:3:5")
        .error_at("invalid-value", "content/narratives/n.md:3:37");
}

fn harness_clean() -> &'static str {
    crate::harness::CLEAN
}

#[test]
fn good_urls_still_work() {
    let mut roadmap = String::from(harness_clean());
    for url in ["https://example.com/a?b=1&c=2", "mailto:team@example.com", "docs/guide.html", "../up.html", "#top"] {
        roadmap.push_str(&format!("\n[[milestone.link]]\ntitle = \"ok\"\nurl = \"{url}\"\n"));
    }
    let site = Site::clean().file("content/roadmap/main.toml", &roadmap);
    site.build().success();
    let html = site.output("milestones/platform/index.html");
    assert!(html.contains("href=\"https://example.com/a?b=1&amp;c=2\""), "{html}");
    assert!(html.contains("href=\"mailto:team@example.com\""));
}
