//! Hyphenation: where a word may break across lines, per language.
//!
//! Takes one word as it appears in the text (punctuation and all) and a [`Lang`], and gives the
//! byte offsets where the line breaker may end a line, each saying whether a hyphen must be
//! drawn there. Liang's patterns come from the `hypher` crate; this module adds the typographic
//! rules around them:
//!
//! * Soft hyphens (U+00AD) in the word are the author's choice: when present they are the only
//!   break points.
//! * Leading and trailing punctuation (quotes, brackets, commas, full stops) is left alone; only
//!   the letters are hyphenated.
//! * Words with digits or other non-letters inside (`COVID-19`, `2021`, URLs, e-mail addresses,
//!   `R&D`) are never broken.
//! * Words with a hyphen of their own (`Vice-Première`) break only after that hyphen, with no
//!   hyphen added, as TeX does: a second hyphen in a compound misleads the reader.
//! * Words with an apostrophe (`l’économie`, `zo’n`) are hyphenated only after it: the elided
//!   article or pronoun must stay with the word it leans on.
//! * All-capital words (acronyms: `NAVO`, `SNCB`) and words under [`MIN_WORD_LETTERS`] letters
//!   get no hyphens; no break within the first and last letters given by [`minima`].

use crate::lang::Lang;

/// Where a word may break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakPoint {
    /// Byte offset into the word: the line ends with `word[..offset]` and the next starts with
    /// `word[offset..]`. After a soft hyphen the offset lies after it; the caller drops U+00AD
    /// from the text it shapes.
    pub offset: usize,
    /// A hyphen must be drawn at the end of the line (a pattern or soft-hyphen break), as
    /// opposed to a break right after a hyphen already in the word.
    pub needs_hyphen: bool,
}

/// Words with fewer letters than this are never hyphenated: a break in a four-letter word saves
/// at most a letter or two and costs a hyphen and a stumble.
pub const MIN_WORD_LETTERS: usize = 5;

/// The soft hyphen, U+00AD.
pub const SOFT_HYPHEN: char = '\u{ad}';

/// The fewest letters to keep before and after a break, per language.
///
/// All four languages use 2 before and 3 after: a two-letter stub before the hyphen (`ge-`,
/// `dé-`, `ab-`) reads well as a prefix, but a two-letter fragment at the start of the next line
/// (`-en`, `-es`, `-er`) is easily missed at ~75 characters a line. This matches TeX's defaults
/// for English and French (`\lefthyphenmin=2`, `\righthyphenmin=3`); `hypher`'s own bounds for
/// Dutch, French and German (2, 2) are laxer than Belgian house style wants.
pub fn minima(lang: Lang) -> (usize, usize) {
    match lang {
        Lang::Nl | Lang::Fr | Lang::De | Lang::En => (2, 3),
    }
}

/// The break points of `word` in `lang`, in increasing order. See the module docs for the rules.
pub fn break_points(word: &str, lang: Lang) -> Vec<BreakPoint> {
    if word.contains(SOFT_HYPHEN) {
        return soft_hyphen_breaks(word);
    }
    let (base, core) = trim_punctuation(word);
    if core.is_empty() || !core.chars().all(is_word_char) {
        return Vec::new();
    }
    let (min_left, min_right) = minima(lang);
    if core.contains(is_hyphen) {
        return explicit_hyphen_breaks(core, min_left, min_right)
            .map(|offset| BreakPoint {
                offset: base + offset,
                needs_hyphen: false,
            })
            .collect();
    }
    let (part_base, part) = after_apostrophe(core);
    let letters = part.chars().filter(|c| is_letter(*c)).count();
    if letters < MIN_WORD_LETTERS || is_all_caps(part) {
        return Vec::new();
    }
    let mut offsets = Vec::new();
    pattern_breaks(part, hypher_lang(lang), &mut offsets);
    offsets
        .into_iter()
        .filter(|&o| part[..o].chars().count() >= min_left)
        .filter(|&o| part[o..].chars().count() >= min_right)
        .map(|o| BreakPoint {
            offset: base + part_base + o,
            needs_hyphen: true,
        })
        .collect()
}

