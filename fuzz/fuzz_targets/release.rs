//! Any bytes as a release file: loading, validation, templates, markup and layout (both
//! arrangements) must report problems as diagnostics, never panic.
#![no_main]

use communique::{Assets, Engine, LayoutMode};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(Assets::embedded()).expect("embedded assets load"))
}

fuzz_target!(|data: &[u8]| {
    let engine = engine();
    let Ok(release) = engine.check("fuzz.toml", data) else {
        return;
    };
    for mode in [LayoutMode::Sequential, LayoutMode::Parallel] {
        let _ = engine.layout(&release, &release.languages, mode);
    }
});
