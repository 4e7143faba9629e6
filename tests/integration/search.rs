//! Client-side search: the index embedded in `search/index.html`, its
//! safety inside a `<script>`, and a real search in headless Chromium from
//! file:// (where `fetch` of a JSON file would be refused).

use crate::browser::{chromium, Browser};
use crate::harness::{Site, CLEAN};
use serde_json::{json, Value};

/// The JSON index embedded in a built search page.
fn index_of(page: &str) -> Vec<Value> {
    let start = page.find("<script type=\"application/json\" id=\"search-data\">").expect("data element");
    let rest = &page[start..];
    let json = &rest[rest.find('>').unwrap() + 1..rest.find("</script>").unwrap()];
    serde_json::from_str(json).unwrap_or_else(|e| panic!("search data is not JSON ({e}): {json}"))
}

#[test]
fn the_index_holds_titles_summaries_and_headings() {
    let site = Site::clean()
        .file("content/narratives/plan.md", "+++\ntitle = \"Plan\"\n+++\n# Plan\n\n## Why now\n\nText.\n")
        .file("content/roadmap/extra.toml", "[[risk]]\nid = \"r1\"\ntitle = \"Vendor risk\"\n");
    site.build().success();
    let page = site.output("search/index.html");
    let index = index_of(&page);
    let has = |kind: &str, title: &str, url: &str| index.iter().any(|e| e[0] == kind && e[1] == title && e[3] == url);
    assert!(has("business", "Launch", "milestones/launch/index.html"), "{index:?}");
    assert!(has("technology", "Platform", "milestones/platform/index.html"), "{index:?}");
    assert!(has("note", "Plan", "narratives/plan/index.html"), "{index:?}");
    assert!(has("section", "Why now", "narratives/plan/index.html#why-now"), "{index:?}");
    assert!(has("risk", "Vendor risk", "risks/index.html#risk-r1"), "{index:?}");
    // Without JavaScript the search box stays hidden, and the page is not in the sitemap.
    assert!(site
        .output("index.html")
        .contains("<form class=\"site-search\" role=\"search\" aria-label=\"Site search\" action=\"search/index.html\" method=\"get\" hidden>"));
    assert!(!site.output("sitemap.xml").contains("search/"));
}

#[test]
fn a_hostile_title_cannot_close_the_index_script() {
    let hostile = "</script><script>alert(1)</script><!--";
    let roadmap = CLEAN.replacen("title = \"Launch\"", &format!("title = \"{hostile}\""), 1);
    let site = Site::clean().file("content/roadmap/main.toml", &roadmap);
    site.build().success();
    let page = site.output("search/index.html");
    assert!(!page.contains(hostile), "the title reached the page raw");
    assert_eq!(page.matches("</script>").count(), 3, "only our own scripts close: header, data, search");
    let index = index_of(&page);
    assert!(index.iter().any(|e| e[1] == hostile), "the title is still searchable as text: {index:?}");
}

#[test]
fn searching_from_disk_finds_a_milestone_and_opens_it() {
    let Some(binary) = chromium() else { return };
    let site = Site::example();
    site.build().success();
    let mut browser = Browser::start(&binary);
    let home = format!("file://{}/index.html", site.path().join("public").display());
    browser.call("Page.navigate", json!({ "url": home }));
    browser.wait_until("document.readyState === 'complete'", "the home page");
    assert_eq!(browser.eval("document.querySelector('.site-search').hidden"), json!(false), "script shows the box");

    // Type in the header box and submit, as a reader would.
    browser.eval(
        "const box = document.querySelector('.site-search input'); box.value = 'instant payouts'; document.querySelector('.site-search').submit()",
    );
    browser.wait_until(
        "location.pathname.endsWith('/search/index.html') && document.querySelectorAll('#search-results li').length > 0",
        "search results",
    );
    let first = browser.eval("document.querySelector('#search-results li a').textContent");
    assert_eq!(first, json!("Instant payouts to the business's bank account"));
    let status = browser.eval("document.getElementById('search-status').textContent");
    assert!(status.as_str().unwrap().contains("for \u{201c}instant payouts\u{201d}"), "{status}");

    browser.eval("document.querySelector('#search-results li a').click()");
    browser.wait_until(
        "location.href.endsWith('/milestones/instant-payouts/index.html') && document.readyState === 'complete'",
        "the milestone page",
    );
    assert_eq!(browser.eval("document.querySelector('h1').textContent.trim()"), json!(first.as_str().unwrap()));

    // Words match anywhere, in any order; nonsense finds nothing and says so.
    let search = format!("file://{}/search/index.html?q=", site.path().join("public").display());
    browser.call("Page.navigate", json!({ "url": format!("{search}zzzqqq") }));
    browser.wait_until("document.getElementById('search-status').textContent.startsWith('0 results')", "no results");
}
