# Shortcuts for the scripts in scripts/. `make help` lists them.
.PHONY: help setup run test ci e2e screenshots bench size

help:
	@echo "make setup        install the pinned toolchain (chromium, trunk, wasm-bindgen, wasm-opt, e2e deps)"
	@echo "make run          build and serve the app with the local demo server on http://127.0.0.1:8787/"
	@echo "make test         everything CI runs: fmt, clippy, host + browser tests, release build, e2e"
	@echo "make e2e          only the end-to-end suite (needs dist/ and target/release/glm-mock)"
	@echo "make screenshots  PNGs of the app and of the embedding example into e2e/test-results/screenshots"
	@echo "make bench        build, measure size and speed in headless Chromium, write BENCHMARKS.md + benchmarks.json"
	@echo "make size         the gzip size of a first visit (dist/) against the ratchet in scripts/size_check.py"

setup:
	bash scripts/setup.sh

run:
	bash scripts/run.sh

test ci:
	bash scripts/test.sh

e2e:
	cd e2e && npm test

screenshots:
	node e2e/screenshot.mjs
	node e2e/embed-screenshot.mjs

bench:
	bash scripts/bench.sh

size:
	python3 scripts/size_check.py dist
