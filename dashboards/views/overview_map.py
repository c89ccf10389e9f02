"""The overview's map of China and its CSV: every located zone of the ranking's peer set as a
point coloured by the ranking's figure (the same selection: indicator, year, period, kind,
region, cohort, peers), in China or in one province (``?province=广东省``)."""

from __future__ import annotations

from dataclasses import replace

from django.urls import reverse
from django.utils.translation import gettext as _

from analysis.ranking import zone_ranking
from dashboards import geography, params
from dashboards import selectors as page_selectors
from dashboards.exports import Export
from dashboards.figures import unit_label
from dashboards.formatting import localised, pick_language
from dashboards.map_figures import MapPoint, china_map_figure, point_figure
from dashboards.views.base import chart, csv_response, language, page, period_label
from dashboards.views.rankings import ranking_selection
from indicators.models import Status
from zones.models import Region

RANKING_ARGUMENTS = ("indicator", "year", "period", "kind", "region", "cohort", "peers")


def map_province(query) -> str | None:
    """``?province=``: one of the provincial-level units the map draws, or None for China."""
    return params.choice(query, "province", list(geography.PROVINCES))


def map_zones(selection: dict, *, province: str | None) -> list:
    """The zones of the selection's peer set (in ``province``), located or not: one query."""
    return page_selectors.map_points(
        kind=selection["kind"],
        region=selection["region"],
        cohort=selection["cohort"],
        peers=selection["peers"],
        province=province,
    )


def on_map(zone) -> bool:
    """A zone the map of China draws: located, and not one of the cases abroad."""
    located = zone.latitude is not None and zone.longitude is not None
    return located and zone.region != Region.ABROAD


def map_points(zones: list, ranking, titles: dict[str, str]) -> list[MapPoint]:
    """A point for every zone the map draws, with its ranking row's figure when it has one."""
    rows = {row.zone: row for row in ranking.rows} if ranking else {}
    when = f"{ranking.year} {period_label(ranking.period)}" if ranking else ""
    points = []
    for zone in filter(on_map, zones):
        row = rows.get(zone.slug)
        point = MapPoint(
            slug=zone.slug,
            name=localised(zone, "name", language()),
            url=zone.get_absolute_url(),
            latitude=float(zone.latitude),
            longitude=float(zone.longitude),
        )
        if row is not None:
            point = replace(
                point,
                value=row.value,
                figure=point_figure(row.value, ranking.indicator.unit),
                when=when,
                source=titles.get(row.source, row.source),
                status=""
                if row.status == Status.REPORTED
                else pick_language(str(Status(row.status).label), language()),
            )
        points.append(point)
    return points


def map_chart(request, selection: dict, ranking, *, province: str | None) -> dict:
    """The overview's map block: the figure, its CSV address, its sources and its note."""
    zones = map_zones(selection, province=province)
    keys = list(dict.fromkeys(row.source for row in ranking.rows)) if ranking else []
    sources = page_selectors.sources_by_key(keys) if keys else []
    points = map_points(zones, ranking, {source.key: source.title for source in sources})
    if ranking:
        indicator = localised(ranking.indicator.__dict__, "name", language())
        title = f"{indicator} · {ranking.year} {period_label(ranking.period)}"
    else:
        title = _("园区分布")
    if province:
        title = f"{geography.province_name(province, language())} · {title}"
    figure = china_map_figure(
        points,
        title=title,
        unit=unit_label(ranking.indicator, language()) if ranking else "",
        labels={
            "no_data": _("无数据"),
            "source": _("来源："),
            "value": _("数值"),
        },
        province=province,
    )
    query = request.GET.copy()
    query.pop("page", None)
    located = len(points)
    return {
        "map": chart(
            "overview-map",
            figure,
            csv_url=f"{reverse('dashboards:zone-map-csv')}?{query.urlencode()}",
            sources=[{"key": source.key, "title": source.title} for source in sources],
            export=Export(
                subject=geography.province_name(province, language())
                if province
                else _("全部园区"),
                what=title,
                when="",
                unit=unit_label(ranking.indicator, language()) if ranking else "",
                slug=[
                    "zone-map",
                    ranking.indicator.code if ranking else "",
                    str(ranking.year) if ranking else "",
                ],
            ),
        ),
        "located": located,
        "abroad": [zone for zone in zones if zone.region == Region.ABROAD],
        "n_zones": len(zones),
        "with_value": sum(1 for point in points if point.value is not None),
        "map_province": province,
        "provinces": [
            (name, geography.province_name(name, language())) for name in geography.PROVINCES
        ],
    }


@page
def zone_map_csv(request):
    """The points of the overview map with the same query string: every zone of the peer set
    it draws, at its own coordinates, with its figure for the selection (blank: no data)."""
    selection = ranking_selection(request.GET)
    province = map_province(request.GET)
    ranking = None
    if selection["indicator"] is not None and selection["year"] is not None:
        ranking = zone_ranking(**{key: selection[key] for key in RANKING_ARGUMENTS})
    rows = {row.zone: row for row in ranking.rows} if ranking else {}
    header = ["zone", "name_zh", "name_en", "province", "latitude", "longitude"]
    header += ["location_note", "indicator", "unit", "year", "period", "value"]
    header += ["as_reported", "status", "source"]
    selected = [ranking.indicator.code, ranking.indicator.unit] if ranking else ["", ""]
    selected += [ranking.year, ranking.period] if ranking else ["", ""]
    out = []
    for zone in filter(on_map, map_zones(selection, province=province)):
        row = rows.get(zone.slug)
        figure = [row.value, row.as_reported, row.status, row.source] if row else ["", "", "", ""]
        out.append(
            [zone.slug, zone.name_zh, zone.name_en, zone.province, zone.latitude, zone.longitude]
            + [zone.location_note, *selected, *figure]
        )
    name = f"zone-map-{ranking.indicator.code}-{ranking.year}" if ranking else "zone-map"
    return csv_response(f"{name}.csv", header, out)
