//! Discovery, RP-initiated logout, the RFC 9068 access-token entry point
//! (tokens minted by jwcrypto: `tests/fixtures/jose/mint_rfc9068.py`), and
//! the no-allocator build's refusal of RSA tokens.

use std::collections::BTreeMap;

use oidc_implicit::{
    Algorithm, AlgorithmSet, ClientConfig, ConfigError, DiscoveryError, LogoutError, LogoutRequest,
    ProviderMetadata, ResponseMode, ResponseType, UrlField,
};
use serde_json::{Value, json};

const ISSUER: &str = "https://op.example.test";

fn discovery(overrides: Value) -> Vec<u8> {
    let mut doc = json!({
        "issuer": ISSUER,
        "authorization_endpoint": "https://op.example.test/authorize",
        "jwks_uri": "https://op.example.test/jwks",
        "end_session_endpoint": "https://op.example.test/logout",
        "response_types_supported": ["code", "id_token", "token id_token"],
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256", "PS256", "HS256", "none"],
        "authorization_response_iss_parameter_supported": true
    });
    for (k, v) in overrides.as_object().unwrap() {
        if v.is_null() {
            doc.as_object_mut().unwrap().remove(k);
        } else {
            doc[k] = v.clone();
        }
    }
    doc.to_string().into_bytes()
}

#[test]
fn discovery_document_is_read_and_checked() {
    let m = ProviderMetadata::parse(&discovery(json!({})), ISSUER).unwrap();
    assert_eq!(m.issuer(), ISSUER);
    assert_eq!(m.jwks_uri(), "https://op.example.test/jwks");
    assert_eq!(
        m.end_session_endpoint(),
        Some("https://op.example.test/logout")
    );
    assert!(m.supports_response_type(ResponseType::IdToken));
    assert!(
        m.supports_response_type(ResponseType::IdTokenToken),
        "order-insensitive"
    );
    assert!(!m.supports_response_type(ResponseType::Token));
    assert!(m.supports_response_mode(ResponseMode::FormPost));
    assert!(m.iss_parameter_supported());
    // none and HS256 are not representable; PS256 is known but outside the
    // client's default allow-list.
    assert_eq!(
        m.id_token_algorithms(),
        AlgorithmSet::EMPTY
            .with(Algorithm::Rs256)
            .with(Algorithm::Ps256)
    );
    let config = m
        .client_config("client-abc", "https://app.example.test/cb")
        .unwrap()
        .build()
        .unwrap();
    assert!(config.provider_sends_iss());
    assert_eq!(
        config.allowed_algorithms(),
        AlgorithmSet::EMPTY.with(Algorithm::Rs256)
    );
    assert_eq!(
        config.end_session_endpoint(),
        Some("https://op.example.test/logout")
    );

    let without_modes = ProviderMetadata::parse(
        &discovery(json!({"response_modes_supported": null})),
        ISSUER,
    )
    .unwrap();
    assert!(
        !without_modes.supports_response_mode(ResponseMode::FormPost),
        "default modes are query and fragment"
    );
    assert!(without_modes.supports_response_mode(ResponseMode::Fragment));
}

