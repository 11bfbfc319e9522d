//! What the targets share: one engine per process, with the embedded assets.

use communique::{Assets, Engine};
use std::sync::OnceLock;

pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(Assets::embedded()).expect("embedded assets load"))
}
