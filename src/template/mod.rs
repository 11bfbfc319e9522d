//! Templates: a release and a brand become markup text through Handlebars layouts.
//!
//! [`context()`] flattens a [`Release`](crate::model::Release) and a [`Brand`](crate::brand::Brand)
//! into JSON for the languages of one document; [`Templates`] (compiled once per process,
//! strict mode on, XML escaping for `{{…}}`) renders an entry template with it into the
//! markup described in [`crate::markup`]. Errors name the template, line and column.
//!
//! # Templates
//!
//! The defaults live in `templates/*.hbs` and are embedded ([`embedded_sources`]); a template
//! of the same name from `--templates DIR` replaces one. Every template is also a partial.
//!
//! | name | what it renders | context it expects |
//! |---|---|---|
//! | `sequential` | entry: letterhead, then each language from a new page | root |
//! | `parallel` | entry: letterhead, then one `<row>` per counterpart block | root |
//! | `continuous` | entry: letterhead, then each language after a rule on the same page | root |
//! | `letterhead` | `<letterhead>` with one `<cell>` per language | root |
//! | `header` | running header: short name · title | a text |
//! | `footer` | footer: short name · kind · page N/M | a text |
//! | `dateline` | "Brussel, maandag 28 juni 2021" | a text |
//! | `embargo` | "EMBARGO tot … om 12.00 uur", when there is an embargo | a text |
//! | `update` | "Update 2 – vervangt het bericht van 9.30 uur", when the release is an update | a text |
//! | `reference` | "Referentie: …", when there is a reference | a text |
//! | `photo` | `<figure>` with its caption and credit | a photo |
//! | `quote` | `<blockquote>` with `<cite>` | a quote |
//! | `section` | `<h2>` heading and the markdown text | a section |
//! | `notes` | `<notes>`: notes to editors and the organisations' "about", when there are any | a text |
//! | `contacts` | the press contacts of a language, one paragraph | a text |
//! | `contact` | one contact as a paragraph (the default templates use `contacts`) | a contact |
//! | `html/page` | the HTML channel's web page of one language ([`crate::channel::html`]) | its own, see the template |
//! | `html/style` | the web page's and index's CSS, from the brand's colours | `colors` |
//! | `html/index` | the HTML channel's index of releases in one language | its own, see the template |
//! | `text/page` | the text channel's plain text of one language ([`crate::channel::text`]); not escaped, values need `{{{…}}}` | `lang`, `letterhead` [line], `body` |
//!
//! Helpers (`longdate`, `time`, `replaces`, `label`, `about`, `markdown`, `autolink`) are described in
//! `helpers.rs`.
//!
//! # Context
//!
//! Optional values are `null`, never absent. Dates are `YYYY-MM-DD`, times `HH:MM` (local).
//!
//! ```text
//! root:
//!   lang        "nl"                      main language (the first of `langs`)
//!   langs       ["nl", "fr"]              languages of this document, in order
//!   date        "2021-06-28"              release date
//!   time        "10:00" | null            release time, when given
//!   embargo     { date, time } | null     embargo date and (optional) time
//!   update      { number, replaces: { date, time | null, same_day } | null } | null
//!               an update's number and the release it replaces (`same_day`: on `date`'s day)
//!   reference   "BZ-2021-0628-01" | null
//!   website     "digital-affairs.example" | null   the brand's website, as written
//!   website_href "https://digital-affairs.example" | null   the same as a link target
//!   links       "inline" | "notes"        the brand's `[links] print`: where a link's address
//!               is printed (`{{{markdown text lang @root.links}}}`)
//!   texts       [text]                    one per language, in document order
//!   parallel    { lead: bool, subtitle: bool, notes: bool, contacts: bool, photos: [[photo]], quotes: [[qcell]], sections: [{ cells: [scell], quotes: [[qcell]] }] }
//!               counterpart rows, matched by index, one cell per language;
//!               `lead` is true when any language has a lead, `contacts` when any
//!               language shows a contact
//! text:
//!   lang, kind (the release's or the default, e.g. "Persbericht"), title, subtitle | null,
//!   lead | null, end_mark | null (the brand's or the default; null when turned off),
//!   notes | null (Markdown), has_notes (notes or an organisation's about in this language),
//!   place | null, org { name: [line], short, address: [line], website | null, website_href | null },
//!   (an org also has about | null: its boilerplate in this language, Markdown; and
//!   french_article "le" | "la" | "les" | "none" | null, the brand's article of its French name)
//!   orgs [org] (the brand, then a joint release's partner brands; `org.short` names them all),
//!   photos [photo], quotes [quote], sections [section],
//!   contacts [contact] (those shown in this language), contact | null (the first of them)
//! photo:    lang, number (1 for the first of [[photos]]: `<figure photo="N">`), file, alt,
//!           caption | null, credit | null
//! quote:    lang, paras ["…"] (split on blank lines), by | null (defaults to "speaker, role")
//! section:  lang, heading | null, text (CommonMark), quotes [quote]
//! contact:  lang, name | null, role | null, organisation | null, email | null, phone | null
//! qcell:    lang, quote | null           scell: lang, section | null
//! ```

