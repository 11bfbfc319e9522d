//! Words of a release and of a PDF's extracted text, for round trips: the same folding on
//! both sides, so that quote styles, no-break spaces and markdown syntax do not count.

use std::collections::HashMap;

/// Words for comparison: typographic quotes, apostrophes and spaces folded to plain ones,
/// punctuation stripped from word edges, markdown syntax removed.
pub fn words(text: &str) -> Vec<String> {
    let mut s = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // markdown link target: drop "(url)" after "]"
            ']' if chars.peek() == Some(&'(') => {
                for d in chars.by_ref() {
                    if d == ')' {
                        break;
                    }
                }
            }
            // A footnote reference or definition label: the PDF shows a number instead.
            '[' if chars.peek() == Some(&'^') => {
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                }
                s.push(' ');
            }
            // A footnote's number in the text.
            '¹' | '²' | '³' | '⁰'..='⁹' => {}
            '’' | '‘' | '\'' => s.push('\''),
            '\u{a0}' | '\u{202f}' | '\n' => s.push(' '),
            '–' => s.push('-'),
            '*' => {}
            // Markdown table pipes separate cells.
            '[' | '<' | '>' | '“' | '”' | '„' | '«' | '»' | '"' | '|' => s.push(' '),
            _ => s.push(c),
        }
    }
    s.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| ".,;:!?()'".contains(c))
                .to_string()
        })
        // Markdown syntax that prints nothing: heading marks, a table's alignment row.
        .filter(|w| !w.is_empty() && w != "-" && !w.chars().all(|c| "#-:".contains(c)))
        .collect()
}

/// Whether `word` occurs broken across lines: a token `head/` (or `head-` when `hyphens`)
/// and a token `tail` with head + tail = word, or (when `hyphens`) rejoined without its
/// hyphen.
pub fn split_in(text: &str, word: &str, hyphens: bool) -> bool {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    // pdftotext joins a line ending in a word's own hyphen to the next line without it
    // ("Bruxelles-" + "Capitale" → "BruxellesCapitale"), as if the hyphen were a soft one.
    if hyphens && word.contains('-') && tokens.contains(&word.replace('-', "").as_str()) {
        return true;
    }
    tokens.iter().any(|t| {
        let head = if t.ends_with('/') {
            Some(*t)
        } else if hyphens {
            t.strip_suffix('-')
        } else {
            None
        };
        head.is_some_and(|head| {
            word.strip_prefix(head).is_some_and(|tail| {
                !tail.is_empty()
                    && tokens
                        .iter()
                        .any(|u| u.trim_end_matches(|c: char| ".,;:!?".contains(c)) == tail)
            })
        })
    })
}

pub fn counts(words: Vec<String>) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for w in words {
        *m.entry(w).or_insert(0) += 1;
    }
    m
}

/// Every text the author wrote for `lang`, as one string.
pub fn source_text(release: &communique::model::Release, lang: communique::Lang) -> String {
    source_parts(release, lang).join("\n")
}

/// Every text the author wrote for `lang`, one string per field (title, lead, each quote,
/// each section's heading and text): each is set as one stretch of text, in its own order.
pub fn source_parts(release: &communique::model::Release, lang: communique::Lang) -> Vec<String> {
    let t = release.text(lang);
    let mut parts = vec![t.title.value.clone()];
    parts.extend(t.lead.iter().map(|l| l.value.clone()));
    for q in t
        .quotes
        .iter()
        .chain(t.sections.iter().flat_map(|s| &s.quotes))
    {
        parts.push(q.text.value.clone());
    }
    for s in &t.sections {
        parts.extend(s.heading.iter().map(|h| h.value.clone()));
        parts.push(s.text.value.clone());
    }
    parts
}
