//! PDF/A-2 and PDF/UA-1 clauses, checked on the examples' PDFs read back with lopdf: XMP
//! metadata against `/Info`, the output intent, the structure tree's shape and languages,
//! artifacts and the parent tree, fonts, and reproducibility. `docs/pdf-standards.md` lists
//! which clause each test covers.

mod common;

use common::pdf::*;
use common::*;
use communique::pdf::Standard;
use communique::{BuildOptions, LayoutMode};
use lopdf::{Document, Object, ObjectId};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

fn build_with(path: &Path, layout: LayoutMode, standard: &str) -> Vec<u8> {
    let source = std::fs::read(path).unwrap();
    let opts = BuildOptions {
        layout,
        pdf_standard: standard.parse().unwrap(),
        ..BuildOptions::default()
    };
    let name = path.file_name().unwrap().to_string_lossy();
    engine().build(&name, &source, &opts).unwrap().remove(0).pdf
}

fn wilmes() -> std::path::PathBuf {
    root().join("examples/persbericht-wilmes.toml")
}

/// Every example in every layout it can be set in, with the default standards, and
/// [`many_glyphs`].
fn all_outputs() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for ex in examples() {
        for layout in layouts_of(&ex) {
            let name = format!("{} {layout:?}", ex.file_name().unwrap().to_string_lossy());
            out.push((name, build_with(&ex, layout, "a-2a,ua-1")));
        }
    }
    out.push(("many glyphs".to_string(), many_glyphs()));
    out
}

/// [`many_glyphs_release`] built, after checking that every face, the body face with more
/// than 256 glyphs and the others with fewer, has the predefined `Identity-H` encoding and
/// that its text comes back.
fn many_glyphs() -> Vec<u8> {
    let source = many_glyphs_release();
    let opts = BuildOptions {
        pdf_standard: "a-2a,ua-1".parse().unwrap(),
        ..BuildOptions::default()
    };
    let pdf = engine()
        .build("many-glyphs.toml", source.as_bytes(), &opts)
        .unwrap()
        .remove(0)
        .pdf;
    let doc = load(&pdf);
    let encodings: BTreeSet<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Subtype").is_ok_and(|s| name(s) == "Type0"))
        .map(|d| match d.get(b"Encoding").unwrap() {
            Object::Name(n) => String::from_utf8_lossy(n).into_owned(),
            _ => "embedded".to_string(),
        })
        .collect();
    // An embedded encoding CMap (one-byte codes, used before) left pdfminer.six with no text.
    assert_eq!(
        encodings,
        BTreeSet::from(["Identity-H".to_string()]),
        "every face through Identity-H, which every extractor knows by name"
    );
    let text = pdftotext(&pdf);
    for w in many_glyphs_words() {
        assert!(text.contains(&w), "{w:?} not in the text");
    }
    pdf
}

fn catalog(doc: &Document) -> &lopdf::Dictionary {
    doc.catalog().unwrap()
}

fn info(doc: &Document) -> &lopdf::Dictionary {
    dict(doc, doc.trailer.get(b"Info").unwrap())
}

fn info_text(doc: &Document, key: &str) -> String {
    text_string(info(doc).get(key.as_bytes()).unwrap())
}

// ---------------------------------------------------------------------------------------
// XMP

fn xmp(doc: &Document) -> String {
    let cat = catalog(doc);
    let meta = cat.get(b"Metadata").expect("catalog /Metadata");
    let d = dict(doc, meta);
    assert_eq!(name(d.get(b"Type").unwrap()), "Metadata");
    assert_eq!(name(d.get(b"Subtype").unwrap()), "XML");
    String::from_utf8(decoded(doc, meta)).unwrap()
}

/// The text of every element named `local` in namespace `ns`, or of its `rdf:li` children.
fn xmp_values(xml: &roxmltree::Document, ns: &str, local: &str) -> Vec<(Option<String>, String)> {
    const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
    let Some(prop) = xml
        .descendants()
        .find(|n| n.tag_name().namespace() == Some(ns) && n.tag_name().name() == local)
    else {
        return Vec::new();
    };
    let lis: Vec<_> = prop
        .descendants()
        .filter(|n| n.has_tag_name("li"))
        .collect();
    if lis.is_empty() {
        return vec![(None, prop.text().unwrap_or("").to_string())];
    }
    lis.iter()
        .map(|li| {
            (
                li.attribute((XML_NS, "lang")).map(str::to_string),
                li.text().unwrap_or("").to_string(),
            )
        })
        .collect()
}

const DC: &str = "http://purl.org/dc/elements/1.1/";
const XMP: &str = "http://ns.adobe.com/xap/1.0/";
const PDF: &str = "http://ns.adobe.com/pdf/1.3/";
const MM: &str = "http://ns.adobe.com/xap/1.0/mm/";
const PDFAID: &str = "http://www.aiim.org/pdfa/ns/id/";
const PDFUAID: &str = "http://www.aiim.org/pdfua/ns/id/";
const SCHEMA: &str = "http://www.aiim.org/pdfa/ns/schema#";

