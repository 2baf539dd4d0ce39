#!/usr/bin/env bash
# End to end against a real OpenID Provider on loopback (node oidc-provider,
# pinned in package.json + package-lock.json):
#   1. installs the provider with `npm ci` into tests/e2e/node_modules (skipped
#      when the installed tree matches the lockfile);
#   2. builds the Rust test binary (tests/tests/e2e.rs) and, for the Python
#      binding's test, the FFI library (oidc-implicit-ffi);
#   3. starts the provider on 127.0.0.1 with a free port (RS256 client, signing
#      key generation 1), waits for its discovery document, runs the `live_*`
#      tests, then the Python binding's end-to-end test if it exists;
#   4. saves the provider's JWK Set, restarts it on the same port with new
#      signing keys (generation 2, ES256 client) and runs `rotated_*`: the
#      first completion asks for fresh keys, the retry with the new JWK Set
#      succeeds;
#   5. always stops the provider, and ends with `N passed, M failed` (the only
#      unindented result line, so a caller adding up result lines counts once).
# Only loopback traffic, apart from the npm registry during the install.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
state="$here/.state"
mkdir -p "$state"
: >"$state/provider.log"
start=$(date +%s)
passed=0
failed=0
provider_pid=""

stop_provider() {
  if [ -n "$provider_pid" ] && kill -0 "$provider_pid" 2>/dev/null; then
    kill "$provider_pid" 2>/dev/null
    wait "$provider_pid" 2>/dev/null
  fi
  provider_pid=""
}
trap stop_provider EXIT
trap 'stop_provider; exit 130' INT TERM

fail_step() {
  echo "FAILED: $*" >&2
  failed=$((failed + 1))
}

summary() {
  echo
  echo "e2e finished in $(($(date +%s) - start))s"
  echo "$passed passed, $failed failed"
  if [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
    exit 1
  fi
  exit 0
}

# json_field FILE FIELD
json_field() {
  node -e 'const v = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[process.argv[2]]; process.stdout.write(String(v))' "$1" "$2"
}

# 1. Install (idempotent).
lock_sum=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
stamp="$here/node_modules/.oidc-implicit-lock.sha256"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  echo "==> npm ci (oidc-provider)"
  if ! (cd "$here" && npm ci --no-audit --no-fund --loglevel=error); then
    fail_step "npm ci"
    summary
  fi
  echo "$lock_sum" >"$stamp"
fi

# 2. Build the test binary while no provider is waiting.
echo "==> building the end-to-end tests"
if ! (cd "$root" && cargo test -p oidc-implicit-conformance --test e2e --locked --no-run --quiet); then
  fail_step "cargo build of tests/tests/e2e.rs"
  summary
fi
# The library the Python binding loads (release surface, no test hooks),
# copied out of the target directory so that another build cannot swap it.
py_lib=""
if [ -f "$root/bindings/python/e2e_test.py" ]; then
  case "$(uname -s)" in Darwin) lib_name=liboidc_implicit_ffi.dylib ;; *) lib_name=liboidc_implicit_ffi.so ;; esac
  if (cd "$root" && cargo build -p oidc-implicit-ffi --locked --quiet) &&
    cp "${CARGO_TARGET_DIR:-$root/target}/debug/$lib_name" "$state/$lib_name"; then
    py_lib="$state/$lib_name"
  else
    fail_step "cargo build of oidc-implicit-ffi (for bindings/python/e2e_test.py)"
  fi
fi

# start_provider PORT GENERATION ALG: sets $issuer once discovery answers.
start_provider() {
  rm -f "$state/provider.json"
  node "$here/provider.mjs" --port "$1" --generation "$2" --alg "$3" \
    --ready-file "$state/provider.json" >>"$state/provider.log" 2>&1 &
  provider_pid=$!
  for _ in $(seq 1 150); do
    [ -f "$state/provider.json" ] && break
    if ! kill -0 "$provider_pid" 2>/dev/null; then
      provider_pid=""
      tail -n 20 "$state/provider.log" >&2
      return 1
    fi
    sleep 0.2
  done
  [ -f "$state/provider.json" ] || return 1
  issuer=$(json_field "$state/provider.json" issuer)
  node -e '
    const url = process.argv[1] + "/.well-known/openid-configuration";
    const deadline = Date.now() + 30000;
    (async () => {
      for (;;) {
        try {
          const r = await fetch(url);
          if (r.ok && (await r.json()).issuer === process.argv[1]) return;
        } catch {}
        if (Date.now() > deadline) { console.error("no discovery at " + url); process.exit(1); }
        await new Promise((s) => setTimeout(s, 200));
      }
    })();' "$issuer"
}

