//! Markup errors in what a template wrote, located in the template file (issue 16): the
//! markup stage finds them in the rendered markup, which the user never sees.
//!
//! `tests/template_errors/NAME.toml` is built by the real binary with
//! `--templates NAME.templates`; `NAME.expected` holds its standard error, less the closing
//! summary line (which has the run's time). `BLESS=1 cargo test --test template_errors`
//! rewrites them.

mod common;

use common::{root, run};
use std::path::Path;

fn outcome(case: &Path) -> String {
    let dir = case.parent().unwrap();
    let name = case.file_name().unwrap().to_str().unwrap();
    let stem = name.trim_end_matches(".toml");
    let out = common::temp_dir(&format!("template-errors-{stem}"));
    let templates = format!("{stem}.templates");
    let out_arg = out.to_str().unwrap();
    let args = ["build", name, "-o", out_arg, "--templates", &templates];
    let result = run(dir, &args);
    common::cases::exit_and_stderr(&result)
}

#[test]
fn template_error_cases() {
    common::cases::run(&root().join("tests/template_errors"), outcome);
}
