#!/usr/bin/env bash
# Runs ALL the tests, as CI does (.ci/run calls this script). Idempotent:
# installs what it needs (nothing beyond the Rust toolchain yet), then lints,
# tests every crate and feature combination, runs the no_std link check and
# the quickstart.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

step() { printf '\n==> %s\n' "$*"; }
start=$(date +%s)

step "rustfmt (workspace and the excluded crates)"
cargo fmt --all --check
cargo fmt --manifest-path tests/nostd/Cargo.toml --check

step "clippy -D warnings (workspace; core without features, with alloc; no_std check crate)"
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy -p oidc-implicit --all-targets --locked -- -D warnings
cargo clippy -p oidc-implicit --all-targets --locked --features alloc -- -D warnings
cp Cargo.lock tests/nostd/Cargo.lock
CARGO_TARGET_DIR="$root/target/nostd" cargo clippy --manifest-path tests/nostd/Cargo.toml --features alloc -- -D warnings -A clippy::all -W clippy::correctness

step "tests: workspace (core with std, conformance crate)"
cargo test --workspace --locked
step "tests: core with no features (no allocator: ES256 only)"
cargo test -p oidc-implicit --locked
step "tests: core with alloc, without std"
cargo test -p oidc-implicit --locked --features alloc

step "docs build without warnings"
RUSTDOCFLAGS="-D warnings" cargo doc -p oidc-implicit --no-deps --locked --features alloc --quiet

step "no_std link check (and proof that it can fail)"
tests/nostd/check.sh

step "quickstart"
cargo run --locked --quiet --example quickstart >/dev/null
echo "quickstart ran"

printf '\nall tests passed in %ss\n' "$(( $(date +%s) - start ))"
