//! The PDF file: objects through `pdf-writer`'s typed writers, plus what is ours around it —
//! streams deflated (through the engine's [`StreamCache`] where they recur) and guarded
//! against data that ends in CR, reals rounded to four decimals, and a `/ID` that is a hash
//! of the content.
//!
//! `pdf-writer` serializes each object into one buffer as it is written, in the order the
//! caller writes them, and writes the cross-reference table; a misspelt key does not
//! compile. Ids are handed out by [`Writer::alloc`] before or after an object is written, so
//! objects can refer forwards.

use super::compress::{self, StreamCache};
use super::syntax::hex_digits;
use pdf_writer::{Pdf, Settings, Str};
use std::sync::Arc;

pub use pdf_writer::{Name, Rect, Ref, TextStr};

/// The file being written: `pdf` takes the typed writers.
pub struct Writer<'a> {
    pub pdf: Pdf,
    /// The last id handed out.
    last: i32,
    /// Where recurring streams are deflated.
    cache: &'a StreamCache,
}

/// Where a stream's data goes through deflate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pack {
    /// Deflated when that makes it shorter.
    Deflate,
    /// The same, for data that recurs from document to document (the colour profile, the
    /// logo, the letterhead's font subset): deflated once per [`StreamCache`].
    DeflateShared,
}

/// A stream's data as it goes into the file, and the filters that undo it.
pub struct Packed<'d> {
    data: Data<'d>,
    deflated: bool,
    hexed: bool,
}

enum Data<'d> {
    Plain(&'d [u8]),
    Deflated(Arc<[u8]>),
    Hexed(Vec<u8>),
}

impl Packed<'_> {
    pub fn data(&self) -> &[u8] {
        match &self.data {
            Data::Plain(d) => d,
            Data::Deflated(d) => d,
            Data::Hexed(d) => d,
        }
    }

    /// Writes `/Filter` (if any) into the stream's dictionary.
    pub fn filter(&self, stream: &mut pdf_writer::Stream) {
        use pdf_writer::Filter;
        match (self.hexed, self.deflated) {
            (false, false) => {}
            (false, true) => {
                stream.filter(Filter::FlateDecode);
            }
            (true, false) => {
                stream.filter(Filter::AsciiHexDecode);
            }
            (true, true) => {
                stream
                    .insert(Name(b"Filter"))
                    .array()
                    .items([Name(b"ASCIIHexDecode"), Name(b"FlateDecode")]);
            }
        }
    }
}

/// The `/ID` strings while the file is hashed; they are patched afterwards. Bytes above 127,
/// so that `pdf-writer` writes them as hex strings, as long as the hash's hex.
const PLACEHOLDER_ID: [u8; 16] = [0xFF; 16];

impl<'a> Writer<'a> {
    /// Starts a PDF 1.7 file; `capacity` is a guess at its size.
    pub fn new(capacity: usize, cache: &'a StreamCache) -> Writer<'a> {
        let mut pdf = Pdf::with_settings_and_capacity(Settings { pretty: false }, capacity);
        // Bytes above 127 tell transfer tools the file is binary (PDF/A asks for four).
        pdf.set_binary_marker(b"\xE2\xE3\xCF\xD3");
        pdf.set_file_id((PLACEHOLDER_ID.to_vec(), PLACEHOLDER_ID.to_vec()));
        Writer {
            pdf,
            last: 0,
            cache,
        }
    }

    /// A new object id.
    pub fn alloc(&mut self) -> Ref {
        self.last += 1;
        Ref::new(self.last)
    }

    /// `data` as it goes into a stream: deflated if that makes it shorter, and hex-encoded
    /// on top when it would end in CR — such a stream reads as shorter than its `/Length`
    /// (the CR joins the LF before `endstream` as one end-of-line).
    pub fn pack<'d>(&self, data: &'d [u8], pack: Pack) -> Packed<'d> {
        let packed = match pack {
            Pack::Deflate => compress::deflate_if_shorter(data, None),
            Pack::DeflateShared => compress::deflate_if_shorter(data, Some(self.cache)),
        };
        let deflated = packed.is_some();
        let last = packed.as_deref().unwrap_or(data).last();
        if last == Some(&b'\r') {
            let data = packed.as_deref().unwrap_or(data);
            let mut hex = Vec::with_capacity(data.len() * 2 + 1);
            hex_digits(&mut hex, data);
            hex.push(b'>');
            return Packed {
                data: Data::Hexed(hex),
                deflated,
                hexed: true,
            };
        }
        let data = match packed {
            Some(p) => Data::Deflated(p),
            None => Data::Plain(data),
        };
        Packed {
            data,
            deflated,
            hexed: false,
        }
    }

    /// Writes a stream with no dictionary entries besides `/Length` and `/Filter`.
    pub fn stream(&mut self, r: Ref, data: &[u8], pack: Pack) {
        let packed = self.pack(data, pack);
        packed.filter(&mut self.pdf.stream(r, packed.data()));
    }

    /// Finishes the file with a cross-reference stream (PDF 1.5, allowed by PDF/A-2: one
    /// binary entry per object instead of a formatted 20-byte line, and the trailer in its
    /// dictionary). `/ID` is two copies of a hash of the file as written with a placeholder
    /// id, so the same content gets the same id in any process; `xmp_placeholder`, wherever
    /// it occurs (only in the uncompressed XMP packet), becomes the same hash as a UUID.
    pub fn finish(mut self, xmp_placeholder: &str) -> Vec<u8> {
        let xref = self.alloc();
        let mut buf = self.pdf.finish_with_xref_stream(xref);
        let hash = content_hash(&buf);
        let uuid = super::xmp::uuid(hash);
        let needle = format!("uuid:{xmp_placeholder}");
        let hits: Vec<usize> = memchr::memmem::find_iter(&buf, needle.as_bytes()).collect();
        for at in hits {
            buf[at + 5..at + needle.len()].copy_from_slice(uuid.as_bytes());
        }
        let mut placeholder = [0u8; 32];
        hex_digits_into(&mut placeholder, &PLACEHOLDER_ID);
        let mut id = [0u8; 32];
        hex_digits_into(&mut id, &hash.to_be_bytes());
        // The xref stream, and so the trailer's /ID, comes last.
        let from = memchr::memmem::rfind(&buf, b"/ID").expect("pdf-writer writes the /ID");
        let hits: Vec<usize> = memchr::memmem::find_iter(&buf[from..], &placeholder)
            .map(|at| from + at)
            .collect();
        debug_assert_eq!(hits.len(), 2, "both /ID strings");
        for at in hits {
            buf[at..at + 32].copy_from_slice(&id);
        }
        buf
    }
}

