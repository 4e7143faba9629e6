//! Raw content structs: roadmap TOML tables and narrative front matter as
//! written, with the byte span of every value. No checks beyond the shape
//! (`deny_unknown_fields`); `validate` turns these into the model.
//!
//! The same structs give the JSON Schemas editors read (`roadbook schema`):
//! each field's `///` comment is its description, and its `schemars`
//! attribute its allowed values (the model's lists of names, the warning
//! codes) and an example.

use crate::diagnostic::Code;
use crate::model::ID_PATTERN;
use crate::model::{Confidence, Date, Due, GateDecision, Horizon, Level, NarrativeKind, RiskStatus, Status, Track};
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::borrow::Cow;

pub(crate) use crate::deserialize::spanned::Spanned;

/// A string value with its span.
pub(crate) type Str = Spanned<String>;

/// `[[milestone]]`: one thing the roadmap promises, on the business or the technology track.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Milestone")]
pub(crate) struct RawMilestone {
    /// The milestone's id, unique among milestones: lowercase letters, digits and `-`. Its page is `milestones/ID/`.
    #[schemars(pattern(ID_PATTERN), example = &"instant-payouts")]
    pub(crate) id: Str,
    /// The item's id in the system it was imported from (`PAY-123`); what `import --update` matches on.
    #[schemars(example = &"PAY-123")]
    pub(crate) key: Option<Str>,
    /// What the milestone delivers, in a few words.
    #[schemars(example = &"Instant payouts to the business's bank account")]
    pub(crate) title: Str,
    /// Which side of the roadmap the milestone is on.
    #[schemars(extend("enum" = Track::NAMES), example = &"business")]
    pub(crate) track: Str,
    /// The product area or technology area it belongs to (default `General`); the technology view groups by it.
    #[schemars(example = &"Payments")]
    pub(crate) area: Option<Str>,
    /// When it is due: a year (`2027`), a half (`2027-H1`), a quarter (`2027-Q2`), a month (`2027-05`) or a day (`2027-05-14`). Dates compare by the end of their period. Give `due` or `horizon`, not both.
    #[schemars(pattern(Due::PATTERN), example = &"2027-Q2")]
    pub(crate) due: Option<Str>,
    /// When an undated milestone comes: instead of `due`.
    #[schemars(extend("enum" = Horizon::NAMES), example = &"next")]
    pub(crate) horizon: Option<Str>,
    /// The id of the `[[release]]` it ships in. Without `due`, the milestone is due on the release's
    /// date; with `due`, `due` is its date and should not be after the release's.
    #[schemars(pattern(ID_PATTERN), example = &"v1-37")]
    pub(crate) release: Option<Str>,
    /// When work starts, written like `due`.
    #[schemars(pattern(Due::PATTERN), example = &"2027-Q1")]
    pub(crate) start: Option<Str>,
    /// Its place among the milestones of its period: lower first, and before those without one.
    #[schemars(with = "Option<i64>", example = &1)]
    pub(crate) weight: Option<Spanned<Weight>>,
    /// Where the milestone stands (default `planned`).
    #[schemars(extend("enum" = Status::NAMES), example = &"in-progress")]
    pub(crate) status: Option<Str>,
    /// How sure the owner is of the date.
    #[schemars(extend("enum" = Confidence::NAMES), example = &"medium")]
    pub(crate) confidence: Option<Str>,
    /// Who answers for the milestone: a person or a team.
    #[schemars(example = &"Payments squad (Amara Okafor)")]
    pub(crate) owner: Option<Str>,
    /// Markdown: the customer's problem a business milestone solves.
    #[schemars(example = &"Money takes **T+2 business days** to reach the owner.")]
    pub(crate) customer_need: Option<Str>,
    /// Markdown: one or two sentences shown on cards and in lists.
    #[schemars(example = &"Card payments land in the business's bank account within 30 minutes.")]
    pub(crate) summary: Option<Str>,
    /// Markdown: the longer text of the milestone's page.
    #[schemars(example = &"Built on [ledger sharding](@milestone:ledger-sharding).")]
    pub(crate) description: Option<Str>,
    /// Ids of the `[[objective]]`s this milestone serves.
    #[serde(default)]
    #[schemars(inner(pattern(ID_PATTERN)), example = &["faster-cash"])]
    pub(crate) objectives: Vec<Str>,
    /// Ids of the technology milestones that make this business milestone possible.
    #[serde(default)]
    #[schemars(inner(pattern(ID_PATTERN)), example = &["ledger-sharding", "payment-routing-engine"])]
    pub(crate) supported_by: Vec<Str>,
    /// Ids of the milestones that must be done first.
    #[serde(default)]
    #[schemars(inner(pattern(ID_PATTERN)), example = &["one-click-pay"])]
    pub(crate) depends_on: Vec<Str>,
    /// The narrative that explains it: `@/path.md` or `@/path.md#heading`, from `content/`.
    #[schemars(example = &"@/narratives/six-pager.md#beyond-the-next-release")]
    pub(crate) narrative: Option<Str>,
    /// The audiences (named under `[audiences]` in roadbook.toml) that see it; omit for everyone.
    #[schemars(example = &["engineering"])]
    pub(crate) audiences: Option<Vec<Str>>,
    /// `[[milestone.metric]]`: how you will know it succeeded.
    #[serde(default)]
    pub(crate) metric: Vec<RawMetric>,
    /// `[[milestone.link]]`: supporting documents, designs and tickets.
    #[serde(default)]
    pub(crate) link: Vec<Spanned<RawLink>>,
    /// Stage gates: one `[milestone.gate]` table, or several `[[milestone.gate]]`.
    #[serde(default)]
    pub(crate) gate: Gates,
    /// Labels (`["help wanted", "beta"]`): shown as chips linking to each tag's page, and a filter of the views.
    #[serde(default)]
    #[schemars(example = &["payments", "help wanted"])]
    pub(crate) tags: Vec<Str>,
    /// Warning codes silenced for this item only (`allow = ["missing-metric"]`).
    #[serde(default)]
    #[schemars(extend("items" = { "type": "string", "enum": Code::warning_names() }), example = &["missing-metric"])]
    pub(crate) allow: Vec<Str>,
}

