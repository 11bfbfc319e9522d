//! Footnotes: a language's [`Notes`] become a short rule and one hanging-numbered
//! paragraph per note, in the small sans of the page furniture.
//!
//! Each note is tagged `Note` (with the `/ID` PDF/UA asks for, given by the pdf stage), its
//! number a `Lbl` and its text a `P`, so a screen reader announces it as a note. The
//! number in the text is the superscript the markup stage put there. The templates set the
//! notes at the end of the text, before the end mark; a few notes stay whole, and go to a
//! new page only with the text's last lines.

use super::flow::FlowBuilder;
use super::style::{Align, Style};
use super::tree::{Item, StructRole, Tag};
use super::vlist::{unsplittable, Flow};
use crate::font::Family;
use crate::geom::Pt;
use crate::markup::Notes;

/// Note text size relative to the body: a step below the tables' cells, as notes are read
/// after the text, if at all.
const NOTE_SIZE: f32 = 0.8;
/// Indent of a note's text; its number hangs in it.
const NOTE_INDENT: Pt = Pt::from_mm(5.0);
/// The rule above the notes: a quarter of the column, as books separate footnotes.
const RULE_SHARE: f32 = 0.25;
const RULE_LINE: Pt = Pt(8.0);
/// Notes up to this many lines (the rule counted) are never split across pages: as many
/// as an unsplit quote block, small notes' lines being shorter.
const UNSPLIT_NOTES_LINES: usize = 8;

impl FlowBuilder<'_, '_> {
    /// Sets a language's notes at the current column.
    pub(super) fn notes(&mut self, notes: &Notes) {
        let body = Pt(self.brand.file.page.font_size_pt);
        self.flow.push(Flow::Space(body * 0.8));
        let start = self.flow.len();
        self.flow.push(Flow::Line {
            h: RULE_LINE,
            items: vec![Item::Line {
                x1: self.x,
                y1: RULE_LINE / 2.0,
                x2: self.x + self.width * RULE_SHARE,
                y2: RULE_LINE / 2.0,
                width: Pt(0.5),
                color: self.brand.muted,
            }],
            breakable: !self.keep,
        });
        let size = body * NOTE_SIZE;
        let style = Style {
            family: Family::Sans,
            bold: false,
            italic: false,
            size,
            leading: (size * 1.35).round(),
            color: self.brand.text,
            align: Align::Left,
            space_before: Pt::ZERO,
            space_after: Pt(2.0),
            tracking: Pt::ZERO,
            keep_with_next: false,
            uppercase: false,
            hyphenate: true,
            expansion: super::Expansion::NONE,
        };
        for (k, note) in notes.notes.iter().enumerate() {
            let elem = self.elem(StructRole::Note, notes.lang, None);
            let lbl = self.elem(StructRole::Lbl, notes.lang, Some(elem));
            let p = self.elem(StructRole::P, note.para.lang, Some(elem));
            let mut lines = self.lines(&note.para, style, NOTE_INDENT, Some(Tag { elem: p }));
            if let Some(first) = lines.first_mut() {
                self.bullet(first, style, &note.number.to_string(), lbl);
            }
            // The rule stays with the first note.
            self.keep = k == 0;
            self.push_lines(lines, style, NOTE_INDENT, |_| Vec::new());
        }
        // A few notes are read together, under their rule: whole on one page.
        let lines = self.flow[start..]
            .iter()
            .filter(|f| matches!(f, Flow::Line { .. }))
            .count();
        if lines <= UNSPLIT_NOTES_LINES {
            unsplittable(&mut self.flow[start..]);
        }
        // The notes explain the text above them: never a page of their own, nor at the
        // head of one without the text's last lines.
        self.keep_with_previous(start);
        self.keep = false;
    }
}
