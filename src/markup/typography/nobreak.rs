//! No-break rules: which spaces between two words must not end a line, per language.
//!
//! Takes a paragraph's text (after the quote and dash rules) and gives the spaces to make
//! no-break spaces, so that the glue reaches the line breaker *and* the text layer as
//! U+00A0 NO-BREAK SPACE or U+202F NARROW NO-BREAK SPACE (UAX #14 class GL: no break on
//! either side). Only a single plain space between two tokens (maximal runs of
//! non-whitespace) is ever replaced; nothing is inserted, removed or reordered, so word
//! offsets stay valid and a second pass changes nothing.
//!
//! Each space is judged from the token on its left (`L`), the token on its right (`R`) and
//! the rule that glued the space before `L` (the *chain*: `14 200 000`, `EN 301 549`,
//! `dhr. Van der Straeten`, `14,2 miljoen euro`). A space the author already wrote as a
//! no-break space continues a chain as if this pass had glued it. The rules, first match wins:
//!
//! | rule | glues | space |
//! |---|---|---|
//! | phone numbers | `+32 475 98 76 54`, `02 501 05 11`: a `+` code or a group starting with `0`, then groups of 1–4 digits, 3 groups or more, 8–15 digits in all | U+00A0 |
//! | standards | `EN 301 549`, `ISO 19005-2`, `EN ISO 9001`: a name from `standards` and the number groups after it | U+00A0 |
//! | before a number | `art. 5`, `p. 12`, `€ 5`, `§ 2`: a word from `before_number`, then a token starting with a digit | U+00A0 |
//! | thousands | `1 200`, `14 200 000`: 1–3 digits (no leading zero), then groups of exactly 3 | U+202F |
//! | after a number | `39 %`, `5 millions`, `19.00 uur`, `14:00 Uhr`, `14,2 miljoen euro`, `14 h 00`: a number (digits with `.,:` inside, ending in a digit), then a word from `after_number`; a unit after a glued unit; minutes after `h` | U+00A0 (U+202F before `%` `‰` in French) |
//! | dates | `28 juni`, `1er septembre`, `28. Juni`, en `June 28`: a day 1–31 (`1er`, `1st`, `28.`), then a word from `months` | U+00A0 |
//! | names | `J. Dupont`, `Mme Wilmès`, `dhr. De Croo`, `Elke Van Peteghem`: a word from `titles` or initials (`J.`, `J.-M.`, `Ph.`), then a capitalised word; name particles (`de`, `van der`) after a glued name; a capitalised particle after a capitalised word | U+00A0 |
//! | short words | French `à`, `a`, `y`: a word from `short_words` never ends a line | U+00A0 |
//!
//! Cases that look alike and must stay breakable: a number ending a sentence (`… 2027. De`:
//! the full stop ends `L`, which then is no number), lists of numbers (`1, 2, 3`; `12 15 18`:
//! groups of other than three digits), a year before a number (`in 2027 200 banen`: four
//! digits are no thousands group), dates and references with a leading zero (`05 11 2026`
//! is too short for a phone number). Known limits: `100 200 300` written as a list is taken
//! for one number; a single capital with a full stop ending a sentence (`plan B. De`) is
//! taken for an initial (the cost is one place fewer to break, never a wrong character).
//!
//! Cost: one pass over the characters to find the tokens, and for each space a few
//! character-class tests; the word lists are searched only when those tests pass (the left
//! token is a number, the right one starts with a capital or a digit, …), which is rare in
//! running text.

use super::{NBSP, NNBSP};
use crate::lang::Lang;

/// The rule that glued a space; the next space may continue its chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    Phone,
    Standard,
    BeforeNumber,
    Thousands,
    AfterNumber,
    Date,
    Name,
    ShortWord,
}

