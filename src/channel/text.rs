//! The plain-text channel: one UTF-8 text per language, for the wire (Belga takes plain
//! text) and for the body of the e-mail.
//!
//! Takes the markup stage's [`Document`] of one language (the sequential template rendered
//! for that language alone, as the HTML channel does, so quotes, no-break spaces, Markdown
//! and footnote numbers are the PDF's to the character) and gives the text, which the
//! Handlebars template `text/page` (embedded, overridable as `DIR/text/page.hbs`) puts
//! together from the letterhead's lines and the body.
//!
//! Wrapping: paragraphs are filled to [`WIDTH`] columns, measured in display width
//! (`unicode-width`: a CJK character counts two), first fit (the lines `textwrap` gives),
//! except that a line does not end inside a name (`Михайло Федоров`, `Mathieu Michel`) when
//! it can end at the space before the name instead at the cost of at most a third of its
//! room ([`Filler`]; the PDF, justified, keeps its own breaks). A line may end only at an
//! ASCII space: the typography stage has already made every space that
//! must not end a line a no-break space (`14 200 000`, `J. Dupont`, `28 juni`, `39 %`), and
//! a URL, an e-mail address, a number or a hyphenated name has no space in it. Words are
//! never broken, not even one longer than the line (a long URL then stands on a line of
//! its own, past the margin: a cut URL no longer works when copied). Tables are set as
//! aligned columns within the line, their cells filled in their columns (`table`).
//!
//! Layout of the text: the title underlined with `=`, section headings with `-`, a blank
//! line between blocks, quotes indented by [`QUOTE_INDENT`] with the attribution under them,
//! list items with hanging indents, a link's target printed after its text in angle
//! brackets (RFC 3986, appendix C) unless the text already shows it, footnotes under a
//! heading after the text that refers to them.

use crate::diag::Diagnostic;
use crate::lang::Lang;
use crate::markup::{
    Block, CellAlign, Class, Document, Figure, Inline, ItemBlock, List, Notes, Para, Quote, Role,
    Table,
};
use crate::template::Templates;
use serde_json::json;
use unicode_width::UnicodeWidthStr;

/// The line length: what wire services and e-mail take without rewrapping (RFC 5322 asks
/// for lines under 78 characters; 72 leaves room for quoting with `> `).
pub const WIDTH: usize = 72;

/// How far a quote is indented: enough to stand out in a monospaced font, little enough to
/// leave 68 columns for its text.
pub const QUOTE_INDENT: &str = "    ";

/// The gap between two columns of a table.
const COLUMN_GAP: &str = "  ";

/// The text of `doc` (one language of a release) through the template `text/page`.
pub fn page(templates: &Templates, lang: Lang, doc: &Document) -> Result<String, Vec<Diagnostic>> {
    let mut letterhead = Vec::new();
    let mut body = Writer::default();
    for block in &doc.blocks {
        match block {
            Block::Letterhead(cells) => {
                // Each organisation's block apart from the next by an empty line (a block
                // starts at an `org` line after lines of another class, as layout reads
                // it): a joint release's letterhead would otherwise read as one address.
                let mut previous = None;
                for p in cells.iter().flatten() {
                    let starts = p.class == Class::Org && previous.is_some_and(|c| c != Class::Org);
                    let text = lines(&inline_text(&p.inlines));
                    if text.is_empty() {
                        continue;
                    }
                    if starts {
                        letterhead.push(String::new());
                    }
                    letterhead.extend(text);
                    previous = Some(p.class);
                }
            }
            other => body.block(other),
        }
    }
    let ctx = json!({
        "lang": lang.code(),
        "letterhead": letterhead,
        "body": body.finish(),
    });
    let text = templates.render("text/page", ctx)?;
    Ok(tidy(&text))
}

/// The text as a file: no trailing spaces, no runs of blank lines (a template's optional
/// parts leave some), one newline at the end.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = true;
    // The lines found in one `memchr` pass (`str::lines` searched for each line's end on
    // its own, about as dear as the rest of this function). A last, empty piece after a
    // final newline, which `lines` leaves out, changes nothing: the end is trimmed below.
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]) {
        let line = text[start..end].trim_end();
        start = end + 1;
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
            continue;
        }
        out.push_str(line);
        out.push('\n');
        blank = false;
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The text's blocks so far, each a run of lines, joined by blank lines at the end.
#[derive(Default)]
struct Writer {
    blocks: Vec<String>,
}

impl Writer {
    fn finish(self) -> String {
        self.blocks.join("\n\n")
    }

    fn push(&mut self, text: String) {
        if !text.trim().is_empty() {
            self.blocks.push(text);
        }
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Para(p) => self.push(para(p)),
            Block::Quote(q) => self.push(quote(q)),
            Block::List(l) => self.push(list(l)),
            Block::Table(t) => self.push(table(t)),
            Block::Notes(n) => self.notes(n),
            Block::Sect(blocks) => blocks.iter().for_each(|b| self.block(b)),
            Block::Row(cells) => cells.iter().flatten().for_each(|b| self.block(b)),
            Block::Rule => self.push("-".repeat(WIDTH / 3)),
            Block::Figure(f) => self.push(figure(f)),
            // The PDF's page furniture; a text has no pages.
            Block::Letterhead(_) | Block::Header(_) | Block::Footer(_) | Block::PageBreak => {}
        }
    }

    /// Footnotes: under a heading of their own, each with the mark its reference shows.
    fn notes(&mut self, n: &Notes) {
        if n.notes.is_empty() {
            return;
        }
        let heading = crate::channel::html::labels(n.lang).footnotes;
        let mut text = underlined(heading, '-');
        for note in &n.notes {
            let mark = format!("{} ", crate::markup::superscript(note.number));
            let indent = " ".repeat(mark.width());
            text.push('\n');
            text.push_str(&fill(&inline_text(&note.para.inlines), &mark, &indent));
        }
        self.push(text);
    }
}

/// A photo, which a text cannot show: its text alternative in brackets, then its caption
/// (and credit) as the PDF prints it under the picture.
fn figure(f: &Figure) -> String {
    let label = crate::channel::html::labels(f.lang).photo;
    let mut text = fill(&format!("[{label}: {}]", f.alt), "", "");
    if let Some(c) = &f.caption {
        text.push('\n');
        text.push_str(&fill(&inline_text(&c.inlines), "", ""));
    }
    text
}

/// One paragraph, by its role and class.
fn para(p: &Para) -> String {
    let text = inline_text(&p.inlines);
    match p.role {
        Role::H1 => underlined(&text, '='),
        Role::H2 => underlined(&text, '-'),
        Role::H3 | Role::H4 | Role::P => match p.class {
            // The PDF sets the kind in spaced capitals; a text can only capitalise.
            Class::Kind => fill(&text.to_uppercase(), "", ""),
            _ => fill(&text, "", ""),
        },
    }
}

