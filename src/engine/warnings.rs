//! Layout's non-fatal problems as diagnostics in the release file.
//!
//! Layout says where in the rendered markup an overfull line's widest word was written
//! ([`Overfull::at`]); nothing is guessed from the line's text. What is left is the step
//! from the markup back to the release, through the templates, which keep no source map.
//! They insert a release value in one of a few ways: escaped by `{{…}}` (whole, or a
//! quote's text line by line), as `{{{markdown text lang}}}` or as `{{{autolink …}}}`.
//! Each value's renderings are found in the markup; the longest one that covers the word
//! is the value it came from. Within it, the word's occurrence (the n-th time that word
//! appears in the rendering's text, tags and references skipped) is taken as its n-th
//! occurrence in the value, which [`locate`] turns into a position in the TOML.
//!
//! This runs only for a document that has overfull lines. Its limits: a word in text the
//! release did not give (a label, the brand's name) is not located; a template that
//! changes a value in another way (a custom helper) leaves its words unlocated; and a
//! word that also appears in a Markdown link's target may be counted one occurrence off.
//! An exact map would need the templates to carry the value's identity into the markup
//! (markers that the markup parser strips), which costs every build, not only the rare one
//! with an overfull line.

use super::check::locate;
use crate::diag::Diagnostic;
use crate::layout::Overfull;
use crate::model::{Located, Release};

/// Warnings for overfull lines, each at the word that would not fit in the release file
/// (`source`, its text) when the word came from one of the release's values. `markup` is
/// the markup the lines were laid out from.
pub(super) fn overfull_warnings(
    path: &str,
    source: &str,
    release: &Release,
    markup: &str,
    lines: &[Overfull],
) -> Vec<Diagnostic> {
    if lines.is_empty() {
        return Vec::new();
    }
    let renderings = renderings(release);
    lines
        .iter()
        .map(|line| {
            let d = if line.cut {
                Diagnostic::error(
                    path,
                    format!("word too long for its column, cut without a hyphen: {:?}", line.text),
                )
                .warning()
                .with_hint("shorten the word, add a soft hyphen (U+00AD) where it may break, or use a wider layout")
            } else {
                Diagnostic::error(path, format!("overfull line: {:?}", line.text))
                    .warning()
                    .with_hint("no break point fits the column; shorten the word or add a space")
            };
            match line
                .at
                .and_then(|at| place(source, markup, &renderings, at))
            {
                Some(pos) => d.at(source, pos),
                None => d,
            }
        })
        .collect()
}

/// A way a release value can appear in the markup.
struct Rendering<'r> {
    value: &'r Located<String>,
    markup: String,
}

/// Every release value's possible renderings in the markup
/// ([`renderings`](crate::template::renderings)).
fn renderings(release: &Release) -> Vec<Rendering<'_>> {
    let mut out = Vec::new();
    for value in release.texts() {
        let forms = crate::template::renderings(&value.value);
        out.extend(forms.into_iter().map(|markup| Rendering { value, markup }));
    }
    out
}

/// The position in `source` of the word at byte `at` of `markup`.
fn place(source: &str, markup: &str, renderings: &[Rendering], at: usize) -> Option<usize> {
    let (start, r) = renderings
        .iter()
        .flat_map(|r| {
            markup
                .match_indices(r.markup.as_str())
                .map(move |(start, _)| (start, r))
        })
        .filter(|(start, r)| (*start..start + r.markup.len()).contains(&at))
        .max_by_key(|(_, r)| r.markup.len())?;
    let in_markup = words(&r.markup, true);
    let (_, word) = in_markup.iter().find(|(i, _)| start + i == at)?;
    let nth = in_markup
        .iter()
        .take_while(|(i, _)| start + i < at)
        .filter(|(_, w)| w == word)
        .count();
    let (i, _) = words(&r.value.value, false)
        .into_iter()
        .filter(|(_, w)| w == word)
        .nth(nth)?;
    Some(locate(source, r.value.span.clone(), &r.value.value, i))
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
