#!/usr/bin/env python3
"""Joins the stylesheets index.html links into one file (run by post_build.py after embed_entry.py, which builds the
widget's own bundle from the separate files, and before sw_build.py, which lists the files of dist/).

Trunk writes one hashed file per `<link data-trunk rel="css">`; a first visit would make one request per file, each
render-blocking. The files are joined in the order the page links them (the cascade is unchanged: later rules still
come later), written as styles-<hash>.css, linked where the first one was, and the separate files are removed.
Use: css_bundle.py [STAGING_DIR]
"""
import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from embed_entry import stylesheet_links  # noqa: E402


def bundle(staging):
    index = os.path.join(staging, "index.html")
    with open(index, encoding="utf-8") as f:
        html = f.read()
    links = stylesheet_links(html)
    tags = [tag for tag, _ in links]
    names = [name for _, name in links]
    if len(names) < 2 or not all(os.path.isfile(os.path.join(staging, n)) for n in names):
        print(f"css_bundle.py: {len(names)} stylesheet(s) of this build, nothing to join")
        return
    parts = []
    for name in names:
        with open(os.path.join(staging, name), encoding="utf-8") as f:
            parts.append(f.read().strip())
    css = "\n".join(parts) + "\n"
    out = f"styles-{hashlib.sha256(css.encode('utf-8')).hexdigest()[:16]}.css"
    with open(os.path.join(staging, out), "w", encoding="utf-8") as f:
        f.write(css)
    first, rest = tags[0], tags[1:]
    html = html.replace(first, first.replace(names[0], out), 1)
    for tag in rest:
        html = html.replace(tag, "", 1)
    with open(index, "w", encoding="utf-8") as f:
        f.write(html)
    for name in names:
        os.remove(os.path.join(staging, name))
    print(f"css_bundle.py: joined {len(names)} stylesheets into {out} ({len(css):,} B)")


if __name__ == "__main__":
    bundle(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TRUNK_STAGING_DIR", "dist"))
