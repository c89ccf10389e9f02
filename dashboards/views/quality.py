"""The quality page: what the consistency checks found, and what stewards decided."""

from __future__ import annotations

from django.shortcuts import render

from common.filters import filter_queryset
from dashboards.views.base import page, page_of
from indicators.filters import FindingFilterSet
from indicators.models import CheckKind, Resolution
from indicators.selectors import findings_for_review

FILTERS = ("kind", "resolution", "zone", "indicator")


@page
def quality(request):
    """Consistency findings, open first, filtered as /api/v1/checks/ is (kind, zone...)."""
    wanted = {name: request.GET.get(name, "") for name in FILTERS}
    findings = filter_queryset(
        FindingFilterSet, data={name: value for name, value in wanted.items() if value}
    )
    finding_page = page_of(findings_for_review(findings=findings), request, per_page=100)
    context = {
        "findings": finding_page.object_list,
        "finding_page": finding_page,
        "filters": wanted,
        "kinds": CheckKind.choices,
        "resolutions": Resolution.choices,
    }
    return render(request, "dashboards/quality.html", context)
