//! The engine: fonts, templates and brand loaded once, then any number of releases built.
//!
//! This is the library's front door; the CLI and tests call it. It does no I/O: sources come
//! in as bytes and PDFs go out as bytes. A release goes through the stages in order:
//! check (the model's validation, then the font coverage in `check.rs`) → template →
//! markup → layout → pdf, with the document metadata from `meta.rs` and layout's warnings
//! mapped back to the release file by `warnings.rs`. The source is decoded once; every
//! diagnostic is located in that one text.

mod check;
mod markup_errors;
mod meta;
mod warnings;

use crate::brand::Brand;
use crate::channel::{Format, Formats};

use crate::diag::Diagnostic;
use crate::font::FontBook;
use crate::lang::Lang;
use crate::layout::{PageTree, ShapeCache};
use crate::model::Release;
use crate::template::{Entry, Templates};
use markup_errors::Source;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Everything the engine reads once per process.
pub struct Assets {
    pub fonts: [&'static [u8]; 8],
    /// Template name → Handlebars source.
    pub templates: BTreeMap<String, String>,
    /// Name of the brand file (for diagnostics), its TOML text and its logo's bytes.
    pub brand_path: String,
    pub brand: String,
    pub logo: Option<Vec<u8>>,
    /// The brands a release may name with `brand = "NAME"` (`--brands DIR`), by name.
    pub brands: Vec<NamedBrand>,
    /// Where the files a release names (its photos) come from; `None`: nowhere, and a
    /// release with photos is refused.
    pub files: Option<Arc<dyn Files>>,
}

/// The files a release names (its `[[photos]]`), read for the engine: the CLI from disk,
/// next to the release; tests from wherever they keep them. The library reads no files.
pub trait Files: Send + Sync {
    /// The bytes of `file` (as the release at `release` wrote it, relative to the release),
    /// or why it cannot be read: missing, outside the release's folder, too big, not a
    /// regular file.
    fn read(&self, release: &str, file: &str) -> Result<Vec<u8>, FileRefusal>;
}

/// Why a file a release names was not read.
#[derive(Debug, Clone)]
pub struct FileRefusal {
    pub message: String,
    pub hint: Option<String>,
}

/// A brand a release can pick by name: a sub-folder `NAME/brand.toml` of `--brands DIR`.
#[derive(Debug, Clone)]
pub struct NamedBrand {
    pub name: String,
    /// The brand file's path (for diagnostics), its TOML text and its logo's bytes.
    pub path: String,
    pub source: String,
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
            brands: Vec::new(),
            files: None,
        }
    }
}

/// How the languages of a bilingual document are arranged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LayoutMode {
    /// Each language starts a new page.
    #[default]
    Sequential,
    /// Languages side by side in columns, each block facing its counterpart; refused when
    /// the columns would be narrower than [`MIN_PARALLEL_COLUMN_EM`](crate::layout::MIN_PARALLEL_COLUMN_EM).
    Parallel,
    /// Each language after the previous one on the same page, below a rule, with its own
    /// kind, title and dateline.
    Continuous,
}

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub layout: LayoutMode,
    /// One PDF per language instead of one bilingual PDF.
    pub split: bool,
    /// Creation date written into the PDF, seconds since the epoch (e.g. from
    /// `SOURCE_DATE_EPOCH`); `None` means the release's date. Never the wall clock.
    pub date_override: Option<i64>,
    /// The PDF standards claimed (PDF/A-2a and PDF/UA-1 by default).
    pub pdf_standard: crate::pdf::Standard,
    /// The formats [`Engine::render`] makes (the PDF alone by default); [`Engine::build`]
    /// makes PDFs whatever this says.
    pub formats: Formats,
    /// The resolution photos are embedded at, in dots per inch at their placed size: one
    /// with more than 1.5 times that is downsampled ([`crate::photo::fit`]); 0 keeps every
    /// photo as it is. [`DEFAULT_IMAGE_DPI`] by default.
    pub image_dpi: u32,
    /// Where the output folder is published (`--base-url`): the web pages then carry their
    /// canonical address and link to each other and to the PDF absolutely, and so does the
    /// e-mail's HTML part. `None` keeps every link relative.
    pub base_url: Option<crate::channel::html::BaseUrl>,
    /// Whether the web pages embed the PDF's faces (`--web-fonts`), subset to the faces and
    /// characters each page shows; off, they name system fonts. `None` leaves it to each
    /// release's brand (`[html] web_fonts`, off by default).
    pub web_fonts: Option<bool>,
}

/// The default of [`BuildOptions::image_dpi`]: 300 dpi, what offset and laser printing
/// resolve of a photo (a 150-lines-per-inch screen needs twice its line count).
pub const DEFAULT_IMAGE_DPI: u32 = 300;

impl Default for BuildOptions {
    fn default() -> BuildOptions {
        BuildOptions {
            layout: LayoutMode::default(),
            split: false,
            date_override: None,
            pdf_standard: crate::pdf::Standard::default(),
            formats: Formats::default(),
            image_dpi: DEFAULT_IMAGE_DPI,
            base_url: None,
            web_fonts: None,
        }
    }
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

/// One file [`Engine::render`] made from a release: a PDF, a web page, a text or an e-mail.
#[derive(Debug, Clone)]
pub struct Rendition {
    pub format: Format,
    /// The language of a one-language rendition (every text and web page, a split PDF or
    /// e-mail); `None` for a multilingual PDF or e-mail.
    pub lang: Option<Lang>,
    pub bytes: Vec<u8>,
    /// The PDF's page count; `None` for formats without pages.
    pub pages: Option<usize>,
    /// Non-fatal problems (e.g. an unavoidable overfull line). Each is reported once per
    /// release: a PDF's go with the PDF, or with the e-mail that carries it when the PDF is
    /// not asked for.
    pub warnings: Vec<Diagnostic>,
    /// A web page's entry for the index and the feed (`None` for other formats).
    pub listing: Option<crate::channel::html::Listing>,
}

/// The PDF's file name beside the e-mail: `<stem>.pdf`, or `<stem>.<lang>.pdf` when split.
fn names_pdf(stem: &str, lang: Option<Lang>) -> String {
    match lang {
        Some(l) => format!("{stem}.{}.pdf", l.code()),
        None => format!("{stem}.pdf"),
    }
}

impl Rendition {
    /// A one-language rendition without pages or warnings of its own (a web page, a text).
    fn one(format: Format, lang: Lang, bytes: Vec<u8>) -> Rendition {
        Rendition {
            format,
            lang: Some(lang),
            bytes,
            pages: None,
            warnings: Vec::new(),
            listing: None,
        }
    }

    fn pdf(out: Output) -> Rendition {
        Rendition {
            format: Format::Pdf,
            lang: out.lang,
            pages: Some(out.pages),
            bytes: out.pdf,
            warnings: out.warnings,
            listing: None,
        }
    }

