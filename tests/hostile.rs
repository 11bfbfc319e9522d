//! Hostile and unlucky inputs through the real binary (issue 16): each case asserts the exit
//! code, a located message, that nothing good was lost, and a deadline.

mod harness;

use harness::{complete_pdf, manifest, release, run, temp};
use std::path::Path;

/// How [`fonts_with_a_broken_glyph`] damages the glyph.
#[derive(Clone, Copy, PartialEq)]
enum Break {
    /// Its `loca` entry ends before it starts (the start-up check names `loca`).
    Loca,
    /// It is a composite glyph, and its first component names a glyph past the face's last.
    /// ttf-parser reads the outline without it and the start-up check lets it pass; the
    /// subsetter fails inside the pdf stage, which panics there: a real library panic, and
    /// a release that trips it.
    Component,
}

/// A copy of the shipped faces in which the glyph of `c` is damaged as `how` says.
fn fonts_with_a_broken_glyph(dir: &Path, c: char, how: Break) {
    std::fs::create_dir_all(dir).unwrap();
    for entry in std::fs::read_dir(harness::root().join("fonts")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "ttf") {
            continue;
        }
        let mut data = std::fs::read(&path).unwrap();
        let gid = ttf_parser::Face::parse(&data, 0)
            .unwrap()
            .glyph_index(c)
            .expect("the faces have the glyph")
            .0 as usize;
        let table = |tag: &[u8]| {
            let n = u16::from_be_bytes([data[4], data[5]]) as usize;
            (0..n)
                .map(|i| &data[12 + 16 * i..28 + 16 * i])
                .find(|rec| &rec[..4] == tag)
                .map(|rec| u32::from_be_bytes(rec[8..12].try_into().unwrap()) as usize)
                .expect("table")
        };
        let (head, loca, glyf) = (table(b"head"), table(b"loca"), table(b"glyf"));
        let long = i16::from_be_bytes([data[head + 50], data[head + 51]]) == 1;
        if how == Break::Component {
            let start = if long {
                let at = loca + 4 * gid;
                u32::from_be_bytes(data[at..at + 4].try_into().unwrap()) as usize
            } else {
                let at = loca + 2 * gid;
                2 * u16::from_be_bytes(data[at..at + 2].try_into().unwrap()) as usize
            };
            let g = glyf + start;
            assert!(
                i16::from_be_bytes([data[g], data[g + 1]]) < 0,
                "{c} is composite"
            );
            // After the 10-byte header: the component's flags, then its glyph index.
            data[g + 12..g + 14].copy_from_slice(&0xfff0u16.to_be_bytes());
        } else if long {
            let at = loca + 4 * gid;
            let start = u32::from_be_bytes(data[at..at + 4].try_into().unwrap());
            data[at + 4..at + 8].copy_from_slice(&(start - 2).to_be_bytes());
        } else {
            let at = loca + 2 * gid;
            let start = u16::from_be_bytes(data[at..at + 2].try_into().unwrap());
            data[at + 2..at + 4].copy_from_slice(&(start - 1).to_be_bytes());
        }
        std::fs::write(dir.join(path.file_name().unwrap()), data).unwrap();
    }
}

