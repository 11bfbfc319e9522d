//! Photos (`[[photos]]`): the bytes of a JPEG or PNG file become an [`Image`] the pdf stage
//! can embed, or a refusal saying why not; and [`fit`] shrinks a photo far larger than its
//! place on the page.
//!
//! A JPEG is embedded as the file it is: PDF's `DCTDecode` filter takes it whole (no loss,
//! no time spent re-encoding). What the PDF needs — width, height, colour components — is
//! read from the frame header (`SOF`), and the file is walked marker by marker up to its
//! image data, so a file that is not a JPEG, or is of a kind PDF readers do not all show
//! (arithmetic-coded, lossless, 12-bit) is refused with a message instead of printing as a
//! grey box. Then the image data itself is decoded once (`zune-jpeg`, strict), so damaged or
//! cut-short data is refused here too, instead of printing grey or striped: a PDF viewer
//! decodes it only when the page is shown, long after the release went out. A CMYK JPEG
//! (plain or Adobe's inverted kind alike) is refused: the documents' output intent is sRGB
//! (PDF/A), and a CMYK photo would need converting, which is an image editor's job, not a
//! typesetter's.
//!
//! A PNG is decoded with the `png` crate, like the brand's logo (palettes and low bit
//! depths expanded, 16-bit samples cut to 8), its alpha channel kept apart.
//!
//! The format is told by the first bytes, not the file's name.
//!
//! The pixels that check decodes are kept with the JPEG ([`Jpeg::pixels`]): a camera photo
//! is shrunk for the PDF and again for the web page, and decoding it was most of the work
//! of both (a 24-megapixel JPEG is about 0.15 s of decoding, each time). A release's
//! pixels are kept up to [`KEEP_PIXELS`]; past that a photo is decoded again when shrunk.

mod resample;

use std::borrow::Cow;
use std::sync::Arc;

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
    /// A PNG file, decoded, and the file.
    Png(Png),
    /// Pixels with no file of their own (a photo shrunk, a picture drawn).
    Raster(Raster),
}

/// A PNG photo: its pixels for the PDF, and its file, which the web page and the e-mail
/// carry as it is when they need no fewer pixels (as they carry a JPEG's), instead of
/// encoding the pixels again: for the photo example's map, 58 M instructions per release
/// for a file larger than the user's (3,499 bytes against 2,987).
#[derive(Debug, Clone, PartialEq)]
pub struct Png {
    pub raster: Raster,
    pub file: Vec<u8>,
}

/// What the PDF needs to know about a JPEG file, and the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Jpeg {
    pub width: u32,
    pub height: u32,
    /// Greyscale (one component) or colour (three).
    pub color: RasterColor,
    pub data: Vec<u8>,
    /// The file's pixels, as [`decode`] decoded them to check the file, for [`fit`] and
    /// [`shrink_to_width`]; `None` for a JPEG this module encoded, and for one whose pixels
    /// were let go ([`Image::forget_pixels`]), which is then decoded again if shrunk.
    pub pixels: Option<Arc<Raster>>,
}

/// How many bytes of decoded pixels one release's photos keep ([`Jpeg::pixels`]): 100 MB,
/// a 24-megapixel camera photo in colour (72 MB), two of 12, five of 6. Kept pixels add to
/// a build's peak memory (per batch job: each holds one release's at a time): a release
/// with four 24-megapixel photos peaked at 171 MB for its PDF with none kept, 230 MB with
/// one (265 MB with two, at a bound of 160 MB). Past the bound a photo is decoded again
/// where it is shrunk, as all were before.
pub const KEEP_PIXELS: usize = 100_000_000;

impl Image {
    /// Width and height in pixels.
    pub fn size(&self) -> (u32, u32) {
        match self {
            Image::Jpeg(j) => (j.width, j.height),
            Image::Png(p) => (p.raster.width, p.raster.height),
            Image::Raster(r) => (r.width, r.height),
        }
    }

