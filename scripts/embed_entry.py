#!/usr/bin/env python3
"""Writes the widget's entry into the built folder (run by post_build.py):

- glm-chat-embed.js: web/glm-chat-embed.js with the release's hashed wasm-bindgen module, wasm and CSS names, so a
  host page needs only one stable URL;
- glm-chat-embed-<hash>.css: the app's stylesheets (all but the full page's page.css) and style/embed.css, loaded
  into each widget's shadow root. `rem` becomes `px` there, because rem follows the host page's root font size.
"""
import hashlib
import os
import re
import sys


def attribute(tag, name):
    m = re.search(r"\b" + name + r"""\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", tag)
    return next((g for g in m.groups() if g is not None), None) if m else None


def stylesheet_links(html):
    """The stylesheets index.html links, in order: (the `<link>` tag, the file's name)."""
    out = []
    for tag in re.findall(r"<link\b[^>]*>", html):
        href = attribute(tag, "href") or ""
        if attribute(tag, "rel") == "stylesheet" and href.endswith(".css"):
            out.append((tag, href.split("/")[-1]))
    return out


def stylesheets(html):
    """The stylesheets index.html links, in order, except the full page's own."""
    return [name for _, name in stylesheet_links(html) if not name.startswith("page-") and name != "page.css"]


def rem_to_px(css):
    def px(m):
        value = float(m.group(1)) * 16
        return f"{value:g}px"

    return re.sub(r"(?<![\w.#-])(\d*\.?\d+)rem\b", px, css)


def loader_names(html, script):
    """The wasm-bindgen module and wasm file that Trunk's inline loader in index.html starts (exits if absent)."""
    module = re.search(r"""from\s+['"]\./([^'"]+\.js)['"]""", html)
    wasm = re.search(r"""module_or_path:\s*['"]\./([^'"]+\.wasm)['"]""", html)
    if not module or not wasm:
        sys.exit(f"{script}: cannot find the wasm-bindgen module and wasm file in index.html's loader")
    return module.group(1), wasm.group(1)


def write(staging, source):
    with open(os.path.join(staging, "index.html"), encoding="utf-8") as f:
        html = f.read()
    module, wasm = loader_names(html, "embed_entry.py")
    parts = []
    for name in stylesheets(html):
        with open(os.path.join(staging, name), encoding="utf-8") as f:
            parts.append(f.read())
    with open(os.path.join(source, "style", "embed.css"), encoding="utf-8") as f:
        parts.append(f.read())
    css = rem_to_px("\n".join(parts))
    digest = hashlib.sha256(css.encode("utf-8")).hexdigest()[:16]
    css_name = f"glm-chat-embed-{digest}.css"
    with open(os.path.join(staging, css_name), "w", encoding="utf-8") as f:
        f.write(css)

    with open(os.path.join(source, "web", "glm-chat-embed.js"), encoding="utf-8") as f:
        entry = f.read()
    for placeholder, value in (
        ("__GLM_CHAT_JS__", module),
        ("__GLM_CHAT_WASM__", wasm),
        ("__GLM_CHAT_CSS__", css_name),
    ):
        if placeholder not in entry:
            sys.exit(f"embed_entry.py: web/glm-chat-embed.js has no {placeholder}")
        entry = entry.replace(placeholder, value)
    with open(os.path.join(staging, "glm-chat-embed.js"), "w", encoding="utf-8") as f:
        f.write(entry)
    print(f"embed_entry.py: wrote glm-chat-embed.js and {css_name}")


if __name__ == "__main__":
    write(os.environ.get("TRUNK_STAGING_DIR", "dist"), os.environ.get("TRUNK_SOURCE_DIR", "."))
