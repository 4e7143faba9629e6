#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| roadbook_fuzz::harness().front_matter(data));
