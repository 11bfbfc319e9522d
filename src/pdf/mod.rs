//! PDF: a [`PageTree`] becomes PDF bytes, no object tree: objects through `pdf-writer`'s
//! typed writers, with deflate, compact reals and the content-hash `/ID` ours (`writer`).
//!
//! `page` turns every page into a content stream — positioned glyph arrays (`text`), rules,
//! paths, images — each wrapped in marked content (an MCID for tagged text, `/Artifact` for
//! the rest). `fonts` writes a subset of each face with exact widths and a ToUnicode CMap,
//! `image` the logo, `structure` the structure tree, `outline` the bookmarks, and `document`
//! the pages and catalog around them: `/Info` with the release's date, document language,
//! the XMP packet (`xmp`) with the PDF/A and PDF/UA claims chosen by [`Standard`], the sRGB
//! output intent (`icc`) and a content-hash `/ID`. `compress` deflates the streams.
//!
//! The output is a function of the inputs only: resource names are fixed, dates come from
//! [`Meta::date_unix`], and nothing depends on hash-map order.

mod compress;
mod document;
mod fonts;
mod icc;
mod image;
mod outline;
mod page;
mod role;
mod standard;
mod structure;
mod syntax;
mod text;
mod writer;
mod xmp;

pub use compress::StreamCache;
pub use standard::{PdfA, Standard};

use crate::font::FontBook;
use crate::layout::PageTree;

/// Document-level metadata.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// The `/Info` title and XMP `x-default` title (all languages' titles joined).
    pub title: String,
    /// Each language's own title: (BCP 47 tag, title), for XMP's `dc:title`.
    pub titles: Vec<(String, String)>,
    /// The organisation: `/Info /Author` and XMP `dc:creator`.
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    /// BCP 47 tag of the main language, e.g. `nl-BE`.
    pub lang: String,
    /// BCP 47 tags of every language of the document, in order (XMP `dc:language`).
    pub languages: Vec<String>,
    /// Creation and modification date, seconds since the Unix epoch (UTC).
    pub date_unix: i64,
    /// Producer string (`communique 0.1.0`).
    pub producer: String,
    /// The standards the document claims.
    pub standard: Standard,
    /// The resolution photos are downsampled to at their placed size (see
    /// [`crate::photo::fit`]); 0 keeps them as they are.
    pub image_dpi: u32,
}

/// Writes the PDF. Streams that recur from document to document (colour profile, logo,
/// repeated font subsets) are deflated through `cache`.
pub fn write(tree: &PageTree, fonts: &FontBook, meta: &Meta, cache: &StreamCache) -> Vec<u8> {
    let doc_fonts = fonts::DocFonts::new(tree, fonts);
    let contents = page::build(tree, &doc_fonts);
    document::write(tree, &doc_fonts, &contents, meta, cache)
}
