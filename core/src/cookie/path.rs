//! Paths: the default-path of a request and path-matching (RFC 6265bis §5.1.4).

/// §5.1.4 default-path: the directory of the request path, `/` for a top-level or odd path.
pub fn default_path(uri_path: &str) -> &str {
    // Step 2: empty or not starting with '/' gives "/".
    if !uri_path.starts_with('/') {
        return "/";
    }
    // Steps 3 and 4: up to, but not including, the right-most '/', unless that is the first.
    match uri_path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &uri_path[..i],
    }
}

/// §5.1.4 path-match: `/foo` matches `/foo`, `/foo/` and `/foo/bar`, but not `/foobar`.
pub fn path_matches(request_path: &str, cookie_path: &str) -> bool {
    if request_path == cookie_path {
        return true;
    }
    match request_path.strip_prefix(cookie_path) {
        Some(rest) => cookie_path.ends_with('/') || rest.starts_with('/'),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s5_1_4_default_path() {
        assert_eq!(default_path(""), "/");
        assert_eq!(default_path("x/y"), "/");
        assert_eq!(default_path("/"), "/");
        assert_eq!(default_path("/page"), "/");
        assert_eq!(default_path("/dir/page"), "/dir");
        assert_eq!(default_path("/dir/"), "/dir");
        assert_eq!(default_path("/a/b/c"), "/a/b");
    }

    #[test]
    fn s5_1_4_path_match() {
        assert!(path_matches("/foo", "/foo"));
        assert!(path_matches("/foo/", "/foo"));
        assert!(path_matches("/foo/bar", "/foo"));
        assert!(path_matches("/foo/bar", "/foo/"));
        assert!(path_matches("/anything", "/"));
        assert!(!path_matches("/foobar", "/foo"));
        assert!(!path_matches("/fo", "/foo"));
        assert!(!path_matches("/foo", "/foo/"));
        assert!(!path_matches("/Foo", "/foo"));
        assert!(!path_matches("/bar/foo", "/foo"));
    }
}
