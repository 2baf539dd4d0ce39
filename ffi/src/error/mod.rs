//! The one public error of the bindings, named by what the app should do,
//! and the one place that maps the core's rich errors onto it.
//!
//! The core has an error type per layer (`ConfigError`, `RequestError`,
//! `PendingError`, `ResponseError`, `VerifyError`, `JwksError`,
//! `DiscoveryError`, `LogoutError`), each variant naming one check. An app
//! does not branch on sixty checks: it either starts over, asks for an
//! interactive sign-in, refetches keys, or reports a bug. Each variant here
//! is one such decision and carries the core's text (`reason`) for logs.
//!
//! The core's enums are `#[non_exhaustive]`, so every `match` below ends in
//! a wildcard; the unit tests at the bottom list every variant the core has
//! today with the public variant it must become, so a change of mind is a
//! test failure rather than a silent remapping.

use std::fmt;

use oidc_implicit::{
    CompletionError, ConfigError, DiscoveryError, EntropyError, ErrorCode, JwksError, LogoutError,
    PendingError, RequestError, ResponseError, VerifyError,
};

/// Why a call failed, named by what the app should do next.
///
/// Kotlin sees `OidcException.InvalidToken` etc., Swift `OidcError.InvalidToken(reason:)`,
/// Python `OidcError.InvalidToken`.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Error)]
pub enum OidcError {
    /// The provider refused the request (`access_denied`, `invalid_scope`,
    /// `server_error`, …). Show `description` if there is one; the user may
    /// try again. The pending authorization is used up.
    AuthorizationDenied {
        /// The OAuth `error` code as received.
        error: String,
        /// `error_description`, sanitized (no control characters).
        description: Option<String>,
        /// `error_uri`, sanitized.
        uri: Option<String>,
    },
    /// A silent (`prompt=none`) request needs the user: the provider
    /// answered `login_required`, `interaction_required`,
    /// `consent_required` or `account_selection_required`. Start an
    /// interactive sign-in.
    LoginRequired {
        /// The OAuth `error` code as received.
        error: String,
        /// `error_description`, sanitized.
        description: Option<String>,
    },
    /// The redirect does not answer this pending authorization (its `state`
    /// is missing or different): another tab's flow, a stale link or a
    /// forged request. Find the right pending authorization with
    /// `redirect_state`, or ignore the redirect.
    StateMismatch,
    /// The redirect is not a valid answer to the request (malformed, wrong
    /// redirect URI, tokens in a query string, an RFC 9207 issuer mix-up, a
    /// missing or unexpected parameter). Start over; log `reason`.
    InvalidResponse {
        /// What was wrong.
        reason: String,
    },
    /// The ID token failed verification (signature, issuer, audience,
    /// nonce, `at_hash`, …). Start over and treat it as an attack; log
    /// `reason`.
    InvalidToken {
        /// Which check failed.
        reason: String,
    },
    /// The ID token is signed with a key (`kid`) the JWK Set lacks: fetch the
    /// provider's JWK Set again and call `complete` again with the same
    /// pending authorization and redirect (it was not used up).
    KeysOutdated {
        /// The unknown key id.
        kid: String,
    },
    /// Something took too long: the pending authorization outlived its
    /// lifetime, or the ID token has expired (a replayed redirect or a wrong
    /// device clock). Start a new sign-in.
    Expired {
        /// What expired, with the times compared.
        reason: String,
    },
    /// This pending authorization was already completed (or failed): each
    /// completes once. Start a new sign-in.
    AlreadyCompleted,
    /// The client configuration or discovery document is unusable. Fix the
    /// configuration; retrying will not help.
    InvalidConfiguration {
        /// What was wrong.
        reason: String,
    },
    /// An argument was refused: a stored pending authorization that cannot
    /// be read back, a JWK Set that is not one, unusable entropy, an invalid
    /// request option, or a time outside 1970..=9999.
    InvalidInput {
        /// What was wrong.
        reason: String,
    },
    /// The platform failed (no clock, no random numbers) or the library hit
    /// a state it should never reach. Report it.
    Internal {
        /// What happened.
        reason: String,
    },
}

impl fmt::Display for OidcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::AuthorizationDenied {
                error, description, ..
            }
            | Self::LoginRequired { error, description } => {
                write!(f, "authorization server returned `{error}`")?;
                if let Some(d) = description {
                    write!(f, ": {d}")?;
                }
                Ok(())
            }
            Self::StateMismatch => {
                f.write_str("the redirect does not answer this pending authorization")
            }
            Self::InvalidResponse { reason } => write!(f, "invalid response: {reason}"),
            Self::InvalidToken { reason } => write!(f, "invalid ID token: {reason}"),
            Self::KeysOutdated { kid } => {
                write!(f, "the JWK Set lacks key `{kid}`: fetch it again and retry")
            }
            Self::Expired { reason } => write!(f, "expired: {reason}"),
            Self::AlreadyCompleted => f.write_str("this pending authorization was already used"),
            Self::InvalidConfiguration { reason } => write!(f, "invalid configuration: {reason}"),
            Self::InvalidInput { reason } => write!(f, "invalid input: {reason}"),
            Self::Internal { reason } => write!(f, "internal error: {reason}"),
        }
    }
}

