//! The shape of a release: which keys each table has and which of them are required.
//!
//! One function per table of the format (issue 2, "The release format"); the value
//! checks themselves live in [`super::check`].

use super::check::{codes, Cx, Need, Node, Value, DATE_HINT};
use super::{Contact, LangText, Located, Photo, Quote, Release, Section, Speaker, Update, When};
use crate::lang::Lang;
use std::collections::BTreeMap;
use std::ops::Range;
use toml::de::DeTable;

const ROOT_KEYS: &[&str] = &[
    "date",
    "update",
    "brand",
    "languages",
    "reference",
    "embargo",
    "place",
    "speaker",
    "contact",
    "contacts",
    "photos",
];
const UPDATE_KEYS: &[&str] = &["number", "replaces"];
const SPEAKER_KEYS: &[&str] = &["name", "role"];
const CONTACT_KEYS: &[&str] = &["name", "role", "email", "phone"];
const CONTACTS_KEYS: &[&str] = &[
    "name",
    "role",
    "organisation",
    "email",
    "phone",
    "languages",
];
const PHOTO_KEYS: &[&str] = &["file", "alt", "caption", "credit"];
const LANG_KEYS: &[&str] = &[
    "kind", "title", "subtitle", "lead", "quotes", "sections", "notes",
];
const SECTION_KEYS: &[&str] = &["heading", "text", "quotes"];
const QUOTE_KEYS: &[&str] = &["text", "by"];

const LANGUAGES_HINT: &str = "write languages = [\"nl\", \"fr\"]; supported are nl, fr, de and en";

/// A language listed in `languages`, with the span of its entry there.
struct Listed {
    lang: Lang,
    span: Range<usize>,
}

/// Checks the whole release; `None` when anything is wrong (the reasons are in `cx`).
pub(super) fn release(cx: &mut Cx, root: &DeTable, span: Range<usize>) -> Option<Release> {
    let root = Node {
        name: String::new(),
        table: root,
        span,
    };
    if looks_like_brand(cx, &root) {
        return None;
    }
    let (listed, written) = languages(cx, &root);
    cx.langs = listed.as_ref().map(|l| l.iter().map(|e| e.lang).collect());
    root_keys(cx, &root, &written);
    let date = cx.when(&root, "date", Need::Required(DATE_HINT));
    let reference = cx.text(&root, "reference", Need::Optional);
    let embargo = cx.when(&root, "embargo", Need::Optional);
    let update = cx.table(&root, "update", Need::Optional);
    let update = update.and_then(|n| self::update(cx, &n));
    if let Some(date) = &date {
        order(cx, &root, date, embargo.as_ref(), update.as_ref());
    }
    let place = cx.localized(&root, "place", Need::Optional);
    let speaker = cx.table(&root, "speaker", Need::Optional);
    let speaker = speaker.and_then(|n| self::speaker(cx, &n));
    let contacts = contacts(cx, &root);
    let photos = photos(cx, &root);
    let brand = brand(cx, &root);
    let tables = match &listed {
        Some(l) => texts(cx, &root, l),
        None => unlisted_texts(cx, &root),
    };
    Some(Release {
        date: date?,
        update,
        languages: listed?.iter().map(|l| l.lang).collect(),
        reference,
        embargo,
        place,
        speaker,
        brand: brand?,
        contacts: contacts?,
        photos: photos?,
        texts: tables?,
    })
}

/// The supported languages in `languages` (`None` if there are none), and every code
/// written there, so that a table for an unsupported code is not reported twice.
fn languages(cx: &mut Cx, root: &Node) -> (Option<Vec<Listed>>, Vec<String>) {
    let Some(v) = cx.value(root, "languages", Need::Required(LANGUAGES_HINT)) else {
        return (None, Vec::new());
    };
    let Some(items) = v.get_ref().as_array() else {
        cx.expected(
            "languages",
            v,
            "a list of language codes",
            LANGUAGES_HINT.to_string(),
        );
        return (None, Vec::new());
    };
    if items.is_empty() {
        cx.expected(
            "languages",
            v,
            "at least one language",
            LANGUAGES_HINT.to_string(),
        );
        return (None, Vec::new());
    }
    let mut listed: Vec<Listed> = Vec::new();
    for item in items.iter() {
        if let Some(lang) = language(cx, item, &listed) {
            listed.push(Listed {
                lang,
                span: item.span(),
            });
        }
    }
    let written = items
        .iter()
        .filter_map(|i| i.get_ref().as_str())
        .map(str::to_string)
        .collect();
    ((!listed.is_empty()).then_some(listed), written)
}

