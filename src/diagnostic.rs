//! Diagnostics: what went wrong (or could be better) in the content, and where.
//!
//! A `Diagnostic` carries a stable code, a severity, a message and the place
//! (file relative to the site root, 1-based line and column, the source line
//! cut to `EXCERPT_CHARS` around the column). `LineIndex` turns a byte offset
//! into line and column with a binary search (one index per file, so placing
//! many diagnostics in a large file stays linear); `Place::at` does it once
//! without an index. `render_text` prints the rustc-like form. Nothing here
//! reads files: callers hand in the text. The codes and their severities are
//! listed once, in `code`.

mod code;

use serde::Serialize;
use std::fmt::Write as _;

pub(crate) use code::{Code, LINT_LEVELS};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Severity {
    Error,
    Warning,
}

/// At most this many characters of a source line are quoted, around the column.
pub(crate) const EXCERPT_CHARS: usize = 120;

/// A place in a content file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Place {
    pub(crate) file: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
    /// The source line, or `EXCERPT_CHARS` of it around the column, with `…` where cut.
    pub(crate) source_line: String,
    /// The column of the place within `source_line` (1-based, in characters).
    pub(crate) source_column: usize,
}

impl Place {
    /// The place of byte `offset` in `text` (clamped to the text, snapped to a char boundary).
    /// Counts lines from the start: for one place; a file with many uses a `LineIndex`.
    pub(crate) fn at(file: &str, text: &str, offset: usize) -> Place {
        let offset = snap(text, offset);
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line = text.as_bytes()[..line_start].iter().filter(|&&b| b == b'\n').count() + 1;
        Place::in_line(file, text, offset, line, line_start)
    }

    /// The place of `offset` on line `line` (1-based), which starts at byte `line_start`.
    fn in_line(file: &str, text: &str, offset: usize, line: usize, line_start: usize) -> Place {
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let column = text[line_start..offset].chars().count() + 1;
        let line_text = text[line_start..line_end].trim_end_matches('\r');
        let (source_line, source_column) = excerpt(line_text, offset.min(line_text.len() + line_start) - line_start);
        Place { file: file.to_string(), line, column, source_line, source_column }
    }

    /// The start of a file that has no text to point into.
    pub(crate) fn file_start(file: &str) -> Place {
        Place { file: file.to_string(), line: 1, column: 1, source_line: String::new(), source_column: 1 }
    }
}

/// `offset` clamped to `text` and moved back to a char boundary.
fn snap(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// At most `EXCERPT_CHARS` of `line` around byte `at` (a char boundary), `…` marking a cut,
/// and the 1-based column of `at` in that excerpt. Costs the excerpt, not the line.
fn excerpt(line: &str, at: usize) -> (String, usize) {
    let half = EXCERPT_CHARS / 2;
    let before = &line[..at];
    let start = before.char_indices().rev().nth(half - 1).map_or(0, |(i, _)| i);
    let after = &line[start..];
    let end = after.char_indices().nth(EXCERPT_CHARS).map_or(line.len(), |(i, _)| start + i);
    let cut_before = if start > 0 { "…" } else { "" };
    let cut_after = if end < line.len() { "…" } else { "" };
    let column = line[start..at].chars().count() + 1 + usize::from(start > 0);
    (format!("{cut_before}{}{cut_after}", &line[start..end]), column)
}

/// Where each line of a text starts, to place many byte offsets in it with a binary search.
#[derive(Debug, Clone, Default)]
pub(crate) struct LineIndex {
    /// Byte offset of the start of each line after the first.
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> LineIndex {
        // A byte scan the compiler vectorises: this runs once per file read.
        let starts = text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1).collect();
        LineIndex { starts }
    }

    /// The place of byte `offset` in `text` (the text this index was made from).
    pub(crate) fn place(&self, file: &str, text: &str, offset: usize) -> Place {
        let offset = snap(text, offset);
        let before = self.starts.partition_point(|&start| start <= offset);
        let line_start = if before == 0 { 0 } else { self.starts[before - 1] };
        Place::in_line(file, text, offset, before + 1, line_start)
    }
}

/// One problem found in the content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Diagnostic {
    pub(crate) code: Code,
    pub(crate) severity: Severity,
    pub(crate) message: String,
    pub(crate) place: Box<Place>,
    /// Further places worth showing (e.g. the first definition of a duplicate id).
    pub(crate) notes: Vec<(String, Place)>,
}

