//! The index pages and feeds of a folder built with html (`OUT/index.<lang>.html`,
//! `OUT/feed.<lang>.xml`) are outputs like the releases' own: recorded in the manifest,
//! listed in the JSON report, compared with the disk by `--verify`, and never written by an
//! interrupted run.

mod common;

use common::{root, run, temp_dir, text};
use std::path::Path;
use std::time::{Duration, Instant};

const FOLDER_FILES: [&str; 4] = [
    "index.nl.html",
    "index.fr.html",
    "feed.nl.xml",
    "feed.fr.xml",
];

/// Two bilingual examples under `DIR/in` (one in a sub-folder).
fn folder(name: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    std::fs::create_dir_all(dir.join("in/2021")).unwrap();
    for (from, to) in [
        ("persbericht-wilmes.toml", "in/2021/persbericht-wilmes.toml"),
        (
            "statistiek-werkloosheid.toml",
            "in/statistiek-werkloosheid.toml",
        ),
    ] {
        std::fs::copy(root().join("examples").join(from), dir.join(to)).unwrap();
    }
    dir
}

fn sha256(path: &Path) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(std::fs::read(path).unwrap());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{e}: {}", text(bytes)))
}

/// The manifest has an entry (empty input, the file's SHA-256 and size) and the JSON report
/// a `folder` output for each index page and feed, on a full build and on one where every
/// release is up to date.
#[test]
fn the_index_and_feeds_are_in_the_manifest_and_the_report() {
    let dir = folder("folder-manifest");
    let args = ["build", "in", "-o", "out", "--format", "pdf,html", "--json"];
    for run_no in 0..2 {
        let out = run(&dir, &args);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let report = json(&out.stdout);
        assert_eq!(report["ok"], true);
        let outputs = report["folder"]["outputs"]
            .as_array()
            .expect("folder outputs");
        let manifest = json(&std::fs::read(dir.join("out/communique.manifest.json")).unwrap());
        for name in FOLDER_FILES {
            let file = dir.join("out").join(name);
            let sha = sha256(&file);
            let listed = outputs
                .iter()
                .find(|o| o["path"].as_str().unwrap().ends_with(name))
                .unwrap_or_else(|| panic!("run {run_no}: {name} not in the report"));
            assert_eq!(listed["sha256"], sha.as_str(), "{name}");
            assert_eq!(listed["status"], "written", "{name}");
            assert_eq!(listed["bytes"], std::fs::metadata(&file).unwrap().len());
            let entry = &manifest["outputs"][name];
            assert_eq!(entry["input"], "", "run {run_no}: {name}: {manifest}");
            assert_eq!(entry["sha256"], sha.as_str(), "{name}");
        }
        assert_eq!(outputs.len(), FOLDER_FILES.len());
    }
    // The releases' own entries are still there beside them.
    let manifest = json(&std::fs::read(dir.join("out/communique.manifest.json")).unwrap());
    assert!(manifest["outputs"]["2021/persbericht-wilmes.nl.html"].is_object());
}

/// `--verify` rebuilds the index and feeds in memory: identical ones pass; one changed on
/// disk makes the run fail (exit 1) naming it, and the report says it differs.
#[test]
fn verify_detects_a_changed_index_and_feed() {
    let dir = folder("folder-verify");
    let build = ["build", "in", "-o", "out", "--format", "pdf,html"];
    let out = run(&dir, &build);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let verify = [&build[..], &["--verify"]].concat();
    let out = run(&dir, &verify);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("identical out/index.nl.html"),
        "{}",
        text(&out.stdout)
    );
    for name in ["index.fr.html", "feed.nl.xml"] {
        let file = dir.join("out").join(name);
        let before = std::fs::read(&file).unwrap();
        let mut changed = before.clone();
        changed.extend_from_slice(b"\n<!-- edited -->\n");
        std::fs::write(&file, &changed).unwrap();
        let out = run(&dir, &verify);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", text(&out.stderr));
        let err = text(&out.stderr);
        assert!(
            err.contains(name) && err.contains("differs from a fresh build"),
            "{err}"
        );
        let out = run(&dir, &[&verify[..], &["--json"]].concat());
        assert_eq!(out.status.code(), Some(1));
        let report = json(&out.stdout);
        assert_eq!(report["ok"], false);
        let outputs = report["folder"]["outputs"].as_array().unwrap();
        let status = |n: &str| {
            let o = outputs
                .iter()
                .find(|o| o["path"].as_str().unwrap().ends_with(n));
            o.unwrap()["status"].clone()
        };
        assert_eq!(status(name), "differs");
        assert_eq!(status("index.nl.html"), "identical");
        // --verify writes nothing: the edited file stays as it was edited.
        assert_eq!(std::fs::read(&file).unwrap(), changed);
        std::fs::write(&file, &before).unwrap();
    }
    // A missing feed differs too.
    std::fs::remove_file(dir.join("out/feed.fr.xml")).unwrap();
    let out = run(&dir, &verify);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("feed.fr.xml"));
}

