"""The map through time (issue 13.1): one offline page, used in headless Chromium as a person would."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import console_errors, wait_ready
from support import run_cli

import armskg
from armskg.export.mapshapes import svg_path
from armskg.vocab import TREATY_STATUSES

KEYS = pytest.importorskip("selenium.webdriver.common.keys").Keys


@pytest.fixture(scope="module")
def map_file(kg: armskg.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    page = tmp_path_factory.mktemp("map") / "map.html"
    page.write_bytes(kg.export("html", view="map", as_of="2026-03-01"))
    return page


def _open(browser: Any, page: Path, hash_: str = "") -> None:
    """Open the page afresh, as a link does: from another page, since going to the page the browser shows
    with another ``#...`` only changes the hash (the earlier test's page, its state kept, would read it)."""
    browser.get("about:blank")
    console_errors(browser)  # empty the log of earlier pages
    browser.get(page.as_uri() + hash_)
    wait_ready(browser)


def _status(browser: Any, iso3: str) -> str:
    return str(browser.execute_script(f"return document.querySelector('.state[data-iso3={iso3}]').dataset.status"))


def _detail(browser: Any, iso3: str) -> str:
    return str(browser.execute_script(f"return document.querySelector('.state[data-iso3={iso3}]').dataset.detail"))


def _fill(browser: Any, iso3: str) -> str:
    return str(browser.execute_script(
        f"return getComputedStyle(document.querySelector('.state[data-iso3={iso3}] path')).fill"))


def _party(browser: Any, iso3: str) -> str:
    return str(browser.execute_script(f"return document.querySelector('.state[data-iso3={iso3}]').dataset.party"))


def test_the_page_is_one_offline_file_under_3_mb(map_file: Path) -> None:
    text = map_file.read_text(encoding="utf-8").replace('<link rel="icon" href="data:,">', "")  # no icon to fetch
    assert map_file.stat().st_size < 3_000_000
    assert not re.search(r"<script[^>]+src=|<link |@import|url\((?!#)|fetch\(|XMLHttpRequest|https?://[^\"'<>\s]*\.js", text)


def test_every_status_colour_comes_from_the_status_table(map_file: Path) -> None:
    text = map_file.read_text(encoding="utf-8")
    for status in TREATY_STATUSES:
        assert f'[data-status="{status.code}"] {{ fill: {status.colour}; }}' in text


def test_each_state_shape_carries_its_code_and_status(browser: Any, map_file: Path) -> None:
    _open(browser, map_file)
    shapes = browser.execute_script("""return Array.from(document.querySelectorAll('#states .state'),
        (g) => [g.dataset.iso3, g.dataset.status]);""")
    assert len(shapes) >= 190
    assert all(re.fullmatch(r"[A-Z]{3}", iso3) and status for iso3, status in shapes)
    assert dict(shapes)["LTU"] == "withdrawn" and dict(shapes)["NOR"] == "party"  # 2026-03-01, Ottawa
    assert console_errors(browser) == []


def test_the_slider_moved_by_keyboard_shows_finland_leaving(browser: Any, map_file: Path) -> None:
    _open(browser, map_file, "#treaty=apmbc&date=2026-01-09")
    # Finland notified its withdrawal on 2025-07-10: on 2026-01-09 it is a party, withdrawing
    assert (_status(browser, "FIN"), _detail(browser, "FIN"), _party(browser, "FIN")) == ("party", "withdrawing", "true")
    assert _fill(browser, "FIN") != _fill(browser, "NOR")  # drawn as withdrawing, not as a plain party
    slider = browser.find_element("id", "date-slider")
    slider.send_keys(KEYS.ARROW_RIGHT)  # one day on, as a keyboard user moves it
    assert browser.find_element("id", "date-label").text == "2026-01-10"
    assert (_status(browser, "FIN"), _detail(browser, "FIN"), _party(browser, "FIN")) == ("withdrawn", "withdrawn", "false")
    assert "date=2026-01-10" in browser.execute_script("return location.hash")
    slider.send_keys(KEYS.ARROW_LEFT)
    assert (_status(browser, "FIN"), _detail(browser, "FIN")) == ("party", "withdrawing")
    assert console_errors(browser) == []


