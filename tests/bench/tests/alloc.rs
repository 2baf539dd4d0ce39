//! Heap use of the hot paths, with a recording global allocator: ES256
//! `complete` (redirect → tokens), fragment parsing, the authorize URL and
//! the pending authorization's text form allocate nothing; RS256 `complete`
//! allocates only inside `crypto-bigint` and `rsa` (big-integer temporaries:
//! since the e = 65537 path, all of them crypto-bigint's), and
//! `tests/bench/bench.sh` lists those allocations in BENCHMARKS.md.
// Test code: a panic is how a test fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use oidc_implicit::{
    AuthorizeRequest, Completion, PendingAuthorization, ResponseType, redirect_state,
};
use oidc_implicit_bench::alloc_trace::{Tracing, group, markdown, trace};
use oidc_implicit_bench::{Alg, ENTROPY, Fixture};

#[global_allocator]
static ALLOCATOR: Tracing = Tracing;

fn complete(f: &Fixture, alg: Alg) -> Vec<oidc_implicit_bench::alloc_trace::Allocation> {
    let pending = f.pending();
    let redirect = &f.token(alg).redirect;
    let (accepted, list) = trace(|| {
        matches!(
            pending.complete(&f.config, redirect, &f.keys, f.now),
            Ok(Completion::Tokens(_))
        )
    });
    assert!(accepted, "{alg:?} must verify");
    list
}

#[test]
fn es256_complete_allocates_nothing() {
    let f = Fixture::new();
    let list = complete(&f, Alg::Es256);
    assert!(
        list.is_empty(),
        "ES256 complete allocated:\n{}",
        markdown(&list)
    );
}

#[test]
fn rs256_complete_allocates_only_inside_the_bigint_crates() {
    let f = Fixture::new();
    let list = complete(&f, Alg::Rs256);
    println!("{}", markdown(&list));
    assert!(!list.is_empty(), "is the recording allocator installed?");
    for (site, _) in group(&list).keys() {
        let caller = site.allocator_caller.trim_start_matches('<');
        assert!(
            caller.starts_with("rsa::") || caller.starts_with("crypto_bigint::"),
            "an allocation outside rsa/crypto-bigint: {site:?}"
        );
    }
}

#[test]
fn the_other_hot_paths_allocate_nothing() {
    let f = Fixture::new();
    let pending = f.pending();
    let request = AuthorizeRequest::new(ResponseType::IdTokenToken).scope("openid email");
    let (ok, list) = trace(|| {
        let typical = redirect_state(&f.rs256.redirect).unwrap().is_some();
        let big = redirect_state(&f.redirect_4k).unwrap().is_some();
        let mut buf = [0u8; 4096];
        let (url, next) = f.config.authorize(&request, &ENTROPY, f.now).unwrap();
        let url_len = url.write_to_slice(&mut buf).unwrap().len();
        let text_len = pending.serialize_into(&mut buf).unwrap().len();
        let back = PendingAuthorization::deserialize(&f.pending_text).is_ok();
        drop(next);
        typical && big && url_len > 0 && text_len > 0 && back
    });
    assert!(ok);
    assert!(list.is_empty(), "allocated:\n{}", markdown(&list));
}
