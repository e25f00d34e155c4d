#!/usr/bin/env bash
# Builds the npm package in pkg/: the wasm core (release, opt-level 3), the wasm-bindgen
# glue (--target web, loaded by the hand-written pkg/index.js and pkg/node.js), and
# wasm-opt -O3 from the npm `binaryen` package.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo build --release --target wasm32-unknown-unknown --features wasm --quiet
wasm-bindgen --target web --out-dir pkg/wasm --out-name chatguard \
  target/wasm32-unknown-unknown/release/chatguard.wasm
node_modules/.bin/wasm-opt -O3 --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  pkg/wasm/chatguard_bg.wasm -o pkg/wasm/chatguard_bg.wasm
cp README.md pkg/README.md
raw=$(wc -c < pkg/wasm/chatguard_bg.wasm); gz=$(gzip -9 -c pkg/wasm/chatguard_bg.wasm | wc -c)
echo "build: pkg/wasm/chatguard_bg.wasm ${raw} B raw, ${gz} B gzip"
