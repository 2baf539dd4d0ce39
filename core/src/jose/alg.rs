//! The JWS signature algorithms this crate verifies, and the caller's
//! allow-list of them (RFC 8725 §3.1: the caller chooses, nothing else is used).
//!
//! `none` and the `HS*` MAC algorithms are deliberately not representable: an
//! implicit-flow client is public, so it has no secret to verify a MAC with
//! (OIDC Core §10.1), and `none` is never acceptable for an ID token from the
//! authorization endpoint (OIDC Core §2). A header naming them is an unknown
//! algorithm to [`Algorithm::from_name`], and the caller refuses the token
//! before any key is looked at.

use core::fmt;

use super::hash::HashAlgorithm;

/// A JWS signature algorithm (RFC 7518 §3.1) that this crate can verify.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3); the OIDC default.
    Rs256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    Rs384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    Rs512,
    /// RSASSA-PSS with SHA-256, MGF1-SHA-256, 32-byte salt (RFC 7518 §3.5).
    Ps256,
    /// RSASSA-PSS with SHA-384, MGF1-SHA-384, 48-byte salt.
    Ps384,
    /// RSASSA-PSS with SHA-512, MGF1-SHA-512, 64-byte salt.
    Ps512,
    /// ECDSA on P-256 with SHA-256, signature `R ‖ S` (RFC 7518 §3.4).
    Es256,
}

/// The kind of public key an [`Algorithm`] needs (the JWK `kty`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyType {
    /// An RSA key (`kty` `RSA`).
    Rsa,
    /// An elliptic-curve key (`kty` `EC`); this crate supports P-256 only.
    Ec,
}

impl Algorithm {
    /// Every algorithm, in bit order of [`AlgorithmSet`].
    pub const ALL: [Self; 7] = [
        Self::Rs256,
        Self::Rs384,
        Self::Rs512,
        Self::Ps256,
        Self::Ps384,
        Self::Ps512,
        Self::Es256,
    ];

    /// The algorithm with this JOSE `alg` name. Names are case-sensitive
    /// (RFC 7515 §4.1.1), so `rs256` is unknown; so are `none` and `HS256`.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|alg| alg.name() == name)
    }

    /// The JOSE `alg` name, for example `"RS256"`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Rs256 => "RS256",
            Self::Rs384 => "RS384",
            Self::Rs512 => "RS512",
            Self::Ps256 => "PS256",
            Self::Ps384 => "PS384",
            Self::Ps512 => "PS512",
            Self::Es256 => "ES256",
        }
    }

    /// The kind of key that verifies this algorithm.
    #[must_use]
    pub const fn key_type(self) -> KeyType {
        match self {
            Self::Es256 => KeyType::Ec,
            Self::Rs256 | Self::Rs384 | Self::Rs512 | Self::Ps256 | Self::Ps384 | Self::Ps512 => {
                KeyType::Rsa
            }
        }
    }

    /// The SHA-2 function of the signature, also used for `at_hash` and
    /// `c_hash` (OIDC Core §3.2.2.9).
    #[must_use]
    pub const fn hash(self) -> HashAlgorithm {
        match self {
            Self::Rs256 | Self::Ps256 | Self::Es256 => HashAlgorithm::Sha256,
            Self::Rs384 | Self::Ps384 => HashAlgorithm::Sha384,
            Self::Rs512 | Self::Ps512 => HashAlgorithm::Sha512,
        }
    }

    /// This algorithm's bit in an [`AlgorithmSet`].
    const fn bit(self) -> u8 {
        match self {
            Self::Rs256 => 1 << 0,
            Self::Rs384 => 1 << 1,
            Self::Rs512 => 1 << 2,
            Self::Ps256 => 1 << 3,
            Self::Ps384 => 1 << 4,
            Self::Ps512 => 1 << 5,
            Self::Es256 => 1 << 6,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Rsa => "RSA",
            Self::Ec => "EC",
        })
    }
}

/// The algorithms a caller accepts: a token whose `alg` is not in the set is
/// refused before its signature is looked at (RFC 8725 §3.1).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct AlgorithmSet {
    bits: u8,
}

impl AlgorithmSet {
    /// No algorithm: every token is refused.
    pub const EMPTY: Self = Self { bits: 0 };

    /// RS256 (which OIDC Core §15.1 makes mandatory to implement, and which
    /// providers use unless told otherwise) and ES256.
    pub const DEFAULT: Self = Self::EMPTY.with(Algorithm::Rs256).with(Algorithm::Es256);

