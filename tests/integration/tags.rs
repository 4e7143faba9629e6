//! Tags: `tags = [...]` on milestones, objectives and risks; the `[tags]`
//! table of roadbook.toml and its `undefined-tag` warning; what the exports
//! carry.

use crate::harness::{Site, CLEAN};

const HELP: &str = "   = help: to silence it, add `allow = [\"undefined-tag\"]` to this item, or for the whole site set `undefined-tag = \"allow\"` under [lint] in roadbook.toml\n";

/// `Site::clean()` with a `[tags]` table, and tags on its milestones, an objective and a risk.
fn tagged(config_tail: &str) -> Site {
    let config = format!("title = \"Tagged\"\nas_of = \"2026-11-24\"\n{config_tail}");
    let roadmap = CLEAN
        .replace(
            "supported_by = [\"platform\"]\n",
            "supported_by = [\"platform\"]\ntags = [\"beta\", \"help wanted\"]\n",
        )
        .replace("due = \"2026-12\"\n", "due = \"2026-12\"\ntags = [\"help wanted\"]\n");
    Site::new().file("roadbook.toml", &config).file("content/roadmap/main.toml", &roadmap).file(
        "content/roadmap/more.toml",
        "[[objective]]\nid = \"grow\"\ntitle = \"Grow\"\ntags = [\"Help Wanted\", \"betta\"]\n\n[[risk]]\nid = \"fraud\"\ntitle = \"Fraud\"\ntags = [\"qa\"]\n",
    )
}

const DEFINED: &str = "\n[tags]\n\"help wanted\" = \"Good first issues for new contributors\"\nbeta = \"Ships to customers who opted in\"\n";

