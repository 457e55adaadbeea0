"""Wikidata links (issue 12, point 1): each state, and each treaty and organisation whose item a source gives,
carries its Wikidata item as skos:exactMatch: a state's from a dataset that maps ISO codes to items, checked
against another; a treaty's or organisation's from graph/tables/wikidata.tsv, whose other rows say "not
recorded" (and docs/data.md names them)."""

from __future__ import annotations

import csv

import pytest
import rdflib

import armskg
from armskg.resources import data_root

PREFIXES = """PREFIX ak: <https://w3id.org/armskg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
WD = "http://www.wikidata.org/entity/"


def _items(kg: armskg.KnowledgeGraph) -> dict[str, list[str]]:
    rows = kg.sparql(PREFIXES + """
        SELECT ?iso3 ?item WHERE { ?s a ak:State ; ak:iso3 ?iso3 . OPTIONAL { ?s skos:exactMatch ?item } }""")
    items: dict[str, list[str]] = {}
    for r in rows:
        items.setdefault(r["iso3"] or "", []).extend([r["item"]] if r["item"] else [])
    return items


@pytest.mark.parametrize(("iso3", "qid"), [("LTU", "Q37"), ("RUS", "Q159"), ("USA", "Q30"), ("NLD", "Q29999"),
                                           ("VAT", "Q159583")], ids=lambda v: str(v))
def test_state_wikidata_item(kg: armskg.KnowledgeGraph, iso3: str, qid: str) -> None:
    assert _items(kg)[iso3] == [WD + qid]


def test_every_state_has_exactly_one_wikidata_item(kg: armskg.KnowledgeGraph) -> None:
    items = _items(kg)
    assert len(items) == 197
    assert {iso3: found for iso3, found in items.items() if len(found) != 1} == {}
    assert all(found[0].startswith(WD + "Q") for found in items.values())


def test_no_two_states_share_an_item(kg: armskg.KnowledgeGraph) -> None:
    items = [found[0] for found in _items(kg).values()]
    assert len(items) == len(set(items))


def test_every_mapping_rests_on_a_dataset(kg: armskg.KnowledgeGraph) -> None:
    """Each state's sources include a dataset that maps its code (or, for the Holy See, its name) to the item."""
    rows = kg.sparql(PREFIXES + """
        SELECT ?iso3 WHERE {
          ?s a ak:State ; ak:iso3 ?iso3 ; skos:exactMatch ?item .
          FILTER NOT EXISTS { ?s dcterms:source/ak:sourceKind ak:kind-dataset }
        }""")
    assert rows.column("iso3") == []


