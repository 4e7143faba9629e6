//! Where a build's time goes: with `ROADBOOK_TIMINGS` set in the environment,
//! each phase prints the time since the process started to stderr
//! (`timing:    412.3 ms  content parsed`). For profiling (README
//! "Performance"); off, it costs one check per phase.

use crate::console::errln;
use std::sync::OnceLock;
use std::time::Instant;

fn start() -> Option<Instant> {
    static START: OnceLock<Option<Instant>> = OnceLock::new();
    *START.get_or_init(|| std::env::var_os("ROADBOOK_TIMINGS").map(|_| Instant::now()))
}

/// Starts the clock (call first thing in `main`, so phases count from the start).
pub fn init() {
    start();
}

/// Prints the time since `init` and the phase that just ended, when timings are on.
pub(crate) fn mark(phase: &str) {
    if let Some(start) = start() {
        errln!("timing: {:>8.1} ms  {phase}", start.elapsed().as_secs_f64() * 1000.0);
    }
}

/// Whether timings are on.
pub(crate) fn on() -> bool {
    start().is_some()
}

/// How many of the slowest outputs `slowest` prints.
const SLOWEST: usize = 12;

/// Prints the outputs that took longest to render (`page:      131.5 ms    11818423 B  business/index.html`),
/// after their total (`pages:`), when timings are on:
/// `times` holds each output's path, render time and size in bytes, in any order.
pub(crate) fn slowest(mut times: Vec<(String, std::time::Duration, usize)>) {
    if !on() {
        return;
    }
    let total: std::time::Duration = times.iter().map(|t| t.1).sum();
    errln!(
        "pages:  {:>8.1} ms  to render {} outputs (the threads' time added up)",
        total.as_secs_f64() * 1000.0,
        times.len()
    );
    times.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for (path, took, bytes) in times.into_iter().take(SLOWEST) {
        errln!("page:   {:>8.1} ms  {bytes:>10} B  {path}", took.as_secs_f64() * 1000.0);
    }
}
