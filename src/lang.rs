//! The languages a release can be written in.

use serde::{Deserialize, Serialize};

/// A supported language. The order of the variants is only a tie-breaker; the order in a
/// document is the order of the release's `languages` list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Nl,
    Fr,
    De,
    En,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::Nl, Lang::Fr, Lang::De, Lang::En];

    /// The code used in release files and file names: `nl`, `fr`, `de`, `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::Fr => "fr",
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    /// The BCP 47 tag written into the PDF (Belgian variants for the national languages).
    pub fn bcp47(self) -> &'static str {
        match self {
            Lang::Nl => "nl-BE",
            Lang::Fr => "fr-BE",
            Lang::De => "de-BE",
            Lang::En => "en-GB",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The month names as written in running text ("juni", "juin", "Juni", "June").
    pub fn months(self) -> &'static [&'static str; 12] {
        &MONTHS[self as usize]
    }
}

/// The month names, January first, per language in the order of [`Lang::ALL`]: the one
/// table both the dateline (`template::locale`) and the no-break rule that glues a day to
/// its month (`markup::typography::nobreak`) read, so they cannot disagree.
const MONTHS: [[&str; 12]; 4] = [
    [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
];

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}
