//! The data a template sees: a release and a brand flattened into JSON for some languages.
//!
//! Everything a template needs is resolved here — default kinds, quote attributions, the
//! brand's lines per language, the counterpart rows of a parallel layout — so that the
//! templates stay declarative. Optional values are present as `null` (strict mode only
//! rejects keys that do not exist), so `{{#if lead}}` works everywhere. The shape is
//! documented in the [module docs](super).

use super::locale;
use super::mark::{self, File, Place};
use crate::brand::{Brand, FrenchArticle, LinkStyle};
use crate::lang::Lang;
use crate::model::{Contact, LangText, Located, Photo, Quote, Release, Section, Update, When};
use serde_json::{Map, Value};
use std::ops::Range;

/// The template context for a document holding `langs` (in that order) of `release`.
///
/// Languages in `langs` that the release does not have are skipped; with none left, the
/// release's own languages are used, so the document is never empty.
pub fn context(release: &Release, brand: &Brand, langs: &[Lang]) -> Value {
    build(release, brand, langs, Texts { marked: false })
}

/// [`context`] with every release text marked with its place in the release file, and every
/// brand text the pages print with its place in its brand file (see [`super::mark`]), for
/// mapping a rendering's markup back to the files it came from.
pub fn context_marked(release: &Release, brand: &Brand, langs: &[Lang]) -> Value {
    build(release, brand, langs, Texts { marked: true })
}

/// How the release's texts go into the context: as they are, or in marks.
#[derive(Clone, Copy)]
struct Texts {
    marked: bool,
}

impl Texts {
    fn of(self, v: &Located<String>) -> Value {
        self.at(v, 0, &v.value).into()
    }

    fn opt(self, v: Option<&Located<String>>) -> Value {
        v.map_or(Value::Null, |v| self.of(v))
    }

    /// `text`, byte `offset` on of the value `v`.
    fn at(self, v: &Located<String>, offset: usize, text: &str) -> String {
        match self.marked {
            true => mark::mark(&Place::release(&v.span), offset, text),
            false => text.to_string(),
        }
    }

    /// `text`, a brand text of the document brand's `k`-th organisation written at `span`
    /// in its brand file.
    fn brand(self, k: usize, span: Option<&Range<usize>>, text: &str) -> String {
        match (self.marked, span) {
            (true, Some(span)) => {
                let place = Place {
                    file: File::Brand(k),
                    span: span.clone(),
                };
                mark::mark(&place, 0, text)
            }
            _ => text.to_string(),
        }
    }

    /// A brand's `lines` (name or address lines), written at `spans` in its file.
    fn lines(self, k: usize, lines: &[String], spans: &[Range<usize>]) -> Value {
        if !self.marked || lines.len() != spans.len() {
            return strings(lines);
        }
        let marked = lines.iter().zip(spans);
        marked.map(|(l, s)| self.brand(k, Some(s), l)).collect()
    }
}

fn build(release: &Release, brand: &Brand, langs: &[Lang], tx: Texts) -> Value {
    let mut langs: Vec<Lang> = langs
        .iter()
        .copied()
        .filter(|l| release.texts.contains_key(l))
        .collect();
    if langs.is_empty() {
        langs = release.languages.clone();
    }
    let texts: Vec<Value> = langs
        .iter()
        .map(|&l| text(release, brand, l, release.text(l), tx))
        .collect();
    let website = brand.file.organisation.website.as_deref();
    let website_text = website.map(|w| tx.brand(0, brand.source.spans.website.as_ref(), w));
    object([
        ("lang", langs.first().map(|l| l.code()).into()),
        ("langs", langs.iter().map(|l| l.code()).collect()),
        ("date", iso_date(&release.date).into()),
        ("time", iso_time(&release.date).into()),
        (
            "embargo",
            release
                .embargo
                .as_ref()
                .map(|e| object([("date", iso_date(e).into()), ("time", iso_time(e).into())]))
                .into(),
        ),
        (
            "update",
            release
                .update
                .as_ref()
                .map(|u| update(u, &release.date))
                .into(),
        ),
        ("reference", tx.opt(release.reference.as_ref())),
        ("website", website_text.into()),
        ("website_href", website.map(website_href).into()),
        ("links", brand.file.links.print.name().into()),
        ("parallel", parallel(release, brand, &langs, tx)),
        ("texts", texts.into()),
    ])
}

/// A JSON object of `entries`. Values are moved in: `serde_json::json!` would serialize
/// each nested value into a fresh copy, and the copies of copies cost more than the rest of
/// the context.
fn object<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect::<Map<_, _>>(),
    )
}

