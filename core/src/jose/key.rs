//! Public keys for signature verification, built from raw JWK members.
//!
//! A key set is parsed once and reused for every token, so everything a
//! verification needs (the decoded point, the RSA Montgomery parameters) is
//! computed here, never per signature. The JWK JSON itself is parsed by the
//! caller; these constructors get the members already base64url-decoded.

use core::fmt;

use p256::ecdsa::VerifyingKey;

use super::alg::{Algorithm, KeyType};

/// Smallest RSA modulus accepted, in bits. RFC 7518 §3.3: "A key of size 2048
/// bits or larger MUST be used"; smaller keys are factorable by well-funded
/// attackers, and Wycheproof's JWK tests expect 1024-bit keys to be refused.
pub const MIN_RSA_BITS: u32 = 2048;

/// Largest RSA modulus accepted, in bits. Verification cost grows about with
/// the square of the modulus size, so a JWKS with huge keys is a cheap way to
/// burn a client's CPU; 8192 bits (about 16 times the cost of 2048) is the
/// largest size in real use and the `rsa` crate's own default limit.
pub const MAX_RSA_BITS: u32 = 8192;

/// Longest RSA public exponent accepted, in bytes. Verification does one
/// modular squaring per exponent bit, so the exponent bounds the work per
/// signature ("RSADoS"); every deployed key uses 65537 (3 bytes, `AQAB`), and
/// 4 bytes still admits any exponent up to 2^32 - 1.
pub const MAX_RSA_EXPONENT_LEN: usize = 4;

/// Smallest RSA public exponent accepted. 1 makes "signatures" trivial to
/// forge, and even values are not valid RSA exponents; 3 is the smallest
/// exponent that has ever been legitimate.
pub const MIN_RSA_EXPONENT: u32 = 3;

/// Length in bytes of a P-256 coordinate, which a JWK must give in full
/// (RFC 7518 §6.2.1.2 and §6.2.1.3).
pub const P256_COORDINATE_LEN: usize = 32;

/// Why raw JWK members do not make a usable public key. Per RFC 7517 §5 a
/// key set reader should skip such a key rather than refuse the whole set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// An RSA key was given but this build has no `alloc` feature, which RSA
    /// verification needs.
    RsaNotCompiledIn,
    /// The modulus `n` starts with a zero octet; RFC 7518 §2 (Base64urlUInt)
    /// requires the minimal encoding.
    RsaModulusNotMinimal,
    /// The modulus is shorter than [`MIN_RSA_BITS`].
    RsaModulusTooSmall {
        /// Size of the given modulus in bits.
        bits: u32,
    },
    /// The modulus is longer than [`MAX_RSA_BITS`].
    RsaModulusTooLarge {
        /// Size of the given modulus in bits (saturates at `u32::MAX`).
        bits: u32,
    },
    /// The modulus is even, so it is not a product of two odd primes.
    RsaModulusEven,
    /// The exponent `e` is empty or starts with a zero octet (RFC 7518 §2
    /// minimal encoding).
    RsaExponentNotMinimal,
    /// The exponent is longer than [`MAX_RSA_EXPONENT_LEN`] bytes.
    RsaExponentTooLong {
        /// Length of the given exponent in bytes.
        len: usize,
    },
    /// The exponent is smaller than [`MIN_RSA_EXPONENT`].
    RsaExponentTooSmall {
        /// The given exponent.
        value: u32,
    },
    /// The exponent is even.
    RsaExponentEven {
        /// The given exponent.
        value: u32,
    },
    /// The RSA implementation refused the key for another reason.
    RsaKeyRejected,
    /// A P-256 coordinate (`x` or `y`) is not exactly
    /// [`P256_COORDINATE_LEN`] bytes.
    EcCoordinateLength {
        /// Length of the offending coordinate in bytes.
        found: usize,
    },
    /// `(x, y)` is not a point on P-256 (or a coordinate is not below the
    /// field prime).
    EcPointNotOnCurve,
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::RsaNotCompiledIn => {
                f.write_str("RSA keys need the `alloc` feature, which this build lacks")
            }
            Self::RsaModulusNotMinimal => f.write_str("RSA modulus has a leading zero octet"),
            Self::RsaModulusTooSmall { bits } => {
                write!(
                    f,
                    "RSA modulus of {bits} bits is below the minimum of {MIN_RSA_BITS}"
                )
            }
            Self::RsaModulusTooLarge { bits } => {
                write!(
                    f,
                    "RSA modulus of {bits} bits is above the maximum of {MAX_RSA_BITS}"
                )
            }
            Self::RsaModulusEven => f.write_str("RSA modulus is even"),
            Self::RsaExponentNotMinimal => {
                f.write_str("RSA exponent is empty or has a leading zero octet")
            }
            Self::RsaExponentTooLong { len } => write!(
                f,
                "RSA exponent of {len} bytes is longer than {MAX_RSA_EXPONENT_LEN} bytes"
            ),
            Self::RsaExponentTooSmall { value } => {
                write!(f, "RSA exponent {value} is below {MIN_RSA_EXPONENT}")
            }
            Self::RsaExponentEven { value } => write!(f, "RSA exponent {value} is even"),
            Self::RsaKeyRejected => f.write_str("RSA key rejected by the RSA implementation"),
            Self::EcCoordinateLength { found } => write!(
                f,
                "P-256 coordinate is {found} bytes, expected {P256_COORDINATE_LEN}"
            ),
            Self::EcPointNotOnCurve => f.write_str("EC point is not on the P-256 curve"),
        }
    }
}

