//! Resource-server side: verify a JWT access token (RFC 9068) against a key
//! set and expectations, with the same JWS machinery as ID tokens.

use heapless::{String, Vec};

use crate::jose::claims::{self, CoreClaims, Expectations, TrustedAudiences};
use crate::jose::jws::{JwsError, Segment, Segments};
use crate::jose::jwt::{JwsOutcome, JwsRules, Payload, TokenKind, verify_jws};
use crate::jose::{Algorithm, AlgorithmSet, KeySet, StandardClaims, VerifyError};
use crate::json::{JsonError, JsonStr, read_object};
use crate::limits::{
    DEFAULT_JWKS_REFRESH_COOLDOWN_SECS, DEFAULT_LEEWAY_SECS, MAX_JWS_PAYLOAD_LEN, MAX_KID_LEN,
};
use crate::time::UnixTime;

/// What a resource server expects of the access tokens it receives.
#[derive(Clone, Copy, Debug)]
pub struct AccessTokenExpectations<'a> {
    /// The authorization server's issuer identifier (exact).
    pub issuer: &'a str,
    /// This resource server's identifier, which `aud` must contain.
    pub audience: &'a str,
    /// Accepted signature algorithms (RFC 9068 §4: RS256 at least).
    pub algorithms: AlgorithmSet,
    /// Clock-skew allowance, seconds.
    pub leeway_secs: u64,
}

impl<'a> AccessTokenExpectations<'a> {
    /// Expectations with the default algorithms (RS256, ES256) and leeway.
    pub const fn new(issuer: &'a str, audience: &'a str) -> Self {
        Self {
            issuer,
            audience,
            algorithms: AlgorithmSet::DEFAULT,
            leeway_secs: DEFAULT_LEEWAY_SECS,
        }
    }
}

/// A verified JWT access token.
#[derive(Clone, Debug)]
pub struct VerifiedAccessToken {
    payload: Vec<u8, MAX_JWS_PAYLOAD_LEN>,
    alg: Algorithm,
    expires_at: u64,
}

impl VerifiedAccessToken {
    /// The algorithm it was signed with.
    pub fn algorithm(&self) -> Algorithm {
        self.alg
    }

    /// `exp`, whole seconds.
    pub fn expires_at(&self) -> u64 {
        self.expires_at
    }

    /// The verified payload as JSON text.
    pub fn payload_json(&self) -> &str {
        core::str::from_utf8(&self.payload).unwrap_or_default()
    }

    /// `sub`, `client_id`, `scope` and `jti`.
    pub fn claims(&self) -> AccessTokenClaims<'_> {
        AccessTokenClaims {
            raw: RawAccessClaims::parse(&self.payload).ok(),
            standard: StandardClaims::parse(&self.payload),
        }
    }
}

/// The RFC 9068 claims [`StandardClaims`] does not cover. Read by
/// [`RawAccessClaims::parse`], without `serde`, as the other claims are;
/// the `serde` derive is its reference twin, which tests hold it to.
#[derive(Default, serde::Deserialize)]
struct RawAccessClaims<'a> {
    #[serde(borrow)]
    client_id: Option<JsonStr<'a>>,
    #[serde(borrow)]
    scope: Option<JsonStr<'a>>,
    #[serde(borrow)]
    jti: Option<JsonStr<'a>>,
}

impl<'a> RawAccessClaims<'a> {
    /// Reads a payload: one object whose `client_id`, `scope` and `jti` are
    /// strings or `null`, every other member skipped but checked.
    ///
    /// # Errors
    /// The first problem in the document (the error `serde` gives too).
    fn parse(payload: &'a [u8]) -> Result<Self, JsonError> {
        let mut raw = Self::default();
        read_object(payload, |name, value| {
            let claim = match name {
                "client_id" => &mut raw.client_id,
                "scope" => &mut raw.scope,
                "jti" => &mut raw.jti,
                _ => return value.skip(),
            };
            *claim = value.string()?;
            Ok(())
        })?;
        Ok(raw)
    }
}

/// Whether [`RawAccessClaims::parse`] and the `serde` derive read `payload`
/// the same: the same error, or the same claims with the same raw text.
#[cfg(test)]
fn access_claims_parsers_agree(payload: &[u8]) -> bool {
    fn raws<'s>(c: &RawAccessClaims<'s>) -> [Option<&'s str>; 3] {
        [c.client_id, c.scope, c.jti].map(|s| s.map(|s| s.raw()))
    }
    crate::json::agrees_with_serde(payload, RawAccessClaims::parse(payload), |a, b| {
        raws(a) == raws(b)
    })
}