impl std::error::Error for OidcError {}

impl OidcError {
    pub(crate) fn input(reason: impl fmt::Display) -> Self {
        Self::InvalidInput {
            reason: reason.to_string(),
        }
    }

    pub(crate) fn internal(reason: impl fmt::Display) -> Self {
        Self::Internal {
            reason: reason.to_string(),
        }
    }

    fn configuration(reason: impl fmt::Display) -> Self {
        Self::InvalidConfiguration {
            reason: reason.to_string(),
        }
    }

    fn response(reason: impl fmt::Display) -> Self {
        Self::InvalidResponse {
            reason: reason.to_string(),
        }
    }

    fn token(reason: impl fmt::Display) -> Self {
        Self::InvalidToken {
            reason: reason.to_string(),
        }
    }

    fn expired(reason: impl fmt::Display) -> Self {
        Self::Expired {
            reason: reason.to_string(),
        }
    }
}

impl From<ConfigError> for OidcError {
    fn from(e: ConfigError) -> Self {
        Self::configuration(e)
    }
}

impl From<DiscoveryError> for OidcError {
    fn from(e: DiscoveryError) -> Self {
        Self::configuration(e)
    }
}

impl From<EntropyError> for OidcError {
    fn from(e: EntropyError) -> Self {
        Self::input(e)
    }
}

impl From<JwksError> for OidcError {
    fn from(e: JwksError) -> Self {
        Self::input(e)
    }
}

impl From<PendingError> for OidcError {
    fn from(e: PendingError) -> Self {
        match e {
            // The bindings write into growable strings: never too small.
            PendingError::BufferTooSmall { .. } => Self::internal(e),
            _ => Self::input(e),
        }
    }
}

impl From<RequestError> for OidcError {
    fn from(e: RequestError) -> Self {
        match e {
            RequestError::BufferTooSmall { .. } => Self::internal(e),
            _ => Self::input(e),
        }
    }
}

impl From<LogoutError> for OidcError {
    fn from(e: LogoutError) -> Self {
        match e {
            LogoutError::NoEndSessionEndpoint => Self::configuration(e),
            LogoutError::BufferTooSmall { .. } => Self::internal(e),
            _ => Self::input(e),
        }
    }
}

impl From<ResponseError> for OidcError {
    fn from(e: ResponseError) -> Self {
        use ResponseError as R;
        match e {
            R::Authorization(ref denied) => {
                let error = denied.code_text().to_owned();
                let description = denied.description().map(str::to_owned);
                if login_required(denied.code()) {
                    Self::LoginRequired { error, description }
                } else {
                    Self::AuthorizationDenied {
                        error,
                        description,
                        uri: denied.uri().map(str::to_owned),
                    }
                }
            }
            R::MissingState | R::StateMismatch => Self::StateMismatch,
            R::PendingExpired { .. } => Self::expired(e),
            // The app passed a pending authorization made by another client.
            R::PendingForAnotherClient => Self::input(e),
            // TooLong, Malformed, NotARedirectUrl, RedirectUriMismatch,
            // ResponseInQuery, MissingResponse, ResponseModeMismatch,
            // IssuerMismatch, MissingIssuer, MalformedErrorResponse,
            // MissingParameter, UnexpectedParameter, UnsupportedTokenType,
            // InvalidAccessToken, TokenTooLong, InvalidExpiresIn,
            // InvalidScope, and whatever the core adds later.
            _ => Self::response(e),
        }
    }
}

/// The `prompt=none` answers that ask for a visible sign-in.
fn login_required(code: ErrorCode) -> bool {
    code.needs_interaction()
}

impl From<VerifyError> for OidcError {
    fn from(e: VerifyError) -> Self {
        match e {
            VerifyError::Expired { .. } | VerifyError::IssuedTooLongAgo { .. } => Self::expired(e),
            // Every other check (signature, alg, kid, iss, aud, azp, sub,
            // iat/nbf, nonce, at_hash, auth_time, acr, …) and later additions.
            _ => Self::token(e),
        }
    }
}

impl From<CompletionError> for OidcError {
    fn from(e: CompletionError) -> Self {
        match e {
            CompletionError::Response(e) => e.into(),
            CompletionError::Verify(e) => e.into(),
            _ => Self::token(e),
        }
    }
}

#[cfg(test)]
mod tests;
