//! Parallel columns become one flow: the columns are cut into horizontal bands at heights
//! where every column may break, so a page break never separates a block from its
//! counterpart in the other language.

use super::vlist::{shift, Flow};
use crate::geom::Pt;

/// Heights closer than this are the same cut.
const EPS: Pt = Pt(0.01);

/// A column's lines at their heights from the top of the row.
struct Placed {
    lines: Vec<(Pt, Flow)>,
    /// (height, may break here)
    cuts: Vec<(Pt, bool)>,
    end: Pt,
}

fn place(col: Vec<Flow>) -> (Placed, Vec<(Pt, Flow)>) {
    let mut y = Pt::ZERO;
    let mut lines = Vec::new();
    let mut cuts = Vec::new();
    let mut marks = Vec::new();
    let mut started = false;
    for f in col {
        match f {
            Flow::Space(h) if started => y += h,
            Flow::Line { h, breakable, .. } => {
                cuts.push((y, breakable));
                let top = y;
                y += h;
                started = true;
                lines.push((top, f));
            }
            Flow::Mark { .. } => marks.push((y, f)),
            _ => {}
        }
    }
    // Trailing space after the last line does not count toward the row's height.
    let end = lines.last().map_or(Pt::ZERO, |(top, f)| {
        *top + if let Flow::Line { h, .. } = f {
            *h
        } else {
            Pt::ZERO
        }
    });
    (Placed { lines, cuts, end }, marks)
}

fn legal(cols: &[Placed], y: Pt) -> bool {
    cols.iter()
        .all(|c| y >= c.end - EPS || c.cuts.iter().any(|&(cy, ok)| (cy - y).abs() < EPS && ok))
}

/// Merges columns into bands (each a breakable [`Flow::Line`]) plus outline marks.
pub fn cut(columns: Vec<Vec<Flow>>) -> Vec<Flow> {
    let mut cols = Vec::new();
    let mut marks = Vec::new();
    for c in columns {
        let (p, m) = place(c);
        cols.push(p);
        marks.extend(m);
    }
    let end = cols.iter().map(|c| c.end).fold(Pt::ZERO, Pt::max);
    let mut ys: Vec<Pt> = cols
        .iter()
        .flat_map(|c| c.cuts.iter().map(|&(y, _)| y))
        .filter(|&y| y > EPS && legal(&cols, y))
        .collect();
    ys.sort_by(|a, b| a.0.total_cmp(&b.0));
    ys.dedup_by(|a, b| (*a - *b).abs() < EPS);
    ys.insert(0, Pt::ZERO);
    ys.push(end);
    let mut out = Vec::new();
    let mut lines: Vec<(Pt, Flow)> = cols.into_iter().flat_map(|c| c.lines).collect();
    lines.sort_by(|a, b| a.0 .0.total_cmp(&b.0 .0));
    let mut lines = lines.into_iter().peekable();
    marks.sort_by(|a, b| a.0 .0.total_cmp(&b.0 .0));
    let mut marks = marks.into_iter().peekable();
    for w in ys.windows(2) {
        let (top, bottom) = (w[0], w[1]);
        while let Some((_, m)) = marks.next_if(|(y, _)| *y < bottom - EPS) {
            out.push(m);
        }
        let mut items = Vec::new();
        while let Some((y, f)) = lines.next_if(|(y, _)| *y < bottom - EPS) {
            if let Flow::Line { items: its, .. } = f {
                items.extend(its.into_iter().map(|i| shift(i, Pt::ZERO, y - top)));
            }
        }
        if bottom - top > EPS {
            out.push(Flow::Line {
                h: bottom - top,
                items,
                breakable: true,
            });
        }
    }
    out
}
