"""``armskg dump``: a versioned, deterministic release that reloads whole, with its description, tables,
licences and checksums; and what armskg serve says about the same dataset (issue 12.3 and 12.4)."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from support import run_cli

import armskg
from armskg.build import compile_dataset

REPO = Path(__file__).resolve().parents[1]
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"
AK = "https://w3id.org/armskg/ontology#"
DATASET = "https://w3id.org/armskg/dataset"
TABLES = ("treaty-actions", "status-intervals", "borders", "memberships")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _snapshot(folder: Path) -> dict[str, bytes]:
    return _files(folder) if folder.exists() else {}


def _triples(path: Path) -> set[tuple[str, str, str]]:
    return {(t.subject.value, t.predicate.value, t.object.value) for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}


def _table(release: Path, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((release / "tables" / f"{name}.csv").read_text(encoding="utf-8"))))


# --- the dataset, whole ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def graph_sizes(kg: armskg.KnowledgeGraph) -> dict[str, int]:
    """How many quads each named graph of the built graph holds (all of them: none is in the default graph)."""
    sizes = {g.value: sum(1 for _ in kg.store.quads_for_pattern(None, None, None, g)) for g in kg.store.named_graphs()}
    assert sum(sizes.values()) == len(kg.store) > 40_000
    return sizes


def _said_per_graph(path: Path, fmt: ox.RdfFormat) -> Counter[str]:
    """How many statements a file of the release makes in each graph, as pyoxigraph reads it ("" for the
    default graph). Read, not loaded into a store (half the time): a statement made twice counts twice, so the
    counts are the graphs' sizes only if each is made once, as the release makes them (one sort, no repeats)."""
    return Counter(q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else "" for q in ox.parse(path=str(path), format=fmt))


def test_the_nquads_reload_into_pyoxigraph_with_every_quad(release: Path, graph_sizes: dict[str, int]) -> None:
    assert _said_per_graph(release / "armskg.nq", ox.RdfFormat.N_QUADS) == graph_sizes


def test_the_turtle_files_and_the_jsonld_hold_each_graph(release: Path, graph_sizes: dict[str, int]) -> None:
    for graph, size in graph_sizes.items():
        path = release / "graphs" / f"{graph.rsplit('/', 1)[1]}.ttl"
        assert _said_per_graph(path, ox.RdfFormat.TURTLE) == {"": size}, path.name  # its triples, in no graph
    assert _said_per_graph(release / "armskg.jsonld", ox.RdfFormat.JSON_LD) == graph_sizes


@pytest.mark.slow  # a whole rebuild and two more dumps: the thorough run (CI)
def test_same_graph_same_bytes(release: Path, kg: armskg.KnowledgeGraph, tmp_path: Path) -> None:
    """The API in this process and another build (fresh blank-node ids) write the bytes the CLI wrote."""
    kg.dump(tmp_path / "api")
    rebuilt = compile_dataset(kg.root).store
    armskg.KnowledgeGraph(rebuilt, kg.root).dump(tmp_path / "rebuilt")
    expected = _files(release)
    assert _files(tmp_path / "api") == expected
    assert _files(tmp_path / "rebuilt") == expected


def test_one_sort_of_the_quads_orders_each_graphs_triples_as_their_text_does() -> None:
    """The release sorts its quads once, by their N-Quads lines (armskg.nq), and writes each graph's Turtle
    in that order: the triples' order must be that of their str(), the order it used to sort them by, where
    one triple's text starts another's (a literal and the same with a language or a datatype, blank nodes
    _:b1 and _:b12) and beyond ASCII; a quad given twice is written once."""
    from armskg.release.canonical import sort_quads

    s, p, g, h = (ox.NamedNode(f"https://example.org/{x}") for x in ("s", "p", "g", "h"))
    objects = [ox.Literal("a"), ox.Literal("a", language="en"), ox.Literal("a", language="en-gb"),
               ox.Literal("a", datatype=ox.NamedNode("https://example.org/dt")), ox.Literal("a b"),
               ox.Literal("a\nb"), ox.Literal("\u00e9t\u00e9"), ox.Literal("\U0001f600"), ox.Literal("ab"),
               ox.BlankNode("b1"), ox.BlankNode("b12"), ox.NamedNode("https://example.org/s"),
               ox.NamedNode("https://example.org/s/x")]
    quads = [ox.Quad(subject, p, o, graph) for graph in (g, h) for o in reversed(objects)
             for subject in (s, ox.BlankNode("b1"), ox.BlankNode("b12"))]
    ordered, text = sort_quads([*quads, quads[0]])
    assert text == b"".join(sorted(line + b"\n" for line in set(ox.serialize(quads, format=ox.RdfFormat.N_QUADS).splitlines())))
    assert len(ordered) == len(quads) and set(ordered) == set(quads)
    for graph in (g, h):
        triples = [q.triple for q in ordered if q.graph_name == graph]
        assert triples == sorted(triples, key=str)


