//! Markup: the text the templates produce becomes a [`Document`] tree.
//!
//! The markup is a small XML-like language (HTML escaping by Handlebars keeps user text
//! inside it safe). Elements:
//!
//! | element | meaning |
//! |---|---|
//! | `<doc lang="nl">` | root; `lang` is the document's main language |
//! | `<letterhead>` | the full letterhead (page 1): the brand's logo beside one `<cell lang="…">` per language, each holding `<p class="org">` name lines and `<p class="address">` lines |
//! | `<header>` | inline content of the compact running header on later pages, from here on |
//! | `<footer>` | inline content of the footer, from here on; `<page/>` and `<pages/>` stand for N and M |
//! | `<pagebreak/>` | start a new page |
//! | `<h1>` … `<h4>` | headings (kept with what follows; `<h1>` and `<h2>` become outline entries) |
//! | `<p class="…">` | a paragraph; `class` picks a style ([`Class`]): `kind`, `update`, `subtitle`, `endmark`, `dateline`, `lead`, `embargo`, `reference`, `contact`, `by`, `small`, `org`, `address`, `caption`; any other is an error |
//! | `<blockquote>` | a quote block; may hold `<p>`s and one `<cite>` (the attribution) |
//! | `<ul><li>…</li></ul>` | bullet list; an `<li>` holds inline content or `<p>`s, and lists nested in it |
//! | `<ol start="1"><li>…</li></ol>` | numbered list (`start` optional, default 1) |
//! | `<row><cell>…</cell><cell>…</cell></row>` | parallel columns, each cell facing its counterpart |
//! | `<table><tr><th>…</th></tr><tr><td>…</td></tr></table>` | a table; leading rows of only `<th>` are its header (repeated on each page it crosses); `<th>`/`<td>` hold inline content and may carry `align="left\|center\|right"` |
//! | `<em>`, `<strong>`, `<a href="…">`, `<br/>` | inline emphasis, strong, link, forced line break |
//! | `<fn>…</fn>` | a footnote, inline where its reference stands: the text shows the note's number (superscript), the note goes to the language's notes |
//! | `<notes/>` | the footnotes of this language so far, numbered; a `<pagebreak/>` and the document's end set any left |
//! | `<figure photo="N" alt="…">` | the release's N-th photo (1 for the first of `[[photos]]`) across the column, `alt` its text alternative; may hold one `<p>` (its caption, `class="caption"`) |
//! | `<hr/>` | a thin rule |
//! | `<sect>` | a section of its own, tagged `Sect`: the notes to editors |
//!
//! Any element may carry `lang="nl|fr|de|en"`, inherited by its content (on inline
//! elements it is checked but has no effect: an [`Inline`] has no language of its own). Typography per
//! language (quotes, apostrophes, thin spaces before `; ! ?`) is applied while parsing,
//! see `typography.rs`.

mod parse;
pub(crate) mod typography;

pub use parse::{parse, parse_with_photos, superscript};

use crate::lang::Lang;
use serde::Serialize;

/// A parsed document: blocks in reading order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub lang: Lang,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Block {
    /// One column of name/address lines per language.
    Letterhead(Vec<Vec<Para>>),
    /// Running header for the pages that follow (not the first page).
    Header(Vec<Inline>),
    /// Footer for this page and the pages that follow.
    Footer(Vec<Inline>),
    PageBreak,
    Rule,
    Para(Para),
    Quote(Quote),
    List(List),
    /// Parallel columns; one entry per cell, each a list of blocks.
    Row(Vec<Vec<Block>>),
    Table(Table),
    /// Numbered footnotes of one language.
    Notes(Notes),
    /// A section of its own (the notes to editors: not for publication), tagged `Sect`.
    Sect(Vec<Block>),
    /// A photo with its caption.
    Figure(Figure),
}

/// A photo placed in the text (`<figure>`), tagged `Figure` with its `/Alt`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    pub lang: Lang,
    /// The image, shared by every language's figure of the same photo (embedded once).
    #[serde(skip)]
    pub image: std::sync::Arc<crate::photo::Image>,
    /// The text alternative.
    pub alt: String,
    /// The caption (and credit), tagged `Caption`.
    pub caption: Option<Para>,
}

/// The footnotes of one language's part, in the order of their references.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notes {
    pub lang: Lang,
    pub notes: Vec<Note>,
}

/// A footnote: its number (counted per language through the document) and its text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    pub number: u32,
    pub para: Para,
}

/// A table: rows of cells, the header rows first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub lang: Lang,
    /// How many of the first rows are header rows (rows of only `<th>` before any other).
    pub head: usize,
    pub rows: Vec<Vec<Cell>>,
}

