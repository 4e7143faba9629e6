//! The `roadbook` binary: parse the command line, run, exit with its code.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = roadbook::cli::Cli::parse();
    ExitCode::from(roadbook::run(cli))
}
