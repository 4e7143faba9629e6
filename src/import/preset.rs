//! What the columns of real exports are called, per tool, and what their
//! status values mean in roadbook's words. A preset is a list of candidate
//! columns per field (the first one present, and non-empty in a row, wins)
//! and a default status table; `--map` and `[import.status]` override them.

use super::source::Table;

/// The tool an export comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Preset {
    /// Jira's CSV export (Issues > Export > CSV).
    Jira,
    /// Linear's CSV export (Settings > Import/Export).
    Linear,
    /// A GitHub Projects CSV export, or `gh issue list --json ...` / `gh project item-list --format json`.
    Github,
    /// Any spreadsheet; name its columns with `--map FIELD=COLUMN`.
    Generic,
}

/// A roadbook field an export column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Field {
    Key,
    Title,
    Status,
    Due,
    Start,
    Track,
    Area,
    Owner,
    Tags,
    Description,
    Url,
    /// Keys of the items this one depends on (Jira: "is blocked by").
    DependsOn,
    /// Keys of the items that depend on this one (Jira: "blocks").
    Blocks,
}

impl Field {
    pub(crate) const ALL: [Field; 13] = [
        Field::Key,
        Field::Title,
        Field::Status,
        Field::Due,
        Field::Start,
        Field::Track,
        Field::Area,
        Field::Owner,
        Field::Tags,
        Field::Description,
        Field::Url,
        Field::DependsOn,
        Field::Blocks,
    ];

    /// The name used by `--map` (and in roadbook's own files, where there is one).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Field::Key => "key",
            Field::Title => "title",
            Field::Status => "status",
            Field::Due => "due",
            Field::Start => "start",
            Field::Track => "track",
            Field::Area => "area",
            Field::Owner => "owner",
            Field::Tags => "tags",
            Field::Description => "description",
            Field::Url => "url",
            Field::DependsOn => "depends_on",
            Field::Blocks => "blocks",
        }
    }

    /// The milestone field an import writes from this one: `url` becomes a link and `blocks` the other
    /// item's `depends_on`; the key and title are always written, so they are not listed.
    pub(crate) fn written_as(self) -> Option<&'static str> {
        match self {
            Field::Key | Field::Title => None,
            Field::Url => Some("link"),
            Field::DependsOn | Field::Blocks => Some("depends_on"),
            other => Some(other.name()),
        }
    }

    pub(crate) fn parse(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }
}

