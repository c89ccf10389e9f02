"""The one tabular writer: every CSV and XLSX the project produces is written here (the API's
renderers, the pages' CSV links, the admin's export actions, ``export_observations``).

A CSV is streamed (``iter_csv``, ``file_response``): rows are read and written a piece at a
time as the client receives them. CSV is UTF-8 with a byte-order mark, so Excel shows the
Chinese, and CRLF line endings as RFC 4180 has them. A ``Decimal`` is written as the figure a
steward would type (``Decimal("8500.6000")`` -> ``8500.6``), ``None`` as an empty cell. XLSX is
written in openpyxl's write-only mode (memory stays flat whatever the row count), header row
frozen.

Text from the database never becomes a formula. In a CSV, a text cell starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return (what spreadsheets read as the start of a
formula) gets a leading apostrophe, unless it is a plain signed number such as ``-2.3`` or
``+5%``, which no spreadsheet runs. In an XLSX, text is always written as a text cell (openpyxl
would otherwise store any string starting with ``=`` as a formula).

A file names its sources by what a reader can look up, not by the app's keys (``cited``): a
column of source keys (``source``, or ``<prefix>_source``) becomes five columns,
``source_publisher``, ``source_title``, ``source_date``, ``source_url`` and last the
``source_key`` (with the prefix, e.g. ``cohort_source_title``). The indicators app, which owns
sources, registers how keys are looked up (``register_citations``); common knows no app.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from itertools import islice
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What a spreadsheet takes as the start of a formula (OWASP's list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*%?")
# rows written per piece of a streamed CSV
CSV_ROWS_PER_PIECE = 1000


# what a source-key column becomes, in this order (publisher, title, date, then the address)
CITATION_FIELDS = ("publisher", "title", "date", "url", "key")
_citations: Callable[[], Mapping[str, Sequence[Any]]] | None = None


def register_citations(lookup: Callable[[], Mapping[str, Sequence[Any]]]) -> None:
    """``lookup()`` gives every source key's (publisher, title, date, url): called once per
    file that has a source column."""
    global _citations
    _citations = lookup


def is_source_column(name: str) -> bool:
    return name == "source" or name.endswith("_source")


def cited(
    headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> tuple[list[str], Iterator[list[Any]]]:
    """``headers`` and ``rows`` with each source-key column spelled out as the source's
    publisher, title, date, address and key (``CITATION_FIELDS``). Rows stay an iterator."""
    positions = [i for i, name in enumerate(headers) if is_source_column(name)]
    if not positions:
        return list(headers), (list(row) for row in rows)
    spelled_out = {f"{headers[i]}_{field}" for i in positions for field in CITATION_FIELDS}
    # a column the spelling-out replaces (an API row's own ``source_title``) is left out
    dropped = {i for i, name in enumerate(headers) if name in spelled_out}
    columns: list[str] = []
    for index, name in enumerate(headers):
        if index in positions:
            columns += [f"{name}_{field}" for field in CITATION_FIELDS]
        elif index not in dropped:
            columns.append(name)
    book = _citations() if _citations else {}
    blank = ("", "", "", "")

    def spelled(row: Sequence[Any]) -> list[Any]:
        out: list[Any] = []
        for index, cell in enumerate(row):
            if index in positions:
                out += [*book.get(cell or "", blank), cell]
            elif index not in dropped:
                out.append(cell)
        return out

    return columns, (spelled(row) for row in rows)


def write_csv(*, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """The CSV file of ``headers`` and ``rows`` (each a sequence of cells, in header order)."""
    return b"".join(iter_csv(headers=headers, rows=rows))


def iter_csv(*, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """The bytes of ``write_csv``, in pieces of ``CSV_ROWS_PER_PIECE`` rows: the rows are read
    as the pieces are asked for, so a streamed file holds one piece in memory at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    yield codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")
    iterator = iter(rows)
    while piece := list(islice(iterator, CSV_ROWS_PER_PIECE)):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows([csv_cell(cell) for cell in row] for row in piece)
        yield buffer.getvalue().encode("utf-8")


def write_xlsx(*, headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str) -> bytes:
    """The XLSX workbook of one sheet named ``title`` (cut to Excel's 31 characters)."""
    from openpyxl import Workbook  # only the exports need it: keep it out of every import

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    sheet.append([_xlsx_text_cell(sheet, header) for header in headers])
    for row in rows:
        sheet.append([_xlsx_text_cell(sheet, cell) for cell in map(xlsx_cell, row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def file_response(
    *, headers: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str, basename: str
) -> HttpResponseBase:
    """An attachment ``basename.csv`` or ``basename.xlsx`` (``fmt`` is "csv" or "xlsx").

    A CSV is streamed (``StreamingHttpResponse``: ``rows`` may be a lazy iterator, read as the
    client receives the file); an XLSX is built in memory (openpyxl writes the zip at the end),
    so its callers cap its rows.
    """
    response: HttpResponseBase
    if fmt == "xlsx":
        content = write_xlsx(headers=headers, rows=rows, title=basename)
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    else:
        response = StreamingHttpResponse(
            iter_csv(headers=headers, rows=rows), content_type=CSV_CONTENT_TYPE
        )
    response["Content-Disposition"] = f'attachment; filename="{basename}.{fmt}"'
    return response


def csv_cell(cell: Any) -> Any:
    """A cell as the CSV holds it: blank for ``None``, a ``Decimal`` without trailing zeros."""
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return format(cell.normalize(), "f")
    if isinstance(cell, str):
        return neutralised(cell)
    return cell


def neutralised(text: str) -> str:
    """``text`` with a leading apostrophe if a spreadsheet would read it as a formula."""
    if text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _xlsx_text_cell(sheet: Any, cell: Any) -> Any:
    """A string as a cell of type text, so that ``=...`` stays text and never runs; the
    control characters a worksheet cannot hold (any a record may have been given) are left
    out rather than failing the whole file."""
    if not isinstance(cell, str):
        return cell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell = ILLEGAL_CHARACTERS_RE.sub("", cell)
    if not cell.startswith("="):
        return cell
    from openpyxl.cell import WriteOnlyCell

    text_cell = WriteOnlyCell(sheet, value=cell)
    text_cell.data_type = "s"
    return text_cell


def xlsx_cell(cell: Any) -> Any:
    """A ``Decimal`` as a number cell where a float holds it exactly, as text otherwise."""
    if isinstance(cell, Decimal):
        as_float = float(cell)
        if Decimal(repr(as_float)) == cell:
            return as_float
        return format(cell.normalize(), "f")
    return cell
