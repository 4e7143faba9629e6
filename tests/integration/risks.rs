//! The risk register reads by severity (issue 15, point 6): open and
//! escalated risks first, highest severity first, then by likelihood, impact
//! and title; mitigated and closed risks after them in their own group, muted
//! and labelled in words. Exact fragments of the built pages.

use crate::harness::Site;

/// Risks written in no useful order, with every case the order tells apart.
const RISKS: &str = r#"[[milestone]]
id = "launch"
title = "Launch"
track = "business"
due = "2027-Q1"

[[risk]]
id = "low-low"
title = "Low and low"
likelihood = "low"
impact = "low"
milestones = ["launch"]

[[risk]]
id = "settled-high"
title = "Mitigated high"
likelihood = "high"
impact = "high"
status = "mitigated"
milestones = ["launch"]

[[risk]]
id = "unrated"
title = "Not rated yet"

[[risk]]
id = "med-high"
title = "medium likelihood, high impact"
likelihood = "medium"
impact = "high"
milestones = ["launch"]

[[risk]]
id = "high-med"
title = "High likelihood, medium impact"
likelihood = "high"
impact = "medium"
status = "escalated"

[[risk]]
id = "closed-low"
title = "Closed long ago"
likelihood = "low"
impact = "medium"
status = "closed"

[[risk]]
id = "high-high"
title = "High and high"
likelihood = "high"
impact = "high"

[[risk]]
id = "low-high"
title = "Low likelihood, high impact"
likelihood = "low"
impact = "high"

[[risk]]
id = "med-med"
title = "Medium and medium"
likelihood = "medium"
impact = "medium"
"#;

fn site() -> Site {
    Site::new()
        .file("roadbook.toml", "title = \"Risky\"\nas_of = \"2026-11-24\"\n")
        .file("content/roadmap/main.toml", RISKS)
}

/// Each risk of a group as the register shows it: its anchor, whether muted, and its meta line.
fn entries(section: &str) -> Vec<String> {
    section
        .split("<article class=\"risk")
        .skip(1)
        .map(|a| {
            let head = a.split("</p>").next().unwrap();
            let muted = if head.starts_with(" settled\"") { "muted " } else { "" };
            let id = head.split("id=\"risk-").nth(1).unwrap().split('"').next().unwrap();
            let meta = head.split("<p class=\"meta\">").nth(1).unwrap();
            format!("{muted}{id}: {meta}")
        })
        .collect()
}

fn meta(status: &str, label: &str, severity: Option<&str>, likelihood: &str, impact: &str) -> String {
    let severity = severity.map_or(String::new(), |s| {
        let word = format!("{}{}", s[..1].to_uppercase(), &s[1..]);
        format!(" <span class=\"severity severity-{s}\">{word} severity</span>")
    });
    format!(
        "<span class=\"risk-status risk-{status}\">{label}</span>{severity} \
         <span class=\"level\"><span class=\"k\">Likelihood</span> {likelihood}</span> \
         <span class=\"level\"><span class=\"k\">Impact</span> {impact}</span>"
    )
}

