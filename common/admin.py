"""What the stewards' admin pages share: the "export selected" actions (CSV and XLSX through
the one tabular writer)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.utils.text import format_lazy

from common.tabular import file_response

ExportRows = Callable[..., tuple[Sequence[str], Iterable[Sequence[Any]]]]


def export_actions(export_rows: ExportRows, *, basename: str, noun_zh: str) -> list[Any]:
    """The admin actions ``export_csv`` and ``export_xlsx``: the selected rows as
    ``export_rows(queryset=...)`` lays them out, in a file named ``basename``."""

    def action(fmt: str) -> Any:
        def export(
            modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[Any]
        ) -> HttpResponseBase:
            headers, rows = export_rows(queryset=queryset)
            return file_response(headers=headers, rows=rows, fmt=fmt, basename=basename)

        export.__name__ = f"export_{fmt}"
        label = fmt.upper()
        description = format_lazy(
            "导出所选{noun}（{fmt}）/ Export selected ({fmt})", noun=noun_zh, fmt=label
        )
        return admin.action(description=description, permissions=["view"])(export)

    return [action("csv"), action("xlsx")]
