//! The HTML channel checked by real validators: every example's pages, the index and the
//! feed are built into one folder, then
//! - the W3C Nu HTML Checker (npm `vnu-jar`, under Java) must report no errors,
//! - axe-core in headless Chromium (npm `axe-core` + `puppeteer-core`, Debian `chromium`)
//!   must report no WCAG 2.1 A/AA violation, at a desktop and a phone width,
//! - Python's `feedparser` must read each feed as Atom 1.0 with one entry per page,
//! - every source word of each language must come back from that language's page.
//!
//! A missing tool fails the test with what installs it (`.ci/run` installs them all).
//! Outside CI, `COMMUNIQUE_SKIP_VALIDATORS=1` turns that failure into a printed "NOT RUN";
//! under `CI` it is ignored. `SHOTS=DIR` saves the axe run's screenshots to DIR.

mod common;

use common::words::{counts, source_parts, words};
use common::*;
use communique::channel::html::{Listing, Names, Page};
use communique::model::Release;
use communique::{Assets, Engine, Lang};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const NODE_MODULES: &str = ".ci/cache/node_modules";
const CHROMIUM: &str = "/usr/bin/chromium";

/// The example built with its own brand (examples/brand-kustwacht, a PNG logo), not the
/// embedded one.
const KUSTWACHT: &str = "kustwacht-stormwaarschuwing";

struct Built {
    dir: PathBuf,
    /// Every page, with the release it came from.
    pages: Vec<(Page, &'static Release)>,
    /// The index and feed files, per language.
    indexes: Vec<PathBuf>,
    feeds: Vec<(Lang, PathBuf)>,
    /// The trilingual example's pages built with `--base-url` [`BASE`], in `based/`.
    based: Vec<(Page, PathBuf)>,
}

/// The base URL the `based` pages are built under.
const BASE: &str = "https://pers.example/nieuws/";
const TRILINGUAL: &str = "communique-trilingue";

fn kustwacht_engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let dir = root().join("examples/brand-kustwacht");
        let mut assets = Assets::embedded();
        assets.brand_path = "examples/brand-kustwacht/brand.toml".into();
        assets.brand = std::fs::read_to_string(dir.join("brand.toml")).unwrap();
        assets.logo = Some(std::fs::read(dir.join("logo.png")).unwrap());
        Engine::new(assets).expect("the kustwacht brand loads")
    })
}

fn engine_for(stem: &str) -> &'static Engine {
    match stem {
        KUSTWACHT => kustwacht_engine(),
        _ => engine(),
    }
}

/// Every example's pages, and the index and feed of all of them, written once per process.
fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = temp_dir("html");
        let mut pages = Vec::new();
        for ex in examples() {
            let stem = ex.file_stem().unwrap().to_string_lossy().into_owned();
            let source = std::fs::read(&ex).unwrap();
            let e = engine_for(&stem);
            let release: &'static Release =
                Box::leak(Box::new(e.check("x.toml", &source).unwrap()));
            let names = Names {
                stem: &stem,
                split_pdf: false,
                base: None,
            };
            for page in e.build_html("x.toml", &source, names).unwrap() {
                std::fs::write(dir.join(&page.file_name), &page.html).unwrap();
                pages.push((page, release));
            }
        }
        let listings: Vec<Listing> = pages.iter().map(|(p, _)| p.listing.clone()).collect();
        let (mut indexes, mut feeds) = (Vec::new(), Vec::new());
        for lang in Lang::ALL {
            if !listings.iter().any(|l| l.lang == lang) {
                continue;
            }
            let index = dir.join(format!("index.{}.html", lang.code()));
            std::fs::write(
                &index,
                engine().html_index(lang, &listings, None, None).unwrap(),
            )
            .unwrap();
            indexes.push(index);
            let feed = dir.join(format!("feed.{}.xml", lang.code()));
            std::fs::write(&feed, engine().html_feed(lang, &listings, None)).unwrap();
            feeds.push((lang, feed));
        }
        let based_dir = dir.join("based");
        std::fs::create_dir_all(&based_dir).unwrap();
        let base: communique::channel::html::BaseUrl = BASE.parse().unwrap();
        let source = std::fs::read(root().join(format!("examples/{TRILINGUAL}.toml"))).unwrap();
        let names = Names {
            stem: TRILINGUAL,
            split_pdf: false,
            base: Some(&base),
        };
        let based: Vec<(Page, PathBuf)> = engine()
            .build_html("x.toml", &source, names)
            .unwrap()
            .into_iter()
            .map(|p| {
                let path = based_dir.join(&p.file_name);
                std::fs::write(&path, &p.html).unwrap();
                (p, path)
            })
            .collect();
        // The wilmes pages with --web-fonts, checked by Nu and axe with the others.
        let source = std::fs::read(root().join("examples/persbericht-wilmes.toml")).unwrap();
        let opts = communique::BuildOptions {
            formats: "html".parse().unwrap(),
            web_fonts: Some(true),
            ..communique::BuildOptions::default()
        };
        for r in engine()
            .render_as("x.toml", "wilmes-web-fonts", &source, &opts)
            .unwrap()
        {
            let path = based_dir.join(format!("wilmes-web-fonts.{}.html", r.lang.unwrap().code()));
            std::fs::write(&path, &r.bytes).unwrap();
            indexes.push(path);
        }
        // The index with web fonts, checked by Nu and axe with the pages.
        let index = based_dir.join("index-web-fonts.nl.html");
        let html = engine()
            .html_index(Lang::Nl, &listings, None, Some(true))
            .unwrap();
        std::fs::write(&index, html).unwrap();
        indexes.push(index);
        // The index of every example under the base, checked by Nu and axe with the pages.
        let index = based_dir.join("index.nl.html");
        let html = engine()
            .html_index(Lang::Nl, &listings, Some(&base), None)
            .unwrap();
        std::fs::write(&index, html).unwrap();
        indexes.push(index);
        Built {
            dir,
            pages,
            indexes,
            feeds,
            based,
        }
    })
}

/// Every HTML file written: the pages, then the indexes.
fn html_files() -> Vec<PathBuf> {
    let b = built();
    let mut v: Vec<PathBuf> = b
        .pages
        .iter()
        .map(|(p, _)| b.dir.join(&p.file_name))
        .collect();
    v.extend(b.indexes.iter().cloned());
    v.extend(b.based.iter().map(|(_, path)| path.clone()));
    v
}

