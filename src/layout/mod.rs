//! Layout: a [`Document`] becomes a [`PageTree`] of positioned glyph runs, rules and images.
//!
//! `shape` (rustybuzz, per-word cache) → `hyphenate` (hypher, per language) →
//! `para` (boxes/glue/penalties, `linebreak` Knuth–Plass, glyph runs) → `flow`
//! (blocks to a `vlist` with break rules; `letterhead` for the head of page 1,
//! `bands` for parallel columns, `table` for tables) → `paginate` (pages, running
//! header, footer N/M, repeated table headers, outline targets).

mod bands;
mod flow;
mod hyphenate;
mod letterhead;
mod linebreak;
mod notes;
mod paginate;
mod para;
mod shape;
mod style;
mod table;
mod tree;
mod vlist;

pub use shape::ShapeCache;
pub use tree::*;

use crate::brand::Brand;
use crate::font::FontBook;
use crate::markup::Document;

/// The narrowest body column, in body-size ems, that the parallel layout sets. Under it a
/// line holds four or five words: justified spaces gape, and addresses and long compounds
/// no longer fit (issue 12 measured four languages in columns of about 30 mm, 8 em, with
/// e-mail addresses run into the next column). Two languages on the default A4 brand get
/// 20.5 em, on the Kustwacht brand 21.3 em; three on A4 get 13 em.
pub const MIN_PARALLEL_COLUMN_EM: f32 = 20.0;

/// The width, in body-size ems, of each body column when `n` languages stand side by side
/// on `brand`'s page (the same arithmetic as the parallel rows in `flow`).
pub fn parallel_column_em(brand: &Brand, n: usize) -> f32 {
    let geo = paginate::Geometry::of(brand);
    let n = n.max(1) as f32;
    let column = (geo.right - geo.left - style::COLUMN_GAP * (n - 1.0)) / n;
    column.0 / brand.file.page.font_size_pt
}

/// Lays out a document.
pub fn layout(doc: &Document, fonts: &FontBook, shapes: &ShapeCache, brand: &Brand) -> PageTree {
    let geo = paginate::Geometry::of(brand);
    let mut shaper = shape::Shaper::new(fonts, shapes).with_exceptions(&brand.hyphenation);
    let mut b = flow::FlowBuilder::new(&mut shaper, brand, geo.left, geo.right - geo.left);
    b.blocks(&doc.blocks);
    let flow::FlowBuilder {
        flow,
        structure,
        overfull,
        images,
        photos,
        ..
    } = b;
    let (pages, outline) = paginate::place(&mut shaper, brand, doc.lang, flow, &geo);
    PageTree {
        pages,
        outline,
        structure,
        images,
        photos,
        overfull,
    }
}

