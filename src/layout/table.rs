//! Tables: a [`Table`] becomes rows of the flow, one [`Flow::Line`] per line of a table row
//! across its cells, so that a page may end inside a tall row (see [`row_pieces`]).
//!
//! `measure` (each cell's widest word and its width on one line) → `columns` (widths within
//! the column the table stands in) → `set` (each cell broken into lines at its column's
//! width, the row as tall as its tallest cell) → rules and the flow, with the header rows
//! handed to pagination to repeat on each page the table continues on.
//!
//! Column widths follow the automatic table layout of HTML, which readers know: when every
//! cell fits on one line the columns are as wide as their widest cell and the table may be
//! narrower than the text; otherwise each column gets its widest word plus a share of the
//! rest in proportion to how much more it would like. A table is never wider than the
//! column it stands in (also a parallel column). When not every word fits whole, the words
//! that read worst broken stay whole longest: a cell's first word is a name or a label
//! ([`Opening::Label`]), so names in body cells keep their width, and a header word keeps
//! its own, or breaks once at most ("Werkloos-/heidsgraad", never the ladder
//! "Werk-/loos-/heids-/graad"), before the body's other words are hyphenated; only then
//! may any word break at its hyphenation points.
//!
//! When not even the cells' unbreakable pieces fit side by side (a name, a figure or a
//! phone number glued by the no-break rules, a piece of an address between two of its
//! separators, a hyphenated part of a word: the five-column contact table in a 76 mm
//! parallel column), the table is set **stacked**, as responsive web tables are: each body
//! row becomes a record, each of its cells a line of its own after its column's header as
//! a label, the records parted by rules. Scaling the columns down instead cut names,
//! phone numbers and figures inside their cells, and addresses inside a piece, which no
//! reader takes for the same text. The tags stay a real table that validators and
//! extractors read: a `TBody` per record, a `TR` per field with the label as a row header
//! (`TH`, scope row) and the value as its `TD`. A piece still wider than the value column
//! (a column narrower than any brand sets) is cut as in a paragraph, and reported as an
//! overfull line.

use super::flow::{ends_hyphenated, FlowBuilder, MIN_LINES};
use super::hyphenate::{Opening, SOFT_HYPHEN};
use super::para::LaidLine;
use super::style::{Align, Style};
use super::tree::{Item, StructRole, Tag};
use super::vlist::{shift, Flow};
use crate::font::Family;
use crate::geom::Pt;
use crate::markup::{Cell, CellAlign, Para, Table};

/// Cell text size relative to the body: figures in tables are set a step smaller than the
/// running text, as statistical offices do, so that more columns fit a measure.
const CELL_SIZE: f32 = 0.85;
/// Leading of cell text relative to its size: tighter than the body's 1.38, the rows are
/// separated by rules and padding.
const CELL_LEADING: f32 = 1.3;
/// Horizontal gap between columns, in cell-text ems.
const COLUMN_GAP_EM: f32 = 0.8;
/// Air above and below a row's text, between it and the rules.
const ROW_PAD: Pt = Pt(2.5);
/// The rule under the header and at the table's foot, and the hairlines between rows.
const HEAD_RULE: Pt = Pt(0.6);
const ROW_RULE: Pt = Pt(0.25);
/// Heights closer than this are the same cut between a row's lines.
const CUT_EPS: Pt = Pt(0.01);
/// A line wide enough for any cell: measures a cell's width on one line.
const UNBOUNDED: Pt = Pt(100_000.0);
/// Added to a measured width: a line set at exactly its measured width may still break,
/// the sum of advances and the breaker's running width differing in the last bits.
const MEASURE_SLACK: Pt = Pt(0.5);
/// Air between two fields of a stacked record: less than [`ROW_PAD`], so that a record's
/// lines read as one block and the records stand apart.
const FIELD_PAD: Pt = Pt(0.75);
/// The widest a stacked table's label column may be, as a share of the table's width: the
/// values (addresses, long figures) need the room more; a longer label wraps.
const MAX_LABEL_SHARE: f32 = 0.4;

