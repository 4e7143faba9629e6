//! Unit tests of the timeline page's context and drawing, on hand-built sites.

use super::fixture::{milestone, site};
use super::*;

/// Business `launch` (2027-Q1) supported by technology `platform` (2026-12, from 2026-06).
fn pair() -> Site {
    let mut launch = milestone("launch", Track::Business, "2027-Q1");
    launch.supported_by = vec![1];
    let mut platform = milestone("platform", Track::Technology, "2026-12");
    platform.start = Due::parse("2026-06");
    platform.area = "scalability".to_string();
    site(vec![launch, platform])
}

fn lane_svgs(page: &TimelinePage) -> String {
    page.tracks.iter().flat_map(|t| &t.lanes).map(|l| l.svg.as_str()).collect()
}

#[test]
fn each_dated_milestone_is_a_link_with_its_prerequisites_as_data() {
    let site = pair();
    let page = page(&site);
    let svg = lane_svgs(&page);
    assert!(svg.contains(
        "<a href=\"../milestones/launch/index.html\" class=\"tl-item tl-planned\" data-id=\"launch\" \
         data-s=\"platform\" data-c=\"platform\" tabindex=\"-1\"><title>launch\nPlanned · due 2027-Q1 · Business · General</title>"
    ));
    assert!(svg.contains("<a href=\"../milestones/platform/index.html\" class=\"tl-item tl-planned\" data-id=\"platform\" tabindex=\"-1\">"));
    assert!(svg.contains("<title>platform\nPlanned · due 2026-12 (from 2026-06) · Technology · scalability</title>"));
    assert!(!svg.contains("<path class=\"tl-link"), "no connector is drawn by default");
    let names: Vec<(&str, &str, &str, usize)> = page
        .tracks
        .iter()
        .flat_map(|t| t.lanes.iter().map(|l| (t.label, l.name.as_str(), l.area.as_str(), l.count)))
        .collect();
    assert_eq!(names, vec![("Business", "General", "general", 1), ("Technology", "Scalability", "scalability", 1)]);
}

#[test]
fn a_due_only_milestone_is_a_bar_over_its_quarter() {
    let site = pair();
    let page = page(&site);
    // 2026-Q2 to 2027-Q1: four quarters of 250 each; launch is due in the last.
    assert_eq!((page.first_quarter.as_str(), page.last_quarter.as_str()), ("2026-Q2", "2027-Q1"));
    let launch = &page.tracks[0].lanes[0].svg;
    assert!(
        launch.contains("<rect class=\"tl-bar\" x=\"750\" y=\"19\" width=\"250\" height=\"9\" rx=\"2\"/>"),
        "{launch}"
    );
}

#[test]
fn the_axis_carries_the_style_once_and_today_in_every_lane() {
    let site = pair();
    let page = page(&site);
    assert!(page.axis.starts_with(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"rb-timeline tl-axis\" width=\"1000\" height=\"58\""
    ));
    assert!(page.axis.contains("<style>") && page.axis.contains("<pattern id=\"rb-tl-at-risk\""));
    assert!(!page.axis_again.contains("<style>") && !page.axis_again.contains("id=\""));
    assert!(page.axis.contains(">Today 2026-11-24</text>"));
    let x = N(Layout::new(&pair()).today).to_string();
    for lane in page.tracks.iter().flat_map(|t| &t.lanes) {
        assert!(lane.svg.contains(&format!("<line class=\"tl-today\" x1=\"{x}\" y1=\"0\" x2=\"{x}\" y2=\"100%\"/>")));
        assert!(!lane.svg.contains("style"));
    }
}

