//! The brand's logos for a page: inline SVG drawn from the logo's paths, or the PNG as a
//! `data:` URI, so the page fetches nothing.
//!
//! The brand stage keeps a logo decoded (paths, or samples with the alpha apart, as the PDF
//! takes them); this re-encodes it. Numbers are written with at most two decimals, so the
//! bytes never depend on float formatting beyond that.

use super::WebImage;
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
    /// Each organisation's logo as a `data:` URI, `None` for one without a logo; in
    /// [`Brand::organisations`] order.
    pub uris: Vec<Option<String>>,
    /// The logos `html` shows as `<img>`, with their `data:` URIs.
    images: Vec<(String, WebImage)>,
}

impl Logos {
    /// The logos `html` shows as `<img>`: each one's `data:` URI and its file.
    pub fn images(&self) -> impl Iterator<Item = (&str, &WebImage)> {
        self.images.iter().map(|(uri, image)| (uri.as_str(), image))
    }
}

/// The logos of `brand`'s organisations, named in `lang`. Each logo's drawing (its paths,
/// or its PNG re-encoded) is made once per brand ([`Brand::web_logo`]): only the name
/// around it is the page's own.
pub fn logos(brand: &Brand, lang: Lang) -> Logos {
    let mut html = String::new();
    let mut uris = Vec::new();
    let mut images = Vec::new();
    for org in brand.organisations() {
        let (Some((logo, _)), Some(drawing)) = (&org.logo, org.web_logo(drawing)) else {
            uris.push(None);
            continue;
        };
        let name = super::body::escape(&alt(org, lang));
        match logo {
            Logo::Vector { width, height, .. } => {
                let paths = &drawing.html;
                let (w, h) = (num(*width), num(*height));
                let _ = write!(
                    html,
                    "<svg class=\"logo\" role=\"img\" aria-label=\"{name}\" viewBox=\"0 0 {w} {h}\">{paths}</svg>"
                );
                let file = format!(
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">{paths}</svg>"
                );
                uris.push(Some(format!(
                    "data:image/svg+xml;base64,{}",
                    base64(file.as_bytes())
                )));
            }
            Logo::Png(raster) => {
                let uri = &drawing.html;
                let _ = write!(
                    html,
                    "<img src=\"{uri}\" alt=\"{name}\" width=\"{}\" height=\"{}\">",
                    raster.width, raster.height
                );
                uris.push(Some(uri.to_string()));
                if let Some(png) = &drawing.png {
                    let file = WebImage {
                        mime: "image/png",
                        bytes: png.clone(),
                    };
                    images.push((uri.to_string(), file));
                }
            }
        }
        html.push('\n');
    }
    Logos { html, uris, images }
}

/// What a page draws of `logo`, the same on every page: a vector logo's `<path>`
/// elements, a PNG logo as a `data:` URI (and its bytes).
fn drawing(logo: &Logo) -> WebLogo {
    match logo {
        Logo::Vector { .. } => WebLogo {
            html: paths(logo),
            png: None,
        },
        Logo::Png(raster) => {
            let png = png(raster);
            WebLogo {
                html: format!("data:image/png;base64,{}", base64(&png)),
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
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, r.width, r.height);
    enc.set_color(color);
    enc.set_depth(png::BitDepth::Eight);
    let written = enc
        .write_header()
        .and_then(|mut w| w.write_image_data(&data));
    match written {
        Ok(()) => out,
        // The raster was decoded from a valid PNG of these dimensions, so encoding it
        // cannot fail; an empty image is the harmless answer if it ever did.
        Err(_) => Vec::new(),
    }
}

pub(super) fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