/// A --fonts face with a damaged glyph (here 'Ω's `loca` entry) is refused at start-up,
/// naming the file and the table, instead of failing every release that uses the glyph.
#[test]
fn a_face_damaged_in_a_common_glyph_is_refused_at_start_up() {
    let dir = temp("damaged-common");
    fonts_with_a_broken_glyph(&dir.join("fonts"), 'Ω', Break::Loca);
    std::fs::create_dir_all(dir.join("in")).unwrap();
    std::fs::write(dir.join("in/a.toml"), release("a")).unwrap();
    let r = run(
        &dir,
        &["build", "in", "-o", "out", "--fonts", "fonts"],
        &[],
        120,
    );
    assert_eq!(r.code(), Some(2), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("cannot read font (its `loca` table is damaged: the offset of glyph")
            && r.stderr.contains("--> NotoSerif-Regular.ttf"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked at"), "{}", r.stderr);
    assert!(!dir.join("out/a.pdf").exists());
}

/// A composite glyph whose component names a glyph past the face's last passed start-up
/// (ttf-parser draws the glyph without it) and failed in the subsetter, inside the pdf
/// stage of every release that used the glyph; now start-up refuses the face, naming the
/// file, the table and the glyph (exit 2). The glyph is 'Ŵ', which the start-up probe
/// does not set.
#[test]
fn a_face_with_a_bad_composite_glyph_is_refused_at_start_up() {
    let dir = temp("damaged-composite");
    fonts_with_a_broken_glyph(&dir.join("fonts"), 'Ŵ', Break::Component);
    std::fs::create_dir_all(dir.join("in")).unwrap();
    std::fs::write(dir.join("in/a.toml"), release("a")).unwrap();
    let r = run(
        &dir,
        &["build", "in", "-o", "out", "--fonts", "fonts"],
        &[],
        120,
    );
    assert_eq!(r.code(), Some(2), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("cannot read font (its `glyf` table is damaged: composite glyph")
            && r.stderr.contains("names component 65520")
            && r.stderr.contains("--> NotoSerif-Regular.ttf"),
        "{}",
        r.stderr
    );
    assert!(!dir.join("out/a.pdf").exists());
}

/// A panic in one release (a bug) used to print a panic message and backtrace; now it is
/// that release's located error, and the others, the report and the manifest complete.
/// No known input panics any more (the damaged fonts that did are refused at start-up), so
/// the test seam `COMMUNIQUE_TEST_PANIC` makes release c panic inside the worker.
#[test]
fn a_panicking_release_fails_alone_with_a_located_message() {
    let dir = temp("panic");
    std::fs::create_dir_all(dir.join("in")).unwrap();
    for name in ["a", "b", "c", "d"] {
        std::fs::write(dir.join(format!("in/{name}.toml")), release(name)).unwrap();
    }
    let r = run(
        &dir,
        &["build", "in", "-o", "out", "--report", "r.json", "-j", "2"],
        &[("RUST_BACKTRACE", "1"), ("COMMUNIQUE_TEST_PANIC", "c.toml")],
        120,
    );
    assert_eq!(r.code(), Some(1), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("error: internal error while building this release:")
            && r.stderr.contains("--> in/c.toml")
            && r.stderr.contains(" at src/")
            && r.stderr.contains("please report it"),
        "{}",
        r.stderr
    );
    assert!(
        !r.stderr.contains("panicked at") && !r.stderr.contains("stack backtrace"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("3 built, 1 failed of 4 input(s)"),
        "{}",
        r.stderr
    );
    for name in ["a", "b", "d"] {
        complete_pdf(&dir.join(format!("out/{name}.pdf"))).unwrap();
    }
    assert!(!dir.join("out/c.pdf").exists());
    let m = manifest(&dir.join("out"), "communique.manifest.json");
    assert_eq!(m.keys().collect::<Vec<_>>(), ["a.pdf", "b.pdf", "d.pdf"]);
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("r.json")).unwrap()).unwrap();
    assert_eq!(
        (report["built"].as_u64(), report["failed"].as_u64()),
        (Some(3), Some(1))
    );
}

#[cfg(unix)]
fn os(bytes: &[u8]) -> &std::ffi::OsStr {
    std::os::unix::ffi::OsStrExt::from_bytes(bytes)
}

/// A release whose name is not UTF-8 used to panic in the JSON report after building
/// (`cli/report.rs:107`: no summary, no report); now it is shown lossily and kept exact.
#[cfg(unix)]
#[test]
fn a_name_that_is_not_utf8_is_reported_lossily_and_kept_exact_in_json() {
    let dir = temp("non-utf8");
    std::fs::create_dir_all(dir.join("in")).unwrap();
    std::fs::write(dir.join("in").join(os(b"caf\xe9.toml")), release("a")).unwrap();
    std::fs::write(dir.join("in/b.toml"), release("b")).unwrap();
    let human = run(
        &dir,
        &["build", "in", "-o", "out", "--report", "r.json"],
        &[],
        120,
    );
    assert_eq!(human.code(), Some(0), "{}", human.stderr);
    assert!(
        human.stdout.contains("wrote out/caf\u{fffd}.pdf"),
        "{}",
        human.stdout
    );
    assert!(
        human.stderr.contains("2 built of 2 input(s)"),
        "{}",
        human.stderr
    );
    let json = run(&dir, &["build", "in", "-o", "out2", "--json"], &[], 120);
    assert_eq!(json.code(), Some(0), "{}", json.stderr);
    for text in [
        json.stdout,
        std::fs::read_to_string(dir.join("r.json")).unwrap(),
    ] {
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let file = &v["files"][1];
        assert_eq!(file["input"], "in/caf\u{fffd}.toml");
        let raw: Vec<u8> = file["input_bytes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b.as_u64().unwrap() as u8)
            .collect();
        assert_eq!(raw, b"in/caf\xe9.toml");
        assert!(
            v["files"][0].get("input_bytes").is_none(),
            "only where lossy"
        );
        // The PDF's own name is made lossy (`caf\u{fffd}.pdf`): two such names that differ
        // only in their bad bytes are refused as a clash before anything is built.
        let pdf = file["outputs"][0]["path"].as_str().unwrap();
        assert!(pdf.ends_with("/caf\u{fffd}.pdf"), "{pdf}");
    }
    assert_eq!(
        manifest(&dir.join("out"), "communique.manifest.json").len(),
        2
    );
}

/// File names with a newline or a terminal escape sequence were printed raw: a release
/// named "x\nwrote fake.pdf.toml" forged a `wrote fake.pdf` line in a CI log.
#[test]
fn control_characters_in_names_cannot_forge_output_lines() {
    let dir = temp("control");
    std::fs::create_dir_all(dir.join("in")).unwrap();
    std::fs::write(dir.join("in/x\nwrote fake.pdf.toml"), release("a")).unwrap();
    std::fs::write(dir.join("in/e\u{1b}[2J.toml"), release("b")).unwrap();
    std::fs::write(dir.join("in/y\nerror: fake.toml"), "not = [toml").unwrap();
    for format in ["human", "short"] {
        let r = run(
            &dir,
            &[
                "build",
                "in",
                "-o",
                &format!("out-{format}"),
                "--diagnostic-format",
                format,
            ],
            &[],
            120,
        );
        assert_eq!(r.code(), Some(1), "{}", r.stderr);
        let lines: Vec<&str> = r.stdout.lines().chain(r.stderr.lines()).collect();
        assert!(
            lines
                .iter()
                .all(|l| !l.starts_with("wrote fake") && !l.starts_with("error: fake")),
            "{lines:#?}"
        );
        assert!(lines.iter().all(|l| !l.contains('\u{1b}')), "{lines:#?}");
        assert!(r.stdout.contains("wrote out-"), "{}", r.stdout);
        assert!(r.stdout.contains("/x\\nwrote fake.pdf.pdf"), "{}", r.stdout);
        assert!(r.stdout.contains("/e\\u{1b}[2J.pdf"), "{}", r.stdout);
        assert!(r.stderr.contains("in/y\\nerror: fake.toml"), "{}", r.stderr);
    }
}

/// Memory for a run that reads every file through the bounded reader: 2 GiB of address
/// space (the binary itself needs well under 200 MB; worker stacks are reserved, 16 MiB each).
const LIMIT_KIB: u64 = harness::DEFAULT_LIMIT_KIB;

/// A FIFO named like a release used to block the run forever, and a symlink to /dev/zero
/// read until memory ran out: now each is that input's located error, and the rest build.
#[cfg(unix)]
#[test]
fn fifos_devices_and_folders_named_like_releases_are_refused_not_read() {
    let dir = temp("special-files");
    std::fs::create_dir_all(dir.join("in")).unwrap();
    std::fs::write(dir.join("in/a.toml"), release("a")).unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(dir.join("in/fifo.toml"))
        .status()
        .unwrap();
    assert!(fifo.success());
    std::os::unix::fs::symlink("/dev/zero", dir.join("in/zero.toml")).unwrap();
    let r = harness::run_limited(&dir, &["build", "in", "-o", "out"], LIMIT_KIB, 60);
    assert_eq!(r.code(), Some(1), "{}", r.stderr);
    for (file, what) in [
        (
            "in/fifo.toml",
            "the release is a FIFO (named pipe), not a regular file",
        ),
        (
            "in/zero.toml",
            "the release is a character device, not a regular file",
        ),
    ] {
        assert!(
            r.stderr.contains(&format!("error: {what}\n  --> {file}\n")),
            "{}",
            r.stderr
        );
    }
    assert!(
        r.stderr.contains("1 built, 2 failed of 3 input(s)"),
        "{}",
        r.stderr
    );
    complete_pdf(&dir.join("out/a.pdf")).unwrap();
    // Named on the command line, the same.
    let r = harness::run_limited(&dir, &["check", "in/zero.toml"], LIMIT_KIB, 60);
    assert_eq!(r.code(), Some(1), "{}", r.stderr);
}

/// A logo, template or font that is a device or a FIFO is refused at start-up (exit 2,
/// naming it), before anything is built.
#[cfg(unix)]
#[test]
fn assets_that_are_not_regular_files_are_usage_errors() {
    let dir = temp("special-assets");
    std::fs::write(dir.join("r.toml"), release("a")).unwrap();
    let brand_dir = dir.join("brand");
    std::fs::create_dir_all(&brand_dir).unwrap();
    let brand =
        std::fs::read_to_string(harness::root().join("examples/brand-kustwacht/brand.toml"))
            .unwrap();
    std::fs::write(brand_dir.join("brand.toml"), brand).unwrap();
    // A symlink to /dev/zero leaves the brand's folder; a FIFO in it is no regular file.
    std::os::unix::fs::symlink("/dev/zero", brand_dir.join("logo.png")).unwrap();
    let check = ["check", "r.toml", "--brand", "brand/brand.toml"];
    let r = harness::run_limited(&dir, &check, LIMIT_KIB, 60);
    assert_eq!(r.code(), Some(2), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("brand/logo.png is a symbolic link to /dev/zero, outside")
            && r.stderr.contains("--> brand/brand.toml:"),
        "{}",
        r.stderr
    );
    std::fs::remove_file(brand_dir.join("logo.png")).unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(brand_dir.join("logo.png"))
        .status()
        .unwrap();
    assert!(fifo.success());
    let r = harness::run_limited(&dir, &check, LIMIT_KIB, 60);
    assert_eq!(r.code(), Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "cannot read logo file brand/logo.png: it is a FIFO (named pipe), not a regular file"
        ) && r.stderr.contains("--> brand/brand.toml:"),
        "{}",
        r.stderr
    );

    std::fs::create_dir_all(dir.join("templates")).unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(dir.join("templates/sequential.hbs"))
        .status()
        .unwrap();
    assert!(fifo.success());
    let r = harness::run_limited(
        &dir,
        &["check", "r.toml", "--templates", "templates"],
        LIMIT_KIB,
        60,
    );
    assert_eq!(r.code(), Some(2), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("the template is a FIFO (named pipe), not a regular file")
            && r.stderr.contains("--> templates/sequential.hbs"),
        "{}",
        r.stderr
    );
}

/// Files past their kind's limit are refused with the file, its size and the limit; the
/// size comes from the file's metadata, so not even the first byte of a huge file is read.
#[test]
fn files_past_their_limit_are_refused_with_the_limit_named() {
    let dir = temp("too-big");
    std::fs::write(dir.join("a.toml"), release("a")).unwrap();
    let big = std::fs::File::create(dir.join("big.toml")).unwrap();
    big.set_len((16 << 20) + 1).unwrap(); // sparse: nothing is written
    let r = harness::run_limited(
        &dir,
        &["build", "a.toml", "big.toml", "-o", "out"],
        LIMIT_KIB,
        60,
    );
    assert_eq!(r.code(), Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "error: the release has 16777217 bytes, more than the 16 MiB a release may have\n  --> big.toml"
        ),
        "{}",
        r.stderr
    );
    complete_pdf(&dir.join("out/a.pdf")).unwrap();

    std::fs::create_dir_all(dir.join("fonts")).unwrap();
    for e in std::fs::read_dir(harness::root().join("fonts")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join("fonts").join(p.file_name().unwrap())).unwrap();
    }
    let font = std::fs::OpenOptions::new()
        .write(true)
        .open(dir.join("fonts/NotoSans-Bold.ttf"))
        .unwrap();
    font.set_len(40 << 20).unwrap();
    let r = harness::run_limited(
        &dir,
        &["check", "a.toml", "--fonts", "fonts"],
        LIMIT_KIB,
        60,
    );
    assert_eq!(r.code(), Some(2), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("the font has 41943040 bytes, more than the 32 MiB a font may have")
            && r.stderr.contains("--> fonts/NotoSans-Bold.ttf"),
        "{}",
        r.stderr
    );
}

