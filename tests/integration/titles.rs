//! Inline code in titles (issue 15, point 6): a title written with
//! `backticks` shows its code as `<code>` wherever HTML shows the title, and
//! as plain text without the backticks in page `<title>`s, CSV, iCalendar and
//! the search index; roadmap.json keeps it as written. Everything is escaped:
//! a `<script>` in backticks stays text.

use crate::harness::Site;

const PLAN: &str = r#"[[milestone]]
id = "diff"
title = "Ship `roadbook diff` & more"
track = "business"
due = "2027-Q1"
objectives = ["grow"]
supported_by = ["hostile"]

[[milestone]]
id = "hostile"
title = "Escape `<script>alert(1)</script>` <b>"
track = "technology"
area = "platform"
due = "2027-Q1"

[[milestone]]
id = "plain"
title = "Plain"
track = "business"
due = "2027-Q2"
supported_by = ["hostile"]
"#;

fn site() -> Site {
    Site::new()
        .file("roadbook.toml", "title = \"Code\"\nas_of = \"2026-11-24\"\n")
        .file("content/roadmap/main.toml", PLAN)
        .file("content/roadmap/objectives.toml", "[[objective]]\nid = \"grow\"\ntitle = \"Grow with `serde`\"\n")
        .file("content/narratives/n.md", "+++\ntitle = \"Why `diff`\"\nkind = \"note\"\n+++\nText.\n")
}

const DIFF_HTML: &str = "Ship <code>roadbook diff</code> &amp; more";
const HOSTILE_HTML: &str = "Escape <code>&lt;script&gt;alert(1)&lt;/script&gt;</code> &lt;b&gt;";

#[test]
fn html_shows_code_spans_as_code_and_keeps_scripts_inert() {
    let site = site();
    site.build().success();
    let page = site.output("milestones/diff/index.html");
    assert!(page.contains(&format!("<h1>{DIFF_HTML}</h1>")), "{page}");
    assert!(page.contains("<title>Ship roadbook diff &amp; more · Code</title>"), "the <title> is plain text");
    let hostile = site.output("milestones/hostile/index.html");
    assert!(hostile.contains(&format!("<h1>{HOSTILE_HTML}</h1>")), "{hostile}");
    assert!(hostile.contains("<title>Escape &lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt; · Code</title>"));
    // A reference (rendered once, listed everywhere): the business card's "supported by".
    let business = site.output("business/index.html");
    assert!(
        business.contains(&format!("<h3><a href=\"../milestones/diff/index.html\">{DIFF_HTML}</a></h3>")),
        "{business}"
    );
    assert!(
        business.contains(&format!("<li><a href=\"../milestones/hostile/index.html\">{HOSTILE_HTML}</a>")),
        "{business}"
    );
    // Objectives, the home page's board and the narrative menu.
    let objective = site.output("objectives/grow/index.html");
    assert!(objective.contains("<h1>Grow with <code>serde</code></h1>"), "{objective}");
    assert!(objective.contains("<title>Grow with serde · Code</title>"));
    let home = site.output("index.html");
    assert!(
        home.contains(&format!("<a href=\"milestones/diff/index.html\">{DIFF_HTML}</a> <span class=\"board-meta\">"))
    );
    assert!(home.contains(
        "<a href=\"narratives/n/index.html\">Why <code>diff</code></a> <span class=\"nav-kind\">Note</span>"
    ));
    // Nowhere does a title's markup become live.
    for (path, text) in site.snapshot("public") {
        if !(path.ends_with(".html") || path.ends_with(".svg") || path.ends_with(".xml")) {
            continue;
        }
        let text = String::from_utf8_lossy(&text);
        assert!(!text.contains("<script>alert"), "{path} has a live script");
        assert!(!text.contains("<b>"), "{path} has live markup from a title");
    }
}

#[test]
fn the_timeline_draws_code_in_monospace_and_lists_it_as_code() {
    let site = site();
    site.build().success();
    let page = site.output("timeline/index.html");
    assert!(page.contains(
        "<text class=\"tl-label\" x=\"250\" y=\"12\"><tspan x=\"250\" y=\"12\">\
         Ship <tspan class=\"tl-code\">roadbook diff</tspan> &amp; more</tspan></text>"
    ));
    // A code span is measured in monospace: this one fills its line, and the rest wraps.
    assert!(page.contains(
        "<text class=\"tl-label\" x=\"250\" y=\"12\"><tspan x=\"250\" y=\"12\">\
         Escape <tspan class=\"tl-code\">&lt;script&gt;alert(1)&lt;/script&gt;</tspan></tspan>\
         <tspan x=\"250\" y=\"27\">&lt;b&gt;</tspan></text>"
    ));
    assert!(page.contains("<title>Ship roadbook diff &amp; more\n"), "the tooltip is plain text");
    assert!(page.contains(&format!("<th scope=\"row\"><a href=\"../milestones/diff/index.html\">{DIFF_HTML}</a></th>")));
}

#[test]
fn exports_and_search_carry_plain_text_and_json_keeps_it_as_written() {
    let site = site();
    site.build().success();
    let csv = site.output("milestones.csv");
    assert!(csv.lines().any(|l| l.starts_with("diff,Ship roadbook diff & more,")), "{csv}");
    let ics = site.output("roadmap.ics");
    assert!(ics.contains("SUMMARY:Ship roadbook diff & more (business\\, Planned)\r\n"), "{ics}");
    let json: serde_json::Value = serde_json::from_str(&site.output("roadmap.json")).unwrap();
    assert_eq!(json["milestones"][0]["title"], "Ship `roadbook diff` & more");
    let search = site.output("search/index.html");
    let start = search.find("id=\"search-data\">").unwrap() + "id=\"search-data\">".len();
    let data: Vec<serde_json::Value> =
        serde_json::from_str(&search[start..start + search[start..].find("</script>").unwrap()]).unwrap();
    let entry =
        |title: &str| data.iter().find(|e| e[1] == title).unwrap_or_else(|| panic!("no {title} in {data:?}")).clone();
    assert_eq!(
        entry("Ship roadbook diff & more"),
        serde_json::json!([
            "business",
            "Ship roadbook diff & more",
            " · General",
            "milestones/diff/index.html",
            [[5, 18]]
        ])
    );
    assert_eq!(entry("Why diff"), serde_json::json!(["note", "Why diff", "", "narratives/n/index.html", [[4, 8]]]));
    assert_eq!(entry("Plain").as_array().unwrap().len(), 4, "a title without code has four elements");
}

/// In Chromium, from disk: a search result shows the title's code as `<code>`,
/// built as text nodes, so the hostile title stays text.
#[test]
fn search_results_show_code_as_code() {
    let Some(binary) = crate::browser::chromium() else { return };
    let site = site();
    site.build().success();
    let mut browser = crate::browser::Browser::start(&binary);
    let url = format!("file://{}/search/index.html?q=escape", site.path().join("public").display());
    browser.call("Page.navigate", serde_json::json!({ "url": url }));
    browser.wait_until("document.querySelectorAll('#search-results li').length > 0", "search results");
    assert_eq!(
        browser.eval("document.querySelector('#search-results li a').innerHTML"),
        serde_json::json!("Escape <code>&lt;script&gt;alert(1)&lt;/script&gt;</code> &lt;b&gt;")
    );
    assert_eq!(
        browser.eval("document.querySelectorAll('#search-results script, #search-results b').length"),
        serde_json::json!(0)
    );
}
