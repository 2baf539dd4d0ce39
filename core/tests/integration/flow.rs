//! The front half of the Implicit flow, end to end: configuration →
//! authorize URL → pending authorization (persisted and restored) → checked
//! redirect. Table-driven; the URL is decoded by an independent decoder
//! (`form_urlencoded`).

use std::collections::BTreeMap;

use oidc_implicit::{
    AuthorizeRequest, ClientConfig, DisplayMode, EntropyError, ErrorCode, PendingAuthorization,
    PendingError, Prompt, Redirected, RequestError, ResponseError, ResponseMode, ResponseParameter,
    ResponseType, UnixTime, redirect_state,
};
use proptest::prelude::*;

const ISSUER: &str = "https://op.example.test";
const CLIENT: &str = "client-abc";
const REDIRECT: &str = "https://app.example.test/cb";
const ENDPOINT: &str = "https://op.example.test/authorize";
const NOW: u64 = 1_700_000_000;

fn now() -> UnixTime {
    UnixTime::from_secs(NOW).unwrap_or_else(|| panic!("time"))
}

fn at(secs: u64) -> UnixTime {
    UnixTime::from_secs(secs).unwrap_or_else(|| panic!("time"))
}

fn entropy(seed: u8) -> [u8; 32] {
    core::array::from_fn(|i| seed.wrapping_mul(31).wrapping_add(i as u8).wrapping_mul(7))
}

fn config_with(
    f: impl FnOnce(
        oidc_implicit::ClientConfigBuilder<'static>,
    ) -> oidc_implicit::ClientConfigBuilder<'static>,
) -> ClientConfig {
    f(ClientConfig::builder(ISSUER, CLIENT, REDIRECT).authorization_endpoint(ENDPOINT))
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn config() -> ClientConfig {
    config_with(|b| b)
}

/// Decodes a URL's query with an independent decoder; fails on repeats.
fn query_params(url: &str) -> BTreeMap<String, String> {
    assert!(!url.contains('#'), "no fragment in {url}");
    let (_, query) = url
        .split_once('?')
        .unwrap_or_else(|| panic!("query in {url}"));
    let mut map = BTreeMap::new();
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        assert!(
            map.insert(k.to_string(), v.to_string()).is_none(),
            "{k} repeated in {url}"
        );
    }
    map
}

fn start(config: &ClientConfig, request: &AuthorizeRequest<'_>) -> (String, PendingAuthorization) {
    let (url, pending) = config
        .authorize(request, &entropy(1), now())
        .unwrap_or_else(|e| panic!("{e}"));
    (url.to_string(), pending)
}

#[test]
fn seed_okta_request_is_correct_and_names_redirect_uri_once() {
    // ../shared/seeds: client_id 0oabv6kx4qq6h1U5l0h7, response_type token (or
    // id_token), scope openid, redirect_uri https://example.com. The vendor's
    // example URL repeats `redirect_uri=`; ours must not.
    let config = ClientConfig::builder(
        "https://dev-1.okta.com/oauth2/default",
        "0oabv6kx4qq6h1U5l0h7",
        "https://example.com",
    )
    .authorization_endpoint("https://dev-1.okta.com/oauth2/default/v1/authorize")
    .build()
    .unwrap_or_else(|e| panic!("{e}"));
    for (response_type, with_nonce) in [(ResponseType::Token, false), (ResponseType::IdToken, true)]
    {
        let (url, pending) = start(
            &config,
            &AuthorizeRequest::new(response_type).scope("openid"),
        );
        assert!(
            url.starts_with("https://dev-1.okta.com/oauth2/default/v1/authorize?response_type="),
            "{url}"
        );
        assert_eq!(url.matches("redirect_uri=").count(), 1, "{url}");
        assert!(
            url.contains("&redirect_uri=https%3A%2F%2Fexample.com&"),
            "{url}"
        );
        let p = query_params(&url);
        assert_eq!(p["client_id"], "0oabv6kx4qq6h1U5l0h7");
        assert_eq!(p["response_type"], response_type.as_str());
        assert_eq!(p["scope"], "openid");
        assert_eq!(p["state"], pending.state());
        assert_eq!(p["state"].len(), 43);
        assert_eq!(p.contains_key("nonce"), with_nonce);
        assert!(
            !p.contains_key("response_mode"),
            "fragment is the default and is not sent"
        );
    }
}