impl core::error::Error for KeyError {}

/// A public key that can verify signatures. Built only through
/// [`PublicKey::rsa`] and [`PublicKey::ec_p256`], which enforce the size and
/// encoding rules; equal values hold the same key material, so duplicate JWKs
/// can be collapsed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PublicKey {
    /// An ECDSA key on P-256, for ES256.
    EcP256(EcP256Key),
    /// An RSA key, for RS* and PS*.
    #[cfg(feature = "alloc")]
    Rsa(RsaKey),
}

impl PublicKey {
    /// An RSA key from the JWK members `n` and `e`, already base64url-decoded
    /// (big-endian unsigned integers).
    ///
    /// # Errors
    /// A [`KeyError`] if the modulus is outside
    /// [`MIN_RSA_BITS`]`..=`[`MAX_RSA_BITS`], even, or has a leading zero
    /// octet; if the exponent is not minimally encoded, longer than
    /// [`MAX_RSA_EXPONENT_LEN`], below [`MIN_RSA_EXPONENT`] or even. Without
    /// the `alloc` feature a key that passes these checks gives
    /// [`KeyError::RsaNotCompiledIn`], so a malformed key is reported the
    /// same way on every build.
    ///
    /// This precomputes the Montgomery parameters of `n` (about 10 µs for
    /// 2048 bits in a release build), which is why keys are built once per
    /// key set and not per token.
    pub fn rsa(n: &[u8], e: &[u8]) -> Result<Self, KeyError> {
        check_rsa_modulus(n)?;
        let exponent = rsa_exponent(e)?;
        #[cfg(feature = "alloc")]
        {
            RsaKey::new(n, exponent).map(Self::Rsa)
        }
        #[cfg(not(feature = "alloc"))]
        {
            let _ = exponent;
            Err(KeyError::RsaNotCompiledIn)
        }
    }

    /// A P-256 key from the JWK members `x` and `y`, already base64url-decoded.
    ///
    /// # Errors
    /// [`KeyError::EcCoordinateLength`] unless both are exactly
    /// [`P256_COORDINATE_LEN`] bytes; [`KeyError::EcPointNotOnCurve`] unless
    /// `(x, y)` is a point of the curve (the identity has no such encoding).
    pub fn ec_p256(x: &[u8], y: &[u8]) -> Result<Self, KeyError> {
        EcP256Key::new(x, y).map(Self::EcP256)
    }

