//! The lopdf pass over printpdf's document: version, `/Info`, catalog entries, structure
//! tree, outline, XMP metadata and output intent, compression and a content-hash `/ID`.

use super::page::PageMarks;
use super::{icc, outline, structure, xmp, Meta, PdfA};
use crate::layout::PageTree;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use rustc_hash::FxHashMap as HashMap;
use std::sync::{Arc, Mutex};

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
    if meta.standard.has_xmp() {
        add_metadata(&mut doc, meta);
    }
    if meta.standard.pdfa.is_some() {
        add_output_intent(&mut doc);
    }
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
            let packed = PACKED.deflate(&stream.content);
            if packed.len() + 19 < stream.content.len() {
                stream.dict.set("Filter", name("FlateDecode"));
                stream.set_content(packed.to_vec());
            }
        }
        if let Object::Stream(stream) = object {
            unambiguous_end(stream);
        }
    }
}

/// Streams deflated earlier in this process, by content: the colour profile, and font subsets
/// that recur (the letterhead's face sets the same glyphs in every release of a brand), are
/// deflated once per process instead of once per document. Deflate is deterministic, so the
/// cache changes no byte of output.
static PACKED: PackedCache = PackedCache::new();

/// (plain, deflated) pairs by a hash of the plain data.
type Packed = HashMap<u64, Vec<(Arc<[u8]>, Arc<[u8]>)>>;

struct PackedCache {
    /// Bytes of plain data held, and the pairs.
    map: Mutex<(usize, Packed)>,
}

impl PackedCache {
    /// Streams shorter than this are deflated each time: looking them up costs about as much.
    const MIN_LEN: usize = 2048;
    /// Bytes of plain data the cache holds at most, so memory stays bounded in any batch.
    const MAX_BYTES: usize = 16 << 20;

    const fn new() -> PackedCache {
        PackedCache {
            map: Mutex::new((0, HashMap::with_hasher(rustc_hash::FxBuildHasher))),
        }
    }

    fn clear(&self) {
        *self.map.lock().unwrap_or_else(|e| e.into_inner()) = (0, HashMap::default());
    }

    fn deflate(&self, data: &[u8]) -> Arc<[u8]> {
        if data.len() < Self::MIN_LEN {
            return deflate(data, DEFLATE_LEVEL).into();
        }
        let key = {
            use std::hash::{BuildHasher, Hasher};
            let mut h = rustc_hash::FxBuildHasher.build_hasher();
            h.write(data);
            h.finish()
        };
        let lock = || self.map.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(bucket) = lock().1.get(&key) {
            if let Some((_, packed)) = bucket.iter().find(|(plain, _)| &plain[..] == data) {
                return Arc::clone(packed);
            }
        }
        let packed: Arc<[u8]> = deflate(data, DEFLATE_LEVEL).into();
        let mut guard = lock();
        let (bytes, map) = &mut *guard;
        if *bytes + data.len() <= Self::MAX_BYTES {
            *bytes += data.len();
            map.entry(key)
                .or_default()
                .push((data.into(), Arc::clone(&packed)));
        }
        packed
    }
}

/// Empties the process's cache of deflated streams (for benchmarks that measure a first
/// document, and for long-lived processes that want the memory back).
pub fn clear_stream_cache() {
    PACKED.clear();
}

