"""Generated states and borders: reproducible from their inputs, and checked against a second source."""

from __future__ import annotations

import csv
from pathlib import Path

import importers
import pytest

import armskg
from armskg.resources import data_root

ROOT = data_root()
TABLES = ROOT / "graph" / "tables"


@pytest.mark.parametrize("name", sorted(importers.GENERATORS))
def test_generated_file_is_what_the_importer_writes(name: str) -> None:
    on_disk = (ROOT / "graph" / "generated" / f"{name}.ttl").read_text(encoding="utf-8")
    assert importers.GENERATORS[name](ROOT) == on_disk, f"run: python tools/importers.py {name}"


def _table(name: str) -> list[dict[str, str]]:
    with (TABLES / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_every_difference_from_the_second_source_is_a_reviewed_correction() -> None:
    states = {row["iso3"] for row in _table("states.tsv")}
    ours, corrections = importers.corrected_borders(ROOT)
    second = {(r["a"], r["b"]) for r in _table("borders-second-source.tsv") if r["a"] in states and r["b"] in states}
    unexplained = (set(ours) ^ second) - set(corrections)
    assert unexplained == set()


def test_the_known_faults_of_the_seed_are_gone(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.sparql("""PREFIX ak: <https://w3id.org/armskg/ontology#>
        SELECT ?a ?b WHERE { ?x ak:bordersOn ?y . ?x ak:iso3 ?a . ?y ak:iso3 ?b }""")
    pairs = {(r["a"], r["b"]) for r in rows}
    assert all((b, a) in pairs for a, b in pairs)                         # symmetric
    assert ("KWT", "IRN") not in pairs and ("TCD", "SSD") not in pairs      # non-existent borders
    assert ("TCD", "SDN") in pairs and ("IRQ", "KWT") in pairs              # one-way in the seed
    codes = {a for a, _ in pairs}
    assert not codes & {"SCG", "ANT", "KOS", "XKX"}                        # retired or non-ISO codes


def test_un_membership(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.sparql("""PREFIX ak: <https://w3id.org/armskg/ontology#>
        SELECT (COUNT(?m) AS ?members) (COUNT(?o) AS ?observers) WHERE {
          { ?m a ak:State ; ak:unMember true } UNION { ?o a ak:State ; ak:unObserver true } }""")
    assert (rows[0]["members"], rows[0]["observers"]) == ("193", "2")


@pytest.mark.parametrize(("iso3", "admitted"), [("RUS", "1945-10-24"), ("SSD", "2011-07-14"), ("MNE", "2006-06-28"),
                                                ("CHE", "2002-09-10"), ("VAT", None)])
def test_admission_dates(kg: armskg.KnowledgeGraph, iso3: str, admitted: str | None) -> None:
    rows = kg.sparql(f"""PREFIX ak: <https://w3id.org/armskg/ontology#>
        SELECT ?d WHERE {{ ?s ak:iso3 "{iso3}" . OPTIONAL {{ ?s ak:unAdmission ?d }} }}""")
    assert rows[0]["d"] == admitted


def test_tables_have_no_stray_whitespace() -> None:
    for path in sorted(Path(TABLES).glob("*.tsv")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert all(cell == cell.strip() for cell in line.split("\t")), f"{path.name}:{number}"
