"""Plotly figures of the composite index page: stacked dimension bars, rank ranges, the slope
chart between two schemes and the coverage matrix. They lay out what ``analysis.index``
computed and never compute a score themselves; a bar's segment is the dimension's share of
the index (weight x score over the weight the zone has, for the arithmetic mean)."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboards.figures import REFERENCE_COLOURS, _layout
from dashboards.formatting import localised

DIMENSION_COLOURS = ["#4a7ab5", "#2f855a", "#b54708", "#6b46c1", "#c05621", "#2b6cb0"]


def _names(rows, language: str) -> list[str]:
    return [localised(row.__dict__, "name", language) for row in rows]


def stacked_index_figure(index, rows, *, language: str, title: str) -> go.Figure:
    """``rows``, ranked zones of ``index`` (best first), each bar split by dimension."""
    names = _names(rows, language)
    figure = go.Figure()
    arithmetic = index.scheme.aggregation == "arithmetic"
    for number, dimension in enumerate(index.scheme.dimensions):
        parts: list[float | None] = []
        for row in rows:
            score = row.scores[dimension.code]
            if score is None or not row.weight_share:
                parts.append(None)
            elif arithmetic:
                parts.append(round(dimension.weight * score / row.weight_share, 2))
            else:
                parts.append(score)
        figure.add_trace(
            go.Bar(
                x=names,
                y=parts,
                name=localised(dimension.__dict__, "name", language),
                marker={"color": DIMENSION_COLOURS[number % len(DIMENSION_COLOURS)]},
                customdata=[[row.zone, row.index, row.rank] for row in rows],
                hovertemplate="%{x}<br>%{fullData.name}: %{y:.2f}"
                "<br>#%{customdata[2]} · %{customdata[1]:.2f}<extra></extra>",
            )
        )
    return _layout(
        figure,
        title=title,
        y_title="0-100" if index.scheme.normalisation != "zscore" else "z",
        barmode="stack" if arithmetic else "group",
        legend={"orientation": "h", "y": -0.35},
    )


def rank_range_figure(rows, *, language: str, title: str) -> go.Figure:
    """Each zone's rank (``rows``: ``RankRange``s) with its 5-95 % range under perturbed
    weights as error bars."""
    figure = go.Figure(
        go.Scatter(
            x=_names(rows, language),
            y=[row.rank for row in rows],
            mode="markers",
            marker={"size": 10, "color": DIMENSION_COLOURS[0]},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": [row.rank_p95 - row.rank for row in rows],
                "arrayminus": [row.rank - row.rank_p05 for row in rows],
            },
            customdata=[[row.rank_min, row.rank_max] for row in rows],
            hovertemplate="%{x}<br>#%{y} (%{customdata[0]}-%{customdata[1]})<extra></extra>",
        )
    )
    _layout(figure, title=title, y_title="#")
    return figure.update_layout(yaxis={"autorange": "reversed", "dtick": 1})


def slope_figure(shifts, *, language: str, title: str, labels: tuple[str, str]) -> go.Figure:
    """One line per zone ranked by both schemes, from its rank under one to the other."""
    figure = go.Figure()
    for number, shift in enumerate(s for s in shifts if s.shift is not None):
        name = localised(shift.__dict__, "name", language)
        figure.add_trace(
            go.Scatter(
                x=list(labels),
                y=[shift.rank_a, shift.rank_b],
                mode="lines+markers+text",
                text=[name, ""],
                textposition="middle left",
                name=name,
                line={"color": REFERENCE_COLOURS[number % len(REFERENCE_COLOURS)]},
                hovertemplate=name + "<br>#%{y}<extra></extra>",
            )
        )
    _layout(figure, title=title, y_title="#", showlegend=False)
    return figure.update_layout(yaxis={"autorange": "reversed", "dtick": 1})


def coverage_figure(index, rows, *, language: str, title: str) -> go.Figure:
    """Zones (``rows`` of ``index``) x the scheme's indicators: 1 where the zone has a
    figure, 0 where missing."""
    members = [(d.code, m) for d in index.scheme.dimensions for m in d.members]
    columns = [f"{code}: {localised(m.__dict__, 'name', language)}" for code, m in members]
    matrix = [
        [1 if m.indicator in row.coverage[code] else 0 for code, m in members] for row in rows
    ]
    figure = go.Figure(
        go.Heatmap(
            z=matrix,
            x=columns,
            y=_names(rows, language),
            colorscale=[[0, "#f1f3f5"], [1, "#2f855a"]],
            showscale=False,
            xgap=1,
            ygap=1,
            hovertemplate="%{y}<br>%{x}<br>%{z}<extra></extra>",
        )
    )
    _layout(figure, title=title, height=max(360, 22 * len(rows) + 200))
    return figure.update_layout(
        yaxis={"autorange": "reversed"}, margin={"l": 220, "r": 30, "t": 60, "b": 200}
    )
