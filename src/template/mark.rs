//! Marks: where each piece of a rendering's markup came from, in the release and in the
//! templates, from one marked rendering.
//!
//! The markup stage and layout report problems at a byte of the rendered markup, which the
//! user never sees, and the templates keep no source map. Searching the release or the
//! templates for the text at fault guesses wrong when it occurs twice. So on the rare
//! error path (a layout warning, a markup error) the engine renders the templates once more,
//! with marks that say where each piece came from, and [`SourceMap::new`] strips them
//! again: what is left must be the markup that was laid out or parsed, byte for byte, else
//! nothing is located (there is no guessing). A build without such a problem pays nothing.
//!
//! Two kinds of mark are made in that one rendering:
//! - **Value marks**, from the marked context ([`context_marked`](super::context_marked)):
//!   each value comes wrapped in a mark naming its file and span there and the offset of
//!   the text in that value. Escaping passes marks through untouched; the `markdown` and
//!   `autolink` helpers take a marked text apart and mark each piece of text they write
//!   with its own offset; a quote's lines are marked one by one. A value is a release text
//!   or a text of the brand (an organisation's name, address, website, "about" text, end
//!   mark): the marks carry which file ([`File`]), so a warning in the letterhead points at
//!   the brand file.
//! - **Element marks**, from instrumented copies of the templates
//!   ([`super::trace`]): every template element (a run of text, one line at a time, an
//!   expression, a block, a partial) is preceded by a mark with its number, which names its
//!   template, line and column.
//!
//! So an error in markup a template wrote is placed in the template, and one in a release
//! value a template inserted (`{{{title}}}` with a `&` in the title) also in the release.
//!
//! A value mark is `OPEN [bK.]start.end[.offset] SEP … CLOSE` and an element mark
//! `ELEMENT id SEP`, with Unicode noncharacters (U+FDD0–U+FDD3, reserved for a program's
//! internal use; no font has them, so the font check refuses them in a release). `bK.`
//! names the K-th organisation's brand file (`Brand::organisations`); without it the span
//! is in the release file. With `.offset`, a value mark's content is the value's text from
//! that byte on, escaped and otherwise as written; without it, the mark only names the
//! value the content (e.g. a Markdown text's blocks) was made from. Value marks nest; the
//! innermost one decides. An element mark holds no content: the markup up to the next
//! element mark is that element's.

use std::borrow::Cow;
use std::ops::Range;

const OPEN: char = '\u{FDD0}';
const SEP: char = '\u{FDD1}';
const CLOSE: char = '\u{FDD2}';
const ELEMENT: char = '\u{FDD3}';

/// The file a value is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum File {
    /// The release file.
    Release,
    /// The brand file of the document brand's `k`-th organisation (in the order of
    /// `Brand::organisations`: the brand itself, then a joint release's partners).
    Brand(usize),
}

/// Where a value is: its file and the byte span of its content there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: File,
    pub span: Range<usize>,
}

impl Place {
    /// A value of the release file.
    pub fn release(span: &Range<usize>) -> Place {
        Place {
            file: File::Release,
            span: span.clone(),
        }
    }

    /// The head of a mark: `[bK.]start.end`.
    fn head(&self) -> String {
        let Range { start, end } = self.span;
        match self.file {
            File::Release => format!("{start}.{end}"),
            File::Brand(k) => format!("b{k}.{start}.{end}"),
        }
    }
}

/// `text`, from byte `offset` of the value at `place`, in its mark.
pub fn mark(place: &Place, offset: usize, text: &str) -> String {
    format!("{OPEN}{}.{offset}{SEP}{text}{CLOSE}", place.head())
}

/// `markup` made from the value at `place`, in a mark naming only the value.
pub fn mark_value(place: &Place, markup: &str) -> String {
    format!("{OPEN}{}{SEP}{markup}{CLOSE}", place.head())
}

/// The mark before template element number `id` (see [`super::trace`]).
pub fn element(id: usize) -> String {
    format!("{ELEMENT}{id}{SEP}")
}

/// A helper's parameter that is one marked text: the value's place, the text's offset in
/// it, and the text itself.
pub fn unmark(s: &str) -> Option<(Place, usize, &str)> {
    let body = s.strip_prefix(OPEN)?.strip_suffix(CLOSE)?;
    let (head, text) = body.split_once(SEP)?;
    if text.contains([OPEN, SEP, CLOSE, ELEMENT]) {
        return None;
    }
    let (place, offset) = head_of(head)?;
    Some((place, offset?, text))
}

/// `[bK.]start.end[.offset]`.
fn head_of(head: &str) -> Option<(Place, Option<usize>)> {
    let (file, numbers) = match head.strip_prefix('b') {
        Some(rest) => {
            let (k, rest) = rest.split_once('.')?;
            (File::Brand(k.parse().ok()?), rest)
        }
        None => (File::Release, head),
    };
    let mut numbers = numbers.split('.').map(|n| n.parse::<usize>().ok());
    let start = numbers.next()??;
    let end = numbers.next()??;
    let offset = match numbers.next() {
        Some(n) => Some(n?),
        None => None,
    };
    let place = Place {
        file,
        span: start..end,
    };
    numbers.next().is_none().then_some((place, offset))
}