/// A column's widths, each the widest of its cells: the widest unbreakable piece (a word,
/// or a part of one where it may be hyphenated) under each policy of [`column_widths`],
/// and the text on one line.
#[derive(Debug, Clone, Copy, Default)]
struct Widths {
    /// The widest whole word.
    word: Pt,
    /// The widest piece, every word hyphenated where it may be, a cell's first word too.
    min: Pt,
    natural: Pt,
    /// The widest piece of the body cells with each cell's first word whole (a name; see
    /// [`Opening::Label`]); measured only when not every word fits whole
    /// ([`FlowBuilder::measure_names`]).
    body: Pt,
    /// The widest whole word of the header cells, and the narrowest width at which no
    /// header cell ends two lines in a row with a hyphen (a header word broken once at
    /// most), measured only when the header's whole words and the body do not fit
    /// ([`FlowBuilder::measure_heads`]); until then equal to `head_word`.
    head_word: Pt,
    head: Pt,
}

/// The padding of a row above and below its text.
type Pads = (Pt, Pt);

impl FlowBuilder<'_, '_> {
    /// Lays out a table at the current column.
    pub(super) fn table(&mut self, table: &Table) {
        let columns = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        let body = Pt(self.brand.file.page.font_size_pt);
        let size = body * CELL_SIZE;
        let gap = size * COLUMN_GAP_EM;
        let available = self.width - gap * (columns - 1) as f32;
        let mut widths = self.measure_table(table, columns);
        if total_of(&widths, |w| w.word.max(w.min)) > available {
            self.measure_names(table, &mut widths);
            if total_of(&widths, |w| w.head_word.max(w.body).max(w.min)) > available {
                self.measure_heads(table, &mut widths);
            }
        }
        let Some(cols) = column_widths(&widths, available) else {
            self.stacked_table(table, gap);
            return;
        };
        let total = cols.iter().fold(Pt::ZERO, |a, &w| a + w) + gap * (columns - 1) as f32;
        let elem = self.elem(StructRole::Table, table.lang, None);
        let head = (table.head > 0).then(|| self.elem(StructRole::THead, table.lang, Some(elem)));
        let tbody = (table.rows.len() > table.head)
            .then(|| self.elem(StructRole::TBody, table.lang, Some(elem)));
        self.flow.push(Flow::Space(body * 0.3));
        let mut head_lines: Vec<(Pt, Vec<Item>)> = Vec::new();
        let keep = self.keep;
        for (r, row) in table.rows.iter().enumerate() {
            let in_head = r < table.head;
            let group = if in_head { head } else { tbody };
            let tr = self.elem(StructRole::TR, table.lang, group);
            let cells = self.table_cells(row, &cols, gap, tr, ROW_PAD);
            let h = cells
                .iter()
                .map(|c| c.end + ROW_PAD)
                .fold(Pt::ZERO, Pt::max);
            let last_head = in_head && r + 1 == table.head;
            let last = r + 1 == table.rows.len();
            let (weight, color) = if last_head || last {
                (HEAD_RULE, self.brand.primary)
            } else {
                (ROW_RULE, self.brand.muted)
            };
            let rule = Item::Line {
                x1: self.x,
                y1: h,
                x2: self.x + total,
                y2: h,
                width: weight,
                color,
            };
            // A page may break before any body row but the first (the header stays with
            // it) and never inside the header.
            let breakable = if r == 0 { !keep } else { r > table.head };
            if in_head {
                let mut items: Vec<Item> = cells.into_iter().flat_map(CellLines::items).collect();
                items.push(rule);
                head_lines.push((h, items.clone()));
                self.flow.push(Flow::Line {
                    h,
                    items,
                    breakable,
                });
                if last_head && !last {
                    self.flow.push(Flow::TableHead(Some(untagged(&head_lines))));
                }
                continue;
            }
            // In a parallel column a row stays whole: its band holds the other columns'
            // lines too, and the PDF's reading order (each cell's lines in turn, see
            // `pdf::page::content_order`) is restored only within a run of text that no
            // rule of the other column's table interrupts.
            let cells = if self.floats {
                cells
            } else {
                cells.into_iter().map(CellLines::whole).collect()
            };
            self.push_pieces(row_pieces(cells, h, rule), breakable);
        }
        // The repeat ends after the table's last line: a page whose first line follows it
        // is no longer inside the table (pagination reads the entries before a page's first
        // line as that page's).
        if table.rows.len() > table.head && table.head > 0 {
            self.flow.push(Flow::TableHead(None));
        }
        self.flow.push(Flow::Space(body * 0.6));
        self.keep = false;
    }

