//! Which face sets each character of a web page: what the page's web fonts must hold.
//!
//! Takes a page (or index) as rendered without web fonts and gives, for each of the PDF's
//! eight faces the page shows text in, the characters it shows in it. The web fonts are
//! then only those faces, each subset to its own characters (`--web-fonts`): a page whose
//! text never sets the serif bold italic carries no serif bold italic.
//!
//! The face of a piece of text is read off the element it sits in, as the browser's
//! cascade would give it from `templates/html/style.hbs` and the browser's own defaults
//! (`strong` bold, `em` italic, headings and `th` bold): [`Style::enter`] mirrors those
//! rules one by one, so a rule added there needs its twin here. `tests/html.rs` holds the
//! two together: Chromium reports, for every element of the web-font pages, the face it
//! really drew the text with, and it must be this module's.
//!
//! That mirror holds for the shipped stylesheet only. A page whose `html/style` is the
//! user's own (`--templates`) may set any text in any face, so it gets [`every_face`]:
//! all eight faces, each holding every character the page shows (in either case, for a
//! `text-transform`). Bigger, but no text falls back to another font.
//!
//! The page is HTML this crate wrote (or a template it rendered): a small scan of tags and
//! text serves, no HTML parser is needed. Text in `head`, `script`, `style`, `svg` and
//! `template` is never shown.

use std::collections::{BTreeMap, BTreeSet};

use crate::font::{Family, FontId};

/// The characters each face shows on `html`, faces in [`FontId`] order.
pub fn shown(html: &str) -> BTreeMap<FontId, BTreeSet<char>> {
    let mut scan = Scan::default();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        scan.text(&rest[..lt]);
        rest = &rest[lt..];
        let end = if rest.starts_with("<!--") {
            rest.find("-->").map_or(rest.len(), |i| i + 3)
        } else {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            scan.tag(&rest[1..end.saturating_sub(1).max(1)]);
            // A script's or stylesheet's text is not HTML: skip to its end tag.
            match scan.open.last().map(|e| e.name.as_str()) {
                Some(raw @ ("script" | "style")) => {
                    let close = format!("</{raw}");
                    end + rest[end..].find(&close).unwrap_or(rest.len() - end)
                }
                _ => end,
            }
        };
        rest = &rest[end..];
    }
    scan.text(rest);
    scan.finish()
}

/// Every face, each with every character `html` shows ([`shown`]) in any face, and their
/// upper and lower case: the web fonts of a page whose stylesheet is not the shipped one,
/// which this module cannot mirror.
pub fn every_face(html: &str) -> BTreeMap<FontId, BTreeSet<char>> {
    let mut all: BTreeSet<char> = shown(html).into_values().flatten().collect();
    let cased: Vec<char> = all
        .iter()
        .flat_map(|c| c.to_uppercase().chain(c.to_lowercase()))
        .collect();
    all.extend(cased);
    let faces = [Family::Serif, Family::Sans]
        .into_iter()
        .flat_map(|family| {
            [(false, false), (false, true), (true, false), (true, true)]
                .map(|(bold, italic)| FontId::new(family, bold, italic))
        });
    match all.is_empty() {
        true => BTreeMap::new(),
        false => faces.map(|id| (id, all.clone())).collect(),
    }
}

/// HTML's void elements: no end tag, no content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Elements whose content is not shown as text.
const HIDDEN: &[&str] = &["head", "script", "style", "svg", "template", "title"];

/// What the browser may draw besides the text itself, in every face the page uses: the
/// space, and the hyphen `hyphens: auto` adds at a line end (Chromium takes U+2010 when
/// the face has it, else `-`).
const ALWAYS: &[char] = &[' ', '-', '\u{2010}'];

#[derive(Default)]
struct Scan {
    /// The open elements, the innermost last.
    open: Vec<Element>,
    shown: BTreeMap<FontId, BTreeSet<char>>,
}

/// An open element: its name and classes, and the style its text gets.
struct Element {
    name: String,
    classes: Vec<String>,
    style: Style,
}

/// The part of an element's computed style that picks a face.
#[derive(Clone, Copy, Default)]
struct Style {
    sans: bool,
    bold: bool,
    italic: bool,
    /// `text-transform: uppercase`.
    upper: bool,
    /// Inside an element whose text is never shown.
    hidden: bool,
}

