//! What `complete` costs beyond its signature primitive, measured paired:
//! rounds that time a batch of `complete`, a batch of `verify` (the ID-token
//! half) and a batch of the floor back to back, in alternating order, so
//! that load changes on a shared machine hit all three alike. The median
//! over rounds of the per-round differences is far steadier than the
//! difference of two separately measured medians. Writes
//! `<target>/criterion/paired/overhead.json` for `bench-report`.
//!
//! With `--test` (as in `cargo bench -- --test`): one short round, checked.
// Bench code: a panic is how a broken fixture shows.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    missing_docs
)]

use std::hint::black_box;
use std::time::Instant;

use oidc_implicit::{Completion, Redirected, Verified};
use oidc_implicit_bench::peers::Floor;
use oidc_implicit_bench::{Alg, Fixture};

/// Nanoseconds per call of each of the three, in one round.
struct Round {
    complete: f64,
    verify: f64,
    floor: f64,
}

fn round(f: &Fixture, floor: &Floor, alg: Alg, n: usize, flip: bool) -> Round {
    let token = f.token(alg);
    let pendings: Vec<_> = (0..n).map(|_| f.pending()).collect();
    let unverified: Vec<_> = (0..n)
        .map(|_| {
            match f
                .pending()
                .accept_redirect(&f.config, &token.redirect, f.now)
            {
                Ok(Redirected::IdToken(u)) => u,
                other => panic!("{other:?}"),
            }
        })
        .collect();
    let time_complete = |mut pendings: Vec<_>| {
        let start = Instant::now();
        for p in pendings.drain(..) {
            let p: oidc_implicit::PendingAuthorization = p;
            let out = p.complete(&f.config, black_box(&token.redirect), &f.keys, f.now);
            assert!(matches!(out, Ok(Completion::Tokens(_))));
        }
        let t = start.elapsed().as_nanos() as f64 / n as f64;
        drop(pendings);
        t
    };
    let time_verify = |mut unverified: Vec<oidc_implicit::UnverifiedResponse<'_>>| {
        let start = Instant::now();
        for u in unverified.drain(..) {
            let out = black_box(u).verify(&f.config, &f.keys, f.now);
            assert!(matches!(out, Ok(Verified::Tokens(_))));
        }
        let t = start.elapsed().as_nanos() as f64 / n as f64;
        drop(unverified);
        t
    };
    let time_floor = || {
        let start = Instant::now();
        for _ in 0..n {
            assert!(
                floor
                    .verify(alg, black_box(token.signing_input.as_bytes()))
                    .is_ok()
            );
        }
        start.elapsed().as_nanos() as f64 / n as f64
    };
    if flip {
        let floor = time_floor();
        let verify = time_verify(unverified);
        let complete = time_complete(pendings);
        Round {
            complete,
            verify,
            floor,
        }
    } else {
        let complete = time_complete(pendings);
        let verify = time_verify(unverified);
        let floor = time_floor();
        Round {
            complete,
            verify,
            floor,
        }
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let m = v.len() / 2;
    if v.len().is_multiple_of(2) {
        (v[m - 1] + v[m]) / 2.0
    } else {
        v[m]
    }
}

fn main() {
    let test_mode = std::env::args().any(|a| a == "--test");
    let f = Fixture::new();
    let floor = Floor::new(&f);
    let mut json = serde_json::Map::new();
    for alg in Alg::ALL {
        // About 10 ms of work per batch.
        let (n, rounds) = match (alg, test_mode) {
            (_, true) => (2, 1),
            (Alg::Rs256, false) => (200, 60),
            (Alg::Es256, false) => (40, 60),
        };
        let _warm_up = round(&f, &floor, alg, n, false);
        let results: Vec<Round> = (0..rounds)
            .map(|i| round(&f, &floor, alg, n, i % 2 == 1))
            .collect();
        let over = median(results.iter().map(|r| r.complete - r.floor).collect());
        let over_verify = median(results.iter().map(|r| r.verify - r.floor).collect());
        let ratio = median(results.iter().map(|r| r.complete / r.floor).collect());
        let floor_ns = median(results.iter().map(|r| r.floor).collect());
        println!(
            "{}: complete − floor = {over:.0} ns (ratio {ratio:.4}), verify − floor = {over_verify:.0} ns, floor {floor_ns:.0} ns, {rounds} rounds × {n}",
            alg.name()
        );
        json.insert(
            alg.name().into(),
            serde_json::json!({
                "complete_minus_floor_ns": over,
                "verify_minus_floor_ns": over_verify,
                "complete_over_floor": ratio,
                "floor_ns": floor_ns,
                "rounds": rounds,
                "batch": n,
            }),
        );
    }
    if test_mode {
        println!("Testing paired overhead\nSuccess");
        return;
    }
    // target/<profile>/deps/overhead-… → target/criterion/paired/
    let exe = std::env::current_exe().unwrap();
    let target = exe.ancestors().nth(3).unwrap().to_path_buf();
    let dir = target.join("criterion").join("paired");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("overhead.json"),
        serde_json::to_string_pretty(&json).unwrap(),
    )
    .unwrap();
}
