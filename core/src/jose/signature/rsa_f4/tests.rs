//! The e = 65537 path held to the `rsa` crate's own verification.
//!
//! Signatures over chosen encoded messages are made with the fixture keys'
//! private exponents (`EM^d mod n`), so every kind of malformed encoding can
//! be put in front of both implementations; the keys of other sizes and
//! their valid signatures come from jwcrypto
//! (`tests/fixtures/jose/mint_rsa_sizes.py`).
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code: a panic is a test failure"
)]

extern crate std;

use super::*;
use crate::jose::alg::Algorithm;
use crate::jose::hash::{HashAlgorithm, Message};
use crate::jose::key::{PublicKey, RsaKey};
use base64ct::{Base64UrlUnpadded, Encoding};
use crypto_bigint::Resize;
use proptest::prelude::*;
use std::string::String;
use std::sync::OnceLock;
use std::vec::Vec;

struct Fixture {
    kid: String,
    key: RsaKey,
    public: PublicKey,
    d: BoxedUint,
}

impl Fixture {
    fn k(&self) -> usize {
        self.key.modulus_len()
    }

    fn n(&self) -> &BoxedUint {
        self.key.inner().n_params().modulus().as_ref()
    }

    /// `em^d mod n` as k bytes: the signature whose public-key operation
    /// gives back `em`. `em` must be below n.
    fn sign_encoded(&self, em: &[u8]) -> Vec<u8> {
        let params = self.key.inner().n_params();
        let m = BoxedUint::from_be_slice(em, params.bits_precision()).unwrap();
        assert!(m < *self.n(), "{}: encoded message not below n", self.kid);
        let s = BoxedMontyForm::new(m, params).pow(&self.d).retrieve();
        self.to_k_bytes(&s)
    }

    fn to_k_bytes(&self, x: &BoxedUint) -> Vec<u8> {
        let bytes = x.to_be_bytes();
        bytes[bytes.len() - self.k()..].to_vec()
    }

    fn is_below_n(&self, bytes: &[u8]) -> bool {
        let precision = self.key.inner().n_params().bits_precision();
        BoxedUint::from_be_slice(bytes, precision).unwrap() < *self.n()
    }

    /// EMSA-PKCS1-v1_5 written out by hand from RFC 8017 §9.2.
    fn encode(&self, hash: HashAlgorithm, digest: &[u8]) -> Vec<u8> {
        encode_with(self.k(), &self.key.pkcs1v15(hash).prefix, digest)
    }

    /// What this path says.
    fn ours(&self, hash: HashAlgorithm, digest: &[u8], signature: &[u8]) -> bool {
        let prefix = &self.key.pkcs1v15(hash).prefix;
        verify_pkcs1v15(self.key.inner(), prefix, digest, signature)
    }

    /// What `rsa`'s own verification says.
    fn theirs(&self, hash: HashAlgorithm, digest: &[u8], signature: &[u8]) -> bool {
        let scheme = self.key.pkcs1v15(hash).clone();
        self.key.inner().verify(scheme, digest, signature).is_ok()
    }

    /// Both verdicts, which must agree.
    fn verdict(&self, hash: HashAlgorithm, digest: &[u8], signature: &[u8]) -> bool {
        let ours = self.ours(hash, digest, signature);
        assert_eq!(
            ours,
            self.theirs(hash, digest, signature),
            "{}: the e = 65537 path and `rsa` disagree",
            self.kid
        );
        ours
    }
}

fn encode_with(k: usize, prefix: &[u8], digest: &[u8]) -> Vec<u8> {
    let padding = k - 3 - prefix.len() - digest.len();
    let mut em = std::vec![0x00, 0x01];
    em.extend(core::iter::repeat_n(0xFF, padding));
    em.push(0x00);
    em.extend_from_slice(prefix);
    em.extend_from_slice(digest);
    em
}

fn b64(s: &str) -> Vec<u8> {
    Base64UrlUnpadded::decode_vec(s).unwrap()
}

