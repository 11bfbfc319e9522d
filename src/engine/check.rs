//! The engine's own check of a release, after the model's: can the shipped fonts set it?

use crate::diag::Diagnostic;
use crate::font::FontBook;
use crate::model::Release;

/// Every character of every text must be in every face: a text may be set in any style.
/// `source` is the release's text, in which the errors are located.
pub(super) fn coverage_errors(
    fonts: &FontBook,
    path: &str,
    source: &str,
    release: &Release,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for text in release.texts() {
        for (i, c) in text.value.char_indices() {
            if c.is_whitespace() || c.is_control() || c == '\u{AD}' || fonts.all_cover(c) {
                continue;
            }
            let missing: Vec<&str> = fonts
                .faces()
                .filter(|(_, f)| !f.covers(c))
                .map(|(_, f)| f.name)
                .collect();
            if missing.is_empty() {
                continue;
            }
            let at = locate(source, text.span.clone(), &text.value, i);
            errors.push(
                Diagnostic::error(
                    path,
                    format!(
                        "no shipped font has the character {c:?} (U+{:04X})",
                        c as u32
                    ),
                )
                .at(source, at)
                .with_hint(format!(
                    "missing in {}; replace the character or pass --fonts with faces that have it",
                    missing.join(", ")
                )),
            );
        }
    }
    errors
}

/// A section text nested too deep for the stack, or linking to a scheme other than http,
/// https, mailto or tel, located in `source`.
pub(super) fn markdown_errors(path: &str, source: &str, release: &Release) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for section in release.texts.values().flat_map(|t| &t.sections) {
        let text = &section.text;
        for (i, message, hint) in crate::template::markdown_problems(&text.value) {
            let at = locate(source, text.span.clone(), &text.value, i);
            errors.push(
                Diagnostic::error(path, message)
                    .at(source, at)
                    .with_hint(hint),
            );
        }
    }
    errors
}

/// Warnings for the section texts of `langs`: footnote references without definitions and
/// unclosed emphasis, located in `source`.
pub(super) fn markdown_warnings(
    path: &str,
    source: &str,
    release: &Release,
    langs: &[crate::Lang],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let texts = langs.iter().filter_map(|l| release.texts.get(l));
    for section in texts.flat_map(|t| &t.sections) {
        let text = &section.text;
        for (i, message, hint) in crate::template::markdown_notices(&text.value) {
            let at = locate(source, text.span.clone(), &text.value, i);
            out.push(
                Diagnostic::error(path, message)
                    .warning()
                    .at(source, at)
                    .with_hint(hint),
            );
        }
    }
    out
}

/// Byte offset in `source` of byte `i` of a string value found at `span`: exact when the
/// value appears verbatim (no escapes) inside the span, else the start of the value.
pub(super) fn locate(source: &str, span: std::ops::Range<usize>, value: &str, i: usize) -> usize {
    source
        .get(span.clone())
        .and_then(|raw| raw.find(value))
        .map_or(span.start, |k| span.start + k + i)
}
