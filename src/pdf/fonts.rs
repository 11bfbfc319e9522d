//! The document's fonts, written by us: a glyph-id-remapped TrueType subset of each face a
//! document uses (the `subsetter` crate), exact `/W` widths, and a ToUnicode CMap built from
//! the text layout gave each glyph.
//!
//! Each face becomes a `Type0` font over a `CIDFontType2` descendant with `CIDToGIDMap
//! /Identity` and the predefined `Identity-H` encoding: a character code is two bytes, the
//! glyph's id in the subset. Subset ids are handed out in order of first use, page by page,
//! so the same document always gets the same subset and the same codes.
//!
//! Every text extractor knows `Identity-H` by name. One-byte codes through an embedded
//! identity CMap (used before for faces of at most 256 glyphs) made the glyph strings half
//! as long, but pdfminer.six (and so pdfplumber) resolves an encoding CMap only by name and
//! extracted no text at all. Two-byte codes cost 1.3 % in file size after deflate
//! (`bench/README.md`).
//!
//! printpdf's own font path is not used: it truncates `/W` to integers, so every glyph needed
//! a compensating `TJ` offset, and it subsets through a generic font rewriter that costs
//! far more per document than `subsetter` (see `bench/README.md`).

use super::writer::{compact, Name, Pack, Rect, Ref, Writer};
use crate::font::truetype;
use crate::font::{Face, FontBook, FontId};
use crate::layout::{Item, PageTree};
use compact_str::CompactString;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo};
use pdf_writer::{Finish, Str};
use std::fmt::Write;
use subsetter::GlyphRemapper;

/// The faces one document uses, with the glyphs it uses of each.
pub struct DocFonts<'a> {
    fonts: &'a FontBook,
    /// Per face, by [`FontId`]: the glyphs used, if any.
    used: Vec<Option<Used>>,
}

/// The glyphs of one face a document uses. A glyph's code is its id in the subset.
struct Used {
    /// Code of each glyph id of the face; [`Used::NONE`] for glyphs not used.
    codes: Vec<u16>,
    /// Per code: the glyph id in the face, its `/W` width and its ToUnicode text.
    glyphs: Vec<u16>,
    widths: Vec<f32>,
    texts: Vec<CompactString>,
}

impl Used {
    const NONE: u16 = u16::MAX;

    fn new(face: &Face) -> Used {
        let mut used = Used {
            codes: vec![Used::NONE; usize::from(face.shaper.number_of_glyphs())],
            glyphs: Vec::with_capacity(128),
            widths: Vec::with_capacity(128),
            texts: Vec::with_capacity(128),
        };
        // `.notdef` is code 0 of every subset.
        used.code(face, 0);
        used
    }

    fn code(&mut self, face: &Face, gid: u16) -> u16 {
        if let Some(&code) = self
            .codes
            .get(usize::from(gid))
            .filter(|&&c| c != Used::NONE)
        {
            return code;
        }
        if usize::from(gid) >= self.codes.len() {
            // Layout only produces glyphs of the face; grow rather than fail if not.
            self.codes.resize(usize::from(gid) + 1, Used::NONE);
        }
        let code = self.glyphs.len() as u16;
        self.codes[usize::from(gid)] = code;
        self.glyphs.push(gid);
        self.widths.push(advance(face, gid));
        self.texts.push(CompactString::default());
        code
    }
}

/// The text layout gives the hyphen it adds at a line break.
const SOFT_HYPHEN: &str = "\u{AD}";

/// One glyph as the page writes it.
pub struct GlyphInfo<'f> {
    /// The character code (the glyph's id in the subset).
    pub code: u16,
    /// The width `/W` gives it, in thousandths of an em: the face's advance.
    pub width: f32,
    /// The text its ToUnicode entry gives.
    pub text: &'f str,
}

/// The glyphs a document uses of one face.
pub struct FaceGlyphs<'f>(&'f Used);

impl<'f> FaceGlyphs<'f> {
    /// Glyph `gid`, which must occur in the page tree.
    pub fn glyph(&self, gid: u16) -> GlyphInfo<'f> {
        let used = self.0;
        let code = used.codes[usize::from(gid)];
        let i = usize::from(code);
        GlyphInfo {
            code,
            width: used.widths[i],
            text: &used.texts[i],
        }
    }
}

