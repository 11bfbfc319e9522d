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
//!   article or pronoun must stay with the word it leans on; but a clitic of one or two
//!   letters after it (`programma’s`) leans on the word before, which is hyphenated instead.
//! * All-capital words (acronyms: `NAVO`, `SNCB`) and words under [`MIN_WORD_LETTERS`] letters
//!   get no hyphens; no break within the first and last letters given by [`minima`] (TeX's
//!   per language).
//!
//! # What is never hyphenated
//!
//! A word handed over here is often only a piece of what the reader sees as one: the line
//! breaker splits `https://crisis.be/incident-melden` after `/` and `-`, and `B2B-platform`
//! after its hyphen, before each piece comes here. So the caller passes a [`Context`], made by
//! [`Context::at`] from the whole paragraph, which carries what the piece alone cannot tell:
//! the whitespace-delimited *token* it belongs to, and whether it starts a sentence. The rules,
//! each checked by [`hyphen_allowed`] and named in [`Untouchable`]:
//!
//! * [`Untouchable::Address`]: a piece of a URL, e-mail address, `@handle` or `#hashtag`. A
//!   hyphen drawn inside a printed address makes a wrong address (`incident-mel-den`); a reader
//!   cannot tell it from a hyphen of the address itself.
//! * [`Untouchable::Digits`]: a piece of a token with digits (`B2B-platform`, `COVID-19`,
//!   `Windows11`): product names, codes and references are read as one sign.
//! * [`Untouchable::Acronym`]: an all-capital or mixed-case word (`NAVO`, `OTAN`, `eIDAS`,
//!   `ElkeVanhoutte`, `iPhone`): an acronym is spelled, not syllabified, and a capital inside a
//!   word marks a name or a brand.
//! * [`Untouchable::ProperName`]: in Dutch, French and English, a capitalised word that does
//!   not start a sentence (`Vanhoutte`, `Kjærgaard`, `Michel`, `Brussel`): names are
//!   recognised by their shape, which a hyphen breaks, and patterns made for common words
//!   often split them wrongly. Not in German, where every noun is capitalised; there only an
//!   author's soft hyphen breaks a name. A word after a title or an initial (`dhr.`, `Mme`,
//!   `J.`) does not start a sentence, whatever its full stop says. Nor does the first word of
//!   a table cell ([`Opening::Label`]): a capitalised word there is most often a name
//!   (`Kjærgaard` in a contact table) or a label (`Werkloosheidsgraad` in a header), which
//!   the table keeps whole while its column can hold it. A label wider than its cell still
//!   breaks at its hyphenation points rather than anywhere: the paragraph builder then asks
//!   with [`Opening::Sentence`].
//!
//! Soft hyphens remain the author's choice and are honoured in names, but not in addresses or
//! tokens with digits, where a drawn hyphen would change what is written.
//!
//! # The brand's word list
//!
//! A brand lists words with their break points (`[typography.nl] hyphenation =
//! ["Blan-ken-ber-ge", "Vanhoutte"]`), TeX's `\hyphenation`. The brand reads them once, when
//! it is loaded ([`Exceptions`], in `brand` so that they are not built again for every
//! document); [`listed`] asks them for a word. A listed word breaks only there, whatever the
//! patterns say, in any letter case, and also where it is a name or an acronym: the issue's
//! proper-name rule is "configurable", and the brand that lists `Zee-brug-ge` vouches for it. A word listed without a hyphen is never broken (a
//! German name, which the capital does not protect). Addresses and tokens with digits stay
//! untouched, and an author's soft hyphens still win.

use crate::brand::Exceptions;
use crate::lang::Lang;

/// The brand's listed break points of `word` (with its edge punctuation) in `lang`, or `None`
/// when the brand does not list it (see the module docs, "The brand's word list"). The
/// caller still keeps addresses and tokens with digits whole.
pub fn listed(list: &Exceptions, word: &str, lang: Lang) -> Option<Vec<BreakPoint>> {
    if !list.lists(lang) {
        return None;
    }
    let (base, core) = trim_punctuation(word);
    if core.contains(SOFT_HYPHEN) {
        return None;
    }
    let counts = list.counts(lang, core)?;
    let offsets: Vec<usize> = core.char_indices().map(|(i, _)| i).collect();
    Some(
        counts
            .iter()
            .map(|&n| BreakPoint {
                offset: base + offsets[n],
                needs_hyphen: true,
            })
            .collect(),
    )
}

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