/// `--jobs 10000` for three inputs once started 20,000 threads and aborted; the threads are
/// now capped at the number of inputs, so it runs in little memory.
#[test]
fn huge_job_counts_are_capped_at_the_inputs() {
    let dir = temp("jobs");
    for name in ["a", "b", "c"] {
        std::fs::write(dir.join(format!("{name}.toml")), release(name)).unwrap();
    }
    let r = harness::run_limited(
        &dir,
        &[
            "build", "a.toml", "b.toml", "c.toml", "-o", "out", "--jobs", "65535",
        ],
        1 << 20,
        60,
    );
    assert_eq!(r.code(), Some(0), "{}", r.stderr);
    assert!(r.stderr.contains("3 built of 3 input(s)"), "{}", r.stderr);
}

/// A sub-folder that cannot be searched used to refuse the whole run (exit 2, nothing
/// built); now it fails alone, named, and the other folders are built. Made unsearchable
/// by depth (its path is longer than the system's 4096 bytes: ENAMETOOLONG), which no
/// privilege overrides, unlike permissions for root.
#[cfg(unix)]
#[test]
fn an_unsearchable_sub_folder_fails_alone() {
    let dir = temp("unsearchable");
    std::fs::create_dir_all(dir.join("in/good")).unwrap();
    std::fs::write(dir.join("in/good/a.toml"), release("a")).unwrap();
    std::fs::write(dir.join("in/b.toml"), release("b")).unwrap();
    // Python's `dir_fd` walks down relative to each folder, past the length a path may have.
    let deep = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import os\n\
             fd = os.open('in', os.O_RDONLY)\n\
             for _ in range(20):\n\
             \x20   os.mkdir('d' * 250, dir_fd=fd)\n\
             \x20   fd = os.open('d' * 250, os.O_RDONLY, dir_fd=fd)\n\
             f = os.open('deep.toml', os.O_WRONLY | os.O_CREAT, dir_fd=fd)\n\
             os.write(f, b'x = 1\\n')\n",
        )
        .current_dir(&dir)
        .status()
        .unwrap();
    assert!(deep.success());
    let r = run(&dir, &["build", "in", "-o", "out"], &[], 120);
    assert_eq!(r.code(), Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "error: cannot search this folder: File name too long (os error 36)\n  --> in/ddd"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("2 built, 1 failed of 3 input(s)"),
        "{}",
        r.stderr
    );
    complete_pdf(&dir.join("out/good/a.pdf")).unwrap();
    complete_pdf(&dir.join("out/b.pdf")).unwrap();
    let m = manifest(&dir.join("out"), "communique.manifest.json");
    assert_eq!(m.keys().collect::<Vec<_>>(), ["b.pdf", "good/a.pdf"]);
}

