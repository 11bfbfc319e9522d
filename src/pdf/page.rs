//! Pages → content streams: operators per item, written straight into bytes, each wrapped
//! in marked content (an MCID for tagged text, `/Artifact` for the rest), and a record of the
//! marked content and links for the structure tree.
//!
//! The page tree has its origin at the top-left with `y` down; PDF's is bottom-left with `y`
//! up, so every `y` becomes `page_height - y` here and nowhere else.

use super::fonts::DocFonts;
use super::role;
use super::syntax::{int, name, real, text as text_string};
use super::text::{self, Joins};
use crate::font::FontId;
use crate::geom::{FillRule, PathOp, Pt, Rgb};
use crate::layout::{Item, PageTree, Tag, TextRun};

/// One page's content stream and what the structure tree needs to know about it.
#[derive(Debug, Default)]
pub struct PageContent {
    pub ops: Vec<u8>,
    pub marks: PageMarks,
    /// The images the page draws, by index of [`PageTree::images`], in order, once each.
    pub images: Vec<usize>,
    /// The photos the page draws, by index of [`PageTree::photos`], in order, once each.
    pub photos: Vec<usize>,
}

#[derive(Debug, Default)]
pub struct PageMarks {
    /// Structure element of each marked-content id, indexed by MCID.
    pub mcids: Vec<usize>,
    /// The page's link annotations, in order.
    pub links: Vec<LinkMark>,
}

#[derive(Debug)]
pub struct LinkMark {
    pub uri: String,
    /// The clickable area in PDF coordinates: left, bottom, right, top.
    pub rect: [f32; 4],
    /// The structure element layout gave the link (its paragraph's), if any.
    pub elem: Option<usize>,
}

/// Writes every page's content stream.
pub fn build(tree: &PageTree, fonts: &DocFonts) -> Vec<PageContent> {
    let joins = Joins::new(tree);
    let mut out = Vec::with_capacity(tree.pages.len());
    for (p, page) in tree.pages.iter().enumerate() {
        let mut w = PageWriter {
            tree,
            h: page.height.0,
            fonts,
            out: PageContent {
                ops: Vec::with_capacity(16 << 10),
                ..PageContent::default()
            },
            fill: None,
            font: None,
        };
        for i in content_order(&page.items) {
            w.item(&page.items[i], joins.get(p, i));
        }
        out.push(w.out);
    }
    out
}

/// The order in which a page's items are written: layout's, except that the tagged text runs
/// follow the structure tree's reading order (element order; stable, so a paragraph's lines
/// keep theirs) within each stretch of items that nothing drawn under or over text divides.
/// Everything else keeps its place.
///
/// Side-by-side columns come from layout line by line across the columns. Extractors that
/// read in content order (pypdf, PDF.js, PDFBox) then ran a line of one language into the
/// next column's ("Anbin-heidsdiensten."), and split words hyphenated at a column's line end.
/// In reading order each paragraph, quote and table is read whole, one language after the
/// other, as the structure tree (and a screen reader) gives them. Side-by-side tables whose
/// rows stand at different heights (one language's header a line shorter) were read row by
/// row across the columns, and a row of one language that starts a few points above the
/// other's row ended up on its line: pypdf and PDFBox read "–0,4Brussels".
///
/// Only tagged text runs are moved, and only among themselves: text does not overlap text,
/// and a rule, a quote's bar or a logo that no run touches paints the same before or after
/// them. A drawn item that touches a tagged run (a shade under it, in a brand to come) keeps
/// the text before it before and the text after it after: it ends a stretch. Untagged runs
/// (artifacts) keep their places. Sequential pages are already in order: unchanged.
fn content_order(items: &[Item]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    let elem = |i: usize| match &items[i] {
        Item::Text(run) => run.tag.map(|t| t.elem),
        _ => None,
    };
    let runs: Vec<Bounds> = items
        .iter()
        .filter_map(|item| match item {
            Item::Text(run) if run.tag.is_some() => Some(Bounds::of_run(run)),
            _ => None,
        })
        .collect();
    let touches_text =
        |item: &Item| Bounds::of_drawing(item).is_some_and(|b| runs.iter().any(|r| r.overlaps(&b)));
    let mut start = 0;
    for end in (0..=items.len()).filter(|&i| i == items.len() || touches_text(&items[i])) {
        let slots: Vec<usize> = (start..end).filter(|&i| elem(i).is_some()).collect();
        let mut tagged = slots.clone();
        tagged.sort_by_key(|&i| elem(i));
        for (slot, i) in slots.into_iter().zip(tagged) {
            order[slot] = i;
        }
        start = end + 1;
    }
    order
}