impl<'a> DocFonts<'a> {
    /// Collects every glyph of every text run, in page order, with its width and text: the
    /// first text seen for it in reading order, except that the hyphen glyph maps to the
    /// hyphen when the text has one (line-break hyphens are covered by their word's
    /// `/ActualText` anyway). Where a glyph stands for other text elsewhere (the space glyph
    /// for U+00A0, a base glyph that also starts a decomposed cluster), the page gives that
    /// cluster an `/ActualText` (see `text::segments`).
    pub fn new(tree: &PageTree, fonts: &'a FontBook) -> DocFonts<'a> {
        let mut used: Vec<Option<Used>> = Vec::new();
        for page in &tree.pages {
            for item in &page.items {
                let Item::Text(run) = item else { continue };
                if run.glyphs.is_empty() {
                    continue;
                }
                let f = usize::from(run.font.0);
                if used.len() <= f {
                    used.resize_with(f + 1, || None);
                }
                let face = fonts.face(run.font);
                let map = used[f].get_or_insert_with(|| Used::new(face));
                for g in &run.glyphs {
                    let code = usize::from(map.code(face, g.id));
                    let text = &mut map.texts[code];
                    if !g.text.is_empty()
                        && (text.is_empty() || (text == SOFT_HYPHEN && g.text != SOFT_HYPHEN))
                    {
                        text.clone_from(&g.text);
                    }
                }
            }
        }
        DocFonts { fonts, used }
    }

    /// The glyphs used of `font`, which must occur in the page tree.
    pub fn face_glyphs(&self, font: FontId) -> FaceGlyphs<'_> {
        FaceGlyphs(
            self.used
                .get(usize::from(font.0))
                .and_then(Option::as_ref)
                .expect("every face of the page tree was collected"),
        )
    }

    /// The resource name of `font` in every page's `/Font` dictionary.
    pub fn resource(&self, font: FontId) -> &'static str {
        self.fonts.face(font).resource
    }

    /// Writes the font objects and returns each face's resource name and `Type0` font.
    pub fn embed(&self, w: &mut Writer) -> Vec<(&'static str, Ref)> {
        self.used
            .iter()
            .enumerate()
            .filter_map(|(f, used)| Some((FontId(f as u8), used.as_ref()?)))
            .map(|(id, used)| {
                let face = self.fonts.face(id);
                (face.resource, embed_face(w, face, used))
            })
            .collect()
    }
}

fn advance(face: &Face, gid: u16) -> f32 {
    let adv = face
        .shaper
        .glyph_hor_advance(ttf_parser::GlyphId(gid))
        .unwrap_or(0);
    f32::from(adv) * 1000.0 / face.units_per_em
}

/// Writes one face.
fn embed_face(w: &mut Writer, face: &Face, used: &Used) -> Ref {
    // Remapped in code order, so the subset's glyph ids are our codes.
    let map = GlyphRemapper::new_from_glyphs(&used.glyphs);
    debug_assert!(map.remapped_gids().eq(used.glyphs.iter().copied()));
    let subset = subsetter::subset(face.data, 0, &map)
        .expect("the shipped and --fonts faces were checked to subset when loaded");
    let subset = match face.strip {
        true => truetype::strip(&subset).unwrap_or(subset),
        false => subset,
    };
    let base_font = &face.base_font;

    let (type0, cid_font, descriptor, file, to_unicode) =
        (w.alloc(), w.alloc(), w.alloc(), w.alloc(), w.alloc());
    let base = Name(base_font.as_bytes());
    let mut font = w.pdf.type0_font(type0);
    font.base_font(base)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_font)
        .to_unicode(to_unicode);
    font.finish();
    let mut cid = w.pdf.cid_font(cid_font);
    cid.subtype(CidFontType::Type2)
        .base_font(base)
        .system_info(IDENTITY)
        .font_descriptor(descriptor)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    // One run of consecutive codes from 0: `[0 [w0 w1 …]]`.
    cid.widths()
        .consecutive(0, used.widths.iter().map(|&width| compact(width)));
    cid.finish();
    write_descriptor(w, descriptor, face, base, file);
    let packed = w.pack(&subset, Pack::DeflateShared);
    let mut stream = w.pdf.stream(file, packed.data());
    stream.pair(Name(b"Length1"), subset.len() as i32);
    packed.filter(&mut stream);
    stream.finish();
    let texts = used.texts.iter().enumerate();
    let entries = texts.map(|(code, t)| (code as u16, t.as_str()));
    let cmap = cmap(base_font, entries);
    w.stream(to_unicode, cmap.as_bytes(), Pack::Deflate);
    type0
}

