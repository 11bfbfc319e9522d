//! Paragraphs: styled inline text becomes justified (or ragged) lines of positioned glyphs.
//!
//! `collect` (text + style spans) → `Items::build` (boxes, glue and penalties from UAX #14
//! break opportunities, hyphenation points and shaped widths, each with the fragment it
//! sets) → [`linebreak::break_lines_hung`] → `Items::emit` (glyph runs with the chosen
//! adjustment, links, hyphens at line ends).

use super::hyphenate;
use super::linebreak::{
    self, Item as Lb, EXPLICIT_HYPHEN_PENALTY, HYPHEN_PENALTY, PENALTY_INFINITY,
};
use super::shape::Shaper;
use super::style::{Align, Style};
use super::tree::{Expansion, Glyph, Item, Overfull, Tag, TextRun};
use crate::font::FontId;
use crate::geom::Pt;
use crate::lang::Lang;
use crate::markup::Inline;
use compact_str::CompactString;
use unicode_linebreak::BreakOpportunity;

/// Interword glue relative to the space width: TeX's classic 1/2 stretch, 1/3 shrink.
const SPACE_STRETCH: f32 = 0.5;
const SPACE_SHRINK: f32 = 1.0 / 3.0;
/// Stretch of a ragged-right line, in em: plain TeX's `\raggedright` uses 2 em.
const RAGGED_STRETCH_EM: f32 = 2.0;
/// Cost of breaking an address after a separator (`/ . @ - _ ? & = #`): twice a hyphen's,
/// since a reader copying a broken address may mistake where it goes on, but far below a
/// line loose enough to gape.
const ADDRESS_BREAK_PENALTY: f32 = 2.0 * HYPHEN_PENALTY;
/// Cost of cutting a word too wide for its column between two of its characters, the last
/// resort before a line runs past its column: high, so that such a word is cut as few times
/// as it must, where its lines come out best; below [`linebreak::PENALTY_INFINITY`].
const CUT_PENALTY: f32 = 5_000.0;

/// A no-break space given up in a group wider than its column ("+32 475 98 76 54" in a
/// 30 mm column): costlier than any ordinary break, cheaper than cutting a word.
const NBSP_BREAK_PENALTY: f32 = CUT_PENALTY / 2.0;

/// The no-break space that stretches in justified text (see `Items::push_word`).
const NBSP: char = '\u{a0}';

/// Margin kerning (microtype's character protrusion): in justified text a line ending in one
/// of these marks lets that fraction of the mark's advance hang into the right margin, so
/// the edge of the column looks straight to the eye (a full stop or hyphen flush with the
/// edge leaves a visible notch) and the line has that much more room, which is what evens
/// narrow columns: a 20 em line has only three or four spaces to absorb its slack. The
/// fractions are microtype's `default` set for text fonts (hyphen and full stop 0.7, comma,
/// colon, semicolon and closing double quotes 0.5, …); at 10.5 pt the largest hang is a
/// hyphen's or a closing guillemet's, about 2.5 pt, far less than the 8 mm gutter between
/// parallel columns. Only the breaker's width and the line's glue change: the glyphs stay
/// what they are and the mark simply ends past the edge. Only the mark hangs: where it is
/// kerned under the glyph before it, its hang is capped (see [`right_protrusion`]).
const RIGHT_PROTRUSION: &[(char, f32)] = &[
    ('-', 0.7),
    // The hyphen drawn at a line break stands for a soft hyphen in the text layer.
    ('\u{ad}', 0.7),
    ('\u{2010}', 0.7),
    ('.', 0.7),
    (',', 0.5),
    (':', 0.5),
    (';', 0.5),
    ('!', 0.1),
    ('?', 0.1),
    ('\u{2019}', 0.7),
    ('\u{201d}', 0.5),
    ('\u{bb}', 0.5),
    ('\u{203a}', 0.5),
    ('\u{2013}', 0.3),
    ('\u{2014}', 0.2),
    (')', 0.1),
];

/// How far `mark` hangs into the right margin at a line end, in pt, when `kern` (pt) is
/// what the glyph before it in its word advances beyond its own box: negative where the
/// font kerns the mark under that glyph ("r." in Noto Serif Italic: -170 units), zero for
/// the first glyph of a word.
///
/// The mark's share of its advance ([`RIGHT_PROTRUSION`]), but at most its advance plus
/// that kern: a mark kerned under the glyph before it would otherwise take that glyph's box
/// past the edge with it (the stop of "uur." hung 1.84 pt where only 0.82 pt of it lies
/// past the 'r', so the 'r' box and its ink ended 1.0 pt outside its parallel column). A
/// positive kern never raises the hang above the share.
fn right_protrusion(mark: &Glyph, kern: f32) -> f32 {
    let mut chars = mark.text.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return 0.0;
    };
    RIGHT_PROTRUSION
        .iter()
        .find(|&&(m, _)| m == c)
        .map_or(0.0, |&(_, f)| {
            (f * mark.advance.0).min(mark.advance.0 + kern).max(0.0)
        })
}

/// How far `glyph` advances beyond its box, in pt, given the box's width
/// ([`box_width`](super::shape::box_width)): the kerning shaping put into its advance, and
/// any tracking.
fn kern_after(glyph: &Glyph, box_width: f32) -> f32 {
    glyph.advance.0 - box_width
}

/// How far a line whose last run is `run` hangs into the right margin, as the breaker
/// reckoned it: the protrusion of the run's last drawn glyph (the zero-advance marks after
/// it draw nothing), with the kern before it when the glyph before it is of the same word
/// (a justified space is glue, and the hyphen drawn at a break is shaped alone). Word
/// glyphs are taken back to their advances before font expansion; the drawn hyphen never
/// expands. Checks of a column's right edge measure to the edge minus this.
#[cfg(test)]
pub(crate) fn line_end_hang(fonts: &crate::font::FontBook, run: &TextRun) -> f32 {
    let glyphs = &run.glyphs;
    let Some(at) = glyphs.iter().rposition(|g| g.advance.0 > 0.0) else {
        return 0.0;
    };
    let drawn_hyphen = glyphs[at].text == "\u{ad}";
    let unexpanded = |g: &Glyph| Glyph {
        advance: Pt(g.advance.0 / run.expansion.factor()),
        ..g.clone()
    };
    if drawn_hyphen {
        return right_protrusion(&glyphs[at], 0.0);
    }
    let kern = match at.checked_sub(1).map(|b| &glyphs[b]) {
        Some(before) if !matches!(before.text.as_str(), " " | "\u{a0}") => {
            let width = super::shape::box_width(fonts, run.font, before.id, run.size.0);
            kern_after(&unexpanded(before), width)
        }
        _ => 0.0,
    };
    right_protrusion(&unexpanded(&glyphs[at]), kern)
}

/// A paragraph width that asks for its min-content width, not for a setting: each line holds
/// one unbreakable piece (a word, or a part of one where it may be hyphenated or broken), and
/// no word is cut to fit ([`Frag::Cut`]). Tables measure their cells with it.
pub const MIN_CONTENT_PROBE: Pt = Pt(1.0);

/// One laid-out line; item coordinates are relative to the line's top-left corner.
#[derive(Debug, Clone)]
pub struct LaidLine {
    pub height: Pt,
    pub items: Vec<Item>,
    pub overfull: bool,
    /// The line ends inside a word too wide for any line, cut without a hyphen.
    pub cut: bool,
    /// For an overfull or cut line: the markup offset of its widest word, the one that would
    /// not fit (see [`Overfull::at`]).
    pub source: Option<usize>,
}

impl LaidLine {
    /// The line as an overfull-line report, if it is overfull.
    pub fn overfull(&self) -> Option<Overfull> {
        (self.overfull || self.cut).then(|| Overfull {
            text: self.text().trim().to_string(),
            at: self.source,
            cut: !self.overfull,
        })
    }

