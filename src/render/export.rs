//! Machine-readable exports: `roadmap.json` (the model, ids for references)
//! and `sitemap.xml`.

use crate::model::*;
use serde::Serialize;

#[derive(Serialize)]
struct Export<'a> {
    title: &'a str,
    as_of: String,
    /// The audience this build is for (`--audience`); null for the full site.
    audience: Option<&'a str>,
    milestones: Vec<MilestoneExport<'a>>,
    objectives: Vec<ObjectiveExport<'a>>,
    risks: Vec<RiskExport<'a>>,
    decisions: Vec<DecisionExport<'a>>,
    releases: Vec<ReleaseExport<'a>>,
    narratives: Vec<NarrativeExport<'a>>,
    glossary: Vec<(&'a str, &'a str)>,
    /// Every tag an item of this build carries, by name, and the ids of what carries it.
    tags: Vec<TagExport<'a>>,
}

#[derive(Serialize)]
struct TagExport<'a> {
    name: &'a str,
    description: Option<&'a str>,
    url: String,
    milestones: Vec<&'a str>,
    objectives: Vec<&'a str>,
    risks: Vec<&'a str>,
}

#[derive(Serialize)]
struct MilestoneExport<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<&'a str>,
    title: &'a str,
    track: Track,
    area: &'a str,
    due: Option<String>,
    due_end: Option<String>,
    horizon: Option<&'static str>,
    /// The id of the release it ships in.
    release: Option<&'a str>,
    start: Option<String>,
    /// Its place among the milestones of its period: lower first, before those without one.
    weight: Option<i64>,
    status: Status,
    confidence: Option<Confidence>,
    owner: Option<&'a str>,
    tags: &'a [String],
    objectives: Vec<&'a str>,
    supported_by: Vec<&'a str>,
    depends_on: Vec<&'a str>,
    enables: Vec<&'a str>,
    impact: ImpactExport<'a>,
    metrics: &'a [Metric],
    links: Vec<LinkExport<'a>>,
    gates: Vec<GateExport<'a>>,
    url: String,
}

/// What a slip of this milestone would move: the nearest `impact::LISTED` of
/// each kind and how many there are in all, so the file stays linear in the
/// roadmap (every id of a 4,000-long chain's impact made 154 MB).
#[derive(Serialize)]
struct ImpactExport<'a> {
    milestones: Vec<&'a str>,
    milestone_count: usize,
    gates: Vec<&'a str>,
    gate_count: usize,
    objectives: Vec<&'a str>,
    objective_count: usize,
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

impl<'a> GateExport<'a> {
    fn new(g: &'a Gate) -> Self {
        GateExport { date: g.date.to_string(), criteria: &g.criteria, decision: g.decision }
    }
}

#[derive(Serialize)]
struct ObjectiveExport<'a> {
    id: &'a str,
    title: &'a str,
    period: Option<String>,
    /// The last day of the period.
    period_end: Option<String>,
    key_results: &'a [Metric],
    /// `on-track`, `at-risk`, `off-track`, `achieved` or `not-planned` (`objective_health`).
    health: Health,
    /// Why, in words, worst first (empty when on track or achieved).
    health_reasons: Vec<String>,
    milestones: Vec<&'a str>,
    tags: &'a [String],
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
    tags: &'a [String],
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
struct ReleaseExport<'a> {
    id: &'a str,
    title: &'a str,
    date: String,
    date_end: String,
    gates: Vec<GateExport<'a>>,
    /// The milestones that ship in it.
    milestones: Vec<&'a str>,
    url: String,
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

fn impact(site: &Site, i: usize) -> ImpactExport<'_> {
    use crate::impact::listed;
    let impact = crate::impact::impact(site, i);
    ImpactExport {
        milestones: ids(site, listed(&impact.milestones)),
        milestone_count: impact.milestones.len(),
        gates: ids(site, listed(&impact.gates)),
        gate_count: impact.gates.len(),
        objectives: listed(&impact.objectives).iter().map(|&o| site.objectives[o].id.as_str()).collect(),
        objective_count: impact.objectives.len(),
    }
}

fn milestone<'a>(site: &'a Site, i: usize) -> MilestoneExport<'a> {
    let m = &site.milestones[i];
    let horizon = m.horizon().map(Horizon::as_str);
    MilestoneExport {
        id: &m.id,
        key: m.key.as_deref(),
        title: &m.title,
        track: m.track,
        area: &m.area,
        due: m.due().map(|d| d.to_string()),
        due_end: m.due().map(|d| d.end().to_string()),
        horizon,
        release: m.release.and_then(|k| site.releases.get(k)).map(|r| r.id.as_str()),
        start: m.start.map(|s| s.to_string()),
        weight: m.weight,
        status: m.status,
        confidence: m.confidence,
        owner: m.owner.as_deref(),
        tags: &m.tags,
        objectives: m.objectives.iter().map(|&o| site.objectives[o].id.as_str()).collect(),
        supported_by: ids(site, &m.supported_by),
        depends_on: ids(site, &m.depends_on),
        enables: ids(site, &site.relations.enables[i]),
        impact: impact(site, i),
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
        gates: m.gates.iter().map(GateExport::new).collect(),
        url: super::context::milestone_href(&m.id),
    }
}

