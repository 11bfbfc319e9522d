//! Reading our own PDFs back with lopdf: decoded streams, text strings, the marked content of
//! a page, fonts' ToUnicode and widths. Enough to check PDF/A and PDF/UA clauses; not a
//! general PDF reader.
#![allow(dead_code)]

use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::BTreeMap;

pub fn load(bytes: &[u8]) -> Document {
    Document::load_mem(bytes).expect("lopdf reads the PDF")
}

pub fn dict<'a>(doc: &'a Document, obj: &'a Object) -> &'a Dictionary {
    match obj {
        Object::Reference(r) => doc
            .get_object(*r)
            .map(|o| match o {
                Object::Dictionary(d) => d,
                Object::Stream(s) => &s.dict,
                other => panic!("not a dictionary: {other:?}"),
            })
            .unwrap(),
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        other => panic!("not a dictionary: {other:?}"),
    }
}

pub fn resolve<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    match obj {
        Object::Reference(r) => doc.get_object(*r).unwrap(),
        o => o,
    }
}

pub fn name(obj: &Object) -> String {
    String::from_utf8(obj.as_name().expect("a name").to_vec()).unwrap()
}

pub fn text_string(obj: &Object) -> String {
    let Object::String(b, _) = obj else {
        panic!("not a string: {obj:?}")
    };
    if b.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = b[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    } else {
        String::from_utf8(b.clone()).unwrap()
    }
}

/// A stream's data with its filters undone (the two we write: ASCIIHex and Flate).
pub fn decoded(doc: &Document, obj: &Object) -> Vec<u8> {
    let stream = match resolve(doc, obj) {
        Object::Stream(s) => s,
        other => panic!("not a stream: {other:?}"),
    };
    let filters: Vec<String> = match stream.dict.get(b"Filter") {
        Ok(Object::Name(n)) => vec![String::from_utf8(n.clone()).unwrap()],
        Ok(Object::Array(a)) => a.iter().map(name).collect(),
        _ => Vec::new(),
    };
    let mut data = stream.content.clone();
    for f in filters {
        data = match f.as_str() {
            "FlateDecode" => miniz_oxide::inflate::decompress_to_vec_zlib(&data).expect("inflate"),
            "ASCIIHexDecode" => {
                let hex: Vec<u8> = data
                    .iter()
                    .copied()
                    .take_while(|&b| b != b'>')
                    .filter(u8::is_ascii_hexdigit)
                    .collect();
                hex.chunks(2)
                    .map(|h| u8::from_str_radix(std::str::from_utf8(h).unwrap(), 16).unwrap())
                    .collect()
            }
            other => panic!("unexpected filter {other}"),
        };
    }
    data
}

/// The pages' object ids, in order.
pub fn pages(doc: &Document) -> Vec<ObjectId> {
    doc.get_pages().into_values().collect()
}

/// A page's content, all its streams concatenated.
pub fn page_content(doc: &Document, page: ObjectId) -> Vec<u8> {
    let p = doc.get_dictionary(page).unwrap();
    match p.get(b"Contents").unwrap() {
        Object::Array(a) => a.iter().flat_map(|c| decoded(doc, c)).collect(),
        c => decoded(doc, c),
    }
}

/// A content-stream token: what marked-content checks need.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Op(String),
    Name(String),
    /// A dictionary operand, raw.
    Dict(String),
    /// A string operand's bytes (hex or literal).
    Str(Vec<u8>),
    /// An array operand: its strings (glyph codes in `TJ`).
    Array(Vec<Vec<u8>>),
    Other,
}

