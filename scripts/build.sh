#!/usr/bin/env bash
# Builds the npm package in pkg/: the wasm core (release, opt-level 3), the wasm-bindgen
# glue (--target web, loaded by the hand-written pkg/index.js and pkg/node.js), and
# wasm-opt -O3 from the npm `binaryen` package. Twice: the full package in pkg/wasm/, and
# the keywords-only one (cargo features `pii` and `sentiment` off) in pkg/keywords/, whose
# JS files are copies of pkg/'s (they load ./wasm/ next to them).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

# build_one OUT_DIR CARGO_FEATURE_ARGS...
build_one() {
  local out=$1
  shift
  cargo build --release --target wasm32-unknown-unknown "$@" --quiet
  wasm-bindgen --target web --out-dir "$out" --out-name chatguard \
    target/wasm32-unknown-unknown/release/chatguard.wasm
  # --one-caller-inline-max-function-size: wasm-opt inlines a function called from one
  # place whatever its size (by default), which merged all the PII detectors into one
  # 47 KB function. V8 compiles each wasm function at its first call, whole: a first
  # message then compiled every detector, used or not (about 5 ms of the 8.6 ms its first
  # PII scan took here), and the optimising tier took long over it. Bounded, each stays
  # its own function, compiled when first used; the warm throughput did not move
  # (measured, see the commit that set it).
  node_modules/.bin/wasm-opt -O3 --one-caller-inline-max-function-size=200 \
    --strip-debug --strip-producers \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$out/chatguard_bg.wasm" -o "$out/chatguard_bg.wasm"
  local raw gz
  raw=$(wc -c < "$out/chatguard_bg.wasm"); gz=$(gzip -9 -c "$out/chatguard_bg.wasm" | wc -c)
  echo "build: $out/chatguard_bg.wasm ${raw} B raw, ${gz} B gzip"
}

build_one pkg/wasm --features wasm
build_one pkg/keywords/wasm --no-default-features --features wasm
for f in index.js node.js index.d.ts; do cp "pkg/$f" "pkg/keywords/$f"; done
cp README.md pkg/README.md
