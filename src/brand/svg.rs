//! SVG logos: the subset a logo needs, read with roxmltree and turned into filled paths.
//!
//! Takes the SVG text, gives [`Logo::Vector`]: one `(path, colour, fill rule)` per shape, in user units
//! of the `viewBox` (y down, origin at its top-left corner). Supported: `svg` (`viewBox` or
//! `width`/`height`), `g`, `rect` (with `rx`/`ry`), `circle`, `ellipse`, `polygon`,
//! `polyline` and `path` (the whole `d` grammar); `transform` (matrix, translate, scale,
//! rotate, skewX, skewY); `fill` as `#rgb`, `#rrggbb`, `rgb(…)`, a basic colour name or
//! `none`, and `fill-rule` (`nonzero`, `evenodd`), inherited from groups, also inside
//! `style="…"`. Editor metadata (`title`,
//! `desc`, `metadata`, `defs`, elements in foreign namespaces such as Inkscape's) is skipped.
//!
//! Everything else — text, images, gradients, strokes, clipping, `use` — is an error that
//! names the element and its line:column, because a silently half-drawn logo on a
//! government letterhead is worse than a clear message. Opacity is ignored: a logo is
//! printed opaque.
//!
//! Why not `usvg`, which resolves the whole SVG standard to paths (measured 2026-12-06, usvg
//! 0.49 without default features): it adds 15 crates (a second roxmltree among them) and
//! about 0.85 MB to a binary, loads the default logo in about the same time as this reader
//! (tens of µs, once per process), and — without its font stack — drops `<text>` without a
//! word and reports no line:column. The two things it did that this reader did not were
//! `fill-rule="evenodd"` (now read here) and opacity (still ignored, see above).

use super::pathdata::{self, Lexer, Seg, SyntaxError, P};
use super::Logo;
use crate::diag::Diagnostic;
use crate::geom::{FillRule, PathOp, Pt, Rgb};
use roxmltree::{Document, Node, ParsingOptions};

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// How deep elements may nest. Editors nest a logo's groups a handful of levels (a layer, a
/// group per part, one per clone); the reader recurses once per level, and 40,000 nested
/// `<g>` overflowed the main thread's stack (20,000 still fitted), so the limit sits far
/// above real logos and far below the stack.
const MAX_DEPTH: usize = 100;

/// How many attributes one element may have. roxmltree checks each attribute against the
/// element's earlier ones, so its time grows with the square of an element's attributes
/// (100,000 took 20 s); bounded per element, the whole parse is linear in the file. Inkscape's
/// busiest element (`sodipodi:namedview`) has about 30.
const MAX_ATTRIBUTES: usize = 256;

/// Reads an SVG logo; `name` is the logo file's name, for diagnostics.
pub fn parse(name: &str, text: &str) -> Result<Logo, Diagnostic> {
    // Illustrator writes a DOCTYPE with entities; roxmltree refuses DTDs unless asked.
    let opt = ParsingOptions {
        allow_dtd: true,
        ..ParsingOptions::default()
    };
    check_tags(name, text)?;
    let doc = Document::parse_with_options(text, opt).map_err(|e| {
        let pos = e.pos();
        Diagnostic::error(name, format!("failed to read SVG logo ({e})"))
            .at_line(pos.row as usize, pos.col as usize)
    })?;
    let mut reader = Reader {
        name,
        doc: &doc,
        shapes: Vec::new(),
        depth: 0,
    };
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        return Err(reader.error(root.range().start, "the logo's root element is not <svg>"));
    }
    let (width, height, origin) = reader.size(root)?;
    let base = Style {
        transform: Affine::translate(-origin.0, -origin.1),
        fill: Some(Rgb::BLACK),
        rule: FillRule::NonZero,
    };
    let style = reader.style(root, base)?;
    reader.children(root, style)?;
    Ok(Logo::Vector {
        width: width as f32,
        height: height as f32,
        shapes: reader.shapes,
    })
}