#[test]
fn text_is_escaped_everywhere() {
    let mut m = milestone("rd", Track::Business, "2027-Q1");
    m.title = "R&D <beta> \"fast\" & 'cheap'".to_string();
    m.area = "Q&A <team>".to_string();
    m.tags = vec!["a&b".to_string()];
    m.gates = vec![Gate {
        date: Date::parse("2027-02-01").unwrap(),
        criteria: "<go> & \"done\"".to_string(),
        decision: GateDecision::Pending,
        written: 0,
    }];
    let mut site = site(vec![m]);
    // Slugs are safe by construction; this one is not, to show it is escaped all the same.
    site.tags = vec![Tag {
        name: "a&b".to_string(),
        slug: "a&b".to_string(),
        description: None,
        milestones: vec![0],
        objectives: Vec::new(),
        risks: Vec::new(),
    }];
    site.config.title = "Tom & <Jerry>".to_string();
    let svg = document(&site);
    let page = page(&site);
    let lanes = lane_svgs(&page);
    assert!(lanes.contains("R&amp;D &lt;beta&gt; &quot;fast&quot; &amp; &#39;cheap&#39;"));
    assert!(lanes.contains("aria-label=\"Business, Q&amp;A &lt;team&gt;: 1 milestone\""));
    assert!(lanes.contains("data-tags=\"a&amp;b\""));
    assert!(svg.contains("Timeline of Tom &amp; &lt;Jerry&gt;"));
    assert!(svg.contains("&lt;go&gt; &amp; &quot;done&quot;"));
    for text in [&svg, &lanes] {
        for (at, _) in text.match_indices('&') {
            let rest = &text[at..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].iter().any(|e| rest.starts_with(e)),
                "bare & at {rest:.20}"
            );
        }
        for bad in ["<beta>", "<team>", "<go>", "<Jerry>"] {
            assert!(!text.contains(bad), "{bad} unescaped");
        }
    }
}

#[test]
fn undated_and_off_axis_milestones_are_listed_not_drawn() {
    let mut list = pair().milestones;
    list.push(milestone("soon", Track::Technology, "next"));
    list.push(milestone("someday", Track::Business, "later"));
    list.push(milestone("limbo", Track::Business, ""));
    list.push(milestone("history", Track::Business, "2024-Q1"));
    list.push(milestone("horizon", Track::Technology, "2031-02"));
    let site = site(list);
    let page = page(&site);
    fn titles<'a>(entries: &[Entry<'a>]) -> Vec<&'a str> {
        entries.iter().map(|e| e.item.id).collect()
    }
    let columns: Vec<(&str, Vec<&str>)> = page.undated.iter().map(|c| (c.title, titles(&c.entries))).collect();
    assert_eq!(columns, vec![("Now", vec![]), ("Next", vec!["soon"]), ("Later", vec!["someday"])]);
    let apart: Vec<(&str, String, Vec<&str>)> =
        page.apart.iter().map(|g| (g.id, g.what.clone(), titles(&g.entries))).collect();
    assert_eq!(
        apart,
        vec![
            ("earlier", "due before 2026-Q2".to_string(), vec!["history"]),
            ("later", "starting after 2027-Q1".to_string(), vec!["horizon"]),
            ("unscheduled", "with neither a date nor a horizon".to_string(), vec!["limbo"]),
        ]
    );
    let svg = lane_svgs(&page);
    for id in ["soon", "someday", "limbo", "history", "horizon"] {
        assert!(!svg.contains(&format!("data-id=\"{id}\"")), "{id} is drawn");
    }
    assert!(page.summary.contains(
        "Listed under the chart: 1 due before 2026-Q2 (Earlier), 1 starting after 2027-Q1 (Later), \
         2 undated (Now, Next and Later), 1 unscheduled."
    ));
}

#[test]
fn the_table_carries_every_prerequisite() {
    let mut list = pair().milestones;
    let mut extra = milestone("extra", Track::Technology, "2026-Q3");
    extra.area = "security".to_string();
    list.push(extra);
    list[0].supported_by.push(2);
    list[1].depends_on = vec![2];
    let site = site(list);
    let page = page(&site);
    let launch = page.periods.iter().flat_map(|p| &p.rows).find(|r| r.item.id == "launch").unwrap();
    assert_eq!(
        launch.needs,
        "<ul class=\"tl-needs\"><li>Supported by <a href=\"../milestones/platform/index.html\">platform</a> \
         <span class=\"note\">critical chain</span></li><li>Supported by <a href=\"../milestones/extra/index.html\">extra</a></li></ul>"
    );
    assert_eq!(launch.depth, 2);
    let platform = page.periods.iter().flat_map(|p| &p.rows).find(|r| r.item.id == "platform").unwrap();
    assert_eq!(
        platform.needs,
        "<ul class=\"tl-needs\"><li>Depends on <a href=\"../milestones/extra/index.html\">extra</a> \
         <span class=\"note\">critical chain</span></li></ul>"
    );
    let extra = page.periods.iter().flat_map(|p| &p.rows).find(|r| r.item.id == "extra").unwrap();
    assert_eq!((extra.needs.as_str(), extra.depth), ("", 0));
}

