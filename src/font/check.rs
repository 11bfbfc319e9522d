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
    damaged_glyph(face, &offsets)
        .map(|g| format!("its `glyf` table is damaged: glyph {g} cannot be read"))
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
}
