//! Errors the markup stage finds in what the templates rendered, placed where the user can
//! fix them.
//!
//! The markup stage reports an error at a line and column of the rendered markup, which the
//! user never sees. On this rare path the templates render the document once more with
//! marks ([`crate::template::mark`]): one rendering says which template element wrote each
//! byte and, for a release value a template inserted, which value and which byte of it.
//! An error in a template's own text is placed in the template file; one in a value that an
//! expression inserted as markup (`{{{title}}}` with a `&` in the title) is placed at that
//! byte of the release file (or of the brand file, for a brand's text), and its hint names
//! the expression. Nothing is guessed:
//! a rendering that does not strip to the markup that failed places nothing.

use super::warnings;
use crate::brand::Brand;
use crate::diag::Diagnostic;
use crate::lang::Lang;
use crate::model::Release;
use crate::template::trace::Origin;
use crate::template::{offset_of, template_path, Entry, Marked, Templates};

/// The release file a document was made from: its name as the user gave it, and its text.
#[derive(Clone, Copy)]
pub(super) struct Source<'a> {
    pub path: &'a str,
    pub text: &'a str,
}

/// What a document's markup errors are about: the templates that rendered it, from which
/// release, brand and languages, and the release file (when known; without it an error in
/// an inserted value is placed at the expression that inserted it).
pub(super) struct Rendered<'a> {
    pub templates: &'a Templates,
    pub entry: Entry,
    pub release: &'a Release,
    pub brand: &'a Brand,
    pub langs: &'a [Lang],
    pub source: Option<Source<'a>>,
}

/// `errors` in `markup`, each moved to the template or release text it came from; those it
/// cannot place are returned as they were.
pub(super) fn locate(r: &Rendered, markup: &str, errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let name = r.entry.name();
    if !errors.iter().any(|d| d.path == name && d.line > 0) {
        return errors;
    }
    let Some(marked) = marked(r, markup) else {
        return errors;
    };
    errors
        .into_iter()
        .map(|d| {
            let at = (d.path == name)
                .then(|| offset_of(markup, d.line, d.column))
                .flatten();
            match at {
                Some(at) => place(r, &marked, markup, d, at),
                None => d,
            }
        })
        .collect()
}

/// The marked rendering: with the release's values marked, or, when a custom template
/// renders the marked context differently, with the template elements marked only.
fn marked(r: &Rendered, markup: &str) -> Option<Marked> {
    let marked_ctx = crate::template::context_marked(r.release, r.brand, r.langs);
    (r.templates.render_marked(r.entry, marked_ctx, markup)).or_else(|| {
        let ctx = crate::template::context(r.release, r.brand, r.langs);
        r.templates.render_marked(r.entry, ctx, markup)
    })
}

/// `d`, at byte `at` of the markup, placed in the release or brand file when an expression
/// inserted one of their values there, else in the template that wrote it.
fn place(r: &Rendered, marked: &Marked, markup: &str, d: Diagnostic, at: usize) -> Diagnostic {
    let Some(origin) = marked.element(markup, at) else {
        return d;
    };
    if let (true, Some(source)) = (origin.inserted, r.source) {
        let files = warnings::Files::new(source.path, source.text, r.release, r.brand);
        if let Some((file, pos)) = warnings::place(&files, markup, &marked.map, at) {
            return in_value(d, file.path, file.text, pos, &origin);
        }
    }
    r.templates.in_template(d, &origin)
}

/// `d` at byte `pos` of the file `path` (its text `text`: the release's, or a brand's), in a
/// value the expression `origin` inserted.
fn in_value(d: Diagnostic, path: &str, text: &str, pos: usize, origin: &Origin) -> Diagnostic {
    let expression = format!(
        "{}:{}:{}",
        template_path(&origin.template),
        origin.line,
        origin.column
    );
    let inserted = format!(
        "{expression} inserted this value unescaped, as markup: check the value, or escape \
         it there with {{{{…}}}} instead of {{{{{{…}}}}}}"
    );
    let hint = match &d.hint {
        Some(h) => format!("{inserted}; {h}"),
        None => inserted,
    };
    Diagnostic {
        path: path.to_string(),
        ..d
    }
    .at(text, pos)
    .with_hint(hint)
}
