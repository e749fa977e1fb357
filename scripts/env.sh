# shellcheck shell=bash
# Source me: `source scripts/env.sh`. Puts the project's pinned tools first on PATH:
#   .tools/npm/node_modules/.bin  (wasm-opt from npm binaryen 132; shadows Debian's binaryen 108, see toolchain P4)
#   $CARGO_HOME/bin               (trunk, wasm-bindgen, wasm-bindgen-test-runner, cargo)
# Safe to source more than once, from any directory, with or without `set -u`.

GLM_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export GLM_REPO_ROOT

_glm_path_prepend() {
  case ":${PATH:-}:" in
    *":$1:"*) ;;
    *) PATH="$1${PATH:+:$PATH}" ;;
  esac
}
_glm_path_prepend "${CARGO_HOME:-$HOME/.cargo}/bin"
_glm_path_prepend "$GLM_REPO_ROOT/.tools/npm/node_modules/.bin"
unset -f _glm_path_prepend
export PATH

# Pinned versions (see /work/shared/reference/toolchain.md). Keep in step with Cargo.lock and Trunk.toml.
export GLM_TRUNK_VERSION="0.21.14"
export GLM_WASM_BINDGEN_VERSION="0.2.130"
export GLM_BINARYEN_VERSION="132.0.0"
export GLM_WASM_SPLIT_VERSION="0.2.4"
export GLM_TERSER_VERSION="5.51.4"
export GLM_PLAYWRIGHT_CORE_VERSION="1.65.1"
export GLM_AXE_CORE_VERSION="4.14.1"

# Never let Trunk try GitHub for tools, and never let Playwright download a browser.
export TRUNK_SKIP_VERSION_CHECK=true
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
