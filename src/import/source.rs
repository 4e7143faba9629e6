//! Reading an export into a table: a CSV file (any encoding a spreadsheet
//! writes: UTF-8 with or without a byte-order mark, Latin-1, or lines of
//! both), or the JSON that `gh issue list --json ...` and `gh project
//! item-list --format json` print. Every cell keeps the line it came from,
//! so problems can be placed. Knows nothing about presets or milestones.

use crate::diagnostic::{Code, Diagnostic, Place};

/// An export as rows of named cells. A column name may repeat (Jira writes
/// one `Labels` column per label), and a JSON cell may hold several values.
#[derive(Debug, Default)]
pub(crate) struct Table {
    /// The file as named on the command line, for places.
    pub(crate) file: String,
    pub(crate) columns: Vec<String>,
    pub(crate) rows: Vec<Row>,
    /// The export is JSON (`gh`), not a spreadsheet.
    pub(crate) json: bool,
}

/// One item of the export.
#[derive(Debug, Default)]
pub(crate) struct Row {
    /// The line the row starts on (CSV), or the item's number (JSON), 1-based.
    pub(crate) line: usize,
    /// Per column (same order as `Table::columns`), the values: none when empty.
    pub(crate) cells: Vec<Vec<String>>,
}

impl Table {
    /// The indices of every column named `name` (exactly, then ignoring case).
    pub(crate) fn columns_named(&self, name: &str) -> Vec<usize> {
        let exact: Vec<usize> = (0..self.columns.len()).filter(|&i| self.columns[i] == name).collect();
        if !exact.is_empty() {
            return exact;
        }
        (0..self.columns.len()).filter(|&i| self.columns[i].eq_ignore_ascii_case(name)).collect()
    }

    /// A place for a problem in `row` at column `column` (or the header row when `None`).
    pub(crate) fn place(&self, row: Option<&Row>, column: Option<usize>) -> Place {
        Place {
            file: self.file.clone(),
            line: row.map_or(1, |r| r.line),
            column: column.map_or(1, |c| c + 1),
            source_line: String::new(),
            source_column: 1,
        }
    }
}

/// Reads an export from its bytes; `file` names it in diagnostics.
pub(crate) fn read(file: &str, bytes: &[u8]) -> Result<Table, Vec<Diagnostic>> {
    let start = Place { file: file.to_string(), line: 1, column: 1, source_line: String::new(), source_column: 1 };
    let text = decode(bytes);
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        let message = "the export is empty: export it again with its header row (CSV) or as a JSON list";
        return Err(vec![Diagnostic::new(Code::Import, message, start)]);
    }
    if text.contains('\0') {
        let message =
            "this is not a CSV or JSON export (it holds binary data): export CSV from the tool, or JSON from `gh`";
        return Err(vec![Diagnostic::new(Code::Import, message, start)]);
    }
    let mut table =
        if trimmed.starts_with('[') || trimmed.starts_with('{') { json(file, &text)? } else { csv(file, &text)? };
    table.file = file.to_string();
    if table.rows.is_empty() {
        let message = "the export has a header row but no items";
        return Err(vec![Diagnostic::new(Code::Import, message, start)]);
    }
    Ok(table)
}

/// Text from a spreadsheet's bytes: a UTF-8 byte-order mark is dropped, and
/// each line that is not valid UTF-8 is read as Latin-1 (ISO 8859-1), which
/// is what older spreadsheet programs write.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_string();
    }
    let mut out = String::with_capacity(bytes.len());
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        match std::str::from_utf8(line) {
            Ok(text) => out.push_str(text),
            Err(_) => out.extend(line.iter().map(|&b| b as char)),
        }
    }
    out
}

fn csv(file: &str, text: &str) -> Result<Table, Vec<Diagnostic>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(text.as_bytes());
    let place = |line: u64, message: String| {
        let place = Place {
            file: file.to_string(),
            line: line as usize,
            column: 1,
            source_line: String::new(),
            source_column: 1,
        };
        vec![Diagnostic::new(Code::Import, message, place)]
    };
    let columns: Vec<String> = match reader.headers() {
        Ok(headers) => headers.iter().map(|h| h.trim().to_string()).collect(),
        Err(e) => return Err(place(1, format!("cannot read the header row: {e}"))),
    };
    if columns.len() < 2 {
        let message = format!(
            "this does not look like a CSV export: its header row has one column (`{}`). Export CSV with a header row, or JSON from `gh`",
            clip(columns.first().map_or("", String::as_str))
        );
        return Err(place(1, message));
    }
    let mut rows = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(1, |p| p.line());
                return Err(place(line, format!("cannot read this row: {e}")));
            }
        };
        let line = record.position().map_or(n + 2, |p| p.line() as usize);
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let cells = (0..columns.len())
            .map(|i| record.get(i).map(str::trim).filter(|c| !c.is_empty()).map(str::to_string).into_iter().collect())
            .collect();
        rows.push(Row { line, cells });
    }
    Ok(Table { file: file.to_string(), columns, rows, json: false })
}

