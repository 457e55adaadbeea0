"""Exports to graph viewers (issue 5): each format read back as its viewer would, with the expected counts."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
import pytest
from conftest import FIXTURES
from support import run_armskg, run_cli

import armskg
from armskg.build.timeline import derive_status
from armskg.export.views import Filters, relations
from armskg.vocab import STATUSES

AK = "https://w3id.org/armskg/ontology#"
STATE = "https://w3id.org/armskg/id/state/"
TREATY = "https://w3id.org/armskg/id/treaty/"
#: CI sets this, so that a missing browser or Graphviz fails there instead of skipping.
REQUIRE_TOOLS = os.environ.get("ARMSKG_REQUIRE_TOOLS") == "1"


def _count(kg: armskg.KnowledgeGraph, where: str) -> int:
    rows = kg.sparql(f"PREFIX ak: <{AK}> SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
    return int(rows[0]["n"] or 0)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if REQUIRE_TOOLS:
            pytest.fail(f"{name} is not installed (.ci/run installs it)")
        pytest.skip(f"{name} is not installed")
    return path


@pytest.fixture(scope="module")
def relations_view(kg: armskg.KnowledgeGraph) -> nx.MultiDiGraph:
    return kg.to_networkx()


#: ``kg.export(FORMAT, view=VIEW)``: a file's tests that read the same export (the relations view's GraphML,
#: read back by networkx and checked against the schema's rules) build it once; the graph is read-only here.
Exported = Callable[[str, str], bytes]


@pytest.fixture(scope="module")
def exported(kg: armskg.KnowledgeGraph) -> Exported:
    return functools.cache(lambda fmt, view: kg.export(fmt, view=view))


@pytest.fixture(scope="module")
def expected(kg: armskg.KnowledgeGraph) -> dict[str, int]:
    """Counts taken from the graph directly, for the relations view."""
    counts = {status: _count(kg, f'?i a ak:StatusInterval ; ak:treaty ?t ; ak:status "{status}"')
              for status in ("party", "consented", "signatory", "withdrawn")}
    states, treaties = _count(kg, "?s a ak:State"), _count(kg, "?t a ak:Treaty")
    organisations = _count(kg, "?o a ak:InternationalOrganisation")
    borders, memberships = _count(kg, "?b a ak:LandBorder"), _count(kg, "?m a ak:Membership")
    return {"nodes": states + treaties + organisations, "borders": borders, "member-of": memberships,
            "party-to": counts["party"], "consented-to": counts["consented"], "signatory-of": counts["signatory"],
            "withdrew-from": counts["withdrawn"], "edges": borders + memberships + sum(counts.values())}


def test_relations_view_counts(relations_view: nx.MultiDiGraph, expected: dict[str, int]) -> None:
    kinds: dict[str, int] = {}
    for _, _, kind in relations_view.edges(data="kind"):
        kinds[kind] = kinds.get(kind, 0) + 1
    assert relations_view.number_of_nodes() == expected["nodes"]
    assert relations_view.number_of_edges() == expected["edges"]
    assert kinds == {k: expected[k] for k in ("borders", "member-of", "party-to", "consented-to", "signatory-of",
                                             "withdrew-from")}


def test_party_to_lives_from_entry_into_force_to_the_withdrawal_effect(relations_view: nx.MultiDiGraph) -> None:
    edges = relations_view.get_edge_data(STATE + "LTU", TREATY + "apmbc")
    party = [a for a in edges.values() if a["kind"] == "party-to"]
    assert [(a["start"], a["end"], a["withdrawal_notified"]) for a in party] == [("2003-11-01", "2025-12-27", "2025-06-27")]


def test_as_of_keeps_what_holds_on_the_date(kg: armskg.KnowledgeGraph) -> None:
    on = {d: kg.to_networkx(treaty="ottawa", as_of=d, region="RUS") for d in ("2025-06-01", "2026-03-01")}
    parties = {d: sorted(g.nodes[u]["iso3"] for u, _, k in g.edges(data="kind") if k == "party-to") for d, g in on.items()}
    assert parties["2025-06-01"] == ["BLR", "EST", "FIN", "LTU", "LVA", "NOR", "POL", "UKR"]
    assert parties["2026-03-01"] == ["BLR", "NOR", "UKR"]


def test_a_region_keeps_only_the_organisations_of_its_states(kg: armskg.KnowledgeGraph) -> None:
    graph = kg.to_networkx(region="NZL:0")
    assert sorted(str(a["kind"]) for _, a in graph.nodes(data=True)).count("organisation") == 0


def test_borders_view_carries_each_states_status(kg: armskg.KnowledgeGraph) -> None:
    graph = kg.to_networkx("borders", treaty="ottawa", as_of="2026-03-01")
    assert graph.nodes[STATE + "LTU"]["status_apmbc"] == "withdrawn"
    assert graph.nodes[STATE + "UKR"]["status_apmbc"] == "party"
    assert graph.nodes[STATE + "RUS"]["status_apmbc"] == "non-party"
    assert graph.number_of_edges() == _count(kg, "?b a ak:LandBorder")


def test_member_of_edges_from_memberships() -> None:
    store = ox.Store()
    data = f"""@prefix ak: <{AK}> . @prefix org: <http://www.w3.org/ns/org#> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    <{STATE}FIN> a ak:State ; ak:iso3 "FIN" ; rdfs:label "Finland" .
    <https://w3id.org/armskg/id/org/nato> a ak:InternationalOrganisation ; rdfs:label "NATO" ; ak:code "nato" .
    <https://w3id.org/armskg/id/membership/FIN-nato> a ak:Membership ; org:member <{STATE}FIN> ;
        org:organization <https://w3id.org/armskg/id/org/nato> ; ak:date "2023-04-04"^^xsd:date ."""
    store.load(data.encode(), format=ox.RdfFormat.TURTLE)
    derive_status(store)  # the membership statuses the edges are read from
    edges = list(relations(store, Filters()).edges(keys=True, data=True))
    assert [(k, a["start"]) for _, _, k, a in edges] == [("member-of:membership:FIN-nato", "2023-04-04")]
    assert relations(store, Filters(as_of=__import__("datetime").date(2020, 1, 1))).number_of_edges() == 0


