//! Text runs → glyph arrays: TJ offsets that reproduce layout's advances exactly, and
//! the Unicode text each glyph stands for.
//!
//! A ToUnicode CMap holds one text per glyph id, so a glyph that stands for different text in
//! different places — the space glyph
//! for U+0020 and U+00A0, a base glyph that is also the first glyph of a decomposed
//! cluster — cannot round-trip through ToUnicode alone. `DocFonts` fixes one text per
//! glyph (the first seen in reading order) and every cluster that disagrees with it gets an
//! `/ActualText` span instead.
//!
//! A word hyphenated at a line end ("tentoonstel-" / "lingsruimte") is joined for text
//! extraction and screen readers ([`Joins`]): the first half and its hyphen carry the whole
//! word as `/ActualText`, the rest on the next line an empty `/ActualText`. Each half stays
//! inside its own line's marked content, so this works across pages and columns too.

use super::fonts::DocFonts;
use crate::layout::{Glyph, Item, PageTree, TextRun};
use std::collections::BTreeMap;

/// The text layout gives the hyphen it adds at a line break.
const SOFT_HYPHEN: &str = "\u{AD}";

/// How a run takes part in words hyphenated across lines.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Join {
    /// The run starts with the rest of a word begun on an earlier line: its first `tail`
    /// glyphs, whose text that line's `head` already gives.
    pub tail: usize,
    /// The run ends with the first half of a hyphenated word, from this glyph on; the text is
    /// the whole word.
    pub head: Option<(usize, String)>,
}

/// The [`Join`] of every run that has one, keyed by (page, item index).
pub struct Joins {
    map: BTreeMap<(usize, usize), Join>,
}

impl Joins {
    pub fn new(tree: &PageTree) -> Joins {
        let runs: Vec<((usize, usize), &TextRun)> = tree
            .pages
            .iter()
            .enumerate()
            .flat_map(|(p, page)| page.items.iter().enumerate().map(move |(i, it)| (p, i, it)))
            .filter_map(|(p, i, it)| match it {
                Item::Text(run) if run.tag.is_some() => Some(((p, i), run)),
                _ => None,
            })
            .collect();
        let mut map: BTreeMap<(usize, usize), Join> = BTreeMap::new();
        for (k, &(key, run)) in runs.iter().enumerate() {
            if !ends_hyphenated(run) {
                continue;
            }
            let start = word_start(&run.glyphs);
            // A run that is all continuation is part of the word an earlier head gives.
            if map.get(&key).is_some_and(|j| j.tail > start) {
                continue;
            }
            let mut word = text_of(&run.glyphs[start..run.glyphs.len() - 1]);
            let mut found = false;
            // After a hyphen the word goes on at the next line; otherwise only on this one.
            let mut line_break = true;
            let mut prev = k;
            // The word goes on in the next runs of the same element: on the next line, on
            // more lines if the rest is hyphenated again, and in runs of another style on the
            // same line while no space ends it ("eI-" / "DAS" "-netwerk.").
            while let Some(n) = (prev + 1..runs.len()).find(|&n| runs[n].1.tag == run.tag) {
                let (next_key, next) = runs[n];
                let same_line = next_key.0 == runs[prev].0 .0 && next.y == runs[prev].1.y;
                if !line_break && !same_line {
                    break;
                }
                let end = word_end(&next.glyphs);
                let whole = end == next.glyphs.len();
                let again = whole && ends_hyphenated(next);
                word.push_str(&text_of(&next.glyphs[..end - usize::from(again)]));
                map.entry(next_key).or_default().tail = end;
                found = true;
                if !whole {
                    break;
                }
                line_break = again;
                prev = n;
            }
            if found {
                map.entry(key).or_default().head = Some((start, word));
            }
        }
        Joins { map }
    }

    pub fn get(&self, page: usize, item: usize) -> Option<&Join> {
        self.map.get(&(page, item))
    }
}

fn ends_hyphenated(run: &TextRun) -> bool {
    run.glyphs.last().is_some_and(|g| g.text == SOFT_HYPHEN)
}

fn is_space(g: &Glyph) -> bool {
    !g.text.is_empty() && g.text.chars().all(char::is_whitespace)
}

/// Index of the first glyph of the run's last word.
fn word_start(glyphs: &[Glyph]) -> usize {
    glyphs.iter().rposition(is_space).map_or(0, |i| i + 1)
}

/// Index just after the run's first word.
fn word_end(glyphs: &[Glyph]) -> usize {
    glyphs.iter().position(is_space).unwrap_or(glyphs.len())
}

