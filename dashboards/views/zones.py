"""The zone directory and a zone's profile: facts, latest figures with rank and cohort
ratios, series and the three-sector structure."""

from __future__ import annotations

from collections.abc import Sequence

from django.http import QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from analysis.series import zone_series
from analysis.standings import zone_standings
from common.cache import cached
from common.filters import filter_queryset
from dashboards import figures, params
from dashboards import selectors as page_selectors
from dashboards.exports import Export, listed, years_text
from dashboards.formatting import bracketed, localised
from dashboards.views.base import (
    cached_render,
    chart,
    language,
    page,
    page_of,
    period_label,
    reliability_label,
)
from dashboards.views.index import zone_index_context
from dashboards.views.peers import profile_peers, profile_stage
from indicators.models import Period, Reliability
from indicators.selectors import also_reported, check_codes, open_finding_slots
from zones.filters import ZoneFilterSet
from zones.models import DevelopmentModel, Region, ZoneKind

# the indicators of the catalogue that make up the three-sector structure of a zone's economy
SECTOR_SHARES = ("primary_share", "secondary_share", "tertiary_share")
# the zone directory's parameters (``model`` is the FilterSet's ``development_model``)
DIRECTORY_FILTERS = ("kind", "region", "model", "cohort", "q")
# ?periods= of a zone page: full-year series only (default) or every period, labelled
SERIES_PERIODS = ("fy", "all")


@page
def zone_list(request):
    """The zone directory: filter by kind, region, development model, cohort; search."""
    query = request.GET
    cohort = params.text(query, "cohort")
    if cohort:
        check_codes(cohorts=[cohort])  # an unknown cohort is a 404, as on the other pages
    wanted = {name: params.text(query, name) for name in DIRECTORY_FILTERS}
    zones = filter_queryset(
        ZoneFilterSet,
        data={name: value for name, value in wanted.items() if value},
        renamed={"model": "development_model"},
    )
    zone_page = page_of(page_selectors.zone_directory(zones=zones), request)
    filters = {("development_model" if name == "model" else name): v for name, v in wanted.items()}
    context = {
        "zones": zone_page.object_list,
        "zone_page": zone_page,
        "filters": filters,
        "kinds": ZoneKind.choices,
        "regions": Region.choices,
        "models": DevelopmentModel.choices,
        "cohorts": page_selectors.cohorts_for_picker(),
    }
    return render(request, "dashboards/zone_list.html", context)


@page
def zone_detail(request, slug):
    """A zone's facts, latest figures with rank and cohort ratios, series and sectors."""
    return cached_render(
        request,
        "dashboards/zone_detail.html",
        lambda: _zone_detail_context(request, slug),
    )


def _zone_detail_context(request, slug):
    profile = page_selectors.zone_profile(slug=slug)
    zone = profile["zone"]
    reader_language = language()
    latest = page_selectors.latest_figures(zones=[slug]).get(slug, [])
    standings = {
        (item.indicator, item.year, item.period): item
        for item in zone_standings(
            zone=slug, selections=[(o.indicator.code, o.year, o.period) for o in latest]
        )
    }
    checks = open_finding_slots(zones=[slug])  # the figures to mark, in one query
    # the figures other sources give for the same slots, shown beside the preferred one
    also = also_reported(latest)
    standing = []
    for obs in latest:
        row = standings.get((obs.indicator.code, obs.year, obs.period))
        standing.append(
            {
                "obs": obs,
                "also": also.get((obs.zone_id, obs.indicator_id, obs.year, obs.period), []),
                "row": row,
                "part_year": not obs.is_full_year,
                "period_label": period_label(obs.period),
                "open_check": (slug, obs.indicator.code, obs.year, obs.period) in checks,
                "ratios": [
                    {
                        "average": average,
                        "ratio": row.cohort_ratios.get(average.cohort),
                        "gap": row.cohort_gaps.get(average.cohort),
                    }
                    for average in row.cohort_averages
                ]
                if row
                else [],
            }
        )
    # The series: full-year figures unless ?periods=all, only official ones if ?official=1.
    all_periods = params.choice(request.GET, "periods", SERIES_PERIODS, "fy") == "all"
    official_only = params.choice(request.GET, "official", ("0", "1"), "0") == "1"
    # the charts (a plotly figure each, slow to build) are built once per data generation
    charts, sector_chart = cached(
        "profile-charts",
        (slug, all_periods, official_only, reader_language),
        lambda: _profile_charts(
            zone=zone,
            latest=latest,
            all_periods=all_periods,
            official_only=official_only,
            checks=checks,
        ),
    )
    context = {
        "zone": zone,
        "standing": standing,
        "charts": charts,
        "all_periods": all_periods,
        "official_only": official_only,
        "sector_chart": sector_chart,
        "cohorts": profile["cohorts"],
        "industry_links": profile["industry_links"],
        **cached("profile-peers", (slug, reader_language), lambda: profile_peers(zone=slug)),
        **profile_stage(zone=slug),
        # one zone's row: reading the whole cached index on every profile would be slow
        **cached("profile-index", (slug,), lambda: zone_index_context(slug)),
    }
    return context