/// The RFC 9068 claims of a verified access token.
pub struct AccessTokenClaims<'a> {
    raw: Option<RawAccessClaims<'a>>,
    standard: StandardClaims<'a>,
}

impl<'a> AccessTokenClaims<'a> {
    /// `sub`.
    pub fn sub(&self) -> Option<JsonStr<'a>> {
        self.standard.sub()
    }

    /// `client_id`: the client the token was issued to.
    pub fn client_id(&self) -> Option<JsonStr<'a>> {
        self.raw.as_ref().and_then(|r| r.client_id)
    }

    /// `scope`, space-delimited.
    pub fn scope(&self) -> Option<JsonStr<'a>> {
        self.raw.as_ref().and_then(|r| r.scope)
    }

    /// `jti`.
    pub fn jti(&self) -> Option<JsonStr<'a>> {
        self.raw.as_ref().and_then(|r| r.jti)
    }
}

/// The outcome when no check failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum AccessTokenOutcome {
    /// Every check passed.
    Verified(VerifiedAccessToken),
    /// The `kid` is unknown: fetch the JWK Set again
    /// ([`KeySet::parse_refreshed`]) and retry.
    RefreshKeys {
        /// The unknown `kid`.
        kid: String<MAX_KID_LEN>,
    },
}

/// Verifies a JWT access token per RFC 9068 §4: `typ` `at+jwt`, the
/// signature with an allowed algorithm and a key from `keys`, `iss`, `aud`,
/// `exp`, `iat`, `nbf`, and the presence of `sub`, `client_id` and `jti`.
pub fn verify_access_token(
    token: &str,
    keys: &KeySet,
    expect: &AccessTokenExpectations<'_>,
    now: UnixTime,
) -> Result<AccessTokenOutcome, VerifyError> {
    let rules = JwsRules {
        keys,
        allowed: expect.algorithms,
        kind: TokenKind::AccessToken,
        now,
        refresh_cooldown: DEFAULT_JWKS_REFRESH_COOLDOWN_SECS,
    };
    let mut payload = Payload::new();
    let alg = match verify_jws(Segments::of_text(token)?, &rules, &mut payload)? {
        JwsOutcome::Verified(alg) => alg,
        JwsOutcome::UnknownKid(kid) => return Ok(AccessTokenOutcome::RefreshKeys { kid }),
    };
    let expires_at = {
        let claims = CoreClaims::parse(&payload).map_err(|error| {
            VerifyError::Jws(JwsError::Json {
                segment: Segment::Payload,
                error,
            })
        })?;
        let trusted = TrustedAudiences::new();
        let common = Expectations {
            issuer: expect.issuer,
            audience: expect.audience,
            trusted_audiences: &trusted,
            now,
            leeway: expect.leeway_secs,
            max_token_age: None,
            // A token may name several resource servers.
            reject_untrusted_audiences: false,
        };
        let (exp, _) = claims::check_common(&claims, &common)?;
        claims::check_subject(claims.sub)?;
        if claims.client_id.is_none() {
            return Err(VerifyError::MissingClaim { name: "client_id" });
        }
        if claims.jti.is_none() {
            return Err(VerifyError::MissingClaim { name: "jti" });
        }
        exp
    };
    Ok(AccessTokenOutcome::Verified(VerifiedAccessToken {
        payload,
        alg,
        expires_at,
    }))
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;

    #[test]
    fn access_claims_read_as_serde_reads_them() {
        let cases: [(&str, Option<[Option<&str>; 3]>); 5] = [
            (
                r#"{"client_id":"c\u0031","scope":"a b","jti":"j","sub":1}"#,
                Some([Some("c\\u0031"), Some("a b"), Some("j")]),
            ),
            (r#"{"scope":null}"#, Some([None, None, None])),
            // Another type fails the whole read; `claims()` then has none.
            (r#"{"client_id":"c","scope":["a"]}"#, None),
            (r#"{"jti":"a","jti":"b"}"#, None),
            ("[]", None),
        ];
        for (payload, want) in cases {
            let got = RawAccessClaims::parse(payload.as_bytes())
                .ok()
                .map(|c| [c.client_id, c.scope, c.jti].map(|s| s.map(|s| s.raw())));
            assert_eq!(got, want, "{payload}");
            assert!(access_claims_parsers_agree(payload.as_bytes()), "{payload}");
        }
    }

    const NAMES: &[&str] = &[
        "\"client_id\"",
        "\"scope\"",
        "\"jti\"",
        "\"sc\\u006fpe\"",
        "\"sub\"",
    ];

    crate::json::test_documents::serde_twin_tests!(access_claims_parsers_agree, NAMES);
}
