//! The PDF file format, written directly: numbered objects, dictionaries, arrays, strings,
//! streams, the cross-reference table and the trailer.
//!
//! Objects are serialized into one buffer as they are written, in the order the caller writes
//! them; nothing is kept as an object tree. Ids are handed out by [`Writer::alloc`] before or
//! after an object is written, so objects can refer forwards. Numbers are written in a fixed
//! format (reals to four decimals, see [`real`]), so the same document always gives the same
//! bytes.
//!
//! Dictionary values are written through closures, e.g.
//! `w.dict(id, |d| { d.name("Type", "Page").reference("Parent", pages); })`.

use super::compress::{self, StreamCache};

/// A reference to an indirect object (generation 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ref(u32);

/// The file being written.
pub struct Writer<'a> {
    buf: Vec<u8>,
    /// Where recurring streams are deflated.
    cache: &'a StreamCache,
    /// Byte offset of each object by id − 1; `usize::MAX` until it is written.
    offsets: Vec<usize>,
}

/// Where a stream's data goes through deflate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pack {
    /// Deflated when that makes it shorter.
    Deflate,
    /// The same, for data that recurs from document to document (the colour profile, the
    /// logo, the letterhead's font subset): deflated once per [`StreamCache`].
    DeflateShared,
    /// Left as it is (the XMP packet must be readable without a PDF parser).
    Plain,
}

impl<'a> Writer<'a> {
    /// Starts a PDF 1.7 file; `capacity` is a guess at its size.
    pub fn new(capacity: usize, cache: &'a StreamCache) -> Writer<'a> {
        let mut buf = Vec::with_capacity(capacity);
        // The comment's bytes above 127 tell transfer tools the file is binary (PDF/A asks
        // for at least four).
        buf.extend_from_slice(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
        Writer {
            buf,
            cache,
            offsets: Vec::new(),
        }
    }

    /// A new object id.
    pub fn alloc(&mut self) -> Ref {
        self.offsets.push(usize::MAX);
        Ref(self.offsets.len() as u32)
    }

    fn begin(&mut self, r: Ref) {
        let slot = &mut self.offsets[r.0 as usize - 1];
        debug_assert_eq!(*slot, usize::MAX, "object {} written twice", r.0);
        *slot = self.buf.len();
        int(&mut self.buf, i64::from(r.0));
        self.buf.extend_from_slice(b" 0 obj\n");
    }

    /// Writes object `r` as a dictionary.
    pub fn dict(&mut self, r: Ref, f: impl FnOnce(&mut Dict)) {
        self.begin(r);
        Dict::write(&mut self.buf, f);
        self.buf.extend_from_slice(b"\nendobj\n");
    }

    /// Writes object `r` as a stream of `data`; `f` adds dictionary entries besides
    /// `/Length` and `/Filter`.
    pub fn stream(&mut self, r: Ref, data: &[u8], pack: Pack, f: impl FnOnce(&mut Dict)) {
        let packed = match pack {
            Pack::Deflate => compress::deflate_if_shorter(data, None),
            Pack::DeflateShared => compress::deflate_if_shorter(data, Some(self.cache)),
            Pack::Plain => None,
        };
        let (data, deflated) = match &packed {
            Some(p) => (&p[..], true),
            None => (data, false),
        };
        // A stream whose data ends in CR reads as shorter than its /Length (the CR joins the
        // LF before `endstream` as one end-of-line); such data is hex-encoded on top.
        let hexed = (data.last() == Some(&b'\r')).then(|| hex_encode(data));
        self.begin(r);
        Dict::write(&mut self.buf, |d| {
            f(d);
            let len = hexed.as_ref().map_or(data.len(), Vec::len);
            d.int("Length", len as i64);
            match (hexed.is_some(), deflated) {
                (false, false) => {}
                (false, true) => {
                    d.name("Filter", "FlateDecode");
                }
                (true, false) => {
                    d.name("Filter", "ASCIIHexDecode");
                }
                (true, true) => {
                    d.array("Filter", |a| {
                        a.name("ASCIIHexDecode").name("FlateDecode");
                    });
                }
            }
        });
        self.buf.extend_from_slice(b"\nstream\n");
        self.buf.extend_from_slice(hexed.as_deref().unwrap_or(data));
        self.buf.extend_from_slice(b"\nendstream\nendobj\n");
    }

    /// Writes the cross-reference table and trailer and returns the file. `/ID` is two
    /// copies of a hash of the file as written with a zero id, so the same content gets the
    /// same id in any process; `xmp_placeholder`, wherever it occurs (only in the
    /// uncompressed XMP packet), becomes the same hash as a UUID.
    pub fn finish(mut self, root: Ref, info: Ref, xmp_placeholder: &str) -> Vec<u8> {
        let xref = self.buf.len();
        let size = self.offsets.len() + 1;
        self.buf.extend_from_slice(b"xref\n0 ");
        int(&mut self.buf, size as i64);
        self.buf.extend_from_slice(b"\n0000000000 65535 f\r\n");
        for &offset in &self.offsets {
            assert_ne!(offset, usize::MAX, "an allocated object was never written");
            let mut digits = [b'0'; 10];
            let mut n = offset;
            for d in digits.iter_mut().rev() {
                *d = b'0' + (n % 10) as u8;
                n /= 10;
            }
            self.buf.extend_from_slice(&digits);
            self.buf.extend_from_slice(b" 00000 n\r\n");
        }
        self.buf.extend_from_slice(b"trailer\n");
        let mut id_at = 0;
        Dict::write(&mut self.buf, |d| {
            d.int("Size", size as i64)
                .reference("Root", root)
                .reference("Info", info);
            d.key("ID");
            d.buf.push(b'[');
            id_at = d.buf.len();
            d.buf.extend_from_slice(ZERO_ID);
            d.buf.extend_from_slice(ZERO_ID);
            d.buf.push(b']');
        });
        self.buf.extend_from_slice(b"\nstartxref\n");
        int(&mut self.buf, xref as i64);
        self.buf.extend_from_slice(b"\n%%EOF\n");

        let hash = content_hash(&self.buf);
        let uuid = super::xmp::uuid(hash);
        let needle = format!("uuid:{xmp_placeholder}");
        let hits: Vec<usize> = memchr::memmem::find_iter(&self.buf, needle.as_bytes()).collect();
        for at in hits {
            self.buf[at + 5..at + needle.len()].copy_from_slice(uuid.as_bytes());
        }
        let mut hex = [0u8; 32];
        for (i, b) in hash.to_be_bytes().iter().enumerate() {
            hex[2 * i] = HEX[usize::from(b >> 4)];
            hex[2 * i + 1] = HEX[usize::from(b & 15)];
        }
        self.buf[id_at + 1..id_at + 33].copy_from_slice(&hex);
        self.buf[id_at + 35..id_at + 67].copy_from_slice(&hex);
        self.buf
    }
}

/// The `/ID` strings while the file is hashed.
const ZERO_ID: &[u8; 34] = b"<00000000000000000000000000000000>";

/// XXH3-128 of `bytes`: the same on every machine, and fast.
pub fn content_hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// A dictionary being written.
pub struct Dict<'a> {
    buf: &'a mut Vec<u8>,
}

impl Dict<'_> {
    fn write(buf: &mut Vec<u8>, f: impl FnOnce(&mut Dict)) {
        buf.extend_from_slice(b"<<");
        f(&mut Dict { buf });
        buf.extend_from_slice(b">>");
    }