/// Two hex digits per byte of `bytes` into `out`.
fn hex_digits_into(out: &mut [u8], bytes: &[u8]) {
    let mut hex = Vec::with_capacity(out.len());
    hex_digits(&mut hex, bytes);
    out.copy_from_slice(&hex);
}

/// `v` rounded to four decimals, so that `pdf-writer` (which writes the shortest form that
/// reads back as the same `f32`) writes four decimals at most: 1/10 000 of a point is far
/// below anything a viewer shows.
pub fn compact(v: f32) -> f32 {
    ((f64::from(v) * 10_000.0).round() / 10_000.0) as f32
}

/// A rectangle of compact reals.
pub fn rect(x1: f32, y1: f32, x2: f32, y2: f32) -> Rect {
    Rect::new(compact(x1), compact(y1), compact(x2), compact(y2))
}

/// A literal string.
pub fn literal(bytes: &[u8]) -> Str<'_> {
    Str(bytes)
}

/// XXH3-128 of `bytes`: the same on every machine, and fast.
pub fn content_hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pdf_writer::Finish;

    #[test]
    fn a_file_has_an_xref_stream_and_a_content_id() {
        let cache = StreamCache::new();
        let mut w = Writer::new(0, &cache);
        let catalog = w.alloc();
        let pages = w.alloc();
        w.pdf.pages(pages).count(0).kids([]);
        w.pdf.catalog(catalog).pages(pages).finish();
        let bytes = w.finish("PLACEHOLDER");
        let text = String::from_utf8_lossy(&bytes);
        let xref = memchr::memmem::find(&bytes, b"3 0 obj\n<</Length").expect("object 3: xref");
        let stream = String::from_utf8_lossy(&bytes[xref..]);
        assert!(stream.contains("/Type/XRef"), "{text}");
        assert!(stream.contains("/Root 1 0 R"), "{text}");
        assert!(!text.contains("FFFFFFFF"), "{text}");
        let id = &text[text.find("/ID[<").unwrap() + 5..][..32];
        assert!(text.contains(&format!("/ID[<{id}><{id}>]")), "{text}");
        assert!(
            text.ends_with(&format!("startxref\n{xref}\n%%EOF")),
            "{text}"
        );
        let doc = lopdf::Document::load_mem(&bytes).expect("lopdf reads it");
        assert!(doc.catalog().is_ok());
    }

    #[test]
    fn the_id_is_a_hash_of_the_content() {
        let file = |count| {
            let cache = StreamCache::new();
            let mut w = Writer::new(0, &cache);
            let pages = w.alloc();
            w.pdf.pages(pages).count(count);
            w.finish("X")
        };
        let id = |f: &[u8]| {
            let at = memchr::memmem::find(f, b"/ID[<").unwrap() + 5;
            f[at..at + 32].to_vec()
        };
        assert_eq!(id(&file(0)), id(&file(0)));
        assert_ne!(id(&file(0)), id(&file(1)));
    }

    #[test]
    fn stream_data_never_ends_in_a_carriage_return() {
        let cache = StreamCache::new();
        let mut w = Writer::new(0, &cache);
        let r = w.alloc();
        // Too short to deflate, so written as it is, and hex-encoded for its CR.
        w.stream(r, b"abc\r", Pack::Deflate);
        let bytes = w.pdf.finish();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            text.contains("/Length 9/Filter/ASCIIHexDecode>>\nstream\n6162630D>\nendstream"),
            "{text}"
        );
    }

    #[test]
    fn compact_reals_have_four_decimals_at_most() {
        let cache = StreamCache::new();
        let mut w = Writer::new(0, &cache);
        let r = w.alloc();
        w.pdf
            .indirect(r)
            .array()
            .items([595.27563, 12.5, -0.0625, 3.0, 556.152_34].map(compact));
        let bytes = w.pdf.finish();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            text.contains("[595.2756 12.5 -0.0625 3 556.1523]"),
            "{text}"
        );
    }
}
