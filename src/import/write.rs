//! The imported items as roadmap TOML, written new or edited in place with
//! `toml_edit` so that everything a person wrote survives a re-import:
//! comments, formatting, and every field the export has no column for
//! (customer need, metrics, gates, `supported_by`, narrative links). Items
//! are matched by `key`; those that left the export are marked `dropped`.
//! Pure: text in, text out.

use super::convert::Item;
use super::preset::{Field, Preset};
use std::collections::{BTreeMap, HashMap, HashSet};
use toml_edit::{value, Array, ArrayOfTables, DocumentMut, Item as TomlItem, Table, Value};

/// What an import changes in the file.
#[derive(Debug, Default)]
pub(crate) struct Changes {
    /// (key, id, title) of new items.
    pub(crate) added: Vec<(String, String, String)>,
    /// (key, changed fields) of items already in the file.
    pub(crate) updated: Vec<(String, Vec<&'static str>)>,
    /// (key, title) of items no longer in the export, now `dropped`.
    pub(crate) dropped: Vec<(String, String)>,
    /// (key, title) of `done` items no longer in the export: they stay done (tools often export open work only).
    pub(crate) gone_done: Vec<(String, String)>,
    pub(crate) unchanged: usize,
    /// (key, dependency key) where the dependency is not in the export: left out.
    pub(crate) unknown_links: Vec<(String, String)>,
}

/// The source-owned TOML fields, given the fields the export has columns for.
fn owned(fields: &[Field], track_given: bool) -> Vec<&'static str> {
    let mut owned = vec!["title"];
    owned.extend(fields.iter().filter_map(|f| f.written_as()));
    if track_given && !owned.contains(&"track") {
        owned.push("track");
    }
    owned.dedup();
    owned
}

/// What the import writes: the new text of the file, and what changed.
/// `existing` is the file's text when it exists; `taken` the milestone ids
/// used elsewhere in the site, which new ids avoid.
pub(crate) fn render(
    existing: Option<&str>,
    header: &str,
    items: &[Item],
    fields: &[Field],
    track_given: bool,
    preset: Preset,
    taken: &HashSet<String>,
) -> Result<(String, Changes), String> {
    let mut doc: DocumentMut = match existing {
        Some(text) => text.parse().map_err(|e| format!("cannot read it as TOML: {e}"))?,
        None => DocumentMut::new(),
    };
    if doc.get("milestone").is_none() {
        doc.insert("milestone", TomlItem::ArrayOfTables(ArrayOfTables::new()));
    }
    let Some(tables) = doc.get_mut("milestone").and_then(TomlItem::as_array_of_tables_mut) else {
        return Err("its `milestone` is not a list of [[milestone]] tables".to_string());
    };
    let owned = owned(fields, track_given);
    let ids = assign_ids(tables, items, taken);
    let mut changes = Changes::default();
    let position: HashMap<String, usize> =
        tables.iter().enumerate().filter_map(|(i, t)| Some((key_of(t)?.to_string(), i))).collect();
    for item in items {
        let fields = values(item, &ids, preset, &mut changes.unknown_links);
        match position.get(&item.key) {
            Some(&i) => {
                let table = tables.get_mut(i).expect("position of an existing table");
                let changed = update(table, &fields, &owned);
                if changed.is_empty() {
                    changes.unchanged += 1;
                } else {
                    changes.updated.push((item.key.clone(), changed));
                }
            }
            None => {
                tables.push(new_table(&ids[&item.key], &item.key, &fields));
                changes.added.push((item.key.clone(), ids[&item.key].clone(), item.title.clone()));
            }
        }
    }
    let in_source: HashSet<&str> = items.iter().map(|i| i.key.as_str()).collect();
    for table in tables.iter_mut() {
        let Some(key) = key_of(table).map(str::to_string) else { continue };
        let status = table.get("status").and_then(TomlItem::as_str);
        if in_source.contains(key.as_str()) || status == Some("dropped") {
            continue;
        }
        let title = table.get("title").and_then(TomlItem::as_str).unwrap_or_default().to_string();
        if status == Some("done") {
            changes.gone_done.push((key, title));
            continue;
        }
        set(table, "status", value("dropped").into_value().expect("a string value"));
        changes.dropped.push((key, title));
    }
    let mut text = doc.to_string();
    if existing.is_none() {
        text = format!("{header}\n{text}");
    }
    Ok((text, changes))
}

fn key_of(table: &Table) -> Option<&str> {
    table.get("key").and_then(TomlItem::as_str)
}

/// The id of every item: kept for items already in the file, made from the title for new ones.
fn assign_ids(tables: &ArrayOfTables, items: &[Item], taken: &HashSet<String>) -> HashMap<String, String> {
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut used: HashSet<String> = taken.clone();
    for table in tables.iter() {
        if let Some(id) = table.get("id").and_then(TomlItem::as_str) {
            used.insert(id.to_string());
            if let Some(key) = key_of(table) {
                ids.insert(key.to_string(), id.to_string());
            }
        }
    }
    for item in items {
        if ids.contains_key(&item.key) {
            continue;
        }
        let base = slug(&item.title, &item.key);
        let mut id = base.clone();
        let mut n = 2;
        while used.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        used.insert(id.clone());
        ids.insert(item.key.clone(), id);
    }
    ids
}

/// A milestone id from a title: lowercase ASCII letters, digits and single dashes, at most 60 characters.
pub(crate) fn slug(title: &str, key: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        let c = fold(c);
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.len() > 60 {
        out.truncate(out.rfind('-').filter(|&i| i > 0).unwrap_or(60));
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        let from_key = slug_plain(key);
        return if from_key.is_empty() { "item".to_string() } else { format!("item-{from_key}") };
    }
    out
}

