//! Command-line conventions, through the real binary: `--version`, `--color` and `NO_COLOR`,
//! standard input and output, completions and man page, `communique.toml`, `schema`.

mod common;

use common::{run, run_env, temp_dir, text};

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