    /// The file the image was read from (`None` for pixels with no file of their own).
    pub fn file(&self) -> Option<&[u8]> {
        match self {
            Image::Jpeg(j) => Some(&j.data),
            Image::Png(p) => Some(&p.file),
            Image::Raster(_) => None,
        }
    }

    /// The bytes of decoded pixels kept beside a JPEG's file ([`Jpeg::pixels`]).
    pub fn kept_pixels(&self) -> usize {
        match self {
            Image::Jpeg(Jpeg {
                pixels: Some(r), ..
            }) => r.samples.len(),
            _ => 0,
        }
    }

    /// Lets a JPEG's decoded pixels go: they are decoded again if the photo is shrunk.
    pub fn forget_pixels(&mut self) {
        if let Image::Jpeg(j) = self {
            j.pixels = None;
        }
    }
}

/// The bound on one release's kept pixels ([`KEEP_PIXELS`]), photo by photo in the order
/// they are read: each keeps its pixels if they fit in what is left, else lets them go.
#[derive(Debug)]
pub struct Keeper {
    left: usize,
}

impl Keeper {
    pub fn new(budget: usize) -> Keeper {
        Keeper { left: budget }
    }

    /// Keeps `image`'s pixels within the bound, or lets them go.
    pub fn admit(&mut self, image: &mut Image) {
        match self.left.checked_sub(image.kept_pixels()) {
            Some(left) => self.left = left,
            None => image.forget_pixels(),
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
        Image::Png(Png {
            raster: png(bytes)?,
            file: bytes.to_vec(),
        })
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
    sane_aspect(w, h)?;
    Ok(image)
}

fn sane_aspect(w: u32, h: u32) -> Result<(), Refusal> {
    if crate::brand::logo::aspect_is_sane(w as f32, h as f32) {
        return Ok(());
    }
    Err(refuse(
        format!("it is {w} × {h} pixels: more than {MAX_ASPECT} times as wide as tall or as tall as wide"),
        "crop the photo: a photo fits a box of at most 20:1",
    ))
}

/// How far past the resolution asked for a photo may go before it is downsampled: 1.5, so
/// at the default of 300 dpi a photo of up to 450 dpi at its placed size stays as it is.
/// Shrinking a JPEG means decoding and re-encoding it, a second generation of loss, which
/// is only worth it when the file gets much smaller; 1.5 is where the usual PDF exporters
/// draw the line too ("downsample above 450 ppi to 300 ppi").
pub const DOWNSAMPLE_ABOVE: f32 = 1.5;

/// The JPEG quality a downsampled JPEG photo is re-encoded at (0–100): 90, high enough that
/// a second generation shows no blocks in print, with the colour at half resolution (4:2:0)
/// as cameras store it.
pub const JPEG_QUALITY: u8 = 90;

/// `image` shrunk to `dpi` at its largest placed size of `width` × `height` points, when
/// it has more than [`DOWNSAMPLE_ABOVE`] times the pixels that needs (in each direction);
/// `None` when it is kept as it is (also when `dpi` is 0: keep every photo as it is).
/// A JPEG is decoded, averaged down and re-encoded ([`JPEG_QUALITY`]), and kept as it was
/// if that is not smaller; a PNG is averaged down. The same input gives the same bytes on
/// every machine.
pub fn fit(image: &Image, width: f32, height: f32, dpi: u32) -> Option<Image> {
    let (w, h) = image.size();
    let (new_w, new_h) = target_size(w, h, width, height, dpi)?;
    shrink(image, new_w, new_h)
}

/// `image` shrunk to `max_width` pixels wide, the height in proportion, when it is wider;
/// `None` when it is kept as it is (also when a re-encoded JPEG would not be smaller). The
/// web page's bound ([`crate::channel::html`]): a browser shows a photo at the width of
/// its column, so pixels past a high-density screen's need are only bytes to download.
pub fn shrink_to_width(image: &Image, max_width: u32) -> Option<Image> {
    let (w, h) = image.size();
    if w <= max_width || max_width == 0 {
        return None;
    }
    let scale = f64::from(max_width) / f64::from(w);
    let new_h = ((f64::from(h) * scale).round() as u32).clamp(1, h);
    shrink(image, max_width, new_h)
}

/// `image` averaged down to `new_w` × `new_h` pixels (a JPEG re-encoded, and `None` when
/// that is not smaller than the file it was).
fn shrink(image: &Image, new_w: u32, new_h: u32) -> Option<Image> {
    let (w, h) = image.size();
    match image {
        Image::Raster(r) | Image::Png(Png { raster: r, .. }) => {
            Some(Image::Raster(resample::area_average(r, new_w, new_h)))
        }
        Image::Jpeg(j) => {
            let raster = match &j.pixels {
                Some(pixels) => Cow::Borrowed(&**pixels),
                // `decode` decoded these bytes already; the same decoder cannot fail now,
                // and if it did the photo would stay as it is, which is still right, only
                // larger.
                None => Cow::Owned(Raster {
                    width: w,
                    height: h,
                    color: j.color,
                    samples: decode_jpeg(&j.data, j.color).ok()?,
                    alpha: None,
                }),
            };
            let small = encode_jpeg(&resample::area_average(&raster, new_w, new_h))?;
            // A file saved at a low quality can come out larger at fewer pixels: then the
            // original is both better and smaller.
            (small.data.len() < j.data.len()).then_some(Image::Jpeg(small))
        }
    }
}

/// The pixel size a `w` × `h` photo placed at `width` × `height` points is shrunk to at
/// `dpi`, or `None` if it is kept. The scale is the larger of the two directions', so the
/// photo keeps its proportions and both directions get at least `dpi`.
fn target_size(w: u32, h: u32, width: f32, height: f32, dpi: u32) -> Option<(u32, u32)> {
    if dpi == 0 || !(width > 0.0 && height > 0.0) {
        return None;
    }
    let inch = |pt: f32| f64::from(pt) / 72.0 * f64::from(dpi);
    let scale = (inch(width) / f64::from(w)).max(inch(height) / f64::from(h));
    if scale * f64::from(DOWNSAMPLE_ABOVE) >= 1.0 {
        return None;
    }
    let shrink = |n: u32| ((f64::from(n) * scale).ceil() as u32).clamp(1, n);
    Some((shrink(w), shrink(h)))
}

fn encode_jpeg(image: &Raster) -> Option<Jpeg> {
    use jpeg_encoder::{ColorType, Encoder, SamplingFactor};
    let mut data = Vec::new();
    let mut encoder = Encoder::new(&mut data, JPEG_QUALITY);
    encoder.set_sampling_factor(SamplingFactor::F_2_2);
    let color = match image.color {
        RasterColor::Gray => ColorType::Luma,
        RasterColor::Rgb => ColorType::Rgb,
    };
    let (w, h) = (
        u16::try_from(image.width).ok()?,
        u16::try_from(image.height).ok()?,
    );
    encoder.encode(&image.samples, w, h, color).ok()?;
    Some(Jpeg {
        width: image.width,
        height: image.height,
        color: image.color,
        data,
        pixels: None,
    })
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
    // Refused before the (slower) decoding of the data, like the size in `sof`.
    sane_aspect(width, height)?;
    let samples = decode_jpeg(bytes, color)
        .map_err(|why| corrupt(&format!("its image data is damaged: {why}")))?;
    Ok(Jpeg {
        width,
        height,
        color,
        data: bytes.to_vec(),
        pixels: Some(Arc::new(Raster {
            width,
            height,
            color,
            samples,
            alpha: None,
        })),
    })
}

/// The pixels of a JPEG (RGB or grey, as `color` says) decoded in strict mode, which
/// refuses what the lenient default would paper over: data that ends early, a scan that
/// runs short, an unknown marker inside the data.
fn decode_jpeg(bytes: &[u8], color: RasterColor) -> Result<Vec<u8>, String> {
    use zune_jpeg::zune_core::{
        bytestream::ZCursor, colorspace::ColorSpace, options::DecoderOptions,
    };
    let out = match color {
        RasterColor::Gray => ColorSpace::Luma,
        RasterColor::Rgb => ColorSpace::RGB,
    };
    // The size limits are ours (MAX_PIXELS, checked from the frame header); the crate's
    // default of 16384 pixels a side would refuse a legitimate panorama.
    let options = DecoderOptions::default()
        .set_strict_mode(true)
        .set_max_width(usize::from(u16::MAX))
        .set_max_height(usize::from(u16::MAX))
        .jpeg_set_out_colorspace(out);
    // What this cannot see: data cut short and closed again with an end-of-image marker
    // (the decoder pads it, even in strict mode, as browsers do; without the marker it is
    // refused in `jpeg`), and a damaged bit that still decodes (JPEG has no checksum).
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    // Some of the crate's messages come quoted.
    let message = |e: zune_jpeg::errors::DecodeErrors| e.to_string().trim_matches('"').to_string();
    decoder.decode().map_err(message)
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

    /// A real JPEG of `w` × `h` pixels: a colour ramp, or a grey one.
    fn real_jpeg(w: u32, h: u32, color: RasterColor) -> Vec<u8> {
        let n = color.channels();
        let samples = (0..w * h)
            .flat_map(|i| {
                let (x, y) = (i % w, i / w);
                [(x * 255 / w) as u8, (y * 255 / h) as u8, 90]
                    .into_iter()
                    .take(n)
            })
            .collect();
        let raster = Raster {
            width: w,
            height: h,
            color,
            samples,
            alpha: None,
        };
        encode_jpeg(&raster).unwrap().data
    }

    #[test]
    fn jpeg_size_and_colour_come_from_the_frame_header() {
        let Ok(Image::Jpeg(j)) = decode(&real_jpeg(64, 48, RasterColor::Rgb)) else {
            panic!("baseline RGB JPEG refused");
        };
        assert_eq!((j.width, j.height, j.color), (64, 48, RasterColor::Rgb));
        let Ok(Image::Jpeg(j)) = decode(&real_jpeg(20, 10, RasterColor::Gray)) else {
            panic!("grey JPEG refused");
        };
        assert_eq!(j.color, RasterColor::Gray);
    }

    /// The bug: only the markers were walked, so a JPEG whose entropy-coded data was
    /// damaged went into the PDF unseen, to print grey or striped.
    #[test]
    fn damaged_jpeg_data_is_refused() {
        let good = real_jpeg(64, 48, RasterColor::Rgb);
        let sos = (0..good.len())
            .find(|&i| good[i..].starts_with(&[0xff, 0xda]))
            .unwrap();
        // Stuffed 0xFF bytes: a run of one bits, which no Huffman code is.
        let mut damaged = good.clone();
        damaged.splice(sos + 30..sos + 50, [0xff, 0x00].repeat(10));
        let why = decode(&damaged).unwrap_err().message;
        assert!(why.contains("image data is damaged"), "{why}");
        assert!(decode(&good).is_ok());
    }

    #[test]
    fn a_photo_far_larger_than_its_place_is_shrunk_to_the_dpi() {
        let image = decode(&real_jpeg(600, 400, RasterColor::Rgb)).unwrap();
        // 72 × 48 pt is 1 × ⅔ inch: 300 × 200 pixels at 300 dpi.
        let Some(Image::Jpeg(small)) = fit(&image, 72.0, 48.0, 300) else {
            panic!("not shrunk");
        };
        assert_eq!((small.width, small.height), (300, 200));
        assert!(matches!(decode(&small.data), Ok(Image::Jpeg(_))));
        assert_eq!(fit(&image, 72.0, 48.0, 300), Some(Image::Jpeg(small)));
        // 450 dpi and under is kept; 0 keeps everything.
        assert_eq!(fit(&image, 96.0, 64.0, 300), None);
        assert_eq!(fit(&image, 72.0, 48.0, 0), None);
    }

    /// The pixels kept from the check ([`Jpeg::pixels`]) are the file's: shrinking with them
    /// gives the bytes that decoding the file again gives, for the PDF and for the web, in
    /// colour and in grey. `forget_pixels` lets them go and `kept_pixels` counts them.
    #[test]
    fn kept_pixels_shrink_as_the_file_decoded_again() {
        for color in [RasterColor::Rgb, RasterColor::Gray] {
            let kept = decode(&real_jpeg(600, 400, color)).unwrap();
            assert_eq!(kept.kept_pixels(), 600 * 400 * color.channels());
            let mut again = kept.clone();
            again.forget_pixels();
            assert_eq!(again.kept_pixels(), 0);
            let (Image::Jpeg(k), Image::Jpeg(a)) = (&kept, &again) else {
                panic!("not JPEGs");
            };
            assert!(k.pixels.is_some() && a.pixels.is_none());
            let shrunk = |image: &Image| match fit(image, 72.0, 48.0, 300) {
                Some(Image::Jpeg(j)) => (j.data, j.pixels.is_none()),
                other => panic!("not shrunk to a JPEG: {other:?}"),
            };
            assert_eq!(shrunk(&kept), shrunk(&again));
            let web = |image: &Image| match shrink_to_width(image, 250) {
                Some(Image::Jpeg(j)) => j.data,
                other => panic!("not shrunk to a JPEG: {other:?}"),
            };
            assert_eq!(web(&kept), web(&again));
        }
    }

    /// The bound on kept pixels: photos keep theirs in order while they fit what is left; one
    /// that does not fit lets its own go, and a smaller one after it may still keep its.
    #[test]
    fn the_keeper_keeps_pixels_while_they_fit_the_bound() {
        let photo = |w, h| decode(&real_jpeg(w, h, RasterColor::Rgb)).unwrap();
        let mut keeper = Keeper::new(100 * 100 * 3 + 50 * 50 * 3);
        let mut images = [photo(100, 100), photo(80, 80), photo(50, 50), photo(10, 10)];
        for image in &mut images {
            keeper.admit(image);
        }
        let kept: Vec<usize> = images.iter().map(Image::kept_pixels).collect();
        assert_eq!(kept, [100 * 100 * 3, 0, 50 * 50 * 3, 0]);
        // What was let go is not given back: the bound is what the kept ones took.
        let mut again = photo(50, 50);
        keeper.admit(&mut again);
        assert_eq!(again.kept_pixels(), 0);
    }

    #[test]
    fn a_photo_wider_than_the_web_bound_is_shrunk_to_it_in_proportion() {
        let image = decode(&real_jpeg(600, 401, RasterColor::Rgb)).unwrap();
        let Some(Image::Jpeg(small)) = shrink_to_width(&image, 300) else {
            panic!("not shrunk");
        };
        assert_eq!((small.width, small.height), (300, 201));
        assert!(matches!(decode(&small.data), Ok(Image::Jpeg(_))));
        assert_eq!(shrink_to_width(&image, 600), None, "as wide: kept");
        assert_eq!(shrink_to_width(&image, 0), None);
    }

    #[test]
    fn target_size_keeps_the_proportions_and_at_least_the_dpi_both_ways() {
        assert_eq!(target_size(4000, 3000, 144.0, 108.0, 300), Some((600, 450)));
        // Placed a little wider than its proportions: the width decides.
        assert_eq!(target_size(4000, 3000, 144.0, 100.0, 300), Some((600, 450)));
        assert_eq!(
            target_size(4000, 3000, 144.0, 108.0, 600),
            Some((1200, 900))
        );
        assert_eq!(target_size(800, 600, 144.0, 108.0, 300), None);
        assert_eq!(target_size(1000, 750, 144.0, 108.0, 300), Some((600, 450)));
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