/// How far a run's glyphs may reach above and below its baseline, in ems: Noto's ascender
/// and descender (`hhea`), which hold its accented capitals and its descenders.
const RUN_ASCENT: f32 = 1.07;
const RUN_DESCENT: f32 = 0.3;

/// An axis-aligned box in page coordinates (`y` down).
#[derive(Debug, Clone, Copy)]
struct Bounds {
    left: f32,
    top: f32,
    right: f32,
    bottom: f32,
}

impl Bounds {
    /// Where a run's glyphs may be: its advances across, ascender to descender down.
    fn of_run(run: &TextRun) -> Bounds {
        Bounds {
            left: run.x.0,
            top: run.y.0 - run.size.0 * RUN_ASCENT,
            right: run.x.0 + run.width().0,
            bottom: run.y.0 + run.size.0 * RUN_DESCENT,
        }
    }

    /// Where a drawn item paints, if it paints (text and links aside).
    fn of_drawing(item: &Item) -> Option<Bounds> {
        let rect = |x: Pt, y: Pt, w: Pt, h: Pt| Bounds {
            left: x.0,
            top: y.0,
            right: x.0 + w.0,
            bottom: y.0 + h.0,
        };
        match item {
            Item::Text(_) | Item::Link { .. } => None,
            Item::Rect { x, y, w, h, .. }
            | Item::Image { x, y, w, h, .. }
            | Item::Photo { x, y, w, h, .. } => Some(rect(*x, *y, *w, *h)),
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                ..
            } => {
                let half = width.0 / 2.0;
                Bounds::around([(*x1, *y1), (*x2, *y2)]).map(|b| Bounds {
                    left: b.left - half,
                    top: b.top - half,
                    right: b.right + half,
                    bottom: b.bottom + half,
                })
            }
            Item::Path { path, .. } => Bounds::around(path.iter().flat_map(|op| {
                match *op {
                    PathOp::Move(x, y) | PathOp::Line(x, y) => [Some((x, y)), None, None],
                    // A curve lies within the hull of its control points.
                    PathOp::Cubic(x1, y1, x2, y2, x, y) => {
                        [Some((x1, y1)), Some((x2, y2)), Some((x, y))]
                    }
                    PathOp::Close => [None; 3],
                }
                .into_iter()
                .flatten()
            })),
        }
    }

    /// The smallest box that holds `points`; `None` for no point.
    fn around(points: impl IntoIterator<Item = (Pt, Pt)>) -> Option<Bounds> {
        points.into_iter().fold(None, |b, (x, y)| {
            let point = Bounds {
                left: x.0,
                top: y.0,
                right: x.0,
                bottom: y.0,
            };
            Some(b.map_or(point, |b: Bounds| Bounds {
                left: b.left.min(x.0),
                top: b.top.min(y.0),
                right: b.right.max(x.0),
                bottom: b.bottom.max(y.0),
            }))
        })
    }

    /// Whether the boxes share more than an edge.
    fn overlaps(&self, other: &Bounds) -> bool {
        self.left < other.right
            && other.left < self.right
            && self.top < other.bottom
            && other.top < self.bottom
    }
}

