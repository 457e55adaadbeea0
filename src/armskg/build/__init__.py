"""Load -> derive -> validate -> write the compiled artifact that query, export and serve read."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox

from armskg.build.artifact import DamagedArtifact, is_artifact, read_artifact, refuse_foreign, write_artifact
from armskg.build.load import load_sources
from armskg.errors import ArmskgError
from armskg.resources import artifact_path, data_root

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:  # derive and validate load only when the graph is compiled, not on every query
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
        result.artifact = artifact_path(base, artifact)
        write_artifact(result.store, result.artifact)
    return result


def open_store(root: str | os.PathLike[str] | None = None, artifact: str | os.PathLike[str] | None = None,
               in_memory: bool = True) -> tuple[ox.Store, Path]:
    """Open the compiled artifact for the current inputs, building it first if it is missing or stale.

    ``in_memory`` copies it into memory, for many queries; the CLI, which asks one, reads it on disk.
    """
    base = data_root(root)
    path = artifact_path(base, artifact)
    if artifact is None:  # the cache is armskg's own: a missing or damaged artifact is built afresh
        try:
            if is_artifact(path):
                return read_artifact(path, in_memory), base
        except DamagedArtifact:
            pass
        result = build(base)
        if not result.report.conforms:
            raise ArmskgError(
                f"the graph does not validate ({len(result.report.violations)} violation(s)); run 'armskg validate'"
            )
        return result.store, base
    if not path.exists():
        raise ArmskgError(f"no artifact at {path}; run 'armskg build --artifact {path}'")
    return read_artifact(path, in_memory), base
