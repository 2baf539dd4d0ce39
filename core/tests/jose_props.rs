//! Property tests for the JOSE layer: no parser panics on any input, and no
//! single-character change to a valid signed response is ever accepted.
#![cfg(feature = "alloc")]
// Integration tests: a panic is how a test fails, and helpers index fixtures.
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

use std::sync::OnceLock;

use oidc_implicit::{
    ClientConfig, Completion, KeySet, PendingAuthorization, ProviderMetadata, ResponseMode,
    ResponseType, UnixTime, fuzzing,
};
use proptest::prelude::*;
use serde_json::Value;

struct Case {
    config: ClientConfig,
    keys: KeySet,
    fragment: String,
    state: String,
    nonce: String,
    now: UnixTime,
    response_type: ResponseType,
}

fn case(name: &str) -> Case {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/jose/cases.json"
    ))
    .unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let c = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap()
        .clone();
    let now = UnixTime::from_secs(c["now"].as_u64().unwrap()).unwrap();
    Case {
        config: ClientConfig::builder(
            c["issuer"].as_str().unwrap(),
            c["client_id"].as_str().unwrap(),
            "https://app.example.test/cb",
        )
        .authorization_endpoint("https://op.example.test/authorize")
        .build()
        .unwrap(),
        keys: KeySet::parse(c["jwks"].to_string().as_bytes(), now).unwrap(),
        fragment: c["fragment"].as_str().unwrap().to_string(),
        state: c["state"].as_str().unwrap().to_string(),
        nonce: c["nonce"].as_str().unwrap().to_string(),
        now,
        response_type: ResponseType::parse(c["response_type"].as_str().unwrap()).unwrap(),
    }
}

fn cases() -> &'static [Case; 2] {
    static CASES: OnceLock<[Case; 2]> = OnceLock::new();
    CASES.get_or_init(|| [case("rs256-id_token-token"), case("es256-id_token-token")])
}

fn accepted(c: &Case, redirect: &str) -> bool {
    let pending = PendingAuthorization::dangerous_with_known_values(
        &c.config,
        c.response_type,
        ResponseMode::Fragment,
        "openid",
        &c.state,
        Some(&c.nonce),
        None,
        c.now,
    )
    .unwrap();
    matches!(
        pending.complete(&c.config, redirect, &c.keys, c.now),
        Ok(Completion::Tokens(_))
    )
}

#[test]
fn the_genuine_responses_are_accepted() {
    for c in cases() {
        assert!(accepted(c, &c.fragment));
    }
}

/// Base64url characters and a few others an attacker might try.
const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/% ";

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    /// Any single changed character inside the ID token or the access token
    /// (the signature, the `at_hash` binding and strict base64url together)
    /// makes the response fail.
    #[test]
    fn no_single_character_change_is_accepted(which in 0usize..2, position in any::<prop::sample::Index>(), replacement in prop::sample::select(ALPHABET)) {
        let c = &cases()[which];
        let start = c.fragment.find("access_token=").unwrap();
        let bytes = c.fragment.as_bytes();
        // Only positions inside parameter values (not names, '=' or '&').
        let value_positions: Vec<usize> = (start..bytes.len())
            .filter(|&i| {
                let before = &c.fragment[..i];
                let in_value = before.rfind('=') > before.rfind('&');
                in_value && bytes[i] != b'&' && bytes[i] != b'='
            })
            .filter(|&i| {
                let before = &c.fragment[..i];
                let name_start = before.rfind('&').map_or(0, |p| p + 1);
                let name = &c.fragment[name_start..before.rfind('=').unwrap()];
                name == "id_token" || name == "access_token"
            })
            .collect();
        let i = value_positions[position.index(value_positions.len())];
        prop_assume!(bytes[i] != replacement);
        let mut mutated = bytes.to_vec();
        mutated[i] = replacement;
        let mutated = String::from_utf8(mutated).unwrap();
        prop_assert!(!accepted(c, &mutated), "accepted a change at {}: {}", i, mutated);
    }

    #[test]
    fn parsers_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600), text in ".{0,400}") {
        let now = UnixTime::from_secs(1_700_000_000).unwrap();
        let _ = KeySet::parse(&bytes, now);
        let _ = ProviderMetadata::parse(&bytes, "https://op.example.test");
        let _ = fuzzing::claims(&bytes);
        let _ = fuzzing::jws_header(&text);
        let mut buf = [0u8; 512];
        let _ = fuzzing::base64url_segment(&text, &mut buf);
        let c = &cases()[0];
        let _ = accepted(c, &text);
        let _ = accepted(c, &format!("id_token={text}&state={}", c.state));
    }

    #[test]
    fn json_like_documents_never_panic(doc in r#"[{}\[\]":,0-9a-z\\.eE+-]{0,200}"#) {
        let now = UnixTime::from_secs(1_700_000_000).unwrap();
        let _ = KeySet::parse(doc.as_bytes(), now);
        let _ = ProviderMetadata::parse(doc.as_bytes(), "https://op.example.test");
        let _ = fuzzing::claims(doc.as_bytes());
    }
}