/// One entry of `languages`: a supported code, not listed before.
fn language(cx: &mut Cx, item: &Value, before: &[Listed]) -> Option<Lang> {
    let Some(code) = item.get_ref().as_str() else {
        cx.expected(
            "languages",
            item,
            "a language code like \"nl\"",
            LANGUAGES_HINT.to_string(),
        );
        return None;
    };
    let Some(lang) = Lang::from_code(code) else {
        let hint = match Lang::from_code(&code.trim().to_lowercase()) {
            Some(l) => format!("write the code in lower case, without spaces: \"{l}\""),
            None => "supported languages are nl, fr, de and en".to_string(),
        };
        cx.expected("languages", item, "one of nl, fr, de, en", hint);
        return None;
    };
    if before.iter().any(|l| l.lang == lang) {
        let message = format!("languages: \"{code}\" is listed twice");
        cx.error(item.span(), message, "list each language once".to_string());
        return None;
    }
    Some(lang)
}

/// Keys at the top level: the known fields and one table per listed language.
fn root_keys(cx: &mut Cx, root: &Node, written: &[String]) {
    let is_lang = |name: &str| Lang::from_code(name).is_some();
    // Without a usable list, which language tables belong is unknown; the tables are
    // still checked (see `unlisted_texts`) but not reported as unlisted.
    let Some(langs) = cx.langs.clone() else {
        return unknown_root_keys(cx, root, &[], is_lang);
    };
    let listed: Vec<&str> = langs.iter().map(|l| l.code()).collect();
    // An unsupported code in `languages` is reported there, not again at its table.
    let skip = |name: &str| is_lang(name) || written.iter().any(|w| w == name);
    unknown_root_keys(cx, root, &listed, skip);
    for (key, _) in root.table.iter() {
        let name = key.get_ref().as_ref();
        if is_lang(name) && !listed.contains(&name) {
            let message = format!(
                "table [{name}] is not listed in languages ({})",
                codes(&langs)
            );
            let hint = format!("add \"{name}\" to languages, or remove the [{name}] table");
            cx.error(key.span(), message, hint);
        }
    }
}

/// The tables only a brand file has (see `brand.rs`).
const BRAND_TABLES: &[&str] = &["organisation", "logo", "colors", "page", "typography"];

/// A brand file passed as a release would otherwise get an "unknown key" for each of its
/// tables and a "missing date": one error that says what the file is helps more.
fn looks_like_brand(cx: &mut Cx, root: &Node) -> bool {
    let has = |k: &str| root.table.get(k).is_some();
    let release_keys = has("date") || has("languages") || Lang::ALL.iter().any(|l| has(l.code()));
    let mut brand: Vec<_> = root
        .table
        .iter()
        .filter(|(k, _)| BRAND_TABLES.contains(&k.get_ref().as_ref()))
        .collect();
    brand.sort_by_key(|(k, _)| k.span().start);
    if release_keys || brand.is_empty() {
        return false;
    }
    let names: Vec<String> = brand
        .iter()
        .map(|(k, _)| format!("[{}]", k.get_ref()))
        .collect();
    let message = format!(
        "this looks like a brand file (it has {}), not a release",
        names.join(", ")
    );
    let hint = "pass a brand with --brand FILE (or as NAME/brand.toml in a --brands folder); a release has a date, languages and a table per language (communique init NAME writes one)";
    cx.error(brand[0].0.span(), message, hint.to_string());
    true
}

/// Reports top-level keys that are neither known fields, nor `tables`, nor `skip`ped.
fn unknown_root_keys(cx: &mut Cx, root: &Node, tables: &[&str], skip: impl Fn(&str) -> bool) {
    let mut known = ROOT_KEYS.to_vec();
    known.extend_from_slice(tables);
    for (key, _) in root.table.iter() {
        let name = key.get_ref().as_ref();
        if !known.contains(&name) && !skip(name) {
            cx.unknown_key(root, key, &known);
        }
    }
}