fn hypher_lang(lang: Lang) -> hypher::Lang {
    match lang {
        Lang::Nl => hypher::Lang::Dutch,
        Lang::Fr => hypher::Lang::French,
        Lang::De => hypher::Lang::German,
        Lang::En => hypher::Lang::English,
    }
}

/// Every soft hyphen with a letter somewhere on each side; one at the edge of a word breaks
/// nothing.
fn soft_hyphen_breaks(word: &str) -> Vec<BreakPoint> {
    word.match_indices(SOFT_HYPHEN)
        .map(|(i, s)| i + s.len())
        .filter(|&o| word[..o].chars().any(is_letter) && word[o..].chars().any(is_letter))
        .map(|offset| BreakPoint {
            offset,
            needs_hyphen: true,
        })
        .collect()
}

/// Splits off leading and trailing punctuation: `(base, core)` with `core` starting at byte
/// `base` of `word`.
fn trim_punctuation(word: &str) -> (usize, &str) {
    let edge = |c: char| !c.is_alphanumeric();
    let start = word.trim_start_matches(edge);
    (word.len() - start.len(), start.trim_end_matches(edge))
}

/// The part after the last apostrophe, with its byte offset in `core`.
fn after_apostrophe(core: &str) -> (usize, &str) {
    match core.rfind(is_apostrophe) {
        Some(i) => {
            let len = core[i..].chars().next().map_or(1, char::len_utf8);
            (i + len, &core[i + len..])
        }
        None => (0, core),
    }
}

/// Byte offsets just after each hyphen that has enough letters on both sides and a letter
/// right after it (not `--` or `-’`).
fn explicit_hyphen_breaks(
    core: &str,
    min_left: usize,
    min_right: usize,
) -> impl Iterator<Item = usize> + '_ {
    core.match_indices(is_hyphen)
        .map(|(i, s)| i + s.len())
        .filter(move |&o| core[..o].chars().filter(|c| is_letter(*c)).count() >= min_left)
        .filter(move |&o| core[o..].chars().filter(|c| is_letter(*c)).count() >= min_right)
        .filter(|&o| core[o..].chars().next().is_some_and(is_letter))
}

/// Byte offsets inside `part` between `hypher`'s syllables. (`hypher` is built with its
/// `alloc` feature, so long Dutch and German compounds are hyphenated whole.)
fn pattern_breaks(part: &str, lang: hypher::Lang, out: &mut Vec<usize>) {
    syllable_offsets(part, lang, 0, out);
}

/// Pushes `base +` the offset of every syllable boundary of `word`.
fn syllable_offsets(word: &str, lang: hypher::Lang, base: usize, out: &mut Vec<usize>) {
    let mut offset = base;
    let mut syllables = hypher::hyphenate_bounded(word, lang, 1, 1).peekable();
    while let Some(syllable) = syllables.next() {
        offset += syllable.len();
        if syllables.peek().is_some() {
            out.push(offset);
        }
    }
}

fn is_letter(c: char) -> bool {
    c.is_alphabetic() || is_combining_mark(c)
}

/// Combining diacritics of decomposed text (`e` + U+0301 for `é`).
fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

fn is_hyphen(c: char) -> bool {
    c == '-' || c == '\u{2010}'
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2bc}')
}

fn is_word_char(c: char) -> bool {
    is_letter(c) || is_hyphen(c) || is_apostrophe(c)
}

