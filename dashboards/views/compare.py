"""The compare page and its CSV: several zones and indicators as grouped bars, lines over
time, a radar and the table."""

from __future__ import annotations

from collections import Counter

from django.http import QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from analysis.compare import compare_table, radar_scores
from common.errors import BadParameter
from dashboards import figures, params
from dashboards import selectors as page_selectors
from dashboards.formatting import localised
from dashboards.views.base import chart, csv_response, language, page, period_choices, period_label
from indicators.selectors import check_codes


def _compare_selection(query) -> dict:
    zones = params.many(query, "zone")
    indicators = params.many(query, "indicator")
    selection = {
        "zones": zones,
        "indicators": indicators,
        "year_from": params.year(query, "year_from"),
        "year_to": params.year(query, "year_to"),
        "period": params.period(query),
    }
    if zones:
        check_codes(zones=zones)
    if indicators:
        check_codes(indicators=indicators)
    return selection


@page
def compare(request):
    """Several zones and indicators: grouped bars, lines over time, a radar and the table."""
    selection = _compare_selection(request.GET)
    reader_language = language()
    context = {
        "selection": selection,
        "indicators": page_selectors.indicators_in_catalogue_order(),
        "periods": period_choices(),
        "zones": page_selectors.zones_for_picker(),
        "charts": [],
    }
    if selection["indicators"]:
        context["zones_with_data"] = page_selectors.zones_with_data(
            indicators=selection["indicators"], period=selection["period"]
        )
    if selection["zones"] and selection["indicators"]:
        table = compare_table(**_compare_args(selection))
        csv_url = f"{reverse('dashboards:compare-csv')}?{request.GET.urlencode()}"
        names = {row["zone"]: localised(row, "zone_name", reader_language) for row in table}
        indicator_objs = page_selectors.indicators_by_code(selection["indicators"])
        for code in selection["indicators"]:
            indicator = indicator_objs[code]
            points = [
                {
                    "year": r["year"],
                    "value": r["value"],
                    "series": names[r["zone"]],
                    "source": {"key": r["source"], "title": r["source_title"]},
                }
                for r in table
                if r["indicator"] == code
            ]
            if not points:
                continue
            kwargs = {
                "language": reader_language,
                "title": f"{localised(indicator, 'name', reader_language)} · "
                f"{period_label(selection['period'])}",
                "y_title": figures.unit_label(indicator, reader_language),
            }
            sources = [p["source"] for p in points]
            context["charts"].append(
                chart(
                    f"bars-{code}",
                    figures.grouped_bar_figure(points, **kwargs),
                    csv_url=f"{csv_url}&only={code}",
                    sources=sources,
                )
            )
            if len({p["year"] for p in points}) > 1:
                context["charts"].append(
                    chart(
                        f"lines-{code}",
                        figures.series_figure(points, **kwargs),
                        csv_url=f"{csv_url}&only={code}",
                        sources=sources,
                    )
                )
        scores = radar_scores(**_compare_args(selection))
        titles = {r["source"]: r["source_title"] for r in table}
        # a radar says something only for two or more zones with values on three or more axes
        scored = Counter(s["zone"] for s in scores)
        radar_zones = [zone for zone in selection["zones"] if scored[zone] >= 3]
        if len(radar_zones) >= 2:
            radar_input = [
                {
                    "name": names.get(zone, zone),
                    "points": [
                        {
                            "label": localised(
                                indicator_objs[s["indicator"]], "name", reader_language
                            ),
                            "score": s["score"],
                        }
                        for s in scores
                        if s["zone"] == zone
                    ],
                }
                for zone in radar_zones
            ]
            context["radar"] = chart(
                "radar",
                figures.radar_figure(
                    radar_input, language=reader_language, title=_("归一化指标雷达图")
                ),
                csv_url=f"{reverse('dashboards:compare-csv')}?{request.GET.urlencode()}&radar=1",
                sources=[{"key": s["source"], "title": titles[s["source"]]} for s in scores],
            )
        context["table"] = table
        context["table_indicators"] = [indicator_objs[c] for c in selection["indicators"]]
        present = {(r["zone"], r["indicator"]) for r in table}
        zone_objs = page_selectors.zones_by_slug(selection["zones"])
        context["missing"] = [
            (zone_objs[zone], indicator_objs[code])
            for code in selection["indicators"]
            for zone in selection["zones"]
            if (zone, code) not in present
        ]
        context["csv_url"] = csv_url
    return render(request, "dashboards/compare.html", context)


def _compare_csv_url(zones: list[str], indicators: list[str], period: str) -> str:
    query = QueryDict(mutable=True)
    query.setlist("zone", zones)
    query.setlist("indicator", indicators)
    query["period"] = period
    return f"{reverse('dashboards:compare-csv')}?{query.urlencode()}"


def _compare_args(selection: dict) -> dict:
    return {
        "zones": selection["zones"],
        "indicators": selection["indicators"],
        "year_from": selection["year_from"],
        "year_to": selection["year_to"],
        "period": selection["period"],
    }


@page
def compare_csv(request):
    """The long table behind the compare charts (``only`` = one chart's indicator)."""
    selection = _compare_selection(request.GET)
    if not selection["zones"]:
        raise BadParameter("zone", "", "至少需要一个园区 / at least one zone is required")
    if not selection["indicators"]:
        raise BadParameter("indicator", "", "至少需要一个指标 / at least one indicator is required")
    if params.text(request.GET, "radar"):
        scores = radar_scores(**_compare_args(selection))
        header = ["zone", "indicator", "year", "period", "value", "score", "source"]
        rows = [[s[column] for column in header] for s in scores]
        return csv_response("compare-radar.csv", header, rows)
    only = params.text(request.GET, "only")
    if only and only not in selection["indicators"]:
        raise BadParameter("only", only, "不在所选指标中 / not one of the chosen indicators")
    table = compare_table(**_compare_args(selection))
    header = [
        "zone",
        "zone_name_zh",
        "zone_name_en",
        "indicator",
        "unit",
        "year",
        "period",
        "value",
        "as_reported",
        "qualifier",
        "status",
        "source",
        "reliability",
    ]
    rows = [[r[column] for column in header] for r in table if not only or r["indicator"] == only]
    return csv_response("compare.csv", header, rows)
