#!/usr/bin/env bash
# Benchmarks: prints figures (never a timed test); each one checks its match count.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
node bench/corpus.mjs
( cd bench && npm ci --no-audit --no-fund --loglevel=error )
if python3 -c "import vaderSentiment" 2>/dev/null; then python3 bench/vader_sample.py; fi
cargo bench --bench scan --quiet
node bench/wasm.mjs
node bench/sentiment.mjs
node bench/stream.mjs
node bench/peers.mjs "${1:-../shared/eval}"
