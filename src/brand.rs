//! The brand: organisation name and address per language, logo, colours, page geometry and
//! typography settings. Read from a TOML file; a default brand for a fictional federal
//! service is embedded in the binary.

use crate::diag::Diagnostic;
use crate::lang::Lang;
use crate::layout::{PathOp, Rgb};
use crate::units::Pt;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The embedded default brand and its logo.
pub const DEFAULT_BRAND: &str = include_str!("../templates/brand/brand.toml");
pub const DEFAULT_LOGO: &[u8] = include_bytes!("../templates/brand/logo.svg");

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

/// A logo ready for layout.
#[derive(Debug, Clone)]
pub enum Logo {
    /// Vector paths in a box of `width` × `height` (SVG user units, y down).
    Vector {
        width: f32,
        height: f32,
        shapes: Vec<(Vec<PathOp>, Rgb)>,
    },
    /// PNG bytes and the pixel size.
    Png {
        data: Vec<u8>,
        width: u32,
        height: u32,
    },
}

/// A loaded brand.
#[derive(Debug, Clone)]
pub struct Brand {
    pub file: BrandFile,
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
        let file: BrandFile = toml::from_str(source).map_err(|e| {
            let d = Diagnostic::error(path, format!("invalid brand: {}", e.message().trim()));
            vec![match e.span() {
                Some(s) => d.at(source, s.start),
                None => d,
            }]
        })?;
        let color = |s: &str| {
            parse_color(s).ok_or_else(|| {
                vec![Diagnostic::error(path, format!("invalid colour {s:?}"))
                    .with_hint("write colours as \"#rrggbb\"")]
            })
        };
        let logo = match (&file.logo, logo) {
            (Some(l), Some(bytes)) => Some((
                parse_logo(&l.file, bytes).map_err(|d| vec![d])?,
                Pt::from_mm(l.width_mm),
            )),
            (Some(l), None) => {
                return Err(vec![Diagnostic::error(
                    path,
                    format!("logo file {:?} was not given", l.file),
                )])
            }
            _ => None,
        };
        Ok(Brand {
            primary: color(&file.colors.primary)?,
            accent: color(&file.colors.accent)?,
            text: color(&file.colors.text)?,
            muted: color(&file.colors.muted)?,
            file,
            logo,
        })
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
        self.file
            .typography
            .get(&lang)
            .cloned()
            .unwrap_or_default()
    }
}

fn pick<T>(map: &BTreeMap<Lang, T>, lang: Lang) -> Option<&T> {
    map.get(&lang).or_else(|| map.values().next())
}

/// `#rrggbb` → colour.
pub fn parse_color(s: &str) -> Option<Rgb> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 {
        return None;
    }
    let c = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some(Rgb(
        f32::from(c(0)?) / 255.0,
        f32::from(c(2)?) / 255.0,
        f32::from(c(4)?) / 255.0,
    ))
}

/// Reads an SVG (subset: `rect`, `circle`, `ellipse`, `polygon`, `path` with `fill`) or PNG logo.
pub fn parse_logo(name: &str, bytes: &[u8]) -> Result<Logo, Diagnostic> {
    let _ = bytes;
    Err(Diagnostic::error(name, "logo reader not written yet"))
}
