//! Structure-aware: random request options → `ClientConfig::authorize` →
//! the URL, decoded with an independent decoder (the WHATWG
//! `form_urlencoded` crate).
//!
//! Oracles, for every URL the library writes: the endpoint (with its own
//! query) comes first, then exactly the parameters the options ask for, in
//! order, each decoding to the input value; no name repeated; no fragment;
//! everything the library appends is strictly percent-encoded; the length
//! helpers agree with the text; the same entropy gives the same URL; and
//! the pending authorization holds the same values and survives
//! serialize → deserialize. A refusal must name a real fault of the options.
#![no_main]

use arbitrary::Arbitrary;
use fuzz_support::form::is_strictly_percent_encoded;
use libfuzzer_sys::fuzz_target;
use oidc_implicit::limits::{MAX_ENTROPY_LEN, MAX_EXTRA_PARAMS, MAX_MAX_AGE_SECS, SECRET_LEN};
use oidc_implicit::{
    AuthorizeRequest, ClientConfig, DisplayMode, EntropyError, PendingAuthorization, Prompt,
    RequestError, ResponseMode, ResponseType, UnixTime,
};

const ISSUER: &str = "https://op.example.test";
const ENDPOINTS: [&str; 6] = [
    "https://op.example.test/authorize",
    "https://op.example.test/authorize?",
    "https://op.example.test/authorize?tenant=a%20b",
    "https://op.example.test/authorize?tenant=x&",
    "https://op.example.test/authorize?flag",
    "http://127.0.0.1:8080/authorize",
];
const REDIRECTS: [&str; 4] = [
    "https://app.example.test/cb",
    "https://app.example.test/cb?x=1&y",
    "com.example.app:/oauth2redirect",
    "http://127.0.0.1:49152/cb",
];
/// Names the library writes itself (protocol parameters).
const PROTOCOL: [&str; 20] = [
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "response_mode",
    "prompt",
    "max_age",
    "login_hint",
    "id_token_hint",
    "ui_locales",
    "acr_values",
    "display",
    "claims",
    "request",
    "request_uri",
    "registration",
    "code_challenge",
    "code_challenge_method",
];

#[derive(Arbitrary, Debug)]
struct Options {
    response_type: u8,
    form_post: bool,
    scope: Option<String>,
    default_scope: Option<String>,
    prompt: u8,
    max_age: Option<u64>,
    login_hint: Option<String>,
    id_token_hint: Option<String>,
    ui_locales: Option<String>,
    acr: Option<(bool, String)>,
    display: Option<u8>,
    extra: Vec<(String, String)>,
    endpoint: u8,
    /// Appended to the endpoint's query when `Some`.
    endpoint_query: Option<String>,
    redirect: u8,
    client_id: Option<String>,
    entropy: [u8; 32],
    more_entropy: Vec<u8>,
    now: u32,
}

fn decode_query(q: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(q.as_bytes())
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect()
}

