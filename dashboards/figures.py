"""Plotly figure builders: analysis results in, ``plotly.graph_objects.Figure`` out.

The builders only lay out numbers that the analysis core computed (``analysis``);
they never rank, average or divide. ``figure_json`` serialises a figure for the page with
``<``, ``>`` and ``&`` escaped, so text from the database cannot end the <script> element.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from dashboards.formatting import format_number, localised, pick_language, unit_text

HIGHLIGHT = "#d64545"
BAR = "#4a7ab5"
REFERENCE_COLOURS = ["#b54708", "#2f855a", "#6b46c1", "#c05621", "#2b6cb0"]
# one colour per series wherever a page draws it (a zone on compare, a period on a profile)
SERIES_COLOURS = [
    "#4a7ab5",
    "#d64545",
    "#2f855a",
    "#b7791f",
    "#6b46c1",
    "#0987a0",
    "#c05621",
    "#718096",
    "#d53f8c",
    "#2c5282",
    "#38a169",
    "#744210",
]
FONT = "system-ui, -apple-system, 'PingFang SC', 'Noto Sans CJK SC', sans-serif"

_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def figure_json(figure: go.Figure) -> str:
    """The figure as plotly JSON, safe to place inside ``<script type="application/json">``."""
    return pio.to_json(figure, validate=False, remove_uids=True).translate(_ESCAPES)


def _layout(figure: go.Figure, *, title: str, y_title: str = "", x_title: str = "", **extra):
    figure.update_layout(
        title={"text": title, "x": 0.01},
        font={"family": FONT, "size": 13},
        margin={"l": 70, "r": 30, "t": 60, "b": 120},
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
        separators=".,",
        yaxis={"title": {"text": y_title}, "gridcolor": "#e4e7eb", "tickformat": ",~r"},
        xaxis={"title": {"text": x_title}},
        **extra,
    )
    return figure


def unit_label(info, language: str) -> str:
    """The unit for an axis title (the chart title names the indicator): ``亿元``, ``%``;
    in English the indicator's English unit where the catalogue has one."""

    return unit_text(info, language)


def ranking_figure(ranking, *, highlight: str | None, language: str, period_label: str):
    """All ranked zones as bars (best first), each cohort mean as a horizontal reference line."""
    rows = ranking.rows
    names = [localised(row.__dict__, "name", language) for row in rows]
    colours = [HIGHLIGHT if row.zone == highlight else BAR for row in rows]
    out_of = "of" if language.startswith("en") else "/"
    per = getattr(ranking, "per", None)  # divided figures: the divided unit, marked computed
    unit_info = per.__dict__ if per else ranking.indicator.__dict__
    figure = go.Figure(
        go.Bar(
            x=names,
            y=[row.value for row in rows],
            marker={"color": colours},
            customdata=[
                [row.zone, f"{row.rank} {out_of} {row.n}", _shown_as(row, language), row.source]
                for row in rows
            ],
            hovertemplate="%{x}<br>%{y:,.2f} "
            + unit_label(unit_info, language)
            + "<br>#%{customdata[1]}<br>%{customdata[2]} · %{customdata[3]}<extra></extra>",
            name=localised(ranking.indicator.__dict__, "name", language),
        )
    )
    # Each cohort mean is a dashed line named in the legend rather than labelled on the plot:
    # labels of two close means (52 centres, 353 districts) sat on top of each other.
    for index, average in enumerate(ranking.cohort_averages):
        colour = REFERENCE_COLOURS[index % len(REFERENCE_COLOURS)]
        figure.add_hline(
            y=average.value,
            line={"color": colour, "dash": "dash", "width": 2},
            name=(
                f"{localised(average.__dict__, 'name', language)}: "
                f"{format_number(average.value)} "
                f"{unit_label(ranking.indicator.__dict__, language)}"
            ),
            showlegend=True,
        )
    title = (
        f"{localised(ranking.indicator.__dict__, 'name', language)} · {ranking.year} {period_label}"
    )
    if per:
        title += f" · {localised(per.__dict__, 'label', language)}"
    _layout(figure, title=title, y_title=unit_label(unit_info, language))
    figure.update_traces(showlegend=False)
    figure.update_layout(
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
        margin={"t": 60 + 22 * len(ranking.cohort_averages)},
    )
    if rows:
        # a few zones keep the width of a bar among many, instead of filling the chart
        figure.update_xaxes(range=[-0.5, max(len(rows), 8) - 0.5])
    return figure


def _shown_as(row, language: str) -> str:
    """A ranked figure as the source printed it, or for a divided one its arithmetic."""
    if not getattr(row, "computed", False):
        return row.as_reported
    return (
        f"{pick_language('推算 / computed', language)}: {format_number(row.absolute_value)} ÷ "
        f"{format_number(row.denominator_value)} ({row.denominator_year})"
    )


def series_figure(
    points, *, language: str, title: str, y_title: str, colours: dict[str, str] | None = None
):
    """A line over the years: ``points`` are dicts with year, value, series (legend label).
    ``colours`` fixes a series' colour by its label, so it keeps it from chart to chart.

    A point may also carry ``reliability`` and ``reliability_label``: a figure from a source
    less than official is drawn as a hollow marker and its hover names the kind of source.
    """
    figure = go.Figure()
    for series in dict.fromkeys(point["series"] for point in points):
        own = sorted((p for p in points if p["series"] == series), key=lambda p: p["year"])
        trace = {
            "x": [p["year"] for p in own],
            "y": [p["value"] for p in own],
            "mode": "lines+markers",
            "name": series,
            "hovertemplate": "%{x}: %{y:,.2f}<extra>" + series + "</extra>",
        }
        if colours and series in colours:
            trace["line"] = {"color": colours[series]}
        if any("reliability" in p for p in own):
            trace["marker"] = {
                "symbol": [
                    "circle" if p.get("reliability") == "official" else "circle-open" for p in own
                ],
                "size": 8,
                **({"color": colours[series]} if colours and series in colours else {}),
            }
            trace["customdata"] = [
                ("" if p.get("reliability") == "official" else f" ({p.get('reliability_label')})")
                + p.get("open_check_label", "")  # a consistency finding about it is open
                for p in own
            ]
            trace["hovertemplate"] = "%{x}: %{y:,.2f}%{customdata}<extra>" + series + "</extra>"
        figure.add_trace(go.Scatter(**trace))
    _layout(figure, title=title, y_title=y_title)
    figure.update_xaxes(dtick=1, tickformat="d")
    figure.update_layout(margin={"b": 60})
    return figure


