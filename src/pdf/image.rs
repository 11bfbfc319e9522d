//! Raster images (the brand's PNG logo) as image XObjects: 8-bit `DeviceRGB` or `DeviceGray`
//! samples, deflated. A transparent logo is composited onto white, the paper it is printed on:
//! the file then holds no transparency at all (no `/SMask`), which every PDF/A part and
//! every printer handles the same way.
//!
//! printpdf decodes the PNG (its `image` dependency). A brand's logo is the same in every
//! release, so decoded images are kept for the process, by content.

use super::writer::{Pack, Ref, Writer};
use std::sync::{Arc, Mutex};

/// An image's samples, ready to write.
#[derive(Debug)]
pub struct Decoded {
    width: usize,
    height: usize,
    /// 1 (gray) or 3 (RGB) samples per pixel.
    colors: u8,
    samples: Vec<u8>,
}

/// An image's source bytes and what they decoded to (`None` if they could not be).
type Entry = (Arc<[u8]>, Option<Arc<Decoded>>);

/// Images decoded so far. A brand has one logo; a few entries cover any real batch.
static DECODED: Mutex<Vec<Entry>> = Mutex::new(Vec::new());
const KEEP: usize = 8;

/// Decodes `data` (from the cache when it was decoded before). `None` for data that does not
/// decode: the brand stage has checked the logo, and an image that still fails is left out
/// rather than failing the document.
pub fn decode(data: &[u8]) -> Option<Arc<Decoded>> {
    let lock = || DECODED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, d)) = lock().iter().find(|(src, _)| &src[..] == data) {
        return d.clone();
    }
    let decoded = decode_uncached(data).map(Arc::new);
    let mut cache = lock();
    if cache.len() >= KEEP {
        cache.remove(0);
    }
    cache.push((data.into(), decoded.clone()));
    decoded
}

fn decode_uncached(data: &[u8]) -> Option<Decoded> {
    use printpdf::{RawImageData, RawImageFormat as F};
    let mut warnings = Vec::new();
    let raw = printpdf::RawImage::decode_from_bytes(data, &mut warnings).ok()?;
    // Every sample as 8 bits.
    let bytes: Vec<u8> = match raw.pixels {
        RawImageData::U8(v) => v,
        RawImageData::U16(v) => v.iter().map(|&s| (s >> 8) as u8).collect(),
        RawImageData::F32(v) => v
            .iter()
            .map(|&s| (s.clamp(0.0, 1.0) * 255.0).round() as u8)
            .collect(),
    };
    // (channels in the data, colour channels, alpha channel, colour order reversed)
    let (channels, colors, alpha, bgr) = match raw.data_format {
        F::R8 | F::R16 => (1, 1, false, false),
        F::RG8 | F::RG16 => (2, 1, true, false),
        F::RGB8 | F::RGB16 | F::RGBF32 => (3, 3, false, false),
        F::RGBA8 | F::RGBA16 | F::RGBAF32 => (4, 3, true, false),
        F::BGR8 => (3, 3, false, true),
        F::BGRA8 => (4, 3, true, true),
    };
    let pixels = raw.width.checked_mul(raw.height)?;
    if bytes.len() < pixels.checked_mul(channels)? {
        return None;
    }
    let mut samples = Vec::with_capacity(pixels * colors);
    for px in bytes.chunks_exact(channels).take(pixels) {
        let alpha = if alpha { px[channels - 1] } else { 255 };
        // Over white: c·a + 255·(1 − a), rounded.
        let over_white = |c: u8| {
            let (c, a) = (u32::from(c), u32::from(alpha));
            ((c * a + 255 * (255 - a) + 127) / 255) as u8
        };
        if bgr {
            samples.extend([px[2], px[1], px[0]].map(over_white));
        } else {
            samples.extend(px[..colors].iter().map(|&c| over_white(c)));
        }
    }
    Some(Decoded {
        width: raw.width,
        height: raw.height,
        colors: colors as u8,
        samples,
    })
}

/// Writes `image` as an image XObject and returns it.
pub fn write(w: &mut Writer, image: &Decoded) -> Ref {
    let xobject = w.alloc();
    let space = if image.colors == 1 {
        "DeviceGray"
    } else {
        "DeviceRGB"
    };
    w.stream(xobject, &image.samples, Pack::DeflateShared, |d| {
        d.name("Type", "XObject")
            .name("Subtype", "Image")
            .int("Width", image.width as i64)
            .int("Height", image.height as i64)
            .name("ColorSpace", space)
            .int("BitsPerComponent", 8);
    });
    xobject
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG of `w` × `h` pixels, RGBA, via the `image` crate printpdf uses.
    fn png_rgba(w: u32, h: u32, alpha: u8) -> Vec<u8> {
        let mut out = Vec::new();
        let enc = image::codecs::png::PngEncoder::new(&mut out);
        let px: Vec<u8> = (0..w * h).flat_map(|i| [i as u8, 10, 20, alpha]).collect();
        image::ImageEncoder::write_image(enc, &px, w, h, image::ExtendedColorType::Rgba8).unwrap();
        out
    }

    #[test]
    fn transparency_is_composited_onto_white() {
        let d = decode(&png_rgba(3, 2, 128)).unwrap();
        assert_eq!((d.width, d.height, d.colors), (3, 2, 3));
        assert_eq!(d.samples.len(), 18);
        // Pixel 1 is (1, 10, 20) at alpha 128: about halfway to white.
        assert_eq!(&d.samples[3..6], &[128, 132, 137]);
        let opaque = decode(&png_rgba(3, 2, 255)).unwrap();
        assert_eq!(&opaque.samples[3..6], &[1, 10, 20]);
        let clear = decode(&png_rgba(3, 2, 0)).unwrap();
        assert!(clear.samples.iter().all(|&c| c == 255));
    }

    #[test]
    fn undecodable_data_is_none_and_cached_as_such() {
        assert!(decode(b"not an image").is_none());
        assert!(decode(b"not an image").is_none());
    }
}