    fn html(page: crate::channel::html::Page) -> Rendition {
        Rendition {
            format: Format::Html,
            lang: Some(page.lang),
            pages: None,
            bytes: page.html.into_bytes(),
            warnings: Vec::new(),
            listing: Some(page.listing),
        }
    }
}

/// The stem that names a release's outputs: its file name without `.toml` (`release` when
/// the path has none), as the CLI names them.
pub fn stem_of(path: &str) -> String {
    std::path::Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "release".into())
}

/// The most pages one document may have: a press release has a few; a template that breaks
/// pages in loops made 131,076 from 600 bytes. Past it the document is an error, and its
/// PDF is never written.
pub const MAX_PAGES: usize = 1000;

/// Fonts, templates and brand, parsed once, and the caches every document it builds shares.
///
/// The engine is the one owner of that state: nothing else in the library keeps any between
/// documents.
pub struct Engine {
    fonts: FontBook,
    templates: Templates,
    brand: Brand,
    /// The named brands, by name.
    brands: BTreeMap<String, Brand>,
    /// Words shaped so far, shared by every document the engine builds.
    shapes: ShapeCache,
    /// Streams deflated so far that recur from document to document.
    streams: crate::pdf::StreamCache,
    files: Option<Arc<dyn Files>>,
    /// When [`cut`] may cut the one-language documents out of a multilingual one.
    cuts: Cuts,
    /// Whether a rendering has had the channels prepared ([`crate::channel::prepare`]) on
    /// a thread of its own: the first one that asks for a format besides the PDF does.
    prepared: std::sync::atomic::AtomicBool,
}

/// When the engine may cut each language's document out of a multilingual one ([`cut`]),
/// instead of rendering and parsing each language alone for the channels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cuts {
    /// Every markup template (the entries and their partials, not the web page's or the
    /// text's) is the shipped one: the shape of a multilingual document is known (the
    /// letterhead's cells, then each language's blocks in turn, or in the cells of
    /// parallel rows), and `tests/channel_documents.rs` holds every cut equal to a pass
    /// of its own.
    Always,
    /// Some partials are the user's, but each reads only the context it is given
    /// ([`Templates::reading_outside`]), so it renders a language the same in any
    /// document; `letterhead` is given the whole root, so a user's `letterhead` is not
    /// checked but rendered and parsed alone for each language ([`Engine::own_letterheads`]),
    /// a small part of a document. Then a cut is made when the entry and `sequential` are
    /// the shipped ones, and every part of each language's document is in that language
    /// ([`in_own_languages`]): a user's block without `lang` takes the document's, the
    /// first language's in a multilingual one.
    Checked,
    /// A partial other than `letterhead` may render a language differently in a
    /// multilingual document than alone (it reads `@root.lang`, `@index`, `../`, …).
    Never,
}

impl Cuts {
    fn of(sources: &BTreeMap<String, String>, templates: &Templates) -> Cuts {
        let [a, b, c] = Entry::ALL.map(Entry::name);
        if stock_markup(sources) {
            Cuts::Always
        } else if templates.reading_outside(&[a, b, c, LETTERHEAD]).is_none() {
            Cuts::Checked
        } else {
            Cuts::Never
        }
    }
}

