//! The claims checks of OIDC Core §3.1.3.7 (as §3.2.2.11 applies them to
//! the Implicit flow) and RFC 9068 §4, on a payload whose signature has
//! already been verified.

use heapless::{String, Vec};
use serde::Deserialize;

use crate::jose::hash::{Message, verified_token_hash_matches};
use crate::jose::{Algorithm, VerifyError};
use crate::json::{JsonError, JsonStr, JsonStrOrArray, NumericDate, read_object};
use crate::limits::{MAX_AUDIENCES, MAX_CLIENT_ID_LEN, MAX_SUB_LEN, MAX_TRUSTED_AUDIENCES};
use crate::time::UnixTime;

/// The claims that decisions are made on. Unknown claims are skipped (OIDC
/// Core §2: claims not understood MUST be ignored) but must be valid JSON
/// without duplicate names; a known claim of the wrong JSON type fails the
/// whole token.
///
/// Read by [`CoreClaims::parse`], without `serde`. The `serde` derive is its
/// reference twin: tests and the `json_claims` fuzz target require the two to
/// agree on every input (values and errors).
// The derive costs no code unless used (its impl is generic over the
// deserializer), and only tests and the fuzz hook use it.
#[derive(Default, Debug, Deserialize)]
pub(crate) struct CoreClaims<'a> {
    #[serde(borrow)]
    pub(crate) iss: Option<JsonStr<'a>>,
    #[serde(borrow)]
    pub(crate) sub: Option<JsonStr<'a>>,
    #[serde(borrow)]
    pub(crate) aud: Option<JsonStrOrArray<'a, MAX_AUDIENCES>>,
    #[serde(borrow)]
    pub(crate) azp: Option<JsonStr<'a>>,
    pub(crate) exp: Option<NumericDate>,
    pub(crate) iat: Option<NumericDate>,
    pub(crate) nbf: Option<NumericDate>,
    pub(crate) auth_time: Option<NumericDate>,
    #[serde(borrow)]
    pub(crate) nonce: Option<JsonStr<'a>>,
    #[serde(borrow)]
    pub(crate) at_hash: Option<JsonStr<'a>>,
    #[serde(borrow)]
    pub(crate) acr: Option<JsonStr<'a>>,
    #[serde(borrow)]
    pub(crate) client_id: Option<JsonStr<'a>>,
    #[serde(borrow)]
    pub(crate) jti: Option<JsonStr<'a>>,
}

impl<'a> CoreClaims<'a> {
    /// Reads the claims from a JWT payload: one object, its known members of
    /// their JSON types (or `null`, read as absent), every other member
    /// skipped but checked.
    ///
    /// # Errors
    /// The first problem in the document (the same error that deserializing
    /// through `serde` gives).
    pub(crate) fn parse(payload: &'a [u8]) -> Result<Self, JsonError> {
        let mut c = Self::default();
        read_object(payload, |name, value| {
            // One call site per kind of value, not one per claim: each
            // inlines a whole string or date reader. A login reloads its
            // code after the RSA verification has evicted it from the
            // instruction cache, so one shared copy is fewer lines to
            // reload (BENCHMARKS.md).
            match c.slot(name) {
                Slot::String(claim) => *claim = value.string()?,
                Slot::Date(claim) => *claim = value.date()?,
                Slot::Audience(claim) => *claim = value.strings()?,
                Slot::Other => value.skip()?,
            }
            Ok(())
        })?;
        Ok(c)
    }

    /// Where the value of the member `name` goes.
    fn slot<'c>(&'c mut self, name: &str) -> Slot<'c, 'a> {
        match name {
            "iss" => Slot::String(&mut self.iss),
            "sub" => Slot::String(&mut self.sub),
            "aud" => Slot::Audience(&mut self.aud),
            "azp" => Slot::String(&mut self.azp),
            "exp" => Slot::Date(&mut self.exp),
            "iat" => Slot::Date(&mut self.iat),
            "nbf" => Slot::Date(&mut self.nbf),
            "auth_time" => Slot::Date(&mut self.auth_time),
            "nonce" => Slot::String(&mut self.nonce),
            "at_hash" => Slot::String(&mut self.at_hash),
            "acr" => Slot::String(&mut self.acr),
            "client_id" => Slot::String(&mut self.client_id),
            "jti" => Slot::String(&mut self.jti),
            _ => Slot::Other,
        }
    }
}

/// A [`CoreClaims`] field, by the JSON type its value must have.
enum Slot<'c, 'a> {
    String(&'c mut Option<JsonStr<'a>>),
    Date(&'c mut Option<NumericDate>),
    Audience(&'c mut Option<JsonStrOrArray<'a, MAX_AUDIENCES>>),
    /// A claim this crate does not read: skipped, but checked.
    Other,
}

/// Whether the two readings of one payload, [`CoreClaims::parse`] and the
/// `serde` derive, agree exactly: the same error, or the same claims with
/// the same raw (escaped) text.
#[cfg(any(test, feature = "dangerous-test-hooks"))]
pub(crate) fn parsers_agree(payload: &[u8]) -> bool {
    fn raw(s: Option<JsonStr<'_>>) -> Option<&str> {
        s.map(|s| s.raw())
    }
    fn raws<'s, const N: usize>(
        a: Option<&JsonStrOrArray<'s, N>>,
    ) -> Option<(bool, Vec<&'s str, N>)> {
        a.map(|a| (a.is_array(), a.iter().map(|s| s.raw()).collect()))
    }
    fn strings<'s>(c: &CoreClaims<'s>) -> [Option<&'s str>; 8] {
        [
            c.iss,
            c.sub,
            c.azp,
            c.nonce,
            c.at_hash,
            c.acr,
            c.client_id,
            c.jti,
        ]
        .map(raw)
    }
    let dates = |c: &CoreClaims<'_>| [c.exp, c.iat, c.nbf, c.auth_time];
    crate::json::agrees_with_serde(payload, CoreClaims::parse(payload), |a, b| {
        strings(a) == strings(b)
            && dates(a) == dates(b)
            && raws(a.aud.as_ref()) == raws(b.aud.as_ref())
    })
}

/// What every JWT this crate accepts is checked against.
pub(crate) struct Expectations<'e> {
    pub(crate) issuer: &'e str,
    /// Must be in `aud`.
    pub(crate) audience: &'e str,
    /// Other audiences that may appear in `aud`.
    pub(crate) trusted_audiences: &'e [String<MAX_CLIENT_ID_LEN>],
    /// Whether an audience outside `audience` and `trusted_audiences` fails
    /// the token (ID tokens: yes, OIDC Core §3.1.3.7 (3); access tokens
    /// shared by several resource servers: no).
    pub(crate) reject_untrusted_audiences: bool,
    pub(crate) now: UnixTime,
    pub(crate) leeway: u64,
    pub(crate) max_token_age: Option<u64>,
}

/// `iss`, `aud`, `exp`, `iat`, `nbf`: the checks ID tokens and JWT access
/// tokens share. Returns `(exp, iat)` in whole seconds.
pub(crate) fn check_common(
    claims: &CoreClaims<'_>,
    e: &Expectations<'_>,
) -> Result<(u64, u64), VerifyError> {
    let iss = claims.iss.ok_or(VerifyError::MissingIssuer)?;
    if !iss.eq_str(e.issuer) {
        return Err(VerifyError::IssuerMismatch);
    }
    let aud = claims.aud.as_ref().ok_or(VerifyError::MissingAudience)?;
    if !aud.contains_str(e.audience) {
        return Err(VerifyError::AudienceMismatch);
    }
    let trusted =
        |a: &JsonStr<'_>| a.eq_str(e.audience) || e.trusted_audiences.iter().any(|t| a.eq_str(t));
    if e.reject_untrusted_audiences && !aud.iter().all(|a| trusted(&a)) {
        return Err(VerifyError::UntrustedAudience);
    }
    let now = e.now.as_secs();
    let exp = claims.exp.ok_or(VerifyError::MissingExpiry)?.secs();
    // RFC 7519 §4.1.4: not accepted on or after exp; leeway extends it.
    if now >= exp.saturating_add(e.leeway) {
        return Err(VerifyError::Expired {
            exp,
            now: e.now,
            leeway: e.leeway,
        });
    }
    let iat = claims.iat.ok_or(VerifyError::MissingIssuedAt)?.secs();
    if iat > now.saturating_add(e.leeway) {
        return Err(VerifyError::IssuedInFuture {
            iat,
            now: e.now,
            leeway: e.leeway,
        });
    }
    if let Some(max_age) = e.max_token_age
        && now > iat.saturating_add(max_age).saturating_add(e.leeway)
    {
        return Err(VerifyError::IssuedTooLongAgo {
            iat,
            now: e.now,
            max_age,
        });
    }
    if let Some(nbf) = claims.nbf.map(|n| n.secs())
        && nbf > now.saturating_add(e.leeway)
    {
        return Err(VerifyError::NotYetValid {
            nbf,
            now: e.now,
            leeway: e.leeway,
        });
    }
    Ok((exp, iat))
}

