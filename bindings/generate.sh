#!/usr/bin/env bash
# Builds oidc-implicit-ffi and generates its Swift, Kotlin and Python
# bindings with the pinned uniffi-bindgen (library mode). Never hand-edit the
# generated files: change ffi/src/ and run this script.
#
#   bindings/generate.sh                      # release surface -> bindings/<language>/ (committed)
#   bindings/generate.sh --out DIR            # same, into DIR/<language>/
#   bindings/generate.sh --test-hooks --out DIR
#       # a library with the known-answer test hooks (never ship it) and its
#       # bindings, plus the libraries in DIR/lib and next to the Python module
#
# Layout written (DIR defaults to bindings/):
#   DIR/python/oidc_implicit.py
#   DIR/kotlin/src/main/kotlin/dev/oidcimplicit/oidc_implicit.kt
#   DIR/swift/Sources/OidcImplicit/OidcImplicit.swift
#   DIR/swift/Sources/OidcImplicitFFI/include/{OidcImplicitFFI.h,module.modulemap}
# Prints the path of the built shared library on its last line.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

out="$root/bindings"
features=()
test_hooks=0
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --test-hooks) features=(--features test-hooks); test_hooks=1; shift ;;
    *) echo "usage: $0 [--test-hooks] [--out DIR]" >&2; exit 2 ;;
  esac
done

if [ "$test_hooks" = 1 ] && [ "$(cd "$(dirname "$out")" && pwd)/$(basename "$out")" = "$root/bindings" ]; then
  echo "--test-hooks bindings must not overwrite the committed ones: pass --out DIR" >&2
  exit 2
fi

target=${CARGO_TARGET_DIR:-$root/target}
# Two separate invocations on purpose: `uniffi/cli` (bindgen only) must not
# be unified into the library's build, or the library would be rebuilt
# whenever the other one is built.
cargo build --quiet --locked -p oidc-implicit-ffi "${features[@]}" >&2
cargo build --quiet --locked -p uniffi-bindgen >&2
case "$(uname -s)" in
  Darwin) lib="$target/debug/liboidc_implicit_ffi.dylib" ;;
  *) lib="$target/debug/liboidc_implicit_ffi.so" ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# --no-format: ktlint/swift-format are not installed everywhere, and the
# committed files must not depend on whether they are.
"$target/debug/uniffi-bindgen" generate --no-format --library "$lib" \
  --language python --language kotlin --language swift --out-dir "$tmp" >/dev/null

mkdir -p "$out/python" "$out/kotlin/src/main/kotlin/dev/oidcimplicit" \
  "$out/swift/Sources/OidcImplicit" "$out/swift/Sources/OidcImplicitFFI/include"
cp "$tmp/oidc_implicit.py" "$out/python/oidc_implicit.py"
cp "$tmp/dev/oidcimplicit/oidc_implicit.kt" "$out/kotlin/src/main/kotlin/dev/oidcimplicit/oidc_implicit.kt"
cp "$tmp/OidcImplicit.swift" "$out/swift/Sources/OidcImplicit/OidcImplicit.swift"
cp "$tmp/OidcImplicitFFI.h" "$out/swift/Sources/OidcImplicitFFI/include/OidcImplicitFFI.h"
# SwiftPM and XCFrameworks look for `module.modulemap` next to the header.
cp "$tmp/OidcImplicitFFI.modulemap" "$out/swift/Sources/OidcImplicitFFI/include/module.modulemap"
if [ "$test_hooks" = 1 ]; then
  # The libraries the tests load or link: the generated Python loader only
  # looks next to its own file; Kotlin (JNA) and C take DIR/lib.
  mkdir -p "$out/lib"
  cp "$lib" "$out/python/"
  cp "$lib" "$target/debug/liboidc_implicit_ffi.a" "$out/lib/"
fi
echo "$lib"