    /// The line's text, for diagnostics and outline titles (built on demand: most lines
    /// never need it).
    pub fn text(&self) -> String {
        self.items
            .iter()
            .filter_map(|i| match i {
                Item::Text(run) => Some(run.text()),
                _ => None,
            })
            .collect()
    }
}

/// Where a paragraph's text comes from and how to set it.
pub struct ParaSpec<'a> {
    pub inlines: &'a [Inline],
    pub style: Style,
    pub lang: Lang,
    pub width: Pt,
    pub tag: Option<Tag>,
    /// Colour of link text.
    pub link_color: crate::geom::Rgb,
    /// No hyphen ever, not even in a word too wide for a line, which is then cut without one
    /// as the last resort (with a warning): an organisation's name or address, which a
    /// hyphen would misquote. Otherwise a too-wide word in a paragraph that is not
    /// hyphenated (a heading) breaks at its hyphenation points first.
    pub no_hyphen: bool,
    /// What the paragraph's first word is to the capitalised-name rule: a table cell's is a
    /// name or a label ([`hyphenate::Opening::Label`]), kept whole unless it is wider than a
    /// line of the cell.
    pub opening: hyphenate::Opening,
}

/// A piece of the paragraph that becomes glyphs when its line is emitted.
#[derive(Debug, Clone)]
enum Frag {
    /// Glyphs of one face, with their advances in pt: `start..end` of the paragraph's
    /// glyphs (one vector for the paragraph, not one per word).
    Glyphs {
        font: FontId,
        start: u32,
        end: u32,
        link: Option<usize>,
        /// Byte offset in the collected text of the box's first character.
        at: u32,
    },
    /// An interword space, or a no-break space (`nbsp`) that stretches like one.
    Space { font: FontId, gid: u16, nbsp: bool },
    /// A break point; `hyphen` is the glyph shown if the line breaks here.
    Break { hyphen: Option<(FontId, u16, f32)> },
    /// The end-of-paragraph glue and forced break.
    End,
    /// Glue or penalty of the ragged-right recipe: sets nothing.
    Skip,
    /// A break inside a word without a hyphen (after a slash, an explicit hyphen or an
    /// address's separator); the halves read back as one word.
    WordBreak,
    /// A cut through a word too wide for its column, anywhere between two characters: like
    /// [`Frag::WordBreak`], and its line is reported.
    Cut,
}

/// How a word may break at one of its points.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Cut {
    /// A hyphenation point: the hyphen is drawn.
    Hyphen,
    /// Just after a hyphen of the word itself.
    AfterHyphen,
    /// After a separator of an address.
    Address,
}

/// The face of a span of text and the link it belongs to (an index into
/// [`Collected::links`]).
#[derive(Debug, Clone, Copy)]
struct Face {
    font: FontId,
    link: Option<usize>,
}

struct Collected {
    text: String,
    /// (byte range, face and link, index of the inline in [`ParaSpec::inlines`])
    spans: Vec<(usize, usize, Face, usize)>,
    links: Vec<String>,
}

/// Lays out one paragraph into lines.
pub fn layout_para(shaper: &mut Shaper, spec: &ParaSpec) -> Vec<LaidLine> {
    let c = collect(spec);
    if c.text.trim().is_empty() {
        return Vec::new();
    }
    let items = Items::build(shaper, spec, &c);
    let params = linebreak::Params {
        expansion: expansion_limit(&spec.style),
        ..linebreak::Params::default()
    };
    let hangs = left_hangs(spec, &items);
    let lines = linebreak::break_lines_hung(&items.items, &hangs, &[spec.width.0], &params);
    lines
        .iter()
        .enumerate()
        .map(|(n, l)| {
            let last = n + 1 == lines.len();
            let first = (l.start..l.end).find(|&i| matches!(items.items[i], Lb::Box { .. }));
            let hang = first
                .and_then(|f| hangs.iter().find(|&&(i, _)| i == f))
                .map_or(0.0, |&(_, h)| h);
            items.emit(shaper, spec, &c, l, last, hang)
        })
        .collect()
}

/// How far the glyphs of a line of `style` may expand, as a fraction: the style's limit in
/// justified text that is not letter-spaced (see [`Style::expansion`]), none
/// elsewhere. Ragged text has no slack to fill.
fn expansion_limit(style: &Style) -> f32 {
    if style.align == Align::Justify && style.tracking == Pt::ZERO {
        f32::from(style.expansion.0.max(0)) / 1000.0
    } else {
        0.0
    }
}

/// Left protrusion (optical alignment, microtype's for the left margin): marks that hang
/// into the left margin when a line starts with them, as a fraction of their advance. An
/// opening quotation mark hangs whole, so the left edge of the text stays straight; a
/// French one takes its narrow no-break space with it (`«\u{202f}`), so the first word
/// starts on the margin like every other line's. A parenthesis hangs a little, as the
/// closing one does at the right ([`RIGHT_PROTRUSION`]).
const LEFT_PROTRUSION: &[(char, f32)] = &[
    ('\u{201c}', 1.0),
    ('\u{201e}', 1.0),
    ('\u{ab}', 1.0),
    ('\u{2018}', 1.0),
    ('\u{201a}', 1.0),
    ('\u{2039}', 1.0),
    ('(', 0.1),
];

/// The boxes that hang into the left margin if a line starts with them, with how far
/// (see [`LEFT_PROTRUSION`]), by increasing item index, for the line breaker.
fn left_hangs(spec: &ParaSpec, items: &Items) -> Vec<(usize, f32)> {
    if matches!(spec.style.align, Align::Right | Align::Center) {
        return Vec::new();
    }
    let mut hangs = Vec::new();
    for (k, (item, frag)) in items.items.iter().zip(&items.frags).enumerate() {
        let (Lb::Box { .. }, Frag::Glyphs { start, end, .. }) = (item, frag) else {
            continue;
        };
        let glyphs = &items.glyphs[*start as usize..*end as usize];
        let hang = glyphs
            .first()
            .map_or(0.0, |mark| left_protrusion(mark, &glyphs[1..]));
        if hang > 0.0 {
            hangs.push((k, hang));
        }
    }
    hangs
}

/// How far `mark`, followed by `rest` in its box, hangs into the left margin at a line
/// start: a share of its advance, and a full opening quote takes the no-break spaces after
/// it along.
fn left_protrusion(mark: &Glyph, rest: &[Glyph]) -> f32 {
    let mut chars = mark.text.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return 0.0;
    };
    let Some(&(_, share)) = LEFT_PROTRUSION.iter().find(|&&(m, _)| m == c) else {
        return 0.0;
    };
    if share < 1.0 {
        return share * mark.advance.0;
    }
    let space: f32 = rest
        .iter()
        .take_while(|g| g.text == "\u{202f}" || g.text == "\u{a0}")
        .map(|g| g.advance.0)
        .sum();
    mark.advance.0 + space
}

/// The hyphenation points of `c.text[word]` (byte offsets in the word, and whether a hyphen
/// is drawn there).
fn hyphenation_points(
    shaper: &mut Shaper,
    spec: &ParaSpec,
    c: &Collected,
    word: std::ops::Range<usize>,
) -> Vec<(usize, bool)> {
    let text = &c.text[word.clone()];
    if spec.no_hyphen
        || (!spec.style.hyphenate && !wider_than_a_line(shaper, spec, c, word.clone()))
    {
        Vec::new()
    } else if text.contains(NBSP) {
        // Each word of a no-break group ("12\u{a0}miljoen\u{a0}euro") is hyphenated
        // on its own, as TeX does across `~`: the group as one token holds a digit,
        // and words with digits are never hyphenated, which left no break in the
        // whole group and the line before it loose. A month name is hyphenated too
        // ("24\u{a0}no-/vember"): the day stays with its month, and the alternative
        // measured in the joint example was a line with 1.5 em word gaps.
        let mut all = Vec::new();
        let mut from = 0;
        let opening = opening(shaper, spec, c, word.clone());
        for part in text.split(NBSP) {
            let range = word.start + from..word.start + from + part.len();
            let ctx = || hyphenate::Context::at(&c.text, range.clone(), opening);
            let pts = shaper.break_points(part, spec.lang, ctx);
            all.extend(pts.iter().map(|p| (from + p.offset, p.needs_hyphen)));
            from += part.len() + NBSP.len_utf8();
        }
        all
    } else {
        let opening = opening(shaper, spec, c, word.clone());
        let context = || hyphenate::Context::at(&c.text, word.clone(), opening);
        let pts = shaper.break_points(text, spec.lang, context);
        pts.iter().map(|p| (p.offset, p.needs_hyphen)).collect()
    }
}

