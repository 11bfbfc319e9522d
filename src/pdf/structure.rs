//! The structure tree (tagged PDF): `Document` → one `Sect` per language (with its `/Lang`)
//! → the page tree's structure elements, each holding its marked-content references, nested
//! elements and link annotations in reading order; the `/ParentTree` that leads back from
//! content to elements.
//!
//! Grouping by language makes the reading order one language, then the next, also where
//! layout sets them side by side: the `Sect`s follow the order in which each language's
//! content first appears, and within a `Sect` elements follow their content, except that
//! a photo floated to a later page keeps its place in layout's (the source's) order.

use super::page::PageMarks;
use super::role;
use super::writer::{Name, Ref, TextStr, Writer};
use crate::layout::{Item, PageTree, StructRole as Role, TextAlign as Align};
use pdf_writer::types::{ListNumbering, StructRole, TableHeaderScope, TextAlign};
use pdf_writer::writers::{Attributes, StructChildren, StructTreeRoot};
use pdf_writer::{Finish, Null, Str};
use std::collections::BTreeMap;

/// A structure element: the page tree's, a `Sect` per language, or a `Link` added for an
/// annotation.
struct Elem {
    role: StructRole,
    lang: Option<&'static str>,
    parent: Option<usize>,
    /// A figure's text alternative.
    alt: Option<String>,
    /// A block's `/TextAlign`, where not the default `Start`.
    align: Option<TextAlign>,
}

/// A child of a structure element.
enum Kid {
    /// Marked content: (page index, MCID).
    Mcr(usize, usize),
    Elem(usize),
    /// An annotation: (page index, annotation object).
    Objr(usize, Ref),
}

struct Builder {
    elems: Vec<Elem>,
    kids: Vec<Vec<Kid>>,
    attached: Vec<bool>,
    /// Children of the `Document` element.
    top: Vec<usize>,
    /// How many elements came from the page tree (the rest are `Sect`s and `Link`s).
    tree_len: usize,
    /// `ListNumbering` of each list (`L`) element, from its labels.
    numbering: BTreeMap<usize, ListNumbering>,
}

impl Builder {
    fn new(tree: &PageTree) -> Builder {
        let n = tree.structure.len();
        let mut elems: Vec<Elem> = tree
            .structure
            .iter()
            .map(|s| Elem {
                role: role::pdf(s.role),
                lang: Some(s.lang.bcp47()),
                parent: s.parent.filter(|&p| p < n),
                alt: s.alt.clone(),
                align: s.align.map(|a| match a {
                    Align::Center => TextAlign::Center,
                    Align::End => TextAlign::End,
                }),
            })
            .collect();
        // Top-level elements go into their language's `Sect`, added after the tree's own.
        let mut sects: Vec<(&'static str, usize)> = Vec::new();
        for e in 0..n {
            if elems[e].parent.is_some() {
                continue;
            }
            let lang = tree.structure[e].lang.bcp47();
            let sect = match sects.iter().find(|(l, _)| *l == lang) {
                Some(&(_, s)) => s,
                None => {
                    elems.push(Elem {
                        role: StructRole::Sect,
                        lang: Some(lang),
                        parent: None,
                        alt: None,
                        align: None,
                    });
                    sects.push((lang, elems.len() - 1));
                    elems.len() - 1
                }
            };
            elems[e].parent = Some(sect);
        }
        let len = elems.len();
        Builder {
            elems,
            kids: (0..len).map(|_| Vec::new()).collect(),
            attached: vec![false; len],
            top: Vec::new(),
            tree_len: n,
            numbering: list_numbering(tree),
        }
    }

    /// `/Scope` of a header cell, which PDF/UA asks for: a `TH` in a row of the `THead`
    /// heads its column, one in a body row heads its row.
    fn scope(&self, e: usize) -> Option<TableHeaderScope> {
        if self.elems[e].role != StructRole::TH {
            return None;
        }
        let group = self.elems[e]
            .parent
            .and_then(|tr| self.elems.get(tr)?.parent)
            .map(|g| self.elems[g].role);
        Some(if group == Some(StructRole::THead) {
            TableHeaderScope::Column
        } else {
            TableHeaderScope::Row
        })
    }

    fn push(&mut self, elem: Elem) -> usize {
        self.elems.push(elem);
        self.kids.push(Vec::new());
        self.attached.push(false);
        self.elems.len() - 1
    }

    /// The `Sect` that holds `e`. The walk takes at most one step per element, so a parent
    /// cycle (which layout never makes) ends it rather than looping.
    fn sect_of(&self, mut e: usize) -> Option<usize> {
        for _ in 0..self.elems.len() {
            let elem = self.elems.get(e)?;
            if elem.role == StructRole::Sect {
                return Some(e);
            }
            e = elem.parent?;
        }
        None
    }

    /// Hangs `e` (and its ancestors) into the tree on first use, so that siblings appear in
    /// the order of their content. Marking before recursing makes a parent cycle harmless.
    fn attach(&mut self, e: usize) {
        if self.attached[e] {
            return;
        }
        self.attached[e] = true;
        match self.elems[e].parent {
            Some(p) => {
                self.attach(p);
                self.kids[p].push(Kid::Elem(e));
            }
            None => self.top.push(e),
        }
    }
}

/// `/ListNumbering` per list, read off its first label (`L` → `LI` → `Lbl`): `Decimal` for
/// numbers ("1."), `Disc` for bullets. PDF/UA asks for it where lists have labels.
fn list_numbering(tree: &PageTree) -> BTreeMap<usize, ListNumbering> {
    let mut out = BTreeMap::new();
    let runs = tree
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Item::Text(run) => run.tag.map(|t| (t.elem, run)),
            _ => None,
        });
    for (e, run) in runs {
        let elem = |i: usize| tree.structure.get(i);
        let list = elem(e)
            .filter(|l| l.role == Role::Lbl)
            .and_then(|l| l.parent)
            .and_then(|li| elem(li)?.parent)
            .filter(|&l| elem(l).is_some_and(|l| l.role == Role::L));
        if let Some(list) = list {
            let numbered = run
                .text()
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit());
            out.entry(list).or_insert(if numbered {
                ListNumbering::Decimal
            } else {
                ListNumbering::Disc
            });
        }
    }
    out
}

