//! Where a TOML key was defined before: the full path of every key, table header and dotted
//! key in a file, so that a "duplicate key" names its first occurrence.
//!
//! toml reports a duplicate at the second definition only, and says neither which key nor
//! where the first one was. Reading line by line is not enough to find it: a key may be
//! dotted (`contact.name`, `"x" . y`), sit inside an inline table on the same line
//! (`{ name = "a", name = "b" }`), or clash with a table made another way (`a.b = 1`, then
//! `[a]`). So this is a small scanner of TOML's structure — keys, headers, strings,
//! comments, inline tables and arrays — that records each definition with its full path
//! (array-of-tables elements and array items counted, so `[[contacts]]` elements do not
//! clash with each other). It runs only after toml has found an error, and it never fails:
//! what it cannot read it skips to the end of the line.

use std::collections::BTreeMap;
use std::ops::Range;

/// How a definition makes its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// `[a.b]`: the table itself.
    Header,
    /// `a` and `a.b` in `a.b.c = 1`: tables made by a dotted key, which later dotted keys may
    /// add to.
    Dotted,
    /// `a.b.c` in `a.b.c = 1`, or `a` in `a = { … }`: a whole value.
    Value,
}

/// One definition of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Def {
    /// The full path from the root; array elements as `[N]` components.
    pub path: Vec<String>,
    pub kind: Kind,
    /// The key as written (its table left out), dotted parts joined by `.`.
    pub written: String,
    /// The key (or the whole `[header]`) in the text.
    pub span: Range<usize>,
}

impl Def {
    /// The path for people: dotted, without the array positions.
    pub fn shown_path(&self) -> String {
        let parts: Vec<&str> = self
            .path
            .iter()
            .filter(|p| !p.starts_with('['))
            .map(String::as_str)
            .collect();
        parts.join(".")
    }
}

/// The definition the error at byte `at` is about, and the earlier one it clashes with.
pub(super) fn clash(text: &str, at: usize) -> Option<(Def, Def)> {
    let defs = definitions(text);
    let culprit: Vec<&Def> = defs.iter().filter(|d| d.span.contains(&at)).collect();
    let start = culprit.first()?.span.start;
    let earlier: Vec<&Def> = defs.iter().filter(|d| d.span.start < start).collect();
    // The shortest path first: in `a.b.c = 1` a clash at `a` is the one to name.
    let mut culprit = culprit;
    culprit.sort_by_key(|d| d.path.len());
    culprit.iter().find_map(|c| {
        let first = earlier
            .iter()
            .find(|d| d.path == c.path && clashes(d.kind, c.kind))?;
        Some(((*c).clone(), (*first).clone()))
    })
}

/// Only tables made by dotted keys may be defined again (by more dotted keys).
fn clashes(first: Kind, again: Kind) -> bool {
    !(first == Kind::Dotted && again == Kind::Dotted)
}

/// Every definition in `text`, in order.
pub(super) fn definitions(text: &str) -> Vec<Def> {
    let mut scan = Scan {
        text,
        b: text.as_bytes(),
        i: 0,
        defs: Vec::new(),
        table: Vec::new(),
        arrays: BTreeMap::new(),
        depth: 0,
    };
    scan.document();
    scan.defs
}

struct Scan<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
    defs: Vec<Def>,
    /// The table the following keys belong to.
    table: Vec<String>,
    /// Array-of-tables paths and how many elements each has so far.
    arrays: BTreeMap<Vec<String>, usize>,
    /// Inline tables and arrays open around the current value.
    depth: usize,
}

/// Deeper nesting than toml itself accepts is not followed (a hostile file must not take
/// the stack down here either).
const MAX_DEPTH: usize = 100;

