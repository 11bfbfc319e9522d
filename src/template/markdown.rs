//! A section's CommonMark text becomes markup.
//!
//! Only a subset is markup: paragraphs (`<p>`), *emphasis* (`<em>`), **strong** (`<strong>`),
//! links (`<a href>`, only for `http`, `https`, `mailto` and `tel` targets: another scheme
//! is an error the engine reports from [`problems`], a target with no scheme stays plain
//! text), bullet and
//! numbered lists (`<ul>`/`<ol start>` with `<li>`), hard line breaks (`<br/>`)
//! and thematic breaks (`<hr/>`). Everything else — raw HTML, headings, code, images — is
//! kept as escaped plain text: an author can never inject markup elements. Lists nested in a
//! list item are flattened into dash-led paragraphs of that item, because a markup `<li>`
//! holds only inline content or paragraphs.

use super::escape::escape_xml;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

/// Renders `text` as markup blocks; each top-level block carries `lang="…"` when given.
pub fn to_markup(text: &str, lang: Option<&str>) -> String {
    let blocks = Builder::default().build(text);
    let lang_attr = lang.map_or(String::new(), |l| format!(" lang=\"{}\"", escape_xml(l)));
    let mut out: Vec<String> = Vec::new();
    for block in &blocks {
        match block {
            Block::Para(inline) => out.push(format!("<p{lang_attr}>{inline}</p>")),
            Block::List(start, items) => out.push(list(*start, items, &lang_attr)),
            Block::Rule => out.push(format!("<hr{lang_attr}/>")),
        }
    }
    out.join("\n")
}

/// The blocks the markup can express.
#[derive(Debug)]
enum Block {
    /// Inline markup, already escaped.
    Para(String),
    /// A list: the first number of a numbered list (`None` for bullets) and the items, each
    /// a list of blocks.
    List(Option<u64>, Vec<Vec<Block>>),
    Rule,
}

fn list(start: Option<u64>, items: &[Vec<Block>], lang_attr: &str) -> String {
    let (tag, open) = match start {
        Some(n) => ("ol", format!("<ol{lang_attr} start=\"{n}\">")),
        None => ("ul", format!("<ul{lang_attr}>")),
    };
    let mut s = open;
    for item in items {
        s.push_str("<li>");
        match item.as_slice() {
            [Block::Para(inline)] => s.push_str(inline),
            blocks => {
                let mut paras = Vec::new();
                flatten(blocks, "", &mut paras);
                for p in paras {
                    s.push_str(&format!("<p>{p}</p>"));
                }
            }
        }
        s.push_str("</li>");
    }
    s.push_str(&format!("</{tag}>"));
    s
}

/// The paragraphs of a list item, nested list items led by a dash per level.
fn flatten(blocks: &[Block], prefix: &str, out: &mut Vec<String>) {
    for block in blocks {
        match block {
            Block::Para(inline) => out.push(format!("{prefix}{inline}")),
            Block::List(_, items) => {
                let deeper = format!("{prefix}–\u{a0}");
                for item in items {
                    flatten(item, &deeper, out);
                }
            }
            // A rule inside a list item has no markup form; dropping it loses no words.
            Block::Rule => {}
        }
    }
}

/// Whether text inside the current leaf block keeps its line breaks (code, raw HTML).
#[derive(Default, PartialEq)]
enum Lines {
    #[default]
    Flow,
    Keep,
}

/// Turns the event stream into [`Block`]s.
#[derive(Default)]
struct Builder {
    /// Open containers: the document, then lists and items.
    stack: Vec<Vec<Block>>,
    /// Open lists' items (a list's items are collected here until it ends).
    lists: Vec<(Option<u64>, Vec<Vec<Block>>)>,
    /// The paragraph being built, if any.
    inline: Option<String>,
    lines: Lines,
    /// For each open link: whether an `<a>` was written (unsafe targets are dropped).
    links: Vec<bool>,
}

