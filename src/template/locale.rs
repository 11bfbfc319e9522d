//! Fixed words per language: long dates, clock times and the labels a press release needs.
//!
//! These are plain functions so that other stages (PDF metadata, the CLI) can use the same
//! wording as the templates; [`super::helpers`] exposes them to Handlebars.

use crate::brand::FrenchArticle;
use crate::lang::Lang;
use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};

/// A no-break space: keeps a number and its unit ("12 uur", "12 h 00") on one line.
const NBSP: char = '\u{a0}';

/// The label keys [`label`] knows, in the order they are documented.
pub const LABEL_KEYS: [&str; 11] = [
    "kind",
    "contact",
    "contacts",
    "embargo",
    "reference",
    "page",
    "at",
    "update",
    "end",
    "notes",
    "about",
];

/// A fixed word or phrase in `lang`, or `None` for an unknown key.
///
/// | key | nl | fr | de | en |
/// |---|---|---|---|---|
/// | `kind` | Persbericht | Communiqué de presse | Pressemitteilung | Press release |
/// | `contact` | Contact | Contact presse | Pressekontakt | Press contact |
/// | `contacts` (more than one) | Contacten | Contacts presse | Pressekontakte | Press contacts |
/// | `embargo` | EMBARGO tot | EMBARGO jusqu’au | SPERRFRIST bis | EMBARGO until |
/// | `reference` | Referentie | Référence | Referenz | Reference |
/// | `page` | Pagina | Page | Seite | Page |
/// | `at` (before a time) | om | à | um | at |
/// | `update` | Update | Mise à jour | Aktualisierung | Update |
/// | `end` (the default end mark) | – Einde persbericht – | – Fin du communiqué – | – Ende – | – Ends – |
/// | `notes` | Noot voor de redactie (niet voor publicatie) | Note à la rédaction (ne pas publier) | Hinweis für die Redaktion (nicht zur Veröffentlichung) | Notes to editors (not for publication) |
/// | `about` (before an organisation's name) | Over | À propos de | Über | About |
pub fn label(key: &str, lang: Lang) -> Option<&'static str> {
    let [nl, fr, de, en] = match key {
        "kind" => [
            "Persbericht",
            "Communiqué de presse",
            "Pressemitteilung",
            "Press release",
        ],
        "contact" => [
            "Contact",
            "Contact presse",
            "Pressekontakt",
            "Press contact",
        ],
        "contacts" => [
            "Contacten",
            "Contacts presse",
            "Pressekontakte",
            "Press contacts",
        ],
        "embargo" => [
            "EMBARGO tot",
            "EMBARGO jusqu’au",
            "SPERRFRIST bis",
            "EMBARGO until",
        ],
        "reference" => ["Referentie", "Référence", "Referenz", "Reference"],
        "page" => ["Pagina", "Page", "Seite", "Page"],
        "at" => ["om", "à", "um", "at"],
        "update" => ["Update", "Mise à jour", "Aktualisierung", "Update"],
        "end" => [
            "– Einde persbericht –",
            "– Fin du communiqué –",
            "– Ende –",
            "– Ends –",
        ],
        "notes" => [
            "Noot voor de redactie (niet voor publicatie)",
            "Note à la rédaction (ne pas publier)",
            "Hinweis für die Redaktion (nicht zur Veröffentlichung)",
            "Notes to editors (not for publication)",
        ],
        "about" => ["Over", "À propos de", "Über", "About"],
        _ => return None,
    };
    Some(match lang {
        Lang::Nl => nl,
        Lang::Fr => fr,
        Lang::De => de,
        Lang::En => en,
    })
}

/// The long date as written in a dateline: "maandag 28 juni 2021", "lundi 1er juin 2021",
/// "Montag, 28. Juni 2021", "Monday 28 June 2021".
pub fn long_date(date: NaiveDate, lang: Lang) -> String {
    let weekday = WEEKDAYS[lang_index(lang)][date.weekday().num_days_from_monday() as usize];
    let month = lang.months()[date.month0() as usize];
    let (day, year) = (date.day(), date.year());
    match lang {
        Lang::Nl => format!("{weekday} {day} {month} {year}"),
        // French writes the first of the month as an ordinal: "1er juin".
        Lang::Fr if day == 1 => format!("{weekday} 1er {month} {year}"),
        Lang::Fr => format!("{weekday} {day} {month} {year}"),
        Lang::De => format!("{weekday}, {day}. {month} {year}"),
        Lang::En => format!("{weekday} {day} {month} {year}"),
    }
}

