"""The map of China: the provinces as outlines, the zones as points coloured by an indicator.

A zone without a value is drawn apart (a hollow grey ring named "无数据 / no data"), never as a
zero on the colour scale. Zones whose points would overlap are laid on a small spiral around
their common place, each still one point that links to its profile (``customdata[0]``;
``static/js/charts.js`` follows it on a click when ``layout.meta.links`` is set).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from html import escape

import plotly.graph_objects as go

from dashboards import geography
from dashboards.figures import FONT
from dashboards.formatting import format_number

NO_DATA = "#9aa5b1"
COLOURS = [[0, "#fdbb84"], [0.5, "#e34a33"], [1, "#7f0000"]]  # light to dark: low to high
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


@dataclass(frozen=True)
class MapPoint:
    """One zone on the map; ``value`` None when it has no figure for the map's selection."""

    slug: str
    name: str
    url: str
    latitude: float
    longitude: float
    value: float | None = None
    figure: str = ""  # the value with its unit as the hover shows it
    when: str = ""  # year and period
    source: str = ""  # the source's title
    status: str = ""  # "推算值" for a figure not reported as such; blank for a reported one


def spread(points: list[MapPoint], *, radius: float) -> list[MapPoint]:
    """Points sharing a cell of ``radius`` degrees laid on a spiral around the cell's mean
    position (sunflower order by slug, so a page draws them the same way every time); a
    point alone in its cell keeps its own position."""
    cells: dict[tuple[int, int], list[MapPoint]] = {}
    for point in sorted(points, key=lambda p: p.slug):
        key = (math.floor(point.longitude / radius), math.floor(point.latitude / radius))
        cells.setdefault(key, []).append(point)
    out = []
    for members in cells.values():
        if len(members) == 1:
            out.append(members[0])
            continue
        lat = sum(p.latitude for p in members) / len(members)
        lon = sum(p.longitude for p in members) / len(members)
        stretch = 1 / max(math.cos(math.radians(lat)), 0.2)
        for index, point in enumerate(members):
            distance = radius * 0.45 * math.sqrt(index)
            angle = index * GOLDEN_ANGLE
            out.append(
                replace(
                    point,
                    latitude=lat + distance * math.sin(angle),
                    longitude=lon + distance * math.cos(angle) * stretch,
                )
            )
    return out


def _hover(point: MapPoint, *, no_data: str, source: str) -> str:
    lines = [f"<b>{escape(point.name)}</b>"]
    if point.value is None:
        lines.append(escape(no_data))
    else:
        lines.append(escape(point.figure) + (f" ({escape(point.status)})" if point.status else ""))
        lines.append(escape(point.when))
        lines.append(escape(f"{source}{point.source}"))
    return "<br>".join(lines)


def china_map_figure(
    points: list[MapPoint],
    *,
    title: str,
    unit: str,
    labels: dict[str, str],
    province: str | None = None,
):
    """The provinces (``province`` filled darker and framed) and every point of ``points``.
    ``labels`` carries the words in the reader's language: ``no_data`` (legend and hover),
    ``source`` (the hover's "来源："), ``value`` (the coloured points' trace name)."""
    (west, east), (south, north) = geography.view_bounds(province)
    placed = spread(points, radius=max(east - west, north - south) / 45)
    hover = {"no_data": labels["no_data"], "source": labels["source"]}
    # Traces: "no data" (drawn under), the points with a figure, then the provinces (plotly
    # draws a map's outlines below its points whatever the order). A first trace without a
    # ``locationmode`` spares plotly.js fetching its world topojson, which the map hides.
    figure = go.Figure()
    for with_value in (False, True):
        group = [p for p in placed if (p.value is not None) == with_value]
        marker: dict = {"size": 9, "line": {"color": "#ffffff", "width": 1}}
        if with_value:
            marker |= {
                "size": 12,
                "color": [p.value for p in group],
                "colorscale": COLOURS,
                "showscale": bool(group),
                "colorbar": {
                    "orientation": "h",
                    "title": {"text": unit, "side": "top"},
                    "thickness": 10,
                    "len": 0.6,
                    "x": 0.5,
                    "y": -0.02,
                    "yanchor": "top",
                    "tickformat": ",~r",
                },
            }
        else:
            marker |= {"color": NO_DATA, "symbol": "circle-open", "line": {"width": 1.5}}
        figure.add_trace(
            go.Scattergeo(
                lat=[p.latitude for p in group],
                lon=[p.longitude for p in group],
                text=[_hover(p, **hover) for p in group],
                customdata=[[p.url, p.slug] for p in group],
                hovertemplate="%{text}<extra></extra>",
                mode="markers",
                marker=marker,
                name=f"{labels['no_data']} ({len(group)})" if not with_value else labels["value"],
                showlegend=not with_value and bool(group),
            )
        )
    provinces = list(geography.PROVINCES)
    figure.add_trace(
        go.Choropleth(
            geojson=geography.geojson_url(),
            featureidkey="id",
            locations=provinces,
            z=[1 if name == province else 0 for name in provinces],
            zmin=0,
            zmax=1,
            colorscale=[[0, "#f4f6f8"], [1, "#e2e8f0"]],
            showscale=False,
            marker={"line": {"color": "#9aa5b1", "width": 0.6}},
            hoverinfo="skip",  # a province under the pointer would take the point's hover
            name="",
            showlegend=False,
        )
    )
    figure.update_geos(
        projection_type="mercator",
        lonaxis_range=[west, east],
        lataxis_range=[south, north],
        visible=False,
        bgcolor="#ffffff",
    )
    figure.update_layout(
        title={"text": title, "x": 0.01},
        font={"family": FONT, "size": 13},
        margin={"l": 10, "r": 10, "t": 50, "b": 70},
        height=560,
        paper_bgcolor="#ffffff",
        legend={"orientation": "h", "x": 0, "y": 0, "yanchor": "top"},
        meta={"links": True},
    )
    return figure


def point_figure(value: float, unit: str) -> str:
    """``5901.27`` and ``亿元`` -> ``5,901.27 亿元``."""
    return f"{format_number(value)} {unit}".strip()