fn one(xml: &roxmltree::Document, ns: &str, local: &str) -> String {
    let v = xmp_values(xml, ns, local);
    assert_eq!(v.len(), 1, "{local}: {v:?}");
    v[0].1.clone()
}

/// `D:20210628000000Z` → `2021-06-28T00:00:00+00:00`.
fn info_date_as_xmp(d: &str) -> String {
    format!(
        "{}-{}-{}T{}:{}:{}+00:00",
        &d[2..6],
        &d[6..8],
        &d[8..10],
        &d[10..12],
        &d[12..14],
        &d[14..16]
    )
}

#[test]
fn xmp_claims_pdfa_2a_and_pdfua_1_and_mirrors_info() {
    let doc = load(&build_with(&wilmes(), LayoutMode::Sequential, "a-2a,ua-1"));
    let text = xmp(&doc);
    assert!(text.starts_with("<?xpacket begin="), "XMP packet header");
    let xml = roxmltree::Document::parse(&text).expect("XMP is well-formed XML");
    assert_eq!(one(&xml, PDFAID, "part"), "2");
    assert_eq!(one(&xml, PDFAID, "conformance"), "A");
    assert_eq!(one(&xml, PDFUAID, "part"), "1");
    // pdfuaid is not a schema PDF/A knows: the extension schema must declare it.
    assert_eq!(one(&xml, SCHEMA, "namespaceURI"), PDFUAID);
    assert_eq!(one(&xml, SCHEMA, "prefix"), "pdfuaid");

    let titles = xmp_values(&xml, DC, "title");
    assert_eq!(
        titles[0],
        (Some("x-default".into()), info_text(&doc, "Title"))
    );
    let by_lang: Vec<(String, &str)> = titles[1..]
        .iter()
        .map(|(l, t)| (l.clone().unwrap(), t.split(' ').next().unwrap()))
        .collect();
    assert_eq!(
        by_lang,
        [("nl-BE".to_string(), "België"), ("fr-BE".to_string(), "La")]
    );
    assert_eq!(
        xmp_values(&xml, DC, "creator"),
        [(None, info_text(&doc, "Author"))]
    );
    assert_eq!(
        info_text(&doc, "Author"),
        "FOD Digitale Zaken / SPF Affaires numériques"
    );
    let langs: Vec<String> = xmp_values(&xml, DC, "language")
        .into_iter()
        .map(|v| v.1)
        .collect();
    assert_eq!(langs, ["nl-BE", "fr-BE"]);
    assert_eq!(
        xmp_values(&xml, DC, "description"),
        [(Some("x-default".into()), info_text(&doc, "Subject"))]
    );
    assert_eq!(one(&xml, PDF, "Producer"), info_text(&doc, "Producer"));
    assert_eq!(one(&xml, PDF, "Keywords"), info_text(&doc, "Keywords"));
    assert_eq!(one(&xml, XMP, "CreatorTool"), info_text(&doc, "Creator"));
    let created = info_date_as_xmp(&info_text(&doc, "CreationDate"));
    assert_eq!(created, "2021-06-28T00:00:00+00:00", "the release's date");
    assert_eq!(one(&xml, XMP, "CreateDate"), created);
    assert_eq!(
        one(&xml, XMP, "ModifyDate"),
        info_date_as_xmp(&info_text(&doc, "ModDate"))
    );
    assert_eq!(
        catalog(&doc).get(b"Lang").map(text_string).unwrap(),
        "nl-BE"
    );
}

