//! Checks for single values of the spanned TOML tree: texts, per-language texts, dates,
//! sub-tables and unknown keys.
//!
//! Every check records what is wrong in [`Cx`] and returns `None` instead of stopping,
//! so one pass over the file reports every problem at once.

use super::{Localized, Located, When};
use crate::diag::located;
use crate::diag::suggest::nearest;
use crate::diag::Diagnostic;
use crate::lang::Lang;
use chrono::{NaiveDate, NaiveTime};
use std::collections::BTreeMap;
use std::ops::Range;
use toml::de::{DeTable, DeValue};
use toml::value::{Datetime, Offset};
use toml::Spanned;

pub(super) type Value<'i> = Spanned<DeValue<'i>>;

/// How to write a date; shown whenever a date is wrong.
pub(super) const DATE_HINT: &str = "write a TOML date without quotes, like 2021-06-28, \
     or a date-time with its UTC offset, like 2021-06-28T10:00:00+02:00";

/// Whether a key must be present, and if so, the hint for when it is not.
#[derive(Clone, Copy)]
pub(super) enum Need {
    Optional,
    Required(&'static str),
}

/// A table of the release with its dotted name (`nl.sections`; empty at the top level)
/// and the span of its header, where problems with the table as a whole are reported.
pub(super) struct Node<'a, 'i> {
    pub name: String,
    pub table: &'a DeTable<'i>,
    pub span: Range<usize>,
}

impl<'a, 'i> Node<'a, 'i> {
    /// The full dotted name of `key` in this table, as shown in messages.
    pub fn field(&self, key: &str) -> String {
        if self.name.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.name)
        }
    }

    /// How messages name this table: `[nl.sections]`, or the top level.
    pub fn label(&self) -> String {
        if self.name.is_empty() {
            "the top level of the release".to_string()
        } else {
            format!("[{}]", self.name)
        }
    }

    fn child(&self, key: &str, table: &'a DeTable<'i>, span: Range<usize>) -> Node<'a, 'i> {
        Node {
            name: self.field(key),
            table,
            span,
        }
    }
}

/// The checking context: the source for positions, the diagnostics found so far, and
/// the release's languages once they are known.
pub(super) struct Cx<'s> {
    pub path: &'s str,
    pub source: &'s str,
    pub diags: Vec<Diagnostic>,
    /// The languages listed in `languages`; `None` while unknown or when the list is
    /// unusable, in which case per-language tables are not checked for completeness.
    pub langs: Option<Vec<Lang>>,
}

