"""The SPARQL engines the named queries are checked on (tests/test_engines.py, tests/test_remote.py), each
started here on a copy of the released dataset (``armskg dump``): rdflib in this process, OpenLink Virtuoso
and Oxigraph server on 127.0.0.1, and Comunica in a Node process that opens no port.

CI (``.ci/run``) installs them: Debian's ``virtuoso-opensource``, PyPI's ``oxigraph`` (the test extra), and
Comunica pinned in .ci/comunica/package.json (``npm ci`` there). Without ARMSKG_REQUIRE_TOOLS=1, a test whose
engine is missing is skipped; with it (CI), it fails.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
COMUNICA = REPO / ".ci" / "comunica"
REQUIRE_TOOLS = os.environ.get("ARMSKG_REQUIRE_TOOLS") == "1"


#: Where an engine gives a wrong answer to a named query in its portable form, and the README says so
#: ("The same answers on other engines"): (engine, query) -> what is wrong. The tests expect the failure
#: (strict: an engine that gets it right fails the test, so that this list and the README are mended), but
#: for the answers in NOT_ALWAYS, which the engine gets wrong in some runs and right in others.
KNOWN_WRONG: dict[tuple[str, str], str] = {
    ("virtuoso", "party-counts"): "Virtuoso 7.2.5 drops the counting branch of the query's UNION (every year 0); "
                                  "each form tried that it answers right takes minutes on Comunica, is wrong on rdflib "
                                  "or takes pyoxigraph ten times as long",
}


#: Known wrong answers that the engine gives in some runs only: Virtuoso's party-counts over its default graph
#: was wrong in every run until one CI run of 7 December 2026 (a fresh clone, a quiet machine) got it right, as
#: it does over a pushed graph in some runs (tests/test_remote.py).
NOT_ALWAYS = frozenset({("virtuoso", "party-counts")})


#: Where an engine takes minutes over a named query (README says so): run only with ARMSKG_SLOW_ENGINES=1, so
#: that CI stays within its time. (engine, query) -> what was measured.
SLOW: dict[tuple[str, str], str] = {}


def known_wrong(engine: str, query: str) -> list[pytest.MarkDecorator]:
    """The xfail mark for a known wrong answer, the skip mark for a query the engine takes minutes over
    (unless ARMSKG_SLOW_ENGINES=1), or none."""
    reason = KNOWN_WRONG.get((engine, query))
    if reason:
        return [pytest.mark.xfail(reason=reason, strict=(engine, query) not in NOT_ALWAYS)]
    slow = SLOW.get((engine, query))
    if slow and os.environ.get("ARMSKG_SLOW_ENGINES") != "1":
        return [pytest.mark.skip(reason=f"{slow}; ARMSKG_SLOW_ENGINES=1 runs it")]
    return []


def missing(what: str) -> None:
    """Fail (CI) or skip (elsewhere) a test whose engine is not installed."""
    if REQUIRE_TOOLS:
        pytest.fail(f"{what} is missing, and ARMSKG_REQUIRE_TOOLS=1 requires it (.ci/run installs it)")
    pytest.skip(f"{what} is not installed (.ci/run installs it)")


def free_port() -> int:
    """A port nothing listens on now, on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[Any], seconds: float, log: Path | None = None) -> None:
    """Wait until ``url`` answers, or fail with the end of the server's log."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                tail = log.read_text(errors="replace")[-600:] if log and log.exists() else ""
                raise RuntimeError(f"{url} did not answer within {seconds:g} s: {tail}") from None
            time.sleep(0.2)


def stop(process: subprocess.Popen[Any]) -> None:
    """Stop a server this module started."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Virtuoso:
    """OpenLink Virtuoso (Debian's ``virtuoso-t``) with its own database in ``folder``, its SQL and HTTP ports
    on 127.0.0.1, reading files only from ``data``; updates over the Graph Store Protocol are allowed (to
    test ``armskg push``), with no password, on this machine only."""

    def __init__(self, folder: Path, data: Path) -> None:
        binary, self.isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
        if not binary or not self.isql:
            missing("OpenLink Virtuoso (Debian package virtuoso-opensource)")
        self.folder, self.data = folder, data
        self.sql_port, self.http_port = free_port(), free_port()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "virtuoso.ini").write_text(self._ini(), encoding="utf-8")
        self.log = folder / "server.log"
        with self.log.open("wb") as out:
            self.process = subprocess.Popen([str(binary), "-f", "-c", str(folder / "virtuoso.ini")], cwd=folder,
                                            stdout=out, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{self.http_port}"
        wait_for(self.base + "/sparql?query=ASK%7B%7D", self.process, 120, self.log)
        self.sql('GRANT SPARQL_UPDATE TO "SPARQL"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET (\'nobody\', 7);')

    def _ini(self) -> str:
        db = self.folder / "db"
        db.mkdir(exist_ok=True)
        return "\n".join([
            "[Database]", f"DatabaseFile = {db}/virtuoso.db", f"ErrorLogFile = {db}/virtuoso.log",
            f"LockFile = {db}/virtuoso.lck", f"TransactionFile = {db}/virtuoso.trx",
            f"xa_persistent_file = {db}/virtuoso.pxa", "TempStorage = TempDatabase",
            "[TempDatabase]", f"DatabaseFile = {db}/virtuoso-temp.db", f"TransactionFile = {db}/virtuoso-temp.trx",
            "[Parameters]", f"ServerPort = 127.0.0.1:{self.sql_port}", "DisableUnixSocket = 1",
            f"DirsAllowed = ., {self.data}", "NumberOfBuffers = 20000", "MaxDirtyBuffers = 15000",
            "CheckpointInterval = 0", "ThreadsPerQuery = 2",
            "[HTTPServer]", f"ServerPort = 127.0.0.1:{self.http_port}", "ServerThreads = 4",
            "ServerRoot = /var/lib/virtuoso-opensource-7/vsp", "MaxClientConnections = 8",
            "[SPARQL]", "ResultSetMaxRows = 100000", "MaxQueryExecutionTime = 120", "",
        ])

    def sql(self, statements: str) -> str:
        """Run SQL with isql (as dba, the password a new database has); returns its output."""
        done = subprocess.run([str(self.isql), str(self.sql_port), "dba", "dba", f"exec={statements}"],
                              capture_output=True, text=True, timeout=300, check=False)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql: {(done.stdout + done.stderr).strip()[-400:]}")
        return done.stdout

    def load(self, name: str) -> None:
        """Bulk-load a file of ``data`` (N-Quads keep their graphs) and make it durable."""
        self.sql(f"ld_dir('{self.data}', '{name}', 'https://example.org/unnamed'); rdf_loader_run(); checkpoint;")
        errors = self.sql("SELECT ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;")
        if "0 Rows" not in errors:
            raise RuntimeError(f"Virtuoso could not load {name}: {errors.strip()[-300:]}")

    @property
    def endpoint(self) -> str:
        """The SPARQL 1.1 Protocol endpoint."""
        return self.base + "/sparql"

    @property
    def graph_store(self) -> str:
        """The Graph Store Protocol endpoint (named graphs only: Virtuoso's has no default graph)."""
        return self.base + "/sparql-graph-crud"

    def version(self) -> str:
        """What ``virtuoso-t --version`` says, e.g. 7.2.5.3229 (from "Version 7.2.5.3229-pthreads as of ...")."""
        done = subprocess.run(["virtuoso-t", "--version"], capture_output=True, text=True, check=False)
        line = next((x for x in (done.stdout + done.stderr).splitlines() if x.startswith("Version")), "")
        return line.split()[1].split("-")[0] if line else "unknown"

    def close(self) -> None:
        stop(self.process)


class Oxigraph:
    """Oxigraph server (PyPI ``oxigraph``) over a store loaded from N-Quads (a release's armskg.nq, or the
    graph's quads), read-only, its default graph the union of the named graphs (``--union-default-graph``)."""

    def __init__(self, folder: Path, dump: Path) -> None:
        beside = Path(sys.executable).parent / "oxigraph"
        binary = str(beside) if beside.exists() else shutil.which("oxigraph")
        if not binary:
            missing("Oxigraph server (pip install oxigraph)")
        subprocess.run([binary, "load", "--location", str(folder), "--file", str(dump)], check=True,
                       capture_output=True, timeout=300)
        port = free_port()
        self.process = subprocess.Popen([binary, "serve-read-only", "--location", str(folder), "--bind",
                                         f"127.0.0.1:{port}", "--union-default-graph"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.endpoint = f"http://127.0.0.1:{port}/query"
        wait_for(self.endpoint + "?query=ASK%7B%7D", self.process, 60)

    def close(self) -> None:
        stop(self.process)


class Comunica:
    """Comunica (npm ``@comunica/query-sparql-file``, pinned in .ci/comunica) over files of a release, in a
    Node process that reads queries on standard input (.ci/comunica/run-queries.cjs): no port is opened."""

    def __init__(self, files: list[Path]) -> None:
        node = shutil.which("node")
        if not node or not (COMUNICA / "node_modules" / "@comunica" / "query-sparql-file").is_dir():
            missing("Comunica (cd .ci/comunica && npm ci)")
        self.command = [str(node), str(COMUNICA / "run-queries.cjs"), *map(str, files)]
        self.process = self._start()

    def _start(self) -> subprocess.Popen[str]:
        return subprocess.Popen(self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=COMUNICA)

    def select(self, query: str, seconds: float = 120) -> dict[str, Any]:
        """Run one query; its SPARQL 1.1 Query Results JSON. A query that takes more than ``seconds`` stops
        Comunica (the next query starts it again) and fails, rather than hanging the test session."""
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps({"query": query}) + "\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], seconds)
        if not ready:
            self.close()
            self.process = self._start()
            raise TimeoutError(f"Comunica gave no answer within {seconds:g} s")
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("Comunica stopped")
        answer: dict[str, Any] = json.loads(line)
        if "error" in answer:
            raise RuntimeError(f"Comunica: {answer['error']}")
        return answer

    def version(self) -> str:
        """The installed @comunica/query-sparql-file version."""
        package = COMUNICA / "node_modules" / "@comunica" / "query-sparql-file" / "package.json"
        return str(json.loads(package.read_text(encoding="utf-8"))["version"])

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        stop(self.process)
        if self.process.stdout:
            self.process.stdout.close()
