//! The text layer as the tools people use read it: poppler's `pdftotext`, MuPDF's `mutool`,
//! pypdf, pdfminer.six (the parser under pdfplumber and many indexers), Apache PDFBox's
//! `ExtractText` and PDF.js (`pdfjs-dist` under Node). Each must give back every source word
//! of every language of every example, in both layouts and split per language; where the
//! layout is one column (sequential, split) each field's words must also come in the order
//! the author wrote them.
//!
//! Side-by-side columns (`--layout parallel`) are read line by line across the columns by
//! most of these tools, so a word hyphenated at a column's line end comes back as two halves
//! with the other columns' text between them; there the halves count (as in
//! `tests/examples.rs`) and the order is not checked.
//!
//! A URL or e-mail address broken at a line end after one of its separators (`/ . @ - _ ? & =
//! #`, no hyphen drawn) carries the whole address as `/ActualText`. Only poppler reads
//! `/ActualText`, so [`Breaks`] says per extractor what it must give: pdftotext the address
//! whole (no halves accepted), the other five its two halves on consecutive lines, the first
//! ending in its separator (mutool 1.21, pypdf, pdfminer.six, PDFBox 2 and PDF.js ignore
//! `/ActualText` in text extraction and start a new line at the new baseline; none of them
//! joins lines). Each test also asserts that its extractor still splits (or joins) at least one
//! address, so the claim fails when a new version reads them differently.
//!
//! A missing extractor fails the test with the command that installs it (`.ci/run` installs
//! them all). Outside CI, `COMMUNIQUE_SKIP_EXTRACTORS=1` turns that failure into a printed
//! "NOT RUN"; under `CI` it is ignored.

mod common;

use common::words::{counts, source_parts, split_in, words};
use common::*;
use communique::model::Release;
use communique::{BuildOptions, Lang, LayoutMode};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Where `.ci/run` installs pdfjs-dist; `PDFJS_DIST` overrides it.
const PDFJS_DEFAULT: &str = ".ci/cache/node_modules/pdfjs-dist";
/// Debian's `libpdfbox2-java`; `PDFBOX_CLASSPATH` overrides it.
const PDFBOX_DEFAULT: &str = "/usr/share/java/pdfbox2.jar:/usr/share/java/pdfbox2-tools.jar:\
    /usr/share/java/fontbox2.jar:/usr/share/java/commons-logging.jar";

/// One PDF to read back: which example, how it was built, and the languages it holds.
struct Case {
    name: String,
    file: PathBuf,
    release: &'static Release,
    langs: Vec<Lang>,
    /// One column per page: each field's words must come in order.
    in_order: bool,
}

/// Every example in both layouts and split per language, built once per test process.
fn cases() -> &'static [Case] {
    static CASES: OnceLock<Vec<Case>> = OnceLock::new();
    CASES.get_or_init(|| {
        let dir = temp_dir("extractors");
        let mut out = Vec::new();
        for ex in examples() {
            let stem = ex.file_stem().unwrap().to_string_lossy().into_owned();
            let source = std::fs::read(&ex).unwrap();
            let release: &'static Release =
                Box::leak(Box::new(engine().check("x.toml", &source).unwrap()));
            // Every layout the release accepts (parallel is refused for too many languages),
            // and split per language.
            let modes = layouts_of(&ex).into_iter().map(|m| (m, false));
            for (layout, split) in modes.chain([(LayoutMode::Sequential, true)]) {
                let label = match split {
                    true => "split".to_string(),
                    false => format!("{layout:?}").to_lowercase(),
                };
                let opts = BuildOptions {
                    layout,
                    split,
                    ..BuildOptions::default()
                };
                let outs = engine()
                    .build(&format!("{stem}.toml"), &source, &opts)
                    .unwrap();
                for o in outs {
                    let name = match o.lang {
                        Some(lang) if split => format!("{stem} {label} {}", lang.code()),
                        _ => format!("{stem} {label}"),
                    };
                    let file = dir.join(format!("{}.pdf", name.replace(' ', "-")));
                    std::fs::write(&file, &o.pdf).unwrap();
                    let langs = match o.lang {
                        Some(lang) if split => vec![lang],
                        _ => release.languages.clone(),
                    };
                    out.push(Case {
                        name,
                        file,
                        release,
                        langs,
                        in_order: layout != LayoutMode::Parallel,
                    });
                }
            }
        }
        out
    })
}

/// Reports a missing extractor: a failure, unless explicitly skipped outside CI.
fn missing(what: &str, install: &str) -> bool {
    let skip = std::env::var_os("COMMUNIQUE_SKIP_EXTRACTORS").is_some()
        && std::env::var_os("CI").is_none();
    if skip {
        eprintln!("NOT RUN: {what} is not installed; COMMUNIQUE_SKIP_EXTRACTORS is set");
        return true;
    }
    panic!("{what} is not installed; install it with `{install}` (see .ci/run)");
}

