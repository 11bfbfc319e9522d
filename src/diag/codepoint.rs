//! Characters named by code point: "U+00A0 no-break space", "U+0007 bell".
//!
//! A press officer cannot see a no-break space pasted from a word processor, a bell from a
//! terminal, or tell typographic quotes from TOML's straight ones in some fonts; a message
//! that says "unexpected character" leaves them staring at a line that looks right. So
//! every diagnostic that points at such a character names it.
//!
//! The names are those of the Unicode character database, lower-cased, for the characters
//! that get pasted into releases; a full name table (the `unicode_names2` crate) would add
//! about half a megabyte to the binary for characters nobody types by accident.

/// `U+00A0 no-break space`, or just `U+1F600` for a character without a name here.
pub fn describe(c: char) -> String {
    match name(c) {
        Some(n) => format!("U+{:04X} {n}", c as u32),
        None => format!("U+{:04X}", c as u32),
    }
}

/// Whether `c` is invisible or easily taken for another character, so that a message
/// about it must name it rather than show it.
pub fn is_deceptive(c: char) -> bool {
    // Line ends and tabs are what they look like.
    if matches!(c, '\n' | '\r' | '\t') {
        return false;
    }
    c.is_control() || (c != ' ' && name(c).is_some())
}

/// The first deceptive character of `s`, with its byte offset.
pub fn first_deceptive(s: &str) -> Option<(usize, char)> {
    s.char_indices()
        .find(|&(_, c)| is_deceptive(c) && c != '\t')
}

/// The control pictures block shows C0 controls as one visible character each
/// (U+2407 `␇` for the bell), so a source line with one keeps its columns when printed.
pub fn visible(c: char) -> char {
    match c {
        '\0'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        c if c.is_control() => '\u{fffd}',
        c => c,
    }
}

fn name(c: char) -> Option<&'static str> {
    if let Some(n) = control_name(c) {
        return Some(n);
    }
    Some(match c {
        '\u{a0}' => "no-break space",
        '\u{ad}' => "soft hyphen",
        '\u{2002}' => "en space",
        '\u{2003}' => "em space",
        '\u{2007}' => "figure space",
        '\u{2009}' => "thin space",
        '\u{200a}' => "hair space",
        '\u{200b}' => "zero width space",
        '\u{200c}' => "zero width non-joiner",
        '\u{200d}' => "zero width joiner",
        '\u{200e}' => "left-to-right mark",
        '\u{200f}' => "right-to-left mark",
        '\u{2028}' => "line separator",
        '\u{2029}' => "paragraph separator",
        '\u{202a}'..='\u{202e}' => "bidirectional formatting character",
        '\u{202f}' => "narrow no-break space",
        '\u{2060}' => "word joiner",
        '\u{2066}'..='\u{2069}' => "bidirectional isolate",
        '\u{3000}' => "ideographic space",
        '\u{feff}' => "zero width no-break space (byte order mark)",
        '\u{fffd}' => "replacement character",
        '\u{2018}' => "left single quotation mark",
        '\u{2019}' => "right single quotation mark",
        '\u{201a}' => "single low-9 quotation mark",
        '\u{201c}' => "left double quotation mark",
        '\u{201d}' => "right double quotation mark",
        '\u{201e}' => "double low-9 quotation mark",
        '\u{ab}' => "left-pointing double angle quotation mark",
        '\u{bb}' => "right-pointing double angle quotation mark",
        '\u{2032}' => "prime",
        '\u{2033}' => "double prime",
        '\u{ff02}' => "fullwidth quotation mark",
        '\u{ff1d}' => "fullwidth equals sign",
        '\u{2013}' => "en dash",
        '\u{2014}' => "em dash",
        '\u{2212}' => "minus sign",
        _ => return None,
    })
}

/// The C0 controls a release can plausibly hold (pasted from a terminal or an old file),
/// and DEL; the rest are named by their abbreviation's meaning too.
fn control_name(c: char) -> Option<&'static str> {
    const C0: [&str; 32] = [
        "null",
        "start of heading",
        "start of text",
        "end of text",
        "end of transmission",
        "enquiry",
        "acknowledge",
        "bell",
        "backspace",
        "tab",
        "line feed",
        "line tabulation",
        "form feed",
        "carriage return",
        "shift out",
        "shift in",
        "data link escape",
        "device control one",
        "device control two",
        "device control three",
        "device control four",
        "negative acknowledge",
        "synchronous idle",
        "end of transmission block",
        "cancel",
        "end of medium",
        "substitute",
        "escape",
        "file separator",
        "group separator",
        "record separator",
        "unit separator",
    ];
    match c {
        '\0'..='\u{1f}' => Some(C0[c as usize]),
        '\u{7f}' => Some("delete"),
        '\u{80}'..='\u{9f}' => Some("C1 control character"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_and_control_characters_are_named() {
        assert_eq!(describe('\u{a0}'), "U+00A0 no-break space");
        assert_eq!(describe('\u{7}'), "U+0007 bell");
        assert_eq!(describe('\u{1b}'), "U+001B escape");
        assert_eq!(describe('\u{201c}'), "U+201C left double quotation mark");
        assert_eq!(describe('é'), "U+00E9");
    }

    #[test]
    fn ordinary_text_is_not_deceptive() {
        assert_eq!(first_deceptive("Brüssel, 1 juni"), None);
        assert_eq!(first_deceptive("a\tb"), None);
        assert_eq!(first_deceptive("a\u{a0}b"), Some((1, '\u{a0}')));
    }

    #[test]
    fn controls_are_shown_as_control_pictures() {
        assert_eq!(visible('\u{7}'), '␇');
        assert_eq!(visible('\u{7f}'), '␡');
        assert_eq!(visible('a'), 'a');
    }
}