# run_tests FILTER [ENV=VALUE…]: runs the ignored tests whose names start
# with FILTER and adds their counts.
run_tests() {
  local filter=$1 log="$state/cargo-$1.log"
  shift
  (cd "$root" && env "$@" OIDC_E2E_PROVIDER_URL="$issuer" \
    cargo test -p oidc-implicit-conformance --test e2e --locked -- --ignored "$filter") 2>&1 |
    tee "$log" | sed 's/^/    /' # indented: only the final summary line starts a line
  local line
  line=$(grep -E '^test result: ' "$log" | tail -n 1)
  if [ -z "$line" ]; then
    fail_step "cargo test $filter did not run"
    return
  fi
  local p f
  p=$(sed -E 's/.* ([0-9]+) passed.*/\1/' <<<"$line")
  f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
  passed=$((passed + p))
  failed=$((failed + f))
}

# 3. First provider: RS256 client, keys of generation 1.
echo "==> starting oidc-provider (generation 1, RS256)"
if ! start_provider 0 1 RS256; then
  fail_step "provider did not start"
  summary
fi
port=$(json_field "$state/provider.json" port)
echo "    $issuer"
run_tests live_

# The Python binding (bindings/python): the same provider and client, the
# committed module over the library built in step 2. The script prints
# `N passed, M failed` or is counted by its exit status.
if [ -n "$py_lib" ]; then
  echo "==> Python binding end-to-end test"
  py_log="$state/python.log"
  (cd "$root" && OIDC_E2E_PROVIDER_URL="$issuer" OIDC_E2E_CLIENT_ID=oidc-implicit-e2e \
    OIDC_E2E_REDIRECT_URI=https://rp.example.test/callback OIDC_E2E_FFI_LIB="$py_lib" \
    python3 bindings/python/e2e_test.py) 2>&1 | tee "$py_log" | sed 's/^/    /'
  py_status=${PIPESTATUS[0]}
  py_line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$py_log" | tail -n 1)
  if [ -n "$py_line" ]; then
    passed=$((passed + $(cut -d' ' -f1 <<<"$py_line")))
    failed=$((failed + $(cut -d' ' -f3 <<<"$py_line")))
    [ "$py_status" -eq 0 ] || [ "$(cut -d' ' -f3 <<<"$py_line")" -ne 0 ] || fail_step "python e2e exit $py_status"
  elif [ "$py_status" -eq 0 ]; then
    passed=$((passed + 1))
  else
    fail_step "bindings/python/e2e_test.py (exit $py_status)"
  fi
elif [ ! -f "$root/bindings/python/e2e_test.py" ]; then
  echo "==> (no bindings/python/e2e_test.py yet: Python binding end-to-end skipped)"
fi

# 4. Key rotation: keep the old JWK Set, restart on the same port with new keys.
echo "==> rotating the provider's signing keys (restart, generation 2, ES256)"
node -e '
  fetch(process.argv[1] + "/jwks").then(async (r) => {
    if (!r.ok) process.exit(1);
    require("fs").writeFileSync(process.argv[2], await r.text());
  }).catch(() => process.exit(1));' "$issuer" "$state/jwks-generation-1.json" ||
  fail_step "saving the JWK Set before the rotation"
stop_provider
if start_provider "$port" 2 ES256; then
  run_tests rotated_ OIDC_E2E_STALE_JWKS="$state/jwks-generation-1.json"
else
  fail_step "provider did not restart on port $port"
fi
stop_provider

summary
