//! Photos (`[[photos]]`): the bytes of a JPEG or PNG file become an [`Image`] the pdf stage
//! can embed, or a refusal saying why not.
//!
//! A JPEG is not decoded: PDF's `DCTDecode` filter takes the file as it is, so the photo
//! is embedded byte for byte (no loss, no time spent). What the PDF needs — width, height,
//! colour components — is read from the frame header (`SOF`), and the file is walked
//! marker by marker up to its image data, so a file that is not a JPEG, is cut short
//! before its data, or is of a kind PDF readers do not all show (arithmetic-coded,
//! lossless, 12-bit) is refused here with a message instead of printing as a grey box. A
//! CMYK JPEG (plain or Adobe's inverted kind alike) is refused: the documents' output intent
//! is sRGB (PDF/A), and a CMYK photo would need converting, which is an image editor's job,
//! not a typesetter's.
//!
//! A PNG is decoded with the `png` crate, like the brand's logo (palettes and low bit
//! depths expanded, 16-bit samples cut to 8), its alpha channel kept apart for an `/SMask`.
//!
//! The format is told by the first bytes, not the file's name.

use crate::geom::{Raster, RasterColor};

/// How many pixels a photo may have: 50 million, the frame of a 45-megapixel camera with
/// room to spare. Printed at 300 dpi that is a picture of about 70 × 50 cm, far more than
/// a column of an A4 page needs; a PNG of that size decodes to at most 200 MB. A
/// decompression bomb (a small file declaring a huge image) is refused from its header,
/// before anything is allocated.
pub const MAX_PIXELS: u64 = 50_000_000;

/// How much wider than tall (or taller than wide) a photo may be: the logos' limit
/// (issue 16). Past it the photo would print as a hairline or a sliver.
pub use crate::brand::logo::MAX_ASPECT;

/// A photo ready to embed.
#[derive(Debug, Clone, PartialEq)]
pub enum Image {
    /// A JPEG file, embedded as it is (`DCTDecode`).
    Jpeg(Jpeg),
    /// A decoded PNG.
    Raster(Raster),
}

/// What the PDF needs to know about a JPEG file, and the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Jpeg {
    pub width: u32,
    pub height: u32,
    /// Greyscale (one component) or colour (three).
    pub color: RasterColor,
    pub data: Vec<u8>,
}

impl Image {
    /// Width and height in pixels.
    pub fn size(&self) -> (u32, u32) {
        match self {
            Image::Jpeg(j) => (j.width, j.height),
            Image::Raster(r) => (r.width, r.height),
        }
    }
}

/// Why a file is not a photo that can be embedded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    pub hint: &'static str,
}

fn refuse(message: impl Into<String>, hint: &'static str) -> Refusal {
    Refusal {
        message: message.into(),
        hint,
    }
}

const REEXPORT: &str =
    "open the photo in an image editor and export it again as a baseline sRGB JPEG (or a PNG)";

/// Reads a photo file's bytes.
pub fn decode(bytes: &[u8]) -> Result<Image, Refusal> {
    let image = if bytes.starts_with(b"\xff\xd8\xff") {
        Image::Jpeg(jpeg(bytes)?)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Image::Raster(png(bytes)?)
    } else {
        let what = match crate::brand::logo::other_image_format(bytes) {
            Some(format) => format!("a {format} file"),
            None => "not a JPEG or PNG image".to_string(),
        };
        return Err(refuse(
            format!("it is {what}"),
            "a photo must be a JPEG or PNG file; export it as one",
        ));
    };
    let (w, h) = image.size();
    if !crate::brand::logo::aspect_is_sane(w as f32, h as f32) {
        return Err(refuse(
            format!("it is {w} × {h} pixels: more than {MAX_ASPECT} times as wide as tall or as tall as wide"),
            "crop the photo: a photo fits a box of at most 20:1",
        ));
    }
    Ok(image)
}

fn too_many_pixels(w: u32, h: u32) -> Refusal {
    refuse(
        format!(
            "it is {w} × {h} pixels, more than the {} million a photo may have",
            MAX_PIXELS / 1_000_000
        ),
        "scale the photo down: a full column of an A4 page at 300 dpi is about 2000 pixels wide",
    )
}

/// Walks a JPEG's markers up to its first scan (`SOS`), reading the frame header on the way.
fn jpeg(bytes: &[u8]) -> Result<Jpeg, Refusal> {
    let corrupt = |why: &str| refuse(format!("it is not a valid JPEG ({why})"), REEXPORT);
    let mut frame: Option<(u32, u32, RasterColor)> = None;
    let mut at = 2;
    loop {
        // Markers may be padded with any number of 0xFF bytes.
        while bytes.get(at) == Some(&0xff) && bytes.get(at + 1) == Some(&0xff) {
            at += 1;
        }
        let (Some(&0xff), Some(&marker)) = (bytes.get(at), bytes.get(at + 1)) else {
            return Err(corrupt("the file ends before its image data"));
        };
        at += 2;
        // Standalone markers carry no length.
        if marker == 0x01 || (0xd0..=0xd7).contains(&marker) {
            continue;
        }
        if marker == 0xd9 {
            return Err(corrupt("the file ends before its image data"));
        }
        let len = match bytes.get(at..at + 2) {
            Some(&[a, b]) => usize::from(u16::from_be_bytes([a, b])),
            _ => return Err(corrupt("the file ends inside a header")),
        };
        let Some(segment) = bytes.get(at + 2..at + len).filter(|_| len >= 2) else {
            return Err(corrupt("the file ends inside a header"));
        };
        match marker {
            0xc0..=0xc2 => frame = Some(sof(segment)?),
            0xc3 | 0xc5..=0xc7 | 0xc9..=0xcb | 0xcd..=0xcf => {
                return Err(refuse(
                    "it is a lossless, hierarchical or arithmetic-coded JPEG, which PDF readers do not all show",
                    REEXPORT,
                ));
            }
            0xda => break,
            _ => {}
        }
        at += len;
    }
    let Some((width, height, color)) = frame else {
        return Err(corrupt("no frame header before the image data"));
    };
    // The entropy-coded data runs to the end-of-image marker; a file cut short (a partial
    // download) would print with its lower part grey.
    let end = bytes.len() - bytes.iter().rev().take_while(|&&b| b == 0).count();
    if !bytes[..end].ends_with(b"\xff\xd9") {
        return Err(corrupt(
            "the file is cut short: it has no end-of-image marker",
        ));
    }
    Ok(Jpeg {
        width,
        height,
        color,
        data: bytes.to_vec(),
    })
}

