"""No request leaves the process: ad-hoc SPARQL that names a remote service, a remote graph or a local file
reaches neither a listener on 127.0.0.1 nor the file system (issue 4, point 3).

pyoxigraph calls SERVICE endpoints itself (docs: PERFORMANCE-NOTES), so SERVICE is refused before any
engine sees it; FROM may name only a graph of armskg's own dataset, never a file or a URL. A real listener counts
connections, because pyoxigraph's HTTP client is Rust code that Python's audit hooks cannot see.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import run_cli

import armskg
from armskg.errors import ArmskgError


class Listener:
    """A TCP listener on 127.0.0.1 that counts every connection it is offered."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.stopped.set()
        try:  # wake the accept() at once (counted no more), rather than at its 0.1 s time-out
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
        except OSError:
            pass
        self.thread.join()
        self.sock.close()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    server = Listener()
    # the listener works: a deliberate connection is counted
    with socket.create_connection(("127.0.0.1", server.port), timeout=2):
        pass
    for _ in range(50):
        if server.connections:
            break
        threading.Event().wait(0.02)
    assert server.connections == 1
    server.connections = 0
    yield server
    server.close()


@pytest.fixture()
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.ttl"
    path.write_text("<urn:x> <urn:y> 'do-not-read-me' .\n", encoding="utf-8")
    return path


def _service(port: int, silent: bool = False) -> str:
    return (f"SELECT * WHERE {{ SERVICE {'SILENT ' if silent else ''}<http://127.0.0.1:{port}/sparql> "
            "{ ?s ?p ?o } }")


@pytest.mark.parametrize("silent", [False, True], ids=["service", "service-silent"])
def test_api_refuses_service(kg: armskg.KnowledgeGraph, listener: Listener, silent: bool) -> None:
    with pytest.raises(ArmskgError, match="SERVICE is not allowed"):
        kg.sparql(_service(listener.port, silent))
    assert listener.connections == 0


@pytest.mark.parametrize("clause", ["FROM <http://127.0.0.1:{port}/graph.ttl>", "FROM <{secret}>",
                                    "FROM NAMED <{secret}>", "FROM <https://w3id.org/armskg/graph/asserted> FROM <{secret}>"],
                         ids=["http", "file", "file-named", "file-after-own-graph"])
def test_api_refuses_from_outside_the_dataset(kg: armskg.KnowledgeGraph, listener: Listener, secret: Path,
                                              clause: str) -> None:
    text = f"SELECT * {clause.format(port=listener.port, secret=secret.as_uri())} WHERE {{ ?s ?p ?o }}"
    with pytest.raises(ArmskgError, match=r"^FROM (NAMED )?<\S+ is not allowed: armskg reads only the graphs of its own dataset"):
        kg.sparql(text)
    assert listener.connections == 0


def test_api_refuses_load(kg: armskg.KnowledgeGraph, listener: Listener) -> None:
    with pytest.raises(ArmskgError, match="LOAD is not allowed"):
        kg.sparql(f"LOAD <http://127.0.0.1:{listener.port}/graph.ttl>")
    assert listener.connections == 0


def test_cli_refuses_service(listener: Listener) -> None:
    """SERVICE SILENT through -e. Standard input and a .rq file reach the same kg.sparql (cli._query_adhoc):
    test_ssrf's test_cli_forms sends SERVICE through both (each query form once, every form through each in
    the thorough run) and asks for this same line."""
    done = run_cli("query", "-e", _service(listener.port, silent=True))
    assert done.returncode == 2
    assert done.stderr.strip() == ("armskg: error: SERVICE is not allowed: armskg queries never leave the "
                                   "process or change the graph")
    assert listener.connections == 0


def test_cli_refuses_from_outside_the_dataset(listener: Listener, secret: Path) -> None:
    done = run_cli("query", "--format", "csv", "-e",
                   f"SELECT ?o FROM <http://127.0.0.1:{listener.port}/g> FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"armskg: error: FROM <http://127.0.0.1:{listener.port}/g> is not allowed")
    assert len(done.stderr.strip().splitlines()) == 1
    assert listener.connections == 0


def test_from_picks_a_graph_of_the_dataset(kg: armskg.KnowledgeGraph) -> None:
    count = "SELECT (COUNT(*) AS ?n) {from_} WHERE {{ ?i a <https://w3id.org/armskg/ontology#StatusInterval> }}"
    everywhere = kg.sparql(count.format(from_=""))
    asserted = kg.sparql(count.format(from_="FROM <https://w3id.org/armskg/graph/asserted>"))
    timeline = kg.sparql(count.format(from_="FROM <https://w3id.org/armskg/graph/timeline>"))
    assert asserted[0]["n"] == "0"
    assert int(timeline[0]["n"]) == int(everywhere[0]["n"]) > 1000