mod context;
mod escape;
mod helpers;
mod lazy;
pub(crate) mod locale;
pub(crate) mod mark;
mod markdown;
mod nesting;
mod scope;
pub(crate) mod trace;

pub use context::context;
pub(crate) use context::context_marked;

/// Escapes text for markup and for HTML (content and double-quoted attributes): what
/// `{{…}}` does to a value.
pub fn escape_text(s: &str) -> String {
    escape::escape_xml(s)
}

/// A section's Markdown text as markup blocks, as the `markdown` helper renders it; public
/// for the data tests in `tests/template/markdown` and for tools.
pub fn markdown(text: &str, lang: Option<&str>) -> String {
    markdown::to_markup(text, lang)
}

/// [`markdown`] with the links' addresses printed as `links` says (the brand's
/// `[links] print`).
pub fn markdown_with(text: &str, lang: Option<&str>, links: crate::brand::LinkStyle) -> String {
    markdown::to_markup_with(text, lang, links)
}

/// The heading of an organisation's "about" boilerplate in `lang`, as the `about` helper
/// gives it ("À propos de l’Office …"); public for the data tests in `tests/template/about`.
pub fn about_heading(
    name: &str,
    lang: crate::lang::Lang,
    article: Option<crate::brand::FrenchArticle>,
) -> String {
    locale::about(name, lang, article)
}

/// What a section's Markdown text holds that is set, but probably not as meant (see
/// [`markdown::notices`]): offset in the text, message, hint.
pub(crate) fn markdown_notices(text: &str) -> Vec<(usize, String, String)> {
    markdown::notices(text)
}

/// What a section's Markdown text holds that cannot be set (see [`markdown::problems`]):
/// offset in the text, message, hint.
pub(crate) fn markdown_problems(text: &str) -> Vec<(usize, String, String)> {
    markdown::problems(text)
}

use crate::diag::Diagnostic;
use handlebars::{Handlebars, RenderError, RenderErrorReason, TemplateError, TemplateErrorReason};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{PoisonError, RwLock, RwLockReadGuard};

