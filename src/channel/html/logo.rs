//! The brand's logos for a page: inline SVG drawn from the logo's paths, or the PNG as a
//! `data:` URI, so the page fetches nothing.
//!
//! The brand stage keeps a logo decoded (paths, or samples with the alpha apart, as the PDF
//! takes them); this re-encodes it. Numbers are written with at most two decimals, so the
//! bytes never depend on float formatting beyond that.
//!
//! A vector logo is also rasterised to a PNG ([`rasterise`]), for the e-mail: Gmail and
//! desktop Outlook do not draw inline SVG, so the mail shows that image in the SVG's place
//! ([`super::Form::Svg`]).

use super::{Form, WebImage, PHOTO_DENSITY};
use crate::brand::{Brand, Logo, WebLogo};
use crate::geom::{FillRule, PathOp, Raster, RasterColor};
use crate::lang::Lang;
use base64::Engine as _;
use std::fmt::Write;

/// The logos of a page's organisations, each drawn once: as HTML for the letterhead and as
/// `data:` URIs for the JSON-LD.
pub struct Logos {
    /// Every organisation's logo (`<svg role="img">` or `<img>`), named by its short name.
    pub html: String,
    /// Each organisation's logo as in `html`, empty for one without a logo; in
    /// [`Brand::organisations`] order.
    pub each: Vec<String>,
    /// Each organisation's logo as a `data:` URI, `None` for one without a logo; in
    /// [`Brand::organisations`] order.
    pub uris: Vec<Option<String>>,
    /// The logos `html` shows, each with what stands for it in `html` (an `<img>`'s
    /// `data:` URI, an `<svg>` element), how, and its file.
    images: Vec<(String, Form, WebImage)>,
}

impl Logos {
    /// The logos `html` shows: what stands for each in `html`, how, and its file.
    pub fn images(&self) -> impl Iterator<Item = (&str, &Form, &WebImage)> {
        self.images
            .iter()
            .map(|(text, form, image)| (text.as_str(), form, image))
    }
}

/// How wide a page shows a logo, in CSS pixels: `templates/html/style.hbs` sets
/// `.logos svg, .logos img` 4.5rem wide, at the usual 16 px to the rem.
pub const LOGO_CSS_WIDTH: u32 = 72;

/// The logos of `brand`'s organisations, named in `lang`. Each logo's drawing (its paths,
/// or its PNG re-encoded) is made once per brand ([`Brand::web_logo`]): only the name
/// around it is the page's own.
pub fn logos(brand: &Brand, lang: Lang) -> Logos {
    let mut html = String::new();
    let mut uris = Vec::new();
    let mut images = Vec::new();
    let mut each = Vec::new();
    for (i, org) in brand.organisations().enumerate() {
        // `logo.png`, and `logo-2.png`, … for a joint release's partners.
        let file_name = match i {
            0 => "logo.png".to_string(),
            _ => format!("logo-{}.png", i + 1),
        };
        let (Some((logo, _)), Some(drawing)) = (&org.logo, org.web_logo(drawing)) else {
            uris.push(None);
            each.push(String::new());
            continue;
        };
        let start = html.len();
        let name = super::body::escape(&alt(org, lang));
        match logo {
            Logo::Vector { width, height, .. } => {
                let paths = &drawing.html;
                let (w, h) = (num(*width), num(*height));
                let svg = format!(
                    "<svg class=\"logo\" role=\"img\" aria-label=\"{name}\" viewBox=\"0 0 {w} {h}\">{paths}</svg>"
                );
                html.push_str(&svg);
                if let Some(png) = &drawing.png {
                    let form = Form::Svg {
                        alt: name.clone(),
                        width: LOGO_CSS_WIDTH,
                        height: css_height(*width, *height, LOGO_CSS_WIDTH),
                    };
                    let file = WebImage {
                        mime: "image/png",
                        bytes: png.clone(),
                        name: file_name.as_str().into(),
                    };
                    images.push((svg, form, file));
                }
                uris.push(Some(drawing.uri.clone()));
            }
            Logo::Png(raster) => {
                let uri = &drawing.html;
                let _ = write!(
                    html,
                    "<img src=\"{uri}\" alt=\"{name}\" width=\"{}\" height=\"{}\">",
                    raster.width, raster.height
                );
                uris.push(Some(drawing.uri.clone()));
                if let Some(png) = &drawing.png {
                    let file = WebImage {
                        mime: "image/png",
                        bytes: png.clone(),
                        name: file_name.as_str().into(),
                    };
                    images.push((uri.to_string(), Form::Src, file));
                }
            }
        }
        each.push(html[start..].to_string());
        html.push('\n');
    }
    Logos {
        html,
        each,
        uris,
        images,
    }
}

