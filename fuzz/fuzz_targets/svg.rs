//! Any bytes as the brand's logo file: the PNG/SVG readers must refuse a bad logo with a
//! diagnostic, and a logo they accept must be laid out and written to PDF without a panic.
#![no_main]

mod common;

use communique::{Assets, Engine};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut assets = Assets::embedded();
    assets.logo = Some(data.to_vec());
    if let Ok(engine) = Engine::new(assets) {
        common::build_release(&engine);
    }
});
