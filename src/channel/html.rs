//! The HTML channel: one web page per language of a release, an index of releases and an
//! Atom feed, all from the same model, templates and typography as the PDF.
//!
//! Takes a release, its brand and the markup stage's [`Document`] of one language (the
//! sequential template rendered for that language alone, so Markdown, quotes, no-break
//! spaces and footnote numbers are the PDF's to the character) and gives the page's bytes.
//! `body.rs` chooses the HTML element for each block; the page around it (head, metadata,
//! letterhead, navigation, CSS) is the Handlebars template `html/page` with its partial
//! `html/style` (and `html/index` for the index), embedded with the PDF's templates and
//! overridable with `--templates DIR` (as `DIR/html/page.hbs`) like them.
//!
//! What a page carries besides the text: `<html lang>` and `lang` on blocks in another
//! language; `<link rel="alternate" hreflang>` to every language's page (itself included)
//! and an `x-default` (the release's first language); a link to the PDF; a `description`
//! and Open Graph tags from the title and lead; a schema.org `NewsArticle` in JSON-LD; the
//! brand's colours in a `<style>` and its logo inline (SVG paths, or a PNG as a `data:`
//! URI), so the page fetches nothing; a print stylesheet. Photos are inline too, shrunk to
//! twice the text column's width in pixels ([`WebPhoto`]), each once per release. Links between the files are
//! relative (`<stem>.<lang>.html`, the PDF's name), so the folder can be served anywhere;
//! with `--base-url` ([`Names::base`]) they are absolute under it, and the page names its
//! address (`<link rel="canonical">`, `og:url`, the JSON-LD `url`).
//!
//! [`index`] and [`feed`] take the [`Listing`]s of the pages built in one run: the CLI
//! collects them across a batch and writes `index.<lang>.html` and `feed.<lang>.xml`.
//!
//! Nothing here reads the clock or iterates a hash map: the same input gives the same bytes.

mod body;
mod faces;
mod logo;

pub use logo::prepare as prepare_logos;

pub use body::datetime;

use crate::brand::Brand;
use crate::diag::Diagnostic;
use crate::font::{Family, FontBook, FontId};
use crate::lang::Lang;
use crate::markup::Document;
use crate::model::{Release, When};
use crate::photo::Image;
use crate::template::Templates;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// How the files of one release are named, for the links between them.
#[derive(Debug, Clone, Copy)]
pub struct Names<'a> {
    /// The release's file stem (`persbericht` for `persbericht.toml`).
    pub stem: &'a str,
    /// Whether the PDFs are split per language (`<stem>.<lang>.pdf`) or one (`<stem>.pdf`).
    pub split_pdf: bool,
    /// Where the folder is published (`--base-url`), if known: the page's links to the
    /// other files are then absolute, and it names its canonical address.
    pub base: Option<&'a BaseUrl>,
}

impl Names<'_> {
    /// The file name of the page in `lang`.
    pub fn page(&self, lang: Lang) -> String {
        format!("{}.{}.html", self.stem, lang.code())
    }

    /// The file name of the PDF that holds `lang`.
    pub fn pdf(&self, lang: Lang) -> String {
        match self.split_pdf {
            true => format!("{}.{}.pdf", self.stem, lang.code()),
            false => format!("{}.pdf", self.stem),
        }
    }

    /// The link from a page to the file `name` beside it: relative, or absolute under
    /// [`Names::base`].
    fn link(&self, name: &str) -> String {
        let h = href(name);
        self.base.map_or(h.clone(), |b| b.join(&h))
    }
}

/// One built page.
#[derive(Debug, Clone)]
pub struct Page {
    pub lang: Lang,
    /// `<stem>.<lang>.html`.
    pub file_name: String,
    pub html: String,
    /// Where `html` shows its images (photos, a PNG logo), in the page's order: for a
    /// channel that carries them otherwise than as the page's `data:` URIs (the e-mail).
    pub images: Vec<Shown>,
    /// What the index and the feed say about this page.
    pub listing: Listing,
}

/// An image a page shows in an `<img>`, as a file: what its `data:` URI carries, for a
/// channel that carries it otherwise (the e-mail's image parts, [`super::mail`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebImage {
    /// `image/jpeg` or `image/png`.
    pub mime: &'static str,
    /// The file's bytes, shared by every page (and clone) that shows it.
    pub bytes: Arc<[u8]>,
    /// The file's name, which a mail program offers when the image is saved: a photo's own
    /// (the last part of its path in the release), `logo.png` for a logo.
    pub name: Arc<str>,
}

impl WebImage {
    /// An image named after its type until it is given its own name (`photo.jpg`).
    fn new(mime: &'static str, bytes: Vec<u8>) -> WebImage {
        let name = match mime {
            "image/jpeg" => "photo.jpg",
            _ => "photo.png",
        };
        WebImage {
            mime,
            bytes: bytes.into(),
            name: name.into(),
        }
    }

    /// The image as a page's `src`.
    fn uri(&self) -> String {
        format!("data:{};base64,{}", self.mime, logo::base64(&self.bytes))
    }
}

/// One place where a page shows one of its images.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// Where [`Page::html`] shows it, as `form` says.
    pub at: std::ops::Range<usize>,
    pub form: Form,
    pub image: WebImage,
}

/// What stands for an image in a page, at [`Shown::at`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Form {
    /// The value of an `<img>`'s `src`: the image's `data:` URI.
    Src,
    /// A vector logo's inline `<svg>` element, whole; the image is that logo rasterised
    /// at [`PHOTO_DENSITY`] times its size on the page. A reader that does not draw inline
    /// SVG (an e-mail's) is given `<img alt width height>` in its place.
    Svg {
        /// The logo's text alternative, escaped for an attribute (the SVG's `aria-label`).
        alt: String,
        /// Its size on the page, in CSS pixels.
        width: u32,
        height: u32,
    },
}

