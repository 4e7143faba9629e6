//! The timeline: `timeline/index.html` with its inline SVGs (axis, lanes, key)
//! and the standalone `timeline.svg`, read back with a small tag-balance
//! parser: every dated milestone links to its page and names what it needs,
//! today line, gates, lanes, the lists of undated milestones and of those
//! off the axis, escaping, filters and a text alternative with every link.
//! How it looks and behaves in a browser is measured in `timeline_browser.rs`.

use crate::harness::Site;
use crate::links::attr_values;

/// Every inline `<svg>...</svg>` of a page (the axis, each lane, the key), joined.
fn inline_svgs(html: &str) -> String {
    let mut svgs = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg ") {
        let end = rest[start..].find("</svg>").expect("svg end") + start + "</svg>".len();
        svgs.push_str(&rest[start..end]);
        rest = &rest[end..];
    }
    svgs
}

/// Checks that tags nest and close and that `&` only starts an entity; returns the element names seen.
#[track_caller]
fn well_formed(xml: &str) -> Vec<String> {
    let mut stack: Vec<&str> = Vec::new();
    let mut names = Vec::new();
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        check_text(&rest[..open]);
        let close = rest[open..].find('>').expect("unclosed tag") + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        if tag.starts_with('?') || tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name), "mismatched </{name}>");
            continue;
        }
        assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes in <{tag}>");
        assert!(!tag.contains('<'), "< inside <{tag}>");
        let name = tag.split(|c: char| c.is_whitespace() || c == '/').next().unwrap();
        names.push(name.to_string());
        if !tag.ends_with('/') {
            stack.push(name);
        }
    }
    check_text(rest);
    assert!(stack.is_empty(), "unclosed elements: {stack:?}");
    names
}

#[track_caller]
fn check_text(text: &str) {
    for (at, _) in text.match_indices('&') {
        let entity = &text[at..];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].iter().any(|e| entity.starts_with(e)),
            "bare & in {:.40}",
            entity
        );
    }
}

