"""The same answers on every engine (issue 12.6): each of the 13 named queries, with its parameters bound as
armskg sends them to another store (``VALUES`` blocks: ``query --endpoint``), gives the rows pyoxigraph gives
(the reference) on rdflib (the release loaded into an rdflib Dataset whose default graph is the union),
Oxigraph server, OpenLink Virtuoso and Comunica, all over the released dataset (``armskg dump``).

Each engine is loaded once per session. The engines and their versions are in README.md ("The same answers
on other engines")."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from engines import Comunica, Oxigraph, Virtuoso, known_wrong
from test_serve import SAMPLES, same_answer

import armskg
from armskg.remote import results_from_json, select
from armskg.sparql.named import bind, bound_text, finish, load_named
from armskg.sparql.results import format_result

Select = Callable[[str], dict[str, Any]]
ENGINES = ["rdflib", "oxigraph-server", "virtuoso", "comunica"]
#: Every engine here is compared in the thorough run (ARMSKG_THOROUGH=1, as CI does): rdflib (~45 s: 10 s to
#: parse the release, up to 15 s a query), Comunica (Node), Virtuoso (a database loaded with the release) and
#: Oxigraph server (2 s of CPU to load). Every run compares Oxigraph server in tests/test_remote.py
#: (test_every_named_query_agrees_locally_through_serve_and_through_oxigraph): the same 13 queries with the
#: same samples and the same bound text (KnowledgeGraph.query_endpoint sends bound_text, reads the answer
#: with finish), over the graph ``armskg push`` put in its default graph, where this loads the quads with
#: --union-default-graph (no named query reads a GRAPH today, so the two answer alike).
THOROUGH_ONLY = {"rdflib", "comunica", "virtuoso", "oxigraph-server"}
#: Seconds each engine took for each query, printed at the end of the session (pytest -s shows them).
TIMES: dict[str, dict[str, float]] = {}


@pytest.fixture(scope="session")
def rdflib_engine(release: Path) -> Select:
    """rdflib: the N-Quads in a Dataset whose default graph is the union of its named graphs (by default an
    rdflib Dataset's default graph is a graph of its own, and the named queries would find nothing)."""
    import warnings

    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    with warnings.catch_warnings(), (release / "armskg.nq").open("rb") as source:
        # rdflib 7's own N-Quads parser calls its deprecated Dataset.default_context
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
        dataset.parse(source=source, format="nquads")

    def run(text: str) -> dict[str, Any]:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
            answer: dict[str, Any] = json.loads(dataset.query(text).serialize(format="json") or b"{}")
        return answer

    return run


@pytest.fixture(scope="session")
def oxigraph_server_engine(kg: armskg.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Select]:
    # the graph's quads as N-Quads (what a release's armskg.nq holds; the thorough run's engines load the
    # release itself): written in 0.2 s, where a whole release takes 3-4 s
    quads = tmp_path_factory.mktemp("oxigraph-quads") / "armskg.nq"
    kg.store.dump(str(quads), format=ox.RdfFormat.N_QUADS)
    server = Oxigraph(tmp_path_factory.mktemp("oxigraph-store"), quads)
    yield lambda text: _remote(server.endpoint, text)
    server.close()


@pytest.fixture(scope="session")
def virtuoso_engine(virtuoso: Virtuoso) -> Select:
    return lambda text: _remote(virtuoso.endpoint, text)


@pytest.fixture(scope="session")
def comunica_engine(release: Path) -> Iterator[Select]:
    engine = Comunica([release / "armskg.nq"])
    yield engine.select
    engine.close()


def _remote(endpoint: str, text: str) -> dict[str, Any]:
    return json.loads(format_result(select(endpoint, text), "json"))  # type: ignore[no-any-return]


def _bound(kg: armskg.KnowledgeGraph, name: str) -> tuple[Any, Any]:
    params = dict(SAMPLES[name])
    named = load_named(kg.root, name)
    return named, bind(kg.store, named, params, kg.names)


@pytest.mark.parametrize(("engine", "name"), [
    pytest.param(engine, name, id=f"{engine}-{name}",
                 marks=[*known_wrong(engine, name), *([pytest.mark.slow] if engine in THOROUGH_ONLY else [])])
    for engine in ENGINES for name in sorted(SAMPLES)])
def test_every_named_query_gives_pyoxigraphs_rows(engine: str, name: str, kg: armskg.KnowledgeGraph,
                                                  request: pytest.FixtureRequest) -> None:
    run: Select = request.getfixturevalue(engine.replace("-", "_") + "_engine")
    named, bindings = _bound(kg, name)
    local = json.loads(format_result(kg.query(name, **SAMPLES[name]), "json"))
    started = time.monotonic()
    answer = run(bound_text(named, bindings))
    TIMES.setdefault(engine, {})[name] = time.monotonic() - started
    other = json.loads(format_result(finish(results_from_json(answer), named, bindings), "json"))
    assert local["results"]["bindings"] or name == "statement-followup"
    assert same_answer(other, local), f"{engine} differs on {name}"


@pytest.mark.slow  # starts Virtuoso and Comunica, which the thorough run (CI) compares
def test_the_engines_are_the_versions_the_readme_names(virtuoso: Virtuoso, release: Path) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The same answers on other engines", 1)[1].split("\n## ", 1)[0]
    engine = Comunica([release / "armskg.nq"])
    try:
        assert f"| Comunica | {engine.version()} (" in section
    finally:
        engine.close()
    assert virtuoso.version() in section