/// What a shape inherits from its ancestors.
#[derive(Debug, Clone, Copy)]
struct Style {
    transform: Affine,
    /// `None` for `fill="none"`.
    fill: Option<Rgb>,
    rule: FillRule,
}

struct Reader<'a, 'input> {
    name: &'a str,
    doc: &'a Document<'input>,
    shapes: Vec<(Vec<PathOp>, Rgb, FillRule)>,
    /// How many elements enclose the one being read.
    depth: usize,
}

/// Refuses, before roxmltree reads the text, an element with more than [`MAX_ATTRIBUTES`]
/// attributes and elements nested past [`MAX_DEPTH`] (roxmltree's tokenizer recurses once
/// per element: a million nested `<g>` overflowed the stack inside it). A tag cannot contain
/// `<`, not even in attribute values, so each tag lies between its `<` and the next one, and
/// each attribute has one `=` outside quotes. Comments and character data are skipped;
/// declarations are scanned like tags, and may count an `=` that is no attribute, which only
/// matters past the limit.
/// Elements that entities expand to are nested by the reader's own check.
fn check_tags(name: &str, text: &str) -> Result<(), Diagnostic> {
    let bytes = text.as_bytes();
    let (mut at, mut open) = (0, 0usize);
    while let Some(start) = next_lt(bytes, at) {
        // Comments and character data may hold markup that is none.
        let skip = [("<!--", "-->"), ("<![CDATA[", "]]>")]
            .into_iter()
            .find(|(open, _)| text[start..].starts_with(open));
        if let Some((open, close)) = skip {
            let from = start + open.len();
            at = text[from..].find(close).map_or(text.len(), |i| from + i);
            continue;
        }
        let end = next_lt(bytes, start + 1).unwrap_or(bytes.len());
        let tag = scan_tag(&bytes[start + 1..end]);
        let error = |message| Diagnostic::error(name, message).at(text, start);
        if tag.attributes > MAX_ATTRIBUTES {
            let name: String = text[start + 1..]
                .chars()
                .take_while(|c| !c.is_whitespace() && !matches!(c, '>' | '/'))
                .take(40)
                .collect();
            return Err(error(format!(
                "<{name}> has more than {MAX_ATTRIBUTES} attributes in logo"
            ))
            .with_hint("a logo's elements need a few attributes each; re-export the logo"));
        }
        match bytes.get(start + 1) {
            Some(b'/') => open = open.saturating_sub(1),
            Some(b'!' | b'?') => {}
            _ => {
                // The root counts too: the reader's limit is on the levels below it.
                if open > MAX_DEPTH {
                    return Err(error(too_deep()).with_hint(UNGROUP));
                }
                open += usize::from(!tag.empty);
            }
        }
        at = end;
    }
    Ok(())
}

fn too_deep() -> String {
    format!("logo elements nested more than {MAX_DEPTH} deep")
}

const UNGROUP: &str = "ungroup the logo's nested groups in an editor";

fn next_lt(bytes: &[u8], from: usize) -> Option<usize> {
    bytes[from..]
        .iter()
        .position(|&b| b == b'<')
        .map(|i| from + i)
}

/// What [`check_tags`] needs to know of a tag.
struct TagScan {
    /// `=` signs outside quotes before the first `>` outside quotes.
    attributes: usize,
    /// Whether that `>` follows a `/` (an element without content).
    empty: bool,
}

/// Scans the text after a `<` up to the next `<`.
fn scan_tag(tag: &[u8]) -> TagScan {
    let (mut attributes, mut quote, mut last) = (0, None, 0);
    for &b in tag {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'=') => attributes += 1,
            (None, b'>') => {
                return TagScan {
                    attributes,
                    empty: last == b'/',
                }
            }
            (None, _) => {}
        }
        last = b;
    }
    TagScan {
        attributes,
        empty: false,
    }
}

