//! The pdf stage end to end: a hand-built page tree (shaped with rustybuzz, like layout does)
//! is written, then read back with poppler, qpdf and lopdf.
//!
//! Tests that run poppler or qpdf fail with a clear message when the tool is missing (CI
//! installs them). The written PDF is kept at `$CARGO_TARGET_TMPDIR/pdf_write.pdf` so it can
//! be rendered and looked at: `pdftoppm -r 60 -png <file> page`.

use communique::font::{Family, FontBook, FontId};
use communique::geom::{FillRule, PathOp, Pt, Raster, RasterColor, Rgb};
use communique::layout::{
    Expansion, Glyph, Item, OutlineEntry, Page, PageTree, StructElem, StructRole, Tag, TextRun,
};
use communique::pdf::{Meta, StreamCache};
use communique::Lang;
use lopdf::{Document, Object};
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

mod common;
use common::pdf::text_string;

/// The PDF of `tree`, with a stream cache of its own.
fn write(tree: &PageTree, fonts: &FontBook, meta: &Meta) -> Vec<u8> {
    communique::pdf::write(tree, fonts, meta, &StreamCache::new())
}

const A4: (f32, f32) = (595.28, 841.89);
const LEFT: f32 = 72.0;

/// The words each page must give back, in reading order.
const PAGE1: &[&str] = &[
    "Persbericht",
    "De financiële steun « werkt » voor België’s regio’s.",
    "Officiële efficiëntie, fijne koffie.",
    "Μητσοτάκης en Лавров ontmoeten elkaar.",
    "Meer op www.example.be",
    "Pagina 1",
];
const PAGE2: &[&str] = &[
    "Communiqué de presse",
    "L’efficacité « financière » est garantie.",
    "Pagina 2",
];

fn fonts() -> &'static FontBook {
    static FONTS: OnceLock<FontBook> = OnceLock::new();
    FONTS.get_or_init(FontBook::embedded)
}

/// Shapes `text` as layout would: rustybuzz glyphs, the first glyph of a cluster carrying the
/// cluster's text, later ones "". `extra_space` is added to every space (justification).
fn shape(font: FontId, size: f32, text: &str, extra_space: f32) -> Vec<Glyph> {
    let face = fonts().face(font);
    let mut buf = rustybuzz::UnicodeBuffer::new();
    buf.push_str(text);
    let out = rustybuzz::shape(&face.shaper, &[], buf);
    let infos = out.glyph_infos();
    let pos = out.glyph_positions();
    (0..infos.len())
        .map(|i| {
            let start = infos[i].cluster as usize;
            let first = i == 0 || infos[i - 1].cluster != infos[i].cluster;
            let end = infos[i + 1..]
                .iter()
                .find(|g| g.cluster != infos[i].cluster)
                .map_or(text.len(), |g| g.cluster as usize);
            let t = if first { &text[start..end] } else { "" };
            let mut advance = pos[i].x_advance as f32 / face.units_per_em * size;
            if t == " " {
                advance += extra_space;
            }
            Glyph {
                id: infos[i].glyph_id as u16,
                advance: Pt(advance),
                text: t.into(),
            }
        })
        .collect()
}

fn run(font: FontId, size: f32, x: f32, y: f32, text: &str, tag: Option<usize>) -> TextRun {
    TextRun {
        font,
        size: Pt(size),
        x: Pt(x),
        y: Pt(y),
        color: Rgb(0.1, 0.1, 0.1),
        glyphs: shape(font, size, text, 0.0),
        tag: tag.map(|elem| Tag { elem }),
        expansion: Expansion::NONE,
    }
}

fn elem(role: StructRole, lang: Lang, parent: Option<usize>) -> StructElem {
    StructElem {
        role,
        lang,
        parent,
        alt: None,
        align: None,
    }
}