    /// Every algorithm this build can verify: all of [`Algorithm::ALL`] with
    /// the `alloc` feature, only ES256 without it (RSA keys need an allocator).
    #[must_use]
    pub const fn all_supported() -> Self {
        if cfg!(feature = "alloc") {
            Self::EMPTY
                .with(Algorithm::Rs256)
                .with(Algorithm::Rs384)
                .with(Algorithm::Rs512)
                .with(Algorithm::Ps256)
                .with(Algorithm::Ps384)
                .with(Algorithm::Ps512)
                .with(Algorithm::Es256)
        } else {
            Self::EMPTY.with(Algorithm::Es256)
        }
    }

    /// This set plus `alg`.
    #[must_use]
    pub const fn with(self, alg: Algorithm) -> Self {
        Self {
            bits: self.bits | alg.bit(),
        }
    }

    /// This set without `alg`.
    #[must_use]
    pub const fn without(self, alg: Algorithm) -> Self {
        Self {
            bits: self.bits & !alg.bit(),
        }
    }

    /// Whether `alg` is accepted.
    #[must_use]
    pub const fn contains(self, alg: Algorithm) -> bool {
        self.bits & alg.bit() != 0
    }

    /// The algorithms in both sets.
    #[must_use]
    pub const fn intersection(self, other: Self) -> Self {
        Self {
            bits: self.bits & other.bits,
        }
    }

    /// Whether no algorithm is accepted.
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.bits == 0
    }

    /// The accepted algorithms, in the order of [`Algorithm::ALL`].
    pub fn iter(self) -> impl Iterator<Item = Algorithm> {
        Algorithm::ALL
            .into_iter()
            .filter(move |alg| self.contains(*alg))
    }
}

impl Default for AlgorithmSet {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl fmt::Debug for AlgorithmSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set()
            .entries(self.iter().map(Algorithm::name))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;

    #[test]
    fn names_round_trip_and_are_exact() {
        for alg in Algorithm::ALL {
            assert_eq!(Algorithm::from_name(alg.name()), Some(alg));
        }
        for name in [
            "", "none", "None", "HS256", "HS384", "HS512", "rs256", "Rs256", "RS256 ", " RS256",
            "ES384", "ES512", "ES256K", "EdDSA", "PS256\0", "RSA1_5",
        ] {
            assert_eq!(Algorithm::from_name(name), None, "{name:?}");
        }
    }

    #[test]
    fn key_type_and_hash_table() {
        use HashAlgorithm::{Sha256, Sha384, Sha512};
        let table = [
            (Algorithm::Rs256, KeyType::Rsa, Sha256),
            (Algorithm::Rs384, KeyType::Rsa, Sha384),
            (Algorithm::Rs512, KeyType::Rsa, Sha512),
            (Algorithm::Ps256, KeyType::Rsa, Sha256),
            (Algorithm::Ps384, KeyType::Rsa, Sha384),
            (Algorithm::Ps512, KeyType::Rsa, Sha512),
            (Algorithm::Es256, KeyType::Ec, Sha256),
        ];
        for (alg, kty, hash) in table {
            assert_eq!(alg.key_type(), kty, "{alg}");
            assert_eq!(alg.hash(), hash, "{alg}");
        }
    }

    #[test]
    fn set_operations() {
        let d = AlgorithmSet::DEFAULT;
        assert!(d.contains(Algorithm::Rs256) && d.contains(Algorithm::Es256));
        assert_eq!(d.iter().count(), 2);
        assert_eq!(AlgorithmSet::default(), d);
        assert!(AlgorithmSet::EMPTY.is_empty());
        let only_ps = AlgorithmSet::EMPTY.with(Algorithm::Ps256);
        assert!(only_ps.contains(Algorithm::Ps256) && !only_ps.contains(Algorithm::Rs256));
        assert!(only_ps.without(Algorithm::Ps256).is_empty());
        let all = AlgorithmSet::all_supported();
        if cfg!(feature = "alloc") {
            assert!(Algorithm::ALL.iter().all(|a| all.contains(*a)));
        } else {
            assert_eq!(all.iter().collect::<std::vec::Vec<_>>(), [Algorithm::Es256]);
        }
        // Every bit is distinct.
        let mut seen = AlgorithmSet::EMPTY;
        for alg in Algorithm::ALL {
            assert!(!seen.contains(alg));
            seen = seen.with(alg);
        }
        assert_eq!(std::format!("{d:?}"), r#"{"RS256", "ES256"}"#);
    }
}