def test_graphml_reads_back_with_unique_edge_ids_and_typed_attributes(exported: Exported, expected: dict[str, int],
                                                                      tmp_path: Path) -> None:
    path = tmp_path / "armskg.graphml"
    path.write_bytes(exported("graphml", "relations"))
    graph = nx.read_graphml(path)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (expected["nodes"], expected["edges"])
    assert graph.nodes["state:LTU"]["label"] == "Lithuania"
    assert graph.nodes["state:LTU"]["un_member"] is True
    from lxml import etree

    tree = etree.parse(str(path))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    ids = tree.xpath("//g:edge/@id", namespaces=ns)
    assert len(ids) == len(set(ids)) == expected["edges"]
    keys = tree.xpath("//g:key[@attr.name]", namespaces=ns)
    assert len({(k.get("for"), k.get("attr.name")) for k in keys}) == len(keys)  # one type per name


@pytest.mark.parametrize("view", ["relations", pytest.param("rdf", marks=pytest.mark.slow)])
def test_graphml_keeps_the_graphml_schemas_rules(exported: Exported, view: str) -> None:
    """What graphml.xsd requires of ids, keys and data (the schema itself imports files from the web):
    node and edge ids and attr.name are NMTOKENs, attr.type one of the six types, every data names a key
    declared for its element."""
    import re

    from lxml import etree

    root = etree.fromstring(exported("graphml", view))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    nmtoken = re.compile(r"[\w.:-]+")
    # One selection per kind: lxml's XPath union (a | b) sorts the whole result into document order, which
    # took 36 s on the rdf view's 120,000 elements; separate selections take well under a second.
    node_ids = root.xpath("//g:node/@id", namespaces=ns)
    ids = node_ids + root.xpath("//g:edge/@id", namespaces=ns)
    assert all(nmtoken.fullmatch(i) for i in ids) and len(ids) == len(set(ids))
    keys = {k.get("id"): k for k in root.xpath("g:key", namespaces=ns)}
    assert all(nmtoken.fullmatch(k.get("attr.name")) for k in keys.values() if k.get("attr.name"))
    assert {k.get("attr.type") for k in keys.values() if k.get("attr.type")} <= {"boolean", "int", "long", "float", "double", "string"}
    for element in ("node", "edge"):
        declared = {k for k, key in keys.items() if key.get("for") == element}
        used = set(root.xpath(f"//g:{element}/g:data/@key", namespaces=ns))
        assert used <= declared, sorted(used - declared)[:5]
    ends = set(node_ids)
    assert all(e in ends for e in root.xpath("//g:edge/@source", namespaces=ns))
    assert all(e in ends for e in root.xpath("//g:edge/@target", namespaces=ns))


