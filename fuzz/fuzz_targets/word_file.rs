//! Fuzz target: `copydesk::fuzzing::word_file`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| copydesk::fuzzing::word_file(data));
