//! How deep templates nest, checked before Handlebars sees them.
//!
//! Handlebars parses and renders block helpers (`{{#if}}`, `{{#each}}`, …) and partials
//! (`{{> name}}`) by recursion, so 5,000 nested `{{#if}}`s or two partials that include each
//! other overflow the stack and abort the whole run. This scan counts, lexically, the blocks
//! open at each point of a template and follows its partials by name: a template whose
//! blocks and partials nest more than [`MAX_DEPTH`] deep, or that includes itself (directly
//! or through other partials), is an error at the `{{` that goes too far.

use super::template_path;
use crate::diag::Diagnostic;
use std::collections::BTreeMap;

/// How deep blocks and partials may nest, all templates together: the shipped templates nest
/// 6 deep; this is far above any real template and far below what overflows a stack.
pub const MAX_DEPTH: usize = 64;

/// How deep `{{#each}}` loops may nest in one template: each multiplies the work of those
/// inside it (24 nested loops over two languages run 16 million times). The shipped
/// templates nest 3 deep.
pub const MAX_LOOPS: usize = 8;

/// One `{{…}}` that matters here.
enum Mark<'a> {
    /// A block opens (`{{#…}}`, `{{^…}}`, `{{#> …}}`, `{{#*inline}}`) at this offset;
    /// whether it is a loop (`{{#each}}`).
    Open(usize, bool),
    Close,
    /// A partial is included (`{{> name}}` or `{{#> name}}`) at this offset.
    Partial(&'a str, usize),
}

/// The marks of `src`, in order. Comments are skipped; dynamic partial names (`{{> (…)}}`)
/// are not followed.
fn marks(src: &str) -> Vec<Mark<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = src[at..].find("{{") {
        let start = at + i;
        let body = src[start..].trim_start_matches('{').trim_start_matches('~');
        let body_at = src.len() - body.len();
        at = body_at;
        if let Some(comment) = body.strip_prefix('!') {
            at = match comment.strip_prefix("--") {
                Some(c) => c.find("--}}").map(|e| src.len() - c.len() + e + 4),
                None => comment
                    .find("}}")
                    .map(|e| src.len() - comment.len() + e + 2),
            }
            .unwrap_or(src.len());
            continue;
        }
        if let Some(rest) = body.strip_prefix("#>") {
            out.push(Mark::Open(start, false));
            out.extend(partial_name(rest).map(|n| Mark::Partial(n, start)));
        } else if let Some(rest) = body.strip_prefix('>') {
            out.extend(partial_name(rest).map(|n| Mark::Partial(n, start)));
        } else if let Some(rest) = body.strip_prefix('#') {
            let each = rest
                .strip_prefix("each")
                .is_some_and(|r| r.starts_with(char::is_whitespace));
            out.push(Mark::Open(start, each));
        } else if let Some(rest) = body.strip_prefix('^') {
            // `{{^}}` alone is an `else`; `{{^name}}` opens an inverse block.
            if !rest.trim_start_matches('~').starts_with("}}") {
                out.push(Mark::Open(start, false));
            }
        } else if body.starts_with('/') {
            out.push(Mark::Close);
        }
    }
    out
}

/// The partial name at the start of `rest` (after `{{>`), unless it is dynamic.
fn partial_name(rest: &str) -> Option<&str> {
    let name = rest.trim_start();
    let end = name
        .find(|c: char| c.is_whitespace() || c == '}' || c == '~')
        .unwrap_or(name.len());
    let name = name[..end].trim_matches(['"', '\'']);
    (!name.is_empty() && !name.starts_with('(')).then_some(name)
}

/// Checks every template of `sources`; the errors, none when all nest within the limit.
pub fn check(sources: &BTreeMap<String, String>) -> Vec<Diagnostic> {
    let mut checker = Checker {
        sources,
        depth: BTreeMap::new(),
        errors: Vec::new(),
    };
    for name in sources.keys() {
        checker.depth(name, &mut Vec::new());
    }
    checker.errors
}