    /// Each column's widest cell: widest word and one-line width.
    fn measure_table(&mut self, table: &Table, columns: usize) -> Vec<Widths> {
        let mut out = vec![Widths::default(); columns];
        for row in &table.rows {
            for (c, cell) in row.iter().enumerate() {
                // Measured flush left: a right-aligned line would start at the far end.
                let style = Style {
                    align: Align::Left,
                    ..self.cell_style(cell)
                };
                let (label, sentence) = (Opening::Label, Opening::Sentence);
                let natural = extent(&self.cell_lines(&cell.para, style, UNBOUNDED, None, label));
                // One word (or hyphenated part of a word) per line: the widest line is the
                // narrowest the cell can be set without running over.
                let probe = super::para::MIN_CONTENT_PROBE;
                let pieces = self.cell_lines(&cell.para, style, probe, None, sentence);
                let min = extent(&pieces);
                let whole = Style {
                    hyphenate: false,
                    ..style
                };
                let word = extent(&self.cell_lines(&cell.para, whole, probe, None, label));
                out[c].word = out[c].word.max(word + MEASURE_SLACK);
                out[c].min = out[c].min.max(min + MEASURE_SLACK);
                out[c].natural = out[c].natural.max(natural + MEASURE_SLACK);
                if cell.header {
                    out[c].head_word = out[c].head_word.max(word + MEASURE_SLACK);
                    out[c].head = out[c].head_word;
                }
            }
        }
        out
    }

    /// Sets each column's [`Widths::body`]: its body cells' widest piece with each cell's
    /// first word whole. Measured only when not every word fits whole, the one case where
    /// it counts (statistiek: +3 % instructions when measured for every table).
    fn measure_names(&mut self, table: &Table, widths: &mut [Widths]) {
        for row in &table.rows {
            for (c, cell) in row.iter().enumerate().filter(|(_, cell)| !cell.header) {
                let style = Style {
                    align: Align::Left,
                    ..self.cell_style(cell)
                };
                // The probe never counts a word too wide for its line: a name stays whole.
                let probe = super::para::MIN_CONTENT_PROBE;
                let named = self.cell_lines(&cell.para, style, probe, None, Opening::Label);
                widths[c].body = widths[c].body.max(extent(&named) + MEASURE_SLACK);
            }
        }
    }

    /// Sets each column's [`Widths::head`]: the narrowest width, between its widest
    /// hyphenated piece and its widest whole header word, at which no header cell of the
    /// column ends two lines in a row with a hyphen. Found by halving: a word breaks at
    /// fewer points as its line widens, and the breaker's choice between them is checked,
    /// not assumed.
    fn measure_heads(&mut self, table: &Table, widths: &mut [Widths]) {
        for w in widths.iter_mut() {
            w.head = Pt::ZERO;
        }
        for row in &table.rows {
            for (c, cell) in row.iter().enumerate().filter(|(_, cell)| cell.header) {
                let style = Style {
                    align: Align::Left,
                    ..self.cell_style(cell)
                };
                let mut ladder = |w: Pt| {
                    let lines = self.cell_lines(&cell.para, style, w, None, Opening::Label);
                    lines
                        .windows(2)
                        .any(|l| ends_with_hyphen(&l[0]) && ends_with_hyphen(&l[1]))
                };
                let mut hi = widths[c].head_word;
                let mut lo = widths[c].min.min(hi);
                if ladder(lo) {
                    while hi - lo > HEAD_PRECISION {
                        let mid = (lo + hi) / 2.0;
                        if ladder(mid) {
                            lo = mid;
                        } else {
                            hi = mid;
                        }
                    }
                } else {
                    hi = lo;
                }
                widths[c].head = widths[c].head.max(hi);
            }
        }
    }

