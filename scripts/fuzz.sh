#!/usr/bin/env bash
# Coverage-guided fuzzing with cargo-fuzz (libFuzzer) on the nightly toolchain.
#   bash scripts/fuzz.sh [target] [seconds]     (default: stream_equals_scan 600)
# Targets: stream_equals_scan (stream == one-shot scan, nothing masked survives),
#          policy_json (arbitrary policy JSON never panics).
# Seeds come from the shared test tables (tests/data) and are written under target/, so the
# corpus is never committed. A crash leaves its input in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-stream_equals_scan}"
secs="${2:-600}"
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
corpus="target/fuzz-corpus/$target"
mkdir -p "$corpus"
node scripts/fuzz_seeds.mjs "$target" "$corpus"
cd fuzz
cargo +nightly fuzz run "$target" "../$corpus" -- \
  -max_total_time="$secs" -max_len=4096 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1
