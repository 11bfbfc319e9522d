//! A section's CommonMark text becomes markup.
//!
//! What is markup: paragraphs (`<p>`), headings (`<h3>`, `<h4>`, see [`heading_levels`]),
//! *emphasis* (`<em>`), **strong** (`<strong>`), links (`<a href>`, only for `http`,
//! `https`, `mailto` and `tel` targets: another scheme is an error the engine reports from
//! [`problems`], a target with no scheme stays plain text), bullet and numbered lists
//! (`<ul>`/`<ol start>` with `<li>`), GitHub pipe tables (`<table>`), hard line breaks
//! (`<br/>`) and thematic breaks (`<hr/>`). Everything else — raw HTML, code, images — is
//! kept as escaped plain text: an author can never inject markup elements. Lists nested in a
//! list item stay nested (`<li>text<ul>…</ul></li>`); a table in a list item becomes one
//! paragraph per row.
//!
//! Paper has no hover: a link written `[text](url)` prints its address after its text, in
//! parentheses (itself a live link), unless the text already is the address. With
//! [`LinkStyle::Notes`] (the brand's `[links] print = "notes"`) the address goes into a
//! numbered note instead (`<fn>`, set with the footnotes at the end of the language's part),
//! so long addresses do not break up the text. Autolinks (`<https://…>`) and e-mail
//! addresses print as they are; a link inside a footnote keeps its address inline (no note
//! in a note).
//!
//! A line that is only an end mark, `- Einde -`, is a paragraph as written, not a bullet
//! holding "Einde -": see [`end_mark`].

use super::escape::escape_xml;
use super::mark;
pub use crate::brand::LinkStyle;
use pulldown_cmark::{Alignment, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::BTreeMap;
use std::ops::Range;

/// The CommonMark extensions a section's text may use; everything else stays plain text.
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES
}

/// Renders `text` as markup blocks; each top-level block carries `lang="…"` when given.
pub fn to_markup(text: &str, lang: Option<&str>) -> String {
    to_markup_with(text, lang, LinkStyle::Inline)
}

/// [`to_markup`], printing links' addresses as `links` says.
pub fn to_markup_with(text: &str, lang: Option<&str>, links: LinkStyle) -> String {
    render(text, lang, links, None)
}

/// Where a marked text came from (see [`super::mark`]): the value's place (release or
/// brand file, span) and the text's offset in the value.
#[derive(Debug, Clone)]
pub struct Marks {
    pub place: mark::Place,
    pub offset: usize,
}

/// [`to_markup_with`] with each piece of text that is written as it stands in `text`
/// marked with its place in the release (`marks`): the same markup once the marks are
/// stripped.
pub fn to_markup_marked(text: &str, lang: Option<&str>, links: LinkStyle, marks: Marks) -> String {
    render(text, lang, links, Some(marks))
}

fn render(text: &str, lang: Option<&str>, links: LinkStyle, marks: Option<Marks>) -> String {
    // A definition may follow its reference: a first pass collects the definitions, only
    // for a text that has any.
    let notes = if text.contains("[^") {
        let first = Builder {
            marks: marks.clone(),
            ..Builder::default()
        };
        first.build(text).1
    } else {
        BTreeMap::new()
    };
    let (blocks, _) = Builder {
        notes,
        marks,
        link_notes: links == LinkStyle::Notes,
        ..Builder::default()
    }
    .build(text);
    let lang_attr = lang.map_or(String::new(), |l| format!(" lang=\"{}\"", escape_xml(l)));
    let levels = heading_levels(&blocks);
    let mut levels = levels.into_iter();
    let mut out: Vec<String> = Vec::new();
    for block in &blocks {
        match block {
            Block::Para(inline) => out.push(format!("<p{lang_attr}>{inline}</p>")),
            Block::Heading(_, inline) => {
                let h = levels.next().unwrap_or(4);
                out.push(format!("<h{h}{lang_attr}>{inline}</h{h}>"));
            }
            Block::List(start, items) => out.push(list(*start, items, &lang_attr)),
            Block::Table(table) => out.push(table.markup(&lang_attr)),
            Block::Rule => out.push(format!("<hr{lang_attr}/>")),
        }
    }
    out.join("\n")
}

/// The blocks the markup can express.
#[derive(Debug)]
enum Block {
    /// Inline markup, already escaped.
    Para(String),
    /// A heading: its Markdown level (1 for `#`) and inline markup.
    Heading(u8, String),
    /// A list: the first number of a numbered list (`None` for bullets) and the items, each
    /// a list of blocks.
    List(Option<u64>, Vec<Vec<Block>>),
    Table(Table),
    Rule,
}