def test_gexf_is_valid_gexf_13_with_spells(kg: armskg.KnowledgeGraph, expected: dict[str, int], tmp_path: Path) -> None:
    from lxml import etree

    data = kg.export("gexf")
    schema = etree.RelaxNG(etree.parse(str(FIXTURES / "gexf" / "gexf.rng")))
    root = etree.fromstring(data)
    assert schema.validate(root), schema.error_log.last_error
    graph_element = root.find("{http://gexf.net/1.3}graph")
    assert graph_element is not None
    assert (graph_element.get("mode"), graph_element.get("timeformat"), graph_element.get("timerepresentation")) == (
        "dynamic", "date", "interval")
    spell = root.find(".//{http://gexf.net/1.3}edge[@id='party-to:state:LTU:treaty:apmbc:2003-11-01']//{http://gexf.net/1.3}spell")
    assert spell is not None and (spell.get("start"), spell.get("end")) == ("2003-11-01", "2025-12-26")
    path = tmp_path / "armskg.gexf"
    path.write_bytes(data)
    graph = nx.read_gexf(path)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (expected["nodes"], expected["edges"])


def test_gexf_borders_view_carries_each_states_status_over_time(kg: armskg.KnowledgeGraph) -> None:
    root = __import__("lxml.etree", fromlist=["etree"]).fromstring(kg.export("gexf", view="borders", treaty="ottawa"))
    ns = "{http://gexf.net/1.3}"
    column = root.find(f".//{ns}attribute[@title='status_apmbc_over_time']").get("id")
    values = root.findall(f".//{ns}node[@id='state:LTU']//{ns}attvalue[@for='{column}']")
    assert [(v.get("value"), v.get("start"), v.get("end")) for v in values][-3:] == [
        ("party", "2003-11-01", "2025-06-26"), ("withdrawing", "2025-06-27", "2025-12-26"), ("withdrawn", "2025-12-27", None)]


@pytest.mark.parametrize("view", ["borders", pytest.param("rdf", marks=pytest.mark.slow)])
def test_gexf_of_other_views_is_valid(kg: armskg.KnowledgeGraph, view: str) -> None:
    from lxml import etree

    schema = etree.RelaxNG(etree.parse(str(FIXTURES / "gexf" / "gexf.rng")))
    assert schema.validate(etree.fromstring(kg.export("gexf", view=view))), schema.error_log.last_error


def test_cytoscape_json_has_string_ids_and_endpoints(kg: armskg.KnowledgeGraph, expected: dict[str, int]) -> None:
    document = json.loads(kg.export("cytoscape"))
    nodes, edges = document["elements"]["nodes"], document["elements"]["edges"]
    assert (len(nodes), len(edges)) == (expected["nodes"], expected["edges"])
    ids = {n["data"]["id"] for n in nodes}
    assert all(isinstance(i, str) for i in ids) and len(ids) == len(nodes)
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
    assert len({e["data"]["id"] for e in edges}) == len(edges)