fn slug_plain(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase).map(fold) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Latin letters with accents to their base letter (`é` -> `e`), so `Café` gives `cafe`.
fn fold(c: char) -> char {
    const FROM: &str = "àáâãäåçèéêëìíîïñòóôõöøùúûüýÿ";
    const TO: &str = "aaaaaaceeeeiiiinoooooouuuuyy";
    FROM.chars().position(|f| f == c).and_then(|i| TO.chars().nth(i)).unwrap_or(c)
}

/// The source's values for an item, as TOML, by field name (absent: the source has none).
fn values(
    item: &Item,
    ids: &HashMap<String, String>,
    preset: Preset,
    unknown: &mut Vec<(String, String)>,
) -> BTreeMap<&'static str, Option<TomlItem>> {
    let text = |v: &Option<String>| v.as_ref().map(|s| value(s.as_str()));
    let mut fields = BTreeMap::new();
    fields.insert("title", Some(value(item.title.as_str())));
    fields.insert("track", Some(value(item.track.as_str())));
    fields.insert("status", text(&item.status));
    fields.insert("area", text(&item.area));
    fields.insert("owner", text(&item.owner));
    fields.insert("start", text(&item.start));
    fields.insert("due", text(&item.due));
    fields.insert(
        "tags",
        Some(item.tags.iter().map(String::as_str).collect::<Array>()).filter(|a| !a.is_empty()).map(value),
    );
    fields.insert("description", text(&item.description));
    let mut depends = Array::new();
    for key in &item.depends_on {
        match ids.get(key) {
            Some(id) => depends.push(id.as_str()),
            None => unknown.push((item.key.clone(), key.clone())),
        }
    }
    fields.insert("depends_on", Some(depends).filter(|a| !a.is_empty()).map(value));
    let link = item.url.as_ref().map(|url| {
        let mut table = Table::new();
        table.insert("title", value(format!("{} {}", preset.tool(), item.key)));
        table.insert("url", value(url.as_str()));
        let mut links = ArrayOfTables::new();
        links.push(table);
        TomlItem::ArrayOfTables(links)
    });
    fields.insert("link", link);
    fields
}

/// The order fields take in a new milestone.
const ORDER: [&str; 11] =
    ["title", "track", "status", "area", "owner", "start", "due", "tags", "description", "depends_on", "link"];

fn new_table(id: &str, key: &str, fields: &BTreeMap<&'static str, Option<TomlItem>>) -> Table {
    let mut table = Table::new();
    table.insert("id", value(id));
    table.insert("key", value(key));
    for name in ORDER {
        if let Some(Some(item)) = fields.get(name) {
            table.insert(name, item.clone());
        }
    }
    table
}

/// Brings the source-owned fields of an existing milestone in step; returns the names of those that changed.
fn update(
    table: &mut Table,
    fields: &BTreeMap<&'static str, Option<TomlItem>>,
    owned: &[&'static str],
) -> Vec<&'static str> {
    let mut changed = Vec::new();
    for name in ORDER.iter().copied().filter(|n| owned.contains(n)) {
        let new = fields.get(name).cloned().flatten();
        let did = match (name, new) {
            ("link", new) => update_link(table, new),
            (_, Some(TomlItem::Value(new))) => set(table, name, new),
            (_, _) => table.remove(name).is_some(),
        };
        if did {
            changed.push(name);
        }
    }
    changed
}

/// Sets a value unless it is already equal, keeping the old value's comments and spacing.
fn set(table: &mut Table, name: &str, new: Value) -> bool {
    match table.get_mut(name).and_then(TomlItem::as_value_mut) {
        Some(old) if plain(old) == plain(&new) => false,
        Some(old) => {
            let decor = old.decor().clone();
            *old = new;
            *old.decor_mut() = decor;
            true
        }
        None => {
            table.insert(name, TomlItem::Value(new));
            true
        }
    }
}

/// A value's strings, for comparing without formatting.
fn plain(v: &Value) -> Vec<String> {
    match v {
        Value::Array(a) => a.iter().map(|v| v.as_str().unwrap_or_default().to_string()).collect(),
        other => vec![other.as_str().map_or_else(|| other.to_string(), str::to_string)],
    }
}

/// The import's own link (titled like `Jira PAY-1`) follows the source; links a person added stay.
fn update_link(table: &mut Table, new: Option<TomlItem>) -> bool {
    let new_link = new.as_ref().and_then(TomlItem::as_array_of_tables).and_then(|a| a.get(0)).cloned();
    let Some(links) = table.get_mut("link").and_then(TomlItem::as_array_of_tables_mut) else {
        return match new {
            Some(item) => {
                table.insert("link", item);
                true
            }
            None => false,
        };
    };
    let title = |t: &Table| t.get("title").and_then(TomlItem::as_str).map(str::to_string);
    let wanted = new_link.as_ref().and_then(title);
    let ours = links.iter().position(|l| wanted.is_some() && title(l) == wanted);
    match (ours, new_link) {
        (Some(i), Some(link)) => {
            let url = link.get("url").and_then(TomlItem::as_value).cloned();
            let table = links.get_mut(i).expect("position of an existing link");
            url.is_some_and(|url| set(table, "url", url))
        }
        (None, Some(link)) => {
            links.push(link);
            true
        }
        (_, None) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ids() {
        assert_eq!(slug("Café launch: EU & UK!", "X-1"), "cafe-launch-eu-uk");
        assert_eq!(slug("!!!", "PAY-12"), "item-pay-12");
        let long = slug(&"word ".repeat(30), "K");
        assert!(long.len() <= 60 && long.starts_with("word-word") && !long.ends_with('-'), "{long}");
    }
}
