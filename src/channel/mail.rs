//! The e-mail channel: the message a press office sends journalists, as an `.eml` file
//! (RFC 5322, MIME) that a mail program opens as a draft ready to send. `communique` never
//! sends mail itself.
//!
//! Takes the checked release, its brand, the text (and web page, when built) of each
//! language of the document, and the PDF built beside it; gives the message's bytes:
//!
//! ```text
//! multipart/mixed
//! ├── multipart/alternative
//! │   ├── text/plain  every language's text, in the release's order
//! │   └── text/html   every language's web page, in order (when html is built too)
//! └── application/pdf the PDF, as an attachment
//! ```
//!
//! Headers: `Subject` from the first language's kind and the titles ("EMBARGO …" in front
//! when there is an embargo), `From` the first press contact with an e-mail address (the
//! brand's organisation as an empty group when none has one: RFC 6854 allows that, and an
//! address made up here would bounce), `Reply-To` every contact with an address, `Date`
//! the release's date and time with its UTC offset, `Content-Language`, and `X-Unsent: 1`
//! (Outlook opens such a file as an unsent draft). No `To`: the sender picks the list.
//!
//! Deterministic: `mail-builder` would make the `Message-ID` from the host name and the
//! clock, the `Date` from the clock and the boundaries from the clock and a per-thread
//! seed. All four are set here instead: the `Message-ID` and boundaries from an xxh3 hash
//! of the message's content, the `Date` from the release.

use crate::brand::Brand;
use crate::lang::Lang;
use crate::markup::{Block, Class, Document, Role};
use crate::model::{Release, When};
use mail_builder::headers::address::Address;
use mail_builder::headers::content_type::ContentType;
use mail_builder::headers::raw::Raw;
use mail_builder::mime::MimePart;
use mail_builder::MessageBuilder;

/// One language of the message.
pub struct Part<'a> {
    pub lang: Lang,
    /// The language's typeset document, for the subject's kind, title and embargo line.
    pub doc: &'a Document,
    /// Its plain text ([`super::text`]).
    pub text: &'a str,
    /// Its web page ([`super::html`]), when the HTML channel is built too.
    pub html: Option<&'a str>,
}

/// The PDF attached to the message.
pub struct Attachment<'a> {
    /// Its file name, as it stands beside the message.
    pub name: String,
    pub bytes: &'a [u8],
}

/// The host part of the `Message-ID` when the brand has no website: `.invalid` is reserved
/// (RFC 2606) and so can never clash with a real domain.
const NO_DOMAIN: &str = "communique.invalid";

/// The message of `parts` (one or more languages of `release`) with `pdf` attached.
pub fn message(release: &Release, brand: &Brand, parts: &[Part], pdf: Attachment) -> Vec<u8> {
    let text = parts
        .iter()
        .map(|p| p.text.trim_end())
        .collect::<Vec<_>>()
        .join(&format!("\n\n{}\n\n", "=".repeat(super::text::WIDTH)));
    let text = format!("{text}\n");
    let html = html(parts);
    let subject = subject(release, parts);
    let hash = content_hash(&[
        subject.as_bytes(),
        text.as_bytes(),
        html.as_deref().unwrap_or("").as_bytes(),
        pdf.name.as_bytes(),
        pdf.bytes,
    ]);
    let languages: Vec<&str> = parts.iter().map(|p| p.lang.code()).collect();
    let languages = languages.join(", ");
    let mut alternatives = vec![MimePart::new("text/plain", text).language(languages.clone())];
    if let Some(html) = html {
        alternatives.push(MimePart::new("text/html", html).language(languages.clone()));
    }
    let body = MimePart::new(
        ContentType::new("multipart/mixed").attribute("boundary", format!("mixed-{hash}")),
        vec![
            MimePart::new(
                ContentType::new("multipart/alternative")
                    .attribute("boundary", format!("alternative-{hash}")),
                alternatives,
            ),
            MimePart::new("application/pdf", pdf.bytes).attachment(pdf.name),
        ],
    );
    let domain = domain(brand);
    let mut m = MessageBuilder::new()
        .message_id(format!("{hash}@{domain}"))
        .header("Date", Raw::new(date(&release.date)))
        .subject(subject)
        .header("Content-Language", Raw::new(languages))
        .header("X-Unsent", Raw::new("1"));
    m = m.from(from(release, brand, parts));
    let replies = reply_to(release, parts);
    if !replies.is_empty() {
        m = m.reply_to(Address::new_list(replies));
    }
    m.body(body).write_to_vec().unwrap_or_default()
}