/// A list of objects (`gh issue list --json`), or an object whose `items`
/// is one (`gh project item-list --format json`). Nested objects become
/// dotted columns (`content.number`, `milestone.dueOn`) and also a column of
/// their own holding their name (`milestone` -> its title); lists of objects
/// (labels, assignees) hold each one's name or login.
fn json(file: &str, text: &str) -> Result<Table, Vec<Diagnostic>> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let place = Place {
            file: file.to_string(),
            line: e.line(),
            column: e.column(),
            source_line: String::new(),
            source_column: 1,
        };
        vec![Diagnostic::new(Code::Import, format!("this is not valid JSON: {e}"), place)]
    })?;
    let items = match value.as_array().or_else(|| value.get("items").and_then(serde_json::Value::as_array)) {
        Some(items) => items,
        None => {
            let message = "a JSON export must be a list of items, or an object with `items` (as `gh project item-list --format json` prints)";
            let place =
                Place { file: file.to_string(), line: 1, column: 1, source_line: String::new(), source_column: 1 };
            return Err(vec![Diagnostic::new(Code::Import, message, place)]);
        }
    };
    let mut table = Table { file: file.to_string(), json: true, ..Table::default() };
    let flat: Vec<Vec<(String, Vec<String>)>> = items.iter().map(|item| flatten(item, "")).collect();
    for fields in &flat {
        for (name, _) in fields {
            if !table.columns.contains(name) {
                table.columns.push(name.clone());
            }
        }
    }
    for (n, fields) in flat.into_iter().enumerate() {
        let mut cells = vec![Vec::new(); table.columns.len()];
        for (name, values) in fields {
            if let Some(i) = table.columns.iter().position(|c| *c == name) {
                cells[i] = values;
            }
        }
        table.rows.push(Row { line: n + 1, cells });
    }
    Ok(table)
}

/// The (column, values) pairs of one JSON item.
fn flatten(value: &serde_json::Value, prefix: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let serde_json::Value::Object(map) = value else { return out };
    for (key, value) in map {
        let name = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
        match value {
            serde_json::Value::Object(_) => {
                out.push((name.clone(), scalar_or_name(value).into_iter().collect()));
                out.extend(flatten(value, &name));
            }
            serde_json::Value::Array(list) => out.push((name, list.iter().filter_map(scalar_or_name).collect())),
            _ => out.push((name, scalar_or_name(value).into_iter().collect())),
        }
    }
    out
}

/// A JSON value as one cell: a string, a number, or an object's name, login or title.
fn scalar_or_name(value: &serde_json::Value) -> Option<String> {
    let text = match value {
        serde_json::Value::String(s) => s.trim().to_string(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::Bool(b) => b.to_string(),
        serde_json::Value::Object(map) => {
            return ["name", "login", "title"].iter().find_map(|k| map.get(*k)).and_then(scalar_or_name);
        }
        _ => return None,
    };
    Some(text).filter(|t| !t.is_empty())
}

/// A cell shortened for a message.
pub(crate) fn clip(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(60).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_lines_and_a_bom_are_read() {
        let bytes = b"\xEF\xBB\xBFTitle,Status\nCaf\xE9 launch,Done\nNa\xC3\xAFve,Todo\n";
        let table = read("x.csv", bytes).unwrap();
        assert_eq!(table.columns, ["Title", "Status"]);
        assert_eq!(table.rows[0].cells[0], ["Café launch"]);
        assert_eq!(table.rows[1].cells[0], ["Naïve"]);
        assert_eq!(table.rows[1].line, 3);
    }

    #[test]
    fn json_lists_of_objects_give_names() {
        let text = r#"[{"title":"A","number":12,"labels":[{"name":"ui"},{"name":"help wanted"}],"milestone":{"title":"v2","dueOn":"2027-01-31T00:00:00Z"}}]"#;
        let table = read("x.json", text.as_bytes()).unwrap();
        let cell = |name: &str| table.rows[0].cells[table.columns_named(name)[0]].clone();
        assert_eq!(cell("labels"), ["ui", "help wanted"]);
        assert_eq!(cell("number"), ["12"]);
        assert_eq!(cell("milestone"), ["v2"]);
        assert_eq!(cell("milestone.dueOn"), ["2027-01-31T00:00:00Z"]);
    }
}
