//! The letterhead: the brand's logo at the top left, beside one column of name and address
//! lines per language (a joint release: one such block per organisation, one under the
//! other), closed by a rule in the brand's primary colour. It becomes one
//! [`Flow::Letterhead`] entry, which pagination keeps first on page 1.
//!
//! The language cells form a grid whose lines align. When the cells do not all fit in one
//! row beside the logo (every word of a name, and every address line and the website
//! unbroken, in a cell at least [`MIN_CELL_EM`] wide), they go in rows of fewer cells
//! (four languages as two rows of two), and failing that under the logo; see [`arrange`].
//!
//! The lines are set ragged left at their natural width, without hyphenation choices of
//! their own (the class styles decide) and without structure tags: the letterhead is page
//! furniture, not part of the release's text.

use super::para::{layout_para, LaidLine, ParaSpec};
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

/// The narrowest language cell, in ems of its largest line: narrower, a name line of two
/// short words ("Digitale Zaken") already stands a word to a line, and a four-language
/// letterhead on A4 (cells of 75 pt, 8.4 em) broke every name and the website.
const MIN_CELL_EM: f32 = 8.0;
/// Space between two rows of language cells: more than [`ADDRESS_LINE_GAP`], so that each
/// row reads as its own group of languages.
const GRID_ROW_GAP: Pt = Pt(9.0);
/// Space between the logo and language cells set under it.
const UNDER_LOGO_GAP: Pt = Pt(8.0);
/// The width a measure may take for a line set unbroken.
const UNBOUNDED: Pt = Pt(100_000.0);

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
    let blocks: Vec<Vec<&[Para]>> = cells.iter().map(|c| organisation_blocks(c)).collect();
    let count = blocks
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .max(logos.len());
    let need = cell_need(shaper, brand, &blocks);
    let grid = arrange((x, width), logo_w, cells.len(), need);
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
        // Cells under the logo start below it; beside it, level with its top.
        let mut cy = if grid.beside {
            top
        } else {
            bottom + UNDER_LOGO_GAP
        };
        let ids: Vec<usize> = (0..blocks.len()).collect();
        // Items per language, so that each language's lines are read (and copied) together.
        let mut col_items: Vec<Vec<Item>> = vec![Vec::new(); blocks.len()];
        for (r, row) in ids.chunks(grid.per_row).enumerate() {
            if r > 0 {
                cy += GRID_ROW_GAP;
            }
            // A cell keeps its place in the row when it has no block for this organisation.
            let cols: Vec<(usize, Pt, Vec<&Para>)> = row
                .iter()
                .enumerate()
                .filter_map(|(j, &i)| {
                    let col_x = grid.text_x + (grid.col_w + gap) * j as f32;
                    Some((i, col_x, blocks[i].get(k)?.iter().collect()))
                })
                .collect();
            cy = grid_row(shaper, org, &cols, grid.col_w, cy, &mut col_items, overfull);
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

/// Where the language cells go: `per_row` cells to a row, `col_w` wide, from `text_x`;
/// beside the logo or under it.
struct Grid {
    per_row: usize,
    beside: bool,
    text_x: Pt,
    col_w: Pt,
}

/// The first arrangement whose cells are at least `need` wide, fewest rows first: all `n`
/// cells in one row beside the logo, or under it (where a row has the full width); then
/// rows of fewer cells (balanced: four as two and two), beside the logo or under it. If
/// none is wide enough, one cell to a row under the logo, the widest a cell can be (its
/// lines then run over and are reported).
fn arrange((x, width): (Pt, Pt), logo_w: Pt, n: usize, need: Pt) -> Grid {
    let n = n.max(1);
    let mut per_rows: Vec<usize> = (1..=n).map(|rows| n.div_ceil(rows)).collect();
    per_rows.dedup();
    let beside = logo_w > Pt::ZERO;
    let placements: &[bool] = if beside { &[true, false] } else { &[false] };
    let grids = per_rows.iter().flat_map(|&per_row| {
        placements.iter().map(move |&beside| {
            let text_x = if beside { x + logo_w + COLUMN_GAP } else { x };
            let avail = x + width - text_x;
            let col_w = (avail - COLUMN_GAP * (per_row as f32 - 1.0)) / per_row as f32;
            Grid {
                per_row,
                beside,
                text_x,
                col_w,
            }
        })
    });
    let mut last = None;
    for grid in grids {
        if grid.col_w >= need {
            return grid;
        }
        last = Some(grid);
    }
    last.expect("at least one arrangement")
}

/// The narrowest a language cell can be: its widest word (no line is hyphenated), every
/// address line (the website included) unbroken, and [`MIN_CELL_EM`].
fn cell_need(shaper: &mut Shaper, brand: &Brand, blocks: &[Vec<&[Para]>]) -> Pt {
    let orgs: Vec<&Brand> = brand.organisations().collect();
    let mut need = Pt::ZERO;
    for cell in blocks {
        for (k, paras) in cell.iter().enumerate() {
            let org = orgs.get(k).copied().unwrap_or(brand);
            for p in paras.iter() {
                let width = if p.class == Class::Org {
                    // One word to a line: the widest line is the widest word.
                    Pt(1.0)
                } else {
                    UNBOUNDED
                };
                let spec = spec(p, org, width);
                need = need.max(spec.style.size * MIN_CELL_EM);
                need = need.max(extent(&layout_para(shaper, &spec)));
            }
        }
    }
    need
}

/// How a letterhead line is set: flush left, never hyphenated (a hyphen in an
/// organisation's name or address misquotes it).
fn spec<'p>(p: &'p Para, org: &Brand, width: Pt) -> ParaSpec<'p> {
    ParaSpec {
        inlines: &p.inlines,
        style: Style {
            align: Align::Left,
            hyphenate: false,
            ..para_style(p, org)
        },
        lang: p.lang,
        width,
        tag: None,
        link_color: org.primary,
        no_hyphen: true,
        opening: super::hyphenate::Opening::Sentence,
    }
}

