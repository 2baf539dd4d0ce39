#!/usr/bin/env bash
# How much code one RS256 login runs, and what that does to the instruction
# cache: the diagnostic behind BENCHMARKS.md "Why RS256 still misses 1.03×".
# Deterministic (valgrind), so it can judge a change the noisy host cannot.
#
#   tests/bench/icache.sh      about 1 minute; needs valgrind (Debian: valgrind)
#
# Prints, for `complete_into` in the bench's order (`examples/profile.rs
# rs256 batch-into`):
#   - the distinct 64-byte lines of code one call executes, by owner;
#   - the L1i misses per call that callgrind's cache model (32 KiB, 8-way,
#     LRU) counts, beside the same count for `verify` in a batch of its own
#     (the ID-token half: no redirect code runs between two calls) and for
#     the floor's verification alone. The model's counts move by tens with
#     code layout (addresses decide the sets), so compare builds, not runs.
# Under valgrind SHA-256 runs in software (valgrind does not emulate SHA-NI),
# which adds about 180 lines to both sides that a native run does not have.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target/bench}"
if ! command -v valgrind >/dev/null; then
  echo "icache.sh needs valgrind (Debian/Ubuntu: apt-get install valgrind)" >&2
  exit 2
fi
cargo build --quiet --release --locked --manifest-path "$here/Cargo.toml" --example profile
bin="$CARGO_TARGET_DIR/release/examples/profile"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
into='oidc_implicit::complete::*complete_into'
verify='oidc_implicit::jose::id_token::*UnverifiedResponse*verify'
floor='oidc_implicit_bench::peers::Floor::verify'

# Distinct lines: every executed instruction's address, once per function.
valgrind --tool=callgrind --dump-instr=yes --compress-pos=no --compress-strings=no \
  --toggle-collect="$into" --callgrind-out-file="$tmp/lines.out" \
  "$bin" rs256 batch-into 2 >/dev/null 2>&1
echo "distinct 64-byte code lines one complete_into call executes:"
awk '
  function hex(s,   v, i) {
    v = 0
    for (i = 3; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
    return v
  }
  function owner(f) {
    if (f ~ /sha2|digest::/) return "sha2"
    if (f ~ /malloc|free|calloc|realloc|__rust_|__rdl|alloc_perturb|unlink_chunk|alloc::/) return "allocator"
    if (f ~ /crypto_bigint|rsa::|ctutils|cmov|Wrapped/) return "rsa, crypto-bigint"
    if (f ~ /^(__)?mem|bcmp/) return "libc mem*"
    if (f ~ /oidc_implicit/) return "oidc-implicit"
    if (f ~ /memchr|base64/) return "memchr, base64-simd"
    return "other"
  }
  /^fn=/ { fn = substr($0, 4); next }
  /^calls=/ { skip = 1; next }
  /^0x[0-9a-f]+ / {
    if (skip) { skip = 0; next }
    line = int(hex($1) / 64)
    if (!(line in seen)) { seen[line] = 1; total++; by[owner(fn)]++ }
  }
  END {
    for (o in by) printf "%d\t%s\n", by[o], o
    printf "%d\ttotal (%.0f KB; a 32 KiB L1i holds 512 lines)\n", total, total * 64 / 1024
  }' "$tmp/lines.out" | sort -rn | awk -F'\t' '{ printf "  %5d  %s\n", $1, $2 }'

# Simulated misses per call.
n=400
for spec in "batch-into $into complete_into" "batch-verify $verify verify" "floor $floor floor"; do
  set -- $spec
  valgrind --tool=callgrind --cache-sim=yes --I1=32768,8,64 --D1=49152,12,64 \
    --LL=2097152,16,64 --toggle-collect="$2" --callgrind-out-file="$tmp/$1.out" \
    "$bin" rs256 "$1" "$n" >/dev/null 2>&1
  awk -v n="$n" -v what="$3" '
    /^events:/ { for (i = 2; i <= NF; i++) col[$i] = i - 1 }
    /^summary:/ { printf "%-14s %8.0f instructions, %6.1f simulated L1i misses per call\n", what, $(col["Ir"] + 1) / n, $(col["I1mr"] + 1) / n }
  ' "$tmp/$1.out"
done
