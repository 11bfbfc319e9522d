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
