"""The compiled artifact: an on-disk pyoxigraph store, marked as armskg's, checksummed, replaced atomically.

An artifact is a directory that armskg made and marked::

    PATH/armskg-artifact.json    {"format": "armskg-artifact/5", "current": "v-…", "root": "/…"}: the mark, which
                                 version is current, and the data folder it was built from
    PATH/v-…/store/              the pyoxigraph (RocksDB) store, opened read-only by every query
    PATH/v-…/graph.nq            the same quads as N-Quads, but those with a blank node, loaded into memory for the
                                 API and the endpoint's workers in one call (Store.load)
    PATH/v-…/blank.nq            the quads with a blank node (the shapes' lists), added to that copy as parsed:
                                 Store.load would give their blank nodes new names
    PATH/v-…/answers.json        the answers of the named queries that take no parameter (build/answers.py)
    PATH/v-…/checksums.json      size and CRC-32 of every store file, graph.nq and answers.json, checked when it
                                 is opened
    PATH/v-…/verified.json       each file's inode, size, mtime and ctime when its checksum last matched
    PATH/v-…/.lock               readers hold a shared lock on it; a version is removed only when nobody does

A build writes a new version beside the current one and then replaces the mark (one atomic rename), so a
reader finds the old version or the new one, never half of one, and a version in use is never removed
under a reader. armskg never removes or replaces anything that is not such a directory. In the cache, a
build from a data folder removes the artifacts of that folder's earlier inputs that nobody reads
(:func:`collect_superseded`): each edit of the data would otherwise leave one behind (57 MB today).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyoxigraph as ox

from armskg.errors import ArmskgError
from armskg.resources import write_atomic

MARK = "armskg-artifact.json"
FORMAT = "armskg-artifact/5"
#: RocksDB files a read-only open may rewrite (its info log, its lock): not checksummed.
_UNCHECKED = ("LOG", "LOCK")
#: The shared locks this process holds on the versions it reads (kept open for the process's life).
_HELD: list[int] = []


class DamagedArtifact(ArmskgError):
    """The artifact's files do not match their checksums, or its mark is unreadable."""


def _only_versions(path: Path) -> bool:
    """A directory that holds nothing but armskg's versions (a first build still writing, or one killed)."""
    try:
        return all(_is_version(p) or p.name == MARK or p.name.startswith(f".{MARK}.") for p in path.iterdir())
    except OSError:
        return False


def _is_version(path: Path) -> bool:
    """Whether ``path`` is a version armskg made: a ``v-…`` directory (not a link) that holds nothing but what
    a version holds (empty: a build stopped at its first step). A user's ``v-2024`` folder of notes is not."""
    if not path.name.startswith("v-") or path.is_symlink() or not path.is_dir():
        return False
    try:
        return all(p.name in _VERSION_FILES or p.name.startswith(_VERSION_TEMPS) for p in path.iterdir())
    except OSError:
        return False