/// Draws the logo of each of `brand`'s organisations for the web now, as the first page
/// would ([`Brand::web_logo`] keeps it): for a thread that prepares the channels while
/// another lays out the PDF. A vector logo's PNG for the e-mail is most of the cost.
pub fn prepare(brand: &Brand) {
    for org in brand.organisations() {
        org.web_logo(drawing);
    }
}

/// What a page draws of `logo`, the same on every page: a vector logo's `<path>`
/// elements, a PNG logo as a `data:` URI (and its bytes); and the logo as a `data:` URI of
/// its own for the JSON-LD (a vector logo as a standalone SVG file).
fn drawing(logo: &Logo) -> WebLogo {
    match logo {
        Logo::Vector { width, height, .. } => {
            let paths = paths(logo);
            let (w, h) = (num(*width), num(*height));
            let file = format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">{paths}</svg>"
            );
            WebLogo {
                uri: format!("data:image/svg+xml;base64,{}", base64(file.as_bytes())),
                html: paths,
                png: Some(rasterise(logo, PHOTO_DENSITY * LOGO_CSS_WIDTH).into()),
            }
        }
        Logo::Png(raster) => {
            let png = png(raster);
            let uri = format!("data:image/png;base64,{}", base64(&png));
            WebLogo {
                html: uri.clone(),
                uri,
                png: Some(png.into()),
            }
        }
    }
}

fn alt(org: &Brand, lang: Lang) -> String {
    match org.own_short_name(lang) {
        "" => org.name_lines(lang).join(" "),
        short => short.to_string(),
    }
}

/// A vector logo's shapes as SVG `<path>` elements.
fn paths(logo: &Logo) -> String {
    let Logo::Vector { shapes, .. } = logo else {
        return String::new();
    };
    let mut o = String::new();
    for (ops, color, rule) in shapes {
        o.push_str("<path d=\"");
        for op in ops {
            match *op {
                PathOp::Move(x, y) => {
                    let _ = write!(o, "M{} {}", num(x.0), num(y.0));
                }
                PathOp::Line(x, y) => {
                    let _ = write!(o, "L{} {}", num(x.0), num(y.0));
                }
                PathOp::Cubic(a, b, c, d, e, f) => {
                    let _ = write!(
                        o,
                        "C{} {} {} {} {} {}",
                        num(a.0),
                        num(b.0),
                        num(c.0),
                        num(d.0),
                        num(e.0),
                        num(f.0)
                    );
                }
                PathOp::Close => o.push('Z'),
            }
        }
        let b = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
        let _ = write!(
            o,
            "\" fill=\"#{:02x}{:02x}{:02x}\"",
            b(color.0),
            b(color.1),
            b(color.2)
        );
        if *rule == FillRule::EvenOdd {
            o.push_str(" fill-rule=\"evenodd\"");
        }
        o.push_str("/>");
    }
    o
}

/// The height of a logo `width` × `height` (its own units) shown `css_width` wide, in whole
/// CSS pixels (at least one).
fn css_height(width: f32, height: f32, css_width: u32) -> u32 {
    ((f64::from(height) * f64::from(css_width) / f64::from(width)).round() as u32).max(1)
}