/// `SOURCE_DATE_EPOCH` past 9999 wrote `D:+100000101…`, and i64::MAX wrote 1970; now only the
/// years a PDF date can hold (1970–9999) are taken, the rest is a usage error.
#[test]
fn source_date_epoch_is_limited_to_the_years_1970_to_9999() {
    let dir = temp("sde-range");
    std::fs::write(dir.join("a.toml"), release("a")).unwrap();
    for value in ["253402300800", "9223372036854775807", "-1"] {
        let r = run(
            &dir,
            &["build", "a.toml", "-o", "out"],
            &[("SOURCE_DATE_EPOCH", value)],
            60,
        );
        assert_eq!(r.code(), Some(2), "{value}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!(
                "error: SOURCE_DATE_EPOCH is \"{value}\", outside the years 1970 to 9999"
            )) && r.stderr.contains("hint:"),
            "{}",
            r.stderr
        );
        assert!(!dir.join("out/a.pdf").exists(), "nothing written");
    }
    let r = run(
        &dir,
        &["build", "a.toml", "-o", "out"],
        &[("SOURCE_DATE_EPOCH", "253402300799")],
        60,
    );
    assert_eq!(r.code(), Some(0), "{}", r.stderr);
    let pdf = std::fs::read(dir.join("out/a.pdf")).unwrap();
    assert!(
        pdf.windows(16).any(|w| w == b"D:99991231235959"),
        "the last second of 9999"
    );
}

/// `manifest merge` took (and deleted) every `communique.manifest.*.json`, a user's backup
/// too; now only the shards' `communique.manifest.K-of-N.json`.
#[test]
fn manifest_merge_leaves_other_files_alone() {
    let dir = temp("merge-backup");
    for name in ["a", "b", "c", "d"] {
        std::fs::write(dir.join(format!("{name}.toml")), release(name)).unwrap();
    }
    let all = ["a.toml", "b.toml", "c.toml", "d.toml"];
    for shard in ["1/2", "2/2"] {
        let mut args = vec!["build", "-o", "out", "--shard", shard, "-q"];
        args.extend(all);
        let r = run(&dir, &args, &[], 120);
        assert_eq!(r.code(), Some(0), "{}", r.stderr);
    }
    let backup = r#"{"format": 1, "outputs": {"old.pdf": {"bytes": 1, "input": "old.toml", "key": "k", "pages": 1, "sha256": "00"}}}"#;
    std::fs::write(dir.join("out/communique.manifest.backup.json"), backup).unwrap();
    let r = run(&dir, &["manifest", "merge", "out"], &[], 60);
    assert_eq!(r.code(), Some(0), "{}", r.stderr);
    assert!(
        r.stdout.contains("merged 2 manifest file(s): 4 outputs"),
        "{}",
        r.stdout
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("out/communique.manifest.backup.json")).unwrap(),
        backup
    );
    let m = manifest(&dir.join("out"), "communique.manifest.json");
    assert_eq!(
        m.keys().collect::<Vec<_>>(),
        ["a.pdf", "b.pdf", "c.pdf", "d.pdf"]
    );
    assert!(!dir.join("out/communique.manifest.1-of-2.json").exists());
}

