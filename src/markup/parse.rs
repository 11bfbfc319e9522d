//! Markup text → [`Document`]: XML parsing (roxmltree), validation against the element
//! table in [`super`], whitespace collapsing and per-language typography.
//!
//! Whitespace works as in HTML: every run of XML whitespace (space, tab, line feed,
//! carriage return) becomes one space, and spaces at the start and end of a paragraph are
//! dropped. U+00A0 and U+202F are not XML whitespace and are kept as written.
//!
//! A forced line break `<br/>` becomes an inline of its own whose text is exactly `"\n"`
//! (never merged with its neighbours; spaces around it are dropped), so layout can find it
//! by looking at one inline.
//!
//! Problems are collected while walking the tree, so one run reports every unknown element,
//! unknown attribute and invalid language it finds, each at its line and column.

use super::typography::{self, Settings};
use super::{
    Block, Cell, CellAlign, Class, Document, Field, Figure, Inline, ItemBlock, List, Note, NoteRef,
    Notes, Para, Quote, Role, Table,
};
use crate::brand::Brand;
use crate::diag::Diagnostic;
use crate::lang::Lang;
use crate::photo::Image;
use roxmltree::{Node, NodeType};
use std::sync::Arc;

/// Blocks allowed directly in `<doc>`.
const DOC_BLOCKS: &[&str] = &[
    "letterhead",
    "header",
    "footer",
    "pagebreak",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "blockquote",
    "ul",
    "ol",
    "row",
    "table",
    "figure",
    "notes",
    "sect",
];
/// Blocks allowed in a `<cell>` of a `<row>`: no page furniture, no nested rows.
const CELL_BLOCKS: &[&str] = &[
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "blockquote",
    "ul",
    "ol",
    "table",
    "figure",
    "notes",
    "sect",
];
const INLINES: &[&str] = &["em", "strong", "a", "br", "fn"];
/// Inline content of a footnote: no footnote in a footnote.
const NOTE_INLINES: &[&str] = &["em", "strong", "a", "br"];
/// Inline content of `<header>` and `<footer>`, which may also hold page number fields.
const RUNNING: &[&str] = &["em", "strong", "a", "br", "page", "pages"];
const QUOTE_CONTENT: &[&str] = &["p", "cite", "em", "strong", "a", "br", "fn"];
const ITEM_CONTENT: &[&str] = &["p", "ul", "ol", "em", "strong", "a", "br", "fn"];
/// Whether `tag` is an element of the markup at all, to tell "unknown" from "not allowed
/// here": the content lists above plus the structural elements that hold them.
fn is_known(tag: &str) -> bool {
    ["doc", "cell", "li", "tr", "th", "td"].contains(&tag)
        || [DOC_BLOCKS, RUNNING, QUOTE_CONTENT, ITEM_CONTENT]
            .iter()
            .any(|list| list.contains(&tag))
}

/// Parses template output into a document tree. `name` names the source in diagnostics;
/// `brand` supplies the typography settings per language.
pub fn parse(name: &str, markup: &str, brand: &Brand) -> Result<Document, Vec<Diagnostic>> {
    parse_with_photos(name, markup, brand, &[])
}

/// [`parse`], with the release's photos, which `<figure photo="N">` places (N from 1).
pub fn parse_with_photos(
    name: &str,
    markup: &str,
    brand: &Brand,
    photos: &[Arc<Image>],
) -> Result<Document, Vec<Diagnostic>> {
    let xml = roxmltree::Document::parse(markup).map_err(|e| vec![xml_error(name, &e)])?;
    too_deep(name, markup, &xml).map_or(Ok(()), |d| Err(vec![d]))?;
    let mut parser = Parser {
        name,
        src: markup,
        settings: Lang::ALL.map(|l| Settings::new(l, &brand.typography(l))),
        diags: Vec::new(),
        notes: Default::default(),
        numbered: [0; 4],
        photos,
    };
    let doc = parser.document(xml.root_element());
    match doc {
        Some(doc) if parser.diags.is_empty() => Ok(doc),
        _ => Err(parser.diags),
    }
}

