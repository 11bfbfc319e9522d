//! The document's objects around the pages' content: page tree, pages, resources, link
//! annotations, images, and the catalog with everything an archive and a screen reader need —
//! `/Lang`, `/MarkInfo`, the structure tree (`structure`), the outline (`outline`), the XMP
//! packet (`xmp`) with the claims of [`Standard`](super::Standard), the sRGB output intent
//! (`icc`) — and `/Info`.

use super::compress::StreamCache;
use super::image;
use super::page::{self, PageContent};
use super::writer::{literal, rect, Name, Pack, Ref, TextStr, Writer};
use super::{fonts::DocFonts, icc, outline, structure, xmp, Meta, PdfA};
use crate::layout::PageTree;
use pdf_writer::types::{
    ActionType, AnnotationFlags, AnnotationType, OutputIntentSubtype, PageLayout, PageMode,
    TabOrder,
};
use pdf_writer::writers::{DocumentInfo, Resources};
use pdf_writer::{Date, Finish};

/// Writes the whole file.
pub fn write(
    tree: &PageTree,
    fonts: &DocFonts,
    contents: &[PageContent],
    meta: &Meta,
    cache: &StreamCache,
) -> Vec<u8> {
    // Fonts and fixed objects are some 60 KB; content streams deflate to about a third.
    let size_guess = (96 << 10) + contents.iter().map(|c| c.ops.len() / 3).sum::<usize>();
    let mut w = Writer::new(size_guess, cache);
    let catalog = w.alloc();
    let page_tree = w.alloc();
    let resources = w.alloc();
    let pages: Vec<Ref> = contents.iter().map(|_| w.alloc()).collect();

    let marks: Vec<&page::PageMarks> = contents.iter().map(|c| &c.marks).collect();
    let tagged = structure::write(&mut w, tree, &marks, &pages);

    w.pdf
        .pages(page_tree)
        .kids(pages.iter().copied())
        .count(pages.len() as i32);
    for (p, content) in contents.iter().enumerate() {
        let size = &tree.pages[p];
        let stream = w.alloc();
        let annots = &tagged.annots[p];
        let mut page = w.pdf.page(pages[p]);
        page.parent(page_tree)
            .media_box(rect(0.0, 0.0, size.width.0, size.height.0))
            .contents(stream)
            .struct_parents(p as i32)
            // Tab order follows the structure (PDF/UA).
            .tab_order(TabOrder::StructureOrder)
            .pair(Name(b"Resources"), resources);
        if !annots.is_empty() {
            page.annotations(annots.iter().map(|&(annot, _)| annot));
        }
        page.finish();
        w.stream(stream, &content.ops, Pack::Deflate);
        for (link, &(annot, parent)) in content.marks.links.iter().zip(annots) {
            write_link(&mut w, annot, link, parent);
        }
    }

    let font_refs = fonts.embed(&mut w);
    let image_refs: Vec<(String, Ref)> = (tree.images.iter().enumerate())
        .filter(|(i, _)| contents.iter().any(|c| c.images.contains(i)))
        .map(|(i, img)| (page::image_name(i), image::write(&mut w, img)))
        .collect();
    let photo_refs: Vec<(String, Ref)> = (tree.photos.iter().enumerate())
        .filter(|(i, _)| contents.iter().any(|c| c.photos.contains(i)))
        .map(|(i, img)| {
            let (width, height) = placed_size(tree, i);
            let small = crate::photo::fit(img, width, height, meta.image_dpi);
            let img = small.as_ref().unwrap_or(img);
            (page::photo_name(i), image::write_photo(&mut w, img))
        })
        .collect();
    let image_refs = [image_refs, photo_refs].concat();
    let mut res = w.pdf.indirect(resources).start::<Resources>();
    let mut dict = res.fonts();
    for &(name, font) in &font_refs {
        dict.pair(Name(name.as_bytes()), font);
    }
    dict.finish();
    if !image_refs.is_empty() {
        let mut dict = res.x_objects();
        for (name, img) in &image_refs {
            dict.pair(Name(name.as_bytes()), *img);
        }
    }
    res.finish();

    let heights: Vec<(Ref, f32)> = pages
        .iter()
        .zip(&tree.pages)
        .map(|(&r, p)| (r, p.height.0))
        .collect();
    let outline = outline::write(&mut w, &tree.outline, &heights);
    let metadata = meta.standard.has_xmp().then(|| {
        let r = w.alloc();
        // Uncompressed, so that it can be found and read without a PDF parser (and its ids
        // patched after serialization).
        w.pdf.metadata(r, xmp::packet(meta).as_bytes());
        r
    });
    // The PDF/A output intent: colours are sRGB (all of ours are `DeviceRGB`), with the
    // profile embedded (PDF/A-2 §6.2.3).
    let profile = meta.standard.pdfa.is_some().then(|| {
        let r = w.alloc();
        let packed = w.pack(cache.srgb(), Pack::DeflateShared);
        let mut icc = w.pdf.icc_profile(r, packed.data());
        icc.n(3);
        packed.filter(&mut icc);
        r
    });
    let mut cat = w.pdf.catalog(catalog);
    cat.pages(page_tree)
        .lang(TextStr(&meta.lang))
        .page_layout(PageLayout::OneColumn)
        .pair(Name(b"StructTreeRoot"), tagged.root);
    cat.mark_info().marked(true);
    cat.viewer_preferences().display_doc_title(true);
    match outline {
        Some(root) => cat.outlines(root).page_mode(PageMode::UseOutlines),
        None => cat.page_mode(PageMode::UseNone),
    };
    if let Some(metadata) = metadata {
        cat.metadata(metadata);
    }
    if let Some(profile) = profile {
        cat.output_intents()
            .push()
            .subtype(OutputIntentSubtype::PDFA)
            .output_condition_identifier(TextStr(icc::DESCRIPTION))
            .info(TextStr(icc::DESCRIPTION))
            .dest_output_profile(profile);
    }
    cat.finish();
    let info = w.alloc();
    write_info(&mut w.pdf.document_info(info), meta);
    w.finish(xmp::ID_PLACEHOLDER)
}