impl Builder {
    fn build(mut self, text: &str) -> Vec<Block> {
        self.stack.push(Vec::new());
        // No extensions: tables, footnotes, strikethrough etc. stay plain text.
        for event in Parser::new_ext(text, Options::empty()) {
            self.event(event);
        }
        self.flush();
        self.stack.pop().unwrap_or_default()
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.text(&t)
            }
            Event::Html(t) | Event::InlineHtml(t) | Event::FootnoteReference(t) => self.text(&t),
            Event::SoftBreak => self.push(" "),
            Event::HardBreak => self.push("<br/>"),
            Event::Rule => {
                self.flush();
                self.current().push(Block::Rule);
            }
            Event::TaskListMarker(done) => self.push(if done { "[x] " } else { "[ ] " }),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph | Tag::Heading { .. } => self.begin_leaf(Lines::Flow),
            Tag::CodeBlock(_) | Tag::HtmlBlock => self.begin_leaf(Lines::Keep),
            Tag::List(start) => {
                self.flush();
                self.lists.push((start, Vec::new()));
            }
            Tag::Item => {
                self.flush();
                self.stack.push(Vec::new());
            }
            Tag::Emphasis => self.push("<em>"),
            Tag::Strong => self.push("<strong>"),
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let href = safe_href(link_type, &dest_url);
                self.links.push(href.is_some());
                if let Some(href) = href {
                    self.push(&format!("<a href=\"{}\">", escape_xml(&href)));
                }
            }
            // Block quotes, images and the rest are transparent: their text stays, as text.
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::List(_) => {
                self.flush();
                let (start, items) = self.lists.pop().unwrap_or_default();
                self.current().push(Block::List(start, items));
            }
            TagEnd::Item => {
                self.flush();
                let item = self.stack.pop().unwrap_or_default();
                if let Some(list) = self.lists.last_mut() {
                    list.1.push(item);
                }
            }
            TagEnd::Emphasis => self.push("</em>"),
            TagEnd::Strong => self.push("</strong>"),
            // The guard pops the link either way; only a written `<a>` needs closing.
            TagEnd::Link if self.links.pop() == Some(true) => self.push("</a>"),
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::BlockQuote(_) => self.flush(),
            _ => {}
        }
    }

    fn begin_leaf(&mut self, lines: Lines) {
        self.flush();
        self.inline = Some(String::new());
        self.lines = lines;
    }

    fn text(&mut self, text: &str) {
        if self.lines == Lines::Keep {
            // Code and raw HTML keep their lines; the final newline only ends the block.
            let lines: Vec<String> = text
                .strip_suffix('\n')
                .unwrap_or(text)
                .split('\n')
                .map(escape_xml)
                .collect();
            let already = self.inline.as_ref().is_some_and(|s| !s.is_empty());
            if already {
                self.push("<br/>");
            }
            self.push(&lines.join("<br/>"));
        } else {
            self.push(&escape_xml(text));
        }
    }

    /// Appends inline markup, opening a paragraph if none is open (tight list items have
    /// their text directly inside the item).
    fn push(&mut self, markup: &str) {
        self.inline.get_or_insert_with(String::new).push_str(markup);
    }

    /// Ends the open paragraph, if it has any content.
    fn flush(&mut self) {
        self.lines = Lines::Flow;
        if let Some(inline) = self.inline.take() {
            let inline = inline.trim().to_string();
            if !inline.is_empty() {
                self.current().push(Block::Para(inline));
            }
        }
    }

    fn current(&mut self) -> &mut Vec<Block> {
        if self.stack.is_empty() {
            self.stack.push(Vec::new());
        }
        let last = self.stack.len() - 1;
        &mut self.stack[last]
    }
}

/// The link target to write, or `None` when the target is not one a reader should follow
/// from a PDF (`javascript:`, relative paths, …); the link text is kept either way.
/// How deep emphasis, links, lists, items and block quotes may nest in a section's text;
/// real text nests 3 or 4 deep.
pub const MAX_DEPTH: usize = 32;

/// What in `text` cannot be set: nesting deeper than [`MAX_DEPTH`] (the first place only)
/// and each link with a scheme other than `http`, `https`, `mailto` or `tel`. Each is the
/// byte offset in `text`, a message and a hint. A link target with no scheme stays plain
/// text, as before.
pub fn problems(text: &str) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut too_deep = false;
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if let Tag::Link {
                    link_type,
                    dest_url,
                    ..
                } = &tag
                {
                    let scheme = dest_url.split_once(':').map(|(s, _)| s).filter(|s| {
                        s.starts_with(|c: char| c.is_ascii_alphabetic())
                            && s.chars()
                                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
                    });
                    if scheme.is_some() && safe_href(*link_type, dest_url).is_none() {
                        out.push((
                            range.start,
                            format!(
                                "a link to a `{}:` address, which a press release cannot hold",
                                scheme.unwrap_or_default().to_ascii_lowercase()
                            ),
                            "link only to http, https, mailto or tel addresses".to_string(),
                        ));
                    }
                }
                if matches!(
                    tag,
                    Tag::Paragraph | Tag::Heading { .. } | Tag::CodeBlock(_)
                ) {
                    continue;
                }
                depth += 1;
                if depth > MAX_DEPTH && !too_deep {
                    too_deep = true;
                    out.push((
                        range.start,
                        format!("text nested more than {MAX_DEPTH} deep"),
                        "nest fewer emphases, lists and quotes in one another".to_string(),
                    ));
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock) => {}
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    out
}