fn strings(lines: &[String]) -> Value {
    lines.iter().map(String::as_str).collect()
}

fn text(release: &Release, brand: &Brand, lang: Lang, t: &LangText, tx: Texts) -> Value {
    let kind = match &t.kind {
        Some(k) => tx.of(k),
        None => locale::label("kind", lang).unwrap_or("").into(),
    };
    let contacts: Vec<Value> = release
        .contacts
        .iter()
        .filter(|c| c.speaks(lang))
        .map(|c| contact(lang, c, tx))
        .collect();
    // `contact` (the first) keeps templates written for the single `[contact]` working.
    let first_contact = contacts.first().cloned().unwrap_or(Value::Null);
    object([
        ("lang", lang.code().into()),
        ("kind", kind),
        ("title", tx.of(&t.title)),
        ("subtitle", tx.opt(t.subtitle.as_ref())),
        ("lead", tx.opt(t.lead.as_ref())),
        ("end_mark", end_mark(brand, lang, tx).into()),
        ("notes", tx.opt(t.notes.as_ref())),
        ("has_notes", has_notes(brand, t, lang).into()),
        ("footnotes", has_footnotes(t, brand.file.links.print).into()),
        ("place", tx.opt(release.place.as_ref().map(|p| p.get(lang)))),
        ("org", org(brand, 0, short_name(brand, lang, tx), lang, tx)),
        (
            "orgs",
            (brand.organisations().enumerate())
                .map(|(k, b)| {
                    let short = tx.brand(k, b.short_span(lang), b.own_short_name(lang));
                    org(b, k, short, lang, tx)
                })
                .collect(),
        ),
        ("photos", photos(release, lang, tx)),
        (
            "quotes",
            t.quotes
                .iter()
                .map(|q| quote(release, lang, q, tx))
                .collect(),
        ),
        (
            "sections",
            t.sections
                .iter()
                .map(|s| section(release, lang, s, tx))
                .collect(),
        ),
        ("contacts", contacts.into()),
        ("contact", first_contact),
    ])
}

/// The brand's end mark in `lang`, the language's default, or none when the brand turns
/// it off.
fn end_mark(brand: &Brand, lang: Lang, tx: Texts) -> Option<String> {
    let mark = &brand.file.end_mark;
    if !mark.show {
        return None;
    }
    match mark.text(lang) {
        Some(own) => Some(tx.brand(0, brand.source.spans.end_mark.get(&lang), own)),
        None => locale::label("end", lang).map(str::to_string),
    }
}

/// The short name of `brand` in `lang` (a joint brand's names every organisation), each
/// organisation's part marked with its place when `tx` marks.
fn short_name(brand: &Brand, lang: Lang, tx: Texts) -> String {
    let plain = brand.short_name(lang);
    if !tx.marked {
        return plain.to_string();
    }
    let marked = match brand.is_joint() {
        false => tx.brand(0, brand.short_span(lang), plain),
        true => (brand.organisations().enumerate())
            .map(|(k, b)| tx.brand(k, b.short_span(lang), b.own_short_name(lang)))
            .collect::<Vec<_>>()
            .join(" / "),
    };
    // A joint name missing in `lang` falls back to another language's: a marked name that
    // would not read as the plain one is left unmarked (else nothing would be located).
    match mark::unmarked(&marked) == plain {
        true => marked,
        false => plain.to_string(),
    }
}

/// Whether the part in `lang` has notes to editors: its own, or an organisation's "about".
fn has_notes(brand: &Brand, t: &LangText, lang: Lang) -> bool {
    t.notes.is_some()
        || brand
            .organisations()
            .any(|b| b.file.about.contains_key(&lang))
}

/// Whether the text of the part may have footnotes (a reference `[^…` in a section): the
/// templates then set the notes at the end of the text. A false positive costs nothing (no
/// notes, no output); notes the templates do not set go before the next page break.
fn has_footnotes(t: &LangText, links: LinkStyle) -> bool {
    let marker = match links {
        // A link may become a note: any `[` may start one.
        LinkStyle::Notes => "[",
        LinkStyle::Inline => "[^",
    };
    t.sections.iter().any(|s| s.text.value.contains(marker))
}

