//! Finding the response parameters in what the app received: a full
//! redirect URL, a bare fragment (with or without `#`), or a form_post body.

use crate::form::{FormParams, FormValue, split_once_ascii, split_optional};
use crate::limits::MAX_REDIRECT_LEN;
use crate::request::ResponseMode;
use crate::response::ResponseError;
use crate::uri;

/// Parameters that identify an authorization response; seeing any of them in
/// a query string means the response came through the query, which these
/// response types never use (OAuth Multiple Response Types §3, §5, §7).
const RESPONSE_PARAMETERS: [&str; 7] = [
    "access_token",
    "id_token",
    "code",
    "state",
    "error",
    "token_type",
    "expires_in",
];

/// The syntactic shape of the input.
#[derive(Clone, Copy, Debug)]
enum Shape<'a> {
    /// An absolute URI (`https://app/cb#…`, `com.example.app:/cb#…`).
    Url(&'a str),
    /// `#…`, without the `#`.
    Fragment(&'a str),
    /// Form-encoded parameters: a fragment without `#` or a POST body.
    Bare(&'a str),
}

fn classify(input: &str) -> Shape<'_> {
    if let Some(rest) = input.strip_prefix('#') {
        return Shape::Fragment(rest);
    }
    // An absolute URI starts with a scheme: ALPHA *( ALPHA / DIGIT / "+" /
    // "-" / "." ) ":"; form parameters reach '=' or '&' before any ':'.
    let mut bytes = input.bytes();
    let starts_alpha = bytes.next().is_some_and(|b| b.is_ascii_alphabetic());
    let scheme_then_colon = bytes
        .find(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')))
        .is_some_and(|b| b == b':');
    if starts_alpha && scheme_then_colon {
        Shape::Url(input)
    } else {
        Shape::Bare(input)
    }
}

/// Finds and decodes the response parameters into `params`, checking that a
/// full URL is the registered redirect URI and that nothing came through its
/// query. (An out-parameter: the list is 3 KB, and a returned one was copied
/// on its way through each `Result`.)
pub(crate) fn locate<'a>(
    input: &'a str,
    mode: ResponseMode,
    redirect_uri: &str,
    params: &mut FormParams<'a>,
) -> Result<(), ResponseError> {
    if input.len() > MAX_REDIRECT_LEN {
        return Err(ResponseError::TooLong {
            len: input.len(),
            max: MAX_REDIRECT_LEN,
        });
    }
    match (mode, classify(input)) {
        (ResponseMode::FormPost, Shape::Bare(body)) => parse_into(params, body, 0),
        (ResponseMode::FormPost, _) => Err(ResponseError::ResponseModeMismatch {
            expected: ResponseMode::FormPost,
        }),
        (ResponseMode::Fragment, Shape::Fragment(f)) => parse_into(params, f, 1),
        (ResponseMode::Fragment, Shape::Bare(f)) => parse_into(params, f, 0),
        (ResponseMode::Fragment, Shape::Url(url)) => from_url(url, redirect_uri, params),
    }
}

fn parse_into<'a>(
    params: &mut FormParams<'a>,
    text: &'a str,
    base: usize,
) -> Result<(), ResponseError> {
    params
        .parse_into(text, base)
        .map_err(ResponseError::Malformed)
}

fn from_url<'a>(
    url: &'a str,
    redirect_uri: &str,
    params: &mut FormParams<'a>,
) -> Result<(), ResponseError> {
    let (before, fragment) = split_optional(url, b'#');
    let query = if before == redirect_uri {
        // The registered URI exactly (the usual case; it was validated when
        // the configuration was built): no need to parse either. A URI's
        // first `?` starts its query.
        split_once_ascii(before, b'?').map(|(_, query)| query)
    } else {
        let received = uri::split(before).ok_or(ResponseError::NotARedirectUrl)?;
        let registered = uri::split(redirect_uri).ok_or(ResponseError::NotARedirectUrl)?;
        if !received.same_endpoint(&registered) {
            return Err(ResponseError::RedirectUriMismatch);
        }
        received.query
    };
    if let Some(query) = query {
        // A query that is not even form-encoded cannot carry a response;
        // a registered redirect URI may have its own odd query.
        // (`params` holds the query's parameters for a moment.)
        if params.parse_into(query, 0).is_ok()
            && RESPONSE_PARAMETERS
                .iter()
                .any(|name| params.pairs().iter().any(|p| p.name.eq_str(name)))
        {
            return Err(ResponseError::ResponseInQuery);
        }
    }
    let fragment = fragment.ok_or(ResponseError::MissingResponse)?;
    let offset = before.len().saturating_add(1);
    parse_into(params, fragment, offset)
}