fn sample_tree() -> PageTree {
    let sans_bold = FontId::new(Family::Sans, true, false);
    let serif = FontId::new(Family::Serif, false, false);
    let serif_italic = FontId::new(Family::Serif, false, true);
    let sans = FontId::new(Family::Sans, false, false);

    // Page 1: Dutch. The second line is justified: 4 pt extra per space.
    let mut justified = run(serif, 11.0, LEFT, 190.0, PAGE1[1], Some(1));
    justified.glyphs = shape(serif, 11.0, PAGE1[1], 4.0);
    let (prefix, url) = PAGE1[4].split_at("Meer op ".len());
    let prefix_run = run(serif, 11.0, LEFT, 250.0, prefix, Some(3));
    let url_x = LEFT + prefix_run.width().0;
    let mut url_run = run(serif_italic, 11.0, url_x, 250.0, url, Some(3));
    url_run.color = Rgb(0.0, 0.2, 0.6);
    let url_w = url_run.width();
    let page1 = Page {
        width: Pt(A4.0),
        height: Pt(A4.1),
        items: vec![
            Item::Rect {
                x: Pt(0.0),
                y: Pt(0.0),
                w: Pt(A4.0),
                h: Pt(40.0),
                fill: Rgb(0.08, 0.2, 0.43),
            },
            Item::Path {
                path: vec![
                    PathOp::Move(Pt(LEFT), Pt(110.0)),
                    PathOp::Line(Pt(LEFT + 40.0), Pt(110.0)),
                    PathOp::Cubic(
                        Pt(LEFT + 40.0),
                        Pt(90.0),
                        Pt(LEFT + 20.0),
                        Pt(70.0),
                        Pt(LEFT),
                        Pt(70.0),
                    ),
                    PathOp::Close,
                ],
                fill: Rgb(0.9, 0.47, 0.08),
                rule: FillRule::EvenOdd,
            },
            Item::Image {
                index: 0,
                x: Pt(A4.0 - LEFT - 60.0),
                y: Pt(60.0),
                w: Pt(60.0),
                h: Pt(30.0),
            },
            Item::Text(run(sans_bold, 20.0, LEFT, 150.0, PAGE1[0], Some(0))),
            Item::Line {
                x1: Pt(LEFT),
                y1: Pt(160.0),
                x2: Pt(A4.0 - LEFT),
                y2: Pt(160.0),
                width: Pt(1.0),
                color: Rgb(0.9, 0.47, 0.08),
            },
            Item::Text(justified),
            Item::Text(run(serif, 11.0, LEFT, 210.0, PAGE1[2], Some(1))),
            Item::Text(run(serif, 11.0, LEFT, 230.0, PAGE1[3], Some(2))),
            Item::Text(prefix_run),
            Item::Text(url_run),
            Item::Link {
                x: Pt(url_x),
                y: Pt(240.0),
                w: url_w,
                h: Pt(13.0),
                uri: "https://www.example.be/pers".into(),
                // Layout gives the link its paragraph's element.
                tag: Some(Tag { elem: 3 }),
            },
            Item::Text(run(sans, 8.0, LEFT, A4.1 - 30.0, PAGE1[5], None)),
        ],
    };
    // Page 2: French; its link covers only an artifact, so the pdf stage adds a Link element.
    let page2 = Page {
        width: Pt(A4.0),
        height: Pt(A4.1),
        items: vec![
            Item::Text(run(sans_bold, 20.0, LEFT, 150.0, PAGE2[0], Some(4))),
            Item::Text(run(serif, 11.0, LEFT, 190.0, PAGE2[1], Some(5))),
            Item::Text(run(sans, 8.0, LEFT, A4.1 - 30.0, PAGE2[2], None)),
            Item::Link {
                x: Pt(LEFT),
                y: Pt(A4.1 - 40.0),
                w: Pt(40.0),
                h: Pt(12.0),
                uri: "https://www.example.be/fr".into(),
                tag: None,
            },
        ],
    };
    PageTree {
        pages: vec![page1, page2],
        outline: vec![
            OutlineEntry {
                title: "Nederlands".into(),
                level: 0,
                page: 0,
                y: Pt(130.0),
            },
            OutlineEntry {
                title: "Financiële steun".into(),
                level: 1,
                page: 0,
                y: Pt(175.0),
            },
            OutlineEntry {
                title: "Français".into(),
                level: 0,
                page: 1,
                y: Pt(130.0),
            },
            OutlineEntry {
                title: "Efficacité".into(),
                level: 1,
                page: 1,
                y: Pt(175.0),
            },
        ],
        structure: vec![
            elem(StructRole::H1, Lang::Nl, None),
            elem(StructRole::P, Lang::Nl, None),
            elem(StructRole::P, Lang::Nl, None),
            elem(StructRole::P, Lang::Nl, None),
            elem(StructRole::H1, Lang::Fr, None),
            elem(StructRole::P, Lang::Fr, None),
        ],
        images: vec![gradient(24, 12).into()],
        photos: Vec::new(),
        overfull: Vec::new(),
    }
}

