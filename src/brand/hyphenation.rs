//! The brand's hyphenation word lists (`[typography.<lang>] hyphenation`), TeX's
//! `\hyphenation`, read once when the brand is loaded.
//!
//! Takes the brand's per-language entries (`"Blan-ken-ber-ge"`, `"Vanhoutte"`), gives each
//! listed word's break points as character counts. Layout asks it for every word it may
//! hyphenate (`layout/hyphenate.rs`, `listed`), which adds what only a word in its text can
//! tell (edge punctuation, soft hyphens, byte offsets). It lives here, below layout, so the
//! lists are built once per brand and not once per document: `brand` may not import `layout`.

use std::collections::BTreeMap;

use compact_str::CompactString;
use rustc_hash::FxHashMap as HashMap;

use crate::lang::Lang;

use super::LangTypography;

/// A brand's hyphenation word lists, per language.
#[derive(Debug, Clone, Default)]
pub struct Exceptions {
    words: BTreeMap<Lang, List>,
}

/// One language's list.
#[derive(Debug, Clone, Default)]
struct List {
    /// The lower-cased word without its hyphens → how many characters stand before each
    /// break.
    words: HashMap<String, Vec<usize>>,
    /// The lower-cased first letters of the listed words: layout asks for every word it sets,
    /// and most start with none of them (lower-casing each word to look it up cost 4.5 % of
    /// a build with the Kustwacht brand's four place names, callgrind, 20 releases).
    firsts: Vec<char>,
    /// Bit `n` set where a listed word has `n` letters (the last bit: 63 or more); with
    /// `firsts`, most words are passed without building a key.
    lengths: u64,
}

/// No word listed: the lists of a shaper that was given none.
pub static NO_EXCEPTIONS: Exceptions = Exceptions {
    words: BTreeMap::new(),
};

impl Exceptions {
    /// The lists of a brand's typography tables.
    pub fn of(typography: &BTreeMap<Lang, LangTypography>) -> Exceptions {
        Exceptions::new(typography.iter().flat_map(|(lang, t)| {
            t.hyphenation
                .iter()
                .flatten()
                .map(move |word| (*lang, word.as_str()))
        }))
    }

    /// The lists from `(language, entry)` pairs; an entry is letters with a `-` at each break
    /// (the brand's check reports any other as an error; here it is skipped).
    pub fn new<'a>(entries: impl IntoIterator<Item = (Lang, &'a str)>) -> Exceptions {
        let mut words: BTreeMap<Lang, List> = BTreeMap::new();
        for (lang, entry) in entries {
            if !super::is_hyphenation_word(entry) {
                continue;
            }
            let pieces: Vec<&str> = entry.split('-').collect();
            let key: String = pieces
                .concat()
                .chars()
                .flat_map(char::to_lowercase)
                .collect();
            let counts = pieces[..pieces.len() - 1]
                .iter()
                .scan(0, |n, p| {
                    *n += p.chars().count();
                    Some(*n)
                })
                .collect();
            let list = words.entry(lang).or_default();
            list.firsts.extend(key.chars().next());
            list.lengths |= length_bit(key.chars().count());
            list.words.insert(key, counts);
        }
        for list in words.values_mut() {
            list.firsts.sort_unstable();
            list.firsts.dedup();
        }
        Exceptions { words }
    }

    /// Whether `lang` lists any word: most brands list none, so a caller can skip
    /// lower-casing each word.
    pub fn lists(&self, lang: Lang) -> bool {
        self.words.contains_key(&lang)
    }

    /// How many characters stand before each listed break of `word` (letters only, in any
    /// case) in `lang`; empty for a word listed without a hyphen, `None` when not listed or
    /// when lower-casing changes its length (`İ`), which would shift the counts.
    pub fn counts(&self, lang: Lang, word: &str) -> Option<&[usize]> {
        let list = self.words.get(&lang)?;
        let first = word.chars().next()?.to_lowercase().next()?;
        let letters = word.chars().count();
        if list.firsts.binary_search(&first).is_err() || list.lengths & length_bit(letters) == 0 {
            return None;
        }
        // Inline up to 24 bytes: no allocation for a word's key.
        let key: CompactString = word.chars().flat_map(char::to_lowercase).collect();
        if key.chars().count() != letters {
            return None;
        }
        list.words.get(key.as_str()).map(Vec::as_slice)
    }
}

/// The bit of [`List::lengths`] for a word of `letters` letters.
fn length_bit(letters: usize) -> u64 {
    1 << letters.min(63)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_become_character_counts_per_language() {
        let list = Exceptions::new([
            (Lang::Nl, "Blan-ken-ber-ge"),
            (Lang::Nl, "Vanhoutte"),
            (Lang::De, "Mül-ler"),
            (Lang::Nl, "bad entry"),
        ]);
        assert_eq!(list.counts(Lang::Nl, "blankenberge"), Some(&[4, 7, 10][..]));
        assert_eq!(list.counts(Lang::Nl, "BLANKENBERGE"), Some(&[4, 7, 10][..]));
        assert_eq!(list.counts(Lang::Nl, "Vanhoutte"), Some(&[][..]));
        assert_eq!(list.counts(Lang::Nl, "Brugge"), None);
        // Characters, not bytes: "Mül" is three.
        assert_eq!(list.counts(Lang::De, "müller"), Some(&[3][..]));
        assert_eq!(list.counts(Lang::Nl, "müller"), None);
        assert_eq!(list.counts(Lang::Nl, "bad entry"), None);
        assert!(!list.lists(Lang::Fr));
        assert!(!NO_EXCEPTIONS.lists(Lang::Nl));
    }
}
