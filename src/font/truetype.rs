//! TrueType hinting and glyph names removed from a font before it is embedded.
//!
//! Hinting is bytecode that snaps outlines to a device's pixel grid at small sizes: the
//! `fpgm`, `prep` and `cvt ` tables and each glyph's instructions (plus the device-metric
//! tables `hdmx`, `LTSH` and `VDMX` that record its results). A PDF is shown at any zoom and
//! printed at any resolution, and viewers rasterise outlines with their own anti-aliasing;
//! in the shipped Noto faces the hinting is about half of every subset. Dropping it makes each
//! document about a quarter smaller and cheaper to deflate, and changes no outline, metric
//! or glyph id.
//!
//! The `post` table's glyph names go too (version 2 becomes version 3, the same header
//! without names): a PDF addresses glyphs of an embedded TrueType font by id, never by
//! name, and `subsetter` would read all of the full face's names again for every subset.

/// Tables that hold or derive from hinting.
const HINTING_TABLES: [&[u8; 4]; 6] = [b"fpgm", b"prep", b"cvt ", b"hdmx", b"LTSH", b"VDMX"];

/// `font` without hinting and glyph names, or `None` if it has neither or is not a TrueType
/// font this can read (the caller then embeds it as it is).
pub fn strip(font: &[u8]) -> Option<Vec<u8>> {
    let tables = read_tables(font)?;
    let table = |tag: &[u8; 4]| tables.iter().find(|t| &t.tag == tag).map(|t| t.data);
    let (head, loca, glyf) = (table(b"head")?, table(b"loca")?, table(b"glyf")?);
    let hinted = tables.iter().any(|t| HINTING_TABLES.contains(&&t.tag));
    let long = match read_u16(head, 50)? {
        0 => false,
        1 => true,
        _ => return None,
    };
    let entry = if long { 4 } else { 2 };
    let glyphs = (loca.len() / entry).checked_sub(1)?;
    let offset = |i: usize| -> Option<usize> {
        if long {
            read_u32(loca, i * 4).map(|v| v as usize)
        } else {
            read_u16(loca, i * 2).map(|v| usize::from(v) * 2)
        }
    };

    let mut new_glyf = Vec::with_capacity(glyf.len());
    let mut new_loca = Vec::with_capacity(loca.len());
    let mut stripped = false;
    for i in 0..glyphs {
        let (start, end) = (offset(i)?, offset(i + 1)?);
        push_offset(&mut new_loca, new_glyf.len(), long);
        if start >= end {
            continue;
        }
        let glyph = glyf.get(start..end)?;
        stripped |= strip_glyph(glyph, &mut new_glyf)?;
        // Short offsets count 2-byte words; both formats keep glyphs 2-byte aligned here.
        if new_glyf.len() % 2 == 1 {
            new_glyf.push(0);
        }
    }
    push_offset(&mut new_loca, new_glyf.len(), long);
    if !long && new_glyf.len() / 2 > usize::from(u16::MAX) {
        return None;
    }
    let post = table(b"post").and_then(post_without_names);
    if !hinted && !stripped && post.is_none() {
        return None;
    }

    let kept: Vec<(&[u8; 4], &[u8])> = tables
        .iter()
        .filter(|t| !HINTING_TABLES.contains(&&t.tag))
        .map(|t| {
            let data = match &t.tag {
                b"glyf" => &new_glyf[..],
                b"loca" => &new_loca[..],
                b"post" => post.as_deref().unwrap_or(t.data),
                _ => t.data,
            };
            (&t.tag, data)
        })
        .collect();
    Some(write_font(font, &kept))
}

/// A version 3 `post` table (no glyph names) with the header of `post`, if that has names.
fn post_without_names(post: &[u8]) -> Option<Vec<u8>> {
    const HEADER: usize = 32;
    const V3: u32 = 0x0003_0000;
    if read_u32(post, 0)? == V3 {
        return None;
    }
    let mut out = post.get(..HEADER)?.to_vec();
    out[..4].copy_from_slice(&V3.to_be_bytes());
    Some(out)
}

/// Whether a font whose tables `table` gives has anything [`strip`] removes: hinting
/// tables or glyph names.
pub fn strippable<'a>(table: impl Fn(&[u8; 4]) -> Option<&'a [u8]>) -> bool {
    HINTING_TABLES.iter().any(|t| table(t).is_some())
        || table(b"post")
            .and_then(|p| read_u32(p, 0))
            .is_some_and(|v| v != 0x0003_0000)
}

pub(crate) struct Table<'a> {
    pub tag: [u8; 4],
    pub data: &'a [u8],
}

