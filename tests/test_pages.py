"""armskg serve's pages (issues 12.2 and 13.3-4): the graph's IRIs by content negotiation, the ontology and
its documentation, and the query page, used as people and machines use them (a real server on 127.0.0.1,
headless Chromium with no other host resolving)."""

from __future__ import annotations

import html
import json
import os
import urllib.parse
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from conftest import console_errors, wait_ready
from support import run_armskg, run_cli
from test_serve import get

import armskg

ID = "https://w3id.org/armskg/id/"
HTML = "text/html,application/xhtml+xml,*/*;q=0.8"  # what a browser sends


#: One IRI of each kind the graph has, with words its page must show.
KINDS = {
    "state/LTU": "Lithuania", "treaty/apmbc": "Anti-Personnel Mine Ban Convention", "org/nato": "North Atlantic Treaty Organization",
    "border/LTU-RUS": "border", "source/untc-xxvi-5-2026": "Anti-Personnel", "action/apmbc/LTU-withdrawal-2025-06-27": "LTU",
    "rule/apmbc-art20": "Article 20", "status/apmbc/LTU/2003-11-01": "party", "claim/poland-apii-2003-10-15": "claim",
    "conflict/russia-ukraine-2022": "Ukraine", "statement/2025-03-18-baltic-poland-ottawa-FIN": "Finland",
}


@pytest.mark.parametrize("path", list(KINDS), ids=[p.split("/")[0] for p in KINDS])
def test_each_kind_of_iri_is_a_page_for_people(server: str, path: str) -> None:
    status, headers, body = get(f"{server}/id/{path}", HTML)
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert "Accept" in headers["vary"]
    assert KINDS[path].lower() in body.decode().lower()


@pytest.mark.parametrize("path", list(KINDS), ids=[p.split("/")[0] for p in KINDS])
def test_each_kind_of_iri_is_rdf_for_machines(server: str, kg: armskg.KnowledgeGraph, path: str) -> None:
    status, headers, body = get(f"{server}/id/{path}", "text/turtle")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    triples = {(t.subject, t.predicate, t.object) for t in ox.parse(body, format=ox.RdfFormat.TURTLE)}
    iri = ox.NamedNode(ID + path)
    expected = {(q.subject, q.predicate, q.object) for q in kg.store.quads_for_pattern(iri, None, None)}
    assert expected and expected <= triples  # every triple the graph has about it (and its blank nodes')


@pytest.mark.parametrize(("accept", "fmt"), [("application/ld+json", ox.RdfFormat.JSON_LD),
                                              ("application/n-triples", ox.RdfFormat.N_TRIPLES),
                                              ("application/rdf+xml", ox.RdfFormat.RDF_XML)], ids=["jsonld", "ntriples", "rdfxml"])
def test_every_rdf_format_says_the_same(server: str, accept: str, fmt: ox.RdfFormat) -> None:
    _, _, turtle = get(f"{server}/id/state/LTU", "text/turtle")
    status, headers, body = get(f"{server}/id/state/LTU", accept)
    assert status == 200 and headers["content-type"].startswith(fmt.media_type)
    assert len(list(ox.parse(body, format=fmt))) == len(list(ox.parse(turtle, format=ox.RdfFormat.TURTLE)))
    _, _, again = get(f"{server}/id/state/LTU?format=turtle", HTML)  # format= wins over the Accept header
    assert again == turtle


@pytest.mark.parametrize("path", ["/id/state/XXX", "/id/treaty/nothing", "/id/state/LTU/extra/deep/er/still", "/id/%2e%2e/x"],
                         ids=["state", "treaty", "deep", "dots"])
def test_an_unknown_iri_is_404_with_a_page(server: str, path: str) -> None:
    status, headers, body = get(server + path, HTML)
    assert status == 404 and headers["content-type"].startswith("text/html") and b"Not found" in body
    status, headers, body = get(server + path, "text/turtle")
    assert status == 404 and headers["content-type"].startswith("text/plain") and body.count(b"\n") == 1


def test_a_state_page_says_its_status_timeline_borders_and_alliances(server: str) -> None:
    status, _, body = get(f"{server}/id/state/LTU?date=2025-06-01", HTML)
    text = body.decode()
    assert status == 200
    assert "on 2025-06-01" in text
    row = text.split('href="/id/treaty/apmbc"')[1].split("</tr>")[0]
    assert "withdrawn" in row and "since 2025-12-27" in row  # today
    assert "party" in row and "since 2003-11-01" in row  # on 2025-06-01
    for neighbour in ("Belarus", "Latvia", "Poland", "Russian Federation"):
        assert f">{neighbour}</a>" in text
    assert "North Atlantic Treaty Organization" in text and "European Union" in text
    assert "withdrawal notification" in text and 'id="src-1"' in text  # acts with numbered sources