fuzz_target!(|o: Options| {
    let mut endpoint = ENDPOINTS[usize::from(o.endpoint) % ENDPOINTS.len()].to_owned();
    if let Some(q) = &o.endpoint_query {
        if !endpoint.contains('?') {
            endpoint.push('?');
        }
        endpoint.push_str(q);
    }
    let redirect = REDIRECTS[usize::from(o.redirect) % REDIRECTS.len()];
    let client_id = o.client_id.as_deref().unwrap_or("client-abc");
    let mut builder =
        ClientConfig::builder(ISSUER, client_id, redirect).authorization_endpoint(&endpoint);
    if let Some(s) = &o.default_scope {
        builder = builder.default_scope(s);
    }
    let Ok(config) = builder.build() else { return };

    let response_type = [
        ResponseType::IdToken,
        ResponseType::IdTokenToken,
        ResponseType::Token,
    ][usize::from(o.response_type % 3)];
    let mut request = AuthorizeRequest::new(response_type);
    if o.form_post {
        request = request.response_mode(ResponseMode::FormPost);
    }
    if let Some(s) = &o.scope {
        request = request.scope(s);
    }
    let prompt = [
        Prompt::NONE,
        Prompt::LOGIN,
        Prompt::CONSENT,
        Prompt::SELECT_ACCOUNT,
    ]
    .iter()
    .enumerate()
    .filter(|(i, _)| o.prompt & (1 << i) != 0)
    .fold(Prompt::EMPTY, |p, (_, f)| p.union(*f));
    request = request.prompt(prompt);
    if let Some(m) = o.max_age {
        request = request.max_age(m);
    }
    if let Some(h) = &o.login_hint {
        request = request.login_hint(h);
    }
    if let Some(h) = &o.id_token_hint {
        request = request.id_token_hint(h);
    }
    if let Some(l) = &o.ui_locales {
        request = request.ui_locales(l);
    }
    if let Some((required, values)) = &o.acr {
        request = if *required {
            request.require_acr(values)
        } else {
            request.acr_values(values)
        };
    }
    let display = o.display.map(|d| {
        [
            DisplayMode::Page,
            DisplayMode::Popup,
            DisplayMode::Touch,
            DisplayMode::Wap,
        ][usize::from(d % 4)]
    });
    if let Some(d) = display {
        request = request.display(d);
    }
    let extra: Vec<(&str, &str)> = o
        .extra
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    request = request.extra(&extra);

    let mut entropy = o.entropy.to_vec();
    entropy.extend_from_slice(&o.more_entropy);
    let Some(now) = UnixTime::from_secs(u64::from(o.now)) else {
        return;
    };

    let endpoint_params = decode_query(endpoint.split_once('?').map_or("", |(_, q)| q));
    let (url, pending) = match config.authorize(&request, &entropy, now) {
        Ok(r) => r,
        Err(e) => {
            justify(&e, &o, prompt, &extra, &endpoint_params);
            return;
        }
    };

    // Length helpers and the three ways of writing agree.
    let text = url.to_string();
    assert_eq!(url.len(), text.len(), "len()");
    let mut buf = vec![0u8; text.len()];
    assert_eq!(
        url.write_to_slice(&mut buf).ok(),
        Some(text.as_str()),
        "write_to_slice"
    );
    let mut short = vec![0u8; text.len() - 1];
    assert_eq!(
        url.write_to_slice(&mut short).err(),
        Some(RequestError::BufferTooSmall { needed: text.len() }),
        "write_to_slice on a short buffer"
    );
    if let Ok(h) = url.to_heapless::<8192>() {
        assert_eq!(h.as_str(), text, "to_heapless");
    }

    // Endpoint first, no fragment, appended part strictly encoded.
    assert!(
        text.starts_with(&endpoint),
        "URL does not start with the endpoint: {text}"
    );
    assert!(!text.contains('#'), "URL has a fragment: {text}");
    let appended = text[endpoint.len()..].trim_start_matches(['?', '&']);
    assert!(
        is_strictly_percent_encoded(&appended.replace(['&', '='], "")),
        "appended query not strictly percent-encoded: {appended}"
    );
    let query = text.split_once('?').map_or("", |(_, q)| q);
    let got = decode_query(query);

    // The expected parameters, in the documented order.
    let requested = o.scope.as_deref().unwrap_or_else(|| config.default_scope());
    let scope = if response_type.has_id_token() && !requested.split(' ').any(|t| t == "openid") {
        format!("openid {requested}")
    } else {
        requested.to_owned()
    };
    let mut want: Vec<(String, String)> = endpoint_params.clone();
    let mut push = |n: &str, v: &str| want.push((n.to_owned(), v.to_owned()));
    push("response_type", response_type.as_str());
    push("client_id", client_id);
    push("redirect_uri", redirect);
    push("scope", &scope);
    push("state", pending.state());
    let nonce = got
        .iter()
        .find(|(n, _)| n == "nonce")
        .map(|(_, v)| v.clone());
    if response_type.has_id_token() {
        let nonce = nonce.clone().unwrap_or_default();
        assert_eq!(nonce.len(), SECRET_LEN, "nonce length");
        assert_ne!(nonce, pending.state(), "nonce equals state");
        push("nonce", &nonce);
    } else {
        assert!(nonce.is_none(), "nonce sent for {response_type:?}");
    }
    if o.form_post {
        push("response_mode", "form_post");
    }
    let names: Vec<&str> = ["none", "login", "consent", "select_account"]
        .iter()
        .enumerate()
        .filter(|(i, _)| o.prompt & (1 << i) != 0)
        .map(|(_, n)| *n)
        .collect();
    if !names.is_empty() {
        push("prompt", &names.join(" "));
    }
    if let Some(m) = o.max_age {
        push("max_age", &m.to_string());
    }
    for (n, v) in [
        ("login_hint", o.login_hint.as_deref()),
        ("id_token_hint", o.id_token_hint.as_deref()),
        ("ui_locales", o.ui_locales.as_deref()),
        ("acr_values", o.acr.as_ref().map(|(_, v)| v.as_str())),
        ("display", display.map(|d| d.as_str())),
    ] {
        if let Some(v) = v {
            push(n, v);
        }
    }
    for (n, v) in &extra {
        push(n, v);
    }
    assert_eq!(got, want, "decoded parameters of {text}");
    for (i, (n, _)) in got.iter().enumerate() {
        assert!(
            !got[..i].iter().any(|(m, _)| m == n),
            "parameter {n:?} repeated in {text}"
        );
    }
    let state = pending.state();
    assert_eq!(state.len(), SECRET_LEN, "state length");
    assert!(
        state.bytes().all(fuzz_support::form::is_unreserved),
        "state characters"
    );

    // Deterministic in its inputs.
    let (url2, pending2) = config
        .authorize(&request, &entropy, now)
        .expect("second authorize");
    assert_eq!(url2.to_string(), text, "same entropy, different URL");
    assert_eq!(
        pending2, pending,
        "same entropy, different pending authorization"
    );

    // The pending authorization holds what was sent and survives a round trip.
    assert_eq!(pending.response_type(), response_type);
    assert_eq!(
        pending.response_mode(),
        if o.form_post {
            ResponseMode::FormPost
        } else {
            ResponseMode::Fragment
        }
    );
    assert_eq!(pending.scope(), scope);
    assert_eq!(pending.redirect_uri(), redirect);
    assert_eq!(pending.issuer(), ISSUER);
    assert_eq!(pending.client_id(), client_id);
    assert_eq!(pending.max_age(), o.max_age);
    assert_eq!(pending.created_at(), now);
    assert_eq!(
        pending.expires_at(),
        now.saturating_add(config.pending_lifetime_secs())
    );
    let stored = pending.serialize();
    let restored = PendingAuthorization::deserialize(&stored)
        .unwrap_or_else(|e| panic!("own serialization refused: {e:?}: {stored}"));
    assert_eq!(restored, pending, "pending round trip");
});

