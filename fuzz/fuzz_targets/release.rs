//! Any bytes as a release file: loading, validation, templates, markup and layout (both
//! arrangements) must report problems as diagnostics, never panic.
#![no_main]

mod common;

use common::engine;
use communique::LayoutMode;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let engine = engine();
    let Ok(release) = engine.check("fuzz.toml", data) else {
        return;
    };
    for mode in [LayoutMode::Sequential, LayoutMode::Parallel] {
        let _ = engine.layout(&release, &release.languages, mode);
    }
});
