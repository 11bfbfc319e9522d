//! Flow: document blocks become one vertical list of lines, spaces and markers, with the
//! rules that decide where a page may break: widows and orphans, keep-with-next after a
//! heading, unsplit short quotes, the contact block whole and with the text before it, a
//! quote's attribution with the quote's last lines, a list item's first two lines
//! together, and no break after a hyphenated line.

use super::letterhead::letterhead;
use super::para::{layout_para, LaidLine, ParaSpec};
use super::shape::Shaper;
use super::style::{narrow, para_style, quote_style, Align, Style, COLUMN_GAP, NARROW_MEASURE_EM};
use super::tree::{Item, Overfull, StructElem, StructRole, Tag, TextAlign};
use super::vlist::{keep_with_previous, shift, unsplittable, Float, Flow, Row};
use crate::brand::Brand;
use crate::geom::{Pt, Raster};
use crate::lang::Lang;
use crate::markup::{Block, Class, Figure, ItemBlock, List, Para, Quote};
use crate::photo::Image;
use std::sync::Arc;

/// Lines a paragraph keeps together at the foot and the head of a page.
pub(super) const MIN_LINES: usize = 2;
/// Quote blocks up to this many lines are never split across pages.
const UNSPLIT_QUOTE_LINES: usize = 8;
/// Lines of the text before it that a kept block (the contact block, a quote's attribution)
/// takes along to a new page: the same two lines a split paragraph keeps at a page's head
/// ([`MIN_LINES`]), so the block never opens a page on its own.
const KEPT_PRECEDING_LINES: usize = MIN_LINES;
/// A list item's first lines kept together, even when its first paragraph is shorter.
const LIST_ITEM_KEPT_LINES: usize = 2;
/// Indent of a quote block's text; the accent bar sits in it.
const QUOTE_INDENT: Pt = Pt::from_mm(7.0);
const QUOTE_BAR: Pt = Pt(2.2);
/// Indent of list item text; the bullet hangs in it.
const LIST_INDENT: Pt = Pt::from_mm(5.0);
/// The bullets of unnumbered lists by depth, repeating below the last: a nested list's
/// items are told from their parent's by a different mark as well as by the indent.
const BULLETS: [&str; 2] = ["•", "–"];
/// An `<hr/>` takes a line of this height with the rule across its middle: 6 pt of air
/// above and below a hairline, less than a body line, so the rule separates without
/// opening a gap in the text.
const RULE_LINE: Pt = Pt(12.0);
/// Weight of an `<hr/>`: a hairline, lighter than the letterhead's rule.
const RULE_WIDTH: Pt = Pt(0.5);

/// Space above a figure (dropped at a page's top) and below it, in body sizes.
const FIGURE_ABOVE: f32 = 0.4;
const FIGURE_BELOW: f32 = 0.6;

/// The tallest a photo is set, as a share of the column's width: a 4:3 landscape photo
/// fills the column; a portrait one is scaled down to this height (left-aligned) rather
/// than taking most of a page from the text it illustrates.
const MAX_PHOTO_ASPECT: f32 = 0.75;
/// And never taller than this: the photo and a three-line caption then fit any page the
/// brands set (an A4 text area is about 230 mm tall) with room for text around them.
const MAX_PHOTO_HEIGHT: Pt = Pt::from_mm(110.0);

/// Builds the flow of a document.
pub struct FlowBuilder<'s, 'f> {
    pub shaper: &'s mut Shaper<'f>,
    pub brand: &'s Brand,
    pub flow: Vec<Flow>,
    pub structure: Vec<StructElem>,
    pub overfull: Vec<Overfull>,
    pub images: Vec<std::sync::Arc<Raster>>,
    pub photos: Vec<std::sync::Arc<Image>>,
    /// Left edge and width of the current column.
    pub x: Pt,
    pub width: Pt,
    /// The next line must stay with the previous one (after a heading).
    pub(super) keep: bool,
    /// Lines of preceding text that a block at the very start of this flow asked to keep
    /// but the flow does not have (a parallel cell's contact block): [`Self::row`] asks them
    /// of the flow around the row.
    owed_preceding: usize,
    /// The section element (`Sect`) the blocks being laid out belong to, if any.
    sect: Option<usize>,
    /// Figures become [`Flow::Float`]s: in the page's own flow, not in a parallel
    /// column's, where a band holds the other columns' lines too (a row of figures floats
    /// as a whole instead, see [`Self::row`]).
    pub(super) floats: bool,
}