/// A refusal must point at a real fault of the options.
fn justify(
    e: &RequestError,
    o: &Options,
    prompt: Prompt,
    extra: &[(&str, &str)],
    endpoint_params: &[(String, String)],
) {
    match *e {
        RequestError::PromptNoneCombined => {
            assert!(
                prompt.contains(Prompt::NONE) && prompt != Prompt::NONE,
                "{e:?}"
            );
        }
        RequestError::MaxAgeTooLarge { secs, max } => {
            assert!(
                o.max_age == Some(secs) && secs > max && max == MAX_MAX_AGE_SECS,
                "{e:?}"
            );
        }
        RequestError::TooManyExtraParameters { limit } => {
            assert!(extra.len() > limit && limit == MAX_EXTRA_PARAMS, "{e:?}");
        }
        RequestError::EmptyExtraParameterName { index } => {
            assert!(extra.get(index).is_some_and(|(n, _)| n.is_empty()), "{e:?}");
        }
        RequestError::ReservedExtraParameter { index } => {
            let name = extra.get(index).map(|(n, _)| *n).unwrap_or_default();
            assert!(
                PROTOCOL.contains(&name) || endpoint_params.iter().any(|(n, _)| n == name),
                "{e:?}: {name:?} is neither a protocol parameter nor in the endpoint query"
            );
        }
        RequestError::RepeatedExtraParameter { index } => {
            let name = extra.get(index).map(|(n, _)| *n).unwrap_or_default();
            assert!(extra[..index].iter().any(|(n, _)| *n == name), "{e:?}");
        }
        RequestError::Entropy(EntropyError::TooLong { len, max }) => {
            assert!(
                len == 32 + o.more_entropy.len() && len > max && max == MAX_ENTROPY_LEN,
                "{e:?}"
            );
        }
        RequestError::Entropy(EntropyError::Degenerate) => {
            let all = o.entropy.iter().chain(&o.more_entropy);
            assert!(all.clone().all(|b| *b == o.entropy[0]), "{e:?}");
        }
        RequestError::Entropy(other) => panic!("32 bytes or more refused: {other:?}"),
        _ => {}
    }
}