/// The markup levels of a text's headings, in order. The section's own heading is `<h2>`
/// (the release's title `<h1>`), so the text's headings start at `<h3>`: the shallowest
/// Markdown level used becomes 3, the next 4, deeper ones stay 4 (a press release has no
/// use for more). PDF/UA forbids skipping a level, so a heading is never more than one
/// level below the one before it (`###` right after the section heading is `<h3>`).
fn heading_levels(blocks: &[Block]) -> Vec<u8> {
    let mut used: Vec<u8> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(level, _) => Some(*level),
            _ => None,
        })
        .collect();
    let order = used.clone();
    used.sort_unstable();
    used.dedup();
    let mut previous = 2u8;
    order
        .into_iter()
        .map(|level| {
            let rank = used.iter().position(|&l| l == level).unwrap_or(0) as u8;
            let h = (3 + rank).min(4).min(previous + 1);
            previous = h;
            h
        })
        .collect()
}

/// A pipe table: per column its alignment, the header row and the body rows, each cell
/// inline markup.
#[derive(Debug, Default)]
struct Table {
    aligns: Vec<Alignment>,
    head: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// `<table>`: `<th>` cells in the header row, `<td>` below; a column's alignment on
    /// each of its cells. A column without one from the alignment row whose filled cells
    /// are all numbers is right-aligned, so that the digits of its figures line up.
    fn markup(&self, lang_attr: &str) -> String {
        let columns = self
            .head
            .len()
            .max(self.rows.iter().map(Vec::len).max().unwrap_or(0));
        let aligns: Vec<&str> = (0..columns).map(|c| self.align(c)).collect();
        let mut s = format!("<table{lang_attr}>");
        let rows = std::iter::once((&self.head, "th")).chain(self.rows.iter().map(|r| (r, "td")));
        for (row, tag) in rows {
            s.push_str("<tr>");
            for (c, align) in aligns.iter().enumerate() {
                let cell = row.get(c).map_or("", String::as_str);
                let figure;
                let cell = if is_number(cell) {
                    figure = unbroken_figure(cell);
                    figure.as_str()
                } else {
                    cell
                };
                let attr = match *align {
                    "" => String::new(),
                    a => format!(" align=\"{a}\""),
                };
                s.push_str(&format!("<{tag}{attr}>{cell}</{tag}>"));
            }
            s.push_str("</tr>");
        }
        s.push_str("</table>");
        s
    }

    fn align(&self, column: usize) -> &'static str {
        match self.aligns.get(column).copied().unwrap_or(Alignment::None) {
            Alignment::Left => "left",
            Alignment::Center => "center",
            Alignment::Right => "right",
            Alignment::None => {
                let mut cells = self.rows.iter().filter_map(|r| r.get(column));
                let filled: Vec<&String> = cells.by_ref().filter(|c| !c.is_empty()).collect();
                if !filled.is_empty() && filled.iter().all(|c| is_number(c)) {
                    "right"
                } else {
                    ""
                }
            }
        }
    }
}

/// Whether a cell's markup is a figure: digits with the separators, signs and units
/// figures are written with ("1 234,5", "−3,2 %", "€ 12.000", "+4"), and at least one digit.
fn is_number(markup: &str) -> bool {
    let text = plain(markup);
    text.chars().any(|c| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || " \u{a0}\u{202f}.,'%‰+-−–€$£()".contains(c))
}

/// A figure's digit-group spaces made no-break ("118 400" never ends a line between its
/// groups, also in a narrow column).
fn unbroken_figure(markup: &str) -> String {
    let chars: Vec<char> = markup.chars().collect();
    let digit = |i: Option<&char>| i.is_some_and(char::is_ascii_digit);
    (0..chars.len())
        .map(|i| {
            let between = i > 0 && digit(chars.get(i - 1)) && digit(chars.get(i + 1));
            if chars[i] == ' ' && between {
                '\u{a0}'
            } else {
                chars[i]
            }
        })
        .collect()
}

