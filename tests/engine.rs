//! The library's front door: located errors from the font check, warnings from layout,
//! brand and template overrides.

mod common;

use common::*;
use communique::{Assets, BuildOptions, Engine};

const MINIMAL: &str = r#"date = 2021-06-28
languages = ["nl"]
[nl]
title = "Een titel"
lead = "LEAD"
"#;

fn with_lead(lead: &str) -> String {
    MINIMAL.replace("LEAD", lead)
}

#[test]
fn character_no_font_has_is_a_located_error() {
    let src = with_lead("Tamil: ஃ, and a smile 😀.");
    let errs = engine().check("r.toml", src.as_bytes()).unwrap_err();
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert_eq!((errs[0].line, errs[0].column), (5, 16), "{errs:#?}");
    assert!(errs[0].message.contains("U+0B83"), "{}", errs[0].message);
    assert!(errs[1].message.contains("U+1F600"));
    assert!(errs[0].hint.as_deref().unwrap_or("").contains("--fonts"));
}

#[test]
fn greek_and_cyrillic_names_are_set() {
    let src = with_lead("Met Νίκος Δένδιας en Дмитро Кулеба.");
    let out = engine()
        .build("r.toml", src.as_bytes(), &BuildOptions::default())
        .unwrap();
    let text = pdftotext(&out[0].pdf);
    assert!(
        text.contains("Νίκος Δένδιας") && text.contains("Дмитро Кулеба"),
        "{text}"
    );
}

#[test]
fn unbreakable_overlong_word_is_reported_not_hidden() {
    let word = "x".repeat(76);
    let src = with_lead(&format!("Zie {word} hier."));
    let out = engine()
        .build("r.toml", src.as_bytes(), &BuildOptions::default())
        .unwrap();
    let w = &out[0].warnings;
    assert_eq!(w.len(), 1, "{w:#?}");
    // Cut without a hyphen to stay in its column (was an overfull line).
    assert!(
        w[0].message.contains("too long for its column, cut"),
        "{}",
        w[0].message
    );
    assert_eq!(
        (w[0].line, w[0].column),
        (5, 13),
        "located at the word: {w:#?}"
    );
    assert!(
        pdftotext(&out[0].pdf).contains(&word),
        "the word is still set"
    );
}

#[test]
fn second_brand_changes_letterhead_and_colours() {
    let dir = root().join("examples/brand-kustwacht");
    let brand = std::fs::read_to_string(dir.join("brand.toml")).unwrap();
    let logo_file = communique::brand::BrandFile::logo_path(&brand).expect("brand has a logo");
    let mut assets = Assets::embedded();
    assets.logo = Some(std::fs::read(dir.join(logo_file)).unwrap());
    assets.brand = brand;
    assets.brand_path = "brand.toml".into();
    let engine = Engine::new(assets).expect("kustwacht brand loads");
    let src = std::fs::read(root().join("examples/kustwacht-stormwaarschuwing.toml")).unwrap();
    let out = engine
        .build("k.toml", &src, &BuildOptions::default())
        .unwrap();
    let text = pdftotext(&out[0].pdf);
    assert!(
        text.contains("Kustwacht") || text.contains("garde-côtes"),
        "{text}"
    );
    assert!(
        !text.contains("Digitale Zaken"),
        "default brand must not show"
    );
}

#[test]
fn template_override_replaces_the_default() {
    let mut assets = Assets::embedded();
    let footer = "<footer lang=\"{{lang}}\">EIGEN VOETTEKST <page/></footer>";
    assets.templates.insert("footer".into(), footer.into());
    let engine = Engine::new(assets).unwrap();
    let out = engine
        .build(
            "r.toml",
            with_lead("Kort.").as_bytes(),
            &BuildOptions::default(),
        )
        .unwrap();
    let text = pdftotext(&out[0].pdf);
    assert!(text.contains("EIGEN VOETTEKST 1"), "{text}");
}

#[test]
fn broken_template_is_reported_with_its_position() {
    let mut assets = Assets::embedded();
    assets
        .templates
        .insert("footer".into(), "<footer>{{#if lang}}</footer>".into());
    let errs = Engine::new(assets).err().expect("compile error");
    assert!(errs[0].path.contains("footer"), "{errs:#?}");
    assert!(errs[0].line >= 1, "{errs:#?}");
}

