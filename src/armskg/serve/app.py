"""``armskg serve``: a read-only SPARQL 1.1 Protocol endpoint over the compiled graph, with a page and
every named query as a URL.

Starlette and uvicorn carry the HTTP. Queries run in worker processes, one query at a time each, each with
its own copy of the graph in memory: pyoxigraph cannot stop a query it has started, so a query that
outlives the time limit is stopped by killing its worker, and a fresh one takes its place (about 0.4 s).
Nothing leaves the process: ``sparql.guard`` refuses SERVICE, LOAD and updates on the parsed query (in the
worker, under the time limit), and the workers cannot open a network socket (``armskg.sandbox``).
"""

from __future__ import annotations

import json
import os
import socket
import sys
from pathlib import Path
from urllib.parse import parse_qs

from armskg.errors import ArmskgError
from armskg.serve.description import dataset_description, serialize, service_triples, void_triples
from armskg.serve.pool import Limits, Pool
from armskg.serve.protocol import GRAPH_ALIASES, GRAPH_TYPES, SHORT_NAMES, Refused, choose
from armskg.sparql.named import load_named, named_queries

TYPE_CHECKING = False  # recognised by type checkers; avoids importing typing at run time
if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable
    from typing import Any

    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response


def app(root: Path, artifact: Path, limits: Limits) -> Starlette:
    """The ASGI application; its lifespan starts and stops the worker pool."""
    import contextlib

    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.responses import JSONResponse, RedirectResponse, Response
    from starlette.routing import Route

    queries = {name: load_named(root, name) for name in named_queries(root)}
    pool = Pool(root, artifact, limits)
    described: list[list[Any]] = []

    def description() -> list[Any]:
        """The dataset's description, read from the artifact the first time a client asks for it (GET /sparql,
        /.well-known/void), then kept: 0.2 s of CPU that a start no longer waits for, nor a server that is
        never asked."""
        if not described:
            try:
                described.append(dataset_description(root, artifact))
            except ArmskgError as exc:
                raise Refused(503, f"the dataset's description could not be read: {exc}") from None
        return described[0]

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        await pool.start()
        if not pool.confined:
            from armskg.sandbox import open_note

            print(f"armskg serve: note: {open_note(pool.why_open)}", file=sys.stderr, flush=True)
        try:
            yield
        finally:
            await pool.close()

    def text(status: int, message: str) -> Response:
        return Response(message.rstrip() + "\n", status, media_type="text/plain; charset=utf-8")

    async def answer(job: tuple[str, tuple[Any, ...]]) -> Response:
        status, media, body, notes = await pool.run_noted(job)
        if media.startswith("text/") or media.endswith(("json", "xml")):
            media += "; charset=utf-8"
        # a named query's notes (that the treaty's record was read before the as-of date) beside the answer,
        # which SPARQL's results formats have no place for: a JSON list of strings, in ASCII as headers must be
        headers = {**VARY, NOTES_HEADER: json.dumps(notes)} if notes else VARY
        return Response(body, status, media_type=media, headers=headers)

    async def health(request: Request) -> Response:
        healthy, report = pool.health()
        return JSONResponse({"status": "ok" if healthy else "unavailable", **report}, 200 if healthy else 503)

    async def sparql(request: Request) -> Response:
        try:
            form = await _protocol_form(request, limits)
            if "update" in form or request.headers.get("content-type", "").startswith("application/sparql-update"):
                raise Refused(403, "this endpoint is read-only: SPARQL updates are refused")
            if "query" not in form:
                if request.method == "POST":
                    raise Refused(400, "no query: send query=... or a body of type application/sparql-query")
                return _description(request, str(request.url_for("sparql")), RedirectResponse, limits, description)
            if len(form["query"]) > 1:  # the SPARQL 1.1 Protocol: exactly one; which one ran would be a guess
                raise Refused(400, "more than one query: send exactly one query=...")
            query = form["query"][0]
            fmt = _format(form)
            job = ("sparql", (query, request.headers.get("accept"), fmt, form.get("default-graph-uri"),
                              form.get("named-graph-uri")))
            return await answer(job)
        except Refused as exc:
            return text(exc.status, str(exc))
        except ArmskgError as exc:
            return text(400, str(exc))

    async def listing(request: Request) -> Response:
        return JSONResponse([{"name": name, "summary": q.summary, "url": str(request.url_for("named", name=name)),
                              "params": [{"name": p.name, "type": p.type, "required": p.required} for p in q.params]}
                             for name, q in queries.items()])

    async def named(request: Request) -> Response:
        try:
            form = await _protocol_form(request, limits)  # a GET: the URL's parameters
            fmt = _format(form)
            twice = sorted(key for key, value in form.items() if len(value) > 1 and key != "format")
            if twice:  # the last would win silently: an answer to another question than the one asked
                raise Refused(400, f"parameter {twice[0][:40]!r} given more than once: a query takes one value each")
            values = {key: value[-1] for key, value in form.items() if key != "format"}
            return await answer(("named", (request.path_params["name"], values, request.headers.get("accept"), fmt)))
        except Refused as exc:
            return text(exc.status, str(exc))

    async def void(request: Request) -> Response:
        try:
            short = choose(None, request.headers.get("accept"), GRAPH_TYPES)
            triples = void_triples(description(), str(request.url_for("sparql")))
        except Refused as exc:  # an Accept header that names no RDF format: 406 in one line, as /sparql gives
            return text(exc.status, str(exc))
        body, media = serialize(triples, short)
        return Response(body, media_type=media + ("; charset=utf-8" if short != "rdfxml" else ""), headers=VARY)

    from armskg.serve.checkpage import check_routes
    from armskg.serve.routes import page_routes

    routes = [Route("/sparql", sparql, methods=["GET", "POST"], name="sparql"),
              Route("/.well-known/void", void),
              Route("/queries", listing), Route("/queries/{name}", named, name="named"),
              Route("/health", health, name="health"),
              *page_routes(pool.run, limits, lambda: pool.health()[0]),  # /, /map, /network, /id/..., /ontology
              *check_routes(pool.run, limits)]  # /check
    cors = Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"], allow_headers=["*"],
                      expose_headers=[NOTES_HEADER], max_age=600)
    from armskg.serve.connections import SafeResponses

    return Starlette(routes=routes, middleware=[Middleware(SafeResponses), cors], lifespan=lifespan)

