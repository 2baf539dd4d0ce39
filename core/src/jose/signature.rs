//! JWS signature verification for RS*, PS* (RFC 7518 §3.3, §3.5) and ES256
//! (§3.4), over the raw signing input and the base64url-decoded signature.
//!
//! ES256 never allocates. RSA verification allocates big-integer
//! temporaries (see `rsa.rs`); nothing about the key is rebuilt per call.

use core::fmt;

use p256::ecdsa::Signature as EcdsaSignature;
use p256::ecdsa::signature::hazmat::PrehashVerifier as _;
use sha2::Sha256;

use super::alg::{Algorithm, KeyType};
use super::hash::Message;
use super::key::{EcP256Key, PublicKey};

/// Length of an ES256 signature: `R ‖ S`, 32 bytes each (RFC 7518 §3.4).
pub const ES256_SIGNATURE_LEN: usize = 64;

/// Why a signature was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureError {
    /// The key cannot verify this algorithm (for example an EC key for
    /// RS256). Each key is used with one kind of algorithm only (RFC 8725
    /// §3.1), so this is refused before any arithmetic.
    KeyAlgorithmMismatch {
        /// The token's algorithm.
        alg: Algorithm,
        /// The type of the key offered.
        key: KeyType,
    },
    /// The signature has the wrong length: ES256 signatures are exactly 64
    /// bytes (a DER-encoded signature is refused here), RSA signatures exactly
    /// the modulus length.
    BadLength {
        /// Length the algorithm and key require, in bytes.
        expected: usize,
        /// Length given, in bytes.
        found: usize,
    },
    /// An ES256 `R` or `S` is zero or not below the group order, so the
    /// signature cannot be valid.
    EcScalarOutOfRange,
    /// The signature does not verify with this key over this input.
    Invalid,
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::KeyAlgorithmMismatch { alg, key } => {
                write!(f, "key type {key} cannot verify algorithm {alg}")
            }
            Self::BadLength { expected, found } => {
                write!(f, "signature is {found} bytes, expected {expected}")
            }
            Self::EcScalarOutOfRange => f.write_str("ECDSA signature component out of range"),
            Self::Invalid => f.write_str("signature does not verify"),
        }
    }
}

impl core::error::Error for SignatureError {}

/// Verifies `signature` over `signing_input` (the ASCII
/// `BASE64URL(header) '.' BASE64URL(payload)` of RFC 7515 §5.2) with `key`
/// under `alg`. The caller has already checked `alg` against its
/// [`AlgorithmSet`](super::alg::AlgorithmSet).
///
/// - RS256/384/512: RSASSA-PKCS1-v1_5 with the matching SHA-2.
/// - PS256/384/512: RSASSA-PSS, MGF1 with the same hash, salt length equal to
///   the hash length (RFC 7518 §3.5); other salt lengths are refused.
/// - ES256: `R ‖ S`, exactly 64 bytes, never DER. Both low and high `S` are
///   accepted, as RFC 7518 and Wycheproof's P1363 vectors expect (ECDSA
///   signatures are malleable; JWS does not promise otherwise).
///
/// # Errors
/// [`SignatureError::KeyAlgorithmMismatch`] if the key type does not fit
/// `alg`; [`SignatureError::BadLength`] for a signature of the wrong size;
/// [`SignatureError::EcScalarOutOfRange`] or [`SignatureError::Invalid`]
/// otherwise.
pub fn verify(
    alg: Algorithm,
    key: &PublicKey,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<(), SignatureError> {
    verify_message(alg, key, &Message::Bytes(signing_input), signature)
}

/// [`verify`] over a signing input that may still be percent-encoded
/// ([`Message`]): it is hashed as it is decoded.
pub(crate) fn verify_message(
    alg: Algorithm,
    key: &PublicKey,
    signing_input: &Message<'_>,
    signature: &[u8],
) -> Result<(), SignatureError> {
    match (alg, key) {
        (Algorithm::Es256, PublicKey::EcP256(ec)) => verify_es256(ec, signing_input, signature),
        #[cfg(feature = "alloc")]
        (
            Algorithm::Rs256
            | Algorithm::Rs384
            | Algorithm::Rs512
            | Algorithm::Ps256
            | Algorithm::Ps384
            | Algorithm::Ps512,
            PublicKey::Rsa(rsa_key),
        ) => rsa::verify(alg, rsa_key, signing_input, signature),
        _ => Err(SignatureError::KeyAlgorithmMismatch {
            alg,
            key: key.key_type(),
        }),
    }
}

fn verify_es256(
    key: &EcP256Key,
    input: &Message<'_>,
    signature: &[u8],
) -> Result<(), SignatureError> {
    if signature.len() != ES256_SIGNATURE_LEN {
        return Err(SignatureError::BadLength {
            expected: ES256_SIGNATURE_LEN,
            found: signature.len(),
        });
    }
    let signature =
        EcdsaSignature::from_slice(signature).map_err(|_| SignatureError::EcScalarOutOfRange)?;
    // p256 sets `NORMALIZE_S = false`, so high-S signatures verify too.
    // What `Verifier::verify` does after hashing the message itself.
    let digest: [u8; 32] = input.hash::<Sha256>().into();
    key.verifying_key()
        .verify_prehash(&digest, &signature)
        .map_err(|_| SignatureError::Invalid)
}

#[cfg(feature = "alloc")]
mod rsa;
#[cfg(feature = "alloc")]
mod rsa_f4;

#[cfg(feature = "alloc")]
pub(crate) use rsa_f4::F4;

#[cfg(test)]
mod tests;
