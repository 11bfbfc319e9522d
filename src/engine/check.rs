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

/// Byte offset in `source` of byte `i` of a string value whose content (between its
/// quotes) is at `span`. The content is read back as TOML reads it, so the offset is
/// exact also after an escape (`\"`, `\u00E9`) or a multi-line string's line-ending
/// backslash; a content that does not read back as the value gives the span's start.
pub(super) fn locate(source: &str, span: std::ops::Range<usize>, value: &str, i: usize) -> usize {
    let Some(raw) = source.get(span.clone()) else {
        return span.start;
    };
    if raw == value {
        return span.start + i;
    }
    match unescaped(raw) {
        Some((text, at)) if text == value => span.start + at.get(i).copied().unwrap_or(raw.len()),
        _ => span.start,
    }
}

/// A basic TOML string's content read back: the text and, for each of its bytes, the byte
/// of `raw` its character was written at. `None` for an escape TOML does not know.
fn unescaped(raw: &str) -> Option<(String, Vec<usize>)> {
    let mut text = String::with_capacity(raw.len());
    let mut at = Vec::with_capacity(raw.len());
    let mut chars = raw.char_indices().peekable();
    while let Some((k, c)) = chars.next() {
        let c = if c != '\\' {
            c
        } else {
            let (_, e) = chars.next()?;
            match e {
                'b' => '\u{8}',
                't' => '\t',
                'n' => '\n',
                'f' => '\u{c}',
                'r' => '\r',
                'e' => '\u{1b}',
                '"' => '"',
                '\\' => '\\',
                'x' | 'u' | 'U' => {
                    let digits = match e {
                        'x' => 2,
                        'u' => 4,
                        _ => 8,
                    };
                    let hex: String = (0..digits)
                        .filter_map(|_| chars.next().map(|(_, h)| h))
                        .collect();
                    char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?
                }
                // A line-ending backslash: the line break and the white space after it go.
                w if w.is_whitespace() => {
                    while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
                    continue;
                }
                _ => return None,
            }
        };
        text.push(c);
        at.resize(text.len(), k);
    }
    Some((text, at))
}
