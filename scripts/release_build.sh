#!/usr/bin/env bash
# The release build: `trunk build --release --offline` (arguments are passed on), with the standard library compiled
# for the wasm with size options instead of the prebuilt one:
#   -Zbuild-std=std,panic_abort        the standard library built from source (rustup component rust-src) with the
#                                      app's own profile (opt-level z, LTO);
#   build-std feature optimize_for_size its size-over-speed algorithm choices;
#   -Cpanic=immediate-abort            a panic traps at once instead of formatting its message, so the panic and
#                                      formatting machinery leaves the bundle.
# Together about 23 KB gzip less for a first visit (docs/size-report.md). These are unstable options of the stable
# toolchain, unlocked with RUSTC_BOOTSTRAP=1 for this build only: host builds, tests and debug builds stay plain
# stable. GLM_BUILD_STD=0 builds without them (bigger, over the size budget).
# A panic in the release build is then a bare "unreachable" trap in the console, without its message; debug builds
# (`trunk serve`, the browser tests) keep the message.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/env.sh
source scripts/env.sh

if [ "${GLM_BUILD_STD:-1}" = 1 ]; then
  if [ ! -d "$(rustc --print sysroot)/lib/rustlib/src/rust/library/std" ]; then
    echo "release_build: rust-src is missing (the standard library's source): run scripts/setup.sh" >&2
    exit 1
  fi
  export RUSTC_BOOTSTRAP=1
  export CARGO_UNSTABLE_BUILD_STD="std,panic_abort"
  export CARGO_UNSTABLE_BUILD_STD_FEATURES="optimize_for_size"
  # Added after .cargo/config.toml's flags for the target (cargo joins the two lists).
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort"
fi
exec trunk build --release --offline "$@"