/// The XMP ids are the content hash, the same as the trailer's `/ID`.
#[test]
fn xmp_ids_are_the_content_id() {
    let doc = load(&build_with(&wilmes(), LayoutMode::Sequential, "a-2a,ua-1"));
    let Ok(Object::Array(id)) = doc.trailer.get(b"ID") else {
        panic!("no /ID")
    };
    let Object::String(bytes, _) = &id[0] else {
        panic!("/ID is not a string")
    };
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let uuid = format!(
        "uuid:{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    );
    assert_ne!(hex, "0".repeat(32));
    let text = xmp(&doc);
    let xml = roxmltree::Document::parse(&text).unwrap();
    assert_eq!(one(&xml, MM, "DocumentID"), uuid);
    assert_eq!(one(&xml, MM, "InstanceID"), uuid);
}

#[test]
fn source_date_epoch_sets_info_and_xmp_dates() {
    let source = std::fs::read(wilmes()).unwrap();
    let opts = BuildOptions {
        date_override: Some(1_700_000_000), // 2023-11-14 22:13:20 UTC
        ..BuildOptions::default()
    };
    let pdf = engine()
        .build("w.toml", &source, &opts)
        .unwrap()
        .remove(0)
        .pdf;
    let doc = load(&pdf);
    assert_eq!(info_text(&doc, "CreationDate"), "D:20231114221320Z");
    let text = xmp(&doc);
    let xml = roxmltree::Document::parse(&text).unwrap();
    assert_eq!(one(&xml, XMP, "CreateDate"), "2023-11-14T22:13:20+00:00");
    assert_eq!(one(&xml, XMP, "MetadataDate"), "2023-11-14T22:13:20+00:00");
}

/// What `--pdf-standard` writes for each choice: (standard, pdfaid conformance, pdfuaid,
/// extension schema, output intent).
#[test]
fn each_standard_claims_exactly_itself() {
    let cases: [(&str, Option<&str>, bool, bool); 6] = [
        ("a-2a,ua-1", Some("A"), true, true),
        ("a-2u,ua-1", Some("U"), true, true),
        ("a-2a", Some("A"), false, false),
        ("a-2u", Some("U"), false, false),
        ("ua-1", None, true, false),
        ("none", None, false, false),
    ];
    for (std, conformance, ua, extension) in cases {
        let doc = load(&build_with(&wilmes(), LayoutMode::Sequential, std));
        let cat = catalog(&doc);
        assert_eq!(
            cat.has(b"OutputIntents"),
            conformance.is_some(),
            "{std}: output intent"
        );
        let gts = |k: &[u8]| info(&doc).get(k).ok().map(text_string);
        assert_eq!(
            gts(b"GTS_PDFA1Version"),
            conformance.map(|c| format!("PDF/A-2{}", c.to_lowercase())),
            "{std}"
        );
        assert_eq!(gts(b"GTS_PDFUAVersion").is_some(), ua, "{std}");
        // Tagging does not depend on the claim.
        assert!(cat.has(b"StructTreeRoot") && cat.has(b"MarkInfo"), "{std}");
        if std == "none" {
            assert!(!cat.has(b"Metadata"), "none writes no XMP");
            continue;
        }
        let text = xmp(&doc);
        let xml = roxmltree::Document::parse(&text).unwrap();
        let got = xmp_values(&xml, PDFAID, "conformance");
        assert_eq!(got.first().map(|v| v.1.as_str()), conformance, "{std}");
        assert_eq!(!xmp_values(&xml, PDFUAID, "part").is_empty(), ua, "{std}");
        assert_eq!(
            !xmp_values(&xml, SCHEMA, "prefix").is_empty(),
            extension,
            "{std}"
        );
    }
}

#[test]
fn standard_names_parse_as_the_readme_says() {
    assert_eq!(
        "a-2a,ua-1".parse::<Standard>().unwrap(),
        Standard::default()
    );
    assert!("a-2u,a-2a".parse::<Standard>().is_err());
    assert!("pdf/a".parse::<Standard>().is_err());
}

// ---------------------------------------------------------------------------------------
// Output intent

#[test]
fn output_intent_is_srgb_with_an_embedded_profile() {
    let doc = load(&build_with(&wilmes(), LayoutMode::Sequential, "a-2u"));
    let Ok(Object::Array(intents)) = catalog(&doc).get(b"OutputIntents") else {
        panic!("no /OutputIntents")
    };
    assert_eq!(intents.len(), 1);
    let oi = dict(&doc, &intents[0]);
    assert_eq!(name(oi.get(b"S").unwrap()), "GTS_PDFA1");
    assert_eq!(
        text_string(oi.get(b"OutputConditionIdentifier").unwrap()),
        "sRGB IEC61966-2.1"
    );
    let profile_ref = oi.get(b"DestOutputProfile").unwrap();
    assert_eq!(
        dict(&doc, profile_ref).get(b"N").unwrap().as_i64().unwrap(),
        3
    );
    let icc = decoded(&doc, profile_ref);
    assert_eq!(
        u32::from_be_bytes(icc[..4].try_into().unwrap()) as usize,
        icc.len()
    );
    assert_eq!(&icc[12..20], b"mntrRGB ", "display class, RGB");
    assert_eq!(&icc[20..24], b"XYZ ");
    assert_eq!(&icc[36..40], b"acsp");
    assert_eq!(icc[8], 2, "ICC version 2");
}

// ---------------------------------------------------------------------------------------
// Structure tree

/// An element of the structure tree, read back.
#[derive(Debug)]
struct Elem {
    id: ObjectId,
    role: String,
    lang: Option<String>,
    kids: Vec<Elem>,
    /// (page, MCID) of its marked-content references.
    mcrs: Vec<(ObjectId, i64)>,
    /// Annotations it owns.
    objrs: Vec<ObjectId>,
    alt: Option<String>,
    /// `/A /ListNumbering`, for lists.
    list_numbering: Option<String>,
}

fn read_elem(doc: &Document, id: ObjectId) -> Elem {
    let d = doc.get_dictionary(id).unwrap();
    let mut e = Elem {
        id,
        role: name(d.get(b"S").unwrap()),
        lang: d.get(b"Lang").ok().map(text_string),
        kids: Vec::new(),
        mcrs: Vec::new(),
        objrs: Vec::new(),
        alt: d.get(b"Alt").ok().map(text_string),
        list_numbering: d
            .get(b"A")
            .ok()
            .and_then(|a| a.as_dict().ok())
            .and_then(|a| a.get(b"ListNumbering").ok())
            .map(name),
    };
    let page = d.get(b"Pg").ok().and_then(|p| p.as_reference().ok());
    let kids = match d.get(b"K") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(k) => vec![k.clone()],
        Err(_) => Vec::new(),
    };
    for k in kids {
        match k {
            Object::Reference(r) => e.kids.push(read_elem(doc, r)),
            Object::Integer(mcid) => e.mcrs.push((page.expect("/Pg for an MCID kid"), mcid)),
            Object::Dictionary(kd) => {
                let pg = kd.get(b"Pg").unwrap().as_reference().unwrap();
                match name(kd.get(b"Type").unwrap()).as_str() {
                    "MCR" => e
                        .mcrs
                        .push((pg, kd.get(b"MCID").unwrap().as_i64().unwrap())),
                    "OBJR" => e
                        .objrs
                        .push(kd.get(b"Obj").unwrap().as_reference().unwrap()),
                    t => panic!("unexpected kid {t}"),
                }
            }
            other => panic!("unexpected kid {other:?}"),
        }
    }
    e
}

