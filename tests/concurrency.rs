//! Several real `communique build` processes into one output folder at once (issue 16): plain
//! runs, `--force`, `--verify`, shards of different counts and single-file runs, overlapping,
//! a few rounds. Afterwards every PDF is whole, every PDF is in a manifest with its SHA-256,
//! and no temporary file is left. Before the folder lock, eight single-file runs kept as few
//! as 13 of 28 manifest entries, and one run's stale-temporary sweep deleted another's file
//! mid-write.

mod harness;

use harness::{command, complete_pdf, files, spawn, temp, wait};
use std::collections::BTreeMap;
use std::path::Path;

/// Every manifest in `out` (main and shards'): output → SHA-256s recorded.
fn recorded(out: &Path) -> BTreeMap<String, Vec<String>> {
    let mut all: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in std::fs::read_dir(out).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.starts_with("communique.manifest.") {
            continue;
        }
        for (output, entry) in harness::manifest(out, &name) {
            all.entry(output)
                .or_default()
                .push(entry["sha256"].as_str().unwrap().to_string());
        }
    }
    all
}

fn sha256(path: &Path) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(std::fs::read(path).unwrap());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn runs_sharing_an_output_folder_keep_every_pdf_whole_and_recorded() {
    let dir = temp("concurrent");
    let made = std::process::Command::new("python3")
        .arg(harness::root().join("bench/generate.py"))
        .args(["16", dir.join("in").to_str().unwrap()])
        .status()
        .unwrap();
    assert!(made.success());
    let singles: Vec<String> = files(&dir.join("in"))
        .iter()
        .take(6)
        .map(|p| format!("in/{}", p.display()))
        .collect();
    let mut runs: Vec<Vec<String>> = vec![
        vec!["-j", "2"],
        vec!["--force", "-j", "2"],
        vec!["--verify"],
        vec!["--shard", "1/2"],
        vec!["--shard", "2/2"],
        vec!["--shard", "2/3", "--force"],
    ]
    .into_iter()
    .map(|extra| {
        let mut a = vec!["build", "in", "-o", "out", "-q"];
        a.extend(extra);
        a.into_iter().map(String::from).collect()
    })
    .collect();
    for single in &singles {
        runs.push(
            ["build", single, "-o", "out", "-q", "--force"]
                .map(String::from)
                .to_vec(),
        );
    }
    for round in 0..3 {
        let children: Vec<_> = runs
            .iter()
            .enumerate()
            .map(|(i, args)| {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                let tag = format!("r{round}-{i}");
                let child = spawn(&dir, &tag, command(&dir, &args, &[]));
                (tag, args, child)
            })
            .collect();
        for (tag, args, child) in children {
            let r = wait(&dir, &tag, child, 300);
            let verify = args.contains(&"--verify");
            // A verification may find a PDF not yet written (exit 1, "cannot be compared"),
            // but nothing may crash or fail to write.
            let ok = r.code() == Some(0) || (verify && r.code() == Some(1));
            assert!(ok, "{args:?} exited {:?}:\n{}", r.code(), r.stderr);
            assert!(
                !r.stderr.contains("internal error") && !r.stderr.contains("cannot write"),
                "{args:?}:\n{}",
                r.stderr
            );
        }
        let out = dir.join("out");
        let on_disk: Vec<_> = files(&out);
        let leftovers: Vec<_> = on_disk
            .iter()
            .filter(|p| p.to_string_lossy().contains(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "round {round}: {leftovers:?}");
        let recorded = recorded(&out);
        let pdfs: Vec<_> = on_disk
            .iter()
            .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
            .collect();
        // 16 mirrored under out/YYYY/MM/, 6 more at the top from the single-file runs.
        assert_eq!(pdfs.len(), 16 + singles.len(), "round {round}");
        for pdf in pdfs {
            complete_pdf(&out.join(pdf)).unwrap();
            let key = pdf.to_string_lossy().into_owned();
            let shas = recorded
                .get(&key)
                .unwrap_or_else(|| panic!("round {round}: {key} in no manifest"));
            // Every run builds the same bytes: each entry must name the file on disk.
            assert!(
                shas.iter().all(|s| *s == sha256(&out.join(pdf))),
                "round {round}: {key}: {shas:?}"
            );
        }
    }
}