def test_dot_renders_with_graphviz(kg: armskg.KnowledgeGraph, tmp_path: Path) -> None:
    dot = _tool("dot")
    data = kg.export("dot", treaty="ottawa", region="LTU")
    graph = kg.to_networkx(treaty="ottawa", region="LTU")
    assert data.decode().count(" -> ") == graph.number_of_edges()
    done = subprocess.run([dot, "-Tsvg"], input=data, capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode()
    svg = done.stdout.decode()
    assert svg.count('class="node"') == graph.number_of_nodes()
    assert svg.count('class="edge"') == graph.number_of_edges()
    assert "https://w3id.org/armskg/id/state/LTU" in svg


def _read_jsonld(data: bytes) -> list[tuple[object, object, object, object]]:
    """Every quad rdflib reads from a JSON-LD document (rdflib warns about its own deprecated internals)."""
    import warnings

    import rdflib

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset = rdflib.Dataset()
        dataset.parse(data=data, format="json-ld")
        return list(dataset.quads((None, None, None, None)))


def test_borders_view_in_dot_names_and_colours_each_states_status(kg: armskg.KnowledgeGraph) -> None:
    text = kg.export("dot", view="borders", treaty="ottawa", as_of="2026-03-01", region="LTU").decode()
    assert 'label="Lithuania (withdrawn)\\nhttps://w3id.org/armskg/id/state/LTU"' in text
    assert text.count(f'fillcolor="{STATUSES["withdrawn"].colour}"') == 3  # Latvia, Lithuania, Poland had left


def test_jsonld_reads_back_with_rdflib_without_fetching(kg: armskg.KnowledgeGraph) -> None:
    import rdflib

    data = kg.export("jsonld", treaty="ottawa", region="LTU")
    document = json.loads(data)
    assert isinstance(document["@context"], dict)  # embedded, never a URL
    triples = {(s, p, o) for s, p, o, _ in _read_jsonld(data)}
    ltu = rdflib.URIRef(STATE + "LTU")
    assert (ltu, rdflib.URIRef(AK + "iso3"), rdflib.Literal("LTU")) in triples
    intervals = {str(s) for s, p, o in triples if p == rdflib.RDF.type and o == rdflib.URIRef(AK + "StatusInterval")}
    view = kg.to_networkx(treaty="ottawa", region="LTU")
    basis = {b for _, _, bs in view.edges(data="basis") for b in bs.split()}
    assert intervals and intervals <= basis


@pytest.mark.slow
def test_jsonld_of_the_rdf_view_is_the_whole_dataset(kg: armskg.KnowledgeGraph) -> None:

    assert len(_read_jsonld(kg.export("jsonld", view="rdf"))) == len(kg)


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "cytoscape", "dot", "jsonld"])
def test_same_graph_same_bytes(kg: armskg.KnowledgeGraph, fmt: str) -> None:
    assert kg.export(fmt, region="LTU:2") == kg.export(fmt, region="LTU:2")


@pytest.mark.parametrize("data", ["small", pytest.param("whole", marks=pytest.mark.slow)])
def test_rdf_view_has_one_node_per_resource(kg: armskg.KnowledgeGraph, request: pytest.FixtureRequest, data: str) -> None:
    """Every triple between two resources (IRIs, blank nodes) of every named graph is one edge. Every run asks
    it of the small data copy (conftest: every graph, ontology and shapes whole, blank nodes; 37k quads, the
    view in 0.6 s of CPU); the thorough run (CI) of the whole data too (167k quads, 2 s and more)."""
    if data == "small":
        request.getfixturevalue("small_artifact")  # built once for the run: the load below reads it
        kg = armskg.load(request.getfixturevalue("small_data_copy"))
    graph = kg.to_networkx("rdf")
    resource_edges = _count(kg, "GRAPH ?g { ?s ?p ?o FILTER (!isLiteral(?o)) }")
    assert graph.number_of_edges() == resource_edges
    assert graph.nodes[STATE + "LTU"]["ak_iso3"] == "LTU"


def test_rdf_view_refuses_filters(kg: armskg.KnowledgeGraph) -> None:
    with pytest.raises(armskg.ArmskgError, match="rdf view"):
        kg.to_networkx("rdf", treaty="ottawa")


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "svg"], "unknown format 'svg'"),
    (["--format", "gexf", "--treaty", "otawa"], "unknown treaty 'otawa'"),
    (["--format", "gexf", "--as-of", "2025-13-01"], "bad --as-of"),
    (["--format", "gexf", "--view", "maps"], "unknown view 'maps'"),
    (["--format", "gexf", "--region", "Atlantis"], "unknown state 'Atlantis'"),
    (["-o", "armskg.xlsx"], "give --format"),
], ids=["format", "treaty", "date", "view", "region", "extension"])
def test_cli_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    done = run_cli("export", *args)
    assert done.returncode == 2
    assert message in done.stderr and done.stderr.count("\n") == 1
    assert done.stdout == ""


