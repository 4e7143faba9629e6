//! Raw content structs: roadmap TOML tables and narrative front matter as
//! written, with the byte span of every value. No checks beyond the shape
//! (`deny_unknown_fields`); `validate` turns these into the model.

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use toml::Spanned;

/// A string value with its span.
pub(crate) type Str = Spanned<String>;

/// `[[milestone]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMilestone {
    pub(crate) id: Str,
    /// The item's id in the system it was imported from (`PAY-123`); what `import --update` matches on.
    pub(crate) key: Option<Str>,
    pub(crate) title: Str,
    pub(crate) track: Str,
    pub(crate) area: Option<Str>,
    pub(crate) due: Option<Str>,
    pub(crate) horizon: Option<Str>,
    /// The id of the `[[release]]` it ships in. Without `due`, the milestone is due on the release's
    /// date; with `due`, `due` is its date and should not be after the release's.
    pub(crate) release: Option<Str>,
    pub(crate) start: Option<Str>,
    pub(crate) status: Option<Str>,
    pub(crate) confidence: Option<Str>,
    pub(crate) owner: Option<Str>,
    pub(crate) customer_need: Option<Str>,
    pub(crate) summary: Option<Str>,
    pub(crate) description: Option<Str>,
    #[serde(default)]
    pub(crate) objectives: Vec<Str>,
    #[serde(default)]
    pub(crate) supported_by: Vec<Str>,
    #[serde(default)]
    pub(crate) depends_on: Vec<Str>,
    pub(crate) narrative: Option<Str>,
    pub(crate) audiences: Option<Vec<Str>>,
    #[serde(default)]
    pub(crate) metric: Vec<RawMetric>,
    #[serde(default)]
    pub(crate) link: Vec<Spanned<RawLink>>,
    /// Stage gates: one `[milestone.gate]` table, or several `[[milestone.gate]]`.
    #[serde(default)]
    pub(crate) gate: Gates,
    /// Labels (`["help wanted", "beta"]`): shown as chips linking to each tag's page, and a filter of the views.
    #[serde(default)]
    pub(crate) tags: Vec<Str>,
    /// Warning codes silenced for this item only (`allow = ["missing-metric"]`).
    #[serde(default)]
    pub(crate) allow: Vec<Str>,
}

/// `[[milestone.metric]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMetric {
    pub(crate) name: Str,
    pub(crate) baseline: Option<Str>,
    pub(crate) target: Option<Str>,
    pub(crate) current: Option<Str>,
}

/// `[[objective.key_result]]`: like a metric, but titled.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawKeyResult {
    pub(crate) title: Str,
    pub(crate) baseline: Option<Str>,
    pub(crate) target: Option<Str>,
    pub(crate) current: Option<Str>,
}

/// `[[milestone.link]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLink {
    pub(crate) title: Str,
    pub(crate) url: Option<Str>,
    pub(crate) path: Option<Str>,
}

/// A stage gate: `[milestone.gate]`, one of several `[[milestone.gate]]`, or the same under `[[release]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawGate {
    /// The day of the go / no-go review, written `YYYY-MM-DD`.
    pub(crate) date: Str,
    /// What must be true to pass the gate.
    pub(crate) criteria: Str,
    /// `pending` (the default), `go` or `no-go`.
    pub(crate) decision: Option<Str>,
}

/// An item's gates as written: one table (`[milestone.gate]`) or an array of
/// tables (`[[milestone.gate]]`), in the order written. Empty when there is none.
#[derive(Debug, Clone, Default)]
pub(crate) struct Gates(pub(crate) Vec<RawGate>);

impl<'de> Deserialize<'de> for Gates {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Gates, D::Error> {
        deserializer.deserialize_any(GatesVisitor)
    }
}

/// Reads a gate table as one gate, an array as several.
struct GatesVisitor;