    /// Sets a table stacked (see the module header): after an opening rule, one record per
    /// body row, a field per cell (its column's label from the last header row, then its
    /// value), a rule under each record. A page may break between records, not inside one.
    fn stacked_table(&mut self, table: &Table, gap: Pt) {
        let body = Pt(self.brand.file.page.font_size_pt);
        // A table of header rows only has no labels: its rows are the records.
        let (labels, records) = match table.head.checked_sub(1) {
            Some(h) if table.rows.len() > table.head => {
                (Some(&table.rows[h]), &table.rows[table.head..])
            }
            _ => (None, &table.rows[..]),
        };
        let label = labels.map_or(Pt::ZERO, |row| self.label_width(row));
        let cols = match labels {
            Some(_) => vec![label, self.width - label - gap],
            None => vec![self.width],
        };
        let elem = self.elem(StructRole::Table, table.lang, None);
        self.flow.push(Flow::Space(body * 0.3));
        let keep = self.keep;
        for (r, record) in records.iter().enumerate() {
            let tbody = self.elem(StructRole::TBody, table.lang, Some(elem));
            for (c, cell) in record.iter().enumerate() {
                let tr = self.elem(StructRole::TR, table.lang, Some(tbody));
                let (first, last) = (c == 0, c + 1 == record.len());
                let pads = (
                    if first { ROW_PAD } else { FIELD_PAD },
                    if last { ROW_PAD } else { FIELD_PAD },
                );
                // Values read flush left after their labels, also a right-aligned figure:
                // there is no column of figures left to align.
                let value = Cell {
                    align: CellAlign::Left,
                    ..cell.clone()
                };
                let field = match labels.and_then(|l| l.get(c)) {
                    // Labels flush left too, as the header of a column of figures is not.
                    Some(l) => vec![
                        Cell {
                            align: CellAlign::Left,
                            ..l.clone()
                        },
                        value,
                    ],
                    None => vec![value],
                };
                let (h, mut items) = self.table_row(&field, &cols, gap, tr, pads);
                if first && r == 0 {
                    items.push(self.table_rule(Pt::ZERO, HEAD_RULE));
                }
                if last {
                    let weight = if r + 1 == records.len() {
                        HEAD_RULE
                    } else {
                        ROW_RULE
                    };
                    items.push(self.table_rule(h, weight));
                }
                let breakable = first && (r > 0 || !keep);
                self.flow.push(Flow::Line {
                    h,
                    items,
                    breakable,
                });
            }
        }
        self.flow.push(Flow::Space(body * 0.6));
        self.keep = false;
    }

    /// A rule across the column at `y`: the header's and the foot's in the brand's colour,
    /// a hairline between records in its muted one.
    fn table_rule(&self, y: Pt, width: Pt) -> Item {
        let color = if width == HEAD_RULE {
            self.brand.primary
        } else {
            self.brand.muted
        };
        Item::Line {
            x1: self.x,
            y1: y,
            x2: self.x + self.width,
            y2: y,
            width,
            color,
        }
    }

