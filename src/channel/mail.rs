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
//! When the pages show images of their own (photos, a logo), the HTML
//! part and one part per distinct image travel as `multipart/related` (RFC 2387) in the
//! HTML part's place, the HTML naming each image `cid:…` (RFC 2392) instead of carrying it
//! as a `data:` URI, which Gmail drops and desktop Outlook does not draw:
//!
//! ```text
//! multipart/alternative
//! ├── text/plain
//! └── multipart/related
//!     ├── text/html   src="cid:<hash>@<domain>"
//!     └── image/jpeg, image/png, …  inline, with that Content-ID
//! ```
//!
//! A vector logo, inline SVG in the pages, is an image part too: Gmail and desktop Outlook
//! do not draw inline SVG, so the HTML stage rasterises it to a PNG and the HTML part shows
//! that in an `<img>` ([`crate::channel::html::Form::Svg`]). The HTML stage says where each
//! page shows which image ([`crate::channel::html::Page::images`]); nothing is decoded back
//! out of a page.
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
use crate::channel::html::{Form, Shown};
use crate::lang::Lang;
use crate::markup::typography::{self, Settings};
use crate::markup::{Block, Class, Document, Role};
use crate::model::{Release, When};
use mail_builder::headers::address::Address;
use mail_builder::headers::content_type::ContentType;
use mail_builder::headers::raw::Raw;
use mail_builder::mime::MimePart;
use mail_builder::MessageBuilder;
use std::fmt::Write as _;

/// One language of the message.
pub struct Part<'a> {
    pub lang: Lang,
    /// The language's typeset document, for the subject's kind, title and embargo line.
    pub doc: &'a Document,
    /// Its plain text ([`super::text`]).
    pub text: &'a str,
    /// Its web page ([`super::html`]), when the HTML channel is built too.
    pub html: Option<&'a str>,
    /// Where that page shows its images ([`super::html::Page::images`]).
    pub images: &'a [Shown],
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
    let domain = domain(brand);
    let (html, images) = match html(parts, &domain) {
        Some((html, images)) => (Some(html), images),
        None => (None, Vec::new()),
    };
    let subject = subject(release, brand, parts);
    let hash = content_hash(&[
        subject.as_bytes(),
        text.as_bytes(),
        html.as_deref().unwrap_or("").as_bytes(),
        pdf.name.as_bytes(),
        pdf.bytes,
    ]);
    let languages: Vec<&str> = parts.iter().map(|p| p.lang.code()).collect();
    let languages = languages.join(", ");
    let mut alternatives = vec![text_part("text/plain", &text, &languages)];
    if let Some(html) = html {
        let page = text_part("text/html", &fold(&html), &languages);
        alternatives.push(match images.is_empty() {
            true => page,
            false => with_images(page, &images, &hash),
        });
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
    let mut m = MessageBuilder::new()
        .message_id(format!("{hash}@{domain}"))
        .header("Date", Raw::new(date(&release.date)))
        .subject(subject)
        .header("Content-Language", Raw::new(languages))
        .header("X-Unsent", Raw::new("1"));
    m = match contacts(release, parts).into_iter().next() {
        Some((name, email)) => m.from(Address::new_address(name, email)),
        None => {
            let lang = parts.first().map_or(release.languages[0], |p| p.lang);
            m.header("From", Raw::new(group_from(brand.short_name(lang))))
        }
    };
    let replies = reply_to(release, parts);
    if !replies.is_empty() {
        m = m.reply_to(Address::new_list(replies));
    }
    m.body(body).write_to_vec().unwrap_or_default()
}

/// A `text/…` part in UTF-8, in `languages`, with its transfer encoding chosen here:
/// mail-builder would encode any text with a character beyond ASCII as quoted-printable,
/// which cost more than the rest of the message's writing (see [`transfer`]).
fn text_part<'a>(mime: &'a str, text: &str, languages: &str) -> MimePart<'a> {
    let (body, encoding) = transfer(text);
    // `language` before `transfer_encoding`: the headers stand in the order they are added,
    // and this is the order mail-builder gave them.
    MimePart::new(mime, body)
        .language(languages.to_string())
        .transfer_encoding(encoding)
}

/// The HTML part and the images it shows, as one `multipart/related` part (RFC 2387: its
/// `type` names the root part, which comes first).
fn with_images<'a>(page: MimePart<'a>, images: &'a [Inline], hash: &str) -> MimePart<'a> {
    let mut parts = Vec::with_capacity(images.len() + 1);
    parts.push(page);
    for image in images {
        parts.push(image_part(image));
    }
    MimePart::new(
        ContentType::new("multipart/related")
            .attribute("type", "text/html")
            .attribute("boundary", format!("related-{hash}")),
        parts,
    )
}

/// An image's part: its type, its `Content-ID`, and `Content-Disposition: inline` with its
/// file name (RFC 2183), which a mail program offers when the image is saved (without
/// one, Thunderbird and Outlook offer "Part 1.2" or "image001"). mail-builder quotes the
/// name, and writes one beyond ASCII as RFC 2231 says (`filename*=UTF-8''caf%C3%A9.jpg`),
/// as its `attachment` does for the PDF's.
fn image_part(image: &Inline) -> MimePart<'_> {
    let disposition = ContentType::new("inline").attribute("filename", &*image.name);
    MimePart::new(ContentType::new(image.mime), &image.bytes[..])
        .cid(image.cid.as_str())
        .header("Content-Disposition", disposition)
}

/// The longest line a part may carry as it is (RFC 5322 §2.1.1, RFC 2045 §2.8), in octets,
/// without its CRLF.
const MAX_LINE: usize = 998;