/// The default templates: name → source, embedded at build time.
const EMBEDDED: [(&str, &str); 20] = [
    ("sequential", include_str!("../../templates/sequential.hbs")),
    ("parallel", include_str!("../../templates/parallel.hbs")),
    ("continuous", include_str!("../../templates/continuous.hbs")),
    ("letterhead", include_str!("../../templates/letterhead.hbs")),
    ("header", include_str!("../../templates/header.hbs")),
    ("footer", include_str!("../../templates/footer.hbs")),
    ("dateline", include_str!("../../templates/dateline.hbs")),
    ("embargo", include_str!("../../templates/embargo.hbs")),
    ("update", include_str!("../../templates/update.hbs")),
    ("reference", include_str!("../../templates/reference.hbs")),
    ("photo", include_str!("../../templates/photo.hbs")),
    ("quote", include_str!("../../templates/quote.hbs")),
    ("section", include_str!("../../templates/section.hbs")),
    ("contact", include_str!("../../templates/contact.hbs")),
    ("contacts", include_str!("../../templates/contacts.hbs")),
    ("notes", include_str!("../../templates/notes.hbs")),
    // The HTML channel's (src/channel/html.rs), overridable as DIR/html/NAME.hbs.
    ("html/page", include_str!("../../templates/html/page.hbs")),
    ("html/style", include_str!("../../templates/html/style.hbs")),
    ("html/index", include_str!("../../templates/html/index.hbs")),
    // The text channel's (src/channel/text.rs), overridable as DIR/text/page.hbs.
    ("text/page", include_str!("../../templates/text/page.hbs")),
];

/// The default templates, embedded in the binary: name → source.
pub fn embedded_sources() -> BTreeMap<String, String> {
    EMBEDDED
        .iter()
        .map(|(name, src)| (name.to_string(), src.to_string()))
        .collect()
}

/// The entry templates, one per arrangement of a document's languages: a run usually
/// renders only one of them. The engine picks one by value, never by spelling its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// Each language from a new page.
    Sequential,
    /// Languages side by side, one `<row>` per counterpart block.
    Parallel,
    /// Each language after the previous one, below a rule.
    Continuous,
}

impl Entry {
    pub const ALL: [Entry; 3] = [Entry::Sequential, Entry::Parallel, Entry::Continuous];

    /// The template's name (also the source name in diagnostics).
    pub fn name(self) -> &'static str {
        match self {
            Entry::Sequential => "sequential",
            Entry::Parallel => "parallel",
            Entry::Continuous => "continuous",
        }
    }
}

/// A marked rendering ([`Templates::render_marked`]): its marks as offsets into the markup.
pub(crate) struct Marked {
    /// Which release value, and which template element, each byte came from.
    pub map: mark::SourceMap,
    /// The template elements the element marks number.
    origins: Vec<trace::Origin>,
}

impl Marked {
    /// The template element that wrote byte `at` of `markup` (see [`trace::origin`]).
    pub fn element(&self, markup: &str, at: usize) -> Option<trace::Origin> {
        trace::origin(&self.origins, &self.map, markup, at)
    }
}

/// Compiled templates, ready to render any number of documents.
pub struct Templates {
    /// Every template given by the user, and the shipped ones rendered so far. Written only
    /// to compile a shipped one, once.
    hb: RwLock<Handlebars<'static>>,
    /// Shipped templates unchanged by the user, compiled on first use (name → source, with
    /// its comments emptied, [`lazy::compact`]): a run that makes PDFs alone never needs the
    /// web page's, a sequential one never the parallel entry, and compiling is most of a
    /// one-release run's start-up (see [`lazy`]). They are known to compile (tested), so
    /// deferring them moves no error from start-up to a build.
    deferred: BTreeMap<&'static str, String>,
    /// The templates whose partials, and theirs, are compiled: rendering one of them finds
    /// every partial it names.
    ready: RwLock<BTreeSet<String>>,
    /// Every template's source, for diagnostics that show a template's line.
    sources: BTreeMap<String, String>,
}

