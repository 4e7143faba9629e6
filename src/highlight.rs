//! Syntax highlighting of fenced code blocks at build time, with syntect.
//!
//! The only module that knows syntect: the syntax and theme sets are loaded
//! once per process (from syntect's embedded binary dumps) and shared by all
//! threads. Output uses CSS classes (`hl-*`); `theme_css` gives the matching
//! stylesheet.
//!
//! Work per block is bounded (Zola dropped syntect after grammar hangs): a
//! block over `MAX_HIGHLIGHT_BYTES`, `MAX_HIGHLIGHT_LINES` or with a line over
//! `MAX_LINE_BYTES` is left plain, and so is one still unfinished after
//! `HIGHLIGHT_BUDGET`; `Block::skipped` says why, for a warning.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};
use syntect::highlighting::{Color, ThemeSet};
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Code blocks larger than this are not highlighted (bounded work per block).
pub(crate) const MAX_HIGHLIGHT_BYTES: usize = 256 * 1024;
/// Code blocks with more lines than this are not highlighted.
pub(crate) const MAX_HIGHLIGHT_LINES: usize = 5_000;
/// Code blocks with a line longer than this are not highlighted (grammars are
/// regular expressions run per line; long lines are where they blow up).
pub(crate) const MAX_LINE_BYTES: usize = 4 * 1024;
/// Highlighting a block stops, and the block is left plain, once it has taken
/// this long. Only pathological blocks get near it; the deterministic limits
/// above catch the large ones first.
pub(crate) const HIGHLIGHT_BUDGET: Duration = Duration::from_secs(2);

/// A rendered code block, and why it was left unhighlighted when it was
/// (a known language over a bound).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    pub(crate) html: String,
    pub(crate) skipped: Option<String>,
}

// The two sets below are the only statics in roadbook, and they are not caches:
// each is syntect's built-in data, decoded once from the binary (tens of ms) and
// never changed, the same whatever site is built. Nothing an input does can put
// anything in them, so no output depends on what ran before. Highlighted
// blocks, which do depend on the input, are kept in an explicit `Cache`.

/// Syntect's built-in grammars, decoded on first use.
fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Syntect's built-in colour themes, decoded on first use.
fn themes() -> &'static ThemeSet {
    static SET: OnceLock<ThemeSet> = OnceLock::new();
    SET.get_or_init(ThemeSet::load_defaults)
}

/// Names of the built-in highlight themes.
pub(crate) fn theme_names() -> Vec<&'static str> {
    themes().themes.keys().map(String::as_str).collect()
}

/// The CSS for `theme`'s colours, scoped to the `hl-` classes. Every text colour is nudged
/// until it meets WCAG AA contrast (4.5:1) on the theme's background, and highlighted blocks
/// take that background in light and dark mode alike, so any built-in theme stays readable.
pub(crate) fn theme_css(theme: &str) -> String {
    let Some(theme) = themes().themes.get(theme) else { return String::new() };
    let mut theme = theme.clone();
    let background = theme.settings.background.map_or(WHITE, |c| blend(c, WHITE));
    let foreground = theme.settings.foreground.map_or(BLACK, |c| readable(blend(c, background), background));
    theme.settings.foreground = Some(foreground);
    for item in &mut theme.scopes {
        if let Some(colour) = item.style.foreground {
            item.style.foreground = Some(readable(blend(colour, background), background));
        }
        // A scope's own background would defeat the check above; the block's background is used.
        item.style.background = None;
    }
    let Ok(css) = css_for_theme_with_class_style(&theme, CLASS_STYLE) else { return String::new() };
    format!("{css}\npre.code.hl-code {{ background-color: {}; color: {}; }}\n", hex(background), hex(foreground))
}

const WHITE: Color = Color { r: 255, g: 255, b: 255, a: 255 };
const BLACK: Color = Color { r: 0, g: 0, b: 0, a: 255 };