/// The right end of the widest of `lines`.
fn extent(lines: &[LaidLine]) -> Pt {
    let mut right = Pt::ZERO;
    for line in lines {
        for item in &line.items {
            if let Item::Text(run) = item {
                right = right.max(run.x + run.width());
            }
        }
    }
    right
}

/// Sets one row of language cells (language index, x, lines) from `top`: the n-th
/// organisation line, and the n-th address line, of every cell stand on one row, so the
/// columns read across whatever each name's wrapping. Gives the row's bottom.
fn grid_row<'p>(
    shaper: &mut Shaper,
    org: &Brand,
    cols: &[(usize, Pt, Vec<&'p Para>)],
    col_w: Pt,
    top: Pt,
    col_items: &mut [Vec<Item>],
    overfull: &mut Vec<Overfull>,
) -> Pt {
    let mut cy = top;
    for class in [Class::Org, Class::Address] {
        let of_class = |ps: &[&'p Para]| -> Vec<&'p Para> {
            ps.iter()
                .filter(|p| (p.class == Class::Org) == (class == Class::Org))
                .copied()
                .collect()
        };
        let rows = cols
            .iter()
            .map(|(_, _, ps)| of_class(ps).len())
            .max()
            .unwrap_or(0);
        for row in 0..rows {
            if class == Class::Address && cy > top {
                cy += ADDRESS_LINE_GAP;
            }
            let mut row_bottom = cy;
            for (i, col_x, ps) in cols {
                let Some(p) = of_class(ps).get(row).copied() else {
                    continue;
                };
                let mut ly = cy;
                for line in layout_para(shaper, &spec(p, org, col_w)) {
                    overfull.extend(line.overfull());
                    col_items[*i].extend(line.items.into_iter().map(|it| shift(it, *col_x, ly)));
                    ly += line.height;
                }
                row_bottom = row_bottom.max(ly);
            }
            cy = row_bottom;
        }
    }
    cy
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A4's text area (160 mm) with the default 22 mm logo.
    fn a4(n: usize, need: f32) -> (usize, bool) {
        let g = arrange(
            (Pt::from_mm(25.0), Pt::from_mm(160.0)),
            Pt::from_mm(22.0),
            n,
            Pt(need),
        );
        (g.per_row, g.beside)
    }

    #[test]
    fn cells_that_fit_stand_in_one_row_beside_the_logo() {
        assert_eq!(a4(2, 100.0), (2, true));
        assert_eq!(a4(3, 100.0), (3, true));
    }

    /// Four cells of 75 pt beside the logo broke every name and the website: one row
    /// under the logo (96 pt each), or two rows of two beside it.
    #[test]
    fn four_languages_take_two_rows_of_two_when_one_row_is_too_narrow() {
        assert_eq!(a4(4, 80.0), (4, false));
        assert_eq!(a4(4, 100.0), (2, true));
    }

    #[test]
    fn cells_go_under_the_logo_before_taking_more_rows() {
        // Beside the logo two cells get 172 pt, under it 215 pt.
        assert_eq!(a4(4, 200.0), (2, false));
    }

    #[test]
    fn a_word_wider_than_any_cell_gets_the_widest_cell() {
        assert_eq!(a4(4, 1000.0), (1, false));
    }
}
