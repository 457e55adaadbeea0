"""Benchmark armskg as users run it; prints medians as a Markdown table (not a test).

Usage: python tests/benchmarks/run.py [--runs N] [--queries]

Measures, each as the median wall time of N runs of a fresh process:
- the flagship query from the command line, after ``armskg build``;
- the same question answered by parsing graph/ and the ontology with rdflib and running the same SPARQL
  (the baseline the issue compares against), in one fresh process;
- ``armskg validate`` of the whole graph;
and, in this process, the flagship query through the Python API once the graph is loaded. With
``--queries``, every named query too, from the command line and through the API.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

RDFLIB_BASELINE = """
import sys, rdflib
from pathlib import Path
root = Path(sys.argv[1])
g = rdflib.Graph()
for p in [root / "ontology" / "armskg.ttl", *sorted((root / "graph").rglob("*.ttl"))]:
    g.parse(p, format="turtle")
q = (root / "queries" / "parties-bordering.rq").read_text()
AK, ID = "https://w3id.org/armskg/ontology#", "https://w3id.org/armskg/id/"
rows = list(g.query(q, initBindings={"treaty": rdflib.URIRef(ID + "treaty/apmbc"), "state": rdflib.URIRef(ID + "state/RUS"),
                                     "as_of": rdflib.Literal("2026-03-01", datatype=rdflib.XSD.date)}))
print(len(g), len(rows))
"""


def _medians_ms(commands: list[list[str]], runs: int) -> list[float]:
    """Median wall time of each command, the commands interleaved run by run so that both sides of a
    comparison see the same machine conditions."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for command, record in zip(commands, times):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            record.append(time.perf_counter() - start)
    return [statistics.median(t) * 1000 for t in times]


#: Parameters for each named query as a user would ask it (a query missing here is reported, not skipped).
EXAMPLES: dict[str, dict[str, str]] = {
    "parties-bordering": {"treaty": "ottawa", "state": "RUS"},
    "treaty-status": {"treaty": "ottawa"},
    "withdrawals": {"treaty": "ottawa"},
    "never-joined": {"treaty": "ottawa"},
    "non-parties": {"treaty": "ottawa"},
    "state-timeline": {"state": "LTU"},
    "changes": {"from": "2025-01-01", "to": "2026-03-01"},
    "still-bound": {"left": "ottawa", "bound": "ccw-apii"},
    "alliance-frontline-withdrawals": {"alliance": "nato", "state": "RUS", "treaty": "ottawa"},
    "party-counts": {"treaty": "ottawa"},
    "statement-followup": {},
    "state-exits": {"state": "RUS"},
    "disputed-claims": {},
}


def named_query_table(runs: int) -> None:
    """Median time of every named query from the command line and through the API (graph loaded)."""
    import armskg as api
    from armskg.query import named_queries
    from armskg.resources import data_root

    kg = api.load()
    names = sorted(named_queries(data_root()))
    missing = [n for n in names if n not in EXAMPLES]
    if missing:
        raise SystemExit(f"no example parameters for {', '.join(missing)}: add them to EXAMPLES")
    commands = [[sys.executable, "-m", "armskg", "query", name, *(f"-p{k}={v}" for k, v in EXAMPLES[name].items())]
                for name in names]
    cli = _medians_ms(commands, runs)
    print(f"\nEvery named query, median of {runs} runs from the command line and {runs * 10} through the API:\n")
    print("| query | parameters | CLI | API | rows |")
    print("|---|---|---|---|---|")
    for name, cli_ms in zip(names, cli):
        times = []
        for _ in range(runs * 10):
            start = time.perf_counter()
            rows = kg.query(name, **EXAMPLES[name])
            times.append(time.perf_counter() - start)
        shown = " ".join(f"{k}={v}" for k, v in EXAMPLES[name].items()) or "—"
        print(f"| `{name}` | {shown} | {cli_ms:.0f} ms | {statistics.median(times) * 1000:.1f} ms | {len(rows)} |")
    print("\nTargets: under 500 ms from the command line, under 50 ms through the API.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--queries", action="store_true", help="also time every named query (CLI and API)")
    options = parser.parse_args()
    runs = options.runs
    armskg = [sys.executable, "-m", "armskg"]
    subprocess.run([*armskg, "build"], check=True, capture_output=True)
    flagship = [*armskg, "query", "parties-bordering", "-p", "treaty=ottawa", "-p", "state=RUS"]
    baseline_command = [sys.executable, "-c", RDFLIB_BASELINE, str(ROOT)]
    cli, baseline, validate = _medians_ms([flagship, baseline_command, [*armskg, "validate"]], runs)

    import armskg as api

    kg = api.load()
    times = []
    for _ in range(runs * 10):
        start = time.perf_counter()
        kg.query("parties-bordering", treaty="ottawa", state="RUS", as_of="2026-03-01")
        times.append(time.perf_counter() - start)
    in_process = statistics.median(times) * 1000

    print(f"Machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
          f"graph of {len(kg)} quads; median of {runs} runs (API: {runs * 10}).\n")
    print("| task | median | target |")
    print("|---|---|---|")
    print(f"| `armskg query parties-bordering -p treaty=ottawa -p state=RUS` (CLI, after build) | {cli:.0f} ms | < 500 ms |")
    print(f"| same question: parse graph/ with rdflib + same SPARQL (fresh process) | {baseline:.0f} ms | — |")
    print(f"| speed-up of the CLI over the rdflib baseline | {baseline / cli:.1f}x | ≥ 5x |")
    print(f"| `armskg validate` (whole graph) | {validate:.0f} ms | < 2000 ms |")
    print(f"| flagship query through the Python API, graph loaded | {in_process:.2f} ms | < 50 ms |")
    if options.queries:
        named_query_table(runs)


if __name__ == "__main__":
    main()
