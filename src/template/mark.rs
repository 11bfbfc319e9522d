//! Value marks: which release value, and which byte of it, each piece of markup came from.
//!
//! Layout reports an overfull or cut line at a byte of the markup it laid out, but the
//! templates keep no source map, and searching the release for the line's word guesses
//! wrong when the word, or a whole value, occurs twice. So for a document with such a
//! warning (few have one), the engine renders the templates a second time from a context
//! whose release texts are marked ([`context_marked`](super::context_marked)): each comes
//! wrapped in a mark naming its span in the release file and the offset of the text in
//! that value. Escaping passes marks through untouched; the `markdown` and `autolink`
//! helpers take a marked text apart and mark each piece of text they write with its own
//! offset; a quote's lines are marked one by one. [`SourceMap::new`] strips the marks
//! again: what is left must be the markup that was laid out (else nothing is located), and
//! the marks become a map from its offsets to the release. The build that has no warning
//! pays nothing.
//!
//! A mark is `OPEN start.end[.offset] SEP … CLOSE` with three Unicode noncharacters
//! (U+FDD0–U+FDD2, reserved for a program's internal use; no font has them, so the font
//! check refuses them in a release). With `.offset`, the content is the value's text from
//! that byte on, escaped and otherwise as written; without it, the mark only names the value
//! the content (e.g. a Markdown text's blocks) was made from. Marks nest; the innermost one
//! decides.

use std::borrow::Cow;
use std::ops::Range;

const OPEN: char = '\u{FDD0}';
const SEP: char = '\u{FDD1}';
const CLOSE: char = '\u{FDD2}';

/// `text`, from byte `offset` of the value whose content is at `span` in the release file,
/// in its mark.
pub fn mark(span: &Range<usize>, offset: usize, text: &str) -> String {
    format!(
        "{OPEN}{}.{}.{offset}{SEP}{text}{CLOSE}",
        span.start, span.end
    )
}

/// `markup` made from the value at `span`, in a mark naming only the value.
pub fn mark_value(span: &Range<usize>, markup: &str) -> String {
    format!("{OPEN}{}.{}{SEP}{markup}{CLOSE}", span.start, span.end)
}

/// A helper's parameter that is one marked text: the value's span, the text's offset in
/// it, and the text itself.
pub fn unmark(s: &str) -> Option<(Range<usize>, usize, &str)> {
    let body = s.strip_prefix(OPEN)?.strip_suffix(CLOSE)?;
    let (head, text) = body.split_once(SEP)?;
    if text.contains([OPEN, SEP, CLOSE]) {
        return None;
    }
    let (span, offset) = head_of(head)?;
    Some((span, offset?, text))
}

/// `start.end[.offset]`.
fn head_of(head: &str) -> Option<(Range<usize>, Option<usize>)> {
    let mut numbers = head.split('.').map(|n| n.parse::<usize>().ok());
    let start = numbers.next()??;
    let end = numbers.next()??;
    let offset = match numbers.next() {
        Some(n) => Some(n?),
        None => None,
    };
    numbers.next().is_none().then_some((start..end, offset))
}

/// `s` without its marks (for helper code that looks at the text it writes).
pub fn unmarked(s: &str) -> Cow<'_, str> {
    if !s.contains(OPEN) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut in_head = false;
    for c in s.chars() {
        match c {
            OPEN => in_head = true,
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
    /// The span of the value's content in the release file.
    pub span: Range<usize>,
    /// The content is the value's text from this byte on (escaped); `None`: the content
    /// was made from the value in some other way.
    pub offset: Option<usize>,
}

/// The marks of a marked rendering, as offsets into the markup without them.
#[derive(Debug)]
pub struct SourceMap {
    origins: Vec<Origin>,
}

impl SourceMap {
    /// The map of `marked`, if it is `markup` once its marks are stripped: a template that
    /// rendered a marked text differently (a custom helper that parses it) maps nothing.
    pub fn new(marked: &str, markup: &str) -> Option<SourceMap> {
        let mut out = String::with_capacity(markup.len());
        let mut origins = Vec::new();
        let mut open: Vec<(usize, Range<usize>, Option<usize>)> = Vec::new();
        let mut rest = marked;
        while let Some(k) = rest.find([OPEN, CLOSE, SEP]) {
            out.push_str(&rest[..k]);
            let c = rest[k..].chars().next()?;
            rest = &rest[k + c.len_utf8()..];
            match c {
                OPEN => {
                    let (head, tail) = rest.split_once(SEP)?;
                    let (span, offset) = head_of(head)?;
                    open.push((out.len(), span, offset));
                    rest = tail;
                }
                CLOSE => {
                    let (start, span, offset) = open.pop()?;
                    origins.push(Origin {
                        content: start..out.len(),
                        span,
                        offset,
                    });
                }
                _ => return None,
            }
        }
        out.push_str(rest);
        (open.is_empty() && out == markup).then_some(SourceMap { origins })
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
        let inner = mark(&(10..30), 4, "a &amp; b");
        let marked = format!("<p>{}</p>", mark_value(&(10..30), &format!("x {inner}")));
        let map = SourceMap::new(&marked, "<p>x a &amp; b</p>").expect("strips to the markup");
        let at = "<p>x a &amp; ".len();
        let found = map.at(at);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].offset, Some(4));
        assert_eq!(found[0].content.start, "<p>x ".len());
        assert_eq!(found[1].offset, None);
        assert_eq!(text_chars("a &amp; "), 4);
        assert!(SourceMap::new(&marked, "<p>x a b</p>").is_none());
        assert_eq!(unmark(&inner), Some((10..30, 4, "a &amp; b")));
        assert_eq!(unmarked(&marked), "<p>x a &amp; b</p>");
    }
}
