//! The letterhead: the brand's logo at the top left, beside one column of name and address
//! lines per language, closed by a rule in the brand's primary colour. It becomes one
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

/// Lays out a letterhead in the column at `x`, `width` wide. Logo images are added to
/// `images`; the text of overfull lines to `overfull`.
pub fn letterhead(
    shaper: &mut Shaper,
    brand: &Brand,
    (x, width): (Pt, Pt),
    cells: &[Vec<Para>],
    images: &mut Vec<Arc<Raster>>,
    overfull: &mut Vec<Overfull>,
) -> Flow {
    let mut items = Vec::new();
    let mut logo_w = Pt::ZERO;
    let mut logo_h = Pt::ZERO;
    if let Some((logo, logo_width)) = &brand.logo {
        logo_w = *logo_width;
        logo_h = logo_items(logo, x, logo_w, images, &mut items);
    }
    let gap = COLUMN_GAP;
    let text_x = x + if logo_w > Pt::ZERO {
        logo_w + gap
    } else {
        Pt::ZERO
    };
    let avail = x + width - text_x;
    let n = cells.len().max(1) as f32;
    let col_w = (avail - gap * (n - 1.0)) / n;
    let mut text_h = Pt::ZERO;
    for (i, cell) in cells.iter().enumerate() {
        let col_x = text_x + (col_w + gap) * i as f32;
        let mut y = Pt::ZERO;
        for p in cell {
            let style = para_style(p, brand);
            let spec = ParaSpec {
                inlines: &p.inlines,
                style: Style {
                    align: Align::Left,
                    ..style
                },
                lang: p.lang,
                width: col_w,
                tag: None,
                link_color: brand.primary,
            };
            if p.class == Class::Address && y > Pt::ZERO {
                y += ADDRESS_LINE_GAP;
            }
            for line in layout_para(shaper, &spec) {
                overfull.extend(line.overfull());
                items.extend(line.items.into_iter().map(|it| shift(it, col_x, y)));
                y += line.height;
            }
        }
        text_h = text_h.max(y);
    }
    let h = logo_h.max(text_h) + BOX_DEPTH;
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

/// Adds the logo at (`x`, 0), `width` wide; returns its height.
fn logo_items(
    logo: &Logo,
    x: Pt,
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
                let path = path
                    .iter()
                    .map(|op| scale_op(*op, s, x, Pt::ZERO))
                    .collect();
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
                y: Pt::ZERO,
                w: width,
                h,
            });
            h
        }
    }
}
