//! Downsampling a raster by area averaging: each new pixel is the mean of the old pixels
//! it covers, each weighted by how much of it lies inside (a box filter over exact
//! coverage). For shrinking a photo to a print resolution this is what image editors call
//! "average" or "pixel mixing": no ringing, no moiré from skipped pixels, and no tuning.
//!
//! The arithmetic is all integers, so the output is the same on every machine. Lengths are
//! counted in units of `1 / (old × new)` of the image's width (or height): old pixel `i`
//! spans `[i·new, (i+1)·new)`, new pixel `x` spans `[x·old, (x+1)·old)`, and every overlap
//! is a whole number of units. Rows are read once, top to bottom, into two rolling rows of
//! sums, so memory stays a few rows (of the old width or the new), whatever the old size.
//!
//! A raster without alpha (every camera photo) takes a faster road to the same sums
//! ([`opaque`]): each old row is added into columns, and a new row's columns are summed
//! across once, when it is complete. A 24-megapixel photo shrunk for the PDF took 2.9
//! billion instructions pixel by pixel, about a quarter of its PDF's time.
//!
//! Transparency: colours are averaged weighted by their alpha (as premultiplied colour
//! would be), so the invisible colour of transparent pixels does not bleed into the edges of
//! what stays visible; the alpha itself is averaged plainly.

use crate::geom::Raster;

/// Where old pixel `i` lands along one axis: the first new pixel it overlaps, and how many
/// units it gives to that one and to the next (the second is 0 when it lies inside one).
#[derive(Clone, Copy)]
struct Span {
    first: usize,
    w0: u64,
    w1: u64,
}

/// The spans of `old` pixels shrunk to `new` (`0 < new ≤ old`): each old pixel is `new`
/// units long and each new one `old` units, so an old pixel overlaps at most two new ones.
fn spans(old: u32, new: u32) -> Vec<Span> {
    let (old, new) = (u64::from(old), u64::from(new));
    (0..old)
        .map(|i| {
            let (start, end) = (i * new, (i + 1) * new);
            let first = start / old;
            let w0 = end.min((first + 1) * old) - start;
            Span {
                first: first as usize,
                w0,
                w1: new - w0,
            }
        })
        .collect()
}

/// `image` shrunk to `width` × `height` pixels (each at most the old size, at least 1).
pub fn area_average(image: &Raster, width: u32, height: u32) -> Raster {
    debug_assert!(width >= 1 && width <= image.width && height >= 1 && height <= image.height);
    // A column's sums stay under old height × 255 (see `opaque`), in u32 for any real image.
    if image.alpha.is_none() && u64::from(image.height) * 255 <= u64::from(u32::MAX) {
        return match image.color.channels() {
            3 => opaque::<3>(image, width, height),
            _ => opaque::<1>(image, width, height),
        };
    }
    let n = image.color.channels();
    // Per new pixel: n sums of weight·alpha·colour, then the sum of weight·alpha.
    let k = n + 1;
    let (xs, ys) = (spans(image.width, width), spans(image.height, height));
    let new_w = width as usize;
    let mut rows = [vec![0u64; new_w * k], vec![0u64; new_w * k]];
    let mut line = vec![0u64; new_w * k];
    let mut out = Out::new(image, width, height);
    let mut done = 0;
    for (r, y) in ys.iter().enumerate() {
        while done < y.first {
            out.emit(&mut rows[done % 2]);
            done += 1;
        }
        line.iter_mut().for_each(|s| *s = 0);
        sum_row(image, r, &xs, &mut line);
        add(&mut rows[y.first % 2], &line, y.w0);
        if y.w1 > 0 {
            add(&mut rows[(y.first + 1) % 2], &line, y.w1);
        }
    }
    while done < height as usize {
        out.emit(&mut rows[done % 2]);
        done += 1;
    }
    out.raster
}

/// Old row `r` summed into `line`, new pixel by new pixel (weight·alpha·colour, then
/// weight·alpha). Without an alpha channel every pixel's alpha counts as 1.
fn sum_row(image: &Raster, r: usize, xs: &[Span], line: &mut [u64]) {
    let n = image.color.channels();
    let k = n + 1;
    let w = image.width as usize;
    let samples = &image.samples[r * w * n..(r + 1) * w * n];
    let alphas = image.alpha.as_ref().map(|a| &a[r * w..(r + 1) * w]);
    for (i, (px, x)) in samples.chunks_exact(n).zip(xs).enumerate() {
        let a = alphas.map_or(1, |a| u64::from(a[i]));
        let mut put = |at: usize, weight: u64| {
            let sums = &mut line[at * k..(at + 1) * k];
            for (s, &c) in sums.iter_mut().zip(px) {
                *s += weight * a * u64::from(c);
            }
            sums[n] += weight * a;
        };
        put(x.first, x.w0);
        if x.w1 > 0 {
            put(x.first + 1, x.w1);
        }
    }
}