/// A heading filled to the width and underlined as long as its longest line.
fn underlined(text: &str, rule: char) -> String {
    let filled = fill(text, "", "");
    let width = filled
        .lines()
        .map(UnicodeWidthStr::width)
        .max()
        .unwrap_or(0);
    format!("{filled}\n{}", rule.to_string().repeat(width.min(WIDTH)))
}

fn quote(q: &Quote) -> String {
    let mut parts: Vec<String> = q
        .paras
        .iter()
        .map(|p| fill(&inline_text(&p.inlines), QUOTE_INDENT, QUOTE_INDENT))
        .collect();
    let by =
        q.by.as_ref()
            .map(|by| fill(&inline_text(&by.inlines), QUOTE_INDENT, QUOTE_INDENT));
    // The attribution right under the words it attributes.
    if let (Some(by), Some(last)) = (by, parts.last_mut()) {
        last.push('\n');
        last.push_str(&by);
    }
    parts.join("\n\n")
}

fn list(l: &List) -> String {
    list_at(l, "")
}

/// A list whose lines start at `margin`; a nested list stands under its item's text.
fn list_at(l: &List, margin: &str) -> String {
    let items: Vec<String> = l
        .items
        .iter()
        .enumerate()
        .map(|(i, blocks)| {
            let mark = match l.start {
                Some(start) => format!("{}. ", start + i as u64),
                None => "- ".to_string(),
            };
            let indent = format!("{margin}{}", " ".repeat(mark.width()));
            let first = format!("{margin}{mark}");
            let mut out = String::new();
            for (j, block) in blocks.iter().enumerate() {
                let part = match block {
                    ItemBlock::Para(p) => {
                        let lead = if j == 0 {
                            first.as_str()
                        } else {
                            indent.as_str()
                        };
                        fill(&inline_text(&p.inlines), lead, &indent)
                    }
                    ItemBlock::List(nested) => list_at(nested, &indent),
                };
                if j > 0 {
                    // Paragraphs of one item apart; a nested list right under its text.
                    out.push_str(if matches!(block, ItemBlock::List(_)) {
                        "\n"
                    } else {
                        "\n\n"
                    });
                }
                out.push_str(&part);
            }
            out
        })
        .collect();
    items.join("\n")
}

/// A table as aligned columns, a row of dashes under the header rows, within the line.
///
/// Each column is as wide as its widest cell when the table fits the line so. A wider
/// table gets its columns narrowed ([`fit`]) and their cells filled in them, never below
/// the column's longest word: a number, a name or a URL is never cut (the typography stage
/// made every space inside one a no-break space). The first column's cells hang: their
/// further lines are indented by [`HANG`], so a row starts where that column starts flush;
/// only when a row's first cell is empty do rows stand apart with a blank line. A table
/// whose longest words alone are wider than the line is set as records instead
/// ([`records`]): each row a block of `Header: value` lines. Wire services and mail
/// programs show a plain text at 72 to 80 columns; a wider row would wrap there, cell
/// into cell, and a table read so cannot be read at all.
fn table(t: &Table) -> String {
    let rows: Vec<Vec<(String, CellAlign)>> = t
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| (one_line(&inline_text(&c.para.inlines)), c.align))
                .collect()
        })
        .collect();
    table_of(&rows, t.head)
}

/// [`table`] of its cells' texts, its first `head` rows the header rows.
fn table_of(rows: &[Vec<(String, CellAlign)>], head: usize) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let gaps = COLUMN_GAP.len() * columns.saturating_sub(1);
    // Each column's widest cell on one line, and its longest word: the narrowest it can be
    // (in the first column, a word after the first one stands behind the hanging indent).
    let (mut widest, mut narrowest) = (vec![0; columns], vec![0; columns]);
    for row in rows {
        for (i, (text, _)) in row.iter().enumerate() {
            widest[i] = widest[i].max(width(text));
            for (k, (_, w)) in words(text).enumerate() {
                let hang = if i == 0 && k > 0 { HANG.len() } else { 0 };
                narrowest[i] = narrowest[i].max(w + hang);
            }
        }
    }
    let widths = if widest.iter().sum::<usize>() + gaps <= WIDTH {
        widest
    } else if narrowest.iter().sum::<usize>() + gaps <= WIDTH {
        fit(rows, narrowest, &widest, WIDTH - gaps)
    } else {
        return records(rows, head);
    };
    // Each row: each cell's lines, filled in its column.
    let cells: Vec<Vec<Vec<String>>> = rows
        .iter()
        .map(|row| {
            (0..columns)
                .map(|i| match row.get(i) {
                    Some((text, align)) => fill_in(text, "", hang(i), widths[i])
                        .split('\n')
                        .map(|line| aligned(line, *align, widths[i]))
                        .collect(),
                    None => vec![" ".repeat(widths[i])],
                })
                .collect()
        })
        .collect();
    // A new row shows by its first cell, flush where its further lines hang, unless one
    // is empty; else rows of several lines would run into each other.
    let body = cells.get(head..).unwrap_or_default();
    let told_apart = body.iter().all(|row| {
        row.iter().all(|c| c.len() == 1) || row.first().is_some_and(|c| !c[0].trim().is_empty())
    });
    let mut lines = Vec::new();
    for (n, row) in cells.iter().enumerate() {
        if n > head && !told_apart {
            lines.push(String::new());
        }
        let height = row.iter().map(Vec::len).max().unwrap_or(1);
        for k in 0..height {
            let line: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(c, &w)| c.get(k).cloned().unwrap_or_else(|| " ".repeat(w)))
                .collect();
            lines.push(line.join(COLUMN_GAP).trim_end().to_string());
        }
        if n + 1 == head {
            let rules: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
            lines.push(rules.join(COLUMN_GAP));
        }
    }
    lines.join("\n")
}