fn runs(cmd: &str, args: &[&str]) -> bool {
    Command::new(cmd).args(args).output().is_ok()
}

fn python() -> String {
    std::env::var("PYTHON").unwrap_or_else(|_| "python3".into())
}

fn script(name: &str) -> String {
    root()
        .join("tests/extractors")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// Runs `cmd` and returns its standard output; panics with its error output if it fails.
fn output(what: &str, cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what} does not run: {e}"));
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Each case's text as one process reading all the files gives it (a JSON array).
fn batch(what: &str, cmd: &mut Command) -> Vec<String> {
    let files = cases().iter().map(|c| &c.file);
    let json = output(what, cmd.args(files));
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{what}: not a JSON array ({e})"))
}

/// Each case's text, one process per file, two at a time (a JVM takes seconds to start).
fn each(what: &str, cmd: impl Fn(&Path) -> Command + Sync) -> Vec<String> {
    let cases = cases();
    let half = cases.len().div_ceil(2);
    std::thread::scope(|s| {
        let run = |part: &'static [Case]| {
            let cmd = &cmd;
            s.spawn(move || {
                part.iter()
                    .map(|c| output(what, &mut cmd(&c.file)))
                    .collect::<Vec<_>>()
            })
        };
        let (a, b) = (run(&cases[..half]), run(&cases[half..]));
        let mut texts = a.join().unwrap();
        texts.extend(b.join().unwrap());
        texts
    })
}

/// How an extractor reads an address broken at a line end (see the module header).
#[derive(Clone, Copy, PartialEq, Debug)]
enum Breaks {
    /// Whole, from the `/ActualText` on its first half.
    Joined,
    /// As two halves on consecutive lines, the first ending in its separator.
    Split,
}

/// The separators an address breaks after (layout's `hyphenate::ADDRESS_SEPARATORS`).
const SEPARATORS: &[char] = &['/', '.', '@', '-', '_', '?', '&', '=', '#'];

/// What one extractor got wrong in one case, if anything, and the addresses it gave back in
/// two halves.
fn check(case: &Case, text: &str, breaks: Breaks) -> (Vec<String>, usize) {
    let parallel = !case.in_order;
    let lines: Vec<Vec<String>> = text.lines().map(words).collect();
    let mut problems = Vec::new();
    let mut split = 0;
    for &lang in &case.langs {
        let parts = source_parts(case.release, lang);
        let source: Vec<String> = parts.iter().flat_map(|p| words(p)).collect();
        let vocabulary: HashSet<&str> = source.iter().map(String::as_str).collect();
        let stream = rejoined(&lines, &vocabulary);
        let got = counts(stream.clone());
        let mut lost = Vec::new();
        // Words that come back only in two pieces, accepted as such: an address broken at a
        // separator by an extractor that splits them, and in side-by-side columns any word
        // broken at a line end.
        let mut halves = HashSet::new();
        for (w, n) in counts(source.clone()) {
            let have = got.get(&w).copied().unwrap_or(0);
            if have >= n {
                continue;
            }
            if breaks == Breaks::Split && address_halves(text, &w) {
                split += 1;
                halves.insert(w);
            } else if parallel && halves_in(text, &w) {
                halves.insert(w);
            } else {
                lost.push(format!("{w:?} ({have} of {n})"));
            }
        }
        lost.sort();
        if !lost.is_empty() {
            problems.push(format!("{lang}: words missing: {}", lost.join(", ")));
            continue;
        }
        if case.in_order {
            for part in &parts {
                let part: Vec<String> = words(&prose(part))
                    .into_iter()
                    .filter(|w| !halves.contains(w))
                    .collect();
                if let Some(e) = out_of_order(&part, &stream) {
                    problems.push(format!("{lang}: {e}"));
                }
            }
        }
    }
    (problems, split)
}

/// Whether `word` comes back as an address broken at a line end: a line ending in a token
/// that ends in a separator, the next line starting with the rest (trailing punctuation
/// aside), together the word.
fn address_halves(text: &str, word: &str) -> bool {
    let lines: Vec<Vec<&str>> = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .filter(|l| !l.is_empty())
        .collect();
    lines.windows(2).any(|pair| {
        let head = pair[0][pair[0].len() - 1];
        let tail = pair[1][0].trim_end_matches(|c: char| ".,;:!?".contains(c));
        let head = head.trim_start_matches(|c: char| "(\"'«“„".contains(c));
        head.ends_with(SEPARATORS) && word.strip_prefix(head) == Some(tail)
    })
}

