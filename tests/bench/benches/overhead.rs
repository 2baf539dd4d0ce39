//! What `complete` costs beyond its signature primitive, and how it compares
//! with the peers the targets name, measured paired: rounds that time a
//! batch of `complete`, a batch of `verify` (the ID-token half), a batch of
//! the floor and a batch of each peer (openidconnect, jsonwebtoken with
//! `rust_crypto`, jwt-compact) back to back, in alternating order, so that
//! load changes on a shared machine hit all of them alike. The median over
//! rounds of the per-round differences and ratios is far steadier than the
//! ratio of two separately measured medians (this VM has slow spells of
//! seconds that can land on one criterion benchmark and not the next).
//! Then, as a second estimate, medians over single timed calls paired with
//! single floor calls ([`per_call`]): steadier still from run to run, but
//! the rounds decide the targets.
//! Writes `<target>/criterion/paired/overhead.json` for `bench-report`.
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

use oidc_implicit::{Completion, PendingAuthorization, Verified};
use oidc_implicit_bench::peers::{JwtBackend, Peers};
use oidc_implicit_bench::{Alg, Fixture};

/// The peers a target names, by the id `bench-report` knows them by.
const PEER_IDS: [&str; 3] = ["openidconnect", "jsonwebtoken_rust_crypto", "jwt_compact"];

/// Nanoseconds per call of each, in one round.
struct Round {
    complete: f64,
    /// `complete_into`, the same work building its result in place.
    complete_into: f64,
    verify: f64,
    floor: f64,
    /// RS256 only: the `rsa` crate's own verification ([`RsaCrate`]), the
    /// floor before the core took its e = 65537 path.
    ///
    /// [`RsaCrate`]: oidc_implicit_bench::peers::RsaCrate
    rsa_crate: Option<f64>,
    /// In the order of [`PEER_IDS`].
    peers: [f64; 3],
}

/// `p.complete` of the fixture's redirect for `alg`, which must yield tokens.
fn complete_ok(f: &Fixture, alg: Alg, p: PendingAuthorization) {
    let out = p.complete(&f.config, black_box(&f.token(alg).redirect), &f.keys, f.now);
    assert!(matches!(out, Ok(Completion::Tokens(_))));
}

/// `p.complete_into(…, slot)` of the fixture's redirect for `alg`, which
/// must leave tokens in `slot`.
fn complete_into_ok<'a>(
    f: &'a Fixture,
    alg: Alg,
    p: PendingAuthorization,
    slot: &mut Option<Completion<'a>>,
) {
    let redirect = black_box(&f.token(alg).redirect);
    let out = p.complete_into(&f.config, redirect, &f.keys, f.now, slot);
    assert!(out.is_ok() && matches!(slot, Some(Completion::Tokens(_))));
}

fn round(f: &Fixture, peers: &Peers, alg: Alg, n: usize, flip: bool) -> Round {
    let token = f.token(alg);
    let pendings: Vec<_> = (0..n).map(|_| f.pending()).collect();
    let pendings_into: Vec<_> = (0..n).map(|_| f.pending()).collect();
    let unverified: Vec<_> = (0..n).map(|_| f.unverified(alg)).collect();
    let time_complete = |mut pendings: Vec<_>| {
        let start = Instant::now();
        for p in pendings.drain(..) {
            complete_ok(f, alg, p);
        }
        let t = start.elapsed().as_nanos() as f64 / n as f64;
        drop(pendings);
        t
    };
    let time_complete_into = |mut pendings: Vec<_>| {
        // One slot for the whole batch, as firmware would keep it.
        let mut slot = None;
        let start = Instant::now();
        for p in pendings.drain(..) {
            complete_into_ok(f, alg, p, &mut slot);
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
                peers
                    .floor
                    .verify(alg, black_box(token.signing_input.as_bytes()))
                    .is_ok()
            );
        }
        start.elapsed().as_nanos() as f64 / n as f64
    };
    let time_rsa_crate = || {
        (alg == Alg::Rs256).then(|| {
            let start = Instant::now();
            for _ in 0..n {
                let input = black_box(token.signing_input.as_bytes());
                assert!(peers.rsa_crate.verify(input).is_ok());
            }
            start.elapsed().as_nanos() as f64 / n as f64
        })
    };
    let time_peer = |i: usize| {
        let start = Instant::now();
        for _ in 0..n {
            let token = black_box(token);
            let ok = match i {
                0 => peers.oidc.verify(token),
                1 => peers.jwt.verify(token),
                _ => peers.compact.verify(token),
            };
            assert!(ok.is_ok());
        }
        start.elapsed().as_nanos() as f64 / n as f64
    };
    if flip {
        let floor = time_floor();
        let rsa_crate = time_rsa_crate();
        let mut peer_times = [0.0; 3];
        for i in (0..3).rev() {
            peer_times[i] = time_peer(i);
        }
        let verify = time_verify(unverified);
        let complete_into = time_complete_into(pendings_into);
        let complete = time_complete(pendings);
        Round {
            complete,
            complete_into,
            verify,
            floor,
            rsa_crate,
            peers: peer_times,
        }
    } else {
        let complete = time_complete(pendings);
        let complete_into = time_complete_into(pendings_into);
        let verify = time_verify(unverified);
        let mut peer_times = [0.0; 3];
        for (i, t) in peer_times.iter_mut().enumerate() {
            *t = time_peer(i);
        }
        let rsa_crate = time_rsa_crate();
        let floor = time_floor();
        Round {
            complete,
            complete_into,
            verify,
            floor,
            rsa_crate,
            peers: peer_times,
        }
    }
}