/// A clock time: "12.00 uur", "12 h 00", "12:00 Uhr", "12:00 p.m.". Seconds are not
/// shown. English press releases give the 12-hour clock ("11:45 a.m."; noon is 12:00 p.m.,
/// midnight 12:00 a.m.). No-break spaces keep the time on one line.
pub fn clock_time(time: NaiveTime, lang: Lang) -> String {
    let (h, m) = (time.hour(), time.minute());
    match lang {
        Lang::Nl => format!("{h}.{m:02}{NBSP}uur"),
        Lang::Fr => format!("{h}{NBSP}h{NBSP}{m:02}"),
        Lang::De => format!("{h:02}:{m:02}{NBSP}Uhr"),
        Lang::En => {
            let (pm, h12) = time.hour12();
            let half = if pm { "p.m." } else { "a.m." };
            format!("{h12}:{m:02}{NBSP}{half}")
        }
    }
}

/// The heading of an organisation's "about" boilerplate: "Over FOD Justitie", "Über …",
/// "About …"; French contracts "de" with the article its name takes: "À propos du SPF
/// Justice", "de la Police fédérale", "de l’Office national …", "des Archives de l’État",
/// "d’Infrabel". The article is the brand's `french_article` when given, else the one
/// [`FRENCH_ARTICLES`] knows for the name's first word; a word it does not know is taken
/// for a proper name ("de Statbel").
pub fn about(name: &str, lang: Lang, article: Option<FrenchArticle>) -> String {
    let name = name.trim();
    match lang {
        Lang::Fr => format!("À propos {}", french_de(name, article)),
        _ => format!("{} {name}", label("about", lang).unwrap_or("About")),
    }
}

/// "de" with the article a French organisation name takes, contracted: "du SPF …". The
/// article and "de" itself elide before a vowel or a mute h ("de l’Office", "d’Elia").
fn french_de(name: &str, given: Option<FrenchArticle>) -> String {
    let first = name
        .split([' ', '\u{a0}', '-', '\'', '’'])
        .next()
        .unwrap_or("");
    let word = first.to_lowercase();
    let article = given.or_else(|| {
        FRENCH_ARTICLES
            .iter()
            .find(|(w, _)| *w == word)
            .map(|(_, a)| *a)
    });
    match (article.unwrap_or(FrenchArticle::None), elides(&word)) {
        (FrenchArticle::Les, _) => format!("des {name}"),
        (FrenchArticle::Le | FrenchArticle::La, true) => format!("de l’{name}"),
        (FrenchArticle::Le, false) => format!("du {name}"),
        (FrenchArticle::La, false) => format!("de la {name}"),
        (FrenchArticle::None, true) => format!("d’{name}"),
        (FrenchArticle::None, false) => format!("de {name}"),
    }
}

/// Whether "le", "la" and "de" elide before `word` (lower case): it starts with a vowel, or
/// with an h that is mute. The h of the words in [`ASPIRATE_H`] is aspirate: "du Haut
/// Conseil", "de la Hongrie".
fn elides(word: &str) -> bool {
    match word.chars().next() {
        Some('h') => !ASPIRATE_H.iter().any(|w| word.starts_with(w)),
        Some(c) => "aeiouyàâäéèêëîïôöùûüœæ".contains(c),
        None => false,
    }
}

/// Beginnings of words whose h is aspirate, as they start organisation and place names
/// ("Haut Conseil", "Haute École", "Hainaut", "Hall", "Hongrie"); any other h is mute
/// ("l’Hôpital", "l’Habitat").
const ASPIRATE_H: &[&str] = &[
    "haut", "hain", "hall", "hameau", "handicap", "hangar", "hasard", "hollande", "hongr", "hors",
    "hêtre",
];

