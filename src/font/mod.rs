//! Fonts: the shipped (or overriding) faces, parsed once per process.
//!
//! A [`FontBook`] holds eight faces — a text serif and a heading sans, each regular, italic,
//! bold and bold italic — each parsed once for shaping and metrics (rustybuzz). The pdf stage
//! subsets the same bytes for embedding. Layout and pdf refer to faces by [`FontId`].
//!
//! `truetype` prepares a face for embedding (hinting and glyph names removed): that is
//! work on the font, not PDF writing, so it lives here, where `build.rs` and the pdf stage
//! both find it, and `font` depends on no later stage.

mod check;
#[cfg(test)]
mod mutants;
pub(crate) mod truetype;
pub mod web;

use crate::diag::Diagnostic;
use serde::Serialize;
use std::sync::atomic::{AtomicU8, Ordering};

/// The family of a face.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Family {
    Serif,
    Sans,
}

/// Index of a face in the [`FontBook`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FontId(pub u8);

impl FontId {
    pub fn new(family: Family, bold: bool, italic: bool) -> FontId {
        let f = match family {
            Family::Serif => 0,
            Family::Sans => 4,
        };
        FontId(f + u8::from(bold) * 2 + u8::from(italic))
    }
}

/// File names of the shipped faces, in [`FontId`] order.
pub const FACE_FILES: [&str; 8] = [
    "NotoSerif-Regular.ttf",
    "NotoSerif-Italic.ttf",
    "NotoSerif-Bold.ttf",
    "NotoSerif-BoldItalic.ttf",
    "NotoSans-Regular.ttf",
    "NotoSans-Italic.ttf",
    "NotoSans-Bold.ttf",
    "NotoSans-BoldItalic.ttf",
];

/// PDF resource names, in [`FontId`] order. Six capital letters, so they double as valid,
/// deterministic subset tags (`CQSERR+NotoSerif-Regular`).
const RESOURCE_NAMES: [&str; 8] = [
    "CQSERR", "CQSERI", "CQSERB", "CQSERJ", "CQSANR", "CQSANI", "CQSANB", "CQSANJ",
];

/// The shipped faces, embedded in the binary: `fonts/*.ttf` without TrueType hinting and
/// glyph names, as `build.rs` writes them (see `font::truetype`).
pub fn embedded_faces() -> [&'static [u8]; 8] {
    EMBEDDED_FACES
}

/// A `static`, so the binary holds one copy of each face: as the body of a function the
/// data was copied into every place the function was inlined.
static EMBEDDED_FACES: [&[u8]; 8] = [
    include_bytes!(concat!(env!("OUT_DIR"), "/fonts/NotoSerif-Regular.ttf")),
    include_bytes!(concat!(env!("OUT_DIR"), "/fonts/NotoSerif-Italic.ttf")),
    include_bytes!(concat!(env!("OUT_DIR"), "/fonts/NotoSerif-Bold.ttf")),
    include_bytes!(concat!(env!("OUT_DIR"), "/fonts/NotoSerif-BoldItalic.ttf")),
    include_bytes!(concat!(env!("OUT_DIR"), "/fonts/NotoSans-Regular.ttf")),
    include_bytes!(concat!(env!("OUT_DIR"), "/fonts/NotoSans-Italic.ttf")),
    include_bytes!(concat!(env!("OUT_DIR"), "/fonts/NotoSans-Bold.ttf")),
    include_bytes!(concat!(env!("OUT_DIR"), "/fonts/NotoSans-BoldItalic.ttf")),
];

/// One face, parsed for shaping and for embedding.
pub struct Face {
    pub name: &'static str,
    pub resource: &'static str,
    pub data: &'static [u8],
    /// The `/BaseFont` of its subsets: the resource name as subset tag, then the face's
    /// PostScript name (`CQSERR+NotoSerif-Regular`).
    pub base_font: String,
    /// Whether the face has TrueType hinting or glyph names, which its subsets then lose
    /// (`font::truetype`); the shipped faces have neither left (`build.rs`).
    pub strip: bool,
    pub shaper: rustybuzz::Face<'static>,
    pub units_per_em: f32,
}

impl Face {
    /// Whether the face has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.shaper.glyph_index(c).is_some()
    }
}

/// The faces of a document, in [`FontId`] order.
pub struct FontBook {
    faces: Vec<Face>,
    /// Memo of [`FontBook::all_cover`] for the characters below [`MEMO_LIMIT`]: 0 unknown,
    /// 1 in every face, 2 missing somewhere. Filled on demand, shared between threads.
    memo: Box<[AtomicU8]>,
}