pub(crate) fn read_tables(font: &[u8]) -> Option<Vec<Table<'_>>> {
    let version = read_u32(font, 0)?;
    // TrueType outlines only (`true` is Apple's tag for the same).
    if version != 0x0001_0000 && version != u32::from_be_bytes(*b"true") {
        return None;
    }
    let count = usize::from(read_u16(font, 4)?);
    (0..count)
        .map(|i| {
            let rec = font.get(12 + 16 * i..28 + 16 * i)?;
            let offset = read_u32(rec, 8)? as usize;
            let len = read_u32(rec, 12)? as usize;
            Some(Table {
                tag: rec[..4].try_into().ok()?,
                data: font.get(offset..offset.checked_add(len)?)?,
            })
        })
        .collect()
}

/// Copies one glyph without its instructions; `Some(true)` if it had any.
fn strip_glyph(glyph: &[u8], out: &mut Vec<u8>) -> Option<bool> {
    let contours = read_u16(glyph, 0)? as i16;
    if contours >= 0 {
        // Header (10 bytes), end points of contours, instruction length, instructions, then
        // flags and coordinates.
        let len_at = 10 + 2 * contours as usize;
        let len = usize::from(read_u16(glyph, len_at)?);
        let rest = glyph.get(len_at + 2 + len..)?;
        out.extend_from_slice(&glyph[..len_at]);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(rest);
        return Some(len > 0);
    }
    // A composite: components until one without MORE_COMPONENTS, then instructions if any
    // component has WE_HAVE_INSTRUCTIONS.
    const ARGS_ARE_WORDS: u16 = 0x0001;
    const HAVE_SCALE: u16 = 0x0008;
    const MORE_COMPONENTS: u16 = 0x0020;
    const HAVE_XY_SCALE: u16 = 0x0040;
    const HAVE_2X2: u16 = 0x0080;
    const HAVE_INSTRUCTIONS: u16 = 0x0100;
    out.extend_from_slice(glyph.get(..10)?);
    let mut at = 10;
    let mut had = false;
    loop {
        let flags = read_u16(glyph, at)?;
        let mut size = 4 + if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
        if flags & HAVE_SCALE != 0 {
            size += 2;
        } else if flags & HAVE_XY_SCALE != 0 {
            size += 4;
        } else if flags & HAVE_2X2 != 0 {
            size += 8;
        }
        let component = glyph.get(at..at + size)?;
        had |= flags & HAVE_INSTRUCTIONS != 0;
        out.extend_from_slice(&(flags & !HAVE_INSTRUCTIONS).to_be_bytes());
        out.extend_from_slice(&component[2..]);
        at += size;
        if flags & MORE_COMPONENTS == 0 {
            break;
        }
    }
    Some(had)
}

fn push_offset(loca: &mut Vec<u8>, offset: usize, long: bool) {
    if long {
        loca.extend_from_slice(&(offset as u32).to_be_bytes());
    } else {
        loca.extend_from_slice(&((offset / 2) as u16).to_be_bytes());
    }
}

/// A font file of `tables` (in the given order, which is sorted by tag as read), each 4-byte
/// aligned, with checksums and `head.checkSumAdjustment` recomputed.
pub(crate) fn write_font(original: &[u8], tables: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
    let count = tables.len() as u16;
    let pow = if count == 0 {
        0
    } else {
        15 - count.leading_zeros() as u16
    };
    let search = (1u16 << pow) * 16;
    let mut out = Vec::with_capacity(original.len());
    out.extend_from_slice(&original[..4]);
    for v in [count, search, pow, count * 16 - search] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let dir = out.len();
    out.resize(dir + 16 * tables.len(), 0);
    let mut head_at = None;
    for (i, &(tag, data)) in tables.iter().enumerate() {
        let offset = out.len();
        out.extend_from_slice(data);
        if tag == b"head" && data.len() >= 12 {
            head_at = Some(offset);
            out[offset + 8..offset + 12].fill(0);
        }
        while out.len() % 4 != 0 {
            out.push(0);
        }
        let sum = checksum(&out[offset..]);
        let rec = &mut out[dir + 16 * i..dir + 16 * (i + 1)];
        rec[..4].copy_from_slice(tag);
        rec[4..8].copy_from_slice(&sum.to_be_bytes());
        rec[8..12].copy_from_slice(&(offset as u32).to_be_bytes());
        rec[12..16].copy_from_slice(&(data.len() as u32).to_be_bytes());
    }
    if let Some(at) = head_at {
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjust.to_be_bytes());
    }
    out
}

/// The sum of big-endian 32-bit words (the last one zero-padded).
pub(crate) fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut w = [0u8; 4];
        w[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(w))
    })
}

