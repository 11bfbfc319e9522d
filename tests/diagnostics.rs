//! What a press officer sees for a broken release: the human diagnostics of `communique
//! check`, source line and caret included, as data cases.
//!
//! `tests/diagnostics/NAME.toml` is checked by the real binary (not on a terminal, so
//! without colour); `NAME.expected` holds its standard error, less the closing summary line
//! (which has the run's time). `BLESS=1 cargo test --test diagnostics` rewrites them.
//! Each case guards one hint that used to point the wrong way (issue 15).

mod common;

use common::{root, run};
use std::path::Path;

fn outcome(case: &Path) -> String {
    let dir = case.parent().unwrap();
    let name = case.file_name().unwrap().to_str().unwrap();
    let out = run(dir, &["check", name]);
    common::cases::exit_and_stderr(&out)
}

#[test]
fn diagnostics_cases() {
    common::cases::run(&root().join("tests/diagnostics"), outcome);
}
