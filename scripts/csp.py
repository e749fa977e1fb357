#!/usr/bin/env python3
"""Pins Trunk's inline loader script into the Content-Security-Policy by its SHA-256 (run by post_build.py).

The loader names the hashed JS and wasm files, so its hash changes with every build; index.html carries the
placeholder 'sha256-INLINE-LOADER' and this replaces it in the staged output.
"""
import base64
import hashlib
import os
import re
import sys


def pin(staging):
    path = os.path.join(staging, "index.html")
    with open(path, encoding="utf-8") as f:
        html = f.read()
    scripts = re.findall(r"<script(?:\s[^>]*)?>(.*?)</script>", html, flags=re.S)
    inline = [s for s in scripts if s.strip()]
    if "'sha256-INLINE-LOADER'" not in html:
        sys.exit("csp.py: index.html has no 'sha256-INLINE-LOADER' placeholder in its Content-Security-Policy")
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'" for s in inline
    )
    html = html.replace("'sha256-INLINE-LOADER'", hashes)
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)
    print(f"csp.py: pinned {len(inline)} inline script(s) in the Content-Security-Policy")


if __name__ == "__main__":
    pin(os.environ.get("TRUNK_STAGING_DIR", "dist"))
