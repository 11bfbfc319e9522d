//! Diagnostics: what went wrong, where (file, line:column), and what to do about it.
//!
//! Every stage reports problems as [`Diagnostic`]s, several at once where it can
//! (`Result<T, Vec<Diagnostic>>`). The CLI renders them as human text, short
//! `file:line:col: message` lines, or JSON.

pub mod codepoint;
mod keys;
pub(crate) mod located;
pub mod render;
pub(crate) mod suggest;
pub(crate) mod syntax;

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, located in a source file where possible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file the problem is in, as the user named it (or a template name).
    pub path: String,
    /// 1-based line; 0 when the problem has no position.
    pub line: usize,
    /// 1-based column in characters; 0 when the problem has no position.
    pub column: usize,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The source line the diagnostic points into, carried along so that the human form
    /// shows it under a caret without reading the file again (which may have changed, or
    /// be a template that exists only in memory). Left out of JSON, which has the position.
    #[serde(skip)]
    pub snippet: Option<Box<Snippet>>,
}

/// One line of source and the characters a diagnostic underlines in it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    /// The whole line, without its line break.
    pub line: String,
    /// How many characters, from the diagnostic's column on, the caret underlines (at least 1).
    pub width: usize,
}

impl Diagnostic {
    /// An error without a position in the file.
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: 0,
            column: 0,
            message: message.into(),
            hint: None,
            snippet: None,
        }
    }

    /// An error at a byte span of `source`.
    pub fn error_at(
        path: impl Into<String>,
        source: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::error(path, message).spanning(source, span)
    }

    /// Places the diagnostic at byte `offset` of `source`.
    pub fn at(self, source: &str, offset: usize) -> Diagnostic {
        self.spanning(source, offset..offset)
    }

    /// Places the diagnostic at the byte `span` of `source`, underlining it (up to the end
    /// of its first line) in the human form.
    pub fn spanning(mut self, source: &str, span: Range<usize>) -> Diagnostic {
        let start = floor_char_boundary(source, span.start.min(source.len()));
        let (line, column) = line_col(source, start);
        self.line = line;
        self.column = column;
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let text = source[line_start..line_end].trim_end_matches('\r');
        let end = floor_char_boundary(source, span.end.clamp(start, line_start + text.len()));
        let width = source[start..end].chars().count().max(1);
        self.snippet = Some(Box::new(Snippet {
            line: text.to_string(),
            width,
        }));
        self
    }

    /// Places the diagnostic at a known line and column (without a source line to show).
    pub fn at_line(mut self, line: usize, column: usize) -> Diagnostic {
        self.line = line;
        self.column = column;
        self.snippet = None;
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    pub fn warning(mut self) -> Diagnostic {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col: error: message`, one line (plus `hint:` after ` -- `).
    pub fn short(&self) -> String {
        let mut s = self.location();
        s.push_str(&format!(": {}: {}", self.severity_word(), self.message));
        if let Some(h) = &self.hint {
            s.push_str(&format!(" (hint: {h})"));
        }
        s
    }

    pub(crate) fn location(&self) -> String {
        if self.line == 0 {
            self.path.clone()
        } else {
            format!("{}:{}:{}", self.path, self.line, self.column)
        }
    }

    pub(crate) fn severity_word(&self) -> &'static str {
        match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Diagnostic {
    /// The human form without colour: see [`render::human`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&render::human(self, false))
    }
}

/// 1-based line and column (in characters) of byte `offset` in `source`.
fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Sorts diagnostics by file and position so output order never depends on map order.
pub(crate) fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let src = "a = 1\nnaam = \"é\"x";
        let off = src.find('x').unwrap();
        assert_eq!(line_col(src, off), (2, 11));
        assert_eq!(line_col(src, 0), (1, 1));
    }
}