impl<'s> Cx<'s> {
    pub fn new(path: &'s str, source: &'s str) -> Cx<'s> {
        Cx {
            path,
            source,
            diags: Vec::new(),
            langs: None,
        }
    }

    pub fn error(&mut self, span: Range<usize>, message: String, hint: String) {
        let d = Diagnostic::error_at(self.path, self.source, span, message).with_hint(hint);
        self.diags.push(d);
    }

    /// `field: expected …, found …`, the message shape for every wrong value.
    pub fn expected(&mut self, field: &str, v: &Value, expected: &str, hint: String) {
        let found = describe(v.get_ref());
        self.error(
            v.span(),
            format!("{field}: expected {expected}, found {found}"),
            hint,
        );
    }

    /// Reports every key of `node` that is not in `known`.
    pub fn keys(&mut self, node: &Node, known: &[&str]) {
        for (key, _) in node.table.iter() {
            if !known.contains(&key.get_ref().as_ref()) {
                self.unknown_key(node, key, known);
            }
        }
    }

    pub fn unknown_key(&mut self, node: &Node, key: &Spanned<toml::de::DeString>, known: &[&str]) {
        let d = located::unknown_key(self.path, self.source, key, &node.label(), known);
        self.diags.push(d);
    }

    /// The value of `key`, reporting it when it is required and missing.
    pub fn value<'a, 'i>(
        &mut self,
        node: &Node<'a, 'i>,
        key: &str,
        need: Need,
    ) -> Option<&'a Value<'i>> {
        let v = node.table.get(key);
        // A misspelt key is already reported with its correction; "missing" would
        // only repeat it. (Looked for only when the key is missing: edit distances to every
        // key of the table, for every field, would cost every build.)
        if let (None, Need::Required(hint)) = (v, need) {
            if misspelt_in(node.table, key) {
                return v;
            }
            let message = format!("missing \"{key}\" in {}", node.label());
            self.error(node.span.clone(), message, hint.to_string());
        }
        v
    }

    /// A plain text field: a non-blank string.
    pub fn text(&mut self, node: &Node, key: &str, need: Need) -> Option<Located<String>> {
        let v = self.value(node, key, need)?;
        self.string(&node.field(key), v, need)
    }

    /// Checks that `v` is a string with some visible text in it.
    pub fn string(&mut self, field: &str, v: &Value, need: Need) -> Option<Located<String>> {
        let Some(s) = v.get_ref().as_str() else {
            let hint = format!("put the text in quotes: {} = \"…\"", last_key(field));
            self.expected(field, v, "a string", hint);
            return None;
        };
        if s.trim().is_empty() {
            let hint = match need {
                Need::Required(_) => "write the text between the quotes; it is required",
                Need::Optional => "write the text between the quotes, or leave the key out",
            };
            let hint = hint.to_string();
            self.expected(field, v, "some text", hint);
            return None;
        }
        if let Some(c) = s.chars().find(|&c| is_unprintable(c)) {
            let at = control_offset(self.source, v.span(), c);
            let d = Diagnostic::error(self.path, format!("{field}: control character {} in the text", crate::diag::codepoint::describe(c)))
                .at(self.source, at)
                .with_hint("remove it: it cannot be printed (write line breaks as new lines inside \"\"\" … \"\"\")");
            self.diags.push(d);
            return None;
        }
        Some(Located::new(
            s.to_string(),
            crate::diag::located::content_span(self.source, v.span()),
        ))
    }

    /// A text that is either one string for every language or a per-language table.
    pub fn localized(&mut self, node: &Node, key: &str, need: Need) -> Option<Localized> {
        let v = self.value(node, key, need)?;
        let field = node.field(key);
        match v.get_ref() {
            DeValue::String(_) => self.string(&field, v, need).map(Localized::Same),
            // Every language of the release needs its entry, so each one is required.
            DeValue::Table(t) => self.per_lang(&field, t, v.span()),
            _ => {
                let hint = format!(
                    "write {key} = \"…\" for all languages, or {key} = {{ nl = \"…\", fr = \"…\" }}"
                );
                self.expected(&field, v, "a string or a per-language table", hint);
                None
            }
        }
    }

    fn per_lang(&mut self, field: &str, t: &DeTable, span: Range<usize>) -> Option<Localized> {
        let mut texts = BTreeMap::new();
        for (key, v) in t.iter() {
            let lang = self.release_lang(field, key);
            let entry = format!("{field}.{}", key.get_ref());
            let text = self.string(&entry, v, Need::Required(""));
            if let (Some(lang), Some(text)) = (lang, text) {
                texts.insert(lang, text);
            }
        }
        self.missing_langs(field, t, &texts, span);
        (!texts.is_empty()).then_some(Localized::PerLang(texts))
    }

    /// The language a key of a per-language table names, if the release is in it.
    fn release_lang(&mut self, field: &str, key: &Spanned<toml::de::DeString>) -> Option<Lang> {
        let code = key.get_ref().as_ref();
        let listed = self.langs.clone();
        match (Lang::from_code(code), &listed) {
            (Some(l), Some(langs)) if langs.contains(&l) => Some(l),
            (Some(l), None) => Some(l),
            (Some(_), Some(langs)) => {
                let message = format!(
                    "{field}: \"{code}\" is not one of the release's languages ({})",
                    codes(langs)
                );
                let hint = format!("add \"{code}\" to languages, or remove this entry");
                self.error(key.span(), message, hint);
                None
            }
            (None, _) => {
                self.unknown_lang_key(field, key, listed.as_deref());
                None
            }
        }
    }

    fn unknown_lang_key(
        &mut self,
        field: &str,
        key: &Spanned<toml::de::DeString>,
        langs: Option<&[Lang]>,
    ) {
        let langs = langs.map_or(Lang::ALL.to_vec(), <[Lang]>::to_vec);
        let known: Vec<&str> = langs.iter().map(|l| l.code()).collect();
        let hint = match nearest(key.get_ref(), &known) {
            Some(k) => format!("did you mean \"{k}\"?"),
            None => format!(
                "the keys of a per-language table are the release's languages: {}",
                codes(&langs)
            ),
        };
        let message = format!(
            "{field}: expected a language code, found \"{}\"",
            key.get_ref()
        );
        self.error(key.span(), message, hint);
    }

    fn missing_langs(
        &mut self,
        field: &str,
        table: &DeTable,
        texts: &BTreeMap<Lang, Located<String>>,
        span: Range<usize>,
    ) {
        let Some(langs) = &self.langs else { return };
        // A misspelt code (`fe`) was already reported with its correction (`fr`).
        let missing: Vec<Lang> = langs
            .iter()
            .copied()
            .filter(|l| !texts.contains_key(l) && !misspelt_in(table, l.code()))
            .collect();
        let Some(first) = missing.first() else { return };
        let message = format!("{field}: no text for {}", codes(&missing));
        let hint = format!(
            "add {first} = \"…\" to the table, or write one plain string for all languages"
        );
        self.error(span, message, hint);
    }

    /// A date, or a date-time with a UTC offset.
    pub fn when(&mut self, node: &Node, key: &str, need: Need) -> Option<When> {
        let v = self.value(node, key, need)?;
        let field = node.field(key);
        match v.get_ref() {
            DeValue::Datetime(dt) => self.datetime(&field, v, dt),
            DeValue::String(s) => {
                let hint = unquote_hint(key, s);
                self.expected(&field, v, "a date like 2021-06-28", hint);
                None
            }
            _ => {
                self.expected(&field, v, "a date like 2021-06-28", DATE_HINT.to_string());
                None
            }
        }
    }

    fn datetime(&mut self, field: &str, v: &Value, dt: &Datetime) -> Option<When> {
        let when = match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => to_date(d).map(|date| When { date, time: None }),
            (Some(d), Some(t), Some(off)) => to_when(d, t, off),
            (Some(_), Some(_), None) => {
                let hint = format!("add the UTC offset, like {dt}+02:00, or write only the date");
                self.expected(field, v, "a date or a date-time with a UTC offset", hint);
                return None;
            }
            _ => None,
        };
        if when.is_none() {
            self.expected(field, v, "a date like 2021-06-28", DATE_HINT.to_string());
        }
        when
    }

    /// An optional sub-table such as `[speaker]`.
    pub fn table<'a, 'i>(
        &mut self,
        node: &Node<'a, 'i>,
        key: &str,
        need: Need,
    ) -> Option<Node<'a, 'i>> {
        let v = self.value(node, key, need)?;
        match v.get_ref() {
            DeValue::Table(t) => Some(node.child(key, t, v.span())),
            _ => {
                let hint = format!(
                    "write it as a table: [{}] on a line of its own, then its keys",
                    node.field(key)
                );
                self.expected(&node.field(key), v, "a table", hint);
                None
            }
        }
    }

    /// An array of tables such as `[[nl.sections]]`; absent means none.
    pub fn tables<'a, 'i>(&mut self, node: &Node<'a, 'i>, key: &str) -> Vec<Node<'a, 'i>> {
        let field = node.field(key);
        let hint = format!("write each entry as [[{field}]] followed by its keys");
        let Some(v) = node.table.get(key) else {
            return Vec::new();
        };
        let Some(items) = v.get_ref().as_array() else {
            self.expected(&field, v, "a list of tables", hint);
            return Vec::new();
        };
        let mut nodes = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(t) => nodes.push(node.child(key, t, item.span())),
                _ => self.expected(&field, item, "a table", hint.clone()),
            }
        }
        nodes
    }
}

