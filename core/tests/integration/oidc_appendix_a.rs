//! OpenID Connect Core 1.0 Appendix A.2 (`id_token`) and A.3
//! (`id_token token`) redirects, verbatim from the specification (copied into
//! `tests/fixtures/jose/external.json` by the minting script, which verifies
//! them with jwcrypto), checked at the spec's clock: state and response
//! shape; and the malformed variants of SPEC.md B1/B3 rejected.

use oidc_implicit::{
    ClientConfig, PendingAuthorization, Redirected, ResponseError, ResponseMode, ResponseParameter,
    ResponseType, UnixTime,
};
use serde_json::Value;

struct Vector {
    // Only the verifying test (RSA, hence `alloc`) reads the key set.
    #[cfg_attr(not(feature = "alloc"), allow(dead_code))]
    jwks: String,
    response_type: ResponseType,
    location: String,
    fragment: String,
    redirect_uri: String,
    issuer: String,
    client_id: String,
    state: String,
    nonce: String,
    now: u64,
}

fn vectors() -> Vec<Vector> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/jose/external.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let s = |v: &Value, k: &str| v[k].as_str().unwrap_or_else(|| panic!("{k}")).to_string();
    doc["vectors"]
        .as_array()
        .unwrap_or_else(|| panic!("vectors"))
        .iter()
        .filter(|v| {
            v["name"]
                .as_str()
                .is_some_and(|n| n.starts_with("oidc-core-a2") || n.starts_with("oidc-core-a3"))
        })
        .map(|v| Vector {
            jwks: v["jwks"].to_string(),
            response_type: ResponseType::parse(&s(v, "response_type"))
                .unwrap_or_else(|e| panic!("{e}")),
            location: s(v, "location"),
            fragment: s(v, "fragment"),
            redirect_uri: s(v, "redirect_uri"),
            issuer: s(v, "issuer"),
            client_id: s(v, "client_id"),
            state: s(v, "state"),
            nonce: s(v, "nonce"),
            now: v["now"].as_u64().unwrap_or_else(|| panic!("now")),
        })
        .collect()
}

fn config(v: &Vector) -> ClientConfig {
    ClientConfig::builder(&v.issuer, &v.client_id, &v.redirect_uri)
        .authorization_endpoint("https://server.example.com/authorize")
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn pending(v: &Vector, config: &ClientConfig) -> PendingAuthorization {
    let created = UnixTime::from_secs(v.now - 30).unwrap_or_else(|| panic!("time"));
    pending_with(v, config, &v.nonce, created)
}

/// A pending authorization for the vector's request, with `nonce`, made at
/// `created`.
fn pending_with(
    v: &Vector,
    config: &ClientConfig,
    nonce: &str,
    created: UnixTime,
) -> PendingAuthorization {
    PendingAuthorization::dangerous_with_known_values(
        config,
        v.response_type,
        ResponseMode::Fragment,
        "openid",
        &v.state,
        Some(nonce),
        None,
        created,
    )
    .unwrap_or_else(|| panic!("pending"))
}

fn run(v: &Vector, input: &str) -> Result<Redirected<'static>, ResponseError> {
    let config = config(v);
    let now = UnixTime::from_secs(v.now).unwrap_or_else(|| panic!("time"));
    let input: &'static str = Box::leak(input.to_string().into_boxed_str());
    pending(v, &config).accept_redirect(&config, input, now)
}

#[test]
fn appendix_a_redirects_pass_state_and_shape_checks() {
    let vectors = vectors();
    assert_eq!(vectors.len(), 2, "A.2 and A.3");
    for v in &vectors {
        for input in [
            v.location.clone(),
            format!("#{}", v.fragment),
            v.fragment.clone(),
        ] {
            match run(v, &input) {
                Ok(Redirected::IdToken(u)) => assert_eq!(u.response_type(), v.response_type),
                other => panic!("{input}: {other:?}"),
            }
        }
    }
}

