"""The indicator catalogue and the sources pages."""

from __future__ import annotations

from django.shortcuts import render

from dashboards import selectors as page_selectors


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
