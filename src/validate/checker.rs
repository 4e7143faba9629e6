//! `Checker`: the small toolbox every validation step uses to turn raw
//! spanned values into model values while recording diagnostics at the
//! right file, line and column.

use super::index::Index;
use crate::content::raw::Str;
use crate::content::SourceFile;
use crate::diagnostic::{did_you_mean, Code, Diagnostic, Place};
use crate::markdown;
use crate::model::{Date, Due};
use std::ops::Range;

/// Collects diagnostics for one file.
pub(crate) struct Checker<'a> {
    pub(crate) files: &'a [SourceFile],
    pub(crate) file: usize,
    /// Added to every span: where the TOML being checked starts in the file (front matter).
    pub(crate) base: usize,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    pub(crate) fn new(files: &'a [SourceFile], file: usize) -> Self {
        Checker { files, file, base: 0, diagnostics: Vec::new() }
    }

    /// A checker for TOML that starts at byte `base` of the file.
    pub(crate) fn with_base(files: &'a [SourceFile], file: usize, base: usize) -> Self {
        Checker { files, file, base, diagnostics: Vec::new() }
    }

    pub(crate) fn place(&self, offset: usize) -> Place {
        self.files[self.file].place(self.base + offset)
    }

    pub(crate) fn error(&mut self, code: Code, message: impl Into<String>, offset: usize) {
        let place = self.place(offset);
        self.diagnostics.push(Diagnostic::new(code, message, place));
    }

    /// Parses a closed set of names; an invalid one is reported with the nearest valid name.
    pub(crate) fn one_of<T>(
        &mut self,
        value: &Str,
        what: &str,
        parse: fn(&str) -> Option<T>,
        names: &[&str],
    ) -> Option<T> {
        let text = value.get_ref().as_str();
        let parsed = parse(text);
        if parsed.is_none() {
            let hint = did_you_mean(text, names.iter().copied());
            let list = names.join(", ");
            self.error(
                Code::InvalidValue,
                format!("invalid {what} `{text}`: expected one of {list}{hint}"),
                value.span().start,
            );
        }
        parsed
    }

    /// Checks an id is a lowercase slug.
    pub(crate) fn slug(&mut self, value: &Str, what: &str) -> bool {
        let ok = is_slug(value.get_ref());
        if !ok {
            let message = format!(
                "invalid {what} id `{}`: ids are lowercase letters, digits and `-` (try `{}`)",
                value.get_ref(),
                suggest_slug(value.get_ref())
            );
            self.error(Code::InvalidValue, message, value.span().start);
        }
        ok
    }

    /// An item's `audiences`, each of which must be defined under `[audiences]`
    /// in `roadbook.toml` (a typo would silently hide the item from everyone).
    /// Reports each audience name that roadbook.toml does not define.
    pub(crate) fn audiences(&mut self, value: &Option<Vec<Str>>, known: &[String]) {
        let Some(list) = value.as_ref() else { return };
        for name in list {
            let text = name.get_ref().as_str();
            if known.iter().any(|k| k == text) {
                continue;
            }
            let message = if known.is_empty() {
                format!("unknown audience `{text}`: define it under [audiences] in roadbook.toml")
            } else {
                let hint = did_you_mean(text, known.iter().map(String::as_str));
                format!("unknown audience `{text}`: expected one of {}{hint}", known.join(", "))
            };
            self.error(Code::InvalidValue, message, name.span().start);
        }
    }

    pub(crate) fn date(&mut self, value: &Str, what: &str) -> Option<Date> {
        let date = Date::parse(value.get_ref());
        if date.is_none() {
            let message = format!("invalid {what} `{}`: expected a date written YYYY-MM-DD", value.get_ref());
            self.error(Code::InvalidValue, message, value.span().start);
        }
        date
    }

    pub(crate) fn due(&mut self, value: &Str, what: &str) -> Option<Due> {
        let due = Due::parse(value.get_ref());
        if due.is_none() {
            let message = format!("invalid {what} `{}`: expected {}", value.get_ref(), Due::FORMS);
            self.error(Code::InvalidValue, message, value.span().start);
        }
        due
    }

    /// Renders a Markdown string field, placing link problems inside the string.
    pub(crate) fn markdown(&mut self, value: &Str, index: &Index) -> markdown::Rendered {
        let rendered = index.render(value.get_ref());
        let start = self.string_content_start(value.span());
        for problem in &rendered.problems {
            self.error(problem.code, problem.message.clone(), start + problem.offset);
        }
        for warning in &rendered.warnings {
            let place = self.place(start + warning.offset);
            self.diagnostics.push(Diagnostic::new(warning.code, warning.message.clone(), place));
        }
        rendered
    }

    /// Where the text of a TOML string starts, past its quotes (and the newline
    /// TOML trims after `"""`). Escapes inside may shift columns slightly.
    pub(crate) fn string_content_start(&self, span: Range<usize>) -> usize {
        let text = &self.files[self.file].text;
        let raw = text.get(self.base + span.start..self.base + span.end).unwrap_or("");
        let quotes = if raw.starts_with("\"\"\"") || raw.starts_with("'''") { 3 } else { 1 };
        let mut start = span.start + quotes.min(raw.len());
        if quotes == 3 {
            let after = text.get(self.base + start..).unwrap_or("");
            if after.starts_with("\r\n") {
                start += 2;
            } else if after.starts_with('\n') {
                start += 1;
            }
        }
        start
    }
}

/// `[a-z0-9-]+`.
pub(crate) fn is_slug(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn suggest_slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{matches_pattern, ID_PATTERN};

    #[test]
    fn the_id_pattern_for_editors_is_what_is_slug_accepts() {
        for text in ["a", "instant-payouts", "v2", "2027", "-", "a--b", "A", "a_b", "a b", "", "café", "a.b", " a"] {
            assert_eq!(matches_pattern(ID_PATTERN, text), is_slug(text), "{text:?}");
        }
    }
}