/// The `state` of a redirect, to find the pending authorization it answers
/// (apps with several in flight store them by
/// [`PendingAuthorization::state`](crate::PendingAuthorization::state)).
///
/// Reads nothing else and trusts nothing: the pending authorization found
/// this way still checks the whole response. Works for every input shape.
/// `Ok(None)` when the response has no `state`.
pub fn redirect_state(input: &str) -> Result<Option<FormValue<'_>>, ResponseError> {
    if input.len() > MAX_REDIRECT_LEN {
        return Err(ResponseError::TooLong {
            len: input.len(),
            max: MAX_REDIRECT_LEN,
        });
    }
    let mut params = FormParams::new();
    match classify(input) {
        Shape::Fragment(f) => parse_into(&mut params, f, 1)?,
        Shape::Bare(b) => parse_into(&mut params, b, 0)?,
        Shape::Url(url) => {
            let (before, fragment) =
                split_once_ascii(url, b'#').ok_or(ResponseError::MissingResponse)?;
            parse_into(&mut params, fragment, before.len().saturating_add(1))?;
        }
    }
    Ok(params.get("state"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const REDIRECT: &str = "https://app.example/cb";

    /// [`locate`] with the list returned, for tables.
    fn locate_new<'a>(
        input: &'a str,
        mode: ResponseMode,
        redirect_uri: &str,
    ) -> Result<FormParams<'a>, ResponseError> {
        let mut params = FormParams::new();
        locate(input, mode, redirect_uri, &mut params).map(|()| params)
    }

    #[test]
    fn shapes() {
        let ok: &[(&str, ResponseMode)] = &[
            (
                "https://app.example/cb#state=x&id_token=t",
                ResponseMode::Fragment,
            ),
            ("https://APP.example:443/cb#state=x", ResponseMode::Fragment),
            (
                "https://app.example/cb?keep=1#state=x",
                ResponseMode::Fragment,
            ),
            ("#state=x&id_token=t", ResponseMode::Fragment),
            ("state=x&id_token=t", ResponseMode::Fragment),
            ("state=x&id_token=t", ResponseMode::FormPost),
            ("error_description=a:b&state=x", ResponseMode::Fragment),
        ];
        for (input, mode) in ok {
            let got = locate_new(input, *mode, REDIRECT);
            assert!(
                got.as_ref()
                    .is_ok_and(|p| p.get("state").is_some_and(|s| s.eq_str("x"))),
                "{input}: {got:?}"
            );
        }
        let bad: &[(&str, ResponseMode, ResponseError)] = &[
            (
                "https://evil.example/cb#state=x",
                ResponseMode::Fragment,
                ResponseError::RedirectUriMismatch,
            ),
            (
                "https://app.example/cb2#state=x",
                ResponseMode::Fragment,
                ResponseError::RedirectUriMismatch,
            ),
            (
                "http://app.example/cb#state=x",
                ResponseMode::Fragment,
                ResponseError::RedirectUriMismatch,
            ),
            (
                "https://app.example/cb?access_token=a&state=x",
                ResponseMode::Fragment,
                ResponseError::ResponseInQuery,
            ),
            (
                "https://app.example/cb?id_token=a#state=x",
                ResponseMode::Fragment,
                ResponseError::ResponseInQuery,
            ),
            (
                "https://app.example/cb",
                ResponseMode::Fragment,
                ResponseError::MissingResponse,
            ),
            (
                "https://app.example/cb#state=x",
                ResponseMode::FormPost,
                ResponseError::ResponseModeMismatch {
                    expected: ResponseMode::FormPost,
                },
            ),
            (
                "#state=x",
                ResponseMode::FormPost,
                ResponseError::ResponseModeMismatch {
                    expected: ResponseMode::FormPost,
                },
            ),
            (
                "https://app.example/cb#a=%zz",
                ResponseMode::Fragment,
                ResponseError::Malformed(crate::FormError::BadEscape { offset: 25 }),
            ),
        ];
        for (input, mode, expected) in bad {
            assert_eq!(
                locate_new(input, *mode, REDIRECT).err(),
                Some(expected.clone()),
                "{input}"
            );
        }
    }

    /// The exact-match shortcut and the parsed comparison agree, with and
    /// without a query in the registered URI.
    #[test]
    fn registered_uri_with_its_own_query() {
        let cases: &[(&str, &str, Result<(), ResponseError>)] = &[
            (
                "https://app.example/cb?keep=1",
                "https://app.example/cb?keep=1#state=x",
                Ok(()),
            ),
            (
                "https://app.example/cb?keep=1",
                "https://APP.example/cb?keep=1#state=x",
                Ok(()),
            ),
            (
                "https://app.example/cb?keep=1",
                "https://app.example/cb?keep=2#state=x",
                Ok(()),
            ),
            (
                "https://app.example/cb?keep=1",
                "https://app.example/cb#state=x",
                Ok(()),
            ),
            (
                "https://app.example/cb?keep=1",
                "https://app.example/cb2?keep=1#state=x",
                Err(ResponseError::RedirectUriMismatch),
            ),
            (
                "https://app.example/cb?state=1",
                "https://app.example/cb?state=1#state=x",
                Err(ResponseError::ResponseInQuery),
            ),
            (
                "https://app.example/cb?state=1",
                "https://app.example:443/cb?state=1#state=x",
                Err(ResponseError::ResponseInQuery),
            ),
            ("com.example.app:/cb", "com.example.app:/cb#state=x", Ok(())),
            (
                "com.example.app:/cb",
                "com.example.app:/cb?#state=x",
                Ok(()),
            ),
            (
                "com.example.app:/cb",
                "com.example.app:/cb?error=x#state=x",
                Err(ResponseError::ResponseInQuery),
            ),
        ];
        for (registered, input, expected) in cases {
            let got = locate_new(input, ResponseMode::Fragment, registered).map(|params| {
                // The fragment's parameters only: none of the query's,
                // which were read into the same list first, remain.
                assert_eq!(params.pairs().len(), 1, "{registered} / {input}");
                assert!(params.get("state").is_some_and(|s| s.eq_str("x")));
            });
            assert_eq!(got, *expected, "{registered} / {input}");
        }
    }

    #[test]
    fn state_lookup() {
        for input in [
            "https://app.example/cb#state=abc&x=1",
            "#x=1&state=abc",
            "state=abc",
        ] {
            assert!(
                redirect_state(input).is_ok_and(|s| s.is_some_and(|v| v.eq_str("abc"))),
                "{input}"
            );
        }
        assert!(redirect_state("x=1").is_ok_and(|s| s.is_none()));
        assert_eq!(
            redirect_state("https://app/cb").err(),
            Some(ResponseError::MissingResponse)
        );
    }
}