/// How the paragraph's start counts for `word` ([`ParaSpec::opening`]). A cell's first word
/// is a label, kept whole like a name, unless it alone is wider than a line of the cell:
/// then it breaks at its hyphenation points ("Werkloos-/heidsgraad" in a header) rather
/// than being cut anywhere. The table gives a label its width while it can (`table.rs`);
/// the probe for a cell's min-content width never counts a word too wide.
fn opening(
    shaper: &mut Shaper,
    spec: &ParaSpec,
    c: &Collected,
    word: std::ops::Range<usize>,
) -> hyphenate::Opening {
    let label = spec.opening == hyphenate::Opening::Label
        && !c.text[..word.start].contains(char::is_alphanumeric);
    if label && wider_than_a_line(shaper, spec, c, word) {
        hyphenate::Opening::Sentence
    } else {
        spec.opening
    }
}

/// Whether `word` alone is wider than a line of the paragraph. Such a word must break
/// somewhere ([`Items::cut_too_wide`] cuts it anywhere as a last resort), so it breaks at
/// its hyphenation points even where the paragraph is not hyphenated: a heading on an A5
/// page was cut inside "arbeidsongeschiktheids…" without a hyphen, where the body text
/// hyphenated the same word. Not when probing for a table's minimum content width, where
/// nothing is cut either.
fn wider_than_a_line(
    shaper: &mut Shaper,
    spec: &ParaSpec,
    c: &Collected,
    word: std::ops::Range<usize>,
) -> bool {
    if spec.width <= MIN_CONTENT_PROBE {
        return false;
    }
    let size = spec.style.size.0;
    let mut width = 0.0;
    let mut pos = word.start;
    while pos < word.end {
        let (face, span_end) = span_at(c, pos);
        let end = if span_end > pos {
            span_end.min(word.end)
        } else {
            word.end
        };
        width += shaper.shape(face.font, &c.text[pos..end]).width_at(size);
        pos = end;
    }
    width > spec.width.0
}

fn collect(spec: &ParaSpec) -> Collected {
    let mut c = Collected {
        text: String::new(),
        spans: Vec::new(),
        links: Vec::new(),
    };
    for (k, inline) in spec.inlines.iter().enumerate() {
        let start = c.text.len();
        if spec.style.uppercase {
            c.text.push_str(&inline.text.to_uppercase());
        } else {
            c.text.push_str(&inline.text);
        }
        let link = inline.link.as_ref().map(|l| {
            c.links.push(l.clone());
            c.links.len() - 1
        });
        let face = Face {
            font: spec.style.font(inline.bold, inline.italic),
            link,
        };
        if c.text.len() > start {
            c.spans.push((start, c.text.len(), face, k));
        }
    }
    c
}

/// The span's face and link at byte `pos`, and where the span ends.
fn span_at(c: &Collected, pos: usize) -> (Face, usize) {
    let s = c
        .spans
        .iter()
        .find(|s| pos >= s.0 && pos < s.1)
        .or(c.spans.last())
        .expect("non-empty paragraph has spans");
    (s.2, s.1)
}

/// The paragraph as the line breaker sees it (`items`) and, index for index, what each item
/// sets when its line is emitted (`frags`), with the glyphs the boxes' frags point into.
/// Items and frags are only ever pushed and popped together, so they stay aligned.
struct Items {
    items: Vec<Lb>,
    frags: Vec<Frag>,
    glyphs: Vec<Glyph>,
}

impl Items {
    /// Boxes, glue and penalties of the collected text, from its UAX #14 break
    /// opportunities, hyphenation points and shaped widths.
    fn build(shaper: &mut Shaper, spec: &ParaSpec, c: &Collected) -> Items {
        // About one item per three bytes of text (a word, its space, its hyphenation points),
        // and a glyph per byte or fewer.
        let mut this = Items {
            items: Vec::with_capacity(c.text.len() / 3 + 8),
            frags: Vec::with_capacity(c.text.len() / 3 + 8),
            glyphs: Vec::with_capacity(c.text.len() + 1),
        };
        let mut prev = 0;
        for (idx, opp) in unicode_linebreak::linebreaks(&c.text) {
            let seg = &c.text[prev..idx];
            let word_len = seg.trim_end_matches([' ', '\n']).len();
            this.push_word(shaper, spec, c, prev..prev + word_len);
            let trailing = &seg[word_len..];
            let at_end = idx == c.text.len();
            if trailing.contains('\n') && !at_end {
                this.finish();
            } else if !trailing.is_empty() && !at_end {
                this.push_space(shaper, spec, c, prev + word_len);
            } else if opp == BreakOpportunity::Allowed
                && !at_end
                && word_len > 0
                && !in_number_range(&c.text, idx)
            {
                // After a hyphen (`Vice-`) or a slash (`https://`, `en/of`): only the hyphen
                // ends its line with one, for the ladder's count.
                let penalty = Lb::Penalty {
                    width: -this.protrusion(shaper, spec),
                    cost: EXPLICIT_HYPHEN_PENALTY,
                    flagged: seg[..word_len].ends_with(['-', '\u{2010}']),
                };
                this.push(penalty, Frag::WordBreak);
            }
            prev = idx;
        }
        this.finish();
        if spec.width > MIN_CONTENT_PROBE {
            this.cut_too_wide(spec.width.0);
        }
        this
    }

    /// Lets every run of boxes with no break between them that is wider than `width` break
    /// between any two of its clusters ([`Frag::Cut`]): nothing may run past its column. A
    /// run held together by no-break spaces first breaks at them
    /// ([`NBSP_BREAK_PENALTY`]), and only its words still too wide are cut. Rebuilds the
    /// items only when there is such a run (rarely).
    fn cut_too_wide(&mut self, width: f32) {
        let mut run = 0.0;
        let mut too_wide = false;
        for (k, item) in self.items.iter().enumerate() {
            run = match self.in_run(k) {
                true => run + box_or_glue_width(item),
                false => 0.0,
            };
            too_wide |= run > width;
        }
        if !too_wide {
            return;
        }
        let old = Items {
            items: std::mem::take(&mut self.items),
            frags: std::mem::take(&mut self.frags),
            glyphs: Vec::new(),
        };
        let mut k = 0;
        while k < old.items.len() {
            let end = (k..old.items.len())
                .find(|&j| !old.in_run(j))
                .unwrap_or(old.items.len());
            if end > k && run_width(&old.items[k..end]) > width {
                self.push_run(&old, k..end, width);
                k = end;
            } else {
                self.push(old.items[k], old.frags[k].clone());
                k += 1;
            }
        }
    }

    /// Whether item `k` holds a run together: a box, or a no-break space's penalty or glue.
    fn in_run(&self, k: usize) -> bool {
        let nbsp = |j: usize| matches!(self.frags.get(j), Some(Frag::Space { nbsp: true, .. }));
        match self.items[k] {
            Lb::Box { .. } => true,
            Lb::Penalty { cost, .. } => cost >= PENALTY_INFINITY && nbsp(k + 1),
            Lb::Glue { .. } => nbsp(k),
        }
    }

