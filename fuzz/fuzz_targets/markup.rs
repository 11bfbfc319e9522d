//! Any text as template output: the markup parser, typography and layout must report
//! problems as diagnostics, never panic.
#![no_main]

use communique::{Assets, Engine};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(Assets::embedded()).expect("embedded assets load"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let engine = engine();
    if let Ok(doc) = communique::markup::parse("fuzz", text, &engine.brand) {
        let _ = communique::layout::layout(&doc, &engine.fonts, &engine.brand);
    }
});
