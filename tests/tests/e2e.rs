//! End to end against a real OpenID Provider (node `oidc-provider`, OpenID
//! Certified) on loopback: discovery → configuration → authorize URL →
//! the provider's login and consent pages, driven as a browser would →
//! the redirect (fragment) or the auto-submitted form (form_post) → the
//! provider's JWK Set → the library completes the pending authorization.
//! Then what an app must refuse, against the same live provider.
//!
//! Every test is `#[ignore]`d: plain `cargo test` stays offline and fast.
//! `tests/e2e/run.sh` installs and starts the provider, then runs
//! `cargo test --test e2e -- --ignored live_` (tests named `live_*`), restarts
//! the provider with new signing keys and runs `rotated_*`.
// Integration tests: a panic is how a test fails.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::result_large_err,
    clippy::large_enum_variant,
    missing_docs
)]

use std::collections::HashMap;

use base64ct::{Base64UrlUnpadded, Encoding};
use oidc_implicit::{
    Algorithm, AuthorizeRequest, ClientConfig, Completion, CompletionError, ErrorCode, KeySet,
    PendingAuthorization, Prompt, ProviderMetadata, ResponseError, ResponseMode, ResponseType,
    ValidatedTokens, VerifyError, redirect_state,
};
use oidc_implicit_test_issuer::browser::Browser;
use oidc_implicit_test_issuer::live::{
    CLIENT_ID, Consent, Delivered, LiveProvider, REDIRECT_URI, STALE_JWKS_ENV, entropy, now,
    sign_in,
};
use serde_json::Value;
use sha2::{Digest, Sha256};

const NEEDS_PROVIDER: &str = "needs the provider started by tests/e2e/run.sh";

/// The provider, its metadata, and the app's configuration built from it.
struct App {
    provider: LiveProvider,
    metadata: ProviderMetadata,
    config: ClientConfig,
}

impl App {
    /// Discovery, then the configuration exactly as discovery describes it.
    /// oidc-provider advertises RFC 9207
    /// (`authorization_response_iss_parameter_supported: true`) but leaves
    /// `iss` out of responses that carry an ID token (whose verified `iss`
    /// claim names the issuer); it sends `iss` on error responses (see
    /// `live_rfc9207_iss_on_errors_and_the_id_token_claim_on_success`).
    fn discover(browser: &mut Browser) -> Self {
        let provider = LiveProvider::from_env();
        let doc = provider.discovery(browser).unwrap();
        let metadata = ProviderMetadata::parse(&doc, &provider.issuer).unwrap();
        assert!(metadata.iss_parameter_supported());
        assert!(metadata.supports_response_type(ResponseType::IdToken));
        assert!(metadata.supports_response_type(ResponseType::IdTokenToken));
        assert!(metadata.supports_response_mode(ResponseMode::FormPost));
        let config = metadata
            .client_config(CLIENT_ID, REDIRECT_URI)
            .unwrap()
            .build()
            .unwrap();
        assert!(config.provider_sends_iss());
        Self {
            provider,
            metadata,
            config,
        }
    }

    fn keys(&self, browser: &mut Browser) -> KeySet {
        let jwks = self
            .provider
            .jwks(browser, self.metadata.jwks_uri())
            .unwrap();
        KeySet::parse(&jwks, now()).unwrap()
    }

    fn authorize(&self, rt: ResponseType, mode: ResponseMode) -> (String, PendingAuthorization) {
        self.authorize_with(
            AuthorizeRequest::new(rt)
                .response_mode(mode)
                .scope("openid email"),
        )
    }

    fn authorize_with(&self, request: AuthorizeRequest<'_>) -> (String, PendingAuthorization) {
        let (url, pending) = self.config.authorize(&request, &entropy(), now()).unwrap();
        let url = url.to_string();
        assert!(
            url.starts_with(self.metadata.authorization_endpoint()),
            "{url}"
        );
        (url, pending)
    }
}

fn query_param(url: &str, name: &str) -> String {
    form_urlencoded::parse(url.split_once('?').unwrap().1.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| panic!("{name} not in {url}"))
}

fn payload(tokens: &ValidatedTokens<'_>) -> Value {
    serde_json::from_str(tokens.id_token().payload_json()).unwrap()
}

