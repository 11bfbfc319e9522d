//! `communique.toml`, a project's defaults: the file format as data cases
//! (`tests/project/{good,bad}/NAME.toml` with `NAME.expected`; `BLESS=1` rewrites them), the
//! JSON Schema agreeing with the loader on them, and the binary finding the file above its
//! inputs, taking its defaults, and letting options win over them.

mod common;

use common::{root, run, temp_dir, text};
use std::fs;
use std::path::Path;

fn parsed(case: &Path) -> String {
    let source = fs::read_to_string(case).unwrap();
    let name = case.file_name().unwrap().to_str().unwrap();
    match communique::project::parse(name, &source) {
        Ok(p) => format!("{p:#?}\n"),
        Err(diags) => diags.iter().map(|d| d.short() + "\n").collect(),
    }
}

#[test]
fn good_project_files_load() {
    common::cases::run(&root().join("tests/project/good"), parsed);
}

#[test]
fn bad_project_files_report_their_expected_diagnostics() {
    common::cases::run(&root().join("tests/project/bad"), |case| {
        let got = parsed(case);
        assert!(got.contains(": error: "), "{}: {got}", case.display());
        got
    });
}

/// The schema editors use agrees with the loader on every case (tools/schemacheck.py, as
/// tests/schema.rs runs it).
#[test]
fn project_schema_agrees_with_the_loader() {
    for (dir, valid) in [("good", true), ("bad", false)] {
        // A TOML syntax error is not the schema's to see: the parser refuses the file.
        let mut files = common::cases::cases(&root().join("tests/project").join(dir));
        files.retain(|f| !f.ends_with("syntax.toml"));
        let out = std::process::Command::new("python3")
            .arg(root().join("tools/schemacheck.py"))
            .arg(root().join("schemas/project.schema.json"))
            .args(&files)
            .output()
            .expect("python3 runs");
        let stdout = text(&out.stdout);
        assert!(
            !text(&out.stderr).contains("ModuleNotFoundError"),
            "jsonschema missing: run bash .ci/run once\n{}",
            text(&out.stderr)
        );
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), files.len(), "{stdout}{}", text(&out.stderr));
        for line in lines {
            assert_eq!(line.starts_with("ok "), valid, "{dir}: {line}");
        }
    }
}

fn release(dir: &Path, name: &str) {
    fs::create_dir_all(dir).unwrap();
    fs::copy(
        root().join("examples/persbericht-wilmes.toml"),
        dir.join(format!("{name}.toml")),
    )
    .unwrap();
}