/// One organisation's lines in `lang`, the document brand's `k`-th, with `short` as its
/// short name (a joint brand's `org` names every organisation there).
fn org(brand: &Brand, k: usize, short: String, lang: Lang, tx: Texts) -> Value {
    let website = brand.file.organisation.website.as_deref();
    let spans = &brand.source.spans;
    object([
        (
            "name",
            tx.lines(k, brand.name_lines(lang), brand.name_spans(lang)),
        ),
        ("short", short.into()),
        (
            "address",
            tx.lines(k, brand.address_lines(lang), brand.address_spans(lang)),
        ),
        (
            "website",
            website
                .map(|w| tx.brand(k, spans.website.as_ref(), w))
                .into(),
        ),
        ("website_href", website.map(website_href).into()),
        (
            "french_article",
            (brand.file.organisation.french_article)
                .map(FrenchArticle::name)
                .into(),
        ),
        (
            "about",
            (brand.file.about.get(&lang))
                .map(|a| tx.brand(k, spans.about.get(&lang), a))
                .into(),
        ),
    ])
}

/// The release's photos as `lang`'s part shows them.
fn photos(release: &Release, lang: Lang, tx: Texts) -> Value {
    (release.photos.iter().enumerate())
        .map(|(i, p)| photo(lang, i + 1, p, tx))
        .collect()
}

fn photo(lang: Lang, number: usize, p: &Photo, tx: Texts) -> Value {
    object([
        ("lang", lang.code().into()),
        ("number", number.into()),
        ("file", p.file.value.as_str().into()),
        ("alt", tx.of(p.alt.get(lang))),
        ("caption", tx.opt(p.caption.as_ref().map(|c| c.get(lang)))),
        ("credit", tx.opt(p.credit.as_ref())),
    ])
}

fn quote(release: &Release, lang: Lang, q: &Quote, tx: Texts) -> Value {
    let text = &q.text;
    // Each line marked on its own: a paragraph joins the value's trimmed lines.
    let paras: Vec<String> = paragraphs(&text.value)
        .into_iter()
        .map(|lines| {
            let lines: Vec<String> = lines
                .into_iter()
                .map(|(at, line)| tx.at(text, at, line))
                .collect();
            lines.join("\n")
        })
        .collect();
    object([
        ("lang", lang.code().into()),
        ("paras", paras.into()),
        (
            "by",
            q.by.as_ref()
                .map(|b| tx.of(b))
                .or_else(|| speaker(release, lang, tx).map(Value::from))
                .into(),
        ),
    ])
}

/// "Name, role" of the release's speaker: the default attribution of a quote.
fn speaker(release: &Release, lang: Lang, tx: Texts) -> Option<String> {
    let s = release.speaker.as_ref()?;
    let name = s.name.get(lang);
    let name = tx.at(name, 0, &name.value);
    Some(match &s.role {
        Some(role) => {
            let role = role.get(lang);
            format!("{name}, {}", tx.at(role, 0, &role.value))
        }
        None => name,
    })
}

fn section(release: &Release, lang: Lang, s: &Section, tx: Texts) -> Value {
    object([
        ("lang", lang.code().into()),
        ("heading", tx.opt(s.heading.as_ref())),
        ("text", tx.of(&s.text)),
        (
            "quotes",
            s.quotes
                .iter()
                .map(|q| quote(release, lang, q, tx))
                .collect(),
        ),
    ])
}

fn contact(lang: Lang, c: &Contact, tx: Texts) -> Value {
    object([
        ("lang", lang.code().into()),
        ("name", tx.opt(c.name.as_ref().map(|n| n.get(lang)))),
        ("role", tx.opt(c.role.as_ref().map(|r| r.get(lang)))),
        (
            "organisation",
            tx.opt(c.organisation.as_ref().map(|o| o.get(lang))),
        ),
        ("email", tx.opt(c.email.as_ref())),
        ("phone", tx.opt(c.phone.as_ref())),
    ])
}

/// The counterpart rows of a parallel layout: quotes and sections matched by index, one
/// cell per language, `null` where a language has fewer.
fn parallel(release: &Release, brand: &Brand, langs: &[Lang], tx: Texts) -> Value {
    let texts: Vec<(Lang, &LangText)> = langs.iter().map(|&l| (l, release.text(l))).collect();
    let quotes: Vec<Value> = (0..max_len(&texts, |t| t.quotes.len()))
        .map(|i| quote_row(release, &texts, |t| t.quotes.get(i), tx))
        .collect();
    let sections: Vec<Value> = (0..max_len(&texts, |t| t.sections.len()))
        .map(|i| section_row(release, &texts, i, tx))
        .collect();
    let contacts = langs
        .iter()
        .any(|&l| release.contacts.iter().any(|c| c.speaks(l)));
    let notes = langs.iter().any(|&l| has_notes(brand, release.text(l), l));
    let footnotes = texts
        .iter()
        .any(|(_, t)| has_footnotes(t, brand.file.links.print));
    object([
        ("lead", texts.iter().any(|(_, t)| t.lead.is_some()).into()),
        (
            "subtitle",
            texts.iter().any(|(_, t)| t.subtitle.is_some()).into(),
        ),
        ("notes", notes.into()),
        ("footnotes", footnotes.into()),
        ("contacts", contacts.into()),
        ("photos", photo_rows(release, langs, tx)),
        ("quotes", quotes.into()),
        ("sections", sections.into()),
    ])
}