impl Templates {
    /// Compiles `sources` (template name → Handlebars source). Every template that fails
    /// to compile is reported, each with its line and column.
    pub fn new(sources: &BTreeMap<String, String>) -> Result<Templates, Vec<Diagnostic>> {
        let mut hb = Handlebars::new();
        hb.set_strict_mode(true);
        // Partials are block markup; indenting their lines would only add whitespace.
        hb.set_prevent_indent(true);
        hb.register_escape_fn(escape::escape_xml);
        helpers::register(&mut hb);
        let deferred: BTreeMap<&'static str, String> = EMBEDDED
            .iter()
            .filter(|(name, src)| sources.get(*name).is_some_and(|s| s == src))
            .map(|&(name, src)| (name, lazy::compact(src)))
            .collect();
        // Handlebars compiles and renders nested blocks and partials by recursion: their
        // nesting is checked first, so a hostile template is an error, not an overflow.
        let nesting = nesting::check(sources);
        if !nesting.is_empty() {
            return Err(nesting);
        }
        let errors: Vec<Diagnostic> = sources
            .iter()
            .filter(|(name, _)| !deferred.contains_key(name.as_str()))
            .filter_map(|(name, src)| hb.register_template_string(name, src).err())
            .map(|e| compile_diagnostic(&e))
            .collect();
        if errors.is_empty() {
            Ok(Templates {
                hb: RwLock::new(hb),
                deferred,
                ready: RwLock::new(BTreeSet::new()),
                sources: sources.clone(),
            })
        } else {
            Err(errors)
        }
    }

    /// Renders the entry template `entry` with `context` (see [`Templates::render`]).
    pub fn render_entry(
        &self,
        entry: Entry,
        context: serde_json::Value,
    ) -> Result<String, Vec<Diagnostic>> {
        self.render(entry.name(), context)
    }

    /// Renders template `name` with `context` (usually from [`context()`]). Taken by value:
    /// handlebars' `render` would copy a borrowed context whole through serde for every
    /// document; an owned one is wrapped as it is.
    pub fn render(
        &self,
        name: &str,
        context: serde_json::Value,
    ) -> Result<String, Vec<Diagnostic>> {
        let context = handlebars::Context::from(context);
        self.prepare(name)?;
        let result = render_bounded(&self.registry(), name, &context);
        result.map_err(|e| vec![self.render_diagnostic(name, &e)])
    }

    /// `entry` rendered again from `context` (the marked one, [`context_marked`], or the
    /// plain one) by copies of the templates that mark each element: one rendering that
    /// says where each piece of markup came from, in the release and in the templates (see
    /// [`mark`]). `None` unless it strips to `markup`, the markup rendered before (a
    /// template that renders the marked context differently). Its templates were compiled
    /// by that first rendering.
    pub(crate) fn render_marked(
        &self,
        entry: Entry,
        context: serde_json::Value,
        markup: &str,
    ) -> Option<Marked> {
        let (instrumented, origins) = trace::instrumented(&self.registry());
        let context = handlebars::Context::from(context);
        let marked = render_bounded(&instrumented, entry.name(), &context).ok()?;
        let map = mark::SourceMap::new(&marked, markup)?;
        Some(Marked { map, origins })
    }

    /// Whether template `name` is the shipped one, unchanged.
    pub(crate) fn is_shipped(&self, name: &str) -> bool {
        self.deferred.contains_key(name)
    }

    /// The first of the user's own templates (given with `--templates`, neither shipped
    /// nor the web page's or the text's, nor one of `except`) that reads outside the
    /// context it is given ([`scope`]): its name and what it reads. `None` when each of
    /// them renders a language's values the same whatever document it is part of.
    pub(crate) fn reading_outside(&self, except: &[&str]) -> Option<(String, String)> {
        let hb = self.registry();
        let mut own: Vec<(&String, &handlebars::Template)> = hb
            .get_templates()
            .iter()
            .filter(|(name, _)| {
                !self.is_shipped(name)
                    && !except.contains(&name.as_str())
                    && !name.starts_with("html/")
                    && !name.starts_with("text/")
            })
            .collect();
        own.sort_by_key(|(name, _)| *name);
        own.into_iter()
            .find_map(|(name, t)| Some((name.clone(), scope::reads_outside(t)?)))
    }

