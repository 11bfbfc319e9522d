//! Per-language typography: quotes, apostrophes, spaces before punctuation, dashes, ellipses.
//!
//! Takes the inlines of one paragraph and rewrites their text in place. The paragraph is
//! treated as one stream of characters, so context (is this quote opening or closing? is a
//! quote still open?) carries across inline boundaries: `"<em>Ja</em>"` gets both quotes
//! right. Link inlines are never changed — URLs and e-mail addresses stay byte for byte —
//! but their characters still count as context for their neighbours.
//!
//! Rules, in the order a reader meets them:
//!
//! - **Double quotes** `"` become the language's pair ([`Settings::double_quotes`]). A quote
//!   is opening when it follows the start, a space or an opening bracket/quote and precedes
//!   a non-space, closing when the reverse holds; when the context says neither (or both),
//!   it closes a quote that is open and opens one otherwise.
//! - **Single quotes** `'`: between or after letters/digits it is an apostrophe `’` (`l'État`,
//!   `zo'n`, `auto's`) unless it closes an open single quote; at the start of a word it is an
//!   apostrophe for Dutch elisions (`'s avonds`, `'t`, `'n`, `'k`, `'m`: one of those letters
//!   followed by a non-letter) and for abbreviated years (`'90`), and an opening quote
//!   otherwise.
//! - **French spacing** (on by default for French): U+202F NARROW NO-BREAK SPACE before
//!   `; ! ?` and inside `« »` (and `‹ ›`), U+00A0 NO-BREAK SPACE before `:`. An existing
//!   space there is replaced, a missing one added. The mark must end a word (be followed by
//!   a space, the end, or closing punctuation), so `10:30`, `https://` and `?q=1` in plain
//!   text are left alone.
//! - **Ranges**: `2021-2025` and `2021-25` get an en dash. Only a four-digit year (no leading
//!   zero) followed by a later four-digit year or a later two-digit year counts, with no
//!   digit, letter, `-`, `/` or `.` glued on either side. That leaves dates (`2021-06-28`),
//!   phone numbers (`0473-12 34 56`, `02 501 05 11`) and references (`BZ-2021-0628-01`)
//!   alone, at the price of not touching small ranges such as `9-17 uur`.
//! - **Spaced hyphen** ` - ` becomes ` – `; **three dots** `...` become `…` (longer runs of
//!   dots are left alone, they are rarely an ellipsis).
//!
//! Already typographic text (`“ ” « ’ …`) is left as it is, and applying the rules twice
//! gives the same text as applying them once.

mod nobreak;

pub use nobreak::NoBreak;

use super::Inline;
use crate::brand::{LangTypography, NoBreakFile};
use crate::lang::Lang;

/// U+202F NARROW NO-BREAK SPACE: French space before `; ! ?` and inside guillemets.
pub const NNBSP: char = '\u{202F}';
/// U+00A0 NO-BREAK SPACE: French space before `:`.
pub const NBSP: char = '\u{A0}';
const APOSTROPHE: &str = "’";

/// Characters after which a quote opens rather than closes.
const OPENERS: &str = "([{«‹„‚“‘¿¡–—/";
/// Characters that may follow a word-final mark; a quote before them cannot open.
const CLOSERS: &str = ".,;:!?)]}»›”’…\"'";
/// Dutch elisions written with a leading apostrophe: `'s`, `'t`, `'n`, `'k`, `'m`.
const NL_ELISIONS: &str = "stnkm";

/// The typography of one language, defaults merged with the brand's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub lang: Lang,
    /// Opening and closing double quotes.
    pub double_quotes: [String; 2],
    /// Opening and closing single quotes.
    pub single_quotes: [String; 2],
    /// Turn straight quotes and apostrophes into typographic ones.
    pub smart_quotes: bool,
    /// French spaces before `; : ! ?` and inside guillemets.
    pub french_spacing: bool,
    /// Where a space must not end a line.
    pub no_break: NoBreak,
}

