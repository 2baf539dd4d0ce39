//! Side by side, on the same tokens in the same run: our `complete`, the raw
//! primitives it uses (the floor), native references and peer libraries,
//! then the pieces of the flow on their own. `tests/bench/bench.sh` runs this
//! and writes the table into BENCHMARKS.md.
// Bench code: a panic is how a broken fixture shows.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use oidc_implicit::{
    AuthorizeRequest, Completion, KeySet, PendingAuthorization, Redirected, ResponseType,
    redirect_state,
};
use oidc_implicit_bench::peers::{JwtBackend, Peers};
use oidc_implicit_bench::{Alg, ENTROPY, Fixture};

fn tokens(c: &mut Criterion) {
    assert!(JwtBackend::RustCrypto.install(), "jsonwebtoken provider");
    let f = Fixture::new();
    let peers = Peers::new(&f);
    let Peers {
        floor,
        rsa_crate,
        ring,
        aws,
        oidc,
        jwt,
        compact,
    } = &peers;

    // Every column must verify the token it is timed on (this also makes
    // `cargo bench -- --test` a real check).
    for alg in Alg::ALL {
        let token = f.token(alg);
        let ours = f
            .pending()
            .complete(&f.config, &token.redirect, &f.keys, f.now);
        assert!(matches!(ours, Ok(Completion::Tokens(_))), "{ours:?}");
        assert_eq!(floor.verify(alg, token.signing_input.as_bytes()), Ok(()));
        if alg == Alg::Rs256 {
            assert_eq!(rsa_crate.verify(token.signing_input.as_bytes()), Ok(()));
        }
        for (name, result) in peers.verdicts(token) {
            assert_eq!(result, Ok(()), "{name} {alg:?}");
        }
    }

    for alg in Alg::ALL {
        let token = f.token(alg);
        let mut g = c.benchmark_group(alg.name());
        // The whole second half: redirect → state → JWS → key → signature →
        // claims → at_hash. A fresh pending authorization per iteration,
        // made outside the timed part.
        g.bench_function("ours_complete", |b| {
            b.iter_batched(
                || f.pending(),
                |pending| {
                    let out =
                        pending.complete(&f.config, black_box(&token.redirect), &f.keys, f.now);
                    matches!(out, Ok(Completion::Tokens(_)))
                },
                BatchSize::SmallInput,
            )
        });
        // The ID-token half alone (what the peers do): JWS → key →
        // signature → claims → at_hash.
        g.bench_function("ours_verify", |b| {
            b.iter_batched(
                || f.unverified(alg),
                |unverified| {
                    let out = unverified.verify(&f.config, &f.keys, f.now);
                    matches!(out, Ok(oidc_implicit::Verified::Tokens(_)))
                },
                BatchSize::SmallInput,
            )
        });
        g.bench_function("floor", |b| {
            b.iter(|| floor.verify(alg, black_box(token.signing_input.as_bytes())))
        });
        if alg == Alg::Rs256 {
            g.bench_function("rsa_crate", |b| {
                b.iter(|| rsa_crate.verify(black_box(token.signing_input.as_bytes())))
            });
        }
        g.bench_function("openidconnect", |b| {
            b.iter(|| oidc.verify(black_box(token)))
        });
        g.bench_function("jsonwebtoken_rust_crypto", |b| {
            b.iter(|| jwt.verify(black_box(token)))
        });
        g.bench_function("jwt_compact", |b| {
            b.iter(|| compact.verify(black_box(token)))
        });
        g.bench_function("ring", |b| b.iter(|| ring.verify(black_box(token))));
        g.bench_function("aws_lc_rs", |b| b.iter(|| aws.verify(black_box(token))));
        g.finish();
    }
}

fn pieces(c: &mut Criterion) {
    let f = Fixture::new();
    assert!(matches!(redirect_state(&f.rs256.redirect), Ok(Some(_))));
    assert!(matches!(redirect_state(&f.redirect_4k), Ok(Some(_))));
    let mut g = c.benchmark_group("pieces");
    g.bench_function("fragment_typical", |b| {
        b.iter(|| matches!(redirect_state(black_box(&f.rs256.redirect)), Ok(Some(_))))
    });
    g.bench_function("fragment_4k", |b| {
        b.iter(|| matches!(redirect_state(black_box(&f.redirect_4k)), Ok(Some(_))))
    });
    g.bench_function("accept_redirect", |b| {
        b.iter_batched(
            || f.pending(),
            |pending| {
                let out = pending.accept_redirect(&f.config, black_box(&f.rs256.redirect), f.now);
                matches!(out, Ok(Redirected::IdToken(_)))
            },
            BatchSize::SmallInput,
        )
    });
    let request = AuthorizeRequest::new(ResponseType::IdTokenToken).scope("openid email");
    g.bench_function("authorize_url", |b| {
        let mut buf = [0u8; 1024];
        b.iter(|| {
            let (url, pending) = f
                .config
                .authorize(black_box(&request), &ENTROPY, f.now)
                .unwrap();
            let len = url.write_to_slice(&mut buf).unwrap().len();
            (len, pending)
        })
    });
    g.bench_function("jwks_parse_3_keys", |b| {
        b.iter(|| KeySet::parse(black_box(f.jwks.as_bytes()), f.now).map(|k| k.len()))
    });
    let pending = f.pending();
    g.bench_function("pending_serialize", |b| {
        let mut buf = [0u8; 4096];
        b.iter(|| black_box(&pending).serialize_into(&mut buf).map(str::len))
    });
    g.bench_function("pending_deserialize", |b| {
        b.iter(|| PendingAuthorization::deserialize(black_box(&f.pending_text)))
    });
    g.finish();
}

criterion_group! { name = benches; config = oidc_implicit_bench::criterion_config(); targets = tokens, pieces }
criterion_main!(benches);