def test_a_date_given_twice_is_400(server: str) -> None:
    """A state's page for two dates answered for one of them, without a word."""
    status, _, body = get(server + "/id/state/FIN?date=2026-01-09&date=2026-01-10", HTML)
    assert status == 400 and b"date given more than once" in body


LTU = "https://w3id.org/armskg/id/state/LTU"


@pytest.mark.parametrize("path", ["/id/state/LTU", "/sparql?query=" + urllib.parse.quote(f"CONSTRUCT WHERE {{ <{LTU}> ?p ?o }}"),
                                  "/sparql"], ids=["iri", "construct", "description"])
@pytest.mark.parametrize(("accept", "media", "fmt"), [
    ("application/json", "application/ld+json", ox.RdfFormat.JSON_LD),
    ("text/n3", "text/turtle", ox.RdfFormat.TURTLE),
], ids=["json", "n3"])
def test_a_program_asking_for_json_or_n3_gets_rdf(server: str, path: str, accept: str, media: str,
                                                  fmt: ox.RdfFormat) -> None:
    """JSON-LD is JSON and Turtle is N3: an IRI, a CONSTRUCT and the service description answer them, not 406."""
    status, headers, body = get(server + path, accept)
    assert status == 200 and headers["content-type"].startswith(media)
    subject = ox.NamedNode(server + "/sparql" if path == "/sparql" else LTU)
    assert subject in {t.subject for t in ox.parse(body, format=fmt)}


def test_a_bad_date_is_400(server: str) -> None:
    status, _, body = get(f"{server}/id/state/LTU?date=2025-13-01", HTML)
    assert status == 400 and b"bad date" in body


def test_a_treaty_page_has_clauses_chart_map_and_withdrawals(server: str) -> None:
    status, _, body = get(f"{server}/id/treaty/apmbc?date=2026-03-01", HTML)
    text = body.decode()
    assert status == 200
    assert "Article 17(2)" in text and "Article 20(2)" in text
    assert "<polyline" in text and "Parties to the Anti-Personnel Mine Ban Convention at the end of each year" in text
    assert 'data-iso3="FIN" data-status="withdrawn"' in text and 'data-iso3="NOR" data-status="party"' in text
    withdrawals = text.split("Withdrawals and suspensions")[1]
    assert all(name in withdrawals for name in ("Estonia", "Finland", "Latvia", "Lithuania", "Poland", "Ukraine"))


def test_a_partial_records_page_counts_no_parties(server: str) -> None:
    """The Outer Space Treaty's record is partial: its page draws no count of parties (99 where there are about
    115), says why, and still shows each state's status, 'not recorded' where the record is silent."""
    status, _, body = get(f"{server}/id/treaty/ost?date=2026-03-01", HTML)
    text = body.decode()
    assert status == 200
    counts = text.split("<h2>Parties over time</h2>")[1].split("<h2>")[0]
    assert "<polyline" not in counts and "cannot count the parties" in counts
    assert 'data-iso3="AGO" data-status="not recorded"' in text


def test_the_ontology_is_documentation_for_people_and_rdf_for_machines(server: str, kg: armskg.KnowledgeGraph) -> None:
    status, _, body = get(server + "/ontology", HTML)
    text = body.decode()
    assert status == 200
    assert 'id="State"' in text and 'id="StatusScheme"' in text and 'id="shape-StateShape"' in text
    assert "#0072b2" in text and 'href="/id/state/' in text  # the status colours; examples from the graph
    status, _, body = get(server + "/ontology", "text/turtle")
    assert status == 200
    graph = ox.NamedNode("https://w3id.org/armskg/graph/ontology")
    assert len(list(ox.parse(body, format=ox.RdfFormat.TURTLE))) == len(list(kg.store.quads_for_pattern(None, None, None, graph)))


