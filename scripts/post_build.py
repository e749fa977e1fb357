#!/usr/bin/env python3
"""Trunk post-build hook: finishes dist/. Trunk runs the hooks of one stage in parallel, so this one hook runs the
steps in the order they need:

0. wasm_split.py  cuts the release wasm into the first visit's module and chunks loaded on first use (it renames the
                  JS and wasm files, so it comes before anything that reads their names);
1. csp.py         pins Trunk's inline loader script into the Content-Security-Policy by its hash;
2. embed_entry.py writes glm-chat-embed.js (the widget's entry) and its CSS bundle;
3. css_bundle.py  joins the page's stylesheets into one file (after embed_entry.py, which reads them one by one);
4. sw_build.py    writes sw.js (release builds only) with the version and list of every other file;
5. precompress.py writes a gzip copy of each text and wasm file, sw.js included (release builds only), so it is last.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import csp  # noqa: E402
import wasm_split  # noqa: E402
import embed_entry  # noqa: E402
import css_bundle  # noqa: E402
import sw_build  # noqa: E402
import precompress  # noqa: E402

staging = os.environ.get("TRUNK_STAGING_DIR", "dist")
source = os.environ.get("TRUNK_SOURCE_DIR", ".")
release = os.environ.get("TRUNK_PROFILE", "release") == "release"

wasm_split.split(staging, release)
csp.pin(staging)
embed_entry.write(staging, source)
css_bundle.bundle(staging)
if release:
    sw_build.write(staging, source)
    precompress.write(staging)
else:
    print("post_build.py: debug build, no service worker (development always sees fresh files)")