impl Reader<'_, '_> {
    /// An error at byte `offset` of the SVG text. Offsets inside attribute values are counted
    /// in the unescaped value, so after an entity they may land mid-character: `at` rounds
    /// down to a character boundary where roxmltree's `text_pos_at` would panic.
    fn error(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.name, message).at(self.doc.input_text(), offset)
    }

    /// Width, height and top-left corner of the logo's box in user units: finite (as the
    /// `f32`s layout works in), positive, and of a sane aspect ratio.
    fn size(&self, svg: Node) -> Result<(f64, f64, P), Diagnostic> {
        let (w, h, origin, at) = if let Some(attr) = svg.attribute_node("viewBox") {
            let at = attr.range_value().start;
            let nums = Lexer::new(attr.value())
                .numbers()
                .map_err(|e| self.syntax(at, "viewBox", e))?;
            match nums[..] {
                [x, y, w, h] if w > 0.0 && h > 0.0 => {
                    if ![x, y, w, h].into_iter().all(finite) {
                        return Err(self
                            .error(at, "the viewBox's numbers are too large to draw")
                            .with_hint("check the logo's size"));
                    }
                    (w, h, (x, y), at)
                }
                _ => {
                    return Err(self.error(
                        at,
                        "viewBox must be four numbers: x y width height (width and height > 0)",
                    ))
                }
            }
        } else {
            let w = self.length(svg, "width", None)?;
            let h = self.length(svg, "height", None)?;
            if !(w > 0.0 && h > 0.0 && finite(w) && finite(h)) {
                return Err(self
                    .error(svg.range().start, "the logo's <svg> has no size")
                    .with_hint("give it a viewBox=\"0 0 width height\""));
            }
            (w, h, (0.0, 0.0), svg.range().start)
        };
        if !super::logo::aspect_is_sane(w as f32, h as f32) {
            let (message, hint) = super::logo::aspect_error(w, h);
            return Err(self.error(at, message).with_hint(hint));
        }
        Ok((w, h, origin))
    }

    fn children(&mut self, node: Node, style: Style) -> Result<(), Diagnostic> {
        self.depth += 1;
        for child in node.children().filter(Node::is_element) {
            if self.depth > MAX_DEPTH {
                return Err(self
                    .error(child.range().start, too_deep())
                    .with_hint(UNGROUP));
            }
            self.element(child, style)?;
        }
        self.depth -= 1;
        Ok(())
    }

    fn element(&mut self, node: Node, parent: Style) -> Result<(), Diagnostic> {
        // Editor bookkeeping (sodipodi:namedview, …) lives in other namespaces and draws nothing.
        if node.tag_name().namespace().is_some_and(|ns| ns != SVG_NS) {
            return Ok(());
        }
        let tag = node.tag_name().name();
        if matches!(tag, "title" | "desc" | "metadata" | "defs") {
            return Ok(());
        }
        if let Some(hint) = unsupported(tag) {
            let message = format!("unsupported SVG element <{tag}> in logo");
            return Err(self.error(node.range().start, message).with_hint(hint));
        }
        if self
            .property(node, "display")
            .is_some_and(|(v, _)| v == "none")
        {
            return Ok(());
        }
        let style = self.style(node, parent)?;
        if tag == "g" {
            return self.children(node, style);
        }
        let segs = self.geometry(node, tag)?;
        if let (Some(fill), false) = (style.fill, segs.is_empty()) {
            let path: Vec<PathOp> = segs.iter().map(|s| to_op(*s, style.transform)).collect();
            if !path.iter().all(op_is_finite) {
                return Err(self
                    .error(
                        node.range().start,
                        format!("<{tag}> lies too far out to be drawn"),
                    )
                    .with_hint("check the shape's coordinates and transforms"));
            }
            self.shapes.push((path, fill, style.rule));
        }
        Ok(())
    }

    /// The shape's outline, in its own user units.
    fn geometry(&self, node: Node, tag: &str) -> Result<Vec<Seg>, Diagnostic> {
        let len = |name, default| self.length(node, name, Some(default));
        match tag {
            "rect" => self.rect(node),
            "circle" => {
                let r = self.non_negative(node, "r")?;
                let c = (len("cx", 0.0)?, len("cy", 0.0)?);
                Ok(if r > 0.0 {
                    pathdata::ellipse(c, r, r)
                } else {
                    Vec::new()
                })
            }
            "ellipse" => {
                let (rx, ry) = (
                    self.non_negative(node, "rx")?,
                    self.non_negative(node, "ry")?,
                );
                let c = (len("cx", 0.0)?, len("cy", 0.0)?);
                Ok(if rx > 0.0 && ry > 0.0 {
                    pathdata::ellipse(c, rx, ry)
                } else {
                    Vec::new()
                })
            }
            "polygon" | "polyline" => self.poly(node, tag == "polygon"),
            "path" => {
                let Some(attr) = node.attribute_node("d") else {
                    return Ok(Vec::new());
                };
                pathdata::parse(attr.value())
                    .map_err(|e| self.syntax(attr.range_value().start, "path data", e))
            }
            _ => Err(self.error(
                node.range().start,
                format!("unknown SVG element <{tag}> in logo"),
            )),
        }
    }

    fn rect(&self, node: Node) -> Result<Vec<Seg>, Diagnostic> {
        let (x, y) = (
            self.length(node, "x", Some(0.0))?,
            self.length(node, "y", Some(0.0))?,
        );
        let (w, h) = (
            self.non_negative(node, "width")?,
            self.non_negative(node, "height")?,
        );
        if w == 0.0 || h == 0.0 {
            return Ok(Vec::new());
        }
        // SVG 1.1 §9.2: a missing radius takes the other's value; both are clamped to half a side.
        let rx = node
            .has_attribute("rx")
            .then(|| self.non_negative(node, "rx"));
        let ry = node
            .has_attribute("ry")
            .then(|| self.non_negative(node, "ry"));
        let (rx, ry) = match (rx.transpose()?, ry.transpose()?) {
            (None, None) => (0.0, 0.0),
            (Some(r), None) | (None, Some(r)) => (r, r),
            (Some(rx), Some(ry)) => (rx, ry),
        };
        Ok(pathdata::rect(x, y, w, h, rx.min(w / 2.0), ry.min(h / 2.0)))
    }

    fn poly(&self, node: Node, closed: bool) -> Result<Vec<Seg>, Diagnostic> {
        let Some(attr) = node.attribute_node("points") else {
            return Ok(Vec::new());
        };
        let at = attr.range_value().start;
        let nums = Lexer::new(attr.value())
            .numbers()
            .map_err(|e| self.syntax(at, "points", e))?;
        if nums.len() % 2 == 1 {
            return Err(self.error(at, "points must be pairs of numbers (found an odd count)"));
        }
        let mut segs: Vec<Seg> = nums
            .chunks(2)
            .enumerate()
            .map(|(i, p)| {
                if i == 0 {
                    Seg::Move((p[0], p[1]))
                } else {
                    Seg::Line((p[0], p[1]))
                }
            })
            .collect();
        if closed && !segs.is_empty() {
            segs.push(Seg::Close);
        }
        Ok(segs)
    }

    /// Applies the element's own `transform`, `fill` and checks for what cannot be drawn.
    fn style(&self, node: Node, parent: Style) -> Result<Style, Diagnostic> {
        let mut style = parent;
        if let Some(attr) = node.attribute_node("transform") {
            let at = attr.range_value().start;
            let own = parse_transform(attr.value()).map_err(|e| self.syntax(at, "transform", e))?;
            style.transform = parent.transform.then(own);
        }
        if let Some((value, at)) = self.property(node, "fill") {
            style.fill = self.fill(value.trim(), at, parent.fill)?;
        }
        if let Some((value, at)) = self.property(node, "fill-rule") {
            style.rule = match value.trim() {
                "nonzero" => FillRule::NonZero,
                "evenodd" => FillRule::EvenOdd,
                "inherit" | "" => parent.rule,
                other => {
                    return Err(self
                        .error(at, format!("invalid fill-rule {other:?} in logo"))
                        .with_hint("fill-rule is \"nonzero\" or \"evenodd\""))
                }
            };
        }
        if let Some((value, at)) = self.property(node, "stroke") {
            if !matches!(value.trim(), "none" | "") {
                return Err(self
                    .error(
                        at,
                        format!(
                            "strokes are not supported in logos (<{}> has stroke={value:?})",
                            node.tag_name().name()
                        ),
                    )
                    .with_hint(
                        "convert strokes to filled paths (Inkscape: Path ▸ Stroke to Path)",
                    ));
            }
        }
        for prop in ["clip-path", "mask", "filter"] {
            if let Some((value, at)) = self.property(node, prop) {
                if value.trim() != "none" {
                    return Err(self
                        .error(at, format!("{prop} is not supported in logos"))
                        .with_hint("flatten the logo to plain filled shapes"));
                }
            }
        }
        Ok(style)
    }

    /// A presentation property from `style="…"` (which wins, as in CSS) or the attribute,
    /// with the byte offset of where it was written.
    fn property<'n>(&self, node: Node<'n, '_>, name: &str) -> Option<(&'n str, usize)> {
        if let Some(attr) = node.attribute_node("style") {
            let mut at = attr.range_value().start;
            for decl in attr.value().split(';') {
                if let Some((key, v)) = decl.split_once(':') {
                    if key.trim() == name {
                        return Some((v.trim().trim_end_matches("!important").trim(), at));
                    }
                }
                at += decl.len() + 1;
            }
        }
        let attr = node.attribute_node(name)?;
        Some((attr.value(), attr.range_value().start))
    }

    fn fill(
        &self,
        value: &str,
        at: usize,
        inherited: Option<Rgb>,
    ) -> Result<Option<Rgb>, Diagnostic> {
        match value {
            "none" => return Ok(None),
            "inherit" => return Ok(inherited),
            _ => {}
        }
        if let Some(id) = value
            .strip_prefix("url(#")
            .and_then(|v| v.strip_suffix(')'))
        {
            let target = self
                .doc
                .descendants()
                .find(|n| n.attribute("id") == Some(id));
            let what = target.map_or("a paint server".to_string(), |n| {
                format!("<{}>", n.tag_name().name())
            });
            return Err(self
                .error(
                    at,
                    format!(
                        "fill refers to {what} (gradients and patterns are not supported in logos)"
                    ),
                )
                .with_hint("use flat colours"));
        }
        parse_paint(value).map(Some).ok_or_else(|| {
            self.error(at, format!("invalid fill colour {value:?} in logo"))
                .with_hint(
                    "write colours as #rrggbb, #rgb, rgb(r, g, b), a basic colour name or none",
                )
        })
    }

    /// A length attribute in user units (`12`, `12px`); `default` when it is absent.
    fn length(&self, node: Node, name: &str, default: Option<f64>) -> Result<f64, Diagnostic> {
        let Some(attr) = node.attribute_node(name) else {
            return Ok(default.unwrap_or(0.0));
        };
        let text = attr.value().trim();
        let num = text.strip_suffix("px").unwrap_or(text).trim_end();
        let mut lx = Lexer::new(num);
        match lx.number() {
            Ok(v) if lx.at_end() => Ok(v),
            _ => Err(self
                .error(attr.range_value().start, format!("invalid length {text:?} for {name} in logo"))
                .with_hint("write plain user units (numbers); units other than px and percentages are not supported")),
        }
    }

    fn non_negative(&self, node: Node, name: &str) -> Result<f64, Diagnostic> {
        let v = self.length(node, name, Some(0.0))?;
        if v < 0.0 {
            let at = node
                .attribute_node(name)
                .map_or(node.range().start, |a| a.range_value().start);
            return Err(self.error(at, format!("{name} must not be negative in logo")));
        }
        Ok(v)
    }

    fn syntax(&self, value_start: usize, what: &str, e: SyntaxError) -> Diagnostic {
        self.error(
            value_start + e.offset,
            format!("invalid {what} in logo ({})", e.message),
        )
    }
}