impl Settings {
    /// The defaults for `lang`: nl “…” ‘…’, fr « … » “…”, de „…“ ‚…‘, en “…” ‘…’.
    ///
    /// French inner quotes are “…”: that is the usual practice in Belgium and France
    /// (Lexique des règles typographiques); the single guillemets ‹…› are Swiss and look
    /// foreign to a Belgian reader.
    pub fn defaults(lang: Lang) -> Settings {
        let pair = |a: &str, b: &str| [a.to_string(), b.to_string()];
        let (double_quotes, single_quotes) = match lang {
            Lang::Nl | Lang::En => (pair("“", "”"), pair("‘", "’")),
            Lang::Fr => (pair("«", "»"), pair("“", "”")),
            Lang::De => (pair("„", "“"), pair("‚", "‘")),
        };
        Settings {
            lang,
            double_quotes,
            single_quotes,
            smart_quotes: true,
            french_spacing: lang == Lang::Fr,
            no_break: NoBreak::defaults(lang),
        }
    }

    /// The defaults for `lang` with the brand's choices on top.
    pub fn new(lang: Lang, brand: &LangTypography) -> Settings {
        let mut s = Settings::defaults(lang);
        if let Some(q) = &brand.double_quotes {
            s.double_quotes = q.clone();
        }
        if let Some(q) = &brand.single_quotes {
            s.single_quotes = q.clone();
        }
        s.smart_quotes = brand.smart_quotes.unwrap_or(s.smart_quotes);
        s.french_spacing = brand.french_spacing.unwrap_or(s.french_spacing);
        if let Some(nb) = &brand.no_break {
            s.no_break.merge(nb);
        }
        s
    }
}

/// Applies the typography of `settings` to one paragraph's inlines. Inlines whose text
/// becomes empty (a lone space absorbed by French spacing) are removed; fields stay.
pub fn apply(inlines: &mut Vec<Inline>, settings: &Settings) {
    let texts = inlines
        .iter()
        .filter(|i| i.field.is_none())
        .map(|i| &i.text[..]);
    if may_change(texts, settings) {
        full_pass(inlines, settings);
    }
    no_break(inlines, settings);
    inlines.retain(|i| i.field.is_some() || !i.text.is_empty());
}

/// Turns the spaces the no-break rules glue into no-break spaces, across inlines (`<strong>39</strong> %`)
/// but never inside a link.
fn no_break(inlines: &mut [Inline], settings: &Settings) {
    if !settings.no_break.enabled {
        return;
    }
    // The paragraph's text and, per inline, where its text starts in it.
    let mut text = String::new();
    let mut starts = Vec::with_capacity(inlines.len());
    for inline in inlines.iter() {
        starts.push(text.len());
        if inline.field.is_none() {
            text.push_str(&inline.text);
        }
    }
    let inline_at = |byte: usize| starts.partition_point(|&s| s <= byte) - 1;
    let frozen = |byte: usize| inlines[inline_at(byte)].link.is_some();
    let edits = nobreak::glue(&text, &frozen, &settings.no_break, settings.lang);
    // Edits come in text order; rewrite each touched inline once.
    let mut edits = edits.into_iter().peekable();
    while let Some(&(first, _)) = edits.peek() {
        let k = inline_at(first);
        let end = starts.get(k + 1).copied().unwrap_or(text.len());
        let old = &text[starts[k]..end];
        let mut new = String::with_capacity(old.len() + 8);
        let mut at = starts[k];
        while let Some(&(pos, space)) = edits.peek().filter(|(pos, _)| *pos < end) {
            new.push_str(&text[at..pos]);
            new.push(space);
            at = pos + 1;
            edits.next();
        }
        new.push_str(&text[at..end]);
        inlines[k].text = new;
    }
}

fn full_pass(inlines: &mut [Inline], settings: &Settings) {
    let mut pass = Pass::new(settings);
    for (seg, inline) in inlines.iter().enumerate() {
        if inline.field.is_none() {
            pass.push(seg, &inline.text, inline.link.is_some());
        }
    }
    pass.run();
    for inline in inlines.iter_mut().filter(|i| i.field.is_none()) {
        inline.text.clear();
    }
    for (i, &seg) in pass.seg.iter().enumerate() {
        let text = &mut inlines[seg].text;
        match &pass.out[i] {
            Some(s) => text.push_str(s),
            None => text.push(pass.src[i]),
        }
    }
}

