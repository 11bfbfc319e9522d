use super::Document;
use crate::diag::Diagnostic;

/// Parses template output into a document tree. `name` names the source in diagnostics.
pub fn parse(name: &str, markup: &str) -> Result<Document, Vec<Diagnostic>> {
    let _ = markup;
    Err(vec![Diagnostic::error(
        name,
        "markup parser not written yet",
    )])
}