def test_armskg_docs_writes_the_documentation(tmp_path: Path) -> None:
    done = run_armskg("docs", "-o", str(tmp_path / "ontology"))
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "ontology" / "index.html").read_text(encoding="utf-8")
    assert 'id="WithdrawalNotification"' in text and 'href="https://w3id.org/armskg/id/' in text
    assert 'href="/map"' not in text  # no links to a server's pages in a file
    page = tmp_path / "ontology" / "index.html"
    os.utime(page, (1, 1))
    assert run_cli("docs", "-o", str(tmp_path / "ontology")).returncode == 0  # its own file: replaced
    assert page.stat().st_mtime > 1
    # and the same page: each run parses ontology/ afresh, with new blank-node labels, which it must not follow
    assert page.read_text(encoding="utf-8") == text
    # the copy the repository ships (the README links it) is that page: its counts and examples come from the
    # graph, and drifted with every change of data until this said so
    shipped = Path(__file__).resolve().parents[1] / "docs" / "ontology" / "index.html"
    assert shipped.read_text(encoding="utf-8") == text, "docs/ontology/index.html is stale: run 'armskg docs -o docs/ontology'"


def test_armskg_docs_never_overwrites_another_file(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("mine", encoding="utf-8")
    done = run_cli("docs", "-o", str(tmp_path))
    assert done.returncode == 2 and "armskg did not write it" in done.stderr and done.stderr.count("\n") == 1
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == "mine"


def test_pages_escape_what_the_graph_says() -> None:
    from armskg.serve.pages import generic_page

    store = ox.Store()
    evil = ox.NamedNode(ID + "org/evil")
    store.add(ox.Quad(evil, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                      ox.Literal('<script>alert("x")</script>')))
    page = generic_page(store, evil, "/id/org/evil")
    assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


@pytest.mark.parametrize("iri", ["javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
                                 "JavaScript:alert(1)", "vbscript:msgbox(1)"])
def test_pages_link_only_to_web_addresses(iri: str) -> None:
    """An IRI or a source URL in the graph that is not an http(s) address is shown, never made a link."""
    from armskg.serve.pages import generic_page

    store = ox.Store()
    evil = ox.NamedNode(ID + "org/evil")
    store.add(ox.Quad(evil, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso"), ox.NamedNode(iri)))
    store.add(ox.Quad(evil, ox.NamedNode("https://schema.org/url"),
                      ox.Literal(iri, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#anyURI"))))
    page = generic_page(store, evil, "/id/org/evil")
    assert 'href="javascript' not in page.lower() and 'href="data:text' not in page and 'href="vbscript' not in page
    assert html.escape(iri) in page  # shown as text


#: Each page, and whether it has a script that says when it is ready.
PAGES = {"/": True, "/map#treaty=apmbc&date=2026-01-10&state=FIN": True, "/network": True, "/id/state/LTU": False,
         "/id/treaty/apmbc": False, "/id/org/nato": False, "/id/rule/apmbc-art20": False, "/ontology": False}


#: The pages every run opens in Chromium (the query page, the map through time, a state's page); the thorough
#: run (CI) opens every kind.
EVERY_RUN = ("/", "/map#treaty=apmbc&date=2026-01-10&state=FIN", "/id/state/LTU")


@pytest.mark.parametrize("path", [p if p in EVERY_RUN else pytest.param(p, marks=pytest.mark.slow) for p in PAGES],
                         ids=["query", "map", "network", "state", "treaty", "org", "rule", "ontology"])
def test_each_page_opens_in_chromium_without_console_errors(server: str, browser: Any, path: str) -> None:
    console_errors(browser)
    browser.get(server + path)
    if PAGES[path]:
        wait_ready(browser)
    assert browser.execute_script("return document.title")
    assert console_errors(browser) == []


def _ask(browser: Any) -> list[list[str]]:
    import time

    deadline = time.monotonic() + 60
    while browser.execute_script("return document.body.dataset.answered") is None:
        assert time.monotonic() < deadline, "no answer"
        time.sleep(0.05)
    rows = browser.execute_script("""return Array.from(document.querySelectorAll('#answer-rows tbody tr'),
        (tr) => Array.from(tr.cells, (td) => td.innerText));""")
    return [list(r) for r in rows]


def test_a_named_query_form_answers_the_flagship_question(server: str, browser: Any) -> None:
    from selenium.webdriver.support.ui import Select

    console_errors(browser)
    browser.get(server + "/")
    wait_ready(browser)
    Select(browser.find_element("id", "query-name")).select_by_value("parties-bordering")
    Select(browser.find_element("id", "param-treaty")).select_by_value("apmbc")
    state = browser.find_element("id", "param-state")
    state.clear()
    state.send_keys("RUS")
    browser.execute_script("document.getElementById('param-as_of').value = '2026-03-01'")
    browser.find_element("css selector", "#ask button[type=submit]").click()
    assert _ask(browser) == [["BLR", "Belarus", "2004-03-01"], ["NOR", "Norway", "1999-03-01"], ["UKR", "Ukraine", "2006-06-01"]]
    assert browser.execute_script("return document.querySelectorAll('#answer-map g[data-iso3]').length") > 150
    # a month past the day the Convention's record was read: the page says so, as the command line does
    assert [n.text for n in browser.find_elements("css selector", "#answer-meta .note")] == [
        ("Note: the graph's record of the Anti-Personnel Mine Ban Convention (apmbc) is complete as at 2026-02-03: "
         "acts after that date may be missing")]
    link = browser.find_element("id", "share").get_attribute("href")
    assert link.endswith("#ask=parties-bordering&state=RUS&treaty=apmbc&as_of=2026-03-01")
    csv = browser.find_element("link text", "CSV").get_attribute("href")
    status, _headers, body = get(csv)
    assert status == 200 and body.decode().splitlines()[0] == "iso3,label,since"
    assert console_errors(browser) == []


def test_a_shared_link_restores_the_answer_and_years_draw_a_chart(server: str, browser: Any,
                                                                  kg: armskg.KnowledgeGraph) -> None:
    browser.get(server + "/#ask=party-counts&treaty=ccm&as_of=2026-03-01")
    wait_ready(browser)
    rows = _ask(browser)
    expected = [[str(r["year"]), str(r["parties"])] for r in kg.query("party-counts", treaty="ccm", as_of="2026-03-01")]
    assert rows == expected and rows[0][0] == "2010" and browser.execute_script("return !!document.querySelector('#answer-chart polyline')")
    assert browser.find_element("id", "query-name").get_attribute("value") == "party-counts"


def test_the_sparql_editor_runs_a_query_offline(server: str, browser: Any) -> None:
    import time

    console_errors(browser)
    browser.get(server + "/")
    wait_ready(browser)
    assert browser.execute_script("return armskgYasgui.getTab().getQuery()").startswith("PREFIX ak:")
    browser.execute_script("armskgYasgui.getTab().query()")
    deadline = time.monotonic() + 60
    while "apmbc" not in browser.find_element("id", "yasgui").text:
        assert time.monotonic() < deadline, "the editor's answer never came"
        time.sleep(0.1)
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", "example")).select_by_value("parties-bordering")
    assert "VALUES ?state { <https://w3id.org/armskg/id/state/RUS> }" in browser.execute_script(
        "return armskgYasgui.getTab().getQuery()")
    assert console_errors(browser) == []


def test_the_query_page_offers_the_names_the_graph_knows(server: str) -> None:
    _, _, body = get(server + "/", HTML)
    text = body.decode()
    offers = json.loads(text.split('id="armskg-offers">')[1].split("</script>")[0])
    assert ["RUS", "Russian Federation"] in offers["names"]["state"]
    assert ["apmbc", "Anti-Personnel Mine Ban Convention"] in offers["names"]["treaty"]
    assert {q["name"] for q in offers["queries"]} >= {"parties-bordering", "treaty-status", "party-counts"}
    assert "src=\"static/yasgui/yasgui.min.js\"" in text and "https://" not in text.split("<script")[1][:200]


@pytest.mark.parametrize(("asked", "expected"), [
    ("treaty=ottawa", ["BLR", "EST", "FIN", "LTU", "LVA", "NOR", "POL", "UKR"]),  # an alias the command line takes
    ("treaty=nonsuch", "unknown treaty"),
], ids=["alias", "unknown"])
def test_a_shared_link_answers_the_treaty_it_names(server: str, browser: Any, asked: str, expected: list[str] | str) -> None:
    """A link naming a treaty by an alias answers about that treaty (or refuses a name the graph lacks), never
    about whichever treaty the picker lists first."""
    browser.get("about:blank")
    browser.get(server + f"/#ask=parties-bordering&state=RUS&{asked}&as_of=2025-06-01")
    wait_ready(browser)
    rows = _ask(browser)
    if isinstance(expected, str):
        assert rows == [] and expected in browser.find_element("id", "answer-meta").text
    else:
        assert [r[0] for r in rows] == expected


@pytest.mark.parametrize("day", ["2025-6-1", "2025-13-45"], ids=["loose", "no-such-day"])
def test_a_shared_link_with_a_bad_date_is_refused_not_answered_for_today(server: str, browser: Any, day: str) -> None:
    """A date box drops a value that is no day; the page then answered for today, another question than the link's."""
    browser.get("about:blank")
    browser.get(server + f"/#ask=parties-bordering&state=RUS&treaty=apmbc&as_of={day}")
    wait_ready(browser)
    assert _ask(browser) == []
    assert f"bad as_of '{day}'" in browser.find_element("id", "answer-meta").text