/// A run stopped by SIGINT writes no index and no feed (they would list part of the run),
/// and records none in the manifest; the next full run writes them.
#[test]
fn an_interrupted_run_writes_no_index() {
    let dir = temp_dir("folder-interrupted");
    let made = std::process::Command::new("python3")
        .arg(root().join("bench/generate.py"))
        .args(["200", dir.join("in").to_str().unwrap()])
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(made.success());
    let out = dir.join("out");
    let args = [
        "build", "in", "-o", "out", "-j", "1", "-q", "--format", "pdf,html",
    ];
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_communique"))
        .args(args)
        .current_dir(&dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while html_pages(&out) < 6 {
        assert!(Instant::now() < deadline, "no progress in 120 s");
        std::thread::sleep(Duration::from_millis(5));
    }
    let sent = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "the run was interrupted");
    for name in FOLDER_FILES {
        assert!(
            !out.join(name).exists(),
            "{name} written by an interrupted run"
        );
    }
    let manifest = std::fs::read_to_string(out.join("communique.manifest.json")).unwrap();
    assert!(!manifest.contains("index.nl.html"), "{manifest}");
    let again = run(&dir, &args);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again.stderr));
    for name in FOLDER_FILES {
        assert!(
            out.join(name).is_file(),
            "{name} missing after the full run"
        );
    }
}

