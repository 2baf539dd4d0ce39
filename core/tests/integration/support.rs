//! Fixture access shared by the test modules: the jwcrypto-minted cases in
//! `tests/fixtures/jose/` and the configuration and pending authorization
//! each case implies.

use oidc_implicit::{
    Algorithm, AlgorithmSet, ClientConfig, KeySet, PendingAuthorization, ResponseMode,
    ResponseType, UnixTime,
};
use serde_json::Value;

/// Reads and parses `tests/fixtures/jose/<name>`.
pub fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/../tests/fixtures/jose/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every case of `cases.json`.
pub fn cases() -> Vec<Value> {
    let doc = fixture("cases.json");
    assert_eq!(
        doc["leeway_seconds"], 60,
        "the fixtures assume the default leeway"
    );
    doc["cases"].as_array().unwrap().clone()
}

/// The case named `name`.
pub fn case(name: &str) -> Value {
    cases()
        .into_iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no case {name}"))
}

/// The case's clock.
pub fn now(case: &Value) -> UnixTime {
    UnixTime::from_secs(case["now"].as_u64().unwrap()).unwrap()
}

/// The client configuration a case assumes (issuer, client, allowed
/// algorithms, trusted audiences).
pub fn config(case: &Value) -> ClientConfig {
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
    if let Some(list) = case.get("trusted_audiences").and_then(Value::as_array) {
        for audience in list {
            builder = builder.trust_audience(audience.as_str().unwrap());
        }
    }
    builder.build().unwrap()
}

/// The key set the case's provider serves, loaded at the case's clock.
pub fn keys(case: &Value) -> KeySet {
    KeySet::parse(case["jwks"].to_string().as_bytes(), now(case)).unwrap()
}

/// A pending authorization with the state and nonce the case's tokens
/// were minted for, created a few seconds before the case's clock.
pub fn pending(case: &Value, config: &ClientConfig) -> PendingAuthorization {
    PendingAuthorization::dangerous_with_known_values(
        config,
        ResponseType::parse(case["response_type"].as_str().unwrap()).unwrap(),
        ResponseMode::Fragment,
        "openid",
        case["state"].as_str().unwrap(),
        Some(case["nonce"].as_str().unwrap()),
        case["max_age"].as_u64(),
        now(case).saturating_sub(5),
    )
    .unwrap()
}
