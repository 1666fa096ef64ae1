//! Fuzz target: `copydesk::fuzzing::glossary_file`, a CSV/TSV or TBX glossary read for a
//! Burmese–English desk.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| copydesk::fuzzing::glossary_file(data));