    /// `d` placed at `origin`, in its template's file, with the template's line shown.
    pub(crate) fn at_origin(&self, d: Diagnostic, origin: &trace::Origin) -> Diagnostic {
        let source = self
            .sources
            .get(&origin.template)
            .map_or("", String::as_str);
        let placed = Diagnostic {
            path: template_path(&origin.template),
            ..d
        };
        match offset_of(source, origin.line, origin.column) {
            Some(at) => placed.at(source, at),
            None => placed.at_line(origin.line, origin.column),
        }
    }

    /// `d` placed at `origin`, in its template's file.
    pub(crate) fn in_template(&self, d: Diagnostic, origin: &trace::Origin) -> Diagnostic {
        let placed = self.at_origin(d.clone(), origin);
        if !origin.inserted {
            return placed;
        }
        let inserted = "this expression inserted the markup there: check the value, or \
                        escape it with {{…}} instead of {{{…}}}";
        match &d.hint {
            Some(h) => placed.with_hint(format!("{inserted}; {h}")),
            None => placed.with_hint(inserted),
        }
    }

    fn registry(&self) -> RwLockReadGuard<'_, Handlebars<'static>> {
        self.hb.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Compiles the deferred template `name` into the registry unless it is there. The
    /// source is parsed outside the registry's lock, in a registry of its own with the
    /// options that shape a compiled template (`prevent_indent`, as in [`Templates::new`]),
    /// and only added under the lock: the parse is the cost (about 2,000 instructions per
    /// byte, see [`lazy`]), and a thread preparing the web page's templates must not hold
    /// up one rendering the PDF's ([`Templates::warm`]). Two threads may parse the same
    /// template at once; the first to add it wins, and both compiled the same source.
    /// `own` is that registry, made by the first template that needs it (a registry costs
    /// about 45,000 instructions, its built-in helpers): one per [`Templates::prepare`].
    fn compile(
        &self,
        own: &mut Option<Handlebars<'static>>,
        name: &str,
    ) -> Result<(), Vec<Diagnostic>> {
        let Some(src) = self.deferred.get(name) else {
            return Ok(());
        };
        if self.registry().has_template(name) {
            return Ok(());
        }
        let own = own.get_or_insert_with(|| {
            let mut hb = Handlebars::new();
            hb.set_prevent_indent(true);
            hb
        });
        own.register_template_string(name, src)
            .map_err(|e| vec![compile_diagnostic(&e)])?;
        let Some(template) = own.get_template(name).cloned() else {
            return Ok(());
        };
        let mut hb = self.hb.write().unwrap_or_else(PoisonError::into_inner);
        if !hb.has_template(name) {
            hb.register_template(name, template);
        }
        Ok(())
    }

    /// Compiles template `name`, if deferred, and every deferred partial it names, theirs
    /// too, once: then rendering it finds them all (a partial block would otherwise render
    /// its fallback for a partial not compiled yet). A partial whose name is computed while
    /// rendering may be any template: then every deferred one is compiled.
    fn prepare(&self, name: &str) -> Result<(), Vec<Diagnostic>> {
        let ready = |name: &str| {
            let ready = self.ready.read().unwrap_or_else(PoisonError::into_inner);
            ready.contains(name)
        };
        if ready(name) {
            return Ok(());
        }
        let mut todo = vec![name.to_string()];
        let mut seen = BTreeSet::new();
        let mut own = None;
        while let Some(next) = todo.pop() {
            if !seen.insert(next.clone()) || ready(&next) {
                continue;
            }
            self.compile(&mut own, &next)?;
            let partials = match self.registry().get_template(&next) {
                Some(template) => lazy::partials(template),
                None => continue,
            };
            if partials.computed {
                for every in self.deferred.keys() {
                    self.compile(&mut own, every)?;
                }
                break;
            }
            todo.extend(partials.names);
        }
        // Every template seen has its partials compiled now (or is not a template).
        self.ready
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(seen);
        Ok(())
    }

    /// Compiles template `name` and the partials it names now, as its first rendering
    /// would ([`Templates::prepare`]), for a thread that prepares a channel while another
    /// builds the PDF. An error is left for that rendering to report.
    pub(crate) fn warm(&self, name: &str) {
        let _ = self.prepare(name);
    }

    fn render_diagnostic(&self, entry: &str, e: &RenderError) -> Diagnostic {
        let template = e.template_name.as_deref().unwrap_or(entry);
        let (message, hint) = match e.reason() {
            RenderErrorReason::MissingVariable(path) => (
                format!(
                    "template uses `{}`, which is not in the context",
                    path.as_deref().unwrap_or("?")
                ),
                Some(
                    "check the name against the context described in the template docs; \
                     optional values are null, test them with {{#if …}}"
                        .to_string(),
                ),
            ),
            RenderErrorReason::TemplateNotFound(n) | RenderErrorReason::PartialNotFound(n) => (
                format!("no template named {n:?}"),
                Some(format!("known templates: {}", self.names().join(", "))),
            ),
            RenderErrorReason::HelperNotFound(n) => (
                format!("no helper named {n:?}"),
                Some(format!(
                    "helpers: {} and Handlebars' if, unless, each, with, lookup",
                    helpers::NAMES.join(", ")
                )),
            ),
            RenderErrorReason::IOError(e) if e.kind() == std::io::ErrorKind::FileTooLarge => (
                format!(
                    "the templates rendered more than {} MiB of markup for one document",
                    MAX_MARKUP_BYTES >> 20
                ),
                Some(
                    "a loop ({{#each}}) nested in loops multiplies its output; \
                     nest fewer of them"
                        .to_string(),
                ),
            ),
            other => (other.to_string(), None),
        };
        let d = Diagnostic::error(template_path(template), message)
            .at_line(e.line_no.unwrap_or(0), e.column_no.unwrap_or(0));
        match hint {
            Some(h) => d.with_hint(h),
            None => d,
        }
    }

    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.registry().get_templates().keys().cloned().collect();
        names.extend(self.deferred.keys().map(|n| n.to_string()));
        names.sort_unstable();
        names.dedup();
        names
    }
}

