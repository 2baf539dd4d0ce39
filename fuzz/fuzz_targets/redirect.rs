//! Arbitrary bytes as a redirect URL, a fragment or a form_post body.
//!
//! Oracles:
//! - the URI splitter of redirect matching (`fuzzing::uri_split_agrees`)
//!   cuts the input, and its part before any `#`, where fluent-uri's own
//!   accessors do, or refuses it as fluent-uri does;
//! - the form decoder (`fuzzing::form_pairs`) agrees exactly with an
//!   independent decoder written from the spec (`fuzz_support::form`):
//!   same pairs, or the same error at the same offset; each accepted pair
//!   also decodes the same with the WHATWG `form_urlencoded` crate; the
//!   `FormValue` accessors agree with each other; and whatever parses,
//!   re-encoded with `fuzzing::percent_encode`, parses back to the same pairs;
//! - `redirect_state` finds the same `state` as the independent decoder;
//! - `PendingAuthorization::accept_redirect` (fixed client, known `state`,
//!   every response type and mode, with and without RFC 9207 `iss`) reaches
//!   the outcome the documented check order gives, and anything it accepts
//!   came to the registered redirect URI, had the right `state` and `iss`
//!   (absent only where the rules allow it),
//!   no response parameter in the query, no `error`/`code`, and exactly the
//!   tokens its response type promises.
#![no_main]

use fuzz_support::form::{self, Pair};
use fuzz_support::uri::{self, Shape};
use libfuzzer_sys::fuzz_target;
use oidc_implicit::fuzzing::{form_pairs, percent_encode, uri_split_agrees};
use oidc_implicit::limits::{MAX_REDIRECT_LEN, MAX_SCOPE_LEN, MAX_TOKEN_LEN, MAX_UNIX_TIME};
use oidc_implicit::{
    ClientConfig, FormError, FormValue, PendingAuthorization, Redirected, ResponseError,
    ResponseMode, ResponseParameter, ResponseType, UnixTime, redirect_state,
};

const ISSUER: &str = "https://op.example.test";
const REDIRECT_URI: &str = "https://app.example.test/cb";
const STATE: &str = "st-Zq3x";
const NONCE: &str = "n-0S6_WzA2Mj-k9";
const NOW: u64 = 1_700_000_010;
/// Names that must never arrive in a query (OAuth Multiple Response Types).
const RESPONSE_PARAMETERS: [&str; 7] = [
    "access_token",
    "id_token",
    "code",
    "state",
    "error",
    "token_type",
    "expires_in",
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let input = fuzz_support::text(rest);
    let input: &str = &input;

    assert!(
        uri_split_agrees(input),
        "URI cut differs from fluent-uri's: {input:?}"
    );
    check_form(input);
    if let Some((before, fragment)) = input.split_once('#') {
        assert!(
            uri_split_agrees(before),
            "URI cut differs from fluent-uri's: {before:?}"
        );
        check_form(fragment);
    }
    check_redirect_state(input);

    let response_type = match selector & 3 {
        1 => ResponseType::IdTokenToken,
        2 => ResponseType::Token,
        _ => ResponseType::IdToken,
    };
    let mode = if selector & 4 == 0 {
        ResponseMode::Fragment
    } else {
        ResponseMode::FormPost
    };
    check_accept(input, response_type, mode, selector & 8 != 0);
});

/// Decodes a `FormValue` every way the API offers and checks they agree.
fn decoded(v: FormValue<'_>) -> String {
    let via_string = v.to_decoded_string();
    let mut via_write = String::new();
    v.write_to(&mut via_write)
        .expect("write_to on a parsed value");
    assert_eq!(via_string, via_write, "to_decoded_string vs write_to");
    let bytes: Vec<u8> = v.bytes().collect();
    assert_eq!(bytes, via_string.as_bytes(), "bytes() vs write_to");
    assert_eq!(v.decoded_len(), bytes.len(), "decoded_len");
    assert_eq!(v.is_empty(), bytes.is_empty(), "is_empty");
    let mut buf = vec![0u8; bytes.len()];
    assert_eq!(
        v.decode_into(&mut buf).ok(),
        Some(via_string.as_str()),
        "decode_into"
    );
    if !bytes.is_empty() {
        let mut small = vec![0u8; bytes.len() - 1];
        assert_eq!(
            v.decode_into(&mut small).map_err(|e| e.needed),
            Err(bytes.len()),
            "decode_into on a short buffer"
        );
    }
    if let Some(plain) = v.as_plain() {
        assert_eq!(plain, via_string, "as_plain");
        assert!(!v.raw().contains(['%', '+']), "as_plain with escapes");
    }
    assert!(v.ct_eq(via_string.as_bytes()), "ct_eq with its own value");
    assert!(v.eq_str(&via_string), "eq_str with its own value");
    let mut longer = via_string.clone().into_bytes();
    longer.push(b'x');
    assert!(!v.ct_eq(&longer), "ct_eq with a longer value");
    via_string
}

