#!/usr/bin/env bash
# The bindings' test command: installs what it needs (idempotent, under
# .tools/), builds oidc-implicit-ffi, fails if the committed C header or the
# committed Swift/Kotlin/Python sources differ from freshly generated ones,
# and runs every language's tests:
#   Rust   unit tests of the FFI crate (the error mapping), clippy with the test hooks
#   Python pytest through the generated module
#   Kotlin a JVM test program (kotlinc from npm `kotlin-compiler`, JNA from Debian)
#   Swift  no compiler here: tree-sitter syntax check, FFI header compile, symbol check
#   C      C99/C11/C17 and C++17 builds, plain, Valgrind and ASan+UBSan runs, a leak
#          negative control, the kiosk example
# Ends with `N passed, M failed` (one count per step) and exits 1 on any failure.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
target=$CARGO_TARGET_DIR
tools=$root/.tools
export RUST_BACKTRACE=0
start=$(date +%s)
work=$target/oidc-bindings
hooks=$work/test-hooks
mkdir -p "$work"
# The committed header as checked out, before any cargo command (build.rs
# rewrites it whenever the crate builds, clippy included).
header=bindings/c/include/oidc_implicit.h
header_before=$work/oidc_implicit.h.before
cp "$header" "$header_before" 2>/dev/null || : >"$header_before"
passed=0
failed=0
failures=()

# Adds up the test runners' own summary lines in a step's output (cargo's
# `test result:`, pytest's `N passed in`, the plain `N passed, M failed` of
# the Kotlin and C programs); prints "PASSED FAILED", or nothing when the
# step ran no test runner.
runner_counts() {
  python3 - "$1" <<'EOF'
import re, sys
p = f = 0
found = False
for line in open(sys.argv[1], errors="replace"):
    line = line.strip()
    m = re.match(r"test result: \w+\. (\d+) passed; (\d+) failed", line) or re.fullmatch(r"(\d+) passed, (\d+) failed", line)
    if m:
        p, f, found = p + int(m[1]), f + int(m[2]), True
    elif re.search(r"\b(passed|failed)\b.* in [0-9.]+s\b", line):
        found = True
        p += sum(int(n) for n in re.findall(r"(\d+) passed", line))
        f += sum(int(n) for n in re.findall(r"(\d+) (?:failed|error)", line))
if found:
    print(p, f)
EOF
}

# Runs one step; its output is indented so that only this script's closing
# line starts with a count (tests/run.sh adds up such lines). A step that
# runs test runners counts their tests; any other step counts as one check.
step() {
  local name=$1
  shift
  printf '\n==> %s\n' "$name"
  local t0 log=$work/step.log rc counts p f
  t0=$(date +%s)
  "$@" >"$log" 2>&1
  rc=$?
  sed 's/^/    /' "$log"
  counts=$(runner_counts "$log")
  if [ -n "$counts" ]; then
    read -r p f <<<"$counts"
    [ "$rc" != 0 ] && [ "$f" = 0 ] && f=1
  elif [ "$rc" = 0 ]; then
    p=1 f=0
  else
    p=0 f=1
  fi
  passed=$((passed + p))
  failed=$((failed + f))
  if [ "$rc" = 0 ]; then
    printf 'ok: %s (%ss)\n' "$name" "$(($(date +%s) - t0))"
  else
    failures+=("$name")
    printf 'FAILED: %s\n' "$name"
  fi
}

LIBS=(-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc)
CFLAGS=(-Wall -Wextra -Werror -pedantic -g)

# --- tools -------------------------------------------------------------------------------------