/// The no-break rules of one language: defaults ([`NoBreak::defaults`]) with the brand's
/// `[typography.<lang>.no_break]` on top. A list replaces the default list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoBreak {
    /// All rules on or off.
    pub enabled: bool,
    pub thousands: bool,
    pub phone_numbers: bool,
    /// Words glued to the number after them (`art.`, `p.`, `€`), compared ignoring case.
    pub before_number: Vec<String>,
    /// Units, scales, currencies and time words glued to the number before them (`%`,
    /// `millions`, `uur`); compared exactly (`m` is not `M`).
    pub after_number: Vec<String>,
    /// Names of standards (`EN`, `ISO`), compared exactly.
    pub standards: Vec<String>,
    /// Titles glued to the capitalised name after them (`dhr.`, `Mme`), ignoring case.
    pub titles: Vec<String>,
    /// Name particles (`de`, `van`, `von`), ignoring case.
    pub particles: Vec<String>,
    /// Month names and abbreviations, ignoring case.
    pub months: Vec<String>,
    /// Words that never end a line (French `à`, `a`, `y`), ignoring case.
    pub short_words: Vec<String>,
}

const SYMBOLS: &[&str] = &[
    "%", "‰", "€", "$", "£", "EUR", "USD", "GBP", "CHF", "°C", "°", "km", "m", "cm", "mm", "kg",
    "g", "t", "l", "ml", "ha", "m²", "km²", "m³", "W", "kW", "MW", "GW", "kWh", "MWh", "GWh",
    "TWh", "Mbit/s", "Gbit/s", "GB", "MB", "TB", "h", "min", "s", "ms",
];

/// A language's default lists: before a number, after it, titles, particles, month
/// abbreviations (the full names come from [`Lang::months`]), short words.
type Lists = (
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
);

fn list(words: &[&[&str]]) -> Vec<String> {
    words
        .iter()
        .flat_map(|w| w.iter())
        .map(|w| w.to_string())
        .collect()
}

impl NoBreak {
    /// The built-in rules for `lang` (the lists are shown in the README).
    pub fn defaults(lang: Lang) -> NoBreak {
        let before_common: &[&str] = &["€", "$", "£", "EUR", "USD", "GBP", "CHF", "§", "n°"];
        let (before, after, titles, particles, months, short): Lists = match lang {
            Lang::Nl => (
                &[
                    "art.", "artikel", "p.", "pp.", "blz.", "nr.", "nrs.", "hfdst.", "fig.",
                    "afb.", "bijlage", "tel.",
                ],
                &[
                    "procent", "euro", "euro’s", "dollar", "cent", "duizend", "miljoen", "miljard",
                    "uur", "u", "km/u",
                ],
                &[
                    "dhr.", "mevr.", "mr.", "dr.", "prof.", "ir.", "ing.", "drs.", "mgr.", "Mme",
                    "M.",
                ],
                &[
                    "de", "van", "der", "den", "ter", "ten", "vande", "vanden", "vander", "le",
                    "la",
                ],
                &[
                    "jan.", "feb.", "mrt.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.",
                    "okt.", "nov.", "dec.",
                ],
                &[],
            ),
            Lang::Fr => (
                &[
                    "art.", "article", "p.", "pp.", "no", "chap.", "fig.", "vol.", "tél.",
                ],
                &[
                    "euro",
                    "euros",
                    "dollar",
                    "dollars",
                    "centimes",
                    "mille",
                    "million",
                    "millions",
                    "milliard",
                    "milliards",
                    "heure",
                    "heures",
                    "km/h",
                ],
                &[
                    "M.", "MM.", "Mme", "Mmes", "Mlle", "Me", "Dr", "Pr", "Mgr", "Prof.", "dhr.",
                    "mevr.",
                ],
                &[
                    "de", "du", "des", "la", "le", "van", "der", "den", "vanden", "d’",
                ],
                &[
                    "janv.", "févr.", "avr.", "juil.", "sept.", "oct.", "nov.", "déc.",
                ],
                &["à", "a", "y"],
            ),
            Lang::De => (
                &[
                    "Art.", "Artikel", "S.", "Nr.", "Abs.", "Kap.", "Abb.", "Tel.",
                ],
                &[
                    "Prozent",
                    "Euro",
                    "Dollar",
                    "Cent",
                    "Tausend",
                    "Million",
                    "Millionen",
                    "Milliarde",
                    "Milliarden",
                    "Mio.",
                    "Mrd.",
                    "Uhr",
                    "km/h",
                ],
                &["Herr", "Frau", "Hr.", "Fr.", "Dr.", "Prof.", "Dipl.-Ing."],
                &["von", "van", "de", "der", "den", "zu", "vom", "zum"],
                &[
                    "Jan.", "Feb.", "Apr.", "Aug.", "Sept.", "Okt.", "Nov.", "Dez.",
                ],
                &[],
            ),
            Lang::En => (
                &[
                    "art.", "article", "p.", "pp.", "no.", "nos.", "ch.", "fig.", "vol.", "tel.",
                ],
                &[
                    "percent",
                    "euro",
                    "euros",
                    "dollars",
                    "cents",
                    "thousand",
                    "million",
                    "millions",
                    "billion",
                    "billions",
                    "am",
                    "pm",
                    "a.m.",
                    "p.m.",
                    "o’clock",
                    "mph",
                    "km/h",
                ],
                &[
                    "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Prof.", "Sir", "Dame",
                    "Mme", "M.", "dhr.", "mevr.",
                ],
                &["de", "van", "der", "den", "von", "la", "le", "du"],
                &[
                    "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.",
                    "Oct.", "Nov.", "Dec.",
                ],
                &[],
            ),
        };
        NoBreak {
            enabled: true,
            thousands: true,
            phone_numbers: true,
            before_number: list(&[before_common, before]),
            after_number: list(&[SYMBOLS, after]),
            standards: list(&[&[
                "EN", "ISO", "IEC", "ISO/IEC", "NBN", "NEN", "DIN", "ETSI", "ITU-T", "IEEE", "RFC",
                "CEN", "CENELEC", "NF", "BS", "ANSI", "ÖNORM",
            ]]),
            titles: list(&[titles]),
            particles: list(&[particles]),
            months: list(&[lang.months(), months]),
            short_words: list(&[short]),
        }
    }
}