fn library_pairs(input: &str) -> Result<Vec<(String, String)>, FormError> {
    let mut out = Vec::new();
    form_pairs(input, |n, v| out.push((decoded(n), decoded(v))))?;
    Ok(out)
}

fn check_form(input: &str) {
    let ours = library_pairs(input);
    let reference: Result<Vec<(String, String)>, FormError> =
        form::parse(input, 0).map(|p| p.into_iter().map(|p| (p.name, p.value)).collect());
    assert_eq!(ours, reference, "form decoding of {input:?}");
    let Ok(pairs) = ours else { return };

    // The WHATWG decoder agrees on every accepted pair.
    let pieces: Vec<&str> = input.split('&').filter(|p| p.contains('=')).collect();
    assert_eq!(pieces.len(), pairs.len(), "pair count of {input:?}");
    for (piece, pair) in pieces.iter().zip(&pairs) {
        assert_eq!(
            form::whatwg_pair(piece).as_ref(),
            Some(pair),
            "WHATWG decoding of {piece:?}"
        );
    }

    // Re-encode and parse back.
    let mut encoded = String::new();
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            encoded.push('&');
        }
        percent_encode(&mut encoded, name).expect("encode into a String");
        encoded.push('=');
        percent_encode(&mut encoded, value).expect("encode into a String");
    }
    assert!(
        form::is_strictly_percent_encoded(&encoded.replace(['&', '='], "")),
        "percent_encode wrote something other than unreserved and %XX: {encoded:?}"
    );
    // An empty name encodes to a piece that starts with '='; still a pair.
    assert_eq!(
        library_pairs(&encoded).as_ref(),
        Ok(&pairs),
        "re-encoded {input:?} as {encoded:?}"
    );
}

/// Where the response parameters of `input` are, for a fragment-mode
/// redirect, with the offset of their first byte.
fn response_part(input: &str) -> Option<(&str, usize)> {
    match uri::shape(input) {
        Shape::Fragment(f) => Some((f, 1)),
        Shape::Bare(b) => Some((b, 0)),
        Shape::Url(url) => url.split_once('#').map(|(before, f)| (f, before.len() + 1)),
    }
}

fn check_redirect_state(input: &str) {
    let ours = redirect_state(input).map(|s| s.map(decoded));
    let expected = if input.len() > MAX_REDIRECT_LEN {
        Err(ResponseError::TooLong {
            len: input.len(),
            max: MAX_REDIRECT_LEN,
        })
    } else {
        match response_part(input) {
            None => Err(ResponseError::MissingResponse),
            Some((part, base)) => form::parse(part, base)
                .map(|p| form::get(&p, "state").map(str::to_owned))
                .map_err(ResponseError::Malformed),
        }
    };
    assert_eq!(ours, expected, "redirect_state({input:?})");
}

/// An expected failure.
#[derive(Debug)]
enum Want {
    Error(Box<ResponseError>),
    /// `ResponseError::Authorization` (compared by kind: its fields are the
    /// provider's text).
    ProviderError,
}

impl From<ResponseError> for Want {
    fn from(e: ResponseError) -> Self {
        Self::Error(Box::new(e))
    }
}

/// The documented check order on decoded response parameters (RFC 9207
/// `iss`, then `state`, then `error`, then the response type's shape).
fn expected_outcome(
    pairs: &[Pair],
    response_type: ResponseType,
    sends_iss: bool,
) -> Result<(), Want> {
    expected_inner(pairs, response_type, sends_iss)
}

