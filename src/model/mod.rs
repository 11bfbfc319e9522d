//! The release model: a TOML press release becomes a typed, validated [`Release`].
//!
//! [`load`] parses the TOML with spans, checks every key and value, and reports all
//! problems at once with file, line:column, what was expected and a hint.

mod check;
mod load;
pub mod placeholder;
mod release;

pub use load::{decode, load, parse};
pub use release::is_email_address;

use crate::lang::Lang;
use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::Range;

/// A value together with the byte span it came from in the release file, so later
/// stages (e.g. the font coverage check) can point at the right line.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Located<T> {
    pub value: T,
    #[serde(skip)]
    pub span: Range<usize>,
}

impl<T> Located<T> {
    pub fn new(value: T, span: Range<usize>) -> Self {
        Located { value, span }
    }
}

/// A text that is either the same in every language or given per language.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Localized {
    Same(Located<String>),
    PerLang(BTreeMap<Lang, Located<String>>),
}

impl Localized {
    /// The text for `lang`. The loader rejects a per-language table that lacks one of the
    /// release's languages; for another `lang` this falls back to the first entry.
    pub fn get(&self, lang: Lang) -> &Located<String> {
        match self {
            Localized::Same(s) => s,
            Localized::PerLang(m) => m
                .get(&lang)
                .or_else(|| m.values().next())
                .expect("loader rejects empty per-language tables"),
        }
    }

    /// Every text with its span, for checks that must see all of them.
    pub fn all(&self) -> Vec<&Located<String>> {
        match self {
            Localized::Same(s) => vec![s],
            Localized::PerLang(m) => m.values().collect(),
        }
    }
}

/// A point in time as written in the release: a date, or an offset date-time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct When {
    pub date: NaiveDate,
    /// Local time and UTC offset in minutes, when given.
    pub time: Option<(NaiveTime, i32)>,
}

impl When {
    /// Whether `self` is before `other`. When either has no time, only the days are
    /// compared: a bare date means the whole day, so an embargo until 2021-06-28 is not
    /// earlier than a release issued at 10:00 that day.
    pub fn is_before(&self, other: &When) -> bool {
        match (self.time, other.time) {
            (Some(_), Some(_)) => self.unix_seconds() < other.unix_seconds(),
            _ => self.date < other.date,
        }
    }

    /// Seconds since the Unix epoch (midnight UTC for a bare date).
    pub fn unix_seconds(&self) -> i64 {
        let (t, off) = self.time.unwrap_or((NaiveTime::MIN, 0));
        self.date.and_time(t).and_utc().timestamp() - i64::from(off) * 60
    }
}

/// A release that replaces an earlier one (a crisis update): its number and when the
/// release it replaces was issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Update {
    /// 1 for the first update, counting up.
    pub number: u32,
    pub replaces: Option<When>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Speaker {
    pub name: Localized,
    pub role: Option<Localized>,
}

/// A press contact: one of `[[contacts]]`, or the old single `[contact]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contact {
    pub name: Option<Localized>,
    pub role: Option<Localized>,
    pub organisation: Option<Localized>,
    pub email: Option<Located<String>>,
    pub phone: Option<Located<String>>,
    /// The languages whose parts list this contact; `None` means every language.
    pub languages: Option<Vec<Lang>>,
}

impl Contact {
    /// Whether the part in `lang` lists this contact.
    pub fn speaks(&self, lang: Lang) -> bool {
        self.languages.as_ref().is_none_or(|l| l.contains(&lang))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    pub text: Located<String>,
    /// Who said it; `None` means the release's speaker.
    pub by: Option<Located<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    pub heading: Option<Located<String>>,
    /// CommonMark subset: paragraphs, *emphasis*, **strong**, [links](…), bullet lists.
    pub text: Located<String>,
    pub quotes: Vec<Quote>,
}

/// A photo (`[[photos]]`): placed after the lead in every language's part.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Photo {
    /// The image file, relative to the release's folder, as written. The model only checks
    /// its form (relative, inside the folder as written); reading it, and the check that it
    /// stays inside the folder after resolving symlinks, is the caller's (the library does
    /// no I/O).
    pub file: Located<String>,
    /// The text alternative (a PDF/UA `Figure`'s `/Alt`), in every language of the release.
    pub alt: Localized,
    pub caption: Option<Localized>,
    /// Who took or owns the photo ("© Belga"), printed after the caption.
    pub credit: Option<Located<String>>,
    /// The image, read and checked by the engine (`Engine::check`); `None` from the model's
    /// own loader, which reads no files.
    #[serde(skip)]
    pub image: Option<std::sync::Arc<crate::photo::Image>>,
}

/// The part of a release written in one language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LangText {
    /// "Persbericht", "Communiqué de presse", …; `None` means the language's default.
    pub kind: Option<Located<String>>,
    pub title: Located<String>,
    /// The line between the title and the lead.
    pub subtitle: Option<Located<String>>,
    pub lead: Option<Located<String>>,
    pub quotes: Vec<Quote>,
    pub sections: Vec<Section>,
    /// Notes to editors (Markdown), printed after the end mark, not for publication.
    pub notes: Option<Located<String>>,
}

/// A validated press release.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Release {
    pub date: When,
    pub update: Option<Update>,
    /// Order of the languages in a bilingual document; never empty, no duplicates.
    pub languages: Vec<Lang>,
    pub reference: Option<Located<String>>,
    pub embargo: Option<When>,
    pub place: Option<Localized>,
    pub speaker: Option<Speaker>,
    /// The brands named by `brand`, in order: none (the default brand), one, or several
    /// for a joint release. The engine resolves the names.
    pub brand: Vec<Located<String>>,
    /// In the order written; each language's part lists those that [`Contact::speaks`] it.
    pub contacts: Vec<Contact>,
    /// In the order written; every language's part shows all of them.
    pub photos: Vec<Photo>,
    /// One entry for each language in `languages`.
    pub texts: BTreeMap<Lang, LangText>,
}

impl Release {
    pub fn text(&self, lang: Lang) -> &LangText {
        &self.texts[&lang]
    }

    /// Every text of the release, in every language, with its location: for checks that
    /// must see all of them (e.g. the font coverage check).
    pub fn texts(&self) -> Vec<&Located<String>> {
        let mut localized: Vec<&Localized> = self.place.iter().collect();
        if let Some(s) = &self.speaker {
            localized.push(&s.name);
            localized.extend(s.role.iter());
        }
        for c in &self.contacts {
            localized.extend(c.name.iter().chain(&c.role).chain(&c.organisation));
        }
        for p in &self.photos {
            localized.extend([&p.alt].into_iter().chain(&p.caption));
        }
        let mut v: Vec<_> = localized.into_iter().flat_map(|l| l.all()).collect();
        for c in &self.contacts {
            v.extend(c.email.iter().chain(c.phone.iter()));
        }
        v.extend(self.reference.iter());
        v.extend(self.photos.iter().filter_map(|p| p.credit.as_ref()));
        for t in self.texts.values() {
            v.extend(t.kind.iter().chain([&t.title]).chain(&t.subtitle));
            v.extend(t.lead.iter().chain(&t.notes));
            for q in t
                .quotes
                .iter()
                .chain(t.sections.iter().flat_map(|s| &s.quotes))
            {
                v.extend([&q.text].into_iter().chain(q.by.iter()));
            }
            for s in &t.sections {
                v.extend(s.heading.iter().chain([&s.text]));
            }
        }
        v
    }
}