#[test]
fn the_register_lists_open_risks_by_severity_then_the_settled_ones_muted() {
    let site = site();
    site.build().success();
    let page = site.output("risks/index.html");
    let from = page.find("<section class=\"register\"").expect("the open group");
    let to = page.find("<section class=\"register register-settled\"").expect("the settled group");
    let (open, settled) = (&page[from..to], &page[to..]);
    assert!(open.starts_with(
        "<section class=\"register\" id=\"open-risks\" aria-labelledby=\"register-open\">\n  \
         <h2 id=\"register-open\">Open risks <span class=\"note\">7</span></h2>"
    ));
    let open_expected = [
        format!("high-high: {}", meta("open", "Open", Some("high"), "high", "high")),
        format!("high-med: {}", meta("escalated", "Escalated", Some("high"), "high", "medium")),
        format!("med-high: {}", meta("open", "Open", Some("high"), "medium", "high")),
        format!("med-med: {}", meta("open", "Open", Some("medium"), "medium", "medium")),
        format!("low-high: {}", meta("open", "Open", Some("medium"), "low", "high")),
        format!("low-low: {}", meta("open", "Open", Some("low"), "low", "low")),
        format!("unrated: {}", meta("open", "Open", None, "unrated", "unrated")),
    ];
    assert_eq!(entries(open), open_expected);
    assert!(settled.starts_with(
        "<section class=\"register register-settled\" id=\"settled-risks\" aria-labelledby=\"register-settled\">\n  \
         <h2 id=\"register-settled\">Mitigated and closed <span class=\"note\">2</span></h2>"
    ));
    let settled_expected = [
        format!("muted settled-high: {}", meta("mitigated", "Mitigated", Some("high"), "high", "high")),
        format!("muted closed-low: {}", meta("closed", "Closed", Some("low"), "low", "medium")),
    ];
    assert_eq!(entries(settled), settled_expected);
}

/// In the matrix a mitigated risk says so in words; a closed one is not in it.
/// A milestone's page lists its risks in the register's order, settled ones muted.
#[test]
fn the_matrix_and_milestone_pages_mark_mitigated_risks_in_words() {
    let site = site();
    site.build().success();
    let page = site.output("risks/index.html");
    let high_row =
        page.split("<tr><th scope=\"row\">High likelihood</th>").nth(1).unwrap().split("</tr>").next().unwrap();
    assert_eq!(
        high_row,
        "<td class=\"sev-medium\"><span class=\"visually-hidden\">Medium severity: </span><span class=\"empty\">–</span></td>\
         <td class=\"sev-high\"><span class=\"visually-hidden\">High severity: </span><ul>\
         <li><a href=\"#risk-high-med\">High likelihood, medium impact</a></li></ul></td>\
         <td class=\"sev-high\"><span class=\"visually-hidden\">High severity: </span><ul>\
         <li><a href=\"#risk-high-high\">High and high</a></li>\
         <li class=\"settled\"><a href=\"#risk-settled-high\">Mitigated high</a> <span class=\"settled-word\">(mitigated)</span></li></ul></td>"
    );
    assert!(!page.contains("<a href=\"#risk-closed-low\">"), "a closed risk is not in the matrix");
    let milestone = site.output("milestones/launch/index.html");
    let titles: Vec<&str> = milestone
        .split("<ul class=\"refs risk-list\">")
        .nth(1)
        .unwrap()
        .split("</ul>")
        .next()
        .unwrap()
        .split("<li")
        .skip(1)
        .map(|li| li.split("</a>").next().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "><a href=\"../../risks/index.html#risk-med-high\">medium likelihood, high impact",
            "><a href=\"../../risks/index.html#risk-low-low\">Low and low",
            " class=\"settled\"><a href=\"../../risks/index.html#risk-settled-high\">Mitigated high",
        ]
    );
}

/// With no open risk the register says so, and no settled group is shown when there is none.
#[test]
fn an_empty_group_says_so_or_is_left_out() {
    let site = Site::new()
        .file("roadbook.toml", "title = \"Calm\"\nas_of = \"2026-11-24\"\n")
        .file("content/roadmap/main.toml", "[[risk]]\nid = \"done\"\ntitle = \"Done\"\nstatus = \"closed\"\n");
    site.build().success();
    let page = site.output("risks/index.html");
    assert!(page.contains("<h2 id=\"register-open\">Open risks <span class=\"note\">0</span></h2>\n  <p class=\"section-note\">Open and escalated risks, highest severity first, then by likelihood and impact.</p>\n  <p class=\"empty\">No open risk.</p>\n</section>"), "{page}");
    let calm = Site::new()
        .file("roadbook.toml", "title = \"Calm\"\nas_of = \"2026-11-24\"\n")
        .file("content/roadmap/main.toml", "[[risk]]\nid = \"r\"\ntitle = \"R\"\n");
    calm.build().success();
    assert!(!calm.output("risks/index.html").contains("register-settled"));
}
