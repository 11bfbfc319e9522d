//! The XMP metadata packet: Dublin Core (titles per language, creator, languages), the PDF and
//! XMP basic schemas mirroring `/Info`, the PDF/A and PDF/UA identification schemas, and the
//! PDF/A extension schema that declares `pdfuaid` (PDF/A-2 §6.6.2.3: every schema outside
//! XMP's predefined ones must be described in the file).
//!
//! The document and instance ids are written as [`ID_PLACEHOLDER`] and patched after
//! serialization with the content hash (see `writer::Writer::finish`), so they are a function
//! of the content like `/ID`.

use super::standard::PdfA;
use super::Meta;

/// Written where the content-hash UUID goes; same length as the UUID.
pub const ID_PLACEHOLDER: &str = "00000000-0000-0000-0000-000000000000";

/// The XMP packet for `meta`, claiming `meta.standard`.
pub fn packet(meta: &Meta) -> String {
    let std = meta.standard;
    let date = xmp_date(meta.date_unix);
    let mut x = String::with_capacity(4096);
    x.push_str("<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    x.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
    x.push_str("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");

    x.push_str("<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
    x.push_str("<dc:format>application/pdf</dc:format>\n");
    x.push_str(&alt("dc:title", &meta.title, &meta.titles));
    x.push_str(&format!(
        "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
        esc(&meta.author)
    ));
    x.push_str(&alt("dc:description", &meta.subject, &[]));
    x.push_str("<dc:language><rdf:Bag>");
    for lang in &meta.languages {
        x.push_str(&format!("<rdf:li>{}</rdf:li>", esc(lang)));
    }
    x.push_str("</rdf:Bag></dc:language>\n");
    x.push_str("</rdf:Description>\n");

    x.push_str("<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
    x.push_str(&format!(
        "<pdf:Producer>{}</pdf:Producer>\n<pdf:Keywords>{}</pdf:Keywords>\n",
        esc(&meta.producer),
        esc(&meta.keywords.join(", "))
    ));
    x.push_str("</rdf:Description>\n");

    x.push_str("<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n");
    x.push_str(&format!(
        "<xmp:CreatorTool>{}</xmp:CreatorTool>\n<xmp:CreateDate>{date}</xmp:CreateDate>\n\
         <xmp:ModifyDate>{date}</xmp:ModifyDate>\n<xmp:MetadataDate>{date}</xmp:MetadataDate>\n",
        esc(&meta.producer)
    ));
    x.push_str("</rdf:Description>\n");

    x.push_str(
        "<rdf:Description rdf:about=\"\" xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\">\n",
    );
    x.push_str(&format!(
        "<xmpMM:DocumentID>uuid:{ID_PLACEHOLDER}</xmpMM:DocumentID>\n\
         <xmpMM:InstanceID>uuid:{ID_PLACEHOLDER}</xmpMM:InstanceID>\n"
    ));
    x.push_str("</rdf:Description>\n");

    if let Some(level) = std.pdfa {
        let conformance = match level {
            PdfA::U => "U",
            PdfA::A => "A",
        };
        x.push_str(&format!(
            "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n\
             <pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>{conformance}</pdfaid:conformance>\n\
             </rdf:Description>\n"
        ));
    }
    if std.ua {
        x.push_str(
            "<rdf:Description rdf:about=\"\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n\
             <pdfuaid:part>1</pdfuaid:part>\n</rdf:Description>\n",
        );
        if std.pdfa.is_some() {
            x.push_str(PDFUAID_EXTENSION);
        }
    }
    x.push_str("</rdf:RDF>\n</x:xmpmeta>\n");
    // Room to edit the packet in place, as XMP recommends; `w`: writable.
    for _ in 0..8 {
        x.push_str(&" ".repeat(99));
        x.push('\n');
    }
    x.push_str("<?xpacket end=\"w\"?>");
    x
}

/// The PDF/A extension schema describing `pdfuaid:part` (ISO 14289-1 §5, example in the
/// PDF/UA-1 technical implementation guide).
const PDFUAID_EXTENSION: &str = "\
<rdf:Description rdf:about=\"\" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" \
xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
";

/// A language alternative: `x-default` (equal to the `/Info` entry, as PDF/A requires) and
/// one entry per language.
fn alt(tag: &str, default: &str, per_lang: &[(String, String)]) -> String {
    let mut s = format!(
        "<{tag}><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li>",
        esc(default)
    );
    for (lang, text) in per_lang {
        s.push_str(&format!(
            "<rdf:li xml:lang=\"{}\">{}</rdf:li>",
            esc(lang),
            esc(text)
        ));
    }
    s.push_str(&format!("</rdf:Alt></{tag}>\n"));
    s
}

/// XML text escaping; characters XML 1.0 forbids (C0 controls but tab and line breaks) are
/// dropped rather than written.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The same instant as `/Info`'s dates, in XMP's ISO 8601 form.
pub fn xmp_date(unix: i64) -> String {
    let t = chrono::DateTime::from_timestamp(unix, 0).unwrap_or_default();
    t.format("%Y-%m-%dT%H:%M:%S+00:00").to_string()
}

/// A 128-bit hash as a UUID string (8-4-4-4-12 hex digits), the form of [`ID_PLACEHOLDER`].
pub fn uuid(hash: u128) -> String {
    let h = format!("{hash:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::Standard;

    fn meta() -> Meta {
        Meta {
            title: "A & B / C <D>".into(),
            titles: vec![
                ("nl-BE".into(), "A & B".into()),
                ("fr-BE".into(), "C <D>".into()),
            ],
            author: "FOD \"X\"".into(),
            languages: vec!["nl-BE".into(), "fr-BE".into()],
            date_unix: 1_624_872_605,
            ..Meta::default()
        }
    }

    #[test]
    fn packet_is_well_formed_xml_with_escaped_text() {
        let xmp = packet(&meta());
        let doc = roxmltree::Document::parse(&xmp).expect("well-formed XMP");
        let titles: Vec<(Option<&str>, Option<&str>)> = doc
            .descendants()
            .filter(|n| {
                n.has_tag_name("li") && n.parent().unwrap().parent().unwrap().has_tag_name("title")
            })
            .map(|n| {
                (
                    n.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
                    n.text(),
                )
            })
            .collect();
        assert_eq!(
            titles,
            [
                (Some("x-default"), Some("A & B / C <D>")),
                (Some("nl-BE"), Some("A & B")),
                (Some("fr-BE"), Some("C <D>")),
            ]
        );
    }

    #[test]
    fn claims_follow_the_standard() {
        let mut m = meta();
        m.standard = Standard::default();
        let xmp = packet(&m);
        assert!(xmp.contains("<pdfaid:conformance>A</pdfaid:conformance>"));
        assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert!(xmp.contains("<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"));
        m.standard = "ua-1".parse().unwrap();
        let xmp = packet(&m);
        assert!(!xmp.contains("pdfaid:part") && !xmp.contains("pdfaExtension"));
    }

    #[test]
    fn dates_and_uuids() {
        assert_eq!(xmp_date(1_624_872_605), "2021-06-28T09:30:05+00:00");
        assert_eq!(uuid(0), ID_PLACEHOLDER);
        assert_eq!(
            uuid(0x0123456789abcdef0123456789abcdef),
            "01234567-89ab-cdef-0123-456789abcdef"
        );
    }
}
