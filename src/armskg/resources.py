"""The one place that knows where ontology/, graph/, queries/ and the compiled artifact live."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from armskg.errors import ArmskgError

_PACKAGED = Path(__file__).parent / "data"
_CHECKOUT = Path(__file__).resolve().parents[2]

#: Bumped when the artifact's layout changes, so old artifacts are not reused.
ARTIFACT_FORMAT = "5"


def data_root(root: str | os.PathLike[str] | None = None) -> Path:
    """Return the folder holding ontology/, graph/ and queries/.

    Order: the ``root`` argument, the ``ARMSKG_ROOT`` environment variable, the data packaged in the
    wheel, and the source checkout.
    """
    chosen = root or os.environ.get("ARMSKG_ROOT")
    if chosen:
        path = Path(chosen)
        if not (path / "ontology").is_dir() or not (path / "graph").is_dir():
            raise ArmskgError(f"{path} has no ontology/ and graph/ folders")
        return path
    for candidate in (_PACKAGED, _CHECKOUT):
        if (candidate / "ontology").is_dir() and (candidate / "graph").is_dir():
            return candidate
    raise ArmskgError("armskg's data files are missing: reinstall the package")


def notice_file(name: str) -> Path:
    """A licence, notice or citation file of armskg itself (LICENSE, DATA-LICENSE, NOTICE, CITATION.cff):
    packaged in the wheel beside the data, or at the top of the source checkout."""
    for candidate in (_PACKAGED, _CHECKOUT):
        if (candidate / name).is_file():
            return candidate / name
    raise ArmskgError(f"armskg's {name} file is missing: reinstall the package")


def ontology_file(root: Path) -> Path:
    """The OWL ontology."""
    return root / "ontology" / "armskg.ttl"


def index_file(root: Path) -> Path:
    """The query-speed indexes: terms the build derives for the named queries, never asserted in graph/,
    kept out of the domain ontology and loaded beside it."""
    return root / "ontology" / "index.ttl"


def ontology_files(root: Path) -> list[Path]:
    """Every file loaded into the ontology graph: the domain ontology, then the query-speed indexes."""
    return [ontology_file(root), index_file(root)]


def shapes_file(root: Path) -> Path:
    """The SHACL shapes."""
    return root / "ontology" / "shapes.ttl"


def graph_files(root: Path) -> list[Path]:
    """Every instance data file under graph/, in a stable order."""
    return sorted(p for p in (root / "graph").rglob("*.ttl") if p.is_file())


def queries_dir(root: Path) -> Path:
    """The named queries; rules/ and checks/ below it."""
    return root / "queries"


def rule_files(root: Path, prefix: str = "construct") -> list[Path]:
    """CONSTRUCT rules that derive facts (``construct-*.rq``), or that index them for the named queries
    into the timeline graph (``timeline-*.rq``)."""
    return sorted((queries_dir(root) / "rules").glob(f"{prefix}-*.rq"))


def check_files(root: Path) -> list[Path]:
    """Checks that must return no rows."""
    return sorted((queries_dir(root) / "checks").glob("*-violation.rq"))


def input_files(root: Path) -> list[Path]:
    """Every file the compiled artifact depends on (the timeline's index rules too: an edited one must not
    leave a stale index in the cache)."""
    return [*ontology_files(root), shapes_file(root), *graph_files(root), *rule_files(root),
            *rule_files(root, "timeline"), *check_files(root)]


def input_digest(root: Path) -> str:
    """A hash of every input file's name and bytes, and of the code version that compiles them."""
    import hashlib

    from armskg import __version__

    digest = hashlib.sha256(f"{ARTIFACT_FORMAT}:{__version__}".encode())
    for path in input_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def cache_dir() -> Path:
    """Where compiled artifacts are written: ``ARMSKG_CACHE`` or the user's cache directory."""
    chosen = os.environ.get("ARMSKG_CACHE")
    if chosen:
        return Path(chosen)
    if sys.platform.startswith("linux"):
        # The XDG Base Directory rule, as platformdirs applies it on Linux; importing platformdirs
        # (tempfile, shutil, random) would cost more than answering a query.
        xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
        return (Path(xdg) if xdg else Path.home() / ".cache") / "armskg"
    import platformdirs

    return Path(platformdirs.user_cache_dir("armskg"))


def _stat_key(root: Path) -> str:
    from armskg import __version__

    lines = [f"{ARTIFACT_FORMAT}:{__version__}:{root.resolve()}"]
    for path in input_files(root):
        st = path.stat()  # the change time too: an edit that keeps the size and resets the mtime still changes it
        lines.append(f"{path.relative_to(root).as_posix()}\t{st.st_size}\t{st.st_mtime_ns}\t{st.st_ctime_ns}\t{st.st_ino}")
    return "\n".join(lines)


def artifact_path(root: Path, artifact: str | os.PathLike[str] | None = None) -> Path:
    """The compiled artifact for the current inputs (a path the user gives wins).

    The artifact is named by a hash of the inputs' contents. Hashing every input on every query costs
    more than the query, so an index beside the artifacts remembers the hash together with each
    input's size and modification time, and the contents are hashed again only when one changes.
    """
    if artifact:
        return Path(artifact)
    import zlib

    cache = cache_dir()
    key = _stat_key(root)
    index = cache / f"index-{zlib.crc32(str(root.resolve()).encode()):08x}.txt"
    try:
        digest, known = index.read_text(encoding="utf-8").split("\n", 1)
    except (OSError, ValueError):
        digest, known = "", ""
    if known != key or len(digest) != 64:
        digest = input_digest(root)
        cache.mkdir(parents=True, exist_ok=True)
        write_atomic(index, f"{digest}\n{key}".encode())
    return cache / f"armskg-{digest[:20]}.oxigraph"


def write_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write bytes to a file whole or not at all: to a temporary file beside it, then renamed into place,
    with the mode the file had, or the one the umask gives a new file; a failure is a one-line error and
    leaves no temporary file behind."""
    import tempfile

    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent if str(target.parent) else ".")
    except OSError as exc:
        raise ArmskgError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, _mode_for(target))  # mkstemp makes it private
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ArmskgError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target


def _mode_for(target: Path) -> int:
    """The permission bits an existing file has, or those a new file gets under the current umask."""
    import stat

    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask
