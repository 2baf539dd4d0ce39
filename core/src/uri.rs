//! URL checks for the configuration and for matching redirects, on top of
//! `fluent-uri` (an RFC 3986 parser that borrows and does not allocate).

use fluent_uri::Uri;

use crate::form::{split_once_ascii, split_optional};

/// The parts of an absolute URI that redirect matching compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct UriParts<'a> {
    pub(crate) scheme: &'a str,
    /// `None` for URIs without an authority (`com.example.app:/cb`).
    pub(crate) host: Option<&'a str>,
    pub(crate) port: Option<&'a str>,
    pub(crate) has_userinfo: bool,
    pub(crate) path: &'a str,
    pub(crate) query: Option<&'a str>,
    pub(crate) fragment: Option<&'a str>,
}

/// Splits an absolute URI; `None` if it is not one.
///
/// fluent-uri checks the RFC 3986 grammar; the parts are then cut here at
/// the delimiters of RFC 3986 Appendix B, which for any URI the grammar
/// accepts fall where fluent-uri's own accessors cut
/// (`tests::same_parts_as_fluent_uri` compares the two). Not those
/// accessors: each slices a `str` at offsets the parser stored, a panic
/// path the compiler keeps, and that path links core's string-slicing
/// panic with the `Debug` and Unicode tables of its message. Without it
/// (and `pending.rs: split_at_check`) an ES256 firmware image is 9.6 KB
/// smaller (`tests/bench/BENCHMARKS.md`).
pub(crate) fn split(text: &str) -> Option<UriParts<'_>> {
    Uri::parse(text).ok()?;
    // scheme ":" hier-part [ "?" query ] [ "#" fragment ]; a scheme has no
    // ':', and '#' ends the query, so these cuts come first.
    let (scheme, rest) = split_once_ascii(text, b':')?;
    let (rest, fragment) = split_optional(rest, b'#');
    let (hier, query) = split_optional(rest, b'?');
    let (authority, path) = match hier.strip_prefix("//") {
        Some(after) => {
            let end = memchr::memchr(b'/', after.as_bytes()).unwrap_or(after.len());
            (Some(after.get(..end)?), after.get(end..)?)
        }
        None => (None, hier),
    };
    let authority = match authority {
        Some(a) => Some(Authority::split(a)?),
        None => None,
    };
    Some(UriParts {
        scheme,
        host: authority.map(|a| a.host),
        port: authority.and_then(|a| a.port),
        has_userinfo: authority.is_some_and(|a| a.has_userinfo),
        path,
        query,
        fragment,
    })
}

/// The parts as fluent-uri's own accessors give them: what [`split`] did
/// before it cut them itself, kept as the reference it is tested against.
#[cfg(any(test, feature = "dangerous-test-hooks"))]
pub(crate) fn fluent_parts(text: &str) -> Option<UriParts<'_>> {
    let uri = Uri::parse(text).ok()?;
    let authority = uri.authority();
    Some(UriParts {
        scheme: uri.scheme().as_str(),
        host: authority.map(|a| a.host()),
        port: authority
            .and_then(|a| a.port())
            .map(|p| p.as_str())
            .filter(|p| !p.is_empty()),
        has_userinfo: authority.is_some_and(|a| a.userinfo().is_some()),
        path: uri.path().as_str(),
        query: uri.query().map(|q| q.as_str()),
        fragment: uri.fragment().map(|f| f.as_str()),
    })
}

/// `[ userinfo "@" ] host [ ":" port ]`, cut from a checked authority.
#[derive(Clone, Copy)]
struct Authority<'a> {
    has_userinfo: bool,
    /// With the brackets of an IP literal.
    host: &'a str,
    /// `None` also for a `:` without digits (fluent-uri reports `Some("")`,
    /// which redirect matching reads as no port).
    port: Option<&'a str>,
}

impl<'a> Authority<'a> {
    fn split(authority: &'a str) -> Option<Self> {
        // Neither userinfo nor host may hold a bare '@', and only an IP
        // literal (which holds no ']') may hold a ':'.
        let (has_userinfo, host_port) = match split_once_ascii(authority, b'@') {
            Some((_, host_port)) => (true, host_port),
            None => (false, authority),
        };
        let (host, port) = if host_port.starts_with('[') {
            let end = memchr::memchr(b']', host_port.as_bytes())?.saturating_add(1);
            let after = host_port.get(end..)?;
            (host_port.get(..end)?, after.strip_prefix(':'))
        } else {
            split_optional(host_port, b':')
        };
        let port = port.filter(|p| !p.is_empty());
        Some(Self {
            has_userinfo,
            host,
            port,
        })
    }
}

