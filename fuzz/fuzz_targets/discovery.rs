//! Arbitrary bytes as an OpenID Provider metadata document
//! (`ProviderMetadata::parse`), then `client_config` on what parses.
//!
//! Oracles: the reader without serde and its serde twin read the document
//! alike (the same members, or the same error); what parses is JSON
//! serde_json accepts, without duplicate names;
//! every value the library reports equals what serde_json reads from the
//! same document (issuer, endpoints, the response types and modes, the
//! algorithms, RFC 9207 support), the issuer is exactly the expected one,
//! and a configuration built from it carries the same values.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oidc_implicit::fuzzing::discovery_parsers_agree;
use oidc_implicit::{Algorithm, ProviderMetadata, ResponseMode, ResponseType};
use serde_json::Value;

const ISSUER: &str = "https://op.example.test";
const ALGS: [Algorithm; 7] = [
    Algorithm::Rs256,
    Algorithm::Rs384,
    Algorithm::Rs512,
    Algorithm::Ps256,
    Algorithm::Ps384,
    Algorithm::Ps512,
    Algorithm::Es256,
];

/// RFC 6749 §3.1.1 response_type: space-separated, order-free, no repeats.
fn response_type(text: &str) -> Option<ResponseType> {
    let mut words: Vec<&str> = text.split(' ').collect();
    words.sort_unstable();
    match words.as_slice() {
        ["id_token"] => Some(ResponseType::IdToken),
        ["id_token", "token"] => Some(ResponseType::IdTokenToken),
        ["token"] => Some(ResponseType::Token),
        _ => None,
    }
}

fuzz_target!(|data: &[u8]| {
    assert!(
        discovery_parsers_agree(data),
        "discovery readers disagree on {:?}",
        String::from_utf8_lossy(data)
    );
    let Ok(m) = ProviderMetadata::parse(data, ISSUER) else {
        return;
    };
    if fuzz_support::json::serde_json_cannot_judge(data) {
        return;
    }
    let parsed = fuzz_support::json::parse(data).unwrap_or_else(|| {
        panic!(
            "accepted metadata refused by serde_json: {:?}",
            String::from_utf8_lossy(data)
        )
    });
    assert!(
        !parsed.has_duplicates,
        "metadata with duplicate names accepted"
    );
    let doc = parsed.value.as_object().expect("metadata is an object");
    let text = |k: &str| doc.get(k).and_then(Value::as_str);
    let list = |k: &str| -> Option<Vec<&str>> {
        doc.get(k).and_then(Value::as_array).map(|a| {
            a.iter()
                .map(|v| v.as_str().expect("list of strings"))
                .collect()
        })
    };

    assert_eq!(text("issuer"), Some(ISSUER), "issuer");
    assert_eq!(m.issuer(), ISSUER);
    assert_eq!(
        text("authorization_endpoint"),
        Some(m.authorization_endpoint())
    );
    assert_eq!(text("jwks_uri"), Some(m.jwks_uri()));
    assert_eq!(text("end_session_endpoint"), m.end_session_endpoint());
    let types = list("response_types_supported").expect("response_types_supported");
    for rt in [
        ResponseType::IdToken,
        ResponseType::IdTokenToken,
        ResponseType::Token,
    ] {
        let listed = types.iter().any(|t| response_type(t) == Some(rt));
        assert_eq!(m.supports_response_type(rt), listed, "{rt:?} in {types:?}");
    }
    let modes = list("response_modes_supported").unwrap_or_default();
    assert!(m.supports_response_mode(ResponseMode::Fragment));
    assert_eq!(
        m.supports_response_mode(ResponseMode::FormPost),
        modes.contains(&"form_post"),
        "form_post in {modes:?}"
    );
    let algs = list("id_token_signing_alg_values_supported");
    for alg in ALGS {
        let listed = match &algs {
            None => alg == Algorithm::Rs256,
            Some(l) => l.contains(&alg.name()),
        };
        assert_eq!(
            m.id_token_algorithms().contains(alg),
            listed,
            "{alg:?} in {algs:?}"
        );
    }
    let iss_supported = doc
        .get("authorization_response_iss_parameter_supported")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    assert_eq!(m.iss_parameter_supported(), iss_supported);

    if let Ok(builder) = m.client_config("client-abc", "https://app.example.test/cb")
        && let Ok(config) = builder.build()
    {
        assert_eq!(config.issuer(), ISSUER);
        assert_eq!(config.authorization_endpoint(), m.authorization_endpoint());
        assert_eq!(config.end_session_endpoint(), m.end_session_endpoint());
        assert_eq!(config.provider_sends_iss(), iss_supported);
        let allowed = config.allowed_algorithms();
        assert!(!allowed.is_empty());
        for alg in ALGS {
            if allowed.contains(alg) {
                assert!(
                    m.id_token_algorithms().contains(alg),
                    "{alg:?} allowed but not offered"
                );
            }
        }
    }
});