/// The resource name of photo `index`.
pub fn photo_name(index: usize) -> String {
    format!("PH{index}")
}

/// The resource name of image `index`.
pub fn image_name(index: usize) -> String {
    format!("IMG{index}")
}

struct PageWriter<'a> {
    tree: &'a PageTree,
    /// Page height, to flip `y`.
    h: f32,
    fonts: &'a DocFonts<'a>,
    out: PageContent,
    /// The fill colour last set on this page, so runs of one colour set it once (nothing
    /// here changes it inside `q … Q`).
    fill: Option<Rgb>,
    /// The font and size last set: text state outlives `BT … ET`, so lines of one style set
    /// it once.
    font: Option<(FontId, f32)>,
}

impl PageWriter<'_> {
    /// Writes numbers separated by spaces, then the operator and a newline.
    fn op(&mut self, nums: &[f32], op: &[u8]) {
        let ops = &mut self.out.ops;
        for &n in nums {
            real(ops, n);
            ops.push(b' ');
        }
        ops.extend_from_slice(op);
        ops.push(b'\n');
    }

    fn set_fill(&mut self, c: Rgb) {
        if self.fill != Some(c) {
            self.fill = Some(c);
            self.op(&[c.0, c.1, c.2], b"rg");
        }
    }

    fn item(&mut self, item: &Item, join: Option<&text::Join>) {
        match item {
            Item::Text(run) => self.text(run, join),
            Item::Rect { x, y, w, h, fill } => {
                let bottom = self.h - y.0 - h.0;
                self.artifact(|this| {
                    this.set_fill(*fill);
                    this.op(&[x.0, bottom, w.0, h.0], b"re");
                    this.op(&[], b"f");
                });
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                color,
            } => {
                let (ya, yb) = (self.h - y1.0, self.h - y2.0);
                self.artifact(|this| {
                    this.op(&[color.0, color.1, color.2], b"RG");
                    this.op(&[width.0], b"w");
                    this.op(&[x1.0, ya], b"m");
                    this.op(&[x2.0, yb], b"l");
                    this.op(&[], b"S");
                });
            }
            Item::Path { path, fill, rule } => {
                self.artifact(|this| {
                    this.set_fill(*fill);
                    this.path(path);
                    let fill_op = match rule {
                        FillRule::NonZero => &b"f"[..],
                        FillRule::EvenOdd => b"f*",
                    };
                    this.op(&[], fill_op);
                });
            }
            Item::Image { index, x, y, w, h } => {
                if !self.out.images.contains(index) {
                    self.out.images.push(*index);
                }
                let bottom = self.h - y.0 - h.0;
                self.artifact(|this| {
                    this.op(&[], b"q");
                    // The image's unit square scaled to w × h at (x, bottom).
                    this.op(&[w.0, 0.0, 0.0, h.0, x.0, bottom], b"cm");
                    name(&mut this.out.ops, &image_name(*index));
                    this.out.ops.push(b' ');
                    this.op(&[], b"Do");
                    this.op(&[], b"Q");
                });
            }
            Item::Photo {
                index,
                x,
                y,
                w,
                h,
                tag,
            } => {
                if !self.out.photos.contains(index) {
                    self.out.photos.push(*index);
                }
                self.out.marks.mcids.push(tag.elem);
                let mcid = self.out.marks.mcids.len() - 1;
                let bottom = self.h - y.0 - h.0;
                let ops = &mut self.out.ops;
                ops.extend_from_slice(b"/Figure <</MCID ");
                int(ops, mcid as i64);
                ops.extend_from_slice(b">> BDC\n");
                self.op(&[], b"q");
                self.op(&[w.0, 0.0, 0.0, h.0, x.0, bottom], b"cm");
                name(&mut self.out.ops, &photo_name(*index));
                self.out.ops.push(b' ');
                self.op(&[], b"Do");
                self.op(&[], b"Q");
                self.out.ops.extend_from_slice(b"EMC\n");
            }
            Item::Link {
                x,
                y,
                w,
                h,
                uri,
                tag,
            } => self.link((*x, *y, *w, *h), uri, *tag),
        }
    }

    /// A path's subpaths, `y` flipped. Filling closes every subpath.
    fn path(&mut self, path: &[PathOp]) {
        let h = self.h;
        for op in path {
            match *op {
                PathOp::Move(x, y) => self.op(&[x.0, h - y.0], b"m"),
                PathOp::Line(x, y) => self.op(&[x.0, h - y.0], b"l"),
                PathOp::Cubic(x1, y1, x2, y2, x, y) => {
                    self.op(&[x1.0, h - y1.0, x2.0, h - y2.0, x.0, h - y.0], b"c");
                }
                PathOp::Close => self.op(&[], b"h"),
            }
        }
    }

    /// Wraps drawing in `/Artifact BMC … EMC`: decoration, not content.
    fn artifact(&mut self, draw: impl FnOnce(&mut Self)) {
        self.out.ops.extend_from_slice(b"/Artifact BMC\n");
        draw(self);
        self.out.ops.extend_from_slice(b"EMC\n");
    }

    /// A run in one text object. Tagged text gets an MCID per segment (see
    /// [`text::segments`]); untagged text is an artifact, its `/ActualText` spans nested.
    fn text(&mut self, run: &TextRun, join: Option<&text::Join>) {
        if run.glyphs.is_empty() || run.size.0 <= 0.0 {
            return;
        }
        if run.tag.is_none() {
            self.out.ops.extend_from_slice(b"/Artifact BMC\n");
        }
        self.out.ops.extend_from_slice(b"BT\n");
        self.set_fill(run.color);
        if self.font != Some((run.font, run.size.0)) {
            self.font = Some((run.font, run.size.0));
            name(&mut self.out.ops, self.fonts.resource(run.font));
            self.out.ops.push(b' ');
            self.op(&[run.size.0], b"Tf");
        }
        // Font expansion draws the run's glyphs wider or narrower by horizontal scaling
        // (`Tz`, as pdfTeX does for an expanded font it has no instance of); the TJ offsets
        // are scaled to match (`text::segments`), so every glyph stands where layout put it.
        // Text state outlives `ET`: the scaling is reset after the run, so that nothing else
        // (a heading, an artifact) is drawn scaled.
        let scaled = !run.expansion.is_none();
        if scaled {
            self.op(&[run.expansion.percent()], b"Tz");
        }
        // `BT` starts from the identity matrix, so a first `Td` places the line absolutely.
        self.op(&[run.x.0, self.h - run.y.0], b"Td");
        for seg in text::segments(run, self.fonts, join) {
            self.segment(run, seg);
        }
        if scaled {
            self.op(&[100.0], b"Tz");
        }
        self.out.ops.extend_from_slice(b"ET\n");
        if run.tag.is_none() {
            self.out.ops.extend_from_slice(b"EMC\n");
        }
    }

    fn segment(&mut self, run: &TextRun, seg: text::Segment) {
        let mcid = run.tag.map(|tag| {
            self.out.marks.mcids.push(tag.elem);
            self.out.marks.mcids.len() - 1
        });
        // Readers take roles from the structure tree; the tag keeps the content stream
        // self-describing. poppler reads /ActualText only from a `Span` tag, so that is the
        // tag where there is one.
        let tag: &[u8] = match (&seg.actual, run.tag) {
            (None, Some(tag)) => {
                (self.tree.structure.get(tag.elem)).map_or(b"Span", |e| role::name(e.role))
            }
            _ => b"Span",
        };
        let marked = mcid.is_some() || seg.actual.is_some();
        let ops = &mut self.out.ops;
        if marked {
            // Structure type names are regular characters: no escapes.
            ops.push(b'/');
            ops.extend_from_slice(tag);
            ops.extend_from_slice(b" <<");
            if let Some(mcid) = mcid {
                ops.extend_from_slice(b"/MCID ");
                int(ops, mcid as i64);
            }
            if let Some(actual) = &seg.actual {
                ops.extend_from_slice(b"/ActualText ");
                text_string(ops, actual);
            }
            ops.extend_from_slice(b">> BDC\n");
        }
        glyph_array(ops, &seg.glyphs);
        ops.extend_from_slice(b" TJ\n");
        if marked {
            ops.extend_from_slice(b"EMC\n");
        }
    }

    fn link(&mut self, (x, y, w, h): (Pt, Pt, Pt, Pt), uri: &str, tag: Option<Tag>) {
        let bottom = self.h - y.0 - h.0;
        self.out.marks.links.push(LinkMark {
            uri: uri.to_string(),
            rect: [x.0, bottom, x.0 + w.0, bottom + h.0],
            elem: tag.map(|t| t.elem),
        });
    }
}

