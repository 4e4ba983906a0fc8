//! Which file of the built site a request names, refusing anything else.
//!
//! The server holds the built site in memory and never opens a file for a
//! request, so no path can reach outside it; this module still refuses
//! every path that tries to (`..`, encoded dots, backslashes, doubled or
//! absolute paths, NUL), so such requests get a clear 400 instead of a 404
//! that looks like a missing page.

use percent_encoding::percent_decode_str;

/// What a request path asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// A file of the site, by its `/`-separated path (`prisons/index.html`).
    File(String),
    /// A folder named without its trailing slash: redirect to this URL path.
    AddSlash(String),
    /// A path outside the base path, where nothing of the site lives.
    Outside,
    /// A path that tries to leave the site or is not a path at all.
    Refused,
}

/// Resolves a raw (still percent-encoded) URL path under the site's base path.
pub fn resolve(raw: &str, base_path: &str) -> Lookup {
    let Ok(decoded) = percent_decode_str(raw).decode_utf8() else {
        return Lookup::Refused;
    };
    if decoded.contains(['\\', '\0']) || raw.contains("%2f") || raw.contains("%2F") {
        return Lookup::Refused;
    }
    if format!("{decoded}/") == base_path {
        return Lookup::AddSlash(base_path.to_string());
    }
    let Some(inside) = decoded.strip_prefix(base_path) else {
        return Lookup::Outside;
    };
    let segments: Vec<&str> = inside.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        let empty_inside = segment.is_empty() && i != last;
        if empty_inside || *segment == ".." || *segment == "." || segment.contains(':') {
            return Lookup::Refused;
        }
    }
    if inside.is_empty() || inside.ends_with('/') {
        Lookup::File(format!("{inside}index.html"))
    } else {
        Lookup::File(inside.to_string())
    }
}

/// The redirect for a folder named without its slash, if the site has that folder.
pub fn folder_redirect(
    file: &str,
    base_path: &str,
    exists: impl Fn(&str) -> bool,
) -> Option<Lookup> {
    let index = format!("{file}/index.html");
    exists(&index).then(|| Lookup::AddSlash(format!("{base_path}{file}/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str) -> Lookup {
        Lookup::File(path.into())
    }

    #[test]
    fn pretty_urls_name_index_files() {
        assert_eq!(resolve("/", "/"), file("index.html"));
        assert_eq!(
            resolve("/prisons/leicester/", "/"),
            file("prisons/leicester/index.html")
        );
        assert_eq!(
            resolve("/prisons/leicester/2018/5.1/", "/"),
            file("prisons/leicester/2018/5.1/index.html")
        );
        assert_eq!(resolve("/style.css", "/"), file("style.css"));
        assert_eq!(
            resolve("/owners/head%20of%20x/", "/"),
            file("owners/head of x/index.html")
        );
    }

    #[test]
    fn a_sub_path_is_stripped_and_its_bare_name_redirected() {
        assert_eq!(
            resolve("/plans/themes/", "/plans/"),
            file("themes/index.html")
        );
        assert_eq!(resolve("/themes/", "/plans/"), Lookup::Outside);
        assert_eq!(
            resolve("/plans", "/plans/"),
            Lookup::AddSlash("/plans/".into())
        );
    }

    #[test]
    fn every_way_out_is_refused() {
        for raw in [
            "/../etc/passwd",
            "/prisons/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/prisons/%2e%2e%2f%2e%2e%2fetc/passwd",
            "/..%5c..%5cwindows%5cwin.ini",
            "/prisons\\..\\secret",
            "//etc/passwd",
            "/C:/Windows/win.ini",
            "/file%00.html",
            "/./index.html",
            "/%ff%fe",
        ] {
            assert_eq!(resolve(raw, "/"), Lookup::Refused, "{raw} was not refused");
        }
    }

    #[test]
    fn a_folder_without_its_slash_redirects_only_if_it_exists() {
        let exists = |path: &str| path == "prisons/index.html";
        assert_eq!(
            folder_redirect("prisons", "/", exists),
            Some(Lookup::AddSlash("/prisons/".into()))
        );
        assert_eq!(folder_redirect("nothing", "/", exists), None);
    }
}