    /// Pushes the too-wide run `range` of `old`: breakable at its no-break spaces, and each
    /// stretch of boxes between them cut if it is still too wide.
    fn push_run(&mut self, old: &Items, range: std::ops::Range<usize>, width: f32) {
        let mut j = range.start;
        while j < range.end {
            let boxes_end = (j..range.end)
                .find(|&i| !matches!(old.items[i], Lb::Box { .. }))
                .unwrap_or(range.end);
            if boxes_end == j {
                match old.items[j] {
                    Lb::Penalty { .. } => self.push(nbsp_break_penalty(), Frag::Skip),
                    item => self.push(item, old.frags[j].clone()),
                }
                j += 1;
                continue;
            }
            let cut = run_width(&old.items[j..boxes_end]) > width;
            for i in j..boxes_end {
                match cut {
                    true => {
                        if i > j {
                            self.push(cut_penalty(), Frag::Cut);
                        }
                        self.push_cut_box(&old.frags[i]);
                    }
                    false => self.push(old.items[i], old.frags[i].clone()),
                }
            }
            j = boxes_end;
        }
    }

    /// Pushes the box of `frag` cut before every cluster but its first.
    fn push_cut_box(&mut self, frag: &Frag) {
        let &Frag::Glyphs {
            font,
            start,
            end,
            link,
            at,
        } = frag
        else {
            return;
        };
        let mut from = start;
        for g in start..end {
            // A ligature's later glyphs have no text of their own: never cut inside one.
            if g > from && !self.glyphs[g as usize].text.is_empty() {
                self.push_glyph_box(font, from, g, link, at);
                self.push(cut_penalty(), Frag::Cut);
                from = g;
            }
        }
        self.push_glyph_box(font, from, end, link, at);
    }

    fn push_glyph_box(&mut self, font: FontId, start: u32, end: u32, link: Option<usize>, at: u32) {
        let width = self.glyphs[start as usize..end as usize]
            .iter()
            .map(|g| g.advance.0)
            .sum();
        let frag = Frag::Glyphs {
            font,
            start,
            end,
            link,
            at,
        };
        self.push(Lb::Box { width }, frag);
    }

    fn push(&mut self, item: Lb, frag: Frag) {
        self.items.push(item);
        self.frags.push(frag);
    }

    /// How far the last glyph of the last box pushed would hang into the right margin if a
    /// line ended after it ([`right_protrusion`], with the kern before it from the glyph
    /// before it in the box); `0` in ragged text and after anything but a box.
    fn protrusion(&self, shaper: &Shaper, spec: &ParaSpec) -> f32 {
        if spec.style.align != Align::Justify {
            return 0.0;
        }
        let (
            Some(Lb::Box { .. }),
            Some(&Frag::Glyphs {
                font, start, end, ..
            }),
        ) = (self.items.last(), self.frags.last())
        else {
            return 0.0;
        };
        let Some(mark) = end.checked_sub(1).filter(|&m| m >= start) else {
            return 0.0;
        };
        let kern = match mark > start {
            true => {
                let before = &self.glyphs[mark as usize - 1];
                kern_after(before, shaper.box_width(font, before.id, spec.style.size.0))
            }
            false => 0.0,
        };
        right_protrusion(&self.glyphs[mark as usize], kern)
    }

    fn push_word(
        &mut self,
        shaper: &mut Shaper,
        spec: &ParaSpec,
        c: &Collected,
        word: std::ops::Range<usize>,
    ) {
        if word.is_empty() {
            return;
        }
        let text = &c.text[word.clone()];
        let context = || hyphenate::Context::at(&c.text, word.clone(), spec.opening);
        let points = hyphenation_points(shaper, spec, c, word.clone());
        // An address has no hyphenation points, but breaks after its separators.
        let address: Vec<usize> = if hyphenate::may_break_as_address(text) && context().in_address {
            hyphenate::address_breaks(text).collect()
        } else {
            Vec::new()
        };
        let mut all: Vec<(usize, Cut)> = points
            .iter()
            .map(|&(offset, needs_hyphen)| {
                let cut = if needs_hyphen {
                    Cut::Hyphen
                } else {
                    Cut::AfterHyphen
                };
                (word.start + offset, cut)
            })
            .chain(address.iter().map(|&o| (word.start + o, Cut::Address)))
            .collect();
        if !address.is_empty() {
            all.sort_by_key(|&(o, _)| o);
        }
        let justify = spec.style.align == Align::Justify;
        let mut pos = word.start;
        while pos < word.end {
            // In justified text a no-break space (U+00A0) is glue that may not break, as
            // TeX's `~`: it stretches and shrinks with the line's other spaces. Kept inside
            // the box, "19.00 uur" and "€ 5" set at natural width while the line's
            // other gaps took all its slack (narrow columns went from 0.43 to 0.47 em mean
            // gap when the no-break rules landed). The narrow U+202F stays fixed: it
            // groups digits and sets French punctuation off, and must not widen.
            if justify && c.text[pos..].starts_with(NBSP) {
                self.push_nbsp(shaper, spec, c, pos);
                pos += NBSP.len_utf8();
                continue;
            }
            let (face, span_end) = span_at(c, pos);
            let nbsp_at = match justify {
                true => c.text[pos..word.end]
                    .find(NBSP)
                    .map_or(word.end, |i| pos + i),
                false => word.end,
            };
            let piece_end = span_end.min(word.end).min(nbsp_at);
            let piece = &c.text[pos..piece_end];
            let cuts = all
                .iter()
                .copied()
                .filter(|&(o, _)| o > pos && o < piece_end);
            self.push_piece(shaper, spec, face, pos, piece, cuts);
            pos = piece_end;
        }
    }

    /// Shapes one single-face piece of a word, at byte `offset` of the paragraph, and
    /// splits it at hyphenation points.
    fn push_piece(
        &mut self,
        shaper: &mut Shaper,
        spec: &ParaSpec,
        face: Face,
        offset: usize,
        piece: &str,
        cuts: impl Iterator<Item = (usize, Cut)>,
    ) {
        let size = spec.style.size.0;
        let shaped = shaper.shape(face.font, piece);
        let scale = size / shaped.units_per_em;
        // The glyphs of the current box are `glyphs[start..]`; its text starts at byte `at`.
        let mut start = self.glyphs.len();
        let mut at = offset;
        let mut cut_iter = cuts.peekable();
        for (g, text) in shaped.glyphs.iter().zip(&shaped.texts) {
            let a = g.cluster as usize;
            // A cut is taken only where a new cluster starts, never inside a ligature.
            if let Some(&(cut, kind)) = cut_iter.peek() {
                if !text.is_empty() && offset + a >= cut {
                    cut_iter.next();
                    if offset + a == cut && self.glyphs.len() > start {
                        self.flush_box(&mut start, face, at);
                        at = cut;
                        self.push_hyphen_break(shaper, spec, face.font, kind);
                    }
                }
            }
            if text == "\u{AD}" {
                continue; // a soft hyphen only marks a break point
            }
            self.glyphs.push(Glyph {
                id: g.id,
                advance: Pt(g.advance * scale + spec.style.tracking.0),
                text: text.clone(),
            });
        }
        self.flush_box(&mut start, face, at);
    }

    /// Ends the box of `glyphs[*start..]` (if any), whose text starts at byte `at`, and
    /// starts the next one after it.
    fn flush_box(&mut self, start: &mut usize, face: Face, at: usize) {
        let end = self.glyphs.len();
        if end == *start {
            return;
        }
        let width = self.glyphs[*start..].iter().map(|g| g.advance.0).sum();
        let frag = Frag::Glyphs {
            font: face.font,
            start: *start as u32,
            end: end as u32,
            link: face.link,
            at: at as u32,
        };
        self.push(Lb::Box { width }, frag);
        *start = end;
    }

