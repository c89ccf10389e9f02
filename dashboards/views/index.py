"""The composite index page: a scheme's ranking by dimension, rank ranges under perturbed
weights, rank shifts against a second scheme, the coverage matrix, and weight sliders whose
weights live in the URL (``?weights=growth:0.3,...``), so a shared link gives the same ranking.

The numbers are the API's: the page calls ``analysis.api.index_views.index_data``'s functions
with the same arguments, and its CSV link is the API's CSV of the same query.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from analysis.index import (
    index_computation,
    index_result,
    index_sources,
    index_years,
    parse_weights,
)
from analysis.index_scheme import scheme_choices
from analysis.index_sensitivity import rank_shifts_against, sensitivity_of
from common.errors import UnknownCode
from dashboards import index_figures, params
from dashboards import selectors as page_selectors
from dashboards.exports import Export, peer_subject
from dashboards.formatting import localised
from dashboards.views.base import (
    cached_render,
    chart,
    language,
    page,
    period_choices,
    period_label,
)
from zones.models import Region, ZoneKind

DEFAULT_SCHEME = "zonebench-balanced"
PAGE_DRAWS = 1000
# the ranked zones the charts and the table draw, and the unranked ones listed; every zone
# with ?bars=all (the CSV and the API always hold every zone)
INDEX_BARS = 50


def index_selection(query) -> dict:
    """scheme, year, period, peer set, weights and the scheme to compare with, with defaults:
    the balanced scheme, the latest year with figures, the next scheme for the slope chart."""
    schemes = scheme_choices()
    slugs = [slug for slug, _, _ in schemes]
    scheme = params.text(query, "scheme") or (DEFAULT_SCHEME if DEFAULT_SCHEME in slugs else None)
    if scheme is not None and scheme not in slugs:
        raise UnknownCode("scheme", scheme)
    period = params.period(query)
    weights_text = params.text(query, "weights")
    others = [slug for slug in slugs if slug != scheme]
    years = index_years(scheme=scheme, period=period) if scheme else []
    selection: dict[str, Any] = {
        "scheme": scheme,
        "period": period,
        "year": params.year(query),
        "kind": params.choice(query, "kind", ZoneKind.values),
        "region": params.choice(query, "region", Region.values),
        "cohort": params.text(query, "cohort"),
        "weights_text": weights_text or "",
        "weights": parse_weights(weights_text) if weights_text else None,
        "compare": params.text(query, "compare") or (others[0] if others else None),
        "schemes": schemes,
        "years": years,
    }
    if selection["year"] is None and years:
        selection["year"] = years[0]
    return selection


@page
def index_page(request):
    """A composite index of the selection, its sensitivity and its shifts, drawn; the content
    is rendered once per data generation, address and language (``cached_render``)."""
    return cached_render(request, "dashboards/index.html", lambda: _index_page_context(request))


def _index_page_context(request) -> dict:
    selection = index_selection(request.GET)
    show_all = params.choice(request.GET, "bars", ("top", "all"), "top") == "all"
    context = {
        "selection": selection,
        "periods": period_choices(),
        "kinds": ZoneKind.choices,
        "regions": Region.choices,
        "cohorts": page_selectors.cohorts_for_picker(),
        "index": None,
        "show_all": show_all,
    }
    if selection["scheme"] and selection["year"]:
        context.update(index_context(request, selection, limit=None if show_all else INDEX_BARS))
    return context


def index_context(request, selection: dict, *, limit: int | None = INDEX_BARS) -> dict:
    """The index, its charts and tables; the charts and tables draw the best ``limit`` ranked
    zones and list the first ``limit`` unranked ones (all of them when ``limit`` is None),
    with a link to the page drawing every zone."""
    lang = language()
    args = {key: selection[key] for key in ("scheme", "year", "period", "kind", "region", "cohort")}
    # the page shows no figure's provenance, only the sources of the zones it draws
    computation = index_computation(**args, weights=selection["weights"], provenance=False)
    index = index_result(computation)
    sensitivity = sensitivity_of(computation, draws=PAGE_DRAWS)
    ranked = [row for row in index.rows if row.rank is not None]
    unranked = [row for row in index.rows if row.rank is None]
    shown, shown_unranked = ranked[:limit], unranked[:limit]
    drawn_zones = {row.zone for row in shown}
    ranges = [row for row in sensitivity.rows if row.zone in drawn_zones]
    limited = len(shown) < len(ranked) or len(shown_unranked) < len(unranked)
    every_bar = request.GET.copy()
    every_bar["bars"] = "all"
    more_url = f"{request.path}?{every_bar.urlencode()}" if limited else ""
    query = request.GET.copy()
    query.pop("bars", None)
    query["scheme"], query["year"] = selection["scheme"], str(selection["year"])
    query["format"] = "csv"
    csv_url = f"{reverse('api:index')}?{query.urlencode()}"
    drawn = [row.zone for row in shown] if limited else None
    sources = [{"key": key, "title": key} for key in index_sources(computation, drawn)]
    scheme_name = localised(index.scheme.__dict__, "name", lang)

    def export(what: str, slug: str) -> Export:
        return Export(
            subject=peer_subject(selection, language=lang),
            what=f"{scheme_name} · {what}",
            when=f"{selection['year']} {period_label(selection['period'])}",
            slug=[
                selection["scheme"],
                slug,
                selection["cohort"] or selection["kind"] or "",
                str(selection["year"]),
            ],
        )

    reset = request.GET.copy()
    reset.pop("weights", None)
    note = ""
    if len(shown) < len(ranked):
        note = _("图表和表格显示前 %(limit)s 名，共 %(n)s 个园区。") % {
            "limit": limit,
            "n": len(ranked),
        }
    context = {
        "index": index,
        "reset_query": reset.urlencode(),
        "sensitivity": {row.zone: row for row in ranges},
        "shown_rows": shown,
        "ranked_count": len(ranked),
        "unranked": shown_unranked,
        "unranked_count": len(unranked),
        "more_url": more_url,
        "stacked_chart": chart(
            "index-stacked",
            index_figures.stacked_index_figure(index, shown, language=lang, title=scheme_name),
            csv_url=csv_url,
            sources=sources,
            export=export(_("综合指数"), "index"),
            note=note,
            more_url=more_url if note else "",
        ),
        "range_chart": chart(
            "index-ranges",
            index_figures.rank_range_figure(ranges, language=lang, title=scheme_name),
            export=export(_("权重扰动下的排名区间"), "rank-ranges"),
        ),
        "coverage_chart": chart(
            "index-coverage",
            index_figures.coverage_figure(
                index, shown + shown_unranked, language=lang, title=scheme_name
            ),
            export=export(_("数据覆盖"), "coverage"),
        ),
    }
    if selection["compare"]:
        shifts = rank_shifts_against(computation, selection["compare"])
        names = dict((slug, (zh, en)) for slug, zh, en in selection["schemes"])
        label_a, label_b = (
            localised({"name_zh": names[s][0], "name_en": names[s][1]}, "name", lang)
            for s in (selection["scheme"], selection["compare"])
        )
        context["slope_chart"] = chart(
            "index-slope",
            index_figures.slope_figure(
                [s for s in shifts if s.shift is not None][:limit],
                language=lang,
                title="",
                labels=(label_a, label_b),
            ),
            export=export(f"{label_a} → {label_b}", f"vs-{selection['compare']}"),
        )
    return context


def zone_index_context(slug: str) -> dict:
    """The zone profile's index section: the zone's row of the default scheme over all zones
    in the latest year it has a figure for, with its rank range; ``zone_index`` None when
    the scheme is missing or the zone has no figure of its indicators."""
    years = index_years(scheme=DEFAULT_SCHEME, zone=slug)
    if not years:
        return {"zone_index": None}
    computation = index_computation(scheme=DEFAULT_SCHEME, year=years[0], provenance=False)
    index = index_result(computation)
    row = next(row for row in index.rows if row.zone == slug)
    ranges = None
    if row.rank is not None:
        sensitivity = sensitivity_of(computation, draws=PAGE_DRAWS)
        ranges = next(r for r in sensitivity.rows if r.zone == slug)
    return {
        "zone_index": {
            "row": row,
            "ranges": ranges,
            "scheme": index.scheme,
            "year": index.year,
            "dimensions": [
                {"dimension": d, "score": row.scores[d.code]} for d in index.scheme.dimensions
            ],
        }
    }
