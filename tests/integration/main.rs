//! The one integration test binary: runs the real `roadbook` on fixtures in
//! temporary folders and checks exit codes, messages and output files.

mod architecture;
mod audiences;
mod browser;
mod browser_suite;
mod check;
mod dates;
mod errors;
mod exports;
mod gates;
mod golden;
mod harness;
mod history;
mod home;
mod hostile;
mod import;
mod kill;
mod leaks;
mod limits;
mod links;
mod mutation;
mod oddfs;
mod pages;
mod pipeline;
mod proposed;
mod publish;
mod releases;
mod schema;
mod search;
mod serve;
mod serve_load;
mod streams;
mod tags;
mod themes;
mod timeline;
mod trust;
