//! Printing to the terminal without dying when it goes away. `println!`
//! panics when stdout is a closed pipe (`roadbook check --format json | head`)
//! and `eprintln!` when stderr is closed (`2>&-`); these macros write the same
//! text and drop a failed write instead: a reader that stopped listening is not
//! a reason to abandon the command. The exit code still says how it went.

use std::io::Write;

/// Writes `args` to stdout; a failed write is dropped (see the module's note).
pub(crate) fn write_out(args: std::fmt::Arguments) {
    let _ = std::io::stdout().lock().write_fmt(args);
}

/// Writes `args` to stderr; a failed write is dropped (see the module's note).
pub(crate) fn write_err(args: std::fmt::Arguments) {
    let _ = std::io::stderr().lock().write_fmt(args);
}

/// `print!` that never panics.
macro_rules! out {
    ($($arg:tt)*) => { $crate::console::write_out(format_args!($($arg)*)) };
}

/// `println!` that never panics.
macro_rules! outln {
    ($($arg:tt)*) => { $crate::console::write_out(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `eprintln!` that never panics.
macro_rules! errln {
    ($($arg:tt)*) => { $crate::console::write_err(format_args!("{}\n", format_args!($($arg)*))) };
}

pub(crate) use {errln, out, outln};