/// A vector logo as a PNG `pixels` wide (its height in proportion): each shape filled with
/// its colour and fill rule, anti-aliased, on a transparent background, in the logo's own
/// order (later shapes over earlier ones), as the PDF paints them. The same logo gives the
/// same bytes: tiny-skia's scalar pipeline (no SIMD, see Cargo.toml) and the `png`
/// crate's encoder read no clock or machine state. A PNG logo gives no bytes (it is its own
/// image); shapes that enclose nothing leave their pixels transparent.
pub fn rasterise(logo: &Logo, pixels: u32) -> Vec<u8> {
    let Logo::Vector {
        width,
        height,
        shapes,
    } = logo
    else {
        return Vec::new();
    };
    let rows = css_height(*width, *height, pixels);
    let Some(mut pixmap) = tiny_skia::Pixmap::new(pixels, rows) else {
        return Vec::new();
    };
    let scale = pixels as f32 / width;
    let transform = tiny_skia::Transform::from_scale(scale, scale);
    for (ops, color, rule) in shapes {
        let Some(path) = skia_path(ops) else {
            continue;
        };
        let b = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
        let mut paint = tiny_skia::Paint::default();
        paint.set_color_rgba8(b(color.0), b(color.1), b(color.2), 255);
        paint.anti_alias = true;
        let rule = match rule {
            FillRule::NonZero => tiny_skia::FillRule::Winding,
            FillRule::EvenOdd => tiny_skia::FillRule::EvenOdd,
        };
        pixmap.fill_path(&path, &paint, rule, transform, None);
    }
    // tiny-skia keeps premultiplied alpha; a PNG holds it straight.
    let mut rgba = Vec::with_capacity(pixmap.pixels().len() * 4);
    for p in pixmap.pixels() {
        let c = p.demultiply();
        rgba.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
    }
    // The default compression, not `Fast`: that costs a fifth of the instructions (flate2
    // zeroes its 32 KB output buffer for every row written), but they are paid once per
    // brand and process, and `Fast` made the default logo's PNG 6,436 bytes instead of
    // 4,022 in every message (bench/README.md).
    encode_png(pixels, rows, png::ColorType::Rgba, &rgba)
}

/// A shape's outline as tiny-skia takes it; `None` for one that encloses nothing.
fn skia_path(ops: &[PathOp]) -> Option<tiny_skia::Path> {
    let mut p = tiny_skia::PathBuilder::new();
    for op in ops {
        match *op {
            PathOp::Move(x, y) => p.move_to(x.0, y.0),
            PathOp::Line(x, y) => p.line_to(x.0, y.0),
            PathOp::Cubic(a, b, c, d, e, f) => p.cubic_to(a.0, b.0, c.0, d.0, e.0, f.0),
            PathOp::Close => p.close(),
        }
    }
    p.finish()
}

/// A number with at most two decimals, without trailing zeros.
fn num(v: f32) -> String {
    let s = format!("{:.2}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    match s {
        "-0" | "" => "0".to_string(),
        s => s.to_string(),
    }
}

/// The raster re-encoded as a PNG, its alpha joined back to the colour samples.
pub(super) fn png(r: &Raster) -> Vec<u8> {
    let channels = r.color.channels();
    let (color, data) = match &r.alpha {
        None => (
            match r.color {
                RasterColor::Gray => png::ColorType::Grayscale,
                RasterColor::Rgb => png::ColorType::Rgb,
            },
            r.samples.clone(),
        ),
        Some(alpha) => {
            let mut data = Vec::with_capacity(r.samples.len() + alpha.len());
            for (px, a) in r.samples.chunks_exact(channels).zip(alpha) {
                data.extend_from_slice(px);
                data.push(*a);
            }
            let color = match r.color {
                RasterColor::Gray => png::ColorType::GrayscaleAlpha,
                RasterColor::Rgb => png::ColorType::Rgba,
            };
            (color, data)
        }
    };
    encode_png(r.width, r.height, color, &data)
}