/// The article of the first words of Belgian and French organisation names: the common
/// nouns (service, office, agence …) and the acronyms read as one (SPF = le Service public
/// fédéral, ONSS = l'Office …), by gender and number; elision is [`elides`]' rule. A word
/// not listed is a proper name and takes none, unless the brand gives its article.
const FRENCH_ARTICLES: &[(&str, FrenchArticle)] = &[
    ("spf", FrenchArticle::Le),
    ("spp", FrenchArticle::Le),
    ("service", FrenchArticle::Le),
    ("ministère", FrenchArticle::Le),
    ("centre", FrenchArticle::Le),
    ("conseil", FrenchArticle::Le),
    ("comité", FrenchArticle::Le),
    ("bureau", FrenchArticle::Le),
    ("parquet", FrenchArticle::Le),
    ("parlement", FrenchArticle::Le),
    ("gouvernement", FrenchArticle::Le),
    ("sénat", FrenchArticle::Le),
    ("cabinet", FrenchArticle::Le),
    ("collège", FrenchArticle::Le),
    ("secrétariat", FrenchArticle::Le),
    ("département", FrenchArticle::Le),
    ("fonds", FrenchArticle::Le),
    ("musée", FrenchArticle::Le),
    ("haut", FrenchArticle::Le),
    ("direction", FrenchArticle::La),
    ("commission", FrenchArticle::La),
    ("police", FrenchArticle::La),
    ("banque", FrenchArticle::La),
    ("cour", FrenchArticle::La),
    ("chambre", FrenchArticle::La),
    ("régie", FrenchArticle::La),
    ("caisse", FrenchArticle::La),
    ("ville", FrenchArticle::La),
    ("commune", FrenchArticle::La),
    ("province", FrenchArticle::La),
    ("région", FrenchArticle::La),
    ("communauté", FrenchArticle::La),
    ("fédération", FrenchArticle::La),
    ("défense", FrenchArticle::La),
    ("sncb", FrenchArticle::La),
    ("stib", FrenchArticle::La),
    ("bnb", FrenchArticle::La),
    ("fsma", FrenchArticle::La),
    ("office", FrenchArticle::Le),
    ("institut", FrenchArticle::Le),
    ("agence", FrenchArticle::La),
    ("autorité", FrenchArticle::La),
    ("administration", FrenchArticle::La),
    ("inspection", FrenchArticle::La),
    ("onss", FrenchArticle::Le),
    ("onem", FrenchArticle::Le),
    ("inami", FrenchArticle::Le),
    ("afsca", FrenchArticle::La),
    ("irm", FrenchArticle::Le),
    ("archives", FrenchArticle::Les),
    ("services", FrenchArticle::Les),
    ("musées", FrenchArticle::Les),
];

/// What an update replaces: "vervangt het bericht van 9.30 uur" when the replaced release
/// came out the same day at a known time, else with its date ("… van dinsdag 13 oktober
/// 2026, 18.00 uur"). French and German contract the article with a date ("du", "vom").
pub fn replaces(date: NaiveDate, time: Option<NaiveTime>, same_day: bool, lang: Lang) -> String {
    let (before_time, before_date) = match lang {
        Lang::Nl => ("vervangt het bericht van", "vervangt het bericht van"),
        Lang::Fr => ("remplace le communiqué de", "remplace le communiqué du"),
        Lang::De => ("ersetzt die Meldung von", "ersetzt die Meldung vom"),
        Lang::En => ("replaces the release of", "replaces the release of"),
    };
    match time {
        Some(t) if same_day => format!("{before_time} {}", clock_time(t, lang)),
        Some(t) => format!(
            "{before_date} {}, {}",
            long_date(date, lang),
            clock_time(t, lang)
        ),
        None => format!("{before_date} {}", long_date(date, lang)),
    }
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Nl => 0,
        Lang::Fr => 1,
        Lang::De => 2,
        Lang::En => 3,
    }
}

