//! The typeset [`Document`] of one language → HTML5 elements for the page's letterhead and
//! article.
//!
//! The markup stage already did the work every rendition must share: Markdown, quotes,
//! no-break spaces, footnote numbers. This module only chooses the HTML element for each
//! block, so the page carries exactly the characters the PDF carries. What belongs to paper
//! (running header, footer, page breaks) is left out.
//!
//! Semantics chosen here, and why:
//! - the blocks before the first body block (kind, update, dateline, reference, embargo,
//!   title, subtitle) form the article's `<header>`, as a reader scans them together;
//! - a dateline is wrapped in `<time datetime>` with the release's date (machine-readable
//!   for search engines and feed readers);
//! - a quote is a `<figure>` of `<blockquote>` and `<figcaption>`: HTML's `<cite>` names a
//!   work, not a person, so the attribution is a caption;
//! - every `<h2>` opens a `<section>`, closed by the next `<h2>` or by the end of the text;
//! - press contacts are an `<address>` (contact information for the article);
//! - a block in another language than the page's carries `lang`;
//! - a footnote reference is a link to its note (`<sup><a href="#fn-nl-1" id="fnref-nl-1">`)
//!   and the note links back to it: ids carry the language, as notes are numbered per
//!   language. A reference inside a link cannot be a link itself (HTML forbids nesting
//!   them): it stays the PDF's superscript digit, still the back link's target.

use crate::lang::Lang;
use crate::markup::{Block, Cell, CellAlign, Class, Document, Inline, List, Para, Quote, Role};
use crate::markup::{Figure, ItemBlock, NoteRef, Notes, Table};
use crate::model::When;
use std::fmt::Write;

/// The HTML of a document's parts: the letterhead's organisation lines and the article.
pub struct Body {
    pub letterhead: String,
    /// The letterhead's organisations, each its block of lines (`<div class="orgs">`), in
    /// the brand's order.
    pub organisations: Vec<String>,
    pub article: String,
    /// The title (the first `<h1>`'s text) and the lead's text, typeset.
    pub title: String,
    pub lead: Option<String>,
    /// The dateline's text, typeset.
    pub dateline: Option<String>,
    /// The photos `article` shows, in its order.
    pub photos: Vec<super::WebPhoto>,
}

/// Serializes `doc`, whose main language is `lang`; `date` fills the dateline's `datetime`.
/// Photos come from `photos` (made once per release).
pub fn body(
    doc: &Document,
    lang: Lang,
    date: &When,
    labels: &super::Labels,
    photos: &super::WebPhotos,
) -> Body {
    let mut w = Writer {
        out: String::new(),
        lang,
        date,
        labels,
        photos,
        shown: Vec::new(),
        in_head: false,
        in_section: false,
        seen_body: false,
    };
    let mut letterhead = String::new();
    let mut organisations = Vec::new();
    let (mut title, mut lead, mut dateline) = (String::new(), None, None);
    for block in &doc.blocks {
        if let Block::Para(p) = block {
            match (p.role, p.class) {
                (Role::H1, _) if title.is_empty() => title = p.text(),
                (_, Class::Lead) if lead.is_none() => lead = Some(p.text()),
                (_, Class::Dateline) if dateline.is_none() => dateline = Some(p.text()),
                _ => {}
            }
        }
        match block {
            Block::Letterhead(cells) => {
                let (html, blocks) = w.letterhead(cells);
                letterhead.push_str(&html);
                organisations.extend(blocks);
            }
            _ => w.block(block),
        }
    }
    w.close_section();
    w.close_head();
    Body {
        letterhead,
        organisations,
        article: w.out,
        title,
        lead,
        dateline,
        photos: w.shown,
    }
}

struct Writer<'a> {
    out: String,
    lang: Lang,
    date: &'a When,
    labels: &'a super::Labels,
    photos: &'a super::WebPhotos,
    /// The photos written so far.
    shown: Vec<super::WebPhoto>,
    /// Inside the article's `<header>` (kind, dateline, title, …).
    in_head: bool,
    /// Inside a `<section>` opened by an `<h2>`.
    in_section: bool,
    /// A body block has been written: the article's header is over.
    seen_body: bool,
}

