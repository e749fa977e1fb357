#!/usr/bin/env python3
"""Cuts the release wasm into the module a first visit needs and chunks loaded on first use (run by post_build.py,
first, before anything reads the file names in index.html).

Trunk builds `glm-chat` with the `split` feature and runs wasm-bindgen on the whole module; its own wasm-opt is off
(`data-wasm-opt="0"` in index.html). This step starts again from cargo's output, which keeps its relocations
(`-Clink-args=--emit-relocs` in .cargo/config.toml):

1. wasm-split-cli (crate wasm_split_cli_support) cuts the module at the `split!` functions (src/split.rs): a main
   module, one wasm per split point, chunks of code that several splits share, and a JS link module that fetches and
   instantiates them on demand;
2. wasm-bindgen --keep-lld-exports writes the main module's JS glue (the chunks reach the memory, the function table
   and shared functions through the main module's exports);
3. wasm-opt -Oz shrinks every wasm (and drops the custom sections no browser reads), terser the two JS files, and
   wasm-bindgen's long hashed import names are shortened in the main module and its glue, whose string reader gets a
   fast path for short ASCII strings; classes a dependency exports and the app never uses are dropped first;
4. every file gets a content-hashed name (the glue, its wasm and the link module name each other, so they share one
   hash of the three), Trunk's two files are replaced, and index.html is updated: the loader, the preload links and
   their SRI hashes, and a modulepreload of the link module beside the glue's.

A module without split points (built without the feature, or a debug build) is left as Trunk made it, apart from
wasm-opt in a release build.
Use: wasm_split.py [STAGING_DIR]   (env: TRUNK_PROFILE=release|debug, as Trunk sets it)
"""
import base64
import fnmatch
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import embed_entry  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "glm-chat"
PLACEHOLDER = b"__wasm_split_placeholder__"
# The features rustc enables for wasm32 (the module's target_features section); chunks carry no such section.
WASM_FEATURES = [
    "--enable-bulk-memory",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
]


def say(text):
    print(f"wasm_split.py: {text}", flush=True)


def tool(name):
    """A tool from the project's npm folder if it is there (wasm-opt, terser), else from PATH."""
    local = os.path.join(ROOT, ".tools", "npm", "node_modules", ".bin", name)
    if os.access(local, os.X_OK):
        return local
    found = shutil.which(name)
    if not found:
        sys.exit(f"wasm_split.py: {name} not found: run scripts/setup.sh")
    return found


def run(args):
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"wasm_split.py: {' '.join(args[:2])} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def cargo_artifact(release):
    """The wasm cargo built for this Trunk build. Asking cargo (a no-op build) names the exact file Trunk used."""
    args = ["cargo", "build", "--target", "wasm32-unknown-unknown", "--bin", PACKAGE, "-p", PACKAGE,
            "--features", "split", "--message-format", "json-render-diagnostics", "--offline"]
    if release:
        args.insert(2, "--release")
    out = run(args)
    for line in out.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg["target"]["name"] == PACKAGE:
            for f in msg.get("filenames", []):
                if f.endswith(".wasm"):
                    return f
    sys.exit("wasm_split.py: cargo reported no wasm for " + PACKAGE)


def digest(*parts):
    h = hashlib.sha256()
    for p in parts:
        h.update(p)
    return h.hexdigest()[:16]


def sri(data):
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def trunk_outputs(staging):
    """index.html and the glue and wasm names Trunk's loader starts."""
    with open(os.path.join(staging, "index.html"), encoding="utf-8") as f:
        html = f.read()
    return (html, *embed_entry.loader_names(html, "wasm_split.py"))


# Functions wasm-opt must not inline into their one caller (name patterns, matched before -Oz; the names are still
# in the module then). Each holds a loop that a long reply makes hot: the browser's top-tier wasm compiler then
# optimises the whole function holding the loop, on a background thread that competes with the page on a two-core
# machine. Inlined into a large caller (the request loop's async state machine, the message's render effect, the
# block builder), that was 10-20 KB of code to optimise instead of 1-3 KB. The Rust side marks them
# #[inline(never)] for the same reason.
NO_INLINE = [
    "*StreamReader*feed*",
    "*MarkdownDom*sync*",
    "*markdown_dom*block_node*",
    "*glm_markdown*html*block_html*",
    "*glm_markdown*html*escape*",
    "*StreamingMarkdown*update*",
    "*StreamingMarkdown*finish*",
    "*glm_markdown*highlight*highlight*",
]