/// "EMBARGO tot … – Persbericht: Titel / Titre": the first language's kind, every
/// language's title, and the embargo line in front when there is one.
fn subject(release: &Release, parts: &[Part]) -> String {
    let first = parts.first().map(|p| p.doc);
    let find = |doc: Option<&Document>, want: &dyn Fn(&crate::markup::Para) -> bool| {
        doc.and_then(|d| {
            d.blocks.iter().find_map(|b| match b {
                Block::Para(p) if want(p) => Some(one_line(&p.text())),
                _ => None,
            })
        })
    };
    let kind = find(first, &|p| p.class == Class::Kind).unwrap_or_default();
    let titles: Vec<String> = parts
        .iter()
        .filter_map(|p| find(Some(p.doc), &|q| q.role == Role::H1))
        .collect();
    let mut subject = match kind.is_empty() {
        true => titles.join(" / "),
        false => format!("{kind}: {}", titles.join(" / ")),
    };
    if release.embargo.is_some() {
        let line = find(first, &|p| p.class == Class::Embargo)
            .filter(|l| l.to_uppercase().starts_with("EMBARGO"))
            .unwrap_or_else(|| "EMBARGO".to_string());
        subject = format!("{line} – {subject}");
    }
    subject
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The contacts of the message's languages that have an e-mail address, in the release's
/// order, each once: (name, address).
fn contacts(release: &Release, parts: &[Part]) -> Vec<(Option<String>, String)> {
    let lang = parts.first().map_or(release.languages[0], |p| p.lang);
    let mut seen = Vec::new();
    for c in &release.contacts {
        if !parts.iter().any(|p| c.speaks(p.lang)) {
            continue;
        }
        let Some(email) = &c.email else { continue };
        let email = email.value.trim().to_string();
        if seen.iter().any(|(_, e)| *e == email) {
            continue;
        }
        let name = c.name.as_ref().map(|n| n.get(lang).value.clone());
        seen.push((name, email));
    }
    seen
}

fn from<'a>(release: &Release, brand: &Brand, parts: &[Part]) -> Address<'a> {
    match contacts(release, parts).into_iter().next() {
        Some((name, email)) => Address::new_address(name, email),
        None => {
            let lang = parts.first().map_or(release.languages[0], |p| p.lang);
            Address::new_group(Some(brand.short_name(lang).to_string()), Vec::new())
        }
    }
}

fn reply_to<'a>(release: &Release, parts: &[Part]) -> Vec<Address<'a>> {
    contacts(release, parts)
        .into_iter()
        .map(|(name, email)| Address::new_address(name, email))
        .collect()
}

/// The release's date as RFC 5322 wants it, with the release's own UTC offset (midnight
/// UTC for a date without a time, as the web page and feed take it).
fn date(when: &When) -> String {
    let (time, offset) = when.time.unwrap_or((chrono::NaiveTime::MIN, 0));
    let offset = chrono::FixedOffset::east_opt(offset * 60)
        .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("zero offset"));
    when.date
        .and_time(time)
        .and_local_timezone(offset)
        .single()
        .map(|d| d.to_rfc2822())
        .unwrap_or_default()
}

/// The website's host name, for the `Message-ID`.
fn domain(brand: &Brand) -> String {
    let site = brand.file.organisation.website.as_deref().unwrap_or("");
    let host = site
        .trim()
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .split(['/', '?', '#', ':'])
        .next()
        .unwrap_or("");
    let ok = !host.is_empty()
        && host.contains('.')
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    match ok {
        true => host.to_ascii_lowercase(),
        false => NO_DOMAIN.to_string(),
    }
}

/// Every language's web page in one HTML document: the first page whole (its head, style
/// and `lang`), each other page's body inside a `<div lang>` before its end. Only pages this
/// tool wrote come here, whose `<body>` and `</body>` stand once each. A document may have
/// one visible `<main>` only (the W3C checker refuses a second): the other pages' `<main>`
/// becomes a `<div>`, the first page's stays the document's main content.
fn html(parts: &[Part]) -> Option<String> {
    let pages: Vec<(Lang, &str)> = parts
        .iter()
        .filter_map(|p| Some((p.lang, p.html?)))
        .collect();
    let ((first_lang, first), rest) = pages.split_first()?;
    let first = &mail_links(first, *first_lang);
    let Some(end) = first.rfind("</body>") else {
        return Some(first.to_string());
    };
    let mut out = first[..end].to_string();
    for (lang, page) in rest {
        let page = &mail_links(page, *lang);
        let inner = page
            .find("<body")
            .and_then(|s| page[s..].find('>').map(|e| s + e + 1))
            .and_then(|s| page.rfind("</body>").map(|e| &page[s..e]));
        if let Some(inner) = inner {
            let inner = inner
                .replacen("<main>", "<div class=\"main\">", 1)
                .replacen("</main>", "</div>", 1);
            out.push_str(&format!(
                "<hr>\n<div lang=\"{}\">\n{inner}</div>\n",
                lang.code()
            ));
        }
    }
    out.push_str(&first[end..]);
    Some(out)
}

