"""The overview: what the data holds, a ranking with cohort lines, the map, every zone."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from common.cache import cached
from dashboards import figures
from dashboards import selectors as page_selectors
from dashboards.exports import Export
from dashboards.views.base import cached_render, chart, csv_response, language, page, page_of
from dashboards.views.rankings import (
    OVERVIEW_RANKING_BARS,
    picker_context,
    ranking_context,
    ranking_selection,
)


@page
def home(request):
    """The overview: what the data holds, a ranking with cohort lines, a map, every zone."""
    return cached_render(request, "dashboards/home.html", lambda: _home_context(request))


def _home_context(request):
    selection = ranking_selection(request.GET)
    context = {
        "counts": page_selectors.overview_counts(),
        **picker_context(selection),
        **ranking_context(
            request, selection, chart_id="overview-ranking", chart_limit=OVERVIEW_RANKING_BARS
        ),
    }
    zone_page = page_of(page_selectors.zones_by_slug_order(), request)
    slugs = [zone.slug for zone in zone_page.object_list]
    latest = page_selectors.latest_figures(zones=slugs)
    context["zone_page"] = zone_page
    context["zone_rows"] = [(zone, latest.get(zone.slug, [])) for zone in zone_page.object_list]
    all_zones = page_selectors.map_points()
    context["map"] = cached(
        "overview-map",
        (language(),),
        lambda: chart(
            "overview-map",
            figures.map_figure(all_zones, language=language(), title=_("园区分布")),
            csv_url=reverse("dashboards:zone-map-csv"),
            note=_("来源：园区名录中每个园区的位置说明（大致位置，见园区页）。"),
            export=Export(subject=_("全部园区"), what=_("园区分布"), when="", slug=["zone-map"]),
        ),
    )
    context["located"] = sum(1 for zone in all_zones if zone.latitude is not None)
    context["n_zones"] = len(all_zones)
    return context


def zone_map_csv(request):
    """The points of the overview map: every zone with coordinates."""
    zones = page_selectors.located_zones()
    header = ["zone", "name_zh", "name_en", "latitude", "longitude", "location_note"]
    rows = [
        [getattr(zone, column if column != "zone" else "slug") for column in header]
        for zone in zones
    ]
    return csv_response("zone-map.csv", header, rows)