pub fn tokens(content: &[u8]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    let delim = |b: u8| b.is_ascii_whitespace() || b"()<>[]{}/%".contains(&b);
    while i < content.len() {
        let c = content[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'%' {
            while i < content.len() && content[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' {
            let s = i + 1;
            i += 1;
            while i < content.len() && !delim(content[i]) {
                i += 1;
            }
            out.push(Tok::Name(String::from_utf8_lossy(&content[s..i]).into()));
        } else if content[i..].starts_with(b"<<") {
            let s = i;
            let mut depth = 0;
            while i < content.len() {
                if content[i..].starts_with(b"<<") {
                    depth += 1;
                    i += 2;
                } else if content[i..].starts_with(b">>") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else if content[i] == b'<' {
                    // A hex string inside the dictionary: `<FEFF0041>>>` ends the string
                    // first, then the dictionary.
                    i = hex_string(content, i).1;
                } else {
                    i += 1;
                }
            }
            out.push(Tok::Dict(String::from_utf8_lossy(&content[s..i]).into()));
        } else if c == b'<' {
            let (hex, end) = hex_string(content, i);
            i = end;
            out.push(Tok::Str(hex));
        } else if c == b'(' {
            let (bytes, end) = literal_string(content, i);
            i = end;
            out.push(Tok::Str(bytes));
        } else if c == b'[' {
            let mut strings = Vec::new();
            i += 1;
            while i < content.len() && content[i] != b']' {
                match content[i] {
                    b'<' => {
                        let (hex, end) = hex_string(content, i);
                        strings.push(hex);
                        i = end;
                    }
                    b'(' => {
                        let (bytes, end) = literal_string(content, i);
                        strings.push(bytes);
                        i = end;
                    }
                    _ => i += 1,
                }
            }
            i += 1;
            out.push(Tok::Array(strings));
        } else {
            let s = i;
            while i < content.len() && !delim(content[i]) {
                i += 1;
            }
            if s == i {
                // A stray delimiter: step over it rather than loop.
                i += 1;
                out.push(Tok::Other);
                continue;
            }
            let word = String::from_utf8_lossy(&content[s..i]).into_owned();
            if word.parse::<f64>().is_ok() {
                out.push(Tok::Other);
            } else {
                out.push(Tok::Op(word));
            }
        }
    }
    out
}

fn hex_string(content: &[u8], start: usize) -> (Vec<u8>, usize) {
    let end = start + content[start..].iter().position(|&b| b == b'>').unwrap();
    let digits: Vec<u8> = content[start + 1..end]
        .iter()
        .copied()
        .filter(u8::is_ascii_hexdigit)
        .collect();
    let bytes = digits
        .chunks(2)
        .map(|h| u8::from_str_radix(std::str::from_utf8(h).unwrap(), 16).unwrap())
        .collect();
    (bytes, end + 1)
}

/// A literal string `(…)` starting at `start`: its bytes (escapes decoded, an end of line
/// read as LF) and the index after it.
fn literal_string(content: &[u8], start: usize) -> (Vec<u8>, usize) {
    let (mut i, mut depth, mut out) = (start + 1, 1, Vec::new());
    while i < content.len() {
        let b = content[i];
        i += 1;
        match b {
            b'\\' => {
                let Some(&e) = content.get(i) else { break };
                i += 1;
                match e {
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'0'..=b'7' => {
                        let mut v = u32::from(e - b'0');
                        for _ in 0..2 {
                            match content.get(i) {
                                Some(&d @ b'0'..=b'7') => {
                                    v = v * 8 + u32::from(d - b'0');
                                    i += 1;
                                }
                                _ => break,
                            }
                        }
                        out.push(v as u8);
                    }
                    // A backslash before an end of line continues the string.
                    b'\r' => {
                        if content.get(i) == Some(&b'\n') {
                            i += 1;
                        }
                    }
                    b'\n' => {}
                    other => out.push(other),
                }
            }
            b'(' => {
                depth += 1;
                out.push(b);
            }
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return (out, i);
                }
                out.push(b);
            }
            b'\r' => {
                if content.get(i) == Some(&b'\n') {
                    i += 1;
                }
                out.push(b'\n');
            }
            _ => out.push(b),
        }
    }
    (out, i)
}

/// What a page's content says about marked content.
#[derive(Debug, Default)]
pub struct Marked {
    /// MCIDs in the order they occur.
    pub mcids: Vec<i64>,
    /// Painting operators outside both an artifact and an MCID sequence.
    pub unmarked: Vec<String>,
    /// Marked content opened inside an MCID sequence (poppler loses text after it).
    pub nested_in_mcid: usize,
    /// The bytes of the strings shown, per font resource name (decode them with
    /// [`codes`]: one or two bytes per glyph, as the font's encoding says).
    pub glyphs: BTreeMap<String, Vec<u8>>,
}

const PAINTING: &[&str] = &[
    "TJ", "Tj", "'", "\"", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "Do", "sh",
];