/// The claims the tests check on every accepted login.
fn assert_signed_in(
    tokens: &ValidatedTokens<'_>,
    user: &str,
    authorize_url: &str,
    app: &App,
    rt: ResponseType,
) {
    let claims = payload(tokens);
    assert_eq!(claims["sub"], user);
    assert_eq!(claims["iss"], app.provider.issuer.as_str());
    assert_eq!(claims["aud"], CLIENT_ID);
    // The nonce the library sent is the one the provider signed.
    assert_eq!(
        claims["nonce"],
        query_param(authorize_url, "nonce").as_str()
    );
    assert_eq!(
        tokens
            .id_token()
            .claims()
            .nonce()
            .map(|n| n.to_string_decoded()),
        Some(query_param(authorize_url, "nonce"))
    );
    match rt {
        ResponseType::IdTokenToken => {
            let access = tokens.access_token().expect("an access token");
            let value = access.value().to_decoded_string();
            // at_hash, recomputed here: the left half of SHA-256 (RS256 and
            // ES256 both use SHA-256) of the access token, base64url.
            let digest = Sha256::digest(value.as_bytes());
            let at_hash = Base64UrlUnpadded::encode_string(&digest[..16]);
            assert_eq!(claims["at_hash"], at_hash.as_str());
            assert_eq!(access.token_type(), "Bearer");
            assert!(
                access.expires_at().is_some(),
                "oidc-provider sends expires_in"
            );
        }
        _ => {
            assert!(tokens.access_token().is_none());
            assert_eq!(claims.get("at_hash"), None);
            assert_eq!(claims["email"], format!("{user}@example.test").as_str());
        }
    }
}

/// A whole successful login; returns what the browser delivered.
fn login_and_complete(rt: ResponseType, mode: ResponseMode, user: &str) -> (App, Delivered) {
    let mut browser = Browser::new();
    let app = App::discover(&mut browser);
    let (url, pending) = app.authorize(rt, mode);
    let stored = pending.serialize();
    let delivered = sign_in(&mut browser, &url, user, Consent::Grant).unwrap();
    match (&delivered, mode) {
        (Delivered::Fragment(u), ResponseMode::Fragment) => {
            assert!(u.starts_with(&format!("{REDIRECT_URI}#")), "{u}")
        }
        (Delivered::FormPost(_), ResponseMode::FormPost) => {}
        other => panic!("delivered in the wrong mode: {other:?}"),
    }
    let keys = app.keys(&mut browser);
    let pending = PendingAuthorization::deserialize(&stored).unwrap();
    match pending.complete(&app.config, delivered.input(), &keys, now()) {
        Ok(Completion::Tokens(tokens)) => {
            assert_eq!(tokens.id_token().algorithm(), Algorithm::Rs256);
            assert_signed_in(&tokens, user, &url, &app, rt);
        }
        other => panic!("{user}: {other:?}\n{delivered:?}"),
    }
    (app, delivered)
}

#[test]
#[ignore = "needs the provider started by tests/e2e/run.sh"]
fn live_fragment_id_token() {
    login_and_complete(
        ResponseType::IdToken,
        ResponseMode::Fragment,
        "alice-fragment",
    );
}

#[test]
#[ignore = "needs the provider started by tests/e2e/run.sh"]
fn live_fragment_id_token_token() {
    login_and_complete(
        ResponseType::IdTokenToken,
        ResponseMode::Fragment,
        "bob-fragment",
    );
}

#[test]
#[ignore = "needs the provider started by tests/e2e/run.sh"]
fn live_form_post_id_token() {
    login_and_complete(
        ResponseType::IdToken,
        ResponseMode::FormPost,
        "carol-form-post",
    );
}

#[test]
#[ignore = "needs the provider started by tests/e2e/run.sh"]
fn live_form_post_id_token_token() {
    login_and_complete(
        ResponseType::IdTokenToken,
        ResponseMode::FormPost,
        "dave-form-post",
    );
}

