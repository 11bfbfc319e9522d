//! Pagination: the flow is cut into pages at legal break points; then running headers,
//! footers with page N/M, and outline targets are added.

use super::bands;
use super::para::{layout_para, LaidLine, ParaSpec};
use super::shape::Shaper;
use super::style::{para_style, Align};
use super::tree::{Item, OutlineEntry, Page};
use super::vlist::{shift, Float, Flow, Row};
use crate::brand::Brand;
use crate::geom::Pt;
use crate::lang::Lang;
use crate::markup::{Class, Field, Inline, Para, Role};

/// Room the running header takes at the top of pages without the letterhead.
const HEADER_SPACE: Pt = Pt::from_mm(12.0);
/// Distance from the bottom of the text area down to the footer's rule.
const FOOTER_GAP: Pt = Pt::from_mm(7.0);
/// The running header's rule stands this far below the top of the header line. The header
/// is set in the small class (0.72 body size, an 11 pt line at the default 10.5 pt body),
/// so the rule runs 3 pt under the line's box: the same gap as between the footer's rule
/// and its text ([`FOOTER_TEXT_GAP`]), so head and foot of the page match.
const HEADER_RULE_DROP: Pt = Pt(14.0);
/// The footer's text starts this far below the footer's rule.
const FOOTER_TEXT_GAP: Pt = Pt(3.0);
/// Weights of the header and footer rules: hairlines, lighter than the letterhead's
/// 1.2 pt, the footer's lightest because it sits under every page's text.
const HEADER_RULE_WIDTH: Pt = Pt(0.6);
const FOOTER_RULE_WIDTH: Pt = Pt(0.4);
/// Between the floats set at the top of a page and the text under them at least this much
/// space: LaTeX's `\textfloatsep` (20 pt at its 10 pt body), a little less for our wider
/// leading. A float's own space below (a caption's and the figure's, about 9 pt) would set
/// the next heading as close to the caption as to its own text.
const TEXT_FLOAT_SEP: Pt = Pt(18.0);
/// A line may poke this far below the bottom margin (float noise).
const EPS: Pt = Pt(0.01);

/// Page geometry in points.
pub struct Geometry {
    pub width: Pt,
    pub height: Pt,
    pub top: Pt,
    pub bottom: Pt,
    pub left: Pt,
    pub right: Pt,
}

impl Geometry {
    pub fn of(brand: &Brand) -> Geometry {
        let p = &brand.file.page;
        Geometry {
            width: Pt::from_mm(p.width_mm),
            height: Pt::from_mm(p.height_mm),
            top: Pt::from_mm(p.margin_top_mm),
            bottom: Pt::from_mm(p.height_mm - p.margin_bottom_mm),
            left: Pt::from_mm(p.margin_left_mm),
            right: Pt::from_mm(p.width_mm - p.margin_right_mm),
        }
    }

    pub(super) fn body_top(&self, letterhead: bool) -> Pt {
        if letterhead {
            self.top
        } else {
            self.top + HEADER_SPACE
        }
    }
}

/// What one page holds: the floats set at its top (flow indices, in order), then the flow
/// range [start, end) less the floats `deferred` from it to a later page.
pub struct PagePlan {
    pub top: Vec<usize>,
    pub start: usize,
    pub end: usize,
    pub deferred: Vec<usize>,
}

