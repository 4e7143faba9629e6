//! `roadbook.toml`: the raw site configuration, exactly as written.
//!
//! Every field is optional and unknown fields are rejected (serde's
//! `deny_unknown_fields`), so a typo is an error with a "did you mean".
//! Values keep their byte spans; `validate` checks and converts them.

use crate::deserialize::spanned::Spanned;
use crate::diagnostic::{Code, LINT_LEVELS};
use crate::model::{Date, DateDisplay, Status, ID_PATTERN};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The file name of the site configuration.
pub(crate) const FILE_NAME: &str = "roadbook.toml";

/// `max_file_size_mb` when `roadbook.toml` does not set it.
pub(crate) const DEFAULT_MAX_FILE_SIZE_MB: u64 = 16;

const MB: u64 = 1024 * 1024;

/// A size in whole MB, rounded up (what limit messages print).
pub(crate) fn megabytes(bytes: u64) -> u64 {
    bytes.div_ceil(MB)
}

/// `roadbook.toml` as written: the site's settings. Every field is optional.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Config")]
pub(crate) struct RawConfig {
    /// The site's title, in every page's header.
    #[schemars(example = &"Northwind Ledger Roadmap")]
    pub(crate) title: Option<Spanned<String>>,
    /// Markdown: why the company exists, on the home page.
    #[schemars(example = &"Get every small business **paid on time**.")]
    pub(crate) mission: Option<Spanned<String>>,
    /// Markdown: where the roadmap leads, on the home page.
    #[schemars(example = &"By 2028, a small business sends an invoice and stops thinking about it.")]
    pub(crate) vision: Option<Spanned<String>>,
    /// Where the site will live: `/` or an absolute http(s) URL. Used only where absolute URLs are required (sitemap, canonical links); `build --base-url` wins.
    #[schemars(pattern(BASE_URL_PATTERN), example = &"https://roadmap.example.com/")]
    pub(crate) base_url: Option<Spanned<String>>,
    /// "Now" for the roadmap (overdue gates, stale reviews, the timeline's today line): YYYY-MM-DD. Default: today.
    #[schemars(pattern(Date::PATTERN), example = &"2026-11-24")]
    pub(crate) as_of: Option<Spanned<String>>,
    /// The colours of highlighted code: one of the built-in themes (default `InspiredGitHub`).
    #[schemars(example = &"InspiredGitHub")]
    pub(crate) highlight_theme: Option<Spanned<String>>,
    /// How finely lists show milestone dates: `quarter` (default: 2025-07-03 shows as 2025-Q3), `month` (2025-07) or `day` (as written). A date written coarser stays as written; the milestone page and the exports keep the date as written.
    #[schemars(extend("enum" = DateDisplay::NAMES), example = &"month")]
    pub(crate) date_display: Option<Spanned<String>>,
    /// A git revision to compare with on every build (`build --compare` wins).
    #[schemars(example = &"q3-review")]
    pub(crate) compare: Option<Spanned<String>>,
    /// When the roadmap was last reviewed: YYYY-MM-DD.
    #[schemars(pattern(Date::PATTERN), example = &"2026-10-01")]
    pub(crate) last_review: Option<Spanned<String>>,
    /// How often the roadmap should be reviewed, in days (default 92); `stale-review` warns past it.
    #[schemars(range(min = 1), example = 92)]
    pub(crate) review_every_days: Option<Spanned<i64>>,
    /// `[audiences]`: the editions of the site, each name (a lowercase slug) with its description. Items name them in `audiences`; `build --audience NAME` builds one.
    #[serde(default)]
    #[schemars(extend("propertyNames" = { "pattern": ID_PATTERN }), example = &[("board", "Board and investors")].into_iter().collect::<BTreeMap<_, _>>())]
    pub(crate) audiences: BTreeMap<String, Spanned<String>>,
    /// Warning codes silenced for the whole site: short for level `allow` under `[lint]`.
    #[serde(default)]
    #[schemars(extend("items" = { "type": "string", "enum": Code::warning_names() }), example = &["orphan-technology"])]
    pub(crate) allow: Vec<Spanned<String>>,
    /// `[lint]`: a level (`allow`, `warn` or `deny`) per warning code, as clippy does. `deny` makes the warning an error.
    #[serde(default)]
    #[schemars(
        extend("propertyNames" = { "enum": Code::warning_names() }),
        extend("additionalProperties" = { "type": "string", "enum": LINT_LEVELS }),
        example = &[("missing-metric", "deny")].into_iter().collect::<BTreeMap<_, _>>()
    )]
    pub(crate) lint: BTreeMap<Spanned<String>, Spanned<String>>,
    /// `[tags]`: the tags items may carry, each with a description (`"help wanted" = "Good first issues"`).
    /// When the table is there, a tag it does not define is an `undefined-tag` warning; without it, any tag goes.
    #[schemars(example = &[("help wanted", "Good first issues")].into_iter().collect::<BTreeMap<_, _>>())]
    pub(crate) tags: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    /// Folders outside the site root that symbolic links under content/, templates/ and static/ may point into.
    #[serde(default)]
    #[schemars(example = &["../brand-assets"])]
    pub(crate) allow_links_to: Vec<Spanned<String>>,
    /// `[publish]`: how the built site presents itself to the web.
    pub(crate) publish: Option<RawPublish>,
    /// `[import]`: how `roadbook import` reads exports.
    pub(crate) import: Option<RawImport>,
    /// `[markdown]`: how Markdown is rendered.
    pub(crate) markdown: Option<RawMarkdown>,
    /// The largest file roadbook reads from `content/`, `templates/` and `static/`, in MB (default 16).
    #[schemars(range(min = 1), example = 16)]
    pub(crate) max_file_size_mb: Option<Spanned<u64>>,
}

