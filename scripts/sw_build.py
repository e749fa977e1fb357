#!/usr/bin/env python3
"""Writes sw.js into the built folder (run by post_build.py, last): web/sw.js with the list of the app shell's
files and a version that is the hash of their contents, so every release that changes a file is a new version.

The widget's own files (glm-chat-embed.*) are left out: the service worker serves the full page only.
Use: sw_build.py [DIR]  (also rewrites an existing folder, e.g. after editing a deployed index.html, and then its gzip
copies, precompress.py, so that none is stale)
"""
import hashlib
import json
import os
import sys

SKIP = ("sw.js",)


def shell_files(staging):
    files = []
    for dirpath, dirnames, filenames in os.walk(staging):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            rel = os.path.relpath(os.path.join(dirpath, name), staging).replace(os.sep, "/")
            # (and the gzip copies of precompress.py: the same files, sent by the host as such)
            if name.startswith(".") or rel in SKIP or name.startswith("glm-chat-embed") or name.endswith(".gz"):
                continue
            files.append(rel)
    return sorted(files)


def write(staging, source):
    files = shell_files(staging)
    if "index.html" not in files:
        sys.exit("sw_build.py: no index.html in " + staging)
    digest = hashlib.sha256()
    for rel in files:
        digest.update(rel.encode("utf-8") + b"\0")
        with open(os.path.join(staging, rel), "rb") as f:
            digest.update(hashlib.sha256(f.read()).digest())
    version = digest.hexdigest()[:16]
    # The page itself is cached as its folder URL ("./"), which every static host serves.
    urls = ["./"] + [f for f in files if f != "index.html"]
    with open(os.path.join(source, "web", "sw.js"), encoding="utf-8") as f:
        worker = f.read()
    worker = worker.replace("'__VERSION__'", json.dumps(version)).replace("__FILES__", json.dumps(urls))
    with open(os.path.join(staging, "sw.js"), "w", encoding="utf-8") as f:
        f.write(worker)
    print(f"sw_build.py: sw.js version {version}, {len(urls)} files")


if __name__ == "__main__":
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    folder = sys.argv[1] if len(sys.argv) > 1 else "dist"
    write(folder, here)
    # The gzip copies again, so that none is left stale by an edit of the folder (a host would send the old file).
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import precompress  # noqa: E402

    precompress.write(folder)
