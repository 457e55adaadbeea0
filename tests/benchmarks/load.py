"""Load test on loopback: N concurrent clients for T seconds running the named queries against
``armskg serve`` (as /queries/NAME URLs and as SPARQL text on /sparql) and against Oxigraph server
(``oxigraph serve``, in memory, filled with ``armskg push``) with the same bound query text.

    python tests/benchmarks/load.py                       # 50 clients, 60 s per target (about 3.5 minutes)
    python tests/benchmarks/load.py --clients 5 --seconds 5
    python tests/benchmarks/load.py --skip never-joined   # leave a query out

The targets take turns in rounds (``--round`` seconds each), so that a machine shared with other work
treats them alike. Starts and stops both servers itself on free ports of 127.0.0.1; every request goes to
them and nowhere else, and each run stops by itself. Prints a Markdown table for docs/benchmarks.md. Not a
test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import armskg
from armskg.sparql.named import bind, bound_text, load_named

#: Parameters for each named query (as_of is added where the query takes it).
SAMPLES: dict[str, dict[str, str]] = {
    "alliance-frontline-withdrawals": {"alliance": "nato", "state": "RUS", "treaty": "ottawa"},
    "changes": {"from": "2025-01-01", "to": "2026-03-01"},
    "disputed-claims": {},
    "never-joined": {"treaty": "ottawa"},
    "non-parties": {"treaty": "ottawa"},
    "parties-bordering": {"treaty": "ottawa", "state": "RUS"},
    "party-counts": {"treaty": "ottawa"},
    "state-exits": {"state": "RUS"},
    "state-timeline": {"state": "LTU"},
    "statement-followup": {},
    "still-bound": {"left": "ottawa", "bound": "ccw-apii"},
    "treaty-status": {"treaty": "ottawa"},
    "withdrawals": {},
}
AS_OF = "2026-03-01"
JSON = "application/sparql-results+json"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                response.read()
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def requests_for(kg: armskg.KnowledgeGraph) -> tuple[list[str], list[str]]:
    """The named-query paths (for /queries) and the same queries' bound SPARQL text."""
    paths, texts = [], []
    for name, sample in SAMPLES.items():
        named = load_named(kg.root, name)
        values = dict(sample)
        if any(p.name == "as_of" for p in named.params):
            values["as_of"] = AS_OF
        paths.append(f"/queries/{name}?{urllib.parse.urlencode(values)}")
        texts.append(bound_text(named, bind(kg.store, named, values)))
    return paths, texts


def hammer(port: int, paths: list[str], clients: int, seconds: float,
           latencies: list[float] | None = None, errors: list[int] | None = None) -> dict[str, float]:
    """``clients`` threads, each on one keep-alive connection, cycling through ``paths`` for ``seconds``;
    adds to ``latencies`` and ``errors`` when given (rounds of one run)."""
    latencies = [] if latencies is None else latencies
    errors = [0] if errors is None else errors
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, i = [], offset
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                conn.request("GET", paths[i % len(paths)], headers={"Accept": JSON})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    with lock:
                        errors[0] += 1
            except OSError:
                with lock:
                    errors[0] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine.append(time.perf_counter() - started)
            i += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return summary(latencies, errors[0], time.monotonic() - began)


def summary(latencies: list[float], errors: int, elapsed: float) -> dict[str, float]:
    ordered = sorted(latencies)
    n = len(ordered)
    return {"requests": n, "errors": errors, "rps": n / elapsed,
            "p50": ordered[n // 2] * 1000 if n else 0.0, "p99": ordered[min(n - 1, int(n * 0.99))] * 1000 if n else 0.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--round", type=float, default=20, help="seconds per turn of each target")
    parser.add_argument("--skip", default="", help="named queries left out, comma-separated")
    parser.add_argument("--workers", type=int, help="armskg serve --workers (default: its own)")
    args = parser.parse_args()
    import signal

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the servers on a kill too
    for name in filter(None, args.skip.split(",")):
        SAMPLES.pop(name)
    kg = armskg.load()
    paths, texts = requests_for(kg)
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    a_port, o_port = free_port(), free_port()
    serve_cmd = [sys.executable, "-m", "armskg", "serve", "--port", str(a_port)]
    if args.workers:
        serve_cmd += ["--workers", str(args.workers)]
    servers = [subprocess.Popen(serve_cmd, stderr=subprocess.DEVNULL),
               subprocess.Popen([oxigraph, "serve", "--bind", f"127.0.0.1:{o_port}", "--union-default-graph"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        wait_for(f"http://127.0.0.1:{a_port}/queries")
        wait_for(f"http://127.0.0.1:{o_port}/")
        kg.push(f"http://127.0.0.1:{o_port}/store", replace=True)
        targets = {
            "armskg serve, /queries/NAME?…": (a_port, paths),
            "armskg serve, /sparql?query=…": (a_port, [f"/sparql?query={urllib.parse.quote(t)}" for t in texts]),
            "Oxigraph server (in memory), /query?query=…": (o_port, [f"/query?query={urllib.parse.quote(t)}"
                                                                     for t in texts]),
        }
        print(f"{len(paths)} named queries ({', '.join(SAMPLES)}), {args.clients} clients, {args.seconds:g} s per "
              f"target in rounds of {args.round:g} s, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        singles = {}
        for label, (port, items) in targets.items():
            hammer(port, items, 4, 2)  # warm up
            singles[label] = hammer(port, items, 1, min(10.0, args.seconds))
        runs: dict[str, tuple[list[float], list[int], list[float]]] = {label: ([], [0], [0.0]) for label in targets}
        done = 0.0
        while done < args.seconds:
            turn = min(args.round, args.seconds - done)
            for label, (port, items) in targets.items():
                latencies, errors, elapsed = runs[label]
                elapsed[0] += turn
                hammer(port, items, args.clients, turn, latencies, errors)
            done += turn
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
        print("| target | clients | requests | errors | req/s | p50 ms | p99 ms | 1 client: p50 ms |")
        print("|---|---|---|---|---|---|---|---|")
        for label, (latencies, errors, elapsed) in runs.items():
            r = summary(latencies, errors[0], elapsed[0])
            print(f"| {label} | {args.clients} | {r['requests']} | {r['errors']} | {r['rps']:.0f} | {r['p50']:.0f} | "
                  f"{r['p99']:.0f} | {singles[label]['p50']:.1f} |", flush=True)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
