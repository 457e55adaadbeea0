"""The exceptions armskg raises for bad input and data errors."""

from __future__ import annotations

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping


class ArmskgError(Exception):
    """A problem the user can fix; its message is one line, printed without a traceback."""


class Name(str):
    """A parameter's name inside an error message: the API's name (``as_of``), which the command line
    words as its own flag (``--as-of``)."""

    __slots__ = ()


class ParameterError(ArmskgError):
    """Bad input for a parameter; the message names it as the Python API does.

    >>> error = ParameterError("bad ", Name("as_of"), " '2026-13-01': expected YYYY-MM-DD")
    >>> str(error)
    "bad as_of '2026-13-01': expected YYYY-MM-DD"
    >>> error.worded({"as_of": "--as-of"})
    "bad --as-of '2026-13-01': expected YYYY-MM-DD"
    """

    def __init__(self, *parts: str) -> None:
        self.parts = parts
        super().__init__("".join(parts))

    def worded(self, names: Mapping[str, str], default: Callable[[str], str] | None = None) -> str:
        """The message with each parameter's name replaced by the one ``names`` gives (else by
        ``default(name)``, else left as it is)."""
        return "".join((names[p] if p in names else default(p) if default else p) if isinstance(p, Name) else p
                       for p in self.parts)


__all__ = ["ArmskgError", "Name", "ParameterError"]