/// The widths of a table's columns within `room` columns (the line less the gaps), from
/// each column's longest word (`widths`) up to its widest cell (`widest`): step by step,
/// the column whose next widening saves the most lines per column it takes is widened, to
/// the first width at which it saves any. Lines are counted first as the table's (each
/// row as tall as its tallest cell), then as its cells' together, so a cell still wraps
/// only where the room did not suffice. Only a widening that saves lines is taken, so each
/// step gains and the steps end: when no column can widen within the room, or none would
/// save a line. (First fit alone never adds a line when widened, since it gives each line
/// at least the words it gave it narrower; keeping names whole ([`Filler`]) can, where the
/// wider room lets a name move down, so a cell's count is taken as it comes.)
fn fit(
    rows: &[Vec<(String, CellAlign)>],
    mut widths: Vec<usize>,
    widest: &[usize],
    room: usize,
) -> Vec<usize> {
    // Each cell's word widths, by column, then by row (`None` where a row is short).
    let words_of: Vec<Vec<Option<Vec<Word>>>> = (0..widths.len())
        .map(|i| {
            rows.iter()
                .map(|r| {
                    r.get(i)
                        .map(|(t, _)| name_words(t).map(|(_, w, j)| (w, j)).collect())
                })
                .collect()
        })
        .collect();
    let heights_at = |i: usize, w: usize| -> Vec<usize> {
        words_of[i]
            .iter()
            .map(|cell| {
                cell.as_ref()
                    .map_or(1, |ws| count_lines(ws, w, hang(i).len()))
            })
            .collect()
    };
    let mut heights: Vec<Vec<usize>> = (0..widths.len())
        .map(|i| heights_at(i, widths[i]))
        .collect();
    let score = |heights: &[Vec<usize>]| -> (usize, usize) {
        let table = (0..rows.len())
            .map(|r| heights.iter().map(|h| h[r]).max().unwrap_or(1))
            .sum();
        (table, heights.iter().flatten().sum())
    };
    loop {
        let spare = room.saturating_sub(widths.iter().sum());
        let now = score(&heights);
        // The best widening: lines saved (table, cells), columns taken, column, its heights.
        let mut best: Option<(usize, usize, usize, usize, Vec<usize>)> = None;
        for i in 0..widths.len() {
            for w in widths[i] + 1..=widest[i].min(widths[i] + spare) {
                let h = heights_at(i, w);
                let old = std::mem::replace(&mut heights[i], h);
                let then = score(&heights);
                let h = std::mem::replace(&mut heights[i], old);
                if then < now {
                    // A saved table line outweighs any number of cell lines.
                    let gain = (now.0 - then.0) * (rows.len() * widths.len() + 1) + now.1 - then.1;
                    let cost = w - widths[i];
                    if best.as_ref().is_none_or(|b| gain * b.1 > b.0 * cost) {
                        best = Some((gain, cost, i, w, h));
                    }
                    break;
                }
            }
        }
        let Some((_, _, i, w, h)) = best else {
            return widths;
        };
        widths[i] = w;
        heights[i] = h;
    }
}

/// A word of a table's cell for [`count_lines`]: its width, and whether the space before
/// it stands inside a name ([`inside_name`]).
type Word = (usize, bool);

/// How many lines [`fill_in`] fills at `width` from words of these widths (each with
/// whether the space before it stands inside a name), its lines after the first indented
/// by `hang` columns.
fn count_lines(words: &[Word], width: usize, hang: usize) -> usize {
    let mut filler = Filler::new(width, width.saturating_sub(hang));
    // The lines so far, and the index of the line's first word.
    let (mut lines, mut first) = (1, 0);
    for (k, &(w, joined)) in words.iter().enumerate() {
        let mut start = k;
        // The name at the line's end as `name_chain` finds it, from the words' flags.
        let place = filler.place(w, || {
            if !joined {
                return None;
            }
            let mut carried = 0;
            for j in (first + 1..k).rev() {
                carried += words[j].0 + 1;
                if !words[j].1 {
                    start = j;
                    return Some(carried);
                }
            }
            None
        });
        match place {
            Place::Break => (lines, first) = (lines + 1, k),
            Place::Carry => (lines, first) = (lines + 1, start),
            Place::Open | Place::Same => {}
        }
    }
    lines
}

/// How far the further lines of a cell of the first column are indented.
const HANG: &str = "  ";

/// The indent of a cell's further lines in column `i`.
fn hang(i: usize) -> &'static str {
    if i == 0 {
        HANG
    } else {
        ""
    }
}