/// A logo that is a symbolic link out of the brand's folder was embedded (the path as
/// written passed the "inside the folder" check); now the link is resolved first and the
/// brand is refused (exit 2), located at its logo line.
#[cfg(unix)]
#[test]
fn a_logo_linked_out_of_the_brand_folder_is_refused() {
    let dir = temp("logo-escape");
    std::fs::write(dir.join("r.toml"), release("a")).unwrap();
    std::fs::create_dir_all(dir.join("brand")).unwrap();
    let example = harness::root().join("examples/brand-kustwacht");
    std::fs::copy(example.join("brand.toml"), dir.join("brand/brand.toml")).unwrap();
    std::fs::copy(example.join("logo.png"), dir.join("elsewhere.png")).unwrap();
    std::os::unix::fs::symlink("../elsewhere.png", dir.join("brand/logo.png")).unwrap();
    let r = run(
        &dir,
        &["check", "r.toml", "--brand", "brand/brand.toml"],
        &[],
        60,
    );
    assert_eq!(r.code(), Some(2), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("error: the logo file brand/logo.png is a symbolic link to ")
            && r.stderr
                .contains("elsewhere.png, outside the brand's folder\n  --> brand/brand.toml:"),
        "{}",
        r.stderr
    );
    // A link that stays inside the folder is fine.
    std::fs::rename(dir.join("elsewhere.png"), dir.join("brand/real.png")).unwrap();
    std::fs::remove_file(dir.join("brand/logo.png")).unwrap();
    std::os::unix::fs::symlink("real.png", dir.join("brand/logo.png")).unwrap();
    let r = run(
        &dir,
        &["check", "r.toml", "--brand", "brand/brand.toml"],
        &[],
        60,
    );
    assert_eq!(r.code(), Some(0), "{}", r.stderr);
}

/// `release`, with `text` put before the first section's text.
fn release_with_section_text(title: &str, text: &str) -> String {
    let r = release(title);
    let at = r.find("[[nl.sections]]").expect("a section");
    let at = at + r[at..].find("text = \"\"\"\n").expect("a text") + "text = \"\"\"\n".len();
    format!("{}{text}\n\n{}", &r[..at], &r[at..])
}

/// Deeply nested Markdown in a section (60 KB of nested `*` emphasis overflowed the stack
/// and aborted the whole batch: 0 PDFs) is that release's located error; the others build.
#[test]
fn deeply_nested_markdown_fails_its_release_alone() {
    let dir = temp("nested-md");
    std::fs::create_dir_all(dir.join("in")).unwrap();
    std::fs::write(dir.join("in/a.toml"), release("a")).unwrap();
    let emphasis = "*a ".repeat(20_000) + "x" + &" b*".repeat(20_000);
    std::fs::write(
        dir.join("in/b.toml"),
        release_with_section_text("b", &emphasis),
    )
    .unwrap();
    let lists = "- ".repeat(20_000) + "x";
    std::fs::write(
        dir.join("in/c.toml"),
        release_with_section_text("c", &lists),
    )
    .unwrap();
    let quotes = "> ".repeat(20_000) + "x";
    std::fs::write(
        dir.join("in/d.toml"),
        release_with_section_text("d", &quotes),
    )
    .unwrap();
    let r = run(&dir, &["build", "in", "-o", "out"], &[], 60);
    assert_eq!(r.code(), Some(1), "{}", r.stderr);
    for (name, col) in [("b", 97), ("c", 33), ("d", 65)] {
        let located =
            format!("error: text nested more than 32 deep\n  --> in/{name}.toml:29:{col}\n");
        assert!(r.stderr.contains(&located), "{name}: {}", r.stderr);
    }
    assert!(
        r.stderr
            .contains("hint: nest fewer emphases, lists and quotes")
            && r.stderr.contains("1 built, 3 failed of 4 input(s)"),
        "{}",
        r.stderr
    );
    complete_pdf(&dir.join("out/a.pdf")).unwrap();
}

/// Links to schemes other than http, https, mailto and tel were silently set as plain
/// text; now each is an error at the link.
#[test]
fn links_to_other_schemes_are_located_errors() {
    let dir = temp("schemes");
    let text = "[a](javascript:alert(1)) [b](file:///etc/passwd)\n[c](data:text/html,x) [d](https://ok.example)";
    std::fs::write(dir.join("r.toml"), release_with_section_text("r", text)).unwrap();
    let r = run(&dir, &["build", "r.toml", "-o", "out"], &[], 60);
    assert_eq!(r.code(), Some(1), "{}", r.stderr);
    for (scheme, at) in [("javascript", "29:1"), ("file", "29:26"), ("data", "30:1")] {
        let located = format!(
            "error: a link to a `{scheme}:` address, which a press release cannot hold\n  --> r.toml:{at}"
        );
        assert!(r.stderr.contains(&located), "{scheme}: {}", r.stderr);
    }
    assert_eq!(r.stderr.matches("error: a link").count(), 3, "{}", r.stderr);
    assert!(!dir.join("out/r.pdf").exists());
}

/// A template folder with `section.hbs` as given, next to a release.
fn with_section_template(name: &str, section: &str) -> std::path::PathBuf {
    let dir = temp(name);
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(dir.join("templates/section.hbs"), section).unwrap();
    std::fs::write(dir.join("r.toml"), release("r")).unwrap();
    dir
}

/// Templates that nest blocks or partials without bound overflowed the stack (5,000 nested
/// `{{#if}}`, two partials that include each other) or ran for minutes and gigabytes (24
/// nested `{{#each}}`); each is now a usage error at start-up, at the place in the template.
#[test]
fn templates_nested_without_bound_are_usage_errors() {
    let deep_if = "{{#if heading}}".repeat(5000) + "x" + &"{{/if}}".repeat(5000);
    let deep_each = "{{#each @root.langs}}".repeat(24) + "x" + &"{{/each}}".repeat(24);
    let cases = [
        (
            "if",
            deep_if.as_str(),
            None,
            "error: blocks and partials nest more than 64 deep here\n  --> section.hbs:1:961",
        ),
        (
            "each",
            deep_each.as_str(),
            None,
            "error: {{#each}} loops nest more than 8 deep here\n  --> section.hbs:1:169",
        ),
        (
            "cycle",
            "{{> contact}}",
            Some("{{#if name}}{{> section}}{{/if}}"),
            "error: templates include each other: contact → section → contact\n  --> section.hbs:1:1",
        ),
    ];
    for (name, section, contact, expected) in cases {
        let dir = with_section_template(&format!("deep-template-{name}"), section);
        if let Some(contact) = contact {
            std::fs::write(dir.join("templates/contact.hbs"), contact).unwrap();
        }
        let r = harness::run_limited(
            &dir,
            &["build", "r.toml", "-o", "out", "--templates", "templates"],
            LIMIT_KIB,
            30,
        );
        assert_eq!(r.code(), Some(2), "{name}: {}", r.stderr);
        assert!(
            arrow(&r.stderr).contains(&arrow(expected)),
            "{name}: {}",
            r.stderr
        );
        assert!(!dir.join("out/r.pdf").exists());
    }
}

