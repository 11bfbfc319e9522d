//! Pages → a printpdf document: operators per item, fonts and images registered under fixed
//! names, and a record of the marked content for the structure tree.
//!
//! The page tree has its origin at the top-left with `y` down; PDF's is bottom-left with `y`
//! up, so every `y` becomes `page_height - y` here and nowhere else.

use super::text::{self, UnicodeMap};
use crate::font::{FontBook, FontId};
use crate::layout::{Item, Page, PageTree, PathOp, Rgb, TextRun};
use crate::units::Pt;
use printpdf as pp;
use printpdf::{Op, PdfDocument, PdfFontHandle};
use std::collections::BTreeSet;

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
pub fn build(tree: &PageTree, fonts: &FontBook) -> (PdfDocument, Vec<PageMarks>) {
    let mut doc = PdfDocument::new("");
    register_fonts(&mut doc, tree, fonts);
    let images = register_images(&mut doc, tree);
    let unicode = UnicodeMap::new(tree);
    let mut pages = Vec::with_capacity(tree.pages.len());
    let mut marks = Vec::with_capacity(tree.pages.len());
    for page in &tree.pages {
        let mut w = PageWriter {
            tree,
            h: page.height.0,
            fonts,
            unicode: &unicode,
            images: &images,
            ops: Vec::new(),
            marks: PageMarks::default(),
        };
        for item in &page.items {
            w.item(item, page);
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

/// Adds the faces that some run uses, under [`crate::font::Face::resource`]: printpdf takes the
/// subset tag from the resource name, so `CQSERR+NotoSerif-Regular` is the same in every run.
fn register_fonts(doc: &mut PdfDocument, tree: &PageTree, fonts: &FontBook) {
    let used: BTreeSet<FontId> = tree
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Item::Text(run) if !run.glyphs.is_empty() => Some(run.font),
            _ => None,
        })
        .collect();
    for id in used {
        let face = fonts.face(id);
        doc.resources.fonts.map.insert(
            font_resource(fonts, id),
            pp::PdfFont::new(face.pdf().clone()),
        );
    }
}

fn font_resource(fonts: &FontBook, id: FontId) -> pp::FontId {
    pp::FontId(fonts.face(id).resource.to_string())
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
    fonts: &'a FontBook,
    unicode: &'a UnicodeMap,
    images: &'a [Option<(pp::XObjectId, f32, f32)>],
    ops: Vec<Op>,
    marks: PageMarks,
}

impl PageWriter<'_> {
    fn item(&mut self, item: &Item, page: &Page) {
        match item {
            Item::Text(run) => self.text(run),
            Item::Rect { x, y, w, h, fill } => {
                let bottom = self.h - y.0 - h.0;
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

    fn text(&mut self, run: &TextRun) {
        if run.glyphs.is_empty() || run.size.0 <= 0.0 {
            return;
        }
        match run.tag {
            Some(tag) => {
                let mcid = self.marks.mcids.len();
                self.marks.mcids.push(tag.elem);
                let props = [("MCID".to_string(), pp::DictItem::Int(mcid as i64))];
                self.ops.push(Op::BeginMarkedContentWithProperties {
                    // Readers take roles from the structure tree; the tag keeps the content
                    // stream self-describing.
                    tag: self
                        .tree
                        .structure
                        .get(tag.elem)
                        .map_or("Span", |e| e.role)
                        .to_string(),
                    properties: pp::DictItem::Dict {
                        map: props.into_iter().collect(),
                    },
                });
            }
            None => self.ops.push(Op::BeginMarkedContent {
                tag: "Artifact".into(),
            }),
        }
        self.ops.push(Op::StartTextSection);
        self.ops.push(Op::SetFillColor {
            col: color(run.color),
        });
        self.ops.push(Op::SetFont {
            font: PdfFontHandle::External(font_resource(self.fonts, run.font)),
            size: pp::Pt(run.size.0),
        });
        self.ops.push(Op::SetTextMatrix {
            matrix: pp::TextMatrix::Translate(pp::Pt(run.x.0), pp::Pt(self.h - run.y.0)),
        });
        self.ops
            .extend(text::show_ops(run, self.fonts, self.unicode));
        self.ops.push(Op::EndTextSection);
        self.ops.push(Op::EndMarkedContent);
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