/// A table cell: a header (`<th>`) or data cell, its alignment and its text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub header: bool,
    pub align: CellAlign,
    pub para: Para,
}

/// How a cell's text sits in its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum CellAlign {
    #[default]
    Left,
    Center,
    Right,
}

/// The structural role of a paragraph (becomes the PDF structure tag).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Role {
    H1,
    H2,
    H3,
    H4,
    P,
}

/// The style class of a paragraph: `<p class="…">`, parsed once here and matched
/// exhaustively by layout, so a class added to one stage and not the other fails to compile
/// instead of falling back to body text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Class {
    /// No class: body text.
    #[default]
    Plain,
    Kind,
    Dateline,
    Lead,
    Embargo,
    /// The update line of a release that replaces an earlier one.
    Update,
    /// The line under the title.
    Subtitle,
    /// The end mark after the release's text ("– Einde persbericht –").
    Endmark,
    Reference,
    Contact,
    /// The attribution of a quote (`<cite>`).
    By,
    Small,
    Org,
    Address,
    /// A photo's caption and credit.
    Caption,
    /// The running header; set by layout, never written in markup.
    Header,
    /// The footer; set by layout, never written in markup.
    Footer,
}

impl Class {
    /// The classes markup may name, in the order diagnostics list them.
    pub const MARKUP: [Class; 14] = [
        Class::Kind,
        Class::Dateline,
        Class::Lead,
        Class::Embargo,
        Class::Update,
        Class::Subtitle,
        Class::Endmark,
        Class::Reference,
        Class::Contact,
        Class::By,
        Class::Small,
        Class::Org,
        Class::Address,
        Class::Caption,
    ];

    /// The class's name in markup (`""` for [`Class::Plain`]).
    pub fn name(self) -> &'static str {
        match self {
            Class::Plain => "",
            Class::Kind => "kind",
            Class::Dateline => "dateline",
            Class::Lead => "lead",
            Class::Embargo => "embargo",
            Class::Update => "update",
            Class::Subtitle => "subtitle",
            Class::Endmark => "endmark",
            Class::Reference => "reference",
            Class::Contact => "contact",
            Class::By => "by",
            Class::Small => "small",
            Class::Org => "org",
            Class::Address => "address",
            Class::Caption => "caption",
            Class::Header => "header",
            Class::Footer => "footer",
        }
    }

    /// The class a `class` attribute names, if markup may name it.
    pub fn from_markup(name: &str) -> Option<Class> {
        Class::MARKUP.into_iter().find(|c| c.name() == name)
    }
}

impl Serialize for Class {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Para {
    pub role: Role,
    /// Style class from the markup; [`Class::Plain`] for plain paragraphs.
    pub class: Class,
    pub lang: Lang,
    pub inlines: Vec<Inline>,
}

impl Para {
    /// The paragraph's plain text.
    pub fn text(&self) -> String {
        self.inlines.iter().map(|i| i.text.as_str()).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    pub lang: Lang,
    pub paras: Vec<Para>,
    /// The attribution (`<cite>`), already a paragraph of class [`Class::By`].
    pub by: Option<Para>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct List {
    pub lang: Lang,
    /// The number of the first item of a numbered list (`<ol start="3">`); `None` for bullets.
    pub start: Option<u64>,
    /// Each item is one or more paragraphs and the lists nested in it, in reading order.
    pub items: Vec<Vec<ItemBlock>>,
}

/// What a list item holds: its paragraphs and the lists nested in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ItemBlock {
    Para(Para),
    List(List),
}

/// A run of text with one style. A forced line break (`<br/>`) is an inline of its own
/// whose `text` is exactly `"\n"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Inline {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    /// Target of a link (`https://…`, `mailto:…`).
    pub link: Option<String>,
    /// A placeholder filled in at pagination (`text` is then empty).
    pub field: Option<Field>,
    /// Where the text came from: the byte offset in the markup of the start of each word of
    /// `text` (a word is a maximal run of alphanumeric characters), in order. Typography
    /// changes quotes, spaces and dashes but never letters or digits, so the n-th word of
    /// the final text is still the n-th word here; layout uses this to say where an
    /// overfull line's word was written. Empty for text made by layout itself.
    pub words: Vec<u32>,
    /// The footnote this inline's number refers to, when it is a footnote reference: the
    /// web page links the two (the PDF shows the number alone).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<NoteRef>,
}

/// A footnote reference: the note's language (notes are numbered per language) and number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NoteRef {
    pub lang: Lang,
    pub number: u32,
}

/// Values known only after pagination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Field {
    /// The current page number.
    Page,
    /// The total number of pages.
    Pages,
}