#[test]
fn seed_okta_redirects_are_accepted() {
    // Seed 001: redirect_uri http://localhost, response
    // http://localhost/#access_token=eyJhb[...]erw&token_type=Bearer&expires_in=3600&scope=openid&state=state-296bc9a0-…
    let config = ClientConfig::builder(
        "https://your-Org.oktapreview.com/oauth2/default",
        "0oabv6kx4qq6h1U5l0h7",
        "http://localhost",
    )
    .authorization_endpoint("https://your-Org.oktapreview.com/oauth2/default/v1/authorize")
    .build()
    .unwrap_or_else(|e| panic!("{e}"));
    let state = "state-296bc9a0-a2a2-4a57-be1a-d0e2fd9bb601";
    let fragment = "access_token=eyJhb[...]erw&token_type=Bearer&expires_in=3600&scope=openid&state=state-296bc9a0-a2a2-4a57-be1a-d0e2fd9bb601";
    for input in [
        format!("http://localhost/#{fragment}"),
        format!("#{fragment}"),
        fragment.to_string(),
    ] {
        let pending = PendingAuthorization::dangerous_with_known_values(
            &config,
            ResponseType::Token,
            ResponseMode::Fragment,
            "openid",
            state,
            None,
            None,
            now(),
        )
        .unwrap_or_else(|| panic!("pending"));
        let result = pending
            .accept_redirect(&config, &input, now())
            .unwrap_or_else(|e| panic!("{input}: {e}"));
        let Redirected::OAuthOnly(access) = result else {
            panic!("token mode yields OAuth-only access")
        };
        let token = access.access_token();
        assert_eq!(token.value().as_plain(), Some("eyJhb[...]erw"));
        assert_eq!(token.token_type(), "Bearer");
        assert_eq!(token.expires_at(), Some(at(NOW + 3600)));
        assert_eq!(token.scope(), "openid");
    }
}

#[test]
fn authorize_options_are_encoded_once_each() {
    let config =
        config_with(|b| b.authorization_endpoint("https://op.example.test/authorize?tenant=a%20b"));
    let extra = [("idp", "0oa-idp"), ("sessionToken", "tok en&=")];
    let request = AuthorizeRequest::new(ResponseType::IdTokenToken)
        .response_mode(ResponseMode::FormPost)
        .scope("profile email")
        .prompt(Prompt::LOGIN.union(Prompt::CONSENT))
        .max_age(300)
        .login_hint("jane@example.com")
        .id_token_hint("eyJ.e30.sig")
        .ui_locales("fr-CA en")
        .acr_values("urn:mace:incommon:iap:silver")
        .display(DisplayMode::Popup)
        .extra(&extra);
    let (url, pending) = start(&config, &request);
    assert!(
        url.starts_with("https://op.example.test/authorize?tenant=a%20b&response_type="),
        "{url}"
    );
    let p = query_params(&url);
    let expected: &[(&str, &str)] = &[
        ("tenant", "a b"),
        ("response_type", "id_token token"),
        ("client_id", CLIENT),
        ("redirect_uri", REDIRECT),
        ("scope", "openid profile email"),
        ("response_mode", "form_post"),
        ("prompt", "login consent"),
        ("max_age", "300"),
        ("login_hint", "jane@example.com"),
        ("id_token_hint", "eyJ.e30.sig"),
        ("ui_locales", "fr-CA en"),
        ("acr_values", "urn:mace:incommon:iap:silver"),
        ("display", "popup"),
        ("idp", "0oa-idp"),
        ("sessionToken", "tok en&="),
    ];
    for (k, v) in expected {
        assert_eq!(p.get(*k).map(String::as_str), Some(*v), "{k}");
    }
    assert_eq!(p.len(), expected.len() + 2, "plus state and nonce: {p:?}");
    assert_eq!(p["state"], pending.state());
    assert_ne!(p["state"], p["nonce"]);
    assert_eq!(pending.scope(), "openid profile email");
    assert_eq!(pending.max_age(), Some(300));
    assert_eq!(pending.response_mode(), ResponseMode::FormPost);
    assert_eq!(pending.expires_at(), at(NOW + 600));
}

