//! Table cells of an export: their HTML fragments turned into Markdown, and the
//! owner and date cells split into one item per action.
//!
//! Cells carry `<p>`, `<b>`, `<i>`, `<ul>` and entities, sometimes lists with no
//! `<li>` and "•" characters instead. The fragments are parsed with a real HTML
//! parser (html5ever, through `scraper`) and walked into Markdown here, because
//! the quirks of these exports need rules a generic converter does not have.

use std::sync::LazyLock;

use regex::Regex;
use scraper::{ElementRef, Html, Node};

/// Converts a cell's HTML fragment into Markdown blocks separated by blank lines.
pub fn to_markdown(html: &str) -> String {
    let fragment = Html::parse_fragment(html);
    let mut writer = BlockWriter::default();
    writer.walk_children(fragment.root_element());
    writer.finish()
}

/// The text of each `<p>` of a cell, or the whole cell as one item when it has none.
pub fn paragraph_items(html: &str) -> Vec<String> {
    let fragment = Html::parse_fragment(html);
    let root = fragment.root_element();
    let paragraphs: Vec<String> = root
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| e.value().name() == "p")
        .map(|p| collapse_space(&p.text().collect::<String>()))
        .collect();
    if paragraphs.is_empty() {
        let text = collapse_space(&root.text().collect::<String>());
        if text.is_empty() {
            Vec::new()
        } else {
            vec![text]
        }
    } else {
        paragraphs
    }
}

/// Whether a cell holds its items as a `<p>` list (so no further splitting is needed).
pub fn has_paragraphs(html: &str) -> bool {
    html.contains("<p")
}

/// Plain text of a cell: tags dropped, entities decoded, spaces collapsed.
pub fn plain_text(html: &str) -> String {
    let fragment = Html::parse_fragment(html);
    collapse_space(&fragment.root_element().text().collect::<String>())
}

/// Collapses runs of white space (including non-breaking spaces) into single spaces.
pub fn collapse_space(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Builds Markdown block by block while walking the HTML tree.
#[derive(Default)]
struct BlockWriter {
    blocks: Vec<String>,
    line: String,
}

impl BlockWriter {
    fn walk_children(&mut self, element: ElementRef) {
        for child in element.children() {
            match child.value() {
                Node::Text(text) => self.push_text(text),
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        self.walk_element(child);
                    }
                }
                _ => {}
            }
        }
    }

    fn walk_element(&mut self, element: ElementRef) {
        match element.value().name() {
            "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" => {
                self.end_block();
                self.walk_children(element);
                self.end_block();
            }
            "ul" | "ol" => {
                self.end_block();
                self.write_list(element);
            }
            "b" | "strong" => self.wrap_inline(element, "**"),
            "i" | "em" => self.wrap_inline(element, "*"),
            "br" => self.line.push_str("\\\n"),
            _ => self.walk_children(element),
        }
    }

    fn wrap_inline(&mut self, element: ElementRef, marker: &str) {
        let mut inner = BlockWriter::default();
        inner.walk_children(element);
        let text = inner.finish().replace("\n\n", " ");
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        if !self.line.is_empty() && !self.line.ends_with(' ') {
            self.line.push(' ');
        }
        self.line.push_str(&format!("{marker}{text}{marker}"));
    }

    /// Lists become `- item` lines; a list with no `<li>` keeps its text, split on "•".
    fn write_list(&mut self, list: ElementRef) {
        let ordered = list.value().name() == "ol";
        let items: Vec<String> = list
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == "li")
            .map(|li| {
                let mut inner = BlockWriter::default();
                inner.walk_children(li);
                inner.finish().replace("\n\n", " ")
            })
            .collect();
        let items = if items.is_empty() {
            let mut inner = BlockWriter::default();
            inner.walk_children(list);
            let text = inner.finish();
            split_bullets(&text).unwrap_or_else(|| {
                if !text.is_empty() {
                    self.blocks.push(text);
                }
                Vec::new()
            })
        } else {
            items
        };
        if !items.is_empty() {
            let lines: Vec<String> = items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    if ordered {
                        format!("{}. {item}", i + 1)
                    } else {
                        format!("- {item}")
                    }
                })
                .collect();
            self.blocks.push(lines.join("\n"));
        }
    }

    fn push_text(&mut self, text: &str) {
        let starts_with_space = text.starts_with(|c: char| c.is_whitespace());
        let collapsed = collapse_space(text);
        if collapsed.is_empty() {
            if starts_with_space && !self.line.is_empty() && !self.line.ends_with(' ') {
                self.line.push(' ');
            }
            return;
        }
        if (starts_with_space || self.line.ends_with("**") || self.line.ends_with('*'))
            && !self.line.is_empty()
            && !self.line.ends_with(' ')
            && !self.line.ends_with('\n')
            && !collapsed.starts_with([',', '.', ';', ':', ')'])
        {
            self.line.push(' ');
        }
        self.line.push_str(&escape_inline(&collapsed));
        if text.ends_with(|c: char| c.is_whitespace()) {
            self.line.push(' ');
        }
    }

    fn end_block(&mut self) {
        let block = self.line.trim().to_string();
        self.line.clear();
        if block.is_empty() {
            return;
        }
        match split_bullets(&block) {
            Some(items) => {
                let (lead, items) =
                    items
                        .split_first()
                        .map_or((None, &items[..]), |(first, rest)| {
                            if block.trim_start().starts_with('•') {
                                (None, &items[..])
                            } else {
                                (Some(first.clone()), rest)
                            }
                        });
                if let Some(lead) = lead {
                    self.blocks.push(escape_block_start(&lead));
                }
                let lines: Vec<String> = items.iter().map(|i| format!("- {i}")).collect();
                self.blocks.push(lines.join("\n"));
            }
            None => self.blocks.push(escape_block_start(&block)),
        }
    }

    fn finish(mut self) -> String {
        self.end_block();
        self.blocks.join("\n\n")
    }
}

