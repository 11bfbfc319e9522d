//! Command-line conventions, through the real binary: `--version`, `--color` and `NO_COLOR`,
//! standard input and output, completions and man page, `communique.toml`, `schema`.

mod common;

use common::{root, run, run_env, temp_dir, text};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BAD: &str = "date = 2021-06-28\nlanguages = [\"nl\"]\n[nl]\ntitel = \"Oeps\"\n";

#[test]
fn version_names_the_source_digest_of_the_manifest_keys() {
    let dir = temp_dir("conv-version");
    let out = run(&dir, &["--version"]);
    assert_eq!(out.status.code(), Some(0));
    let line = text(&out.stdout);
    let expected = format!("communique {} (source sha256 ", env!("CARGO_PKG_VERSION"));
    assert!(line.starts_with(&expected), "{line}");
    let hex = line[expected.len()..].trim_end().trim_end_matches(')');
    assert_eq!(hex.len(), 64, "{line}");
    assert!(hex.bytes().all(|b| b.is_ascii_hexdigit()), "{line}");
}

#[test]
fn colour_only_when_asked_and_never_with_no_color_in_auto() {
    let dir = temp_dir("conv-color");
    std::fs::write(dir.join("bad.toml"), BAD).unwrap();
    let esc = |args: &[&str], env: &[(&str, &str)]| {
        let out = run_env(&dir, args, env);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        text(&out.stderr).contains('\x1b')
    };
    // Not a terminal: auto means no colour.
    assert!(!esc(&["check", "bad.toml"], &[]));
    assert!(esc(&["check", "bad.toml", "--color", "always"], &[]));
    assert!(esc(
        &["--color=always", "check", "bad.toml"],
        &[("NO_COLOR", "1")]
    ));
    assert!(!esc(&["check", "bad.toml", "--color", "never"], &[]));
    assert!(!esc(
        &["check", "bad.toml", "--color", "auto"],
        &[("NO_COLOR", "1")]
    ));
}

#[test]
fn completions_for_every_shell_name_the_subcommands_and_options() {
    let dir = temp_dir("conv-completions");
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = run(&dir, &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", text(&out.stderr));
        let script = text(&out.stdout);
        for word in ["build", "check", "pdf-standard", "color"] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
    }
    // The bash script is at least valid bash.
    std::fs::write(
        dir.join("c.bash"),
        run(&dir, &["completions", "bash"]).stdout,
    )
    .unwrap();
    let parsed = std::process::Command::new("bash")
        .args(["-n", "c.bash"])
        .current_dir(&dir)
        .status()
        .expect("bash runs");
    assert!(parsed.success());
    let out = run(&dir, &["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn man_pages_for_the_command_and_each_subcommand() {
    let dir = temp_dir("conv-man");
    let page = text(&run(&dir, &["man"]).stdout);
    assert!(page.contains(".TH communique 1"), "{page}");
    assert!(page.contains("completions"), "subcommands listed");
    let build = run(&dir, &["man", "build"]);
    assert_eq!(build.status.code(), Some(0));
    let build = text(&build.stdout);
    assert!(build.contains(".TH communique-build 1"), "{build}");
    assert!(build.contains("pdf\\-standard"), "{build}");
    let out = run(&dir, &["man", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no subcommand nope"));
}

/// The binary with `stdin` as its standard input; stdout and stderr captured.
fn run_with_stdin(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_communique"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let mut pipe = child.stdin.take().unwrap();
    let bytes = stdin.to_vec();
    let feeder = std::thread::spawn(move || pipe.write_all(&bytes));
    let out = child.wait_with_output().unwrap();
    let _ = feeder.join();
    out
}

fn example(name: &str) -> Vec<u8> {
    std::fs::read(root().join("examples").join(name)).unwrap()
}

#[test]
fn release_from_stdin_pdf_to_stdout_is_the_pdf_of_the_file() {
    let dir = temp_dir("conv-stdio");
    let source = example("persbericht-wilmes.toml");
    std::fs::write(dir.join("r.toml"), &source).unwrap();
    let piped = run_with_stdin(&dir, &["build", "-", "-o", "-"], &source);
    assert_eq!(piped.status.code(), Some(0), "{}", text(&piped.stderr));
    assert!(piped.stdout.starts_with(b"%PDF-"));
    let file = run(&dir, &["build", "r.toml", "-o", "-"]);
    assert_eq!(file.status.code(), Some(0), "{}", text(&file.stderr));
    assert_eq!(piped.stdout, file.stdout, "same release, same bytes");
    run(&dir, &["build", "r.toml"]);
    assert_eq!(std::fs::read(dir.join("r.pdf")).unwrap(), file.stdout);
    // Nothing but the PDF was written: no file, no `-` folder.
    assert!(!dir.join("-").exists());
    assert!(!dir.join("stdin.pdf").exists());
    // Into a folder, it is stdin.pdf.
    let out = run_with_stdin(&dir, &["build", "-", "-o", "out"], &source);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read(dir.join("out/stdin.pdf")).unwrap(),
        file.stdout
    );
}

#[test]
fn errors_in_a_release_from_stdin_are_located_in_stdin() {
    let dir = temp_dir("conv-stdin-error");
    let out = run_with_stdin(&dir, &["check", "-"], BAD.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("<stdin>:4:1"),
        "{}",
        text(&out.stderr)
    );
    let out = run_with_stdin(&dir, &["check", "-", "-", "--json"], BAD.as_bytes());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn pdf_to_stdout_with_several_outputs_is_a_usage_error() {
    let dir = temp_dir("conv-stdout-usage");
    std::fs::write(dir.join("a.toml"), example("persbericht-wilmes.toml")).unwrap();
    std::fs::write(dir.join("b.toml"), example("persbericht-wilmes.toml")).unwrap();
    for args in [
        &["build", "a.toml", "b.toml", "-o", "-"][..],
        &["build", ".", "-o", "-"],
        &["build", "a.toml", "--split", "-o", "-"],
        &["build", "a.toml", "--verify", "-o", "-"],
        &["build", "a.toml", "--json", "-o", "-"],
        // No folder to write a release from stdin beside.
        &["build", "-"],
    ] {
        let out = run_with_stdin(&dir, args, b"");
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(!dir.join("-").exists(), "{args:?} made a folder named -");
    }
}

#[test]
fn the_same_output_named_twice_is_refused_by_canonical_path() {
    let dir = temp_dir("conv-canonical");
    std::fs::create_dir(dir.join("sub")).unwrap();
    std::fs::write(dir.join("x.toml"), example("persbericht-wilmes.toml")).unwrap();
    for args in [
        &["build", "x.toml", "./x.toml"][..],
        &["build", "x.toml", "sub/../x.toml"],
        &["build", "x.toml", "./x.toml", "-o", "out/new"],
    ] {
        let out = run(&dir, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.contains("would write the same PDF"), "{err}");
        assert!(err.contains("named twice"), "{err}");
    }
    assert!(!dir.join("x.pdf").exists());
}
