//! Links that work wherever the site is hosted.
//!
//! Every page links with root-relative paths under the base URL's path
//! (`/plans/prisons/leicester/` for `https://example.org/plans/`), so pages
//! keep working when moved between hosts of the same layout and from the
//! 404 page at any depth. Feeds and sitemaps need absolute URLs, which only a
//! base URL with a scheme and host can give.

/// The base URL of a build, split into what links and permalinks need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Urls {
    /// `https://example.org`, when the base URL names a host.
    origin: Option<String>,
    /// The path every page lives under, starting and ending with `/`.
    base_path: String,
}

impl Default for Urls {
    /// Links from the domain root, as for a base URL of `/`.
    fn default() -> Urls {
        Urls {
            origin: None,
            base_path: "/".into(),
        }
    }
}

impl Urls {
    /// Reads a base URL: `https://host/path/`, `http://...`, or a path such as `/plans/`.
    pub fn new(base_url: &str) -> Result<Urls, String> {
        let base_url = base_url.trim();
        let (origin, path) = match base_url.split_once("://") {
            Some((scheme, rest)) if scheme == "http" || scheme == "https" => {
                let (host, path) = rest.find('/').map_or((rest, "/"), |at| rest.split_at(at));
                if host.is_empty() {
                    return Err(format!("base URL `{base_url}` names no host"));
                }
                (Some(format!("{scheme}://{host}")), path)
            }
            Some(_) => return Err(format!("base URL `{base_url}` is not http or https")),
            None if base_url.starts_with('/') => (None, base_url),
            None => return Err(format!("base URL `{base_url}` is neither a URL nor a path")),
        };
        if path.contains(['?', '#', ' ', '"', '<', '>']) {
            return Err(format!(
                "base URL `{base_url}` has a query, fragment or space in its path"
            ));
        }
        let trimmed = path.trim_matches('/');
        let base_path = if trimmed.is_empty() {
            "/".to_string()
        } else {
            format!("/{trimmed}/")
        };
        Ok(Urls { origin, base_path })
    }

    /// The link to a site-relative path (`prisons/leicester/`).
    pub fn page(&self, path: &str) -> String {
        format!("{}{path}", self.base_path)
    }

    /// The absolute URL of a site-relative path, when the base URL names a host.
    pub fn absolute(&self, path: &str) -> String {
        match &self.origin {
            Some(origin) => format!("{origin}{}", self.page(path)),
            None => self.page(path),
        }
    }

    /// The path all pages live under, starting and ending with `/`.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sub_path_prefixes_every_link() {
        let urls = Urls::new("https://example.org/plans").expect("valid");
        assert_eq!(urls.page("prisons/leicester/"), "/plans/prisons/leicester/");
        assert_eq!(
            urls.absolute("feed.xml"),
            "https://example.org/plans/feed.xml"
        );
    }

    #[test]
    fn a_root_path_gives_root_relative_links() {
        let urls = Urls::new("/").expect("valid");
        assert_eq!(urls.page(""), "/");
        assert_eq!(urls.absolute("themes/"), "/themes/");
        let host = Urls::new("http://127.0.0.1:1111").expect("valid");
        assert_eq!(host.absolute(""), "http://127.0.0.1:1111/");
    }

    #[test]
    fn unusable_base_urls_are_refused() {
        for bad in ["example.org", "ftp://example.org/", "https:///x", "/a b/"] {
            assert!(Urls::new(bad).is_err(), "{bad} should be refused");
        }
    }
}
