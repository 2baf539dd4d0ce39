#!/usr/bin/env bash
# The no_std link check, and its proof that it can fail.
#   1. build and run the no_std binary (default features, then `alloc`);
#   2. build it with `leak-std` (serde/std inside the core): the build MUST fail
#      with the duplicate `panic_impl` lang item, or the check proves nothing;
#   3. where the thumbv7em-none-eabihf target can be installed, build the core
#      for it too (bare metal, no OS at all); otherwise say so and skip that step.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
manifest="$here/Cargo.toml"
export CARGO_TARGET_DIR="$root/target/nostd"
cp "$root/Cargo.lock" "$here/Cargo.lock"

for features in "" "alloc"; do
  echo "no_std check: features [${features}]"
  cargo build --quiet --manifest-path "$manifest" --features "$features"
  "$CARGO_TARGET_DIR/debug/oidc-implicit-nostd-check"
done

echo "no_std check: leak-std must fail"
if out=$(cargo build --manifest-path "$manifest" --features leak-std 2>&1); then
  echo "FAIL: the no_std check accepted a core with serde/std enabled" >&2
  exit 1
fi
if ! grep -q "duplicate lang item" <<<"$out"; then
  echo "FAIL: leak-std build failed for another reason:" >&2
  echo "$out" | tail -20 >&2
  exit 1
fi
echo "ok: std leak detected (duplicate lang item)"

target=thumbv7em-none-eabihf
if rustup target list --installed 2>/dev/null | grep -qx "$target" || rustup target add "$target" >/dev/null 2>&1; then
  for features in "" "alloc"; do
    echo "bare-metal build: $target [${features}]"
    cargo build --quiet --manifest-path "$root/core/Cargo.toml" --lib --target "$target" --no-default-features --features "$features" \
      --target-dir "$root/target/thumb"
  done
else
  echo "SKIP: could not install $target (no download); the host no_std link check above still ran"
fi
