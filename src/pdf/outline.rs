//! The outline (bookmarks): one entry per language, its section headings nested below.

use super::writer::{compact, Ref, TextStr, Writer};
use crate::layout::OutlineEntry;
use pdf_writer::writers::OutlineItem;

/// A node: an entry and the indices of its children.
struct Node<'a> {
    entry: &'a OutlineEntry,
    kids: Vec<usize>,
}

/// Writes the outline and returns its root, or `None` when there are no entries.
/// `pages` holds each page's object and height (to flip the target's `y`).
pub fn write(w: &mut Writer, entries: &[OutlineEntry], pages: &[(Ref, f32)]) -> Option<Ref> {
    let (nodes, top) = nest(entries);
    if top.is_empty() {
        return None;
    }
    let root = w.alloc();
    let ids: Vec<Ref> = nodes.iter().map(|_| w.alloc()).collect();
    // Each node's parent and its place among its siblings.
    let mut parent = vec![(root, &top[..], 0); nodes.len()];
    for (k, &i) in top.iter().enumerate() {
        parent[i] = (root, &top[..], k);
    }
    for (n, node) in nodes.iter().enumerate() {
        for (k, &i) in node.kids.iter().enumerate() {
            parent[i] = (ids[n], &node.kids[..], k);
        }
    }
    w.pdf
        .outline(root)
        .first(ids[top[0]])
        .last(ids[top[top.len() - 1]])
        // The root counts every visible entry: all of them, as every entry is open.
        .count(nodes.len() as i32);
    for (i, node) in nodes.iter().enumerate() {
        let (up, siblings, k) = parent[i];
        let mut item = w.pdf.outline_item(ids[i]);
        item.title(TextStr(&node.entry.title)).parent(up);
        if k > 0 {
            item.prev(ids[siblings[k - 1]]);
        }
        if let Some(&next) = siblings.get(k + 1) {
            item.next(ids[next]);
        }
        if let Some(&(page, height)) = pages.get(node.entry.page) {
            item.dest()
                .page(page)
                .xyz(0.0, compact(height - node.entry.y.0), None);
        }
        link_kids(&mut item, &node.kids, &ids);
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
fn link_kids(item: &mut OutlineItem, kids: &[usize], ids: &[Ref]) {
    if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
        item.first(ids[first])
            .last(ids[last])
            .count(kids.len() as i32);
    }
}
