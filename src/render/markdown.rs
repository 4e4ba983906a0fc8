//! Markdown from content files, turned into HTML that is safe to publish.
//!
//! Content is Markdown, but imported plans carry the HTML fragments of the
//! published tables (`<p>`, `<ul>`, `<b>`) in their cells. pulldown-cmark
//! passes that HTML through, so everything it produces goes through ammonia
//! before a template may print it unescaped.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use pulldown_cmark::{Options, Parser, html};
use xxhash_rust::xxh3::xxh3_128;

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
    if nesting_depth(&unsafe_html) > MAX_NESTING {
        return as_written(markdown);
    }
    SANITISER.clean(&unsafe_html).to_string()
}

/// How deep quotes, lists and HTML elements may nest in one text. The
/// sanitiser's HTML parser takes time growing with the square of the depth
/// (a 160 KB text of nested quotes took 30 s), and no plan nests past a
/// handful; a deeper text is shown as written instead (see the README).
pub const MAX_NESTING: usize = 100;

/// An upper bound on how deep `html`'s elements nest, counted in one pass
/// over its tags and given up past [`MAX_NESTING`]. Elements that close
/// themselves when a sibling opens (`<p>`, `<li>`, table cells) and void
/// elements (`<br>`) do not count, so unclosed paragraphs are not depth.
fn nesting_depth(html: &str) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let tag = &rest[open + 1..];
        let end = tag.find('>').unwrap_or(tag.len());
        let inside = &tag[..end];
        if let Some(name) = inside.strip_prefix('/') {
            if counts_as_depth(name) {
                depth = depth.saturating_sub(1);
            }
        } else if !inside.ends_with('/') && counts_as_depth(inside) {
            depth += 1;
            deepest = deepest.max(depth);
            if deepest > MAX_NESTING {
                break;
            }
        }
        rest = tag.get(end..).unwrap_or("");
    }
    deepest
}

/// Whether a tag's element can hold itself, nested: not void, not closed by its next sibling.
fn counts_as_depth(tag: &str) -> bool {
    let end = tag
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(tag.len());
    let name = &tag[..end];
    !name.is_empty()
        && !FLAT_ELEMENTS
            .iter()
            .any(|flat| name.eq_ignore_ascii_case(flat))
}

/// Elements that never hold themselves: void, or closed by their next sibling.
const FLAT_ELEMENTS: [&str; 21] = [
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "br", "hr", "img", "input", "meta", "link",
    "area", "base", "col", "embed", "source", "track", "wbr",
];

/// The text itself, escaped, in one paragraph: what a reader is shown of a
/// text nested too deep to render.
fn as_written(markdown: &str) -> String {
    let mut html = String::with_capacity(markdown.len() + 16);
    html.push_str("<p>");
    for c in markdown.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            _ => html.push(c),
        }
    }
    html.push_str("</p>");
    html
}

/// Markdown already rendered, kept by `serve` from one rebuild to the next:
/// between two saves almost every text is unchanged.
///
/// It holds the texts met since the last [`Memo::forget_unused`], and those
/// met before it that were used again, so it never grows past two builds' texts.
#[derive(Default)]
pub struct Memo {
    /// Texts met since the last forgetting, and those met before it.
    generations: Mutex<(Known, Known)>,
}

/// Markdown source, by its 128-bit XXH3 hash → what it renders to. The
/// hash, not the text, is the key: the site already holds every text once,
/// and a second copy of each as a key cost tens of megabytes at estate
/// size. Two texts sharing a hash is as unlikely as two pages sharing the
/// fingerprint that decides which pages are rendered again.
type Known = HashMap<u128, Rendered>;

/// A Markdown text rendered: its sanitised HTML, and that HTML's words on
/// one line (what excerpts are cut from).
#[derive(Clone)]
pub struct Rendered {
    pub html: Arc<str>,
    pub text: Arc<str>,
}

impl Rendered {
    /// Renders `markdown`.
    pub fn of(markdown: &str) -> Rendered {
        let html = to_html(markdown);
        Rendered {
            text: html_to_text(&html).into(),
            html: html.into(),
        }
    }
}

impl Memo {
    /// `markdown` rendered, only the first time it is met.
    pub fn render(&self, markdown: &str) -> Rendered {
        let key = xxh3_128(markdown.as_bytes());
        if let Some(rendered) = self.lookup(key) {
            return rendered;
        }
        let rendered = Rendered::of(markdown);
        if let Ok(mut generations) = self.generations.lock() {
            generations.0.insert(key, rendered.clone());
        }
        rendered
    }

    fn lookup(&self, key: u128) -> Option<Rendered> {
        let mut generations = self.generations.lock().ok()?;
        let (current, previous) = &mut *generations;
        if let Some(rendered) = current.get(&key) {
            return Some(rendered.clone());
        }
        let rendered = previous.remove(&key)?;
        current.insert(key, rendered.clone());
        Some(rendered)
    }