/// An acronym: at least two letters, none lowercase.
fn is_all_caps(part: &str) -> bool {
    let mut letters = part.chars().filter(|c| c.is_alphabetic());
    letters.clone().count() >= 2 && letters.all(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word with `|` where a hyphen would be drawn and `/` where it breaks without one.
    fn show(word: &str, lang: Lang) -> String {
        let mut s = String::new();
        let mut last = 0;
        for b in break_points(word, lang) {
            s.push_str(&word[last..b.offset]);
            s.push(if b.needs_hyphen { '|' } else { '/' });
            last = b.offset;
        }
        s.push_str(&word[last..]);
        s
    }

    #[test]
    fn dutch_words() {
        assert_eq!(show("gedigitaliseerd", Lang::Nl), "ge|di|gi|ta|li|seerd");
        assert_eq!(show("onderzoekers", Lang::Nl), "on|der|zoe|kers");
        assert_eq!(show("Buitenlandse", Lang::Nl), "Bui|ten|landse");
        assert_eq!(show("persbericht", Lang::Nl), "pers|be|richt");
    }

    #[test]
    fn french_words() {
        assert_eq!(show("numérisation", Lang::Fr), "nu|mé|ri|sa|tion");
        assert_eq!(show("entrepreneurs", Lang::Fr), "en|tre|pre|neurs");
        assert_eq!(show("communiqué", Lang::Fr), "com|mu|ni|qué");
    }

    #[test]
    fn german_and_english_words() {
        assert_eq!(show("Pressemitteilung", Lang::De), "Pres|se|mit|tei|lung");
        assert_eq!(show("extensive", Lang::En), "ex|ten|sive");
    }

    #[test]
    fn language_selects_the_patterns() {
        assert_eq!(show("administration", Lang::Nl), "ad|mi|ni|stra|tion");
        assert_eq!(show("administration", Lang::Fr), "ad|mi|nis|tra|tion");
        assert_eq!(show("administration", Lang::En), "ad|min|is|tra|tion");
        assert_eq!(show("restaurant", Lang::De), "re|stau|rant");
    }

    #[test]
    fn offsets_are_bytes_of_the_original_word() {
        let word = "numérisation";
        let breaks = break_points(word, Lang::Fr);
        // nu|mé|ri: "mé" is three bytes.
        assert_eq!(breaks[0].offset, 2);
        assert_eq!(breaks[1].offset, 5);
        assert!(breaks.iter().all(|b| word.is_char_boundary(b.offset)));
    }

    #[test]
    fn minima_keep_two_letters_before_and_three_after() {
        // hypher alone gives "é|co|no|mie"; the one-letter stub does not survive.
        assert_eq!(show("économie", Lang::Fr), "éco|no|mie");
        for (word, lang) in [
            ("gedigitaliseerd", Lang::Nl),
            ("entrepreneurs", Lang::Fr),
            ("Donaudampfschiff", Lang::De),
            ("Agathe", Lang::Fr),
        ] {
            let letters = word.chars().count();
            for b in break_points(word, lang) {
                let before = word[..b.offset].chars().count();
                assert!(before >= 2 && letters - before >= 3, "{word} at {before}");
            }
        }
    }

    #[test]
    fn short_words_untouched() {
        for word in ["data", "over", "zijn", "fête", "oui"] {
            assert!(break_points(word, Lang::Nl).is_empty(), "{word}");
            assert!(break_points(word, Lang::Fr).is_empty(), "{word}");
        }
    }

    #[test]
    fn words_with_digits_untouched() {
        for word in [
            "COVID-19",
            "2021-2022",
            "B2B-platform",
            "3D-printer",
            "Windows11",
        ] {
            assert!(break_points(word, Lang::Nl).is_empty(), "{word}");
        }
    }

    #[test]
    fn acronyms_untouched() {
        for word in ["NAVO", "SNCB", "UNESCO", "BELGACOM", "(FOD)"] {
            assert!(break_points(word, Lang::Nl).is_empty(), "{word}");
        }
        // Capitalised words are not acronyms.
        assert!(!break_points("Vlaanderen", Lang::Nl).is_empty());
    }

    #[test]
    fn urls_and_email_untouched() {
        for word in [
            "https://www.example.be/persberichten",
            "www.communique.be",
            "pers@communique.be",
            "<pers@communique.be>,",
            "communique.be.",
            "en/of",
            "R&D",
        ] {
            assert!(break_points(word, Lang::Nl).is_empty(), "{word}");
        }
    }

    #[test]
    fn explicit_hyphen_breaks_only_after_it() {
        assert_eq!(show("Vice-Première", Lang::Fr), "Vice-/Première");
        assert_eq!(show("Noord-Brabant", Lang::Nl), "Noord-/Brabant");
        assert_eq!(
            show("Brussel-Hoofdstad-gebied", Lang::Nl),
            "Brussel-/Hoofdstad-/gebied"
        );
        assert!(break_points("Vice-Première", Lang::Fr)
            .iter()
            .all(|b| !b.needs_hyphen));
        // Too few letters on one side: "e-" would stand alone, "-EU" too.
        assert!(break_points("e-mail", Lang::En).is_empty());
        assert!(break_points("anti-EU", Lang::Fr).is_empty());
        // U+2010 HYPHEN counts as well.
        assert_eq!(
            show("Saint\u{2010}Gilles", Lang::Fr),
            "Saint\u{2010}/Gilles"
        );
    }

    #[test]
    fn soft_hyphens_are_the_only_breaks() {
        let word = "Buiten\u{ad}landse";
        assert_eq!(
            break_points(word, Lang::Nl),
            [BreakPoint {
                offset: "Buiten\u{ad}".len(),
                needs_hyphen: true
            }]
        );
        // Honoured even where the rules would refuse (digits, a short stub), but not at the
        // very edge of the word.
        assert_eq!(show("Win\u{ad}dows11", Lang::En), "Win\u{ad}|dows11");
        assert_eq!(show("a\u{ad}gent", Lang::En), "a\u{ad}|gent");
        assert!(break_points("\u{ad}woord", Lang::Nl).is_empty());
        assert!(break_points("woord\u{ad}", Lang::Nl).is_empty());
    }

    #[test]
    fn punctuation_around_the_word_is_skipped() {
        assert_eq!(show("«numérisation»,", Lang::Fr), "«nu|mé|ri|sa|tion»,");
        assert_eq!(show("(onderzoekers).", Lang::Nl), "(on|der|zoe|kers).");
        assert_eq!(
            show("\u{201c}gedigitaliseerd\u{201d}", Lang::Nl),
            "\u{201c}ge|di|gi|ta|li|seerd\u{201d}"
        );
        assert!(break_points("...", Lang::Nl).is_empty());
        assert!(break_points("", Lang::Nl).is_empty());
    }

    #[test]
    fn apostrophe_words_break_after_the_apostrophe() {
        assert_eq!(show("l\u{2019}économie", Lang::Fr), "l\u{2019}éco|no|mie");
        assert_eq!(show("d'entrepreneurs", Lang::Fr), "d'en|tre|pre|neurs");
        assert_eq!(show("zo\u{2019}n", Lang::Nl), "zo\u{2019}n");
        assert_eq!(show("aujourd\u{2019}hui", Lang::Fr), "aujourd\u{2019}hui");
        // A possessive apostrophe at the end is punctuation.
        assert_eq!(
            show("onderzoekers\u{2019}", Lang::Nl),
            "on|der|zoe|kers\u{2019}"
        );
    }

    #[test]
    fn long_compounds_are_hyphenated_without_panicking() {
        // Over hypher's inline limit, which panics without its `alloc` feature.
        let word = "arbeidsongeschiktheidsverzekeringsmaatschappijen";
        assert!(word.len() > hypher::MAX_INLINE_SIZE);
        assert_eq!(
            show(word, Lang::Nl),
            "ar|beids|on|ge|schikt|heids|ver|ze|ke|rings|maat|schap|pijen"
        );
        let german = "Donaudampfschifffahrtsgesellschaftskapitänswitwenrente";
        assert_eq!(
            show(german, Lang::De),
            "Do|nau|dampf|schiff|fahrts|ge|sell|schafts|ka|pi|täns|wit|wen|rente"
        );
        let accented = "anticonstitutionnellementééééééééééééééééééééé";
        for b in break_points(accented, Lang::Fr) {
            assert!(accented.is_char_boundary(b.offset));
        }
    }

    #[test]
    fn odd_input_does_not_panic() {
        for word in [
            "\u{ad}",
            "\u{ad}\u{ad}",
            "-",
            "--",
            "'",
            "a'",
            "''''",
            "e\u{301}conomie",
            "ÉCONOMIE",
            "ǅungla",
            "straße",
            "İstanbul",
            "x-",
            "-x-",
            "ab-cd-ef",
        ] {
            for lang in Lang::ALL {
                for b in break_points(word, lang) {
                    let ok = word.is_char_boundary(b.offset) && b.offset < word.len();
                    assert!(ok, "{word}");
                }
            }
        }
    }
}
