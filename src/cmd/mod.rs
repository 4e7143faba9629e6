//! The command layer: one handler per subcommand, between the parsed command
//! line (`cli`) and the library. Each handler calls one entry point and prints
//! what it did; every failure comes back as a `Failure`, printed and turned
//! into an exit code in one place (`run`).

use crate::cli::{self, Cli, Command};
use crate::console::{errln, out, outln};
use crate::diagnostic::{self, Diagnostic, Shown};
use crate::{git, history, import, init, model, schema, serve, site};
use std::path::{Path, PathBuf};

/// Exit code for success.
const EXIT_OK: u8 = 0;
/// Exit code for content errors (and failures to write the output).
const EXIT_CONTENT: u8 = 1;
/// Exit code for usage errors.
const EXIT_USAGE: u8 = 2;

/// Why a command failed.
enum Failure {
    /// A usage error: printed as `error: MESSAGE`, exit 2.
    Usage(String),
    /// A content error (or one writing the output): the diagnostics that explain
    /// it, then `error: MESSAGE`; exit 1.
    Content(Shown, String),
    /// The command printed what it found itself (`check`): exit 1.
    Found,
}

impl Failure {
    /// A content error with nothing to show but its message.
    fn plain(message: impl std::fmt::Display) -> Failure {
        Failure::Content(Shown::default(), message.to_string())
    }
}

/// Runs a parsed command, printing to stdout/stderr; returns the exit code.
pub fn run(cli: Cli) -> u8 {
    let result = usable_root(&cli.command).and_then(|()| match cli.command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::Init(args) => init(args),
        Command::Serve(args) => serve(args),
        Command::Diff(args) => diff(args),
        Command::Import(args) => import(args),
        Command::Schema(args) => schema(args),
    });
    match result {
        Ok(()) => EXIT_OK,
        Err(Failure::Usage(message)) => {
            errln!("error: {message}");
            EXIT_USAGE
        }
        Err(Failure::Content(shown, message)) => {
            print_shown(&shown);
            errln!("error: {message}");
            EXIT_CONTENT
        }
        Err(Failure::Found) => EXIT_CONTENT,
    }
}

/// The site root is a site, and `--audience` names one of its audiences.
fn usable_root(command: &Command) -> Result<(), Failure> {
    let (root, is_site, audience) = match command {
        Command::Build(a) => (&a.root, true, &a.audience),
        Command::Serve(a) => (&a.root, true, &a.audience),
        Command::Check(a) => (&a.root, true, &None),
        Command::Import(a) => (&a.root, true, &None),
        Command::Schema(a) => (&a.root, true, &None),
        // `diff` may be given a folder that is a site only at the revision.
        Command::Diff(a) => (&a.root, false, &a.audience),
        Command::Init(_) => return Ok(()),
    };
    if let Some(Err(e)) = is_site.then(|| site::check_root(root)) {
        return Err(match e {
            site::RootError::NoContent(m) => Failure::plain(m),
            site::RootError::Missing(m) | site::RootError::NotASite(m) => Failure::Usage(m),
        });
    }
    match audience {
        Some(name) => known_audience(root, name).map_err(Failure::Usage),
        None => Ok(()),
    }
}

/// `--audience NAME` must name an audience of `roadbook.toml`; anything else
/// is a usage error listing the known ones.
fn known_audience(root: &Path, name: &str) -> Result<(), String> {
    // An unreadable roadbook.toml is left to the build, which reports where it is wrong.
    let Some(known) = site::settings(root).audiences else { return Ok(()) };
    if known.iter().any(|k| k == name) {
        return Ok(());
    }
    if known.is_empty() {
        return Err(format!("unknown audience `{name}`: roadbook.toml defines no [audiences]"));
    }
    let hint = diagnostic::did_you_mean(name, known.iter().map(String::as_str));
    Err(format!("unknown audience `{name}`: expected one of {}{hint}", known.join(", ")))
}

/// The rules a build or a preview follows, as the command line gives them.
struct Rules {
    root: PathBuf,
    drafts: bool,
    base_url: Option<String>,
    audience: Option<String>,
    compare: CompareWith,
}

/// Which revision a build compares with.
enum CompareWith {
    /// None (`diff` reads its revisions itself).
    Nothing,
    /// `--compare REV`.
    Flag(String),
    /// `compare` in roadbook.toml, read again for every rebuild of the preview.
    Configured,
}

