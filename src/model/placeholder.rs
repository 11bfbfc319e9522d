//! Placeholder text left from `communique init`: a warning, not an error.
//!
//! The skeleton `init` writes builds at once, so that a new user sees a PDF straight away;
//! the price is that a release sent out with "Voornaam Naam" as its speaker also builds.
//! Each text of the release that still holds one of the skeleton's sample phrases is
//! reported, at that text, so the writer can see what is left to fill in.

use super::{Located, Release};
use crate::diag::Diagnostic;
use crate::lang::Lang;

/// Phrases of `src/cli/skeleton.toml` that no real release would contain (a test keeps the
/// two in step). Headings like "Achtergrond" are real words and not listed.
pub const PHRASES: &[&str] = &[
    "Voornaam Naam",
    "minister van …",
    "ministre de …",
    "pers@example.org",
    "+32 2 000 00 00",
    "Titel van het persbericht",
    "De lead vat het bericht samen",
    "Een citaat van de spreker.",
    "Alinea's worden gescheiden door een lege regel",
    "Titre du communiqué de presse",
    "Le chapeau résume le communiqué",
    "Une citation de l'orateur.",
    "Les paragraphes sont séparés par une ligne vide",
];

/// A warning for every text of `release` in the document of `langs` that still holds
/// sample text from `init`. The texts all languages share are reported with the document
/// that holds the release's first language, so a `--split` build reports them once.
pub fn warnings(path: &str, source: &str, release: &Release, langs: &[Lang]) -> Vec<Diagnostic> {
    let shared = release
        .languages
        .first()
        .is_some_and(|first| langs.contains(first));
    let mut values: Vec<&Located<String>> = Vec::new();
    for v in release.texts() {
        let in_built_lang = langs
            .iter()
            .filter_map(|l| release.texts.get(l))
            .any(|t| lang_values(t).any(|x| std::ptr::eq(x, v)));
        let in_any_lang = release
            .texts
            .values()
            .any(|t| lang_values(t).any(|x| std::ptr::eq(x, v)));
        if in_built_lang || (shared && !in_any_lang) {
            values.push(v);
        }
    }
    values
        .into_iter()
        .filter_map(|v| warning(path, source, v))
        .collect()
}

fn lang_values(t: &super::LangText) -> impl Iterator<Item = &Located<String>> {
    let quotes = t
        .quotes
        .iter()
        .chain(t.sections.iter().flat_map(|s| &s.quotes));
    [&t.title]
        .into_iter()
        .chain(&t.kind)
        .chain(&t.subtitle)
        .chain(&t.lead)
        .chain(&t.notes)
        .chain(quotes.flat_map(|q| [&q.text].into_iter().chain(&q.by)))
        .chain(
            t.sections
                .iter()
                .flat_map(|s| s.heading.iter().chain([&s.text])),
        )
}

fn warning(path: &str, source: &str, v: &Located<String>) -> Option<Diagnostic> {
    let phrase = PHRASES.iter().find(|p| v.value.contains(*p))?;
    let at = source
        .get(v.span.clone())
        .and_then(|raw| raw.find(phrase))
        .map_or(v.span.start, |i| v.span.start + i);
    let message = format!("sample text from `communique init` is still here: \"{phrase}\"");
    Some(
        Diagnostic::error(path, message)
            .warning()
            .spanning(source, at..at + phrase.len())
            .with_hint(
                "replace it with the release's own text, or remove the key if it is optional",
            ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SKELETON: &str = include_str!("../cli/skeleton.toml");

    #[test]
    fn every_phrase_is_in_the_skeleton() {
        for p in PHRASES {
            assert!(SKELETON.contains(p), "{p:?} is no longer in skeleton.toml");
        }
    }

    #[test]
    fn the_skeleton_warns_at_every_sample_text() {
        let text = SKELETON
            .replace("{{date}}", "2026-12-06")
            .replace("{{name}}", "x")
            .replace("{{file}}", "x.toml");
        let release = crate::model::load("x.toml", text.as_bytes()).expect("skeleton loads");
        let all = warnings("x.toml", &text, &release, &release.languages);
        // "Voornaam Naam" is both the speaker's and the contact's name.
        let expected = PHRASES
            .iter()
            .map(|p| SKELETON.matches(p).count())
            .sum::<usize>();
        assert_eq!(all.len(), expected, "{all:#?}");
        // Built language by language, the shared texts are reported with the first only.
        let nl = warnings("x.toml", &text, &release, &[Lang::Nl]);
        let fr = warnings("x.toml", &text, &release, &[Lang::Fr]);
        assert_eq!(nl.len() + fr.len(), expected);
    }
}
