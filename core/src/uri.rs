//! URL checks for the configuration and for matching redirects, on top of
//! `fluent-uri` (an RFC 3986 parser that borrows and does not allocate).

use fluent_uri::Uri;

/// The parts of an absolute URI that redirect matching compares.
#[derive(Clone, Copy, Debug)]
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
pub(crate) fn split(text: &str) -> Option<UriParts<'_>> {
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
    use super::*;

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
