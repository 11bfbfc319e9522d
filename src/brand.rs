//! The brand: organisation name and address per language, logo, colours, page geometry and
//! typography settings.
//!
//! Takes the brand's TOML text and its logo's bytes, gives a validated [`Brand`]. A default
//! brand for a fictional federal service is embedded in the binary ([`Brand::embedded`]).
//! Problems come back as located [`Diagnostic`]s, several at once where they can: unknown
//! keys and language codes with the nearest known one (`diag::suggest`, as for releases),
//! bad colours at the value, empty names. The TOML is parsed once, into toml's spanned tree
//! (`diag::located`, as for releases): its keys are checked on that tree, serde reads the
//! typed [`BrandFile`] from it, and every later error is located in it.

mod hyphenation;
pub(crate) mod logo;
mod pathdata;
mod svg;
mod texts;

pub use hyphenation::{Exceptions, NO_EXCEPTIONS};
pub use logo::Logo;
pub use texts::{BrandSource, TextSpans};

use crate::diag::{located, suggest, Diagnostic};
use crate::geom::{Pt, Rgb};
use crate::lang::Lang;
use logo::parse_logo;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::{Arc, OnceLock};
use toml::de::DeTable;

/// The embedded default brand and its logo.
pub(crate) const DEFAULT_BRAND: &str = include_str!("../templates/brand/brand.toml");
pub(crate) const DEFAULT_LOGO: &[u8] = include_bytes!("../templates/brand/logo.svg");

/// A brand, as written in its TOML file (all lengths in millimetres).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrandFile {
    pub organisation: Organisation,
    #[serde(default)]
    pub logo: Option<LogoFile>,
    #[serde(default)]
    pub colors: Colors,
    #[serde(default)]
    pub page: PageGeometry,
    #[serde(default)]
    pub typography: BTreeMap<Lang, LangTypography>,
    #[serde(default)]
    pub end_mark: EndMark,
    /// The "about" boilerplate per language (Markdown), printed with the notes to editors.
    #[serde(default)]
    pub about: BTreeMap<Lang, String>,
    #[serde(default)]
    pub links: Links,
    #[serde(default)]
    pub html: Html,
}

/// How the web pages look, where the PDF does not decide it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Html {
    /// Whether the pages embed the PDF's faces (`--web-fonts`, which wins, as does the
    /// `communique.toml` key): the brand's own choice, as its look is the brand's.
    pub web_fonts: bool,
}

/// How links print on paper.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Links {
    /// Where a `[text](url)` link's address goes.
    pub print: LinkStyle,
}

/// Where a link's address is printed: paper has no hover, so a reader sees it one way or
/// the other (autolinks and e-mail addresses print as they are either way).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkStyle {
    /// In parentheses after the text: "de site (https://…)".
    #[default]
    Inline,
    /// As a numbered note at the end of the language's part, numbered with its footnotes.
    Notes,
}

impl LinkStyle {
    /// As written in a brand file and given to the templates.
    pub fn name(self) -> &'static str {
        match self {
            LinkStyle::Inline => "inline",
            LinkStyle::Notes => "notes",
        }
    }
}

/// The line that closes a release's text, per language; the language's default
/// ("– Einde persbericht –") where not given.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EndMark {
    /// `false`: no end mark at all.
    pub show: bool,
    pub nl: Option<String>,
    pub fr: Option<String>,
    pub de: Option<String>,
    pub en: Option<String>,
}

impl Default for EndMark {
    fn default() -> Self {
        EndMark {
            show: true,
            nl: None,
            fr: None,
            de: None,
            en: None,
        }
    }
}

impl EndMark {
    /// The brand's own end mark for `lang`, if it gives one.
    pub fn text(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Nl => self.nl.as_deref(),
            Lang::Fr => self.fr.as_deref(),
            Lang::De => self.de.as_deref(),
            Lang::En => self.en.as_deref(),
        }
    }
}