impl Writer<'_> {
    fn block(&mut self, block: &Block) {
        let heading_part = match block {
            Block::Para(p) => is_head(p),
            Block::Header(_) | Block::Footer(_) | Block::PageBreak => return,
            _ => false,
        };
        if heading_part && !self.seen_body {
            if !self.in_head {
                self.out.push_str("<header class=\"release-head\">\n");
                self.in_head = true;
            }
        } else {
            self.close_head();
            self.seen_body = true;
        }
        match block {
            Block::Para(p) => self.para_block(p),
            Block::Quote(q) => self.quote(q),
            Block::Figure(f) => self.figure(f),
            Block::List(l) => self.list(l),
            Block::Table(t) => self.table(t),
            Block::Notes(n) => self.notes(n),
            Block::Rule => self.out.push_str("<hr>\n"),
            Block::Sect(blocks) => self.sect(blocks),
            Block::Row(cells) => {
                for cell in cells {
                    self.out.push_str("<div class=\"cell\">\n");
                    cell.iter().for_each(|b| self.block(b));
                    self.out.push_str("</div>\n");
                }
            }
            Block::Letterhead(_) | Block::Header(_) | Block::Footer(_) | Block::PageBreak => {}
        }
    }

    fn close_head(&mut self) {
        if self.in_head {
            self.out.push_str("</header>\n");
            self.in_head = false;
        }
    }

    fn close_section(&mut self) {
        if self.in_section {
            self.out.push_str("</section>\n");
            self.in_section = false;
        }
    }

    fn para_block(&mut self, p: &Para) {
        match (p.role, p.class) {
            (Role::H2, _) => {
                self.close_section();
                self.out.push_str("<section>\n");
                self.in_section = true;
            }
            (_, Class::Endmark | Class::Contact) => self.close_section(),
            _ => {}
        }
        let lang = self.lang_attr(p.lang);
        let o = &mut self.out;
        match (p.role, p.class) {
            (Role::H1 | Role::H2 | Role::H3 | Role::H4, _) => {
                let h = match p.role {
                    Role::H1 => "h1",
                    Role::H2 => "h2",
                    Role::H3 => "h3",
                    _ => "h4",
                };
                let _ = write!(o, "<{h}{lang}>");
                inlines(o, &p.inlines);
                let _ = writeln!(o, "</{h}>");
            }
            (_, Class::Dateline) => {
                let _ = write!(
                    o,
                    "<p class=\"dateline\"{lang}><time datetime=\"{}\">",
                    datetime(self.date)
                );
                inlines(o, &p.inlines);
                o.push_str("</time></p>\n");
            }
            (_, Class::Contact) => {
                let _ = write!(o, "<address class=\"contact\"{lang}>");
                inlines(o, &p.inlines);
                o.push_str("</address>\n");
            }
            (_, class) => para(o, p, class, &lang),
        }
    }

    fn quote(&mut self, q: &Quote) {
        let lang = self.lang_attr(q.lang);
        let o = &mut self.out;
        let _ = writeln!(o, "<figure class=\"quote\"{lang}>\n<blockquote>");
        for p in &q.paras {
            para(o, p, Class::Plain, "");
        }
        o.push_str("</blockquote>\n");
        if let Some(by) = &q.by {
            o.push_str("<figcaption>");
            inlines(o, &by.inlines);
            o.push_str("</figcaption>\n");
        }
        o.push_str("</figure>\n");
    }

    /// A photo: the image, shrunk for the web, as a `data:` URI (the page fetches nothing,
    /// like the logo), its display size (`width`/`height`, so the browser reserves its
    /// place before decoding it), its alt text, and its caption and credit as the
    /// `<figcaption>`.
    fn figure(&mut self, f: &Figure) {
        let lang = self.lang_attr(f.lang);
        let made;
        let photo = match self.photos.get(&f.image) {
            Some(p) => p,
            None => {
                made = super::WebPhoto::new(&f.image);
                &made
            }
        };
        let (src, w, h) = (&photo.src, photo.width, photo.height);
        self.shown.push(photo.clone());
        let o = &mut self.out;
        let _ = writeln!(
            o,
            "<figure class=\"photo\"{lang}>\n<img src=\"{src}\" alt=\"{}\" width=\"{w}\" height=\"{h}\" style=\"max-width:100%;height:auto\">",
            escape(&f.alt)
        );
        if let Some(c) = &f.caption {
            o.push_str("<figcaption>");
            inlines(o, &c.inlines);
            o.push_str("</figcaption>\n");
        }
        o.push_str("</figure>\n");
    }

    fn list(&mut self, l: &List) {
        let lang = self.lang_attr(l.lang);
        let o = &mut self.out;
        let tag = match l.start {
            Some(1) => {
                let _ = writeln!(o, "<ol{lang}>");
                "ol"
            }
            Some(n) => {
                let _ = writeln!(o, "<ol start=\"{n}\"{lang}>");
                "ol"
            }
            None => {
                let _ = writeln!(o, "<ul{lang}>");
                "ul"
            }
        };
        for item in &l.items {
            self.out.push_str("<li>");
            // An item of one paragraph is written bare, also when a list is nested in it
            // (`<li>text\n<ul>…</ul></li>`, as CommonMark writes a tight list): in a `<p>` its
            // margins set it apart from the items around it, which the PDF does not do.
            // Only an item of several paragraphs needs them to tell its paragraphs apart.
            let paras = item
                .iter()
                .filter(|b| matches!(b, ItemBlock::Para(_)))
                .count();
            for b in item {
                match b {
                    ItemBlock::Para(p) if paras == 1 => {
                        inlines(&mut self.out, &p.inlines);
                        if item.len() > 1 {
                            self.out.push('\n');
                        }
                    }
                    ItemBlock::Para(p) => para(&mut self.out, p, p.class, ""),
                    // A list nested in the item stays nested, as in the PDF.
                    ItemBlock::List(nested) => self.list(nested),
                }
            }
            self.out.push_str("</li>\n");
        }
        let _ = writeln!(self.out, "</{tag}>");
    }

    fn table(&mut self, t: &Table) {
        let lang = self.lang_attr(t.lang);
        let label = self.labels.table;
        let o = &mut self.out;
        // A wide table scrolls sideways in its box on a phone; keyboard users must be able
        // to focus the box to scroll it (WCAG 2.1.1), and a focusable region needs a name.
        let _ = writeln!(
            o,
            "<div class=\"table\" tabindex=\"0\" role=\"region\" aria-label=\"{label}\"><table{lang}>"
        );
        for (i, row) in t.rows.iter().enumerate() {
            match i {
                0 if t.head > 0 => o.push_str("<thead>\n"),
                i if i == t.head => o.push_str("<tbody>\n"),
                _ => {}
            }
            o.push_str("<tr>");
            for (j, c) in row.iter().enumerate() {
                cell(o, c, i < t.head, j == 0);
            }
            o.push_str("</tr>\n");
            match i + 1 {
                n if n == t.head => o.push_str("</thead>\n"),
                n if n == t.rows.len() && n > t.head => o.push_str("</tbody>\n"),
                _ => {}
            }
        }
        o.push_str("</table></div>\n");
    }

    fn notes(&mut self, n: &Notes) {
        if n.notes.is_empty() {
            return;
        }
        self.close_section();
        let lang = self.lang_attr(n.lang);
        let label = self.labels.footnotes;
        let o = &mut self.out;
        let _ = writeln!(
            o,
            "<aside class=\"footnotes\" aria-label=\"{label}\"{lang}>\n<ol>"
        );
        let back = self.labels.note_back;
        for note in &n.notes {
            let id = note_id(NoteRef {
                lang: n.lang,
                number: note.number,
            });
            let _ = write!(o, "<li id=\"fn-{id}\" value=\"{}\">", note.number);
            inlines(o, &note.para.inlines);
            let _ = write!(
                o,
                " <a href=\"#fnref-{id}\" class=\"fnback\" aria-label=\"{back} {}\">↩</a></li>",
                note.number
            );
            o.push('\n');
        }
        o.push_str("</ol>\n</aside>\n");
    }

    /// The notes to editors: a section of their own, marked as not for publication by their
    /// heading.
    fn sect(&mut self, blocks: &[Block]) {
        self.close_section();
        self.out.push_str("<section class=\"editors\">\n");
        let outer = self.in_section;
        for b in blocks {
            match b {
                // Headings inside the notes do not open sections of their own.
                Block::Para(p) if p.role != Role::P => {
                    let lang = self.lang_attr(p.lang);
                    let h = if p.role == Role::H2 { "h2" } else { "h3" };
                    let _ = write!(self.out, "<{h}{lang}>");
                    inlines(&mut self.out, &p.inlines);
                    let _ = writeln!(self.out, "</{h}>");
                }
                _ => self.block(b),
            }
        }
        self.in_section = outer;
        self.out.push_str("</section>\n");
    }

    /// The letterhead's cells, each a `<div class="orgs">` of its lines, and its
    /// organisations' blocks apart, each such a `<div>` of its own lines (a block starts at
    /// an `org` line after lines of another class, as layout reads the letterhead): the page
    /// sets each beside its logo, as the PDF does.
    fn letterhead(&self, cells: &[Vec<Para>]) -> (String, Vec<String>) {
        let mut o = String::new();
        let mut organisations = Vec::new();
        for cell in cells {
            let lang = cell
                .first()
                .map_or(String::new(), |p| self.lang_attr(p.lang));
            let _ = writeln!(o, "<div class=\"orgs\"{lang}>");
            for p in cell {
                para(&mut o, p, p.class, "");
            }
            o.push_str("</div>\n");
            let mut start = 0;
            for i in 1..=cell.len() {
                let ends = i == cell.len()
                    || (cell[i].class == Class::Org && cell[i - 1].class != Class::Org);
                if ends {
                    let mut block = format!("<div class=\"orgs\"{lang}>\n");
                    for p in &cell[start..i] {
                        para(&mut block, p, p.class, "");
                    }
                    block.push_str("</div>");
                    organisations.push(block);
                    start = i;
                }
            }
        }
        (o, organisations)
    }

    /// ` lang="…"` when `lang` is not the page's language.
    fn lang_attr(&self, lang: Lang) -> String {
        if lang == self.lang {
            String::new()
        } else {
            format!(" lang=\"{}\"", lang.code())
        }
    }
}