/// A table too wide for the line even with every word on a line of its own, as records:
/// each body row a block, each of its cells a line `Header: value` (the column's header
/// rows' texts), filled with the rest of its lines indented; without header rows, each
/// cell on a line, the row's first flush and the others indented. Empty cells are left out.
fn records(rows: &[Vec<(String, CellAlign)>], head: usize) -> String {
    let head = head.min(rows.len());
    let label = |i: usize| -> String {
        rows[..head]
            .iter()
            .filter_map(|r| r.get(i).map(|(t, _)| t.as_str()))
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let blocks: Vec<String> = rows[head..]
        .iter()
        .map(|row| {
            let lines: Vec<String> = row
                .iter()
                .enumerate()
                .filter(|(_, (text, _))| !text.is_empty())
                .map(|(i, (text, _))| match label(i) {
                    l if l.is_empty() && i == 0 => fill(text, "", "  "),
                    l if l.is_empty() => fill(text, "  ", "  "),
                    l => fill(&format!("{l}: {text}"), "", "  "),
                })
                .collect();
            lines.join("\n")
        })
        .filter(|b| !b.is_empty())
        .collect();
    blocks.join("\n\n")
}

fn aligned(text: &str, align: CellAlign, width: usize) -> String {
    let pad = width.saturating_sub(text.width());
    match align {
        CellAlign::Left => format!("{text}{}", " ".repeat(pad)),
        CellAlign::Right => format!("{}{text}", " ".repeat(pad)),
        CellAlign::Center => format!("{}{text}{}", " ".repeat(pad / 2), " ".repeat(pad - pad / 2)),
    }
}

/// A cell's text on one line: its forced breaks become spaces.
fn one_line(text: &str) -> String {
    text.split('\n')
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of a paragraph's inlines: emphasis is dropped (plain text has none), a forced
/// break stays a newline, and each link's target follows the linked text unless the text
/// already shows it (an address written out, `digital-affairs.example` for its `https://`,
/// or the `(https://…)` that the markdown helper prints after a link for paper), or a
/// footnote reference follows the link at once: with the brand's `[links] print = "notes"`
/// the markdown helper puts the address in that note, which the text prints too.
fn inline_text(inlines: &[Inline]) -> String {
    // Each run: its text, its link, and whether it starts with a footnote reference (such
    // an inline starts a run of its own).
    let mut runs: Vec<(String, Option<&str>, bool)> = Vec::new();
    for inline in inlines.iter().filter(|i| i.field.is_none()) {
        match runs.last_mut() {
            Some((text, link, _)) if *link == inline.link.as_deref() && inline.note.is_none() => {
                text.push_str(&inline.text)
            }
            _ => runs.push((
                inline.text.clone(),
                inline.link.as_deref(),
                inline.note.is_some(),
            )),
        }
    }
    let mut out = String::new();
    for (i, (text, link, _)) in runs.iter().enumerate() {
        out.push_str(text);
        let Some(target) = link else { continue };
        // The address is in the note whose reference follows the link (notes mode).
        if runs.get(i + 1).is_some_and(|(_, _, note)| *note) {
            continue;
        }
        let shown = target
            .strip_prefix("mailto:")
            .or_else(|| target.strip_prefix("tel:"))
            .unwrap_or(target);
        // The markup stage prints the address after the text, as a link of its own.
        let shows = |t: &str| bare(t).contains(&bare(shown));
        let printed_after = runs[i + 1..]
            .iter()
            .any(|(t, l, _)| *l == Some(*target) && shows(t));
        if !printed_after && !shows(text) {
            out.push_str(" <");
            out.push_str(shown);
            out.push('>');
        }
    }
    out
}

/// A link's text or target without scheme, `www.` and trailing slash, for comparing them.
fn bare(s: &str) -> String {
    let s = s.trim().trim_end_matches('/');
    let s = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .unwrap_or(s);
    s.strip_prefix("www.").unwrap_or(s).to_string()
}

/// The lines of a text, each filled to [`WIDTH`]: a forced break starts a new line, which
/// is filled on its own.
///
/// First fit as textwrap's `wrap_first_fit` does it, written out here in one pass over the
/// text: each word (the text between two ASCII spaces) is measured as it is found
/// ([`words`]) and goes on the line if the line's words, a space after each, and it fit in
/// the room, else it starts the next line; a word longer than the line stands on a line of
/// its own, and each line is trimmed at its end. Session 10 gave textwrap's algorithm
/// fragments measured here instead of calling `textwrap::wrap` (29 M of the 35 M
/// instructions the texts of 20 releases cost, callgrind); collecting them (a `split` and
/// a `filter` per word, then a second pass to measure it) was still 17 M of the 24 M that
/// `fill` cost for 50 releases. Session 16 kept names on one line ([`Filler`]). The unit
/// test `filling_equals_textwrap_wrap` holds the lines equal to `textwrap::wrap`'s without
/// that rule, and with it wherever `textwrap` ends no line inside a name.
fn fill(text: &str, first: &str, rest: &str) -> String {
    fill_in(text, first, rest, WIDTH)
}

/// [`fill`] to lines of `line_width` columns: a table's cells are filled to their column.
fn fill_in(text: &str, first: &str, rest: &str, line_width: usize) -> String {
    fill_lines(text, first, rest, line_width, true)
}

/// [`fill_in`], keeping names on one line ([`Filler`]) when `names`; without, plain first
/// fit (the unit tests compare that with `textwrap::wrap`).
fn fill_lines(text: &str, first: &str, rest: &str, line_width: usize, names: bool) -> String {
    let room = |indent: &str| line_width.saturating_sub(width(indent));
    let (first_room, rest_room) = (room(first), room(rest));
    let mut out = String::with_capacity(text.len() + text.len() / WIDTH * (rest.len() + 1));
    let mut lines = 0;
    for (i, line) in text.split('\n').enumerate() {
        let mut filler = Filler::new(if i == 0 { first_room } else { rest_room }, rest_room);
        // Where the line being filled starts in `out` (before its indent), if it has a word;
        // where its words start (after the indent); the word before this one.
        let (mut open, mut words_at, mut before): (Option<usize>, usize, &str) = (None, 0, "");
        // Where the line ends if a name goes down (set when one does).
        let mut space = 0;
        for (word, w) in words(line) {
            let place = filler.place(w, || {
                if !names || !inside_name(before, word) {
                    return None;
                }
                let (at, carried) = name_chain(&out[words_at..])?;
                space = words_at + at;
                Some(carried)
            });
            match (place, open) {
                (Place::Same, Some(_)) => out.push(' '),
                (Place::Carry, Some(start)) => {
                    // The words after `space` go down with this one: the space becomes the
                    // line's end, and the line before it is trimmed as any line is.
                    let kept = out[start..space].trim_end().len();
                    out.replace_range(start + kept..space + 1, "\n");
                    out.insert_str(start + kept + 1, rest);
                    lines += 1;
                    open = Some(start + kept + 1);
                    words_at = start + kept + 1 + rest.len();
                    out.push(' ');
                }
                (place, _) => {
                    if let Some(start) = open {
                        trim_end_from(&mut out, start);
                    }
                    if lines > 0 {
                        out.push('\n');
                    }
                    lines += 1;
                    open = Some(out.len());
                    out.push_str(if i == 0 && place == Place::Open {
                        first
                    } else {
                        rest
                    });
                    words_at = out.len();
                }
            }
            out.push_str(word);
            before = word;
        }
        if open.is_none() {
            // No word: an empty line, as textwrap keeps it (`a<br/><br/>b`: the blank line
            // between two contacts). Runs of them are `tidy`'s to squeeze.
            if lines > 0 {
                out.push('\n');
            }
            lines += 1;
        }
        if let Some(start) = open {
            trim_end_from(&mut out, start);
        }
    }
    out
}

/// The name at the end of `line` (words as [`fill_lines`] wrote them, one ASCII space
/// between each two): the offset of the space before it, the last space of the line that is
/// not inside a name ([`inside_name`]), and its words' width with a space after each. None
/// when the name starts the line.
fn name_chain(line: &str) -> Option<(usize, usize)> {
    let (mut end, mut carried) = (line.len(), 0);
    loop {
        let at = line[..end].rfind(' ')?;
        let word = &line[at + 1..end];
        carried += width(word) + 1;
        let left = &line[..at];
        let left = &left[left.rfind(' ').map_or(0, |k| k + 1)..];
        if !inside_name(left, word) {
            return Some((at, carried));
        }
        end = at;
    }
}

/// Where [`Filler::place`] puts a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// First on its text line: it opens the first line.
    Open,
    /// On the line being filled, after a space.
    Same,
    /// First on a new line (first fit's break).
    Break,
    /// On a new line, after the words of a name that the line held at its end: the line
    /// ends at the space before them instead.
    Carry,
}

/// How far before first fit's end a line may end to keep a name whole: a third of its room,
/// 24 of the 72 columns. What goes down is the name's words on the line, each with its
/// space: `Mathieu ` is 8 columns, `Minister Михайло ` 17 (a noun before a name reads as
/// part of it), `Jean-Baptiste Marie ` 20; a third keeps all of these whole on a full line,
/// and 24 columns is about what first fit already leaves blank before a long word (a German
/// compound, a URL), so the right edge gets no rougher than it already can. Beyond that a
/// name is broken as before. In a narrow table cell a third leaves little to give
/// (`Mathieu ` needs a room of 24), so a cell mostly keeps its lines; `fit` counts them with
/// the same rule.
const NAME_SLACK_DIVISOR: usize = 3;

/// First fit, keeping names on one line: where each word of a text line goes.
///
/// A word goes on the line if the line's words, a space after each, and it fit in the room
/// ([`fill`]). If it does not fit and the space before it is inside a name
/// ([`inside_name`]), the line ends instead at its last space that is not (the words after
/// it go down with the word) when that costs the line at most [`NAME_SLACK_DIVISOR`]th of
/// its room and the moved words and the word fit on the next line; otherwise it breaks
/// there as first fit does: a name chain longer than the line, or one that starts the line,
/// is broken as before. Words only ever move down, a line is never longer than first fit's,
/// and a word longer than the line stands alone as before. [`fill_lines`] writes the lines,
/// [`count_lines`] counts them: one decision for both.
///
/// The name is looked for only where a word does not fit (about one word in ten of running
/// text), so the words that do fit cost what they cost before.
struct Filler {
    /// The room of the line being filled and of the lines after it.
    room: usize,
    rest_room: usize,
    /// The line's words so far, each with the space after it (0 before the first word).
    used: usize,
}

impl Filler {
    fn new(room: usize, rest_room: usize) -> Filler {
        Filler {
            room,
            rest_room,
            used: 0,
        }
    }

    /// Where a word `w` columns wide goes. `chain` is asked only when it does not fit: if
    /// the space before it is inside a name and the line holds a space before that name,
    /// the width of the name's words on the line, a space after each.
    #[inline]
    fn place(&mut self, w: usize, chain: impl FnOnce() -> Option<usize>) -> Place {
        if self.used == 0 {
            self.used = w + 1;
            return Place::Open;
        }
        if self.used + w <= self.room {
            self.used += w + 1;
            return Place::Same;
        }
        let room = std::mem::replace(&mut self.room, self.rest_room);
        if let Some(carried) = chain() {
            if carried <= room / NAME_SLACK_DIVISOR && carried + w <= self.rest_room {
                self.used = carried + w + 1;
                return Place::Carry;
            }
        }
        self.used = w + 1;
        Place::Break
    }
}

/// [`words`], each with whether the space before it stands inside a name ([`inside_name`]).
fn name_words(line: &str) -> impl Iterator<Item = (&str, usize, bool)> {
    let mut before: Option<&str> = None;
    words(line).map(move |(word, w)| {
        let joined = before.is_some_and(|b| inside_name(b, word));
        before = Some(word);
        (word, w, joined)
    })
}

/// Whether the space between the words `left` and `right` reads as a space inside a name,
/// which the text keeps off a line's end when it can ([`Filler`]): both are capitalised (an
/// upper-case first letter in any script: `Mathieu Michel`, `Михайло Федоров`, `Κυριάκος
/// Μητσοτάκης`), `left` ends in a letter (no full stop, comma, colon or bracket after it:
/// `an. Das Abkommen` has a sentence end between them) and is no capitalised function word
/// that starts a sentence ([`sentence_opener`]: `Das Abkommen`, `De Belgische regering`).
/// A word holding no-break spaces is judged by its part next to the space (the typography
/// stage glues `Dr.\u{A0}Hans`, `Van\u{A0}Peteghem`). German nouns are capitalised too, so
/// two nouns in a row (`am Montag Verträge`) read as a name: the cost is a line ended
/// earlier, bounded by [`NAME_SLACK_DIVISOR`]. Lower-case particles (`Ursula von der Leyen`)
/// are not followed: `von` and `der` are also the words around any German noun, and the
/// typography stage already glues them after a title or a glued name.
fn inside_name(left: &str, right: &str) -> bool {
    // Most words of running text are small: one byte decides.
    if !capitalised(right) {
        return false;
    }
    let part = left.rsplit(['\u{A0}', '\u{202F}']).next().unwrap_or(left);
    capitalised(part)
        && part.chars().next_back().is_some_and(char::is_alphabetic)
        && !sentence_opener(part)
}

/// Whether `word` starts with an upper-case letter.
#[inline]
fn capitalised(word: &str) -> bool {
    match word.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        Some(_) => word.chars().next().is_some_and(char::is_uppercase),
        None => false,
    }
}

