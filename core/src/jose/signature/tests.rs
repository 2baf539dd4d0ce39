//! Known-answer, mutation and never-panic tests for [`super::verify`].
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code: a panic is a test failure"
)]

extern crate std;

use super::*;
use crate::jose::key::KeyError;
use base64ct::{Base64UrlUnpadded, Encoding};
use proptest::prelude::*;
use std::vec::Vec;

fn b64(s: &str) -> Vec<u8> {
    let mut buf = std::vec![0u8; s.len()];
    let len = Base64UrlUnpadded::decode(s, &mut buf).unwrap().len();
    buf.truncate(len);
    buf
}

/// Splits a compact JWS into (signing input, decoded signature).
fn split(jws: &str) -> (&[u8], Vec<u8>) {
    let (input, sig) = jws.rsplit_once('.').unwrap();
    (input.as_bytes(), b64(sig))
}

// RFC 7515 Appendix A.2 (RS256): the compact JWS of A.2.2 and the public
// part (`n`, `e`) of the key in A.2.1. `n` was compared with several
// independent public copies of the RFC example and checked with Python's
// pow(): s^e mod n is the EMSA-PKCS1-v1_5 encoding of SHA-256 of the
// signing input.
const A2_N: &str = "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ";
const A2_E: &str = "AQAB";
#[cfg(feature = "alloc")]
const A2_JWS: &str = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";

// RFC 7515 Appendix A.3 (ES256), key from A.3.1.
const A3_X: &str = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
const A3_Y: &str = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";
const A3_JWS: &str = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

/// The order n of the P-256 group, big-endian.
const P256_N: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];

fn ec_key() -> PublicKey {
    PublicKey::ec_p256(&b64(A3_X), &b64(A3_Y)).unwrap()
}

/// `a - b` for 32-byte big-endian numbers with `a >= b`.
fn sub32(a: &[u8], b: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let mut d = i16::from(a[i]) - i16::from(b[i]) - borrow;
        borrow = i16::from(d < 0);
        if d < 0 {
            d += 256;
        }
        out[i] = u8::try_from(d).unwrap();
    }
    out
}

/// DER `SEQUENCE { INTEGER r, INTEGER s }` of a 64-byte `R ‖ S`.
fn to_der(raw: &[u8]) -> Vec<u8> {
    let int = |v: &[u8]| {
        let v = &v[v.iter().position(|b| *b != 0).unwrap_or(v.len() - 1)..];
        let mut out = std::vec![0x02];
        let pad = v[0] & 0x80 != 0;
        out.push(u8::try_from(v.len() + usize::from(pad)).unwrap());
        if pad {
            out.push(0);
        }
        out.extend_from_slice(v);
        out
    };
    let body = [int(&raw[..32]), int(&raw[32..])].concat();
    [std::vec![0x30, u8::try_from(body.len()).unwrap()], body].concat()
}

#[test]
fn rfc7515_a3_es256() {
    let key = ec_key();
    let (input, sig) = split(A3_JWS);
    assert_eq!(verify(Algorithm::Es256, &key, input, &sig), Ok(()));

    let mut flipped = sig.clone();
    flipped[10] ^= 0x01;
    let mut bad_input = input.to_vec();
    bad_input[5] ^= 0x01;
    let der = to_der(&sig);
    let zero_r = [&[0u8; 32][..], &sig[32..]].concat();
    let s_is_n = [&sig[..32], &P256_N[..]].concat();
    let table: [(&[u8], &[u8], Algorithm, SignatureError); 8] = [
        (input, &flipped, Algorithm::Es256, SignatureError::Invalid),
        (&bad_input, &sig, Algorithm::Es256, SignatureError::Invalid),
        (
            input,
            &der,
            Algorithm::Es256,
            SignatureError::BadLength {
                expected: 64,
                found: der.len(),
            },
        ),
        (
            input,
            &sig[..63],
            Algorithm::Es256,
            SignatureError::BadLength {
                expected: 64,
                found: 63,
            },
        ),
        (
            input,
            &[],
            Algorithm::Es256,
            SignatureError::BadLength {
                expected: 64,
                found: 0,
            },
        ),
        (
            input,
            &zero_r,
            Algorithm::Es256,
            SignatureError::EcScalarOutOfRange,
        ),
        (
            input,
            &s_is_n,
            Algorithm::Es256,
            SignatureError::EcScalarOutOfRange,
        ),
        (
            input,
            &sig,
            Algorithm::Rs256,
            SignatureError::KeyAlgorithmMismatch {
                alg: Algorithm::Rs256,
                key: KeyType::Ec,
            },
        ),
    ];
    for (i, (input, sig, alg, want)) in table.into_iter().enumerate() {
        assert_eq!(verify(alg, &key, input, sig), Err(want), "case {i}");
    }
}

