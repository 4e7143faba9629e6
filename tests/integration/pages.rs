//! The worked example builds into every page of the layout, and the pages
//! link correctly: business <-> technology both ways, every relative link resolves.

use crate::harness::Site;
use crate::links::{attr_values, broken_links};

const LAYOUT: &[&str] = &[
    "index.html",
    "business/index.html",
    "technology/index.html",
    "timeline/index.html",
    "timeline.svg",
    "releases/index.html",
    "releases/2027-spring/index.html",
    "releases/2027-summer/index.html",
    "milestones.csv",
    "roadmap.ics",
    "objectives/index.html",
    "risks/index.html",
    "decisions/index.html",
    "links/index.html",
    "glossary/index.html",
    "roadmap.json",
    "sitemap.xml",
    "404.html",
    "style.css",
    "narratives/six-pager/index.html",
    "narratives/press-release/index.html",
    "narratives/tech-debt/index.html",
];

/// The navigation of a site with no releases, objectives, risks, decisions,
/// links, changes or glossary, on a technology milestone's page: the sections
/// it has, the current one marked, and nothing where an absent one would be.
#[test]
fn navigation_lists_the_sections_a_site_has_and_marks_the_current_one() {
    let site = Site::minimal();
    site.build().success();
    let page = site.output("milestones/platform/index.html");
    let start = page.find("<nav aria-label=\"Main\">").expect("a navigation");
    let end = start + page[start..].find("</nav>").expect("its end");
    let expected = [
        "<nav aria-label=\"Main\">\n      <ul>\n",
        "        <li><a href=\"../../business/index.html\">Business</a></li>\n",
        "        <li><a href=\"../../technology/index.html\" aria-current=\"page\">Technology</a></li>\n",
        "        <li><a href=\"../../timeline/index.html\">Timeline</a></li>\n",
        "      </ul>\n    ",
    ]
    .concat();
    assert_eq!(&page[start..end], expected);
    let home = site.output("index.html");
    assert!(home.contains("<a class=\"brand\" href=\"index.html\">"), "{home}");
    assert!(home.contains("action=\"search/index.html\" method=\"get\" hidden>"), "{home}");
}

#[test]
fn worked_example_has_every_page_of_the_layout() {
    let site = Site::example();
    site.build().success().stderr_lacks("error");
    for page in LAYOUT {
        assert!(site.has_output(page), "missing {page}");
    }
    let json: serde_json::Value = serde_json::from_str(&site.output("roadmap.json")).unwrap();
    let milestones = json["milestones"].as_array().unwrap();
    assert!(milestones.len() >= 24);
    for m in milestones {
        let id = m["id"].as_str().unwrap();
        assert!(site.has_output(&format!("milestones/{id}/index.html")), "no page for {id}");
    }
    for o in json["objectives"].as_array().unwrap() {
        assert!(site.has_output(&format!("objectives/{}/index.html", o["id"].as_str().unwrap())));
    }
}

