//! The examples, end to end: they build, and the PDFs give back what the releases say.

mod common;

use common::words::{counts, source_text, split_in, words};
use common::*;
use communique::{BuildOptions, LayoutMode};

fn build(path: &std::path::Path, layout: LayoutMode, split: bool) -> Vec<communique::Output> {
    let source = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy();
    let opts = BuildOptions {
        layout,
        split,
        date_override: None,
        ..BuildOptions::default()
    };
    engine()
        .build(&name, &source, &opts)
        .unwrap_or_else(|d| panic!("{name} does not build: {d:#?}"))
}

#[test]
fn every_example_builds_in_every_mode() {
    for ex in examples() {
        let whole = layouts_of(&ex).into_iter().map(|l| (l, false));
        for (layout, split) in whole.chain([(LayoutMode::Sequential, true)]) {
            let outs = build(&ex, layout, split);
            for out in outs {
                assert!(out.pdf.starts_with(b"%PDF-"), "{}", ex.display());
                assert!(out.pages >= 1);
                let (ok, msg) = tool("qpdf", &["--check"], &out.pdf);
                assert!(ok, "qpdf --check failed for {}: {msg}", ex.display());
                assert!(
                    out.warnings.is_empty(),
                    "{} ({layout:?}) has layout warnings: {:#?}",
                    ex.display(),
                    out.warnings
                );
            }
        }
    }
}

#[test]
fn extracted_text_gives_back_every_source_word() {
    for ex in examples() {
        let source = std::fs::read(&ex).unwrap();
        let release = engine().check("x.toml", &source).unwrap();
        for layout in layouts_of(&ex) {
            let out = &build(&ex, layout, false)[0];
            let pdf_text = pdftotext(&out.pdf);
            let pdf_words = counts(words(&pdf_text));
            for &lang in &release.languages {
                let mut missing = Vec::new();
                for (w, n) in counts(words(&source_text(&release, lang))) {
                    let got = pdf_words.get(&w).copied().unwrap_or(0);
                    // A URL broken after a slash comes back as two tokens; and in side-by-side
                    // columns pdftotext's reading order can separate the halves of a hyphenated
                    // word, so it cannot rejoin them. Accept the halves there.
                    let parallel = layout == LayoutMode::Parallel;
                    if got < n && !split_in(&pdf_text, &w, parallel) {
                        missing.push(format!("{w:?} ({got} of {n})"));
                    }
                }
                missing.sort();
                assert!(
                    missing.is_empty(),
                    "{} {layout:?} {lang}: words missing from the PDF text: {}",
                    ex.display(),
                    missing.join(", ")
                );
            }
        }
    }
}

#[test]
fn split_outputs_hold_one_language_each() {
    let ex = root().join("examples/persbericht-wilmes.toml");
    let outs = build(&ex, LayoutMode::Sequential, true);
    let langs: Vec<_> = outs.iter().map(|o| o.lang.unwrap().code()).collect();
    assert_eq!(langs, ["nl", "fr"]);
    let nl = pdftotext(&outs[0].pdf);
    let fr = pdftotext(&outs[1].pdf);
    assert!(nl.contains("Persbericht") || nl.contains("PERSBERICHT"));
    assert!(
        !nl.contains("Daech"),
        "the Dutch PDF must not hold French text"
    );
    assert!(fr.contains("Daech") && !fr.contains("Daesh"));
}

#[test]
fn dates_and_punctuation_follow_each_language() {
    let ex = root().join("examples/persbericht-wilmes.toml");
    let text = pdftotext(&build(&ex, LayoutMode::Sequential, false)[0].pdf);
    let flat = text.replace(['\u{a0}', '\u{202f}'], " ");
    for expected in [
        "maandag 28 juni 2021",
        "lundi 28 juin 2021",
        "’s avonds",              // Dutch leading apostrophe
        "l’Irak",                 // French apostrophe
        "« Daech",                // guillemets with (narrow) space inside
        "luxe : c’est",           // space before the colon
        "2021–2023",              // en dash in a range
        "“Daesh is territoriaal", // Dutch double quotes around the quote block
    ] {
        assert!(
            flat.contains(expected),
            "PDF text lacks {expected:?}:\n{flat}"
        );
    }
    assert!(
        !flat.contains('\''),
        "straight apostrophes left in:\n{flat}"
    );
}

#[test]
fn fonts_are_embedded_and_subset() {
    for ex in examples() {
        let out = &build(&ex, LayoutMode::Sequential, false)[0];
        let (ok, list) = tool("pdffonts", &[], &out.pdf);
        assert!(ok, "{list}");
        let rows: Vec<&str> = list.lines().skip(2).collect();
        assert!(rows.len() >= 4, "too few fonts:\n{list}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            assert!(
                row.starts_with("CQS") && row.contains('+'),
                "not a subset: {row}"
            );
            let n = cols.len();
            assert_eq!(
                &cols[n - 5..n - 2],
                ["yes", "yes", "yes"],
                "emb/sub/uni: {row}"
            );
        }
    }
}

