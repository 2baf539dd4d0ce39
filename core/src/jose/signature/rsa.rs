//! RS256/384/512 and PS256/384/512 (RFC 7518 §3.3, §3.5) with the `rsa`
//! crate's keys, schemes and PSS verification.
//!
//! PKCS #1 v1.5 signatures by a key whose exponent is 65537 (every
//! provider's) take the public-exponent path of `rsa_f4.rs`, about twice as
//! fast as `rsa`'s own `verify`; any other exponent, and every PSS
//! signature, goes through `rsa`. Both allocate big-integer temporaries.

use rsa::pss::Pss;
use sha2::{Sha256, Sha384, Sha512};

use super::SignatureError;
use super::rsa_f4;
use crate::jose::alg::{Algorithm, KeyType};
use crate::jose::hash::Message;
use crate::jose::key::RsaKey;

pub(super) fn verify(
    alg: Algorithm,
    key: &RsaKey,
    input: &Message<'_>,
    signature: &[u8],
) -> Result<(), SignatureError> {
    // RFC 8017 §8.2.2 step 1 / §8.1.2 step 1: the signature is exactly
    // k bytes. The rsa crate checks too, but this gives a typed error.
    if signature.len() != key.modulus_len() {
        return Err(SignatureError::BadLength {
            expected: key.modulus_len(),
            found: signature.len(),
        });
    }
    let digest = alg.hash().digest(input);
    let hashed = digest.as_bytes();
    let public = key.inner();
    let verified = match alg {
        Algorithm::Rs256 | Algorithm::Rs384 | Algorithm::Rs512 => {
            let scheme = key.pkcs1v15(alg.hash());
            if key.e_is_f4() {
                rsa_f4::verify_pkcs1v15(public, &scheme.prefix, hashed, signature)
            } else {
                public.verify(scheme.clone(), hashed, signature).is_ok()
            }
        }
        // `Pss::new` fixes the salt length to the hash length and makes
        // verification insist on it.
        Algorithm::Ps256 => public
            .verify(Pss::<Sha256>::new(), hashed, signature)
            .is_ok(),
        Algorithm::Ps384 => public
            .verify(Pss::<Sha384>::new(), hashed, signature)
            .is_ok(),
        Algorithm::Ps512 => public
            .verify(Pss::<Sha512>::new(), hashed, signature)
            .is_ok(),
        // Not reached through `verify`, which pairs ES256 with EC keys;
        // kept total rather than panicking.
        Algorithm::Es256 => {
            return Err(SignatureError::KeyAlgorithmMismatch {
                alg,
                key: KeyType::Rsa,
            });
        }
    };
    if verified {
        Ok(())
    } else {
        Err(SignatureError::Invalid)
    }
}
