//! The SHA-2 functions behind the JWS algorithms, and the OIDC `at_hash` /
//! `c_hash` value computed with them (OIDC Core §3.2.2.9, §3.3.2.11).

use core::fmt;

use base64ct::{Base64UrlUnpadded, Encoding};
use sha2::digest::Output;
use sha2::{Digest, Sha256, Sha384, Sha512};

use super::alg::Algorithm;
use super::jws::base64url_into;
use crate::form::FormValue;

/// Bytes to hash, as they are at hand: in one slice, or still
/// percent-encoded in the redirect (a token that arrived escaped), hashed
/// chunk by chunk as it is decoded so that no decoded copy of it is made.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Message<'m> {
    /// The bytes themselves.
    Bytes(&'m [u8]),
    /// The decoded bytes of a form value (an access token).
    Decoded(FormValue<'m>),
    /// `header.payload`, the signing input of a JWS whose segments are
    /// still percent-encoded (`jws::EscapedCompact`).
    SigningInput {
        header: FormValue<'m>,
        payload: FormValue<'m>,
    },
}

impl Message<'_> {
    /// The message's hash under `D`.
    pub(crate) fn hash<D: Digest>(&self) -> Output<D> {
        match self {
            Self::Bytes(bytes) => D::digest(bytes),
            Self::Decoded(value) => match value.as_plain() {
                Some(text) => D::digest(text.as_bytes()),
                None => hash_decoded::<D>(value, None),
            },
            Self::SigningInput { header, payload } => hash_decoded::<D>(header, Some(payload)),
        }
    }
}

/// The hash of the decoded bytes of `first`, then, if `then` is given, of
/// a `.` and its decoded bytes. Out of line and cold: none of it is in the
/// code a plain token runs.
#[cold]
#[inline(never)]
fn hash_decoded<D: Digest>(first: &FormValue<'_>, then: Option<&FormValue<'_>>) -> Output<D> {
    let mut hasher = D::new();
    let mut update = |chunk: &[u8]| -> Result<(), core::convert::Infallible> {
        hasher.update(chunk);
        Ok(())
    };
    let Ok(()) = first
        .try_for_each_chunk(&mut update)
        .and_then(|()| match then {
            Some(second) => update(b".").and_then(|()| second.try_for_each_chunk(&mut update)),
            None => Ok(()),
        });
    hasher.finalize()
}

/// A SHA-2 hash function used by a JWS algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HashAlgorithm {
    /// SHA-256 (32-byte output).
    Sha256,
    /// SHA-384 (48-byte output).
    Sha384,
    /// SHA-512 (64-byte output).
    Sha512,
}

impl HashAlgorithm {
    /// Output length in bytes; also the PSS salt length (RFC 7518 §3.5).
    #[must_use]
    pub const fn output_len(self) -> usize {
        match self {
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }

    /// Hashes `message` into a fixed-size value on the stack (no
    /// allocation).
    pub(crate) fn digest(self, message: &Message<'_>) -> DigestOutput {
        match self {
            Self::Sha256 => DigestOutput::Sha256(message.hash::<Sha256>().into()),
            Self::Sha384 => DigestOutput::Sha384(message.hash::<Sha384>().into()),
            Self::Sha512 => DigestOutput::Sha512(message.hash::<Sha512>().into()),
        }
    }
}

impl fmt::Display for HashAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Sha256 => "SHA-256",
            Self::Sha384 => "SHA-384",
            Self::Sha512 => "SHA-512",
        })
    }
}

/// A digest of one of the [`HashAlgorithm`]s, sized exactly.
#[derive(Clone, Copy)]
pub(crate) enum DigestOutput {
    Sha256([u8; 32]),
    Sha384([u8; 48]),
    Sha512([u8; 64]),
}

impl DigestOutput {
    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            Self::Sha256(d) => d,
            Self::Sha384(d) => d,
            Self::Sha512(d) => d,
        }
    }

    /// The left half, what `at_hash` and `c_hash` carry (OIDC Core §3.2.2.9).
    fn left_half(&self) -> &[u8] {
        let bytes = self.as_bytes();
        bytes.get(..bytes.len() / 2).unwrap_or(bytes)
    }
}

/// Longest [`TokenHash`] text: SHA-512's 32-byte left half is 43 base64url
/// characters without padding (`ceil(32 * 4 / 3)`).
pub const MAX_TOKEN_HASH_LEN: usize = 43;

