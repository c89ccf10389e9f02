"""The benchmark page and its CSV: one zone against a cohort mean, indicator by indicator."""

from __future__ import annotations

from dataclasses import asdict

from django.urls import reverse
from django.utils.translation import gettext as _

from analysis.benchmark import BenchmarkRow, uncompared_statistics, zone_benchmark
from analysis.benchmark_peers import peer_benchmark
from common.cache import cached
from common.codes import split_codes
from common.errors import BadParameter
from dashboards import figures, params
from dashboards import selectors as page_selectors
from dashboards.exports import Export, years_text
from dashboards.formatting import localised
from dashboards.picker import zone_picker
from dashboards.views.base import (
    cached_render,
    chart,
    csv_response,
    language,
    page,
    period_choices,
    period_label,
)
from indicators.selectors import check_codes, open_finding_slots


def _benchmark_selection(query) -> dict:
    zone = params.text(query, "zone")
    cohort = params.text(query, "cohort")
    selection = {
        "zone": zone,
        "cohort": cohort,
        "year": params.year(query),
        "period": params.period(query),
        "peers": split_codes(params.text(query, "peers") or "") or None,
    }
    if zone:
        check_codes(zones=[zone])
    if cohort:
        check_codes(cohorts=[cohort])
    return selection


@page
def benchmark(request):
    """One zone against a cohort mean, indicator by indicator, as diverging bars."""
    return cached_render(request, "dashboards/benchmark.html", lambda: _benchmark_context(request))


def _benchmark_context(request):
    selection = _benchmark_selection(request.GET)
    reader_language = language()
    context = {
        "selection": selection,
        "picker": zone_picker(
            request.GET, chosen=[selection["zone"]] if selection["zone"] else [], multiple=False
        ),
        "cohorts": page_selectors.cohorts_with_means(),
        "periods": period_choices(),
        "peer_text": ",".join(selection["peers"] or []),
    }
    if selection["zone"] and selection["peers"]:
        context["peer_benchmark"] = peer_benchmark(
            zone=selection["zone"],
            peers=selection["peers"],
            year=selection["year"],
            period=selection["period"],
        )
    if selection["zone"] and selection["cohort"]:
        result = zone_benchmark(
            zone=selection["zone"],
            cohort=selection["cohort"],
            year=selection["year"],
            period=selection["period"],
        )
        context["benchmark"] = result
        context["uncompared"] = uncompared_statistics(benchmark=result)
        checks = open_finding_slots(zones=[result.zone], periods=[result.period])
        context["open_check_indicators"] = [
            row.indicator
            for row in result.rows
            if (result.zone, row.indicator, row.year, row.period) in checks
        ]
        if result.rows:
            title = (
                f"{localised(result.__dict__, 'zone_name', reader_language)} ÷ "
                f"{localised(result.__dict__, 'cohort_name', reader_language)}"
            )
            # the figure (slow to build) is built once per data generation
            context["chart"] = cached(
                "benchmark-chart",
                (request.get_full_path(), reader_language),
                lambda: chart(
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
                ),
            )
    return context


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
