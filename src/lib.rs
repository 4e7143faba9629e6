//! roadbook: a static site generator for product and technology roadmaps.
//!
//! The pipeline runs load (`content`) -> validate (`validate`, producing the
//! `model`) -> render (`render`) -> write (`output`), driven by `site`.
//! `run` is the single entry point the binary calls.

pub mod cli;
pub mod config;
pub mod content;
pub mod deserialize;
pub mod diagnostic;
pub mod escape;
pub mod highlight;
pub mod history;
pub mod impact;
pub mod import;
pub mod init;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod serve;
pub mod site;
pub mod timing;
pub mod validate;

use cli::{Cli, Command};
use diagnostic::Diagnostic;

/// Exit code for success.
pub const EXIT_OK: u8 = 0;
/// Exit code for content errors (and failures to write the output).
pub const EXIT_CONTENT: u8 = 1;
/// Exit code for usage errors.
pub const EXIT_USAGE: u8 = 2;

/// Runs a parsed command, printing to stdout/stderr; returns the exit code.
pub fn run(cli: Cli) -> u8 {
    let audience = match &cli.command {
        Command::Build(a) => Some((&a.root, &a.audience)),
        Command::Serve(a) => Some((&a.root, &a.audience)),
        Command::Diff(a) => Some((&a.root, &a.audience)),
        Command::Check(_) | Command::Init(_) | Command::Import(_) => None,
    };
    let site_root = match &cli.command {
        Command::Build(a) => Some(&a.root),
        Command::Serve(a) => Some(&a.root),
        Command::Check(a) => Some(&a.root),
        Command::Import(a) => Some(&a.root),
        Command::Diff(_) | Command::Init(_) => None,
    };
    if let Some(Err(e)) = site_root.map(|root| site::check_root(root)) {
        eprintln!("error: {e}");
        return match e {
            site::RootError::NoContent(_) => EXIT_CONTENT,
            site::RootError::Missing(_) | site::RootError::NotASite(_) => EXIT_USAGE,
        };
    }
    if let Some((root, Some(name))) = audience {
        if let Err(message) = known_audience(root, name) {
            eprintln!("error: {message}");
            return EXIT_USAGE;
        }
    }
    match cli.command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::Init(args) => init(args),
        Command::Serve(args) => serve(args),
        Command::Diff(args) => diff(args),
        Command::Import(args) => import(args),
    }
}

fn import(args: cli::ImportArgs) -> u8 {
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
    match import::import(&options) {
        Ok(report) => {
            for line in &report.lines {
                println!("{line}");
            }
            EXIT_OK
        }
        Err(import::ImportError::Usage(message)) => {
            eprintln!("error: {message}");
            EXIT_USAGE
        }
        Err(import::ImportError::Io(message)) => {
            eprintln!("error: {message}; nothing was written");
            EXIT_CONTENT
        }
        Err(import::ImportError::Content(diagnostics)) => {
            print_diagnostics(&diagnostics);
            let n = diagnostics.len();
            eprintln!("error: import failed with {n} error{}; nothing was written", plural(n));
            EXIT_CONTENT
        }
    }
}

fn diff(args: cli::DiffArgs) -> u8 {
    let options = validate::Options { audience: args.audience, ..validate::Options::on(today()) };
    match history::compare_revisions(&args.root, &args.rev, args.rev2.as_deref(), &options) {
        Ok(comparison) => {
            match args.format {
                cli::ReportFormat::Text => print!("{}", history::report::text(&comparison)),
                cli::ReportFormat::Json => match history::report::json(&comparison) {
                    Ok(json) => println!("{json}"),
                    Err(e) => return json_failed("the comparison", &e),
                },
            }
            EXIT_OK
        }
        Err(e) => {
            print_diagnostics(e.diagnostics());
            eprintln!("error: {e}");
            EXIT_CONTENT
        }
    }
}

fn serve(args: cli::ServeArgs) -> u8 {
    let options = serve::ServeOptions {
        root: args.root,
        interface: args.interface,
        port: args.port,
        open: args.open,
        audience: args.audience,
        clock: today,
    };
    match serve::serve(&options) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_CONTENT
        }
    }
}

fn init(args: cli::InitArgs) -> u8 {
    match init::init(&args.dir, today()) {
        Ok(files) => {
            for f in &files {
                println!("created {}", f.display());
            }
            println!("Next: roadbook build --root {0} (or roadbook check --root {0})", args.dir.display());
            EXIT_OK
        }
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_CONTENT
        }
    }
}

fn check(args: cli::CheckArgs) -> u8 {
    let diagnostics = site::check(&args.root, &validate::Options::on(today()));
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    match args.format {
        cli::Format::Json => match diagnostic::to_json(&diagnostics) {
            Ok(json) => println!("{json}"),
            Err(e) => return json_failed("the diagnostics", &e),
        },
        cli::Format::Text => {
            print_diagnostics(&diagnostics);
            eprintln!("check: {errors} error{}, {warnings} warning{}", plural(errors), plural(warnings));
        }
    }
    if errors > 0 || (args.strict && warnings > 0) {
        EXIT_CONTENT
    } else {
        EXIT_OK
    }
}

/// `--audience NAME` must name an audience of `roadbook.toml`; anything else
/// is a usage error listing the known ones.
fn known_audience(root: &std::path::Path, name: &str) -> Result<(), String> {
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

fn build(args: cli::BuildArgs) -> u8 {
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
    match site::build(&options) {
        Ok(report) => {
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
                println!(
                    "Compared with {base}: {} (changes/index.html, changes.xml)",
                    history::report::summary(&c.changes)
                );
            }
            EXIT_OK
        }
        Err(site::BuildError::Content(shown)) => {
            print_shown(&shown);
            let errors = shown.errors();
            eprintln!("error: build failed with {errors} error{}; the previous output is untouched", plural(errors));
            EXIT_CONTENT
        }
        Err(site::BuildError::Output(e)) => {
            eprintln!("error: {e}");
            EXIT_CONTENT
        }
        Err(site::BuildError::History(e)) => {
            print_diagnostics(e.diagnostics());
            eprintln!("error: {e}; the previous output is untouched");
            EXIT_CONTENT
        }
    }
}

/// Today in UTC, from the system clock: the one place roadbook reads it. Everything
/// below the command layer is handed the date, so the same input gives the same site.
fn today() -> model::Date {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    model::Date::from_days((secs / 86_400) as i64)
}

/// JSON output that could not be written: said on stderr, and the command fails.
fn json_failed(what: &str, e: &serde_json::Error) -> u8 {
    eprintln!("error: cannot write {what} as JSON: {e}; this is a bug in roadbook, please report it");
    EXIT_CONTENT
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    for d in diagnostics {
        let _ = writeln!(err, "{}", d.render_text());
    }
}

/// The diagnostics, then the count of those about items outside the edition, if any.
fn print_shown(shown: &diagnostic::Shown) {
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
