"""The compare page and its CSV: several zones and indicators as grouped bars, lines over
time, a radar and the table."""

from __future__ import annotations

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from analysis.compare import (
    bar_year,
    compare_divided,
    compare_records,
    indexed_series,
    radar_scores,
)
from analysis.normalise import DENOMINATORS, DIVIDED_FIELDS, PER_VALUES, per_unit
from common.cache import cached
from common.errors import BadParameter
from dashboards import figures, params
from dashboards import selectors as page_selectors
from dashboards.exports import Export, listed, names_text, years_text
from dashboards.formatting import localised
from dashboards.picker import zone_picker
from dashboards.views import base as views_base
from dashboards.views.base import chart, csv_response, language, page, period_choices, period_label
from indicators.selectors import check_codes

# ?scale= of the line charts: the values, or each zone relative to the first common year
SCALES = ("value", "index")


def _compare_selection(query) -> dict:
    zones = params.many(query, "zone")
    indicators = params.many(query, "indicator")
    selection = {
        "zones": zones,
        "indicators": indicators,
        "year_from": params.year(query, "year_from"),
        "year_to": params.year(query, "year_to"),
        "period": params.period(query),
        "scale": params.choice(query, "scale", SCALES, "value"),
        "per": params.choice(query, "per", PER_VALUES),
    }
    if zones:
        check_codes(zones=zones)
    if indicators:
        check_codes(indicators=indicators)
    return selection


@page
def compare(request):
    """Several zones and indicators: bars in one year, lines over time, a radar, the table."""
    return views_base.cached_render(
        request, "dashboards/compare.html", lambda: _compare_context(request)
    )


def _compare_context(request):
    selection = _compare_selection(request.GET)
    context = {
        "selection": selection,
        "indicators": page_selectors.indicators_in_catalogue_order(),
        "periods": period_choices(),
        "per_choices": [(per, _per_label(per)) for per in PER_VALUES],
        "picker": zone_picker(
            request.GET,
            chosen=selection["zones"],
            multiple=True,
            indicators=selection["indicators"],
            period=selection["period"],
        ),
        "charts": [],
    }
    if selection["zones"] and selection["indicators"]:
        # the charts (plotly figures, slow to build) are built once per data generation
        context.update(
            cached(
                "comparison",
                (request.get_full_path(), language()),
                lambda: _comparison(request, selection),
            )
        )
    return context


def _comparison(request, selection: dict) -> dict:
    """The charts and the table of a selection with zones and indicators."""
    reader_language = language()
    frame, no_denominator = compare_divided(per=selection["per"], **_compare_args(selection))
    table = compare_records(frame, selection["indicators"], selection["zones"])
    csv_url = f"{reverse('dashboards:compare-csv')}?{request.GET.urlencode()}"
    zone_objs = page_selectors.zones_by_slug(selection["zones"])
    names = {slug: localised(zone_objs[slug], "name", reader_language) for slug in zone_objs}
    # a zone keeps its colour on every chart of the page, in the order it was chosen
    colours = {
        names[slug]: figures.SERIES_COLOURS[index % len(figures.SERIES_COLOURS)]
        for index, slug in enumerate(selection["zones"])
        if slug in names
    }
    indicator_objs = page_selectors.indicators_by_code(selection["indicators"])
    charts = []
    for code in selection["indicators"]:
        records = [r for r in table if r["indicator"] == code]
        if records:
            charts += _indicator_charts(
                records,
                indicator=indicator_objs[code],
                selection=selection,
                names=names,
                colours=colours,
                csv_url=f"{csv_url}&only={code}",
            )
    present = {(r["zone"], r["indicator"]) for r in table} | {
        (r["zone"], r["indicator"]) for r in no_denominator
    }
    return {
        "charts": charts,
        "radar": _radar(request, selection, names=names, colours=colours, table=table),
        "table": table,
        "table_indicators": [indicator_objs[c] for c in selection["indicators"]],
        "missing": [
            (zone_objs[zone], indicator_objs[code])
            for code in selection["indicators"]
            for zone in selection["zones"]
            if (zone, code) not in present
        ],
        "no_denominator": no_denominator,
        "per_label": _per_label(selection["per"]),
        "csv_url": csv_url,
        "scale_links": [(scale, f"?{_with(request.GET, scale=scale)}") for scale in SCALES],
    }


def _with(query: QueryDict, **changes: str) -> str:
    query = query.copy()
    for name, value in changes.items():
        query[name] = value
    return query.urlencode()