/// A project two folders up sets the output folder (relative to itself) and the formats;
/// the build in a sub-folder finds it.
#[test]
fn a_project_above_the_input_sets_its_defaults() {
    let dir = temp_dir("project-defaults");
    fs::write(
        dir.join("communique.toml"),
        "output = \"uit\"\nformats = [\"pdf\", \"txt\"]\n",
    )
    .unwrap();
    release(&dir.join("2026/december"), "wilmes");
    let out = run(&dir.join("2026/december"), &["build", "wilmes.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(dir.join("uit/wilmes.pdf").is_file());
    assert!(dir.join("uit/wilmes.nl.txt").is_file());
    assert!(!dir.join("2026/december/wilmes.pdf").exists());
    // A folder input finds it too, and communique.toml is not taken for a release.
    let out = run(&dir, &["check", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("of 1 input(s)"),
        "{}",
        text(&out.stderr)
    );
}

/// Options on the command line win over the project's keys; `--no-project` ignores it.
#[test]
fn options_override_the_project() {
    let dir = temp_dir("project-override");
    fs::write(
        dir.join("communique.toml"),
        "output = \"uit\"\nformats = \"pdf,txt\"\n",
    )
    .unwrap();
    release(&dir, "wilmes");
    let out = run(
        &dir,
        &["build", "wilmes.toml", "-o", "elders", "--format", "pdf"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(dir.join("elders/wilmes.pdf").is_file());
    assert!(!dir.join("elders/wilmes.nl.txt").exists());
    assert!(!dir.join("uit").exists());
    let out = run(&dir, &["build", "wilmes.toml", "--no-project"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(dir.join("wilmes.pdf").is_file());
    assert!(!dir.join("uit").exists());
}

/// `image_dpi` sets the photos' resolution as `--image-dpi` does (the same bytes), and the
/// option wins over it.
#[test]
fn image_dpi_in_the_project_downsamples_like_the_option() {
    let dir = temp_dir("project-image-dpi");
    let example = root().join("examples");
    fs::copy(
        example.join("persbericht-haven-foto.toml"),
        dir.join("foto.toml"),
    )
    .unwrap();
    fs::create_dir_all(dir.join("photos")).unwrap();
    for photo in fs::read_dir(example.join("photos")).unwrap() {
        let photo = photo.unwrap().path();
        fs::copy(&photo, dir.join("photos").join(photo.file_name().unwrap())).unwrap();
    }
    let pdf = |out: &str, args: &[&str]| {
        let mut all = vec!["build", "foto.toml", "-o", out];
        all.extend(args);
        let r = run(&dir, &all);
        assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
        fs::read(dir.join(out).join("foto.pdf")).unwrap()
    };
    let default = pdf("default", &[]);
    let option = pdf("option", &["--image-dpi", "72"]);
    assert!(option.len() < default.len(), "72 dpi downsamples the photo");
    fs::write(dir.join("communique.toml"), "image_dpi = 72\n").unwrap();
    assert!(
        pdf("project", &[]) == option,
        "the key gives the option's PDF"
    );
    assert!(
        pdf("wins", &["--image-dpi", "300"]) == default,
        "the option wins"
    );
}

/// Web fonts are on where the brand's `[html] web_fonts`, the project's `web_fonts` or
/// `--web-fonts` says so, each winning over the one before; `--no-web-fonts` wins over both
/// keys.
#[test]
fn web_fonts_follow_option_then_project_then_brand() {
    let dir = temp_dir("project-web-fonts");
    release(&dir, "wilmes");
    fs::create_dir_all(dir.join("merk")).unwrap();
    let brand = root().join("templates/brand");
    fs::copy(brand.join("logo.svg"), dir.join("merk/logo.svg")).unwrap();
    let with_fonts = format!(
        "{}\n[html]\nweb_fonts = true\n",
        fs::read_to_string(brand.join("brand.toml")).unwrap()
    );
    fs::write(dir.join("merk/brand.toml"), with_fonts).unwrap();
    let fonts = |out: &str, args: &[&str]| {
        let mut all = vec!["build", "wilmes.toml", "-o", out, "--format", "html"];
        all.extend(args);
        let r = run(&dir, &all);
        assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
        let page = fs::read_to_string(dir.join(out).join("wilmes.nl.html")).unwrap();
        page.contains("@font-face")
    };
    assert!(!fonts("none", &[]), "off by default");
    assert!(fonts("option", &["--web-fonts"]));
    assert!(fonts("brand", &["--brand", "merk/brand.toml"]));
    let brand_off = ["--brand", "merk/brand.toml", "--no-web-fonts"];
    assert!(
        !fonts("brand-off", &brand_off),
        "the option wins over the brand"
    );
    fs::write(dir.join("communique.toml"), "web_fonts = false\n").unwrap();
    let project_off = fonts("project-off", &["--brand", "merk/brand.toml"]);
    assert!(!project_off, "the project wins over the brand");
    assert!(fonts("project-on", &["--web-fonts"]), "the option wins");
    fs::write(dir.join("communique.toml"), "web_fonts = true\n").unwrap();
    assert!(fonts("project", &[]));
    assert!(!fonts("project-no", &["--no-web-fonts"]), "the option wins");
    let r = run(
        &dir,
        &["build", "wilmes.toml", "--web-fonts", "--no-web-fonts"],
    );
    assert_eq!(r.status.code(), Some(2), "{}", text(&r.stderr));
}

/// A project with a misspelt key stops the run before anything is built (exit 2), located
/// in the project file with the nearest key as a hint.
#[test]
fn a_bad_project_file_is_a_located_usage_error() {
    let dir = temp_dir("project-bad");
    fs::write(
        dir.join("communique.toml"),
        "layout = \"parallel\"\nouptut = \"uit\"\n",
    )
    .unwrap();
    release(&dir.join("sub"), "wilmes");
    let out = run(&dir.join("sub"), &["build", "wilmes.toml"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("../communique.toml:2:1"), "{stderr}");
    assert!(stderr.contains("did you mean \"output\"?"), "{stderr}");
    assert!(!dir.join("sub/wilmes.pdf").exists());
}

/// Inputs from two projects in one run are refused: neither project's defaults would be
/// honest for the other's releases.
#[test]
fn inputs_of_two_projects_are_refused() {
    let dir = temp_dir("project-two");
    for p in ["a", "b"] {
        fs::create_dir_all(dir.join(p)).unwrap();
        fs::write(
            dir.join(p).join("communique.toml"),
            "layout = \"sequential\"\n",
        )
        .unwrap();
        release(&dir.join(p), "wilmes");
    }
    let out = run(&dir, &["check", "a/wilmes.toml", "b/wilmes.toml"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("belong to different projects"), "{stderr}");
}
