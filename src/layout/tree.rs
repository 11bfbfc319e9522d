//! The page tree: what layout produces and the pdf stage reads.
//!
//! Backend-free: items at fixed positions. Coordinates are in points with the origin at the
//! **top-left** of the page and `y` growing downwards; a text run's `y` is its baseline.

use crate::font::FontId;
use crate::geom::{FillRule, PathOp, Pt, Raster, Rgb};
use crate::lang::Lang;
use compact_str::CompactString;
use serde::Serialize;

/// A laid-out document.
#[derive(Debug, Clone, Serialize)]
pub struct PageTree {
    pub pages: Vec<Page>,
    /// Outline (bookmarks), in reading order.
    pub outline: Vec<OutlineEntry>,
    /// Structure elements referenced by [`Tag`]s, in reading order.
    pub structure: Vec<StructElem>,
    /// Raster images referenced by [`Item::Image`], decoded.
    #[serde(skip)]
    pub images: Vec<std::sync::Arc<Raster>>,
    /// The photos referenced by [`Item::Photo`], each once (the same photo in every
    /// language's part is one entry).
    #[serde(skip)]
    pub photos: Vec<std::sync::Arc<crate::photo::Image>>,
    /// Lines wider than their column even at full shrink (an unbreakable word); the engine
    /// reports them as located warnings.
    pub overfull: Vec<Overfull>,
}

/// A line that no break could fit into its column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Overfull {
    /// The line's text.
    pub text: String,
    /// Byte offset in the markup of the line's widest word (the one that would not fit),
    /// from [`Inline::words`](crate::markup::Inline::words); `None` for text the markup did
    /// not place (none today).
    pub at: Option<usize>,
    /// The line fits, but only because that word, too wide for any line of its column, was
    /// cut without a hyphen at its end.
    pub cut: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub width: Pt,
    pub height: Pt,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Serialize)]
pub enum Item {
    Text(TextRun),
    /// A filled rectangle; (x, y) is its top-left corner.
    Rect {
        x: Pt,
        y: Pt,
        w: Pt,
        h: Pt,
        fill: Rgb,
    },
    /// A stroked straight line.
    Line {
        x1: Pt,
        y1: Pt,
        x2: Pt,
        y2: Pt,
        width: Pt,
        color: Rgb,
    },
    /// A filled vector path (logo), in page coordinates.
    Path {
        path: Vec<PathOp>,
        fill: Rgb,
        rule: FillRule,
    },
    /// A raster image from [`PageTree::images`]; (x, y) is its top-left corner.
    Image {
        index: usize,
        x: Pt,
        y: Pt,
        w: Pt,
        h: Pt,
    },
    /// A photo from [`PageTree::photos`], scaled to w × h; (x, y) is its top-left corner.
    /// Content, not decoration: its `Figure` element carries the text alternative.
    Photo {
        index: usize,
        x: Pt,
        y: Pt,
        w: Pt,
        h: Pt,
        tag: Tag,
    },
    /// A clickable area; (x, y) is its top-left corner.
    Link {
        x: Pt,
        y: Pt,
        w: Pt,
        h: Pt,
        uri: String,
        /// The structure element of the text the link is set in (its paragraph), given when
        /// the paragraph closes the link; `None` for a link in an artifact (the letterhead's
        /// website). The pdf stage hangs the link's `Link` element under it.
        tag: Option<Tag>,
    },
}

/// One line (or line part) of text in one font: a positioned glyph array.
#[derive(Debug, Clone, Serialize)]
pub struct TextRun {
    pub font: FontId,
    pub size: Pt,
    /// Pen position of the first glyph.
    pub x: Pt,
    /// Baseline.
    pub y: Pt,
    pub color: Rgb,
    pub glyphs: Vec<Glyph>,
    /// Structure element this run belongs to; `None` = artifact (headers, footers, page numbers).
    pub tag: Option<Tag>,
    /// How much wider or narrower than designed the glyphs are drawn (font expansion). The
    /// advances above already include it; the pdf stage scales the glyphs' shapes with it.
    #[serde(skip_serializing_if = "Expansion::is_none")]
    pub expansion: Expansion,
}