fn dated_ids(site: &Site) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(&site.output("roadmap.json")).unwrap();
    let list = json["milestones"].as_array().unwrap().iter();
    list.filter(|m| m["due"].is_string()).map(|m| m["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn worked_example_links_every_dated_milestone_to_its_page() {
    let site = Site::example();
    site.build().success();
    let page = site.output("timeline/index.html");
    let svg = inline_svgs(&page);
    assert_eq!(well_formed(&svg).iter().filter(|n| *n == "svg").count(), 12, "the axis twice, 9 lanes, the key");
    let hrefs = attr_values(&svg, "href");
    let ids = dated_ids(&site);
    assert!(ids.len() >= 24);
    for id in &ids {
        let href = format!("../milestones/{id}/index.html");
        assert!(hrefs.contains(&href), "no link to {id}");
        assert!(site.has_output(&href[3..]));
    }
    let standalone = site.output("timeline.svg");
    let hrefs = attr_values(&standalone, "href");
    for id in &ids {
        assert!(hrefs.contains(&format!("milestones/{id}/index.html")), "standalone lacks {id}");
    }
    // The page repeats the axis, with its two release markers, over the technology track.
    assert_eq!(svg.matches("<title>").count(), standalone.matches("<title>").count() + 2);
}

#[test]
fn worked_example_carries_links_as_data_and_draws_gates_today_and_lanes() {
    let site = Site::example();
    site.build().success();
    let page = site.output("timeline/index.html");
    // No connector is drawn: each milestone names what it needs, for the page's script to draw on demand.
    assert_eq!(page.matches("<path class=\"tl-link").count(), 4, "only in the key");
    assert_eq!(page.matches("tl-legend-line\" d=").count(), 4);
    assert!(page.contains(
        "<a href=\"../milestones/eu-launch/index.html\" class=\"tl-item tl-planned\" data-id=\"eu-launch\" \
         data-s=\"eu-region open-banking-connector\" data-d=\"self-serve-onboarding\" data-c=\"eu-region\" \
         data-tags=\"highlight eu-expansion\" tabindex=\"-1\">"
    ));
    assert!(page.matches(" data-c=\"").count() >= 10, "a critical chain per business milestone");
    assert_eq!(
        page.matches("<line class=\"tl-today\"").count(),
        2 + 9 + 1,
        "today on both axes, in every lane, in the key"
    );
    assert!(page.contains(">Today 2026-11-24</text>"));
    assert!(page.contains("<path class=\"tl-gate tl-gate-pending\""));
    assert!(page.contains("<path class=\"tl-gate tl-gate-no-go\""));
    assert!(page.contains(
        "<details class=\"tl-lane\" open data-area=\"payments\">\n          \
         <summary><span class=\"tl-lane-name\">Payments</span> <span class=\"tl-lane-count\">5 milestones</span></summary>"
    ));
    assert!(page.contains("<span class=\"tl-lane-name\">Economics</span>"), "area names start with a capital");
    let business = page.find("<h2 class=\"tl-band tl-band-business\">Business</h2>").expect("business band");
    assert!(
        business < page.find("<h2 class=\"tl-band tl-band-technology\">Technology</h2>").unwrap(),
        "business first"
    );
    let svg = site.output("timeline.svg");
    assert!(svg.contains(">BUSINESS</text>") && svg.contains(">TECHNOLOGY</text>"));
    assert!(svg.contains("Not drawn here: 0 dated milestones outside 2026-Q1 to 2028-Q1 and 2 undated ones"));
}

#[test]
fn standalone_svg_is_an_xml_document() {
    let site = Site::minimal();
    site.build().success();
    let svg = site.output("timeline.svg");
    assert!(svg.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.trim_end().ends_with("</svg>"));
    // A group, not an image: the milestone links inside stay reachable for screen readers (not by Tab:
    // the table under the chart holds the same links), named by the title and described by the summary.
    assert!(svg.contains("role=\"group\" aria-labelledby=\"rb-tl-title\" aria-describedby=\"rb-tl-desc\""));
    assert!(svg.contains("tabindex=\"-1\"><title>"));
    assert!(svg.contains("<style>") && !svg.contains("<script"));
    assert_eq!(well_formed(&svg)[0], "svg");
    site.build().success();
    assert_eq!(svg, site.output("timeline.svg"), "stable across builds");
}

#[test]
fn awkward_titles_are_escaped_and_undated_milestones_are_listed_by_horizon() {
    let site = Site::minimal().file(
        "content/roadmap/more.toml",
        r#"[[milestone]]
id = "rnd"
title = "R&D <beta> \"fast\" & 'cheap'"
track = "business"
area = "Q&A"
horizon = "next"
supported_by = ["platform"]

[[milestone]]
id = "gated"
title = "Gated"
track = "business"
due = "2027-Q2"

[milestone.gate]
date = "2027-03-01"
criteria = "Pilot <ok> & signed"
"#,
    );
    site.build().success();
    let page = site.output("timeline/index.html");
    let svg = inline_svgs(&page);
    well_formed(&svg);
    assert!(svg.contains("Pilot &lt;ok&gt; &amp; signed"));
    assert!(!svg.contains("<ok>") && !svg.contains("rnd"), "undated milestones are not drawn");
    assert!(page.contains(
        "<h3>Next <span class=\"tl-n\">1</span></h3>\n        <ul class=\"tl-list\"><li class=\"tl-entry\" \
         data-track=\"business\" data-area=\"q&amp;a\" data-status=\"planned\"><a href=\"../milestones/rnd/index.html\">\
         R&amp;D &lt;beta&gt; &quot;fast&quot; &amp; &#39;cheap&#39;</a> <span class=\"status status-planned\">Planned</span> \
         <span class=\"tl-where\">Business · Q&amp;A</span></li></ul>"
    ));
    assert!(svg.contains("<path class=\"tl-gate tl-gate-pending\""));
}

#[test]
fn milestones_off_the_axis_are_counted_and_linked_in_earlier_and_later() {
    let site = Site::minimal().file(
        "content/roadmap/more.toml",
        r#"[[milestone]]
id = "history"
title = "Old launch"
track = "business"
due = "2023-Q2"
status = "done"

[[milestone]]
id = "far"
title = "Far future"
track = "technology"
due = "2031-03-01"

[[milestone]]
id = "limbo"
title = "Someday maybe"
track = "technology"
"#,
    );
    site.build().success();
    let page = site.output("timeline/index.html");
    let svg = inline_svgs(&page);
    for id in ["history", "far", "limbo"] {
        assert!(!svg.contains(&format!("data-id=\"{id}\"")), "{id} is drawn");
    }
    assert!(page.contains(
        "<details class=\"tl-group\" id=\"earlier\">\n      <summary>Earlier: <span class=\"tl-n\">1</span> milestone due \
         before 2026-Q4</summary>\n      <ul class=\"tl-list\"><li class=\"tl-entry\" data-track=\"business\" \
         data-area=\"general\" data-status=\"done\"><a href=\"../milestones/history/index.html\">Old launch</a> <span \
         class=\"status status-done\">Done</span> <span class=\"tl-where\">2023-Q2 · Business · General</span></li></ul>"
    ));
    assert!(page.contains("<summary>Later: <span class=\"tl-n\">1</span> milestone starting after 2027-Q3</summary>"));
    assert!(page.contains(
        "<summary>Unscheduled: <span class=\"tl-n\">1</span> milestone with neither a date nor a horizon</summary>"
    ));
    assert!(page.contains(
        "on quarters 2026-Q4 to 2027-Q3, as of 2026-11-24; 0 gates; 1 supporting links and 0 dependencies, 1 of them on \
         the critical chain to a business milestone. Listed under the chart: 1 due before 2026-Q4 (Earlier), 1 starting \
         after 2027-Q3 (Later), 1 unscheduled."
    ));
}

#[test]
fn timeline_page_has_nav_caption_filters_and_a_text_alternative() {
    let site = Site::example();
    site.build().success();
    let page = site.output("timeline/index.html");
    assert!(page.contains("<a href=\"../timeline/index.html\" aria-current=\"page\">Timeline</a>"));
    assert!(site.output("index.html").contains("<a href=\"timeline/index.html\">Timeline</a>"));
    assert!(page.contains("<figure class=\"timeline-figure\" id=\"timeline\" aria-labelledby=\"tl-caption\">"));
    assert!(page.contains("<a href=\"../timeline.svg\">"));
    // The filters are hidden until the script shows them; every area is offered.
    assert!(page.contains("<form class=\"tl-tools\" hidden aria-label=\"Timeline filters\">"));
    assert!(
        page.contains("<option value=\"economics\">Economics</option><option value=\"enterprise\">Enterprise</option>")
    );
    assert!(page.contains("<option value=\"at-risk\">At risk</option>"));
    let table = &page[page.find("id=\"by-quarter\"").expect("table section")..];
    for id in dated_ids(&site) {
        assert!(table.contains(&format!("href=\"../milestones/{id}/index.html\"")), "table lacks {id}");
    }
    assert!(
        table.contains("<th scope=\"rowgroup\" colspan=\"6\">2026-Q4 <span class=\"note\">This quarter</span></th>")
    );
    assert!(table.contains("<th scope=\"rowgroup\" colspan=\"6\">Later <span class=\"note\">Undated</span></th>"));
    // Every link between milestones is in the table, the critical ones marked.
    let links = table.matches("<li>Supported by <a href=").count() + table.matches("<li>Depends on <a href=").count();
    assert_eq!(links, 28 + 17);
    assert!(table.contains("<li>Supported by <a href=\"../milestones/eu-region/index.html\">"));
    assert!(table.contains("critical chain</span></li>"));
}