def _table() -> list[dict[str, str]]:
    with (data_root() / "graph" / "tables" / "states.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_all_but_one_mapping_is_checked_against_a_second_dataset() -> None:
    """OWID is the first dataset; Conzept or entitree confirm each item except the State of Palestine's,
    which no second ISO-code dataset read lists (the Holy See's comes from a curated map of party names)."""
    single = sorted(r["iso3"] for r in _table() if len(r["wikidata_source"].split()) < 2)
    assert single == ["PSE", "VAT"]


@pytest.mark.parametrize(("code", "qid"), [("nato", "Q7184"), ("eu", "Q458")])
def test_organisation_wikidata_item(kg: armskg.KnowledgeGraph, code: str, qid: str) -> None:
    rows = kg.sparql(PREFIXES + f"""
        SELECT ?item WHERE {{ ?o a ak:InternationalOrganisation ; ak:code "{code}" ; skos:exactMatch ?item }}""")
    assert rows.column("item") == [WD + qid]


def test_importer_refuses_a_row_without_a_sourced_item() -> None:
    import importers

    with pytest.raises(SystemExit, match="needs a Wikidata item"):
        importers._wikidata_lines({"iso3": "XXX", "wikidata": "Q37", "wikidata_source": "", "wikidata_note": ""})
    with pytest.raises(SystemExit, match="needs a Wikidata item"):
        importers._wikidata_lines({"iso3": "XXX", "wikidata": "Q37> ; a <x", "wikidata_source": "owid",
                                   "wikidata_note": ""})


def test_generated_states_match_the_table() -> None:
    graph = rdflib.Graph().parse(data_root() / "graph" / "generated" / "states.ttl")
    skos = rdflib.SKOS
    found = {str(graph.value(s, rdflib.URIRef("https://w3id.org/armskg/ontology#iso3"))): str(o)
             for s, o in graph.subject_objects(skos.exactMatch)}
    assert found == {r["iso3"]: WD + r["wikidata"] for r in _table()}


# ---- treaties and organisations (graph/tables/wikidata.tsv, graph/generated/wikidata.ttl) ----

def _links() -> list[dict[str, str]]:
    with (data_root() / "graph" / "tables" / "wikidata.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _graph_codes(kg: armskg.KnowledgeGraph) -> dict[tuple[str, str], list[str]]:
    """Every treaty (or protocol) and organisation with a code, and the Wikidata items it carries."""
    rows = kg.sparql(PREFIXES + """
        SELECT DISTINCT ?kind ?code ?item WHERE {
          { ?s a ak:Treaty } UNION { ?s a ak:Protocol } UNION { ?s a ak:InternationalOrganisation }
          ?s ak:code ?code .
          BIND(IF(EXISTS { ?s a ak:InternationalOrganisation }, "organisation", "treaty") AS ?kind)
          OPTIONAL { ?s skos:exactMatch ?item }
        }""")
    found: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        found.setdefault((r["kind"] or "", r["code"] or ""), []).extend([r["item"]] if r["item"] else [])
    return found


@pytest.mark.parametrize(("kind", "code", "qid"), [("organisation", "csto", "Q318693"),
                                                   ("treaty", "tpnw", "Q28130514"),
                                                   ("treaty", "open-skies", "Q1928989"),
                                                   ("treaty", "npt", "Q186444"),
                                                   ("treaty", "cwc", "Q547896"),
                                                   ("organisation", "nato", "Q7184")], ids=lambda v: str(v))
def test_treaty_or_organisation_wikidata_item(kg: armskg.KnowledgeGraph, kind: str, code: str, qid: str) -> None:
    assert _graph_codes(kg)[(kind, code)] == [WD + qid]


@pytest.mark.parametrize("code", ["apmbc", "ctbt", "enmod", "bwc", "nato"])
def test_a_treaty_no_source_maps_carries_no_item(kg: armskg.KnowledgeGraph, code: str) -> None:
    """The Ottawa Convention (one dataset only), the CTBT and ENMOD (that dataset's records are inconsistent),
    the BWC (no source) and the North Atlantic Treaty (as distinct from NATO): no item."""
    assert _graph_codes(kg)[("treaty", code)] == []


@pytest.mark.parametrize(("code", "sources"), [
    ("open-skies", 2), ("npt", 2), ("cwc", 2), ("tpnw", 1)], ids=lambda v: str(v))
def test_a_treaty_mapping_names_how_many_sources_give_it(code: str, sources: int) -> None:
    """Open Skies, the NPT and the CWC rest on two sources; the TPNW on one; each note says how many."""
    row = next(r for r in _links() if r["kind"] == "treaty" and r["code"] == code)
    assert len(row["wikidata_source"].split()) == sources
    assert row["note"].startswith("Two sources" if sources == 2 else "One")


@pytest.mark.parametrize("code", ["att", "ccm", "ccw", "apmbc", "ost", "seabed", "bangkok", "pelindaba",
                                  "rarotonga", "ctbt", "enmod"])
def test_a_single_inconsistent_datasets_item_is_named_but_not_followed(kg: armskg.KnowledgeGraph,
                                                                       code: str) -> None:
    """internacia-db gives these treaties an item; with no second source, and the same dataset wrong elsewhere,
    the row names the item it gives and says why it is not followed, and the graph gives none."""
    row = next(r for r in _links() if r["kind"] == "treaty" and r["code"] == code)
    assert row["note"].startswith("not recorded: one dataset, internacia-db")
    assert "not followed" in row["note"] and row["wikidata"] == ""
    assert _graph_codes(kg)[("treaty", code)] == []


def test_the_tpnw_items_disagreement_is_a_disputed_claim(kg: armskg.KnowledgeGraph) -> None:
    """internacia-db's Q27961877 for the TPNW is kept as a claim contradicted by Wikidata's own page, which
    the graph follows (Q28130514)."""
    rows = [r for r in kg.query("disputed-claims") if r["subject"] == "https://w3id.org/armskg/id/treaty/tpnw"]
    assert [r["claim"] for r in rows] == [
        "The Wikidata item of the Treaty on the Prohibition of Nuclear Weapons is Q27961877."]
    assert rows[0]["contradicted_by"] == "https://www.wikidata.org/wiki/Wikidata:Property_proposal/ratified_by"
    assert rows[0]["source"].startswith("https://github.com/datenoio/internacia-db/")
    assert _graph_codes(kg)[("treaty", "tpnw")] == [WD + "Q28130514"]


def test_the_table_lists_every_treaty_and_organisation_but_nato_and_the_eu(kg: armskg.KnowledgeGraph) -> None:
    """NATO's and the EU's items are asserted in graph/alliances.ttl; everything else has a row."""
    table = {(r["kind"], r["code"]) for r in _links()}
    assert table == set(_graph_codes(kg)) - {("organisation", "nato"), ("organisation", "eu")}
    assert len(table) == 34


def test_each_treaty_and_organisation_has_its_rows_item_or_none(kg: armskg.KnowledgeGraph) -> None:
    """A row with an item gives exactly that item; a row without one says "not recorded" and gives none."""
    found = _graph_codes(kg)
    for row in _links():
        assert found[(row["kind"], row["code"])] == ([WD + row["wikidata"]] if row["wikidata"] else []), row["code"]
        assert bool(row["wikidata"]) != row["note"].startswith("not recorded"), row["code"]


def test_every_treaty_or_organisation_mapping_cites_its_sources(kg: armskg.KnowledgeGraph) -> None:
    """Each mapped row's sources are the item's sources, each a dataset."""
    rows = kg.sparql(PREFIXES + """
        SELECT ?code ?source WHERE {
          ?s ak:code ?code ; skos:exactMatch ?item . ?item dcterms:source ?source .
          ?source ak:sourceKind ak:kind-dataset .
        }""")
    cited: dict[str, set[str]] = {}
    for r in rows:
        cited.setdefault(r["code"] or "", set()).add((r["source"] or "").rsplit("/", 1)[-1])
    for row in _links():
        assert set(row["wikidata_source"].split()) <= cited.get(row["code"], set()), row["code"]


@pytest.mark.parametrize("code", ["tpnw", "csto", "open-skies", "npt"])
def test_a_mappings_sources_are_not_the_treatys_evidence(kg: armskg.KnowledgeGraph, code: str) -> None:
    """The datasets that give an item are the item's sources, never the treaty's or organisation's own, which
    ``armskg check`` cites as evidence (the TPNW's entry into force must not cite a Wikidata page)."""
    rows = kg.sparql(PREFIXES + f"""
        SELECT ?source WHERE {{ ?s ak:code "{code}" ; dcterms:source ?source . ?item dcterms:source ?source .
                                FILTER(STRSTARTS(STR(?item), "{WD}")) }}""")
    assert rows.column("source") == []


def test_no_two_states_treaties_or_organisations_share_an_item(kg: armskg.KnowledgeGraph) -> None:
    """197 states, NATO, the EU, the CSTO, the TPNW, the Open Skies Treaty, the NPT and the CWC: 204 items,
    all different."""
    rows = kg.sparql(PREFIXES + """
        SELECT DISTINCT ?s ?item WHERE { ?s skos:exactMatch ?item . { ?s ak:code ?c } UNION { ?s ak:iso3 ?c } }""")
    items = [r["item"] for r in rows]
    assert len(items) == len(set(items)) == 197 + 7


def test_the_docs_name_every_treaty_without_an_item() -> None:
    """docs/data.md, *Wikidata links*, lists each treaty the graph gives no item (and where armskg looked)."""
    text = (data_root() / "docs" / "data.md").read_text(encoding="utf-8")
    section = text.split("## Wikidata links", 1)[1].split("\n## ", 1)[0]
    unmapped = section.split("**Not recorded**", 1)[1].split("\n\n", 1)[0]
    missing = [r["code"] for r in _links() if not r["wikidata"] and f"`{r['code']}`" not in unmapped]
    assert missing == []


@pytest.mark.parametrize(("change", "message"), [
    ({"wikidata_source": ""}, "needs a Wikidata item"),
    ({"wikidata": "Q1> ; a <x"}, "needs a Wikidata item"),
    ({"wikidata_label": ""}, "needs a Wikidata item"),
    ({"kind": "state"}, "kind must be one of"),
    ({"code": "TPNW"}, "the code must be"),
    ({"wikidata": "", "wikidata_source": "", "note": "no item"}, "must say 'not recorded'"),
    ({"wikidata": ""}, "must say 'not recorded'"),
], ids=["no-source", "not-a-qid", "no-label", "unknown-kind", "bad-code", "unmapped-without-note",
        "unmapped-with-source"])
def test_the_link_writer_refuses_a_bad_row(change: dict[str, str], message: str) -> None:
    import wikidata_links

    row = {"kind": "treaty", "code": "tpnw", "wikidata": "Q28130514",
           "wikidata_label": "Treaty on the Prohibition of Nuclear Weapons",
           "wikidata_source": "wikidata-proposal-ratified-by", "note": "not recorded"} | change
    with pytest.raises(SystemExit, match=message):
        wikidata_links.link_turtle(row)
