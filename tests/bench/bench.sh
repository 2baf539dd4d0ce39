#!/usr/bin/env bash
# The benchmarks of issue 7: ours against the raw primitives and the peers,
# on the same tokens, in one `cargo bench` run.
#
#   tests/bench/bench.sh            full run (about 3 minutes), then writes the
#                                   results, targets, allocations and machine
#                                   notes into tests/bench/BENCHMARKS.md
#   tests/bench/bench.sh --smoke    CI smoke test: the allocation and "every
#                                   peer really verifies" tests, then each
#                                   benchmark run once (`cargo bench -- --test`)
#
# Own workspace (peers never become library dependencies); its target dir is
# under the repo's ignored target/ unless CARGO_TARGET_DIR is set.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
manifest="$here/Cargo.toml"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target/bench}"

if [ "${1:-}" = "--smoke" ]; then
  passed=0 failed=0
  if out=$(cargo test --release --locked --manifest-path "$manifest" 2>&1); then :; else failed=$((failed + 1)); fi
  echo "$out" | grep -E '^test |^test result' || echo "$out" | tail -30
  tests=$(echo "$out" | sed -n 's/^test result: [a-zA-Z]*\. \([0-9]*\) passed; \([0-9]*\) failed.*/\1 \2/p' |
    awk '{p+=$1; f+=$2} END {print p+0, f+0}')
  passed=$((passed + ${tests% *})); failed=$((failed + ${tests#* }))
  if out=$(cargo bench --locked --manifest-path "$manifest" -- --test 2>&1); then :; else failed=$((failed + 1)); fi
  echo "$out" | grep -E '^Testing |^Success|panicked|error' || true
  ok=$(echo "$out" | grep -c '^Success' || true)
  passed=$((passed + ok))
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
fi

export BENCH_LOAD_BEFORE
BENCH_LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
export BENCH_DATE
BENCH_DATE=$(date -u +%Y-%m-%d)
cargo bench --locked --manifest-path "$manifest"
cargo run --release --locked --quiet --manifest-path "$manifest" --bin bench-report -- \
  "$CARGO_TARGET_DIR/criterion" "$here/BENCHMARKS.md"