/// Whether `table` has a key that is a misspelling of `key`.
fn misspelt_in(table: &DeTable, key: &str) -> bool {
    table
        .iter()
        .any(|(k, _)| k.get_ref() != key && nearest(k.get_ref(), &[key]).is_some())
}

/// The last component of a dotted field name: the key the author typed.
fn last_key(field: &str) -> &str {
    field.rsplit('.').next().unwrap_or(field)
}

/// "nl, fr" for messages.
pub(super) fn codes(langs: &[Lang]) -> String {
    langs
        .iter()
        .map(|l| l.code())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A string that is a valid TOML date only needs its quotes removed.
fn unquote_hint(key: &str, s: &str) -> String {
    match s.trim().parse::<Datetime>() {
        Ok(dt) if dt.date.is_some() => format!("remove the quotes: {key} = {}", s.trim()),
        _ => DATE_HINT.to_string(),
    }
}

fn to_date(d: toml::value::Date) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
}

fn to_when(d: toml::value::Date, t: toml::value::Time, off: Offset) -> Option<When> {
    let time = NaiveTime::from_hms_nano_opt(
        u32::from(t.hour),
        u32::from(t.minute),
        u32::from(t.second),
        t.nanosecond,
    )?;
    let minutes = match off {
        Offset::Z => 0,
        Offset::Custom { minutes } => i32::from(minutes),
    };
    Some(When {
        date: to_date(d)?,
        time: Some((time, minutes)),
    })
}