/// The text of inline markup: tags dropped, the escapes this module writes undone.
fn plain(markup: &str) -> String {
    let markup = mark::unmarked(markup);
    let mut out = String::with_capacity(markup.len());
    let mut in_tag = false;
    for c in markup.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn list(start: Option<u64>, items: &[Vec<Block>], lang_attr: &str) -> String {
    let (tag, open) = match start {
        Some(n) => ("ol", format!("<ol{lang_attr} start=\"{n}\">")),
        None => ("ul", format!("<ul{lang_attr}>")),
    };
    let mut s = open;
    for item in items {
        s.push_str("<li>");
        match item.as_slice() {
            [Block::Para(inline)] => s.push_str(inline),
            // A tight item with a nested list: its text is the item's inline content, the
            // list follows it.
            [Block::Para(inline), Block::List(start, items)] => {
                s.push_str(inline);
                s.push_str(&list(*start, items, ""));
            }
            blocks => item_blocks(blocks, &mut s),
        }
        s.push_str("</li>");
    }
    s.push_str(&format!("</{tag}>"));
    s
}

/// The blocks of a list item as paragraphs and nested lists (a nested list inherits the
/// item's language, so it carries none of its own).
fn item_blocks(blocks: &[Block], s: &mut String) {
    for block in blocks {
        match block {
            Block::Para(inline) | Block::Heading(_, inline) => {
                s.push_str(&format!("<p>{inline}</p>"));
            }
            Block::List(start, items) => s.push_str(&list(*start, items, "")),
            // A table inside a list item has no markup form there: one paragraph per row,
            // cells apart, so no word is lost.
            Block::Table(t) => {
                for row in std::iter::once(&t.head).chain(&t.rows) {
                    s.push_str(&format!("<p>{}</p>", row.join(" · ")));
                }
            }
            // A rule inside a list item has no markup form; dropping it loses no words.
            Block::Rule => {}
        }
    }
}

/// The paragraphs of a footnote's definition (a note is inline content, its paragraphs
/// become lines): nested list items led by a dash per level.
fn flatten(blocks: &[Block], prefix: &str, out: &mut Vec<String>) {
    for block in blocks {
        match block {
            Block::Para(inline) | Block::Heading(_, inline) => {
                out.push(format!("{prefix}{inline}"))
            }
            Block::List(_, items) => {
                let deeper = format!("{prefix}–\u{a0}");
                for item in items {
                    flatten(item, &deeper, out);
                }
            }
            Block::Table(t) => {
                for row in std::iter::once(&t.head).chain(&t.rows) {
                    out.push(format!("{prefix}{}", row.join(" · ")));
                }
            }
            Block::Rule => {}
        }
    }
}

/// The line as written when a bullet list is only an end mark: one item on one line whose
/// text ends with the bullet's own marker after a space (`- Einde -`, `* Ends *`). A real
/// bullet never ends in its own marker; an end mark always does, so the line is kept as a
/// paragraph instead of printing a bullet before "Einde -".
fn end_mark(source: &str) -> Option<&str> {
    let line = source.trim();
    let marker = line.chars().next().filter(|c| "-*+".contains(*c))?;
    let inner = line[1..].strip_suffix(marker)?;
    let ok = !line.contains('\n')
        && inner.starts_with([' ', '\t'])
        && inner.ends_with([' ', '\t'])
        && !inner.trim().is_empty();
    ok.then_some(line)
}

/// Whether text inside the current leaf block keeps its line breaks (code, raw HTML).
#[derive(Default, PartialEq)]
enum Lines {
    #[default]
    Flow,
    Keep,
}

/// An open link: its target if an `<a>` was written (unsafe targets are dropped), whether
/// its address is printed after its text (not for autolinks, which print as they are), and
/// where its text starts in the paragraph being built.
struct OpenLink {
    href: Option<String>,
    show: bool,
    text_from: usize,
}

/// Turns the event stream into [`Block`]s.
#[derive(Default)]
struct Builder {
    /// Open containers: the document, then lists and items.
    stack: Vec<Vec<Block>>,
    /// Open lists' items (a list's items are collected here until it ends).
    lists: Vec<(Option<u64>, Vec<Vec<Block>>)>,
    /// The paragraph being built, if any.
    inline: Option<String>,
    /// The level of the heading being built, if the leaf is one.
    heading: Option<u8>,
    lines: Lines,
    links: Vec<OpenLink>,
    /// The table being built, and whether its current row is the header.
    table: Option<Table>,
    row: Vec<String>,
    /// Events up to this offset belong to an end mark already written.
    skip_to: usize,
    /// Footnote definitions: label → inline markup (from the first pass when rendering).
    notes: BTreeMap<String, String>,
    /// The definitions read in this pass.
    defined: BTreeMap<String, String>,
    /// The label of the footnote definition being read, if any.
    defining: Option<String>,
    /// Mark each piece of text with its place in the release (see [`super::mark`]).
    marks: Option<Marks>,
    /// Where in the source the text event being handled starts, when it stands there as
    /// written (no escape or entity resolved in it): only such text is marked.
    verbatim: Option<usize>,
    /// Print links' addresses as notes ([`LinkStyle::Notes`]).
    link_notes: bool,
}

impl Builder {
    /// The blocks of `text` and the footnote definitions in it.
    fn build(mut self, text: &str) -> (Vec<Block>, BTreeMap<String, String>) {
        self.stack.push(Vec::new());
        for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
            if range.start < self.skip_to {
                continue;
            }
            if let Event::Start(Tag::List(None)) = &event {
                if let Some(line) = end_mark(&text[range.clone()]) {
                    self.flush();
                    // `line` is a slice of `text`: its offset is where it starts.
                    let at = line.as_ptr() as usize - text.as_ptr() as usize;
                    let para = self.marked(at, escape_xml(line));
                    self.current().push(Block::Para(para));
                    self.skip_to = range.end;
                    continue;
                }
            }
            // Compared only when marking: an ordinary build pays nothing for marks.
            self.verbatim = match &event {
                Event::Text(t) if self.marks.is_some() && text.get(range.clone()) == Some(t) => {
                    Some(range.start)
                }
                _ => None,
            };
            self.event(event, range);
        }
        self.flush();
        (self.stack.pop().unwrap_or_default(), self.defined)
    }

    fn event(&mut self, event: Event<'_>, _range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.text(&t)
            }
            Event::Html(t) | Event::InlineHtml(t) => self.text(&t),
            Event::FootnoteReference(label) => self.note_reference(&label),
            Event::SoftBreak => self.push(" "),
            Event::HardBreak => self.push("<br/>"),
            Event::Rule => {
                self.flush();
                self.current().push(Block::Rule);
            }
            Event::TaskListMarker(done) => self.push(if done { "[x] " } else { "[ ] " }),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.begin_leaf(Lines::Flow),
            Tag::Heading { level, .. } => {
                self.begin_leaf(Lines::Flow);
                self.heading = Some(markdown_level(level));
            }
            Tag::CodeBlock(_) | Tag::HtmlBlock => self.begin_leaf(Lines::Keep),
            Tag::List(start) => {
                self.flush();
                self.lists.push((start, Vec::new()));
            }
            Tag::Item => {
                self.flush();
                self.stack.push(Vec::new());
            }
            Tag::Table(aligns) => {
                self.flush();
                self.table = Some(Table {
                    aligns,
                    ..Table::default()
                });
            }
            Tag::TableHead | Tag::TableRow => self.row.clear(),
            Tag::FootnoteDefinition(label) => {
                self.flush();
                self.stack.push(Vec::new());
                self.defining = Some(label.to_string());
            }
            Tag::TableCell => self.begin_leaf(Lines::Flow),
            Tag::Emphasis => self.push("<em>"),
            Tag::Strong => self.push("<strong>"),
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => self.open_link(link_type, &dest_url),
            // Block quotes, images and the rest are transparent: their text stays, as text.
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::List(_) => {
                self.flush();
                let (start, items) = self.lists.pop().unwrap_or_default();
                self.current().push(Block::List(start, items));
            }
            TagEnd::Item => {
                self.flush();
                let item = self.stack.pop().unwrap_or_default();
                if let Some(list) = self.lists.last_mut() {
                    list.1.push(item);
                }
            }
            TagEnd::TableCell => {
                let cell = self.inline.take().unwrap_or_default();
                self.row.push(cell.trim().to_string());
            }
            TagEnd::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.head = std::mem::take(&mut self.row);
                }
            }
            TagEnd::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    t.rows.push(std::mem::take(&mut self.row));
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.current().push(Block::Table(t));
                }
            }
            TagEnd::FootnoteDefinition => {
                self.flush();
                let blocks = self.stack.pop().unwrap_or_default();
                let mut paras = Vec::new();
                flatten(&blocks, "", &mut paras);
                if let Some(label) = self.defining.take() {
                    self.defined.insert(label, paras.join("<br/>"));
                }
            }
            TagEnd::Emphasis => self.push("</em>"),
            TagEnd::Strong => self.push("</strong>"),
            TagEnd::Link => self.close_link(),
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::BlockQuote(_) => self.flush(),
            _ => {}
        }
    }

    /// A footnote reference: the note itself, as `<fn>`, where the reference stands (the
    /// markup stage numbers the notes and sets them at the end of the language's part). A
    /// reference inside a note, or one without a definition, stays as written.
    fn note_reference(&mut self, label: &str) {
        match self.notes.get(label) {
            Some(note) if self.defining.is_none() => {
                let note = format!("<fn>{note}</fn>");
                self.push(&note);
            }
            _ => self.text(&format!("[^{label}]")),
        }
    }

    fn open_link(&mut self, link_type: LinkType, dest: &str) {
        let href = safe_href(link_type, dest);
        if let Some(href) = &href {
            self.push(&format!("<a href=\"{}\">", escape_xml(href)));
        }
        let text_from = self.inline.as_ref().map_or(0, String::len);
        self.links.push(OpenLink {
            href,
            show: !matches!(link_type, LinkType::Autolink | LinkType::Email),
            text_from,
        });
    }

    /// Closes a written `<a>` and prints the address after the link's text, unless that
    /// text already says it.
    fn close_link(&mut self) {
        let Some(OpenLink {
            href: Some(href),
            show,
            text_from,
        }) = self.links.pop()
        else {
            return;
        };
        let text = self
            .inline
            .as_deref()
            .and_then(|s| s.get(text_from..))
            .map(plain)
            .unwrap_or_default();
        self.push("</a>");
        let address = shown_address(&href);
        if show && !says_address(&text, &address) {
            let link = format!(
                "<a href=\"{}\">{}</a>",
                escape_xml(&href),
                escape_xml(&address)
            );
            if self.link_notes && self.defining.is_none() {
                self.push(&format!("<fn>{link}</fn>"));
            } else {
                self.push(&format!(" ({link})"));
            }
        }
    }

    fn begin_leaf(&mut self, lines: Lines) {
        self.flush();
        self.inline = Some(String::new());
        self.heading = None;
        self.lines = lines;
    }

    fn text(&mut self, text: &str) {
        if self.lines == Lines::Keep {
            // Code and raw HTML keep their lines; the final newline only ends the block.
            let lines: Vec<String> = text
                .strip_suffix('\n')
                .unwrap_or(text)
                .split('\n')
                .map(escape_xml)
                .collect();
            let already = self.inline.as_ref().is_some_and(|s| !s.is_empty());
            if already {
                self.push("<br/>");
            }
            self.push(&lines.join("<br/>"));
        } else {
            let escaped = escape_xml(text);
            match self.verbatim.take() {
                Some(at) => {
                    let marked = self.marked(at, escaped);
                    self.push(&marked);
                }
                None => self.push(&escaped),
            }
        }
    }

    /// `escaped`, the text at byte `at` of the source, in its mark when marking.
    fn marked(&self, at: usize, escaped: String) -> String {
        match &self.marks {
            Some(m) => mark::mark(&m.place, m.offset + at, &escaped),
            None => escaped,
        }
    }

    /// Appends inline markup, opening a paragraph if none is open (tight list items have
    /// their text directly inside the item).
    fn push(&mut self, markup: &str) {
        self.inline.get_or_insert_with(String::new).push_str(markup);
    }

    /// Ends the open paragraph, if it has any content.
    fn flush(&mut self) {
        self.lines = Lines::Flow;
        if let Some(inline) = self.inline.take() {
            let inline = inline.trim().to_string();
            if !inline.is_empty() {
                let block = match self.heading.take() {
                    Some(level) => Block::Heading(level, inline),
                    None => Block::Para(inline),
                };
                self.current().push(block);
            }
        }
    }

    fn current(&mut self) -> &mut Vec<Block> {
        if self.stack.is_empty() {
            self.stack.push(Vec::new());
        }
        let last = self.stack.len() - 1;
        &mut self.stack[last]
    }
}

