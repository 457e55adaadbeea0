"""armskg: a knowledge graph of arms-control relationships.

>>> import armskg
>>> kg = armskg.load()
>>> rows = kg.query("parties-bordering", treaty="ottawa", state="RUS", as_of="2000-01-01")
>>> [row["iso3"] for row in rows]
['NOR']
"""

from __future__ import annotations

__version__ = "0.1.0"

from armskg.api import KnowledgeGraph, load
from armskg.errors import ArmskgError, ParameterError
from armskg.sparql.results import Result

__all__ = ["ArmskgError", "KnowledgeGraph", "ParameterError", "Result", "__version__", "load"]