impl NoBreak {
    /// The brand's choices on top of these rules: a list given replaces the default one.
    fn merge(&mut self, file: &NoBreakFile) {
        let flag = |b: Option<bool>, d: bool| b.unwrap_or(d);
        self.enabled = flag(file.enabled, self.enabled);
        self.thousands = flag(file.thousands, self.thousands);
        self.phone_numbers = flag(file.phone_numbers, self.phone_numbers);
        let lists = [
            (&file.before_number, &mut self.before_number),
            (&file.after_number, &mut self.after_number),
            (&file.standards, &mut self.standards),
            (&file.titles, &mut self.titles),
            (&file.particles, &mut self.particles),
            (&file.months, &mut self.months),
            (&file.short_words, &mut self.short_words),
        ];
        for (given, list) in lists {
            if let Some(words) = given {
                list.clone_from(words);
            }
        }
    }
}

/// Applies the typography of `settings` to a plain string (one unstyled inline).
pub fn apply_text(text: &str, settings: &Settings) -> String {
    let mut inlines = vec![Inline {
        text: text.to_string(),
        bold: false,
        italic: false,
        link: None,
        field: None,
        words: Vec::new(),
        note: None,
    }];
    apply(&mut inlines, settings);
    inlines.into_iter().map(|i| i.text).collect()
}

/// Whether the [`Pass`] would change anything in `texts` (a paragraph's inlines, in order):
/// whether any character is one that [`Pass::step`] acts on, in the context it acts in.
/// Most paragraphs have none, and this scan costs much less than the pass.
fn may_change<'t>(texts: impl Iterator<Item = &'t str>, set: &Settings) -> bool {
    let mut chars = texts.flat_map(str::chars);
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    let (mut prev, mut cur) = (None, chars.next());
    while let Some(c) = cur {
        let next = chars.next();
        let acts = match c {
            '"' | '\'' => set.smart_quotes,
            // `...` (`dots`).
            '.' => next == Some('.'),
            // A spaced hyphen or a year range (`hyphen`).
            '-' => (prev == Some(' ') && next == Some(' ')) || (digit(prev) && digit(next)),
            ';' | '!' | '?' | ':' | '«' | '‹' | '»' | '›' => set.french_spacing,
            _ => false,
        };
        if acts {
            return true;
        }
        (prev, cur) = (Some(c), next);
    }
    false
}

/// One left-to-right pass over a paragraph's characters.
struct Pass<'a> {
    set: &'a Settings,
    src: Vec<char>,
    /// The inline each character came from.
    seg: Vec<usize>,
    /// Characters of links: context only, never rewritten.
    frozen: Vec<bool>,
    /// Replacement for each character (`Some("")` deletes it); `None` keeps it.
    out: Vec<Option<String>>,
    /// Straight quotes decided to be opening ones (context for what follows).
    opened: Vec<bool>,
    /// Spaces replaced by the U+202F an opening guillemet writes after itself.
    absorbed: Vec<bool>,
    double_open: bool,
    single_open: bool,
    /// First characters of the opening and closing double, then single, quotes.
    marks: [Option<char>; 4],
}

