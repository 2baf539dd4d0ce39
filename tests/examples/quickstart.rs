//! The whole Implicit flow in one process, against the embedded test issuer:
//! discovery → configuration → authorize URL → pending authorization
//! persisted and restored → the provider's redirect → keys → verified tokens.
//! Then the failures an app must handle: a tampered token, a replayed
//! redirect, and rotated keys.
//!
//! Run: `cargo run --example quickstart`
// Test support: an embedded provider for tests and the quickstart, where a
// panic or an out-of-range index is a test failure, not a library bug.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::result_large_err,
    clippy::large_enum_variant
)]

use std::error::Error;

use oidc_implicit::{
    AuthorizeRequest, Completion, CompletionError, KeySet, PendingAuthorization, ProviderMetadata,
    ResponseMode, ResponseType, UnixTime, VerifyError,
};
use oidc_implicit_test_issuer::{SignWith, TestIssuer};

const ISSUER: &str = "https://op.example.test";
const CLIENT_ID: &str = "quickstart-app";
const REDIRECT_URI: &str = "com.example.quickstart:/oauth2/callback";

fn main() -> Result<(), Box<dyn Error>> {
    // The host owns the clock and the random numbers; the library is sans-IO.
    let now = UnixTime::from_secs(1_700_000_000).ok_or("time out of range")?;
    let entropy: [u8; 32] = std::array::from_fn(|i| (i as u8).wrapping_mul(73).wrapping_add(19));

    let provider = TestIssuer::new(ISSUER)?;
    println!(
        "1. provider {ISSUER} (embedded test issuer, keys from tests/fixtures/jose/keys.json)"
    );

    let metadata = ProviderMetadata::parse(provider.discovery_json().as_bytes(), ISSUER)?;
    let config = metadata.client_config(CLIENT_ID, REDIRECT_URI)?.build()?;
    println!(
        "2. discovery: authorization_endpoint {}",
        metadata.authorization_endpoint()
    );
    println!(
        "   jwks_uri {}, RFC 9207 iss: {}",
        metadata.jwks_uri(),
        metadata.iss_parameter_supported()
    );

    let request = AuthorizeRequest::new(ResponseType::IdTokenToken).scope("openid profile email");
    let (url, pending) = config.authorize(&request, &entropy, now)?;
    let url = url.to_string();
    println!("3. open in the browser:\n   {url}");

    let stored = pending.serialize();
    println!(
        "4. pending authorization persisted ({} bytes), app may be killed now",
        stored.len()
    );
    let pending = PendingAuthorization::deserialize(&stored)?;

    let redirect = provider.respond(&url, "user-248289761001", now.as_secs(), SignWith::Rs256)?;
    println!(
        "5. the browser comes back to:\n   {}…",
        &redirect[..redirect.len().min(120)]
    );

    let keys = KeySet::parse(provider.jwks_json().as_bytes(), now)?;
    println!("6. fetched the JWK Set: {} usable keys", keys.len());

    match pending.complete(&config, &redirect, &keys, now)? {
        Completion::Tokens(tokens) => {
            let id = tokens.id_token();
            let claims = id.claims();
            let text = |v: Option<oidc_implicit::JsonStr<'_>>| {
                v.map(|s| s.to_string_decoded()).unwrap_or_default()
            };
            println!(
                "7. verified ID token ({}), sub {}",
                id.algorithm(),
                text(claims.sub())
            );
            println!(
                "   name {:?}, email {:?} (verified: {:?})",
                text(claims.name()),
                text(claims.email()),
                claims.email_verified()
            );
            if let Some(access) = tokens.access_token() {
                println!(
                    "   access token {} ({}, expires at {:?}, scope {:?}), bound by at_hash",
                    access.value().to_decoded_string(),
                    access.token_type(),
                    access.expires_at().map(UnixTime::as_secs),
                    access.scope()
                );
            }
        }
        other => return Err(format!("unexpected outcome: {other:?}").into()),
    }

    println!("8. what the app must refuse:");
    let (url, pending) = config.authorize(
        &request.response_mode(ResponseMode::FormPost),
        &entropy,
        now,
    )?;
    let body = provider.respond(&url.to_string(), "user-1", now.as_secs(), SignWith::Es256)?;
    let tampered = TestIssuer::tamper_id_token(&body, "\"user-1\"", "\"admin\"")?;
    report(
        "   form_post whose ID token says sub=admin",
        pending.complete(&config, &tampered, &keys, now),
    );

    let (url, pending) = config.authorize(&request, &entropy, now)?;
    let stored = pending.serialize();
    let redirect = provider.respond(&url.to_string(), "user-1", now.as_secs(), SignWith::Es256)?;
    report(
        "   first use",
        pending.complete(&config, &redirect, &keys, now),
    );
    let other_entropy: [u8; 32] =
        std::array::from_fn(|i| (i as u8).wrapping_mul(29).wrapping_add(5));
    let (_, next_login) = config.authorize(&request, &other_entropy, now)?;
    report(
        "   the same redirect replayed into a new login",
        next_login.complete(&config, &redirect, &keys, now),
    );
    // A pending authorization is consumed by `complete`; the app deletes what
    // it stored. One that was not deleted is still refused after it expires:
    let late = now.saturating_add(config.pending_lifetime_secs() + 1);
    report(
        "   replay after expiry",
        PendingAuthorization::deserialize(&stored)?.complete(&config, &redirect, &keys, late),
    );

    let rotated = KeySet::parse(br#"{"keys":[{"kty":"EC","kid":"old","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]}"#, now)?;
    let (url, pending) = config.authorize(&request, &entropy, now)?;
    let redirect = provider.respond(&url.to_string(), "user-1", now.as_secs(), SignWith::Rs256)?;
    match pending.complete(&config, &redirect, &rotated, now)? {
        Completion::RefreshKeys(refresh) => {
            println!(
                "   unknown kid {:?}: refetch the JWK Set and retry",
                refresh.kid()
            );
            let fresh =
                KeySet::parse_refreshed(provider.jwks_json().as_bytes(), now, refresh.kid())?;
            report(
                "   retry with fresh keys",
                refresh
                    .into_pending()
                    .complete(&config, &redirect, &fresh, now),
            );
        }
        other => return Err(format!("expected a key refresh, got {other:?}").into()),
    }
    Ok(())
}

fn report(what: &str, outcome: Result<Completion<'_>, CompletionError>) {
    match outcome {
        Ok(Completion::Tokens(_)) => println!("{what}: accepted"),
        Ok(other) => println!("{what}: {other:?}"),
        Err(CompletionError::Verify(VerifyError::BadSignature)) => {
            println!("{what}: refused, signature does not verify")
        }
        Err(e) => println!("{what}: refused, {e}"),
    }
}