/// `[publish]`: how the built site presents itself to the web.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Publish")]
pub(crate) struct RawPublish {
    /// Let search engines index the site (pages say `noindex` otherwise; default `false`).
    #[schemars(example = true)]
    pub(crate) indexable: Option<bool>,
}

/// `[import]`: how `roadbook import` reads exports.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Import")]
pub(crate) struct RawImport {
    /// `[import.status]`: an export's status value -> a roadbook status (adds to or overrides the preset's table).
    #[serde(default)]
    #[schemars(
        extend("additionalProperties" = { "type": "string", "enum": Status::NAMES }),
        example = &[("Ready for QA", "in-progress")].into_iter().collect::<BTreeMap<_, _>>()
    )]
    pub(crate) status: BTreeMap<String, Spanned<String>>,
}

/// `[markdown]`: how Markdown is rendered.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Markdown")]
pub(crate) struct RawMarkdown {
    /// `false` escapes raw HTML in Markdown (shown as text); default `true`.
    #[schemars(example = false)]
    pub(crate) raw_html: Option<Spanned<bool>>,
}

/// What `base_url` may be, as a JSON Schema pattern: `/`, or an absolute http(s) URL (what `normalize_base_url` accepts).
pub(crate) const BASE_URL_PATTERN: &str = r"^\s*(/|https?://\S+)\s*$";

/// Normalises a base URL: `/` or an absolute http(s) URL, ending in `/`.
/// Used for `base_url` in this file and for `build --base-url`.
pub(crate) fn normalize_base_url(text: &str) -> Result<String, String> {
    let text = text.trim();
    let ok = text == "/" || ((text.starts_with("https://") || text.starts_with("http://")) && text.len() > 8);
    if !ok {
        return Err(format!("`{text}` is not \"/\" or an absolute http(s) URL like \"https://example.com/roadmap/\""));
    }
    Ok(if text.ends_with('/') { text.to_string() } else { format!("{text}/") })
}

impl RawConfig {
    /// Parses the text of a `roadbook.toml`.
    pub(crate) fn parse(text: &str) -> Result<RawConfig, Vec<crate::deserialize::Failure>> {
        crate::deserialize::from_str(text)
    }

    /// The largest file roadbook reads, in bytes (the default when unset or 0, which `validate` reports).
    pub(crate) fn max_file_size(&self) -> u64 {
        let mb = self.max_file_size_mb.as_ref().map_or(0, |m| *m.get_ref());
        let mb = if mb == 0 { DEFAULT_MAX_FILE_SIZE_MB } else { mb };
        mb.saturating_mul(MB)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::matches_pattern;

    #[test]
    fn the_base_url_pattern_for_editors_is_what_normalize_base_url_accepts() {
        let samples = [
            "/",
            " / ",
            "https://example.com/roadmap/",
            "http://example.org",
            "https://roadmap.example.com",
            "ftp://x.org",
            "example.com",
            "",
            "//example.com",
            "https://",
            "http://",
            "/roadmap/",
            "HTTPS://example.com",
        ];
        for text in samples {
            assert_eq!(matches_pattern(BASE_URL_PATTERN, text), normalize_base_url(text).is_ok(), "{text:?}");
        }
    }
}