impl<'a> Pass<'a> {
    fn new(set: &'a Settings) -> Pass<'a> {
        Pass {
            set,
            src: Vec::new(),
            seg: Vec::new(),
            frozen: Vec::new(),
            out: Vec::new(),
            opened: Vec::new(),
            absorbed: Vec::new(),
            double_open: false,
            single_open: false,
            marks: [
                &set.double_quotes[0],
                &set.double_quotes[1],
                &set.single_quotes[0],
                &set.single_quotes[1],
            ]
            .map(|q| q.chars().next()),
        }
    }

    fn push(&mut self, seg: usize, text: &str, frozen: bool) {
        let before = self.src.len();
        self.src.extend(text.chars());
        let n = self.src.len() - before;
        self.seg.extend(std::iter::repeat_n(seg, n));
        self.frozen.extend(std::iter::repeat_n(frozen, n));
        self.out.resize(before + n, None);
        self.opened.resize(before + n, false);
        self.absorbed.resize(before + n, false);
    }

    fn run(&mut self) {
        let mut i = 0;
        while i < self.src.len() {
            i += if self.frozen[i] { 1 } else { self.step(i) };
        }
    }

    /// Handles the character at `i`; returns how many characters it consumed.
    fn step(&mut self, i: usize) -> usize {
        let smart = self.set.smart_quotes;
        let french = self.set.french_spacing;
        match self.src[i] {
            '"' if smart => self.double(i),
            '\'' if smart => self.single(i),
            '.' => return self.dots(i),
            '-' => self.hyphen(i),
            c @ (';' | '!' | '?' | ':') if french => self.french_punct(i, c),
            c @ ('«' | '‹') if french => {
                self.track(c);
                self.open_with(i, c.to_string());
            }
            c @ ('»' | '›') if french => {
                self.track(c);
                self.close_with(i, c.to_string());
            }
            c => self.track(c),
        }
        1
    }

    fn prev(&self, i: usize) -> Option<char> {
        i.checked_sub(1).map(|j| self.src[j])
    }

    fn next(&self, i: usize) -> Option<char> {
        self.src.get(i + 1).copied()
    }

    /// Whether the character before `i` lets a quote open after it.
    fn after_opener(&self, i: usize) -> bool {
        match i.checked_sub(1) {
            None => true,
            Some(j) => {
                self.src[j].is_whitespace() || OPENERS.contains(self.src[j]) || self.opened[j]
            }
        }
    }

    /// Keeps the open/closed state right when the author typed typographic quotes.
    fn track(&mut self, c: char) {
        let [dq_open, dq_close, sq_open, sq_close] = self.marks;
        if Some(c) == dq_open {
            self.double_open = true;
        } else if Some(c) == dq_close {
            self.double_open = false;
        } else if Some(c) == sq_open {
            self.single_open = true;
        } else if Some(c) == sq_close {
            self.single_open = false;
        }
    }

    fn double(&mut self, i: usize) {
        let can_open = self
            .next(i)
            .is_some_and(|c| !c.is_whitespace() && !CLOSERS.contains(c));
        let can_close = !self.after_opener(i);
        let open = match (can_open, can_close) {
            (true, false) => true,
            (false, true) => false,
            _ => !self.double_open,
        };
        self.double_open = open;
        if open {
            self.opened[i] = true;
            self.open_with(i, self.set.double_quotes[0].clone());
        } else {
            self.close_with(i, self.set.double_quotes[1].clone());
        }
    }

    fn single(&mut self, i: usize) {
        let word_before = self.prev(i).is_some_and(char::is_alphanumeric);
        let letter_after = self.next(i).is_some_and(char::is_alphabetic);
        if word_before && letter_after {
            self.out[i] = Some(APOSTROPHE.into());
        } else if self.after_opener(i) {
            if self.elision(i) {
                self.out[i] = Some(APOSTROPHE.into());
            } else if self.next(i).is_some_and(|c| !c.is_whitespace()) {
                self.single_open = true;
                self.opened[i] = true;
                self.open_with(i, self.set.single_quotes[0].clone());
            }
        } else if self.single_open {
            self.single_open = false;
            self.close_with(i, self.set.single_quotes[1].clone());
        } else {
            self.out[i] = Some(APOSTROPHE.into());
        }
    }

    /// A word-initial apostrophe: Dutch `'s`, `'t`, `'n`, `'k`, `'m`, or a year `'90`.
    fn elision(&self, i: usize) -> bool {
        let at = |k: usize| self.src.get(i + k).copied();
        let not_letter = |c: Option<char>| !c.is_some_and(char::is_alphabetic);
        let not_digit = |c: Option<char>| !c.is_some_and(|c| c.is_ascii_digit());
        let nl = self.set.lang == Lang::Nl
            && at(1).is_some_and(|c| NL_ELISIONS.contains(c))
            && not_letter(at(2));
        let year = at(1).is_some_and(|c| c.is_ascii_digit())
            && at(2).is_some_and(|c| c.is_ascii_digit())
            && not_digit(at(3));
        nl || year
    }

    /// Writes an opening quote `q` at `i`; French guillemets get U+202F after them,
    /// replacing the author's space if there is one.
    fn open_with(&mut self, i: usize, q: String) {
        let spaced = self.set.french_spacing && matches!(q.as_str(), "«" | "‹");
        let mut s = q;
        if spaced {
            if self.next(i).is_some_and(is_space) && !self.frozen[i + 1] {
                self.out[i + 1] = Some(String::new());
                self.absorbed[i + 1] = true;
            }
            if self.next(i).is_some_and(|c| c != '\n') {
                s.push(NNBSP);
            }
        }
        self.out[i] = Some(s);
    }

    /// Writes a closing quote `q` at `i`; French guillemets get U+202F before them.
    fn close_with(&mut self, i: usize, q: String) {
        let spaced = self.set.french_spacing && matches!(q.as_str(), "»" | "›");
        if spaced && self.space_before(i, NNBSP) {
            self.out[i] = Some(format!("{NNBSP}{q}"));
        } else {
            self.out[i] = Some(q);
        }
    }

    /// Makes the space before `i` a `space`: an existing space is replaced (returns false),
    /// a missing one must be inserted by the caller (returns true).
    fn space_before(&mut self, i: usize, space: char) -> bool {
        let Some(j) = i.checked_sub(1) else {
            return false;
        };
        let p = self.src[j];
        if self.absorbed[j] {
            // The opening guillemet before it already wrote the space: `«\u{202F}!`.
            false
        } else if is_space(p) {
            if !self.frozen[j] {
                self.out[j] = Some(space.to_string());
            }
            false
        } else {
            !p.is_whitespace() && !OPENERS.contains(p) && !self.opened[j]
        }
    }

    /// `; ! ? :` in French: a narrow (or, before `:`, a full) no-break space before them.
    fn french_punct(&mut self, i: usize, c: char) {
        let ends_word = self
            .next(i)
            .is_none_or(|n| n.is_whitespace() || CLOSERS.contains(n));
        // `?!` and `!!` stay together: only the first mark gets the space.
        let doubled = self.prev(i).is_some_and(|p| ";:!?".contains(p));
        if !ends_word || doubled {
            return;
        }
        let space = if c == ':' { NBSP } else { NNBSP };
        if self.space_before(i, space) {
            self.out[i] = Some(format!("{space}{c}"));
        }
    }

    /// `...` → `…`; returns the length of the run of dots so longer runs are skipped whole.
    fn dots(&mut self, i: usize) -> usize {
        let run = self.src[i..].iter().take_while(|&&c| c == '.').count();
        if run == 3 && !self.frozen[i..i + 3].contains(&true) {
            self.out[i] = Some("…".into());
            self.out[i + 1] = Some(String::new());
            self.out[i + 2] = Some(String::new());
        }
        run
    }

    fn hyphen(&mut self, i: usize) {
        // Only plain word spaces: the no-break spaces French spacing writes (`«\u{202F}-`,
        // `-\u{A0}:`) must not turn a hyphen into a dash on a second pass.
        let word_space = |c: Option<char>| c == Some(' ');
        let spaced = word_space(self.prev(i)) && word_space(self.next(i));
        if spaced || self.is_range(i) {
            self.out[i] = Some("–".into());
        }
    }

    /// Whether the hyphen at `i` joins a year range (see the module docs for the rule).
    fn is_range(&self, i: usize) -> bool {
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            self.src[r].iter().collect::<String>().parse().ok()
        };
        let start = (0..i)
            .rev()
            .take_while(|&j| self.src[j].is_ascii_digit())
            .count();
        let end = self.src[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let (ls, re) = (i - start, i + 1 + end);
        if start != 4 || !(end == 2 || end == 4) || self.src[ls] == '0' {
            return false;
        }
        if self.frozen[ls..re].contains(&true) || self.glued_before(ls) || self.glued_after(re) {
            return false;
        }
        let (Some(from), Some(to)) = (digits(ls..i), digits(i + 1..re)) else {
            return false;
        };
        if end == 4 {
            to > from
        } else {
            to > from % 100
        }
    }

    fn glued_before(&self, start: usize) -> bool {
        self.prev(start)
            .is_some_and(|c| c.is_alphanumeric() || "-–/.,+".contains(c))
    }

    fn glued_after(&self, end: usize) -> bool {
        let at = |k: usize| self.src.get(k).copied();
        match at(end) {
            None => false,
            Some(c) if c.is_alphanumeric() || "-–/".contains(c) => true,
            // `2021-25.5` or `2021-25,3` is a number, not the end of a range.
            Some('.' | ',') => at(end + 1).is_some_and(|c| c.is_ascii_digit()),
            Some(_) => false,
        }
    }
}

/// A space on one line (not the `\n` of a forced line break).
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | NBSP | NNBSP | '\u{2009}')
}

