//! Input shapes of a redirect, from RFC 3986 §3.1 (a URI starts with
//! `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`) and the library's
//! documented inputs: a full redirect URL, a fragment with `#`, or bare
//! form parameters (a fragment without `#`, or a form_post body).

/// The shape of a redirect input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape<'a> {
    /// An absolute URI.
    Url(&'a str),
    /// `#…`, without the `#`.
    Fragment(&'a str),
    /// Bare form parameters.
    Bare(&'a str),
}

/// Classifies `input`.
pub fn shape(input: &str) -> Shape<'_> {
    if let Some(rest) = input.strip_prefix('#') {
        return Shape::Fragment(rest);
    }
    let b = input.as_bytes();
    let scheme_len = b
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
        .count();
    let is_url = b.first().is_some_and(u8::is_ascii_alphabetic) && b.get(scheme_len) == Some(&b':');
    if is_url {
        Shape::Url(input)
    } else {
        Shape::Bare(input)
    }
}

/// The parts of `scheme://authority/path?query` that a redirect endpoint is
/// compared on, lower-cased where RFC 3986 §6.2.2.1 allows; `None` when the
/// text has no authority.
#[derive(Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// Lower-case scheme.
    pub scheme: String,
    /// Lower-case host (userinfo removed).
    pub host: String,
    /// The port with leading zeros removed, or the scheme's default.
    pub port: String,
    /// The path, `/` when empty.
    pub path: String,
    /// The query, if any.
    pub query: Option<String>,
}

/// Splits an absolute URL with an authority (no fragment).
pub fn endpoint(url: &str) -> Option<Endpoint> {
    let (scheme, rest) = url.split_once("://")?;
    let (before_query, query) = match rest.split_once('?') {
        Some((a, q)) => (a, Some(q.to_owned())),
        None => (rest, None),
    };
    let (authority, path) = match before_query.find('/') {
        Some(i) => before_query.split_at(i),
        None => (before_query, ""),
    };
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || h.starts_with('[') => (h, p),
        _ => (host_port, ""),
    };
    let scheme = scheme.to_ascii_lowercase();
    let port = match port.trim_start_matches('0') {
        "" if port.is_empty() && scheme == "https" => "443".to_owned(),
        "" if port.is_empty() && scheme == "http" => "80".to_owned(),
        p => p.to_owned(),
    };
    Some(Endpoint {
        scheme,
        host: host.to_ascii_lowercase(),
        port,
        path: if path.is_empty() {
            "/".to_owned()
        } else {
            path.to_owned()
        },
        query,
    })
}
