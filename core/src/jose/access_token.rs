//! Resource-server side: verify a JWT access token (RFC 9068) against a key
//! set and expectations, with the same JWS machinery as ID tokens.

use heapless::{String, Vec};

use crate::jose::claims::{self, CoreClaims, Expectations, TrustedAudiences};
use crate::jose::jws::{JwsError, Segment};
use crate::jose::jwt::{JwsOutcome, JwsRules, Payload, TokenKind, verify_jws};
use crate::jose::{Algorithm, AlgorithmSet, KeySet, StandardClaims, VerifyError};
use crate::json::{self, JsonStr};
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
            raw: json::from_slice(&self.payload).ok(),
            standard: StandardClaims::parse(&self.payload),
        }
    }
}

#[derive(serde::Deserialize)]
struct RawAccessClaims<'a> {
    #[serde(borrow)]
    client_id: Option<JsonStr<'a>>,
    #[serde(borrow)]
    scope: Option<JsonStr<'a>>,
    #[serde(borrow)]
    jti: Option<JsonStr<'a>>,
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
    let alg = match verify_jws(token, &rules, &mut payload)? {
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
