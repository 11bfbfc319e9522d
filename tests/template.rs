//! The template stage end to end: releases and a brand become markup, compared with the
//! blessable references in `tests/template/*.markup` (`BLESS=1 cargo test --test template`
//! rewrites them). Every rendered document must be well-formed XML that uses only the
//! elements and classes the markup defines.

mod common;

use chrono::{NaiveDate, NaiveTime};
use communique::brand::Brand;
use communique::model::{
    Contact, LangText, Localized, Located, Quote, Release, Section, Speaker, When,
};
use communique::template::{context, embedded_sources, Templates};
use communique::Lang;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const BRAND: &str = r##"
[organisation]
name = { nl = ["Federale Overheidsdienst", "Digitale Zaken"], fr = ["Service public fédéral", "Affaires numériques"], de = ["Föderaler Öffentlicher Dienst", "Digitale Angelegenheiten"] }
short = { nl = "FOD Digitale Zaken", fr = "SPF Affaires numériques", de = "FÖD Digitales" }
address = { nl = ["Koningsstraat 1", "1000 Brussel"], fr = ["Rue Royale 1", "1000 Bruxelles"] }
website = "https://digitaal.example.be"
"##;

/// Compiled once for the whole test binary, as the engine does once per process.
fn templates() -> &'static Templates {
    static T: OnceLock<Templates> = OnceLock::new();
    T.get_or_init(|| Templates::new(&embedded_sources()).expect("embedded templates compile"))
}

fn brand() -> Brand {
    Brand::load("brand.toml", BRAND, None).expect("test brand loads")
}

fn s(text: &str) -> Located<String> {
    Located::new(text.to_string(), 0..0)
}

fn per_lang(pairs: &[(Lang, &str)]) -> Localized {
    Localized::PerLang(pairs.iter().map(|(l, t)| (*l, s(t))).collect())
}

fn quote(text: &str, by: Option<&str>) -> Quote {
    Quote {
        text: s(text),
        by: by.map(s),
    }
}

