#!/usr/bin/env bash
# macOS only (Xcode, rustup): builds OidcImplicitFFI.xcframework from the Rust
# static library for iOS devices, the iOS simulator and macOS, with the
# uniffi header and module map. Not run on Linux CI (no Swift toolchain there);
# bindings/run.sh checks the Swift sources instead.
#
#   ./build-xcframework.sh                       # release library -> ./OidcImplicitFFI.xcframework
#   OIDCI_TEST_HOOKS=1 ./build-xcframework.sh    # test-hooks library + its bindings -> .build-test-hooks/
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
target=${CARGO_TARGET_DIR:-$root/target}

features=()
dest="$here"
headers="$here/Sources/OidcImplicitFFI/include"
if [ "${OIDCI_TEST_HOOKS:-0}" = 1 ]; then
  features=(--features test-hooks)
  dest="$here/.build-test-hooks"
  # Bindings that include the test hooks, generated from the same build.
  bindings/generate.sh --test-hooks --out "$target/swift-test-hooks" >/dev/null
  rm -rf "$dest/Sources" && mkdir -p "$dest/Sources"
  cp -R "$target/swift-test-hooks/swift/Sources/OidcImplicit" "$dest/Sources/"
  headers="$target/swift-test-hooks/swift/Sources/OidcImplicitFFI/include"
  # The XCTest bundle's resource (gitignored copy of the fixtures).
  cp "$root/tests/fixtures/jose/cases.json" "$here/Tests/OidcImplicitTests/cases.json"
fi

targets=(aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin)
rustup target add "${targets[@]}"
for t in "${targets[@]}"; do
  cargo build --locked --release -p oidc-implicit-ffi --target "$t" "${features[@]}"
done

work="$target/xcframework"
rm -rf "$work" && mkdir -p "$work/headers" "$work/ios-sim" "$work/macos"
cp "$headers/OidcImplicitFFI.h" "$headers/module.modulemap" "$work/headers/"
lib=liboidc_implicit_ffi.a
lipo -create "$target/aarch64-apple-ios-sim/release/$lib" "$target/x86_64-apple-ios/release/$lib" -output "$work/ios-sim/$lib"
lipo -create "$target/aarch64-apple-darwin/release/$lib" "$target/x86_64-apple-darwin/release/$lib" -output "$work/macos/$lib"

mkdir -p "$dest"
rm -rf "$dest/OidcImplicitFFI.xcframework"
xcodebuild -create-xcframework \
  -library "$target/aarch64-apple-ios/release/$lib" -headers "$work/headers" \
  -library "$work/ios-sim/$lib" -headers "$work/headers" \
  -library "$work/macos/$lib" -headers "$work/headers" \
  -output "$dest/OidcImplicitFFI.xcframework"
echo "wrote $dest/OidcImplicitFFI.xcframework"
