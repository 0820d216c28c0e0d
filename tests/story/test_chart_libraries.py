"""One version of the chart libraries: the Vega, Vega-Lite and Vega-Embed the site serves to
browsers (npm, package-lock.json) are the ones vl-convert bundles for the static PNGs, and the
Vega-Lite Altair writes specifications for."""

from __future__ import annotations

import json
import re

import altair as alt
import vl_convert

from airace import paths
from airace.site import build

LOCK = json.loads((paths.ROOT / "package-lock.json").read_text(encoding="utf-8"))


def locked(package: str) -> str:
    return LOCK["packages"][f"node_modules/{package}"]["version"]


def served(file: str) -> str:
    """The version string inside the minified library the build copies into _static."""
    text = (paths.NODE_MODULES / build.VENDOR_FILES[file]).read_text(encoding="utf-8")
    found = re.search(r'\.version="(\d+\.\d+\.\d+)"', text) or re.search(r'"use strict";var \w+="(\d+\.\d+\.\d+)"', text)
    return found.group(1)


def test_browser_vega_is_the_vega_of_the_static_images():
    assert locked("vega") == vl_convert.get_vega_version()
    assert served("vega.min.js") == vl_convert.get_vega_version()


def test_browser_vega_embed_is_the_one_vl_convert_bundles():
    assert locked("vega-embed") == vl_convert.get_vega_embed_version()


def test_vega_lite_is_altairs_and_bundled_by_vl_convert():
    assert locked("vega-lite") == alt.VEGALITE_VERSION
    assert served("vega-lite.min.js") == alt.VEGALITE_VERSION
    minor = ".".join(alt.VEGALITE_VERSION.split(".")[:2])
    assert minor in vl_convert.get_vegalite_versions()


def test_no_second_copy_of_a_chart_library_is_installed():
    """A nested node_modules/*/node_modules/vega would be a second version behind the first."""
    nested = [name for name in LOCK["packages"]
              if re.search(r"node_modules/.+/node_modules/vega(-lite|-embed)?$", name)]
    assert nested == []