/// `[[milestone.metric]]`: a success metric, from baseline to target.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Metric")]
pub(crate) struct RawMetric {
    /// What is measured.
    #[schemars(example = &"Payouts settled within 30 minutes")]
    pub(crate) name: Str,
    /// Where it stands before the work. Progress is shown when baseline, target and current are numbers in the same unit.
    #[schemars(example = &"0%")]
    pub(crate) baseline: Option<Str>,
    /// Where it should be when the milestone is done.
    #[schemars(example = &"95%")]
    pub(crate) target: Option<Str>,
    /// Where it stands now.
    #[schemars(example = &"40%")]
    pub(crate) current: Option<Str>,
}

/// `[[objective.key_result]]`: like a metric, but titled.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "KeyResult")]
pub(crate) struct RawKeyResult {
    /// What is measured.
    #[schemars(example = &"Share of payouts settled the same day")]
    pub(crate) title: Str,
    /// Where it stands at the start of the period.
    #[schemars(example = &"10%")]
    pub(crate) baseline: Option<Str>,
    /// Where it should be at the end of the period.
    #[schemars(example = &"80%")]
    pub(crate) target: Option<Str>,
    /// Where it stands now.
    #[schemars(example = &"35%")]
    pub(crate) current: Option<Str>,
}

/// `[[milestone.link]]`: a supporting link, with exactly one of `url` or `path`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Link")]
pub(crate) struct RawLink {
    /// The link's text.
    #[schemars(example = &"Payout design review")]
    pub(crate) title: Str,
    /// An http, https or mailto URL, or a relative link.
    #[schemars(example = &"https://example.com/designs/payouts")]
    pub(crate) url: Option<Str>,
    /// A page of this site: `@/path.md`, `@/path.md#heading` or `@milestone:ID` (also `@objective:`, `@risk:`, `@decision:`).
    #[schemars(example = &"@/narratives/six-pager.md")]
    pub(crate) path: Option<Str>,
}