/// A token: a maximal run of non-whitespace, as a byte range of the paragraph's text.
#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
}

/// The spaces of `text` that the rules of `set` (for `lang`) glue: the byte offset of each
/// plain space `' '` to replace and the no-break space to put there, in order. `frozen`
/// says whether a byte belongs to a link, whose text is never changed.
pub(super) fn glue(
    text: &str,
    frozen: &dyn Fn(usize) -> bool,
    set: &NoBreak,
    lang: Lang,
) -> Vec<(usize, char)> {
    let mut out = Vec::new();
    if !set.enabled {
        return out;
    }
    let tokens = tokens(text);
    let mut chain: Option<Rule> = None;
    // The phone rule looks ahead: spaces before this token index belong to a phone number.
    let mut phone_until = 0;
    for k in 1..tokens.len() {
        let (l, r) = (tokens[k - 1], tokens[k]);
        let gap = &text[l.end..r.start];
        let plain = gap == " ";
        let glued_already = gap.chars().all(|c| c == NBSP || c == NNBSP);
        if !plain && !glued_already {
            chain = None;
            continue;
        }
        let (lw, rw) = (&text[l.start..l.end], &text[r.start..r.end]);
        if chain.is_none() && plain_words(lw, rw) {
            continue;
        }
        if set.phone_numbers && k > phone_until && chain != Some(Rule::Phone) {
            phone_until = phone_run(text, &tokens, k - 1);
        }
        let ctx = Pair {
            l: lw,
            r: rw,
            before: (k >= 2).then(|| &text[tokens[k - 2].start..tokens[k - 2].end]),
            chain,
        };
        let rule = if k < phone_until {
            Some((Rule::Phone, NBSP))
        } else {
            decide(&ctx, set, lang)
        };
        chain = rule.map(|(rule, _)| rule);
        // A link's space counts for the chain but is never rewritten; asked last, since
        // finding the inline of a byte costs a search.
        if let (true, Some((_, space))) = (plain, rule) {
            if !frozen(l.end) {
                out.push((l.end, space));
            }
        }
    }
    out
}

