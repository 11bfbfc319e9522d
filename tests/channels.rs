//! The output formats (`--format pdf,html,txt,eml`) through the real binary: every format
//! goes through the same manifest, report and checks as the PDF.

mod common;

use common::{root, run, temp_dir, text};
use std::path::Path;

fn copy_example(dir: &Path, name: &str) {
    std::fs::copy(root().join("examples").join(name), dir.join(name)).unwrap();
}

/// A format that does not exist is a usage error naming the valid ones; nothing is built.
#[test]
fn an_unknown_format_is_a_usage_error_naming_the_valid_ones() {
    let dir = temp_dir("channels-unknown");
    copy_example(&dir, "persbericht-wilmes.toml");
    for list in ["pdf,docx", "PDF", "pdf,,txt"] {
        let out = run(
            &dir,
            &["build", "persbericht-wilmes.toml", "--format", list],
        );
        assert_eq!(out.status.code(), Some(2), "{list}");
        let err = text(&out.stderr);
        assert!(err.contains("the formats are: pdf"), "{list}: {err}");
    }
    assert!(!dir.join("persbericht-wilmes.pdf").exists());
}

/// The JSON report names each output's format; the default is the PDF alone.
#[test]
fn the_report_names_each_outputs_format() {
    let dir = temp_dir("channels-report");
    copy_example(&dir, "persbericht-wilmes.toml");
    let out = run(&dir, &["build", "persbericht-wilmes.toml", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let outputs = report["files"][0]["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), 1);
    assert_eq!(outputs[0]["format"], "pdf");
    assert!(outputs[0]["pages"].as_u64().unwrap() >= 1);
}
