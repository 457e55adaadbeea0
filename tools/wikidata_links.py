"""The Wikidata items of treaties and organisations: graph/tables/wikidata.tsv to graph/generated/wikidata.ttl.

Every treaty and organisation of the graph has one row in the table: its item (``wikidata``, Q and digits),
the item's label as the sources show it beside the number (``wikidata_label``), the sources (ids in
graph/sources/), and a note; or, where no source read gives the item, an empty ``wikidata`` and a note that
says so. Only the rows with an item are written, as ``skos:exactMatch``, and the sources are given to the item
(``<item> dcterms:source src:…``), not to the treaty: a treaty's own sources are the evidence ``armskg check``
cites for its dates, and a list of Wikidata items is no evidence of those. The states' items are in
graph/tables/states.tsv, NATO's and the European Union's in graph/alliances.ttl. A row with an item
but no source, a malformed item, or an unknown kind stops the tool. Lives in tools/, outside the wheel.
"""

from __future__ import annotations

import re
from pathlib import Path

import turtle_writer as ttl
from project_tables import read_table, tables

#: A Wikidata item: Q and digits, nothing else (the IRI is built from it, never pasted in).
QID = re.compile(r"Q[1-9][0-9]{0,9}")
#: The table's kinds and the prefix of the IRIs they name.
KINDS = {"treaty": "treaty", "organisation": "org_"}
#: The columns of graph/tables/wikidata.tsv, in order.
COLUMNS = ("kind", "code", "wikidata", "wikidata_label", "wikidata_source", "note")


def link_turtle(row: dict[str, str]) -> str:
    """One row as Turtle: the item and its sources, or nothing where no source gives the item.

    >>> print(link_turtle({"kind": "organisation", "code": "csto", "wikidata": "Q318693",
    ...                    "wikidata_label": "Collective Security Treaty Organization",
    ...                    "wikidata_source": "a b", "note": ""}), end="")
    org_:csto skos:exactMatch <http://www.wikidata.org/entity/Q318693> .
    <http://www.wikidata.org/entity/Q318693> dcterms:source src:a , src:b .
    """
    where = f"wikidata.tsv: {row['kind']} {row['code']!r}"
    if row["kind"] not in KINDS:
        raise SystemExit(f"{where}: kind must be one of {', '.join(KINDS)}")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", row["code"]):
        raise SystemExit(f"{where}: the code must be the graph's code (lower-case letters, digits, hyphens)")
    qid, sources = row["wikidata"], row["wikidata_source"].split()
    if not qid:
        if sources or not row["note"].startswith("not recorded"):
            raise SystemExit(f"{where}: without an item the note must say 'not recorded' and no source is named")
        return ""
    if not QID.fullmatch(qid) or not sources or not row["wikidata_label"]:
        raise SystemExit(f"{where} needs a Wikidata item (Q…), the label the sources show and a source")
    item = f"<http://www.wikidata.org/entity/{qid}>"
    lines = [f"{KINDS[row['kind']]}:{row['code']} skos:exactMatch {item} ."]
    lines.append(f"{item} dcterms:source " + " , ".join(f"src:{s}" for s in sources) + " .")
    return "\n".join(lines) + "\n"


def read(root: Path) -> list[dict[str, str]]:
    """The table's rows, refusing a table whose columns are not the expected ones or that repeats a code."""
    rows = read_table(tables(root) / "wikidata.tsv")
    if rows and tuple(rows[0]) != COLUMNS:
        raise SystemExit(f"wikidata.tsv: the columns must be {', '.join(COLUMNS)}")
    seen = [(row["kind"], row["code"]) for row in rows]
    if len(seen) != len(set(seen)):
        raise SystemExit("wikidata.tsv: a code appears twice")
    return rows


def wikidata_turtle(root: Path) -> str:
    """graph/generated/wikidata.ttl: every sourced item of a treaty or organisation."""
    blocks = [text for row in sorted(read(root), key=lambda r: (r["kind"], r["code"])) if (text := link_turtle(row))]
    return ttl.document("wikidata", "graph/tables/wikidata.tsv", blocks, links=True)