def test_sha256sum_accepts_the_checksums(release: Path) -> None:
    done = subprocess.run(["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd=release, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    listed = {line.split("  ", 1)[1] for line in (release / "SHA256SUMS").read_text().splitlines()}
    assert listed == set(_files(release)) - {"SHA256SUMS"}


def test_the_release_carries_the_licences_and_the_citation(release: Path) -> None:
    for name in ("LICENSE", "DATA-LICENSE", "NOTICE", "CITATION.cff"):
        assert (release / name).read_bytes() == (REPO / name).read_bytes()
    readme = (release / "README.md").read_text(encoding="utf-8")
    assert f"armskg {armskg.__version__}" in readme and "sha256sum -c SHA256SUMS" in readme


# --- the tables -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", TABLES)
def test_each_table_has_its_declared_columns_and_iso_dates(release: Path, name: str) -> None:
    text = (REPO / "queries" / "release" / f"{name}.rq").read_text(encoding="utf-8")
    declared = re.search(r"^#\+ columns: (.*)$", text, re.MULTILINE)
    assert declared
    rows = _table(release, name)
    assert rows and list(rows[0]) == [c.strip() for c in declared.group(1).split(",")]
    dates = [c for c in rows[0] if c in ("date", "effective_date", "start", "end", "status_since")]
    for column in dates:
        assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r[column]) for r in rows if r[column]), column


def test_the_tables_hold_lithuanias_exit_from_ottawa(release: Path) -> None:
    actions = [(r["kind"], r["date"], r["effective_date"]) for r in _table(release, "treaty-actions")
               if r["iso3"] == "LTU" and r["treaty"] == "apmbc"]
    assert ("withdrawal notification", "2025-06-27", "2025-12-27") in actions
    assert ("ratification", "2003-05-12", "2003-11-01") in actions
    spans = [(r["status"], r["start"], r["end"]) for r in _table(release, "status-intervals")
             if r["iso3"] == "LTU" and r["treaty"] == "apmbc"]
    assert ("withdrawn", "2025-12-27", "") in spans
    assert ("LTU", "RUS") in {(r["iso3_a"], r["iso3_b"]) for r in _table(release, "borders")}
    assert ("nato", "LTU", "2004-03-29") in {(r["organisation"], r["iso3"], r["start"]) for r in _table(release, "memberships")}


# --- the description --------------------------------------------------------------------------------------

def test_the_description_counts_each_graph_and_names_the_version_and_licence(release: Path, kg: armskg.KnowledgeGraph,
                                                                            graph_sizes: dict[str, int]) -> None:
    triples = _triples(release / "void.ttl")
    for graph, count in graph_sizes.items():
        assert (DATASET, VOID + "subset", graph) in triples
        assert (graph, VOID + "triples", str(count)) in triples
    assert (DATASET, VOID + "triples", str(len(kg.store))) in triples
    assert (DATASET, DCAT + "version", armskg.__version__) in triples
    assert (DATASET, DCTERMS + "license", "https://creativecommons.org/licenses/by/4.0/") in triples
    titles = {o for s, p, o in triples if p == DCTERMS + "title" and s.startswith("https://w3id.org/armskg/release/")}
    assert {"armskg.nq", "armskg.jsonld", "graphs/asserted.ttl", "tables/treaty-actions.csv"} <= titles
    sources = {o for s, p, o in triples if s == DATASET and p == DCTERMS + "source"}
    assert "https://w3id.org/armskg/id/source/untc-xxvi-5" in sources


def test_the_description_gives_each_treatys_record_with_its_coverage_and_as_at_date(
        release: Path, kg: armskg.KnowledgeGraph) -> None:
    """Every treaty's ak:participationRecord in the graph is in the release's description, with how complete
    it is and as at which date, so that a reader of the dump knows what a missing act means."""
    rows = kg.sparql(f"""PREFIX ak: <{AK}> SELECT ?treaty ?record ?coverage ?asAt WHERE {{
        ?treaty ak:participationRecord ?record . ?record ak:coverage ?coverage . OPTIONAL {{ ?record ak:asAt ?asAt }} }}""")
    assert len(rows) >= 17
    triples = _triples(release / "void.ttl")
    for row in rows:
        record = row["record"]
        assert (row["treaty"], AK + "participationRecord", record) in triples
        assert (DATASET, DCTERMS + "hasPart", record) in triples
        assert (record, AK + "coverage", row["coverage"]) in triples
        if row["asAt"]:
            assert (record, AK + "asAt", row["asAt"]) in triples


# --- the folder: never write over what armskg did not write --------------------------------------------