/// 8-bit samples of `color`, `width` × `height`, as a PNG file.
fn encode_png(width: u32, height: u32, color: png::ColorType, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, width, height);
    enc.set_color(color);
    enc.set_depth(png::BitDepth::Eight);
    let written = enc
        .write_header()
        .and_then(|mut w| w.write_image_data(data));
    match written {
        Ok(()) => out,
        // The samples fill an image of these dimensions, so encoding them cannot fail; an
        // empty image is the harmless answer if it ever did.
        Err(_) => Vec::new(),
    }
}

pub(super) fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::{Pt, Rgb};

    /// The RGBA pixels of a PNG.
    fn pixels(png: &[u8]) -> (u32, u32, Vec<[u8; 4]>) {
        let mut reader = png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!(
            (info.color_type, info.bit_depth),
            (png::ColorType::Rgba, png::BitDepth::Eight)
        );
        let px = buf[..info.buffer_size()]
            .chunks_exact(4)
            .map(|c| [c[0], c[1], c[2], c[3]])
            .collect();
        (info.width, info.height, px)
    }

    /// A square of `side` at (`x`, `y`), clockwise or not.
    fn square(x: f32, y: f32, side: f32, clockwise: bool) -> Vec<PathOp> {
        let mut corners = [(x, y), (x + side, y), (x + side, y + side), (x, y + side)];
        if !clockwise {
            corners.reverse();
        }
        let mut ops: Vec<PathOp> = corners
            .iter()
            .map(|&(a, b)| PathOp::Line(Pt(a), Pt(b)))
            .collect();
        ops[0] = PathOp::Move(Pt(corners[0].0), Pt(corners[0].1));
        ops.push(PathOp::Close);
        ops
    }

    /// A vector logo becomes a PNG of the asked width, its height in proportion: each shape
    /// in its colour, with its fill rule (a square inside another, wound the same way, is a
    /// hole with even-odd and filled with non-zero), later shapes over earlier ones, and
    /// transparent where nothing is drawn; the same bytes every time.
    #[test]
    fn a_vector_logo_is_rasterised_with_its_colours_and_fill_rules() {
        let (red, blue) = (Rgb(1.0, 0.0, 0.0), Rgb(0.0, 0.0, 1.0));
        let ring = |x| [square(x, 0.0, 10.0, true), square(x + 3.0, 3.0, 4.0, true)].concat();
        let logo = Logo::Vector {
            width: 40.0,
            height: 20.0,
            shapes: vec![
                (ring(0.0), red, FillRule::EvenOdd),
                (ring(20.0), red, FillRule::NonZero),
                // Over the non-zero square's right half.
                (square(25.0, 0.0, 5.0, false), blue, FillRule::NonZero),
            ],
        };
        let png = rasterise(&logo, 80);
        assert_eq!(rasterise(&logo, 80), png);
        let (w, h, px) = pixels(&png);
        assert_eq!((w, h), (80, 40));
        // Pixel centres in the logo's units (2 pixels a unit).
        let at = |x: f32, y: f32| px[(y * 2.0) as usize * 80 + (x * 2.0) as usize];
        assert_eq!(at(1.0, 1.0), [255, 0, 0, 255], "even-odd ring");
        assert_eq!(at(5.0, 5.0)[3], 0, "even-odd hole");
        assert_eq!(
            at(25.0, 5.0),
            [255, 0, 0, 255],
            "non-zero fills the inner square"
        );
        assert_eq!(at(26.0, 1.0), [0, 0, 255, 255], "a later shape paints over");
        assert_eq!(at(15.0, 5.0)[3], 0, "nothing drawn between");
        assert_eq!(at(35.0, 15.0)[3], 0, "nothing drawn right");
        // A PNG logo is an image already.
        let raster = Raster {
            width: 1,
            height: 1,
            color: RasterColor::Gray,
            samples: vec![0],
            alpha: None,
        };
        assert!(rasterise(&Logo::Png(raster.into()), 80).is_empty());
    }
}
