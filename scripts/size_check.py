#!/usr/bin/env python3
"""Size check: the gzip size of everything a first visit loads from dist/ must stay under the ratchet.

The files are found the way a browser finds them, starting from dist/index.html: its href/src attributes,
the './…' paths in its inline loader script, url(…) in the CSS it links and the imports of the JS it loads.
Each file is gzipped on its own at level 9 (as a static host with gzip_static would serve it) and the sizes
are summed. Exit status 1 when the total is over RATCHET_BYTES, 2 when dist/ is missing or broken.

It also fails (status 1) when a first visit's wasm holds a text of a table meant for chunks (src/i18n.rs): the
English `More` (texts only parts loaded on first use show) and the Chinese tables. One read of such a text from the
first visit's code would quietly bring its whole table back into the module.

Usage: scripts/size_check.py [DIST_DIR] [--json]
"""

import gzip
import json
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

# ---------------------------------------------------------------------------------------------------------------
# THE SIZE BUDGET. The issue's budget (issue 7) is GOAL_BYTES: 150 KiB gzip for a first visit. The build is not
# there yet (see docs/size-report.md and BENCHMARKS.md), so the check enforces a ratchet: the size measured when
# the last saving landed plus about 3 %. Lower RATCHET_BYTES whenever a saving lands; never raise it without a
# reason written in the commit message. When the ratchet reaches GOAL_BYTES, set it to GOAL_BYTES.
GOAL_BYTES = 150 * 1024
# Measured 166,899 B (179,793 B before): wasm-streams' code gone, the English `More` texts and the parts' stylesheet
# on first use, shorter names and no null table segments; + 1 %.
RATCHET_BYTES = 168_600
# Tables of src/i18n.rs that must not be in a first visit's wasm.
KEPT_OUT = ("EN_MORE", "ZH", "ZH_MORE")
I18N = Path(__file__).resolve().parent.parent / "src" / "i18n.rs"
# ---------------------------------------------------------------------------------------------------------------

ATTR_URL = re.compile(r"""\b(?:href|src)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.I)
SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.I | re.S)
QUOTED_PATH = re.compile(r"""["'](\./[^"'?#]+)["']""")
CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""", re.I)
JS_IMPORT = re.compile(r"""(?:\bimport\s*(?:[^"'()]*?\bfrom\s*)?|\bimport\s*\(\s*)["']([^"']+)["']""")


def local_path(dist: Path, base: Path, url: str) -> Path | None:
    """The file in dist a URL refers to, or None for data:, external and fragment-only URLs."""
    url = url.strip().strip("\"'")
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = (base.parent / unquote(parts.path)).resolve()
    try:
        path.relative_to(dist)
    except ValueError:
        return None
    return path


def first_visit_files(dist: Path) -> list[Path]:
    index = dist / "index.html"
    if not index.is_file():
        raise FileNotFoundError(f"{index} not found: run `bash scripts/release_build.sh` first")
    found: list[Path] = [index]
    queue = [index]
    while queue:
        file = queue.pop()
        text = file.read_text(encoding="utf-8", errors="replace")
        urls: list[str] = []
        if file.suffix == ".html":
            urls += [m.group(1) for m in ATTR_URL.finditer(text)]
            for script in SCRIPT.finditer(text):
                urls += QUOTED_PATH.findall(script.group(1))
        elif file.suffix == ".css":
            urls += [m.group(2) for m in CSS_URL.finditer(text)]
        elif file.suffix in (".js", ".mjs"):
            urls += JS_IMPORT.findall(text)
        for url in urls:
            path = local_path(dist, file, url)
            if path is None or path in found:
                continue
            if not path.is_file():
                raise FileNotFoundError(f"{file.name} refers to {url}, which is not in {dist}")
            found.append(path)
            if path.suffix in (".css", ".js", ".mjs", ".html"):
                queue.append(path)
    return found