def year_bar_figure(
    points, *, language: str, title: str, y_title: str, colours: dict[str, str] | None = None
):
    """One bar per series (zone) in one year: ``points`` as for ``series_figure``, all of the
    same year (the title says which). ``colours`` as for ``series_figure``.

    Only the zones with a value appear; the page lists the others as "no data".
    """
    names = [p["series"] for p in points]
    figure = go.Figure(
        go.Bar(
            x=names,
            y=[p["value"] for p in points],
            marker={"color": [(colours or {}).get(name, BAR) for name in names]},
            hovertemplate="%{x}: %{y:,.2f}<extra></extra>",
        )
    )
    _layout(figure, title=title, y_title=y_title, showlegend=False)
    figure.update_xaxes(type="category")
    figure.update_layout(margin={"b": 80}, bargap=0.35)
    if points:
        figure.update_xaxes(range=[-0.5, max(len(points), 4) - 0.5])
    return figure


def stacked_share_figure(points, *, language: str, title: str):
    """Shares stacked to 100 % per year: ``points`` are dicts with year, value (%), series."""
    figure = go.Figure()
    years = sorted({p["year"] for p in points})
    for series in dict.fromkeys(point["series"] for point in points):
        by_year = {p["year"]: p["value"] for p in points if p["series"] == series}
        figure.add_trace(
            go.Bar(
                x=[str(year) for year in years if year in by_year],
                y=[by_year[year] for year in years if year in by_year],
                name=series,
                hovertemplate="%{x}: %{y:,.2f}%<extra>" + series + "</extra>",
            )
        )
    _layout(figure, title=title, y_title="%", barmode="stack", showlegend=True)
    figure.update_xaxes(type="category")
    figure.update_layout(margin={"b": 60}, bargap=0.5)
    return figure


def radar_figure(normalised, *, language: str, title: str, colours: dict[str, str] | None = None):
    """One closed polygon per zone over the indicators; values already normalised to 0-1.
    ``colours`` as for ``series_figure``."""
    figure = go.Figure()
    for zone in normalised:
        colour = (colours or {}).get(zone["name"])
        labels = [item["label"] for item in zone["points"]]
        values = [item["score"] for item in zone["points"]]
        figure.add_trace(
            go.Scatterpolar(
                r=[*values, values[0]] if values else [],
                theta=[*labels, labels[0]] if labels else [],
                fill="toself",
                name=zone["name"],
                **({"line": {"color": colour}} if colour else {}),
                hovertemplate="%{theta}: %{r:.2f}<extra>" + zone["name"] + "</extra>",
            )
        )
    figure.update_layout(
        title={"text": title, "x": 0.01},
        font={"family": FONT, "size": 13},
        polar={"radialaxis": {"range": [0, 1], "tickformat": ".0%"}},
        margin={"l": 60, "r": 60, "t": 60, "b": 40},
    )
    return figure


def sector_figure(points, *, language: str, title: str):
    """The three-sector shares of a zone, stacked by year."""
    return stacked_share_figure(points, language=language, title=title)


def benchmark_figure(benchmark, *, language: str, title: str):
    """Diverging bars: each indicator's zone/cohort ratio drawn from the 1.0 line."""
    rows = benchmark.rows
    labels = [f"{localised(row.__dict__, 'name', language)} ({row.year})" for row in rows]
    colours = [
        "#2f855a" if row.ahead else ("#c53030" if row.ahead is False else "#718096") for row in rows
    ]
    figure = go.Figure(
        go.Bar(
            y=labels,
            x=[None if row.ratio is None else row.ratio - 1 for row in rows],
            base=1,
            orientation="h",
            marker={"color": colours},
            customdata=[
                [
                    row.ratio,
                    format_number(row.zone_value),
                    format_number(row.cohort_value),
                    row.unit,
                ]
                for row in rows
            ],
            hovertemplate="%{y}<br>×%{customdata[0]:.2f}<br>%{customdata[1]} vs "
            "%{customdata[2]} %{customdata[3]}<extra></extra>",
        )
    )
    x_title = pick_language("与对标组平均值之比 / Ratio to the cohort mean", language)
    _layout(figure, title=title, x_title=x_title)
    figure.add_vline(x=1, line={"color": "#1f2933", "width": 1})
    ratios = [row.ratio for row in rows if row.ratio is not None]
    # 1.0 (the cohort mean) stays in view with room on both sides, so the bars diverge from it
    x_range = [min([0.0, *[r - 0.1 for r in ratios]]), max([2.0, *[r + 0.1 for r in ratios]])]
    figure.update_layout(
        yaxis={"autorange": "reversed", "title": {"text": ""}, "automargin": True},
        xaxis={"tickformat": ".2f", "title": {"text": x_title}, "range": x_range},
        margin={"l": 40, "b": 60},
        height=max(320, 60 + 40 * len(rows)),
    )
    return figure