fn markdown_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A link target as printed: e-mail and phone links without their scheme.
fn shown_address(href: &str) -> String {
    let lower = href.to_ascii_lowercase();
    if lower.starts_with("mailto:") {
        href[7..].to_string()
    } else {
        href.to_string()
    }
}

/// Whether a link's text already gives its address (`[www.x.be](https://www.x.be/)`), so
/// printing the address again would only repeat it.
fn says_address(text: &str, address: &str) -> bool {
    let bare = |s: &str| {
        let s = s.trim().to_ascii_lowercase();
        let s = ["https://", "http://", "mailto:", "tel:"]
            .iter()
            .find_map(|p| s.strip_prefix(p).map(str::to_string))
            .unwrap_or(s);
        let s = s.strip_prefix("www.").map(str::to_string).unwrap_or(s);
        s.trim_end_matches('/').to_string()
    };
    bare(text) == bare(address)
}

/// How deep emphasis, links, lists, items and block quotes may nest in a section's text;
/// real text nests 3 or 4 deep.
pub const MAX_DEPTH: usize = 32;

/// What in `text` cannot be set: nesting deeper than [`MAX_DEPTH`] (the first place only)
/// and each link with a scheme other than `http`, `https`, `mailto` or `tel`. Each is the
/// byte offset in `text`, a message and a hint. A link target with no scheme stays plain
/// text, as before.
pub fn problems(text: &str) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut too_deep = false;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if let Tag::Link {
                    link_type,
                    dest_url,
                    ..
                } = &tag
                {
                    let scheme = dest_url.split_once(':').map(|(s, _)| s).filter(|s| {
                        s.starts_with(|c: char| c.is_ascii_alphabetic())
                            && s.chars()
                                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
                    });
                    if scheme.is_some() && safe_href(*link_type, dest_url).is_none() {
                        out.push((
                            range.start,
                            format!(
                                "a link to a `{}:` address, which a press release cannot hold",
                                scheme.unwrap_or_default().to_ascii_lowercase()
                            ),
                            "link only to http, https, mailto or tel addresses".to_string(),
                        ));
                    }
                }
                if matches!(
                    tag,
                    Tag::Paragraph | Tag::Heading { .. } | Tag::CodeBlock(_)
                ) {
                    continue;
                }
                depth += 1;
                if depth > MAX_DEPTH && !too_deep {
                    too_deep = true;
                    out.push((
                        range.start,
                        format!("text nested more than {MAX_DEPTH} deep"),
                        "nest fewer emphases, lists and quotes in one another".to_string(),
                    ));
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock) => {}
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    out
}

