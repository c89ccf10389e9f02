"""Tabular renderers: CSV and XLSX, written by ``common.tabular``.

Both take a list of flat row dicts (the views switch off pagination for these formats, so
the file holds every row the filters select). A model list's CSV does not pass through a
renderer: ``streamed_csv`` writes it as the rows come from the database (constant memory).
Nested values are flattened: a dict becomes ``key.sub`` columns, a list of plain values is
joined with "; ", anything deeper is JSON.
"""

import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from itertools import chain

from django.http import StreamingHttpResponse
from rest_framework.renderers import BaseRenderer

from common.tabular import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    cited,
    iter_csv,
    write_csv,
    write_xlsx,
)

TABULAR_FORMATS = ("csv", "xlsx")


def _json_default(value):
    return float(value) if isinstance(value, Decimal) else str(value)


def _cell(value):
    if isinstance(value, Decimal):
        return float(value)  # as the JSON renderer writes it
    if isinstance(value, list):
        if all(not isinstance(item, dict | list) for item in value):
            return "; ".join("" if item is None else str(item) for item in value)
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    return value


def _flat(row: dict, prefix: str = "") -> dict:
    out = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and all(not isinstance(v, dict | list) for v in value.values()):
            out.update(_flat(value, f"{name}."))
        else:
            out[name] = _cell(value)
    return out


def tabulate(data, header: list[str] | None = None) -> tuple[list[str], list[dict]]:
    """Header and flat rows from a list of row dicts (or one dict: a single row)."""
    if isinstance(data, dict):
        data = data.get("results", [data]) if "results" in data else [data]
    rows = [_flat(dict(row)) for row in data or []]
    columns = _columns(rows, header)
    # source keys spelled out as publisher, title, date and address (common.tabular.cited)
    spelled_columns, cells = cited(columns, ([row.get(c) for c in columns] for row in rows))
    return spelled_columns, [dict(zip(spelled_columns, row, strict=True)) for row in cells]


def _columns(rows: list[dict], header: list[str] | None) -> list[str]:
    """``header``, then any other key of ``rows`` in the order they come."""
    columns = list(header or [])
    for row in rows:
        for key in row:
            if key not in columns:
                columns.append(key)
    return columns


def _header(renderer_context) -> list[str] | None:
    view = (renderer_context or {}).get("view")
    getter = getattr(view, "get_tabular_header", None)
    return getter() if getter else None


def _filename(renderer_context, extension: str) -> str:
    view = (renderer_context or {}).get("view")
    stem = getattr(view, "tabular_filename", None) or "zonebench"
    return f"{stem}.{extension}"


def _attach(renderer_context, extension: str) -> None:
    response = (renderer_context or {}).get("response")
    if response is not None and response.status_code < 400:
        name = _filename(renderer_context, extension)
        response["Content-Disposition"] = f'attachment; filename="{name}"'


def streamed_csv(
    records: Iterable[Mapping], *, header: list[str], filename: str
) -> StreamingHttpResponse:
    """The CSV ``CSVRenderer`` writes for ``records`` (row dicts of one shape, as a serializer
    gives them), streamed: the columns are ``header`` and the first record's, and each record
    is read, flattened and written as the client receives the file."""
    records = iter(records)
    first = next(records, None)
    first_rows = [] if first is None else [_flat(dict(first))]
    columns = _columns(first_rows, header)
    rows = chain(first_rows, (_flat(dict(record)) for record in records))
    # source keys spelled out as in ``tabulate``, row by row as they stream
    spelled_columns, cells = cited(columns, ([row.get(c) for c in columns] for row in rows))
    response = StreamingHttpResponse(
        iter_csv(headers=spelled_columns, rows=cells), content_type=CSV_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        columns, rows = tabulate(data, _header(renderer_context))
        _attach(renderer_context, "csv")
        return write_csv(headers=columns, rows=([row.get(c) for c in columns] for row in rows))


class XLSXRenderer(BaseRenderer):
    media_type = XLSX_CONTENT_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        columns, rows = tabulate(data, _header(renderer_context))
        _attach(renderer_context, "xlsx")
        return write_xlsx(
            headers=columns, rows=([row.get(c) for c in columns] for row in rows), title="data"
        )
