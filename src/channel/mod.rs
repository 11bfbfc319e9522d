//! Channels: the formats one release is published in, besides (or instead of) the PDF.
//!
//! A press office sends the same release as a PDF, a web page, plain text for the wire and
//! an e-mail to journalists. Every format is made from the same checked [`Release`](crate::model::Release),
//! the same templates and the same typography; this module names the formats ([`Format`],
//! [`Formats`]) and holds the writers that are not the PDF's: [`html`] (web pages, index,
//! feed), [`text`] (wrapped plain text) and [`mail`] (the e-mail with the PDF attached). Each channel takes what the stages below it made (the validated release, its brand
//! and the markup stage's [`Document`](crate::markup::Document), with the typography already
//! applied) and gives bytes; like every stage it does no I/O. The engine decides which
//! outputs a release gives ([`crate::Engine::render`]).
//!
//! | format | file | one per |
//! |---|---|---|
//! | `pdf` | `<stem>.pdf`, `<stem>.<lang>.pdf` with `--split` | document |
//! | `html` | `<stem>.<lang>.html` | language |
//! | `txt` | `<stem>.<lang>.txt` | language |
//! | `eml` | `<stem>.eml`, `<stem>.<lang>.eml` with `--split` | document |

pub mod html;
pub mod mail;
pub mod text;

use crate::brand::Brand;
use crate::template::Templates;
use std::fmt;
use std::str::FromStr;

/// Does now what the first rendering of `formats` in a process does before its first
/// page, once: compiles the channels' templates (with their partials) and draws the
/// brand's logos for the web. For a single release those are most of what the other
/// formats add to the PDF, and none of it needs the release: [`crate::Engine::render`] has
/// a second thread do it while the first lays out the PDF. Errors are left for the
/// renderings to report.
///
/// Callgrind, wilmes, one process: 56.8 M instructions for the PDF, 92.0 M in all four
/// formats; of the 35.2 M more, 17.1 M is the logo drawn as a PNG for the e-mail, 8.1 M
/// the web page's and text's templates, 8.0 M SHA-256 in software (valgrind has no
/// SHA-NI, which `sha2` uses where the CPU has it) and about 2 M the renditions.
pub fn prepare(templates: &Templates, brand: &Brand, formats: Formats) {
    let web = formats.contains(Format::Html) || formats.contains(Format::Eml);
    if web {
        templates.warm("html/page");
        html::prepare_logos(brand);
    }
    if formats.contains(Format::Txt) || formats.contains(Format::Eml) {
        templates.warm("text/page");
    }
}

/// One output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Pdf,
    Html,
    Txt,
    Eml,
}

impl Format {
    /// Every format, in the order a release's outputs are listed.
    pub const ALL: [Format; 4] = [Format::Pdf, Format::Html, Format::Txt, Format::Eml];

    /// The format's name on the command line, which is also its files' extension.
    pub fn name(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Txt => "txt",
            Format::Eml => "eml",
        }
    }

    /// Whether this build can make the format. A channel not written yet is a usage error
    /// that says so, rather than a build that quietly leaves it out.
    pub fn available(self) -> bool {
        matches!(self, Format::Pdf | Format::Html | Format::Txt | Format::Eml)
    }

    /// Whether the format gives one file per language, whatever `--split` says (a web page
    /// and a wire text are always in one language).
    pub fn per_language(self) -> bool {
        matches!(self, Format::Html | Format::Txt)
    }

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of formats, never empty when parsed. Small and `Copy`, so it lives in
/// [`BuildOptions`](crate::BuildOptions) and reaches the manifest key through its `Debug`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Formats(u8);

impl Formats {
    /// The PDF alone: what a build makes unless told otherwise.
    pub const PDF: Formats = Formats(1);

    /// The set of exactly these formats.
    pub fn of(formats: &[Format]) -> Formats {
        Formats(formats.iter().fold(0, |bits, f| bits | f.bit()))
    }

    pub fn contains(self, format: Format) -> bool {
        self.0 & format.bit() != 0
    }

    /// The formats in the set, in [`Format::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Format> {
        Format::ALL.into_iter().filter(move |f| self.contains(*f))
    }
}

impl Default for Formats {
    fn default() -> Formats {
        Formats::PDF
    }
}

/// `pdf,txt`: the same spelling the command line takes, in a stable order.
impl fmt::Debug for Formats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.iter().map(Format::name).collect();
        f.write_str(&names.join(","))
    }
}

impl fmt::Display for Formats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// Parses a comma list (`pdf,html,txt,eml`; spaces around names and repeats are allowed).
/// An unknown or unavailable name is an error that names the valid ones.
impl FromStr for Formats {
    type Err = String;

    fn from_str(s: &str) -> Result<Formats, String> {
        let valid: Vec<&str> = Format::ALL
            .into_iter()
            .filter(|f| f.available())
            .map(Format::name)
            .collect();
        let valid = valid.join(", ");
        let mut set = Formats(0);
        for name in s.split(',').map(str::trim) {
            let format = Format::ALL.into_iter().find(|f| f.name() == name);
            match format {
                Some(f) if f.available() => set.0 |= f.bit(),
                Some(f) => {
                    return Err(format!(
                    "the {f} format is not available in this build yet; the formats are: {valid}"
                ))
                }
                None if name.is_empty() => {
                    return Err(format!("an empty format name; the formats are: {valid}"))
                }
                None => {
                    return Err(format!(
                        "unknown format \"{}\"; the formats are: {valid}",
                        name.escape_debug()
                    ))
                }
            }
        }
        Ok(set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comma_list_parses_in_a_stable_order() {
        let f = Formats::of(&[Format::Eml, Format::Pdf, Format::Txt]);
        assert_eq!(format!("{f:?}"), "pdf,txt,eml");
        assert_eq!(" pdf ,pdf".parse::<Formats>().unwrap(), Formats::PDF);
        assert_eq!(" eml, pdf ,txt,pdf".parse::<Formats>().unwrap(), f);
        assert_eq!(
            f.iter().collect::<Vec<_>>(),
            [Format::Pdf, Format::Txt, Format::Eml]
        );
        assert_eq!(Formats::default(), "pdf".parse().unwrap());
    }

    #[test]
    fn unknown_and_empty_names_are_refused_naming_the_valid_ones() {
        let e = "pdf,docx".parse::<Formats>().unwrap_err();
        assert!(
            e.contains("\"docx\"") && e.contains("the formats are: pdf"),
            "{e}"
        );
        assert!("pdf,".parse::<Formats>().is_err());
        assert!("".parse::<Formats>().is_err());
        for f in Format::ALL.into_iter().filter(|f| !f.available()) {
            let e = f.name().parse::<Formats>().unwrap_err();
            assert!(e.contains("not available"), "{e}");
        }
    }
}
