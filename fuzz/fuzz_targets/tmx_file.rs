//! Fuzz target: `copydesk::tm::tmx::fuzz_read`, a TMX file read as a Burmese–English memory.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| copydesk::tm::tmx::fuzz_read(data));