impl Preset {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Preset::Jira => "jira",
            Preset::Linear => "linear",
            Preset::Github => "github",
            Preset::Generic => "generic",
        }
    }

    /// The tool's name for the link to an item (`Jira PAY-1`).
    pub(crate) fn tool(self) -> &'static str {
        match self {
            Preset::Jira => "Jira",
            Preset::Linear => "Linear",
            Preset::Github => "GitHub",
            Preset::Generic => "Source",
        }
    }

    /// The columns that may hold `field`, most specific first.
    pub(crate) fn columns(self, field: Field) -> &'static [&'static str] {
        use Field::*;
        match (self, field) {
            (Preset::Jira, Key) => &["Issue key"],
            (Preset::Jira, Title) => &["Summary"],
            (Preset::Jira, Status) => &["Status"],
            (Preset::Jira, Due) => &["Due date", "Due Date"],
            (Preset::Jira, Start) => &["Start date", "Start Date", "Target start"],
            (Preset::Jira, Track) => &["Issue Type"],
            (Preset::Jira, Area) => &["Component/s", "Components"],
            (Preset::Jira, Owner) => &["Assignee"],
            (Preset::Jira, Tags) => &["Labels"],
            (Preset::Jira, Description) => &["Description"],
            (Preset::Jira, DependsOn) => &["Inward issue link (Blocks)"],
            (Preset::Jira, Blocks) => &["Outward issue link (Blocks)"],
            (Preset::Linear, Key) => &["ID"],
            (Preset::Linear, Title) => &["Title"],
            (Preset::Linear, Status) => &["Status"],
            (Preset::Linear, Due) => &["Due Date"],
            (Preset::Linear, Area) => &["Project", "Team"],
            (Preset::Linear, Owner) => &["Assignee"],
            (Preset::Linear, Tags) => &["Labels"],
            (Preset::Linear, Description) => &["Description"],
            (Preset::Github, Key) => &["url", "URL", "content.url", "number", "content.number", "Number"],
            (Preset::Github, Title) => &["title", "Title", "content.title"],
            (Preset::Github, Status) => &["status", "Status", "state", "State"],
            (Preset::Github, Due) => &["Due", "due", "Due date", "Target date", "milestone.dueOn"],
            (Preset::Github, Start) => &["Start date", "start date", "Start"],
            (Preset::Github, Area) => &["Area", "area"],
            (Preset::Github, Owner) => &["assignees", "Assignees"],
            (Preset::Github, Tags) => &["labels", "Labels"],
            (Preset::Github, Description) => &["body", "content.body", "Body"],
            (Preset::Github, Url) => &["url", "URL", "content.url"],
            (Preset::Generic, Key) => &["key", "Key", "ID", "Id", "id"],
            (Preset::Generic, Title) => &["title", "Title", "Name", "name", "Summary"],
            (Preset::Generic, Status) => &["status", "Status", "State"],
            (Preset::Generic, Due) => &["due", "Due", "Due date", "Due Date", "End date", "End Date", "Target date"],
            (Preset::Generic, Start) => &["start", "Start", "Start date", "Start Date"],
            (Preset::Generic, Track) => &["track", "Track", "Type"],
            (Preset::Generic, Area) => &["area", "Area", "Theme", "Team"],
            (Preset::Generic, Owner) => &["owner", "Owner", "Assignee"],
            (Preset::Generic, Tags) => &["tags", "Tags", "Labels", "labels"],
            (Preset::Generic, Description) => &["description", "Description", "Notes"],
            (Preset::Generic, Url) => &["url", "URL", "Link"],
            _ => &[],
        }
    }

    /// Whether one cell may list several values separated by commas (Linear's labels).
    pub(crate) fn splits(self, field: Field) -> bool {
        matches!((self, field), (Preset::Linear, Field::Tags) | (Preset::Generic, Field::Tags))
    }

    /// The default meaning of the tool's status values (compared ignoring case).
    pub(crate) fn statuses(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Preset::Jira => &[
                ("To Do", "planned"),
                ("Open", "planned"),
                ("Backlog", "planned"),
                ("Selected for Development", "planned"),
                ("In Progress", "in-progress"),
                ("In Review", "in-progress"),
                ("Blocked", "blocked"),
                ("Done", "done"),
                ("Closed", "done"),
                ("Resolved", "done"),
                ("Won't Do", "dropped"),
                ("Cancelled", "dropped"),
            ],
            Preset::Linear => &[
                ("Triage", "planned"),
                ("Backlog", "planned"),
                ("Todo", "planned"),
                ("In Progress", "in-progress"),
                ("In Review", "in-progress"),
                ("Done", "done"),
                ("Canceled", "dropped"),
                ("Duplicate", "dropped"),
            ],
            Preset::Github => &[
                ("open", "planned"),
                ("closed", "done"),
                ("Todo", "planned"),
                ("Backlog", "planned"),
                ("In Progress", "in-progress"),
                ("In Review", "in-progress"),
                ("Done", "done"),
            ],
            Preset::Generic => &[
                ("Not started", "planned"),
                ("To Do", "planned"),
                ("Started", "in-progress"),
                ("Shipped", "done"),
                ("Complete", "done"),
                ("Completed", "done"),
                ("Cancelled", "dropped"),
                ("Canceled", "dropped"),
            ],
        }
    }

    /// The columns that tell this tool's exports apart, used to guess the preset.
    fn tells(self) -> &'static [&'static str] {
        match self {
            Preset::Jira => &["Issue key", "Summary", "Issue Type", "Issue id"],
            Preset::Linear => &["ID", "Team", "Cycle Number", "Cycle Name", "Project ID", "Triaged"],
            Preset::Github => &["URL", "Repository", "Linked pull requests", "number", "content.number", "assignees"],
            Preset::Generic => &[],
        }
    }
}

/// The preset whose telling columns the export has most of (JSON is GitHub's), and the columns that told.
pub(crate) fn guess(table: &Table) -> (Preset, Vec<&'static str>) {
    if table.json {
        return (Preset::Github, vec!["JSON from gh"]);
    }
    let mut best = (Preset::Generic, Vec::new());
    for preset in [Preset::Jira, Preset::Linear, Preset::Github] {
        let found: Vec<&'static str> =
            preset.tells().iter().copied().filter(|c| table.columns.iter().any(|h| h == c)).collect();
        if found.len() >= 2 && found.len() > best.1.len() {
            best = (preset, found);
        }
    }
    best
}

/// Where an issue type says a milestone belongs (Jira's and the generic `Type`).
pub(crate) fn track_of_type(kind: &str) -> Option<&'static str> {
    let kind = kind.to_ascii_lowercase();
    match kind.as_str() {
        "business" | "epic" | "story" | "feature" | "new feature" | "initiative" | "user story" => Some("business"),
        "technology" | "task" | "sub-task" | "subtask" | "spike" | "technical debt" | "tech debt" | "bug"
        | "improvement" | "technical task" => Some("technology"),
        _ => None,
    }
}
