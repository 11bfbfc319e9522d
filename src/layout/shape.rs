//! Shaping: text in one face becomes glyphs with advances (rustybuzz: kerning, ligatures).
//!
//! Results are cached per (face, word) for the life of a [`Shaper`], so a word that occurs
//! fifty times in a release is shaped once. Advances stay in font units; callers scale.

use crate::font::{FontBook, FontId};
use std::collections::HashMap;
use std::rc::Rc;

/// One shaped glyph, in font units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShapedGlyph {
    pub id: u16,
    pub advance: f32,
    /// Byte offset of the glyph's cluster in the shaped text.
    pub cluster: u32,
}

/// A shaped piece of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Shaped {
    pub glyphs: Vec<ShapedGlyph>,
    /// Sum of advances, font units.
    pub width: f32,
    pub units_per_em: f32,
    /// Characters the face has no glyph for (shaped to `.notdef`).
    pub missing: Vec<char>,
}

impl Shaped {
    /// Width in points at `size`.
    pub fn width_at(&self, size: f32) -> f32 {
        self.width * size / self.units_per_em
    }

    /// Byte ranges of the text each glyph stands for: a cluster's text goes to its first
    /// glyph, later glyphs of the same cluster get an empty range.
    pub fn glyph_text_ranges(&self, text_len: usize) -> Vec<(usize, usize)> {
        let n = self.glyphs.len();
        let mut out = Vec::with_capacity(n);
        for (i, g) in self.glyphs.iter().enumerate() {
            let start = g.cluster as usize;
            if i > 0 && self.glyphs[i - 1].cluster == g.cluster {
                out.push((start, start));
                continue;
            }
            let end = self.glyphs[i + 1..]
                .iter()
                .map(|h| h.cluster as usize)
                .find(|&c| c > start)
                .unwrap_or(text_len);
            out.push((start, end));
        }
        out
    }
}

/// Shapes text with a per-word cache and one shaping plan per face and script (building a
/// plan costs more than shaping a word).
pub struct Shaper<'a> {
    fonts: &'a FontBook,
    cache: HashMap<FontId, HashMap<String, Rc<Shaped>>>,
    plans: HashMap<(FontId, rustybuzz::Script), rustybuzz::ShapePlan>,
}

impl<'a> Shaper<'a> {
    pub fn new(fonts: &'a FontBook) -> Shaper<'a> {
        Shaper {
            fonts,
            cache: HashMap::new(),
            plans: HashMap::new(),
        }
    }

    pub fn fonts(&self) -> &'a FontBook {
        self.fonts
    }

    /// Shapes `text` (one word or a space) in `font`, from the cache when possible.
    pub fn shape(&mut self, font: FontId, text: &str) -> Rc<Shaped> {
        let per_font = self.cache.entry(font).or_default();
        if let Some(s) = per_font.get(text) {
            return Rc::clone(s);
        }
        let shaped = Rc::new(shape_uncached(self.fonts, &mut self.plans, font, text));
        self.cache
            .entry(font)
            .or_default()
            .insert(text.to_owned(), Rc::clone(&shaped));
        shaped
    }
}

fn shape_uncached(
    fonts: &FontBook,
    plans: &mut HashMap<(FontId, rustybuzz::Script), rustybuzz::ShapePlan>,
    font: FontId,
    text: &str,
) -> Shaped {
    let face = fonts.face(font);
    let mut buf = rustybuzz::UnicodeBuffer::new();
    buf.push_str(text);
    buf.set_direction(rustybuzz::Direction::LeftToRight);
    buf.guess_segment_properties();
    let script = buf.script();
    let plan = plans.entry((font, script)).or_insert_with(|| {
        rustybuzz::ShapePlan::new(
            &face.shaper,
            rustybuzz::Direction::LeftToRight,
            Some(script),
            None,
            &[],
        )
    });
    let out = rustybuzz::shape_with_plan(&face.shaper, plan, buf);
    let glyphs: Vec<ShapedGlyph> = out
        .glyph_infos()
        .iter()
        .zip(out.glyph_positions())
        .map(|(info, pos)| ShapedGlyph {
            id: info.glyph_id as u16,
            advance: pos.x_advance as f32,
            cluster: info.cluster,
        })
        .collect();
    let missing = glyphs
        .iter()
        .filter(|g| g.id == 0)
        .filter_map(|g| text[g.cluster as usize..].chars().next())
        .collect();
    Shaped {
        width: glyphs.iter().map(|g| g.advance).sum(),
        glyphs,
        units_per_em: face.units_per_em,
        missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::font::Family;

    #[test]
    fn ligature_glyph_carries_both_letters() {
        let fonts = FontBook::embedded();
        let mut shaper = Shaper::new(&fonts);
        let text = "financiële";
        let s = shaper.shape(FontId::new(Family::Serif, false, false), text);
        let ranges = s.glyph_text_ranges(text.len());
        let pieces: Vec<&str> = ranges.iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(pieces.concat(), text);
        assert_eq!(pieces[0], "fi", "Noto Serif has an fi ligature");
        assert!(s.missing.is_empty());
    }

    #[test]
    fn cache_returns_same_shaping() {
        let fonts = FontBook::embedded();
        let mut shaper = Shaper::new(&fonts);
        let f = FontId::new(Family::Sans, true, false);
        let a = shaper.shape(f, "AVATAR");
        let b = shaper.shape(f, "AVATAR");
        assert!(Rc::ptr_eq(&a, &b));
        let plain: f32 = "AVATAR"
            .chars()
            .map(|c| {
                let face = &fonts.face(f).shaper;
                face.glyph_hor_advance(face.glyph_index(c).unwrap())
                    .unwrap() as f32
            })
            .sum();
        assert!(a.width < plain, "kerning tightens AV/VA");
    }

    #[test]
    fn uncovered_character_is_reported() {
        let fonts = FontBook::embedded();
        let mut shaper = Shaper::new(&fonts);
        let s = shaper.shape(FontId(0), "a\u{0B83}b");
        assert_eq!(s.missing, vec!['\u{0B83}']);
    }
}
