"""The rankings page and its CSV: one indicator, one year and period, every zone ranked.

The overview draws the same ranking (``ranking_selection``, ``ranking_context``).
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from analysis.normalise import DIVIDED_FIELDS, PER_VALUES, applicable_pers, per_choices
from analysis.ranking import Ranking, ranking_years, zone_ranking
from common.cache import cached
from common.codes import split_codes
from common.errors import BadParameter
from dashboards import figures, params
from dashboards import selectors as page_selectors
from dashboards.exports import Export
from dashboards.formatting import localised
from dashboards.picker import zone_picker
from dashboards.views import base as views_base
from dashboards.views.base import chart, csv_response, language, page, period_choices, period_label
from indicators.models import Period
from indicators.selectors import check_codes
from zones.models import Region, ZoneKind

# the overview's ranking chart draws the best this many zones (and the highlighted one)
OVERVIEW_RANKING_BARS = 30
# the rankings page's chart and table show the best this many (and the highlighted zone),
# every zone with ?bars=all (the CSV and the API always hold every zone)
RANKING_BARS = 50


def ranking_selection(query) -> dict:
    """indicator, year, period and peer filters from the query string, with defaults."""
    indicator = params.text(query, "indicator") or page_selectors.default_indicator()
    period = params.period(query)
    selection: dict[str, Any] = {
        "indicator": indicator,
        "period": period,
        "year": params.year(query),
        "kind": params.choice(query, "kind", ZoneKind.values),
        "region": params.choice(query, "region", Region.values),
        "cohort": params.text(query, "cohort"),
        "zone": params.text(query, "zone"),
        "peers": split_codes(params.text(query, "peers", "")) or None,
        "per": params.choice(query, "per", PER_VALUES),
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
    request,
    selection: dict,
    *,
    chart_id: str,
    chart_limit: int | None = None,
    more_url: str = "",
) -> dict:
    """The ranking of the selection; its chart draws at most ``chart_limit`` bars (and the
    highlighted zone), with a note saying how many of how many it shows and, if given, a
    ``more_url`` link that shows them all."""
    if selection["indicator"] is None or selection["year"] is None:
        return {"ranking": None}
    ranking = _selected_ranking(selection)
    label = period_label(selection["period"])
    shown = _chart_rows(ranking.rows, highlight=selection["zone"], limit=chart_limit)
    note = ""
    limited = chart_limit is not None and len(ranking.rows) > chart_limit
    if limited and more_url:
        note = _("图表和表格显示前 %(limit)s 名，共 %(n)s 个园区。") % {
            "limit": chart_limit,
            "n": len(ranking.rows),
        }
    elif limited:
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
        "shown_rows": shown,
        "highlighted": highlighted,
        "unranked": unranked,
        "peer_label": peer_label,
        "period_label": label,
        "part_year": selection["period"] != Period.FULL_YEAR,
        # the figure (slow to build for many bars) is built once per data generation
        "chart": cached(
            "ranking-chart",
            (chart_id, request.get_full_path(), chart_limit, language()),
            lambda: chart(
                chart_id,
                figures.ranking_figure(
                    replace(ranking, rows=shown),
                    highlight=selection["zone"],
                    language=language(),
                    period_label=label,
                ),
                csv_url=f"{reverse('dashboards:rankings-csv')}?{query.urlencode()}",
                sources=sources,
                note=note,
                more_url=more_url if limited else "",
                export=export,
            ),
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


def picker_context(selection: dict, query=None) -> dict:
    """The form's choices; with ``query`` (the rankings page's) also the zone picker of the
    highlighted zone, flagging the zones without a value of the indicator in the period."""
    indicators = list(page_selectors.indicators_for_picker(period=selection["period"]))
    chosen = next((ind for ind in indicators if ind.code == selection["indicator"]), None)
    context = {
        "indicators": indicators,
        "per_options": per_choices(chosen) if chosen else [],
        # which denominators apply to each indicator, for static/js/per.js
        "per_by_indicator": json.dumps({ind.code: applicable_pers(ind) for ind in indicators}),
        "periods": period_choices(),
        "kinds": ZoneKind.choices,
        "regions": Region.choices,
        "cohorts": page_selectors.cohorts_for_picker(),
        "selection": selection,
    }
    if query is not None:
        context["picker"] = zone_picker(
            query,
            chosen=[selection["zone"]] if selection["zone"] else [],
            multiple=False,
            indicators=[selection["indicator"]] if selection["indicator"] else None,
            period=selection["period"],
        )
    return context


def _selected_ranking(selection: dict[str, Any]) -> Ranking:
    """The ranking a page's selection (``ranking_selection``) asks for: the page's and its CSV's."""
    return zone_ranking(
        indicator=selection["indicator"],
        year=selection["year"],
        period=selection["period"],
        kind=selection["kind"],
        region=selection["region"],
        cohort=selection["cohort"],
        peers=selection["peers"],
        per=selection["per"],
    )


@page
def rankings(request):
    """One indicator, one year and period: every zone with a value, ranked."""
    return views_base.cached_render(
        request, "dashboards/rankings.html", lambda: _rankings_context(request)
    )


def _rankings_context(request):
    selection = ranking_selection(request.GET)
    show_all = params.choice(request.GET, "bars", ("top", "all"), "top") == "all"
    every_bar = request.GET.copy()
    every_bar["bars"] = "all"
    context = {
        **picker_context(selection, request.GET),
        **ranking_context(
            request,
            selection,
            chart_id="ranking",
            chart_limit=None if show_all else RANKING_BARS,
            more_url=f"{request.path}?{every_bar.urlencode()}",
        ),
    }
    return context


@page
def rankings_csv(request):
    """The rows of exactly the ranking chart the same query string draws."""
    selection = ranking_selection(request.GET)
    if selection["indicator"] is None or selection["year"] is None:
        raise BadParameter("year", None, "该指标没有数据 / the indicator has no data")
    ranking = _selected_ranking(selection)
    header = [*RANKING_CSV_COLUMNS, *DIVIDED_FIELDS, "reason_zh", "reason_en"]
    facts = {
        "indicator": ranking.indicator.code,
        "unit": ranking.indicator.unit,
        "year": ranking.year,
        "period": ranking.period,
    }
    rows = [{**facts, **vars(row), "out_of": row.n} for row in ranking.rows]
    rows += [{**facts, **vars(row)} for row in ranking.not_ranked]
    rows += [
        {**facts, **vars(avg), "zone": f"cohort:{avg.cohort}", "rank": "", "out_of": ""}
        for avg in ranking.cohort_averages
    ]
    table = [[row.get(column, "") for column in header] for row in rows]
    filename = f"ranking-{ranking.indicator.code}-{ranking.year}-{ranking.period}.csv"
    return csv_response(filename, header, table)


RANKING_CSV_COLUMNS = [
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