/// When `languages` is unusable, the language tables that are there are still checked,
/// so that their problems are reported in the same run.
fn unlisted_texts(cx: &mut Cx, root: &Node) -> Option<BTreeMap<Lang, LangText>> {
    let present: Vec<Listed> = root
        .table
        .iter()
        .filter_map(|(k, _)| {
            Lang::from_code(k.get_ref()).map(|lang| Listed {
                lang,
                span: k.span(),
            })
        })
        .collect();
    texts(cx, root, &present)
}

/// One [`LangText`] per listed language; `None` if a table is missing or wrong.
fn texts(cx: &mut Cx, root: &Node, listed: &[Listed]) -> Option<BTreeMap<Lang, LangText>> {
    let mut texts = BTreeMap::new();
    let mut complete = true;
    for l in listed {
        let text = lang_table(cx, root, l).and_then(|n| lang_text(cx, &n));
        match text {
            Some(t) => drop(texts.insert(l.lang, t)),
            None => complete = false,
        }
    }
    complete.then_some(texts)
}

/// The `[nl]` table of a listed language, reported at its `languages` entry if absent.
fn lang_table<'a, 'i>(cx: &mut Cx, root: &Node<'a, 'i>, l: &Listed) -> Option<Node<'a, 'i>> {
    let code = l.lang.code();
    if root.table.get(code).is_none() {
        let message = format!("languages: \"{code}\" is listed but there is no [{code}] table");
        let hint = format!(
            "add a [{code}] table with at least title = \"…\", or remove \"{code}\" from languages"
        );
        cx.error(l.span.clone(), message, hint);
        return None;
    }
    cx.table(root, code, Need::Optional)
}

fn lang_text(cx: &mut Cx, node: &Node) -> Option<LangText> {
    cx.keys(node, LANG_KEYS);
    let title_hint = "every language needs a title: title = \"…\"";
    let kind = cx.text(node, "kind", Need::Optional);
    let title = cx.text(node, "title", Need::Required(title_hint));
    let subtitle = cx.text(node, "subtitle", Need::Optional);
    let lead = cx.text(node, "lead", Need::Optional);
    let notes = cx.text(node, "notes", Need::Optional);
    let quotes = quotes(cx, node);
    let sections = cx.tables(node, "sections");
    let sections: Vec<Option<Section>> = sections.iter().map(|n| section(cx, n)).collect();
    Some(LangText {
        kind,
        title: title?,
        subtitle,
        lead,
        notes,
        quotes: quotes?,
        sections: sections.into_iter().collect::<Option<_>>()?,
    })
}

fn section(cx: &mut Cx, node: &Node) -> Option<Section> {
    cx.keys(node, SECTION_KEYS);
    let heading = cx.text(node, "heading", Need::Optional);
    let text_hint = "a section needs its text: text = \"\"\"…\"\"\"";
    let text = cx.text(node, "text", Need::Required(text_hint));
    let quotes = quotes(cx, node);
    Some(Section {
        heading,
        text: text?,
        quotes: quotes?,
    })
}

/// The `[[….quotes]]` of a language or section; `None` if one of them is wrong.
fn quotes(cx: &mut Cx, node: &Node) -> Option<Vec<Quote>> {
    let nodes = cx.tables(node, "quotes");
    let quotes: Vec<Option<Quote>> = nodes.iter().map(|n| quote(cx, n)).collect();
    quotes.into_iter().collect()
}

fn quote(cx: &mut Cx, node: &Node) -> Option<Quote> {
    cx.keys(node, QUOTE_KEYS);
    let text = cx.text(
        node,
        "text",
        Need::Required("a quote needs its text: text = \"…\""),
    );
    let by = cx.text(node, "by", Need::Optional);
    Some(Quote { text: text?, by })
}

fn speaker(cx: &mut Cx, node: &Node) -> Option<Speaker> {
    cx.keys(node, SPEAKER_KEYS);
    let name = cx.localized(
        node,
        "name",
        Need::Required("write name = \"…\" under [speaker]"),
    );
    let role = cx.localized(node, "role", Need::Optional);
    Some(Speaker { name: name?, role })
}