/// The fewest letters to keep before and after a break, per language: TeX's
/// `\lefthyphenmin` and `\righthyphenmin` for each language's patterns (hyph-utf8, as babel
/// sets them). Dutch and German 2 and 2: their common two-letter endings (`-en`, `-er`, `-de`,
/// `-te`) are whole syllables of long words and read well on the next line, and in a column of
/// about 20 em the extra breaks they give are what keeps a line with a long compound from going
/// loose (session 9, issue 12). French and English 2 and 3: a two-letter fragment there is
/// mostly a mute ending (`-es`, `-ed`) that reads badly alone. Session 8 used 2 and 3
/// everywhere, laxer than TeX nowhere and stricter in nl and de.
pub fn minima(lang: Lang) -> (usize, usize) {
    match lang {
        Lang::Nl | Lang::De => (2, 2),
        Lang::Fr | Lang::En => (2, 3),
    }
}

/// What the caller knows about where a word stands, beyond its own letters. See the module
/// docs, "What is never hyphenated".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Context {
    /// The word is (a piece of) a URL, e-mail address, `@handle` or `#hashtag`.
    pub in_address: bool,
    /// The token the word belongs to has a digit.
    pub token_has_digits: bool,
    /// The word starts a paragraph or follows the end of a sentence.
    pub sentence_start: bool,
}

/// What the first word of a paragraph is to the capitalised-name rule
/// ([`Untouchable::ProperName`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Opening {
    /// Running text: the paragraph's first word starts a sentence.
    #[default]
    Sentence,
    /// A table cell: its first word is a name or a label, not the start of a sentence
    /// (the stress corpus's contact tables had "Kjær-/gaard" and "Van-/houtte" at the
    /// start of their name cells). A sentence after it in the cell starts as usual.
    Label,
}

impl Context {
    /// The context of `text[word]` in running text: [`Context::at`] with
    /// [`Opening::Sentence`]. (The tests' shorthand: the paragraph builder passes its
    /// paragraph's opening.)
    #[cfg(test)]
    pub fn of(text: &str, word: std::ops::Range<usize>) -> Context {
        Context::at(text, word, Opening::Sentence)
    }

    /// The context of `text[word]`, from the paragraph `text` around it: the word's token is
    /// the run of non-whitespace around it; it starts a sentence when nothing but opening
    /// punctuation precedes it in a paragraph that `opening` says starts with a sentence, or
    /// the previous token ends a sentence (`.`, `!`, `?`, `…`, before any closing quotes or
    /// brackets) and is no title or initial.
    pub fn at(text: &str, word: std::ops::Range<usize>, opening: Opening) -> Context {
        let start = text[..word.start]
            .rfind(char::is_whitespace)
            .map_or(0, |i| {
                i + text[i..].chars().next().map_or(1, char::len_utf8)
            });
        let end = text[word.end..]
            .find(char::is_whitespace)
            .map_or(text.len(), |i| word.end + i);
        let token = &text[start..end];
        let before = text[..start].trim_end();
        let previous = before
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or_default();
        Context {
            in_address: is_address(token),
            token_has_digits: token.chars().any(is_digit),
            sentence_start: if before.is_empty() {
                opening == Opening::Sentence
            } else {
                ends_sentence(previous)
            },
        }
    }
}

/// Characters of an address after which a line may break without a hyphen (the halves read
/// back as one word): the separators of URLs and e-mail addresses.
const ADDRESS_SEPARATORS: &[char] = &['/', '.', '@', '-', '_', '?', '&', '=', '#'];

/// Whether `word` has an address separator inside it (one followed by a letter or digit): a
/// cheap test, before [`Context::at`], of whether [`address_breaks`] can find anything.
pub fn may_break_as_address(word: &str) -> bool {
    let b = word.as_bytes();
    b.windows(2).any(|w| {
        ADDRESS_SEPARATORS.contains(&char::from(w[0]))
            && (w[1].is_ascii_alphanumeric() || w[1] >= 0x80)
    })
}

