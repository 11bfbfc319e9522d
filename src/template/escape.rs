//! The XML escaping every `{{…}}` goes through, and that the helpers and the Markdown
//! converter use for the text they put into markup.
//!
//! A module of its own so that `helpers` (which calls the Markdown converter) and `markdown`
//! (which needs the escaping) do not import each other.

/// Escapes text for markup (XML): `& < > " '`. Characters XML 1.0 cannot carry at all
/// (most C0 controls, U+FFFE, U+FFFF) become U+FFFD, so user text can never make the
/// markup ill-formed.
///
/// Scans bytes, not characters: every character it changes but two is ASCII, and a UTF-8
/// continuation byte never looks like one, so the usual run of plain text is skipped by a
/// table lookup per byte instead of a character decoded (this runs over every value a
/// template inserts and over the text of every web page).
pub fn escape_xml(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    let mut plain = 0;
    let mut i = 0;
    while let Some(skip) = bytes[i..].iter().position(|&b| SPECIAL[usize::from(b)]) {
        i += skip;
        let (replacement, len) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&apos;", 1),
            // U+FFFE and U+FFFF: EF BF BE, EF BF BF.
            0xef if matches!(bytes.get(i + 1..i + 3), Some([0xbf, 0xbe | 0xbf])) => ("\u{fffd}", 3),
            0xef => {
                i += 1;
                continue;
            }
            _ => ("\u{fffd}", 1),
        };
        out.push_str(&s[plain..i]);
        out.push_str(replacement);
        i += len;
        plain = i;
    }
    out.push_str(&s[plain..]);
    out
}

/// The bytes [`escape_xml`] stops at: C0 controls but tab, line feed and carriage return,
/// the five XML specials, and 0xEF (the lead byte of U+FFFE and U+FFFF, checked there).
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = !matches!(b as u8, b'\t' | b'\n' | b'\r');
        b += 1;
    }
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t[0xef] = true;
    t
};

#[cfg(test)]
mod tests {
    use super::*;

    /// The escaping as it was written first, character by character: the oracle.
    fn escape_by_chars(s: &str) -> String {
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

    #[test]
    fn escape_by_bytes_equals_escape_by_characters() {
        let pieces = [
            "a", "é", "€", "&", "<", ">", "\"", "'", "\t", "\n", "\r", "\u{1}", "\u{1f}",
            "\u{fffe}", "\u{ffff}", "\u{fffd}", "\u{feff}", "\u{fb01}", "\u{efff}", "😀", " ",
            "\u{a0}", "\u{202f}",
        ];
        // Every string of up to three pieces, and longer ones mixed deterministically.
        let mut n = 0u64;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let s = format!("{a}{b}{c}");
                    assert_eq!(escape_xml(&s), escape_by_chars(&s), "{s:?}");
                    n += 1;
                }
            }
        }
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..2000 {
            let mut s = String::new();
            for _ in 0..(seed % 40) {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                s.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            assert_eq!(escape_xml(&s), escape_by_chars(&s), "{s:?}");
            n += 1;
        }
        assert!(n > 10_000);
    }

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
