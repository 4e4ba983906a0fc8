//! The one rule for a part of a URL, and so of a path under `output/`.
//!
//! Every page's path is made of slugs: a prison's and a plan's from their
//! file names, a theme's from the config, a recommendation's from its ref,
//! an owner's from its name. A slug is a folder name on disk, so a slug that
//! broke this rule could leave the output folder (`..`), hide a page (`.x`),
//! or make a name the file system refuses (too long). Names the editor
//! chooses are checked against the rule and refused with their place; names
//! taken from a plan's own words are made to fit it.

/// The longest slug, in bytes: far below any file system's limit on a name,
/// and long enough for a ref or an owner's words to stay readable.
pub const MAX_LEN: usize = 80;

/// What a slug may be made of, for help lines.
pub const ALLOWED: &str = "lower-case letters a-z, digits, `-`, `_` and `.`, starting with a letter or digit, at most 80 characters";

/// Why `slug` cannot be part of a URL, if it cannot.
pub fn problem(slug: &str) -> Option<String> {
    if slug.is_empty() {
        return Some("is empty".into());
    }
    if slug == "." || slug == ".." {
        return Some(format!("is `{slug}`, which names a folder, not a page"));
    }
    if slug.len() > MAX_LEN {
        return Some(format!(
            "is {} characters long, more than {MAX_LEN}",
            slug.chars().count()
        ));
    }
    if let Some(bad) = slug.chars().find(|&c| !is_allowed(c)) {
        return Some(format!("holds `{}`", bad.escape_default()));
    }
    if !slug.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Some("does not start with a letter or digit".into());
    }
    None
}

fn is_allowed(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.')
}

/// What [`from_words`] leaves free of [`MAX_LEN`] for a suffix such as
/// `-2` that tells two owners of the same words apart.
const SUFFIX_ROOM: usize = 8;

/// A slug from free words (an owner's name, a prison's name): lower-case
/// ASCII words joined by `-`, cut at a word's end to leave room for a
/// suffix within [`MAX_LEN`]; `fallback` when no word is left.
pub fn from_words(text: &str, fallback: &str) -> String {
    const LIMIT: usize = MAX_LEN - SUFFIX_ROOM;
    let mut slug = String::new();
    let words = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty());
    for word in words {
        let word = word.to_ascii_lowercase();
        let needed = word.len() + usize::from(!slug.is_empty());
        if slug.len() + needed > LIMIT {
            if slug.is_empty() {
                slug = word[..LIMIT].to_string();
            }
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word);
    }
    if slug.is_empty() {
        fallback.to_string()
    } else {
        slug
    }
}

/// A recommendation's slug from its ref: "5.1" stays "5.1", "HP 3" becomes
/// "hp-3". Not cut: a ref too long for a URL is refused where it is written.
pub fn from_ref(reference: &str) -> String {
    let cleaned: String = reference
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    cleaned.trim_matches(|c| c == '-' || c == '.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_could_leave_or_hide_or_overflow_a_folder() {
        for bad in [
            "",
            ".",
            "..",
            ".hidden",
            "a/b",
            "a\\b",
            "Leicester",
            "café",
            "-x",
        ] {
            assert!(problem(bad).is_some(), "`{bad}` passed");
        }
        assert!(problem(&"a".repeat(MAX_LEN + 1)).is_some());
        for good in [
            "leicester",
            "5.1",
            "hp-3",
            "2018-follow_up",
            &"a".repeat(MAX_LEN),
        ] {
            assert_eq!(problem(good), None, "`{good}` refused");
        }
    }

    #[test]
    fn words_become_a_slug_that_passes_the_rule_at_any_length() {
        assert_eq!(
            from_words("NHS England (Midlands)", "owner"),
            "nhs-england-midlands"
        );
        assert_eq!(from_words("../../etc", "owner"), "etc");
        assert_eq!(from_words("…", "owner"), "owner");
        let long = "Executive Director Estate Transformation ".repeat(10);
        let slug = from_words(&long, "owner");
        assert_eq!(problem(&slug), None);
        assert!(
            slug.ends_with("director")
                || slug.ends_with("estate")
                || slug.ends_with("transformation")
                || slug.ends_with("executive")
        );
        assert_eq!(
            from_words(&"x".repeat(300), "owner").len(),
            MAX_LEN - SUFFIX_ROOM
        );
    }

    #[test]
    fn refs_keep_their_dots_and_lose_the_rest() {
        assert_eq!(from_ref("5.1"), "5.1");
        assert_eq!(from_ref(" HP 3 "), "hp-3");
        assert_eq!(from_ref("5/1"), "5-1");
        assert_eq!(from_ref(".."), "");
        assert_eq!(from_ref("1."), "1");
    }
}
