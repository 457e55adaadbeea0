"""Benchmark armskg as users run it; prints medians as a Markdown table (not a test).

Usage: python tests/benchmarks/run.py [--runs N] [--queries] [--pictures] [--exports] [--views] [--check]
       [--dump] [--only export|views|check|dump]

Measures, each as the median wall time of N runs of a fresh process:
- the flagship query from the command line, after ``armskg build``;
- the same question answered by parsing graph/ and the ontology with rdflib and running the same SPARQL
  (the baseline the issue compares against), in one fresh process;
- ``armskg validate`` of the whole graph;
and, in this process, the flagship query through the Python API once the graph is loaded. With
``--queries``, every named query too, from the command line and through the API. With ``--pictures``
(and the pictures extra installed), ``armskg plot party-counts`` and ``armskg map`` (fresh processes).
With ``--exports``, ``armskg export`` of the whole relations view in each format, to a file
(``--only export`` runs these alone). With ``--views``, the map through time in headless Chromium (Debian's
chromium and chromedriver): the time from opening the file to every state drawn with its status, and the
time its script takes (``--only views`` runs these alone).
With ``--check``, ``armskg check`` of a 1,000-word article (the golden
texts of tests/golden/check/ put together) through the API with the graph loaded (target: under 1 s) and
from the command line (``--only check`` runs these alone). With ``--dump``, ``armskg dump`` of the whole
release from the command line and ``KnowledgeGraph.dump`` through the API with the graph loaded, wall and
CPU time (``--only dump`` runs these alone).
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
    from armskg.resources import data_root
    from armskg.sparql.named import named_queries

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
    parser.add_argument("--pictures", action="store_true", help="also time armskg plot and armskg map (CLI)")
    parser.add_argument("--exports", action="store_true", help="also time armskg export in each format (CLI)")
    parser.add_argument("--views", action="store_true", help="also time the map view in headless Chromium")
    parser.add_argument("--check", action="store_true", help="also time armskg check of a 1,000-word article")
    parser.add_argument("--dump", action="store_true", help="also time armskg dump (CLI and API)")
    parser.add_argument("--only", choices=("export", "views", "check", "dump"), help="run only these cases")
    options = parser.parse_args()
    runs = options.runs
    armskg = [sys.executable, "-m", "armskg"]
    subprocess.run([*armskg, "build"], check=True, capture_output=True)
    if options.only:
        print("| task | median | target |")
        print("|---|---|---|")
        {"export": _export_rows, "views": _view_rows, "check": _check_rows, "dump": _dump_rows}[options.only](armskg, runs)
        return
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
    if options.pictures:
        for row in _picture_rows(armskg, runs):
            print(row)
    if options.exports:
        _export_rows(armskg, runs)
    if options.views:
        _view_rows(armskg, runs)
    if options.check:
        _check_rows(armskg, runs)
    if options.dump:
        _dump_rows(armskg, runs)
    if options.queries:
        named_query_table(runs)


def _picture_rows(armskg: list[str], runs: int) -> list[str]:
    """The two pictures from the command line, each written to a temporary file (needs armskg[pictures])."""
    import importlib.util
    import tempfile

    if importlib.util.find_spec("matplotlib") is None:
        return ["| pictures | not measured: pip install 'armskg[pictures]' | — |"]
    with tempfile.TemporaryDirectory() as folder:
        cases = {
            "`armskg plot party-counts -p treaty=apmbc -o counts.svg`": ["plot", "party-counts", "-p", "treaty=apmbc"],
            "`armskg plot party-counts -p treaty=apmbc,ccm -o counts.png`": ["plot", "party-counts", "-p",
                                                                             "treaty=apmbc,ccm"],
            "`armskg map -p treaty=apmbc --as-of 2026-03-01 -o map.svg` (world)": ["map", "-p", "treaty=apmbc",
                                                                                   "--as-of", "2026-03-01"],
            "`armskg map -p treaty=apmbc --as-of 2026-03-01 --region europe -o map.png`": [
                "map", "-p", "treaty=apmbc", "--as-of", "2026-03-01", "--region", "europe"],
        }
        commands = [[*armskg, *args, "-o", str(Path(folder) / label.split(" -o ")[1].split("`")[0])]
                    for label, args in cases.items()]
        medians = _medians_ms(commands, runs)
    return [f"| {label} | {ms:.0f} ms | — |" for label, ms in zip(cases, medians)]


EXPORT_FORMATS = ("graphml", "gexf", "cytoscape", "dot", "jsonld", "html")


def _wall_and_cpu_ms(commands: list[list[str]], runs: int) -> list[tuple[float, float]]:
    """Median wall time and median CPU time (user + system, of the child process) of each command,
    interleaved run by run. On a machine shared with other work the CPU time is what the command
    itself costs; the wall time adds the wait for a core."""
    import resource

    walls: list[list[float]] = [[] for _ in commands]
    cpus: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for command, wall, cpu in zip(commands, walls, cpus):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            wall.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return [(statistics.median(w) * 1000, statistics.median(c) * 1000) for w, c in zip(walls, cpus)]


def _export_rows(armskg: list[str], runs: int) -> None:
    """``armskg export --format F -o FILE`` of the whole relations view, a fresh process each run."""
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        commands = [[*armskg, "export", "--format", fmt, "-o", str(Path(folder) / f"armskg.{fmt}")] for fmt in EXPORT_FORMATS]
        medians = _wall_and_cpu_ms(commands, runs)
    load = os.getloadavg()[0]
    for fmt, (wall, cpu) in zip(EXPORT_FORMATS, medians):
        print(f"| `armskg export --format {fmt} -o FILE` (whole relations view) | {wall:.0f} ms (CPU {cpu:.0f} ms) | < 2000 ms |")
    print(f"\nLoad average (1 min) at the end of the export runs: {load:.1f} on {os.cpu_count()} cores.")


def _view_rows(armskg: list[str], runs: int) -> None:
    """The map view (``armskg export --format html --view map``) opened in headless Chromium, a fresh page
    each run: the page's own clock (performance.now, from the start of navigation) when the first frame with
    every state in its status's colour has been painted (reading, parsing, the script, style, layout and
    paint), and the time of the script alone."""
    import os
    import shutil
    import tempfile

    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver):
        print("| map view in Chromium | not measured: install chromium and chromium-driver | < 1000 ms |")
        return
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1400,900", "--host-resolver-rules=MAP * ~NOTFOUND"):
        options.add_argument(argument)
    options.binary_location = chromium
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "map.html"
        subprocess.run([*armskg, "export", "--format", "html", "--view", "map", "--as-of", "2026-03-01", "-o", str(page)],
                       check=True, capture_output=True)
        browser = webdriver.Chrome(service=Service(driver), options=options)
        ready, script = [], []
        try:
            for _ in range(runs):
                browser.get("about:blank")
                browser.get(page.as_uri() + "#treaty=apmbc&date=2026-01-10")
                deadline = time.monotonic() + 60
                while not browser.execute_script("return document.body && document.body.dataset.paintedMs"):
                    if time.monotonic() > deadline:
                        raise SystemExit("the map view never finished drawing")
                    time.sleep(0.02)
                drawn = browser.execute_script("return document.querySelectorAll('.state[data-status=\"party\"]').length")
                if drawn < 150:
                    raise SystemExit(f"the map view drew {drawn} parties, expected about 160")
                ready.append(float(browser.execute_script("return document.body.dataset.paintedMs")))
                script.append(float(browser.execute_script("return document.body.dataset.scriptMs")))
        finally:
            browser.quit()
        size = page.stat().st_size
    load = os.getloadavg()[0]
    print(f"| map view ({size / 1e6:.2f} MB), every state painted, from opening the file (Chromium) | "
          f"{statistics.median(ready):.0f} ms | < 1000 ms |")
    print(f"| map view, its script alone (statuses, legend, table, panel) | {statistics.median(script):.0f} ms | — |")
    print(f"\nLoad average (1 min) at the end of the view runs: {load:.1f} on {os.cpu_count()} cores.")


def article(words: int = 1000) -> str:
    """A news-style article of about ``words`` words: the golden texts of tests/golden/check/ put together
    (dated by the first), each once before any is repeated."""
    texts = sorted((ROOT / "tests" / "golden" / "check").glob("*.txt"))
    parts, count, n = [], 0, 0
    while count < words:
        body = texts[n % len(texts)].read_text(encoding="utf-8")
        if n:
            body = body.split("\n", 1)[1]  # the date line of the first text only
        parts.append(body)
        count += len(body.split())
        n += 1
    return "\n".join(parts)


def _check_rows(armskg: list[str], runs: int) -> None:
    """``armskg check`` of a 1,000-word article: through the API (graph loaded), and from the command line."""
    import tempfile

    import armskg as api

    text = article()
    kg = api.load()
    kg.check(text)  # the lexicon is built once per loaded graph
    times, cpu, claims = [], [], 0
    for _ in range(runs):
        start, started = time.perf_counter(), time.process_time()
        claims = len(kg.check(text).claims)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - started)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "article.txt"
        path.write_text(text, encoding="utf-8")
        cli = []
        for _ in range(runs):
            start = time.perf_counter()
            done = subprocess.run([*armskg, "check", str(path), "--format", "json"], capture_output=True, check=False)
            cli.append(time.perf_counter() - start)
            if done.returncode not in (0, 1):  # 1: a claim is contradicted
                raise SystemExit(done.stderr.decode())
    words = len(text.split())
    print(f"| `KnowledgeGraph.check` of a {words}-word article ({claims} claims), graph loaded | "
          f"{statistics.median(times) * 1000:.0f} ms (CPU {statistics.median(cpu) * 1000:.0f} ms) | < 1000 ms |")
    print(f"| `armskg check ARTICLE --format json` (fresh process: open the graph, build the lexicon, check) | "
          f"{statistics.median(cli) * 1000:.0f} ms | — |")


def _dump_rows(armskg: list[str], runs: int) -> None:
    """``armskg dump -o DIR`` (a fresh process each run, each into a new folder) and ``KnowledgeGraph.dump``
    with the graph loaded (each into a new folder): median wall and CPU time."""
    import os
    import tempfile

    import armskg as api

    with tempfile.TemporaryDirectory() as folder:
        commands = [[*armskg, "dump", "-o", str(Path(folder) / f"cli-{i}")] for i in range(runs)]
        walls, cpus = [], []
        for command in commands:  # a new folder each run: no earlier dump to check and replace
            (wall, cpu), = _wall_and_cpu_ms([command], 1)
            walls.append(wall)
            cpus.append(cpu)
        kg = api.load()
        times, cpu_api = [], []
        for i in range(runs):
            start, started = time.perf_counter(), time.process_time()
            kg.dump(Path(folder) / f"api-{i}")
            times.append(time.perf_counter() - start)
            cpu_api.append(time.process_time() - started)
    load = os.getloadavg()[0]
    print(f"| `armskg dump -o DIR` (the whole release, fresh process) | {statistics.median(walls):.0f} ms "
          f"(CPU {statistics.median(cpus):.0f} ms) | — |")
    print(f"| `KnowledgeGraph.dump(DIR)`, graph loaded | {statistics.median(times) * 1000:.0f} ms "
          f"(CPU {statistics.median(cpu_api) * 1000:.0f} ms) | — |")
    print(f"\nLoad average (1 min) at the end of the dump runs: {load:.1f} on {os.cpu_count()} cores.")


if __name__ == "__main__":
    main()