#[test]
fn late_prerequisites_are_marked() {
    let mut list = pair().milestones;
    list[1].schedule = Schedule::Due(Due::parse("2027-Q3").unwrap());
    let svg = lane_svgs(&page(&site(list)));
    assert!(svg.contains("data-s=\"platform\" data-late=\"platform\""), "{svg}");
}

#[test]
fn statuses_carry_words_and_patterns_and_gates_are_diamonds() {
    let mut list = pair().milestones;
    list[0].status = Status::AtRisk;
    list[1].status = Status::Dropped;
    list[0].gates = vec![Gate {
        date: Date::parse("2027-01-15").unwrap(),
        criteria: "Ready".to_string(),
        decision: GateDecision::NoGo,
        written: 0,
    }];
    let site = site(list);
    let page = page(&site);
    let svg = lane_svgs(&page);
    assert!(svg.contains("class=\"tl-item tl-at-risk\""));
    assert!(svg.contains(">launch<tspan class=\"tl-flag\"> · At risk</tspan></tspan>"));
    assert!(svg.contains("<tspan class=\"tl-flag\"> · Dropped</tspan>"));
    assert!(page.axis.contains("fill:url(#rb-tl-at-risk)") && page.axis.contains("<pattern id=\"rb-tl-at-risk\""));
    assert!(svg.contains("<path class=\"tl-gate tl-gate-no-go\""));
    assert!(svg.contains("<title>Gate 2027-01-15 · No-go: Ready</title>"));
}

#[test]
fn filters_offer_every_area_status_and_tag_in_use() {
    let mut list = pair().milestones;
    list[0].tags = vec!["Growth".to_string(), "q1".to_string()];
    list[1].tags = vec!["Growth".to_string(), "idea".to_string()];
    list[1].status = Status::Blocked;
    list.push(milestone("idea", Track::Business, "2027-Q2"));
    list[2].status = Status::Proposed;
    list[2].tags = vec!["idea only".to_string()];
    let mut site = site(list);
    let tag = |name: &str, slug: &str, milestones: Vec<usize>| Tag {
        name: name.to_string(),
        slug: slug.to_string(),
        description: None,
        milestones,
        objectives: Vec::new(),
        risks: Vec::new(),
    };
    site.tags = vec![
        tag("Growth", "growth", vec![0, 1]),
        tag("idea", "idea", vec![1]),
        tag("idea only", "idea-only", vec![2]),
        tag("q1", "q1", vec![0]),
    ];
    let filters = filters(&site);
    let areas = [("general", "General"), ("scalability", "Scalability")].map(|(k, n)| (k.to_string(), n.to_string()));
    assert_eq!(filters.areas, areas);
    assert_eq!(filters.statuses.iter().map(|s| s.label).collect::<Vec<_>>(), vec!["Planned", "Blocked"]);
    assert_eq!(
        filters.tags,
        vec![("growth", "Growth"), ("idea", "idea"), ("q1", "q1")],
        "a tag only ideas carry is not offered"
    );
    assert_eq!(tag_slugs(&site, &site.milestones[1]), "growth idea");
    let lanes = lane_svgs(&page(&site));
    assert!(lanes.contains(" data-tags=\"growth q1\" ") && !lanes.contains("data-id=\"idea\""));
}

#[test]
fn output_is_deterministic() {
    assert_eq!(document(&pair()), document(&pair()));
    assert_eq!(lane_svgs(&page(&pair())), lane_svgs(&page(&pair())));
}

#[test]
fn ten_thousand_milestones_in_one_long_chain() {
    let mut list: Vec<Milestone> = (0..10_000)
        .map(|i| {
            let (track, area) = if i % 2 == 0 { (Track::Business, i % 7) } else { (Track::Technology, i % 11) };
            let mut m = milestone(&format!("m{i}"), track, &format!("{}-Q{}", 2026 + (i / 4) % 3, i % 4 + 1));
            m.area = format!("area {area}");
            m
        })
        .collect();
    for (i, m) in list.iter_mut().enumerate().skip(1) {
        m.depends_on = vec![i - 1];
    }
    let site = site(list);
    let page = page(&site);
    assert_eq!(lane_svgs(&page).matches("<a href=").count(), 10_000);
    assert_eq!(document(&site).matches("<a href=").count(), 10_000);
}