impl BrandFile {
    /// The logo file a brand names (relative to the brand file), read without validating
    /// the rest, so that the caller can load the logo's bytes before [`Brand::load`].
    pub fn logo_path(source: &str) -> Option<String> {
        let doc = DeTable::parse(source).ok()?;
        let file = located::lookup(doc.get_ref(), &["logo", "file"])?;
        file.get_ref().as_str().map(str::to_owned)
    }

    /// The logo file a brand names, refused unless it stays inside the brand's folder (a
    /// relative path without `..`): a brand folder is then self-contained, can be moved or
    /// shared as one, and a brand file cannot make the tool read files elsewhere.
    pub fn checked_logo_path(path: &str, source: &str) -> Result<Option<String>, Diagnostic> {
        let Some(file) = BrandFile::logo_path(source) else {
            return Ok(None);
        };
        let p = std::path::Path::new(&file);
        let escapes = p.has_root()
            || file.starts_with('\\')
            || file.get(1..2) == Some(":")
            || p.components().any(|c| {
                matches!(
                    c,
                    std::path::Component::ParentDir | std::path::Component::Prefix(_)
                )
            });
        if escapes {
            return Err(BrandFile::logo_error(
                path,
                source,
                format!("logo file {file:?} is outside the brand's folder"),
            )
            .with_hint("put the logo in the brand file's folder (or below it) and name it relative to the brand file"));
        }
        Ok(Some(file))
    }