fn text_of(glyphs: &[Glyph]) -> String {
    glyphs.iter().map(|g| g.text.as_str()).collect()
}

/// A stretch of a run shown by one `TJ`, with the text it stands for when ToUnicode does not
/// give it.
#[derive(Debug)]
pub struct Segment {
    pub actual: Option<String>,
    /// Per glyph: its code and the `TJ` offset after it.
    pub glyphs: Vec<(u16, f32)>,
}

/// The glyphs of `run` as segments: a hyphenated word's halves (`join`), each cluster whose
/// text ToUnicode does not give, and the plain stretches between them.
///
/// The caller gives each segment of tagged text its own marked content (an MCID, with
/// `/ActualText` in the same properties) rather than nesting a `Span` inside the line's:
/// poppler's structure-text reader ends an MCID at the first `EMC`, nested or not, and would
/// lose the rest of the line.
pub fn segments(run: &TextRun, fonts: &DocFonts, join: Option<&Join>) -> Vec<Segment> {
    let n = run.glyphs.len();
    let tail = join.map_or(0, |j| j.tail.min(n));
    let head = join.and_then(|j| j.head.as_ref());
    let head_start = head.map_or(n, |h| h.0.clamp(tail, n));
    // One font lookup per glyph: its code, its TJ offset, and whether ToUnicode gives its
    // text. The viewer advances by the glyph's `/W` width and then by `-offset/1000` em, so
    // the offset is whatever makes the sum layout's advance: zero unless kerning or
    // justification moved the glyph. Under font expansion both are scaled by the
    // horizontal scaling (`Tz`) the page writer sets for the run, and so is the offset:
    // an expanded glyph's advance is its `/W` width again, and its offset still zero.
    let face = fonts.face_glyphs(run.font);
    let scale = 1000.0 / (run.size.0 * run.expansion.factor());
    let mut cps = Vec::with_capacity(n);
    let mut all_own = true;
    for g in &run.glyphs {
        let glyph = face.glyph(g.id);
        cps.push((glyph.code, round_offset(glyph.width - g.advance.0 * scale)));
        all_own &= same_text(glyph.text, &g.text);
    }
    end_mark_inside(run, &mut cps);
    // Nearly always ToUnicode gives every glyph's own text and no word is joined: the whole
    // run is one plain segment.
    if all_own && tail == 0 && head_start == n {
        return vec![Segment {
            actual: None,
            glyphs: cps,
        }];
    }
    let mut out = Vec::with_capacity(3);
    if tail > 0 {
        out.push(Segment {
            actual: Some(String::new()),
            glyphs: cps[..tail].to_vec(),
        });
    }
    // Per glyph whether ToUnicode gives its own text: needed only when some glyph's does not.
    let own_text: Vec<bool> = match all_own {
        true => Vec::new(),
        false => run
            .glyphs
            .iter()
            .map(|g| same_text(face.glyph(g.id).text, &g.text))
            .collect(),
    };
    let mut at = tail;
    for cluster in clusters(&run.glyphs[tail..head_start]) {
        let end = at + cluster.len();
        // Only compare the cluster's texts as a whole when some glyph's ToUnicode text is
        // not its own (a cluster may split its text differently).
        let needs_actual = !all_own
            && !own_text[at..end].iter().all(|&same| same)
            && cluster
                .iter()
                .map(|g| face.glyph(g.id).text)
                .collect::<String>()
                != text_of(cluster);
        match out.last_mut() {
            Some(Segment {
                actual: None,
                glyphs: plain,
            }) if !needs_actual => plain.extend_from_slice(&cps[at..end]),
            _ if needs_actual => out.push(Segment {
                actual: Some(text_of(cluster)),
                glyphs: cps[at..end].to_vec(),
            }),
            _ => {
                // A plain stretch usually runs to the end of the run: room for all of it.
                let mut glyphs = Vec::with_capacity(head_start - at);
                glyphs.extend_from_slice(&cps[at..end]);
                out.push(Segment {
                    actual: None,
                    glyphs,
                });
            }
        }
        at = end;
    }
    if let Some((_, word)) = head.filter(|_| head_start < n) {
        out.push(Segment {
            actual: Some(word.clone()),
            glyphs: cps[head_start..].to_vec(),
        });
    }
    out
}

