//! Handlebars helpers.
//!
//! | helper | use | gives |
//! |---|---|---|
//! | `longdate` | `{{longdate @root.date lang}}` | "maandag 28 juni 2021", "lundi 1er juin 2021", … |
//! | `time` | `{{time @root.embargo.time lang}}` | "12.00 uur", "12 h 00", "12:00 Uhr", "12:00" |
//! | `replaces` | `{{replaces @root.update.replaces lang}}` | "vervangt het bericht van 9.30 uur", see [`locale::replaces`] |
//! | `label` | `{{label "contact" lang}}` | a fixed word per language, see [`locale::label`] |
//! | `about` | `{{about short lang french_article}}` | "À propos du SPF …", see [`locale::about`] |
//! | `markdown` | `{{{markdown text lang @root.links}}}` | markup blocks from CommonMark, see [`super::markdown`]; the third parameter (optional) is `"inline"` or `"notes"` |
//! | `autolink` | `{{{autolink email}}}` | escaped text with e-mail addresses and URLs as `<a href>` |
//!
//! `markdown` and `autolink` return markup and so must be used with the triple-stash; the
//! others return text and are escaped like any value. Dates are `YYYY-MM-DD` strings and
//! times `HH:MM` strings, as [`super::context()`] writes them; `lang` is a language code.

use super::escape::escape_xml;
use super::{locale, mark};
use crate::brand::{FrenchArticle, LinkStyle};
use crate::lang::Lang;
use crate::model::is_email_address;
use chrono::{NaiveDate, NaiveTime};
use handlebars::{
    Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, RenderErrorReason,
    ScopedJson,
};
use serde_json::Value;

/// The names of the helpers this module registers.
pub const NAMES: [&str; 7] = [
    "longdate", "time", "replaces", "label", "about", "markdown", "autolink",
];

/// Registers every helper on `hb`.
pub fn register(hb: &mut Handlebars<'static>) {
    let helpers: [(&'static str, usize, HelperFn); 7] = [
        ("longdate", 2, longdate),
        ("time", 2, time),
        ("replaces", 2, replaces),
        ("label", 2, label),
        ("about", 2, about),
        ("markdown", 1, markdown),
        ("autolink", 1, autolink),
    ];
    for (name, min_params, f) in helpers {
        hb.register_helper(
            name,
            Box::new(Simple {
                name,
                min_params,
                f,
            }),
        );
    }
}

/// A helper as a plain function of its parameter values.
type HelperFn = fn(&[&Value]) -> Result<String, String>;

/// Adapts a [`HelperFn`] to Handlebars: checks the parameters are present (strict mode does
/// not do that for helper parameters) and turns a failure into a located render error.
struct Simple {
    name: &'static str,
    min_params: usize,
    f: HelperFn,
}

impl HelperDef for Simple {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let fail = |msg: String| -> RenderError {
            RenderErrorReason::Other(format!("helper `{}`: {msg}", self.name)).into()
        };
        if h.params().len() < self.min_params {
            return Err(fail(format!(
                "needs {} parameters, got {}",
                self.min_params,
                h.params().len()
            )));
        }
        let mut values = Vec::with_capacity(h.params().len());
        for (i, p) in h.params().iter().enumerate() {
            if p.is_value_missing() {
                let path = p.relative_path().map_or("?", |s| s.as_str());
                return Err(fail(format!(
                    "parameter {} (`{path}`) is not in the context",
                    i + 1
                )));
            }
            values.push(p.value());
        }
        let out = (self.f)(&values).map_err(fail)?;
        Ok(ScopedJson::Derived(Value::String(out)))
    }
}

fn longdate(args: &[&Value]) -> Result<String, String> {
    let lang = lang_arg(args[1])?;
    Ok(locale::long_date(date_arg(args[0])?, lang))
}

fn time(args: &[&Value]) -> Result<String, String> {
    let lang = lang_arg(args[1])?;
    Ok(locale::clock_time(time_arg(args[0])?, lang))
}

/// `{ date, time, same_day }` as the context writes an update's `replaces`.
fn replaces(args: &[&Value]) -> Result<String, String> {
    let lang = lang_arg(args[1])?;
    let field = |k: &str| args[0].get(k).unwrap_or(&Value::Null);
    let date = date_arg(field("date"))?;
    let time = match field("time") {
        Value::Null => None,
        v => Some(time_arg(v)?),
    };
    let same_day = field("same_day").as_bool().unwrap_or(false);
    Ok(locale::replaces(date, time, same_day, lang))
}

fn date_arg(v: &Value) -> Result<NaiveDate, String> {
    let text = str_arg(v, "a date like 2021-06-28")?;
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("expected a date like 2021-06-28, found {text:?}"))
}