/// The structure tree's root, and per page its link annotations: (object to write the
/// annotation as, its `/StructParent`), in the order of [`PageMarks::links`].
pub struct Tagged {
    pub root: Ref,
    pub annots: Vec<Vec<(Ref, usize)>>,
}

/// Builds and writes the tree. Each page's `/StructParents` is its index; annotations get
/// the keys after the pages'.
pub fn write(w: &mut Writer, tree: &PageTree, marks: &[&PageMarks], pages: &[Ref]) -> Tagged {
    let mut b = Builder::new(tree);
    let n = tree.structure.len();
    // Parent-tree entries of annotations, keyed after the pages' keys.
    let mut annot_parents: Vec<usize> = Vec::new();
    let mut annots = Vec::with_capacity(marks.len());
    // Elements with content hang in the tree in layout's order, which is the source's: a
    // photo that floated to a later page is read where the text placed it, not after the
    // text that filled the page before it. So an element is attached after those before it
    // in that order (everything else comes in that order anyway); links, which are not
    // layout's elements, stay where their page puts them.
    let mut floated = vec![false; n];
    for &e in marks.iter().flat_map(|pm| &pm.mcids) {
        if e < n {
            floated[e] = matches!(tree.structure[e].role, Role::Figure | Role::Caption);
        }
    }
    // Elements before `caught_up` with content are in the tree.
    let mut caught_up = 0;
    for (p, pm) in marks.iter().enumerate() {
        for (mcid, &e) in pm.mcids.iter().enumerate() {
            if e < n {
                for earlier in (caught_up..e).filter(|&k| floated[k]) {
                    b.attach(earlier);
                }
                caught_up = caught_up.max(e);
                b.attach(e);
                b.kids[e].push(Kid::Mcr(p, mcid));
            }
        }
        let mut page_annots = Vec::with_capacity(pm.links.len());
        for link in &pm.links {
            // Under the element layout gave the link; a link over an artifact (the
            // letterhead's website) goes into the section of the page's first tagged content.
            let parent = (link.elem.filter(|&e| e < n))
                .or_else(|| pm.mcids.first().and_then(|&e| b.sect_of(e)));
            let e = b.push(Elem {
                role: StructRole::Link,
                lang: None,
                parent,
                alt: None,
                align: None,
            });
            b.attach(e);
            let id = w.alloc();
            page_annots.push((id, pages.len() + annot_parents.len()));
            b.kids[e].push(Kid::Objr(p, id));
            annot_parents.push(e);
        }
        annots.push(page_annots);
    }
    for e in 0..b.elems.len() {
        b.attach(e);
    }
    let root = write_tree(w, &b, marks, pages, &annot_parents);
    Tagged { root, annots }
}