#[test]
fn long_running_header_is_cut_with_an_ellipsis() {
    let title = "Een bijzonder lange titel ".repeat(8);
    let mut src = MINIMAL.replace("Een titel", title.trim());
    src = src.replace("LEAD", &"Een zin die de pagina vult. ".repeat(400));
    let out = engine()
        .build("r.toml", src.as_bytes(), &BuildOptions::default())
        .unwrap();
    assert!(out[0].pages >= 2);
    let text = pdftotext(&out[0].pdf);
    assert!(
        text.contains("titel…")
            || text.contains("lange…")
            || text.contains("bijzonder…")
            || text.contains("Een…"),
        "{text}"
    );
}

/// Odd but valid-looking input must end in a PDF or in diagnostics, never in a panic.
#[test]
fn hostile_text_never_panics() {
    let long = "woord ".repeat(6000);
    let texts = [
        "<script>alert('x')</script> & &amp; &lt;",
        "...!!! ??? ;;; :::",
        "\u{a0}\u{a0}\u{202f} tussen\tspaties\u{a0}",
        "https://example.org/a/very/long/path/that/keeps/going/and/going/without/any/space/at/all/ever",
        "e\u{301}e\u{301} combining marks",
        "\u{200d}\u{200b} zero-width",
        "1. één\n2. twee\n\n- drie\n\n> citaat\n\n# kop\n\n```\ncode\n```",
        "'''\"\"\" ' \" `` '' \"\"",
        "مرحبا",
        &long,
    ];
    for (i, t) in texts.iter().enumerate() {
        let src = format!(
            "date = 2021-06-28\nlanguages = [\"nl\"]\n[nl]\ntitle = \"T{i}\"\n[[nl.sections]]\ntext = {}\n",
            toml_string(t)
        );
        match engine().build("h.toml", src.as_bytes(), &BuildOptions::default()) {
            Ok(out) => assert!(out[0].pdf.starts_with(b"%PDF-"), "case {i}"),
            Err(d) => assert!(
                !d.is_empty() && d.iter().all(|d| d.line > 0),
                "case {i}: {d:#?}"
            ),
        }
    }
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Regression: an overfull line's warning was placed at the first occurrence of the line's
/// longest word anywhere in the release file, even when only a later occurrence overflowed.
/// Here the word fits the lead's body size and overflows only in the larger title.
#[test]
fn overfull_warning_points_at_the_occurrence_that_overflows() {
    let word = "x".repeat(60);
    let src = format!(
        "date = 2021-06-28\nlanguages = [\"nl\"]\n[nl]\nlead = \"Zie {word} hier.\"\ntitle = \"Titel {word}\"\n"
    );
    let out = engine()
        .build("r.toml", src.as_bytes(), &BuildOptions::default())
        .unwrap();
    let w = &out[0].warnings;
    assert_eq!(w.len(), 1, "only the title overflows: {w:#?}");
    assert_eq!(
        (w[0].line, w[0].column),
        (5, 16),
        "located at the title's word, not the lead's: {w:#?}"
    );
}

/// Each line cut in a word too long for the parallel layout's column is located at its own
/// occurrence of the word: in a lead, a quote, twice in one Markdown section, in a list item,
/// in the other language's lead and section.
#[test]
fn overfull_warnings_in_every_kind_of_field_point_at_their_occurrence() {
    let w = "y".repeat(45);
    let src = format!(
        r#"date = 2022-03-14
languages = ["nl", "fr"]
[contact]
email = "pers.woordvoerder.van.de.federale.overheidsdienst.digitalisering@digitaal.example"
[nl]
title = "Titel"
lead = "Het woord {w} komt hier voor."
[[nl.quotes]]
text = "In een citaat: zzz{w} staat dit."
[[nl.sections]]
text = """
Eerst *iets* en dan [link](https://x.example) en {w} en nog eens {w}.

- een lijst met zzz{w} erin
"""
[fr]
title = "Titre"
lead = "Le mot zzz{w} ici."
[[fr.sections]]
text = "Texte {w}."
"#
    );
    let opts = BuildOptions {
        layout: communique::LayoutMode::Parallel,
        ..BuildOptions::default()
    };
    let out = engine().build("r.toml", src.as_bytes(), &opts).unwrap();
    let mut got: Vec<(usize, usize)> = out[0].warnings.iter().map(|d| (d.line, d.column)).collect();
    got.sort();
    let second = "Eerst *iets* en dan [link](https://x.example) en ".len()
        + w.len()
        + " en nog eens ".len()
        + 1;
    // The contact's long e-mail address (line 4) breaks after its dots and `@` and warns
    // no more; every word of 45 letters is cut, and its warning points at it.
    let want = vec![
        (7, 19),
        (9, 24),
        (12, 50),
        (12, second),
        (14, 17),
        (18, 16),
        (20, 15),
    ];
    assert_eq!(got, want, "{:#?}", out[0].warnings);
}

/// In the narrow columns of a parallel layout, names, acronyms and addresses stand where a
/// word would be hyphenated, yet no line ends inside one with a hyphen drawn: the hyphen
/// glyph stands for U+00AD in the layout dump, and none follows a piece of them. Ordinary
/// words in the same text are still hyphenated, so the columns are narrow enough to show it.
#[test]
fn narrow_columns_do_not_hyphenate_names_acronyms_or_addresses() {
    let nl = "Volgens minister Vanhoutte en Kjærgaard moeten burgers via \
        https://www.crisiscentrum.be/incidentmeldingen en crisispersdienst@crisiscentrum.be \
        melden, zegt Michel in Brussel over eIDAS en de NAVO. ";
    let fr = "Selon la ministre Vanhoutte et Kjærgaard, les citoyens doivent signaler via \
        https://www.crisiscentrum.be/incidentmeldingen ou #AccessibiliteNumerique, dit Michel \
        à Bruxelles. ";
    let src = format!(
        r#"date = 2022-03-14
languages = ["nl", "fr"]
[nl]
title = "Titel"
lead = "{}"
[fr]
title = "Titre"
lead = "{}"
"#,
        nl.repeat(6),
        fr.repeat(6)
    );
    let release = engine().check("r.toml", src.as_bytes()).unwrap();
    let tree = engine()
        .layout(
            &release,
            &release.languages,
            communique::LayoutMode::Parallel,
        )
        .unwrap();
    let dump = communique::layout::dump(&tree);
    // A text line up to its closing quote: the dump may add the line's font expansion after it.
    let hyphenated: Vec<&str> = dump
        .lines()
        .map(|l| l.rfind('"').map_or(l, |i| &l[..=i]))
        .filter(|l| l.ends_with("\\u{ad}\""))
        .collect();
    assert!(
        hyphenated.len() >= 3,
        "ordinary words are hyphenated: {hyphenated:#?}"
    );
    let forbidden = [
        "Van", "Kjær", "Mi", "Brus", "Brü", "eI", "NA", "crisis", "incident", "meldin", "https",
        "Accessi", "Numé", "Nume", "Bruxel", "Kjærg", "Vanhout",
    ];
    for line in &hyphenated {
        let last = line
            .trim_end_matches("\\u{ad}\"")
            .rsplit([' ', '"', '/', '.', '@', '#', '-'])
            .next()
            .unwrap();
        assert!(
            !forbidden.iter().any(|f| last.starts_with(f)) && !last.contains("://"),
            "hyphen inside a name, acronym or address: {line}"
        );
    }
}

const THREE_LANGUAGES: &str = r#"date = 2022-03-14
languages = ["nl", "fr", "de"]
[contact]
name = "Lisa Kessler"
email = "presse@digitaal.example"
[nl]
title = "Drie landen"
lead = "Een korte inleiding."
[fr]
title = "Trois pays"
lead = "Une courte introduction."
[de]
title = "Drei Länder"
lead = "Eine kurze Einleitung."
"#;

/// Three languages side by side on A4 would get columns of 13 em, where addresses overprint
/// the next column: the parallel layout is refused before anything is built, at the
/// `languages` list, naming the layouts that work.
#[test]
fn parallel_with_columns_too_narrow_is_refused_at_the_languages() {
    let opts = BuildOptions {
        layout: communique::LayoutMode::Parallel,
        ..BuildOptions::default()
    };
    let errs = engine()
        .build("r.toml", THREE_LANGUAGES.as_bytes(), &opts)
        .unwrap_err();
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!((errs[0].line, errs[0].column), (2, 13), "{errs:#?}");
    assert!(errs[0].message.contains("13.0 em"), "{}", errs[0].message);
    assert!(errs[0]
        .hint
        .as_deref()
        .unwrap()
        .contains("--layout continuous"));
    // One language per PDF is no parallel layout: --split still builds.
    let split = BuildOptions {
        split: true,
        ..opts
    };
    let outs = engine()
        .build("r.toml", THREE_LANGUAGES.as_bytes(), &split)
        .unwrap();
    assert_eq!(outs.len(), 3);
}

/// The continuous layout sets a short release's three languages on one page, each with its
/// own kind line and title, in order, below a rule.
#[test]
fn continuous_sets_each_language_after_the_previous_on_one_page() {
    let opts = BuildOptions {
        layout: communique::LayoutMode::Continuous,
        ..BuildOptions::default()
    };
    let out = engine()
        .build("r.toml", THREE_LANGUAGES.as_bytes(), &opts)
        .unwrap();
    assert_eq!(out[0].pages, 1, "a short release fits one page");
    let text = pdftotext(&out[0].pdf);
    let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s:?} in {text}"));
    let order = [
        at("PERSBERICHT"),
        at("Drie landen"),
        at("COMMUNIQUÉ DE PRESSE"),
        at("Trois pays"),
        at("PRESSEMITTEILUNG"),
        at("Drei Länder"),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
    let release = engine()
        .check("r.toml", THREE_LANGUAGES.as_bytes())
        .unwrap();
    let tree = engine()
        .layout(
            &release,
            &release.languages,
            communique::LayoutMode::Continuous,
        )
        .unwrap();
    let rules = tree.pages[0]
        .items
        .iter()
        .filter(|i| matches!(i, communique::layout::Item::Line { width, .. } if width.0 == 0.5))
        .count();
    assert_eq!(rules, 2, "a rule before the second and the third language");
    assert_eq!(
        tree.outline.iter().filter(|o| o.level == 0).count(),
        3,
        "one outline entry per language"
    );
}

/// Regression: `--layout continuous` could start a page with the rule that separates two
/// languages (the page broke just before it). The first language grows a paragraph at a
/// time, so the page break passes the language boundary; a rule is never the first thing
/// below a page's running header, and where the page breaks at the boundary the rule is
/// dropped and the second language's kind line heads the page.
#[test]
fn continuous_never_starts_a_page_with_its_rule() {
    use communique::layout::Item;
    let paragraph = "Een alinea die de eerste taal langer maakt, zodat de pagina ergens \
        rond de grens tussen de twee talen breekt, regel na regel verder.";
    let mut breaks_at_boundary = 0;
    for n in 20..44 {
        let src = format!(
            "date = 2022-03-14\nlanguages = [\"nl\", \"fr\"]\n[nl]\ntitle = \"Titel\"\n\
             [[nl.sections]]\ntext = \"\"\"\n{}\"\"\"\n[fr]\ntitle = \"Titre\"\nlead = \"Une courte introduction.\"\n",
            format!("{paragraph}\n\n").repeat(n)
        );
        let release = engine().check("r.toml", src.as_bytes()).unwrap();
        let tree = engine()
            .layout(
                &release,
                &release.languages,
                communique::LayoutMode::Continuous,
            )
            .unwrap();
        for (p, page) in tree.pages.iter().enumerate() {
            // Below the running header's rule (0.6 pt), if the page has one.
            let top = page
                .items
                .iter()
                .filter_map(|i| match i {
                    Item::Line { y1, width, .. } if width.0 == 0.6 => Some(y1.0),
                    _ => None,
                })
                .fold(0.0, f32::max);
            let first_text = page
                .items
                .iter()
                .filter_map(|i| match i {
                    Item::Text(run) if run.y.0 > top => Some(run),
                    _ => None,
                })
                .min_by(|a, b| a.y.0.total_cmp(&b.y.0))
                .expect("a page has text");
            for i in &page.items {
                if let Item::Line { y1, width, .. } = i {
                    if width.0 == 0.5 {
                        assert!(
                            y1.0 > first_text.y.0,
                            "{n} paragraphs: the rule heads page {}",
                            p + 1
                        );
                    }
                }
            }
            if p > 0 && first_text.text().contains("COMMUNIQUÉ") {
                breaks_at_boundary += 1;
            }
        }
    }
    assert!(
        breaks_at_boundary > 0,
        "no length put the page break at the language boundary"
    );
}
/// The end mark stands centred in its column as press offices set it (it was set flush
/// left: the layout had no centre alignment), in the full measure and in a parallel column,
/// and its `P` says so to a reflowing reader (`/TextAlign /Center`).
#[test]
fn end_mark_is_centred_in_its_column_and_tagged_so() {
    let brand = communique::brand::Brand::embedded();
    let page = &brand.file.page;
    let mm = |v: f32| v * 72.0 / 25.4;
    let (left, right) = (
        mm(page.margin_left_mm),
        mm(page.width_mm - page.margin_right_mm),
    );
    let release = engine().check("r.toml", TWO_LANGUAGES.as_bytes()).unwrap();
    for mode in [
        communique::LayoutMode::Sequential,
        communique::LayoutMode::Parallel,
    ] {
        let tree = engine().layout(&release, &release.languages, mode).unwrap();
        let runs: Vec<_> = tree
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|i| match i {
                communique::layout::Item::Text(r) if r.text().contains("Einde persbericht") => {
                    Some(r)
                }
                _ => None,
            })
            .collect();
        assert_eq!(runs.len(), 1, "{mode:?}: one end-mark run");
        let run = runs[0];
        let centre = run.x.0 + run.width().0 / 2.0;
        // Parallel: two columns with the 8 mm gap between them; Dutch is the first.
        let column_right = match mode {
            communique::LayoutMode::Parallel => left + (right - left - mm(8.0)) / 2.0,
            _ => right,
        };
        let expected = (left + column_right) / 2.0;
        assert!(
            (centre - expected).abs() < 0.5,
            "{mode:?}: end mark centred at {centre:.2} pt, its column's centre is {expected:.2}"
        );
        let elem = &tree.structure[run.tag.expect("the end mark is tagged").elem];
        assert_eq!(elem.role, communique::layout::StructRole::P);
        assert_eq!(elem.align, Some(communique::layout::TextAlign::Center));
    }
    let out = engine()
        .build("r.toml", TWO_LANGUAGES.as_bytes(), &BuildOptions::default())
        .unwrap();
    let doc = common::pdf::load(&out[0].pdf);
    let centred = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").ok().and_then(|s| s.as_name().ok()) == Some(&b"P"[..]))
        .filter_map(|d| d.get(b"A").ok())
        .map(|a| common::pdf::dict(&doc, a))
        .filter(|a| {
            let name = |k: &[u8]| a.get(k).ok().and_then(|v| v.as_name().ok());
            name(b"O") == Some(&b"Layout"[..]) && name(b"TextAlign") == Some(&b"Center"[..])
        })
        .count();
    assert_eq!(
        centred, 2,
        "each language's end mark is a P with /TextAlign /Center"
    );
}