/// Characters below this (Latin, Greek, Cyrillic, punctuation, symbols) are memoised.
const MEMO_LIMIT: usize = 0x3000;

impl FontBook {
    /// Parses the faces. Font data lives for the whole process (embedded, or read once by the
    /// CLI and leaked), which lets shaping borrow it without copies.
    pub fn new(faces: [&'static [u8]; 8]) -> Result<FontBook, Vec<Diagnostic>> {
        let mut out = Vec::with_capacity(8);
        let mut errors = Vec::new();
        for (i, data) in faces.into_iter().enumerate() {
            match parse_face(i, data) {
                Ok(f) => out.push(f),
                Err(d) => errors.push(d),
            }
        }
        if errors.is_empty() {
            Ok(FontBook {
                faces: out,
                memo: (0..MEMO_LIMIT).map(|_| AtomicU8::new(0)).collect(),
            })
        } else {
            Err(errors)
        }
    }

    pub fn embedded() -> FontBook {
        FontBook::new(embedded_faces()).expect("shipped fonts parse")
    }

    pub fn face(&self, id: FontId) -> &Face {
        &self.faces[usize::from(id.0)]
    }

    /// Whether every face has a glyph for `c`. Checking a release looks up each of its
    /// characters, so answers are memoised rather than asked of eight cmaps each time.
    pub fn all_cover(&self, c: char) -> bool {
        let ask = || self.faces.iter().all(|f| f.covers(c));
        let Some(slot) = self.memo.get(c as usize) else {
            return ask();
        };
        match slot.load(Ordering::Relaxed) {
            1 => true,
            2 => false,
            _ => {
                let yes = ask();
                slot.store(if yes { 1 } else { 2 }, Ordering::Relaxed);
                yes
            }
        }
    }

    pub fn faces(&self) -> impl Iterator<Item = (FontId, &Face)> {
        self.faces
            .iter()
            .enumerate()
            .map(|(i, f)| (FontId(i as u8), f))
    }
}

fn parse_face(i: usize, data: &'static [u8]) -> Result<Face, Diagnostic> {
    let name = FACE_FILES[i];
    let shaper = open_face(name, data)?;
    // The shipped faces are tested once, in the tests: checking them would cost each
    // process about 3.5 ms.
    if !std::ptr::eq(data, embedded_faces()[i]) {
        check_face(name, data, &shaper)?;
    }
    let raw = *shaper.raw_face();
    let strip = truetype::strippable(|t| raw.table(ttf_parser::Tag::from_bytes(t)));
    let base_font = format!("{}+{}", RESOURCE_NAMES[i], postscript_name(&shaper, name));
    Ok(Face {
        name,
        resource: RESOURCE_NAMES[i],
        data,
        base_font,
        strip,
        units_per_em: shaper.units_per_em() as f32,
        shaper,
    })
}

/// The diagnostic for face file `name` that cannot be used, saying `what` is wrong.
fn unreadable(name: &str, what: &str) -> Diagnostic {
    Diagnostic::error(name, format!("cannot read font ({what})"))
        .with_hint("fonts must be TrueType or OpenType files (.ttf/.otf)")
}

/// Opens `data` for shaping.
fn open_face<'a>(name: &str, data: &'a [u8]) -> Result<rustybuzz::Face<'a>, Diagnostic> {
    rustybuzz::Face::from_slice(data, 0).ok_or_else(|| {
        // rustybuzz only says no; ttf-parser says why, naming the table where it can.
        match ttf_parser::Face::parse(data, 0) {
            Err(e) => unreadable(name, &format!("not a font: {e}")),
            Ok(_) => unreadable(name, "not a font"),
        }
    })
}

