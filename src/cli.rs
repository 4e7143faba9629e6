//! Command-line arguments to a typed command (clap derive). No file access.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// roadbook: publish product and technology roadmaps as a static site.
#[derive(Debug, Parser)]
#[command(name = "roadbook", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
    /// Load and validate everything without writing; report errors and warnings.
    Check(CheckArgs),
    /// Build in memory, serve with live reload, rebuild on every save.
    Serve(ServeArgs),
    /// Write a small starter site (refuses to overwrite any file).
    Init(InitArgs),
    /// Print what changed in the roadmap between two git revisions (REV2: the working tree).
    Diff(DiffArgs),
    /// Write JSON Schemas of roadbook.toml, roadmap files, the glossary and front matter, for editors (schema/ by default).
    Schema(SchemaArgs),
    /// Bring milestones in from a Jira, Linear or GitHub export, or any spreadsheet (CSV or gh's JSON).
    Import(ImportArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct ImportArgs {
    /// The export: a CSV file, or the JSON that `gh issue list --json ...` or `gh project item-list --format json` prints.
    pub(crate) source: PathBuf,
    /// The site root.
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// The tool the export comes from [default: guessed from its columns, and printed].
    #[arg(long, value_enum)]
    pub(crate) preset: Option<crate::import::Preset>,
    /// Put every item on this track [default: from the issue type, else business].
    #[arg(long, value_enum)]
    pub(crate) track: Option<crate::import::TrackArg>,
    /// Read FIELD from the column COLUMN (repeatable). Fields: key, title, status, due, start, track, area, owner, tags, description, url, depends_on, blocks.
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    pub(crate) map: Vec<String>,
    /// The roadmap file to write under content/roadmap/ [default: imported.toml].
    #[arg(long, value_name = "FILE")]
    pub(crate) into: Option<String>,
    /// Re-import into the existing file: fields from the export are brought in step, hand-written ones kept.
    #[arg(long)]
    pub(crate) update: bool,
    /// Print what would change; write nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// How to read numeric dates such as 03/04/2027.
    #[arg(long, value_enum, default_value_t = crate::import::DateOrder::Us)]
    pub(crate) dates: crate::import::DateOrder,
}

#[derive(Debug, clap::Args)]
pub(crate) struct DiffArgs {
    /// The git revision to compare from: a tag such as `q3-review`, a commit, `HEAD~3`.
    pub(crate) rev: String,
    /// The revision to compare to [default: the working tree].
    pub(crate) rev2: Option<String>,
    /// The site root (may be a sub-folder of the repository).
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// Output format of the report.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub(crate) format: ReportFormat,
    /// Compare what one audience defined in roadbook.toml sees: changes to items hidden from it are left out.
    #[arg(long)]
    pub(crate) audience: Option<String>,
}

/// How `diff` prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ReportFormat {
    /// Text for a review meeting, on stdout.
    Text,
    /// One JSON object on stdout.
    Json,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ServeArgs {
    /// The site root.
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub(crate) interface: std::net::IpAddr,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub(crate) port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    pub(crate) open: bool,
    /// Preview the build for one audience defined in roadbook.toml.
    #[arg(long, value_name = "NAME")]
    pub(crate) audience: Option<String>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct SchemaArgs {
    /// The site root.
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// The folder to write the schemas into [default: ROOT/schema].
    #[arg(long)]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct InitArgs {
    /// Where to create the site.
    #[arg(default_value = ".")]
    pub(crate) dir: PathBuf,
}

#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    /// The site root.
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub(crate) strict: bool,
    /// Output format of the diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
}

/// How `check` prints diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// rustc-style text on stderr.
    Text,
    /// One JSON array on stdout.
    Json,
}

#[derive(Debug, clap::Args)]
pub(crate) struct BuildArgs {
    /// The site root: holds roadbook.toml, content/, templates/ and static/.
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// Output folder [default: ROOT/public].
    #[arg(long)]
    pub(crate) output: Option<PathBuf>,
    /// Absolute base URL for the sitemap and canonical links, e.g. https://example.com/roadmap/.
    #[arg(long, value_parser = crate::config::normalize_base_url)]
    pub(crate) base_url: Option<String>,
    /// Build for one audience defined in roadbook.toml: everything meant for others is left out.
    #[arg(long, value_name = "NAME")]
    pub(crate) audience: Option<String>,
    /// Include narratives marked `draft = true`.
    #[arg(long)]
    pub(crate) drafts: bool,
    /// Also write changes/index.html and changes.xml: what changed since this git revision.
    #[arg(long, value_name = "REV")]
    pub(crate) compare: Option<String>,
}
