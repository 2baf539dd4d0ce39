#!/usr/bin/env bash
# Footprint for firmware (issue 7): builds tests/footprint (the core plus a
# minimal extern "C" entry point) as a no_std staticlib for
# thumbv7em-none-eabihf, release, opt-level "z", LTO, panic=abort, in two
# configurations (ES256 only, no allocator; ES256 + RSA with a bump
# allocator), links it with only the entry points as roots, and measures:
#   - flash (.text + .rodata + .ARM.exidx + .data image) and static RAM
#     (.data + .bss; the RSA arena separately), llvm-size;
#   - the largest contributors by crate/module and by symbol (bloat.py);
#   - the peak stack depth of each entry point: on the target under QEMU
#     (mps2-an386, painted stack) when qemu-system-arm is available, and on
#     the host (x86_64, the same profile, painted stack in stack.c) always;
#   - the largest stack frames (nightly -Z emit-stack-sizes), when nightly
#     and its thumbv7em target are available;
#   - the size of the values the flow moves around.
# Then writes all of it into tests/bench/BENCHMARKS.md between the
# <!-- footprint:start --> and <!-- footprint:end --> markers.
#
# With --no-write (CI): measures and prints the section, leaves the file alone.
#
# Installs what it needs idempotently (rustup target; Debian qemu-system-arm)
# and falls back to host-only figures when a download is impossible.
# Ends with "N passed, M failed"; exits non-zero if any step failed.
set -uo pipefail
write=1
[ "${1:-}" = "--no-write" ] && write=0
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
manifest="$here/Cargo.toml"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target/footprint}"
out="$CARGO_TARGET_DIR/measure"
doc="$root/tests/bench/BENCHMARKS.md"
target=thumbv7em-none-eabihf
host=$(rustc -vV | sed -n 's/^host: //p')
lld="$(rustc --print sysroot)/lib/rustlib/$host/bin/rust-lld"
passed=0 failed=0
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
mkdir -p "$out"
# Same dependency versions as the workspace (as tests/nostd does).
cp "$root/Cargo.lock" "$here/Cargo.lock"

# --- tools ------------------------------------------------------------------
have_target=0
if rustup target list --installed 2>/dev/null | grep -qx "$target" ||
  rustup target add "$target" >/dev/null 2>&1; then
  have_target=1
else
  echo "SKIP: could not install $target; only host figures" >&2
fi
if ! command -v qemu-system-arm >/dev/null && [ "$have_target" = 1 ]; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get install -y -qq --no-install-recommends qemu-system-arm >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 &&
        apt-get install -y -qq --no-install-recommends qemu-system-arm >/dev/null 2>&1; }) || true
  fi
  command -v qemu-system-arm >/dev/null || echo "SKIP: no qemu-system-arm; host stack figures only" >&2
fi
size_tool=$(command -v llvm-size || command -v size)
export NM="${NM:-$(command -v llvm-nm || command -v nm)}"

# --- inputs (host tool) -------------------------------------------------------
if cargo run -q --release --manifest-path "$manifest" -p oidc-implicit-footprint-inputs -- "$out"; then ok; else
  fail "inputs"; echo "$passed passed, $failed failed"; exit 1
fi
export FOOTPRINT_INPUTS_RS="$out/inputs.rs"

# section sizes of an ELF as "name size" lines
sections() { "$size_tool" -A "$1" | awk 'NR > 2 && NF >= 2 { print $1, $2 }'; }
sec() { sections "$1" | awk -v s="$2" '$1 == s { print $2 }' | head -1; }

report="$out/footprint.md"
: >"$report"
flash_table="| configuration | linked roots | .text | .rodata | flash total | static RAM (.data + .bss) | of which heap arena |\n|---|---|---:|---:|---:|---:|---:|\n"
bloat_es="" bloat_rsa=""
declare -A stack_target stack_host

