//! TOML syntax errors told in the writer's terms.
//!
//! toml's messages describe what its grammar expected at the byte where it stopped, which is
//! right and often useless: `date = 28 juni 2021` is "string values must be quoted", and
//! quoting it leads to the opposite error; `"De "lead" vat"` is "expected newline" at
//! `lead`; an unclosed `"""` is reported at the end of the file. Here each error is looked
//! at together with the source around it, and the mistakes press officers make are named,
//! with the fix, at the place where they made them. Anything not recognised keeps toml's
//! message and a general hint.

use super::codepoint::{describe, is_deceptive};
use super::keys::{clash, short_string_end, Def, Kind};
use super::Diagnostic;
use chrono::NaiveDate;

/// The diagnostic for one of toml's syntax errors in `text`.
pub(super) fn diagnose(path: &str, text: &str, e: &toml::de::Error) -> Diagnostic {
    let message = e.message();
    let Some(at) = e
        .span()
        .map(|s| floor_char_boundary(text, s.start.min(text.len())))
    else {
        return Diagnostic::error(path, format!("invalid TOML: {message}"))
            .with_hint(general_hint(message));
    };
    let found = Found {
        path,
        text,
        message,
        at,
    };
    found
        .unclosed_multiline()
        .or_else(|| found.duplicate_key())
        .or_else(|| found.deceptive_character())
        .or_else(|| found.date())
        .or_else(|| found.quote_inside_string())
        .unwrap_or_else(|| {
            Diagnostic::error(path, format!("invalid TOML: {message}"))
                .at(text, at)
                .with_hint(general_hint(message))
        })
}

/// One syntax error: toml's message and the byte it points at.
struct Found<'a> {
    path: &'a str,
    text: &'a str,
    message: &'a str,
    at: usize,
}

