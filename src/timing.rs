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
