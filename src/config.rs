//! `roadbook.toml`: the raw site configuration, exactly as written.
//!
//! Every field is optional and unknown fields are rejected (serde's
//! `deny_unknown_fields`), so a typo is an error with a "did you mean".
//! Values keep their byte spans; `validate` checks and converts them.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// The file name of the site configuration.
pub(crate) const FILE_NAME: &str = "roadbook.toml";

/// `max_file_size_mb` when `roadbook.toml` does not set it.
pub(crate) const DEFAULT_MAX_FILE_SIZE_MB: u64 = 16;

const MB: u64 = 1024 * 1024;

/// A size in whole MB, rounded up (what limit messages print).
pub(crate) fn megabytes(bytes: u64) -> u64 {
    bytes.div_ceil(MB)
}

/// `roadbook.toml` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConfig {
    pub(crate) title: Option<Spanned<String>>,
    pub(crate) mission: Option<Spanned<String>>,
    pub(crate) vision: Option<Spanned<String>>,
    pub(crate) base_url: Option<Spanned<String>>,
    pub(crate) as_of: Option<Spanned<String>>,
    pub(crate) highlight_theme: Option<Spanned<String>>,
    /// A git revision to compare with on every build (`build --compare` wins).
    pub(crate) compare: Option<Spanned<String>>,
    pub(crate) last_review: Option<Spanned<String>>,
    pub(crate) review_every_days: Option<Spanned<i64>>,
    #[serde(default)]
    pub(crate) audiences: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub(crate) allow: Vec<Spanned<String>>,
    /// `[lint]`: a level (`allow`, `warn` or `deny`) per warning code.
    #[serde(default)]
    pub(crate) lint: BTreeMap<Spanned<String>, Spanned<String>>,
    /// `[tags]`: the tags items may carry, each with a description (`"help wanted" = "Good first issues"`).
    /// When the table is there, a tag it does not define is an `undefined-tag` warning; without it, any tag goes.
    pub(crate) tags: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    /// Folders outside the site root that symbolic links under content/, templates/ and static/ may point into.
    #[serde(default)]
    pub(crate) allow_links_to: Vec<Spanned<String>>,
    pub(crate) publish: Option<RawPublish>,
    /// `[import]`: how `roadbook import` reads exports.
    pub(crate) import: Option<RawImport>,
    pub(crate) markdown: Option<RawMarkdown>,
    /// The largest file roadbook reads from `content/`, `templates/` and `static/`, in MB.
    pub(crate) max_file_size_mb: Option<Spanned<u64>>,
}

/// `[publish]`: how the built site presents itself to the web.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPublish {
    /// Let search engines index the site (pages say `noindex` otherwise).
    pub(crate) indexable: Option<bool>,
}

/// `[import]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawImport {
    /// `[import.status]`: an export's status value -> a roadbook status.
    #[serde(default)]
    pub(crate) status: BTreeMap<String, Spanned<String>>,
}

/// The `[markdown]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMarkdown {
    /// `false` escapes raw HTML in Markdown (shown as text); default `true`.
    pub(crate) raw_html: Option<Spanned<bool>>,
}

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
