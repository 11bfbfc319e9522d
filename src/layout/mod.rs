//! Layout: a [`Document`] becomes a [`PageTree`] of positioned glyph runs, rules and images.
//!
//! [`shape`] (rustybuzz, per-word cache) → [`hyphenate`] (hypher, per language) →
//! [`para`] (boxes/glue/penalties, [`linebreak`] Knuth–Plass, glyph runs) → [`flow`]
//! (blocks to a vertical list with break rules; [`bands`] for parallel columns) →
//! [`paginate`] (pages, running header, footer N/M, outline targets).

mod bands;
pub mod flow;
pub mod hyphenate;
pub mod linebreak;
pub mod paginate;
pub mod para;
pub mod shape;
pub mod style;
pub mod tree;

pub use tree::*;

use crate::brand::Brand;
use crate::font::FontBook;
use crate::markup::Document;

/// Lays out a document. `source` names it in diagnostics (warnings about overfull lines).
pub fn layout(doc: &Document, fonts: &FontBook, brand: &Brand, source: &str) -> PageTree {
    let geo = paginate::Geometry::of(brand);
    let mut shaper = shape::Shaper::new(fonts);
    let mut b = flow::FlowBuilder::new(&mut shaper, brand, geo.left, geo.right - geo.left);
    b.source = source.to_string();
    b.blocks(&doc.blocks);
    let flow::FlowBuilder {
        flow,
        structure,
        warnings,
        images,
        ..
    } = b;
    let (pages, outline) = paginate::place(&mut shaper, brand, doc.lang, flow, &geo);
    PageTree {
        pages,
        outline,
        structure,
        images,
        warnings,
    }
}

/// A text dump of a page tree: one line per text run (page, position, face, text), for
/// blessable reference tests and for debugging.
pub fn dump(tree: &PageTree) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for (n, page) in tree.pages.iter().enumerate() {
        let _ = writeln!(
            out,
            "page {} ({:.0}x{:.0})",
            n + 1,
            page.width.0,
            page.height.0
        );
        for item in &page.items {
            match item {
                Item::Text(r) => {
                    let _ = writeln!(
                        out,
                        "  text {:7.2} {:7.2} f{} {:4.1} {:?}",
                        r.x.0,
                        r.y.0,
                        r.font.0,
                        r.size.0,
                        r.text()
                    );
                }
                Item::Link { uri, .. } => {
                    let _ = writeln!(out, "  link {uri}");
                }
                Item::Image { .. } => {
                    let _ = writeln!(out, "  image");
                }
                _ => {}
            }
        }
    }
    for o in &tree.outline {
        let _ = writeln!(out, "outline {} p{} {:?}", o.level, o.page + 1, o.title);
    }
    for w in &tree.warnings {
        let _ = writeln!(out, "warning {}", w.message);
    }
    out
}