/// How a URL's scheme and host classify it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Transport {
    /// `https://host…`
    Https,
    /// `http://` to 127.0.0.1, [::1] or localhost (RFC 8252 §7.3).
    LoopbackHttp,
    /// `http://` to anything else.
    PlainHttp,
    /// A private-use scheme in reverse-domain form (RFC 8252 §7.1).
    PrivateUse,
    /// Anything else.
    Other,
}

impl UriParts<'_> {
    pub(crate) fn transport(&self) -> Transport {
        if self.scheme.eq_ignore_ascii_case("https") {
            return if self.host.is_some_and(|h| !h.is_empty()) {
                Transport::Https
            } else {
                Transport::Other
            };
        }
        if self.scheme.eq_ignore_ascii_case("http") {
            return match self.host {
                Some(h) if is_loopback(h) => Transport::LoopbackHttp,
                Some(h) if !h.is_empty() => Transport::PlainHttp,
                _ => Transport::Other,
            };
        }
        // RFC 8252 §7.1: a private-use scheme is a reverse domain name, so it
        // contains a dot; that also keeps out `javascript:`, `data:`, `file:`.
        if self.scheme.contains('.') && self.host.is_none_or(str::is_empty) {
            return Transport::PrivateUse;
        }
        Transport::Other
    }

    /// The port, with the scheme's default made explicit, so that
    /// `https://a/` and `https://a:443/` compare equal.
    fn effective_port(&self) -> Option<&str> {
        match self.port {
            Some(p) => Some(p.trim_start_matches('0')),
            None if self.scheme.eq_ignore_ascii_case("https") => Some("443"),
            None if self.scheme.eq_ignore_ascii_case("http") => Some("80"),
            None => None,
        }
    }

    /// Same scheme, host and port (case-insensitively where RFC 3986 says
    /// so) and the same path (case-sensitively), an empty path being `/`.
    pub(crate) fn same_endpoint(&self, other: &UriParts<'_>) -> bool {
        self.scheme.eq_ignore_ascii_case(other.scheme)
            && match (self.host, other.host) {
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                (None, None) => true,
                _ => false,
            }
            && self.effective_port() == other.effective_port()
            && normalized_path(self.path) == normalized_path(other.path)
    }
}

fn normalized_path(p: &str) -> &str {
    if p.is_empty() { "/" } else { p }
}