fn read_json(name: &str) -> serde_json::Value {
    let path = std::format!(
        "{}/../tests/fixtures/jose/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// RSA 2048 and 3072 from `keys.json`, 2056 and 3080 bits (moduli that are
/// not whole 64-bit limbs) from `rsa_sizes.json`.
fn fixtures() -> &'static [Fixture] {
    static FIXTURES: OnceLock<Vec<Fixture>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let keys = read_json("keys.json");
        let sizes = read_json("rsa_sizes.json");
        [
            ("rsa-1", &keys),
            ("rsa-3072", &keys),
            ("rsa-2056", &sizes),
            ("rsa-3080", &sizes),
        ]
        .into_iter()
        .map(|(kid, file)| {
            let jwk = &file["keys"][kid];
            let member = |name: &str| b64(jwk[name].as_str().unwrap());
            let public = PublicKey::rsa(&member("n"), &member("e")).unwrap();
            let PublicKey::Rsa(key) = public.clone() else {
                panic!("{kid}: not an RSA key")
            };
            assert!(key.e_is_f4(), "{kid}: e is not 65537");
            let d = BoxedUint::from_be_slice_vartime(&member("d"));
            let d = d.resize(key.inner().n_params().bits_precision());
            Fixture {
                kid: kid.into(),
                key,
                public,
                d,
            }
        })
        .collect()
    })
}

const HASHES: [HashAlgorithm; 3] = [
    HashAlgorithm::Sha256,
    HashAlgorithm::Sha384,
    HashAlgorithm::Sha512,
];

fn digest_of(hash: HashAlgorithm, message: &[u8]) -> Vec<u8> {
    hash.digest(&Message::Bytes(message)).as_bytes().to_vec()
}

#[test]
fn limb_padding_is_exercised() {
    // The odd sizes are why rsa_sizes.json exists: there the integer's
    // storage is longer than k, and the bytes above k must be cut off.
    for fx in fixtures() {
        let storage = usize::try_from(fx.key.inner().n_params().bits_precision()).unwrap() / 8;
        let odd = fx.kid == "rsa-2056" || fx.kid == "rsa-3080";
        assert_eq!(storage > fx.k(), odd, "{}", fx.kid);
    }
}

#[test]
fn jwcrypto_signatures_verify_on_this_path() {
    let sizes = read_json("rsa_sizes.json");
    let signatures = sizes["signatures"].as_array().unwrap();
    assert_eq!(signatures.len(), 6);
    for entry in signatures {
        let kid = entry["kid"].as_str().unwrap();
        let fx = fixtures().iter().find(|fx| fx.kid == kid).unwrap();
        let (alg, hash) = match entry["alg"].as_str().unwrap() {
            "RS256" => (Algorithm::Rs256, HashAlgorithm::Sha256),
            "RS384" => (Algorithm::Rs384, HashAlgorithm::Sha384),
            "RS512" => (Algorithm::Rs512, HashAlgorithm::Sha512),
            other => panic!("{other}"),
        };
        let (input, signature) = entry["jws"].as_str().unwrap().rsplit_once('.').unwrap();
        let mut signature = b64(signature);
        let digest = digest_of(hash, input.as_bytes());
        assert!(fx.verdict(hash, &digest, &signature), "{kid} {alg}");
        // And through the public entry point, which routes e = 65537 here.
        assert_eq!(
            super::super::verify(alg, &fx.public, input.as_bytes(), &signature),
            Ok(())
        );
        *signature.last_mut().unwrap() ^= 1;
        assert!(!fx.verdict(hash, &digest, &signature), "{kid} {alg}");
    }
}

/// SHA-256's DigestInfo without the NULL parameters (RFC 8017 §9.2 note 2
/// allows verifiers to accept it; we do not, and neither does `rsa`).
const SHA256_PREFIX_NO_NULL: [u8; 17] = [
    0x30, 0x2f, 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x04,
    0x20,
];

/// An encoded message built from the right one, and whether it must verify.
type Craft = fn(&Fixture, &[u8], Vec<u8>) -> Vec<u8>;

