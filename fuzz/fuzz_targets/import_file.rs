//! Fuzz target: `copydesk::fuzzing::import_file`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| copydesk::fuzzing::import_file(data));
