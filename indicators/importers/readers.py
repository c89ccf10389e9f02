"""Read a CSV (UTF-8, with or without BOM) or XLSX file into a ``Table`` of text cells.

Every cell comes back as a stripped string, so the parsing that follows is the same whatever
the file format: an XLSX number 5901.27 becomes "5901.27", a whole 2024.0 becomes "2024".
"""

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from .base import ImportFileError, Table

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
ZIP_MAGIC = b"PK\x03\x04"
MAX_BYTES = 50 * 1024 * 1024


def read_table(*, file: BinaryIO | bytes | str | Path, filename: str = "") -> Table:
    """Read ``file`` (bytes, a binary file object or a path) into a ``Table``.

    The format is taken from ``filename``'s (or the path's) suffix, falling back on the
    content. Raises ``ImportFileError`` with a bilingual message for anything that makes the
    file unusable as a whole: an unknown format, a text encoding other than UTF-8, a damaged
    workbook, an empty file or repeated headers.
    """
    if isinstance(file, str | Path):
        path = Path(file)
        filename = filename or path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ImportFileError(f"无法读取文件 / Cannot read the file: {exc}") from exc
    elif isinstance(file, bytes):
        data = file
    else:
        data = file.read()
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            f"文件超过 {MAX_BYTES // 1024 // 1024} MB / The file is larger than "
            f"{MAX_BYTES // 1024 // 1024} MB; split it or use the management command."
        )
    suffix = Path(filename).suffix.lower()
    if suffix in XLSX_SUFFIXES or (suffix not in CSV_SUFFIXES and data.startswith(ZIP_MAGIC)):
        return _read_xlsx(data)
    if suffix and suffix not in CSV_SUFFIXES:
        raise ImportFileError(
            f"不支持的文件类型“{suffix}”，请使用 CSV 或 XLSX / Unsupported file type "
            f"“{suffix}”: use CSV (UTF-8) or XLSX."
        )
    return _read_csv(data)


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


def _read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = ""
        try:
            data.decode("gb18030")
            hint = "（看起来是 GBK/GB18030 编码）/ (it looks like GBK/GB18030) "
        except UnicodeDecodeError:
            pass
        raise ImportFileError(
            f"文件不是 UTF-8 编码：第 {line} 行第一个无法解码的字节在位置 {exc.start}"
            f"{hint}。请在 Excel 中“另存为 CSV UTF-8” / The file is not UTF-8 encoded: the "
            f"first undecodable byte is at position {exc.start}, line {line}. "
            "Save it as 'CSV UTF-8' and try again."
        ) from exc
    if not text.strip():
        raise ImportFileError("文件是空的 / The file is empty.")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        records = list(reader)
    except csv.Error as exc:
        raise ImportFileError(
            f"CSV 格式错误（第 {reader.line_num} 行）/ Malformed CSV at line "
            f"{reader.line_num}: {exc}"
        ) from exc
    return _table(records)


def _read_xlsx(data: bytes) -> Table:
    # openpyxl is imported here so that CSV-only callers never pay for it.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(
            "无法打开 XLSX 工作簿（文件损坏或不是 Excel 文件）/ Cannot open the XLSX "
            f"workbook (damaged, or not an Excel file): {exc}"
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        records = [list(values) for values in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    return _table(records)


def _table(records: list[list[object]]) -> Table:
    numbered = [(number, [cell_text(c) for c in cells]) for number, cells in enumerate(records, 1)]
    numbered = [(number, cells) for number, cells in numbered if any(cells)]
    if not numbered:
        raise ImportFileError("文件是空的 / The file is empty.")
    header_number, headers = numbered[0]
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
    return Table(headers=[h.strip() for h in headers], rows=numbered[1:])