impl Engine {
    pub fn new(assets: Assets) -> Result<Engine, Vec<Diagnostic>> {
        let fonts = FontBook::new(assets.fonts)?;
        let templates = Templates::new(&assets.templates)?;
        let cuts = Cuts::of(&assets.templates, &templates);
        let brand = Brand::load(&assets.brand_path, &assets.brand, assets.logo.as_deref())?;
        let mut brands = BTreeMap::new();
        let mut errors = Vec::new();
        for b in &assets.brands {
            match Brand::load(&b.path, &b.source, b.logo.as_deref()) {
                Ok(loaded) => drop(brands.insert(b.name.clone(), loaded)),
                Err(d) => errors.extend(d),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Engine {
            fonts,
            templates,
            brand,
            brands,
            shapes: ShapeCache::new(),
            streams: crate::pdf::StreamCache::new(),
            files: assets.files,
            cuts,
            prepared: std::sync::atomic::AtomicBool::new(false),
        })
    }

    /// Empties the engine's caches (shaped words, deflated streams), so that the next build
    /// pays what the first document of a process pays (for benchmarks, and for long-lived
    /// processes that want the memory back).
    pub fn clear_caches(&mut self) {
        self.shapes = ShapeCache::new();
        self.streams = crate::pdf::StreamCache::new();
    }

    /// Loads and validates a release without building it: the model's checks plus a check
    /// that the shipped fonts can set every character.
    pub fn check(&self, path: &str, source: &[u8]) -> Result<Release, Vec<Diagnostic>> {
        let text = crate::model::decode(path, source).map_err(|d| vec![d])?;
        self.check_text(path, text)
    }

    /// Builds the PDF(s) of a release.
    pub fn build(
        &self,
        path: &str,
        source: &[u8],
        opts: &BuildOptions,
    ) -> Result<Vec<Output>, Vec<Diagnostic>> {
        let text = crate::model::decode(path, source).map_err(|d| vec![d])?;
        let release = self.check_text(path, text)?;
        self.pdfs(path, text, &release, opts)
    }

    /// Builds every format of `opts.formats` from a release whose files are named after
    /// `stem` (the web pages link to each other and to the PDF by name): the PDF(s) first,
    /// then the web pages and texts in the release's language order, then the e-mail(s).
    /// The release is read and checked once, so a bad input gives its errors once, whatever
    /// the formats; every rendition is made or none is returned.
    pub fn render(
        &self,
        path: &str,
        source: &[u8],
        opts: &BuildOptions,
    ) -> Result<Vec<Rendition>, Vec<Diagnostic>> {
        self.render_as(path, &stem_of(path), source, opts)
    }

    /// [`Engine::render`] for outputs named after `stem` (`<stem>.<lang>.html`, …): the
    /// web pages link to each other and to the PDF by those names.
    pub fn render_as(
        &self,
        path: &str,
        stem: &str,
        source: &[u8],
        opts: &BuildOptions,
    ) -> Result<Vec<Rendition>, Vec<Diagnostic>> {
        let text = crate::model::decode(path, source).map_err(|d| vec![d])?;
        let release = self.check_text(path, text)?;
        let formats = opts.formats;
        let brand = self.brand_of(&release);
        let wants = |f: Format| formats.contains(f);
        // One template and markup pass per language: the web page, the text and the e-mail
        // are made from the documents the PDF was laid out from (see `pdfs_and_documents`).
        let need_docs = wants(Format::Html) || wants(Format::Txt) || wants(Format::Eml);
        let need_pdfs = wants(Format::Pdf) || wants(Format::Eml);
        let build = || self.pdfs_and_documents(path, text, &release, opts, need_pdfs, need_docs);
        // The first rendering with another format than the PDF has a second thread compile
        // the channels' templates and draw the logos for the web while this one lays out
        // the PDF: for a single release (`build one.toml --format pdf,html,txt,eml`) that
        // one-time work is most of what the other formats add, and the machine's other
        // cores are idle. In a batch only the first release does it; the outputs are the
        // same either way. No thread (one could not start): the renderings do it in turn.
        //
        // The same thread makes the release's photos for the web page and the e-mail
        // (shrunk, re-encoded: `WebPhotos::of_release`), for every release that has any:
        // they need only the photos the check read, and cost more than the PDF's own use
        // of them (the photo example: 58 M instructions to encode its map as a PNG, of
        // 129 M for its PDF).
        let web = wants(Format::Html) || wants(Format::Eml);
        let first = need_docs
            && !self
                .prepared
                .swap(true, std::sync::atomic::Ordering::AcqRel);
        let photos = web && release.photos.iter().any(|p| p.image.is_some());
        let ((pdfs, docs), photos) = match first || photos {
            true => std::thread::scope(|s| {
                let helper = std::thread::Builder::new()
                    .name("prepare".into())
                    .spawn_scoped(s, || {
                        if first {
                            crate::channel::prepare(&self.templates, &brand, formats);
                        }
                        photos.then(|| crate::channel::html::WebPhotos::of_release(&release))
                    });
                let built = build();
                // A panic there is met again, and reported, where the channel renders.
                let photos = helper.ok().and_then(|h| h.join().ok()).flatten();
                built.map(|b| (b, photos))
            })?,
            false => (build()?, None),
        };
        let names = crate::channel::html::Names {
            stem,
            split_pdf: opts.split,
            base: opts.base_url.as_ref(),
        };
        let pages = match wants(Format::Html) || wants(Format::Eml) {
            true => self.html_pages(&release, &docs, names, opts.web_fonts, photos)?,
            false => Vec::new(),
        };
        let mut texts = Vec::new();
        if wants(Format::Txt) || wants(Format::Eml) {
            for (lang, doc) in &docs {
                texts.push(crate::channel::text::page(&self.templates, *lang, doc)?);
            }
        }
        let mut out = Vec::new();
        // A PDF's warnings are reported once: with the PDF, or with the e-mail carrying it.
        let mut pdf_warnings = Vec::new();
        for pdf in &pdfs {
            if wants(Format::Pdf) {
                out.push(Rendition::pdf(pdf.clone()));
            } else {
                pdf_warnings.push(pdf.warnings.clone());
            }
        }
        if wants(Format::Html) {
            out.extend(pages.iter().cloned().map(Rendition::html));
        }
        if wants(Format::Txt) {
            for (&lang, text) in release.languages.iter().zip(&texts) {
                out.push(Rendition::one(Format::Txt, lang, text.clone().into_bytes()));
            }
        }
        if wants(Format::Eml) {
            for (i, pdf) in pdfs.iter().enumerate() {
                let langs: Vec<usize> = (0..release.languages.len())
                    .filter(|&k| pdf.lang.is_none_or(|l| l == release.languages[k]))
                    .collect();
                let parts: Vec<crate::channel::mail::Part> = langs
                    .iter()
                    .map(|&k| crate::channel::mail::Part {
                        lang: release.languages[k],
                        doc: &docs[k].1,
                        text: &texts[k],
                        html: pages.get(k).map(|p| p.html.as_str()),
                        images: pages.get(k).map_or(&[], |p| p.images.as_slice()),
                    })
                    .collect();
                let attachment = crate::channel::mail::Attachment {
                    name: names_pdf(stem, pdf.lang),
                    bytes: &pdf.pdf,
                };
                let bytes = crate::channel::mail::message(&release, &brand, &parts, attachment);
                out.push(Rendition {
                    format: Format::Eml,
                    lang: pdf.lang,
                    bytes,
                    pages: None,
                    warnings: pdf_warnings.get(i).cloned().unwrap_or_default(),
                    listing: None,
                });
            }
        }
        Ok(out)
    }

    /// The PDF(s) of a checked release: one multilingual document, or one per language
    /// with `opts.split`.
    fn pdfs(
        &self,
        path: &str,
        text: &str,
        release: &Release,
        opts: &BuildOptions,
    ) -> Result<Vec<Output>, Vec<Diagnostic>> {
        Ok(self
            .pdfs_and_documents(path, text, release, opts, true, false)?
            .0)
    }

    /// The PDF(s) of a checked release (when `pdfs`) and each of its languages alone as a
    /// markup document (when `docs`, see [`Engine::language_documents`]), each template and
    /// markup pass made once: with `--split` (or one language) the PDF of a language is laid
    /// out from that language's document itself; a multilingual document, in any layout, is
    /// cut into them ([`Engine::cut`]). Only a document the engine may not cut ([`Cuts`]:
    /// the user's entry templates, or partials that read outside their context) or that
    /// does not have the shape of the shipped entry needs a second pass for the languages.
    fn pdfs_and_documents(
        &self,
        path: &str,
        text: &str,
        release: &Release,
        opts: &BuildOptions,
        pdfs: bool,
        docs: bool,
    ) -> Result<(Vec<Output>, LanguageDocuments), Vec<Diagnostic>> {
        let source = Source { path, text };
        if !pdfs {
            let docs = match docs {
                true => self.language_documents(release, Some(source))?,
                false => Vec::new(),
            };
            return Ok((Vec::new(), docs));
        }
        let brand = self.brand_of(release);
        if opts.split {
            let mut outputs = Vec::new();
            let mut documents = Vec::new();
            // Language by language, each laid out as soon as it is parsed: a language's
            // errors come before the next one's, as they did when each was built apart.
            for &lang in &release.languages {
                let (markup, doc) = self.markup_document(
                    &brand,
                    release,
                    &[lang],
                    Entry::Sequential,
                    Some(source),
                )?;
                let out = self.pdf_of(path, text, release, &[lang], opts, &markup, &doc)?;
                outputs.push(Output {
                    lang: Some(lang),
                    ..out
                });
                if docs {
                    documents.push((lang, doc));
                }
            }
            return Ok((outputs, documents));
        }
        // Before anything is built: a layout that cannot be legible is refused whole.
        let langs = &release.languages;
        let entry = entry(&brand, langs, opts.layout).map_err(|e| vec![e.locate(path, text)])?;
        let (markup, doc) = self.markup_document(&brand, release, langs, entry, Some(source))?;
        let out = self.pdf_of(path, text, release, langs, opts, &markup, &doc)?;
        let documents = match (docs, langs.as_slice()) {
            (false, _) => Vec::new(),
            // One language is set by the sequential template for that language alone,
            // which is how its document is made for the channels: it is that document,
            // whatever the templates.
            (true, &[lang]) => vec![(lang, doc)],
            (true, _) => self
                .cut(&brand, release, entry, doc)
                .map_or_else(|| self.language_documents(release, Some(source)), Ok)?,
        };
        Ok((vec![out], documents))
    }

    /// Each language's document cut out of `doc`, the multilingual document of `entry`
    /// for `release` in `brand`, when [`Engine::cuts`] allows it and the cut succeeds;
    /// `None` sends the caller to render each language alone.
    fn cut(
        &self,
        brand: &Brand,
        release: &Release,
        entry: Entry,
        doc: crate::markup::Document,
    ) -> Option<LanguageDocuments> {
        let langs = &release.languages;
        match self.cuts {
            Cuts::Always => with_letterhead(cut(entry, doc, langs)?, langs),
            Cuts::Checked => {
                let shipped = |name: &str| self.templates.is_shipped(name);
                if !shipped(entry.name()) || !shipped(Entry::Sequential.name()) {
                    return None;
                }
                let parts = cut(entry, doc, langs)?;
                let docs = match shipped(LETTERHEAD) {
                    true => with_letterhead(parts, langs)?,
                    false => {
                        let own = self.own_letterheads(brand, release)?;
                        with_own_letterheads(parts, own, langs)?
                    }
                };
                Some(docs).filter(in_own_languages)
            }
            Cuts::Never => None,
        }
    }

    /// A user's `letterhead` for the documents [`Engine::cut`] makes, which it cannot
    /// take from the multilingual document's: a template given the whole root may set
    /// the languages' cells differently side by side than alone (and any number of
    /// them). So it is rendered and parsed alone, with the root the multilingual document
    /// was rendered from and with each language's, as `sequential` (the shipped one)
    /// renders it first in a document: the multilingual one's, then each language's
    /// letterhead. `None` (and a pass of their own for the languages) unless each parses
    /// to one letterhead and nothing else (no footnote: its numbers would run on into the
    /// text), so that the blocks after it in a document are the entry's own.
    fn own_letterheads(&self, brand: &Brand, release: &Release) -> Option<OwnLetterheads> {
        let alone = |langs: &[Lang]| {
            let ctx = crate::template::context(release, brand, langs);
            let markup = self.templates.render(LETTERHEAD, ctx).ok()?;
            let markup = format!("<doc lang=\"{}\">{markup}</doc>", langs.first()?.code());
            let doc = crate::markup::parse_with_photos(LETTERHEAD, &markup, brand, &[]).ok()?;
            match <[_; 1]>::try_from(doc.blocks) {
                Ok([crate::markup::Block::Letterhead(cells)]) => Some(unplaced(cells)),
                _ => None,
            }
        };
        let joint = alone(&release.languages)?;
        let each = (release.languages.iter())
            .map(|&lang| alone(&[lang]))
            .collect::<Option<_>>()?;
        Some(OwnLetterheads { joint, each })
    }

    /// Builds the web page of every language of a release (the HTML channel,
    /// [`crate::channel::html`]). `names` gives the file names the pages link to. Every
    /// error of [`Engine::build`] is an error here too, as the release is checked the same way.
    pub fn build_html(
        &self,
        path: &str,
        source: &[u8],
        names: crate::channel::html::Names,
    ) -> Result<Vec<crate::channel::html::Page>, Vec<Diagnostic>> {
        let text = crate::model::decode(path, source).map_err(|d| vec![d])?;
        let release = self.check_text(path, text)?;
        let docs = self.language_documents(&release, Some(Source { path, text }))?;
        self.html_pages(&release, &docs, names, None, None)
    }

    /// The web pages of a checked release from its [`Engine::language_documents`], with its
    /// photos for the web when they were made already.
    pub fn html_pages(
        &self,
        release: &Release,
        docs: &[(Lang, crate::markup::Document)],
        names: crate::channel::html::Names,
        web_fonts: Option<bool>,
        photos: Option<crate::channel::html::WebPhotos>,
    ) -> Result<Vec<crate::channel::html::Page>, Vec<Diagnostic>> {
        let brand = self.brand_of(release);
        let on = web_fonts.unwrap_or(brand.file.html.web_fonts);
        let fonts = on.then_some(&self.fonts);
        crate::channel::html::pages(&self.templates, release, &brand, docs, names, fonts, photos)
    }

    /// Each language of a checked release alone, as the markup stage's document: the
    /// sequential template rendered for that language and parsed, so Markdown, typography
    /// and footnote numbers are the PDF's. What the one-language channels (web page, plain
    /// text) are written from; made once per release and shared by them, as the markup
    /// stage is the larger part of their cost.
    ///
    /// `source`, the release file, places an error in a value a template inserted.
    fn language_documents(
        &self,
        release: &Release,
        source: Option<Source>,
    ) -> Result<LanguageDocuments, Vec<Diagnostic>> {
        let brand = self.brand_of(release);
        release
            .languages
            .iter()
            .map(|&lang| {
                let (_, doc) =
                    self.markup_document(&brand, release, &[lang], Entry::Sequential, source)?;
                Ok((lang, doc))
            })
            .collect()
    }

    /// The index page of the HTML pages built in one run, in `lang` (see
    /// [`crate::channel::html::index`]): in the brand its releases share, or in the
    /// engine's (default) brand when they come from several; links absolute under `base`
    /// when given; with the PDF's faces as web fonts when `web_fonts` says so (`None`: as
    /// that brand's `[html] web_fonts` says).
    pub fn html_index(
        &self,
        lang: Lang,
        listings: &[crate::channel::html::Listing],
        base: Option<&crate::channel::html::BaseUrl>,
        web_fonts: Option<bool>,
    ) -> Result<String, Vec<Diagnostic>> {
        let brand = self.listings_brand(lang, listings);
        let fonts = web_fonts
            .unwrap_or(brand.file.html.web_fonts)
            .then_some(&self.fonts);
        crate::channel::html::index(&self.templates, &brand, lang, listings, base, fonts)
    }

    /// The Atom feed of the HTML pages built in one run, in `lang` (see
    /// [`crate::channel::html::feed`]), in the same brand as [`Engine::html_index`]; links
    /// absolute under `base` when given.
    pub fn html_feed(
        &self,
        lang: Lang,
        listings: &[crate::channel::html::Listing],
        base: Option<&crate::channel::html::BaseUrl>,
    ) -> String {
        let brand = self.listings_brand(lang, listings);
        crate::channel::html::feed(&brand, lang, listings, base)
    }

    fn listings_brand(
        &self,
        lang: Lang,
        listings: &[crate::channel::html::Listing],
    ) -> std::borrow::Cow<'_, Brand> {
        let names = crate::channel::html::shared_brands(listings, lang).unwrap_or(&[]);
        self.brand_named(names.iter().map(String::as_str))
    }

