//! A batch killed (SIGKILL) in the middle: no partial PDF under a final name, every PDF
//! that existed before is either intact or completely replaced, and the next run cleans up
//! and finishes the job.

mod common;

use common::{root, temp_dir, tool};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const INPUTS: usize = 200;

fn binary(dir: &Path, args: &[&str], epoch: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_communique"));
    c.args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("SOURCE_DATE_EPOCH", epoch)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

fn archive(dir: &Path) {
    let src = root().join("examples/persbericht-wilmes.toml");
    for i in 0..INPUTS {
        let to = dir.join(format!("archive/{:02}/r{i:03}.toml", i % 10));
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&src, to).unwrap();
    }
}

fn files(dir: &Path, pred: &dyn Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for sub in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = sub.path();
        if path.is_dir() {
            out.extend(files(&path, pred));
        } else if pred(&sub.file_name().to_string_lossy()) {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn final_pdfs(dir: &Path) -> Vec<PathBuf> {
    files(dir, &|n| n.ends_with(".pdf") && !n.starts_with('.'))
}

fn temps(dir: &Path) -> Vec<PathBuf> {
    files(dir, &|n| n.starts_with('.') && n.contains(".pdf.tmp"))
}

/// Starts a full build and kills it once `enough` PDFs have been (re)written since `since`
/// (by count of files whose bytes are not in `old`). Panics if the run ends on its own first.
fn kill_midway(dir: &Path, epoch: &str, written: &dyn Fn() -> usize, enough: usize) {
    let mut child = binary(
        dir,
        &["build", "archive", "-o", "out", "--jobs", "2", "--force"],
        epoch,
    )
    .spawn()
    .expect("binary starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    while written() < enough {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the batch ended before it could be killed"
        );
        assert!(Instant::now() < deadline, "no output appeared");
        std::thread::sleep(Duration::from_millis(2));
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "the batch ended before it could be killed"
    );
    child.kill().expect("SIGKILL");
    child.wait().unwrap();
}

/// A PDF that a reader can open: complete trailer and a clean `qpdf --check`.
fn assert_complete(pdf: &Path) {
    let bytes = std::fs::read(pdf).unwrap();
    assert!(
        bytes.starts_with(b"%PDF-"),
        "{} has no header",
        pdf.display()
    );
    assert!(
        bytes.trim_ascii_end().ends_with(b"%%EOF"),
        "{} is truncated",
        pdf.display()
    );
    let (ok, out) = tool("qpdf", &["--check"], &bytes);
    assert!(ok, "qpdf --check {}: {out}", pdf.display());
}

#[test]
fn a_killed_batch_leaves_only_complete_pdfs_and_the_next_run_finishes() {
    let dir = temp_dir("kill");
    archive(&dir);
    let out = dir.join("out");

    // 1. Killed while writing PDFs for the first time.
    // Past the first manifest checkpoints (every 20 inputs), so that the next run has some
    // recorded work to trust.
    kill_midway(&dir, "1600000000", &|| final_pdfs(&out).len(), 60);
    let first = final_pdfs(&out);
    assert!(first.len() < INPUTS, "nothing left to interrupt");
    for pdf in &first {
        assert_complete(pdf);
    }

    // 2. A run that finishes: removes the temporary files the kill left, writes everything.
    // It may skip what the killed run's manifest checkpoints recorded, but only PDFs that
    // the killed run really finished.
    let report = finish(&dir);
    let mut skipped = 0;
    for file in report["files"].as_array().unwrap() {
        if file["status"] == "skipped" {
            let pdf = dir.join(file["outputs"][0]["path"].as_str().unwrap());
            assert!(
                first.contains(&pdf),
                "{} skipped but never written",
                pdf.display()
            );
            skipped += 1;
        }
    }
    assert_eq!(report["built"].as_u64(), Some((INPUTS - skipped) as u64));
    eprintln!(
        "killed after {} PDFs; the next run skipped {skipped}",
        first.len()
    );
    assert_eq!(final_pdfs(&out).len(), INPUTS);
    assert!(temps(&out).is_empty(), "left behind: {:?}", temps(&out));
    let old: Vec<(PathBuf, Vec<u8>)> = final_pdfs(&out)
        .into_iter()
        .map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect();

    // 3. Killed while replacing them (another date, so other bytes): each PDF is either the
    // old one, intact, or the new one, complete; none is missing.
    let replaced = || {
        old.iter()
            .filter(|(p, b)| std::fs::read(p).map_or(true, |now| now != *b))
            .count()
    };
    kill_midway(&dir, "1700000000", &replaced, 5);
    let now = final_pdfs(&out);
    assert_eq!(now.len(), INPUTS, "a PDF disappeared");
    let mut kept = 0;
    for (path, bytes) in &old {
        let current = std::fs::read(path).unwrap();
        if current == *bytes {
            kept += 1;
        } else {
            assert_complete(path);
        }
    }
    assert!(
        kept > 0 && kept < INPUTS,
        "the kill did not land mid-run ({kept} kept)"
    );
}

/// The complete lines of the manifest's journal: the inputs a killed run's checkpoints
/// recorded.
fn journal_inputs(out: &Path) -> Vec<String> {
    let text = std::fs::read(out.join("communique.manifest.json.journal")).unwrap_or_default();
    let whole = text.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    text[..whole]
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| {
            let record: serde_json::Value = serde_json::from_slice(l).expect("journal line");
            record["input"].as_str().unwrap().to_string()
        })
        .collect()
}

/// A run killed after its first checkpoints has written no manifest yet, only the journal's
/// lines; the next run trusts exactly the inputs those lines name (skips them, rebuilds the
/// rest), then folds the journal into the manifest and removes it.
#[test]
fn a_killed_batch_s_journal_is_what_the_next_run_trusts() {
    let dir = temp_dir("kill-journal");
    archive(&dir);
    let out = dir.join("out");
    kill_midway(&dir, "1600000000", &|| journal_inputs(&out).len(), 20);
    assert!(
        !out.join("communique.manifest.json").exists(),
        "a checkpoint rewrote the manifest"
    );
    let mut recorded = journal_inputs(&out);
    recorded.sort();
    recorded.dedup();
    assert!(recorded.len() < INPUTS, "nothing left to interrupt");
    eprintln!("killed with {} inputs in the journal", recorded.len());

    let report = finish(&dir);
    let mut skipped: Vec<String> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "skipped")
        .map(|f| {
            let input = f["input"].as_str().unwrap();
            input.strip_prefix("archive/").unwrap_or(input).to_string()
        })
        .collect();
    skipped.sort();
    assert_eq!(
        skipped, recorded,
        "skipped other inputs than the journal named"
    );
    assert!(!out.join("communique.manifest.json.journal").exists());
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("communique.manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["outputs"].as_object().unwrap().len(), INPUTS);
    assert_eq!(final_pdfs(&out).len(), INPUTS);
}

/// The run after a kill: builds the archive to its end (exit 0) and returns its JSON report.
fn finish(dir: &Path) -> serde_json::Value {
    let run = binary(
        dir,
        &["build", "archive", "-o", "out", "--jobs", "2", "--json"],
        "1600000000",
    )
    .stdout(Stdio::piped())
    .output()
    .unwrap();
    assert_eq!(run.status.code(), Some(0));
    serde_json::from_slice(&run.stdout).unwrap()
}
