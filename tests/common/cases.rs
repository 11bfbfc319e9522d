//! Data-file cases with blessable expectations: every `NAME.toml` in a folder must give
//! exactly the text in `NAME.expected`; `BLESS=1` rewrites the expected files. Suites whose
//! cases are other files (`.md` → `.markup`, `.txt` → `.expected`) or single references use
//! [`files`], [`check_all`] and [`assert_reference`], so every suite blesses and reports a
//! difference the same way.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The `.toml` cases of `dir`, sorted so failures print in a stable order.
pub fn cases(dir: &Path) -> Vec<PathBuf> {
    files(dir, "toml")
}

/// The files of `dir` with the extension `ext`, sorted.
pub fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(dir)
        .expect("case directory")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    cases.sort();
    cases
}

/// Compares `got` with the reference file `expected`, or rewrites it under `BLESS=1`.
/// Returns a report of the mismatch, if any: where the two first differ, and both in full.
fn check(expected: &Path, got: &str) -> Option<String> {
    if std::env::var_os("BLESS").is_some() {
        fs::write(expected, got).expect("write expected file");
        return None;
    }
    let want = fs::read_to_string(expected).unwrap_or_default();
    if want == got {
        return None;
    }
    let line = want
        .lines()
        .zip(got.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| want.lines().count().min(got.lines().count()));
    Some(format!(
        "--- {} differs from line {}\n  expected: {:?}\n       got: {:?}\nexpected:\n{want}got:\n{got}",
        expected.display(),
        line + 1,
        want.lines().nth(line),
        got.lines().nth(line)
    ))
}

/// Compares each outcome with its reference file (`(reference, got)`), or rewrites them
/// under `BLESS=1`, and fails with every mismatch at once.
pub fn check_all(outcomes: impl IntoIterator<Item = (PathBuf, String)>) {
    let mut total = 0;
    let failures: Vec<String> = outcomes
        .into_iter()
        .inspect(|_| total += 1)
        .filter_map(|(reference, got)| check(&reference, &got))
        .collect();
    assert!(total > 0, "no cases");
    assert!(
        failures.is_empty(),
        "{} of {total} references differ (BLESS=1 rewrites them):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// One reference file: `got` must equal it (`BLESS=1` rewrites it).
pub fn assert_reference(expected: &Path, got: &str) {
    check_all([(expected.to_path_buf(), got.to_string())]);
}

/// Runs every case of `dir` through `outcome` and fails with every mismatch at once.
pub fn run(dir: &Path, outcome: impl Fn(&Path) -> String) {
    let cases = cases(dir);
    assert!(!cases.is_empty(), "no cases in {}", dir.display());
    check_all(
        cases
            .iter()
            .map(|case| (case.with_extension("expected"), outcome(case))),
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