/// Loops that stay within the nesting limit can still multiply a big value: the markup one
/// document renders is bounded (64 MiB), the release fails with the template's place.
#[test]
fn template_output_is_bounded() {
    let each = "{{#each @root.langs}}".repeat(8)
        + "{{../../../../../../../../text}}"
        + &"{{/each}}".repeat(8);
    let dir = with_section_template("markup-bound", &each);
    let text = "woord ".repeat(60_000);
    std::fs::write(dir.join("r.toml"), release_with_section_text("r", &text)).unwrap();
    let r = harness::run_limited(
        &dir,
        &["build", "r.toml", "-o", "out", "--templates", "templates"],
        LIMIT_KIB,
        60,
    );
    assert_eq!(r.code(), Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "error: the templates rendered more than 64 MiB of markup for one document\n  --> section.hbs:1:169"
        ),
        "{}",
        r.stderr
    );
}

/// Markup elements nested past the limit (a template can write them) are an error in the
/// markup, before the parser's walk could recurse into them.
#[test]
fn deeply_nested_markup_is_an_error() {
    let section = "<p>".to_string() + &"<em>".repeat(5000) + "x" + &"</em>".repeat(5000) + "</p>";
    let dir = with_section_template("nested-markup", &section);
    let r = run(
        &dir,
        &["build", "r.toml", "-o", "out", "--templates", "templates"],
        &[],
        60,
    );
    assert_eq!(r.code(), Some(1), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("error: markup nested more than 100 elements deep\n --> section.hbs:1:"),
        "{}",
        r.stderr
    );
}

/// The running header of a long title is shortened a word at a time until it fits; each
/// step was a full layout, per page (a 2,000-word title took 38 s). The first step that
/// fits is now searched for: the run ends well inside a generous deadline (a hang guard,
/// not a benchmark), and the header is still cut with an ellipsis.
#[test]
fn a_two_thousand_word_title_is_laid_out_in_bounded_time() {
    let dir = temp("long-title");
    let title: Vec<String> = (0..2000).map(|i| format!("woord{i}")).collect();
    std::fs::write(dir.join("r.toml"), release(&title.join(" "))).unwrap();
    let started = std::time::Instant::now();
    let r = run(&dir, &["build", "r.toml", "-o", "out"], &[], 20);
    assert_eq!(r.code(), Some(0), "{}", r.stderr);
    complete_pdf(&dir.join("out/r.pdf")).unwrap();
    assert!(started.elapsed().as_secs() < 20);
    let text = std::process::Command::new("pdftotext")
        .args(["-f", "2", "-l", "2"])
        .arg(dir.join("out/r.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("woord0 woord1") && text.contains('…'),
        "{text}"
    );
}

/// A template that breaks pages in loops made a document of thousands of pages (131,076
/// from 600 bytes); past 1,000 pages the document is that release's error, its PDF unwritten.
#[test]
fn documents_past_the_page_limit_are_refused() {
    let section =
        "{{#each @root.langs}}".repeat(8) + "<p>x</p><pagebreak/>" + &"{{/each}}".repeat(8);
    let dir = with_section_template("pages", &section);
    let r = harness::run_limited(
        &dir,
        &["build", "r.toml", "-o", "out", "--templates", "templates"],
        LIMIT_KIB,
        60,
    );
    assert_eq!(r.code(), Some(1), "{}", r.stderr);
    assert!(
        r.stderr
            .contains(" pages, more than the 1000 a document may have\n  --> r.toml"),
        "{}",
        r.stderr
    );
    assert!(!dir.join("out/r.pdf").exists());
}

/// A truncated TrueType face was refused with the message meant for CFF-based faces; now
/// the message says the file is truncated and names the table that runs past its end.
#[test]
fn a_truncated_font_is_called_truncated() {
    let dir = temp("truncated-font");
    std::fs::create_dir_all(dir.join("fonts")).unwrap();
    for e in std::fs::read_dir(harness::root().join("fonts")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join("fonts").join(p.file_name().unwrap())).unwrap();
    }
    let font = dir.join("fonts/NotoSans-Bold.ttf");
    let len = std::fs::metadata(&font).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&font)
        .unwrap()
        .set_len(len / 2)
        .unwrap();
    std::fs::write(dir.join("a.toml"), release("a")).unwrap();
    let r = run(&dir, &["check", "a.toml", "--fonts", "fonts"], &[], 60);
    assert_eq!(r.code(), Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains("the file is truncated or damaged: its `")
            && r.stderr.contains("past the end of the file")
            && r.stderr.contains("NotoSans-Bold.ttf")
            && !r.stderr.contains("CFF"),
        "{}",
        r.stderr
    );
}

/// A folder `dir/brand` with the default brand and `logo` as its `logo.svg`, next to a release.
fn with_svg_logo(name: &str, logo: &[u8]) -> std::path::PathBuf {
    let dir = temp(name);
    std::fs::create_dir_all(dir.join("brand")).unwrap();
    let brand = harness::root().join("templates/brand/brand.toml");
    std::fs::copy(brand, dir.join("brand/brand.toml")).unwrap();
    std::fs::write(dir.join("brand/logo.svg"), logo).unwrap();
    std::fs::write(dir.join("r.toml"), release("r")).unwrap();
    dir
}

