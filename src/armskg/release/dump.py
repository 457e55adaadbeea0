"""``armskg dump -o DIR``: write a release of the built graph into a folder, whole or not at all.

A folder is written only if it is new, empty, or an earlier armskg dump that nobody changed since
(every file in it is listed in its SHA256SUMS with the same digest): armskg never deletes or overwrites a
file it did not write. The release is written into a temporary folder beside DIR and renamed into place.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from armskg.errors import ArmskgError
from armskg.export.rdfview import canonical_quads
from armskg.release.canonical import graph_file, graph_turtles, sort_quads
from armskg.release.describe import describe_turtle
from armskg.release.tables import TABLES, table_csv
from armskg.resources import notice_file

#: The file that marks a folder as an armskg dump (its one line names the format).
MARKER = ".armskg-dump"
_MARKER_TEXT = b"armskg dump, format 1: every file here is listed in SHA256SUMS; 'armskg dump' may replace them all\n"
SUMS = "SHA256SUMS"
NOTICES = ("LICENSE", "DATA-LICENSE", "NOTICE", "CITATION.cff")
#: At most this many bytes of SHA256SUMS are read from an existing folder.
_MAX_SUMS = 1 << 20


class Dump:
    """What ``dump`` wrote: the folder, its files (relative paths), the number of quads, the version."""

    def __init__(self, path: Path, files: list[str], quads: int, version: str, replaced: bool) -> None:
        self.path, self.files, self.quads, self.version, self.replaced = path, files, quads, version, replaced


def release_files(store: ox.Store, root: Path, version: str) -> dict[str, bytes]:
    """Every file of a release, by its path in the release folder (SHA256SUMS aside)."""
    with _no_cycle_collection():
        return _release_files(store, root, version)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while a release is made: the quads, dicts and lists it makes (a few
    hundred thousand, none in a cycle, all freed by their reference counts) made the collector go through
    every live object again and again, half the time of the JSON-LD. Resumed as it was, even on an error."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _release_files(store: ox.Store, root: Path, version: str) -> dict[str, bytes]:
    from string import Template

    from armskg.export.jsonld import quads_jsonld

    quads, lines = sort_quads(canonical_quads(store))
    graphs = graph_turtles(quads)
    files = {"armskg.nq": lines, "armskg.jsonld": quads_jsonld(quads).encode("utf-8")}
    files.update({graph_file(g): text for g, text in graphs.items()})
    files.update({name: table_csv(store, root, query) for name, query in TABLES.items()})
    files["void.ttl"] = describe_turtle(store, root, version)
    for name in NOTICES:
        files[name] = notice_file(name).read_bytes()
    from importlib.resources import files as package_files

    readme = Template(package_files("armskg.release").joinpath("README.md").read_text(encoding="utf-8"))
    files["README.md"] = readme.substitute(version=version, quads=len(quads), graphs=len(graphs)).encode("utf-8")
    files[MARKER] = _MARKER_TEXT
    return files


def checksums(files: dict[str, bytes]) -> bytes:
    """SHA256SUMS as ``sha256sum`` writes it (two spaces: text mode), sorted by path."""
    lines = [f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items())]
    return "".join(lines).encode("ascii")


def dump(store: ox.Store, root: Path, output: str | os.PathLike[str]) -> Dump:
    """Write a release of ``store`` into ``output``; raise ArmskgError (one line) and leave everything as
    it was if the folder holds anything armskg did not write."""
    from armskg import __version__

    target = Path(output)
    replacing = check_target(target)
    files = release_files(store, root, __version__)
    files[SUMS] = checksums(files)
    _write_folder(target, files, replacing)
    return Dump(target, sorted(files), len(store), __version__, replacing)


def check_target(target: Path) -> bool:
    """Whether ``target`` is an earlier dump to replace (False: it is missing or empty); refuse anything else."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise ArmskgError(f"{target} exists and is not a folder: give a new or empty folder, or an earlier armskg dump")
    if not target.exists():
        return False
    try:
        entries = list(target.iterdir())
    except OSError as exc:
        raise ArmskgError(f"cannot read {target}: {exc.strerror or exc}") from None
    if not entries:
        return False
    listed = _listed(target)
    if listed is None:
        raise ArmskgError(f"{target} is not empty and is not an armskg dump: armskg will not write over files it did "
                          "not create; give a new or empty folder")
    found = _files_in(target, listed)
    changed = sorted(name for name in found if name != SUMS and listed.get(name) != _digest(target / name))
    extra = sorted(set(found) - set(listed) - {SUMS})
    if extra or changed:
        shown = (extra or changed)[0]
        what = "was not written by armskg" if extra else "was changed since armskg wrote it"
        raise ArmskgError(f"{target / shown} {what}: armskg will not delete or overwrite it; move it away or give "
                          "a new folder")
    return True


def _listed(target: Path) -> dict[str, str] | None:
    """The digests an earlier dump's SHA256SUMS lists, or None when the folder is no armskg dump."""
    marker, sums = target / MARKER, target / SUMS
    if not marker.is_file() or marker.is_symlink() or not sums.is_file() or sums.is_symlink():
        return None
    if marker.stat().st_size > 4096 or sums.stat().st_size > _MAX_SUMS:
        return None
    if not marker.read_bytes().startswith(b"armskg dump"):
        return None
    listed: dict[str, str] = {}
    for line in sums.read_text(encoding="utf-8", errors="replace").splitlines():
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64 or not name or name.startswith("/") or ".." in Path(name).parts:
            return None
        listed[name] = digest
    return listed


def _files_in(target: Path, listed: dict[str, str]) -> list[str]:
    """Every entry under ``target`` as a relative path, except the folders that hold listed files: a link,
    or anything not a plain file, is returned as it is, so that it is never taken for armskg's."""
    holders = {parent.as_posix() for name in listed for parent in Path(name).parents if parent != Path(".")}
    names = []
    for path in sorted(target.rglob("*")):
        name = path.relative_to(target).as_posix()
        if path.is_dir() and not path.is_symlink() and name in holders:
            continue
        names.append(name)
    return names


def _digest(path: Path) -> str | None:
    if path.is_symlink() or not path.is_file():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_folder(target: Path, files: dict[str, bytes], replacing: bool) -> None:
    """Write the files into a temporary folder beside ``target``, then rename it into place."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.armskg-", dir=target.parent))
    except OSError as exc:
        raise ArmskgError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        for name, data in files.items():  # files and folders as the umask says (a private user's stay private)
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        mask = os.umask(0o022)
        os.umask(mask)
        os.chmod(staging, 0o777 & ~mask)  # mkdtemp makes it private
        if replacing:
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.armskg-old-", dir=target.parent))
            os.replace(target, old / "dump")
            os.replace(staging, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            if target.exists():
                target.rmdir()  # empty: checked before
            os.replace(staging, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise ArmskgError(f"cannot write {target}: {exc.strerror or exc}") from None
