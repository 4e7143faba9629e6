//! Escaping text for HTML and XML: the one place that says which characters
//! become entities. A leaf: it imports nothing from the crate, so every stage
//! (templates, the timeline's SVG, the highlighter, the preview's overlay) can
//! use it without depending on another.

/// Escapes text for HTML or XML element content and quoted attributes: `&`,
/// `<`, `>`, `"` and `'` (not `/`, unlike tera's default). Tera's escape
/// function for `.html` and `.xml` templates.
pub(crate) fn html(text: &str) -> String {
    // Called for every `{{ }}` of every page: a table lookup per byte, and one
    // copy when nothing needs escaping (the common case).
    const SPECIAL: [bool; 256] = {
        let mut table = [false; 256];
        table[b'&' as usize] = true;
        table[b'<' as usize] = true;
        table[b'>' as usize] = true;
        table[b'"' as usize] = true;
        table[b'\'' as usize] = true;
        table
    };
    let bytes = text.as_bytes();
    let Some(first) = bytes.iter().position(|&b| SPECIAL[b as usize]) else { return text.to_string() };
    let mut out = String::with_capacity(text.len() + 16);
    let mut last = 0;
    for (i, &b) in bytes.iter().enumerate().skip(first) {
        if !SPECIAL[b as usize] {
            continue;
        }
        out.push_str(&text[last..i]);
        out.push_str(match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        last = i + 1;
    }
    out.push_str(&text[last..]);
    out
}

/// Escapes the text of a code block (element content only): `&`, `<` and `>`;
/// quotes stay as written, as in the highlighter's own output.
pub(crate) fn code(text: &str) -> String {
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

/// The pieces of a title, in order, each `(is_code, text)`: a code span is
/// written as in Markdown, between two runs of the same number of backticks
/// (`` `x` ``, ``` ``a`b`` ```), which are not part of its text. A run of
/// backticks with no partner is text as written.
pub(crate) fn title_pieces(title: &str) -> Vec<(bool, &str)> {
    let mut pieces = Vec::new();
    let (mut text_from, mut at) = (0, 0);
    let bytes = title.as_bytes();
    while at < bytes.len() {
        if bytes[at] != b'`' {
            at += 1;
            continue;
        }
        let run = bytes[at..].iter().take_while(|&&b| b == b'`').count();
        let open_end = at + run;
        match closing_run(&bytes[open_end..], run) {
            Some(close) => {
                if text_from < at {
                    pieces.push((false, &title[text_from..at]));
                }
                pieces.push((true, &title[open_end..open_end + close]));
                at = open_end + close + run;
                text_from = at;
            }
            None => at = open_end,
        }
    }
    if text_from < bytes.len() {
        pieces.push((false, &title[text_from..]));
    }
    pieces
}

/// Where in `rest` a run of exactly `run` backticks starts, if one does.
fn closing_run(rest: &[u8], run: usize) -> Option<usize> {
    let mut at = 0;
    while at < rest.len() {
        if rest[at] != b'`' {
            at += 1;
            continue;
        }
        let len = rest[at..].iter().take_while(|&&b| b == b'`').count();
        if len == run {
            return Some(at);
        }
        at += len;
    }
    None
}

/// A title as HTML: escaped, its code spans in `<code>` (the `inline_code` filter of templates).
pub(crate) fn title_html(title: &str) -> String {
    if !title.contains('`') {
        return html(title);
    }
    let mut out = String::with_capacity(title.len() + 8);
    for (code, text) in title_pieces(title) {
        if code {
            out.push_str("<code>");
            out.push_str(&html(text));
            out.push_str("</code>");
        } else {
            out.push_str(&html(text));
        }
    }
    out
}

/// A title as plain text: its code spans without their backticks (page `<title>`s,
/// CSV, iCalendar, the search index, tooltips).
pub(crate) fn title_plain(title: &str) -> std::borrow::Cow<'_, str> {
    if !title.contains('`') {
        return std::borrow::Cow::Borrowed(title);
    }
    std::borrow::Cow::Owned(title_pieces(title).into_iter().map(|(_, text)| text).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_keep_code_spans_as_markdown_writes_them() {
        assert_eq!(title_html("Ship `roadbook diff` <fast>"), "Ship <code>roadbook diff</code> &lt;fast&gt;");
        assert_eq!(title_html("`<script>alert(1)</script>`"), "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>");
        assert_eq!(title_html("a ``x`y`` b"), "a <code>x`y</code> b");
        assert_eq!(title_html("one ` alone"), "one ` alone");
        assert_eq!(title_html("``unpaired` `x`"), "``unpaired<code> </code>x`");
        assert_eq!(title_plain("Ship `roadbook diff` now"), "Ship roadbook diff now");
        assert_eq!(title_plain("one ` alone"), "one ` alone");
        assert_eq!(title_plain("plain"), "plain");
    }

    #[test]
    fn html_escapes_markup_and_quotes_only() {
        assert_eq!(html("a/b <i>\"x\" & 'y'</i> é"), "a/b &lt;i&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/i&gt; é");
        assert_eq!(html("plain é"), "plain é");
        assert_eq!(html("&"), "&amp;");
    }

    #[test]
    fn code_keeps_quotes() {
        assert_eq!(code("if a < b && c > \"d\" { 'e' }"), "if a &lt; b &amp;&amp; c &gt; \"d\" { 'e' }");
    }
}