/// The old single `[contact]` and the `[[contacts]]`, in that order; `None` if one of them
/// is wrong.
fn contacts(cx: &mut Cx, root: &Node) -> Option<Vec<Contact>> {
    let old = match root.table.get("contact") {
        // `[[contact]]` reads naturally but is not the key for several.
        Some(v) if v.get_ref().as_array().is_some() => {
            let hint = "write several contacts as [[contacts]], with an s; [contact] is one";
            cx.expected("contact", v, "a table", hint.to_string());
            return None;
        }
        _ => cx.table(root, "contact", Need::Optional),
    };
    let mut contacts = vec![old.map(|n| contact(cx, &n, CONTACT_KEYS))];
    let nodes = cx.tables(root, "contacts");
    contacts.extend(nodes.iter().map(|n| Some(contact(cx, n, CONTACTS_KEYS))));
    contacts.into_iter().flatten().collect()
}

/// One contact. Its per-language texts are needed only in the languages it is shown in.
fn contact(cx: &mut Cx, node: &Node, keys: &[&str]) -> Option<Contact> {
    cx.keys(node, keys);
    let languages = contact_languages(cx, node);
    let all = cx.langs.clone();
    if let (Some(Some(only)), Some(_)) = (&languages, &all) {
        cx.langs = Some(only.clone());
    }
    let name = cx.localized(node, "name", Need::Optional);
    let role = cx.localized(node, "role", Need::Optional);
    let organisation = cx.localized(node, "organisation", Need::Optional);
    cx.langs = all;
    let email = email(cx, node);
    let phone = cx.text(node, "phone", Need::Optional);
    Some(Contact {
        name,
        role,
        organisation,
        email,
        phone,
        languages: languages?,
    })
}

/// A contact's `languages`: each a language of the release, listed once. `Some(None)` when
/// absent (every language); `None` when wrong.
fn contact_languages(cx: &mut Cx, node: &Node) -> Option<Option<Vec<Lang>>> {
    let Some(v) = node.table.get("languages") else {
        return Some(None);
    };
    let field = node.field("languages");
    let hint = "list the languages whose part shows this contact: languages = [\"nl\"]";
    let items = match v.get_ref().as_array() {
        Some(items) if !items.is_empty() => items,
        _ => {
            cx.expected(&field, v, "a list of language codes", hint.to_string());
            return None;
        }
    };
    let release = cx.langs.clone();
    let mut langs = Vec::new();
    let mut ok = true;
    for item in items.iter() {
        let code = item.get_ref().as_str();
        let lang = code.and_then(Lang::from_code);
        match (lang, &release) {
            (Some(l), Some(r)) if r.contains(&l) && !langs.contains(&l) => langs.push(l),
            (Some(l), None) if !langs.contains(&l) => langs.push(l),
            (Some(l), _) if langs.contains(&l) => {
                let message = format!("{field}: \"{l}\" is listed twice");
                cx.error(item.span(), message, "list each language once".to_string());
                ok = false;
            }
            (Some(l), Some(r)) => {
                let message = format!(
                    "{field}: \"{l}\" is not one of the release's languages ({})",
                    codes(r)
                );
                let hint = format!(
                    "the release is in {}; remove \"{l}\" or add it to the release's languages",
                    codes(r)
                );
                cx.error(item.span(), message, hint);
                ok = false;
            }
            _ => {
                cx.expected(&field, item, "one of nl, fr, de, en", hint.to_string());
                ok = false;
            }
        }
    }
    ok.then_some(Some(langs))
}

/// The `[[photos]]`, in order; `None` if one of them is wrong.
fn photos(cx: &mut Cx, root: &Node) -> Option<Vec<Photo>> {
    let nodes = cx.tables(root, "photos");
    let photos: Vec<Option<Photo>> = nodes.iter().map(|n| photo(cx, n)).collect();
    photos.into_iter().collect()
}

fn photo(cx: &mut Cx, node: &Node) -> Option<Photo> {
    cx.keys(node, PHOTO_KEYS);
    let file_hint = "name the image file, relative to the release: file = \"photos/rome.jpg\"";
    let file = cx.text(node, "file", Need::Required(file_hint));
    let file = file.and_then(|f| photo_file(cx, node, f));
    let alt_hint = "describe the photo for readers who cannot see it, in every language: alt = { nl = \"…\", fr = \"…\" }";
    let alt = cx.localized(node, "alt", Need::Required(alt_hint));
    let caption = cx.localized(node, "caption", Need::Optional);
    let credit = cx.text(node, "credit", Need::Optional);
    Some(Photo {
        file: file?,
        alt: alt?,
        caption,
        credit,
        image: None,
    })
}

