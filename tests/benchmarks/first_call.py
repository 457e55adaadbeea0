"""The first call of a named query in a fresh process, through the API (not a test: timings are noisy).

    python tests/benchmarks/first_call.py [--root DATA] [--runs 7] [QUERY [KEY=VALUE ...]]

Each run is a fresh Python process that loads the graph, asks ``parties-bordering`` once (as any session's
first question would: the names are read then), and times one call of QUERY (default ``disputed-claims``);
prints the median wall and CPU times, the answer's rows, and the median time of ``armskg.load()`` itself
(the graph copied into memory). ``scale.py`` reports the median of many calls in
one process, which for a query whose answer the build stored is the later calls' cost (issue 16).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

_ONE = """
import json, sys, time
import armskg
loading = time.perf_counter()
kg = armskg.load(sys.argv[1] or None)
loaded = (time.perf_counter() - loading) * 1000
kg.query("parties-bordering", treaty="apmbc", state="RUS")
params = json.loads(sys.argv[3])
start, cpu = time.perf_counter(), time.process_time()
rows = len(kg.query(sys.argv[2], **params))
print(json.dumps([(time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000, rows, loaded]))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default="", help="the data folder (default: the project's)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("query", nargs="?", default="disputed-claims")
    parser.add_argument("params", nargs="*", metavar="KEY=VALUE")
    args = parser.parse_args()
    params = json.dumps(dict(p.split("=", 1) for p in args.params))
    runs = [json.loads(subprocess.run([sys.executable, "-c", _ONE, args.root, args.query, params], check=True,
                                      capture_output=True, text=True).stdout) for _ in range(args.runs)]
    wall, cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
    load = statistics.median(r[3] for r in runs)
    print(f"{args.query}: first call {wall:.1f} ms wall, {cpu:.1f} ms CPU (medians of {args.runs}), {runs[0][2]:,} rows; "
          f"armskg.load() {load:.0f} ms")


if __name__ == "__main__":
    main()