/// `html` with each line longer than [`MAX_LINE`] octets broken at a space between words,
/// so that the part can travel as it is ([`transfer`]) instead of in base64: a paragraph
/// of a few thousand octets is one line of the page. In HTML a line break there is the
/// same white space as the space it replaces, and the break keeps the byte count. A space
/// is a break only where white space collapses and means nothing else:
///
/// - in text, and between a tag's attributes, but not inside a quoted attribute value
///   (`alt="…"`, `style="…"`: there the line break would be part of the value);
/// - not inside `<pre>` and `<textarea>` (white space is kept as it is), nor `<script>` and
///   `<style>` (a space in a string there is the string's);
/// - not after another space or a tab (the line would end in white space, which a transport
///   may strip, and [`transfer`] then sends base64).
///
/// Each line is broken at its last break before the limit; a run longer than the limit
/// with no break in it (a long URL, a `data:` URI) stays, and the part goes base64.
/// Comments are taken as text (a break in one is harmless). Only pages this tool wrote
/// come here: tags close with `>`, attribute values are quoted.
fn fold(html: &str) -> std::borrow::Cow<'_, str> {
    let long = html.split('\n').any(|l| l.len() > MAX_LINE);
    if !long {
        return html.into();
    }
    let mut out = html.as_bytes().to_vec();
    // Where the current line starts, and its last break so far.
    let (mut line, mut space) = (0, None);
    let mut state = Lexer::Text;
    // Inside an element whose white space is its own (`pre`, `textarea`, `script`, `style`).
    let mut kept: Option<&'static str> = None;
    let mut tag = 0;
    for i in 0..out.len() {
        let b = out[i];
        match state {
            Lexer::Text if b == b'<' => (state, tag) = (Lexer::Tag, i),
            Lexer::Tag if b == b'"' || b == b'\'' => state = Lexer::Quoted(b),
            Lexer::Tag if b == b'>' => {
                state = Lexer::Text;
                kept = keeps_space(&html[tag..=i], kept);
            }
            Lexer::Quoted(q) if b == q => state = Lexer::Tag,
            _ => {}
        }
        let between = matches!(state, Lexer::Text | Lexer::Tag) && kept.is_none();
        if b == b' ' && between && i > line && !matches!(out[i - 1], b' ' | b'\t' | b'\n') {
            space = Some(i);
        }
        if b == b'\n' {
            (line, space) = (i + 1, None);
        } else if i + 1 - line > MAX_LINE {
            if let Some(at) = space.take() {
                out[at] = b'\n';
                line = at + 1;
            }
        }
    }
    // Only ASCII spaces were replaced, by line feeds: still UTF-8.
    String::from_utf8(out).map_or_else(|_| html.into(), Into::into)
}

/// Where [`fold`] stands in a page.
#[derive(Clone, Copy)]
enum Lexer {
    Text,
    /// Inside a tag, between `<` and `>`.
    Tag,
    /// Inside an attribute value quoted with this byte.
    Quoted(u8),
}

/// The elements inside which white space is not only a space between words.
const KEPT: [&str; 4] = ["pre", "textarea", "script", "style"];

/// After `tag` (`<…>`), which element of [`KEPT`] [`fold`] is inside, `kept` being the one
/// it was inside before: entered at its start tag, left at its end tag.
fn keeps_space(tag: &str, kept: Option<&'static str>) -> Option<&'static str> {
    let inner = tag.trim_start_matches('<');
    let (end, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let name_end = inner
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(inner.len());
    let name = &inner[..name_end];
    match kept {
        Some(k) if end && name.eq_ignore_ascii_case(k) => None,
        Some(k) => Some(k),
        None if end => None,
        None => KEPT.into_iter().find(|k| name.eq_ignore_ascii_case(k)),
    }
}

/// `text`'s body as a message carries it, and its `Content-Transfer-Encoding`. Its line
/// breaks are CRLF (the canonical form of text, RFC 2045 §6.8). Sent as it is, `7bit` (all
/// ASCII) or `8bit` (UTF-8 beyond it: the form Thunderbird itself writes, and what every
/// mail program reads), when every line fits [`MAX_LINE`], none ends in white space (a
/// transport may strip it) and there is no NUL or CR of its own. Otherwise `base64`, wrapped
/// at 76 columns: a page's JSON-LD or a `data:` URI is one line of kilobytes. The mail
/// leaves the JSON-LD out ([`mail_links`]) and carries images as parts of their own
/// ([`cids`]), so every example's parts fit; base64 stays for a template that writes
/// longer lines. Quoted-printable is not used: it was the e-mail's dearest step (about ten
/// instructions a byte, counted twice: once to size, once to write), and the two forms here
/// take about one, and leave a text part readable as it stands.
fn transfer(text: &str) -> (String, &'static str) {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 32 + 2);
    let mut fits = memchr::memchr2(0, b'\r', bytes).is_none();
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', bytes) {
        let line = &text[start..end];
        fits &= line.len() <= MAX_LINE && !line.ends_with([' ', '\t']);
        out.push_str(line);
        out.push_str("\r\n");
        start = end + 1;
    }
    let last = &text[start..];
    fits &= last.len() <= MAX_LINE && !last.ends_with([' ', '\t']);
    out.push_str(last);
    match (fits, text.is_ascii()) {
        (true, true) => (out, "7bit"),
        (true, false) => (out, "8bit"),
        (false, _) => (encodify::base64::MIME.encode(out.as_bytes()), "base64"),
    }
}

/// "EMBARGO tot … – Persbericht: Titel / Titre": the first language's kind, every
/// language's title, and the embargo line in front when there is one.
fn subject(release: &Release, brand: &Brand, parts: &[Part]) -> String {
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
        false => {
            // The kind's colon in the first language's typography, as the text sets one
            // (French: `Communiqué de presse\u{A0}:`).
            let lang = parts.first().map_or(release.languages[0], |p| p.lang);
            let settings = Settings::new(lang, &brand.typography(lang));
            let kind = typography::apply_text(&format!("{kind}:"), &settings);
            format!("{kind} {}", titles.join(" / "))
        }
    };
    if release.embargo.is_some() {
        let line = find(first, &|p| p.class == Class::Embargo)
            .filter(|l| l.to_uppercase().starts_with("EMBARGO"))
            .unwrap_or_else(|| "EMBARGO".to_string());
        subject = format!("{line} – {subject}");
    }
    subject
}