#[test]
fn crafted_encodings_table() {
    let cases: &[(&str, Craft, bool)] = &[
        ("the encoding itself", |_, _, em| em, true),
        (
            "first byte 0x01",
            |_, _, mut em| {
                em[0] = 0x01;
                em
            },
            false,
        ),
        (
            "block type 0x02",
            |_, _, mut em| {
                em[1] = 0x02;
                em
            },
            false,
        ),
        (
            "block type 0x00",
            |_, _, mut em| {
                em[1] = 0x00;
                em
            },
            false,
        ),
        (
            "first padding byte 0xFE",
            |_, _, mut em| {
                em[2] = 0xFE;
                em
            },
            false,
        ),
        (
            "a middle padding byte 0x00",
            |_, _, mut em| {
                em[40] = 0x00;
                em
            },
            false,
        ),
        (
            "separator 0x01",
            |fx, digest, mut em| {
                let at = fx.k() - digest.len() - 19 - 1;
                em[at] = 0x01;
                em
            },
            false,
        ),
        (
            "DigestInfo without NULL (padding two bytes longer)",
            |fx, digest, _| encode_with(fx.k(), &SHA256_PREFIX_NO_NULL, digest),
            false,
        ),
        (
            "SHA-384 DigestInfo around a SHA-256 digest",
            |fx, digest, _| {
                encode_with(
                    fx.k(),
                    &fx.key.pkcs1v15(HashAlgorithm::Sha384).prefix,
                    digest,
                )
            },
            false,
        ),
        (
            "last digest bit flipped",
            |_, _, mut em| {
                *em.last_mut().unwrap() ^= 1;
                em
            },
            false,
        ),
        (
            "garbage after the digest, padding 8 bytes (Bleichenbacher 2006)",
            |fx, digest, _| {
                let mut em = encode_with(
                    11 + 19 + digest.len(),
                    &fx.key.pkcs1v15(HashAlgorithm::Sha256).prefix,
                    digest,
                );
                em.resize(fx.k(), 0xA5);
                em
            },
            false,
        ),
        (
            "padding 7 bytes",
            |fx, digest, _| {
                let mut em = std::vec![0u8; fx.k() - 10 - 19 - digest.len()];
                em.extend(encode_with(
                    10 + 19 + digest.len(),
                    &fx.key.pkcs1v15(HashAlgorithm::Sha256).prefix,
                    digest,
                ));
                em
            },
            false,
        ),
        (
            "the digest moved one byte left, a zero after it",
            |_, _, mut em| {
                em.remove(2);
                em.push(0x00);
                em
            },
            false,
        ),
    ];
    let digest = digest_of(
        HashAlgorithm::Sha256,
        b"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0",
    );
    for fx in fixtures() {
        for (name, craft, want) in cases {
            let em = craft(fx, &digest, fx.encode(HashAlgorithm::Sha256, &digest));
            assert_eq!(em.len(), fx.k(), "{}: {name}", fx.kid);
            let signature = fx.sign_encoded(&em);
            assert_eq!(
                fx.verdict(HashAlgorithm::Sha256, &digest, &signature),
                *want,
                "{}: {name}",
                fx.kid
            );
        }
    }
}

#[test]
fn every_hash_verifies_and_rejects_the_others() {
    for fx in fixtures() {
        for signed_with in HASHES {
            let digest = digest_of(signed_with, b"signing input");
            let signature = fx.sign_encoded(&fx.encode(signed_with, &digest));
            for checked_with in HASHES {
                // The same bytes under another hash's DigestInfo and length.
                let claimed = digest_of(checked_with, b"signing input");
                assert_eq!(
                    fx.verdict(checked_with, &claimed, &signature),
                    signed_with == checked_with,
                    "{}: signed {signed_with:?}, checked {checked_with:?}",
                    fx.kid
                );
            }
        }
    }
}

