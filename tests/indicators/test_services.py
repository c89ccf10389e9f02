"""observation_import: all or nothing, idempotent, validated, fast in bulk."""

import io
import time
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import Indicator, Observation, Period
from indicators.services import observation_import
from tests.data.world import DATA, grid_rows, make_world, observation_dump, write_csv_rows
from tests.factories import IndicatorFactory, SourceFactory, UserFactory, ZoneFactory


@pytest.fixture
def world(db):
    return make_world()


def import_file(name, **kwargs):
    kwargs.setdefault("dry_run", False)
    return observation_import(file=DATA / name, **kwargs)


def test_good_csv_creates_new_rows_and_updates_the_stored_one(world):
    report = import_file("observations_good.csv")
    assert report.ok, report.rejected
    assert report.written
    assert len(report.created) == 4
    assert [(c.row, c.old_value, c.value) for c in report.updated] == [
        (2, Decimal("8400"), Decimal("8500.6"))
    ]
    assert Observation.objects.count() == 5
    nine_months = Observation.objects.get(zone=world["binjiang"], period=Period.M9)
    assert nine_months.value == Decimal("1800.5")
    assert nine_months.note == "注明：前三季度"
    assert nine_months.value_type == "amount"
    updated = Observation.objects.get(zone=world["nanshan"], indicator=world["gdp"], year=2023)
    assert updated.as_reported == "8500.60亿元"
    assert updated.locator == "一、综合"


def test_xlsx_imports_the_same_as_csv(world):
    report = import_file("observations_good.xlsx")
    assert report.ok, report.rejected
    assert (len(report.created), len(report.updated)) == (4, 1)
    assert Observation.objects.get(zone=world["binjiang"], period=Period.M9).value == Decimal(
        "1800.5"
    )


def test_reimporting_the_same_file_changes_nothing(world):
    assert import_file("observations_good.csv").written
    before = observation_dump()
    report = import_file("observations_good.csv")
    assert report.ok
    assert (len(report.created), len(report.updated), len(report.unchanged)) == (0, 0, 5)
    assert observation_dump() == before


def test_dry_run_reports_what_would_happen_and_writes_nothing(world):
    before = observation_dump()
    report = import_file("observations_good.csv", dry_run=True)
    assert report.ok
    assert not report.written
    assert (len(report.created), len(report.updated)) == (4, 1)
    assert observation_dump() == before


@pytest.mark.parametrize(
    ("name", "row", "column", "reason"),
    [
        ("bad_unknown_zone.csv", 4, "zone", "Unknown zone “atlantis”"),
        ("bad_unknown_indicator.csv", 4, "indicator", "Unknown indicator “happiness”"),
        ("bad_share_130.csv", 4, "value", "above the plausible maximum 100"),
        ("bad_text_in_number.csv", 4, "value", "“约五个百分点” is not a number"),
        ("bad_duplicate_row.csv", 4, "zone", "Duplicate of row 2"),
        ("bad_gbk_encoding.csv", None, "", "not UTF-8 encoded"),
    ],
)
def test_one_bad_row_is_named_and_leaves_the_database_exactly_as_it_was(
    world, name, row, column, reason
):
    before = observation_dump()
    report = import_file(name)
    assert not report.written
    assert len(report.rejected) == 1, report.rejected
    error = report.rejected[0]
    assert (error.row, error.column) == (row, column)
    assert reason in error.message
    assert observation_dump() == before


def test_import_records_who_imported_in_the_history(world):
    user = UserFactory(username="steward")
    import_file("observations_good.csv", user=user)
    updated = Observation.objects.get(zone=world["nanshan"], indicator=world["gdp"], year=2023)
    latest = updated.history.first()
    assert latest.history_type == "~"
    assert latest.history_user == user
    assert latest.history_change_reason == "import"
    assert latest.prev_record.value == Decimal("8400")


def test_default_source_applies_when_the_file_has_no_source_column(world):
    other = SourceFactory(key="yearbook-2023")
    report = import_file("observations_good_zh.csv", default_source=other)
    assert report.ok, report.rejected
    # The file's own source column wins over the default.
    assert set(Observation.objects.filter(year=2022).values_list("source__key", flat=True)) == {
        "bulletin-2023"
    }
    report = observation_import(
        rows=[{"园区": "南山区", "指标": "gdp", "年份": "2021", "数值": "7000"}],
        default_source=other,
        dry_run=False,
    )
    assert report.written
    stored = Observation.objects.get(year=2021)
    assert stored.source == other
    assert stored.as_reported == "7000亿元"


def test_a_column_the_file_does_not_have_keeps_its_stored_value(world):
    stored = Observation.objects.get(zone=world["nanshan"], indicator=world["gdp"], year=2023)
    stored.note = "复核过 / checked"
    stored.save()
    report = observation_import(
        rows=[
            {
                "zone": "南山区",
                "indicator": "gdp",
                "year": 2023,
                "value": "8400",
                "source": "bulletin-2023",
            }
        ],
        dry_run=False,
    )
    assert len(report.unchanged) == 1
    stored.refresh_from_db()
    assert stored.note == "复核过 / checked"


def test_growth_rate_outside_the_indicators_bounds_is_refused(world):
    report = observation_import(
        rows=[
            {
                "zone": "南山区",
                "indicator": "gdp_growth",
                "year": 2023,
                "value": "75",
                "source": "bulletin-2023",
            }
        ],
        dry_run=False,
    )
    assert [(e.row, e.column) for e in report.rejected] == [(2, "value")]
    assert "50" in report.rejected[0].message


