"""The rankings page and its CSV: one indicator, one year and period, every zone ranked.

The overview draws the same ranking (``ranking_selection``, ``ranking_context``).
"""

from __future__ import annotations

from dataclasses import replace

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from analysis.ranking import ranking_years, zone_ranking
from common.codes import split_codes
from common.errors import BadParameter
from dashboards import figures, params
from dashboards import selectors as page_selectors
from dashboards.exports import Export
from dashboards.formatting import localised
from dashboards.views.base import chart, csv_response, language, page, period_choices, period_label
from indicators.models import Period
from indicators.selectors import check_codes
from zones.models import Region, ZoneKind

# the overview's ranking chart draws the best this many zones (and the highlighted one);
# the rankings page draws them all
OVERVIEW_RANKING_BARS = 30


def ranking_selection(query) -> dict:
    """indicator, year, period and peer filters from the query string, with defaults."""
    indicator = params.text(query, "indicator") or page_selectors.default_indicator()
    period = params.period(query)
    selection = {
        "indicator": indicator,
        "period": period,
        "year": params.year(query),
        "kind": params.choice(query, "kind", ZoneKind.values),
        "region": params.choice(query, "region", Region.values),
        "cohort": params.text(query, "cohort"),
        "zone": params.text(query, "zone"),
        "peers": split_codes(params.text(query, "peers", "")) or None,
    }
    if indicator is None:
        return selection
    check_codes(indicators=[indicator])
    if selection["zone"]:
        check_codes(zones=[selection["zone"]])
    years = ranking_years(
        indicator=indicator,
        period=period,
        kind=selection["kind"],
        region=selection["region"],
        cohort=selection["cohort"],
        peers=selection["peers"],
    )
    selection["years"] = years
    if selection["year"] is None:
        selection["year"] = years[0] if years else None
    return selection


def _chart_rows(rows: list, *, highlight: str | None, limit: int | None) -> list:
    """The first ``limit`` ranked rows (best first, as the ranking orders them by the
    indicator's direction) and the highlighted zone's row if it is further down."""
    if limit is None or len(rows) <= limit:
        return rows
    shown = rows[:limit]
    shown += [row for row in rows[limit:] if highlight and row.zone == highlight]
    return shown


def ranking_context(
    request, selection: dict, *, chart_id: str, chart_limit: int | None = None
) -> dict:
    """The ranking of the selection; its chart draws at most ``chart_limit`` bars (and the
    highlighted zone), with a note saying how many of how many it shows."""
    if selection["indicator"] is None or selection["year"] is None:
        return {"ranking": None}
    ranking = zone_ranking(
        indicator=selection["indicator"],
        year=selection["year"],
        period=selection["period"],
        kind=selection["kind"],
        region=selection["region"],
        cohort=selection["cohort"],
        peers=selection["peers"],
    )
    label = period_label(selection["period"])
    shown = _chart_rows(ranking.rows, highlight=selection["zone"], limit=chart_limit)
    figure = figures.ranking_figure(
        replace(ranking, rows=shown),
        highlight=selection["zone"],
        language=language(),
        period_label=label,
    )
    note = ""
    if chart_limit is not None and len(ranking.rows) > chart_limit:
        note = _("图中显示前 %(limit)s 名，共 %(n)s 个园区；完整排名见排名页。") % {
            "limit": chart_limit,
            "n": len(ranking.rows),
        }
    sources = [row.source for row in shown] + [a.source for a in ranking.cohort_averages]
    query = request.GET.copy()
    query["indicator"], query["year"], query["period"] = (
        selection["indicator"],
        str(selection["year"]),
        selection["period"],
    )
    peer_label = localised(
        {"label_zh": ranking.peer_set["label_zh"], "label_en": ranking.peer_set["label_en"]},
        "label",
        language(),
    )
    export = Export(
        subject=peer_label,
        what=localised(ranking.indicator.__dict__, "name", language()),
        when=f"{ranking.year} {label}",
        unit=figures.unit_label(ranking.indicator.__dict__, language()),
        zones=[selection["zone"]] if selection["zone"] else [],
        slug=[
            "ranking",
            selection["indicator"],
            selection["cohort"] or selection["kind"] or selection["region"] or "",
            str(ranking.year),
        ],
    )
    highlighted = next((row for row in ranking.rows if row.zone == selection["zone"]), None)
    unranked = _unranked_highlight(selection) if selection["zone"] and not highlighted else None
    return {
        "ranking": ranking,
        "highlighted": highlighted,
        "unranked": unranked,
        "peer_label": peer_label,
        "period_label": label,
        "part_year": selection["period"] != Period.FULL_YEAR,
        "chart": chart(
            chart_id,
            figure,
            csv_url=f"{reverse('dashboards:rankings-csv')}?{query.urlencode()}",
            sources=sources,
            note=note,
            export=export,
        ),
    }


def _unranked_highlight(selection: dict) -> dict:
    """Why the highlighted zone has no bar: no value that year and period (with its latest
    year that has one), or a value but outside the peer set's filters."""
    zone = page_selectors.zones_by_slug([selection["zone"]])[selection["zone"]]
    years = ranking_years(
        indicator=selection["indicator"], period=selection["period"], zone=selection["zone"]
    )
    return {
        "name": localised(zone, "name", language()),
        "latest": years[0] if years else None,
        "outside_peers": selection["year"] in years,
    }


def picker_context(selection: dict) -> dict:
    return {
        "indicators": page_selectors.indicators_for_picker(period=selection["period"]),
        "periods": period_choices(),
        "kinds": ZoneKind.choices,
        "regions": Region.choices,
        "cohorts": page_selectors.cohorts_for_picker(),
        "selection": selection,
    }


@page
def rankings(request):
    """One indicator, one year and period: every zone with a value, ranked."""
    selection = ranking_selection(request.GET)
    context = {
        **picker_context(selection),
        **ranking_context(request, selection, chart_id="ranking"),
    }
    return render(request, "dashboards/rankings.html", context)


@page
def rankings_csv(request):
    """The rows of exactly the ranking chart the same query string draws."""
    selection = ranking_selection(request.GET)
    if selection["indicator"] is None or selection["year"] is None:
        raise BadParameter("year", None, "该指标没有数据 / the indicator has no data")
    ranking = zone_ranking(
        indicator=selection["indicator"],
        year=selection["year"],
        period=selection["period"],
        kind=selection["kind"],
        region=selection["region"],
        cohort=selection["cohort"],
        peers=selection["peers"],
    )
    header = [
        "rank",
        "out_of",
        "zone",
        "name_zh",
        "name_en",
        "indicator",
        "unit",
        "year",
        "period",
        "value",
        "as_reported",
        "qualifier",
        "source",
        "reliability",
    ]
    rows = [
        [
            row.rank,
            row.n,
            row.zone,
            row.name_zh,
            row.name_en,
            ranking.indicator.code,
            ranking.indicator.unit,
            ranking.year,
            ranking.period,
            row.value,
            row.as_reported,
            row.qualifier,
            row.source,
            row.reliability,
        ]
        for row in ranking.rows
    ]
    rows += [
        [
            "",
            "",
            f"cohort:{avg.cohort}",
            avg.name_zh,
            avg.name_en,
            ranking.indicator.code,
            ranking.indicator.unit,
            ranking.year,
            ranking.period,
            avg.value,
            avg.as_reported,
            avg.qualifier,
            avg.source,
            avg.reliability,
        ]
        for avg in ranking.cohort_averages
    ]
    filename = f"ranking-{ranking.indicator.code}-{ranking.year}-{ranking.period}.csv"
    return csv_response(filename, header, rows)