    /// [`Engine::check`] of a decoded source.
    fn check_text(&self, path: &str, text: &str) -> Result<Release, Vec<Diagnostic>> {
        let mut release = crate::model::parse(path, text)?;
        let mut errors = self.brand_errors(path, text, &release);
        errors.extend(check::coverage_errors(&self.fonts, path, text, &release));
        errors.extend(check::markdown_errors(path, text, &release));
        errors.extend(self.read_photos(path, text, &mut release));
        if errors.is_empty() {
            Ok(release)
        } else {
            Err(errors)
        }
    }

    /// Reads and checks each photo the release names, keeping the image in the model; a
    /// located error (at its `file`) for each that cannot be read or embedded. Photos with
    /// the same bytes share one image, so the PDF embeds them once.
    fn read_photos(&self, path: &str, text: &str, release: &mut Release) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        let mut seen: Vec<Arc<crate::photo::Image>> = Vec::new();
        let mut kept = crate::photo::Keeper::new(crate::photo::KEEP_PIXELS);
        for photo in &mut release.photos {
            let file = &photo.file;
            let error = |message: String, hint: Option<String>| {
                let message = format!("photos.file: {message}");
                let d = Diagnostic::error_at(path, text, file.span.clone(), message);
                match hint {
                    Some(h) => d.with_hint(h),
                    None => d,
                }
            };
            let bytes = match &self.files {
                Some(files) => files.read(path, &file.value),
                None => Err(crate::engine::FileRefusal {
                    message: "no files can be read here".into(),
                    hint: Some("the engine was given no files (Assets::files)".into()),
                }),
            };
            let bytes = match bytes {
                Ok(b) => b,
                Err(r) => {
                    let message = format!("cannot read photo {:?}: {}", file.value, r.message);
                    errors.push(error(message, r.hint));
                    continue;
                }
            };
            // Each image holds its file: compared with that, not with a second copy.
            if let Some(image) = seen.iter().find(|i| i.file() == Some(&bytes[..])) {
                photo.image = Some(image.clone());
                continue;
            }
            match crate::photo::decode(&bytes) {
                Ok(mut image) => {
                    kept.admit(&mut image);
                    let image = Arc::new(image);
                    photo.image = Some(image.clone());
                    seen.push(image);
                }
                Err(r) => {
                    let message =
                        format!("photo {:?} cannot be embedded: {}", file.value, r.message);
                    errors.push(error(message, Some(r.hint.to_string())));
                }
            }
        }
        errors
    }

    /// A located error for each brand name the release gives that is not a known brand.
    fn brand_errors(&self, path: &str, text: &str, release: &Release) -> Vec<Diagnostic> {
        let known: Vec<&str> = self.brands.keys().map(String::as_str).collect();
        let hint = match known.is_empty() {
            true => "no brands were given: pass --brands DIR, a folder with one NAME/brand.toml per brand".to_string(),
            false => format!("the known brands are: {}", known.join(", ")),
        };
        release
            .brand
            .iter()
            .filter(|n| !self.brands.contains_key(&n.value))
            .map(|n| {
                let mut h = hint.clone();
                if let Some(near) = crate::diag::suggest::nearest(&n.value, &known) {
                    h = format!("did you mean \"{near}\"? {h}");
                }
                let message = format!("brand: unknown brand \"{}\"", n.value);
                Diagnostic::error_at(path, text, n.span.clone(), message).with_hint(h)
            })
            .collect()
    }

    /// The brand a release is set in: the one it names, a joint brand of those it names,
    /// or the default. The names were checked by [`Self::brand_errors`].
    fn brand_of(&self, release: &Release) -> std::borrow::Cow<'_, Brand> {
        self.brand_named(release.brand.iter().map(|n| n.value.as_str()))
    }

    /// The brand of a release naming `names`: the default for none, a joint brand for
    /// several. Names no brand matches are left out (the check reports them).
    fn brand_named<'n>(&self, names: impl Iterator<Item = &'n str>) -> std::borrow::Cow<'_, Brand> {
        let named: Vec<&Brand> = names.filter_map(|n| self.brands.get(n)).collect();
        match named.as_slice() {
            [] => std::borrow::Cow::Borrowed(&self.brand),
            [one] => std::borrow::Cow::Borrowed(*one),
            [first, others @ ..] => std::borrow::Cow::Owned(Brand::joint(first, others)),
        }
    }

    /// The entry template for `langs` rendered and parsed: the markup text (layout's
    /// warnings point into it) and its document. Markup errors are placed in the templates,
    /// or in `source` (the release file, when known) for a value a template inserted.
    fn markup_document(
        &self,
        brand: &Brand,
        release: &Release,
        langs: &[Lang],
        entry: Entry,
        source: Option<Source>,
    ) -> Result<(String, crate::markup::Document), Vec<Diagnostic>> {
        let ctx = crate::template::context(release, brand, langs);
        let markup = self.templates.render_entry(entry, ctx)?;
        let photos = photos_of(release);
        let doc = crate::markup::parse_with_photos(entry.name(), &markup, brand, &photos).map_err(
            |errors| {
                let rendered = markup_errors::Rendered {
                    templates: &self.templates,
                    entry,
                    release,
                    brand,
                    langs,
                    source,
                };
                markup_errors::locate(&rendered, &markup, errors)
            },
        )?;
        Ok((markup, doc))
    }

    /// The PDF of `doc`, the document of `release` in `langs` parsed from `markup`
    /// (a multilingual output: the caller names a split one's language).
    #[allow(clippy::too_many_arguments)]
    fn pdf_of(
        &self,
        path: &str,
        text: &str,
        release: &Release,
        langs: &[Lang],
        opts: &BuildOptions,
        markup: &str,
        doc: &crate::markup::Document,
    ) -> Result<Output, Vec<Diagnostic>> {
        let brand = self.brand_of(release);
        let tree = crate::layout::layout(doc, &self.fonts, &self.shapes, &brand);
        if tree.pages.len() > MAX_PAGES {
            let message = format!(
                "the document has {} pages, more than the {MAX_PAGES} a document may have",
                tree.pages.len()
            );
            let hint = "check the templates for page breaks in loops, or split the release";
            return Err(vec![Diagnostic::error(path, message).with_hint(hint)]);
        }
        let meta = meta::meta(&brand, release, langs, opts);
        let pdf = crate::pdf::write(&tree, &self.fonts, &meta, &self.streams);
        let mut warnings = check::markdown_warnings(path, text, release, langs);
        warnings.extend(crate::model::placeholder::warnings(
            path, text, release, langs,
        ));
        warnings.extend(warnings::overfull_warnings(
            path,
            text,
            release,
            &brand,
            markup,
            &self.templates,
            || self.marked_markup(&brand, release, langs, opts.layout, markup),
            &tree.overfull,
        ));
        Ok(Output {
            lang: None,
            pdf,
            pages: tree.pages.len(),
            warnings,
        })
    }

    /// Runs template, markup and layout: the page tree of a release in `langs`.
    pub fn layout(
        &self,
        release: &Release,
        langs: &[Lang],
        mode: LayoutMode,
    ) -> Result<PageTree, Vec<Diagnostic>> {
        Ok(self.lay_out(release, langs, mode)?.0)
    }

    /// [`Engine::layout`], also giving the markup the page tree was laid out from (layout's
    /// warnings point into it).
    fn lay_out(
        &self,
        release: &Release,
        langs: &[Lang],
        mode: LayoutMode,
    ) -> Result<(PageTree, String), Vec<Diagnostic>> {
        self.lay_out_with(&self.brand_of(release), release, langs, mode)
    }

    /// [`Self::lay_out`] in `brand`.
    fn lay_out_with(
        &self,
        brand: &Brand,
        release: &Release,
        langs: &[Lang],
        mode: LayoutMode,
    ) -> Result<(PageTree, String), Vec<Diagnostic>> {
        let entry = entry(brand, langs, mode).map_err(|e| vec![e.unlocated()])?;
        let (markup, doc) = self.markup_document(brand, release, langs, entry, None)?;
        let tree = crate::layout::layout(&doc, &self.fonts, &self.shapes, brand);
        Ok((tree, markup))
    }

    /// The marks of `markup`, the markup of [`Self::lay_out_with`], rendered again from the
    /// marked context: where in the release or brand each piece of text came from, and
    /// which template element wrote it ([`crate::template::mark`]), with `true`. When the
    /// templates render the marked context differently (a custom template that changes the
    /// texts it is given), the template elements alone, rendered from the plain context,
    /// with `false`; `None` if even that is not `markup` again.
    fn marked_markup(
        &self,
        brand: &Brand,
        release: &Release,
        langs: &[Lang],
        mode: LayoutMode,
        markup: &str,
    ) -> Option<(crate::template::Marked, bool)> {
        let entry = entry(brand, langs, mode).ok()?;
        let ctx = crate::template::context_marked(release, brand, langs);
        if let Some(marked) = self.templates.render_marked(entry, ctx, markup) {
            return Some((marked, true));
        }
        let ctx = crate::template::context(release, brand, langs);
        Some((self.templates.render_marked(entry, ctx, markup)?, false))
    }

    /// Whether `release` in all its languages can be set in `mode` on its brand (the
    /// parallel layout is refused when its columns would be too narrow).
    pub fn accepts(&self, release: &Release, mode: LayoutMode) -> bool {
        entry(&self.brand_of(release), &release.languages, mode).is_ok()
    }

    /// Runs markup and layout on markup text (what a template renders) with the engine's
    /// brand, fonts and caches. `name` names the text in diagnostics.
    pub fn layout_markup(&self, name: &str, markup: &str) -> Result<PageTree, Vec<Diagnostic>> {
        self.layout_markup_with(&self.brand, name, markup, &[])
    }

    fn layout_markup_with(
        &self,
        brand: &Brand,
        name: &str,
        markup: &str,
        photos: &[Arc<crate::photo::Image>],
    ) -> Result<PageTree, Vec<Diagnostic>> {
        let doc = crate::markup::parse_with_photos(name, markup, brand, photos)?;
        Ok(crate::layout::layout(
            &doc,
            &self.fonts,
            &self.shapes,
            brand,
        ))
    }
}

