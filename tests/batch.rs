//! Batch builds with the real binary: folders mirrored under `-o`, parallel runs that match
//! serial ones, the JSON report, the manifest (skip, `--force`, `--verify`), shards, `init`,
//! `check` on folders, and broken releases in a batch.

mod common;

use common::{root, run, run_env, temp_dir, text};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::process::Output;

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn put(dir: &Path, rel: &str, example: &str) {
    let to = dir.join(rel);
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(root().join("examples").join(example), to).unwrap();
}

const BAD: &str = "date = 2021-06-28\nlanguages = [\"nl\"]\n[nl]\ntitel = \"Oeps\"\n";
const WILMES: &str = "persbericht-wilmes.toml";
const TRI: &str = "communique-trilingue.toml";
const KUST: &str = "kustwacht-stormwaarschuwing.toml";

/// A small archive: releases in nested folders, plus files a search must pass over.
fn archive(dir: &Path) {
    put(dir, "archive/2021/06/wilmes.toml", WILMES);
    put(dir, "archive/2021/b-tri.toml", TRI);
    put(dir, "archive/2023/kust.toml", KUST);
    put(dir, "archive/a-first.toml", TRI);
    std::fs::write(dir.join("archive/2023/notes.txt"), "not a release").unwrap();
    put(dir, "archive/.drafts/hidden.toml", WILMES);
    std::fs::copy(
        root().join("examples/brand-kustwacht/brand.toml"),
        dir.join("archive/2023/brand.toml"),
    )
    .unwrap();
}

/// Every file under `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                walk(base, &e.path(), out);
            } else {
                let rel = e.path().strip_prefix(base).unwrap().to_path_buf();
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", text(&out.stdout)))
}