/// Where `html` shows each of `images`, in the page's order: each is given with what this
/// stage wrote for it and how ([`Form`]): every `src="<its data: URI>"`, every copy of its
/// `<svg>` element. What is looked for is this stage's own (the base64 of an image's bytes,
/// a logo's paths), and a page's text is escaped (`"` is `&quot;`, `<` is `&lt;`), so where
/// it stands is where this stage put it, in the page's body or in a user's template; the
/// mail then swaps it for its part's name without decoding anything.
fn shown<'a>(
    html: &str,
    images: impl IntoIterator<Item = (&'a str, &'a Form, &'a WebImage)>,
) -> Vec<Shown> {
    let mut out: Vec<Shown> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (text, form, image) in images {
        if seen.contains(&text) {
            continue;
        }
        seen.push(text);
        let (needle, skip) = match form {
            Form::Src => (format!("src=\"{text}\""), "src=\"".len()),
            Form::Svg { .. } => (text.to_string(), 0),
        };
        for at in find_all(html.as_bytes(), needle.as_bytes()) {
            let start = at + skip;
            out.push(Shown {
                at: start..start + text.len(),
                form: form.clone(),
                image: image.clone(),
            });
        }
    }
    out.sort_by_key(|s| s.at.start);
    out
}

/// Where `needle` starts in `haystack`, each place not overlapping the one before, as
/// `memmem::find_iter` gives them. A Two-Way searcher costs in proportion to its needle,
/// and a photo's needle is its whole `data:` URI (89 KB for the photo example's JPEG: 8 M
/// instructions per release, callgrind, more than the e-mail's other work): so its last
/// [`TAIL`] bytes are found, and the whole is compared where each could end.
fn find_all(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    let tail = &needle[needle.len().saturating_sub(TAIL)..];
    let finder = memchr::memmem::Finder::new(tail);
    let (mut found, mut from, mut next) = (Vec::new(), 0, 0);
    // Every place the tail is, overlapping ones too: in a text that repeats itself the
    // tail can also stand inside the needle, before its end.
    while let Some(at) = haystack.get(from..).and_then(|rest| finder.find(rest)) {
        let end = from + at + tail.len();
        from += at + 1;
        let Some(start) = end.checked_sub(needle.len()) else {
            continue;
        };
        if start >= next && haystack[start..end] == *needle {
            found.push(start);
            next = end;
        }
    }
    found
}

/// How much of a needle [`find_all`] searches for: the end of a `data:` URI, its base64,
/// differs from image to image where its start (`data:image/jpeg;base64,/9j/4AAQ`) does not.
const TAIL: usize = 64;

/// A page as the index and the feed list it. Kept in the build manifest beside the page's
/// entry, so that an incremental build lists an up-to-date release without making it again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    pub lang: Lang,
    pub kind: String,
    pub title: String,
    pub lead: Option<String>,
    /// The release's date as HTML's `datetime` and as words ("28 juni 2021").
    pub datetime: String,
    pub date_text: String,
    /// RFC 3339 (Atom's `updated`/`published`): the release's date and time.
    pub updated: String,
    /// For an update, when the release it replaces was issued (RFC 3339).
    pub published: Option<String>,
    /// Seconds since the epoch: the index and feed sort on it, newest first.
    pub sort_key: i64,
    /// Relative links to the page and the PDF (the CLI prefixes the release's folder under
    /// the output folder).
    pub href: String,
    pub pdf_href: String,
    /// A stable identifier for the feed entry (a `tag:` URI, RFC 4151).
    pub id: String,
    /// The brands the release names (`brand = …`), as written; empty for the default
    /// brand. The index and the feed are set in the brand their releases share.
    pub brands: Vec<String>,
    /// The release's organisation(s) in this language (the brand's short name), which the
    /// index and feed show on each entry when their releases come from several brands.
    pub organisation: String,
}

/// Words of the page's own that the release does not give, per language.
pub struct Labels {
    pub footnotes: &'static str,
    /// Names a footnote's link back to its reference (followed by the note's number).
    pub note_back: &'static str,
    /// Names a table's scroll box (a region that keyboard users can focus and scroll).
    pub table: &'static str,
    /// Introduces a photo in the plain text, which cannot show it.
    pub photo: &'static str,
    pub pdf: &'static str,
    pub languages: &'static str,
    pub index: &'static str,
    pub feed: &'static str,
    pub language_name: &'static str,
    /// Open Graph's locale (`nl_BE`).
    pub locale: &'static str,
}

/// The page's labels in `lang`.
pub fn labels(lang: Lang) -> Labels {
    match lang {
        Lang::Nl => Labels {
            footnotes: "Voetnoten",
            note_back: "Terug naar verwijzing",
            table: "Tabel",
            photo: "Foto",
            pdf: "Persbericht als pdf",
            languages: "Andere talen",
            index: "Persberichten",
            feed: "Atom-feed",
            language_name: "Nederlands",
            locale: "nl_BE",
        },
        Lang::Fr => Labels {
            footnotes: "Notes",
            note_back: "Retour à l’appel de note",
            table: "Tableau",
            photo: "Photo",
            pdf: "Communiqué en PDF",
            languages: "Autres langues",
            index: "Communiqués de presse",
            feed: "Flux Atom",
            language_name: "Français",
            locale: "fr_BE",
        },
        Lang::De => Labels {
            footnotes: "Fußnoten",
            note_back: "Zurück zum Verweis",
            table: "Tabelle",
            photo: "Foto",
            pdf: "Pressemitteilung als PDF",
            languages: "Andere Sprachen",
            index: "Pressemitteilungen",
            feed: "Atom-Feed",
            language_name: "Deutsch",
            locale: "de_BE",
        },
        Lang::En => Labels {
            footnotes: "Footnotes",
            note_back: "Back to reference",
            table: "Table",
            photo: "Photo",
            pdf: "Press release as PDF",
            languages: "Other languages",
            index: "Press releases",
            feed: "Atom feed",
            language_name: "English",
            locale: "en_GB",
        },
    }
}