/// How deep markup elements may nest: the walk below recurses once per level, and real
/// markup nests about 6 deep (`<doc><row><cell><ul><li><em><a>`).
pub const MAX_DEPTH: usize = 100;

/// An error at the first element nested deeper than [`MAX_DEPTH`], if any; found without
/// recursion, before the walk that recurses.
fn too_deep(name: &str, markup: &str, xml: &roxmltree::Document) -> Option<Diagnostic> {
    // The ends of the open elements: an element is inside those that end after it starts.
    let mut open: Vec<usize> = Vec::new();
    for node in xml.root().descendants().filter(|n| n.is_element()) {
        let range = node.range();
        while open.last().is_some_and(|&end| end <= range.start) {
            open.pop();
        }
        open.push(range.end);
        if open.len() > MAX_DEPTH {
            let msg = format!("markup nested more than {MAX_DEPTH} elements deep");
            let hint = "nest fewer emphases, lists and quotes in one another";
            let d = Diagnostic::error(name, msg).at(markup, range.start);
            return Some(d.with_hint(hint));
        }
    }
    None
}

/// Maps a roxmltree error to a diagnostic at its position.
fn xml_error(name: &str, e: &roxmltree::Error) -> Diagnostic {
    let pos = e.pos();
    let text = e.to_string();
    let text = text.strip_suffix(&format!(" at {pos}")).unwrap_or(&text);
    let hint = match e {
        roxmltree::Error::UnknownEntityReference(..) => {
            "only &amp; &lt; &gt; &quot; &apos; and numeric references like &#160; are known"
        }
        _ => "the markup is XML: close every element (<br/>), quote attribute values, write & as &amp;",
    };
    Diagnostic::error(name, format!("malformed markup ({text})"))
        .at_line(pos.row as usize, pos.col as usize)
        .with_hint(hint)
}

/// Style of the inline content being collected.
#[derive(Debug, Clone, Default)]
struct Style {
    bold: bool,
    italic: bool,
    link: Option<String>,
}

/// Collects inlines with HTML whitespace collapsing.
#[derive(Default)]
struct Runs {
    inlines: Vec<Inline>,
    /// The last character written; `None` at the start, so leading spaces are dropped.
    last: Option<char>,
}

impl Runs {
    /// Appends the XML text node `node`: each run of XML whitespace becomes one space,
    /// dropped at the start of the paragraph and after a line break. Words go in whole, not
    /// character by character, each with its offset in the markup (`src`).
    fn text(&mut self, node: Node, src: &str, style: &Style) {
        let Some(text) = node.text() else {
            return;
        };
        let mut map = RawMap::new(src, node, text);
        let xml_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r');
        let mut rest = text;
        while !rest.is_empty() {
            match rest.find(xml_space) {
                Some(0) => {
                    if self.last.is_some_and(|l| l != ' ' && l != '\n') {
                        self.push_word(" ", style, |_| 0);
                    }
                    let end = rest.find(|c| !xml_space(c)).unwrap_or(rest.len());
                    rest = &rest[end..];
                }
                word_end => {
                    let (word, tail) = rest.split_at(word_end.unwrap_or(rest.len()));
                    let start = text.len() - rest.len();
                    self.push_word(word, style, |i| map.at(start + i));
                    rest = tail;
                }
            }
        }
    }

    /// Appends `s` (not empty) in `style`; `at(i)` is the markup offset of byte `i` of `s`.
    fn push_word(&mut self, s: &str, style: &Style, mut at: impl FnMut(usize) -> usize) {
        let merge = matches!(self.inlines.last(),
            Some(last) if same_style(last, style) && last.field.is_none() && last.note.is_none()
                && last.text != "\n");
        if !merge {
            self.inlines.push(inline(String::new(), style, None));
        }
        let last = self.inlines.last_mut().expect("pushed above");
        let mut prev = last.text.chars().next_back();
        // Most words are plain ASCII letters and digits: one word, starting where `s` does.
        if s.bytes().all(|b| b.is_ascii_alphanumeric()) {
            if !s.is_empty() && !prev.is_some_and(char::is_alphanumeric) {
                last.words.push(at(0) as u32);
            }
            last.text.push_str(s);
            self.last = s.chars().next_back();
            return;
        }
        for (i, c) in s.char_indices() {
            if c.is_alphanumeric() && !prev.is_some_and(char::is_alphanumeric) {
                last.words.push(at(i) as u32);
            }
            prev = Some(c);
        }
        last.text.push_str(s);
        self.last = s.chars().next_back();
    }

