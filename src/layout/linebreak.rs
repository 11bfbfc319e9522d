//! Knuth–Plass optimal line breaking on abstract widths.
//!
//! Takes a paragraph as a list of [`Item`]s (boxes, glue and penalties, widths in points) and the
//! width of each line, and gives the [`Line`]s that minimise the total demerits of the paragraph
//! (Knuth & Plass, "Breaking Paragraphs into Lines", 1981). The breaker knows nothing of fonts,
//! words or languages: shaping makes the boxes, hyphenation adds flagged penalties.
//!
//! Widths here are plain `f32`, not [`Pt`](crate::geom::Pt) as in the rest of layout, on
//! purpose: the algorithm is the paper's, on abstract widths in whatever unit the caller
//! uses, and its sums of widths, stretch and shrink are no lengths on a page. `para` converts
//! at the boundary.
//!
//! # Building a paragraph
//!
//! * A word (or a syllable of one) is a [`Item::Box`].
//! * An interword space is a [`Item::Glue`]; a line may break at glue that follows a box.
//! * A hyphenation point is a flagged [`Item::Penalty`] whose width is the hyphen's; the line
//!   ending there gets the hyphen. Use [`HYPHEN_PENALTY`] as its cost.
//! * A box may hang into the left margin when a line starts with it (left protrusion, see
//!   [`break_lines_hung`]): that line is wider by the hang. Unlike a width per line number,
//!   this follows the box wherever the breaker puts it, on interior lines too.
//! * A penalty's width may be negative: margin kerning (a full stop or hyphen hanging into the
//!   margin) gives the line ending there that much more room. Before a space, a penalty of
//!   cost 0 and negative width replaces the space as the break (glue after a penalty is no
//!   break). A line ending there still grows with every later break, since each adds more
//!   than the hang, so dropping overfull nodes stays sound.
//! * A forced break (`cost <= -PENALTY_INFINITY`, see [`Item::forced_break`]) always ends a line;
//!   for a `<br>` that leaves the line ragged, use [`finish_paragraph`] mid-paragraph.
//! * The paragraph ends with `Glue(0, ∞ stretch)` + forced break, so that the last line may be
//!   short. [`finish_paragraph`] appends both; if the caller forgets, the end of the items is
//!   treated as that pair anyway.
//! * Ragged (flush-left) text uses the recipe of the paper, see [`ragged_space`] and
//!   [`ragged_hyphen`].
//!
//! # Passes
//!
//! 1. Only lines whose adjustment ratio lies within `-1 ..= tolerance` are feasible.
//! 2. If that finds no breaking, a line is feasible when its ratio would be within the
//!    tolerance with [`Params::emergency_stretch`] added to its stretch (TeX's
//!    `\emergencystretch`); the lines are still set with their real glue, so their ratio may
//!    exceed the tolerance.
//! 3. If that fails too, any line that is not overfull is feasible (however loose), and where
//!    every route would be overfull (a word longer than the line) the least overfull line is
//!    taken and reported with [`Line::overfull`]. This pass always succeeds.
//!
//! Demerits are always those of the lines as set, from their real ratio, in every pass. TeX
//! judges its emergency pass with the extra stretch because its badness stops at 10000, so
//! without it every very loose line would look alike; our badness (`100 r³`) has no such
//! ceiling (up to [`BADNESS_MAX`]), and judging a line by stretch it will not get made narrow
//! columns looser: measured on the bilingual example set in parallel columns (20 em), the
//! mean word gap went from 0.42 to 0.37 em and lines over 0.5 em from 17 to 8 of 72.
//!
//! # Beyond the paper
//!
//! * At most [`Params::max_hyphens_in_a_row`] consecutive lines may end hyphenated (a hard
//!   limit in the first two passes; in the last resort only the
//!   [`Params::flagged_demerits`] count). The doubled-hyphen demerits alone let ladders of three
//!   and four through in narrow columns, where every alternative is loose.
//! * A paragraph's last line holding a single word (no interword space), when the paragraph
//!   has more than one line, costs [`Params::runt_demerits`].
//! * **Font expansion** (pdfTeX's `\pdfadjustspacing`, microtype's `expansion`): with
//!   [`Params::expansion`] above zero, the boxes of a line may be widened or narrowed by up to
//!   that fraction of their width, and the breaker counts it as more stretch and shrink of the
//!   line: its badness and fitness class come from the ratio over glue and box stretch
//!   together, as pdfTeX's do. Once the lines are chosen, each line takes what it needs from
//!   the boxes first, within the limit and rounded to the nearest
//!   [`Params::expansion_step`] (pdfTeX's `fix_expand_value`), and the glue sets the rest
//!   ([`Line::expansion`], [`Line::ratio`]). A narrow column has three or four spaces a line
//!   to take up its slack and some 30 characters that can each take a little: expansion
//!   spreads the slack over the characters, so the word gaps stay closer to their natural
//!   width. Penalty widths (a drawn hyphen) do not expand: the caller draws the hyphen at its
//!   natural advance, so the line's end stays exactly where the breaker put it.
//!
//! The work is `O(items × active nodes)`; the active nodes are the break points within one line
//! of the current position, times the few fitness classes and line numbers that matter.

/// Penalties at or above this cost forbid a break; at or below its negation they force one
/// (TeX's 10000). `f32::INFINITY` and `f32::NEG_INFINITY` work too.
pub const PENALTY_INFINITY: f32 = 10_000.0;

/// Suggested cost of a hyphenation penalty: TeX's `\hyphenpenalty`. Small enough that a
/// hyphen is taken to avoid a loose line, large enough that it is not taken for nothing.
pub const HYPHEN_PENALTY: f32 = 50.0;

/// Suggested cost of breaking after an explicit hyphen (`Vice-` / `Première`): TeX's
/// `\exhyphenpenalty`, the same as a discretionary one.
pub const EXPLICIT_HYPHEN_PENALTY: f32 = 50.0;

/// One element of a paragraph. Widths are in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    /// Unbreakable material of fixed width: a word, a syllable, an inline image.
    Box { width: f32 },
    /// Space that may stretch or shrink. Breaking here drops it (and the glue and penalties
    /// that follow, up to the next box). `stretch: f32::INFINITY` is TeX's `fil`: it takes up
    /// all the slack of its line, so that finite glue stays at its natural width.
    Glue {
        width: f32,
        stretch: f32,
        shrink: f32,
    },
    /// A possible break costing `cost` (see [`PENALTY_INFINITY`]). `width` is added to the line
    /// only when it ends here (a hyphen); `flagged` marks hyphen breaks, whose consecutive use
    /// costs [`Params::flagged_demerits`].
    Penalty {
        width: f32,
        cost: f32,
        flagged: bool,
    },
}

impl Item {
    /// A penalty that forces a line break (an explicit `<br>` or the paragraph end).
    pub fn forced_break() -> Item {
        Item::Penalty {
            width: 0.0,
            cost: -PENALTY_INFINITY,
            flagged: false,
        }
    }

    /// A hyphenation opportunity: a flagged penalty that sets a hyphen of `hyphen_width`.
    pub fn hyphen(hyphen_width: f32) -> Item {
        Item::Penalty {
            width: hyphen_width,
            cost: HYPHEN_PENALTY,
            flagged: true,
        }
    }

    /// Whether this item is a penalty that must break.
    pub fn is_forced_break(&self) -> bool {
        matches!(self, Item::Penalty { cost, .. } if *cost <= -PENALTY_INFINITY)
    }

    fn is_box(&self) -> bool {
        matches!(self, Item::Box { .. })
    }
}

/// Ends a paragraph the TeX way (`\unskip\parfillskip\par`): drops trailing glue, then appends
/// glue with infinite stretch and a forced break, so the last line is set at natural spacing.
///
/// An explicit line break inside a paragraph (`<br>`) is the same pair (TeX's `\hfil\break`):
/// call this, then go on pushing items. A bare forced break would stretch its line's spaces to
/// the full measure instead.
pub fn finish_paragraph(items: &mut Vec<Item>) {
    while matches!(items.last(), Some(Item::Glue { .. })) {
        items.pop();
    }
    items.push(Item::Glue {
        width: 0.0,
        stretch: f32::INFINITY,
        shrink: 0.0,
    });
    items.push(Item::forced_break());
}

/// An interword space of `width` for ragged (flush-left) text.
///
/// The paper's recipe: `glue(0, s, 0) penalty(0) glue(width, -s, 0)`. Where the line does not
/// break the two glues cancel, so every space keeps its natural width; where it breaks, the
/// line keeps the first glue and so gets exactly `line_stretch` of stretch, whatever its number
/// of spaces: the badness then measures only the ragged gap at the line end. The second glue
/// is dropped at the start of the next line. A `line_stretch` of about 2 em (plain TeX's
/// `\raggedright`, 21 pt at 10.5 pt) with the default tolerance allows gaps of about 3 em.
pub fn ragged_space(width: f32, line_stretch: f32) -> [Item; 3] {
    [
        Item::Glue {
            width: 0.0,
            stretch: line_stretch,
            shrink: 0.0,
        },
        Item::Penalty {
            width: 0.0,
            cost: 0.0,
            flagged: false,
        },
        Item::Glue {
            width,
            stretch: -line_stretch,
            shrink: 0.0,
        },
    ]
}