/// The widest a photo is shown on a page, in CSS pixels: the text column of
/// `templates/html/style.hbs` (`.page`: 44rem less 2 × 1.25rem of padding, at the usual
/// 16 px to the rem). Its `width` attribute is at most this, and `max-width: 100%`
/// narrows it on a phone.
pub const PHOTO_CSS_WIDTH: u32 = 664;

/// How many image pixels a page keeps per CSS pixel of a photo's width: 2, what a
/// high-density (“retina”) screen shows; more is only bytes to download. A 4000-pixel
/// camera JPEG becomes 1328 pixels wide.
pub const PHOTO_DENSITY: u32 = 2;

/// A photo as the web pages show it: shrunk to [`PHOTO_DENSITY`] × [`PHOTO_CSS_WIDTH`]
/// pixels wide at most (the PDF's own downsampling, [`crate::photo::shrink_to_width`]),
/// as a `data:` URI, with its display size in CSS pixels.
#[derive(Debug, Clone)]
pub struct WebPhoto {
    /// Its `data:` URI.
    pub src: Arc<str>,
    /// The bytes behind that URI.
    pub image: WebImage,
    pub width: u32,
    pub height: u32,
}

impl WebPhoto {
    pub fn new(image: &Image) -> WebPhoto {
        let small = crate::photo::shrink_to_width(image, PHOTO_DENSITY * PHOTO_CSS_WIDTH);
        let file = match (image, small) {
            (Image::Jpeg(_), Some(Image::Jpeg(small))) => WebImage::new("image/jpeg", small.data),
            (Image::Jpeg(j), _) => WebImage::new("image/jpeg", j.data.clone()),
            // A PNG file with no more pixels than the page needs goes as it is, as a JPEG
            // does: encoding its pixels again cost more than its PDF (see `photo::Png`).
            // Shrunk, fewer pixels of a flat or smooth picture can compress worse (averaging
            // makes in-between colours): the smaller file is taken, as a JPEG that would
            // re-encode larger is kept as it was. An animated PNG's file would move on the
            // page: its first picture is encoded instead, as the PDF shows it.
            (Image::Png(p), small) if !animated(&p.file) => {
                let png = small_png(small).filter(|s| s.len() < p.file.len());
                WebImage::new("image/png", png.unwrap_or_else(|| p.file.clone()))
            }
            (Image::Raster(r) | Image::Png(crate::photo::Png { raster: r, .. }), small) => {
                let full = logo::png(r);
                let png = small_png(small).filter(|s| s.len() < full.len());
                WebImage::new("image/png", png.unwrap_or(full))
            }
        };
        // The display size from the original's proportions (the shrunk one is rounded).
        let (w, h) = image.size();
        let width = w.min(PHOTO_CSS_WIDTH);
        let height = ((f64::from(h) * f64::from(width) / f64::from(w)).round() as u32).max(1);
        WebPhoto {
            src: file.uri().into(),
            image: file,
            width,
            height,
        }
    }
}

/// A shrunk raster photo encoded as a PNG file (`None`: not shrunk).
fn small_png(small: Option<Image>) -> Option<Vec<u8>> {
    match small {
        Some(Image::Raster(s)) => Some(logo::png(&s)),
        _ => None,
    }
}

/// Whether a PNG file is animated (APNG): it has an `acTL` chunk before its image data.
/// The chunks are walked by their lengths; a file cut short counts as animated, so that it
/// is encoded again rather than carried.
fn animated(png: &[u8]) -> bool {
    let mut at = 8;
    while let Some(head) = png.get(at..at + 8) {
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        match &head[4..8] {
            b"acTL" => return true,
            b"IDAT" | b"IEND" => return false,
            _ => at = at.saturating_add(12).saturating_add(len),
        }
    }
    true
}

/// The photos of one release, each made once for all its pages: a photo is shared by every
/// language's document (the same `Arc`), and shrinking and encoding it is the larger part
/// of a page's cost.
#[derive(Debug, Default)]
pub struct WebPhotos(Vec<(Arc<Image>, WebPhoto)>);

impl WebPhotos {
    /// The photos of `docs`, in the order they first appear, each named after its file in
    /// `release` ([`WebImage::name`]).
    pub fn of<'a>(release: &Release, docs: impl IntoIterator<Item = &'a Document>) -> WebPhotos {
        let mut photos = WebPhotos::default();
        for doc in docs {
            for block in &doc.blocks {
                if let crate::markup::Block::Figure(f) = block {
                    photos.add(release, &f.image);
                }
            }
        }
        photos
    }

    /// The photos of `release` itself, in its order, each made once: the same photos as
    /// [`WebPhotos::of`] its documents, known before the documents are (the engine reads
    /// each photo once, and the documents share it), so that another thread can make them
    /// while the PDF is laid out. A photo no document shows would be made for nothing; the
    /// pages find theirs by image, so the order does not matter.
    pub fn of_release(release: &Release) -> WebPhotos {
        let mut photos = WebPhotos::default();
        for image in release.photos.iter().filter_map(|p| p.image.as_ref()) {
            photos.add(release, image);
        }
        photos
    }

    /// Makes `image` for the web, named after its file in `release`, unless it is made.
    fn add(&mut self, release: &Release, image: &Arc<Image>) {
        if self.get(image).is_some() {
            return;
        }
        let mut photo = WebPhoto::new(image);
        if let Some(name) = file_name(release, image) {
            photo.image.name = name.into();
        }
        self.0.push((image.clone(), photo));
    }

    fn get(&self, image: &Arc<Image>) -> Option<&WebPhoto> {
        self.0
            .iter()
            .find(|(i, _)| Arc::ptr_eq(i, image))
            .map(|(_, p)| p)
    }
}