/// Whether a paragraph belongs to the article's header (the lines above the lead).
fn is_head(p: &Para) -> bool {
    p.role == Role::H1
        || matches!(
            p.class,
            Class::Kind
                | Class::Update
                | Class::Dateline
                | Class::Reference
                | Class::Embargo
                | Class::Subtitle
        )
}

fn para(o: &mut String, p: &Para, class: Class, lang: &str) {
    match class {
        Class::Plain => {
            let _ = write!(o, "<p{lang}>");
        }
        c => {
            let _ = write!(o, "<p class=\"{}\"{lang}>", c.name());
        }
    }
    inlines(o, &p.inlines);
    o.push_str("</p>\n");
}

fn cell(o: &mut String, c: &Cell, head_row: bool, first: bool) {
    let align = match c.align {
        CellAlign::Left => "",
        CellAlign::Center => " class=\"c\"",
        CellAlign::Right => " class=\"r\"",
    };
    let (tag, scope) = match (c.header, head_row, first) {
        (true, true, _) => ("th", " scope=\"col\""),
        (true, false, true) => ("th", " scope=\"row\""),
        (true, false, false) => ("th", ""),
        (false, _, _) => ("td", ""),
    };
    let _ = write!(o, "<{tag}{scope}{align}>");
    inlines(o, &c.para.inlines);
    let _ = write!(o, "</{tag}>");
}

