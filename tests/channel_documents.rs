//! The web page, the text and the e-mail are made from the documents the PDF build parsed
//! (one template and markup pass per language), not from a second pass of their own. With
//! the embedded templates the engine cuts each language's document out of the multilingual
//! one (sequential, continuous or parallel), and with the user's own partials when they read
//! only their context or with the user's own letterhead (rendered alone for each language);
//! with an entry template overridden it renders each language alone instead (but for a
//! one-language release, whose PDF's document is its language's). These tests hold the two
//! ways equal, byte for byte, for every example in every layout, joint and split, for
//! generated releases with lists, quotes and footnotes, for partials of the user's that read
//! only their context and that read outside it, and for letterheads of the user's.

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
    assert_same_renditions_of(engine(), second_pass_engine(), name, source, opts);
}

/// Every rendition of `source` from `cutting` and from `apart`, compared one by one.
fn assert_same_renditions_of(
    cutting: &Engine,
    apart: &Engine,
    name: &str,
    source: &[u8],
    opts: &BuildOptions,
) {
    let reused = cutting.render(name, source, opts).unwrap();
    let apart = apart.render(name, source, opts).unwrap();
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
    every_example_both_ways(engine(), second_pass_engine());
}

/// Every example in every layout, joint and split, from both engines.
fn every_example_both_ways(cutting: &Engine, apart: &Engine) {
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
                let release = cutting.check(&name, &source).unwrap();
                if !split && !cutting.accepts(&release, layout) {
                    continue;
                }
                assert_same_renditions_of(cutting, apart, &name, &source, &opts);
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

/// An engine with the user's `partials` (name, source) in place of the shipped ones, and
/// its twin whose sequential template also differs by a comment, which never cuts.
fn engines_with(partials: &[(&str, &str)]) -> (Engine, Engine) {
    let make = |apart: bool| {
        let mut assets = Assets::embedded();
        for (name, src) in partials {
            assets.templates.insert(name.to_string(), src.to_string());
        }
        if apart {
            let sequential = assets.templates.get_mut("sequential").unwrap();
            sequential.push_str("{{!-- overridden --}}");
        }
        assets.brands = example_brands();
        assets.files = Some(Arc::new(ExampleFiles));
        Engine::new(assets).unwrap()
    };
    (make(false), make(true))
}

/// A quote and a contact block of the user's own, reading only the context they are given
/// (a quote's paragraphs, `@first` of their own loop; the text's contacts): the engine
/// cuts the languages' documents out of the multilingual one, and they must give what each
/// language rendered alone gives.
#[test]
fn partials_reading_only_their_context_cut_like_a_pass_of_their_own() {
    let quote = "<blockquote lang=\"{{lang}}\">{{#each paras}}<p>{{#if @first}}\"{{/if}}{{this}}\
                 {{#if @last}}\"{{/if}}</p>{{/each}}{{#if by}}<cite>{{by}}</cite>{{/if}}</blockquote>";
    let contacts = "<p class=\"contact\" lang=\"{{lang}}\"><strong>{{label \"contact\" lang}}\
                    </strong>{{#each contacts}}<br/>{{#if name}}{{name}}{{/if}}{{#if email}} \
                    {{{autolink email}}}{{/if}}{{/each}}</p>";
    let (cutting, apart) = engines_with(&[("quote", quote), ("contacts", contacts)]);
    every_example_both_ways(&cutting, &apart);
}

/// Partials that would render a language differently in the multilingual document than
/// alone: the document's first language (`@root.lang`), the caller's loop (`@first` is
/// the first language in the parallel rows, the first quote alone), a block without `lang`
/// (it takes the document's, the first language's). The engine must not cut with them;
/// each must give what each language rendered alone gives.
#[test]
fn partials_reading_outside_their_context_are_not_cut() {
    let root_lang = "{{#if @root.update}}<p class=\"update\" lang=\"{{lang}}\">{{@root.lang}} \
                     {{@root.update.number}}</p>{{/if}}";
    let callers_loop = "<blockquote lang=\"{{lang}}\">{{#if @first}}<p>1</p>{{/if}}\
                        {{#each paras}}<p>{{this}}</p>{{/each}}</blockquote>";
    let no_lang = "<blockquote>{{#each paras}}<p>{{this}}</p>{{/each}}</blockquote>";
    for (name, src) in [
        ("update", root_lang),
        ("quote", callers_loop),
        ("quote", no_lang),
    ] {
        let (cutting, apart) = engines_with(&[(name, src)]);
        every_example_both_ways(&cutting, &apart);
    }
}

/// A letterhead of the user's own, which is given the whole root: the engine renders and
/// parses it alone for each language and cuts the rest out of the multilingual document.
/// Each must give what each language rendered alone gives, for every example in every
/// layout: one like the shipped letterhead; one whose cells differ side by side and alone
/// (`@first` of the languages' loop: only the first language's cell has the address side
/// by side, every language's has it alone); one that writes a paragraph after itself when
/// there are two languages or more (without `lang`, so in the first language's: a cut
/// that took it for the first language's text would be wrong).
#[test]
fn a_users_letterhead_cuts_like_a_pass_of_their_own() {
    let names = "{{#each orgs}}{{#each name}}<p class=\"org\">{{this}}</p>{{/each}}{{/each}}";
    let plain = format!(
        "<letterhead>{{{{#each texts}}}}<cell lang=\"{{{{lang}}}}\">{names}</cell>\
         {{{{/each}}}}</letterhead>"
    );
    let first = format!(
        "<letterhead>{{{{#each texts}}}}<cell lang=\"{{{{lang}}}}\">{names}{{{{#if @first}}}}\
         {{{{#each orgs}}}}{{{{#each address}}}}<p class=\"address\">{{{{this}}}}</p>\
         {{{{/each}}}}{{{{/each}}}}{{{{/if}}}}</cell>{{{{/each}}}}</letterhead>"
    );
    let more = format!("{plain}\n{{{{#if texts.[1]}}}}<p>{{{{texts.[1].kind}}}}</p>{{{{/if}}}}");
    for letterhead in [&plain, &first, &more] {
        let (cutting, apart) = engines_with(&[("letterhead", letterhead)]);
        every_example_both_ways(&cutting, &apart);
    }
}