/// The pipeline's options, made in this one place for every command: the
/// rules, today's date, and the revision to compare with, read from git here
/// (the pipeline knows nothing of git). A revision whose site `caches` already
/// hold validated is not read again.
fn options(rules: &Rules, caches: &site::Caches) -> site::Options {
    let mut options = site::Options {
        root: rules.root.clone(),
        drafts: rules.drafts,
        base_url: rules.base_url.clone(),
        audience: rules.audience.clone(),
        today: today(),
        compare: None,
    };
    let settings = site::settings(&rules.root);
    let rev = match &rules.compare {
        CompareWith::Nothing => None,
        CompareWith::Flag(rev) => Some(rev.clone()),
        CompareWith::Configured => settings.compare,
    };
    options.compare = rev.map(|rev| base(&options, &rev, settings.max_file_size, caches));
    options
}

/// The revision `rev` of the site, as the pipeline takes it: its files, or its site when `caches` hold it.
fn base(options: &site::Options, rev: &str, limit: u64, caches: &site::Caches) -> Result<site::Base, history::Error> {
    let repo = git::Repo::locate(&options.root)?;
    let revision = repo.resolve(rev)?;
    match caches.base(&revision.commit, options) {
        Some(site) => Ok(site::Base::Validated(revision, site)),
        None => repo.site_files(revision, limit).map(site::Base::Files),
    }
}

fn build(args: cli::BuildArgs) -> Result<(), Failure> {
    let output = args.output.clone().unwrap_or_else(|| args.root.join("public"));
    let compare = args.compare.map_or(CompareWith::Configured, CompareWith::Flag);
    let rules =
        Rules { root: args.root, drafts: args.drafts, base_url: args.base_url, audience: args.audience, compare };
    let started = std::time::Instant::now();
    // A one-off build keeps nothing.
    let mut caches = site::Caches::default();
    let report = site::build(&options(&rules, &caches), &output, &mut caches).map_err(|e| match e {
        site::Error::Content(shown) => {
            let errors = shown.errors();
            let message =
                format!("build failed with {errors} error{}; the previous output is untouched", plural(errors));
            Failure::Content(shown, message)
        }
        site::Error::Output(e) => Failure::plain(e),
        site::Error::Compare(e) => compare_failure(&e, "; the previous output is untouched"),
    })?;
    print_shown(&report.warnings);
    outln!(
        "Built {} milestones into {} ({} files) in {} ms",
        report.milestones,
        output.display(),
        report.files,
        started.elapsed().as_millis()
    );
    if let Some(c) = &report.comparison {
        let base = history::report::revision_label(&c.base);
        outln!("Compared with {base}: {} (changes/index.html, changes.xml)", history::report::summary(&c.changes));
    }
    Ok(())
}

/// A comparison that failed: the errors in the content it read, then why.
fn compare_failure(e: &history::Error, after: &str) -> Failure {
    Failure::Content(e.diagnostics().to_vec().into(), format!("{e}{after}"))
}

fn check(args: cli::CheckArgs) -> Result<(), Failure> {
    let rules = Rules { root: args.root, drafts: false, base_url: None, audience: None, compare: CompareWith::Nothing };
    let diagnostics = site::check(&options(&rules, &site::Caches::default()));
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    match args.format {
        cli::Format::Json => outln!("{}", diagnostic::to_json(&diagnostics).map_err(json_failed("the diagnostics"))?),
        cli::Format::Text => {
            print_diagnostics(&diagnostics);
            errln!("check: {errors} error{}, {warnings} warning{}", plural(errors), plural(warnings));
        }
    }
    if errors > 0 || (args.strict && warnings > 0) {
        return Err(Failure::Found);
    }
    Ok(())
}

fn serve(args: cli::ServeArgs) -> Result<(), Failure> {
    let root = std::fs::canonicalize(&args.root)
        .map_err(|e| Failure::plain(format!("cannot open site root `{}`: {e}", args.root.display())))?;
    // The preview shows drafts, and compares as roadbook.toml says, read again for every rebuild.
    let rules = Rules {
        root: root.clone(),
        drafts: true,
        base_url: None,
        audience: args.audience,
        compare: CompareWith::Configured,
    };
    let mut rebuild = |caches: &mut site::Caches| site::prepare(&options(&rules, caches), caches);
    let serve_options = serve::ServeOptions { root, interface: args.interface, port: args.port, open: args.open };
    serve::serve(&serve_options, &mut rebuild).map_err(Failure::plain)
}

