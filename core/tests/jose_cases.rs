//! ID-token cases minted by an independent JOSE implementation (Python
//! jwcrypto, `tests/fixtures/jose/mint.py`): every OIDF Implicit RP
//! certification behaviour of SPEC.md Part A that concerns the ID token, and
//! the negative cases of the JOSE issue. Each case is a fragment as the
//! provider would send it, with the key set it serves and the outcome the
//! library must reach (see `cases.json`'s `slugs`).
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

use oidc_implicit::{
    Algorithm, AlgorithmSet, ClientConfig, Completion, CompletionError, JwsError, KeySet,
    PendingAuthorization, ResponseMode, ResponseType, UnixTime, VerifyError,
};
use serde_json::Value;

const CASES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/jose/cases.json"
);

fn cases() -> Vec<Value> {
    let text = std::fs::read_to_string(CASES).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        doc["leeway_seconds"], 60,
        "the fixtures assume the default leeway"
    );
    doc["cases"].as_array().unwrap().clone()
}

fn config(case: &Value) -> ClientConfig {
    let algs = match case.get("allowed_algs").and_then(Value::as_array) {
        Some(list) => list.iter().fold(AlgorithmSet::EMPTY, |set, a| {
            set.with(Algorithm::from_name(a.as_str().unwrap()).unwrap())
        }),
        None => AlgorithmSet::DEFAULT,
    };
    let mut builder = ClientConfig::builder(
        case["issuer"].as_str().unwrap(),
        case["client_id"].as_str().unwrap(),
        "https://app.example.test/cb",
    )
    .authorization_endpoint("https://op.example.test/authorize")
    .allowed_algorithms(algs);
    let trusted: Vec<&str> = case
        .get("trusted_audiences")
        .and_then(Value::as_array)
        .map(|l| l.iter().map(|a| a.as_str().unwrap()).collect())
        .unwrap_or_default();
    for audience in trusted {
        builder = builder.trust_audience(audience);
    }
    builder.build().unwrap()
}

fn pending(case: &Value, config: &ClientConfig, now: UnixTime) -> PendingAuthorization {
    PendingAuthorization::dangerous_with_known_values(
        config,
        ResponseType::parse(case["response_type"].as_str().unwrap()).unwrap(),
        ResponseMode::Fragment,
        "openid",
        case["state"].as_str().unwrap(),
        Some(case["nonce"].as_str().unwrap()),
        case["max_age"].as_u64(),
        now.saturating_sub(5),
    )
    .unwrap()
}

/// The library's outcome, named like the fixture slugs.
fn slug(outcome: &Result<Completion<'_>, CompletionError>) -> String {
    use VerifyError as V;
    let s = match outcome {
        Ok(Completion::Tokens(_)) => "accept",
        Ok(Completion::RefreshKeys(_)) => "refresh_keys",
        Ok(other) => return format!("unexpected {other:?}"),
        Err(CompletionError::Verify(e)) => match e {
            V::AmbiguousKey => "ambiguous_key",
            V::BadSignature => "bad_signature",
            V::UnsupportedAlgorithm | V::AlgorithmNotAllowed { .. } => "alg_not_allowed",
            V::KeyAlgorithmMismatch => "alg_key_mismatch",
            V::WrongTokenType => "bad_typ",
            V::UnsupportedCriticalHeader => "unsupported_crit",
            V::Jws(JwsError::Json {
                error: oidc_implicit::JsonError::DuplicateMember { .. },
                ..
            }) => "duplicate_member",
            V::Jws(_) => "malformed_jws",
            V::IssuerMismatch => "issuer_mismatch",
            V::MissingSubject => "missing_sub",
            V::SubjectTooLong { .. } => "sub_too_long",
            V::AudienceMismatch => "audience_mismatch",
            V::MissingAudience => "missing_aud",
            V::UntrustedAudience => "untrusted_audience",
            V::AzpMismatch => "azp_mismatch",
            V::MissingIssuedAt => "missing_iat",
            V::Expired { .. } => "expired",
            V::NotYetValid { .. } => "not_yet_valid",
            V::IssuedInFuture { .. } => "issued_in_future",
            V::NonceMismatch => "nonce_mismatch",
            V::MissingNonce => "missing_nonce",
            V::AtHashMismatch => "at_hash_mismatch",
            V::MissingAtHash => "missing_at_hash",
            V::MissingAuthTime => "auth_time_missing",
            V::AuthenticationTooOld { .. } => "auth_too_old",
            other => return format!("unmapped {other:?}"),
        },
        Err(CompletionError::Response(e)) => return format!("response error {e:?}"),
        Err(other) => return format!("unexpected error {other:?}"),
    };
    s.to_string()
}