/// `colour` painted over an opaque `under`.
fn blend(colour: Color, under: Color) -> Color {
    let mix = |c: u8, u: u8| ((c as u32 * colour.a as u32 + u as u32 * (255 - colour.a as u32)) / 255) as u8;
    Color { r: mix(colour.r, under.r), g: mix(colour.g, under.g), b: mix(colour.b, under.b), a: 255 }
}

/// WCAG relative luminance.
fn luminance(c: Color) -> f64 {
    let channel = |v: u8| {
        let v = v as f64 / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

fn contrast(a: Color, b: Color) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// `colour`, moved step by step towards black (on a light background) or white (on a dark one)
/// until it has a contrast of at least 4.6:1 (AA's 4.5 with a margin for rounding).
fn readable(colour: Color, background: Color) -> Color {
    let target = if luminance(background) > 0.18 { BLACK } else { WHITE };
    let mut colour = colour;
    for _ in 0..40 {
        if contrast(colour, background) >= 4.6 {
            break;
        }
        let step = |c: u8, t: u8| (c as i32 + (t as i32 - c as i32) / 8 + (t as i32 - c as i32).signum()) as u8;
        colour =
            Color { r: step(colour.r, target.r), g: step(colour.g, target.g), b: step(colour.b, target.b), a: 255 };
    }
    colour
}

fn hex(c: Color) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}

/// Highlighted blocks kept between the preview's rebuilds, by language and
/// code (compared in full), so a rebuild highlights again only what changed.
#[derive(Default)]
pub(crate) struct Cache {
    /// By `LANG\nCODE` (a language is one word: the newline cannot be part of it).
    blocks: Mutex<HashMap<String, Arc<Block>>>,
}

/// Keeps the cache from growing without bound in a long preview session.
const CACHE_LIMIT: usize = 50_000;

impl Cache {
    /// Like `code_block`, reusing the block kept for the same language and code.
    pub(crate) fn code_block(&self, code: &str, lang: &str) -> Block {
        let key = format!("{lang}\n{code}");
        if let Some(block) = self.blocks.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return Block::clone(&block);
        }
        let block = code_block(code, lang);
        if let Ok(mut c) = self.blocks.lock() {
            if c.len() >= CACHE_LIMIT {
                c.clear();
            }
            c.insert(key, Arc::new(block.clone()));
        }
        block
    }
}

/// Renders a code block as `<pre><code>` HTML, highlighted when the language is known.
pub(crate) fn code_block(code: &str, lang: &str) -> Block {
    code_block_within(code, lang, HIGHLIGHT_BUDGET)
}

/// `code_block` with a time budget of its own (tests use a tiny one).
pub(crate) fn code_block_within(code: &str, lang: &str, budget: Duration) -> Block {
    let lang_class = escape_attr(lang);
    let (inner, skipped) = match highlight(code, lang, budget) {
        Ok(Some(html)) => (html, None),
        Ok(None) => (crate::escape::code(code), None),
        Err(why) => (crate::escape::code(code), Some(why)),
    };
    let html = if lang.is_empty() {
        format!("<pre class=\"code\" tabindex=\"0\"><code>{inner}</code></pre>\n")
    } else {
        format!("<pre class=\"code hl-code\" tabindex=\"0\" data-lang=\"{lang_class}\"><code class=\"language-{lang_class}\">{inner}</code></pre>\n")
    };
    Block { html, skipped }
}

/// `Ok(None)`: not a known language; `Err`: known, but over a bound (the reason).
fn highlight(code: &str, lang: &str, budget: Duration) -> Result<Option<String>, String> {
    if lang.is_empty() {
        return Ok(None);
    }
    let set = syntaxes();
    let Some(syntax) = set.find_syntax_by_token(lang) else { return Ok(None) };
    if code.len() > MAX_HIGHLIGHT_BYTES {
        return Err(format!("{} KiB, over the {} KiB limit", code.len() / 1024, MAX_HIGHLIGHT_BYTES / 1024));
    }
    let lines = code.lines().count();
    if lines > MAX_HIGHLIGHT_LINES {
        return Err(format!("{lines} lines, over the {MAX_HIGHLIGHT_LINES} line limit"));
    }
    if let Some(long) = code.lines().map(str::len).filter(|&n| n > MAX_LINE_BYTES).max() {
        return Err(format!("a line of {long} bytes, over the {MAX_LINE_BYTES} byte limit"));
    }
    let started = Instant::now();
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if started.elapsed() > budget {
            return Err(format!("still unfinished after {} ms", budget.as_millis()));
        }
        if let Err(e) = generator.parse_html_for_line_which_includes_newline(line) {
            return Err(format!("the highlighter failed: {e}"));
        }
    }
    Ok(Some(generator.finalize()))
}