    /// An error located at the brand's `[logo] file` value (e.g. the file cannot be read).
    pub fn logo_error(path: &str, source: &str, message: impl Into<String>) -> Diagnostic {
        let d = Diagnostic::error(path, message);
        let doc = DeTable::parse(source).ok();
        match doc
            .as_ref()
            .and_then(|d| located::lookup(d.get_ref(), &["logo", "file"]))
        {
            Some(value) => d.at(source, value.span().start),
            None => d,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Name lines of the letterhead, per language (e.g. "Federale Overheidsdienst", "Digitale Zaken").
    pub name: BTreeMap<Lang, Vec<String>>,
    /// Short name for the running header and the PDF author, per language.
    pub short: BTreeMap<Lang, String>,
    /// Address lines, per language.
    #[serde(default)]
    pub address: BTreeMap<Lang, Vec<String>>,
    #[serde(default)]
    pub website: Option<String>,
    /// The article the French short name takes ("le" for "SPF …", "la" for "Police …"),
    /// for the heading "À propos du …" when the name's first word is not a noun
    /// `template::locale` knows; "none" for a proper name ("À propos de Statbel").
    #[serde(default)]
    pub french_article: Option<FrenchArticle>,
}

/// The French definite article by gender and number; the elided `l’` follows from the
/// name's first letter, so a brand gives only what a reader of French knows of the noun.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FrenchArticle {
    /// Masculine singular: "du SPF", "de l’Office".
    Le,
    /// Feminine singular: "de la Police", "de l’Agence".
    La,
    /// Plural: "des Archives".
    Les,
    /// A proper name, without article: "de Statbel", "d’Infrabel".
    None,
}

impl FrenchArticle {
    /// As written in a brand file and given to the templates.
    pub fn name(self) -> &'static str {
        match self {
            FrenchArticle::Le => "le",
            FrenchArticle::La => "la",
            FrenchArticle::Les => "les",
            FrenchArticle::None => "none",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogoFile {
    /// Path of an SVG or PNG file, relative to the brand file.
    pub file: String,
    /// Width of the logo on the page.
    pub width_mm: f32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Colors {
    /// Headings, rules, letterhead name.
    pub primary: String,
    /// Quote bars and the kind line.
    pub accent: String,
    /// Body text.
    pub text: String,
    /// Secondary text: dateline, footer, address.
    pub muted: String,
}

impl Default for Colors {
    fn default() -> Self {
        Colors {
            primary: "#1f3a68".into(),
            accent: "#b8860b".into(),
            text: "#1a1a1a".into(),
            muted: "#5a5a5a".into(),
        }
    }
}

/// Default [`PageGeometry::font_expansion_percent`]: microtype's default limit, 2 %.
pub const FONT_EXPANSION_PERCENT: f32 = 2.0;
/// Most font expansion a brand may ask for: pdfTeX takes up to 10 %, but past 5 % the
/// glyphs visibly change width from line to line.
const FONT_EXPANSION_MAX: f32 = 5.0;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PageGeometry {
    pub width_mm: f32,
    pub height_mm: f32,
    pub margin_top_mm: f32,
    pub margin_bottom_mm: f32,
    pub margin_left_mm: f32,
    pub margin_right_mm: f32,
    /// Body text size in points.
    pub font_size_pt: f32,
    /// Font expansion of justified text, in percent: how much wider or narrower its glyphs
    /// may be drawn to even out the word gaps (pdfTeX's and microtype's `expansion`, in
    /// steps of 0.5 %); `0` switches it off. See `layout/style.rs`, `Style::expansion`.
    pub font_expansion_percent: f32,
}

impl Default for PageGeometry {
    fn default() -> Self {
        PageGeometry {
            width_mm: 210.0,
            height_mm: 297.0,
            margin_top_mm: 20.0,
            margin_bottom_mm: 22.0,
            margin_left_mm: 25.0,
            margin_right_mm: 25.0,
            font_size_pt: 10.5,
            font_expansion_percent: FONT_EXPANSION_PERCENT,
        }
    }
}

/// Typography for one language; every field optional (defaults per language).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LangTypography {
    /// Opening and closing double quotes, e.g. `["“", "”"]`.
    pub double_quotes: Option<[String; 2]>,
    /// Opening and closing single quotes, e.g. `["‘", "’"]`.
    pub single_quotes: Option<[String; 2]>,
    /// Turn straight quotes and apostrophes into typographic ones (default true).
    pub smart_quotes: Option<bool>,
    /// French spacing: U+202F before `; ! ?` and inside « », U+00A0 before `:` (default: true for fr).
    pub french_spacing: Option<bool>,
    /// Where a space must not end a line (`[typography.<lang>.no_break]`).
    pub no_break: Option<NoBreakFile>,
    /// Words with the only places they may break, marked with `-` (`"Blan-ken-ber-ge"`), as
    /// TeX's `\hyphenation`: they replace the patterns' points for that word, in any case,
    /// and hold even for a proper name or an acronym (the brand vouches for them); a word
    /// given without `-` is never hyphenated. See [`Exceptions`] and `layout/hyphenate.rs`.
    pub hyphenation: Option<Vec<String>>,
}

/// The no-break rules of one language (see `markup/typography/nobreak.rs`); every field
/// optional, a list replaces the language's default list.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoBreakFile {
    pub enabled: Option<bool>,
    pub thousands: Option<bool>,
    pub phone_numbers: Option<bool>,
    pub before_number: Option<Vec<String>>,
    pub after_number: Option<Vec<String>>,
    pub standards: Option<Vec<String>>,
    pub titles: Option<Vec<String>>,
    pub particles: Option<Vec<String>>,
    pub months: Option<Vec<String>>,
    pub short_words: Option<Vec<String>>,
}

/// A loaded brand.
#[derive(Debug, Clone)]
pub struct Brand {
    pub file: BrandFile,
    /// The logo and its width on the page.
    pub logo: Option<(Logo, Pt)>,
    pub primary: Rgb,
    pub accent: Rgb,
    pub text: Rgb,
    pub muted: Rgb,
    /// The hyphenation word lists of `file.typography`, read once here rather than for each
    /// document laid out.
    pub hyphenation: Arc<Exceptions>,
    /// The other organisations of a joint release ([`Brand::joint`]): their logos and name
    /// blocks join this brand's in the letterhead; colours, page and typography stay this
    /// brand's.
    pub partners: Vec<Brand>,
    /// A joint brand's short names, naming every organisation; empty otherwise.
    joint_short: BTreeMap<Lang, String>,
    /// The brand file, and where its printed texts are in it (for warnings about them).
    pub source: Arc<BrandSource>,
    /// The logo as the web pages draw it ([`Brand::web_logo`]), made on the first page set
    /// in this brand and shared by its clones (a joint brand is cloned from the loaded
    /// ones for each release), so that it is drawn once per brand, not once per page.
    web_logo: Arc<OnceLock<WebLogo>>,
}

/// A logo as the web channels draw it ([`Brand::web_logo`]).
#[derive(Debug, Clone)]
pub struct WebLogo {
    /// What a web page writes of it: a vector logo's SVG `<path>`s, a PNG logo's `data:` URI.
    pub html: String,
    /// The logo as a `data:` URI of its own (the JSON-LD's `logo`): made once per brand,
    /// not once per page.
    pub uri: String,
    /// The logo as a PNG file, for a reader that does not take what the page writes (the
    /// e-mail's image part): a PNG logo re-encoded; `None` for a vector logo.
    pub png: Option<Arc<[u8]>>,
}

impl Brand {
    /// The brand of a joint release: `first`'s colours, page and typography, with `others`
    /// as partners, and short names that name every organisation ("FOD Digitale Zaken /
    /// FOD Justitie"), so the running header, the footer and the PDF's author name them all.
    pub fn joint(first: &Brand, others: &[&Brand]) -> Brand {
        let mut joint = first.clone();
        let all: Vec<&Brand> = std::iter::once(first)
            .chain(others.iter().copied())
            .collect();
        joint.joint_short = Lang::ALL
            .iter()
            .filter(|&&l| {
                all.iter()
                    .any(|b| b.file.organisation.short.contains_key(&l))
            })
            .map(|&l| {
                let names: Vec<&str> = all.iter().map(|b| b.own_short_name(l)).collect();
                (l, names.join(" / "))
            })
            .collect();
        joint.partners = others.iter().map(|&b| b.clone()).collect();
        joint
    }

