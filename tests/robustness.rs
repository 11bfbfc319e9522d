//! Bad input never panics: every case of the bad-input corpus, every fuzz finding and some
//! generated extremes go through the whole pipeline (release, templates, markup, layout,
//! PDF), and each failure is a diagnostic with a file, line and column.
//!
//! Corpus: `tests/model/bad/*.toml` (malformed TOML, wrong types, missing languages,
//! control characters, non-UTF-8, …), `tests/fuzz/*` (inputs the fuzzer found, see
//! `fuzz/README.md`), and the generated cases below (huge fields, a 50,000-word section).
//! Missing fonts, templates and logos, and logo paths that leave the brand's folder, are
//! command-line cases in `tests/cli.rs`.

mod common;

use communique::{BuildOptions, Diagnostic, LayoutMode, Output};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

fn files(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(common::root().join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| !p.extension().is_some_and(|x| x == "expected" || x == "md"))
        .collect();
    v.sort();
    v
}

/// Builds `source` in both layouts, split and not; a panic fails with the case's name.
fn build_all(name: &str, source: &[u8]) -> Vec<Result<Vec<Output>, Vec<Diagnostic>>> {
    let mut results = Vec::new();
    for layout in [LayoutMode::Sequential, LayoutMode::Parallel] {
        for split in [false, true] {
            let opts = BuildOptions {
                layout,
                split,
                ..BuildOptions::default()
            };
            let r = catch_unwind(AssertUnwindSafe(|| {
                common::engine().build(name, source, &opts)
            }))
            .unwrap_or_else(|_| panic!("{name} panicked ({layout:?}, split {split})"));
            results.push(r);
        }
    }
    results
}

fn assert_located(name: &str, diags: &[Diagnostic]) {
    assert!(!diags.is_empty(), "{name}: failed without a diagnostic");
    for d in diags {
        assert!(
            d.path == name && d.line > 0 && d.column > 0,
            "{name}: diagnostic without a location: {}",
            d.short()
        );
    }
}

fn name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn every_bad_release_fails_with_located_errors_and_no_panic() {
    let cases = files("tests/model/bad");
    assert!(cases.len() > 30, "corpus not found");
    for case in cases {
        let name = name(&case);
        for r in build_all(&name, &std::fs::read(&case).unwrap()) {
            match r {
                Ok(_) => panic!("{name} built"),
                Err(d) => assert_located(&name, &d),
            }
        }
    }
}

#[test]
fn fuzz_findings_never_panic_and_failures_are_located() {
    for case in files("tests/fuzz") {
        let name = name(&case);
        for r in build_all(&name, &std::fs::read(&case).unwrap()) {
            if let Err(d) = r {
                assert_located(&name, &d);
            }
        }
    }
}

fn release_with(title: &str, section: &str) -> String {
    format!(
        "date = 2021-06-28\nlanguages = [\"nl\", \"fr\"]\n[nl]\ntitle = \"{title}\"\n\
         [[nl.sections]]\ntext = \"\"\"\n{section}\"\"\"\n[fr]\ntitle = \"Titre\"\n"
    )
}

#[test]
fn a_50000_word_section_is_set_on_many_pages() {
    let words: Vec<String> = (0..50_000)
        .map(|i| match i % 9 {
            0 => "en".to_string(),
            8 => format!("woord{i}.\n\n"),
            _ => format!("woord{}", i % 997),
        })
        .collect();
    let source = release_with("Lang", &words.join(" "));
    let out = common::engine()
        .build("long.toml", source.as_bytes(), &BuildOptions::default())
        .unwrap_or_else(|d| panic!("{:?}", d));
    assert!(out[0].pages > 50, "{} pages", out[0].pages);
}

#[test]
fn huge_fields_build_and_overfull_lines_are_located_warnings() {
    let long_word = "x".repeat(20_000);
    let source = release_with(&long_word, &"lange tekst ".repeat(5_000));
    for r in build_all("huge.toml", source.as_bytes()) {
        let out = r.unwrap_or_else(|d| panic!("{:?}", d));
        let warnings: Vec<&Diagnostic> = out.iter().flat_map(|o| &o.warnings).collect();
        assert!(
            !warnings.is_empty(),
            "an unbreakable 20,000-letter title fits?"
        );
        assert_located(
            "huge.toml",
            &warnings.into_iter().cloned().collect::<Vec<_>>(),
        );
    }
}

#[test]
fn deeply_nested_and_huge_toml_is_an_error_not_a_crash() {
    let nested = format!(
        "date = 2021-06-28\nx = {}1{}\n",
        "[".repeat(5_000),
        "]".repeat(5_000)
    );
    let many_keys: String = (0..20_000).map(|i| format!("k{i} = {i}\n")).collect();
    for (name, source) in [("nested.toml", nested), ("keys.toml", many_keys)] {
        for r in build_all(name, source.as_bytes()) {
            match r {
                Ok(_) => panic!("{name} built"),
                Err(d) => assert_located(name, &d),
            }
        }
    }
}
