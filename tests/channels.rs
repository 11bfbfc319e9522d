//! The output formats (`--format pdf,html,txt,eml`) through the real binary: every format
//! goes through the same manifest, report and checks as the PDF.

mod common;

use common::{root, run, temp_dir, text};
use std::path::Path;

fn copy_example(dir: &Path, name: &str) {
    std::fs::copy(root().join("examples").join(name), dir.join(name)).unwrap();
}

/// A format that does not exist is a usage error naming the valid ones; nothing is built.
#[test]
fn an_unknown_format_is_a_usage_error_naming_the_valid_ones() {
    let dir = temp_dir("channels-unknown");
    copy_example(&dir, "persbericht-wilmes.toml");
    for list in ["pdf,docx", "PDF", "pdf,,txt"] {
        let out = run(
            &dir,
            &["build", "persbericht-wilmes.toml", "--format", list],
        );
        assert_eq!(out.status.code(), Some(2), "{list}");
        let err = text(&out.stderr);
        assert!(
            err.contains("the formats are: pdf, html, txt, eml"),
            "{list}: {err}"
        );
    }
    assert!(!dir.join("persbericht-wilmes.pdf").exists());
}

/// The JSON report names each output's format; the default is the PDF alone.
#[test]
fn the_report_names_each_outputs_format() {
    let dir = temp_dir("channels-report");
    copy_example(&dir, "persbericht-wilmes.toml");
    let out = run(&dir, &["build", "persbericht-wilmes.toml", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let outputs = report["files"][0]["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), 1);
    assert_eq!(outputs[0]["format"], "pdf");
    assert!(outputs[0]["pages"].as_u64().unwrap() >= 1);
}

const ALL: &str = "pdf,html,txt,eml";

/// The examples built in every format into a fresh folder (`--split` or not), once per
/// process per folder name.
fn build_examples(name: &str, split: bool) -> std::path::PathBuf {
    build_examples_under(name, split, None)
}

/// [`build_examples`] with `--base-url` when `base` is given.
fn build_examples_under(name: &str, split: bool, base: Option<&str>) -> std::path::PathBuf {
    let dir = temp_dir(name);
    let examples = root().join("examples");
    let brands = examples.join("brands");
    let mut args = vec![
        "build".to_string(),
        examples.display().to_string(),
        "--brands".into(),
        brands.display().to_string(),
        "-o".into(),
        "out".into(),
        "--format".into(),
        ALL.into(),
        "-q".into(),
    ];
    if split {
        args.push("--split".into());
    }
    if let Some(base) = base {
        args.extend(["--base-url".into(), base.into()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(&dir, &args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    dir.join("out")
}

fn built() -> &'static std::path::Path {
    static DIR: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| build_examples("channels-all", false))
}

const BASE: &str = "https://pers.example/nieuws/";

/// The examples in every format under `--base-url` [`BASE`].
fn based() -> &'static std::path::Path {
    static DIR: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| build_examples_under("channels-based", false, Some(BASE)))
}

fn files(dir: &Path, ext: &str) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    v.sort();
    v
}

/// The release and language of a one-language output `<stem>.<lang>.<ext>`.
fn source_of(file: &Path) -> (communique::model::Release, communique::Lang) {
    let name = file.file_stem().unwrap().to_string_lossy().into_owned();
    let (stem, lang) = name.rsplit_once('.').unwrap();
    let source = std::fs::read(root().join("examples").join(format!("{stem}.toml"))).unwrap();
    let release = common::engine().check("x.toml", &source).unwrap();
    let lang = communique::Lang::ALL
        .into_iter()
        .find(|l| l.code() == lang)
        .unwrap();
    (release, lang)
}

#[test]
fn every_example_gives_every_format() {
    let dir = built();
    for toml in files(&root().join("examples"), "toml") {
        let stem = toml.file_stem().unwrap().to_string_lossy().into_owned();
        for ext in ["pdf", "eml"] {
            assert!(dir.join(format!("{stem}.{ext}")).exists(), "{stem}.{ext}");
        }
        let (release, _) = source_of(&dir.join(format!("{stem}.nl.txt")));
        for lang in &release.languages {
            for ext in ["html", "txt"] {
                let f = dir.join(format!("{stem}.{}.{ext}", lang.code()));
                assert!(f.exists(), "{}", f.display());
            }
        }
    }
}

/// Every word the author wrote in a language comes back from that language's text.
#[test]
fn every_source_word_comes_back_from_each_text() {
    use common::words::{counts, source_parts, words};
    for file in files(built(), "txt") {
        let (release, lang) = source_of(&file);
        let got = counts(words(&std::fs::read_to_string(&file).unwrap()));
        let source = words(&source_parts(&release, lang).join("\n"));
        let mut lost: Vec<String> = counts(source)
            .into_iter()
            .filter(|(w, n)| got.get(w).copied().unwrap_or(0) < *n)
            .map(|(w, n)| format!("{w} ×{n}"))
            .collect();
        lost.sort();
        assert!(
            lost.is_empty(),
            "{}: words missing: {}",
            file.display(),
            lost.join(", ")
        );
    }
}

/// Lines are at most 72 columns (tables too), unless one unbreakable token (a long URL)
/// stands alone on a longer one; and every URL of the source stands whole on one line of
/// the text (as its link text shows it, when that is the address without `https://`).
#[test]
fn texts_wrap_at_72_columns_without_breaking_a_url() {
    for file in files(built(), "txt") {
        let text = std::fs::read_to_string(&file).unwrap();
        for line in text.lines() {
            let long = line.chars().count() > 72;
            let one_token = !line.trim().contains(' ');
            assert!(!long || one_token, "{}: {line:?}", file.display());
            assert_eq!(line, line.trim_end(), "{}: trailing space", file.display());
        }
        let (release, lang) = source_of(&file);
        let source = common::words::source_text(&release, lang);
        let urls = source
            .split(|c: char| c.is_whitespace() || "()<>[]\"".contains(c))
            .filter(|t| t.starts_with("http"))
            .map(|t| t.trim_end_matches(['.', ',', ';']));
        for url in urls {
            // A link whose text is its address without the scheme shows it as written.
            let bare = url.split_once("://").map_or(url, |(_, rest)| rest);
            assert!(
                text.lines().any(|l| l.contains(url) || l.contains(bare)),
                "{}: {url} not whole on one line",
                file.display()
            );
        }
        assert!(text.ends_with('\n') && !text.ends_with("\n\n"));
    }
}

/// A joint release's text names its organisations in blocks of their own, an empty line
/// between them, as the PDF's letterhead sets them apart.
#[test]
fn a_joint_release_text_sets_each_organisation_apart() {
    for (lang, first, second) in [
        ("nl", "digital-affairs.example", "Justitie"),
        ("fr", "digital-affairs.example", "Justice"),
    ] {
        let file = built().join(format!("gezamenlijk-persbericht.{lang}.txt"));
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let end = lines.iter().position(|l| *l == first).unwrap();
        assert_eq!(lines[end + 1], "", "{text}");
        assert_eq!(lines[end + 3], second, "{text}");
        // One organisation's lines are not split.
        assert!(lines[..end].iter().all(|l| !l.is_empty()), "{text}");
    }
}

/// Several press contacts stand apart in the text with an empty line, as on paper and on
/// the page: run together, a journalist cannot tell whose phone number ends one contact
/// (until session 17 the text dropped the empty line that the contacts' `<br/><br/>`
/// makes). Each contact's lines stay together.
#[test]
fn several_contacts_stand_apart_in_the_text() {
    for (file, heading, firsts) in [
        (
            "crisisupdate-stroompanne.nl.txt",
            "Contacten",
            ["An Peeters", "Infolijn / Ligne info"],
        ),
        (
            "crisisupdate-stroompanne.fr.txt",
            "Contacts presse",
            ["Luc Dubois", "Infolijn / Ligne info"],
        ),
        (
            "gezamenlijk-persbericht.nl.txt",
            "Contacten",
            ["An Peeters", "Tom Willems"],
        ),
        (
            "gezamenlijk-persbericht.fr.txt",
            "Contacts presse",
            ["Luc Dubois", "Claire Lambert"],
        ),
    ] {
        let text = std::fs::read_to_string(built().join(file)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let at = lines.iter().rposition(|l| *l == heading).unwrap();
        let groups: Vec<&[&str]> = lines[at + 1..].split(|l| l.is_empty()).collect();
        assert_eq!(groups.len(), 2, "{file}:\n{text}");
        for (group, first) in groups.iter().zip(firsts) {
            assert_eq!(group[0], first, "{file}:\n{text}");
            assert!(group.len() >= 3, "{file}:\n{text}");
        }
    }
}

/// Python's `email` package with its strict policy reads each message: the MIME tree of
/// the issue, the headers, and the attachment's bytes equal to the PDF beside it. A
/// message whose pages show images (`<img src="data:…">`, a vector logo's inline `<svg>`)
/// has them as `multipart/related` parts beside its HTML, each distinct image once with
/// the page's bytes (a vector logo as a PNG at twice its CSS size), every `cid:`
/// resolving to one and each one referred to, and no `data:` URI or `<svg>` left; a
/// message without images has no related part.
#[test]
fn emails_parse_with_pythons_email_package() {
    // Every example's letterhead shows the default brand's vector logo, as one PNG part
    // referred to once per language; the joint release's shows two brands' logos. The
    // photo example also shows a JPEG photo and a PNG map in each of its two languages:
    // three image parts, each referred to twice (once, split by language).
    assert_eq!(
        check_emails(built(), false),
        [
            "communique-trilingue.eml 1 3",
            "crisisupdate-stroompanne.eml 1 2",
            "gezamenlijk-persbericht.eml 2 4",
            "kustwacht-stormwaarschuwing.eml 1 2",
            "persbericht-haven-foto.eml 3 6",
            "persbericht-wilmes.eml 1 2",
            "statistiek-werkloosheid.eml 1 2",
        ]
    );
    let split = check_emails(&build_examples("channels-split", true), true);
    let foto: Vec<&String> = split.iter().filter(|l| l.contains("-foto.")).collect();
    assert_eq!(
        foto,
        [
            "persbericht-haven-foto.fr.eml 3 3",
            "persbericht-haven-foto.nl.eml 3 3",
        ]
    );
}

/// Checks every message in `dir` (see the script) and gives, for each one with images,
/// "<file> <image parts> <cid: references>".
fn check_emails(dir: &Path, split: bool) -> Vec<String> {
    let script = r#"
import base64, email, re, struct, sys, pathlib
from email import policy
path = pathlib.Path(sys.argv[1])
m = email.message_from_bytes(path.read_bytes(), policy=policy.default)
assert not m.defects, m.defects
# No header of the message or of a part has a defect (an encoded word with no space after
# it, a malformed address): the strict parser reports them per header, not in m.defects.
bad = [(k, v.defects) for p in m.walk() for k, v in p.items() if v.defects]
assert not bad, bad
assert m.get_content_type() == "multipart/mixed", m.get_content_type()
parts = list(m.iter_parts())
assert [p.get_content_type() for p in parts] == ["multipart/alternative", "application/pdf"], parts
for h in ["From", "Subject", "Date", "Message-ID", "Content-Language"]:
    assert m[h], h
# The images the message's pages carry as data: URIs, each distinct one once, in order.
langs = [l.strip() for l in m["Content-Language"].split(",")]
files = sys.argv[3].split(",")
stem = path.name[: -len(".eml")]
if sys.argv[2] == "split":
    stem = stem.rsplit(".", 1)[0]
# A vector logo (inline <svg class="logo"> in the pages) travels as a PNG rasterised from
# it: ("logo", its viewBox size, its paths), the same paths in two languages one part.
shown = []
for lang in langs:
    page = path.with_name(f"{stem}.{lang}.html").read_text()
    found = re.findall(
        r'<svg class="logo"[^>]* viewBox="0 0 ([0-9.]+) ([0-9.]+)">(.*?)</svg>'
        r'|<img [^>]*src="data:(image/[^;"]+);base64,([^"]+)"',
        page,
    )
    for vw, vh, paths, mime, data in found:
        if paths:
            image = ("logo", (float(vw), float(vh)), paths)
        else:
            image = (mime, base64.b64decode(data, validate=True))
        if image not in shown:
            shown.append(image)
alt = [p.get_content_type() for p in parts[0].iter_parts()]
if not shown:
    # Without images the structure is as it was: no related part, empty or not.
    assert alt == ["text/plain", "text/html"], alt
    assert not any(p.get_content_type() == "multipart/related" for p in m.walk())
else:
    assert alt == ["text/plain", "multipart/related"], alt
    related = list(parts[0].iter_parts())[1]
    assert related.get_param("type") == "text/html", related["Content-Type"]
    inner = list(related.iter_parts())
    assert inner[0].get_content_type() == "text/html", inner[0]
    html = inner[0].get_content()
    assert "data:" not in html, "a data: URI is left in the HTML part"
    domain = m["Message-ID"].strip("<>").split("@", 1)[1]
    cids, names = [], []
    for p in inner[1:]:
        assert p.get_content_maintype() == "image", p.get_content_type()
        assert p.get_content_disposition() == "inline", p["Content-Disposition"]
        names.append(p.get_filename())
        assert p["Content-Transfer-Encoding"] == "base64", p["Content-Transfer-Encoding"]
        cid = p["Content-ID"]
        assert re.fullmatch(r"<[0-9a-f]{32}@" + re.escape(domain) + ">", cid), cid
        cids.append(cid[1:-1])
    assert len(set(cids)) == len(cids), cids
    got = [(p.get_content_type(), p.get_content()) for p in inner[1:]]
    assert len(got) == len(shown), ([(t, len(b)) for t, b in got], len(shown))
    for (mime, data), want in zip(got, shown):
        if want[0] != "logo":
            assert (mime, data) == want, (mime, len(data))
            continue
        # Twice the 72 CSS pixels the page shows it at, in proportion, 8-bit RGBA.
        assert mime == "image/png" and data[:8] == b"\x89PNG\r\n\x1a\n", mime
        w, h, depth, color = struct.unpack(">IIBB", data[16:26])
        (vw, vh) = want[1]
        assert (w, h, depth, color) == (144, int(144 * vh / vw + 0.5), 8, 6), (w, h, want[1])
    assert "<svg" not in html, "an inline SVG is left in the HTML part"
    for alt in re.findall(r'<img src="cid:[^"]+" alt="([^"]*)"', html):
        assert alt, "an image without alt"
    referred = re.findall(r'src="cid:([^"]+)"', html)
    assert referred, "no cid: in the HTML part"
    assert set(referred) <= set(cids), (referred, cids)
    assert set(cids) <= set(referred), ("an image part nothing refers to", referred, cids)
    # A logo is logo.png (logo-2.png, … for a joint release's partners); a photo has the
    # name of its file in the release.
    photos = [n for n in names if not re.fullmatch(r"logo(-[0-9]+)?\.png", n or "")]
    assert all(n in files for n in photos), (names, files)
    print("related", len(cids), len(referred))
assert m["Date"].datetime is not None
pdf = parts[1]
assert pdf.get_content_disposition() == "attachment"
beside = path.with_name(pdf.get_filename())
assert pdf.get_content() == beside.read_bytes(), beside
print(m["Content-Language"])
print(pdf.get_filename())
print(m["Subject"])
"#;
    let emls = files(dir, "eml");
    assert!(!emls.is_empty());
    // The examples' photos' file names, which their image parts must carry.
    let mut photo_files: Vec<String> = std::fs::read_dir(root().join("examples/photos"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    photo_files.sort();
    let photo_files = photo_files.join(",");
    let mut related = Vec::new();
    for eml in emls {
        let out = std::process::Command::new("python3")
            .args(["-c", script])
            .arg(&eml)
            .arg(if split { "split" } else { "whole" })
            .arg(&photo_files)
            .output()
            .expect("python3 runs");
        assert!(
            out.status.success(),
            "{}: {}",
            eml.display(),
            text(&out.stderr)
        );
        let said = text(&out.stdout);
        let mut lines = said.lines();
        let name = eml.file_name().unwrap().to_string_lossy().into_owned();
        if let Some(counts) = lines
            .clone()
            .next()
            .and_then(|l| l.strip_prefix("related "))
        {
            related.push(format!("{name} {counts}"));
            lines.next();
        }
        let (langs, pdf) = (lines.next().unwrap(), lines.next().unwrap());
        if split {
            // <stem>.<lang>.eml carries <stem>.<lang>.pdf and speaks that language only.
            assert_eq!(pdf, name.replace(".eml", ".pdf"));
            assert_eq!(langs.len(), 2, "{name}: {langs}");
        } else {
            assert_eq!(pdf, name.replace(".eml", ".pdf"));
        }
    }
    related
}

/// A raster logo (examples/brand-kustwacht's PNG, an `<img>` in each page's header) travels
/// as a related image part like a photo: one part for both languages, referred to twice.
#[test]
fn a_raster_logo_travels_as_one_related_image_part() {
    let dir = temp_dir("channels-png-logo");
    copy_example(&dir, "kustwacht-stormwaarschuwing.toml");
    let brand = root().join("examples/brand-kustwacht/brand.toml");
    let out = run(
        &dir,
        &[
            "build",
            "kustwacht-stormwaarschuwing.toml",
            "--brand",
            &brand.display().to_string(),
            "--format",
            ALL,
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let related = check_emails(&dir, false);
    assert_eq!(related, ["kustwacht-stormwaarschuwing.eml 1 2"]);
}

/// Two different photos with one file name (`photos/kaart.png`, `andere/kaart.png`) travel
/// as two image parts named apart, `kaart.png` and `kaart-2.png`: a mail program saving the
/// message's images would otherwise write the second over the first.
#[test]
fn two_photos_of_one_file_name_are_two_parts_named_apart() {
    let dir = temp_dir("channels-same-name");
    let source = std::fs::read_to_string(root().join("examples/persbericht-haven-foto.toml"))
        .unwrap()
        .replace("file = \"photos/haven.jpg\"", "file = \"andere/kaart.png\"");
    assert!(source.contains("andere/kaart.png"));
    std::fs::write(dir.join("haven.toml"), source).unwrap();
    for (folder, png) in [
        ("photos", "examples/photos/kaart.png"),
        ("andere", "examples/persbericht-wilmes-page1.png"),
    ] {
        std::fs::create_dir_all(dir.join(folder)).unwrap();
        std::fs::copy(root().join(png), dir.join(folder).join("kaart.png")).unwrap();
    }
    let out = run(&dir, &["build", "haven.toml", "--format", "eml"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let eml = std::fs::read_to_string(dir.join("haven.eml")).unwrap();
    let names: Vec<&str> = eml
        .split("Content-Disposition: inline; filename=\"")
        .skip(1)
        .filter_map(|rest| rest.split_once('"').map(|(name, _)| name))
        .collect();
    // The brand's logo, then the photos in the order the page shows them.
    assert_eq!(
        names,
        ["logo.png", "kaart.png", "kaart-2.png"],
        "{eml:.2000}"
    );
}

/// A PNG photo with no more pixels than the page needs travels as the user's file, in the
/// web pages and in the e-mail, as a JPEG does: encoding its pixels again cost more than
/// the release's PDF (58 M instructions for the photo example's map) and gave a larger file
/// (3,499 bytes against the map's 2,987).
#[test]
fn a_png_photo_the_page_need_not_shrink_travels_as_its_file() {
    use base64::Engine as _;
    let dir = built();
    let map = std::fs::read(root().join("examples/photos/kaart.png")).unwrap();
    let script = "import email, email.policy, sys\n\
        m = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=email.policy.default)\n\
        parts = [p.get_content() for p in m.walk() if p.get_filename() == 'kaart.png']\n\
        sys.stdout.buffer.write(parts[0] if len(parts) == 1 else b'')";
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(dir.join("persbericht-haven-foto.eml"))
        .output()
        .expect("python3 runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stdout == map, "the e-mail's kaart.png is not the file");
    for lang in ["nl", "fr"] {
        let html = std::fs::read_to_string(dir.join(format!("persbericht-haven-foto.{lang}.html")))
            .unwrap();
        let pngs: Vec<Vec<u8>> = html
            .split("src=\"data:image/png;base64,")
            .skip(1)
            .map(|rest| {
                let data = &rest[..rest.find('"').unwrap()];
                base64::engine::general_purpose::STANDARD
                    .decode(data)
                    .unwrap()
            })
            .collect();
        assert!(
            pngs.contains(&map),
            "{lang}: the page's map is not the file"
        );
    }
}

/// Two builds of the same inputs give the same bytes, in every format.
#[test]
fn rebuilds_are_byte_identical_in_every_format() {
    let a = built();
    let b = build_examples("channels-again", false);
    let names: Vec<_> = ["pdf", "html", "txt", "eml"]
        .iter()
        .flat_map(|ext| files(a, ext))
        .collect();
    assert!(names.len() > 20);
    for file in names {
        let other = b.join(file.file_name().unwrap());
        assert!(
            std::fs::read(&file).unwrap() == std::fs::read(&other).unwrap(),
            "{} differs between two builds",
            file.display()
        );
    }
}

/// A bad release gives the same errors once, whatever the formats; nothing is written.
#[test]
fn bad_input_is_reported_once_for_all_formats() {
    let dir = temp_dir("channels-bad");
    std::fs::write(
        dir.join("bad.toml"),
        "date = 2021-06-28\nlanguages = [\"nl\"]\n[nl]\ntitel = \"Oeps\"\n",
    )
    .unwrap();
    let report = |formats: &str| {
        let out = run(&dir, &["build", "bad.toml", "--format", formats, "--json"]);
        assert_eq!(out.status.code(), Some(1));
        let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        r["files"][0]["diagnostics"].clone()
    };
    let pdf = report("pdf");
    assert!(!pdf.as_array().unwrap().is_empty());
    assert_eq!(report(ALL), pdf);
    let written: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "bad.toml")
        .collect();
    assert!(written.is_empty(), "{written:?}");
}

/// Reads an e-mail with Python's `email` package (`policy.default`) and prints its decoded
/// Subject, then its text and HTML parts, separated by lines of `\x1e`.
const EMAIL_PARTS: &str = r#"
import email, sys, pathlib
from email import policy
m = email.message_from_bytes(pathlib.Path(sys.argv[1]).read_bytes(), policy=policy.default)
assert not m.defects, m.defects
alt = next(m.iter_parts())
text = next(p for p in alt.iter_parts() if p.get_content_type() == "text/plain")
html = [p for p in alt.walk() if p.get_content_type() == "text/html"]
print(m["Subject"], text.get_content(), html[0].get_content() if html else "", sep="\n\x1e\n")
"#;

/// The decoded Subject, text part and HTML part ("" without one) of the e-mail at `eml`.
fn email_parts(eml: &Path) -> [String; 3] {
    let out = std::process::Command::new("python3")
        .args(["-c", EMAIL_PARTS])
        .arg(eml)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}: {}",
        eml.display(),
        text(&out.stderr)
    );
    let said = text(&out.stdout);
    let parts: Vec<&str> = said.splitn(3, "\n\x1e\n").collect();
    assert_eq!(parts.len(), 3, "{said}");
    [0, 1, 2].map(|i| parts[i].trim_end().to_string())
}

/// The HTML part of every e-mail (every language's page in one document) passes the W3C
/// Nu HTML Checker, as the pages themselves do; one e-mail holds two languages or more.
#[test]
fn email_html_parts_pass_the_nu_checker() {
    let jar = root().join(".ci/cache/node_modules/vnu-jar/build/dist/vnu.jar");
    if !jar.is_file() {
        let skip = std::env::var_os("COMMUNIQUE_SKIP_VALIDATORS").is_some()
            && std::env::var_os("CI").is_none();
        assert!(
            skip,
            "vnu-jar (the W3C Nu HTML Checker) is not installed: bash .ci/run installs it"
        );
        eprintln!("NOT RUN: vnu-jar is not installed; COMMUNIQUE_SKIP_VALIDATORS is set");
        return;
    }
    let dir = temp_dir("channels-eml-html");
    let mut pages = Vec::new();
    let mut multilingual = 0;
    let emls = files(built(), "eml");
    let n = emls.len();
    for (i, eml) in emls.into_iter().chain(files(based(), "eml")).enumerate() {
        let [_, _, html] = email_parts(&eml);
        assert!(!html.is_empty(), "{}: no HTML part", eml.display());
        multilingual += usize::from(html.matches("<div lang=").count() > 0);
        let name = match i < n {
            true => eml.file_name().unwrap().to_string_lossy().into_owned(),
            false => format!("based-{}", eml.file_name().unwrap().to_string_lossy()),
        };
        let page = dir.join(name).with_extension("html");
        std::fs::write(&page, html).unwrap();
        pages.push(page);
    }
    assert!(multilingual >= 3, "{multilingual} multilingual e-mails");
    let out = std::process::Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "gnu"])
        .args(&pages)
        .output()
        .expect("java runs");
    let report = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(
        out.status.success() && report.trim().is_empty(),
        "the Nu checker reports errors on the e-mails' HTML parts:\n{report}"
    );
}

/// Builds `tests/channels/<file>` with `--format pdf,eml` in a fresh folder, then runs the
/// Python `lines` with `m`, the message parsed by the strict policy: what they print.
fn email_said(file: &str, lines: &str) -> String {
    let dir = temp_dir(&format!("channels-{file}"));
    std::fs::copy(root().join("tests/channels").join(file), dir.join("r.toml")).unwrap();
    let out = run(&dir, &["build", "r.toml", "--format", "pdf,eml"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let script = format!(
        "import email, email.policy, sys\n\
         m = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=email.policy.default)\n\
         {lines}"
    );
    let out = std::process::Command::new("python3")
        .args(["-c", &script])
        .arg(dir.join("r.eml"))
        .output()
        .expect("python3 runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

/// A release none of whose contacts has an address (`tests/channels/no-contacts.toml`):
/// the From is the organisation's name as an empty group, which Python's strict parser
/// reads without a defect (mail-builder wrote `=?utf-8?Q?…?=:;`, an encoded word with no
/// space after it); no header has a defect, and there is no Reply-To.
#[test]
fn a_release_without_addresses_is_from_its_organisation() {
    let said = email_said(
        "no-contacts.toml",
        "print([(k, [type(d).__name__ for d in v.defects]) for k, v in m.items() if v.defects])\n\
         print([(g.display_name, len(g.addresses)) for g in m['From'].groups])\n\
         print(m['Reply-To'])",
    );
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(
        lines,
        ["[]", "[('SPF Affaires numériques', 0)]", "None"],
        "{said}"
    );
}

/// A line break in a contact's name or the title never makes a header of its own
/// (`tests/channels/header-injection.toml`): Python's strict parser finds one From, one
/// Subject and no Bcc, the name's lines joined by a space as the page shows them.
#[test]
fn line_breaks_in_names_and_titles_make_no_header() {
    let said = email_said(
        "header-injection.toml",
        "print(sorted(k for k in m.keys()))\n\
         print(m['From'].addresses[0].display_name)\n\
         print(m['Subject'])",
    );
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(
        lines,
        [
            "['Content-Language', 'Content-Type', 'Date', 'From', 'MIME-Version', 'Message-ID', 'Reply-To', 'Subject', 'X-Unsent']",
            "Jan Peeters Bcc: victim@example.org",
            "Persbericht: Titel Bcc: x@example.org",
        ],
        "{said}"
    );
}

/// An embargoed release's e-mail says so first in its Subject: the first language's
/// embargo line when it reads "EMBARGO …", else "EMBARGO" (German says "SPERRFRIST");
/// a release without one has no "EMBARGO" there. Then the first language's kind and every
/// language's title, with the typography's no-break spaces (`14\u{a0}oktober`, as the
/// page's `<title>` keeps them) and French's no-break space before the colon.
#[test]
fn an_embargoed_release_says_embargo_in_the_subject() {
    let dir = temp_dir("channels-embargo");
    std::fs::copy(
        root().join("tests/channels/embargoed.toml"),
        dir.join("embargoed.toml"),
    )
    .unwrap();
    for split in [false, true] {
        let mut args = vec!["build", "embargoed.toml", "--format", "pdf,eml"];
        if split {
            args.push("--split");
        }
        let out = run(&dir, &args);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    let subject = |name: &str| email_parts(&dir.join(name))[0].clone();
    assert_eq!(
        subject("embargoed.eml"),
        "EMBARGO tot woensdag 14\u{a0}oktober 2026 om 12.00\u{a0}uur – Persbericht: \
         Nieuwe cijfers over de arbeidsmarkt / Nouveaux chiffres du marché du travail / \
         Neue Zahlen zum Arbeitsmarkt"
    );
    let fr = subject("embargoed.fr.eml");
    assert!(
        fr.starts_with(
            "EMBARGO jusqu’au mercredi 14\u{a0}octobre 2026 à\u{a0}12\u{a0}h\u{a0}00 – "
        ),
        "{fr}"
    );
    // French: a no-break space before the colon, as in the text.
    assert!(
        fr.ends_with("Communiqué de presse\u{a0}: Nouveaux chiffres du marché du travail"),
        "{fr}"
    );
    let de = subject("embargoed.de.eml");
    assert!(de.starts_with("EMBARGO – "), "{de}");
    assert!(de.ends_with(": Neue Zahlen zum Arbeitsmarkt"), "{de}");
    // Among the examples, only the trilingual one has an embargo.
    for eml in files(built(), "eml") {
        let s = email_parts(&eml)[0].clone();
        let stem = eml.file_stem().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(root().join(format!("examples/{stem}.toml"))).unwrap();
        let embargoed = source.lines().any(|l| l.starts_with("embargo ="));
        assert_eq!(
            s.starts_with("EMBARGO"),
            embargoed,
            "{}: {s}",
            eml.display()
        );
    }
}

/// `--templates DIR` replaces the plain text's template from `DIR/text/page.hbs`: the
/// `.txt` and the e-mail's text part are made with it.
#[test]
fn text_template_is_overridden_from_a_templates_folder() {
    let dir = temp_dir("channels-text-template");
    std::fs::create_dir_all(dir.join("tpl/text")).unwrap();
    std::fs::write(
        dir.join("tpl/text/page.hbs"),
        "OWN TEXT TEMPLATE ({{lang}})\n\n{{{body}}}\n",
    )
    .unwrap();
    copy_example(&dir, "persbericht-wilmes.toml");
    let args = [
        "build",
        "persbericht-wilmes.toml",
        "--format",
        "txt,eml",
        "--templates",
        "tpl",
    ];
    let out = run(&dir, &args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let txt = std::fs::read_to_string(dir.join("persbericht-wilmes.fr.txt")).unwrap();
    assert!(txt.starts_with("OWN TEXT TEMPLATE (fr)\n\n"), "{txt}");
    assert!(txt.contains("Wilmès"), "the body is still there: {txt}");
    let [_, body, _] = email_parts(&dir.join("persbericht-wilmes.eml"));
    assert!(
        body.starts_with("OWN TEXT TEMPLATE (nl)") && body.contains("OWN TEXT TEMPLATE (fr)"),
        "{body}"
    );
}

/// The hrefs of `html` (attributes in double quotes, as this tool writes them).
fn hrefs(html: &str) -> Vec<&str> {
    html.match_indices("href=\"")
        .map(|(at, key)| {
            let v = &html[at + key.len()..];
            &v[..v.find('"').unwrap()]
        })
        .collect()
}

/// Whether `href` resolves wherever the HTML is read: it names its scheme or points into
/// the document.
fn resolves_anywhere(href: &str) -> bool {
    href.starts_with('#')
        || href.split_once(':').is_some_and(|(scheme, _)| {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        })
}

/// No e-mail's HTML part keeps a link relative to the output folder, which a mail program
/// cannot follow: without `--base-url` such links are text (the PDF's says it is attached),
/// with one they point at the published files.
#[test]
fn no_relative_href_remains_in_an_email_html_part() {
    for eml in files(built(), "eml") {
        let [_, _, html] = email_parts(&eml);
        for h in hrefs(&html) {
            assert!(resolves_anywhere(h), "{}: href {h}", eml.display());
        }
        let stem = eml.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(
            !html.contains(&format!("{stem}.pdf")),
            "{}: still names its PDF's file",
            eml.display()
        );
        assert!(
            [
                "(bijlage)",
                "(en pièce jointe)",
                "(im Anhang)",
                "(attached)"
            ]
            .iter()
            .any(|a| html.contains(a)),
            "{}: does not say the PDF is attached",
            eml.display()
        );
    }
    let emls = files(based(), "eml");
    assert!(!emls.is_empty());
    for eml in emls {
        let [_, _, html] = email_parts(&eml);
        for h in hrefs(&html) {
            assert!(resolves_anywhere(h), "{}: href {h}", eml.display());
        }
        let stem = eml.file_stem().unwrap().to_string_lossy().into_owned();
        let pdf = format!("href=\"{BASE}{stem}.pdf\"");
        assert!(html.contains(&pdf), "{}: no {pdf}", eml.display());
        assert!(
            html.contains(&format!("<link rel=\"canonical\" href=\"{BASE}{stem}.")),
            "{}: no canonical link",
            eml.display()
        );
    }
}

/// The `Content-Transfer-Encoding` of the first `text/html` part of the e-mail at `eml`.
fn html_transfer_encoding(eml: &Path) -> String {
    let raw = text(&std::fs::read(eml).unwrap());
    let part = &raw[raw.find("Content-Type: text/html").expect("an HTML part")..];
    let head = &part[..part.find("\r\n\r\n").unwrap()];
    let line = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Transfer-Encoding: "))
        .expect("a transfer encoding");
    line.trim().to_string()
}

/// An e-mail's HTML part leaves out what only web crawlers read (the JSON-LD, the Open
/// Graph and `article:` metadata, the description, the alternate links) and keeps the head
/// a mail program reads. Without the JSON-LD's line of a few thousand octets, and with the
/// photos as parts of their own (a `data:` URI is one line of tens of kilobytes), it
/// travels as 8bit text, readable as it stands and a quarter smaller than base64: until
/// session 14 every HTML part went base64 (RFC 5322 lines are at most 998 octets).
#[test]
fn an_email_html_part_leaves_out_what_only_crawlers_read_and_goes_8bit() {
    let (mut eight, mut photos) = (0, 0);
    for eml in files(built(), "eml")
        .into_iter()
        .chain(files(based(), "eml"))
    {
        let [_, _, html] = email_parts(&eml);
        let name = eml.display();
        for gone in [
            "application/ld+json",
            "<meta property=",
            "<meta name=\"description\"",
            "rel=\"alternate\"",
        ] {
            assert!(!html.contains(gone), "{name}: {gone} is still there");
        }
        for kept in [
            "<html lang=\"",
            "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\"",
            "<title>",
            "<style>",
        ] {
            assert!(html.contains(kept), "{name}: {kept} is gone");
        }
        assert_eq!(html_transfer_encoding(&eml), "8bit", "{name}");
        assert!(
            html.lines().all(|l| l.len() <= 998),
            "{name}: a line over 998 octets"
        );
        photos += usize::from(html.contains("<figure class=\"photo\">"));
        eight += 1;
    }
    assert!(eight >= 10, "only {eight} e-mails");
    assert_eq!(photos, 2, "the photo example, with and without a base URL");
}

/// A paragraph of 3,000 octets is one line of the web page, three times RFC 5322's 998:
/// the e-mail's HTML part folds it at spaces between words and still travels as 8bit text
/// (it went base64 whole before), with every word of the paragraph in it.
#[test]
fn a_long_paragraph_folds_and_the_html_part_stays_8bit() {
    let dir = temp_dir("channels-long-paragraph");
    std::fs::copy(
        root().join("tests/channels/long-paragraph.toml"),
        dir.join("long-paragraph.toml"),
    )
    .unwrap();
    let out = run(&dir, &["build", "long-paragraph.toml", "--format", ALL]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let eml = dir.join("long-paragraph.eml");
    assert_eq!(html_transfer_encoding(&eml), "8bit");
    let [_, _, html] = email_parts(&eml);
    assert!(
        html.lines().all(|l| l.len() <= 998),
        "a line over 998 octets"
    );
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let html = words(&html);
    for lang in ["nl", "fr"] {
        let page = std::fs::read_to_string(dir.join(format!("long-paragraph.{lang}.html")));
        let page = page.unwrap();
        let line = page.lines().find(|l| l.len() > 2900);
        let line = line.expect("the paragraph is one line of the page");
        assert!(html.contains(&words(line)), "{lang}: the paragraph's words");
    }
}