/// Cuts the flow into pages.
///
/// Floats ([`Flow::Float`]) follow LaTeX's `[tp]` without float pages: a float is set where
/// it stands if it fits below what precedes it on the page; otherwise it waits, the text
/// after it fills the page, and it is set at the top of the next page. Floats keep their
/// order (one that comes while another waits waits too); one waits only if it fits on the
/// next page's top with those waiting before it, else the page ends before it, so no
/// float moves more than one page (see [`fits_on_top`]). They land before any
/// [`Flow::FlushFloats`]: the page ends there, or at the last legal break before it when
/// what follows keeps with the lines before it (the contact block).
///
/// A parallel row ([`Flow::Row`]) goes by its bands; where the page ends inside it, or in
/// what keeps with its end, it is split with each column at its own last legal line (see
/// [`bands::split_points`]) and the page ends there.
pub fn break_pages(flow: &mut Vec<Flow>, geo: &Geometry) -> Vec<PagePlan> {
    let mut rows = expand_rows(flow);
    let mut pages = Vec::new();
    let mut start = 0;
    let mut repeat = None;
    let mut pending = Vec::new();
    while start < flow.len() || !pending.is_empty() {
        let waiting = pending.clone();
        let (plan, next, fill) = fill_page(flow, start, geo, repeat, &mut pending);
        if split_row(flow, &mut rows, start, &plan, &fill, geo) {
            pending = waiting;
            continue;
        }
        detach_row(flow, &mut rows, next);
        pages.push(plan);
        // The entries before the next page's first line are that page's (a table's end
        // after its last row, where the page breaks right after it).
        let lead = next + lead_in(flow[next..].iter().map(Some));
        repeat = flow[start..lead].iter().fold(repeat, |r, f| match f {
            Flow::TableHead(head) => head.as_ref().map(|(h, _)| *h),
            _ => r,
        });
        start = next;
    }
    // Drop pages that hold nothing (e.g. after a trailing page break).
    pages.retain(|p| {
        !p.top.is_empty()
            || (p.start..p.end).any(|i| {
                !p.deferred.contains(&i)
                    && matches!(
                        flow[i],
                        Flow::Line { .. } | Flow::Letterhead { .. } | Flow::Float(_)
                    )
            })
    });
    pages
}

/// The page starting at `start`, and where the next one starts. `repeat` is the height of
/// the table header the page starts with, when it starts inside a table; `pending` the
/// floats waiting for a page (those this page cannot set are left in it, and those it
/// defers are added).
fn fill_page(
    flow: &[Flow],
    start: usize,
    geo: &Geometry,
    repeat: Option<Pt>,
    pending: &mut Vec<usize>,
) -> (PagePlan, usize, Fill) {
    let letterhead = matches!(first_line(&flow[start..]), Some(Flow::Letterhead { .. }));
    let mut fill = Fill {
        overflow: None,
        oversize: None,
        forced: false,
        tops: Vec::new(),
    };
    let mut y = geo.body_top(letterhead) + repeat.unwrap_or(Pt::ZERO);
    // Waiting floats first, as many as fit; the first always does (photos are capped at
    // a height that leaves room on any page, see `flow`).
    let mut top = Vec::new();
    while let Some(&i) = pending.first() {
        let Flow::Float(f) = &flow[i] else {
            unreachable!("only floats wait")
        };
        if !top.is_empty() && y + f.h > geo.bottom + EPS {
            break;
        }
        y += f.h + below(f, false);
        top.push(pending.remove(0));
    }
    // Something is on the page: a line that does not fit goes to the next one.
    let mut filled = !top.is_empty();
    // A line has been set: space counts from here on.
    let mut has_line = false;
    let mut after_last_line = start;
    let mut legal: Option<usize> = None;
    let mut deferred = Vec::new();
    let mut end = flow.len();
    let mut next = flow.len();
    // A float that could not join the next page's top: the page ends before it.
    let mut stop = false;
    for (i, f) in flow.iter().enumerate().skip(start) {
        let waiting = !pending.is_empty() || !deferred.is_empty() || stop;
        match f {
            Flow::FlushFloats | Flow::PageBreak if waiting => {
                (end, next) = flushed(flow, i, after_last_line, legal);
                break;
            }
            Flow::PageBreak => {
                (end, next) = (i, i + 1);
                break;
            }
            Flow::Space(h) if has_line => y += *h,
            Flow::TopSpace(h) if !has_line => y += *h,
            Flow::Line { h, breakable, .. } => {
                // Under the floats set at the page's top the page may end too: a heading
                // that fits there but whose text does not goes with its text (a page of
                // floats only) instead of standing alone at the foot.
                if *breakable && (has_line || !top.is_empty()) {
                    legal = Some(after_last_line);
                }
                if filled && stop {
                    end = legal.unwrap_or(after_last_line);
                    next = end;
                    break;
                }
                if filled && y + *h > geo.bottom + EPS {
                    end = legal.unwrap_or(after_last_line);
                    next = end;
                    fill.overflow = Some(i);
                    fill.forced = legal.is_none();
                    break;
                }
                if y + *h > geo.bottom + EPS {
                    // Set all the same (nothing else would fit either), unless it is a
                    // parallel row's band that `split_row` can cut.
                    fill.oversize.get_or_insert(i);
                }
                fill.tops.push((i, y));
                y += *h;
                (has_line, filled) = (true, true);
                after_last_line = i + 1;
            }
            Flow::Float(fl) => {
                let above = if has_line { fl.above } else { Pt::ZERO };
                if stop {
                    continue;
                }
                if waiting || filled && y + above + fl.h > geo.bottom + EPS {
                    let queue = pending.iter().chain(&deferred).chain([&i]);
                    if fits_on_top(flow, queue, geo) {
                        deferred.push(i);
                    } else {
                        stop = true;
                    }
                    continue;
                }
                y += above + fl.h + below(fl, has_line);
                (has_line, filled) = (true, true);
                after_last_line = i + 1;
            }
            // At the top of a page a rule is dropped (see `place`) and takes no room.
            Flow::Rule { h, .. } if has_line => {
                legal = Some(after_last_line);
                if y + *h > geo.bottom + EPS {
                    (end, next) = (after_last_line, after_last_line);
                    break;
                }
                y += *h;
                after_last_line = i + 1;
            }
            Flow::Letterhead { h, .. } => {
                if filled {
                    (end, next) = (after_last_line, after_last_line);
                    break;
                }
                y += *h;
                (has_line, filled) = (true, true);
                after_last_line = i + 1;
            }
            _ => {}
        }
    }
    // A float deferred past where the page ended up breaking simply follows the break.
    deferred.retain(|&d| d < end);
    pending.extend(&deferred);
    let plan = PagePlan {
        top,
        start,
        end,
        deferred,
    };
    (plan, next, fill)
}

