"""Page views: parse the query string, call the analysis core, render.

Numbers come from ``analysis`` (the API's functions); figures are laid out by
``dashboards.figures``. Bad query strings give an error page naming the parameter: 400 for a
malformed value, 404 for a code that does not exist.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, replace
from functools import wraps

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from analysis.benchmark import BenchmarkRow, zone_benchmark
from analysis.compare import compare_table, radar_scores
from analysis.ranking import zone_ranking
from analysis.series import zone_series
from analysis.standings import zone_standings
from common.codes import is_whole_number
from common.errors import BadParameter, UnknownCode
from common.tabular import file_response
from dashboards import figures, params
from dashboards import selectors as page_selectors
from dashboards.formatting import localised, pick_language
from indicators.models import Indicator, Observation, Period, Reliability, Source
from indicators.selectors import check_codes
from zones.models import Cohort, DevelopmentModel, Region, Zone, ZoneKind

ZONES_PER_PAGE = 50
# the indicators of the catalogue that make up the three-sector structure of a zone's economy
SECTOR_SHARES = ("primary_share", "secondary_share", "tertiary_share")
# ?periods= of a zone page: full-year series only (default) or every period, labelled
SERIES_PERIODS = ("fy", "all")
# the overview's ranking chart draws the best this many zones (and the highlighted one);
# the rankings page draws them all
OVERVIEW_RANKING_BARS = 30


def page(view):
    """Turn ``BadParameter``/``UnknownCode`` into an error page that names the parameter."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except UnknownCode as error:
            return error_page(request, error, status=404)
        except BadParameter as error:
            return error_page(request, error, status=400)

    return wrapper


def error_page(request, error: BadParameter, *, status: int):
    value = error.value if isinstance(error.value, str) else ", ".join(map(str, error.value or []))
    context = {"param": error.param, "value": value, "message": error.message, "status": status}
    return render(request, "dashboards/error.html", context, status=status)


def _language() -> str:
    return get_language() or "zh-hans"


def period_choices() -> list[tuple[str, str]]:
    """Every period with its label in the reader's language, for the period pickers."""
    return [(value, period_label(value)) for value in Period.values]


def period_label(period: str) -> str:
    return pick_language(str(Period(period).label), _language())


def _chart(chart_id: str, figure, *, csv_url: str = "", sources=(), note: str = "") -> dict:
    """What a chart block of a template needs: its JSON, CSV link and the sources under it."""
    return {
        "id": chart_id,
        "json": figures.figure_json(figure),
        "csv_url": csv_url,
        "sources": _source_objects(sources),
        "note": note,
    }


def _source_objects(keys) -> list:
    """Sources by key, in order, for the caption under a chart. Records that carry their
    ``source_title`` (analysis frames do) need no query: pass dicts with key and title."""
    items = [key for key in keys if key]
    if items and all(isinstance(item, dict) for item in items):
        return list({item["key"]: item for item in items}.values())
    keys = list(dict.fromkeys(items))
    if not keys:
        return []
    found = Source.objects.in_bulk(keys, field_name="key")
    return [found[key] for key in keys if key in found]


def _csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    basename = filename.removesuffix(".csv")
    return file_response(headers=header, rows=rows, fmt="csv", basename=basename)


# --- rankings (also the overview's chart) -----------------------------------------------------


def _default_indicator() -> str | None:
    """The first indicator of the catalogue that has a full-year figure."""
    return (
        Indicator.objects.filter(
            Exists(Observation.objects.filter(indicator=OuterRef("pk"), period=Period.FULL_YEAR))
        )
        .order_by("sort_order", "code")
        .values_list("code", flat=True)
        .first()
    )


def _ranking_selection(query) -> dict:
    """indicator, year, period and peer filters from the query string, with defaults."""
    indicator = params.text(query, "indicator") or _default_indicator()
    period = params.period(query)
    selection = {
        "indicator": indicator,
        "period": period,
        "year": params.year(query),
        "kind": params.choice(query, "kind", ZoneKind.values),
        "region": params.choice(query, "region", Region.values),
        "cohort": params.text(query, "cohort"),
        "zone": params.text(query, "zone"),
    }
    if indicator is None:
        return selection
    check_codes(indicators=[indicator])
    if selection["zone"]:
        check_codes(zones=[selection["zone"]])
    years = page_selectors.years_with_data(indicator=indicator, period=period)
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


