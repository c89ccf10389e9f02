"""Plotly figures of the peers and overlap questions: each peer's distance, the zones'
industry overlap.

Like ``dashboards.figures``, these only lay out what ``analysis.peers`` computed.
"""

from __future__ import annotations

import plotly.graph_objects as go

from dashboards.figures import _layout
from dashboards.formatting import localised, pick_language


def peers_figure(result, *, language: str, title: str):
    """One horizontal bar per peer, nearest first, its length the distance; the hover names
    the indicators that contribute most to it."""
    names = {item.code: localised(item.__dict__, "name", language) for item in result.indicators}
    rows = result.peers
    reasons = [
        "<br>".join(
            f"{names.get(c.indicator, c.indicator)}: {c.share:.0%}" for c in row.contributions[:3]
        )
        for row in rows
    ]
    figure = go.Figure(
        go.Bar(
            y=[localised(row.__dict__, "name", language) for row in rows],
            x=[row.distance for row in rows],
            orientation="h",
            marker={"color": "#4a7ab5"},
            customdata=[[row.shared, reason] for row, reason in zip(rows, reasons, strict=True)],
            hovertemplate="%{y}<br>%{x:.2f} (n=%{customdata[0]})<br>%{customdata[1]}"
            "<extra></extra>",
        )
    )
    x_title = pick_language("距离（标准化差的均方根）/ Distance (RMS of z-differences)", language)
    _layout(figure, title=title, x_title=x_title)
    figure.update_layout(
        yaxis={"autorange": "reversed", "title": {"text": ""}, "automargin": True},
        xaxis={"title": {"text": x_title}, "rangemode": "tozero"},
        margin={"l": 40, "b": 60},
        height=max(280, 60 + 40 * len(rows)),
    )
    return figure


def overlap_figure(result, *, language: str, title: str):
    """The zones' pairwise Jaccard overlap of lead industries as a heat map (0 to 1)."""
    names = [localised(item.__dict__, "name", language) for item in result.zones]
    figure = go.Figure(
        go.Heatmap(
            z=result.jaccard,
            x=names,
            y=names,
            zmin=0,
            zmax=1,
            colorscale="Blues",
            hovertemplate="%{y} × %{x}<br>Jaccard %{z:.2f}<extra></extra>",
        )
    )
    _layout(figure, title=title)
    figure.update_layout(
        yaxis={"autorange": "reversed", "automargin": True},
        xaxis={"automargin": True, "tickangle": -45},
        margin={"l": 40, "b": 40},
        height=max(360, 160 + 28 * len(names)),
    )
    return figure