/// Each language of a release with its document alone (see [`Engine::language_documents`]).
type LanguageDocuments = Vec<(Lang, crate::markup::Document)>;

/// The partial every shipped entry renders first, given the whole root.
const LETTERHEAD: &str = "letterhead";

/// A multilingual document in parts ([`cut`]): its letterhead's cells and, in the
/// release's language order, each language's turn (its blocks after the letterhead).
struct Parts {
    cells: Vec<Vec<crate::markup::Para>>,
    turns: Vec<Vec<crate::markup::Block>>,
}

/// A user's letterhead rendered and parsed alone ([`Engine::own_letterheads`]): its cells
/// in the multilingual document, and in each language's alone.
struct OwnLetterheads {
    joint: Vec<Vec<crate::markup::Para>>,
    each: Vec<Vec<Vec<crate::markup::Para>>>,
}

/// Whether every markup template in `templates` is the embedded one (and none is added):
/// the web page's and the text's own templates (`html/…`, `text/…`) may differ, as they
/// read the documents rather than make them.
fn stock_markup(templates: &BTreeMap<String, String>) -> bool {
    let markup = |name: &String| !name.starts_with("html/") && !name.starts_with("text/");
    let embedded = crate::template::embedded_sources();
    let mine: BTreeMap<_, _> = templates.iter().filter(|(n, _)| markup(n)).collect();
    let stock: BTreeMap<_, _> = embedded.iter().filter(|(n, _)| markup(n)).collect();
    mine == stock
}