    /// This brand and its partners, in the order the release names them.
    pub fn organisations(&self) -> impl Iterator<Item = &Brand> {
        std::iter::once(self).chain(self.partners.iter())
    }

    /// The embedded default brand.
    pub fn embedded() -> Brand {
        Brand::load("<default brand>", DEFAULT_BRAND, Some(DEFAULT_LOGO))
            .expect("default brand is valid")
    }

    /// Parses a brand file; `logo` is the content of the file its `[logo]` names.
    pub fn load(path: &str, source: &str, logo: Option<&[u8]>) -> Result<Brand, Vec<Diagnostic>> {
        let root = located::parse(path, source)?;
        let mut check = Checker {
            path,
            source,
            root: root.get_ref(),
            diags: Vec::new(),
        };
        check.keys();
        if !check.diags.is_empty() {
            return Err(check.sorted());
        }
        let file = BrandFile::deserialize(toml::de::Deserializer::from(root.clone()))
            .map_err(|e| vec![check.serde_error(&e)])?;
        check.organisation(&file.organisation);
        check.page(&file.page);
        check.hyphenation(&file.typography);
        let c = &file.colors;
        let [primary, accent, text, muted] = [
            ("primary", &c.primary),
            ("accent", &c.accent),
            ("text", &c.text),
            ("muted", &c.muted),
        ]
        .map(|(key, value)| check.color(key, value));
        let logo = file
            .logo
            .as_ref()
            .and_then(|l| check.logo(l, logo, &file.page));
        if !check.diags.is_empty() {
            return Err(check.sorted());
        }
        Ok(Brand {
            hyphenation: Arc::new(Exceptions::of(&file.typography)),
            file,
            logo,
            primary,
            accent,
            text,
            muted,
            partners: Vec::new(),
            joint_short: BTreeMap::new(),
            web_logo: Arc::default(),
            source: Arc::new(BrandSource {
                path: path.to_string(),
                text: source.to_string(),
                spans: TextSpans::of(source, root.get_ref()),
            }),
        })
    }

    /// The logo's size on the page: the brand's width, and the height that keeps the
    /// logo's proportions.
    pub fn logo_size(&self) -> Option<(Pt, Pt)> {
        self.logo
            .as_ref()
            .map(|(logo, width)| (*width, *width * logo.aspect()))
    }

