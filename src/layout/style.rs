//! Paragraph styles: which face, size, leading, colour and spacing each kind of block gets.
//!
//! The markup names roles and classes; the brand gives colours and the body size; everything
//! else is the house style, kept here in one table.

use super::tree::Expansion;
use crate::brand::Brand;
use crate::font::{Family, FontId};
use crate::geom::{Pt, Rgb};
use crate::markup::{Class, Para, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Justify,
    Left,
    Right,
    /// Each line centred in the measure, ragged on both sides: for a one-line display block
    /// such as the end mark, which a press office sets in the middle of the column.
    Center,
}

/// How a paragraph is set.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub family: Family,
    pub bold: bool,
    pub italic: bool,
    pub size: Pt,
    /// Baseline-to-baseline distance.
    pub leading: Pt,
    pub color: Rgb,
    pub align: Align,
    pub space_before: Pt,
    pub space_after: Pt,
    /// Extra letter spacing in points (used for the small-caps-like kind line).
    pub tracking: Pt,
    /// Keep with the next block (headings).
    pub keep_with_next: bool,
    /// Upper-case the text (kind line).
    pub uppercase: bool,
    /// Hyphenate words at line ends. Off for headings and short display lines, which read
    /// better unbroken.
    pub hyphenate: bool,
    /// Most font expansion a justified line of this style may take ([`Expansion::NONE`] for
    /// none): pdfTeX's and microtype's `expansion`. Glyphs of a justified line may be drawn
    /// up to that much wider or narrower, in steps of 0.5 %, and the line breaker counts it as
    /// stretch and shrink of the line (`linebreak`'s module docs). The brand sets the limit
    /// (`[page] font_expansion_percent`, default 2 %, microtype's default and below what a
    /// reader sees as a change of face; `0` for none). It evens narrow parallel columns, where
    /// a line has three or four spaces to take up its slack.
    ///
    /// Which text expands, and why: the serif body, the lead, list items and quotes
    /// (justified running text, where uneven word gaps show). Not headings, the letterhead,
    /// table cells, captions, notes, the contact block and the other sans display lines: they
    /// are set ragged, where nothing needs filling; nor text in a column narrow enough to be
    /// set ragged ([`narrow`]). Not letter-spaced lines (the kind line): wider glyphs would
    /// change the spacing the tracking sets. (There is no monospaced face; one would never
    /// expand, as its columns of characters must align.)
    pub expansion: Expansion,
}

impl Style {
    /// The face for a run with the given emphasis. Emphasis inside italic text is set upright,
    /// as typographers do.
    pub fn font(&self, bold: bool, italic: bool) -> FontId {
        FontId::new(self.family, self.bold || bold, self.italic != italic)
    }
}