def _mark(path: Path) -> dict[str, object] | None:
    """The parsed mark of the artifact at ``path``, or None when ``path`` is no directory armskg marked."""
    try:
        mark = json.loads((path / MARK).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return mark if isinstance(mark, dict) and str(mark.get("format", "")).startswith("armskg-artifact/") else None


def is_artifact(path: Path) -> bool:
    """Whether ``path`` is a directory armskg made and marked as an artifact."""
    return _mark(path) is not None


def refuse_foreign(path: Path) -> None:
    """Refuse, in one line, a path that exists and is not an artifact armskg made (a user's folder or file)."""
    foreign = not path.is_dir() or path.is_symlink() or not (is_artifact(path) or _only_versions(path))
    if (path.exists() or path.is_symlink()) and foreign:
        raise ArmskgError(f"{path} exists and is not an armskg artifact: armskg replaces only artifacts it "
                          "made; give --artifact a new path or an artifact's")


def write_artifact(store: ox.Store, path: Path, root: Path | None = None, answers: bytes | None = None) -> None:
    """Write the store as a new version of the artifact at ``path`` and make it current; ``root``, the data
    folder it was built from, is recorded in the mark, and ``answers`` (:func:`armskg.build.answers.compute`)
    are kept beside the store.

    ``path`` must not exist, or be an armskg artifact: anything else (a user's folder or file) is
    refused with a one-line error and left as it is.
    """
    if path.exists() or path.is_symlink():
        refuse_foreign(path)
    else:
        try:
            path.mkdir(parents=True)
        except OSError as exc:
            raise ArmskgError(f"cannot create {path}: {exc.strerror or exc}") from None
    version, lock = _new_version(path)
    try:
        _fill(store, version, answers)
        mark = {"format": FORMAT, "current": version.name, **({"root": str(root.resolve())} if root else {})}
        write_atomic(path / MARK, json.dumps(mark).encode() + b"\n")
    except BaseException:
        _remove(version)
        raise
    finally:
        os.close(lock)
    collect_garbage(path, keep=version.name)


def _new_version(path: Path) -> tuple[Path, int]:
    import fcntl
    import tempfile

    version = Path(tempfile.mkdtemp(prefix="v-", dir=path))
    lock = os.open(version / ".lock", os.O_CREAT | os.O_RDWR, 0o644)
    fcntl.flock(lock, fcntl.LOCK_EX)  # a build in progress is never collected as garbage
    return version, lock


def _fill(store: ox.Store, version: Path, answers: bytes | None) -> None:
    if answers is not None:
        (version / ANSWERS).write_bytes(answers)
    target = ox.Store(str(version / "store"))
    target.bulk_extend(store)
    target.flush()
    del target
    _snapshot(store, version)
    sums = {name: list(_checksum(version / name)) for name in _checked_files(version)}
    write_atomic(version / "checksums.json", json.dumps(sums, sort_keys=True).encode())


#: The quads as N-Quads, beside the store, but those with a blank node: what an in-memory copy is loaded from.
SNAPSHOT = "graph.nq"
#: The quads with a blank node, as N-Quads: added to the in-memory copy with their blank nodes' names.
BLANK = "blank.nq"

#: Every quad with a blank node in it, in the default graph or a named one.
_WITH_BLANK = """SELECT ?s ?p ?o ?g WHERE {
  { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } }
  FILTER(isBlank(?s) || isBlank(?o) || (BOUND(?g) && isBlank(?g)))
}"""


def _snapshot(store: ox.Store, version: Path) -> None:
    """Write the store's quads as the version's two N-Quads files: those with a blank node (found by the
    engine, on the terms' kinds) in ``blank.nq``, the rest in ``graph.nq``.

    Store.load fills a store in one call, about twice as fast as adding the quads parsed one by one, and the
    store it leaves makes later Python objects (a query's terms) three times cheaper to allocate (docs/
    benchmarks.md); it names each blank node afresh, which the few quads with one must not suffer: an in-memory
    copy is the store's quads exactly. The quads with a blank node are taken out of ``store`` while the rest is
    written, and put back."""
    blank = [ox.Quad(row["s"], row["p"], row["o"], row["g"] if row["g"] is not None else ox.DefaultGraph())
             for row in store.query(_WITH_BLANK)]  # type: ignore[union-attr]
    (version / BLANK).write_bytes(ox.serialize(blank, format=ox.RdfFormat.N_QUADS) or b"")
    for quad in blank:
        store.remove(quad)
    try:
        store.dump(str(version / SNAPSHOT), format=ox.RdfFormat.N_QUADS)
    finally:
        store.extend(blank)
#: The stored answers of the named queries that take no parameter (armskg.build.answers).
ANSWERS = "answers.json"


def _checked_files(version: Path) -> list[str]:
    """The files a version's checksums cover, relative to it: the snapshot, the stored answers (a version
    written before they were kept has none) and the store's files."""
    store = sorted(p.name for p in (version / "store").iterdir() if p.is_file() and not p.name.startswith(_UNCHECKED))
    answers = [ANSWERS] if (version / ANSWERS).exists() else []
    return [*answers, BLANK, SNAPSHOT, *(f"store/{name}" for name in store)]  # sorted, as the checksums are


def _checksum(path: Path) -> tuple[int, int]:
    import mmap
    import zlib

    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if not size:
            return 0, 0
        # mapped, not read: the CRC reads the page cache in place (124 MB at 8 times the graph)
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return size, zlib.crc32(data)


def collect_garbage(path: Path, keep: str | None = None) -> None:
    """Remove the versions of an artifact that are not current and that no reader holds (a build killed
    half-way leaves one; so does every rebuild)."""
    import fcntl

    for version in path.glob("v-*"):
        if version.name == keep or not _is_version(version):  # never a folder armskg did not make
            continue
        try:
            lock = os.open(version / ".lock", os.O_RDWR)
        except FileNotFoundError:
            _remove(version)
            continue
        except OSError:
            continue
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # a reader or a build holds it
            os.close(lock)
            continue
        _remove(version)
        os.close(lock)


def collect_superseded(path: Path, root: Path) -> None:
    """Remove the cache artifacts beside ``path`` that were built from the data folder ``root`` (its mark
    says so) for inputs it no longer has: ``path``, built from its current inputs, supersedes them. Their
    versions go as :func:`collect_garbage` removes versions (none a process reads or builds); an artifact
    goes once none is left. Artifacts of other folders, marks without a folder (made before the mark named
    one) and anything armskg did not mark are left alone."""
    mine = str(root.resolve())
    for other in path.parent.glob("armskg-*.oxigraph"):
        if other == path or other.is_symlink() or not other.is_dir():
            continue
        mark = _mark(other)
        if mark is None or mark.get("root") != mine:
            continue
        collect_garbage(other)
        if _only_versions(other) and not any(other.glob("v-*")):  # its mark alone: nothing of anyone else's
            _remove(other)


def _remove(version: Path) -> None:
    import shutil

    shutil.rmtree(version, ignore_errors=True)


def read_artifact(path: Path, in_memory: bool = False) -> ox.Store:
    """Open the current version of an artifact read-only (checking its checksums), or load it into memory
    for many queries (about 10 times faster per query, after a one-off parse of its N-Quads)."""
    return open_version(path, in_memory)[0]


def open_version(path: Path, in_memory: bool = False) -> tuple[ox.Store, Path]:
    """:func:`read_artifact`, and the version folder the store was read from (where its answers are)."""
    for _ in range(5):  # a build may replace the version between reading the mark and locking it
        version = _current(path)
        lock = _hold(version)
        if lock is not None:
            break
    else:
        raise ArmskgError(f"{path}: the artifact kept changing while it was opened; try again")
    try:
        _verify(path, version)
        if in_memory:
            memory = ox.Store()
            # lenient: the files are armskg's own output, and their checksums just matched. The quads without
            # a blank node in one call; those with one as parsed, so that their blank nodes keep their names
            # (Store.load would rename them) and the copy is the store's quads exactly (see _snapshot)
            memory.load(path=version / SNAPSHOT, format=ox.RdfFormat.N_QUADS, lenient=True)
            memory.extend(ox.parse(path=version / BLANK, format=ox.RdfFormat.N_QUADS, lenient=True))
            os.close(lock)
            return memory, version
        store = ox.Store.read_only(str(version / "store"))
    except (OSError, SyntaxError) as exc:
        os.close(lock)
        raise DamagedArtifact(f"{path}: unreadable artifact ({str(exc).splitlines()[0]}); {rebuild(path)}") from None
    except BaseException:
        os.close(lock)
        raise
    _HELD.append(lock)  # held until the process ends: the files stay while RocksDB reads them
    return store, version


def _current(path: Path) -> Path:
    mark = _mark(path)
    if mark is None:
        if not _only_versions(path):  # a user's folder or file: a build there is refused (refuse_foreign)
            raise DamagedArtifact(f"{path} is not an armskg artifact (no readable {MARK}); give --artifact an "
                                  f"artifact's path, or make one at a new path with 'armskg build --artifact PATH'")
        raise DamagedArtifact(f"{path} is not an armskg artifact (no readable {MARK}); {rebuild(path)}")
    name = str(mark.get("current", ""))
    if mark.get("format") != FORMAT or not name.startswith("v-") or "/" in name:
        raise DamagedArtifact(f"{path}: an artifact of another armskg version ({mark.get('format')}); {rebuild(path)}")
    return path / name


def rebuild(path: Path) -> str:
    """The advice a reader of the artifact at ``path`` gets when it cannot be read: the command that makes it
    afresh there (``armskg build`` alone writes the cached artifact, not the one the user named)."""
    import shlex

    command = f"armskg build --artifact {shlex.quote(str(path))}"
    return f"run '{command}'" if "'" not in command else f'run "{command}"'  # not quotes inside quotes alike


def _hold(version: Path) -> int | None:
    import fcntl

    try:
        lock = os.open(version / ".lock", os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(lock, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:  # being removed this instant
        os.close(lock)
        return None
    return lock


def _verify(path: Path, version: Path) -> None:
    """Compare every store file with its recorded size and CRC-32 (about 20 ms for today's graph, 0.1 s at 8
    times), unless none of them, nor the checksums, has changed since they last matched (``_stamp``)."""
    try:
        sums = json.loads((version / "checksums.json").read_text(encoding="utf-8"))
        found = _checked_files(version)
    except (OSError, ValueError):
        raise DamagedArtifact(f"{path}: the artifact's checksums are missing; {rebuild(path)}") from None
    if sorted(sums) != found:
        raise DamagedArtifact(f"{path}: the artifact's files are not those it was written with; {rebuild(path)}")
    stamp = _stamp(version, found)
    try:
        if stamp is not None and json.loads((version / _VERIFIED).read_text(encoding="utf-8")) == stamp:
            return
    except (OSError, ValueError):
        pass
    for name in found:
        if list(_checksum(version / name)) != sums[name]:
            raise DamagedArtifact(f"{path}: the artifact is damaged ({name} does not match its checksum); "
                                  f"{rebuild(path)}")
    if stamp is not None and _settled(stamp):
        try:
            write_atomic(version / _VERIFIED, json.dumps(stamp).encode())
        except ArmskgError:  # a read-only artifact: it is checked in full each time
            pass


_VERIFIED = "verified.json"
#: What a version holds, and the temporary files its writes leave if a build is killed (write_atomic's).
_VERSION_FILES = frozenset({".lock", "store", SNAPSHOT, BLANK, ANSWERS, "checksums.json", _VERIFIED})
_VERSION_TEMPS = (".checksums.json.", f".{_VERIFIED}.")
#: How long ago every file must have changed for a stamp to be written (see _settled).
_SETTLED_NS = 2_000_000_000


def _stamp(version: Path, names: list[str]) -> dict[str, list[int]] | None:
    """Each checked file's (and the checksums') inode, size, mtime and ctime, in nanoseconds.

    Writing to a file, or putting another in its place, changes its ctime (or its inode), which no
    program can set back (``os.utime`` sets the mtime, and the ctime to now): an edit cannot keep a stamp.
    """
    stamp = {}
    try:
        for name in ["checksums.json", *names]:
            info = (version / name).stat()
            stamp[name] = [info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]
    except OSError:
        return None
    return stamp


def _settled(stamp: dict[str, list[int]]) -> bool:
    """Whether every file last changed some seconds ago: file times tick coarsely (a few ms), so an edit
    in the same tick as the last change could keep its ctime; one seconds later cannot."""
    import time

    return max(info[3] for info in stamp.values()) < time.time_ns() - _SETTLED_NS