    /// The logo as `draw` makes it for the web channels (the HTML channel's SVG paths, or
    /// its PNG as a `data:` URI, and the PNG's bytes), drawn the first time it is asked for
    /// and kept: the logo never changes after [`Brand::load`], and `draw` must give the
    /// same drawing for the same logo. `None` for a brand without a logo.
    pub fn web_logo(&self, draw: impl FnOnce(&Logo) -> WebLogo) -> Option<&WebLogo> {
        let (logo, _) = self.logo.as_ref()?;
        Some(self.web_logo.get_or_init(|| draw(logo)))
    }

    /// Letterhead name lines for `lang` (falls back to the first language given).
    pub fn name_lines(&self, lang: Lang) -> &[String] {
        pick(&self.file.organisation.name, lang).map_or(&[], |v| v.as_slice())
    }

    /// The short name for the running header, footer and PDF author: a joint brand's names
    /// every organisation.
    pub fn short_name(&self, lang: Lang) -> &str {
        pick(&self.joint_short, lang).map_or_else(|| self.own_short_name(lang), |s| s.as_str())
    }

    /// This organisation's own short name, also in a joint brand.
    pub fn own_short_name(&self, lang: Lang) -> &str {
        pick(&self.file.organisation.short, lang).map_or("", |s| s.as_str())
    }

    pub fn address_lines(&self, lang: Lang) -> &[String] {
        pick(&self.file.organisation.address, lang).map_or(&[], |v| v.as_slice())
    }

    /// Whether this is a joint brand, whose short names name every organisation.
    pub fn is_joint(&self) -> bool {
        !self.joint_short.is_empty()
    }

    /// Where [`Self::name_lines`] of `lang` are in the brand file.
    pub fn name_spans(&self, lang: Lang) -> &[Range<usize>] {
        pick(&self.source.spans.name, lang).map_or(&[], |v| v.as_slice())
    }

    /// Where [`Self::address_lines`] of `lang` are in the brand file.
    pub fn address_spans(&self, lang: Lang) -> &[Range<usize>] {
        pick(&self.source.spans.address, lang).map_or(&[], |v| v.as_slice())
    }

    /// Where [`Self::own_short_name`] of `lang` is in the brand file.
    pub fn short_span(&self, lang: Lang) -> Option<&Range<usize>> {
        pick(&self.source.spans.short, lang)
    }

    /// Every printed text of this brand file with where its content is in the file.
    pub fn texts(&self) -> Vec<(&Range<usize>, &str)> {
        let (o, spans) = (&self.file.organisation, &self.source.spans);
        let mut out: Vec<(&Range<usize>, &str)> = Vec::new();
        for (texts, at) in [(&o.name, &spans.name), (&o.address, &spans.address)] {
            for (lang, lines) in texts {
                let at = at.get(lang).map_or(&[][..], |v| v.as_slice());
                out.extend(at.iter().zip(lines.iter().map(String::as_str)));
            }
        }
        for (texts, at) in [(&o.short, &spans.short), (&self.file.about, &spans.about)] {
            out.extend(
                texts
                    .iter()
                    .filter_map(|(l, t)| Some((at.get(l)?, t.as_str()))),
            );
        }
        let end_mark = &self.file.end_mark;
        out.extend((spans.end_mark.iter()).filter_map(|(&l, at)| Some((at, end_mark.text(l)?))));
        out.extend(spans.website.as_ref().zip(o.website.as_deref()));
        out
    }

