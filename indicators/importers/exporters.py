"""Write observations and zones as CSV (UTF-8 with BOM, so Excel shows the Chinese) or XLSX.

The observation export uses the import's own column headers, so an exported file can be
edited and imported back: unchanged rows come back as "unchanged".
"""

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db.models import QuerySet

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

OBSERVATION_EXPORT = (
    ("zone", "zone__slug"),
    ("zone_name", "zone__name_zh"),
    ("indicator", "indicator__code"),
    ("indicator_name", "indicator__name_zh"),
    ("year", "year"),
    ("period", "period"),
    ("value", "value"),
    ("unit", "indicator__unit"),
    ("as_reported", "as_reported"),
    ("source", "source__key"),
    ("qualifier", "qualifier"),
    ("status", "status"),
    ("locator", "locator"),
    ("note", "note"),
)

ZONE_EXPORT = (
    "slug",
    "name_zh",
    "name_en",
    "kind",
    "country",
    "province",
    "city",
    "region",
    "development_model",
    "area_km2",
    "founded_year",
    "latitude",
    "longitude",
    "location_note",
    "summary_zh",
    "summary_en",
)


def observation_export_rows(*, queryset: QuerySet) -> tuple[list[str], Iterable[Sequence]]:
    """Headers and rows of ``queryset`` (Observations) in one query, whatever its size."""
    headers = [header for header, _ in OBSERVATION_EXPORT]
    rows = queryset.order_by("zone__slug", "indicator__code", "year", "period").values_list(
        *(path for _, path in OBSERVATION_EXPORT)
    )
    return headers, rows.iterator(chunk_size=2000)


def zone_export_rows(*, queryset: QuerySet) -> tuple[list[str], Iterable[Sequence]]:
    """Headers and rows of ``queryset`` (Zones) plus their aliases, in two queries."""
    from zones.models import ZoneAlias

    aliases: dict[int, list[str]] = {}
    for zone_id, alias in ZoneAlias.objects.filter(zone__in=queryset).values_list(
        "zone_id", "alias"
    ):
        aliases.setdefault(zone_id, []).append(alias)
    rows = queryset.order_by("slug").values_list("pk", *ZONE_EXPORT)
    return [*ZONE_EXPORT, "aliases"], (
        (*row[1:], ";".join(sorted(aliases.get(row[0], [])))) for row in rows
    )


def write_csv(*, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([_csv_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(*, headers: Sequence[str], rows: Iterable[Sequence], title: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(headers))
    for row in rows:
        sheet.append([_xlsx_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_cell(cell):
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        # Decimal("8500.6000") -> "8500.6": the figure as a steward would type it.
        return format(cell.normalize(), "f")
    return cell


def _xlsx_cell(cell):
    if isinstance(cell, Decimal):
        # A number cell where a float holds the value exactly, text otherwise.
        as_float = float(cell)
        if Decimal(repr(as_float)) == cell:
            return as_float
        return format(cell.normalize(), "f")
    return cell