/// Whether every part of each document (block, paragraph, quote, table, footnote
/// reference, …) is in the document's language. Read through the documents' serialized
/// form, so that a part added to the markup stage later is not missed. A part in another
/// language may come from a template that wrote no `lang` (it takes the multilingual
/// document's, its first language), and footnotes are numbered per language across the
/// whole document: either would make a cut differ from the language alone.
fn in_own_languages(docs: &LanguageDocuments) -> bool {
    fn all_in(v: &serde_json::Value, lang: &serde_json::Value) -> bool {
        match v {
            serde_json::Value::Object(o) => o
                .iter()
                .all(|(k, v)| (k != "lang" || v == lang) && all_in(v, lang)),
            serde_json::Value::Array(a) => a.iter().all(|v| all_in(v, lang)),
            _ => true,
        }
    }
    docs.iter().all(|(lang, doc)| {
        let lang = serde_json::to_value(lang).unwrap_or_default();
        serde_json::to_value(doc).is_ok_and(|d| all_in(&d, &lang))
    })
}

/// The multilingual document the embedded `entry` template makes for `langs`, cut into its
/// letterhead and each language's turn ([`cut_sequential`], [`cut_continuous`],
/// [`cut_parallel`]); `None` when the document does not have the shape that template
/// gives, and the caller renders each language alone. `tests/channel_documents.rs` holds
/// every cut's channels equal to those of a pass of their own, for every example in every
/// layout.
fn cut(entry: Entry, doc: crate::markup::Document, langs: &[Lang]) -> Option<Parts> {
    match entry {
        Entry::Sequential => cut_sequential(doc, langs),
        Entry::Continuous => cut_continuous(doc, langs),
        Entry::Parallel => cut_parallel(doc, langs),
    }
}

/// Each language's document cut out of the multilingual document the embedded sequential
/// template makes for `langs`: the letterhead (one cell per language), then each language
/// in turn, a page break between them. A language's document is its letterhead cell and
/// its turn, which is what the template renders for that language alone (the turns are
/// rendered from the same text with the same partials, and footnotes are numbered per
/// language). `None` when the document does not have that shape.
fn cut_sequential(doc: crate::markup::Document, _langs: &[Lang]) -> Option<Parts> {
    use crate::markup::Block;
    let mut blocks = doc.blocks.into_iter();
    let Some(Block::Letterhead(cells)) = blocks.next() else {
        return None;
    };
    let turns = split_at(blocks, |b| matches!(b, Block::PageBreak))?;
    Some(Parts { cells, turns })
}