/// The last part of the path of `release`'s photo whose image is `image` (the same `Arc`:
/// the engine reads each photo once and the documents share it).
fn file_name(release: &Release, image: &Arc<Image>) -> Option<String> {
    let photo = release
        .photos
        .iter()
        .find(|p| p.image.as_ref().is_some_and(|i| Arc::ptr_eq(i, image)))?;
    let path = photo.file.value.trim();
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    (!name.is_empty()).then(|| name.to_string())
}

/// The pages of `release`, one per language document in `docs`; with `fonts`
/// (`--web-fonts`), each page carries the faces it is set in ([`web_fonts`]). `photos`,
/// when the caller made them already ([`WebPhotos::of_release`]), or made here.
pub fn pages(
    templates: &Templates,
    release: &Release,
    brand: &Brand,
    docs: &[(Lang, Document)],
    names: Names,
    fonts: Option<&FontBook>,
    photos: Option<WebPhotos>,
) -> Result<Vec<Page>, Vec<Diagnostic>> {
    let photos = photos.unwrap_or_else(|| WebPhotos::of(release, docs.iter().map(|(_, d)| d)));
    let shared = Shared { photos, fonts };
    docs.iter()
        .map(|(lang, doc)| page(templates, release, brand, *lang, doc, names, &shared))
        .collect()
}

/// What the pages of one release share: their photos, made once, and the faces to embed.
pub struct Shared<'a> {
    pub photos: WebPhotos,
    pub fonts: Option<&'a FontBook>,
}

/// The CSS family names the web fonts are declared under (`templates/html/style.hbs`
/// puts them first in its `--serif` and `--sans` stacks).
fn web_family(family: Family) -> &'static str {
    match family {
        Family::Serif => "communique-serif",
        Family::Sans => "communique-sans",
    }
}

/// The `@font-face` rules of a page, as the template's `fonts` list: each face of `fonts`
/// that `shown` has text for ([`faces::shown`]), subset to that text
/// ([`crate::font::web::subset`]), as WOFF2 ([`crate::font::web::woff2`]) in a `data:`
/// URI, so the page still fetches nothing. A face the subsetter or the encoder refuses is
/// left out: the browser then falls back to the next font of the stack, as without web
/// fonts.
fn web_fonts(fonts: &FontBook, shown: &BTreeMap<FontId, BTreeSet<char>>) -> Vec<Value> {
    let mut rules = Vec::new();
    for family in [Family::Serif, Family::Sans] {
        for (bold, italic) in [(false, false), (false, true), (true, false), (true, true)] {
            let id = FontId::new(family, bold, italic);
            let Some(text) = shown.get(&id) else {
                continue;
            };
            let subset = crate::font::web::subset(fonts.face(id).data, text);
            let Some(font) = subset.as_deref().and_then(crate::font::web::woff2) else {
                continue;
            };
            rules.push(json!({
                "family": web_family(family),
                "weight": if bold { 700 } else { 400 },
                "style": if italic { "italic" } else { "normal" },
                "src": format!("data:font/woff2;base64,{}", logo::base64(&font)),
                "format": "woff2",
            }));
        }
    }
    rules
}

/// Renders template `name` with `ctx`; with `fonts` (`--web-fonts`), twice: the page
/// without web fonts tells which faces its text is set in and in each which characters
/// ([`faces::shown`]; with the user's own `html/style`, which that cannot mirror, every
/// face with every character, [`faces::every_face`]), then the page is rendered again with
/// those faces as its `fonts` (only the stylesheet's `@font-face` rules and font stacks
/// differ).
fn render_with_fonts(
    templates: &Templates,
    name: &str,
    mut ctx: Value,
    fonts: Option<&FontBook>,
) -> Result<String, Vec<Diagnostic>> {
    let Some(fonts) = fonts else {
        return templates.render(name, ctx);
    };
    let plain = templates.render(name, ctx.clone())?;
    let shown = match templates.is_shipped("html/style") {
        true => faces::shown(&plain),
        false => faces::every_face(&plain),
    };
    ctx["fonts"] = Value::Array(web_fonts(fonts, &shown));
    templates.render(name, ctx)
}

/// The page of `release` in `lang`, from `doc` (the release's typeset document in `lang`),
/// its photos and web fonts from `shared`.
pub fn page(
    templates: &Templates,
    release: &Release,
    brand: &Brand,
    lang: Lang,
    doc: &Document,
    names: Names,
    shared: &Shared,
) -> Result<Page, Vec<Diagnostic>> {
    let l = labels(lang);
    let body = body::body(doc, lang, &release.date, &l, &shared.photos);
    let listing = listing(release, brand, lang, &body, doc, names);
    let site = brand.short_name(lang);
    let description = body.lead.clone().unwrap_or_else(|| body.title.clone());
    let logos = logo::logos(brand, lang);
    let alternates: Vec<Value> = release
        .languages
        .iter()
        .map(|&other| {
            json!({
                "lang": other.code(),
                "href": names.link(&names.page(other)),
                "name": labels(other).language_name,
                "current": other == lang,
            })
        })
        .collect();
    let others: Vec<&'static str> = release
        .languages
        .iter()
        .filter(|&&o| o != lang)
        .map(|&o| labels(o).locale)
        .collect();
    let ctx = json!({
        "lang": lang.code(),
        "title": body.title,
        "description": description,
        "site_name": site,
        "kind": listing.kind,
        "datetime": listing.datetime,
        "alternates": alternates,
        "x_default": names.link(&names.page(release.languages[0])),
        "pdf": names.link(&names.pdf(lang)),
        "canonical": names.base.map(|_| names.link(&names.page(lang))),
        "labels": labels_json(&l),
        "og": { "locale": l.locale, "alternate_locales": others },
        "json_ld": script_json(&json_ld(release, brand, lang, &body, &logos.uris, names)),
        "colors": colors(brand),
        "organisations": organisations(&body.organisations, &logos.each),
        "logos": logos.html,
        "fonts": Value::Null,
        "letterhead": body.letterhead,
        "article": body.article,
    });
    let html = render_with_fonts(templates, "html/page", ctx, shared.fonts)?;
    let images = body.photos.iter().map(|p| (&*p.src, &Form::Src, &p.image));
    let images = shown(&html, images.chain(logos.images()));
    Ok(Page {
        lang,
        file_name: names.page(lang),
        html,
        images,
        listing,
    })
}