/// What the author wrote, for "found …" in messages.
pub(super) fn describe(v: &DeValue) -> String {
    match v {
        DeValue::String(s) if s.trim().is_empty() => "an empty string".to_string(),
        DeValue::String(s) => quoted(s),
        DeValue::Integer(i) => format!("the number {i}"),
        DeValue::Float(f) => format!("the number {f}"),
        DeValue::Boolean(b) => format!("{b}"),
        DeValue::Datetime(dt) if dt.date.is_none() => format!("the time {dt} without a date"),
        DeValue::Datetime(dt) if dt.time.is_none() => format!("the date {dt}"),
        DeValue::Datetime(dt) if dt.offset.is_none() => format!("{dt} (no UTC offset)"),
        DeValue::Datetime(dt) => format!("the date-time {dt}"),
        DeValue::Array(a) if a.is_empty() => "an empty list".to_string(),
        DeValue::Array(_) => "a list".to_string(),
        DeValue::Table(_) => "a table".to_string(),
    }
}

/// Longest quoted text shown in a message before it is cut off.
const MAX_QUOTED_CHARS: usize = 40;

fn quoted(s: &str) -> String {
    if s.chars().count() <= MAX_QUOTED_CHARS {
        return format!("{s:?}");
    }
    let cut: String = s.chars().take(MAX_QUOTED_CHARS).collect();
    format!("{:?}", cut + "…")
}

/// A control character that has no place in a printed text (line breaks and tabs are
/// whitespace).
fn is_unprintable(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t')
}

/// Where control character `c` is written in the string at `span`: the character itself,
/// or its escape (`\u0007`, `\b`…), else the start of the string.
fn control_offset(source: &str, span: Range<usize>, c: char) -> usize {
    let Some(raw) = source.get(span.clone()) else {
        return span.start;
    };
    let lower = raw.to_ascii_lowercase();
    let short = match c {
        '\u{8}' => Some("\\b"),
        '\u{c}' => Some("\\f"),
        '\u{1b}' => Some("\\e"),
        _ => None,
    };
    [
        raw.find(c),
        lower.find(&format!("\\u{:04x}", c as u32)),
        lower.find(&format!("\\u{:08x}", c as u32)),
        short.and_then(|e| raw.find(e)),
    ]
    .into_iter()
    .flatten()
    .min()
    .map_or(span.start, |i| span.start + i)
}
