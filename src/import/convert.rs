//! Rows of an export into milestones: which column fills which field (the
//! preset, then `--map`), statuses through the preset's table and
//! `[import.status]`, dates through `dates`, tracks from `--track`, a column,
//! or the issue type. Every problem is collected with its row and column.

use super::dates::{self, DateOrder};
use super::preset::{self, Field, Preset};
use super::source::{clip, Row, Table};
use crate::diagnostic::{did_you_mean, Code, Diagnostic};
use crate::model::Status;
use std::collections::{BTreeMap, HashMap};

/// One milestone as the source describes it. `None` and empty lists are
/// fields the source has no value for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item {
    pub(crate) key: String,
    pub(crate) title: String,
    pub(crate) track: String,
    pub(crate) status: Option<String>,
    pub(crate) due: Option<String>,
    pub(crate) start: Option<String>,
    pub(crate) area: Option<String>,
    pub(crate) owner: Option<String>,
    pub(crate) tags: Vec<String>,
    pub(crate) description: Option<String>,
    pub(crate) url: Option<String>,
    /// Keys of the items this one depends on.
    pub(crate) depends_on: Vec<String>,
}

/// What the conversion needs to know.
pub(crate) struct Rules<'a> {
    pub(crate) preset: Preset,
    /// `--map FIELD=COLUMN`, already parsed.
    pub(crate) map: &'a [(Field, String)],
    /// `--track`.
    pub(crate) track: Option<&'a str>,
    /// `[import.status]`: the source's value -> a roadbook status.
    pub(crate) statuses: &'a BTreeMap<String, String>,
    pub(crate) dates: DateOrder,
}

/// The items of `table`, with the fields the export has a column for; or every problem.
pub(crate) fn items(table: &Table, rules: &Rules) -> Result<(Vec<Item>, Vec<Field>), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let columns = resolve(table, rules, &mut errors);
    if !columns.contains_key(&Field::Title) && errors.is_empty() {
        let expected = rules.preset.columns(Field::Title);
        errors.push(missing_column(table, Field::Title, expected));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let statuses = status_table(rules);
    let mut items: Vec<Item> = Vec::new();
    let mut first_row: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let cell = |field| columns.get(&field).and_then(|cols| first(row, cols));
        let Some(title) = cell(Field::Title) else {
            let column = columns[&Field::Title][0];
            let message = "this item has no title";
            errors.push(Diagnostic::new(Code::Import, message, table.place(Some(row), Some(column))));
            continue;
        };
        let key = match cell(Field::Key) {
            Some(key) => key_of(rules.preset, &key),
            None => title.clone(),
        };
        if let Some(&line) = first_row.get(&key) {
            let message =
                format!("the key `{}` is given twice (first on line {line}); each item needs its own key", clip(&key));
            let column = columns.get(&Field::Key).map(|c| c[0]);
            errors.push(Diagnostic::new(Code::Import, message, table.place(Some(row), column)));
            continue;
        }
        first_row.insert(key.clone(), row.line);
        let item = Item {
            track: track(rules, cell(Field::Track)),
            status: cell(Field::Status).and_then(|s| status(table, row, &columns, &statuses, &s, &mut errors)),
            due: cell(Field::Due).and_then(|d| date(table, row, &columns, Field::Due, &d, rules.dates, &mut errors)),
            start: cell(Field::Start)
                .and_then(|d| date(table, row, &columns, Field::Start, &d, rules.dates, &mut errors)),
            area: cell(Field::Area),
            owner: columns.get(&Field::Owner).map(|cols| all(row, cols, false).join(", ")).filter(|o| !o.is_empty()),
            tags: columns
                .get(&Field::Tags)
                .map_or_else(Vec::new, |cols| all(row, cols, rules.preset.splits(Field::Tags))),
            description: cell(Field::Description),
            url: cell(Field::Url).filter(|u| u.starts_with("https://") || u.starts_with("http://")),
            depends_on: columns.get(&Field::DependsOn).map_or_else(Vec::new, |cols| all(row, cols, true)),
            key,
            title,
        };
        items.push(item);
    }
    if let Some(blocks) = columns.get(&Field::Blocks) {
        link_blocks(table, blocks, &mut items);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut fields: Vec<Field> = columns.into_keys().collect();
    fields.sort();
    Ok((items, fields))
}

/// For each field, the columns that fill it: `--map` wins, then the preset's first candidate present.
fn resolve(table: &Table, rules: &Rules, errors: &mut Vec<Diagnostic>) -> BTreeMap<Field, Vec<usize>> {
    let mut columns = BTreeMap::new();
    for field in Field::ALL {
        let mapped: Vec<&String> = rules.map.iter().filter(|(f, _)| *f == field).map(|(_, c)| c).collect();
        if !mapped.is_empty() {
            let mut found = Vec::new();
            for name in mapped {
                let at = table.columns_named(name);
                if at.is_empty() {
                    let hint = did_you_mean(name, table.columns.iter().map(String::as_str));
                    let message = format!(
                        "no column `{name}` in the header (from --map {}={name}){hint}; the columns are {}",
                        field.name(),
                        list(&table.columns)
                    );
                    errors.push(Diagnostic::new(Code::Import, message, table.place(None, None)));
                }
                found.extend(at);
            }
            columns.insert(field, found);
            continue;
        }
        // Prefer a candidate that has values, so a present but empty column does not hide a fuller one.
        let candidates: Vec<Vec<usize>> =
            rules.preset.columns(field).iter().map(|c| table.columns_named(c)).filter(|at| !at.is_empty()).collect();
        let best =
            candidates.iter().find(|at| table.rows.iter().any(|r| first(r, at).is_some())).or(candidates.first());
        if let Some(at) = best {
            columns.insert(field, at.clone());
        }
    }
    columns
}

