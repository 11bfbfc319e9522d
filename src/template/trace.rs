//! Element marks: instrumented copies of the templates, for placing what a rendering wrote
//! in the templates (see [`super::mark`], which makes and strips the marks).
//!
//! Handlebars keeps no map from its output back to its templates. Rendering is cheap and
//! has no side effects, so on the rare error path the entry template is rendered again
//! from copies of the compiled templates in which every element (a run of text, one line
//! at a time, an expression, a block, a partial) is preceded by an element mark with its
//! number. The last mark at or before an offset in the markup names the element that
//! wrote it, with its template, line and column (handlebars' own `mapping` of the compiled
//! template).

use super::mark::{self, SourceMap};
use handlebars::template::{Template, TemplateElement};
use handlebars::Handlebars;

/// An element of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Origin {
    /// The template's name (`section`, `html/page`).
    pub template: String,
    /// 1-based line and column of the element in the template's source.
    pub line: usize,
    pub column: usize,
    /// Whether the element is an expression (`{{…}}`, `{{{…}}}`): its output is a value of
    /// the context (usually the release's), or a helper's, not the template's own text.
    pub inserted: bool,
}

/// Where the byte at `offset` of `markup` was written, by the element marks of `map` (which
/// index `origins`): in a template's own text, its exact place; in an expression's output,
/// the expression.
pub(crate) fn origin(
    origins: &[Origin],
    map: &SourceMap,
    markup: &str,
    offset: usize,
) -> Option<Origin> {
    let (start, id) = map.element_at(offset)?;
    let mut origin = origins.get(id)?.clone();
    if !origin.inserted {
        // A text element's pieces hold no line break but at their end.
        origin.column += markup.get(start..offset).map_or(0, |s| s.chars().count());
    }
    Some(origin)
}

/// A copy of `hb` in which every template is marked.
pub(crate) fn instrumented(hb: &Handlebars<'static>) -> (Handlebars<'static>, Vec<Origin>) {
    let mut out = hb.clone();
    let mut origins = Vec::new();
    let mut names: Vec<&String> = hb.get_templates().keys().collect();
    names.sort();
    for name in names {
        let t = &hb.get_templates()[name];
        let marked = mark(t, name, &mut origins);
        out.register_template(name, marked);
    }
    (out, origins)
}

/// `t` with a mark before each element, inner templates (blocks, their `else`, partial
/// blocks) marked too; a text element is cut at its line ends, a mark before each line.
fn mark(t: &Template, name: &str, origins: &mut Vec<Origin>) -> Template {
    let mut out = t.clone();
    out.elements.clear();
    // Positions of render errors in the marked copy are never shown: the copy renders
    // only what already rendered once.
    out.mapping.clear();
    for (i, element) in t.elements.iter().enumerate() {
        let at = t.mapping.get(i).map_or((0, 0), |m| (m.0, m.1));
        let mut push = |element: TemplateElement, (line, column), inserted| {
            let id = origins.len();
            origins.push(Origin {
                template: name.to_string(),
                line,
                column,
                inserted,
            });
            out.elements
                .push(TemplateElement::RawString(mark::element(id)));
            out.elements.push(element);
        };
        match element {
            TemplateElement::RawString(text) => {
                for (piece, place) in pieces(text, at) {
                    push(TemplateElement::RawString(piece.to_string()), place, false);
                }
            }
            TemplateElement::Expression(_) | TemplateElement::HtmlExpression(_) => {
                push(element.clone(), at, true);
            }
            other => {
                let id = origins.len();
                origins.push(Origin {
                    template: name.to_string(),
                    line: at.0,
                    column: at.1,
                    inserted: false,
                });
                let inner = mark_inner(other, name, origins);
                out.elements
                    .push(TemplateElement::RawString(mark::element(id)));
                out.elements.push(inner);
            }
        }
    }
    out
}