    /// The kind of key, as the JWK `kty` names it.
    #[must_use]
    pub const fn key_type(&self) -> KeyType {
        match self {
            Self::EcP256(_) => KeyType::Ec,
            #[cfg(feature = "alloc")]
            Self::Rsa(_) => KeyType::Rsa,
        }
    }

    /// Whether this key can verify `alg` (the key type matches).
    #[must_use]
    pub const fn fits(&self, alg: Algorithm) -> bool {
        matches!(
            (self.key_type(), alg.key_type()),
            (KeyType::Ec, KeyType::Ec) | (KeyType::Rsa, KeyType::Rsa)
        )
    }
}

/// An ECDSA P-256 public key, decoded and checked to be on the curve.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct EcP256Key {
    key: VerifyingKey,
}

impl EcP256Key {
    fn new(x: &[u8], y: &[u8]) -> Result<Self, KeyError> {
        let x = coordinate(x)?;
        let y = coordinate(y)?;
        // Straight from the coordinates: each must be a canonical field
        // element (below p) and the point must satisfy the curve equation;
        // `from_affine` refuses the identity. Going through a SEC1 encoding
        // instead would check the same and link `sec1`'s panicking tag
        // accessor, and with it `core::fmt`, into firmware.
        use p256::elliptic_curve::point::AffineCoordinates as _;
        let point = Option::<p256::AffinePoint>::from(p256::AffinePoint::from_coordinates(&x, &y))
            .ok_or(KeyError::EcPointNotOnCurve)?;
        let key = VerifyingKey::from_affine(point).map_err(|_| KeyError::EcPointNotOnCurve)?;
        Ok(Self { key })
    }

    pub(crate) fn verifying_key(&self) -> &VerifyingKey {
        &self.key
    }
}

impl fmt::Debug for EcP256Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EcP256Key")
    }
}

fn coordinate(bytes: &[u8]) -> Result<p256::FieldBytes, KeyError> {
    p256::FieldBytes::try_from(bytes)
        .map_err(|_| KeyError::EcCoordinateLength { found: bytes.len() })
}

/// An RSA public key with its Montgomery parameters precomputed.
#[cfg(feature = "alloc")]
#[derive(Clone, PartialEq, Eq)]
pub struct RsaKey {
    key: rsa::RsaPublicKey,
    bits: u32,
    /// The RSASSA-PKCS1-v1_5 schemes for SHA-256, -384 and -512, built once:
    /// `Pkcs1v15Sign::new` DER-encodes its DigestInfo prefix into a growing
    /// `Vec` (three allocator calls). The e = 65537 path borrows the prefix;
    /// `rsa`'s `verify` consumes a scheme, so other exponents clone one per
    /// call (one allocation), as `pkcs1v15::VerifyingKey::verify` does (which,
    /// kept per key, measured +14.5 KB of firmware flash: its error
    /// conversions pull in `core::fmt`). Boxed:
    /// every key slot of a `KeySet` holds an `RsaKey`, and inline the three
    /// would add 96 bytes to each.
    pkcs1v15: alloc::boxed::Box<[rsa::pkcs1v15::Pkcs1v15Sign; 3]>,
    /// Whether `e` is 65537, the exponent every provider's keys use: such
    /// keys verify PKCS #1 v1.5 signatures on the faster public-exponent
    /// path of `signature/rsa_f4.rs`.
    e_is_f4: bool,
}

#[cfg(feature = "alloc")]
impl RsaKey {
    fn new(n: &[u8], e: u32) -> Result<Self, KeyError> {
        let bits = bit_length(n);
        let n = rsa::BoxedUint::from_be_slice_vartime(n);
        let e_value = e;
        let e = rsa::BoxedUint::from(e);
        let range = usize::try_from(MIN_RSA_BITS).map_err(|_| KeyError::RsaKeyRejected)?
            ..=usize::try_from(MAX_RSA_BITS).map_err(|_| KeyError::RsaKeyRejected)?;
        let key = rsa::RsaPublicKey::new_with_size_limits(n, e, range)
            .map_err(|_| KeyError::RsaKeyRejected)?;
        Ok(Self {
            key,
            bits,
            e_is_f4: e_value == super::signature::F4,
            pkcs1v15: alloc::boxed::Box::new([
                rsa::pkcs1v15::Pkcs1v15Sign::new::<sha2::Sha256>(),
                rsa::pkcs1v15::Pkcs1v15Sign::new::<sha2::Sha384>(),
                rsa::pkcs1v15::Pkcs1v15Sign::new::<sha2::Sha512>(),
            ]),
        })
    }

