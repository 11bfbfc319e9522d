//! Parallel columns become one flow: the columns are cut into horizontal bands at heights
//! where every column may break, so a page break never separates a block from its
//! counterpart in the other language. A table's header repeat ([`Flow::TableHead`]) in a
//! column becomes the band flow's: a page that starts inside a column's table repeats that
//! column's header rows (the other columns' text starts below them).

use super::tree::Item;
use super::vlist::{shift, Flow};
use crate::geom::Pt;

/// Heights closer than this are the same cut.
const EPS: Pt = Pt(0.01);

/// A table header to repeat: its height and items (see [`Flow::TableHead`]).
type Head = Option<(Pt, Vec<Item>)>;

/// A column's lines at their heights from the top of the row.
struct Placed {
    lines: Vec<(Pt, Flow)>,
    /// (height, may break here)
    cuts: Vec<(Pt, bool)>,
    /// The column's header repeats from each height on, in order.
    heads: Vec<(Pt, Head)>,
    /// Top and bottom of each rule (`<hr/>`).
    rules: Vec<(Pt, Pt)>,
    end: Pt,
}

impl Placed {
    /// Which of the column's header repeats a page starting at `y` shows (an index into
    /// `heads`), if the column is inside a table there.
    fn head_at(&self, y: Pt) -> Option<usize> {
        let k = self.heads.iter().rposition(|(at, _)| *at <= y + EPS)?;
        self.heads[k].1.is_some().then_some(k)
    }
}

fn place(col: Vec<Flow>) -> (Placed, Vec<(Pt, Flow)>) {
    let mut y = Pt::ZERO;
    let mut lines = Vec::new();
    let mut cuts = Vec::new();
    let mut heads = Vec::new();
    let mut marks = Vec::new();
    let mut started = false;
    let mut rules = Vec::new();
    // A column's flow holds no floats (its figures are set in place, see `flow`); one
    // that came would be set in place too.
    let col = col.into_iter().flat_map(|f| match f {
        Flow::Float(fl) => fl.into_flow().to_vec(),
        other => vec![other],
    });
    let mut after_rule = false;
    for f in col {
        match f {
            Flow::Space(h) if started => y += h,
            // A page may break before a rule and, where every column may, right after it:
            // a band of rules alone is then a rule of the page's flow, dropped at a page's
            // top (see `cut`).
            Flow::Rule { h, .. } => {
                cuts.push((y, true));
                rules.push((y, y + h));
                let top = y;
                y += h;
                started = true;
                after_rule = true;
                lines.push((top, f));
            }
            Flow::Line { h, breakable, .. } => {
                cuts.push((y, breakable || after_rule));
                after_rule = false;
                let top = y;
                y += h;
                started = true;
                lines.push((top, f));
            }
            Flow::Mark { .. } => marks.push((y, f)),
            Flow::TableHead(head) => heads.push((y, head)),
            _ => {}
        }
    }
    // Trailing space after the last line does not count toward the row's height.
    let end = lines.last().map_or(Pt::ZERO, |(top, f)| {
        *top + match f {
            Flow::Line { h, .. } | Flow::Rule { h, .. } => *h,
            _ => Pt::ZERO,
        }
    });
    let placed = Placed {
        lines,
        cuts,
        heads,
        rules,
        end,
    };
    (placed, marks)
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
    let heads: Vec<Vec<Option<usize>>> = ys
        .windows(2)
        .map(|w| cols.iter().map(|c| c.head_at(w[0])).collect())
        .collect();
    let repeats: Vec<Head> = heads.iter().map(|key| band_head(&cols, key)).collect();
    let rules: Vec<(Pt, Pt)> = cols.iter().flat_map(|c| c.rules.iter().copied()).collect();
    let mut lines: Vec<(Pt, Flow)> = cols.into_iter().flat_map(|c| c.lines).collect();
    lines.sort_by(|a, b| a.0 .0.total_cmp(&b.0 .0));
    let mut lines = lines.into_iter().peekable();
    marks.sort_by(|a, b| a.0 .0.total_cmp(&b.0 .0));
    let mut marks = marks.into_iter().peekable();
    let mut repeating = false;
    for (k, w) in ys.windows(2).enumerate() {
        let (top, bottom) = (w[0], w[1]);
        if k == 0 && repeats[0].is_some() || k > 0 && heads[k] != heads[k - 1] {
            repeating = repeats[k].is_some();
            out.push(Flow::TableHead(repeats[k].clone()));
        }
        while let Some((_, m)) = marks.next_if(|(y, _)| *y < bottom - EPS) {
            out.push(m);
        }
        let mut items = Vec::new();
        let mut only_rules = true;
        while let Some((y, f)) = lines.next_if(|(y, _)| *y < bottom - EPS) {
            only_rules &= matches!(f, Flow::Rule { .. });
            if let Flow::Line { items: its, .. } | Flow::Rule { items: its, .. } = f {
                items.extend(its.into_iter().map(|i| shift(i, Pt::ZERO, y - top)));
            }
        }
        if bottom - top > EPS {
            let h = bottom - top;
            if only_rules && !items.is_empty() {
                out.push(Flow::Rule { h, items });
                continue;
            }
            // A rule never starts a page (here it shares its band with another column's
            // text, so it cannot be dropped) nor ends one.
            let rule_at_top = rules.iter().any(|r| (r.0 - top).abs() < EPS);
            let after_rule = rules.iter().any(|r| (r.1 - top).abs() < EPS);
            out.push(Flow::Line {
                h,
                items,
                breakable: !rule_at_top && !after_rule,
            });
        }
    }
    if repeating {
        out.push(Flow::TableHead(None));
    }
    out
}

/// The header rows a page starting with a band repeats: those of every column inside a
/// table there (`key`: per column, which of its header repeats), side by side (each at its
/// column's x), as deep as the deepest.
fn band_head(cols: &[Placed], key: &[Option<usize>]) -> Head {
    let heads: Vec<&(Pt, Vec<Item>)> = cols
        .iter()
        .zip(key)
        .filter_map(|(c, k)| c.heads[(*k)?].1.as_ref())
        .collect();
    if heads.is_empty() {
        return None;
    }
    let h = heads.iter().map(|(h, _)| *h).fold(Pt::ZERO, Pt::max);
    let items = heads.iter().flat_map(|(_, items)| items.clone()).collect();
    Some((h, items))
}