fn listing(
    release: &Release,
    brand: &Brand,
    lang: Lang,
    body: &body::Body,
    doc: &Document,
    names: Names,
) -> Listing {
    let kind = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            crate::markup::Block::Para(p) if p.class == crate::markup::Class::Kind => {
                Some(p.text())
            }
            _ => None,
        })
        .unwrap_or_default();
    let authority = authority(brand);
    Listing {
        lang,
        kind,
        title: body.title.clone(),
        lead: body.lead.clone(),
        datetime: datetime(&release.date),
        date_text: crate::template::locale::long_date(release.date.date, lang),
        updated: rfc3339(&release.date),
        published: release
            .update
            .as_ref()
            .and_then(|u| u.replaces.as_ref())
            .map(rfc3339),
        sort_key: release.date.unix_seconds(),
        href: href(&names.page(lang)),
        pdf_href: href(&names.pdf(lang)),
        id: format!(
            "tag:{authority},{}:{}",
            release.date.date.format("%Y-%m-%d"),
            percent(&names.page(lang))
        ),
        brands: release.brand.iter().map(|b| b.value.clone()).collect(),
        organisation: brand.short_name(lang).to_string(),
    }
}

fn labels_json(l: &Labels) -> Value {
    json!({
        "footnotes": l.footnotes,
        "pdf": l.pdf,
        "languages": l.languages,
        "index": l.index,
        "feed": l.feed,
    })
}

/// The brand's colours as CSS `#rrggbb`.
fn colors(brand: &Brand) -> Value {
    json!({
        "primary": hex(brand.primary),
        "accent": hex(brand.accent),
        "text": hex(brand.text),
        "muted": hex(brand.muted),
    })
}

fn hex(c: crate::geom::Rgb) -> String {
    let b = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("#{:02x}{:02x}{:02x}", b(c.0), b(c.1), b(c.2))
}

/// The letterhead's organisations for the template, each `{logo, lines}`: the n-th block
/// of lines beside the brand's n-th organisation's logo (the letterhead template names them
/// in that order; a block or logo without its pair stands alone, with an empty other half).
fn organisations(blocks: &[String], logos: &[String]) -> Vec<Value> {
    (0..blocks.len().max(logos.len()))
        .map(|i| {
            json!({
                "logo": logos.get(i).map_or("", String::as_str),
                "lines": blocks.get(i).map_or("", String::as_str),
            })
        })
        .collect()
}

/// The schema.org `NewsArticle` of the page.
///
/// Each organisation is one node with an `@id` ([`node_ids`]), written out once in
/// `author`; `publisher` names the first by its `@id` alone, and `image` the first logo.
/// A logo is a `data:` URI of about a kilobyte, so saying it once instead of three times
/// (author's logo, publisher's logo, image) is most of the JSON's bytes: a JSON-LD
/// processor resolves a node reference to the node of the same `@id` anywhere in the
/// document (JSON-LD 1.1, node identifiers), so the graph is the one it was.
fn json_ld(
    release: &Release,
    brand: &Brand,
    lang: Lang,
    body: &body::Body,
    logos: &[Option<String>],
    names: Names,
) -> Value {
    let ids = node_ids(brand);
    let orgs: Vec<Value> = brand
        .organisations()
        .zip(logos)
        .zip(&ids)
        .map(|((org, uri), (id, logo_id))| {
            let mut o = json!({
                "@id": id,
                "@type": "Organization",
                "name": org.name_lines(lang).join(" "),
            });
            if let Some(site) = &org.file.organisation.website {
                o["url"] = website_href(site).into();
            }
            if let Some(uri) = uri {
                o["logo"] = json!({ "@id": logo_id, "@type": "ImageObject", "url": uri });
            }
            o
        })
        .collect();
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": body.title,
        "inLanguage": lang.code(),
        "datePublished": schema_date(
            release
                .update
                .as_ref()
                .and_then(|u| u.replaces.as_ref())
                .unwrap_or(&release.date)
        ),
        "publisher": ids.first().map_or(Value::Null, |(id, _)| json!({ "@id": id })),
        "author": orgs,
    });
    if release.update.is_some() {
        v["dateModified"] = schema_date(&release.date).into();
    }
    if let Some(lead) = &body.lead {
        v["description"] = lead.clone().into();
    }
    if let Some(dateline) = &body.dateline {
        v["dateline"] = dateline.clone().into();
    }
    if let Some((_, (_, logo))) = logos.iter().zip(&ids).find(|(uri, _)| uri.is_some()) {
        v["image"] = json!({ "@id": logo });
    }
    // The page's own address only when it is known: a relative `url` would be resolved
    // against wherever a crawler found the JSON, not the page.
    if names.base.is_some() {
        v["url"] = names.link(&names.page(lang)).into();
    }
    v
}

/// The JSON-LD `@id`s of each of `brand`'s organisations and of its logo, in
/// [`Brand::organisations`] order: under the organisation's website
/// (`https://x.example/#organization`, `…#logo`), the usual form, which names the same
/// organisation on every page and in every language; a blank node (`_:organization-2`)
/// for one without a website, or whose website an earlier organisation already has.
fn node_ids(brand: &Brand) -> Vec<(String, String)> {
    let mut ids: Vec<(String, String)> = Vec::new();
    for (i, org) in brand.organisations().enumerate() {
        let site = org.file.organisation.website.as_deref().map(|s| {
            let mut site = website_href(s);
            site.truncate(site.find('#').unwrap_or(site.len()));
            if !site
                .split_once("://")
                .is_some_and(|(_, rest)| rest.contains('/'))
            {
                site.push('/');
            }
            site
        });
        let id = site.map(|s| (format!("{s}#organization"), format!("{s}#logo")));
        let id = match id {
            Some(id) if !ids.iter().any(|(o, _)| *o == id.0) => id,
            _ => (
                format!("_:organization-{}", i + 1),
                format!("_:logo-{}", i + 1),
            ),
        };
        ids.push(id);
    }
    ids
}

