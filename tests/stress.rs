//! The stress corpus: generated releases (deterministic, seeded) full of what a press office
//! writes and a typesetter finds hard (long numbers and phone numbers, URLs, e-mail addresses,
//! handles, hashtags, names in several scripts, acronyms, very long words, two to four
//! languages, long organisation names), built in every layout the engine accepts, and read
//! back from the PDF (word boxes from poppler's `pdftotext -bbox`, not from the layout tree).
//!
//! Asserted on every page: no word outside the page's text area (beyond 14 pt of hanging
//! punctuation at the left), and the contact e-mail on the same page as the contact's name.
//! Cases that still fail are listed in tests/stress/expected-failures.txt; the test fails
//! when a listed case passes, so the list shrinks as the fixes land. NOT covered yet: the
//! per-column check, overlap, forbidden breaks, hyphens in names and a narrow (A5) brand.

mod common;

use common::*;
use communique::{BuildOptions, LayoutMode};
use std::collections::BTreeSet;

/// The default brand's text area: A4 with 25 mm margins, in points.
const LEFT: f32 = 25.0 * 72.0 / 25.4;
const RIGHT: f32 = (210.0 - 25.0) * 72.0 / 25.4;
/// Hanging punctuation may stand left of the margin; float noise right of it.
const HANG: f32 = 14.0;
const NOISE: f32 = 1.0;

struct Lcg(u64);

impl Lcg {
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        xs[(self.0 >> 33) as usize % xs.len()]
    }
}

const LANGS: [&str; 4] = ["nl", "fr", "de", "en"];
const PIECES: [&str; 16] = [
    "1 200 digitale begeleiders",
    "14 200 000 euro",
    "39 %",
    "5 millions",
    "EN 301 549",
    "om 19.00 uur",
    "+32 475 98 76 54",
    "https://www.crisiscentrum.be/incidentmeldingen/formulier",
    "crisispersdienst@crisiscentrum.example",
    "@ElkeVanhoutte",
    "#AccessibilitéNumérique",
    "minister Vanhoutte en Kjærgaard",
    "Κυριάκος Πιερρακάκης en Михайло Федоров",
    "eIDAS en de NAVO",
    "arbeidsongeschiktheidsverzekeringsuitkeringsaanvraagformulieren",
    "de federale overheidsdienst",
];

/// Release `n`: `langs` languages, a lead and a section of generated sentences, a contact.
fn release(n: u64, langs: usize) -> String {
    let mut rng = Lcg(n * 7919 + langs as u64);
    let sentence = |rng: &mut Lcg| {
        let words: Vec<&str> = (0..6).map(|_| rng.pick(&PIECES)).collect();
        format!("Volgens het bericht gaat het om {}.", words.join(", "))
    };
    let list: Vec<String> = LANGS[..langs].iter().map(|l| format!("\"{l}\"")).collect();
    let mut s = format!(
        "date = 2026-03-{:02}\nlanguages = [{}]\n[contact]\nname = \"Annelies Verstraeten-Kjærgaard\"\nemail = \"woordvoerder.crisiscommunicatie@federale-overheidsdienst.example\"\nphone = \"+32 2 501 05 11\"\n",
        1 + n % 28,
        list.join(", ")
    );
    for l in &LANGS[..langs] {
        let lead: Vec<String> = (0..3).map(|_| sentence(&mut rng)).collect();
        let body: Vec<String> = (0..(4 + n % 5)).map(|_| sentence(&mut rng)).collect();
        s += &format!(
            "[{l}]\ntitle = \"Stresstest {n}: {}\"\nlead = \"{}\"\n[[{l}.sections]]\nheading = \"Details\"\ntext = \"{}\"\n",
            rng.pick(&PIECES),
            lead.join(" "),
            body.join(" ")
        );
    }
    s
}

/// Words with their boxes, per page, from `pdftotext -bbox`.
fn words(pdf: &[u8]) -> Vec<Vec<(String, f32, f32)>> {
    let (ok, html) = tool("pdftotext", &["-bbox"], pdf);
    assert!(ok, "pdftotext -bbox failed: {html}");
    let mut pages = Vec::new();
    for page in html.split("<page ").skip(1) {
        let mut ws = Vec::new();
        for w in page.split("<word ").skip(1) {
            let num = |key: &str| -> f32 {
                let at = w.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
                w[at..].split('"').next().unwrap().parse().unwrap()
            };
            let text = w.split('>').nth(1).unwrap().split('<').next().unwrap();
            ws.push((text.to_string(), num("xMin"), num("xMax")));
        }
        pages.push(ws);
    }
    pages
}

/// The flaws of one built PDF.
fn flaws(pdf: &[u8]) -> Vec<String> {
    let pages = words(pdf);
    let mut out = Vec::new();
    for (p, ws) in pages.iter().enumerate() {
        if let Some((w, a, b)) = ws
            .iter()
            .find(|(_, a, b)| *a < LEFT - HANG || *b > RIGHT + NOISE)
        {
            out.push(format!("outside p{}: {w:?} at x {a:.0}-{b:.0}", p + 1));
        }
        let text: String = ws.iter().map(|(w, _, _)| w.as_str()).collect();
        if text.contains("woordvoerder.crisiscommunicatie") && !text.contains("Verstraeten") {
            out.push(format!("contact split p{}", p + 1));
        }
    }
    out
}

#[test]
fn stress_corpus_reads_back_inside_the_text_area_with_whole_contacts() {
    let expected: BTreeSet<String> =
        std::fs::read_to_string(root().join("tests/stress/expected-failures.txt"))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(str::to_string)
            .collect();
    let mut failing = BTreeSet::new();
    let mut report = Vec::new();
    let mut built = 0;
    for n in 0..4u64 {
        for langs in 2..=4 {
            let src = release(n, langs);
            let rel = engine()
                .check("stress.toml", src.as_bytes())
                .unwrap_or_else(|d| panic!("{d:#?}\n{src}"));
            for layout in [
                LayoutMode::Sequential,
                LayoutMode::Parallel,
                LayoutMode::Continuous,
            ] {
                if !engine().accepts(&rel, layout) {
                    assert!(langs > 2, "two languages fit in parallel on A4");
                    continue;
                }
                let opts = BuildOptions {
                    layout,
                    ..BuildOptions::default()
                };
                let out = engine()
                    .build("stress.toml", src.as_bytes(), &opts)
                    .unwrap();
                built += 1;
                let name = format!("{n}-{langs} {layout:?}");
                // To look at the corpus: STRESS_OUT=DIR writes every PDF there.
                if let Some(dir) = std::env::var_os("STRESS_OUT") {
                    let file =
                        std::path::Path::new(&dir).join(format!("{n}-{langs}-{layout:?}.pdf"));
                    std::fs::write(file, &out[0].pdf).unwrap();
                }
                let f = flaws(&out[0].pdf);
                if !f.is_empty() {
                    report.push(format!("{name}: {f:?}"));
                    failing.insert(name);
                }
            }
        }
    }
    assert!(built >= 28, "{built} PDFs");
    let new: Vec<&String> = failing.difference(&expected).collect();
    let fixed: Vec<&String> = expected.difference(&failing).collect();
    assert!(
        new.is_empty() && fixed.is_empty(),
        "new failures {new:?}, now passing (remove from tests/stress/expected-failures.txt) {fixed:?}\n{}",
        report.join("\n")
    );
}
