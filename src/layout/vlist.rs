//! The vertical list: what [`flow`](super::flow) builds, [`bands`](super::bands) merges
//! and [`paginate`](super::paginate) cuts into pages. Lines hold items positioned relative
//! to their own top; [`shift`] moves them into place.

use super::tree::Item;
use crate::geom::{PathOp, Pt};
use crate::markup::Inline;

/// One entry of the vertical list.
#[derive(Debug, Clone)]
pub enum Flow {
    /// A line; `items` have absolute x and y relative to the line's top.
    Line {
        h: Pt,
        items: Vec<Item>,
        /// A page may break before this line.
        breakable: bool,
    },
    /// The letterhead: first on its page, which then gets no running header.
    Letterhead {
        h: Pt,
        items: Vec<Item>,
    },
    /// Vertical space; dropped at the top of a page.
    Space(Pt),
    /// Vertical space set only where a page (or a parallel column's part on a page) starts
    /// right here, dropped anywhere else: a table row continued from the previous page keeps
    /// its padding above its text, under the repeated header (TeX's `\splittopskip`).
    TopSpace(Pt),
    /// A separating rule (`<hr/>`): set between lines, dropped at the top of a page, where
    /// the page break already separates (a rule heading a page reads as a stray line). A
    /// page may break before it; what follows keeps with it, so it never ends a page.
    Rule {
        h: Pt,
        items: Vec<Item>,
    },
    /// A block that floats (a photo with its caption): set here if it fits below what
    /// precedes it, otherwise at the top of the next page while the text after it fills
    /// this one (LaTeX's `[tp]`, without float pages). `items` are relative to its top;
    /// `above` is dropped at a page's top, `below` separates it from what follows.
    Float(Float),
    /// Pending floats land before this point: they never pass the end of a language's text
    /// (its end mark, notes, contact block) nor a page break or a separating rule.
    FlushFloats,
    PageBreak,
    Header(Vec<Inline>),
    Footer(Vec<Inline>),
    /// An outline entry for whatever follows.
    Mark {
        title: String,
        level: u8,
    },
    /// From here on, a page that starts inside a table first repeats its header rows: their
    /// height and items (relative to their top, untagged); `None` at the table's end.
    TableHead(Option<(Pt, Vec<Item>)>),
    /// Parallel columns, each its own flow, set side by side (see [`bands`](super::bands)).
    /// Pagination cuts them into bands, and splits them at a page's foot where each column
    /// may break on its own, so the columns of a page need not end at the same line.
    Row(Row),
}

/// A parallel row: see [`Flow::Row`].
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub cols: Vec<Vec<Flow>>,
    /// No page break before the row's first band (it follows a heading or a rule, or a
    /// kept block follows in it).
    pub keep: bool,
}

/// A floating block: see [`Flow::Float`].
#[derive(Debug, Clone)]
pub struct Float {
    pub h: Pt,
    pub items: Vec<Item>,
    pub above: Pt,
    pub below: Pt,
}

impl Float {
    /// The float as plain flow, where it cannot float (a parallel column's own flow).
    pub fn into_flow(self) -> [Flow; 3] {
        [
            Flow::Space(self.above),
            Flow::Line {
                h: self.h,
                items: self.items,
                breakable: true,
            },
            Flow::Space(self.below),
        ]
    }
}

/// Lets a page break only before the first line of `flow`.
pub fn unsplittable(flow: &mut [Flow]) {
    let mut first = true;
    for f in flow {
        if let Flow::Line { breakable, .. } = f {
            if !first {
                *breakable = false;
            }
            first = false;
        }
    }
}