impl<'s, 'f> FlowBuilder<'s, 'f> {
    pub fn new(shaper: &'s mut Shaper<'f>, brand: &'s Brand, x: Pt, width: Pt) -> Self {
        FlowBuilder {
            shaper,
            brand,
            flow: Vec::new(),
            structure: Vec::new(),
            overfull: Vec::new(),
            images: Vec::new(),
            photos: Vec::new(),
            x,
            width,
            keep: false,
            owed_preceding: 0,
            sect: None,
            floats: true,
        }
    }

    pub fn blocks(&mut self, blocks: &[Block]) {
        for b in blocks {
            self.block(b);
        }
    }

    fn block(&mut self, block: &Block) {
        if ends_floats(block) {
            self.flow.push(Flow::FlushFloats);
        }
        match block {
            Block::Letterhead(cells) => {
                let column = (self.x, self.width);
                let (shaper, brand) = (&mut *self.shaper, self.brand);
                let (images, overfull) = (&mut self.images, &mut self.overfull);
                let flow = letterhead(shaper, brand, column, cells, images, overfull);
                self.flow.push(flow);
            }
            Block::Header(inl) => self.flow.push(Flow::Header(inl.clone())),
            Block::Footer(inl) => self.flow.push(Flow::Footer(inl.clone())),
            Block::PageBreak => self.flow.push(Flow::PageBreak),
            Block::Rule => self.rule(),
            Block::Para(p) => self.para(p, None),
            Block::Quote(q) => self.quote(q),
            Block::List(l) => self.list(l),
            Block::Row(cells) => self.row(cells),
            Block::Sect(blocks) => self.sect(blocks),
            Block::Table(t) => self.table(t),
            Block::Notes(n) => self.notes(n),
            Block::Figure(f) => self.figure(f),
        }
    }

    /// A section of its own (the notes to editors): its blocks under a `Sect`.
    fn sect(&mut self, blocks: &[Block]) {
        let lang = blocks
            .iter()
            .find_map(block_lang)
            .unwrap_or(self.brand_lang());
        let sect = self.elem(StructRole::Sect, lang, None);
        let outer = self.sect.replace(sect);
        self.blocks(blocks);
        self.sect = outer;
    }

    /// The language of an element with nothing to take it from: the brand's first.
    fn brand_lang(&self) -> Lang {
        self.brand
            .file
            .organisation
            .short
            .keys()
            .next()
            .copied()
            .unwrap_or(Lang::Nl)
    }

    /// A structure element; one without a parent belongs to the enclosing section, if any.
    pub(super) fn elem(&mut self, role: StructRole, lang: Lang, parent: Option<usize>) -> usize {
        let parent = parent.or(self.sect);
        self.structure.push(StructElem {
            role,
            lang,
            parent,
            alt: None,
            align: None,
        });
        self.structure.len() - 1
    }

    /// Lays out a paragraph's lines at the current column, with an extra left indent.
    pub(super) fn lines(
        &mut self,
        p: &Para,
        style: Style,
        indent: Pt,
        tag: Option<Tag>,
    ) -> Vec<LaidLine> {
        let body = Pt(self.brand.file.page.font_size_pt);
        let style = if self.width < body * NARROW_MEASURE_EM {
            narrow(style, body)
        } else {
            style
        };
        let spec = ParaSpec {
            inlines: &p.inlines,
            style,
            lang: p.lang,
            width: self.width - indent,
            tag,
            link_color: self.brand.primary,
            no_hyphen: false,
            opening: super::hyphenate::Opening::Sentence,
        };
        let lines = layout_para(self.shaper, &spec);
        self.overfull
            .extend(lines.iter().filter_map(LaidLine::overfull));
        lines
    }