/// Whether the floats `queue` (flow indices, in order) all fit at the top of a page, as
/// [`fill_page`] sets waiting floats there: the first always, each other one if it ends
/// above the page's foot. A float is deferred only if it fits there with those waiting
/// before it, so it never moves more than one page: else the page ends before it (at the
/// last legal break), the one place where a float still leaves the page's foot empty.
/// Measured from the top of a page without the letterhead and without a repeated table
/// header (a table running on to the next page lowers its top by the header's height).
fn fits_on_top<'a>(flow: &[Flow], queue: impl Iterator<Item = &'a usize>, geo: &Geometry) -> bool {
    let mut y = geo.body_top(false);
    for (n, &i) in queue.enumerate() {
        let Flow::Float(f) = &flow[i] else {
            unreachable!("only floats wait")
        };
        if n > 0 && y + f.h > geo.bottom + EPS {
            return false;
        }
        y += f.h + below(f, false);
    }
    true
}

/// What [`fill_page`] saw, for [`split_row`]: the line that did not fit, and the top of
/// each line it set.
struct Fill {
    overflow: Option<usize>,
    /// A line taller than what is left of the page, set at its top because nothing was on
    /// the page yet: a band of a row whose columns have no common break in a page's height.
    oversize: Option<usize>,
    /// The page ends where it overflowed, not at a legal break: there was none on it (a
    /// row's band as tall as the page, then rows that keep with it).
    forced: bool,
    tops: Vec<(usize, Pt)>,
}

/// A parallel row not yet cut at a page: its bands' range in the flow, and its columns.
struct RowSpan {
    start: usize,
    end: usize,
    row: Row,
}

/// Replaces each row of the flow by its bands.
fn expand_rows(flow: &mut Vec<Flow>) -> Vec<RowSpan> {
    let mut rows = Vec::new();
    let mut out = Vec::with_capacity(flow.len());
    for f in std::mem::take(flow) {
        match f {
            Flow::Row(row) => {
                let start = out.len();
                out.extend(bands::expand(row.clone()));
                rows.push(RowSpan {
                    start,
                    end: out.len(),
                    row,
                });
            }
            other => out.push(other),
        }
    }
    *flow = out;
    rows
}

