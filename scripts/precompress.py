#!/usr/bin/env python3
"""Writes a gzip copy beside each text and wasm file of the built folder (`app.wasm` -> `app.wasm.gz`), run by
post_build.py last, for release builds.

Static hosts that serve precompressed files (nginx `gzip_static on`, Caddy `precompressed gzip`, Apache with
MultiViews, the demo server) send these copies to browsers that take gzip instead of compressing on the fly. They are
made with zopfli (Debian's `zopfli`, installed by scripts/setup.sh), which writes ordinary gzip that any browser reads,
about 5 % smaller than gzip -9: about 7 KB less on a first visit (docs/size-report.md). Without zopfli the copies are
made at gzip -9, with a warning. A copy that would not be smaller than its file is not written. Deterministic: the
gzip header carries no name and no time, so the same build gives the same bytes.

Use: precompress.py [DIR]
"""
import concurrent.futures
import gzip
import os
import shutil
import subprocess
import sys

# What a static host compresses: text and wasm. Images (PNG) are compressed already. Not the page (index.html, 1 KB
# gzipped): hosts edit it on its way out (the nginx template's sub_filter, the demo server's endpoint tag), which a
# precompressed copy would skip; they compress it on the fly.
SUFFIXES = (".wasm", ".js", ".mjs", ".css", ".json", ".webmanifest", ".svg", ".txt", ".md")


def targets(staging):
    out = []
    for dirpath, dirnames, filenames in os.walk(staging):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.endswith(SUFFIXES):
                out.append(os.path.join(dirpath, name))
    return sorted(out)


def compress(path, zopfli):
    with open(path, "rb") as f:
        raw = f.read()
    if zopfli:
        # --gzip: gzip framing; -c: to stdout. zopfli writes MTIME 0 and no file name.
        done = subprocess.run([zopfli, "--gzip", "-c", path], capture_output=True, check=True)
        packed = done.stdout
    else:
        packed = gzip.compress(raw, compresslevel=9, mtime=0)
    if gzip.decompress(packed) != raw:
        sys.exit(f"precompress.py: the gzip copy of {path} does not read back")
    target = path + ".gz"
    if len(packed) >= len(raw):
        if os.path.exists(target):
            os.remove(target)
        return 0
    with open(target, "wb") as f:
        f.write(packed)
    return len(packed)


def write(staging):
    zopfli = shutil.which("zopfli")
    if not zopfli:
        print("precompress.py: WARNING: zopfli not found (run scripts/setup.sh); the copies are gzip -9", flush=True)
    files = targets(staging)
    workers = max(1, os.cpu_count() or 1)
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        sizes = list(pool.map(lambda p: compress(p, zopfli), files))
    written = sum(1 for s in sizes if s)
    print(f"precompress.py: {written} gzip copies ({'zopfli' if zopfli else 'gzip -9'}), {sum(sizes):,} B", flush=True)


if __name__ == "__main__":
    write(sys.argv[1] if len(sys.argv) > 1 else "dist")
