#!/usr/bin/env bash
# The "run" command: installs what is missing, builds the app and the demo server, and serves the app
# on http://127.0.0.1:${PORT:-8787}/ with the local GLM-compatible demo server (no API key needed).
# Stop it with Ctrl+C.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
# shellcheck source=scripts/env.sh
source scripts/env.sh

PORT="${PORT:-8787}"
echo "run: building the app (scripts/release_build.sh: trunk build --release --offline)"
bash scripts/release_build.sh
echo "run: building the demo server (cargo build --release -p glm_mock)"
cargo build --release -p glm_mock

MOCK="${CARGO_TARGET_DIR:-target}/release/glm-mock"
echo
echo "Open http://127.0.0.1:${PORT}/ — chatting with the local demo server (no key needed). Add your BigModel key in Settings to use the real API."
echo "The widget on a page of its own: python3 -m http.server 8000 -d examples, then open http://127.0.0.1:8000/embed.html (with PORT=8787)."
echo
exec "$MOCK" --port "$PORT" --static dist
