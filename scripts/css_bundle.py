#!/usr/bin/env python3
"""Joins the stylesheets index.html links into one file (run by post_build.py after embed_entry.py, which builds the
widget's own bundle from the separate files, and before sw_build.py, which lists the files of dist/).

Trunk writes one hashed file per `<link data-trunk rel="css">`; a first visit would make one request per file, each
render-blocking. The files are joined in the order the page links them (the cascade is unchanged: later rules still
come later), written as styles-<hash>.css, linked where the first one was, and the separate files are removed.

The stylesheets of LATER style only parts whose code loads on first use (a message's parts, the settings and key
dialogs, attachments): they are joined into styles-later-<hash>.css instead, which the page does not link. Its name
goes into `<meta name="glm-chat-later-css">`, and the app links it the first time such a part is wanted, waiting for
it before showing the part (`later_styles` in src/browser/page.rs). A first visit does not download it. Every later
file must come after every other one in index.html, so the cascade is unchanged.
Use: css_bundle.py [STAGING_DIR]
"""
import hashlib
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from embed_entry import stylesheet_links  # noqa: E402

# Source stylesheets (style/NAME.css) of the parts loaded on first use.
LATER = ("message-parts", "settings", "attachments", "key")


def source_name(name):
    """`settings` for Trunk's `settings-0123456789abcdef.css` (its hash has no leading zeros)."""
    match = re.fullmatch(r"(.+)-[0-9a-f]{8,16}\.css", name)
    return match.group(1) if match else name[: -len(".css")]


def join(staging, prefix, names):
    """The files `names` of `staging` joined into PREFIX-<hash>.css: (its name, its size)."""
    parts = []
    for name in names:
        with open(os.path.join(staging, name), encoding="utf-8") as f:
            parts.append(f.read().strip())
    css = "\n".join(parts) + "\n"
    out = f"{prefix}-{hashlib.sha256(css.encode('utf-8')).hexdigest()[:16]}.css"
    with open(os.path.join(staging, out), "w", encoding="utf-8") as f:
        f.write(css)
    return out, len(css)


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
    later = [n for n in names if source_name(n) in LATER]
    first = [n for n in names if n not in later]
    if later and names.index(later[0]) < len(first):
        sys.exit(f"css_bundle.py: a stylesheet of parts loaded on first use comes before one of the page's: {names}")
    out, size = join(staging, "styles", first)
    html = html.replace(tags[0], tags[0].replace(names[0], out), 1)
    for tag in tags[1:]:
        html = html.replace(tag, "", 1)
    if later:
        later_out, later_size = join(staging, "styles-later", later)
        if "</head>" not in html:
            sys.exit("css_bundle.py: index.html has no </head> to name the later stylesheet in")
        meta = f'<meta name="glm-chat-later-css" content="./{later_out}">'
        html = html.replace("</head>", meta + "</head>", 1)
    with open(index, "w", encoding="utf-8") as f:
        f.write(html)
    for name in names:
        os.remove(os.path.join(staging, name))
    print(f"css_bundle.py: joined {len(first)} stylesheets into {out} ({size:,} B)")
    if later:
        print(f"css_bundle.py: and {len(later)} of parts loaded on first use into {later_out} ({later_size:,} B)")


if __name__ == "__main__":
    bundle(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TRUNK_STAGING_DIR", "dist"))
