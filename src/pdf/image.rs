//! Raster images (the brand's PNG logo) as image XObjects: 8-bit `DeviceRGB` or `DeviceGray`
//! samples, deflated. A transparent logo is composited onto white, the paper it is printed on:
//! the file then holds no transparency at all (no `/SMask`), which every PDF/A part and
//! every printer handles the same way.
//!
//! The brand decoded the PNG when it was loaded (`brand::logo`, with the `png` crate); this
//! only writes the samples.
//!
//! Photos ([`write_photo`]): a JPEG goes in as the file it is (`DCTDecode`); a PNG's colour
//! samples deflated, and its transparency, if it has any, as a soft mask (`/SMask`, an
//! 8-bit `DeviceGray` image of the alpha). PDF/A-2 allows soft masks (PDF/A-1 forbade
//! them; communique claims only PDF/A-2), and unlike the logo a photo is content: a reader
//! who takes it out of the PDF, or prints the page on other than white, gets the picture as
//! it was made, not one flattened onto white. tests/archival.rs allows `/SMask` on image
//! XObjects only, and the validators check the photo example, whose map is transparent.

use super::writer::{Pack, Ref, Writer};
use crate::geom::{Raster, RasterColor};
use crate::photo::Image;
use std::borrow::Cow;

/// Writes `image` as an image XObject and returns it.
pub fn write(w: &mut Writer, image: &Raster) -> Ref {
    let xobject = w.alloc();
    let samples = over_white(image);
    let packed = w.pack(&samples, Pack::DeflateShared);
    let mut img = w.pdf.image_xobject(xobject, packed.data());
    img.width(image.width as i32)
        .height(image.height as i32)
        .bits_per_component(8);
    color_space(&mut img, image.color);
    packed.filter(&mut img);
    xobject
}

/// Writes a photo as an image XObject: a JPEG file as it is, a PNG with its transparency
/// as a soft mask (see the module header).
pub fn write_photo(w: &mut Writer, image: &Image) -> Ref {
    let j = match image {
        Image::Jpeg(j) => j,
        Image::Raster(r) | Image::Png(crate::photo::Png { raster: r, .. }) => {
            return write_masked(w, r)
        }
    };
    let xobject = w.alloc();
    let mut img = w.pdf.image_xobject(xobject, &j.data);
    img.width(j.width as i32)
        .height(j.height as i32)
        .bits_per_component(8)
        .filter(pdf_writer::Filter::DctDecode);
    color_space(&mut img, j.color);
    xobject
}

/// A raster with its alpha, if any, as a soft mask.
fn write_masked(w: &mut Writer, image: &Raster) -> Ref {
    let mask = image.alpha.as_ref().map(|alpha| {
        let mask = w.alloc();
        let packed = w.pack(alpha, Pack::DeflateShared);
        let mut img = w.pdf.image_xobject(mask, packed.data());
        img.width(image.width as i32)
            .height(image.height as i32)
            .bits_per_component(8);
        img.color_space().device_gray();
        packed.filter(&mut img);
        mask
    });
    let xobject = w.alloc();
    let packed = w.pack(&image.samples, Pack::DeflateShared);
    let mut img = w.pdf.image_xobject(xobject, packed.data());
    img.width(image.width as i32)
        .height(image.height as i32)
        .bits_per_component(8);
    color_space(&mut img, image.color);
    if let Some(mask) = mask {
        img.s_mask(mask);
    }
    packed.filter(&mut img);
    xobject
}

fn color_space(img: &mut pdf_writer::writers::ImageXObject, color: RasterColor) {
    match color {
        RasterColor::Gray => img.color_space().device_gray(),
        RasterColor::Rgb => img.color_space().device_rgb(),
    };
}

/// The colour samples as they look on white paper: `c·a + 255·(1 − a)`, rounded.
fn over_white(image: &Raster) -> Cow<'_, [u8]> {
    let Some(alpha) = &image.alpha else {
        return Cow::Borrowed(&image.samples);
    };
    let n = image.color.channels();
    let blend = |c: u8, a: u8| {
        let (c, a) = (u32::from(c), u32::from(a));
        ((c * a + 255 * (255 - a) + 127) / 255) as u8
    };
    let samples = image.samples.chunks_exact(n).zip(alpha);
    Cow::Owned(
        samples
            .flat_map(|(px, &a)| px.iter().map(move |&c| blend(c, a)))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `w` × `h` RGB pixels `(i, 10, 20)`, each at `alpha`.
    fn rgba(w: u32, h: u32, alpha: u8) -> Raster {
        Raster {
            width: w,
            height: h,
            color: RasterColor::Rgb,
            samples: (0..w * h).flat_map(|i| [i as u8, 10, 20]).collect(),
            alpha: Some(vec![alpha; (w * h) as usize]),
        }
    }

    #[test]
    fn transparency_is_composited_onto_white() {
        let image = rgba(3, 2, 128);
        let half = over_white(&image);
        assert_eq!(half.len(), 18);
        // Pixel 1 is (1, 10, 20) at alpha 128: about halfway to white.
        assert_eq!(&half[3..6], &[128, 132, 137]);
        assert_eq!(&over_white(&rgba(3, 2, 255))[3..6], &[1, 10, 20]);
        assert!(over_white(&rgba(3, 2, 0)).iter().all(|&c| c == 255));
    }

    #[test]
    fn opaque_samples_are_written_as_they_are() {
        let image = Raster {
            alpha: None,
            ..rgba(3, 2, 0)
        };
        assert!(matches!(over_white(&image), Cow::Borrowed(s) if s == &image.samples[..]));
    }
}