/// Replaces the ID token's payload segment in a fragment, keeping the
/// provider's signature (an attacker editing the redirect).
fn with_payload(fragment_url: &str, edit: impl Fn(&mut Value)) -> String {
    let start = fragment_url.find("id_token=").unwrap() + "id_token=".len();
    let end = fragment_url[start..]
        .find('&')
        .map_or(fragment_url.len(), |i| start + i);
    let token = &fragment_url[start..end];
    let parts: Vec<&str> = token.split('.').collect();
    let mut claims: Value =
        serde_json::from_slice(&Base64UrlUnpadded::decode_vec(parts[1]).unwrap()).unwrap();
    edit(&mut claims);
    let forged = Base64UrlUnpadded::encode_string(claims.to_string().as_bytes());
    format!(
        "{}{}.{forged}.{}{}",
        &fragment_url[..start],
        parts[0],
        parts[2],
        &fragment_url[end..]
    )
}

#[test]
#[ignore = "needs the provider started by tests/e2e/run.sh"]
fn live_tampered_fragment() {
    let mut browser = Browser::new();
    let app = App::discover(&mut browser);
    let keys = app.keys(&mut browser);
    let (url, pending) = app.authorize(ResponseType::IdTokenToken, ResponseMode::Fragment);
    let stored = pending.serialize();
    let Delivered::Fragment(genuine) = sign_in(&mut browser, &url, "erin", Consent::Grant).unwrap()
    else {
        panic!("fragment expected")
    };

    // The ID token says someone else: the signature no longer verifies.
    let other_user = with_payload(&genuine, |c| c["sub"] = "admin".into());
    let outcome = PendingAuthorization::deserialize(&stored)
        .unwrap()
        .complete(&app.config, &other_user, &keys, now());
    assert_eq!(
        outcome.err(),
        Some(CompletionError::Verify(VerifyError::BadSignature))
    );

    // Another access token in the fragment: at_hash no longer matches.
    let access_start = genuine.find("access_token=").unwrap() + "access_token=".len();
    let first = &genuine[access_start..=access_start];
    let other = if first == "X" { "Y" } else { "X" };
    let swapped = format!(
        "{}{other}{}",
        &genuine[..access_start],
        &genuine[access_start + 1..]
    );
    assert_ne!(swapped, genuine);
    let outcome = PendingAuthorization::deserialize(&stored)
        .unwrap()
        .complete(&app.config, &swapped, &keys, now());
    assert_eq!(
        outcome.err(),
        Some(CompletionError::Verify(VerifyError::AtHashMismatch))
    );

    // Another state: not an answer to this request.
    let state = query_param(&url, "state");
    let forged_state = genuine.replace(&state, &format!("{state}x"));
    let outcome = PendingAuthorization::deserialize(&stored)
        .unwrap()
        .complete(&app.config, &forged_state, &keys, now());
    assert_eq!(
        outcome.err(),
        Some(CompletionError::Response(ResponseError::StateMismatch))
    );

    // The untouched redirect still completes.
    let outcome = PendingAuthorization::deserialize(&stored)
        .unwrap()
        .complete(&app.config, &genuine, &keys, now());
    assert!(matches!(outcome, Ok(Completion::Tokens(_))), "{outcome:?}");
}

/// How an app keeps pending authorizations across the redirect: serialized,
/// keyed by `state`, removed when used.
#[derive(Default)]
struct PendingStore(HashMap<String, String>);

impl PendingStore {
    fn put(&mut self, pending: &PendingAuthorization) {
        self.0
            .insert(pending.state().to_string(), pending.serialize());
    }

    fn take_for(&mut self, redirect: &str) -> Option<PendingAuthorization> {
        let state = redirect_state(redirect).ok()??.to_decoded_string();
        let stored = self.0.remove(&state)?;
        Some(PendingAuthorization::deserialize(&stored).unwrap())
    }
}

