"""``armskg serve``: a read-only SPARQL 1.1 Protocol endpoint, a page, and every named query as a URL."""

from __future__ import annotations

from armskg.serve.app import app, serve
from armskg.serve.pool import Limits

__all__ = ["Limits", "app", "serve"]