    /// Drops the texts not met since the last call: call it after a build
    /// that rendered every text, so only the site's present texts stay.
    pub fn forget_unused(&self) {
        if let Ok(mut generations) = self.generations.lock() {
            let (current, previous) = &mut *generations;
            *previous = std::mem::take(current);
        }
    }
}

/// The words of HTML that [`to_html`] produced, on one line.
///
/// The input is always the sanitiser's own serialisation, whose grammar is
/// small and fixed: tags with double-quoted attributes, and text in which
/// only `&amp;`, `&lt;`, `&gt;` and `&nbsp;` are escaped. Reading that
/// directly costs a fraction of parsing it again, and every recommendation's
/// excerpt and data row needs it.
pub fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        push_decoded(&mut text, &rest[..open]);
        let tag = &rest[open + 1..];
        let end = tag_end(tag);
        if !is_inline_tag(&tag[..end]) {
            text.push(' ');
        }
        rest = tag.get(end + 1..).unwrap_or("");
    }
    push_decoded(&mut text, rest);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where a tag's closing `>` is, skipping any inside quoted attribute values.
fn tag_end(tag: &str) -> usize {
    let mut quoted = false;
    for (at, byte) in tag.bytes().enumerate() {
        match byte {
            b'"' => quoted = !quoted,
            b'>' if !quoted => return at,
            _ => {}
        }
    }
    tag.len()
}

/// Whether a tag (without its `<`) leaves the words on each side joined.
fn is_inline_tag(tag: &str) -> bool {
    let name = tag
        .trim_start_matches('/')
        .split(|c: char| c.is_ascii_whitespace() || c == '/')
        .next()
        .unwrap_or("");
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "code"
            | "del"
            | "em"
            | "i"
            | "s"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "u"
    )
}

fn push_decoded(out: &mut String, escaped: &str) {
    let mut rest = escaped;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let entity = &rest[amp..];
        let (decoded, length) = [
            ("&amp;", "&"),
            ("&lt;", "<"),
            ("&gt;", ">"),
            ("&nbsp;", " "),
            ("&quot;", "\""),
        ]
        .iter()
        .find(|(name, _)| entity.starts_with(name))
        .map_or(("&", 1), |(name, value)| (*value, name.len()));
        out.push_str(decoded);
        rest = &entity[length..];
    }
    out.push_str(rest);
}

/// Plain text cut at a word to at most `max_chars` characters, with `…` when cut.
pub fn cut(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > max_chars {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_up_to_the_limit_renders_and_past_it_is_shown_as_written() {
        let at_limit = format!("{} words", ">".repeat(MAX_NESTING));
        assert_eq!(
            to_html(&at_limit).matches("<blockquote>").count(),
            MAX_NESTING
        );
        let past = format!("{} words", ">".repeat(MAX_NESTING + 1));
        assert_eq!(
            to_html(&past),
            format!("<p>{} words</p>", "&gt;".repeat(MAX_NESTING + 1))
        );
        let unclosed = "<p>a".repeat(500);
        assert_eq!(
            to_html(&unclosed).matches("<p>").count(),
            500,
            "paragraphs are not depth"
        );
    }

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
    fn plain_text_keeps_words_apart_only_where_blocks_end() {
        let plain_text = |markdown: &str| html_to_text(&to_html(markdown));
        let text = plain_text(
            "The prison **should** <b>ensure</b> that A & B < C happen\n\n<ul><li>one</li><li>two</li></ul>",
        );
        assert_eq!(
            text,
            "The prison should ensure that A & B < C happen one two"
        );
        assert_eq!(plain_text("<p title=\"a > b\">x&nbsp;y</p>"), "x y");
    }

    #[test]
    fn the_memo_renders_a_text_once_and_keeps_only_texts_still_in_use() {
        let memo = Memo::default();
        let first = memo.render("**kept**");
        assert_eq!(&*first.html, &*to_html("**kept**"));
        assert_eq!(&*first.text, "kept");
        assert!(
            Arc::ptr_eq(&first.html, &memo.render("**kept**").html),
            "rendered twice"
        );
        memo.render("dropped");
        memo.forget_unused();
        memo.render("**kept**");
        memo.forget_unused();
        let held = memo.generations.lock().expect("lock");
        let key = |text: &str| xxh3_128(text.as_bytes());
        assert!(held.1.contains_key(&key("**kept**")));
        assert!(!held.0.contains_key(&key("dropped")) && !held.1.contains_key(&key("dropped")));
    }

    #[test]
    fn cut_is_at_a_word_and_marked() {
        assert_eq!(
            cut("The prison should ensure that A & B happen soon", 30),
            "The prison should ensure that…"
        );
        assert_eq!(cut("A & B", 30), "A & B");
    }
}