/// The old pixels new pixel `x` covers along one axis: `first..=last`, the first with
/// `w_first` units, the last with `w_last` (when it is not the first), and those between
/// whole.
#[derive(Clone, Copy)]
struct Cover {
    first: usize,
    last: usize,
    w_first: u64,
    w_last: u64,
}

/// The covers of `new` pixels over `old` (`0 < new ≤ old`), in the units of [`spans`].
fn covers(old: u32, new: u32) -> Vec<Cover> {
    let (old, new) = (u64::from(old), u64::from(new));
    (0..new)
        .map(|x| {
            let (start, end) = (x * old, (x + 1) * old);
            let (first, last) = (start / new, (end - 1) / new);
            Cover {
                first: first as usize,
                last: last as usize,
                w_first: ((first + 1) * new).min(end) - start,
                w_last: if last > first { end - last * new } else { 0 },
            }
        })
        .collect()
}

/// [`area_average`] of a raster without alpha, `N` samples per pixel: the same sums,
/// gathered columns first. Each old row is added, times its weight, into the columns of
/// the new row it falls in (and of the next, if it straddles both); when a new row is
/// complete, its columns are summed across, the old columns wholly inside a new pixel
/// plainly and weighed once, the two at its edges on their own. A column's weights add up
/// to the old height, so its sums fit a u32 and the adding runs over whole rows at once;
/// the sums across are taken once per new row instead of once per old one. Every new
/// pixel's sum is the general loop's, added in another order, and so is every byte.
fn opaque<const N: usize>(image: &Raster, width: u32, height: u32) -> Raster {
    let old_w = image.width as usize;
    let ys = spans(image.height, height);
    let covers = covers(image.width, width);
    // An old pixel is as many units across as the new image has pixels.
    let unit = u64::from(width);
    let area = u64::from(image.width) * u64::from(image.height);
    let mut cols = [vec![0u32; old_w * N], vec![0u32; old_w * N]];
    let mut samples = Vec::with_capacity(width as usize * height as usize * N);
    let mut emit = |cols: &mut [u32]| {
        for c in &covers {
            let at = |i: usize| -> &[u32] { &cols[i * N..(i + 1) * N] };
            let mut inner = [0u64; N];
            if c.last > c.first + 1 {
                for col in cols[(c.first + 1) * N..c.last * N].chunks_exact(N) {
                    for ch in 0..N {
                        inner[ch] += u64::from(col[ch]);
                    }
                }
            }
            let (first, last) = (at(c.first), at(c.last));
            for ch in 0..N {
                let sum = c.w_first * u64::from(first[ch])
                    + unit * inner[ch]
                    + c.w_last * u64::from(last[ch]);
                samples.push(((sum + area / 2) / area) as u8);
            }
        }
        cols.fill(0);
    };
    let mut done = 0;
    for (r, y) in ys.iter().enumerate() {
        while done < y.first {
            emit(&mut cols[done % 2]);
            done += 1;
        }
        let row = &image.samples[r * old_w * N..(r + 1) * old_w * N];
        add_row(&mut cols[y.first % 2], row, y.w0 as u32);
        if y.w1 > 0 {
            add_row(&mut cols[(y.first + 1) % 2], row, y.w1 as u32);
        }
    }
    while done < height as usize {
        emit(&mut cols[done % 2]);
        done += 1;
    }
    Raster {
        width,
        height,
        color: image.color,
        samples,
        alpha: None,
    }
}

/// One old row, times its weight, into the columns' sums.
fn add_row(cols: &mut [u32], row: &[u8], weight: u32) {
    for (s, &b) in cols.iter_mut().zip(row) {
        *s += weight * u32::from(b);
    }
}

fn add(row: &mut [u64], line: &[u64], weight: u64) {
    for (s, &l) in row.iter_mut().zip(line) {
        *s += l * weight;
    }
}

/// The new raster, filled a row at a time from the sums.
struct Out {
    raster: Raster,
    n: usize,
    /// The units every new pixel covers: old width × old height.
    area: u64,
}

