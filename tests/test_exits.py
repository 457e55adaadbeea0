"""Competency question 12 (state-exits) and the bilateral and regional treaties' statuses over time:
INF, ABM, New START (which ended), Open Skies and CFE (left by the US and Russia, suspended by others)."""

from __future__ import annotations

import pytest
from support import run_cli

import armskg

# treaty, action, notified, effective, treaty_ended
RUSSIA_2026_03_01 = [
    ("cfe", "suspension", "2007-07-14", "2007-12-12", None),
    ("inf", "suspension", "2019-03-04", "2019-03-04", "2019-08-02"),
    ("open-skies", "withdrawal", "2021-06-18", "2021-12-18", None),
    ("new-start", "suspension", "2023-02-28", "2023-02-28", "2026-02-05"),
    ("cfe", "withdrawal", "2023-06-09", "2023-11-07", None),
]
USA_2026_03_01 = [
    ("abm", "withdrawal", "2001-12-13", "2002-06-13", "2002-06-13"),
    ("inf", "suspension", "2019-02-02", "2019-02-02", "2019-08-02"),
    ("inf", "withdrawal", "2019-02-02", "2019-08-02", "2019-08-02"),
    ("open-skies", "withdrawal", "2020-05-22", "2020-11-22", None),
    ("cfe", "suspension", "2023-11-07", "2023-12-07", None),   # with the NATO allies, in response to Russia
]
#: The CTBT (and Russia's revocation of its ratification) is added by another engineer in parallel.
CTBT = "ctbt"


def _exits(rows: armskg.api.Result, without: str | None = None) -> list[tuple[str | None, ...]]:
    return [(r["treaty"], r["action"], r["notified"] or None, r["effective"] or None, r["treaty_ended"] or None)
            for r in rows if r["treaty"] != without]


def _statuses(kg: armskg.KnowledgeGraph, treaty: str, as_of: str) -> dict[str, tuple[str | None, str | None]]:
    """Every state with a status an act gives (not non-party, not `not recorded`): iso3 -> (status, since)."""
    return {r["iso3"]: (r["status"], r["since"]) for r in kg.query("treaty-status", treaty=treaty, as_of=as_of)
            if r["status"] not in ("non-party", "not recorded") and r["iso3"]}


def _has_treaty(kg: armskg.KnowledgeGraph, code: str) -> bool:
    return len(kg.sparql(f'PREFIX ak: <https://w3id.org/armskg/ontology#> SELECT ?t WHERE {{ ?t a ak:Treaty ; ak:code "{code}" }}')) > 0


# ======== state-exits ========

