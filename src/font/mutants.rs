//! Byte-flip mutants of a shipped face, one set per table: each must be refused at start-up
//! naming a table, or be harmless (every character it maps shapes, and the whole face
//! subsets). A mutant that passes start-up and then fails or panics when a release uses
//! it is what issue 16 found: every release of the batch failed, one by one.

use super::{check_face, open_face, shape_and_subset, PROBE};

/// How one mutant fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Verdict {
    /// Refused at start-up with a message naming a table.
    Refused,
    /// Accepted, and everything a release could ask of it works.
    Harmless,
    /// Refused, but the message names no table.
    RefusedUnnamed,
    /// Accepted, and then shaping or subsetting failed or panicked.
    Missed,
    /// The start-up check itself panicked.
    Panicked,
}

fn tables(data: &[u8]) -> Vec<(String, usize, usize)> {
    let be32 = |at: usize| u32::from_be_bytes(data[at..at + 4].try_into().unwrap()) as usize;
    let n = u16::from_be_bytes([data[4], data[5]]) as usize;
    (0..n)
        .map(|k| 12 + 16 * k)
        .map(|rec| {
            let tag = String::from_utf8_lossy(&data[rec..rec + 4]).into_owned();
            (tag, be32(rec + 8), be32(rec + 12))
        })
        .collect()
}

/// The bytes flipped in a table of `len` bytes: its first 24 (headers, counts and offsets,
/// where damage matters most) and 24 spread over the rest.
fn positions(len: usize) -> Vec<usize> {
    let mut at: Vec<usize> = (0..len.min(24)).collect();
    at.extend((0..24).map(|k| k * len / 24 + 7).filter(|&p| p < len));
    at.sort_unstable();
    at.dedup();
    at
}

/// Whether `message` names one of the face's tables (as ``` `tag` ``` or, in ttf-parser's
/// words, "the tag table").
fn names_a_table(message: &str, tags: &[String]) -> bool {
    tags.iter().any(|t| {
        let t = t.trim_end();
        message.contains(&format!("`{t}`")) || message.contains(&format!("the {t} table"))
    })
}

fn verdict(data: &[u8], tags: &[String]) -> Verdict {
    let checked = std::panic::catch_unwind(|| {
        let face = open_face("m.ttf", data)?;
        check_face("m.ttf", data, &face)
    });
    match checked {
        Err(_) => Verdict::Panicked,
        Ok(Err(d)) if names_a_table(&d.message, tags) => Verdict::Refused,
        Ok(Err(_)) => Verdict::RefusedUnnamed,
        Ok(Ok(())) if works(data) => Verdict::Harmless,
        Ok(Ok(())) => Verdict::Missed,
    }
}

/// Whether everything a release can ask of an accepted face works: shaping each character
/// its `cmap` maps (alone, and in the start-up probe's words), advances, and subsetting
/// every glyph (a release's subset is a part of that).
fn works(data: &[u8]) -> bool {
    std::panic::catch_unwind(|| {
        let face = rustybuzz::Face::from_slice(data, 0).unwrap();
        let mut chars = Vec::new();
        if let Some(cmap) = face.tables().cmap {
            for sub in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
                sub.codepoints(|c| chars.extend(char::from_u32(c)));
            }
        }
        // In runs of eight, so that lookups see neighbours too.
        for run in chars.chunks(8) {
            let mut buf = rustybuzz::UnicodeBuffer::new();
            buf.push_str(&run.iter().collect::<String>());
            buf.guess_segment_properties();
            rustybuzz::shape(&face, &[], buf);
        }
        for g in 0..face.number_of_glyphs() {
            face.glyph_hor_advance(ttf_parser::GlyphId(g));
        }
        let all: Vec<u16> = (0..face.number_of_glyphs()).collect();
        let map = subsetter::GlyphRemapper::new_from_glyphs(&all);
        shape_and_subset(&face, data).is_ok() && subsetter::subset(data, 0, &map).is_ok()
    })
    .unwrap_or(false)
}

#[test]
fn no_byte_flip_passes_start_up_and_fails_a_release() {
    assert!(!PROBE.is_empty());
    let original = super::embedded_faces()[0];
    let tags: Vec<String> = tables(original).into_iter().map(|t| t.0).collect();
    assert_eq!(verdict(original, &tags), Verdict::Harmless);
    let mut tally = std::collections::BTreeMap::<(String, Verdict), usize>::new();
    let mut bad = Vec::new();
    for (tag, offset, len) in tables(original) {
        for p in positions(len) {
            let mut data = original.to_vec();
            data[offset + p] ^= 0xff;
            let v = verdict(&data, &tags);
            *tally.entry((tag.clone(), v)).or_default() += 1;
            if v >= Verdict::RefusedUnnamed {
                let m = open_face("m.ttf", &data).and_then(|f| check_face("m.ttf", &data, &f));
                bad.push(format!(
                    "{tag} byte {p}: {v:?} {:?}",
                    m.err().map(|d| d.message)
                ));
            }
        }
    }
    eprintln!("{tally:#?}");
    assert!(bad.is_empty(), "{} mutants:\n{}", bad.len(), bad.join("\n"));
}
