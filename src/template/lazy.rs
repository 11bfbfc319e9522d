//! What compiling the shipped templates on first use needs: the partials a compiled
//! template names, and the shipped sources with their comments emptied.
//!
//! Handlebars compiles with a `pest` parser that costs about 2,000 instructions per source
//! byte (and finds each element's line by counting from the start of the source), so a
//! process that compiled every shipped template spent 14 M instructions before its first
//! PDF and 28 M with the web page and text. [`super::Templates`] compiles a shipped template
//! only when a rendering needs it, with the partials it names ([`partials`]), and compiles
//! it from [`compact`], which leaves out what the parser would only skip.

use handlebars::template::{Parameter, Template, TemplateElement};
use std::collections::BTreeSet;

/// The partials a template names, in any of its blocks.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Partials {
    /// Names written in the template (`{{> name}}`, `{{#> name}}`).
    pub names: BTreeSet<String>,
    /// Whether a partial's name is computed while rendering (`{{> (lookup …)}}`): it may
    /// then be any template.
    pub computed: bool,
}

/// The partials `t` names (see [`Partials`]).
pub(crate) fn partials(t: &Template) -> Partials {
    let mut found = Partials::default();
    collect(t, &mut found);
    found
}

fn collect(t: &Template, found: &mut Partials) {
    for element in &t.elements {
        match element {
            TemplateElement::PartialExpression(d) | TemplateElement::PartialBlock(d) => {
                let name = match &d.name {
                    Parameter::Name(n) => Some(n),
                    Parameter::Path(handlebars::Path::Relative((_, raw)))
                    | Parameter::Path(handlebars::Path::Local((_, _, raw))) => Some(raw),
                    Parameter::Literal(serde_json::Value::String(s)) => Some(s),
                    _ => None,
                };
                match name {
                    Some(n) => {
                        found.names.insert(n.clone());
                    }
                    None => found.computed = true,
                }
                d.template.iter().for_each(|t| collect(t, found));
            }
            TemplateElement::DecoratorBlock(d) => d.template.iter().for_each(|t| collect(t, found)),
            TemplateElement::HelperBlock(h) => {
                h.template.iter().for_each(|t| collect(t, found));
                h.inverse.iter().for_each(|t| collect(t, found));
            }
            TemplateElement::RawString(_)
            | TemplateElement::HtmlExpression(_)
            | TemplateElement::Expression(_)
            | TemplateElement::DecoratorExpression(_)
            | TemplateElement::Comment(_) => {}
            // An element of a later handlebars might name a partial: assume it may name any.
            _ => found.computed = true,
        }
    }
}

/// `src` with every comment's text left out but for its line breaks, so that every other
/// element keeps its line and column (diagnostics and element marks show the source's own
/// places): the shipped templates open with a comment that documents them, a quarter of
/// their bytes, which the parser reads one character at a time. A comment followed on its
/// line by more than white space keeps its last line's width, in spaces, for the columns.
/// Rendering is unchanged: a comment renders nothing, and whether it stands alone on its
/// lines (which removes them) depends only on what is around it.
pub(crate) fn compact(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut rest = src;
    while let Some(open) = rest.find("{{!") {
        let body_at = open + 3;
        let long = rest[body_at..].starts_with("--");
        let (body_at, close) = match long {
            true => (body_at + 2, "--}}"),
            false => (body_at, "}}"),
        };
        let Some(len) = rest[body_at..].find(close) else {
            break;
        };
        let body = &rest[body_at..body_at + len];
        let after = &rest[body_at + len + close.len()..];
        out.push_str(&rest[..body_at]);
        out.extend(body.chars().filter(|&c| c == '\n'));
        let line_rest = after.split('\n').next().unwrap_or("");
        if !line_rest.trim().is_empty() {
            let last = body.rsplit('\n').next().unwrap_or(body);
            out.extend(std::iter::repeat_n(' ', last.chars().count()));
        }
        out.push_str(close);
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `t` with its comments' texts emptied, in every block.
    fn without_comment_texts(t: &Template) -> Template {
        let mut t = t.clone();
        for element in &mut t.elements {
            match element {
                TemplateElement::Comment(text) => text.clear(),
                TemplateElement::HelperBlock(h) => {
                    h.template = h.template.as_ref().map(without_comment_texts);
                    h.inverse = h.inverse.as_ref().map(without_comment_texts);
                }
                TemplateElement::PartialBlock(d) | TemplateElement::DecoratorBlock(d) => {
                    d.template = d.template.as_ref().map(without_comment_texts);
                }
                _ => {}
            }
        }
        t
    }

    fn compiled(src: &str) -> Template {
        let mut hb = handlebars::Handlebars::new();
        hb.set_prevent_indent(true);
        hb.register_template_string("t", src).unwrap();
        without_comment_texts(hb.get_template("t").unwrap())
    }

    #[test]
    fn every_shipped_template_compiles_compacted_to_the_same_elements_at_the_same_places() {
        for (name, src) in super::super::embedded_sources() {
            let small = compact(&src);
            assert!(small.len() < src.len(), "{name}: nothing left out");
            assert_eq!(compiled(&small), compiled(&src), "{name}");
        }
    }

    #[test]
    fn a_comment_keeps_its_lines_and_the_columns_after_it() {
        let src = "{{!-- a\n  b --}}<p>{{x}}</p>\n{{! c }}\n{{!-- d --}} {{y}}";
        assert_eq!(
            compact(src),
            "{{!--\n    --}}<p>{{x}}</p>\n{{!}}\n{{!--   --}} {{y}}"
        );
        assert_eq!(compiled(&compact(src)), compiled(src));
        // An unclosed comment is left to the parser to report.
        assert_eq!(compact("a {{!-- b"), "a {{!-- b");
    }

    #[test]
    fn partials_are_found_in_every_block_and_computed_names_are_flagged() {
        let t = Template::compile("{{> a}}{{#if x}}{{> b/c}}{{else}}{{#> d}}{{> e}}{{/d}}{{/if}}")
            .unwrap();
        let p = partials(&t);
        assert_eq!(p.names, ["a", "b/c", "d", "e"].map(String::from).into());
        assert!(!p.computed);
        let t = Template::compile("{{#each xs}}{{> (lookup this \"k\")}}{{/each}}").unwrap();
        assert!(partials(&t).computed);
    }
}