/// What in `text` is set but probably not as meant, for warnings: a footnote reference
/// without its definition (printed as written) and an emphasis mark (`*`, `**`) left
/// unclosed (printed as a star). Each is the byte offset in `text`, a message and a hint.
pub fn notices(text: &str) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    if !text.contains(['*', '[']) {
        return out;
    }
    // Where the last star reported ends: `**` comes as two one-star texts.
    let mut stars_to = 0;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let Event::Text(t) = event else { continue };
        // Only text as written: an escaped `\\*` is a star on purpose.
        let escaped = range.start > 0 && text.as_bytes()[range.start - 1] == b'\\';
        if text.get(range.clone()) != Some(&*t) || escaped {
            continue;
        }
        let rest = &text[range.start..];
        if let Some(label) = rest.strip_prefix("[^").and_then(|r| r.split(']').next()) {
            out.push((
                range.start,
                format!("a footnote reference [^{label}] without its definition"),
                format!("add a line `[^{label}]: …` to the same text, or remove the reference"),
            ));
        }
        if let Some(i) = t.find('*').filter(|&i| range.start + i >= stars_to) {
            let mark = if rest[i..].starts_with("**") {
                "**"
            } else {
                "*"
            };
            stars_to = range.start + i + mark.len();
            out.push((
                range.start + i,
                format!("an unclosed `{mark}`: it prints as a star"),
                format!("close the emphasis with `{mark}`, or write `\\{mark}` for a star"),
            ));
        }
    }
    out
}