fn meta() -> Meta {
    Meta {
        title: "Persbericht / Communiqué de presse".into(),
        author: "Stichting Noordzeekust".into(),
        subject: "Financiële steun".into(),
        keywords: vec!["pers".into(), "presse".into()],
        lang: "nl-BE".into(),
        date_unix: 1_624_872_605, // 2021-06-28 09:30:05 UTC
        producer: "communique 0.1.0".into(),
        ..Meta::default()
    }
}

/// The sample written once per test binary, and the file it was saved to.
fn sample() -> &'static (Vec<u8>, PathBuf) {
    static PDF: OnceLock<(Vec<u8>, PathBuf)> = OnceLock::new();
    PDF.get_or_init(|| {
        let bytes = write(&sample_tree(), fonts(), &meta());
        let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pdf_write.pdf");
        std::fs::write(&path, &bytes).expect("write sample PDF");
        (bytes, path)
    })
}

/// Runs a poppler/qpdf tool; panics with an install hint if it is missing.
fn tool(name: &str, args: &[&str]) -> std::process::Output {
    Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("cannot run `{name}` ({e}); install poppler-utils and qpdf (apt-get install poppler-utils qpdf)")
    })
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_string).collect()
}

#[test]
fn text_round_trips_through_pdftotext() {
    let (_, path) = sample();
    for (page, expected) in [("1", PAGE1), ("2", PAGE2)] {
        let out = tool(
            "pdftotext",
            &["-f", page, "-l", page, path.to_str().unwrap(), "-"],
        );
        assert!(
            out.status.success(),
            "pdftotext failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            words(&got),
            words(&expected.join(" ")),
            "page {page}:\n{got}"
        );
    }
}

/// Where each word of a run starts, by summing layout's advances.
fn word_starts(run: &TextRun) -> Vec<(String, f32)> {
    let mut out: Vec<(String, f32)> = Vec::new();
    let (mut pen, mut in_word) = (run.x.0, false);
    for g in &run.glyphs {
        if g.text == " " {
            in_word = false;
        } else if !in_word {
            out.push((g.text.to_string(), pen));
            in_word = true;
        } else {
            out.last_mut().unwrap().0 += &g.text;
        }
        pen += g.advance.0;
    }
    out
}

/// Guards the TJ offsets: printpdf's `/W` widths are truncated integers, so without the
/// compensation the words of a justified line drift from where layout put them.
#[test]
fn glyphs_land_where_layout_put_them() {
    let (_, path) = sample();
    let got = bbox_words(path);
    let tree = sample_tree();
    let Item::Text(justified) = &tree.pages[0].items[5] else {
        panic!("item 5 is the justified run")
    };
    assert_words_at(&word_starts(justified), &got);
}

/// Each word of `expected` (text, x) read back by pdftotext at its x, within 0.01 pt, from
/// the first "De" on.
fn assert_words_at(expected: &[(String, f32)], got: &[(String, f32)]) {
    let start = got.iter().position(|(t, _)| t == "De").unwrap();
    for ((want_text, want_x), (got_text, got_x)) in expected.iter().zip(&got[start..]) {
        assert_eq!(want_text, got_text);
        assert!(
            (want_x - got_x).abs() < 0.01,
            "{want_text}: at {got_x}, layout says {want_x}"
        );
    }
}

