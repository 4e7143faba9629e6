//! Markdown to HTML: the one place that sets pulldown-cmark's options,
//! gives headings ids, collects the table of contents, rewrites `@` links
//! and hands fenced code to `highlight`.
//!
//! Link targets are looked up through the `Targets` trait so this module
//! knows nothing of the model; problems come back with byte offsets into
//! the text, for the caller to place in its file.

use crate::diagnostic::Code;
use crate::highlight;
use crate::model::{Heading, Reference, ROOT_MARK};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Mutex;

pub(crate) use crate::model::RefKind;

/// The result of looking up a link target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Lookup {
    /// Exists: its index and its href relative to the site root.
    Found(usize, String),
    /// Exists but is hidden from this build's audience: keep the text, drop the link.
    Hidden,
    /// Names nothing; carries the nearest valid name, if any.
    Missing(Option<String>),
}

/// What `@` links can point at.
pub(crate) trait Targets: Sync {
    fn item(&self, kind: RefKind, id: &str) -> Lookup;
    /// A content file by its path under `content/` (e.g. `narratives/six-pager.md`).
    fn narrative(&self, content_path: &str) -> Lookup;
    /// Whether raw HTML in the Markdown is escaped (shown as text) instead of
    /// passed through: `[markdown] raw_html = false` in `roadbook.toml`.
    fn escape_raw_html(&self) -> bool {
        false
    }
}

/// A problem at a byte offset of the Markdown text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    /// The diagnostic code (`dangling-reference`, `invalid-value`, `highlight-skipped`).
    pub(crate) code: Code,
    pub(crate) offset: usize,
    pub(crate) message: String,
}

/// A `#heading` in another narrative, checked once every narrative is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AnchorCheck {
    pub(crate) offset: usize,
    pub(crate) narrative: usize,
    pub(crate) anchor: String,
}

/// Rendered Markdown and what was learned while rendering it.
#[derive(Debug, Default, Clone)]
pub(crate) struct Rendered {
    pub(crate) html: String,
    pub(crate) headings: Vec<Heading>,
    /// Milestones linked with `@milestone:ID`, first mention first, without repeats.
    pub(crate) mentions: Vec<usize>,
    /// Narratives linked with `@/path.md`, first mention first.
    pub(crate) narratives: Vec<usize>,
    /// Errors: dangling `@` links, links with a forbidden scheme.
    pub(crate) problems: Vec<Problem>,
    /// Warnings: code blocks left unhighlighted because they were too large or too slow.
    pub(crate) warnings: Vec<Problem>,
    pub(crate) anchors: Vec<AnchorCheck>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Rendered Markdown kept between the preview's rebuilds, by its full text,
/// and the highlighted code blocks in it: a rebuild renders again only the
/// Markdown that changed. Entries are valid for one set of link targets: the
/// owner (`validate::Cache`) empties it when the names links resolve against change.
#[derive(Default)]
pub(crate) struct Cache {
    rendered: Mutex<HashMap<String, Rendered>>,
    code: highlight::Cache,
}

/// Keeps the cache from growing without bound in a long preview session.
const CACHE_LIMIT: usize = 100_000;

impl Cache {
    /// Forgets every rendering (the link targets changed); highlighted code does not depend on them and stays.
    pub(crate) fn forget_rendered(&mut self) {
        self.rendered.get_mut().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

/// Renders `text`, resolving `@` links through `targets`.
pub(crate) fn render(text: &str, targets: &dyn Targets) -> Rendered {
    render_uncached(text, targets, &highlight::code_block)
}

/// Like `render`, reusing the rendering of the same text kept in `cache`, and keeping this one.
pub(crate) fn render_reusing(text: &str, targets: &dyn Targets, cache: &Cache) -> Rendered {
    if let Some(hit) = cache.rendered.lock().ok().and_then(|c| c.get(text).cloned()) {
        return hit;
    }
    let rendered = render_uncached(text, targets, &|code, lang| cache.code.code_block(code, lang));
    if let Ok(mut c) = cache.rendered.lock() {
        if c.len() >= CACHE_LIMIT {
            c.clear();
        }
        c.insert(text.to_string(), rendered.clone());
    }
    rendered
}

fn render_uncached(text: &str, targets: &dyn Targets, code_block: &dyn Fn(&str, &str) -> highlight::Block) -> Rendered {
    let mut out = Rendered::default();
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(text, options()).into_offset_iter().collect();
    let mut html_events: Vec<Event> = Vec::with_capacity(events.len());
    let mut ids = HashSet::new();
    let mut open_links: Vec<bool> = Vec::new();
    let escape_html = targets.escape_raw_html();
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                let title = heading_text(&events[i + 1..]);
                let wanted = id.as_ref().map_or_else(|| slug(&title), |id| id.to_string());
                let unique = unique_id(&wanted, &mut ids);
                out.headings.push(Heading { level: level_number(*level), id: unique.clone(), title });
                html_events.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(unique)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let (code, next) = code_text(&events, i + 1);
                let block = code_block(&code, &lang);
                if let Some(why) = block.skipped {
                    let message = format!("code block not highlighted ({why}); shown as plain text");
                    out.warnings.push(Problem { code: Code::HighlightSkipped, offset: range.start, message });
                }
                html_events.push(Event::Html(CowStr::from(block.html)));
                i = next;
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) if dest_url.starts_with('@') => {
                let href = resolve(dest_url, range.start, targets, &mut out);
                open_links.push(href.is_some());
                if let Some(href) = href {
                    html_events.push(Event::Start(Tag::Link {
                        link_type: *link_type,
                        dest_url: CowStr::from(href),
                        title: title.clone(),
                        id: id.clone(),
                    }));
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                check_scheme(dest_url, false, range.start, &mut out);
                open_links.push(true);
                html_events.push(event.clone());
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                check_scheme(dest_url, true, range.start, &mut out);
                html_events.push(event.clone());
            }
            Event::Html(html) | Event::InlineHtml(html) if escape_html => html_events.push(Event::Text(html.clone())),
            Event::End(TagEnd::Link) => {
                if open_links.pop().unwrap_or(true) {
                    html_events.push(event.clone());
                }
            }
            // A read-only checkbox has no label of its own: the box is decoration, the state is text.
            Event::TaskListMarker(done) => {
                let (checked, state) = if *done { (" checked", "Done") } else { ("", "To do") };
                html_events.push(Event::InlineHtml(CowStr::from(format!(
                    "<input type=\"checkbox\" disabled{checked} aria-hidden=\"true\"><span class=\"visually-hidden\">{state}: </span>"
                ))));
            }
            other => html_events.push(other.clone()),
        }
        i += 1;
    }
    out.html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, html_events.into_iter());
    out
}