fn section(heading: Option<&str>, text: &str, quotes: Vec<Quote>) -> Section {
    Section {
        heading: heading.map(s),
        text: s(text),
        quotes,
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(date: NaiveDate, h: u32, m: u32) -> When {
    When {
        date,
        time: Some((NaiveTime::from_hms_opt(h, m, 0).unwrap(), 120)),
    }
}

/// nl/fr with every optional part: reference, embargo with a time, speaker, contact,
/// quotes, sections with markdown and section quotes; user text with `&`, `'` and `<`.
fn bilingual() -> Release {
    let nl = LangText {
        kind: None,
        title: s("België & Frankrijk bundelen 'digitale' krachten"),
        subtitle: None,
        notes: None,
        lead: Some(s("De federale overheid lanceert vandaag <samen> met Frankrijk een proefproject.")),
        quotes: vec![quote("Dit is een belangrijke stap.\n\nWe zetten door.", None)],
        sections: vec![
            section(
                Some("Irak"),
                "Eerste alinea met *nadruk*, **sterk** en een [link](https://example.be/a?b=1&c=2).\n\n- punt een\n- punt twee\n\n<script>alert(1)</script>",
                vec![quote("Samen staan we sterker.", Some("Jan Peeters"))],
            ),
            section(None, "Een slotalinea.", vec![]),
        ],
    };
    let fr = LangText {
        kind: None,
        title: s("La Belgique et la France unissent leurs forces « numériques »"),
        subtitle: None,
        notes: None,
        lead: Some(s(
            "L'administration fédérale lance aujourd'hui un projet pilote.",
        )),
        quotes: vec![quote("C'est une étape importante !", None)],
        sections: vec![
            section(
                Some("Irak"),
                "Premier paragraphe avec *emphase* et **gras**.\n\n1. un\n2. deux",
                vec![quote(
                    "Ensemble, nous sommes plus forts.",
                    Some("Jan Peeters"),
                )],
            ),
            section(None, "Un dernier paragraphe.", vec![]),
        ],
    };
    Release {
        date: at(day(2021, 6, 28), 10, 0),
        update: None,
        languages: vec![Lang::Nl, Lang::Fr],
        reference: Some(s("BZ-2021-0628-01")),
        embargo: Some(at(day(2021, 6, 28), 12, 0)),
        place: Some(per_lang(&[(Lang::Nl, "Brussel"), (Lang::Fr, "Bruxelles")])),
        speaker: Some(Speaker {
            name: Localized::Same(s("Sophie Wilmès")),
            role: Some(per_lang(&[
                (
                    Lang::Nl,
                    "vice-eersteminister en minister van Buitenlandse Zaken",
                ),
                (
                    Lang::Fr,
                    "vice-Première ministre et ministre des Affaires étrangères",
                ),
            ])),
        }),
        brand: Vec::new(),
        contacts: vec![Contact {
            name: Some(Localized::Same(s("An Janssens"))),
            role: Some(per_lang(&[
                (Lang::Nl, "woordvoerder"),
                (Lang::Fr, "porte-parole"),
            ])),
            organisation: None,
            email: Some(s("pers@digitaal.example.be")),
            phone: Some(s("+32 2 123 45 67")),
            languages: None,
        }],
        photos: Vec::new(),
        texts: BTreeMap::from([(Lang::Nl, nl), (Lang::Fr, fr)]),
    }
}

/// nl/fr/de on the first of a month (French "1er"), an embargo without a time, no
/// reference, speaker or contact; German has a custom kind and one section fewer.
fn trilingual() -> Release {
    let text = |kind: Option<&str>, title: &str, sections: Vec<Section>| LangText {
        kind: kind.map(s),
        title: s(title),
        subtitle: None,
        notes: None,
        lead: None,
        quotes: vec![quote("Zonder spreker.", None)],
        sections,
    };
    let nl = text(
        None,
        "Nieuwe digitale loketten",
        vec![
            section(Some("Loketten"), "Vanaf vandaag open.", vec![]),
            section(
                Some("Planning"),
                "Later meer.",
                vec![quote("Klaar!", Some("Team"))],
            ),
        ],
    );
    let fr = text(
        None,
        "Nouveaux guichets numériques",
        vec![
            section(Some("Guichets"), "Ouverts dès aujourd'hui.", vec![]),
            section(
                Some("Calendrier"),
                "Plus tard, plus.",
                vec![quote("Prêts !", Some("Équipe"))],
            ),
        ],
    );
    let de = text(
        Some("Presseinformation"),
        "Neue digitale Schalter",
        vec![section(Some("Schalter"), "Ab heute geöffnet.", vec![])],
    );
    Release {
        date: When {
            date: day(2021, 7, 1),
            time: None,
        },
        update: None,
        languages: vec![Lang::Nl, Lang::Fr, Lang::De],
        reference: None,
        embargo: Some(When {
            date: day(2021, 7, 1),
            time: None,
        }),
        place: Some(per_lang(&[
            (Lang::Nl, "Brussel"),
            (Lang::Fr, "Bruxelles"),
            (Lang::De, "Brüssel"),
        ])),
        speaker: None,
        brand: Vec::new(),
        contacts: Vec::new(),
        photos: Vec::new(),
        texts: BTreeMap::from([(Lang::Nl, nl), (Lang::Fr, fr), (Lang::De, de)]),
    }
}

/// Renders and checks against `tests/template/<name>.markup`.
fn check_reference(name: &str, release: &Release, langs: &[Lang], entry: &str) -> String {
    let ctx = context(release, &brand(), langs);
    let got = templates()
        .render(entry, ctx)
        .unwrap_or_else(|d| panic!("{entry} failed: {d:?}"));
    assert_markup(&got, langs[0]);
    let path = common::root().join(format!("tests/template/{name}.markup"));
    common::cases::assert_reference(&path, &got);
    got
}

/// The markup has a `<doc lang>` root and passes the markup stage's own parser, which
/// rejects any element, attribute or paragraph class outside the documented markup.
fn assert_markup(markup: &str, lang: Lang) {
    let doc = communique::markup::parse("template output", markup, &brand())
        .unwrap_or_else(|d| panic!("markup rejected: {d:#?}\n{markup}"));
    assert_eq!(doc.lang, lang);
}

/// The text of every element named `tag`, in document order.
fn texts_of(markup: &str, tag: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(markup).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name(tag))
        .map(|n| {
            n.descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .collect()
        })
        .collect()
}

#[test]
fn bilingual_sequential() {
    let got = check_reference(
        "bilingual.sequential",
        &bilingual(),
        &[Lang::Nl, Lang::Fr],
        "sequential",
    );
    let p = texts_of(&got, "p");
    assert!(
        p.contains(&"Brussel, maandag 28 juni 2021, 10.00\u{a0}uur".to_string()),
        "{p:?}"
    );
    assert!(
        p.contains(&"Bruxelles, le lundi 28 juin 2021, 10\u{a0}h\u{a0}00".to_string()),
        "{p:?}"
    );
    assert!(p.contains(&"EMBARGO tot maandag 28 juni 2021 om 12.00\u{a0}uur".to_string()));
    assert!(p.contains(&"EMBARGO jusqu’au lundi 28 juin 2021 à 12\u{a0}h\u{a0}00".to_string()));
    // User text stays text: the raw HTML of the section is words, not an element.
    assert!(
        p.contains(&"<script>alert(1)</script>".to_string()),
        "{p:?}"
    );
    assert_eq!(
        texts_of(&got, "h1")[0],
        "België & Frankrijk bundelen 'digitale' krachten"
    );
    assert_eq!(texts_of(&got, "pagebreak").len(), 1);
    assert_eq!(texts_of(&got, "letterhead").len(), 1);
    let cites = texts_of(&got, "cite");
    assert_eq!(
        cites[0],
        "— Sophie Wilmès, vice-eersteminister en minister van Buitenlandse Zaken"
    );
    assert!(cites.contains(&"— Jan Peeters".to_string()));
}

#[test]
fn bilingual_parallel() {
    let got = check_reference(
        "bilingual.parallel",
        &bilingual(),
        &[Lang::Nl, Lang::Fr],
        "parallel",
    );
    let doc = roxmltree::Document::parse(&got).unwrap();
    let rows: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("row"))
        .collect();
    for row in &rows {
        let langs: Vec<_> = row
            .children()
            .filter(|c| c.is_element())
            .map(|c| c.attribute("lang").unwrap())
            .collect();
        assert_eq!(langs, ["nl", "fr"], "every row faces nl with fr");
    }
    // kind, dateline, reference, embargo, title, lead, 1 quote, 2 sections, 1 section quote,
    // end mark, contact
    assert_eq!(rows.len(), 12);
    assert_eq!(texts_of(&got, "pagebreak").len(), 0);
}