/// JSON for a `<script>` element: `<`, `>` and `&` as `\u` escapes, so no text in the
/// release can close the element or open a comment inside it.
///
/// One pass over the three (`memchr3`), not three `replace`s: the JSON-LD carries the
/// logo's `data:` URI, most of its bytes.
fn script_json(v: &Value) -> String {
    let s = serde_json::to_string(v).unwrap_or_default();
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    for at in memchr::memchr3_iter(b'<', b'>', b'&', s.as_bytes()) {
        out.push_str(&s[copied..at]);
        out.push_str(match s.as_bytes()[at] {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            _ => "\\u0026",
        });
        copied = at + 1;
    }
    out.push_str(&s[copied..]);
    out
}

/// A date and time for schema.org (ISO 8601): a bare date stays a date (`2021-06-28`), as
/// the page's `<time datetime>` and `article:published_time` give it; midnight UTC would
/// state an hour the release does not (02:00 in Brussels in June).
fn schema_date(w: &When) -> String {
    match w.time {
        None => w.date.format("%Y-%m-%d").to_string(),
        Some(_) => rfc3339(w),
    }
}

/// A date and time as RFC 3339 (Atom's `updated` and `published`, which must have a time: a
/// bare date is taken at midnight UTC).
fn rfc3339(w: &When) -> String {
    let date = w.date.format("%Y-%m-%d");
    match w.time {
        None => format!("{date}T00:00:00Z"),
        Some((t, off)) => {
            let sign = if off < 0 { '-' } else { '+' };
            let m = off.unsigned_abs();
            format!(
                "{date}T{}{sign}{:02}:{:02}",
                t.format("%H:%M:%S"),
                m / 60,
                m % 60
            )
        }
    }
}

/// A file name as a relative URL: characters outside RFC 3986's unreserved set are
/// percent-encoded.
pub fn href(name: &str) -> String {
    percent(name)
}

fn percent(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The brand's website as a link target (it may be written without its scheme).
fn website_href(site: &str) -> String {
    match site.contains("://") {
        true => site.to_string(),
        false => format!("https://{site}"),
    }
}

/// The domain of the brand's website, for `tag:` ids ("communique" when it has none).
fn authority(brand: &Brand) -> String {
    brand
        .file
        .organisation
        .website
        .as_deref()
        .map(domain)
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| "communique".to_string())
}