#[test]
fn output_is_deterministic() {
    for ex in examples() {
        let a = build(&ex, LayoutMode::Sequential, false);
        let b = build(&ex, LayoutMode::Sequential, false);
        assert!(
            a[0].pdf == b[0].pdf,
            "{} differs between two builds",
            ex.display()
        );
    }
}

#[test]
fn layout_matches_reference_dump() {
    for ex in examples() {
        let source = std::fs::read(&ex).unwrap();
        let release = engine().check("x.toml", &source).unwrap();
        let stem = ex.file_stem().unwrap().to_string_lossy().into_owned();
        for mode in layouts_of(&ex) {
            let name = format!("{mode:?}").to_lowercase();
            let tree = engine().layout(&release, &release.languages, mode).unwrap();
            let dump = communique::layout::dump(&tree);
            check_reference(
                &root().join(format!("tests/reference/{stem}.{name}.layout.txt")),
                &dump,
            );
        }
    }
}

/// Each contact of the crisis update is printed only in its languages' parts, with its own
/// phone; the contact without `languages` in both.
#[test]
fn contacts_appear_only_in_their_languages_parts() {
    let ex = root().join("examples/crisisupdate-stroompanne.toml");
    let outs = build(&ex, LayoutMode::Sequential, true);
    let text = |code: &str| {
        let o = outs
            .iter()
            .find(|o| o.lang.unwrap().code() == code)
            .unwrap();
        pdftotext(&o.pdf)
    };
    let (nl, fr) = (text("nl"), text("fr"));
    assert!(
        nl.contains("An Peeters") && nl.contains("+32 2 501 00 11"),
        "{nl}"
    );
    assert!(
        !nl.contains("Luc Dubois") && !nl.contains("+32 2 501 00 12"),
        "{nl}"
    );
    assert!(
        fr.contains("Luc Dubois") && fr.contains("+32 2 501 00 12"),
        "{fr}"
    );
    assert!(
        !fr.contains("An Peeters") && !fr.contains("+32 2 501 00 11"),
        "{fr}"
    );
    for t in [&nl, &fr] {
        assert!(t.contains("1771"), "{t}");
    }
    assert!(
        nl.contains("Update 2 – vervangt het bericht van 9.30"),
        "{nl}"
    );
    assert!(
        fr.contains("Bruxelles, le mercredi 14 octobre 2026, 11"),
        "{fr}"
    );
}

/// The joint example names two brands: both organisations in the letterhead, both short
/// names in the running footer and both as the PDF's author.
#[test]
fn joint_release_carries_both_organisations() {
    let ex = root().join("examples/gezamenlijk-persbericht.toml");
    let out = &build(&ex, LayoutMode::Sequential, false)[0];
    let text = pdftotext(&out.pdf);
    for name in [
        "Digitale Zaken",
        "Justitie",
        "Affaires numériques",
        "Waterloolaan 2000",
    ] {
        assert!(text.contains(name), "{name} missing:\n{text}");
    }
    assert!(text.contains("FOD Digitale Zaken / FOD Justitie"), "{text}");
    let (ok, info) = tool("pdfinfo", &[], &out.pdf);
    assert!(ok, "{info}");
    assert!(
        info.contains("FOD Digitale Zaken / FOD Justitie / SPF Affaires numériques / SPF Justice"),
        "{info}"
    );
}

/// A brand name that no --brands folder has is an error at the name, listing the known
/// brands and the nearest one.
#[test]
fn unknown_brand_is_located_and_lists_the_known_ones() {
    let src = "date = 2026-11-03\nbrand = [\"fod-digitaal\", \"fod-justice\"]\nlanguages = [\"nl\"]\n[nl]\ntitle = \"T\"\n";
    let err = engine().check("r.toml", src.as_bytes()).unwrap_err();
    let short: Vec<String> = err.iter().map(|d| d.short()).collect();
    assert_eq!(
        short,
        ["r.toml:2:27: error: brand: unknown brand \"fod-justice\" (hint: did you mean \"fod-justitie\"? the known brands are: fod-digitaal, fod-justitie)"],
    );
}

/// The statistics release's footnotes stand at the end of its language's text, before the
/// end mark and the contacts, and on a page that also holds the text they annotate.
/// Regression: they were set after the contacts, and the French ones stood alone on page 4.
#[test]
fn footnotes_end_the_text_and_never_stand_alone() {
    let ex = root().join("examples/statistiek-werkloosheid.toml");
    // (the first note, the end mark, the contact, the text's last paragraph)
    let parts = [
        (
            "Het gewest van de woonplaats",
            "Einde persbericht",
            "Persdienst Statistiek",
            "Het volledige rapport",
        ),
        (
            "La région du domicile",
            "Fin du communiqué",
            "Contact presse",
            "Le rapport complet",
        ),
    ];
    for layout in layouts_of(&ex) {
        let text = pdftotext(&build(&ex, layout, false)[0].pdf);
        for (note, end_mark, contact, last) in parts {
            let at = |s: &str| {
                text.find(s)
                    .unwrap_or_else(|| panic!("{layout:?}: {s:?} not found"))
            };
            assert!(
                at(note) < at(end_mark),
                "{layout:?}: {note:?} after the end mark"
            );
            assert!(
                text[at(note)..].contains(contact),
                "{layout:?}: no contact {contact:?} after the notes"
            );
            let page = text.split('\u{c}').find(|p| p.contains(note)).unwrap();
            assert!(
                page[..page.find(note).unwrap()].contains(last),
                "{layout:?}: the notes {note:?} are not under the text's end:\n{page}"
            );
        }
    }
}

