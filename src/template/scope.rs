//! Whether a compiled partial reads only the context it is given: then it renders a
//! language's text (or quote, section, photo, contact) the same in a multilingual document
//! as in that language's document alone, and the engine may cut the one-language documents
//! out of the multilingual one even with the user's own partials (see `cut` in
//! `src/engine`).
//!
//! A partial could otherwise tell the two renderings apart through what lies outside its
//! context: `@root` (`@root.lang` is the document's first language, `@root.texts` holds
//! one text or several), the caller's loop (`@index`, `@first`: the language's place in
//! the parallel template's rows, the quote's in the sequential one) or the caller's
//! context (`../`). Root values that are the same for every document of a release (its
//! date, time, embargo, update, reference, the brand's website and link style) may be
//! read. The check is on the compiled template, not its text, and errs on the safe side:
//! what it cannot place (a partial whose name is computed, an element of a later
//! handlebars) counts as reading outside.

use handlebars::template::{Parameter, Template, TemplateElement};
use handlebars::Path;

/// Root values that are the same in every document of a release, whatever its languages
/// (`context::build`): a partial may read them through `@root`.
const SHARED_ROOT: [&str; 8] = [
    "date",
    "time",
    "embargo",
    "update",
    "reference",
    "website",
    "website_href",
    "links",
];

/// The first value `t` reads from outside its own context (as written, e.g. `@root.lang`,
/// `@index`, `../title`), or `None` when it reads only its context.
pub(crate) fn reads_outside(t: &Template) -> Option<String> {
    template(t, 0)
}

/// `t` rendered `pushed` block contexts (`each`, `with`) deep inside the partial: that
/// many `../` (and local variables at that many levels up) stay inside it.
fn template(t: &Template, pushed: usize) -> Option<String> {
    t.elements.iter().find_map(|e| element(e, pushed))
}

fn element(e: &TemplateElement, pushed: usize) -> Option<String> {
    match e {
        TemplateElement::RawString(_) | TemplateElement::Comment(_) => None,
        TemplateElement::Expression(h) | TemplateElement::HtmlExpression(h) => {
            helper(&h.name, &h.params, h.hash.values(), pushed)
        }
        TemplateElement::HelperBlock(h) => {
            let found = helper(&h.name, &h.params, h.hash.values(), pushed);
            // `each` and `with` render their block in a context of their own (their
            // `else` in the caller's); other helpers may or may not, so counting none
            // for them only makes the check stricter.
            let inner = match &h.name {
                Parameter::Name(n) if n == "each" || n == "with" => pushed + 1,
                _ => pushed,
            };
            found
                .or_else(|| h.template.as_ref().and_then(|t| template(t, inner)))
                .or_else(|| h.inverse.as_ref().and_then(|t| template(t, pushed)))
        }
        TemplateElement::PartialExpression(d) | TemplateElement::PartialBlock(d) => {
            let name = match &d.name {
                Parameter::Name(_) | Parameter::Path(_) => None,
                other => Some(format!("a computed partial name ({other:?})")),
            };
            name.or_else(|| params(&d.params, d.hash.values(), pushed))
                .or_else(|| d.template.as_ref().and_then(|t| template(t, pushed)))
        }
        TemplateElement::DecoratorExpression(d) | TemplateElement::DecoratorBlock(d) => {
            params(&d.params, d.hash.values(), pushed)
                .or_else(|| d.template.as_ref().and_then(|t| template(t, pushed)))
        }
        _ => Some("an element this check does not know".into()),
    }
}

/// A helper's name (which may be a path, `{{title}}`) and its parameters.
fn helper<'a>(
    name: &Parameter,
    ps: &[Parameter],
    hash: impl Iterator<Item = &'a Parameter>,
    pushed: usize,
) -> Option<String> {
    parameter(name, pushed).or_else(|| params(ps, hash, pushed))
}

fn params<'a>(
    ps: &[Parameter],
    mut hash: impl Iterator<Item = &'a Parameter>,
    pushed: usize,
) -> Option<String> {
    ps.iter()
        .find_map(|p| parameter(p, pushed))
        .or_else(|| hash.find_map(|p| parameter(p, pushed)))
}

fn parameter(p: &Parameter, pushed: usize) -> Option<String> {
    match p {
        Parameter::Name(_) | Parameter::Literal(_) => None,
        Parameter::Path(path) => outside(path, pushed),
        Parameter::Subexpression(s) => element(&s.element, pushed),
        _ => Some(format!("a parameter this check does not know ({p:?})")),
    }
}

/// Whether `path`, read `pushed` block contexts deep inside the partial, reaches outside
/// it: its raw text, if so.
fn outside(path: &Path, pushed: usize) -> Option<String> {
    let (Path::Local((_, _, raw)) | Path::Relative((_, raw))) = path;
    if let Some(rest) = raw.strip_prefix("@root") {
        let field = rest
            .trim_start_matches(['.', '/'])
            .split(['.', '/', '['])
            .next()
            .unwrap_or("");
        return (!SHARED_ROOT.contains(&field)).then(|| raw.clone());
    }
    match path {
        // `@index`, `@../first`: a loop's variable `level` blocks up.
        Path::Local((level, _, raw)) => (*level >= pushed).then(|| raw.clone()),
        Path::Relative((_, raw)) => {
            let ups = raw.matches("../").count();
            let leading = raw.len() - raw.trim_start_matches("../").len();
            // `../` only in front, and no further up than the partial's own blocks.
            (ups * 3 != leading || ups > pushed || raw.starts_with('@')).then(|| raw.clone())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outside_of(src: &str) -> Option<String> {
        let mut hb = handlebars::Handlebars::new();
        hb.register_template_string("t", src).unwrap();
        reads_outside(hb.get_template("t").unwrap())
    }

    #[test]
    fn every_shipped_partial_reads_only_its_context() {
        for (name, src) in super::super::embedded_sources() {
            let entry = super::super::Entry::ALL.iter().any(|e| e.name() == name);
            if entry || name == "letterhead" || name.contains('/') {
                continue;
            }
            assert_eq!(outside_of(&src), None, "{name}");
        }
    }

    #[test]
    fn what_reaches_outside_the_context_is_named() {
        let cases = [
            ("<p lang=\"{{@root.lang}}\">", Some("@root.lang")),
            (
                "{{#each @root.texts}}{{title}}{{/each}}",
                Some("@root.texts"),
            ),
            ("{{#if @first}}<hr/>{{/if}}", Some("@first")),
            ("{{@index}}", Some("@index")),
            ("{{#each paras}}{{@../index}}{{/each}}", Some("@../index")),
            ("{{../title}}", Some("../title")),
            ("{{#each xs}}{{../../lang}}{{/each}}", Some("../../lang")),
            ("{{#each xs}}{{else}}{{../lang}}{{/each}}", Some("../lang")),
            (
                "{{#if x}}{{label \"a\" (concat @root.langs)}}{{/if}}",
                Some("@root.langs"),
            ),
            ("{{> quote who=@root.texts}}", Some("@root.texts")),
            (
                "{{#each paras}}{{#if @first}}\"{{/if}}{{this}}{{/each}}",
                None,
            ),
            ("{{#each orgs}}{{../lang}}{{/each}}", None),
            ("{{#with org}}{{../title}}{{/with}}", None),
            ("{{longdate @root.date lang}} {{@root.embargo.time}}", None),
            ("{{markdown text lang @root.links}}", None),
        ];
        for (src, want) in cases {
            assert_eq!(outside_of(src).as_deref(), want, "{src}");
        }
        assert!(outside_of("{{> (lookup this \"p\")}}").is_some());
    }
}
