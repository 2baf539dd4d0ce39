//! The core's integration tests, one binary built from several modules
//! (faster to build and link than one binary per file). The allocation
//! test lives in its own binary (`alloc_free_es256.rs`): it installs a
//! counting global allocator and must run alone.
// Integration tests: a panic is how a test fails, and helpers index fixtures.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::result_large_err,
    clippy::large_enum_variant,
    missing_docs,
    unreachable_pub
)]

mod support;

mod complete_into;
mod flow;
mod jose_api;
mod jose_cases;
mod jose_props;
mod oidc_appendix_a;
mod wycheproof;
