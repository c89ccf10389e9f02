"""Read a CSV (UTF-8, with or without BOM) or XLSX file as a stream of rows of text cells.

Every cell comes back as a stripped string, so the parsing that follows is the same whatever
the file format: an XLSX number 5901.27 becomes "5901.27", a whole 2024.0 becomes "2024".

``open_table`` reads lazily, a row at a time, so a file of any length is read in constant
memory; ``read_table`` is the same rows in a list, for the small files of the other
importers. A workbook is read in openpyxl's read-only mode and refused, with the limit it
passes, when it declares or holds more than ``MAX_XLSX_ROWS`` rows or ``MAX_XLSX_COLUMNS``
columns, or when its parts unpack to more than ``MAX_XLSX_UNPACKED_BYTES``: a few kilobytes
of XLSX can declare a sheet of a billion cells or unpack to gigabytes of XML.
"""

import csv
import datetime as dt
import io
import itertools
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from common.importing.base import ImportFileError, Table

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
ZIP_MAGIC = b"PK\x03\x04"
# Bytes held in memory (an upload) are refused above this; a file on disk is streamed.
MAX_BYTES = 50 * 1024 * 1024
MAX_XLSX_ROWS = 1_000_000
MAX_XLSX_COLUMNS = 100
MAX_XLSX_UNPACKED_BYTES = 300 * 1024 * 1024
SNIFF_CHARS = 4096


def read_table(*, file: BinaryIO | bytes | str | Path, filename: str = "") -> Table:
    """Read ``file`` (bytes, a binary file object or a path) into a ``Table`` in memory.

    Same contract as ``open_table``; every row is read before returning.
    """
    with open_table(file=file, filename=filename) as table:
        return Table(headers=table.headers, rows=list(table.rows))


class TableStream:
    """The header of a file and an iterator over its numbered, non-blank data rows.

    Use it as a context manager: leaving it closes the file. Iterating ``rows`` may raise
    ``ImportFileError`` part-way (a bad byte on line 150,000, a sheet past the row limit).
    """

    def __init__(
        self,
        headers: list[str],
        rows: Iterator[tuple[int, list[str]]],
        closing: list[Callable[[], object]],
        expected_rows: int,
    ) -> None:
        self.headers = headers
        self.rows = rows
        self._closing = closing
        # For a progress bar: the lines of a CSV, the rows a sheet declares (0: unknown).
        self.expected_rows = expected_rows

    def __enter__(self) -> "TableStream":
        return self

    def __exit__(self, *exc_info: object) -> None:
        for close in self._closing:
            close()


def open_table(*, file: BinaryIO | bytes | str | Path, filename: str = "") -> TableStream:
    """Open ``file`` (bytes, a binary file object or a path) as a ``TableStream``.

    The format is taken from ``filename``'s (or the path's) suffix, falling back on the
    content. Raises ``ImportFileError`` with a bilingual message for anything that makes the
    file unusable as a whole: an unknown format, a text encoding other than UTF-8, a damaged
    or oversized workbook, an empty file or repeated headers.
    """
    closing: list[Callable[[], object]] = []
    if isinstance(file, str | Path):
        path = Path(file)
        filename = filename or path.name
        try:
            stream: BinaryIO = path.open("rb")
        except OSError as exc:
            raise ImportFileError(f"无法读取文件 / Cannot read the file: {exc}") from exc
        closing.append(stream.close)
    elif isinstance(file, bytes):
        if len(file) > MAX_BYTES:
            raise ImportFileError(
                f"文件超过 {MAX_BYTES // 1024 // 1024} MB / The file is larger than "
                f"{MAX_BYTES // 1024 // 1024} MB; split it or use the management command."
            )
        stream = io.BytesIO(file)
    else:
        stream = file
    records: Iterator[Sequence[object]]
    try:
        start = stream.read(len(ZIP_MAGIC))
        stream.seek(0)
        suffix = Path(filename).suffix.lower()
        if suffix in XLSX_SUFFIXES or (suffix not in CSV_SUFFIXES and start == ZIP_MAGIC):
            records, expected = _xlsx_records(stream, closing)
            texts = False
        elif suffix and suffix not in CSV_SUFFIXES:
            raise ImportFileError(
                f"不支持的文件类型“{suffix}”，请使用 CSV 或 XLSX / Unsupported file type "
                f"“{suffix}”: use CSV (UTF-8) or XLSX."
            )
        else:
            expected = sum(block.count(b"\n") for block in iter(lambda: stream.read(1 << 20), b""))
            stream.seek(0)
            records = _csv_records(stream)
            texts = True
        headers, rows = _table(records, texts=texts)
    except BaseException:
        for close in closing:
            close()
        raise
    return TableStream(headers, rows, closing, expected_rows=max(expected - 1, 0))


def table_from_rows(rows: Iterable[Mapping[str, object]]) -> Table:
    """A ``Table`` from dictionaries (the keys of the first one are the header).

    For callers that already hold the rows in memory; numbered from 2 like a file's rows.
    """
    rows = list(rows)
    if not rows:
        raise ImportFileError("没有数据行 / There are no data rows.")
    headers = [str(key) for key in rows[0]]
    return Table(
        headers=headers,
        rows=[
            (number, [cell_text(row.get(header)) for header in headers])
            for number, row in enumerate(rows, start=2)
        ],
    )