    /// The label column of a stacked table: its widest label on one line, up to
    /// [`MAX_LABEL_SHARE`] of the column.
    fn label_width(&mut self, labels: &[Cell]) -> Pt {
        let mut widest = Pt::ZERO;
        for cell in labels {
            let style = Style {
                align: Align::Left,
                ..self.cell_style(cell)
            };
            let lines = self.cell_lines(&cell.para, style, UNBOUNDED, None, Opening::Label);
            widest = widest.max(extent(&lines) + MEASURE_SLACK);
        }
        widest.min(self.width * MAX_LABEL_SHARE)
    }

    /// Sets one row: each cell at its column, the row as tall as its tallest cell.
    fn table_row(
        &mut self,
        row: &[Cell],
        cols: &[Pt],
        gap: Pt,
        tr: usize,
        (top, bottom): Pads,
    ) -> (Pt, Vec<Item>) {
        let cells = self.table_cells(row, cols, gap, tr, top);
        let height = cells.iter().map(|c| c.end + bottom).fold(Pt::ZERO, Pt::max);
        (
            height,
            cells.into_iter().flat_map(CellLines::items).collect(),
        )
    }

    /// Sets one row's cells, their text `top` below the row's top: each cell's lines at its
    /// column, with the heights where a page may end inside the cell.
    fn table_cells(
        &mut self,
        row: &[Cell],
        cols: &[Pt],
        gap: Pt,
        tr: usize,
        top: Pt,
    ) -> Vec<CellLines> {
        let mut cells = Vec::new();
        let mut x = self.x;
        for (c, &w) in cols.iter().enumerate() {
            let Some(cell) = row.get(c) else {
                break;
            };
            let role = if cell.header {
                StructRole::TH
            } else {
                StructRole::TD
            };
            let elem = self.elem(role, cell.para.lang, Some(tr));
            let style = self.cell_style(cell);
            let tag = Some(Tag { elem });
            let lines = self.cell_lines(&cell.para, style, w, tag, Opening::Label);
            self.overfull
                .extend(lines.iter().filter_map(LaidLine::overfull));
            let n = lines.len();
            let mut placed = CellLines {
                lines: Vec::with_capacity(n),
                cuts: Vec::new(),
                end: top,
            };
            let mut split_word = false;
            for (k, line) in lines.into_iter().enumerate() {
                // A cell keeps its first and last lines together, as a paragraph does,
                // and never leaves half a word on a page.
                if k > 0 {
                    let ok = k >= MIN_LINES && n - k >= MIN_LINES && !split_word;
                    placed.cuts.push((placed.end, ok));
                }
                split_word = line.cut || ends_hyphenated(&line);
                let dx = match cell.align {
                    CellAlign::Center => (w - extent(std::slice::from_ref(&line))) / 2.0,
                    _ => Pt::ZERO,
                };
                let items = line.items.into_iter().map(|i| shift(i, x + dx, Pt::ZERO));
                placed.lines.push((placed.end, items.collect()));
                placed.end += line.height;
            }
            cells.push(placed);
            x += w + gap;
        }
        cells
    }

    /// Pushes a row's pieces: the first may be preceded by a page break where the row may
    /// (`breakable`), each later one where its cells may; a piece that starts a page keeps
    /// the row's padding above its text ([`Flow::TopSpace`]).
    fn push_pieces(&mut self, pieces: Vec<Piece>, breakable: bool) {
        for (j, piece) in pieces.into_iter().enumerate() {
            if j > 0 {
                self.flow.push(Flow::TopSpace(ROW_PAD));
            }
            self.flow.push(Flow::Line {
                h: piece.h,
                items: piece.items,
                breakable: if j == 0 { breakable } else { piece.breakable },
            });
        }
    }

    fn cell_style(&self, cell: &Cell) -> Style {
        let body = Pt(self.brand.file.page.font_size_pt);
        let size = body * CELL_SIZE;
        Style {
            family: Family::Sans,
            bold: cell.header,
            italic: false,
            size,
            leading: (size * CELL_LEADING).round(),
            color: self.brand.text,
            align: match cell.align {
                CellAlign::Right => Align::Right,
                CellAlign::Left | CellAlign::Center => Align::Left,
            },
            space_before: Pt::ZERO,
            space_after: Pt::ZERO,
            tracking: Pt::ZERO,
            keep_with_next: false,
            uppercase: false,
            hyphenate: true,
            // Cells are set ragged: nothing to fill.
            expansion: super::tree::Expansion::NONE,
        }
    }

