//! Syntax highlighting of fenced code blocks at build time, with syntect.
//!
//! The only module that knows syntect: the syntax and theme sets are loaded
//! once per process (from syntect's embedded binary dumps) and shared by all
//! threads. Output uses CSS classes (`hl-*`); `theme_css` gives the matching
//! stylesheet. Blocks too large to highlight quickly are left plain.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Code blocks larger than this are not highlighted (bounded work per block).
pub const MAX_HIGHLIGHT_BYTES: usize = 256 * 1024;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

fn themes() -> &'static ThemeSet {
    static SET: OnceLock<ThemeSet> = OnceLock::new();
    SET.get_or_init(ThemeSet::load_defaults)
}

/// Names of the built-in highlight themes.
pub fn theme_names() -> Vec<&'static str> {
    themes().themes.keys().map(String::as_str).collect()
}

/// The CSS for `theme`'s colours, scoped to the `hl-` classes.
pub fn theme_css(theme: &str) -> String {
    themes().themes.get(theme).and_then(|t| css_for_theme_with_class_style(t, CLASS_STYLE).ok()).unwrap_or_default()
}

/// Highlighted blocks by hash of (language, code), so a rebuild re-highlights only what changed.
fn cache() -> &'static Mutex<HashMap<u64, Arc<str>>> {
    static CACHE: OnceLock<Mutex<HashMap<u64, Arc<str>>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// Keeps the cache from growing without bound in a long preview session.
const CACHE_LIMIT: usize = 50_000;

/// Like `code_block`, but cached by content, so unchanged blocks cost one hash on rebuilds.
pub fn code_block_cached(code: &str, lang: &str) -> String {
    let mut hasher = DefaultHasher::new();
    (lang, code).hash(&mut hasher);
    let key = hasher.finish();
    if let Some(html) = cache().lock().ok().and_then(|c| c.get(&key).cloned()) {
        return html.to_string();
    }
    let html = code_block(code, lang);
    if let Ok(mut c) = cache().lock() {
        if c.len() >= CACHE_LIMIT {
            c.clear();
        }
        c.insert(key, Arc::from(html.as_str()));
    }
    html
}

/// Renders a code block as `<pre><code>` HTML, highlighted when the language is known.
pub fn code_block(code: &str, lang: &str) -> String {
    let lang_class = escape_attr(lang);
    let inner = highlight(code, lang).unwrap_or_else(|| escape_text(code));
    if lang.is_empty() {
        format!("<pre class=\"code\"><code>{inner}</code></pre>\n")
    } else {
        format!("<pre class=\"code hl-code\" data-lang=\"{lang_class}\"><code class=\"language-{lang_class}\">{inner}</code></pre>\n")
    }
}

fn highlight(code: &str, lang: &str) -> Option<String> {
    if lang.is_empty() || code.len() > MAX_HIGHLIGHT_BYTES {
        return None;
    }
    let set = syntaxes();
    let syntax = set.find_syntax_by_token(lang)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(generator.finalize())
}

fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

fn escape_attr(text: &str) -> String {
    text.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '#' | '.')).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes() {
        let html = code_block("fn main() {}\n", "rust");
        assert!(html.contains("hl-"), "{html}");
        assert!(html.starts_with("<pre class=\"code hl-code\" data-lang=\"rust\">"));
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        assert_eq!(
            code_block("<b>\n", "nope"),
            "<pre class=\"code hl-code\" data-lang=\"nope\"><code class=\"language-nope\">&lt;b&gt;\n</code></pre>\n"
        );
    }

    #[test]
    fn theme_css_exists_for_default_theme() {
        assert!(theme_css("InspiredGitHub").contains(".hl-"));
    }
}
