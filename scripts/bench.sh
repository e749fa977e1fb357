#!/usr/bin/env bash
# The benchmark command: installs what is missing, builds the release bundle and the demo server, then measures
# every figure of issue 7 in headless Chromium (e2e/bench/bench.mjs) and writes BENCHMARKS.md and benchmarks.json
# at the repository root. Takes about 2 minutes with the default 5 repeats once everything is built.
# Env: BENCH_RUNS (repeats, default 5), BENCH_OUT (output directory), BENCH_PACED / BENCH_RATE (paced stream),
#      BENCH_SKIP_BUILD=1 (measure the dist/ and mock binary already built).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  bash scripts/setup.sh
  # shellcheck source=scripts/env.sh
  source scripts/env.sh
  echo "bench: building the release bundle (scripts/release_build.sh: trunk build --release --offline)"
  bash scripts/release_build.sh
  echo "bench: building the demo server (cargo build --release -p glm_mock)"
  cargo build --release -p glm_mock
else
  # shellcheck source=scripts/env.sh
  source scripts/env.sh
fi
exec node e2e/bench/bench.mjs
