//! The fuzz targets' bodies live in the library (`roadbook::fuzz`, hidden
//! from its documentation) so that they compile and lint with it; this crate
//! holds the one compiled theme the libFuzzer binaries in `fuzz_targets/` share.

use roadbook::fuzz::Harness;
use std::sync::OnceLock;

/// The harness, built on the first input.
pub fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(Harness::new)
}
