"""The one exception type armskg raises for bad input and data errors."""

from __future__ import annotations


class ArmskgError(Exception):
    """A problem the user can fix; its message is one line, printed without a traceback."""
