"""The overview: what the data holds, a ranking with cohort lines, the map, every zone."""

from __future__ import annotations

from dashboards import selectors as page_selectors
from dashboards.views.base import cached_render, page, page_of
from dashboards.views.overview_map import map_chart, map_province
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
    context |= map_chart(request, selection, context["ranking"], province=map_province(request.GET))
    return context
