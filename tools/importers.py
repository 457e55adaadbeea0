"""The one command that regenerates the graph's generated files and the records' tables.

    python tools/importers.py                     # everything: the records' tables (from the stored copies,
                                                  # where they are at hand), every generated file, the cross-check
    python tools/importers.py NAME ...            # only these generated files: states, borders, wikidata,
                                                  # untc-<code>, depositary-<code>, records-<code>
                                                  # (graph/generated/NAME.ttl)
    python tools/importers.py tables [--sources DIR]  # only the records' tables, from the stored copies
    python tools/importers.py check               # where the records disagree, one line per state and stage

Inputs: graph/tables/states.tsv (every state or other participant, its UN status and admission date,
each with its source, and its Wikidata item with the datasets that map its ISO code to it),
graph/tables/state-aliases.tsv, graph/tables/wikidata.tsv (the Wikidata items of treaties and organisations,
tools/wikidata_links.py), graph/tables/border-corrections.tsv (reviewed fixes to the seed, each
with a reason and a source); pycountry for ISO 3166-1 codes and names; countryinfo for the seed of land
borders; the UN Treaty Collection's tables (tools/untc.py); the national and research records' tables, names
and reviews (tools/records_*.py). The stored copies (``../shared/sources/treaty-data/``) are read only by
``tables``, never copied into the project; everything else reads only the project's tables, so CI can check
that every generated file is what this writes (tests/test_borders.py). Needs the ``data`` extra (``pip install
-e '.[data]'``); lives outside the package, in tools/, and is not in the wheel. The output is deterministic.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import records_check
import records_tables
import records_turtle
import turtle_writer as ttl
import untc
import wikidata_links
from project_tables import ROOT, default_sources, participant_codes, read_table, tables
from records_treaties import TREATIES
from untc import UNTC_TABLES

__all__ = ["GENERATORS", "ROOT", "UNTC_TABLES", "data_root", "main", "participant_codes", "read_table"]


def data_root() -> Path:
    """The checkout's root, holding graph/tables/ (the inputs) and graph/generated/ (the output)."""
    return ROOT


#: How borders are drawn, written at the top of graph/generated/borders.ttl.
BORDER_POLICY = (
    "# Borders follow internationally recognised boundaries. Exclaves without an ISO 3166-1 code of their\n"
    "# own count (Russia's Kaliningrad borders Lithuania and Poland; Spain's Ceuta and Melilla border\n"
    "# Morocco); territories with their own code (French Guiana, Gibraltar, Saint Martin, Hong Kong, Macao,\n"
    "# Western Sahara) are not their sovereign's land border; Kosovo is not in the graph as a state.\n"
    "# Occupation (Crimea, Abkhazia, South Ossetia) does not change which states border each other.\n"
)

#: Sources every generated border cites: the seed, and the second source it was checked against.
BORDER_SOURCES = ("countryinfo-1.0.1", "mledoze-countries", "geodatasource-country-borders")


#: A Wikidata item: Q and digits, nothing else (the IRI is built from it, never pasted in).
_QID = re.compile(r"Q[1-9][0-9]{0,9}")


def _wikidata_lines(row: dict[str, str]) -> list[str]:
    """The state's Wikidata item as skos:exactMatch, with the note on how the mapping was chosen.

    >>> _wikidata_lines({"iso3": "LTU", "wikidata": "Q37", "wikidata_source": "owid-countries-regions",
    ...                  "wikidata_note": ""})
    ['    skos:exactMatch <http://www.wikidata.org/entity/Q37> ;']
    """
    qid = row["wikidata"]
    if not _QID.fullmatch(qid) or not row["wikidata_source"].split():
        raise SystemExit(f"states.tsv: {row['iso3']} needs a Wikidata item (Q…) and the source it comes from")
    lines = [f"    skos:exactMatch <http://www.wikidata.org/entity/{qid}> ;"]
    if row["wikidata_note"]:
        lines.append(f"    skos:scopeNote {ttl.literal(row['wikidata_note'])}@en ;")
    return lines


