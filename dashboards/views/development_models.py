"""The five development models page: members of each model and the groups' spread."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from analysis.development_models import development_models
from dashboards import params
from dashboards.formatting import localised, pick_language
from dashboards.structure_figures import models_figure
from dashboards.views.base import chart, language, page, period_choices
from indicators.selectors import check_codes


@page
def models_page(request):
    """Each model's members; one indicator drawn across the models; every indicator's
    figures, n, median and range in a table."""
    query = request.GET
    selection = {
        "indicator": params.text(query, "indicator"),
        "year": params.year(query),
        "period": params.period(query),
    }
    if selection["indicator"]:
        check_codes(indicators=[selection["indicator"]])
    result = development_models(year=selection["year"], period=selection["period"])
    by_code = {item.code: item for item in result.indicators}
    shown = by_code.get(selection["indicator"] or "")
    if shown is None and not selection["indicator"] and result.indicators:
        # the indicator the most models have a figure of (catalogue order breaks ties)
        shown = max(result.indicators, key=lambda item: sum(g.n > 0 for g in item.groups))
    reader_language = language()
    wanted = {key: str(value) for key, value in selection.items() if value and key != "indicator"}
    context = {
        "result": result,
        "selection": selection,
        "shown": shown,
        "periods": period_choices(),
        "api_url": f"{reverse('api:models')}?{urlencode(wanted)}",
        "chart": None,
    }
    if shown is not None:
        title = pick_language(
            f"五种发展模式：{shown.name_zh} / The five models: {shown.name_en}", reader_language
        )
        csv_query = urlencode({**wanted, "indicator": shown.code, "format": "csv"})
        context["chart"] = chart(
            "models",
            models_figure(result, shown, language=reader_language, title=title),
            csv_url=f"{reverse('api:models')}?{csv_query}",
            sources=[result.source]
            + [item.source for group in shown.groups for item in group.figures],
            note=pick_language(
                f"{shown.anchor_year} 年及之前 {result.window} 年内各成员的最新数值 / "
                f"each member's latest figure within {result.window} years to "
                f"{shown.anchor_year}",
                reader_language,
            ),
        )
        context["shown_name"] = localised(shown.__dict__, "name", reader_language)
    return render(request, "dashboards/models.html", context)