fn code_text(events: &[(Event, Range<usize>)], from: usize) -> (String, usize) {
    let mut code = String::new();
    let mut i = from;
    while i < events.len() {
        match &events[i].0 {
            Event::Text(t) => code.push_str(t),
            Event::End(TagEnd::CodeBlock) => break,
            _ => {}
        }
        i += 1;
    }
    (code, i)
}

fn heading_text(events: &[(Event, Range<usize>)]) -> String {
    let mut title = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => title.push_str(t),
            Event::End(TagEnd::Heading(_)) => break,
            _ => {}
        }
    }
    title
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// GitHub-style heading slug: lowercase, letters, digits, `-` and `_`, spaces to `-`.
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            out.extend(c.to_lowercase());
        } else if c == ' ' {
            out.push('-');
        }
    }
    out
}

fn unique_id(wanted: &str, ids: &mut HashSet<String>) -> String {
    let base = if wanted.is_empty() { "section" } else { wanted };
    let mut id = base.to_string();
    let mut n = 1;
    while !ids.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// Resolves one `@` link; `None` drops the link but keeps its text.
fn resolve(dest: &str, offset: usize, targets: &dyn Targets, out: &mut Rendered) -> Option<String> {
    let Some(reference) = Reference::parse(dest) else {
        let message = format!(
            "`{dest}` is not an internal link: write `@/path.md`, `@/path.md#heading`, `@milestone:ID`, `@objective:ID`, `@risk:ID`, `@decision:ID` or `@release:ID`"
        );
        out.problems.push(Problem { code: Code::DanglingReference, offset, message });
        return Some(dest.to_string());
    };
    let (lookup, what, fragment) = match reference {
        Reference::Narrative { path, anchor } => (targets.narrative(path), format!("content file `{path}`"), anchor),
        Reference::Item { kind, id } => (targets.item(kind, id), format!("{} `{id}`", kind.as_str()), None),
    };
    match lookup {
        Lookup::Found(index, href) => {
            record_mention(reference, index, out);
            if let Some(anchor) = fragment {
                out.anchors.push(AnchorCheck { offset, narrative: index, anchor: anchor.to_string() });
                return Some(format!("{ROOT_MARK}{href}#{anchor}"));
            }
            Some(format!("{ROOT_MARK}{href}"))
        }
        Lookup::Hidden => None,
        Lookup::Missing(nearest) => {
            let hint = nearest.map_or_else(String::new, |n| format!("; did you mean `{n}`?"));
            let message = format!("link to {what}, which does not exist{hint}");
            out.problems.push(Problem { code: Code::DanglingReference, offset, message });
            Some(dest.to_string())
        }
    }
}

/// A Markdown link or image whose destination runs script (`javascript:`,
/// `vbscript:`) or, for a link, loads a document from a `data:` URL.
fn check_scheme(dest: &str, image: bool, offset: usize, out: &mut Rendered) {
    let what = if image { "image" } else { "link" };
    // `/path` names the root of whatever host serves the site: nothing when it
    // is opened from disk, another site's page when it is served under a sub-path.
    let trimmed = dest.trim_start();
    if trimmed.starts_with('/') && !trimmed.starts_with("//") {
        let message = format!(
            "root-relative {what} `{trimmed}` would not resolve in the built site, which opens from disk and may be served under a sub-path: use an `@` link (`@/narratives/NAME.md`, `@milestone:ID`) or a full URL"
        );
        out.problems.push(Problem { code: Code::InvalidValue, offset, message });
        return;
    }
    let Some(scheme) = url_scheme(dest) else { return };
    let bad = match scheme.as_str() {
        "javascript" | "vbscript" => true,
        "data" => !image,
        _ => false,
    };
    if bad {
        let message = format!("{what} to a `{scheme}:` URL: script and data URLs are not allowed in roadbook content");
        out.problems.push(Problem { code: Code::InvalidValue, offset, message });
    }
}

/// A URL as a browser reads it: leading and trailing spaces and control
/// characters dropped, tabs and newlines removed anywhere (WHATWG URL parsing).
fn browser_view(url: &str) -> String {
    url.trim_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect()
}

/// The lowercased scheme of `url` as a browser would see it, if it has one.
pub(crate) fn url_scheme(url: &str) -> Option<String> {
    let url = browser_view(url);
    let (scheme, _) = url.split_once(':')?;
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// Why `url` is not acceptable as a link `url` field, if it is not. Only
/// http, https and mailto URLs and relative references are accepted; the
/// check reads the URL as a browser would, so `java\tscript:`, leading
/// control characters, `JaVaScRiPt:` and entity spellings like
/// `javascript&#58;` are all refused.
pub(crate) fn url_problem(url: &str) -> Option<String> {
    if url.trim().is_empty() {
        return Some("is empty".to_string());
    }
    if url.chars().any(|c| c.is_control()) {
        return Some("contains control characters".to_string());
    }
    if let Some(scheme) = url_scheme(url) {
        return match scheme.as_str() {
            "http" | "https" | "mailto" => None,
            _ => Some(format!("uses the `{scheme}:` scheme")),
        };
    }
    let viewed = browser_view(url);
    let first = viewed.split(['/', '?', '#']).next().unwrap_or_default();
    if first.contains(':') {
        return Some("has a `:` before its first `/`, which a browser could read as a scheme".to_string());
    }
    if first.contains('&') {
        return Some("has a `&` before its first `/`, which could spell a scheme with HTML entities".to_string());
    }
    None
}

fn record_mention(reference: Reference, index: usize, out: &mut Rendered) {
    let list = match reference {
        Reference::Item { kind: RefKind::Milestone, .. } => &mut out.mentions,
        Reference::Narrative { .. } => &mut out.narratives,
        Reference::Item { .. } => return,
    };
    if !list.contains(&index) {
        list.push(index);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixture;

    impl Targets for Fixture {
        fn item(&self, kind: RefKind, id: &str) -> Lookup {
            match (kind, id) {
                (RefKind::Milestone, "billing-v2") => Lookup::Found(3, "milestones/billing-v2/index.html".into()),
                (RefKind::Milestone, "secret") => Lookup::Hidden,
                _ => Lookup::Missing(Some("billing-v2".into())),
            }
        }
        fn narrative(&self, path: &str) -> Lookup {
            match path {
                "narratives/six-pager.md" => Lookup::Found(0, "narratives/six-pager/index.html".into()),
                _ => Lookup::Missing(None),
            }
        }
    }

    #[test]
    fn headings_get_unique_github_slugs() {
        let r = render("# Beyond the Next Release!\n\n## Beyond the next release\n\n## A {#custom}\n", &Fixture);
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["beyond-the-next-release", "beyond-the-next-release-1", "custom"]);
        assert!(r.html.contains("<h1 id=\"beyond-the-next-release\">"));
    }

    #[test]
    fn milestone_links_are_rewritten_and_recorded() {
        let r = render("See [billing](@milestone:billing-v2) and [again](@milestone:billing-v2).", &Fixture);
        assert!(r.html.contains(&format!("href=\"{ROOT_MARK}milestones/billing-v2/index.html\"")), "{}", r.html);
        assert_eq!(r.mentions, [3]);
        assert!(r.problems.is_empty());
    }

    #[test]
    fn dangling_links_are_problems_at_their_offset() {
        let r = render("Text\n\n[x](@milestone:biling-v2)", &Fixture);
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].offset, 6);
        assert!(r.problems[0].message.contains("did you mean `billing-v2`"));
    }

    #[test]
    fn narrative_anchors_are_deferred() {
        let r = render("[x](@/narratives/six-pager.md#tenets)", &Fixture);
        assert_eq!(r.anchors, [AnchorCheck { offset: 0, narrative: 0, anchor: "tenets".into() }]);
        assert!(r.html.contains("six-pager/index.html#tenets"));
    }

    #[test]
    fn hidden_links_keep_their_text_only() {
        let r = render("A [secret plan](@milestone:secret) here.", &Fixture);
        assert_eq!(r.html, "<p>A secret plan here.</p>\n");
    }

    #[test]
    fn code_is_highlighted_and_tables_work() {
        let r = render("```rust\nfn x() {}\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", &Fixture);
        assert!(r.html.contains("hl-"));
        assert!(r.html.contains("<table>"));
    }
}