def _ranking_context(
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
    )
    label = period_label(selection["period"])
    shown = _chart_rows(ranking.rows, highlight=selection["zone"], limit=chart_limit)
    figure = figures.ranking_figure(
        replace(ranking, rows=shown),
        highlight=selection["zone"],
        language=_language(),
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
    highlighted = next((row for row in ranking.rows if row.zone == selection["zone"]), None)
    return {
        "ranking": ranking,
        "highlighted": highlighted,
        "peer_label": localised(
            {"label_zh": ranking.peer_set["label_zh"], "label_en": ranking.peer_set["label_en"]},
            "label",
            _language(),
        ),
        "period_label": label,
        "part_year": selection["period"] != Period.FULL_YEAR,
        "chart": _chart(
            chart_id,
            figure,
            csv_url=f"{reverse('dashboards:rankings-csv')}?{query.urlencode()}",
            sources=sources,
            note=note,
        ),
    }


def _picker_context(selection: dict) -> dict:
    return {
        "indicators": page_selectors.indicators_for_picker(period=selection["period"]),
        "periods": period_choices(),
        "kinds": ZoneKind.choices,
        "regions": Region.choices,
        "cohorts": Cohort.objects.order_by("slug"),
        "selection": selection,
    }


@page
def home(request):
    """The overview: what the data holds, a ranking with cohort lines, a map, every zone."""
    selection = _ranking_selection(request.GET)
    context = {
        "counts": page_selectors.overview_counts(),
        **_picker_context(selection),
        **_ranking_context(
            request, selection, chart_id="overview-ranking", chart_limit=OVERVIEW_RANKING_BARS
        ),
    }
    zones = Zone.objects.order_by("slug")
    paginator = Paginator(zones, ZONES_PER_PAGE)
    page_number = params.text(request.GET, "page", "1")
    if not is_whole_number(page_number) or not 1 <= int(page_number) <= paginator.num_pages:
        raise BadParameter("page", page_number, "没有这一页 / no such page")
    zone_page = paginator.page(int(page_number))
    slugs = [zone.slug for zone in zone_page.object_list]
    latest = page_selectors.latest_figures(zones=slugs)
    context["zone_page"] = zone_page
    context["zone_rows"] = [(zone, latest.get(zone.slug, [])) for zone in zone_page.object_list]
    all_zones = list(Zone.objects.only("slug", "name_zh", "name_en", "latitude", "longitude"))
    context["map"] = _chart(
        "overview-map",
        figures.map_figure(all_zones, language=_language(), title=_("园区分布")),
        csv_url=reverse("dashboards:zone-map-csv"),
        note=_("来源：园区名录中每个园区的位置说明（大致位置，见园区页）。"),
    )
    context["located"] = sum(1 for zone in all_zones if zone.latitude is not None)
    context["n_zones"] = len(all_zones)
    return render(request, "dashboards/home.html", context)


@page
def rankings(request):
    """One indicator, one year and period: every zone with a value, ranked."""
    selection = _ranking_selection(request.GET)
    context = {
        **_picker_context(selection),
        **_ranking_context(request, selection, chart_id="ranking"),
    }
    return render(request, "dashboards/rankings.html", context)


@page
def rankings_csv(request):
    """The rows of exactly the ranking chart the same query string draws."""
    selection = _ranking_selection(request.GET)
    if selection["indicator"] is None or selection["year"] is None:
        raise BadParameter("year", None, "该指标没有数据 / the indicator has no data")
    ranking = zone_ranking(
        indicator=selection["indicator"],
        year=selection["year"],
        period=selection["period"],
        kind=selection["kind"],
        region=selection["region"],
        cohort=selection["cohort"],
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
    return _csv_response(filename, header, rows)


def zone_map_csv(request):
    """The points of the overview map: every zone with coordinates."""
    zones = Zone.objects.filter(latitude__isnull=False, longitude__isnull=False).order_by("slug")
    header = ["zone", "name_zh", "name_en", "latitude", "longitude", "location_note"]
    rows = [
        [getattr(zone, column if column != "zone" else "slug") for column in header]
        for zone in zones
    ]
    return _csv_response("zone-map.csv", header, rows)


# --- zones -------------------------------------------------------------------------------


@page
def zone_list(request):
    """The zone directory: filter by kind, region, development model, cohort; search."""
    query = request.GET
    cohort = params.text(query, "cohort")
    if cohort:
        check_codes(cohorts=[cohort])
    filters = {
        "kind": params.choice(query, "kind", ZoneKind.values),
        "region": params.choice(query, "region", Region.values),
        "development_model": params.choice(query, "model", DevelopmentModel.values),
        "cohort": cohort,
        "q": params.text(query, "q"),
    }
    paginator = Paginator(page_selectors.zone_directory(**filters), ZONES_PER_PAGE)
    page_number = params.text(query, "page", "1")
    if not is_whole_number(page_number) or not 1 <= int(page_number) <= paginator.num_pages:
        raise BadParameter("page", page_number, "没有这一页 / no such page")
    zone_page = paginator.page(int(page_number))
    context = {
        "zones": zone_page.object_list,
        "zone_page": zone_page,
        "filters": filters,
        "kinds": ZoneKind.choices,
        "regions": Region.choices,
        "models": DevelopmentModel.choices,
        "cohorts": Cohort.objects.order_by("slug"),
    }
    return render(request, "dashboards/zone_list.html", context)


@page
def zone_detail(request, slug):
    """A zone's facts, latest figures with rank and cohort ratios, series and sectors."""
    zone = get_object_or_404(Zone.objects.with_related(), slug=slug)
    language = _language()
    latest = page_selectors.latest_figures(zones=[slug]).get(slug, [])
    standings = {
        (item.indicator, item.year, item.period): item
        for item in zone_standings(
            zone=slug, selections=[(o.indicator.code, o.year, o.period) for o in latest]
        )
    }
    standing = []
    for obs in latest:
        row = standings.get((obs.indicator.code, obs.year, obs.period))
        standing.append(
            {
                "obs": obs,
                "row": row,
                "part_year": not obs.is_full_year,
                "period_label": period_label(obs.period),
                "ratios": [
                    {"average": average, "ratio": row.cohort_ratios.get(average.cohort)}
                    for average in row.cohort_averages
                ]
                if row
                else [],
            }
        )
    # The series: full-year figures unless ?periods=all, only official ones if ?official=1.
    all_periods = params.choice(request.GET, "periods", SERIES_PERIODS, "fy") == "all"
    official_only = params.choice(request.GET, "official", ("0", "1"), "0") == "1"
    reliabilities = [Reliability.OFFICIAL] if official_only else None
    sector_codes = [o.indicator.code for o in latest if o.indicator.code in SECTOR_SHARES]
    sector_points = []
    if sector_codes:
        # the three-sector structure, in the period of its latest figure
        period = next(o.period for o in latest if o.indicator.code in SECTOR_SHARES)
        sector_points = [
            {
                "year": record["year"],
                "value": record["value"],
                "series": localised(
                    {
                        "name_zh": record["indicator_name_zh"],
                        "name_en": record["indicator_name_en"],
                    },
                    "name",
                    language,
                ),
                "source": {"key": record["source"], "title": record["source_title"]},
                "indicator": record["indicator"],
                "period": record["period"],
            }
            for record in zone_series(
                zone=slug, indicators=sector_codes, periods=[period], reliabilities=reliabilities
            )
        ]
    series_codes = [o.indicator.code for o in latest if o.indicator.code not in SECTOR_SHARES]
    by_indicator: dict[str, list[dict]] = {}
    if series_codes:
        for record in zone_series(
            zone=slug,
            indicators=series_codes,
            periods=Period.values if all_periods else None,
            reliabilities=reliabilities,
        ):
            by_indicator.setdefault(record["indicator"], []).append(record)
    zone_name = localised(zone, "name", language)
    charts = []
    for obs in latest:
        points = by_indicator.get(obs.indicator.code, [])
        if len(points) < 2 or len({p["year"] for p in points}) < 2:
            continue
        indicator = obs.indicator
        figure = figures.series_figure(
            [
                {
                    "year": p["year"],
                    "value": p["value"],
                    "series": zone_name
                    if p["period"] == Period.FULL_YEAR
                    else f"{zone_name}（{period_label(p['period'])}）",
                    "reliability": p["reliability"],
                    "reliability_label": reliability_label(p["reliability"]),
                }
                for p in points
            ],
            language=language,
            title=localised(indicator, "name", language),
            y_title=figures.unit_label(indicator, language),
        )
        charts.append(
            _chart(
                f"series-{indicator.code}",
                figure,
                csv_url=_series_csv_url(
                    slug,
                    [indicator.code],
                    sorted({p["period"] for p in points}),
                    reliabilities,
                ),
                sources=[{"key": p["source"], "title": p["source_title"]} for p in points],
                note=_series_note(points, all_periods=all_periods),
            )
        )
    sector_chart = None
    if sector_points:
        sector_chart = _chart(
            "sectors",
            figures.sector_figure(
                sector_points, language=language, title=_("产业结构（三次产业占比）")
            ),
            csv_url=_series_csv_url(
                slug,
                list(dict.fromkeys(p["indicator"] for p in sector_points)),
                [sector_points[0]["period"]],
                reliabilities,
            ),
            sources=[p["source"] for p in sector_points],
        )
    context = {
        "zone": zone,
        "standing": standing,
        "charts": charts,
        "all_periods": all_periods,
        "official_only": official_only,
        "sector_chart": sector_chart,
        "cohorts": zone.cohorts.all(),
        "industry_links": zone.industry_links.select_related("industry", "source"),
    }
    return render(request, "dashboards/zone_detail.html", context)


def reliability_label(reliability: str) -> str:
    return pick_language(str(Reliability(reliability).label), _language())


def _series_csv_url(
    zone: str, indicators: list[str], periods: list[str], reliabilities: list[str] | None
) -> str:
    """The API's CSV of exactly the figures a zone page's chart draws."""
    query = QueryDict(mutable=True)
    query.update({"zone": zone, "indicator": ",".join(indicators), "period": ",".join(periods)})
    if reliabilities:
        query["reliability"] = ",".join(reliabilities)
    query["format"] = "csv"
    return f"{reverse('api:observation-list')}?{query.urlencode()}"


def _series_note(points: list[dict], *, all_periods: bool) -> str:
    notes = []
    if any(p["reliability"] != Reliability.OFFICIAL for p in points):
        notes.append(_("空心点为非官方来源的数值（悬停可见来源类型）。"))
    if all_periods and any(p["period"] != Period.FULL_YEAR for p in points):
        notes.append(_("非全年数据（上半年、前三季度等累计数）各成一条线，不与全年数据相连。"))
    return " ".join(notes)


# --- compare -----------------------------------------------------------------------------


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
    language = _language()
    context = {
        "selection": selection,
        "indicators": Indicator.objects.order_by("sort_order", "code"),
        "periods": period_choices(),
        "zones": Zone.objects.order_by("kind", "slug"),
        "charts": [],
    }
    if selection["indicators"]:
        context["zones_with_data"] = page_selectors.zones_with_data(
            indicators=selection["indicators"], period=selection["period"]
        )
    if selection["zones"] and selection["indicators"]:
        table = compare_table(**_compare_args(selection))
        csv_url = f"{reverse('dashboards:compare-csv')}?{request.GET.urlencode()}"
        names = {row["zone"]: localised(row, "zone_name", language) for row in table}
        indicator_objs = Indicator.objects.in_bulk(selection["indicators"], field_name="code")
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
                "language": language,
                "title": f"{localised(indicator, 'name', language)} · "
                f"{period_label(selection['period'])}",
                "y_title": figures.unit_label(indicator, language),
            }
            sources = [p["source"] for p in points]
            context["charts"].append(
                _chart(
                    f"bars-{code}",
                    figures.grouped_bar_figure(points, **kwargs),
                    csv_url=f"{csv_url}&only={code}",
                    sources=sources,
                )
            )
            if len({p["year"] for p in points}) > 1:
                context["charts"].append(
                    _chart(
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
                            "label": localised(indicator_objs[s["indicator"]], "name", language),
                            "score": s["score"],
                        }
                        for s in scores
                        if s["zone"] == zone
                    ],
                }
                for zone in radar_zones
            ]
            context["radar"] = _chart(
                "radar",
                figures.radar_figure(radar_input, language=language, title=_("归一化指标雷达图")),
                csv_url=f"{reverse('dashboards:compare-csv')}?{request.GET.urlencode()}&radar=1",
                sources=[{"key": s["source"], "title": titles[s["source"]]} for s in scores],
            )
        context["table"] = table
        context["table_indicators"] = [indicator_objs[c] for c in selection["indicators"]]
        present = {(r["zone"], r["indicator"]) for r in table}
        zone_objs = Zone.objects.in_bulk(selection["zones"], field_name="slug")
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
        return _csv_response("compare-radar.csv", header, rows)
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
    return _csv_response("compare.csv", header, rows)