/// Word starts (x) of page 1 as pdftotext reads them from `path`.
fn bbox_words(path: &std::path::Path) -> Vec<(String, f32)> {
    let out = tool(
        "pdftotext",
        &["-bbox", "-f", "1", "-l", "1", path.to_str().unwrap(), "-"],
    );
    let html = String::from_utf8(out.stdout).unwrap();
    html.split("<word xMin=\"")
        .skip(1)
        .map(|w| {
            let x: f32 = w[..w.find('"').unwrap()].parse().unwrap();
            let text = &w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()];
            (text.replace("&amp;", "&"), x)
        })
        .collect()
}

/// Font expansion: a run drawn 2 % wider (`Tz` 102, its glyphs' advances widened to match)
/// keeps every word where layout put it, and the scaling is reset after the run.
#[test]
fn expanded_glyphs_land_where_layout_put_them_and_tz_is_reset() {
    let mut tree = sample_tree();
    let Item::Text(justified) = &mut tree.pages[0].items[5] else {
        panic!("item 5 is the justified run")
    };
    justified.expansion = Expansion(20);
    for g in justified.glyphs.iter_mut().filter(|g| g.text != " ") {
        g.advance = Pt(g.advance.0 * justified.expansion.factor());
    }
    let expected = word_starts(justified);
    let bytes = write(&tree, fonts(), &meta());
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pdf_write_expanded.pdf");
    std::fs::write(&path, &bytes).unwrap();
    assert_words_at(&expected, &bbox_words(&path));
    let doc = Document::load_mem(&bytes).unwrap();
    let page = *doc.get_pages().get(&1).unwrap();
    let content = String::from_utf8_lossy(&doc.get_page_content(page)).into_owned();
    let ops: Vec<&str> = content.lines().filter(|l| l.ends_with(" Tz")).collect();
    assert_eq!(ops, ["102 Tz", "100 Tz"], "one scaled run, reset after it");
    // Without expansion no `Tz` is written at all.
    let base = load();
    let first = *base.get_pages().get(&1).unwrap();
    let plain = String::from_utf8_lossy(&base.get_page_content(first)).into_owned();
    assert!(!plain.contains(" Tz"), "{plain}");
}

#[test]
fn fonts_are_embedded_subset_with_unicode_and_fixed_tags() {
    let (_, path) = sample();
    let out = tool("pdffonts", &[path.to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = text.lines().skip(2).collect();
    // Serif regular and italic, sans regular and bold: unused faces stay out.
    assert_eq!(rows.len(), 4, "{text}");
    let mut names: Vec<&str> = rows
        .iter()
        .map(|r| r.split_whitespace().next().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "CQSANB+NotoSans-Bold",
            "CQSANR+NotoSans-Regular",
            "CQSERI+NotoSerif-Italic",
            "CQSERR+NotoSerif-Regular"
        ],
        "{text}"
    );
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name, type (2 words), encoding, emb, sub, uni, object id (2 words)
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "emb/sub/uni: {row}"
        );
    }
}