install_tools() {
  if [ ! -f /usr/share/java/jna.jar ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libjna-java >/dev/null ||
      return 1
  fi
  if [ ! -x "$tools/kotlin/package/bin/kotlinc-jvm" ]; then
    mkdir -p "$tools/kotlin" &&
      (cd "$tools/kotlin" && npm pack --silent kotlin-compiler@2.4.20 >/dev/null &&
        tar xzf kotlin-compiler-2.4.20.tgz && rm kotlin-compiler-2.4.20.tgz) || return 1
  fi
  [ -x "$tools/venv/bin/python" ] || python3 -m venv "$tools/venv" || return 1
  local marker=$tools/venv/.requirements
  if ! cmp -s bindings/requirements.txt "$marker"; then
    "$tools/venv/bin/pip" install -q -r bindings/requirements.txt && cp bindings/requirements.txt "$marker"
  fi
}

# --- Rust --------------------------------------------------------------------------------------

rust_checks() {
  cargo fmt -p oidc-implicit-ffi -p uniffi-bindgen --check &&
    cargo clippy --quiet --locked -p oidc-implicit-ffi --all-targets --features test-hooks -- -D warnings &&
    cargo test --quiet --locked -p oidc-implicit-ffi >"$work/cargo-test.log" 2>&1
  local rc=$?
  grep -E '^test result|FAILED|^error' "$work/cargo-test.log"
  return $rc
}

# The header: build.rs rewrites it when the ABI changed; the build must not.
header_drift() {
  cargo build --quiet --locked -p oidc-implicit-ffi || return 1
  if ! cmp -s "$header_before" "$header"; then
    diff -u "$header_before" "$header" | head -40
    echo "$header was stale and has been regenerated: review and commit it" >&2
    return 1
  fi
}

# The committed Swift/Kotlin/Python sources against a fresh generation
# from the release library (no test hooks).
generated_drift() {
  local fresh=$work/release
  rm -rf "$fresh"
  bindings/generate.sh --out "$fresh" >/dev/null || return 1
  cp "$target/debug/liboidc_implicit_ffi.so" "$work/release.so"
  local f bad=0
  for f in python/oidc_implicit.py kotlin/src/main/kotlin/dev/oidcimplicit/oidc_implicit.kt \
    swift/Sources/OidcImplicit/OidcImplicit.swift swift/Sources/OidcImplicitFFI/include/OidcImplicitFFI.h \
    swift/Sources/OidcImplicitFFI/include/module.modulemap; do
    if ! cmp -s "$fresh/$f" "bindings/$f"; then
      echo "bindings/$f differs from a fresh generation: run bindings/generate.sh and commit" >&2
      bad=1
    fi
  done
  return $bad
}

generate_test_hooks() {
  rm -rf "$hooks"
  bindings/generate.sh --test-hooks --out "$hooks" >/dev/null
}

# --- Python, Kotlin, Swift ---------------------------------------------------------------------

python_tests() {
  BINDINGS_DIR=$hooks/python "$tools/venv/bin/python" -m pytest -q -p no:cacheprovider bindings/python/tests
}

kotlin_tests() {
  local k=$tools/kotlin/package jna=/usr/share/java/jna.jar
  local sources=("$hooks/kotlin/src/main/kotlin/dev/oidcimplicit/oidc_implicit.kt" bindings/kotlin/src/test/kotlin/BindingsTest.kt)
  local jar=$work/kotlin-$(cat "${sources[@]}" | sha256sum | cut -c1-16).jar
  if [ ! -f "$jar" ]; then
    "$k/bin/kotlinc-jvm" -Werror -cp "$jna" "${sources[@]}" -d "$jar.tmp.jar" && mv "$jar.tmp.jar" "$jar" || return 1
  fi
  java -Djna.library.path="$hooks/lib" -cp "$jar:$k/lib/kotlin-stdlib.jar:$jna" BindingsTestKt \
    tests/fixtures/jose/cases.json
}

swift_checks() {
  local py=$tools/venv/bin/python rel=bindings/swift/Sources th=$hooks/swift/Sources
  "$py" bindings/swift/check.py selftest &&
    "$py" bindings/swift/check.py syntax "$rel/OidcImplicit/OidcImplicit.swift" "$th/OidcImplicit/OidcImplicit.swift" \
      bindings/swift/Package.swift bindings/swift/Tests/OidcImplicitTests/OidcImplicitTests.swift &&
    "$py" bindings/swift/check.py symbols "$rel/OidcImplicit/OidcImplicit.swift" \
      "$rel/OidcImplicitFFI/include/OidcImplicitFFI.h" "$work/release.so" &&
    "$py" bindings/swift/check.py symbols "$th/OidcImplicit/OidcImplicit.swift" \
      "$th/OidcImplicitFFI/include/OidcImplicitFFI.h" "$hooks/lib/liboidc_implicit_ffi.so" &&
    for std in c11 c17; do
      echo '#include "OidcImplicitFFI.h"' | gcc -fsyntax-only "-std=$std" -Wall -Wextra -Werror -pedantic \
        -D_Nullable= -D_Nonnull= -I"$rel/OidcImplicitFFI/include" -x c - || return 1
    done
}

# --- C -----------------------------------------------------------------------------------------

c_header() {
  local std
  for std in c99 c11 c17; do
    for hooks_define in "" -DOIDCI_TEST_HOOKS; do
      echo '#include "oidc_implicit.h"' | gcc -fsyntax-only "-std=$std" "${CFLAGS[@]}" $hooks_define \
        -Ibindings/c/include -x c - || return 1
    done
  done
  echo '#include "oidc_implicit.h"' | g++ -fsyntax-only -std=c++17 "${CFLAGS[@]}" -DOIDCI_TEST_HOOKS \
    -Ibindings/c/include -x c++ -
}

c_build() {
  local out=$work/c std
  mkdir -p "$out"
  python3 bindings/c/tests/gen_fixtures.py tests/fixtures/jose/cases.json "$out/fixtures.h" || return 1
  local inc=(-Ibindings/c/include -I"$out") lib=$hooks/lib/liboidc_implicit_ffi.a
  for std in c99 c11 c17; do
    gcc "-std=$std" "${CFLAGS[@]}" -DOIDCI_TEST_HOOKS "${inc[@]}" bindings/c/tests/test_capi.c "$lib" "${LIBS[@]}" \
      -o "$out/test_capi_$std" || return 1
  done
  gcc -std=c11 "${CFLAGS[@]}" -fsanitize=address,undefined -fno-omit-frame-pointer -DOIDCI_TEST_HOOKS "${inc[@]}" \
    bindings/c/tests/test_capi.c "$lib" "${LIBS[@]}" -o "$out/test_capi_asan" &&
    g++ -std=c++17 "${CFLAGS[@]}" -DOIDCI_TEST_HOOKS "${inc[@]}" bindings/c/tests/test_capi.cpp "$lib" "${LIBS[@]}" \
      -o "$out/test_capi_cpp" &&
    gcc -std=c11 "${CFLAGS[@]}" "${inc[@]}" bindings/c/tests/leak_control.c "$lib" "${LIBS[@]}" -o "$out/leak_control" &&
    gcc -std=c11 "${CFLAGS[@]}" -fsanitize=address -fno-omit-frame-pointer "${inc[@]}" bindings/c/tests/leak_control.c \
      "$lib" "${LIBS[@]}" -o "$out/leak_control_asan" &&
    gcc -std=c11 "${CFLAGS[@]}" -Ibindings/c/include bindings/c/example/kiosk.c "$lib" "${LIBS[@]}" -o "$out/kiosk"
}

c_run() {
  local out=$work/c std
  for std in c99 c11 c17; do
    "$out/test_capi_$std" 2>/dev/null | tail -1
    [ "${PIPESTATUS[0]}" = 0 ] || return 1
  done
  "$out/test_capi_cpp"
}

VALGRIND=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect)

