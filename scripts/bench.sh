#!/usr/bin/env bash
# Benchmarks: prints figures (never a timed test); each one checks its match count.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
node bench/corpus.mjs
cargo bench --bench scan --quiet
node bench/wasm.mjs