    fn push_hyphen_break(&mut self, shaper: &mut Shaper, spec: &ParaSpec, font: FontId, kind: Cut) {
        let size = spec.style.size.0;
        let justify = spec.style.align == Align::Justify;
        let hyphen = (kind == Cut::Hyphen).then(|| {
            let h = shaper.shape(font, "-");
            (font, h.glyphs[0].id, h.width_at(size))
        });
        // The drawn hyphen, or the word's own last mark (`Vice-`, `digitaal.`), hangs into
        // the margin by its protrusion: the line is that much narrower to the breaker, and
        // is emitted with the mark's full advance. The drawn hyphen is shaped alone: no kern
        // before it.
        let hang = match (justify, hyphen) {
            (false, _) => 0.0,
            (true, Some((_, gid, w))) => right_protrusion(&glyph(gid, w, "-"), 0.0),
            (true, None) => self.protrusion(shaper, spec),
        };
        let penalty = Lb::Penalty {
            width: hyphen.map_or(0.0, |h| h.2) - hang,
            cost: match kind {
                Cut::Hyphen => HYPHEN_PENALTY,
                Cut::AfterHyphen => EXPLICIT_HYPHEN_PENALTY,
                Cut::Address => ADDRESS_BREAK_PENALTY,
            },
            // A line ending in a hyphen, drawn or the word's own, counts towards a ladder.
            flagged: kind != Cut::Address,
        };
        if !justify {
            let stretch = size * RAGGED_STRETCH_EM;
            let [inf, fill, pen, back] = match hyphen {
                Some((_, _, width)) => linebreak::ragged_hyphen(width, stretch),
                None => linebreak::ragged_penalty(penalty, stretch),
            };
            self.push(inf, Frag::Skip);
            self.push(fill, Frag::Skip);
            self.push(pen, break_frag(hyphen));
            self.push(back, Frag::Skip);
            return;
        }
        self.push(penalty, break_frag(hyphen));
    }

    /// A no-break space in justified text: an infinite penalty (no break here, nor at the
    /// glue, which follows no box) and glue as wide and as elastic as an interword space.
    fn push_nbsp(&mut self, shaper: &mut Shaper, spec: &ParaSpec, c: &Collected, pos: usize) {
        let (face, _) = span_at(c, pos);
        let font = face.font;
        let s = shaper.shape(font, "\u{a0}");
        let w = s.width_at(spec.style.size.0) + spec.style.tracking.0;
        let gid = s.glyphs[0].id;
        let no_break = Lb::Penalty {
            width: 0.0,
            cost: PENALTY_INFINITY,
            flagged: false,
        };
        self.push(no_break, Frag::Skip);
        let glue = Lb::Glue {
            width: w,
            stretch: w * SPACE_STRETCH,
            shrink: w * SPACE_SHRINK,
        };
        self.push(
            glue,
            Frag::Space {
                font,
                gid,
                nbsp: true,
            },
        );
    }

    fn push_space(&mut self, shaper: &mut Shaper, spec: &ParaSpec, c: &Collected, pos: usize) {
        let (face, _) = span_at(c, pos.saturating_sub(1));
        let font = face.font;
        let s = shaper.shape(font, " ");
        let w = s.width_at(spec.style.size.0) + spec.style.tracking.0;
        let gid = s.glyphs[0].id;
        if spec.style.align == Align::Justify {
            // A line ending after a mark that protrudes breaks at a penalty of the negative
            // width of the hang instead of at the space: glue after a penalty is no break,
            // so the line either ends here, narrower by the hang, or goes on with the
            // space; where it does not break the penalty takes no room.
            let hang = self.protrusion(shaper, spec);
            if hang > 0.0 {
                let penalty = Lb::Penalty {
                    width: -hang,
                    cost: 0.0,
                    flagged: false,
                };
                self.push(penalty, Frag::Skip);
            }
            let glue = Lb::Glue {
                width: w,
                stretch: w * SPACE_STRETCH,
                shrink: w * SPACE_SHRINK,
            };
            let nbsp = false;
            self.push(glue, Frag::Space { font, gid, nbsp });
        } else {
            let [fill, brk, space] =
                linebreak::ragged_space(w, spec.style.size.0 * RAGGED_STRETCH_EM);
            self.push(fill, Frag::Skip);
            self.push(brk, Frag::Break { hyphen: None });
            let nbsp = false;
            self.push(space, Frag::Space { font, gid, nbsp });
        }
    }

    /// Ends the paragraph, or a line at `<br/>`, as [`linebreak::finish_paragraph`] does:
    /// trailing glue dropped (with its frags), fill glue, forced break.
    fn finish(&mut self) {
        while matches!(self.items.last(), Some(Lb::Glue { .. })) {
            self.items.pop();
            self.frags.pop();
        }
        let kept = self.items.len();
        linebreak::finish_paragraph(&mut self.items);
        debug_assert_eq!(
            self.items.len(),
            kept + 2,
            "finish_paragraph adds two items"
        );
        self.frags.extend([Frag::End, Frag::End]);
    }
}

/// Whether byte `at` of `text` lies just after the dash of a range of numbers ("2027–2030",
/// "14.00–16.00 uur", "p. 12–14"): UAX #14 allows a break after an en dash, which would
/// leave "2027–" at a line end and the range's end on the next line.
fn in_number_range(text: &str, at: usize) -> bool {
    let mut before = text[..at].chars().rev();
    matches!(before.next(), Some('\u{2013}' | '\u{2012}'))
        && before.next().is_some_and(|c| c.is_ascii_digit())
        && text[at..].starts_with(|c: char| c.is_ascii_digit())
}

fn box_or_glue_width(item: &Lb) -> f32 {
    match item {
        Lb::Box { width } | Lb::Glue { width, .. } => *width,
        Lb::Penalty { .. } => 0.0,
    }
}

fn run_width(items: &[Lb]) -> f32 {
    items.iter().map(box_or_glue_width).sum()
}

fn nbsp_break_penalty() -> Lb {
    Lb::Penalty {
        width: 0.0,
        cost: NBSP_BREAK_PENALTY,
        flagged: false,
    }
}

fn cut_penalty() -> Lb {
    Lb::Penalty {
        width: 0.0,
        cost: CUT_PENALTY,
        flagged: false,
    }
}

fn break_frag(hyphen: Option<(FontId, u16, f32)>) -> Frag {
    match hyphen {
        Some(_) => Frag::Break { hyphen },
        None => Frag::WordBreak,
    }
}

/// A piece of a line being emitted: a word's glyphs, borrowed from its [`Frag`], or a glyph
/// made for the line (a space, a hyphen). Lines are grouped into runs straight from these,
/// so each glyph is copied once.
enum Piece<'f> {
    Word {
        font: FontId,
        glyphs: &'f [Glyph],
        link: Option<usize>,
    },
    Made {
        font: FontId,
        glyph: Glyph,
    },
}

impl Piece<'_> {
    fn font(&self) -> FontId {
        match self {
            Piece::Word { font, .. } | Piece::Made { font, .. } => *font,
        }
    }

    fn glyphs(&self) -> &[Glyph] {
        match self {
            Piece::Word { glyphs, .. } => glyphs,
            Piece::Made { glyph, .. } => std::slice::from_ref(glyph),
        }
    }

    fn link(&self) -> Option<usize> {
        match self {
            Piece::Word { link, .. } => *link,
            Piece::Made { .. } => None,
        }
    }
}

