//! Web fonts: a subset of a face that browsers accept, for `@font-face` in the HTML
//! channel.
//!
//! Takes a face's bytes and the characters a page shows; gives a TrueType font with only
//! their glyphs (and the glyphs those are built from). The `subsetter` crate makes the
//! subset, as for the PDF, but its output is made for PDF: it leaves out `cmap` (a PDF maps
//! glyphs itself) and `OS/2`, and browsers refuse a font without them (Chromium's and
//! Firefox's font sanitiser, OTS, requires both). So this adds them back: a `cmap` built
//! from the characters and the new glyph ids (format 4 for the Basic Multilingual Plane,
//! format 12 besides when a character is beyond it) and the face's own `OS/2` as it is
//! (its vertical metrics decide the line height browsers give the face; its character
//! range fields then describe the whole face, which nothing requires to be exact), then
//! writes the table directory, checksums and `head.checkSumAdjustment` again.
//!
//! [`woff2`] then packs the subset as WOFF2 (the `ttf2woff2` crate: the `glyf`/`loca`
//! transform and Brotli), which every browser since 2016 reads: 53 % of the bytes of the
//! TrueType subsets on the examples' pages.
//!
//! What a browser loses against the whole face: `GSUB`/`GPOS` (ligatures, kerning), which
//! `subsetter` drops too; the page's text then sets without kerning, as in most system
//! fonts. The same input gives the same bytes: tables in tag order, characters sorted.

use std::collections::BTreeSet;

use super::truetype;

/// A subset of the TrueType face `data` holding the glyphs of `chars` (those the face
/// has), usable by browsers; `None` when the face cannot be subset (`subsetter` refuses
/// it, or it has no `OS/2`) or has none of the characters.
pub fn subset(data: &[u8], chars: &BTreeSet<char>) -> Option<Vec<u8>> {
    let face = ttf_parser::Face::parse(data, 0).ok()?;
    let os2 = face
        .raw_face()
        .table(ttf_parser::Tag::from_bytes(b"OS/2"))?;
    let mut remapper = subsetter::GlyphRemapper::new();
    remapper.remap(0);
    let mut map: Vec<(u32, u16)> = Vec::new();
    for &c in chars {
        if let Some(g) = face.glyph_index(c) {
            map.push((u32::from(c), remapper.remap(g.0)));
        }
    }
    if map.is_empty() {
        return None;
    }
    let sub = subsetter::subset(data, 0, &remapper).ok()?;
    let cmap = cmap(&map);
    let read = truetype::read_tables(&sub)?;
    let mut tables: Vec<(&[u8; 4], &[u8])> = read
        .iter()
        .filter(|t| &t.tag != b"cmap" && &t.tag != b"OS/2")
        .map(|t| (&t.tag, t.data))
        .collect();
    tables.push((b"cmap", &cmap));
    tables.push((b"OS/2", os2));
    // Browsers' sanitiser (OTS) wants the directory sorted by tag.
    tables.sort_by_key(|(tag, _)| **tag);
    Some(truetype::write_font(&sub, &tables))
}

/// Brotli's quality for the web fonts. 11 (the format's usual choice) makes the 90 subsets
/// of the examples' pages 5 % smaller than 5 but takes 37 times as long: 53 ms a face, more
/// than the whole PDF build of a release; 5 takes 1.4 ms (measured in session 10,
/// bench/README.md, "Issue 14: web fonts, bytes per page").
const WOFF2_QUALITY: u8 = 5;

/// The largest `glyf` offset a short `loca` can hold (offsets stored halved in 16 bits).
const SHORT_LOCA_MAX: usize = 2 * 0xFFFF;

