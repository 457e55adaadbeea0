"""The statuses are defined once: the ontology's SKOS scheme and armskg.vocab's table say the same."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from armskg.resources import data_root, ontology_file
from armskg.vocab import AK, MEMBERSHIP_STATUSES, STATUSES, TREATY_STATUSES

_SCHEME = """
PREFIX ak: <https://w3id.org/armskg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?notation ?label ?colour ?definition WHERE {
  ?c skos:inScheme ak:StatusScheme ; skos:notation ?notation ; skos:prefLabel ?label ; ak:displayColour ?colour ;
     skos:definition ?definition .
}"""


@pytest.fixture(scope="module")
def scheme() -> dict[str, tuple[str, str, str]]:
    store = ox.Store()
    store.load(path=str(ontology_file(data_root())), format=ox.RdfFormat.TURTLE)
    return {r["notation"].value: (r["label"].value, r["colour"].value, r["definition"].value)
            for r in store.query(_SCHEME)}


def test_the_scheme_and_the_table_name_the_same_statuses(scheme: dict[str, tuple[str, str, str]]) -> None:
    assert set(scheme) == set(STATUSES)


@pytest.mark.parametrize("code", sorted(STATUSES))
def test_each_status_has_one_label_and_colour(scheme: dict[str, tuple[str, str, str]], code: str) -> None:
    label, colour, definition = scheme[code]
    assert (label, colour) == (STATUSES[code].label, STATUSES[code].colour)
    assert len(definition) > 20


def test_statuses_shared_by_treaties_and_organisations_mean_the_same() -> None:
    treaty = {s.code: s for s in TREATY_STATUSES}
    for status in MEMBERSHIP_STATUSES:
        if status.code in treaty:
            assert status.colour == treaty[status.code].colour


def test_colours_tell_the_treaty_statuses_apart() -> None:
    assert len({s.colour for s in TREATY_STATUSES}) == len(TREATY_STATUSES)


def test_not_recorded_is_a_status_of_its_own() -> None:
    assert STATUSES["not recorded"].colour != STATUSES["non-party"].colour
    assert AK.endswith("#")


_BROADER = """
PREFIX ak: <https://w3id.org/armskg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?notation ?broader WHERE {
  ?c skos:inScheme ak:StatusScheme ; skos:notation ?notation .
  OPTIONAL { ?c skos:broader/skos:notation ?broader }
}"""


def test_the_scheme_and_the_table_say_which_status_is_a_kind_of_which() -> None:
    store = ox.Store()
    store.load(path=str(ontology_file(data_root())), format=ox.RdfFormat.TURTLE)
    scheme = {r["notation"].value: (r["broader"].value if r["broader"] else r["notation"].value)
              for r in store.query(_BROADER)}
    assert scheme == {code: s.broader for code, s in STATUSES.items()}
    assert (STATUSES["withdrawing"].broader, STATUSES["frozen"].broader) == ("party", "member")
