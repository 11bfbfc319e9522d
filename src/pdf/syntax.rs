//! Tokens of content streams, written straight into bytes: names, integers, compact reals
//! and text strings. The objects around the content go through `pdf-writer` (`writer`);
//! the content streams are this crate's own, for their size: reals to four decimals without
//! trailing zeros (`pdf-writer` writes an `f32`'s shortest exact form, up to nine digits) and
//! glyph codes as literal strings (`page`).

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// `/name`, with bytes outside the regular printable ASCII set written as `#xx`.
pub fn name(buf: &mut Vec<u8>, s: &str) {
    buf.push(b'/');
    for &b in s.as_bytes() {
        let regular = b.is_ascii_graphic()
            && !matches!(
                b,
                b'#' | b'/' | b'%' | b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}'
            );
        if regular {
            buf.push(b);
        } else {
            buf.extend_from_slice(&[b'#', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        }
    }
}

pub fn int(buf: &mut Vec<u8>, v: i64) {
    let mut digits = [0u8; 20];
    let mut n = v.unsigned_abs();
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if v < 0 {
        buf.push(b'-');
    }
    buf.extend_from_slice(&digits[i..]);
}

/// A real to four decimals, without trailing zeros or a trailing point (`12.5`, `3`,
/// `-0.0625`); 1/10 000 of a point is far below anything a viewer shows. Not-a-number
/// becomes 0 and magnitudes are clamped to ±32 767 × 10⁴, well past any page coordinate.
pub fn real(buf: &mut Vec<u8>, v: f32) {
    let scaled = (f64::from(v) * 10_000.0).round();
    let scaled = if scaled.is_nan() {
        0
    } else {
        scaled.clamp(-3.2767e12, 3.2767e12) as i64
    };
    let (whole, frac) = (scaled / 10_000, (scaled % 10_000).unsigned_abs());
    if scaled < 0 && whole == 0 {
        buf.push(b'-');
    }
    int(buf, whole);
    if frac != 0 {
        let mut digits = [b'0'; 4];
        let mut n = frac;
        for d in digits.iter_mut().rev() {
            *d = b'0' + (n % 10) as u8;
            n /= 10;
        }
        let len = 4 - digits.iter().rev().take_while(|&&d| d == b'0').count();
        buf.push(b'.');
        buf.extend_from_slice(&digits[..len]);
    }
}

/// Two hex digits per byte.
pub fn hex_digits(buf: &mut Vec<u8>, bytes: &[u8]) {
    for &b in bytes {
        buf.extend_from_slice(&[HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
    }
}

/// A text string: UTF-16BE with a byte-order mark, as hex.
pub fn text(buf: &mut Vec<u8>, s: &str) {
    buf.extend_from_slice(b"<FEFF");
    for unit in s.encode_utf16() {
        hex_digits(buf, &unit.to_be_bytes());
    }
    buf.push(b'>');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(f: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut buf = Vec::new();
        f(&mut buf);
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn reals_have_four_decimals_at_most_and_no_trailing_zeros() {
        let cases = [
            (0.0, "0"),
            (-0.0, "0"),
            (3.0, "3"),
            (12.5, "12.5"),
            (-0.0625, "-0.0625"),
            (595.27563, "595.2756"),
            (-1.5, "-1.5"),
            (0.00004, "0"),
            (-0.00006, "-0.0001"),
            (f32::NAN, "0"),
            (1e30, "327670000"),
        ];
        for (v, want) in cases {
            assert_eq!(s(|b| real(b, v)), want, "{v}");
        }
    }

    #[test]
    fn integers_and_names() {
        assert_eq!(s(|b| int(b, 0)), "0");
        assert_eq!(s(|b| int(b, -120)), "-120");
        assert_eq!(s(|b| int(b, i64::MIN)), "-9223372036854775808");
        assert_eq!(s(|b| name(b, "CQSANR")), "/CQSANR");
        assert_eq!(s(|b| name(b, "A B#(")), "/A#20B#23#28");
    }

    #[test]
    fn text_strings_are_utf16_hex() {
        assert_eq!(s(|b| text(b, "é€")), "<FEFF00E920AC>");
        assert_eq!(s(|b| hex_digits(b, &[0, 0xAB])), "00AB");
    }
}