/// Replaces row `k`'s bands from `from` on by `items`; row `k` becomes `rest`, whose bands
/// start at `at` in `items`.
fn splice_row(
    flow: &mut Vec<Flow>,
    rows: &mut [RowSpan],
    k: usize,
    from: usize,
    items: Vec<Flow>,
    (at, rest): (usize, Row),
) {
    let end = rows[k].end;
    let len = items.len();
    flow.splice(from..end, items);
    let shift = |i: usize| i + from + len - end;
    for r in &mut rows[k + 1..] {
        (r.start, r.end) = (shift(r.start), shift(r.end));
    }
    rows[k] = RowSpan {
        start: from + at,
        end: from + len,
        row: rest,
    };
}

/// Splits the last row begun on the page where the page would end inside it, or in what
/// keeps with its end (then every column leaves lines for the next page): the row's first
/// part, a page break, the rest. Whether it did; the page is then filled again.
fn split_row(
    flow: &mut Vec<Flow>,
    rows: &mut [RowSpan],
    start: usize,
    plan: &PagePlan,
    fill: &Fill,
    geo: &Geometry,
) -> bool {
    // The row the page ends in, or whose band at the page's top runs past its foot; where
    // the page found no legal break, also the rows begun before it, last first: the rows
    // after one keep with it (a table's stacked records, then the notes, end mark and
    // contact block of each column), and it may split where they cannot.
    let candidates: Vec<usize> = match (fill.oversize, fill.overflow) {
        (Some(big), _) => rows
            .iter()
            .position(|r| r.start <= big && big < r.end)
            .into_iter()
            .collect(),
        (None, Some(over)) => {
            let begun = |k: &usize| rows[*k].start >= start && rows[*k].start < over;
            let last = (0..rows.len()).rev().filter(begun);
            last.take(if fill.forced { usize::MAX } else { 1 })
                .collect()
        }
        (None, None) => Vec::new(),
    };
    candidates
        .into_iter()
        .any(|k| split_row_at(flow, rows, k, plan, fill, geo))
}

/// [`split_row`] for row `k`.
fn split_row_at(
    flow: &mut Vec<Flow>,
    rows: &mut [RowSpan],
    k: usize,
    plan: &PagePlan,
    fill: &Fill,
    geo: &Geometry,
) -> bool {
    let span = &rows[k];
    // The page ends in what keeps with the row's end (the contact block after it).
    let tail = fill.oversize.is_none() && fill.overflow.is_some_and(|over| over >= span.end);
    if tail && plan.end >= span.end && !fill.forced {
        return false;
    }
    // The row's top on the page: its first line set, less the bands above it (a rule
    // band dropped at the page's top takes no room on the page but does in the columns).
    let Some(&(first, y)) = fill.tops.iter().find(|(i, _)| *i >= span.start) else {
        return false;
    };
    let above = bands_height(&flow[span.start..first]);
    let room = above + geo.bottom + EPS - y;
    let Some(ats) = bands::split_points(&span.row, room, tail) else {
        return false;
    };
    if !bands::leaves_lines(&span.row, &ats) {
        return false;
    }
    // The row is cut whole: `splice_row` puts the rest in its place.
    let (part, rest) = bands::split(std::mem::take(&mut rows[k].row), &ats);
    let mut items = bands::expand(part);
    let mut rest_items = bands::expand(rest.clone());
    // The header rows the next page repeats are set before the break.
    let heads = rest_items
        .iter()
        .take_while(|f| matches!(f, Flow::TableHead(_)))
        .count();
    items.extend(rest_items.drain(..heads));
    items.push(Flow::PageBreak);
    let at = items.len();
    items.extend(rest_items);
    let from = rows[k].start;
    splice_row(flow, rows, k, from, items, (at, rest));
    true
}

/// The height of a run of a row's bands: the sum of its lines' and rules' heights.
fn bands_height(bands: &[Flow]) -> Pt {
    bands
        .iter()
        .map(|f| match f {
            Flow::Line { h, .. } | Flow::Rule { h, .. } => *h,
            _ => Pt::ZERO,
        })
        .fold(Pt::ZERO, |a, b| a + b)
}