/// An SVG logo with groups nested past the stack (40,000 `<g>` overflowed it in the reader,
/// a million in roxmltree's tokenizer: the process aborted), or with an element of 100,000
/// attributes (20 s in roxmltree's duplicate check), is a usage error at start-up, located
/// in the logo, in bounded time and memory; nothing is written.
#[test]
fn svg_logos_nested_too_deep_or_with_too_many_attributes_are_refused() {
    let svg = |body: String| {
        format!("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">{body}</svg>")
    };
    let rect = "<rect width=\"5\" height=\"5\"/>";
    let nested = |n: usize| svg("<g>".repeat(n) + rect + &"</g>".repeat(n));
    let attrs: String = (0..100_000).map(|i| format!(" a{i}=\"1\"")).collect();
    let cases = [
        (
            "svg-20k",
            nested(20_000),
            "error: logo elements nested more than 100 deep\n  --> logo.svg:1:361",
        ),
        (
            "svg-1m",
            nested(1_000_000),
            "error: logo elements nested more than 100 deep\n  --> logo.svg:1:361",
        ),
        (
            "svg-attrs",
            svg(format!("<rect{attrs}/>")),
            "error: <rect> has more than 256 attributes in logo\n  --> logo.svg:1:61",
        ),
    ];
    for (name, logo, expected) in cases {
        let dir = with_svg_logo(name, logo.as_bytes());
        let args = [
            "build",
            "r.toml",
            "-o",
            "out",
            "--brand",
            "brand/brand.toml",
        ];
        let r = harness::run_limited(&dir, &args, LIMIT_KIB, 20);
        assert_eq!(r.code(), Some(2), "{name}: {}", r.stderr);
        assert!(
            arrow(&r.stderr).contains(&arrow(expected)),
            "{name}: {}",
            r.stderr
        );
        assert!(!dir.join("out/r.pdf").exists(), "{name}");
    }
}

/// A folder `dir/brand` with the kustwacht brand and `logo` as its `logo.png`, next to a release.
fn with_png_logo(name: &str, logo: &[u8]) -> std::path::PathBuf {
    let dir = temp(name);
    std::fs::create_dir_all(dir.join("brand")).unwrap();
    let brand = harness::root().join("examples/brand-kustwacht/brand.toml");
    std::fs::copy(brand, dir.join("brand/brand.toml")).unwrap();
    std::fs::write(dir.join("brand/logo.png"), logo).unwrap();
    std::fs::write(dir.join("r.toml"), release("r")).unwrap();
    dir
}

/// A white RGB PNG of `w` × `h` pixels, written row by row (its pixels never all in memory).
fn white_png(w: u32, h: u32) -> Vec<u8> {
    use std::io::Write;
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_compression(png::Compression::Fast);
        let mut writer = enc.write_header().unwrap();
        let mut rows = writer.stream_writer().unwrap();
        let row = vec![255u8; 3 * w as usize];
        for _ in 0..h {
            rows.write_all(&row).unwrap();
        }
        rows.finish().unwrap();
    }
    out
}

/// `png` with its IHDR saying `w` × `h` (and its CRC fixed to match).
fn png_claiming(png: &[u8], w: u32, h: u32) -> Vec<u8> {
    let mut bytes = png.to_vec();
    bytes[16..20].copy_from_slice(&w.to_be_bytes());
    bytes[20..24].copy_from_slice(&h.to_be_bytes());
    let crc = !bytes[12..29].iter().fold(!0u32, |mut crc, &b| {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
        crc
    });
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    bytes
}

/// Logos that were silently accepted: a 12000 × 12000 PNG (decoded to 430 MB and embedded
/// as is), a 74-byte PNG declaring 100000 × 100000 pixels (asked for 30 GB: under `ulimit
/// -v` the process aborted), a damaged PNG (left out of every PDF without a word, before
/// the last session), an SVG with a viewBox of 1e300 or an aspect ratio of 1:10⁶ (drew over
/// the page). Each is now a usage error naming the logo, in bounded time and memory, and no
/// PDF is written.
#[test]
fn bad_logos_are_usage_errors_at_start_up() {
    let small = white_png(40, 20);
    let idat = small.windows(4).position(|w| w == b"IDAT").unwrap();
    let mut bad_crc = small.clone();
    let len = u32::from_be_bytes(small[idat - 4..idat].try_into().unwrap()) as usize;
    bad_crc[idat + 4 + len] ^= 0x55;
    let big = white_png(12_000, 12_000);
    let pixels = "more than the 16 million a logo may have\n  --> brand/brand.toml:31:8\n";
    let png_cases: [(&str, Vec<u8>, &str); 5] = [
        ("png-12000", big, "is 12000 × 12000 pixels, "),
        (
            "png-liar",
            png_claiming(&small, 100_000, 100_000),
            "is 100000 × 100000 pixels, ",
        ),
        (
            "png-crc",
            bad_crc,
            "error: invalid PNG logo \"logo.png\" (CRC error",
        ),
        (
            "png-cut",
            small[..idat + 10].to_vec(),
            "error: invalid PNG logo \"logo.png\" (",
        ),
        (
            "png-no-end",
            small[..small.len() - 12].to_vec(),
            "error: invalid PNG logo \"logo.png\" (",
        ),
    ];
    let mut dirs = Vec::new();
    for (name, bytes, expected) in png_cases {
        let pixels = expected.ends_with("pixels, ").then_some(pixels);
        dirs.push((with_png_logo(name, &bytes), expected.to_string(), pixels));
    }
    let svg = |view_box: &str| {
        format!("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{view_box}\"><rect width=\"1\" height=\"1\"/></svg>")
    };
    for (name, view_box, expected) in [
        ("svg-1e300", "0 0 1e300 1e300", "error: the viewBox's numbers are too large to draw\n  --> logo.svg:1:50"),
        ("svg-aspect", "0 0 1 1e6", "error: the logo is 1 × 1000000: more than 20 times as tall as it is wide\n  --> logo.svg:1:50"),
        ("svg-tall", "0 0 1 10", "error: the logo would be 220 mm tall at logo.width_mm = 22, more than a quarter of the page's height (297 mm)\n  --> brand/brand.toml:"),
    ] {
        dirs.push((with_svg_logo(name, svg(view_box).as_bytes()), expected.to_string(), None));
    }
    for (dir, expected, pixels) in dirs {
        let args = [
            "build",
            "r.toml",
            "-o",
            "out",
            "--brand",
            "brand/brand.toml",
        ];
        let r = harness::run_limited(&dir, &args, LIMIT_KIB, 20);
        let name = dir.display();
        assert_eq!(r.code(), Some(2), "{name}: {}", r.stderr);
        assert!(
            arrow(&r.stderr).contains(&arrow(&expected)),
            "{name}: {}",
            r.stderr
        );
        if let Some(pixels) = pixels {
            assert!(
                r.stderr.contains("error: PNG logo \"logo.png\" is "),
                "{name}: {}",
                r.stderr
            );
            assert!(
                r.stderr.contains(pixels) || r.stderr.contains("may have\n  --> brand/brand.toml:"),
                "{name}: {}",
                r.stderr
            );
        }
        assert!(!dir.join("out/r.pdf").exists(), "{name}");
    }
}