    /// Writes `/key ` (every value follows a key).
    fn key(&mut self, key: &str) {
        name(self.buf, key);
        self.buf.push(b' ');
    }

    pub fn name(&mut self, key: &str, value: &str) -> &mut Self {
        self.key(key);
        name(self.buf, value);
        self
    }

    pub fn int(&mut self, key: &str, value: i64) -> &mut Self {
        self.key(key);
        int(self.buf, value);
        self
    }

    pub fn real(&mut self, key: &str, value: f32) -> &mut Self {
        self.key(key);
        real(self.buf, value);
        self
    }

    pub fn bool(&mut self, key: &str, value: bool) -> &mut Self {
        self.key(key);
        self.buf
            .extend_from_slice(if value { b"true" } else { b"false" });
        self
    }

    pub fn reference(&mut self, key: &str, value: Ref) -> &mut Self {
        self.key(key);
        reference(self.buf, value);
        self
    }

    /// A text string (UTF-16BE with a byte-order mark, hex-encoded): right for any text.
    pub fn text(&mut self, key: &str, value: &str) -> &mut Self {
        self.key(key);
        text(self.buf, value);
        self
    }

    /// A byte string written literally, `(…)`, escaped as needed (ASCII such as language
    /// tags and URIs).
    pub fn literal(&mut self, key: &str, value: &[u8]) -> &mut Self {
        self.key(key);
        literal(self.buf, value);
        self
    }

    pub fn dict(&mut self, key: &str, f: impl FnOnce(&mut Dict)) -> &mut Self {
        self.key(key);
        Dict::write(self.buf, f);
        self
    }

    pub fn array(&mut self, key: &str, f: impl FnOnce(&mut Array)) -> &mut Self {
        self.key(key);
        Array::write(self.buf, f);
        self
    }
}

/// An array being written.
pub struct Array<'a> {
    buf: &'a mut Vec<u8>,
    empty: bool,
}

