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

/// The order in which a page's items are written: layout's, except that within each stretch
/// of consecutive text runs the tagged ones follow the structure tree's reading order
/// (element order; stable, so a paragraph's lines keep theirs). Links keep their places.
///
/// Side-by-side columns come from layout line by line across the columns. Extractors that
/// read in content order (pypdf, PDF.js, PDFBox) then ran a line of one language into the
/// next column's ("Anbin-heidsdiensten."), and split words hyphenated at a column's line end.
/// In reading order each paragraph is read whole. Only text runs are moved, and only among
/// themselves: text does not overlap text, so painting is unchanged, while a rule or a
/// shaded rectangle keeps its place before or after the text it lies under. Untagged runs
/// (artifacts) keep their places. Sequential pages are already in order: unchanged.
fn content_order(items: &[Item]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    let elem = |i: usize| match &items[i] {
        Item::Text(run) => run.tag.map(|t| t.elem),
        _ => None,
    };
    let mut start = 0;
    while start < items.len() {
        // A link draws nothing (it becomes an annotation), so it does not end a stretch.
        let texts = items[start..]
            .iter()
            .take_while(|i| matches!(i, Item::Text(_) | Item::Link { .. }))
            .count();
        if texts == 0 {
            start += 1;
            continue;
        }
        let end = start + texts;
        let slots: Vec<usize> = (start..end).filter(|&i| elem(i).is_some()).collect();
        let mut tagged = slots.clone();
        tagged.sort_by_key(|&i| elem(i));
        for (slot, i) in slots.into_iter().zip(tagged) {
            order[slot] = i;
        }
        start = end;
    }
    order
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

    #[test]
    fn tagged_text_is_written_in_reading_order_within_stretches_of_text() {
        let text = |elem: Option<usize>| {
            Item::Text(TextRun {
                font: crate::font::FontId::new(crate::font::Family::Serif, false, false),
                size: Pt(10.0),
                x: Pt(0.0),
                y: Pt(0.0),
                color: Rgb::BLACK,
                glyphs: Vec::new(),
                tag: elem.map(|elem| Tag { elem }),
                expansion: crate::layout::Expansion::NONE,
            })
        };
        let rule = Item::Rect {
            x: Pt(0.0),
            y: Pt(0.0),
            w: Pt(1.0),
            h: Pt(1.0),
            fill: Rgb::BLACK,
        };
        // Two columns line by line (elements 1 and 2, then 3 and 4 after a rule), with a
        // running header (untagged) between.
        let items = vec![
            text(Some(2)),
            text(Some(1)),
            text(None),
            text(Some(2)),
            text(Some(1)),
            rule,
            text(Some(4)),
            text(Some(3)),
        ];
        assert_eq!(content_order(&items), [1, 4, 2, 0, 3, 5, 7, 6]);
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
