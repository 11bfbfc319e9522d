//! The letterhead: the brand's logo at the top left, beside one column of name and address
//! lines per language (a joint release: one such block per organisation, one under the
//! other), closed by a rule in the brand's primary colour. It becomes one
//! [`Flow::Letterhead`] entry, which pagination keeps first on page 1.
//!
//! The lines are set ragged left at their natural width, without hyphenation choices of
//! their own (the class styles decide) and without structure tags: the letterhead is page
//! furniture, not part of the release's text.

use super::para::{layout_para, ParaSpec};
use super::shape::Shaper;
use super::style::{para_style, Align, Style, COLUMN_GAP};
use super::tree::{Item, Overfull};
use super::vlist::{scale_op, shift, Flow};
use crate::brand::{Brand, Logo};
use crate::geom::{Pt, Raster};
use crate::markup::{Class, Para};
use std::sync::Arc;

/// Space above an address line that has lines above it in its column. The address lines
/// are small and muted; set at their bare leading they read as one wrapped paragraph, and
/// the extra 3 pt (about a quarter of their leading) makes each line an entry of its own
/// and sets the block off from the organisation's name.
const ADDRESS_LINE_GAP: Pt = Pt(3.0);
/// Depth of the letterhead box below the taller of logo and text: room for the rule
/// ([`RULE_RAISE`] above the box's bottom) and air between the text and the rule.
const BOX_DEPTH: Pt = Pt(8.0);
/// The rule's centre stands this far above the box's bottom, so that it sits 6 pt under
/// the lowest line: close enough to belong to the letterhead, apart enough not to underline
/// its last line.
const RULE_RAISE: Pt = Pt(2.0);
/// Rule weight: heavier than the 0.5 pt of an `<hr/>` in the text, so that the letterhead
/// reads as the page's head and a text rule never looks like it.
const RULE_WIDTH: Pt = Pt(1.2);
/// Space between the letterhead box and the text: with [`RULE_RAISE`] the first line
/// starts 12 pt below the rule, the same distance as the rule's 6 pt under the letterhead
/// text doubled, so the rule belongs to the head and the release starts apart from it.
const SPACE_BELOW: Pt = Pt(10.0);

/// Space between the blocks of two organisations in a joint letterhead: a blank body line,
/// so each organisation's logo and name read as one unit.
const ORGANISATION_GAP: Pt = Pt(10.0);

