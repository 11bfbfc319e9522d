//! Where a brand's printed texts are written in its file: the organisation's name and
//! address lines, short name and website, the "about" texts and the end marks.
//!
//! Taken from the spanned TOML tree the brand is read from (the one parse in
//! [`Brand::load`](super::Brand::load)), so that a layout warning in the letterhead or in the
//! "about" text points at the brand file's line and column (through the marked rendering,
//! `template::mark`), not at a search for the word. Each span is the string's content,
//! inside its quotes, like a release's `Located` values.

use crate::diag::located::{content_span, lookup};
use crate::lang::Lang;
use std::collections::BTreeMap;
use std::ops::Range;
use toml::de::{DeTable, DeValue};

/// A brand file as the diagnostics about its texts need it.
#[derive(Debug, Default)]
pub struct BrandSource {
    /// The brand file's name, as its diagnostics give it.
    pub path: String,
    /// The brand file's text.
    pub text: String,
    pub spans: TextSpans,
}

/// The spans of the brand's printed texts, keyed as [`super::BrandFile`] keys them.
#[derive(Debug, Default)]
pub struct TextSpans {
    pub name: BTreeMap<Lang, Vec<Range<usize>>>,
    pub short: BTreeMap<Lang, Range<usize>>,
    pub address: BTreeMap<Lang, Vec<Range<usize>>>,
    pub website: Option<Range<usize>>,
    pub about: BTreeMap<Lang, Range<usize>>,
    pub end_mark: BTreeMap<Lang, Range<usize>>,
}

impl TextSpans {
    /// The spans of `root`, a brand file's tree that passed the key checks, in `source`.
    pub fn of(source: &str, root: &DeTable) -> TextSpans {
        let string = |v: &toml::Spanned<DeValue>| match v.get_ref() {
            DeValue::String(_) => Some(content_span(source, v.span())),
            _ => None,
        };
        let lines = |v: &toml::Spanned<DeValue>| match v.get_ref() {
            DeValue::Array(items) => Some(items.iter().filter_map(string).collect()),
            _ => None,
        };
        TextSpans {
            name: per_lang(root, &["organisation", "name"], lines),
            short: per_lang(root, &["organisation", "short"], string),
            address: per_lang(root, &["organisation", "address"], lines),
            website: lookup(root, &["organisation", "website"]).and_then(string),
            about: per_lang(root, &["about"], string),
            end_mark: per_lang(root, &["end_mark"], string),
        }
    }
}

/// What `read` gives for each language key of the table at `keys` (other keys, such as the
/// end mark's `show`, are left out).
fn per_lang<T>(
    root: &DeTable,
    keys: &[&str],
    read: impl Fn(&toml::Spanned<DeValue>) -> Option<T>,
) -> BTreeMap<Lang, T> {
    let Some(table) = lookup(root, keys).and_then(|v| v.get_ref().as_table()) else {
        return BTreeMap::new();
    };
    table
        .iter()
        .filter_map(|(key, value)| Some((Lang::from_code(key.get_ref().as_ref())?, read(value)?)))
        .collect()
}
