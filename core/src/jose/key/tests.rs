//! Policy, equality and `Debug` tests for the key constructors.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code: a panic is a test failure"
)]

extern crate std;

use super::*;
use std::vec::Vec;

/// A syntactically fine 2048-bit odd modulus (not a real key: the checks
/// under test come before any arithmetic that would care).
fn modulus(bits: usize) -> Vec<u8> {
    let mut n = std::vec![0xffu8; bits.div_ceil(8)];
    if let Some(first) = n.first_mut() {
        *first = 0xff >> ((8 - bits % 8) % 8);
    }
    n
}

#[test]
fn bit_lengths() {
    assert_eq!(bit_length(&[]), 0);
    assert_eq!(bit_length(&[1]), 1);
    assert_eq!(bit_length(&[0x80, 0]), 16);
    assert_eq!(bit_length(&modulus(2047)), 2047);
    assert_eq!(bit_length(&modulus(2048)), 2048);
    assert_eq!(bit_length(&modulus(2049)), 2049);
}

#[test]
fn rsa_modulus_policy() {
    let e = [1, 0, 1];
    let table: [(Vec<u8>, Result<(), KeyError>); 7] = [
        (Vec::new(), Err(KeyError::RsaModulusTooSmall { bits: 0 })),
        (
            modulus(2047),
            Err(KeyError::RsaModulusTooSmall { bits: 2047 }),
        ),
        (
            modulus(8193),
            Err(KeyError::RsaModulusTooLarge { bits: 8193 }),
        ),
        (
            [&[0u8][..], &modulus(2048)].concat(),
            Err(KeyError::RsaModulusNotMinimal),
        ),
        (
            [&modulus(2047)[..], &[0xfe]].concat(),
            Err(KeyError::RsaModulusEven),
        ),
        (modulus(2048), Ok(())),
        (modulus(8192), Ok(())),
    ];
    for (n, want) in table {
        let got = PublicKey::rsa(&n, &e).map(|_| ());
        #[cfg(not(feature = "alloc"))]
        let want = want.and(Err(KeyError::RsaNotCompiledIn));
        assert_eq!(got, want, "{} bytes", n.len());
    }
}

#[test]
fn rsa_exponent_policy() {
    let n = modulus(2048);
    let table: [(&[u8], Result<(), KeyError>); 10] = [
        (&[], Err(KeyError::RsaExponentNotMinimal)),
        (&[0, 1, 0, 1], Err(KeyError::RsaExponentNotMinimal)),
        (&[0], Err(KeyError::RsaExponentNotMinimal)),
        (&[1], Err(KeyError::RsaExponentTooSmall { value: 1 })),
        (&[2], Err(KeyError::RsaExponentTooSmall { value: 2 })),
        (&[4], Err(KeyError::RsaExponentEven { value: 4 })),
        (
            &[1, 0, 0, 0, 1],
            Err(KeyError::RsaExponentTooLong { len: 5 }),
        ),
        (&[3], Ok(())),
        (&[1, 0, 1], Ok(())),
        (&[0xff, 0xff, 0xff, 0xff], Ok(())),
    ];
    for (e, want) in table {
        let got = PublicKey::rsa(&n, e).map(|_| ());
        #[cfg(not(feature = "alloc"))]
        let want = want.and(Err(KeyError::RsaNotCompiledIn));
        assert_eq!(got, want, "e = {e:?}");
    }
}

#[cfg(feature = "alloc")]
#[test]
fn rsa_equality_and_debug() {
    let a = PublicKey::rsa(&modulus(2048), &[1, 0, 1]).unwrap();
    let b = PublicKey::rsa(&modulus(2048), &[1, 0, 1]).unwrap();
    let c = PublicKey::rsa(&modulus(2048), &[3]).unwrap();
    let d = PublicKey::rsa(&modulus(2049), &[1, 0, 1]).unwrap();
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_ne!(a, d);
    assert_eq!(a.key_type(), KeyType::Rsa);
    assert!(a.fits(Algorithm::Ps512) && !a.fits(Algorithm::Es256));
    let PublicKey::Rsa(ref k) = d else {
        unreachable!()
    };
    assert_eq!((k.bits(), k.modulus_len()), (2049, 257));
    let big = PublicKey::rsa(&modulus(8192), &[1, 0, 1]).unwrap();
    assert_eq!(std::format!("{big:?}"), "Rsa(RsaKey { bits: 8192 })");
}

