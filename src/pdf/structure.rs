//! The structure tree (tagged PDF): `Document` → one `Sect` per language (with its `/Lang`)
//! → the page tree's structure elements, each holding its marked-content references, nested
//! elements and link annotations in reading order; the `/ParentTree` that leads back from
//! content to elements.
//!
//! Grouping by language makes the reading order one language, then the next, also where
//! layout sets them side by side: the `Sect`s follow the order in which each language's
//! content first appears, and within a `Sect` elements follow their content.

use super::page::PageMarks;
use super::post::{name, utf16};
use crate::layout::{Item, PageTree};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::BTreeMap;

/// A structure element: the page tree's, or a `Link` added for an annotation.
struct Elem {
    role: &'static str,
    lang: Option<&'static str>,
    parent: Option<usize>,
}

/// A child of a structure element.
enum Kid {
    /// Marked content: (page index, MCID).
    Mcr(usize, usize),
    Elem(usize),
    /// An annotation: (page index, annotation object).
    Objr(usize, ObjectId),
}

struct Builder {
    elems: Vec<Elem>,
    kids: Vec<Vec<Kid>>,
    attached: Vec<bool>,
    /// Children of the `Document` element.
    top: Vec<usize>,
    /// How many elements came from the page tree (the rest are added `Link`s).
    tree_len: usize,
    /// `ListNumbering` of each list (`L`) element, from its labels.
    numbering: BTreeMap<usize, &'static str>,
}