    /// A cell's lines at `width`; `opening` is [`Opening::Label`] for what is set, and
    /// [`Opening::Sentence`] to measure the pieces of a cell whose first word may break.
    fn cell_lines(
        &mut self,
        p: &Para,
        style: Style,
        width: Pt,
        tag: Option<Tag>,
        opening: Opening,
    ) -> Vec<LaidLine> {
        let spec = super::para::ParaSpec {
            inlines: &p.inlines,
            style,
            lang: p.lang,
            width,
            tag,
            link_color: self.brand.primary,
            no_hyphen: false,
            opening,
        };
        super::para::layout_para(self.shaper, &spec)
    }
}

/// One cell of a row: its lines (each line's top in the row and its items, x in place,
/// y from the line's top), the heights between them (and whether a page may end there), and
/// its text's foot.
struct CellLines {
    lines: Vec<(Pt, Vec<Item>)>,
    cuts: Vec<(Pt, bool)>,
    end: Pt,
}

impl CellLines {
    /// The cell without heights to cut at: its row is set in one piece.
    fn whole(self) -> CellLines {
        CellLines {
            cuts: Vec::new(),
            ..self
        }
    }

    fn items(self) -> impl Iterator<Item = Item> {
        self.lines
            .into_iter()
            .flat_map(|(top, items)| items.into_iter().map(move |i| shift(i, Pt::ZERO, top)))
    }
}

/// A part of a table row between two heights where every cell is between two lines (or
/// below its last): its top in the row, its height, its items (y from its top), and whether
/// a page may end above it.
#[derive(Debug)]
struct Piece {
    top: Pt,
    h: Pt,
    items: Vec<Item>,
    breakable: bool,
}

/// Cuts a row `h` tall into its lines across the cells: at every height where each cell is
/// between two lines or below its last. A page may end at such a height where each cell's
/// own rules allow it (or the cell has ended). A row taller than a page's rest then ends the
/// page at a line of its cells instead of moving whole to the next page; and what keeps with
/// the row's last lines (the notes, the contact block) takes its last lines, not the whole
/// row. The `rule` under the row goes with the last piece.
fn row_pieces(cells: Vec<CellLines>, h: Pt, rule: Item) -> Vec<Piece> {
    // Whether every cell is between lines at `y` (each cut's "may end a page" if so).
    let at = |y: Pt| -> Option<bool> {
        cells.iter().try_fold(true, |ok, c| {
            if c.end <= y + CUT_EPS {
                return Some(ok);
            }
            let &(_, may) = c.cuts.iter().find(|(cy, _)| (*cy - y).abs() < CUT_EPS)?;
            Some(ok && may)
        })
    };
    let mut ys: Vec<(Pt, bool)> = cells
        .iter()
        .flat_map(|c| c.cuts.iter().map(|&(y, _)| y))
        .filter_map(|y| Some((y, at(y)?)))
        .collect();
    ys.sort_by(|a, b| a.0 .0.total_cmp(&b.0 .0));
    ys.dedup_by(|a, b| (a.0 - b.0).abs() < CUT_EPS);
    let mut pieces: Vec<Piece> = std::iter::once((Pt::ZERO, false))
        .chain(ys.iter().copied())
        .zip(ys.iter().map(|&(y, _)| y).chain([h]))
        .map(|((top, breakable), bottom)| Piece {
            top,
            h: bottom - top,
            items: Vec::new(),
            breakable,
        })
        .collect();
    for (top, items) in cells.into_iter().flat_map(|c| c.lines) {
        let k = pieces
            .iter()
            .rposition(|p| p.top <= top + CUT_EPS)
            .unwrap_or(0);
        let dy = top - pieces[k].top;
        pieces[k]
            .items
            .extend(items.into_iter().map(|i| shift(i, Pt::ZERO, dy)));
    }
    let last = pieces.last_mut().expect("a row has a first piece");
    let dy = Pt::ZERO - last.top;
    last.items.push(shift(rule, Pt::ZERO, dy));
    pieces
}