const TWO_LANGUAGES: &str = r#"date = 2022-03-14
languages = ["nl", "fr"]
[nl]
title = "Twee talen"
lead = "Een korte inleiding."
[fr]
title = "Deux langues"
lead = "Une courte introduction."
"#;

/// A brand with `[links] print = "notes"` prints a link's address as a numbered note at the
/// end of the language's part, numbered with its footnotes, instead of in parentheses after
/// the link's text; the default brand keeps the parentheses.
#[test]
fn links_print_as_numbered_notes_when_the_brand_says_so() {
    let release = r#"date = 2022-03-14
languages = ["nl"]
[nl]
title = "Een titel"
lead = "Een inleiding."
[[nl.sections]]
heading = "Meer"
text = "Lees het [volledige rapport](https://statbel.example/rapport) en een noot[^1].\n\n[^1]: Een gewone voetnoot."
"#;
    let mut assets = Assets::embedded();
    assets.brand += "\n[links]\nprint = \"notes\"\n";
    let notes = Engine::new(assets).expect("brand with [links] loads");
    let out = notes
        .build("r.toml", release.as_bytes(), &BuildOptions::default())
        .unwrap();
    let text = pdftotext(&out[0].pdf);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("volledige rapport¹ en een noot²"), "{flat}");
    assert!(
        !flat.contains("(https://statbel.example/rapport)"),
        "{flat}"
    );
    let note = flat.find("1 https://statbel.example/rapport").expect(&flat);
    let footnote = flat.find("2 Een gewone voetnoot").expect(&flat);
    let end = flat.find("Einde persbericht").expect(&flat);
    assert!(note < footnote && footnote < end, "{flat}");
    // The text channel prints the address once, in its note, not also after the link.
    let txt = notes
        .render("r.toml", release.as_bytes(), &txt_only())
        .unwrap();
    let txt = String::from_utf8(txt[0].bytes.clone()).unwrap();
    assert_eq!(txt.matches("statbel.example/rapport").count(), 1, "{txt}");
    assert!(txt.contains("volledige rapport¹ en een noot²"), "{txt}");
    assert!(txt.contains("¹ https://statbel.example/rapport"), "{txt}");

    let out = engine()
        .build("r.toml", release.as_bytes(), &BuildOptions::default())
        .unwrap();
    let flat = pdftotext(&out[0].pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains("volledige rapport (https://statbel.example/rapport) en een noot¹"),
        "{flat}"
    );
    let txt = engine()
        .render("r.toml", release.as_bytes(), &txt_only())
        .unwrap();
    let txt = String::from_utf8(txt[0].bytes.clone()).unwrap();
    assert_eq!(txt.matches("statbel.example/rapport").count(), 1, "{txt}");
    let flat = txt.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("volledige rapport (https://statbel.example/rapport) en een noot¹"),
        "{txt}"
    );
}