/// What an ID token is checked against beyond [`Expectations`].
pub(crate) struct IdTokenExpectations<'e> {
    pub(crate) nonce: Option<&'e str>,
    pub(crate) alg: Algorithm,
    /// The access token that came with the ID token (in a redirect, still
    /// percent-encoded: `Message::Decoded`).
    pub(crate) access_token: Option<Message<'e>>,
    pub(crate) max_age: Option<u64>,
    pub(crate) required_acr: Option<&'e str>,
}

/// The ID-token-specific checks, after [`check_common`].
pub(crate) fn check_id_token(
    claims: &CoreClaims<'_>,
    common: &Expectations<'_>,
    e: &IdTokenExpectations<'_>,
) -> Result<(), VerifyError> {
    // OIDC Core §3.1.3.7 (4)-(5): a present azp must be this client.
    if claims.azp.is_some_and(|azp| !azp.eq_str(common.audience)) {
        return Err(VerifyError::AzpMismatch);
    }
    if let Some(expected) = e.nonce {
        let nonce = claims.nonce.ok_or(VerifyError::MissingNonce)?;
        if !decoded_matches(nonce, |text| crate::ct::eq(text, expected.as_bytes())) {
            return Err(VerifyError::NonceMismatch);
        }
    }
    check_subject(claims.sub)?;
    if let Some(access_token) = e.access_token {
        // OIDC Core §3.2.2.10: REQUIRED when an access token is issued with
        // the ID token; the hash matches the token's alg.
        let claimed = claims.at_hash.ok_or(VerifyError::MissingAtHash)?;
        let matches = decoded_matches(claimed, |text| {
            verified_token_hash_matches(e.alg, &access_token, text)
        });
        if !matches {
            return Err(VerifyError::AtHashMismatch);
        }
    }
    if let Some(max_age) = e.max_age {
        let auth_time = claims.auth_time.ok_or(VerifyError::MissingAuthTime)?.secs();
        let now = common.now.as_secs();
        if auth_time
            .saturating_add(max_age)
            .saturating_add(common.leeway)
            < now
        {
            return Err(VerifyError::AuthenticationTooOld {
                auth_time,
                max_age,
                now: common.now,
                leeway: common.leeway,
            });
        }
    }
    if let Some(required) = e.required_acr {
        let acr = claims.acr.ok_or(VerifyError::AcrNotSatisfied)?;
        if !required.split(' ').any(|value| acr.eq_str(value)) {
            return Err(VerifyError::AcrNotSatisfied);
        }
    }
    Ok(())
}

/// `sub`: present, non-empty, at most 255 bytes (OIDC Core §2).
pub(crate) fn check_subject(sub: Option<JsonStr<'_>>) -> Result<(), VerifyError> {
    let sub = sub.ok_or(VerifyError::MissingSubject)?;
    let len = sub.decoded_len();
    if len == 0 {
        return Err(VerifyError::MissingSubject);
    }
    if len > MAX_SUB_LEN {
        return Err(VerifyError::SubjectTooLong { len });
    }
    Ok(())
}