    /// Modulus size in bits.
    #[must_use]
    pub const fn bits(&self) -> u32 {
        self.bits
    }

    /// Modulus size in bytes: the exact length of every signature by this key.
    #[must_use]
    pub const fn modulus_len(&self) -> usize {
        // `bits` is at most MAX_RSA_BITS, so this cannot overflow.
        (self.bits as usize).div_ceil(8)
    }

    pub(crate) fn inner(&self) -> &rsa::RsaPublicKey {
        &self.key
    }

    /// Whether the public exponent is 65537.
    pub(crate) const fn e_is_f4(&self) -> bool {
        self.e_is_f4
    }

    /// The RSASSA-PKCS1-v1_5 scheme for `hash` (its DigestInfo prefix);
    /// `RsaPublicKey::verify` consumes a clone.
    pub(crate) fn pkcs1v15(
        &self,
        hash: super::hash::HashAlgorithm,
    ) -> &rsa::pkcs1v15::Pkcs1v15Sign {
        let [sha256, sha384, sha512] = &*self.pkcs1v15;
        match hash {
            super::hash::HashAlgorithm::Sha256 => sha256,
            super::hash::HashAlgorithm::Sha384 => sha384,
            super::hash::HashAlgorithm::Sha512 => sha512,
        }
    }
}

#[cfg(feature = "alloc")]
impl fmt::Debug for RsaKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaKey").field("bits", &self.bits).finish()
    }
}

/// Size in bits of a big-endian integer whose first byte is not zero
/// (saturating; 0 for an empty slice).
fn bit_length(be: &[u8]) -> u32 {
    let Some(first) = be.first() else { return 0 };
    let whole = u32::try_from(be.len())
        .unwrap_or(u32::MAX)
        .saturating_sub(1)
        .saturating_mul(8);
    whole.saturating_add(u8::BITS.saturating_sub(first.leading_zeros()))
}

/// The checks on `n` that need no big-integer arithmetic, so that they give
/// the same typed error with or without the `alloc` feature.
fn check_rsa_modulus(n: &[u8]) -> Result<(), KeyError> {
    if n.first() == Some(&0) {
        return Err(KeyError::RsaModulusNotMinimal);
    }
    let bits = bit_length(n);
    if bits < MIN_RSA_BITS {
        return Err(KeyError::RsaModulusTooSmall { bits });
    }
    if bits > MAX_RSA_BITS {
        return Err(KeyError::RsaModulusTooLarge { bits });
    }
    if n.last().is_none_or(|b| b & 1 == 0) {
        return Err(KeyError::RsaModulusEven);
    }
    Ok(())
}

/// The exponent `e` as a number, after the encoding and range checks.
fn rsa_exponent(e: &[u8]) -> Result<u32, KeyError> {
    match e.first() {
        None | Some(0) => return Err(KeyError::RsaExponentNotMinimal),
        Some(_) => {}
    }
    if e.len() > MAX_RSA_EXPONENT_LEN {
        return Err(KeyError::RsaExponentTooLong { len: e.len() });
    }
    let value = e.iter().fold(0u32, |acc, b| acc << 8 | u32::from(*b));
    if value < MIN_RSA_EXPONENT {
        return Err(KeyError::RsaExponentTooSmall { value });
    }
    if value & 1 == 0 {
        return Err(KeyError::RsaExponentEven { value });
    }
    Ok(value)
}

#[cfg(test)]
mod tests;