/// Whether no rule can glue two plain words, `l` and `r`, outside a chain: both start with
/// a small letter, `l` has two characters or more and no full stop at its end (no title,
/// no short word), so neither is a number, a name, a unit after a number or a title. Most
/// spaces of running text are such; this test spares them the rules' word lists.
fn plain_words(l: &str, r: &str) -> bool {
    let small = |s: &str| s.chars().next().is_some_and(char::is_lowercase);
    small(l) && small(r) && !l.ends_with('.') && l.chars().nth(1).is_some()
}

/// The tokens of `text`. Bytes rather than characters: the pass runs on every text, and
/// all but a few of its whitespace characters are ASCII; a multi-byte character is decoded
/// only when its lead byte could start a Unicode space (U+00A0, U+1680, U+2000–U+205F, U+3000).
fn tokens(text: &str) -> Vec<Token> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len() / 5);
    let mut start = None;
    let mut i = 0;
    while i < b.len() {
        let (space, len) = match b[i] {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => (true, 1),
            c if c < 0x80 => (false, 1),
            0xC2 | 0xE1 | 0xE2 | 0xE3 => {
                let c = text[i..].chars().next().expect("char boundary");
                (c.is_whitespace(), c.len_utf8())
            }
            c => (false, utf8_len(c)),
        };
        match (space, start) {
            (true, Some(s)) => {
                out.push(Token { start: s, end: i });
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
        i += len;
    }
    if let Some(s) = start {
        out.push(Token {
            start: s,
            end: b.len(),
        });
    }
    out
}

/// The length of the UTF-8 sequence that starts with `lead`.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        _ => 2,
    }
}

/// If a phone number starts at token `first`, the index of the token after its last one;
/// otherwise `first` (no run).
fn phone_run(text: &str, tokens: &[Token], first: usize) -> usize {
    let word = |k: usize| &text[tokens[k].start..tokens[k].end];
    let head = word(first);
    let international = head.len() >= 2
        && head.starts_with('+')
        && head[1..].len() <= 3
        && head[1..].bytes().all(|b| b.is_ascii_digit());
    let trunk = trim_brackets(head);
    let national = (2..=4).contains(&trunk.len())
        && trunk.starts_with('0')
        && trunk.bytes().all(|b| b.is_ascii_digit());
    if !international && !national {
        return first;
    }
    let mut digits = head.bytes().filter(u8::is_ascii_digit).count();
    let mut k = first + 1;
    while k < tokens.len() {
        let gap = &text[tokens[k - 1].end..tokens[k].start];
        if !matches!(gap, " " | "\u{A0}") {
            break;
        }
        let w = word(k);
        let bare = w.trim_end_matches([',', '.', ';', ')']);
        let group = bare.strip_prefix("(0)").unwrap_or(bare);
        if !(1..=4).contains(&group.len()) || !group.bytes().all(|b| b.is_ascii_digit()) {
            break;
        }
        digits += group.len() + usize::from(group.len() != bare.len());
        k += 1;
        if bare.len() != w.len() {
            // Punctuation after the group ends the number.
            break;
        }
    }
    if k - first >= 3 && (MIN_PHONE_DIGITS..=15).contains(&digits) {
        k
    } else {
        first
    }
}

/// The fewest digits of a phone number: Belgian and French numbers have 9 or 10 (`02 501 05
/// 11`), and a date written with spaces (`05 11 2026`, 8 digits) must not be taken for one.
const MIN_PHONE_DIGITS: usize = 9;

fn trim_brackets(s: &str) -> &str {
    s.strip_prefix('(')
        .and_then(|s| s.strip_suffix(')'))
        .unwrap_or(s)
}

/// The two tokens around a space, the token before them, and the chain so far.
struct Pair<'t> {
    l: &'t str,
    r: &'t str,
    before: Option<&'t str>,
    chain: Option<Rule>,
}