#[cfg(test)]
mod tests {
    use super::*;

    const N: char = NNBSP;
    const B: char = NBSP;

    fn run(lang: Lang, input: &str) -> String {
        apply_text(input, &Settings::defaults(lang))
    }

    /// Checks each case of the quote, space and dash rules (the no-break rules have their
    /// data cases in tests/typography) and that applying them again changes nothing.
    fn check(lang: Lang, cases: &[(&str, &str)]) {
        let mut set = Settings::defaults(lang);
        set.no_break.enabled = false;
        for (input, want) in cases {
            let got = apply_text(input, &set);
            assert_eq!(&got, want, "{lang}: {input:?}");
            assert_eq!(
                apply_text(&got, &set),
                got,
                "{lang}: not idempotent for {input:?}"
            );
        }
    }

    #[test]
    fn dutch() {
        check(
            Lang::Nl,
            &[
                ("\"Goed,\" zei ze.", "“Goed,” zei ze."),
                ("Hij zei: 'kom maar'.", "Hij zei: ‘kom maar’."),
                ("'s avonds en 's morgens", "’s avonds en ’s morgens"),
                ("Wat is 't nu?", "Wat is ’t nu?"),
                ("zo'n auto's", "zo’n auto’s"),
                ("'s-Hertogenbosch", "’s-Hertogenbosch"),
                ("de jaren '90", "de jaren ’90"),
                ("'sorry' zei hij", "‘sorry’ zei hij"),
                ("(\"tussen haakjes\")", "(“tussen haakjes”)"),
                ("\"Hij zei 'nee'.\"", "“Hij zei ‘nee’.”"),
                ("Wat? Echt!", "Wat? Echt!"),
                ("“al goed” en ‘ook’", "“al goed” en ‘ook’"),
                ("", ""),
            ],
        );
    }

