//! Located TOML, read the same way for releases and brands: parsed once into toml's spanned
//! tree, so that every later diagnostic points at its key or value without parsing again,
//! and unknown keys are found on that tree (with the nearest known one as a hint) rather
//! than taken from serde's message text.

use super::suggest::nearest;
use super::Diagnostic;
use toml::de::{DeString, DeTable, DeValue};
use toml::Spanned;

/// Parses `text`; on failure, every syntax error the recovering parser found, located.
pub fn parse<'i>(path: &str, text: &'i str) -> Result<Spanned<DeTable<'i>>, Vec<Diagnostic>> {
    let (root, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        Ok(root)
    } else {
        // The recovered tree misses whatever the parser skipped, so checking it would
        // add false errors (a "missing title") on top of the real ones.
        Err(syntax_errors(path, text, &errors))
    }
}

/// The value at `keys` (a path of table keys), if there is one.
pub fn lookup<'a, 'i>(table: &'a DeTable<'i>, keys: &[&str]) -> Option<&'a Spanned<DeValue<'i>>> {
    let (first, rest) = keys.split_first()?;
    let value = table.get(*first)?;
    match rest {
        [] => Some(value),
        _ => lookup(value.get_ref().as_table()?, rest),
    }
}

/// The span of a string's text inside its quotes, so that for a string without
/// escapes `span.start + i` is where byte `i` of the value sits in the file. A
/// multi-line string drops the newline right after its opening quotes, as TOML does.
pub fn content_span(source: &str, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let Some(raw) = source.get(span.clone()) else {
        return span;
    };
    let delim = match raw {
        _ if raw.starts_with("\"\"\"") || raw.starts_with("'''") => 3,
        _ if raw.starts_with(['"', '\'']) => 1,
        _ => 0,
    };
    if raw.len() < 2 * delim {
        return span;
    }
    let inner = &raw[delim..raw.len() - delim];
    let newline = match inner {
        _ if delim == 3 && inner.starts_with("\r\n") => 2,
        _ if delim == 3 && inner.starts_with('\n') => 1,
        _ => 0,
    };
    span.start + delim + newline..span.end - delim
}

/// `unknown key "x" in <place>`, at the key, with the nearest of `known` as a hint.
pub fn unknown_key(
    path: &str,
    text: &str,
    key: &Spanned<DeString>,
    place: &str,
    known: &[&str],
) -> Diagnostic {
    let hint = match nearest(key.get_ref(), known) {
        Some(k) => format!("did you mean \"{k}\"?"),
        None => format!("the keys allowed here are: {}", known.join(", ")),
    };
    let message = format!("unknown key \"{}\" in {place}", key.get_ref());
    Diagnostic::error_at(path, text, key.span(), message).with_hint(hint)
}

/// toml's recovering parser reports an error and then often a few more that follow
/// from it on the same line. The first one it reports for a line names the cause
/// (`unexpected = in array` before `invalid boolean`), so that one is kept.
fn syntax_errors(path: &str, text: &str, errors: &[toml::de::Error]) -> Vec<Diagnostic> {
    let mut seen_lines = Vec::new();
    let mut diags = Vec::new();
    for d in errors.iter().map(|e| syntax_error(path, text, e)) {
        if !seen_lines.contains(&d.line) {
            seen_lines.push(d.line);
            diags.push(d);
        }
    }
    diags
}

fn syntax_error(path: &str, text: &str, e: &toml::de::Error) -> Diagnostic {
    super::syntax::diagnose(path, text, e)
}
