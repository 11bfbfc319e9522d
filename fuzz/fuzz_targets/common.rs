//! What the targets share: one engine per process, with the embedded assets, and a small
//! release that uses every field (the targets that fuzz an asset build it with that asset).

#![allow(dead_code)] // each target uses its part

use communique::{Assets, BuildOptions, Engine, LayoutMode};
use std::sync::OnceLock;

pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(Assets::embedded()).expect("embedded assets load"))
}

/// Every field of the release format in two languages (tests/model/good/full.toml).
pub const RELEASE: &[u8] = include_bytes!("../../tests/model/good/full.toml");

/// Builds [`RELEASE`] with `engine` in both arrangements; what it writes must be whole PDFs.
pub fn build_release(engine: &Engine) {
    for (layout, split) in [(LayoutMode::Sequential, false), (LayoutMode::Parallel, true)] {
        let opts = BuildOptions {
            layout,
            split,
            ..BuildOptions::default()
        };
        let Ok(outputs) = engine.build("full.toml", RELEASE, &opts) else {
            return;
        };
        for out in outputs {
            assert!(out.pdf.starts_with(b"%PDF-1.7\n"));
            // pdf-writer ends the file with `%%EOF` and no newline.
            assert!(out.pdf.trim_ascii_end().ends_with(b"%%EOF"));
        }
    }
}