/// The text on one line: its line breaks and runs of ASCII white space one space each. The
/// no-break spaces of the typography stage stay, as in the page's `<title>`
/// (`split_whitespace` would take them for spaces too).
fn one_line(text: &str) -> String {
    text.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
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
        // A line break in the name is a space, as on the page (mail-builder would drop it
        // and join the words: `JanPeeters`).
        let name = c.name.as_ref().map(|n| one_line(&n.get(lang).value));
        seen.push((name, email));
    }
    seen
}

/// The `From` of a message none of whose contacts has an address: the organisation's name
/// as an empty group (`SPF Affaires numériques :;`, which RFC 6854 allows in `From`), shown
/// as the sender, with no address a reply could go to. Written here rather than by
/// mail-builder, which sets the `:;` right after an encoded word (`=?utf-8?Q?…?=:;`) where
/// RFC 2047 wants white space, a defect Python's strict parser reports.
fn group_from(name: &str) -> String {
    format!("{} :;", phrase(&one_line(name)))
}

/// `name` as a header's display name: a quoted string when it is printable ASCII, else
/// RFC 2047 encoded words (base64 of at most 45 bytes of UTF-8 each, cut between
/// characters, so that each word stays within 75 characters), one per folded line.
fn phrase(name: &str) -> String {
    if name.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""));
    }
    let mut words = Vec::new();
    let mut rest = name;
    while !rest.is_empty() {
        let mut end = rest.len().min(45);
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let b64 = encodify::base64::STANDARD.encode(&rest.as_bytes()[..end]);
        words.push(format!("=?utf-8?B?{b64}?="));
        rest = &rest[end..];
    }
    words.join("\r\n ")
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

/// Every language's web page in one HTML document, and the images it shows ([`cids`]):
/// the first page's head (its charset, viewport, title and style) and `lang`, less what
/// only web crawlers read ([`mail_links`]), each other page's body inside a `<div lang>`
/// before its end. Only pages this tool wrote come here, whose `<body>` and `</body>` stand
/// once each. A document may have one visible `<main>` only (the W3C checker refuses a
/// second): the other pages' `<main>` becomes a `<div>`, the first page's stays the
/// document's main content.
fn html(parts: &[Part], domain: &str) -> Option<(String, Vec<Inline>)> {
    let mut images = Vec::new();
    let mut pages = Vec::new();
    for p in parts {
        if let Some(page) = p.html {
            pages.push((p.lang, cids(page, p.images, domain, &mut images)));
        }
    }
    let ((first_lang, first), rest) = pages.split_first()?;
    let mut out = mail_links(first, *first_lang, false);
    let Some(end) = out.rfind("</body>") else {
        return Some((out, images));
    };
    let tail = out.split_off(end);
    for (lang, page) in rest {
        let page = mail_links(page, *lang, true);
        let inner = page
            .find("<body")
            .and_then(|s| page[s..].find('>').map(|e| s + e + 1))
            .and_then(|s| page.rfind("</body>").map(|e| &page[s..e]));
        if let Some(inner) = inner {
            out.push_str("<hr>\n<div lang=\"");
            out.push_str(lang.code());
            out.push_str("\">\n");
            out.push_str(inner);
            out.push_str("</div>\n");
        }
    }
    out.push_str(&tail);
    Some((out, images))
}

/// An image of the HTML part, carried as a part of its own beside it (RFC 2387) and named
/// by its `Content-ID` (RFC 2392).
struct Inline {
    /// The `Content-ID` without its angle brackets: `<xxh3 of the bytes>@<domain>`, as
    /// the HTML's `src="cid:…"` names it.
    cid: String,
    /// Its media type, as the page's `data:` URI said it (`image/jpeg`, `image/png`).
    mime: &'static str,
    bytes: std::sync::Arc<[u8]>,
    /// Its file name ([`crate::channel::html::WebImage::name`]).
    name: std::sync::Arc<str>,
}

/// `page` with each of its images `shown` (the HTML stage's record of where its `<img>`s
/// have their `data:` URI) pointing at an image part instead (`src="cid:…"`), and that
/// part added to `images` unless it is there already: each distinct image once (by its
/// bytes), in the order the message first shows them. Gmail drops `data:` URI images and
/// desktop Outlook does not draw them; an image part referred to by `cid:` is the form mail
/// programs themselves write for an image in a message. The `Content-ID` is a hash of the
/// image's bytes at the message's domain: the same on every rebuild, and the same image in
/// two languages' pages is one part.
fn cids<'p>(
    page: &'p str,
    shown: &[Shown],
    domain: &str,
    images: &mut Vec<Inline>,
) -> std::borrow::Cow<'p, str> {
    if shown.is_empty() {
        return page.into();
    }
    let mut out = String::with_capacity(page.len());
    let mut copied = 0;
    for s in shown {
        let bytes = &s.image.bytes;
        let seen = images
            .iter()
            .find(|i| std::sync::Arc::ptr_eq(&i.bytes, bytes) || i.bytes == *bytes);
        let cid = match seen {
            Some(seen) => seen.cid.clone(),
            None => {
                let cid = format!("{}@{domain}", content_hash(&[bytes]));
                let name = distinct_name(&s.image.name, images);
                images.push(Inline {
                    cid: cid.clone(),
                    mime: s.image.mime,
                    bytes: bytes.clone(),
                    name,
                });
                cid
            }
        };
        out.push_str(&page[copied..s.at.start]);
        match &s.form {
            Form::Src => {
                out.push_str("cid:");
                out.push_str(&cid);
            }
            Form::Svg { alt, width, height } => {
                let _ = write!(
                    out,
                    "<img src=\"cid:{cid}\" alt=\"{alt}\" width=\"{width}\" height=\"{height}\">"
                );
            }
        }
        copied = s.at.end;
    }
    out.push_str(&page[copied..]);
    out.into()
}

