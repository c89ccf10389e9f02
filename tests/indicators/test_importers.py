"""Reading files and parsing rows: formats, encodings, column names, name matching."""

import datetime as dt
from decimal import Decimal

import pytest

from indicators.importers import ImportFileError, read_table
from indicators.importers.lookups import indicator_index, source_index, zone_index
from indicators.importers.observations import RowContext, map_columns, parse_rows
from indicators.models import Period, Qualifier
from tests.data.world import DATA, make_world
from tests.factories import ZoneFactory


@pytest.fixture
def world(db):
    return make_world()


def parse(table, *, today=dt.date(2026, 11, 22)):
    context = RowContext(
        zones=zone_index(),
        indicators=indicator_index(),
        sources=source_index(),
        today=today,
    )
    return parse_rows(table=table, columns=map_columns(table.headers), context=context)


def test_csv_and_xlsx_of_the_same_rows_read_to_the_same_cells():
    csv_table = read_table(file=DATA / "observations_good.csv")
    xlsx_table = read_table(file=DATA / "observations_good.xlsx")
    assert xlsx_table.headers == csv_table.headers
    for (csv_number, csv_cells), (xlsx_number, xlsx_cells) in zip(
        csv_table.rows, xlsx_table.rows, strict=True
    ):
        assert csv_number == xlsx_number
        # The CSV writes "1,800.5" with a thousands separator, the workbook a number.
        assert [c.replace(",", "") for c in csv_cells] == xlsx_cells


def test_csv_with_a_byte_order_mark_reads_its_first_header_cleanly():
    data = "\ufeffzone,indicator,year,value\nshenzhen-nanshan,gdp,2023,1\n".encode()
    table = read_table(file=data, filename="bom.csv")
    assert table.headers == ["zone", "indicator", "year", "value"]
    assert table.rows == [(2, ["shenzhen-nanshan", "gdp", "2023", "1"])]


def test_gbk_encoded_csv_is_a_clear_file_error_not_a_crash():
    with pytest.raises(ImportFileError) as error:
        read_table(file=DATA / "bad_gbk_encoding.csv")
    message = str(error.value)
    assert "UTF-8" in message
    assert "line 2" in message
    assert "GBK" in message


def test_a_damaged_workbook_is_a_file_error():
    with pytest.raises(ImportFileError, match="XLSX"):
        read_table(file=b"PK\x03\x04 not really a zip", filename="broken.xlsx")


def test_an_unsupported_file_type_is_a_file_error():
    with pytest.raises(ImportFileError, match=".pdf"):
        read_table(file=b"%PDF-1.4", filename="bulletin.pdf")


def test_an_empty_file_and_repeated_headers_are_file_errors():
    with pytest.raises(ImportFileError, match="empty"):
        read_table(file=b"\n\n", filename="empty.csv")
    with pytest.raises(ImportFileError, match="twice"):
        read_table(file=b"zone,zone\n", filename="twice.csv")


def test_semicolon_separated_csv_is_read():
    table = read_table(file=b"zone;indicator;year;value\na;b;2023;1\n", filename="x.csv")
    assert table.headers == ["zone", "indicator", "year", "value"]


def test_missing_required_columns_are_named():
    with pytest.raises(ImportFileError) as error:
        map_columns(["zone", "year"])
    assert "indicator" in str(error.value)
    assert "value" in str(error.value)


def test_chinese_headers_map_to_the_same_columns():
    columns = map_columns(["园区", "指标", "年份", "期间", "数值", "原文数字", "来源", "说明"])
    assert columns.index == {
        "zone": 0,
        "indicator": 1,
        "year": 2,
        "period": 3,
        "value": 4,
        "as_reported": 5,
        "source": 6,
    }
    assert columns.ignored == ["说明"]


def test_zones_and_indicators_match_by_slug_chinese_name_and_alias(world):
    rows, errors = parse(read_table(file=DATA / "observations_good.csv"))
    assert errors == []
    assert [(r.zone.slug, r.indicator.code, r.period) for r in rows] == [
        ("shenzhen-nanshan", "gdp", Period.FULL_YEAR),
        ("shenzhen-nanshan", "tertiary_share", Period.FULL_YEAR),
        ("shenzhen-nanshan", "gdp_growth", Period.H1),
        ("hangzhou-binjiang", "gdp", Period.FULL_YEAR),
        ("hangzhou-binjiang", "gdp", Period.M9),
    ]
    assert rows[2].fields["qualifier"] == Qualifier.APPROXIMATE
    assert rows[4].fields["value"] == Decimal("1800.5")


def test_full_width_brackets_match_a_half_width_alias(world):
    from zones.models import ZoneAlias

    ZoneAlias.objects.create(zone=world["binjiang"], alias="杭州滨江区(高新区)")
    table = read_table(
        file="zone,indicator,year,value,source\n杭州滨江区（高新区）,gdp,2023,1,bulletin-2023\n".encode(),
        filename="x.csv",
    )
    rows, errors = parse(table)
    assert errors == []
    assert rows[0].zone == world["binjiang"]


def test_a_chinese_name_shared_by_two_zones_is_ambiguous_and_names_both_slugs(world):
    ZoneFactory(slug="other-nanshan", name_zh="南山区")
    table = read_table(
        file="zone,indicator,year,value,source\n南山区,gdp,2023,1,bulletin-2023\n".encode(),
        filename="x.csv",
    )
    rows, errors = parse(table)
    assert rows == []
    assert errors[0].column == "zone"
    assert "other-nanshan" in errors[0].message
    assert "shenzhen-nanshan" in errors[0].message


@pytest.mark.parametrize(
    ("year", "period", "refused"),
    [
        ("2026", "FY", True),  # the year 2026 has not ended on 2026-11-22
        ("2026", "11M", True),
        ("2026", "9M", False),
        ("2027", "Q1", True),
        ("2025", "FY", False),
    ],
)
def test_a_figure_for_a_period_that_has_not_ended_is_refused(world, year, period, refused):
    table = read_table(
        file=f"zone,indicator,year,period,value,source\n"
        f"shenzhen-nanshan,gdp,{year},{period},1,bulletin-2023\n".encode(),
        filename="x.csv",
    )
    rows, errors = parse(table)
    assert bool(errors) == refused
    if refused:
        assert errors[0].row == 2
        assert errors[0].column == "year"
        assert "has not ended" in errors[0].message


def test_a_unit_other_than_the_indicators_is_refused_naming_the_unit_column(world):
    table = read_table(
        file="zone,indicator,year,value,单位,source\n"
        "shenzhen-nanshan,gdp,2023,0.85,万亿元,bulletin-2023\n".encode(),
        filename="x.csv",
    )
    rows, errors = parse(table)
    assert rows == []
    assert (errors[0].row, errors[0].column, errors[0].value) == (2, "单位", "万亿元")
    assert "亿元" in errors[0].message


def test_a_row_without_a_source_is_refused(world):
    table = read_table(
        file=b"zone,indicator,year,value\nshenzhen-nanshan,gdp,2023,1\n", filename="x.csv"
    )
    rows, errors = parse(table)
    assert rows == []
    assert errors[0].column == "source"
    assert "source is required" in errors[0].message


def test_every_bad_cell_of_a_row_is_reported_not_only_the_first(world):
    table = read_table(
        file=b"zone,indicator,year,period,value,source\natlantis,happiness,20x3,Q5,abc,nowhere\n",
        filename="x.csv",
    )
    rows, errors = parse(table)
    assert rows == []
    assert {e.column for e in errors} == {"zone", "indicator", "year", "period", "value", "source"}
    assert {e.row for e in errors} == {2}