/// Whether the decoded bytes of a JSON string satisfy `eq` (a constant-time
/// comparison). A string without escapes is passed as it is; one with
/// escapes is decoded into a stack buffer first, and one that decodes to
/// more than the buffer holds (far longer than any `nonce` or hash this
/// crate compares) does not match.
fn decoded_matches(value: JsonStr<'_>, eq: impl FnOnce(&[u8]) -> bool) -> bool {
    if let Some(plain) = value.as_plain() {
        return eq(plain.as_bytes());
    }
    let mut buf = [0u8; 256];
    value
        .decode_into(&mut buf)
        .is_ok_and(|text| eq(text.as_bytes()))
}

/// The trusted-audience list type used by the configuration.
pub(crate) type TrustedAudiences = Vec<String<MAX_CLIENT_ID_LEN>, MAX_TRUSTED_AUDIENCES>;

#[cfg(test)]
mod parse_tests;

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_000_000;

    fn run(
        payload: &str,
        max_age: Option<u64>,
        access_token: Option<&[u8]>,
    ) -> Result<(u64, u64), VerifyError> {
        let claims =
            CoreClaims::parse(payload.as_bytes()).unwrap_or_else(|e| panic!("{e}: {payload}"));
        let trusted = TrustedAudiences::new();
        let common = Expectations {
            issuer: "https://op",
            audience: "me",
            trusted_audiences: &trusted,
            now: UnixTime::from_secs(NOW).unwrap_or_else(|| panic!("time")),
            leeway: 60,
            max_token_age: Some(3600),
            reject_untrusted_audiences: true,
        };
        let times = check_common(&claims, &common)?;
        let id = IdTokenExpectations {
            nonce: Some("n"),
            alg: Algorithm::Es256,
            access_token: access_token.map(Message::Bytes),
            max_age,
            required_acr: Some("gold silver"),
        };
        check_id_token(&claims, &common, &id)?;
        Ok(times)
    }

    fn payload(exp: &str, iat: &str, extra: &str) -> std::string::String {
        std::format!(
            r#"{{"iss":"https://op","aud":"me","sub":"s","nonce":"n","acr":"gold","exp":{exp},"iat":{iat}{extra}}}"#
        )
    }

    type Case = (std::string::String, Result<(u64, u64), VerifyError>);

    #[test]
    fn time_boundaries() {
        let now = UnixTime::from_secs(NOW).unwrap_or_else(|| panic!("time"));
        let cases: &[Case] = &[
            // exp + leeway must be after now.
            (payload("999941", "999000", ""), Ok((999_941, 999_000))),
            (
                payload("999940", "999000", ""),
                Err(VerifyError::Expired {
                    exp: 999_940,
                    now,
                    leeway: 60,
                }),
            ),
            // Fractions are truncated, never rounded up.
            (
                payload("999940.999", "999000", ""),
                Err(VerifyError::Expired {
                    exp: 999_940,
                    now,
                    leeway: 60,
                }),
            ),
            // iat may be up to now + leeway.
            (
                payload("1000500", "1000060", ""),
                Ok((1_000_500, 1_000_060)),
            ),
            (
                payload("1000500", "1000061", ""),
                Err(VerifyError::IssuedInFuture {
                    iat: 1_000_061,
                    now,
                    leeway: 60,
                }),
            ),
            // max_token_age 3600 (+ leeway).
            (payload("1000500", "996340", ""), Ok((1_000_500, 996_340))),
            (
                payload("1000500", "996339", ""),
                Err(VerifyError::IssuedTooLongAgo {
                    iat: 996_339,
                    now,
                    max_age: 3600,
                }),
            ),
            (
                payload("1000500", "999000", r#","nbf":1000060"#),
                Ok((1_000_500, 999_000)),
            ),
            (
                payload("1000500", "999000", r#","nbf":1000061"#),
                Err(VerifyError::NotYetValid {
                    nbf: 1_000_061,
                    now,
                    leeway: 60,
                }),
            ),
        ];
        for (p, expected) in cases {
            assert_eq!(run(p, None, None), *expected, "{p}");
        }
    }

    #[test]
    fn claim_rules() {
        let ok = |extra: &str| payload("1000500", "999000", extra);
        let base = r#"{"iss":"https://op","aud":"me","sub":"s","nonce":"n","acr":"gold","exp":1000500,"iat":999000}"#;
        let without = |name: &str| base.replace(&std::format!(r#""{name}":"#), r#""x_removed":"#);
        let now = UnixTime::from_secs(NOW).unwrap_or_else(|| panic!("time"));
        let cases: &[(std::string::String, Option<u64>, Result<(), VerifyError>)] = &[
            (ok(""), None, Ok(())),
            (without("iss"), None, Err(VerifyError::MissingIssuer)),
            (
                base.replace("https://op", "https://op/"),
                None,
                Err(VerifyError::IssuerMismatch),
            ),
            (without("aud"), None, Err(VerifyError::MissingAudience)),
            (
                base.replace(r#""aud":"me""#, r#""aud":["me","other"]"#),
                None,
                Err(VerifyError::UntrustedAudience),
            ),
            (
                base.replace(r#""aud":"me""#, r#""aud":[]"#),
                None,
                Err(VerifyError::AudienceMismatch),
            ),
            (
                base.replace(r#""aud":"me""#, r#""aud":["m\u0065"]"#),
                None,
                Ok(()),
            ),
            (without("exp"), None, Err(VerifyError::MissingExpiry)),
            (without("iat"), None, Err(VerifyError::MissingIssuedAt)),
            (ok(r#","azp":"me""#), None, Ok(())),
            (ok(r#","azp":"you""#), None, Err(VerifyError::AzpMismatch)),
            (without("nonce"), None, Err(VerifyError::MissingNonce)),
            (
                base.replace(r#""nonce":"n""#, r#""nonce":"N""#),
                None,
                Err(VerifyError::NonceMismatch),
            ),
            (without("sub"), None, Err(VerifyError::MissingSubject)),
            (
                base.replace(r#""sub":"s""#, r#""sub":"""#),
                None,
                Err(VerifyError::MissingSubject),
            ),
            (
                base.replace(
                    r#""sub":"s""#,
                    &std::format!(r#""sub":"{}""#, "x".repeat(256)),
                ),
                None,
                Err(VerifyError::SubjectTooLong { len: 256 }),
            ),
            (
                base.replace(
                    r#""sub":"s""#,
                    &std::format!(r#""sub":"{}""#, "x".repeat(255)),
                ),
                None,
                Ok(()),
            ),
            (ok(r#","auth_time":999440"#), Some(500), Ok(())),
            (
                ok(r#","auth_time":999439"#),
                Some(500),
                Err(VerifyError::AuthenticationTooOld {
                    auth_time: 999_439,
                    max_age: 500,
                    now,
                    leeway: 60,
                }),
            ),
            (ok(""), Some(500), Err(VerifyError::MissingAuthTime)),
            (without("acr"), None, Err(VerifyError::AcrNotSatisfied)),
            (
                base.replace(r#""acr":"gold""#, r#""acr":"bronze""#),
                None,
                Err(VerifyError::AcrNotSatisfied),
            ),
            (
                base.replace(r#""acr":"gold""#, r#""acr":"silver""#),
                None,
                Ok(()),
            ),
        ];
        for (p, max_age, expected) in cases {
            assert_eq!(run(p, *max_age, None).map(|_| ()), *expected, "{p}");
        }
    }

    #[test]
    fn at_hash_uses_the_algorithms_hash() {
        // OIDC Core A.3's access token and at_hash (SHA-256 left half).
        let token = b"jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y";
        let good = payload(
            "1000500",
            "999000",
            r#","at_hash":"77QmUPtjPfzWtF2AnpK9RQ""#,
        );
        assert_eq!(run(&good, None, Some(token)).map(|_| ()), Ok(()));
        assert_eq!(
            run(&good, None, Some(b"other")).map(|_| ()),
            Err(VerifyError::AtHashMismatch)
        );
        let missing = payload("1000500", "999000", "");
        assert_eq!(
            run(&missing, None, Some(token)).map(|_| ()),
            Err(VerifyError::MissingAtHash)
        );
        // Without an access token, at_hash is not required (nor checked).
        assert_eq!(run(&missing, None, None).map(|_| ()), Ok(()));
    }
}