/// `files[].input` → `files[].status` of a JSON report.
fn statuses(report: &Value) -> Vec<(String, String)> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["input"].as_str().unwrap().to_string(),
                f["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn folder_inputs_are_searched_recursively_and_mirrored_in_sorted_order() {
    let dir = temp_dir("batch-mirror");
    archive(&dir);
    let out = run(&dir, &["build", "archive", "-o", "out", "--jobs", "2"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        tree(&dir.join("out")),
        [
            "2021/06/wilmes.pdf",
            "2021/b-tri.pdf",
            "2023/kust.pdf",
            "a-first.pdf",
            "communique.manifest.json"
        ]
    );
    // Printed in the sorted order of the paths, whatever thread finished first.
    let lines: Vec<String> = text(&out.stdout)
        .lines()
        .map(|l| l.split(" (").next().unwrap().to_string())
        .collect();
    assert_eq!(
        lines,
        [
            "wrote out/2021/06/wilmes.pdf",
            "wrote out/2021/b-tri.pdf",
            "wrote out/2023/kust.pdf",
            "wrote out/a-first.pdf"
        ]
    );
}

#[test]
fn one_and_two_threads_write_the_same_bytes() {
    let dir = temp_dir("batch-jobs");
    archive(&dir);
    for (jobs, out) in [("1", "one"), ("2", "two")] {
        let o = run(&dir, &["build", "archive", "-o", out, "--jobs", jobs, "-q"]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        assert!(
            o.stdout.is_empty() && o.stderr.is_empty(),
            "--quiet printed something"
        );
    }
    let files = tree(&dir.join("one"));
    assert_eq!(files, tree(&dir.join("two")));
    assert_eq!(files.len(), 5);
    for f in files {
        let (a, b) = (dir.join("one").join(&f), dir.join("two").join(&f));
        assert!(
            std::fs::read(a).unwrap() == std::fs::read(b).unwrap(),
            "{f} differs"
        );
    }
}

#[test]
fn manifest_does_not_depend_on_the_folder_it_was_built_in() {
    let dirs = [temp_dir("batch-where-a"), temp_dir("batch-where-b")];
    let mut manifests = Vec::new();
    for dir in &dirs {
        let nested = dir.join("x").join("y");
        archive(&nested);
        let archive = nested.join("archive");
        let out = nested.join("out");
        let o = run(
            dir,
            &[
                "build",
                archive.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
                "-q",
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        manifests.push(std::fs::read_to_string(out.join("communique.manifest.json")).unwrap());
    }
    assert_eq!(manifests[0], manifests[1]);
    for f in tree(&dirs[0].join("x/y/out")) {
        let a = std::fs::read(dirs[0].join("x/y/out").join(&f)).unwrap();
        assert!(
            a == std::fs::read(dirs[1].join("x/y/out").join(&f)).unwrap(),
            "{f} differs"
        );
    }
    let m: Value = serde_json::from_str(&manifests[0]).unwrap();
    let keys: Vec<&String> = m["outputs"].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "2021/06/wilmes.pdf",
            "2021/b-tri.pdf",
            "2023/kust.pdf",
            "a-first.pdf"
        ]
    );
    assert!(
        !manifests[0].contains("batch-where"),
        "machine path in manifest"
    );
}

#[test]
fn report_lists_every_output_with_its_sha256_pages_and_bytes() {
    let dir = temp_dir("batch-report");
    archive(&dir);
    std::fs::write(dir.join("archive/2021/broken.toml"), BAD).unwrap();
    let o = run(
        &dir,
        &[
            "build",
            "archive",
            "-o",
            "out",
            "--split",
            "--report",
            "report.json",
            "-q",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let report: Value =
        serde_json::from_slice(&std::fs::read(dir.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["ok"], false);
    assert_eq!(
        (
            report["inputs"].as_u64(),
            report["built"].as_u64(),
            report["failed"].as_u64()
        ),
        (Some(5), Some(4), Some(1))
    );
    let mut outputs = 0;
    for file in report["files"].as_array().unwrap() {
        assert!(file["milliseconds"].is_u64(), "{file}");
        for w in file["outputs"].as_array().unwrap() {
            let pdf = std::fs::read(dir.join(w["path"].as_str().unwrap())).unwrap();
            assert_eq!(w["sha256"].as_str().unwrap(), sha256(&pdf), "{w}");
            assert_eq!(w["bytes"].as_u64(), Some(pdf.len() as u64));
            assert!(w["pages"].as_u64().unwrap() >= 1);
            outputs += 1;
        }
    }
    // --split: wilmes nl+fr, two trilingual nl+fr+de, kustwacht fr+nl.
    assert_eq!(outputs, 2 + 3 + 3 + 2);
    let broken = &report["files"][2];
    assert_eq!(broken["input"], "archive/2021/broken.toml");
    assert_eq!(broken["status"], "failed");
    assert_eq!(broken["diagnostics"][0]["line"], 4);
}

#[test]
fn a_skipped_release_reports_its_warnings_again() {
    let dir = temp_dir("batch-warnings");
    let word = "x".repeat(90);
    let src = std::fs::read_to_string(root().join("examples").join(WILMES))
        .unwrap()
        .replacen("Mosoel", &word, 1);
    std::fs::create_dir_all(dir.join("in")).unwrap();
    std::fs::write(dir.join("in/long.toml"), &src).unwrap();
    let line = src.lines().position(|l| l.contains(&word)).unwrap() + 1;
    let warnings = |report: &Value| report["files"][0]["outputs"][0]["warnings"].clone();

    let first = run(&dir, &["build", "in", "-o", "out", "--json"]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let first = json(&first);
    assert_eq!(first["built"], 1);
    let w = warnings(&first);
    assert_eq!(w.as_array().map(Vec::len), Some(1), "{w:#}");
    assert!(
        w[0]["message"]
            .as_str()
            .unwrap()
            .contains("too long for its column, cut"),
        "{w:#}"
    );
    assert_eq!(w[0]["line"], line);

    // Skipped: the same warning, located the same way.
    let second = run(&dir, &["build", "in", "-o", "out", "--json"]);
    let second = json(&second);
    assert_eq!(second["skipped"], 1);
    assert_eq!(warnings(&second), w);
    // And in the human summary.
    let human = run(&dir, &["build", "in", "-o", "out"]);
    assert!(
        text(&human.stderr).contains("too long for its column"),
        "{}",
        text(&human.stderr)
    );
}

#[test]
fn second_run_skips_everything_and_a_changed_input_is_rebuilt() {
    let dir = temp_dir("batch-incremental");
    archive(&dir);
    let build = |extra: &[&str]| {
        let mut args = vec!["build", "archive", "-o", "out", "--json"];
        args.extend_from_slice(extra);
        let o = run(&dir, &args);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        json(&o)
    };
    let first = build(&[]);
    assert_eq!(first["built"], 4);
    let pdf = dir.join("out/2023/kust.pdf");
    let before = std::fs::metadata(&pdf).unwrap().modified().unwrap();

    let second = build(&[]);
    assert_eq!(
        (second["built"].as_u64(), second["skipped"].as_u64()),
        (Some(0), Some(4))
    );
    assert_eq!(
        std::fs::metadata(&pdf).unwrap().modified().unwrap(),
        before,
        "skipped file rewritten"
    );
    // A skipped output is still reported with its hash.
    let kust = &second["files"][2]["outputs"][0];
    assert_eq!(
        kust["sha256"].as_str().unwrap(),
        sha256(&std::fs::read(&pdf).unwrap())
    );

    let src = dir.join("archive/2023/kust.toml");
    let edited = std::fs::read_to_string(&src)
        .unwrap()
        .replace("Oostende", "Nieuwpoort");
    std::fs::write(&src, edited).unwrap();
    let third = build(&[]);
    assert_eq!(
        statuses(&third)
            .iter()
            .map(|(_, s)| s.as_str())
            .collect::<Vec<_>>(),
        ["skipped", "skipped", "built", "skipped"]
    );

    // Other options are other outputs: the continuous layout rebuilds everything.
    assert_eq!(build(&["--layout", "continuous"])["built"], 4);
    assert_eq!(build(&["--layout", "continuous"])["skipped"], 4);
    assert_eq!(build(&["--layout", "continuous", "--force"])["built"], 4);
    // A different SOURCE_DATE_EPOCH is a different PDF.
    let o = run_env(
        &dir,
        &[
            "build",
            "archive",
            "-o",
            "out",
            "--layout",
            "continuous",
            "--json",
        ],
        &[("SOURCE_DATE_EPOCH", "1700000000")],
    );
    assert_eq!(json(&o)["built"], 4);
}

#[test]
fn verify_reports_a_tampered_pdf_and_writes_nothing() {
    let dir = temp_dir("batch-verify");
    archive(&dir);
    let o = run(&dir, &["build", "archive", "-o", "out", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let o = run(&dir, &["build", "archive", "-o", "out", "--verify"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).lines().all(|l| l.starts_with("identical ")),
        "{}",
        text(&o.stdout)
    );

    let tampered = dir.join("out/2021/b-tri.pdf");
    let mut bytes = std::fs::read(&tampered).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x20;
    std::fs::write(&tampered, &bytes).unwrap();
    std::fs::remove_file(dir.join("out/a-first.pdf")).unwrap();
    let o = run(
        &dir,
        &[
            "build",
            "archive",
            "-o",
            "out",
            "--verify",
            "--diagnostic-format",
            "short",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("out/2021/b-tri.pdf: error: differs from a fresh build"),
        "{err}"
    );
    assert!(
        err.contains("out/a-first.pdf: error: cannot be compared"),
        "{err}"
    );
    assert!(
        !err.contains("wilmes.pdf:") && !err.contains("kust.pdf:"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&tampered).unwrap(),
        bytes,
        "--verify wrote a file"
    );
    assert!(
        !dir.join("out/a-first.pdf").exists(),
        "--verify wrote a file"
    );

    // A normal build notices the changed file (its hash no longer matches) and rebuilds it
    // and the missing one, and nothing else.
    let o = run(&dir, &["build", "archive", "-o", "out", "--json"]);
    let st = statuses(&json(&o));
    assert_eq!(
        st.iter().map(|(_, s)| s.as_str()).collect::<Vec<_>>(),
        ["skipped", "built", "skipped", "built"]
    );
    let o = run(&dir, &["build", "archive", "-o", "out", "--verify", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
}

#[test]
fn shards_are_disjoint_cover_every_input_and_their_manifests_merge() {
    let dir = temp_dir("batch-shard");
    for i in 0..24 {
        put(&dir, &format!("archive/{}/r{i:02}.toml", i % 3), KUST);
    }
    let mut seen: Vec<String> = Vec::new();
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let o = run(
            &dir,
            &["build", "archive", "-o", "out", "--shard", &shard, "--json"],
        );
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        let inputs: Vec<String> = statuses(&json(&o)).into_iter().map(|(i, _)| i).collect();
        assert!(
            !inputs.is_empty() && inputs.len() < 24,
            "shard {shard}: {inputs:?}"
        );
        assert!(dir
            .join(format!("out/communique.manifest.{k}-of-3.json"))
            .exists());
        seen.extend(inputs);
    }
    let total = seen.len();
    seen.sort();
    seen.dedup();
    assert_eq!(
        (total, seen.len()),
        (24, 24),
        "shards overlap or miss inputs"
    );
    // Same shard, same inputs: the choice is stable.
    let again = run(
        &dir,
        &["build", "archive", "-o", "out", "--shard", "2/3", "--json"],
    );
    assert_eq!(
        json(&again)["skipped"].as_u64(),
        json(&again)["inputs"].as_u64()
    );

    let o = run(&dir, &["manifest", "merge", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let names: Vec<String> = tree(&dir.join("out"))
        .into_iter()
        .filter(|f| f.ends_with(".json"))
        .collect();
    assert_eq!(names, ["communique.manifest.json"]);
    let m: Value =
        serde_json::from_slice(&std::fs::read(dir.join("out/communique.manifest.json")).unwrap())
            .unwrap();
    assert_eq!(m["outputs"].as_object().unwrap().len(), 24);
    // The whole archive on one machine now skips everything.
    let o = run(&dir, &["build", "archive", "-o", "out", "--json"]);
    assert_eq!(json(&o)["skipped"], 24);
}

#[test]
fn bad_shards_are_usage_errors() {
    let dir = temp_dir("batch-shard-bad");
    put(&dir, "r.toml", KUST);
    for bad in ["0/3", "4/3", "1", "x/y"] {
        let o = run(&dir, &["build", "r.toml", "--shard", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
    }
}

#[test]
fn init_writes_a_bilingual_skeleton_that_builds_at_once() {
    let dir = temp_dir("batch-init");
    let o = run_env(
        &dir,
        &["init", "persbericht-nieuw"],
        &[("SOURCE_DATE_EPOCH", "1764374400")],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        text(&o.stdout),
        "wrote persbericht-nieuw.toml\nwrote release.schema.json\nwrote communique.toml\n\
         wrote project.schema.json\n"
    );
    // The project file uses no key: it reads as empty, and the build below takes nothing
    // from it.
    let project = std::fs::read_to_string(dir.join("communique.toml")).unwrap();
    let loaded = communique::project::parse("communique.toml", &project).unwrap();
    assert_eq!(loaded, communique::project::Project::default());
    assert!(project.contains("\n# image_dpi = 300 "), "{project}");
    let skeleton = std::fs::read_to_string(dir.join("persbericht-nieuw.toml")).unwrap();
    assert!(skeleton.contains("date = 2025-11-29"), "{skeleton}");
    assert!(skeleton.contains("languages = [\"nl\", \"fr\"]") && skeleton.contains("\n# "));
    let o = run(&dir, &["build", "persbericht-nieuw.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let pdf = std::fs::read(dir.join("persbericht-nieuw.pdf")).unwrap();
    let words = common::pdftotext(&pdf);
    assert!(
        words.contains("Titel van het persbericht")
            && words.contains("Titre du communiqué de presse"),
        "{words}"
    );
    // Never over an existing file.
    std::fs::write(dir.join("persbericht-nieuw.toml"), "mine").unwrap();
    let o = run(&dir, &["init", "persbericht-nieuw.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(dir.join("persbericht-nieuw.toml")).unwrap(),
        "mine"
    );
}

#[test]
fn check_accepts_folders_and_locates_each_error() {
    let dir = temp_dir("batch-check");
    archive(&dir);
    std::fs::write(dir.join("archive/2021/broken.toml"), BAD).unwrap();
    for format in ["human", "short", "json"] {
        let o = run(&dir, &["check", "archive", "--diagnostic-format", format]);
        assert_eq!(o.status.code(), Some(1), "{format}");
        let (out, err) = (text(&o.stdout), text(&o.stderr));
        match format {
            "human" => {
                assert_eq!(
                    out.lines().filter(|l| l.starts_with("ok archive/")).count(),
                    4,
                    "{out}"
                );
                assert!(err.contains("--> archive/2021/broken.toml:4:1"), "{err}");
            }
            "short" => assert!(
                err.contains("archive/2021/broken.toml:4:1: error: unknown key"),
                "{err}"
            ),
            _ => {
                let v = json(&o);
                assert_eq!(
                    (v["checked"].as_u64(), v["failed"].as_u64()),
                    (Some(4), Some(1))
                );
            }
        }
    }
    assert!(
        !tree(&dir).iter().any(|f| f.ends_with(".pdf")),
        "check wrote a PDF"
    );
}

#[test]
fn broken_releases_in_a_folder_fail_the_run_but_the_others_are_written() {
    let dir = temp_dir("batch-broken");
    archive(&dir);
    std::fs::write(dir.join("archive/2021/broken.toml"), BAD).unwrap();
    std::fs::write(
        dir.join("archive/2023/latin1.toml"),
        b"date = 2021-06-28\ntitle = \"caf\xe9\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("archive/2023/truncated.toml"),
        "date = 2021-06-28\nlanguages = [\"nl\"\n",
    )
    .unwrap();
    let o = run(
        &dir,
        &[
            "build",
            "archive",
            "-o",
            "out",
            "--diagnostic-format",
            "short",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let pdfs: Vec<String> = tree(&dir.join("out"))
        .into_iter()
        .filter(|f| f.ends_with(".pdf"))
        .collect();
    assert_eq!(
        pdfs,
        [
            "2021/06/wilmes.pdf",
            "2021/b-tri.pdf",
            "2023/kust.pdf",
            "a-first.pdf"
        ]
    );
    let err = text(&o.stderr);
    for located in [
        "archive/2021/broken.toml:4:1: error:",
        "archive/2023/latin1.toml:2:13: error:",
        "archive/2023/truncated.toml:2:",
    ] {
        assert!(err.contains(located), "{located} missing in:\n{err}");
    }
    assert!(err.contains("3 failed"), "{err}");
}

/// Writing happens on writer threads: an output that cannot be written fails its release
/// (located, in the report, not in the manifest), leaves no temporary file, and the others
/// are written.
#[test]
fn an_output_that_cannot_be_written_fails_its_release_only() {
    let dir = temp_dir("batch-unwritable");
    archive(&dir);
    // A folder where the PDF should go: renaming the finished file over it fails.
    std::fs::create_dir_all(dir.join("out/2021/b-tri.pdf/inside")).unwrap();
    let o = run(&dir, &["build", "archive", "-o", "out", "--json"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let report = json(&o);
    let statuses = statuses(&report);
    assert_eq!(
        statuses,
        [
            (
                "archive/2021/06/wilmes.toml".to_string(),
                "built".to_string()
            ),
            ("archive/2021/b-tri.toml".to_string(), "failed".to_string()),
            ("archive/2023/kust.toml".to_string(), "built".to_string()),
            ("archive/a-first.toml".to_string(), "built".to_string()),
        ]
    );
    let failed = &report["files"][1];
    assert_eq!(failed["outputs"], serde_json::json!([]));
    let message = failed["diagnostics"][0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("cannot write PDF for archive/2021/b-tri.toml"),
        "{message}"
    );
    assert!(
        failed["diagnostics"][0]["path"]
            .as_str()
            .unwrap()
            .ends_with("b-tri.pdf"),
        "{failed}"
    );
    // No temporary file left beside the folder (the tree lists files only).
    assert_eq!(
        tree(&dir.join("out")),
        [
            "2021/06/wilmes.pdf",
            "2023/kust.pdf",
            "a-first.pdf",
            "communique.manifest.json"
        ]
    );
    let manifest = std::fs::read_to_string(dir.join("out/communique.manifest.json")).unwrap();
    assert!(!manifest.contains("b-tri"), "{manifest}");
}

#[test]
fn missing_inputs_and_empty_folders_are_usage_errors() {
    let dir = temp_dir("batch-missing");
    std::fs::create_dir_all(dir.join("empty/sub")).unwrap();
    let o = run(&dir, &["build", "nope.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("nope.toml"));
    let o = run(&dir, &["check", "empty"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("no release files"),
        "{}",
        text(&o.stderr)
    );
    // With --json, CI still gets JSON on stdout.
    let o = run(&dir, &["build", "empty", "--json"]);
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    assert_eq!(v["ok"], false);
    assert!(v["fatal"][0]["message"]
        .as_str()
        .unwrap()
        .contains("no release files"));
}

#[test]
fn stale_temporary_files_of_a_killed_run_are_removed_and_never_built() {
    let dir = temp_dir("batch-stale");
    put(&dir, "archive/r.toml", KUST);
    std::fs::create_dir_all(dir.join("out")).unwrap();
    // The run that left the files behind: a child that has exited and been reaped, so its
    // pid is proven dead (a fixed number could be a live process, which a build must
    // leave alone).
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_communique"))
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let ours = dir.join(format!("out/.r.pdf.tmp{dead}"));
    let other = dir.join(format!("out/.other.pdf.tmp{dead}"));
    std::fs::write(&ours, b"%PDF-1.7 half").unwrap();
    std::fs::write(&other, b"%PDF-1.7 half").unwrap();
    let o = run(&dir, &["build", "archive", "-o", "out", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(!ours.exists(), "temporary file of r.pdf left behind");
    assert!(
        other.exists(),
        "removed a temporary file that is not ours (another shard's?)"
    );
    assert!(dir.join("out/r.pdf").exists());
}

#[test]
fn jobs_and_json_flags_are_documented_in_help() {
    let dir = temp_dir("batch-help");
    let h = text(&run(&dir, &["build", "--help"]).stdout);
    for flag in [
        "--jobs", "--shard", "--force", "--verify", "--report", "--json", "--quiet",
    ] {
        assert!(h.contains(flag), "help lacks {flag}");
    }
}

/// The manifest key covers the `--brands` brands a release names, and only those: editing
/// one brand's file rebuilds the releases that name it (alone or in a joint release) and
/// skips the others. Before, every named brand was in every key: any brand edit rebuilt the
/// whole archive.
#[test]
fn editing_a_named_brand_rebuilds_only_the_releases_that_name_it() {
    let dir = temp_dir("batch-named-brands");
    let brands = dir.join("brands");
    for name in ["fod-digitaal", "fod-justitie"] {
        let from = root().join("examples/brands").join(name);
        std::fs::create_dir_all(brands.join(name)).unwrap();
        for file in ["brand.toml", "logo.svg"] {
            std::fs::copy(from.join(file), brands.join(name).join(file)).unwrap();
        }
    }
    let release = |brand: &str| {
        format!("date = 2026-11-03\n{brand}languages = [\"nl\"]\n[nl]\ntitle = \"Een\"\nlead = \"Lead.\"\n")
    };
    std::fs::create_dir_all(dir.join("in")).unwrap();
    let releases = [
        ("a-digitaal", "brand = \"fod-digitaal\"\n"),
        ("b-justitie", "brand = \"fod-justitie\"\n"),
        ("c-joint", "brand = [\"fod-digitaal\", \"fod-justitie\"]\n"),
        ("d-default", ""),
    ];
    for (name, brand) in releases {
        std::fs::write(dir.join(format!("in/{name}.toml")), release(brand)).unwrap();
    }
    let build = || {
        let o = run(
            &dir,
            &["build", "in", "-o", "out", "--brands", "brands", "--json"],
        );
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        statuses(&json(&o))
            .into_iter()
            .map(|(_, s)| s)
            .collect::<Vec<_>>()
    };
    assert_eq!(build(), ["built"; 4]);
    assert_eq!(build(), ["skipped"; 4]);
    let file = brands.join("fod-justitie/brand.toml");
    let edited = std::fs::read_to_string(&file).unwrap() + "\n# edited\n";
    std::fs::write(&file, edited).unwrap();
    assert_eq!(build(), ["skipped", "built", "built", "skipped"]);
    // The logo is part of the brand too.
    let logo = brands.join("fod-digitaal/logo.svg");
    let edited = std::fs::read_to_string(&logo).unwrap() + "\n<!-- edited -->\n";
    std::fs::write(&logo, edited).unwrap();
    assert_eq!(build(), ["built", "skipped", "built", "skipped"]);
    assert_eq!(build(), ["skipped"; 4]);
}
