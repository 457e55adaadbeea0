"""How armskg's costs grow with the graph (issue 16): a generator of an N-times graph, and a run that times
every named query (API and command line), ``armskg validate`` and ``armskg build`` at 1x and Nx.

    python tests/benchmarks/scale.py generate --times 8 -o /tmp/armskg-8x
    python tests/benchmarks/scale.py run --times 8 [--runs 5] [--api-runs 21]

The N-times graph is a copy of ontology/, queries/ and graph/ plus, for each large treaty (one with at least
``--min-actions`` treaty actions), N-1 synthetic copies of its whole record: the treaty itself under a new
code (``apmbc-x2`` …), its participation record, and every treaty action towards it, each under a new IRI,
with the same actors, dates, kinds and sources. The shapes of the data are the real ones; only the number of
treaties grows, so a question about one treaty should cost what it costs at 1x. Not a test: timings are noisy.

The run reports, through the API, each query's median over ``--api-runs`` calls in one process and its first
call there (the first reads what the process has not read yet, such as a stored answer), and its rows at 1x
and Nx: a question whose answer grows with the copies (a state's timeline now holds the synthetic treaties
too) should cost what its rows cost, which the last column, the ratio of the time per row, shows.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NoReturn

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).parent))

AK = "https://w3id.org/armskg/ontology#"
TREATY = "https://w3id.org/armskg/id/treaty/"
_RECORDS = f"""
PREFIX ak: <{AK}>
SELECT ?treaty (COUNT(?a) AS ?n) WHERE {{ ?a ak:treaty ?treaty ; ak:actor ?who . FILTER NOT EXISTS {{ ?a a ak:StatusInterval }} }}
GROUP BY ?treaty"""
#: Treaty properties a copy leaves out, so that every name stays unambiguous.
_NAMES = {AK + "code", AK + "alias", "http://www.w3.org/2004/02/skos/core#altLabel",
          "http://www.w3.org/2004/02/skos/core#hiddenLabel", "http://www.w3.org/2004/02/skos/core#exactMatch"}


def _asserted(root: Path) -> ox.Store:
    store = ox.Store()
    for path in sorted((root / "graph").rglob("*.ttl")):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


def large_treaties(store: ox.Store, min_actions: int) -> list[ox.NamedNode]:
    """The treaties with at least ``min_actions`` acts towards them, largest first."""
    rows = [(r["treaty"], int(r["n"].value)) for r in store.query(_RECORDS)]
    return [t for t, n in sorted(rows, key=lambda r: (-r[1], r[0].value)) if n >= min_actions]


def _renamed(term: ox.NamedNode | ox.BlankNode | ox.Literal, mapping: dict[str, str]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, ox.NamedNode) and term.value in mapping:
        return ox.NamedNode(mapping[term.value])
    return term


def copy_record(store: ox.Store, treaty: ox.NamedNode, k: int) -> list[ox.Triple]:
    """The k-th synthetic copy of one treaty's record: the treaty, its participation record and its acts."""
    code = treaty.value.rsplit("/", 1)[1]
    mapping = {treaty.value: f"{TREATY}{code}-x{k}"}
    acts = [r["a"] for r in store.query(f"SELECT DISTINCT ?a WHERE {{ ?a <{AK}treaty> <{treaty.value}> }}")]
    records = [r["r"] for r in store.query(f"SELECT ?r WHERE {{ <{treaty.value}> <{AK}participationRecord> ?r }}")]
    for node in (*acts, *records):
        if isinstance(node, ox.NamedNode):
            mapping[node.value] = f"{node.value}-x{k}"
    triples: list[ox.Triple] = []
    for node in (treaty, *acts, *records):
        for quad in store.quads_for_pattern(node, None, None):
            if node == treaty and quad.predicate.value in _NAMES:
                continue
            obj = quad.object
            if node == treaty and quad.predicate.value == "http://www.w3.org/2000/01/rdf-schema#label":
                obj = ox.Literal(f"{obj.value} (synthetic copy {k})", language="en")
            triples.append(ox.Triple(_renamed(quad.subject, mapping), quad.predicate, _renamed(obj, mapping)))
    triples.append(ox.Triple(ox.NamedNode(mapping[treaty.value]), ox.NamedNode(AK + "code"), ox.Literal(f"{code}-x{k}")))
    return triples


def generate(times: int, out: Path, min_actions: int = 100, source: Path = ROOT) -> tuple[int, list[str]]:
    """Write an N-times copy of the data to ``out``; returns the number of synthetic triples and the treaties copied."""
    if out.exists():
        _refuse(f"{out} exists: give a new folder")
    for folder in ("ontology", "queries", "graph"):
        shutil.copytree(source / folder, out / folder)
    store = _asserted(source)
    treaties = large_treaties(store, min_actions)
    (out / "graph" / "synthetic").mkdir()
    written = 0
    for k in range(2, times + 1):
        triples = [t for treaty in treaties for t in copy_record(store, treaty, k)]
        data = ox.serialize(triples, format=ox.RdfFormat.TURTLE) or b""
        (out / "graph" / "synthetic" / f"copy-{k}.ttl").write_bytes(data)
        written += len(triples)
    return written, [t.value.rsplit("/", 1)[1] for t in treaties]


