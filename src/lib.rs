//! roadbook: a static site generator for product and technology roadmaps.
//!
//! The stages and the one direction data flows through them are described in
//! the README's "Architecture" section. `cmd::run` is the single entry point
//! the binary calls.

pub mod cli;
pub mod cmd;
pub mod config;
pub mod content;
pub mod deserialize;
pub mod diagnostic;
mod escape;
mod git;
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
