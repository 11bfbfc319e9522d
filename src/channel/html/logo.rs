//! The brand's logos for a page: inline SVG drawn from the logo's paths, or the PNG as a
//! `data:` URI, so the page fetches nothing.
//!
//! The brand stage keeps a logo decoded (paths, or samples with the alpha apart, as the PDF
//! takes them); this re-encodes it. Numbers are written with at most two decimals, so the
//! bytes never depend on float formatting beyond that.

use crate::brand::{Brand, Logo};
use crate::geom::{FillRule, PathOp, Raster, RasterColor};
use crate::lang::Lang;
use base64::Engine as _;
use std::fmt::Write;

/// Every organisation's logo as HTML (`<svg role="img">` or `<img>`), named by the
/// organisation's short name in `lang`.
pub fn logos(brand: &Brand, lang: Lang) -> String {
    let mut o = String::new();
    for org in brand.organisations() {
        let Some((logo, _)) = &org.logo else { continue };
        let name = super::body::escape(&alt(org, lang));
        match logo {
            Logo::Vector { .. } => {
                let svg = svg(logo, Some(&name));
                o.push_str(&svg);
            }
            Logo::Png(raster) => {
                let _ = write!(
                    o,
                    "<img src=\"data:image/png;base64,{}\" alt=\"{name}\" width=\"{}\" height=\"{}\">",
                    base64(&png(raster)),
                    raster.width,
                    raster.height
                );
            }
        }
        o.push('\n');
    }
    o
}

/// The organisation's logo as a `data:` URI (for JSON-LD), if it has one.
pub fn data_uri(org: &Brand) -> Option<String> {
    let (logo, _) = org.logo.as_ref()?;
    Some(match logo {
        Logo::Vector { .. } => format!(
            "data:image/svg+xml;base64,{}",
            base64(svg(logo, None).as_bytes())
        ),
        Logo::Png(raster) => format!("data:image/png;base64,{}", base64(&png(raster))),
    })
}

fn alt(org: &Brand, lang: Lang) -> String {
    match org.own_short_name(lang) {
        "" => org.name_lines(lang).join(" "),
        short => short.to_string(),
    }
}

/// A vector logo as an SVG element; with a name, labelled as an image for assistive
/// technology, without one a standalone file (for a `data:` URI).
fn svg(logo: &Logo, name: Option<&str>) -> String {
    let Logo::Vector {
        width,
        height,
        shapes,
    } = logo
    else {
        return String::new();
    };
    let (w, h) = (num(*width), num(*height));
    let mut o = match name {
        Some(name) => format!(
            "<svg class=\"logo\" role=\"img\" aria-label=\"{name}\" viewBox=\"0 0 {w} {h}\">"
        ),
        None => format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">"
        ),
    };
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
    o.push_str("</svg>");
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
fn png(r: &Raster) -> Vec<u8> {
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

fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
