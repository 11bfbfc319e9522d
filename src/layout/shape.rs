//! Shaping: text in one face becomes glyphs with advances (rustybuzz: kerning, ligatures).
//!
//! Results are cached per (face, word) twice: in the [`Shaper`] of one document, without
//! locks, and in a [`ShapeCache`] shared by every document and thread of a process, so a
//! word that occurs fifty times in a release — or in a thousand releases of an archive — is
//! shaped once. Advances stay in font units; callers scale.

use super::hyphenate::{self, BreakPoint};
use crate::brand::{Exceptions, NO_EXCEPTIONS};
use crate::font::{FontBook, FontId};
use crate::lang::Lang;
use compact_str::CompactString;
use rustc_hash::FxHashMap as HashMap;
use std::sync::{Arc, Mutex, RwLock};

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
    /// The text each glyph stands for ([`glyph_text_ranges`]), made once per shaped
    /// word: layout clones these (a copy of 24 bytes) instead of building a string from a
    /// slice for every glyph of every line.
    pub texts: Vec<CompactString>,
}

impl Shaped {
    /// Width in points at `size`.
    pub fn width_at(&self, size: f32) -> f32 {
        self.width * size / self.units_per_em
    }
}

/// Byte ranges of the text each of `glyphs` stands for: a cluster's text goes to its first
/// glyph, later glyphs of the same cluster get an empty range.
fn glyph_text_ranges(glyphs: &[ShapedGlyph], text_len: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(glyphs.len());
    for (i, g) in glyphs.iter().enumerate() {
        let start = g.cluster as usize;
        if i > 0 && glyphs[i - 1].cluster == g.cluster {
            out.push((start, start));
            continue;
        }
        let end = glyphs[i + 1..]
            .iter()
            .map(|h| h.cluster as usize)
            .find(|&c| c > start)
            .unwrap_or(text_len);
        out.push((start, end));
    }
    out
}

fn lang_index(lang: Lang) -> usize {
    Lang::ALL
        .iter()
        .position(|&l| l == lang)
        .expect("ALL lists every language")
}

/// A word-keyed map shared between threads.
type WordMap<T> = RwLock<HashMap<Box<str>, T>>;

type Plans = HashMap<(FontId, rustybuzz::Script), Arc<rustybuzz::ShapePlan>>;

/// Shaped words and shaping plans shared by all documents of a process, for one
/// [`FontBook`]. Words are kept up to [`ShapeCache::WORDS_PER_FACE`] per face, so memory
/// stays bounded however many releases a batch holds.
pub struct ShapeCache {
    words: Vec<WordMap<Arc<Shaped>>>,
    /// Hyphenation points per language (by [`Lang`] index) and word.
    hyphens: Vec<WordMap<Arc<[BreakPoint]>>>,
    /// Building a plan costs more than shaping a word; one per face and script.
    plans: Mutex<Plans>,
}

impl ShapeCache {
    pub const WORDS_PER_FACE: usize = 50_000;

    pub fn new() -> ShapeCache {
        ShapeCache {
            words: (0..8).map(|_| RwLock::default()).collect(),
            hyphens: (0..Lang::ALL.len()).map(|_| RwLock::default()).collect(),
            plans: Mutex::default(),
        }
    }

    fn get(&self, font: FontId, text: &str) -> Option<Arc<Shaped>> {
        let map = self.words[usize::from(font.0)].read().ok()?;
        map.get(text).cloned()
    }

    fn put(&self, font: FontId, text: &str, shaped: &Arc<Shaped>) {
        if let Ok(mut map) = self.words[usize::from(font.0)].write() {
            if map.len() < Self::WORDS_PER_FACE {
                map.insert(text.into(), Arc::clone(shaped));
            }
        }
    }

    fn hyphens(&self, lang: Lang, word: &str) -> Arc<[BreakPoint]> {
        let map = &self.hyphens[lang_index(lang)];
        if let Some(p) = map.read().ok().and_then(|m| m.get(word).cloned()) {
            return p;
        }
        let points: Arc<[BreakPoint]> = hyphenate::break_points(word, lang).into();
        if let Ok(mut m) = map.write() {
            if m.len() < Self::WORDS_PER_FACE {
                m.insert(word.into(), Arc::clone(&points));
            }
        }
        points
    }

