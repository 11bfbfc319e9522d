//! Pages → a printpdf document: operators per item, fonts and images registered under fixed
//! names, and a record of the marked content for the structure tree.
//!
//! The page tree has its origin at the top-left with `y` down; PDF's is bottom-left with `y`
//! up, so every `y` becomes `page_height - y` here and nowhere else.

use super::fonts::DocFonts;
use super::text::{self, Joins, UnicodeMap};
use crate::layout::{Item, Page, PageTree, PathOp, Rgb, TextRun};
use crate::units::Pt;
use printpdf as pp;
use printpdf::{DictItem, Op, PdfDocument};

/// What the structure tree needs to know about one page's content.
#[derive(Debug, Default)]
pub struct PageMarks {
    /// Structure element of each marked-content id, indexed by MCID.
    pub mcids: Vec<usize>,
    /// The page's link annotations, in the order printpdf writes them into `/Annots`.
    pub links: Vec<LinkMark>,
}

#[derive(Debug)]
pub struct LinkMark {
    pub uri: String,
    /// The structure element of the tagged text under the link, if any.
    pub elem: Option<usize>,
}

/// Builds the printpdf document and the marked-content record, one entry per page.
pub fn build(
    tree: &PageTree,
    fonts: &DocFonts,
    unicode: &UnicodeMap,
) -> (PdfDocument, Vec<PageMarks>) {
    let mut doc = PdfDocument::new("");
    let images = register_images(&mut doc, tree);
    let joins = Joins::new(tree);
    let mut pages = Vec::with_capacity(tree.pages.len());
    let mut marks = Vec::with_capacity(tree.pages.len());
    for (p, page) in tree.pages.iter().enumerate() {
        let mut w = PageWriter {
            tree,
            h: page.height.0,
            fonts,
            unicode,
            images: &images,
            ops: Vec::new(),
            marks: PageMarks::default(),
            fill: None,
        };
        for (i, item) in page.items.iter().enumerate() {
            w.item(item, page, joins.get(p, i));
        }
        pages.push(pp::PdfPage {
            media_box: pp::Rect::from_wh(pp::Pt(page.width.0), pp::Pt(page.height.0)),
            trim_box: pp::Rect::from_wh(pp::Pt(page.width.0), pp::Pt(page.height.0)),
            crop_box: pp::Rect::from_wh(pp::Pt(page.width.0), pp::Pt(page.height.0)),
            ops: w.ops,
        });
        marks.push(w.marks);
    }
    doc.with_pages(pages);
    (doc, marks)
}

/// A `TJ` array: runs of codes in one hex string, broken where a glyph has an offset.
fn glyph_array(glyphs: &[(u16, f32)]) -> DictItem {
    let mut items = Vec::new();
    let mut codes = Vec::with_capacity(glyphs.len() * 2);
    for &(code, offset) in glyphs {
        codes.extend(code.to_be_bytes());
        if offset != 0.0 {
            items.push(hex(std::mem::take(&mut codes)));
            items.push(DictItem::Real(offset));
        }
    }
    if !codes.is_empty() {
        items.push(hex(codes));
    }
    DictItem::Array(items)
}

fn hex(data: Vec<u8>) -> DictItem {
    DictItem::String {
        data,
        literal: false,
    }
}

/// The image options: lossless, no resampling — the brand's logo is embedded as given.
pub fn lossless_images() -> pp::ImageOptimizationOptions {
    pp::ImageOptimizationOptions {
        quality: None,
        max_image_size: None,
        dither_greyscale: None,
        convert_to_greyscale: Some(false),
        auto_optimize: Some(false),
        format: Some(pp::ImageCompression::Flate),
    }
}