/// The whole model as pretty JSON.
pub(crate) fn roadmap_json(site: &Site) -> Result<Vec<u8>, serde_json::Error> {
    let export = Export {
        title: &site.config.title,
        as_of: site.config.as_of.to_string(),
        audience: site.config.audience.as_ref().map(|(name, _)| name.as_str()),
        milestones: (0..site.milestones.len()).map(|i| milestone(site, i)).collect(),
        objectives: site
            .objectives
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let health = super::context::objective_health(site, i);
                ObjectiveExport {
                    id: &o.id,
                    title: &o.title,
                    period: o.period.map(|p| p.to_string()),
                    period_end: o.period.map(|p| p.end().to_string()),
                    key_results: &o.key_results,
                    health: health.health,
                    health_reasons: health.reasons,
                    milestones: ids(site, &site.relations.objective_milestones[i]),
                    tags: &o.tags,
                }
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
                tags: &r.tags,
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
        releases: super::releases::in_order(site)
            .into_iter()
            .map(|k| {
                let r = &site.releases[k];
                ReleaseExport {
                    id: &r.id,
                    title: &r.title,
                    date: r.date.to_string(),
                    date_end: r.date.end().to_string(),
                    gates: r.gates.iter().map(GateExport::new).collect(),
                    milestones: ids(site, &site.relations.release_milestones[k]),
                    url: release_href(&r.id),
                }
            })
            .collect(),
        narratives: site
            .narratives
            .iter()
            .map(|n| NarrativeExport {
                title: &n.title,
                kind: n.kind,
                path: &n.content_path,
                url: narrative_href(&n.url),
            })
            .collect(),
        glossary: site.glossary.iter().map(|t| (t.term.as_str(), t.definition.as_str())).collect(),
        tags: site
            .tags
            .iter()
            .map(|t| TagExport {
                name: &t.name,
                description: t.description.as_deref(),
                url: tag_href(&t.slug),
                milestones: ids(site, &t.milestones),
                objectives: t.objectives.iter().map(|&o| site.objectives[o].id.as_str()).collect(),
                risks: t.risks.iter().map(|&r| site.risks[r].id.as_str()).collect(),
            })
            .collect(),
    };
    pretty_json(&export)
}

