//! The engine: fonts, templates and brand loaded once, then any number of releases built.
//!
//! This is the library's front door; the CLI and tests call it. It does no I/O: sources come
//! in as bytes and PDFs go out as bytes.

use crate::brand::Brand;
use crate::diag::Diagnostic;
use crate::font::FontBook;
use crate::lang::Lang;
use crate::layout::shape::ShapeCache;
use crate::markup::typography::{self, Settings};
use crate::model::Release;
use crate::template::Templates;
use std::collections::BTreeMap;

/// Everything the engine reads once per process.
pub struct Assets {
    pub fonts: [&'static [u8]; 8],
    /// Template name → Handlebars source.
    pub templates: BTreeMap<String, String>,
    /// Name of the brand file (for diagnostics), its TOML text and its logo's bytes.
    pub brand_path: String,
    pub brand: String,
    pub logo: Option<Vec<u8>>,
}

impl Assets {
    /// The defaults embedded in the binary.
    pub fn embedded() -> Assets {
        Assets {
            fonts: crate::font::embedded_faces(),
            templates: crate::template::embedded_sources(),
            brand_path: "<default brand>".into(),
            brand: crate::brand::DEFAULT_BRAND.into(),
            logo: Some(crate::brand::DEFAULT_LOGO.to_vec()),
        }
    }
}

/// How the languages of a bilingual document are arranged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LayoutMode {
    /// Each language starts a new page.
    #[default]
    Sequential,
    /// Languages side by side in columns, each block facing its counterpart.
    Parallel,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct BuildOptions {
    pub layout: LayoutMode,
    /// One PDF per language instead of one bilingual PDF.
    pub split: bool,
    /// Creation date written into the PDF, seconds since the epoch (e.g. from
    /// `SOURCE_DATE_EPOCH`); `None` means the release's date. Never the wall clock.
    pub date_override: Option<i64>,
    /// The PDF standards claimed (PDF/A-2a and PDF/UA-1 by default).
    pub pdf_standard: crate::pdf::Standard,
}

/// One PDF produced from a release.
#[derive(Debug, Clone)]
pub struct Output {
    /// The language of a split output; `None` for the multilingual document.
    pub lang: Option<Lang>,
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// Non-fatal problems (e.g. an unavoidable overfull line).
    pub warnings: Vec<Diagnostic>,
}

/// Fonts, templates and brand, parsed once.
pub struct Engine {
    pub fonts: FontBook,
    pub templates: Templates,
    pub brand: Brand,
    /// Words shaped so far, shared by every document the engine builds.
    pub shapes: ShapeCache,
}

impl Engine {
    pub fn new(assets: Assets) -> Result<Engine, Vec<Diagnostic>> {
        let fonts = FontBook::new(assets.fonts)?;
        let templates = Templates::new(&assets.templates)?;
        let brand = Brand::load(&assets.brand_path, &assets.brand, assets.logo.as_deref())?;
        Ok(Engine {
            fonts,
            templates,
            brand,
            shapes: ShapeCache::new(),
        })
    }

    /// Loads and validates a release without building it: the model's checks plus a check
    /// that the shipped fonts can set every character.
    pub fn check(&self, path: &str, source: &[u8]) -> Result<Release, Vec<Diagnostic>> {
        let release = crate::model::load(path, source)?;
        let text = std::str::from_utf8(source).unwrap_or_default();
        let errors = self.coverage_errors(path, text, &release);
        if errors.is_empty() {
            Ok(release)
        } else {
            Err(errors)
        }
    }

    /// Builds the PDF(s) of a release.
    pub fn build(
        &self,
        path: &str,
        source: &[u8],
        opts: &BuildOptions,
    ) -> Result<Vec<Output>, Vec<Diagnostic>> {
        let release = self.check(path, source)?;
        let variants: Vec<(Option<Lang>, Vec<Lang>)> = if opts.split {
            release
                .languages
                .iter()
                .map(|&l| (Some(l), vec![l]))
                .collect()
        } else {
            vec![(None, release.languages.clone())]
        };
        variants
            .into_iter()
            .map(|(lang, langs)| self.build_one(path, source, &release, &langs, opts, lang))
            .collect()
    }

    fn build_one(
        &self,
        path: &str,
        source: &[u8],
        release: &Release,
        langs: &[Lang],
        opts: &BuildOptions,
        lang: Option<Lang>,
    ) -> Result<Output, Vec<Diagnostic>> {
        let tree = self.layout(release, langs, opts.layout)?;
        let meta = self.meta(release, langs, opts);
        let pdf = crate::pdf::write(&tree, &self.fonts, &meta);
        Ok(Output {
            lang,
            pdf,
            pages: tree.pages.len(),
            warnings: overfull_warnings(path, source, &tree.overfull),
        })
    }

    /// Runs template, markup and layout: the page tree of a release in `langs`.
    pub fn layout(
        &self,
        release: &Release,
        langs: &[Lang],
        mode: LayoutMode,
    ) -> Result<crate::layout::PageTree, Vec<Diagnostic>> {
        let name = match mode {
            LayoutMode::Parallel if langs.len() > 1 => "parallel",
            _ => "sequential",
        };
        let ctx = crate::template::context(release, &self.brand, langs);
        let markup = self.templates.render(name, ctx)?;
        let doc = crate::markup::parse(name, &markup, &self.brand)?;
        Ok(crate::layout::layout(
            &doc,
            &self.fonts,
            &self.shapes,
            &self.brand,
        ))
    }