    /// Appends text made here, not written in the markup (a note's number): glued to the
    /// word before it, with no word offsets.
    fn mark(&mut self, text: &str, style: &Style) {
        self.trim_end();
        self.inlines.push(inline(text.to_string(), style, None));
        self.last = text.chars().next_back();
    }

    fn line_break(&mut self, style: &Style) {
        self.trim_end();
        self.inlines.push(inline("\n".into(), style, None));
        self.last = Some('\n');
    }

    fn field(&mut self, field: Field, style: &Style) {
        self.inlines.push(inline(String::new(), style, Some(field)));
        // A page number reads like a word: the space after it is kept.
        self.last = Some('0');
    }

    /// Drops trailing collapsible spaces (and inlines they leave empty).
    fn trim_end(&mut self) {
        while let Some(last) = self.inlines.last_mut() {
            if last.field.is_some() || last.text == "\n" {
                return;
            }
            let kept = last.text.trim_end_matches(' ').len();
            last.text.truncate(kept);
            if !last.text.is_empty() {
                return;
            }
            self.inlines.pop();
        }
    }

    fn finish(mut self) -> Vec<Inline> {
        self.trim_end();
        self.inlines
    }
}

fn same_style(inline: &Inline, style: &Style) -> bool {
    inline.bold == style.bold && inline.italic == style.italic && inline.link == style.link
}

fn inline(text: String, style: &Style, field: Option<Field>) -> Inline {
    Inline {
        text,
        bold: style.bold,
        italic: style.italic,
        link: style.link.clone(),
        field,
        words: Vec::new(),
        note: None,
    }
}

/// Maps byte offsets of a text node's decoded text to offsets in the markup, where entity
/// and character references make the two differ. Offsets must be asked in increasing
/// order: the map walks the node once, however many words it has.
struct RawMap<'a> {
    /// The node as written, and its offset in the markup.
    raw: &'a str,
    base: usize,
    /// Whether the node has no references (the common case): offsets are then the same.
    same: bool,
    /// The walk so far: `r` bytes of `raw` decode to `d` bytes of text.
    r: usize,
    d: usize,
}

impl<'a> RawMap<'a> {
    fn new(src: &'a str, node: Node, text: &str) -> RawMap<'a> {
        let range = node.range();
        let raw = &src[range.clone()];
        RawMap {
            raw,
            base: range.start,
            same: raw.len() == text.len(),
            r: 0,
            d: 0,
        }
    }

    /// The markup offset of byte `decoded` of the text.
    fn at(&mut self, decoded: usize) -> usize {
        if self.same {
            return self.base + decoded;
        }
        let raw = self.raw;
        while self.d < decoded && self.r < raw.len() {
            let rest = &raw[self.r..];
            let reference = rest.starts_with('&').then(|| rest.find(';')).flatten();
            match reference {
                Some(end) => {
                    let name = &rest[1..end];
                    let c = match name {
                        "amp" | "lt" | "gt" | "quot" | "apos" => 'x',
                        _ => name
                            .strip_prefix("#x")
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                            .or_else(|| name.strip_prefix('#').and_then(|n| n.parse().ok()))
                            .and_then(char::from_u32)
                            .unwrap_or('x'),
                    };
                    self.d += c.len_utf8();
                    self.r += end + 1;
                }
                None => {
                    let n = rest.chars().next().map_or(1, char::len_utf8);
                    self.d += n;
                    self.r += n;
                }
            }
        }
        self.base + self.r
    }
}

struct Parser<'s> {
    name: &'s str,
    src: &'s str,
    /// Typography per language, indexed by `Lang as usize`.
    settings: [Settings; 4],
    diags: Vec<Diagnostic>,
    /// Footnotes referenced and not yet set, per language (`Lang as usize`).
    notes: [Vec<Note>; 4],
    /// Footnotes numbered so far, per language.
    numbered: [u32; 4],
    photos: &'s [Arc<Image>],
}

