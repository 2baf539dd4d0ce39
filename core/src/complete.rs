//! The whole second half in one call: redirect checks, then ID-token
//! verification.

use core::fmt;

use crate::config::ClientConfig;
use crate::jose::id_token::{Checked, ResponseTokens, check as verify_id_token};
use crate::jose::jwt::Payload;
use crate::jose::{KeyRefresh, KeySet, ValidatedTokens, VerifyError};
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
}