#[test]
#[ignore = "needs the provider started by tests/e2e/run.sh"]
fn live_replayed_redirect() {
    let mut browser = Browser::new();
    let app = App::discover(&mut browser);
    let keys = app.keys(&mut browser);
    let mut store = PendingStore::default();
    let (url, pending) = app.authorize(ResponseType::IdToken, ResponseMode::Fragment);
    store.put(&pending);
    let stale_copy = pending.serialize();
    drop(pending);
    let delivered = sign_in(&mut browser, &url, "frank", Consent::Grant).unwrap();

    let first = store.take_for(delivered.input()).expect("pending found");
    let outcome = first.complete(&app.config, delivered.input(), &keys, now());
    assert!(matches!(outcome, Ok(Completion::Tokens(_))), "{outcome:?}");

    // Replayed: the pending authorization was consumed, nothing to complete.
    assert!(store.take_for(delivered.input()).is_none());

    // Replayed into the next login of the same app: not its state.
    let (_, next) = app.authorize(ResponseType::IdToken, ResponseMode::Fragment);
    let outcome = next.complete(&app.config, delivered.input(), &keys, now());
    assert_eq!(
        outcome.err(),
        Some(CompletionError::Response(ResponseError::StateMismatch))
    );

    // Replayed against a copy the app failed to delete, once it has expired.
    let late = now().saturating_add(app.config.pending_lifetime_secs() + 1);
    let outcome = PendingAuthorization::deserialize(&stale_copy)
        .unwrap()
        .complete(&app.config, delivered.input(), &keys, late);
    assert!(
        matches!(
            outcome,
            Err(CompletionError::Response(
                ResponseError::PendingExpired { .. }
            ))
        ),
        "{outcome:?}"
    );
}

#[test]
#[ignore = "needs the provider started by tests/e2e/run.sh"]
fn live_redirect_for_another_pending_authorization() {
    let mut browser = Browser::new();
    let app = App::discover(&mut browser);
    let keys = app.keys(&mut browser);
    // Two sign-ins in flight in the same browser (two tabs).
    let (url_a, pending_a) = app.authorize(ResponseType::IdToken, ResponseMode::Fragment);
    let (url_b, pending_b) = app.authorize(ResponseType::IdToken, ResponseMode::Fragment);
    let stored_a = pending_a.serialize();
    let delivered_a = sign_in(&mut browser, &url_a, "grace", Consent::Grant).unwrap();
    // The second one rides on the session (no pages shown).
    let delivered_b = sign_in(&mut browser, &url_b, "unused", Consent::Grant).unwrap();
    assert_eq!(
        browser
            .history
            .iter()
            .filter(|h| h.contains("/interaction/"))
            .count(),
        4
    );

    let crossed = pending_b.complete(&app.config, delivered_a.input(), &keys, now());
    assert_eq!(
        crossed.err(),
        Some(CompletionError::Response(ResponseError::StateMismatch))
    );
    // Its own redirect still completes the first one, and the second's
    // redirect is a valid login of the same user.
    let outcome = PendingAuthorization::deserialize(&stored_a)
        .unwrap()
        .complete(&app.config, delivered_a.input(), &keys, now());
    assert!(matches!(outcome, Ok(Completion::Tokens(_))), "{outcome:?}");
    let (_, pending_c) = app.authorize(ResponseType::IdToken, ResponseMode::Fragment);
    let outcome = pending_c.complete(&app.config, delivered_b.input(), &keys, now());
    assert_eq!(
        outcome.err(),
        Some(CompletionError::Response(ResponseError::StateMismatch))
    );
}

#[test]
#[ignore = "needs the provider started by tests/e2e/run.sh"]
fn live_prompt_none_without_session() {
    for mode in [ResponseMode::Fragment, ResponseMode::FormPost] {
        let mut browser = Browser::new();
        let app = App::discover(&mut browser);
        let keys = app.keys(&mut browser);
        let (url, pending) = app.authorize_with(
            AuthorizeRequest::new(ResponseType::IdToken)
                .response_mode(mode)
                .prompt(Prompt::NONE),
        );
        assert_eq!(query_param(&url, "prompt"), "none");
        // No session: the provider answers at once, without a page.
        let delivered = sign_in(&mut browser, &url, "nobody", Consent::Grant).unwrap();
        assert!(!browser.history.iter().any(|h| h.contains("/interaction/")));
        // The error response carries RFC 9207 iss, which the library checked.
        assert!(delivered.input().contains("iss="), "{delivered:?}");
        match pending.complete(&app.config, delivered.input(), &keys, now()) {
            Err(CompletionError::Response(ResponseError::Authorization(e))) => {
                assert_eq!(e.code(), ErrorCode::LoginRequired, "{e}");
                assert!(e.code().needs_interaction());
            }
            other => panic!("{mode:?}: {other:?}"),
        }
    }
}