/// The pdf stage embeds faces as TrueType (`FontFile2`) subsets: checks that this one is,
/// that every table layout, shaping and subsetting read can be read, and that it shapes
/// and subsets what releases contain, so that a bad or damaged --fonts file is a start-up
/// error naming the file and the table, not a failure in the middle of a batch.
fn check_face(name: &str, data: &[u8], shaper: &rustybuzz::Face) -> Result<(), Diagnostic> {
    let bad = |what: &str| unreadable(name, what);
    if let Some((tag, end)) = truncated_table(data) {
        return Err(bad(&format!(
            "the file is truncated or damaged: its `{tag}` table ends at byte {end}, past \
             the end of the file ({} bytes)",
            data.len()
        )));
    }
    if let Some(tag) = damaged_table(shaper) {
        return Err(bad(&format!("its `{tag}` table is damaged")));
    }
    if let Some(why) = check::glyph_tables(shaper).or_else(|| check::name_and_post(shaper)) {
        return Err(bad(&why));
    }
    if shaper.tables().glyf.is_none() {
        return Err(bad(
            "it has no TrueType outlines; CFF-based .otf faces are not supported",
        ));
    }
    // Every glyph at once: a release's subset is a part of this one, so no release can
    // fail in the subsetter on a face that passed here.
    let all: Vec<u16> = (0..shaper.number_of_glyphs()).collect();
    subsetter::subset(data, 0, &subsetter::GlyphRemapper::new_from_glyphs(&all))
        .map_err(|e| bad(&format!("it cannot be subset: {e:?}")))?;
    shape_and_subset(shaper, data).map_err(|why| {
        Diagnostic::error(
            name,
            format!("font {name} is damaged: shaping/subsetting failed ({why})"),
        )
        .with_hint("replace the font file with an undamaged copy")
    })
}

/// What releases contain, set once per --fonts face at start-up: Latin letters with
/// accents, digits, punctuation, the typographic characters the typography stage inserts,
/// and Greek and Cyrillic letters. Only characters the face has are shaped.
const PROBE: &str = "AÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝŒŸĳ aàáâãäåæçèéêëìíîïñòóôõöøùúûüýÿœßĳﬁ \
    fi fl ff ffi ffl 0123456789 ½ % € $ £ § © ® ™ .,;:!?¡¿'\"()[]{}/\\-+=*&@#_<> \
    « » “ ” „ ‘ ’ ‚ ‹ › – — … • · \u{a0}\u{202f} ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ \
    αβγδεζηθικλμνξοπρσςτυφχψω άέήίόύώ АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ \
    абвгдеёжзийклмнопрстуфхцчшщъыьэюя";

/// Shapes [`PROBE`] in the face (per script, as layout does) and subsets the glyphs it
/// used, catching a panic: a damaged table (`loca`, `glyf`, `GSUB`, `GPOS`…) then fails
/// here, once, naming the face, instead of in every release that uses the glyph. The error
/// says which step failed, with the subsetter's error or the panic's message.
fn shape_and_subset(shaper: &rustybuzz::Face, data: &[u8]) -> Result<(), String> {
    let covered: String = PROBE
        .chars()
        .filter(|&c| c == ' ' || shaper.glyph_index(c).is_some())
        .collect();
    let run = || -> Result<(), String> {
        let mut glyphs = std::collections::BTreeSet::new();
        for word in covered.split(' ').filter(|w| !w.is_empty()) {
            let mut buf = rustybuzz::UnicodeBuffer::new();
            buf.push_str(word);
            buf.set_direction(rustybuzz::Direction::LeftToRight);
            buf.guess_segment_properties();
            let out = rustybuzz::shape(shaper, &[], buf);
            glyphs.extend(out.glyph_infos().iter().map(|g| g.glyph_id as u16));
        }
        let map =
            subsetter::GlyphRemapper::new_from_glyphs(&glyphs.into_iter().collect::<Vec<_>>());
        subsetter::subset(data, 0, &map).map_err(|e| format!("subsetting: {e:?}"))?;
        Ok(())
    };
    match std::panic::catch_unwind(run) {
        Ok(result) => result,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".into());
            Err(format!("shaping or subsetting panicked: {what}"))
        }
    }
}

/// The first table the face's directory lists that ttf-parser cannot read: such a table
/// is otherwise silently ignored (a damaged `GSUB` loses the ligatures, a damaged `cmap`
/// every character), or fails later without a name. `glyf` needs `loca` to be read.
fn damaged_table(face: &rustybuzz::Face) -> Option<&'static str> {
    let raw = face.raw_face();
    let listed = |tag: &[u8; 4]| raw.table(ttf_parser::Tag::from_bytes(tag)).is_some();
    let t = face.tables();
    let tables: [(&'static str, bool); 10] = [
        ("cmap", t.cmap.is_some()),
        ("hmtx", t.hmtx.is_some()),
        ("loca", !listed(b"glyf") || t.glyf.is_some()),
        ("name", t.name.is_some()),
        ("OS/2", t.os2.is_some()),
        ("post", t.post.is_some()),
        ("GDEF", t.gdef.is_some()),
        ("GPOS", t.gpos.is_some()),
        ("GSUB", t.gsub.is_some()),
        ("kern", t.kern.is_some()),
    ];
    tables
        .into_iter()
        .find(|&(tag, read)| !read && listed(tag.as_bytes().try_into().expect("four bytes")))
        .map(|(tag, _)| tag)
}