/// The character collection of every face: CIDs are glyph ids.
const IDENTITY: SystemInfo = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

fn write_descriptor(w: &mut Writer, r: Ref, face: &Face, base: Name, file: Ref) {
    let f = &face.shaper;
    let scale = |v: i16| compact(f32::from(v) * 1000.0 / face.units_per_em);
    let bbox = f.global_bounding_box();
    // Symbolic: the font's glyphs are reached through CIDs, not a standard encoding.
    let mut flags = FontFlags::SYMBOLIC;
    if f.is_italic() {
        flags |= FontFlags::ITALIC;
    }
    if face.name.contains("Serif") {
        flags |= FontFlags::SERIF;
    }
    let cap = f.capital_height().unwrap_or(f.ascender());
    w.pdf
        .font_descriptor(r)
        .name(base)
        .flags(flags)
        .bbox(Rect::new(
            scale(bbox.x_min),
            scale(bbox.y_min),
            scale(bbox.x_max),
            scale(bbox.y_max),
        ))
        .italic_angle(compact(f.italic_angle()))
        .ascent(scale(f.ascender()))
        .descent(scale(f.descender()))
        .cap_height(scale(cap))
        // Not in TrueType; a regular weight's usual value (bold faces get more).
        .stem_v(if f.is_bold() { 140.0 } else { 80.0 })
        .font_file2(file);
}

/// A ToUnicode CMap: one `bfchar` entry per code with text (codes with none are left out).
fn cmap<'t>(base: &str, entries: impl Iterator<Item = (u16, &'t str)>) -> String {
    let entries: Vec<(u16, &str)> = entries.filter(|(_, t)| !t.is_empty()).collect();
    let mut s = String::with_capacity(300 + entries.len() * 24);
    let _ = write!(
        s,
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /{base}-UTF16 def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
    );
    // At most 100 entries per block (PDF reference, 5.9.2).
    for chunk in entries.chunks(100) {
        let _ = writeln!(s, "{} beginbfchar", chunk.len());
        for &(code, text) in chunk {
            s.push('<');
            hex(&mut s, code);
            s.push_str("> <");
            for unit in text.encode_utf16() {
                hex(&mut s, unit);
            }
            s.push_str(">\n");
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s
}

/// `v` as four hexadecimal digits, upper case (`format!("{v:04X}")` without the formatting
/// machinery: a ToUnicode map has a few hundred entries per face).
fn hex(s: &mut String, v: u16) {
    for i in (0..4).rev() {
        let d = (v >> (4 * i)) & 0xF;
        s.push(char::from(b"0123456789ABCDEF"[usize::from(d)]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmap_maps_codes_to_utf16_and_skips_textless_glyphs() {
        let entries = [(1, "fi"), (2, ""), (3, "€"), (4, "𝄞")];
        let s = cmap("X", entries.into_iter());
        assert!(s.contains("3 beginbfchar"));
        assert!(
            s.contains("<0001> <00660069>"),
            "ligature gives both letters"
        );
        assert!(!s.contains("<0002>"));
        assert!(s.contains("<0003> <20AC>"));
        assert!(
            s.contains("<0004> <D834DD1E>"),
            "astral characters as surrogate pairs"
        );
    }

    #[test]
    fn cmap_blocks_hold_at_most_100_entries() {
        let texts: Vec<String> = (0..250)
            .map(|i| char::from_u32(0x41 + i % 26).unwrap().to_string())
            .collect();
        let s = cmap(
            "X",
            texts
                .iter()
                .enumerate()
                .map(|(i, t)| (i as u16, t.as_str())),
        );
        assert_eq!(s.matches("100 beginbfchar").count(), 2);
        assert_eq!(s.matches("50 beginbfchar").count(), 1);
    }
}
