//! Loading a release: bytes → UTF-8 text → spanned TOML tree → validated [`Release`].
//!
//! Each step reports everything it finds before giving up: all syntax errors of the
//! file, or, for a syntactically valid file, every wrong value and key.

use super::check::Cx;
use super::release::release;
use super::Release;
use crate::diag::{self, located, Diagnostic};

/// Loads and validates a release. `path` names the file in diagnostics.
///
/// On failure, returns every problem found, sorted by position.
pub fn load(path: &str, source: &[u8]) -> Result<Release, Vec<Diagnostic>> {
    let text = decode(path, source).map_err(|d| vec![d])?;
    parse(path, text)
}

/// Validates a release already decoded by [`decode`], for callers that keep the text to
/// locate later diagnostics in it.
pub fn parse(path: &str, text: &str) -> Result<Release, Vec<Diagnostic>> {
    let root = located::parse(path, text).map_err(sorted)?;
    let mut cx = Cx::new(path, text);
    let release = release(&mut cx, root.get_ref(), root.span());
    match release {
        Some(r) if cx.diags.is_empty() => Ok(r),
        _ => Err(sorted(failed(cx.diags, path))),
    }
}

fn sorted(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diag::sort(&mut diags);
    diags
}

/// Every check that gives up records why; this guards against one that forgets.
fn failed(mut diags: Vec<Diagnostic>, path: &str) -> Vec<Diagnostic> {
    if diags.is_empty() {
        diags.push(Diagnostic::error(path, "the release could not be read"));
    }
    diags
}

/// The source as text, or an error at the first byte that is not UTF-8.
pub fn decode<'s>(path: &str, source: &'s [u8]) -> Result<&'s str, Diagnostic> {
    std::str::from_utf8(source).map_err(|e| {
        let at = e.valid_up_to();
        // Only the valid prefix is text; the position is counted in it.
        let valid = std::str::from_utf8(&source[..at]).unwrap_or_default();
        let message = format!(
            "expected UTF-8 text, found the byte 0x{:02X}, which is not UTF-8",
            source[at]
        );
        Diagnostic::error(path, message)
            .at(valid, at)
            .with_hint(encoding_hint(source, at))
    })
}

/// Most non-UTF-8 releases are Windows-1252 files from an old editor, where 0xE9 is `é`;
/// Windows tools also like to save UTF-16, recognisable by its byte order mark.
fn encoding_hint(source: &[u8], at: usize) -> String {
    if source.starts_with(&[0xFF, 0xFE]) || source.starts_with(&[0xFE, 0xFF]) {
        return "the file looks like UTF-16; save it as UTF-8".to_string();
    }
    let byte = source[at];
    let latin1 = char::from(byte);
    if byte >= 0xA0 && latin1.is_alphanumeric() {
        format!("the file looks like Latin-1 or Windows-1252 (0x{byte:02X} is \"{latin1}\" there); save it as UTF-8")
    } else {
        "save the file as UTF-8".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(src: &str) -> Vec<String> {
        match load("r.toml", src.as_bytes()) {
            Ok(_) => Vec::new(),
            Err(d) => d.iter().map(Diagnostic::short).collect(),
        }
    }

    const MINIMAL: &str = "date = 2021-06-28\nlanguages = [\"nl\"]\n[nl]\ntitle = \"Titel\"\n";

    #[test]
    fn minimal_release_loads() {
        assert_eq!(errors(MINIMAL), Vec::<String>::new());
    }

    #[test]
    fn misspelt_key_suggests_the_known_one() {
        let src = MINIMAL.replace("title", "titel");
        let errs = errors(&src);
        assert!(
            errs.contains(
                &r#"r.toml:4:1: error: unknown key "titel" in [nl] (hint: did you mean "title"?)"#
                    .to_string()
            ),
            "{errs:#?}"
        );
    }

    #[test]
    fn columns_count_characters_after_accented_text() {
        // "Brüssel" has a two-byte ü before the bad key; the column counts it once.
        let src = "date = 2021-06-28\nlanguages = [\"nl\"]\nplace = { nl = \"Brüssel\", xx = \"a\" }\n[nl]\ntitle = \"T\"\n";
        let errs = errors(src);
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert!(
            errs[0]
                .starts_with("r.toml:3:27: error: place: expected a language code, found \"xx\""),
            "{errs:#?}"
        );
    }

    #[test]
    fn non_utf8_byte_is_located_not_a_panic() {
        let mut src = b"date = 2021-06-28\nlanguages = [\"nl\"]\n[nl]\ntitle = \"Caf".to_vec();
        src.extend_from_slice(b"\xE9\"\n");
        let err = load("r.toml", &src).unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!((err[0].line, err[0].column), (4, 13));
        assert!(
            err[0].hint.as_deref().unwrap().contains("\"é\""),
            "{:?}",
            err[0]
        );
    }

    #[test]
    fn text_span_points_inside_the_quotes() {
        let src = "date = 2021-06-28\nlanguages = [\"nl\"]\n[nl]\ntitle = \"\"\"\nTitel\"\"\"\nlead = 'Één'\n";
        let r = load("r.toml", src.as_bytes()).unwrap();
        let nl = r.text(crate::Lang::Nl);
        assert_eq!(&src[nl.title.span.clone()], "Titel");
        assert_eq!(&src[nl.lead.as_ref().unwrap().span.clone()], "Één");
    }

    #[test]
    fn syntax_errors_keep_one_per_line() {
        // The unclosed list swallows line 3; toml then reports five errors there.
        let errs = errors("date = 2021-06-28\nx = [1, \ntitle = \"abc\n");
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert!(
            errs[0].starts_with("r.toml:3:7: error: invalid TOML: unexpected `=` in array"),
            "{errs:#?}"
        );
    }
}