for config in es256 rsa; do
  features=""
  [ "$config" = rsa ] && features="--features rsa"
  label="ES256 only (no allocator)"
  [ "$config" = rsa ] && label="ES256 + RSA (\`alloc\`, bump allocator)"
  if [ "$have_target" = 1 ]; then
    # shellcheck disable=SC2086
    if cargo build -q --release --lib --manifest-path "$manifest" --target "$target" $features; then ok; else fail "build $config"; continue; fi
    lib="$out/lib-$config.a"
    cp "$CARGO_TARGET_DIR/$target/release/liboidc_implicit_footprint.a" "$lib"
    for roots in receive flow; do
      extra=""
      [ "$roots" = flow ] && extra="-u oidc_fp_authorize"
      elf="$out/$config-$roots.elf"
      # shellcheck disable=SC2086
      if "$lld" -flavor gnu -T "$here/link.ld" --gc-sections -e oidc_fp_complete -u oidc_fp_setup $extra \
        -o "$elf" "$lib"; then ok; else fail "link $config $roots"; continue; fi
      text=$(sec "$elf" .text) rodata=$(sec "$elf" .rodata)
      exidx=$(sec "$elf" .ARM.exidx) data=$(sec "$elf" .data) bss=$(sec "$elf" .bss)
      flash=$((text + rodata + ${exidx:-0} + ${data:-0}))
      ram=$((${data:-0} + ${bss:-0}))
      arena_hex=$("$NM" -S "$elf" | awk '$4 ~ /heap6MEMORY/ { print $2 }' | head -1)
      arena=$((16#${arena_hex:-0}))
      roots_label="\`oidc_fp_setup\` + \`oidc_fp_complete\` (receive side)"
      [ "$roots" = flow ] && roots_label="+ \`oidc_fp_authorize\` (whole flow)"
      flash_table+="| $label | $roots_label | $text | $rodata | **$flash** | $ram | ${arena:-0} |\n"
    done
    if [ "$config" = es256 ]; then
      # Guards for what issue 7 removed from ES256-only firmware: SHA-384/512
      # (only RSA algorithms use them), core's float parser (the JSON reader
      # converts integers only) and sec1's panicking tag accessor.
      unwanted=$("$NM" -C "$out/es256-receive.elf" | grep -E 'sha512|dec2flt|sec1::point' || true)
      if [ -z "$unwanted" ]; then ok; else fail "ES256-only image links what it must not:"; echo "$unwanted" | head >&2; fi
    fi
    b=$(python3 "$here/bloat.py" "$out/$config-receive.elf" --top 12 --markdown) && ok || fail "bloat $config"
    if [ "$config" = es256 ]; then bloat_es=$b; else bloat_rsa=$b; fi
    # Peak stack on the target, under QEMU.
    if command -v qemu-system-arm >/dev/null; then
      qfeatures="qemu"
      [ "$config" = rsa ] && qfeatures="qemu,rsa"
      if cargo rustc -q --release --manifest-path "$manifest" --bin qemu-stack --features "$qfeatures" \
        --target "$target" -- -C link-arg=-T"$here/link.ld" &&
        rm -f "$out/qemu-$config.txt" &&
        timeout 120 qemu-system-arm -M mps2-an386 -nographic -monitor none -serial none \
          -chardev file,id=semi,path="$out/qemu-$config.txt" \
          -semihosting-config enable=on,target=native,chardev=semi \
          -kernel "$CARGO_TARGET_DIR/$target/release/qemu-stack"; then
        ok
        while read -r name value; do stack_target["$config/$name"]=$value; done <"$out/qemu-$config.txt"
      else
        fail "qemu $config"; cat "$out/qemu-$config.txt" >&2
      fi
    fi
  fi
  # Peak stack on the host: the same crate and profile for x86_64.
  # shellcheck disable=SC2086
  if cargo build -q --release --lib --manifest-path "$manifest" --target "$host" $features &&
    gcc -O1 -std=c11 -Wall -Wextra -Werror $([ "$config" = rsa ] && echo -DFP_RSA) -I"$out" "$here/stack.c" \
      "$CARGO_TARGET_DIR/$host/release/liboidc_implicit_footprint.a" -lpthread -Wl,--gc-sections -o "$out/stack-$config" &&
    "$out/stack-$config" >"$out/host-$config.txt"; then
    ok
    while read -r name value; do stack_host["$config/$name"]=$value; done <"$out/host-$config.txt"
  else
    fail "host stack $config"
  fi
done

# A knob for firmware integrators, not the core: sha2's compact software
# backend (smaller, slower hashing), ES256 only.
if [ "$have_target" = 1 ]; then
  compact_dir="$CARGO_TARGET_DIR/sha2-compact"
  elf="$out/es256-compact.elf"
  if RUSTFLAGS='--cfg sha2_backend_soft="compact"' CARGO_TARGET_DIR="$compact_dir" cargo build -q --release --lib \
    --manifest-path "$manifest" --target "$target" &&
    "$lld" -flavor gnu -T "$here/link.ld" --gc-sections -e oidc_fp_complete -u oidc_fp_setup -o "$elf" \
      "$compact_dir/$target/release/liboidc_implicit_footprint.a"; then
    ok
    text=$(sec "$elf" .text) rodata=$(sec "$elf" .rodata) exidx=$(sec "$elf" .ARM.exidx)
    flash=$((text + rodata + ${exidx:-0}))
    flash_table+="| ES256 only, sha2 compact backend (\`--cfg sha2_backend_soft=\"compact\"\` in RUSTFLAGS) | receive side | $text | $rodata | **$flash** | 0 | 0 |\n"
  else
    fail "sha2 compact build"
  fi
fi

# Largest stack frames on the target (nightly only).
frames=""
if [ "$have_target" = 1 ] && rustup +nightly target add "$target" >/dev/null 2>&1; then
  nightly_dir="$CARGO_TARGET_DIR/nightly"
  if RUSTFLAGS="-Z emit-stack-sizes" CARGO_TARGET_DIR="$nightly_dir" cargo +nightly build -q --release --lib \
    --manifest-path "$manifest" --target "$target" &&
    "$lld" -flavor gnu -T "$here/link.ld" --gc-sections -e oidc_fp_complete -u oidc_fp_setup -u oidc_fp_authorize \
      -o "$out/frames.elf" "$nightly_dir/$target/release/liboidc_implicit_footprint.a"; then
    frames=$(python3 "$here/bloat.py" "$out/frames.elf" --stack-frames 12) && ok || fail "stack frames"
  else
    fail "nightly stack-sizes build"
  fi
else
  echo "SKIP: nightly $target not available; no per-frame stack sizes" >&2
fi

# --- write the section ----------------------------------------------------------
stack_row() {
  local name=$1 label=$2
  printf '| %s | %s | %s | %s | %s |\n' "$label" "${stack_target[es256/$name]:-–}" \
    "${stack_target[rsa/$name]:-–}" "${stack_host[es256/$name]:-–}" "${stack_host[rsa/$name]:-–}"
}
{
  echo "Reproduce: \`tests/footprint/measure.sh\` ($(rustc -V | cut -d' ' -f1-2); target \`$target\`;"
  echo "profile: opt-level \"z\", LTO, codegen-units 1, panic = \"abort\"). The entry points"
  echo "(\`tests/footprint/src/lib.rs\`) take every input from the caller, so no fixture data is in flash;"
  echo "the link keeps only what the named entry points reach (\`--gc-sections\`)."
  echo
  echo "### Flash and static RAM (bytes)"
  echo
  if [ "$have_target" = 1 ]; then printf '%b' "$flash_table"; else echo "(not measured: $target unavailable)"; fi
  echo
  echo "### Peak stack depth (bytes, painted stack)"
  echo
  echo "| entry point | Cortex-M4 (QEMU), ES256 only | Cortex-M4 (QEMU), ES256 + RSA | x86_64 host, ES256 only | x86_64 host, ES256 + RSA |"
  echo "|---|---:|---:|---:|---:|"
  stack_row setup "\`oidc_fp_setup\`: \`ClientConfig::build\` + \`KeySet::parse\` (3 keys)"
  stack_row complete_es256 "\`oidc_fp_complete\`: \`deserialize\` + \`complete\`, ES256"
  stack_row complete_rs256 "\`oidc_fp_complete\`: \`deserialize\` + \`complete\`, RS256"
  stack_row complete_into_es256 "\`oidc_fp_complete_into\`: \`deserialize\` + \`complete_into\` (slot in its frame), ES256"
  stack_row complete_into_rs256 "\`oidc_fp_complete_into\`: \`deserialize\` + \`complete_into\` (slot in its frame), RS256"
  stack_row complete_escaped_es256 "\`oidc_fp_complete\`, ES256, both tokens percent-encoded"
  stack_row complete_escaped_rs256 "\`oidc_fp_complete\`, RS256, both tokens percent-encoded"
  stack_row complete_into_escaped_es256 "\`oidc_fp_complete_into\`, ES256, both tokens percent-encoded"
  stack_row complete_into_escaped_rs256 "\`oidc_fp_complete_into\`, RS256, both tokens percent-encoded"
  stack_row authorize "\`oidc_fp_authorize\`: \`authorize\` + URL + \`serialize_into\`"
  stack_row state_size "state kept between calls (\`ClientConfig\` + \`KeySet\`)"
  stack_row heap_high_water "RSA heap high-water mark (arena)"
  echo
  if [ -n "$frames" ]; then
    echo "Largest stack frames on the target (nightly \`-Z emit-stack-sizes\`), by size:"
    echo
    echo "$frames"
    echo
  fi
  echo "Sizes of the values the flow creates and moves (\`size_of\`, x86_64):"
  echo
  cat "$out/sizes.md"
  echo
  if [ -n "$bloat_es" ]; then
    echo "### Largest contributors, ES256 only (receive side)"
    echo
    echo "$bloat_es"
    echo
    echo "### Largest contributors, ES256 + RSA (receive side)"
    echo
    echo "$bloat_rsa"
  fi
} >"$report"

if [ "$write" = 0 ]; then
  cat "$report"
  ok
elif python3 - "$doc" "$report" <<'EOF'
import sys
doc_path, report_path = sys.argv[1], sys.argv[2]
doc, body = open(doc_path).read(), open(report_path).read()
start, end = "<!-- footprint:start -->", "<!-- footprint:end -->"
a, b = doc.index(start), doc.index(end)
open(doc_path, "w").write(doc[:a] + start + "\n" + body + "\n" + doc[b:])
EOF
then
  ok
  echo "footprint written to $doc"
else
  fail "writing $doc"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