/// A PDF past the output limit (`--max-output-mib`, default 256) is that release's error,
/// located at the release, and nothing of it is written; the other releases build. Here a
/// logo of 800 × 800 noise pixels (1.9 MB in every PDF) against a limit of 1 MiB.
#[test]
fn a_pdf_past_the_output_limit_is_not_written() {
    let (w, h) = (800u32, 800u32);
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let noise: Vec<u8> = (0..w * h * 3)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect();
    let mut logo = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut logo, w, h);
        enc.set_color(png::ColorType::Rgb);
        let mut writer = enc.write_header().unwrap();
        writer.write_image_data(&noise).unwrap();
        writer.finish().unwrap();
    }
    let dir = with_png_logo("output-limit", &logo);
    std::fs::create_dir_all(dir.join("in")).unwrap();
    std::fs::rename(dir.join("r.toml"), dir.join("in/r.toml")).unwrap();
    let brand = ["--brand", "brand/brand.toml"];
    let args = [
        &["build", "in", "-o", "out", "--max-output-mib", "1"][..],
        &brand,
    ]
    .concat();
    let r = harness::run_limited(&dir, &args, LIMIT_KIB, 60);
    assert_eq!(r.code(), Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "error: the PDF would be 1.9 MiB, more than the 1 MiB a document may make; nothing was written\n  --> in/r.toml\n  hint: check the templates and the logo, or raise the limit with --max-output-mib"
        ),
        "{}",
        r.stderr
    );
    assert!(!dir.join("out/r.pdf").exists());
    assert!(harness::files(&dir.join("out"))
        .iter()
        .all(|f| !f.to_string_lossy().contains(".tmp")));
    // Within the default limit the same release builds.
    let args = [&["build", "in", "-o", "out"][..], &brand].concat();
    let r = harness::run_limited(&dir, &args, LIMIT_KIB, 60);
    assert_eq!(r.code(), Some(0), "{}", r.stderr);
    complete_pdf(&dir.join("out/r.pdf")).unwrap();
}

/// A --fonts folder with the shipped faces, NotoSans-Bold's table `tag` changed by `damage`
/// (given the table's bytes).
fn fonts_with_a_damaged_table(dir: &Path, tag: &[u8; 4], damage: fn(&mut [u8])) {
    std::fs::create_dir_all(dir).unwrap();
    for e in std::fs::read_dir(harness::root().join("fonts")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
    }
    let font = dir.join("NotoSans-Bold.ttf");
    let mut data = std::fs::read(&font).unwrap();
    let n = u16::from_be_bytes([data[4], data[5]]) as usize;
    let rec = (0..n)
        .map(|i| 12 + 16 * i)
        .find(|&r| &data[r..r + 4] == tag)
        .expect("the table");
    let at = |k: usize| u32::from_be_bytes(data[rec + k..rec + k + 4].try_into().unwrap()) as usize;
    let (offset, len) = (at(8), at(12));
    damage(&mut data[offset..offset + len]);
    std::fs::write(&font, data).unwrap();
}

/// A face whose `cmap` or `GSUB` table cannot be read was taken without a word (a damaged
/// `GSUB` silently lost the ligatures) or refused without naming the table; now the
/// start-up check names the file and the table (exit 2).
#[test]
fn a_damaged_font_table_is_named() {
    type Damage = fn(&mut [u8]);
    let cases: [(&[u8; 4], Damage); 4] = [
        // an offset in the middle that goes backwards (the subsetter said only MalformedFont)
        (b"loca", |t| {
            let mid = (t.len() / 2) & !3;
            t[mid..mid + 4].copy_from_slice(&[0xff, 0xff, 0xff, 0xff]);
        }),
        // the first glyph's data overwritten
        (b"glyf", |t| t[..64].fill(0xff)),
        // numTables far past the table's end
        (b"cmap", |t| t[2..4].copy_from_slice(&[0xff, 0xff])),
        // the script list's offset past the table's end
        (b"GSUB", |t| t[4..6].copy_from_slice(&[0xff, 0xf0])),
    ];
    for (tag, damage) in cases {
        let name = String::from_utf8_lossy(tag).into_owned();
        let dir = temp(&format!("damaged-{name}"));
        fonts_with_a_damaged_table(&dir.join("fonts"), tag, damage);
        std::fs::write(dir.join("a.toml"), release("a")).unwrap();
        let r = run(&dir, &["check", "a.toml", "--fonts", "fonts"], &[], 60);
        assert_eq!(r.code(), Some(2), "{name}: {}", r.stderr);
        assert!(
            r.stderr.contains("NotoSans-Bold.ttf")
                && r.stderr.contains("cannot read font (")
                && r.stderr.contains(&format!("`{name}`")),
            "{name}: {}",
            r.stderr
        );
    }
}

/// The `-->` line of a diagnostic with its indent made one space: a diagnostic with a source
/// line indents it by the width of its line number (rustc's layout), one without by two.
fn arrow(s: &str) -> String {
    s.replace("\n  --> ", "\n --> ")
}
