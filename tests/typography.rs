//! Typography-stage data cases: no-break rules per language and rule.
//!
//! Every `tests/typography/<lang>/<rule>.txt` holds one paragraph per line (lines starting
//! with `#` are comments, kept in the reference); each is parsed as a `<p>` of a document in
//! `<lang>` and its text written to `<rule>.expected`, one line per case, with U+00A0 shown
//! as `{nbsp}` and U+202F as `{nnbsp}` (the notation of `tests/markup`). Cases that must stay
//! breakable are cases too: their spaces stay plain. A `<rule>.toml` beside the input
//! replaces the minimal test brand. Each case is also run a second time on its own output,
//! which must not change. `BLESS=1 cargo test --test typography` rewrites the references.

use communique::brand::Brand;
use communique::markup::{parse, Block, Document};
use std::path::{Path, PathBuf};

const BRAND: &str = r#"
[organisation]
name = { nl = ["Testdienst"] }
short = { nl = "TD" }
"#;

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/typography");
    let mut out = Vec::new();
    for lang in std::fs::read_dir(&root).unwrap() {
        let lang = lang.unwrap().path();
        for case in std::fs::read_dir(&lang).unwrap() {
            let case = case.unwrap().path();
            if case.extension().is_some_and(|e| e == "txt") {
                out.push(case);
            }
        }
    }
    out.sort();
    assert!(
        out.len() >= 8,
        "only {} cases in {}",
        out.len(),
        root.display()
    );
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The paragraphs' texts of `lines` set as one document in `lang`.
fn typeset(lang: &str, lines: &[&str], brand: &Brand) -> Vec<String> {
    let mut markup = format!("<doc lang=\"{lang}\">");
    for line in lines {
        markup += &format!("<p>{}</p>", escape(line));
    }
    markup += "</doc>";
    let doc: Document = parse("case", &markup, brand).unwrap_or_else(|e| panic!("{e:?}"));
    doc.blocks
        .iter()
        .map(|b| match b {
            Block::Para(p) => p.text(),
            other => panic!("unexpected block {other:?}"),
        })
        .collect()
}

fn shown(s: &str) -> String {
    s.replace('\u{A0}', "{nbsp}").replace('\u{202F}', "{nnbsp}")
}

/// The reference text of one case file, and the cases that changed on a second pass.
fn run(case: &Path) -> (String, Vec<String>) {
    let lang = case
        .parent()
        .unwrap()
        .file_name()
        .unwrap()
        .to_str()
        .unwrap();
    let toml = std::fs::read_to_string(case.with_extension("toml")).unwrap_or(BRAND.into());
    let brand = Brand::load("test", &toml, None).expect("test brand is valid");
    let input = std::fs::read_to_string(case).unwrap();
    let is_case = |l: &&str| !l.is_empty() && !l.starts_with('#');
    let lines: Vec<&str> = input.lines().filter(is_case).collect();
    let once = typeset(lang, &lines, &brand);
    assert_eq!(once.len(), lines.len(), "{}", case.display());
    let twice = typeset(
        lang,
        &once.iter().map(String::as_str).collect::<Vec<_>>(),
        &brand,
    );
    let unstable = once
        .iter()
        .zip(&twice)
        .filter(|(a, b)| a != b)
        .map(|(a, b)| format!("{}: {:?} -> {:?}", case.display(), shown(a), shown(b)))
        .collect();
    let mut outputs = once.iter();
    let mut out = String::new();
    for line in input.lines() {
        if is_case(&line) {
            out += &shown(outputs.next().unwrap());
        } else {
            out += line;
        }
        out.push('\n');
    }
    (out, unstable)
}

#[test]
fn no_break_rules_give_the_reference_text() {
    let mut failures = Vec::new();
    for case in cases() {
        let (got, unstable) = run(&case);
        failures.extend(unstable);
        let reference = case.with_extension("expected");
        if std::env::var_os("BLESS").is_some() {
            std::fs::write(&reference, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&reference).unwrap_or_default();
        if want != got {
            failures.push(format!(
                "{}: differs (BLESS=1 rewrites)\n--- expected\n{want}--- got\n{got}",
                case.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
