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
