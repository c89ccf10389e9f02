"""What every page view shares: the error page for bad query strings, the chart block, the
CSV answer, the period and reliability labels, and paging.

Bad query strings give an error page naming the parameter: 400 for a malformed value, 404
for a code that does not exist.
"""

from __future__ import annotations

import re
from functools import wraps

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBase
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils.translation import get_language

from common.cache import FIGURE_TIMEOUT, answer_key
from common.codes import is_whole_number
from common.errors import BadParameter, UnknownCode
from common.tabular import cited, file_response
from dashboards import figures, params
from dashboards import selectors as page_selectors
from dashboards.exports import Export, export_meta
from dashboards.formatting import pick_language
from indicators.models import Period, Reliability

ZONES_PER_PAGE = 50
# the masked CSRF token a rendered page holds (base.html's language form), new per request
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def page(view):
    """Turn ``BadParameter``/``UnknownCode`` into an error page that names the parameter."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except UnknownCode as error:
            return error_page(request, error, status=404)
        except BadParameter as error:
            return error_page(request, error, status=400)

    return wrapper


def error_page(request, error: BadParameter, *, status: int):
    """The page naming the parameter at fault. The reader's other choices survive: the
    "try again" link drops only that parameter, and too many values of one come back as
    ticked boxes to narrow down."""
    if error.value is None or isinstance(error.value, (str, int)):
        value = "" if error.value is None else str(error.value)
    else:
        value = ", ".join(map(str, error.value))
    others = request.GET.copy()
    others.pop(error.param, None)
    context = {
        "param": error.param,
        "value": value,
        "message": error.message,
        "status": status,
        "retry_url": f"{request.path}?{others.urlencode()}" if others else request.path,
    }
    if isinstance(error, params.TooManyChosen):
        context["too_many"] = {
            "values": error.value,
            "limit": params.MAX_SELECTION,
            "others": [(name, v) for name, values in others.lists() for v in values],
        }
    return render(request, "dashboards/error.html", context, status=status)


def cached_render(request, template: str, build):
    """Render ``template`` with the context ``build()`` makes, and keep the whole page per
    data generation, address and language (``common.cache.answer_key``), with its one
    per-request part, the CSRF token of the language form, cut out: a page shown before in
    this generation is that text with the reader's own token put back, and neither calls
    ``build()`` nor renders a template. Nothing else in a page is of the user or the
    session (the token is in base.html)."""
    key = answer_key(request)
    kept = cache.get(key)
    if kept is not None:
        return HttpResponse(get_token(request).join(kept))
    response = render(request, template, build())
    text = response.content.decode()
    token = CSRF_INPUT.search(text)
    cache.set(key, text.split(token[1]) if token else [text], timeout=FIGURE_TIMEOUT)
    return response


def language() -> str:
    """The reader's language code (Chinese when none is active)."""
    return get_language() or "zh-hans"


def period_choices() -> list[tuple[str, str]]:
    """Every period with its label in the reader's language, for the period pickers."""
    return [(value, period_label(value)) for value in Period.values]


def period_label(period: str) -> str:
    return pick_language(str(Period(period).label), language())


def chart(
    chart_id: str,
    figure,
    *,
    export: Export | None = None,
    csv_url: str = "",
    sources=(),
    note: str = "",
    more_url: str = "",
) -> dict:
    """What a chart block of a template needs: its JSON, CSV link and the sources under it.
    ``export`` says what the chart shows, for the title and file name of its PNG
    (``dashboards.exports``); without it the PNG has the chart's own title and id.
    ``more_url`` links a chart that draws only the first bars to the one drawing them all."""
    source_list = source_objects(sources)
    if export is None:
        export = Export(subject="", what=figure.layout.title.text or "", when="")
    meta = export_meta(export, sources=source_list, language=language(), fallback=chart_id)
    # beside what the figure's own meta says (a map's ``links``)
    figure.update_layout(meta={**(figure.layout.meta or {}), "export": meta})
    return {
        "id": chart_id,
        "json": figures.figure_json(figure),
        "csv_url": csv_url,
        "sources": source_list,
        "note": note,
        "more_url": more_url,
    }


def source_objects(keys) -> list:
    """Sources by key, in order, for the caption under a chart. Records that carry their
    ``source_title`` (analysis frames do) need no query: pass dicts with key and title."""
    items = [key for key in keys if key]
    if items and all(isinstance(item, dict) for item in items):
        return list({item["key"]: item for item in items}.values())
    keys = list(dict.fromkeys(items))
    if not keys:
        return []
    return page_selectors.sources_by_key(keys)


def csv_response(filename: str, header: list[str], rows) -> HttpResponseBase:
    """A page's CSV, its source keys spelled out as publisher, title, date and address."""
    basename = filename.removesuffix(".csv")
    columns, cells = cited(header, rows)
    return file_response(headers=columns, rows=cells, fmt="csv", basename=basename)


def reliability_label(reliability: str) -> str:
    return pick_language(str(Reliability(reliability).label), language())


def page_of(objects, request, *, per_page: int = ZONES_PER_PAGE):
    """The page ``?page=`` asks for (1 when absent); anything but a page that exists, in
    ASCII digits, is a ``BadParameter`` naming ``page``."""
    paginator = Paginator(objects, per_page)
    page_number = params.text(request.GET, "page", "1")
    if not is_whole_number(page_number) or not 1 <= int(page_number) <= paginator.num_pages:
        raise BadParameter("page", page_number, "没有这一页 / no such page")
    return paginator.page(int(page_number))