def table_texts(name: str) -> list[str]:
    """The string literals (without escapes, at least 16 bytes, so that they are not common words) of the table
    `pub static NAME: … = … {` in src/i18n.rs."""
    src = I18N.read_text(encoding="utf-8")
    start = re.search(rf"^pub static {name}: \w+ = \w+ \{{$", src, re.M)
    if not start:
        raise FileNotFoundError(f"{I18N} has no table {name}")
    body = src[start.end():src.index("\n};", start.end())]
    return [t for t in re.findall(r'"((?:[^"\\\n])*)"', body) if len(t.encode()) >= 16 and "\\" not in t]


def kept_out(dist: Path, files: list[dict]) -> list[str]:
    """Each text of KEPT_OUT found in a first visit's wasm, as 'TABLE: text'."""
    wasm = b"".join((dist / f["file"]).read_bytes() for f in files if f["file"].endswith(".wasm"))
    return [f"{name}: {text}" for name in KEPT_OUT for text in table_texts(name) if text.encode() in wasm]


def measure(dist: Path) -> dict:
    files = []
    for path in first_visit_files(dist):
        data = path.read_bytes()
        files.append({
            "file": str(path.relative_to(dist)),
            "raw": len(data),
            "gzip": len(gzip.compress(data, compresslevel=9, mtime=0)),
        })
    total = sum(f["gzip"] for f in files)
    # The chunks a first visit does not load: fetched the first time their part of the app is used.
    first = {f["file"] for f in files}
    later = [
        p for p in sorted(dist.iterdir())
        if p.suffix == ".wasm" and p.name not in first
    ]
    later_gzip = sum(len(gzip.compress(p.read_bytes(), compresslevel=9, mtime=0)) for p in later)
    leaked = kept_out(dist, files)
    return {
        "kept_out_but_present": leaked,
        "on_first_use_files": len(later),
        "on_first_use_gzip": later_gzip,
        "files": files,
        "total_gzip": total,
        "total_raw": sum(f["raw"] for f in files),
        "ratchet": RATCHET_BYTES,
        "goal": GOAL_BYTES,
        "within_ratchet": total <= RATCHET_BYTES and not leaked,
        "within_goal": total <= GOAL_BYTES,
    }


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    dist = Path(args[0] if args else Path(__file__).resolve().parent.parent / "dist").resolve()
    try:
        report = measure(dist)
    except (FileNotFoundError, OSError) as e:
        print(f"size check: {e}", file=sys.stderr)
        return 2
    if "--json" in argv:
        print(json.dumps(report, indent=2))
    else:
        for f in sorted(report["files"], key=lambda f: -f["gzip"]):
            print(f"  {f['gzip']:>9,} B gzip  {f['raw']:>9,} B raw  {f['file']}")
        total = report["total_gzip"]
        print(f"  {total:>9,} B gzip in total ({total / 1024:.1f} KiB) for a first visit")
        print(f"  {report['on_first_use_gzip']:>9,} B gzip more in {report['on_first_use_files']} wasm chunks loaded on first use")
        print(f"  ratchet {RATCHET_BYTES:,} B (scripts/size_check.py); goal {GOAL_BYTES:,} B = 150 KiB")
        for text in report["kept_out_but_present"][:5]:
            print(f"size check: FAILED, a text meant for a chunk is in the first visit's wasm: {text}", file=sys.stderr)
        if report["kept_out_but_present"]:
            print("  (code of the first visit reads it: move that text to `Texts` in src/i18n.rs)", file=sys.stderr)
        elif report["within_ratchet"]:
            room = RATCHET_BYTES - total
            print(f"size check: ok, {room:,} B under the ratchet, {max(total - GOAL_BYTES, 0):,} B over the goal")
        if total > RATCHET_BYTES:
            print(f"size check: FAILED, {total - RATCHET_BYTES:,} B over the ratchet: the bundle grew", file=sys.stderr)
    return 0 if report["within_ratchet"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
