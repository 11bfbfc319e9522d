//! Brand loader cases as data files, like the release cases (`tests/model_cases.rs`).
//!
//! `tests/brand/bad/NAME.toml` must fail with exactly the diagnostics in `NAME.expected`
//! (one `Diagnostic::short()` line each). The brands name no logo file, so none is read.
//! `BLESS=1 cargo test --test brand_cases` rewrites the expected files.

mod common;

use communique::brand::Brand;
use std::fs;
use std::path::Path;

fn outcome(case: &Path) -> String {
    let name = case.file_name().unwrap().to_string_lossy();
    let source = fs::read_to_string(case).expect("read case");
    match Brand::load(&name, &source, None) {
        Ok(_) => "loaded without errors\n".to_string(),
        Err(diags) => diags.iter().map(|d| d.short() + "\n").collect(),
    }
}

#[test]
fn bad_brands_report_their_expected_diagnostics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/brand/bad");
    common::cases::run(&dir, outcome);
}
