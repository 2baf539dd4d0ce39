//! Structure-aware: the whole second half of the flow, `authorize` state →
//! `PendingAuthorization::complete`, against a fixed test provider.
//!
//! The provider is the fixture set `tests/fixtures/jose/cases.json` (76
//! responses minted by jwcrypto for one request, embedded at build time):
//! the first input byte picks the context (a case's client configuration,
//! keys and pending authorization), the second the shape of the redirect
//! (bare, `#fragment`, a URL under one of several prefixes, a form_post
//! body) and possibly another response type; the rest is a list of
//! `Arbitrary` mutations applied to the genuine response: flipped bits,
//! dropped, repeated, reordered, inserted or overwritten parameters, tokens
//! and JWS segments swapped in from other cases, truncation, neutral
//! percent-encoding.
//!
//! `complete_into` is run on the same input and must agree with `complete`
//! (the same error with an empty slot, or the same completion).
//!
//! Oracles, whenever `complete` accepts:
//! - the ID token is byte-identical to one the provider minted (a forged
//!   or altered token is never accepted), one that is not invalid by itself
//!   (expired, wrong nonce, bad signature, …) and that fits this context's
//!   settings and keys (`fuzz_support::fixtures::may_accept`);
//! - the security-relevant fields reported (payload, `sub`, `nonce`, `iss`,
//!   `aud`, alg) are byte-identical to that minted token's, and the access
//!   token is the one its `at_hash` binds;
//! - the redirect, decoded independently, went to the registered redirect
//!   URI, carried exactly this `state`, that ID token and that access token.
//!
//! A `RefreshKeys` outcome must name the token's `kid`; the target then
//! loads the refreshed set (the case's `jwks_after_refresh`, else the same
//! set again) and completes again, with the same oracles.
#![no_main]

use std::sync::OnceLock;

use arbitrary::{Arbitrary, Unstructured};
use fuzz_support::fixtures::{self, Case, fixtures};
use fuzz_support::form;
use libfuzzer_sys::fuzz_target;
use oidc_implicit::{
    ClientConfig, Completion, CompletionError, KeySet, PendingAuthorization, ResponseMode,
    ResponseType,
};

/// URL prefixes for the redirect, and whether each is the registered
/// redirect URI (RFC 3986 §6.2.2 equivalents included).
const PREFIXES: [(&str, bool); 14] = [
    ("https://app.example.test/cb", true),
    ("https://APP.Example.Test/cb", true),
    ("HTTPS://app.example.test:443/cb", true),
    ("https://app.example.test:0443/cb", true),
    ("https://app.example.test/cb?keep=1", true),
    ("https://app.example.test/cb/", false),
    ("https://app.example.test/CB", false),
    ("http://app.example.test/cb", false),
    ("https://app.example.test:8443/cb", false),
    ("https://evil.example/cb", false),
    ("https://app.example.test.evil.example/cb", false),
    ("https://app.example.test/cb?access_token=x", false),
    ("https://app.example.test/cb?state=st-Zq3x", false),
    ("https://app.example.test/cb?%73tate=1", false),
];

/// Names a mutation may insert.
const NAMES: [&str; 12] = [
    "id_token",
    "access_token",
    "token_type",
    "state",
    "iss",
    "error",
    "code",
    "expires_in",
    "scope",
    "session_state",
    "nonce",
    "",
];

#[derive(Arbitrary, Debug)]
enum Op {
    /// Flips one bit of a name or value, keeping it ASCII.
    FlipBit {
        param: u8,
        value: bool,
        at: u16,
        bit: u8,
    },
    Drop {
        param: u8,
    },
    Repeat {
        param: u8,
    },
    Move {
        from: u8,
        to: u8,
    },
    /// Replaces a value with another case's ID token or access token.
    SwapToken {
        param: u8,
        case: u8,
        access: bool,
    },
    /// Replaces one JWS segment of a value with the same segment of another
    /// case's ID token.
    SpliceSegment {
        param: u8,
        case: u8,
        segment: u8,
    },
    Truncate {
        param: u8,
        len: u16,
    },
    Insert {
        name: u8,
        value: String,
    },
    Overwrite {
        param: u8,
        value: String,
    },
    /// Writes one character of a value as `%XX` (decodes to the same).
    PercentEncode {
        param: u8,
        at: u16,
        lower: bool,
    },
    TruncateAll {
        len: u16,
    },
}

struct Context {
    config: ClientConfig,
    keys: KeySet,
    refreshed: KeySet,
}

