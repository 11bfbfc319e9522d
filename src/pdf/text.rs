//! Text runs → printpdf glyph arrays: TJ offsets that reproduce layout's advances exactly, and
//! the Unicode text each glyph stands for.
//!
//! printpdf builds one ToUnicode entry per glyph id from the `cid`s it sees (the last one
//! wins), so a glyph that stands for different text in different places — the space glyph
//! for U+0020 and U+00A0, a base glyph that is also the first glyph of a decomposed
//! cluster — cannot round-trip through ToUnicode alone. [`UnicodeMap`] fixes one text per
//! glyph (the first seen in reading order) and every cluster that disagrees with it gets an
//! `/ActualText` span instead.

use crate::font::{FontBook, FontId};
use crate::layout::{Glyph, Item, PageTree, TextRun};
use printpdf::{Codepoint, DictItem, Op, ParsedFont, TextItem};
use std::collections::BTreeMap;

/// The ToUnicode text of every glyph used, per face.
pub struct UnicodeMap {
    map: BTreeMap<(FontId, u16), String>,
}

impl UnicodeMap {
    pub fn new(tree: &PageTree) -> UnicodeMap {
        let mut map = BTreeMap::new();
        let runs = tree
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|i| match i {
                Item::Text(run) => Some(run),
                _ => None,
            });
        for run in runs {
            for g in run.glyphs.iter().filter(|g| !g.text.is_empty()) {
                map.entry((run.font, g.id))
                    .or_insert_with(|| g.text.clone());
            }
        }
        UnicodeMap { map }
    }

    fn text(&self, font: FontId, gid: u16) -> &str {
        self.map.get(&(font, gid)).map_or("", String::as_str)
    }
}

/// The ops that show `run` (after `SetFont` and `SetTextMatrix`): one `ShowText` per stretch of
/// clusters whose text ToUnicode already gives, an `/ActualText` span around each other one.
pub fn show_ops(run: &TextRun, fonts: &FontBook, unicode: &UnicodeMap) -> Vec<Op> {
    let font = fonts.face(run.font).pdf();
    let mut ops = Vec::new();
    let mut plain = Vec::new();
    for cluster in clusters(&run.glyphs) {
        let mapped: String = cluster
            .iter()
            .map(|g| unicode.text(run.font, g.id))
            .collect();
        let actual: String = cluster.iter().map(|g| g.text.as_str()).collect();
        let cps = cluster.iter().map(|g| codepoint(g, run, font, unicode));
        if mapped == actual {
            plain.extend(cps);
            continue;
        }
        flush(&mut plain, &mut ops);
        ops.push(Op::BeginMarkedContentWithProperties {
            tag: "Span".into(),
            properties: actual_text(&actual),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(cps.collect())],
        });
        ops.push(Op::EndMarkedContent);
    }
    flush(&mut plain, &mut ops);
    ops
}

fn flush(plain: &mut Vec<Codepoint>, ops: &mut Vec<Op>) {
    if !plain.is_empty() {
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(std::mem::take(plain))],
        });
    }
}

/// Splits glyphs into clusters: a glyph with text and the textless glyphs after it.
fn clusters(glyphs: &[Glyph]) -> impl Iterator<Item = &[Glyph]> {
    let mut rest = glyphs;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let len = 1 + rest[1..].iter().take_while(|g| g.text.is_empty()).count();
        let (head, tail) = rest.split_at(len);
        rest = tail;
        Some(head)
    })
}

/// One glyph of the TJ array. The viewer advances by the glyph's `/W` width and then by
/// `-offset/1000` em, so the offset is whatever makes the sum equal layout's advance.
fn codepoint(g: &Glyph, run: &TextRun, font: &ParsedFont, unicode: &UnicodeMap) -> Codepoint {
    let wanted = g.advance.0 * 1000.0 / run.size.0;
    Codepoint {
        gid: g.id,
        offset: round_offset(pdf_width(font, g.id) - wanted),
        // Always Some: with None printpdf guesses from the font's cmap (and writes U+FFFD
        // when it can't). An empty string writes no ToUnicode entry.
        cid: Some(unicode.text(run.font, g.id).to_owned()),
    }
}

/// The glyph width printpdf writes into `/W`: the advance in thousandths of an em,
/// **truncated** to an integer, computed exactly as printpdf does.
pub fn pdf_width(font: &ParsedFont, gid: u16) -> f32 {
    let upm = font.pdf_font_metrics.units_per_em as f32;
    let adv = font.get_or_decode_glyph(gid).map_or(0, |g| g.horz_advance);
    (adv as f32 * 1000.0 / upm) as i64 as f32
}

/// Offsets are written as reals; 1/100 of a thousandth em (0.0001 pt at 10 pt) is far below
/// what a viewer can show and keeps the streams short and free of float noise.
fn round_offset(v: f32) -> f32 {
    let r = (v * 100.0).round() / 100.0;
    // -0.0 would be written as "-0".
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// `<</ActualText (…)>>` as UTF-16BE with a byte-order mark.
fn actual_text(s: &str) -> DictItem {
    let mut data = vec![0xFE, 0xFF];
    data.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
    let map = [(
        "ActualText".to_string(),
        DictItem::String {
            data,
            literal: false,
        },
    )];
    DictItem::Dict {
        map: map.into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::Pt;

    fn g(id: u16, text: &str) -> Glyph {
        Glyph {
            id,
            advance: Pt(5.0),
            text: text.into(),
        }
    }

    #[test]
    fn clusters_keep_textless_glyphs_with_their_base() {
        let glyphs = [g(1, "a"), g(2, "é"), g(3, ""), g(4, "b"), g(5, "")];
        let lens: Vec<usize> = clusters(&glyphs).map(<[Glyph]>::len).collect();
        assert_eq!(lens, [1, 2, 2]);
    }

    #[test]
    fn leading_textless_glyph_is_its_own_cluster() {
        let glyphs = [g(3, ""), g(4, "b")];
        let lens: Vec<usize> = clusters(&glyphs).map(<[Glyph]>::len).collect();
        assert_eq!(lens, [1, 1]);
    }

    #[test]
    fn offsets_round_without_negative_zero() {
        assert_eq!(round_offset(-0.001).to_bits(), 0.0f32.to_bits());
        assert_eq!(round_offset(12.3456), 12.35);
    }
}
