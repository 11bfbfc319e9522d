//! The outline (bookmarks): one entry per language, its section headings nested below.
//!
//! printpdf's own bookmarks are flat and sorted by (page, title), so the outline is built
//! here, on the lopdf document.

use super::post::{name, utf16};
use crate::layout::OutlineEntry;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// A node: an entry and the indices of its children.
struct Node<'a> {
    entry: &'a OutlineEntry,
    kids: Vec<usize>,
}

/// Adds the outline and returns its root, or `None` when there are no entries.
/// `pages` holds each page's object id and height (to flip the target's `y`).
pub fn add(
    doc: &mut Document,
    entries: &[OutlineEntry],
    pages: &[(ObjectId, f32)],
) -> Option<ObjectId> {
    let (nodes, top) = nest(entries);
    if top.is_empty() {
        return None;
    }
    let ids: Vec<ObjectId> = nodes.iter().map(|_| doc.new_object_id()).collect();
    let root = doc.new_object_id();
    for (i, node) in nodes.iter().enumerate() {
        let mut dict = Dictionary::new();
        dict.set("Title", utf16(&node.entry.title));
        if let Some(&(page, height)) = pages.get(node.entry.page) {
            let top = height - node.entry.y.0;
            let dest = vec![
                Object::Reference(page),
                name("XYZ"),
                Object::Integer(0),
                Object::Real(top),
                Object::Null,
            ];
            dict.set("Dest", Object::Array(dest));
        }
        link_kids(&mut dict, &node.kids, &ids);
        doc.objects.insert(ids[i], Object::Dictionary(dict));
    }
    let mut root_dict = Dictionary::from_iter(vec![("Type", name("Outlines"))]);
    link_kids(&mut root_dict, &top, &ids);
    // The root counts every visible entry: all of them, as every entry is open.
    root_dict.set("Count", Object::Integer(nodes.len() as i64));
    doc.objects.insert(root, Object::Dictionary(root_dict));
    set_parents_and_siblings(doc, root, &top, &ids);
    for (i, node) in nodes.iter().enumerate() {
        set_parents_and_siblings(doc, ids[i], &node.kids, &ids);
    }
    Some(root)
}

/// Level-0 entries at the top; level-1 entries under the preceding level-0 entry (at the top
/// if none precedes them).
fn nest(entries: &[OutlineEntry]) -> (Vec<Node<'_>>, Vec<usize>) {
    let mut nodes: Vec<Node> = Vec::with_capacity(entries.len());
    let mut top = Vec::new();
    let mut parent: Option<usize> = None;
    for (i, entry) in entries.iter().enumerate() {
        nodes.push(Node {
            entry,
            kids: Vec::new(),
        });
        match parent {
            Some(p) if entry.level > 0 => nodes[p].kids.push(i),
            _ => {
                top.push(i);
                if entry.level == 0 {
                    parent = Some(i);
                }
            }
        }
    }
    (nodes, top)
}

/// `/First`, `/Last` and `/Count`; entries are open, so the count is the number of children
/// (the outline is two levels deep; an open level-0 entry shows all its children).
fn link_kids(dict: &mut Dictionary, kids: &[usize], ids: &[ObjectId]) {
    if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
        dict.set("First", Object::Reference(ids[first]));
        dict.set("Last", Object::Reference(ids[last]));
        dict.set("Count", Object::Integer(kids.len() as i64));
    }
}

fn set_parents_and_siblings(
    doc: &mut Document,
    parent: ObjectId,
    kids: &[usize],
    ids: &[ObjectId],
) {
    for (k, &kid) in kids.iter().enumerate() {
        let Ok(dict) = doc.get_dictionary_mut(ids[kid]) else {
            continue;
        };
        dict.set("Parent", Object::Reference(parent));
        if k > 0 {
            dict.set("Prev", Object::Reference(ids[kids[k - 1]]));
        }
        if let Some(&next) = kids.get(k + 1) {
            dict.set("Next", Object::Reference(ids[next]));
        }
    }
}
