//! The human form of a diagnostic, rustc/Typst style: the message, where it is, the source
//! line with a caret under the column, and the hint.
//!
//! ```text
//! error: invalid TOML: typographic quotes around a value
//!  --> r.toml:4:9
//!   |
//! 4 | title = “Titel”
//!   |         ^
//!   |
//!   = hint: write straight double quotes around it: title = "Titel"
//! ```
//!
//! The drawing is `annotate-snippets`' (rustc's own renderer): it lines up wide and
//! combining characters, tabs and long lines the way rustc does, which a hand-made
//! `" ".repeat(column)` does not. A diagnostic without a source line (a missing file, a
//! font, a position-less problem) keeps the short three-line form.
//!
//! Whether to colour is the caller's decision (the CLI's, from the terminal and the
//! user's options); this module only draws.

use super::codepoint::visible;
use super::{Diagnostic, Severity, Snippet};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer};

/// The human form, with ANSI colours if `color`; no trailing newline.
pub fn human(d: &Diagnostic, color: bool) -> String {
    match &d.snippet {
        Some(snippet) if d.line > 0 => with_source(d, snippet, color),
        _ => plain(d),
    }
}

fn with_source(d: &Diagnostic, snippet: &Snippet, color: bool) -> String {
    // Control characters would move the terminal's cursor (or ring it); shown as control
    // pictures they take one column each, so the caret stays under the right character.
    let line: String = snippet.line.chars().map(visible).collect();
    let span = byte_span(&line, d.column, snippet.width);
    let path = d.path.as_str();
    let source = annotate_snippets::Snippet::source(line.as_str())
        .line_start(d.line)
        .path(path)
        .annotation(AnnotationKind::Primary.span(span));
    let mut group: Group = level(d.severity)
        .primary_title(d.message.as_str())
        .element(source);
    if let Some(h) = &d.hint {
        group = group.element(Level::HELP.with_name("hint").message(h.as_str()));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&[group])
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    }
}

/// The bytes of `line` covering `width` characters from 1-based `column`; past the end of
/// the line (a problem at the end of the file) it is the empty span there.
fn byte_span(line: &str, column: usize, width: usize) -> std::ops::Range<usize> {
    let offset = |chars: usize| {
        line.char_indices()
            .nth(chars)
            .map_or(line.len(), |(i, _)| i)
    };
    let start = offset(column.saturating_sub(1));
    let end = offset(column.saturating_sub(1) + width.max(1));
    start..end
}

/// Message, location and hint, each on its own line.
fn plain(d: &Diagnostic) -> String {
    let mut s = format!(
        "{}: {}\n  --> {}",
        d.severity_word(),
        d.message,
        d.location()
    );
    if let Some(h) = &d.hint {
        s.push_str(&format!("\n  hint: {h}"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caret_stands_under_the_column_after_wide_characters() {
        let src = "date = 2021-06-28\ntitle = “Titel”\n";
        let at = src.find('“').unwrap();
        let d = Diagnostic::error_at("r.toml", src, at..at + 3, "typographic quotes")
            .with_hint("use straight ones");
        let out = human(&d, false);
        assert_eq!(
            out,
            "error: typographic quotes\n  --> r.toml:2:9\n   |\n2 | title = “Titel”\n   |         ^\n   |\n   = hint: use straight ones"
                .replace("  -->", " -->")
                .replace("   |", "  |")
                .replace("   =", "  =")
        );
    }

    #[test]
    fn a_control_character_is_drawn_as_its_picture() {
        let src = "title = \"Storm \u{7}op zee\"";
        let d = Diagnostic::error_at("r.toml", src, 15..16, "bell");
        let out = human(&d, false);
        assert!(out.contains("title = \"Storm ␇op zee\""), "{out}");
        assert!(!out.contains('\u{7}'), "{out}");
    }

    #[test]
    fn without_a_source_line_the_short_form_stays() {
        let d = Diagnostic::error("fonts/x.ttf", "no glyphs").with_hint("replace it");
        assert_eq!(
            human(&d, false),
            "error: no glyphs\n  --> fonts/x.ttf\n  hint: replace it"
        );
    }

    #[test]
    fn colour_only_when_asked() {
        let d = Diagnostic::error_at("r.toml", "a = b", 4..5, "x");
        assert!(!human(&d, false).contains('\u{1b}'));
        assert!(human(&d, true).contains('\u{1b}'));
    }
}
