"""What the book reads from the province geometry: who borders whom, and the outline drawn around
a highlighted province without its small islands."""

from __future__ import annotations

import json
import math

from airace import paths, reads

# Parts of a province smaller than this (in km², on the simplified map), or farther than
# OUTLINE_MAX_KM from its largest part, are not outlined when the province is highlighted: at the
# book's map size a thick outline turns them into dark dots that read as places of their own (the
# South China Sea island groups, 1,000 km and more from Hainan Island). They keep their fill.
OUTLINE_MIN_KM2 = 1000
OUTLINE_MAX_KM = 500


@reads.remembered
def topology() -> dict:
    return json.loads(paths.PROVINCE_TOPOLOGY.read_text(encoding="utf-8"))


def _polygons(geometry: dict) -> list:
    return geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]


def _arc_ids(geometry: dict) -> set[int]:
    return {i if i >= 0 else ~i for polygon in _polygons(geometry) for ring in polygon for i in ring}


@reads.remembered
def neighbours_by_code() -> dict[str, tuple[str, ...]]:
    """Provinces that share a border (an arc of the topology) with each province."""
    geometries = {g["properties"]["code"]: g for g in topology()["objects"]["provinces"]["geometries"]}
    arcs = {code: _arc_ids(g) for code, g in geometries.items()}
    return {code: tuple(sorted(other for other in arcs if other != code and arcs[code] & arcs[other]))
            for code in arcs}


def neighbours(code: str) -> tuple[str, ...]:
    return neighbours_by_code().get(code, ())


def _decoded_arcs(top: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = top["transform"]["scale"], top["transform"]["translate"]
    out = []
    for arc in top["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def _ring_km2(ring: list[int], arcs) -> float:
    """Area of a ring in km², on a local equirectangular approximation (good enough to sort
    islands from mainland parts)."""
    points = []
    for index in ring:
        points += arcs[index] if index >= 0 else arcs[~index][::-1]
    if len(points) < 3:
        return 0.0
    lat0 = math.radians(sum(p[1] for p in points) / len(points))
    kx, ky = 111.32 * math.cos(lat0), 110.57
    twice = sum((x1 * kx) * (y2 * ky) - (x2 * kx) * (y1 * ky)
                for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1]))
    return abs(twice) / 2


def _centre(ring: list[int], arcs) -> tuple[float, float]:
    points = [p for index in ring for p in (arcs[index] if index >= 0 else arcs[~index])]
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def _km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat = math.radians((a[1] + b[1]) / 2)
    return math.hypot((a[0] - b[0]) * 111.32 * math.cos(lat), (a[1] - b[1]) * 110.57)


def with_outlines(top: dict) -> dict:
    """The topology with a second object, `outlines`: each province's outer rings without its
    parts under OUTLINE_MIN_KM2. It reuses the same arcs, so it costs a few kilobytes.
    maps/build_geometry.py adds it to maps/provinces.topo.json."""
    top = json.loads(json.dumps(top))
    arcs = _decoded_arcs(top)
    outlines = []
    for geometry in top["objects"]["provinces"]["geometries"]:
        polygons = _polygons(geometry)
        main = max(polygons, key=lambda p: _ring_km2(p[0], arcs))
        kept = [p for p in polygons if _ring_km2(p[0], arcs) >= OUTLINE_MIN_KM2
                and _km_between(_centre(p[0], arcs), _centre(main[0], arcs)) <= OUTLINE_MAX_KM] or [main]
        outlines.append({"type": "MultiPolygon", "arcs": [[p[0]] for p in kept],
                         "properties": {"code": geometry["properties"]["code"]}})
    top["objects"]["outlines"] = {"type": "GeometryCollection", "geometries": outlines}
    return top