def test_state_exits_columns(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.query("state-exits", state="RUS", as_of="2026-03-01")
    assert rows.columns == ["treaty", "action", "notified", "effective", "treaty_ended", "note", "source"]
    assert all(r["source"] and r["source"].startswith("http") for r in rows)


def test_russia_exits(kg: armskg.KnowledgeGraph) -> None:
    assert _exits(kg.query("state-exits", state="Russia", as_of="2026-03-01"), without=CTBT) == RUSSIA_2026_03_01


def test_russia_revoked_its_ctbt_ratification(kg: armskg.KnowledgeGraph) -> None:
    if not _has_treaty(kg, CTBT):
        pytest.skip("the CTBT is not in the graph yet: its data, with Russia's 2023 revocation, is added in parallel")
    rows = [r for r in kg.query("state-exits", state="RUS", as_of="2026-03-01") if r["treaty"] == CTBT]
    assert [r["action"] for r in rows] == ["revocation of ratification"]
    assert (rows[0]["notified"] or rows[0]["effective"] or "").startswith("2023-")


@pytest.mark.parametrize(("as_of", "expected"), [
    ("2007-07-13", []),
    ("2007-07-14", ["cfe"]),                                        # notified; takes effect in December
    ("2021-06-17", ["cfe", "inf"]),
    ("2021-06-18", ["cfe", "inf", "open-skies"]),
    ("2023-06-08", ["cfe", "inf", "open-skies", "new-start"]),
    ("2023-06-09", ["cfe", "inf", "open-skies", "new-start", "cfe"]),
], ids=["before", "cfe-suspension", "before-open-skies", "open-skies", "before-cfe-notice", "cfe-notice"])
def test_russia_exits_known_on_a_date(kg: armskg.KnowledgeGraph, as_of: str, expected: list[str]) -> None:
    rows = kg.query("state-exits", state="RUS", as_of=as_of)
    assert [r["treaty"] for r in rows if r["treaty"] != CTBT] == expected


def test_an_effect_after_the_date_is_shown(kg: armskg.KnowledgeGraph) -> None:
    (row,) = kg.query("state-exits", state="RUS", as_of="2007-08-01")
    assert (row["effective"], row["treaty_ended"]) == ("2007-12-12", None)
    # INF had not ended yet on 1 March 2019 (Russia's suspension came three days later).
    rows = kg.query("state-exits", state="USA", as_of="2019-03-01")
    assert [(r["treaty"], r["treaty_ended"]) for r in rows] == [("abm", "2002-06-13"), ("inf", None), ("inf", None)]


def test_united_states_exits(kg: armskg.KnowledgeGraph) -> None:
    assert _exits(kg.query("state-exits", state="United States of America", as_of="2026-03-01")) == USA_2026_03_01


@pytest.mark.parametrize(("as_of", "count"), [("2001-12-12", 0), ("2001-12-13", 1), ("2020-05-21", 3), ("2020-05-22", 4)],
                         ids=["before-abm", "abm", "before-open-skies", "open-skies"])
def test_united_states_exits_known_on_a_date(kg: armskg.KnowledgeGraph, as_of: str, count: int) -> None:
    assert len(kg.query("state-exits", state="USA", as_of=as_of)) == count


def test_a_state_with_no_exits(kg: armskg.KnowledgeGraph) -> None:
    assert len(kg.query("state-exits", state="Ireland", as_of="2026-03-01")) == 0


@pytest.mark.parametrize(("as_of", "actions"), [("2023-11-06", []), ("2023-11-07", [("cfe", "suspension")])],
                         ids=["before", "on"])
def test_norways_one_exit_is_its_cfe_suspension(kg: armskg.KnowledgeGraph, as_of: str,
                                                 actions: list[tuple[str, str]]) -> None:
    rows = kg.query("state-exits", state="Norway", as_of=as_of)
    assert [(r["treaty"], r["action"]) for r in rows] == actions


def test_state_exits_from_the_command_line() -> None:
    done = run_cli("query", "state-exits", "-p", "state=RUS", "--as-of", "2026-03-01", "--format", "csv")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "treaty,action,notified,effective,treaty_ended,note,source"
    assert any(line.startswith("cfe,withdrawal,2023-06-09,2023-11-07,") for line in lines)


def test_unknown_state_exits_2_with_one_line() -> None:
    done = run_cli("query", "state-exits", "-p", "state=Rusia")
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "unknown state 'Rusia'" in done.stderr


# ======== treaty-status: the bilateral treaties, which ended ========

@pytest.mark.parametrize(("treaty", "as_of", "expected"), [
    ("inf", "1987-12-07", {}),
    ("inf", "1988-05-31", {"RUS": ("signatory", "1987-12-08"), "USA": ("signatory", "1987-12-08")}),
    ("inf", "1988-06-01", {"RUS": ("party", "1988-06-01"), "USA": ("party", "1988-06-01")}),
    ("inf", "2019-02-01", {"RUS": ("party", "1988-06-01"), "USA": ("party", "1988-06-01")}),
    ("inf", "2019-02-02", {"RUS": ("party", "1988-06-01"), "USA": ("withdrawing", "2019-02-02")}),
    ("inf", "2019-08-01", {"RUS": ("party", "1988-06-01"), "USA": ("withdrawing", "2019-02-02")}),
    ("inf", "2019-08-02", {}),                      # the US withdrawal took effect and the Treaty terminated
    ("inf", "2026-03-01", {}),
    ("abm", "1972-10-03", {"RUS": ("party", "1972-10-03"), "USA": ("party", "1972-10-03")}),
    ("abm", "2002-06-12", {"RUS": ("party", "1972-10-03"), "USA": ("withdrawing", "2001-12-13")}),
    ("abm", "2002-06-13", {}),
    ("new-start", "2011-02-04", {"RUS": ("signatory", "2010-04-08"), "USA": ("signatory", "2010-04-08")}),
    ("new-start", "2023-03-01", {"RUS": ("party", "2011-02-05"), "USA": ("party", "2011-02-05")}),  # suspended, still a party
    ("new-start", "2026-02-04", {"RUS": ("party", "2011-02-05"), "USA": ("party", "2011-02-05")}),
    ("new-start", "2026-02-05", {}),                # expired
    ("new-start", "2026-02-06", {}),
], ids=lambda v: str(v) if not isinstance(v, dict) else "")
def test_bilateral_treaty_status(kg: armskg.KnowledgeGraph, treaty: str, as_of: str,
                                 expected: dict[str, tuple[str, str]]) -> None:
    assert _statuses(kg, treaty, as_of) == expected


def test_the_end_of_inf_in_changes(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.query("changes", treaty="inf", **{"from": "2019-08-01", "to": "2019-08-02"})
    assert [(r["date"], r["iso3"], r["from_status"], r["to_status"]) for r in rows] == [
        ("2019-08-02", "RUS", "party", "non-party"), ("2019-08-02", "USA", "withdrawing", "non-party")]


def test_new_start_suspension_is_listed_with_its_votes(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.query("withdrawals", treaty="new-start", as_of="2026-03-01")
    assert [(r["iso3"], r["voted"], r["notified"], r["effective"]) for r in rows] == [
        ("RUS", "2023-02-22", "2023-02-28", "2023-02-28")]


# ======== treaty-status: Open Skies ========

#: In force for each party as the Netherlands treaty database gives it ("in werking"); the graph derives
#: these dates from Article XVII(6), and they must agree.
OPEN_SKIES_IN_FORCE = {
    "BIH": "2003-10-20", "EST": "2005-05-23", "FIN": "2003-02-10", "HRV": "2005-01-01", "LTU": "2005-07-08",
    "LVA": "2003-02-11", "SVN": "2004-11-24",
    **{iso3: "2002-01-01" for iso3 in ("BEL", "BGR", "BLR", "CAN", "CZE", "DEU", "DNK", "ESP", "FRA", "GBR", "GEO",
                                       "GRC", "HUN", "ISL", "ITA", "LUX", "NLD", "NOR", "POL", "PRT", "ROU", "RUS",
                                       "SVK", "TUR", "UKR", "USA")},
}


def test_open_skies_entry_into_force_agrees_with_the_record(kg: armskg.KnowledgeGraph) -> None:
    statuses = _statuses(kg, "open-skies", "2020-05-21")
    assert {iso3: since for iso3, (status, since) in statuses.items() if status == "party"} == OPEN_SKIES_IN_FORCE
    assert statuses["KGZ"] == ("signatory", "1992-12-15")


@pytest.mark.parametrize(("as_of", "parties"), [
    ("2001-12-31", 0), ("2002-01-01", 26), ("2020-11-21", 33), ("2020-11-22", 32), ("2021-12-17", 32), ("2021-12-18", 31),
], ids=lambda v: str(v))
def test_open_skies_party_count(kg: armskg.KnowledgeGraph, as_of: str, parties: int) -> None:
    # Sweden (a party since 2002) is missing: no source read dates its accession (graph/participation/open-skies.ttl).
    statuses = _statuses(kg, "open-skies", as_of)
    assert sum(status in ("party", "withdrawing") for status, _ in statuses.values()) == parties


@pytest.mark.parametrize(("iso3", "as_of", "expected"), [
    ("USA", "2020-05-21", ("party", "2002-01-01")),
    ("USA", "2020-05-22", ("withdrawing", "2020-05-22")),
    ("USA", "2020-11-22", ("withdrawn", "2020-11-22")),
    ("RUS", "2021-12-17", ("withdrawing", "2021-06-18")),
    ("RUS", "2021-12-18", ("withdrawn", "2021-12-18")),
], ids=lambda v: str(v))
def test_open_skies_withdrawals(kg: armskg.KnowledgeGraph, iso3: str, as_of: str, expected: tuple[str, str]) -> None:
    assert _statuses(kg, "open-skies", as_of)[iso3] == expected


# ======== treaty-status: CFE ========

@pytest.mark.parametrize("as_of", ["1993-01-01", "1996-10-21", "2023-11-08"])
def test_czech_and_slovak_successions_take_effect_from_1993(kg: armskg.KnowledgeGraph, as_of: str) -> None:
    """Deposited in 1996, in force from the day Czechoslovakia dissolved: a party before the act itself."""
    statuses = _statuses(kg, "cfe", as_of)
    assert statuses["CZE"] == statuses["SVK"] == ("party", "1993-01-01")
    assert "CZE" not in _statuses(kg, "cfe", "1992-12-31")  # non-party before Czechoslovakia dissolved


def test_cfe_in_force_for_its_ratifiers_on_the_treatys_date(kg: armskg.KnowledgeGraph) -> None:
    before, on = _statuses(kg, "cfe", "1992-11-08"), _statuses(kg, "cfe", "1992-11-09")
    assert before["RUS"] == ("consented", "1992-09-03")
    parties = {iso3 for iso3, (status, _) in on.items() if status == "party"}
    assert len(parties) == 28 and {"RUS", "UKR", "KAZ", "DEU", "GBR", "USA"} <= parties
    # The UK's and the US's ratifications are not dated in any source read: held undated, in force with
    # the Treaty (tests/test_data_audit.py).
    assert before["USA"] == ("signatory", "1990-11-19")


@pytest.mark.parametrize(("iso3", "as_of", "expected"), [
    ("RUS", "2007-12-12", ("party", "1992-11-09")),        # suspended, still a party
    ("RUS", "2023-06-08", ("party", "1992-11-09")),
    ("RUS", "2023-06-09", ("withdrawing", "2023-06-09")),
    ("RUS", "2023-11-06", ("withdrawing", "2023-06-09")),
    ("RUS", "2023-11-07", ("withdrawn", "2023-11-07")),    # the date the notice named, not 150 days after it
    ("CAN", "2024-03-01", ("party", "1992-11-09")),        # the allies' suspensions leave them parties
    ("ITA", "2024-03-01", ("party", "1992-11-09")),
], ids=lambda v: str(v))
def test_cfe_status(kg: armskg.KnowledgeGraph, iso3: str, as_of: str, expected: tuple[str, str]) -> None:
    assert _statuses(kg, "cfe", as_of)[iso3] == expected


def test_cfe_suspensions_in_response_to_russia(kg: armskg.KnowledgeGraph) -> None:
    rows = kg.query("withdrawals", treaty="cfe", as_of="2024-03-01")
    allies = sorted(r["iso3"] or "" for r in rows if r["notified"] and r["notified"] >= "2023-11-07")
    assert allies == ["CAN", "CZE", "DEU", "DNK", "FRA", "GBR", "ITA", "NOR", "USA"]


# ======== a signatory that does not intend to become a party: the United States and the ATT ========

@pytest.mark.parametrize(("as_of", "expected"), [
    ("2013-09-24", ("non-party", None)),
    ("2019-07-17", ("signatory", "2013-09-25")),
    ("2019-07-18", ("non-party", "2019-07-18")),
    ("2026-03-01", ("non-party", "2019-07-18")),
], ids=["before-signature", "day-before", "received", "later"])
def test_united_states_att_signature_ends(kg: armskg.KnowledgeGraph, as_of: str, expected: tuple[str, str | None]) -> None:
    rows = {r["iso3"]: (r["status"], r["since"] or None) for r in kg.query("treaty-status", treaty="att", as_of=as_of)}
    assert rows["USA"] == expected


def test_united_states_att_notice_in_the_timeline_and_changes(kg: armskg.KnowledgeGraph) -> None:
    timeline = [(r["date"], r["action"]) for r in kg.query("state-timeline", state="USA", as_of="2026-03-01")
                if r["treaty"] == "att"]
    assert timeline == [("2013-09-25", "signature"), ("2019-07-18", "notice of intent not to become a party")]
    changes = [(r["iso3"], r["from_status"], r["to_status"])
               for r in kg.query("changes", **{"from": "2019-07-17", "to": "2019-07-18"}, treaty="att")]
    assert changes == [("USA", "signatory", "non-party")]
