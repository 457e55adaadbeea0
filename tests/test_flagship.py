"""The flagship question and the treaty status, at several dates (golden answers)."""

from __future__ import annotations

import pytest

import armskg

BORDERING = {
    "2000-01-01": ["NOR"],
    "2025-06-01": ["BLR", "EST", "FIN", "LTU", "LVA", "NOR", "POL", "UKR"],
    "2025-12-26": ["BLR", "EST", "FIN", "LTU", "LVA", "NOR", "POL", "UKR"],
    "2025-12-27": ["BLR", "FIN", "NOR", "POL", "UKR"],
    "2026-01-10": ["BLR", "NOR", "POL", "UKR"],
    "2026-02-19": ["BLR", "NOR", "POL", "UKR"],
    "2026-02-20": ["BLR", "NOR", "UKR"],
    "2026-03-01": ["BLR", "NOR", "UKR"],
}


@pytest.mark.parametrize(("as_of", "expected"), BORDERING.items(), ids=list(BORDERING))
def test_ottawa_parties_bordering_russia(kg: armskg.KnowledgeGraph, as_of: str, expected: list[str]) -> None:
    result = kg.query("parties-bordering", treaty="ottawa", state="RUS", as_of=as_of)
    assert result.column("iso3") == expected
    assert result.columns == ["iso3", "label", "since"]
    assert result.as_of == as_of


def test_names_and_aliases_give_the_same_answer(kg: armskg.KnowledgeGraph) -> None:
    a = kg.query("parties-bordering", treaty="apmbc", state="rus", as_of="2025-06-01")
    b = kg.query("parties-bordering", treaty="Mine-Ban", state="Russian Federation", as_of="2025-06-01")
    assert list(a) == list(b)


@pytest.mark.parametrize(("name", "iso3"), [("Burma", "MMR"), ("great britain", "GBR"), ("Ivory Coast", "CIV"),
                                          ("Swaziland", "SWZ"), ("Türkiye", "TUR")])
def test_a_state_is_found_by_its_other_names(kg: armskg.KnowledgeGraph, name: str, iso3: str) -> None:
    """Names a reader meets in older texts and in the news (graph/tables/state-aliases.tsv)."""
    rows = kg.query("state-timeline", state=name, as_of="2026-03-01")
    assert rows.as_of == "2026-03-01" and kg.query("state-timeline", state=iso3, as_of="2026-03-01").rows == rows.rows


def test_since_is_entry_into_force_for_the_party(kg: armskg.KnowledgeGraph) -> None:
    rows = {r["iso3"]: r["since"] for r in kg.query("parties-bordering", treaty="ottawa", state="RUS", as_of="2025-06-01")}
    assert rows == {"BLR": "2004-03-01", "EST": "2004-11-01", "FIN": "2012-07-01", "LTU": "2003-11-01",
                    "LVA": "2006-01-01", "NOR": "1999-03-01", "POL": "2013-06-01", "UKR": "2006-06-01"}


STATUS = [
    ("2025-06-01", "LTU", "party", "2003-11-01"),
    ("2025-07-01", "LTU", "withdrawing", "2025-06-27"),
    ("2025-12-26", "LTU", "withdrawing", "2025-06-27"),
    ("2025-12-27", "LTU", "withdrawn", "2025-12-27"),
    ("2026-01-01", "FIN", "withdrawing", "2025-07-10"),
    ("2026-01-10", "FIN", "withdrawn", "2026-01-10"),
    ("2026-03-01", "POL", "withdrawn", "2026-02-20"),
    ("2026-03-01", "UKR", "party", "2006-06-01"),
    ("2026-03-01", "RUS", "non-party", None),
    ("2026-03-01", "USA", "non-party", None),
    ("2026-03-01", "CHN", "non-party", None),
    ("1998-01-01", "POL", "signatory", "1997-12-04"),
    ("2012-12-28", "POL", "consented", "2012-12-27"),
    ("2013-06-01", "POL", "party", "2013-06-01"),
    ("2004-01-01", "BLR", "consented", "2003-09-03"),
]


@pytest.mark.parametrize(("as_of", "iso3", "status", "since"), STATUS, ids=[f"{s[1]}-{s[0]}" for s in STATUS])
def test_treaty_status(kg: armskg.KnowledgeGraph, as_of: str, iso3: str, status: str, since: str | None) -> None:
    rows = {r["iso3"]: r for r in kg.query("treaty-status", treaty="ottawa", as_of=as_of)}
    assert (rows[iso3]["status"], rows[iso3]["since"]) == (status, since)


def test_lithuania_left_the_cluster_munitions_convention(kg: armskg.KnowledgeGraph) -> None:
    # Notified on 6 September 2024 (depositary notification C.N.347.2024.TREATIES-XXVI-6).
    before = {r["iso3"]: r["status"] for r in kg.query("treaty-status", treaty="ccm", as_of="2025-03-05")}
    after = {r["iso3"]: r["status"] for r in kg.query("treaty-status", treaty="ccm", as_of="2025-03-06")}
    assert (before["LTU"], after["LTU"]) == ("withdrawing", "withdrawn")
