//! The XML escaping every `{{…}}` goes through, and that the helpers and the Markdown
//! converter use for the text they put into markup.
//!
//! A module of its own so that `helpers` (which calls the Markdown converter) and `markdown`
//! (which needs the escaping) do not import each other.

/// Escapes text for markup (XML): `& < > " '`. Characters XML 1.0 cannot carry at all
/// (most C0 controls) become U+FFFD, so user text can never make the markup ill-formed.
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    let mut plain = 0;
    for (i, c) in s.char_indices() {
        let replacement = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&apos;",
            '\t' | '\n' | '\r' => continue,
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => "\u{fffd}",
            _ => continue,
        };
        // Text between replacements is copied in one piece.
        out.push_str(&s[plain..i]);
        out.push_str(replacement);
        plain = i + c.len_utf8();
    }
    out.push_str(&s[plain..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_keeps_xml_well_formed() {
        assert_eq!(
            escape_xml("<a href=\"x\">O'Neil & co</a>"),
            "&lt;a href=&quot;x&quot;&gt;O&apos;Neil &amp; co&lt;/a&gt;"
        );
        assert_eq!(escape_xml("a\u{1}b\u{7}"), "a\u{fffd}b\u{fffd}");
        assert_eq!(escape_xml("é\t€\n"), "é\t€\n");
        assert_eq!(escape_xml("\u{ffff}x\u{fffe}&"), "\u{fffd}x\u{fffd}&amp;");
        assert_eq!(escape_xml(""), "");
    }
}