#[cfg(test)]
mod safety_tests {
    use super::*;

    struct Escaping;

    impl Targets for Escaping {
        fn item(&self, _: RefKind, _: &str) -> Lookup {
            Lookup::Missing(None)
        }
        fn narrative(&self, _: &str) -> Lookup {
            Lookup::Missing(None)
        }
        fn escape_raw_html(&self) -> bool {
            true
        }
    }

    #[test]
    fn only_http_https_mailto_and_relative_urls_pass() {
        for ok in [
            "https://example.com/a?b=c#d",
            "HTTP://x.org",
            "mailto:a@b.c",
            "docs/a.html",
            "../x",
            "/abs",
            "#top",
            "?q=1",
            "a%3Ab",
        ] {
            assert_eq!(url_problem(ok), None, "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "javascript\r:alert(1)",
            "javascript&#58;alert(1)",
            "javascript&colon;alert(1)",
            "&#106;avascript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
            "java script:alert(1)",
            "",
            "  ",
        ] {
            assert!(url_problem(bad).is_some(), "{bad:?} accepted");
        }
    }

    #[test]
    fn script_links_in_markdown_are_problems() {
        for text in [
            "[x](javascript:alert(1))",
            "[x](JAVASCRIPT:alert(1))",
            "<javascript:alert(1)>",
            "[x](vbscript:x)",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "[x][r]\n\n[r]: javascript:alert(1)",
            "![x](javascript:alert(1))",
        ] {
            let r = render(text, &Escaping);
            assert_eq!(r.problems.len(), 1, "{text}: {:?}", r.problems);
            assert_eq!(r.problems[0].code, Code::InvalidValue);
        }
        assert!(render("![x](data:image/png;base64,AAAA) [y](tel:+123) [z](https://a.b)", &Escaping)
            .problems
            .is_empty());
    }

    #[test]
    fn raw_html_is_escaped_when_asked() {
        let text = "<script>alert(1)</script>\n\nA <b onclick=\"x()\">b</b>.\n";
        let r = render(text, &Escaping);
        assert!(!r.html.contains("<script>") && !r.html.contains("<b "), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{}", r.html);
        assert!(r.html.contains("&lt;b onclick=\"x()\"&gt;"), "{}", r.html);
        struct Trusting;
        impl Targets for Trusting {
            fn item(&self, _: RefKind, _: &str) -> Lookup {
                Lookup::Missing(None)
            }
            fn narrative(&self, _: &str) -> Lookup {
                Lookup::Missing(None)
            }
        }
        assert!(render(text, &Trusting).html.contains("<script>alert(1)</script>"));
    }

    #[test]
    fn heading_ids_and_titles_are_escaped() {
        let r = render("# A \"><script>x</script> {#\"><img src=x onerror=alert(1)>}\n", &Escaping);
        assert!(!r.html.contains("<img") && !r.html.contains("<script"), "{}", r.html);
    }

    #[test]
    fn oversized_code_blocks_warn() {
        let code = "x = 1\n".repeat(highlight::MAX_HIGHLIGHT_LINES + 1);
        let r = render(&format!("Intro\n\n```python\n{code}```\n"), &Escaping);
        assert_eq!(r.warnings.len(), 1);
        assert_eq!(r.warnings[0].code, Code::HighlightSkipped);
        assert_eq!(r.warnings[0].offset, 7);
    }
}
