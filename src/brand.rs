//! The brand: organisation name and address per language, logo, colours, page geometry and
//! typography settings.
//!
//! Takes the brand's TOML text and its logo's bytes, gives a validated [`Brand`]. A default
//! brand for a fictional federal service is embedded in the binary ([`Brand::embedded`]).
//! Problems come back as located [`Diagnostic`]s, several at once where they can: unknown
//! keys with the nearest known one, bad colours at the value, empty names.

mod logo;
mod pathdata;
mod svg;

pub use logo::Logo;

use crate::diag::Diagnostic;
use crate::geom::{Pt, Rgb};
use crate::lang::Lang;
use logo::parse_logo;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;

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
}

impl BrandFile {
    /// The logo file a brand names (relative to the brand file), read without validating
    /// the rest, so that the caller can load the logo's bytes before [`Brand::load`].
    pub fn logo_path(source: &str) -> Option<String> {
        let doc = toml::de::DeTable::parse(source).ok()?;
        let file = lookup(doc.get_ref(), &["logo", "file"])?;
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
        match value_span(source, &["logo", "file"]) {
            Some(span) => d.at(source, span.start),
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
}

impl Brand {
    /// The embedded default brand.
    pub fn embedded() -> Brand {
        Brand::load("<default brand>", DEFAULT_BRAND, Some(DEFAULT_LOGO))
            .expect("default brand is valid")
    }

    /// Parses a brand file; `logo` is the content of the file its `[logo]` names.
    pub fn load(path: &str, source: &str, logo: Option<&[u8]>) -> Result<Brand, Vec<Diagnostic>> {
        let file: BrandFile =
            toml::from_str(source).map_err(|e| vec![toml_error(path, source, &e)])?;
        let mut check = Checker {
            path,
            source,
            diags: Vec::new(),
        };
        check.organisation(&file.organisation);
        check.page(&file.page);
        let c = &file.colors;
        let [primary, accent, text, muted] = [
            ("primary", &c.primary),
            ("accent", &c.accent),
            ("text", &c.text),
            ("muted", &c.muted),
        ]
        .map(|(key, value)| check.color(key, value));
        let logo = file.logo.as_ref().and_then(|l| check.logo(l, logo));
        if !check.diags.is_empty() {
            return Err(check.diags);
        }
        Ok(Brand {
            file,
            logo,
            primary,
            accent,
            text,
            muted,
        })
    }

    /// The logo's size on the page: the brand's width, and the height that keeps the
    /// logo's proportions.
    pub fn logo_size(&self) -> Option<(Pt, Pt)> {
        self.logo
            .as_ref()
            .map(|(logo, width)| (*width, *width * logo.aspect()))
    }

    /// Letterhead name lines for `lang` (falls back to the first language given).
    pub fn name_lines(&self, lang: Lang) -> &[String] {
        pick(&self.file.organisation.name, lang).map_or(&[], |v| v.as_slice())
    }

    pub fn short_name(&self, lang: Lang) -> &str {
        pick(&self.file.organisation.short, lang).map_or("", |s| s.as_str())
    }

    pub fn address_lines(&self, lang: Lang) -> &[String] {
        pick(&self.file.organisation.address, lang).map_or(&[], |v| v.as_slice())
    }

    pub fn typography(&self, lang: Lang) -> LangTypography {
        self.file.typography.get(&lang).cloned().unwrap_or_default()
    }
}

fn pick<T>(map: &BTreeMap<Lang, T>, lang: Lang) -> Option<&T> {
    map.get(&lang).or_else(|| map.values().next())
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

/// Validation after deserialising: collects every problem, each at its value where the
/// TOML text lets us find it.
struct Checker<'a> {
    path: &'a str,
    source: &'a str,
    diags: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn error(&mut self, keys: &[&str], message: String, hint: &str) {
        let mut d = Diagnostic::error(self.path, message).with_hint(hint);
        if let Some(span) = value_span(self.source, keys) {
            d = d.at(self.source, span.start);
        }
        self.diags.push(d);
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

    fn logo(&mut self, l: &LogoFile, bytes: Option<&[u8]>) -> Option<(Logo, Pt)> {
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
            Ok(logo) => Some((logo, Pt::from_mm(l.width_mm))),
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

/// The byte span of the value at `keys` (a path of table keys) in the TOML `source`.
fn value_span(source: &str, keys: &[&str]) -> Option<Range<usize>> {
    let doc = toml::de::DeTable::parse(source).ok()?;
    lookup(doc.get_ref(), keys).map(|v| v.span())
}

fn lookup<'a, 'i>(
    table: &'a toml::de::DeTable<'i>,
    keys: &[&str],
) -> Option<&'a toml::Spanned<toml::de::DeValue<'i>>> {
    let (first, rest) = keys.split_first()?;
    let value = table.get(*first)?;
    match rest {
        [] => Some(value),
        _ => lookup(value.get_ref().as_table()?, rest),
    }
}

/// Maps a TOML or serde error to a diagnostic; unknown keys and languages get the nearest
/// known name as a hint.
fn toml_error(path: &str, source: &str, e: &toml::de::Error) -> Diagnostic {
    let message = e.message().trim();
    let mut d = match unknown_name(message) {
        Some((what, name, known)) => {
            let d = Diagnostic::error(
                path,
                format!("failed to read brand (unknown {what} `{name}`)"),
            );
            match suggest(&name, &known) {
                Some(best) => d.with_hint(format!("did you mean `{best}`?")),
                None if !known.is_empty() => {
                    let list: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
                    d.with_hint(format!("expected one of {}", list.join(", ")))
                }
                None => d,
            }
        }
        None => Diagnostic::error(path, format!("failed to read brand ({message})")),
    };
    if let Some(span) = e.span() {
        d = d.at(source, span.start);
    }
    d
}

/// Takes serde's "unknown field `x`, expected one of `a`, `b`" (or "unknown variant …")
/// apart into what was unknown, its name and the names expected.
fn unknown_name(message: &str) -> Option<(&'static str, String, Vec<String>)> {
    let what = if message.starts_with("unknown field") {
        "key"
    } else if message.starts_with("unknown variant") {
        "language"
    } else {
        return None;
    };
    let mut quoted = message.split('`').skip(1).step_by(2).map(str::to_owned);
    let name = quoted.next()?;
    Some((what, name, quoted.collect()))
}

/// Words people type for the brand's keys that edit distance alone would not find: British
/// spelling and the brand officer's own language.
const ALIASES: &[(&str, &str)] = &[
    ("colours", "colors"),
    ("kleuren", "colors"),
    ("couleurs", "colors"),
    ("naam", "name"),
    ("nom", "name"),
    ("adres", "address"),
    ("adresse", "address"),
    ("organization", "organisation"),
    ("organisatie", "organisation"),
    ("typografie", "typography"),
    ("typographie", "typography"),
];

/// The known name `name` most likely stands for: an alias, or one at most two edits away
/// (a swap counts as one) and differing in fewer than half its letters, so that a
/// two-letter language code is never "corrected" to another (`es` is not `en`).
fn suggest<'a>(name: &str, known: &'a [String]) -> Option<&'a str> {
    let lower = name.to_lowercase();
    if let Some((_, target)) = ALIASES.iter().find(|(alias, _)| *alias == lower) {
        if let Some(k) = known.iter().find(|k| k == target) {
            return Some(k);
        }
    }
    known
        .iter()
        .map(|k| (strsim::osa_distance(&lower, k), k))
        .filter(|&(d, k)| d <= 2 && d * 2 < k.chars().count())
        .min_by_key(|&(d, _)| d)
        .map(|(_, k)| k.as_str())
}

#[cfg(test)]
mod tests;
