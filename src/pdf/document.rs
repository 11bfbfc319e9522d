//! The document's objects around the pages' content: page tree, pages, resources, link
//! annotations, images, and the catalog with everything an archive and a screen reader need —
//! `/Lang`, `/MarkInfo`, the structure tree (`structure`), the outline (`outline`), the XMP
//! packet (`xmp`) with the claims of [`Standard`](super::Standard), the sRGB output intent
//! (`icc`) — and `/Info`.

use super::compress::StreamCache;
use super::image;
use super::page::{self, PageContent};
use super::writer::{Dict, Pack, Ref, Writer};
use super::{fonts::DocFonts, icc, outline, structure, xmp, Meta, PdfA};
use crate::layout::PageTree;

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

    w.dict(page_tree, |d| {
        d.name("Type", "Pages")
            .array("Kids", |a| {
                for &p in &pages {
                    a.reference(p);
                }
            })
            .int("Count", pages.len() as i64);
    });
    for (p, content) in contents.iter().enumerate() {
        let page = &tree.pages[p];
        let stream = w.alloc();
        let annots = &tagged.annots[p];
        w.dict(pages[p], |d| {
            d.name("Type", "Page")
                .reference("Parent", page_tree)
                .array("MediaBox", |a| {
                    a.int(0).int(0).real(page.width.0).real(page.height.0);
                })
                .reference("Resources", resources)
                .reference("Contents", stream)
                .int("StructParents", p as i64)
                // Tab order follows the structure (PDF/UA).
                .name("Tabs", "S");
            if !annots.is_empty() {
                d.array("Annots", |a| {
                    for &(annot, _) in annots {
                        a.reference(annot);
                    }
                });
            }
        });
        w.stream(stream, &content.ops, Pack::Deflate, |_| {});
        for (link, &(annot, parent)) in content.marks.links.iter().zip(annots) {
            write_link(&mut w, annot, link, parent);
        }
    }

    let font_refs = fonts.embed(&mut w);
    let image_refs: Vec<(String, Ref)> = (tree.images.iter().enumerate())
        .filter(|(i, _)| contents.iter().any(|c| c.images.contains(i)))
        .map(|(i, img)| (page::image_name(i), image::write(&mut w, img)))
        .collect();
    w.dict(resources, |d| {
        d.dict("Font", |d| {
            for &(name, font) in &font_refs {
                d.reference(name, font);
            }
        });
        if !image_refs.is_empty() {
            d.dict("XObject", |d| {
                for (name, img) in &image_refs {
                    d.reference(name, *img);
                }
            });
        }
    });

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
        w.stream(r, xmp::packet(meta).as_bytes(), Pack::Plain, |d| {
            d.name("Type", "Metadata").name("Subtype", "XML");
        });
        r
    });
    // The PDF/A output intent: colours are sRGB (all of ours are `DeviceRGB`), with the
    // profile embedded (PDF/A-2 §6.2.3).
    let profile = meta.standard.pdfa.is_some().then(|| {
        let r = w.alloc();
        w.stream(r, icc::srgb(), Pack::DeflateShared, |d| {
            d.int("N", 3);
        });
        r
    });
    w.dict(catalog, |d| {
        d.name("Type", "Catalog")
            .reference("Pages", page_tree)
            .literal("Lang", meta.lang.as_bytes())
            .dict("MarkInfo", |d| {
                d.bool("Marked", true);
            })
            .reference("StructTreeRoot", tagged.root)
            .dict("ViewerPreferences", |d| {
                d.bool("DisplayDocTitle", true);
            })
            .name("PageLayout", "OneColumn");
        match outline {
            Some(root) => d
                .reference("Outlines", root)
                .name("PageMode", "UseOutlines"),
            None => d.name("PageMode", "UseNone"),
        };
        if let Some(metadata) = metadata {
            d.reference("Metadata", metadata);
        }
        if let Some(profile) = profile {
            d.array("OutputIntents", |a| {
                a.dict(|d| {
                    d.name("Type", "OutputIntent")
                        .name("S", "GTS_PDFA1")
                        .literal("OutputConditionIdentifier", icc::DESCRIPTION.as_bytes())
                        .literal("Info", icc::DESCRIPTION.as_bytes())
                        .reference("DestOutputProfile", profile);
                });
            });
        }
    });
    let info = w.alloc();
    w.dict(info, |d| write_info(d, meta));
    w.finish(catalog, info, xmp::ID_PLACEHOLDER)
}

/// A link annotation: no visible border (layout styles the link text), printed (`/F 4`, for
/// PDF/A), with the URI as its text alternative (`/Contents`, for PDF/UA).
fn write_link(w: &mut Writer, r: Ref, link: &page::LinkMark, struct_parent: usize) {
    w.dict(r, |d| {
        d.name("Type", "Annot")
            .name("Subtype", "Link")
            .array("Rect", |a| {
                for v in link.rect {
                    a.real(v);
                }
            })
            .array("Border", |a| {
                a.int(0).int(0).int(0);
            })
            .dict("A", |d| {
                d.name("S", "URI").literal("URI", link.uri.as_bytes());
            })
            .int("F", 4)
            .int("StructParent", struct_parent as i64)
            .text("Contents", &link.uri);
    });
}

fn write_info(d: &mut Dict, meta: &Meta) {
    let date = pdf_date(meta.date_unix);
    d.text("Title", &meta.title)
        .text("Author", &meta.author)
        .text("Subject", &meta.subject)
        .text("Keywords", &meta.keywords.join(", "))
        .text("Creator", &meta.producer)
        .text("Producer", &meta.producer)
        .literal("CreationDate", date.as_bytes())
        .literal("ModDate", date.as_bytes());
    // The claims live in the XMP; poppler's `pdfinfo` reports a "PDF subtype" only from
    // these informal /Info keys (and only the first it finds, PDF/A before PDF/UA).
    match meta.standard.pdfa {
        Some(PdfA::U) => {
            d.literal("GTS_PDFA1Version", b"PDF/A-2u");
        }
        Some(PdfA::A) => {
            d.literal("GTS_PDFA1Version", b"PDF/A-2a");
        }
        None => {}
    }
    if meta.standard.ua {
        d.literal("GTS_PDFUAVersion", b"PDF/UA-1");
    }
}

/// `D:YYYYMMDDHHmmSS+00'00'` in UTC. Dates outside chrono's range (±262 000 years) fall back
/// to the epoch rather than failing the document.
pub fn pdf_date(unix: i64) -> String {
    let t = chrono::DateTime::from_timestamp(unix, 0).unwrap_or_default();
    t.format("D:%Y%m%d%H%M%S+00'00'").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_pdf_dates() {
        // 2021-06-28 09:30:05 UTC
        assert_eq!(pdf_date(1_624_872_605), "D:20210628093005+00'00'");
        assert_eq!(pdf_date(0), "D:19700101000000+00'00'");
    }
}