/// A text line of a layout dump: page, x, baseline y, font, size, text.
type DumpText = (usize, f32, f32, String, f32, String);

fn dump_texts(dump: &str) -> Vec<DumpText> {
    let mut page = 0;
    let mut out = Vec::new();
    for line in dump.lines() {
        if line.starts_with("page ") {
            page += 1;
            continue;
        }
        let Some(rest) = line.trim_start().strip_prefix("text ") else {
            continue;
        };
        let (head, text) = rest.split_once('"').unwrap();
        let f: Vec<&str> = head.split_whitespace().collect();
        let text = text[..text.rfind('"').unwrap()].to_string();
        out.push((
            page,
            f[0].parse().unwrap(),
            f[1].parse().unwrap(),
            f[2].to_string(),
            f[3].parse().unwrap(),
            text,
        ));
    }
    out
}

/// The headings' first lines (bold sans from 11 pt, as the dump writes H1 and H2) with the
/// gap from the baseline of the line above on their page (the nearest in x where lines
/// above end level), and that line's font and size: (heading's first words, gap, font above).
fn heading_gaps(dump: &str) -> Vec<(String, f32, String)> {
    let texts = dump_texts(dump);
    let is_head = |t: &DumpText| t.3 == "f6" && t.4 >= 11.0;
    let mut out = Vec::new();
    for t in texts.iter().filter(|t| is_head(t)) {
        let above = texts
            .iter()
            .filter(|a| a.0 == t.0 && a.2 < t.2 - 0.01)
            .min_by(|a, b| {
                (b.2, -(a.1 - t.1).abs())
                    .partial_cmp(&(a.2, -(b.1 - t.1).abs()))
                    .unwrap()
            });
        let Some(a) = above else { continue };
        if is_head(a) && a.4 == t.4 {
            continue; // a heading's second line
        }
        let key: String = t.5.chars().take(14).collect();
        out.push((key, t.2 - a.2, format!("{} {:.1}", a.3, a.4)));
    }
    out
}

/// In parallel columns a heading stands as far below the text above it as in sequential
/// (where the line above is of the same kind): a row's space above its columns' first
/// lines counts. Regression: a heading starting a row lost its space above (21.35 pt from
/// a paragraph's last baseline against 29.75 sequential; wilmes "Irak", crisisupdate "Wat
/// werkt opnieuw").
#[test]
fn parallel_headings_keep_their_space_above() {
    let mut compared = 0;
    for ex in examples() {
        let modes = layouts_of(&ex);
        if !modes.contains(&LayoutMode::Parallel) {
            continue;
        }
        let source = std::fs::read(&ex).unwrap();
        let release = engine().check("x.toml", &source).unwrap();
        let gaps = |mode| {
            let tree = engine().layout(&release, &release.languages, mode).unwrap();
            heading_gaps(&communique::layout::dump(&tree))
        };
        let (seq, par) = (gaps(LayoutMode::Sequential), gaps(LayoutMode::Parallel));
        for (key, gap, above) in &par {
            let Some((_, s, _)) = seq.iter().find(|(k, _, a)| k == key && a == above) else {
                continue;
            };
            compared += 1;
            assert!(
                (gap - s).abs() < 0.05,
                "{}: heading {key:?} {gap:.2} pt below the line above ({above}) in parallel, \
                 {s:.2} in sequential",
                ex.display()
            );
        }
    }
    assert!(compared >= 10, "only {compared} headings compared");
}

/// No page starts with an end mark ("– Einde persbericht –"): it keeps with the last lines
/// of the text it ends. Regression: gezamenlijk-persbericht parallel page 2 opened with it.
#[test]
fn no_page_starts_with_an_end_mark() {
    for ex in examples() {
        let source = std::fs::read(&ex).unwrap();
        let release = engine().check("x.toml", &source).unwrap();
        for mode in layouts_of(&ex) {
            let tree = engine().layout(&release, &release.languages, mode).unwrap();
            let texts = dump_texts(&communique::layout::dump(&tree));
            for page in 2..=texts.last().map_or(0, |t| t.0) {
                // Running headers and footers are set at 0.72 body (7.6 pt); the end mark at
                // 0.85 (8.9 pt).
                let first = texts
                    .iter()
                    .filter(|t| t.0 == page && t.4 >= 8.0)
                    .min_by(|a, b| a.2.partial_cmp(&b.2).unwrap());
                if let Some(t) = first {
                    assert!(
                        !(t.5.starts_with("– ") && t.5.ends_with(" –")),
                        "{} {mode:?}: page {page} starts with the end mark {:?}",
                        ex.display(),
                        t.5
                    );
                }
            }
        }
    }
}