/// Decodes the images that some item places, named `IMG<index>`. Returns, per index of
/// [`PageTree::images`], the XObject and its pixel size (`None` if unused or undecodable).
fn register_images(
    doc: &mut PdfDocument,
    tree: &PageTree,
) -> Vec<Option<(pp::XObjectId, f32, f32)>> {
    let mut out = vec![None; tree.images.len()];
    for page in &tree.pages {
        for item in &page.items {
            let Item::Image { index, .. } = item else {
                continue;
            };
            let Some(slot @ None) = out.get_mut(*index) else {
                continue;
            };
            let mut warnings = Vec::new();
            // The brand stage has already checked the logo; an image that still fails to
            // decode is left out rather than failing the whole document.
            let Ok(img) = pp::RawImage::decode_from_bytes(&tree.images[*index], &mut warnings)
            else {
                continue;
            };
            let id = pp::XObjectId(format!("IMG{index}"));
            *slot = Some((id.clone(), img.width as f32, img.height as f32));
            doc.resources
                .xobjects
                .map
                .insert(id, pp::XObject::Image(img));
        }
    }
    out
}

struct PageWriter<'a> {
    tree: &'a PageTree,
    /// Page height, to flip `y`.
    h: f32,
    fonts: &'a DocFonts<'a>,
    unicode: &'a UnicodeMap,
    images: &'a [Option<(pp::XObjectId, f32, f32)>],
    ops: Vec<Op>,
    marks: PageMarks,
    /// The fill colour last set on this page, so runs of one colour set it once (nothing
    /// here changes it inside `q … Q`).
    fill: Option<Rgb>,
}