impl<'s> Parser<'s> {
    /// Records an error at byte `offset` of the markup; an empty `hint` means none.
    fn error(&mut self, offset: usize, message: impl Into<String>, hint: impl Into<String>) {
        let mut d = Diagnostic::error(self.name, message).at(self.src, offset);
        let hint = hint.into();
        if !hint.is_empty() {
            d = d.with_hint(hint);
        }
        self.diags.push(d);
    }

    fn document(&mut self, root: Node) -> Option<Document> {
        if root.tag_name().name() != "doc" {
            let msg = format!(
                "the markup must start with <doc>, found <{}>",
                root.tag_name().name()
            );
            self.error(
                root.range().start,
                msg,
                "wrap the markup in <doc lang=\"…\">…</doc>",
            );
            return None;
        }
        self.check_attributes(root, "doc");
        let Some(lang) = self.own_lang(root) else {
            if root.attribute("lang").is_none() {
                let hint = "write <doc lang=\"nl\"> (or fr, de, en)";
                self.error(root.range().start, "<doc> needs a lang attribute", hint);
            }
            return None;
        };
        let mut blocks = self.blocks(root, DOC_BLOCKS, lang);
        blocks.extend(self.all_notes());
        Some(Document { lang, blocks })
    }

    /// The block children of `node`, which allows the elements in `allowed`.
    fn blocks(&mut self, node: Node, allowed: &[&str], lang: Lang) -> Vec<Block> {
        let mut blocks = Vec::new();
        for child in node.children() {
            if let Some((tag, lang)) = self.child(child, node, allowed, lang, true) {
                // A language's part ends at a page break: its notes are set before it.
                if tag == "pagebreak" {
                    blocks.extend(self.all_notes());
                }
                blocks.extend(self.block(child, tag, lang));
            }
        }
        blocks
    }

    fn block(&mut self, node: Node, tag: &str, lang: Lang) -> Option<Block> {
        Some(match tag {
            "letterhead" => Block::Letterhead(self.letterhead(node, lang)),
            "header" => Block::Header(self.running(node, lang)),
            "footer" => Block::Footer(self.running(node, lang)),
            "pagebreak" => {
                self.check_empty(node);
                Block::PageBreak
            }
            "hr" => {
                self.check_empty(node);
                Block::Rule
            }
            "h1" => Block::Para(self.para(node, Role::H1, lang)),
            "h2" => Block::Para(self.para(node, Role::H2, lang)),
            "h3" => Block::Para(self.para(node, Role::H3, lang)),
            "h4" => Block::Para(self.para(node, Role::H4, lang)),
            "p" => Block::Para(self.para(node, Role::P, lang)),
            "blockquote" => Block::Quote(self.quote(node, lang)),
            "ul" | "ol" => Block::List(self.list(node, lang)),
            "row" => Block::Row(self.row(node, lang)),
            "table" => Block::Table(self.table(node, lang)),
            "figure" => return self.figure(node, lang).map(Block::Figure),
            "notes" => {
                self.check_empty(node);
                return self.notes_of(lang);
            }
            // A section of its own holds what a cell may hold, but no section.
            "sect" => Block::Sect(self.blocks(node, &CELL_BLOCKS[..CELL_BLOCKS.len() - 1], lang)),
            _ => return None,
        })
    }