/// The rule that glues the space between `p.l` and `p.r`, and the space it writes.
fn decide(p: &Pair, set: &NoBreak, lang: Lang) -> Option<(Rule, char)> {
    let r_digit = p.r.starts_with(|c: char| c.is_ascii_digit());
    let r_upper = p.r.starts_with(char::is_uppercase);
    let l_number = is_number(p.l);
    // Standards: `EN 301 549`, `EN ISO 9001`.
    if r_digit || r_upper {
        let std_l = set.standards.iter().any(|s| s == p.l);
        let std_r = r_upper && set.standards.iter().any(|s| s == p.r);
        let continues = p.chain == Some(Rule::Standard) && l_number && r_digit;
        if (std_l && (r_digit || std_r)) || continues {
            return Some((Rule::Standard, NBSP));
        }
    }
    if r_digit {
        let l = without_elision(p.l);
        if set.before_number.iter().any(|w| eq_fold(w, l)) {
            return Some((Rule::BeforeNumber, NBSP));
        }
        if set.thousands && thousands(p) {
            return Some((Rule::Thousands, NNBSP));
        }
    }
    if let Some(space) = after_number(p, set, lang, l_number) {
        return Some((Rule::AfterNumber, space));
    }
    if date(p, set, lang) {
        return Some((Rule::Date, NBSP));
    }
    if name(p, set, r_upper) {
        return Some((Rule::Name, NBSP));
    }
    let l_bare = p.l.trim_start_matches(|c: char| !c.is_alphanumeric());
    let short = l_bare.chars().nth(1).is_none() && !l_bare.is_empty();
    if short && set.short_words.iter().any(|w| eq_fold(w, l_bare)) {
        return Some((Rule::ShortWord, NBSP));
    }
    None
}

/// `1 200`, `14 200 000`: a group of 1–3 digits (3 when it continues a number), then a group
/// of exactly three, possibly with decimals or closing punctuation after it.
fn thousands(p: &Pair) -> bool {
    let l =
        p.l.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '−');
    let l = l.trim_start_matches(['-', '−']);
    let digits = l.len();
    let l_group = l.bytes().all(|b| b.is_ascii_digit())
        && if p.chain == Some(Rule::Thousands) {
            digits == 3
        } else {
            (1..=3).contains(&digits) && !l.starts_with('0')
        };
    // Only punctuation may stand before the first group (`(1 200`, `€1 200`), not letters.
    let prefix_ok = p.l[..p.l.len() - l.len()]
        .chars()
        .all(|c| !c.is_alphanumeric());
    l_group && prefix_ok && is_group_of_three(p.r)
}

fn is_group_of_three(r: &str) -> bool {
    let b = r.as_bytes();
    if b.len() < 3 || !b[..3].iter().all(u8::is_ascii_digit) {
        return false;
    }
    match b.get(3) {
        None => true,
        Some(c) if c.is_ascii_alphanumeric() => false,
        // `1 200,5` or `1 200.5`: decimals; `1 200,` ends a clause.
        Some(b',' | b'.') => true,
        Some(_) => !r[3..].starts_with(|c: char| c.is_alphanumeric()),
    }
}

/// A number: digits, with `. , :` only between digits (`1.200`, `14,2`, `19.00`, `14:00`),
/// optionally signed.
fn is_number(s: &str) -> bool {
    let s = s.strip_prefix(['-', '−', '+', '(']).unwrap_or(s);
    let b = s.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_digit()
        && b[b.len() - 1].is_ascii_digit()
        && b.windows(2).all(|w| {
            w[0].is_ascii_digit() || (matches!(w[0], b'.' | b',' | b':') && w[1].is_ascii_digit())
        })
}

/// `39 %`, `5 millions`, `19.00 uur`, `14,2 miljoen euro`, `14 h 00`.
fn after_number(p: &Pair, set: &NoBreak, lang: Lang, l_number: bool) -> Option<char> {
    let (r, r_bare) = strip_closing(p.r);
    let is_unit = |w: &str| set.after_number.iter().any(|u| u == w);
    let chained = p.chain == Some(Rule::AfterNumber);
    if (l_number || (chained && is_unit(p.l))) && (is_unit(r) || is_unit(r_bare)) {
        let narrow = lang == Lang::Fr && matches!(r_bare, "%" | "‰");
        return Some(if narrow { NNBSP } else { NBSP });
    }
    // Minutes after `h`: `14 h 00`.
    let minutes = r_bare.len() == 2 && r_bare.bytes().all(|b| b.is_ascii_digit());
    (chained && p.l == "h" && minutes).then_some(NBSP)
}