impl Items {
    /// Emits one line that the breaker chose: glyph runs with the chosen adjustment, links,
    /// the hyphen of a line ending inside a word.
    fn emit(
        &self,
        shaper: &mut Shaper,
        spec: &ParaSpec,
        c: &Collected,
        line: &linebreak::Line,
        last: bool,
        hang: f32,
    ) -> LaidLine {
        let (items, frags, glyphs) = (&self.items, &self.frags, &self.glyphs);
        let mut pieces = Vec::with_capacity(line.end - line.start + 1);
        let justify = spec.style.align == Align::Justify;
        let mut seen_box = false;
        for i in line.start..line.end {
            match (&items[i], &frags[i]) {
                (
                    Lb::Box { .. },
                    Frag::Glyphs {
                        font,
                        start,
                        end,
                        link,
                        ..
                    },
                ) => {
                    seen_box = true;
                    pieces.push(Piece::Word {
                        font: *font,
                        glyphs: &glyphs[*start as usize..*end as usize],
                        link: *link,
                    });
                }
                (
                    Lb::Glue {
                        width,
                        stretch,
                        shrink,
                    },
                    Frag::Space { font, gid, nbsp },
                ) if seen_box => {
                    let adv = if !justify {
                        *width
                    } else if line.ratio >= 0.0 {
                        width + line.ratio * stretch
                    } else {
                        width + line.ratio * shrink
                    };
                    let glyph = glyph(*gid, adv, if *nbsp { "\u{a0}" } else { " " });
                    pieces.push(Piece::Made { font: *font, glyph });
                }
                _ => {}
            }
        }
        // Trailing spaces (words never end in one).
        while matches!(pieces.last(), Some(Piece::Made { glyph, .. }) if glyph.text == " ") {
            pieces.pop();
        }
        match frags.get(line.end) {
            Some(Frag::Break {
                hyphen: Some((font, gid, w)),
            }) => {
                // The hyphen glyph stands for a soft hyphen (U+00AD): it belongs to the line
                // break, not to the word (ISO 32000-1 §14.8.2.2.3), and the pdf stage joins the
                // word's halves for text extraction. Its advance stays as designed under font
                // expansion (the breaker counts only boxes as expanding): nothing follows it,
                // so only its drawn shape is scaled, and the line ends where it was broken.
                let glyph = glyph(*gid, *w, "\u{AD}");
                pieces.push(Piece::Made { font: *font, glyph })
            }
            Some(Frag::WordBreak | Frag::Cut) if !last => {
                // A zero-width soft hyphen (drawn with the space glyph) marks a word that goes
                // on at the next line with no hyphen drawn: the pdf stage joins the halves
                // for text extraction, as for a hyphenated word.
                if let Some(font) = pieces.last().map(Piece::font) {
                    let gid = shaper.shape(font, " ").glyphs[0].id;
                    let glyph = glyph(gid, 0.0, "\u{AD}");
                    pieces.push(Piece::Made { font, glyph });
                }
            }
            _ if !last => {
                // A zero-width space keeps the last word of this line apart from the first of the
                // next in extracted text.
                if let Some(font) = pieces.last().map(Piece::font) {
                    let gid = shaper.shape(font, " ").glyphs[0].id;
                    let glyph = glyph(gid, 0.0, " ");
                    pieces.push(Piece::Made { font, glyph });
                }
            }
            _ => {}
        }
        let expansion = Expansion::from_fraction(line.expansion);
        let mut laid = finish_line(spec, c, &pieces, line.overfull, hang, expansion);
        laid.cut = !last && matches!(frags.get(line.end), Some(Frag::Cut));
        if line.overfull {
            laid.source = self.widest_word(spec, c, line);
        } else if laid.cut {
            // The cut word's pieces are single characters: the word is the one cut here.
            laid.source = self.word_before(spec, c, line.end);
        }
        laid
    }

    /// The markup offset of the word of the widest box on `line`: on an overfull line, the
    /// word that would not fit.
    fn widest_word(&self, spec: &ParaSpec, c: &Collected, line: &linebreak::Line) -> Option<usize> {
        let (_, at) = (line.start..line.end)
            .filter_map(|i| match (&self.items[i], &self.frags[i]) {
                (Lb::Box { width }, Frag::Glyphs { at, .. }) => Some((*width, *at as usize)),
                _ => None,
            })
            .max_by(|a, b| a.0.total_cmp(&b.0))?;
        word_offset(spec, c, at)
    }

    /// The markup offset of the word of the last box before item `end`.
    fn word_before(&self, spec: &ParaSpec, c: &Collected, end: usize) -> Option<usize> {
        let at = self.frags[..end].iter().rev().find_map(|f| match f {
            Frag::Glyphs { at, .. } => Some(*at as usize),
            _ => None,
        })?;
        word_offset(spec, c, at)
    }
}

/// The markup offset of the word a box whose text starts at byte `at` of the collected text
/// belongs to.
fn word_offset(spec: &ParaSpec, c: &Collected, at: usize) -> Option<usize> {
    let &(start, end, _, k) = c.spans.iter().find(|s| at >= s.0 && at < s.1)?;
    // Words (alphanumeric runs) of the inline that start at or before the box: the box's
    // word is the last of them (the first word when the box starts before any).
    let mut prev = None;
    let mut starts = 0;
    for (i, ch) in c.text[start..end].char_indices() {
        if start + i > at {
            break;
        }
        if ch.is_alphanumeric() && !prev.is_some_and(char::is_alphanumeric) {
            starts += 1;
        }
        prev = Some(ch);
    }
    let word = spec.inlines[k].words.get(starts.max(1) - 1)?;
    Some(*word as usize)
}

/// A glyph standing for a fixed text (a space, the hyphen of a line break).
fn glyph(id: u16, advance: f32, text: &'static str) -> Glyph {
    Glyph {
        id,
        advance: Pt(advance),
        text: CompactString::const_new(text),
    }
}

/// Groups the line's glyphs into runs per face, places it, and adds link areas. The words'
/// glyphs are widened or narrowed by `expansion` (font expansion); spaces and the line-end
/// marks come already set.
fn finish_line(
    spec: &ParaSpec,
    c: &Collected,
    pieces: &[Piece],
    overfull: bool,
    hang: f32,
    expansion: Expansion,
) -> LaidLine {
    let factor = expansion.factor();
    let advance = |piece: &Piece, g: &Glyph| match piece {
        Piece::Word { .. } if !expansion.is_none() => g.advance.0 * factor,
        _ => g.advance.0,
    };
    let style = &spec.style;
    let natural: f32 = pieces
        .iter()
        .flat_map(|p| p.glyphs().iter().map(move |g| advance(p, g)))
        .sum();
    let x0 = match style.align {
        Align::Right => (spec.width.0 - natural).max(0.0),
        Align::Center => ((spec.width.0 - natural) / 2.0).max(0.0),
        Align::Justify | Align::Left => -hang,
    };
    let baseline = (style.leading + style.size * 0.7) / 2.0;
    let mut items = Vec::new();
    let mut left = pieces.iter().map(|p| p.glyphs().len()).sum::<usize>();
    let mut x = x0;
    let mut run: Option<TextRun> = None;
    let mut link_start: Option<(usize, f32)> = None;
    // Face, link and colour are the same for all glyphs of a piece (a word never holds a
    // space), so runs and links can only change where a piece starts.
    for piece in pieces {
        let (font, link, glyphs) = (piece.font(), piece.link(), piece.glyphs());
        let Some(first) = glyphs.first() else {
            continue;
        };
        let color = if link.is_some() {
            spec.link_color
        } else {
            style.color
        };
        // A space or a line-end mark (soft hyphen, drawn hyphen) takes the colour of the
        // run before it, so that a link's last word and its mark stay one run: the pdf stage
        // joins a word broken at the line end only within a run.
        let mark = first.text == " " || first.text == "\u{AD}";
        if run
            .as_ref()
            .is_some_and(|r| r.font != font || (r.color != color && !mark))
        {
            items.push(Item::Text(run.take().expect("checked")));
        }
        let r = run.get_or_insert_with(|| TextRun {
            font,
            size: style.size,
            x: Pt(x),
            y: baseline,
            color,
            glyphs: Vec::with_capacity(left + 1),
            tag: spec.tag,
            expansion,
        });
        if link_start.map(|l| l.0) != link {
            close_link(&mut items, c, &mut link_start, x, spec);
            link_start = link.map(|l| (l, x));
        }
        left -= glyphs.len();
        let from = r.glyphs.len();
        r.glyphs.extend_from_slice(glyphs);
        for g in &mut r.glyphs[from..] {
            g.advance = Pt(advance(piece, g));
            x += g.advance.0;
        }
    }
    close_link(&mut items, c, &mut link_start, x, spec);
    items.extend(run.map(Item::Text));
    LaidLine {
        height: style.leading,
        items,
        overfull,
        cut: false,
        source: None,
    }
}

