//! Raw content structs: roadmap TOML tables and narrative front matter as
//! written, with the byte span of every value. No checks beyond the shape
//! (`deny_unknown_fields`); `validate` turns these into the model.

use serde::Deserialize;
use toml::Spanned;

/// A string value with its span.
pub type Str = Spanned<String>;

/// `[[milestone]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMilestone {
    pub id: Str,
    /// The item's id in the system it was imported from (`PAY-123`); what `import --update` matches on.
    pub key: Option<Str>,
    pub title: Str,
    pub track: Str,
    pub area: Option<Str>,
    pub due: Option<Str>,
    pub horizon: Option<Str>,
    pub start: Option<Str>,
    pub status: Option<Str>,
    pub confidence: Option<Str>,
    pub owner: Option<Str>,
    pub customer_need: Option<Str>,
    pub summary: Option<Str>,
    pub description: Option<Str>,
    #[serde(default)]
    pub objectives: Vec<Str>,
    #[serde(default)]
    pub supported_by: Vec<Str>,
    #[serde(default)]
    pub depends_on: Vec<Str>,
    pub narrative: Option<Str>,
    pub audiences: Option<Vec<Str>>,
    #[serde(default)]
    pub metric: Vec<RawMetric>,
    #[serde(default)]
    pub link: Vec<Spanned<RawLink>>,
    pub gate: Option<Spanned<RawGate>>,
    #[serde(default)]
    pub tags: Vec<Str>,
}

/// `[[milestone.metric]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMetric {
    pub name: Str,
    pub baseline: Option<Str>,
    pub target: Option<Str>,
    pub current: Option<Str>,
}

/// `[[objective.key_result]]`: like a metric, but titled.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawKeyResult {
    pub title: Str,
    pub baseline: Option<Str>,
    pub target: Option<Str>,
    pub current: Option<Str>,
}

/// `[[milestone.link]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLink {
    pub title: Str,
    pub url: Option<Str>,
    pub path: Option<Str>,
}

/// `[milestone.gate]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGate {
    pub date: Str,
    pub criteria: Str,
    pub decision: Option<Str>,
}

/// `[[objective]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawObjective {
    pub id: Str,
    pub title: Str,
    pub period: Option<Str>,
    #[serde(default)]
    pub key_result: Vec<RawKeyResult>,
}

/// `[[risk]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRisk {
    pub id: Str,
    pub title: Str,
    pub likelihood: Option<Str>,
    pub impact: Option<Str>,
    pub mitigation: Option<Str>,
    pub owner: Option<Str>,
    pub status: Option<Str>,
    #[serde(default)]
    pub milestones: Vec<Str>,
    pub audiences: Option<Vec<Str>>,
}

/// `[[decision]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDecision {
    pub id: Str,
    pub date: Str,
    pub title: Str,
    pub rationale: Option<Str>,
    #[serde(default)]
    pub affects: Vec<Str>,
    pub approved_by: Option<Str>,
    pub audiences: Option<Vec<Str>>,
}

/// `[[term]]` in `content/glossary.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTerm {
    pub term: Str,
    pub definition: Str,
}

/// The `+++` front matter of a narrative.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFrontMatter {
    pub title: Option<Str>,
    pub kind: Option<Str>,
    pub date: Option<Str>,
    #[serde(default)]
    pub authors: Vec<Str>,
    pub weight: Option<Spanned<i64>>,
    pub audiences: Option<Vec<Str>>,
    pub draft: Option<Spanned<bool>>,
}