/// A text element cut into pieces that hold no line break but at their end, each with its
/// place in the template. Handlebars gives a text element the place of its first
/// character that is not white space (of its very first, at the start of a template), so
/// places are counted from there; white space before it is given that place.
fn pieces(text: &str, at: (usize, usize)) -> Vec<(&str, (usize, usize))> {
    let anchor = match at {
        (1, 1) => 0,
        _ => text
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(text.len()),
    };
    let mut cuts = vec![0, anchor];
    cuts.extend(
        text.match_indices('\n')
            .map(|(i, _)| i + 1)
            .filter(|&i| i > anchor),
    );
    cuts.push(text.len());
    cuts.dedup();
    cuts.windows(2)
        .filter(|w| w[0] < w[1])
        .map(|w| {
            let place = match text.get(anchor..w[0]) {
                Some(run) => match run.rfind('\n') {
                    Some(nl) => (
                        at.0 + run.matches('\n').count(),
                        run[nl + 1..].chars().count() + 1,
                    ),
                    None => (at.0, at.1 + run.chars().count()),
                },
                None => at,
            };
            (&text[w[0]..w[1]], place)
        })
        .collect()
}

/// A block, decorator or partial with its inner templates marked.
fn mark_inner(element: &TemplateElement, name: &str, origins: &mut Vec<Origin>) -> TemplateElement {
    let mut element = element.clone();
    match &mut element {
        TemplateElement::HelperBlock(h) => {
            h.template = h.template.as_ref().map(|t| mark(t, name, origins));
            h.inverse = h.inverse.as_ref().map(|t| mark(t, name, origins));
        }
        TemplateElement::DecoratorBlock(d) | TemplateElement::PartialBlock(d) => {
            d.template = d.template.as_ref().map(|t| mark(t, name, origins));
        }
        _ => {}
    }
    element
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The markup, the map of its marks and the elements they name.
    struct Trace {
        markup: String,
        map: SourceMap,
        origins: Vec<Origin>,
    }

    fn traced(sources: &[(&str, &str)], entry: &str, ctx: serde_json::Value) -> Trace {
        let mut hb = Handlebars::new();
        hb.set_strict_mode(true);
        hb.set_prevent_indent(true);
        for (name, src) in sources {
            hb.register_template_string(name, src).unwrap();
        }
        let plain = hb.render(entry, &ctx).unwrap();
        let (marked, origins) = instrumented(&hb);
        let map = SourceMap::new(&marked.render(entry, &ctx).unwrap(), &plain);
        let map = map.expect("marks cut out give the markup back");
        Trace {
            markup: plain,
            map,
            origins,
        }
    }

    fn at(t: &Trace, needle: &str) -> (String, usize, usize, bool) {
        let at = t.markup.find(needle).unwrap();
        let o = origin(&t.origins, &t.map, &t.markup, at).unwrap();
        (o.template, o.line, o.column, o.inserted)
    }

    #[test]
    fn each_piece_of_markup_names_its_template_line_and_column() {
        let entry = "<doc>\n{{#each items}}\n  <p>{{this}}</p>\n{{/each}}\n{{> tail}}</doc>";
        let tail = "<p>end</p>\n<p>{{#if x}}yes{{else}}no{{/if}}</p>";
        let ctx = serde_json::json!({"items": ["a", "b"], "x": false});
        let t = traced(&[("entry", entry), ("tail", tail)], "entry", ctx);
        assert_eq!(at(&t, "<p>a"), ("entry".into(), 3, 3, false));
        assert_eq!(at(&t, "b</p>"), ("entry".into(), 3, 6, true));
        assert_eq!(at(&t, "<p>end"), ("tail".into(), 1, 1, false));
        assert_eq!(at(&t, "no</p>").0, "tail");
        assert_eq!(at(&t, "no</p>").1, 2);
        assert_eq!(at(&t, "</doc>"), ("entry".into(), 5, 11, false));
    }

    #[test]
    fn text_elements_are_placed_from_their_first_visible_character() {
        // Handlebars places "  x\n  y" at the x (1:8), "  \n  q" at the q (3:3).
        let t = traced(
            &[("e", "{{a}}  x\n  <y/>")],
            "e",
            serde_json::json!({"a": 1}),
        );
        assert_eq!(at(&t, "x"), ("e".into(), 1, 8, false));
        assert_eq!(at(&t, "<y/>"), ("e".into(), 2, 3, false));
        let t = traced(
            &[("e", "{{#if x}}\n  \n  <q/>{{/if}}")],
            "e",
            serde_json::json!({"x": 1}),
        );
        assert_eq!(at(&t, "<q/>"), ("e".into(), 3, 3, false));
        let t = traced(&[("e", "  <z/>\n<w/>")], "e", serde_json::json!({}));
        assert_eq!(at(&t, "<z/>"), ("e".into(), 1, 3, false));
        assert_eq!(at(&t, "<w/>"), ("e".into(), 2, 1, false));
    }
}