/// A hyphenation point inside a word in ragged text, the companion of [`ragged_space`].
///
/// `penalty(0, ∞) glue(0, s, 0) penalty(hyphen_width, HYPHEN_PENALTY, flagged) glue(0, -s, 0)`:
/// the line ending at the hyphen gets the same `line_stretch` as one ending at a space. The
/// leading infinite penalty stops the glue from being a break of its own (glue after a penalty
/// is not a legal break), which would cut the word without a hyphen.
pub fn ragged_hyphen(hyphen_width: f32, line_stretch: f32) -> [Item; 4] {
    ragged_penalty(Item::hyphen(hyphen_width), line_stretch)
}

/// Any break inside a word in ragged text (`penalty` is the [`Item::Penalty`] it would be in
/// justified text: a hyphen, a break after an address's separator), as [`ragged_hyphen`].
pub fn ragged_penalty(penalty: Item, line_stretch: f32) -> [Item; 4] {
    [
        Item::Penalty {
            width: 0.0,
            cost: PENALTY_INFINITY,
            flagged: false,
        },
        Item::Glue {
            width: 0.0,
            stretch: line_stretch,
            shrink: 0.0,
        },
        penalty,
        Item::Glue {
            width: 0.0,
            stretch: -line_stretch,
            shrink: 0.0,
        },
    ]
}

/// Default [`Params::tolerance`]: ratio 1.5, badness about 340. Plain TeX's 200 (ratio 1.26)
/// leans on TeX's own finely tuned fonts and fails often on ~12 spaces per line; LaTeX's
/// `\sloppy` (9999, ratio 4.6) lets lines go visibly loose. A failing first pass is not fatal:
/// the emergency pass follows.
pub const DEFAULT_TOLERANCE: f32 = 1.5;

/// Default [`Params::line_penalty`]: TeX's `\linepenalty`. Each line costs this much extra
/// badness, so the breaker prefers fewer lines when the spacing is otherwise equal.
pub const DEFAULT_LINE_PENALTY: f32 = 10.0;

/// Default [`Params::flagged_demerits`]: TeX's `\doublehyphendemerits`. Two hyphenated lines in a
/// row cost as much as a line of badness 90, a ladder of three like two very loose lines.
pub const DEFAULT_FLAGGED_DEMERITS: f32 = 10_000.0;

/// Default [`Params::final_hyphen_demerits`]: TeX's `\finalhyphendemerits`. A hyphen in the
/// penultimate line leaves a lone fragment on the last one.
pub const DEFAULT_FINAL_HYPHEN_DEMERITS: f32 = 5_000.0;

/// Default [`Params::fitness_demerits`]: TeX's `\adjdemerits`. A tight line next to a loose one
/// looks like a change of colour in the text block.
pub const DEFAULT_FITNESS_DEMERITS: f32 = 10_000.0;

/// Default [`Params::max_hyphens_in_a_row`]: a ladder of three hyphens at the right edge is
/// what a reader notices, two are not (the Chicago Manual of Style's rule, and TeX users'
/// `\doublehyphendemerits` set high enough to act as one).
pub const DEFAULT_MAX_HYPHENS_IN_A_ROW: u8 = 2;

/// Default [`Params::runt_demerits`]: a one-word last line (a runt) costs as much as the
/// doubled hyphen, about one more line of badness 90: worth a slightly looser paragraph,
/// not a very loose line.
pub const DEFAULT_RUNT_DEMERITS: f32 = 10_000.0;

/// Default [`Params::emergency_stretch`]: 2 em at the 10.5 pt body size. At about 75 characters
/// per line this rescues paragraphs with long unbreakable words (URLs, compounds) without
/// letting the rest go loose; LaTeX users typically set 1.5–3 em.
pub const DEFAULT_EMERGENCY_STRETCH: f32 = 21.0;

/// Default [`Params::expansion_step`]: the steps of 0.5 % the brief asks for, so that a
/// column shows at most nine widths of each glyph (−2 % … +2 %) and equal needs give equal
/// widths (pdfTeX's `step`; microtype's default for a 2 % limit is 0.4–1 %).
pub const DEFAULT_EXPANSION_STEP: f32 = 0.005;

/// Tuning of the breaker. [`Params::default`] suits 10.5 pt justified text, ~75 characters a line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Largest adjustment ratio (stretch used / stretch available) of a feasible line.
    pub tolerance: f32,
    /// Added to every line's badness before squaring.
    pub line_penalty: f32,
    /// Added when two consecutive lines end at flagged (hyphen) penalties.
    pub flagged_demerits: f32,
    /// Added when the line before a forced break (the paragraph's penultimate line) is hyphenated.
    pub final_hyphen_demerits: f32,
    /// Added when adjacent lines' fitness classes (tight, decent, loose, very loose) are not
    /// neighbours.
    pub fitness_demerits: f32,
    /// Extra stretch per line assumed by the second pass; `0` skips that pass.
    pub emergency_stretch: f32,
    /// Most consecutive lines ending at flagged penalties (hyphens); `0` for no limit.
    pub max_hyphens_in_a_row: u8,
    /// Added when the last line of a paragraph of several lines holds no interword space.
    pub runt_demerits: f32,
    /// Most a line's boxes may be widened or narrowed, as a fraction of their width (font
    /// expansion, see the module docs); `0` switches it off. Off by default: the caller
    /// decides which text may expand.
    pub expansion: f32,
    /// The expansion a line gets is a multiple of this fraction.
    pub expansion_step: f32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            tolerance: DEFAULT_TOLERANCE,
            line_penalty: DEFAULT_LINE_PENALTY,
            flagged_demerits: DEFAULT_FLAGGED_DEMERITS,
            final_hyphen_demerits: DEFAULT_FINAL_HYPHEN_DEMERITS,
            fitness_demerits: DEFAULT_FITNESS_DEMERITS,
            emergency_stretch: DEFAULT_EMERGENCY_STRETCH,
            max_hyphens_in_a_row: DEFAULT_MAX_HYPHENS_IN_A_ROW,
            runt_demerits: DEFAULT_RUNT_DEMERITS,
            expansion: 0.0,
            expansion_step: DEFAULT_EXPANSION_STEP,
        }
    }
}

/// One line of the result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    /// Index of the first item of the line (glue and penalties after a break are dropped).
    pub start: usize,
    /// Index of the item the line breaks at, not part of the line except for a penalty's width
    /// (the hyphen). `items.len()` when the paragraph lacks a final forced break.
    pub end: usize,
    /// How to set the line's glue: `> 0` each glue grows by `ratio × stretch`, `< 0` shrinks by
    /// `-ratio × shrink`. Never below `-1`. `0` when infinite (`fil`) glue takes up the slack or
    /// when the line has nothing to stretch.
    pub ratio: f32,
    /// The line is wider than its measure even at full shrink (say, a word longer than the
    /// line). Only the last-resort pass produces such lines; the caller should warn.
    pub overfull: bool,
    /// The line ends at a flagged penalty: draw the hyphen.
    pub hyphenated: bool,
    /// How much wider (`> 0`) or narrower the line's boxes are set, as a fraction of their
    /// width: a multiple of [`Params::expansion_step`] within `±`[`Params::expansion`], `0`
    /// without font expansion. [`Line::ratio`] sets the glue for what is left.
    pub expansion: f32,
}

/// [`break_lines_hung`] without left protrusion: the tests' breaker.
#[cfg(test)]
pub fn break_lines(items: &[Item], widths: &[f32], params: &Params) -> Vec<Line> {
    break_lines_hung(items, &[], widths, params)
}

/// Breaks `items` into lines. Line `n` (from 0) is `widths[n]` wide; lines past the end of
/// `widths` take its last entry (like TeX's `\parshape`), so `&[w]` sets every line to `w`.
/// `hangs` lists, by increasing item index, boxes that hang into the left margin by the
/// given width when a line starts with them (left protrusion: an opening quotation mark, a
/// parenthesis): such a line has that much more room, wherever it is in the paragraph.
///
/// Returns no lines when the paragraph holds no box. See the module docs for the passes.
pub fn break_lines_hung(
    items: &[Item],
    hangs: &[(usize, f32)],
    widths: &[f32],
    params: &Params,
) -> Vec<Line> {
    if !items.iter().any(Item::is_box) {
        return Vec::new();
    }
    let par = Paragraph::new(items, hangs, widths);
    for pass in [Pass::First, Pass::Emergency, Pass::LastResort] {
        // Without emergency stretch the second pass would repeat the first.
        if pass == Pass::Emergency && finite(params.emergency_stretch) <= 0.0 {
            continue;
        }
        if let Some(lines) = Breaker::new(&par, params, pass).run() {
            return lines;
        }
    }
    // The last-resort pass always keeps a route alive (see `Breaker::try_break`).
    debug_assert!(false, "last-resort pass found no breaking");
    Vec::new()
}

/// Largest badness; keeps an infinitely loose line (no stretch at all) comparable.
const BADNESS_MAX: f64 = 1e12;