#[test]
fn es256_accepts_high_s() {
    // (r, n - s) is the other valid signature for the same (r, s): ECDSA
    // is malleable and JWS (RFC 7518 §3.4) does not require low S.
    let key = ec_key();
    let (input, sig) = split(A3_JWS);
    let high = [&sig[..32], &sub32(&P256_N, &sig[32..])[..]].concat();
    assert_ne!(high, sig);
    assert_eq!(verify(Algorithm::Es256, &key, input, &high), Ok(()));
}

#[cfg(feature = "alloc")]
#[test]
fn rfc7515_a2_rs256() {
    let key = PublicKey::rsa(&b64(A2_N), &b64(A2_E)).unwrap();
    let PublicKey::Rsa(ref rsa_key) = key else {
        unreachable!()
    };
    assert_eq!(rsa_key.bits(), 2048);
    let (input, sig) = split(A2_JWS);
    assert_eq!(verify(Algorithm::Rs256, &key, input, &sig), Ok(()));

    let mut flipped = sig.clone();
    flipped[255] ^= 0x01;
    let mut bad_input = input.to_vec();
    bad_input[0] ^= 0x01;
    let long = [&[0u8][..], &sig].concat();
    let table: [(&[u8], &[u8], Algorithm, SignatureError); 10] = [
        (input, &flipped, Algorithm::Rs256, SignatureError::Invalid),
        (&bad_input, &sig, Algorithm::Rs256, SignatureError::Invalid),
        // The same signature under another RSA algorithm never verifies.
        (input, &sig, Algorithm::Rs384, SignatureError::Invalid),
        (input, &sig, Algorithm::Rs512, SignatureError::Invalid),
        (input, &sig, Algorithm::Ps256, SignatureError::Invalid),
        (input, &sig, Algorithm::Ps512, SignatureError::Invalid),
        (
            input,
            &sig,
            Algorithm::Es256,
            SignatureError::KeyAlgorithmMismatch {
                alg: Algorithm::Es256,
                key: KeyType::Rsa,
            },
        ),
        (
            input,
            &sig[1..],
            Algorithm::Rs256,
            SignatureError::BadLength {
                expected: 256,
                found: 255,
            },
        ),
        (
            input,
            &long,
            Algorithm::Rs256,
            SignatureError::BadLength {
                expected: 256,
                found: 257,
            },
        ),
        (
            input,
            &[0xff; 256],
            Algorithm::Rs256,
            SignatureError::Invalid,
        ),
    ];
    for (i, (input, sig, alg, want)) in table.into_iter().enumerate() {
        assert_eq!(verify(alg, &key, input, sig), Err(want), "case {i}");
    }
}

#[cfg(not(feature = "alloc"))]
#[test]
fn rfc7515_a2_key_needs_alloc() {
    assert_eq!(
        PublicKey::rsa(&b64(A2_N), &b64(A2_E)),
        Err(KeyError::RsaNotCompiledIn)
    );
}