// RFC 7515 Appendix A.3.1 (also RFC 7517 Appendix A.1's "kid":"1" key
// uses the same curve): x = f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU,
// y = x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0, here in hex.
const A3_X: [u8; 32] = hex32("7fcdce2770f6c45d4183cbee6fdb4b7b580733357be9ef13bacf6e3c7bd15445");
const A3_Y: [u8; 32] = hex32("c7f144cd1bbd9b7e872cdfedb9eeb9f4b3695d6ea90b24ad8a4623288588e5ad");
/// The P-256 field prime p.
const P: [u8; 32] = hex32("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");

const fn hex32(s: &str) -> [u8; 32] {
    let s = s.as_bytes();
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        out[i] = nibble(s[2 * i]) << 4 | nibble(s[2 * i + 1]);
        i += 1;
    }
    out
}

const fn nibble(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => panic!("not hex"),
    }
}

#[test]
fn ec_policy() {
    let mut y_flipped = A3_Y;
    y_flipped[31] ^= 1;
    let long = [&[0u8][..], &A3_X].concat();
    type Case<'a> = (&'a [u8], &'a [u8], Result<(), KeyError>);
    let table: [Case<'_>; 9] = [
        (&A3_X, &A3_Y, Ok(())),
        (
            &A3_X[1..],
            &A3_Y,
            Err(KeyError::EcCoordinateLength { found: 31 }),
        ),
        (
            &A3_X,
            &A3_Y[1..],
            Err(KeyError::EcCoordinateLength { found: 31 }),
        ),
        (
            &long,
            &A3_Y,
            Err(KeyError::EcCoordinateLength { found: 33 }),
        ),
        (&[], &[], Err(KeyError::EcCoordinateLength { found: 0 })),
        (&A3_X, &y_flipped, Err(KeyError::EcPointNotOnCurve)),
        (&[0; 32], &[0; 32], Err(KeyError::EcPointNotOnCurve)),
        // Non-canonical coordinates (not below p) are refused.
        (&A3_X, &P, Err(KeyError::EcPointNotOnCurve)),
        (&[0xff; 32], &A3_Y, Err(KeyError::EcPointNotOnCurve)),
    ];
    for (x, y, want) in table {
        assert_eq!(PublicKey::ec_p256(x, y).map(|_| ()), want, "{x:?} {y:?}");
    }
}

#[test]
fn ec_equality_and_debug() {
    let a = PublicKey::ec_p256(&A3_X, &A3_Y).unwrap();
    assert_eq!(a, PublicKey::ec_p256(&A3_X, &A3_Y).unwrap());
    assert_eq!(a.key_type(), KeyType::Ec);
    assert!(a.fits(Algorithm::Es256) && !a.fits(Algorithm::Rs256));
    assert_eq!(std::format!("{a:?}"), "EcP256(EcP256Key)");
    // The negated point (p - y) is another valid, different key.
    let mut neg_y = [0u8; 32];
    let mut borrow = 0u16;
    for i in (0..32).rev() {
        let d = u16::from(P[i])
            .wrapping_sub(u16::from(A3_Y[i]))
            .wrapping_sub(borrow);
        neg_y[i] = d as u8;
        borrow = u16::from(d > 0xff);
    }
    let b = PublicKey::ec_p256(&A3_X, &neg_y).unwrap();
    assert_ne!(a, b);
}

#[test]
fn errors_display_distinctly() {
    let all = [
        KeyError::RsaNotCompiledIn,
        KeyError::RsaModulusNotMinimal,
        KeyError::RsaModulusTooSmall { bits: 1024 },
        KeyError::RsaModulusTooLarge { bits: 16384 },
        KeyError::RsaModulusEven,
        KeyError::RsaExponentNotMinimal,
        KeyError::RsaExponentTooLong { len: 9 },
        KeyError::RsaExponentTooSmall { value: 1 },
        KeyError::RsaExponentEven { value: 4 },
        KeyError::RsaKeyRejected,
        KeyError::EcCoordinateLength { found: 31 },
        KeyError::EcPointNotOnCurve,
    ];
    let texts: Vec<_> = all.iter().map(|e| std::format!("{e}")).collect();
    for (i, t) in texts.iter().enumerate() {
        assert!(!t.is_empty());
        assert!(texts.iter().skip(i + 1).all(|u| u != t), "{t}");
    }
    assert!(texts[2].contains("1024") && texts[2].contains("2048"));
}
