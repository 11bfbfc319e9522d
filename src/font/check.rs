//! Checks of a `--fonts` face's glyph tables that the parsers do not make when they open it.
//!
//! ttf-parser reads `loca` lazily and a glyph's outline only when asked, and the subsetter
//! reports a bad offset as a bare `MalformedFont`. A damaged `loca` (offsets that go
//! backwards or past the end of `glyf`) or a damaged glyph then surfaced as "subsetting
//! failed", or not at all until a release used the glyph. Here both are read in full once,
//! at start-up, so the error can name the table (and the glyph).

/// The first problem found in the face's `loca` and `glyf` tables, naming the table; `None`
/// for a face without them (CFF, rejected elsewhere) or with sound ones.
pub(crate) fn glyph_tables(face: &ttf_parser::Face) -> Option<String> {
    let raw = face.raw_face();
    let table = |tag: &[u8; 4]| raw.table(ttf_parser::Tag::from_bytes(tag));
    let (loca, glyf) = (table(b"loca")?, table(b"glyf")?);
    let long = match table(b"head").and_then(|h| be(h, 50, 2)) {
        Some(0) => false,
        Some(1) => true,
        _ => return Some("its `head` table gives no valid `loca` format".into()),
    };
    let glyphs = face.number_of_glyphs() as usize;
    let offsets = match loca_offsets(loca, long, glyphs) {
        Ok(o) => o,
        Err(why) => return Some(format!("its `loca` table is damaged: {why}")),
    };
    if let Some(&last) = offsets.last() {
        if last > glyf.len() as u64 {
            return Some(format!(
                "its `loca` table is damaged: it points to byte {last} of a `glyf` table of {} bytes",
                glyf.len()
            ));
        }
    }
    if let Some(g) = damaged_glyph(face, &offsets) {
        return Some(format!(
            "its `glyf` table is damaged: glyph {g} cannot be read"
        ));
    }
    bad_component(glyf, &offsets)
        .map(|(g, why)| format!("its `glyf` table is damaged: composite glyph {g} {why}"))
}

/// The first composite glyph whose component list cannot be read or names a glyph the face
/// does not have, and what is wrong with it. ttf-parser draws such a glyph without the
/// component, so [`damaged_glyph`] passes it; the subsetter fails on it, which would
/// happen in the pdf stage of every release that uses the glyph.
fn bad_component(glyf: &[u8], offsets: &[u64]) -> Option<(usize, String)> {
    let glyphs = offsets.len().saturating_sub(1);
    (0..glyphs).find_map(|g| {
        let data = glyf.get(offsets[g] as usize..offsets[g + 1] as usize)?;
        let composite = be(data, 0, 2).is_some_and(|n| n & 0x8000 != 0);
        if !composite {
            return None;
        }
        match components(data) {
            None => Some((g, "has a component list that ends early".to_string())),
            Some(list) => list.into_iter().find(|&c| c as usize >= glyphs).map(|c| {
                (
                    g,
                    format!("names component {c}, past the face's {glyphs} glyphs"),
                )
            }),
        }
    })
}

/// The component glyph ids of a composite glyph's data (OpenType `glyf`, "Composite
/// glyph description"), `None` when the list runs past the data.
fn components(data: &[u8]) -> Option<Vec<u16>> {
    const ARGS_ARE_WORDS: u64 = 0x0001;
    const SCALE: u64 = 0x0008;
    const MORE: u64 = 0x0020;
    const XY_SCALE: u64 = 0x0040;
    const TWO_BY_TWO: u64 = 0x0080;
    // After numberOfContours and the bounding box.
    let mut at = 10;
    let mut out = Vec::new();
    loop {
        let flags = be(data, at, 2)?;
        out.push(be(data, at + 2, 2)? as u16);
        at += 4 + if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
        at += match flags {
            f if f & SCALE != 0 => 2,
            f if f & XY_SCALE != 0 => 4,
            f if f & TWO_BY_TWO != 0 => 8,
            _ => 0,
        };
        if at > data.len() {
            return None;
        }
        if flags & MORE == 0 {
            return Some(out);
        }
    }
}

