//! The whole second half in one call: redirect checks, then ID-token
//! verification.

use core::fmt;

use heapless::String;

use crate::config::ClientConfig;
use crate::jose::id_token::{Checked, ResponseTokens, check as verify_id_token};
use crate::jose::jwt::Payload;
use crate::jose::{KeyRefresh, KeySet, ValidatedTokens, VerifyError};
use crate::limits::MAX_KID_LEN;
use crate::pending::PendingAuthorization;
use crate::response::{Accepted, OAuthOnlyAccess, ResponseError};
use crate::time::UnixTime;

/// What completing a pending authorization yields.
#[derive(Debug)]
#[non_exhaustive]
pub enum Completion<'a> {
    /// `id_token` / `id_token token`: verified tokens.
    Tokens(ValidatedTokens<'a>),
    /// `token`: an access token that authenticates nobody.
    OAuthOnly(OAuthOnlyAccess<'a>),
    /// The ID token names an unknown key: fetch the JWK Set again and retry
    /// with the pending authorization inside.
    RefreshKeys(KeyRefresh),
}

/// Why completing failed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CompletionError {
    /// The redirect was refused (state, shape, error response, …).
    Response(ResponseError),
    /// The ID token was refused.
    Verify(VerifyError),
}

impl fmt::Display for CompletionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Response(e) => fmt::Display::fmt(e, f),
            Self::Verify(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl core::error::Error for CompletionError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Response(e) => Some(e),
            Self::Verify(e) => Some(e),
        }
    }
}

impl From<ResponseError> for CompletionError {
    fn from(e: ResponseError) -> Self {
        Self::Response(e)
    }
}

impl From<VerifyError> for CompletionError {
    fn from(e: VerifyError) -> Self {
        Self::Verify(e)
    }
}

