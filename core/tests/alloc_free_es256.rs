//! ES256 must work without an allocator: building a P-256 key, verifying
//! (accepting and rejecting) and computing `at_hash` allocate nothing. A
//! counting global allocator (`stats_alloc`, so that this file needs no
//! `unsafe`) watches the calls. The allocator counts every thread, so this
//! binary runs without the libtest harness (`harness = false`): libtest's
//! own thread allocates now and then, which once showed up as a spurious
//! count on a loaded machine. `main` is the only thread.
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

use std::alloc::System;

use oidc_implicit::__signature_layer::{Algorithm, PublicKey, token_hash_left_half, verify};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

// RFC 7515 Appendix A.3: the P-256 key (A.3.1 `x`, `y`) and the signature
// of the A.3 example, base64url-decoded.
const X: [u8; 32] = [
    0x7f, 0xcd, 0xce, 0x27, 0x70, 0xf6, 0xc4, 0x5d, 0x41, 0x83, 0xcb, 0xee, 0x6f, 0xdb, 0x4b, 0x7b,
    0x58, 0x07, 0x33, 0x35, 0x7b, 0xe9, 0xef, 0x13, 0xba, 0xcf, 0x6e, 0x3c, 0x7b, 0xd1, 0x54, 0x45,
];
const Y: [u8; 32] = [
    0xc7, 0xf1, 0x44, 0xcd, 0x1b, 0xbd, 0x9b, 0x7e, 0x87, 0x2c, 0xdf, 0xed, 0xb9, 0xee, 0xb9, 0xf4,
    0xb3, 0x69, 0x5d, 0x6e, 0xa9, 0x0b, 0x24, 0xad, 0x8a, 0x46, 0x23, 0x28, 0x85, 0x88, 0xe5, 0xad,
];
const SIG: [u8; 64] = [
    0x0e, 0xd1, 0x21, 0x53, 0x79, 0x63, 0x6c, 0x48, 0x3c, 0x2f, 0x7f, 0x15, 0x58, 0x07, 0xd4, 0x02,
    0xa3, 0xb2, 0x28, 0x03, 0x3a, 0xf9, 0x7c, 0x7e, 0x17, 0x81, 0x9a, 0xc3, 0x16, 0x9e, 0xa6, 0x65,
    0xc5, 0x0a, 0x07, 0xd3, 0x8c, 0x3c, 0x70, 0xe5, 0xd8, 0xf1, 0x2d, 0xaf, 0x08, 0x4a, 0x54, 0x80,
    0xa6, 0x65, 0x90, 0xc5, 0xf2, 0x93, 0x50, 0x9a, 0x8f, 0x3f, 0x7f, 0x8a, 0x83, 0xa3, 0x54, 0xd5,
];
const INPUT: &[u8] = b"eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";

fn main() {
    es256_path_allocates_nothing();
    // The plain closing line the test command adds up.
    println!("1 passed, 0 failed");
}

fn es256_path_allocates_nothing() {
    let mut flipped = SIG;
    flipped[7] ^= 0x40;
    let mut zero_r = SIG;
    zero_r[..32].fill(0);

    let region = Region::new(GLOBAL);
    let key = PublicKey::ec_p256(&X, &Y).unwrap();
    let ok = verify(Algorithm::Es256, &key, INPUT, &SIG);
    let bad_sig = verify(Algorithm::Es256, &key, INPUT, &flipped);
    let short = verify(Algorithm::Es256, &key, INPUT, &SIG[..63]);
    let out_of_range = verify(Algorithm::Es256, &key, INPUT, &zero_r);
    let wrong_alg = verify(Algorithm::Rs256, &key, INPUT, &SIG);
    let at_hash = token_hash_left_half(
        Algorithm::Es256,
        b"jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y",
    )
    .ct_eq(b"77QmUPtjPfzWtF2AnpK9RQ");
    let change = region.change();

    assert!(ok.is_ok());
    assert!(bad_sig.is_err() && short.is_err() && out_of_range.is_err() && wrong_alg.is_err());
    assert!(at_hash);
    assert_eq!(
        (
            change.allocations,
            change.reallocations,
            change.bytes_allocated
        ),
        (0, 0, 0),
        "the ES256 path allocated"
    );

    // The whole second half for an ES256 `id_token token` response minted by
    // jwcrypto: redirect parsing, state, JWS, key selection, signature, every
    // claim, at_hash. Fixture reading and key-set parsing (RSA keys in the
    // set allocate when built, once) happen before the measured region.
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/jose/cases.json"
    ))
    .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let case = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "es256-id_token-token")
        .unwrap();
    let now = oidc_implicit::UnixTime::from_secs(case["now"].as_u64().unwrap()).unwrap();
    let config = oidc_implicit::ClientConfig::builder(
        case["issuer"].as_str().unwrap(),
        case["client_id"].as_str().unwrap(),
        "https://app.example.test/cb",
    )
    .authorization_endpoint("https://op.example.test/authorize")
    .build()
    .unwrap();
    let jwks = case["jwks"].to_string();
    let keys = oidc_implicit::KeySet::parse(jwks.as_bytes(), now).unwrap();
    let fragment = case["fragment"].as_str().unwrap().to_string();
    let pending = || {
        oidc_implicit::PendingAuthorization::dangerous_with_known_values(
            &config,
            oidc_implicit::ResponseType::IdTokenToken,
            oidc_implicit::ResponseMode::Fragment,
            "openid",
            case["state"].as_str().unwrap(),
            Some(case["nonce"].as_str().unwrap()),
            None,
            now,
        )
        .unwrap()
    };
    let (pending, pending_into) = (pending(), pending());

    let region = Region::new(GLOBAL);
    let mut slot = None;
    let into = pending_into.complete_into(&config, &fragment, &keys, now, &mut slot);
    let accepted_into = into.is_ok() && matches!(slot, Some(oidc_implicit::Completion::Tokens(_)));
    drop(slot);
    let outcome = pending.complete(&config, &fragment, &keys, now);
    let accepted = matches!(outcome, Ok(oidc_implicit::Completion::Tokens(_)));
    drop(outcome);
    let change = region.change();
    assert!(accepted, "the ES256 fixture must verify");
    assert!(
        accepted_into,
        "the ES256 fixture must verify through complete_into"
    );
    assert_eq!(
        (
            change.allocations,
            change.reallocations,
            change.bytes_allocated
        ),
        (0, 0, 0),
        "complete() or complete_into() of an ES256 response allocated"
    );
}
