//! ID-token cases minted by an independent JOSE implementation (Python
//! jwcrypto, `tests/fixtures/jose/mint.py`): every OIDF Implicit RP
//! certification behaviour of SPEC.md Part A that concerns the ID token, and
//! the negative cases of the JOSE issue. Each case is a fragment as the
//! provider would send it, with the key set it serves and the outcome the
//! library must reach (see `cases.json`'s `slugs`).
#![cfg(feature = "alloc")]

use oidc_implicit::{Algorithm, Completion, CompletionError, JwsError, KeySet, VerifyError};
use serde_json::Value;

use crate::support::{case, cases, config, keys, now, pending};

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
        let (now, config, keys) = (now(case), config(case), keys(case));
        let fragment = case["fragment"].as_str().unwrap();
        let outcome = pending(case, &config).complete(&config, fragment, &keys, now);
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

/// `fragment` with the values of `id_token` and `access_token` rewritten
/// by `escape` (the rest as it was).
fn with_tokens_escaped(fragment: &str, escape: impl Fn(&str) -> String) -> String {
    let (before, params) = match fragment.split_once('#') {
        Some((url, params)) => (format!("{url}#"), params),
        None => (String::new(), fragment),
    };
    let params: Vec<String> = params
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name @ ("id_token" | "access_token"), value)) => {
                format!("{name}={}", escape(value))
            }
            _ => pair.to_string(),
        })
        .collect();
    format!("{before}{}", params.join("&"))
}

/// The decoded `value`, escaped again: `%XX` for the bytes `pick` chooses
/// by position (alternating upper- and lower-case hex) and for those that
/// must be (`%`, `+`, `&`, `#`, non-ASCII).
fn percent(value: &str, pick: impl Fn(usize, u8) -> bool) -> String {
    let decoded: Vec<u8> = form_urlencoded::parse(format!("v={value}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned().into_bytes())
        .unwrap_or_default();
    decoded
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            let must = matches!(b, b'%' | b'+' | b'&' | b'#') || !b.is_ascii();
            match (pick(i, b) || must, i % 2) {
                (true, 0) => format!("%{b:02X}"),
                (true, _) => format!("%{b:02x}"),
                (false, _) => char::from(b).to_string(),
            }
        })
        .collect()
}

/// What a caller sees of an outcome, to compare two of them.
fn observed(outcome: &Result<Completion<'_>, CompletionError>) -> String {
    match outcome {
        Ok(Completion::Tokens(t)) => format!(
            "tokens {:?} {} {} {} {:?}",
            t.id_token().algorithm(),
            t.id_token().expires_at(),
            t.id_token().issued_at(),
            t.id_token().payload_json(),
            t.access_token()
                .map(|a| a.value().bytes().collect::<Vec<u8>>()),
        ),
        Ok(Completion::RefreshKeys(r)) => format!("refresh {}", r.kid()),
        Ok(other) => format!("{other:?}"),
        Err(e) => format!("error {e:?}"),
    }
}

/// A token may arrive percent-encoded (legal in a fragment or a form body,
/// if unusual). Escaped dots, every character, or every third: each case
/// ends exactly as it does plain, accepted with the same tokens or refused
/// with the same error, across the 256-byte chunks the escaped path
/// decodes and hashes in.
#[test]
fn escaping_the_tokens_changes_no_outcome() {
    type Pick = fn(usize, u8) -> bool;
    let styles: [(&str, Pick); 3] = [
        ("dots", |_, b| b == b'.'),
        ("every character", |_, _| true),
        ("every third", |i, _| i % 3 == 1),
    ];
    let mut checked = 0;
    for case in &cases() {
        let name = case["name"].as_str().unwrap();
        let (now, config, keys) = (now(case), config(case), keys(case));
        let fragment = case["fragment"].as_str().unwrap();
        let plain = pending(case, &config).complete(&config, fragment, &keys, now);
        for (style, pick) in styles {
            let escaped = with_tokens_escaped(fragment, |v| percent(v, pick));
            if escaped == fragment {
                continue;
            }
            let outcome = pending(case, &config).complete(&config, &escaped, &keys, now);
            assert_eq!(
                observed(&outcome),
                observed(&plain),
                "{name}, {style} escaped"
            );
            let mut slot = None;
            let into =
                pending(case, &config).complete_into(&config, &escaped, &keys, now, &mut slot);
            assert_eq!(
                into.err(),
                outcome.as_ref().err().cloned(),
                "{name}, {style}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 150, "{checked} escaped variants");
}

#[test]
fn userinfo_claims_are_exposed_typed() {
    let case = &case("scope-userinfo-claims-id_token");
    let expected = &case["expected_claims"];
    let (now, config, keys) = (now(case), config(case), keys(case));
    let fragment = case["fragment"].as_str().unwrap();
    let Ok(Completion::Tokens(tokens)) =
        pending(case, &config).complete(&config, fragment, &keys, now)
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
