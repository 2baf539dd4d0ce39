//! A loop for profilers (callgrind, perf): `profile <rs256|es256> <complete|into|batch|batch-into|batch-verify|mixed|verify|floor|accept> [iterations]`.
//! Each iteration reloads the pending authorization (outside `complete`),
//! as the benchmark does.
// Profiling helper: a panic is how a broken fixture shows.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::hint::black_box;

use oidc_implicit::{Completion, PendingAuthorization, Redirected};
use oidc_implicit_bench::peers::Floor;
use oidc_implicit_bench::{Alg, Fixture};

/// `complete_into` with `slot`, as the benchmark calls it: whether it
/// yielded tokens.
fn completed_into<'a>(
    pending: PendingAuthorization,
    f: &Fixture,
    redirect: &'a str,
    slot: &mut Option<Completion<'a>>,
) -> bool {
    let r = pending.complete_into(&f.config, black_box(redirect), &f.keys, f.now, slot);
    r.is_ok() && matches!(slot, Some(Completion::Tokens(_)))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let alg = match args.get(1).map(String::as_str) {
        Some("es256") => Alg::Es256,
        _ => Alg::Rs256,
    };
    let what = args.get(2).cloned().unwrap_or_else(|| "complete".into());
    let n: usize = args.get(3).map_or(1000, |s| s.parse().unwrap());
    let f = Fixture::new();
    let floor = Floor::new(&f);
    let token = f.token(alg);
    let mut ok = 0usize;
    let mut slot = None;
    if what == "mixed" {
        // Batches of `complete_into` and of the floor, alternating, so that
        // a profile compares the RSA verification inside `complete_into`
        // with the floor's under the same conditions.
        let (mut t_into, mut t_floor) = (Vec::new(), Vec::new());
        for _ in 0..n.div_ceil(200) {
            let pendings: Vec<_> = (0..200).map(|_| f.pending()).collect();
            let start = std::time::Instant::now();
            for p in pendings {
                ok += usize::from(completed_into(p, &f, &token.redirect, &mut slot));
            }
            t_into.push(start.elapsed().as_secs_f64());
            let start = std::time::Instant::now();
            for _ in 0..200 {
                let good = floor.verify(alg, black_box(token.signing_input.as_bytes()));
                ok += usize::from(good.is_ok());
            }
            t_floor.push(start.elapsed().as_secs_f64());
        }
        let mut ratios: Vec<f64> = t_into.iter().zip(&t_floor).map(|(a, b)| a / b).collect();
        ratios.sort_by(f64::total_cmp);
        println!(
            "{ok} × mixed {alg:?}: ok; complete_into ÷ floor, median of batches: {:.4}",
            ratios[ratios.len() / 2]
        );
        return;
    }
    if what == "batch-verify" {
        // As the paired benchmark times `verify`, the ID-token half: the
        // redirects are accepted beforehand, so no redirect code runs
        // between two verifications.
        for _ in 0..n.div_ceil(200) {
            let unverified: Vec<_> = (0..200).map(|_| f.unverified(alg)).collect();
            for u in unverified {
                ok += usize::from(matches!(
                    black_box(u).verify(&f.config, &f.keys, f.now),
                    Ok(oidc_implicit::Verified::Tokens(_))
                ));
            }
        }
        println!("{ok} × batch-verify {alg:?}: ok");
        return;
    }
    if what == "batch" || what == "batch-into" {
        // As the paired benchmark times it: a batch of pending
        // authorizations built beforehand, completed one after another.
        for _ in 0..n.div_ceil(200) {
            let pendings: Vec<_> = (0..200).map(|_| f.pending()).collect();
            for p in pendings {
                let good = if what == "batch" {
                    matches!(
                        p.complete(&f.config, black_box(&token.redirect), &f.keys, f.now),
                        Ok(Completion::Tokens(_))
                    )
                } else {
                    completed_into(p, &f, &token.redirect, &mut slot)
                };
                ok += usize::from(good);
            }
        }
        println!("{ok} × batch {alg:?}: ok");
        return;
    }
    for _ in 0..n {
        // The floor needs no pending authorization: building one would put
        // its code between two verifications (`icache.sh` compares the two).
        let pending = || f.pending();
        let good = match what.as_str() {
            "complete" => matches!(
                pending().complete(&f.config, black_box(&token.redirect), &f.keys, f.now),
                Ok(Completion::Tokens(_))
            ),
            "into" => completed_into(pending(), &f, &token.redirect, &mut slot),
            "accept" => matches!(
                pending().accept_redirect(&f.config, black_box(&token.redirect), f.now),
                Ok(Redirected::IdToken(_))
            ),
            "verify" => matches!(
                black_box(f.unverified(alg)).verify(&f.config, &f.keys, f.now),
                Ok(oidc_implicit::Verified::Tokens(_))
            ),
            _ => floor
                .verify(alg, black_box(token.signing_input.as_bytes()))
                .is_ok(),
        };
        ok += usize::from(good);
    }
    assert_eq!(ok, n);
    println!("{n} × {what} {alg:?}: ok");
}