/// `ttf` (a TrueType font, as [`subset`] makes) as WOFF2; `None` when the encoder refuses
/// it. Single-threaded Brotli at a fixed quality with portable floats: the same font gives
/// the same bytes on every machine.
///
/// The `glyf`/`loca` transform (the format's own glyph encoding) makes the examples' fonts
/// 11 % smaller than Brotli alone (304,452 bytes against 341,304 for their 90 faces).
/// `ttf2woff2` leaves it off by default since 0.14: a decoder pads each rebuilt glyph to 4
/// bytes, which can push a large font's offsets past what its short `loca` holds, and
/// Chromium then refuses the font. So the transform is used only far from that: twice the
/// whole font (the decoder re-encodes each glyph's points, not always as tightly as the
/// original), with 4 bytes of padding per glyph, stays within the short `loca`'s reach. A
/// page's subset is some 10 KB; a bigger font goes untransformed.
pub fn woff2(ttf: &[u8]) -> Option<Vec<u8>> {
    let glyphs = ttf_parser::Face::parse(ttf, 0).ok()?.number_of_glyphs();
    let options = ttf2woff2::EncodeOptions {
        quality: ttf2woff2::BrotliQuality::from(WOFF2_QUALITY),
        transform_glyf_loca: 2 * ttf.len() + 4 * usize::from(glyphs) <= SHORT_LOCA_MAX,
        threads: None,
    };
    ttf2woff2::encode_with_options(ttf, options).ok()
}

/// A `cmap` of `map` (code point, glyph id; sorted by code point): a format 4 subtable
/// (Windows, Unicode BMP) of one segment per character, and a format 12 subtable (Windows,
/// full Unicode) when a character is beyond U+FFFF.
fn cmap(map: &[(u32, u16)]) -> Vec<u8> {
    let bmp: Vec<(u16, u16)> = map
        .iter()
        .filter_map(|&(c, g)| Some((u16::try_from(c).ok()?, g)))
        .filter(|&(c, _)| c != 0xFFFF)
        .collect();
    let full = map.len() > bmp.len();
    let mut subtables = vec![(1u16, format4(&bmp))];
    if full {
        subtables.push((10, format12(map)));
    }
    let mut out = Vec::new();
    put16(&mut out, 0);
    put16(&mut out, subtables.len() as u16);
    let mut offset = 4 + 8 * subtables.len();
    for (encoding, table) in &subtables {
        put16(&mut out, 3);
        put16(&mut out, *encoding);
        put32(&mut out, offset as u32);
        offset += table.len();
    }
    for (_, table) in subtables {
        out.extend(table);
    }
    out
}

fn format4(bmp: &[(u16, u16)]) -> Vec<u8> {
    // One segment per character, then the final 0xFFFF segment the format requires.
    let mut segs: Vec<(u16, u16)> = bmp.to_vec();
    segs.push((0xFFFF, 0));
    let n = segs.len() as u16;
    let entry_selector = 15 - n.leading_zeros() as u16;
    let search_range = 2 * (1u16 << entry_selector);
    let mut t = Vec::new();
    put16(&mut t, 4);
    put16(&mut t, 16 + 8 * n);
    put16(&mut t, 0);
    put16(&mut t, 2 * n);
    put16(&mut t, search_range);
    put16(&mut t, entry_selector);
    put16(&mut t, 2 * n - search_range);
    segs.iter().for_each(|&(c, _)| put16(&mut t, c));
    put16(&mut t, 0);
    segs.iter().for_each(|&(c, _)| put16(&mut t, c));
    for &(c, g) in &segs {
        // The glyph is the code point plus the delta, modulo 65536; the final segment
        // maps to glyph 0.
        let delta = if c == 0xFFFF { 1 } else { g.wrapping_sub(c) };
        put16(&mut t, delta);
    }
    segs.iter().for_each(|_| put16(&mut t, 0));
    t
}

