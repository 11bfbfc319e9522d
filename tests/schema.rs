//! The JSON Schemas in schemas/ (printed by `communique schema`): each accepts every example
//! and good test case, and rejects the bad test cases a schema can see (wrong types, unknown
//! keys and languages, missing required keys); the bad cases only the loader can judge
//! (dates in the wrong order, a language listed without its table, …) are listed as such.
//! Checked with Python's `jsonschema` (pinned in .ci/run) through tools/schemacheck.py.

mod common;

use common::{root, run, temp_dir, text};
use std::path::{Path, PathBuf};
use std::process::Command;

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

/// (file, schema's verdict line) for each file.
fn verdicts(schema: &str, files: &[PathBuf]) -> Vec<(PathBuf, String)> {
    let out = Command::new("python3")
        .arg(root().join("tools/schemacheck.py"))
        .arg(root().join("schemas").join(schema))
        .args(files)
        .output()
        .expect("python3 runs");
    let stdout = text(&out.stdout);
    assert!(
        !text(&out.stderr).contains("ModuleNotFoundError"),
        "jsonschema missing: run bash .ci/run once\n{}",
        text(&out.stderr)
    );
    let lines: Vec<String> = stdout.lines().map(str::to_string).collect();
    assert_eq!(lines.len(), files.len(), "{stdout}\n{}", text(&out.stderr));
    files.iter().cloned().zip(lines).collect()
}

#[test]
fn release_schema_accepts_every_example_and_good_case() {
    let mut files = toml_files(&root().join("examples"));
    files.extend(toml_files(&root().join("tests/model/good")));
    assert!(files.len() > 15, "{}", files.len());
    for (file, verdict) in verdicts("release.schema.json", &files) {
        assert!(verdict.starts_with("ok "), "{}: {verdict}", file.display());
    }
}

/// Bad cases whose fault is in how fields relate, or in what a TOML date turns into for a
/// schema (Taplo, like tools/schemacheck.py, presents dates as strings): only the loader sees
/// these.
const LOADER_ONLY: &[&str] = &[
    "contacts-missing-role-language",
    "control-character-multiline",
    "control-character",
    "date-quoted",
    "embargo-before-date",
    "embargo-day-before-date",
    "lang-listed-without-table",
    "lang-table-not-listed",
    "localized-missing-lang",
    "localized-unlisted-lang",
    // Which languages the release has, and where a path leads, only the loader knows.
    "photo-alt-missing-language",
    "photo-outside-folder",
    "update-replaces-later",
];

#[test]
fn release_schema_rejects_the_bad_cases_a_schema_can_see() {
    let files: Vec<PathBuf> = toml_files(&root().join("tests/model/bad"))
        .into_iter()
        // Not TOML a parser reads (syntax errors, UTF-16, not UTF-8): nothing to validate.
        .filter(|p| {
            let s = std::fs::read(p).unwrap();
            std::str::from_utf8(&s)
                .ok()
                .and_then(|t| t.trim_start_matches('\u{feff}').parse::<toml::Table>().ok())
                .is_some()
        })
        .collect();
    assert!(files.len() > 30, "{}", files.len());
    for (file, verdict) in verdicts("release.schema.json", &files) {
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        let loader_only = LOADER_ONLY.contains(&stem.as_str());
        assert_eq!(
            verdict.starts_with("invalid "),
            !loader_only,
            "{stem}: {verdict}"
        );
    }
}

#[test]
fn brand_schema_accepts_the_shipped_and_example_brands_and_rejects_a_misspelt_key() {
    let mut files = vec![
        root().join("templates/brand/brand.toml"),
        root().join("examples/brand-kustwacht/brand.toml"),
    ];
    for e in std::fs::read_dir(root().join("examples/brands")).unwrap() {
        files.push(e.unwrap().path().join("brand.toml"));
    }
    for (file, verdict) in verdicts("brand.schema.json", &files) {
        assert!(verdict.starts_with("ok "), "{}: {verdict}", file.display());
    }
    let dir = temp_dir("schema-brand");
    let shipped = std::fs::read_to_string(&files[0]).unwrap();
    let bad = dir.join("brand.toml");
    std::fs::write(&bad, shipped.replace("[colors]", "[colours]")).unwrap();
    let v = verdicts("brand.schema.json", &[bad]);
    assert!(v[0].1.contains("colours"), "{}", v[0].1);
}

#[test]
fn schema_command_prints_the_shipped_schemas_and_init_writes_the_directive() {
    let dir = temp_dir("schema-cli");
    for which in ["release", "brand"] {
        let out = run(&dir, &["schema", which]);
        assert_eq!(out.status.code(), Some(0));
        let shipped = std::fs::read(root().join(format!("schemas/{which}.schema.json"))).unwrap();
        assert_eq!(out.stdout, shipped, "{which}");
    }
    let out = run(&dir, &["init", "nieuw"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let skeleton = std::fs::read_to_string(dir.join("nieuw.toml")).unwrap();
    assert!(skeleton.starts_with("#:schema ./release.schema.json\n"));
    assert_eq!(
        std::fs::read(dir.join("release.schema.json")).unwrap(),
        std::fs::read(root().join("schemas/release.schema.json")).unwrap()
    );
    for (file, verdict) in verdicts("release.schema.json", &[dir.join("nieuw.toml")]) {
        assert!(verdict.starts_with("ok "), "{}: {verdict}", file.display());
    }
    // A second init leaves the schema there alone.
    std::fs::write(dir.join("release.schema.json"), "{}").unwrap();
    let out = run(&dir, &["init", "ander"]);
    assert_eq!(text(&out.stdout), "wrote ander.toml\n");
    assert_eq!(
        std::fs::read(dir.join("release.schema.json")).unwrap(),
        b"{}"
    );
}