def _indicator_charts(
    records: list[dict], *, indicator, selection: dict, names, colours, csv_url: str
) -> list[dict]:
    """One indicator's bars in one year and, over several years, its lines (values or
    indexed to the first common year)."""
    reader_language = language()
    period = period_label(selection["period"])
    indicator_name = localised(indicator, "name", reader_language)
    unit = figures.unit_label(indicator, reader_language)
    if selection["per"]:  # the divided unit, which the records carry (one per indicator)
        per = per_unit(indicator, selection["per"])
        unit = figures.unit_label(per.__dict__, reader_language)
        indicator_name += f"（{localised(per.__dict__, 'label', reader_language)}）"
    sources = [{"key": r["source"], "title": r["source_title"]} for r in records]
    year = bar_year(records)
    in_year = [r for r in records if r["year"] == year]
    drawn = {r["zone"] for r in in_year}
    without = [names[z] for z in selection["zones"] if z in names and z not in drawn]
    note = _("柱状图只比较同一年份：%(year)s 年。") % {"year": year}
    if without:
        note += " " + _("%(year)s 年无数值：%(zones)s。") % {
            "year": year,
            "zones": listed(without, language=reader_language),
        }
    charts = [
        chart(
            f"bars-{indicator.code}",
            figures.year_bar_figure(
                [{"series": names[r["zone"]], "value": r["value"]} for r in in_year],
                language=reader_language,
                title=f"{indicator_name} · {year} {period}",
                y_title=unit,
                colours=colours,
            ),
            csv_url=csv_url,
            sources=[s for s, r in zip(sources, records, strict=True) if r["year"] == year],
            note=note,
            export=_export(in_year, names, indicator_name, indicator.code, period, unit),
        )
    ]
    if len({r["year"] for r in records}) < 2:
        return charts
    title = f"{indicator_name} · {period}"
    line_note = ""
    if selection["scale"] == "index":
        base, records = indexed_series(records)
        if base is None:
            return [*charts, {"id": f"lines-{indicator.code}", "unindexed": True}]
        title += " · " + _("%(year)s 年 = 100") % {"year": base}
        unit = _("指数（%(year)s 年 = 100）") % {"year": base}
        line_note = _("每个园区以所选园区都有数值的第一年为 100。")
    points = [{"year": r["year"], "value": r["value"], "series": names[r["zone"]]} for r in records]
    charts.append(
        chart(
            f"lines-{indicator.code}",
            figures.series_figure(
                points, language=reader_language, title=title, y_title=unit, colours=colours
            ),
            csv_url=csv_url,
            sources=sources,
            note=line_note,
            export=_export(records, names, indicator_name, indicator.code, period, unit),
        )
    )
    return charts


def _radar(request, selection: dict, *, names, colours, table: list[dict]) -> dict | None:
    """The radar over the zones and indicators it can draw honestly, or None."""
    scores = radar_scores(per=selection["per"], **_compare_args(selection))
    if not scores:
        return None
    reader_language = language()
    indicator_objs = page_selectors.indicators_by_code(selection["indicators"])
    radar_input = [
        {
            "name": names.get(zone, zone),
            "points": [
                {
                    "label": localised(indicator_objs[s["indicator"]], "name", reader_language),
                    "score": s["score"],
                }
                for s in scores
                if s["zone"] == zone
            ],
        }
        for zone in dict.fromkeys(s["zone"] for s in scores)
    ]
    titles = {r["source"]: r["source_title"] for r in table}
    return chart(
        "radar",
        figures.radar_figure(
            radar_input,
            language=reader_language,
            title=_("各指标在图中园区之间缩放：0 为最低，1 为最好"),
            colours=colours,
        ),
        csv_url=f"{reverse('dashboards:compare-csv')}?{request.GET.urlencode()}&radar=1",
        sources=[{"key": s["source"], "title": titles[s["source"]]} for s in scores],
        export=_export(
            scores,
            names,
            listed(
                [point["label"] for point in radar_input[0]["points"]], language=reader_language
            ),
            "radar",
            period_label(selection["period"]),
            _("0–1 缩放"),
        ),
    )


def _export(records, names: dict, what: str, code: str, period: str, unit: str) -> Export:
    """A compare chart's export: the zones drawn, the indicator(s), years, period, unit."""
    zones = list(dict.fromkeys(r["zone"] for r in records))
    years = years_text(r["year"] for r in records)
    return Export(
        subject=names_text([names.get(z, z) for z in zones], language=language()),
        what=what,
        when=f"{years} {period}",
        unit=unit,
        zones=zones,
        slug=[code, years.replace("–", "-")],
    )


def _per_label(per: str | None) -> str:
    if not per:
        return ""
    return localised(DENOMINATORS[per].__dict__, "label", language())


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
        scores = radar_scores(per=selection["per"], **_compare_args(selection))
        header = ["zone", "indicator", "year", "period", "value", "score", "source"]
        rows = [[s[column] for column in header] for s in scores]
        return csv_response("compare-radar.csv", header, rows)
    only = params.text(request.GET, "only")
    if only and only not in selection["indicators"]:
        raise BadParameter("only", only, "不在所选指标中 / not one of the chosen indicators")
    frame, no_denominator = compare_divided(per=selection["per"], **_compare_args(selection))
    table = compare_records(frame, selection["indicators"], selection["zones"])
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
    if selection["per"]:
        header += [*DIVIDED_FIELDS, "reason_zh", "reason_en"]
    rows = [
        [r.get(column, "") for column in header]
        for r in [*table, *no_denominator]
        if not only or r["indicator"] == only
    ]
    return csv_response("compare.csv", header, rows)
