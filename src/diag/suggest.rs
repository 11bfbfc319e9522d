//! "Did you mean …?": the nearest known key (or language code) for a misspelt one, for
//! releases and brands alike.
//!
//! Press officers write releases in Dutch and French, so besides typos (`titel`,
//! `sectoins`) they type the key in their own language (`datum`, `titre`), and a brand
//! officer writes `kleuren` or British `colours`. All lead to the English key the format
//! uses.

/// Dutch, French and British words for our keys that edit distance alone would not find.
/// An alias only applies where its target is one of the known keys.
const ALIASES: &[(&str, &str)] = &[
    // releases
    ("talen", "languages"),
    ("langues", "languages"),
    ("taal", "languages"),
    ("titre", "title"),
    ("tekst", "text"),
    ("texte", "text"),
    ("plaats", "place"),
    ("lieu", "place"),
    ("spreker", "speaker"),
    ("orateur", "speaker"),
    ("citaten", "quotes"),
    ("citations", "quotes"),
    ("secties", "sections"),
    ("kop", "heading"),
    ("intro", "lead"),
    ("chapeau", "lead"),
    ("soort", "kind"),
    ("naam", "name"),
    ("nom", "name"),
    ("functie", "role"),
    ("fonction", "role"),
    ("mail", "email"),
    ("telefoon", "phone"),
    ("referentie", "reference"),
    ("door", "by"),
    ("par", "by"),
    // brands
    ("colours", "colors"),
    ("kleuren", "colors"),
    ("couleurs", "colors"),
    ("adres", "address"),
    ("adresse", "address"),
    ("organization", "organisation"),
    ("organisatie", "organisation"),
    ("typografie", "typography"),
    ("typographie", "typography"),
];

/// Edits allowed before a key no longer counts as a misspelling of another.
const MAX_EDITS: usize = 2;

/// The known key `word` most likely stands for, if any is close enough.
pub(crate) fn nearest<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    let lower = word.to_lowercase();
    alias(&lower, known).or_else(|| closest(&lower, known))
}

fn alias<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    let target = ALIASES.iter().find(|(alias, _)| *alias == word)?.1;
    known.iter().copied().find(|k| *k == target)
}

/// Optimal string alignment counts a swap (`titel` → `title`) as one edit.
fn closest<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (strsim::osa_distance(word, k), *k))
        .filter(|&(d, k)| close_enough(d, k))
        .min_by_key(|&(d, _)| d)
        .map(|(_, k)| k)
}

/// Two edits turn any two-letter code into any other (`nl` → `fr`), so short keys
/// may differ in at most half their letters.
fn close_enough(distance: usize, key: &str) -> bool {
    distance <= MAX_EDITS && distance * 2 <= key.chars().count()
}

#[cfg(test)]
mod tests {
    use super::nearest;

    const LANG_KEYS: &[&str] = &["kind", "title", "lead", "quotes", "sections"];

    #[test]
    fn swapped_letters_find_the_key() {
        assert_eq!(nearest("titel", LANG_KEYS), Some("title"));
        assert_eq!(nearest("sectoins", LANG_KEYS), Some("sections"));
    }

    #[test]
    fn case_and_plural_slips_find_the_key() {
        assert_eq!(nearest("Title", LANG_KEYS), Some("title"));
        assert_eq!(nearest("quote", LANG_KEYS), Some("quotes"));
    }

    #[test]
    fn dutch_and_french_words_find_the_english_key() {
        assert_eq!(nearest("titre", LANG_KEYS), Some("title"));
        assert_eq!(nearest("chapeau", LANG_KEYS), Some("lead"));
        assert_eq!(nearest("datum", &["date", "languages"]), Some("date"));
    }

    #[test]
    fn alias_only_applies_where_its_target_is_known() {
        assert_eq!(nearest("titre", &["name", "role"]), None);
    }

    #[test]
    fn brand_words_find_the_brand_key() {
        let brand = ["organisation", "logo", "colors", "page", "typography"];
        assert_eq!(nearest("kleuren", &brand), Some("colors"));
        assert_eq!(nearest("Colours", &brand), Some("colors"));
        assert_eq!(nearest("organization", &brand), Some("organisation"));
    }

    #[test]
    fn one_letter_off_a_language_code_finds_it() {
        assert_eq!(nearest("fe", &["nl", "fr"]), Some("fr"));
        assert_eq!(nearest("es", &["nl", "fr", "de", "en"]), Some("en"));
    }

    #[test]
    fn unrelated_words_get_no_suggestion() {
        assert_eq!(nearest("colour", LANG_KEYS), None);
        // Two-letter language codes are all two edits apart; never guess between them.
        assert_eq!(nearest("es", &["nl", "fr"]), None);
        assert_eq!(nearest("NL", &["nl", "fr"]), Some("nl"));
    }
}