impl Scan {
    fn tag(&mut self, tag: &str) {
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            // Close up to the innermost element of that name; a stray end tag closes none.
            if let Some(at) = self.open.iter().rposition(|e| e.name == name) {
                self.open.truncate(at);
            }
            return;
        }
        if tag.starts_with('!') || tag.starts_with('?') {
            return;
        }
        let name_end = tag
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(tag.len());
        let name = tag[..name_end].to_ascii_lowercase();
        let classes: Vec<String> = attribute(tag, "class")
            .map(|c| c.split_whitespace().map(str::to_string).collect())
            .unwrap_or_default();
        let parent = self.open.last().map(|e| e.style).unwrap_or_default();
        let style = parent.enter(&name, &classes, &self.open);
        // The print stylesheet writes a link's address after it (`a[href^="http"]::after`,
        // in the article), in the link's face.
        if name == "a" && self.open.iter().any(|e| e.name == "article") {
            if let Some(href) = attribute(tag, "href").filter(|h| h.starts_with("http")) {
                self.add(style, &format!(" <{href}>"));
            }
        }
        // An ordered list's markers: its numbers and their full stop.
        if name == "li" && self.open.last().is_some_and(|e| e.name == "ol") {
            self.add(style, "0123456789.");
        }
        if VOID.contains(&name.as_str()) || tag.ends_with('/') {
            return;
        }
        self.open.push(Element {
            name,
            classes,
            style,
        });
    }

    fn text(&mut self, text: &str) {
        let style = self.open.last().map(|e| e.style).unwrap_or_default();
        if text.trim().is_empty() {
            return;
        }
        self.add(style, &decode(text));
    }

    fn add(&mut self, style: Style, text: &str) {
        if style.hidden {
            return;
        }
        let family = if style.sans {
            Family::Sans
        } else {
            Family::Serif
        };
        let face = FontId::new(family, style.bold, style.italic);
        let chars = self.shown.entry(face).or_default();
        for c in text.chars().filter(|c| !c.is_control()) {
            match style.upper {
                true => chars.extend(c.to_uppercase()),
                false => {
                    chars.insert(c);
                }
            }
        }
    }

    fn finish(mut self) -> BTreeMap<FontId, BTreeSet<char>> {
        self.shown
            .retain(|_, chars| chars.iter().any(|c| !c.is_whitespace()));
        for chars in self.shown.values_mut() {
            chars.extend(ALWAYS);
        }
        self.shown
    }
}

impl Style {
    /// The style of element `name` with `classes` inside `open` (its ancestors), whose
    /// parent has this style. Each rule names the stylesheet rule (or browser default) it
    /// mirrors.
    fn enter(self, name: &str, classes: &[String], open: &[Element]) -> Style {
        let has = |c: &str| classes.iter().any(|x| x == c);
        let within = |name: Option<&str>, class: &str| {
            open.iter()
                .any(|e| name.is_none_or(|n| e.name == n) && e.classes.iter().any(|x| x == class))
        };
        let mut s = self;
        s.hidden |= HIDDEN.contains(&name);
        // Rules with the `font` shorthand, which also resets weight and style (among them
        // `figure.photo figcaption`).
        let shorthand_sans = (name == "header" && has("letterhead"))
            || (name == "ul" && within(Some("nav"), "channels"))
            || (name == "p" && within(None, "release-head"))
            || name == "table"
            || (has("meta") && within(None, "releases"))
            || (name == "figcaption" && within(Some("figure"), "photo"));
        if name == "body" {
            (s.sans, s.bold, s.italic) = (false, false, false);
        }
        if shorthand_sans {
            (s.sans, s.bold, s.italic) = (true, false, false);
        }
        // `h1 { font: 700 … var(--sans) }`; `h2, h3, h4 { font-family: var(--sans) }`.
        if matches!(name, "h1" | "h2" | "h3" | "h4") {
            s.sans = true;
        }
        // Bold: the browser's headings, `th`, `strong` and `b`; the stylesheet's `.lead`,
        // `.letterhead .org`, `.release-head .kind, .embargo, .update`.
        let bold_class = has("lead")
            || (has("org") && within(None, "letterhead"))
            || ((has("kind") || has("embargo") || has("update")) && within(None, "release-head"));
        if matches!(
            name,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" | "strong" | "b"
        ) || bold_class
        {
            s.bold = true;
        }
        // Italic: the browser's `em`, `i`, `cite`, `dfn`, `var`; the stylesheet's
        // `figure.quote blockquote`; `address { font-style: normal }` undoes the browser's
        // italic address.
        if matches!(name, "em" | "i" | "cite" | "dfn" | "var")
            || (name == "blockquote" && within(Some("figure"), "quote"))
        {
            s.italic = true;
        }
        if name == "address" {
            s.italic = false;
        }
        // `.release-head .kind { text-transform: uppercase }`.
        if has("kind") && within(None, "release-head") {
            s.upper = true;
        }
        s
    }
}