impl Array<'_> {
    fn write(buf: &mut Vec<u8>, f: impl FnOnce(&mut Array)) {
        buf.push(b'[');
        f(&mut Array { buf, empty: true });
        buf.push(b']');
    }

    fn sep(&mut self) -> &mut Vec<u8> {
        if !std::mem::take(&mut self.empty) {
            self.buf.push(b' ');
        }
        self.buf
    }

    pub fn name(&mut self, value: &str) -> &mut Self {
        name(self.sep(), value);
        self
    }

    pub fn int(&mut self, value: i64) -> &mut Self {
        int(self.sep(), value);
        self
    }

    pub fn real(&mut self, value: f32) -> &mut Self {
        real(self.sep(), value);
        self
    }

    pub fn reference(&mut self, value: Ref) -> &mut Self {
        reference(self.sep(), value);
        self
    }

    pub fn null(&mut self) -> &mut Self {
        self.sep().extend_from_slice(b"null");
        self
    }

    pub fn dict(&mut self, f: impl FnOnce(&mut Dict)) -> &mut Self {
        Dict::write(self.sep(), f);
        self
    }

    pub fn array(&mut self, f: impl FnOnce(&mut Array)) -> &mut Self {
        Array::write(self.sep(), f);
        self
    }
}

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

pub fn reference(buf: &mut Vec<u8>, r: Ref) {
    int(buf, i64::from(r.0));
    buf.extend_from_slice(b" 0 R");
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

/// `(…)`: printable ASCII as itself, `(`, `)` and `\` escaped, everything else as an octal
/// escape, so the string survives any line-ending conversion.
pub fn literal(buf: &mut Vec<u8>, bytes: &[u8]) {
    buf.push(b'(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => buf.extend_from_slice(&[b'\\', b]),
            b' '..=b'~' => buf.push(b),
            _ => buf.extend_from_slice(&[
                b'\\',
                b'0' + (b >> 6),
                b'0' + ((b >> 3) & 7),
                b'0' + (b & 7),
            ]),
        }
    }
    buf.push(b')');
}

/// ASCIIHexDecode data: two digits per byte and the `>` end marker.
fn hex_encode(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() * 2 + 1);
    hex_digits(&mut out, data);
    out.push(b'>');
    out
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
    fn strings_escape_what_they_must() {
        assert_eq!(
            s(|b| literal(b, b"a(b)\\c\n\xE9")),
            "(a\\(b\\)\\\\c\\012\\351)"
        );
        assert_eq!(s(|b| text(b, "é€")), "<FEFF00E920AC>");
        assert_eq!(s(|b| hex_digits(b, &[0, 0xAB])), "00AB");
    }

    #[test]
    fn dictionaries_and_arrays_nest() {
        let got = s(|b| {
            Dict::write(b, |d| {
                d.name("Type", "Annot")
                    .array("Rect", |a| {
                        a.real(1.5).int(2).null().reference(Ref(7));
                    })
                    .dict("A", |d| {
                        d.literal("URI", b"https://x.example");
                    })
                    .bool("F", true);
            })
        });
        assert_eq!(
            got,
            "<</Type /Annot/Rect [1.5 2 null 7 0 R]/A <</URI (https://x.example)>>/F true>>"
        );
    }

    #[test]
    fn a_file_has_an_xref_entry_per_object_at_its_offset_and_a_content_id() {
        let cache = StreamCache::new();
        let mut w = Writer::new(0, &cache);
        let catalog = w.alloc();
        let pages = w.alloc();
        w.dict(pages, |d| {
            d.name("Type", "Pages").int("Count", 0);
            d.array("Kids", |_| {});
        });
        w.dict(catalog, |d| {
            d.name("Type", "Catalog").reference("Pages", pages);
        });
        let mut bytes = w.finish(catalog, pages, "PLACEHOLDER");
        // The binary comment, as ASCII, so that byte offsets are string offsets.
        bytes[10..14].copy_from_slice(b"%%%%");
        let text = String::from_utf8(bytes).unwrap();
        let xref = text.find("xref\n0 3\n").expect("xref");
        let entries: Vec<usize> = text[xref..]
            .lines()
            .skip(3)
            .take(2)
            .map(|l| l[..10].parse().unwrap())
            .collect();
        assert!(text[entries[0]..].starts_with("1 0 obj\n<</Type /Catalog"));
        assert!(text[entries[1]..].starts_with("2 0 obj\n<</Type /Pages"));
        assert!(!text.contains("<00000000000000000000000000000000>"));
        let id = &text[text.find("/ID [<").unwrap() + 6..][..32];
        assert!(text.contains(&format!("<{id}><{id}>")));
        assert!(text.ends_with(&format!("startxref\n{xref}\n%%EOF\n")));
    }

    #[test]
    fn stream_data_never_ends_in_a_carriage_return() {
        let cache = StreamCache::new();
        let mut w = Writer::new(0, &cache);
        let r = w.alloc();
        w.stream(r, b"abc\r", Pack::Plain, |_| {});
        let text = String::from_utf8_lossy(&w.buf);
        assert!(text.contains("/Length 9/Filter /ASCIIHexDecode>>\nstream\n6162630D>\nendstream"));
    }
}
