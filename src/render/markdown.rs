//! Markdown from content files, turned into HTML that is safe to publish.
//!
//! Content is Markdown, but imported plans carry the HTML fragments of the
//! published tables (`<p>`, `<ul>`, `<b>`) in their cells. pulldown-cmark
//! passes that HTML through, so everything it produces goes through ammonia
//! before a template may print it unescaped.

use std::sync::LazyLock;

use pulldown_cmark::{Options, Parser, html};

/// The sanitiser shared by every page: ammonia's defaults, which keep the
/// formatting tags plans use and drop scripts, styles and event handlers.
static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(ammonia::Builder::default);

/// Renders Markdown (with any embedded HTML) to sanitised HTML.
pub fn to_html(markdown: &str) -> String {
    if markdown.trim().is_empty() {
        return String::new();
    }
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    SANITISER.clean(&unsafe_html).to_string()
}

/// A Markdown text as plain words on one line, for data files.
pub fn plain_text(markdown: &str) -> String {
    let text = ammonia::Builder::empty()
        .clean(&to_html(markdown))
        .to_string();
    decode_entities(&text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first words of a Markdown text as plain text, for link titles and feeds.
pub fn excerpt(markdown: &str, max_chars: usize) -> String {
    let text = plain_text(markdown);
    let mut out = String::new();
    for word in text.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > max_chars {
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Undoes the few entities ammonia writes, so templates can escape once.
fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_and_embedded_html_both_render() {
        let html = to_html("Some **bold** text\n\n<ul><li>one</li></ul>");
        assert!(html.contains("<strong>bold</strong>"), "{html}");
        assert!(html.contains("<li>one</li>"), "{html}");
    }

    #[test]
    fn scripts_and_handlers_are_removed() {
        let html = to_html(
            "<p onclick=\"steal()\">hi</p><script>alert(1)</script>\n\n[x](javascript:alert(1))",
        );
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("href=\"javascript:"), "{html}");
        assert!(html.contains(">x</a>"), "the link text stays: {html}");
        assert!(html.contains("hi"), "{html}");
    }

    #[test]
    fn excerpt_is_plain_text_cut_at_a_word() {
        let text = excerpt(
            "The prison **should** <b>ensure</b> that A & B happen soon",
            30,
        );
        assert_eq!(text, "The prison should ensure that…");
        assert_eq!(excerpt("A & B", 30), "A & B");
    }
}