c_valgrind() {
  "${VALGRIND[@]}" "$work/c/test_capi_c11" 2>"$work/c/valgrind.log" | tail -1
  local rc=${PIPESTATUS[0]}
  grep -v 'panicked at\|deliberate panic\|RUST_BACKTRACE' "$work/c/valgrind.log" | grep . && return 1
  return "$rc"
}

c_sanitizers() {
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 "$work/c/test_capi_asan" 2>"$work/c/asan.log" | tail -1
  local rc=${PIPESTATUS[0]}
  grep -v 'panicked at\|deliberate panic\|RUST_BACKTRACE' "$work/c/asan.log" | grep . && return 1
  return "$rc"
}

# The leak checks must catch a deliberate leak, or their clean runs prove nothing.
c_leak_control() {
  "${VALGRIND[@]}" "$work/c/leak_control" >/dev/null 2>"$work/c/leak_valgrind.log"
  local v=$?
  ASAN_OPTIONS=detect_leaks=1 "$work/c/leak_control_asan" >/dev/null 2>"$work/c/leak_asan.log"
  local a=$?
  echo "valgrind exit $v (want 99), ASan exit $a (want non-zero with a direct leak)"
  [ "$v" = 99 ] && grep -q "definitely lost" "$work/c/leak_valgrind.log" &&
    [ "$a" != 0 ] && grep -q "Direct leak" "$work/c/leak_asan.log"
}

