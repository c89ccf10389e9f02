"""Plotly figures of the structure questions: 产城融合 (industry against city subsystem) and
the development models' spread per indicator.

Like ``dashboards.figures``, these only lay out what ``analysis.coupling`` and
``analysis.models`` computed.
"""

from __future__ import annotations

import plotly.graph_objects as go

from dashboards.figures import BAR, HIGHLIGHT, _layout
from dashboards.formatting import localised, pick_language

# past this many zones the scatter's points are not labelled (their names would cover each
# other); hovering still names each one
LABELLED_POINTS = 50


def coupling_figure(result, *, language: str, title: str):
    """U₁ against U₂ for the zones of the peer set with both, coloured by D; with a zone
    chosen, its path over the years as a line."""
    rows = [item for item in result.zones if item.enough_data]
    labelled = len(rows) <= LABELLED_POINTS
    grade_key = "grade_en" if language.startswith("en") else "grade_zh"
    # the zones' trace given as a dict: plotly checks it once, where a ``go.Scatter`` is
    # checked, then copied and checked again by the figure (60 ms at 3,000 zones)
    figure = go.Figure(
        dict(
            type="scatter",
            name=pick_language("对比组园区 / Zones of the peer set", language),
            x=[item.u1 for item in rows],
            y=[item.u2 for item in rows],
            text=[localised(item.__dict__, "name", language) for item in rows],
            customdata=[[item.d, getattr(item, grade_key), item.zone] for item in rows],
            mode="markers+text" if labelled else "markers",
            textposition="top center",
            marker={
                "size": 11 if labelled else 7,
                "color": [item.d for item in rows],
                "cmin": 0,
                "cmax": 1,
                "colorscale": "RdYlGn",
                "colorbar": {"title": {"text": "D"}, "thickness": 12},
                "line": {"width": 1, "color": "#333333"},
            },
            hovertemplate="%{text}<br>U1 %{x:.3f}, U2 %{y:.3f}<br>D %{customdata[0]:.3f} "
            "%{customdata[1]}<extra></extra>",
        )
    )
    path = [item for item in result.path if item.enough_data]
    if path:
        figure.add_trace(
            go.Scatter(
                name=pick_language(
                    f"{path[0].name_zh}历年 / {path[0].name_en} over the years", language
                ),
                x=[item.u1 for item in path],
                y=[item.u2 for item in path],
                text=[str(item.year) for item in path],
                customdata=[[item.d, getattr(item, grade_key), item.year] for item in path],
                mode="lines+markers+text",
                textposition="bottom right",
                line={"color": HIGHLIGHT},
                marker={"color": HIGHLIGHT, "size": 8},
                hovertemplate="%{text}: U1 %{x:.3f}, U2 %{y:.3f}<br>D %{customdata[0]:.3f} "
                "%{customdata[1]}<extra></extra>",
            )
        )
    figure.add_trace(
        go.Scatter(
            name=pick_language("U1 = U2", language),
            x=[0, 1],
            y=[0, 1],
            mode="lines",
            line={"color": "#9aa5b1", "dash": "dot", "width": 1},
            hoverinfo="skip",
        )
    )
    _layout(
        figure,
        title=title,
        x_title=pick_language("U1 产业子系统 / U1 industry", language),
        y_title=pick_language("U2 城市子系统 / U2 city", language),
    )
    figure.update_layout(
        xaxis={"range": [-0.05, 1.08], "title": {"text": figure.layout.xaxis.title.text}},
        yaxis={"range": [-0.05, 1.08], "gridcolor": "#e4e7eb"},
        legend={"orientation": "h", "y": -0.25},
        height=520,
    )
    return figure


def models_figure(result, indicator, *, language: str, title: str):
    """One indicator across the five models: each member's figure as a named point; where a
    group has enough members, its median as a bar mark with the range as an error bar."""
    labels = {group.model: localised(group.__dict__, "name", language) for group in result.groups}
    names = {
        member.zone: localised(member.__dict__, "name", language)
        for group in result.groups
        for member in group.members
    }
    points = [(group, item) for group in indicator.groups for item in group.figures]
    figure = go.Figure(
        go.Scatter(
            name=pick_language("成员 / Members", language),
            x=[labels[group.model] for group, _item in points],
            y=[item.value for _group, item in points],
            text=[names[item.zone] for _group, item in points],
            customdata=[[item.year, item.as_reported] for _group, item in points],
            mode="markers+text",
            textposition="middle right",
            marker={"color": BAR, "size": 10},
            hovertemplate="%{text} (%{customdata[0]})<br>%{customdata[1]}<extra></extra>",
        )
    )
    spread = [group for group in indicator.groups if group.median is not None]
    if spread:
        figure.add_trace(
            go.Scatter(
                name=pick_language("中位数与范围 / Median and range", language),
                x=[labels[group.model] for group in spread],
                y=[group.median for group in spread],
                mode="markers",
                marker={"symbol": "line-ew-open", "size": 30, "color": HIGHLIGHT},
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": [group.maximum - group.median for group in spread],
                    "arrayminus": [group.median - group.minimum for group in spread],
                    "color": HIGHLIGHT,
                },
                hovertemplate="%{x}: %{y}<extra></extra>",
            )
        )
    _layout(figure, title=title, y_title=indicator.unit)
    figure.update_layout(
        xaxis={"categoryorder": "array", "categoryarray": list(labels.values())},
        legend={"orientation": "h", "y": -0.2},
        height=440,
    )
    return figure