/// Inline runs as HTML: consecutive runs with the same link share one `<a>`; a run's text
/// is escaped; a forced line break is `<br>`.
fn inlines(o: &mut String, runs: &[Inline]) {
    let mut i = 0;
    while i < runs.len() {
        match &runs[i].link {
            Some(href) => {
                let end = runs[i..]
                    .iter()
                    .position(|r| r.link.as_ref() != Some(href))
                    .map_or(runs.len(), |n| i + n);
                let _ = write!(o, "<a href=\"{}\">", escape(href));
                for r in &runs[i..end] {
                    match r.note {
                        Some(n) => {
                            let _ = write!(o, "<span id=\"fnref-{}\">", note_id(n));
                            run(o, r);
                            o.push_str("</span>");
                        }
                        None => run(o, r),
                    }
                }
                o.push_str("</a>");
                i = end;
            }
            None => {
                match runs[i].note {
                    Some(n) => {
                        let id = note_id(n);
                        let _ = write!(
                            o,
                            "<sup><a href=\"#fn-{id}\" id=\"fnref-{id}\" class=\"fnref\">{}</a></sup>",
                            n.number
                        );
                    }
                    None => run(o, &runs[i]),
                }
                i += 1;
            }
        }
    }
}

/// The part of a footnote's ids after `fn-`/`fnref-`: `nl-1`.
fn note_id(n: NoteRef) -> String {
    format!("{}-{}", n.lang.code(), n.number)
}

fn run(o: &mut String, r: &Inline) {
    if r.field.is_some() {
        return;
    }
    if r.text == "\n" {
        o.push_str("<br>");
        return;
    }
    let text = escape(&r.text);
    match (r.bold, r.italic) {
        (true, true) => {
            let _ = write!(o, "<strong><em>{text}</em></strong>");
        }
        (true, false) => {
            let _ = write!(o, "<strong>{text}</strong>");
        }
        (false, true) => {
            let _ = write!(o, "<em>{text}</em>");
        }
        (false, false) => o.push_str(&text),
    }
}

/// Escapes text for HTML content and double-quoted attributes.
pub fn escape(s: &str) -> String {
    crate::template::escape_text(s)
}

/// The release's date and time as HTML's `datetime` (a date, or a local date and time with
/// its UTC offset).
pub fn datetime(w: &When) -> String {
    let date = w.date.format("%Y-%m-%d");
    match w.time {
        None => date.to_string(),
        Some((t, off)) => format!("{date}T{}{}", t.format("%H:%M"), offset(off)),
    }
}

/// A UTC offset in minutes as `+02:00`.
fn offset(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.unsigned_abs();
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}