# The kiosk example, driven like a browser would: read the URL and state it
# prints, answer with a provider error response for that state.
c_example() {
  python3 - "$work/c" <<'EOF'
import json, subprocess, sys
out = sys.argv[1]
cases = {c["name"]: c for c in json.load(open("tests/fixtures/jose/cases.json"))["cases"]}
json.dump(cases["es256-id_token"]["jwks"], open(out + "/jwks.json", "w"))
kiosk = subprocess.Popen(
    [out + "/kiosk", "bindings/c/example/discovery.json", "https://op.example.test", "kiosk-1",
     "com.example.kiosk:/signed-in", out + "/jwks.json"],
    stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
lines = {}
for line in kiosk.stdout:
    print(line, end="")
    key, _, value = line.rstrip("\n").partition(": ")
    lines[key] = value
    if key == "open":
        break
kiosk.stdin.write("com.example.kiosk:/signed-in#error=access_denied&error_description=User+cancelled"
                  "&state=%s\n" % lines.get("state", ""))
kiosk.stdin.close()
rest = kiosk.stdout.read()
print(rest, end="")
ok = (kiosk.wait(timeout=30) == 0
      and lines.get("keys") == "https://op.example.test/jwks"
      and lines.get("open", "").startswith("https://op.example.test/authorize?response_type=id_token&client_id=kiosk-1")
      and "prompt=login" in lines["open"]
      and "authorization denied: access_denied (User cancelled)" in rest)
sys.exit(0 if ok else 1)
EOF
}

step "install tools (.tools/, libjna-java)" install_tools
step "rust: fmt, clippy (test-hooks), FFI unit tests (error mapping)" rust_checks
step "C header is current (cbindgen in build.rs)" header_drift
step "generated Swift/Kotlin/Python sources are current" generated_drift
step "build the test-hooks library and its bindings" generate_test_hooks
step "python: pytest" python_tests
step "kotlin: JVM test program" kotlin_tests
step "swift: syntax, FFI header, symbols" swift_checks
step "c: header compiles as C99/C11/C17/C++17 with -Werror -pedantic" c_header
step "c: build tests (C99/C11/C17, ASan+UBSan, C++17), leak control, example" c_build
step "c: tests (C99/C11/C17, C++17)" c_run
step "c: tests under Valgrind" c_valgrind
step "c: tests under ASan+UBSan" c_sanitizers
step "c: leak checks catch a deliberate leak" c_leak_control
step "c: kiosk example" c_example

printf '\nbindings: done in %ss\n' "$(($(date +%s) - start))"
for f in "${failures[@]}"; do echo "failed step: $f"; done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
