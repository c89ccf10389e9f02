"""The benchmark page and its CSV: one zone against a cohort mean, indicator by indicator."""

from __future__ import annotations

from dataclasses import asdict

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from analysis.benchmark import BenchmarkRow, uncompared_statistics, zone_benchmark
from common.errors import BadParameter
from dashboards import figures, params
from dashboards import selectors as page_selectors
from dashboards.exports import Export, years_text
from dashboards.formatting import localised
from dashboards.views.base import (
    chart,
    csv_response,
    language,
    page,
    period_choices,
    period_label,
)
from indicators.selectors import check_codes


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
    reader_language = language()
    context = {
        "selection": selection,
        "zones": page_selectors.zones_for_picker(),
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
        context["uncompared"] = uncompared_statistics(benchmark=result)
        if result.rows:
            title = (
                f"{localised(result.__dict__, 'zone_name', reader_language)} ÷ "
                f"{localised(result.__dict__, 'cohort_name', reader_language)}"
            )
            context["chart"] = chart(
                "benchmark",
                figures.benchmark_figure(result, language=reader_language, title=title),
                csv_url=f"{reverse('dashboards:benchmark-csv')}?{request.GET.urlencode()}",
                sources=[r.zone_source for r in result.rows]
                + [r.cohort_source for r in result.rows],
                export=Export(
                    subject=title,
                    what=_("与对标组平均值之比"),
                    when=f"{years_text(r.year for r in result.rows)} "
                    f"{period_label(selection['period'])}",
                    unit="×",
                    zones=[result.zone],
                    slug=["vs", result.cohort, years_text(r.year for r in result.rows)],
                ),
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
    return csv_response(
        f"benchmark-{result.zone}-{result.cohort}.csv",
        ["zone", "cohort", *header],
        [[result.zone, result.cohort, *[row[c] for c in header]] for row in rows],
    )