def states_turtle(root: Path) -> str:
    """Every UN member and observer state, with ISO codes and names from pycountry."""
    import pycountry

    aliases: dict[str, set[str]] = {}
    for row in read_table(tables(root) / "state-aliases.tsv"):
        aliases.setdefault(row["iso3"], set()).add(row["alias"])
    blocks = []
    for row in sorted(read_table(tables(root) / "states.tsv"), key=lambda r: r["iso3"]):
        country = pycountry.countries.get(alpha_3=row["iso3"])
        if country is None:
            raise SystemExit(f"states.tsv: {row['iso3']} is not an ISO 3166-1 alpha-3 code")
        label = row["un_name"]
        names = {country.name, getattr(country, "official_name", country.name),
                 getattr(country, "common_name", country.name)} | aliases.get(row["iso3"], set())
        names.discard(label)
        lines = [f"state:{row['iso3']} a ak:State ;", f"    rdfs:label {ttl.literal(label)}@en ;"]
        if names:
            lines.append("    skos:altLabel " + " , ".join(f"{ttl.literal(n)}@en" for n in sorted(names)) + " ;")
        lines.append(f'    ak:iso3 "{country.alpha_3}" ; ak:iso2 "{country.alpha_2}" ; ak:isoNumeric "{country.numeric}" ;')
        lines.append(f"    ak:unMember {'true' if row['un_status'] == 'member' else 'false'} ;")
        if row["un_status"] == "observer":
            lines.append("    ak:unObserver true ;")
        if row["admission_date"]:
            lines.append(f'    ak:unAdmission "{row["admission_date"]}"^^xsd:date ;')
        lines.extend(_wikidata_lines(row))
        if row["note"]:
            lines.append(f"    ak:note {ttl.literal(row['note'])} ;")
        sources = [row["source"], *row["wikidata_source"].split()]
        lines.append("    dcterms:source " + " , ".join(f"src:{s}" for s in sources) + " .")
        blocks.append("\n".join(lines) + "\n")
    return ttl.document("states", "graph/tables/states.tsv, state-aliases.tsv and pycountry", blocks)


def seed_borders(states: set[str]) -> set[tuple[str, str]]:
    """Land borders among ``states`` as countryinfo lists them (either direction), as sorted pairs."""
    import countryinfo

    pairs = set()
    for country in countryinfo.all_countries():
        try:
            code, neighbours = country.iso(3), country.borders() or []
        except (KeyError, AttributeError, TypeError):
            continue
        for other in neighbours:
            if code in states and other in states and code != other:
                a, b = sorted((code, other))
                pairs.add((a, b))
    return pairs


def corrected_borders(root: Path) -> tuple[list[tuple[str, str]], dict[tuple[str, str], dict[str, str]]]:
    """The seed with the reviewed corrections applied; and the correction behind each changed pair."""
    states = {row["iso3"] for row in read_table(tables(root) / "states.tsv")}
    pairs = seed_borders(states)
    corrections = {}
    for row in read_table(tables(root) / "border-corrections.tsv"):
        pair = (min(row["a"], row["b"]), max(row["a"], row["b"]))
        corrections[pair] = row
        if row["action"] == "add":
            pairs.add(pair)
        elif row["action"] == "remove":
            pairs.discard(pair)
        else:
            raise SystemExit(f"border-corrections.tsv: unknown action {row['action']!r}")
    return sorted(pairs), corrections


def borders_turtle(root: Path) -> str:
    """Every land border between states in the graph, each with its sources."""
    pairs, corrections = corrected_borders(root)
    blocks = []
    for a, b in pairs:
        lines = [f"border:{a}-{b} a ak:LandBorder ;", f"    ak:between state:{a} , state:{b} ;"]
        fix = corrections.get((a, b))
        if fix:
            lines.append(f"    ak:note {ttl.literal(fix['reason'])} ;")
        lines.append("    dcterms:source " + " , ".join(f"src:{s}" for s in BORDER_SOURCES) + " .")
        blocks.append("\n".join(lines) + "\n")
    return ttl.document("borders", "countryinfo, graph/tables/border-corrections.tsv and states.tsv", blocks,
                        comments=[BORDER_POLICY])