/// Each language's document cut out of the multilingual document the embedded continuous
/// template makes for `langs`: the letterhead, one running header and footer for all
/// languages, then each language in turn, a rule between them. A turn is what the
/// sequential template renders for the language alone, but for that document's own
/// running header and footer, which no channel reads (a web page, a text and an e-mail
/// have no pages). `None` when the document does not have that shape: a rule of the text's
/// own between blocks makes one turn too many.
fn cut_continuous(doc: crate::markup::Document, _langs: &[Lang]) -> Option<Parts> {
    use crate::markup::Block;
    let mut blocks = doc.blocks.into_iter();
    let Some(Block::Letterhead(cells)) = blocks.next() else {
        return None;
    };
    let blocks = blocks.skip_while(|b| matches!(b, Block::Header(_) | Block::Footer(_)));
    let turns = split_at(blocks, |b| matches!(b, Block::Rule))?;
    Some(Parts { cells, turns })
}

/// Each language's document cut out of the multilingual document the embedded parallel
/// template makes for `langs`: the letterhead, one running header and footer, then rows of
/// one cell per language, each block facing its counterparts in the sequential order
/// (kind, …, title, …, sections with their quotes, footnotes, …, contacts). A language's
/// document is its letterhead cell and its cell of every row, in order, which is what the
/// sequential template renders for it alone but for the running header and footer, as in
/// [`cut_continuous`]. `None` when the document does not have that shape.
fn cut_parallel(doc: crate::markup::Document, langs: &[Lang]) -> Option<Parts> {
    use crate::markup::Block;
    let mut blocks = doc.blocks.into_iter();
    let Some(Block::Letterhead(cells)) = blocks.next() else {
        return None;
    };
    let mut turns: Vec<Vec<Block>> = langs.iter().map(|_| Vec::new()).collect();
    for block in blocks {
        match block {
            Block::Header(_) | Block::Footer(_) => {}
            Block::Row(row) if row.len() == langs.len() => {
                for (turn, cell) in turns.iter_mut().zip(row) {
                    turn.extend(cell);
                }
            }
            _ => return None,
        }
    }
    Some(Parts { cells, turns })
}

/// `blocks` in runs separated by the blocks `between` matches (which are dropped).
fn split_at(
    blocks: impl Iterator<Item = crate::markup::Block>,
    between: impl Fn(&crate::markup::Block) -> bool,
) -> Option<Vec<Vec<crate::markup::Block>>> {
    let mut turns: Vec<Vec<crate::markup::Block>> = vec![Vec::new()];
    for block in blocks {
        match between(&block) {
            true => turns.push(Vec::new()),
            false => turns.last_mut()?.push(block),
        }
    }
    Some(turns)
}

/// Each language's document with the shipped letterhead: its letterhead cell, then its
/// turn; `None` unless there is one cell and one turn per language.
fn with_letterhead(parts: Parts, langs: &[Lang]) -> Option<LanguageDocuments> {
    if parts.cells.len() != langs.len() {
        return None;
    }
    let cells = parts.cells.into_iter().map(|cell| vec![cell]);
    documents(langs, cells, parts.turns)
}

/// Each language's document with a user's letterhead: the letterhead it has alone, then
/// its turn; `None` unless `parts`' letterhead is the one the template gives the
/// multilingual document (the blocks after it are then the entry's own) and there is one
/// turn per language.
fn with_own_letterheads(
    parts: Parts,
    own: OwnLetterheads,
    langs: &[Lang],
) -> Option<LanguageDocuments> {
    if unplaced(parts.cells) != own.joint || own.each.len() != langs.len() {
        return None;
    }
    documents(langs, own.each.into_iter(), parts.turns)
}

/// `cells` without the places of their words in the markup ([`crate::markup::Inline::words`],
/// which layout's warnings read and the channels do not): a letterhead parsed alone has
/// its words elsewhere than in its document.
fn unplaced(mut cells: Vec<Vec<crate::markup::Para>>) -> Vec<Vec<crate::markup::Para>> {
    for inline in cells.iter_mut().flatten().flat_map(|p| &mut p.inlines) {
        inline.words.clear();
    }
    cells
}

/// Each language's document: its letterhead's cells, then its turn; `None` unless there
/// is one turn per language.
fn documents(
    langs: &[Lang],
    letterheads: impl Iterator<Item = Vec<Vec<crate::markup::Para>>>,
    turns: Vec<Vec<crate::markup::Block>>,
) -> Option<LanguageDocuments> {
    use crate::markup::Block;
    if turns.len() != langs.len() {
        return None;
    }
    let docs = langs
        .iter()
        .zip(letterheads)
        .zip(turns)
        .map(|((&lang, cells), turn)| {
            let mut blocks = Vec::with_capacity(turn.len() + 1);
            blocks.push(Block::Letterhead(cells));
            blocks.extend(turn);
            (lang, crate::markup::Document { lang, blocks })
        });
    Some(docs.collect())
}

/// The release's photos' images, for `<figure photo="N">`. `Engine::check` read every one;
/// a photo without its image (a release loaded by the model alone) ends the list, and markup
/// reports its `<figure>` as naming no photo.
fn photos_of(release: &Release) -> Vec<Arc<crate::photo::Image>> {
    (release.photos.iter())
        .map_while(|p| p.image.clone())
        .collect()
}

/// The entry template for `langs` in `mode` on `brand`: one language is always sequential.
fn entry(brand: &Brand, langs: &[Lang], mode: LayoutMode) -> Result<Entry, Refusal> {
    match mode {
        _ if langs.len() < 2 => Ok(Entry::Sequential),
        LayoutMode::Sequential => Ok(Entry::Sequential),
        LayoutMode::Continuous => Ok(Entry::Continuous),
        LayoutMode::Parallel => {
            let em = crate::layout::parallel_column_em(brand, langs.len());
            if em < crate::layout::MIN_PARALLEL_COLUMN_EM {
                Err(Refusal::NarrowParallel {
                    languages: langs.len(),
                    em,
                })
            } else {
                Ok(Entry::Parallel)
            }
        }
    }
}

/// Why a release cannot be set in the layout asked for.
enum Refusal {
    /// Parallel columns would be narrower than a legible measure.
    NarrowParallel { languages: usize, em: f32 },
}

impl Refusal {
    fn message(&self) -> (String, String) {
        match self {
            Refusal::NarrowParallel { languages, em } => (
                format!(
                    "the parallel layout would set {languages} languages side by side in columns of {em:.1} em, narrower than the {} em a legible column needs",
                    crate::layout::MIN_PARALLEL_COLUMN_EM
                ),
                "use --layout continuous (each language after the previous one on the same page) or --layout sequential, or a brand with a wider text area".to_string(),
            ),
        }
    }

