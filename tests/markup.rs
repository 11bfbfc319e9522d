//! Markup stage tests: every `tests/markup/ok/<case>.xml` parses to the tree dumped in
//! `<case>.expected`; every `tests/markup/errors/<case>.xml` fails with the diagnostics in
//! `<case>.expected` (short form, one per line). A `<case>.toml` next to an input replaces
//! the minimal test brand. `BLESS=1 cargo test --test markup` rewrites the references.

use communique::brand::Brand;
use communique::markup::{parse, Block, Document, Field, Inline, ItemBlock, List, Para};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The smallest valid brand: the default brand file is maintained elsewhere.
const BRAND: &str = r#"
[organisation]
name = { nl = ["Testdienst"] }
short = { nl = "TD" }
"#;

fn cases(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/markup")
        .join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no cases in {}", dir.display());
    files
}

fn brand_for(case: &Path) -> Brand {
    let toml = std::fs::read_to_string(case.with_extension("toml")).unwrap_or(BRAND.into());
    Brand::load("test", &toml, None).expect("test brand is valid")
}

/// Parses `case`, returning the text to compare with its reference.
fn run(case: &Path) -> (bool, String) {
    let name = case.file_name().unwrap().to_string_lossy();
    let markup = std::fs::read_to_string(case).unwrap();
    match parse(&name, &markup, &brand_for(case)) {
        Ok(doc) => (true, dump(&doc)),
        Err(diags) => (false, diags.iter().map(|d| d.short() + "\n").collect()),
    }
}

/// Compares `got` with the reference file, or rewrites it under `BLESS=1`.
fn compare(case: &Path, got: &str) -> Option<String> {
    let reference = case.with_extension("expected");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&reference, got).unwrap();
        return None;
    }
    let want = std::fs::read_to_string(&reference).unwrap_or_default();
    (want != got).then(|| {
        format!(
            "{}: output differs (BLESS=1 rewrites)\n--- expected\n{want}--- got\n{got}",
            case.display()
        )
    })
}