fn struct_tree(doc: &Document) -> Elem {
    let root = dict(doc, catalog(doc).get(b"StructTreeRoot").unwrap());
    assert_eq!(name(root.get(b"Type").unwrap()), "StructTreeRoot");
    read_elem(doc, root.get(b"K").unwrap().as_reference().unwrap())
}

fn walk<'a>(e: &'a Elem, out: &mut Vec<&'a Elem>) {
    out.push(e);
    for k in &e.kids {
        walk(k, out);
    }
}

/// The roles PDF/UA's standard structure types allow that we use.
const ROLES: &[&str] = &[
    "Document",
    "Sect",
    "H1",
    "H2",
    "H3",
    "H4",
    "P",
    "BlockQuote",
    "L",
    "LI",
    "Lbl",
    "LBody",
    "Link",
    "Figure",
    "Caption",
    "Span",
    "Quote",
    "Note",
    "Table",
    "THead",
    "TBody",
    "TR",
    "TH",
    "TD",
];

#[test]
fn structure_is_document_then_one_sect_per_language() {
    for ex in examples() {
        let source = std::fs::read(&ex).unwrap();
        let release = engine().check("x.toml", &source).unwrap();
        let langs: Vec<String> = release
            .languages
            .iter()
            .map(|l| l.bcp47().to_string())
            .collect();
        for layout in layouts_of(&ex) {
            let doc = load(&build_with(&ex, layout, "a-2a,ua-1"));
            let tree = struct_tree(&doc);
            let what = format!("{} {layout:?}", ex.display());
            assert_eq!(tree.role, "Document", "{what}");
            let sects: Vec<(String, Option<String>)> = tree
                .kids
                .iter()
                .map(|k| (k.role.clone(), k.lang.clone()))
                .collect();
            let expected: Vec<(String, Option<String>)> = langs
                .iter()
                .map(|l| ("Sect".to_string(), Some(l.clone())))
                .collect();
            // In the parallel layout too: one language, then the next.
            assert_eq!(sects, expected, "{what}");
            for sect in &tree.kids {
                let mut all = Vec::new();
                walk(sect, &mut all);
                let roles: Vec<&str> = all.iter().map(|e| e.role.as_str()).collect();
                assert_eq!(
                    roles.iter().filter(|r| **r == "H1").count(),
                    1,
                    "{what}: one H1 (the title) per language: {roles:?}"
                );
                assert!(roles.contains(&"P"), "{what}");
                for e in &all {
                    assert!(ROLES.contains(&e.role.as_str()), "{what}: role {}", e.role);
                    // Nothing of another language inside a language's section.
                    if let Some(l) = &e.lang {
                        assert_eq!(
                            Some(l),
                            sect.lang.as_ref(),
                            "{what}: {} in {:?}",
                            e.role,
                            sect.lang
                        );
                    }
                    // PDF/UA 7.4 (pdfua's UA-14-001, which that tool cannot evaluate on
                    // our files): no empty heading.
                    if e.role.starts_with('H') {
                        assert!(!e.mcrs.is_empty(), "{what}: empty {}", e.role);
                    }
                    if e.role == "Figure" {
                        assert!(
                            e.alt.as_deref().is_some_and(|a| !a.is_empty()),
                            "{what}: Figure without /Alt"
                        );
                    }
                }
                // The title comes first among the headings.
                let first_heading = roles.iter().find(|r| r.starts_with('H')).unwrap();
                assert_eq!(*first_heading, "H1", "{what}");
            }
        }
    }
}