#: An answer chosen by the Accept header says so, so that no cache between serves one format for another.
VARY = {"Vary": "Accept"}
#: The response header that carries a named query's notes (:func:`armskg.sparql.named.notes`), a JSON list.
NOTES_HEADER = "Armskg-Notes"

def _format(form: dict[str, list[str]]) -> str | None:
    fmt = form.get("format", [None])[-1]
    if fmt is not None and fmt not in SHORT_NAMES and fmt not in GRAPH_ALIASES and "/" not in fmt:
        raise Refused(400, f"unknown format {fmt[:40]!r}: use one of {', '.join(sorted(SHORT_NAMES))}")
    return fmt

async def _protocol_form(request: Request, limits: Limits) -> dict[str, list[str]]:
    """The protocol's parameters from the URL and, for a POST, the body; 413 beyond the request limit, 408
    when the body takes longer than the client deadline."""
    limit, seconds = limits.max_request_bytes, limits.client_seconds
    if len(request.url.query) > limit:
        raise Refused(414, f"the request is larger than this endpoint's limit ({limit} bytes)")
    form = parse_qs(request.url.query, keep_blank_values=True)
    if request.method != "POST":
        return form
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise Refused(413, f"the request is larger than this endpoint's limit ({limit} bytes)")
    import asyncio

    body = bytearray()
    try:
        async with asyncio.timeout(seconds):
            async for chunk in request.stream():
                body += chunk
                if len(body) > limit:
                    raise Refused(413, f"the request is larger than this endpoint's limit ({limit} bytes)")
    except TimeoutError:
        raise Refused(408, f"the request's body did not arrive within {seconds:g} s") from None
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        decoded = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "the request body is not UTF-8") from None
    if kind == "application/x-www-form-urlencoded":
        for key, values in parse_qs(decoded, keep_blank_values=True).items():
            form.setdefault(key, []).extend(values)
    elif kind == "application/sparql-query":
        form["query"] = [decoded]
    elif kind != "application/sparql-update":
        raise Refused(415, f"unsupported content type {kind[:60]!r}: use application/x-www-form-urlencoded "
                           "or application/sparql-query")
    return form

def _description(request: Request, endpoint: str, redirect: Any, limits: Limits,
                 description: Callable[[], list[Any]]) -> Response:
    """The service description, or the page for a browser that prefers HTML."""
    from starlette.responses import Response

    accept = request.headers.get("accept")
    if accept and "text/html" in accept and "turtle" not in accept:
        return redirect(str(request.url_for("landing")), 303, headers=VARY)  # type: ignore[no-any-return]
    short = choose(None, accept, GRAPH_TYPES)
    body, media = serialize(service_triples(endpoint, limits, description()), short)
    return Response(body, media_type=media, headers=VARY)

def serve(root: str | os.PathLike[str] | None = None, artifact: str | os.PathLike[str] | None = None,
          host: str = "127.0.0.1", port: int = 7878, limits: Limits | None = None) -> None:
    """Serve the graph until interrupted (building the artifact first if needed)."""
    import uvicorn

    from armskg.build import open_store
    from armskg.resources import artifact_path

    limits = limits or Limits()
    store, base, _ = open_store(root, artifact, in_memory=False)  # builds the artifact when it is missing
    del store
    path = artifact_path(base, artifact)
    sock = _listen(host, port)
    port = sock.getsockname()[1]
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"armskg serve: listening on {host}, not only this machine: anyone who reaches it can query",
              file=sys.stderr)
    print(f"armskg serve: SPARQL endpoint http://{host}:{port}/sparql, page http://{host}:{port}/ "
          f"({limits.workers} worker(s), time limit {limits.timeout:g} s, at most {limits.max_rows} rows); "
          "Ctrl-C stops", file=sys.stderr, flush=True)
    from armskg.serve.connections import MAX_CONNECTIONS, deadline_protocol, raise_open_files

    raise_open_files()
    config = uvicorn.Config(app(base, path, limits), log_level="critical", access_log=False,
                            limit_concurrency=MAX_CONNECTIONS, timeout_graceful_shutdown=2, http=deadline_protocol(limits.client_seconds),
                            h11_max_incomplete_event_size=limits.max_request_bytes + 16 * 1024)
    server = uvicorn.Server(config)
    with sock:
        # Ctrl-C: uvicorn shuts down gracefully, then raises the signal again, which ends asyncio.run with
        # KeyboardInterrupt; the command line answers that quietly with 130, as every command does (caught
        # here, a running server stopped by Ctrl-C ended with 0)
        server.run(sockets=[sock])

def _listen(host: str, port: int) -> socket.socket:
    """Bind the listening socket here, so that a port in use is one line of error (port 0: any free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ArmskgError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.listen(2048)
    sock.set_inheritable(False)
    return sock
