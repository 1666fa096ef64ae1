//! Fuzz target: `copydesk::xliff::fuzz_read`, an XLIFF file a translator's tool sent back.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| copydesk::xliff::fuzz_read(data));