/// An `at_hash` or `c_hash` value as the token should carry it: base64url
/// (unpadded) of the left half of the hash of the ASCII token (OIDC Core
/// §3.2.2.9). 22 characters for SHA-256, 32 for SHA-384, 43 for SHA-512.
///
/// The value is derived from a token the caller already holds and is printed
/// in full by `Debug`; it is not a secret, but [`TokenHash::ct_eq`] compares it
/// in constant time anyway so that a mismatch leaks no prefix length.
#[derive(Clone, Copy)]
pub struct TokenHash {
    text: [u8; MAX_TOKEN_HASH_LEN],
    /// Number of used bytes of `text`; 0 only if encoding failed, which the
    /// fixed buffer size rules out (see [`token_hash_left_half`]).
    len: usize,
}

impl TokenHash {
    /// The base64url text, for example `77QmUPtjPfzWtF2AnpK9RQ`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        // Always ASCII by construction; the fallback only keeps this total.
        self.text
            .get(..self.len)
            .and_then(|t| core::str::from_utf8(t).ok())
            .unwrap_or("")
    }

    /// Whether the claim value `claimed` (the raw JSON string contents of
    /// `at_hash` or `c_hash`) equals this value. Constant-time in the
    /// contents; a length mismatch is `false` at once, as the expected length
    /// follows from the (public) algorithm.
    #[must_use]
    pub fn ct_eq(&self, claimed: &[u8]) -> bool {
        let ours = self.as_str().as_bytes();
        // An empty value would match an empty claim; it cannot be produced,
        // but refuse it rather than fail open.
        !ours.is_empty() && crate::ct::eq(ours, claimed)
    }
}

impl fmt::Debug for TokenHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("TokenHash").field(&self.as_str()).finish()
    }
}