    fn plan(
        &self,
        fonts: &FontBook,
        font: FontId,
        script: rustybuzz::Script,
    ) -> Arc<rustybuzz::ShapePlan> {
        let mut plans = self.plans.lock().unwrap_or_else(|e| e.into_inner());
        let plan = plans.entry((font, script)).or_insert_with(|| {
            Arc::new(rustybuzz::ShapePlan::new(
                &fonts.face(font).shaper,
                rustybuzz::Direction::LeftToRight,
                Some(script),
                None,
                &[],
            ))
        });
        Arc::clone(plan)
    }

    /// Words held, over all faces (for tests and reports).
    pub fn len(&self) -> usize {
        self.words
            .iter()
            .map(|m| m.read().map_or(0, |m| m.len()))
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Default for ShapeCache {
    fn default() -> Self {
        ShapeCache::new()
    }
}

/// Shapes the words of one document: first from its own cache, then from the process's
/// [`ShapeCache`], and only then with rustybuzz.
pub struct Shaper<'a> {
    fonts: &'a FontBook,
    shared: &'a ShapeCache,
    /// Per face, by [`FontId`].
    cache: Vec<HashMap<Box<str>, Arc<Shaped>>>,
    plans: Plans,
    /// The brand's hyphenation word lists, asked before the patterns.
    exceptions: &'a Exceptions,
}

impl<'a> Shaper<'a> {
    pub fn new(fonts: &'a FontBook, shared: &'a ShapeCache) -> Shaper<'a> {
        Shaper {
            fonts,
            shared,
            cache: vec![HashMap::default(); 8],
            plans: HashMap::default(),
            exceptions: &NO_EXCEPTIONS,
        }
    }