    fn para(&mut self, p: &Para, parent: Option<usize>) {
        let style = para_style(p, self.brand);
        let role = match p.role {
            crate::markup::Role::H1 => StructRole::H1,
            crate::markup::Role::H2 => StructRole::H2,
            crate::markup::Role::H3 => StructRole::H3,
            crate::markup::Role::H4 => StructRole::H4,
            crate::markup::Role::P => StructRole::P,
        };
        let elem = self.elem(role, p.lang, parent);
        self.structure[elem].align = match style.align {
            Align::Center => Some(TextAlign::Center),
            Align::Right => Some(TextAlign::End),
            Align::Justify | Align::Left => None,
        };
        let lines = self.lines(p, style, Pt::ZERO, Some(Tag { elem }));
        if lines.is_empty() {
            return;
        }
        let level = match p.role {
            crate::markup::Role::H1 => Some(0),
            crate::markup::Role::H2 => Some(1),
            _ => None,
        };
        if let Some(level) = level {
            // Without the hyphens added at line breaks: the outline shows the heading's words.
            let title = lines
                .iter()
                .map(LaidLine::text)
                .collect::<String>()
                .replace('\u{AD}', "");
            self.flow.push(Flow::Mark {
                title: title.trim().to_string(),
                level,
            });
        }
        let start = self.flow.len();
        self.push_lines(lines, style, Pt::ZERO, |_| Vec::new());
        self.keep = style.keep_with_next;
        if p.class == Class::Contact {
            // A journalist looks for the contact as one block: name, e-mail and phone on
            // one page, never the block alone at the head of one.
            unsplittable(&mut self.flow[start..]);
            self.keep_with_previous(start);
        } else if p.class == Class::Endmark {
            // The end mark closes the text above it: never alone at the head of a page.
            self.keep_with_previous(start);
        }
    }

    /// [`keep_with_previous`] for the block at `start`, remembering what this flow owes.
    pub(super) fn keep_with_previous(&mut self, start: usize) {
        let owed = keep_with_previous(&mut self.flow, start, KEPT_PRECEDING_LINES);
        self.owed_preceding = self.owed_preceding.max(owed);
    }

    /// Pushes space before, the lines with widow/orphan rules, and space after.
    pub(super) fn push_lines(
        &mut self,
        lines: Vec<LaidLine>,
        style: Style,
        indent: Pt,
        decorate: impl Fn(Pt) -> Vec<Item>,
    ) {
        self.flow.push(Flow::Space(style.space_before));
        let n = lines.len();
        let mut after_hyphen = false;
        for (k, line) in lines.into_iter().enumerate() {
            let widow_orphan_ok = k == 0 || (k >= MIN_LINES && n - k >= MIN_LINES);
            // A word split over a page or column break is read half on each: TeX's
            // \brokenpenalty, here absolute (pagination falls back to an earlier break).
            let breakable = widow_orphan_ok && !(k == 0 && self.keep) && !after_hyphen;
            after_hyphen = ends_hyphenated(&line);
            let mut items = decorate(line.height);
            items.extend(
                line.items
                    .into_iter()
                    .map(|i| shift(i, self.x + indent, Pt::ZERO)),
            );
            self.flow.push(Flow::Line {
                h: line.height,
                items,
                breakable,
            });
        }
        self.keep = false;
        self.flow.push(Flow::Space(style.space_after));
    }

    fn quote(&mut self, q: &Quote) {
        let elem = self.elem(StructRole::BlockQuote, q.lang, None);
        let indent = QUOTE_INDENT;
        let start = self.flow.len();
        let bar_x = self.x;
        let accent = self.brand.accent;
        let bar = move |h: Pt| {
            vec![Item::Rect {
                x: bar_x,
                y: Pt::ZERO,
                w: QUOTE_BAR,
                h,
                fill: accent,
            }]
        };
        let paras = q
            .paras
            .iter()
            .map(|p| (p, false))
            .chain(q.by.iter().map(|p| (p, true)));
        let mut first = true;
        for (p, is_by) in paras {
            let mut style = para_style(p, self.brand);
            if !is_by {
                style = quote_style(style);
            }
            if first {
                style.space_before = style.space_before.max(style.size * 0.4);
            }
            first = false;
            let child = self.elem(StructRole::P, p.lang, Some(elem));
            let lines = self.lines(p, style, indent, Some(Tag { elem: child }));
            // The bar marks the quoted words; the attribution stands below it, unbarred,
            // whole and with the quote's last lines.
            if is_by {
                let by_start = self.flow.len();
                self.push_lines(lines, style, indent, |_| Vec::new());
                unsplittable(&mut self.flow[by_start..]);
                self.keep_with_previous(by_start);
            } else {
                self.push_lines(lines, style, indent, bar);
            }
        }
        self.flow
            .push(Flow::Space(Pt(self.brand.file.page.font_size_pt) * 0.5));
        let count = self.flow[start..]
            .iter()
            .filter(|f| matches!(f, Flow::Line { .. }))
            .count();
        if count <= UNSPLIT_QUOTE_LINES {
            unsplittable(&mut self.flow[start..]);
        }
    }