#[test]
fn every_minted_case_reaches_its_expected_outcome() {
    let cases = cases();
    assert!(cases.len() >= 70, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let now = UnixTime::from_secs(case["now"].as_u64().unwrap()).unwrap();
        let config = config(case);
        let keys = KeySet::parse(case["jwks"].to_string().as_bytes(), now).unwrap();
        let fragment = case["fragment"].as_str().unwrap();
        let outcome = pending(case, &config, now).complete(&config, fragment, &keys, now);
        let got = slug(&outcome);
        let expected = case["expected"].as_str().unwrap();
        if got != expected {
            failures.push(format!(
                "{name}: expected {expected}, got {got} ({:?})",
                outcome.as_ref().err()
            ));
            continue;
        }
        if let Ok(Completion::RefreshKeys(refresh)) = outcome {
            // A27: fetch again, retry with the same redirect: accepted. The
            // same unknown kid right after that refresh is not refetched.
            let after = case.get("jwks_after_refresh");
            let want_after = case.get("expected_after_refresh").and_then(Value::as_str);
            match (after, want_after) {
                (Some(jwks), Some(want)) => {
                    let fresh =
                        KeySet::parse_refreshed(jwks.to_string().as_bytes(), now, refresh.kid())
                            .unwrap();
                    let retry = refresh
                        .into_pending()
                        .complete(&config, fragment, &fresh, now);
                    if slug(&retry) != want {
                        failures.push(format!(
                            "{name} after refresh: expected {want}, got {}",
                            slug(&retry)
                        ));
                    }
                }
                _ => {
                    let stale = KeySet::parse_refreshed(
                        case["jwks"].to_string().as_bytes(),
                        now,
                        refresh.kid(),
                    )
                    .unwrap();
                    let retry = refresh
                        .into_pending()
                        .complete(&config, fragment, &stale, now);
                    if retry.as_ref().err()
                        != Some(&CompletionError::Verify(VerifyError::UnknownKeyId))
                    {
                        failures.push(format!(
                            "{name}: a second refresh for the same kid was not refused: {}",
                            slug(&retry)
                        ));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn userinfo_claims_are_exposed_typed() {
    let cases = cases();
    let case = cases
        .iter()
        .find(|c| c["name"] == "scope-userinfo-claims-id_token")
        .unwrap();
    let expected = &case["expected_claims"];
    let now = UnixTime::from_secs(case["now"].as_u64().unwrap()).unwrap();
    let config = config(case);
    let keys = KeySet::parse(case["jwks"].to_string().as_bytes(), now).unwrap();
    let fragment = case["fragment"].as_str().unwrap();
    let Ok(Completion::Tokens(tokens)) =
        pending(case, &config, now).complete(&config, fragment, &keys, now)
    else {
        panic!("accept expected")
    };
    let claims = tokens.id_token().claims();
    let text = |v: Option<oidc_implicit::JsonStr<'_>>| v.map(|s| s.to_string_decoded());
    for (name, got) in [
        ("sub", text(claims.sub())),
        ("name", text(claims.name())),
        ("given_name", text(claims.given_name())),
        ("family_name", text(claims.family_name())),
        ("email", text(claims.email())),
        ("phone_number", text(claims.phone_number())),
        ("picture", text(claims.picture())),
        ("locale", text(claims.locale())),
    ] {
        assert_eq!(got.as_deref(), expected[name].as_str(), "{name}");
    }
    assert_eq!(claims.email_verified(), Some(true));
    assert_eq!(claims.updated_at(), expected["updated_at"].as_u64());
    let address: Value = serde_json::from_str(claims.address_json().unwrap()).unwrap();
    assert_eq!(address, expected["address"]);
    let payload: Value = serde_json::from_str(tokens.id_token().payload_json()).unwrap();
    assert_eq!(&payload, expected);
    assert_eq!(tokens.id_token().algorithm(), Algorithm::Rs256);
}