impl PageWriter<'_> {
    fn set_fill(&mut self, c: Rgb) {
        if self.fill != Some(c) {
            self.fill = Some(c);
            self.ops.push(Op::SetFillColor { col: color(c) });
        }
    }

    fn item(&mut self, item: &Item, page: &Page, join: Option<&text::Join>) {
        match item {
            Item::Text(run) => self.text(run, join),
            Item::Rect { x, y, w, h, fill } => {
                let bottom = self.h - y.0 - h.0;
                self.fill = Some(*fill);
                self.artifact(|ops| rect(ops, *x, bottom, *w, *h, *fill));
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                color,
            } => {
                let pts = [(x1.0, self.h - y1.0), (x2.0, self.h - y2.0)];
                self.artifact(|ops| line(ops, pts, *width, *color));
            }
            Item::Path { path, fill } => {
                let polygon = polygon(path, self.h);
                self.fill = Some(*fill);
                self.artifact(|ops| {
                    ops.push(Op::SetFillColor { col: color(*fill) });
                    ops.push(Op::DrawPolygon { polygon });
                });
            }
            Item::Image { index, x, y, w, h } => {
                let Some(Some((id, px_w, px_h))) = self.images.get(*index) else {
                    return;
                };
                // At 72 dpi one pixel is one point; the scale then stretches it to w × h.
                let transform = pp::XObjectTransform {
                    translate_x: Some(pp::Pt(x.0)),
                    translate_y: Some(pp::Pt(self.h - y.0 - h.0)),
                    scale_x: Some(w.0 / px_w),
                    scale_y: Some(h.0 / px_h),
                    dpi: Some(72.0),
                    ..Default::default()
                };
                let id = id.clone();
                self.artifact(|ops| ops.push(Op::UseXobject { id, transform }));
            }
            Item::Link { x, y, w, h, uri } => self.link((*x, *y, *w, *h), uri, page),
        }
    }

    /// Wraps drawing ops in `/Artifact BMC … EMC`: decoration, not content.
    fn artifact(&mut self, draw: impl FnOnce(&mut Vec<Op>)) {
        self.ops.push(Op::BeginMarkedContent {
            tag: "Artifact".into(),
        });
        draw(&mut self.ops);
        self.ops.push(Op::EndMarkedContent);
    }

    /// A run in one text object. Tagged text gets an MCID per segment (see
    /// [`text::segments`]); untagged text is an artifact, its `/ActualText` spans nested.
    fn text(&mut self, run: &TextRun, join: Option<&text::Join>) {
        if run.glyphs.is_empty() || run.size.0 <= 0.0 {
            return;
        }
        if run.tag.is_none() {
            self.ops.push(Op::BeginMarkedContent {
                tag: "Artifact".into(),
            });
        }
        self.ops.push(Op::StartTextSection);
        self.set_fill(run.color);
        // Fonts are ours (`fonts`), not printpdf's, so `Tf` and `TJ` go in as raw operators.
        self.ops.push(Op::Unknown {
            key: "Tf".into(),
            value: vec![
                DictItem::Name(self.fonts.resource(run.font).into()),
                DictItem::Real(run.size.0),
            ],
        });
        self.ops.push(Op::SetTextMatrix {
            matrix: pp::TextMatrix::Translate(pp::Pt(run.x.0), pp::Pt(self.h - run.y.0)),
        });
        for seg in text::segments(run, self.fonts, self.unicode, join) {
            self.segment(run, seg);
        }
        self.ops.push(Op::EndTextSection);
        if run.tag.is_none() {
            self.ops.push(Op::EndMarkedContent);
        }
    }

    fn segment(&mut self, run: &TextRun, seg: text::Segment) {
        let mut props = Vec::new();
        let tag = match run.tag {
            Some(tag) => {
                let mcid = self.marks.mcids.len();
                self.marks.mcids.push(tag.elem);
                props.push(("MCID".to_string(), pp::DictItem::Int(mcid as i64)));
                // Readers take roles from the structure tree; the tag keeps the content
                // stream self-describing.
                self.tree.structure.get(tag.elem).map_or("Span", |e| e.role)
            }
            None => "Span",
        };
        // poppler reads /ActualText only from a `Span` tag, so that is the tag there.
        let tag = match &seg.actual {
            Some(actual) => {
                props.push(("ActualText".to_string(), text::actual_text(actual)));
                "Span"
            }
            None => tag,
        };
        let marked = !props.is_empty();
        if marked {
            self.ops.push(Op::BeginMarkedContentWithProperties {
                tag: tag.to_string(),
                properties: pp::DictItem::Dict {
                    map: props.into_iter().collect(),
                },
            });
        }
        self.ops.push(Op::Unknown {
            key: "TJ".into(),
            value: vec![glyph_array(&seg.glyphs)],
        });
        if marked {
            self.ops.push(Op::EndMarkedContent);
        }
    }

    fn link(&mut self, (x, y, w, h): (Pt, Pt, Pt, Pt), uri: &str, page: &Page) {
        let rect = pp::Rect::from_xywh(
            pp::Pt(x.0),
            pp::Pt(self.h - y.0 - h.0),
            pp::Pt(w.0),
            pp::Pt(h.0),
        );
        let link = pp::LinkAnnotation::new(
            rect,
            pp::Actions::Uri(uri.to_string()),
            // No visible border: the link text is styled by layout.
            Some(pp::BorderArray::Solid([0.0, 0.0, 0.0])),
            Some(pp::ColorArray::Transparent),
            None,
        );
        self.ops.push(Op::LinkAnnotation { link });
        self.marks.links.push(LinkMark {
            uri: uri.to_string(),
            elem: covered_elem(page, self.tree, (x.0, y.0, w.0, h.0)),
        });
    }
}

/// The structure element of the tagged text a link rectangle covers: a `Link` element (or one
/// inside a `Link`) if there is one, else the first tagged run it touches.
fn covered_elem(page: &Page, tree: &PageTree, (x, y, w, h): (f32, f32, f32, f32)) -> Option<usize> {
    let hits: Vec<usize> = page
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(run) => run
                .tag
                .filter(|_| overlaps(run, (x, y, w, h)))
                .map(|t| t.elem),
            _ => None,
        })
        .collect();
    let in_link = |e: usize| link_ancestor(tree, e);
    hits.iter()
        .find_map(|&e| in_link(e))
        .or_else(|| hits.first().copied())
}

