//! Property tests for the JOSE layer: no parser panics on any input, and no
//! single-character change to a valid signed response is ever accepted.
#![cfg(feature = "alloc")]

use std::sync::OnceLock;

use oidc_implicit::{ClientConfig, Completion, KeySet, ProviderMetadata, UnixTime, fuzzing};
use proptest::prelude::*;
use serde_json::Value;

use crate::support;

/// A valid signed response and what it is checked against.
struct Case {
    raw: Value,
    config: ClientConfig,
    keys: KeySet,
    fragment: String,
    now: UnixTime,
}

fn load(name: &str) -> Case {
    let raw = support::case(name);
    Case {
        config: support::config(&raw),
        keys: support::keys(&raw),
        fragment: raw["fragment"].as_str().unwrap().to_string(),
        now: support::now(&raw),
        raw,
    }
}

fn cases() -> &'static [Case; 2] {
    static CASES: OnceLock<[Case; 2]> = OnceLock::new();
    CASES.get_or_init(|| [load("rs256-id_token-token"), load("es256-id_token-token")])
}

/// Whether `complete` accepts `redirect`; `complete_into` must agree.
fn accepted(c: &Case, redirect: &str) -> bool {
    let pending = support::pending(&c.raw, &c.config);
    let outcome = pending.complete(&c.config, redirect, &c.keys, c.now);
    let mut slot = None;
    let into = support::pending(&c.raw, &c.config)
        .complete_into(&c.config, redirect, &c.keys, c.now, &mut slot);
    assert_eq!(outcome.as_ref().err(), into.as_ref().err(), "{redirect}");
    let accepted = matches!(outcome, Ok(Completion::Tokens(_)));
    assert_eq!(
        matches!(slot, Some(Completion::Tokens(_))),
        accepted,
        "{redirect}"
    );
    accepted
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
        let _ = accepted(c, &format!("id_token={text}&state={}", c.raw["state"].as_str().unwrap()));
    }

    #[test]
    fn json_like_documents_never_panic(doc in r#"[{}\[\]":,0-9a-z\\.eE+-]{0,200}"#) {
        let now = UnixTime::from_secs(1_700_000_000).unwrap();
        let _ = KeySet::parse(doc.as_bytes(), now);
        let _ = ProviderMetadata::parse(doc.as_bytes(), "https://op.example.test");
        let _ = fuzzing::claims(doc.as_bytes());
    }
}