    pub fn typography(&self, lang: Lang) -> LangTypography {
        self.file.typography.get(&lang).cloned().unwrap_or_default()
    }
}

fn pick<T>(map: &BTreeMap<Lang, T>, lang: Lang) -> Option<&T> {
    map.get(&lang).or_else(|| map.values().next())
}

/// A `hyphenation` entry: pieces of letters joined by single hyphens (`Blan-ken-ber-ge`,
/// `Vanhoutte`).
pub(crate) fn is_hyphenation_word(word: &str) -> bool {
    word.split('-')
        .all(|piece| !piece.is_empty() && piece.chars().all(char::is_alphabetic))
}

/// `#rrggbb` or `#rgb` → colour.
fn parse_color(s: &str) -> Option<Rgb> {
    let hex = s.strip_prefix('#')?;
    if !hex.is_ascii() {
        return None;
    }
    let channel = |digits: &str| -> Option<f32> {
        let v = u8::from_str_radix(digits, 16).ok()?;
        // `#abc` means `#aabbcc`: one digit d stands for d × 17.
        Some(f32::from(if digits.len() == 1 { v * 17 } else { v }) / 255.0)
    };
    let n = match hex.len() {
        3 => 1,
        6 => 2,
        _ => return None,
    };
    Some(Rgb(
        channel(&hex[0..n])?,
        channel(&hex[n..2 * n])?,
        channel(&hex[2 * n..3 * n])?,
    ))
}

/// The keys of each table of a brand file, as [`BrandFile`] names its fields.
const ROOT_KEYS: &[&str] = &[
    "organisation",
    "logo",
    "colors",
    "page",
    "typography",
    "end_mark",
    "about",
    "links",
    "html",
];
const LINKS_KEYS: &[&str] = &["print"];
const HTML_KEYS: &[&str] = &["web_fonts"];
const END_MARK_KEYS: &[&str] = &["show", "nl", "fr", "de", "en"];
const ORGANISATION_KEYS: &[&str] = &["name", "short", "address", "website", "french_article"];
const LOGO_KEYS: &[&str] = &["file", "width_mm"];
const COLOR_KEYS: &[&str] = &["primary", "accent", "text", "muted"];
const PAGE_KEYS: &[&str] = &[
    "width_mm",
    "height_mm",
    "margin_top_mm",
    "margin_bottom_mm",
    "margin_left_mm",
    "margin_right_mm",
    "font_size_pt",
    "font_expansion_percent",
];
const TYPOGRAPHY_KEYS: &[&str] = &[
    "double_quotes",
    "single_quotes",
    "smart_quotes",
    "french_spacing",
    "no_break",
    "hyphenation",
];
const NO_BREAK_KEYS: &[&str] = &[
    "enabled",
    "thousands",
    "phone_numbers",
    "before_number",
    "after_number",
    "standards",
    "titles",
    "particles",
    "months",
    "short_words",
];

/// Checks on the brand's spanned TOML tree: collects every problem, each at its key or
/// value.
struct Checker<'a, 'i> {
    path: &'a str,
    source: &'a str,
    root: &'a DeTable<'i>,
    diags: Vec<Diagnostic>,
}

impl<'a> Checker<'a, '_> {
    fn error(&mut self, keys: &[&str], message: String, hint: &str) {
        let mut d = Diagnostic::error(self.path, message).with_hint(hint);
        if let Some(value) = located::lookup(self.root, keys) {
            d = d.at(self.source, value.span().start);
        }
        self.diags.push(d);
    }

    /// The problems found, in the order of the file.
    fn sorted(self) -> Vec<Diagnostic> {
        let mut diags = self.diags;
        crate::diag::sort(&mut diags);
        diags
    }

    /// Every key that is not one of the brand's, and every language code that is not one
    /// of ours, before serde reads the file.
    fn keys(&mut self) {
        let root = self.root;
        self.table_keys(root, "the brand file", ROOT_KEYS);
        let tables = [
            ("organisation", ORGANISATION_KEYS),
            ("logo", LOGO_KEYS),
            ("colors", COLOR_KEYS),
            ("page", PAGE_KEYS),
            ("end_mark", END_MARK_KEYS),
            ("links", LINKS_KEYS),
            ("html", HTML_KEYS),
        ];
        for (name, known) in tables {
            if let Some(t) = table(root, &[name]) {
                self.table_keys(t, &format!("[{name}]"), known);
            }
        }
        for field in ["name", "short", "address"] {
            if let Some(t) = table(root, &["organisation", field]) {
                self.lang_keys(t, &format!("organisation.{field}"));
            }
        }
        if let Some(t) = table(root, &["about"]) {
            self.lang_keys(t, "about");
        }
        if let Some(t) = table(root, &["typography"]) {
            self.lang_keys(t, "typography");
            for (lang, value) in t.iter() {
                if let Some(inner) = value.get_ref().as_table() {
                    let place = format!("[typography.{}]", lang.get_ref());
                    self.table_keys(inner, &place, TYPOGRAPHY_KEYS);
                    if let Some(nb) = inner.get("no_break").and_then(|v| v.get_ref().as_table()) {
                        let place = format!("[typography.{}.no_break]", lang.get_ref());
                        self.table_keys(nb, &place, NO_BREAK_KEYS);
                    }
                }
            }
        }
    }