/// Where a piece of an address (`context.in_address`) may break: byte offsets just after each
/// separator of [`ADDRESS_SEPARATORS`] that a letter or digit follows, with at least two
/// characters on each side (no `h` + `ttps://…`, no lone `@`). No hyphen is drawn there: a
/// hyphen in a printed address makes a wrong address.
pub fn address_breaks(word: &str) -> impl Iterator<Item = usize> + '_ {
    let chars = word.chars().count();
    word.char_indices()
        .enumerate()
        .filter(|(_, (_, c))| ADDRESS_SEPARATORS.contains(c))
        .map(|(n, (i, c))| (n + 1, i + c.len_utf8()))
        .filter(move |&(n, _)| n >= 2 && chars - n >= 2)
        .filter(|&(_, o)| word[o..].chars().next().is_some_and(char::is_alphanumeric))
        .map(|(_, o)| o)
}

/// Why a word gets no hyphenation points. See the module docs for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Untouchable {
    Address,
    Digits,
    Acronym,
    ProperName,
}

/// Whether `word` (with its edge punctuation) may get hyphenation points in `lang` and
/// `context`, or which rule forbids it.
pub fn hyphen_allowed(word: &str, lang: Lang, context: Context) -> Result<(), Untouchable> {
    if context.in_address {
        return Err(Untouchable::Address);
    }
    if context.token_has_digits || word.chars().any(is_digit) {
        return Err(Untouchable::Digits);
    }
    let (_, core) = trim_punctuation(word);
    let (_, part) = after_apostrophe(core);
    let mut letters = part.chars().filter(|c| c.is_alphabetic());
    let first_upper = letters.next().is_some_and(char::is_uppercase);
    if is_all_caps(part) || letters.any(char::is_uppercase) {
        return Err(Untouchable::Acronym);
    }
    let names_by_capital = matches!(lang, Lang::Nl | Lang::Fr | Lang::En);
    if first_upper && names_by_capital && !context.sentence_start {
        return Err(Untouchable::ProperName);
    }
    Ok(())
}

/// A URL, e-mail address, handle or hashtag: starts with `@` or `#`, or holds `@`, `://`,
/// `www.`, or a full stop with a letter right after it and a letter or digit right before it
/// (a domain: `crisis.be`; not the end of a sentence, which is followed by a space).
fn is_address(token: &str) -> bool {
    let t = token.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '@' && c != '#');
    let t = t.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '/');
    if t.starts_with(['@', '#']) || t.contains('@') || t.contains("://") {
        return true;
    }
    if t.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("www.")) {
        return true;
    }
    let mut chars = t.chars();
    let (mut a, mut b) = (chars.next(), chars.next());
    let mut domain = false;
    for c in chars {
        domain |= b == Some('.') && a.is_some_and(char::is_alphanumeric) && c.is_alphabetic();
        (a, b) = (b, Some(c));
    }
    domain && !is_abbreviation(t)
}

/// Dotted abbreviations (`e.g.`, `i.e.`, `a.s.a.p`, `U.S.`): every part one or two letters.
fn is_abbreviation(t: &str) -> bool {
    t.split('.')
        .filter(|p| !p.is_empty())
        .all(|p| p.chars().count() <= 2 && p.chars().all(char::is_alphabetic))
}

/// Titles after which a name follows, lower-cased and without their full stop (nl, fr, en).
const TITLES: &[&str] = &[
    "dhr", "mevr", "mr", "mrs", "ms", "dr", "prof", "ir", "st", "sr", "jr", "m", "mme", "mlle",
    "me", "pr",
];

/// Whether the token `previous` ends a sentence: it ends in `.`, `!`, `?` or `…` (before any
/// closing quotes or brackets) and is not a title (`dhr.`) or an initial (`J.`).
fn ends_sentence(previous: &str) -> bool {
    let t = previous.trim_end_matches(|c: char| {
        matches!(
            c,
            '"' | '\'' | '»' | '”' | '’' | ')' | ']' | '\u{a0}' | '\u{202f}'
        )
    });
    if !t.ends_with(['.', '!', '?', '…']) {
        return false;
    }
    let bare = t.trim_end_matches(['.', '!', '?', '…']);
    let initial = bare.chars().count() == 1 && bare.chars().all(char::is_uppercase);
    let title = TITLES.contains(&bare.to_lowercase().as_str());
    !(t.ends_with('.') && (initial || title))
}

