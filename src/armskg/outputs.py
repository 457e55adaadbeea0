"""Files a user names (``export -o``, ``plot -o``, ``map -o``, ``docs -o``): armskg replaces only a regular
file that armskg wrote, and never follows a symbolic link or writes over a device.

Before, ``armskg export -o notes.json`` replaced whatever notes.json held (the extension picks a format,
so any .json, .html, .dot, .svg or .png of the user's was fair game), ``-o link.gexf`` replaced the
user's symbolic link with a file, and, run as root, ``-o /dev/null`` would have replaced the device
with a file. Whether an existing file is armskg's is decided on its parsed structure, format by format:
the generator each format records (GEXF's ``meta/creator``, Cytoscape.js JSON's ``generated_by``, the
PNG ``Software`` text chunk, the SVG's ``dc:creator``), or the structure only armskg's writer gives it
(GraphML's ``<graph id="armskg">``, DOT's ``digraph armskg``, a JSON-LD ``@context`` that maps ``ak`` to
armskg's ontology, the leading comment of armskg's HTML pages and of ``armskg docs``). Only the start
of a file is read (at most :data:`PEEK` bytes, or :data:`MAX_JSON` for JSON, which has no start to stop at).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from armskg.errors import ArmskgError
from armskg.resources import write_atomic

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import BinaryIO
    from xml.etree.ElementTree import Element

    Verdict = Callable[[str, Element, list[str]], "bool | None"]

#: How much of an existing file is read to tell whether armskg wrote it.
PEEK = 1 << 20
#: A JSON file larger than this is not one armskg wrote (its JSON exports are a few MB).
MAX_JSON = 256 << 20


def write_output(path: str | os.PathLike[str], data: bytes, kind: str) -> Path:
    """Write ``data`` to ``path`` whole or not at all, if ``path`` is new or a file armskg wrote as ``kind``
    (graphml, gexf, cytoscape, dot, jsonld, html, svg, png, docs); else a one-line error and nothing written."""
    return write_atomic(check_target(path, kind), data)


def check_target(path: str | os.PathLike[str], kind: str) -> Path:
    """The path to write, once it is known that nothing armskg did not write would be replaced there."""
    target = Path(path)
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise ArmskgError(f"cannot write {str(target)!r}: {exc.strerror or exc}") from None
    if stat.S_ISLNK(info.st_mode):
        raise ArmskgError(f"{str(target)!r} is a symbolic link: armskg replaces only a regular file it wrote "
                          "(name the file itself, or leave out -o to write to standard output)")
    if stat.S_ISDIR(info.st_mode):
        raise ArmskgError(f"cannot write {str(target)!r}: it is a folder")
    if not stat.S_ISREG(info.st_mode):
        raise ArmskgError(f"cannot write {str(target)!r}: it is not a regular file (a device, pipe or socket)")
    if not made_by_armskg(target, kind):
        raise ArmskgError(f"{str(target)!r} exists and armskg did not write it: choose another name, or move it away")
    return target


def made_by_armskg(path: Path, kind: str) -> bool:
    """Whether the regular file at ``path`` is one armskg wrote as ``kind``."""
    readers = {"graphml": _graphml, "gexf": _gexf, "svg": _svg, "png": _png, "dot": _dot, "html": _html,
               "docs": _docs, "cytoscape": _cytoscape, "jsonld": _jsonld}
    try:
        with open(path, "rb") as handle:
            return readers[kind](handle)
    except (OSError, ValueError, UnicodeDecodeError, SyntaxError):  # ParseError is a SyntaxError
        return False


def _xml_root_then(handle: BinaryIO, root: str, found: Verdict) -> bool:
    """Parse XML from the start until ``found(event, element, stack)`` says True or False."""
    import xml.etree.ElementTree as ET

    stack: list[str] = []
    for event, element in ET.iterparse(_Bounded(handle), events=("start", "end")):
        tag = element.tag.rsplit("}", 1)[-1]
        if event == "start":
            if not stack and tag != root:
                return False
            stack.append(tag)
        verdict = found(event, element, stack)
        if event == "end":
            stack.pop()
        if verdict is not None:
            return bool(verdict)
    return False


def _graphml(handle: BinaryIO) -> bool:
    def found(event: str, element: Element, stack: list[str]) -> bool | None:
        if event == "start" and stack[-1] == "graph":
            return element.get("id") == "armskg"
        return None
    return _xml_root_then(handle, "graphml", found)


def _gexf(handle: BinaryIO) -> bool:
    def found(event: str, element: Element, stack: list[str]) -> bool | None:
        if event == "end" and stack[-2:] == ["meta", "creator"]:
            return (element.text or "").strip() == "armskg"
        return False if event == "start" and stack[-1] == "graph" else None
    return _xml_root_then(handle, "gexf", found)


def _svg(handle: BinaryIO) -> bool:
    def found(event: str, element: Element, stack: list[str]) -> bool | None:
        if event == "end" and stack[-3:] == ["creator", "Agent", "title"] and "metadata" in stack:
            return (element.text or "").strip() == "armskg"
        return False if event == "start" and stack[-1] == "g" else None
    return _xml_root_then(handle, "svg", found)


def _png(handle: BinaryIO) -> bool:
    import struct

    read = handle.read
    if read(8) != b"\x89PNG\r\n\x1a\n":
        return False
    for _ in range(64):
        head = read(8)
        if len(head) < 8:
            return False
        size, kind = struct.unpack(">I4s", head)
        if kind == b"IDAT" or size > PEEK:
            return False
        body = read(size + 4)[:size]
        if kind == b"tEXt" and body.split(b"\0", 1) == [b"Software", b"armskg"]:
            return True
    return False


def _text_start(handle: BinaryIO, size: int = 64 * 1024) -> str:
    return handle.read(size).decode("utf-8")


def _dot(handle: BinaryIO) -> bool:
    first = next((line for line in _text_start(handle).splitlines() if line.strip()), "")
    return first.split()[:3] == ["digraph", "armskg", "{"]


def _first_comment(handle: BinaryIO) -> str | None:
    """The first comment of an HTML document, if nothing but a doctype comes before it."""
    from html.parser import HTMLParser

    class First(HTMLParser):
        comment: str | None = None
        other = False

        def handle_comment(self, data: str) -> None:
            if self.comment is None and not self.other:
                self.comment = data

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.other = True

        def handle_data(self, data: str) -> None:
            self.other = self.other or bool(data.strip())

    parser = First()
    parser.feed(_text_start(handle, 4096))
    return parser.comment


def _html(handle: BinaryIO) -> bool:
    return (_first_comment(handle) or "").strip().startswith("The armskg ")


def _docs(handle: BinaryIO) -> bool:
    return (_first_comment(handle) or "").strip().startswith("generated by armskg docs")


def _json(handle: BinaryIO) -> object:
    import json

    data = handle.read(MAX_JSON + 1)
    if len(data) > MAX_JSON:
        return None
    return json.loads(data)


def _cytoscape(handle: BinaryIO) -> bool:
    data = _json(handle)
    return isinstance(data, dict) and data.get("generated_by") == "armskg"


def _jsonld(handle: BinaryIO) -> bool:
    from armskg.vocab import AK

    data = _json(handle)
    if not isinstance(data, dict):
        return False
    context = data.get("@context")
    return isinstance(context, dict) and context.get("ak") == AK and "@graph" in data


class _Bounded:
    """A file-like reader that ends after :data:`PEEK` bytes (an XML file is judged by its start)."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle, self.left = handle, PEEK

    def read(self, size: int = -1) -> bytes:
        size = self.left if size < 0 else min(size, self.left)
        data = self.handle.read(size)
        self.left -= len(data)
        return data