# --- cohort benchmark ------------------------------------------------------------------


def _benchmark_selection(query) -> dict:
    zone = params.text(query, "zone")
    cohort = params.text(query, "cohort")
    selection = {
        "zone": zone,
        "cohort": cohort,
        "year": params.year(query),
        "period": params.period(query),
    }
    if zone:
        check_codes(zones=[zone])
    if cohort:
        check_codes(cohorts=[cohort])
    return selection


@page
def benchmark(request):
    """One zone against a cohort mean, indicator by indicator, as diverging bars."""
    selection = _benchmark_selection(request.GET)
    language = _language()
    context = {
        "selection": selection,
        "zones": Zone.objects.order_by("kind", "slug"),
        "cohorts": page_selectors.cohorts_with_means(),
        "periods": period_choices(),
    }
    if selection["zone"] and selection["cohort"]:
        result = zone_benchmark(
            zone=selection["zone"],
            cohort=selection["cohort"],
            year=selection["year"],
            period=selection["period"],
        )
        context["benchmark"] = result
        if result.rows:
            title = (
                f"{localised(result.__dict__, 'zone_name', language)} ÷ "
                f"{localised(result.__dict__, 'cohort_name', language)}"
            )
            context["chart"] = _chart(
                "benchmark",
                figures.benchmark_figure(result, language=language, title=title),
                csv_url=f"{reverse('dashboards:benchmark-csv')}?{request.GET.urlencode()}",
                sources=[r.zone_source for r in result.rows]
                + [r.cohort_source for r in result.rows],
            )
    return render(request, "dashboards/benchmark.html", context)