    /// The refusal at the release's `languages` list, which decides the columns.
    fn locate(&self, path: &str, text: &str) -> Diagnostic {
        let (message, hint) = self.message();
        let span = crate::diag::located::parse(path, text)
            .ok()
            .and_then(|root| root.get_ref().get("languages").map(|v| v.span()));
        let d = Diagnostic::error(path, message).with_hint(hint);
        match span {
            Some(span) => d.at(text, span.start),
            None => d,
        }
    }

    /// The refusal for a caller that gave no source ([`Engine::layout`]).
    fn unlocated(&self) -> Diagnostic {
        let (message, hint) = self.message();
        Diagnostic::error("<release>", message).with_hint(hint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cuts_with(partials: &[(&str, &str)]) -> Cuts {
        let mut sources = crate::template::embedded_sources();
        for (name, src) in partials {
            sources.insert(name.to_string(), src.to_string());
        }
        Cuts::of(&sources, &Templates::new(&sources).unwrap())
    }

    #[test]
    fn the_users_partials_are_cut_only_when_they_read_their_own_context_alone() {
        assert_eq!(cuts_with(&[]), Cuts::Always);
        let own =
            "<blockquote lang=\"{{lang}}\">{{#each paras}}<p>{{this}}</p>{{/each}}</blockquote>";
        assert_eq!(cuts_with(&[("quote", own)]), Cuts::Checked);
        // The web page's and the text's templates do not make the documents.
        assert_eq!(cuts_with(&[("text/page", "{{{body}}}")]), Cuts::Always);
        // An entry of the user's is checked when used (`Engine::cut`), not here.
        assert_eq!(cuts_with(&[("parallel", "<doc/>")]), Cuts::Checked);
        let root = "<p lang=\"{{lang}}\">{{@root.langs}}</p>";
        assert_eq!(cuts_with(&[("quote", own), ("notes", root)]), Cuts::Never);
        // The letterhead is given the whole root, with every language: it is not checked
        // but rendered alone (`Engine::own_letterheads`).
        assert_eq!(cuts_with(&[("letterhead", "<letterhead/>")]), Cuts::Checked);
    }

    /// A user's letterhead, as the shipped one but for the organisation's name only.
    const NAMES_ONLY: &str = "<letterhead>{{#each texts}}<cell lang=\"{{lang}}\">{{#each orgs}}\
                              {{#each name}}<p class=\"org\">{{this}}</p>{{/each}}{{/each}}\
                              </cell>{{/each}}</letterhead>";

    /// The wilmes example's release and the engine with `templates` added to the shipped.
    fn wilmes_with(templates: &[(&str, &str)]) -> (Engine, Release) {
        let mut assets = Assets::embedded();
        for (name, src) in templates {
            assets.templates.insert(name.to_string(), src.to_string());
        }
        let engine = Engine::new(assets).unwrap();
        let source = include_bytes!("../../examples/persbericht-wilmes.toml");
        let release = engine.check("wilmes.toml", source).unwrap();
        (engine, release)
    }

    /// What `Engine::cut` makes of the release's multilingual document in `mode`, and each
    /// language's document rendered alone.
    fn cut_and_alone(
        engine: &Engine,
        release: &Release,
        mode: LayoutMode,
    ) -> (Option<LanguageDocuments>, LanguageDocuments) {
        let brand = engine.brand_of(release);
        let langs = &release.languages;
        let entry = entry(&brand, langs, mode).ok().unwrap();
        let (_, doc) = engine
            .markup_document(&brand, release, langs, entry, None)
            .unwrap();
        let alone = engine.language_documents(release, None).unwrap();
        (engine.cut(&brand, release, entry, doc), alone)
    }

    /// `docs` as the channels read them: without the places of their words in the markup
    /// (a cut document's are in the multilingual document's markup).
    fn unplaced_docs(docs: &LanguageDocuments) -> serde_json::Value {
        fn strip(v: &mut serde_json::Value) {
            match v {
                serde_json::Value::Object(o) => {
                    o.remove("words");
                    o.values_mut().for_each(strip);
                }
                serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
                _ => {}
            }
        }
        let mut v = serde_json::to_value(docs).unwrap();
        strip(&mut v);
        v
    }

    /// The cut is made with a user's letterhead (not only found equal by falling back to
    /// a pass of its own, as `tests/channel_documents.rs` would also find), and gives each
    /// language's document as rendered alone.
    #[test]
    fn a_users_letterhead_is_rendered_alone_and_the_rest_cut() {
        let (engine, release) = wilmes_with(&[("letterhead", NAMES_ONLY)]);
        assert_eq!(engine.cuts, Cuts::Checked);
        for mode in [
            LayoutMode::Sequential,
            LayoutMode::Continuous,
            LayoutMode::Parallel,
        ] {
            let (cut, alone) = cut_and_alone(&engine, &release, mode);
            let cut = cut.unwrap_or_else(|| panic!("{mode:?}: not cut"));
            // The continuous and parallel cuts leave out each language's running header
            // and footer, which no channel reads: `tests/channel_documents.rs` compares
            // their channels.
            if mode == LayoutMode::Sequential {
                assert!(unplaced_docs(&cut) == unplaced_docs(&alone));
            }
        }
    }

    /// A letterhead that writes a block after itself in a multilingual document (here the
    /// second language's kind, without `lang`: the first language's, so the check on the
    /// languages of the cut would not see it) is not cut: that block would be taken for
    /// the first language's.
    #[test]
    fn a_letterhead_writing_more_than_a_letterhead_is_not_cut() {
        let more =
            format!("{NAMES_ONLY}{{{{#if texts.[1]}}}}<p>{{{{texts.[1].kind}}}}</p>{{{{/if}}}}");
        let (engine, release) = wilmes_with(&[("letterhead", &more)]);
        assert_eq!(engine.cuts, Cuts::Checked);
        for mode in [LayoutMode::Sequential, LayoutMode::Continuous] {
            let (cut, _) = cut_and_alone(&engine, &release, mode);
            assert!(cut.is_none(), "{mode:?}");
        }
    }

    /// A one-language release's document is its language's document, whatever the
    /// templates: the PDF's is reused for the channels.
    #[test]
    fn one_language_reuses_the_pdfs_document_whatever_the_templates() {
        let sequential = format!(
            "{}{{{{!-- mine --}}}}",
            crate::template::embedded_sources()["sequential"]
        );
        let (engine, mut release) = wilmes_with(&[("sequential", &sequential)]);
        assert_eq!(engine.cuts, Cuts::Checked);
        release.languages.truncate(1);
        let opts = BuildOptions::default();
        let (path, text) = (
            "wilmes.toml",
            include_str!("../../examples/persbericht-wilmes.toml"),
        );
        let (_, docs) = engine
            .pdfs_and_documents(path, text, &release, &opts, true, true)
            .unwrap();
        assert_eq!(docs, engine.language_documents(&release, None).unwrap());
    }
}
