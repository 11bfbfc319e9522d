//! Data-file cases with blessable expectations: every `NAME.toml` in a folder must give
//! exactly the text in `NAME.expected`; `BLESS=1` rewrites the expected files.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The `.toml` cases of `dir`, sorted so failures print in a stable order.
pub fn cases(dir: &Path) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(dir)
        .expect("case directory")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    cases.sort();
    cases
}

/// Compares `got` with the case's `.expected` file, or rewrites it under `BLESS=1`.
/// Returns a report of the mismatch, if any.
fn check(case: &Path, got: &str) -> Option<String> {
    let expected_path = case.with_extension("expected");
    if std::env::var_os("BLESS").is_some() {
        fs::write(&expected_path, got).expect("write expected file");
        return None;
    }
    let expected = fs::read_to_string(&expected_path).unwrap_or_default();
    let name = case.file_name().unwrap().to_string_lossy();
    (expected != got).then(|| format!("--- {name}\nexpected:\n{expected}got:\n{got}"))
}

/// Runs every case of `dir` through `outcome` and fails with every mismatch at once.
pub fn run(dir: &Path, outcome: impl Fn(&Path) -> String) {
    let cases = cases(dir);
    assert!(!cases.is_empty(), "no cases in {}", dir.display());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| check(case, &outcome(case)))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases in {} differ (BLESS=1 rewrites them):\n{}",
        failures.len(),
        cases.len(),
        dir.display(),
        failures.join("\n")
    );
}

/// The outcome of a one-release run of the binary as a case records it: the exit code and
/// the standard error less its closing summary line, which has the run's time.
pub fn exit_and_stderr(out: &Output) -> String {
    let stderr = super::text(&out.stderr);
    let mut lines: Vec<&str> = stderr.lines().collect();
    let summary = lines.pop().unwrap_or_default();
    assert!(summary.contains(" of 1 input(s) in "), "{stderr}");
    format!("exit {:?}\n{}\n", out.status.code(), lines.join("\n"))
}