def _median_ms(command: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


_API = """
import json, statistics, sys, time
import armskg
sys.path.insert(0, sys.argv[1])
from run import EXAMPLES
kg = armskg.load(sys.argv[2])
out, first, rows = {}, {}, {}
for name, params in EXAMPLES.items():
    times = []
    for _ in range(int(sys.argv[3])):
        start = time.perf_counter(); answer = kg.query(name, **params); times.append(time.perf_counter() - start)
    out[name], first[name], rows[name] = statistics.median(times) * 1000, times[0] * 1000, len(answer)
print(json.dumps({"quads": len(kg), "queries": out, "first": first, "rows": rows}))
"""


def measure(root: Path, runs: int, api_runs: int) -> dict[str, object]:
    """Build, validate and every named query (CLI and API) over the data in ``root``, in a fresh cache."""
    import json

    from run import EXAMPLES

    cache = tempfile.mkdtemp(prefix="armskg-scale-cache-")
    env = {**os.environ, "ARMSKG_ROOT": str(root), "ARMSKG_CACHE": cache}
    armskg = [sys.executable, "-m", "armskg"]
    try:
        start = time.perf_counter()
        subprocess.run([*armskg, "build"], check=True, capture_output=True, env=env)
        build = (time.perf_counter() - start) * 1000
        validate = _median_ms([*armskg, "validate"], max(1, runs // 2), env)
        cli = {}
        for name, params in EXAMPLES.items():
            args = [a for key, value in params.items() for a in ("-p", f"{key}={value}")]
            cli[name] = _median_ms([*armskg, "query", name, *args], runs, env)
        api = json.loads(subprocess.run([sys.executable, "-c", _API, str(Path(__file__).parent), str(root), str(api_runs)],
                                        check=True, capture_output=True, text=True, env=env).stdout)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    return {"build": build, "validate": validate, "cli": cli, "api": api["queries"], "first": api["first"],
            "rows": api["rows"], "quads": api["quads"]}


def report(times: int, one: dict[str, object], many: dict[str, object]) -> str:
    """The Markdown table: each figure at 1x and Nx and their ratio, with each query's rows at 1x and Nx and
    the ratio of its time per row (a query whose answer grows with the copies should cost what its rows do)."""
    lines = [(f"Graph: {one['quads']:,} quads at 1x, {many['quads']:,} at {times}x "
             f"({int(many['quads']) / int(one['quads']):.1f} times)."), "",
             f"| what | 1x (ms) | {times}x (ms) | ratio | rows 1x | rows {times}x | ratio per row |",
             "|---|---:|---:|---:|---:|---:|---:|"]

    def row(label: str, a: float, b: float, rows: tuple[int, int] | None = None) -> None:
        counts = ["", "", ""] if rows is None else [f"{rows[0]:,}", f"{rows[1]:,}",
                                                     f"{(b / max(rows[1], 1)) / (a / max(rows[0], 1)):.2f}"]
        lines.append(f"| {label} | {a:,.1f} | {b:,.1f} | {b / a:.2f} | {' | '.join(counts)} |")

    row("armskg build", float(one["build"]), float(many["build"]))  # type: ignore[arg-type]
    row("armskg validate", float(one["validate"]), float(many["validate"]))  # type: ignore[arg-type]
    rows_one, rows_many = one["rows"], many["rows"]
    assert isinstance(rows_one, dict) and isinstance(rows_many, dict)
    for kind, said in (("api", "API, median"), ("first", "API, first call"), ("cli", "command line, cold")):
        a, b = one[kind], many[kind]
        assert isinstance(a, dict) and isinstance(b, dict)
        for name in a:
            row(f"{name} ({said})", a[name], b[name], (rows_one[name], rows_many[name]))
    return "\n".join(lines) + "\n"


def _refuse(message: str) -> NoReturn:
    """Bad input: one line on standard error, exit 2, as armskg's own commands."""
    print(f"scale.py: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="write an N-times copy of the data")
    gen.add_argument("--times", type=int, default=8)
    gen.add_argument("--min-actions", type=int, default=100)
    gen.add_argument("-o", "--output", type=Path, required=True)
    run = sub.add_parser("run", help="measure at 1x and Nx and print a Markdown table")
    run.add_argument("--times", type=int, default=8)
    run.add_argument("--min-actions", type=int, default=100)
    run.add_argument("--runs", type=int, default=5, help="fresh processes per command-line figure")
    run.add_argument("--api-runs", type=int, default=21, help="runs per API figure")
    args = parser.parse_args()
    # before any work: --times 0 copied the data -1 times and went on to measure two 1x graphs for minutes
    for flag, value, least in (("--times", args.times, 1), ("--min-actions", args.min_actions, 0),
                               ("--runs", getattr(args, "runs", 1), 1), ("--api-runs", getattr(args, "api_runs", 1), 1)):
        if value < least:
            _refuse(f"{flag} must be {'a positive number' if least else 'zero or more'}, not {value}")
    if args.command == "generate":
        written, treaties = generate(args.times, args.output, args.min_actions)
        print(f"wrote {written:,} synthetic triples: {', '.join(treaties)} copied {args.times - 1} times to {args.output}")
        return
    folder = Path(tempfile.mkdtemp(prefix="armskg-scale-")) / f"x{args.times}"
    try:
        written, treaties = generate(args.times, folder, args.min_actions)
        print(f"# {args.times}x: {', '.join(treaties)} copied {args.times - 1} times ({written:,} triples)\n", file=sys.stderr)
        one = measure(ROOT, args.runs, args.api_runs)
        many = measure(folder, args.runs, args.api_runs)
        print(report(args.times, one, many))
    finally:
        shutil.rmtree(folder.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
