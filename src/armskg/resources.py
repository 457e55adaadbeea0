"""The one place that knows where ontology/, graph/, queries/ and the compiled artifact live."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from armskg.errors import ArmskgError

_PACKAGED = Path(__file__).parent / "data"
_CHECKOUT = Path(__file__).resolve().parents[2]

#: Bumped when the artifact's layout changes, so old artifacts are not reused.
ARTIFACT_FORMAT = "1"


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


def ontology_file(root: Path) -> Path:
    """The OWL ontology."""
    return root / "ontology" / "armskg.ttl"


def shapes_file(root: Path) -> Path:
    """The SHACL shapes."""
    return root / "ontology" / "shapes.ttl"


def graph_files(root: Path) -> list[Path]:
    """Every instance data file under graph/, in a stable order."""
    return sorted(p for p in (root / "graph").rglob("*.ttl") if p.is_file())


def queries_dir(root: Path) -> Path:
    """The named queries; rules/ and checks/ below it."""
    return root / "queries"


def rule_files(root: Path) -> list[Path]:
    """CONSTRUCT rules that derive facts."""
    return sorted((queries_dir(root) / "rules").glob("construct-*.rq"))


def check_files(root: Path) -> list[Path]:
    """Checks that must return no rows."""
    return sorted((queries_dir(root) / "checks").glob("*-violation.rq"))


def input_files(root: Path) -> list[Path]:
    """Every file the compiled artifact depends on."""
    return [ontology_file(root), shapes_file(root), *graph_files(root), *rule_files(root), *check_files(root)]


def input_digest(root: Path) -> str:
    """A hash of every input file's name and bytes, and of the code version that compiles them."""
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
    import platformdirs

    return Path(platformdirs.user_cache_dir("armskg"))


def artifact_path(root: Path, artifact: str | os.PathLike[str] | None = None) -> Path:
    """The compiled artifact for the current inputs (a path the user gives wins)."""
    if artifact:
        return Path(artifact)
    return cache_dir() / f"armskg-{input_digest(root)[:20]}.nq"