def cell_text(value: object) -> str:
    """One cell as stripped text; whole floats lose their ".0", dates become ISO."""
    if isinstance(value, str):
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def _csv_records(stream: BinaryIO) -> Iterator[list[str]]:
    lines = _utf8_lines(stream)
    head: list[str] = []
    for line in lines:
        head.append(line)
        if sum(map(len, head)) >= SNIFF_CHARS:
            break
    try:
        dialect = csv.Sniffer().sniff("".join(head)[:SNIFF_CHARS], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(itertools.chain(head, lines), dialect)
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportFileError(
                f"CSV 格式错误（第 {reader.line_num} 行）/ Malformed CSV at line "
                f"{reader.line_num}: {exc}"
            ) from exc
        yield record


def _utf8_lines(stream: BinaryIO) -> Iterator[str]:
    """The file's lines, decoded one by one; a byte that is not UTF-8 is a file error naming
    its line and its position in the file (and GBK, the usual culprit, when it decodes so)."""
    offset = 0
    # A "\n" byte never occurs inside a UTF-8 (or GBK) character, so splitting first is safe.
    for number, raw in enumerate(stream, start=1):
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            position = offset + exc.start
            hint = ""
            try:
                raw.decode("gb18030")
                hint = "（看起来是 GBK/GB18030 编码）/ (it looks like GBK/GB18030) "
            except UnicodeDecodeError:
                pass
            raise ImportFileError(
                f"文件不是 UTF-8 编码：第 {number} 行第一个无法解码的字节在位置 {position}"
                f"{hint}。请在 Excel 中“另存为 CSV UTF-8” / The file is not UTF-8 encoded: the "
                f"first undecodable byte is at position {position}, line {number}. "
                "Save it as 'CSV UTF-8' and try again."
            ) from exc
        offset += len(raw)


def _xlsx_records(
    stream: BinaryIO, closing: list[Callable[[], object]]
) -> tuple[Iterator[tuple[object, ...]], int]:
    # openpyxl is imported here so that CSV-only callers never pay for it.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with zipfile.ZipFile(stream) as archive:
            # zipfile stops unpacking a part at its declared size, so the declared sizes
            # bound what reading the workbook can unpack.
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_XLSX_UNPACKED_BYTES:
            raise ImportFileError(
                f"XLSX 解压后超过 {MAX_XLSX_UNPACKED_BYTES // 1024 // 1024} MB（{unpacked} 字节）"
                f"，请拆分文件或另存为 CSV / The workbook unpacks to {unpacked} bytes, more than "
                f"the limit of {MAX_XLSX_UNPACKED_BYTES // 1024 // 1024} MB: split it or save "
                "it as CSV."
            )
        stream.seek(0)
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(
            "无法打开 XLSX 工作簿（文件损坏或不是 Excel 文件）/ Cannot open the XLSX "
            f"workbook (damaged, or not an Excel file): {exc}"
        ) from exc
    closing.append(workbook.close)
    sheet = workbook.worksheets[0]
    declared_rows = sheet.max_row or 0
    _check_sheet_size(declared_rows, sheet.max_column or 0, declared=True)
    # Without its declared dimensions the sheet yields each row as wide as its last cell and
    # no padding rows: a sheet declaring A1:XFD1048576 is never expanded.
    sheet.reset_dimensions()
    return _sized_rows(sheet.iter_rows(values_only=True)), declared_rows


def _sized_rows(rows: Iterator[tuple[object, ...]]) -> Iterator[tuple[object, ...]]:
    for number, values in enumerate(rows, start=1):
        width = len(values)
        while width and values[width - 1] is None:
            width -= 1
        _check_sheet_size(number, width, declared=False)
        yield values


def _check_sheet_size(rows: int, columns: int, *, declared: bool) -> None:
    if rows <= MAX_XLSX_ROWS and columns <= MAX_XLSX_COLUMNS:
        return
    how = ("声明", "declares") if declared else ("含有", "holds")
    what = (
        (f"超过 {MAX_XLSX_ROWS} 行", f"more than {MAX_XLSX_ROWS} rows")
        if rows > MAX_XLSX_ROWS
        else (
            f"{columns} 列，超过 {MAX_XLSX_COLUMNS} 列",
            f"{columns} columns, more than {MAX_XLSX_COLUMNS}",
        )
    )
    raise ImportFileError(
        f"工作表{how[0]}{what[0]}，请拆分文件或删除多余的单元格 / The sheet {how[1]} "
        f"{what[1]}: split the file or delete the stray cells."
    )


def _table(
    records: Iterable[Iterable[Any]], *, texts: bool = False
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header (the first non-blank row, checked) and the numbered non-blank rows after it.
    ``texts``: every cell is a string already (a CSV's), and only needs stripping."""
    numbered = (
        (number, [c.strip() for c in cells] if texts else [cell_text(c) for c in cells])
        for number, cells in enumerate(records, 1)
    )
    rows = ((number, cells) for number, cells in numbered if any(cells))
    first = next(rows, None)
    if first is None:
        raise ImportFileError("文件是空的 / The file is empty.")
    header_number, headers = first
    while headers and not headers[-1]:
        headers.pop()
    seen = set()
    for header in headers:
        key = header.strip().lower()
        if not key:
            raise ImportFileError(
                f"第 {header_number} 行（表头）有空的列名 / The header row {header_number} "
                "has an empty column name."
            )
        if key in seen:
            raise ImportFileError(
                f"列名“{header}”出现了两次 / The column “{header}” appears twice."
            )
        seen.add(key)
    return [h.strip() for h in headers], rows
