//! The real binary in a temporary directory with a scrubbed environment: exit codes, output
//! names, atomic writes, batches that keep going, machine-readable reports.

mod common;

use common::{root, run, run_env, temp_dir, text};
use std::path::Path;

fn copy_example(dir: &Path, name: &str) {
    std::fs::copy(root().join("examples").join(name), dir.join(name)).unwrap();
}

const BAD: &str = "date = 2021-06-28\nlanguages = [\"nl\"]\n[nl]\ntitel = \"Oeps\"\n";

#[test]
fn build_writes_pdf_next_to_input_and_reports_it() {
    let dir = temp_dir("cli-build");
    copy_example(&dir, "persbericht-wilmes.toml");
    let out = run(&dir, &["build", "persbericht-wilmes.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("wrote persbericht-wilmes.pdf"));
    let pdf = std::fs::read(dir.join("persbericht-wilmes.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn split_writes_one_pdf_per_language_into_output_dir() {
    let dir = temp_dir("cli-split");
    copy_example(&dir, "communique-trilingue.toml");
    std::fs::create_dir(dir.join("out")).unwrap();
    let out = run(
        &dir,
        &["build", "communique-trilingue.toml", "--split", "-o", "out"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    for lang in ["nl", "fr", "de"] {
        assert!(dir
            .join(format!("out/communique-trilingue.{lang}.pdf"))
            .exists());
    }
}

#[test]
fn one_bad_file_fails_the_batch_but_not_the_others() {
    let dir = temp_dir("cli-batch");
    copy_example(&dir, "persbericht-wilmes.toml");
    std::fs::write(dir.join("bad.toml"), BAD).unwrap();
    let out = run(&dir, &["build", "bad.toml", "persbericht-wilmes.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        dir.join("persbericht-wilmes.pdf").exists(),
        "good file still built"
    );
    assert!(!dir.join("bad.pdf").exists(), "no PDF for the bad file");
    let err = text(&out.stderr);
    assert!(
        err.contains("bad.toml:4:1"),
        "located error expected:\n{err}"
    );
    assert!(err.contains("title"), "suggestion expected:\n{err}");
}

#[test]
fn failed_rebuild_keeps_the_previous_pdf() {
    let dir = temp_dir("cli-keep");
    std::fs::write(dir.join("r.toml"), BAD).unwrap();
    std::fs::write(dir.join("r.pdf"), b"previous good pdf").unwrap();
    let out = run(&dir, &["build", "r.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read(dir.join("r.pdf")).unwrap(),
        b"previous good pdf"
    );
}

#[test]
fn check_writes_nothing_and_short_format_is_one_line_per_problem() {
    let dir = temp_dir("cli-check");
    std::fs::write(dir.join("bad.toml"), BAD).unwrap();
    copy_example(&dir, "persbericht-wilmes.toml");
    let out = run(
        &dir,
        &[
            "check",
            "bad.toml",
            "persbericht-wilmes.toml",
            "--diagnostic-format",
            "short",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.join("persbericht-wilmes.pdf").exists());
    assert_eq!(text(&out.stdout), "ok persbericht-wilmes.toml (4 pages)\n");
    let err = text(&out.stderr);
    assert!(
        err.lines()
            .all(|l| l.starts_with("bad.toml:") || l.contains("failed")),
        "{err}"
    );
    assert!(
        err.lines().any(|l| l.starts_with("bad.toml:4:1: error: ")),
        "{err}"
    );
}

#[test]
fn json_report_is_machine_readable() {
    let dir = temp_dir("cli-json");
    std::fs::write(dir.join("bad.toml"), BAD).unwrap();
    copy_example(&dir, "persbericht-wilmes.toml");
    let out = run(
        &dir,
        &[
            "build",
            "persbericht-wilmes.toml",
            "bad.toml",
            "--diagnostic-format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(v["ok"], false);
    assert_eq!(v["failed"], 1);
    assert_eq!(
        v["files"][0]["outputs"][0]["pages"]
            .as_u64()
            .map(|p| p >= 2),
        Some(true)
    );
    let diags = v["files"][1]["diagnostics"].as_array().unwrap();
    assert!(
        diags.iter().any(|d| d["line"] == 4 && d["column"] == 1),
        "{diags:?}"
    );
}

#[test]
fn usage_errors_exit_with_2_and_help_has_examples() {
    let dir = temp_dir("cli-usage");
    assert_eq!(run(&dir, &["build"]).status.code(), Some(2));
    assert_eq!(run(&dir, &["frobnicate"]).status.code(), Some(2));
    let help = run(&dir, &["build", "--help"]);
    assert_eq!(help.status.code(), Some(0));
    let h = text(&help.stdout);
    for flag in [
        "--output",
        "--layout",
        "--split",
        "--brand",
        "--templates",
        "Examples:",
    ] {
        assert!(h.contains(flag), "help lacks {flag}:\n{h}");
    }
}

#[test]
fn unreadable_brand_is_fatal_with_exit_2() {
    let dir = temp_dir("cli-brand");
    copy_example(&dir, "persbericht-wilmes.toml");
    let out = run(
        &dir,
        &["build", "persbericht-wilmes.toml", "--brand", "nope.toml"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("nope.toml"));
}

#[test]
fn source_date_epoch_sets_the_pdf_date() {
    let dir = temp_dir("cli-sde");
    copy_example(&dir, "persbericht-wilmes.toml");
    let build = ["build", "persbericht-wilmes.toml"];
    let out = run_env(&dir, &build, &[("SOURCE_DATE_EPOCH", "1700000000")]);
    assert_eq!(out.status.code(), Some(0));
    let pdf = std::fs::read(dir.join("persbericht-wilmes.pdf")).unwrap();
    let needle = b"D:20231114221320";
    assert!(
        pdf.windows(needle.len()).any(|w| w == needle),
        "CreationDate from SOURCE_DATE_EPOCH"
    );
}

/// The reproducible-builds convention: a malformed value is an error, not a silent fallback
/// to the release's date.
#[test]
fn malformed_source_date_epoch_is_a_usage_error() {
    let dir = temp_dir("cli-sde-bad");
    copy_example(&dir, "persbericht-wilmes.toml");
    let build = ["build", "persbericht-wilmes.toml"];
    for value in ["yesterday", "1.5", "-3"] {
        let out = run_env(&dir, &build, &[("SOURCE_DATE_EPOCH", value)]);
        assert_eq!(out.status.code(), Some(2), "{value}");
        let err = text(&out.stderr);
        assert!(
            err.contains("SOURCE_DATE_EPOCH") && err.contains("hint:"),
            "{err}"
        );
        assert!(
            !dir.join("persbericht-wilmes.pdf").exists(),
            "nothing written"
        );
    }
    let out = run_env(&dir, &build, &[("SOURCE_DATE_EPOCH", "")]);
    assert_eq!(out.status.code(), Some(0), "empty means unset");
}

#[test]
fn two_runs_give_byte_identical_pdfs() {
    let dir = temp_dir("cli-twice");
    copy_example(&dir, "communique-trilingue.toml");
    let mut pdfs = Vec::new();
    for _ in 0..2 {
        let out = run(
            &dir,
            &[
                "build",
                "communique-trilingue.toml",
                "--layout",
                "continuous",
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        pdfs.push(std::fs::read(dir.join("communique-trilingue.pdf")).unwrap());
    }
    assert!(pdfs[0] == pdfs[1], "two processes wrote different bytes");
}

#[test]
fn brand_override_reads_its_logo_relative_to_the_brand_file() {
    let dir = temp_dir("cli-brand-override");
    copy_example(&dir, "kustwacht-stormwaarschuwing.toml");
    let brand = root().join("examples/brand-kustwacht/brand.toml");
    let out = run(
        &dir,
        &[
            "build",
            "kustwacht-stormwaarschuwing.toml",
            "--brand",
            brand.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(dir.join("kustwacht-stormwaarschuwing.pdf").exists());
}

#[test]
fn inputs_that_would_overwrite_each_other_are_a_usage_error() {
    let dir = temp_dir("cli-clash");
    std::fs::create_dir_all(dir.join("a")).unwrap();
    std::fs::create_dir_all(dir.join("b")).unwrap();
    std::fs::create_dir_all(dir.join("out")).unwrap();
    for d in ["a", "b"] {
        std::fs::copy(
            root().join("examples/persbericht-wilmes.toml"),
            dir.join(d).join("r.toml"),
        )
        .unwrap();
    }
    let out = run(&dir, &["build", "a/r.toml", "b/r.toml", "-o", "out"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("would write the same PDF"));
    assert!(!dir.join("out/r.pdf").exists());
    // Without -o each PDF goes next to its input: no clash.
    let out = run(&dir, &["build", "a/r.toml", "b/r.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn fonts_override_needs_all_eight_faces() {
    let dir = temp_dir("cli-fonts");
    copy_example(&dir, "persbericht-wilmes.toml");
    let fonts = root().join("fonts");
    let out = run(
        &dir,
        &[
            "build",
            "persbericht-wilmes.toml",
            "--fonts",
            fonts.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    std::fs::create_dir(dir.join("half")).unwrap();
    std::fs::copy(
        fonts.join("NotoSerif-Regular.ttf"),
        dir.join("half/NotoSerif-Regular.ttf"),
    )
    .unwrap();
    let out = run(
        &dir,
        &["build", "persbericht-wilmes.toml", "--fonts", "half"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("NotoSerif-Italic.ttf") && err.contains("all eight faces"),
        "{err}"
    );
}

/// A copy of the coastguard brand in `dir/brand/` whose `[logo] file` is `logo`.
fn brand_with_logo(dir: &Path, logo: &str) -> String {
    let src = root().join("examples/brand-kustwacht");
    std::fs::create_dir_all(dir.join("brand")).unwrap();
    std::fs::copy(src.join("logo.png"), dir.join("brand/logo.png")).unwrap();
    let text = std::fs::read_to_string(src.join("brand.toml")).unwrap();
    let text = text.replace("file = \"logo.png\"", &format!("file = {logo:?}"));
    std::fs::write(dir.join("brand/brand.toml"), text).unwrap();
    "brand/brand.toml".into()
}

/// The line of `[logo] file` in the coastguard brand.
fn logo_line() -> usize {
    let text = std::fs::read_to_string(root().join("examples/brand-kustwacht/brand.toml")).unwrap();
    text.lines().position(|l| l.starts_with("file = ")).unwrap() + 1
}

#[test]
fn logo_paths_that_leave_the_brand_folder_are_refused_with_a_located_error() {
    let dir = temp_dir("cli-logo-escape");
    copy_example(&dir, "kustwacht-stormwaarschuwing.toml");
    // Files that exist: only the path's form is refused.
    std::fs::copy(
        root().join("examples/brand-kustwacht/logo.png"),
        dir.join("outside.png"),
    )
    .unwrap();
    let absolute = dir.join("outside.png").display().to_string();
    for logo in ["../outside.png", "sub/../../outside.png", absolute.as_str()] {
        let brand = brand_with_logo(&dir, logo);
        let out = run(
            &dir,
            &[
                "build",
                "kustwacht-stormwaarschuwing.toml",
                "--brand",
                &brand,
                "--diagnostic-format",
                "short",
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{logo}");
        let err = text(&out.stderr);
        let at = format!("brand/brand.toml:{}:8: error: logo file", logo_line());
        assert!(
            err.contains(&at) && err.contains("outside the brand's folder"),
            "{logo}:\n{err}"
        );
        assert!(!dir.join("kustwacht-stormwaarschuwing.pdf").exists());
    }
    // A logo in a folder below the brand is fine.
    std::fs::create_dir_all(dir.join("brand/img")).unwrap();
    std::fs::copy(
        root().join("examples/brand-kustwacht/logo.png"),
        dir.join("brand/img/l.png"),
    )
    .unwrap();
    let brand = brand_with_logo(&dir, "img/l.png");
    let out = run(
        &dir,
        &[
            "build",
            "kustwacht-stormwaarschuwing.toml",
            "--brand",
            &brand,
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn a_missing_logo_is_located_in_the_brand_file() {
    let dir = temp_dir("cli-logo-missing");
    copy_example(&dir, "kustwacht-stormwaarschuwing.toml");
    let brand = brand_with_logo(&dir, "gone.png");
    let out = run(
        &dir,
        &[
            "check",
            "kustwacht-stormwaarschuwing.toml",
            "--brand",
            &brand,
            "--diagnostic-format",
            "short",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    let at = format!(
        "brand/brand.toml:{}:8: error: cannot read logo file",
        logo_line()
    );
    assert!(err.contains(&at) && err.contains("gone.png"), "{err}");
}

#[test]
fn missing_or_broken_templates_are_fatal_and_located() {
    let dir = temp_dir("cli-templates");
    copy_example(&dir, "persbericht-wilmes.toml");
    let out = run(
        &dir,
        &["check", "persbericht-wilmes.toml", "--templates", "nope"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("nope"), "{}", text(&out.stderr));
    std::fs::create_dir(dir.join("tpl")).unwrap();
    std::fs::write(
        dir.join("tpl/quote.hbs"),
        "<blockquote>\n  {{#if text}}\n</blockquote>\n",
    )
    .unwrap();
    let out = run(
        &dir,
        &[
            "check",
            "persbericht-wilmes.toml",
            "--templates",
            "tpl",
            "--diagnostic-format",
            "short",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.lines().any(|l| l.starts_with("quote.hbs:4:1: error:")),
        "{err}"
    );
}

/// The Wilmès example with its first "Mosoel" replaced by a word of `n` letters `x`.
fn with_long_word(dir: &Path, name: &str, n: usize) {
    let src = std::fs::read_to_string(root().join("examples/persbericht-wilmes.toml"))
        .unwrap()
        .replacen("Mosoel", &"x".repeat(n), 1);
    std::fs::write(dir.join(name), src).unwrap();
}

fn report(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", text(&out.stdout), text(&out.stderr)))
}

/// (pages, warning messages) of each output of the first file of a JSON report.
fn outputs(report: &serde_json::Value) -> Vec<(u64, Vec<String>)> {
    let outputs = report["files"][0]["outputs"].as_array().cloned();
    outputs
        .unwrap_or_default()
        .iter()
        .map(|o| {
            let warnings = o["warnings"].as_array().cloned().unwrap_or_default();
            let messages = warnings.iter().map(|w| w["message"].to_string()).collect();
            (o["pages"].as_u64().unwrap(), messages)
        })
        .collect()
}

#[test]
fn deny_warnings_fails_the_release_and_writes_no_pdf() {
    let dir = temp_dir("cli-deny");
    with_long_word(&dir, "long.toml", 90);
    copy_example(&dir, "persbericht-wilmes.toml");

    let denied = run(
        &dir,
        &[
            "build",
            "long.toml",
            "persbericht-wilmes.toml",
            "--deny-warnings",
        ],
    );
    let err = text(&denied.stderr);
    assert_eq!(denied.status.code(), Some(1), "{err}");
    assert!(
        !dir.join("long.pdf").exists(),
        "a denied release is not written"
    );
    assert!(
        err.contains("--deny-warnings") && err.contains("too long for its column"),
        "{err}"
    );
    assert!(
        dir.join("persbericht-wilmes.pdf").exists(),
        "a release without warnings is still built"
    );

    let allowed = run(&dir, &["build", "long.toml"]);
    assert_eq!(allowed.status.code(), Some(0), "{}", text(&allowed.stderr));
    assert!(dir.join("long.pdf").exists());
}

#[test]
fn deny_warnings_fails_check_too() {
    let dir = temp_dir("cli-deny-check");
    with_long_word(&dir, "long.toml", 90);
    let plain = run(&dir, &["check", "long.toml"]);
    assert_eq!(plain.status.code(), Some(0), "{}", text(&plain.stderr));
    let denied = run(&dir, &["check", "long.toml", "--deny-warnings", "--json"]);
    assert_eq!(denied.status.code(), Some(1), "{}", text(&denied.stderr));
    let r = report(&denied);
    assert_eq!(r["files"][0]["status"], "failed", "{r:#}");
    let diags = r["files"][0]["diagnostics"].as_array().unwrap();
    assert!(diags[0]["message"]
        .as_str()
        .unwrap()
        .contains("--deny-warnings"));
    assert!(diags[1]["message"]
        .as_str()
        .unwrap()
        .contains("too long for its column"));
    assert!(
        diags[1]["line"].as_u64().unwrap() > 0,
        "still located: {r:#}"
    );
}

/// `check --layout parallel` sets the release in columns as `build --layout parallel` does:
/// a word that fits the full measure but not a column is overfull in both, not in a
/// sequential check.
#[test]
fn check_sees_the_pages_and_warnings_of_the_same_build() {
    let dir = temp_dir("cli-check-layout");
    with_long_word(&dir, "long.toml", 45);
    let check = |extra: &[&str]| {
        let mut args = vec!["check", "long.toml", "--json"];
        args.extend(extra);
        report(&run(&dir, &args))
    };
    let build = |extra: &[&str]| {
        let mut args = vec!["build", "long.toml", "-o", "out", "--force", "--json"];
        args.extend(extra);
        report(&run(&dir, &args))
    };
    let sequential = outputs(&check(&[]));
    assert!(sequential[0].1.is_empty(), "{sequential:?}");
    for extra in [&["--layout", "parallel"][..], &["--split"], &[]] {
        let checked = outputs(&check(extra));
        let built = outputs(&build(extra));
        assert_eq!(checked, built, "{extra:?}");
    }
    let parallel = outputs(&check(&["--layout", "parallel"]));
    assert!(
        !parallel[0].1.is_empty(),
        "overfull in columns: {parallel:?}"
    );
    assert_eq!(
        outputs(&check(&["--split"])).len(),
        2,
        "one document per language"
    );
}

/// `--brands DIR` through the real binary: a release naming one brand and a joint release
/// build; a name no sub-folder has fails that release at the name (exit 1, nothing written),
/// listing the known brands.
#[test]
fn brands_folder_names_brands_and_refuses_an_unknown_one() {
    let dir = temp_dir("cli-brands");
    let brands = root().join("examples/brands");
    let one = "date = 2026-11-03\nbrand = \"fod-justitie\"\nlanguages = [\"nl\"]\n[nl]\ntitle = \"Een\"\nlead = \"Lead.\"\n";
    let joint = one.replace("\"fod-justitie\"", "[\"fod-digitaal\", \"fod-justitie\"]");
    let unknown = one.replace("fod-justitie", "fod-justice");
    std::fs::write(dir.join("one.toml"), one).unwrap();
    std::fs::write(dir.join("joint.toml"), joint).unwrap();
    std::fs::write(dir.join("unknown.toml"), unknown).unwrap();
    let brands = brands.to_str().unwrap();
    let out = run(
        &dir,
        &["build", "one.toml", "joint.toml", "--brands", brands],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let pdftext = |name: &str| {
        let o = std::process::Command::new("pdftotext")
            .args([dir.join(name).to_str().unwrap(), "-"])
            .output()
            .expect("pdftotext (poppler-utils) is needed");
        text(&o.stdout)
    };
    let (one_text, joint_text) = (pdftext("one.pdf"), pdftext("joint.pdf"));
    assert!(
        one_text.contains("Justitie") && !one_text.contains("Digitale Zaken"),
        "{one_text}"
    );
    assert!(
        joint_text.contains("Justitie") && joint_text.contains("Digitale Zaken"),
        "{joint_text}"
    );

    let out = run(&dir, &["build", "unknown.toml", "--brands", brands]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("unknown.toml:2:"), "{err}");
    assert!(err.contains("unknown brand \"fod-justice\""), "{err}");
    assert!(err.contains("fod-digitaal, fod-justitie"), "{err}");
    assert!(!dir.join("unknown.pdf").exists());
}

/// A release named `index` built with html into an output folder would have its web pages
/// overwritten by the index pages: a usage error before anything is built. Without html
/// nothing clashes.
#[test]
fn a_release_named_index_is_refused_where_the_html_index_goes() {
    let dir = temp_dir("cli-index-clash");
    std::fs::copy(
        root().join("examples/persbericht-wilmes.toml"),
        dir.join("index.toml"),
    )
    .unwrap();
    let out = run(
        &dir,
        &["build", "index.toml", "-o", "out", "--format", "pdf,html"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("index.toml") && err.contains("rename the release"),
        "{err}"
    );
    assert!(!dir.join("out/index.pdf").exists());

    let out = run(
        &dir,
        &["build", "index.toml", "-o", "out", "--format", "pdf"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(dir.join("out/index.pdf").exists());
}