#[test]
fn worked_example_has_no_broken_relative_links() {
    let site = Site::example();
    site.build().success();
    let broken = broken_links(&site.path().join("public"));
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn link_checker_catches_a_broken_link() {
    let site = Site::minimal()
        .file("content/narratives/n.md", "+++\ntitle = \"N\"\n+++\n[bad](../../nowhere/index.html) [frag](#missing)\n");
    site.build().success();
    let broken = broken_links(&site.path().join("public"));
    assert_eq!(broken.len(), 2, "{broken:?}");
}

#[test]
fn business_and_technology_link_each_other_both_ways() {
    let site = Site::example();
    site.build().success();
    let json: serde_json::Value = serde_json::from_str(&site.output("roadmap.json")).unwrap();
    let mut pairs = 0;
    for m in json["milestones"].as_array().unwrap().iter().filter(|m| m["track"] == "business") {
        let id = m["id"].as_str().unwrap();
        let page = site.output(&format!("milestones/{id}/index.html"));
        let tech_side = &page[page.find("technology-side").unwrap()..];
        for tech in m["supported_by"].as_array().unwrap() {
            let tech = tech.as_str().unwrap();
            assert!(
                tech_side.contains(&format!("href=\"../../milestones/{tech}/index.html\"")),
                "{id} does not link {tech}"
            );
            let back = site.output(&format!("milestones/{tech}/index.html"));
            let business_side = &back[back.find("business-side").unwrap()..back.find("technology-side").unwrap()];
            assert!(
                business_side.contains(&format!("href=\"../../milestones/{id}/index.html\"")),
                "{tech} does not link back to {id}"
            );
            pairs += 1;
        }
    }
    assert!(pairs >= 12, "only {pairs} pairs");
    let business = site.output("business/index.html");
    let technology = site.output("technology/index.html");
    assert!(business.contains("Supported by technology"));
    assert!(technology.contains("Enables business"));
}

#[test]
fn output_loads_nothing_from_other_hosts() {
    let site = Site::example();
    site.build().success();
    for file in crate::harness::walkdir(&site.path().join("public")) {
        let Ok(text) = std::fs::read_to_string(&file) else { continue };
        for src in attr_values(&text, "src") {
            assert!(!src.contains("://") && !src.starts_with("//"), "{} loads {src}", file.display());
        }
        for tag in text.split("<link ").skip(1) {
            let tag = &tag[..tag.find('>').unwrap()];
            if !tag.contains("rel=\"canonical\"") {
                assert!(!tag.contains("href=\"http") && !tag.contains("href=\"//"), "{}: <link {tag}>", file.display());
            }
        }
        assert!(!text.contains("@import"), "{} imports CSS", file.display());
        assert!(!text.contains("url(http"), "{} loads a remote url()", file.display());
    }
}

#[test]
fn narrative_page_has_toc_highlighting_and_cross_links() {
    let site = Site::minimal().file(
        "content/narratives/plan.md",
        "+++\ntitle = \"Plan\"\nkind = \"six-pager\"\n+++\n## Why now\n\nSee [launch](@milestone:launch).\n\n## Beyond the Next Release\n\n```rust\nfn main() {}\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\nA note[^1].\n\n[^1]: Footnote.\n",
    );
    site.build().success();
    let page = site.output("narratives/plan/index.html");
    assert!(page.contains("<a href=\"#why-now\">Why now</a>"), "toc");
    assert!(page.contains("id=\"beyond-the-next-release\""));
    assert!(page.contains("class=\"hl-"), "highlighted");
    assert!(page.contains("<table>"));
    assert!(page.contains(
        "type=\"checkbox\" disabled checked aria-hidden=\"true\"><span class=\"visually-hidden\">Done: </span>"
    ));
    assert!(page.contains("footnote-definition"));
    assert!(page.contains("href=\"../../milestones/launch/index.html\""));
    assert!(page.contains("Milestones this links to"));
    assert!(site.output("milestones/launch/index.html").contains("href=\"../../narratives/plan/index.html\""));
}

#[test]
fn views_group_and_show_the_dual_perspective() {
    let site = Site::minimal();
    site.build().success();
    let business = site.output("business/index.html");
    assert!(business.contains("2027-Q1"));
    assert!(business.contains("href=\"../milestones/platform/index.html\""));
    let technology = site.output("technology/index.html");
    assert!(technology.contains("<h2>scalability</h2>"));
    assert!(technology.contains("href=\"../milestones/launch/index.html\""));
    let home = site.output("index.html");
    assert!(home.contains("href=\"business/index.html\""));
}

/// A milestone page has no empty box: a missing customer need or metric is
/// said in a sentence, a perspective with nothing to show is left out, and
/// the strip puts the milestone between what it needs and what needs it, with
/// today, in date order.
#[test]
fn milestone_pages_say_what_is_missing_and_show_where_they_sit_in_time() {
    let roadmap = "[[milestone]]\nid = \"pay\"\ntitle = \"Pay\"\ntrack = \"business\"\ndue = \"2027-Q2\"\n\
                   depends_on = [\"setup\"]\nsupported_by = [\"core\"]\n\n\
                   [[milestone]]\nid = \"setup\"\ntitle = \"Setup\"\ntrack = \"business\"\ndue = \"2026-10\"\nstatus = \"done\"\n\n\
                   [[milestone]]\nid = \"core\"\ntitle = \"Core\"\ntrack = \"technology\"\ndue = \"2027-01-15\"\n\n\
                   [[milestone]]\nid = \"alone\"\ntitle = \"Alone\"\ntrack = \"technology\"\nhorizon = \"later\"\n";
    let site = Site::clean().file("content/roadmap/main.toml", roadmap);
    site.build().success();
    let page = site.output("milestones/pay/index.html");
    let strip = &page[page.find("<ol class=\"strip\">").unwrap()..];
    let strip = &strip[..strip.find("</ol>").unwrap() + 5];
    let stops: Vec<String> = strip
        .split("<li class=\"stop ")
        .skip(1)
        .map(|s| {
            let text = s.split('<').map(|t| t.split_once('>').map_or("", |(_, v)| v).trim()).collect::<Vec<_>>();
            format!(
                "{} {}",
                &s[..s.find('"').unwrap()],
                text.iter().filter(|t| !t.is_empty()).cloned().collect::<Vec<_>>().join(" | ")
            )
        })
        .collect();
    assert_eq!(
        stops,
        [
            "stop-needs 2026-10 | Needs first | Setup | Done",
            "stop-today Today | 2026-11-24",
            "stop-built-on 2027-01-15 | Built on | Core | Planned",
            "stop-this 2027-Q2 | This milestone | Planned",
        ]
        .map(String::from)
        .to_vec(),
        "{strip}"
    );
    assert!(page.contains(
        "<p class=\"empty\">The customer need and how success will be measured are not written down yet.</p>"
    ));
    assert!(!page.contains("supported_by") && !page.contains("depends_on"), "no field names for readers");
    assert!(
        page.contains("<section class=\"dependencies print-only\" id=\"dependencies\">"),
        "the strip shows every stop, so the full dependency lists are for paper only"
    );
    let alone = site.output("milestones/alone/index.html");
    assert!(!alone.contains("Business perspective"), "nothing to show on the business side");
    assert!(alone.contains("<div class=\"perspectives single\">"));
    assert!(alone.contains("<p class=\"empty\">It does not yet support a business milestone.</p>"));
    assert!(alone.contains("<p class=\"empty\">No target is set yet.</p>"));
}

/// Every navigation label is the title of the page it opens: its `<h1>` and
/// the start of its `<title>`, on the worked example (which has every section).
#[test]
fn navigation_labels_are_the_titles_of_their_pages() {
    let site = Site::example();
    site.build().success();
    let home = site.output("index.html");
    let nav = &home[home.find("<nav aria-label=\"Main\">").unwrap()..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    let links: Vec<(&str, &str)> = nav
        .split("<li><a href=\"")
        .skip(1)
        .filter(|l| !l.contains("nav-kind"))
        .map(|l| {
            let (href, rest) = l.split_once("\">").unwrap();
            (href, rest.split("</a>").next().unwrap())
        })
        .collect();
    let labels: Vec<&str> = links.iter().map(|(_, label)| *label).collect();
    assert_eq!(
        labels,
        [
            "Business",
            "Technology",
            "Timeline",
            "Releases",
            "Objectives",
            "Risks",
            "Decisions",
            "Links",
            "Glossary",
            "Tags"
        ]
    );
    for (href, label) in links {
        let page = site.output(href);
        assert!(page.contains(&format!("<h1>{label}</h1>")), "{href} has no <h1>{label}</h1>");
        assert!(page.contains(&format!("<title>{label} · Northwind Ledger Roadmap</title>")), "{href}: <title>");
    }
}

/// The narratives are in the navigation: a "Narratives" menu, before the
/// sections, lists each by its title (the page's title) with its kind, by
/// weight; on a narrative's page the menu and the page's entry are marked current.
#[test]
fn the_navigation_has_a_menu_of_the_narratives() {
    let site = narrative(Site::minimal(), "b", "Strategy <2027>", "six-pager", 2);
    let site = narrative(site, "a", "We launch", "press-release", 1);
    site.build().success();
    let page = site.output("narratives/b/index.html");
    let start = page.find("<nav aria-label=\"Main\">").expect("a navigation");
    let end = start + page[start..].find("        <li><a href=\"../../business").expect("the sections");
    let expected = [
        "<nav aria-label=\"Main\">\n      <ul>\n",
        "        <li class=\"nav-narratives\"><details>\n",
        "          <summary class=\"current\">Narratives</summary>\n",
        "          <ul>\n",
        "            <li><a href=\"../../narratives/a/index.html\">We launch</a> <span class=\"nav-kind\">Press release</span></li>\n",
        "            <li><a href=\"../../narratives/b/index.html\" aria-current=\"page\">Strategy &lt;2027&gt;</a> <span class=\"nav-kind\">Six-pager</span></li>\n",
        "          </ul>\n",
        "        </details></li>\n",
    ]
    .concat();
    assert_eq!(&page[start..end], expected);
    assert!(page.contains("<title>Strategy &lt;2027&gt; · "), "the page's title is the label");
    let home = site.output("index.html");
    assert!(home.contains("          <summary>Narratives</summary>\n"), "not current elsewhere");
    assert!(home.contains("<li><a href=\"narratives/a/index.html\">We launch</a>"), "{home}");
}

/// With more narratives than the menu holds (8), every page would carry all of
/// them: the menu keeps the press releases and six-pagers, fills up with the
/// others in reading order, lists the eight in reading order, and ends with a
/// link to the home page's list of them all.
#[test]
fn a_long_narratives_menu_keeps_the_board_reading_and_links_to_the_rest() {
    let site = narrative(notes(9), "pr", "We launch", "press-release", 20);
    let site = narrative(site, "six", "The plan", "six-pager", 30);
    site.build().success();
    let page = site.output("business/index.html");
    let start = page.find("          <ul>\n").expect("the menu");
    let end = start + page[start..].find("          </ul>\n").expect("its end");
    let note = |i: usize| {
        format!("            <li><a href=\"../narratives/note-{i}/index.html\">Note {i}</a> <span class=\"nav-kind\">Note</span></li>\n")
    };
    let expected = [
        "          <ul>\n".to_string(),
        (1..=6).map(note).collect(),
        "            <li><a href=\"../narratives/pr/index.html\">We launch</a> <span class=\"nav-kind\">Press release</span></li>\n".into(),
        "            <li><a href=\"../narratives/six/index.html\">The plan</a> <span class=\"nav-kind\">Six-pager</span></li>\n".into(),
        "            <li class=\"nav-all\"><a href=\"../index.html#narratives\">All 11 narratives</a></li>\n".into(),
    ]
    .concat();
    assert_eq!(&page[start..end], expected);
    let home = site.output("index.html");
    assert!(home.contains("<section class=\"narratives\" id=\"narratives\">"), "the link's target");
    for i in 7..=9 {
        assert!(
            home.contains(&format!("<a href=\"narratives/note-{i}/index.html\">Note {i}</a>")),
            "note {i} on the home page"
        );
    }
    // Eight fit: the menu lists them all, with no link to the rest.
    let site = notes(8);
    site.build().success();
    let page = site.output("business/index.html");
    assert_eq!(page.matches("<span class=\"nav-kind\">Note</span></li>").count(), 8);
    assert!(!page.contains("nav-all") && !page.contains("narratives</a>"), "no \"All\" item");
}

/// `site` with a narrative `content/narratives/NAME.md` of that title, kind and weight.
fn narrative(site: Site, name: &str, title: &str, kind: &str, weight: usize) -> Site {
    let text = format!("+++\ntitle = \"{title}\"\nkind = \"{kind}\"\nweight = {weight}\n+++\nText.\n");
    site.file(&format!("content/narratives/{name}.md"), &text)
}

/// A minimal site with `n` notes, `note-1` ("Note 1") to `note-N`, weighted in that order.
fn notes(n: usize) -> Site {
    (1..=n).fold(Site::minimal(), |site, i| narrative(site, &format!("note-{i}"), &format!("Note {i}"), "note", i))
}

/// In Chromium, from disk: the narratives menu opens on its summary, closes on
/// a click elsewhere, and on Escape gives the focus back to its summary.
#[test]
fn the_narratives_menu_opens_and_closes_as_a_menu_does() {
    let Some(binary) = crate::browser::chromium() else { return };
    let site = Site::example();
    site.build().success();
    let mut browser = crate::browser::Browser::start(&binary);
    let url = format!("file://{}/public/index.html", site.path().display());
    browser.call("Page.navigate", serde_json::json!({ "url": url }));
    browser.wait_until("document.readyState === 'complete'", "the home page");
    let open = "document.querySelector('.nav-narratives details').open";
    browser.eval("document.querySelector('.nav-narratives summary').click()");
    assert_eq!(browser.eval(open), serde_json::json!(true));
    browser.eval("document.querySelector('main h1').click()");
    assert_eq!(browser.eval(open), serde_json::json!(false), "a click elsewhere closes it");
    browser.eval("document.querySelector('.nav-narratives summary').click(); document.querySelector('.nav-narratives li a').focus()");
    assert_eq!(browser.eval(open), serde_json::json!(true));
    browser.eval("document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))");
    assert_eq!(browser.eval(open), serde_json::json!(false), "Escape closes it");
    assert_eq!(browser.eval("document.activeElement.tagName"), serde_json::json!("SUMMARY"));
    browser.eval("document.querySelector('.nav-narratives summary').click(); document.querySelector('.nav-narratives li a').click()");
    browser.wait_until("location.href.includes('/narratives/') && document.readyState === 'complete'", "a narrative");
}
