//! Turning an [`UnverifiedResponse`] into validated tokens: the ID token's
//! JWS and every OIDC Core §3.2.2.11 check, then `at_hash` against the
//! access token.

use core::fmt;

use heapless::String;

use crate::config::ClientConfig;
use crate::form::FormValue;
use crate::jose::claims::{self, CoreClaims, Expectations, IdTokenExpectations};
use crate::jose::hash::Message;
use crate::jose::jws::{JwsError, Segment, Segments};
use crate::jose::jwt::{JwsOutcome, JwsRules, Payload, TokenKind, verify_jws};
use crate::jose::{Algorithm, KeySet, StandardClaims, VerifyError};
use crate::limits::MAX_KID_LEN;
use crate::pending::PendingAuthorization;
use crate::response::{AccessToken, UnverifiedResponse};
use crate::time::UnixTime;

/// A verified ID token. It keeps its decoded payload, so its claims can be
/// read for as long as it lives.
#[derive(Clone)]
pub struct IdToken {
    payload: Payload,
    alg: Algorithm,
    expires_at: u64,
    issued_at: u64,
}

impl IdToken {
    /// The algorithm it was signed with.
    pub fn algorithm(&self) -> Algorithm {
        self.alg
    }

    /// `exp`, in whole seconds.
    pub fn expires_at(&self) -> u64 {
        self.expires_at
    }

    /// `iat`, in whole seconds.
    pub fn issued_at(&self) -> u64 {
        self.issued_at
    }

    /// The verified payload, as JSON text (for custom claims).
    pub fn payload_json(&self) -> &str {
        // Parsed as strict JSON, hence UTF-8, before this value was built.
        core::str::from_utf8(&self.payload).unwrap_or_default()
    }

    /// The standard claims, typed.
    pub fn claims(&self) -> StandardClaims<'_> {
        StandardClaims::parse(&self.payload)
    }
}

impl fmt::Debug for IdToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IdToken")
            .field("alg", &self.alg)
            .field("expires_at", &self.expires_at)
            .field("issued_at", &self.issued_at)
            .finish_non_exhaustive()
    }
}

/// Everything a successful Implicit-flow response yields, verified.
#[derive(Debug)]
pub struct ValidatedTokens<'a> {
    id_token: IdToken,
    id_token_jws: FormValue<'a>,
    access_token: Option<AccessToken<'a>>,
}

impl<'a> ValidatedTokens<'a> {
    /// The verified ID token.
    pub fn id_token(&self) -> &IdToken {
        &self.id_token
    }

    /// The ID token as received (compact JWS), e.g. for `id_token_hint`.
    pub fn id_token_jws(&self) -> FormValue<'a> {
        self.id_token_jws
    }

    /// The access token, for `id_token token`; bound to the ID token by
    /// `at_hash`.
    pub fn access_token(&self) -> Option<&AccessToken<'a>> {
        self.access_token.as_ref()
    }
}

/// The ID token names a key (`kid`) the key set lacks: fetch the provider's
/// JWK Set again, load it with [`KeySet::parse_refreshed`] (passing
/// [`kid`](Self::kid)), and complete the returned pending authorization
/// again with the same redirect (OIDC Core §10.1.1).
#[derive(Debug)]
pub struct KeyRefresh {
    kid: String<MAX_KID_LEN>,
    pending: PendingAuthorization,
}

impl KeyRefresh {
    /// The unknown `kid`.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The pending authorization, not consumed, to retry with.
    pub fn into_pending(self) -> PendingAuthorization {
        self.pending
    }
}

/// The outcome of verification.
#[derive(Debug)]
#[non_exhaustive]
pub enum Verified<'a> {
    /// All checks passed.
    Tokens(ValidatedTokens<'a>),
    /// The keys must be fetched again; nothing was consumed.
    RefreshKeys(KeyRefresh),
}

impl<'a> UnverifiedResponse<'a> {
    /// Verifies the ID token (signature with a key from `keys`, then every
    /// claim) and the access token's `at_hash`. Consumes the response;
    /// only an unknown `kid` gives the pending authorization back.
    pub fn verify(
        self,
        config: &ClientConfig,
        keys: &KeySet,
        now: UnixTime,
    ) -> Result<Verified<'a>, VerifyError> {
        let mut payload = Payload::new();
        let response = ResponseTokens {
            id_token: self.id_token,
            access_token: self.access_token.as_ref(),
        };
        Ok(
            match check(&self.pending, &response, config, keys, now, &mut payload)? {
                Checked::Valid(valid) => Verified::Tokens(ValidatedTokens::new(
                    valid,
                    payload,
                    self.id_token,
                    self.access_token,
                )),
                Checked::UnknownKid(kid) => {
                    Verified::RefreshKeys(KeyRefresh::new(kid, self.pending))
                }
            },
        )
    }
}

impl<'a> ValidatedTokens<'a> {
    /// The tokens, once [`check`] returned [`Checked::Valid`] with `payload`.
    pub(crate) fn new(
        valid: Valid,
        payload: Payload,
        id_token_jws: FormValue<'a>,
        access_token: Option<AccessToken<'a>>,
    ) -> Self {
        Self {
            id_token: IdToken {
                payload,
                alg: valid.alg,
                expires_at: valid.expires_at,
                issued_at: valid.issued_at,
            },
            id_token_jws,
            access_token,
        }
    }
}