fn write_tree(
    w: &mut Writer,
    b: &Builder,
    marks: &[&PageMarks],
    pages: &[Ref],
    annot_parents: &[usize],
) -> Ref {
    let root = w.alloc();
    let document = w.alloc();
    let ids: Vec<Ref> = b.elems.iter().map(|_| w.alloc()).collect();
    // Each page's parent-tree entry, an array of elements by MCID, as an object of its own.
    let page_arrays: Vec<Ref> = marks.iter().map(|_| w.alloc()).collect();
    let mut tree_root = w.pdf.indirect(root).start::<StructTreeRoot>();
    tree_root
        .child(document)
        .parent_tree_next_key((pages.len() + annot_parents.len()) as i32);
    write_parent_tree(&mut tree_root, &page_arrays, annot_parents, &ids);
    tree_root.finish();
    for (pm, &r) in marks.iter().zip(&page_arrays) {
        // An MCID whose tag points outside the page tree's structure has no element.
        let mut array = w.pdf.indirect(r).array();
        for &e in &pm.mcids {
            match ids.get(e).filter(|_| e < b.tree_len) {
                Some(&id) => array.item(id),
                None => array.item(Null),
            };
        }
    }
    let mut doc = w.pdf.struct_element(document);
    doc.kind(StructRole::Document).parent(root);
    let mut kids = doc.children();
    for &e in &b.top {
        kids.struct_element(ids[e]);
    }
    kids.finish();
    doc.finish();
    for (e, elem) in b.elems.iter().enumerate() {
        let mut el = w.pdf.struct_element(ids[e]);
        el.kind(elem.role)
            .parent(elem.parent.map_or(document, |p| ids[p]));
        // The page of the first marked content: its MCIDs are bare numbers, others MCRs.
        let page = b.kids[e].iter().find_map(|k| match *k {
            Kid::Mcr(p, _) => Some(p),
            _ => None,
        });
        if let Some(p) = page {
            el.page(pages[p]);
        }
        let mut kids = el.children();
        for k in &b.kids[e] {
            kid(&mut kids, k, page, pages, &ids);
        }
        kids.finish();
        if let Some(&numbering) = b.numbering.get(&e) {
            // One attribute object, so `/A` is a dictionary rather than an array of one.
            el.insert(Name(b"A"))
                .start::<Attributes>()
                .list()
                .list_numbering(numbering);
        }
        // PDF/UA asks every Note for an /ID, unique in the document.
        if elem.role == StructRole::Note {
            el.id(Str(format!("note-{e}").as_bytes()));
        }
        if let Some(align) = elem.align {
            el.insert(Name(b"A"))
                .start::<Attributes>()
                .layout()
                .text_align(align);
        }
        if let Some(scope) = b.scope(e) {
            el.insert(Name(b"A"))
                .start::<Attributes>()
                .table()
                .scope(scope);
        }
        if let Some(alt) = &elem.alt {
            el.alt(TextStr(alt));
        }
        if let Some(lang) = elem.lang {
            el.lang(TextStr(lang));
            // A title naming the language: `pdfinfo -struct` shows it (it shows no /Lang).
            if elem.role == StructRole::Sect {
                el.title(TextStr(lang));
            }
        }
    }
    root
}

fn kid(kids: &mut StructChildren, k: &Kid, page: Option<usize>, pages: &[Ref], ids: &[Ref]) {
    match *k {
        Kid::Mcr(p, mcid) if Some(p) == page => {
            kids.marked_content_id(mcid as i32);
        }
        Kid::Mcr(p, mcid) => {
            kids.marked_content_ref()
                .page(pages[p])
                .marked_content_id(mcid as i32);
        }
        Kid::Elem(e) => {
            kids.struct_element(ids[e]);
        }
        Kid::Objr(p, annot) => {
            kids.object_ref().page(pages[p]).object(annot);
        }
    }
}

/// Key `p` (a page's `/StructParents`): the array of the elements of page `p`'s MCIDs.
/// Keys after the pages (an annotation's `/StructParent`): the annotation's `Link` element.
fn write_parent_tree(
    root: &mut StructTreeRoot,
    page_arrays: &[Ref],
    annot_parents: &[usize],
    ids: &[Ref],
) {
    let mut tree = root.parent_tree();
    let mut nums = tree.nums();
    for (p, &array) in page_arrays.iter().enumerate() {
        nums.insert(p as i32, array);
    }
    for (k, &e) in annot_parents.iter().enumerate() {
        nums.insert((page_arrays.len() + k) as i32, ids[e]);
    }
}
