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

#[cfg(test)]
mod tests {
    use super::*;

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
