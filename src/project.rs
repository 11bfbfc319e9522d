//! A project's defaults, `communique.toml`: the brand, templates, fonts, output folder,
//! layout, formats, PDF standard, photo resolution and web fonts that every build in its folder (and below) uses unless an
//! option says otherwise.
//!
//! Takes the file's text and gives a typed [`Project`], or every problem in it located (an
//! unknown key with the nearest known one as a hint, a wrong type, an unknown layout or
//! format). Paths stay as written: they are relative to the file's own folder, which only the
//! CLI knows (finding the file and reading it is I/O, and stays there).

use crate::channel::Formats;
use crate::diag::located;
use crate::pdf::Standard;
use crate::{Diagnostic, LayoutMode};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// The file's name, looked for in the input's folder and each folder above it.
pub const FILE_NAME: &str = "communique.toml";

/// The keys a project file may hold, in the order the README lists them.
pub const KEYS: &[&str] = &[
    "brand",
    "brands",
    "templates",
    "fonts",
    "output",
    "layout",
    "formats",
    "pdf_standard",
    "image_dpi",
    "web_fonts",
];

/// The highest `image_dpi` (as `--image-dpi` allows): far above any print resolution.
pub const MAX_IMAGE_DPI: u32 = 10_000;

/// What a `communique.toml` sets; `None` where it says nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Project {
    /// A brand file (`--brand`).
    pub brand: Option<String>,
    /// A folder of brands (`--brands`).
    pub brands: Option<String>,
    /// A folder of templates (`--templates`).
    pub templates: Option<String>,
    /// A folder with the eight fonts (`--fonts`).
    pub fonts: Option<String>,
    /// The output folder (`--output`), for `build`, `watch` and `serve`.
    pub output: Option<String>,
    pub layout: Option<LayoutMode>,
    pub formats: Option<Formats>,
    pub pdf_standard: Option<Standard>,
    /// The photos' resolution in the PDF (`--image-dpi`); 0 keeps them as they are.
    pub image_dpi: Option<u32>,
    /// Whether the web pages embed the PDF's faces (`--web-fonts`, `--no-web-fonts`); over
    /// the brand's `[html] web_fonts`.
    pub web_fonts: Option<bool>,
}

/// Reads a project file; `path` names it in diagnostics.
pub fn parse(path: &str, text: &str) -> Result<Project, Vec<Diagnostic>> {
    let root = located::parse(path, text)?;
    let mut read = Read {
        path,
        text,
        diags: Vec::new(),
    };
    let project = read.project(root.get_ref());
    if read.diags.is_empty() {
        Ok(project)
    } else {
        crate::diag::sort(&mut read.diags);
        Err(read.diags)
    }
}

struct Read<'a> {
    path: &'a str,
    text: &'a str,
    diags: Vec<Diagnostic>,
}