/// Which of `word`'s context-free `points` survive rule `why`: none in an address or a token
/// with digits; in names and acronyms the author's soft hyphens and the breaks after a hyphen
/// of the word itself, but nothing the patterns add.
pub fn keep_under(why: Untouchable, word: &str, points: &[BreakPoint]) -> Vec<BreakPoint> {
    match why {
        Untouchable::Address | Untouchable::Digits => Vec::new(),
        Untouchable::Acronym | Untouchable::ProperName => points
            .iter()
            .filter(|p| !p.needs_hyphen || word[..p.offset].ends_with(SOFT_HYPHEN))
            .copied()
            .collect(),
    }
}

/// The break points of `word` in `lang`, in increasing order, knowing nothing of its context
/// (as if it started a sentence and stood alone). See the module docs for the rules.
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
    let edge = |c: char| !c.is_alphanumeric() || is_note_mark(c);
    let start = word.trim_start_matches(edge);
    (word.len() - start.len(), start.trim_end_matches(edge))
}

/// The part of `core` that may be hyphenated, with its byte offset in `core`: the part after
/// the last apostrophe (`l’|économie`: the elided article stays with its word), unless that
/// part is a clitic of one or two letters (Dutch plurals and genitives `programma’s`,
/// `auto’s`, `Jan’s`; `zo’n`), which leans on the word before it: then the part before the
/// apostrophe. Without this a long Dutch plural (`stabilisatieprogramma’s`) could not break
/// at all, and in a narrow column it forced its neighbours' lines loose.
fn after_apostrophe(core: &str) -> (usize, &str) {
    let Some(i) = core.rfind(is_apostrophe) else {
        return (0, core);
    };
    let len = core[i..].chars().next().map_or(1, char::len_utf8);
    let after = &core[i + len..];
    if after.chars().filter(|c| is_letter(*c)).count() >= 3 {
        return (i + len, after);
    }
    let before = &core[..i];
    match before.rfind(is_apostrophe) {
        // `rock’n’roll`: between two apostrophes nothing is a word of its own.
        Some(_) => (i + len, after),
        None => (0, before),
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

/// A digit that makes a token a number, code or reference ([`Untouchable::Digits`]). Not a
/// superscript digit ([`is_note_mark`]).
fn is_digit(c: char) -> bool {
    c.is_numeric() && !is_note_mark(c)
}

/// A superscript digit: the markup marks a footnote's reference with them right after the
/// word (`gewesten.¹`, see `markup::superscript`). The mark is punctuation around the word,
/// not a digit of it: counted as a digit it kept the word whole, and in statistiek's narrow
/// column the line before "gewesten.¹" stayed loose (0.64 em) for want of "ge-/westen".
fn is_note_mark(c: char) -> bool {
    matches!(
        c,
        '\u{b9}' | '\u{b2}' | '\u{b3}' | '\u{2070}' | '\u{2074}'..='\u{2079}'
    )
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

    /// [`break_points`] of `word` where it stands in the paragraph `text` (its first
    /// occurrence), as the paragraph builder asks for them.
    fn in_text(text: &str, word: &str, lang: Lang) -> String {
        let at = text.find(word).expect("word in text");
        let context = Context::of(text, at..at + word.len());
        let points = break_points(word, lang);
        let points = match hyphen_allowed(word, lang, context) {
            Ok(()) => points,
            Err(why) => keep_under(why, word, &points),
        };
        let mut s = String::new();
        let mut last = 0;
        for b in points {
            s.push_str(&word[last..b.offset]);
            s.push(if b.needs_hyphen { '|' } else { '/' });
            last = b.offset;
        }
        s.push_str(&word[last..]);
        s
    }

    #[test]
    fn pieces_of_urls_are_untouched() {
        // The line breaker hands over `incident-` and `melden` separately.
        let text = "Meld het via https://www.crisis.be/incident-melden of bel.";
        assert_eq!(in_text(text, "melden", Lang::Nl), "melden");
        assert_eq!(in_text(text, "incident-", Lang::Nl), "incident-");
        let text = "Zie crisis.be/incidentmeldingen voor meer.";
        assert_eq!(
            in_text(text, "incidentmeldingen", Lang::Nl),
            "incidentmeldingen"
        );
        // The same word outside an address is hyphenated.
        assert_eq!(
            in_text("We melden incidenten.", "incidenten", Lang::Nl),
            "in|ci|den|ten"
        );
    }

    #[test]
    fn pieces_of_email_addresses_are_untouched() {
        let text = "Mail naar crisispers@crisiscentrum.be vandaag.";
        assert_eq!(
            in_text(text, "crisispers@crisiscentrum.be", Lang::Nl),
            "crisispers@crisiscentrum.be"
        );
        let text = "Mail naar crisis-persdienst@crisiscentrum.be vandaag.";
        assert_eq!(in_text(text, "persdienst", Lang::Nl), "persdienst");
    }

    #[test]
    fn handles_and_hashtags_are_untouched() {
        let text = "Volg @Elkevanhoutte en #toegankelijkheid online.";
        assert_eq!(in_text(text, "Elkevanhoutte", Lang::Nl), "Elkevanhoutte");
        assert_eq!(
            in_text(text, "toegankelijkheid", Lang::Nl),
            "toegankelijkheid"
        );
        let text = "Suivez #accessibilitenumerique.";
        assert_eq!(
            in_text(text, "accessibilitenumerique", Lang::Fr),
            "accessibilitenumerique"
        );
    }

    #[test]
    fn pieces_of_tokens_with_digits_are_untouched() {
        let text = "Het nieuwe B2B-samenwerkingsplatform start.";
        assert_eq!(
            in_text(text, "samenwerkingsplatform", Lang::Nl),
            "samenwerkingsplatform"
        );
    }

    /// A footnote's reference mark kept "gewesten.¹" whole as a word with digits, and the
    /// line before it loose (statistiek, parallel).
    #[test]
    fn a_footnote_mark_is_no_digit() {
        let text = "in alle drie de gewesten.¹ In Brussel";
        assert_eq!(in_text(text, "gewesten.¹", Lang::Nl), "ge|wes|ten.¹");
        let text = "dans les trois régions.² Le";
        assert_eq!(in_text(text, "régions.²", Lang::Fr), "ré|gions.²");
        // Ordinary digits still keep a token whole, superscript or not after them.
        assert_eq!(
            in_text("Windows11¹ komt", "Windows11¹", Lang::Nl),
            "Windows11¹"
        );
        assert_eq!(in_text("oppervlakte 10² m", "10²", Lang::Nl), "10²");
    }

    #[test]
    fn mixed_case_acronyms_are_untouched() {
        let text = "De verordening eIDAS en ElkeVanhoutte.";
        assert_eq!(in_text(text, "eIDAS", Lang::Nl), "eIDAS");
        assert_eq!(in_text(text, "ElkeVanhoutte", Lang::Nl), "ElkeVanhoutte");
        assert_eq!(
            hyphen_allowed("eIDAS", Lang::En, Context::default()),
            Err(Untouchable::Acronym)
        );
        for word in ["NAVO", "OTAN"] {
            assert_eq!(in_text(word, word, Lang::Fr), word);
        }
    }

    #[test]
    fn proper_names_inside_a_sentence_are_untouched() {
        let text = "Dat zegt minister Vanhoutte in Brussel.";
        assert_eq!(in_text(text, "Vanhoutte", Lang::Nl), "Vanhoutte");
        assert_eq!(in_text(text, "Brussel.", Lang::Nl), "Brussel.");
        let text = "Selon Charles Michel et Kjærgaard, à Bruxelles.";
        assert_eq!(in_text(text, "Michel", Lang::Fr), "Michel");
        assert_eq!(in_text(text, "Kjærgaard,", Lang::Fr), "Kjærgaard,");
        let text = "According to Vanhoutte today.";
        assert_eq!(in_text(text, "Vanhoutte", Lang::En), "Vanhoutte");
        // After a title or an initial the name still does not start a sentence.
        let text = "Het woord is aan dhr. Vanhoutte en J. Vanhoutte.";
        assert_eq!(in_text(text, "Vanhoutte", Lang::Nl), "Vanhoutte");
        let at = text.rfind("Vanhoutte").unwrap();
        assert!(!Context::of(text, at..at + 9).sentence_start);
    }

    /// The stress corpus's contact tables hyphenated "Kjær-/gaard" and "Van-/houtte": the
    /// first word of a cell counted as the start of a sentence.
    #[test]
    fn a_name_first_in_its_cell_is_no_sentence_start() {
        for (text, word, lang) in [
            ("Kjærgaard", "Kjærgaard", Lang::Nl),
            ("Vanhoutte", "Vanhoutte", Lang::Fr),
            ("«Werkloosheidsgraad» (%)", "«Werkloosheidsgraad»", Lang::Nl),
        ] {
            let at = text.find(word).unwrap();
            let cell = Context::at(text, at..at + word.len(), Opening::Label);
            assert!(!cell.sentence_start, "{text}");
            assert_eq!(
                hyphen_allowed(word, lang, cell),
                Err(Untouchable::ProperName)
            );
            // The same word opening running text starts a sentence.
            assert!(Context::of(text, at..at + word.len()).sentence_start);
        }
        // A sentence after the label in the same cell starts as usual.
        let text = "Werkloze. Onderzoekers zoeken werk.";
        let at = text.find("Onderzoekers").unwrap();
        assert!(Context::at(text, at..at + 12, Opening::Label).sentence_start);
    }

    #[test]
    fn capitalised_words_starting_a_sentence_are_hyphenated() {
        let text = "Onderzoekers zijn er. «Onderzoekers» ook! Onderzoekers?";
        for (at, _) in text.match_indices("Onderzoekers") {
            let context = Context::of(text, at..at + 12);
            assert!(context.sentence_start, "at {at}");
            assert_eq!(hyphen_allowed("Onderzoekers", Lang::Nl, context), Ok(()));
        }
        assert_eq!(in_text(text, "Onderzoekers", Lang::Nl), "On|der|zoe|kers");
    }

    #[test]
    fn german_nouns_are_hyphenated_anywhere() {
        let text = "Die neue Pressemitteilung erscheint.";
        assert_eq!(
            in_text(text, "Pressemitteilung", Lang::De),
            "Pres|se|mit|tei|lung"
        );
        // The same capitalised word mid-sentence in Dutch is a name.
        assert_eq!(
            in_text(text, "Pressemitteilung", Lang::Nl),
            "Pressemitteilung"
        );
    }

    #[test]
    fn soft_hyphens_still_break_names_but_not_addresses() {
        let text = "Minister Van\u{ad}houtte en www.crisis\u{ad}centrum.be.";
        assert_eq!(
            in_text(text, "Van\u{ad}houtte", Lang::Nl),
            "Van\u{ad}|houtte"
        );
        let text = "Zie www.crisis\u{ad}centrum.be.";
        assert_eq!(
            in_text(text, "www.crisis\u{ad}centrum.be.", Lang::Nl),
            "www.crisis\u{ad}centrum.be."
        );
    }

    #[test]
    fn addresses_break_after_their_separators() {
        fn breaks(w: &str) -> Vec<&str> {
            let mut out = Vec::new();
            let mut last = 0;
            for o in address_breaks(w) {
                out.push(&w[last..o]);
                last = o;
            }
            out.push(&w[last..]);
            out
        }
        assert_eq!(
            breaks("https://kustwacht.example/meteo."),
            ["https://", "kustwacht.", "example/", "meteo."]
        );
        assert_eq!(
            breaks("crisis-pers@crisiscentrum.be"),
            ["crisis-", "pers@", "crisiscentrum.", "be"]
        );
        assert_eq!(breaks("a.b"), ["a.b"]);
        assert_eq!(
            breaks("x?a=1&b=2#top"),
            ["x?", "a=", "1&", "b=", "2#", "top"]
        );
        assert!(may_break_as_address("crisis.be"));
        assert!(may_break_as_address("é.à"));
        assert!(!may_break_as_address("woord."));
        assert!(!may_break_as_address("woord"));
    }

    #[test]
    fn abbreviations_and_sentence_ends_are_no_addresses() {
        assert!(!Context::of("Zie bv. e.g. dit", 8..12).in_address);
        assert!(!Context::of("Einde. Begin", 7..12).in_address);
        assert!(Context::of("naar crisis.be", 5..14).in_address);
    }

    #[test]
    fn dutch_words() {
        assert_eq!(show("gedigitaliseerd", Lang::Nl), "ge|di|gi|ta|li|seerd");
        assert_eq!(show("onderzoekers", Lang::Nl), "on|der|zoe|kers");
        assert_eq!(show("Buitenlandse", Lang::Nl), "Bui|ten|land|se");
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
        assert_eq!(show("administration", Lang::Nl), "ad|mi|ni|stra|ti|on");
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
    fn minima_are_tex_per_language() {
        // hypher alone gives "é|co|no|mie"; the one-letter stub does not survive.
        assert_eq!(show("économie", Lang::Fr), "éco|no|mie");
        for (word, lang, right) in [
            ("gedigitaliseerd", Lang::Nl, 2),
            ("entrepreneurs", Lang::Fr, 3),
            ("Donaudampfschiff", Lang::De, 2),
            ("Agathe", Lang::Fr, 3),
            ("government", Lang::En, 3),
        ] {
            let letters = word.chars().count();
            for b in break_points(word, lang) {
                let before = word[..b.offset].chars().count();
                assert!(
                    before >= 2 && letters - before >= right,
                    "{word} at {before}"
                );
            }
        }
        // Two letters after the break in Dutch and German, as TeX.
        assert_eq!(show("bestelde", Lang::Nl), "be|stel|de");
        assert_eq!(show("Wetterdienste", Lang::De), "Wet|ter|diens|te");
        // Three in French and English.
        assert_eq!(show("fenêtre", Lang::Fr), "fe|nêtre");
    }

    #[test]
    fn a_listed_word_breaks_only_where_the_brand_says() {
        let list = Exceptions::new([
            (Lang::Nl, "Blan-ken-ber-ge"),
            (Lang::Nl, "Vanhoutte"),
            (Lang::De, "Mül-ler"),
            (Lang::Nl, "bad entry"),
        ]);
        let at = |word: &str, lang| {
            listed(&list, word, lang).map(|p| p.iter().map(|b| b.offset).collect::<Vec<_>>())
        };
        // Any case, edge punctuation kept out of the offsets.
        assert_eq!(at("Blankenberge,", Lang::Nl), Some(vec![4, 7, 10]));
        assert_eq!(at("(BLANKENBERGE)", Lang::Nl), Some(vec![5, 8, 11]));
        // Listed without a hyphen: never broken.
        assert_eq!(at("Vanhoutte", Lang::Nl), Some(vec![]));
        // Per language; "Mül" is four bytes.
        assert_eq!(at("Müller", Lang::De), Some(vec![4]));
        assert_eq!(at("Müller", Lang::Nl), None);
        assert_eq!(at("Blankenberge", Lang::Fr), None);
        // Not listed, or the author's soft hyphens: the usual rules.
        assert_eq!(at("Oostende", Lang::Nl), None);
        assert_eq!(at("Blan\u{ad}kenberge", Lang::Nl), None);
        assert_eq!(at("bad", Lang::Nl), None);
        assert!(listed(&list, "Blankenberge", Lang::Nl)
            .unwrap()
            .iter()
            .all(|b| b.needs_hyphen));
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
        // A clitic of one or two letters leans on the word before it, which breaks.
        assert_eq!(
            show("stabilisatieprogramma\u{2019}s", Lang::Nl),
            "sta|bi|li|sa|tie|pro|gram|ma\u{2019}s"
        );
        assert_eq!(show("auto's", Lang::Nl), "auto's");
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
            "ar|beids|on|ge|schikt|heids|ver|ze|ke|rings|maat|schap|pij|en"
        );
        let german = "Donaudampfschifffahrtsgesellschaftskapitänswitwenrente";
        assert_eq!(
            show(german, Lang::De),
            "Do|nau|dampf|schiff|fahrts|ge|sell|schafts|ka|pi|täns|wit|wen|ren|te"
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