/// Lays out a letterhead in the column at `x`, `width` wide. Logo images are added to
/// `images`; the text of overfull lines to `overfull`.
///
/// A joint release's brand has partners ([`Brand::partners`]): each cell then holds one
/// block of lines per organisation (a block starts at an `org` line after other lines), and
/// block k is set beside organisation k's logo, below the taller of the block and the logo
/// before it. With one organisation this is one block beside one logo.
pub fn letterhead(
    shaper: &mut Shaper,
    brand: &Brand,
    (x, width): (Pt, Pt),
    cells: &[Vec<Para>],
    images: &mut Vec<Arc<Raster>>,
    overfull: &mut Vec<Overfull>,
) -> Flow {
    let mut items = Vec::new();
    let logos: Vec<Option<&(Logo, Pt)>> = brand.organisations().map(|b| b.logo.as_ref()).collect();
    let logo_w = logos
        .iter()
        .flatten()
        .map(|(_, w)| *w)
        .fold(Pt::ZERO, Pt::max);
    let gap = COLUMN_GAP;
    let text_x = x + if logo_w > Pt::ZERO {
        logo_w + gap
    } else {
        Pt::ZERO
    };
    let avail = x + width - text_x;
    let n = cells.len().max(1) as f32;
    let col_w = (avail - gap * (n - 1.0)) / n;
    let blocks: Vec<Vec<&[Para]>> = cells.iter().map(|c| organisation_blocks(c)).collect();
    let count = blocks
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .max(logos.len());
    let orgs: Vec<&Brand> = brand.organisations().collect();
    let mut y = Pt::ZERO;
    for k in 0..count {
        // Each organisation's lines in its own colours.
        let org = orgs.get(k).copied().unwrap_or(brand);
        let top = y;
        let mut bottom = top;
        if let Some(Some((logo, logo_width))) = logos.get(k) {
            bottom = top + logo_items(logo, (x, top), *logo_width, images, &mut items);
        }
        // A grid: the n-th organisation line, and the n-th address line, of every language
        // stand on one row, so the columns read across whatever each name's wrapping.
        let cols: Vec<(Pt, Vec<&Para>)> = blocks
            .iter()
            .enumerate()
            .filter_map(|(i, cell)| Some((text_x + (col_w + gap) * i as f32, cell.get(k)?)))
            .map(|(col_x, paras)| (col_x, paras.iter().collect()))
            .collect();
        // Items per column, so that each language's lines are read (and copied) together.
        let mut col_items: Vec<Vec<Item>> = vec![Vec::new(); cols.len()];
        let mut cy = top;
        for class in [Class::Org, Class::Address] {
            let rows = cols
                .iter()
                .map(|(_, ps)| {
                    ps.iter()
                        .filter(|p| (p.class == Class::Org) == (class == Class::Org))
                        .count()
                })
                .max()
                .unwrap_or(0);
            for row in 0..rows {
                if class == Class::Address && cy > top {
                    cy += ADDRESS_LINE_GAP;
                }
                let mut row_bottom = cy;
                for ((col_x, ps), col_items) in cols.iter().zip(&mut col_items) {
                    let in_class = ps
                        .iter()
                        .filter(|p| (p.class == Class::Org) == (class == Class::Org));
                    let Some(p) = in_class.clone().nth(row) else {
                        continue;
                    };
                    let style = para_style(p, org);
                    let spec = ParaSpec {
                        inlines: &p.inlines,
                        // Names and the website are never hyphenated: a hyphen in an
                        // organisation's name or address misquotes it.
                        style: Style {
                            align: Align::Left,
                            hyphenate: false,
                            ..style
                        },
                        lang: p.lang,
                        width: col_w,
                        tag: None,
                        link_color: org.primary,
                    };
                    let mut ly = cy;
                    for line in layout_para(shaper, &spec) {
                        overfull.extend(line.overfull());
                        col_items.extend(line.items.into_iter().map(|it| shift(it, *col_x, ly)));
                        ly += line.height;
                    }
                    row_bottom = row_bottom.max(ly);
                }
                cy = row_bottom;
            }
        }
        items.extend(col_items.into_iter().flatten());
        bottom = bottom.max(cy);
        y = if k + 1 < count {
            bottom + ORGANISATION_GAP
        } else {
            bottom
        };
    }
    let h = y + BOX_DEPTH;
    items.push(Item::Line {
        x1: x,
        y1: h - RULE_RAISE,
        x2: x + width,
        y2: h - RULE_RAISE,
        width: RULE_WIDTH,
        color: brand.primary,
    });
    Flow::Letterhead {
        h: h + SPACE_BELOW,
        items,
    }
}

/// A cell's lines split per organisation: a block starts at an `org` line that follows
/// lines of another class.
fn organisation_blocks(cell: &[Para]) -> Vec<&[Para]> {
    let mut blocks = Vec::new();
    let mut start = 0;
    for i in 1..cell.len() {
        if cell[i].class == Class::Org && cell[i - 1].class != Class::Org {
            blocks.push(&cell[start..i]);
            start = i;
        }
    }
    if start < cell.len() {
        blocks.push(&cell[start..]);
    }
    blocks
}

/// Adds the logo at (`x`, `y`), `width` wide; returns its height.
fn logo_items(
    logo: &Logo,
    (x, y): (Pt, Pt),
    width: Pt,
    images: &mut Vec<Arc<Raster>>,
    items: &mut Vec<Item>,
) -> Pt {
    match logo {
        Logo::Vector {
            width: w,
            height: h,
            shapes,
        } => {
            let s = width.0 / w;
            for (path, fill, rule) in shapes {
                let path = path.iter().map(|op| scale_op(*op, s, x, y)).collect();
                let (fill, rule) = (*fill, *rule);
                items.push(Item::Path { path, fill, rule });
            }
            Pt(h * s)
        }
        Logo::Png(image) => {
            let h = width * image.height as f32 / image.width as f32;
            images.push(Arc::clone(image));
            items.push(Item::Image {
                index: images.len() - 1,
                x,
                y,
                w: width,
                h,
            });
            h
        }
    }
}