/// The style of a paragraph, from its role and class.
pub fn para_style(p: &Para, brand: &Brand) -> Style {
    let body = Pt(brand.file.page.font_size_pt);
    let base = Style {
        family: Family::Serif,
        bold: false,
        italic: false,
        size: body,
        leading: (body * 1.38).round(),
        color: brand.text,
        align: Align::Justify,
        space_before: Pt::ZERO,
        space_after: body * 0.6,
        tracking: Pt::ZERO,
        keep_with_next: false,
        uppercase: false,
        hyphenate: true,
        expansion: Expansion::from_fraction(brand.file.page.font_expansion_percent / 100.0),
    };
    let heading = |size: Pt, before: Pt, after: Pt| Style {
        family: Family::Sans,
        bold: true,
        size,
        leading: (size * 1.25).round(),
        color: brand.primary,
        align: Align::Left,
        space_before: before,
        space_after: after,
        keep_with_next: true,
        hyphenate: false,
        expansion: Expansion::NONE,
        ..base
    };
    let sans = |size: Pt, color: Rgb| Style {
        family: Family::Sans,
        size,
        leading: (size * 1.4).round(),
        color,
        align: Align::Left,
        space_after: Pt(2.0),
        hyphenate: false,
        expansion: Expansion::NONE,
        ..base
    };
    match p.role {
        Role::H1 => heading(body * 1.65, Pt(4.0), body * 0.9),
        Role::H2 => heading(body * 1.15, body * 0.8, body * 0.35),
        Role::H3 => heading(body, body * 0.6, body * 0.25),
        // Below H3 only the colour and the slant are left to tell the level: the body
        // size, in the text colour, italic.
        Role::H4 => Style {
            color: brand.text,
            italic: true,
            ..heading(body, body * 0.5, body * 0.2)
        },
        Role::P => match p.class {
            Class::Plain => base,
            Class::Lead => Style {
                bold: true,
                space_after: body * 0.9,
                ..base
            },
            Class::Kind => Style {
                bold: true,
                tracking: body * 0.9 * KIND_TRACKING_EM,
                uppercase: true,
                keep_with_next: true,
                ..sans(body * 0.9, brand.accent)
            },
            Class::Dateline => Style {
                keep_with_next: true,
                space_after: body * 0.7,
                ..sans(body * 0.9, brand.muted)
            },
            Class::Embargo => Style {
                bold: true,
                keep_with_next: true,
                ..sans(body * 0.9, brand.accent)
            },
            // A crisis update must be seen first: bold in the accent colour like the
            // embargo, a little larger than the dateline under it.
            Class::Update => Style {
                bold: true,
                keep_with_next: true,
                ..sans(body * 0.95, brand.accent)
            },
            // The subtitle reads as part of the title: the heading's colour, a step above
            // the body, not bold so that the title stays the one heading.
            Class::Subtitle => Style {
                keep_with_next: true,
                space_after: body * 0.9,
                ..sans(body * 1.15, brand.primary)
            },
            // The end mark closes the text quietly, a line of air above it, centred as press
            // offices set it ("– Einde persbericht –" stands apart from the ragged text).
            Class::Endmark => Style {
                space_before: body * 0.5,
                align: Align::Center,
                ..sans(body * 0.85, brand.muted)
            },
            Class::Reference => Style {
                keep_with_next: true,
                ..sans(body * 0.8, brand.muted)
            },
            Class::By => Style {
                space_after: Pt::ZERO,
                ..sans(body * 0.85, brand.muted)
            },
            // Under the photo, in the muted colour of the other small print: read after the
            // picture, not as body text.
            Class::Caption => Style {
                space_after: Pt::ZERO,
                ..sans(body * 0.8, brand.muted)
            },
            Class::Contact => Style {
                space_before: body,
                ..sans(body * 0.85, brand.text)
            },
            Class::Org => Style {
                bold: true,
                space_after: Pt::ZERO,
                ..sans(body * 0.85, brand.primary)
            },
            Class::Address => Style {
                space_after: Pt::ZERO,
                ..sans(body * 0.72, brand.muted)
            },
            Class::Small | Class::Header | Class::Footer => Style {
                space_after: Pt::ZERO,
                ..sans(body * 0.72, brand.muted)
            },
        },
    }
}

/// The style of a paragraph inside a quote block: the body style, italic.
pub fn quote_style(mut s: Style) -> Style {
    if s.family == Family::Serif && !s.bold {
        s.italic = true;
    }
    s
}

/// Letter spacing of the kind line's capitals, in ems of its size: within the 5–10 % usual
/// for capitals, and under the gap at which text extractors start a new word between two
/// glyphs (pdfminer.six 0.1 em, PDF.js 0.102 em, pypdf 0.475 of the space's width, 0.12 em
/// in Noto Sans Bold). At 1.2 pt (0.127 em) pypdf, pdfminer.six and PDF.js read the line
/// as "P E R S B E R I C H T"; the margin under 0.1 em leaves room for positive kerning.
pub const KIND_TRACKING_EM: f32 = 0.08;

/// Gap between parallel columns, between letterhead columns and beside the logo (8 mm).
pub const COLUMN_GAP: Pt = Pt::from_mm(8.0);

/// Columns narrower than this many body-size ems are set ragged right and hyphenated
/// throughout, headings included: justified spaces in so short a measure gape, and a long
/// Dutch compound in a display size may not fit at all without a break.
pub const NARROW_MEASURE_EM: f32 = 16.0;

/// Adapts a style to a narrow column (see [`NARROW_MEASURE_EM`]).
pub fn narrow(mut s: Style, body: Pt) -> Style {
    if s.align == Align::Justify {
        s.align = Align::Left;
    }
    s.hyphenate = true;
    if s.family == Family::Sans && s.size > body * 1.2 {
        s.size = body * 1.3;
        s.leading = (s.size * 1.25).round();
    }
    s
}