/// The Wilmès release has every kind of block: check the shapes the issue lists.
#[test]
fn wilmes_structure_has_quotes_lists_headings_and_links() {
    let doc = load(&build_with(&wilmes(), LayoutMode::Parallel, "a-2a,ua-1"));
    let tree = struct_tree(&doc);
    for sect in &tree.kids {
        let mut all = Vec::new();
        walk(sect, &mut all);
        let lang = sect.lang.clone().unwrap();
        let roles: BTreeSet<&str> = all.iter().map(|e| e.role.as_str()).collect();
        for role in ["H1", "H2", "P", "BlockQuote", "L", "LI", "LBody", "Link"] {
            assert!(roles.contains(role), "{lang}: no {role} in {roles:?}");
        }
        for e in &all {
            match e.role.as_str() {
                // Quote text and attribution.
                "BlockQuote" => assert!(
                    e.kids.len() >= 2 && e.kids.iter().all(|k| k.role == "P"),
                    "{lang}: BlockQuote holds {:?}",
                    e.kids.iter().map(|k| &k.role).collect::<Vec<_>>()
                ),
                "L" => {
                    assert!(e.kids.iter().all(|k| k.role == "LI"));
                    assert_eq!(e.list_numbering.as_deref(), Some("Disc"), "{lang}: bullets");
                }
                // Label (the bullet), then body.
                "LI" => assert_eq!(
                    e.kids.iter().map(|k| k.role.as_str()).collect::<Vec<_>>(),
                    ["Lbl", "LBody"],
                    "{lang}"
                ),
                "Link" => assert!(!e.objrs.is_empty(), "{lang}: Link without its annotation"),
                _ => {}
            }
        }
    }
}

/// Every painting operator is in an artifact or in tagged content; MCIDs on a page are 0..n
/// in order; and no marked content is nested in tagged content.
#[test]
fn all_content_is_tagged_or_artifact() {
    for (what, pdf) in all_outputs() {
        let doc = load(&pdf);
        for (i, page) in pages(&doc).into_iter().enumerate() {
            let m = marked(&page_content(&doc, page));
            assert!(
                m.unmarked.is_empty(),
                "{what} page {}: unmarked {:?}",
                i + 1,
                m.unmarked
            );
            let expected: Vec<i64> = (0..m.mcids.len() as i64).collect();
            assert_eq!(m.mcids, expected, "{what} page {}", i + 1);
            assert_eq!(m.nested_in_mcid, 0, "{what} page {}", i + 1);
        }
    }
}

/// Letterhead, running header and footer are artifacts: extracted text has them, the
/// structure tree does not.
#[test]
fn letterhead_header_and_footer_are_artifacts() {
    let pdf = build_with(&wilmes(), LayoutMode::Sequential, "a-2a,ua-1");
    let all_text = pdftotext(&pdf);
    let (ok, struct_text) = tool("pdfinfo", &["-struct-text"], &pdf);
    assert!(ok, "{struct_text}");
    for artifact in [
        "Federale Overheidsdienst",
        "Wetstraat",
        "Affaires numériques",
        "1/4",
        "4/4",
    ] {
        assert!(
            all_text.contains(artifact),
            "{artifact:?} is not on the page"
        );
        assert!(
            !struct_text.contains(artifact),
            "{artifact:?} is tagged content:\n{struct_text}"
        );
    }
    assert!(struct_text.contains("België verlengt"));
}

/// `/ParentTree` leads from each MCID and annotation back to the element that holds it.
#[test]
fn parent_tree_matches_the_structure() {
    for (what, pdf) in all_outputs() {
        let doc = load(&pdf);
        let root = dict(&doc, catalog(&doc).get(b"StructTreeRoot").unwrap());
        let pt = dict(&doc, root.get(b"ParentTree").unwrap());
        let Ok(Object::Array(nums)) = pt.get(b"Nums") else {
            panic!("{what}: flat /Nums expected")
        };
        let entry = |key: i64| -> &Object {
            let at = nums
                .chunks(2)
                .position(|c| c[0].as_i64().unwrap() == key)
                .unwrap_or_else(|| panic!("{what}: no parent-tree key {key}"));
            &nums[2 * at + 1]
        };
        let next_key = root.get(b"ParentTreeNextKey").unwrap().as_i64().unwrap();
        let tree = struct_tree(&doc);
        let mut elems = Vec::new();
        walk(&tree, &mut elems);
        for page in pages(&doc) {
            let p = doc.get_dictionary(page).unwrap();
            assert_eq!(name(p.get(b"Tabs").unwrap()), "S", "{what}: /Tabs /S");
            let key = p.get(b"StructParents").unwrap().as_i64().unwrap();
            assert!(key < next_key);
            let m = marked(&page_content(&doc, page));
            let Object::Array(parents) = resolve(&doc, entry(key)) else {
                panic!("{what}: parent-tree entry of a page is not an array")
            };
            assert_eq!(parents.len(), m.mcids.len(), "{what}: one parent per MCID");
            for (mcid, parent) in parents.iter().enumerate() {
                let id = parent.as_reference().expect("parent is an element");
                let e = elems
                    .iter()
                    .find(|e| e.id == id)
                    .expect("parent in the tree");
                assert!(
                    e.mcrs.contains(&(page, mcid as i64)),
                    "{what}: element {} does not hold MCID {mcid}",
                    e.role
                );
            }
            let annots = match p.get(b"Annots") {
                Ok(Object::Array(a)) => a.clone(),
                _ => Vec::new(),
            };
            for a in annots {
                let annot_id = a.as_reference().expect("indirect annotation");
                let ad = doc.get_dictionary(annot_id).unwrap();
                assert_eq!(
                    ad.get(b"F").unwrap().as_i64().unwrap(),
                    4,
                    "{what}: printable"
                );
                assert!(ad.has(b"Contents"), "{what}: annotation /Contents");
                let key = ad.get(b"StructParent").unwrap().as_i64().unwrap();
                assert!(key < next_key);
                let id = entry(key).as_reference().unwrap();
                let e = elems.iter().find(|e| e.id == id).unwrap();
                assert_eq!(e.role, "Link", "{what}");
                assert!(e.objrs.contains(&annot_id), "{what}: Link lacks its OBJR");
            }
        }
    }
}

