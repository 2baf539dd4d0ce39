//! Why an ID token (or JWT access token) was refused.

use core::fmt;

use crate::jose::{Algorithm, JwsError};
use crate::time::UnixTime;

/// Why a token failed verification. Each variant names one check; time
/// checks carry the compared values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// The compact JWS, its header or its payload is malformed (this
    /// includes duplicate JSON members, RFC 7515 §4 / RFC 7519 §4).
    Jws(JwsError),
    /// `alg` is `none`, an HMAC algorithm, or one this crate does not
    /// implement: refused before any key is looked at (OIDC Core §10.1,
    /// RFC 8725 §2.1).
    UnsupportedAlgorithm,
    /// `alg` is implemented but not in the client's allow-list.
    AlgorithmNotAllowed {
        /// The token's algorithm.
        alg: Algorithm,
    },
    /// The token is RSA-signed, but this build has no `alloc` feature.
    RsaNotCompiledIn,
    /// `typ` is neither `JWT` nor `application/jwt` (an `at+jwt` access
    /// token is not an ID token, RFC 8725 §3.11).
    WrongTokenType,
    /// `crit` lists extensions this crate does not implement.
    UnsupportedCriticalHeader,
    /// No `kid`, and several keys fit the algorithm (OIDC Core §10.1).
    AmbiguousKey,
    /// No `kid`, and no key of the algorithm's type is in the set.
    NoSuitableKey,
    /// The key named by `kid` is of another type, or its own `alg` differs.
    KeyAlgorithmMismatch,
    /// The `kid` is still unknown right after the key set was fetched for
    /// it: a forged or retired key; no further fetch is asked for until the
    /// cooldown passes.
    UnknownKeyId,
    /// The signature does not verify (or has the wrong length or encoding).
    BadSignature,
    /// `iss` is missing.
    MissingIssuer,
    /// `iss` is not exactly the issuer (OIDC Core §3.1.3.7 (2)).
    IssuerMismatch,
    /// `sub` is missing or empty.
    MissingSubject,
    /// `sub` is longer than 255 bytes.
    SubjectTooLong {
        /// Its length.
        len: usize,
    },
    /// `aud` is missing.
    MissingAudience,
    /// `aud` does not contain the client_id.
    AudienceMismatch,
    /// `aud` contains an audience the client does not trust
    /// (OIDC Core §3.1.3.7 (3)).
    UntrustedAudience,
    /// `azp` is present and is not the client_id.
    AzpMismatch,
    /// `exp` is missing.
    MissingExpiry,
    /// The token expired: `now >= exp + leeway`.
    Expired {
        /// `exp` (whole seconds; fractions are dropped, never rounded up).
        exp: u64,
        /// The host's time.
        now: UnixTime,
        /// The allowed skew, seconds.
        leeway: u64,
    },
    /// `iat` is missing.
    MissingIssuedAt,
    /// `iat` is after `now + leeway`.
    IssuedInFuture {
        /// `iat`.
        iat: u64,
        /// The host's time.
        now: UnixTime,
        /// The allowed skew, seconds.
        leeway: u64,
    },
    /// `iat` is older than the configured maximum token age.
    IssuedTooLongAgo {
        /// `iat`.
        iat: u64,
        /// The host's time.
        now: UnixTime,
        /// The maximum age, seconds.
        max_age: u64,
    },
    /// `nbf` is after `now + leeway`.
    NotYetValid {
        /// `nbf`.
        nbf: u64,
        /// The host's time.
        now: UnixTime,
        /// The allowed skew, seconds.
        leeway: u64,
    },
    /// `nonce` is missing (required in the Implicit flow, OIDC Core §3.2.2.11).
    MissingNonce,
    /// `nonce` differs from the one sent.
    NonceMismatch,
    /// `at_hash` is missing although an access token came with the ID token.
    MissingAtHash,
    /// `at_hash` does not match the access token (token substitution).
    AtHashMismatch,
    /// `auth_time` is missing although `max_age` was sent.
    MissingAuthTime,
    /// The authentication is older than `max_age` allows.
    AuthenticationTooOld {
        /// `auth_time`.
        auth_time: u64,
        /// `max_age` sent.
        max_age: u64,
        /// The host's time.
        now: UnixTime,
        /// The allowed skew, seconds.
        leeway: u64,
    },
    /// `acr` is missing or not one of the required values.
    AcrNotSatisfied,
    /// A JWT access token lacks a claim RFC 9068 requires.
    MissingClaim {
        /// The claim's name.
        name: &'static str,
    },
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Jws(e) => fmt::Display::fmt(e, f),
            Self::UnsupportedAlgorithm => {
                f.write_str("token alg is none, HMAC or unknown: refused")
            }
            Self::AlgorithmNotAllowed { alg } => {
                write!(f, "token alg {} is not allowed for this client", alg.name())
            }
            Self::RsaNotCompiledIn => f.write_str(
                "RSA-signed token, but RSA support (feature `alloc`) is not compiled in",
            ),
            Self::WrongTokenType => f.write_str("token typ is not JWT"),
            Self::UnsupportedCriticalHeader => {
                f.write_str("token header lists critical extensions that are not supported")
            }
            Self::AmbiguousKey => {
                f.write_str("token has no kid and several keys could have signed it")
            }
            Self::NoSuitableKey => {
                f.write_str("token has no kid and no key of its algorithm's type is known")
            }
            Self::KeyAlgorithmMismatch => {
                f.write_str("the key named by kid does not fit the token's alg")
            }
            Self::UnknownKeyId => {
                f.write_str("token kid is unknown even after refreshing the keys")
            }
            Self::BadSignature => f.write_str("token signature does not verify"),
            Self::MissingIssuer => f.write_str("token has no iss"),
            Self::IssuerMismatch => f.write_str("token iss is not the expected issuer"),
            Self::MissingSubject => f.write_str("token has no sub"),
            Self::SubjectTooLong { len } => {
                write!(f, "token sub is {len} bytes, at most 255 allowed")
            }
            Self::MissingAudience => f.write_str("token has no aud"),
            Self::AudienceMismatch => f.write_str("token aud does not contain this client"),
            Self::UntrustedAudience => f.write_str("token aud contains an untrusted audience"),
            Self::AzpMismatch => f.write_str("token azp is not this client"),
            Self::MissingExpiry => f.write_str("token has no exp"),
            Self::Expired { exp, now, leeway } => {
                write!(f, "token expired at {exp} (now {now}, leeway {leeway} s)")
            }
            Self::MissingIssuedAt => f.write_str("token has no iat"),
            Self::IssuedInFuture { iat, now, leeway } => {
                write!(
                    f,
                    "token issued in the future at {iat} (now {now}, leeway {leeway} s)"
                )
            }
            Self::IssuedTooLongAgo { iat, now, max_age } => {
                write!(
                    f,
                    "token issued at {iat}, more than {max_age} s before {now}"
                )
            }
            Self::NotYetValid { nbf, now, leeway } => {
                write!(
                    f,
                    "token not valid before {nbf} (now {now}, leeway {leeway} s)"
                )
            }
            Self::MissingNonce => f.write_str("token has no nonce"),
            Self::NonceMismatch => f.write_str("token nonce does not match the request"),
            Self::MissingAtHash => {
                f.write_str("token has no at_hash although an access token was issued")
            }
            Self::AtHashMismatch => f.write_str("token at_hash does not match the access token"),
            Self::MissingAuthTime => {
                f.write_str("token has no auth_time although max_age was sent")
            }
            Self::AuthenticationTooOld {
                auth_time,
                max_age,
                now,
                leeway,
            } => write!(
                f,
                "authentication at {auth_time} is older than max_age {max_age} s (now {now}, leeway {leeway} s)"
            ),
            Self::AcrNotSatisfied => f.write_str("token acr is not one of the required values"),
            Self::MissingClaim { name } => write!(f, "token has no {name}"),
        }
    }
}

impl core::error::Error for VerifyError {}

impl From<JwsError> for VerifyError {
    fn from(e: JwsError) -> Self {
        Self::Jws(e)
    }
}