    fn list(&mut self, l: &List) {
        self.list_at(l, 1, None);
        self.flow
            .push(Flow::Space(Pt(self.brand.file.page.font_size_pt) * 0.4));
    }

    /// A list `depth` levels deep (1 at the top), its text indented [`LIST_INDENT`] per
    /// level; a nested list's `L` is a child of its item's `LBody`.
    fn list_at(&mut self, l: &List, depth: usize, parent: Option<usize>) {
        let elem = self.elem(StructRole::L, l.lang, parent);
        let indent = LIST_INDENT * depth as f32;
        for (n, item) in l.items.iter().enumerate() {
            let label = match l.start {
                Some(first) => format!("{}.", first + n as u64),
                None => BULLETS[(depth - 1) % BULLETS.len()].to_string(),
            };
            let li = self.elem(StructRole::LI, l.lang, Some(elem));
            // An item that opens with a nested list has no line of its own to hang its
            // label on (the nested list's first line carries that list's label): it goes
            // unlabelled rather than printing two labels on one line.
            let mut lbl = matches!(item.first(), Some(ItemBlock::Para(_)))
                .then(|| self.elem(StructRole::Lbl, l.lang, Some(li)));
            let body = self.elem(StructRole::LBody, l.lang, Some(li));
            let single = item.len() == 1;
            let mut item_lines = 0;
            for (k, block) in item.iter().enumerate() {
                // Within a paragraph the orphan rule keeps two lines; an item whose first
                // paragraph has one line keeps what follows with it.
                if k > 0 && item_lines < LIST_ITEM_KEPT_LINES {
                    self.keep = true;
                }
                let start = self.flow.len();
                match block {
                    ItemBlock::Para(p) => {
                        let mut style = para_style(p, self.brand);
                        style.space_after *= 0.4;
                        // An item of one paragraph is its body's text; paragraphs beside
                        // others or a nested list keep their own `P` inside the body.
                        let tag = if single {
                            body
                        } else {
                            self.elem(StructRole::P, p.lang, Some(body))
                        };
                        let mut lines = self.lines(p, style, indent, Some(Tag { elem: tag }));
                        if let (Some(e), Some(first)) = (lbl, lines.first_mut()) {
                            self.bullet(first, style, &label, e);
                            lbl = None;
                        }
                        self.push_lines(lines, style, indent, |_| Vec::new());
                    }
                    ItemBlock::List(nested) => self.list_at(nested, depth + 1, Some(body)),
                }
                item_lines += self.flow[start..]
                    .iter()
                    .filter(|f| matches!(f, Flow::Line { .. }))
                    .count();
            }
        }
    }

    /// Hangs a bullet or number in the indent of a list item's first line, right-aligned
    /// against the text, tagged as the item's label (`Lbl`). It comes first in the line's
    /// items, so that it is read before the item's text.
    pub(super) fn bullet(&mut self, line: &mut LaidLine, style: Style, label: &str, lbl: usize) {
        let font = style.font(false, false);
        let shaped = self.shaper.shape(font, label);
        let scale = style.size.0 / shaped.units_per_em;
        let width = Pt(shaped.width_at(style.size.0));
        let baseline = (style.leading + style.size * 0.7) / 2.0;
        let glyphs = shaped
            .glyphs
            .iter()
            .zip(&shaped.texts)
            .map(|(g, text)| super::Glyph {
                id: g.id,
                advance: Pt(g.advance * scale),
                text: text.clone(),
            })
            .collect();
        line.items.insert(
            0,
            Item::Text(super::TextRun {
                font,
                size: style.size,
                x: -width - style.size * 0.5,
                y: baseline,
                color: self.brand.primary,
                glyphs,
                tag: Some(Tag { elem: lbl }),
                expansion: super::Expansion::NONE,
            }),
        );
    }

