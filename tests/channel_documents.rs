//! The web page, the text and the e-mail are made from the documents the PDF build parsed
//! (one template and markup pass per language), not from a second pass of their own. With
//! the embedded templates the engine cuts each language's document out of the multilingual
//! one (sequential, continuous or parallel); with any markup template overridden it renders
//! each language alone
//! instead. These tests hold the two ways equal, byte for byte, for every example in every
//! layout, joint and split, and for generated releases with lists, quotes and footnotes.

mod common;

use common::{engine, example_brands, examples, ExampleFiles};
use communique::channel::{Format, Formats};
use communique::{Assets, BuildOptions, Engine, LayoutMode};
use std::sync::{Arc, OnceLock};

/// An engine whose sequential template differs from the embedded one only by a comment:
/// the same markup, but no longer known to be the stock template, so every language is
/// rendered and parsed alone for the channels.
fn second_pass_engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut assets = Assets::embedded();
        let sequential = assets.templates.get_mut("sequential").unwrap();
        sequential.push_str("{{!-- overridden --}}");
        assets.brands = example_brands();
        assets.files = Some(Arc::new(ExampleFiles));
        Engine::new(assets).unwrap()
    })
}

fn all_formats() -> Formats {
    "pdf,html,txt,eml".parse().unwrap()
}

/// Every rendition of `source` from both engines, compared one by one.
fn assert_same_renditions(name: &str, source: &[u8], opts: &BuildOptions) {
    let reused = engine().render(name, source, opts).unwrap();
    let apart = second_pass_engine().render(name, source, opts).unwrap();
    assert_eq!(reused.len(), apart.len(), "{name} {opts:?}");
    for (a, b) in reused.iter().zip(&apart) {
        assert_eq!((a.format, a.lang), (b.format, b.lang), "{name}");
        assert!(
            a.bytes == b.bytes,
            "{name} {opts:?}: the {} ({:?}) differs when made from the PDF's documents",
            a.format,
            a.lang
        );
        assert_eq!(a.warnings, b.warnings, "{name} {:?}", a.format);
    }
}

/// Regression guard for the cuts (`cut` in src/engine): a language's document taken from
/// the multilingual one, in every layout, must give the channels what the document its
/// template renders for it alone gives.
#[test]
fn channels_from_the_pdfs_documents_equal_a_pass_of_their_own() {
    for path in examples() {
        let source = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for layout in [
            LayoutMode::Sequential,
            LayoutMode::Continuous,
            LayoutMode::Parallel,
        ] {
            for split in [false, true] {
                let opts = BuildOptions {
                    layout,
                    split,
                    formats: all_formats(),
                    ..Default::default()
                };
                let release = engine().check(&name, &source).unwrap();
                if !split && !engine().accepts(&release, layout) {
                    continue;
                }
                assert_same_renditions(&name, &source, &opts);
            }
        }
    }
}

/// The channels alone (no PDF, no e-mail) still give what they gave with the PDF.
#[test]
fn channels_without_the_pdf_equal_those_made_with_it() {
    let path = common::root().join("examples/persbericht-wilmes.toml");
    let source = std::fs::read(path).unwrap();
    let with = BuildOptions {
        formats: all_formats(),
        ..Default::default()
    };
    let without = BuildOptions {
        formats: "html,txt".parse().unwrap(),
        ..Default::default()
    };
    let a = engine().render("w.toml", &source, &with).unwrap();
    let b = engine().render("w.toml", &source, &without).unwrap();
    let channel = |r: &&communique::Rendition| matches!(r.format, Format::Html | Format::Txt);
    let a: Vec<_> = a.iter().filter(channel).map(|r| &r.bytes).collect();
    let b: Vec<_> = b.iter().map(|r| &r.bytes).collect();
    assert_eq!(a.len(), 4);
    assert!(
        a == b,
        "the pages and texts differ when the PDF is built too"
    );
}

/// Generated bilingual releases (as bench/generate.py writes them: lists, quotes, footnotes,
/// tables, notes to editors) give the same channels both ways, in every layout.
#[test]
fn generated_releases_give_the_same_channels_both_ways() {
    let dir = common::temp_dir("channel-documents-generated");
    let status = std::process::Command::new("python3")
        .arg(common::root().join("bench/generate.py"))
        .args(["12", &dir.display().to_string()])
        .stdout(std::process::Stdio::null())
        .status()
        .expect("python3 runs bench/generate.py");
    assert!(status.success());
    let mut releases = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            let p = e.path();
            match p.is_dir() {
                true => stack.push(p),
                false if p.extension().is_some_and(|x| x == "toml") => releases.push(p),
                false => {}
            }
        }
    }
    releases.sort();
    assert!(releases.len() >= 12, "{releases:?}");
    for path in releases {
        let source = std::fs::read(&path).unwrap();
        let name = path.display().to_string();
        let release = engine().check(&name, &source).unwrap();
        for layout in [
            LayoutMode::Sequential,
            LayoutMode::Continuous,
            LayoutMode::Parallel,
        ] {
            if !engine().accepts(&release, layout) {
                continue;
            }
            let opts = BuildOptions {
                layout,
                formats: all_formats(),
                ..Default::default()
            };
            assert_same_renditions(&name, &source, &opts);
        }
    }
}