def test_a_link_restores_the_view(browser: Any, map_file: Path) -> None:
    _open(browser, map_file, "#treaty=apmbc&date=2026-01-10&state=FIN&region=europe")
    assert browser.find_element("id", "date-label").text == "2026-01-10"
    assert browser.execute_script("const s = document.getElementById('treaty'); return s.options[s.selectedIndex].text") \
        == "Anti-Personnel Mine Ban Convention (apmbc)"
    assert browser.find_element("id", "region").get_attribute("value") == "europe"
    width = browser.execute_script("return document.getElementById('map').viewBox.baseVal.width")
    assert width < 1000  # zoomed in: the world is 2,754 units wide
    panel = browser.find_element("id", "panel").text
    assert panel.startswith("Finland FIN")
    assert "withdrawn" in panel and "since 2026-01-10" in panel
    assert "withdrawal notification" in panel and "[1]" in panel  # its acts, with numbered sources
    assert browser.execute_script("return document.querySelectorAll('#panel ol.sources li a[href^=\"https://\"]').length") >= 1
    assert console_errors(browser) == []


def test_hover_tells_status_and_since_and_a_click_opens_the_panel(browser: Any, map_file: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    _open(browser, map_file, "#treaty=apmbc&date=2026-03-01&region=baltic")
    lithuania = browser.find_element("css selector", ".state[data-iso3=LTU] path")
    ActionChains(browser).move_to_element(lithuania).perform()
    assert browser.find_element("id", "tip").text == "Lithuania (LTU): withdrawn since 2025-12-27"
    ActionChains(browser).click(lithuania).perform()
    assert browser.find_element("id", "panel").text.startswith("Lithuania LTU")
    assert "state=LTU" in browser.execute_script("return location.hash")


def test_the_treaty_picker_and_the_table_work_from_the_keyboard(browser: Any, map_file: Path) -> None:
    _open(browser, map_file, "#treaty=apmbc&date=2026-03-01")
    picker = browser.find_element("id", "treaty")
    picker.send_keys("Convention on Cluster")  # a select takes typed text, as a keyboard user picks
    assert "treaty=ccm" in browser.execute_script("return location.hash")
    caption = browser.find_element("id", "table-caption").text
    assert caption == "Every state's status towards the Convention on Cluster Munitions on 2026-03-01"
    assert _status(browser, "LTU") == "withdrawn"  # Lithuania left the CCM (withdrawn since 2025-03-06)
    button = browser.find_element("css selector", "#status-rows button[data-state]")
    name = button.text
    button.send_keys(KEYS.ENTER)  # the table is redrawn: the button is gone
    assert browser.find_element("id", "panel").text.startswith(name)
    assert console_errors(browser) == []


def test_play_moves_the_date(browser: Any, map_file: Path) -> None:
    import time

    _open(browser, map_file, "#treaty=apmbc&date=1999-01-01")
    browser.find_element("id", "play").click()
    time.sleep(0.6)
    browser.find_element("id", "play").click()
    assert browser.find_element("id", "date-label").text > "1999-01-01"
    assert browser.find_element("id", "play").get_attribute("aria-pressed") == "false"


def test_svg_path_rounds_each_point_once() -> None:
    from matplotlib.path import Path as MplPath

    path = MplPath([(0.04, 0.0), (10.06, 0.0), (10.06, 5.55), (0.04, 0.0)], [1, 2, 2, 79])
    assert svg_path(path) == "m0 0l10.1 0l0 5.6z"


def test_svg_path_rounds_halves_to_even_and_writes_curves_from_the_point_before_them() -> None:
    from matplotlib.path import Path as MplPath

    path = MplPath([(0.25, 0.35), (-1.05, 2.0), (-1.15, 2.25), (3.0, -0.5), (4.0, -0.5), (0, 0), (7.0, 7.0), (8.0, 8.0), (0, 0)],
                   [1, 4, 4, 4, 2, 79, 1, 2, 79])
    # 2.5 tenths is 2 and 3.5 is 4 (as round() gives them); each of a curve's three points is written
    # relative to where the curve starts; after a close, the next move is relative to the subpath's start
    assert svg_path(path) == "m.2 .4c-1.2 1.6 -1.4 1.8 2.8-.9l1 0zm6.8 6.6l1 1z"


@pytest.mark.parametrize(("args", "message"), [
    (["--view", "map", "--format", "gexf"], "the map view is a page"),
    (["--view", "map", "--format", "html", "--region", "LTU"], "the map view draws every state"),
], ids=["not-html", "region"])
def test_cli_refuses_what_the_map_cannot_do(args: list[str], message: str) -> None:
    done = run_cli("export", *args)
    assert done.returncode == 2 and message in done.stderr and done.stderr.count("\n") == 1


def test_cli_writes_the_map_view(tmp_path: Path) -> None:
    target = tmp_path / "map.html"
    done = run_cli("export", "--format", "html", "--view", "map", "--treaty", "ottawa", "--treaty", "ccm", "-o", str(target))
    assert done.returncode == 0, done.stderr
    text = target.read_text(encoding="utf-8")
    assert text.count('<g class="state"') >= 190
    assert '"apmbc","Anti-Personnel Mine Ban Convention"' in text and '"att",' not in text  # the picker's treaties