pub fn marked(content: &[u8]) -> Marked {
    #[derive(PartialEq)]
    enum Kind {
        Artifact,
        Mcid,
        Other,
    }
    let toks = tokens(content);
    let mut m = Marked::default();
    let mut stack: Vec<Kind> = Vec::new();
    let mut font = String::new();
    for (i, t) in toks.iter().enumerate() {
        let Tok::Op(op) = t else { continue };
        let operand = |k: usize| toks.get(i.wrapping_sub(k));
        match op.as_str() {
            "BMC" | "BDC" => {
                if stack.contains(&Kind::Mcid) {
                    m.nested_in_mcid += 1;
                }
                let (tag, props) = if op == "BMC" {
                    (operand(1), None)
                } else {
                    (operand(2), operand(1))
                };
                let kind = if tag == Some(&Tok::Name("Artifact".into())) {
                    Kind::Artifact
                } else if let Some(Tok::Dict(d)) = props.filter(|_| true) {
                    match d.find("/MCID") {
                        Some(at) => {
                            let num: String = d[at + 5..]
                                .trim_start()
                                .chars()
                                .take_while(char::is_ascii_digit)
                                .collect();
                            m.mcids.push(num.parse().unwrap());
                            Kind::Mcid
                        }
                        None => Kind::Other,
                    }
                } else {
                    Kind::Other
                };
                stack.push(kind);
            }
            "EMC" => {
                stack.pop();
            }
            "Tf" => {
                if let Some(Tok::Name(n)) = operand(2) {
                    font = n.clone();
                }
            }
            _ => {}
        }
        if PAINTING.contains(&op.as_str()) {
            if !stack.iter().any(|k| *k != Kind::Other) {
                m.unmarked.push(op.clone());
            }
            let strings: Vec<&Vec<u8>> = match operand(1) {
                Some(Tok::Array(a)) if op == "TJ" => a.iter().collect(),
                Some(Tok::Str(h)) if op == "Tj" => vec![h],
                _ => Vec::new(),
            };
            if strings.is_empty() {
                continue;
            }
            let bytes = m.glyphs.entry(font.clone()).or_default();
            for s in strings {
                bytes.extend_from_slice(s);
            }
        }
    }
    m
}

/// The character codes in the bytes of a Type0 font's strings: two bytes each, `Identity-H`
/// (the only encoding we write: every text extractor knows it by name).
pub fn codes(font: &Dictionary, bytes: &[u8]) -> Vec<u16> {
    match font.get(b"Encoding").unwrap() {
        Object::Name(n) => assert_eq!(n, b"Identity-H", "unexpected predefined CMap"),
        other => panic!("an embedded encoding CMap ({other:?}): pdfminer.six cannot read it"),
    }
    assert_eq!(bytes.len() % 2, 0, "two-byte codes");
    bytes
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .collect()
}

/// A ToUnicode CMap's mappings: code → text. Source codes may have one or two bytes
/// (`<41>`, `<0041>`); text is UTF-16 (four hex digits a unit).
pub fn to_unicode(cmap: &[u8]) -> BTreeMap<u16, String> {
    let text = String::from_utf8_lossy(cmap);
    let hex = |s: &str| -> Vec<u16> {
        let d = s.trim().trim_start_matches('<').trim_end_matches('>');
        if d.len() == 2 {
            return vec![u16::from_str_radix(d, 16).unwrap()];
        }
        (0..d.len())
            .step_by(4)
            .map(|i| u16::from_str_radix(&d[i..i + 4], 16).unwrap())
            .collect()
    };
    let mut map = BTreeMap::new();
    for block in text.split("beginbfchar").skip(1) {
        let body = &block[..block.find("endbfchar").unwrap()];
        for line in body.lines().filter(|l| !l.trim().is_empty()) {
            let parts: Vec<&str> = line.split_whitespace().collect();
            let code = hex(parts[0])[0];
            map.insert(code, String::from_utf16(&hex(parts[1])).unwrap());
        }
    }
    for block in text.split("beginbfrange").skip(1) {
        let body = &block[..block.find("endbfrange").unwrap()];
        for line in body.lines().filter(|l| !l.trim().is_empty()) {
            let parts: Vec<&str> = line.split_whitespace().collect();
            let (lo, hi) = (hex(parts[0])[0], hex(parts[1])[0]);
            let mut dst = hex(parts[2]);
            for code in lo..=hi {
                map.insert(code, String::from_utf16(&dst).unwrap());
                *dst.last_mut().unwrap() += 1;
            }
        }
    }
    map
}

/// A CIDFont's `/W` array: glyph id → width.
pub fn widths(w: &[Object]) -> BTreeMap<u16, f32> {
    let mut out = BTreeMap::new();
    let mut i = 0;
    while i < w.len() {
        let first = w[i].as_i64().unwrap() as u16;
        match &w[i + 1] {
            Object::Array(ws) => {
                for (k, v) in ws.iter().enumerate() {
                    out.insert(first + k as u16, v.as_float().unwrap());
                }
                i += 2;
            }
            last => {
                let last = last.as_i64().unwrap() as u16;
                let v = w[i + 2].as_float().unwrap();
                for g in first..=last {
                    out.insert(g, v);
                }
                i += 3;
            }
        }
    }
    out
}
