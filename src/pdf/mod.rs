//! PDF: a [`PageTree`] becomes PDF bytes.
//!
//! Two passes. `page` turns every page into printpdf operators — positioned glyph arrays
//! (`text`), rules, paths, images, link annotations — each wrapped in marked content (an
//! MCID for tagged text, `/Artifact` for the rest), and printpdf writes the pages and the
//! subset fonts. `post` then edits the lopdf document printpdf built, adding what printpdf
//! cannot: `/Info` with the release's date, document language, the structure tree
//! (`structure`), a nested outline (`outline`), the XMP packet (`xmp`) with the PDF/A and
//! PDF/UA claims chosen by [`Standard`], the sRGB output intent (`icc`) and a content-hash
//! `/ID`.
//!
//! The output is a function of the inputs only: font and image resource names are fixed,
//! dates come from [`Meta::date_unix`], and the one random value printpdf writes (its
//! `/ID`) is replaced.

mod fonts;
mod icc;
mod outline;
mod page;
mod post;
mod standard;
mod structure;
mod text;
mod xmp;

pub use post::clear_stream_cache;
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
}

/// Writes the PDF.
pub fn write(tree: &PageTree, fonts: &FontBook, meta: &Meta) -> Vec<u8> {
    let doc_fonts = fonts::DocFonts::new(tree, fonts);
    let unicode = text::UnicodeMap::new(tree);
    let (doc, marks) = page::build(tree, &doc_fonts, &unicode);
    let opts = printpdf::PdfSaveOptions {
        // Streams are compressed once, at the end of the lopdf pass.
        optimize: false,
        // printpdf has no fonts to subset: `fonts` writes them.
        subset_fonts: false,
        // `secure` drops raw operators, and our text is made of them (`Tf`, `TJ`); every
        // operator in the document comes from `page`, none from input.
        secure: false,
        image_optimization: Some(page::lossless_images()),
    };
    let mut warnings = Vec::new();
    let mut lodoc = doc.to_lopdf_document(&opts, &mut warnings);
    let font_resources = doc_fonts.embed(&mut lodoc, &unicode);
    fonts::add_to_pages(&mut lodoc, font_resources);
    post::finish(lodoc, tree, &marks, meta)
}
