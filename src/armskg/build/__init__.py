"""Load -> derive -> validate -> write the compiled artifact that query, export and serve read."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pyoxigraph as ox

from armskg.build.artifact import (
    DamagedArtifact,
    collect_superseded,
    is_artifact,
    rebuild,
    refuse_foreign,
    write_artifact,
)
from armskg.build.load import load_sources
from armskg.errors import ArmskgError
from armskg.resources import artifact_path, data_root

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:  # derive and validate load only when the graph is compiled, not on every query
    from collections.abc import Iterator

    from armskg.build.answers import Answers
    from armskg.build.derive import Derivation
    from armskg.build.validate import ValidationReport


class Build:
    """What a build produced: the compiled store, what was derived, the report, and the artifact written."""

    def __init__(self, store: ox.Store, root: Path, derivation: Derivation, report: ValidationReport) -> None:
        self.store = store
        self.root = root
        self.derivation = derivation
        self.report = report
        self.artifact: Path | None = None
        #: the answers of the named queries that take no parameter, kept in the artifact (build/answers.py)
        self.answers: bytes | None = None


def compile_dataset(root: Path, timeline: bool = True) -> Build:
    """Load every source file, apply the rules and validate, in memory (without the status timeline,
    which nothing validates, when only the report is wanted)."""
    from armskg.build.derive import derive
    from armskg.build.validate import validate

    store = load_sources(root)
    derivation = derive(store, root, timeline)
    return Build(store, root, derivation, validate(store, root))


def build(root: str | os.PathLike[str] | None = None, artifact: str | os.PathLike[str] | None = None) -> Build:
    """Compile and, when the data conforms, write the artifact; on violations nothing is written."""
    base = data_root(root)
    if artifact is not None:
        refuse_foreign(artifact_path(base, artifact))  # before the build's seconds, not after
    result = compile_dataset(base)
    if result.report.conforms:
        from armskg.build.answers import compute

        result.artifact = artifact_path(base, artifact)
        result.answers = compute(result.store, base)
        write_artifact(result.store, result.artifact, base, result.answers)
        if artifact is None:  # in the cache: this folder's earlier builds, for inputs it no longer has, go
            collect_superseded(result.artifact, base)
    return result


def open_store(root: str | os.PathLike[str] | None = None, artifact: str | os.PathLike[str] | None = None,
               in_memory: bool = True) -> tuple[ox.Store, Path, Answers]:
    """Open the compiled artifact for the current inputs, building it first if it is missing or stale; with
    the store and the data folder, the answers the build stored (:mod:`armskg.build.answers`).

    ``in_memory`` copies it into memory, for many queries; the CLI, which asks one, reads it on disk.
    """
    from armskg.build.answers import Answers, read

    base = data_root(root)
    path = artifact_path(base, artifact)
    if artifact is None:  # the cache is armskg's own: a missing or damaged artifact is built afresh
        found = _cached(path, in_memory)
        if found is not None:
            return found[0], base, found[1]
        with _building(path):  # once: a process that finds a build of the same inputs under way waits for it
            found = _cached(path, in_memory)
            if found is not None:
                return found[0], base, found[1]
            result = build(base)
        if not result.report.conforms or result.answers is None:
            raise ArmskgError(
                f"the graph does not validate ({len(result.report.violations)} violation(s)); run 'armskg validate'"
            )
        return result.store, base, Answers(result.answers)
    if not path.exists():
        raise ArmskgError(f"no artifact at {path}; {rebuild(path)}")
    store, answers = read(path, in_memory)
    return store, base, answers


def _cached(path: Path, in_memory: bool) -> tuple[ox.Store, Answers] | None:
    """The cached artifact at ``path`` and its stored answers, or None when it is missing or damaged (to be
    built afresh)."""
    from armskg.build.answers import read

    try:
        if is_artifact(path):
            return read(path, in_memory)
    except DamagedArtifact:
        pass
    return None


@contextlib.contextmanager
def _building(path: Path) -> Iterator[None]:
    """Hold the cache's build lock for the artifact at ``path`` (``PATH.lock``, beside it): commands started
    together on new or edited data (a script's queries, a notebook and a terminal, the endpoint's start) build
    the graph once, where each built its own copy at the same time before. A lock that cannot be made (a
    read-only cache) is not waited for; a killed build's lock is released with its process."""
    import fcntl

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock: int | None = os.open(path.with_name(path.name + ".lock"), os.O_CREAT | os.O_RDWR, 0o644)
    except OSError:
        lock = None
    try:
        if lock is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield
    finally:
        if lock is not None:
            os.close(lock)