/// The first table of a TrueType/OpenType file's directory that ends past the end of the
/// file (its tag and end): a truncated file, which parsers otherwise report only as a
/// missing table.
fn truncated_table(data: &[u8]) -> Option<(String, u64)> {
    let be = |at: usize, n: usize| -> Option<u64> {
        let bytes = data.get(at..at + n)?;
        Some(bytes.iter().fold(0u64, |v, b| v << 8 | u64::from(*b)))
    };
    let tables = be(4, 2)? as usize;
    (0..tables).find_map(|k| {
        let rec = 12 + 16 * k;
        let tag = String::from_utf8_lossy(data.get(rec..rec + 4)?).into_owned();
        let end = be(rec + 8, 4)? + be(rec + 12, 4)?;
        (end > data.len() as u64).then_some((tag, end))
    })
}

/// The face's PostScript name (name id 6), or its file name without extension.
fn postscript_name(face: &ttf_parser::Face, file: &str) -> String {
    face.names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string())
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_graphic() && b != b'/'))
        .unwrap_or_else(|| {
            file.trim_end_matches(".ttf")
                .trim_end_matches(".otf")
                .to_string()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// build.rs embeds the shipped faces without hinting, and with every glyph's outline.
    #[test]
    fn embedded_faces_are_the_shipped_ones_without_hinting() {
        let book = FontBook::embedded();
        for (i, (_, face)) in book.faces().enumerate() {
            assert!(!face.strip, "{} still hinted or named", face.name);
            let file = format!("{}/fonts/{}", env!("CARGO_MANIFEST_DIR"), FACE_FILES[i]);
            let original = std::fs::read(file).unwrap();
            let original = ttf_parser::Face::parse(&original, 0).unwrap();
            assert_eq!(original.number_of_glyphs(), face.shaper.number_of_glyphs());
            for gid in (0..original.number_of_glyphs()).step_by(7) {
                let g = ttf_parser::GlyphId(gid);
                assert_eq!(
                    original.glyph_bounding_box(g),
                    face.shaper.glyph_bounding_box(g)
                );
                assert_eq!(
                    original.glyph_hor_advance(g),
                    face.shaper.glyph_hor_advance(g)
                );
            }
        }
    }

    /// The typography stage inserts these; every face must have them.
    #[test]
    fn every_face_covers_typographic_characters() {
        let book = FontBook::embedded();
        for (_, face) in book.faces() {
            for c in "“”‘’„‚«»‹›–—…•\u{a0}\u{202f}ΑΩαωЖжĳŒœ".chars()
            {
                assert!(face.covers(c), "{} lacks U+{:04X}", face.name, c as u32);
            }
        }
    }

    #[test]
    fn memoised_coverage_agrees_with_the_faces() {
        let book = FontBook::embedded();
        // Twice each: once asked of the faces, once from the memo; the CJK one is past it.
        for c in [
            'a', 'a', 'ĳ', 'ĳ', '\u{0800}', '\u{0800}', '\u{4E00}', '\u{4E00}',
        ] {
            let direct = book.faces().all(|(_, f)| f.covers(c));
            assert_eq!(book.all_cover(c), direct, "U+{:04X}", c as u32);
        }
        assert!(!book.all_cover('\u{0800}'));
    }

    #[test]
    fn shipped_faces_are_truetype_and_subset() {
        for (i, data) in embedded_faces().into_iter().enumerate() {
            let face = rustybuzz::Face::from_slice(data, 0).unwrap();
            assert!(face.tables().glyf.is_some(), "{}", FACE_FILES[i]);
            subsetter::subset(data, 0, &subsetter::GlyphRemapper::new()).unwrap();
            shape_and_subset(&face, data).unwrap();
        }
    }

    #[test]
    fn font_ids_follow_file_order() {
        assert_eq!(FontId::new(Family::Serif, false, false), FontId(0));
        assert_eq!(FontId::new(Family::Serif, true, true), FontId(3));
        assert_eq!(FontId::new(Family::Sans, true, false), FontId(6));
        assert!(FACE_FILES[6].contains("Sans-Bold"));
    }
}
