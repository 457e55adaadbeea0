"""The routes of ``armskg serve``'s pages: the query page (``/``), the map through time (``/map``), the
network (``/network``), the graph's IRIs (``/id/...``), the ontology (``/ontology``) and the files the
pages load (``/static/...``). The work is done in the worker processes (armskg.serve.jobs); pages that
do not change while the server runs are made once and kept."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from importlib import resources
from typing import Any

from armskg.serve.linked import RDF_FORMATS
from armskg.serve.pool import Limits
from armskg.serve.protocol import Refused

Run = Callable[[tuple[str, tuple[Any, ...]]], Awaitable[tuple[int, str, bytes]]]
#: ``format=`` names an IRI or the ontology may be asked for (besides the Accept header).
PAGE_FORMATS = ("html", *RDF_FORMATS)


def page_routes(run: Run, limits: Limits, healthy: Callable[[], bool] = lambda: True) -> list[Any]:
    """Starlette routes for the pages, each handing its work to ``run`` (the worker pool); the landing page
    says 503 while ``healthy()`` is false (no worker is running), as /health does."""
    from starlette.responses import Response
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    kept: dict[str, tuple[int, str, bytes]] = {}

    def respond(status: int, media: str, body: bytes, vary: bool = False) -> Response:
        if media.startswith("text/") or media.endswith(("json", "xml")):
            media += "; charset=utf-8"
        headers = {"Vary": "Accept"} if vary else {}
        if media.startswith("text/html"):
            headers["Content-Security-Policy"] = "default-src 'self'; script-src 'self' 'unsafe-inline'; " \
                                                 "style-src 'self' 'unsafe-inline'; img-src 'self' data:"
        return Response(body, status, media_type=media, headers=headers)

    async def once(key: str, job: tuple[str, tuple[Any, ...]]) -> tuple[int, str, bytes]:
        if key not in kept:
            answer = await run(job)
            if answer[0] != 200:
                return answer
            kept[key] = answer
        return kept[key]

    def fmt(request: Any) -> str | None:
        value = request.query_params.get("format")
        if value is not None and value not in PAGE_FORMATS:
            raise Refused(400, f"unknown format {value[:40]!r}: use one of {', '.join(PAGE_FORMATS)}")
        return value  # type: ignore[no-any-return]

    async def landing(request: Any) -> Response:
        from armskg.serve.querypage import page

        if not healthy():
            return respond(503, "text/plain", b"no query worker is running; see /health")
        status, media, body = await once("offers", ("offers", ()))
        if status != 200:
            return respond(status, media, body)
        import json

        html = page(str(request.url_for("sparql")), json.loads(body), limits.timeout, limits.max_rows,
                    limits.max_request_bytes // 1024)
        return respond(200, "text/html", html.encode())

    async def view(request: Any) -> Response:
        name = request.url.path.strip("/")
        return respond(*await once(name, ("view", (name,))))

    async def shapes(_: Any) -> Response:
        return respond(*await once("shapes", ("shapes", ())))

    async def resource(request: Any) -> Response:
        try:
            if len(request.query_params.getlist("date")) > 1:  # a page for one date, never a guess which
                raise Refused(400, "date given more than once: a page is for one date")
            date = request.query_params.get("date")
            job = ("resource", (request.path_params["path"], request.headers.get("accept"), fmt(request),
                                None if date is None else date[:20]))
            return respond(*await run(job), vary=True)
        except Refused as exc:
            return respond(exc.status, "text/plain", str(exc).encode())

    async def ontology(request: Any) -> Response:
        try:
            return respond(*await run(("ontology", (request.headers.get("accept"), fmt(request)))), vary=True)
        except Refused as exc:
            return respond(exc.status, "text/plain", str(exc).encode())

    static = str(resources.files("armskg.serve") / "static")
    return [Route("/", landing, name="landing"), Route("/map", view), Route("/network", view),
            Route("/views/shapes.json", shapes), Route("/id/{path:path}", resource), Route("/ontology", ontology),
            Mount("/static", StaticFiles(directory=static), name="static")]
