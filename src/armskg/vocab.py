"""armskg's vocabulary in Python: prefixes and IRIs, and the statuses a state can hold on a date.

The statuses are defined once, here and in the ontology (the SKOS scheme ``ak:StatusScheme``, which a test
holds equal to :data:`STATUSES`): every query, report, export and picture names, words and colours a status
from this table.
"""

from __future__ import annotations

AK = "https://w3id.org/armskg/ontology#"
ID = "https://w3id.org/armskg/id/"
GRAPH = "https://w3id.org/armskg/graph/"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: Named graphs of the dataset: what was asserted by hand, what rules derived, and the schema.
ONTOLOGY_GRAPH = GRAPH + "ontology"
SHAPES_GRAPH = GRAPH + "shapes"
ASSERTED_GRAPH = GRAPH + "asserted"
DERIVED_GRAPH = GRAPH + "derived"
#: Each participant's status timeline (ak:StatusInterval), derived from the validated actions.
TIMELINE_GRAPH = GRAPH + "timeline"

PREFIXES: dict[str, str] = {
    "ak": AK,
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "state": ID + "state/",
    "treaty": ID + "treaty/",
    "org_": ID + "org/",
    "act": ID + "action/",
    "src": ID + "source/",
}


def sparql_prefixes() -> str:
    """Return PREFIX declarations for every prefix armskg uses."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


class Status:
    """One status a participant can hold towards a treaty or an organisation on a date."""

    __slots__ = ("broader", "code", "colour", "edge", "label", "meaning", "member")

    def __init__(self, code: str, label: str, meaning: str, colour: str, edge: str | None, member: bool,
                 broader: str | None = None) -> None:
        #: the word the status intervals and the named queries carry (``ak:status``; the concept's skos:notation)
        self.code = code
        #: the concept's skos:prefLabel
        self.label = label
        #: a legend's words: the status, and what it means in a few words
        self.meaning = meaning
        #: its one colour in every picture, export and page (Okabe–Ito: told apart with colour-blind eyes)
        self.colour = colour
        #: the kind of edge it becomes in the relations views (None: no edge)
        self.edge = edge
        #: whether the participant is bound on that day: a party (or member) for every count and picture
        self.member = member
        #: the status it is a kind of (the concept's skos:broader): a withdrawing state is still a party, a
        #: frozen member still a member; a top concept is its own
        self.broader = broader or code

    def __repr__(self) -> str:
        return f"Status({self.code!r})"


#: Every status towards a treaty, in legend order. A withdrawing state is still a party; `not recorded`
#: says the graph's record of the treaty is partial and silent about the state (never `non-party`).
TREATY_STATUSES: tuple[Status, ...] = (
    Status("party", "party", "party", "#0072b2", "party-to", True),
    Status("withdrawing", "withdrawing", "withdrawing (notified, still a party)", "#e69f00", "party-to", True,
           "party"),
    Status("consented", "consented", "consented (not yet in force)", "#56b4e9", "consented-to", False),
    Status("signatory", "signatory", "signatory", "#009e73", "signatory-of", False),
    Status("withdrawn", "withdrawn", "withdrawn", "#d55e00", "withdrew-from", False),
    Status("non-party", "non-party", "non-party", "#bbbbbb", None, False),
    Status("not recorded", "not recorded", "not recorded (the record is partial)", "#f0e442", None, False),
)
#: Every status towards an organisation (an alliance or a union), in legend order.
MEMBERSHIP_STATUSES: tuple[Status, ...] = (
    Status("member", "member", "member", "#0072b2", "member-of", True),
    Status("frozen", "frozen", "member, participation frozen", "#e69f00", "member-of", True, "member"),
    Status("withdrawn", "withdrawn", "withdrawn", "#d55e00", None, False),
    Status("non-member", "non-member", "non-member", "#bbbbbb", None, False),
    Status("not recorded", "not recorded", "not recorded (the record is partial)", "#f0e442", None, False),
)
#: Every status by its code (a code shared by both lists means the same thing in both).
STATUSES: dict[str, Status] = {s.code: s for s in (*TREATY_STATUSES, *MEMBERSHIP_STATUSES)}
#: The fill of land that is no state in the graph (Greenland, Western Sahara, ...).
OTHER_LAND = "#f2f2f2"