impl Builder {
    fn new(tree: &PageTree) -> Builder {
        let n = tree.structure.len();
        let mut elems: Vec<Elem> = tree
            .structure
            .iter()
            .map(|s| Elem {
                role: s.role,
                lang: Some(s.lang.bcp47()),
                parent: s.parent.filter(|&p| p < n),
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
                        role: "Sect",
                        lang: Some(lang),
                        parent: None,
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

    fn push(&mut self, elem: Elem) -> usize {
        self.elems.push(elem);
        self.kids.push(Vec::new());
        self.attached.push(false);
        self.elems.len() - 1
    }

    /// The `Sect` that holds `e`.
    fn sect_of(&self, mut e: usize) -> Option<usize> {
        for _ in 0..self.elems.len() {
            let elem = self.elems.get(e)?;
            if elem.role == "Sect" {
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
fn list_numbering(tree: &PageTree) -> BTreeMap<usize, &'static str> {
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
            .filter(|l| l.role == "Lbl")
            .and_then(|l| l.parent)
            .and_then(|li| elem(li)?.parent)
            .filter(|&l| elem(l).is_some_and(|l| l.role == "L"));
        if let Some(list) = list {
            let numbered = run
                .text()
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit());
            out.entry(list)
                .or_insert(if numbered { "Decimal" } else { "Disc" });
        }
    }
    out
}

/// Builds the tree, moves link annotations into indirect objects tied to `Link` elements,
/// sets `/StructParents` on pages and returns the `/StructTreeRoot`.
pub fn add(
    doc: &mut Document,
    tree: &PageTree,
    marks: &[PageMarks],
    pages: &[ObjectId],
) -> ObjectId {
    let mut b = Builder::new(tree);
    let n = tree.structure.len();
    // Parent-tree entries of annotations, keyed after the pages' keys.
    let mut annot_parents: Vec<usize> = Vec::new();
    for (p, (pm, &page)) in marks.iter().zip(pages).enumerate() {
        for (mcid, &e) in pm.mcids.iter().enumerate() {
            if e < n {
                b.attach(e);
                b.kids[e].push(Kid::Mcr(p, mcid));
            }
        }
        let annots = take_annotations(doc, page);
        debug_assert_eq!(annots.len(), pm.links.len(), "one annotation per link item");
        for (link, mut annot) in pm.links.iter().zip(annots) {
            let e = match link.elem.filter(|&e| e < n) {
                Some(e) if tree.structure[e].role == "Link" => e,
                parent => {
                    // A link over an artifact (the letterhead's website) goes into the
                    // section of the page's first tagged content.
                    let parent = parent.or_else(|| pm.mcids.first().and_then(|&e| b.sect_of(e)));
                    b.push(Elem {
                        role: "Link",
                        lang: None,
                        parent,
                    })
                }
            };
            b.attach(e);
            // /F 4: print the annotation (PDF/A); /Contents: its text alternative (PDF/UA).
            annot.set("F", Object::Integer(4));
            annot.set(
                "StructParent",
                Object::Integer((pages.len() + annot_parents.len()) as i64),
            );
            annot.set("Contents", utf16(&link.uri));
            let id = doc.add_object(Object::Dictionary(annot));
            annot_refs(doc, page).push(Object::Reference(id));
            b.kids[e].push(Kid::Objr(p, id));
            annot_parents.push(e);
        }
        if let Ok(dict) = doc.get_dictionary_mut(page) {
            dict.set("StructParents", Object::Integer(p as i64));
            // Tab order follows the structure (PDF/UA).
            dict.set("Tabs", name("S"));
        }
    }
    for e in 0..b.elems.len() {
        b.attach(e);
    }
    write_tree(doc, &b, marks, pages, &annot_parents)
}

/// Removes the page's inline annotation dictionaries (printpdf writes them inline) and
/// returns them; the page keeps an empty `/Annots` to be refilled with references.
fn take_annotations(doc: &mut Document, page: ObjectId) -> Vec<Dictionary> {
    let Ok(dict) = doc.get_dictionary_mut(page) else {
        return Vec::new();
    };
    let annots = match dict.remove(b"Annots") {
        Some(Object::Array(a)) => a,
        _ => Vec::new(),
    };
    dict.set("Annots", Object::Array(Vec::new()));
    annots
        .into_iter()
        .filter_map(|a| match a {
            Object::Dictionary(d) => Some(d),
            Object::Reference(r) => doc.get_dictionary(r).ok().cloned(),
            _ => None,
        })
        .collect()
}

fn annot_refs(doc: &mut Document, page: ObjectId) -> &mut Vec<Object> {
    let dict = doc.get_dictionary_mut(page).expect("page exists");
    match dict.get_mut(b"Annots") {
        Ok(Object::Array(a)) => a,
        _ => unreachable!("take_annotations left an array"),
    }
}

fn write_tree(
    doc: &mut Document,
    b: &Builder,
    marks: &[PageMarks],
    pages: &[ObjectId],
    annot_parents: &[usize],
) -> ObjectId {
    let root = doc.new_object_id();
    let document = doc.new_object_id();
    let ids: Vec<ObjectId> = b.elems.iter().map(|_| doc.new_object_id()).collect();
    for (e, elem) in b.elems.iter().enumerate() {
        let parent = elem.parent.map_or(document, |p| ids[p]);
        let kids = b.kids[e].iter().map(|k| kid(k, pages, &ids)).collect();
        let mut dict = Dictionary::from_iter(vec![
            ("Type", name("StructElem")),
            ("S", name(elem.role)),
            ("P", Object::Reference(parent)),
            ("K", Object::Array(kids)),
        ]);
        if let Some(numbering) = b.numbering.get(&e) {
            let attrs = Dictionary::from_iter(vec![
                ("O", name("List")),
                ("ListNumbering", name(numbering)),
            ]);
            dict.set("A", Object::Dictionary(attrs));
        }
        if let Some(lang) = elem.lang {
            dict.set("Lang", Object::string_literal(lang));
            // A title naming the language: `pdfinfo -struct` shows it (it shows no /Lang).
            if elem.role == "Sect" {
                dict.set("T", Object::string_literal(lang));
            }
        }
        doc.objects.insert(ids[e], Object::Dictionary(dict));
    }
    let top = b.top.iter().map(|&e| Object::Reference(ids[e])).collect();
    let doc_elem = Dictionary::from_iter(vec![
        ("Type", name("StructElem")),
        ("S", name("Document")),
        ("P", Object::Reference(root)),
        ("K", Object::Array(top)),
    ]);
    doc.objects.insert(document, Object::Dictionary(doc_elem));
    let parent_tree = parent_tree(marks, annot_parents, b.tree_len, &ids);
    let parent_tree = doc.add_object(Object::Dictionary(parent_tree));
    let root_dict = Dictionary::from_iter(vec![
        ("Type", name("StructTreeRoot")),
        ("K", Object::Reference(document)),
        ("ParentTree", Object::Reference(parent_tree)),
        (
            "ParentTreeNextKey",
            Object::Integer((pages.len() + annot_parents.len()) as i64),
        ),
    ]);
    doc.objects.insert(root, Object::Dictionary(root_dict));
    root
}

fn kid(k: &Kid, pages: &[ObjectId], ids: &[ObjectId]) -> Object {
    match *k {
        Kid::Mcr(p, mcid) => Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", name("MCR")),
            ("Pg", Object::Reference(pages[p])),
            ("MCID", Object::Integer(mcid as i64)),
        ])),
        Kid::Elem(e) => Object::Reference(ids[e]),
        Kid::Objr(p, annot) => Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", name("OBJR")),
            ("Pg", Object::Reference(pages[p])),
            ("Obj", Object::Reference(annot)),
        ])),
    }
}

/// Key `p` (a page's `/StructParents`): the element of each MCID on page `p`. Keys after
/// the pages (an annotation's `/StructParent`): the annotation's `Link` element. An MCID
/// whose tag points outside the page tree's structure has no element (`null`).
fn parent_tree(
    marks: &[PageMarks],
    annot_parents: &[usize],
    tree_len: usize,
    ids: &[ObjectId],
) -> Dictionary {
    let elem_ref = |e: usize| {
        if e < tree_len {
            Object::Reference(ids[e])
        } else {
            Object::Null
        }
    };
    let mut nums = Vec::new();
    for (p, pm) in marks.iter().enumerate() {
        nums.push(Object::Integer(p as i64));
        nums.push(Object::Array(
            pm.mcids.iter().map(|&e| elem_ref(e)).collect(),
        ));
    }
    for (k, &e) in annot_parents.iter().enumerate() {
        nums.push(Object::Integer((marks.len() + k) as i64));
        nums.push(Object::Reference(ids[e]));
    }
    Dictionary::from_iter(vec![("Nums", Object::Array(nums))])
}
