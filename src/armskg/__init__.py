"""armskg: a knowledge graph of arms-control relationships.

>>> import armskg
>>> kg = armskg.load()
>>> rows = kg.query("parties-bordering", treaty="ottawa", state="RUS", as_of="2000-01-01")
>>> [row["iso3"] for row in rows]
['NOR']
"""

from __future__ import annotations

__version__ = "0.1.0"

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from armskg.api import KnowledgeGraph, load
    from armskg.errors import ArmskgError, ParameterError
    from armskg.sparql.results import Result

_WHERE = {"KnowledgeGraph": "armskg.api", "load": "armskg.api", "ArmskgError": "armskg.errors",
          "ParameterError": "armskg.errors", "Result": "armskg.sparql.results"}


def __getattr__(name: str) -> object:
    """The public names, imported when first used: ``import armskg`` alone costs nothing, so that the
    command line can answer Ctrl-C from its first moment (``armskg.__main__``)."""
    if name in _WHERE:
        import importlib

        value = getattr(importlib.import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'armskg' has no attribute {name!r}")


__all__ = ["ArmskgError", "KnowledgeGraph", "ParameterError", "Result", "__version__", "load"]