#[test]
fn trilingual_sequential() {
    let langs = [Lang::Nl, Lang::Fr, Lang::De];
    let got = check_reference("trilingual.sequential", &trilingual(), &langs, "sequential");
    let p = texts_of(&got, "p");
    assert!(
        p.contains(&"Bruxelles, le jeudi 1er juillet 2021".to_string()),
        "{p:?}"
    );
    assert!(
        p.contains(&"Brüssel, Donnerstag, 1. Juli 2021".to_string()),
        "{p:?}"
    );
    assert!(
        p.contains(&"SPERRFRIST bis Donnerstag, 1. Juli 2021".to_string()),
        "{p:?}"
    );
    assert!(
        p.contains(&"Presseinformation".to_string()),
        "custom kind wins"
    );
    assert_eq!(texts_of(&got, "pagebreak").len(), 2);
    assert_eq!(
        texts_of(&got, "cell").len(),
        3,
        "one letterhead cell per language"
    );
    // No speaker and no `by`: the quote has no attribution at all.
    assert_eq!(texts_of(&got, "cite"), ["— Team", "— Équipe"]);
}

#[test]
fn trilingual_parallel() {
    let langs = [Lang::Nl, Lang::Fr, Lang::De];
    let got = check_reference("trilingual.parallel", &trilingual(), &langs, "parallel");
    let doc = roxmltree::Document::parse(&got).unwrap();
    // The second section exists in nl and fr only: German faces it with an empty cell.
    let planning = doc
        .descendants()
        .find(|n| n.has_tag_name("h2") && n.text() == Some("Planning"))
        .unwrap();
    let row = planning
        .ancestors()
        .find(|n| n.has_tag_name("row"))
        .unwrap();
    let cells: Vec<_> = row.children().filter(|c| c.is_element()).collect();
    assert_eq!(cells.len(), 3);
    assert_eq!(cells[2].attribute("lang"), Some("de"));
    assert!(
        !cells[2].has_children(),
        "missing counterpart is an empty cell"
    );
}

#[test]
fn split_document_holds_one_language() {
    let got = check_reference("bilingual.fr-only", &bilingual(), &[Lang::Fr], "sequential");
    assert!(!got.contains("lang=\"nl\""), "{got}");
    assert_eq!(texts_of(&got, "cell").len(), 1);
}

fn sources(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect()
}

#[test]
fn compile_errors_name_template_line_and_column() {
    let err = Templates::new(&sources(&[
        ("good", "<doc lang=\"nl\"></doc>"),
        (
            "broken",
            "<doc>\n{{#each texts}}\n  <p>{{title}}</p>\n{{/if}}\n</doc>",
        ),
        ("unclosed", "<doc>\n  <p>{{title</p>\n</doc>"),
    ]))
    .err()
    .expect("broken templates are rejected");
    assert_eq!(err.len(), 2, "both broken templates are reported: {err:?}");
    let broken = &err[0];
    assert_eq!(broken.path, "broken.hbs");
    assert_eq!((broken.line, broken.column), (4, 1), "{broken:?}");
    assert!(broken.message.contains("\"each\""), "{}", broken.message);
    assert_eq!(
        broken.hint.as_deref(),
        Some("close `{{#each}}` with `{{/each}}`")
    );
    let unclosed = &err[1];
    assert_eq!(unclosed.path, "unclosed.hbs");
    assert_eq!((unclosed.line, unclosed.column), (2, 13), "{unclosed:?}");
}