#[test]
fn appendix_a_malformed_variants_are_rejected() {
    use ResponseError as E;
    use ResponseParameter as P;
    for v in vectors() {
        let f = &v.fragment;
        let it = v.response_type == ResponseType::IdTokenToken;
        let without = |name: &str| {
            f.split('&')
                .filter(|p| !p.starts_with(&format!("{name}=")))
                .collect::<Vec<_>>()
                .join("&")
        };
        let mut cases: Vec<(String, String, E)> = vec![
            ("state removed".into(), without("state"), E::MissingState),
            (
                "state altered".into(),
                f.replace("state=af0ifjsldkj", "state=af0ifjsldkJ"),
                E::StateMismatch,
            ),
            (
                "state repeated".into(),
                format!("{f}&state=af0ifjsldkj"),
                E::Malformed(oidc_implicit::FormError::Repeated {
                    offset: f.len() + 1,
                }),
            ),
            (
                "id_token removed".into(),
                without("id_token"),
                E::MissingParameter(P::IdToken),
            ),
            (
                "code added".into(),
                format!("{f}&code=Qcb0Orv1"),
                E::UnexpectedParameter(P::Code),
            ),
            (
                "iss of another issuer".into(),
                format!("{f}&iss=https%3A%2F%2Fevil.example.com"),
                E::IssuerMismatch,
            ),
            (
                "response in the query".into(),
                format!("{}?{f}", v.redirect_uri),
                E::ResponseInQuery,
            ),
            (
                "another redirect uri".into(),
                format!("https://client.example.org/cb2#{f}"),
                E::RedirectUriMismatch,
            ),
            (
                "bad escape".into(),
                format!("{f}&x=%G0"),
                E::Malformed(oidc_implicit::FormError::BadEscape {
                    offset: f.len() + 3,
                }),
            ),
        ];
        if it {
            cases.push((
                "access_token removed".into(),
                without("access_token"),
                E::MissingParameter(P::AccessToken),
            ));
            cases.push((
                "token_type removed".into(),
                without("token_type"),
                E::MissingParameter(P::TokenType),
            ));
            cases.push((
                "token_type MAC".into(),
                f.replace("token_type=Bearer", "token_type=MAC"),
                E::UnsupportedTokenType,
            ));
        } else {
            cases.push((
                "access token injected".into(),
                format!(
                    "access_token=jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y&token_type=Bearer&{f}"
                ),
                E::UnexpectedParameter(P::AccessToken),
            ));
        }
        for (name, input, expected) in cases {
            assert_eq!(
                run(&v, &input).err(),
                Some(expected),
                "{:?}: {name}",
                v.response_type
            );
        }
        // After the pending authorization's lifetime the redirect is refused.
        let config = config(&v);
        let late = UnixTime::from_secs(v.now + 3600).unwrap_or_else(|| panic!("time"));
        assert!(matches!(
            pending(&v, &config).accept_redirect(&config, &v.location, late),
            Err(E::PendingExpired { .. })
        ));
    }
}

/// The full verification: the ID tokens of A.2 and A.3 verify with the A.7
/// key at the spec's clock, and fail with the right error when one input is
/// changed.
#[cfg(feature = "alloc")]
#[test]
fn appendix_a_id_tokens_verify_and_fail_for_the_right_reason() {
    use oidc_implicit::{Completion, CompletionError, KeySet, VerifyError};
    for v in vectors() {
        let now = UnixTime::from_secs(v.now).unwrap();
        let keys = KeySet::parse(v.jwks.as_bytes(), now).unwrap();
        let config = config(&v);
        match pending(&v, &config).complete(&config, &v.location, &keys, now) {
            Ok(Completion::Tokens(tokens)) => {
                let claims = tokens.id_token().claims();
                assert_eq!(
                    claims.sub().map(|s| s.to_string_decoded()).as_deref(),
                    Some("248289761001")
                );
                assert_eq!(tokens.id_token().expires_at(), 1_311_281_970);
                assert_eq!(
                    tokens.access_token().is_some(),
                    v.response_type == ResponseType::IdTokenToken
                );
            }
            other => panic!("{:?}: {other:?}", v.response_type),
        }

        // Wrong nonce in the pending authorization.
        let created = UnixTime::from_secs(v.now - 30).unwrap();
        let wrong_nonce = pending_with(&v, &config, "n-0S6_WzA2Mk", created);
        assert_eq!(
            wrong_nonce.complete(&config, &v.location, &keys, now).err(),
            Some(CompletionError::Verify(VerifyError::NonceMismatch))
        );

        // Another client_id: the ID token's aud is not ours.
        let other = ClientConfig::builder(&v.issuer, "another-client", &v.redirect_uri)
            .authorization_endpoint("https://server.example.com/authorize")
            .build()
            .unwrap();
        let p = pending_with(&v, &other, &v.nonce, created);
        assert_eq!(
            p.complete(&other, &v.location, &keys, now).err(),
            Some(CompletionError::Verify(VerifyError::AudienceMismatch))
        );

        // The clock at exp (+ leeway, which extends it): expired.
        let at_exp = UnixTime::from_secs(1_311_281_970 + 60).unwrap();
        let late_pending = pending_with(&v, &config, &v.nonce, at_exp);
        assert!(matches!(
            late_pending.complete(&config, &v.location, &keys, at_exp),
            Err(CompletionError::Verify(VerifyError::Expired {
                exp: 1_311_281_970,
                ..
            }))
        ));
        // One second earlier it is still inside the leeway.
        let inside = UnixTime::from_secs(1_311_281_970 + 59).unwrap();
        let fresh_pending = pending_with(&v, &config, &v.nonce, inside);
        assert!(matches!(
            fresh_pending.complete(&config, &v.location, &keys, inside),
            Ok(Completion::Tokens(_))
        ));

        // A key set without kid 1e9gdk7: the host is told to fetch keys again.
        let rfc7515_ec = br#"{"keys":[{"kty":"EC","kid":"other","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]}"#;
        let stale = KeySet::parse(rfc7515_ec, now).unwrap();
        match pending(&v, &config).complete(&config, &v.location, &stale, now) {
            Ok(Completion::RefreshKeys(refresh)) => {
                assert_eq!(refresh.kid(), "1e9gdk7");
                let fresh = KeySet::parse_refreshed(v.jwks.as_bytes(), now, refresh.kid()).unwrap();
                assert!(matches!(
                    refresh
                        .into_pending()
                        .complete(&config, &v.location, &fresh, now),
                    Ok(Completion::Tokens(_))
                ));
            }
            other => panic!("{other:?}"),
        }
    }
}
