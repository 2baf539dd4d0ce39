//! RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2) for keys whose public
//! exponent is 65537 (F4, `AQAB`), which is every identity provider's.
//!
//! Why not `rsa`'s `verify` for these: it raises the signature to `e` with
//! crypto-bigint's fixed-window exponentiation (`pow_bounded_exp`), which is
//! built for secret exponents: a 16-entry table (14 Montgomery
//! multiplications), then per 4-bit window four squarings, a constant-time
//! select over the whole table and a multiplication. For 2^16 + 1 that is
//! about twice the work needed: s^65537 is s squared 16 times, times s
//! (RFC 8017 leaves the method open; ring and Zig's standard library take
//! such a public-exponent path too). The exponent and the signature are
//! public, so the exponentiation need not be constant-time.
//!
//! What is borrowed and what is ours:
//! - the arithmetic is crypto-bigint's (the crate and version `rsa` computes
//!   with), on the Montgomery parameters `rsa` precomputed for the key;
//! - the DigestInfo prefixes are `rsa`'s (`Pkcs1v15Sign::new::<D>()`);
//! - ours are the order of RFC 8017's steps and the comparison, which is
//!   the RFC's own "encode, then compare" (§8.2.2 step 3 and 4): the whole
//!   expected encoded message against the whole computed one. The computed
//!   block is never parsed, so the parsing flaws behind forged signatures
//!   for small exponents (Bleichenbacher 2006; garbage after the digest,
//!   lax length fields) have nowhere to live.
//!
//! `tests.rs` holds this path to `rsa`'s on every kind of malformed
//! encoding, signed with a fixture key's private exponent, and Wycheproof's
//! PKCS #1 v1.5 vectors (2048, 3072 and 4096 bits, e = 65537) run through it
//! (`core/tests/integration/wycheproof.rs`).

use crypto_bigint::modular::{BoxedMontyForm, BoxedMontyParams};
use crypto_bigint::{BoxedUint, MontyForm, MontyMultiplier};
use ctutils::{Choice, CtEq};
use rsa::RsaPublicKey;
use rsa::traits::PublicKeyParts;

/// The public exponent this path handles: 2^16 + 1.
pub(crate) const F4: u32 = 65_537;

/// Squarings in s^(2^16 + 1) = (s^(2^16)) · s.
const F4_SQUARINGS: u32 = 16;

/// The fewest padding octets EMSA-PKCS1-v1_5 allows (RFC 8017 §9.2 step 4:
/// "the length of PS will be at least 8 octets").
const MIN_PADDING_LEN: usize = 8;

/// Whether `signature` is `key`'s RSASSA-PKCS1-v1_5 signature of the hash
/// `digest`, whose DigestInfo prefix is `prefix`. The caller has checked
/// that the signature is exactly the modulus length and that `key`'s
/// exponent is [`F4`].
pub(super) fn verify_pkcs1v15(
    key: &RsaPublicKey,
    prefix: &[u8],
    digest: &[u8],
    signature: &[u8],
) -> bool {
    let params = key.n_params();
    // RSAVP1 step 1 (RFC 8017 §5.2.2): s must lie below n. Were s + n
    // let through, it would verify as s: a second, malleated signature.
    let Ok(s) = BoxedUint::from_be_slice(signature, params.bits_precision()) else {
        return false;
    };
    if s >= *params.modulus().as_ref() {
        return false;
    }
    let m = raise_to_f4(s, params).to_be_bytes();
    // I2OSP(m, k): the integer's storage is whole 64-bit limbs, at least k
    // bytes; m < n < 256^k, so any bytes above the last k are zero.
    let Some((high, em)) = m
        .len()
        .checked_sub(signature.len())
        .and_then(|cut| m.split_at_checked(cut))
    else {
        return false;
    };
    high.iter().all(|&b| b == 0) && encoding_matches(em, prefix, digest)
}

/// s^65537 mod n, with s < n.
fn raise_to_f4(s: BoxedUint, params: &BoxedMontyParams) -> BoxedUint {
    let base = BoxedMontyForm::new(s, params);
    let mut power = base.clone();
    // One product buffer for all 17 products, rather than one per product.
    let mut multiplier = <BoxedMontyForm as MontyForm>::Multiplier::from(params);
    for _ in 0..F4_SQUARINGS {
        multiplier.square_assign(&mut power);
    }
    multiplier.mul_assign(&mut power, &base);
    power.retrieve()
}

/// Whether `em` is EMSA-PKCS1-v1_5(`digest`) for an `em.len()`-byte
/// modulus (RFC 8017 §9.2): `0x00 ‖ 0x01 ‖ PS ‖ 0x00 ‖ prefix ‖ digest`,
/// PS being `0xFF` bytes, at least 8 of them. Every byte is compared, without
/// branching on any.
fn encoding_matches(em: &[u8], prefix: &[u8], digest: &[u8]) -> bool {
    let fixed = prefix.len().saturating_add(digest.len()).saturating_add(3);
    let Some(padding_len) = em.len().checked_sub(fixed) else {
        return false;
    };
    // §9.2 step 3: "intended encoded message length too short".
    if padding_len < MIN_PADDING_LEN {
        return false;
    }
    let expected = [0x00, 0x01]
        .iter()
        .chain(core::iter::repeat_n(&0xFF, padding_len))
        .chain(&[0x00])
        .chain(prefix)
        .chain(digest);
    // `expected` is exactly `em.len()` bytes long, so `zip` drops nothing.
    em.iter()
        .zip(expected)
        .fold(Choice::TRUE, |equal, (got, want)| {
            equal.and(got.ct_eq(want))
        })
        .to_bool()
}

#[cfg(test)]
mod tests;