/// `e` or its nearest ancestor with role `Link`.
fn link_ancestor(tree: &PageTree, mut e: usize) -> Option<usize> {
    for _ in 0..tree.structure.len() {
        let elem = tree.structure.get(e)?;
        if elem.role == "Link" {
            return Some(e);
        }
        e = elem.parent?;
    }
    None
}

fn overlaps(run: &TextRun, (x, y, w, h): (f32, f32, f32, f32)) -> bool {
    // A run's box: from the ascender (about 0.8 em above the baseline) to the descender.
    let (rx, ry, rw, rh) = (
        run.x.0,
        run.y.0 - 0.8 * run.size.0,
        run.width().0,
        run.size.0,
    );
    rx < x + w && x < rx + rw && ry < y + h && y < ry + rh
}

fn color(c: Rgb) -> pp::Color {
    pp::Color::Rgb(pp::Rgb::new(c.0, c.1, c.2, None))
}

fn rect(ops: &mut Vec<Op>, x: Pt, bottom: f32, w: Pt, h: Pt, fill: Rgb) {
    ops.push(Op::SetFillColor { col: color(fill) });
    let mut r = pp::Rect::from_xywh(pp::Pt(x.0), pp::Pt(bottom), pp::Pt(w.0), pp::Pt(h.0));
    r.mode = Some(pp::PaintMode::Fill);
    ops.push(Op::DrawRectangle { rectangle: r });
}

fn line(ops: &mut Vec<Op>, pts: [(f32, f32); 2], width: Pt, c: Rgb) {
    ops.push(Op::SetOutlineColor { col: color(c) });
    ops.push(Op::SetOutlineThickness {
        pt: pp::Pt(width.0),
    });
    let points = pts
        .iter()
        .map(|&(x, y)| pp::LinePoint {
            p: pp::Point {
                x: pp::Pt(x),
                y: pp::Pt(y),
            },
            bezier: false,
        })
        .collect();
    ops.push(Op::DrawLine {
        line: pp::Line {
            points,
            is_closed: false,
        },
    });
}

/// A path as printpdf polygon rings: a ring per subpath, cubic control points flagged
/// `bezier`. Filling closes every ring implicitly, so `Close` only ends the ring; drawing on
/// after it starts a new ring at the closed one's start, as PDF's `h` does.
fn polygon(path: &[PathOp], h: f32) -> pp::Polygon {
    let pt = |x: Pt, y: Pt, bezier| pp::LinePoint {
        p: pp::Point {
            x: pp::Pt(x.0),
            y: pp::Pt(h - y.0),
        },
        bezier,
    };
    let mut rings: Vec<pp::PolygonRing> = Vec::new();
    let mut cur: Vec<pp::LinePoint> = Vec::new();
    let mut start: Option<pp::LinePoint> = None;
    let mut end_ring = |cur: &mut Vec<pp::LinePoint>| {
        if cur.len() > 1 {
            rings.push(pp::PolygonRing {
                points: std::mem::take(cur),
            });
        }
        cur.clear();
    };
    for op in path {
        if cur.is_empty() && !matches!(op, PathOp::Move(..) | PathOp::Close) {
            cur.extend(start.clone());
        }
        match *op {
            PathOp::Move(x, y) => {
                end_ring(&mut cur);
                start = Some(pt(x, y, false));
                cur.extend(start.clone());
            }
            PathOp::Line(x, y) => cur.push(pt(x, y, false)),
            PathOp::Cubic(x1, y1, x2, y2, x, y) => {
                cur.extend([pt(x1, y1, true), pt(x2, y2, true), pt(x, y, false)]);
            }
            PathOp::Close => end_ring(&mut cur),
        }
    }
    end_ring(&mut cur);
    pp::Polygon {
        rings,
        mode: pp::PaintMode::Fill,
        winding_order: pp::WindingOrder::NonZero,
    }
}
