//! Verifying a compact JWS against a key set: header rules, algorithm
//! allow-list, key selection, signature. Shared by ID tokens and RFC 9068
//! access tokens; the claims are checked by the callers.

use heapless::{String, Vec};

use crate::jose::jwks::Selection;
use crate::jose::jws::{self, HeaderAlg, HeaderTyp, Segment, Segments};
use crate::jose::signature::verify_message;
use crate::jose::{Algorithm, AlgorithmSet, KeySet, KeyType, VerifyError};
use crate::limits::{MAX_JWS_HEADER_LEN, MAX_JWS_PAYLOAD_LEN, MAX_JWS_SIGNATURE_LEN, MAX_KID_LEN};
use crate::time::UnixTime;

/// Which `typ` values a kind of token accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// ID token: `typ` absent, `JWT` or `application/jwt`.
    IdToken,
    /// RFC 9068 access token: `typ` `at+jwt` or `application/at+jwt`.
    AccessToken,
}

/// The decoded payload of a JWS. Callers own it and pass it down, so that
/// the 8 KiB value is written in place once and not moved through every
/// `Result` on the way back up (that cost ~1 µs and ~23 KB of stack).
pub(crate) type Payload = Vec<u8, MAX_JWS_PAYLOAD_LEN>;

/// The outcome when no check failed.
pub(crate) enum JwsOutcome {
    /// The signature verified with this algorithm; the payload is in the
    /// caller's buffer.
    Verified(Algorithm),
    /// The `kid` is not in the key set: fetch it again.
    UnknownKid(String<MAX_KID_LEN>),
}

/// What the signature check needs from the configuration.
pub(crate) struct JwsRules<'k> {
    pub(crate) keys: &'k KeySet,
    pub(crate) allowed: AlgorithmSet,
    pub(crate) kind: TokenKind,
    pub(crate) now: UnixTime,
    pub(crate) refresh_cooldown: u64,
}

/// Verifies the split token `jws` (`Segments::of_text` or, for a
/// redirect parameter, `Segments::of_value`); on success its decoded
/// payload is in `payload` (cleared first; left unspecified on failure).
pub(crate) fn verify_jws(
    jws: Segments<'_>,
    rules: &JwsRules<'_>,
    payload: &mut Payload,
) -> Result<JwsOutcome, VerifyError> {
    let mut header_buf = Vec::<u8, MAX_JWS_HEADER_LEN>::new();
    let header = jws::parse_header(jws.decode(Segment::Header, &mut header_buf)?)?;

    let typ_ok = match rules.kind {
        TokenKind::IdToken => matches!(header.typ, HeaderTyp::Absent | HeaderTyp::Jwt),
        TokenKind::AccessToken => header.typ == HeaderTyp::AccessTokenJwt,
    };
    if !typ_ok {
        return Err(VerifyError::WrongTokenType);
    }
    if header.has_crit {
        return Err(VerifyError::UnsupportedCriticalHeader);
    }
    // The algorithm is settled before any key is looked at.
    let alg = match header.alg {
        HeaderAlg::Unsupported => return Err(VerifyError::UnsupportedAlgorithm),
        HeaderAlg::Supported(alg) if !rules.allowed.contains(alg) => {
            return Err(VerifyError::AlgorithmNotAllowed { alg });
        }
        HeaderAlg::Supported(alg) => alg,
    };
    if alg.key_type() == KeyType::Rsa && !cfg!(feature = "alloc") {
        return Err(VerifyError::RsaNotCompiledIn);
    }

    let key = match rules.keys.select(
        alg,
        header.kid.as_deref(),
        rules.now,
        rules.refresh_cooldown,
    ) {
        Selection::Key(key) => key,
        Selection::UnknownKid => return Ok(JwsOutcome::UnknownKid(header.kid.unwrap_or_default())),
        Selection::UnknownKidAfterRefresh => return Err(VerifyError::UnknownKeyId),
        Selection::KeyAlgorithmMismatch => return Err(VerifyError::KeyAlgorithmMismatch),
        Selection::Ambiguous => return Err(VerifyError::AmbiguousKey),
        Selection::NoSuitableKey => return Err(VerifyError::NoSuitableKey),
    };

    let mut signature_buf = Vec::<u8, MAX_JWS_SIGNATURE_LEN>::new();
    let signature = jws.decode(Segment::Signature, &mut signature_buf)?;
    // Decode before verifying so that a malformed payload is reported as
    // such; the signature still gates every use of it.
    jws.decode(Segment::Payload, payload)?;

    verify_message(alg, key, &jws.signing_input(), signature)
        .map_err(|_| VerifyError::BadSignature)?;
    Ok(JwsOutcome::Verified(alg))
}