fn diff(args: cli::DiffArgs) -> Result<(), Failure> {
    let rules = Rules {
        root: args.root,
        drafts: false,
        base_url: None,
        audience: args.audience,
        compare: CompareWith::Nothing,
    };
    let options = options(&rules, &site::Caches::default());
    let comparison =
        compare_revisions(&options, &args.rev, args.rev2.as_deref()).map_err(|e| compare_failure(&e, ""))?;
    match args.format {
        cli::ReportFormat::Text => out!("{}", history::report::text(&comparison)),
        cli::ReportFormat::Json => {
            outln!("{}", history::report::json(&comparison).map_err(json_failed("the comparison"))?)
        }
    }
    Ok(())
}

/// The site at `rev` compared with the site at `rev2` (the working tree when `None`).
fn compare_revisions(
    options: &site::Options,
    rev: &str,
    rev2: Option<&str>,
) -> Result<history::Comparison, history::Error> {
    let limit = site::settings(&options.root).max_file_size;
    let base = git::read(&options.root, rev, limit)?;
    let old = site::at_revision(options, &base)?;
    let (target, new) = match rev2 {
        Some(rev2) => {
            let files = git::read(&options.root, rev2, limit)?;
            (Some(files.revision.clone()), site::at_revision(options, &files)?)
        }
        None => (None, site::working_tree(options)?),
    };
    Ok(history::compare(base.revision, &old, target, &new))
}

fn init(args: cli::InitArgs) -> Result<(), Failure> {
    let files = init::init(&args.dir, today()).map_err(Failure::plain)?;
    for f in &files {
        outln!("created {}", f.display());
    }
    outln!("Next: roadbook build --root {0} (or roadbook check --root {0})", args.dir.display());
    Ok(())
}

fn schema(args: cli::SchemaArgs) -> Result<(), Failure> {
    let output = args.output.unwrap_or_else(|| args.root.join(schema::FOLDER));
    let written = schema::write(&args.root, &output).map_err(Failure::plain)?;
    for (path, outcome) in &written {
        outln!("{outcome} {}", path.display());
    }
    let directives = schema::directives(&args.root, &output);
    if !directives.is_empty() {
        outln!("Editors that read `#:schema` (taplo, Even Better TOML) use them from a first line like:");
        let width = directives.iter().map(|(files, _)| files.len()).max().unwrap_or(0);
        for (files, line) in &directives {
            outln!("  {files:width$}  {line}");
        }
    }
    Ok(())
}

fn import(args: cli::ImportArgs) -> Result<(), Failure> {
    let options = import::ImportOptions {
        source: args.source,
        root: args.root,
        preset: args.preset,
        track: args.track,
        map: args.map,
        into: args.into,
        update: args.update,
        dry_run: args.dry_run,
        dates: args.dates,
        today: today(),
    };
    let report = import::import(&options).map_err(|e| match e {
        import::ImportError::Usage(message) => Failure::Usage(message),
        import::ImportError::Io(message) => Failure::plain(format!("{message}; nothing was written")),
        import::ImportError::Content(diagnostics) => {
            let n = diagnostics.len();
            let message = format!("import failed with {n} error{}; nothing was written", plural(n));
            Failure::Content(diagnostics.into(), message)
        }
    })?;
    for line in &report.lines {
        outln!("{line}");
    }
    Ok(())
}

/// Today in UTC, from the system clock: the one place roadbook reads it. Everything
/// below the command layer is handed the date, so the same input gives the same site.
fn today() -> model::Date {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    model::Date::from_days((secs / 86_400) as i64)
}

/// JSON output that could not be written: said on stderr, and the command fails.
fn json_failed(what: &str) -> impl FnOnce(serde_json::Error) -> Failure + '_ {
    move |e| Failure::plain(format!("cannot write {what} as JSON: {e}; this is a bug in roadbook, please report it"))
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    for d in diagnostics {
        let _ = writeln!(err, "{}", d.render_text());
    }
}

/// The diagnostics, then the count of those about items outside the edition, if any.
fn print_shown(shown: &Shown) {
    print_diagnostics(&shown.list);
    if let Some(line) = shown.withheld.line() {
        errln!("{line}");
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
