//! Client-side search: an index of titles, summaries and narrative headings,
//! built here from the (audience-filtered) model and embedded as JSON in
//! `search/index.html`, where a small inline script of ours filters it.
//! Embedding (rather than fetching a `.json` file) keeps search working from
//! file://, where browsers refuse `fetch`. Without JavaScript the search
//! form stays hidden and every page still reads whole.

use crate::model::{Html, Site};
use serde::Serialize;
use std::borrow::Cow;

/// One searchable entry: `[kind, title, text, url relative to the root]`, and,
/// when the title has code spans, a fifth element: their `[start, end)` in the
/// plain title, in UTF-16 units (JavaScript's string indices), so the page
/// shows them as `<code>` while the title is searched as plain text.
struct Entry<'a>(&'static str, Cow<'a, str>, String, String, Vec<[usize; 2]>);

impl Serialize for Entry<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(if self.4.is_empty() { 4 } else { 5 }))?;
        seq.serialize_element(self.0)?;
        seq.serialize_element(&self.1)?;
        seq.serialize_element(&self.2)?;
        seq.serialize_element(&self.3)?;
        if !self.4.is_empty() {
            seq.serialize_element(&self.4)?;
        }
        seq.end()
    }
}

impl<'a> Entry<'a> {
    /// An entry whose title is an item's title: searched without backticks, its code spans marked.
    fn titled(kind: &'static str, title: &'a str, text: String, url: String) -> Self {
        if !title.contains('`') {
            return Entry(kind, Cow::Borrowed(title), text, url, Vec::new());
        }
        let (mut plain, mut spans) = (String::new(), Vec::new());
        let mut at = 0;
        for (code, piece) in crate::escape::title_pieces(title) {
            let len = piece.encode_utf16().count();
            if code {
                spans.push([at, at + len]);
            }
            plain.push_str(piece);
            at += len;
        }
        Entry(kind, Cow::Owned(plain), text, url, spans)
    }

    /// An entry whose title is shown as it is (a heading, a tag, a term).
    fn plain(kind: &'static str, title: &'a str, text: String, url: String) -> Self {
        Entry(kind, Cow::Borrowed(title), text, url, Vec::new())
    }
}

/// The search page's context.
#[derive(Serialize)]
pub(crate) struct SearchPage {
    /// The index as JSON, safe to place inside a `<script>` element.
    pub(crate) data: String,
    pub(crate) entries: usize,
}

/// Builds the search page: every milestone, objective, risk, decision,
/// release, narrative, narrative heading, tag and glossary term (items with
/// their tags in their text).
pub(crate) fn page(site: &Site) -> Result<SearchPage, serde_json::Error> {
    let mut entries: Vec<Entry> = Vec::with_capacity(site.milestones.len() + site.narratives.len() * 4);
    for m in &site.milestones {
        let mut text = plain(m.summary.as_ref());
        for extra in [Some(m.area.as_str()), m.owner.as_deref()].into_iter().flatten() {
            if !extra.is_empty() {
                text.push_str(" · ");
                text.push_str(extra);
            }
        }
        with_tags(&mut text, &m.tags);
        entries.push(Entry::titled(m.track.as_str(), &m.title, text, super::context::milestone_href(&m.id)));
    }
    for o in &site.objectives {
        let mut text = o.period.map(|p| p.to_string()).unwrap_or_default();
        with_tags(&mut text, &o.tags);
        entries.push(Entry::titled("objective", &o.title, text, crate::model::objective_href(&o.id)));
    }
    for r in &site.risks {
        let mut text = plain(r.mitigation.as_ref());
        with_tags(&mut text, &r.tags);
        entries.push(Entry::titled("risk", &r.title, text, crate::model::risk_href(&r.id)));
    }
    for d in &site.decisions {
        let href = crate::model::decision_href(&d.id);
        entries.push(Entry::titled("decision", &d.title, plain(d.rationale.as_ref()), href));
    }
    for r in &site.releases {
        let mut text = r.date.to_string();
        let description = plain(r.description.as_ref());
        if !description.is_empty() {
            text.push_str(" · ");
            text.push_str(&description);
        }
        entries.push(Entry::titled("release", &r.title, text, crate::model::release_href(&r.id)));
    }
    for n in &site.narratives {
        let page = crate::model::narrative_href(&n.url);
        entries.push(Entry::titled(n.kind.as_str(), &n.title, String::new(), page.clone()));
        for h in n.toc.iter().filter(|h| h.level > 1) {
            entries.push(Entry::plain(
                "section",
                &h.title,
                crate::escape::title_plain(&n.title).into_owned(),
                format!("{page}#{}", h.id),
            ));
        }
    }
    for t in &site.tags {
        let text = t.description.clone().unwrap_or_default();
        entries.push(Entry::plain("tag", &t.name, text, crate::model::tag_href(&t.slug)));
    }
    for t in &site.glossary {
        entries.push(Entry::plain("term", &t.term, plain(Some(&t.definition)), crate::model::term_href(&t.anchor)));
    }
    let json = serde_json::to_string(&entries)?;
    Ok(SearchPage { data: script_safe(&json), entries: entries.len() })
}

/// Adds an item's tags to its text (`Pay now · beta, help wanted`), so a search for a tag finds it.
fn with_tags(text: &mut String, tags: &[String]) {
    if tags.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push_str(" · ");
    }
    text.push_str(&tags.join(", "));
}

/// JSON that cannot end its `<script>` element or open a comment: `<`, `>`
/// and `&` become `\u` escapes, which JSON.parse reads back unchanged.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

/// The text of rendered Markdown: tags dropped, the common entities decoded,
/// whitespace collapsed, cut to a snippet.
fn plain(html: Option<&Html>) -> String {
    const MAX_CHARS: usize = 240;
    let Some(html) = html else { return String::new() };
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'");
    let text = text.replace("&amp;", "&");
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        if out.chars().count() > MAX_CHARS {
            let cut: String = out.chars().take(MAX_CHARS).collect();
            return format!("{}…", cut.trim_end());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_tags_and_decodes_entities() {
        let html = "<p>Go <em>live</em> in &lt;1 hour &amp; <a href=\"x\">pay</a>.</p>\n".to_string();
        assert_eq!(plain(Some(&html)), "Go live in <1 hour & pay .");
        assert_eq!(plain(None), "");
        let long = format!("<p>{}</p>", "word ".repeat(100));
        assert!(plain(Some(&long)).ends_with('…'));
    }

    #[test]
    fn embedded_json_cannot_close_its_script() {
        let safe = script_safe(r#"["</script><!-- & >"]"#);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'), "{safe}");
        let back: Vec<String> = serde_json::from_str(&safe).expect("still JSON");
        assert_eq!(back, ["</script><!-- & >"]);
    }
}
