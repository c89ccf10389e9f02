"""The indicator catalogue and the sources pages."""

from __future__ import annotations

from common.filters import filter_queryset
from dashboards import params
from dashboards import selectors as page_selectors
from dashboards.views.base import cached_render, page
from indicators.filters import SourceFilterSet
from indicators.models import Reliability, SourceKind

# the sources page's filters: GET parameters of SourceFilterSet (the API's)
SOURCE_FILTERS = ("q", "kind", "reliability", "publisher")


def indicator_list(request):
    """The indicator catalogue: definitions, units, direction and coverage by year; kept
    whole per data generation (``cached_render``)."""
    return cached_render(request, "dashboards/indicator_list.html", _indicator_list_context)


def _indicator_list_context():
    coverage = page_selectors.indicator_year_coverage()
    years = sorted({year for by_year in coverage.values() for year in by_year})
    indicators = [
        (indicator, [coverage.get(indicator.code, {}).get(year) for year in years])
        for indicator in page_selectors.indicators_with_coverage()
    ]
    return {"indicators": indicators, "years": years}


@page
def source_list(request):
    """Each source document and the figures taken from it, searched and filtered by kind,
    reliability and publisher (a bad kind or reliability is a 400 naming it); kept whole
    per data generation and address (``cached_render``)."""
    return cached_render(request, "dashboards/source_list.html", lambda: _sources_context(request))


def _sources_context(request):
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
    return context