/// An incremental folder build lists the releases it finds up to date from their manifest
/// entries, without making them again (it used to render every such release only to list
/// it): after one release is edited, only that one is built, and the index pages and feeds
/// equal a full `--force` build's, byte for byte.
#[test]
fn an_incremental_build_lists_up_to_date_releases_from_the_manifest() {
    let dir = folder("folder-incremental");
    let args = [
        "build",
        "in",
        "-o",
        "out",
        "--format",
        "pdf,html,txt",
        "--json",
    ];
    let statuses = |out: &std::process::Output| -> Vec<String> {
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let report = json(&out.stdout);
        let files = report["files"].as_array().unwrap();
        files.iter().map(|f| f["status"].to_string()).collect()
    };
    assert_eq!(statuses(&run(&dir, &args)), [r#""built""#, r#""built""#]);
    let release = dir.join("in/statistiek-werkloosheid.toml");
    let source = std::fs::read_to_string(&release).unwrap();
    let edited = source.replace(
        "title = \"Werkloosheid daalt",
        "title = \"Bijgewerkt: werkloosheid daalt",
    );
    assert_ne!(source, edited);
    std::fs::write(&release, edited).unwrap();
    // Inputs in sorted order: in/2021/persbericht-wilmes.toml, then the edited one.
    assert_eq!(statuses(&run(&dir, &args)), [r#""skipped""#, r#""built""#]);
    let full = [
        "build",
        "in",
        "-o",
        "full",
        "--format",
        "pdf,html,txt",
        "--force",
    ];
    let out = run(&dir, &full);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    for name in FOLDER_FILES {
        let (incremental, forced) = (dir.join("out").join(name), dir.join("full").join(name));
        assert_eq!(
            std::fs::read(&incremental).unwrap(),
            std::fs::read(&forced).unwrap(),
            "{name}: the incremental build's differs from a full build's"
        );
    }
    assert!(text(&std::fs::read(dir.join("out/index.nl.html")).unwrap()).contains("Bijgewerkt"));
    // The listing of the skipped release came from the manifest: what the manifest says is
    // what the index shows.
    let file = dir.join("out/communique.manifest.json");
    let mut manifest = json(&std::fs::read(&file).unwrap());
    let page = "2021/persbericht-wilmes.nl.html";
    let title = manifest["outputs"][page]["listing"]["title"].clone();
    assert!(title.is_string(), "no listing in the manifest: {manifest}");
    manifest["outputs"][page]["listing"]["title"] = "Uit het manifest".into();
    std::fs::write(&file, serde_json::to_string_pretty(&manifest).unwrap()).unwrap();
    assert_eq!(
        statuses(&run(&dir, &args)),
        [r#""skipped""#, r#""skipped""#]
    );
    let index = text(&std::fs::read(dir.join("out/index.nl.html")).unwrap());
    assert!(index.contains("Uit het manifest"), "{index}");
    // A page's entry without its listing (a manifest edited by hand): that release is built
    // again, and listed as it is.
    let mut manifest = json(&std::fs::read(&file).unwrap());
    manifest["outputs"][page]
        .as_object_mut()
        .unwrap()
        .remove("listing");
    std::fs::write(&file, serde_json::to_string_pretty(&manifest).unwrap()).unwrap();
    assert_eq!(statuses(&run(&dir, &args)), [r#""built""#, r#""skipped""#]);
    assert_eq!(
        std::fs::read(dir.join("out/index.nl.html")).unwrap(),
        std::fs::read(dir.join("full/index.nl.html")).unwrap()
    );
}

/// The index and feeds list a folder's releases, so only a run over the whole folder
/// writes them: one shard of it would write an index of its part over the whole's
/// (sharded machines share the output folder), and so would a run that names release files
/// into a site's folder. After the shards are merged, a run over the folder (every release
/// up to date) writes them as a full build does.
#[test]
fn only_a_run_over_a_whole_folder_writes_the_index_and_feeds() {
    let dir = folder("folder-shards");
    let built = |out: &std::process::Output| -> serde_json::Value {
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        json(&out.stdout)
    };
    for shard in ["1/2", "2/2"] {
        let args = [
            "build", "in", "-o", "out", "--format", "pdf,html", "--json", "--shard", shard,
        ];
        let report = built(&run(&dir, &args));
        assert!(report.get("folder").is_none(), "{shard}: {report}");
    }
    assert_eq!(html_pages(&dir.join("out")), 4, "each release's two pages");
    for name in FOLDER_FILES {
        assert!(!dir.join("out").join(name).exists(), "a shard wrote {name}");
    }
    let merge = run(&dir, &["manifest", "merge", "out"]);
    assert_eq!(merge.status.code(), Some(0), "{}", text(&merge.stderr));
    let args = ["build", "in", "-o", "out", "--format", "pdf,html", "--json"];
    let report = built(&run(&dir, &args));
    let statuses: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["skipped", "skipped"]);
    assert_eq!(report["folder"]["outputs"].as_array().unwrap().len(), 4);
    let full = [
        "build", "in", "-o", "full", "--format", "pdf,html", "--json",
    ];
    built(&run(&dir, &full));
    for name in FOLDER_FILES {
        assert_eq!(
            std::fs::read(dir.join("out").join(name)).unwrap(),
            std::fs::read(dir.join("full").join(name)).unwrap(),
            "{name}: after the merge, not as a full build's"
        );
    }
    // Release files named, not a folder: their pages, no index.
    let one = [
        "build",
        "in/statistiek-werkloosheid.toml",
        "-o",
        "one",
        "--format",
        "pdf,html",
        "--json",
    ];
    let report = built(&run(&dir, &one));
    assert!(report.get("folder").is_none(), "{report}");
    assert_eq!(html_pages(&dir.join("one")), 2);
    for name in FOLDER_FILES {
        assert!(!dir.join("one").join(name).exists(), "{name}");
    }
}

/// The web pages under `out` so far (the index pages are not among them: they come last).
fn html_pages(out: &Path) -> usize {
    let mut n = 0;
    let mut stack = vec![out.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "html") {
                n += 1;
            }
        }
    }
    n
}