impl Scan<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn skip_blanks(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }

    /// Blanks, line breaks and comments (between array items).
    fn skip_space(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r' | b'\n') => self.i += 1,
                Some(b'#') => self.skip_line(),
                _ => return,
            }
        }
    }

    fn skip_line(&mut self) {
        self.i = self.b[self.i..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(self.b.len(), |n| self.i + n);
    }

    fn document(&mut self) {
        while self.i < self.b.len() {
            self.skip_space();
            let Some(c) = self.peek() else { return };
            let before = self.i;
            let read = if c == b'[' {
                self.header()
            } else {
                self.key_value(&self.table.clone())
            };
            if read.is_none() || self.i == before {
                self.skip_line();
            }
        }
    }

    /// `[a.b]` or `[[a.b]]`.
    fn header(&mut self) -> Option<()> {
        let start = self.i;
        let array = self.b[self.i..].starts_with(b"[[");
        self.i += if array { 2 } else { 1 };
        self.skip_blanks();
        let (keys, _) = self.key()?;
        self.skip_blanks();
        let close: &[u8] = if array { b"]]" } else { b"]" };
        if !self.b[self.i..].starts_with(close) {
            return None;
        }
        self.i += close.len();
        let mut path = self.resolve(&keys);
        if array {
            let n = self.arrays.entry(path.clone()).or_insert(0);
            *n += 1;
            path.push(format!("[{}]", *n - 1));
        } else {
            self.defs.push(Def {
                path: path.clone(),
                kind: Kind::Header,
                written: keys.join("."),
                span: start..self.i,
            });
        }
        self.table = path;
        Some(())
    }

    /// A header's keys as a path, each array of tables on the way replaced by its last element.
    fn resolve(&self, keys: &[String]) -> Vec<String> {
        let mut path = Vec::new();
        for (n, k) in keys.iter().enumerate() {
            path.push(k.clone());
            if n + 1 < keys.len() {
                if let Some(count) = self.arrays.get(&path) {
                    path.push(format!("[{}]", count - 1));
                }
            }
        }
        path
    }

    /// `key = value` in the table `base`.
    fn key_value(&mut self, base: &[String]) -> Option<()> {
        let (keys, span) = self.key()?;
        self.skip_blanks();
        if self.peek() != Some(b'=') {
            return None;
        }
        self.i += 1;
        self.skip_blanks();
        for n in 1..=keys.len() {
            let mut path = base.to_vec();
            path.extend_from_slice(&keys[..n]);
            let kind = if n == keys.len() {
                Kind::Value
            } else {
                Kind::Dotted
            };
            self.defs.push(Def {
                path,
                kind,
                written: keys[..n].join("."),
                span: span.clone(),
            });
        }
        let mut path = base.to_vec();
        path.extend(keys);
        self.value(&path)
    }

    /// A dotted key: its parts, and where it is.
    fn key(&mut self) -> Option<(Vec<String>, Range<usize>)> {
        let start = self.i;
        let mut parts = vec![self.simple_key()?];
        let mut end = self.i;
        loop {
            let save = self.i;
            self.skip_blanks();
            if self.peek() != Some(b'.') {
                self.i = save;
                return Some((parts, start..end));
            }
            self.i += 1;
            self.skip_blanks();
            parts.push(self.simple_key()?);
            end = self.i;
        }
    }

    fn simple_key(&mut self) -> Option<String> {
        match self.peek()? {
            q @ (b'"' | b'\'') => {
                let start = self.i;
                self.i = short_string_end(self.b, start);
                let inner = self.text.get(start + 1..self.i.saturating_sub(1))?;
                Some(if q == b'"' {
                    inner.replace("\\\"", "\"").replace("\\\\", "\\")
                } else {
                    inner.to_string()
                })
            }
            _ => {
                let start = self.i;
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
                {
                    self.i += 1;
                }
                (self.i > start).then(|| self.text[start..self.i].to_string())
            }
        }
    }

    /// A value whose own path is `path`; inline tables and arrays define paths below it.
    fn value(&mut self, path: &[String]) -> Option<()> {
        let rest = &self.b[self.i..];
        if rest.starts_with(b"\"\"\"") || rest.starts_with(b"'''") {
            let quotes = if rest[0] == b'"' { "\"\"\"" } else { "'''" };
            self.i = super::syntax::closing(self.text, self.i + 3, quotes).unwrap_or(self.b.len());
            return Some(());
        }
        match self.peek()? {
            b'"' | b'\'' => self.i = short_string_end(self.b, self.i),
            b'{' | b'[' if self.depth >= MAX_DEPTH => return None,
            b'{' => {
                self.depth += 1;
                let read = self.inline_table(path);
                self.depth -= 1;
                return read;
            }
            b'[' => {
                self.depth += 1;
                let read = self.array(path);
                self.depth -= 1;
                return read;
            }
            _ => {
                while !matches!(self.peek(), None | Some(b',' | b']' | b'}' | b'\n' | b'#')) {
                    self.i += 1;
                }
            }
        }
        Some(())
    }

    fn inline_table(&mut self, path: &[String]) -> Option<()> {
        self.i += 1;
        loop {
            self.skip_space();
            match self.peek()? {
                b'}' => {
                    self.i += 1;
                    return Some(());
                }
                b',' => self.i += 1,
                _ => self.key_value(path)?,
            }
        }
    }

    fn array(&mut self, path: &[String]) -> Option<()> {
        self.i += 1;
        let mut n = 0;
        loop {
            self.skip_space();
            match self.peek()? {
                b']' => {
                    self.i += 1;
                    return Some(());
                }
                b',' => self.i += 1,
                _ => {
                    let mut item = path.to_vec();
                    item.push(format!("[{n}]"));
                    n += 1;
                    let before = self.i;
                    self.value(&item)?;
                    if self.i == before {
                        return None;
                    }
                }
            }
        }
    }
}