#[test]
fn each_request_gets_fresh_state_and_nonce() {
    let config = config();
    let request = AuthorizeRequest::new(ResponseType::IdToken);
    let mut seen = std::collections::HashSet::new();
    for seed in 0..50u8 {
        let (url, _) = config
            .authorize(&request, &entropy(seed), now())
            .unwrap_or_else(|e| panic!("{e}"));
        let p = query_params(&url.to_string());
        assert!(seen.insert(p["state"].clone()));
        assert!(seen.insert(p["nonce"].clone()));
    }
}

#[test]
fn authorize_refusals() {
    let config = config_with(|b| {
        b.authorization_endpoint("https://op.example.test/authorize?tenant=a&flag")
    });
    let many: Vec<(&str, &str)> = [
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q",
    ]
    .iter()
    .map(|n| (*n, "v"))
    .collect();
    let base = AuthorizeRequest::new(ResponseType::IdToken);
    let good = entropy(1);
    let cases: Vec<(AuthorizeRequest<'_>, &[u8], RequestError)> = vec![
        (
            base,
            &[9u8; 31],
            RequestError::Entropy(EntropyError::TooShort { len: 31, min: 32 }),
        ),
        (
            base,
            &[0u8; 32],
            RequestError::Entropy(EntropyError::Degenerate),
        ),
        (
            base.prompt(Prompt::NONE.union(Prompt::LOGIN)),
            &good,
            RequestError::PromptNoneCombined,
        ),
        (
            base.max_age(u64::MAX),
            &good,
            RequestError::MaxAgeTooLarge {
                secs: u64::MAX,
                max: 315_360_000,
            },
        ),
        (
            base.extra(&[("state", "x")]),
            &good,
            RequestError::ReservedExtraParameter { index: 0 },
        ),
        (
            base.extra(&[("idp", "x"), ("nonce", "x")]),
            &good,
            RequestError::ReservedExtraParameter { index: 1 },
        ),
        (
            base.extra(&[("tenant", "b")]),
            &good,
            RequestError::ReservedExtraParameter { index: 0 },
        ),
        // Found by the authorize_roundtrip fuzz target: a valueless piece of
        // the endpoint's query is a parameter name too.
        (
            base.extra(&[("idp", "x"), ("flag", "y")]),
            &good,
            RequestError::ReservedExtraParameter { index: 1 },
        ),
        (
            base.extra(&[("idp", "x"), ("idp", "y")]),
            &good,
            RequestError::RepeatedExtraParameter { index: 1 },
        ),
        (
            base.extra(&[("", "x")]),
            &good,
            RequestError::EmptyExtraParameterName { index: 0 },
        ),
        (
            base.extra(&many),
            &good,
            RequestError::TooManyExtraParameters { limit: 16 },
        ),
        (
            base.login_hint(""),
            &good,
            RequestError::InvalidOptionValue { name: "login_hint" },
        ),
        (
            base.scope("openid\tprofile"),
            &good,
            RequestError::InvalidScope(oidc_implicit::ScopeError::InvalidCharacter { offset: 6 }),
        ),
    ];
    for (i, (request, entropy, expected)) in cases.iter().enumerate() {
        assert_eq!(
            config.authorize(request, entropy, now()).err(),
            Some(*expected),
            "case {i}"
        );
    }
}