impl<'a> ValidatedTokens<'a> {
    /// Room for [`PendingAuthorization::complete_into`] to fill in place:
    /// nothing is in it yet, and it only leaves the crate once every check
    /// has passed (`complete_into` clears its slot on any error).
    pub(crate) const fn unfilled() -> Self {
        Self {
            id_token: IdToken {
                payload: Payload::new(),
                alg: Algorithm::Rs256,
                expires_at: 0,
                issued_at: 0,
            },
            id_token_jws: FormValue::EMPTY,
            access_token: None,
        }
    }

    /// The three parts [`PendingAuthorization::complete_into`] fills,
    /// borrowed apart so that the access token can be read while the
    /// payload is written.
    pub(crate) fn parts_mut(
        &mut self,
    ) -> (
        &mut IdToken,
        &mut FormValue<'a>,
        &mut Option<AccessToken<'a>>,
    ) {
        (
            &mut self.id_token,
            &mut self.id_token_jws,
            &mut self.access_token,
        )
    }

    /// Back to [`unfilled`](Self::unfilled), keeping the storage: the
    /// payload's bytes are not touched, only its length.
    pub(crate) fn empty(&mut self) {
        self.id_token.payload.clear();
        self.id_token.alg = Algorithm::Rs256;
        self.id_token.expires_at = 0;
        self.id_token.issued_at = 0;
        self.id_token_jws = FormValue::EMPTY;
        self.access_token = None;
    }

    /// The access token, moved out (a `token` response has nothing else).
    pub(crate) fn take_access_token(&mut self) -> Option<AccessToken<'a>> {
        self.access_token.take()
    }
}

impl IdToken {
    /// The buffer [`check`] decodes the payload into.
    pub(crate) fn payload_mut(&mut self) -> &mut Payload {
        &mut self.payload
    }

    /// Records what [`check`] found, once it returned [`Checked::Valid`].
    pub(crate) fn set_checked(&mut self, valid: Valid) {
        self.alg = valid.alg;
        self.expires_at = valid.expires_at;
        self.issued_at = valid.issued_at;
    }
}

impl KeyRefresh {
    pub(crate) fn new(kid: String<MAX_KID_LEN>, pending: PendingAuthorization) -> Self {
        Self { kid, pending }
    }
}

/// The tokens of a response that passed the redirect checks.
pub(crate) struct ResponseTokens<'r, 'a> {
    pub(crate) id_token: FormValue<'a>,
    pub(crate) access_token: Option<&'r AccessToken<'a>>,
}

/// Every check of [`UnverifiedResponse::verify`], with the decoded payload
/// written into `payload`: everything is borrowed and nothing large is
/// returned, so callers build their result in place (moving the 8 KiB
/// payload and the pending authorization through nested `Result`s cost
/// about 1 µs per token and 23 KB of stack on a Cortex-M4).
pub(crate) fn check(
    pending: &PendingAuthorization,
    response: &ResponseTokens<'_, '_>,
    config: &ClientConfig,
    keys: &KeySet,
    now: UnixTime,
    payload: &mut Payload,
) -> Result<Checked, VerifyError> {
    let rules = JwsRules {
        keys,
        allowed: config.allowed_algs,
        kind: TokenKind::IdToken,
        now,
        refresh_cooldown: config.jwks_refresh_cooldown_secs,
    };
    let outcome = verify_jws(Segments::of_value(response.id_token)?, &rules, payload)?;
    let alg = match outcome {
        JwsOutcome::Verified(alg) => alg,
        JwsOutcome::UnknownKid(kid) => return Ok(Checked::UnknownKid(kid)),
    };
    let (expires_at, issued_at) = check_claims(pending, response, config, payload, alg, now)?;
    Ok(Checked::Valid(Valid {
        alg,
        expires_at,
        issued_at,
    }))
}

/// What [`check`] found, without the payload.
pub(crate) enum Checked {
    Valid(Valid),
    UnknownKid(String<MAX_KID_LEN>),
}

/// The facts of a verified ID token other than its payload.
pub(crate) struct Valid {
    alg: Algorithm,
    expires_at: u64,
    issued_at: u64,
}

/// Every claims check, in OIDC Core §3.1.3.7 order; returns `(exp, iat)`.
fn check_claims(
    pending: &PendingAuthorization,
    response: &ResponseTokens<'_, '_>,
    config: &ClientConfig,
    payload: &[u8],
    alg: Algorithm,
    now: UnixTime,
) -> Result<(u64, u64), VerifyError> {
    let claims = CoreClaims::parse(payload).map_err(|error| {
        VerifyError::Jws(JwsError::Json {
            segment: Segment::Payload,
            error,
        })
    })?;
    let common = Expectations {
        issuer: &pending.issuer,
        audience: &pending.client_id,
        trusted_audiences: &config.trusted_audiences,
        now,
        leeway: config.leeway_secs,
        max_token_age: config.max_token_age_secs,
        reject_untrusted_audiences: true,
    };
    let (exp, iat) = claims::check_common(&claims, &common)?;
    let id = IdTokenExpectations {
        nonce: pending.nonce.as_ref().map(|n| n.as_str()),
        alg,
        access_token: response
            .access_token
            .map(|access| Message::Decoded(access.value())),
        max_age: pending.max_age,
        required_acr: pending.required_acr.as_deref(),
    };
    claims::check_id_token(&claims, &common, &id)?;
    Ok((exp, iat))
}
