//! The command layer: one handler per subcommand, between the parsed command
//! line (`cli`) and the library. Each handler calls one entry point and prints
//! what it did; every failure comes back as a `Failure`, printed and turned
//! into an exit code in one place (`run`).

use crate::cli::{self, Cli, Command};
use crate::diagnostic::{self, Diagnostic, Shown};
use crate::{content, history, import, init, model, serve, site, validate};
use std::path::Path;

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
    });
    match result {
        Ok(()) => EXIT_OK,
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            EXIT_USAGE
        }
        Err(Failure::Content(shown, message)) => {
            print_shown(&shown);
            eprintln!("error: {message}");
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
    let Some(known) = content::audience_names(root) else { return Ok(()) };
    if known.iter().any(|k| k == name) {
        return Ok(());
    }
    if known.is_empty() {
        return Err(format!("unknown audience `{name}`: roadbook.toml defines no [audiences]"));
    }
    let hint = diagnostic::did_you_mean(name, known.iter().map(String::as_str));
    Err(format!("unknown audience `{name}`: expected one of {}{hint}", known.join(", ")))
}

fn build(args: cli::BuildArgs) -> Result<(), Failure> {
    let options = site::BuildOptions {
        root: args.root,
        output: args.output,
        base_url: args.base_url,
        audience: args.audience,
        drafts: args.drafts,
        today: today(),
        compare: args.compare,
    };
    let started = std::time::Instant::now();
    let report = site::build(&options).map_err(|e| match e {
        site::BuildError::Content(shown) => {
            let errors = shown.errors();
            Failure::Content(
                shown,
                format!("build failed with {errors} error{}; the previous output is untouched", plural(errors)),
            )
        }
        site::BuildError::Output(e) => Failure::plain(e),
        site::BuildError::History(e) => {
            Failure::Content(e.diagnostics().to_vec().into(), format!("{e}; the previous output is untouched"))
        }
    })?;
    print_shown(&report.warnings);
    println!(
        "Built {} milestones into {} ({} files) in {} ms",
        report.milestones,
        report.output.display(),
        report.pages,
        started.elapsed().as_millis()
    );
    if let Some(c) = &report.comparison {
        let base = history::report::revision_label(&c.base);
        println!("Compared with {base}: {} (changes/index.html, changes.xml)", history::report::summary(&c.changes));
    }
    Ok(())
}

fn check(args: cli::CheckArgs) -> Result<(), Failure> {
    let diagnostics = site::check(&args.root, &validate::Options::on(today()));
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    match args.format {
        cli::Format::Json => println!("{}", diagnostic::to_json(&diagnostics).map_err(json_failed("the diagnostics"))?),
        cli::Format::Text => {
            print_diagnostics(&diagnostics);
            eprintln!("check: {errors} error{}, {warnings} warning{}", plural(errors), plural(warnings));
        }
    }
    if errors > 0 || (args.strict && warnings > 0) {
        return Err(Failure::Found);
    }
    Ok(())
}

fn serve(args: cli::ServeArgs) -> Result<(), Failure> {
    let options = serve::ServeOptions {
        root: args.root,
        interface: args.interface,
        port: args.port,
        open: args.open,
        audience: args.audience,
        clock: today,
    };
    serve::serve(&options).map_err(Failure::plain)
}

fn diff(args: cli::DiffArgs) -> Result<(), Failure> {
    let options = validate::Options { audience: args.audience, ..validate::Options::on(today()) };
    let comparison = history::compare_revisions(&args.root, &args.rev, args.rev2.as_deref(), &options)
        .map_err(|e| Failure::Content(e.diagnostics().to_vec().into(), e.to_string()))?;
    match args.format {
        cli::ReportFormat::Text => print!("{}", history::report::text(&comparison)),
        cli::ReportFormat::Json => {
            println!("{}", history::report::json(&comparison).map_err(json_failed("the comparison"))?)
        }
    }
    Ok(())
}

fn init(args: cli::InitArgs) -> Result<(), Failure> {
    let files = init::init(&args.dir, today()).map_err(Failure::plain)?;
    for f in &files {
        println!("created {}", f.display());
    }
    println!("Next: roadbook build --root {0} (or roadbook check --root {0})", args.dir.display());
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
        println!("{line}");
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
        eprintln!("{line}");
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