def test_cli_unwritable_output_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.gexf"
    done = run_cli("export", "--format", "gexf", "--region", "LTU:0", "-o", str(target))
    assert done.returncode == 2 and "cannot write" in done.stderr
    assert not target.parent.exists()


def test_cli_writes_the_file_in_the_format_its_extension_names(tmp_path: Path) -> None:
    target = tmp_path / "ltu.graphml"
    done = run_armskg("export", "--region", "LTU", "--treaty", "ottawa", "-o", str(target))
    assert (done.returncode, done.stdout) == (0, f"wrote {target}\n"), done.stderr  # says what it wrote, as plot and map
    graph = nx.read_graphml(target)
    kinds = sorted(str(a["kind"]) for _, a in graph.nodes(data=True))
    # Lithuania and its four neighbours, the Ottawa Convention, and the organisations they are members of
    assert kinds == ["organisation"] * 3 + ["state"] * 5 + ["treaty"]
    assert [p.name for p in tmp_path.iterdir()] == ["ltu.graphml"]  # no temporary file left


@pytest.fixture(scope="module")
def whole_view_page(kg: armskg.KnowledgeGraph) -> bytes:
    """The html view of every state on 2026-03-01 (1 s of CPU), made once: Chromium opens it, and the positions
    and sources tests read the data it draws."""
    return kg.export("html", as_of="2026-03-01")


def _page_data(page: bytes) -> dict[str, Any]:
    """The data a page draws: its armskg-data element, read as the page's script reads it (JSON.parse)."""
    import lxml.html

    data: dict[str, Any] = json.loads(lxml.html.fromstring(page).get_element_by_id("armskg-data").text)
    return data


