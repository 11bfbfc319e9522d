//! Layout's non-fatal problems as diagnostics in the release file.

use crate::diag::Diagnostic;

/// Warnings for overfull lines, placed at the line's longest word in the release file (the
/// word that would not break) when it can be found there. `source` is the release's text.
pub(super) fn overfull_warnings(path: &str, source: &str, lines: &[String]) -> Vec<Diagnostic> {
    lines
        .iter()
        .map(|text| {
            let d = Diagnostic::error(path, format!("overfull line: {text:?}"))
                .warning()
                .with_hint("no break point fits the column; shorten the word or add a space");
            let word = text
                .split_whitespace()
                .max_by_key(|w| w.len())
                .unwrap_or("");
            match source.find(word).filter(|_| !word.is_empty()) {
                Some(at) => d.at(source, at),
                None => d,
            }
        })
        .collect()
}