#[test]
fn valid_markup_parses_to_the_reference_tree() {
    let mut failures = Vec::new();
    for case in cases("ok") {
        let (ok, got) = run(&case);
        if !ok {
            failures.push(format!("{}: unexpected errors:\n{got}", case.display()));
        } else if let Some(f) = compare(&case, &got) {
            failures.push(f);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn invalid_markup_reports_located_diagnostics() {
    let mut failures = Vec::new();
    for case in cases("errors") {
        let (ok, got) = run(&case);
        if ok {
            failures.push(format!("{}: parsed without errors:\n{got}", case.display()));
        } else if let Some(f) = compare(&case, &got) {
            failures.push(f);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// --- The dump: one line per paragraph, inline styles in a Markdown-like notation. ---

fn dump(doc: &Document) -> String {
    let mut out = format!("doc {}\n", doc.lang);
    for block in &doc.blocks {
        dump_block(&mut out, block, 1);
    }
    out
}

fn dump_block(out: &mut String, block: &Block, depth: usize) {
    let pad = "  ".repeat(depth);
    match block {
        Block::Letterhead(cells) => {
            writeln!(out, "{pad}letterhead").unwrap();
            for cell in cells {
                writeln!(out, "{pad}  cell").unwrap();
                cell.iter().for_each(|p| dump_para(out, p, depth + 2));
            }
        }
        Block::Header(inlines) => writeln!(out, "{pad}header | {}", text(inlines)).unwrap(),
        Block::Footer(inlines) => writeln!(out, "{pad}footer | {}", text(inlines)).unwrap(),
        Block::PageBreak => writeln!(out, "{pad}pagebreak").unwrap(),
        Block::Rule => writeln!(out, "{pad}rule").unwrap(),
        Block::Para(p) => dump_para(out, p, depth),
        Block::Quote(q) => {
            writeln!(out, "{pad}quote {}", q.lang).unwrap();
            q.paras.iter().for_each(|p| dump_para(out, p, depth + 1));
            q.by.iter().for_each(|p| dump_para(out, p, depth + 1));
        }
        Block::List(l) => dump_list(out, l, depth),
        Block::Table(t) => {
            writeln!(out, "{pad}table {} head {}", t.lang, t.head).unwrap();
            for row in &t.rows {
                writeln!(out, "{pad}  tr").unwrap();
                for cell in row {
                    let kind = if cell.header { "th" } else { "td" };
                    writeln!(out, "{pad}    {kind} {:?}", cell.align).unwrap();
                    dump_para(out, &cell.para, depth + 3);
                }
            }
        }
        Block::Notes(n) => {
            writeln!(out, "{pad}notes {}", n.lang).unwrap();
            for note in &n.notes {
                writeln!(out, "{pad}  note {}", note.number).unwrap();
                dump_para(out, &note.para, depth + 2);
            }
        }
        Block::Figure(f) => {
            let (w, h) = f.image.size();
            writeln!(out, "{pad}figure {} {w}x{h} alt {:?}", f.lang, f.alt).unwrap();
            f.caption.iter().for_each(|p| dump_para(out, p, depth + 1));
        }
        Block::Sect(blocks) => {
            writeln!(out, "{pad}sect").unwrap();
            blocks.iter().for_each(|b| dump_block(out, b, depth + 1));
        }
        Block::Row(cells) => {
            writeln!(out, "{pad}row").unwrap();
            for cell in cells {
                writeln!(out, "{pad}  cell").unwrap();
                cell.iter().for_each(|b| dump_block(out, b, depth + 2));
            }
        }
    }
}

fn dump_list(out: &mut String, l: &List, depth: usize) {
    let pad = "  ".repeat(depth);
    match l.start {
        Some(n) => writeln!(out, "{pad}list {} numbered from {n}", l.lang).unwrap(),
        None => writeln!(out, "{pad}list {}", l.lang).unwrap(),
    }
    for item in &l.items {
        writeln!(out, "{pad}  item").unwrap();
        for block in item {
            match block {
                ItemBlock::Para(p) => dump_para(out, p, depth + 2),
                ItemBlock::List(nested) => dump_list(out, nested, depth + 2),
            }
        }
    }
}

fn dump_para(out: &mut String, p: &Para, depth: usize) {
    let class = match p.class.name() {
        "" => String::new(),
        name => format!(".{name}"),
    };
    let role = format!("{:?}", p.role).to_lowercase();
    let pad = "  ".repeat(depth);
    writeln!(out, "{pad}{role}{class} {} | {}", p.lang, text(&p.inlines)).unwrap();
}

/// `*italic*`, `**bold**`, `[text](href)`, `{page}`, `{br}`, `{nbsp}`, `{nnbsp}`, a
/// footnote reference's note as `{note nl 1}`; each
/// inline boundary shows as `⟩` so the cut between runs is part of the reference.
fn text(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for (i, inline) in inlines.iter().enumerate() {
        if i > 0 {
            s.push('⟩');
        }
        s.push_str(&styled(inline));
    }
    s
}

fn styled(inline: &Inline) -> String {
    let mut t = match inline.field {
        Some(Field::Page) => "{page}".to_string(),
        Some(Field::Pages) => "{pages}".to_string(),
        None => inline
            .text
            .replace('\n', "{br}")
            .replace('\u{A0}', "{nbsp}")
            .replace('\u{202F}', "{nnbsp}"),
    };
    if let Some(n) = inline.note {
        t = format!("{t}{{note {} {}}}", n.lang.code(), n.number);
    }
    if inline.italic {
        t = format!("*{t}*");
    }
    if inline.bold {
        t = format!("**{t}**");
    }
    match &inline.link {
        Some(href) => format!("[{t}]({href})"),
        None => t,
    }
}

/// Every word of a paragraph's inlines knows where it was written in the markup, past
/// entity and character references, across emphasis and after typography has changed the
/// quotes and spaces around it (layout uses this to locate an overfull line's word).
#[test]
fn words_keep_their_markup_offsets() {
    let markup = "<doc lang=\"fr\"><p>L&apos;État &amp; «\u{a0}co\u{a0}» <em>dit&#160;: \"oui\"</em> !</p></doc>";
    let brand = Brand::load("test", BRAND, None).unwrap();
    let doc = parse("t", markup, &brand).unwrap();
    let Block::Para(p) = &doc.blocks[0] else {
        panic!("{doc:?}")
    };
    let mut got = Vec::new();
    for inline in &p.inlines {
        let words: Vec<&str> = inline
            .text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        assert_eq!(words.len(), inline.words.len(), "{inline:?}");
        for (w, &at) in words.iter().zip(&inline.words) {
            got.push((
                w.to_string(),
                markup[at as usize..]
                    .chars()
                    .take(w.chars().count())
                    .collect::<String>(),
            ));
        }
    }
    for (word, written) in &got {
        assert_eq!(word, written);
    }
    let found: Vec<&str> = got.iter().map(|(w, _)| w.as_str()).collect();
    assert_eq!(found, ["L", "État", "co", "dit", "oui"]);
}