/// A value as pretty JSON and a final newline.
fn pretty_json(value: &impl Serialize) -> Result<Vec<u8>, serde_json::Error> {
    let mut bytes = serde_json::to_vec_pretty(value)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// `sitemap.xml` listing every HTML page under the base URL but those a search
/// engine has no use for: the 404 and the search page.
pub(crate) fn sitemap(site: &Site, paths: &[String]) -> Vec<u8> {
    let base = &site.config.base_url;
    let search = Section::Search.href();
    let listed = |p: &&str| p.ends_with(".html") && *p != NOT_FOUND_PAGE && *p != search;
    let mut paths: Vec<&str> = paths.iter().map(String::as_str).filter(listed).collect();
    paths.sort_unstable();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in paths {
        let path = path.strip_suffix("index.html").unwrap_or(path);
        xml.push_str("  <url><loc>");
        xml.push_str(&crate::escape::html(&format!("{base}{}", url_path(path))));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    xml.into_bytes()
}

/// `milestones.csv`: one row per milestone (RFC 4180: CRLF, quoted where needed,
/// cells that could be formulas neutralised).
pub(crate) fn milestones_csv(site: &Site) -> Vec<u8> {
    let header = [
        "id",
        "title",
        "track",
        "area",
        "due",
        "due_end",
        "horizon",
        "release",
        "start",
        "status",
        "confidence",
        "owner",
        "tags",
        "objectives",
        "supported_by",
        "depends_on",
        "enables",
        "gate_date",
        "gate_decision",
        "metrics",
        "url",
    ];
    let mut out = String::new();
    push_csv_row(&mut out, header.iter().map(|h| h.to_string()));
    for (i, m) in site.milestones.iter().enumerate() {
        let join = |list: &[usize]| list.iter().map(|&j| site.milestones[j].id.as_str()).collect::<Vec<_>>().join(" ");
        let metrics = m
            .metrics
            .iter()
            .map(|x| format!("{}: {}", x.name, x.target.as_deref().unwrap_or("")))
            .collect::<Vec<_>>()
            .join("; ");
        let row = [
            m.id.clone(),
            crate::escape::title_plain(&m.title).into_owned(),
            m.track.as_str().to_string(),
            m.area.clone(),
            m.due().map(|d| d.to_string()).unwrap_or_default(),
            m.due().map(|d| d.end().to_string()).unwrap_or_default(),
            m.horizon().map(|h| h.as_str().to_string()).unwrap_or_default(),
            m.release.and_then(|k| site.releases.get(k)).map(|r| r.id.clone()).unwrap_or_default(),
            m.start.map(|s| s.to_string()).unwrap_or_default(),
            m.status.as_str().to_string(),
            m.confidence.map(|c| c.as_str().to_string()).unwrap_or_default(),
            m.owner.clone().unwrap_or_default(),
            m.tags.join("; "),
            m.objectives.iter().map(|&o| site.objectives[o].id.as_str()).collect::<Vec<_>>().join(" "),
            join(&m.supported_by),
            join(&m.depends_on),
            join(&site.relations.enables[i]),
            m.gates.iter().map(|g| g.date.to_string()).collect::<Vec<_>>().join(" "),
            m.gates.iter().map(|g| g.decision.as_str()).collect::<Vec<_>>().join(" "),
            metrics,
            super::context::milestone_href(&m.id),
        ];
        push_csv_row(&mut out, row.into_iter());
    }
    out.into_bytes()
}

/// A cell a spreadsheet would read as a formula (`= + - @`, a tab or a carriage
/// return first) gets a leading `'`, as OWASP advises against CSV injection; a
/// spreadsheet then shows the text as it was written.
fn neutralise_formula(field: String) -> String {
    match field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        true => format!("'{field}"),
        false => field,
    }
}

fn push_csv_row(out: &mut String, fields: impl Iterator<Item = String>) {
    for (n, field) in fields.enumerate() {
        if n > 0 {
            out.push(',');
        }
        let field = neutralise_formula(field);
        if field.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&field);
        }
    }
    out.push_str("\r\n");
}

/// `roadmap.ics`: each dated milestone, each release and each gate as an all-day event (RFC 5545).
/// A proposed milestone's date is a hint, not a commitment, so it gets no event (its gate, a
/// real decision, does).
pub(crate) fn calendar(site: &Site) -> Vec<u8> {
    let stamp = format!("{}T000000Z", compact(site.config.as_of));
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//roadbook//roadmap//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        format!("X-WR-CALNAME:{}", ics_text(&site.config.title)),
    ];
    let domain = calendar_domain(&site.config.title, &site.config.base_url);
    for m in &site.milestones {
        let base = &site.config.base_url;
        let url = match base.starts_with("http") {
            true => format!(" {base}{}", super::context::milestone_href(&m.id)),
            false => String::new(),
        };
        if let Some(due) = m.due().filter(|_| !m.status.is_proposed()) {
            let summary =
                format!("{} ({}, {})", crate::escape::title_plain(&m.title), m.track.as_str(), m.status.label());
            let description = format!("Due {due}. Status: {}.{url}", m.status.label());
            event(&mut lines, &format!("milestone-{}@{domain}", m.id), &stamp, due.end(), &summary, &description);
        }
        for g in &m.gates {
            let summary = format!("Gate: {}", crate::escape::title_plain(&m.title));
            let description = format!("Criteria: {}. Decision: {}.{url}", g.criteria, g.decision.as_str());
            event(
                &mut lines,
                &format!("{}@{domain}", gate_uid(&format!("gate-{}", m.id), g)),
                &stamp,
                g.date,
                &summary,
                &description,
            );
        }
    }
    for k in super::releases::in_order(site) {
        release_events(site, k, &mut lines, (&stamp, &domain));
    }
    lines.push("END:VCALENDAR".to_string());
    let mut out = String::new();
    for line in lines {
        fold(&mut out, &line);
    }
    out.into_bytes()
}

/// Release `k` on its date (the end of its period), and each of its gates.
fn release_events(site: &Site, k: usize, lines: &mut Vec<String>, (stamp, domain): (&str, &str)) {
    let r = &site.releases[k];
    let base = &site.config.base_url;
    let url = match base.starts_with("http") {
        true => format!(" {base}{}", release_href(&r.id)),
        false => String::new(),
    };
    let shipping = site.relations.release_milestones[k].len();
    let summary = format!("Release {}", crate::escape::title_plain(&r.title));
    let description = format!("Ships {}: {shipping} milestone{}.{url}", r.date, if shipping == 1 { "" } else { "s" });
    event(lines, &format!("release-{}@{domain}", r.id), stamp, r.date.end(), &summary, &description);
    for g in &r.gates {
        let summary = format!("Release gate: {}", crate::escape::title_plain(&r.title));
        let description = format!("Criteria: {}. Decision: {}.{url}", g.criteria, g.decision.as_str());
        event(
            lines,
            &format!("{}@{domain}", gate_uid(&format!("release-{}.gate", r.id), g)),
            stamp,
            g.date,
            &summary,
            &description,
        );
    }
}

