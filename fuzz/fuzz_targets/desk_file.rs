//! Fuzz target: `copydesk::fuzzing::desk_file`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| copydesk::fuzzing::desk_file(data));