fn time_arg(v: &Value) -> Result<NaiveTime, String> {
    let text = str_arg(v, "a time like 12:00")?;
    NaiveTime::parse_from_str(text, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M:%S"))
        .map_err(|_| format!("expected a time like 12:00, found {text:?}"))
}

fn label(args: &[&Value]) -> Result<String, String> {
    let lang = lang_arg(args[1])?;
    let key = str_arg(args[0], "a label name")?;
    locale::label(key, lang).map(str::to_string).ok_or_else(|| {
        format!(
            "unknown label {key:?} (known: {})",
            locale::LABEL_KEYS.join(", ")
        )
    })
}

/// `{{about name lang french_article}}`: the heading of an organisation's boilerplate
/// ("À propos du SPF …"); the third parameter, the brand's article of the French name
/// (`le`, `la`, `les`, `none`, or null), is optional.
fn about(args: &[&Value]) -> Result<String, String> {
    let lang = lang_arg(args[1])?;
    let name = str_arg(args[0], "an organisation's name")?;
    let article = match args.get(2).copied() {
        None | Some(Value::Null) => None,
        Some(v) => Some(article_arg(v)?),
    };
    // A marked name (see `super::mark`): the heading is made from the name as written, and
    // the name, which the heading ends with, keeps its mark. Any other marked text is read
    // without its marks (the heading is then not located, but is the same heading).
    if let Some((place, offset, text)) = mark::unmark(name) {
        let heading = locale::about(text, lang, article);
        let trimmed = text.trim();
        let at = offset + (text.len() - text.trim_start().len());
        if let Some(head) = heading.strip_suffix(trimmed) {
            return Ok(format!("{head}{}", mark::mark(&place, at, trimmed)));
        }
        return Ok(heading);
    }
    Ok(locale::about(&mark::unmarked(name), lang, article))
}

fn article_arg(v: &Value) -> Result<FrenchArticle, String> {
    let expected = "a French article: \"le\", \"la\", \"les\" or \"none\"";
    match str_arg(v, expected)? {
        "le" => Ok(FrenchArticle::Le),
        "la" => Ok(FrenchArticle::La),
        "les" => Ok(FrenchArticle::Les),
        "none" => Ok(FrenchArticle::None),
        other => Err(format!("expected {expected}, found {other:?}")),
    }
}

/// `{{{markdown text lang links}}}`; `links`, optional, is the brand's `"inline"` or
/// `"notes"` (`@root.links`): where a link's address is printed.
fn markdown(args: &[&Value]) -> Result<String, String> {
    let text = str_arg(args[0], "the text of a section")?;
    let lang = match args.get(1) {
        Some(v) => Some(lang_arg(v)?.code()),
        None => None,
    };
    let links = match args.get(2).map(|v| v.as_str()) {
        None | Some(Some("inline")) => LinkStyle::Inline,
        Some(Some("notes")) => LinkStyle::Notes,
        Some(_) => {
            let v = args[2];
            return Err(format!("expected \"inline\" or \"notes\", found {v}"));
        }
    };
    // A marked text (see `super::mark`) is converted as written, each piece of text it
    // gives marked with its own offset, the whole marked as made from the value.
    Ok(match mark::unmark(text) {
        Some((place, offset, text)) => {
            let marks = super::markdown::Marks {
                place: place.clone(),
                offset,
            };
            let markup = super::markdown::to_markup_marked(text, lang, links, marks);
            mark::mark_value(&place, &markup)
        }
        None => super::markdown::to_markup_with(text, lang, links),
    })
}

fn autolink(args: &[&Value]) -> Result<String, String> {
    let text = str_arg(args[0], "a text")?;
    Ok(match mark::unmark(text) {
        Some((place, offset, text)) => {
            let pieces = autolink_with(text, |at, s| mark::mark(&place, offset + at, &s));
            mark::mark_value(&place, &pieces)
        }
        None => autolink_text(text),
    })
}

fn str_arg<'a>(v: &'a Value, expected: &str) -> Result<&'a str, String> {
    v.as_str()
        .ok_or_else(|| format!("expected {expected}, found {v}"))
}

fn lang_arg(v: &Value) -> Result<Lang, String> {
    let code = str_arg(v, "a language code")?;
    Lang::from_code(code)
        .ok_or_else(|| format!("unknown language {code:?} (known: nl, fr, de, en)"))
}

/// Escapes `text` and links the e-mail addresses and web addresses in it.
///
/// A word is linked when it looks like `name@domain.tld` (→ `mailto:`), or starts with
/// `http://`, `https://` or `www.` (→ `https://www…`). Trailing sentence punctuation stays
/// outside the link.
pub fn autolink_text(text: &str) -> String {
    autolink_with(text, |_, s| s)
}