/// A text dump of a page tree: one line per text run (page, position, face, text), for
/// blessable reference tests and for debugging.
pub fn dump(tree: &PageTree) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for (n, page) in tree.pages.iter().enumerate() {
        let _ = writeln!(
            out,
            "page {} ({:.0}x{:.0})",
            n + 1,
            page.width.0,
            page.height.0
        );
        for item in &page.items {
            match item {
                Item::Text(r) => {
                    let _ = write!(
                        out,
                        "  text {:7.2} {:7.2} f{} {:4.1} {:?}",
                        r.x.0,
                        r.y.0,
                        r.font.0,
                        r.size.0,
                        r.text()
                    );
                    // Font expansion, where the line has any: "+1.5%".
                    if !r.expansion.is_none() {
                        let _ = write!(out, " {:+.1}%", f32::from(r.expansion.0) / 10.0);
                    }
                    out.push('\n');
                }
                Item::Link { uri, .. } => {
                    let _ = writeln!(out, "  link {uri}");
                }
                Item::Image { .. } => {
                    let _ = writeln!(out, "  image");
                }
                Item::Photo {
                    index, x, y, w, h, ..
                } => {
                    let _ = writeln!(
                        out,
                        "  photo {:7.2} {:7.2} {:.2}x{:.2} #{index}",
                        x.0, y.0, w.0, h.0
                    );
                }
                _ => {}
            }
        }
    }
    for o in &tree.outline {
        let _ = writeln!(out, "outline {} p{} {:?}", o.level, o.page + 1, o.title);
    }
    for line in &tree.overfull {
        let what = if line.cut { "cut" } else { "overfull" };
        let _ = writeln!(out, "{what} {:?}", line.text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::Pt;
    use crate::lang::Lang;
    use crate::markup::{Block, Class, Inline, Para, Role};

    fn brand() -> Brand {
        let toml = "[organisation]\nname = { nl = [\"Federale Overheidsdienst\", \"Testzaken\"] }\nshort = { nl = \"FOD Test\" }\n";
        Brand::load("test-brand", toml, None).expect("test brand loads")
    }

    fn para(role: Role, class: Class, text: &str) -> Block {
        Block::Para(Para {
            role,
            class,
            lang: Lang::Nl,
            inlines: vec![Inline {
                text: text.into(),
                bold: false,
                italic: false,
                link: None,
                field: None,
                words: Vec::new(),
                note: None,
            }],
        })
    }

    fn long_doc(paras: usize) -> Document {
        let body = "De federale regering maakt in totaal twaalf miljoen euro vrij voor de stabilisatieprogramma's van de Verenigde Naties in de bevrijde gebieden, waar honderdduizenden ontheemden nog altijd niet naar huis kunnen terugkeren.";
        let mut blocks = vec![
            Block::Footer(vec![Inline {
                text: String::new(),
                bold: false,
                italic: false,
                link: None,
                field: Some(crate::markup::Field::Page),
                words: Vec::new(),
                note: None,
            }]),
            para(Role::H1, Class::Plain, "Een titel"),
        ];
        for i in 0..paras {
            if i % 5 == 0 {
                blocks.push(para(Role::H2, Class::Plain, &format!("Sectie {i}")));
            }
            blocks.push(para(Role::P, Class::Plain, body));
        }
        Document {
            lang: Lang::Nl,
            blocks,
        }
    }

    /// The link's structure element travels with it from the paragraph (the pdf stage used
    /// to find it back by hit-testing the link's rectangle against the runs).
    #[test]
    fn a_link_carries_the_element_of_its_paragraph() {
        let inline = |text: &str, link: Option<&str>| Inline {
            text: text.into(),
            bold: false,
            italic: false,
            link: link.map(Into::into),
            field: None,
            words: Vec::new(),
            note: None,
        };
        let linked = Block::Para(Para {
            role: Role::P,
            class: Class::Plain,
            lang: Lang::Nl,
            inlines: vec![
                inline("Meer informatie op ", None),
                inline("www.example.be", Some("https://www.example.be")),
                inline(" en elders.", None),
            ],
        });
        let doc = Document {
            lang: Lang::Nl,
            blocks: vec![para(Role::H1, Class::Plain, "Een titel"), linked],
        };
        let fonts = FontBook::embedded();
        let tree = layout(&doc, &fonts, &ShapeCache::new(), &brand());
        let items = || tree.pages.iter().flat_map(|p| &p.items);
        let tags: Vec<Option<Tag>> = items()
            .filter_map(|i| match i {
                Item::Link { uri, tag, .. } if uri == "https://www.example.be" => Some(*tag),
                _ => None,
            })
            .collect();
        assert_eq!(tags.len(), 1, "one link area on one line");
        let tag = tags[0].expect("a link in body text has an element");
        assert_eq!(tree.structure[tag.elem].role, StructRole::P);
        let text_tag = items()
            .find_map(|i| match i {
                Item::Text(r) if r.text().contains("example") => Some(r.tag),
                _ => None,
            })
            .expect("the link's text is set");
        assert_eq!(text_tag, Some(tag), "the element of the link's own text");
    }

    #[test]
    fn long_document_paginates_within_the_margins() {
        let fonts = FontBook::embedded();
        let brand = brand();
        let tree = layout(&long_doc(40), &fonts, &ShapeCache::new(), &brand);
        assert!(tree.pages.len() >= 3, "{} pages", tree.pages.len());
        let geo = paginate::Geometry::of(&brand);
        for (n, page) in tree.pages.iter().enumerate() {
            let body: Vec<&TextRun> = page
                .items
                .iter()
                .filter_map(|i| match i {
                    Item::Text(r) if r.tag.is_some() => Some(r),
                    _ => None,
                })
                .collect();
            assert!(!body.is_empty(), "page {} is empty", n + 1);
            for r in body {
                assert!(r.y <= geo.bottom, "page {}: text below the margin", n + 1);
                let hang = Pt(para::line_end_hang(&fonts, r));
                assert!(
                    r.x + r.width() - hang <= geo.right + Pt(0.5),
                    "overfull: {}",
                    r.text()
                );
            }
            let footer = page.items.iter().any(|i| matches!(i, Item::Text(r) if r.tag.is_none() && r.text() == (n + 1).to_string()));
            assert!(footer, "page {} lacks its number", n + 1);
        }
        assert_eq!(tree.outline[0].title, "Een titel");
        assert!(tree.overfull.is_empty(), "{:?}", tree.overfull);
    }

    #[test]
    fn justified_lines_fill_the_measure() {
        let fonts = FontBook::embedded();
        let brand = brand();
        let tree = layout(&long_doc(3), &fonts, &ShapeCache::new(), &brand);
        let geo = paginate::Geometry::of(&brand);
        let measure = geo.right - geo.left;
        let mut lines: std::collections::BTreeMap<i64, f32> = Default::default();
        for item in &tree.pages[0].items {
            if let Item::Text(r) = item {
                if r.font.0 == 0 {
                    // A line ending in a hyphen or full stop hangs past the edge by design.
                    let hang = para::line_end_hang(&fonts, r);
                    let end = lines.entry((r.y.0 * 100.0) as i64).or_insert(0.0);
                    *end = end.max((r.x + r.width() - geo.left).0 - hang);
                }
            }
        }
        let full = lines
            .values()
            .filter(|&&w| (w - measure.0).abs() < 0.5)
            .count();
        assert!(
            full >= lines.len() / 2,
            "justified lines should end at the margin: {lines:?}"
        );
    }

    /// Lines per (structure element, page), from the tagged text runs.
    fn lines_per_elem_page(tree: &PageTree) -> std::collections::BTreeMap<(usize, usize), usize> {
        let mut ys: std::collections::BTreeMap<(usize, usize), std::collections::BTreeSet<i64>> =
            Default::default();
        for (n, page) in tree.pages.iter().enumerate() {
            for item in &page.items {
                if let Item::Text(r) = item {
                    if let Some(tag) = r.tag {
                        ys.entry((tag.elem, n))
                            .or_default()
                            .insert((r.y.0 * 10.0) as i64);
                    }
                }
            }
        }
        ys.into_iter().map(|(k, v)| (k, v.len())).collect()
    }

    /// A document of paragraphs of 1 to 7 lines with headings between them, so that many
    /// paragraphs meet a page end somewhere.
    fn varied_doc() -> Document {
        let sentence = "Het federale parlement keurde het wetsontwerp goed na een lang debat. ";
        let mut blocks = vec![para(Role::H1, Class::Plain, "Titel")];
        let mut seed = 7u32;
        for i in 0..60 {
            seed = seed.wrapping_mul(1103515245).wrapping_add(12345);
            let sentences = 1 + (seed >> 16) as usize % 9;
            if i % 4 == 3 {
                blocks.push(para(Role::H2, Class::Plain, &format!("Kop {i}")));
            }
            blocks.push(para(Role::P, Class::Plain, &sentence.repeat(sentences)));
            if i % 2 == 1 {
                let Block::Para(quoted) = para(Role::P, Class::Plain, &sentence.repeat(5 + i % 3))
                else {
                    unreachable!()
                };
                let Block::Para(by) = para(Role::P, Class::By, "— Iemand") else {
                    unreachable!()
                };
                blocks.push(Block::Quote(crate::markup::Quote {
                    lang: Lang::Nl,
                    paras: vec![quoted],
                    by: Some(by),
                }));
            }
        }
        Document {
            lang: Lang::Nl,
            blocks,
        }
    }

    #[test]
    fn split_paragraphs_keep_two_lines_at_foot_and_head() {
        let fonts = FontBook::embedded();
        let tree = layout(&varied_doc(), &fonts, &ShapeCache::new(), &brand());
        assert!(tree.pages.len() >= 4);
        let counts = lines_per_elem_page(&tree);
        let mut splits = 0;
        for (&(elem, page), &n) in &counts {
            let on_next = counts.get(&(elem, page + 1)).copied().unwrap_or(0);
            if on_next > 0 {
                splits += 1;
                assert!(
                    n >= 2,
                    "orphan: element {elem} leaves {n} line(s) on page {}",
                    page + 1
                );
                assert!(
                    on_next >= 2,
                    "widow: element {elem} carries {on_next} line(s) to page {}",
                    page + 2
                );
            }
        }
        assert!(splits > 0, "the test document should split some paragraph");
    }

    #[test]
    fn headings_are_never_last_on_a_page() {
        let fonts = FontBook::embedded();
        let tree = layout(&varied_doc(), &fonts, &ShapeCache::new(), &brand());
        for (n, page) in tree.pages.iter().enumerate() {
            let last = page
                .items
                .iter()
                .filter_map(|i| match i {
                    Item::Text(r) if r.tag.is_some() => Some(r),
                    _ => None,
                })
                .max_by(|a, b| a.y.0.total_cmp(&b.y.0))
                .expect("page has text");
            let role = tree.structure[last.tag.unwrap().elem].role;
            assert!(
                !matches!(
                    role,
                    StructRole::H1 | StructRole::H2 | StructRole::H3 | StructRole::H4
                ),
                "page {} ends with a heading: {:?}",
                n + 1,
                last.text()
            );
        }
    }

    /// The pages (0-based) each structure element of `role` has lines on, in element order.
    fn pages_of(tree: &PageTree, role: StructRole) -> Vec<std::collections::BTreeSet<usize>> {
        let counts = lines_per_elem_page(tree);
        (0..tree.structure.len())
            .filter(|&e| tree.structure[e].role == role)
            .map(|e| {
                counts
                    .keys()
                    .filter(|(el, _)| *el == e)
                    .map(|&(_, p)| p)
                    .collect()
            })
            .collect()
    }

    /// The contact block used to split (name at a page's foot, e-mail and phone on the next)
    /// or stand alone on a page. Each document here ends it one line lower, so that some
    /// meet the page end at every line of the block.
    #[test]
    fn the_contact_block_is_whole_and_never_alone_on_a_page() {
        let fonts = FontBook::embedded();
        let contact = "Contact Annelies Verstraeten woordvoerder pers@digitaal.example +32 2 501 05 11 en nog een lange regel om het blok vier regels hoog te maken in deze kolom van het testmerk, met nog meer woorden erbij.";
        let mut moved = 0;
        for extra in 0..50 {
            let mut doc = long_doc(18);
            let sentence = "Het federale parlement keurde het wetsontwerp goed. ";
            doc.blocks
                .push(para(Role::P, Class::Plain, &sentence.repeat(extra)));
            doc.blocks.push(para(Role::P, Class::Contact, contact));
            let tree = layout(&doc, &fonts, &ShapeCache::new(), &brand());
            let counts = lines_per_elem_page(&tree);
            let pages = pages_of(&tree, StructRole::P);
            let last = pages.last().expect("the contact paragraph");
            assert_eq!(last.len(), 1, "extra {extra}: contact split over {last:?}");
            let page = *last.first().unwrap();
            let others = counts
                .iter()
                .filter(|(&(e, p), _)| p == page && e + 1 != tree.structure.len())
                .count();
            assert!(
                others > 0,
                "extra {extra}: contact alone on page {}",
                page + 1
            );
            let before = pages[pages.len() - 2].clone();
            if before.contains(&page) && before.len() > 1 {
                moved += 1;
            }
        }
        assert!(moved > 0, "no case split the text before the contact block");
    }

    /// A quote's attribution stays with at least two lines of the quote, and no page ends
    /// on a hyphenated line where an earlier break was possible.
    #[test]
    fn attributions_stay_with_their_quote_and_pages_do_not_end_hyphenated() {
        let fonts = FontBook::embedded();
        let tree = layout(&varied_doc(), &fonts, &ShapeCache::new(), &brand());
        let counts = lines_per_elem_page(&tree);
        for (q, elem) in tree.structure.iter().enumerate() {
            if elem.role != StructRole::BlockQuote {
                continue;
            }
            let kids: Vec<usize> = (0..tree.structure.len())
                .filter(|&e| tree.structure[e].parent == Some(q))
                .collect();
            let (&by, text) = kids.split_last().expect("quote with attribution");
            let by_page = counts.keys().find(|(e, _)| *e == by).unwrap().1;
            let with: usize = text.iter().filter_map(|&e| counts.get(&(e, by_page))).sum();
            assert!(with >= 2, "quote {q}: attribution with {with} line(s)");
        }
        for (n, page) in tree.pages.iter().enumerate().take(tree.pages.len() - 1) {
            let last = page
                .items
                .iter()
                .filter_map(|i| match i {
                    Item::Text(r) if r.tag.is_some() => Some(r),
                    _ => None,
                })
                .max_by(|a, b| (a.y.0, a.x.0).partial_cmp(&(b.y.0, b.x.0)).unwrap())
                .unwrap();
            assert!(
                !last.text().ends_with('\u{AD}'),
                "page {} ends hyphenated: {:?}",
                n + 1,
                last.text()
            );
        }
    }

    #[test]
    fn short_quote_blocks_are_not_split() {
        let fonts = FontBook::embedded();
        let tree = layout(&varied_doc(), &fonts, &ShapeCache::new(), &brand());
        let counts = lines_per_elem_page(&tree);
        let mut quotes = 0;
        for (q, elem) in tree.structure.iter().enumerate() {
            if elem.role != StructRole::BlockQuote {
                continue;
            }
            quotes += 1;
            let pages: std::collections::BTreeSet<usize> = counts
                .keys()
                .filter(|(e, _)| tree.structure[*e].parent == Some(q))
                .map(|&(_, p)| p)
                .collect();
            assert_eq!(pages.len(), 1, "quote {q} spreads over pages {pages:?}");
        }
        assert!(quotes >= 10);
    }

    fn figure(caption: &str) -> Block {
        let raster = crate::geom::Raster {
            width: 400,
            height: 300,
            color: crate::geom::RasterColor::Gray,
            samples: vec![128; 400 * 300],
            alpha: None,
        };
        let Block::Para(caption) = para(Role::P, Class::Caption, caption) else {
            unreachable!()
        };
        Block::Figure(crate::markup::Figure {
            lang: Lang::Nl,
            image: std::sync::Arc::new(crate::photo::Image::Raster(raster)),
            alt: "Een grijs vlak.".into(),
            caption: Some(caption),
        })
    }

    /// (page, top) of the photo.
    fn photo_at(tree: &PageTree) -> (usize, Pt) {
        tree.pages
            .iter()
            .enumerate()
            .find_map(|(n, p)| {
                p.items.iter().find_map(|i| match i {
                    Item::Photo { y, .. } => Some((n, *y)),
                    _ => None,
                })
            })
            .expect("the photo is set")
    }

    /// A photo that does not fit below the text before it goes to the top of the next page
    /// while the text after it fills the page (the photo example had a third of page 1
    /// empty), with its caption, before the end mark and the contact block, and read where
    /// the source puts it (its structure element keeps its place).
    #[test]
    fn photos_float_to_the_next_page_top_and_the_text_after_them_fills_the_page() {
        let fonts = FontBook::embedded();
        let sentence =
            "Het federale parlement keurde het wetsontwerp goed met een ruime meerderheid. ";
        let after = "De nieuwe regels gelden vanaf het voorjaar voor alle diensten van de federale overheid, die ze in hun eigen procedures opnemen. ";
        let (mut floated, mut inline) = (0, 0);
        for extra in (0..40).step_by(3) {
            let mut doc = long_doc(1);
            doc.blocks
                .push(para(Role::P, Class::Plain, &sentence.repeat(extra)));
            doc.blocks.push(figure("Een grijs vlak, vier bij drie."));
            for _ in 0..4 {
                doc.blocks
                    .push(para(Role::P, Class::Plain, &after.repeat(3)));
            }
            doc.blocks
                .push(para(Role::P, Class::Endmark, "– Einde persbericht –"));
            doc.blocks.push(para(
                Role::P,
                Class::Contact,
                "Contact Annelies Verstraeten pers@digitaal.example",
            ));
            let tree = layout(&doc, &fonts, &ShapeCache::new(), &brand());
            let geo = paginate::Geometry::of(&brand());
            let (page, y) = photo_at(&tree);
            let counts = lines_per_elem_page(&tree);
            let elem_of = |role| tree.structure.iter().position(|e| e.role == role).unwrap();
            let caption = elem_of(StructRole::Caption);
            let figure = elem_of(StructRole::Figure);
            assert_eq!(
                caption,
                figure + 1,
                "extra {extra}: the caption follows its figure"
            );
            let caption_pages: Vec<usize> = counts
                .keys()
                .filter(|(e, _)| *e == caption)
                .map(|k| k.1)
                .collect();
            assert_eq!(
                caption_pages,
                vec![page],
                "extra {extra}: caption apart from its photo"
            );
            // Text that comes after the photo in the source, set on an earlier page.
            let earlier = counts.keys().any(|&(e, p)| e > caption && p < page);
            if earlier {
                floated += 1;
                assert!(
                    y <= geo.body_top(false) + Pt(0.5),
                    "extra {extra}: a float lands at the page's top, not at {y:?}"
                );
            } else {
                inline += 1;
            }
            let last_page = |class: Class| {
                let text = match class {
                    Class::Endmark => "– Einde persbericht –",
                    _ => "Contact",
                };
                tree.pages
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| {
                        p.items
                            .iter()
                            .any(|i| matches!(i, Item::Text(r) if r.text().starts_with(text)))
                    })
                    .map(|(n, p)| {
                        (
                            n,
                            p.items
                                .iter()
                                .find_map(|i| match i {
                                    Item::Text(r) if r.text().starts_with(text) => Some(r.y),
                                    _ => None,
                                })
                                .unwrap(),
                        )
                    })
                    .next()
                    .unwrap()
            };
            for class in [Class::Endmark, Class::Contact] {
                let (p, ty) = last_page(class);
                assert!((page, y) < (p, ty), "extra {extra}: the photo passed the {class:?} ({page}, {y:?}) vs ({p}, {ty:?})");
            }
        }
        assert!(
            floated > 0 && inline > 0,
            "floated {floated}, inline {inline}: the cases cover both"
        );
    }

    /// A float never moves more than one page: two or five photos in a row, each more than
    /// a third of a page tall, after a paragraph of growing length and before the text.
    /// Five deferred at once would stack over the next three pages' tops while the text
    /// after them filled the first page; a float is deferred only if it fits on the next page's
    /// top with those waiting before it, else the page ends before it. The text that follows
    /// a photo in the source is never set more than one page before it, and photos keep
    /// their order.
    #[test]
    fn a_float_never_moves_more_than_one_page() {
        let fonts = FontBook::embedded();
        let sentence =
            "Het federale parlement keurde het wetsontwerp goed met een ruime meerderheid. ";
        let after = "De nieuwe regels gelden vanaf het voorjaar voor alle diensten van de federale overheid, die ze in hun eigen procedures opnemen. ";
        let mut text_before_photos = 0;
        for (n, extra) in [2, 5]
            .into_iter()
            .flat_map(|n| (0..40).step_by(3).map(move |e| (n, e)))
        {
            let mut doc = long_doc(0);
            doc.blocks
                .push(para(Role::P, Class::Plain, &sentence.repeat(extra + 1)));
            for k in 0..n {
                doc.blocks.push(figure(&format!("Foto {k}.")));
            }
            for k in 0..6 {
                doc.blocks
                    .push(para(Role::H2, Class::Plain, &format!("Sectie {k}")));
                doc.blocks
                    .push(para(Role::P, Class::Plain, &after.repeat(k % 3 + 1)));
            }
            let tree = layout(&doc, &fonts, &ShapeCache::new(), &brand());
            let counts = lines_per_elem_page(&tree);
            for (e, elem) in tree.structure.iter().enumerate() {
                if elem.role == StructRole::H2 {
                    let on = |e| counts.keys().filter(move |k| k.0 == e).map(|k| k.1);
                    assert_eq!(
                        on(e).max(),
                        on(e + 1).min(),
                        "{n} photos, extra {extra}: a heading apart from its text"
                    );
                }
            }
            let photos: Vec<(usize, usize)> = tree
                .pages
                .iter()
                .enumerate()
                .flat_map(|(n, p)| {
                    p.items.iter().filter_map(move |i| match i {
                        Item::Photo { tag, .. } => Some((tag.elem, n)),
                        _ => None,
                    })
                })
                .collect();
            assert_eq!(
                photos.len(),
                n,
                "{n} photos, extra {extra}: every photo set once"
            );
            let mut in_order = photos.clone();
            in_order.sort();
            assert_eq!(
                photos, in_order,
                "{n} photos, extra {extra}: photos out of order"
            );
            let last_photo = photos.iter().map(|p| p.0).max().unwrap();
            let text_after = counts
                .keys()
                .filter(|(e, _)| *e > last_photo && tree.structure[*e].role != StructRole::Caption)
                .map(|k| k.1)
                .min()
                .expect("the text after the photos is set");
            for &(elem, page) in &photos {
                assert!(
                    page <= text_after + 1,
                    "{n} photos, extra {extra}: photo {elem} on page {} but the text after it from page {}",
                    page + 1,
                    text_after + 1
                );
            }
            if text_after < photos[n - 1].1 {
                text_before_photos += 1;
            }
        }
        assert!(
            text_before_photos > 0,
            "no case set the text after the photos ahead of the last one"
        );
    }

    /// A rule (`<hr/>`) in a parallel column never heads a page: where it would, it is
    /// dropped like space (as the continuous layout's separator is), or kept with the text
    /// before it when it shares its band with the other column's text.
    #[test]
    fn a_rule_in_a_parallel_column_never_starts_a_page() {
        let fonts = FontBook::embedded();
        let text = "De federale regering maakt twaalf miljoen euro vrij voor de programma's van de Verenigde Naties in de bevrijde gebieden. ";
        let mut dropped = 0;
        for extra in 0..40 {
            let mut doc = long_doc(0);
            doc.blocks
                .push(para(Role::P, Class::Plain, &text.repeat(extra)));
            let left = vec![
                para(Role::P, Class::Plain, &text.repeat(6)),
                Block::Rule,
                para(Role::P, Class::Plain, &text.repeat(6)),
            ];
            let right = vec![para(Role::P, Class::Plain, "Kort.")];
            doc.blocks.push(Block::Row(vec![left, right]));
            let tree = layout(&doc, &fonts, &ShapeCache::new(), &brand());
            let mut rules = 0;
            for (n, page) in tree.pages.iter().enumerate() {
                let first_text = page
                    .items
                    .iter()
                    .filter_map(|i| match i {
                        Item::Text(r) if r.tag.is_some() => Some(r.y),
                        _ => None,
                    })
                    .fold(Pt(f32::MAX), Pt::min);
                for item in &page.items {
                    if let Item::Line { y1, width, .. } = item {
                        if *width == Pt(0.5) {
                            rules += 1;
                            assert!(
                                *y1 > first_text,
                                "extra {extra}: page {} starts with a rule",
                                n + 1
                            );
                        }
                    }
                }
            }
            if rules == 0 {
                dropped += 1;
            }
        }
        assert!(dropped > 0, "no case put the rule at a page break");
    }

    /// A parallel row used to break only where both columns could (bands), so a page could
    /// end several lines short when one column's paragraphs broke at other heights than the
    /// other's. Each column now breaks at its own last legal line: every page but the last
    /// is filled to within what one column's own rules (two lines at foot and head, no
    /// break after a hyphen) allow, and those rules still hold in each column.
    #[test]
    fn parallel_columns_fill_the_page_each_by_its_own_rules() {
        let fonts = FontBook::embedded();
        let geo = paginate::Geometry::of(&brand());
        let text = "De federale regering maakt twaalf miljoen euro vrij voor de programma's van de Verenigde Naties in de bevrijde gebieden. ";
        let mut short_pages = 0;
        for extra in 0..12 {
            let mut doc = long_doc(0);
            doc.blocks
                .push(para(Role::P, Class::Plain, &text.repeat(extra)));
            // Paragraphs of 2 to 4 sentences on the left, one long paragraph on the right:
            // their break heights rarely meet.
            let left = (0..14)
                .map(|k| para(Role::P, Class::Plain, &text.repeat(2 + k % 3)))
                .collect();
            let right = vec![para(Role::P, Class::Plain, &text.repeat(40))];
            doc.blocks.push(Block::Row(vec![left, right]));
            let tree = layout(&doc, &fonts, &ShapeCache::new(), &brand());
            assert!(tree.pages.len() >= 3, "extra {extra}: the row spans pages");
            let mid = (geo.left + geo.right) / 2.0;
            // The lowest baseline of each column on each page (zero: no text there).
            let feet: Vec<[Pt; 2]> = tree
                .pages
                .iter()
                .map(|page| {
                    let foot = |left: bool| {
                        page.items
                            .iter()
                            .filter_map(|i| match i {
                                Item::Text(r) if r.tag.is_some() && (r.x < mid) == left => {
                                    Some(r.y)
                                }
                                _ => None,
                            })
                            .fold(Pt::ZERO, Pt::max)
                    };
                    [foot(true), foot(false)]
                })
                .collect();
            for (n, page) in feet.iter().enumerate() {
                for c in 0..2 {
                    assert!(
                        page[c] <= geo.bottom,
                        "extra {extra}: page {} overfull",
                        n + 1
                    );
                    // A column that goes on is short by at most two lines and a
                    // paragraph's space, or three lines after a hyphen.
                    let goes_on = feet[n + 1..].iter().any(|p| p[c] > Pt::ZERO);
                    if goes_on && geo.bottom - page[c] > Pt(14.0 * 4.5) {
                        short_pages += 1;
                    }
                }
            }
            let counts = lines_per_elem_page(&tree);
            for (&(elem, page), &n) in &counts {
                let on_next = counts.get(&(elem, page + 1)).copied().unwrap_or(0);
                if on_next > 0 {
                    assert!(
                        n >= 2 && on_next >= 2,
                        "extra {extra}: element {elem} split {n} + {on_next} after page {}",
                        page + 1
                    );
                }
            }
        }
        assert_eq!(
            short_pages, 0,
            "column feet more than 4.5 lines short of the page's"
        );
    }
}