/// The text's words in reading order, with a word broken at a line end joined again: the
/// last word of a line and the first of the next, with or without the hyphen between them
/// (`-`, a soft hyphen, or nothing where the reader drops the soft hyphen), where that makes
/// a word the author wrote.
fn rejoined(lines: &[Vec<String>], vocabulary: &HashSet<&str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // Whether the last word of `out` ended the previous line.
    let mut at_line_end = false;
    for line in lines.iter().filter(|l| !l.is_empty()) {
        let mut tokens = line.iter();
        if at_line_end {
            let first = tokens.as_slice()[0].as_str();
            let last = out.last().unwrap();
            let stem = last.trim_end_matches(['-', '\u{ad}', '\u{2010}']);
            let joined = [format!("{last}{first}"), format!("{stem}{first}")]
                .into_iter()
                .find(|j| vocabulary.contains(j.as_str()));
            if let Some(j) = joined {
                *out.last_mut().unwrap() = j;
                tokens.next();
            }
        }
        out.extend(tokens.cloned());
        at_line_end = true;
    }
    out
}

/// Whether `word` comes back in pieces anywhere in `text`: up to four words (each with its
/// hyphen or soft hyphen, if any, dropped) that make it, as a word hyphenated at one or more
/// line ends of a narrow column gives ("Werk-" "loos-" "heids-" "graad" in a table cell).
fn halves_in(text: &str, word: &str) -> bool {
    if split_in(text, word, true) {
        return true;
    }
    let tokens: HashSet<String> = words(text)
        .into_iter()
        .map(|t| t.trim_end_matches(['-', '\u{ad}', '\u{2010}']).to_string())
        .collect();
    pieces(word, &tokens, 4, true)
}

/// Whether `word` is made of at most `max` of `tokens` (at least two when `first`).
fn pieces(word: &str, tokens: &HashSet<String>, max: usize, first: bool) -> bool {
    if !first && tokens.contains(word) {
        return true;
    }
    max > 1
        && (1..word.len())
            .filter(|&i| word.is_char_boundary(i))
            .any(|i| tokens.contains(&word[..i]) && pieces(&word[i..], tokens, max - 1, false))
}