impl Read<'_> {
    fn project(&mut self, root: &DeTable) -> Project {
        for (key, _) in root.iter() {
            if !KEYS.contains(&&**key.get_ref()) {
                let d = located::unknown_key(self.path, self.text, key, "communique.toml", KEYS);
                self.diags.push(d);
            }
        }
        let folder = |r: &mut Self, key| r.text_value(root, key, "a folder");
        Project {
            brand: self.text_value(root, "brand", "a brand file"),
            brands: folder(self, "brands"),
            templates: folder(self, "templates"),
            fonts: folder(self, "fonts"),
            output: folder(self, "output"),
            layout: self.layout(root),
            formats: self.formats(root),
            pdf_standard: self.parsed(
                root,
                "pdf_standard",
                "pdf_standard = \"a-2a,ua-1\", or \"none\"",
            ),
            image_dpi: self.image_dpi(root),
            web_fonts: self.web_fonts(root),
        }
    }

    /// `web_fonts = true` or `false`.
    fn web_fonts(&mut self, root: &DeTable) -> Option<bool> {
        let value = root.get("web_fonts")?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.error(
                    value,
                    "web_fonts: expected true or false".into(),
                    "web_fonts = true embeds the PDF's faces in the web pages (no quotes)".into(),
                );
                None
            }
        }
    }

    /// `image_dpi = 300`: a whole number from 0 to [`MAX_IMAGE_DPI`].
    fn image_dpi(&mut self, root: &DeTable) -> Option<u32> {
        let value = root.get("image_dpi")?;
        let dpi = match value.get_ref() {
            DeValue::Integer(i) => i.as_str().parse::<u32>().ok(),
            _ => None,
        };
        match dpi {
            Some(dpi) if dpi <= MAX_IMAGE_DPI => Some(dpi),
            _ => {
                self.error(
                    value,
                    format!("image_dpi: expected a whole number from 0 to {MAX_IMAGE_DPI}"),
                    "image_dpi = 300 downsamples photos to 300 dpi on the page; 0 keeps them"
                        .into(),
                );
                None
            }
        }
    }

    fn error(&mut self, value: &Spanned<DeValue>, message: String, hint: String) {
        let d = Diagnostic::error_at(self.path, self.text, value.span(), message).with_hint(hint);
        self.diags.push(d);
    }

    /// A non-empty string at `key`.
    fn text_value(&mut self, root: &DeTable, key: &str, what: &str) -> Option<String> {
        let value = root.get(key)?;
        match value.get_ref().as_str() {
            Some(s) if !s.trim().is_empty() => Some(s.to_string()),
            _ => {
                self.error(
                    value,
                    format!("{key}: expected the path of {what}, as text"),
                    format!(
                        "write it in double quotes, relative to this file's folder: {key} = \"…\""
                    ),
                );
                None
            }
        }
    }

    fn layout(&mut self, root: &DeTable) -> Option<LayoutMode> {
        let value = root.get("layout")?;
        let layout = match value.get_ref().as_str() {
            Some("sequential") => Some(LayoutMode::Sequential),
            Some("parallel") => Some(LayoutMode::Parallel),
            Some("continuous") => Some(LayoutMode::Continuous),
            _ => None,
        };
        if layout.is_none() {
            self.error(
                value,
                "layout: expected \"sequential\", \"parallel\" or \"continuous\"".into(),
                "layout = \"parallel\" sets the languages side by side".into(),
            );
        }
        layout
    }

    /// `formats = ["pdf", "html"]`, or the option's own form `"pdf,html"`.
    fn formats(&mut self, root: &DeTable) -> Option<Formats> {
        let value = root.get("formats")?;
        let list = match value.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            DeValue::Array(items) => items
                .iter()
                .map(|i| i.get_ref().as_str())
                .collect::<Option<Vec<_>>>()
                .map(|v| v.join(",")),
            _ => None,
        };
        let parsed = list.as_deref().map(str::parse::<Formats>);
        match parsed {
            Some(Ok(f)) => Some(f),
            Some(Err(e)) => {
                self.error(
                    value,
                    format!("formats: {e}"),
                    "formats = [\"pdf\", \"html\"]".into(),
                );
                None
            }
            None => {
                self.error(
                    value,
                    "formats: expected a list of format names".into(),
                    "formats = [\"pdf\", \"html\"]".into(),
                );
                None
            }
        }
    }

    /// A string at `key` read by its type's `FromStr`; `like` is an example for the hint.
    fn parsed<T: std::str::FromStr<Err = String>>(
        &mut self,
        root: &DeTable,
        key: &str,
        like: &str,
    ) -> Option<T> {
        let value = root.get(key)?;
        let result = value
            .get_ref()
            .as_str()
            .map(str::parse::<T>)
            .unwrap_or_else(|| Err("expected text".into()));
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.error(
                    value,
                    format!("{key}: {e}"),
                    format!("write it like {like}"),
                );
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_read() {
        let text = "brand = \"b/brand.toml\"\nbrands = \"brands\"\ntemplates = \"t\"\n\
                    fonts = \"f\"\noutput = \"out\"\nlayout = \"parallel\"\n\
                    formats = [\"pdf\", \"txt\"]\npdf_standard = \"a-2u\"\n\
                    image_dpi = 150\nweb_fonts = false\n";
        let p = parse("communique.toml", text).unwrap();
        assert_eq!(p.brand.as_deref(), Some("b/brand.toml"));
        assert_eq!(p.output.as_deref(), Some("out"));
        assert_eq!(p.layout, Some(LayoutMode::Parallel));
        assert_eq!(p.formats, Some("pdf,txt".parse().unwrap()));
        assert_eq!(p.pdf_standard, Some("a-2u".parse().unwrap()));
        assert_eq!(p.image_dpi, Some(150));
        assert_eq!(p.web_fonts, Some(false));
        let p = parse("communique.toml", "image_dpi = 0\n").unwrap();
        assert_eq!(p.image_dpi, Some(0));
    }

    #[test]
    fn image_dpi_is_a_whole_number_in_range() {
        for bad in ["-1", "10001", "300.0", "\"300\"", "0x12c_0000_0000"] {
            let text = format!("image_dpi = {bad}\n");
            let d = parse("communique.toml", &text).unwrap_err();
            assert_eq!((d.len(), d[0].line, d[0].column), (1, 1, 13), "{bad}");
            assert!(d[0].message.starts_with("image_dpi: expected"), "{bad}");
        }
    }

    #[test]
    fn every_problem_is_located_at_once() {
        let text = "layuot = \"parallel\"\nformats = [\"pdf\", \"docx\"]\noutput = 3\n";
        let d = parse("communique.toml", text).unwrap_err();
        let lines: Vec<(usize, &str)> = d.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert_eq!(d[0].hint.as_deref(), Some("did you mean \"layout\"?"));
    }
}