    fn rule(&mut self) {
        let y = RULE_LINE / 2.0;
        self.flow.push(Flow::Rule {
            h: RULE_LINE,
            items: vec![Item::Line {
                x1: self.x,
                y1: y,
                x2: self.x + self.width,
                y2: y,
                width: RULE_WIDTH,
                color: self.brand.muted,
            }],
        });
        // A rule separates what follows from what precedes it: it never ends a page.
        self.keep = true;
    }

    /// A photo across the column (no taller than [`MAX_PHOTO_ASPECT`] of its width nor
    /// [`MAX_PHOTO_HEIGHT`]), its caption under it, the two never split over pages.
    fn figure(&mut self, f: &Figure) {
        let (pw, ph) = f.image.size();
        let aspect = ph as f32 / pw as f32;
        let max_h = (self.width * MAX_PHOTO_ASPECT).min(MAX_PHOTO_HEIGHT);
        let (w, h) = if self.width * aspect > max_h {
            (max_h / aspect, max_h)
        } else {
            (self.width, self.width * aspect)
        };
        let index = match self.photos.iter().position(|p| Arc::ptr_eq(p, &f.image)) {
            Some(i) => i,
            None => {
                self.photos.push(f.image.clone());
                self.photos.len() - 1
            }
        };
        let elem = self.elem(StructRole::Figure, f.lang, None);
        self.structure[elem].alt = Some(f.alt.clone());
        let photo = Item::Photo {
            index,
            x: self.x,
            y: Pt::ZERO,
            w,
            h,
            tag: Tag { elem },
        };
        if self.floats {
            let float = self.float(photo, h, f);
            self.flow.push(Flow::Float(float));
            return;
        }
        let start = self.flow.len();
        let body = Pt(self.brand.file.page.font_size_pt);
        self.flow.push(Flow::Space(body * FIGURE_ABOVE));
        let keep = std::mem::take(&mut self.keep);
        self.flow.push(Flow::Line {
            h,
            items: vec![photo],
            breakable: !keep,
        });
        if let Some(caption) = &f.caption {
            let (style, lines) = self.caption(caption);
            self.push_lines(lines, style, Pt::ZERO, |_| Vec::new());
        }
        self.flow.push(Flow::Space(body * FIGURE_BELOW));
        unsplittable(&mut self.flow[start..]);
    }

    /// A figure's caption: its style and lines.
    fn caption(&mut self, caption: &Para) -> (Style, Vec<LaidLine>) {
        let body = Pt(self.brand.file.page.font_size_pt);
        let mut style = para_style(caption, self.brand);
        style.space_before = style.space_before.max(body * 0.3);
        let child = self.elem(StructRole::Caption, caption.lang, None);
        let lines = self.lines(caption, style, Pt::ZERO, Some(Tag { elem: child }));
        (style, lines)
    }

    /// The photo and its caption as one float, spaced as the same figure set in the flow.
    /// A floating figure leaves a heading's keep-with-next to the text after it: that is
    /// what follows the heading when the figure moves on.
    fn float(&mut self, photo: Item, h: Pt, f: &Figure) -> Float {
        let body = Pt(self.brand.file.page.font_size_pt);
        let mut items = vec![photo];
        let mut y = h;
        let mut below = body * FIGURE_BELOW;
        if let Some(caption) = &f.caption {
            let (style, lines) = self.caption(caption);
            y += style.space_before;
            for line in lines {
                items.extend(line.items.into_iter().map(|i| shift(i, self.x, y)));
                y += line.height;
            }
            below += style.space_after;
        }
        Float {
            h: y,
            items,
            above: body * FIGURE_ABOVE,
            below,
        }
    }