/// How far right the lines' text reaches.
fn extent(lines: &[LaidLine]) -> Pt {
    let mut right = Pt::ZERO;
    for line in lines {
        for item in &line.items {
            if let Item::Text(run) = item {
                right = right.max(run.x + run.width());
            }
        }
    }
    right
}

/// Halving [`FlowBuilder::measure_heads`] stops when the bounds are this close: far below
/// what a reader sees, and few layouts of the cell.
const HEAD_PRECISION: Pt = Pt(0.5);

/// Whether a cell line ends with a drawn hyphen (a soft hyphen after a letter).
fn ends_with_hyphen(line: &LaidLine) -> bool {
    let text = line.text();
    let mut rev = text.trim_end().chars().rev();
    rev.next() == Some(SOFT_HYPHEN) && rev.next().is_some_and(char::is_alphabetic)
}

/// The sum over the columns of one of their widths.
fn total_of(widths: &[Widths], f: impl Fn(&Widths) -> Pt) -> Pt {
    widths.iter().fold(Pt::ZERO, |a, w| a + f(w))
}

/// A column's floor under one policy of [`column_widths`].
type Floor = fn(&Widths) -> Pt;

/// Column widths that sum to at most `available` (see the module header), or `None` when
/// not even the columns' widest pieces fit side by side: the table is then set stacked.
/// The first floor that fits sets each column at it plus a share of what is left, in
/// proportion to how much more the column would like. From the first floor to the last,
/// fewer words stay whole, so that words are hyphenated in a table only when it cannot be
/// helped: every word; names and header words (others hyphenated); names, and header words
/// broken once at most; any word at its hyphenation points.
fn column_widths(widths: &[Widths], available: Pt) -> Option<Vec<Pt>> {
    let sum = |f: &dyn Fn(&Widths) -> Pt| widths.iter().fold(Pt::ZERO, |a, w| a + f(w));
    let natural = sum(&|w| w.natural);
    if natural <= available {
        return Some(widths.iter().map(|w| w.natural).collect());
    }
    let floors: [Floor; 4] = [
        |w| w.word.max(w.min),
        |w| w.head_word.max(w.body).max(w.min),
        |w| w.head.max(w.body).max(w.min),
        |w| w.min,
    ];
    for floor in floors {
        let min = sum(&floor);
        if min <= available {
            // `natural > available >= min`: the share is below one.
            let share = (available - min) / (natural - min).0;
            return Some(
                widths
                    .iter()
                    .map(|w| floor(w) + (w.natural - floor(w)).max(Pt::ZERO) * share.0)
                    .collect(),
            );
        }
    }
    None
}

