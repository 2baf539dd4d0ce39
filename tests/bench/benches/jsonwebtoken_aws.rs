//! `jsonwebtoken` with its `aws_lc_rs` provider. The provider is chosen once
//! per process, so this is a second bench binary of the same `cargo bench`
//! run (same compiled crate, same tokens, results in the same groups).
// Bench code: a panic is how a broken fixture shows.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use oidc_implicit_bench::peers::{JsonWebToken, JwtBackend};
use oidc_implicit_bench::{Alg, Fixture};

fn tokens(c: &mut Criterion) {
    assert!(JwtBackend::AwsLc.install(), "jsonwebtoken provider");
    let f = Fixture::new();
    let jwt = JsonWebToken::new(&f);
    for alg in Alg::ALL {
        let token = f.token(alg);
        assert_eq!(jwt.verify(token), Ok(()), "{alg:?}");
        let mut g = c.benchmark_group(alg.name());
        g.bench_function("jsonwebtoken_aws_lc_rs", |b| {
            b.iter(|| jwt.verify(black_box(token)))
        });
        g.finish();
    }
}

criterion_group! { name = benches; config = oidc_implicit_bench::criterion_config(); targets = tokens }
criterion_main!(benches);