#[test]
fn strict_mode_reports_missing_variable_with_position() {
    let t = Templates::new(&sources(&[(
        "page",
        "<doc lang=\"{{lang}}\">\n{{#each texts}}\n  <p>{{titel}}</p>\n{{/each}}\n</doc>",
    )]))
    .unwrap();
    let ctx = context(&bilingual(), &brand(), &[Lang::Nl]);
    let err = t.render("page", ctx).unwrap_err();
    assert_eq!(err.len(), 1);
    let d = &err[0];
    assert_eq!(d.path, "page.hbs");
    assert_eq!((d.line, d.column), (3, 6), "{d:?}");
    assert!(d.message.contains("`titel`"), "{}", d.message);
    assert!(d.hint.is_some());
}

#[test]
fn render_error_in_partial_names_the_partial() {
    let t = Templates::new(&sources(&[
        ("entry", "<doc lang=\"nl\">\n{{> part}}\n</doc>"),
        ("part", "<p>\n{{longdate date \"es\"}}</p>"),
    ]))
    .unwrap();
    let ctx = context(&bilingual(), &brand(), &[Lang::Nl]);
    let d = &t.render("entry", ctx).unwrap_err()[0];
    assert_eq!(d.path, "part.hbs");
    assert_eq!((d.line, d.column), (2, 1), "{d:?}");
    assert!(
        d.message.contains("unknown language \"es\""),
        "{}",
        d.message
    );
}

#[test]
fn unknown_template_lists_the_known_ones() {
    let d = &templates()
        .render("gazette", serde_json::json!({}))
        .unwrap_err()[0];
    assert!(d.message.contains("\"gazette\""), "{}", d.message);
    assert!(
        d.hint
            .as_deref()
            .unwrap()
            .contains("parallel, photo, quote"),
        "{d:?}"
    );
}

#[test]
fn embedded_templates_include_both_layouts_and_partials() {
    let names: Vec<String> = embedded_sources().into_keys().collect();
    for want in [
        "sequential",
        "parallel",
        "letterhead",
        "header",
        "footer",
        "quote",
        "contact",
    ] {
        assert!(
            names.iter().any(|n| n == want),
            "{want} missing from {names:?}"
        );
    }
}

/// Every `tests/template/markdown/<case>.md` (`<case>.notes.md`: with links printed as
/// notes) renders (as a section's text in Dutch) to the
/// markup in `<case>.markup`, which the markup stage accepts. `BLESS=1` rewrites.
#[test]
fn markdown_cases_render_to_their_reference_markup() {
    let dir = common::root().join("tests/template/markdown");
    let cases = common::cases::files(&dir, "md");
    assert!(!cases.is_empty(), "no cases in {}", dir.display());
    common::cases::check_all(cases.iter().map(|case| {
        let text = std::fs::read_to_string(case).unwrap();
        // `NAME.notes.md`: as a brand with `[links] print = "notes"` renders it.
        let links = match case
            .file_stem()
            .is_some_and(|s| s.to_string_lossy().ends_with(".notes"))
        {
            true => communique::brand::LinkStyle::Notes,
            false => communique::brand::LinkStyle::Inline,
        };
        let got = communique::template::markdown_with(&text, Some("nl"), links) + "\n";
        assert_markup(&format!("<doc lang=\"nl\">\n{got}</doc>"), Lang::Nl);
        (case.with_extension("markup"), got)
    }));
}

/// The French heading of an organisation's "about" boilerplate, for every name in
/// `tests/template/about/fr.txt` (one a line, `NAME | ARTICLE` to give the brand's
/// `french_article`), compared with `fr.expected` (`BLESS=1` rewrites it): the article by
/// the list of nouns or the brand, elided before a vowel or a mute h.
#[test]
fn french_about_headings_give_the_reference() {
    use communique::brand::FrenchArticle;
    let dir = common::root().join("tests/template/about");
    let input = std::fs::read_to_string(dir.join("fr.txt")).unwrap();
    let mut got = String::new();
    for line in input.lines() {
        if line.is_empty() || line.starts_with('#') {
            got += line;
            got.push('\n');
            continue;
        }
        let (name, article) = match line.split_once(" | ") {
            Some((n, a)) => (n, Some(a)),
            None => (line, None),
        };
        let article = article.map(|a| match a {
            "le" => FrenchArticle::Le,
            "la" => FrenchArticle::La,
            "les" => FrenchArticle::Les,
            "none" => FrenchArticle::None,
            other => panic!("{line}: unknown article {other:?}"),
        });
        let heading = communique::template::about_heading(name, Lang::Fr, article);
        got += &format!("{line} → {heading}\n");
    }
    common::cases::assert_reference(&dir.join("fr.expected"), &got);
}
