#!/usr/bin/env bash
# Installs what the build and the tests need, skipping whatever is already present at the right version.
# Works on a fresh Debian 12 with rustup/cargo, node/npm and python3; runs as root or with sudo.
#   chromium + chromium-driver (apt)        headless browser for wasm-bindgen-test and the e2e suite
#   nginx (apt; never started as a service)  runs the documented deployment in the e2e suite
#   wasm32-unknown-unknown, rustfmt, clippy, rust-src (rustup)
#   trunk 0.21.14, wasm-bindgen-cli 0.2.130 (cargo install, built in parallel)
#   wasm-split-cli 0.2.4 (cargo install)    cuts the release wasm into chunks loaded on first use
#   binaryen 132, terser (npm, .tools/npm)  wasm-opt for release builds (never Debian's binaryen 108); JS minifier
#   e2e/node_modules (npm ci)                playwright-core (no browser download), axe-core
# Use: bash scripts/setup.sh            (then `source scripts/env.sh` in your shell for the PATH)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/env.sh
source scripts/env.sh
ROOT=$GLM_REPO_ROOT

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "not root and no sudo: cannot install Debian packages"
  SUDO=(sudo)
fi

# True when `$1 --version` prints something containing $2.
has_version() {
  command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -qF -- "$2"
}

# --- 1. Debian packages: chromium + chromium-driver ---------------------------------------------
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  say "chromium and chromedriver present: $(chromium --version 2>/dev/null | head -n1)"
else
  say "installing chromium and chromium-driver with apt-get"
  "${SUDO[@]}" apt-get update -q
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
  say "installed $(chromium --version 2>/dev/null | head -n1)"
fi

# --- 1a. zopfli: the release build's gzip copies (scripts/precompress.py), which the size budget counts ----------
if command -v zopfli >/dev/null 2>&1; then
  say "zopfli present"
else
  say "installing zopfli with apt-get"
  { "${SUDO[@]}" apt-get update -q && \
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends zopfli; } \
    || die "apt-get install zopfli failed"
fi

# --- 1b. nginx: the e2e suite runs the documented deployment (docs/deploy/nginx.conf.template) ---------------
# Only the binary is needed: the tests start it themselves, unprivileged, on a free port. A temporary
# policy-rc.d keeps the package from starting a system service on port 80 during the install.
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  say "nginx present: $( (nginx -v || /usr/sbin/nginx -v) 2>&1 | head -n1)"
else
  say "installing nginx with apt-get (binary only, no service started)"
  policy=/usr/sbin/policy-rc.d
  own_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# Added by glm-chat setup.sh while installing nginx: do not start services.\nexit 101\n' \
      | "${SUDO[@]}" tee "$policy" >/dev/null
    "${SUDO[@]}" chmod +x "$policy"
    own_policy=1
  fi
  status=0
  { "${SUDO[@]}" apt-get update -q && \
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nginx; } || status=$?
  if [ "$own_policy" -eq 1 ]; then "${SUDO[@]}" rm -f "$policy"; fi
  [ "$status" -eq 0 ] || die "apt-get install nginx failed"
  say "installed $(/usr/sbin/nginx -v 2>&1 | head -n1)"
fi

# --- 2. Rust target and components ------------------------------------------------------------
command -v rustup >/dev/null 2>&1 || die "rustup not found (install Rust with rustup first)"
command -v cargo >/dev/null 2>&1 || die "cargo not found"
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rust target wasm32-unknown-unknown present"
else
  say "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
# rust-src: the release build compiles the standard library for the wasm with size options (scripts/release_build.sh).
for comp in rustfmt clippy rust-src; do
  if rustup component list --installed | grep -q "^${comp}"; then
    say "rust component ${comp} present"
  else
    say "adding rust component ${comp}"
    rustup component add "$comp"
  fi
done

# --- 3. trunk and wasm-bindgen-cli, built in parallel -----------------------------------------
LOG_DIR="$ROOT/.tools/logs"
mkdir -p "$LOG_DIR"
names=()
pids=()
if has_version trunk "trunk $GLM_TRUNK_VERSION"; then
  say "trunk $GLM_TRUNK_VERSION present"
else
  # 0.22.x needs rustc >= 1.96.1 (toolchain P1); LTO off halves the build time.
  say "building trunk $GLM_TRUNK_VERSION (cargo install, ~3-5 min; log: .tools/logs/trunk.log)"
  CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install trunk --version "$GLM_TRUNK_VERSION" --locked --force >"$LOG_DIR/trunk.log" 2>&1 &
  names+=(trunk); pids+=($!)
fi
if has_version wasm-bindgen "wasm-bindgen $GLM_WASM_BINDGEN_VERSION" \
  && command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
  say "wasm-bindgen-cli $GLM_WASM_BINDGEN_VERSION present"
else
  # No --locked: the registry lacks webpki-roots 1.0.11 that the published lock wants (toolchain P2).
  say "building wasm-bindgen-cli $GLM_WASM_BINDGEN_VERSION (cargo install, ~2-3 min; log: .tools/logs/wasm-bindgen-cli.log)"
  cargo install wasm-bindgen-cli --version "$GLM_WASM_BINDGEN_VERSION" --force >"$LOG_DIR/wasm-bindgen-cli.log" 2>&1 &
  names+=(wasm-bindgen-cli); pids+=($!)