struct Checker<'a> {
    sources: &'a BTreeMap<String, String>,
    /// Templates done: how deep each nests, partials included (`None`: it has an error).
    depth: BTreeMap<&'a str, Option<usize>>,
    errors: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    /// How deep `name` nests, partials included; `None` for an error (recorded once).
    /// `open` holds the templates being checked, outermost first: the recursion follows
    /// partials and stops at [`MAX_DEPTH`] of them.
    fn depth(&mut self, name: &'a str, open: &mut Vec<&'a str>) -> Option<usize> {
        if let Some(&d) = self.depth.get(name) {
            return d;
        }
        let src = self.sources.get(name)?.as_str();
        open.push(name);
        let mut deepest = 0;
        let mut depth = 0usize;
        // Whether each open block is a loop.
        let mut loops: Vec<bool> = Vec::new();
        let mut failed = false;
        for mark in marks(src) {
            let (reached, at) = match mark {
                Mark::Open(at, each) => {
                    depth += 1;
                    loops.push(each);
                    if each && loops.iter().filter(|l| **l).count() > MAX_LOOPS {
                        let d = Diagnostic::error(
                            template_path(name),
                            format!("{{{{#each}}}} loops nest more than {MAX_LOOPS} deep here"),
                        )
                        .at(src, at)
                        .with_hint(
                            "each loop multiplies the work of the loops inside it; nest fewer",
                        );
                        self.errors.push(d);
                        failed = true;
                        break;
                    }
                    (depth, at)
                }
                Mark::Close => {
                    depth = depth.saturating_sub(1);
                    loops.pop();
                    continue;
                }
                Mark::Partial(partial, at) => {
                    let Some((partial, _)) = self.sources.get_key_value(partial) else {
                        continue; // unknown partials are reported when rendered
                    };
                    if let Some(i) = open.iter().position(|n| *n == partial) {
                        let mut cycle: Vec<&str> = open[i..].to_vec();
                        cycle.push(partial);
                        let d = Diagnostic::error(
                            template_path(name),
                            format!("templates include each other: {}", cycle.join(" → ")),
                        )
                        .at(src, at)
                        .with_hint("a partial cannot include itself, directly or through others");
                        self.errors.push(d);
                        failed = true;
                        break;
                    }
                    if open.len() > MAX_DEPTH {
                        (MAX_DEPTH + 1, at)
                    } else {
                        match self.depth(partial, open) {
                            Some(inner) => (depth + 1 + inner, at),
                            None => {
                                failed = true;
                                break;
                            }
                        }
                    }
                }
            };
            if reached > MAX_DEPTH {
                let d = Diagnostic::error(
                    template_path(name),
                    format!("blocks and partials nest more than {MAX_DEPTH} deep here"),
                )
                .at(src, at)
                .with_hint("nest fewer {{#if}}, {{#each}} and {{> partial}}s in one another");
                self.errors.push(d);
                failed = true;
                break;
            }
            deepest = deepest.max(reached);
        }
        open.pop();
        let result = (!failed).then_some(deepest);
        self.depth.insert(name, result);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(templates: &[(&str, &str)]) -> Vec<String> {
        let sources = templates
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        check(&sources).iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn the_shipped_templates_nest_within_the_limit() {
        assert!(check(&super::super::embedded_sources()).is_empty());
    }

    #[test]
    fn deep_blocks_are_an_error_where_they_pass_the_limit() {
        let deep = "{{#if x}}".repeat(5000) + &"{{/if}}".repeat(5000);
        let e = errors(&[("section", &deep)]);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].contains("more than 64 deep"), "{e:?}");
        assert!(e[0].contains("section.hbs:1:577"), "{e:?}");
        let fine = "{{#if x}}".repeat(64) + &"{{/if}}".repeat(64);
        assert!(errors(&[("section", &fine)]).is_empty());
    }

    #[test]
    fn loops_nest_at_most_eight_deep() {
        let deep = "{{#each x}}".repeat(24) + &"{{/each}}".repeat(24);
        let e = errors(&[("section", &deep)]);
        assert!(e[0].contains("loops nest more than 8 deep"), "{e:?}");
        assert!(e[0].contains("section.hbs:1:89"), "{e:?}");
        let fine = "{{#each x}}{{#if y}}".repeat(8) + &"{{/if}}{{/each}}".repeat(8);
        assert!(errors(&[("section", &fine)]).is_empty());
    }

    #[test]
    fn partials_that_include_each_other_are_an_error() {
        let e = errors(&[("a", "x {{> b}}"), ("b", "{{#if y}}{{> a}}{{/if}}")]);
        assert!(
            e.iter()
                .any(|e| e.contains("templates include each other: a → b → a")),
            "{e:?}"
        );
        let e = errors(&[("a", "{{> a}}")]);
        assert!(e[0].contains("a → a"), "{e:?}");
    }

    #[test]
    fn comments_else_and_dynamic_partials_do_not_count() {
        let src = "{{!-- {{#if}} {{> a}} --}}{{! {{#x}} }}{{#if a}}{{^}}{{else}}{{/if}}{{> (x)}}";
        assert!(errors(&[("a", src)]).is_empty());
    }
}
