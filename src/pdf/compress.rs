//! Deflate for streams: libdeflate, one compressor per thread, and a [`StreamCache`] of
//! streams deflated before, owned by whoever builds the documents (the engine).

use rustc_hash::FxHashMap as HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// Deflate level (libdeflate, 1–12). Level 1 uses libdeflate's cheaper hash-table match
/// finder: fewer instructions per document than level 4, for files only slightly larger
/// (figures in `bench/README.md`).
const LEVEL: u8 = 1;

/// `data` deflated, or `None` when that would not make the stream shorter (counting the
/// `/Filter /FlateDecode` entry it adds). Data that may recur in other documents comes with
/// the `cache` it goes through; the rest (page content, ToUnicode maps) is deflated directly.
pub fn deflate_if_shorter(data: &[u8], cache: Option<&StreamCache>) -> Option<Arc<[u8]>> {
    let packed = match cache {
        Some(cache) => cache.deflate(data),
        None => deflate(data, LEVEL).into(),
    };
    (packed.len() + 19 < data.len()).then_some(packed)
}

/// (plain, deflated) pairs by a hash of the plain data.
type Packed = HashMap<u64, Vec<(Arc<[u8]>, Arc<[u8]>)>>;

/// Streams deflated before, by content: the colour profile, and font subsets that recur (the
/// letterhead's face sets the same glyphs in every release of a brand), are deflated once
/// per cache instead of once per document. Deflate is deterministic, so the cache changes no
/// byte of output. One cache serves every thread that builds with it. It also keeps the sRGB
/// profile (`icc`), made once.
#[derive(Default)]
pub struct StreamCache {
    /// Bytes of plain data held, and the pairs.
    map: Mutex<(usize, Packed)>,
    srgb: OnceLock<Vec<u8>>,
}

impl StreamCache {
    /// Streams shorter than this are deflated each time: looking them up costs about as much.
    const MIN_LEN: usize = 2048;
    /// Bytes of plain data the cache holds at most, so memory stays bounded in any batch.
    /// What recurs (profile, logo, the letterhead's subset) comes with the first documents;
    /// most later font subsets are one-offs, so a few megabytes are plenty.
    const MAX_BYTES: usize = 4 << 20;

    /// An empty cache.
    pub fn new() -> StreamCache {
        StreamCache::default()
    }

    /// The sRGB profile's bytes.
    pub(super) fn srgb(&self) -> &[u8] {
        self.srgb.get_or_init(super::icc::srgb)
    }

    fn deflate(&self, data: &[u8]) -> Arc<[u8]> {
        if data.len() < Self::MIN_LEN {
            return deflate(data, LEVEL).into();
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
        let packed: Arc<[u8]> = deflate(data, LEVEL).into();
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

/// zlib-compresses `data` with libdeflate: whole-buffer compression, faster than zlib-rs at
/// the same level and a little smaller (`bench/README.md`). Each thread keeps
/// one compressor per level.
fn deflate(data: &[u8], level: u8) -> Vec<u8> {
    use libdeflater::{CompressionLvl, Compressor};
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<Option<(u8, Compressor)>> =
            const { std::cell::RefCell::new(None) };
    }
    COMPRESSOR.with_borrow_mut(|slot| {
        let z = match slot {
            Some((l, z)) if *l == level => z,
            _ => {
                let lvl = CompressionLvl::new(i32::from(level)).unwrap_or_default();
                &mut slot.insert((level, Compressor::new(lvl))).1
            }
        };
        let mut out = vec![0; z.zlib_compress_bound(data.len())];
        let len = z
            .zlib_compress(data, &mut out)
            .expect("the output buffer has the compress bound's size");
        out.truncate(len);
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inflate(data: &[u8]) -> Vec<u8> {
        miniz_oxide::inflate::decompress_to_vec_zlib(data).unwrap()
    }

    #[test]
    fn stream_cache_gives_what_deflate_gives_and_keeps_large_streams() {
        let cache = StreamCache::new();
        let big: Vec<u8> = (0..10_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let a = cache.deflate(&big);
        assert_eq!(&a[..], &deflate(&big, LEVEL)[..]);
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
    fn incompressible_data_stays_plain() {
        let cache = StreamCache::new();
        for shared in [None, Some(&cache)] {
            assert!(deflate_if_shorter(b"abc", shared).is_none());
            let data = b"abcabcabc".repeat(100);
            assert_eq!(inflate(&deflate_if_shorter(&data, shared).unwrap()), data);
        }
    }

    /// Guards the kustwacht example's font stream, whose deflated data ended in CR (0x0D):
    /// page read its `/Length` as one byte too long. The writer hex-encodes such data.
    #[test]
    fn deflated_data_can_end_in_a_carriage_return() {
        // Adler-32's low byte is (1 + sum of bytes) mod 65521 mod 256: 1 + 12 = 13, CR.
        let mut content = vec![0u8; 1000];
        content.push(12);
        let packed = deflate(&content, LEVEL);
        assert_eq!(packed.last(), Some(&b'\r'), "the case the writer handles");
    }
}
