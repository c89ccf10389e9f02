"""Hostile workbooks: a sheet that declares or holds more than the limits, or unpacks to far
more than it weighs, is refused with a clear file error before it can fill the memory."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from common.importing import readers
from common.importing.base import ImportFileError
from common.importing.readers import read_table
from indicators.services import observation_import

HEADER = "<row r='1'><c r='A1' t='inlineStr'><is><t>zone</t></is></c></row>"


def workbook_with_sheet(sheet_data: str, *, dimension: str = "A1") -> bytes:
    """A real XLSX (written by openpyxl) whose first sheet's XML is replaced."""
    book = Workbook()
    book.active["A1"] = "placeholder"
    original = io.BytesIO()
    book.save(original)
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet.encode()
            target.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def test_a_sheet_declaring_every_cell_of_excel_is_refused_naming_the_limit():
    bomb = workbook_with_sheet(HEADER, dimension="A1:XFD1048576")
    assert len(bomb) < 10_000
    with pytest.raises(ImportFileError) as error:
        read_table(file=bomb, filename="bomb.xlsx")
    assert "declares more than 1000000 rows" in str(error.value)


def test_a_sheet_declaring_too_many_columns_is_refused():
    with pytest.raises(ImportFileError, match="declares 16384 columns, more than 100"):
        read_table(file=workbook_with_sheet(HEADER, dimension="A1:XFD2"), filename="wide.xlsx")


def test_a_cell_far_to_the_right_is_refused_without_padding_every_row():
    stray = "<row r='2'><c r='XFD2' t='inlineStr'><is><t>x</t></is></c></row>"
    with pytest.raises(ImportFileError, match="holds 16384 columns, more than 100"):
        read_table(file=workbook_with_sheet(HEADER + stray), filename="stray.xlsx")


def test_a_sheet_holding_more_rows_than_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(readers, "MAX_XLSX_ROWS", 10)
    rows = "".join(
        f"<row r='{n}'><c r='A{n}' t='inlineStr'><is><t>z{n}</t></is></c></row>"
        for n in range(2, 20)
    )
    # The dimension says A1 only: the rows are counted as they are read.
    with pytest.raises(ImportFileError, match="holds more than 10 rows"):
        read_table(file=workbook_with_sheet(HEADER + rows), filename="long.xlsx")


def test_a_workbook_that_unpacks_past_the_limit_is_refused_before_it_is_parsed(monkeypatch):
    monkeypatch.setattr(readers, "MAX_XLSX_UNPACKED_BYTES", 1_000_000)
    padding = "<row r='2'><c r='A2' t='inlineStr'><is><t>" + " " * 2_000_000 + "</t></is></c></row>"
    bomb = workbook_with_sheet(HEADER + padding)
    assert len(bomb) < 50_000  # two megabytes of XML squeezed into a few kilobytes
    with pytest.raises(ImportFileError, match=r"unpacks to \d+ bytes, more than the limit"):
        read_table(file=bomb, filename="zip-bomb.xlsx")


def test_the_import_reports_a_bomb_as_a_file_error_and_writes_nothing(db):
    report = observation_import(
        file=workbook_with_sheet(HEADER, dimension="A1:XFD1048576"),
        filename="bomb.xlsx",
        dry_run=True,
    )
    assert not report.written
    assert [(e.row, e.column) for e in report.rejected] == [(None, "")]
    assert "1000000 rows" in report.rejected[0].message


def test_the_admin_upload_of_a_bomb_shows_the_reason_not_a_server_error(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bomb = SimpleUploadedFile("bomb.xlsx", workbook_with_sheet(HEADER, dimension="A1:XFD1048576"))
    response = admin_client.post("/admin/indicators/observation/import/", {"file": bomb})
    assert response.status_code == 200
    page = response.content.decode()
    assert "declares more than 1000000 rows" in page
    assert 'name="token"' not in page
