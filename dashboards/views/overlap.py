"""The industry-overlap page (同质化): Jaccard heat map, most crowded industries, sector
structure similarity, for a group chosen with the zone directory's filters."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode

from analysis.overlap import group_overlap, group_query
from dashboards import selectors as page_selectors
from dashboards.exports import Export, peer_subject
from dashboards.formatting import pick_language
from dashboards.peer_figures import overlap_figure
from dashboards.views import base as views_base
from dashboards.views.base import chart, language, page
from indicators.selectors import check_codes
from zones.models import Region, ZoneKind


@page
def overlap(request):
    """Lead-industry overlap of the zones of a region, city, kind or cohort."""
    return views_base.cached_render(
        request, "dashboards/overlap.html", lambda: _overlap_context(request)
    )


def _overlap_context(request):
    wanted = group_query(request.GET)
    if wanted.get("cohort"):
        check_codes(cohorts=[wanted["cohort"]])  # an unknown cohort is a 404, as elsewhere
    result = group_overlap(query=wanted)
    context = {
        "overlap": result,
        "selection": wanted,
        "kinds": ZoneKind.choices,
        "regions": Region.choices,
        "cohorts": page_selectors.cohorts_for_picker(),
        "api_url": f"{reverse('api:overlap')}?{urlencode(wanted)}",
        "chart": None,
    }
    if result.jaccard and len(result.zones) > 1:
        title = pick_language(
            "主导产业重合度（Jaccard）/ Lead-industry overlap (Jaccard)", language()
        )
        context["chart"] = chart(
            "overlap",
            overlap_figure(result, language=language(), title=title),
            sources=[key for item in result.zones for key in item.sources],
            export=Export(
                subject=peer_subject(wanted, language=language()),
                what=title,
                when="",
                slug=["overlap", *[value for value in wanted.values() if value]],
            ),
        )
    return context
