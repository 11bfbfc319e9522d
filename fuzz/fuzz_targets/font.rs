//! Any bytes as one of the eight font files (the first byte picks which; the rest is the
//! file): the font loader and its start-up checks must refuse a bad face with a diagnostic,
//! and a face they accept must shape, lay out and subset a release without a panic.
#![no_main]

mod common;

use communique::{Assets, Engine};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, font)) = data.split_first() else {
        return;
    };
    // The library borrows font data for the whole process (the CLI leaks what it reads);
    // here the copy is taken back once the engine that borrowed it is gone, so that a long
    // run does not keep every input.
    let leaked: &'static mut [u8] = Box::leak(font.to_vec().into_boxed_slice());
    let ptr: *mut [u8] = leaked;
    {
        let mut assets = Assets::embedded();
        assets.fonts[usize::from(pick % 8)] = unsafe { &*ptr };
        if let Ok(engine) = Engine::new(assets) {
            common::build_release(&engine);
        }
    }
    // SAFETY: the engine, the only borrower, was dropped at the end of the block above.
    drop(unsafe { Box::from_raw(ptr) });
});
