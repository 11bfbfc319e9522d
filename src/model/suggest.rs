//! "Did you mean …?": the nearest known key for a misspelt one.
//!
//! Press officers write releases in Dutch and French, so besides typos (`titel`,
//! `sectoins`) they type the key in their own language (`datum`, `titre`). Both lead
//! to the English key the format uses.

/// Dutch and French words for our keys that edit distance alone would not find.
const ALIASES: &[(&str, &str)] = &[
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
];

/// Edits allowed before a key no longer counts as a misspelling of another.
const MAX_EDITS: usize = 2;

/// The known key `word` most likely stands for, if any is close enough.
pub(super) fn nearest<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
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
    fn unrelated_words_get_no_suggestion() {
        assert_eq!(nearest("colour", LANG_KEYS), None);
        // Two-letter language codes are all two edits apart; never guess between them.
        assert_eq!(nearest("es", &["nl", "fr"]), None);
        assert_eq!(nearest("NL", &["nl", "fr"]), Some("nl"));
    }
}
