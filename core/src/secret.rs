//! `state` and `nonce`: unguessable values derived from host entropy, compared
//! in constant time, never printed.

use core::fmt;

use base64ct::{Base64UrlUnpadded, Encoding};
use sha2::{Digest, Sha256};

use crate::limits::{MAX_ENTROPY_LEN, MIN_ENTROPY_LEN, SECRET_LEN};

/// Why host entropy was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EntropyError {
    /// Fewer bytes than [`MIN_ENTROPY_LEN`].
    TooShort {
        /// Bytes given.
        len: usize,
        /// Bytes needed.
        min: usize,
    },
    /// More bytes than [`MAX_ENTROPY_LEN`].
    TooLong {
        /// Bytes given.
        len: usize,
        /// Most accepted.
        max: usize,
    },
    /// Every byte has the same value: the host's random source most likely
    /// failed and left a zeroed (or constant) buffer.
    Degenerate,
}

impl fmt::Display for EntropyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooShort { len, min } => {
                write!(
                    f,
                    "host entropy too short: {len} bytes, at least {min} needed"
                )
            }
            Self::TooLong { len, max } => {
                write!(
                    f,
                    "host entropy too long: {len} bytes, at most {max} accepted"
                )
            }
            Self::Degenerate => f.write_str("host entropy is constant: the random source failed"),
        }
    }
}

impl core::error::Error for EntropyError {}

/// Checks host entropy before anything is derived from it.
pub(crate) fn check_entropy(entropy: &[u8]) -> Result<(), EntropyError> {
    if entropy.len() < MIN_ENTROPY_LEN {
        return Err(EntropyError::TooShort {
            len: entropy.len(),
            min: MIN_ENTROPY_LEN,
        });
    }
    if entropy.len() > MAX_ENTROPY_LEN {
        return Err(EntropyError::TooLong {
            len: entropy.len(),
            max: MAX_ENTROPY_LEN,
        });
    }
    match entropy.split_first() {
        Some((first, rest)) if rest.iter().all(|b| b == first) => Err(EntropyError::Degenerate),
        _ => Ok(()),
    }
}

/// Longest `state`/`nonce` held: this crate writes 43 characters; values
/// given through the known-answer test hook may be up to this long.
const MAX_SECRET_LEN: usize = 64;

/// Shortest stored value read back: 22 base64url characters carry 128 bits.
const MIN_STORED_SECRET_LEN: usize = 22;

/// A `state` or `nonce` value: normally 43 base64url characters (256 bits
/// of SHA-256 output).
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(heapless::String<MAX_SECRET_LEN>);

impl Secret {
    /// Derives a value from entropy, separated by `label` so that `state` and
    /// `nonce` from the same entropy are unrelated (knowing one, which travels
    /// in the URL, reveals nothing about the other).
    fn derive(label: &[u8], entropy: &[u8]) -> Self {
        let digest = Sha256::new()
            .chain_update(b"oidc-implicit/v1/")
            .chain_update(label)
            .chain_update(entropy)
            .finalize();
        let mut out = [0u8; SECRET_LEN];
        // 32 bytes always encode to exactly 43 characters, which fit.
        let text = Base64UrlUnpadded::encode(&digest, &mut out).unwrap_or_default();
        Self(heapless::String::try_from(text).unwrap_or_default())
    }

    /// Reads back a stored value: 22 to 64 URL-safe characters (what this
    /// crate writes is 43 base64url characters).
    fn parse(text: &str) -> Option<Self> {
        let url_safe = text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'));
        (url_safe && text.len() >= MIN_STORED_SECRET_LEN)
            .then(|| heapless::String::try_from(text).ok().map(Self))?
    }

    /// A value given verbatim (known-answer tests): 1 to 64 VSCHAR.
    #[cfg(any(test, feature = "dangerous-test-hooks"))]
    fn verbatim(text: &str) -> Option<Self> {
        let ok = !text.is_empty() && text.bytes().all(|b| (0x20..=0x7E).contains(&b));
        ok.then(|| heapless::String::try_from(text).ok().map(Self))?
    }

    fn as_str(&self) -> &str {
        &self.0
    }

    /// Constant-time comparison with a received value. A length mismatch
    /// returns early: lengths are public (this crate's are always 43).
    fn ct_eq_bytes(&self, received: &[u8]) -> bool {
        crate::ct::eq(self.0.as_bytes(), received)
    }
}

macro_rules! secret_newtype {
    ($(#[$doc:meta])* $name:ident, $label:literal) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(Secret);

        impl $name {
            pub(crate) fn derive(entropy: &[u8]) -> Self {
                Self(Secret::derive($label, entropy))
            }

            pub(crate) fn parse(text: &str) -> Option<Self> {
                Secret::parse(text).map(Self)
            }

            #[cfg(feature = "dangerous-test-hooks")]
            pub(crate) fn verbatim(text: &str) -> Option<Self> {
                Secret::verbatim(text).map(Self)
            }

            /// The value as sent in the authorize request.
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }

            /// Constant-time comparison with the value received back.
            pub fn matches(&self, received: &[u8]) -> bool {
                self.0.ct_eq_bytes(received)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(<redacted>)"))
            }
        }
    };
}

secret_newtype!(
    /// The `state` parameter: binds the redirect to the request (CSRF
    /// protection, RFC 6749 §10.12) and lets the app find its pending
    /// authorization.
    State,
    b"state"
);

secret_newtype!(
    /// The `nonce` parameter: binds the ID token to the request (OIDC Core
    /// §3.2.2.11, §15.5.2).
    Nonce,
    b"nonce"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_rules() {
        let cases: &[(&[u8], Result<(), EntropyError>)] = &[
            (&[7u8; 31], Err(EntropyError::TooShort { len: 31, min: 32 })),
            (&[0u8; 32], Err(EntropyError::Degenerate)),
            (&[0xffu8; 64], Err(EntropyError::Degenerate)),
            (
                &[1u8; 1025],
                Err(EntropyError::TooLong {
                    len: 1025,
                    max: 1024,
                }),
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(check_entropy(input), *expected);
        }
        let mut ok = [0u8; 32];
        ok[31] = 1;
        assert_eq!(check_entropy(&ok), Ok(()));
    }

    #[test]
    fn state_and_nonce_differ_and_round_trip() {
        let entropy: [u8; 32] = core::array::from_fn(|i| i as u8);
        let state = State::derive(&entropy);
        let nonce = Nonce::derive(&entropy);
        assert_ne!(state.as_str(), nonce.as_str());
        assert_eq!(state.as_str().len(), SECRET_LEN);
        assert_eq!(State::parse(state.as_str()), Some(state.clone()));
        assert!(state.matches(state.as_str().as_bytes()));
        assert!(!state.matches(nonce.as_str().as_bytes()));
        assert!(!state.matches(&state.as_str().as_bytes()[..42]));
        let mut other = entropy;
        other[0] ^= 1;
        assert_ne!(State::derive(&other), state);
        assert_eq!(std::format!("{state:?}"), "State(<redacted>)");
    }

    #[test]
    fn parse_rejects_foreign_values() {
        for bad in [
            "",
            "short",
            &"A".repeat(21),
            &"A".repeat(65),
            &"+".repeat(43),
            &"A b".repeat(10),
        ] {
            assert!(State::parse(bad).is_none(), "{bad}");
        }
        assert!(State::parse(&"A".repeat(22)).is_some());
        assert!(Secret::verbatim("af0ifjsldkj").is_some());
        assert!(Secret::verbatim("").is_none());
        assert!(Secret::verbatim("a b").is_some());
        assert!(Secret::verbatim("a\u{7f}").is_none());
    }
}