impl Diagnostic {
    /// A diagnostic with the severity its code has.
    pub(crate) fn new(code: Code, message: impl Into<String>, place: Place) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            place: Box::new(place),
            notes: Vec::new(),
        }
    }

    /// A failure of roadbook itself, not of the content, while making `file`: says so and asks for a report.
    pub(crate) fn internal(file: &str, message: impl std::fmt::Display) -> Self {
        let message = format!("{message}; this is a bug in roadbook, please report it");
        Diagnostic::new(Code::Internal, message, Place::file_start(file))
    }

    pub(crate) fn with_note(mut self, message: impl Into<String>, place: Place) -> Self {
        self.notes.push((message.into(), place));
        self
    }

    pub(crate) fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The rustc-like text form: header, arrow with the place, source line and caret.
    pub(crate) fn render_text(&self) -> String {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!("{severity}[{}]: {}\n", self.code, self.message);
        write_place(&mut out, &self.place);
        if let Some(help) = self.help() {
            let gutter = " ".repeat(self.place.line.to_string().len());
            let _ = writeln!(out, "{gutter} = help: {help}");
        }
        for (message, place) in &self.notes {
            let _ = writeln!(out, "note: {message}");
            write_place(&mut out, place);
        }
        out
    }

    /// How to silence a warning, for its item (where the file's items take `allow`) and for the
    /// site; nothing for an error. The one place every warning's text gets it from.
    pub(crate) fn help(&self) -> Option<String> {
        if self.is_error() {
            return None;
        }
        let code = self.code;
        let site = format!("`{code} = \"allow\"` under [lint] in roadbook.toml");
        // roadbook.toml and the glossary's terms are no item that takes `allow`.
        let itemless = self.place.file == "roadbook.toml" || self.place.file == "content/glossary.toml";
        Some(if itemless {
            format!("to silence it, set {site}")
        } else {
            format!("to silence it, add `allow = [\"{code}\"]` to this item, or for the whole site set {site}")
        })
    }
}

/// Diagnostics as one build shows them. A build for an audience (an edition)
/// gives those about items it does not show only as counts (`Withheld`), so
/// its preview and its log name nothing the edition hides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Shown {
    pub(crate) list: Vec<Diagnostic>,
    pub(crate) withheld: Withheld,
}

/// How many diagnostics an edition leaves out, by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Withheld {
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
}

impl Shown {
    /// Every error, shown or withheld.
    pub(crate) fn errors(&self) -> usize {
        self.list.iter().filter(|d| d.is_error()).count() + self.withheld.errors
    }

    /// Every warning, shown or withheld.
    pub(crate) fn warnings(&self) -> usize {
        self.list.iter().filter(|d| !d.is_error()).count() + self.withheld.warnings
    }

    /// The text form of every shown diagnostic, then the line counting the withheld ones.
    pub(crate) fn render_text(&self) -> String {
        let mut blocks: Vec<String> = self.list.iter().map(Diagnostic::render_text).collect();
        blocks.extend(self.withheld.line().map(|line| format!("{line}\n")));
        blocks.join("\n")
    }
}

impl From<Vec<Diagnostic>> for Shown {
    fn from(list: Vec<Diagnostic>) -> Self {
        Shown { list, withheld: Withheld::default() }
    }
}

impl From<Diagnostic> for Shown {
    fn from(d: Diagnostic) -> Self {
        Shown::from(vec![d])
    }
}

impl Withheld {
    /// "2 warnings in items outside this edition; run `roadbook check` to see them", or nothing.
    pub(crate) fn line(&self) -> Option<String> {
        let count = |n: usize, what: &str| match n {
            0 => None,
            1 => Some(format!("1 {what}")),
            n => Some(format!("{n} {what}s")),
        };
        let parts: Vec<String> =
            [count(self.errors, "error"), count(self.warnings, "warning")].into_iter().flatten().collect();
        let them = if self.errors + self.warnings == 1 { "it" } else { "them" };
        (!parts.is_empty()).then(|| {
            format!("{} in items outside this edition; run `roadbook check` to see {them}", parts.join(" and "))
        })
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
        .take(place.source_column.saturating_sub(1))
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
    /// How to silence a warning (absent for an error).
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<String>,
}

/// One JSON array of `{"code","severity","message","file","line","column"}` objects.
pub(crate) fn to_json(diagnostics: &[Diagnostic]) -> Result<String, serde_json::Error> {
    let list: Vec<JsonDiagnostic> = diagnostics
        .iter()
        .map(|d| JsonDiagnostic {
            code: d.code.as_str(),
            severity: d.severity,
            message: &d.message,
            file: &d.place.file,
            line: d.place.line,
            column: d.place.column,
            help: d.help(),
        })
        .collect();
    json_array(&list)
}

/// A list as one pretty JSON array; a value that cannot be written is an error, never an empty array.
fn json_array<T: Serialize>(list: &[T]) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(list)
}