#[test]
fn signature_representatives_out_of_range_or_trivial() {
    let digest = digest_of(HashAlgorithm::Sha256, b"message");
    for fx in fixtures() {
        let n = fx.n().clone();
        let one = BoxedUint::one_with_precision(n.bits_precision());
        let zero = BoxedUint::zero_with_precision(n.bits_precision());
        let cases = std::vec![
            ("s = 0", fx.to_k_bytes(&zero)),
            ("s = 1", fx.to_k_bytes(&one)),
            ("s = n - 1", fx.to_k_bytes(&n.wrapping_sub(&one))),
            ("s = n", fx.to_k_bytes(&n)),
            ("s = n + 1", fx.to_k_bytes(&n.wrapping_add(&one))),
            ("every byte 0xFF", std::vec![0xFF; fx.k()]),
        ];
        // A valid s plus n, where it still fits in k bytes, is s all over
        // again modulo n: it must be refused for being out of range.
        let (s, s_plus_n) = (0u32..256)
            .find_map(|i| {
                let digest = digest_of(HashAlgorithm::Sha256, &i.to_be_bytes());
                let s = fx.sign_encoded(&fx.encode(HashAlgorithm::Sha256, &digest));
                let precision = n.bits_precision() + 64;
                let sum = BoxedUint::from_be_slice(&s, precision)
                    .unwrap()
                    .wrapping_add(n.clone().resize(precision));
                let bytes = sum.to_be_bytes();
                let (high, low) = bytes.split_at(bytes.len() - fx.k());
                high.iter()
                    .all(|&b| b == 0)
                    .then(|| ((digest, s), low.to_vec()))
            })
            .unwrap();
        assert!(fx.verdict(HashAlgorithm::Sha256, &s.0, &s.1), "{}", fx.kid);
        assert!(
            !fx.verdict(HashAlgorithm::Sha256, &s.0, &s_plus_n),
            "{}: s + n",
            fx.kid
        );
        for (name, signature) in cases {
            assert!(
                !fx.verdict(HashAlgorithm::Sha256, &digest, &signature),
                "{}: {name}",
                fx.kid
            );
        }
    }
}

#[test]
fn encoding_matches_refuses_what_cannot_fit() {
    let digest = [7u8; 32];
    let prefix = [1u8; 19];
    // k = 62 leaves exactly 8 padding bytes; 61 leaves 7, 0 leaves none.
    let em = encode_with(62, &prefix, &digest);
    assert!(encoding_matches(&em, &prefix, &digest));
    assert!(!encoding_matches(&em[1..], &prefix, &digest));
    assert!(!encoding_matches(&[], &prefix, &digest));
    let mut short = std::vec![0x00, 0x01];
    short.extend([0xFF; 7]);
    short.push(0x00);
    short.extend(prefix);
    short.extend(digest);
    assert_eq!(short.len(), 61);
    assert!(!encoding_matches(&short, &prefix, &digest));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Up to three bytes of a valid encoding changed anywhere: the two
    /// implementations agree, and only the unchanged encoding verifies.
    #[test]
    fn agrees_with_rsa_on_mutated_encodings(
        which in 0usize..4,
        hash in 0usize..3,
        edits in proptest::collection::vec((any::<proptest::sample::Index>(), any::<u8>()), 1..4),
    ) {
        let fx = &fixtures()[which];
        let hash = HASHES[hash];
        let digest = digest_of(hash, b"eyJhbGciOiJSUzI1NiJ9.e30");
        let original = fx.encode(hash, &digest);
        let mut em = original.clone();
        let len = em.len();
        for (at, xor) in &edits {
            em[at.index(len)] ^= xor;
        }
        prop_assume!(fx.is_below_n(&em));
        let signature = fx.sign_encoded(&em);
        prop_assert_eq!(fx.verdict(hash, &digest, &signature), em == original);
    }

    /// Arbitrary k-byte signatures: the two implementations agree.
    #[test]
    fn agrees_with_rsa_on_arbitrary_signatures(
        which in 0usize..4,
        bytes in proptest::collection::vec(any::<u8>(), 385),
    ) {
        let fx = &fixtures()[which];
        let digest = digest_of(HashAlgorithm::Sha256, b"x");
        let signature = &bytes[..fx.k()];
        prop_assert!(!fx.verdict(HashAlgorithm::Sha256, &digest, signature));
    }
}