def test_no_file_and_an_unreadable_path_are_reported_not_raised(world, tmp_path):
    assert "No file" in observation_import(dry_run=True).rejected[0].message
    report = observation_import(file=tmp_path / "missing.csv", dry_run=True)
    assert "Cannot read" in report.rejected[0].message


def write_big_file(path, *, rows: int, bad_last_row: bool = False) -> None:
    zones = ZoneFactory.create_batch(20)
    indicators = IndicatorFactory.create_batch(50)
    years = range(2024 - rows // (len(zones) * len(indicators)) + 1, 2025)
    body = list(grid_rows(zones=zones, indicators=indicators, years=years, name=by_name))
    if bad_last_row:
        body.append([zones[0].slug, indicators[0].code, 2000, "-5", "bulletin-2023"])
    write_csv_rows(path, body)


def by_name(indicator):
    return indicator.name_zh


def test_a_file_of_10000_rows_imports_in_one_transaction_with_bulk_queries(world, tmp_path):
    path = tmp_path / "big.csv"
    write_big_file(path, rows=10_000)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        report = observation_import(file=path, dry_run=False)
    elapsed = time.perf_counter() - started
    assert report.written, report.rejected[:3]
    assert len(report.created) == 10_000
    assert Observation.objects.count() == 10_001
    sql = [q["sql"].upper() for q in queries.captured_queries]
    # One transaction: the test runs inside one already, so the import opens one savepoint.
    assert sum(s.startswith("SAVEPOINT") for s in sql) == 1
    # Bulk writes: batches of rows and of history (SQLite's parameter limit makes its batches
    # smaller than PostgreSQL's), never a query per row.
    assert len(sql) < 10_000 / 20, len(sql)
    assert elapsed < 60

    again = observation_import(file=path, dry_run=False)
    assert (len(again.created), len(again.updated), len(again.unchanged)) == (0, 0, 10_000)


def test_a_bad_last_row_in_10001_rows_writes_none_of_them(world, tmp_path):
    path = tmp_path / "big-bad.csv"
    write_big_file(path, rows=10_000, bad_last_row=True)
    before = observation_dump()
    report = observation_import(file=path, dry_run=False)
    assert not report.written
    assert [(e.row, e.column) for e in report.rejected] == [(10_002, "value")]
    assert observation_dump() == before
    assert Indicator.objects.count() == 53


def run_command(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_observations", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return 1, out.getvalue(), err.getvalue() + str(exc)
    return 0, out.getvalue(), err.getvalue()


def test_command_imports_a_file_with_progress_and_summary(world):
    status, out, err = run_command(str(DATA / "observations_good.csv"))
    assert status == 0
    assert "created 4, 更新 updated 1" in out
    assert "[#" in err  # the progress bar
    assert Observation.objects.count() == 5


def test_command_fails_listing_the_bad_row_and_writes_nothing(world):
    before = observation_dump()
    status, out, err = run_command(str(DATA / "bad_share_130.csv"))
    assert status == 1
    assert "row 4" in err
    assert "column “value”" in err
    assert "nothing was written" in err
    assert observation_dump() == before


def test_command_dry_run_writes_nothing(world):
    before = observation_dump()
    status, out, _ = run_command(str(DATA / "observations_good.csv"), "--dry-run")
    assert status == 0
    assert "dry run" in out
    assert observation_dump() == before


def test_command_takes_a_default_source_and_refuses_an_unknown_one(world):
    SourceFactory(key="yearbook-2023")
    status, _, err = run_command(str(DATA / "observations_good_zh.csv"), "--source", "nope")
    assert status == 1
    assert "nope" in err
    status, _, _ = run_command(str(DATA / "observations_good_zh.csv"), "--source", "yearbook-2023")
    assert status == 0


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_command_writes_a_file_that_imports_back_unchanged(world, tmp_path, suffix):
    import_file("observations_good.csv")
    path = tmp_path / f"out.{suffix}"
    out = io.StringIO()
    call_command("export_observations", str(path), "--zone", "hangzhou-binjiang", stdout=out)
    assert "2 " in out.getvalue()
    report = observation_import(file=path, dry_run=True)
    assert report.ok, report.rejected
    assert [(c.zone, c.period) for c in report.unchanged] == [
        ("hangzhou-binjiang", "9M"),
        ("hangzhou-binjiang", "FY"),
    ]


class TableUnits:
    """A unit policy built on the project's unit table: the plug-in point issue 6 will use."""

    def to_indicator_unit(self, *, value, unit, indicator):
        from indicators.importers.observations import RowValueError
        from indicators.units import UnitError, convert

        try:
            return convert(value, from_unit=unit or indicator.unit, to_unit=indicator.unit)
        except UnitError as exc:
            raise RowValueError(str(exc)) from exc


def test_a_unit_policy_plugs_in_conversion_and_keeps_the_figure_as_reported(world):
    rows = [
        {"zone": "南山区", "indicator": "gdp", "year": 2022, "value": "0.85", "unit": "万亿元"},
        {"zone": "南山区", "indicator": "gdp", "year": 2021, "value": "7", "unit": "公斤"},
    ]
    strict = observation_import(rows=rows, dry_run=True, default_source=world["source"])
    assert [(e.row, e.column) for e in strict.rejected] == [(2, "unit"), (3, "unit")]

    converting = observation_import(
        rows=rows[:1], dry_run=False, default_source=world["source"], unit_policy=TableUnits()
    )
    assert converting.written, converting.rejected
    stored = Observation.objects.get(year=2022)
    assert (stored.value, stored.as_reported) == (Decimal("8500"), "0.85万亿元")
    refused = observation_import(
        rows=rows[1:], dry_run=True, default_source=world["source"], unit_policy=TableUnits()
    )
    assert "公斤" in refused.rejected[0].message