/// Font expansion of a line's glyphs (pdfTeX's `\pdfadjustspacing`, microtype's
/// `expansion`), in thousandths of their width: `15` draws them 1.5 % wider, `-10` 1 %
/// narrower. Whole thousandths, so that the same line always gives the same bytes and the pdf
/// stage writes an exact horizontal scaling (`Tz`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Expansion(pub i16);

impl Expansion {
    /// Glyphs as designed.
    pub const NONE: Expansion = Expansion(0);

    /// The expansion nearest `fraction` (`0.015` for 1.5 %).
    pub fn from_fraction(fraction: f32) -> Expansion {
        Expansion((fraction * 1000.0).round() as i16)
    }

    pub fn is_none(&self) -> bool {
        self.0 == 0
    }

    /// The factor a designed advance is multiplied by.
    pub fn factor(self) -> f32 {
        (1000.0 + f32::from(self.0)) / 1000.0
    }

    /// As a PDF horizontal scaling (`Tz`), in percent.
    pub fn percent(self) -> f32 {
        (1000.0 + f32::from(self.0)) / 10.0
    }
}

impl TextRun {
    /// The run's text, as copy-paste would give it.
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.text.as_str()).collect()
    }

    /// The run's width (sum of advances).
    pub fn width(&self) -> Pt {
        Pt(self.glyphs.iter().map(|g| g.advance.0).sum())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Glyph {
    pub id: u16,
    /// Horizontal advance actually used: shaped advance plus kerning and justification.
    pub advance: Pt,
    /// The text this glyph stands for ("fi" for a ligature; "" for a later glyph of the same
    /// cluster; " " for a justified space; U+00AD for the hyphen added at a line break).
    pub text: CompactString,
}

/// Links a run to its structure element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tag {
    /// Index into [`PageTree::structure`].
    pub elem: usize,
}

/// What a structure element is, as layout makes it; the pdf stage maps each role to its PDF
/// structure type (`pdf/role.rs`), matching exhaustively.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum StructRole {
    H1,
    H2,
    H3,
    H4,
    /// A paragraph.
    P,
    /// A quotation of one or more paragraphs (text and attribution).
    BlockQuote,
    /// A list, its items, an item's label (bullet or number) and body.
    L,
    LI,
    Lbl,
    LBody,
    /// A table, its header and body row groups, a row, a header cell and a data cell.
    Table,
    THead,
    TBody,
    TR,
    TH,
    TD,
    /// A footnote (its number is its `Lbl`, its text a `P`).
    Note,
    /// A section of its own: the notes to editors, apart from the release's text.
    Sect,
    /// A photo (its text alternative in [`StructElem::alt`]) and its caption.
    Figure,
    Caption,
}

/// A structure element (tagged PDF).
#[derive(Debug, Clone, Serialize)]
pub struct StructElem {
    pub role: StructRole,
    pub lang: Lang,
    /// Parent element, `None` for children of the document root.
    pub parent: Option<usize>,
    /// The text alternative of a [`StructRole::Figure`] (`/Alt`).
    pub alt: Option<String>,
    /// How the element's lines sit in their measure when not at the start (a centred end
    /// mark): a reader that reflows the text, or reads the layout attributes, keeps it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub align: Option<TextAlign>,
}

/// A block's alignment other than the default start of the line (`/TextAlign` of the PDF's
/// layout attributes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TextAlign {
    Center,
    End,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutlineEntry {
    pub title: String,
    /// 0 for a language, 1 for a section heading within it.
    pub level: u8,
    /// 0-based page index.
    pub page: usize,
    /// Top of the target, from the top of the page.
    pub y: Pt,
}