impl Found<'_> {
    fn error(&self, span: std::ops::Range<usize>, message: String, hint: String) -> Diagnostic {
        Diagnostic::error_at(self.path, self.text, span, message).with_hint(hint)
    }

    /// The line the error is on, and where it starts.
    fn line(&self) -> (usize, &str) {
        let start = self.text[..self.at].rfind('\n').map_or(0, |i| i + 1);
        let end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        (start, &self.text[start..end])
    }

    /// The key and the value as written on the error's line (`key = value`, comment cut).
    fn key_value(&self) -> Option<(&str, &str, usize)> {
        let (start, line) = self.line();
        let eq = line.find('=')?;
        let key = line[..eq].trim().trim_matches('"');
        let raw = &line[eq + 1..];
        let value = raw.trim_start();
        let value_at = start + eq + 1 + (raw.len() - value.len());
        let value = value.split(" #").next().unwrap_or(value).trim_end();
        Some((key, value, value_at))
    }

    /// toml reports an unclosed `"""` at the end of the file, often pages below the place
    /// where the text began; the opening quotes are what to look for.
    fn unclosed_multiline(&self) -> Option<Diagnostic> {
        if !self.message.contains("multi-line") {
            return None;
        }
        let (open, quotes) = unclosed_opener(self.text)?;
        Some(self.error(
            open..open + 3,
            format!("invalid TOML: the text opened with {quotes} here is never closed"),
            format!(
                "end the text with {quotes}; without them it runs on to the end of the file, line {}",
                self.text.matches('\n').count() + 1
            ),
        ))
    }

    /// "duplicate key" (or a table extended that cannot be), with which key and where it
    /// was first defined: found on the file's structure ([`super::keys`]), so dotted keys,
    /// inline tables and tables made two ways are told too.
    fn duplicate_key(&self) -> Option<Diagnostic> {
        if !(self.message.contains("duplicate key") || self.message.contains("cannot extend")) {
            return None;
        }
        let (again, first) = clash(self.text, self.at)?;
        let line_of = |at: usize| self.text[..at].matches('\n').count() + 1;
        let (line, again_line) = (line_of(first.span.start), line_of(again.span.start));
        let place = if line == again_line {
            let start = self.text[..first.span.start]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let column = self.text[start..first.span.start].chars().count() + 1;
            format!("earlier on line {line} (column {column})")
        } else {
            format!("on line {line}")
        };
        let path = again.shown_path();
        let (message, hint) = match (first.kind, again.kind) {
            (Kind::Header, Kind::Header) => (
                format!("duplicate table [{path}], first given {place}"),
                format!("a table is opened only once: move the keys below this [{path}] into the one on line {line}"),
            ),
            (Kind::Value, Kind::Value) => (
                format!("duplicate key \"{}\", first given {place}", again.written),
                format!("each key may appear only once in a table: keep one of the two (line {line} or this one)"),
            ),
            (Kind::Value, _) => (
                format!("\"{path}\" was given as a whole value {place} and cannot be added to here"),
                format!("put this key inside the value on line {line}, or write all of \"{path}\" with dotted keys or a [{path}] table"),
            ),
            _ => (
                format!("\"{path}\" is defined again here as {}, first {place} as {}", shown(&again), shown(&first)),
                format!("make each table one way only: with a [{path}] header and its keys below it, or with dotted keys like {path}.name = …, not both"),
            ),
        };
        Some(self.error(again.span.clone(), format!("invalid TOML: {message}"), hint))
    }

    /// An invisible or look-alike character where toml stopped: named by code point.
    fn deceptive_character(&self) -> Option<Diagnostic> {
        let c = self.text[self.at..].chars().next()?;
        if !is_deceptive(c) {
            return None;
        }
        let span = self.at..self.at + c.len_utf8();
        let name = describe(c);
        if matches!(c, '“' | '”' | '„' | '‘' | '’' | '‚' | '«' | '»') {
            return Some(self.typographic_quotes(span, &name));
        }
        if c.is_control() {
            return Some(self.error(
                span,
                format!("invalid TOML: control character {name} in the text"),
                "remove it: it cannot be printed (a line break belongs inside \"\"\" … \"\"\", written as a new line)".into(),
            ));
        }
        let hint = if c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}' {
            "replace it with an ordinary space, or remove it (word processors and web pages paste it)"
        } else {
            "replace it with the character TOML expects here, or remove it"
        };
        Some(self.error(
            span,
            format!("invalid TOML: unexpected {name} ({})", self.message),
            hint.into(),
        ))
    }

    fn typographic_quotes(&self, span: std::ops::Range<usize>, name: &str) -> Diagnostic {
        let fixed = match self.key_value() {
            Some((key, value, _)) if !key.is_empty() => {
                let inner = value.trim_matches(|c| "“”„‘’‚«»".contains(c));
                format!(": {key} = \"{inner}\"")
            }
            _ => String::new(),
        };
        self.error(
            span,
            format!("invalid TOML: typographic quotes around a value ({name})"),
            format!("TOML needs straight double quotes around text{fixed}; typographic quotes may stand inside them"),
        )
    }

    /// An unquoted date (`date = 28 juni 2021`, `date = 2026/12/06`): toml asks for quotes,
    /// but a quoted date is the opposite error. Told as a date, with the date rewritten.
    fn date(&self) -> Option<Diagnostic> {
        let (key, value, value_at) = self.key_value()?;
        // A TOML date that is not in the calendar (2021-02-30) has toml's own good message.
        let toml_shaped = value.len() >= 5
            && value.as_bytes()[..4].iter().all(u8::is_ascii_digit)
            && value.as_bytes()[4] == b'-';
        if toml_shaped {
            return None;
        }
        let is_date_key = matches!(key, "date" | "embargo");
        let parsed = parse_loose_date(value);
        let looks_like_date = self.message.contains("must be quoted") && parsed.is_some();
        if !(is_date_key || looks_like_date) {
            return None;
        }
        if value.starts_with(['"', '\'']) {
            return None;
        }
        let example = parsed.map_or("2021-06-28".to_string(), |d| {
            d.format("%Y-%m-%d").to_string()
        });
        let key = if key.is_empty() { "date" } else { key };
        Some(self.error(
            value_at..value_at + value.len(),
            format!("{key}: expected a date like 2021-06-28, found {value}"),
            format!("write the date as year-month-day, without quotes: {key} = {example} (or with a time and its UTC offset, like {example}T10:00:00+02:00)"),
        ))
    }

    /// `title = "De "lead" vat"`: the second `"` ended the string, and toml complains
    /// about what follows it.
    fn quote_inside_string(&self) -> Option<Diagnostic> {
        if !self.message.contains("expected newline") {
            return None;
        }
        let (_, value, value_at) = self.key_value()?;
        let before = self.text.get(value_at..self.at)?.trim_end();
        if !value.starts_with('"') || before.len() < 2 || !before.ends_with('"') {
            return None;
        }
        let quote = value_at + before.len() - 1;
        Some(self.error(
            quote..quote + 1,
            "invalid TOML: this \" ends the text, and what follows it is not TOML".into(),
            "to put a \" inside the text, write it as \\\", or put the whole text between ''' and ''', or use typographic quotes “…”".into(),
        ))
    }
}