/// `name`, or if another image part of the message has it already, `name` with `-2`, `-3`…
/// before its extension (`haven.jpg`, `haven-2.jpg`): two photos of one file name from
/// different folders are different files, and a mail program that saves a message's
/// images would write the second over the first.
fn distinct_name(name: &std::sync::Arc<str>, images: &[Inline]) -> std::sync::Arc<str> {
    let taken = |n: &str| images.iter().any(|i| &*i.name == n);
    if !taken(name) {
        return name.clone();
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, Some(ext)),
        _ => (&**name, None),
    };
    (2..)
        .map(|n| match ext {
            Some(ext) => format!("{stem}-{n}.{ext}"),
            None => format!("{stem}-{n}"),
        })
        .find(|n| !taken(n))
        .expect("fewer images than names")
        .into()
}

/// A page's links as a mail program can follow them, and its head as a mail program reads
/// it. Links relative to the page's folder (the other language pages, the PDF: pages built
/// without `--base-url`) resolve nowhere in a message, so an `<a>` with one becomes its text
/// alone, and a `<link>` with one goes. The PDF's link says instead that the PDF is
/// attached, which it is. Absolute links (`https:`, `mailto:`, the pages' links under a base
/// URL) and in-document ones (`#fn-…`) stay, but for `<link rel="alternate">`.
///
/// What only a web crawler reads goes too ([`crawlers_only`]): the JSON-LD `<script>`, the
/// Open Graph and `article:` `<meta property>`s, the `description` and the alternate
/// links. No mail program reads them, and the JSON-LD's one long line (a few kilobytes with
/// the logo's `data:` URI) would make the whole part travel as base64 ([`transfer`]); a
/// page's `canonical` link stays, naming where the message's text is published.
///
/// With `demote_main`, the page's first `<main>` becomes `<div class="main">` (and its first
/// `</main>` a `</div>`), for a page that is not the message's first. Only pages this tool
/// wrote come here: attributes in double quotes, no `<a>` in an `<a>`.
///
/// The page is searched for the few tags [`rewrite`] may change ([`candidates`]), not walked
/// tag by tag: most of a page's tags are the inline logo's SVG. A tag runs from a `<` to
/// the next `>`, as a walk would find it: a candidate inside another tag (the last `<` or
/// `>` before it is a `<`) is none. The text between rewritten tags is copied in runs.
fn mail_links(page: &str, lang: Lang, demote_main: bool) -> String {
    let bytes = page.as_bytes();
    let mut out = String::with_capacity(page.len());
    // `page[..copied]` is in `out` (or left out); `next` is outside every tag, and no
    // candidate before it is one.
    let (mut copied, mut next) = (0, 0);
    let mut main = [demote_main; 2];
    for start in candidates(page, demote_main) {
        if start < next {
            continue;
        }
        let before = memchr::memrchr2(b'<', b'>', &bytes[next..start]);
        if before.is_some_and(|q| bytes[next + q] == b'<') {
            continue;
        }
        // No `>` after this `<`: none after any later one either.
        let Some(end) = memchr::memchr(b'>', &bytes[start..]).map(|e| start + e) else {
            break;
        };
        next = end + 1;
        let Some(replaced) = rewrite(&page[start..=end], &page[end + 1..], lang, &mut main) else {
            continue;
        };
        out.push_str(&page[copied..start]);
        out.push_str(&replaced.text);
        copied = end + 1 + replaced.consumed;
        next = copied;
    }
    out.push_str(&page[copied..]);
    out
}

/// Where the tags [`rewrite`] may change could start in `page`, in order: every `<a`,
/// `<link`, `<meta` and `<script`, and with `main` every `<main>` and `</main>`.
fn candidates(page: &str, main: bool) -> Vec<usize> {
    use memchr::memmem::find_iter;
    let bytes = page.as_bytes();
    let mut at: Vec<usize> = find_iter(bytes, b"<a")
        .chain(find_iter(bytes, b"<link"))
        .chain(find_iter(bytes, b"<meta"))
        .chain(find_iter(bytes, b"<script"))
        .collect();
    if main {
        at.extend(find_iter(bytes, b"<main>").chain(find_iter(bytes, b"</main>")));
    }
    at.sort_unstable();
    at
}

/// What takes a tag's place in a mail's page, and how many bytes after the tag it takes too.
struct Replaced {
    text: String,
    consumed: usize,
}

