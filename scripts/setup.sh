#!/usr/bin/env bash
# Installs everything the build and the tests need, idempotently; fast when already installed.
#   scripts/setup.sh            toolchain + npm packages
#   scripts/setup.sh --browser  also Debian's chromium (for the browser tests)
# Nothing here downloads a prebuilt binary or a browser build: rustup target, cargo install
# (built from crates.io source), npm packages, Debian packages.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
for a in "$@"; do [ "$a" = "--browser" ] && want_browser=1; done

# 1. the wasm target
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "setup: adding wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen CLI at exactly the version Cargo.lock pins
wbg_version=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if [ -z "$wbg_version" ]; then echo "setup: wasm-bindgen not found in Cargo.lock" >&2; exit 1; fi
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$wbg_version" ]; then
  echo "setup: installing wasm-bindgen-cli $wbg_version (was: ${have:-none}); this builds from source, ~2 min"
  # not --locked: one of its locked dependencies is missing from the registry reachable here
  cargo install wasm-bindgen-cli --version "=$wbg_version" --force
fi

# 3. npm packages of the repo's tooling (binaryen's wasm-opt, playwright-core)
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# 4. Debian's chromium for the browser tests
if [ "$want_browser" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  echo "setup: installing Debian chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
echo "setup: ok"