    /// Parallel columns: each cell is laid out in its own column; pagination cuts the
    /// columns into bands at heights where every column may break, so facing blocks stay
    /// facing, and splits them at a page's foot where each may break on its own.
    fn row(&mut self, cells: &[Vec<Block>]) {
        if cells.is_empty() {
            return;
        }
        let gap = COLUMN_GAP;
        let n = cells.len() as f32;
        let col_w = (self.width - gap * (n - 1.0)) / n;
        let mut columns = Vec::new();
        let mut owed = 0;
        for (i, cell) in cells.iter().enumerate() {
            let x = self.x + (col_w + gap) * i as f32;
            let mut sub = FlowBuilder::new(self.shaper, self.brand, x, col_w);
            sub.floats = false;
            sub.structure = std::mem::take(&mut self.structure);
            sub.photos = std::mem::take(&mut self.photos);
            sub.blocks(cell);
            self.structure = std::mem::take(&mut sub.structure);
            self.photos = std::mem::take(&mut sub.photos);
            self.overfull.append(&mut sub.overfull);
            owed = owed.max(sub.owed_preceding);
            columns.push(sub.flow);
        }
        // A row whose cells hold nothing (the footnotes of a text that has none) takes no
        // room: no band and no space after it.
        let empty = |c: &Vec<Flow>| !c.iter().any(|f| matches!(f, Flow::Line { .. }));
        if columns.iter().all(empty) {
            return;
        }
        let figures =
            |c: &Vec<Block>| !c.is_empty() && c.iter().all(|b| matches!(b, Block::Figure(_)));
        if self.floats && cells.iter().all(figures) {
            self.float_row(super::bands::cut(columns));
            return;
        }
        // A column's space above its first line and below its last do not count in the
        // row (its bands run from the one line to the other), so the row takes the largest
        // of each as its own: rows stand apart as their blocks do in sequential, a heading
        // starting a row as far from the text above as there.
        let above = columns
            .iter()
            .map(|c| space_above(c))
            .fold(Pt::ZERO, Pt::max);
        let below = columns
            .iter()
            .map(|c| space_below(c))
            .fold(Pt::ZERO, Pt::max);
        if above > Pt::ZERO {
            self.flow.push(Flow::Space(above));
        }
        let keep = self.keep;
        let row_start = self.flow.len();
        if self.floats {
            // The page's own flow: pagination cuts the row, and may split it with each
            // column at its own line (see `paginate`).
            self.flow.push(Flow::Row(Row {
                cols: columns,
                keep,
            }));
        } else {
            self.push_bands(columns, keep);
        }
        if owed > 0 {
            let owed = keep_with_previous(&mut self.flow, row_start, owed);
            self.owed_preceding = self.owed_preceding.max(owed);
        }
        self.flow.push(Flow::Space(below));
        self.keep = false;
    }

    /// A row inside a column (a cell holding a row): cut into bands at once.
    fn push_bands(&mut self, columns: Vec<Vec<Flow>>, keep: bool) {
        self.flow.extend(super::bands::expand(Row {
            cols: columns,
            keep,
        }));
    }

    /// A row of figures (a photo facing its counterparts) floats as one block: its bands
    /// stacked, the row's space after it.
    fn float_row(&mut self, bands: Vec<Flow>) {
        let mut float = Float {
            h: Pt::ZERO,
            items: Vec::new(),
            above: Pt::ZERO,
            below: Pt(self.brand.file.page.font_size_pt) * 0.6,
        };
        for band in bands {
            if let Flow::Line { h, items, .. } = band {
                let top = float.h;
                float
                    .items
                    .extend(items.into_iter().map(|i| shift(i, Pt::ZERO, top)));
                float.h += h;
            }
        }
        self.flow.push(Flow::Float(float));
    }
}

