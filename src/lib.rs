//! roadbook: a static site generator for product and technology roadmaps.
//!
//! The stages and the one direction data flows through them are described in
//! the README's "Architecture" section.
//!
//! The public API is what the binary needs, and nothing else: parse the
//! command line with [`cli::Cli`], run it with [`cmd::run`] (which returns the
//! exit code), and [`timing::init`] for `ROADBOOK_TIMING`. Every other item is
//! `pub(crate)`, so the compiler reports what nothing uses. `fuzz` is for the
//! fuzz targets and the in-process mutation test, hidden from the documentation.

pub mod cli;
pub mod cmd;
mod config;
mod console;
mod content;
mod deserialize;
mod diagnostic;
mod escape;
#[doc(hidden)]
pub mod fuzz;
mod git;
mod highlight;
mod history;
mod impact;
mod import;
mod init;
mod markdown;
mod model;
mod output;
mod render;
mod schema;
mod serve;
mod site;
pub mod timing;
mod validate;