/// Where a page ends between two bands of a row, the rest of the row starts the next page
/// as a row of its own (so a later split cuts only what is on that page).
fn detach_row(flow: &mut Vec<Flow>, rows: &mut [RowSpan], next: usize) {
    let Some(k) = rows.iter().position(|r| r.start < next && next < r.end) else {
        return;
    };
    // Past the row's last band only entries are left (a table's end, `TableHead(None)`):
    // they stay in the flow, read as the next page's, and the row ends here. Its columns'
    // rest would hold no line and expand to nothing, losing the table's end, so the next
    // page repeated the header rows of a table that ended on this one.
    let bands = &flow[next..rows[k].end];
    if !bands
        .iter()
        .any(|f| matches!(f, Flow::Line { .. } | Flow::Rule { .. }))
    {
        rows[k].end = next;
        return;
    }
    let above = bands_height(&flow[rows[k].start..next]);
    // The row is replaced by its rest: `splice_row` puts it in its place.
    let rest = bands::rest_below(std::mem::take(&mut rows[k].row), above);
    let items = bands::expand(rest.clone());
    splice_row(flow, rows, k, next, items, (0, rest));
}

/// The space under a float: at least [`TEXT_FLOAT_SEP`] where it heads the page (no line
/// above it).
fn below(f: &Float, after_line: bool) -> Pt {
    if after_line {
        f.below
    } else {
        f.below.max(TEXT_FLOAT_SEP)
    }
}

/// Where a page with floats waiting ends at the barrier `at`: there, unless the first line
/// after it keeps with the lines before (the contact block takes the last lines of the text
/// with it); then at the last legal break before it.
fn flushed(
    flow: &[Flow],
    at: usize,
    after_last_line: usize,
    legal: Option<usize>,
) -> (usize, usize) {
    let kept = flow[at..].iter().find_map(|f| match f {
        Flow::Line { breakable, .. } => Some(!*breakable),
        Flow::PageBreak | Flow::Letterhead { .. } => Some(false),
        _ => None,
    });
    let end = match kept {
        Some(true) => legal.unwrap_or(after_last_line),
        _ => after_last_line,
    };
    (end, end)
}

/// How many entries come before the first line (or letterhead) of `flow`.
fn lead_in<'f>(flow: impl IntoIterator<Item = Option<&'f Flow>>) -> usize {
    flow.into_iter()
        .take_while(|f| !matches!(f, Some(Flow::Line { .. } | Flow::Letterhead { .. })))
        .count()
}

fn first_line<'f>(flow: impl IntoIterator<Item = &'f Flow>) -> Option<&'f Flow> {
    flow.into_iter()
        .find(|f| matches!(f, Flow::Line { .. } | Flow::Letterhead { .. }))
}

/// What a page needs besides its lines.
struct PageState {
    header: Option<Vec<Inline>>,
    footer: Option<Vec<Inline>>,
    letterhead: bool,
}