fn safe_href(link_type: LinkType, dest: &str) -> Option<String> {
    if link_type == LinkType::Email {
        return Some(format!("mailto:{dest}"));
    }
    let lower = dest.to_ascii_lowercase();
    ["http://", "https://", "mailto:", "tel:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
        .then(|| dest.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders and checks the result is well-formed XML inside a root element.
    fn md(s: &str) -> String {
        let out = to_markup(s, None);
        let wrapped = format!("<doc>{out}</doc>");
        if let Err(e) = roxmltree::Document::parse(&wrapped) {
            panic!("{s:?} gave ill-formed markup ({e}): {out}");
        }
        out
    }

    #[test]
    fn problems_are_deep_nesting_and_unsafe_schemes() {
        let deep = "*a ".repeat(40) + "x" + &" b*".repeat(40);
        let p = problems(&deep);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, 3 * 32);
        assert!(p[0].1.contains("more than 32 deep"));
        let p = problems(
            "x [a](javascript:alert(1)) [b](FILE:///etc) [c](https://e.x) [d](rel) <tel:1>",
        );
        let at: Vec<usize> = p.iter().map(|p| p.0).collect();
        assert_eq!(at, [2, 27], "{p:?}");
        assert!(
            p[0].1.contains("`javascript:`") && p[1].1.contains("`file:`"),
            "{p:?}"
        );
        assert!(problems(&("- ".repeat(15) + "x")).is_empty());
    }

    #[test]
    fn hostile_input_never_breaks_the_markup() {
        let cases = [
            "<",
            "&",
            "]]>",
            "&amp; &#x3C;",
            "\u{0}a\u{1b}",
            "<!-- x -->",
            "<![CDATA[ x ]]>",
            "*[a](<b>)*",
            "[x](https://a.example/\"onclick=\"y)",
            "**unclosed *mix",
            "- [ ] task\n- [x] done",
            "> quote\n> > nested",
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "1. a\n   - b\n     1. c",
            "<div>\n*x*\n</div>",
            "``` \n<p>code</p>\n```",
            "text[^1]\n\n[^1]: note",
            "<https://a.example/?a=1&b=2>",
            "a\\\nb",
        ];
        for case in cases {
            md(case);
        }
    }

    #[test]
    fn paragraphs_emphasis_strong_links() {
        assert_eq!(
            md("Een *nadruk* en **sterk**,\nmet [link](https://example.org/a?b=1&c=2).\n\nTwee."),
            "<p>Een <em>nadruk</em> en <strong>sterk</strong>, met \
             <a href=\"https://example.org/a?b=1&amp;c=2\">link</a>.</p>\n<p>Twee.</p>"
        );
    }

    #[test]
    fn script_and_ampersand_are_escaped_text() {
        assert_eq!(
            md("<script>alert('x')</script>\n\nA & B <b>vet</b>"),
            "<p>&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;</p>\n\
             <p>A &amp; B &lt;b&gt;vet&lt;/b&gt;</p>"
        );
    }

    #[test]
    fn lists_tight_loose_numbered() {
        assert_eq!(
            md("- een\n- *twee*\n\n1. drie\n2. vier"),
            "<ul><li>een</li><li><em>twee</em></li></ul>\n<ol start=\"1\"><li>drie</li><li>vier</li></ol>"
        );
        assert_eq!(
            md("3. drie\n4. vier"),
            "<ol start=\"3\"><li>drie</li><li>vier</li></ol>"
        );
        assert_eq!(
            md("- a\n\n  b\n- c"),
            "<ul><li><p>a</p><p>b</p></li><li>c</li></ul>"
        );
    }

    #[test]
    fn nested_list_is_flattened_into_paragraphs() {
        assert_eq!(
            md("- boven\n  - onder\n- na"),
            "<ul><li><p>boven</p><p>–\u{a0}onder</p></li><li>na</li></ul>"
        );
    }

    #[test]
    fn headings_code_and_images_are_plain_text() {
        assert_eq!(
            md("# Kop\n\n`a<b`\n\n    x < y\n    z\n\n![logo](x.png)"),
            "<p>Kop</p>\n<p>a&lt;b</p>\n<p>x &lt; y<br/>z</p>\n<p>logo</p>"
        );
    }

    #[test]
    fn unsafe_link_keeps_only_its_text() {
        assert_eq!(md("[klik](javascript:alert(1))"), "<p>klik</p>");
        assert_eq!(
            md("<info@example.be>"),
            "<p><a href=\"mailto:info@example.be\">info@example.be</a></p>"
        );
    }

    #[test]
    fn hard_break_and_lang() {
        assert_eq!(
            to_markup("een  \ntwee\n\n---", Some("fr")),
            "<p lang=\"fr\">een<br/>twee</p>\n<hr lang=\"fr\"/>"
        );
    }

    #[test]
    fn empty_text_gives_nothing() {
        assert_eq!(md(""), "");
        assert_eq!(md("   \n\n"), "");
    }
}