/// The host of a website as written in the brand (`https://x.example/pers` → `x.example`).
fn domain(site: &str) -> String {
    let rest = site.split_once("://").map_or(site, |(_, r)| r);
    rest.split(['/', ':', '?', '#'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The listings in the order the index and feed show them: newest first; releases of the
/// same moment by file name, so the order never depends on how a batch was scheduled.
pub fn newest_first(listings: &[Listing]) -> Vec<&Listing> {
    let mut v: Vec<&Listing> = listings.iter().collect();
    v.sort_by(|a, b| {
        b.sort_key
            .cmp(&a.sort_key)
            .then_with(|| a.href.cmp(&b.href))
    });
    v
}

/// The index page `index.<lang>.html` of the `listings` in `lang` (others are ignored),
/// newest first, linking to each page and PDF and to the feed. `brand` is the one the
/// listed releases share (the engine picks it, [`crate::Engine::html_index`]); when they
/// come from several brands, each entry also names its own organisation.
///
/// Its links follow the pages' and the feed's rule: relative to the folder, or absolute
/// under `base` (`--base-url`), when the index also names its own address (`canonical`).
/// With `fonts` (`--web-fonts`) it carries the faces it is set in, as the pages do.
pub fn index(
    templates: &Templates,
    brand: &Brand,
    lang: Lang,
    listings: &[Listing],
    base: Option<&BaseUrl>,
    fonts: Option<&FontBook>,
) -> Result<String, Vec<Diagnostic>> {
    let l = labels(lang);
    let link = |href: &str| base.map_or_else(|| href.to_string(), |b| b.join(href));
    let releases: Vec<Listing> = in_language(listings, lang)
        .into_iter()
        .map(|x| Listing {
            href: link(&x.href),
            pdf_href: link(&x.pdf_href),
            ..x.clone()
        })
        .collect();
    let mine: Vec<&Listing> = releases.iter().collect();
    let ctx = json!({
        "lang": lang.code(),
        "title": l.index,
        "site_name": brand.short_name(lang),
        "feed": link(&format!("feed.{}.xml", lang.code())),
        "canonical": base.map(|_| link(&format!("index.{}.html", lang.code()))),
        "fonts": Value::Null,
        "labels": labels_json(&l),
        "colors": colors(brand),
        "logos": logo::logos(brand, lang).html,
        "several_brands": several_brands(&mine),
        "releases": mine,
    });
    render_with_fonts(templates, "html/index", ctx, fonts)
}

/// The listings in `lang`, newest first.
fn in_language(listings: &[Listing], lang: Lang) -> Vec<&Listing> {
    newest_first(listings)
        .into_iter()
        .filter(|x| x.lang == lang)
        .collect()
}

/// Whether the listings come from releases of more than one brand.
fn several_brands(listings: &[&Listing]) -> bool {
    listings.windows(2).any(|w| w[0].brands != w[1].brands)
}

/// The brands every one of `listings` in `lang` names (see [`Listing::brands`]), or `None`
/// when they differ: the engine then sets the index and feed in its default brand.
pub fn shared_brands(listings: &[Listing], lang: Lang) -> Option<&[String]> {
    let mut mine = listings.iter().filter(|x| x.lang == lang);
    let first = &mine.next()?.brands;
    mine.all(|x| &x.brands == first).then_some(first.as_slice())
}

/// Where the published folder is on the web (`--base-url`): an absolute `http(s)` URL that
/// ends in `/`, so that a listing's relative link appended to it is the page's address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// The absolute address of `href`, a link relative to the published folder.
    pub fn join(&self, href: &str) -> String {
        format!("{}{href}", self.0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Accepts `https://host/path` (or `http://`), adding the final `/`; refuses anything else,
/// with the reason.
impl std::str::FromStr for BaseUrl {
    type Err = String;

    fn from_str(s: &str) -> Result<BaseUrl, String> {
        let rest = s
            .strip_prefix("https://")
            .or_else(|| s.strip_prefix("http://"))
            .ok_or_else(|| format!("\"{s}\" is not an http:// or https:// address"))?;
        let host = rest.split('/').next().unwrap_or("");
        if host.is_empty() {
            return Err(format!("\"{s}\" names no host"));
        }
        // The feed prints the address inside XML attributes and readers join links to it:
        // characters that are not allowed in a URL as written are refused, not escaped.
        if let Some(c) = s.chars().find(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}')
        }) {
            return Err(format!(
                "\"{}\" contains {c:?}, which a URL cannot hold unencoded",
                s.escape_debug()
            ));
        }
        if s.contains(['?', '#']) {
            return Err(format!(
                "\"{s}\" has a query or fragment; give the folder's address alone"
            ));
        }
        let mut url = s.to_string();
        if !url.ends_with('/') {
            url.push('/');
        }
        Ok(BaseUrl(url))
    }
}

/// The Atom feed (RFC 4287) `feed.<lang>.xml` of the `listings` in `lang`: one entry per
/// page, newest first, each with its page as `alternate` link and its PDF as `enclosure`.
/// The feed's `updated` is the newest entry's; with no entries, the Unix epoch (never the
/// clock).
///
/// Ids are `tag:` URIs (RFC 4151): absolute, and unchanged when the folder moves to
/// another address, as RFC 4287 asks of an id. Links are absolute under `base` (from
/// `--base-url`). Without it they stay relative to the feed's own address, which RFC 4287
/// allows (an IRI reference) and readers resolve against the address they fetched the feed
/// from; the brand's website is not taken as the base, since where on it the releases are
/// published is not known and a guess would give links that do not exist.
pub fn feed(brand: &Brand, lang: Lang, listings: &[Listing], base: Option<&BaseUrl>) -> String {
    use crate::template::escape_text as esc;
    let l = labels(lang);
    let mine = in_language(listings, lang);
    let several = several_brands(&mine);
    let link = |href: &str| esc(&base.map_or_else(|| href.to_string(), |b| b.join(href)));
    let updated = mine
        .first()
        .map_or("1970-01-01T00:00:00Z".to_string(), |x| x.updated.clone());
    let site = brand.short_name(lang);
    let authority = authority(brand);
    let code = lang.code();
    let mut o = String::new();
    o.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    o.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{code}\">\n"
    ));
    o.push_str(&format!(
        "<id>tag:{authority},1970-01-01:feed.{code}</id>\n"
    ));
    o.push_str(&format!(
        "<title>{} – {}</title>\n",
        esc(l.index),
        esc(site)
    ));
    o.push_str(&format!("<updated>{updated}</updated>\n"));
    o.push_str(&format!("<author><name>{}</name></author>\n", esc(site)));
    o.push_str(&format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        link(&format!("feed.{code}.xml"))
    ));
    o.push_str(&format!(
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        link(&format!("index.{code}.html"))
    ));
    o.push_str("<generator>communique</generator>\n");
    for x in mine {
        o.push_str("<entry>\n");
        o.push_str(&format!("<id>{}</id>\n", esc(&x.id)));
        o.push_str(&format!("<title>{}</title>\n", esc(&x.title)));
        o.push_str(&format!("<updated>{}</updated>\n", x.updated));
        if let Some(p) = &x.published {
            o.push_str(&format!("<published>{p}</published>\n"));
        }
        if several {
            o.push_str(&format!(
                "<author><name>{}</name></author>\n",
                esc(&x.organisation)
            ));
        }
        o.push_str(&format!(
            "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            link(&x.href)
        ));
        o.push_str(&format!(
            "<link rel=\"enclosure\" type=\"application/pdf\" href=\"{}\"/>\n",
            link(&x.pdf_href)
        ));
        o.push_str(&format!("<category term=\"{}\"/>\n", esc(&x.kind)));
        if let Some(lead) = &x.lead {
            o.push_str(&format!("<summary>{}</summary>\n", esc(lead)));
        }
        o.push_str("</entry>\n");
    }
    o.push_str("</feed>\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::{Raster, RasterColor};

    /// An `acTL` chunk before the image data makes a PNG animated; one after it, or none,
    /// does not; a file whose chunks run past its end counts as animated (encoded again).
    #[test]
    fn an_animated_png_is_told_by_its_chunks() {
        let chunk = |kind: &[u8], len: usize| {
            let mut c = (len as u32).to_be_bytes().to_vec();
            c.extend(kind);
            c.extend(vec![0; len + 4]);
            c
        };
        let file = |kinds: &[&[u8]]| {
            let mut f = b"\x89PNG\r\n\x1a\n".to_vec();
            for k in kinds {
                f.extend(chunk(k, 13));
            }
            f
        };
        assert!(!animated(&file(&[b"IHDR", b"IDAT", b"IEND"])));
        assert!(!animated(&file(&[
            b"IHDR", b"tEXt", b"IDAT", b"acTL", b"IEND"
        ])));
        assert!(animated(&file(&[
            b"IHDR", b"acTL", b"fcTL", b"IDAT", b"IEND"
        ])));
        let cut = file(&[b"IHDR", b"IDAT"]);
        assert!(animated(&cut[..20]), "cut inside its first chunk");
        assert!(animated(b"\x89PNG\r\n\x1a\n"), "no chunk at all");
    }

    /// `find_all` finds what `memmem::find_iter` finds, in order: needles shorter and
    /// longer than its tail, repeated, overlapping, at the start and the end, and absent.
    #[test]
    fn find_all_equals_the_plain_search() {
        let long: String = (0..200)
            .map(|i| char::from(b'a' + (i * 7 % 26) as u8))
            .collect();
        let hay = format!("{long}x{long}{long}yy{long}");
        let needles = [
            "a".to_string(),
            "yy".to_string(),
            long.clone(),
            format!("{long}{long}"),
            format!("x{long}"),
            format!("{long}z"),
            "aaaa".to_string(),
            long[..70].to_string(),
        ];
        for hay in [hay.as_str(), "aaaaaaaa", ""] {
            for n in &needles {
                let want: Vec<usize> =
                    memchr::memmem::find_iter(hay.as_bytes(), n.as_bytes()).collect();
                let got = find_all(hay.as_bytes(), n.as_bytes());
                assert_eq!(got, want, "{n:.20} in {hay:.20}");
            }
        }
    }

    /// The one pass equals the three `replace`s it took the place of.
    #[test]
    fn script_json_escapes_as_the_three_replaces_did() {
        for s in [
            "",
            "a",
            "<",
            "a<b>c&d",
            "</script>",
            "&&<<>>",
            "x\u{E9}<!--&amp;-->y",
        ] {
            let v = json!({ "k": s, "l": [s, s] });
            let old = serde_json::to_string(&v)
                .unwrap()
                .replace('<', "\\u003c")
                .replace('>', "\\u003e")
                .replace('&', "\\u0026");
            assert_eq!(script_json(&v), old, "{s:?}");
            assert!(!script_json(&v).contains(['<', '>', '&']));
        }
    }

    /// An organisation's `@id` is under its website, with the path kept and a fragment
    /// dropped; one without a website, or with one an earlier organisation has, is a blank
    /// node, so no two organisations of a page share an `@id`.
    #[test]
    fn each_organisation_gets_its_own_node_id() {
        let with = |site: Option<&str>| {
            let mut b = Brand::embedded();
            b.file.organisation.website = site.map(str::to_string);
            b
        };
        let (a, b, c, d) = (
            with(Some("x.example")),
            with(Some("https://x.example")),
            with(None),
            with(Some("http://y.example/pers#top")),
        );
        let joint = Brand::joint(&a, &[&b, &c, &d]);
        let ids = node_ids(&joint);
        let pair = |o: &str, l: &str| (o.to_string(), l.to_string());
        assert_eq!(
            ids,
            [
                pair("https://x.example/#organization", "https://x.example/#logo"),
                pair("_:organization-2", "_:logo-2"),
                pair("_:organization-3", "_:logo-3"),
                pair(
                    "http://y.example/pers#organization",
                    "http://y.example/pers#logo"
                ),
            ]
        );
    }

    /// A photo-like PNG (noise) wider than the bound goes into the page shrunk to it, shown
    /// a column wide; a narrow one as it is, at its own size.
    #[test]
    fn a_wide_png_photo_is_shrunk_for_the_page() {
        let raster = |width: u32, height: u32| {
            let mut x: u32 = 1;
            let samples = (0..width * height * 3)
                .map(|_| {
                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    (x >> 16) as u8
                })
                .collect();
            Image::Raster(Raster {
                width,
                height,
                color: RasterColor::Rgb,
                samples,
                alpha: None,
            })
        };
        let decoded = |p: &WebPhoto| {
            use base64::Engine as _;
            let data = p.src.strip_prefix("data:image/png;base64,").unwrap();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(data)
                .unwrap();
            crate::photo::decode(&bytes).unwrap().size()
        };
        let wide = WebPhoto::new(&raster(2000, 200));
        assert_eq!(decoded(&wide), (PHOTO_DENSITY * PHOTO_CSS_WIDTH, 133));
        assert_eq!((wide.width, wide.height), (PHOTO_CSS_WIDTH, 66));
        let narrow = WebPhoto::new(&raster(400, 100));
        assert_eq!(decoded(&narrow), (400, 100));
        assert_eq!((narrow.width, narrow.height), (400, 100));
    }

    /// The page tells where it shows each image: every `src` holding the URI this stage
    /// wrote for it, in the page's order, once each; the same URI elsewhere than in a `src`
    /// (a link, the JSON-LD's `url`) is no image shown.
    #[test]
    fn a_page_tells_where_it_shows_its_images() {
        let photo = WebImage::new("image/jpeg", b"\xFF\xD8\xFF photo".to_vec());
        let logo = WebImage::new("image/png", b"\x89PNG logo".to_vec());
        let (p, l) = (photo.uri(), logo.uri());
        let html = format!(
            "<img src=\"{l}\" alt=\"l\">{{\"url\":\"{p}\"}}<a href=\"{p}\">p</a>\
             <img src=\"{p}\" alt=\"a\"><img src=\"{p}\" alt=\"b\">"
        );
        let at = |from: usize, uri: &str| {
            let start = from + html[from..].find(&format!("src=\"{uri}")).unwrap() + 5;
            start..start + uri.len()
        };
        let first = at(0, &p);
        let second = at(first.end, &p);
        let images = [
            (p.as_str(), &Form::Src, &photo),
            (l.as_str(), &Form::Src, &logo),
            (p.as_str(), &Form::Src, &photo),
        ];
        let shown = shown(&html, images);
        let expected = [(at(0, &l), &logo), (first, &photo), (second, &photo)];
        assert_eq!(shown.len(), expected.len());
        for (s, (range, image)) in shown.iter().zip(expected) {
            assert_eq!((&s.at, &s.image), (&range, image));
            assert!(html[s.at.clone()].starts_with("data:image/"));
        }
    }
}