fn expected_inner(
    pairs: &[Pair],
    response_type: ResponseType,
    sends_iss: bool,
) -> Result<(), Want> {
    let get = |n: &str| form::get(pairs, n);
    let raw = |n: &str| {
        pairs
            .iter()
            .find(|p| p.name == n)
            .map(|p| p.raw_value.as_str())
    };
    // RFC 9207 `iss`: when present it must be the issuer; a provider that
    // sends it must send it, except in a response carrying an ID token
    // (whose signed `iss` claim is the mix-up defence, RFC 9700 §4.4.2).
    let carries_id_token = response_type.has_id_token() && get("id_token").is_some();
    match get("iss") {
        Some(iss) if iss != ISSUER => return Err(Want::from(ResponseError::IssuerMismatch)),
        None if sends_iss && !carries_id_token => {
            return Err(Want::from(ResponseError::MissingIssuer));
        }
        _ => {}
    }
    match get("state") {
        None => return Err(Want::from(ResponseError::MissingState)),
        Some(s) if s != STATE => return Err(Want::from(ResponseError::StateMismatch)),
        _ => {}
    }
    if let Some(error) = get("error") {
        let valid = error.len() <= 64
            && error
                .bytes()
                .all(|b| matches!(b, 0x20..=0x21 | 0x23..=0x5B | 0x5D..=0x7E));
        return Err(if valid {
            Want::ProviderError
        } else {
            ResponseError::MalformedErrorResponse.into()
        });
    }
    if get("code").is_some() {
        return Err(Want::from(ResponseError::UnexpectedParameter(
            ResponseParameter::Code,
        )));
    }
    let too_long = |parameter, v: &str| {
        (v.len() > MAX_TOKEN_LEN).then_some(ResponseError::TokenTooLong {
            parameter,
            len: v.len(),
            max: MAX_TOKEN_LEN,
        })
    };
    match (response_type.has_access_token(), get("access_token")) {
        (true, Some(at)) => {
            if let Some(e) = too_long(ResponseParameter::AccessToken, at) {
                return Err(Want::from(e));
            }
            if !at.bytes().all(|b| (0x20..=0x7E).contains(&b)) {
                return Err(Want::from(ResponseError::InvalidAccessToken));
            }
            let Some(tt) = get("token_type") else {
                return Err(Want::from(ResponseError::MissingParameter(
                    ResponseParameter::TokenType,
                )));
            };
            if !tt.eq_ignore_ascii_case("bearer") {
                return Err(Want::from(ResponseError::UnsupportedTokenType));
            }
            if get("expires_in").is_some() {
                let r = raw("expires_in").unwrap_or("");
                let ok = !r.is_empty()
                    && r.bytes().all(|b| b.is_ascii_digit())
                    && r.parse::<u64>().is_ok_and(|n| n <= MAX_UNIX_TIME);
                if !ok {
                    return Err(Want::from(ResponseError::InvalidExpiresIn));
                }
            }
            if let Some(scope) = get("scope")
                && !valid_scope(scope)
            {
                return Err(Want::from(ResponseError::InvalidScope));
            }
        }
        (true, None) => {
            return Err(Want::from(ResponseError::MissingParameter(
                ResponseParameter::AccessToken,
            )));
        }
        (false, Some(_)) => {
            return Err(Want::from(ResponseError::UnexpectedParameter(
                ResponseParameter::AccessToken,
            )));
        }
        (false, None) => {}
    }
    match (response_type.has_id_token(), get("id_token")) {
        (true, Some(t)) => {
            too_long(ResponseParameter::IdToken, t).map_or(Ok(()), |e| Err(Want::from(e)))
        }
        (true, None) => Err(Want::from(ResponseError::MissingParameter(
            ResponseParameter::IdToken,
        ))),
        (false, Some(_)) => Err(Want::from(ResponseError::UnexpectedParameter(
            ResponseParameter::IdToken,
        ))),
        (false, None) => Ok(()),
    }
}

/// RFC 6749 §3.3: scope-tokens of NQCHAR separated by single spaces.
fn valid_scope(s: &str) -> bool {
    s.len() <= MAX_SCOPE_LEN
        && !s.is_empty()
        && s.split(' ').all(|t| {
            !t.is_empty()
                && t.bytes()
                    .all(|b| matches!(b, 0x21 | 0x23..=0x5B | 0x5D..=0x7E))
        })
}

/// Same error, compared in full except for the provider's own text.
fn same_outcome(got: &ResponseError, want: &Want) -> bool {
    match (got, want) {
        (ResponseError::Authorization(_), Want::ProviderError) => true,
        (got, Want::Error(want)) => got == want.as_ref(),
        _ => false,
    }
}