#[test]
fn url_buffer_too_small_reports_needed_size() {
    let config = config();
    let (url, _) = config
        .authorize(
            &AuthorizeRequest::new(ResponseType::IdToken),
            &entropy(1),
            now(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let needed = url.len();
    let mut small = vec![0u8; needed - 1];
    assert_eq!(
        url.write_to_slice(&mut small),
        Err(RequestError::BufferTooSmall { needed })
    );
    let mut exact = vec![0u8; needed];
    assert_eq!(url.write_to_slice(&mut exact).map(str::len), Ok(needed));
    assert_eq!(
        url.to_heapless::<64>().err(),
        Some(RequestError::BufferTooSmall { needed })
    );
    assert_eq!(
        url.to_heapless::<1024>().map(|s| s.to_string()),
        Ok(url.to_string())
    );
}

// ---------------------------------------------------------------- pending

fn sample_pending() -> PendingAuthorization {
    let config = config();
    let request = AuthorizeRequest::new(ResponseType::IdTokenToken)
        .scope("openid email")
        .max_age(120)
        .require_acr("urn:acr:gold");
    start(&config, &request).1
}

fn serialize(pending: &PendingAuthorization) -> String {
    let mut s = String::new();
    pending
        .write_serialized(&mut s)
        .unwrap_or_else(|e| panic!("{e}"));
    s
}

#[test]
fn pending_round_trips() {
    let pending = sample_pending();
    let text = serialize(&pending);
    assert_eq!(text.len(), pending.serialized_len());
    assert!(text.starts_with("oidc-implicit-pending=1&"), "{text}");
    let back = PendingAuthorization::deserialize(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, pending);
    assert_eq!(serialize(&back), text);
    let mut buf = vec![0u8; text.len()];
    assert_eq!(pending.serialize_into(&mut buf), Ok(text.as_str()));
    let mut small = vec![0u8; text.len() - 1];
    assert_eq!(
        pending.serialize_into(&mut small),
        Err(PendingError::BufferTooSmall { needed: text.len() })
    );
    // Debug never shows the secrets.
    let debug = format!("{pending:?}");
    assert!(!debug.contains(pending.state()), "{debug}");
}

#[test]
fn pending_refuses_truncated_altered_and_foreign_text() {
    let text = serialize(&sample_pending());
    for cut in 0..text.len() {
        let truncated = &text[..cut];
        assert!(
            PendingAuthorization::deserialize(truncated).is_err(),
            "accepted truncation at {cut}"
        );
    }
    for i in 0..text.len() {
        let mut bytes = text.clone().into_bytes();
        bytes[i] = if bytes[i] == b'x' { b'y' } else { b'x' };
        if let Ok(altered) = String::from_utf8(bytes) {
            assert!(
                PendingAuthorization::deserialize(&altered).is_err(),
                "accepted alteration at {i}: {altered}"
            );
        }
    }
    let cases: &[(&str, PendingError)] = &[
        ("", PendingError::Foreign),
        ("hello", PendingError::Foreign),
        (
            "oidc-implicit-pending=2&rt=i",
            PendingError::UnsupportedVersion,
        ),
        ("oidc-implicit-pending=1&rt=i", PendingError::Truncated),
        (
            "oidc-implicit-pending=1&rt=i&check=AAAAAAAAAAAAAAAAAAAAAA",
            PendingError::ChecksumMismatch,
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(
            PendingAuthorization::deserialize(text).err(),
            Some(*expected),
            "{text}"
        );
    }
    let huge = "a".repeat(20_000);
    assert!(matches!(
        PendingAuthorization::deserialize(&huge),
        Err(PendingError::TooLong { .. })
    ));
}

// ---------------------------------------------------------------- redirect

/// What a redirect should give.
#[derive(Debug)]
enum Expect {
    IdToken,
    Error(ResponseError),
    OAuthError(ErrorCode),
}

fn check(
    config: &ClientConfig,
    response_type: ResponseType,
    mode: ResponseMode,
    make: impl Fn(&str) -> String,
    at_time: u64,
) -> Result<Redirected<'static>, ResponseError> {
    let (_, pending) = config
        .authorize(
            &AuthorizeRequest::new(response_type).response_mode(mode),
            &entropy(3),
            now(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let input: &'static str = Box::leak(make(pending.state()).into_boxed_str());
    pending.accept_redirect(config, input, at(at_time))
}

#[test]
fn redirect_checks() {
    use ResponseError as E;
    use ResponseParameter as P;
    let plain = config();
    let strict_iss = config_with(|b| b.provider_sends_iss(true));
    let it = ResponseType::IdTokenToken;
    let i = ResponseType::IdToken;
    let frag = ResponseMode::Fragment;
    type Make = Box<dyn Fn(&str) -> String>;
    let f = |s: &'static str| -> Make { Box::new(move |state: &str| s.replace("{S}", state)) };
    let cases: Vec<(&str, &ClientConfig, ResponseType, Make, u64, Expect)> = vec![
        (
            "id_token ok",
            &plain,
            i,
            f("https://app.example.test/cb#id_token=h.p.s&state={S}"),
            NOW,
            Expect::IdToken,
        ),
        (
            "id_token token ok",
            &plain,
            it,
            f("#access_token=at&token_type=Bearer&id_token=h.p.s&state={S}"),
            NOW,
            Expect::IdToken,
        ),
        (
            "token_type case-insensitive",
            &plain,
            it,
            f("access_token=at&token_type=bEaReR&id_token=h.p.s&state={S}"),
            NOW,
            Expect::IdToken,
        ),
        (
            "token_type percent-encoded, case-insensitive",
            &plain,
            it,
            f("access_token=at&token_type=b%45aR%65r&id_token=h.p.s&state={S}"),
            NOW,
            Expect::IdToken,
        ),
        (
            "iss equal",
            &strict_iss,
            i,
            f("id_token=h.p.s&state={S}&iss=https%3A%2F%2Fop.example.test"),
            NOW,
            Expect::IdToken,
        ),
        (
            "unknown params ignored",
            &plain,
            i,
            f("id_token=h.p.s&state={S}&session_state=x&foo"),
            NOW,
            Expect::IdToken,
        ),
        (
            "iss differs",
            &plain,
            i,
            f("id_token=h.p.s&state={S}&iss=https%3A%2F%2Fevil.test"),
            NOW,
            Expect::Error(E::IssuerMismatch),
        ),
        (
            "iss trailing slash differs",
            &plain,
            i,
            f("id_token=h.p.s&state={S}&iss=https%3A%2F%2Fop.example.test%2F"),
            NOW,
            Expect::Error(E::IssuerMismatch),
        ),
        (
            "iss left out of an ID-token response: the token's iss claim decides",
            &strict_iss,
            i,
            f("id_token=h.p.s&state={S}"),
            NOW,
            Expect::IdToken,
        ),
        (
            "iss missing from an error response although promised",
            &strict_iss,
            i,
            f("error=access_denied&state={S}"),
            NOW,
            Expect::Error(E::MissingIssuer),
        ),
        (
            "iss missing from a plain token response although promised",
            &strict_iss,
            ResponseType::Token,
            f("access_token=at&token_type=Bearer&state={S}"),
            NOW,
            Expect::Error(E::MissingIssuer),
        ),
        (
            "iss checked before state",
            &plain,
            i,
            f("id_token=h.p.s&state=wrong&iss=x"),
            NOW,
            Expect::Error(E::IssuerMismatch),
        ),
        (
            "state missing",
            &plain,
            i,
            f("id_token=h.p.s"),
            NOW,
            Expect::Error(E::MissingState),
        ),
        (
            "state empty = absent",
            &plain,
            i,
            f("id_token=h.p.s&state="),
            NOW,
            Expect::Error(E::MissingState),
        ),
        (
            "state differs",
            &plain,
            i,
            f("id_token=h.p.s&state={S}x"),
            NOW,
            Expect::Error(E::StateMismatch),
        ),
        (
            "error after state",
            &plain,
            i,
            f("error=access_denied&error_description=User+said+no&state={S}"),
            NOW,
            Expect::OAuthError(ErrorCode::AccessDenied),
        ),
        (
            "login_required",
            &plain,
            i,
            f("error=login_required&state={S}"),
            NOW,
            Expect::OAuthError(ErrorCode::LoginRequired),
        ),
        (
            "unregistered error code",
            &plain,
            i,
            f("error=weird_thing&state={S}"),
            NOW,
            Expect::OAuthError(ErrorCode::Other),
        ),
        (
            "error with wrong state",
            &plain,
            i,
            f("error=access_denied&state=nope"),
            NOW,
            Expect::Error(E::StateMismatch),
        ),
        (
            "error without state",
            &plain,
            i,
            f("error=access_denied"),
            NOW,
            Expect::Error(E::MissingState),
        ),
        (
            "error code with quote",
            &plain,
            i,
            f("error=a%22b&state={S}"),
            NOW,
            Expect::Error(E::MalformedErrorResponse),
        ),
        (
            "repeated state",
            &plain,
            i,
            f("id_token=h.p.s&state={S}&state={S}"),
            NOW,
            Expect::Error(E::Malformed(oidc_implicit::FormError::Repeated {
                offset: 65,
            })),
        ),
        (
            "id_token missing",
            &plain,
            i,
            f("state={S}"),
            NOW,
            Expect::Error(E::MissingParameter(P::IdToken)),
        ),
        (
            "unrequested access token",
            &plain,
            i,
            f("id_token=h.p.s&access_token=at&token_type=Bearer&state={S}"),
            NOW,
            Expect::Error(E::UnexpectedParameter(P::AccessToken)),
        ),
        (
            "code is never implicit",
            &plain,
            i,
            f("id_token=h.p.s&code=c&state={S}"),
            NOW,
            Expect::Error(E::UnexpectedParameter(P::Code)),
        ),
        (
            "access token missing",
            &plain,
            it,
            f("token_type=Bearer&id_token=h.p.s&state={S}"),
            NOW,
            Expect::Error(E::MissingParameter(P::AccessToken)),
        ),
        (
            "token_type missing",
            &plain,
            it,
            f("access_token=at&id_token=h.p.s&state={S}"),
            NOW,
            Expect::Error(E::MissingParameter(P::TokenType)),
        ),
        (
            "token_type mac",
            &plain,
            it,
            f("access_token=at&token_type=mac&id_token=h.p.s&state={S}"),
            NOW,
            Expect::Error(E::UnsupportedTokenType),
        ),
        (
            "token_type percent-encoded, longer than Bearer",
            &plain,
            it,
            f("access_token=at&token_type=Bear%65rs&id_token=h.p.s&state={S}"),
            NOW,
            Expect::Error(E::UnsupportedTokenType),
        ),
        (
            "token_type plain, a prefix of Bearer",
            &plain,
            it,
            f("access_token=at&token_type=Beare&id_token=h.p.s&state={S}"),
            NOW,
            Expect::Error(E::UnsupportedTokenType),
        ),
        (
            "access token control char",
            &plain,
            it,
            f("access_token=a%0Ab&token_type=Bearer&id_token=h.p.s&state={S}"),
            NOW,
            Expect::Error(E::InvalidAccessToken),
        ),
        // The unescaped path checks raw bytes (SIMD); each kind of byte
        // outside VSCHAR, early, and late in a token longer than a vector.
        (
            "access token raw control char",
            &plain,
            it,
            f("access_token=a\u{1}b&token_type=Bearer&id_token=h.p.s&state={S}"),
            NOW,
            Expect::Error(E::InvalidAccessToken),
        ),
        (
            "access token raw DEL at the end of a long token",
            &plain,
            it,
            f(
                "access_token=eyJhbGciOiJSUzI1NiJ9eyJhbGciOiJSUzI1NiJ9eyJhbGciOiJSUzI1NiJ9\u{7f}&token_type=Bearer&id_token=h.p.s&state={S}",
            ),
            NOW,
            Expect::Error(E::InvalidAccessToken),
        ),
        (
            "access token raw non-ASCII",
            &plain,
            it,
            f("access_token=caf\u{e9}&token_type=Bearer&id_token=h.p.s&state={S}"),
            NOW,
            Expect::Error(E::InvalidAccessToken),
        ),
        (
            "access token escaped DEL",
            &plain,
            it,
            f("access_token=a%7Fb&token_type=Bearer&id_token=h.p.s&state={S}"),
            NOW,
            Expect::Error(E::InvalidAccessToken),
        ),
        (
            "expires_in fraction",
            &plain,
            it,
            f("access_token=at&token_type=Bearer&expires_in=1.5&id_token=h.p.s&state={S}"),
            NOW,
            Expect::Error(E::InvalidExpiresIn),
        ),
        (
            "expires_in negative",
            &plain,
            it,
            f("access_token=at&token_type=Bearer&expires_in=-1&id_token=h.p.s&state={S}"),
            NOW,
            Expect::Error(E::InvalidExpiresIn),
        ),
        (
            "scope invalid",
            &plain,
            it,
            f("access_token=at&token_type=Bearer&scope=a%09b&id_token=h.p.s&state={S}"),
            NOW,
            Expect::Error(E::InvalidScope),
        ),
        (
            "pending expired",
            &plain,
            i,
            f("id_token=h.p.s&state={S}"),
            NOW + 601,
            Expect::Error(E::PendingExpired {
                expires_at: at(NOW + 600),
                now: at(NOW + 601),
            }),
        ),
        (
            "pending at its last second",
            &plain,
            i,
            f("id_token=h.p.s&state={S}"),
            NOW + 600,
            Expect::IdToken,
        ),
        (
            "tokens in the query",
            &plain,
            i,
            f("https://app.example.test/cb?id_token=h.p.s&state={S}"),
            NOW,
            Expect::Error(E::ResponseInQuery),
        ),
        (
            "other redirect uri",
            &plain,
            i,
            f("https://app.example.test/other#id_token=h.p.s&state={S}"),
            NOW,
            Expect::Error(E::RedirectUriMismatch),
        ),
        (
            "too long",
            &plain,
            i,
            Box::new(|_| "a=".to_string() + &"b".repeat(40_000)),
            NOW,
            Expect::Error(E::TooLong {
                len: 40_002,
                max: 36_864,
            }),
        ),
    ];
    for (name, config, response_type, make, time, expected) in cases {
        let got = check(config, response_type, frag, make, time);
        match (&expected, got) {
            (Expect::IdToken, Ok(Redirected::IdToken(u))) => {
                assert_eq!(u.response_type(), response_type, "{name}")
            }
            (Expect::Error(e), Err(got)) => assert_eq!(&got, e, "{name}"),
            (Expect::OAuthError(code), Err(ResponseError::Authorization(err))) => {
                assert_eq!(err.code(), *code, "{name}");
                assert!(!err.code_text().is_empty(), "{name}");
            }
            (expected, got) => panic!("{name}: expected {expected:?}, got {got:?}"),
        }
    }
}

#[test]
fn error_response_details_survive() {
    let config = config();
    let got = check(
        &config,
        ResponseType::IdToken,
        ResponseMode::Fragment,
        |s| {
            format!(
                "error=access_denied&error_description=User+said+%22no%22%0A&error_uri=https%3A%2F%2Fop%2Fe&state={s}"
            )
        },
        NOW,
    );
    let Err(ResponseError::Authorization(err)) = got else {
        panic!("{got:?}")
    };
    assert_eq!(err.description(), Some("User said \"no\"\u{FFFD}"));
    assert_eq!(err.uri(), Some("https://op/e"));
    assert_eq!(err.code_text(), "access_denied");
    assert!(!err.code().needs_interaction());
    assert_eq!(
        err.to_string(),
        "authorization server returned `access_denied`: User said \"no\"\u{FFFD}"
    );
}

#[test]
fn form_post_body_is_accepted_and_fragment_refused() {
    let config = config();
    let ok = check(
        &config,
        ResponseType::IdToken,
        ResponseMode::FormPost,
        |s| format!("id_token=h.p.s&state={s}"),
        NOW,
    );
    assert!(matches!(ok, Ok(Redirected::IdToken(_))), "{ok:?}");
    let bad = check(
        &config,
        ResponseType::IdToken,
        ResponseMode::FormPost,
        |s| format!("https://app.example.test/cb#id_token=h.p.s&state={s}"),
        NOW,
    );
    assert_eq!(
        bad.err(),
        Some(ResponseError::ResponseModeMismatch {
            expected: ResponseMode::FormPost
        })
    );
}

#[test]
fn scope_defaults_to_the_request_and_expiry_is_absolute() {
    let config = config();
    let got = check(
        &config,
        ResponseType::IdTokenToken,
        ResponseMode::Fragment,
        |s| format!("access_token=at&token_type=Bearer&expires_in=3600&id_token=h.p.s&state={s}"),
        NOW,
    );
    let Ok(Redirected::IdToken(_)) = got else {
        panic!("{got:?}")
    };
    let got = check(
        &config,
        ResponseType::Token,
        ResponseMode::Fragment,
        |s| {
            format!(
                "access_token=a%2Bb&token_type=Bearer&expires_in=60&scope=openid+email&state={s}"
            )
        },
        NOW,
    );
    let Ok(Redirected::OAuthOnly(access)) = got else {
        panic!("{got:?}")
    };
    let token = access.access_token();
    assert_eq!(token.scope(), "openid email");
    assert_eq!(token.expires_at(), Some(at(NOW + 60)));
    let mut buf = [0u8; 8];
    assert_eq!(token.value().decode_into(&mut buf), Ok("a+b"));
    let got = check(
        &config,
        ResponseType::Token,
        ResponseMode::Fragment,
        |s| format!("access_token=at&token_type=Bearer&state={s}"),
        NOW,
    );
    let Ok(Redirected::OAuthOnly(access)) = got else {
        panic!("{got:?}")
    };
    assert_eq!(access.access_token().scope(), "openid");
    assert_eq!(access.access_token().expires_at(), None);
    let got = check(
        &config,
        ResponseType::Token,
        ResponseMode::Fragment,
        |s| format!("access_token=at&token_type=Bearer&id_token=x&state={s}"),
        NOW,
    );
    assert_eq!(
        got.err(),
        Some(ResponseError::UnexpectedParameter(
            ResponseParameter::IdToken
        ))
    );
}

#[test]
fn pending_from_another_client_is_refused() {
    let a = config();
    let b = ClientConfig::builder(ISSUER, "other-client", REDIRECT)
        .authorization_endpoint(ENDPOINT)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let (_, pending) = a
        .authorize(
            &AuthorizeRequest::new(ResponseType::IdToken),
            &entropy(1),
            now(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let input = format!("id_token=h.p.s&state={}", pending.state());
    assert_eq!(
        pending.accept_redirect(&b, &input, now()).err(),
        Some(ResponseError::PendingForAnotherClient)
    );
}

#[test]
fn several_pending_authorizations_are_told_apart_by_state() {
    let config = config();
    let pendings: Vec<PendingAuthorization> = (0..3u8)
        .map(|seed| {
            config
                .authorize(
                    &AuthorizeRequest::new(ResponseType::IdToken),
                    &entropy(seed + 10),
                    now(),
                )
                .unwrap_or_else(|e| panic!("{e}"))
                .1
        })
        .collect();
    let wanted = pendings[1].state().to_string();
    let redirect = format!("https://app.example.test/cb#id_token=h.p.s&state={wanted}");
    let state = redirect_state(&redirect)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("state"));
    let found: Vec<&PendingAuthorization> = pendings
        .iter()
        .filter(|p| p.matches_state(&state))
        .collect();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].state(), wanted);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    #[test]
    fn redirect_parsing_never_panics(input in ".{0,300}", suffix in "[a-z_=&%+#?:/.0-9A-F]{0,80}") {
        let config = config();
        for response_type in [ResponseType::IdToken, ResponseType::IdTokenToken, ResponseType::Token] {
            for mode in [ResponseMode::Fragment, ResponseMode::FormPost] {
                let (_, pending) = config.authorize(&AuthorizeRequest::new(response_type).response_mode(mode), &entropy(5), now()).unwrap_or_else(|e| panic!("{e}"));
                let text = format!("{input}{suffix}");
                let _ = pending.accept_redirect(&config, &text, now());
            }
        }
        let _ = redirect_state(&input);
    }

    #[test]
    fn pending_decoding_never_panics(input in ".{0,400}", tail in "[a-z_=&%0-9]{0,60}") {
        let _ = PendingAuthorization::deserialize(&input);
        let _ = PendingAuthorization::deserialize(&format!("oidc-implicit-pending=1&{input}{tail}"));
    }

    #[test]
    fn authorize_round_trips_through_an_independent_decoder(
        scope in "[a-z]{1,8}( [a-z:/]{1,8}){0,3}",
        login_hint in "\\PC{1,30}",
        ui_locales in "[a-zA-Z -]{1,20}",
        extra_value in "\\PC{0,30}",
        max_age in proptest::option::of(0u64..1_000_000),
        form_post in any::<bool>(),
        seed in any::<u8>(),
    ) {
        let config = config();
        let extra = [("idp", extra_value.as_str())];
        let mut request = AuthorizeRequest::new(ResponseType::IdTokenToken).scope(&scope).login_hint(&login_hint).ui_locales(&ui_locales).extra(&extra);
        if let Some(m) = max_age { request = request.max_age(m); }
        if form_post { request = request.response_mode(ResponseMode::FormPost); }
        let (url, pending) = config.authorize(&request, &entropy(seed), now()).unwrap_or_else(|e| panic!("{e}"));
        let url = url.to_string();
        let p = query_params(&url);
        let want_scope = if scope.split(' ').any(|t| t == "openid") { scope.clone() } else { format!("openid {scope}") };
        prop_assert_eq!(&p["scope"], &want_scope);
        prop_assert_eq!(&p["login_hint"], &login_hint);
        prop_assert_eq!(&p["ui_locales"], &ui_locales);
        prop_assert_eq!(&p["idp"], &extra_value);
        prop_assert_eq!(p.get("max_age").cloned(), max_age.map(|m| m.to_string()));
        prop_assert_eq!(p.get("response_mode").map(String::as_str), form_post.then_some("form_post"));
        prop_assert_eq!(&p["state"], pending.state());
        let text = serialize(&pending);
        let back = PendingAuthorization::deserialize(&text);
        prop_assert!(back.as_ref().is_ok_and(|b| *b == pending), "{:?}", back);
    }
}