/// Places the flow on pages and adds headers, footers and the outline.
pub fn place(
    shaper: &mut Shaper,
    brand: &Brand,
    lang: Lang,
    flow: Vec<Flow>,
    geo: &Geometry,
) -> (Vec<Page>, Vec<OutlineEntry>) {
    let mut flow = flow;
    let plans = break_pages(&mut flow, geo);
    let mut flow: Vec<Option<Flow>> = flow.into_iter().map(Some).collect();
    let mut pages = Vec::new();
    let mut states = Vec::new();
    let mut outline = Vec::new();
    let mut header = None;
    let mut footer = None;
    let mut repeat: Option<(Pt, Vec<Item>)> = None;
    let mut prev_end = 0;
    for (n, plan) in plans.iter().enumerate() {
        let (start, end) = (plan.start, plan.end);
        // Settings between pages (e.g. after a page break) belong to the next page, and so
        // do those before its first line (a table's end after the last page's last row).
        let lead = start + lead_in(flow[start..end].iter().map(Option::as_ref));
        for f in &flow[prev_end..lead] {
            apply(f.as_ref(), &mut header, &mut footer, &mut repeat);
        }
        prev_end = end;
        let letterhead = matches!(
            first_line(flow[start..end].iter().flatten()),
            Some(Flow::Letterhead { .. })
        );
        let mut y = geo.body_top(letterhead);
        let mut items = Vec::new();
        let mut has_line = false;
        // A line of the page's flow has been set (the repeated header is no such line).
        let mut started = false;
        for &i in &plan.top {
            let Some(Flow::Float(f)) = flow[i].take() else {
                unreachable!("a page's top holds floats, each placed once")
            };
            let below = below(&f, false);
            items.extend(f.items.into_iter().map(|i| shift(i, Pt::ZERO, y)));
            y += f.h + below;
        }
        // The page continues a table: its header rows first.
        if let Some((h, its)) = &repeat {
            items.extend(its.iter().map(|i| shift(i.clone(), Pt::ZERO, y)));
            y += *h;
            has_line = true;
        }
        for (i, slot) in flow.iter_mut().enumerate().take(end).skip(start) {
            if plan.deferred.contains(&i) {
                continue;
            }
            let f = slot.take().expect("each flow item is placed once");
            match f {
                Flow::Line { h, items: its, .. } | Flow::Letterhead { h, items: its } => {
                    items.extend(its.into_iter().map(|i| shift(i, Pt::ZERO, y)));
                    y += h;
                    (has_line, started) = (true, true);
                }
                Flow::Float(f) => {
                    if has_line {
                        y += f.above;
                    }
                    let below = below(&f, has_line);
                    items.extend(f.items.into_iter().map(|i| shift(i, Pt::ZERO, y)));
                    y += f.h + below;
                    (has_line, started) = (true, true);
                }
                Flow::Space(h) if has_line => y += h,
                Flow::TopSpace(h) if !started => y += h,
                Flow::Rule { h, items: its } if has_line => {
                    items.extend(its.into_iter().map(|i| shift(i, Pt::ZERO, y)));
                    y += h;
                }
                Flow::Mark { title, level } => outline.push(OutlineEntry {
                    title,
                    level,
                    page: n,
                    y,
                }),
                other => apply(Some(&other), &mut header, &mut footer, &mut repeat),
            }
        }
        pages.push(Page {
            width: geo.width,
            height: geo.height,
            items,
        });
        // A page shows the header and footer in force at its end: the template sets them
        // right after the letterhead and after each language's page break.
        states.push(PageState {
            header: header.clone(),
            footer: footer.clone(),
            letterhead,
        });
    }
    let total = pages.len();
    for (n, (page, st)) in pages.iter_mut().zip(&states).enumerate() {
        decorate(shaper, brand, lang, geo, page, st, n + 1, total);
    }
    (pages, outline)
}

fn apply(
    f: Option<&Flow>,
    header: &mut Option<Vec<Inline>>,
    footer: &mut Option<Vec<Inline>>,
    repeat: &mut Option<(Pt, Vec<Item>)>,
) {
    match f {
        Some(Flow::Header(i)) => *header = Some(i.clone()),
        Some(Flow::Footer(i)) => *footer = Some(i.clone()),
        Some(Flow::TableHead(head)) => *repeat = head.clone(),
        _ => {}
    }
}

/// Adds the running header (not on letterhead pages) and the footer to a page.
#[allow(clippy::too_many_arguments)]
fn decorate(
    shaper: &mut Shaper,
    brand: &Brand,
    lang: Lang,
    geo: &Geometry,
    page: &mut Page,
    st: &PageState,
    n: usize,
    total: usize,
) {
    let rule = |y: Pt, width: Pt| Item::Line {
        x1: geo.left,
        y1: y,
        x2: geo.right,
        y2: y,
        width,
        color: brand.primary,
    };
    if let (false, Some(h)) = (st.letterhead, &st.header) {
        let y = geo.top;
        let h_items = small_line(
            shaper,
            brand,
            lang,
            geo,
            h,
            n,
            total,
            Class::Header,
            Align::Left,
        );
        page.items
            .extend(h_items.into_iter().map(|i| shift(i, geo.left, y)));
        page.items
            .push(rule(y + HEADER_RULE_DROP, HEADER_RULE_WIDTH));
    }
    if let Some(f) = &st.footer {
        let y = geo.bottom + FOOTER_GAP;
        page.items.push(rule(y, FOOTER_RULE_WIDTH));
        let f_items = small_line(
            shaper,
            brand,
            lang,
            geo,
            f,
            n,
            total,
            Class::Footer,
            Align::Left,
        );
        page.items.extend(
            f_items
                .into_iter()
                .map(|i| shift(i, geo.left, y + FOOTER_TEXT_GAP)),
        );
    }
}