/// Draws a zero-advance line-end mark (layout's soft hyphen after a word broken with no
/// hyphen drawn, set in the space glyph) so that it ends where the line ends instead of
/// starting there: the text moves back by the glyph's width before it, not after it.
/// Readers box a glyph by its `/W` width, not by the `TJ` offset that cancels it, so a mark
/// drawn from the line end would put the joined word's box (the `/ActualText` span)
/// a space's width past the column edge, where a reader's highlight and every bbox check
/// would see text outside the column. The mark draws nothing, so nothing visible moves.
fn end_mark_inside(run: &TextRun, cps: &mut [(u16, f32)]) {
    let n = cps.len();
    let is_mark = run
        .glyphs
        .last()
        .is_some_and(|g| g.text == SOFT_HYPHEN && g.advance.0 == 0.0);
    if n >= 2 && is_mark {
        let width = std::mem::take(&mut cps[n - 1].1);
        cps[n - 2].1 = round_offset(cps[n - 2].1 + width);
    }
}

/// `a == b` for the short texts of glyphs, inline: `CompactString`'s `==` is an
/// out-of-line call ending in `memcmp`, and this runs for every glyph of a document.
fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len()
        && if a.len() <= 4 {
            a.iter().zip(b).all(|(x, y)| x == y)
        } else {
            a == b
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

/// Offsets are written as reals; 1/100 of a thousandth em (0.0001 pt at 10 pt) is far below
/// what a viewer can show and keeps the streams short and free of float noise.
fn round_offset(v: f32) -> f32 {
    // Half away from zero, by truncation (a conversion instruction, not a libm call).
    let x = v * 100.0;
    let r = (x + 0.5f32.copysign(x)) as i32 as f32 / 100.0;
    // -0.0 would be written as "-0".
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::Pt;

    fn g(id: u16, text: &str) -> Glyph {
        Glyph {
            id,
            advance: Pt(5.0),
            text: text.into(),
        }
    }

    /// A tagged run of one glyph per character at `y`, element `elem`.
    fn line(text: &str, y: f32, elem: usize) -> Item {
        Item::Text(TextRun {
            font: crate::font::FontId::new(crate::font::Family::Serif, false, false),
            size: Pt(10.0),
            x: Pt(0.0),
            y: Pt(y),
            color: crate::geom::Rgb(0.0, 0.0, 0.0),
            glyphs: text.chars().map(|c| g(1, &c.to_string())).collect(),
            tag: Some(crate::layout::Tag { elem }),
            expansion: crate::layout::Expansion::NONE,
        })
    }

    fn tree(items: Vec<Item>) -> PageTree {
        PageTree {
            pages: vec![crate::layout::Page {
                width: Pt(100.0),
                height: Pt(100.0),
                items,
            }],
            outline: Vec::new(),
            structure: Vec::new(),
            images: Vec::new(),
            photos: Vec::new(),
            overfull: Vec::new(),
        }
    }

    #[test]
    fn a_word_hyphenated_twice_is_joined_whole() {
        // "de tentoon-" / "stellings-" / "ruimte is" — the example — with a line of
        // another paragraph (element 1) in between, as in the parallel layout.
        let t = tree(vec![
            line("de tentoon\u{AD}", 10.0, 0),
            line("une autre", 10.0, 1),
            line("stellings\u{AD}", 20.0, 0),
            line("ruimte is", 30.0, 0),
        ]);
        let j = Joins::new(&t);
        let head = j.get(0, 0).unwrap();
        assert_eq!(head.tail, 0);
        assert_eq!(head.head, Some((3, "tentoonstellingsruimte".to_string())));
        assert_eq!(j.get(0, 1), None, "other paragraph untouched");
        assert_eq!(j.get(0, 2).unwrap().tail, "stellings\u{AD}".chars().count());
        assert_eq!(j.get(0, 2).unwrap().head, None);
        assert_eq!(j.get(0, 3).unwrap().tail, "ruimte".len());
    }

    #[test]
    fn a_word_goes_on_across_runs_of_the_same_line_only() {
        // "eI-" / "DAS" (emphasis) "-netwerk. Meer" on one line; "uitleg" on the next.
        let t = tree(vec![
            line("het eI\u{AD}", 10.0, 0),
            line("DAS", 20.0, 0),
            line("-netwerk. Meer", 20.0, 0),
            line("uitleg", 30.0, 0),
        ]);
        let j = Joins::new(&t);
        assert_eq!(
            j.get(0, 0).unwrap().head,
            Some((4, "eIDAS-netwerk.".to_string()))
        );
        assert_eq!(j.get(0, 1).unwrap().tail, 3);
        assert_eq!(j.get(0, 2).unwrap().tail, "-netwerk.".len());
        assert_eq!(j.get(0, 3), None);
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
