"""The 产城融合 page: each zone's industry and city subsystems and their coupling-coordination
degree, in a peer set chosen as on the rankings page."""

from __future__ import annotations

import math
from typing import Any

from django.urls import reverse
from django.utils.http import urlencode

from analysis.coupling import industry_city_coupling
from analysis.coupling_method import CITY, GRADES, INDUSTRY
from common.codes import split_codes
from common.errors import BadParameter
from dashboards import params
from dashboards import selectors as page_selectors
from dashboards.formatting import pick_language
from dashboards.picker import zone_picker
from dashboards.structure_figures import coupling_figure
from dashboards.views import base as views_base
from dashboards.views.base import chart, language, page, period_choices
from zones.models import Region, ZoneKind

# the table lists the first zones by D (and the chosen one) unless ``?rows=all``; the chart,
# the CSV and the API hold every zone of the peer set
TABLE_ROWS = 50


def _weight(query, name: str) -> float | None:
    value = params.text(query, name)
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise BadParameter(name, value, "须为 0-1 之间的数 / a number between 0 and 1")
    return number


@page
def integration(request):
    """U₁ against U₂ for a peer set, the chosen zone's path, the table and the method.
    Rendered once per data generation, address and language (``cached_render``)."""
    return views_base.cached_render(
        request, "dashboards/integration.html", lambda: _integration_context(request)
    )


def _integration_context(request) -> dict:
    query = request.GET
    show_all = params.choice(query, "rows", ("top", "all"), "top") == "all"
    selection: dict[str, Any] = {
        "year": params.year(query),
        "period": params.period(query),
        "alpha": _weight(query, "alpha"),
        "beta": _weight(query, "beta"),
        "kind": params.text(query, "kind"),
        "region": params.text(query, "region"),
        "cohort": params.text(query, "cohort"),
        "peers": split_codes(params.text(query, "peers") or "") or None,
        "zone": params.text(query, "zone"),
    }
    result = industry_city_coupling(**selection)
    reader_language = language()
    wanted = {
        key: ",".join(value) if isinstance(value, list) else str(value)
        for key, value in {**selection, "year": result.year}.items()
        if value is not None
    }
    api_url = f"{reverse('api:integration')}?{urlencode(wanted)}"
    rows = result.zones
    if not show_all and len(rows) > TABLE_ROWS:
        rows = [
            item
            for index, item in enumerate(rows)
            if index < TABLE_ROWS or item.zone == selection["zone"]
        ]
    every_row = query.copy()
    every_row["rows"] = "all"
    context = {
        "result": result,
        "rows": rows,
        "all_rows_url": f"{request.path}?{every_row.urlencode()}"
        if len(rows) < len(result.zones)
        else "",
        "selection": {**selection, "peers": ",".join(selection["peers"] or [])},
        "periods": period_choices(),
        "kinds": ZoneKind.choices,
        "regions": Region.choices,
        "cohorts": page_selectors.cohorts_for_picker(),
        "picker": zone_picker(
            request.GET, chosen=[selection["zone"]] if selection["zone"] else [], multiple=False
        ),
        "grades": [
            {"low": low, "high": round(low + 0.1, 1), "name_zh": zh, "name_en": en}
            for low, zh, en in GRADES
        ],
        "api_url": api_url,
        "industry_codes": INDUSTRY,
        "city_codes": CITY,
        # the indicators without spread in the peer set, marked * in the table
        "unscaled": {item.code for item in result.indicators if not item.usable},
        "chart": None,
    }
    if any(item.enough_data for item in result.zones):
        title = pick_language(
            f"产业子系统与城市子系统（{result.year}）/ Industry against city ({result.year})",
            reader_language,
        )
        context["chart"] = chart(
            "integration",
            coupling_figure(result, language=reader_language, title=title),
            csv_url=f"{api_url}&format=csv",
            sources=result.sources,
        )
    return context