impl<'de> Visitor<'de> for GatesVisitor {
    type Value = Gates;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a gate table (`[milestone.gate]`) or an array of them (`[[milestone.gate]]`)")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Gates, A::Error> {
        RawGate::deserialize(de::value::MapAccessDeserializer::new(map)).map(|gate| Gates(vec![gate]))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Gates, A::Error> {
        let mut gates = Vec::new();
        while let Some(gate) = seq.next_element()? {
            gates.push(gate);
        }
        Ok(Gates(gates))
    }
}

/// `[[release]]`: a version that milestones ship in (`release = "ID"` on a milestone).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRelease {
    /// What milestones name in `release`: lowercase letters, digits and `-` (`v1-37`).
    pub(crate) id: Str,
    /// Its name as shown (`v1.37`).
    pub(crate) title: Str,
    /// When it ships, written as a milestone's `due` (`2027-Q2`, `2027-06`, `2027-06-15`); the
    /// milestones that ship in it without a `due` of their own are due then.
    pub(crate) date: Str,
    /// What the release brings, in Markdown.
    pub(crate) description: Option<Str>,
    /// Release-wide gates (freezes, reviews), shown on every milestone that ships in it:
    /// one `[release.gate]` table, or several `[[release.gate]]`.
    #[serde(default)]
    pub(crate) gate: Gates,
    /// Warning codes silenced for this item only (`allow = ["overdue-gate"]`).
    #[serde(default)]
    pub(crate) allow: Vec<Str>,
}

/// `[[objective]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawObjective {
    pub(crate) id: Str,
    pub(crate) title: Str,
    pub(crate) period: Option<Str>,
    #[serde(default)]
    pub(crate) key_result: Vec<RawKeyResult>,
    /// Labels (`["help wanted", "beta"]`): shown as chips linking to each tag's page, and a filter of the views.
    #[serde(default)]
    pub(crate) tags: Vec<Str>,
    /// Warning codes silenced for this item only (`allow = ["missing-metric"]`).
    #[serde(default)]
    pub(crate) allow: Vec<Str>,
}

/// `[[risk]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRisk {
    pub(crate) id: Str,
    pub(crate) title: Str,
    pub(crate) likelihood: Option<Str>,
    pub(crate) impact: Option<Str>,
    pub(crate) mitigation: Option<Str>,
    pub(crate) owner: Option<Str>,
    pub(crate) status: Option<Str>,
    #[serde(default)]
    pub(crate) milestones: Vec<Str>,
    pub(crate) audiences: Option<Vec<Str>>,
    /// Labels (`["help wanted", "beta"]`): shown as chips linking to each tag's page, and a filter of the views.
    #[serde(default)]
    pub(crate) tags: Vec<Str>,
    /// Warning codes silenced for this item only (`allow = ["missing-metric"]`).
    #[serde(default)]
    pub(crate) allow: Vec<Str>,
}

/// `[[decision]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDecision {
    pub(crate) id: Str,
    pub(crate) date: Str,
    pub(crate) title: Str,
    pub(crate) rationale: Option<Str>,
    #[serde(default)]
    pub(crate) affects: Vec<Str>,
    pub(crate) approved_by: Option<Str>,
    pub(crate) audiences: Option<Vec<Str>>,
    /// Warning codes silenced for this item only (`allow = ["missing-metric"]`).
    #[serde(default)]
    pub(crate) allow: Vec<Str>,
}

/// `[[term]]` in `content/glossary.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTerm {
    pub(crate) term: Str,
    pub(crate) definition: Str,
}

/// The `+++` front matter of a narrative.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFrontMatter {
    pub(crate) title: Option<Str>,
    pub(crate) kind: Option<Str>,
    pub(crate) date: Option<Str>,
    #[serde(default)]
    pub(crate) authors: Vec<Str>,
    pub(crate) weight: Option<Spanned<i64>>,
    pub(crate) audiences: Option<Vec<Str>>,
    pub(crate) draft: Option<Spanned<bool>>,
    /// Warning codes silenced for this item only (`allow = ["missing-metric"]`).
    #[serde(default)]
    pub(crate) allow: Vec<Str>,
}
