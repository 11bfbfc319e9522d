//! Logo files: PNG (decoded here, once, for the pdf stage to embed) or SVG (turned into paths).
//!
//! The format is told by the file's first bytes, not its name, so a misnamed file still
//! works and a JPEG gets a precise message instead of an XML syntax error. A PNG is decoded
//! completely (every chunk's CRC, the image data, the end) when the brand is loaded, so a
//! damaged file is an error at start-up, not a logo that silently goes missing from every
//! document.

use super::svg;
use crate::diag::Diagnostic;
use crate::geom::{FillRule, PathOp, Raster, RasterColor, Rgb};
use std::sync::Arc;

/// A logo ready for layout.
#[derive(Debug, Clone)]
pub enum Logo {
    /// Filled vector paths (each with its colour and fill rule) in a box of `width` × `height` (SVG user units, y down, origin at
    /// the box's top-left corner). Layout scales and places them.
    Vector {
        width: f32,
        height: f32,
        shapes: Vec<(Vec<PathOp>, Rgb, FillRule)>,
    },
    /// A decoded PNG (shared: every document's page tree refers to it).
    Png(Arc<Raster>),
}

impl Logo {
    /// Height divided by width: what layout multiplies the brand's logo width by.
    pub fn aspect(&self) -> f32 {
        match *self {
            Logo::Vector { width, height, .. } => height / width,
            Logo::Png(ref image) => image.height as f32 / image.width as f32,
        }
    }
}

const PNG_SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

/// Reads a PNG or SVG logo; `name` is the logo file's name, for diagnostics.
pub fn parse_logo(name: &str, bytes: &[u8]) -> Result<Logo, Diagnostic> {
    if bytes.starts_with(PNG_SIGNATURE) {
        return parse_png(name, bytes);
    }
    if let Some(format) = other_image_format(bytes) {
        return Err(Diagnostic::error(
            name,
            format!("logo {name:?} is a {format}, which is not supported"),
        )
        .with_hint("convert the logo to SVG (best) or PNG"));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Diagnostic::error(
            name,
            format!(
                "logo {name:?} is neither PNG nor SVG (not UTF-8 text at byte {})",
                e.valid_up_to()
            ),
        )
        .with_hint("a logo must be an SVG or a PNG file")
    })?;
    svg::parse(name, text.strip_prefix('\u{feff}').unwrap_or(text))
}

fn other_image_format(bytes: &[u8]) -> Option<&'static str> {
    let formats: [(&[u8], &str); 5] = [
        (b"\xff\xd8\xff", "JPEG"),
        (b"GIF8", "GIF"),
        (b"%PDF", "PDF"),
        (b"RIFF", "WebP"),
        (b"BM", "BMP"),
    ];
    formats
        .into_iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, format)| format)
}

/// Decodes a PNG: palette and low bit depths expanded, 16-bit samples cut to their high byte
/// (a logo needs no more), and the alpha channel split off.
fn parse_png(name: &str, bytes: &[u8]) -> Result<Logo, Diagnostic> {
    let image = decode_png(bytes).map_err(|why| {
        Diagnostic::error(name, format!("invalid PNG logo {name:?} ({why})"))
            .with_hint("re-export the logo from an image editor (or use an SVG logo)")
    })?;
    Ok(Logo::Png(Arc::new(image)))
}

fn decode_png(bytes: &[u8]) -> Result<Raster, String> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let size = reader
        .output_buffer_size()
        .ok_or("the image is too large")?;
    let mut buf = vec![0; size];
    let frame = reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    // The chunks after the image data, up to `IEND`: a file cut short is refused too.
    reader.finish().map_err(|e| e.to_string())?;
    buf.truncate(frame.buffer_size());
    let (width, height) = (frame.width, frame.height);
    if width == 0 || height == 0 {
        return Err("the image is empty".into());
    }
    let (color, alpha) = match frame.color_type {
        png::ColorType::Grayscale => (RasterColor::Gray, false),
        png::ColorType::GrayscaleAlpha => (RasterColor::Gray, true),
        png::ColorType::Rgb => (RasterColor::Rgb, false),
        png::ColorType::Rgba => (RasterColor::Rgb, true),
        // `normalize_to_color8` expands palettes to RGB.
        png::ColorType::Indexed => return Err("a palette image was not expanded".into()),
    };
    if !alpha {
        return Ok(Raster {
            width,
            height,
            color,
            samples: buf,
            alpha: None,
        });
    }
    let n = color.channels();
    let pixels = buf.len() / (n + 1);
    let mut samples = Vec::with_capacity(pixels * n);
    let mut alphas = Vec::with_capacity(pixels);
    for px in buf.chunks_exact(n + 1) {
        samples.extend_from_slice(&px[..n]);
        alphas.push(px[n]);
    }
    Ok(Raster {
        width,
        height,
        color,
        samples,
        alpha: Some(alphas),
    })
}