/// A page's links as a mail program can follow them. Links relative to the page's folder
/// (the other language pages, the PDF: pages built without `--base-url`) resolve nowhere in
/// a message, so an `<a>` with one becomes its text alone, and a `<link>` with one goes.
/// The PDF's link says instead that the PDF is attached, which it is. Absolute links
/// (`https:`, `mailto:`, the pages' links under a base URL) and in-document ones (`#fn-…`)
/// stay. Only pages this tool wrote come here: attributes in double quotes, no `<a>` in an
/// `<a>`.
fn mail_links(page: &str, lang: Lang) -> String {
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find('>') else { break };
        let tag = &rest[..=end];
        let is = |name: &str| {
            tag.strip_prefix('<')
                .and_then(|t| t.strip_prefix(name))
                .is_some_and(|t| t.starts_with([' ', '>']))
        };
        let (anchor, link) = (is("a"), is("link"));
        // Only these two are rewritten: the other tags (most of a page's, in the inline
        // logo's SVG) are not searched for an `href`.
        let relative =
            (anchor || link) && attribute(tag, "href").is_some_and(|h| !resolves_anywhere(h));
        if anchor && relative {
            let close = rest[end..].find("</a>").map(|c| end + c);
            if let Some(close) = close {
                // The link's language stays on its text ("Français" in a Dutch page).
                match attribute(tag, "lang") {
                    Some(l) => out.push_str(&format!(
                        "<span lang=\"{l}\">{}</span>",
                        &rest[end + 1..close]
                    )),
                    None => out.push_str(&rest[end + 1..close]),
                }
                if attribute(tag, "type") == Some("application/pdf") {
                    out.push_str(&format!(" ({})", attached(lang)));
                }
                rest = &rest[close + "</a>".len()..];
                continue;
            }
        }
        if link && relative {
            rest = rest[end + 1..]
                .strip_prefix('\n')
                .unwrap_or(&rest[end + 1..]);
            continue;
        }
        out.push_str(tag);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The value of `name="…"` in a start tag.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    tag[start..].find('"').map(|e| &tag[start..start + e])
}

/// Whether a link resolves wherever the HTML is read: it names its scheme (`https:`,
/// `mailto:`) or points into the document itself (`#…`).
fn resolves_anywhere(href: &str) -> bool {
    href.starts_with('#')
        || href.split_once(':').is_some_and(|(scheme, _)| {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        })
}

/// "attached", said of the PDF in `lang`.
fn attached(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "bijlage",
        Lang::Fr => "en pièce jointe",
        Lang::De => "im Anhang",
        Lang::En => "attached",
    }
}

/// A short hex digest of the parts, for the `Message-ID` and the boundaries: stable across
/// runs and machines, different for different content.
fn content_hash(parts: &[&[u8]]) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for p in parts {
        h.update(&(p.len() as u64).to_le_bytes());
        h.update(p);
    }
    format!("{:032x}", h.digest128())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_keeps_the_releases_offset() {
        let when = When {
            date: chrono::NaiveDate::from_ymd_opt(2021, 6, 28).unwrap(),
            time: Some((chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap(), 120)),
        };
        assert_eq!(date(&when), "Mon, 28 Jun 2021 10:00:00 +0200");
    }

    #[test]
    fn relative_links_lose_their_anchor_and_the_pdf_says_attached() {
        let page = concat!(
            "<head>\n<link rel=\"alternate\" hreflang=\"nl\" href=\"a.nl.html\">\n",
            "<link rel=\"canonical\" href=\"https://x.example/a.nl.html\">\n</head>\n",
            "<li><a href=\"a.pdf\" type=\"application/pdf\">Persbericht als pdf</a></li>\n",
            "<li><a href=\"a.fr.html\" hreflang=\"fr\" lang=\"fr\">Français</a></li>\n",
            "<p><a href=\"mailto:p@x.example\">p</a> <sup><a href=\"#fn-nl-1\">1</a></sup>",
            " <abbr>x</abbr> <a href=\"https://x.example/b\">b</a></p>\n",
        );
        assert_eq!(
            mail_links(page, Lang::Nl),
            concat!(
                "<head>\n",
                "<link rel=\"canonical\" href=\"https://x.example/a.nl.html\">\n</head>\n",
                "<li>Persbericht als pdf (bijlage)</li>\n",
                "<li><span lang=\"fr\">Français</span></li>\n",
                "<p><a href=\"mailto:p@x.example\">p</a> <sup><a href=\"#fn-nl-1\">1</a></sup>",
                " <abbr>x</abbr> <a href=\"https://x.example/b\">b</a></p>\n",
            )
        );
    }
}