/// The replacement of `tag` (followed in the page by `after`), if [`mail_links`] changes it:
/// an `<a>` or `<link>` with a relative link, what [`crawlers_only`] names, or (while `main`
/// says so) `<main>`/`</main>`.
fn rewrite(tag: &str, after: &str, lang: Lang, main: &mut [bool; 2]) -> Option<Replaced> {
    let is = |name: &str| {
        tag.strip_prefix('<')
            .and_then(|t| t.strip_prefix(name))
            .is_some_and(|t| t.starts_with([' ', '>']))
    };
    let replace = |text: &str, consumed| {
        Some(Replaced {
            text: text.to_string(),
            consumed,
        })
    };
    match tag {
        "<main>" if main[0] => {
            main[0] = false;
            return replace("<div class=\"main\">", 0);
        }
        "</main>" if main[1] => {
            main[1] = false;
            return replace("</div>", 0);
        }
        _ => {}
    }
    // A tag that goes takes its line's end with it.
    let newline = |at: usize| usize::from(after[at..].starts_with('\n'));
    match crawlers_only(tag, &is) {
        Some(Crawled::Tag) => return replace("", newline(0)),
        Some(Crawled::Element(end)) => {
            let close = after.find(end)? + end.len();
            return replace("", close + newline(close));
        }
        None => {}
    }
    let (anchor, link) = (is("a"), is("link"));
    if !(anchor || link) || attribute(tag, "href").is_none_or(resolves_anywhere) {
        return None;
    }
    if link {
        return replace("", newline(0));
    }
    let close = after.find("</a>")?;
    let text = &after[..close];
    // The link's language stays on its text ("Français" in a Dutch page).
    let mut out = match attribute(tag, "lang") {
        Some(l) => format!("<span lang=\"{l}\">{text}</span>"),
        None => text.to_string(),
    };
    if attribute(tag, "type") == Some("application/pdf") {
        out.push_str(" (");
        out.push_str(attached(lang));
        out.push(')');
    }
    Some(Replaced {
        text: out,
        consumed: close + "</a>".len(),
    })
}

/// What of a page only web crawlers read, as [`crawlers_only`] finds it.
enum Crawled {
    /// A void element (`<meta>`, `<link>`): the tag alone goes.
    Tag,
    /// An element that goes up to and with its end tag.
    Element(&'static str),
}

/// Whether `tag` (whose name `is` tells) starts what only a web crawler reads: the JSON-LD
/// `<script>` (search engines), a `<meta property>` (Open Graph's `og:…` and `article:…`,
/// read by social networks), the `<meta name="description">` (a search result's snippet;
/// the message has the lead itself) and a `<link rel="alternate">` (the other languages and
/// the PDF, for crawlers; the message's own links to them are in its text).
fn crawlers_only(tag: &str, is: &dyn Fn(&str) -> bool) -> Option<Crawled> {
    let gone = (is("script") && attribute(tag, "type") == Some("application/ld+json"))
        .then_some(Crawled::Element("</script>"));
    gone.or_else(|| {
        let meta = is("meta")
            && (attribute(tag, "property").is_some()
                || attribute(tag, "name") == Some("description"));
        let alternate = is("link") && attribute(tag, "rel") == Some("alternate");
        (meta || alternate).then_some(Crawled::Tag)
    })
}

/// The value of `name="…"` in a start tag.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    attribute_at(tag, name).map(|at| &tag[at])
}