/// A frame header: precision, height, width, components.
fn sof(segment: &[u8]) -> Result<(u32, u32, RasterColor), Refusal> {
    let &[precision, h1, h0, w1, w0, components, ..] = segment else {
        return Err(refuse(
            "it is not a valid JPEG (a short frame header)",
            REEXPORT,
        ));
    };
    let (w, h) = (
        u32::from(u16::from_be_bytes([w1, w0])),
        u32::from(u16::from_be_bytes([h1, h0])),
    );
    if precision != 8 {
        return Err(refuse(
            format!("it is a {precision}-bit JPEG; PDF takes 8-bit JPEGs"),
            REEXPORT,
        ));
    }
    if w == 0 || h == 0 {
        return Err(refuse(
            "it is a JPEG whose height is given after its data (DNL), or it is empty",
            REEXPORT,
        ));
    }
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(too_many_pixels(w, h));
    }
    match components {
        1 => Ok((w, h, RasterColor::Gray)),
        3 => Ok((w, h, RasterColor::Rgb)),
        4 => Err(refuse(
            "it is a CMYK JPEG; the document's colours are sRGB (PDF/A output intent)",
            "convert the photo to sRGB in an image editor and export it as a JPEG",
        )),
        n => Err(refuse(
            format!("it is a JPEG with {n} colour components"),
            REEXPORT,
        )),
    }
}

fn png(bytes: &[u8]) -> Result<Raster, Refusal> {
    use crate::brand::logo::PngError;
    crate::brand::logo::decode_bounded(bytes, MAX_PIXELS).map_err(|e| match e {
        PngError::Invalid(why) => refuse(format!("it is not a valid PNG ({why})"), REEXPORT),
        PngError::TooLarge(w, h) => too_many_pixels(w, h),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal JPEG header: SOI, an SOF of `marker` with `components`, SOS, data, EOI.
    fn jpeg_bytes(marker: u8, precision: u8, w: u16, h: u16, components: u8) -> Vec<u8> {
        let mut b = vec![0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0];
        let n = 8 + 3 * usize::from(components);
        b.extend([0xff, marker, 0, n as u8, precision]);
        b.extend(h.to_be_bytes());
        b.extend(w.to_be_bytes());
        b.push(components);
        for c in 0..components {
            b.extend([c + 1, 0x11, 0]);
        }
        b.extend([0xff, 0xda, 0, 2, 1, 2, 3, 0xff, 0xd9]);
        b
    }

    #[test]
    fn jpeg_size_and_colour_come_from_the_frame_header() {
        let Ok(Image::Jpeg(j)) = decode(&jpeg_bytes(0xc0, 8, 640, 480, 3)) else {
            panic!("baseline RGB JPEG refused");
        };
        assert_eq!((j.width, j.height, j.color), (640, 480, RasterColor::Rgb));
        let Ok(Image::Jpeg(j)) = decode(&jpeg_bytes(0xc2, 8, 20, 10, 1)) else {
            panic!("progressive grey JPEG refused");
        };
        assert_eq!(j.color, RasterColor::Gray);
    }

    #[test]
    fn unsuitable_jpegs_are_refused_with_the_reason() {
        let why = |b: Vec<u8>| decode(&b).unwrap_err().message;
        assert!(why(jpeg_bytes(0xc0, 8, 64, 48, 4)).contains("CMYK"));
        assert!(why(jpeg_bytes(0xc0, 12, 64, 48, 3)).contains("12-bit"));
        assert!(why(jpeg_bytes(0xc9, 8, 64, 48, 3)).contains("arithmetic"));
        assert!(why(jpeg_bytes(0xc0, 8, 60000, 60000, 3)).contains("million"));
        assert!(why(jpeg_bytes(0xc0, 8, 2000, 50, 3)).contains("20 times"));
        let mut cut = jpeg_bytes(0xc0, 8, 64, 48, 3);
        cut.truncate(cut.len() - 2);
        assert!(why(cut).contains("cut short"));
        let header_only = jpeg_bytes(0xc0, 8, 64, 48, 3)[..12].to_vec();
        assert!(why(header_only).contains("ends"));
    }

    #[test]
    fn other_files_are_named_for_what_they_are() {
        assert!(decode(b"GIF89a....").unwrap_err().message.contains("GIF"));
        assert!(decode(b"hello")
            .unwrap_err()
            .message
            .contains("not a JPEG or PNG"));
        assert!(decode(b"").is_err());
    }

    #[test]
    fn every_prefix_of_a_jpeg_is_answered_without_panic() {
        let b = jpeg_bytes(0xc0, 8, 64, 48, 3);
        for end in 0..b.len() {
            let _ = decode(&b[..end]);
        }
    }
}
