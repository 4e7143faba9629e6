//! Diagnostics: what went wrong (or could be better) in the content, and where.
//!
//! A `Diagnostic` carries a stable code, a severity, a message and the place
//! (file relative to the site root, 1-based line and column, the source line).
//! `Place::at` turns a byte offset into line and column; `render_text` prints
//! the rustc-like form. Nothing here reads files: callers hand in the text.

use serde::Serialize;
use std::fmt::Write as _;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a content file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub source_line: String,
}

impl Place {
    /// The place of byte `offset` in `text` (clamped to the text, snapped to a char boundary).
    pub fn at(file: &str, text: &str, offset: usize) -> Place {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        // A byte count the compiler vectorises: warnings point deep into large files (hundreds
        // of them at 10,000 milestones), and counting with `matches` was a quarter of a preview rebuild.
        let line = text.as_bytes()[..line_start].iter().filter(|&&b| b == b'\n').count() + 1;
        let column = text[line_start..offset].chars().count() + 1;
        let source_line = text[line_start..line_end].trim_end_matches('\r').to_string();
        Place { file: file.to_string(), line, column, source_line }
    }

    /// The start of a file that has no text to point into.
    pub fn file_start(file: &str) -> Place {
        Place { file: file.to_string(), line: 1, column: 1, source_line: String::new() }
    }
}

/// One problem found in the content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub place: Box<Place>,
    /// Further places worth showing (e.g. the first definition of a duplicate id).
    pub notes: Vec<(String, Place)>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>, place: Place) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            place: Box::new(place),
            notes: Vec::new(),
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>, place: Place) -> Self {
        Diagnostic {
            code,
            severity: Severity::Warning,
            message: message.into(),
            place: Box::new(place),
            notes: Vec::new(),
        }
    }

    pub fn with_note(mut self, message: impl Into<String>, place: Place) -> Self {
        self.notes.push((message.into(), place));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The rustc-like text form: header, arrow with the place, source line and caret.
    pub fn render_text(&self) -> String {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!("{severity}[{}]: {}\n", self.code, self.message);
        write_place(&mut out, &self.place);
        for (message, place) in &self.notes {
            let _ = writeln!(out, "note: {message}");
            write_place(&mut out, place);
        }
        out
    }
}

fn write_place(out: &mut String, place: &Place) {
    let gutter = " ".repeat(place.line.to_string().len());
    let _ = writeln!(out, "{gutter}--> {}:{}:{}", place.file, place.line, place.column);
    if place.source_line.is_empty() {
        return;
    }
    let caret_pad: String = place
        .source_line
        .chars()
        .take(place.column.saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let _ = writeln!(out, "{gutter} |");
    let _ = writeln!(out, "{} | {}", place.line, place.source_line);
    let _ = writeln!(out, "{gutter} | {caret_pad}^");
}

/// The JSON form of a diagnostic (SPEC section 6).
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: Severity,
    message: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
}

/// One JSON array of `{"code","severity","message","file","line","column"}` objects.
pub fn to_json(diagnostics: &[Diagnostic]) -> String {
    let list: Vec<JsonDiagnostic> = diagnostics
        .iter()
        .map(|d| JsonDiagnostic {
            code: d.code,
            severity: d.severity,
            message: &d.message,
            file: &d.place.file,
            line: d.place.line,
            column: d.place.column,
        })
        .collect();
    serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".to_string())
}

/// Sorts diagnostics by file, line, column, then code, so output is stable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.place.file, a.place.line, a.place.column, a.code, &a.message).cmp(&(
            &b.place.file,
            b.place.line,
            b.place.column,
            b.code,
            &b.message,
        ))
    });
}

/// The candidate closest to `name` by edit distance, if it is close enough to be a typo.
pub fn nearest<'a, I>(name: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let limit = (name.chars().count() / 3).max(2);
    candidates.into_iter().map(|c| (edit_distance(name, c), c)).filter(|(d, _)| *d <= limit).min().map(|(_, c)| c)
}

/// ", did you mean `x`?" or nothing.
pub fn did_you_mean<'a, I>(name: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    nearest(name, candidates).map_or_else(String::new, |c| format!("; did you mean `{c}`?"))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb { prev } else { 1 + prev.min(cur).min(row[j]) };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_counts_lines_and_columns_from_one() {
        let p = Place::at("a.toml", "one\ntwo = 3\n", 8);
        assert_eq!((p.line, p.column, p.source_line.as_str()), (2, 5, "two = 3"));
    }

    #[test]
    fn place_clamps_offsets_past_the_end_and_inside_chars() {
        let p = Place::at("a", "é", 1);
        assert_eq!((p.line, p.column), (1, 1));
        let p = Place::at("a", "ab", 99);
        assert_eq!((p.line, p.column), (1, 3));
    }

    #[test]
    fn nearest_finds_typos_only() {
        let names = ["supported_by", "depends_on", "summary"];
        assert_eq!(nearest("suported_by", names), Some("supported_by"));
        assert_eq!(nearest("colour", names), None);
    }

    #[test]
    fn text_form_has_arrow_line_and_caret() {
        let d = Diagnostic::error("parse", "bad", Place::at("f.toml", "x = \n", 4));
        assert_eq!(d.render_text(), "error[parse]: bad\n --> f.toml:1:5\n  |\n1 | x = \n  |     ^\n");
    }
}