/// Whether `v` is a number layout can work with (finite also as an `f32`).
fn finite(v: f64) -> bool {
    (v as f32).is_finite()
}

/// The hint for an element a logo cannot use, or `None` for one it can.
fn unsupported(tag: &str) -> Option<&'static str> {
    Some(match tag {
        "g" | "rect" | "circle" | "ellipse" | "polygon" | "polyline" | "path" => return None,
        "text" | "tspan" | "textPath" => "convert text to paths (Inkscape: Path ▸ Object to Path)",
        "linearGradient" | "radialGradient" | "pattern" => "use flat colours",
        "image" => "give the brand a PNG logo instead, or vectorise the image",
        "line" => "a line is only a stroke; draw it as a thin filled rect or path",
        "use" | "symbol" => "unlink clones (Inkscape: Edit ▸ Clone ▸ Unlink Clone)",
        "style" => "write fill colours as attributes; style sheets are not supported",
        "clipPath" | "mask" | "filter" => "flatten the logo to plain filled shapes",
        _ => "logos may use g, rect, circle, ellipse, polygon, polyline and path",
    })
}

/// A fill colour: `#rgb`, `#rrggbb`, `rgb(r, g, b)` (0–255 or percentages) or a basic name.
pub fn parse_paint(s: &str) -> Option<Rgb> {
    if s.starts_with('#') {
        return super::parse_color(s);
    }
    if let Some(args) = s.strip_prefix("rgb(").and_then(|a| a.strip_suffix(')')) {
        let parts: Vec<&str> = args.split(',').map(str::trim).collect();
        let channel = |p: &str| match p.strip_suffix('%') {
            Some(pc) => pc.parse::<f32>().ok().map(|v| v / 100.0),
            None => p.parse::<f32>().ok().map(|v| v / 255.0),
        };
        return match parts[..] {
            [r, g, b] => Some(Rgb(
                channel(r)?.clamp(0.0, 1.0),
                channel(g)?.clamp(0.0, 1.0),
                channel(b)?.clamp(0.0, 1.0),
            )),
            _ => None,
        };
    }
    named(&s.to_ascii_lowercase()).and_then(super::parse_color)
}