/// Keeps the first line at or after `from` with the `preceding` lines before it: no page
/// break before that line, nor between those lines, so the block it starts never stands
/// alone at the head of a page. (Keeping the block itself whole is [`unsplittable`].)
///
/// The walk back stops at a page break or the letterhead, where a page starts anyway, and
/// returns 0. If it runs out of `flow` first (a parallel column's own flow), it returns the
/// `preceding` still owed, for the caller to ask of the flow around it.
///
/// A parallel row before the block keeps the last lines of each of its columns: each
/// language's text goes along with its own part of the block.
pub fn keep_with_previous(flow: &mut [Flow], from: usize, preceding: usize) -> usize {
    let (before, block) = flow.split_at_mut(from);
    match block
        .iter_mut()
        .find(|f| matches!(f, Flow::Line { .. } | Flow::Row(_)))
    {
        Some(Flow::Line { breakable, .. }) => *breakable = false,
        Some(Flow::Row(row)) => row.keep = true,
        _ => {}
    }
    let mut left = preceding.saturating_sub(1);
    for f in before.iter_mut().rev() {
        if left == 0 {
            return 0;
        }
        match f {
            Flow::Line { breakable, .. } => {
                *breakable = false;
                left -= 1;
            }
            // Each column keeps `left` lines; what a short column still owes is asked of
            // the flow before the row. A column's first line kept means no break before
            // the row (its bands ignore where a column may break at its top).
            Flow::Row(row) => {
                left = row
                    .cols
                    .iter_mut()
                    .map(|c| {
                        let n = c.len();
                        keep_with_previous(c, n, left + 1).saturating_sub(1)
                    })
                    .max()
                    .unwrap_or(0);
                let first_kept = |c: &Vec<Flow>| {
                    matches!(
                        c.iter().find(|f| matches!(f, Flow::Line { .. })),
                        Some(Flow::Line {
                            breakable: false,
                            ..
                        })
                    )
                };
                row.keep |= row.cols.iter().any(first_kept);
            }
            Flow::PageBreak | Flow::Letterhead { .. } => return 0,
            _ => {}
        }
    }
    if left == 0 {
        0
    } else {
        left + 1
    }
}

pub fn scale_op(op: PathOp, s: f32, dx: Pt, dy: Pt) -> PathOp {
    let p = |x: Pt, y: Pt| (x * s + dx, y * s + dy);
    match op {
        PathOp::Move(x, y) => {
            let (a, b) = p(x, y);
            PathOp::Move(a, b)
        }
        PathOp::Line(x, y) => {
            let (a, b) = p(x, y);
            PathOp::Line(a, b)
        }
        PathOp::Cubic(x1, y1, x2, y2, x, y) => {
            let (a, b) = p(x1, y1);
            let (c, d) = p(x2, y2);
            let (e, f) = p(x, y);
            PathOp::Cubic(a, b, c, d, e, f)
        }
        PathOp::Close => PathOp::Close,
    }
}

/// Moves an item by (dx, dy).
pub fn shift(item: Item, dx: Pt, dy: Pt) -> Item {
    match item {
        Item::Text(mut r) => {
            r.x += dx;
            r.y += dy;
            Item::Text(r)
        }
        Item::Rect { x, y, w, h, fill } => Item::Rect {
            x: x + dx,
            y: y + dy,
            w,
            h,
            fill,
        },
        Item::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            color,
        } => Item::Line {
            x1: x1 + dx,
            y1: y1 + dy,
            x2: x2 + dx,
            y2: y2 + dy,
            width,
            color,
        },
        Item::Path { path, fill, rule } => Item::Path {
            path: path
                .into_iter()
                .map(|op| scale_op(op, 1.0, dx, dy))
                .collect(),
            fill,
            rule,
        },
        Item::Image { index, x, y, w, h } => Item::Image {
            index,
            x: x + dx,
            y: y + dy,
            w,
            h,
        },
        Item::Photo {
            index,
            x,
            y,
            w,
            h,
            tag,
        } => Item::Photo {
            index,
            x: x + dx,
            y: y + dy,
            w,
            h,
            tag,
        },
        Item::Link {
            x,
            y,
            w,
            h,
            uri,
            tag,
        } => Item::Link {
            x: x + dx,
            y: y + dy,
            w,
            h,
            uri,
            tag,
        },
    }
}
