//! Layout's non-fatal problems as diagnostics in the release file.
//!
//! Layout says where in the rendered markup an overfull or cut line's widest word was
//! written ([`Overfull::at`]); nothing is guessed from the line's text. The step from the
//! markup back to the release is carried, not searched for: the engine renders the
//! templates once more from a marked context, in which every release text names its span
//! in the release file and each piece of text the templates and helpers write names its
//! offset in that value ([`crate::template::mark`]). Stripped of its marks, that rendering
//! must be the markup that was laid out; the marks then say which value, and which byte of
//! it, the word came from, also when the same word or the same value occurs twice. A TOML
//! escape in the value is read back ([`locate`]), so the column is the word's own.
//!
//! A brand's printed texts (the organisation's name and address lines, short name, website,
//! "about" text, its own end mark) are marked the same way with their place in the brand
//! file, which the brand keeps from its one parse ([`crate::brand::BrandSource`]): a
//! warning in one of them points at the brand file (a joint release's partner's at its own).
//!
//! This runs only for a document that has such lines. A word from text neither file gave
//! (a label, a default end mark, a heading a helper writes, a custom template's own words)
//! is placed where a template wrote it (the same rendering marks each template element).
//! Where a custom template changes a release text before writing it (compares it, counts
//! it), the marked context renders differently and no value is located in that document:
//! each word is then placed at the template expression that wrote it, and the hint says
//! that the release line cannot be given (no guess). A word
//! inside a mark that names only its value (part of a Markdown text not written as it
//! stands, such as a link's printed address) is taken as the same occurrence of that word
//! in the value.

use super::check::locate;
use crate::brand::Brand;
use crate::diag::Diagnostic;
use crate::layout::Overfull;
use crate::model::Release;
use crate::template::mark::{text_chars, File, Origin, SourceMap};
use crate::template::{Marked, Templates};
use std::ops::Range;

/// A file values come from: its name, its text and its values with their spans.
pub(super) struct Source<'a> {
    pub path: &'a str,
    pub text: &'a str,
    values: Vec<(&'a Range<usize>, &'a str)>,
}

/// The files a document's values come from: the release file (`path`, its text `source`)
/// and the brand file of each of `brand`'s organisations, in [`File::Brand`]'s order.
pub(super) struct Files<'a> {
    release: Source<'a>,
    brands: Vec<Source<'a>>,
}

impl<'a> Files<'a> {
    pub fn new(path: &'a str, source: &'a str, release: &'a Release, brand: &'a Brand) -> Self {
        let release = Source {
            path,
            text: source,
            values: (release.texts().into_iter())
                .map(|v| (&v.span, v.value.as_str()))
                .collect(),
        };
        let brands: Vec<Source> = (brand.organisations())
            .map(|b| Source {
                path: &b.source.path,
                text: &b.source.text,
                values: b.texts(),
            })
            .collect();
        Files { release, brands }
    }

    fn get(&self, f: File) -> Option<&Source<'a>> {
        match f {
            File::Release => Some(&self.release),
            File::Brand(k) => self.brands.get(k),
        }
    }
}