    #[test]
    fn french() {
        check(
            Lang::Fr,
            &[
                ("\"Bonjour\"", &format!("«{N}Bonjour{N}»")),
                ("\" Bonjour \"", &format!("«{N}Bonjour{N}»")),
                ("«Bonjour»", &format!("«{N}Bonjour{N}»")),
                ("« Bonjour »", &format!("«{N}Bonjour{N}»")),
                ("l'État et aujourd'hui", "l’État et aujourd’hui"),
                (
                    "Pourquoi ? Parce que !",
                    &format!("Pourquoi{N}? Parce que{N}!"),
                ),
                ("Pourquoi?", &format!("Pourquoi{N}?")),
                ("Quoi ?!", &format!("Quoi{N}?!")),
                ("ceci ; cela", &format!("ceci{N}; cela")),
                ("Il a dit : oui", &format!("Il a dit{B}: oui")),
                ("Il a dit: oui", &format!("Il a dit{B}: oui")),
                ("à 10:30 heures", "à 10:30 heures"),
                (
                    "voir https://example.be/?q=1 ici",
                    "voir https://example.be/?q=1 ici",
                ),
                ("\"Vraiment?\"", &format!("«{N}Vraiment{N}?{N}»")),
                ("\"Il dit 'non'.\"", &format!("«{N}Il dit “non”.{N}»")),
                ("l'\"Europe\"", &format!("l’«{N}Europe{N}»")),
            ],
        );
    }

    #[test]
    fn german() {
        check(
            Lang::De,
            &[
                ("\"Guten Tag\", sagte sie.", "„Guten Tag“, sagte sie."),
                ("Er sagte: 'ja'.", "Er sagte: ‚ja‘."),
                ("Wie geht's?", "Wie geht’s?"),
                ("„Schon gut“", "„Schon gut“"),
                ("Geht's? Ja!", "Geht’s? Ja!"),
            ],
        );
    }

    #[test]
    fn english() {
        check(
            Lang::En,
            &[
                ("\"Hello,\" she said.", "“Hello,” she said."),
                ("It's the minister's 'view'.", "It’s the minister’s ‘view’."),
                ("the '90s", "the ’90s"),
                ("Why? Now!", "Why? Now!"),
            ],
        );
    }

    #[test]
    fn dashes_and_ellipsis_in_every_language() {
        let cases = [
            ("2021-2025", "2021–2025"),
            ("in 2021-25 en", "in 2021–25 en"),
            ("(2019-2020)", "(2019–2020)"),
            ("op 2021-06-28", "op 2021-06-28"),
            ("in 2021-06", "in 2021-06"),
            ("2025-2021", "2025-2021"),
            ("bel 0473-12 34 56", "bel 0473-12 34 56"),
            ("02 501 05 11", "02 501 05 11"),
            ("BZ-2021-0628-01", "BZ-2021-0628-01"),
            ("12021-2025", "12021-2025"),
            ("2021-20255", "2021-20255"),
            ("dit - dat", "dit – dat"),
            ("Noord-Brabant", "Noord-Brabant"),
            ("en toen...", "en toen…"),
            ("en toen....", "en toen...."),
            ("al…", "al…"),
        ];
        for lang in Lang::ALL {
            check(lang, &cases);
        }
    }