/// Lays out a one-line header or footer, with page fields filled in. Artifacts: no tags.
#[allow(clippy::too_many_arguments)]
fn small_line(
    shaper: &mut Shaper,
    brand: &Brand,
    lang: Lang,
    geo: &Geometry,
    inlines: &[Inline],
    n: usize,
    total: usize,
    class: Class,
    align: Align,
) -> Vec<Item> {
    let filled: Vec<Inline> = inlines
        .iter()
        .map(|i| match i.field {
            Some(Field::Page) => Inline {
                text: n.to_string(),
                field: None,
                ..i.clone()
            },
            Some(Field::Pages) => Inline {
                text: total.to_string(),
                field: None,
                ..i.clone()
            },
            None => i.clone(),
        })
        .collect();
    let para = Para {
        role: Role::P,
        class,
        lang,
        inlines: filled,
    };
    let mut style = para_style(&para, brand);
    style.align = align;
    let lay = |shaper: &mut Shaper, inlines: &[Inline]| {
        let spec = ParaSpec {
            inlines,
            style,
            lang,
            width: geo.right - geo.left,
            tag: None,
            link_color: brand.muted,
            // The running header is shortened a word at a time until it fits, never broken.
            no_hyphen: true,
            opening: super::hyphenate::Opening::Sentence,
        };
        layout_para(shaper, &spec)
    };
    let first = |lines: Vec<LaidLine>| -> Vec<Item> {
        lines.into_iter().take(1).flat_map(|l| l.items).collect()
    };
    // The text is shortened one word at a time ([`shorten`]) until it fits on one line or
    // cannot be shortened. Laying out every step took time quadratic in the length (a
    // 2,000-word title: 38 s); the first step that fits is searched for instead, doubling
    // the steps and then halving the gap, in O(log n) layouts. States are always reached
    // from a known one by single steps, so each is exactly what the loop made.
    let lines = lay(shaper, &para.inlines);
    if lines.len() <= 1 {
        return first(lines);
    }
    // `lo` steps do not fit (state `lo_state`); `hi` steps fit or are the last state.
    let (mut lo, mut lo_state) = (0usize, para.inlines);
    let advance = |state: &[Inline], steps: usize| {
        let mut s = state.to_vec();
        let taken = (0..steps).take_while(|_| shorten(&mut s)).count();
        (s, taken)
    };
    let mut step = 1;
    let (mut hi, mut hi_lines) = loop {
        let (s, taken) = advance(&lo_state, step);
        let lines = lay(shaper, &s);
        if lines.len() <= 1 || taken < step {
            break (lo + taken, lines);
        }
        (lo, lo_state) = (lo + taken, s);
        step *= 2;
    };
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        let (s, _) = advance(&lo_state, mid - lo);
        let lines = lay(shaper, &s);
        if lines.len() <= 1 {
            (hi, hi_lines) = (mid, lines);
        } else {
            (lo, lo_state) = (mid, s);
        }
    }
    first(hi_lines)
}

/// Drops the last word of the longest text inline and ends it with an ellipsis, so a
/// running header or footer that is too long for one line is cut visibly, not silently.
fn shorten(inlines: &mut [Inline]) -> bool {
    let Some(longest) = inlines
        .iter_mut()
        .filter(|i| i.field.is_none())
        .max_by_key(|i| i.text.len())
    else {
        return false;
    };
    let text = longest.text.trim_end_matches('…').trim_end();
    match text.rfind(' ') {
        Some(cut) => {
            longest.text = format!("{}…", text[..cut].trim_end_matches([',', ';', ':', ' ']));
            true
        }
        None => false,
    }
}
