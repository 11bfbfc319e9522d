//! Parallel columns become one flow: the columns are cut into horizontal bands at heights
//! where every column may break, so a page break never separates a block from its
//! counterpart in the other language. A table's header repeat ([`Flow::TableHead`]) in a
//! column becomes the band flow's: a page that starts inside a column's table repeats that
//! column's header rows (the other columns' text starts below them).
//!
//! A row that does not fit the rest of a page is [`split`] there with each column at its own
//! last legal break (its widow, orphan and keep rules), as two newspaper columns end at
//! different lines: the bands alone can break only where every column may, which left
//! several lines of a page empty.

use std::borrow::Cow;

use super::tree::Item;
use super::vlist::{shift, Flow, Row};
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
    // An outline entry points at the line after it (a heading's), not at the space above.
    let mut waiting = Vec::new();
    for f in col {
        if matches!(f, Flow::Rule { .. } | Flow::Line { .. }) {
            marks.extend(waiting.drain(..).map(|m| (y, m)));
        }
        match f {
            Flow::Space(h) if started => y += h,
            Flow::TopSpace(h) if !started => y += h,
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
            Flow::Mark { .. } => waiting.push(f),
            Flow::TableHead(head) => heads.push((y, head)),
            _ => {}
        }
    }
    marks.extend(waiting.into_iter().map(|m| (y, m)));
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

/// The row's bands (see [`cut`]); with the row's `keep`, no page break before the first.
pub fn expand(row: Row) -> Vec<Flow> {
    let mut bands = cut(row.cols);
    if row.keep {
        if let Some(Flow::Line { breakable, .. }) =
            bands.iter_mut().find(|f| matches!(f, Flow::Line { .. }))
        {
            *breakable = false;
        }
    }
    bands
}

/// Where a row splits at a page's foot, `room` below its top: per column, the index (in its
/// flow with figures as lines, see [`flatten`]) of its last legal break that leaves it at
/// least one line above the foot, or its length where it fits whole. `tail`: what follows
/// the row keeps with it (the contact block takes each column's last lines), so every
/// column that has lines leaves some for the next page. `None` where a column cannot break
/// so (the row then goes by its bands). Read on the borrowed row: most rows looked at are
/// not split, and copying one costs more than reading it.
pub fn split_points(row: &Row, room: Pt, tail: bool) -> Option<Vec<usize>> {
    row.cols
        .iter()
        .map(|c| split_at(&flat(c), room, tail))
        .collect()
}

/// Whether the second part of `row` cut at `ats` ([`split_points`]) has lines.
pub fn leaves_lines(row: &Row, ats: &[usize]) -> bool {
    row.cols
        .iter()
        .zip(ats)
        .any(|(c, &at)| flat(c)[at..].iter().any(|f| matches!(f, Flow::Line { .. })))
}

/// The row cut at `ats` ([`split_points`]) into the part on the page and the rest.
///
/// The rest starts with the header rows of a table a column is inside, and without a rule
/// a column broke before (a rule heading a page reads as a stray line).
pub fn split(row: Row, ats: &[usize]) -> (Row, Row) {
    let cols = row.cols.into_iter().map(flatten).collect();
    parts(row.keep, cols, ats)
}

/// The rest of a row below `y`, a height where its bands were cut (every column breaks
/// there or has ended).
pub fn rest_below(row: Row, y: Pt) -> Row {
    let cols: Vec<Vec<Flow>> = row.cols.into_iter().map(flatten).collect();
    let ats: Vec<usize> = cols.iter().map(|c| first_below(c, y)).collect();
    parts(row.keep, cols, &ats).1
}

/// The row's columns cut before item `ats[k]` of column `k`.
fn parts(keep: bool, cols: Vec<Vec<Flow>>, ats: &[usize]) -> (Row, Row) {
    let mut first = Vec::new();
    let mut rest = Vec::new();
    for (mut col, &at) in cols.into_iter().zip(ats) {
        let mut at = at;
        // A heading's outline entry goes with the heading.
        while at > 0
            && at < col.len()
            && matches!(
                col[at - 1],
                Flow::Mark { .. } | Flow::Space(_) | Flow::TopSpace(_)
            )
        {
            at -= 1;
        }
        let head = col[..at].iter().fold(None, |h, f| match f {
            Flow::TableHead(head) => head.clone(),
            _ => h,
        });
        let mut after: Vec<Flow> = head.map(|h| Flow::TableHead(Some(h))).into_iter().collect();
        let dropped = |f: &Flow| matches!(f, Flow::Rule { .. } | Flow::Space(_));
        let tail = col.split_off(at);
        after.extend(tail.into_iter().skip_while(dropped));
        first.push(col);
        rest.push(after);
    }
    let first = Row { cols: first, keep };
    let rest = Row {
        cols: rest,
        keep: false,
    };
    (first, rest)
}

/// The first line or rule of a column at or below `y`, or its length.
fn first_below(col: &[Flow], y: Pt) -> usize {
    let mut top = Pt::ZERO;
    let mut started = false;
    for (j, f) in col.iter().enumerate() {
        match f {
            Flow::Space(h) if started => top += *h,
            Flow::TopSpace(h) if !started => top += *h,
            Flow::Rule { h, .. } | Flow::Line { h, .. } => {
                if top >= y - EPS {
                    return j;
                }
                top += *h;
                started = true;
            }
            _ => {}
        }
    }
    col.len()
}

/// A column's figures as plain lines (see [`place`]).
fn flatten(col: Vec<Flow>) -> Vec<Flow> {
    if !col.iter().any(|f| matches!(f, Flow::Float(_))) {
        return col;
    }
    col.into_iter()
        .flat_map(|f| match f {
            Flow::Float(fl) => fl.into_flow().to_vec(),
            other => vec![other],
        })
        .collect()
}

/// A borrowed column as [`flatten`] gives it, copied only where it has figures.
fn flat(col: &[Flow]) -> Cow<'_, [Flow]> {
    if col.iter().any(|f| matches!(f, Flow::Float(_))) {
        Cow::Owned(flatten(col.to_vec()))
    } else {
        Cow::Borrowed(col)
    }
}

/// Where a column's second part starts (see [`split_points`]): its length when it fits whole.
fn split_at(col: &[Flow], room: Pt, tail: bool) -> Option<usize> {
    let mut y = Pt::ZERO;
    let mut end = Pt::ZERO;
    let mut started = false;
    let mut after_rule = false;
    let mut best = None;
    for (j, f) in col.iter().enumerate() {
        // A break before line `j` leaves the lines above, ending at `end`, on the page.
        let fits = started && end > EPS && end <= room;
        match f {
            Flow::Space(h) if started => y += *h,
            Flow::TopSpace(h) if !started => y += *h,
            Flow::Rule { h, .. } => {
                if fits {
                    best = Some(j);
                }
                y += *h;
                (end, started, after_rule) = (y, true, true);
            }
            Flow::Line { h, breakable, .. } => {
                if fits && *breakable && !after_rule {
                    best = Some(j);
                }
                y += *h;
                (end, started, after_rule) = (y, true, false);
            }
            _ => {}
        }
        if end > room {
            break;
        }
    }
    if !started || !tail && end <= room {
        return Some(col.len());
    }
    best
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