fn check_accept(input: &str, response_type: ResponseType, mode: ResponseMode, sends_iss: bool) {
    let config = ClientConfig::builder(ISSUER, "client-abc", REDIRECT_URI)
        .authorization_endpoint("https://op.example.test/authorize")
        .provider_sends_iss(sends_iss)
        .build()
        .expect("config");
    let now = UnixTime::from_secs(NOW).expect("now");
    let nonce = response_type.has_id_token().then_some(NONCE);
    let pending = PendingAuthorization::dangerous_with_known_values(
        &config,
        response_type,
        mode,
        "openid",
        STATE,
        nonce,
        None,
        now,
    )
    .expect("pending");
    let outcome = pending.accept_redirect(&config, input, now);

    if input.len() > MAX_REDIRECT_LEN {
        assert!(
            matches!(outcome, Err(ResponseError::TooLong { .. })),
            "overlong redirect not refused as TooLong: {outcome:?}"
        );
        return;
    }
    // Where the parameters are, and whether the input's shape is right.
    let shape = uri::shape(input);
    let located: Option<(&str, usize)> = match (mode, shape) {
        (ResponseMode::FormPost, Shape::Bare(b)) => Some((b, 0)),
        (ResponseMode::FormPost, _) => {
            assert_eq!(
                outcome.as_ref().err(),
                Some(&ResponseError::ResponseModeMismatch {
                    expected: ResponseMode::FormPost
                }),
                "form_post accepted a {shape:?}"
            );
            return;
        }
        (_, Shape::Fragment(f)) => Some((f, 1)),
        (_, Shape::Bare(b)) => Some((b, 0)),
        (_, Shape::Url(url)) => {
            let url_level = matches!(
                outcome,
                Err(ResponseError::NotARedirectUrl
                    | ResponseError::RedirectUriMismatch
                    | ResponseError::ResponseInQuery
                    | ResponseError::MissingResponse)
            );
            let (before, fragment) = match url.split_once('#') {
                Some((b, f)) => (b, Some(f)),
                None => (url, None),
            };
            if fragment.is_none() {
                assert!(url_level, "URL without fragment: {outcome:?} for {input:?}");
                return;
            }
            if url_level {
                if outcome.as_ref().err() == Some(&ResponseError::ResponseInQuery) {
                    let q = uri::endpoint(before).and_then(|e| e.query);
                    let named = q
                        .as_deref()
                        .and_then(|q| form::parse(q, 0).ok())
                        .is_some_and(|p| {
                            p.iter()
                                .any(|p| RESPONSE_PARAMETERS.contains(&p.name.as_str()))
                        });
                    assert!(named, "ResponseInQuery without one: {input:?}");
                }
                return;
            }
            // Past the URL checks: it must be the registered endpoint, with
            // no response parameter in its query.
            let got = uri::endpoint(before);
            let registered = uri::endpoint(REDIRECT_URI).expect("registered");
            let got = got.unwrap_or_else(|| panic!("accepted a non-URL {before:?}"));
            assert!(
                got.scheme == registered.scheme
                    && got.host == registered.host
                    && got.port == registered.port
                    && got.path == registered.path,
                "passed the redirect-URI check: {before:?}"
            );
            if let Some(Ok(q)) = got.query.as_deref().map(|q| form::parse(q, 0)) {
                assert!(
                    !q.iter()
                        .any(|p| RESPONSE_PARAMETERS.contains(&p.name.as_str())),
                    "response parameter in the query passed: {input:?}"
                );
            }
            Some((fragment.unwrap_or(""), before.len() + 1))
        }
    };
    let Some((part, base)) = located else { return };
    let expected = form::parse(part, base)
        .map_err(|e| Want::from(ResponseError::Malformed(e)))
        .and_then(|pairs| expected_outcome(&pairs, response_type, sends_iss).map(|()| pairs));
    match (&outcome, &expected) {
        (Ok(redirected), Ok(pairs)) => {
            let get = |n: &str| form::get(pairs, n);
            match redirected {
                Redirected::IdToken(u) => {
                    assert!(
                        response_type.has_id_token(),
                        "ID token for {response_type:?}"
                    );
                    assert_eq!(u.response_type(), response_type);
                }
                Redirected::OAuthOnly(a) => {
                    assert_eq!(response_type, ResponseType::Token, "OAuthOnly");
                    let at = a.access_token();
                    assert_eq!(Some(decoded(at.value()).as_str()), get("access_token"));
                    let expires = get("expires_in").and_then(|e| e.parse::<u64>().ok());
                    assert_eq!(
                        at.expires_at(),
                        expires.map(|e| UnixTime::from_secs(NOW).expect("now").saturating_add(e))
                    );
                    assert_eq!(
                        at.scope(),
                        get("scope").unwrap_or("openid"),
                        "granted scope"
                    );
                }
                _ => panic!("unknown outcome"),
            }
        }
        (Err(got), Err(want)) => assert!(
            same_outcome(got, want),
            "accept_redirect({input:?}, {response_type:?}, {mode:?}, iss {sends_iss}): got {got:?}, the documented order gives {want:?}"
        ),
        _ => panic!(
            "accept_redirect({input:?}, {response_type:?}, {mode:?}, iss {sends_iss}): got {outcome:?}, the documented order gives {:?}",
            expected.map(|_| ())
        ),
    }
}