fn escape_attr(text: &str) -> String {
    text.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '#' | '.')).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes() {
        let html = code_block("fn main() {}\n", "rust").html;
        assert!(html.contains("hl-"), "{html}");
        assert!(html.starts_with("<pre class=\"code hl-code\" tabindex=\"0\" data-lang=\"rust\">"));
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        assert_eq!(
            code_block("<b>\n", "nope").html,
            "<pre class=\"code hl-code\" tabindex=\"0\" data-lang=\"nope\"><code class=\"language-nope\">&lt;b&gt;\n</code></pre>\n"
        );
    }

    #[test]
    fn blocks_over_a_bound_are_plain_and_say_why() {
        let lines = "let x = [1, 2];\n".repeat(MAX_HIGHLIGHT_LINES + 1);
        let block = code_block(&lines, "rust");
        assert!(!block.html.contains("hl-source") && block.html.contains("let x = [1, 2];"));
        assert!(block.skipped.as_deref().is_some_and(|w| w.contains("line limit")), "{:?}", block.skipped);
        let long = format!("<{}>\n", "a".repeat(MAX_LINE_BYTES + 1));
        let block = code_block(&long, "html");
        assert!(block.html.contains("&lt;aaa") && block.skipped.is_some());
        let big = "x".repeat(MAX_HIGHLIGHT_BYTES + 1);
        assert!(code_block(&big, "rust").skipped.is_some_and(|w| w.contains("KiB")));
        // An unknown language is plain text without a warning.
        assert_eq!(code_block(&lines, "nope").skipped, None);
    }

    #[test]
    fn the_time_budget_stops_a_slow_block() {
        let code = "fn f() { let x = 1; }\n".repeat(200);
        let block = code_block_within(&code, "rust", Duration::ZERO);
        assert!(block.skipped.is_some_and(|w| w.contains("unfinished")));
        assert!(block.html.contains("fn f() { let x = 1; }"));
    }

    #[test]
    fn theme_css_exists_for_default_theme() {
        assert!(theme_css("InspiredGitHub").contains(".hl-"));
    }

    /// Every colour of every built-in theme's CSS, on that theme's block background, meets AA.
    #[test]
    fn every_theme_colour_meets_aa_contrast_on_its_background() {
        let parse = |h: &str| {
            let v = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).unwrap();
            Color { r: v(1), g: v(3), b: v(5), a: 255 }
        };
        for name in theme_names() {
            let css = theme_css(name);
            let tail = css.rsplit("pre.code.hl-code").next().unwrap();
            let background = parse(&tail[tail.find("background-color: ").unwrap() + 18..][..7]);
            let colours: Vec<&str> = css.split("color: #").skip(1).map(|c| &c[..6]).collect();
            assert!(colours.len() > 3, "{name}: {css}");
            for c in colours {
                let ratio = contrast(parse(&format!("#{c}")), background);
                if css.contains(&format!("background-color: #{c}")) {
                    continue;
                }
                assert!(ratio >= 4.5, "{name}: #{c} on {} is {ratio:.2}:1", hex(background));
            }
        }
        assert_eq!(
            readable(Color { r: 0x96, g: 0x98, b: 0x96, a: 255 }, WHITE),
            readable(readable(Color { r: 0x96, g: 0x98, b: 0x96, a: 255 }, WHITE), WHITE)
        );
        assert!(contrast(readable(Color { r: 0x96, g: 0x98, b: 0x96, a: 255 }, WHITE), WHITE) >= 4.5);
    }
}
