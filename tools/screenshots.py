"""Take the screenshots of the browser views that docs/ keeps (and look at them before committing).

Usage: python tools/screenshots.py [DOCS_DIR]

Exports the map through time and the network view, starts ``armskg serve`` on a free port of 127.0.0.1,
and photographs each view in headless Chromium (Debian's chromium and chromedriver, no other host
resolving): the map (and the same map as a reader with deuteranopia sees it, by Chromium's own
emulation), the network, the query page with the flagship answer, a state's and a treaty's page, and the
ontology's documentation. It also writes the documentation to DOCS_DIR/ontology/ (``armskg docs``).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"
ARMSKG = [sys.executable, "-m", "armskg"]


def _browser():  # type: ignore[no-untyped-def]
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,900",
                     "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--hide-scrollbars"):
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def _wait(browser, what: str = "ready") -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + 60
    while browser.execute_script(f"return document.body && document.body.dataset.{what}") is None:
        if time.monotonic() > deadline:
            raise SystemExit(f"the page never said {what}")
        time.sleep(0.1)
    time.sleep(0.8)  # let plotly and the fonts settle


def _serve() -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([*ARMSKG, "serve", "--port", str(port), "--workers", "1"])
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(base + "/queries", timeout=5).read()
            return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("armskg serve did not start")


def main() -> None:
    docs = Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS
    subprocess.run([*ARMSKG, "docs", "-o", str(docs / "ontology")], check=True)
    with tempfile.TemporaryDirectory() as folder:
        map_page, network = Path(folder) / "map.html", Path(folder) / "network.html"
        subprocess.run([*ARMSKG, "export", "--format", "html", "--view", "map", "--as-of", "2026-03-01", "-o", str(map_page)],
                       check=True)
        subprocess.run([*ARMSKG, "export", "--format", "html", "--as-of", "2026-03-01", "-o", str(network)], check=True)
        browser = _browser()
        process, base = _serve()
        try:
            browser.get(map_page.as_uri() + "#treaty=apmbc&date=2026-01-10&state=FIN&region=europe")
            _wait(browser)
            browser.save_screenshot(str(docs / "map-through-time.png"))
            browser.execute_cdp_cmd("Emulation.setEmulatedVisionDeficiency", {"type": "deuteranopia"})
            time.sleep(0.5)
            browser.save_screenshot(str(docs / "map-deuteranopia.png"))
            browser.execute_cdp_cmd("Emulation.setEmulatedVisionDeficiency", {"type": "none"})
            browser.get(network.as_uri() + "#treaty=apmbc&date=2026-03-01&state=LTU&region=europe")
            _wait(browser)
            browser.save_screenshot(str(docs / "export-html.png"))
            browser.get(base + "/#ask=parties-bordering&treaty=apmbc&state=RUS&as_of=2026-03-01")
            _wait(browser, "answered")
            browser.save_screenshot(str(docs / "query-page.png"))
            for path, name in (("/id/state/LTU?date=2025-06-01", "page-state.png"), ("/id/treaty/apmbc", "page-treaty.png"),
                               ("/ontology#StatusScheme", "ontology-docs.png")):
                browser.get(base + path)
                time.sleep(1.0)
                browser.save_screenshot(str(docs / name))
        finally:
            browser.quit()
            process.terminate()
            process.wait(15)
    print(f"screenshots written to {docs}: look at each before committing")


if __name__ == "__main__":
    main()
