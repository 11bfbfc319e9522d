//! Any text as one of the templates (the first byte picks which, in name order; the rest is
//! the Handlebars source): the template compiler and its start-up checks must refuse a bad
//! template with a diagnostic, and one they accept must render a release (markup, layout,
//! PDF) without a panic, a hang or unbounded memory.
#![no_main]

mod common;

use communique::{Assets, Engine};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, source)) = data.split_first() else {
        return;
    };
    let Ok(source) = std::str::from_utf8(source) else {
        return;
    };
    let mut assets = Assets::embedded();
    let names: Vec<String> = assets.templates.keys().cloned().collect();
    let name = &names[usize::from(pick) % names.len()];
    assets.templates.insert(name.clone(), source.to_string());
    if let Ok(engine) = Engine::new(assets) {
        common::build_release(&engine);
    }
});