/// A photo's `file` as written: relative, and not climbing out of the release's folder
/// with `..`. (Symlinks are resolved where the file is read, by the caller.)
fn photo_file(cx: &mut Cx, node: &Node, file: Located<String>) -> Option<Located<String>> {
    let path = std::path::Path::new(&file.value);
    let mut depth = 0i32;
    let mut outside = path.has_root() || file.value.starts_with('/');
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => depth -= 1,
            std::path::Component::Normal(_) => depth += 1,
            _ => {}
        }
        outside |= depth < 0;
    }
    if !outside {
        return Some(file);
    }
    let message = format!(
        "{}: the photo {:?} is outside the release's folder",
        node.field("file"),
        file.value
    );
    let hint = "put the photo in the release's folder (or a folder below it) and name it relative to the release: file = \"photos/rome.jpg\"";
    cx.error(file.span, message, hint.to_string());
    None
}

/// A contact's e-mail address: one address ([`is_email_address`]; spaces around it are
/// left to the templates, which trim them). Journalists copy it from the PDF and the page,
/// the page and the PDF link it (`mailto:`), and the e-mail puts it in `From` and
/// `Reply-To`, where `a@b@c`, two addresses or a name around it would make a header no mail
/// program reads as meant.
fn email(cx: &mut Cx, node: &Node) -> Option<Located<String>> {
    let email = cx.text(node, "email", Need::Optional)?;
    let address = email.value.trim();
    if is_email_address(address) {
        return Some(email);
    }
    let v = node.table.get("email")?;
    let ats = address.matches('@').count();
    let hint = if ats == 0 {
        "an e-mail address has an @, like pers@example.be".to_string()
    } else if address.starts_with("mailto:") {
        "write the address alone, without mailto: (email = \"pers@example.be\")".to_string()
    } else if address.contains('<') || address.contains('"') {
        "write the address alone, without a name or <…> around it: the contact's name goes in name"
            .to_string()
    } else if ats > 1 && address.contains([',', ';', ' ']) {
        "one address per contact: give the second address a [[contacts]] entry of its own"
            .to_string()
    } else if ats > 1 {
        "an e-mail address has one @, like pers@example.be".to_string()
    } else if address.contains(char::is_whitespace) {
        "an e-mail address has no spaces in it".to_string()
    } else if address.ends_with('.') {
        "an e-mail address does not end with a dot: pers@example.be".to_string()
    } else {
        "an e-mail address is a name, an @ and a domain with a dot, like pers@example.be"
            .to_string()
    };
    cx.expected(&node.field("email"), v, "an e-mail address", hint);
    None
}

/// Whether `s` is one e-mail address, `local@domain.tld`, as RFC 5322 writes one without
/// quotes or comments: a local part of letters, digits and the other characters of its
/// `atext` (`!#$%&'*+-/=?^_{|}~` and the backtick), with dots between (none first, last or
/// doubled), an `@`, and a domain of two or more labels
/// of letters, digits and hyphens (none first or last in a label). Letters are any
/// script's (RFC 6531's internationalised addresses: `émile@exämple.be`). The templates'
/// `autolink` links the same words, so every contact address is a link on the page and
/// in the PDF.
pub fn is_email_address(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let atom = |part: &str, ok: &dyn Fn(char) -> bool| !part.is_empty() && part.chars().all(ok);
    let local_ok = local.split('.').all(|a| {
        atom(a, &|c| {
            c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c)
        })
    });
    let label = |l: &str| {
        atom(l, &|c| c.is_alphanumeric() || c == '-') && !l.starts_with('-') && !l.ends_with('-')
    };
    local_ok && domain.contains('.') && domain.split('.').all(label)
}

fn update(cx: &mut Cx, node: &Node) -> Option<Update> {
    cx.keys(node, UPDATE_KEYS);
    let hint =
        "number the updates from 1: update = { number = 2, replaces = 2026-10-14T09:30:00+02:00 }";
    let v = cx.value(node, "number", Need::Required(hint))?;
    let replaces = cx.when(node, "replaces", Need::Optional);
    let number = v
        .get_ref()
        .as_integer()
        .and_then(|i| i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok())
        .and_then(|n| u32::try_from(n).ok())
        .filter(|&n| n >= 1);
    let Some(number) = number else {
        let field = node.field("number");
        cx.expected(&field, v, "a whole number from 1 up", hint.to_string());
        return None;
    };
    Some(Update { number, replaces })
}