fn read_u16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn read_u32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subset(file: &str, text: &str) -> Vec<u8> {
        let data = std::fs::read(format!("{}/fonts/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let face = ttf_parser::Face::parse(&data, 0).unwrap();
        let mut map = subsetter::GlyphRemapper::new();
        for c in text.chars() {
            map.remap(face.glyph_index(c).unwrap().0);
        }
        subsetter::subset(&data, 0, &map).unwrap()
    }

    #[test]
    fn stripped_fonts_keep_every_outline_and_metric() {
        // "é" and "ï" are composite glyphs in Noto; the rest simple ones.
        let text = "Persbericht éïÀ 2021 fi";
        for file in ["NotoSans-Regular.ttf", "NotoSerif-BoldItalic.ttf"] {
            let hinted = subset(file, text);
            assert!(
                composites(&hinted) > 0,
                "{file}: the composite path is exercised"
            );
            let plain = strip(&hinted).expect("Noto is hinted");
            assert!(
                plain.len() * 10 < hinted.len() * 8,
                "{file}: at least 20 % smaller"
            );
            let (a, b) = (
                ttf_parser::Face::parse(&hinted, 0).unwrap(),
                ttf_parser::Face::parse(&plain, 0).unwrap(),
            );
            assert_eq!(a.number_of_glyphs(), b.number_of_glyphs());
            for t in HINTING_TABLES {
                let tag = ttf_parser::Tag::from_bytes(t);
                assert!(b.raw_face().table(tag).is_none(), "{file}: {t:?} left");
            }
            for gid in 0..a.number_of_glyphs() {
                let g = ttf_parser::GlyphId(gid);
                assert_eq!(a.glyph_hor_advance(g), b.glyph_hor_advance(g));
                let (mut pa, mut pb) = (Outline::default(), Outline::default());
                assert_eq!(a.outline_glyph(g, &mut pa), b.outline_glyph(g, &mut pb));
                assert_eq!(pa.0, pb.0, "{file}: outline of glyph {gid}");
            }
            // The file's checksum adjustment makes the whole file sum to the magic number.
            assert_eq!(checksum(&plain), 0xB1B0_AFBA);
            assert!(strip(&plain).is_none(), "nothing left to strip");
            let (ra, rb) = (*a.raw_face(), *b.raw_face());
            let tag = ttf_parser::Tag::from_bytes;
            assert!(
                !strippable(|t| rb.table(tag(t))),
                "{file}: said to need stripping"
            );
            assert!(
                strippable(|t| ra.table(tag(t))),
                "{file}: said to be stripped already"
            );
            let post = b.raw_face().table(ttf_parser::Tag::from_bytes(b"post"));
            assert_eq!(
                post.map(|p| (p.len(), read_u32(p, 0))),
                Some((32, Some(0x0003_0000)))
            );
            // Names are gone, metrics in the header kept.
            assert_eq!(a.underline_metrics(), b.underline_metrics());
            assert_eq!(a.is_monospaced(), b.is_monospaced());
            assert_eq!(a.italic_angle(), b.italic_angle());
        }
    }

    #[test]
    fn garbage_is_refused_not_panicked_on() {
        assert!(strip(b"").is_none());
        assert!(strip(&[0, 1, 0, 0, 0, 9]).is_none());
        let mut font = subset("NotoSans-Regular.ttf", "ab");
        font.truncate(font.len() / 2);
        let _ = strip(&font);
    }

    /// How many glyphs of `font` are composites.
    fn composites(font: &[u8]) -> usize {
        let face = ttf_parser::Face::parse(font, 0).unwrap();
        let table = |t: &[u8; 4]| {
            face.raw_face()
                .table(ttf_parser::Tag::from_bytes(t))
                .unwrap()
        };
        let (glyf, loca) = (table(b"glyf"), table(b"loca"));
        let long = read_u16(table(b"head"), 50) == Some(1);
        let offset = |i: usize| {
            if long {
                read_u32(loca, 4 * i).unwrap() as usize
            } else {
                usize::from(read_u16(loca, 2 * i).unwrap()) * 2
            }
        };
        (0..usize::from(face.number_of_glyphs()))
            .filter(|&i| {
                offset(i) < offset(i + 1) && (read_u16(glyf, offset(i)).unwrap() as i16) < 0
            })
            .count()
    }

    #[derive(Default)]
    struct Outline(Vec<String>);

    impl ttf_parser::OutlineBuilder for Outline {
        fn move_to(&mut self, x: f32, y: f32) {
            self.0.push(format!("M{x},{y}"));
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.0.push(format!("L{x},{y}"));
        }
        fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
            self.0.push(format!("Q{x1},{y1},{x},{y}"));
        }
        fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
            self.0.push(format!("C{x1},{y1},{x2},{y2},{x},{y}"));
        }
        fn close(&mut self) {
            self.0.push("Z".into());
        }
    }
}