#[test]
fn discovery_refusals() {
    let cases: Vec<(&str, Vec<u8>, &str, DiscoveryError)> = vec![
        // OIDF rp-discovery-issuer-not-matching-config (A28, python variant).
        (
            "issuer mismatch",
            discovery(json!({"issuer": "https://example.com"})),
            ISSUER,
            DiscoveryError::IssuerMismatch,
        ),
        (
            "trailing slash",
            discovery(json!({})),
            "https://op.example.test/",
            DiscoveryError::IssuerMismatch,
        ),
        (
            "no issuer",
            discovery(json!({"issuer": null})),
            ISSUER,
            DiscoveryError::MissingField { name: "issuer" },
        ),
        (
            "no jwks_uri",
            discovery(json!({"jwks_uri": null})),
            ISSUER,
            DiscoveryError::MissingField { name: "jwks_uri" },
        ),
        (
            "no authorization_endpoint",
            discovery(json!({"authorization_endpoint": null})),
            ISSUER,
            DiscoveryError::MissingField {
                name: "authorization_endpoint",
            },
        ),
        (
            "http endpoint",
            discovery(json!({"authorization_endpoint": "http://op.example.test/authorize"})),
            ISSUER,
            DiscoveryError::InvalidUrl(ConfigError::InsecureUrl {
                field: UrlField::AuthorizationEndpoint,
            }),
        ),
    ];
    for (name, doc, expected_issuer, expected) in cases {
        assert_eq!(
            ProviderMetadata::parse(&doc, expected_issuer).err(),
            Some(expected),
            "{name}"
        );
    }
    let duplicate = format!(r#"{{"issuer":"{ISSUER}","issuer":"https://evil.test"}}"#);
    assert!(matches!(
        ProviderMetadata::parse(duplicate.as_bytes(), ISSUER),
        Err(DiscoveryError::Json(_))
    ));
    let hmac_only = ProviderMetadata::parse(
        &discovery(json!({"id_token_signing_alg_values_supported": ["HS256"]})),
        ISSUER,
    )
    .unwrap();
    assert_eq!(
        hmac_only.client_config("c", "https://app/cb").err(),
        Some(DiscoveryError::NoCommonAlgorithm)
    );
}

fn query(url: &str) -> BTreeMap<String, String> {
    let (_, q) = url.split_once('?').unwrap();
    let mut map = BTreeMap::new();
    for (k, v) in form_urlencoded::parse(q.as_bytes()) {
        assert!(
            map.insert(k.to_string(), v.to_string()).is_none(),
            "{k} repeated"
        );
    }
    map
}

#[test]
fn logout_url() {
    let config = ClientConfig::builder(ISSUER, "client-abc", "https://app.example.test/cb")
        .authorization_endpoint("https://op.example.test/authorize")
        .end_session_endpoint("https://op.example.test/logout?tenant=a")
        .build()
        .unwrap();
    let request = LogoutRequest::new()
        .id_token_hint("eyJ.e30.sig")
        .post_logout_redirect_uri("https://app.example.test/bye")
        .state("s-1 2")
        .ui_locales("fr");
    let url = config.end_session_url(request).unwrap();
    let text = url.to_string();
    assert!(
        text.starts_with("https://op.example.test/logout?tenant=a&client_id=client-abc&"),
        "{text}"
    );
    let q = query(&text);
    assert_eq!(q["id_token_hint"], "eyJ.e30.sig");
    assert_eq!(
        q["post_logout_redirect_uri"],
        "https://app.example.test/bye"
    );
    assert_eq!(q["state"], "s-1 2");
    assert_eq!(q["ui_locales"], "fr");
    let mut small = vec![0u8; url.len() - 1];
    assert_eq!(
        url.write_to_slice(&mut small).err(),
        Some(LogoutError::BufferTooSmall { needed: url.len() })
    );

    assert_eq!(
        config
            .end_session_url(
                LogoutRequest::new().post_logout_redirect_uri("http://app.example.test/bye")
            )
            .err(),
        Some(LogoutError::InvalidPostLogoutRedirectUri(
            ConfigError::InsecureUrl {
                field: UrlField::PostLogoutRedirectUri
            }
        ))
    );
    assert_eq!(
        config.end_session_url(LogoutRequest::new().state("")).err(),
        Some(LogoutError::InvalidState)
    );
    let no_endpoint = ClientConfig::builder(ISSUER, "c", "https://app.example.test/cb")
        .authorization_endpoint("https://op.example.test/authorize")
        .build()
        .unwrap();
    assert_eq!(
        no_endpoint.end_session_url(LogoutRequest::new()).err(),
        Some(LogoutError::NoEndSessionEndpoint)
    );
}

#[cfg(feature = "alloc")]
#[test]
fn rfc9068_access_tokens() {
    use oidc_implicit::{
        AccessTokenExpectations, AccessTokenOutcome, KeySet, UnixTime, VerifyError,
        verify_access_token,
    };
    let doc = crate::support::fixture("rfc9068.json");
    let now = UnixTime::from_secs(doc["now"].as_u64().unwrap()).unwrap();
    let keys = KeySet::parse(doc["jwks"].to_string().as_bytes(), now).unwrap();
    let expect = AccessTokenExpectations::new(
        doc["issuer"].as_str().unwrap(),
        doc["audience"].as_str().unwrap(),
    );
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 10);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let outcome = verify_access_token(case["token"].as_str().unwrap(), &keys, &expect, now);
        let got = match &outcome {
            Ok(AccessTokenOutcome::Verified(token)) => {
                let claims = token.claims();
                assert_eq!(
                    claims.client_id().map(|c| c.to_string_decoded()).as_deref(),
                    Some("client-abc"),
                    "{name}"
                );
                assert_eq!(
                    claims.scope().map(|c| c.to_string_decoded()).as_deref(),
                    Some("openid api:read"),
                    "{name}"
                );
                assert_eq!(
                    claims.jti().map(|c| c.to_string_decoded()).as_deref(),
                    Some("at-0001"),
                    "{name}"
                );
                assert_eq!(
                    claims.sub().map(|c| c.to_string_decoded()).as_deref(),
                    Some("user-42"),
                    "{name}"
                );
                "accept"
            }
            Ok(AccessTokenOutcome::RefreshKeys { .. }) => "refresh_keys",
            Err(VerifyError::WrongTokenType) => "wrong_token_type",
            Err(VerifyError::AudienceMismatch) => "audience_mismatch",
            Err(VerifyError::IssuerMismatch) => "issuer_mismatch",
            Err(VerifyError::Expired { .. }) => "expired",
            Err(VerifyError::MissingClaim { name: "client_id" }) => "missing_client_id",
            Err(VerifyError::MissingClaim { name: "jti" }) => "missing_jti",
            Err(VerifyError::MissingSubject) => "missing_sub",
            Err(other) => panic!("{name}: {other:?}"),
            Ok(other) => panic!("{name}: {other:?}"),
        };
        assert_eq!(got, case["expected"].as_str().unwrap(), "{name}");
    }
    // An ID token is not an access token, even when correctly signed.
    let id = crate::support::case("typ-JWT");
    let id_keys = crate::support::keys(&id);
    let as_access = verify_access_token(id["id_token"].as_str().unwrap(), &id_keys, &expect, now);
    assert_eq!(as_access.err(), Some(VerifyError::WrongTokenType));
}

/// Without `alloc`, RSA keys cannot be built: an RS256 token is refused with
/// a clear error before any key is looked at, and ES256 still works.
#[cfg(not(feature = "alloc"))]
#[test]
fn rsa_without_alloc_is_refused_clearly() {
    use crate::support;
    use oidc_implicit::{Completion, CompletionError, VerifyError};
    for (name, expected_rsa) in [("rs256-id_token", true), ("es256-id_token", false)] {
        let case = support::case(name);
        let (now, config) = (support::now(&case), support::config(&case));
        // The RSA keys of the set are skipped; the EC key remains.
        let keys = support::keys(&case);
        let pending = support::pending(&case, &config);
        let outcome = pending.complete(&config, case["fragment"].as_str().unwrap(), &keys, now);
        if expected_rsa {
            assert_eq!(
                outcome.err(),
                Some(CompletionError::Verify(VerifyError::RsaNotCompiledIn)),
                "{name}"
            );
        } else {
            assert!(matches!(outcome, Ok(Completion::Tokens(_))), "{name}");
        }
    }
}
