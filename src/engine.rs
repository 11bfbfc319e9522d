//! The engine: fonts, templates and brand loaded once, then any number of releases built.
//!
//! This is the library's front door; the CLI and tests call it. It does no I/O: sources come
//! in as bytes and PDFs go out as bytes.

use crate::brand::Brand;
use crate::diag::Diagnostic;
use crate::font::FontBook;
use crate::lang::Lang;
use crate::model::Release;
use crate::template::Templates;
use std::collections::BTreeMap;

/// Everything the engine reads once per process.
pub struct Assets {
    pub fonts: [&'static [u8]; 8],
    /// Template name → Handlebars source.
    pub templates: BTreeMap<String, String>,
    /// Name of the brand file (for diagnostics), its TOML text and its logo's bytes.
    pub brand_path: String,
    pub brand: String,
    pub logo: Option<Vec<u8>>,
}

impl Assets {
    /// The defaults embedded in the binary.
    pub fn embedded() -> Assets {
        Assets {
            fonts: crate::font::embedded_faces(),
            templates: crate::template::embedded_sources(),
            brand_path: "<default brand>".into(),
            brand: crate::brand::DEFAULT_BRAND.into(),
            logo: Some(crate::brand::DEFAULT_LOGO.to_vec()),
        }
    }
}

/// How the languages of a bilingual document are arranged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LayoutMode {
    /// Each language starts a new page.
    #[default]
    Sequential,
    /// Languages side by side in columns, each block facing its counterpart.
    Parallel,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct BuildOptions {
    pub layout: LayoutMode,
    /// One PDF per language instead of one bilingual PDF.
    pub split: bool,
}

/// One PDF produced from a release.
#[derive(Debug, Clone)]
pub struct Output {
    /// The language of a split output; `None` for the multilingual document.
    pub lang: Option<Lang>,
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// Non-fatal problems (e.g. an unavoidable overfull line).
    pub warnings: Vec<Diagnostic>,
}

/// Fonts, templates and brand, parsed once.
pub struct Engine {
    pub fonts: FontBook,
    pub templates: Templates,
    pub brand: Brand,
}

impl Engine {
    pub fn new(assets: Assets) -> Result<Engine, Vec<Diagnostic>> {
        let fonts = FontBook::new(assets.fonts)?;
        let templates = Templates::new(&assets.templates)?;
        let brand = Brand::load(&assets.brand_path, &assets.brand, assets.logo.as_deref())?;
        Ok(Engine {
            fonts,
            templates,
            brand,
        })
    }

    /// Loads and validates a release without building it.
    pub fn check(&self, path: &str, source: &[u8]) -> Result<Release, Vec<Diagnostic>> {
        crate::model::load(path, source)
    }

    /// Builds the PDF(s) of a release.
    pub fn build(
        &self,
        path: &str,
        source: &[u8],
        opts: &BuildOptions,
    ) -> Result<Vec<Output>, Vec<Diagnostic>> {
        let _release = self.check(path, source)?;
        let _ = opts;
        Err(vec![Diagnostic::error(path, "build not written yet")])
    }
}