/// The sixteen basic colour keywords of CSS (and HTML 4), plus orange.
fn named(name: &str) -> Option<&'static str> {
    Some(match name {
        "black" => "#000000",
        "silver" => "#c0c0c0",
        "gray" | "grey" => "#808080",
        "white" => "#ffffff",
        "maroon" => "#800000",
        "red" => "#ff0000",
        "purple" => "#800080",
        "fuchsia" | "magenta" => "#ff00ff",
        "green" => "#008000",
        "lime" => "#00ff00",
        "olive" => "#808000",
        "yellow" => "#ffff00",
        "navy" => "#000080",
        "blue" => "#0000ff",
        "teal" => "#008080",
        "aqua" | "cyan" => "#00ffff",
        "orange" => "#ffa500",
        _ => return None,
    })
}

/// A 2-D affine transform `[a b c d e f]`, mapping (x, y) to (ax + cy + e, bx + dy + f).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Affine(pub [f64; 6]);

impl Affine {
    pub const IDENTITY: Affine = Affine([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    pub fn translate(x: f64, y: f64) -> Affine {
        Affine([1.0, 0.0, 0.0, 1.0, x, y])
    }

    fn rotate(deg: f64) -> Affine {
        let (s, c) = deg.to_radians().sin_cos();
        Affine([c, s, -s, c, 0.0, 0.0])
    }

    /// `self` after `inner`: points go through `inner` first, as a nested transform does.
    pub fn then(self, inner: Affine) -> Affine {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = inner.0;
        Affine([
            a * a2 + c * b2,
            b * a2 + d * b2,
            a * c2 + c * d2,
            b * c2 + d * d2,
            a * e2 + c * f2 + e,
            b * e2 + d * f2 + f,
        ])
    }

    pub fn apply(self, (x, y): P) -> P {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }
}

/// A `transform` list: `translate(…) scale(…) …`, applied right to left to the points.
pub fn parse_transform(s: &str) -> Result<Affine, SyntaxError> {
    let mut lx = Lexer::new(s);
    let mut total = Affine::IDENTITY;
    loop {
        lx.skip_sep();
        if lx.at_end() {
            return Ok(total);
        }
        let start = lx.pos;
        let name_len = s[start..]
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(s.len() - start);
        let name = &s[start..start + name_len];
        lx.pos += name_len;
        lx.skip_ws();
        if lx.peek() != Some(b'(') {
            return Err(lx.error(format!("expected '(' after {name:?}")));
        }
        lx.pos += 1;
        let mut args = Vec::new();
        while lx.at_number() {
            args.push(lx.number()?);
        }
        lx.skip_ws();
        if lx.peek() != Some(b')') {
            return Err(lx.error("expected a number or ')'"));
        }
        lx.pos += 1;
        let t = transform(name, &args).ok_or_else(|| SyntaxError {
            offset: start,
            message: format!(
                "{name}({}) is not a transform this reader knows",
                args.len()
            ),
        })?;
        total = total.then(t);
    }
}

fn transform(name: &str, args: &[f64]) -> Option<Affine> {
    Some(match (name, args) {
        ("matrix", &[a, b, c, d, e, f]) => Affine([a, b, c, d, e, f]),
        ("translate", &[x]) => Affine::translate(x, 0.0),
        ("translate", &[x, y]) => Affine::translate(x, y),
        ("scale", &[s]) => Affine([s, 0.0, 0.0, s, 0.0, 0.0]),
        ("scale", &[sx, sy]) => Affine([sx, 0.0, 0.0, sy, 0.0, 0.0]),
        ("rotate", &[a]) => Affine::rotate(a),
        ("rotate", &[a, cx, cy]) => Affine::translate(cx, cy)
            .then(Affine::rotate(a))
            .then(Affine::translate(-cx, -cy)),
        ("skewX", &[a]) => Affine([1.0, 0.0, a.to_radians().tan(), 1.0, 0.0, 0.0]),
        ("skewY", &[a]) => Affine([1.0, a.to_radians().tan(), 0.0, 1.0, 0.0, 0.0]),
        _ => return None,
    })
}

/// Whether every coordinate of `op` is finite (a transform or a huge number can overflow
/// the `f32`s layout works in).
fn op_is_finite(op: &PathOp) -> bool {
    let all = |v: &[Pt]| v.iter().all(|p| p.0.is_finite());
    match *op {
        PathOp::Move(x, y) | PathOp::Line(x, y) => all(&[x, y]),
        PathOp::Cubic(x1, y1, x2, y2, x, y) => all(&[x1, y1, x2, y2, x, y]),
        PathOp::Close => true,
    }
}

fn to_op(seg: Seg, t: Affine) -> PathOp {
    let p = |p: P| {
        let (x, y) = t.apply(p);
        (Pt(x as f32), Pt(y as f32))
    };
    match seg {
        Seg::Move(a) => {
            let (x, y) = p(a);
            PathOp::Move(x, y)
        }
        Seg::Line(a) => {
            let (x, y) = p(a);
            PathOp::Line(x, y)
        }
        Seg::Cubic(a, b, c) => {
            let ((x1, y1), (x2, y2), (x, y)) = (p(a), p(b), p(c));
            PathOp::Cubic(x1, y1, x2, y2, x, y)
        }
        Seg::Close => PathOp::Close,
    }
}