// OpenID Connect Core 1.0 Appendix A.7: the example provider's RSA key
// (kid 1e9gdk7), and the ID tokens of Appendix A.2 (`id_token`), A.3
// (`id_token token`, with at_hash) and A.4 (`code id_token`, with c_hash)
// signed with it. Each signature was also checked outside the project with
// Python's pow() against SHA-256 of the signing input.
#[cfg(feature = "alloc")]
const A7_N: &str = "w7Zdfmece8iaB0kiTY8pCtiBtzbptJmP28nSWwtdjRu0f2GFpajvWE4VhfJAjEsOcwYzay7XGN0b-X84BfC8hmCTOj2b2eHT7NsZegFPKRUQzJ9wW8ipn_aDJWMGDuB1XyqT1E7DYqjUCEOD1b4FLpy_xPn6oV_TYOfQ9fZdbE5HGxJUzekuGcOKqOQ8M7wfYHhHHLxGpQVgL0apWuP2gDDOdTtpuld4D2LK1MZK99s9gaSjRHE8JDb1Z4IGhEcEyzkxswVdPndUWzfvWBBWXWxtSUvQGBRkuy1BHOa4sP6FKjWEeeF7gm7UMs2Nm2QUgNZw6xvEDGaLk4KASdIxRQ";
#[cfg(feature = "alloc")]
const OIDC_A2: &str = "eyJraWQiOiIxZTlnZGs3IiwiYWxnIjoiUlMyNTYifQ.ewogImlzcyI6ICJodHRwOi8vc2VydmVyLmV4YW1wbGUuY29tIiwKICJzdWIiOiAiMjQ4Mjg5NzYxMDAxIiwKICJhdWQiOiAiczZCaGRSa3F0MyIsCiAibm9uY2UiOiAibi0wUzZfV3pBMk1qIiwKICJleHAiOiAxMzExMjgxOTcwLAogImlhdCI6IDEzMTEyODA5NzAsCiAibmFtZSI6ICJKYW5lIERvZSIsCiAiZ2l2ZW5fbmFtZSI6ICJKYW5lIiwKICJmYW1pbHlfbmFtZSI6ICJEb2UiLAogImdlbmRlciI6ICJmZW1hbGUiLAogImJpcnRoZGF0ZSI6ICIwMDAwLTEwLTMxIiwKICJlbWFpbCI6ICJqYW5lZG9lQGV4YW1wbGUuY29tIiwKICJwaWN0dXJlIjogImh0dHA6Ly9leGFtcGxlLmNvbS9qYW5lZG9lL21lLmpwZyIKfQ.rHQjEmBqn9Jre0OLykYNnspA10Qql2rvx4FsD00jwlB0Sym4NzpgvPKsDjn_wMkHxcp6CilPcoKrWHcipR2iAjzLvDNAReF97zoJqq880ZD1bwY82JDauCXELVR9O6_B0w3K-E7yM2macAAgNCUwtik6SjoSUZRcf-O5lygIyLENx882p6MtmwaL1hd6qn5RZOQ0TLrOYu0532g9Exxcm-ChymrB4xLykpDj3lUivJt63eEGGN6DH5K6o33TcxkIjNrCD4XB1CKKumZvCedgHHF3IAK4dVEDSUoGlH9z4pP_eWYNXvqQOjGs-rDaQzUHl6cQQWNiDpWOl_lxXjQEvQ";
#[cfg(feature = "alloc")]
const OIDC_A3: &str = "eyJraWQiOiIxZTlnZGs3IiwiYWxnIjoiUlMyNTYifQ.ewogImlzcyI6ICJodHRwOi8vc2VydmVyLmV4YW1wbGUuY29tIiwKICJzdWIiOiAiMjQ4Mjg5NzYxMDAxIiwKICJhdWQiOiAiczZCaGRSa3F0MyIsCiAibm9uY2UiOiAibi0wUzZfV3pBMk1qIiwKICJleHAiOiAxMzExMjgxOTcwLAogImlhdCI6IDEzMTEyODA5NzAsCiAiYXRfaGFzaCI6ICI3N1FtVVB0alBmeld0RjJBbnBLOVJRIgp9.F9gRev0Dt2tKcrBkHy72cmRqnLdzw9FLCCSebV7mWs7o_sv2O5s6zMky2kmhHTVx9HmdvNnx9GaZ8XMYRFeYk8L5NZ7aYlA5W56nsG1iWOou_-gji0ibWIuuf4Owaho3YSoi7EvsTuLFz6tq-dLyz0dKABMDsiCmJ5wqkPUDTE3QTXjzbUmOzUDli-gCh5QPuZAq0cNW3pf_2n4zpvTYtbmj12cVcxGIMZby7TMWESRjQ9_o3jvhVNcCGcE0KAQXejhA1ocJhNEvQNqMFGlBb6_0RxxKjDZ-Oa329eGDidOvvp0h5hoES4a8IuGKS7NOcpp-aFwp0qVMDLI-Xnm-Pg";
#[cfg(feature = "alloc")]
const OIDC_A4: &str = "eyJraWQiOiIxZTlnZGs3IiwiYWxnIjoiUlMyNTYifQ.ewogImlzcyI6ICJodHRwOi8vc2VydmVyLmV4YW1wbGUuY29tIiwKICJzdWIiOiAiMjQ4Mjg5NzYxMDAxIiwKICJhdWQiOiAiczZCaGRSa3F0MyIsCiAibm9uY2UiOiAibi0wUzZfV3pBMk1qIiwKICJleHAiOiAxMzExMjgxOTcwLAogImlhdCI6IDEzMTEyODA5NzAsCiAiY19oYXNoIjogIkxEa3RLZG9RYWszUGswY25YeENsdEEiCn0.XW6uhdrkBgcGx6zVIrCiROpWURs-4goO1sKA4m9jhJIImiGg5muPUcNegx6sSv43c5DSn37sxCRrDZZm4ZPBKKgtYASMcE20SDgvYJdJS0cyuFw7Ijp_7WnIjcrl6B5cmoM6ylCvsLMwkoQAxVublMwH10oAxjzD6NEFsu9nipkszWhsPePf_rM4eMpkmCbTzume-fzZIi5VjdWGGEmzTg32h3jiex-r5WTHbj-u5HL7u_KP3rmbdYNzlzd1xWRYTUs4E8nOTgzAUwvwXkIQhOh5TPcSMBYy6X3E7-_gr9Ue6n4ND7hTFhtjYs3cjNKIA08qm5cpVYFMFMG6PkhzLQ";

