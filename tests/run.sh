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
# Every test runner's output is also kept here, to add up the counts at the end.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
record() { "$@" 2>&1 | tee -a "$log"; }

step "rustfmt (workspace and the excluded crates)"
cargo fmt --all --check
cargo fmt --manifest-path tests/nostd/Cargo.toml --check
cargo fmt --manifest-path fuzz/Cargo.toml --check

step "clippy -D warnings (workspace; core without features, with alloc; no_std check crate)"
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy -p oidc-implicit --all-targets --locked -- -D warnings
cargo clippy -p oidc-implicit --all-targets --locked --features alloc -- -D warnings
cp Cargo.lock tests/nostd/Cargo.lock
CARGO_TARGET_DIR="$root/target/nostd" cargo clippy --manifest-path tests/nostd/Cargo.toml --features alloc -- -D warnings -A clippy::all -W clippy::correctness

step "tests: workspace (core with std, conformance crate)"
record cargo test --workspace --locked
step "tests: core with no features (no allocator: ES256 only)"
record cargo test -p oidc-implicit --locked
step "tests: core with alloc, without std"
record cargo test -p oidc-implicit --locked --features alloc

step "docs build without warnings"
RUSTDOCFLAGS="-D warnings" cargo doc -p oidc-implicit --no-deps --locked --features alloc --quiet

step "no_std link check (and proof that it can fail)"
tests/nostd/check.sh

step "quickstart"
cargo run --locked --quiet --example quickstart >/dev/null
echo "quickstart ran"

step "fixtures: the jwcrypto minting scripts reproduce the committed files"
venv=.tools/mintvenv
if [ ! -x "$venv/bin/python" ] || ! cmp -s tests/fixtures/jose/requirements.txt "$venv/requirements.txt"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/fixtures/jose/requirements.txt
  cp tests/fixtures/jose/requirements.txt "$venv/requirements.txt"
fi
for script in mint.py mint_certification.py mint_rfc9068.py mint_rsa_sizes.py; do
  "$venv/bin/python" "tests/fixtures/jose/$script" --check
done

step "bindings: Swift/Kotlin/Python (uniffi), C (cbindgen); header and generated sources current"
record bindings/run.sh

step "end to end: a real OpenID Provider (node oidc-provider) on loopback"
record tests/e2e/run.sh

step "rustfmt and clippy: bench and footprint crates (own workspaces)"
cargo fmt --manifest-path tests/bench/Cargo.toml --check
cargo fmt --manifest-path tests/footprint/Cargo.toml --all --check
CARGO_TARGET_DIR="$root/target/bench" cargo clippy --manifest-path tests/bench/Cargo.toml --release --all-targets --locked -- -D warnings
# The root lock pins every shared version; cargo adds the footprint crates
# themselves, so this step cannot use --locked (as for tests/nostd).
cp Cargo.lock tests/footprint/Cargo.lock
# One package at a time: --workspace would unify the inputs tool's std into the no_std lib.
for args in "-p oidc-implicit-footprint" "-p oidc-implicit-footprint --features rsa" "-p oidc-implicit-footprint-inputs"; do
  # shellcheck disable=SC2086
  CARGO_TARGET_DIR="$root/target/footprint" cargo clippy --manifest-path tests/footprint/Cargo.toml $args --release -- -D warnings
done

step "benchmarks smoke test (every peer verifies, zero-allocation paths, each benchmark once)"
record tests/bench/bench.sh --smoke

step "footprint (thumbv7em sizes, stack under QEMU; host-only fallback without downloads)"
record tests/footprint/measure.sh --no-write

step "fuzz: every cargo-fuzz target built, corpus replayed, 30 s each; fuzz-crate fmt/clippy; miri on core unit tests"
record fuzz/smoke.sh

# Totals over every runner: cargo's "test result:" lines and the plain
# "N passed, M failed" lines of the other step scripts.
passed=0; failed=0
while read -r p f; do passed=$((passed + p)); failed=$((failed + f)); done < <(
  sed -nE 's/^test result: [a-zA-Z]+\. ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/p; s/^([0-9]+) passed, ([0-9]+) failed.*/\1 \2/p' "$log")
printf '\nall steps done in %ss\n' "$(( $(date +%s) - start ))"
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