fn close_link(
    items: &mut Vec<Item>,
    c: &Collected,
    open: &mut Option<(usize, f32)>,
    x: f32,
    spec: &ParaSpec,
) {
    if let Some((l, x0)) = open.take() {
        items.push(Item::Link {
            x: Pt(x0),
            y: Pt(0.0),
            w: Pt(x - x0),
            h: spec.style.leading,
            uri: c.links[l].clone(),
            // The link's text is the paragraph's: its element holds the link.
            tag: spec.tag,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::font::{Family, FontBook};
    use crate::layout::shape::{box_width, ShapeCache};

    fn style() -> Style {
        Style {
            family: Family::Serif,
            bold: false,
            italic: false,
            size: Pt(10.5),
            leading: Pt(14.5),
            color: crate::geom::Rgb::BLACK,
            align: Align::Justify,
            space_before: Pt::ZERO,
            space_after: Pt::ZERO,
            tracking: Pt::ZERO,
            keep_with_next: false,
            uppercase: false,
            hyphenate: true,
            expansion: Expansion::NONE,
        }
    }

    /// The lines of `text` set at `width` pt in Dutch, as their texts.
    fn lines(text: &str, width: f32) -> Vec<LaidLine> {
        lines_in(style(), text, width)
    }

    /// As [`lines`], in `style`.
    fn lines_in(style: Style, text: &str, width: f32) -> Vec<LaidLine> {
        let fonts = FontBook::embedded();
        let shared = ShapeCache::new();
        let mut shaper = Shaper::new(&fonts, &shared);
        let inlines = [Inline {
            text: text.to_string(),
            bold: false,
            italic: false,
            link: None,
            field: None,
            words: Vec::new(),
            note: None,
        }];
        let spec = ParaSpec {
            inlines: &inlines,
            style,
            lang: Lang::Nl,
            width: Pt(width),
            tag: None,
            link_color: crate::geom::Rgb::BLACK,
            no_hyphen: false,
            opening: hyphenate::Opening::Sentence,
        };
        layout_para(&mut shaper, &spec)
    }

    fn width(line: &LaidLine) -> f32 {
        line.items
            .iter()
            .map(|i| match i {
                Item::Text(run) => (run.x + run.width()).0,
                _ => 0.0,
            })
            .fold(0.0, f32::max)
    }

    /// The hang of the line's last run past the right edge (margin kerning).
    fn hang(line: &LaidLine) -> f32 {
        static FONTS: std::sync::OnceLock<FontBook> = std::sync::OnceLock::new();
        let fonts = FONTS.get_or_init(FontBook::embedded);
        line.items
            .iter()
            .rev()
            .find_map(|i| match i {
                Item::Text(run) => Some(line_end_hang(fonts, run)),
                _ => None,
            })
            .unwrap_or(0.0)
    }

    #[test]
    fn a_line_end_mark_hangs_into_the_margin_by_its_protrusion() {
        let text = "De minister bevestigde vandaag, na lang overleg, dat de regering haar steun aan de heropbouw verlengt. Het geld gaat naar scholen, ziekenhuizen en waterleidingen in de provincies.";
        let mut hung = 0;
        for w in (120..240).step_by(9) {
            let laid = lines(text, w as f32);
            for line in &laid[..laid.len() - 1] {
                let (end, h) = (width(line), hang(line));
                // Every justified line ends on the edge, or past it by its mark's hang.
                assert!(
                    (end - h - w as f32).abs() < 0.01,
                    "{w}: {:?} ends at {end}",
                    line.text()
                );
                hung += usize::from(h > 0.0);
                let last = line.text().trim_end_matches(['\u{ad}', ' ']).chars().last();
                if let Some(c @ ('.' | ',' | '-')) = last {
                    assert!(h > 0.0 && h < 0.25 * 10.5, "{w}: {c} hangs {h}");
                }
            }
        }
        assert!(hung > 5, "{hung} lines hang");
    }

    /// A stop kerned under the letter before it hangs only by what of it lies past that
    /// letter's box: in Noto Serif Italic the stop of "uur." is kerned 170 units under the
    /// 'r', and at its full 0.7 share the 'r' box ended 1.0 pt past the column edge (the
    /// stress corpus's a4 parallel nl quote).
    #[test]
    fn a_stop_kerned_under_its_letter_hangs_alone() {
        let fonts = FontBook::embedded();
        let italic = Style {
            italic: true,
            ..style()
        };
        let font = italic.font(false, false);
        let size = italic.size.0;
        let text = "De vergadering begint om negen uur. Wie later komt, is welkom tot tien uur. \
                    Het gesprek duurt tot elf uur. Daarna volgt een receptie tot middernacht \
                    en wie wil blijft nog een uur. Morgen opent de zaal weer om acht uur.";
        let mut ends = 0;
        for w in (100..260).step_by(3) {
            let w = w as f32;
            let laid = lines_in(italic, text, w);
            for line in &laid[..laid.len() - 1] {
                let Some(Item::Text(run)) = line.items.last() else {
                    panic!("text last")
                };
                let Some(stop) = run.glyphs.iter().rposition(|g| g.advance.0 > 0.0) else {
                    continue;
                };
                if run.glyphs[stop].text != "." || stop == 0 || run.glyphs[stop - 1].text != "r" {
                    continue;
                }
                let r = &run.glyphs[stop - 1];
                let r_box = box_width(&fonts, font, r.id, size);
                assert!(
                    r.advance.0 < r_box - 1.0,
                    "{w}: the stop is kerned under the r"
                );
                ends += 1;
                let r_x: f32 = run.x.0
                    + run.glyphs[..stop - 1]
                        .iter()
                        .map(|g| g.advance.0)
                        .sum::<f32>();
                let (end, h) = (width(line), hang(line));
                assert!(
                    r_x + r_box <= w + 0.01,
                    "{w}: the 'r' of {:?} ends {} pt past the edge",
                    line.text(),
                    r_x + r_box - w
                );
                assert!(h > 0.5, "{w}: the stop still hangs ({h})");
                assert!(
                    (end - h - w).abs() < 0.01,
                    "{w}: {:?} ends at {end}",
                    line.text()
                );
            }
        }
        assert!(ends > 3, "{ends} lines end in a kerned 'r.'");
    }

    #[test]
    fn an_address_breaks_after_a_separator_without_a_hyphen() {
        let laid = lines(
            "Zie https://crisiscentrum.example/incidentmeldingen/formulier nu",
            130.0,
        );
        let texts: Vec<String> = laid.iter().map(LaidLine::text).collect();
        assert!(laid.len() > 1, "{texts:?}");
        for (line, text) in laid.iter().zip(&texts) {
            let edge = width(line) - hang(line);
            assert!(edge <= 130.5, "{text:?} is {edge} wide");
            assert!(!line.overfull && !line.cut, "{text:?}");
        }
        // Every line but the last ends at a separator, with the soft-hyphen mark that joins
        // the halves in the text layer: no drawn hyphen, no space.
        for text in &texts[..texts.len() - 1] {
            let t = text.strip_suffix('\u{AD}').unwrap_or(text);
            assert!(t.ends_with(['/', '.', ' ']), "{texts:?}");
        }
        let joined: String = texts.concat().replace('\u{AD}', "");
        assert!(joined.contains("https://crisiscentrum.example/incidentmeldingen/formulier"));
    }

    #[test]
    fn a_word_too_wide_for_any_line_is_cut_and_reported() {
        let word = "Rijnmondkustwachtstormwaarschuwingsdienstverleningsovereenkomsten";
        let laid = lines(&format!("De {word} vergadert."), 80.0);
        let texts: Vec<String> = laid.iter().map(LaidLine::text).collect();
        assert!(laid.iter().all(|l| width(l) <= 80.5), "{texts:?}");
        assert!(laid.iter().all(|l| !l.overfull), "{texts:?}");
        let cut: Vec<bool> = laid.iter().map(|l| l.cut).collect();
        assert!(cut.iter().filter(|&&c| c).count() >= 3, "{texts:?}");
        assert!(laid.iter().filter_map(LaidLine::overfull).all(|o| o.cut));
        let joined: String = texts.concat().replace('\u{AD}', "");
        assert!(joined.contains(word), "{joined}");
        // Measuring a table cell's narrowest setting cuts nothing: one syllable a line.
        let probe = lines(word, MIN_CONTENT_PROBE.0);
        assert!(probe.len() > 10 && probe.iter().all(|l| !l.cut));
    }

    /// A heading is not hyphenated, but a word wider than its whole line breaks at its
    /// hyphenation points, with a hyphen, before any cut anywhere; its other words stay
    /// whole.
    #[test]
    fn a_word_too_wide_for_a_heading_breaks_at_its_hyphenation_points() {
        let word = "arbeidsongeschiktheidsverzekeringsuitkeringsaanvraagformulieren";
        let heading = Style {
            align: Align::Left,
            hyphenate: false,
            ..style()
        };
        let laid = lines_in(
            heading,
            &format!("Stresstest voor {word} en formulieren"),
            150.0,
        );
        let texts: Vec<String> = laid.iter().map(LaidLine::text).collect();
        assert!(
            laid.iter().all(|l| !l.cut && l.overfull().is_none()),
            "{texts:?}"
        );
        assert!(laid.iter().all(|l| width(l) <= 150.5), "{texts:?}");
        let hyphenated = texts.iter().filter(|t| t.ends_with('\u{AD}')).count();
        assert!(hyphenated >= 2, "{texts:?}");
        assert!(texts[0].starts_with("Stresstest voor"), "{texts:?}");
        assert!(
            texts.last().unwrap().ends_with("en formulieren"),
            "{texts:?}"
        );
        let joined: String = texts.concat().replace('\u{AD}', "");
        assert!(joined.contains(word), "{joined}");
        // A word that fits is not hyphenated in the heading.
        let short = lines_in(heading, "Stresstest voor formulieren en aanvragen", 80.0);
        let short_texts: Vec<String> = short.iter().map(LaidLine::text).collect();
        assert!(short.len() >= 3, "{short_texts:?}");
        assert!(
            short_texts.iter().all(|t| !t.ends_with('\u{AD}')),
            "{short_texts:?}"
        );
    }

    #[test]
    fn a_french_opening_guillemet_hangs_with_its_narrow_space() {
        let laid = lines("«\u{202f}Nous ne pouvons pas laisser seules les personnes qui rentrent le soir dans les ruines de leur maison.\u{202f}»", 150.0);
        let first_x = |line: &LaidLine| {
            line.items
                .iter()
                .find_map(|i| match i {
                    Item::Text(run) => Some(run.x.0),
                    _ => None,
                })
                .unwrap()
        };
        let Item::Text(run) = &laid[0].items[0] else {
            panic!("text first")
        };
        assert_eq!(run.glyphs[0].text, "«");
        assert_eq!(run.glyphs[1].text, "\u{202f}");
        let hang = run.glyphs[0].advance.0 + run.glyphs[1].advance.0;
        // The mark and its space lie left of the margin; "Nous" starts on it.
        assert!(
            (first_x(&laid[0]) + hang).abs() < 1e-3,
            "{}",
            first_x(&laid[0])
        );
        assert!(laid[1..].iter().all(|l| first_x(l) == 0.0));
    }

    #[test]
    fn an_opening_mark_hangs_on_interior_lines_too() {
        // Left protrusion follows the mark to whatever line it starts: a quotation mark
        // hangs whole, a parenthesis by a tenth of its advance; other lines start on the
        // margin.
        let text = "Zij zei het zo: “Wie vandaag de steden helpt heropbouwen, voorkomt dat \
                    morgen een nieuwe generatie zich laat rekruteren” (en dat is waar) en \
                    ging verder (met haar betoog) over de toekomst (van de stad) en de \
                    regio (en het land) en “de wereld” (zo zei ze) met “veel” (of weinig).";
        let (mut quotes, mut parens) = (0, 0);
        for w in (90..220).step_by(4) {
            for line in lines(text, w as f32) {
                let Some(Item::Text(run)) = line.items.first() else {
                    panic!("text first")
                };
                let g = &run.glyphs[0];
                let hang = match g.text.as_str() {
                    "“" => 1.0,
                    "(" => 0.1,
                    _ => 0.0,
                };
                quotes += usize::from(g.text == "“");
                parens += usize::from(g.text == "(");
                assert!(
                    (run.x.0 + hang * g.advance.0).abs() < 1e-3,
                    "{w}: {}",
                    line.text()
                );
            }
        }
        assert!(
            quotes > 2 && parens > 2,
            "{quotes} quotes, {parens} parentheses"
        );
    }

    #[test]
    fn the_words_of_a_no_break_group_are_hyphenated() {
        // "12 miljoen euro" is held together by no-break spaces; its token has a digit, so
        // as a whole it was never hyphenated, and the line before it went loose. Each word
        // is hyphenated on its own, and the number still never ends a line.
        let text = "De federale regering maakt in totaal 12\u{a0}miljoen\u{a0}euro vrij voor \
                    de stabilisatieprogramma’s van de Verenigde Naties.";
        let mut inside = 0;
        for w in (100..260).step_by(2) {
            let laid = lines(text, w as f32);
            let texts: Vec<String> = laid.iter().map(|l| l.text()).collect();
            for t in &texts {
                let t = t.trim_end_matches([' ', '\u{ad}', '\u{a0}']);
                assert!(
                    !t.ends_with("12") && !t.ends_with("miljoen"),
                    "{w}: {texts:?}"
                );
            }
            inside += texts.iter().any(|t| t.ends_with("mil\u{ad}")) as usize;
        }
        assert!(inside > 0);
    }

    #[test]
    fn a_range_of_numbers_never_breaks_after_its_dash() {
        // "2027–/2030" was seen at a line end: every width puts the range on one line.
        for w in (60..200).step_by(3) {
            let laid = lines(
                "Het plan loopt van 2027–2030 en kost 14.00–16.00 uur werk.",
                w as f32,
            );
            let texts: Vec<String> = laid.iter().map(LaidLine::text).collect();
            assert!(
                texts
                    .iter()
                    .all(|t| !t.trim_end_matches(['\u{ad}', ' ']).ends_with('–')),
                "{w}: {texts:?}"
            );
        }
    }

    #[test]
    fn a_no_break_space_stretches_but_never_breaks() {
        let text = "De minister opent om 19.00\u{a0}uur de 14\u{a0}nieuwe loketten voor 1\u{a0}200 mensen in het land.";
        for w in (80..240).step_by(7) {
            let laid = lines(text, w as f32);
            let texts: Vec<String> = laid.iter().map(LaidLine::text).collect();
            for pair in texts.windows(2) {
                let last = pair[0].split_whitespace().last().unwrap_or("");
                let first = pair[1].split_whitespace().next().unwrap_or("");
                let glued = [("19.00", "uur"), ("14", "nieuwe"), ("1", "200")];
                assert!(!glued.contains(&(last, first)), "{w}: {texts:?}");
            }
            // The no-break space reaches the text layer as itself.
            assert!(texts.concat().contains("19.00\u{a0}uur"), "{w}: {texts:?}");
        }
        // In a justified line it takes the same width as the line's interword spaces.
        let laid = lines(text, 150.0);
        let advances = |line: &LaidLine, of: &str| -> Vec<f32> {
            let runs = line.items.iter().filter_map(|i| match i {
                Item::Text(run) => Some(run),
                _ => None,
            });
            runs.flat_map(|r| r.glyphs.iter())
                .filter(|g| g.text == of)
                .map(|g| g.advance.0)
                .collect()
        };
        let line = laid[..laid.len() - 1]
            .iter()
            .find(|l| !advances(l, "\u{a0}").is_empty())
            .expect("a justified line with a no-break space");
        let (nbsp, space) = (advances(line, "\u{a0}")[0], advances(line, " ")[0]);
        assert!((nbsp - space).abs() < 0.01, "{nbsp} against {space}");
    }
}