/// Sorts diagnostics by file, line, column, then code, so output is stable.
pub(crate) fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.place.file, a.place.line, a.place.column, a.code.as_str(), &a.message).cmp(&(
            &b.place.file,
            b.place.line,
            b.place.column,
            b.code.as_str(),
            &b.message,
        ))
    });
}

/// The candidate closest to `name` by edit distance (a swapped pair of
/// letters counts as one edit), if it is close enough to be a typo.
pub(crate) fn nearest<'a, I>(name: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let limit = (name.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// ", did you mean `x`?" or nothing.
pub(crate) fn did_you_mean<'a, I>(name: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    nearest(name, candidates).map_or_else(String::new, |c| format!("; did you mean `{c}`?"))
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
    fn line_index_places_like_counting_from_the_start() {
        let text = "one\ntwo = 3\r\n\nfour é\nlast";
        let index = LineIndex::new(text);
        for offset in 0..text.len() + 3 {
            assert_eq!(index.place("a", text, offset), Place::at("a", text, offset), "offset {offset}");
        }
    }

    #[test]
    fn long_lines_are_quoted_around_the_column() {
        let line = format!("{}x = {}", "a".repeat(1000), "é".repeat(1000));
        let p = Place::at("f.toml", &line, 1000);
        assert_eq!((p.line, p.column, p.source_column), (1, 1001, 62));
        assert_eq!(p.source_line, format!("…{}x = {}…", "a".repeat(60), "é".repeat(56)));
        let d = Diagnostic::new(Code::Parse, "bad", p).render_text();
        assert!(d.ends_with(&format!("  | {}^\n", " ".repeat(61))), "{d}");
        let p = Place::at("f.toml", &line, 0);
        assert_eq!((p.source_column, p.source_line.chars().count()), (1, 121));
        let p = Place::at("f.toml", &line, line.len());
        assert_eq!((p.column, p.source_column, p.source_line.chars().count()), (2005, 62, 61));
    }

    #[test]
    fn nearest_finds_typos_only() {
        let names = ["supported_by", "depends_on", "summary"];
        assert_eq!(nearest("suported_by", names), Some("supported_by"));
        assert_eq!(nearest("colour", names), None);
        // A swapped pair is one edit: `stauts` is `status`, not `start` (two edits).
        assert_eq!(nearest("stauts", ["start", "status"]), Some("status"));
    }

    #[test]
    fn withheld_diagnostics_are_one_counting_line() {
        assert_eq!(Withheld::default().line(), None);
        let line = |errors, warnings| Withheld { errors, warnings }.line().unwrap();
        assert_eq!(line(0, 2), "2 warnings in items outside this edition; run `roadbook check` to see them");
        assert_eq!(line(1, 0), "1 error in items outside this edition; run `roadbook check` to see it");
        assert_eq!(
            line(1, 3),
            "1 error and 3 warnings in items outside this edition; run `roadbook check` to see them"
        );
        let shown = Shown {
            list: vec![Diagnostic::new(Code::Unscheduled, "x", Place::file_start("f"))],
            withheld: Withheld { errors: 1, warnings: 0 },
        };
        assert_eq!((shown.errors(), shown.warnings()), (1, 1));
        assert_eq!(
            shown.render_text(),
            "warning[unscheduled]: x\n --> f:1:1\n  = help: to silence it, add `allow = [\"unscheduled\"]` to this item, or for the whole site set `unscheduled = \"allow\"` under [lint] in roadbook.toml\n\n1 error in items outside this edition; run `roadbook check` to see it\n"
        );
    }

    #[test]
    fn json_that_cannot_be_written_is_an_error_not_an_empty_array() {
        struct Unwritable;
        impl Serialize for Unwritable {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("refused"))
            }
        }
        assert_eq!(json_array(&[Unwritable]).unwrap_err().to_string(), "refused");
        let d = Diagnostic::new(Code::Parse, "bad", Place::file_start("f"));
        let json = to_json(&[d]).unwrap();
        assert!(json.starts_with("[\n  {\n    \"code\": \"parse\",\n"), "{json}");
    }

    #[test]
    fn text_form_has_arrow_line_and_caret() {
        let d = Diagnostic::new(Code::Parse, "bad", Place::at("f.toml", "x = \n", 4));
        assert_eq!(d.render_text(), "error[parse]: bad\n --> f.toml:1:5\n  |\n1 | x = \n  |     ^\n");
    }
}