def function_names(wasm):
    """The function names of a module's `name` section (none when it has no such section)."""
    names = []
    for section, _, body, end in sections(wasm):
        if section != 0:
            continue
        length, j = leb(wasm, body)
        if wasm[j:j + length] != b"name":
            continue
        j += length
        while j < end:
            kind = wasm[j]
            size, k = leb(wasm, j + 1)
            if kind == 1:  # function names: a vector of (index, name)
                count, m = leb(wasm, k)
                for _ in range(count):
                    _, m = leb(wasm, m)
                    length, m = leb(wasm, m)
                    names.append(wasm[m:m + length].decode(errors="replace"))
                    m += length
            j = k + size
    return names


def check_no_inline(paths):
    """Each NO_INLINE pattern must name a function of the release: a renamed function would otherwise be inlined
    again without a word."""
    names = []
    for p in paths:
        with open(p, "rb") as f:
            names += function_names(f.read())
    for pattern in NO_INLINE:
        if not any(fnmatch.fnmatchcase(name, pattern) for name in names):
            sys.exit(f"wasm_split.py: no function matches the NO_INLINE pattern {pattern} (renamed?)")


# Custom sections no browser reads: the tools that made the file (`producers`) and the features it was built with
# (`target_features`; wasm-opt is told them by WASM_FEATURES). About 170 B of each of the hundred-odd files, or half
# of a small shared chunk: 20 KB gzip over the release, 14 KB of it in the files a first message fetches.
STRIP = ["--strip-producers", "--strip-target-features"]


def optimize(paths):
    """wasm-opt -Oz on each file, two at a time (npm binaryen runs on node, one core each)."""
    wasm_opt = tool("wasm-opt")
    no_inline = [f"--no-inline={pattern}" for pattern in NO_INLINE]
    pending = list(paths)
    running = []
    while pending or running:
        while pending and len(running) < 2:
            p = pending.pop(0)
            # GLM_WASM_NAMES=1 keeps the function names, for e2e/bench/profile.mjs (never for a build that ships).
            keep = ["-g"] if os.environ.get("GLM_WASM_NAMES") == "1" else []
            running.append((p, subprocess.Popen([wasm_opt, *no_inline, "-Oz", *STRIP, *keep, *WASM_FEATURES, p, "-o", p],
                                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)))
        p, proc = running.pop(0)
        out, _ = proc.communicate()
        if proc.returncode != 0:
            sys.exit(f"wasm_split.py: wasm-opt failed on {p}:\n{out.decode(errors='replace')}")


def minify(path):
    run([tool("terser"), path, "--module", "--compress", "--mangle", "--output", path])


def relink(html, renames, contents):
    """index.html with every old file name replaced, and the SRI hash of each rewritten link recomputed."""
    for old, new in renames.items():
        html = html.replace(old, new)

    def fix(tag):
        t = tag.group(0)
        href = re.search(r"""\bhref\s*=\s*["']?\.?/?([^"'\s>]+)""", t)
        if not href or href.group(1) not in contents or "integrity" not in t:
            return t
        return re.sub(r"""integrity\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""",
                      f'integrity="{sri(contents[href.group(1)])}"', t)

    return re.sub(r"<link\b[^>]*>", fix, html)


def leb(data, i):
    """An unsigned LEB128 number at `data[i]`: (value, index after it)."""
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def sections(wasm):
    """Each section of a module after its 8-byte header: (id, start of the section, start of its body, end)."""
    i = 8
    while i < len(wasm):
        size, body = leb(wasm, i + 1)
        yield wasm[i], i, body, body + size
        i = body + size