    fn inline(text: &str) -> Inline {
        Inline {
            text: text.into(),
            bold: false,
            italic: false,
            link: None,
            field: None,
            words: Vec::new(),
            note: None,
        }
    }

    #[test]
    fn quote_state_crosses_inline_boundaries() {
        let mut em = inline("Ja");
        em.italic = true;
        let mut inlines = vec![
            inline("Hij zei \""),
            em,
            inline("\" en 'ging"),
            inline("'."),
        ];
        apply(&mut inlines, &Settings::defaults(Lang::Nl));
        let texts: Vec<&str> = inlines.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(texts, ["Hij zei “", "Ja", "” en ‘ging", "’."]);
    }

    #[test]
    fn links_are_left_alone_but_give_context() {
        let mut link = inline("https://x.be/a?b=1&c='d' - e...");
        link.link = Some(link.text.clone());
        let mut inlines = vec![inline("Zie \""), link.clone(), inline("\" !")];
        apply(&mut inlines, &Settings::defaults(Lang::Fr));
        assert_eq!(inlines[0].text, format!("Zie «{N}"));
        assert_eq!(inlines[1], link);
        assert_eq!(inlines[2].text, format!("{N}»{N}!"));
    }

    #[test]
    fn french_space_swallowed_by_a_guillemet_removes_the_empty_inline() {
        let mut em = inline("oui");
        em.italic = true;
        let mut inlines = vec![inline("\""), inline(" "), em, inline("\"")];
        apply(&mut inlines, &Settings::defaults(Lang::Fr));
        let texts: Vec<&str> = inlines.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(texts, [format!("«{N}"), "oui".into(), format!("{N}»")]);
    }

    #[test]
    fn brand_settings_override_defaults() {
        let brand = LangTypography {
            double_quotes: Some(["„".into(), "”".into()]),
            single_quotes: None,
            smart_quotes: None,
            french_spacing: None,
            no_break: None,
            hyphenation: None,
        };
        let nl = Settings::new(Lang::Nl, &brand);
        assert_eq!(apply_text("\"Ja\" en 'nee'", &nl), "„Ja” en ‘nee’");

        let plain = LangTypography {
            smart_quotes: Some(false),
            french_spacing: Some(false),
            ..LangTypography::default()
        };
        let fr = Settings::new(Lang::Fr, &plain);
        assert_eq!(
            apply_text("\"l'État ?\" 2021-2025", &fr),
            "\"l'État ?\" 2021–2025"
        );
    }

    /// Idempotence and absence of panics over many pseudo-random strings made of the
    /// characters the rules look at (a fixed LCG keeps the test deterministic).
    #[test]
    fn random_text_is_stable_after_one_pass() {
        let alphabet: Vec<char> = "ab  à%J+,ENy'„“”‘’‹›…é \"\".-20159;:?!«»()\u{A0}\u{202F}\nstl/"
            .chars()
            .collect();
        let mut seed: u64 = 0x2021_0628;
        let mut skipped = 0;
        for _ in 0..20_000 {
            let len = (seed >> 33) as usize % 16;
            let text: String = (0..len)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    alphabet[(seed >> 33) as usize % alphabet.len()]
                })
                .collect();
            for lang in Lang::ALL {
                let once = run(lang, &text);
                assert_eq!(run(lang, &once), once, "{lang}: {text:?}");
                // The shortcut skips the pass only where the pass changes nothing.
                let set = Settings::defaults(lang);
                if !may_change(std::iter::once(text.as_str()), &set) {
                    let mut inlines = vec![inline(&text)];
                    full_pass(&mut inlines, &set);
                    assert_eq!(inlines[0].text, text, "{lang}: {text:?} skipped");
                    skipped += 1;
                }
            }
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        }
        assert!(
            skipped > 5_000,
            "the shortcut was tried on {skipped} texts only"
        );
    }
}