/// The capitalised articles, pronouns and prepositions that start sentences in the four
/// languages (and in English titles): a capitalised word after one is no name. `De` and
/// `Van` as name particles stand glued to the name after them (`Alexander De\u{A0}Croo`).
fn sentence_opener(word: &str) -> bool {
    matches!(
        word,
        // Dutch
        "De" | "Het" | "Een" | "Dit" | "Deze" | "Dat" | "Die" | "In" | "Op" | "Met" | "Voor"
            | "Na" | "Bij" | "Om" | "Als" | "Ook" | "Zo" | "We" | "Wij" | "Hij" | "Zij"
            | "Ze"
            // French
            | "Le" | "La" | "Les" | "Un" | "Une" | "Des" | "Ce" | "Cet" | "Cette" | "Ces"
            | "En" | "Dans" | "Pour" | "Par" | "Sur" | "Avec" | "Il" | "Elle" | "Ils"
            | "Nous" | "Selon"
            // German
            | "Der" | "Das" | "Den" | "Dem" | "Ein" | "Eine" | "Einen" | "Einem"
            | "Einer" | "Im" | "Am" | "Zum" | "Zur" | "Mit" | "Für" | "Auf" | "Bei" | "Nach"
            | "Von" | "Aus" | "An" | "Es" | "Er" | "Sie" | "Wir" | "Auch" | "Diese"
            | "Dieser" | "Dieses" | "Laut"
            // English
            | "The" | "A" | "This" | "That" | "These" | "Those" | "On" | "At" | "For"
            | "With" | "By" | "From" | "To" | "Of" | "Its" | "Our" | "It" | "He" | "She"
            | "They" | "As" | "According"
    )
}

/// `str::trim_end` of the line that starts at `start`, as each line of `textwrap::wrap`
/// was trimmed: it also drops a no-break space that ends a line.
fn trim_end_from(out: &mut String, start: usize) {
    let kept = out[start..].trim_end().len();
    out.truncate(start + kept);
}

/// The words of `line` (the texts between ASCII spaces, none empty), each with its
/// [`width`], measured in the pass that finds it: an ASCII word's width is its count of
/// printable bytes; a word with any other character is measured again by [`width`].
fn words(line: &str) -> impl Iterator<Item = (&str, usize)> {
    let bytes = line.as_bytes();
    let mut k = 0;
    std::iter::from_fn(move || {
        while bytes.get(k) == Some(&b' ') {
            k += 1;
        }
        let start = k;
        let (mut printable, mut ascii) = (0, true);
        while let Some(&b) = bytes.get(k).filter(|&&b| b != b' ') {
            ascii &= b.is_ascii();
            printable += usize::from((0x20..0x7F).contains(&b));
            k += 1;
        }
        // Cut at ASCII spaces, so at character boundaries.
        let word = line.get(start..k).filter(|w| !w.is_empty())?;
        Some((word, if ascii { printable } else { width(word) }))
    })
}

