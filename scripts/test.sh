#!/usr/bin/env bash
# The "test" command: everything CI checks, in order.
#   setup -> fmt -> clippy (host, wasm) -> host tests -> browser (wasm-bindgen-test) tests
#   -> trunk release build -> bundle size check -> mock server build -> end-to-end suite (Playwright + system Chromium)
# Every check runs even when an earlier one failed (so one CI run shows all problems), except that
# the e2e suite needs the release build and the mock server. Exit status is non-zero on any failure.
# The last line printed is always `N passed, M failed`: N and M count the e2e tests, and each failed
# step before them counts as one more failure.
# Env: FAIL_FAST=1 stops at the first failed step. E2E_ARGS are passed to `node --test` (e.g. a file).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-$([ -n "${CI:-}" ] && echo never || echo auto)}"

passed=0
failed=0
results=()

summary() {
  echo
  echo "== summary"
  local r
  for r in "${results[@]}"; do echo "  $r"; done
  echo "$passed passed, $failed failed"
}

# step NAME CMD...: runs CMD, records the outcome. Returns CMD's status (callers use `|| true`).
step() {
  local name=$1
  shift
  echo
  echo "== $name: $*"
  local start=$SECONDS status=0
  "$@" || status=$?
  local took=$((SECONDS - start))
  if [ "$status" -eq 0 ]; then
    results+=("ok     $name (${took}s)")
  else
    results+=("FAILED $name (exit $status, ${took}s)")
    failed=$((failed + 1))
    if [ "${FAIL_FAST:-0}" = 1 ]; then
      summary
      exit 1
    fi
  fi
  return "$status"
}

if ! step "setup" bash scripts/setup.sh; then
  summary
  exit 1
fi
# shellcheck source=scripts/env.sh
source scripts/env.sh

step "fmt" cargo fmt --all --check || true
step "clippy (host)" cargo clippy --workspace --all-targets -- -D warnings || true
step "clippy (wasm32)" cargo clippy -p glm-chat --target wasm32-unknown-unknown -- -D warnings || true
step "host tests" cargo test --workspace || true
step "browser tests (wasm-bindgen-test, headless Chromium)" \
  cargo test -p glm-chat --target wasm32-unknown-unknown || true

built=1
step "release build (trunk)" bash scripts/release_build.sh || built=0
if [ "$built" -eq 1 ]; then
  # Fails when a first visit's gzip size grows past the budget kept at the top of scripts/size_check.py.
  step "bundle size check" python3 scripts/size_check.py dist || true
fi
step "mock server build" cargo build -p glm_mock --release || built=0

if [ "$built" -eq 1 ]; then
  mkdir -p "$ROOT/e2e/test-results"
  TAP="$ROOT/e2e/test-results/results.tap"
  rm -f "$TAP"
  e2e_status=0
  echo
  echo "== end-to-end tests (e2e/tests, node --test)"
  # The spec reporter is for people; the TAP copy is what the closing line is computed from.
  # shellcheck disable=SC2086
  (cd "$ROOT/e2e" && node --test --test-concurrency=1 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$TAP" \
    ${E2E_ARGS:-tests/}) || e2e_status=$?
  e2e_pass=$(sed -n 's/^# pass \([0-9][0-9]*\)$/\1/p' "$TAP" 2>/dev/null | tail -n1)
  e2e_fail=$(sed -n 's/^# fail \([0-9][0-9]*\)$/\1/p' "$TAP" 2>/dev/null | tail -n1)
  e2e_cancelled=$(sed -n 's/^# cancelled \([0-9][0-9]*\)$/\1/p' "$TAP" 2>/dev/null | tail -n1)
  e2e_pass=${e2e_pass:-0}
  e2e_fail=$((${e2e_fail:-0} + ${e2e_cancelled:-0}))
  if [ "$e2e_status" -ne 0 ] && [ "$e2e_fail" -eq 0 ]; then
    e2e_fail=1 # the runner itself failed (crash, no results)
  fi
  passed=$((passed + e2e_pass))
  failed=$((failed + e2e_fail))
  if [ "$e2e_status" -eq 0 ]; then
    results+=("ok     end-to-end: $e2e_pass passed")
  else
    results+=("FAILED end-to-end: $e2e_pass passed, $e2e_fail failed (exit $e2e_status)")
  fi
else
  results+=("SKIPPED end-to-end (needs the release build and the mock server)")
fi

summary
[ "$failed" -eq 0 ]
