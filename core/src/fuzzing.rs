//! **Not part of the API.** Entry points into crate-private parsers for the
//! fuzz targets in `fuzz/` (behind the `dangerous-test-hooks` feature). They
//! add no behaviour: each runs exactly the code the public API runs.

use crate::form::{FormError, FormParams, FormValue};
use crate::jose::jws::{self, JwsError, Segment, Segments};
use crate::jose::{StandardClaims, VerifyError};
use crate::json::JsonError;
use crate::limits::MAX_JWS_HEADER_LEN;

/// Splits a compact JWS and parses its protected header, as ID-token
/// verification does before any key is looked at.
pub fn jws_header(token: &str) -> Result<(), VerifyError> {
    let compact = jws::split(token)?;
    let mut buf = [0u8; MAX_JWS_HEADER_LEN];
    let decoded = jws::decode(compact.header, &mut buf, Segment::Header)?;
    jws::parse_header(decoded)?;
    Ok(())
}

/// Whether the JWS header reader (without serde) and its serde twin read
/// the decoded header `decoded` the same.
pub fn jws_header_parsers_agree(decoded: &[u8]) -> bool {
    jws::header_parsers_agree(decoded)
}

/// Parses an ID-token payload into the claims that decisions are made on,
/// then reads every standard claim.
pub fn claims(payload: &[u8]) -> Result<(), JsonError> {
    let _claims = crate::jose::claims::CoreClaims::parse(payload)?;
    let standard = StandardClaims::parse(payload);
    let _ = (
        standard.sub(),
        standard.name(),
        standard.email_verified(),
        standard.updated_at(),
        standard.address_json(),
    );
    Ok(())
}

/// Whether the claims reader (without serde) and its serde twin read
/// `payload` the same: the same claims, or the same error.
pub fn claims_parsers_agree(payload: &[u8]) -> bool {
    crate::jose::claims::parsers_agree(payload)
}

/// Whether the standard-claims reader (without serde) and its serde twin
/// read `payload` the same: the same text for every claim, or both refuse.
pub fn standard_claims_parsers_agree(payload: &[u8]) -> bool {
    crate::jose::standard_claims::parsers_agree(payload)
}

/// Whether the URI splitter used for redirect matching and configuration
/// checks cuts `text` where fluent-uri's own accessors do (or both refuse).
pub fn uri_split_agrees(text: &str) -> bool {
    crate::uri::split(text) == crate::uri::fluent_parts(text)
}

/// Whether the discovery-document reader (without serde) and its serde
/// twin read `document` the same: the same members, or the same error.
pub fn discovery_parsers_agree(document: &[u8]) -> bool {
    crate::discovery::parsers_agree(document)
}

/// Whether the JWK Set reader (without serde) and its serde twin read
/// `jwks` the same, and each of its entries too: the same members, or the
/// same error.
pub fn jwks_parsers_agree(jwks: &[u8]) -> bool {
    crate::jose::jwks::parsers_agree(jwks)
}

/// Decodes a JWS segment strictly (as ID-token verification does).
pub fn base64url_segment<'b>(encoded: &str, buf: &'b mut [u8]) -> Result<&'b [u8], JwsError> {
    jws::decode(encoded, buf, Segment::Payload)
}

/// Parses form-encoded text (fragment or form_post body) and calls `each`
/// with every pair in order, as the redirect parser sees them.
pub fn form_pairs(
    input: &str,
    mut each: impl FnMut(FormValue<'_>, FormValue<'_>),
) -> Result<(), FormError> {
    let params = FormParams::parse(input, 0)?;
    for pair in params.pairs() {
        each(pair.name, pair.value);
    }
    Ok(())
}

/// Percent-encodes `text` the way authorize URLs are written.
pub fn percent_encode(out: &mut dyn core::fmt::Write, text: &str) -> core::fmt::Result {
    crate::form::percent_encode(out, text)
}

/// Verifies a compact JWS with a key from `keys` (header rules, allow-list,
/// key selection, signature) as ID-token verification does, without the
/// claims checks: `Ok(true)` when verified, `Ok(false)` when the `kid` is
/// unknown (a key refresh would be asked for).
pub fn verify_compact(
    token: &str,
    keys: &crate::KeySet,
    allowed: crate::AlgorithmSet,
    now: crate::UnixTime,
) -> Result<bool, VerifyError> {
    verify_segments(Segments::of_text(token)?, keys, allowed, now)
}

/// [`verify_compact`] on the value of the parameter `v` of the form body
/// `body`, percent-encoded any way, as a redirect's `id_token` is verified
/// (split, decoded and hashed from the escaped text). `None` when `body`
/// is not a valid form or has no non-empty `v`.
pub fn verify_compact_in_form(
    body: &str,
    keys: &crate::KeySet,
    allowed: crate::AlgorithmSet,
    now: crate::UnixTime,
) -> Option<Result<bool, VerifyError>> {
    let params = FormParams::parse(body, 0).ok()?;
    let token = params.get("v")?;
    Some(
        Segments::of_value(token)
            .map_err(VerifyError::from)
            .and_then(|jws| verify_segments(jws, keys, allowed, now)),
    )
}

fn verify_segments(
    jws: Segments<'_>,
    keys: &crate::KeySet,
    allowed: crate::AlgorithmSet,
    now: crate::UnixTime,
) -> Result<bool, VerifyError> {
    use crate::jose::jwt::{JwsOutcome, JwsRules, Payload, TokenKind, verify_jws};
    let rules = JwsRules {
        keys,
        allowed,
        kind: TokenKind::IdToken,
        now,
        refresh_cooldown: 0,
    };
    Ok(matches!(
        verify_jws(jws, &rules, &mut Payload::new())?,
        JwsOutcome::Verified(_)
    ))
}