/// The display width of `s` as textwrap measures it: the sum of its characters' widths,
/// a control character counting none. Most words are ASCII, whose printable characters
/// count one each.
fn width(s: &str) -> usize {
    use unicode_width::UnicodeWidthChar;
    match s.is_ascii() {
        true => s.bytes().filter(|b| (0x20..0x7F).contains(b)).count(),
        false => s.chars().map(|c| c.width().unwrap_or(0)).sum(),
    }
}

/// Runs of ASCII spaces as one, none at the ends (a no-break space is kept as it is).
fn collapse(line: &str) -> String {
    line.split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The lines of a text, trimmed, without empty ones.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(collapse)
        .filter(|l| !l.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words of table cells: numbers held by no-break spaces, a URL, wide characters.
    const CELL_WORDS: [&str; 12] = [
        "a",
        "het",
        "Werkloosheidsgraad",
        "63\u{202F}700",
        "(%)",
        "Hoofdstedelijk",
        "Brussels",
        "東京",
        "–0,9",
        "2025",
        "https://statistiek.example/fr/travail/2026-t3",
        "Jean-Luc\u{A0}Dehaene",
    ];

    /// A fixed linear congruential sequence of numbers below each `n` asked: many cases,
    /// the same on every run.
    fn numbers(mut seed: u64) -> impl FnMut(usize) -> usize {
        move |n| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        }
    }

    fn cells(rows: &[&[&str]]) -> Vec<Vec<(String, CellAlign)>> {
        rows.iter()
            .map(|r| {
                r.iter()
                    .map(|t| {
                        // Numbers right, as the markup aligns them.
                        let number = t.starts_with(|c: char| c.is_ascii_digit() || c == '–');
                        let align = if number {
                            CellAlign::Right
                        } else {
                            CellAlign::Left
                        };
                        (t.to_string(), align)
                    })
                    .collect()
            })
            .collect()
    }

    /// The statistics example's table of regions (Dutch): 98 columns on one line each. Set
    /// within the line, its numbers whole, the long region name hanging.
    #[test]
    fn a_table_wider_than_the_line_fills_its_cells_in_narrower_columns() {
        let nnbsp = "\u{202F}";
        let rows = cells(&[
            &[
                "Gewest",
                "Werklozen",
                "Werkloosheidsgraad (%)",
                "Verschil met 2025 (procentpunt)",
            ],
            &["Vlaams Gewest", &format!("118{nnbsp}400"), "3,6", "–0,1"],
            &[
                "Brussels Hoofdstedelijk Gewest",
                &format!("63{nnbsp}700"),
                "11,2",
                "–0,9",
            ],
            &["België", &format!("314{nnbsp}000"), "5,4", "–0,3"],
        ]);
        let text = table_of(&rows, 1);
        let lines: Vec<&str> = text.lines().collect();
        for line in &lines {
            assert!(line.width() <= WIDTH, "{line:?}\n{text}");
        }
        // Each number is whole and on its row's first line, right-aligned with the others.
        let row = |start: &str| lines.iter().position(|l| l.starts_with(start)).unwrap();
        let brussels = row("Brussels");
        assert!(lines[brussels].contains(&format!("63{nnbsp}700")), "{text}");
        assert!(
            lines[row("Vlaams")].contains(&format!("118{nnbsp}400")),
            "{text}"
        );
        let end_of = |l: &str, n: &str| l[..l.find(n).unwrap() + n.len()].width();
        assert_eq!(
            end_of(lines[row("Vlaams")], "400"),
            end_of(lines[brussels], "700"),
            "{text}"
        );
        // The name's further lines hang under it; the next row starts flush.
        assert!(
            lines[brussels + 1].starts_with("  Hoofdstedelijk"),
            "{text}"
        );
        assert!(lines.iter().any(|l| l.starts_with("België")), "{text}");
        // The header is filled in its columns too, above the dashes.
        let dashes = lines.iter().position(|l| l.starts_with("---")).unwrap();
        assert!(dashes >= 2, "{text}");
        assert!(
            !text.contains("\n\n"),
            "rows told apart by their first cells: {text}"
        );
    }

    /// A table whose columns' longest words alone are wider than the line is set as a
    /// record per row, each cell under its header's name.
    #[test]
    fn a_table_too_wide_even_for_its_words_becomes_records() {
        let header: Vec<String> = (1..=8).map(|i| format!("Kolomtitel{i}")).collect();
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let body = [
            "Antwerpen",
            "Oost-Vlaanderen",
            "",
            "West-Vlaanderen",
            "Limburg",
            "Vlaams-Brabant",
            "Henegouwen",
            "Luxemburg",
        ];
        let text = table_of(&cells(&[&header, &body, &body]), 1);
        let expected = "Kolomtitel1: Antwerpen\nKolomtitel2: Oost-Vlaanderen\n\
            Kolomtitel4: West-Vlaanderen\nKolomtitel5: Limburg\nKolomtitel6: Vlaams-Brabant\n\
            Kolomtitel7: Henegouwen\nKolomtitel8: Luxemburg";
        assert_eq!(text, format!("{expected}\n\n{expected}"));
        // Without a header row, each row's cells stand under its first.
        let text = table_of(&cells(&[&body]), 0);
        assert!(
            text.starts_with("Antwerpen\n  Oost-Vlaanderen\n  West-Vlaanderen"),
            "{text}"
        );
    }

    /// Rows whose first cell is empty cannot show where they start: a blank line does.
    #[test]
    fn rows_without_a_first_cell_stand_apart_when_they_take_several_lines() {
        let long = "een omschrijving die veel langer is dan wat er op de regel past naast de andere kolommen van deze tabel";
        let text = table_of(&cells(&[&["Begrip", long], &["", long]]), 0);
        assert!(text.contains("\n\n"), "{text}");
        assert!(text.lines().all(|l| l.width() <= WIDTH), "{text}");
        let text = table_of(&cells(&[&["Begrip", long], &["Ander", long]]), 0);
        assert!(!text.contains("\n\n"), "{text}");
    }

    /// The widths `fit` chooses by counting lines are the widths the cells then fill: the
    /// count equals the lines `fill_in` gives, for every width and both indents, names
    /// kept whole included (the pool's capitalised words make names; the test counts the
    /// cases where that changed the lines, so it cannot pass without the rule at work).
    #[test]
    fn counting_lines_equals_filling_them() {
        let pool = CELL_WORDS;
        let mut next = numbers(15);
        let mut names_kept = 0;
        for _ in 0..3000 {
            let text: Vec<&str> = (0..next(12)).map(|_| pool[next(pool.len())]).collect();
            let text = text.join(" ");
            let ws: Vec<(usize, bool)> = name_words(&text).map(|(_, w, j)| (w, j)).collect();
            let w = 1 + next(WIDTH);
            for hang in ["", HANG] {
                let filled = fill_in(&text, "", hang, w);
                names_kept += usize::from(filled != fill_lines(&text, "", hang, w, false));
                assert_eq!(
                    count_lines(&ws, w, hang.len()),
                    filled.split('\n').count(),
                    "{text:?} at {w} {hang:?}"
                );
            }
        }
        assert!(names_kept > 100, "{names_kept}");
    }

    /// Random tables (1 to 9 columns, words up to a URL long): every line within the line
    /// unless it is one word alone, and every cell's words back, whole.
    #[test]
    fn every_table_fits_the_line_and_keeps_its_words() {
        let pool = CELL_WORDS;
        let mut next = numbers(72);
        for _ in 0..500 {
            let columns = 1 + next(9);
            let rows: Vec<Vec<String>> = (0..1 + next(6))
                .map(|_| {
                    (0..columns)
                        .map(|_| {
                            (0..next(8))
                                .map(|_| pool[next(pool.len())])
                                .collect::<Vec<_>>()
                                .join(" ")
                        })
                        .collect()
                })
                .collect();
            let refs: Vec<Vec<&str>> = rows
                .iter()
                .map(|r| r.iter().map(String::as_str).collect())
                .collect();
            let refs: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
            let head = next(2).min(rows.len());
            let text = table_of(&cells(&refs), head);
            for line in text.lines() {
                assert!(
                    line.width() <= WIDTH || !line.trim().contains(' '),
                    "{line:?}\n{text}"
                );
            }
            // Split at ASCII spaces only: a no-break space holds a number together.
            let mut out: Vec<&str> = text.split([' ', '\n']).filter(|w| !w.is_empty()).collect();
            for word in rows[head..]
                .iter()
                .flat_map(|r| r.iter())
                .flat_map(|c| c.split(' '))
                .filter(|w| !w.is_empty())
            {
                let at = out.iter().position(|o| o.trim_end_matches(':') == word);
                assert!(at.is_some(), "{word:?} lost:\n{text}");
                out.swap_remove(at.unwrap());
            }
        }
    }

    #[test]
    fn filling_breaks_only_at_ascii_spaces() {
        let glued = "14\u{202F}200\u{202F}000";
        let url = "https://www.example.org/a/very/long/path/that/goes/on/and/on/index.html";
        let text = format!("Er zijn {glued} gezinnen. Zie {url} voor meer. Jean-Luc\u{A0}Dehaene.");
        let filled = fill(&text, "", "");
        for line in filled.lines() {
            assert!(line.width() <= WIDTH || line == url, "{line:?}");
        }
        assert!(filled.contains(glued));
        assert!(filled.lines().any(|l| l.contains(url)));
        assert!(filled.contains("Jean-Luc\u{A0}Dehaene."));
    }

    /// `fill` as it was written through `textwrap::wrap`, which the faster one must equal.
    fn fill_through_textwrap(text: &str, first: &str, rest: &str) -> String {
        let options = textwrap::Options::new(WIDTH)
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation)
            .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
            .break_words(false);
        let mut out = Vec::new();
        for (i, line) in text.split('\n').enumerate() {
            let line = collapse(line);
            let options = options
                .clone()
                .initial_indent(if i == 0 { first } else { rest })
                .subsequent_indent(rest);
            // An empty line stays, without its indent (which `wrap` would give it).
            if line.is_empty() {
                out.push(String::new());
                continue;
            }
            out.extend(
                textwrap::wrap(&line, options)
                    .into_iter()
                    .map(|l| l.trim_end().to_string()),
            );
        }
        out.join("\n")
    }

    /// Whether `textwrap`'s first fit of `text` ends a line inside a name: its lines' words
    /// as `textwrap::wrap` finds them, and the two words around each break.
    fn textwrap_breaks_a_name(text: &str, first: &str, rest: &str) -> bool {
        use textwrap::core::Fragment;
        text.split('\n').map(collapse).any(|line| {
            let words: Vec<_> = textwrap::WordSeparator::AsciiSpace
                .find_words(&line)
                .collect();
            let rooms = [first, rest].map(|i| WIDTH.saturating_sub(width(i)) as f64);
            let mut at = 0;
            let lines = textwrap::wrap_algorithms::wrap_first_fit(&words, &rooms);
            lines.iter().any(|l| {
                at += l.len();
                let next = words.get(at).filter(|w| w.width() > 0.0);
                next.is_some_and(|n| inside_name(words[at - 1].word, n.word))
            })
        })
    }

    /// Regression guard for the measured fragments in `fill`: the same lines as
    /// `textwrap::wrap` for words of every width (CJK, combining marks, tabs, no-break
    /// spaces that end a line or stand alone, words longer than the line), runs of spaces,
    /// forced and empty lines, and each indent the channel uses; without keeping names
    /// whole always, and with it wherever `textwrap` ends no line inside a name (the pool
    /// makes names of `Überweisung`, `Jean-Luc Dehaene.` and `Михайло Федоров`). Where
    /// it does, the lines differ, and still hold the same words, none past the width
    /// unless alone.
    #[test]
    fn filling_equals_textwrap_wrap() {
        let pool = [
            "a",
            "het",
            "gezinnen",
            "14\u{202F}200\u{202F}000",
            "«\u{202F}oui\u{202F}»",
            "Jean-Luc\u{A0}Dehaene.",
            "\u{A0}",
            "x\u{A0}",
            "東京都庁",
            "e\u{301}te\u{301}",
            "tab\there",
            "\r",
            "https://www.example.org/a/very/long/path/that/goes/on/and/on/and/on/index.html",
            "",
            "  ",
            "\n",
            "\n\n",
            "Überweisung",
            "€",
            "39\u{A0}%",
            "Михайло",
            "Федоров",
        ];
        let indents = [
            ("", ""),
            ("    ", "    "),
            ("- ", "  "),
            ("12. ", "    "),
            ("¹ ", "  "),
        ];
        let mut next = numbers(14);
        let (mut names, mut differ) = (0, 0);
        for case in 0..3000 {
            let words = next(60);
            let text: Vec<&str> = (0..words).map(|_| pool[next(pool.len())]).collect();
            let text = text.join(if case % 3 == 0 { "  " } else { " " });
            let (first, rest) = indents[next(indents.len())];
            let reference = fill_through_textwrap(&text, first, rest);
            assert_eq!(
                fill_lines(&text, first, rest, WIDTH, false),
                reference,
                "{text:?} {first:?} {rest:?}"
            );
            let filled = fill(&text, first, rest);
            if !textwrap_breaks_a_name(&text, first, rest) {
                assert_eq!(filled, reference, "{text:?} {first:?} {rest:?}");
                continue;
            }
            names += 1;
            differ += usize::from(filled != reference);
            // Each line is trimmed at its end, a no-break space too, wherever it ends.
            let words = |t: &str| -> Vec<String> {
                let words = t.split([' ', '\n']).map(str::trim);
                words.filter(|w| !w.is_empty()).map(String::from).collect()
            };
            assert_eq!(words(&filled), words(&reference), "{text:?}");
            for line in filled.lines() {
                let words = line.strip_prefix(first).or(line.strip_prefix(rest));
                let alone = words.is_some_and(|w| !w.trim().contains(' '));
                // By the fill's own measure (textwrap's: a control character counts none).
                assert!(width(line) <= WIDTH || alone, "{line:?} in {filled:?}");
            }
        }
        assert!(names > 100 && differ > 50, "{names} {differ}");
    }

    /// Names stay on one line where the line can end before them, at most a third of its
    /// room earlier: real cases from the examples and their languages, and the limits.
    #[test]
    fn a_name_is_not_split_over_two_lines_when_the_line_can_end_before_it() {
        let lines_of = |text: &str, w: usize| -> Vec<String> {
            fill_in(text, "", "", w).lines().map(String::from).collect()
        };
        // The trilingual example's German lead.
        let de = "Belgien, Griechenland und die Ukraine erkennen künftig gegenseitig ihre \
            elektronischen Signaturen für Behördendokumente an. Das Abkommen wurde heute in \
            Eupen von Staatssekretär Mathieu Michel, dem griechischen Minister Κυριάκος \
            Πιερρακάκης und dem ukrainischen Minister Михайло Федоров unterzeichnet.";
        let lines = lines_of(de, WIDTH);
        assert!(lines.iter().all(|l| l.width() <= WIDTH), "{lines:#?}");
        for name in ["Михайло Федоров", "Κυριάκος Πιερρακάκης", "Mathieu Michel"]
        {
            assert!(lines.iter().any(|l| l.contains(name)), "{name}: {lines:#?}");
        }
        // Without the rule the minister is split (first fit), so the case is a real one.
        let plain = fill_lines(de, "", "", WIDTH, false);
        assert!(!plain.contains("Михайло Федоров"), "{plain}");
        // Greek, in a narrow column: the line ends before the first name.
        let el = "Ο πρωθυπουργός Κυριάκος Μητσοτάκης συναντήθηκε με τον Αλέξη Τσίπρα.";
        let lines = lines_of(el, 30);
        assert_eq!(
            lines,
            [
                "Ο πρωθυπουργός",
                "Κυριάκος Μητσοτάκης",
                "συναντήθηκε με τον",
                "Αλέξη Τσίπρα."
            ],
        );
        // A sentence start is no name (`an. Das`, and `Das Abkommen` after it), nor a word
        // with a full stop or comma after it.
        assert!(!inside_name("an.", "Das"));
        assert!(!inside_name("Das", "Abkommen"));
        assert!(!inside_name("Brüssel,", "Kyjiw"));
        assert!(inside_name("Minister", "Михайло"));
        assert!(inside_name("dhr.\u{A0}Van\u{A0}Peteghem", "Jansen"));
        assert!(!inside_name("Mathieu", "michel"));
        // A German noun chain reads as a name: kept whole, within a third of the room.
        let nouns = "Die Minister unterzeichneten das Abkommen am Montag Verträge über Daten";
        let lines = lines_of(nouns, 58);
        assert_eq!(lines[1], "Montag Verträge über Daten", "{lines:#?}");
        // More than a third of the room to give: first fit's break, inside the name.
        let long = "Dit is een tekst van zesendertig Anne-Marie-Christine Kowalczykowski-Dubois";
        assert_eq!(
            lines_of(long, 63),
            [
                "Dit is een tekst van zesendertig",
                "Anne-Marie-Christine Kowalczykowski-Dubois"
            ],
        );
        assert_eq!(
            lines_of(long, 60),
            [
                "Dit is een tekst van zesendertig Anne-Marie-Christine",
                "Kowalczykowski-Dubois"
            ],
        );
        // A name chain longer than the line is broken as before, within the width.
        let chain = "Bij Jean Claude Pierre Marie Dominique Van Damme Mertens";
        let lines = lines_of(chain, 20);
        assert_eq!(
            lines,
            fill_lines(chain, "", "", 20, false)
                .lines()
                .collect::<Vec<_>>()
        );
        assert!(lines.iter().all(|l| l.width() <= 20), "{lines:#?}");
        // Narrow table cells: a name moves down only as far as the cell's third allows
        // (`Mathieu ` is 8 of 20 columns, more than 6), and `fit` counts the lines filled.
        for (cell, w, expected) in [
            (
                "minister Mathieu Michel",
                20,
                vec!["minister Mathieu", "Michel"],
            ),
            ("bij Ed Smith", 9, vec!["bij", "Ed Smith"]),
        ] {
            assert_eq!(lines_of(cell, w), expected);
            let ws: Vec<(usize, bool)> = name_words(cell).map(|(_, w, j)| (w, j)).collect();
            assert_eq!(count_lines(&ws, w, 0), expected.len());
        }
    }

    /// `tidy` as it read its lines through `str::lines`, which the `memchr` pass must equal.
    fn tidy_by_lines(text: &str) -> String {
        let mut out = String::new();
        let mut blank = true;
        for line in text.lines().map(str::trim_end) {
            if line.is_empty() {
                if !blank {
                    out.push('\n');
                }
                blank = true;
                continue;
            }
            out.push_str(line);
            out.push('\n');
            blank = false;
        }
        while out.ends_with("\n\n") {
            out.pop();
        }
        out
    }

    #[test]
    fn tidy_finds_the_lines_str_lines_finds() {
        let pool = [
            "", "a", " ", "b c ", "\n", "\n", "\r\n", "\r", "\t", "\u{A0}",
        ];
        let mut seed = 11u64;
        for _ in 0..5000 {
            let mut text = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            for _ in 0..(seed >> 60) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pool[(seed >> 33) as usize % pool.len()]);
            }
            assert_eq!(tidy(&text), tidy_by_lines(&text), "{text:?}");
        }
    }

    #[test]
    fn tidy_leaves_one_blank_line_and_one_final_newline() {
        assert_eq!(tidy("\n\na  \n\n\n\nb\n\n"), "a\n\nb\n");
    }
}