/// Reports a missing tool: a failure, unless explicitly skipped outside CI.
fn missing(what: &str, install: &str) -> bool {
    let skip = std::env::var_os("COMMUNIQUE_SKIP_VALIDATORS").is_some()
        && std::env::var_os("CI").is_none();
    if skip {
        eprintln!("NOT RUN: {what} is not installed; COMMUNIQUE_SKIP_VALIDATORS is set");
        return true;
    }
    panic!("{what} is not installed: {install} (bash .ci/run installs it)");
}

/// Runs one of the Chromium check scripts (`tests/html/*.mjs`) under node on `files` and
/// returns the JSON report it prints.
fn chromium_report(script: &str, modules: &Path, files: &[PathBuf]) -> serde_json::Value {
    let out = Command::new("node")
        .arg(root().join(script))
        .arg(modules)
        .arg(CHROMIUM)
        .args(files)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{script} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{script} prints JSON: {e}"))
}

fn node_modules() -> PathBuf {
    root().join(NODE_MODULES)
}

#[test]
fn nu_html_checker_reports_no_errors() {
    let jar = node_modules().join("vnu-jar/build/dist/vnu.jar");
    if !jar.is_file() {
        missing("vnu-jar (the W3C Nu HTML Checker)", "npm install vnu-jar");
        return;
    }
    let files = html_files();
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "gnu"])
        .args(&files)
        .output()
        .expect("java runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && report.trim().is_empty(),
        "the Nu checker reports errors on {} files:\n{report}",
        files.len()
    );
}

#[test]
fn axe_core_finds_no_wcag_21_aa_violations() {
    let modules = node_modules();
    if !modules.join("axe-core/axe.min.js").is_file()
        || !modules.join("puppeteer-core/package.json").is_file()
    {
        missing(
            "axe-core and puppeteer-core",
            "npm install axe-core puppeteer-core",
        );
        return;
    }
    if !Path::new(CHROMIUM).is_file() {
        missing("chromium", "apt-get install chromium");
        return;
    }
    let files = html_files();
    let report = chromium_report("tests/html/axe.mjs", &modules, &files);
    let map = report.as_object().expect("an object");
    assert_eq!(map.len(), files.len(), "axe checked every file");
    let bad: Vec<String> = map
        .iter()
        .filter(|(_, v)| !v.as_array().is_some_and(|a| a.is_empty()))
        .map(|(f, v)| format!("{f}: {v:#}"))
        .collect();
    assert!(bad.is_empty(), "axe-core violations:\n{}", bad.join("\n"));
}