impl fmt::Display for TokenHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Computes `at_hash` (over the access token) or `c_hash` (over the
/// authorization code) for a token signed with `alg`: the left half of the
/// `alg` hash of `data`, base64url without padding (OIDC Core §3.2.2.9).
/// `data` is the token exactly as received (its ASCII bytes).
#[must_use]
pub fn token_hash_left_half(alg: Algorithm, data: &[u8]) -> TokenHash {
    left_half(&alg.hash().digest(&Message::Bytes(data)))
}

/// Whether `claimed` (the decoded text of an `at_hash` or `c_hash` claim)
/// is the [`token_hash_left_half`] of `data` for a token whose signature
/// this build has verified with `alg`.
///
/// The claim is decoded rather than our hash encoded: the JWS decoder is
/// code every login runs anyway, where an encoder was code run for this
/// alone (a login's code does not fit in the instruction cache beside
/// RSA's, so every extra line is reloaded on every login, BENCHMARKS.md);
/// and that decoder is as strict as the encoder's output
/// ([`base64url_into`]). So a claim matches exactly when it is the one
/// encoding of our value, as comparing texts would find: any other text
/// fails to decode or decodes to other bytes. The bytes are compared in
/// constant time, so a mismatch leaks no prefix length.
///
/// Without `alloc` only ES256 can have verified (RSA is refused before), so
/// only SHA-256 is reachable here and SHA-384/512 stay out of ES256-only
/// firmware (about 28 KB of flash). Any other algorithm in such a build
/// would be a bug upstream: no match, which fails closed.
pub(crate) fn verified_token_hash_matches(
    alg: Algorithm,
    data: &Message<'_>,
    claimed: &[u8],
) -> bool {
    let digest = match alg.hash() {
        HashAlgorithm::Sha256 => DigestOutput::Sha256(data.hash::<Sha256>().into()),
        #[cfg(feature = "alloc")]
        other => other.digest(data),
        #[cfg(not(feature = "alloc"))]
        _ => return false,
    };
    // Room for more than the longest half (32 bytes): a longer claim does
    // not fit or decodes to more bytes, and does not match either way.
    let mut buf = [0u8; MAX_TOKEN_HASH_LEN];
    base64url_into(claimed, &mut buf)
        .is_ok_and(|decoded| crate::ct::eq(decoded, digest.left_half()))
}

fn left_half(digest: &DigestOutput) -> TokenHash {
    let half = digest.left_half();
    let mut text = [0u8; MAX_TOKEN_HASH_LEN];
    // 32 bytes at most encode to 43 characters, so this cannot fail.
    let len = Base64UrlUnpadded::encode(half, &mut text).map_or(0, str::len);
    TokenHash { text, len }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;

    #[test]
    fn oidc_core_a3_at_hash() {
        // OIDC Core 1.0 Appendix A.3 (`id_token token`, RS256).
        let h = token_hash_left_half(
            Algorithm::Rs256,
            b"jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y",
        );
        assert_eq!(h.as_str(), "77QmUPtjPfzWtF2AnpK9RQ");
        assert!(h.ct_eq(b"77QmUPtjPfzWtF2AnpK9RQ"));
        assert_eq!(std::format!("{h}"), "77QmUPtjPfzWtF2AnpK9RQ");
    }

    #[test]
    fn oidc_core_a4_c_hash() {
        // OIDC Core 1.0 Appendix A.4 (`code id_token`, RS256).
        let h = token_hash_left_half(
            Algorithm::Rs256,
            b"Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk",
        );
        assert_eq!(h.as_str(), "LDktKdoQak3Pk0cnXxCltA");
    }

    #[test]
    fn mismatches_are_false() {
        let h = token_hash_left_half(
            Algorithm::Es256,
            b"jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y",
        );
        // The certification suite's bad at_hash: the value with "1" appended.
        for claimed in [
            &b"77QmUPtjPfzWtF2AnpK9RQ1"[..],
            b"77QmUPtjPfzWtF2AnpK9R",
            b"77QmUPtjPfzWtF2AnpK9RR",
            b"",
            b"77QmUPtjPfzWtF2AnpK9RQ==",
        ] {
            assert!(!h.ct_eq(claimed), "{claimed:?}");
        }
    }

    #[test]
    fn verified_token_hash_links_only_what_the_build_verifies() {
        let token = &Message::Bytes(b"jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y");
        for alg in Algorithm::ALL {
            let full = token_hash_left_half(alg, b"jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y");
            let reachable = cfg!(feature = "alloc") || alg.hash() == HashAlgorithm::Sha256;
            let got = verified_token_hash_matches(alg, token, full.as_str().as_bytes());
            assert_eq!(got, reachable, "{alg}");
        }
    }

    /// The decoded comparison accepts exactly the one encoding of the
    /// value: every single-character change, every truncation and
    /// extension, padding, and the spellings that differ only in the
    /// unused trailing bits (`…RQ` vs `…RR`, `…RS`, `…RT`) are refused, for
    /// each hash length.
    #[test]
    fn verified_token_hash_matches_only_the_canonical_text() {
        let token = &Message::Bytes(b"jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y");
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=. ";
        let algs: &[Algorithm] = if cfg!(feature = "alloc") {
            &[Algorithm::Es256, Algorithm::Ps384, Algorithm::Rs512]
        } else {
            &[Algorithm::Es256]
        };
        for &alg in algs {
            let want = token_hash_left_half(alg, b"jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y");
            let want = want.as_str().as_bytes();
            assert!(verified_token_hash_matches(alg, token, want), "{alg}");
            assert!(
                !verified_token_hash_matches(alg, &Message::Bytes(b"other token"), want),
                "{alg}"
            );
            for i in 0..want.len() {
                for &c in alphabet {
                    let mut changed = want.to_vec();
                    changed[i] = c;
                    let same = changed == want;
                    assert_eq!(
                        verified_token_hash_matches(alg, token, &changed),
                        same,
                        "{alg} {:?}",
                        std::string::String::from_utf8_lossy(&changed)
                    );
                }
                assert!(
                    !verified_token_hash_matches(alg, token, &want[..i]),
                    "{alg}"
                );
            }
            for extra in [&b"A"[..], b"=", b"==", b" "] {
                let longer = [want, extra].concat();
                assert!(!verified_token_hash_matches(alg, token, &longer), "{alg}");
            }
            assert!(!verified_token_hash_matches(alg, token, b""), "{alg}");
        }
    }

    #[test]
    fn lengths_per_hash() {
        // Known answers computed independently with Python's hashlib/base64
        // over b"abc" (left halves of the SHA-384 and SHA-512 digests).
        let table = [
            (Algorithm::Rs256, "ungWv48Bz-pBQUDeXa4iIw"),
            (Algorithm::Ps384, "ywB1P0WjXou1oD1pmsZQBycsMqsO3tFj"),
            (
                Algorithm::Rs512,
                "3a81oZNherrMQXNJriBBMRLm-k6JqX6iCp7u5ktV05o",
            ),
        ];
        for (alg, want) in table {
            let h = token_hash_left_half(alg, b"abc");
            assert_eq!(h.as_str(), want, "{alg}");
            assert_eq!(
                h.as_str().len(),
                (alg.hash().output_len() / 2 * 4).div_ceil(3)
            );
            assert!(h.ct_eq(want.as_bytes()));
        }
    }
}