fn contexts() -> &'static [Context] {
    static C: OnceLock<Vec<Context>> = OnceLock::new();
    C.get_or_init(|| {
        let f = fixtures();
        // The reference judge must never be stricter than the fixtures:
        // every case minted as acceptable is acceptable to it.
        for c in &f.cases {
            if c.expected == "accept" {
                fixtures::may_accept(&c.id_token, c.access_token.as_deref(), c, c.response_type)
                    .unwrap_or_else(|e| panic!("reference refuses accept case {}: {e}", c.name));
            }
        }
        f.cases
            .iter()
            .map(|c| Context {
                config: c.config(),
                keys: c.keys(),
                refreshed: c.jwks_after_refresh.as_ref().map_or_else(
                    || c.keys(),
                    |j| KeySet::parse(j.as_bytes(), c.now()).expect("jwks_after_refresh"),
                ),
            })
            .collect()
    })
}

fn pick<T>(items: &[T], i: u8) -> Option<&T> {
    items.get(usize::from(i) % items.len().max(1))
}

/// Applies `op` to the response's parameters (name, raw value).
fn apply(op: &Op, params: &mut Vec<(String, String)>, all: &[Case]) {
    let n = params.len();
    let idx = |p: u8| (n > 0).then(|| usize::from(p) % n);
    match op {
        Op::FlipBit {
            param,
            value,
            at,
            bit,
        } => {
            if let Some(i) = idx(*param) {
                let s = if *value {
                    &mut params[i].1
                } else {
                    &mut params[i].0
                };
                let mut bytes = std::mem::take(s).into_bytes();
                if !bytes.is_empty() {
                    let at = usize::from(*at) % bytes.len();
                    if bytes[at].is_ascii() {
                        bytes[at] ^= 1 << (bit % 7);
                    }
                }
                *s = String::from_utf8_lossy(&bytes).into_owned();
            }
        }
        Op::Drop { param } => {
            if let Some(i) = idx(*param) {
                params.remove(i);
            }
        }
        Op::Repeat { param } => {
            if let Some(i) = idx(*param) {
                params.push(params[i].clone());
            }
        }
        Op::Move { from, to } => {
            if let (Some(a), Some(b)) = (idx(*from), idx(*to)) {
                let p = params.remove(a);
                params.insert(b.min(params.len()), p);
            }
        }
        Op::SwapToken {
            param,
            case,
            access,
        } => {
            if let (Some(i), Some(c)) = (idx(*param), pick(all, *case)) {
                let token = if *access {
                    c.access_token.clone()
                } else {
                    Some(c.id_token.clone())
                };
                if let Some(t) = token {
                    params[i].1 = t;
                }
            }
        }
        Op::SpliceSegment {
            param,
            case,
            segment,
        } => {
            if let (Some(i), Some(c)) = (idx(*param), pick(all, *case)) {
                let donor: Vec<&str> = c.id_token.split('.').collect();
                let mut parts: Vec<String> = params[i].1.split('.').map(str::to_owned).collect();
                let k = usize::from(*segment) % 3;
                if let (Some(slot), Some(d)) = (parts.get_mut(k), donor.get(k)) {
                    *slot = (*d).to_owned();
                }
                params[i].1 = parts.join(".");
            }
        }
        Op::Truncate { param, len } => {
            if let Some(i) = idx(*param) {
                let v = &mut params[i].1;
                let mut cut = usize::from(*len) % (v.len() + 1);
                while !v.is_char_boundary(cut) {
                    cut -= 1;
                }
                v.truncate(cut);
            }
        }
        Op::Insert { name, value } => {
            if let Some(name) = pick(&NAMES, *name) {
                params.push(((*name).to_owned(), value.clone()));
            }
        }
        Op::Overwrite { param, value } => {
            if let Some(i) = idx(*param) {
                params[i].1 = value.clone();
            }
        }
        Op::PercentEncode { param, at, lower } => {
            if let Some(i) = idx(*param) {
                let v = &mut params[i].1;
                if !v.is_empty() {
                    let at = usize::from(*at) % v.len();
                    if v.is_char_boundary(at) && v.as_bytes()[at].is_ascii_alphanumeric() {
                        let b = v.as_bytes()[at];
                        let enc = if *lower {
                            format!("%{b:02x}")
                        } else {
                            format!("%{b:02X}")
                        };
                        v.replace_range(at..=at, &enc);
                    }
                }
            }
        }
        Op::TruncateAll { .. } => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let f = fixtures();
    let ctxs = contexts();
    let [ctx_byte, shape, rest @ ..] = data else {
        return;
    };
    let ci = usize::from(*ctx_byte) % f.cases.len();
    let (case, ctx) = (&f.cases[ci], &ctxs[ci]);

    // Shape: low 4 bits; response-type override: bits 4-5.
    let response_type = match (shape >> 4) & 3 {
        1 => ResponseType::IdToken,
        2 => ResponseType::IdTokenToken,
        3 => ResponseType::Token,
        _ => case.response_type,
    };
    // Shapes: 0 bare, 1 `#fragment`, 2 `#fragment` for a form_post request
    // (never acceptable), 3 form_post body, 4.. a URL under PREFIXES.
    let form_post = matches!(shape & 0xF, 2 | 3);
    let mode = if form_post {
        ResponseMode::FormPost
    } else {
        ResponseMode::Fragment
    };

    let mut params: Vec<(String, String)> = case
        .fragment
        .split('&')
        .map(|p| {
            let (n, v) = p.split_once('=').unwrap_or((p, ""));
            (n.to_owned(), v.to_owned())
        })
        .collect();
    let mut u = Unstructured::new(rest);
    let mut truncate_all = None;
    for op in u
        .arbitrary_iter::<Op>()
        .into_iter()
        .flatten()
        .take(8)
        .flatten()
    {
        if let Op::TruncateAll { len } = op {
            truncate_all = Some(usize::from(len));
        }
        apply(&op, &mut params, &f.cases);
    }
    let body = params
        .iter()
        .map(|(n, v)| format!("{n}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let (mut redirect, part_start, good_prefix) = match shape & 0xF {
        0 | 3 => (body, 0, true),
        1 => (format!("#{body}"), 1, true),
        2 => (format!("#{body}"), 1, false),
        s => {
            let (prefix, good) = PREFIXES[usize::from(s - 4) % PREFIXES.len()];
            (format!("{prefix}#{body}"), prefix.len() + 1, good)
        }
    };
    if let Some(len) = truncate_all {
        let mut cut = len % (redirect.len() + 1);
        while !redirect.is_char_boundary(cut) {
            cut -= 1;
        }
        redirect.truncate(cut);
    }

    let nonce = response_type.has_id_token().then_some(case.nonce.as_str());
    let new_pending = || {
        PendingAuthorization::dangerous_with_known_values(
            &ctx.config,
            response_type,
            mode,
            "openid",
            &case.state,
            nonce,
            case.max_age,
            case.now(),
        )
        .expect("pending")
    };
    let pending = new_pending();

    let outcome = pending.complete(&ctx.config, &redirect, &ctx.keys, case.now());
    // `complete_into` must reach the same outcome, leaving nothing after
    // an error.
    let pending_into = new_pending();
    let mut slot = None;
    let into = pending_into.complete_into(&ctx.config, &redirect, &ctx.keys, case.now(), &mut slot);
    match (&outcome, &into, &slot) {
        (Err(a), Err(b), None) => assert_eq!(a, b, "complete_into disagrees"),
        (Ok(a), Ok(()), Some(b)) => {
            assert_eq!(
                format!("{a:?}"),
                format!("{b:?}"),
                "complete_into disagrees"
            );
            if let (Completion::Tokens(a), Completion::Tokens(b)) = (a, b) {
                assert_eq!(a.id_token().payload_json(), b.id_token().payload_json());
            }
        }
        _ => panic!("complete_into disagrees: {outcome:?} / {into:?} / {slot:?}"),
    }
    drop(slot);
    let outcome = match outcome {
        Ok(Completion::RefreshKeys(refresh)) => {
            let (_, kid) = id_token_param(part(&redirect, part_start))
                .map(|t| fixtures::header_alg_kid(&t))
                .unwrap_or((None, None));
            assert_eq!(
                Some(refresh.kid()),
                kid.as_deref(),
                "RefreshKeys names another kid"
            );
            let again = refresh.into_pending();
            let outcome = again.complete(&ctx.config, &redirect, &ctx.refreshed, case.now());
            if let Ok(Completion::Tokens(_)) = &outcome {
                // Accepted only after the refresh: judged against the
                // refreshed set.
                let jwks = case.jwks_after_refresh.as_deref().unwrap_or(&case.jwks);
                let r = Redirect {
                    text: &redirect,
                    part_start,
                    good_prefix,
                };
                check_tokens(&outcome, case, response_type, &r, jwks);
                return;
            }
            outcome
        }
        other => other,
    };
    let r = Redirect {
        text: &redirect,
        part_start,
        good_prefix,
    };
    check_tokens(&outcome, case, response_type, &r, &case.jwks);
});

/// The redirect as built: its text, where its parameters start, and
/// whether it goes to the registered redirect URI in the right form.
struct Redirect<'r> {
    text: &'r str,
    part_start: usize,
    good_prefix: bool,
}