def _profile_charts(
    *, zone, latest: list, all_periods: bool, official_only: bool, checks: set | frozenset
):
    """The profile's series charts (one per latest figure with two years or more) and its
    three-sector chart (or None): the chart blocks of ``chart``."""
    slug = zone.slug
    reader_language = language()
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
                    reader_language,
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
    zone_name = localised(zone, "name", reader_language)

    def series_label(period: str) -> str:
        if period == Period.FULL_YEAR:
            return zone_name
        return zone_name + bracketed(period_label(period), reader_language)

    # a period keeps its colour on every chart of the profile
    colours = {
        series_label(period): figures.SERIES_COLOURS[index % len(figures.SERIES_COLOURS)]
        for index, period in enumerate(Period.values)
    }
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
                    "series": series_label(p["period"]),
                    "reliability": p["reliability"],
                    "reliability_label": reliability_label(p["reliability"]),
                    "open_check_label": (
                        f" · {_('待核：一致性检查发现问题')}"
                        if (slug, indicator.code, p["year"], p["period"]) in checks
                        else ""
                    ),
                }
                for p in points
            ],
            language=reader_language,
            title=localised(indicator, "name", reader_language),
            y_title=figures.unit_label(indicator, reader_language),
            colours=colours,
        )
        charts.append(
            chart(
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
                export=_series_export(zone, indicator, points, [indicator.code]),
            )
        )
    sector_chart = None
    if sector_points:
        sector_chart = chart(
            "sectors",
            figures.sector_figure(
                sector_points, language=reader_language, title=_("产业结构（三次产业占比）")
            ),
            csv_url=_series_csv_url(
                slug,
                list(dict.fromkeys(p["indicator"] for p in sector_points)),
                [sector_points[0]["period"]],
                reliabilities,
            ),
            sources=[p["source"] for p in sector_points],
            export=_series_export(zone, None, sector_points, ["sectors"]),
        )
    return charts, sector_chart


def _series_csv_url(
    zone: str, indicators: list[str], periods: list[str], reliabilities: Sequence[str] | None
) -> str:
    """The API's CSV of exactly the figures a zone page's chart draws."""
    query = QueryDict(mutable=True)
    query.update({"zone": zone, "indicator": ",".join(indicators), "period": ",".join(periods)})
    if reliabilities:
        query["reliability"] = ",".join(reliabilities)
    query["format"] = "csv"
    return f"{reverse('api:observation-list')}?{query.urlencode()}"


def _series_export(zone, indicator, points: list[dict], slug: list[str]) -> Export:
    """A profile chart's export: the zone, the indicator (or the sector shares), its years
    and periods, its unit."""
    reader_language = language()
    years = years_text(p["year"] for p in points)
    periods = listed(
        [period_label(period) for period in dict.fromkeys(p["period"] for p in points)],
        language=reader_language,
    )
    return Export(
        subject=localised(zone, "name", reader_language),
        what=localised(indicator, "name", reader_language) if indicator else _("三次产业占比"),
        when=f"{years} {periods}",
        unit=figures.unit_label(indicator, reader_language) if indicator else "%",
        zones=[zone.slug],
        slug=[*slug, years.replace("–", "-")],
    )


def _series_note(points: list[dict], *, all_periods: bool) -> str:
    notes = []
    if any(p["reliability"] != Reliability.OFFICIAL for p in points):
        notes.append(_("空心点为非官方来源的数值（悬停可见来源类型）。"))
    if all_periods and any(p["period"] != Period.FULL_YEAR for p in points):
        notes.append(_("非全年数据（上半年、前三季度等累计数）各成一条线，不与全年数据相连。"))
    return " ".join(notes)