#[cfg(feature = "alloc")]
#[test]
fn oidc_core_appendix_a_id_tokens() {
    use crate::jose::hash::token_hash_left_half;

    let key = PublicKey::rsa(&b64(A7_N), &b64("AQAB")).unwrap();
    for jws in [OIDC_A2, OIDC_A3, OIDC_A4] {
        let (input, sig) = split(jws);
        assert_eq!(verify(Algorithm::Rs256, &key, input, &sig), Ok(()));
        // A.2's key is not A.7's: the tokens do not cross-verify.
        let rfc7515 = PublicKey::rsa(&b64(A2_N), &b64(A2_E)).unwrap();
        assert_eq!(
            verify(Algorithm::Rs256, &rfc7515, input, &sig),
            Err(SignatureError::Invalid)
        );
    }
    // The at_hash / c_hash claims in the signed payloads are the ones
    // computed from Appendix A.3's access token and A.4's code.
    let payload = |jws: &str| b64(jws.split('.').nth(1).unwrap());
    let at_hash = token_hash_left_half(
        Algorithm::Rs256,
        b"jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y",
    );
    let claim = std::format!("\"at_hash\": \"{at_hash}\"");
    assert!(
        payload(OIDC_A3)
            .windows(claim.len())
            .any(|w| w == claim.as_bytes())
    );
    let c_hash = token_hash_left_half(
        Algorithm::Rs256,
        b"Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk",
    );
    let claim = std::format!("\"c_hash\": \"{c_hash}\"");
    assert!(
        payload(OIDC_A4)
            .windows(claim.len())
            .any(|w| w == claim.as_bytes())
    );
}