/// Whether a line ends in a word broken over it: a hyphen added at the break (U+00AD in the
/// glyph's text), the mark of an address broken after one of its separators (U+00AD after
/// `/`, `.`, `-`, `@`…, drawn as nothing), or a word's own hyphen. An address cut at a page
/// end would be read as two, so it is a split word like any other.
pub(super) fn ends_hyphenated(line: &LaidLine) -> bool {
    let last = line
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(r) if !r.glyphs.is_empty() => Some(r),
            _ => None,
        })
        .max_by(|a, b| a.x.0.total_cmp(&b.x.0));
    let Some(run) = last else {
        return false;
    };
    // The run's last characters, read backwards from its glyphs: building the line's text
    // only to look at its end cost 1.6 % of a parallel build (callgrind, 20 releases).
    let mut tail = run
        .glyphs
        .iter()
        .rev()
        .flat_map(|g| g.text.chars().rev())
        .skip_while(|c| c.is_whitespace());
    match tail.next() {
        Some('\u{AD}') => tail.next().is_some_and(|c| !c.is_whitespace()),
        Some('-' | '\u{2010}' | '\u{2011}') => tail.next().is_some_and(char::is_alphabetic),
        _ => false,
    }
}

/// The space above a column's first line or rule (dropped at a page's top, like any).
fn space_above(col: &[Flow]) -> Pt {
    edge_space(col.iter())
}

/// The space below a column's last line or rule.
fn space_below(col: &[Flow]) -> Pt {
    edge_space(col.iter().rev())
}

/// The spaces from one end of a column to its first line or rule.
fn edge_space<'a>(flow: impl Iterator<Item = &'a Flow>) -> Pt {
    flow.take_while(|f| !matches!(f, Flow::Line { .. } | Flow::Rule { .. }))
        .map(|f| match f {
            Flow::Space(h) => *h,
            _ => Pt::ZERO,
        })
        .fold(Pt::ZERO, |a, b| a + b)
}

/// Whether floats pending before `block` must land first: the end of a language's text
/// (its footnotes, end mark, notes to editors, contact block, and the rule or page break
/// before the next language), so a photo never moves past it.
fn ends_floats(block: &Block) -> bool {
    match block {
        Block::Para(p) => matches!(p.class, Class::Endmark | Class::Contact),
        Block::Notes(_) | Block::Sect(_) | Block::Rule | Block::PageBreak => true,
        Block::Row(cells) => cells.iter().flatten().any(ends_floats),
        Block::Letterhead(_)
        | Block::Header(_)
        | Block::Footer(_)
        | Block::Quote(_)
        | Block::List(_)
        | Block::Table(_)
        | Block::Figure(_) => false,
    }
}

/// The language of a block, where it has one of its own.
fn block_lang(b: &Block) -> Option<Lang> {
    match b {
        Block::Para(p) => Some(p.lang),
        Block::Quote(q) => Some(q.lang),
        Block::List(l) => Some(l.lang),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::font::FontId;
    use crate::geom::Rgb;
    use crate::layout::tree::{Expansion, Glyph, TextRun};

    fn line(texts: &[&str]) -> LaidLine {
        let glyphs = texts
            .iter()
            .map(|t| Glyph {
                id: 1,
                advance: Pt(5.0),
                text: (*t).into(),
            })
            .collect();
        LaidLine {
            height: Pt(14.0),
            items: vec![Item::Text(TextRun {
                font: FontId(0),
                size: Pt(10.5),
                x: Pt::ZERO,
                y: Pt::ZERO,
                color: Rgb(0.0, 0.0, 0.0),
                glyphs,
                tag: None,
                expansion: Expansion::NONE,
            })],
            overfull: false,
            cut: false,
            source: None,
        }
    }

    /// A page must not end inside an address: "(https://digitaal.example/nl/coalitie-" at
    /// the foot of wilmes parallel page 2 was read as an address of its own.
    #[test]
    fn an_address_broken_after_a_separator_is_a_split_word() {
        assert!(ends_hyphenated(&line(&["n", "l", "/", "\u{AD}"])));
        assert!(ends_hyphenated(&line(&["i", "e", "-", "\u{AD}"])));
        assert!(ends_hyphenated(&line(&["w", "e", "r", "\u{AD}"])));
        assert!(ends_hyphenated(&line(&["p", "d", "f", "-"])));
        assert!(!ends_hyphenated(&line(&["1", "-"])));
        assert!(!ends_hyphenated(&line(&["e", "n", "d", "."])));
        assert!(!ends_hyphenated(&line(&[" ", "\u{AD}"])));
    }
}