def test_html_view_in_chromium(whole_view_page: bytes, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from conftest import console_errors, wait_ready

    page = tmp_path / "armskg.html"
    page.write_bytes(whole_view_page)
    text = page.read_text(encoding="utf-8")
    assert "<script src=" not in text and "<link " not in text.replace('<link rel="icon" href="data:,">', "")
    console_errors(browser)
    browser.get(page.as_uri())
    wait_ready(browser)
    assert browser.execute_script("return document.querySelectorAll('.scatterlayer .point').length") >= 197
    colour_of_lithuania = """const g = document.getElementById('graph'), i = g.data[2].text.indexOf('LTU');
                             return g.data[2].marker.color[i];"""
    later = browser.execute_script("return armskg.counts()")
    withdrawn = browser.execute_script(colour_of_lithuania)
    # Move the slider as a user would: set its value and fire the input event.
    browser.execute_script("""const s = document.getElementById('date-slider');
        s.value = Math.round(Date.parse('2025-06-01T00:00:00Z') / 864e5);
        s.dispatchEvent(new Event('input'));""")
    earlier = browser.execute_script("return armskg.counts()")
    assert browser.find_element("id", "date-label").text == "2025-06-01"
    assert (earlier["party"], later["party"]) == (164, 161) and later["withdrawn"] == 5
    assert withdrawn != browser.execute_script(colour_of_lithuania)  # Lithuania is drawn as a party again
    assert "date=2025-06-01" in browser.execute_script("return location.hash")  # the view's state is in the URL
    search = browser.find_element("id", "search")  # search a state as a user would: type, then leave the box
    search.send_keys("Lithuania")
    search.send_keys("\t")
    facts = browser.find_element("id", "panel").text
    assert "Lithuania" in facts and "since 2003-11-01" in facts
    # A click on a state's marker (plotly's click event, as plotly emits it) shows that state's panel.
    browser.execute_script("""const g = document.getElementById('graph'), i = g.data[2].text.indexOf('FIN');
        g.emit('plotly_click', {points: [{curveNumber: 2, customdata: i}]});""")
    assert browser.find_element("id", "panel").text.startswith("Finland")
    # States sit where they are: Europe's zoom frames Lithuania, and no two markers overlap.
    browser.execute_script("const r = document.getElementById('region'); r.value = 'europe'; r.dispatchEvent(new Event('change'));")
    assert "region=europe" in browser.execute_script("return location.hash")
    x0, x1 = browser.execute_script("return document.getElementById('graph')._fullLayout.xaxis.range")
    lithuania_x = browser.execute_script("const g = document.getElementById('graph'); return g.data[2].x[g.data[2].text.indexOf('LTU')]")
    assert x0 < lithuania_x < x1
    assert console_errors(browser) == []


def test_network_positions_keep_states_apart(whole_view_page: bytes) -> None:
    """Where the page draws each state (its data element, read as the page's script reads it)."""
    import math

    from armskg.export.html import GAP

    points = _page_data(whole_view_page)["pos"]
    assert isinstance(points, list) and len(points) >= 193
    closest = min(math.dist(p, q) for i, p in enumerate(points) for q in points[i + 1:])
    assert closest >= GAP * 0.9


def test_an_acts_field_given_twice_shows_both_in_the_views_data(kg: armskg.KnowledgeGraph) -> None:
    """Two notes on one act (North Korea's accession to the NPT): the panels show both, in one order, never
    whichever row the engine returned first."""
    from armskg.export.viewdata import ACT_FIELDS, acts

    act = "https://w3id.org/armskg/id/action/npt/PRK-accession-1985-12-12"
    notes = sorted(r["n"] for r in kg.sparql(f"PREFIX ak: <{AK}> SELECT ?n WHERE {{ <{act}> ak:note ?n }}"))
    assert len(notes) == 2
    rows, _ = acts(kg.store, kg.root, {STATE + "PRK"})
    assert next(a for a in rows if a[0] == act)[3 + ACT_FIELDS.index("note")] == " ".join(notes)


def test_a_helper_query_read_by_position_must_select_its_columns_in_order(kg: armskg.KnowledgeGraph) -> None:
    """The status intervals and the acts are read by position: an edited SELECT is an error, not a misread."""
    from armskg.sparql.text import columns

    solutions = kg.store.query("SELECT ?b ?a WHERE { BIND (1 AS ?a) BIND (2 AS ?b) }")
    assert isinstance(solutions, ox.QuerySolutions)
    with pytest.raises(armskg.ArmskgError, match=r"^x\.rq selects b, a; armskg reads a, b, in that order$"):
        columns(solutions, ("a", "b"), "x.rq")


def test_a_regions_view_numbers_its_acts_sources_as_the_whole_views(kg: armskg.KnowledgeGraph,
                                                                    whole_view_page: bytes) -> None:
    """A view of a few states reads their acts only, yet lists every cited source in the same order, so
    that an act's sources are the same numbers, with the same titles, in every view (here: as in the page of
    every state on the same day)."""
    import datetime as dt

    from armskg.export.viewdata import states, view_data

    day = dt.date(2026, 3, 1)
    region = {STATE + "LTU", STATE + "LVA"}
    whole = _page_data(whole_view_page)
    assert whole["asOf"] == day.isoformat() and len(whole["states"]) == len(states(kg.store, kg.root))
    part = json.loads(json.dumps(view_data(kg.store, kg.root, day, keep=region)))  # as a page holds it
    assert part["sources"] == whole["sources"] and len(whole["sources"]) > 100

    def cited(data: dict[str, object]) -> dict[tuple[str, int, str, str], list[int]]:
        names = [s[0] for s in data["states"]]  # type: ignore[attr-defined]
        return {(names[a[0]], a[1], a[2], a[3]): a[-1] for a in data["acts"]}  # type: ignore[attr-defined]

    mine = cited(part)
    assert len(mine) > 20 and all(refs for refs in mine.values())
    assert mine == {k: v for k, v in cited(whole).items() if k[0] in region}
    assert len(states(kg.store, kg.root)) > 2 * len(region)  # the path that reads the region's acts only
