//! Fuzz target: `copydesk::fuzzing::script_text`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| copydesk::fuzzing::script_text(data));