/// The first problem found in the face's `name` and `post` tables, which the subsetter
/// copies (`name`) or subsets per glyph (`post` glyph names): ttf-parser reads both
/// lazily, and the subsetter's errors name no table.
pub(crate) fn name_and_post(face: &ttf_parser::Face) -> Option<String> {
    let table = |tag: &[u8; 4]| face.raw_face().table(ttf_parser::Tag::from_bytes(tag));
    if let Some(name) = table(b"name") {
        if let Some(k) = name_outside(name) {
            return Some(format!(
                "its `name` table is damaged: name record {k} lies outside the table"
            ));
        }
    }
    let post = table(b"post")?;
    // Version 2 names each glyph by an index, one per glyph after a 34-byte header.
    if be(post, 0, 4) != Some(0x0002_0000) {
        return None;
    }
    let glyphs = u64::from(face.number_of_glyphs());
    match be(post, 32, 2) {
        Some(n) if n >= glyphs && 34 + 2 * n <= post.len() as u64 => None,
        _ => Some(format!(
            "its `post` table is damaged: it does not name all {glyphs} glyphs"
        )),
    }
}

/// The first record of a `name` table whose string does not lie in the table's storage.
/// The subsetter adds a string's offset and length as 16-bit numbers, so a sum past 65535
/// fails there too.
fn name_outside(name: &[u8]) -> Option<u64> {
    let (count, storage) = (be(name, 2, 2)?, be(name, 4, 2)?);
    let room = (name.len() as u64).saturating_sub(storage);
    (0..count).find(|&k| {
        let rec = 6 + 12 * k as usize;
        match (be(name, rec + 8, 2), be(name, rec + 10, 2)) {
            (Some(len), Some(at)) => at + len > room.min(0xffff),
            _ => true,
        }
    })
}

/// The numGlyphs + 1 offsets of `loca`, which must never decrease.
fn loca_offsets(loca: &[u8], long: bool, glyphs: usize) -> Result<Vec<u64>, String> {
    let width = if long { 4 } else { 2 };
    let needed = (glyphs + 1) * width;
    if loca.len() < needed {
        return Err(format!(
            "it has {} bytes, {needed} needed for {glyphs} glyphs",
            loca.len()
        ));
    }
    let mut offsets = Vec::with_capacity(glyphs + 1);
    for k in 0..=glyphs {
        let v = be(loca, k * width, width).ok_or("it is too short")?;
        // The short format stores offsets divided by two.
        let offset = if long { v } else { v * 2 };
        if offsets.last().is_some_and(|&prev| offset < prev) {
            return Err(format!("the offset of glyph {k} goes backwards"));
        }
        offsets.push(offset);
    }
    Ok(offsets)
}

/// The first glyph with data in `glyf` whose outline ttf-parser cannot read.
fn damaged_glyph(face: &ttf_parser::Face, offsets: &[u64]) -> Option<u16> {
    struct Ignore;
    impl ttf_parser::OutlineBuilder for Ignore {
        fn move_to(&mut self, _: f32, _: f32) {}
        fn line_to(&mut self, _: f32, _: f32) {}
        fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {}
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
        fn close(&mut self) {}
    }
    (0..offsets.len().saturating_sub(1)).find_map(|g| {
        let has_data = offsets[g + 1] > offsets[g];
        let id = ttf_parser::GlyphId(g as u16);
        (has_data && face.outline_glyph(id, &mut Ignore).is_none()).then_some(g as u16)
    })
}

fn be(data: &[u8], at: usize, n: usize) -> Option<u64> {
    let bytes = data.get(at..at + n)?;
    Some(bytes.iter().fold(0u64, |v, b| v << 8 | u64::from(*b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_faces_have_sound_glyph_tables() {
        for data in super::super::embedded_faces() {
            let face = ttf_parser::Face::parse(data, 0).unwrap();
            assert_eq!(glyph_tables(&face), None);
        }
    }

    #[test]
    fn offsets_that_go_backwards_name_loca() {
        let loca = [0u8, 0, 0, 8, 0, 4, 0, 10];
        let e = loca_offsets(&loca, false, 3).unwrap_err();
        assert!(e.contains("glyph 2 goes backwards"), "{e}");
        assert!(loca_offsets(&loca[..4], false, 3).is_err());
        assert_eq!(loca_offsets(&[0, 0, 0, 2], false, 1), Ok(vec![0, 4]));
    }

    /// A composite (numberOfContours -1, a 10-byte header) of two components, the second
    /// with word arguments and a scale.
    #[test]
    fn components_are_read_past_their_arguments_and_scales() {
        let mut g = vec![0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0];
        g.extend([0x00, 0x20, 0, 7, 1, 2]); // MORE, byte arguments
        g.extend([0x00, 0x09, 0, 9, 0, 1, 0, 2, 0x40, 0]); // words, scale
        assert_eq!(components(&g), Some(vec![7, 9]));
        assert_eq!(components(&g[..g.len() - 1]), None);
        let offsets = [0, g.len() as u64];
        assert_eq!(bad_component(&g, &offsets).unwrap().0, 0);
        assert!(bad_component(&g, &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, g.len() as u64]).is_none());
    }
}