/// Where the value of `name="…"` stands in a start tag.
fn attribute_at(tag: &str, name: &str) -> Option<std::ops::Range<usize>> {
    tag.match_indices("=\"").find_map(|(at, eq)| {
        tag[..at].strip_suffix(name)?.strip_suffix(' ')?;
        let start = at + eq.len();
        tag[start..].find('"').map(|e| start..start + e)
    })
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

    /// A display name as a quoted string (ASCII) or as encoded words of at most 75
    /// characters, cut between characters, that decode back to the name.
    #[test]
    fn a_phrase_is_quoted_or_encoded_in_words_of_75_at_most() {
        assert_eq!(phrase("FOD Digitale Zaken"), "\"FOD Digitale Zaken\"");
        assert_eq!(phrase(r#"A "B" \ C"#), r#""A \"B\" \\ C""#);
        for name in [
            "SPF Affaires numériques",
            "Föderaler Öffentlicher Dienst Digitale Angelegenheiten und Öffentliche Ämter",
            "Міністерство цифрової трансформації України",
            "é",
        ] {
            let encoded = phrase(name);
            let mut back = Vec::new();
            for w in encoded.split("\r\n ") {
                assert!(w.len() <= 75, "{w}");
                let b64 = w
                    .strip_prefix("=?utf-8?B?")
                    .and_then(|w| w.strip_suffix("?="))
                    .unwrap();
                let bytes = encodify::base64::STANDARD.decode(b64.as_bytes()).unwrap();
                assert!(std::str::from_utf8(&bytes).is_ok(), "{w} cuts a character");
                back.extend(bytes);
            }
            assert_eq!(String::from_utf8(back).unwrap(), name);
        }
    }

    #[test]
    fn the_date_keeps_the_releases_offset() {
        let when = When {
            date: chrono::NaiveDate::from_ymd_opt(2021, 6, 28).unwrap(),
            time: Some((chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap(), 120)),
        };
        assert_eq!(date(&when), "Mon, 28 Jun 2021 10:00:00 +0200");
    }

    /// Text goes as it is while every line fits and nothing in it needs encoding, with CRLF
    /// line breaks; otherwise as base64 of that same CRLF text.
    #[test]
    fn a_part_travels_as_it_is_when_its_lines_allow_and_in_base64_otherwise() {
        assert_eq!(
            transfer("Persbericht\n\nEen regel.\n"),
            ("Persbericht\r\n\r\nEen regel.\r\n".to_string(), "7bit")
        );
        assert_eq!(
            transfer("Brussel, 10\u{A0}januari\nBelgi\u{EB}"),
            (
                "Brussel, 10\u{A0}januari\r\nBelgi\u{EB}".to_string(),
                "8bit"
            )
        );
        let longest = "\u{E9}".repeat(MAX_LINE / 2);
        assert_eq!(transfer(&format!("{longest}\n")).1, "8bit");
        let decode = |s: &str| {
            let bytes = encodify::base64::MIME.decode(s.as_bytes()).unwrap();
            String::from_utf8(bytes).unwrap()
        };
        for text in [
            format!("a\n{longest}x\nb\n"),
            "trailing space \nnext\n".to_string(),
            "a tab\t\n".to_string(),
            "a NUL \0 here\n".to_string(),
            "a CR\r alone\n".to_string(),
            "ends in a space ".to_string(),
        ] {
            let (body, encoding) = transfer(&text);
            assert_eq!(encoding, "base64", "{text:?}");
            assert!(body.split("\r\n").all(|l| l.len() <= 76), "{body}");
            assert_eq!(decode(&body), text.replace('\n', "\r\n"));
        }
    }

    /// Each image the HTML stage says a page shows points at a part; the same bytes, in
    /// two pages or twice in one, are one part, named by their hash at the domain, in
    /// order of first use. What the stage did not name (another `data:` URI, a link, an
    /// image elsewhere) stays as it is.
    #[test]
    fn images_become_related_parts_once_each_named_by_their_hash() {
        use crate::channel::html::WebImage;
        let (jpeg, png) = (b"\xFF\xD8\xFF photo".as_slice(), b"\x89PNG map".as_slice());
        let file = |mime, bytes: &[u8]| WebImage {
            mime,
            bytes: bytes.into(),
            name: "x".into(),
        };
        // A page, and where it shows which image: the stage's record.
        let page = |pieces: &[(&str, Option<&WebImage>)]| {
            let (mut html, mut shown) = (String::new(), Vec::new());
            for (text, image) in pieces {
                if let Some(image) = image {
                    shown.push(Shown {
                        at: html.len()..html.len() + text.len(),
                        form: Form::Src,
                        image: (*image).clone(),
                    });
                }
                html.push_str(text);
            }
            (html, shown)
        };
        let (j, p) = (file("image/jpeg", jpeg), file("image/png", png));
        // The same bytes in another allocation: one part all the same.
        let j2 = file("image/jpeg", jpeg);
        let (first, first_shown) = page(&[
            ("<svg><path d=\"M0 0\"/></svg>\n<img src=\"", None),
            ("data:image/jpeg;base64,AAAA", Some(&j)),
            ("\" alt=\"x\"><img src=\"", None),
            ("data:image/png;base64,BBBB", Some(&p)),
            (
                "\" alt=\"y\"><a href=\"data:image/png;base64,BBBB\">p</a>",
                None,
            ),
            ("<img src=\"https://x.example/a.png\" alt=\"a\">", None),
        ]);
        let (second, second_shown) = page(&[
            ("<div lang=\"fr\"><img src=\"", None),
            ("data:image/jpeg;base64,AAAA", Some(&j2)),
            ("\" alt=\"x\"></div>", None),
        ]);
        let mut images = Vec::new();
        let one = cids(&first, &first_shown, "x.example", &mut images).into_owned();
        let two = cids(&second, &second_shown, "x.example", &mut images).into_owned();
        let names: Vec<String> = [jpeg, png]
            .iter()
            .map(|b| format!("{}@x.example", content_hash(&[b])))
            .collect();
        assert_eq!(images.len(), 2);
        for (image, (cid, (mime, bytes))) in images
            .iter()
            .zip(names.iter().zip([("image/jpeg", jpeg), ("image/png", png)]))
        {
            assert_eq!((&image.cid, image.mime), (cid, mime));
            assert_eq!(&image.bytes[..], bytes);
        }
        // Two images, one file name: the second part is named apart.
        assert_eq!((&*images[0].name, &*images[1].name), ("x", "x-2"));
        assert_eq!(
            one,
            format!(
                "<svg><path d=\"M0 0\"/></svg>\n<img src=\"cid:{}\" alt=\"x\"><img src=\"cid:{}\" alt=\"y\"><a href=\"data:image/png;base64,BBBB\">p</a><img src=\"https://x.example/a.png\" alt=\"a\">",
                names[0], names[1]
            )
        );
        assert_eq!(
            two,
            format!(
                "<div lang=\"fr\"><img src=\"cid:{}\" alt=\"x\"></div>",
                names[0]
            )
        );
        // A page without images comes back as it was, with no part.
        let plain = "<p>no image</p><img src=\"data:image/png;base64,BBBB\" alt=\"\">";
        let mut none = Vec::new();
        let same = cids(plain, &[], "x.example", &mut none);
        assert!(matches!(same, std::borrow::Cow::Borrowed(s) if s == plain));
        assert!(none.is_empty());
    }

    /// A vector logo's inline `<svg>` (which Gmail and desktop Outlook do not draw) gives
    /// way to an `<img>` of its PNG part, with the SVG's label as its `alt` and the page's
    /// size for it.
    #[test]
    fn a_vector_logo_becomes_an_img_of_its_png_part() {
        let png = crate::channel::html::WebImage {
            mime: "image/png",
            bytes: b"\x89PNG logo".as_slice().into(),
            name: "logo.png".into(),
        };
        let svg = "<svg class=\"logo\" role=\"img\" aria-label=\"FOD &amp; co\" viewBox=\"0 0 10 5\"><path d=\"M0 0Z\" fill=\"#000000\"/></svg>";
        let page = format!("<div class=\"logos\">\n{svg}\n</div>");
        let start = page.find("<svg").unwrap();
        let shown = [Shown {
            at: start..start + svg.len(),
            form: Form::Svg {
                alt: "FOD &amp; co".into(),
                width: 72,
                height: 36,
            },
            image: png,
        }];
        let mut images = Vec::new();
        let out = cids(&page, &shown, "x.example", &mut images);
        let cid = format!("{}@x.example", content_hash(&[b"\x89PNG logo"]));
        assert_eq!(
            out,
            format!("<div class=\"logos\">\n<img src=\"cid:{cid}\" alt=\"FOD &amp; co\" width=\"72\" height=\"36\">\n</div>")
        );
        assert_eq!((images.len(), images[0].mime), (1, "image/png"));
    }

    /// An image part is `inline` with its file name, quoted, or in RFC 2231's form when it
    /// is beyond ASCII, beside its `Content-ID`.
    #[test]
    fn an_image_part_names_its_file() {
        let part = |name: &str| {
            let image = Inline {
                cid: "abc@x.example".into(),
                mime: "image/jpeg",
                bytes: b"\xFF\xD8\xFF".as_slice().into(),
                name: name.into(),
            };
            let mut out = Vec::new();
            image_part(&image).write_part(&mut out);
            String::from_utf8(out).unwrap()
        };
        let plain = part("haven.jpg");
        assert!(plain.contains("Content-ID: <abc@x.example>\r\n"), "{plain}");
        assert!(
            plain.contains("Content-Disposition: inline; filename=\"haven.jpg\"\r\n"),
            "{plain}"
        );
        let accented = part("caf\u{E9}.jpg");
        assert!(
            accented.contains("Content-Disposition: inline; filename*=UTF-8''caf%C3%A9.jpg"),
            "{accented}"
        );
    }

    /// Different images with one file name get distinct names (before the extension), each
    /// free of every name taken before it; the same name given again to the same image is
    /// not asked (one part).
    #[test]
    fn image_parts_of_one_file_name_are_named_apart() {
        let mut images: Vec<Inline> = Vec::new();
        let mut add = |name: &str| {
            let name = distinct_name(&name.into(), &images);
            images.push(Inline {
                cid: String::new(),
                mime: "image/jpeg",
                bytes: b"".as_slice().into(),
                name: name.clone(),
            });
            name.to_string()
        };
        assert_eq!(add("haven.jpg"), "haven.jpg");
        assert_eq!(add("haven.jpg"), "haven-2.jpg");
        assert_eq!(add("haven-3.jpg"), "haven-3.jpg");
        assert_eq!(add("haven.jpg"), "haven-4.jpg");
        assert_eq!(add("logo.png"), "logo.png");
        assert_eq!(add("kaart"), "kaart");
        assert_eq!(add("kaart"), "kaart-2");
        assert_eq!(add(".jpg"), ".jpg");
        assert_eq!(add(".jpg"), ".jpg-2");
        assert_eq!(add("caf\u{E9}.tar.gz"), "caf\u{E9}.tar.gz");
        assert_eq!(add("caf\u{E9}.tar.gz"), "caf\u{E9}.tar-2.gz");
    }

    /// A line over the limit breaks at its last space between words before it: in text and
    /// between attributes, not in an attribute value, a `<pre>`, `<textarea>`, `<script>` or
    /// `<style>`, nor after another space; lines that fit and an unbreakable run stay.
    #[test]
    fn long_html_lines_fold_at_a_space_between_words() {
        let unfold = |s: &str| s.replace('\n', " ");
        // 3,000 octets of words in one paragraph: every line fits, each as long as it can be.
        let words = "woord ".repeat(500);
        let para = format!("<p class=\"lead\">{}</p>", words.trim_end());
        let folded = fold(&para);
        assert_eq!(unfold(&folded), para);
        let lines: Vec<&str> = folded.split('\n').collect();
        assert_eq!(lines.len(), 4, "{folded}");
        for (n, l) in lines.iter().enumerate() {
            assert!(l.len() <= MAX_LINE && !l.ends_with(' '), "{l}");
            // Greedy: the next word would not have fitted.
            let last = n + 1 == lines.len();
            assert!(last || l.len() + " woord".len() > MAX_LINE, "{}", l.len());
        }
        assert_eq!(transfer(&folded).1, "7bit");
        // No break inside a quoted value, a kept element, or after a space.
        let value = format!("<img alt=\"{}\" src=\"x\">", "a b ".repeat(300));
        let pre = format!("<pre>{}</pre>", "c d ".repeat(300));
        let after_pre = format!("{pre}<p>{}</p>", "h ".repeat(600));
        let style = format!("<style>{}</style>", "e f ".repeat(300));
        let spaces = format!("<p>{}</p>", "g  ".repeat(400));
        for (page, kept, breaks) in [
            (&value, 10..1210, true),
            (&after_pre, 0..pre.len(), true),
            (&style, 0..style.len(), false),
            (&spaces, 0..0, true),
        ] {
            let folded = fold(page);
            assert_eq!(unfold(&folded), *page);
            let at: Vec<usize> = folded.match_indices('\n').map(|(i, _)| i).collect();
            assert_eq!(!at.is_empty(), breaks, "{at:?} in {:?}", &page[..20]);
            assert!(at.iter().all(|b| !kept.contains(b)), "{at:?}");
            assert!(folded.split('\n').all(|l| !l.ends_with([' ', '\t'])));
        }
        let folded = fold(&after_pre);
        assert!(folded[pre.len()..].split('\n').all(|l| l.len() <= MAX_LINE));
        // An unbreakable run longer than a line stays; the part then goes base64.
        let run = format!("<p>{}</p>", "x".repeat(MAX_LINE + 1));
        assert_eq!(fold(&run), run);
        assert_eq!(transfer(&fold(&run)).1, "base64");
        // A page whose lines fit is not copied.
        assert!(matches!(
            fold("<p>a b</p>\n"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    /// `mail_links` as it walked every tag (session 12, with what only crawlers read
    /// added in session 14), which the search for candidates must equal.
    fn mail_links_tag_by_tag(page: &str, lang: Lang) -> String {
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
            let gone = match crawlers_only(tag, &is) {
                Some(Crawled::Tag) => Some(end + 1),
                Some(Crawled::Element(close)) => {
                    rest[end..].find(close).map(|c| end + c + close.len())
                }
                None => None,
            };
            if let Some(gone) = gone {
                rest = rest[gone..].strip_prefix('\n').unwrap_or(&rest[gone..]);
                continue;
            }
            let (anchor, link) = (is("a"), is("link"));
            let relative =
                (anchor || link) && attribute(tag, "href").is_some_and(|h| !resolves_anywhere(h));
            if anchor && relative {
                if let Some(close) = rest[end..].find("</a>").map(|c| end + c) {
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

    /// Pages pieced together from tags, stray brackets, unclosed tags, links of every kind
    /// and tags inside attribute values: the same text as the walk over every tag.
    #[test]
    fn searching_candidates_equals_walking_every_tag() {
        let pool = [
            "<a href=\"a.pdf\" type=\"application/pdf\">PDF</a>",
            "<a href=\"b.fr.html\" hreflang=\"fr\" lang=\"fr\">Fran\u{E7}ais</a>",
            "<a href=\"https://x.example/c\">c</a>",
            "<a href=\"#fn-1\">1</a>",
            "<a href=\"d.html\"><span>d</span></a>",
            "<a href=\"e.html\">no end",
            "<link rel=\"alternate\" href=\"f.html\">\n",
            "<link rel=\"canonical\" href=\"https://x.example/\">\n",
            "<article>",
            "<abbr title=\"<a href=&quot;g.html&quot;>\">x</abbr>",
            "<p title=\"<a href=\"",
            "h.html\">t</p>",
            "<path d=\"M0 0L1 1\"/>",
            "<main>",
            "</main>",
            " text ",
            "\n",
            "<",
            ">",
            "a<b",
            "</a>",
            "<linkx href=\"i.html\">",
            "<a>",
            "<meta charset=\"utf-8\">\n",
            "<meta name=\"viewport\" content=\"width=device-width\">\n",
            "<meta name=\"description\" content=\"d\">\n",
            "<meta property=\"og:title\" content=\"t\">\n",
            "<meta property=\"article:published_time\" content=\"2021-06-28\">",
            "<link rel=\"alternate\" hreflang=\"nl\" href=\"https://x.example/j.html\">\n",
            "<script type=\"application/ld+json\">{\"a\":\"\\u003c/script\\u003e\"}</script>\n",
            "<script type=\"application/ld+json\">no end",
            "<script>k</script>",
            "</script>",
            "<metax property=\"og:x\">",
        ];
        let mut seed = 7u64;
        for _ in 0..3000 {
            let mut page = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            for _ in 0..(seed >> 60) + 1 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                page.push_str(pool[(seed >> 33) as usize % pool.len()]);
            }
            assert_eq!(
                mail_links(&page, Lang::Nl, false),
                mail_links_tag_by_tag(&page, Lang::Nl),
                "{page:?}"
            );
        }
    }

    /// The head of a page as the mail carries it: charset, viewport, title, canonical link
    /// and style stay; the JSON-LD, the Open Graph and `article:` metadata, the description
    /// and the alternate links (relative or absolute) go, each with its line's end.
    #[test]
    fn what_only_crawlers_read_is_left_out_of_the_mail() {
        let head = concat!(
            "<head>\n<meta charset=\"utf-8\">\n",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
            "<title>T – FOD</title>\n",
            "<meta name=\"description\" content=\"De lead.\">\n",
            "<link rel=\"canonical\" href=\"https://x.example/a.nl.html\">\n",
            "<link rel=\"alternate\" hreflang=\"nl\" href=\"https://x.example/a.nl.html\">\n",
            "<link rel=\"alternate\" type=\"application/pdf\" href=\"a.pdf\">\n",
            "<meta property=\"og:type\" content=\"article\">\n",
            "<meta property=\"og:locale:alternate\" content=\"fr_BE\">\n",
            "<meta property=\"article:published_time\" content=\"2021-06-28\">\n",
            "<script type=\"application/ld+json\">{\"headline\":\"\\u003c/script\\u003e\"}</script>\n",
            "<style>\np { margin: 0; }\n</style>\n</head>\n",
        );
        assert_eq!(
            mail_links(head, Lang::Nl, false),
            concat!(
                "<head>\n<meta charset=\"utf-8\">\n",
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
                "<title>T – FOD</title>\n",
                "<link rel=\"canonical\" href=\"https://x.example/a.nl.html\">\n",
                "<style>\np { margin: 0; }\n</style>\n</head>\n",
            )
        );
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
            mail_links(page, Lang::Nl, false),
            concat!(
                "<head>\n",
                "<link rel=\"canonical\" href=\"https://x.example/a.nl.html\">\n</head>\n",
                "<li>Persbericht als pdf (bijlage)</li>\n",
                "<li><span lang=\"fr\">Français</span></li>\n",
                "<p><a href=\"mailto:p@x.example\">p</a> <sup><a href=\"#fn-nl-1\">1</a></sup>",
                " <abbr>x</abbr> <a href=\"https://x.example/b\">b</a></p>\n",
            )
        );
        let second = "<body>\n<main>\n<p>x</p>\n</main>\n<main>\n</main>\n</body>";
        assert_eq!(
            mail_links(second, Lang::Fr, true),
            "<body>\n<div class=\"main\">\n<p>x</p>\n</div>\n<main>\n</main>\n</body>"
        );
        assert_eq!(mail_links(second, Lang::Fr, false), second);
        // A tag runs to the first `>`; an unclosed one is left as it stands.
        let odd = "<p title=\"<a href='x'\">t</p> <a href=\"b.html\">b</a> <a href=\"c";
        assert_eq!(
            mail_links(odd, Lang::Fr, false),
            "<p title=\"<a href='x'\">t</p> b <a href=\"c"
        );
    }
}
