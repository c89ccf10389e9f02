"""The indicator catalogue and the sources pages."""

from __future__ import annotations

from django.shortcuts import render

from common.filters import filter_queryset
from dashboards import params
from dashboards import selectors as page_selectors
from dashboards.views.base import page
from indicators.filters import SourceFilterSet
from indicators.models import Reliability, SourceKind

# the sources page's filters: GET parameters of SourceFilterSet (the API's)
SOURCE_FILTERS = ("q", "kind", "reliability", "publisher")


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


@page
def source_list(request):
    """Each source document and the figures taken from it, searched and filtered by kind,
    reliability and publisher (a bad kind or reliability is a 400 naming it)."""
    wanted = {name: params.text(request.GET, name) for name in SOURCE_FILTERS}
    chosen = {name: value for name, value in wanted.items() if value}
    sources = filter_queryset(SourceFilterSet, data=chosen)
    context = {
        "sources": page_selectors.sources_with_figures(sources=sources),
        "filters": wanted,
        "filtered": bool(chosen),
        "kinds": SourceKind.choices,
        "reliabilities": Reliability.choices,
        "publishers": page_selectors.source_publishers(),
    }
    return render(request, "dashboards/source_list.html", context)