fn format12(map: &[(u32, u16)]) -> Vec<u8> {
    let mut t = Vec::new();
    put16(&mut t, 12);
    put16(&mut t, 0);
    put32(&mut t, 16 + 12 * map.len() as u32);
    put32(&mut t, 0);
    put32(&mut t, map.len() as u32);
    for &(c, g) in map {
        put32(&mut t, c);
        put32(&mut t, c);
        put32(&mut t, u32::from(g));
    }
    t
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend(v.to_be_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend(v.to_be_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character maps, in the subset's own `cmap`, to a glyph with the advance and
    /// outline box it has in the whole face; the tables browsers require are there; and a
    /// character beyond the BMP gets a format 12 subtable.
    #[test]
    fn the_subset_maps_each_character_to_its_own_glyph() {
        let data = crate::font::embedded_faces()[0];
        let whole = ttf_parser::Face::parse(data, 0).unwrap();
        let chars: BTreeSet<char> = "Persbericht « déjà » – 12 000 €\u{202f}ﬁ".chars().collect();
        let font = subset(data, &chars).unwrap();
        let sub = ttf_parser::Face::parse(&font, 0).unwrap();
        for &c in &chars {
            let (old, new) = (whole.glyph_index(c).unwrap(), sub.glyph_index(c).unwrap());
            assert_eq!(
                whole.glyph_hor_advance(old),
                sub.glyph_hor_advance(new),
                "{c:?}"
            );
            assert_eq!(whole.glyph_bounding_box(old), sub.glyph_bounding_box(new));
        }
        assert_eq!(sub.glyph_index('z'), None, "not asked for");
        let tags: Vec<_> = truetype::read_tables(&font)
            .unwrap()
            .into_iter()
            .map(|t| t.tag)
            .collect();
        for t in [
            b"OS/2", b"cmap", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp",
        ] {
            assert!(tags.contains(t), "{}", String::from_utf8_lossy(t));
        }
        assert!(tags.contains(b"name") && tags.contains(b"post"));
        assert!(font.len() < data.len() / 10, "{} bytes", font.len());
        assert_eq!(subset(data, &chars).unwrap(), font, "deterministic");
        // The whole file's checksum with the adjustment is the magic number.
        assert_eq!(truetype::checksum(&font), 0xB1B0_AFBA);

        // The face has no character beyond the BMP: none of them, no subset.
        assert_eq!(subset(data, &BTreeSet::from(['\u{1D400}'])), None);
    }

    /// The WOFF2 of a subset is a WOFF2 file (its signature, its flavour TrueType, the
    /// length it states its own), smaller than the subset, and the same bytes every time.
    /// (`tests/html.rs` decodes the pages' fonts back with fontTools.)
    #[test]
    fn a_subset_packs_as_woff2_the_same_way_each_time() {
        let data = crate::font::embedded_faces()[0];
        let chars: BTreeSet<char> = "Persbericht « déjà » – 12 000 €".chars().collect();
        let ttf = subset(data, &chars).unwrap();
        let font = woff2(&ttf).unwrap();
        assert_eq!(&font[..4], b"wOF2");
        assert_eq!(
            &font[4..8],
            &0x0001_0000u32.to_be_bytes(),
            "TrueType flavour"
        );
        assert_eq!(&font[8..12], &(font.len() as u32).to_be_bytes());
        assert!(
            font.len() * 3 < ttf.len() * 2,
            "{} of {}",
            font.len(),
            ttf.len()
        );
        assert_eq!(woff2(&ttf).unwrap(), font, "deterministic");
        assert_eq!(woff2(b"not a font"), None);
    }

    #[test]
    fn a_character_beyond_the_bmp_gets_a_format_12_subtable() {
        let table = cmap(&[(0x61, 1), (0xE9, 3), (0x1D400, 2)]);
        let parsed = ttf_parser::cmap::Table::parse(&table).unwrap();
        let subtables: Vec<_> = parsed.subtables.into_iter().collect();
        assert_eq!(subtables.len(), 2);
        for s in &subtables {
            assert_eq!(s.glyph_index(0x61), Some(ttf_parser::GlyphId(1)));
            assert_eq!(s.glyph_index(0xE9), Some(ttf_parser::GlyphId(3)));
            assert_eq!(s.glyph_index(0x62), None);
        }
        assert_eq!(
            subtables[1].glyph_index(0x1D400),
            Some(ttf_parser::GlyphId(2))
        );
    }
}