def uleb(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def import_entries(wasm, body, end):
    """The import section at `body`: (module name, field name, start of the kind, end of the entry) per import."""
    count, j = leb(wasm, body)
    out = []
    for _ in range(count):
        n, k = leb(wasm, j)
        mod = wasm[k:k + n]
        n, k = leb(wasm, k + n)
        field = wasm[k:k + n].decode()
        rest = k + n  # the import's kind and type follow the two names
        kind = wasm[rest]
        if kind == 0:
            _, j = leb(wasm, rest + 1)
        elif kind == 1:  # a table: its reference type, then limits (flags, min, max if flagged)
            _, j = leb(wasm, rest + 3)
            if wasm[rest + 2] & 1:
                _, j = leb(wasm, j)
        elif kind == 2:
            _, j = leb(wasm, rest + 2)
            if wasm[rest + 1] & 1:
                _, j = leb(wasm, j)
        elif kind == 3:
            j = rest + 3
        else:
            sys.exit(f"wasm_split.py: import kind {kind} is not known here")
        out.append((mod, field, rest, j))
    if j != end:
        sys.exit("wasm_split.py: the import section was not read to its end")
    return out


def export_entries(wasm, body, end):
    """The export section at `body`: (name, kind, index) per export."""
    count, j = leb(wasm, body)
    out = []
    for _ in range(count):
        n, k = leb(wasm, j)
        index, j = leb(wasm, k + n + 1)
        out.append((wasm[k:k + n].decode(), wasm[k + n], index))
    if j != end:
        sys.exit("wasm_split.py: the export section was not read to its end")
    return out


def export_section(exports):
    """An export section of (name, kind, index) entries."""
    entries = uleb(len(exports)) + b"".join(
        uleb(len(name.encode())) + name.encode() + bytes([kind]) + uleb(index) for name, kind, index in exports)
    return bytes([7]) + uleb(len(entries)) + entries


# Classes that a dependency exports to JS and the app never uses: wasm-streams' adapters between Rust streams and
# JS streams (`IntoUnderlyingSource`, `IntoUnderlyingByteSource`, `IntoUnderlyingSink`), which Leptos' `csr`
# feature brings in through server_fn. An export is a root wasm-opt keeps with all it calls.
UNUSED_CLASSES = ("IntoUnderlyingByteSource", "IntoUnderlyingSink", "IntoUnderlyingSource")


def drop_unused_classes(wasm, glue, chunks):
    """The main module without the exports of UNUSED_CLASSES and its glue without their JS classes, so that wasm-opt
    removes their code (about 2 KB gzip of a first visit). The build stops if a class is not found exactly as
    wasm-bindgen 0.2.130 writes it, if the glue still names one of its exports afterwards, or if a chunk imports one."""
    prefixes = tuple(p + c.lower() + "_" for c in UNUSED_CLASSES for p in ("", "__wbg_"))
    out = bytearray(wasm[:8])
    dropped = []
    for section, start, body, end in sections(wasm):
        if section != 7:
            out += wasm[start:end]
            continue
        kept = []
        for export in export_entries(wasm, body, end):
            (dropped if export[0].startswith(prefixes) else kept).append(export)
        out += export_section(kept)
    if not dropped:
        sys.exit("wasm_split.py: none of the unused classes' exports was found in the main module")
    for name in UNUSED_CLASSES:
        block = re.compile(
            rf"\nexport class {name} \{{.*?\n\}}\nif \(Symbol\.dispose\) {name}\.prototype\[Symbol\.dispose\] = "
            rf"{name}\.prototype\.free;\n", re.S)
        registry = re.compile(rf"\nconst {name}Finalization = \(typeof FinalizationRegistry === 'undefined'\)\n"
                              r"[^\n]*\n[^\n]*\);\n")
        for pattern in (block, registry):
            glue, found = pattern.subn("\n", glue)
            if found != 1:
                sys.exit(f"wasm_split.py: {name} was found {found} times in the glue, not once as expected")
    for chunk in chunks:
        with open(chunk, "rb") as f:
            data = f.read()
        for name, _, _ in dropped:
            if name.encode() in data:
                sys.exit(f"wasm_split.py: {os.path.basename(chunk)} imports {name}")
    for name, _, _ in dropped:
        if re.search(rf"\b{name}\b", glue):
            sys.exit(f"wasm_split.py: the glue still uses {name} after its class was removed")
    return bytes(out), glue


def stub_unused_classes(raw, out_path):
    """Cargo's module with the exports of UNUSED_CLASSES pointed at the smallest other function of the same type, so
    that wasm-split-cli never reaches their code. Dropping the exports after wasm-bindgen (drop_unused_classes) is
    too late for what they reach through the function table: wasm-split-cli puts every function a kept function
    names by table index into the table, where wasm-opt cannot tell it is dead (about 7 KB of the main module).
    wasm-bindgen still finds an export for every class method it describes; drop_unused_classes then removes them
    and their JS classes as before. The build stops if no export was found or no stand-in has the same type."""
    with open(raw, "rb") as f:
        wasm = f.read()
    prefixes = tuple(p + c.lower() + "_" for c in UNUSED_CLASSES for p in ("", "__wbg_"))
    found = {sid: (start, body, end) for sid, start, body, end in sections(wasm) if sid in (2, 3, 7, 10)}
    imported = sum(wasm[rest] == 0 for _, _, rest, _ in import_entries(wasm, found[2][1], found[2][2]))
    count, j = leb(wasm, found[3][1])
    types = []
    for _ in range(count):
        t, j = leb(wasm, j)
        types.append(t)
    count, j = leb(wasm, found[10][1])
    sizes = []
    for _ in range(count):
        size, j = leb(wasm, j)
        sizes.append(size)
        j += size
    start, body, end = found[7]
    exports = export_entries(wasm, body, end)
    exported = {index for _, kind, index in exports if kind == 0}
    stand_in = {}
    for f, t in enumerate(types):
        if f + imported not in exported and (t not in stand_in or sizes[f] < sizes[stand_in[t] - imported]):
            stand_in[t] = f + imported
    pointed = []
    for name, kind, index in exports:
        if kind == 0 and name.startswith(prefixes):
            t = types[index - imported]
            if t not in stand_in:
                sys.exit(f"wasm_split.py: no function has the type of {name} to stand in for it")
            index = stand_in[t]
        pointed.append((name, kind, index))
    if pointed == exports:
        sys.exit("wasm_split.py: none of the unused classes' exports was found in cargo's module")
    with open(out_path, "wb") as f:
        f.write(wasm[:start] + export_section(pointed) + wasm[end:])
    return out_path


# wasm-bindgen's import names: a shim's name plus a 16-digit hash, unique in the glue.
HASHED_IMPORT = re.compile(r"__wb(?:g|indgen)_[A-Za-z0-9_]*_[0-9a-f]{16}")


def shorten_imports(wasm, glue):
    """The main module and its glue with wasm-bindgen's import names (`__wbg_setAttribute_f75317b2b5cabfb4`, about
    310 of them) renamed to short ones (`_0`, `_1`, …) in both: the module's import section and the one object of
    the glue that provides them. The names are random hashes that gzip cannot pack; this takes about 9 KB gzip off
    a first visit. Every name must occur exactly once in the glue, or the build stops."""
    module = f"./{PACKAGE}_bg.js".encode()
    out = bytearray(wasm[:8])
    renamed = {}
    for section, start, body, end in sections(wasm):
        if section != 2:
            out += wasm[start:end]
            continue
        imports = import_entries(wasm, body, end)
        entries = bytearray(uleb(len(imports)))
        for mod, field, rest, after in imports:
            if mod == module and HASHED_IMPORT.fullmatch(field):
                renamed[field] = f"_{len(renamed):x}"
                field = renamed[field]
            entries += uleb(len(mod)) + mod + uleb(len(field.encode())) + field.encode() + wasm[rest:after]
        out += bytes([2]) + uleb(len(entries)) + entries
    for old, new in renamed.items():
        found = len(re.findall(rf"\b{old}\b", glue))
        if found != 1:
            sys.exit(f"wasm_split.py: the import {old} occurs {found} times in the glue, not once")
        glue = re.sub(rf"\b{old}\b", new, glue)
    return bytes(out), glue


def drop_null_elements(wasm):
    """The main module without the element segments that only fill a chunk's range of the function table with
    `ref.null` (wasm-split-cli writes one per chunk, so that no tool in between shrinks the table before a chunk
    fills its range). Once wasm-opt has run they change nothing: the table's declared size keeps every range, and a
    new table's slots are null already. About 0.6 KB gzip of a first visit. The build stops on a segment of a kind
    this does not read."""
    out = bytearray(wasm[:8])
    for section, start, body, end in sections(wasm):
        if section != 9:
            out += wasm[start:end]
            continue
        count, j = leb(wasm, body)
        kept = []
        for _ in range(count):
            begin = j
            flags, j = leb(wasm, j)
            if flags not in (0, 4) or wasm[j] != 0x41:  # active, table 0, offset `i32.const n; end`
                sys.exit(f"wasm_split.py: an element segment of kind {flags} is not read here")
            _, j = leb(wasm, j + 1)
            if wasm[j] != 0x0B:
                sys.exit("wasm_split.py: an element segment's offset is not a constant")
            n, j = leb(wasm, j + 1)
            nulls = flags == 4
            for _ in range(n):
                if flags == 0:  # function indices
                    _, j = leb(wasm, j)
                elif wasm[j:j + 3] == b"\xd0\x70\x0b":  # ref.null func; end
                    j += 3
                else:
                    nulls = False
                    while wasm[j] != 0x0B:  # ref.func n; end (no other expression is written here)
                        if wasm[j] != 0xD2:
                            sys.exit("wasm_split.py: an element expression is not read here")
                        _, j = leb(wasm, j + 1)
                    j += 1
            if not nulls:
                kept.append(wasm[begin:j])
        if j != end:
            sys.exit("wasm_split.py: the element section was not read to its end")
        entries = uleb(len(kept)) + b"".join(kept)
        out += bytes([9]) + uleb(len(entries)) + entries
    return bytes(out)


# wasm-bindgen's exported closure shims: `wasm_bindgen_<hash>___convert__closures_____invoke___…`, up to 300 bytes.
CLOSURE_EXPORT = re.compile(r"wasm_bindgen_[0-9a-f]{16}___convert__closures_\w*")


def shorten_exports(wasm, glue):
    """The main module and its glue with wasm-bindgen's closure shims exported under short names (`_c0`, `_c1`, …)
    instead of their mangled Rust paths, which only the glue reads (once each, as `wasm.<name>`). The build stops if
    one is read other than once there."""
    out = bytearray(wasm[:8])
    renamed = {}
    for section, start, body, end in sections(wasm):
        if section != 7:
            out += wasm[start:end]
            continue
        exports = []
        for name, kind, index in export_entries(wasm, body, end):
            if CLOSURE_EXPORT.fullmatch(name):
                renamed[name] = f"_c{len(renamed):x}"
                name = renamed[name]
            exports.append((name, kind, index))
        out += export_section(exports)
    for old, new in renamed.items():
        # The glue's own wrapper function has the same name; terser shortens that one.
        found = len(re.findall(rf"\bwasm\.{old}\b", glue))
        if found != 1:
            sys.exit(f"wasm_split.py: the export {old} is read {found} times from the module in the glue, not once")
        glue = re.sub(rf"\bwasm\.{old}\b", f"wasm.{new}", glue)
    return bytes(out), glue


# wasm-bindgen 0.2.130's reader of a string the wasm passes to JS: every tag name, class, attribute and text node
# of the DOM the app builds goes through it.
STRING_READER = re.compile(
    r"(function getStringFromWasm0\(ptr, len\) \{\s*ptr = ptr >>> 0;\s*)"
    r"(return decodeText\(getUint8ArrayMemory0\(\)\.subarray\(ptr, ptr \+ len\)\);)"
)
ASCII_FAST_PATH = """if (len < 32) {
        const mem = getUint8ArrayMemory0();
        let s = '';
        for (let i = ptr, end = ptr + len; i < end; i++) {
            const c = mem[i];
            if (c > 127) { s = null; break; }
            s += String.fromCharCode(c);
        }
        if (s !== null) return s;
    }
    """


def fast_short_strings(glue):
    """The glue with short ASCII strings read in JS instead of by `TextDecoder.decode`, whose fixed cost per call
    (a subarray and a call into the decoder) is most of the price of a tag name or a class: building a long reply's
    DOM passes thousands of them. Longer or non-ASCII strings still go to the decoder. The build stops if the reader
    is not there as expected (another wasm-bindgen version)."""
    patched, found = STRING_READER.subn(lambda m: m.group(1) + ASCII_FAST_PATH + m.group(2), glue)
    if found != 1:
        sys.exit(f"wasm_split.py: getStringFromWasm0 was found {found} times in the glue, not once as expected")
    return patched


def preload_module(html, glue_name, link_name, data):
    """index.html with a modulepreload of the link module next to the glue's: the glue imports it, so without this
    the browser would only ask for it once the glue has arrived and been parsed (one more round trip at start)."""
    glue_link = re.search(r"<link\b[^>]*\bhref\s*=\s*[\"']?\./" + re.escape(glue_name) + r"[^>]*>", html)
    if not glue_link:
        sys.exit(f"wasm_split.py: index.html has no link to {glue_name} to put the link module's preload beside")
    tag = f'<link rel="modulepreload" href="./{link_name}" crossorigin integrity="{sri(data)}">'
    return html[: glue_link.end()] + tag + html[glue_link.end():]


def split(staging, release):
    html, trunk_js, trunk_wasm = trunk_outputs(staging)
    raw = cargo_artifact(release)
    with open(raw, "rb") as f:
        if PLACEHOLDER not in f.read():
            if release:
                optimize([os.path.join(staging, trunk_wasm)])
                say(f"no split points in {os.path.basename(raw)}: optimized Trunk's wasm only")
            return
    if not release:
        say("debug build: split points present but not cut (debug builds call them directly)")
        return
    with tempfile.TemporaryDirectory(prefix="glm-split-") as tmp:
        parts = os.path.join(tmp, "parts")
        glue_dir = os.path.join(tmp, "glue")
        os.makedirs(parts)
        raw = stub_unused_classes(raw, os.path.join(tmp, PACKAGE + ".wasm"))
        run([tool("wasm-split-cli"), raw, parts, "--out-name", PACKAGE])
        run([tool("wasm-bindgen"), os.path.join(parts, PACKAGE + ".wasm"), "--target", "web", "--keep-lld-exports",
             "--no-typescript", "--out-dir", glue_dir, "--out-name", PACKAGE])
        chunks = sorted(n for n in os.listdir(parts) if n.endswith(".wasm") and n != PACKAGE + ".wasm")
        main_wasm = os.path.join(glue_dir, PACKAGE + "_bg.wasm")
        release = [main_wasm] + [os.path.join(parts, n) for n in chunks]
        check_no_inline(release)
        glue_path = os.path.join(glue_dir, PACKAGE + ".js")
        with open(glue_path, encoding="utf-8") as f:
            glue = f.read()
        with open(main_wasm, "rb") as f:
            wasm = f.read()
        wasm, glue = drop_unused_classes(wasm, glue, release[1:])
        with open(glue_path, "w", encoding="utf-8") as f:
            f.write(glue)
        with open(main_wasm, "wb") as f:
            f.write(wasm)
        optimize(release)

        contents = {}
        with open(os.path.join(parts, "__wasm_split.js"), encoding="utf-8") as f:
            link = f.read()
        for name in chunks:
            with open(os.path.join(parts, name), "rb") as f:
                data = f.read()
            label = name[: -len(".wasm")].replace("split_", "").replace("_", "-")
            label = re.sub(r"-\d+$", "", label)  # chunk_12 -> chunk
            # The link module names every chunk; the hundred-odd shared ones (`chunk`) with a shorter hash, whose
            # random digits gzip cannot pack (32 bits are plenty to tell one release's files from another's).
            final = f"{PACKAGE}-{label}-{digest(data)[:8] if label == 'chunk' else digest(data)}.wasm"
            if f'"./{name}"' not in link:
                sys.exit(f"wasm_split.py: the link module does not name {name}")
            if contents.get(final, data) != data:
                sys.exit(f"wasm_split.py: two different chunks got the name {final}")
            link = link.replace(f'"./{name}"', f'"./{final}"')
            contents[final] = data
        with open(os.path.join(glue_dir, PACKAGE + ".js"), encoding="utf-8") as f:
            glue = f.read()
        with open(main_wasm, "rb") as f:
            wasm = f.read()
        wasm, glue = shorten_imports(wasm, glue)
        wasm, glue = shorten_exports(wasm, glue)
        wasm = drop_null_elements(wasm)
        glue = fast_short_strings(glue)
        release_hash = digest(wasm, glue.encode(), link.encode())
        glue_name = f"{PACKAGE}-{release_hash}.js"
        wasm_name = f"{PACKAGE}-{release_hash}_bg.wasm"
        link_name = f"{PACKAGE}-{release_hash}-split.js"
        # Only the JS imports change: the import object's keys stay the module names the wasm itself uses.
        if 'from "./__wasm_split.js"' not in glue or f'from "./{PACKAGE}.js"' not in link:
            sys.exit("wasm_split.py: the glue and the link module do not name each other as expected")
        glue = glue.replace('from "./__wasm_split.js"', f'from "./{link_name}"')
        link = link.replace(f'from "./{PACKAGE}.js"', f'from "./{glue_name}"')

        for name, text in ((glue_name, glue), (link_name, link)):
            path = os.path.join(tmp, name)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            minify(path)
            with open(path, "rb") as f:
                contents[name] = f.read()
        contents[wasm_name] = wasm

        for old in (trunk_js, trunk_wasm):
            os.remove(os.path.join(staging, old))
        for name, data in contents.items():
            with open(os.path.join(staging, name), "wb") as f:
                f.write(data)
        html = relink(html, {trunk_js: glue_name, trunk_wasm: wasm_name}, contents)
        html = preload_module(html, glue_name, link_name, contents[link_name])
        with open(os.path.join(staging, "index.html"), "w", encoding="utf-8") as f:
            f.write(html)
        say(f"main module {len(wasm):,} B, {len(chunks)} chunks loaded on first use ({sum(len(contents[n]) for n in contents if n.endswith('.wasm')) - len(wasm):,} B)")


if __name__ == "__main__":
    split(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TRUNK_STAGING_DIR", "dist"),
          os.environ.get("TRUNK_PROFILE", "release") == "release")