/// The most markup the templates may render for one document: far above any real release
/// (the model release renders 14 KB), low enough that a loop nested in loops stops long
/// before memory runs out.
pub const MAX_MARKUP_BYTES: usize = 64 << 20;

/// Markup gathered up to [`MAX_MARKUP_BYTES`]; a write past it fails the render.
struct Bounded(String);

impl handlebars::Output for Bounded {
    fn write(&mut self, seg: &str) -> Result<(), std::io::Error> {
        if self.0.len() + seg.len() > MAX_MARKUP_BYTES {
            return Err(std::io::ErrorKind::FileTooLarge.into());
        }
        self.0.push_str(seg);
        Ok(())
    }
}

/// `render_with_context` of handlebars (not in dev mode, as here), into a [`Bounded`] output.
fn render_bounded(
    hb: &Handlebars<'static>,
    name: &str,
    context: &handlebars::Context,
) -> Result<String, RenderError> {
    use handlebars::Renderable;
    let template = hb
        .get_template(name)
        .ok_or_else(|| RenderErrorReason::TemplateNotFound(name.to_string()))?;
    let mut rc = handlebars::RenderContext::new(template.name.as_ref());
    let mut out = Bounded(String::new());
    template.render(hb, context, &mut rc, &mut out)?;
    Ok(out.0)
}

/// The byte offset of 1-based `line` and `column` (in characters) in `text`.
pub(crate) fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let start = match line {
        0 => return None,
        1 => 0,
        _ => text.match_indices('\n').nth(line - 2)?.0 + 1,
    };
    let rest = &text[start..];
    let within = rest
        .char_indices()
        .map(|(i, _)| i)
        .chain([rest.len()])
        .nth(column.saturating_sub(1))?;
    Some(start + within)
}