#[test]
fn catalog_has_language_markinfo_title_display_and_outline() {
    for (what, pdf) in all_outputs() {
        let doc = load(&pdf);
        assert!(pdf.starts_with(b"%PDF-1.7"), "{what}");
        let cat = catalog(&doc);
        assert!(!text_string(cat.get(b"Lang").unwrap()).is_empty());
        let mark = dict(&doc, cat.get(b"MarkInfo").unwrap());
        assert_eq!(mark.get(b"Marked").unwrap(), &Object::Boolean(true));
        let prefs = dict(&doc, cat.get(b"ViewerPreferences").unwrap());
        assert_eq!(
            prefs.get(b"DisplayDocTitle").unwrap(),
            &Object::Boolean(true)
        );
        assert!(cat.has(b"Outlines"), "{what}");
        assert!(!info_text(&doc, "Title").is_empty());
    }
}

/// Nothing PDF/A forbids or PDF/UA warns against: no JavaScript or other actions than URIs,
/// no additional actions, no LZW, no transparency groups, no embedded files, no encryption,
/// no optional content. The one transparency written is a photo's soft mask (PDF/A-2
/// allows it, 6.4): `/SMask` only on an image, naming an 8-bit `DeviceGray` image without a
/// mask of its own; and the photo example has one (its map), so this is checked.
#[test]
fn nothing_forbidden_is_written() {
    const KEYS: &[&[u8]] = &[
        b"JS",
        b"AA",
        b"Group",
        b"EmbeddedFiles",
        b"OCProperties",
        b"OpenAction",
        b"AcroForm",
        b"Encrypt",
    ];
    let mut masks = 0;
    for (what, pdf) in all_outputs() {
        let doc = load(&pdf);
        assert!(!doc.trailer.has(b"Encrypt"), "{what}");
        for (id, obj) in &doc.objects {
            let d = match obj {
                Object::Dictionary(d) => d,
                Object::Stream(s) => &s.dict,
                _ => continue,
            };
            for key in KEYS {
                assert!(
                    !d.has(key),
                    "{what}: object {id:?} has /{}",
                    String::from_utf8_lossy(key)
                );
            }
            if let Ok(mask) = d.get(b"SMask") {
                masks += 1;
                let is_image = |d: &lopdf::Dictionary| {
                    d.get(b"Subtype").and_then(|o| o.as_name()).ok() == Some(&b"Image"[..])
                };
                assert!(is_image(d), "{what}: /SMask on a non-image {id:?}");
                let m = doc.get_object(mask.as_reference().unwrap()).unwrap();
                let m = &m.as_stream().unwrap().dict;
                assert!(is_image(m) && !m.has(b"SMask"), "{what}: mask of {id:?}");
                let gray = m.get(b"ColorSpace").and_then(|o| o.as_name()).ok();
                assert_eq!(gray, Some(&b"DeviceGray"[..]), "{what}: mask of {id:?}");
                assert_eq!(m.get(b"BitsPerComponent").unwrap().as_i64().unwrap(), 8);
            }
            if let Ok(f) = d.get(b"Filter") {
                assert!(!format!("{f:?}").contains("LZW"), "{what}: LZW in {id:?}");
            }
            if let Ok(Object::Name(s)) = d.get(b"S") {
                assert_ne!(s.as_slice(), b"JavaScript", "{what}");
                assert_ne!(s.as_slice(), b"Launch", "{what}");
            }
            if let Ok(ca) = d.get(b"ca").or_else(|_| d.get(b"CA")) {
                assert_eq!(
                    ca.as_float().unwrap(),
                    1.0,
                    "{what}: transparency in {id:?}"
                );
            }
        }
    }
    assert!(
        masks > 0,
        "no example has a transparent photo: the soft mask went unchecked"
    );
}

// ---------------------------------------------------------------------------------------
// Fonts

