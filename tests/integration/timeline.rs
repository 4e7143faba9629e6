//! The timeline: `timeline/index.html` with its inline SVG and the standalone
//! `timeline.svg`, read back with a small tag-balance parser: every dated
//! milestone links to its page, connectors, today line, gates, horizon
//! columns, escaping, and a text alternative.

use crate::harness::Site;
use crate::links::attr_values;

/// The inline `<svg>...</svg>` of a page.
fn inline_svg(html: &str) -> &str {
    let start = html.find("<svg ").expect("inline svg");
    let end = html[start..].find("</svg>").expect("svg end") + start + "</svg>".len();
    &html[start..end]
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
    let svg = inline_svg(&page);
    well_formed(svg);
    let hrefs = attr_values(svg, "href");
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
    assert_eq!(svg.matches("<title>").count(), standalone.matches("<title>").count());
}

#[test]
fn worked_example_draws_links_gates_today_and_the_critical_chain() {
    let site = Site::example();
    site.build().success();
    let svg = site.output("timeline.svg");
    let names = well_formed(&svg);
    assert!(names.iter().filter(|n| *n == "a").count() >= 24);
    assert!(svg
        .contains("<title>Cut p95 checkout latency from 1.8 s to 600 ms supports One-click pay for returning payers"));
    assert!(svg.contains("<path class=\"tl-link tl-depends"), "depends_on connectors are dashed");
    assert!(svg.matches("tl-critical\"").count() >= 10, "a critical chain per business milestone");
    assert!(svg.contains("<line class=\"tl-today\""));
    assert!(svg.contains(">Today 2026-11-24</text>"));
    assert!(svg.contains("<path class=\"tl-gate tl-gate-pending\""));
    assert!(svg.contains("<path class=\"tl-gate tl-gate-no-go\""));
    assert!(svg.contains(">Later</text>"), "horizon column for the undated milestones");
    assert!(svg.contains("href=\"milestones/realtime-rails/index.html\""));
    assert!(svg.contains(">BUSINESS</text>") && svg.contains(">TECHNOLOGY</text>"));
    let business = svg.find(">BUSINESS</text>").unwrap();
    assert!(business < svg.find(">TECHNOLOGY</text>").unwrap(), "business band first");
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
fn awkward_titles_are_escaped_and_undated_milestones_get_columns() {
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
    let svg = inline_svg(&page);
    well_formed(svg);
    assert!(svg.contains("R&amp;D &lt;beta&gt; &quot;fast&quot; &amp; &#39;cheap&#39;"));
    assert!(svg.contains("Pilot &lt;ok&gt; &amp; signed"));
    assert!(!svg.contains("<beta>") && !svg.contains("<ok>"));
    assert!(svg.contains(">Next</text>") && svg.contains("href=\"../milestones/rnd/index.html\""));
    assert!(svg.contains("<path class=\"tl-gate tl-gate-pending\""));
}

#[test]
fn timeline_page_has_nav_caption_and_a_text_alternative() {
    let site = Site::example();
    site.build().success();
    let page = site.output("timeline/index.html");
    assert!(page.contains("<a href=\"../timeline/index.html\" aria-current=\"page\">Timeline</a>"));
    assert!(site.output("index.html").contains("<a href=\"timeline/index.html\">Timeline</a>"));
    assert!(page.contains("<figure class=\"timeline-figure\"") && page.contains("<figcaption>"));
    assert!(page.contains("<a href=\"../timeline.svg\">"));
    let table = &page[page.find("id=\"by-quarter\"").expect("table section")..];
    for id in dated_ids(&site) {
        assert!(table.contains(&format!("href=\"../milestones/{id}/index.html\"")), "table lacks {id}");
    }
    assert!(
        table.contains("<th scope=\"rowgroup\" colspan=\"6\">2026-Q4 <span class=\"note\">This quarter</span></th>")
    );
    assert!(table.contains("<th scope=\"rowgroup\" colspan=\"6\">Later <span class=\"note\">Undated</span></th>"));
    assert!(table.contains("critical chain"));
}
