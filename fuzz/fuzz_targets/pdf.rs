//! Any bytes as a release file, built all the way to PDF bytes (both arrangements, and one
//! PDF per language): the PDF writer must never panic either, and what it writes must be a
//! whole file.
#![no_main]

mod common;

use common::engine;
use communique::{BuildOptions, LayoutMode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let engine = engine();
    for (layout, split) in [(LayoutMode::Sequential, false), (LayoutMode::Parallel, true)] {
        let opts = BuildOptions {
            layout,
            split,
            ..BuildOptions::default()
        };
        let Ok(outputs) = engine.build("fuzz.toml", data, &opts) else {
            return;
        };
        for out in outputs {
            assert!(out.pdf.starts_with(b"%PDF-1.7\n"));
            // pdf-writer ends the file with `%%EOF` and no newline.
            assert!(out.pdf.trim_ascii_end().ends_with(b"%%EOF"));
            assert!(out.pages > 0);
        }
    }
});