/// Running totals of widths, stretch and shrink; `fil` counts infinite-stretch glues.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    width: f64,
    stretch: f64,
    shrink: f64,
    fil: u32,
    /// Glues of positive width: interword spaces (the zero-width glues of the ragged recipe
    /// and of the paragraph end are no spaces).
    spaces: u32,
    /// Widths of the boxes alone: what font expansion widens or narrows.
    boxes: f64,
}

impl Sums {
    fn add(mut self, item: &Item) -> Sums {
        if let Item::Box { width } | Item::Glue { width, .. } = *item {
            self.width += finite(width);
        }
        if let Item::Box { width } = *item {
            self.boxes += finite(width);
        }
        if let Item::Glue {
            width,
            stretch,
            shrink,
        } = *item
        {
            self.spaces += u32::from(width > 0.0);
            if stretch == f32::INFINITY {
                self.fil += 1;
            } else {
                self.stretch += finite(stretch);
            }
            self.shrink += finite(shrink);
        }
        self
    }

    fn minus(self, o: Sums) -> Sums {
        Sums {
            width: self.width - o.width,
            stretch: self.stretch - o.stretch,
            shrink: self.shrink - o.shrink,
            fil: self.fil.saturating_sub(o.fil),
            spaces: self.spaces.saturating_sub(o.spaces),
            boxes: self.boxes - o.boxes,
        }
    }
}

/// Garbage in (NaN, infinities) must not poison the demerits: it counts as zero.
fn finite(x: f32) -> f64 {
    if x.is_finite() {
        x as f64
    } else {
        0.0
    }
}

/// A legal break point.
#[derive(Debug, Clone, Copy)]
struct Break {
    index: usize,
    /// Width added to the line ending here (a hyphen).
    width: f64,
    cost: f64,
    flagged: bool,
    forced: bool,
    /// Infinite stretch added to the line ending here: 1 for the implied paragraph end.
    fil: u32,
}

/// The items with their prefix sums, precomputed once per paragraph.
struct Paragraph<'a> {
    items: &'a [Item],
    hangs: &'a [(usize, f32)],
    widths: &'a [f32],
    /// `sums[i]`: totals of `items[..i]`.
    sums: Vec<Sums>,
    /// `next_start[i]`: first index `>= i` holding a box or a forced break (or `items.len()`):
    /// where a line starts after a break at `i - 1`.
    next_start: Vec<usize>,
}

impl<'a> Paragraph<'a> {
    fn new(items: &'a [Item], hangs: &'a [(usize, f32)], widths: &'a [f32]) -> Self {
        let mut sums = Vec::with_capacity(items.len() + 1);
        let mut acc = Sums::default();
        sums.push(acc);
        for item in items {
            acc = acc.add(item);
            sums.push(acc);
        }
        let mut next_start = vec![items.len(); items.len() + 1];
        for i in (0..items.len()).rev() {
            let keeps = items[i].is_box() || items[i].is_forced_break();
            next_start[i] = if keeps { i } else { next_start[i + 1] };
        }
        Paragraph {
            items,
            hangs,
            widths,
            sums,
            next_start,
        }
    }

    /// How far a line starting at item `start` hangs into the left margin: the hang of its
    /// first box.
    fn hang_at(&self, start: usize) -> f64 {
        if self.hangs.is_empty() {
            return 0.0;
        }
        let first = self.next_start.get(start).copied().unwrap_or(start);
        self.hangs
            .binary_search_by_key(&first, |&(i, _)| i)
            .map_or(0.0, |k| finite(self.hangs[k].1).max(0.0))
    }

    fn line_width(&self, line: usize) -> f64 {
        let w = self.widths.get(line).or(self.widths.last());
        w.map_or(0.0, |&w| finite(w))
    }

    /// Lines from this number on all have the same width, so nodes that differ only in their
    /// line number beyond it have the same future and may be merged.
    fn last_special_line(&self) -> usize {
        self.widths.len().saturating_sub(1)
    }

    /// The legal break points in order, ending with a forced break.
    fn breaks(&self) -> impl Iterator<Item = Break> + '_ {
        let n = self.items.len();
        let implied_end = !self.items.last().is_some_and(Item::is_forced_break);
        let end = implied_end.then_some(Break {
            index: n,
            width: 0.0,
            cost: 0.0,
            flagged: false,
            forced: true,
            fil: 1,
        });
        (0..n).filter_map(|i| self.break_at(i)).chain(end)
    }

    fn break_at(&self, i: usize) -> Option<Break> {
        let mut brk = Break {
            index: i,
            width: 0.0,
            cost: 0.0,
            flagged: false,
            forced: false,
            fil: 0,
        };
        match self.items[i] {
            Item::Box { .. } => return None,
            Item::Glue { .. } => {
                if i == 0 || !self.items[i - 1].is_box() {
                    return None;
                }
            }
            Item::Penalty {
                width,
                cost,
                flagged,
            } => {
                if cost >= PENALTY_INFINITY {
                    return None;
                }
                brk.forced = cost <= -PENALTY_INFINITY;
                brk.width = finite(width);
                brk.cost = if brk.forced { 0.0 } else { finite(cost) };
                brk.flagged = flagged;
            }
        }
        // A break followed by nothing but discardable items up to a forced break would leave
        // an empty line before it; it can never help, and skipping it keeps the active list short.
        let next = self.next_start[i + 1];
        if !brk.forced && (next == self.items.len() || self.items[next].is_forced_break()) {
            return None;
        }
        Some(brk)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Pass {
    First,
    Emergency,
    LastResort,
}

/// A break that some optimal-so-far route takes: an entry in the arena.
#[derive(Debug, Clone, Copy)]
struct Node {
    /// The break item (`0` with no meaning for the root).
    index: usize,
    /// First item of the line after this break.
    start: usize,
    /// Lines before the one starting here.
    line: usize,
    fitness: u8,
    /// This break is at a flagged penalty.
    flagged: bool,
    /// Consecutive lines ending at flagged penalties up to and including this break.
    hyphens: u8,
    total: f64,
    prev: Option<usize>,
    /// Real adjustment ratio of the glue of the line ending here.
    ratio: f32,
    /// Font expansion of the line ending here ([`Line::expansion`]).
    expansion: f32,
    overfull: bool,
    /// Left protrusion of the line starting after this break ([`Paragraph::hang_at`]).
    hang: f64,
}

/// The best way found to reach the current break with a given fitness class and line key.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    from: usize,
    fitness: u8,
    line_key: usize,
    /// The [`Node::hyphens`] of the node it becomes: routes with fewer hyphens in a row
    /// before this break may take a hyphen sooner, so they are kept apart.
    hyphens: u8,
    total: f64,
    ratio: f32,
    expansion: f32,
    overfull: bool,
}

/// How a line from an active node to a break fits.
#[derive(Debug, Clone, Copy)]
struct Fit {
    /// Ratio used for feasibility (includes emergency stretch).
    judged: f64,
    /// Ratio of the line as set, unbounded (infinite for a short line with nothing to
    /// stretch): its badness and fitness class.
    set: f64,
    /// Interword spaces on the line.
    spaces: u32,
    /// Ratio to set the glue with, after the boxes have taken their `expansion`.
    real: f32,
    /// Font expansion of the boxes ([`Line::expansion`]).
    expansion: f32,
    overfull: bool,
}

struct Breaker<'a> {
    par: &'a Paragraph<'a>,
    params: &'a Params,
    pass: Pass,
    /// [`Params::expansion`] and [`Params::expansion_step`], made sane: a limit of zero
    /// (or garbage) switches expansion off, a step of zero means any fraction.
    limit: f64,
    step: f64,
    arena: Vec<Node>,
    active: Vec<usize>,
    candidates: Vec<Candidate>,
}

impl<'a> Breaker<'a> {
    fn new(par: &'a Paragraph<'a>, params: &'a Params, pass: Pass) -> Self {
        let root = Node {
            index: 0,
            start: 0,
            line: 0,
            fitness: 1,
            flagged: false,
            hyphens: 0,
            total: 0.0,
            prev: None,
            ratio: 0.0,
            expansion: 0.0,
            overfull: false,
            hang: par.hang_at(0),
        };
        let limit = finite(params.expansion).max(0.0);
        let step = finite(params.expansion_step).clamp(0.0, limit);
        Breaker {
            par,
            params,
            pass,
            limit,
            step: if step > 0.0 {
                step
            } else {
                limit.max(f64::MIN_POSITIVE)
            },
            arena: vec![root],
            active: vec![0],
            candidates: Vec::new(),
        }
    }

    fn run(mut self) -> Option<Vec<Line>> {
        for brk in self.par.breaks() {
            if !self.try_break(&brk) {
                return None;
            }
        }
        // The last break is forced, so only nodes at the paragraph end remain active.
        let best = self.active.iter().copied().reduce(|a, b| {
            if self.arena[b].total < self.arena[a].total {
                b
            } else {
                a
            }
        })?;
        Some(self.lines_to(best))
    }