/// The part's words outside Markdown tables and footnote definitions: extractors that find
/// blocks by position (pdfminer.six, mutool) read a table's cells in their own order, by
/// column or by row, and a footnote is set at the foot of the page, not where it is defined.
fn prose(part: &str) -> String {
    part.lines()
        .filter(|l| !l.trim_start().starts_with('|') && !l.trim_start().starts_with("[^"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first word of `part` that does not follow the one before it in `stream`, if any.
fn out_of_order(part: &[String], stream: &[String]) -> Option<String> {
    let mut at = 0;
    for (i, w) in part.iter().enumerate() {
        match stream[at..].iter().position(|s| s == w) {
            Some(p) => at += p + 1,
            None => {
                let before = part[i.saturating_sub(4)..i].join(" ");
                return Some(format!("{w:?} does not come after \"{before}\""));
            }
        }
    }
    None
}

/// Checks every case's text and fails with every problem, case by case; and that the
/// extractor reads broken addresses as `breaks` says (some split, or none).
fn assert_reads(extractor: &str, texts: Vec<String>, breaks: Breaks) {
    assert_eq!(texts.len(), cases().len(), "{extractor}: one text per PDF");
    let mut report = Vec::new();
    let mut split = 0;
    for (case, text) in cases().iter().zip(&texts) {
        let (problems, n) = check(case, text, breaks);
        split += n;
        for p in problems {
            report.push(format!("  {} ({}): {p}", case.name, case.file.display()));
        }
    }
    assert!(
        report.is_empty(),
        "{extractor} does not give back the text:\n{}",
        report.join("\n")
    );
    eprintln!("{extractor}: {split} addresses back in two halves");
    match breaks {
        Breaks::Joined => assert_eq!(split, 0),
        // The examples break https://crisiscentrum.example/status and
        // digitaal.example/eidas at a line end: an extractor that reads them whole now
        // should move to `Joined` (and the module header's list change).
        Breaks::Split => assert!(split > 0, "{extractor} now joins broken addresses"),
    }
}

#[test]
fn pdftotext_reads_every_word() {
    if !runs("pdftotext", &["-v"]) && missing("pdftotext", "apt-get install poppler-utils") {
        return;
    }
    let texts = each("pdftotext", |f| {
        let mut c = Command::new("pdftotext");
        c.args(["-enc", "UTF-8"]).arg(f).arg("-");
        c
    });
    assert_reads("pdftotext", texts, Breaks::Joined);
}

#[test]
fn mutool_reads_every_word() {
    if !runs("mutool", &["-v"]) && missing("mutool", "apt-get install mupdf-tools") {
        return;
    }
    let texts = each("mutool", |f| {
        let mut c = Command::new("mutool");
        c.args(["draw", "-q", "-F", "txt", "-o", "-"]).arg(f);
        c
    });
    assert_reads("mutool", texts, Breaks::Split);
}

fn have_module(module: &str, install: &str) -> bool {
    let ok = Command::new(python())
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    ok || !missing(&format!("Python module `{module}` ({})", python()), install)
}

#[test]
fn pypdf_reads_every_word() {
    if !have_module("pypdf", "python3 -m pip install pypdf==7.1.1") {
        return;
    }
    let mut cmd = Command::new(python());
    cmd.args([&script("text.py"), "pypdf"]);
    assert_reads("pypdf", batch("pypdf", &mut cmd), Breaks::Split);
}

#[test]
fn pdfminer_reads_every_word() {
    if !have_module(
        "pdfminer.high_level",
        "python3 -m pip install pdfminer.six==20260107",
    ) {
        return;
    }
    let mut cmd = Command::new(python());
    cmd.args([&script("text.py"), "pdfminer"]);
    assert_reads(
        "pdfminer.six",
        batch("pdfminer.six", &mut cmd),
        Breaks::Split,
    );
}

#[test]
fn pdfbox_reads_every_word() {
    let classpath = std::env::var("PDFBOX_CLASSPATH").unwrap_or_else(|_| PDFBOX_DEFAULT.into());
    let have =
        runs("java", &["-version"]) && std::env::split_paths(&classpath).all(|jar| jar.is_file());
    if !have
        && missing(
            "Apache PDFBox (java, libpdfbox2-java)",
            "apt-get install libpdfbox2-java",
        )
    {
        return;
    }
    let texts = each("PDFBox ExtractText", |f| {
        let mut c = Command::new("java");
        c.args(["-cp", &classpath, "org.apache.pdfbox.tools.ExtractText"])
            .args(["-console", "-encoding", "UTF-8"])
            .arg(f);
        c
    });
    assert_reads("PDFBox ExtractText", texts, Breaks::Split);
}

#[test]
fn pdfjs_reads_every_word() {
    let dist = std::env::var_os("PDFJS_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(PDFJS_DEFAULT));
    let have = runs("node", &["--version"]) && dist.join("legacy/build/pdf.mjs").is_file();
    if !have
        && missing(
            &format!("PDF.js (node and pdfjs-dist in {})", dist.display()),
            "npm install --prefix .ci/cache pdfjs-dist@5.6.205",
        )
    {
        return;
    }
    let mut cmd = Command::new("node");
    cmd.arg(script("pdfjs.mjs")).arg(&dist);
    assert_reads("PDF.js", batch("PDF.js", &mut cmd), Breaks::Split);
}

/// A regression guard for the check itself: text with a word missing and a word out of place
/// must fail, and a word broken at a line end, with or without its hyphen, must pass.
#[test]
fn the_check_finds_missing_and_misplaced_words() {
    let case = cases()
        .iter()
        .find(|c| c.in_order && c.langs.len() == 1)
        .expect("a split case");
    let lang = case.langs[0];
    let parts = source_parts(case.release, lang);
    let good = parts.join("\n");
    assert_eq!(check(case, &good, Breaks::Joined).0, Vec::<String>::new());
    // The first word of the title moved to the end of the text.
    let title = &parts[0];
    let (first, rest) = title.split_once(' ').unwrap();
    let moved = format!("{rest}\n{}\n{first}", parts[1..].join("\n"));
    let problems = check(case, &moved, Breaks::Joined).0;
    assert!(
        problems.iter().any(|p| p.contains("does not come after")),
        "{problems:?}"
    );
    let dropped = good.replacen(first, "", 1);
    let problems = check(case, &dropped, Breaks::Joined).0;
    assert!(
        problems.iter().any(|p| p.contains("words missing")),
        "{problems:?}"
    );
    // A long word of the lead broken over two lines, as pypdf ("mid-") and PDF.js ("mid",
    // soft hyphen dropped) give it.
    let long = words(&parts[1])
        .into_iter()
        .find(|w| w.chars().count() > 8 && w.chars().all(char::is_alphabetic))
        .expect("a long word in the lead");
    let cut = long.char_indices().nth(4).unwrap().0;
    for hyphen in ["-", "\u{ad}", ""] {
        let broken = good.replacen(
            &long,
            &format!("{}{hyphen}\n{}", &long[..cut], &long[cut..]),
            1,
        );
        assert_eq!(
            check(case, &broken, Breaks::Joined).0,
            Vec::<String>::new(),
            "{hyphen:?}"
        );
    }
}