/// The path a diagnostic names for a template: its file name in a templates directory.
pub(crate) fn template_path(name: &str) -> String {
    format!("{name}.hbs")
}

fn compile_diagnostic(e: &TemplateError) -> Diagnostic {
    let name = e.name().map_or("<template>", |n| n.as_str());
    let hint = match e.reason() {
        TemplateErrorReason::MismatchingClosedHelper(open, _) => {
            format!("close `{{{{#{open}}}}}` with `{{{{/{open}}}}}`")
        }
        _ => "check the `{{…}}` expression here: braces, helper name and parameters".into(),
    };
    let (line, column) = e.pos().unwrap_or((0, 0));
    Diagnostic::error(
        template_path(name),
        format!("failed to compile template ({})", e.reason()),
    )
    .at_line(line, column)
    .with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compiled(t: &Templates) -> Vec<String> {
        t.registry()
            .get_templates()
            .keys()
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    #[test]
    fn shipped_templates_are_compiled_on_first_use_with_the_partials_they_name() {
        let t = Templates::new(&embedded_sources()).unwrap();
        assert_eq!(t.deferred.len(), EMBEDDED.len());
        assert!(compiled(&t).is_empty());
        assert!(t.names().contains(&"parallel".to_string()));
        t.prepare("sequential").unwrap();
        // Every partial the sequential entry names, and theirs; not `contact` (which the
        // shipped `contacts` does not use), nor the other entries or the channels'.
        let sequential = [
            "contacts",
            "dateline",
            "embargo",
            "footer",
            "header",
            "letterhead",
            "notes",
            "photo",
            "quote",
            "reference",
            "section",
            "sequential",
            "update",
        ];
        assert_eq!(compiled(&t), sequential);
        t.prepare("html/page").unwrap();
        assert!(compiled(&t).contains(&"html/style".to_string()));
        assert!(!compiled(&t).contains(&"parallel".to_string()));
        // Compiled once: preparing again compiles nothing.
        let before = compiled(&t);
        t.prepare("sequential").unwrap();
        assert_eq!(compiled(&t), before);
    }

    #[test]
    fn a_partial_named_while_rendering_compiles_every_shipped_template() {
        let mut sources = embedded_sources();
        sources.insert("mine".into(), "{{> (lookup this \"which\")}}".into());
        let t = Templates::new(&sources).unwrap();
        assert_eq!(compiled(&t), ["mine"]);
        let out = t.render("mine", serde_json::json!({"which": "header", "lang": "nl", "org": {"short": "O"}, "title": "T"}));
        assert!(out.is_ok(), "{out:?}");
        assert_eq!(compiled(&t).len(), EMBEDDED.len() + 1);
    }

    #[test]
    fn a_partial_block_renders_the_shipped_partial_not_its_fallback() {
        let mut sources = embedded_sources();
        sources.insert("mine".into(), "{{#> header}}fallback{{/header}}".into());
        let t = Templates::new(&sources).unwrap();
        let ctx = serde_json::json!({"lang": "nl", "org": {"short": "O"}, "title": "T"});
        let out = t.render("mine", ctx).unwrap();
        assert!(!out.contains("fallback"), "{out}");
    }

    #[test]
    fn entry_templates_given_by_the_user_are_compiled_at_once() {
        let mut sources = embedded_sources();
        sources.insert("parallel".into(), "{{#if x}}".into());
        let errors = Templates::new(&sources).err().expect("compile error");
        assert_eq!(errors[0].path, "parallel.hbs");
        sources.insert("parallel".into(), "<doc/>".into());
        let t = Templates::new(&sources).unwrap();
        assert!(!t.deferred.contains_key("parallel"));
        assert_eq!(t.deferred.len(), EMBEDDED.len() - 1);
        assert_eq!(compiled(&t), ["parallel"]);
    }
}