#[test]
fn an_undefined_tag_is_a_warning_at_the_tag_with_did_you_mean() {
    let run = tagged(DEFINED).run(&["check"]);
    run.success();
    let expected = format!(
        "warning[undefined-tag]: tag `Help Wanted` is not defined under [tags] in roadbook.toml; did you mean `help wanted`?
 --> content/roadmap/more.toml:4:9
  |
4 | tags = [\"Help Wanted\", \"betta\"]
  |         ^
{help}
warning[undefined-tag]: tag `betta` is not defined under [tags] in roadbook.toml; did you mean `beta`?
 --> content/roadmap/more.toml:4:24
  |
4 | tags = [\"Help Wanted\", \"betta\"]
  |                        ^
{help}
warning[undefined-tag]: tag `qa` is not defined under [tags] in roadbook.toml: define it there with a description, or use a tag that is
 --> content/roadmap/more.toml:9:9
  |
9 | tags = [\"qa\"]
  |         ^
{help}
check: 0 errors, 3 warnings
",
        help = &HELP[1..]
    );
    assert_eq!(run.stderr, expected);
}

#[test]
fn without_a_tags_table_any_tag_goes() {
    let (exit, list) = tagged("").check_json();
    assert_eq!((exit, list.len()), (0, 0), "{list:#?}");
}

#[test]
fn an_empty_tags_table_defines_none() {
    let (_, list) = tagged("\n[tags]\n").check_json();
    let places: Vec<String> =
        list.iter().map(|d| format!("{} {}:{}:{}", d["code"], d["file"], d["line"], d["column"])).collect();
    assert_eq!(
        places,
        [
            "\"undefined-tag\" \"content/roadmap/main.toml\":8:9",
            "\"undefined-tag\" \"content/roadmap/main.toml\":8:17",
            "\"undefined-tag\" \"content/roadmap/main.toml\":19:9",
            "\"undefined-tag\" \"content/roadmap/more.toml\":4:9",
            "\"undefined-tag\" \"content/roadmap/more.toml\":4:24",
            "\"undefined-tag\" \"content/roadmap/more.toml\":9:9",
        ]
    );
    assert_eq!(list[0]["message"], "tag `beta` is not defined under [tags] in roadbook.toml: define it there with a description, or use a tag that is");
}

#[test]
fn an_items_allow_and_the_lint_table_govern_undefined_tags() {
    let site = tagged(DEFINED);
    let more = site
        .read("content/roadmap/more.toml")
        .replace("tags = [\"qa\"]", "tags = [\"qa\"]\nallow = [\"undefined-tag\"]");
    let site = site.file("content/roadmap/more.toml", &more);
    let (_, list) = site.check_json();
    let lines: Vec<u64> = list.iter().map(|d| d["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [4, 4], "the risk allows it for itself only: {list:#?}");

    let allowed = tagged(&format!("{DEFINED}\n[lint]\nundefined-tag = \"allow\"\n"));
    assert_eq!(allowed.check_json(), (0, Vec::new()));

    let denied = tagged(&format!("{DEFINED}\n[lint]\nundefined-tag = \"deny\"\n"));
    let run = denied.run(&["build"]);
    run.failure(1);
    run.error_at("undefined-tag", "content/roadmap/more.toml:9:9").stderr_has(
        "tag `qa` is not defined under [tags] in roadbook.toml: define it there with a description, or use a tag that is (denied by [lint] in roadbook.toml: `undefined-tag = \"deny\"`)",
    );
    assert_eq!(run.error_count(), 3);
}

#[test]
fn the_tags_table_needs_names_each_defined_once() {
    let config = "\n[tags]\nbeta = \"One\"\n\" beta \" = \"Two\"\n\"\" = \"None\"\n\"help wanted\" = \"\"\nqa = \"\"\nbetta = \"x\"\n\"Help Wanted\" = \"x\"\n";
    let run = tagged(config).run(&["check"]);
    run.failure(1);
    assert_eq!(
        run.stderr,
        "error[invalid-value]: tag `beta` is already defined on line 5 under [tags] (names are compared trimmed): keep one
 --> roadbook.toml:6:1
  |
6 | \" beta \" = \"Two\"
  | ^

error[invalid-value]: a tag under [tags] needs a name
 --> roadbook.toml:7:1
  |
7 | \"\" = \"None\"
  | ^

check: 2 errors, 0 warnings
"
    );
    let typed = tagged("\n[tags]\nbeta = 3\n").run(&["check"]);
    typed.failure(1).error_at("parse", "roadbook.toml:5:8");
}

#[test]
fn roadmap_json_carries_tags_on_every_kind_and_a_table_of_tags() {
    let site = tagged(DEFINED);
    site.build().success();
    let json: serde_json::Value = serde_json::from_str(&site.output("roadmap.json")).unwrap();
    assert_eq!(json["milestones"][0]["tags"], serde_json::json!(["beta", "help wanted"]));
    assert_eq!(json["objectives"][0]["tags"], serde_json::json!(["Help Wanted", "betta"]));
    assert_eq!(json["risks"][0]["tags"], serde_json::json!(["qa"]));
    assert_eq!(
        json["tags"],
        serde_json::json!([
            {"name": "Help Wanted", "description": null, "url": "tags/help-wanted-2/index.html", "milestones": [], "objectives": ["grow"], "risks": []},
            {"name": "beta", "description": "Ships to customers who opted in", "url": "tags/beta/index.html", "milestones": ["launch"], "objectives": [], "risks": []},
            {"name": "betta", "description": null, "url": "tags/betta/index.html", "milestones": [], "objectives": ["grow"], "risks": []},
            {"name": "help wanted", "description": "Good first issues for new contributors", "url": "tags/help-wanted/index.html", "milestones": ["launch", "platform"], "objectives": [], "risks": []},
            {"name": "qa", "description": null, "url": "tags/qa/index.html", "milestones": [], "objectives": [], "risks": ["fraud"]},
        ])
    );
}

/// Tags with odd names on two milestones, an objective and a risk, and a
/// milestone only engineers see.
const ODD: &str = r#"[[milestone]]
id = "launch"
title = "Launch"
track = "business"
due = "2027-Q1"
supported_by = ["platform"]
tags = ["C++", "help wanted", "../x", "<b>bold</b>"]

[[milestone]]
id = "platform"
title = "Platform"
track = "technology"
due = "2026-12"
tags = ["c--", "café", "🚀", "help wanted", "café", " "]

[[milestone]]
id = "secret"
title = "Secret"
track = "technology"
due = "2026-12"
audiences = ["engineering"]
tags = ["C", "hidden only", "help wanted"]

[[objective]]
id = "grow"
title = "Grow"
tags = ["c", "help wanted"]

[[risk]]
id = "fraud"
title = "Fraud"
tags = ["help wanted"]
"#;

fn odd() -> Site {
    let config = "title = \"T\"\nas_of = \"2026-11-24\"\n\n[audiences]\nboard = \"Board\"\nengineering = \"Engineers\"\n\n[tags]\n\"help wanted\" = \"Good first issues\"\n";
    Site::new().file("roadbook.toml", config).file("content/roadmap/main.toml", ODD)
}

/// The text of a page's `<main>`.
#[track_caller]
fn main_of(site: &Site, page: &str) -> String {
    let html = site.output(page);
    let start = html.find("<main").expect("a main element");
    let end = html.find("</main>").expect("its end");
    html[start..end + "</main>".len()].to_string()
}

#[test]
fn every_tag_gets_a_page_in_a_folder_of_its_own_whatever_its_name() {
    let site = odd().file("roadbook.toml", "title = \"T\"\nas_of = \"2026-11-24\"\n\n[audiences]\nengineering = \"Engineers\"\n\n[tags]\n\"help wanted\" = \"Good first issues\"\n");
    site.run(&["build"]).success();
    let mut folders: Vec<String> = site.snapshot("public/tags").into_iter().map(|(path, _)| path).collect();
    folders.sort();
    assert_eq!(
        folders,
        [
            "b-bold-b/index.html",
            "c-2/index.html",
            "c-3/index.html",
            "c-4/index.html",
            "c/index.html",
            "café/index.html",
            "help-wanted/index.html",
            "hidden-only/index.html",
            "index.html",
            "tag/index.html",
            "x/index.html",
        ],
        "`c` is its own slug; `C` (`c` but for case), `c--` (lowercase) and `C++` take the next free ones; nothing escapes tags/"
    );
    assert_eq!(
        main_of(&site, "tags/index.html"),
        r#"<main id="main" class="wrap">

<header class="page-head">
  <h1>Tags</h1>
  <p class="lede">The labels milestones, objectives and risks carry, and how many carry each.</p>
</header>
<ul class="tag-index">
  <li><a class="tag" href="../tags/x/index.html">../x</a> <span class="tag-counts">1 milestone</span></li>
  <li><a class="tag" href="../tags/b-bold-b/index.html">&lt;b&gt;bold&lt;/b&gt;</a> <span class="tag-counts">1 milestone</span></li>
  <li><a class="tag" href="../tags/c-2/index.html">C</a> <span class="tag-counts">1 milestone</span></li>
  <li><a class="tag" href="../tags/c/index.html">c</a> <span class="tag-counts">1 objective</span></li>
  <li><a class="tag" href="../tags/c-4/index.html">C++</a> <span class="tag-counts">1 milestone</span></li>
  <li><a class="tag" href="../tags/c-3/index.html">c--</a> <span class="tag-counts">1 milestone</span></li>
  <li><a class="tag" href="../tags/caf%C3%A9/index.html">café</a> <span class="tag-counts">1 milestone</span></li>
  <li><a class="tag" href="../tags/help-wanted/index.html">help wanted</a> <span class="tag-counts">3 milestones · 1 objective · 1 risk</span>
    <p>Good first issues</p></li>
  <li><a class="tag" href="../tags/hidden-only/index.html">hidden only</a> <span class="tag-counts">1 milestone</span></li>
  <li><a class="tag" href="../tags/tag/index.html">🚀</a> <span class="tag-counts">1 milestone</span></li>
</ul>

</main>"#
    );
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.contains("<loc>/tags/caf%C3%A9/</loc>") && sitemap.contains("<loc>/tags/</loc>"), "{sitemap}");
}

#[test]
fn a_tag_page_lists_what_carries_it_and_chips_link_to_it() {
    let site = odd();
    site.run(&["build", "--audience", "board"]).success();
    assert_eq!(
        main_of(&site, "tags/help-wanted/index.html"),
        r##"<main id="main" class="wrap">

<header class="page-head">
  <p class="kicker"><a href="../../tags/index.html">Tags</a></p>
  <h1>help wanted</h1>
  <p class="lede">Good first issues</p>
</header>
<section><h2>Business milestones <span class="note">1</span></h2><ul class="refs"><li><a href="../../milestones/launch/index.html">Launch</a> <span class="ref-meta"><span class="status status-planned">Planned</span> <span class="due">2027-Q1</span></span></li></ul><p class="section-note"><a href="../../business/index.html?tag=help-wanted">In the business view</a></p></section>
<section><h2>Technology milestones <span class="note">1</span></h2><ul class="refs"><li><a href="../../milestones/platform/index.html">Platform</a> <span class="ref-meta"><span class="status status-planned">Planned</span> <span class="due">2026-Q4</span></span></li></ul><p class="section-note"><a href="../../technology/index.html?tag=help-wanted">In the technology view</a></p></section>
<section><h2>Objectives <span class="note">1</span></h2><ul class="refs"><li><a href="../../objectives/grow/index.html">Grow</a></li></ul><p class="section-note"><a href="../../objectives/index.html?tag=help-wanted">Among all objectives</a></p></section>
<section><h2>Risks <span class="note">1</span></h2><ul class="refs risk-list"><li><a href="../../risks/index.html#risk-fraud">Fraud</a> <span class="ref-meta"><span class="level">Likelihood unrated, impact unrated</span> <span class="risk-status risk-open">Open</span></span></li></ul><p class="section-note"><a href="../../risks/index.html?tag=help-wanted">In the risk register</a></p></section>

</main>"##,
        "the board's edition lists no item the board does not see"
    );
    let chips = r#"<ul class="tag-list" aria-label="Tags"><li><a class="tag" href="../tags/c-3/index.html">C++</a></li><li><a class="tag" href="../tags/help-wanted/index.html">help wanted</a></li><li><a class="tag" href="../tags/x/index.html">../x</a></li><li><a class="tag" href="../tags/b-bold-b/index.html">&lt;b&gt;bold&lt;/b&gt;</a></li></ul>"#;
    assert!(site.output("business/index.html").contains(chips), "chips on the business card");
    let on_page = format!("<div><dt>Tags</dt><dd>{}</dd></div>", chips.replace("\"../tags/", "\"../../tags/"));
    assert!(site.output("milestones/launch/index.html").contains(&on_page), "chips on the milestone page");
    let repeats = r#"<ul class="tag-list" aria-label="Tags"><li><a class="tag" href="../tags/c-2/index.html">c--</a></li><li><a class="tag" href="../tags/caf%C3%A9/index.html">café</a></li><li><a class="tag" href="../tags/tag/index.html">🚀</a></li><li><a class="tag" href="../tags/help-wanted/index.html">help wanted</a></li></ul>"#;
    assert!(site.output("technology/index.html").contains(repeats), "repeats and blank tags dropped");
    let objective = r#"<ul class="tag-list" aria-label="Tags"><li><a class="tag" href="../../tags/c/index.html">c</a></li><li><a class="tag" href="../../tags/help-wanted/index.html">help wanted</a></li></ul>"#;
    assert!(site.output("objectives/grow/index.html").contains(objective));
    assert!(site.output("objectives/index.html").contains(&objective.replace("../../", "../")));
    let risk = r#"<ul class="tag-list" aria-label="Tags"><li><a class="tag" href="../tags/help-wanted/index.html">help wanted</a></li></ul>"#;
    assert!(site.output("risks/index.html").contains(risk));
    for hidden in ["hidden-only", "c-4"] {
        assert!(
            !site.has_output(&format!("tags/{hidden}/index.html")),
            "{hidden}: no page for a tag only hidden items carry"
        );
    }
    let everything: String =
        site.snapshot("public").into_iter().map(|(_, b)| String::from_utf8_lossy(&b).into_owned()).collect();
    assert!(!everything.contains("hidden only") && !everything.contains("Secret"), "no trace of the hidden tag");
}

#[test]
fn the_navigation_lists_tags_only_when_the_site_has_some() {
    let plain = Site::clean();
    plain.build().success();
    assert!(!plain.output("index.html").contains("tags/index.html"));
    assert!(!plain.has_output("tags/index.html"));
    let tagged = tagged("");
    tagged.build().success();
    assert!(tagged.output("index.html").contains(r#"<li><a href="tags/index.html">Tags</a></li>"#));
    assert!(tagged
        .output("tags/index.html")
        .contains(r#"<li><a href="../tags/index.html" aria-current="page">Tags</a></li>"#));
}

#[test]
fn a_narrative_may_not_take_the_tags_folder() {
    let site = Site::clean().file("content/tags/index.md", "# Mine\n");
    let run = site.build();
    run.failure(1);
    run.error_at("invalid-value", "content/tags/index.md:1:1").stderr_has(
        "`content/tags/index.md` would be written to `tags/`, which is a page roadbook generates; rename or move it",
    );
}

/// Four business milestones (three tagged, one of them under way since 2026-10), two technology areas (one tagged), two objectives
/// (one tagged) and two risks (one tagged): what the views' filters work on.
const VIEWS: &str = r#"[[milestone]]
id = "pay"
title = "Pay"
track = "business"
due = "2027-Q1"
tags = ["beta", "help wanted"]

[[milestone]]
id = "remind"
title = "Remind"
track = "business"
due = "2027-Q2"
tags = ["beta"]

[[milestone]]
id = "report"
title = "Report"
track = "business"
due = "2027-Q2"

[[milestone]]
id = "migrate"
title = "Migrate"
track = "business"
start = "2026-10"
due = "2027-Q2"
tags = ["help wanted"]

[[milestone]]
id = "ledger"
title = "Ledger"
track = "technology"
area = "Infrastructure"
due = "2027-Q1"
tags = ["help wanted"]

[[milestone]]
id = "sso"
title = "SSO"
track = "technology"
area = "Security"
due = "2027-Q1"

[[objective]]
id = "grow"
title = "Grow"
tags = ["beta"]

[[objective]]
id = "keep"
title = "Keep"

[[risk]]
id = "fraud"
title = "Fraud"
likelihood = "high"
impact = "high"
tags = ["beta"]

[[risk]]
id = "outage"
title = "Outage"
likelihood = "low"
impact = "low"
"#;

fn views() -> Site {
    let site = Site::new()
        .file("roadbook.toml", "title = \"T\"\nas_of = \"2026-11-24\"\n")
        .file("content/roadmap/main.toml", VIEWS);
    site.build().success();
    site
}

/// The filter's bar as a page writes it: hidden until its script shows it, so without
/// JavaScript nothing is filtered and every item shows.
#[test]
fn views_offer_their_items_tags_as_a_filter_that_only_a_script_shows() {
    let site = views();
    let business = site.output("business/index.html");
    let bar = r#"<div class="tag-filter" data-one="milestone" data-many="milestones" hidden>
  <span class="tag-filter-label" id="tag-filter-label">Show only</span>
  <ul class="tag-list" aria-labelledby="tag-filter-label"><li><button type="button" class="tag" aria-pressed="false" data-tag="beta" data-name="beta">beta <span class="tag-count">2</span></button></li><li><button type="button" class="tag" aria-pressed="false" data-tag="help-wanted" data-name="help wanted">help wanted <span class="tag-count">2</span></button></li></ul>
  <button type="button" class="tag-filter-clear" hidden>Show all</button>
  <p class="tag-filter-status" role="status" aria-live="polite"></p>
</div>
<script>"#;
    assert!(business.contains(bar), "{business}");
    for card in [
        r#"<article class="card track-business" id="m-pay" data-tags="beta help-wanted" data-area="general">"#,
        r#"<article class="card track-business" id="m-report" data-tags="" data-area="general">"#,
    ] {
        assert!(business.contains(card), "{card}");
    }
    assert!(business.contains(
        r#"<section class="period" id="2027-q2" data-tag-group>
  <h2>2027-Q2 <span class="period-count"><span data-tag-count>3 milestones</span></span></h2>"#
    ));
    assert!(
        business.contains(r#"<span class="period-count"><span data-tag-count="echo">1 under way</span></span></h2>"#)
    );
    let under_way = r#"<ul class="refs"><li data-tags="help-wanted" data-area="general" data-tag-echo><a href="../milestones/migrate/index.html">Migrate</a>"#;
    assert!(business.contains(under_way), "{business}");
    let technology = site.output("technology/index.html");
    assert!(technology.contains(r#"data-tag="help-wanted" data-name="help wanted">help wanted <span class="tag-count">1</span></button></li></ul>"#));
    assert!(!technology.contains(r#"data-tag="beta""#), "only the tags of the view's own items");
    assert!(site.output("objectives/index.html").contains(r#"data-one="objective" data-many="objectives" hidden>"#));
    let risks = site.output("risks/index.html");
    assert!(risks.contains(r#"<article class="risk" id="risk-fraud" data-tags="beta">"#));
    assert!(risks.contains(r##"<li data-tags="beta" data-tag-echo><a href="#risk-fraud">Fraud</a></li>"##), "{risks}");
    assert!(!site.output("tags/beta/index.html").contains("tag-filter"), "a tag's page is no view to filter");
    let plain = Site::clean();
    plain.build().success();
    assert!(!plain.output("business/index.html").contains("tag-filter"), "no tags, no filter");
    let page = site.output("tags/beta/index.html");
    for link in [
        r#"<a href="../../business/index.html?tag=beta">In the business view</a>"#,
        r#"<a href="../../objectives/index.html?tag=beta">Among all objectives</a>"#,
        r#"<a href="../../risks/index.html?tag=beta">In the risk register</a>"#,
    ] {
        assert!(page.contains(link), "{link}\n{page}");
    }
    assert!(!page.contains("technology/index.html?tag="), "no technology milestone is tagged beta");
}

/// In Chromium, from disk: picking chips narrows the view to the items with every picked tag,
/// hides emptied groups and their jump links, says what it shows, and keeps the choice in the
/// address, which opens the same view.
#[test]
fn the_filter_narrows_a_view_in_a_browser_and_its_address_reopens_it() {
    let Some(binary) = crate::browser::chromium() else { return };
    let site = views();
    let mut browser = crate::browser::Browser::start(&binary);
    browser.call("Page.enable", serde_json::json!({}));
    let open = |browser: &mut crate::browser::Browser, page: &str| {
        let url = format!("file://{}/public/{page}", site.path().display());
        browser.call("Page.navigate", serde_json::json!({ "url": url }));
        browser.wait_event("Page.loadEventFired");
    };
    let state = "JSON.stringify([location.search, document.querySelector('.tag-filter').hidden, document.querySelector('.tag-filter-status').textContent, [...document.querySelectorAll('[data-tags]:not([data-tag-echo])')].filter(e => !e.hidden).map(e => e.id), [...document.querySelectorAll('[data-tag-group]')].filter(e => !e.hidden).map(e => e.id), [...document.querySelectorAll('[data-tag-count]')].filter(e => !e.closest('[hidden]')).map(e => e.textContent)])";
    let read = |browser: &mut crate::browser::Browser| browser.eval(state).as_str().unwrap_or_default().to_string();

    open(&mut browser, "business/index.html");
    let everything = r#"["",false,"",["m-pay","m-migrate","m-remind","m-report"],["2026-q4","2027-q1","2027-q2"],["1 under way","1 milestone","3 milestones"]]"#;
    assert_eq!(read(&mut browser), everything);
    browser.eval("document.querySelector('button[data-tag=\"beta\"]').click()");
    assert_eq!(
        read(&mut browser),
        r#"["?tag=beta",false,"Showing 2 of 4 milestones: those tagged “beta”.",["m-pay","m-remind"],["2027-q1","2027-q2"],["1 of 1 milestone","1 of 3 milestones"]]"#
    );
    browser.eval("document.querySelector('button[data-tag=\"help-wanted\"]').click()");
    assert_eq!(
        read(&mut browser),
        r#"["?tag=beta&tag=help-wanted",false,"Showing 1 of 4 milestones: those tagged “beta” and “help wanted”.",["m-pay"],["2027-q1"],["1 of 1 milestone"]]"#
    );
    assert_eq!(browser.eval("[...document.querySelectorAll('.jump li')].map(l => l.hidden).join()"), "true,false,true");
    open(&mut browser, "business/index.html?tag=help-wanted&tag=beta");
    assert_eq!(
        read(&mut browser),
        r#"["?tag=help-wanted&tag=beta",false,"Showing 1 of 4 milestones: those tagged “beta” and “help wanted”.",["m-pay"],["2027-q1"],["1 of 1 milestone"]]"#,
        "the address opens the same view"
    );
    browser.eval("document.querySelector('.tag-filter-clear').click()");
    assert_eq!(read(&mut browser), everything);
    open(&mut browser, "business/index.html?tag=help-wanted");
    assert_eq!(
        read(&mut browser),
        r#"["?tag=help-wanted",false,"Showing 2 of 4 milestones: those tagged “help wanted”.",["m-pay","m-migrate"],["2026-q4","2027-q1","2027-q2"],["1 of 1 under way","1 of 1 milestone","1 of 3 milestones"]]"#,
        "a milestone under way is filtered in the current quarter too, and counted there as under way"
    );

    open(&mut browser, "technology/index.html?tag=help-wanted&tag=nope");
    assert_eq!(
        read(&mut browser),
        r#"["?tag=help-wanted&tag=nope",false,"Showing 1 of 2 milestones: those tagged “help wanted”.",["m-ledger"],["infrastructure","infrastructure-2027-q1"],["1 of 1 milestone"]]"#,
        "a tag the view does not offer is left out"
    );
    open(&mut browser, "objectives/index.html?tag=beta");
    assert_eq!(
        read(&mut browser),
        r#"["?tag=beta",false,"Showing 1 of 2 objectives: those tagged “beta”.",["objective-grow"],[],[]]"#
    );
    open(&mut browser, "risks/index.html?tag=beta");
    assert_eq!(
        read(&mut browser),
        r#"["?tag=beta",false,"Showing 1 of 2 risks: those tagged “beta”.",["risk-fraud"],["open-risks"],["1 of 2"]]"#,
        "the matrix's entries are filtered, not counted; the open risks' count says how many show"
    );
    assert_eq!(
        browser.eval("[...document.querySelectorAll('.matrix li')].map(l => l.textContent + ':' + l.hidden).join()"),
        "Fraud:false,Outage:true"
    );

    browser.call("Emulation.setScriptExecutionDisabled", serde_json::json!({ "value": true }));
    open(&mut browser, "business/index.html?tag=beta");
    let visible = "[...document.querySelectorAll('[data-tags]')].filter(e => e.offsetParent).length + ' ' + (document.querySelector('.tag-filter').offsetParent === null)";
    browser.call("Emulation.setScriptExecutionDisabled", serde_json::json!({ "value": false }));
    assert_eq!(browser.eval(visible), "5 true", "without JavaScript every milestone shows and the bar does not");
}

/// The search index embedded in the search page.
fn search_index(site: &Site) -> Vec<serde_json::Value> {
    let page = site.output("search/index.html");
    let start = page.find("<script type=\"application/json\" id=\"search-data\">").expect("data element");
    let rest = &page[start..];
    let json = &rest[rest.find('>').unwrap() + 1..rest.find("</script>").unwrap()];
    serde_json::from_str(json).unwrap_or_else(|e| panic!("search data is not JSON ({e}): {json}"))
}

#[test]
fn search_finds_tags_and_the_items_that_carry_them() {
    let site = odd();
    site.run(&["build", "--audience", "board"]).success();
    let index = search_index(&site);
    let entries: Vec<String> = index
        .iter()
        .filter(|e| e[0] == "tag" || e[2].as_str().is_some_and(|t| t.contains("help wanted")))
        .map(|e| format!("{} | {} | {} | {}", e[0].as_str().unwrap(), e[1].as_str().unwrap(), e[2], e[3]))
        .collect();
    assert_eq!(
        entries,
        [
            r#"business | Launch | " · General · C++, help wanted, ../x, <b>bold</b>" | "milestones/launch/index.html""#,
            r#"technology | Platform | " · General · c--, café, 🚀, help wanted" | "milestones/platform/index.html""#,
            r#"objective | Grow | "c, help wanted" | "objectives/grow/index.html""#,
            r#"risk | Fraud | "help wanted" | "risks/index.html#risk-fraud""#,
            r#"tag | ../x | "" | "tags/x/index.html""#,
            r#"tag | <b>bold</b> | "" | "tags/b-bold-b/index.html""#,
            r#"tag | C++ | "" | "tags/c-3/index.html""#,
            r#"tag | c | "" | "tags/c/index.html""#,
            r#"tag | c-- | "" | "tags/c-2/index.html""#,
            r#"tag | café | "" | "tags/caf%C3%A9/index.html""#,
            r#"tag | help wanted | "Good first issues" | "tags/help-wanted/index.html""#,
            r#"tag | 🚀 | "" | "tags/tag/index.html""#,
        ],
        "the board's edition: no tag only hidden items carry"
    );
    assert!(!site.output("search/index.html").contains("<b>bold"), "the index stays inside its script");
}

#[test]
fn milestones_csv_has_a_tags_column_with_formula_cells_neutralised() {
    let roadmap = CLEAN
        .replace(
            "supported_by = [\"platform\"]\n",
            "supported_by = [\"platform\"]\ntags = [\"=HYPERLINK(\\\"http://x\\\")\", \"beta\"]\n",
        )
        .replace("due = \"2026-12\"\n", "due = \"2026-12\"\ntags = [\"help wanted\", \"-1; ok\"]\n");
    let site = Site::new()
        .file("roadbook.toml", "title = \"T\"\nas_of = \"2026-11-24\"\n")
        .file("content/roadmap/main.toml", &roadmap);
    site.build().success();
    let text = site.output("milestones.csv");
    let header = text.lines().next().unwrap();
    assert!(header.contains(",owner,tags,objectives,"), "{header}");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let col = reader.headers().unwrap().iter().position(|h| h == "tags").unwrap();
    let tags: Vec<String> = reader.records().map(|r| r.unwrap()[col].to_string()).collect();
    assert_eq!(
        tags,
        ["'=HYPERLINK(\"http://x\"); beta", "help wanted; -1; ok"],
        "tags joined by `; `, a formula start neutralised"
    );
}