/// The byte after a one-line string opened at `i` (or its line's end, if unclosed).
pub(super) fn short_string_end(b: &[u8], i: usize) -> usize {
    let q = b[i];
    let mut j = i + 1;
    while j < b.len() && b[j] != b'\n' {
        if q == b'"' && b[j] == b'\\' {
            j += 2;
            continue;
        }
        if b[j] == q {
            return j + 1;
        }
        j += 1;
    }
    j.min(b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_line(text: &str, culprit: &str) -> Option<usize> {
        let at = text.rfind(culprit).unwrap();
        let (_, first) = clash(text, at)?;
        Some(text[..first.span.start].matches('\n').count() + 1)
    }

    #[test]
    fn a_duplicate_counts_only_within_its_table() {
        let text = "[nl]\ntitle = \"a\"\n[fr]\ntitle = \"b\"\nlead = \"c\"\ntitle = \"d\"\n";
        assert_eq!(first_line(text, "title"), Some(4));
    }

    #[test]
    fn dotted_keys_are_one_path_however_written() {
        let text = "[nl]\nx.y = 1\n\"x\" . y = 2\n";
        assert_eq!(first_line(text, "y = 2"), Some(2));
        // Dotted keys may add to a table made by dotted keys.
        assert_eq!(first_line("a.b = 1\na.c = 2\n", "a.c"), None);
    }

    #[test]
    fn keys_inside_an_inline_table_are_found_on_the_same_line() {
        let text = "c = { name = \"a\", name = \"b\" }\n";
        let at = text.rfind("name").unwrap();
        let (again, first) = clash(text, at).unwrap();
        assert_eq!(first.span.start, text.find("name").unwrap());
        assert_eq!(again.shown_path(), "c.name");
    }

    #[test]
    fn tables_made_twice_clash_whichever_way() {
        assert_eq!(first_line("a.b = 1\n[a]\nb = 2\n", "[a]"), Some(1));
        assert_eq!(first_line("[a]\nb.c = 1\n[a.b]\nc = 2\n", "[a.b]"), Some(2));
        assert_eq!(first_line("a = { b = 1 }\na.c = 2\n", "a.c"), Some(1));
    }

    #[test]
    fn array_elements_are_separate_tables() {
        let text = "[[contacts]]\nname = \"a\"\n[[contacts]]\nname = \"b\"\nname = \"c\"\n";
        assert_eq!(first_line(text, "name = \"c\""), Some(4));
        let text = "x = [{ a = 1 }, { a = 2 }]\n";
        assert_eq!(first_line(text, "a = 2"), None);
    }

    #[test]
    fn deep_nesting_is_not_followed() {
        let text = format!("a = {}\na = 2\n", "[".repeat(100_000));
        assert_eq!(first_line(&text, "a = 2"), Some(1));
    }

    #[test]
    fn strings_and_comments_hide_what_looks_like_keys() {
        let text = "t = \"\"\"\nt = 2\n\"\"\" # t = 3\nu = 'a = b'\nt = 4\n";
        assert_eq!(first_line(text, "t = 4"), Some(1));
    }
}