    /// The shaper with the brand's hyphenation word lists.
    pub fn with_exceptions(self, exceptions: &'a Exceptions) -> Shaper<'a> {
        Shaper { exceptions, ..self }
    }

    /// The hyphenation points of `word` in `lang` where it stands ([`hyphenate::break_points_in`]),
    /// the word's own from the process's cache when possible.
    /// The context is asked for only when the word has points: most words have none, and
    /// finding a word's token and sentence position costs more than looking its points up.
    pub fn break_points(
        &mut self,
        word: &str,
        lang: Lang,
        context: impl FnOnce() -> hyphenate::Context,
    ) -> Arc<[BreakPoint]> {
        if let Some(listed) = hyphenate::listed(self.exceptions, word, lang) {
            let context = context();
            if context.in_address || context.token_has_digits {
                return Arc::from([]);
            }
            return listed.into();
        }
        let points = self.shared.hyphens(lang, word);
        if points.is_empty() {
            return points;
        }
        match hyphenate::hyphen_allowed(word, lang, context()) {
            Ok(()) => points,
            Err(why) => hyphenate::keep_under(why, word, &points).into(),
        }
    }

    /// The width of glyph `id`'s box in `font` at `size` ([`box_width`]).
    pub fn box_width(&self, font: FontId, id: u16, size: f32) -> f32 {
        box_width(self.fonts, font, id, size)
    }

    /// Shapes `text` (one word or a space) in `font`, from a cache when possible.
    pub fn shape(&mut self, font: FontId, text: &str) -> Arc<Shaped> {
        if let Some(s) = self.cache[usize::from(font.0)].get(text) {
            return Arc::clone(s);
        }
        let shaped = match self.shared.get(font, text) {
            Some(s) => s,
            None => {
                let s = Arc::new(self.shape_uncached(font, text));
                self.shared.put(font, text, &s);
                s
            }
        };
        self.cache[usize::from(font.0)].insert(text.into(), Arc::clone(&shaped));
        shaped
    }

    fn shape_uncached(&mut self, font: FontId, text: &str) -> Shaped {
        let mut buf = rustybuzz::UnicodeBuffer::new();
        buf.push_str(text);
        buf.set_direction(rustybuzz::Direction::LeftToRight);
        buf.guess_segment_properties();
        let script = buf.script();
        let (fonts, shared) = (self.fonts, self.shared);
        let plan = self
            .plans
            .entry((font, script))
            .or_insert_with(|| shared.plan(fonts, font, script));
        shape_with(fonts, plan, font, text, buf)
    }
}

/// The width of glyph `id`'s box in `font` at `size`, in pt: its advance as the font gives
/// it (`hmtx`), before shaping. A shaped glyph's advance differs from it by the kerning
/// (only the advance is kept: pair kerning lands in the first glyph's advance, and no
/// offset is stored), and readers box a glyph by this width, not by its advance: the pdf
/// stage's `/W` widths are these, and a `TJ` offset after the glyph makes up the kern.
pub fn box_width(fonts: &FontBook, font: FontId, id: u16, size: f32) -> f32 {
    let face = fonts.face(font);
    let units = face
        .shaper
        .glyph_hor_advance(ttf_parser::GlyphId(id))
        .unwrap_or(0);
    f32::from(units) * size / face.units_per_em
}

fn shape_with(
    fonts: &FontBook,
    plan: &rustybuzz::ShapePlan,
    font: FontId,
    text: &str,
    buf: rustybuzz::UnicodeBuffer,
) -> Shaped {
    let face = fonts.face(font);
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
    let texts = glyph_text_ranges(&glyphs, text.len())
        .into_iter()
        .map(|(a, b)| CompactString::from(&text[a..b]))
        .collect();
    Shaped {
        width: glyphs.iter().map(|g| g.advance).sum(),
        glyphs,
        units_per_em: face.units_per_em,
        missing,
        texts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::font::Family;

    #[test]
    fn ligature_glyph_carries_both_letters() {
        let fonts = FontBook::embedded();
        let shared = ShapeCache::new();
        let mut shaper = Shaper::new(&fonts, &shared);
        let text = "financiële";
        let s = shaper.shape(FontId::new(Family::Serif, false, false), text);
        let ranges = glyph_text_ranges(&s.glyphs, text.len());
        let pieces: Vec<&str> = ranges.iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(pieces.concat(), text);
        assert_eq!(pieces[0], "fi", "Noto Serif has an fi ligature");
        assert!(s.missing.is_empty());
    }

    #[test]
    fn cache_returns_same_shaping() {
        let fonts = FontBook::embedded();
        let shared = ShapeCache::new();
        let mut shaper = Shaper::new(&fonts, &shared);
        let f = FontId::new(Family::Sans, true, false);
        let a = shaper.shape(f, "AVATAR");
        let b = shaper.shape(f, "AVATAR");
        assert!(Arc::ptr_eq(&a, &b));
        // A second document's shaper gets the shared result.
        let mut other = Shaper::new(&fonts, &shared);
        assert!(Arc::ptr_eq(&a, &other.shape(f, "AVATAR")));
        assert_eq!(shared.len(), 1);
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

    /// A word standing at the start of a sentence, outside any address.
    const START: hyphenate::Context = hyphenate::Context {
        in_address: false,
        token_has_digits: false,
        sentence_start: true,
    };

    #[test]
    fn hyphenation_is_shared_and_agrees_with_the_hyphenator() {
        let fonts = FontBook::embedded();
        let shared = ShapeCache::new();
        let word = "tentoonstellingsruimte";
        let a = Shaper::new(&fonts, &shared).break_points(word, Lang::Nl, || START);
        let b = Shaper::new(&fonts, &shared).break_points(word, Lang::Nl, || START);
        assert!(
            Arc::ptr_eq(&a, &b),
            "the second document asks the shared cache"
        );
        assert_eq!(&a[..], &hyphenate::break_points(word, Lang::Nl)[..]);
        assert!(!a.is_empty());
        // Languages do not share entries.
        let fr = Shaper::new(&fonts, &shared).break_points(word, Lang::Fr, || START);
        assert!(!Arc::ptr_eq(&a, &fr));
    }

    /// A name inside a sentence: no pattern breaks, but a brand's listed ones; never in an
    /// address.
    #[test]
    fn a_brand_listed_name_breaks_where_listed() {
        let fonts = FontBook::embedded();
        let shared = ShapeCache::new();
        let inside = hyphenate::Context {
            sentence_start: false,
            ..START
        };
        let word = "Zeebrugge,";
        let plain = Shaper::new(&fonts, &shared).break_points(word, Lang::Nl, || inside);
        assert!(plain.is_empty(), "a name is not hyphenated by default");
        let list = Exceptions::new([(Lang::Nl, "Zee-brug-ge")]);
        let mut listed = Shaper::new(&fonts, &shared).with_exceptions(&list);
        let offsets: Vec<usize> = listed
            .break_points(word, Lang::Nl, || inside)
            .iter()
            .map(|b| b.offset)
            .collect();
        assert_eq!(offsets, [3, 7]);
        let address = hyphenate::Context {
            in_address: true,
            ..inside
        };
        assert!(listed.break_points(word, Lang::Nl, || address).is_empty());
    }

    #[test]
    fn uncovered_character_is_reported() {
        let fonts = FontBook::embedded();
        let shared = ShapeCache::new();
        let mut shaper = Shaper::new(&fonts, &shared);
        let s = shaper.shape(FontId(0), "a\u{0B83}b");
        assert_eq!(s.missing, vec!['\u{0B83}']);
    }
}