/// The right-hand side of every UID, so two roadmaps in one calendar do not collide: a slug of
/// an absolute `base_url` without its scheme (`example-com-roadmap.roadbook`), else of the title
/// and the base path (`northwind-ledger-roadmap.roadbook`); `roadbook` when nothing is left.
fn calendar_domain(title: &str, base: &str) -> String {
    let absolute = base.strip_prefix("https://").or_else(|| base.strip_prefix("http://"));
    let source = absolute.map_or_else(|| format!("{title} {base}"), str::to_string);
    let mut slug = String::new();
    for c in source.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    match slug.trim_end_matches('-') {
        "" => "roadbook".to_string(),
        slug => format!("{slug}.roadbook"),
    }
}

fn event(lines: &mut Vec<String>, uid: &str, stamp: &str, date: Date, summary: &str, description: &str) {
    let next = Date::from_days(date.days() + 1);
    lines.extend([
        "BEGIN:VEVENT".to_string(),
        format!("UID:{uid}"),
        format!("DTSTAMP:{stamp}"),
        format!("DTSTART;VALUE=DATE:{}", compact(date)),
        format!("DTEND;VALUE=DATE:{}", compact(next)),
        format!("SUMMARY:{}", ics_text(summary)),
        format!("DESCRIPTION:{}", ics_text(description)),
        "TRANSP:TRANSPARENT".to_string(),
        "END:VEVENT".to_string(),
    ]);
}

/// The left-hand side of a gate's UID: `base` (`gate-ID`, `release-ID.gate`) for the first gate
/// written, `base.2` for the second and so on, so a gate keeps its UID when it moves or when
/// another is added after it. Ids have no `.`, so no two UIDs of a calendar are alike.
fn gate_uid(base: &str, g: &Gate) -> String {
    match g.written {
        0 => base.to_string(),
        n => format!("{base}.{}", n + 1),
    }
}

fn compact(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// Escapes TEXT values: backslash, semicolon, comma and newlines.
fn ics_text(text: &str) -> String {
    text.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace("\r\n", "\\n").replace('\n', "\\n")
}

/// Writes a content line folded at 75 octets (never inside a UTF-8 character), CRLF-terminated.
fn fold(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_that_cannot_be_written_is_an_error_not_an_empty_file() {
        struct Unwritable;
        impl Serialize for Unwritable {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("refused"))
            }
        }
        assert_eq!(pretty_json(&Unwritable).unwrap_err().to_string(), "refused");
        assert_eq!(pretty_json(&[1]).unwrap(), b"[\n  1\n]\n");
    }

    #[test]
    fn csv_quotes_only_when_needed() {
        let mut out = String::new();
        push_csv_row(&mut out, ["a".to_string(), "b,c".to_string(), "say \"hi\"".to_string()].into_iter());
        assert_eq!(out, "a,\"b,c\",\"say \"\"hi\"\"\"\r\n");
    }

    #[test]
    fn csv_neutralises_cells_that_start_like_formulas() {
        let cells = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "a=b", "ok"];
        let mut out = String::new();
        push_csv_row(&mut out, cells.iter().map(|c| c.to_string()));
        assert_eq!(out, "'=1+1,'+1,'-1,'@SUM(A1),'\tx,\"'\rx\",a=b,ok\r\n");
    }

    #[test]
    fn calendar_domains_are_slugs_of_the_base_url_or_the_title() {
        let domain = calendar_domain;
        assert_eq!(domain("Ledger", "https://Example.com/road_map/"), "example-com-road-map.roadbook");
        assert_eq!(domain("Ledger", "http://example.com"), "example-com.roadbook");
        assert_eq!(domain("Northwind Ledger: 2027!", "/"), "northwind-ledger-2027.roadbook");
        assert_eq!(domain("Ledger", "/teams/pay/"), "ledger-teams-pay.roadbook");
        assert_eq!(domain("Ünïcode Plan", "/"), "ünïcode-plan.roadbook");
        assert_eq!(domain("!!!", "/"), "roadbook");
    }

    #[test]
    fn ics_lines_fold_at_75_octets() {
        let mut out = String::new();
        fold(&mut out, &"é".repeat(60));
        for line in out.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        assert_eq!(out.replace("\r\n ", ""), format!("{}\r\n", "é".repeat(60)));
    }
}