/// One row per photo, one cell per language: the photo as that language shows it.
fn photo_rows(release: &Release, langs: &[Lang], tx: Texts) -> Value {
    (release.photos.iter().enumerate())
        .map(|(i, p)| {
            (langs.iter())
                .map(|&l| photo(l, i + 1, p, tx))
                .collect::<Value>()
        })
        .collect()
}

/// Row `i` of the sections, followed by its quotes matched by index.
fn section_row(release: &Release, texts: &[(Lang, &LangText)], i: usize, tx: Texts) -> Value {
    let cells: Vec<Value> = texts
        .iter()
        .map(|(l, t)| {
            object([
                ("lang", l.code().into()),
                (
                    "section",
                    t.sections
                        .get(i)
                        .map(|s| section(release, *l, s, tx))
                        .into(),
                ),
            ])
        })
        .collect();
    let quote_count = max_len(texts, |t| t.sections.get(i).map_or(0, |s| s.quotes.len()));
    let quotes: Vec<Value> = (0..quote_count)
        .map(|j| {
            quote_row(
                release,
                texts,
                |t| t.sections.get(i).and_then(|s| s.quotes.get(j)),
                tx,
            )
        })
        .collect();
    object([("cells", cells.into()), ("quotes", quotes.into())])
}

/// One quote cell per language; `pick` chooses the quote facing the others.
fn quote_row<'a>(
    release: &Release,
    texts: &[(Lang, &'a LangText)],
    pick: impl Fn(&'a LangText) -> Option<&'a Quote>,
    tx: Texts,
) -> Value {
    texts
        .iter()
        .map(|(l, t)| quote_cell(release, *l, pick(t), tx))
        .collect()
}

fn quote_cell(release: &Release, lang: Lang, q: Option<&Quote>, tx: Texts) -> Value {
    object([
        ("lang", lang.code().into()),
        ("quote", q.map(|q| quote(release, lang, q, tx)).into()),
    ])
}

fn max_len(texts: &[(Lang, &LangText)], len: impl Fn(&LangText) -> usize) -> usize {
    texts.iter().map(|(_, t)| len(t)).max().unwrap_or(0)
}

/// Paragraphs of a plain text: separated by blank lines, empty ones dropped; each a list of
/// its lines, trimmed, with their byte offsets in `text`.
fn paragraphs(text: &str) -> Vec<Vec<(usize, &str)>> {
    let mut paras = Vec::new();
    let mut current = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n').chain(std::iter::once("")) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if !current.is_empty() {
                paras.push(std::mem::take(&mut current));
            }
        } else {
            let lead = line.len() - line.trim_start().len();
            current.push((at + lead, trimmed));
        }
        at += line.len();
    }
    paras
}

/// An update's number and, when given, the release it replaces: its date and time, and
/// whether it was issued on the day of this release (then its time alone names it).
fn update(u: &Update, date: &When) -> Value {
    let replaces = u.replaces.map(|r| {
        object([
            ("date", iso_date(&r).into()),
            ("time", iso_time(&r).into()),
            ("same_day", (r.date == date.date).into()),
        ])
    });
    object([("number", u.number.into()), ("replaces", replaces.into())])
}

fn iso_date(w: &When) -> String {
    w.date.format("%Y-%m-%d").to_string()
}

fn iso_time(w: &When) -> Option<String> {
    w.time.map(|(t, _)| t.format("%H:%M").to_string())
}

/// A link for the brand's website, which may be written without its scheme.
fn website_href(site: &str) -> String {
    if site.contains("://") {
        site.to_string()
    } else {
        format!("https://{site}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_on_blank_lines() {
        assert_eq!(
            paragraphs("  een\ntwee \n\n \n drie\n"),
            vec![vec![(2, "een"), (6, "twee")], vec![(16, "drie")]]
        );
        assert!(paragraphs(" \n").is_empty());
        assert_eq!(paragraphs("a\r\nb"), vec![vec![(0, "a"), (3, "b")]]);
    }
}