/// A stage gate: `[milestone.gate]`, one of several `[[milestone.gate]]`, or the same under `[[release]]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Gate")]
pub(crate) struct RawGate {
    /// The day of the go / no-go review, written `YYYY-MM-DD`.
    #[schemars(pattern(Date::PATTERN), example = &"2027-03-15")]
    pub(crate) date: Str,
    /// What must be true to pass the gate.
    #[schemars(example = &"Pilot merchants settle 95% of payouts within 30 minutes")]
    pub(crate) criteria: Str,
    /// The gate's outcome (default `pending`).
    #[schemars(extend("enum" = GateDecision::NAMES), example = &"go")]
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

/// What `Gates` reads: one gate table, or an array of them.
impl JsonSchema for Gates {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Gates".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let gate = generator.subschema_for::<RawGate>();
        json_schema!({ "anyOf": [gate, { "type": "array", "items": gate }] })
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

/// A milestone's `weight`: a whole number. Anything else is an error that says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Weight(pub(crate) i64);

impl<'de> Deserialize<'de> for Weight {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Weight, D::Error> {
        deserializer.deserialize_i64(WeightVisitor)
    }
}

struct WeightVisitor;

impl Visitor<'_> for WeightVisitor {
    type Value = Weight;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a whole number (`weight = 10`; lower comes first)")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Weight, E> {
        Ok(Weight(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Weight, E> {
        i64::try_from(value).map(Weight).map_err(|_| out_of_range(value))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Weight, E> {
        i64::try_from(value).map(Weight).map_err(|_| out_of_range(value))
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Weight, E> {
        i64::try_from(value).map(Weight).map_err(|_| out_of_range(value))
    }
}

fn out_of_range<E: de::Error>(value: impl std::fmt::Display) -> E {
    E::custom(format!("weight {value} is out of range: use a whole number from {} to {}", i64::MIN, i64::MAX))
}

/// `[[release]]`: a version that milestones ship in (`release = "ID"` on a milestone).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Release")]
pub(crate) struct RawRelease {
    /// What milestones name in `release`: lowercase letters, digits and `-` (`v1-37`).
    #[schemars(pattern(ID_PATTERN), example = &"v1-37")]
    pub(crate) id: Str,
    /// Its name as shown (`v1.37`).
    #[schemars(example = &"v1.37")]
    pub(crate) title: Str,
    /// When it ships, written as a milestone's `due` (`2027`, `2027-H1`, `2027-Q2`, `2027-06`, `2027-06-15`); the
    /// milestones that ship in it without a `due` of their own are due then.
    #[schemars(pattern(Due::PATTERN), example = &"2027-06-15")]
    pub(crate) date: Str,
    /// What the release brings, in Markdown.
    #[schemars(example = &"The first release with **instant payouts**.")]
    pub(crate) description: Option<Str>,
    /// Release-wide gates (freezes, reviews), shown on every milestone that ships in it:
    /// one `[release.gate]` table, or several `[[release.gate]]`.
    #[serde(default)]
    pub(crate) gate: Gates,
    /// Warning codes silenced for this item only (`allow = ["overdue-gate"]`).
    #[serde(default)]
    #[schemars(extend("items" = { "type": "string", "enum": Code::warning_names() }), example = &["overdue-gate"])]
    pub(crate) allow: Vec<Str>,
}

/// `[[objective]]`: an objective (OKR) that milestones serve.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Objective")]
pub(crate) struct RawObjective {
    /// The objective's id, unique among objectives: lowercase letters, digits and `-`.
    #[schemars(pattern(ID_PATTERN), example = &"faster-cash")]
    pub(crate) id: Str,
    /// The objective, in a few words.
    #[schemars(example = &"Get our customers paid faster")]
    pub(crate) title: Str,
    /// The period it covers, written like a milestone's `due`: a year (`2027`), a half (`2027-H1`), a quarter, a month or a day. Milestones serving it should be due by its end.
    #[schemars(pattern(Due::PATTERN), example = &"2027-H1")]
    pub(crate) period: Option<Str>,
    /// `[[objective.key_result]]`: how progress is measured.
    #[serde(default)]
    pub(crate) key_result: Vec<RawKeyResult>,
    /// Labels (`["help wanted", "beta"]`): shown as chips linking to each tag's page, and a filter of the views.
    #[serde(default)]
    #[schemars(example = &["payments"])]
    pub(crate) tags: Vec<Str>,
    /// Warning codes silenced for this item only (`allow = ["missing-metric"]`).
    #[serde(default)]
    #[schemars(extend("items" = { "type": "string", "enum": Code::warning_names() }), example = &["stale-review"])]
    pub(crate) allow: Vec<Str>,
}

/// `[[risk]]`: an entry of the risk register.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Risk")]
pub(crate) struct RawRisk {
    /// The risk's id, unique among risks: lowercase letters, digits and `-`.
    #[schemars(pattern(ID_PATTERN), example = &"ledger-migration-overrun")]
    pub(crate) id: Str,
    /// The risk, in a sentence.
    #[schemars(example = &"Ledger shard migration may overrun and delay instant payouts")]
    pub(crate) title: Str,
    /// How likely it is.
    #[schemars(extend("enum" = Level::NAMES), example = &"medium")]
    pub(crate) likelihood: Option<Str>,
    /// How much it would hurt.
    #[schemars(extend("enum" = Level::NAMES), example = &"high")]
    pub(crate) impact: Option<Str>,
    /// Markdown: what is being done about it.
    #[schemars(example = &"Migrate one shard per week behind a feature flag.")]
    pub(crate) mitigation: Option<Str>,
    /// Who watches it.
    #[schemars(example = &"Platform team")]
    pub(crate) owner: Option<Str>,
    /// Where the risk stands (default `open`).
    #[schemars(extend("enum" = RiskStatus::NAMES), example = &"open")]
    pub(crate) status: Option<Str>,
    /// Ids of the milestones it threatens.
    #[serde(default)]
    #[schemars(inner(pattern(ID_PATTERN)), example = &["ledger-sharding", "instant-payouts"])]
    pub(crate) milestones: Vec<Str>,
    /// The audiences (named under `[audiences]` in roadbook.toml) that see it; omit for everyone.
    #[schemars(example = &["engineering"])]
    pub(crate) audiences: Option<Vec<Str>>,
    /// Labels (`["help wanted", "beta"]`): shown as chips linking to each tag's page, and a filter of the views.
    #[serde(default)]
    #[schemars(example = &["payments"])]
    pub(crate) tags: Vec<Str>,
    /// Warning codes silenced for this item only (`allow = ["missing-metric"]`).
    #[serde(default)]
    #[schemars(extend("items" = { "type": "string", "enum": Code::warning_names() }), example = &["stale-review"])]
    pub(crate) allow: Vec<Str>,
}

/// `[[decision]]`: an entry of the decision log.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Decision")]
pub(crate) struct RawDecision {
    /// The decision's id, unique among decisions: lowercase letters, digits and `-`.
    #[schemars(pattern(ID_PATTERN), example = &"eu-before-us")]
    pub(crate) id: Str,
    /// When it was decided: YYYY-MM-DD.
    #[schemars(pattern(Date::PATTERN), example = &"2026-06-30")]
    pub(crate) date: Str,
    /// What was decided.
    #[schemars(example = &"Launch in the EU before the US")]
    pub(crate) title: Str,
    /// Markdown: why.
    #[schemars(example = &"Our first 500 merchants are in the EU.")]
    pub(crate) rationale: Option<Str>,
    /// Ids of the milestones it moves or changes.
    #[serde(default)]
    #[schemars(inner(pattern(ID_PATTERN)), example = &["instant-payouts"])]
    pub(crate) affects: Vec<Str>,
    /// Who approved it.
    #[schemars(example = &"Leadership team")]
    pub(crate) approved_by: Option<Str>,
    /// The audiences (named under `[audiences]` in roadbook.toml) that see it; omit for everyone.
    #[schemars(example = &["board"])]
    pub(crate) audiences: Option<Vec<Str>>,
    /// Warning codes silenced for this item only (`allow = ["missing-metric"]`).
    #[serde(default)]
    #[schemars(extend("items" = { "type": "string", "enum": Code::warning_names() }), example = &["stale-review"])]
    pub(crate) allow: Vec<Str>,
}

/// `[[term]]` in `content/glossary.toml`: a defined term.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Term")]
pub(crate) struct RawTerm {
    /// The term.
    #[schemars(example = &"TPV")]
    pub(crate) term: Str,
    /// Markdown: what it means.
    #[schemars(example = &"Total payment volume: the value of all payments in a period.")]
    pub(crate) definition: Str,
}

/// The `+++` front matter of a narrative (a Markdown file under `content/`).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "FrontMatter")]
pub(crate) struct RawFrontMatter {
    /// The page's title (default: its first `#` heading, else the file name).
    #[schemars(example = &"Six-pager: the next four quarters")]
    pub(crate) title: Option<Str>,
    /// What kind of document it is (default `note`).
    #[schemars(extend("enum" = NarrativeKind::NAMES), example = &"six-pager")]
    pub(crate) kind: Option<Str>,
    /// When it was written: YYYY-MM-DD.
    #[schemars(pattern(Date::PATTERN), example = &"2026-11-24")]
    pub(crate) date: Option<Str>,
    /// Who wrote it.
    #[serde(default)]
    #[schemars(example = &["Dana (CEO)", "Sam (CTO)"])]
    pub(crate) authors: Vec<Str>,
    /// Where it is listed among the narratives: lower first (default 0).
    #[schemars(example = 20)]
    pub(crate) weight: Option<Spanned<i64>>,
    /// The audiences (named under `[audiences]` in roadbook.toml) that see it; omit for everyone.
    #[schemars(example = &["board"])]
    pub(crate) audiences: Option<Vec<Str>>,
    /// `true` leaves it out of the site unless built with `--drafts` (`serve` shows drafts).
    #[schemars(example = true)]
    pub(crate) draft: Option<Spanned<bool>>,
    /// Warning codes silenced for this item only (`allow = ["missing-metric"]`).
    #[serde(default)]
    #[schemars(extend("items" = { "type": "string", "enum": Code::warning_names() }), example = &["highlight-skipped"])]
    pub(crate) allow: Vec<Str>,
}

/// A file under `content/roadmap/`: arrays of tables, one per kind of item.
// Only its JSON Schema is used: the loader reads each item on its own
// (`content::parse_tables`), and a test keeps its table names and these in step.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "RoadmapFile")]
#[allow(dead_code)]
pub(crate) struct RawRoadmapFile {
    /// A business or technology milestone.
    #[serde(default)]
    pub(crate) milestone: Vec<RawMilestone>,
    /// An objective (OKR) that milestones serve.
    #[serde(default)]
    pub(crate) objective: Vec<RawObjective>,
    /// An entry of the risk register.
    #[serde(default)]
    pub(crate) risk: Vec<RawRisk>,
    /// An entry of the decision log.
    #[serde(default)]
    pub(crate) decision: Vec<RawDecision>,
    /// A release that milestones ship in (`release = "ID"` on a milestone).
    #[serde(default)]
    pub(crate) release: Vec<RawRelease>,
}

/// `content/glossary.toml`: the glossary's terms.
// Only its JSON Schema is used, as for `RawRoadmapFile`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "GlossaryFile")]
#[allow(dead_code)]
pub(crate) struct RawGlossaryFile {
    /// A defined term.
    #[serde(default)]
    pub(crate) term: Vec<RawTerm>,
}