/// The value of attribute `name` in the inside of a start tag, entities decoded.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    while let Some(at) = rest.find(name) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + name.len()..].trim_start();
        rest = &rest[at + name.len()..];
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let Some(value) = after.strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        let (quote, value) = match value.chars().next() {
            Some(q @ ('"' | '\'')) => (q, &value[1..]),
            _ => (' ', value),
        };
        let end = value.find(quote).unwrap_or(value.len());
        return Some(decode(&value[..end]));
    }
    None
}

/// `text` with its character references replaced by what they stand for. A named
/// reference this does not know keeps its letters: a few characters too many in a
/// subset, never one too few.
fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest[1..].find(';').map(|i| i + 1).filter(|&i| i <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..semi];
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => out.push(c),
            None => out.push_str(&rest[..=semi]),
        }
        rest = &rest[semi + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face(sans: bool, bold: bool, italic: bool) -> FontId {
        let family = if sans { Family::Sans } else { Family::Serif };
        FontId::new(family, bold, italic)
    }

    fn text_of(map: &BTreeMap<FontId, BTreeSet<char>>, f: FontId) -> String {
        map.get(&f)
            .map(|s| s.iter().filter(|c| !ALWAYS.contains(c)).collect())
            .unwrap_or_default()
    }

    #[test]
    fn each_element_gets_the_face_the_stylesheet_gives_it() {
        let html = "<!DOCTYPE html><html><head><title>Tt</title><style>p{x}</style></head>\
            <body><header class=\"letterhead\"><svg><text>S</text></svg>\
            <p class=\"org\">Og</p><p>ad</p></header>\
            <article><header class=\"release-head\"><p class=\"kind\">kéy</p>\
            <h1>H<em>i</em></h1></header><p class=\"lead\">L<em>m</em></p>\
            <p>b&amp;&#x202F;&lt;<strong>z<em>q</em></strong><br><a href=\"https://x.be/\">k</a></p>\
            <figure class=\"quote\"><blockquote><p>Q</p></blockquote><figcaption>c</figcaption></figure>\
            <figure class=\"photo\"><img src=\"p.png\" alt=\"\"><figcaption>Jv<em>j</em></figcaption></figure>\
            <table><tr><th>T</th><td>d<em>w</em></td></tr></table>\
            <address>A<!-- <em>no</em> --></address>\
            <aside class=\"footnotes\"><ol><li>f</li></ol></aside></article></body></html>";
        let map = shown(html);
        assert_eq!(
            text_of(&map, face(true, false, false)),
            "Jadv",
            "letterhead, photo caption"
        );
        assert_eq!(
            text_of(&map, face(true, true, false)),
            "HKOTYgÉ",
            "org, kind, h1, th"
        );
        assert_eq!(
            text_of(&map, face(true, false, true)),
            "jw",
            "em in a table cell and in a photo caption"
        );
        assert_eq!(text_of(&map, face(true, true, true)), "i");
        assert_eq!(
            text_of(&map, face(false, false, false)),
            "&./0123456789:<>Abcefhkpstx\u{202f}",
            "body text, link address in print, list numbers, address"
        );
        assert_eq!(text_of(&map, face(false, true, false)), "Lz");
        assert_eq!(text_of(&map, face(false, false, true)), "Q", "quote");
        assert_eq!(text_of(&map, face(false, true, true)), "mq");
        assert!(map.values().all(|s| s.contains(&'\u{2010}')));
    }

    #[test]
    fn a_page_with_its_own_stylesheet_gets_every_face_with_every_character() {
        let html = "<body><p>ab <em>Ç</em></p><h1>D</h1></body>";
        let map = every_face(html);
        assert_eq!(map.len(), 8);
        for f in map.keys() {
            assert_eq!(text_of(&map, *f), "ABDabdÇç", "{f:?}");
        }
        assert!(every_face("<body> </body>").is_empty());
    }

    #[test]
    fn a_face_with_no_text_is_left_out() {
        let map = shown("<body><p>Only roman</p><p><em> </em></p></body>");
        assert_eq!(
            map.keys().copied().collect::<Vec<_>>(),
            [face(false, false, false)]
        );
    }

    #[test]
    fn references_decode_and_unknown_ones_keep_their_letters() {
        assert_eq!(decode("a&#233;&#xE9;&amp;&bogus;&"), "aéé&&bogus;&");
        assert_eq!(
            attribute(" class=\"a b\" href='h&amp;'", "href").as_deref(),
            Some("h&")
        );
        assert_eq!(attribute(" data-class=\"x\"", "class"), None);
    }
}
