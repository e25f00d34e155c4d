#!/usr/bin/env bash
# Runs every test: formatting, lints and doc links, the Rust tests (unit, named case tables with
# streaming at many chunkings, doc tests; the keyword tables again in the keywords-only
# build), the JS tests against the built package in Node,
# and the browser test in Debian's Chromium. Installs what it needs first (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
echo "== cargo fmt --check"; cargo fmt --check
echo "== cargo clippy"; cargo clippy --all-targets --quiet -- -D warnings
cargo clippy --lib --features wasm --target wasm32-unknown-unknown --quiet -- -D warnings
cargo clippy --lib --no-default-features --features wasm --target wasm32-unknown-unknown --quiet -- -D warnings
echo "== cargo doc (broken or private links fail)"; RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet
echo "== cargo test"; cargo test --quiet
echo "== cargo test (the binding's own Rust tests)"; cargo test --quiet --lib --features wasm wasm::
echo "== cargo test (keywords-only build)"
cargo test --quiet --no-default-features --test builds --test cases
echo "== build pkg/"; bash scripts/build.sh
echo "== node --test (package in Node)"; node --test tests/js/
echo "== node --test (browser, Chromium)"; node --test tests/browser/
