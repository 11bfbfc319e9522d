//! Brand loader cases as data files, like the release cases (`tests/model_cases.rs`).
//!
//! `tests/brand/bad/NAME.toml` must fail with exactly the diagnostics in `NAME.expected`
//! (one `Diagnostic::short()` line each). The brands name no logo file, so none is read.
//! `BLESS=1 cargo test --test brand_cases` rewrites the expected files.

use communique::brand::Brand;
use std::fs;
use std::path::{Path, PathBuf};

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/brand/bad");
    let mut cases: Vec<PathBuf> = fs::read_dir(dir)
        .expect("case directory")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    cases.sort();
    cases
}

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
    let cases = cases();
    assert!(!cases.is_empty(), "no cases in tests/brand/bad");
    let mut failures = Vec::new();
    for case in &cases {
        let got = outcome(case);
        let expected_path = case.with_extension("expected");
        if std::env::var_os("BLESS").is_some() {
            fs::write(&expected_path, &got).expect("write expected file");
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != got {
            let name = case.file_name().unwrap().to_string_lossy();
            failures.push(format!("--- {name}\nexpected:\n{expected}got:\n{got}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ (BLESS=1 rewrites them):\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