@pytest.mark.usefixtures("small_artifact")  # built once for the run: the dumps below read it
def test_an_earlier_dump_is_replaced(release: Path, small_data_copy: Path, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder holding an earlier dump nobody changed (the whole data's) is replaced whole by the release of
    other data (the small copy's, ARMSKG_ROOT as a user sets it): the folder then holds what a dump into a new
    folder writes, and nothing of the earlier one. Other data, so that a dump that left the earlier folder as
    it was cannot pass; the small copy's, so that the two dumps cost a fifth of one of the whole data."""
    target = tmp_path / "again"
    shutil.copytree(release, target)
    monkeypatch.setenv("ARMSKG_ROOT", str(small_data_copy))
    done = run_cli("dump", "-o", str(target))
    assert done.returncode == 0 and done.stdout.startswith("replaced release"), done.stderr
    fresh = tmp_path / "fresh"
    armskg.load(small_data_copy).dump(fresh)
    assert _files(target) == _files(fresh) != _files(release)


def _foreign(tmp_path: Path, release: Path, case: str) -> Path:
    target = tmp_path / "target"
    if case == "a-file":
        target.write_text("mine")
        return target
    if case == "not-a-dump":
        target.mkdir()
        (target / "notes.txt").write_text("mine")
        return target
    shutil.copytree(release, target)
    if case == "an-added-file":
        (target / "tables" / "mine.csv").write_text("a,b\n")
    elif case == "a-changed-file":
        (target / "tables" / "borders.csv").write_text("edited by hand\n")
    elif case == "an-added-folder":
        (target / "mine").mkdir()
    elif case == "a-link":
        (target / "link").symlink_to(tmp_path)
    return target


@pytest.mark.parametrize("case", ["a-file", "not-a-dump", "an-added-file", "a-changed-file", "an-added-folder", "a-link"])
def test_a_folder_with_anything_armskg_did_not_write_is_refused(release: Path, tmp_path: Path, case: str) -> None:
    target = _foreign(tmp_path, release, case)
    before = _snapshot(target) if target.is_dir() else {"": target.read_bytes()}
    done = run_cli("dump", "-o", str(target))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("armskg: error: ")
    after = _snapshot(target) if target.is_dir() else {"": target.read_bytes()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target"]  # no temporary folder left behind


def test_the_checksums_are_sha256_of_each_file(release: Path) -> None:
    for line in (release / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((release / name).read_bytes()).hexdigest() == digest


# --- the same description, served ---------------------------------------------------------------------

@pytest.fixture()
def served(server: str) -> str:
    """The session's ``armskg serve`` (conftest: at most 5,000 rows, the default 10 s a query)."""
    return server


@pytest.fixture(scope="module")
def release_description(release: Path) -> Graph:
    """The release's void.ttl, read by rdflib once for the tests that compare with it (0.2 s a reading)."""
    return Graph().parse(release / "void.ttl", format="turtle")


@pytest.mark.parametrize("fmt", [ox.RdfFormat.TURTLE, ox.RdfFormat.JSON_LD, ox.RdfFormat.N_TRIPLES],
                         ids=["turtle", "jsonld", "ntriples"])
def test_serve_gives_the_releases_description_at_well_known_void(served: str, release_description: Graph,
                                                                 fmt: ox.RdfFormat) -> None:
    from rdflib.compare import isomorphic
    from test_serve import get

    status, headers, body = get(served + "/.well-known/void", fmt.media_type)
    assert status == 200 and headers["content-type"].startswith(fmt.media_type)
    # read with pyoxigraph (rdflib's JSON-LD parser warns of its deprecated ConjunctiveGraph), compared with rdflib
    ntriples = ox.serialize(ox.parse(body, format=fmt), format=ox.RdfFormat.N_TRIPLES) or b""
    got = Graph().parse(data=ntriples, format="nt")
    from rdflib import URIRef

    endpoint = (URIRef(DATASET), URIRef(VOID + "sparqlEndpoint"), URIRef(served + "/sparql"))
    assert endpoint in got
    got.remove(endpoint)
    assert isomorphic(got, release_description)


def test_the_service_description_has_the_dataset_its_graphs_and_limits(served: str, kg: armskg.KnowledgeGraph) -> None:
    from test_serve import get

    status, _, body = get(served + "/sparql", "text/turtle")
    assert status == 200
    sd = "http://www.w3.org/ns/sparql-service-description#"
    store = ox.Store()
    store.load(body, format=ox.RdfFormat.TURTLE)
    rows = store.query(f"""PREFIX sd: <{sd}> PREFIX void: <{VOID}>
        SELECT ?name ?n WHERE {{ <{served}/sparql> a sd:Service ; sd:defaultDataset <{DATASET}> .
          <{DATASET}> a sd:Dataset ; sd:namedGraph [ sd:name ?name ; sd:graph ?g ] ; sd:defaultGraph ?d .
          ?g void:triples ?n }}""")
    counts = {r["name"].value: int(r["n"].value) for r in rows}  # type: ignore[union-attr]
    assert counts == {g.value: sum(1 for _ in kg.store.quads_for_pattern(None, None, None, g)) for g in kg.store.named_graphs()}
    comment = " ".join(str(q.object.value) for q in store.quads_for_pattern(
        ox.NamedNode(served + "/sparql"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"), None))
    assert "after 10 s" in comment and "5000 rows" in comment and "50000" not in comment and "64 KiB" in comment