    fn table_keys(&mut self, t: &DeTable, place: &str, known: &[&str]) {
        for (key, _) in t.iter() {
            if !known.contains(&key.get_ref().as_ref()) {
                let d = located::unknown_key(self.path, self.source, key, place, known);
                self.diags.push(d);
            }
        }
    }

    fn lang_keys(&mut self, t: &DeTable, field: &str) {
        let codes: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
        for (key, _) in t.iter() {
            let code = key.get_ref().as_ref();
            if Lang::from_code(code).is_none() {
                let hint = match suggest::nearest(code, &codes) {
                    Some(k) => format!("did you mean \"{k}\"?"),
                    None => format!("the languages are: {}", codes.join(", ")),
                };
                let message = format!("{field}: expected a language code, found \"{code}\"");
                let d = Diagnostic::error_at(self.path, self.source, key.span(), message);
                self.diags.push(d.with_hint(hint));
            }
        }
    }

    /// What serde found wrong once every key is known: a value of the wrong type or a
    /// missing table, at the place toml's spans give.
    fn serde_error(&self, e: &toml::de::Error) -> Diagnostic {
        let message = format!("failed to read brand ({})", e.message().trim());
        let d = Diagnostic::error(self.path, message);
        match e.span() {
            Some(span) => d.at(self.source, span.start),
            None => d,
        }
    }

    /// Every `hyphenation` entry is letters with single hyphens between them: anything else
    /// (a digit, a space, a hyphen at an edge) could never match a word the layout breaks.
    fn hyphenation(&mut self, typography: &BTreeMap<Lang, LangTypography>) {
        for (lang, t) in typography {
            for (i, word) in t.hyphenation.iter().flatten().enumerate() {
                if !is_hyphenation_word(word) {
                    let keys = ["typography", lang.code(), "hyphenation"];
                    let mut d = Diagnostic::error(
                        self.path,
                        format!(
                            "[typography.{}] hyphenation: expected letters with a hyphen at each place the word may break, found {word:?}",
                            lang.code()
                        ),
                    )
                    .with_hint("write one word per entry, e.g. \"Blan-ken-ber-ge\"; without a hyphen the word is never broken");
                    if let Some(at) = located::lookup(self.root, &keys)
                        .and_then(|v| v.get_ref().as_array())
                        .and_then(|a| a.get(i))
                    {
                        d = d.at(self.source, at.span().start);
                    }
                    self.diags.push(d);
                }
            }
        }
    }

    fn organisation(&mut self, org: &Organisation) {
        let hint =
            "give it per language, e.g. nl = [\"Federale Overheidsdienst\", \"Digitale Zaken\"]";
        if org
            .name
            .values()
            .all(|lines| lines.iter().all(|l| l.trim().is_empty()))
        {
            let msg = "organisation.name has no language with a name".to_string();
            self.error(&["organisation", "name"], msg, hint);
        }
        if org.short.values().all(|s| s.trim().is_empty()) {
            let msg = "organisation.short has no language with a name".to_string();
            self.error(
                &["organisation", "short"],
                msg,
                "give it per language, e.g. nl = \"FOD Digitale Zaken\"",
            );
        }
    }

