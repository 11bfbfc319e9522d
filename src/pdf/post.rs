//! The lopdf pass over printpdf's document: version, `/Info`, catalog entries, structure
//! tree, outline, compression and a content-hash `/ID`.

use super::page::PageMarks;
use super::{outline, structure, Meta};
use crate::layout::PageTree;
use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

/// Finishes the document and serializes it.
pub fn finish(mut doc: Document, tree: &PageTree, marks: &[PageMarks], meta: &Meta) -> Vec<u8> {
    doc.version = "1.7".into();
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let struct_root = structure::add(&mut doc, tree, marks, &pages);
    let heights: Vec<(ObjectId, f32)> = pages
        .iter()
        .zip(&tree.pages)
        .map(|(&id, p)| (id, p.height.0))
        .collect();
    let outline = outline::add(&mut doc, &tree.outline, &heights);
    set_catalog(&mut doc, meta, struct_root, outline);
    let info = doc.add_object(Object::Dictionary(info(meta)));
    doc.trailer.set("Info", Object::Reference(info));
    // printpdf's own /Info and empty resource dictionaries go; numbering restarts at 1.
    doc.prune_objects();
    doc.renumber_objects();
    compress(&mut doc);
    with_content_id(&mut doc)
}

/// Deflate level for streams (zlib-rs). lopdf's own `compress` uses 9 with miniz_oxide;
/// zlib-rs at 6 gives the same size for about half the instructions (`bench/README.md`).
const DEFLATE_LEVEL: u8 = 6;

/// Deflates every stream that has no filter yet.
fn compress(doc: &mut Document) {
    for object in doc.objects.values_mut() {
        if let Object::Stream(stream) = object {
            if !stream.allows_compression || stream.dict.has(b"Filter") {
                continue;
            }
            let packed = deflate(&stream.content, DEFLATE_LEVEL);
            if packed.len() + 19 < stream.content.len() {
                stream.dict.set("Filter", name("FlateDecode"));
                stream.set_content(packed);
            }
        }
    }
}

/// zlib-compresses `data`. Setting up a compressor costs more than deflating a small stream
/// (it clears about 200 KB of tables), so each thread keeps one and resets it per stream.
fn deflate(data: &[u8], level: u8) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<Option<(u8, Compress)>> =
            const { std::cell::RefCell::new(None) };
    }
    COMPRESSOR.with_borrow_mut(|slot| {
        let z = match slot {
            Some((l, z)) if *l == level => {
                z.reset();
                z
            }
            _ => {
                &mut slot
                    .insert((
                        level,
                        Compress::new(Compression::new(u32::from(level)), true),
                    ))
                    .1
            }
        };
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        loop {
            let consumed = z.total_in() as usize;
            let status = z
                .compress_vec(&data[consumed..], &mut out, FlushCompress::Finish)
                .expect("deflating into memory cannot fail");
            match status {
                Status::StreamEnd => return out,
                Status::Ok | Status::BufError => out.reserve(out.capacity().max(1024)),
            }
        }
    })
}

fn set_catalog(doc: &mut Document, meta: &Meta, struct_root: ObjectId, outline: Option<ObjectId>) {
    let Ok(cat) = doc.catalog_mut() else { return };
    cat.set("Lang", Object::string_literal(meta.lang.as_str()));
    cat.set(
        "MarkInfo",
        Object::Dictionary(Dictionary::from_iter(vec![(
            "Marked",
            Object::Boolean(true),
        )])),
    );
    cat.set("StructTreeRoot", Object::Reference(struct_root));
    let prefs = Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]);
    cat.set("ViewerPreferences", Object::Dictionary(prefs));
    match outline {
        Some(root) => {
            cat.set("Outlines", Object::Reference(root));
            cat.set("PageMode", name("UseOutlines"));
        }
        None => {
            cat.remove(b"Outlines");
            cat.set("PageMode", name("UseNone"));
        }
    }
}

fn info(meta: &Meta) -> Dictionary {
    let date = Object::string_literal(pdf_date(meta.date_unix));
    Dictionary::from_iter(vec![
        ("Title", utf16(&meta.title)),
        ("Author", utf16(&meta.author)),
        ("Subject", utf16(&meta.subject)),
        ("Keywords", utf16(&meta.keywords.join(", "))),
        ("Creator", utf16(&meta.producer)),
        ("Producer", utf16(&meta.producer)),
        ("CreationDate", date.clone()),
        ("ModDate", date),
    ])
}

/// `D:YYYYMMDDHHmmSS+00'00'` in UTC. Dates outside chrono's range (±262 000 years) fall back
/// to the epoch rather than failing the document.
pub fn pdf_date(unix: i64) -> String {
    let t = chrono::DateTime::from_timestamp(unix, 0).unwrap_or_default();
    t.format("D:%Y%m%d%H%M%S+00'00'").to_string()
}

/// Serializes the document with `/ID` set to two copies of a hash of the document as written
/// with a zero id: the same content gets the same id in any process, and different content a
/// different one. The id is patched into the bytes, so the document is serialized once.
fn with_content_id(doc: &mut Document) -> Vec<u8> {
    let zero = Object::String(vec![0; 16], StringFormat::Hexadecimal);
    doc.trailer
        .set("ID", Object::Array(vec![zero.clone(), zero]));
    let mut bytes = save(doc);
    let placeholder = format!("<{}>", "00".repeat(16));
    let hex: String = fnv1a_128(&bytes)
        .to_be_bytes()
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    // The trailer comes last, so its two placeholders are the last two occurrences.
    let mut end = bytes.len();
    for _ in 0..2 {
        let at = find_last(&bytes[..end], placeholder.as_bytes())
            .expect("the trailer holds the placeholder id");
        bytes[at + 1..at + 33].copy_from_slice(hex.as_bytes());
        end = at;
    }
    bytes
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn save(doc: &mut Document) -> Vec<u8> {
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("writing to a Vec cannot fail");
    out
}

/// 128-bit FNV-1a. Not cryptographic; the `/ID` only has to be stable and distinct.
pub fn fnv1a_128(bytes: &[u8]) -> u128 {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    bytes
        .iter()
        .fold(OFFSET, |h, &b| (h ^ u128::from(b)).wrapping_mul(PRIME))
}

pub fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

/// A text string as UTF-16BE with a byte-order mark: valid for any text, unlike
/// PDFDocEncoding.
pub fn utf16(s: &str) -> Object {
    let mut b = vec![0xFE, 0xFF];
    b.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(b, StringFormat::Hexadecimal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_pdf_dates() {
        // 2021-06-28 09:30:05 UTC
        assert_eq!(pdf_date(1_624_872_605), "D:20210628093005+00'00'");
        assert_eq!(pdf_date(0), "D:19700101000000+00'00'");
    }

    #[test]
    fn fnv1a_128_matches_reference_values() {
        // Reference values of the FNV-1a 128-bit test suite.
        assert_eq!(fnv1a_128(b""), 0x6c62272e07bb014262b821756295c58d);
        assert_eq!(fnv1a_128(b"a"), 0xd228cb696f1a8caf78912b704e4a8964);
    }
}