/// A link annotation: no visible border (layout styles the link text), printed (`/F 4`, for
/// PDF/A), with the URI as its text alternative (`/Contents`, for PDF/UA).
fn write_link(w: &mut Writer, r: Ref, link: &page::LinkMark, struct_parent: usize) {
    let [x1, y1, x2, y2] = link.rect;
    let mut annot = w.pdf.annotation(r);
    annot
        .subtype(AnnotationType::Link)
        .rect(rect(x1, y1, x2, y2))
        .border(0.0, 0.0, 0.0, None)
        .flags(AnnotationFlags::PRINT)
        .struct_parent(struct_parent as i32)
        .contents(TextStr(&link.uri));
    annot
        .action()
        .action_type(ActionType::Uri)
        .uri(literal(link.uri.as_bytes()));
}

fn write_info(info: &mut DocumentInfo, meta: &Meta) {
    let date = pdf_date(meta.date_unix);
    info.title(TextStr(&meta.title))
        .author(TextStr(&meta.author))
        .subject(TextStr(&meta.subject))
        .keywords(TextStr(&meta.keywords.join(", ")))
        .creator(TextStr(&meta.producer))
        .producer(TextStr(&meta.producer))
        .creation_date(date)
        .modified_date(date);
    // The claims live in the XMP; poppler's `pdfinfo` reports a "PDF subtype" only from
    // these informal /Info keys (and only the first it finds, PDF/A before PDF/UA).
    match meta.standard.pdfa {
        Some(PdfA::U) => {
            info.pair(Name(b"GTS_PDFA1Version"), TextStr("PDF/A-2u"));
        }
        Some(PdfA::A) => {
            info.pair(Name(b"GTS_PDFA1Version"), TextStr("PDF/A-2a"));
        }
        None => {}
    }
    if meta.standard.ua {
        info.pair(Name(b"GTS_PDFUAVersion"), TextStr("PDF/UA-1"));
    }
}

/// The date in UTC, written `D:YYYYMMDDHHmmSSZ`. Dates outside chrono's range (±262 000
/// years) or PDF's (years 0–9999) fall back to the epoch rather than failing the document.
pub fn pdf_date(unix: i64) -> Date {
    use chrono::{Datelike, Timelike};
    let t = chrono::DateTime::from_timestamp(unix, 0)
        .filter(|t| (0..=9999).contains(&t.year()))
        .unwrap_or_default();
    Date::new(t.year() as u16)
        .month(t.month() as u8)
        .day(t.day() as u8)
        .hour(t.hour() as u8)
        .minute(t.minute() as u8)
        .second(t.second() as u8)
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

/// The largest size photo `index` is placed at anywhere in the document (width, height in
/// points): what its pixels must cover. Today every placement of a photo in one document has
/// the same size (one column width); the largest is the safe choice if that changes.
fn placed_size(tree: &PageTree, index: usize) -> (f32, f32) {
    let mut size = (0.0f32, 0.0f32);
    for item in tree.pages.iter().flat_map(|p| &p.items) {
        if let crate::layout::Item::Photo { index: i, w, h, .. } = item {
            if *i == index {
                size = (size.0.max(w.0), size.1.max(h.0));
            }
        }
    }
    size
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(date: Date) -> String {
        let mut pdf = pdf_writer::Pdf::new();
        pdf.indirect(Ref::new(1)).primitive(date);
        let bytes = pdf.finish();
        let text = String::from_utf8_lossy(&bytes);
        let at = text.find("(D:").unwrap();
        text[at..at + text[at..].find(')').unwrap() + 1].to_string()
    }

    #[test]
    fn dates_are_utc_pdf_dates() {
        // 2021-06-28 09:30:05 UTC
        assert_eq!(written(pdf_date(1_624_872_605)), "(D:20210628093005Z)");
        assert_eq!(written(pdf_date(0)), "(D:19700101000000Z)");
        assert_eq!(written(pdf_date(i64::MAX)), "(D:19700101000000Z)");
    }
}