/// Splits text written with "•" bullets into its parts (the text before the first bullet first).
fn split_bullets(text: &str) -> Option<Vec<String>> {
    if text.matches('•').count() < 2 {
        return None;
    }
    let parts: Vec<String> = text
        .split('•')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    (parts.len() >= 2).then_some(parts)
}

/// Escapes the characters that would turn plain text into Markdown syntax.
fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Keeps a block that starts like a list item ("1. ", "- ", "+ ") from becoming one.
fn escape_block_start(block: &str) -> String {
    static LIST_START: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(\d+)([.)])(\s|$)").unwrap_or_else(|e| panic!("list-start pattern: {e}"))
    });
    if block.starts_with("- ") || block.starts_with("+ ") || block == "-" || block == "+" {
        return format!("\\{block}");
    }
    LIST_START.replace(block, "$1\\$2$3").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_become_blocks_and_entities_text() {
        let md = to_markdown("<p>Monthly Healthcare &amp; Inclusion Meetings.</p> <p>Second.</p>");
        assert_eq!(md, "Monthly Healthcare & Inclusion Meetings.\n\nSecond.");
    }

    #[test]
    fn bold_and_italics_are_kept() {
        let md = to_markdown(
            "In accordance with PSI 75/2011 - <i>Residential Services</i> , the policy is <b>clear</b>.",
        );
        assert_eq!(
            md,
            "In accordance with PSI 75/2011 - *Residential Services*, the policy is **clear**."
        );
    }

    #[test]
    fn lists_without_li_are_split_on_bullets() {
        let md = to_markdown(
            "We will discuss: <ul style=\"list-style-type: none\"> • The use of segregation. • The daily duties. </ul>",
        );
        assert_eq!(
            md,
            "We will discuss:\n\n- The use of segregation.\n- The daily duties."
        );
    }

    #[test]
    fn li_lists_become_markdown_lists() {
        assert_eq!(
            to_markdown("<ul><li>One</li><li>Two</li></ul>"),
            "- One\n- Two"
        );
    }

    #[test]
    fn text_that_looks_like_markdown_is_escaped() {
        assert_eq!(
            to_markdown("5. Rec *star* [x]"),
            "5\\. Rec \\*star\\* \\[x\\]"
        );
    }

    #[test]
    fn paragraph_items_read_p_lists() {
        assert_eq!(
            paragraph_items("<p>Governor</p> <p>Governor/People Plus</p>"),
            vec!["Governor", "Governor/People Plus"]
        );
        assert_eq!(
            paragraph_items("Governor Governor"),
            vec!["Governor Governor"]
        );
        assert!(paragraph_items("  ").is_empty());
    }
}