/// The times a release names must fit its date: an embargo cannot end before the release
/// is issued, and the release an update replaces cannot come after it.
fn order(cx: &mut Cx, root: &Node, date: &When, embargo: Option<&When>, update: Option<&Update>) {
    let span = |keys: &[&str]| {
        let mut table = root.table;
        let (last, path) = keys.split_last()?;
        for k in path {
            table = table.get(*k)?.get_ref().as_table()?;
        }
        table.get(*last).map(|v| v.span())
    };
    if let (Some(e), Some(at)) = (embargo, span(&["embargo"])) {
        if e.is_before(date) {
            let message = format!(
                "embargo: the embargo ends ({}) before the release's date ({})",
                show(e),
                show(date)
            );
            let hint = "an embargo lifts at or after the release's date; check both, or leave the embargo out";
            cx.error(at, message, hint.to_string());
        }
    }
    let replaces = update.and_then(|u| u.replaces);
    if let (Some(r), Some(at)) = (replaces, span(&["update", "replaces"])) {
        if date.is_before(&r) {
            let message = format!(
                "update.replaces: the replaced release ({}) is later than this one ({})",
                show(&r),
                show(date)
            );
            let hint = "replaces says when the release this one replaces was issued, before date";
            cx.error(at, message, hint.to_string());
        }
    }
}

/// A date or date-time as the author wrote it, for messages.
fn show(w: &When) -> String {
    match w.time {
        Some((t, _)) => format!("{} {}", w.date, t.format("%H:%M")),
        None => w.date.to_string(),
    }
}

/// `brand = "name"` or, for a joint release, `brand = ["a", "b"]`: names of brands, each
/// once. Whether they exist is the engine's question (it knows the brands).
fn brand(cx: &mut Cx, root: &Node) -> Option<Vec<Located<String>>> {
    let Some(v) = root.table.get("brand") else {
        return Some(Vec::new());
    };
    let hint = "name a brand folder: brand = \"fod-justitie\", or brand = [\"fod-digitaal\", \"fod-justitie\"] for a joint release";
    let items: Vec<&Value> = match v.get_ref().as_array() {
        Some(items) if !items.is_empty() => items.iter().collect(),
        Some(_) => {
            cx.expected("brand", v, "a brand name", hint.to_string());
            return None;
        }
        None => vec![v],
    };
    let mut names: Vec<Located<String>> = Vec::new();
    let mut ok = true;
    for item in items {
        let Some(name) = cx.string("brand", item, Need::Required(hint)) else {
            ok = false;
            continue;
        };
        if names.iter().any(|n| n.value == name.value) {
            let message = format!("brand: \"{}\" is named twice", name.value);
            cx.error(item.span(), message, "name each brand once".to_string());
            ok = false;
            continue;
        }
        names.push(name);
    }
    ok.then_some(names)
}

#[cfg(test)]
mod tests {
    use super::is_email_address;

    /// One address as RFC 5322 writes it without quotes, in any script; never two, a name
    /// around it, a scheme or a domain without a dot.
    #[test]
    fn an_email_address_is_one_address() {
        for ok in [
            "pers@example.be",
            "an.peeters@justitie.example",
            "o'neill+pers@sub.example-fod.be",
            "émile@exämple.be",
            "пресса@пример.рф",
            "x@a.b",
        ] {
            assert!(is_email_address(ok), "{ok}");
        }
        for bad in [
            "",
            "@",
            "pers.example.be",
            "pers@example",
            "pers@example.be.",
            "pers@.example.be",
            "pers@example..be",
            "pers@-example.be",
            "pers@example-.be",
            ".pers@example.be",
            "pers.@example.be",
            "pe..rs@example.be",
            "@example.be",
            "pers@",
            "a@b@c.be",
            "pers@example.be, info@example.be",
            "pers@example.be info@example.be",
            "mailto:pers@example.be",
            "Jan <jan@example.be>",
            "\"jan\"@example.be",
            "jan @example.be",
            "jan@exam ple.be",
            "jan@example.be\n",
            "(jan)jan@example.be",
            "jan@[192.0.2.1]",
        ] {
            assert!(!is_email_address(bad), "{bad:?}");
        }
    }
}