#[test]
fn qpdf_finds_no_errors() {
    let (_, path) = sample();
    let out = tool("qpdf", &["--check", path.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "qpdf --check: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("No syntax or stream encoding errors found"),
        "{text}"
    );
}

#[test]
fn same_tree_gives_same_bytes() {
    let (first, _) = sample();
    let again = write(&sample_tree(), fonts(), &meta());
    assert!(first == &again, "two writes in one process differ");
}

#[test]
fn different_content_gets_a_different_id() {
    let mut tree = sample_tree();
    tree.pages.pop();
    let (a, _) = sample();
    let b = write(&tree, fonts(), &meta());
    let id = |bytes: &[u8]| {
        Document::load_mem(bytes)
            .unwrap()
            .trailer
            .get(b"ID")
            .unwrap()
            .clone()
    };
    assert_ne!(id(a), id(&b));
}

fn load() -> Document {
    Document::load_mem(&sample().0).expect("lopdf reads the PDF")
}

fn dict<'a>(doc: &'a Document, obj: &'a Object) -> &'a lopdf::Dictionary {
    match obj {
        Object::Reference(r) => doc.get_dictionary(*r).unwrap(),
        Object::Dictionary(d) => d,
        other => panic!("not a dictionary: {other:?}"),
    }
}

#[test]
fn header_info_and_id_are_deterministic() {
    let (bytes, _) = sample();
    assert!(bytes.starts_with(b"%PDF-1.7"));
    let doc = load();
    let info = dict(&doc, doc.trailer.get(b"Info").unwrap());
    assert_eq!(text_string(info.get(b"Title").unwrap()), meta().title);
    assert_eq!(text_string(info.get(b"Keywords").unwrap()), "pers, presse");
    assert_eq!(
        text_string(info.get(b"CreationDate").unwrap()),
        "D:20210628093005Z"
    );
    assert_eq!(
        text_string(info.get(b"ModDate").unwrap()),
        "D:20210628093005Z"
    );
    let Ok(Object::Array(id)) = doc.trailer.get(b"ID") else {
        panic!("no /ID")
    };
    assert_eq!(id.len(), 2);
    assert_eq!(id[0], id[1]);
}

#[test]
fn catalog_has_language_tags_and_nested_outline() {
    let doc = load();
    let cat = doc.catalog().unwrap();
    assert_eq!(text_string(cat.get(b"Lang").unwrap()), "nl-BE");
    assert_eq!(
        cat.get(b"PageMode").unwrap(),
        &Object::Name(b"UseOutlines".to_vec())
    );
    let prefs = dict(&doc, cat.get(b"ViewerPreferences").unwrap());
    assert_eq!(
        prefs.get(b"DisplayDocTitle").unwrap(),
        &Object::Boolean(true)
    );
    let marked = dict(&doc, cat.get(b"MarkInfo").unwrap());
    assert_eq!(marked.get(b"Marked").unwrap(), &Object::Boolean(true));

    let pages: Vec<_> = doc.get_pages().into_values().collect();
    let root = dict(&doc, cat.get(b"Outlines").unwrap());
    let mut titles = Vec::new();
    let mut top = Some(root.get(b"First").unwrap().clone());
    while let Some(t) = top {
        let entry = dict(&doc, &t);
        let kid = dict(&doc, entry.get(b"First").unwrap());
        titles.push((
            text_string(entry.get(b"Title").unwrap()),
            text_string(kid.get(b"Title").unwrap()),
        ));
        let Ok(Object::Array(dest)) = kid.get(b"Dest") else {
            panic!("no /Dest")
        };
        let page = pages
            .iter()
            .position(|p| dest[0] == Object::Reference(*p))
            .unwrap();
        // y 175 from the top of an A4 page.
        assert_eq!(dest[3].as_float().unwrap(), A4.1 - 175.0);
        titles.push((page.to_string(), String::new()));
        top = entry.get(b"Next").ok().cloned();
    }
    assert_eq!(
        titles,
        [
            ("Nederlands".into(), "Financiële steun".into()),
            ("0".into(), String::new()),
            ("Français".into(), "Efficacité".into()),
            ("1".into(), String::new()),
        ]
    );
}

/// Walks the structure tree depth-first: (role, lang, MCIDs, annotation count) per element.
fn struct_elems(doc: &Document) -> Vec<(String, Option<String>, Vec<i64>, usize)> {
    fn walk(
        doc: &Document,
        obj: &Object,
        out: &mut Vec<(String, Option<String>, Vec<i64>, usize)>,
    ) {
        let d = dict(doc, obj);
        let role = String::from_utf8(d.get(b"S").unwrap().as_name().unwrap().to_vec()).unwrap();
        let lang = d.get(b"Lang").ok().map(text_string);
        let at = out.len();
        out.push((role, lang, Vec::new(), 0));
        let Ok(Object::Array(kids)) = d.get(b"K") else {
            return;
        };
        for k in kids {
            match k {
                Object::Dictionary(kd) => match kd.get(b"Type").unwrap().as_name().unwrap() {
                    b"MCR" => out[at].2.push(kd.get(b"MCID").unwrap().as_i64().unwrap()),
                    b"OBJR" => out[at].3 += 1,
                    t => panic!("unexpected kid type {t:?}"),
                },
                // An MCID on the element's own page (`/Pg`).
                Object::Integer(mcid) => out[at].2.push(*mcid),
                _ => walk(doc, k, out),
            }
        }
    }
    let cat = doc.catalog().unwrap();
    let root = dict(doc, cat.get(b"StructTreeRoot").unwrap());
    let mut out = Vec::new();
    walk(doc, root.get(b"K").unwrap(), &mut out);
    out
}

#[test]
fn structure_tree_follows_reading_order_with_languages_and_links() {
    let doc = load();
    let nl = Some("nl-BE".to_string());
    let fr = Some("fr-BE".to_string());
    let got = struct_elems(&doc);
    let expected = vec![
        ("Document".to_string(), None, vec![], 0),
        // One section per language, in the order of the content.
        ("Sect".into(), nl.clone(), vec![], 0),
        ("H1".into(), nl.clone(), vec![0], 0),
        ("P".into(), nl.clone(), vec![1, 2], 0),
        ("P".into(), nl.clone(), vec![3], 0),
        // The link's text and, under the element layout gave the link, its Link element
        // with the annotation.
        ("P".into(), nl.clone(), vec![4, 5], 0),
        ("Link".into(), None, vec![], 1),
        ("Sect".into(), fr.clone(), vec![], 0),
        ("H1".into(), fr.clone(), vec![0], 0),
        ("P".into(), fr.clone(), vec![1], 0),
        // Page 2's link covers no tagged text: a Link element of its own, in the section of
        // the page's content.
        ("Link".into(), None, vec![], 1),
    ];
    assert_eq!(got, expected);
}

#[test]
fn link_annotations_are_printable_and_tied_to_the_structure() {
    let doc = load();
    let pages: Vec<_> = doc.get_pages().into_values().collect();
    let mut uris = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let p = doc.get_dictionary(*page).unwrap();
        assert_eq!(p.get(b"StructParents").unwrap().as_i64().unwrap(), i as i64);
        let Ok(Object::Array(annots)) = p.get(b"Annots") else {
            panic!("no /Annots")
        };
        for a in annots {
            assert!(
                matches!(a, Object::Reference(_)),
                "annotation must be indirect for OBJR"
            );
            let a = dict(&doc, a);
            assert_eq!(a.get(b"F").unwrap().as_i64().unwrap(), 4);
            assert!(a.get(b"StructParent").is_ok());
            let action = dict(&doc, a.get(b"A").unwrap());
            uris.push(text_string(action.get(b"URI").unwrap()));
            let Ok(Object::Array(border)) = a.get(b"Border") else {
                panic!("no /Border")
            };
            assert!(
                border.iter().all(|w| w.as_float().unwrap() == 0.0),
                "visible border"
            );
        }
    }
    assert_eq!(
        uris,
        ["https://www.example.be/pers", "https://www.example.be/fr"]
    );
}

/// A small RGB image (a gradient), as the brand hands a decoded PNG to the pdf stage.
fn gradient(w: u32, h: u32) -> Raster {
    let samples = (0..h)
        .flat_map(|y| (0..w).flat_map(move |x| [(x * 255 / w) as u8, (y * 255 / h) as u8, 160]))
        .collect();
    Raster {
        width: w,
        height: h,
        color: RasterColor::Rgb,
        samples,
        alpha: None,
    }
}