/// `28 juni`, `1er septembre`, `28. Juni`; in English also `June 28`.
fn date(p: &Pair, set: &NoBreak, lang: Lang) -> bool {
    let is_month = |w: &str| set.months.iter().any(|m| eq_fold(m, w));
    let (r, r_bare) = strip_closing(p.r);
    if is_day(p.l) && r.starts_with(char::is_alphabetic) && (is_month(r) || is_month(r_bare)) {
        return true;
    }
    lang == Lang::En
        && p.l.starts_with(char::is_uppercase)
        && is_month(p.l)
        && is_day(p.r.trim_end_matches([',', '.', ';', ')']))
}

fn is_day(s: &str) -> bool {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let suffix = &s[digits..];
    (1..=2).contains(&digits)
        && s[..digits]
            .parse::<u8>()
            .is_ok_and(|d| (1..=31).contains(&d))
        && matches!(suffix, "" | "er" | "st" | "nd" | "rd" | "th" | ".")
}

/// `J. Dupont`, `Mme Wilmès`, `dhr. De Croo`, `Van der Straeten`.
fn name(p: &Pair, set: &NoBreak, r_upper: bool) -> bool {
    let particle = |w: &str| set.particles.iter().any(|x| eq_fold(x, w));
    if p.chain == Some(Rule::Name) && particle(p.l) && (r_upper || particle(p.r)) {
        return true;
    }
    let title = || is_initial(p.l) || set.titles.iter().any(|t| eq_fold(t, p.l));
    if !r_upper {
        // `Prof. von Weizsäcker`: a particle may follow a title that has a full stop or a
        // capital (the brand's lower-case titles only glue a capitalised name).
        let may_be_title = p.l.ends_with('.') || p.l.starts_with(char::is_uppercase);
        return may_be_title && particle(p.r) && title();
    }
    if title() {
        return true;
    }
    // `Elke Van Peteghem`: a capitalised particle after a capitalised word that does not end
    // a sentence.
    let after_name = p
        .before
        .is_some_and(|b| b.starts_with(char::is_uppercase) && b.ends_with(char::is_alphabetic));
    after_name && p.l.starts_with(char::is_uppercase) && particle(p.l)
}

/// `J.`, `J.-M.`, `J.M.`, `Ph.`: capitals, each with at most one small letter, each followed
/// by a full stop, joined by nothing or a hyphen.
fn is_initial(s: &str) -> bool {
    if !s.ends_with('.') {
        return false;
    }
    s[..s.len() - 1]
        .split(['.', '-'])
        .filter(|part| !part.is_empty())
        .all(|part| {
            let mut cs = part.chars();
            cs.next().is_some_and(char::is_uppercase)
                && cs.next().is_none_or(char::is_lowercase)
                && cs.next().is_none()
        })
}

/// `word` without a French or Dutch elided article before an apostrophe (`l’art.` → `art.`).
fn without_elision(word: &str) -> &str {
    match word.split_once(['’', '\'']) {
        Some((head, rest)) if head.chars().count() <= 2 && !rest.is_empty() => rest,
        _ => word,
    }
}

/// `word` without the closing punctuation after it (`millions,` `%)`), and that without a
/// final full stop too (`juni.` ends a sentence; `Mio.` and `a.m.` are abbreviations, so
/// callers try both).
fn strip_closing(word: &str) -> (&str, &str) {
    let t = word.trim_end_matches([',', ';', ':', '!', '?', ')', ']', '»', '”', '’', '"', '…']);
    (t, t.strip_suffix('.').unwrap_or(t))
}

/// Whether `a` and `b` are the same word ignoring case, without allocating.
fn eq_fold(a: &str, b: &str) -> bool {
    // Most words of a list differ from the word in their first letter.
    if let (Some(x), Some(y)) = (a.as_bytes().first(), b.as_bytes().first()) {
        if x.is_ascii() && y.is_ascii() && !x.eq_ignore_ascii_case(y) {
            return false;
        }
    }
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}
