//! The document metadata of a release: title, author, subject, keywords, languages and
//! date for the PDF's info dictionary and XMP packet.
//!
//! Titles get the same typography as the page (curly quotes, non-breaking spaces), so the
//! title a reader's PDF viewer shows matches the heading. Texts that differ between the
//! languages are joined with " / ", in the document's language order.

use super::BuildOptions;
use crate::brand::Brand;
use crate::lang::Lang;
use crate::markup::typography::{self, Settings};
use crate::model::Release;
use crate::pdf::Meta;

/// The metadata of `release` set in `langs` (the first is the document's language).
pub(super) fn meta(brand: &Brand, release: &Release, langs: &[Lang], opts: &BuildOptions) -> Meta {
    let title = |l: Lang| {
        let settings = Settings::new(l, &brand.typography(l));
        typography::apply_text(&release.text(l).title.value, &settings)
    };
    Meta {
        title: join(langs, &title),
        titles: langs
            .iter()
            .map(|&l| (l.bcp47().to_string(), title(l)))
            .collect(),
        author: join(langs, &|l| brand.short_name(l).to_string()),
        subject: join(langs, &|l| subject(release, l)),
        keywords: keywords(release, langs),
        lang: langs[0].bcp47().to_string(),
        languages: langs.iter().map(|l| l.bcp47().to_string()).collect(),
        date_unix: opts
            .date_override
            .unwrap_or_else(|| release.date.unix_seconds()),
        producer: format!("communique {}", env!("CARGO_PKG_VERSION")),
        standard: opts.pdf_standard,
        image_dpi: opts.image_dpi,
    }
}

/// `f` of every language, a text given once per run of equal neighbours.
fn join(langs: &[Lang], f: &dyn Fn(Lang) -> String) -> String {
    let mut v: Vec<String> = langs.iter().map(|&l| f(l)).collect();
    v.dedup();
    v.join(" / ")
}

/// The release's kind ("Persbericht", …), or the language's default label.
fn subject(release: &Release, l: Lang) -> String {
    release.text(l).kind.as_ref().map_or_else(
        || {
            crate::template::locale::label("kind", l)
                .unwrap_or_default()
                .to_string()
        },
        |k| k.value.clone(),
    )
}

/// The speaker's name, the reference and the language codes, for search.
fn keywords(release: &Release, langs: &[Lang]) -> Vec<String> {
    let mut keywords: Vec<String> = Vec::new();
    if let Some(s) = &release.speaker {
        keywords.push(s.name.get(langs[0]).value.clone());
    }
    if let Some(r) = &release.reference {
        keywords.push(r.value.clone());
    }
    keywords.extend(langs.iter().map(|l| l.code().to_string()));
    keywords
}
