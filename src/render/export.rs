//! Machine-readable exports: `roadmap.json` (the model, ids for references)
//! and `sitemap.xml`.

use super::Page;
use crate::model::*;
use serde::Serialize;

#[derive(Serialize)]
struct Export<'a> {
    title: &'a str,
    as_of: String,
    milestones: Vec<MilestoneExport<'a>>,
    objectives: Vec<ObjectiveExport<'a>>,
    risks: Vec<RiskExport<'a>>,
    decisions: Vec<DecisionExport<'a>>,
    narratives: Vec<NarrativeExport<'a>>,
    glossary: Vec<(&'a str, &'a str)>,
}

#[derive(Serialize)]
struct MilestoneExport<'a> {
    id: &'a str,
    title: &'a str,
    track: Track,
    area: &'a str,
    due: Option<String>,
    due_end: Option<String>,
    horizon: Option<&'static str>,
    start: Option<String>,
    status: Status,
    confidence: Option<Confidence>,
    owner: Option<&'a str>,
    objectives: Vec<&'a str>,
    supported_by: Vec<&'a str>,
    depends_on: Vec<&'a str>,
    enables: Vec<&'a str>,
    metrics: &'a [Metric],
    links: Vec<LinkExport<'a>>,
    gate: Option<GateExport<'a>>,
    url: String,
}

#[derive(Serialize)]
struct LinkExport<'a> {
    title: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct GateExport<'a> {
    date: String,
    criteria: &'a str,
    decision: GateDecision,
}

#[derive(Serialize)]
struct ObjectiveExport<'a> {
    id: &'a str,
    title: &'a str,
    period: Option<&'a str>,
    key_results: &'a [Metric],
    milestones: Vec<&'a str>,
}

#[derive(Serialize)]
struct RiskExport<'a> {
    id: &'a str,
    title: &'a str,
    likelihood: Option<Level>,
    impact: Option<Level>,
    owner: Option<&'a str>,
    status: RiskStatus,
    milestones: Vec<&'a str>,
}

#[derive(Serialize)]
struct DecisionExport<'a> {
    id: &'a str,
    date: String,
    title: &'a str,
    approved_by: Option<&'a str>,
    affects: Vec<&'a str>,
}

#[derive(Serialize)]
struct NarrativeExport<'a> {
    title: &'a str,
    kind: NarrativeKind,
    path: &'a str,
    url: String,
}

fn ids<'a>(site: &'a Site, list: &[usize]) -> Vec<&'a str> {
    list.iter().map(|&i| site.milestones[i].id.as_str()).collect()
}

fn milestone<'a>(site: &'a Site, i: usize) -> MilestoneExport<'a> {
    let m = &site.milestones[i];
    let horizon = match m.schedule {
        Schedule::Horizon(h) => Some(h.as_str()),
        _ => None,
    };
    MilestoneExport {
        id: &m.id,
        title: &m.title,
        track: m.track,
        area: &m.area,
        due: m.due().map(|d| d.to_string()),
        due_end: m.due().map(|d| d.end().to_string()),
        horizon,
        start: m.start.map(|s| s.to_string()),
        status: m.status,
        confidence: m.confidence,
        owner: m.owner.as_deref(),
        objectives: m.objectives.iter().map(|&o| site.objectives[o].id.as_str()).collect(),
        supported_by: ids(site, &m.supported_by),
        depends_on: ids(site, &m.depends_on),
        enables: ids(site, &site.relations.enables[i]),
        metrics: &m.metrics,
        links: m
            .links
            .iter()
            .map(|l| LinkExport {
                title: &l.title,
                url: match &l.target {
                    LinkTarget::Url(u) | LinkTarget::Page(u) => u,
                },
            })
            .collect(),
        gate: m.gate.as_ref().map(|g| GateExport {
            date: g.date.to_string(),
            criteria: &g.criteria,
            decision: g.decision,
        }),
        url: super::context::milestone_href(&m.id),
    }
}

/// The whole model as pretty JSON.
pub fn roadmap_json(site: &Site) -> Vec<u8> {
    let export = Export {
        title: &site.config.title,
        as_of: site.config.as_of.to_string(),
        milestones: (0..site.milestones.len()).map(|i| milestone(site, i)).collect(),
        objectives: site
            .objectives
            .iter()
            .enumerate()
            .map(|(i, o)| ObjectiveExport {
                id: &o.id,
                title: &o.title,
                period: o.period.as_deref(),
                key_results: &o.key_results,
                milestones: ids(site, &site.relations.objective_milestones[i]),
            })
            .collect(),
        risks: site
            .risks
            .iter()
            .map(|r| RiskExport {
                id: &r.id,
                title: &r.title,
                likelihood: r.likelihood,
                impact: r.impact,
                owner: r.owner.as_deref(),
                status: r.status,
                milestones: ids(site, &r.milestones),
            })
            .collect(),
        decisions: site
            .decisions
            .iter()
            .map(|d| DecisionExport {
                id: &d.id,
                date: d.date.to_string(),
                title: &d.title,
                approved_by: d.approved_by.as_deref(),
                affects: ids(site, &d.affects),
            })
            .collect(),
        narratives: site
            .narratives
            .iter()
            .filter(|n| !n.draft)
            .map(|n| NarrativeExport {
                title: &n.title,
                kind: n.kind,
                path: &n.content_path,
                url: format!("{}index.html", n.url),
            })
            .collect(),
        glossary: site.glossary.iter().map(|t| (t.term.as_str(), t.definition.as_str())).collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&export).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// `sitemap.xml` listing every HTML page but the 404, under the base URL.
pub fn sitemap(site: &Site, pages: &[Page]) -> Vec<u8> {
    let base = &site.config.base_url;
    let mut paths: Vec<&str> =
        pages.iter().map(|p| p.path.as_str()).filter(|p| p.ends_with(".html") && *p != "404.html").collect();
    paths.sort_unstable();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in paths {
        let path = path.strip_suffix("index.html").unwrap_or(path);
        xml.push_str("  <url><loc>");
        xml.push_str(&escape_xml(&format!("{base}{path}")));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    xml.into_bytes()
}

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