    fn meta(&self, release: &Release, langs: &[Lang], opts: &BuildOptions) -> crate::pdf::Meta {
        let join = |f: &dyn Fn(Lang) -> String| {
            let mut v: Vec<String> = langs.iter().map(|&l| f(l)).collect();
            v.dedup();
            v.join(" / ")
        };
        let mut keywords: Vec<String> = Vec::new();
        if let Some(s) = &release.speaker {
            keywords.push(s.name.get(langs[0]).value.clone());
        }
        if let Some(r) = &release.reference {
            keywords.push(r.value.clone());
        }
        keywords.extend(langs.iter().map(|l| l.code().to_string()));
        let title = |l: Lang| {
            let settings = Settings::new(l, &self.brand.typography(l));
            typography::apply_text(&release.text(l).title.value, &settings)
        };
        crate::pdf::Meta {
            title: join(&title),
            titles: langs
                .iter()
                .map(|&l| (l.bcp47().to_string(), title(l)))
                .collect(),
            author: join(&|l| self.brand.short_name(l).to_string()),
            subject: join(&|l| {
                release.text(l).kind.as_ref().map_or_else(
                    || {
                        crate::template::locale::label("kind", l)
                            .unwrap_or_default()
                            .to_string()
                    },
                    |k| k.value.clone(),
                )
            }),
            keywords,
            lang: langs[0].bcp47().to_string(),
            languages: langs.iter().map(|l| l.bcp47().to_string()).collect(),
            date_unix: opts
                .date_override
                .unwrap_or_else(|| release.date.unix_seconds()),
            producer: format!("communique {}", env!("CARGO_PKG_VERSION")),
            standard: opts.pdf_standard,
        }
    }

    /// Every character of every text must be in every face: a text may be set in any style.
    fn coverage_errors(&self, path: &str, source: &str, release: &Release) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        for text in release_texts(release) {
            for (i, c) in text.value.char_indices() {
                if c.is_whitespace() || c.is_control() || c == '\u{AD}' || self.fonts.all_cover(c) {
                    continue;
                }
                let missing: Vec<&str> = self
                    .fonts
                    .faces()
                    .filter(|(_, f)| !f.covers(c))
                    .map(|(_, f)| f.name)
                    .collect();
                if missing.is_empty() {
                    continue;
                }
                let at = locate(source, text.span.clone(), &text.value, i);
                errors.push(
                    Diagnostic::error(
                        path,
                        format!(
                            "no shipped font has the character {c:?} (U+{:04X})",
                            c as u32
                        ),
                    )
                    .at(source, at)
                    .with_hint(format!(
                        "missing in {}; replace the character or pass --fonts with faces that have it",
                        missing.join(", ")
                    )),
                );
            }
        }
        errors
    }
}

/// Warnings for overfull lines, placed at the line's longest word in the release file (the
/// word that would not break) when it can be found there.
fn overfull_warnings(path: &str, source: &[u8], lines: &[String]) -> Vec<Diagnostic> {
    let source = std::str::from_utf8(source).unwrap_or_default();
    lines
        .iter()
        .map(|text| {
            let d = Diagnostic::error(path, format!("overfull line: {text:?}"))
                .warning()
                .with_hint("no break point fits the column; shorten the word or add a space");
            let word = text
                .split_whitespace()
                .max_by_key(|w| w.len())
                .unwrap_or("");
            match source.find(word).filter(|_| !word.is_empty()) {
                Some(at) => d.at(source, at),
                None => d,
            }
        })
        .collect()
}

/// Byte offset in `source` of byte `i` of a string value found at `span`: exact when the
/// value appears verbatim (no escapes) inside the span, else the start of the value.
fn locate(source: &str, span: std::ops::Range<usize>, value: &str, i: usize) -> usize {
    source
        .get(span.clone())
        .and_then(|raw| raw.find(value))
        .map_or(span.start, |k| span.start + k + i)
}

/// Every text of a release, with its location.
fn release_texts(r: &Release) -> Vec<&crate::model::Located<String>> {
    let mut localized: Vec<&crate::model::Localized> = r.place.iter().collect();
    if let Some(s) = &r.speaker {
        localized.push(&s.name);
        localized.extend(s.role.iter());
    }
    if let Some(c) = &r.contact {
        localized.extend(c.name.iter().chain(c.role.iter()));
    }
    let mut v: Vec<_> = localized.into_iter().flat_map(|l| l.all()).collect();
    if let Some(c) = &r.contact {
        v.extend(c.email.iter().chain(c.phone.iter()));
    }
    v.extend(r.reference.iter());
    for t in r.texts.values() {
        v.extend(t.kind.iter().chain([&t.title]).chain(t.lead.iter()));
        for q in t
            .quotes
            .iter()
            .chain(t.sections.iter().flat_map(|s| &s.quotes))
        {
            v.extend([&q.text].into_iter().chain(q.by.iter()));
        }
        for s in &t.sections {
            v.extend(s.heading.iter().chain([&s.text]));
        }
    }
    v
}
