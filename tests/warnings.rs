//! Where a layout warning points: each case is a release whose words are too long for their
//! column, checked by the real binary (`check`, in the layout its first line names:
//! `# layout: parallel`; sequential when none; a comment line `# args: …` adds arguments,
//! e.g. `--templates templates/upper`); `NAME.expected` holds the standard error less the
//! closing summary line. `BLESS=1 cargo test --test warnings` rewrites them. Every case
//! runs with `--brands brands`, so a release may name a brand of `brands/`.
//!
//! Each warning must point at the word's own line and column in the release file, carried
//! from the source spans through template, markup and layout, not found by searching the
//! text: the cases give the same word, or the same whole value, more than once, and write
//! escapes before the word. A word from a brand's text points at the brand file.

mod common;

use common::{root, run};
use std::path::Path;

fn outcome(case: &Path) -> String {
    let dir = case.parent().unwrap();
    let name = case.file_name().unwrap().to_str().unwrap();
    let source = std::fs::read_to_string(case).unwrap();
    let layout = source
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# layout: "))
        .unwrap_or("sequential");
    let extra = source
        .lines()
        .filter_map(|l| l.strip_prefix("# args: "))
        .flat_map(str::split_whitespace);
    let args: Vec<&str> = ["check", "--layout", layout, "--brands", "brands"]
        .into_iter()
        .chain(extra)
        .chain([name])
        .collect();
    let out = run(dir, &args);
    common::cases::exit_and_stderr(&out)
}

#[test]
fn layout_warning_cases() {
    common::cases::run(&root().join("tests/warnings"), outcome);
}