fn is_loopback(host: &str) -> bool {
    host == "127.0.0.1" || host == "[::1]" || host.eq_ignore_ascii_case("localhost")
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn parts() {
        // (uri, host, port, userinfo, path, query, fragment)
        type Row = (
            &'static str,
            Option<&'static str>,
            Option<&'static str>,
            bool,
            &'static str,
            Option<&'static str>,
            Option<&'static str>,
        );
        let cases: [Row; 14] = [
            (
                "https://a.example/cb",
                Some("a.example"),
                None,
                false,
                "/cb",
                None,
                None,
            ),
            (
                "https://u:p@h:8443/p?q=1#f",
                Some("h"),
                Some("8443"),
                true,
                "/p",
                Some("q=1"),
                Some("f"),
            ),
            ("https://@h", Some("h"), None, true, "", None, None),
            ("https://h:/x", Some("h"), None, false, "/x", None, None),
            (
                "http://[::1]:8080/cb",
                Some("[::1]"),
                Some("8080"),
                false,
                "/cb",
                None,
                None,
            ),
            ("http://[::1]", Some("[::1]"), None, false, "", None, None),
            (
                "http://[v7.a:b]:1/",
                Some("[v7.a:b]"),
                Some("1"),
                false,
                "/",
                None,
                None,
            ),
            (
                "https://h?x:y@z/#w",
                Some("h"),
                None,
                false,
                "",
                Some("x:y@z/"),
                Some("w"),
            ),
            (
                "https://h#f?g/@:",
                Some("h"),
                None,
                false,
                "",
                None,
                Some("f?g/@:"),
            ),
            (
                "https://h/p@q:r",
                Some("h"),
                None,
                false,
                "/p@q:r",
                None,
                None,
            ),
            ("https:///x", Some(""), None, false, "/x", None, None),
            ("com.example.app:/cb", None, None, false, "/cb", None, None),
            ("urn:a:b?c", None, None, false, "a:b", Some("c"), None),
            ("s:", None, None, false, "", None, None),
        ];
        for (uri, host, port, has_userinfo, path, query, fragment) in cases {
            let parts = split(uri).unwrap_or_else(|| panic!("{uri}"));
            assert_eq!(
                (
                    parts.host,
                    parts.port,
                    parts.has_userinfo,
                    parts.path,
                    parts.query,
                    parts.fragment
                ),
                (host, port, has_userinfo, path, query, fragment),
                "{uri}"
            );
            assert_eq!(Some(parts), fluent_parts(uri), "{uri}");
        }
        for not_uri in [
            "",
            ":",
            "/a",
            "//h/p",
            "h:p:q@[",
            "https://[::1",
            "https://h h/",
            "1a:b",
        ] {
            assert_eq!(split(not_uri), None, "{not_uri}");
            assert_eq!(fluent_parts(not_uri), None, "{not_uri}");
        }
    }

    proptest! {
        /// Wherever fluent-uri accepts the text, `split` cuts it as its
        /// accessors do; where it refuses, so does `split`. Built from
        /// mostly valid pieces, so that most cases have every part.
        #[test]
        fn same_parts_as_fluent_uri(
            scheme in "[a-zA-Z][a-zA-Z0-9+.-]{0,3}",
            userinfo in proptest::option::of("([a-z0-9:.~!$&'()*+,;=-]|%4[0-9]){0,6}"),
            host in prop_oneof![
                "[a-z0-9.~-]{0,8}",
                "([a-z]|%4[1-9]){1,4}",
                "(25[0-5]|1?[0-9]{1,2})(\\.(25[0-5]|1?[0-9]{1,2})){3}",
                "\\[(::1|::|1:2::3|fe80::a|v7\\.a:b|::ffff:1\\.2\\.3\\.4)\\]",
                "[a-z:@\\[\\]%]{0,4}",
            ],
            port in proptest::option::of("[0-9]{0,4}"),
            with_authority in any::<bool>(),
            path in "(/[a-z0-9:@.%~-]{0,4}){0,3}|[a-z0-9:@.-]{0,6}",
            query in proptest::option::of("[/?a-z0-9:@%=&-]{0,6}"),
            fragment in proptest::option::of("[/?a-z0-9:@%#-]{0,6}"),
        ) {
            let mut text = std::format!("{scheme}:");
            if with_authority {
                text.push_str("//");
                if let Some(u) = &userinfo {
                    text.push_str(u);
                    text.push('@');
                }
                text.push_str(&host);
                if let Some(p) = &port {
                    text.push(':');
                    text.push_str(p);
                }
            }
            text.push_str(&path);
            if let Some(q) = &query {
                text.push('?');
                text.push_str(q);
            }
            if let Some(f) = &fragment {
                text.push('#');
                text.push_str(f);
            }
            prop_assert_eq!(split(&text), fluent_parts(&text), "{}", text);
        }

        /// Any text at all: the same verdict and parts, and no panic.
        #[test]
        fn same_parts_on_any_text(text in "[a-z:/?#@\\[\\]%0-9.]{0,16}") {
            prop_assert_eq!(split(&text), fluent_parts(&text));
        }
    }

    #[test]
    fn transports() {
        let cases = [
            ("https://example.com/cb", Transport::Https),
            ("HTTPS://example.com", Transport::Https),
            ("http://127.0.0.1:8080/cb", Transport::LoopbackHttp),
            ("http://[::1]/cb", Transport::LoopbackHttp),
            ("http://localhost/cb", Transport::LoopbackHttp),
            ("http://example.com/cb", Transport::PlainHttp),
            ("http://127.0.0.1.evil.com/", Transport::PlainHttp),
            ("com.example.app:/cb", Transport::PrivateUse),
            ("com.example.app:cb", Transport::PrivateUse),
            ("javascript:alert(1)", Transport::Other),
            ("https:///nohost", Transport::Other),
            ("ftp://example.com", Transport::Other),
        ];
        for (url, expected) in cases {
            assert_eq!(split(url).map(|u| u.transport()), Some(expected), "{url}");
        }
        assert!(split("not a url").is_none());
        assert!(split("/relative").is_none());
    }

    #[test]
    fn endpoint_matching() {
        let cases = [
            ("https://a.example/cb", "https://A.EXAMPLE/cb", true),
            ("https://a.example/cb", "https://a.example:443/cb", true),
            ("https://a.example", "https://a.example/", true),
            ("https://a.example/cb", "https://a.example/CB", false),
            ("https://a.example/cb", "https://a.example/cb/", false),
            ("https://a.example/cb", "http://a.example/cb", false),
            ("https://a.example/cb", "https://a.example:8443/cb", false),
            ("https://a.example/cb", "https://b.example/cb", false),
            ("com.example.app:/cb", "com.example.app:/cb", true),
            ("com.example.app:/cb", "com.example.app:/other", false),
        ];
        for (a, b, same) in cases {
            let (Some(x), Some(y)) = (split(a), split(b)) else {
                panic!("{a} {b}")
            };
            assert_eq!(x.same_endpoint(&y), same, "{a} vs {b}");
        }
    }
}