/// Median per-call ratios to the floor, `(complete, complete_into)`, and
/// `complete`'s median per-call difference from the floor in ns, from
/// `pairs` pairs of single timed calls: a robust second estimate beside the
/// rounds' batch means, which one slow spell or interrupt in a batch moves.
///
/// Each timed call follows an untimed call of the same kind, so that the
/// caches hold what they hold between two calls of a batch: the timed
/// `complete` finds the previous completion's code, the timed floor the
/// previous verification's. Each pending authorization is moved out of its
/// `Vec` inside the timed span, as in the rounds.
fn per_call(f: &Fixture, peers: &Peers, alg: Alg, pairs: usize) -> (f64, f64, f64) {
    let token = f.token(alg);
    let floor_call = || {
        assert!(
            peers
                .floor
                .verify(alg, black_box(token.signing_input.as_bytes()))
                .is_ok()
        );
    };
    let mut slot = None;
    let (mut complete, mut into, mut complete_diff) = (Vec::new(), Vec::new(), Vec::new());
    for chunk in 0..pairs.div_ceil(50) {
        let count = 50.min(pairs - chunk * 50);
        for into_slot in [false, true] {
            // Built before any timing, as the rounds build their batches.
            let pendings: Vec<_> = (0..2 * count).map(|_| f.pending()).collect();
            let mut run = |p| {
                if into_slot {
                    complete_into_ok(f, alg, p, &mut slot);
                } else {
                    complete_ok(f, alg, p);
                }
            };
            let mut pendings = pendings.into_iter();
            while let Some(warm) = pendings.next() {
                run(warm);
                let start = Instant::now();
                let Some(timed) = pendings.next() else { break };
                run(timed);
                let ours = start.elapsed().as_nanos() as f64;
                floor_call();
                let start = Instant::now();
                floor_call();
                let floor = start.elapsed().as_nanos() as f64;
                if into_slot {
                    into.push(ours / floor);
                } else {
                    complete.push(ours / floor);
                    complete_diff.push(ours - floor);
                }
            }
        }
    }
    (median(complete), median(into), median(complete_diff))
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
    assert!(JwtBackend::RustCrypto.install(), "jsonwebtoken provider");
    let f = Fixture::new();
    let peers = Peers::new(&f);
    let mut json = serde_json::Map::new();
    for alg in Alg::ALL {
        // About 10 ms of work per batch.
        let (n, rounds) = match (alg, test_mode) {
            (_, true) => (2, 1),
            (Alg::Rs256, false) => (200, 60),
            (Alg::Es256, false) => (40, 60),
        };
        let _warm_up = round(&f, &peers, alg, n, false);
        let results: Vec<Round> = (0..rounds)
            .map(|i| round(&f, &peers, alg, n, i % 2 == 1))
            .collect();
        let over = median(results.iter().map(|r| r.complete - r.floor).collect());
        let over_verify = median(results.iter().map(|r| r.verify - r.floor).collect());
        let over_into = median(results.iter().map(|r| r.complete_into - r.floor).collect());
        let ratio_into = median(results.iter().map(|r| r.complete_into / r.floor).collect());
        let ratio = median(results.iter().map(|r| r.complete / r.floor).collect());
        let floor_ns = median(results.iter().map(|r| r.floor).collect());
        let over_rsa_crate: Vec<f64> = results
            .iter()
            .filter_map(|r| Some(r.complete / r.rsa_crate?))
            .collect();
        let over_rsa_crate = (!over_rsa_crate.is_empty()).then(|| median(over_rsa_crate));
        let pairs = match (alg, test_mode) {
            (_, true) => 2,
            (Alg::Rs256, false) => 4000,
            (Alg::Es256, false) => 1000,
        };
        let (call_ratio, call_ratio_into, call_over) = per_call(&f, &peers, alg, pairs);
        let mut peer_ratios = serde_json::Map::new();
        for (i, id) in PEER_IDS.iter().enumerate() {
            let r = median(results.iter().map(|r| r.peers[i] / r.complete).collect());
            peer_ratios.insert((*id).into(), r.into());
        }
        println!(
            "{}: complete − floor = {over:.0} ns (ratio {ratio:.4}), complete_into − floor = {over_into:.0} ns (ratio {ratio_into:.4}), verify − floor = {over_verify:.0} ns, floor {floor_ns:.0} ns, per-call medians: complete {call_ratio:.4} ({call_over:.0} ns over), complete_into {call_ratio_into:.4} ({pairs} pairs), complete ÷ rsa crate verify {}, peer ÷ complete {}, {rounds} rounds × {n}",
            alg.name(),
            over_rsa_crate.map_or("-".into(), |r| format!("{r:.4}")),
            serde_json::Value::Object(peer_ratios.clone())
        );
        json.insert(
            alg.name().into(),
            serde_json::json!({
                "complete_minus_floor_ns": over,
                "verify_minus_floor_ns": over_verify,
                "complete_into_minus_floor_ns": over_into,
                "complete_into_over_floor": ratio_into,
                "complete_over_floor": ratio,
                "floor_ns": floor_ns,
                "per_call_complete_over_floor": call_ratio,
                "per_call_complete_into_over_floor": call_ratio_into,
                "per_call_complete_minus_floor_ns": call_over,
                "per_call_pairs": pairs,
                "complete_over_rsa_crate": over_rsa_crate,
                "peer_over_complete": peer_ratios,
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