#[test]
fn errors_display_distinctly() {
    let all = [
        SignatureError::KeyAlgorithmMismatch {
            alg: Algorithm::Rs256,
            key: KeyType::Ec,
        },
        SignatureError::BadLength {
            expected: 64,
            found: 70,
        },
        SignatureError::EcScalarOutOfRange,
        SignatureError::Invalid,
    ];
    let texts: Vec<_> = all.iter().map(|e| std::format!("{e}")).collect();
    assert_eq!(texts[0], "key type EC cannot verify algorithm RS256");
    assert_eq!(texts[1], "signature is 70 bytes, expected 64");
    for (i, t) in texts.iter().enumerate() {
        assert!(texts.iter().skip(i + 1).all(|u| u != t), "{t}");
    }
    // Silence "unused" for the no-alloc build of this module.
    let _ = KeyError::RsaNotCompiledIn;
}

fn any_alg() -> impl Strategy<Value = Algorithm> {
    proptest::sample::select(Algorithm::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn verify_never_panics_ec(
        alg in any_alg(),
        input in proptest::collection::vec(any::<u8>(), 0..256),
        sig in proptest::collection::vec(any::<u8>(), 0..130),
    ) {
        let key = ec_key();
        let result = verify(alg, &key, &input, &sig);
        prop_assert!(result.is_err());
    }

    #[test]
    fn verify_never_panics_ec_64(
        input in proptest::collection::vec(any::<u8>(), 0..64),
        sig in proptest::array::uniform32(any::<u8>()),
        sig2 in proptest::array::uniform32(any::<u8>()),
    ) {
        let key = ec_key();
        let sig = [sig, sig2].concat();
        prop_assert!(verify(Algorithm::Es256, &key, &input, &sig).is_err());
    }

    #[test]
    fn ec_constructor_never_panics(
        x in proptest::collection::vec(any::<u8>(), 0..40),
        y in proptest::collection::vec(any::<u8>(), 0..40),
    ) {
        let _ = PublicKey::ec_p256(&x, &y);
    }

    #[test]
    fn rsa_constructor_never_panics(
        n in proptest::collection::vec(any::<u8>(), 0..1100),
        e in proptest::collection::vec(any::<u8>(), 0..6),
    ) {
        let _ = PublicKey::rsa(&n, &e);
    }

    #[test]
    fn rsa_constructor_on_plausible_sizes(
        len in 255usize..=1025,
        fill in any::<u8>(),
        e in proptest::collection::vec(any::<u8>(), 1..5),
    ) {
        // Mostly well-formed, so the arithmetic part of construction runs.
        let mut n = std::vec![fill | 1; len];
        n[0] |= 0x80;
        let _ = PublicKey::rsa(&n, &e);
    }
}

#[cfg(feature = "alloc")]
proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn verify_never_panics_rsa(
        alg in any_alg(),
        input in proptest::collection::vec(any::<u8>(), 0..64),
        sig in prop_oneof![
            proptest::collection::vec(any::<u8>(), 256),
            proptest::collection::vec(any::<u8>(), 0..300),
        ],
    ) {
        let key = PublicKey::rsa(&b64(A2_N), &b64(A2_E)).unwrap();
        prop_assert!(verify(alg, &key, &input, &sig).is_err());
    }

    #[test]
    fn verify_never_panics_rsa_odd_sizes(
        bits in 2048usize..=2072,
        seed in proptest::collection::vec(any::<u8>(), 259),
        sig_seed in proptest::collection::vec(any::<u8>(), 259),
        e in prop_oneof![Just(std::vec![3u8]), Just(std::vec![1, 0, 1])],
    ) {
        // Random odd moduli of every bit length modulo 8, so that PSS's
        // emLen = ceil((modBits - 1) / 8) differs from k where it can.
        let len = bits.div_ceil(8);
        let mut n = seed[..len].to_vec();
        let top_bits = bits - (len - 1) * 8;
        n[0] = (n[0] | 0x80) >> (8 - top_bits);
        n[len - 1] |= 1;
        let key = PublicKey::rsa(&n, &e).unwrap();
        let PublicKey::Rsa(ref rsa_key) = key else { unreachable!() };
        prop_assert_eq!(rsa_key.bits() as usize, bits);
        let sig = &sig_seed[..len];
        for alg in Algorithm::ALL {
            prop_assert!(verify(alg, &key, b"input", sig).is_err());
        }
    }
}
