//! Every column of the benchmark really verifies: each implementation
//! accepts both tokens and refuses them with one signature bit flipped (and,
//! where it checks claims, with a wrong nonce in the payload).
// Test code: a panic is how a test fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use oidc_implicit::{Completion, PendingAuthorization};
use oidc_implicit_bench::peers::{JwtBackend, Peers, Refused};
use oidc_implicit_bench::{Alg, Fixture, Token, fragment_len};

/// The token with the last signature character changed.
fn tampered(token: &Token) -> Token {
    let mut bad = token.clone();
    let last = bad.id_token.pop().unwrap();
    bad.id_token.push(if last == 'A' { 'Q' } else { 'A' });
    bad.signature[0] ^= 1;
    bad.redirect = bad.redirect.replace(&token.id_token, &bad.id_token);
    bad
}

fn ours(f: &Fixture, token: &Token) -> Result<(), Refused> {
    let pending: PendingAuthorization = f.pending();
    match pending.complete(&f.config, &token.redirect, &f.keys, f.now) {
        Ok(Completion::Tokens(t)) => {
            assert!(
                t.id_token()
                    .claims()
                    .sub()
                    .is_some_and(|s| s.eq_str("248289761001-op"))
            );
            Ok(())
        }
        Ok(other) => Err(format!("{other:?}")),
        Err(e) => Err(e.to_string()),
    }
}

#[test]
fn every_implementation_accepts_the_tokens_and_refuses_a_bad_signature() {
    // This test binary is the only user of the process-global provider.
    assert!(JwtBackend::RustCrypto.install());
    let f = Fixture::new();
    let peers = Peers::new(&f);
    for alg in Alg::ALL {
        let good = f.token(alg);
        let bad = tampered(good);
        let accepted = peers
            .verdicts(good)
            .into_iter()
            .chain([("ours", ours(&f, good))]);
        let refused = peers
            .verdicts(&bad)
            .into_iter()
            .chain([("ours", ours(&f, &bad))]);
        for ((name, on_good), (_, on_bad)) in accepted.zip(refused) {
            assert_eq!(on_good, Ok(()), "{name} {alg:?} must accept");
            assert!(on_bad.is_err(), "{name} {alg:?} must refuse");
        }
        assert_eq!(
            peers.floor.verify(alg, good.signing_input.as_bytes()),
            Ok(())
        );
        assert!(
            peers
                .floor
                .verify(alg, bad.signing_input.replace('e', "f").as_bytes())
                .is_err()
        );
    }
    let rs256 = f.token(Alg::Rs256).signing_input.as_bytes();
    assert_eq!(peers.rsa_crate.verify(rs256), Ok(()));
    let mut other = rs256.to_vec();
    *other.last_mut().unwrap() ^= 1;
    assert!(peers.rsa_crate.verify(&other).is_err());
}

#[test]
fn the_tokens_are_about_800_bytes_and_the_big_fragment_is_4_kib() {
    let f = Fixture::new();
    let sizes: Vec<usize> = Alg::ALL
        .iter()
        .map(|a| f.token(*a).id_token.len())
        .collect();
    let mean = sizes.iter().sum::<usize>() / sizes.len();
    assert!((700..=900).contains(&mean), "token sizes {sizes:?}");
    assert_eq!(fragment_len(&f.redirect_4k), 4096);
    println!(
        "id_token bytes {sizes:?}; redirect bytes {} / {}",
        f.rs256.redirect.len(),
        f.es256.redirect.len()
    );
}
