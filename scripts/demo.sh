#!/usr/bin/env bash
# Builds the package and serves the demo page on http://127.0.0.1:${PORT:-8080}/
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
exec node www/server.mjs "${PORT:-8080}"