const WEEKDAYS: [[&str; 7]; 4] = [
    [
        "maandag",
        "dinsdag",
        "woensdag",
        "donderdag",
        "vrijdag",
        "zaterdag",
        "zondag",
    ],
    [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ],
    [
        "Montag",
        "Dienstag",
        "Mittwoch",
        "Donnerstag",
        "Freitag",
        "Samstag",
        "Sonntag",
    ],
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
];

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn long_dates_in_four_languages() {
        let date = d(2021, 6, 28);
        assert_eq!(long_date(date, Lang::Nl), "maandag 28 juni 2021");
        assert_eq!(long_date(date, Lang::Fr), "lundi 28 juin 2021");
        assert_eq!(long_date(date, Lang::De), "Montag, 28. Juni 2021");
        assert_eq!(long_date(date, Lang::En), "Monday 28 June 2021");
    }

    #[test]
    fn french_first_of_month_is_an_ordinal() {
        assert_eq!(long_date(d(2021, 6, 1), Lang::Fr), "mardi 1er juin 2021");
        assert_eq!(long_date(d(2021, 6, 1), Lang::Nl), "dinsdag 1 juni 2021");
        // Only the first: the second is a plain cardinal.
        assert_eq!(long_date(d(2021, 6, 2), Lang::Fr), "mercredi 2 juin 2021");
    }

    #[test]
    fn every_weekday_and_month_is_named() {
        // 2024-01-01 is a Monday; 12 months from a Sunday on 2023-12-31 walk both tables.
        assert_eq!(
            long_date(d(2023, 12, 31), Lang::De),
            "Sonntag, 31. Dezember 2023"
        );
        assert_eq!(long_date(d(2021, 8, 15), Lang::Fr), "dimanche 15 août 2021");
        assert_eq!(
            long_date(d(2021, 3, 4), Lang::De),
            "Donnerstag, 4. März 2021"
        );
    }

    #[test]
    fn clock_times() {
        let t = NaiveTime::from_hms_opt(12, 0, 30).unwrap();
        assert_eq!(clock_time(t, Lang::Nl), "12.00\u{a0}uur");
        assert_eq!(clock_time(t, Lang::Fr), "12\u{a0}h\u{a0}00");
        assert_eq!(clock_time(t, Lang::De), "12:00\u{a0}Uhr");
        assert_eq!(clock_time(t, Lang::En), "12:00\u{a0}p.m.");
        let early = NaiveTime::from_hms_opt(9, 5, 0).unwrap();
        assert_eq!(clock_time(early, Lang::Nl), "9.05\u{a0}uur");
        assert_eq!(clock_time(early, Lang::Fr), "9\u{a0}h\u{a0}05");
        assert_eq!(clock_time(early, Lang::De), "09:05\u{a0}Uhr");
    }

    #[test]
    fn replaced_release_named_by_time_on_the_same_day_else_by_date() {
        let t = NaiveTime::from_hms_opt(9, 30, 0).unwrap();
        let day = d(2026, 10, 13);
        assert_eq!(
            replaces(day, Some(t), true, Lang::Nl),
            "vervangt het bericht van 9.30\u{a0}uur"
        );
        assert_eq!(
            replaces(day, Some(t), true, Lang::Fr),
            "remplace le communiqué de 9\u{a0}h\u{a0}30"
        );
        assert_eq!(
            replaces(day, Some(t), false, Lang::Fr),
            "remplace le communiqué du mardi 13 octobre 2026, 9\u{a0}h\u{a0}30"
        );
        assert_eq!(
            replaces(day, None, true, Lang::De),
            "ersetzt die Meldung vom Dienstag, 13. Oktober 2026"
        );
        assert_eq!(
            replaces(day, Some(t), true, Lang::En),
            "replaces the release of 9:30\u{a0}a.m."
        );
    }

    #[test]
    fn english_times_use_the_12_hour_clock() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(clock_time(t(11, 45), Lang::En), "11:45\u{a0}a.m.");
        assert_eq!(clock_time(t(16, 5), Lang::En), "4:05\u{a0}p.m.");
        assert_eq!(clock_time(t(0, 30), Lang::En), "12:30\u{a0}a.m.");
    }

    #[test]
    fn french_about_contracts_the_article_of_the_name() {
        assert_eq!(
            about("SPF Affaires numériques", Lang::Fr, None),
            "À propos du SPF Affaires numériques"
        );
        assert_eq!(
            about("Police fédérale", Lang::Fr, None),
            "À propos de la Police fédérale"
        );
        assert_eq!(about("ONSS", Lang::Fr, None), "À propos de l’ONSS");
        assert_eq!(
            about("Archives de l'État", Lang::Fr, None),
            "À propos des Archives de l'État"
        );
        assert_eq!(about("Statbel", Lang::Fr, None), "À propos de Statbel");
        assert_eq!(about("FOD Justitie", Lang::Nl, None), "Over FOD Justitie");
    }

    #[test]
    fn labels_per_language() {
        assert_eq!(label("kind", Lang::Fr), Some("Communiqué de presse"));
        assert_eq!(label("contact", Lang::De), Some("Pressekontakt"));
        assert_eq!(label("embargo", Lang::Fr), Some("EMBARGO jusqu’au"));
        assert_eq!(label("page", Lang::Nl), Some("Pagina"));
        assert_eq!(label("titel", Lang::Nl), None);
        for key in LABEL_KEYS {
            for lang in Lang::ALL {
                assert!(label(key, lang).is_some_and(|s| !s.is_empty()));
            }
        }
    }
}