@page
def benchmark_csv(request):
    selection = _benchmark_selection(request.GET)
    if not selection["zone"]:
        raise BadParameter("zone", "", "需要一个园区 / a zone is required")
    if not selection["cohort"]:
        raise BadParameter("cohort", "", "需要一个对标组 / a cohort is required")
    result = zone_benchmark(
        zone=selection["zone"],
        cohort=selection["cohort"],
        year=selection["year"],
        period=selection["period"],
    )
    rows = [asdict(row) for row in result.rows]
    header = list(BenchmarkRow.__dataclass_fields__)
    return _csv_response(
        f"benchmark-{result.zone}-{result.cohort}.csv",
        ["zone", "cohort", *header],
        [[result.zone, result.cohort, *[row[c] for c in header]] for row in rows],
    )


# --- catalogue and sources -------------------------------------------------------------


def indicator_list(request):
    """The indicator catalogue: definitions, units, direction and coverage by year."""
    coverage = page_selectors.indicator_year_coverage()
    years = sorted({year for by_year in coverage.values() for year in by_year})
    indicators = [
        (indicator, [coverage.get(indicator.code, {}).get(year) for year in years])
        for indicator in page_selectors.indicators_with_coverage()
    ]
    return render(
        request, "dashboards/indicator_list.html", {"indicators": indicators, "years": years}
    )


def source_list(request):
    """Each source document and the figures taken from it."""
    return render(
        request, "dashboards/source_list.html", {"sources": page_selectors.sources_with_figures()}
    )
