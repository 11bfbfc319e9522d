//! Typography-stage data cases: no-break rules per language and rule.
//!
//! Every `tests/typography/<lang>/<rule>.txt` holds one paragraph per line (lines starting
//! with `#` are comments, kept in the reference); each is parsed as a `<p>` of a document in
//! `<lang>` and its text written to `<rule>.expected`, one line per case, with U+00A0 shown
//! as `{nbsp}` and U+202F as `{nnbsp}` (the notation of `tests/markup`). Cases that must stay
//! breakable are cases too: their spaces stay plain. A `<rule>.toml` beside the input
//! replaces the minimal test brand. Each case is also run a second time on its own output,
//! which must not change. `BLESS=1 cargo test --test typography` rewrites the references.

mod common;

use communique::brand::Brand;
use communique::markup::{parse, Block, Document};
use std::path::{Path, PathBuf};

const BRAND: &str = r#"
[organisation]
name = { nl = ["Testdienst"] }
short = { nl = "TD" }
"#;

fn cases() -> Vec<PathBuf> {
    let root = common::root().join("tests/typography");
    let mut out = Vec::new();
    for lang in std::fs::read_dir(&root).unwrap() {
        out.extend(common::cases::files(&lang.unwrap().path(), "txt"));
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
    let mut unstable = Vec::new();
    let outcomes: Vec<(PathBuf, String)> = cases()
        .into_iter()
        .map(|case| {
            let (got, changed) = run(&case);
            unstable.extend(changed);
            (case.with_extension("expected"), got)
        })
        .collect();
    assert!(unstable.is_empty(), "{}", unstable.join("\n"));
    common::cases::check_all(outcomes);
}

/// Text that meets every rule of the typography stage in every language: quotes (double,
/// single, nested), apostrophes and elisions, French spacing, ranges, spaced hyphens,
/// ellipses, and the no-break rules (numbers, units, dates, titles, phone numbers).
const EVERY_RULE: &[&str] = &[
    r#"Hij zei: "Dat is 'm niet". 'Zo'n' zaak, 's avonds, in de jaren '90 ... klaar!"#,
    r#"« Il a dit "oui" ; vraiment ? » 'Bon' : l'État, 2021-2025 et 2021-25 - fin..."#,
    r#"Sie sagte: "Das ist 'gut'". Am 28. Juni 2021 um 12:00 Uhr, S. 4 - Ende ..."#,
    r#"She said "it's 'fine'"... on 28 June 2021 at 12.00 - done, €5 and 12 000 euro."#,
    "art. 5, dhr. Peeters, Mme Dubois, 12 000 000 inwoners, 3,5 % en 12 uur.",
    "Appelez le 02 501 05 11 ou le +32 2 501 05 11, 1er septembre, M. Dupont.",
    "Het wordt -3 °C, de index daalt -0,4 % tot -12, de marge is +2.",
];

/// Every character the typography stage adds to a text (one not in its input) exists in
/// each of the eight embedded faces: a rule that emitted, say, U+2212 MINUS SIGN (which
/// these Noto builds lack) would make every release with a negative number fail with
/// "no font has …". The corpus is [`EVERY_RULE`] and every case of `tests/typography/`, in
/// each language. A negative number keeps its hyphen-minus, as written: the typography does
/// not make a real minus, because the shipped faces have none.
#[test]
fn every_character_the_typography_adds_is_in_every_embedded_face() {
    let fonts = communique::font::FontBook::embedded();
    let brand = Brand::load("test", BRAND, None).expect("test brand is valid");
    let mut corpus: Vec<String> = EVERY_RULE.iter().map(|s| s.to_string()).collect();
    for case in cases() {
        let text = std::fs::read_to_string(&case).unwrap();
        let lines = text
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'));
        corpus.extend(lines.map(str::to_string));
    }
    let lines: Vec<&str> = corpus.iter().map(String::as_str).collect();
    let mut added = std::collections::BTreeSet::new();
    for lang in ["nl", "fr", "de", "en"] {
        for (input, output) in lines.iter().zip(typeset(lang, &lines, &brand)) {
            added.extend(output.chars().filter(|&c| !input.contains(c)));
        }
    }
    // The rules' own characters, so a corpus that no longer meets a rule is noticed.
    for c in [
        '\u{A0}', '\u{202F}', '’', '“', '”', '‘', '«', '»', '„', '‚', '–', '…',
    ] {
        assert!(
            added.contains(&c),
            "no case makes the typography add {c:?} U+{:04X}",
            c as u32
        );
    }
    assert!(
        !added.contains(&'\u{2212}'),
        "the typography made a U+2212 minus"
    );
    let missing: Vec<String> = added
        .iter()
        .flat_map(|&c| {
            fonts
                .faces()
                .filter(move |(_, face)| !face.covers(c))
                .map(move |(_, face)| format!("{c:?} U+{:04X} in {}", c as u32, face.name))
        })
        .collect();
    assert!(missing.is_empty(), "missing glyphs: {missing:#?}");
}