/// Warnings for overfull lines, each at the word that would not fit: in the release file
/// (`path`, its text `source`) when the word came from one of the release's values, in the
/// brand file when it came from one of `brand`'s texts. `markup` is the markup the lines
/// were laid out from; `marked` gives the marks of the same templates rendered again, with
/// whether the values are marked in it (see `Engine::marked_markup`). A word neither file
/// gave, or any word when the values could not be marked (a custom template that changes
/// the texts it is given), is placed where a template wrote it, and the hint says why it is
/// not in the release.
#[allow(clippy::too_many_arguments)]
pub(super) fn overfull_warnings(
    path: &str,
    source: &str,
    release: &Release,
    brand: &Brand,
    markup: &str,
    templates: &Templates,
    marked: impl FnOnce() -> Option<(Marked, bool)>,
    lines: &[Overfull],
) -> Vec<Diagnostic> {
    if lines.is_empty() {
        return Vec::new();
    }
    let marked = marked();
    let files = Files::new(path, source, release, brand);
    let place_one = |d: Diagnostic, at: usize| -> Diagnostic {
        let Some((marked, values)) = &marked else {
            return d;
        };
        if *values {
            if let Some((src, pos)) = place(&files, markup, &marked.map, at) {
                return in_file(d, src.path).at(src.text, pos);
            }
        }
        match marked.element(markup, at) {
            Some(origin) => {
                let d = templates.at_origin(d, &origin);
                with_why(d, origin.inserted, *values)
            }
            None => d,
        }
    };
    lines
        .iter()
        .map(|line| {
            let d = warning(path, line);
            match line.at {
                Some(at) => place_one(d, at),
                None => d,
            }
        })
        .collect()
}

/// The warning for an overfull or cut line, not placed yet.
fn warning(path: &str, line: &Overfull) -> Diagnostic {
    if line.cut {
        let message = format!(
            "word too long for its column, cut without a hyphen: {:?}",
            line.text
        );
        Diagnostic::error(path, message).warning().with_hint(
            "shorten the word, add a soft hyphen (U+00AD) where it may break, or use a wider layout",
        )
    } else {
        Diagnostic::error(path, format!("overfull line: {:?}", line.text))
            .warning()
            .with_hint("no break point fits the column; shorten the word or add a space")
    }
}

fn in_file(d: Diagnostic, path: &str) -> Diagnostic {
    Diagnostic {
        path: path.to_string(),
        ..d
    }
}

/// `d`, placed in a template, with why it is not in the release: the template's own text;
/// an expression's output that is no release or brand text (a label, a date); or, when the
/// values could not be marked (`values` false), an expression the release line cannot be
/// found behind.
fn with_why(d: Diagnostic, inserted: bool, values: bool) -> Diagnostic {
    let why = match (inserted, values) {
        (false, _) => "the word is this template's own text",
        (true, true) => {
            "the word is not a text of the release or the brand: this expression wrote it \
             (a label, a date, a default text)"
        }
        (true, false) => {
            "this expression wrote the word; the templates change the texts they are given \
             (rendered again with the texts marked, they do not give the same markup), so \
             the warning cannot point at the line of the release"
        }
    };
    let hint = d.hint.clone().unwrap_or_default();
    d.with_hint(format!("{why}; {hint}"))
}

/// The file and position in it of the word at byte `at` of `markup`: in the innermost
/// mark that holds it and whose value is known.
pub(super) fn place<'s>(
    files: &'s Files<'s>,
    markup: &str,
    map: &SourceMap,
    at: usize,
) -> Option<(&'s Source<'s>, usize)> {
    map.at(at).into_iter().find_map(|origin| {
        let src = files.get(origin.place.file)?;
        let &(span, value) = src.values.iter().find(|(s, _)| **s == origin.place.span)?;
        let i = match origin.offset {
            Some(offset) => exact(value, offset, markup, origin, at),
            None => same_occurrence(
                value,
                &markup[origin.content.clone()],
                at - origin.content.start,
            ),
        }?;
        Some((src, locate(src.text, span.clone(), value, i)))
    })
}

/// Byte offset in `value` of byte `at` of the markup, in a mark whose content is the value's
/// text from byte `offset` on, escaped: as many characters on as the content holds before
/// `at`. The character there must be the markup's (else the mark did not hold the text as
/// written, and the next mark out decides).
fn exact(value: &str, offset: usize, markup: &str, origin: &Origin, at: usize) -> Option<usize> {
    let n = text_chars(&markup[origin.content.start..at]);
    let (k, c) = value.get(offset..)?.char_indices().nth(n)?;
    markup[at..].starts_with(c).then_some(offset + k)
}