    /// Tries every active node against `brk`, deactivating nodes that can no longer reach a
    /// later break, and records the best new nodes. Returns false when the pass has failed.
    fn try_break(&mut self, brk: &Break) -> bool {
        self.candidates.clear();
        let mut last_dropped = None;
        let mut kept = 0;
        for k in 0..self.active.len() {
            let a = self.active[k];
            if self.arena[a].start > brk.index {
                // `brk` lies among the discarded items right after `a`.
                self.active[kept] = a;
                kept += 1;
                continue;
            }
            let fit = self.measure(a, brk);
            if self.feasible(a, brk, &fit) {
                self.consider(a, brk, &fit);
            }
            // Lines only grow from here on, so an overfull node stays overfull. (Negative box
            // widths or shrink break this assumption; they are tolerated, not optimised.)
            if fit.overfull || brk.forced {
                last_dropped = Some((a, fit));
            } else {
                self.active[kept] = a;
                kept += 1;
            }
        }
        self.active.truncate(kept);
        if self.candidates.is_empty() && self.active.is_empty() {
            if self.pass != Pass::LastResort {
                return false;
            }
            // Every route is overfull here. The last node dropped is the latest break, hence
            // the least overfull line: take it rather than give up (TeX's artificial demerits).
            if let Some((a, fit)) = last_dropped {
                self.push_candidate(a, brk, &fit, self.arena[a].total);
            }
        }
        self.commit(brk);
        true
    }

    fn measure(&self, a: usize, brk: &Break) -> Fit {
        let node = &self.arena[a];
        let fits = |judged: f64, set: f64, spaces: u32| Fit {
            judged,
            set,
            spaces,
            // A line with nothing to stretch is set at its natural width; one with nothing to
            // shrink, at full shrink.
            real: if set == f64::INFINITY {
                0.0
            } else {
                set.max(-1.0) as f32
            },
            expansion: 0.0,
            overfull: judged < -1.0,
        };
        if node.start == brk.index {
            // An empty line between two forced breaks: nothing to set.
            return fits(0.0, 0.0, 0);
        }
        let d = self.par.sums[brk.index].minus(self.par.sums[node.start]);
        let shortfall = self.par.line_width(node.line) + node.hang - (d.width + brk.width);
        // What the boxes may give, each way (zero without font expansion).
        let font = d.boxes.max(0.0) * self.limit;
        let mut fit = if shortfall > 0.0 {
            if d.fil + brk.fil > 0 {
                return fits(0.0, 0.0, d.spaces);
            }
            let emergency = match self.pass {
                Pass::First => 0.0,
                _ => finite(self.params.emergency_stretch).max(0.0),
            };
            let judged = ratio(shortfall, d.stretch + font + emergency);
            fits(judged, ratio(shortfall, d.stretch + font), d.spaces)
        } else if shortfall < 0.0 {
            let r = ratio(shortfall, d.shrink + font);
            fits(r, r, d.spaces)
        } else {
            fits(0.0, 0.0, d.spaces)
        };
        if font > 0.0 && shortfall != 0.0 {
            (fit.expansion, fit.real) = self.expand(shortfall, &d);
        }
        fit
    }

    /// How a line `shortfall` short (negative: too wide) of its measure is set with font
    /// expansion: the boxes first take what they can, within the limit and rounded to the
    /// nearest step; the glue the rest. A step rounded past the need that the glue cannot
    /// give back (a line without spaces) is taken towards zero instead. Returns the
    /// expansion and the glue's ratio.
    fn expand(&self, shortfall: f64, d: &Sums) -> (f32, f32) {
        let step = self.step;
        let want = (shortfall / d.boxes).clamp(-self.limit, self.limit);
        let mut e = (want / step).round() * step;
        let glue = |rest: f64| if rest >= 0.0 { d.stretch } else { d.shrink };
        let rest = shortfall - e * d.boxes;
        if e.abs() > want.abs() && ratio(rest, glue(rest)) < -1.0 {
            e = (want / step).trunc() * step;
        }
        let rest = shortfall - e * d.boxes;
        let r = ratio(rest, glue(rest));
        // As without expansion: nothing to stretch sets the glue at its natural width,
        // nothing to shrink at full shrink.
        let real = if r == f64::INFINITY {
            0.0
        } else {
            r.max(-1.0) as f32
        };
        (e as f32, real)
    }

    fn feasible(&self, a: usize, brk: &Break, fit: &Fit) -> bool {
        let limit = self.params.max_hyphens_in_a_row;
        match self.pass {
            Pass::LastResort => !fit.overfull,
            _ => {
                let ladder = brk.flagged && limit > 0 && self.arena[a].hyphens >= limit;
                !fit.overfull && !ladder && fit.judged <= finite(self.params.tolerance)
            }
        }
    }

    fn consider(&mut self, a: usize, brk: &Break, fit: &Fit) {
        let node = &self.arena[a];
        let p = self.params;
        let mut d = (finite(p.line_penalty) + badness(fit.set)).powi(2);
        if brk.cost >= 0.0 {
            d += brk.cost * brk.cost;
        } else {
            d -= brk.cost * brk.cost;
        }
        if brk.flagged && node.flagged {
            d += finite(p.flagged_demerits);
        }
        if brk.forced && node.flagged {
            d += finite(p.final_hyphen_demerits);
        }
        // The root is no break: a paragraph of one line is no runt.
        if brk.forced && fit.spaces == 0 && node.prev.is_some() {
            d += finite(p.runt_demerits);
        }
        if fitness(fit.set).abs_diff(node.fitness) > 1 {
            d += finite(p.fitness_demerits);
        }
        let total = node.total + d;
        self.push_candidate(a, brk, fit, total);
    }

    /// Keeps `total` if it is the best route so far to `brk` in its fitness class, line key
    /// and hyphens in a row.
    fn push_candidate(&mut self, a: usize, brk: &Break, fit: &Fit, total: f64) {
        let fitness = fitness(fit.set);
        let line_key = (self.arena[a].line + 1).min(self.par.last_special_line());
        let hyphens = if brk.flagged {
            self.arena[a].hyphens.saturating_add(1)
        } else {
            0
        };
        let new = Candidate {
            from: a,
            fitness,
            line_key,
            hyphens,
            total,
            ratio: fit.real,
            expansion: fit.expansion,
            overfull: fit.overfull,
        };
        let same = |c: &&mut Candidate| {
            c.fitness == fitness && c.line_key == line_key && c.hyphens == hyphens
        };
        match self.candidates.iter_mut().find(same) {
            Some(c) if total < c.total => *c = new,
            Some(_) => {}
            None => self.candidates.push(new),
        }
    }

    /// Turns the candidates into active nodes. A candidate that costs more than the best one
    /// with its line key and no more hyphens in a row, plus the fitness demerits, can never
    /// win: from here on the two differ at most by those demerits. (TeX's
    /// `minimal_demerits <= minimum_demerits + adj_demerits`.)
    fn commit(&mut self, brk: &Break) {
        let slack = finite(self.params.fitness_demerits);
        for i in 0..self.candidates.len() {
            let c = self.candidates[i];
            let best = self
                .candidates
                .iter()
                .filter(|o| o.line_key == c.line_key && o.hyphens <= c.hyphens)
                .map(|o| o.total)
                .fold(f64::INFINITY, f64::min);
            if c.total > best + slack {
                continue;
            }
            let from = &self.arena[c.from];
            let start = self
                .par
                .next_start
                .get(brk.index + 1)
                .copied()
                .unwrap_or(brk.index);
            let node = Node {
                index: brk.index,
                start,
                line: from.line + 1,
                fitness: c.fitness,
                flagged: brk.flagged,
                hyphens: c.hyphens,
                total: c.total,
                prev: Some(c.from),
                ratio: c.ratio,
                expansion: c.expansion,
                overfull: c.overfull,
                hang: self.par.hang_at(start),
            };
            self.arena.push(node);
            self.active.push(self.arena.len() - 1);
        }
    }

    fn lines_to(&self, last: usize) -> Vec<Line> {
        let mut lines = Vec::with_capacity(self.arena[last].line);
        let mut at = last;
        while let Some(prev) = self.arena[at].prev {
            let node = &self.arena[at];
            lines.push(Line {
                start: self.arena[prev].start,
                end: node.index,
                ratio: node.ratio,
                overfull: node.overfull,
                hyphenated: node.flagged,
                expansion: node.expansion,
            });
            at = prev;
        }
        lines.reverse();
        lines
    }
}

/// Adjustment ratio for a `shortfall` (negative when too wide) and the glue to absorb it.
fn ratio(shortfall: f64, glue: f64) -> f64 {
    if glue > 0.0 {
        shortfall / glue
    } else if shortfall > 0.0 {
        f64::INFINITY
    } else {
        f64::NEG_INFINITY
    }
}

/// TeX's badness, `100 |r|³`, capped.
fn badness(r: f64) -> f64 {
    (100.0 * r.abs().powi(3)).min(BADNESS_MAX)
}