/// lopdf writes `data \n endstream`. Data ending in a carriage return then reads as data
/// followed by a CR LF end-of-line, one byte shorter than `/Length` says, and PDF/A
/// validators flag it (page's `PDFA2*-STREAM-LENGTH-001`; ISO 19005-2 §6.1.7.1). It happens
/// to about one flate stream in 256 (the last byte is part of the Adler-32 checksum, so no
/// compression level avoids it); such data is hex-encoded on top, ending in `>`.
fn unambiguous_end(stream: &mut Stream) {
    if stream.content.last() != Some(&b'\r') {
        return;
    }
    let filters = match stream.dict.get(b"Filter") {
        Ok(Object::Name(f)) => vec![Object::Name(f.clone())],
        Ok(Object::Array(a)) => a.clone(),
        _ => Vec::new(),
    };
    let mut hex = Vec::with_capacity(stream.content.len() * 2 + 1);
    for b in &stream.content {
        hex.extend(format!("{b:02X}").bytes());
    }
    hex.push(b'>');
    let mut all = vec![name("ASCIIHexDecode")];
    all.extend(filters);
    stream.dict.set("Filter", Object::Array(all));
    stream.set_content(hex);
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

/// The XMP packet as the catalog's `/Metadata`, uncompressed so that it can be found and
/// read without a PDF parser (and its ids patched after serialization).
fn add_metadata(doc: &mut Document, meta: &Meta) {
    let dict = Dictionary::from_iter(vec![("Type", name("Metadata")), ("Subtype", name("XML"))]);
    let stream = Stream::new(dict, xmp::packet(meta).into_bytes()).with_compression(false);
    let id = doc.add_object(Object::Stream(stream));
    if let Ok(cat) = doc.catalog_mut() {
        cat.set("Metadata", Object::Reference(id));
    }
}

/// The PDF/A output intent: colours are sRGB (all of ours are `DeviceRGB`), with the profile
/// embedded (PDF/A-2 §6.2.3).
fn add_output_intent(doc: &mut Document) {
    let profile = Dictionary::from_iter(vec![("N", Object::Integer(3))]);
    let profile = doc.add_object(Object::Stream(Stream::new(profile, icc::srgb().to_vec())));
    let intent = Dictionary::from_iter(vec![
        ("Type", name("OutputIntent")),
        ("S", name("GTS_PDFA1")),
        (
            "OutputConditionIdentifier",
            Object::string_literal(icc::DESCRIPTION),
        ),
        ("Info", Object::string_literal(icc::DESCRIPTION)),
        ("DestOutputProfile", Object::Reference(profile)),
    ]);
    if let Ok(cat) = doc.catalog_mut() {
        cat.set(
            "OutputIntents",
            Object::Array(vec![Object::Dictionary(intent)]),
        );
    }
}

fn info(meta: &Meta) -> Dictionary {
    let date = Object::string_literal(pdf_date(meta.date_unix));
    let mut dict = Dictionary::from_iter(vec![
        ("Title", utf16(&meta.title)),
        ("Author", utf16(&meta.author)),
        ("Subject", utf16(&meta.subject)),
        ("Keywords", utf16(&meta.keywords.join(", "))),
        ("Creator", utf16(&meta.producer)),
        ("Producer", utf16(&meta.producer)),
        ("CreationDate", date.clone()),
        ("ModDate", date),
    ]);
    // The claims live in the XMP; poppler's `pdfinfo` reports a "PDF subtype" only from
    // these informal /Info keys (and only the first it finds, PDF/A before PDF/UA).
    match meta.standard.pdfa {
        Some(PdfA::U) => dict.set("GTS_PDFA1Version", Object::string_literal("PDF/A-2u")),
        Some(PdfA::A) => dict.set("GTS_PDFA1Version", Object::string_literal("PDF/A-2a")),
        None => {}
    }
    if meta.standard.ua {
        dict.set("GTS_PDFUAVersion", Object::string_literal("PDF/UA-1"));
    }
    dict
}

/// `D:YYYYMMDDHHmmSS+00'00'` in UTC. Dates outside chrono's range (±262 000 years) fall back
/// to the epoch rather than failing the document.
pub fn pdf_date(unix: i64) -> String {
    let t = chrono::DateTime::from_timestamp(unix, 0).unwrap_or_default();
    t.format("D:%Y%m%d%H%M%S+00'00'").to_string()
}

/// Serializes the document with `/ID` set to two copies of a hash of the document as written
/// with a zero id: the same content gets the same id in any process, and different content a
/// different one. The id is patched into the bytes, so the document is serialized once; the
/// XMP document and instance ids (written as [`xmp::ID_PLACEHOLDER`]) get the same hash.
fn with_content_id(doc: &mut Document) -> Vec<u8> {
    let zero = Object::String(vec![0; 16], StringFormat::Hexadecimal);
    doc.trailer
        .set("ID", Object::Array(vec![zero.clone(), zero]));
    let mut bytes = save(doc);
    let hash = fnv1a_128(&bytes);
    patch_xmp_ids(&mut bytes, hash);
    let placeholder = format!("<{}>", "00".repeat(16));
    let hex: String = hash
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

/// Replaces every `uuid:` + placeholder (only the uncompressed XMP packet holds them).
fn patch_xmp_ids(bytes: &mut [u8], hash: u128) {
    let needle = format!("uuid:{}", xmp::ID_PLACEHOLDER);
    let uuid = xmp::uuid(hash);
    let at: Vec<usize> = memchr::memmem::find_iter(bytes, needle.as_bytes()).collect();
    for at in at {
        bytes[at + 5..at + needle.len()].copy_from_slice(uuid.as_bytes());
    }
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::rfind(hay, needle)
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

    fn inflate(data: &[u8]) -> Vec<u8> {
        use std::io::Read;
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(data)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn packed_cache_gives_what_deflate_gives_and_keeps_large_streams() {
        let cache = PackedCache::new();
        let big: Vec<u8> = (0..10_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let a = cache.deflate(&big);
        assert_eq!(&a[..], &deflate(&big, DEFLATE_LEVEL)[..]);
        assert!(
            Arc::ptr_eq(&a, &cache.deflate(&big)),
            "second time from the cache"
        );
        let mut other = big.clone();
        other[5000] ^= 1;
        assert_eq!(
            inflate(&cache.deflate(&other)),
            other,
            "different data, own entry"
        );
        let small = b"short stream".repeat(10);
        assert!(!Arc::ptr_eq(&cache.deflate(&small), &cache.deflate(&small)));
    }

    #[test]
    fn dates_are_utc_pdf_dates() {
        // 2021-06-28 09:30:05 UTC
        assert_eq!(pdf_date(1_624_872_605), "D:20210628093005+00'00'");
        assert_eq!(pdf_date(0), "D:19700101000000+00'00'");
    }

    /// Guards the kustwacht example's font stream, whose deflated data ended in CR (0x0D):
    /// page read its `/Length` as one byte too long.
    #[test]
    fn no_stream_data_ends_in_a_carriage_return() {
        // Adler-32's low byte is (1 + sum of bytes) mod 65521 mod 256: 1 + 12 = 13, CR.
        let mut content = vec![0u8; 1000];
        content.push(12);
        let packed = deflate(&content, DEFLATE_LEVEL);
        assert_eq!(packed.last(), Some(&b'\r'), "the case this test is about");
        let mut doc = Document::with_version("1.7");
        let id = doc.add_object(Object::Stream(Stream::new(
            Dictionary::new(),
            content.clone(),
        )));
        compress(&mut doc);
        let stream = doc.get_object(id).unwrap().as_stream().unwrap();
        assert_ne!(stream.content.last(), Some(&b'\r'));
        assert_eq!(
            stream.dict.get(b"Filter").unwrap(),
            &Object::Array(vec![name("ASCIIHexDecode"), name("FlateDecode")])
        );
        let hex = &stream.content[..stream.content.len() - 1];
        let packed: Vec<u8> = hex
            .chunks(2)
            .map(|h| u8::from_str_radix(std::str::from_utf8(h).unwrap(), 16).unwrap())
            .collect();
        assert_eq!(inflate(&packed), content);
    }

    #[test]
    fn fnv1a_128_matches_reference_values() {
        // Reference values of the FNV-1a 128-bit test suite.
        assert_eq!(fnv1a_128(b""), 0x6c62272e07bb014262b821756295c58d);
        assert_eq!(fnv1a_128(b"a"), 0xd228cb696f1a8caf78912b704e4a8964);
    }
}