/// Byte offset in `value` of the word at byte `at` of `rendering` (markup made from the
/// value): the word's n-th occurrence in the value when it is the n-th in the rendering.
fn same_occurrence(value: &str, rendering: &str, at: usize) -> Option<usize> {
    let in_markup = words(rendering, true);
    let (_, word) = in_markup.iter().find(|(i, _)| *i == at)?;
    let nth = in_markup
        .iter()
        .take_while(|(i, _)| *i < at)
        .filter(|(_, w)| w == word)
        .count();
    let (i, _) = words(value, false)
        .into_iter()
        .filter(|(_, w)| w == word)
        .nth(nth)?;
    Some(i)
}

/// The words (maximal runs of alphanumeric characters) of `s` with their byte offsets; in
/// `markup`, tags (`<…>`) and references (`&…;`) are skipped.
fn words(s: &str, markup: bool) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut word: Option<usize> = None;
    let mut skip_to: Option<char> = None;
    for (i, c) in s.char_indices() {
        if let Some(end) = skip_to {
            if c == end {
                skip_to = None;
            }
            continue;
        }
        if c.is_alphanumeric() {
            word.get_or_insert(i);
            continue;
        }
        if let Some(w) = word.take() {
            out.push((w, &s[w..i]));
        }
        if markup && (c == '<' || c == '&') {
            skip_to = Some(if c == '<' { '>' } else { ';' });
        }
    }
    if let Some(w) = word {
        out.push((w, &s[w..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::engine::{Assets, Engine, LayoutMode};

    const LONG_WORDS: &str = include_str!("../../tests/warnings/brands/long-words/brand.toml");

    /// The marked rendering of every example (and of the warning cases, with lists, tables,
    /// footnotes, quotes and escapes) strips back to the markup laid out, in every layout:
    /// otherwise a warning in it would not be located.
    #[test]
    fn marked_rendering_strips_to_the_markup() {
        let engine = Engine::new(Assets::embedded()).unwrap();
        let sources = [
            include_str!("../../examples/persbericht-wilmes.toml"),
            include_str!("../../examples/communique-trilingue.toml"),
            include_str!("../../examples/crisisupdate-stroompanne.toml"),
            include_str!("../../examples/kustwacht-stormwaarschuwing.toml"),
            include_str!("../../examples/statistiek-werkloosheid.toml"),
            include_str!("../../tests/warnings/markdown-link-and-list.toml"),
            include_str!("../../tests/warnings/escapes-before-the-word.toml"),
            include_str!("../../tests/warnings/contacts-same-role.toml"),
        ];
        for (k, source) in sources.iter().enumerate() {
            let release = engine.check("r.toml", source.as_bytes()).unwrap();
            // Also with the links printed as notes (`[links] print = "notes"`), which the
            // marked rendering must follow like the plain one.
            let mut notes = engine.brand_of(&release).into_owned();
            notes.file.links.print = crate::brand::LinkStyle::Notes;
            // And in a brand with its own "about" texts and end marks, alone and as a joint
            // release's partner: their texts are marked too.
            let own = crate::brand::Brand::load("brand.toml", LONG_WORDS, None).unwrap();
            let joint = crate::brand::Brand::joint(&notes, &[&own]);
            let brands = [engine.brand_of(&release).into_owned(), notes, own, joint];
            let langs = &release.languages;
            for (brand, mode) in brands.iter().flat_map(|b| {
                [
                    LayoutMode::Sequential,
                    LayoutMode::Parallel,
                    LayoutMode::Continuous,
                ]
                .map(|m| (b, m))
            }) {
                let Ok((_, markup)) = engine.lay_out_with(brand, &release, langs, mode) else {
                    continue;
                };
                let map = engine.marked_markup(brand, &release, langs, mode, &markup);
                let links = brand.file.links.print;
                assert!(map.is_some(), "source {k} in {mode:?}, links {links:?}");
            }
        }
    }
}