#[test]
fn feeds_parse_as_atom_with_one_entry_per_page() {
    let b = built();
    let have = Command::new("python3")
        .args(["-c", "import feedparser"])
        .status()
        .is_ok_and(|s| s.success());
    if !have {
        missing("Python feedparser", "pip install feedparser");
        return;
    }
    let out = Command::new("python3")
        .arg(root().join("tests/html/atom.py"))
        .args(b.feeds.iter().map(|(_, f)| f))
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for (lang, feed) in &b.feeds {
        let f = &report[feed.to_string_lossy().as_ref()];
        assert_eq!(f["bozo"], "", "{}: not well-formed", feed.display());
        assert_eq!(f["version"], "atom10", "{}", feed.display());
        assert_eq!(f["lang"], lang.code());
        let mut pages: Vec<&Page> = b
            .pages
            .iter()
            .map(|(p, _)| p)
            .filter(|p| p.lang == *lang)
            .collect();
        let entries = f["entries"].as_array().unwrap();
        assert_eq!(
            entries.len(),
            pages.len(),
            "{}: one entry per page",
            feed.display()
        );
        // Newest first.
        pages.sort_by(|a, b| {
            b.listing
                .sort_key
                .cmp(&a.listing.sort_key)
                .then(a.listing.href.cmp(&b.listing.href))
        });
        for (e, p) in entries.iter().zip(&pages) {
            assert_eq!(e["title"], p.listing.title.as_str());
            assert!(e["link"].as_str().unwrap().ends_with(&p.file_name), "{e}");
            assert!(e["enclosure"].as_str().unwrap().ends_with(".pdf"), "{e}");
            assert!(!e["updated"].as_str().unwrap().is_empty());
        }
        let ids: std::collections::BTreeSet<&str> =
            entries.iter().map(|e| e["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), entries.len(), "entry ids are unique");
    }
}

/// The page's text: tags dropped, the five entities XML escaping writes decoded, head and
/// scripts left out (the body is what a reader sees).
fn visible_text(html: &str) -> String {
    let body = &html[html.find("<body>").expect("a body")..];
    // Inline tags join what they separate ("<em>eIDAS</em>-netwerk" is one word); any
    // other tag separates words, as a browser lays blocks, cells and line breaks apart.
    // A footnote reference's `<sup>` separates too: its number is not part of the word.
    const INLINE: [&str; 5] = ["a", "em", "strong", "time", "span"];
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('>').map_or(rest.len(), |c| open + c + 1);
        let name: String = rest[open + 1..close]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if !INLINE.contains(&name.as_str()) {
            out.push(' ');
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// A Markdown line without its ordered-list marker (`3. ` or `3) `).
fn strip_list_number(line: &str) -> &str {
    let t = line.trim_start();
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    match t[digits..].strip_prefix(['.', ')']) {
        Some(rest) if digits > 0 && rest.starts_with(' ') => rest,
        _ => line,
    }
}

#[test]
fn every_source_word_comes_back_from_its_page() {
    for (page, release) in &built().pages {
        let got = counts(words(&visible_text(&page.html)));
        // A numbered list's numbers are the list's (`<ol>`), not text on the page.
        let parts = source_parts(release, page.lang);
        let source: Vec<&str> = parts
            .iter()
            .flat_map(|part| part.lines())
            .map(strip_list_number)
            .collect();
        let source = words(&source.join("\n"));
        let mut lost = Vec::new();
        for (w, n) in counts(source) {
            if got.get(&w).copied().unwrap_or(0) < n {
                lost.push(format!("{w} ×{n}"));
            }
        }
        lost.sort();
        assert!(
            lost.is_empty(),
            "{}: words missing: {}",
            page.file_name,
            lost.join(", ")
        );
    }
}

/// Footnote references link to their notes and each note back to its reference: every
/// in-page link has its target, every id is unique on its page, and the statistics example
/// (footnotes in every language) has the links.
#[test]
fn footnote_references_and_notes_link_to_each_other() {
    let mut linked = 0;
    for (page, _) in &built().pages {
        let html = &page.html;
        let attr = |name: &str| -> Vec<String> {
            let pat = format!(" {name}=\"");
            html.match_indices(&pat)
                .map(|(at, _)| {
                    let v = &html[at + pat.len()..];
                    v[..v.find('"').unwrap()].to_string()
                })
                .collect()
        };
        let ids = attr("id");
        let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{}: duplicate ids", page.file_name);
        for target in attr("href").iter().filter_map(|h| h.strip_prefix('#')) {
            assert!(
                ids.iter().any(|id| id == target),
                "{}: #{target} has no target",
                page.file_name
            );
        }
        let code = page.lang.code();
        if page.file_name.starts_with("statistiek-werkloosheid.") {
            let r = format!(
                "<sup><a href=\"#fn-{code}-1\" id=\"fnref-{code}-1\" class=\"fnref\">1</a></sup>"
            );
            assert!(html.contains(&r), "{}: {r} missing", page.file_name);
            assert!(html.contains(&format!("<li id=\"fn-{code}-1\" value=\"1\">")));
            assert!(html.contains(&format!("<a href=\"#fnref-{code}-1\" class=\"fnback\"")));
            linked += 1;
        }
    }
    assert!(linked >= 2, "the statistics example's pages were checked");
}

#[test]
fn pages_are_byte_identical_on_rebuild() {
    for (page, _) in &built().pages {
        let stem = page.file_name.split('.').next().unwrap();
        let ex = root().join(format!("examples/{stem}.toml"));
        let source = std::fs::read(&ex).unwrap();
        let names = Names {
            stem,
            split_pdf: false,
            base: None,
        };
        let again = engine_for(stem)
            .build_html("x.toml", &source, names)
            .unwrap();
        let same = again.iter().find(|p| p.lang == page.lang).unwrap();
        assert!(
            same.html == page.html,
            "{} differs on rebuild",
            page.file_name
        );
    }
}

/// Text that would end the JSON-LD `<script>` or open an element stays text: escaped in
/// the page, `\u003c` in the JSON, which still reads back as the title.
#[test]
fn markup_in_release_text_is_escaped_in_page_and_json_ld() {
    let title = r#"Tags </script><script>alert(1)</script> & "quotes" <!-- here"#;
    let source = format!(
        "date = 2024-03-01\nlanguages = [\"en\"]\n\n[en]\ntitle = '''{title}'''\nlead = \"A lead </style> with <b>tags</b>.\"\n"
    );
    let names = Names {
        stem: "x y",
        split_pdf: true,
        base: None,
    };
    let pages = engine()
        .build_html("x.toml", source.as_bytes(), names)
        .unwrap();
    let html = &pages[0].html;
    assert_eq!(html.matches("<script").count(), 1, "{html}");
    assert!(
        !html.contains("<b>") && !html.contains("</style> with"),
        "{html}"
    );
    assert!(
        html.contains("href=\"x%20y.en.pdf\""),
        "links are URL-encoded"
    );
    let start = html.find("application/ld+json\">").unwrap() + "application/ld+json\">".len();
    let json = &html[start..start + html[start..].find("</script>").unwrap()];
    assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'));
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    // The typography stage made the quotes typographic; everything else is as written.
    let headline = v["headline"].as_str().unwrap();
    assert!(
        headline.starts_with("Tags </script><script>alert(1)</script> & "),
        "{headline}"
    );
    assert_eq!(v["@type"], "NewsArticle");
    assert_eq!(v["inLanguage"], "en");
}

/// A list item of one paragraph is written bare, with a list nested in it too, as
/// CommonMark writes a tight list: a `<p>` would set it apart from the items around it by its
/// margins (crisisupdate's second item stood apart from the first). An item of two
/// paragraphs keeps them.
#[test]
fn a_list_item_of_one_paragraph_is_no_paragraph_on_the_page() {
    let source =
        "date = 2024-03-01\nlanguages = [\"en\"]\n\n[en]\ntitle = \"T\"\nlead = \"L.\"\n\n\
                  [[en.sections]]\nheading = \"H\"\ntext = \"\"\"\n\
                  - one\n- two:\n  - inner\n- three\n\n\
                  Then:\n\n- four\n\n  more\n- five\"\"\"\n";
    let names = Names {
        stem: "x",
        split_pdf: false,
        base: None,
    };
    let pages = engine()
        .build_html("x.toml", source.as_bytes(), names)
        .unwrap();
    let html = &pages[0].html;
    for item in [
        "<li>one</li>",
        "<li>two:\n<ul>\n<li>inner</li>\n</ul>\n</li>",
        "<li>three</li>",
    ] {
        assert!(html.contains(item), "{item:?} in {html}");
    }
    assert!(
        html.contains("<li><p>four</p>\n<p>more</p>\n</li>"),
        "{html}"
    );
}

/// The JSON-LD of a page, parsed.
fn json_ld_of(html: &str) -> serde_json::Value {
    let start = html.find("<script type=\"application/ld+json\">").unwrap();
    let ld = &html[start..];
    let ld = &ld[ld.find('>').unwrap() + 1..ld.find("</script>").unwrap()];
    serde_json::from_str(ld).unwrap()
}

/// The nodes of a JSON-LD value (objects with an `@id` and more), by `@id`, and the `@id`s
/// it refers to (objects with an `@id` alone). No two nodes share an `@id`.
fn nodes_and_references(
    v: &serde_json::Value,
    nodes: &mut std::collections::BTreeMap<String, serde_json::Value>,
    refs: &mut Vec<String>,
) {
    match v {
        serde_json::Value::Object(o) => {
            if let Some(id) = o.get("@id").and_then(|i| i.as_str()) {
                if o.len() == 1 {
                    refs.push(id.to_string());
                } else {
                    assert!(
                        nodes.insert(id.to_string(), v.clone()).is_none(),
                        "{id} twice"
                    );
                }
            }
            o.values()
                .for_each(|x| nodes_and_references(x, nodes, refs));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| nodes_and_references(x, nodes, refs)),
        _ => {}
    }
}

/// The JSON-LD says each organisation and each logo once: `author` holds the organisations
/// as nodes with an `@id` (each logo an `ImageObject` node with its own), `publisher` and
/// `image` refer to them by `@id` alone, and every reference is to a node of the same
/// document. Until session 14 the logo's `data:` URI stood three times (author's logo,
/// publisher's logo, image), most of the JSON's bytes.
/// Each organisation of the letterhead stands beside its own logo, as in the PDF: a joint
/// release's page has one `organisation` block per organisation, in the brand's order, each
/// with that organisation's logo (named by its short name) and its name and address lines.
#[test]
fn each_organisation_of_the_letterhead_stands_beside_its_logo() {
    let b = built();
    let mut joint = 0;
    for (page, _) in &b.pages {
        let name = &page.file_name;
        let header = page
            .html
            .split_once("<header class=\"letterhead\">")
            .unwrap()
            .1;
        let header = header.split_once("</header>").unwrap().0;
        let blocks: Vec<&str> = header
            .split("<div class=\"organisation\">")
            .skip(1)
            .collect();
        assert!(!blocks.is_empty(), "{name}: {header}");
        for block in &blocks {
            assert_eq!(
                block.matches("class=\"logo\"").count() + block.matches("<img").count(),
                1,
                "{name}: {block}"
            );
            assert!(
                block.contains("<p class=\"org\">") && block.contains("<p class=\"address\">"),
                "{name}: {block}"
            );
        }
        if name.starts_with("gezamenlijk-persbericht.") {
            joint += 1;
            assert_eq!(blocks.len(), 2, "{name}");
            let (digital, justice) = (blocks[0], blocks[1]);
            assert!(
                digital.contains("digital-affairs.example") && !digital.contains("justice.example"),
                "{name}: {digital}"
            );
            assert!(
                justice.contains("justice.example") && !justice.contains("digital-affairs.example"),
                "{name}: {justice}"
            );
            for (block, short) in [
                (digital, ["FOD Digitale Zaken", "SPF Affaires numériques"]),
                (justice, ["FOD Justitie", "SPF Justice"]),
            ] {
                assert!(
                    short
                        .iter()
                        .any(|s| block.contains(&format!("aria-label=\"{s}\""))),
                    "{name}: {block}"
                );
            }
        } else {
            assert_eq!(blocks.len(), 1, "{name}");
        }
    }
    assert_eq!(joint, 2, "the joint release's two pages");
}

/// The JSON-LD's dates say what the release says: a bare date as a date (as the page's
/// `<time datetime>`), a date and time with its offset; an update is `dateModified`, the
/// release it replaces `datePublished`.
#[test]
fn json_ld_dates_are_the_releases_own() {
    let b = built();
    let ld = |file: &str| {
        let (page, _) = b
            .pages
            .iter()
            .find(|(p, _)| p.file_name == file)
            .unwrap_or_else(|| panic!("no {file}"));
        assert!(page.html.contains("<time datetime=\""), "{file}");
        json_ld_of(&page.html)
    };
    let wilmes = ld("persbericht-wilmes.nl.html");
    assert_eq!(wilmes["datePublished"], "2021-06-28");
    assert!(wilmes.get("dateModified").is_none());
    let haven = ld("persbericht-haven-foto.fr.html");
    assert_eq!(haven["datePublished"], "2026-09-21T10:00:00+02:00");
    let update = ld("crisisupdate-stroompanne.nl.html");
    assert_eq!(update["datePublished"], "2026-10-14T09:30:00+02:00");
    assert_eq!(update["dateModified"], "2026-10-14T11:45:00+02:00");
}

#[test]
fn json_ld_says_each_organisation_and_logo_once_and_refers_to_them_by_id() {
    let b = built();
    let pages = b.pages.iter().map(|(p, _)| p);
    let mut joint = 0;
    for page in pages.chain(b.based.iter().map(|(p, _)| p)) {
        let name = &page.file_name;
        let ld = json_ld_of(&page.html);
        for key in [
            "headline",
            "datePublished",
            "inLanguage",
            "dateline",
            "author",
        ] {
            assert!(ld.get(key).is_some(), "{name}: no {key}");
        }
        let (mut nodes, mut refs) = Default::default();
        nodes_and_references(&ld, &mut nodes, &mut refs);
        for r in &refs {
            assert!(nodes.contains_key(r), "{name}: {r} names no node");
        }
        let node = |v: &serde_json::Value| {
            let o = v.as_object().unwrap();
            assert_eq!(o.len(), 1, "{name}: {v} is not a reference");
            nodes[o["@id"].as_str().unwrap()].clone()
        };
        let publisher = node(&ld["publisher"]);
        assert_eq!(publisher["@type"], "Organization", "{name}");
        assert!(publisher["name"].is_string(), "{name}");
        let image = node(&ld["image"]);
        assert_eq!(image["@type"], "ImageObject", "{name}");
        let authors = ld["author"].as_array().unwrap();
        assert_eq!(
            authors[0], publisher,
            "{name}: the publisher is the first author"
        );
        joint += usize::from(authors.len() > 1);
        let text = serde_json::to_string(&ld).unwrap();
        for author in authors {
            assert_eq!(author["@type"], "Organization", "{name}");
            assert!(author["@id"].is_string(), "{name}");
            let url = author["logo"]["url"].as_str().unwrap();
            assert!(url.starts_with("data:image/"), "{name}");
            assert_eq!(text.matches(url).count(), 1, "{name}: a logo's URI twice");
        }
        assert_eq!(image, authors[0]["logo"], "{name}: the image is the logo");
    }
    assert!(
        joint > 0,
        "no page of a joint release (two organisations) was checked"
    );
}

/// `build DIR -o OUT --format pdf,html` writes each language's pages, and the index and
/// feed of every language at OUT's top, linking into sub-folders; a second run, where every
/// release is up to date, writes the same index and feed.
#[test]
fn a_folder_built_with_html_gets_an_index_and_a_feed_per_language() {
    let dir = temp_dir("html-cli");
    std::fs::create_dir_all(dir.join("in/2021")).unwrap();
    for (from, to) in [
        ("persbericht-wilmes.toml", "in/2021/persbericht-wilmes.toml"),
        (
            "statistiek-werkloosheid.toml",
            "in/statistiek-werkloosheid.toml",
        ),
    ] {
        std::fs::copy(root().join("examples").join(from), dir.join(to)).unwrap();
    }
    let args = ["build", "in", "-o", "out", "--format", "pdf,html"];
    let out = run(&dir, &args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    for f in [
        "2021/persbericht-wilmes.nl.html",
        "2021/persbericht-wilmes.fr.html",
        "2021/persbericht-wilmes.pdf",
        "statistiek-werkloosheid.fr.html",
        "index.nl.html",
        "index.fr.html",
        "feed.nl.xml",
        "feed.fr.xml",
    ] {
        assert!(dir.join("out").join(f).is_file(), "{f} missing");
    }
    let index = std::fs::read_to_string(dir.join("out/index.nl.html")).unwrap();
    // Newest first: the 2026 statistics before the 2021 release.
    let (a, b) = (
        index
            .find("href=\"statistiek-werkloosheid.nl.html\"")
            .expect("statistics listed"),
        index
            .find("href=\"2021/persbericht-wilmes.nl.html\"")
            .expect("wilmes listed"),
    );
    assert!(a < b, "newest first");
    assert!(index.contains("href=\"2021/persbericht-wilmes.pdf\""));
    let feed = std::fs::read(dir.join("out/feed.fr.xml")).unwrap();
    let again = run(&dir, &args);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again.stderr));
    assert!(
        text(&again.stdout).contains("up to date") || text(&again.stderr).contains("up to date")
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("out/index.nl.html")).unwrap(),
        index
    );
    assert_eq!(std::fs::read(dir.join("out/feed.fr.xml")).unwrap(), feed);
}

/// A folder of releases of one brand gets an index and feed in that brand, not the default
/// one (the index was always in the default brand); releases of several brands get the
/// default (`--brand`) brand, each entry naming its own organisation.
#[test]
fn the_index_takes_the_brand_its_releases_share() {
    let dir = temp_dir("html-index-brand");
    let brands = root().join("examples/brands");
    let brands = brands.to_str().unwrap();
    let release = |brand: &str, title: &str| {
        format!("date = 2026-11-03\n{brand}languages = [\"nl\"]\n[nl]\ntitle = \"{title}\"\nlead = \"Lead.\"\n")
    };
    std::fs::create_dir_all(dir.join("one")).unwrap();
    std::fs::create_dir_all(dir.join("mixed")).unwrap();
    let justitie = "brand = \"fod-justitie\"\n";
    std::fs::write(dir.join("one/a.toml"), release(justitie, "Eerste")).unwrap();
    std::fs::write(dir.join("one/b.toml"), release(justitie, "Tweede")).unwrap();
    std::fs::write(dir.join("mixed/a.toml"), release(justitie, "Eerste")).unwrap();
    std::fs::write(dir.join("mixed/c.toml"), release("", "Derde")).unwrap();
    for folder in ["one", "mixed"] {
        let out = format!("out-{folder}");
        let args = [
            "build", folder, "-o", &out, "--format", "html", "--brands", brands,
        ];
        let o = run(&dir, &args);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    }
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
    let (index, feed) = (read("out-one/index.nl.html"), read("out-one/feed.nl.xml"));
    assert!(
        index.contains("<p class=\"org\">FOD Justitie</p>") && !index.contains("Digitale"),
        "{index}"
    );
    assert!(
        feed.contains("<title>Persberichten – FOD Justitie</title>"),
        "{feed}"
    );
    assert!(
        feed.contains("<id>tag:justice.example,1970-01-01:feed.nl</id>"),
        "{feed}"
    );
    let (index, feed) = (
        read("out-mixed/index.nl.html"),
        read("out-mixed/feed.nl.xml"),
    );
    // The default brand's short name is "FOD Digitale Zaken".
    assert!(
        index.contains("<p class=\"org\">FOD Digitale Zaken</p>"),
        "{index}"
    );
    assert!(
        index.contains("<p class=\"meta\">FOD Justitie · ")
            && index.contains("<p class=\"meta\">FOD Digitale Zaken · "),
        "each entry names its organisation: {index}"
    );
    assert_eq!(feed.matches("<author>").count(), 3, "{feed}");

    // `--base-url` through the binary; a malformed one is a usage error.
    let args = [
        "build", "one", "-o", "out-one", "--format", "html", "--brands", brands,
    ];
    let o = run(
        &dir,
        &[&args[..], &["--base-url", "https://pers.example/x"]].concat(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let feed = read("out-one/feed.nl.xml");
    assert!(
        feed.contains("href=\"https://pers.example/x/a.nl.html\""),
        "{feed}"
    );
    let index = read("out-one/index.nl.html");
    assert!(
        index.contains("<a href=\"https://pers.example/x/a.nl.html\">"),
        "{index}"
    );
    let o = run(&dir, &[&args[..], &["--base-url", "pers.example"]].concat());
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("not an http:// or https:// address"));
}

/// `--base-url` makes the feeds' links absolute; the entry ids (`tag:` URIs) are the same
/// with and without it, as an id must not change when the folder moves. Read back with
/// feedparser.
#[test]
fn feed_links_are_absolute_under_a_base_url() {
    let b = built();
    let listings: Vec<Listing> = b.pages.iter().map(|(p, _)| p.listing.clone()).collect();
    let base: communique::channel::html::BaseUrl = "https://pers.example/nieuws".parse().unwrap();
    assert_eq!(base.as_str(), "https://pers.example/nieuws/");
    let feed = b.dir.join("feed-base.nl.xml");
    std::fs::write(&feed, engine().html_feed(Lang::Nl, &listings, Some(&base))).unwrap();
    let have = Command::new("python3")
        .args(["-c", "import feedparser"])
        .status()
        .is_ok_and(|s| s.success());
    if !have {
        missing("Python feedparser", "pip install feedparser");
        return;
    }
    let out = Command::new("python3")
        .arg(root().join("tests/html/atom.py"))
        .arg(&feed)
        .arg(b.dir.join("feed.nl.xml"))
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let with = &report[feed.to_string_lossy().as_ref()];
    let without = &report[b.dir.join("feed.nl.xml").to_string_lossy().as_ref()];
    assert_eq!(with["bozo"], "");
    assert_eq!(with["self"], "https://pers.example/nieuws/feed.nl.xml");
    let entries = with["entries"].as_array().unwrap();
    assert!(!entries.is_empty());
    for (e, plain) in entries.iter().zip(without["entries"].as_array().unwrap()) {
        let l = listings
            .iter()
            .find(|l| l.lang == Lang::Nl && l.title == e["title"])
            .unwrap();
        assert_eq!(e["link"], format!("https://pers.example/nieuws/{}", l.href));
        assert_eq!(
            e["enclosure"],
            format!("https://pers.example/nieuws/{}", l.pdf_href)
        );
        assert_eq!(e["id"], plain["id"], "ids do not depend on the base URL");
        assert!(e["id"].as_str().unwrap().starts_with("tag:"), "{e}");
        assert_eq!(
            plain["link"],
            l.href.as_str(),
            "relative without a base URL"
        );
    }
    for bad in [
        "pers.example",
        "ftp://x.example/",
        "https:///x",
        "https://x.example/a b",
        "https://x.example/?q",
    ] {
        assert!(
            bad.parse::<communique::channel::html::BaseUrl>().is_err(),
            "{bad}"
        );
    }
}

/// `--templates DIR` replaces the HTML channel's templates from `DIR/html/`, as the PDF's
/// from DIR.
#[test]
fn html_templates_are_overridden_from_a_templates_folder() {
    let dir = temp_dir("html-templates");
    std::fs::create_dir_all(dir.join("tpl/html")).unwrap();
    std::fs::write(
        dir.join("tpl/html/page.hbs"),
        "<!DOCTYPE html><html lang=\"{{lang}}\"><title>{{title}}</title><p>OWN PAGE</p></html>\n",
    )
    .unwrap();
    std::fs::copy(
        root().join("examples/persbericht-wilmes.toml"),
        dir.join("persbericht-wilmes.toml"),
    )
    .unwrap();
    let args = [
        "build",
        "persbericht-wilmes.toml",
        "--format",
        "html",
        "--templates",
        "tpl",
    ];
    let out = run(&dir, &args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let page = std::fs::read_to_string(dir.join("persbericht-wilmes.fr.html")).unwrap();
    assert!(
        page.contains("<p>OWN PAGE</p>") && page.contains("lang=\"fr\""),
        "{page}"
    );
}

/// With a base URL a page names its own address (canonical, `og:url`, JSON-LD `url`) and
/// links to the other languages and the PDF absolutely; apart from those links it is the
/// page built without one.
#[test]
fn pages_under_a_base_url_name_their_address_and_link_absolutely() {
    let b = built();
    assert_eq!(b.based.len(), 3);
    for (page, _) in &b.based {
        let url = format!("{BASE}{TRILINGUAL}.{}.html", page.lang.code());
        let html = &page.html;
        assert!(
            html.contains(&format!("<link rel=\"canonical\" href=\"{url}\">")),
            "{html}"
        );
        assert!(
            html.contains(&format!("<meta property=\"og:url\" content=\"{url}\">")),
            "{html}"
        );
        let ld_start = html.find("<script type=\"application/ld+json\">").unwrap();
        let ld = &html[ld_start..];
        let ld = &ld[ld.find('>').unwrap() + 1..ld.find("</script>").unwrap()];
        let ld: serde_json::Value = serde_json::from_str(ld).unwrap();
        assert_eq!(ld["url"], url.as_str());
        for (start, _) in html.match_indices("href=\"") {
            let v = &html[start + 6..];
            let v = &v[..v.find('"').unwrap()];
            assert!(
                v.starts_with('#') || has_scheme(v),
                "relative href {v} in {}",
                page.file_name
            );
        }
        for lang in ["nl", "fr", "de"] {
            let alt = format!("hreflang=\"{lang}\" href=\"{BASE}{TRILINGUAL}.{lang}.html\"");
            assert!(html.contains(&alt), "{alt} missing: {html}");
        }
        // Without the base it is the same page but for those: nothing else changed.
        let plain = &b
            .pages
            .iter()
            .find(|(p, _)| p.file_name == page.file_name)
            .unwrap()
            .0
            .html;
        let keep = |s: &str| {
            s.lines()
                .filter(|l| {
                    !l.starts_with("<script type=\"application/ld+json\">")
                        && !l.starts_with("<link rel=\"canonical\"")
                        && !l.starts_with("<meta property=\"og:url\"")
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        let absolute = plain.replace(
            &format!("href=\"{TRILINGUAL}."),
            &format!("href=\"{BASE}{TRILINGUAL}."),
        );
        assert_eq!(keep(html), keep(&absolute));
    }
}

/// Whether `href` is absolute (has a URL scheme: `https:`, `mailto:`, …), so it resolves
/// wherever the HTML is read.
fn has_scheme(href: &str) -> bool {
    href.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// The index follows the pages' rule: relative links without a base URL, absolute ones
/// under it (every release, every PDF, the feed), and then it names its own address. The
/// index was left relative under `--base-url` while the feed and pages were absolute.
#[test]
fn index_links_are_absolute_under_a_base_url_and_relative_without() {
    let b = built();
    let plain = std::fs::read_to_string(b.dir.join("index.nl.html")).unwrap();
    let based = std::fs::read_to_string(b.dir.join("based/index.nl.html")).unwrap();
    let hrefs = |html: &str| -> Vec<String> {
        html.match_indices("href=\"")
            .map(|(start, _)| {
                let v = &html[start + 6..];
                v[..v.find('"').unwrap()].to_string()
            })
            .collect()
    };
    let (p, a) = (hrefs(&plain), hrefs(&based));
    assert!(p.len() > 10, "{plain}");
    assert_eq!(a.len(), p.len() + 1, "one more: the canonical link");
    assert!(p.iter().all(|h| !has_scheme(h)), "relative: {p:?}");
    assert!(a.iter().all(|h| h.starts_with(BASE)), "absolute: {a:?}");
    let canonical = format!("<link rel=\"canonical\" href=\"{BASE}index.nl.html\">");
    assert!(based.contains(&canonical), "{based}");
    assert!(
        based.contains(&format!("href=\"{BASE}feed.nl.xml\"")),
        "{based}"
    );
    // Apart from the links, the same page.
    let absolute = plain.replace("href=\"", &format!("href=\"{BASE}"));
    assert_eq!(based.replace(&format!("{canonical}\n"), ""), absolute);
}

/// The bug: a photo went into the page at full size (a 3000-pixel JPEG inline, with
/// `width="3000"`). Now at most twice the text column's CSS width in pixels, in
/// proportion, with the column's width as its `width`, and its alt text kept; a photo
/// narrower than the bound stays as it is.
#[test]
fn photos_are_shrunk_to_twice_the_column_for_the_web() {
    use base64::Engine as _;
    use communique::channel::html::{PHOTO_CSS_WIDTH, PHOTO_DENSITY};
    use communique::photo::Image;
    let path = root().join("tests/photos/large.toml");
    let source = std::fs::read(&path).unwrap();
    let names = Names {
        stem: "large",
        split_pdf: false,
        base: None,
    };
    let build = || engine().build_html(&path.to_string_lossy(), &source, names);
    let pages = build().unwrap();
    let html = &pages[0].html;
    let imgs: Vec<&str> = html.split("<img ").skip(1).collect();
    assert_eq!(imgs.len(), 2, "{html}");
    let attr = |img: &str, name: &str| -> String {
        let v = &img[img.find(&format!(" {name}=\"")).unwrap() + name.len() + 3..];
        v[..v.find('"').unwrap()].to_string()
    };
    let mut sizes = Vec::new();
    for img in &imgs {
        let src = img.strip_prefix("src=\"data:image/").unwrap();
        let data = &src[src.find(";base64,").unwrap() + 8..src.find('"').unwrap()];
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data)
            .unwrap();
        let image = communique::photo::decode(&bytes).unwrap();
        let (w, h) = image.size();
        let (cw, ch): (u32, u32) = (
            attr(img, "width").parse().unwrap(),
            attr(img, "height").parse().unwrap(),
        );
        match image {
            Image::Jpeg(_) => assert_eq!(w, PHOTO_DENSITY * PHOTO_CSS_WIDTH, "to the bound"),
            // Kept at full size only when that encodes smaller (see `WebPhoto::new`).
            Image::Raster(_) | Image::Png(_) => {
                assert!([PHOTO_DENSITY * PHOTO_CSS_WIDTH, 1600].contains(&w))
            }
        }
        assert_eq!(cw, PHOTO_CSS_WIDTH);
        // In proportion, pixels and display size alike (3000 × 2000 and 1600 × 1066).
        let ratio = |a: u32, b: u32| f64::from(a) / f64::from(b);
        let want = if matches!(image, Image::Jpeg(_)) {
            1.5
        } else {
            1600.0 / 1066.0
        };
        assert!((ratio(w, h) - want).abs() < 0.01, "{w} × {h}");
        assert!((ratio(cw, ch) - want).abs() < 0.01, "{cw} × {ch}");
        sizes.push(bytes.len());
    }
    assert!(
        html.contains("alt=\"Een groot kleurverloop\"") && html.contains("alt=\"Een grote kaart\""),
        "{html}"
    );
    let jpeg = std::fs::read(root().join("tests/photos/files/large.jpg")).unwrap();
    assert!(
        sizes[0] < jpeg.len() / 2,
        "{} of {} bytes",
        sizes[0],
        jpeg.len()
    );
    assert_eq!(
        build().unwrap()[0].html,
        *html,
        "a rebuild is byte-identical"
    );

    // The example's 1200-pixel photo is under the bound: its bytes go in as they are.
    let (page, _) = built()
        .pages
        .iter()
        .find(|(p, _)| p.file_name == "persbericht-haven-foto.nl.html")
        .unwrap();
    let haven = std::fs::read(root().join("examples/photos/haven.jpg")).unwrap();
    let inline = base64::engine::general_purpose::STANDARD.encode(&haven);
    assert!(page.html.contains(&inline));
    assert!(
        page.html.contains("width=\"664\" height=\"443\""),
        "{}",
        page.html
    );
}

/// `--web-fonts`: each page carries the faces of the PDF its text is set in as
/// `@font-face` data: URIs, each subset to its own characters, first in the font stacks;
/// without it, none. The wilmes page sets no text in four of the eight faces (no sans
/// italic, no bold italic), which it does not carry. (The pages are checked by Nu and axe
/// with the others; that Chromium draws each text in the face meant is
/// `web_fonts_draw_every_text_in_the_face_its_style_names`.)
#[test]
fn web_fonts_embed_the_faces_the_page_uses_subset_to_their_text() {
    let b = built();
    let page = std::fs::read_to_string(b.dir.join("based/wilmes-web-fonts.fr.html")).unwrap();
    let plain = &b
        .pages
        .iter()
        .find(|(p, _)| p.file_name == "persbericht-wilmes.fr.html")
        .unwrap()
        .0
        .html;
    assert!(!plain.contains("@font-face"));
    let rules: Vec<&str> = page.split("@font-face").skip(1).collect();
    let declared: Vec<String> = rules
        .iter()
        .map(|r| {
            r[..r.find("src:").unwrap()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert_eq!(
        declared,
        [
            "{ font-family: \"communique-serif\"; font-style: normal; font-weight: 400; font-display: swap;",
            "{ font-family: \"communique-serif\"; font-style: italic; font-weight: 400; font-display: swap;",
            "{ font-family: \"communique-serif\"; font-style: normal; font-weight: 700; font-display: swap;",
            "{ font-family: \"communique-sans\"; font-style: normal; font-weight: 400; font-display: swap;",
            "{ font-family: \"communique-sans\"; font-style: normal; font-weight: 700; font-display: swap;",
        ]
    );
    assert!(page.contains("--serif: \"communique-serif\", Georgia"));
    let article = &plain[plain.find("<article>").unwrap()..plain.find("</article>").unwrap()];
    let text: String = (article.split('<'))
        .filter_map(|s| s.split_once('>'))
        .map(|(_, t)| t)
        .collect();
    let Some(fonts) = woff2_fonts(&page, &b.dir.join("woff2-wilmes")) else {
        return;
    };
    assert_eq!(fonts.len(), 5);
    let faces: Vec<ttf_parser::Face> = fonts
        .iter()
        .map(|f| ttf_parser::Face::parse(f, 0).expect("a font file"))
        .collect();
    // Each glyph came through WOFF2's glyf transform and back whole: advance and outline
    // box as in the shipped face (the first rule is the serif roman).
    let whole = ttf_parser::Face::parse(communique::font::embedded_faces()[0], 0).unwrap();
    for c in "Persbericht Wilmes".chars() {
        let (old, new) = (
            whole.glyph_index(c).unwrap(),
            faces[0].glyph_index(c).unwrap(),
        );
        assert_eq!(
            whole.glyph_hor_advance(old),
            faces[0].glyph_hor_advance(new)
        );
        assert_eq!(
            whole.glyph_bounding_box(old),
            faces[0].glyph_bounding_box(new),
            "{c:?}"
        );
    }
    for c in text
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace() && *c != '&')
    {
        assert!(
            faces.iter().any(|f| f.glyph_index(c).is_some()),
            "{c:?} in no subset"
        );
    }
    assert!(
        faces.iter().all(|f| f.glyph_index('Ω').is_none()),
        "not on the page"
    );
    // Each face holds its own text only: every other face has fewer glyphs than the body's
    // serif (with one set of the page's characters for all, they had the same).
    let sizes: Vec<u16> = faces.iter().map(|f| f.number_of_glyphs()).collect();
    assert!(
        sizes[1..].iter().all(|&n| n < sizes[0]),
        "glyphs per face: {sizes:?}"
    );
}

/// The `@font-face` fonts of `page`, in order: each a `font/woff2` data: URI, decoded by
/// fontTools (`tests/html/woff2.py`, an implementation independent of the encoder) back to
/// TrueType, in `dir`.
fn woff2_fonts(page: &str, dir: &Path) -> Option<Vec<Vec<u8>>> {
    use base64::Engine as _;
    std::fs::create_dir_all(dir).unwrap();
    let have = Command::new("python3")
        .args(["-c", "import fontTools, brotli"])
        .status()
        .is_ok_and(|s| s.success());
    if !have {
        missing(
            "Python fontTools and brotli",
            "pip install fonttools brotli",
        );
        return None;
    }
    let prefix = "url(\"data:font/woff2;base64,";
    let mut files = Vec::new();
    for (i, (start, _)) in page.match_indices(prefix).enumerate() {
        let data = &page[start + prefix.len()..];
        let data = &data[..data.find('"').unwrap()];
        let font = base64::engine::general_purpose::STANDARD
            .decode(data)
            .unwrap();
        assert!(font.len() < 25_000, "{} bytes", font.len());
        assert_eq!(&font[..4], b"wOF2");
        let path = dir.join(format!("{i}.woff2"));
        std::fs::write(&path, font).unwrap();
        files.push(path);
    }
    assert_eq!(
        page.matches("format(\"woff2\")").count(),
        files.len(),
        "every rule names its format"
    );
    let out = Command::new("python3")
        .arg(root().join("tests/html/woff2.py"))
        .args(&files)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let fonts = files
        .iter()
        .map(|f| {
            let r = &report[f.to_string_lossy().as_ref()];
            assert_eq!(r["flavor"], "woff2", "{}", f.display());
            for t in [
                "OS/2", "cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp",
            ] {
                assert!(
                    r["tables"].as_array().unwrap().iter().any(|x| x == t),
                    "{t}"
                );
            }
            std::fs::read(f.with_extension("woff2.ttf")).unwrap()
        })
        .collect();
    Some(fonts)
}

/// The shipped templates and brands, with an `html/style` of the user's own: the shipped
/// one, and then article paragraphs in the sans italic and the lead in the serif bold
/// italic.
fn own_style_engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut assets = Assets::embedded();
        assets.brands = example_brands();
        assets.files = Some(std::sync::Arc::new(ExampleFiles));
        let style = assets.templates.get_mut("html/style").unwrap();
        style.push_str(
            "article p { font-family: var(--sans); font-style: italic; }\n\
             article p.lead { font-family: var(--serif); font-weight: 700; }\n",
        );
        Engine::new(assets).expect("the own stylesheet compiles")
    })
}

/// Every example's pages built with web fonts, the wilmes pages with a stylesheet of the
/// user's own ([`own_style_engine`]), and the index of them all (nl), in `web-fonts/`:
/// what Chromium's face check reads.
fn web_font_files() -> Vec<PathBuf> {
    let b = built();
    let dir = b.dir.join("web-fonts");
    std::fs::create_dir_all(&dir).unwrap();
    let opts = communique::BuildOptions {
        formats: "html".parse().unwrap(),
        web_fonts: Some(true),
        ..communique::BuildOptions::default()
    };
    let mut files = Vec::new();
    for ex in examples() {
        let stem = ex.file_stem().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read(&ex).unwrap();
        for r in engine_for(&stem)
            .render_as("x.toml", &stem, &source, &opts)
            .unwrap()
        {
            let path = dir.join(format!("{stem}.{}.html", r.lang.unwrap().code()));
            std::fs::write(&path, &r.bytes).unwrap();
            files.push(path);
        }
    }
    // The wilmes page with a stylesheet of the user's own, which sets faces the shipped
    // one never does (sans italic, serif bold italic): `faces.rs` cannot mirror it, so
    // the page must carry every face with every character.
    let source = std::fs::read(root().join("examples/persbericht-wilmes.toml")).unwrap();
    for r in own_style_engine()
        .render_as("x.toml", "wilmes", &source, &opts)
        .unwrap()
    {
        let path = dir.join(format!("own-style.{}.html", r.lang.unwrap().code()));
        std::fs::write(&path, &r.bytes).unwrap();
        files.push(path);
    }
    let listings: Vec<Listing> = b.pages.iter().map(|(p, _)| p.listing.clone()).collect();
    let index = dir.join("index.nl.html");
    let html = engine().html_index(Lang::Nl, &listings, None, Some(true));
    std::fs::write(&index, html.unwrap()).unwrap();
    files.push(index);
    files
}

/// With web fonts, Chromium draws every text of every example page and of the index, on
/// screen and in print, in the web font its computed style names (family, weight, style):
/// each face the page uses is there (`channel/html/faces.rs` mirrors the shipped
/// stylesheet; a page with its own gets every face), and holds every character set in it.
/// The one exception allowed: a character the whole face lacks (the footnotes' back arrow
/// "↩"), which the browser takes from a system font with or without web fonts.
#[test]
fn web_fonts_draw_every_text_in_the_face_its_style_names() {
    let modules = node_modules();
    if !modules.join("puppeteer-core/package.json").is_file() {
        missing("puppeteer-core", "npm install puppeteer-core");
        return;
    }
    if !Path::new(CHROMIUM).is_file() {
        missing("chromium", "apt-get install chromium");
        return;
    }
    let files = web_font_files();
    let report = chromium_report("tests/html/faces.mjs", &modules, &files);
    let faces = communique::font::embedded_faces();
    let mut checked = 0;
    let mut used = std::collections::BTreeSet::new();
    let mut bad = Vec::new();
    for (file, texts) in report.as_object().unwrap() {
        for t in texts.as_array().unwrap() {
            let family = t["family"].as_str().unwrap();
            let sans = family.starts_with("communique-sans");
            assert!(sans || family.starts_with("communique-serif"), "{family}");
            let bold = t["weight"].as_str().unwrap().parse::<u32>().unwrap() >= 600;
            let italic = t["style"] == "italic";
            let id = usize::from(sans) * 4 + usize::from(bold) * 2 + usize::from(italic);
            let want = communique::font::FACE_FILES[id].trim_end_matches(".ttf");
            let whole = ttf_parser::Face::parse(faces[id], 0).unwrap();
            let text = t["text"].as_str().unwrap();
            for font in t["fonts"].as_array().unwrap() {
                checked += 1;
                let name = font["postScriptName"].as_str().unwrap();
                if name == want && font["isCustomFont"] == true {
                    used.insert(id);
                    continue;
                }
                // Not the web font: allowed only for characters the whole face lacks.
                let lacks = text
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .any(|c| whole.glyph_index(c).is_none());
                if !lacks {
                    bad.push(format!(
                        "{file} ({}): {text:?} in {name}, not {want}",
                        t["media"]
                    ));
                }
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert_eq!(report.as_object().unwrap().len(), files.len());
    assert!(checked > 1000, "{checked} texts checked");
    assert!(used.len() >= 5, "faces seen: {used:?}");
    // The own stylesheet's faces, which no shipped rule sets: sans italic, serif bold italic.
    assert!(
        used.contains(&5) && used.contains(&3),
        "faces seen: {used:?}"
    );
}