    fn page(&mut self, p: &PageGeometry) {
        let e = p.font_expansion_percent;
        // Whole half-percents: the breaker's steps, so that every expanded glyph is one of
        // few widths.
        if !(e.is_finite() && (0.0..=FONT_EXPANSION_MAX).contains(&e) && (e * 2.0).fract() == 0.0) {
            self.error(
                &["page", "font_expansion_percent"],
                format!(
                    "page.font_expansion_percent must be 0 to {FONT_EXPANSION_MAX} in steps of 0.5, found {e}"
                ),
                "2 is microtype's default; 0 switches font expansion off",
            );
        }
        let hint = "lengths are millimetres; margins must leave room for the text";
        let positive = [
            ("width_mm", p.width_mm),
            ("height_mm", p.height_mm),
            ("font_size_pt", p.font_size_pt),
        ];
        for (key, v) in positive {
            if !(v.is_finite() && v > 0.0) {
                self.error(
                    &["page", key],
                    format!("page.{key} must be positive, found {v}"),
                    hint,
                );
            }
        }
        let margins = [
            ("margin_top_mm", p.margin_top_mm),
            ("margin_bottom_mm", p.margin_bottom_mm),
            ("margin_left_mm", p.margin_left_mm),
            ("margin_right_mm", p.margin_right_mm),
        ];
        for (key, v) in margins {
            if !(v.is_finite() && v >= 0.0) {
                self.error(
                    &["page", key],
                    format!("page.{key} must not be negative, found {v}"),
                    hint,
                );
            }
        }
        if p.margin_left_mm + p.margin_right_mm >= p.width_mm {
            let msg = "page margins leave no room for text across the page".to_string();
            self.error(&["page", "margin_left_mm"], msg, hint);
        }
        if p.margin_top_mm + p.margin_bottom_mm >= p.height_mm {
            let msg = "page margins leave no room for text down the page".to_string();
            self.error(&["page", "margin_top_mm"], msg, hint);
        }
    }

    fn color(&mut self, key: &str, value: &str) -> Rgb {
        parse_color(value).unwrap_or_else(|| {
            let msg = format!("invalid colour {value:?} for colors.{key}");
            self.error(
                &["colors", key],
                msg,
                "write colours as \"#rrggbb\" or \"#rgb\"",
            );
            Rgb::BLACK
        })
    }

    fn logo(
        &mut self,
        l: &LogoFile,
        bytes: Option<&[u8]>,
        page: &PageGeometry,
    ) -> Option<(Logo, Pt)> {
        if !(l.width_mm.is_finite() && l.width_mm > 0.0) {
            let msg = format!("logo.width_mm must be positive, found {}", l.width_mm);
            self.error(
                &["logo", "width_mm"],
                msg,
                "a letterhead logo is typically 20–30 mm wide",
            );
        }
        let Some(bytes) = bytes else {
            let msg = format!("logo file {:?} was not given", l.file);
            self.error(
                &["logo", "file"],
                msg,
                "put the logo next to the brand file",
            );
            return None;
        };
        match parse_logo(&l.file, bytes) {
            Ok(logo) => {
                self.logo_height(l, &logo, page);
                Some((logo, Pt::from_mm(l.width_mm)))
            }
            // A problem with the file as a whole (a damaged PNG, a JPEG) has no place inside
            // it to point at: point at where the brand names the file.
            Err(d) if d.line == 0 => {
                let hint = d
                    .hint
                    .as_deref()
                    .unwrap_or("a logo must be an SVG or a PNG file");
                self.error(&["logo", "file"], d.message, hint);
                None
            }
            Err(d) => {
                self.diags.push(d);
                None
            }
        }
    }
}

impl Checker<'_, '_> {
    /// The letterhead is a band at the top of the first page: a logo taller than a quarter
    /// of the page (at the brand's width) would push the text off the page or run over it.
    fn logo_height(&mut self, l: &LogoFile, logo: &Logo, page: &PageGeometry) {
        let height = l.width_mm * logo.aspect();
        if height > page.height_mm / 4.0 {
            let msg = format!(
                "the logo would be {height:.0} mm tall at logo.width_mm = {}, more than a quarter of the page's height ({} mm)",
                l.width_mm, page.height_mm
            );
            self.error(
                &["logo", "width_mm"],
                msg,
                "make logo.width_mm smaller, or check the logo's size",
            );
        }
    }
}

/// The table at `keys`, if that is what is there.
fn table<'a, 'i>(root: &'a DeTable<'i>, keys: &[&str]) -> Option<&'a DeTable<'i>> {
    located::lookup(root, keys)?.get_ref().as_table()
}

#[cfg(test)]
mod tests;