    /// Checks a child of `parent`: text must be blank when `blocks_only`, elements must be
    /// in `allowed` and carry known attributes. Returns the element's tag and language.
    fn child<'a>(
        &mut self,
        child: Node<'a, '_>,
        parent: Node,
        allowed: &[&str],
        lang: Lang,
        blocks_only: bool,
    ) -> Option<(&'a str, Lang)> {
        match child.node_type() {
            NodeType::Element => {}
            NodeType::Text if blocks_only => {
                self.stray_text(child, parent);
                return None;
            }
            _ => return None,
        }
        let tag = child.tag_name().name();
        let parent_tag = parent.tag_name().name();
        if !allowed.contains(&tag) {
            self.misplaced(child, parent_tag, allowed);
            return None;
        }
        self.check_attributes(child, tag);
        Some((tag, self.own_lang(child).unwrap_or(lang)))
    }

    fn stray_text(&mut self, text: Node, parent: Node) {
        let raw = &self.src[text.range()];
        let Some(at) = raw.find(|c: char| !c.is_ascii_whitespace()) else {
            return;
        };
        let msg = format!("text directly inside <{}>", parent.tag_name().name());
        let hint = "put text in a <p>, <h1>–<h4> or <li>";
        self.error(text.range().start + at, msg, hint);
    }

    fn misplaced(&mut self, node: Node, parent: &str, allowed: &[&str]) {
        let tag = node.tag_name().name();
        let msg = if is_known(tag) {
            format!("<{tag}> is not allowed inside <{parent}>")
        } else {
            format!("unknown element <{tag}>")
        };
        let list = allowed
            .iter()
            .map(|t| format!("<{t}>"))
            .collect::<Vec<_>>()
            .join(", ");
        let hint = match nearest(tag, allowed) {
            Some(near) => format!("did you mean <{near}>? <{parent}> may hold {list}"),
            None => format!("<{parent}> may hold {list}"),
        };
        self.error(node.range().start, msg, hint);
    }

    fn check_attributes(&mut self, node: Node, tag: &str) {
        let allowed: &[&str] = match tag {
            "p" => &["lang", "class"],
            "a" => &["lang", "href"],
            "ol" => &["lang", "start"],
            "th" | "td" => &["lang", "align"],
            "figure" => &["lang", "photo", "alt"],
            _ => &["lang"],
        };
        for attr in node.attributes() {
            let name = attr.name();
            if !allowed.contains(&name) || attr.namespace().is_some() {
                let msg = format!("unknown attribute {name:?} on <{tag}>");
                let hint = format!("<{tag}> takes {}", allowed.join(", "));
                self.error(attr.range().start, msg, hint);
            } else if name == "class" && Class::from_markup(attr.value()).is_none() {
                self.unknown_class(attr);
            }
        }
        if tag == "a" && node.attribute("href").is_none_or(|h| h.trim().is_empty()) {
            let hint = "write <a href=\"https://…\">…</a> or href=\"mailto:…\"";
            self.error(node.range().start, "<a> needs an href", hint);
        }
    }

    fn unknown_class(&mut self, attr: roxmltree::Attribute) {
        let names = Class::MARKUP.map(Class::name);
        let msg = format!("unknown paragraph class {:?}", attr.value());
        // The shared "did you mean" knows the Dutch and French words for the classes too.
        let hint = match crate::diag::suggest::nearest(attr.value(), &names) {
            Some(near) => format!("did you mean {near:?}? known classes: {}", names.join(", ")),
            None => format!("known classes: {}", names.join(", ")),
        };
        self.error(attr.range_value().start, msg, hint);
    }

    /// The element's own `lang`, if it has a valid one (an invalid one is reported).
    fn own_lang(&mut self, node: Node) -> Option<Lang> {
        let attr = node.attributes().find(|a| a.name() == "lang")?;
        let lang = Lang::from_code(attr.value());
        if lang.is_none() {
            let msg = format!("invalid language {:?}", attr.value());
            let hint = "lang is one of nl, fr, de, en";
            self.error(attr.range_value().start, msg, hint);
        }
        lang
    }

    /// Reports content inside a void element (`<hr/>`, `<br/>` …).
    fn check_empty(&mut self, node: Node) {
        let content = node.children().any(|c| {
            c.is_element()
                || c.text()
                    .is_some_and(|t| !t.trim_matches(is_xml_space).is_empty())
        });
        if content {
            let tag = node.tag_name().name();
            self.error(node.range().start, format!("<{tag}/> must be empty"), "");
        }
    }

    fn letterhead(&mut self, node: Node, lang: Lang) -> Vec<Vec<Para>> {
        let mut cells = Vec::new();
        for cell in node.children() {
            if let Some((_, lang)) = self.child(cell, node, &["cell"], lang, true) {
                let mut paras = Vec::new();
                for p in cell.children() {
                    if let Some((_, lang)) = self.child(p, cell, &["p"], lang, true) {
                        paras.push(self.para(p, Role::P, lang));
                    }
                }
                cells.push(paras);
            }
        }
        cells
    }

    fn row(&mut self, node: Node, lang: Lang) -> Vec<Vec<Block>> {
        let mut cells = Vec::new();
        for cell in node.children() {
            if let Some((_, lang)) = self.child(cell, node, &["cell"], lang, true) {
                cells.push(self.blocks(cell, CELL_BLOCKS, lang));
            }
        }
        cells
    }

    /// The notes of `lang` not yet set, as a block.
    fn notes_of(&mut self, lang: Lang) -> Option<Block> {
        let notes = std::mem::take(&mut self.notes[lang as usize]);
        (!notes.is_empty()).then_some(Block::Notes(Notes { lang, notes }))
    }

    /// Every language's notes not yet set.
    fn all_notes(&mut self) -> Vec<Block> {
        Lang::ALL
            .into_iter()
            .filter_map(|l| self.notes_of(l))
            .collect()
    }

    /// `<fn>`: the note is numbered and kept for its language's notes; the text shows the
    /// number in superscript digits, which every shipped face has.
    fn footnote(&mut self, node: Node, style: &Style, lang: Lang, runs: &mut Runs) {
        let mut note = Runs::default();
        self.inlines(node, NOTE_INLINES, &Style::default(), lang, &mut note);
        let inlines = self.typeset(note, lang);
        let number = {
            let n = &mut self.numbered[lang as usize];
            *n += 1;
            *n
        };
        let para = Para {
            role: Role::P,
            class: Class::Plain,
            lang,
            inlines,
        };
        self.notes[lang as usize].push(Note { number, para });
        runs.mark(&superscript(number), style);
        // The mark is an inline of its own (text after it never merges into it), so it can
        // carry which note it stands for.
        if let Some(mark) = runs.inlines.last_mut() {
            mark.note = Some(NoteRef { lang, number });
        }
    }

    /// `<table>`: `<tr>` rows of `<th>`/`<td>` cells; the leading rows of only `<th>` are
    /// the header.
    fn table(&mut self, node: Node, lang: Lang) -> Table {
        let mut rows = Vec::new();
        for tr in node.children() {
            let Some((_, lang)) = self.child(tr, node, &["tr"], lang, true) else {
                continue;
            };
            let mut cells = Vec::new();
            for cell in tr.children() {
                if let Some((tag, lang)) = self.child(cell, tr, &["th", "td"], lang, true) {
                    cells.push(Cell {
                        header: tag == "th",
                        align: self.align(cell),
                        para: self.para(cell, Role::P, lang),
                    });
                }
            }
            rows.push(cells);
        }
        let head = rows
            .iter()
            .take_while(|r| !r.is_empty() && r.iter().all(|c| c.header))
            .count();
        Table { lang, head, rows }
    }

    /// A cell's `align`: left when absent.
    fn align(&mut self, node: Node) -> CellAlign {
        match node.attribute("align").map(str::trim) {
            None | Some("left") => CellAlign::Left,
            Some("center") => CellAlign::Center,
            Some("right") => CellAlign::Right,
            Some(other) => {
                let msg = format!("align must be left, center or right, found {other:?}");
                self.error(
                    node.range().start,
                    msg,
                    "write align=\"right\" or leave it out",
                );
                CellAlign::Left
            }
        }
    }

    /// Header or footer content: inlines with page fields, typography applied.
    fn running(&mut self, node: Node, lang: Lang) -> Vec<Inline> {
        let mut runs = Runs::default();
        self.inlines(node, RUNNING, &Style::default(), lang, &mut runs);
        self.typeset(runs, lang)
    }

    fn para(&mut self, node: Node, role: Role, lang: Lang) -> Para {
        let mut runs = Runs::default();
        self.inlines(node, INLINES, &Style::default(), lang, &mut runs);
        // An unknown class was reported by `check_attributes`; the paragraph is still built
        // so that the walk finds the document's other problems.
        let class = node
            .attribute("class")
            .and_then(Class::from_markup)
            .unwrap_or_default();
        Para {
            role,
            class,
            lang,
            inlines: self.typeset(runs, lang),
        }
    }

    fn typeset(&self, runs: Runs, lang: Lang) -> Vec<Inline> {
        let mut inlines = runs.finish();
        typography::apply(&mut inlines, &self.settings[lang as usize]);
        inlines
    }

    /// Walks inline content of `node` into `runs`.
    fn inlines(
        &mut self,
        node: Node,
        allowed: &[&str],
        style: &Style,
        lang: Lang,
        runs: &mut Runs,
    ) {
        for child in node.children() {
            if child.is_text() {
                runs.text(child, self.src, style);
            } else if let Some((tag, lang)) = self.child(child, node, allowed, lang, false) {
                self.inline_element(child, tag, allowed, style, lang, runs);
            }
        }
    }

    fn inline_element(
        &mut self,
        node: Node,
        tag: &str,
        allowed: &[&str],
        style: &Style,
        lang: Lang,
        runs: &mut Runs,
    ) {
        let mut inner = style.clone();
        match tag {
            "em" => inner.italic = true,
            "strong" => inner.bold = true,
            "a" if style.link.is_some() => {
                let msg = "a link inside a link";
                self.error(node.range().start, msg, "close the outer <a> first");
            }
            "a" => inner.link = node.attribute("href").map(|h| h.trim().to_string()),
            "br" => {
                self.check_empty(node);
                return runs.line_break(style);
            }
            "fn" => return self.footnote(node, style, lang, runs),
            "page" | "pages" => {
                self.check_empty(node);
                let field = if tag == "page" {
                    Field::Page
                } else {
                    Field::Pages
                };
                return runs.field(field, style);
            }
            _ => return,
        }
        self.inlines(node, allowed, &inner, lang, runs);
    }

    /// `<blockquote>`: `<p>`s, one `<cite>`, and bare inline content as a paragraph.
    /// A `<figure>`: its photo, its alt text, at most one caption paragraph.
    fn figure(&mut self, node: Node, lang: Lang) -> Option<Figure> {
        let at = node.range().start;
        let count = self.photos.len();
        let image = match node.attribute("photo").map(|n| n.trim().parse::<usize>()) {
            Some(Ok(n)) if (1..=count).contains(&n) => Some(self.photos[n - 1].clone()),
            Some(Ok(n)) => {
                let msg = format!("<figure photo=\"{n}\">: the release has {count} photos");
                let hint = "number the photos from 1, in the order of the release's [[photos]]";
                self.error(at, msg, hint);
                None
            }
            _ => {
                let hint = "write <figure photo=\"1\" alt=\"…\">, numbering the release's [[photos]] from 1";
                self.error(at, "<figure> needs a photo number", hint);
                None
            }
        };
        let alt = node.attribute("alt").map(str::trim).unwrap_or_default();
        if alt.is_empty() {
            let hint = "describe the photo: <figure photo=\"1\" alt=\"…\"> (PDF/UA asks every figure for one)";
            self.error(at, "<figure> needs an alt text", hint);
        }
        let mut caption: Option<Para> = None;
        for child in node.children() {
            let Some((_, child_lang)) = self.child(child, node, &["p"], lang, true) else {
                continue;
            };
            if caption.is_some() {
                self.error(
                    child.range().start,
                    "a <figure> has at most one caption <p>",
                    "",
                );
                continue;
            }
            caption = Some(self.para(child, Role::P, child_lang));
        }
        Some(Figure {
            lang,
            image: image?,
            // The same typography as the caption: the text rendition prints the alt text,
            // the web page and the PDF's structure give it to screen readers.
            alt: typography::apply_text(alt, &self.settings[lang as usize]),
            caption,
        })
    }

    fn quote(&mut self, node: Node, lang: Lang) -> Quote {
        let mut quote = Quote {
            lang,
            paras: Vec::new(),
            by: None,
        };
        let mut runs = Runs::default();
        for child in node.children() {
            if child.is_text() {
                runs.text(child, self.src, &Style::default());
                continue;
            }
            let Some((tag, child_lang)) = self.child(child, node, QUOTE_CONTENT, lang, false)
            else {
                continue;
            };
            match tag {
                "p" | "cite" => {
                    self.flush(&mut runs, lang, &mut quote.paras);
                    let mut para = self.para(child, Role::P, child_lang);
                    if tag == "p" {
                        quote.paras.push(para);
                    } else if quote.by.is_some() {
                        let msg = "a <blockquote> has at most one <cite>";
                        self.error(child.range().start, msg, "");
                    } else {
                        para.class = Class::By;
                        quote.by = Some(para);
                    }
                }
                _ => self.inline_element(
                    child,
                    tag,
                    INLINES,
                    &Style::default(),
                    child_lang,
                    &mut runs,
                ),
            }
        }
        self.flush(&mut runs, lang, &mut quote.paras);
        quote
    }

    fn list(&mut self, node: Node, lang: Lang) -> List {
        let mut items = Vec::new();
        for li in node.children() {
            if let Some((_, lang)) = self.child(li, node, &["li"], lang, true) {
                items.push(self.item(li, lang));
            }
        }
        let start = (node.tag_name().name() == "ol").then(|| self.start(node));
        List { lang, start, items }
    }

    /// The `start` of an `<ol>`: a number, 1 when absent.
    fn start(&mut self, node: Node) -> u64 {
        let Some(value) = node.attribute("start") else {
            return 1;
        };
        value.trim().parse().unwrap_or_else(|_| {
            let msg = format!("start of <ol> must be a whole number, found {value:?}");
            self.error(
                node.range().start,
                &msg,
                "write start=\"1\" or leave it out",
            );
            1
        })
    }

    /// `<li>`: inline content is one paragraph; `<p>` children are paragraphs of their own,
    /// `<ul>`/`<ol>` children lists nested in the item.
    fn item(&mut self, node: Node, lang: Lang) -> Vec<ItemBlock> {
        let mut blocks = Vec::new();
        let mut paras = Vec::new();
        let mut runs = Runs::default();
        for child in node.children() {
            if child.is_text() {
                runs.text(child, self.src, &Style::default());
            } else if let Some((tag, child_lang)) =
                self.child(child, node, ITEM_CONTENT, lang, false)
            {
                match tag {
                    "p" => {
                        self.flush(&mut runs, lang, &mut paras);
                        paras.push(self.para(child, Role::P, child_lang));
                    }
                    "ul" | "ol" => {
                        self.flush(&mut runs, lang, &mut paras);
                        blocks.extend(paras.drain(..).map(ItemBlock::Para));
                        blocks.push(ItemBlock::List(self.list(child, child_lang)));
                    }
                    _ => self.inline_element(
                        child,
                        tag,
                        INLINES,
                        &Style::default(),
                        child_lang,
                        &mut runs,
                    ),
                }
            }
        }
        self.flush(&mut runs, lang, &mut paras);
        blocks.extend(paras.into_iter().map(ItemBlock::Para));
        blocks
    }

    /// Turns collected bare inline content into a plain paragraph, if there is any.
    fn flush(&mut self, runs: &mut Runs, lang: Lang, paras: &mut Vec<Para>) {
        let taken = std::mem::take(runs);
        let inlines = self.typeset(taken, lang);
        if !inlines.is_empty() {
            paras.push(Para {
                role: Role::P,
                class: Class::Plain,
                lang,
                inlines,
            });
        }
    }
}

/// `n` in superscript digits (¹²³), as a footnote's reference is marked; the text channel
/// writes its notes' numbers with it too.
pub fn superscript(n: u32) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string()
        .bytes()
        .map(|b| DIGITS[usize::from(b - b'0')])
        .collect()
}

fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// The allowed element closest to a misspelt one, if it is close enough to be a typo.
fn nearest<'a>(tag: &str, allowed: &[&'a str]) -> Option<&'a str> {
    allowed
        .iter()
        .map(|a| (strsim::levenshtein(tag, a), *a))
        .filter(|&(d, a)| d > 0 && d <= 2 && d < a.len())
        .min()
        .map(|(_, a)| a)
}
