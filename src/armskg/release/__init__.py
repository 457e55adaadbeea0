"""A release of the dataset (``armskg dump``): N-Quads, Turtle per named graph, JSON-LD, CSV tables, a
VoID/DCAT description, the licences and notices, and SHA-256 checksums; the same graph, the same bytes."""

from __future__ import annotations

from armskg.release.describe import describe, describe_turtle
from armskg.release.dump import Dump, check_target, dump

__all__ = ["Dump", "check_target", "describe", "describe_turtle", "dump"]