#[test]
#[ignore = "needs the provider started by tests/e2e/run.sh"]
fn live_denied_consent() {
    let mut browser = Browser::new();
    let app = App::discover(&mut browser);
    let keys = app.keys(&mut browser);
    let (url, pending) = app.authorize(ResponseType::IdTokenToken, ResponseMode::Fragment);
    let delivered = sign_in(&mut browser, &url, "heidi", Consent::Deny).unwrap();
    assert!(browser.history.iter().any(|h| h.ends_with("/abort")));
    match pending.complete(&app.config, delivered.input(), &keys, now()) {
        Err(CompletionError::Response(ResponseError::Authorization(e))) => {
            assert_eq!(e.code(), ErrorCode::AccessDenied, "{e}");
            assert_eq!(e.code_text(), "access_denied");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
#[ignore = "needs the provider started by tests/e2e/run.sh"]
fn live_rfc9207_iss_on_errors_and_the_id_token_claim_on_success() {
    // With the configuration exactly as discovery describes it
    // (provider_sends_iss = true): oidc-provider's successful ID-token
    // responses carry no `iss` parameter and are accepted on the strength of
    // the ID token's verified `iss` claim; its error responses carry `iss`
    // and are believed only after it matched.
    let mut browser = Browser::new();
    let app = App::discover(&mut browser);
    let keys = app.keys(&mut browser);
    let strict = &app.config;
    let (url, pending) = strict
        .authorize(
            &AuthorizeRequest::new(ResponseType::IdToken).scope("openid"),
            &entropy(),
            now(),
        )
        .unwrap();
    let delivered = sign_in(&mut browser, &url.to_string(), "ivan", Consent::Grant).unwrap();
    assert!(!delivered.input().contains("&iss="), "{delivered:?}");
    let outcome = pending.complete(strict, delivered.input(), &keys, now());
    assert!(matches!(outcome, Ok(Completion::Tokens(_))), "{outcome:?}");

    let (url, pending) = strict
        .authorize(
            &AuthorizeRequest::new(ResponseType::IdToken).prompt(Prompt::NONE),
            &entropy(),
            now(),
        )
        .unwrap();
    let delivered = sign_in(&mut Browser::new(), &url.to_string(), "-", Consent::Grant).unwrap();
    assert!(delivered.input().contains("iss="), "{delivered:?}");
    let outcome = pending.complete(strict, delivered.input(), &keys, now());
    assert!(
        matches!(
            &outcome,
            Err(CompletionError::Response(ResponseError::Authorization(e)))
                if e.code() == ErrorCode::LoginRequired
        ),
        "{outcome:?}"
    );
}

#[test]
#[ignore = "needs the provider restarted with new keys by tests/e2e/run.sh"]
fn rotated_signing_key_refetches_jwks() {
    // The app cached the JWK Set before the provider restarted with new
    // signing keys (and, in this phase, ES256 for the client).
    let stale_path = std::env::var(STALE_JWKS_ENV)
        .unwrap_or_else(|_| panic!("{STALE_JWKS_ENV} is not set: {NEEDS_PROVIDER}"));
    let stale_jwks = std::fs::read(&stale_path).unwrap();
    let cached = KeySet::parse(&stale_jwks, now().saturating_sub(120)).unwrap();

    let mut browser = Browser::new();
    let app = App::discover(&mut browser);
    for rt in [ResponseType::IdToken, ResponseType::IdTokenToken] {
        let (url, pending) = app.authorize(rt, ResponseMode::Fragment);
        let delivered = sign_in(&mut browser, &url, "judy-after-rotation", Consent::Grant).unwrap();
        let refresh = match pending.complete(&app.config, delivered.input(), &cached, now()) {
            Ok(Completion::RefreshKeys(refresh)) => refresh,
            other => panic!("a key refresh expected, got {other:?}"),
        };
        assert_eq!(refresh.kid(), "es256-gen2");
        let jwks = app
            .provider
            .jwks(&mut browser, app.metadata.jwks_uri())
            .unwrap();
        let fresh = KeySet::parse_refreshed(&jwks, now(), refresh.kid()).unwrap();
        match refresh
            .into_pending()
            .complete(&app.config, delivered.input(), &fresh, now())
        {
            Ok(Completion::Tokens(tokens)) => {
                assert_eq!(tokens.id_token().algorithm(), Algorithm::Es256);
                assert_signed_in(&tokens, "judy-after-rotation", &url, &app, rt);
            }
            other => panic!("{other:?}"),
        }
    }
}
