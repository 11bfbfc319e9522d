//! Any text as template output: the markup parser, typography and layout must report
//! problems as diagnostics, never panic.
#![no_main]

mod common;

use common::engine;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = engine().layout_markup("fuzz", text);
});