impl PendingAuthorization {
    /// Checks the redirect and verifies its ID token with `keys`, consuming
    /// the pending authorization (except when fresh keys are needed, see
    /// [`Completion::RefreshKeys`]).
    ///
    /// # Stack
    /// About 25 KB on a Cortex-M4 (ES256 only; about 28 KB in a build with
    /// RSA), the same when the redirect's tokens are percent-encoded: such a
    /// token is split, decoded and hashed from its escaped text a chunk at
    /// a time, never copied whole (`tests/footprint` measures both).
    pub fn complete<'a>(
        self,
        config: &ClientConfig,
        redirect: &'a str,
        keys: &KeySet,
        now: UnixTime,
    ) -> Result<Completion<'a>, CompletionError> {
        // Not `accept_redirect` + `verify`: each would move the pending
        // authorization (4.6 KB) and the result (the 8 KiB payload) again;
        // here both are borrowed and the result is built once, in place.
        // Nor `fill` (`complete_into`'s checks) on a local `ValidatedTokens`:
        // moving that into the returned value adds an 8 KiB copy.
        let mut access_token = None;
        match self.check_redirect(config, redirect, now, &mut access_token)? {
            Accepted::OAuthOnly => Ok(Completion::OAuthOnly(OAuthOnlyAccess::from_slot(
                access_token,
            )?)),
            Accepted::IdToken(id_token) => {
                let mut payload = Payload::new();
                let response = ResponseTokens {
                    id_token,
                    access_token: access_token.as_ref(),
                };
                Ok(
                    match verify_id_token(&self, &response, config, keys, now, &mut payload)? {
                        Checked::Valid(valid) => Completion::Tokens(ValidatedTokens::new(
                            valid,
                            payload,
                            id_token,
                            access_token,
                        )),
                        Checked::UnknownKid(kid) => {
                            Completion::RefreshKeys(KeyRefresh::new(kid, self))
                        }
                    },
                )
            }
        }
    }

    /// [`complete`](Self::complete), building the result in `out` instead
    /// of returning it: the same checks in the same order, with the same
    /// outcome. On success `out` holds the [`Completion`]; after an error
    /// it is `None`, so nothing unverified is left behind.
    ///
    /// A returned [`Completion`] is about 9 KB (the decoded ID-token payload
    /// has room for [`MAX_JWS_PAYLOAD_LEN`](crate::limits::MAX_JWS_PAYLOAD_LEN)
    /// bytes), and Rust builds a returned value on the callee's stack, then
    /// copies it to the caller's. Here the payload is decoded straight into
    /// `out`, and a slot that already holds tokens is reused as it is, so
    /// completing into the same slot again copies nothing: an RS256
    /// completion takes ≈ 0.4 µs less on x86_64 (`tests/bench/BENCHMARKS.md`).
    /// The slot's 9 KB can live off the stack (a `static`, a long-lived
    /// state struct); with the slot on the stack, the peak stack is about
    /// that of `complete` (`tests/footprint`).
    ///
    /// ```
    /// # use oidc_implicit::{ClientConfig, Completion, CompletionError, KeySet, PendingAuthorization, UnixTime};
    /// # fn login(pending: PendingAuthorization, config: &ClientConfig, redirect: &str, keys: &KeySet, now: UnixTime) -> Result<(), CompletionError> {
    /// let mut slot = None;
    /// pending.complete_into(config, redirect, keys, now, &mut slot)?;
    /// match slot {
    ///     Some(Completion::Tokens(tokens)) => { /* signed in: tokens.id_token().claims() … */ }
    ///     Some(Completion::RefreshKeys(refresh)) => { /* fetch the JWK Set again, retry */ }
    ///     _ => {}
    /// }
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// As for [`complete`](Self::complete).
    pub fn complete_into<'a>(
        self,
        config: &ClientConfig,
        redirect: &'a str,
        keys: &KeySet,
        now: UnixTime,
        out: &mut Option<Completion<'a>>,
    ) -> Result<(), CompletionError> {
        let Some(tokens) = emptied_tokens(out) else {
            // `emptied_tokens` always finds or puts tokens there; were it
            // ever not to, this fails closed.
            *out = None;
            return Err(CompletionError::Verify(VerifyError::BadSignature));
        };
        let other = match self.fill(config, redirect, keys, now, tokens) {
            Ok(Filled::Tokens) => return Ok(()),
            Ok(Filled::OAuthOnly) => OAuthOnlyAccess::from_slot(tokens.take_access_token())
                .map(Completion::OAuthOnly)
                .map_err(CompletionError::from),
            Ok(Filled::UnknownKid(kid)) => Ok(Completion::RefreshKeys(KeyRefresh::new(kid, self))),
            Err(e) => Err(e),
        };
        // Emptied first, so that nothing unverified stays behind an error.
        *out = None;
        *out = Some(other?);
        Ok(())
    }

    /// The checks of [`complete_into`](Self::complete_into), writing the
    /// access token, the ID token and its payload into `tokens`.
    fn fill<'a>(
        &self,
        config: &ClientConfig,
        redirect: &'a str,
        keys: &KeySet,
        now: UnixTime,
        tokens: &mut ValidatedTokens<'a>,
    ) -> Result<Filled, CompletionError> {
        let (id_token, id_token_jws, access_token) = tokens.parts_mut();
        let jws = match self.check_redirect(config, redirect, now, access_token)? {
            Accepted::OAuthOnly => return Ok(Filled::OAuthOnly),
            Accepted::IdToken(jws) => jws,
        };
        *id_token_jws = jws;
        let response = ResponseTokens {
            id_token: jws,
            access_token: access_token.as_ref(),
        };
        match verify_id_token(self, &response, config, keys, now, id_token.payload_mut())? {
            Checked::Valid(valid) => {
                id_token.set_checked(valid);
                Ok(Filled::Tokens)
            }
            Checked::UnknownKid(kid) => Ok(Filled::UnknownKid(kid)),
        }
    }
}

/// The tokens in `out`, emptied, for [`PendingAuthorization::complete_into`]
/// to fill. When `out` already holds tokens (a slot used before) their
/// storage is reused as it is: nothing is copied. Otherwise empty tokens
/// are put there first, which copies them once (see [`insert_tokens`]).
fn emptied_tokens<'s, 'a>(
    out: &'s mut Option<Completion<'a>>,
) -> Option<&'s mut ValidatedTokens<'a>> {
    if !matches!(out, Some(Completion::Tokens(_))) {
        insert_tokens(out);
    }
    match out {
        Some(Completion::Tokens(tokens)) => {
            tokens.empty();
            Some(tokens)
        }
        _ => None,
    }
}

/// Puts empty tokens into `out`. Out of line: the value is built on this
/// function's stack and copied (9 KB, the payload's uninitialised room
/// included), and that frame should not add to `complete_into`'s.
#[inline(never)]
#[cold]
fn insert_tokens(out: &mut Option<Completion<'_>>) {
    *out = Some(Completion::Tokens(ValidatedTokens::unfilled()));
}

/// What [`PendingAuthorization::fill`] left in the tokens it was given.
enum Filled {
    /// Every check passed: the tokens are complete.
    Tokens,
    /// A `token` response: only the access token was filled.
    OAuthOnly,
    /// The ID token names a key the set lacks.
    UnknownKid(String<MAX_KID_LEN>),
}