/// How a definition reads in a message: `the header [a]`, `the dotted key a.b`, `a = …`.
fn shown(def: &Def) -> String {
    match def.kind {
        Kind::Header => format!("the header [{}]", def.written),
        Kind::Dotted => format!("the dotted key {}.…", def.written),
        Kind::Value => format!("{} = …", def.written),
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The general hint for a toml message no case above recognised.
fn general_hint(message: &str) -> &'static str {
    const HINTS: &[(&str, &str)] = &[
        (
            "must be quoted",
            "put text in double quotes: key = \"text\"",
        ),
        ("unclosed array", "close the list with ]"),
        (
            "in array",
            "a list [ … ] is still open here; close it with ] first",
        ),
        (
            "unclosed inline table",
            "close the table with } on the same line",
        ),
        (
            "basic string",
            "close the string with \"; use \"\"\" … \"\"\" for text over several lines",
        ),
        (
            "literal string",
            "close the string with '; use ''' … ''' for text over several lines",
        ),
        (
            "invalid date",
            "write a real calendar date, like 2021-06-28",
        ),
        (
            "invalid time",
            "write a time like 10:00:00 with its offset, like +02:00",
        ),
    ];
    HINTS
        .iter()
        .find(|(needle, _)| message.contains(needle))
        .map_or(
            "check the TOML syntax at this point (see https://toml.io)",
            |(_, hint)| hint,
        )
}

/// Where the multi-line string that never ends was opened, and its quotes.
///
/// A small lexer of TOML's strings and comments: enough to tell a `"""` that opens a text
/// from one inside a comment or a closed string.
fn unclosed_opener(text: &str) -> Option<(usize, &'static str)> {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let rest = &b[i..];
        if rest.starts_with(b"\"\"\"") || rest.starts_with(b"'''") {
            let quotes = if b[i] == b'"' { "\"\"\"" } else { "'''" };
            match closing(text, i + 3, quotes) {
                Some(end) => i = end,
                None => return Some((i, quotes)),
            }
        } else if b[i] == b'"' || b[i] == b'\'' {
            i = short_string_end(b, i);
        } else if b[i] == b'#' {
            i = b[i..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(b.len(), |n| i + n);
        } else {
            i += 1;
        }
    }
    None
}

/// The byte after the `quotes` that close a multi-line string whose text starts at `from`.
pub(super) fn closing(text: &str, from: usize, quotes: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = from;
    while i < b.len() {
        if quotes == "\"\"\"" && b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i..].starts_with(quotes.as_bytes()) {
            // Up to two quotes may end the text right before its closing three.
            let mut end = i + 3;
            while end < b.len() && b[end] == quotes.as_bytes()[0] && end < i + 5 {
                end += 1;
            }
            return Some(end);
        }
        i += 1;
    }
    None
}

/// A date written the way people write dates: `2026/12/06`, `06.12.2026`, `28 juni 2021`,
/// `28 June 2021`, `1er juin 2021`. Day before month where both are numbers (as in the
/// languages communique serves).
fn parse_loose_date(value: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = value
        .split(|c: char| c == '/' || c == '.' || c == '-' || c.is_whitespace() || c == ',')
        .filter(|p| !p.is_empty())
        .collect();
    let [a, b, c] = parts[..] else {
        return None;
    };
    let num =
        |s: &str| -> Option<u32> { s.trim_end_matches("er").trim_end_matches("e").parse().ok() };
    let (y, m, d) = if a.len() == 4 {
        (num(a)?, month(b).or_else(|| num(b))?, num(c)?)
    } else {
        (num(c)?, month(b).or_else(|| num(b))?, num(a)?)
    };
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

/// A month's number from its Dutch, French, German or English name (or the first three
/// letters of it).
fn month(word: &str) -> Option<u32> {
    const MONTHS: [&[&str]; 12] = [
        &["januari", "janvier", "januar", "january"],
        &["februari", "février", "fevrier", "februar", "february"],
        &["maart", "mars", "märz", "march"],
        &["april", "avril"],
        &["mei", "mai", "may"],
        &["juni", "juin", "june"],
        &["juli", "juillet", "july"],
        &["augustus", "août", "aout", "august"],
        &["september", "septembre"],
        &["oktober", "octobre", "october"],
        &["november", "novembre"],
        &["december", "décembre", "decembre", "dezember"],
    ];
    let w = word.to_lowercase();
    let w = w.trim_end_matches('.');
    MONTHS
        .iter()
        .position(|names| {
            names
                .iter()
                .any(|n| *n == w || (w.chars().count() >= 3 && n.starts_with(w)))
        })
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_dates_are_read_day_first() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(parse_loose_date("28 juni 2021"), d(2021, 6, 28));
        assert_eq!(parse_loose_date("2026/12/06"), d(2026, 12, 6));
        assert_eq!(parse_loose_date("06.12.2026"), d(2026, 12, 6));
        assert_eq!(parse_loose_date("1er juin 2021"), d(2021, 6, 1));
        assert_eq!(parse_loose_date("3 Dec. 2021"), d(2021, 12, 3));
        assert_eq!(parse_loose_date("Persbericht zonder tekst"), None);
        assert_eq!(parse_loose_date("31 februari 2021"), None);
    }

    #[test]
    fn the_unclosed_text_is_found_where_it_opened() {
        let text = "a = \"\"\"é\"\"\"\n# \"\"\" in a comment\nb = 'it''s'\nc = \"\"\"open\nmore\n";
        assert_eq!(
            unclosed_opener(text),
            Some((text.find("\"\"\"open").unwrap(), "\"\"\""))
        );
        assert_eq!(unclosed_opener("a = \"\"\"x\"\"\"\"\"\n"), None);
    }
}