impl Redirect<'_> {
    /// The parameters, decoded independently; an accepted redirect must
    /// decode.
    fn pairs(&self) -> Vec<form::Pair> {
        form::parse(part(self.text, self.part_start), 0).expect("accepted redirect decodes")
    }
}

/// The parameter part of a redirect (empty when truncated into the prefix).
fn part(redirect: &str, start: usize) -> &str {
    redirect.get(start..).unwrap_or("")
}

/// The decoded `id_token` parameter, read independently.
fn id_token_param(part: &str) -> Option<String> {
    let pairs = form::parse(part, 0).ok()?;
    form::get(&pairs, "id_token").map(str::to_owned)
}

fn check_tokens(
    outcome: &Result<Completion<'_>, CompletionError>,
    case: &Case,
    response_type: ResponseType,
    redirect: &Redirect<'_>,
    jwks: &str,
) {
    let tokens = match outcome {
        Ok(Completion::Tokens(t)) => t,
        Ok(Completion::OAuthOnly(a)) => {
            assert_eq!(
                response_type,
                ResponseType::Token,
                "OAuthOnly for {response_type:?}"
            );
            assert!(
                redirect.good_prefix,
                "accepted in a wrong place or form: {}",
                redirect.text
            );
            let pairs = redirect.pairs();
            assert_eq!(
                form::get(&pairs, "state"),
                Some(case.state.as_str()),
                "state"
            );
            assert_eq!(
                form::get(&pairs, "access_token"),
                Some(a.access_token().value().to_decoded_string().as_str()),
                "access token"
            );
            assert!(
                form::get(&pairs, "id_token").is_none(),
                "id_token in a token response"
            );
            return;
        }
        _ => return,
    };
    let token = tokens.id_token_jws().to_decoded_string();
    let access = tokens.access_token().map(|a| a.value().to_decoded_string());
    if let Err(why) =
        fixtures::may_accept_with_keys(&token, access.as_deref(), case, response_type, jwks)
    {
        panic!(
            "context {} ({response_type:?}): {why}\nredirect: {}\nid_token: {token}",
            case.name, redirect.text
        );
    }
    assert!(
        redirect.good_prefix,
        "accepted in a wrong place or form: {}",
        redirect.text
    );

    // What was reported is what the provider minted.
    let minted = fixtures::minted_payload(&token).expect("minted payload");
    let id = tokens.id_token();
    assert_eq!(
        id.payload_json().as_bytes(),
        minted.as_slice(),
        "payload differs from the minted one"
    );
    let genuine: serde_json::Value = serde_json::from_slice(&minted).expect("minted JSON");
    let claims = id.claims();
    let s = |v: Option<oidc_implicit::JsonStr<'_>>| v.map(|v| v.to_string_decoded());
    let g = |k: &str| {
        genuine
            .get(k)
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
    };
    assert_eq!(s(claims.sub()), g("sub"), "sub");
    assert_eq!(s(claims.nonce()), g("nonce"), "nonce");
    assert_eq!(s(claims.iss()), g("iss"), "iss");
    assert_eq!(
        claims
            .aud_json()
            .map(|a| serde_json::from_str::<serde_json::Value>(a).expect("aud JSON")),
        genuine.get("aud").cloned(),
        "aud"
    );
    let (alg, _) = fixtures::header_alg_kid(&token);
    assert_eq!(Some(id.algorithm().name()), alg.as_deref(), "alg");

    // The redirect itself, decoded independently.
    let pairs = redirect.pairs();
    assert_eq!(
        form::get(&pairs, "state"),
        Some(case.state.as_str()),
        "state"
    );
    assert_eq!(
        form::get(&pairs, "id_token"),
        Some(token.as_str()),
        "id_token parameter"
    );
    assert_eq!(
        form::get(&pairs, "access_token").map(str::to_owned),
        access,
        "access_token parameter"
    );
    for absent in ["error", "code"] {
        assert!(
            form::get(&pairs, absent).is_none(),
            "{absent} in an accepted response"
        );
    }
    if let Some(iss) = form::get(&pairs, "iss") {
        assert_eq!(iss, case.issuer, "RFC 9207 iss");
    }
}