impl Out {
    fn new(image: &Raster, width: u32, height: u32) -> Out {
        let pixels = width as usize * height as usize;
        let n = image.color.channels();
        Out {
            raster: Raster {
                width,
                height,
                color: image.color,
                samples: Vec::with_capacity(pixels * n),
                alpha: image.alpha.as_ref().map(|_| Vec::with_capacity(pixels)),
            },
            n,
            area: u64::from(image.width) * u64::from(image.height),
        }
    }

    /// Turns one row of sums into pixels and clears it for reuse.
    fn emit(&mut self, row: &mut [u64]) {
        let n = self.n;
        for sums in row.chunks_exact(n + 1) {
            let weight = sums[n];
            for &s in &sums[..n] {
                // A fully transparent pixel's colour is never seen; black keeps it defined.
                let c = (s + weight / 2).checked_div(weight).unwrap_or(0);
                self.raster.samples.push(c as u8);
            }
            if let Some(alpha) = &mut self.raster.alpha {
                alpha.push(((weight + self.area / 2) / self.area) as u8);
            }
        }
        row.iter_mut().for_each(|s| *s = 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::RasterColor;

    fn grey(width: u32, height: u32, samples: Vec<u8>) -> Raster {
        Raster {
            width,
            height,
            color: RasterColor::Gray,
            samples,
            alpha: None,
        }
    }

    #[test]
    fn halving_averages_each_two_by_two_block() {
        let image = grey(4, 2, vec![0, 100, 10, 20, 200, 100, 30, 40]);
        let half = area_average(&image, 2, 1);
        assert_eq!(half.samples, vec![100, 25]);
    }

    #[test]
    fn a_pixel_split_between_two_new_ones_counts_in_both_by_its_share() {
        // Three old pixels into two: the middle one gives half to each.
        let image = grey(3, 1, vec![0, 90, 180]);
        assert_eq!(area_average(&image, 2, 1).samples, vec![30, 150]);
    }

    #[test]
    fn the_same_size_is_the_same_image_and_a_flat_image_stays_flat() {
        let image = grey(3, 2, vec![1, 2, 3, 4, 5, 6]);
        assert_eq!(area_average(&image, 3, 2), image);
        let flat = grey(7, 5, vec![77; 35]);
        let small = area_average(&flat, 3, 2);
        assert_eq!((small.width, small.height), (3, 2));
        assert!(small.samples.iter().all(|&c| c == 77));
    }

    /// The opaque road ([`opaque`]) against the general one: an image without alpha and the
    /// same image with every pixel opaque give the same colours, for grey and colour, at
    /// ratios that split pixels and not. (The general loop's sums are 255 times these; for
    /// an odd total weight its rounding half is 127 more than 255 times this one's, which
    /// never reaches the next multiple of its divisor: the quotients are the same.)
    #[test]
    fn an_image_without_alpha_averages_as_the_same_image_opaque() {
        let mut seed = 7u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) as u8
        };
        let sizes = [
            (13, 7, 5, 3),
            (40, 30, 20, 15),
            (17, 11, 16, 2),
            (9, 9, 1, 1),
            (100, 20, 7, 3),
            (31, 5, 31, 5),
            (6, 200, 6, 9),
        ];
        for color in [RasterColor::Gray, RasterColor::Rgb] {
            for (w, h, nw, nh) in sizes {
                let n = color.channels() as u32;
                let samples: Vec<u8> = (0..w * h * n).map(|_| next()).collect();
                let plain = Raster {
                    width: w,
                    height: h,
                    color,
                    samples,
                    alpha: None,
                };
                let opaque = Raster {
                    alpha: Some(vec![255; (w * h) as usize]),
                    ..plain.clone()
                };
                let (a, b) = (area_average(&plain, nw, nh), area_average(&opaque, nw, nh));
                assert_eq!((a.width, a.height, a.alpha), (nw, nh, None));
                assert_eq!(a.samples, b.samples, "{color:?} {w}×{h} → {nw}×{nh}");
                assert_eq!(b.alpha, Some(vec![255; (nw * nh) as usize]));
            }
        }
    }

    #[test]
    fn transparent_colour_does_not_bleed_into_what_is_visible() {
        // A red opaque pixel beside a transparent black one: the average is red, half seen.
        let image = Raster {
            width: 2,
            height: 1,
            color: RasterColor::Rgb,
            samples: vec![255, 0, 0, 0, 0, 0],
            alpha: Some(vec![255, 0]),
        };
        let one = area_average(&image, 1, 1);
        assert_eq!(one.samples, vec![255, 0, 0]);
        assert_eq!(one.alpha, Some(vec![128]));
    }
}
