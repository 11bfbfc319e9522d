//! Names as they are printed for people, and as they are kept in the JSON report.
//!
//! A file name may hold any byte but `/` and NUL: a newline, a terminal escape sequence, bytes
//! that are not UTF-8. Printed raw, a release named `"x\nwrote fake.pdf.toml"` would forge a
//! `wrote fake.pdf` line in a CI log, and an escape sequence could rewrite the terminal. So
//! every human line shows names through [`path`] or [`text`]: lossy UTF-8 (U+FFFD for a byte
//! that is not), with control characters and the bidirectional overrides written as Rust
//! escapes (`\n`, `\u{1b}`, `\u{202e}`). The JSON report keeps every name exact instead: JSON
//! strings can hold any character, and a path that is not UTF-8 gets, beside its lossy
//! string, its raw bytes ([`raw_bytes`]).

use communique::Diagnostic;
use std::path::Path;

/// A path for a human line: lossy, control characters escaped.
pub fn path(p: &Path) -> String {
    text(&p.to_string_lossy())
}

/// Text for a human line: control characters (newlines too) escaped.
pub fn text(s: &str) -> String {
    escape(s, false)
}

/// A diagnostic for human output: its path escaped wholly; its message and hint keep their
/// own line breaks (a hint may have two lines) and lose every other control character.
pub fn diagnostic(d: &Diagnostic) -> Diagnostic {
    Diagnostic {
        path: escape(&d.path, false),
        message: escape(&d.message, true),
        hint: d.hint.as_deref().map(|h| escape(h, true)),
        ..d.clone()
    }
}

/// The bytes of a path that is not UTF-8 (and so is lossy in its string form); `None` for
/// one that is.
#[cfg(unix)]
pub fn raw_bytes(p: &Path) -> Option<Vec<u8>> {
    use std::os::unix::ffi::OsStrExt;
    p.to_str()
        .is_none()
        .then(|| p.as_os_str().as_bytes().to_vec())
}

/// Elsewhere a path is not bytes: the lossy string is all there is.
#[cfg(not(unix))]
pub fn raw_bytes(_: &Path) -> Option<Vec<u8>> {
    None
}

fn escape(s: &str, keep_newlines: bool) -> String {
    if !s.chars().any(needs_escape) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if (keep_newlines && c == '\n') || !needs_escape(c) {
            out.push(c);
        } else {
            out.extend(c.escape_default());
        }
    }
    out
}

/// C0, DEL and C1 controls, and the characters that reorder text on screen (the
/// "Trojan Source" overrides and isolates).
fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_cannot_forge_a_line() {
        assert_eq!(text("x\nwrote fake.pdf"), "x\\nwrote fake.pdf");
        assert_eq!(text("a\u{1b}[2Jb\tc\r"), "a\\u{1b}[2Jb\\tc\\r");
        assert_eq!(text("evil\u{202e}fdp.toml"), "evil\\u{202e}fdp.toml");
        assert_eq!(text("Één release.toml"), "Één release.toml");
    }

    #[test]
    fn messages_keep_their_own_line_breaks() {
        let d = Diagnostic::error("a\nb", "one\ntwo\u{7}").with_hint("h\u{1b}");
        let s = diagnostic(&d);
        assert_eq!(
            (s.path.as_str(), s.message.as_str()),
            ("a\\nb", "one\ntwo\\u{7}")
        );
        assert_eq!(s.hint.as_deref(), Some("h\\u{1b}"));
    }

    #[cfg(unix)]
    #[test]
    fn only_non_utf8_paths_carry_raw_bytes() {
        use std::os::unix::ffi::OsStrExt;
        let bad = Path::new(std::ffi::OsStr::from_bytes(b"caf\xe9.toml"));
        assert_eq!(raw_bytes(bad), Some(b"caf\xe9.toml".to_vec()));
        assert_eq!(path(bad), "caf\u{fffd}.toml");
        assert_eq!(raw_bytes(Path::new("café.toml")), None);
    }
}