/// The header rows as pagination repeats them: one block of items, untagged (a repeated
/// header is an artifact; the first one is the tagged `THead`), with its height.
fn untagged(rows: &[(Pt, Vec<Item>)]) -> (Pt, Vec<Item>) {
    let mut y = Pt::ZERO;
    let mut out = Vec::new();
    for (h, items) in rows {
        for item in items {
            let item = match item.clone() {
                Item::Text(mut run) => {
                    run.tag = None;
                    Item::Text(run)
                }
                Item::Link { .. } => continue,
                other => other,
            };
            out.push(shift(item, Pt::ZERO, y));
        }
        y += *h;
    }
    (y, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(min: f32, natural: f32) -> Widths {
        Widths {
            word: Pt(min),
            min: Pt(min),
            natural: Pt(natural),
            body: Pt(min),
            head_word: Pt::ZERO,
            head: Pt::ZERO,
        }
    }

    fn sum(cols: &[Pt]) -> f32 {
        cols.iter().map(|c| c.0).sum()
    }

    /// The stress corpus's contact tables on A5 hyphenated "Kjær-/gaard" at a name cell's
    /// start: when not every word fitted whole, the name column kept only its widest
    /// hyphenated piece.
    #[test]
    fn names_stay_whole_before_other_words_are_hyphenated() {
        let name = Widths {
            word: Pt(50.0),
            body: Pt(50.0),
            ..w(30.0, 60.0)
        };
        let long = Widths {
            word: Pt(90.0),
            ..w(40.0, 150.0)
        };
        let cols = column_widths(&[name, long], Pt(100.0)).unwrap();
        assert!(cols[0] >= Pt(50.0) && cols[1] >= Pt(40.0), "{cols:?}");
        assert!(sum(&cols) <= 100.01, "{cols:?}");
    }

    /// Statistiek's header "Werkloosheidsgraad (%)" was set "Werk-/loos-/heids-/graad" in a
    /// parallel column: the header word got only its widest hyphenated piece.
    #[test]
    fn a_header_word_breaks_once_at_most_before_the_body_is_squeezed() {
        let head = Widths {
            word: Pt(90.0),
            head_word: Pt(90.0),
            head: Pt(50.0),
            body: Pt(20.0),
            ..w(25.0, 100.0)
        };
        let names = w(60.0, 130.0);
        let cols = column_widths(&[head, names], Pt(120.0)).unwrap();
        assert!(cols[0] >= Pt(50.0) && cols[1] >= Pt(60.0), "{cols:?}");
        assert!(sum(&cols) <= 120.01, "{cols:?}");
        // With room for the whole header word, it gets it.
        let cols = column_widths(&[head, names], Pt(155.0)).unwrap();
        assert!(cols[0] >= Pt(90.0), "{cols:?}");
    }

    #[test]
    fn columns_are_their_content_when_it_fits() {
        let cols = column_widths(&[w(20.0, 50.0), w(10.0, 30.0)], Pt(100.0));
        assert_eq!(cols, Some(vec![Pt(50.0), Pt(30.0)]));
    }

    #[test]
    fn columns_share_what_is_left_after_their_widest_words() {
        let cols = column_widths(&[w(20.0, 120.0), w(10.0, 30.0)], Pt(100.0)).unwrap();
        let total: f32 = cols.iter().map(|c| c.0).sum();
        assert!((total - 100.0).abs() < 0.01, "{cols:?}");
        assert!(cols[0].0 >= 20.0 && cols[1].0 >= 10.0, "{cols:?}");
        assert!(cols[0] > cols[1]);
    }

    /// A column floors at its widest hyphenated piece when the whole words do not fit.
    #[test]
    fn columns_fall_back_to_hyphenated_pieces() {
        let long = Widths {
            word: Pt(90.0),
            ..w(40.0, 150.0)
        };
        let cols = column_widths(&[long, w(30.0, 40.0)], Pt(100.0)).unwrap();
        assert!(cols[0] >= Pt(40.0) && cols[1] >= Pt(30.0), "{cols:?}");
        let total: f32 = cols.iter().map(|c| c.0).sum();
        assert!(total <= 100.01, "{cols:?}");
    }

    /// The stress corpus' five-column contact table in a parallel column: every column was
    /// scaled below its widest piece, so "Πιε|ρρακάκης", "+32 2 | 542 00 21" and "0|800"
    /// were cut in their cells. Pieces that do not fit side by side set the table stacked.
    #[test]
    fn a_table_whose_pieces_do_not_fit_is_stacked() {
        assert_eq!(
            column_widths(&[w(80.0, 120.0), w(60.0, 90.0)], Pt(100.0)),
            None
        );
        assert!(column_widths(&[w(50.0, 120.0), w(50.0, 90.0)], Pt(100.0)).is_some());
    }
}