/// Every glyph shown is in its font's ToUnicode (non-empty, not U+FFFD) and `/W`, and none
/// is `.notdef` (glyph 0).
#[test]
fn fonts_map_every_glyph_to_text_and_width() {
    for (what, pdf) in all_outputs() {
        let doc = load(&pdf);
        for page in pages(&doc) {
            let m = marked(&page_content(&doc, page));
            // Every page has text (its footer at least): the check below must not pass
            // because the content reader found no strings.
            assert!(
                m.glyphs.values().map(Vec::len).sum::<usize>() > 20,
                "{what}: no glyphs read from a page"
            );
            let p = doc.get_dictionary(page).unwrap();
            let res = dict(&doc, p.get(b"Resources").unwrap());
            let fonts = dict(&doc, res.get(b"Font").unwrap());
            for (font, bytes) in &m.glyphs {
                let f = dict(&doc, fonts.get(font.as_bytes()).unwrap());
                let gids = codes(f, bytes);
                assert_eq!(name(f.get(b"Subtype").unwrap()), "Type0");
                let cmap = to_unicode(&decoded(&doc, f.get(b"ToUnicode").unwrap()));
                let Object::Array(desc) = resolve(&doc, f.get(b"DescendantFonts").unwrap()) else {
                    panic!("no descendant font")
                };
                let cid = dict(&doc, &desc[0]);
                let Object::Array(w) = resolve(&doc, cid.get(b"W").unwrap()) else {
                    panic!("no /W")
                };
                let w = widths(w);
                let fd = dict(&doc, cid.get(b"FontDescriptor").unwrap());
                assert!(fd.has(b"FontFile2"), "{what}: {font} not embedded");
                for &g in &gids {
                    assert_ne!(g, 0, "{what}: {font} shows .notdef");
                    let text = cmap.get(&g);
                    assert!(
                        text.is_some_and(|t| !t.is_empty() && t != "\u{FFFD}"),
                        "{what}: {font} glyph {g} maps to {text:?}"
                    );
                    assert!(
                        w.contains_key(&g),
                        "{what}: {font} glyph {g} has no /W width"
                    );
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Text extraction

/// Guards the line-break hyphen: "mid-" / "delen" read as one word, while hyphens that
/// belong to the word stay.
#[test]
fn hyphenated_words_come_back_whole() {
    let pdf = build_with(&wilmes(), LayoutMode::Sequential, "a-2a,ua-1");
    let text = pdftotext(&pdf);
    let words: Vec<&str> = text.split_whitespace().collect();
    for whole in ["middelen", "steden", "vice-eersteminister"] {
        assert!(
            words
                .iter()
                .any(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-') == whole),
            "{whole:?} not in:\n{text}"
        );
    }
    for half in ["mid-", "mid\u{AD}", "ste\u{AD}", "delen"] {
        assert!(!words.contains(&half), "{half:?} left in the text");
    }
}

/// U+00A0 and U+202F are in the text the PDF carries (ToUnicode of their own glyphs), for
/// extractors that keep them. poppler's `pdftotext` folds every space to U+0020, with or
/// without /ActualText (checked with poppler 22.12), so it cannot show them.
#[test]
fn special_spaces_are_carried_as_such() {
    let pdf = build_with(&wilmes(), LayoutMode::Sequential, "a-2a,ua-1");
    let doc = load(&pdf);
    let mut texts = BTreeSet::new();
    for page in pages(&doc) {
        let p = doc.get_dictionary(page).unwrap();
        let res = dict(&doc, p.get(b"Resources").unwrap());
        for (_, f) in dict(&doc, res.get(b"Font").unwrap()).iter() {
            let cmap = to_unicode(&decoded(&doc, dict(&doc, f).get(b"ToUnicode").unwrap()));
            texts.extend(cmap.into_values());
        }
    }
    assert!(texts.contains("\u{202F}"), "no glyph stands for U+202F");
    assert!(texts.contains("\u{A0}"), "no glyph stands for U+00A0");
    let flat = pdftotext(&pdf).replace(['\u{A0}', '\u{202F}'], " ");
    assert!(flat.contains("« Daech est") && flat.contains("luxe : c’est"));
}

// ---------------------------------------------------------------------------------------
// Reproducibility

#[test]
fn id_is_stable_and_follows_the_content() {
    let id = |pdf: &[u8]| load(pdf).trailer.get(b"ID").unwrap().clone();
    let a = build_with(&wilmes(), LayoutMode::Sequential, "a-2a,ua-1");
    let b = build_with(&wilmes(), LayoutMode::Sequential, "a-2a,ua-1");
    assert_eq!(id(&a), id(&b));
    let c = build_with(&wilmes(), LayoutMode::Parallel, "a-2a,ua-1");
    assert_ne!(id(&a), id(&c));
    let d = build_with(&wilmes(), LayoutMode::Sequential, "a-2u,ua-1");
    assert_ne!(id(&a), id(&d));
}

/// Two processes with different `--jobs` write the same bytes: the PDFs and the manifest.
#[test]
fn separate_processes_and_thread_counts_write_identical_files() {
    let run = |threads: &str| {
        let dir = temp_dir(&format!("repro-{threads}"));
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_communique"));
        cmd.arg("build")
            .args(examples())
            .arg("-o")
            .arg(&dir)
            .arg("--brands")
            .arg(root().join("examples/brands"))
            .args(["-q", "--jobs", threads]);
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default());
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        let contents: Vec<(String, Vec<u8>)> = files
            .iter()
            .map(|f| {
                (
                    f.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read(f).unwrap(),
                )
            })
            .collect();
        let _ = std::fs::remove_dir_all(&dir);
        contents
    };
    let one = run("1");
    let two = run("2");
    let pdfs = one.iter().filter(|(n, _)| n.ends_with(".pdf")).count();
    assert_eq!(pdfs, examples().len());
    assert_eq!(one.len(), two.len());
    for ((name_a, a), (name_b, b)) in one.iter().zip(&two) {
        assert_eq!(name_a, name_b);
        assert!(a == b, "{name_a} differs between 1 and 2 threads");
    }
    // And the in-process library build is the same file.
    for (name, bytes) in one.iter().filter(|(n, _)| n.ends_with(".pdf")) {
        let ex = root().join("examples").join(name.replace(".pdf", ".toml"));
        assert!(
            build_with(&ex, LayoutMode::Sequential, "a-2a,ua-1") == *bytes,
            "{name}: CLI and library differ"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Command line

fn communique(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_communique"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap()
}

#[test]
fn pdf_standard_flag_reaches_the_pdf() {
    let dir = temp_dir("pdf-standard-flag");
    let ex = wilmes();
    let out = communique(&[
        "build".as_ref(),
        ex.as_os_str(),
        "-o".as_ref(),
        dir.as_os_str(),
        "-q".as_ref(),
        "--pdf-standard".as_ref(),
        "a-2u".as_ref(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = std::fs::read(dir.join("persbericht-wilmes.pdf")).unwrap();
    assert!(pdf == build_with(&ex, LayoutMode::Sequential, "a-2u"));
    let doc = load(&pdf);
    let text = xmp(&doc);
    assert!(text.contains("<pdfaid:conformance>U</pdfaid:conformance>"));
    assert!(!text.contains("pdfuaid"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn pdf_standard_flag_rejects_unknown_and_conflicting_values() {
    let ex = wilmes();
    for bad in ["a-3b", "a-2u,a-2a", "none,ua-1"] {
        let out = communique(&[
            "build".as_ref(),
            ex.as_os_str(),
            "--pdf-standard".as_ref(),
            bad.as_ref(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{bad}: usage error");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--pdf-standard"), "{bad}: {err}");
    }
}

/// The kustwacht release has a numbered list: `ListNumbering /Decimal`.
#[test]
fn numbered_lists_say_decimal() {
    let ex = root().join("examples/kustwacht-stormwaarschuwing.toml");
    let doc = load(&build_with(&ex, LayoutMode::Sequential, "a-2a,ua-1"));
    let mut all = Vec::new();
    let tree = struct_tree(&doc);
    walk(&tree, &mut all);
    let lists: Vec<Option<&str>> = all
        .iter()
        .filter(|e| e.role == "L")
        .map(|e| e.list_numbering.as_deref())
        .collect();
    assert!(!lists.is_empty());
    assert!(lists.contains(&Some("Decimal")), "{lists:?}");
    assert!(lists.iter().all(Option::is_some), "{lists:?}");
}

/// The crisis update nests a list in a list item: in every layout the inner `L` is a child
/// of its item's `LBody`, after that item's text, and its items have their own `Lbl`.
#[test]
fn nested_lists_nest_in_the_item_body() {
    let ex = root().join("examples/crisisupdate-stroompanne.toml");
    for layout in [
        LayoutMode::Continuous,
        LayoutMode::Parallel,
        LayoutMode::Sequential,
    ] {
        let doc = load(&build_with(&ex, layout, "a-2a,ua-1"));
        let mut all = Vec::new();
        let tree = struct_tree(&doc);
        walk(&tree, &mut all);
        let bodies: Vec<&&Elem> = all
            .iter()
            .filter(|e| e.role == "LBody" && e.kids.iter().any(|k| k.role == "L"))
            .collect();
        // One nested list per language.
        assert_eq!(bodies.len(), 2, "{layout:?}");
        for body in bodies {
            let roles: Vec<&str> = body.kids.iter().map(|k| k.role.as_str()).collect();
            assert_eq!(
                roles,
                ["P", "L"],
                "{layout:?}: the item's text, then the list"
            );
            let inner = &body.kids[1];
            assert_eq!(inner.kids.len(), 2, "{layout:?}");
            for li in &inner.kids {
                let roles: Vec<&str> = li.kids.iter().map(|k| k.role.as_str()).collect();
                assert_eq!(roles, ["Lbl", "LBody"], "{layout:?}");
            }
        }
    }
}