/// TeX's fitness classes: 0 tight, 1 decent, 2 loose, 3 very loose (badness 12 ≈ ratio 0.5,
/// badness 100 = ratio 1).
fn fitness(r: f64) -> u8 {
    if r < -0.5 {
        0
    } else if r <= 0.5 {
        1
    } else if r <= 1.0 {
        2
    } else {
        3
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A paragraph in a monospace toy font: every character is 1 wide, a space is glue of
    /// width 1, stretch 1, shrink 0.5, and `|` inside a word marks a hyphenation point
    /// (hyphen width 1). `labels` holds each item's text for rendering lines back.
    struct Para {
        items: Vec<Item>,
        labels: Vec<String>,
    }

    const SPACE: Item = Item::Glue {
        width: 1.0,
        stretch: 1.0,
        shrink: 0.5,
    };

    fn para(text: &str) -> Para {
        let mut p = Para {
            items: Vec::new(),
            labels: Vec::new(),
        };
        for (i, word) in text.split(' ').enumerate() {
            if i > 0 {
                p.push(SPACE, " ");
            }
            for (j, syllable) in word.split('|').enumerate() {
                if j > 0 {
                    p.push(Item::hyphen(1.0), "");
                }
                let width = syllable.chars().count() as f32;
                p.push(Item::Box { width }, syllable);
            }
        }
        p.finish();
        p
    }

    /// Ragged text in the same toy font, built with `ragged_space` and `ragged_hyphen`.
    fn ragged_para(text: &str, line_stretch: f32) -> Para {
        let mut p = Para {
            items: Vec::new(),
            labels: Vec::new(),
        };
        for (i, word) in text.split(' ').enumerate() {
            if i > 0 {
                for (item, label) in ragged_space(1.0, line_stretch)
                    .into_iter()
                    .zip(["", "", " "])
                {
                    p.push(item, label);
                }
            }
            for (j, syllable) in word.split('|').enumerate() {
                if j > 0 {
                    for item in ragged_hyphen(1.0, line_stretch) {
                        p.push(item, "");
                    }
                }
                let width = syllable.chars().count() as f32;
                p.push(Item::Box { width }, syllable);
            }
        }
        p.finish();
        p
    }

    impl Para {
        fn push(&mut self, item: Item, label: &str) {
            self.items.push(item);
            self.labels.push(label.to_string());
        }

        fn finish(&mut self) {
            finish_paragraph(&mut self.items);
            self.labels.truncate(self.items.len() - 2);
            self.labels.extend([String::new(), String::new()]);
        }

        fn text(&self, line: &Line) -> String {
            let mut s: String = self.labels[line.start..line.end].concat();
            if line.hyphenated {
                s.push('-');
            }
            s
        }

        fn texts(&self, lines: &[Line]) -> Vec<String> {
            lines.iter().map(|l| self.text(l)).collect()
        }

        fn lines(&self, widths: &[f32]) -> Vec<Line> {
            break_lines(&self.items, widths, &toy_params())
        }
    }

    /// Defaults, but emergency stretch scaled to the toy font (2 characters).
    fn toy_params() -> Params {
        Params {
            emergency_stretch: 2.0,
            ..Params::default()
        }
    }

    /// Natural width, stretch and shrink of a line as set, including the hyphen.
    fn measure(items: &[Item], line: &Line) -> (f32, f32, f32) {
        let mut s = Sums::default();
        for item in &items[line.start..line.end] {
            s = s.add(item);
        }
        let hyphen = match items.get(line.end) {
            Some(Item::Penalty { width, .. }) => *width,
            _ => 0.0,
        };
        (s.width as f32 + hyphen, s.stretch as f32, s.shrink as f32)
    }

    /// The width the line occupies when its boxes are expanded by `line.expansion` and its
    /// glue is set with `line.ratio`.
    fn set_width(items: &[Item], line: &Line) -> f32 {
        let (mut natural, stretch, shrink) = measure(items, line);
        let boxes: f32 = items[line.start..line.end]
            .iter()
            .map(|i| match i {
                Item::Box { width } => *width,
                _ => 0.0,
            })
            .sum();
        natural += boxes * line.expansion;
        if line.ratio >= 0.0 {
            natural + line.ratio * stretch
        } else {
            natural + line.ratio * shrink
        }
    }

    fn width_of(widths: &[f32], n: usize) -> f32 {
        *widths.get(n).unwrap_or(widths.last().unwrap())
    }

    /// Every line but the last fills its measure exactly; the last is at natural width.
    fn assert_justified(items: &[Item], lines: &[Line], widths: &[f32]) {
        for (n, line) in lines.iter().enumerate() {
            let set = set_width(items, line);
            if n + 1 < lines.len() {
                let w = width_of(widths, n);
                assert!((set - w).abs() < 1e-3, "line {n} set to {set}, measure {w}");
            } else {
                // The last line has `fil` glue: natural width, or shrunk if it must.
                assert!(line.ratio <= 0.0);
                assert!(set <= width_of(widths, n) + 1e-3);
            }
        }
    }

    /// First fit at natural width, the way a word processor breaks.
    fn greedy(p: &Para, width: f32) -> Vec<Line> {
        let mut lines = Vec::new();
        let mut start = 0;
        let mut last_fit = None;
        let mut i = 0;
        while i < p.items.len() {
            if matches!(p.items[i], Item::Glue { .. }) && p.items[i - 1].is_box() {
                let line = Line {
                    start,
                    end: i,
                    ratio: 0.0,
                    overfull: false,
                    hyphenated: false,
                    expansion: 0.0,
                };
                if measure(&p.items, &line).0 <= width {
                    last_fit = Some(i);
                } else if let Some(end) = last_fit.take() {
                    lines.push(Line { end, ..line });
                    start = end + 1;
                    i = start;
                    continue;
                }
            }
            i += 1;
        }
        let end = p.items.len() - 1;
        let last = Line {
            start,
            end,
            ratio: 0.0,
            overfull: false,
            hyphenated: false,
            expansion: 0.0,
        };
        lines.push(last);
        let n = lines.len();
        for line in &mut lines[..n - 1] {
            let (natural, stretch, _) = measure(&p.items, line);
            line.ratio = (width - natural) / stretch;
        }
        lines
    }

    #[test]
    fn paragraph_breaks_into_expected_lines() {
        let p = para(
            "In olden times when wishing still helped one there lived a king whose \
             daughters were all beautiful but the youngest was so beautiful that the sun \
             itself which has seen so much was astonished whenever it shone in her face",
        );
        let lines = p.lines(&[30.0]);
        assert_eq!(
            p.texts(&lines),
            [
                "In olden times when wishing",      // 27 wide, 4 spaces: ratio 0.75
                "still helped one there lived",     // 28: 0.5
                "a king whose daughters were",      // 27: 0.75
                "all beautiful but the youngest",   // 30: 0
                "was so beautiful that the sun",    // 29: 0.2
                "itself which has seen so much",    // 29: 0.2
                "was astonished whenever it shone", // 32, 4 × 0.5 shrink: -1
                "in her face",
            ]
        );
        assert_justified(&p.items, &lines, &[30.0]);
    }
    #[test]
    fn ratios_are_the_expected_ones() {
        let p = para("In olden times when wishing still helped one there lived a king");
        let lines = p.lines(&[30.0]);
        // "lived a" / "king" would set line 2 at ratio 0, but leave "king" alone on the
        // last line: the runt demerits (10000) outweigh line 2 at ratio 0.5 (badness 12.5).
        let texts = [
            "In olden times when wishing",
            "still helped one there lived",
            "a king",
        ];
        assert_eq!(p.texts(&lines), texts);
        let ratios: Vec<f32> = lines.iter().map(|l| l.ratio).collect();
        assert_eq!(ratios, [0.75, 0.5, 0.0]);
    }

    #[test]
    fn optimal_beats_greedy() {
        // Greedy stops line 1 at its natural width and strands "ddd" on a line of ratio 8;
        // shrinking line 1 a little takes "ddd" along and sets everything in two lines.
        let p = para("aaaaa bbbbb ccccc ddd eeeeeeee ffffffff");
        let greedy = greedy(&p, 20.0);
        assert_eq!(
            p.texts(&greedy),
            ["aaaaa bbbbb ccccc", "ddd eeeeeeee", "ffffffff"]
        );
        assert_eq!(greedy[1].ratio, 8.0);
        let optimal = p.lines(&[20.0]);
        assert_eq!(
            p.texts(&optimal),
            ["aaaaa bbbbb ccccc ddd", "eeeeeeee ffffffff"]
        );
        assert!((optimal[0].ratio - -1.0 / 1.5).abs() < 1e-6);
        let worst = |ls: &[Line]| ls.iter().map(|l| l.ratio.abs()).fold(0.0, f32::max);
        assert!(worst(&optimal) < worst(&greedy));
    }

    #[test]
    fn ratios_stay_within_tolerance() {
        let mut rng = Lcg(7);
        for _ in 0..20 {
            let p = para(&random_text(&mut rng, 300, false));
            let lines = p.lines(&[70.0]);
            let tolerance = toy_params().tolerance;
            for line in &lines {
                assert!(!line.overfull);
                assert!((-1.0..=tolerance).contains(&line.ratio), "{line:?}");
            }
            assert_justified(&p.items, &lines, &[70.0]);
            assert_covers(&p.items, &lines);
        }
    }

    #[test]
    fn forced_break_ends_the_line() {
        let mut p = para("aaa bbb");
        p.items.truncate(p.items.len() - 2); // reopen the paragraph: a `<br>` follows
        finish_paragraph(&mut p.items);
        let tail = para("ccc ddd");
        p.items.extend(tail.items);
        p.labels.truncate(p.items.len() - tail.labels.len());
        p.labels.extend(tail.labels);
        let lines = p.lines(&[100.0]);
        assert_eq!(p.texts(&lines), ["aaa bbb", "ccc ddd"]);
        assert_eq!(lines[0].end, 4);
        assert!(p.items[lines[0].end].is_forced_break());
        assert!(lines.iter().all(|l| l.ratio == 0.0 && !l.overfull));
    }

    #[test]
    fn two_forced_breaks_give_an_empty_line() {
        let mut items = vec![Item::Box { width: 3.0 }];
        finish_paragraph(&mut items);
        finish_paragraph(&mut items);
        items.push(Item::Box { width: 3.0 });
        finish_paragraph(&mut items);
        let lines = break_lines(&items, &[10.0], &Params::default());
        let spans: Vec<_> = lines.iter().map(|l| (l.start, l.end)).collect();
        assert_eq!(spans, [(0, 2), (4, 4), (5, 7)]);
        assert!(lines.iter().all(|l| !l.overfull && l.ratio == 0.0));
    }

    #[test]
    fn overfull_box_is_reported() {
        let p = para("aa bb cccccccccccccccccccccccccccccc dd ee");
        let lines = p.lines(&[10.0]);
        assert_eq!(
            p.texts(&lines),
            ["aa bb", "cccccccccccccccccccccccccccccc", "dd ee"]
        );
        let overfull: Vec<bool> = lines.iter().map(|l| l.overfull).collect();
        assert_eq!(overfull, [false, true, false]);
        assert_eq!(lines[1].ratio, -1.0);
    }

    #[test]
    fn long_word_does_not_spoil_the_rest() {
        // Only the line with the long word is bad; the lines around it are still justified.
        let p = para(
            "aaaa bbbb cccc dddd eeee ffff gggg https://example.org/a/very/long/path hhhh \
             iiii jjjj kkkk llll mmmm",
        );
        let lines = p.lines(&[20.0]);
        let bad: Vec<String> = lines
            .iter()
            .filter(|l| l.overfull)
            .map(|l| p.text(l))
            .collect();
        assert_eq!(bad, ["https://example.org/a/very/long/path"]);
        assert_covers(&p.items, &lines);
    }

    #[test]
    fn hyphen_taken_when_it_helps() {
        // Without the hyphen, line 1 is either "aaaa bbbb cccc" (ratio 3) or overfull.
        let p = para("aaaa bbbb cccc ddd|ddd|ddd eee");
        let lines = p.lines(&[20.0]);
        assert_eq!(p.texts(&lines), ["aaaa bbbb cccc ddd-", "dddddd eee"]);
        assert!(lines[0].hyphenated && !lines[1].hyphenated);
        assert_justified(&p.items, &lines, &[20.0]);
    }

    #[test]
    fn at_most_two_hyphens_in_a_row() {
        // Words of three syllables, and no doubled-hyphen demerits: left alone, the breaker
        // ends three or more lines in a row with a hyphen at some widths; the limit stops
        // every run at two.
        let p = para(&["xxx|xxx|xxx x"; 40].join(" "));
        let mut params = toy_params();
        params.flagged_demerits = 0.0;
        let longest_run = |lines: &[Line]| {
            let mut run = 0;
            let mut longest = 0;
            for line in lines {
                run = if line.hyphenated { run + 1 } else { 0 };
                longest = longest.max(run);
            }
            longest
        };
        let mut ladders = 0;
        for width in 10..40 {
            params.max_hyphens_in_a_row = 0;
            let eager = break_lines(&p.items, &[width as f32], &params);
            ladders += (longest_run(&eager) > 2) as usize;
            params.max_hyphens_in_a_row = 2;
            let lines = break_lines(&p.items, &[width as f32], &params);
            assert!(longest_run(&lines) <= 2, "{width}: {:?}", p.texts(&lines));
            assert!(lines.iter().all(|l| !l.overfull));
            assert_covers(&p.items, &lines);
        }
        assert!(ladders >= 2, "{ladders}");
    }

    #[test]
    fn a_one_word_last_line_is_avoided_when_a_rebreak_can() {
        // Seven words fill a line exactly, so fifteen leave one alone; six a line are a
        // little loose but end with three.
        let p = para("aa bb cc dd ee ff gg hh ii jj kk ll mm nn oo");
        let mut params = toy_params();
        params.runt_demerits = 0.0;
        let runt = break_lines(&p.items, &[20.0], &params);
        assert_eq!(p.texts(&runt).last().unwrap(), "oo");
        let lines = p.lines(&[20.0]);
        let texts = p.texts(&lines);
        assert!(texts.last().unwrap().contains(' '), "{texts:?}");
        // A paragraph of one word is no runt.
        let single = para("aaaa");
        assert_eq!(single.lines(&[24.0]).len(), 1);
    }

    #[test]
    fn hyphen_not_taken_when_spacing_is_fine() {
        // "aaaa bbbb cccc ddddd" fills 20 exactly; "ddd-" would fit at ratio 0.33 too.
        let p = para("aaaa bbbb cccc ddd|dd eeee ff");
        let lines = p.lines(&[20.0]);
        assert_eq!(p.texts(&lines), ["aaaa bbbb cccc ddddd", "eeee ff"]);
        assert!(lines.iter().all(|l| !l.hyphenated));
    }

    #[test]
    fn consecutive_hyphens_are_avoided() {
        let p = para("aaa aaa aaa aaa ccc|ccc bbb bbb bbb ddd|ddd eee eee eee fff");
        let mut no_flag = toy_params();
        no_flag.flagged_demerits = 0.0;
        let eager = break_lines(&p.items, &[20.0], &no_flag);
        assert_eq!(
            p.texts(&eager),
            [
                "aaa aaa aaa aaa ccc-",
                "ccc bbb bbb bbb ddd-",
                "ddd eee eee eee fff"
            ]
        );
        // Two hyphens in a row cost 10000 more than a line set at full shrink (badness 100).
        let lines = p.lines(&[20.0]);
        assert_eq!(
            p.texts(&lines),
            [
                "aaa aaa aaa aaa ccc-",
                "ccc bbb bbb bbb dddddd",
                "eee eee eee fff"
            ]
        );
        assert_eq!(lines[1].ratio, -1.0);
    }

    #[test]
    fn empty_paragraph_has_no_lines() {
        assert!(break_lines(&[], &[100.0], &Params::default()).is_empty());
        let mut items = Vec::new();
        finish_paragraph(&mut items);
        assert!(break_lines(&items, &[100.0], &Params::default()).is_empty());
    }

    #[test]
    fn single_word_is_one_natural_line() {
        let p = para("word");
        let lines = p.lines(&[100.0]);
        assert_eq!(
            lines,
            [Line {
                start: 0,
                end: 2,
                ratio: 0.0,
                overfull: false,
                hyphenated: false,
                expansion: 0.0,
            }]
        );
    }

    #[test]
    fn first_line_shorter() {
        let text = "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll";
        let p = para(text);
        let widths = [9.0, 19.0];
        let lines = p.lines(&widths);
        assert_eq!(
            p.texts(&lines),
            [
                "aaaa bbbb",
                "cccc dddd eeee ffff",
                "gggg hhhh iiii jjjj",
                "kkkk llll"
            ]
        );
        assert_justified(&p.items, &lines, &widths);
    }

    #[test]
    fn line_number_matters_while_widths_vary() {
        // Short words make lines elastic, so one break is reachable in different line counts.
        // Merging such routes by position and fitness alone (ignoring that their next lines
        // differ in width) picks a worse breaking for this paragraph.
        let p = para("xx xx xx xx x x x x x x xx xx xx xx x xx xx x x xx xx x");
        assert!(check_against_brute_force(&p, &[42.0, 4.0, 8.0, 37.0]));
        let mut rng = Lcg(11);
        let mut checked = 0;
        for _ in 0..300 {
            let words = rng.range(8, 24) as usize;
            let longest = rng.range(1, 4);
            let p = para(&random_words(&mut rng, words, longest, true));
            let lines = rng.range(1, 5);
            let widths: Vec<f32> = (0..lines).map(|_| rng.range(3, 45) as f32).collect();
            checked += check_against_brute_force(&p, &widths) as usize;
        }
        assert!(checked > 30, "{checked}");
    }

    #[test]
    fn matches_brute_force() {
        let mut rng = Lcg(3);
        let mut checked = 0;
        for _ in 0..60 {
            let p = para(&random_text(&mut rng, 12, true));
            let width = rng.range(14, 26) as f32;
            checked += check_against_brute_force(&p, &[width]) as usize;
        }
        assert!(checked > 30, "{checked}");
    }

    #[test]
    fn emergency_stretch_rescues_a_loose_line() {
        // Line 1 must be "aaaaaa aaaaa" (ratio 8: the next word is 18 wide), which only the
        // emergency pass accepts; it is set loose but not reported overfull.
        let p = para("aaaaaa aaaaa bbbbbbbbbbbbbbbbbb ccc");
        let mut params = toy_params();
        params.emergency_stretch = 10.0;
        let lines = break_lines(&p.items, &[20.0], &params);
        assert_eq!(
            p.texts(&lines),
            ["aaaaaa aaaaa", "bbbbbbbbbbbbbbbbbb", "ccc"]
        );
        assert_eq!(lines[0].ratio, 8.0);
        assert!(lines.iter().all(|l| !l.overfull));
    }

    fn expanding(limit: f32) -> Params {
        Params {
            expansion: limit,
            ..toy_params()
        }
    }

    #[test]
    fn expansion_fills_lines_exactly_in_steps_within_the_limit() {
        let mut rng = Lcg(11);
        let params = expanding(0.02);
        for _ in 0..20 {
            let p = para(&random_text(&mut rng, 300, false));
            let lines = break_lines(&p.items, &[40.0], &params);
            assert_justified(&p.items, &lines, &[40.0]);
            assert_covers(&p.items, &lines);
            for line in &lines {
                let steps = line.expansion / DEFAULT_EXPANSION_STEP;
                assert!((steps - steps.round()).abs() < 1e-3, "{line:?}");
                assert!(line.expansion.abs() <= 0.02 + 1e-6, "{line:?}");
            }
            let last = lines.last().unwrap();
            assert_eq!(last.expansion, 0.0, "the last line is set at natural width");
        }
    }

    #[test]
    fn a_line_takes_what_it_needs_from_expansion_before_its_glue() {
        // "aaaaaaaaaa bbbbbbbbbb" is 21 wide, 20 of it boxes: in a measure of 21.2 it is
        // 0.2 short, exactly 1 % of its boxes, so the glue stays at its natural width.
        let p = para("aaaaaaaaaa bbbbbbbbbb cc");
        let lines = break_lines(&p.items, &[21.2], &expanding(0.02));
        assert_eq!(p.texts(&lines), ["aaaaaaaaaa bbbbbbbbbb", "cc"]);
        assert!((lines[0].expansion - 0.01).abs() < 1e-6, "{:?}", lines[0]);
        assert!(lines[0].ratio.abs() < 1e-4, "{:?}", lines[0]);
        // 0.5 short: 2 % (0.4) from the boxes, the rest (0.1 of 1 stretch) from the glue.
        let lines = break_lines(&p.items, &[21.5], &expanding(0.02));
        assert!((lines[0].expansion - 0.02).abs() < 1e-6, "{:?}", lines[0]);
        assert!((lines[0].ratio - 0.1).abs() < 1e-4, "{:?}", lines[0]);
        // Too wide: the boxes narrow first.
        let lines = break_lines(&p.items, &[20.8], &expanding(0.02));
        assert!((lines[0].expansion + 0.01).abs() < 1e-6, "{:?}", lines[0]);
        assert!(lines[0].ratio.abs() < 1e-4, "{:?}", lines[0]);
    }

    #[test]
    fn expansion_counts_as_stretch_in_the_breaking() {
        // Line 1 can only be "aaaaaaaaaa bbbbbbbbbb", 2 short with 1 of stretch: ratio 2,
        // past the tolerance (1.5), which only the emergency pass takes. With 2 % of its 20
        // of boxes the ratio the breaker judges is 2 / 1.4 = 1.43, feasible in the first
        // pass, and the glue takes only what the boxes cannot (1.6).
        let p = para("aaaaaaaaaa bbbbbbbbbb cccccccccccccccccccc dd");
        let off = break_lines(&p.items, &[23.0], &toy_params());
        let on = break_lines(
            &p.items,
            &[23.0],
            &Params {
                emergency_stretch: 0.0,
                ..expanding(0.02)
            },
        );
        assert_eq!(p.texts(&off), p.texts(&on));
        assert_eq!(off[0].ratio, 2.0);
        assert!((on[0].expansion - 0.02).abs() < 1e-6);
        assert!((on[0].ratio - 1.6).abs() < 1e-4, "{:?}", on[0]);
        assert!(on.iter().all(|l| !l.overfull));
        assert_justified(&p.items, &on, &[23.0]);
    }

    #[test]
    fn a_line_without_glue_never_rounds_past_its_measure() {
        // A single 40-wide box in a measure of 40.3: 0.75 % would round up to 1 % and
        // overfill the line, with no glue to give it back; it takes 0.5 %.
        let p = para("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bb");
        let lines = break_lines(&p.items, &[40.3], &expanding(0.02));
        assert_eq!(
            p.texts(&lines)[0],
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        );
        assert!((lines[0].expansion - 0.005).abs() < 1e-6, "{:?}", lines[0]);
    }

    #[test]
    fn no_expansion_leaves_the_breaking_as_it_was() {
        let mut rng = Lcg(5);
        for _ in 0..10 {
            let p = para(&random_text(&mut rng, 200, true));
            let zero = break_lines(&p.items, &[30.0], &expanding(0.0));
            assert_eq!(zero, break_lines(&p.items, &[30.0], &toy_params()));
            assert!(zero.iter().all(|l| l.expansion == 0.0));
        }
    }

    #[test]
    fn a_line_starting_with_a_hung_box_has_more_room() {
        // "ccc ddd" fills 7 exactly; hanging "ccc" by 1 leaves 1 to stretch (ratio 1), and
        // a hang on the first box widens the first line the same way.
        let p = para("aaa bbb ccc ddd eee fff");
        let params = toy_params();
        let plain = break_lines(&p.items, &[7.0], &params);
        let hung = break_lines_hung(&p.items, &[(0, 1.0), (4, 1.0)], &[7.0], &params);
        assert_eq!(p.texts(&hung), ["aaa bbb", "ccc ddd", "eee fff"]);
        assert_eq!(p.texts(&plain), p.texts(&hung));
        let ratios: Vec<f32> = hung.iter().map(|l| l.ratio).collect();
        assert_eq!(ratios, [1.0, 1.0, 0.0]);
        assert!(plain.iter().all(|l| l.ratio == 0.0));
        // A hang on a box that starts no line changes nothing.
        let inner = break_lines_hung(&p.items, &[(2, 1.0)], &[7.0], &params);
        assert_eq!(inner, plain);
    }

    #[test]
    fn ragged_text_keeps_natural_spaces() {
        let text = "In olden times when wishing still helped one there lived a king whose \
                    daughters were all beau|ti|ful but the young|est was so beau|ti|ful that \
                    the sun it|self which has seen so much was as|ton|ished when|ev|er it \
                    shone in her face";
        let p = ragged_para(text, 6.0);
        let lines = p.lines(&[30.0]);
        let tolerance = toy_params().tolerance;
        let texts = p.texts(&lines);
        for (line, text) in lines.iter().zip(&texts) {
            let (natural, _, _) = measure(&p.items, line);
            // Interior spaces cancel out, so the natural width is the text's.
            assert_eq!(natural, text.chars().count() as f32, "{text}");
            assert!(natural <= 30.0);
            assert!(!line.overfull);
            assert!(line.ratio <= tolerance);
            assert!(!text.starts_with(' ') && !text.ends_with(' '), "{text:?}");
        }
        // A word is only ever cut at a hyphen.
        for (line, text) in lines.iter().zip(&texts) {
            let next = p.items.get(line.end + 1);
            if matches!(next, Some(Item::Box { .. })) {
                assert!(line.hyphenated, "{text}");
            }
        }
        assert_eq!(texts.len(), 8, "{texts:#?}");
    }

    #[test]
    fn ragged_lines_are_evened_out() {
        // Greedy fills line 1 and leaves line 2 10 short (ratio 1, badness 100); moving "c"
        // down gives gaps of 2 and 8 (badness 0.8 + 51.2).
        let p = ragged_para("aaaaaaaa bbbbbbbbb c dddddddddd eeeeeeeeeee", 10.0);
        let lines = p.lines(&[20.0]);
        assert_eq!(
            p.texts(&lines),
            ["aaaaaaaa bbbbbbbbb", "c dddddddddd", "eeeeeeeeeee"]
        );
        let ratios: Vec<f32> = lines.iter().map(|l| l.ratio).collect();
        assert_eq!(ratios, [0.2, 0.8, 0.0]);
    }

    #[test]
    fn missing_final_break_is_implied() {
        let p = para("aaaa bbbb cccc dddd eeee ffff gggg hhhh");
        let with = p.lines(&[15.0]);
        let bare = &p.items[..p.items.len() - 2];
        let without = break_lines(bare, &[15.0], &toy_params());
        assert_eq!(with.len(), without.len());
        assert_eq!(with[..with.len() - 1], without[..without.len() - 1]);
        assert_eq!(without.last().unwrap().end, bare.len());
        assert_eq!(without.last().unwrap().ratio, 0.0);
    }

    #[test]
    fn garbage_does_not_panic() {
        let nasty = [
            Item::Box { width: f32::NAN },
            Item::Glue {
                width: f32::INFINITY,
                stretch: f32::NAN,
                shrink: f32::INFINITY,
            },
            Item::Box { width: -5.0 },
            Item::Penalty {
                width: f32::NAN,
                cost: f32::NAN,
                flagged: true,
            },
            Item::Box { width: 1e30 },
            Item::Glue {
                width: -1.0,
                stretch: -3.0,
                shrink: -2.0,
            },
            Item::Penalty {
                width: 0.0,
                cost: f32::NEG_INFINITY,
                flagged: true,
            },
            Item::Box { width: 3.0 },
        ];
        for widths in [&[][..], &[f32::NAN], &[-10.0], &[0.0, 5.0], &[1e30]] {
            for len in 0..=nasty.len() {
                let lines = break_lines(&nasty[..len], widths, &Params::default());
                assert_covers(&nasty[..len], &lines);
            }
        }
    }

    #[test]
    fn defaults_suit_body_text() {
        // Noto Sans at 10.5 pt: letters about 5.3 pt, a space 2.7 pt stretching by half and
        // shrinking by a third (TeX's proportions); 75 characters make a 400 pt line. With
        // hyphenation, the first pass should set nearly all ordinary prose.
        let space = Item::Glue {
            width: 2.7,
            stretch: 1.35,
            shrink: 0.9,
        };
        let mut rng = Lcg(17);
        let mut within_tolerance = 0;
        for _ in 0..30 {
            let mut items = Vec::new();
            for w in 0..120 {
                if w > 0 {
                    items.push(space);
                }
                // Syllables of 2 to 4 letters; no break in the first 2 or last 3 letters.
                let letters = rng.range(1, 13);
                let letter = 5.0 + rng.range(0, 7) as f32 / 10.0;
                let mut done = 0;
                while done < letters {
                    let mut syllable = rng.range(2, 5).min(letters - done);
                    if letters - done - syllable < 3 {
                        syllable = letters - done;
                    }
                    if done > 0 {
                        items.push(Item::hyphen(3.5));
                    }
                    items.push(Item::Box {
                        width: syllable as f32 * letter,
                    });
                    done += syllable;
                }
            }
            finish_paragraph(&mut items);
            let lines = break_lines(&items, &[400.0], &Params::default());
            let worst = lines.iter().map(|l| l.ratio).fold(0.0, f32::max);
            within_tolerance += (worst <= DEFAULT_TOLERANCE) as usize;
            // The rest needs the emergency pass, which must stay presentable.
            assert!(worst < 2.5, "{lines:?}");
            assert!(lines.iter().all(|l| !l.overfull && l.ratio >= -1.0));
            assert_justified(&items, &lines, &[400.0]);
        }
        // 27 without the limit of two hyphens in a row: in this text nearly every word has
        // syllables to break at, and one paragraph needs a third hyphen to stay within the
        // tolerance.
        assert!(within_tolerance >= 26, "{within_tolerance} of 30");
    }

    #[test]
    fn long_paragraph_stays_linear() {
        let mut rng = Lcg(5);
        let p = para(&random_text(&mut rng, 20_000, true));
        let lines = p.lines(&[70.0]);
        assert!(lines.len() > 1000);
        assert!(lines.iter().all(|l| !l.overfull));
        assert_covers(&p.items, &lines);
    }

    /// Lines follow each other and every box is on exactly one line.
    fn assert_covers(items: &[Item], lines: &[Line]) {
        let mut next = 0;
        for line in lines {
            assert!(line.start >= next && line.start <= line.end, "{lines:?}");
            assert!(items[next..line.start].iter().all(|i| !i.is_box()));
            next = line.end + 1;
        }
        let rest = items.get(next..).unwrap_or_default();
        assert!(rest.iter().all(|i| !i.is_box()), "{lines:?}");
    }

    /// A tiny deterministic PRNG, so the random tests are reproducible.
    struct Lcg(u64);

    impl Lcg {
        fn range(&mut self, lo: u64, hi: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            lo + (self.0 >> 33) % (hi - lo)
        }
    }

    /// `words` words of 1 to 9 letters; with `hyphens`, longer words get a hyphenation point.
    fn random_text(rng: &mut Lcg, words: usize, hyphens: bool) -> String {
        random_words(rng, words, 9, hyphens)
    }

    fn random_words(rng: &mut Lcg, words: usize, max_len: u64, hyphens: bool) -> String {
        let mut words_out = Vec::new();
        for _ in 0..words {
            let len = rng.range(1, max_len + 1) as usize;
            let mut word = "x".repeat(len);
            if hyphens && len >= 5 && rng.range(0, 2) == 0 {
                word.insert(rng.range(2, len as u64 - 2) as usize, '|');
            }
            words_out.push(word);
        }
        words_out.join(" ")
    }

    /// The demerits of a given breaking under the first pass's rules, or `None` when a line is
    /// infeasible: an independent restatement of the cost model, without the active-node
    /// machinery, to check that the breaker finds the optimum.
    fn reference_demerits(p: &Para, lines: &[Line], widths: &[f32]) -> Option<f64> {
        let params = toy_params();
        let mut total = 0.0;
        let (mut prev_fitness, mut prev_flagged, mut run) = (1u8, false, 0u8);
        for (n, line) in lines.iter().enumerate() {
            let (natural, stretch, shrink) = measure(&p.items, line);
            let last = n + 1 == lines.len();
            let shortfall = width_of(widths, n) - natural;
            let r = if (last && shortfall >= 0.0) || shortfall == 0.0 {
                0.0
            } else if shortfall > 0.0 {
                shortfall / stretch
            } else {
                shortfall / shrink
            };
            if !(-1.0..=params.tolerance).contains(&r) {
                return None;
            }
            let r = r as f64;
            let mut d = (params.line_penalty as f64 + 100.0 * r.abs().powi(3)).powi(2);
            let (cost, flagged) = match p.items[line.end] {
                Item::Penalty { cost, flagged, .. } if !last => (cost as f64, flagged),
                _ => (0.0, false),
            };
            d += cost * cost;
            run = if flagged { run + 1 } else { 0 };
            if run > params.max_hyphens_in_a_row {
                return None;
            }
            if flagged && prev_flagged {
                d += params.flagged_demerits as f64;
            }
            if last && prev_flagged {
                d += params.final_hyphen_demerits as f64;
            }
            let spaces = p.items[line.start..line.end]
                .iter()
                .filter(|i| matches!(i, Item::Glue { width, .. } if *width > 0.0))
                .count();
            if last && n > 0 && spaces == 0 {
                d += params.runt_demerits as f64;
            }
            let fit = fitness(r);
            if fit.abs_diff(prev_fitness) > 1 {
                d += params.fitness_demerits as f64;
            }
            total += d;
            (prev_fitness, prev_flagged) = (fit, flagged);
        }
        Some(total)
    }

    /// Where the line after a break at `end` starts.
    fn next_start(p: &Para, end: usize) -> usize {
        (end + 1..p.items.len())
            .find(|&i| p.items[i].is_box() || p.items[i].is_forced_break())
            .unwrap_or(p.items.len())
    }

    /// Every sequence of breaks whose lines are within the tolerance. Like the breaker,
    /// it skips breaks that would leave an empty line before a forced break.
    fn all_breakings(p: &Para, widths: &[f32]) -> Vec<Vec<Line>> {
        let breaks: Vec<usize> = (0..p.items.len())
            .filter(|&i| match p.items[i] {
                Item::Glue { .. } => p.items[i - 1].is_box(),
                Item::Penalty { cost, .. } => cost < PENALTY_INFINITY,
                Item::Box { .. } => false,
            })
            .filter(|&i| p.items[i].is_forced_break() || p.items[next_start(p, i)].is_box())
            .collect();
        let mut out = Vec::new();
        let mut current = Vec::new();
        extend_breakings(p, widths, &breaks, 0, &mut current, &mut out);
        out
    }

    fn extend_breakings(
        p: &Para,
        widths: &[f32],
        breaks: &[usize],
        start: usize,
        current: &mut Vec<Line>,
        out: &mut Vec<Vec<Line>>,
    ) {
        for &end in breaks.iter().filter(|&&b| b >= start) {
            let hyphenated = matches!(p.items[end], Item::Penalty { flagged: true, .. });
            let line = Line {
                start,
                end,
                ratio: 0.0,
                overfull: false,
                hyphenated,
                expansion: 0.0,
            };
            let (natural, stretch, shrink) = measure(&p.items, &line);
            let width = width_of(widths, current.len());
            if natural - shrink > width + 1e-4 {
                return;
            }
            let last = p.items[end].is_forced_break();
            if !last && natural + stretch * toy_params().tolerance < width - 1e-4 {
                continue; // too loose for the first pass
            }
            current.push(line);
            if p.items[end].is_forced_break() {
                out.push(current.clone());
            } else {
                extend_breakings(p, widths, breaks, next_start(p, end), current, out);
            }
            current.pop();
        }
    }

    /// Checks the breaker's result against the best of all breakings; returns whether a
    /// feasible breaking existed (otherwise only coverage is checked).
    fn check_against_brute_force(p: &Para, widths: &[f32]) -> bool {
        let best = all_breakings(p, widths)
            .iter()
            .filter_map(|b| reference_demerits(p, b, widths))
            .fold(f64::INFINITY, f64::min);
        let lines = p.lines(widths);
        if best.is_finite() {
            let got = reference_demerits(p, &lines, widths).expect("first pass must succeed");
            assert!(
                (got - best).abs() <= 1e-6 * best.max(1.0),
                "got {got}, best {best}: {:?} at {widths:?}",
                p.texts(&lines)
            );
            assert_justified(&p.items, &lines, widths);
        }
        assert_covers(&p.items, &lines);
        best.is_finite()
    }
}