/// The link target to write, or `None` when the target is not one a reader should follow
/// from a PDF (`javascript:`, relative paths, …); the link text is kept either way.
fn safe_href(link_type: LinkType, dest: &str) -> Option<String> {
    if link_type == LinkType::Email {
        return Some(format!("mailto:{dest}"));
    }
    let lower = dest.to_ascii_lowercase();
    ["http://", "https://", "mailto:", "tel:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
        .then(|| dest.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders and checks the result is well-formed XML inside a root element.
    fn md(s: &str) -> String {
        let out = to_markup(s, None);
        let wrapped = format!("<doc>{out}</doc>");
        if let Err(e) = roxmltree::Document::parse(&wrapped) {
            panic!("{s:?} gave ill-formed markup ({e}): {out}");
        }
        out
    }

    #[test]
    fn problems_are_deep_nesting_and_unsafe_schemes() {
        let deep = "*a ".repeat(40) + "x" + &" b*".repeat(40);
        let p = problems(&deep);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, 3 * 32);
        assert!(p[0].1.contains("more than 32 deep"));
        let p = problems(
            "x [a](javascript:alert(1)) [b](FILE:///etc) [c](https://e.x) [d](rel) <tel:1>",
        );
        let at: Vec<usize> = p.iter().map(|p| p.0).collect();
        assert_eq!(at, [2, 27], "{p:?}");
        assert!(
            p[0].1.contains("`javascript:`") && p[1].1.contains("`file:`"),
            "{p:?}"
        );
        assert!(problems(&("- ".repeat(15) + "x")).is_empty());
    }

    #[test]
    fn hostile_input_never_breaks_the_markup() {
        let cases = [
            "<",
            "&",
            "]]>",
            "&amp; &#x3C;",
            "\u{0}a\u{1b}",
            "<!-- x -->",
            "<![CDATA[ x ]]>",
            "*[a](<b>)*",
            "[x](https://a.example/\"onclick=\"y)",
            "**unclosed *mix",
            "- [ ] task\n- [x] done",
            "> quote\n> > nested",
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "1. a\n   - b\n     1. c",
            "<div>\n*x*\n</div>",
            "``` \n<p>code</p>\n```",
            "text[^1]\n\n[^1]: note",
            "<https://a.example/?a=1&b=2>",
            "a\\\nb",
        ];
        for case in cases {
            md(case);
        }
    }

    #[test]
    fn paragraphs_emphasis_strong_links() {
        assert_eq!(
            md("Een *nadruk* en **sterk**,\nmet [link](https://example.org/a?b=1&c=2).\n\nTwee."),
            "<p>Een <em>nadruk</em> en <strong>sterk</strong>, met \
             <a href=\"https://example.org/a?b=1&amp;c=2\">link</a> \
             (<a href=\"https://example.org/a?b=1&amp;c=2\">https://example.org/a?b=1&amp;c=2</a>).\
             </p>\n<p>Twee.</p>"
        );
    }

    #[test]
    fn script_and_ampersand_are_escaped_text() {
        assert_eq!(
            md("<script>alert('x')</script>\n\nA & B <b>vet</b>"),
            "<p>&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;</p>\n\
             <p>A &amp; B &lt;b&gt;vet&lt;/b&gt;</p>"
        );
    }

    #[test]
    fn lists_tight_loose_numbered() {
        assert_eq!(
            md("- een\n- *twee*\n\n1. drie\n2. vier"),
            "<ul><li>een</li><li><em>twee</em></li></ul>\n<ol start=\"1\"><li>drie</li><li>vier</li></ol>"
        );
        assert_eq!(
            md("3. drie\n4. vier"),
            "<ol start=\"3\"><li>drie</li><li>vier</li></ol>"
        );
        assert_eq!(
            md("- a\n\n  b\n- c"),
            "<ul><li><p>a</p><p>b</p></li><li>c</li></ul>"
        );
    }

    #[test]
    fn nested_lists_stay_nested() {
        assert_eq!(
            md("- boven\n  - onder\n- na"),
            "<ul><li>boven<ul><li>onder</li></ul></li><li>na</li></ul>"
        );
        assert_eq!(
            md("1. een\n   1. diep\n      - dieper\n\n   verder\n2. twee"),
            "<ol start=\"1\"><li><p>een</p><ol start=\"1\"><li>diep<ul><li>dieper</li></ul></li></ol>\
             <p>verder</p></li><li>twee</li></ol>"
        );
    }

    #[test]
    fn code_and_images_are_plain_text() {
        assert_eq!(
            md("`a<b`\n\n    x < y\n    z\n\n![logo](x.png)"),
            "<p>a&lt;b</p>\n<p>x &lt; y<br/>z</p>\n<p>logo</p>"
        );
    }

    #[test]
    fn headings_start_below_the_section_heading_and_never_skip() {
        assert_eq!(md("# Kop\n\ntekst"), "<h3>Kop</h3>\n<p>tekst</p>");
        assert_eq!(
            md("## A\n### B\n## C"),
            "<h3>A</h3>\n<h4>B</h4>\n<h3>C</h3>"
        );
        // `###` alone is the text's first level; `####` before any `###` may not skip.
        assert_eq!(md("### A\n\nx"), "<h3>A</h3>\n<p>x</p>");
        assert_eq!(
            md("#### A\n### B\n#### C"),
            "<h3>A</h3>\n<h3>B</h3>\n<h4>C</h4>"
        );
        assert_eq!(
            md("# A\n## B\n###### C"),
            "<h3>A</h3>\n<h4>B</h4>\n<h4>C</h4>"
        );
    }

    #[test]
    fn footnotes_travel_to_their_reference_as_fn() {
        assert_eq!(
            md("Cijfers[^1] en meer[^b].\n\n[^1]: Bron: [Statbel](https://statbel.example/x).\n[^b]: *Twee*\n    regels."),
            "<p>Cijfers<fn>Bron: <a href=\"https://statbel.example/x\">Statbel</a> \
             (<a href=\"https://statbel.example/x\">https://statbel.example/x</a>).</fn> en meer\
             <fn><em>Twee</em> regels.</fn>.</p>"
        );
        // Without a definition the reference is text as written; an unused definition prints
        // nothing.
        assert_eq!(md("Tekst[^x].\n\n[^y]: weg"), "<p>Tekst[^x].</p>");
    }

    #[test]
    fn notices_are_undefined_footnotes_and_unclosed_emphasis() {
        let n = notices("Tekst[^x] en **vet.\n\nGoed[^1] en *schuin* en \\*ster.\n\n[^1]: noot");
        let got: Vec<(usize, &str)> = n.iter().map(|(i, m, _)| (*i, m.as_str())).collect();
        assert_eq!(
            got,
            [
                (5, "a footnote reference [^x] without its definition"),
                (13, "an unclosed `**`: it prints as a star")
            ]
        );
        assert!(notices("Niets *mis* hier[^a].\n\n[^a]: b").is_empty());
    }

    #[test]
    fn a_line_that_is_only_an_end_mark_is_no_bullet() {
        assert_eq!(md("Tekst.\n\n- Einde -"), "<p>Tekst.</p>\n<p>- Einde -</p>");
        assert_eq!(md("* Ends *"), "<p>* Ends *</p>");
        assert_eq!(md("– Fin –"), "<p>– Fin –</p>");
        // Real bullets, also a one-item list, stay lists.
        assert_eq!(md("- a - b"), "<ul><li>a - b</li></ul>");
        assert_eq!(
            md("- Einde -\n- twee"),
            "<ul><li>Einde -</li><li>twee</li></ul>"
        );
        assert_eq!(md("- x"), "<ul><li>x</li></ul>");
    }

    #[test]
    fn a_link_prints_its_address_unless_its_text_is_the_address() {
        assert_eq!(
            md("[site](https://x.example/a)"),
            "<p><a href=\"https://x.example/a\">site</a> \
             (<a href=\"https://x.example/a\">https://x.example/a</a>)</p>"
        );
        assert_eq!(
            md("[www.x.example](https://www.x.example/)"),
            "<p><a href=\"https://www.x.example/\">www.x.example</a></p>"
        );
        assert_eq!(
            md("[mail ons](mailto:pers@x.example)"),
            "<p><a href=\"mailto:pers@x.example\">mail ons</a> \
             (<a href=\"mailto:pers@x.example\">pers@x.example</a>)</p>"
        );
        assert_eq!(
            md("[*Rapport*][r]\n\n[r]: https://x.example/r.pdf"),
            "<p><a href=\"https://x.example/r.pdf\"><em>Rapport</em></a> \
             (<a href=\"https://x.example/r.pdf\">https://x.example/r.pdf</a>)</p>"
        );
        // Autolinks and addresses print as they are, once.
        assert_eq!(
            md("<https://x.example/>"),
            "<p><a href=\"https://x.example/\">https://x.example/</a></p>"
        );
    }

    #[test]
    fn unsafe_link_keeps_only_its_text() {
        assert_eq!(md("[klik](javascript:alert(1))"), "<p>klik</p>");
        assert_eq!(
            md("<info@example.be>"),
            "<p><a href=\"mailto:info@example.be\">info@example.be</a></p>"
        );
    }

    #[test]
    fn hard_break_and_lang() {
        assert_eq!(
            to_markup("een  \ntwee\n\n---", Some("fr")),
            "<p lang=\"fr\">een<br/>twee</p>\n<hr lang=\"fr\"/>"
        );
    }

    #[test]
    fn empty_text_gives_nothing() {
        assert_eq!(md(""), "");
        assert_eq!(md("   \n\n"), "");
    }
}