def _untc(code: str) -> Callable[[Path], str]:
    if code in untc.PROTOCOLS:
        return lambda root: untc.protocol_turtle(root, code)
    return lambda root: untc.untc_turtle(root, code)


def _records(code: str) -> Callable[[Path], str]:
    return lambda root: records_turtle.generate(root, code)


#: Every generated file (graph/generated/<name>.ttl) and the function that writes it from the project's tables.
GENERATORS: dict[str, Callable[[Path], str]] = {
    "states": states_turtle, "borders": borders_turtle, "wikidata": wikidata_links.wikidata_turtle,
    **{f"untc-{code}": _untc(code) for code in (*UNTC_TABLES, *untc.PROTOCOLS)},
    **{treaty.generated_name: _records(treaty.code) for treaty in TREATIES.values() if treaty.generated},
}
#: The words that name a step rather than a generated file.
STEPS = ("tables", "check")


def _write(path: Path, text: str) -> None:
    """Replace a file whole: written beside it, then moved over it, so that no reader sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def write_tables(sources: Path, root: Path) -> list[Path]:
    """Read the stored copies and write the records' tables (every one read before any is written)."""
    found = records_tables.read_all(sources, root)
    for path, text in found.items():
        _write(path, text)
    return list(found)


def generate(names: list[str], root: Path) -> list[Path]:
    """Write the named generated files (every one made before any is written)."""
    found = {root / "graph" / "generated" / f"{name}.ttl": GENERATORS[name](root) for name in names}
    for path, text in found.items():
        _write(path, text)
    return list(found)


def check(root: Path, sources: Path | None) -> list[str]:
    """Where the records disagree: the tables' cross-check and, with the stored copies, UNODA's index."""
    lines = [str(found) for code in TREATIES for found in records_check.check(root, code)]
    return lines + (records_check.index_disagreements(sources, root) if sources else [])


def _sources(args: argparse.Namespace, root: Path) -> Path | None:
    """The stored copies, where they are at hand."""
    sources = args.sources or default_sources(root)
    return sources if sources.is_dir() else None


def run(args: argparse.Namespace, root: Path) -> None:
    """Run the steps the command line names (all of them when it names none)."""
    everything, sources = not args.what, _sources(args, root)
    if everything or "tables" in args.what:
        if sources is None and not everything:
            raise SystemExit(f"no stored copies at {args.sources or default_sources(root)}")
        written = write_tables(sources, root) if sources else []
        print("\n".join(f"wrote {path.relative_to(root)}" for path in written) if sources else
              "no stored copies at hand: the records' tables are kept as they are")
    names = sorted(GENERATORS) if everything else [name for name in args.what if name in GENERATORS]
    for path in generate(names, root):
        print(f"wrote {path.relative_to(root)}")
    if everything or "check" in args.what:
        lines = check(root, sources)
        counts = Counter(line.split(" ", 1)[0] for line in lines)
        print(f"where the records disagree: {', '.join(f'{name} {n}' for name, n in counts.items())} "
              "(python tools/importers.py check lists them)" if everything else "\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    """Run the command (see the module's docstring); a bad name or input is one line on stderr and exit 2."""
    parser = argparse.ArgumentParser(prog="importers.py", description=(__doc__ or "").split("\n")[0])
    parser.add_argument("what", nargs="*", help=f"{', '.join(STEPS)}, or generated files' names; none: everything")
    parser.add_argument("--sources", type=Path, default=None, help="the stored copies (treaty-data/)")
    args = parser.parse_args(argv)
    unknown = [name for name in args.what if name not in GENERATORS and name not in STEPS]
    if unknown:
        print(f"unknown name {unknown[0]!r}; choose from {', '.join([*STEPS, *sorted(GENERATORS)])}", file=sys.stderr)
        return 2
    try:
        run(args, data_root())
    except SystemExit as stop:
        if isinstance(stop.code, str):
            print(stop.code, file=sys.stderr)
            return 2
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