/// [`autolink_text`], passing each piece of escaped text it writes through `text` with the
/// piece's byte offset in `text` (to mark it; the link targets are not text).
fn autolink_with(text: &str, piece: impl Fn(usize, String) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let at = text.len() - rest.len();
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (word, tail) = rest.split_at(word_end);
        out.push_str(&link_word(word, |i, s| piece(at + i, s)));
        let space_end = tail
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(tail.len());
        out.push_str(&escape_xml(&tail[..space_end]));
        rest = &tail[space_end..];
    }
    out
}

fn link_word(word: &str, piece: impl Fn(usize, String) -> String) -> String {
    let core = word.trim_end_matches(['.', ',', ';', ':', '!', '?', ')']);
    let trailing = &word[core.len()..];
    let (lead, core) = match core.strip_prefix('(') {
        Some(c) => ("(", c),
        None => ("", core),
    };
    let href = if is_email_address(core) {
        Some(format!("mailto:{core}"))
    } else if core.starts_with("http://") || core.starts_with("https://") {
        Some(core.to_string())
    } else if core.starts_with("www.") && core.len() > 4 {
        Some(format!("https://{core}"))
    } else {
        None
    };
    match href {
        Some(href) => format!(
            "{lead}<a href=\"{}\">{}</a>{}",
            escape_xml(&href),
            piece(lead.len(), escape_xml(core)),
            escape_xml(trailing)
        ),
        None => piece(0, escape_xml(word)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn call(f: HelperFn, args: &[Value]) -> Result<String, String> {
        f(&args.iter().collect::<Vec<_>>())
    }

    #[test]
    fn longdate_helper_parses_iso_dates() {
        assert_eq!(
            call(longdate, &[json!("2021-06-28"), json!("nl")]).unwrap(),
            "maandag 28 juni 2021"
        );
        assert_eq!(
            call(longdate, &[json!("2021-07-01"), json!("fr")]).unwrap(),
            "jeudi 1er juillet 2021"
        );
        assert_eq!(
            call(longdate, &[json!("2021-06-28"), json!("de")]).unwrap(),
            "Montag, 28. Juni 2021"
        );
        assert_eq!(
            call(longdate, &[json!("2021-06-28"), json!("en")]).unwrap(),
            "Monday 28 June 2021"
        );
        let err = call(longdate, &[json!("28 juni"), json!("nl")]).unwrap_err();
        assert!(err.contains("expected a date like 2021-06-28"), "{err}");
        let err = call(longdate, &[json!("2021-06-28"), json!("es")]).unwrap_err();
        assert!(err.contains("unknown language \"es\""), "{err}");
    }

    #[test]
    fn time_helper() {
        assert_eq!(
            call(time, &[json!("12:00"), json!("nl")]).unwrap(),
            "12.00\u{a0}uur"
        );
        assert_eq!(
            call(time, &[json!("12:00:00"), json!("fr")]).unwrap(),
            "12\u{a0}h\u{a0}00"
        );
        assert!(call(time, &[Value::Null, json!("fr")]).is_err());
    }

    #[test]
    fn label_helper_names_known_keys_on_error() {
        assert_eq!(
            call(label, &[json!("reference"), json!("fr")]).unwrap(),
            "Référence"
        );
        let err = call(label, &[json!("titel"), json!("nl")]).unwrap_err();
        assert!(err.contains("known: kind, contact"), "{err}");
    }

    #[test]
    fn markdown_helper_adds_lang() {
        assert_eq!(
            call(markdown, &[json!("a & *b*"), json!("de")]).unwrap(),
            "<p lang=\"de\">a &amp; <em>b</em></p>"
        );
    }

    #[test]
    fn autolink_links_mail_and_web_addresses() {
        assert_eq!(
            autolink_text("Mail pers@digitaal.example.be of bel."),
            "Mail <a href=\"mailto:pers@digitaal.example.be\">pers@digitaal.example.be</a> of bel."
        );
        assert_eq!(
            autolink_text("(www.example.be), https://x.example/a?b&c."),
            "(<a href=\"https://www.example.be\">www.example.be</a>), \
             <a href=\"https://x.example/a?b&amp;c\">https://x.example/a?b&amp;c</a>."
        );
        assert_eq!(autolink_text("a@b <c> @d"), "a@b &lt;c&gt; @d");
        for text in [
            "x@y.be\"><b>",
            "https://a.example/<script>",
            "www.'.be & co",
        ] {
            let out = format!("<p>{}</p>", autolink_text(text));
            assert!(roxmltree::Document::parse(&out).is_ok(), "{out}");
        }
        assert_eq!(autolink_text("+32 2 123 45 67"), "+32 2 123 45 67");
    }
}
