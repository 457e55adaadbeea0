"""The work behind the pages of ``armskg serve``, done in its worker processes (where the graph is): an IRI's
page or description, the ontology and its documentation, the map and network views, and what the query
page offers (the names the graph knows, the named queries as examples)."""

from __future__ import annotations

import datetime as dt
import json

from armskg.errors import ArmskgError
from armskg.serve.linked import RESOURCE_TYPES, description, iri_for, known, ontology_triples, serialize
from armskg.serve.protocol import Answerer, Refused, choose
from armskg.sparql.terms import parse_date


class PageRefused(Refused):
    """A refusal with a body of its own (a page for people)."""

    def __init__(self, status: int, message: str, media: str, body: bytes) -> None:
        super().__init__(status, message)
        self.media, self.body = media, body


def _refuse(status: int, message: str, short: str) -> PageRefused:
    from armskg.serve.pages import not_found_page

    if short == "html":
        return PageRefused(status, message, "text/html", not_found_page(message).encode())
    return PageRefused(status, message, "text/plain", (message + "\n").encode())


def _day(date: str | None) -> dt.date:
    try:
        return parse_date(date or "today", "date")
    except ArmskgError as exc:
        raise Refused(400, str(exc)) from None


def resource(answerer: Answerer, path: str, accept: str | None, fmt: str | None, date: str | None) -> tuple[str, bytes]:
    """``/id/PATH``: a page for people or the IRI's description for machines; 404 for an unknown IRI."""
    short = choose(fmt, accept, RESOURCE_TYPES)
    try:
        iri = iri_for(path)
    except Refused as exc:
        raise _refuse(404, str(exc), short) from None
    if not known(answerer.store, iri):
        raise _refuse(404, f"armskg's graph says nothing about {iri.value}", short)
    if short == "html":
        from armskg.serve.pages import resource_page

        return "text/html", resource_page(answerer.store, answerer.root, iri, _day(date)).encode()
    return serialize(description(answerer.store, iri), short)


def ontology(answerer: Answerer, accept: str | None, fmt: str | None) -> tuple[str, bytes]:
    """``/ontology``: its documentation for people, the ontology itself for machines."""
    short = choose(fmt, accept, RESOURCE_TYPES)
    if short == "html":
        from armskg.ontodocs import documentation

        return "text/html", documentation(answerer.store, answerer.root).encode()
    return serialize(ontology_triples(answerer.store), short)


def view(answerer: Answerer, name: str) -> tuple[str, bytes]:
    """A browser view: ``map`` (the map through time) or ``network`` (the relations network)."""
    if name == "map":
        from armskg.export.mapview import map_page

        return "text/html", map_page(answerer.store, answerer.root, page_base="/id/").encode()
    from armskg.export import Filters, render

    return "text/html", render(answerer.store, "html", "relations", Filters(), answerer.root)


def offers(answerer: Answerer) -> tuple[str, bytes]:
    """What the query page offers, as JSON: the names the graph knows for each kind of parameter, and each
    named query's text with example values bound (for the SPARQL editor)."""
    from armskg.serve.querypage import offers as build

    return "application/json", json.dumps(build(answerer.store, answerer.root), ensure_ascii=False).encode()


def shapes(answerer: Answerer) -> tuple[str, bytes]:
    """The world map's shapes keyed by ISO alpha-3 (for the query page's map of answers), as JSON."""
    from armskg.export.mapshapes import map_shapes, region_frames
    from armskg.export.viewdata import states

    rows = states(answerer.store, answerer.root)
    alpha2 = {s[2]: s[3].lower() for s in rows if s[3]}
    found = map_shapes()
    data = {"frame": region_frames(alpha2)["world"],
            "states": {iso3: [found[a2].d, found[a2].circle] for iso3, a2 in alpha2.items() if a2 in found},
            "labels": {s[2]: s[1] for s in rows},
            "other": [s.d for code, s in sorted(found.items()) if code not in set(alpha2.values()) and code != "aq" and s.d]}
    return "application/json", json.dumps(data, separators=(",", ":")).encode()


def run(answerer: Answerer, kind: str, args: tuple[object, ...]) -> tuple[str, bytes]:
    """Do one job of the pages' kinds."""
    if kind == "resource":
        return resource(answerer, *args)  # type: ignore[arg-type]
    if kind == "ontology":
        return ontology(answerer, *args)  # type: ignore[arg-type]
    if kind == "view":
        return view(answerer, *args)  # type: ignore[arg-type]
    if kind == "offers":
        return offers(answerer)
    if kind == "shapes":
        return shapes(answerer)
    if kind == "check":
        from armskg.serve.checkpage import check_results

        text, as_of = args
        return "text/html", check_results(answerer.store, answerer.root, str(text), as_of).encode()  # type: ignore[arg-type]
    raise Refused(500, f"unknown job {kind[:40]!r}")


__all__ = ["PageRefused", "run"]