/// A `TJ` array: runs of codes in one string, broken where a glyph has an offset.
fn glyph_array(ops: &mut Vec<u8>, glyphs: &[(u16, f32)]) {
    ops.push(b'[');
    let mut start = 0;
    for (i, &(_, offset)) in glyphs.iter().enumerate() {
        if offset != 0.0 {
            codes(ops, &glyphs[start..=i]);
            real(ops, offset);
            start = i + 1;
        }
    }
    if start < glyphs.len() {
        codes(ops, &glyphs[start..]);
    }
    ops.push(b']');
}

/// The codes as a literal string of bytes, two per code (`Identity-H`, big-endian): half
/// the size of hex, and content streams are deflated anyway.
fn codes(ops: &mut Vec<u8>, glyphs: &[(u16, f32)]) {
    ops.push(b'(');
    for &(code, _) in glyphs {
        for b in code.to_be_bytes() {
            match b {
                b'(' | b')' | b'\\' => ops.extend_from_slice(&[b'\\', b]),
                // A reader takes a bare CR inside a string for an end of line (a LF).
                b'\r' => ops.extend_from_slice(b"\\r"),
                _ => ops.push(b),
            }
        }
    }
    ops.push(b')');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_filled_by_their_own_rule() {
        let square = vec![
            PathOp::Move(Pt(0.0), Pt(0.0)),
            PathOp::Line(Pt(1.0), Pt(0.0)),
            PathOp::Close,
        ];
        let path = |rule| Item::Path {
            path: square.clone(),
            fill: Rgb::BLACK,
            rule,
        };
        let tree = PageTree {
            pages: vec![crate::layout::Page {
                width: Pt(10.0),
                height: Pt(10.0),
                items: vec![path(FillRule::NonZero), path(FillRule::EvenOdd)],
            }],
            outline: Vec::new(),
            structure: Vec::new(),
            images: Vec::new(),
            photos: Vec::new(),
            overfull: Vec::new(),
        };
        let book = crate::font::FontBook::embedded();
        let ops = &build(&tree, &DocFonts::new(&tree, &book))[0].ops;
        let fills: Vec<&[u8]> = ops
            .split(|&b| b == b'\n' || b == b' ')
            .filter(|op| op.starts_with(b"f"))
            .collect();
        assert_eq!(
            fills,
            [&b"f"[..], b"f*"],
            "{}",
            String::from_utf8_lossy(ops)
        );
    }

    /// A run of one 40 pt glyph at (x, baseline y), size 10, of element `elem`.
    fn run_at(x: f32, y: f32, elem: Option<usize>) -> Item {
        Item::Text(TextRun {
            font: crate::font::FontId::new(crate::font::Family::Serif, false, false),
            size: Pt(10.0),
            x: Pt(x),
            y: Pt(y),
            color: Rgb::BLACK,
            glyphs: vec![crate::layout::Glyph {
                id: 1,
                advance: Pt(40.0),
                text: "a".into(),
            }],
            tag: elem.map(|elem| Tag { elem }),
            expansion: crate::layout::Expansion::NONE,
        })
    }

    fn rule_at(x: f32, y: f32) -> Item {
        Item::Line {
            x1: Pt(x),
            y1: Pt(y),
            x2: Pt(x + 40.0),
            y2: Pt(y),
            width: Pt(0.25),
            color: Rgb::BLACK,
        }
    }

    #[test]
    fn tagged_text_is_written_in_reading_order_within_stretches_of_text() {
        // Two columns line by line (elements 1 and 2), with a running header (untagged)
        // between, then a shade under the next lines (elements 4 and 3).
        let items = vec![
            run_at(0.0, 20.0, Some(2)),
            run_at(50.0, 20.0, Some(1)),
            run_at(0.0, 5.0, None),
            run_at(0.0, 34.0, Some(2)),
            run_at(50.0, 34.0, Some(1)),
            Item::Rect {
                x: Pt(0.0),
                y: Pt(40.0),
                w: Pt(100.0),
                h: Pt(14.0),
                fill: Rgb::BLACK,
            },
            run_at(0.0, 50.0, Some(4)),
            run_at(50.0, 50.0, Some(3)),
        ];
        assert_eq!(content_order(&items), [1, 4, 2, 0, 3, 5, 7, 6]);
    }

    /// Side-by-side tables were read row by row across the columns: each row's rules ended
    /// a stretch. Where one language's rows stand a few points higher (its header a line
    /// shorter), a row's first cell came right after the other language's row, a baseline a
    /// few points up, and pypdf and PDFBox glued them: "–0,4Brussels". A rule that touches
    /// no text ends nothing now; each table is read whole, as the structure tree has it.
    #[test]
    fn side_by_side_tables_are_read_whole_across_their_rules() {
        // Left table: rows of elements 1, 2 at baselines 20, 37; right table: rows of
        // elements 3 (two lines, 25 and 37) and 4 (54). Layout gives them band by band.
        let items = vec![
            run_at(0.0, 20.0, Some(1)),
            run_at(50.0, 25.0, Some(3)),
            run_at(50.0, 37.0, Some(3)),
            rule_at(0.0, 26.0),
            run_at(0.0, 37.0, Some(2)),
            rule_at(50.0, 43.0),
            rule_at(0.0, 43.0),
            run_at(50.0, 54.0, Some(4)),
            rule_at(50.0, 60.0),
        ];
        let texts: Vec<usize> = content_order(&items)
            .into_iter()
            .filter(|&i| matches!(items[i], Item::Text(_)))
            .collect();
        assert_eq!(texts, [0, 4, 1, 2, 7]);
        // The rules keep their places.
        let order = content_order(&items);
        for i in [3, 5, 6, 8] {
            assert_eq!(order[i], i);
        }
    }

    #[test]
    fn glyph_arrays_break_only_at_offsets() {
        let mut ops = Vec::new();
        let glyphs = [(1, 0.0), (2, -12.5), (3, 0.0), (0x1AB, 0.0)];
        glyph_array(&mut ops, &glyphs);
        assert_eq!(ops, b"[(\0\x01\0\x02)-12.5(\0\x03\x01\xAB)]");
        let mut ops = Vec::new();
        glyph_array(&mut ops, &[(1, 3.0)]);
        assert_eq!(ops, b"[(\0\x01)3]");
    }

    #[test]
    fn string_delimiters_and_carriage_returns_are_escaped() {
        let mut ops = Vec::new();
        codes(&mut ops, &[(0x2829, 0.0), (0x5C0D, 0.0), (0x0A41, 0.0)]);
        assert_eq!(ops, b"(\\(\\)\\\\\\r\nA)");
    }
}
