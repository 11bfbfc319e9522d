//! Logo files: PNG (kept as bytes for the pdf stage to embed) or SVG (turned into paths).
//!
//! The format is told by the file's first bytes, not its name, so a misnamed file still
//! works and a JPEG gets a precise message instead of an XML syntax error.

use super::svg;
use crate::diag::Diagnostic;
use crate::geom::{PathOp, Rgb};
use std::sync::Arc;

/// A logo ready for layout.
#[derive(Debug, Clone)]
pub enum Logo {
    /// Filled vector paths in a box of `width` × `height` (SVG user units, y down, origin at
    /// the box's top-left corner). Layout scales and places them.
    Vector {
        width: f32,
        height: f32,
        shapes: Vec<(Vec<PathOp>, Rgb)>,
    },
    /// PNG bytes (shared: every document's page tree refers to them) and the pixel size.
    Png {
        data: Arc<[u8]>,
        width: u32,
        height: u32,
    },
}

impl Logo {
    /// Height divided by width: what layout multiplies the brand's logo width by.
    pub fn aspect(&self) -> f32 {
        match *self {
            Logo::Vector { width, height, .. } => height / width,
            Logo::Png { width, height, .. } => height as f32 / width as f32,
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
        return Err(
            Diagnostic::error(name, format!("{format} logos are not supported"))
                .with_hint("convert the logo to SVG (best) or PNG"),
        );
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Diagnostic::error(
            name,
            format!(
                "logo is neither PNG nor SVG (not UTF-8 text at byte {})",
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

/// Reads the pixel size from the IHDR chunk, which the PNG specification requires to come
/// first: signature (8 bytes), chunk length (4), `IHDR` (4), width (4), height (4), ….
fn parse_png(name: &str, bytes: &[u8]) -> Result<Logo, Diagnostic> {
    let bad = |why: &str| {
        Diagnostic::error(name, format!("invalid PNG logo ({why})"))
            .with_hint("re-export the logo from an image editor")
    };
    let be =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    if bytes.len() < 33 {
        return Err(bad("the file ends inside its header"));
    }
    if &bytes[12..16] != b"IHDR" || be(8) != 13 {
        return Err(bad("the first chunk is not a 13-byte IHDR"));
    }
    let (width, height) = (be(16), be(20));
    if width == 0 || height == 0 {
        return Err(bad("the image is empty"));
    }
    Ok(Logo::Png {
        data: bytes.into(),
        width,
        height,
    })
}