/// `s` without its marks (for helper code that looks at the text it writes).
pub fn unmarked(s: &str) -> Cow<'_, str> {
    if !s.contains([OPEN, ELEMENT]) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut in_head = false;
    for c in s.chars() {
        match c {
            OPEN | ELEMENT => in_head = true,
            SEP => in_head = false,
            CLOSE => {}
            _ if !in_head => out.push(c),
            _ => {}
        }
    }
    Cow::Owned(out)
}

/// Where the markup between two offsets came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The stripped markup's bytes the mark held.
    pub content: Range<usize>,
    /// The value's place: its file and the span of its content there.
    pub place: Place,
    /// The content is the value's text from this byte on (escaped); `None`: the content
    /// was made from the value in some other way.
    pub offset: Option<usize>,
}

/// The marks of a marked rendering, as offsets into the markup without them.
#[derive(Debug)]
pub struct SourceMap {
    origins: Vec<Origin>,
    /// (offset in the markup, element number) of each element mark, by offset.
    elements: Vec<(usize, usize)>,
}

impl SourceMap {
    /// The map of `marked`, if it is `markup` once its marks are stripped: a template that
    /// rendered a marked text differently (a custom helper that parses it) maps nothing.
    pub fn new(marked: &str, markup: &str) -> Option<SourceMap> {
        let mut out = String::with_capacity(markup.len());
        let mut origins = Vec::new();
        let mut elements = Vec::new();
        let mut open: Vec<(usize, Place, Option<usize>)> = Vec::new();
        let mut rest = marked;
        while let Some(k) = rest.find([OPEN, CLOSE, SEP, ELEMENT]) {
            out.push_str(&rest[..k]);
            let c = rest[k..].chars().next()?;
            rest = &rest[k + c.len_utf8()..];
            match c {
                OPEN => {
                    let (head, tail) = rest.split_once(SEP)?;
                    let (place, offset) = head_of(head)?;
                    open.push((out.len(), place, offset));
                    rest = tail;
                }
                ELEMENT => {
                    let (id, tail) = rest.split_once(SEP)?;
                    elements.push((out.len(), id.parse().ok()?));
                    rest = tail;
                }
                CLOSE => {
                    let (start, place, offset) = open.pop()?;
                    origins.push(Origin {
                        content: start..out.len(),
                        place,
                        offset,
                    });
                }
                _ => return None,
            }
        }
        out.push_str(rest);
        (open.is_empty() && out == markup).then_some(SourceMap { origins, elements })
    }

    /// The marks holding byte `at` of the markup, innermost first.
    pub fn at(&self, at: usize) -> Vec<&Origin> {
        let mut found: Vec<&Origin> = self
            .origins
            .iter()
            .filter(|o| o.content.contains(&at))
            .collect();
        found.sort_by_key(|o| o.content.len());
        found
    }

    /// The template element that wrote byte `at` of the markup (the last element mark at
    /// or before it): the offset where its output starts, and its number.
    pub fn element_at(&self, at: usize) -> Option<(usize, usize)> {
        let after = self.elements.partition_point(|&(start, _)| start <= at);
        self.elements.get(after.checked_sub(1)?).copied()
    }
}

/// How many characters of text `markup` (escaped text, no tags) stands for: a character
/// reference (`&amp;`) is one.
pub fn text_chars(markup: &str) -> usize {
    let mut n = 0;
    let mut in_ref = false;
    for c in markup.chars() {
        match c {
            '&' => {
                in_ref = true;
                n += 1;
            }
            ';' if in_ref => in_ref = false,
            _ if in_ref => {}
            _ => n += 1,
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_strip_to_the_markup_and_map_back() {
        let value = Place::release(&(10..30));
        let inner = mark(&value, 4, "a &amp; b");
        let (e0, e1) = (element(0), element(1));
        let marked_value = mark_value(&value, &format!("x {inner}"));
        let marked = format!("{e0}<p>{e1}{marked_value}</p>");
        let map = SourceMap::new(&marked, "<p>x a &amp; b</p>").expect("strips to the markup");
        let at = "<p>x a &amp; ".len();
        let found = map.at(at);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].offset, Some(4));
        assert_eq!(found[0].content.start, "<p>x ".len());
        assert_eq!(found[1].offset, None);
        assert_eq!(map.element_at(0), Some((0, 0)));
        assert_eq!(map.element_at(at), Some(("<p>".len(), 1)));
        assert_eq!(text_chars("a &amp; "), 4);
        assert!(SourceMap::new(&marked, "<p>x a b</p>").is_none());
        assert_eq!(unmark(&inner), Some((value, 4, "a &amp; b")));
        assert_eq!(unmarked(&marked), "<p>x a &amp; b</p>");
    }

    /// A brand's value keeps its file through the mark: the same span in the release file
    /// and in a partner's brand file are different values.
    #[test]
    fn a_brand_value_names_its_file() {
        let brand = Place {
            file: File::Brand(1),
            span: 10..30,
        };
        let marked = format!(
            "{} {}",
            mark(&brand, 2, "x"),
            mark(&Place::release(&(10..30)), 2, "y")
        );
        let map = SourceMap::new(&marked, "x y").expect("strips to the markup");
        assert_eq!(map.at(0)[0].place.file, File::Brand(1));
        assert_eq!(map.at(2)[0].place.file, File::Release);
        assert_eq!(unmark(&mark(&brand, 2, "x")), Some((brand, 2, "x")));
        assert!(head_of("bx.1.2").is_none());
    }
}