fn txt_only() -> BuildOptions {
    BuildOptions {
        formats: "txt".parse().unwrap(),
        ..BuildOptions::default()
    }
}

/// The first rendering of an engine that asks for a format besides the PDF has a second
/// thread compile the channels' templates and draw the logos for the web while it lays
/// out the PDF (`channel::prepare`); later renderings find them ready. Every output is the
/// same either way, and the same again when four renderings start at once on a fresh
/// engine, compiling and drawing the same things side by side: a template marked ready
/// before its partials were compiled would render a partial's fallback, and a logo drawn
/// twice differently would change the e-mail. The same thread makes a release's photos for
/// the web from the release (`WebPhotos::of_release`): the pages equal those made from
/// the documents' photos (`Engine::build_html`, on the calling thread).
#[test]
fn channels_prepared_aside_give_the_same_bytes() {
    let fresh = || {
        let mut assets = Assets::embedded();
        assets.brands = example_brands();
        assets.files = Some(std::sync::Arc::new(ExampleFiles));
        Engine::new(assets).expect("embedded assets and example brands load")
    };
    let opts = BuildOptions {
        formats: "pdf,html,txt,eml".parse().unwrap(),
        ..BuildOptions::default()
    };
    let bytes = |out: Vec<communique::Rendition>| -> Vec<Vec<u8>> {
        out.into_iter().map(|r| r.bytes).collect()
    };
    // One brand, two organisations with their logos, and photos.
    for name in [
        "persbericht-wilmes.toml",
        "gezamenlijk-persbericht.toml",
        "persbericht-haven-foto.toml",
    ] {
        let source = std::fs::read(root().join("examples").join(name)).unwrap();
        let engine = fresh();
        let first = bytes(engine.render(name, &source, &opts).unwrap());
        assert_eq!(first.len(), 6, "{name}: pdf, two pages, two texts, e-mail");
        let again = bytes(engine.render(name, &source, &opts).unwrap());
        assert!(first == again, "{name}: a later rendering differs");
        let engine = fresh();
        let together: Vec<Vec<Vec<u8>>> = std::thread::scope(|s| {
            let runs: Vec<_> = (0..4)
                .map(|_| s.spawn(|| bytes(engine.render(name, &source, &opts).unwrap())))
                .collect();
            runs.into_iter().map(|r| r.join().unwrap()).collect()
        });
        for (i, out) in together.iter().enumerate() {
            assert!(
                *out == first,
                "{name}: rendering {i} of four at once differs"
            );
        }
        let names = communique::channel::html::Names {
            stem: name.trim_end_matches(".toml"),
            split_pdf: false,
            base: None,
        };
        let pages: Vec<Vec<u8>> = (engine.build_html(name, &source, names).unwrap())
            .into_iter()
            .map(|p| p.html.into_bytes())
            .collect();
        assert!(
            pages == first[1..3],
            "{name}: the pages differ from the rendered ones"
        );
    }
}