fi

if command -v wasm-split-cli >/dev/null 2>&1 && [ -f "${CARGO_HOME:-$HOME/.cargo}/.crates2.json" ] \
  && grep -qF "wasm_split_cli_support $GLM_WASM_SPLIT_VERSION" "${CARGO_HOME:-$HOME/.cargo}/.crates2.json"; then
  say "wasm-split-cli $GLM_WASM_SPLIT_VERSION present"
else
  say "building wasm-split-cli $GLM_WASM_SPLIT_VERSION (cargo install, ~2 min; log: .tools/logs/wasm-split-cli.log)"
  cargo install wasm_split_cli_support --version "$GLM_WASM_SPLIT_VERSION" --features build-binary --locked --force \
    >"$LOG_DIR/wasm-split-cli.log" 2>&1 &
  names+=(wasm-split-cli); pids+=($!)
fi

# --- 4. wasm-opt from npm binaryen and the terser JS minifier (while cargo builds) ---------------
WASM_OPT="$ROOT/.tools/npm/node_modules/.bin/wasm-opt"
TERSER_PKG="$ROOT/.tools/npm/node_modules/terser/package.json"
if [ -x "$WASM_OPT" ] && "$WASM_OPT" --version 2>/dev/null | grep -qF "version ${GLM_BINARYEN_VERSION%%.*}" \
  && [ -f "$TERSER_PKG" ] && [ "$(node -p "require('$TERSER_PKG').version" 2>/dev/null)" = "$GLM_TERSER_VERSION" ]; then
  say "wasm-opt (npm binaryen $GLM_BINARYEN_VERSION) and terser $GLM_TERSER_VERSION present"
else
  say "installing npm binaryen@$GLM_BINARYEN_VERSION and terser@$GLM_TERSER_VERSION into .tools/npm"
  mkdir -p "$ROOT/.tools/npm"
  npm install --prefix "$ROOT/.tools/npm" --no-audit --no-fund --no-save --loglevel=error \
    "binaryen@$GLM_BINARYEN_VERSION" "terser@$GLM_TERSER_VERSION"
  "$WASM_OPT" --version >/dev/null || die "wasm-opt from npm binaryen does not run"
fi

# --- 5. e2e node modules ------------------------------------------------------------------------
PW_PKG="$ROOT/e2e/node_modules/playwright-core/package.json"
AXE_PKG="$ROOT/e2e/node_modules/axe-core/package.json"
if [ -f "$PW_PKG" ] && [ "$(node -p "require('$PW_PKG').version" 2>/dev/null)" = "$GLM_PLAYWRIGHT_CORE_VERSION" ] \
  && [ "$(node -p "require('$AXE_PKG').version" 2>/dev/null)" = "$GLM_AXE_CORE_VERSION" ]; then
  say "e2e node modules present (playwright-core $GLM_PLAYWRIGHT_CORE_VERSION, axe-core $GLM_AXE_CORE_VERSION)"
else
  say "installing e2e node modules (npm ci in e2e/)"
  if [ -f "$ROOT/e2e/package-lock.json" ]; then
    (cd "$ROOT/e2e" && npm ci --no-audit --no-fund --loglevel=error)
  else
    (cd "$ROOT/e2e" && npm install --no-audit --no-fund --loglevel=error)
  fi
fi

# --- 6. wait for the cargo installs -------------------------------------------------------------
failed=0
for i in "${!pids[@]}"; do
  if wait "${pids[$i]}"; then
    say "built ${names[$i]}"
  else
    failed=1
    printf 'setup: ERROR: cargo install %s failed; last lines of .tools/logs/%s.log:\n' "${names[$i]}" "${names[$i]}" >&2
    tail -n 40 "$LOG_DIR/${names[$i]}.log" >&2 || true
  fi
done
[ "$failed" -eq 0 ] || die "tool installation failed"
has_version trunk "trunk $GLM_TRUNK_VERSION" || die "trunk on PATH is not $GLM_TRUNK_VERSION: $(trunk --version 2>&1 || true)"
has_version wasm-bindgen "wasm-bindgen $GLM_WASM_BINDGEN_VERSION" \
  || die "wasm-bindgen on PATH is not $GLM_WASM_BINDGEN_VERSION: $(wasm-bindgen --version 2>&1 || true)"

# --- 7. crate sources, so `trunk build --offline` (which passes --offline to cargo) finds them ----
say "fetching crate sources (cargo fetch), with the standard library's own for the release build"
cargo fetch --quiet
RUSTC_BOOTSTRAP=1 cargo fetch --quiet -Zbuild-std=std,panic_abort --target wasm32-unknown-unknown

say "ready: $(trunk --version), $(wasm-bindgen --version), wasm-split-cli $GLM_WASM_SPLIT_VERSION, $(wasm-opt --version), $(chromium --version 2>/dev/null | head -n1), node $(node --version), $(/usr/sbin/nginx -v 2>&1 | head -n1)"
say "for your shell: source scripts/env.sh"