fn missing_column(table: &Table, field: Field, expected: &[&str]) -> Diagnostic {
    let near = expected.iter().find_map(|e| crate::diagnostic::nearest(e, table.columns.iter().map(String::as_str)));
    let hint = near.map_or_else(|| ".".to_string(), |n| format!("; did you mean `{n}`?"));
    let message = format!(
        "no {} column: expected {}{hint} Name it with --map {}=COLUMN (the columns are {})",
        field.name(),
        if expected.is_empty() { "one named by --map".to_string() } else { format!("one of {}", list(expected)) },
        field.name(),
        list(&table.columns)
    );
    Diagnostic::new(Code::Import, message, table.place(None, None))
}

/// A did-you-mean hint, or the full stop the sentence needs without one.
fn ended(hint: String) -> String {
    if hint.is_empty() {
        ".".to_string()
    } else {
        hint
    }
}

fn list<S: AsRef<str>>(names: &[S]) -> String {
    names.iter().map(|n| format!("`{}`", n.as_ref())).collect::<Vec<_>>().join(", ")
}

/// The first value of a row in these columns.
fn first(row: &Row, columns: &[usize]) -> Option<String> {
    columns.iter().find_map(|&c| row.cells.get(c).and_then(|v| v.first()).cloned())
}

/// Every value of a row in these columns, in order, without repeats; split at commas when `split`.
fn all(row: &Row, columns: &[usize], split: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in columns.iter().filter_map(|&c| row.cells.get(c)).flatten() {
        let parts: Vec<&str> = if split { value.split(',').collect() } else { vec![value.as_str()] };
        for part in parts.into_iter().map(str::trim).filter(|p| !p.is_empty()) {
            if !out.iter().any(|o| o == part) {
                out.push(part.to_string());
            }
        }
    }
    out
}

/// The key as stored: GitHub issue URLs become `owner/repo#12`, numbers `#12`.
fn key_of(preset: Preset, key: &str) -> String {
    if preset != Preset::Github {
        return key.to_string();
    }
    if key.bytes().all(|b| b.is_ascii_digit()) {
        return format!("#{key}");
    }
    let path = key.trim_end_matches('/').strip_prefix("https://github.com/").unwrap_or(key);
    match path.split('/').collect::<Vec<_>>()[..] {
        [owner, repo, "issues" | "pull", number] => format!("{owner}/{repo}#{number}"),
        _ => key.to_string(),
    }
}

fn track(rules: &Rules, cell: Option<String>) -> String {
    let from_cell = cell.as_deref().and_then(preset::track_of_type);
    rules.track.or(from_cell).unwrap_or("business").to_string()
}

/// The preset's statuses with `[import.status]` on top, by lowercased source value.
fn status_table(rules: &Rules) -> BTreeMap<String, (String, String)> {
    let mut table: BTreeMap<String, (String, String)> = BTreeMap::new();
    for (from, to) in rules.preset.statuses() {
        table.insert(from.to_lowercase(), (from.to_string(), to.to_string()));
    }
    for name in Status::NAMES {
        table.insert(name.to_string(), (name.to_string(), name.to_string()));
    }
    for (from, to) in rules.statuses {
        table.insert(from.to_lowercase(), (from.clone(), to.clone()));
    }
    table
}

fn status(
    table: &Table,
    row: &Row,
    columns: &BTreeMap<Field, Vec<usize>>,
    statuses: &BTreeMap<String, (String, String)>,
    value: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<String> {
    if let Some((_, to)) = statuses.get(&value.to_lowercase()) {
        return Some(to.clone());
    }
    let known: Vec<&str> = statuses.values().map(|(from, _)| from.as_str()).collect();
    let hint = ended(did_you_mean(value, known.iter().copied()));
    let column = columns[&Field::Status].first().copied();
    let message = format!(
        "the status `{}` in column `{}` has no meaning in roadbook{hint} Say what it means in roadbook.toml:\n[import.status]\n\"{}\" = \"in-progress\"   # one of {}",
        clip(value),
        column.map_or("", |c| table.columns[c].as_str()),
        value.replace('"', "\\\""),
        Status::NAMES.join(", ")
    );
    errors.push(Diagnostic::new(Code::Import, message, table.place(Some(row), column)));
    None
}

#[allow(clippy::too_many_arguments)]
fn date(
    table: &Table,
    row: &Row,
    columns: &BTreeMap<Field, Vec<usize>>,
    field: Field,
    value: &str,
    order: DateOrder,
    errors: &mut Vec<Diagnostic>,
) -> Option<String> {
    if let Some(date) = dates::parse(value, order) {
        return Some(date);
    }
    let column = columns[&field].first().copied();
    let message = format!(
        "cannot read the date `{}` in column `{}` (the {} date): roadbook reads 2027-01-12, 12/Jan/27, 01/12/2027 (--dates us) or 12/01/2027 (--dates dmy), 2027-Q1 and 2027-01",
        clip(value),
        column.map_or("", |c| table.columns[c].as_str()),
        field.name()
    );
    errors.push(Diagnostic::new(Code::Import, message, table.place(Some(row), column)));
    None
}

/// "A blocks B" (Jira's outward links) is "B depends on A".
fn link_blocks(table: &Table, blocks: &[usize], items: &mut [Item]) {
    let mut extra: Vec<(String, String)> = Vec::new();
    for (row, item) in table.rows.iter().zip(items.iter()) {
        for blocked in all(row, blocks, true) {
            extra.push((blocked, item.key.clone()));
        }
    }
    for (blocked, blocker) in extra {
        if let Some(item) = items.iter_mut().find(|i| i.key == blocked) {
            if !item.depends_on.contains(&blocker) {
                item.depends_on.push(blocker);
            }
        }
    }
}
