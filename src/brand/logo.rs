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

/// How many pixels a PNG logo may have: 4096 × 4096. A 30 mm logo printed at 1200 dpi is
/// 1417 pixels wide, so this leaves room for any real logo, while a decompression bomb (a
/// 445 KB file of 12000 × 12000 white pixels was decoded to 430 MB and embedded as is; a
/// 74-byte file declaring 100000 × 100000 asked for 30 GB) is refused from its header,
/// before anything is allocated.
pub const MAX_PIXELS: u64 = 4096 * 4096;

/// How much taller than wide, or wider than tall, a logo may be. The letterhead sets the
/// logo at the brand's width (typically 20–30 mm) beside the organisation's name: 20 times
/// as tall would already run off an A4 page, 20 times as wide would be a hairline; real
/// marks and wordmarks stay well inside (about 1:4 to 8:1). Past it the file is wrong (a
/// viewBox with a slipped digit), and it drew over the page instead of being refused.
pub const MAX_ASPECT: f32 = 20.0;

/// Whether a logo of `width` × `height` (positive and finite) has a sane aspect ratio.
pub fn aspect_is_sane(width: f32, height: f32) -> bool {
    let ratio = height / width;
    ratio.is_finite() && (1.0 / MAX_ASPECT..=MAX_ASPECT).contains(&ratio)
}

/// The message and hint for a logo whose aspect ratio is not sane.
pub fn aspect_error(width: f64, height: f64) -> (String, &'static str) {
    (
        format!(
            "the logo is {width} × {height}: more than {MAX_ASPECT} times as {} as it is {}",
            if height > width { "tall" } else { "wide" },
            if height > width { "wide" } else { "tall" },
        ),
        "check the logo's size (an SVG's viewBox, a PNG's pixels); a logo fits a box of at most 20:1",
    )
}

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

/// The name of an image format other than PNG and SVG that `bytes` start like, for a
/// message that says what the file is (the photo reader asks too).
pub(crate) fn other_image_format(bytes: &[u8]) -> Option<&'static str> {
    let formats: [(&[u8], &str); 7] = [
        (b"\xff\xd8\xff", "JPEG"),
        (b"GIF8", "GIF"),
        (b"%PDF", "PDF"),
        (b"RIFF", "WebP"),
        (b"BM", "BMP"),
        (b"II*\0", "TIFF"),
        (b"MM\0*", "TIFF"),
    ];
    formats
        .into_iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, format)| format)
}

/// Decodes a PNG: palette and low bit depths expanded, 16-bit samples cut to their high byte
/// (a logo needs no more), and the alpha channel split off.
fn parse_png(name: &str, bytes: &[u8]) -> Result<Logo, Diagnostic> {
    let image = decode_png(name, bytes)?;
    if !aspect_is_sane(image.width as f32, image.height as f32) {
        let (message, hint) = aspect_error(image.width.into(), image.height.into());
        return Err(Diagnostic::error(name, format!("{message} pixels")).with_hint(hint));
    }
    Ok(Logo::Png(Arc::new(image)))
}

fn decode_png(name: &str, bytes: &[u8]) -> Result<Raster, Diagnostic> {
    decode_bounded(bytes, MAX_PIXELS).map_err(|e| match e {
        PngError::Invalid(why) => {
            Diagnostic::error(name, format!("invalid PNG logo {name:?} ({why})"))
                .with_hint("re-export the logo from an image editor (or use an SVG logo)")
        }
        PngError::TooLarge(w, h) => Diagnostic::error(
            name,
            format!(
                "PNG logo {name:?} is {w} × {h} pixels, more than the {} million a logo may have",
                MAX_PIXELS / 1_000_000
            ),
        )
        .with_hint("scale the logo down: 30 mm at 600 dpi is 709 pixels wide (or use an SVG logo)"),
    })
}

/// Why a PNG (logo or photo) was not decoded.
pub(crate) enum PngError {
    Invalid(String),
    /// Its header declares more than the pixels allowed (width, height).
    TooLarge(u32, u32),
}

/// Decodes a PNG of at most `max_pixels`, checked from the header before the image data is
/// read; the decoder may allocate no more than 8-bit RGBA of that size, the widest it
/// produces here.
pub(crate) fn decode_bounded(bytes: &[u8], max_pixels: u64) -> Result<Raster, PngError> {
    let limits = png::Limits {
        bytes: (max_pixels * 4) as usize,
    };
    let mut decoder = png::Decoder::new_with_limits(std::io::Cursor::new(bytes), limits);
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let header = decoder
        .read_header_info()
        .map_err(|e| PngError::Invalid(e.to_string()))?;
    let (w, h) = (header.width, header.height);
    if u64::from(w) * u64::from(h) > max_pixels {
        return Err(PngError::TooLarge(w, h));
    }
    decode_frame(decoder).map_err(PngError::Invalid)
}

fn decode_frame(decoder: png::Decoder<std::io::Cursor<&[u8]>>) -> Result<Raster, String> {
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
