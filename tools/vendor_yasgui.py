"""Refresh the SPARQL editor that ``armskg serve``'s query page bundles (YASGUI, npm's ``@zazuko/yasgui``).

Usage: python tools/vendor_yasgui.py [VERSION]

Installs the package with npm into a temporary folder (no scripts run), copies its built files
(``build/yasgui.min.js``, ``build/yasgui.min.css``) into ``src/armskg/serve/static/yasgui/``, and writes
beside them ``LICENSES.txt``: YASGUI's licence and the licence of every npm package its bundle was built
from (the installed dependency tree), with each package's name and version, and ``VERSION``. The page then
serves them from this server, so the editor works with no network.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGE = "@zazuko/yasgui"
DEFAULT_VERSION = "4.6.2"
TARGET = Path(__file__).resolve().parents[1] / "src" / "armskg" / "serve" / "static" / "yasgui"
#: YASGUI's own licence: the npm package declares "MIT" in its package.json but ships no licence file, so
#: the MIT licence's text is written here, naming the holders as package.json does (its author, Triply,
#: and its contributors, Zazuko GmbH); the repository is github.com/rdfjs/Yasgui.
YASGUI_LICENSE = """MIT License

Copyright (c) Triply <info@triply.cc> and Zazuko GmbH (the author and contributors package.json names)

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


def licences(modules: Path) -> str:
    """Every installed package's name, version, declared licence and licence text, sorted by name."""
    parts = []
    for manifest in sorted(modules.glob("**/package.json")):
        folder = manifest.parent
        if folder.parent.name != "node_modules" and folder.parent.parent.name != "node_modules":
            continue  # a package.json inside a package (a test fixture, a sub-build), not a package
        data = json.loads(manifest.read_text(encoding="utf-8"))
        if "name" not in data or "version" not in data:
            continue
        texts = [p for p in sorted(folder.iterdir()) if p.is_file() and p.name.upper().startswith(("LICEN", "COPYING"))]
        text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in texts)
        if data["name"] == PACKAGE and not text:
            text = YASGUI_LICENSE
        declared = data.get("license", "not declared")
        parts.append(f"{'=' * 78}\n{data['name']} {data['version']} ({declared})\n{'=' * 78}\n{text or '(no licence file)'}\n")
    return "\n".join(parts)


def main() -> None:
    version = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_VERSION
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "package.json").write_text('{"name": "armskg-vendor", "private": true}\n', encoding="utf-8")
        subprocess.run(["npm", "install", "--ignore-scripts", "--no-audit", "--no-fund", f"{PACKAGE}@{version}"],
                       cwd=work, check=True)
        build = work / "node_modules" / PACKAGE / "build"
        TARGET.mkdir(parents=True, exist_ok=True)
        for name in ("yasgui.min.js", "yasgui.min.css"):
            shutil.copyfile(build / name, TARGET / name)
        (TARGET / "LICENSES.txt").write_text(
            f"YASGUI ({PACKAGE} {version}, https://github.com/rdfjs/Yasgui), bundled by tools/vendor_yasgui.py,\n"
            "with the licence of each npm package installed with it (its bundle is built from them).\n\n"
            + licences(work / "node_modules"), encoding="utf-8")
        (TARGET / "VERSION").write_text(f"{PACKAGE} {version}\n", encoding="utf-8")
    print(f"vendored {PACKAGE} {version} into {TARGET}")


if __name__ == "__main__":
    main()
