"""Loading the public statistical bulletins (fixtures/bulletins) through the observation import."""

import csv
import hashlib
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command

from indicators.bulletin_services import bulletin_load
from indicators.management.commands.load_bulletins import DEFAULT_FILE
from indicators.models import Observation, Period, Reliability, Source, SourceKind
from indicators.selectors import observation_queryset
from tests.conftest import FIXTURES
from zones.models import Zone

DATA = Path(__file__).resolve().parent.parent / "data" / "bulletins"
SHIPPED_ROWS = list(csv.DictReader(DEFAULT_FILE.open(encoding="utf-8")))


def load(path: Path = DEFAULT_FILE, **options):
    return bulletin_load(file=path, filename=path.name, dry_run=False, **options)


def bulletin_observations():
    return Observation.all_sources.filter(source__key__startswith="bulletin-")


def dump() -> str:
    """Every stored row the load could touch, with its history, as one comparable text."""
    objects = [
        *Observation.all_sources.order_by("pk"),
        *Observation.history.order_by("pk"),
        *Source.objects.order_by("pk"),
        *Source.history.order_by("pk"),
        *Zone.objects.order_by("pk"),
    ]
    return serializers.serialize("json", objects)


@pytest.fixture
def loaded(seeded_db):
    return load()


def test_the_project_file_is_a_copy_of_the_bulletin_file_with_170_rows():
    assert len(SHIPPED_ROWS) == 170
    assert len({row["zone"] for row in SHIPPED_ROWS}) == 21


def test_every_row_of_the_file_is_stored_or_refused_with_a_reason(loaded):
    report = loaded
    assert report.written
    assert report.file_errors == []
    stored = len(report.created) + len(report.updated) + len(report.unchanged)
    assert stored + report.refused_rows == report.total_rows == 170
    assert stored == 170
    assert bulletin_observations().count() == stored
    assert all(error.message for error in report.rejected)
    rows = {change.row for change in [*report.created, *report.updated, *report.unchanged]}
    assert rows.isdisjoint({error.row for error in report.rejected})
    assert rows | {error.row for error in report.rejected} == set(range(2, 172))


PUDONG_SEI_2024 = {
    "zone__slug": "shanghai-pudong",
    "indicator__code": "sei_industrial_output_share",
    "year": 2024,
    "period": Period.FULL_YEAR,
}


def test_both_pudong_2024_shares_are_kept_and_the_official_one_is_preferred(loaded):
    # Row 15: Pudong's 2024 SEI share, 53.6% in the government's work report (official), is
    # stored beside the 56% of the CCID study (document 002, research), not refused.
    assert loaded.rejected == []
    figures = {
        obs.source.key: (obs.value, obs.source.reliability, obs.preferred)
        for obs in Observation.all_sources.filter(**PUDONG_SEI_2024).select_related("source")
    }
    official = Source.objects.get(url__contains="pudong.gov.cn/zwgk/zfbg/2025").key
    assert figures == {
        official: (Decimal("53.6"), Reliability.OFFICIAL, True),
        "doc-002-ccid-urban-new-centres": (Decimal("56"), Reliability.RESEARCH, False),
    }
    # Everything that ranks or charts reads the preferred figure only.
    assert Observation.objects.get(**PUDONG_SEI_2024).value == Decimal("53.6")


def test_the_command_prints_the_counts_and_refuses_nothing(seeded_db):
    out, err = StringIO(), StringIO()
    call_command("load_bulletins", stdout=out, stderr=err)
    assert "rows 170" in out.getvalue()
    assert "created 170" in out.getvalue()
    assert "refused 0" in out.getvalue()
    assert err.getvalue() == ""


def test_units_are_converted_into_the_indicators_unit_and_the_figure_kept_as_written(loaded):
    pudong_gdp = Observation.objects.get(
        zone__slug="shanghai-pudong", indicator__code="gdp", year=2024, period=Period.FULL_YEAR
    )
    assert pudong_gdp.value == Decimal("17800")
    assert pudong_gdp.as_reported == "1.78万亿元"
    putuo_people = Observation.objects.get(
        zone__slug="shanghai-putuo", indicator__code="population", year=2020
    )
    assert putuo_people.value == Decimal("123.98")
    assert putuo_people.as_reported == "1239800人"
    assert putuo_people.note == "七普 2020-11-01 census; unit 人"


@pytest.mark.parametrize(
    ("filename", "column", "value"),
    [
        ("unknown_unit.csv", "unit", "亿日元"),
        ("unknown_zone.csv", "zone", "深圳坪山区"),
        ("unknown_indicator.csv", "indicator", "数字经济核心产业增加值"),
        ("unknown_source_kind.csv", "source_kind", "blog"),
    ],
)
def test_an_unknown_name_unit_or_kind_is_a_row_error_naming_it(seeded_db, filename, column, value):
    report = load(DATA / filename)
    assert [(e.row, e.column, e.value) for e in report.rejected] == [
        (3 if filename != "unknown_source_kind.csv" else 2, column, value)
    ]
    assert value in report.rejected[0].message
    # The other row of the file is loaded: a refused row is reported, not fatal.
    assert bulletin_observations().count() == len(report.created)


def test_strict_refuses_the_whole_file_for_one_bad_row(seeded_db):
    with pytest.raises(CommandError):
        call_command(
            "load_bulletins", str(DATA / "unknown_zone.csv"), "--strict", stderr=StringIO()
        )
    assert not bulletin_observations().exists()
    assert not Source.objects.filter(key__startswith="bulletin-").exists()


def test_a_file_without_the_bulletin_columns_fails_and_writes_nothing(seeded_db):
    with pytest.raises(CommandError):
        call_command(
            "load_bulletins",
            str(DATA / "missing_columns.csv"),
            stdout=StringIO(),
            stderr=StringIO(),
        )
    assert not bulletin_observations().exists()


def test_a_dry_run_reports_the_counts_and_writes_nothing(seeded_db):
    before = dump()
    report = bulletin_load(file=DEFAULT_FILE, dry_run=True)
    assert (len(report.created), report.refused_rows, report.written) == (170, 0, False)
    assert dump() == before


def test_loading_twice_changes_nothing(loaded):
    before = dump()
    again = load()
    assert (len(again.created), len(again.updated), len(again.unchanged)) == (0, 0, 170)
    assert again.sources_created == 0
    assert dump() == before


def test_one_source_per_address_with_its_reliability_kind_and_a_stable_key(loaded):
    urls = {row["source_url"] for row in SHIPPED_ROWS if row["source_url"]}
    sources = Source.objects.filter(key__startswith="bulletin-")
    assert set(sources.exclude(url="").values_list("url", flat=True)) == urls
    cadz = sources.get(url="https://www.cadz.org.cn/index.php/news/info/id/33498.html")
    assert cadz.key == "bulletin-" + hashlib.sha1(cadz.url.encode()).hexdigest()[:12]
    assert (cadz.reliability, cadz.kind) == (
        Reliability.SEMI_OFFICIAL,
        SourceKind.STATISTICAL_BULLETIN,
    )
    report = sources.get(url="https://www.pudong.gov.cn/zwgk/zfbg/2025/77/339245.html")
    assert (report.reliability, report.kind) == (Reliability.OFFICIAL, SourceKind.GOVERNMENT_REPORT)
    # The three Pudong rows whose copy had no address share one source, marked as such.
    (no_address,) = sources.filter(url="")
    assert no_address.reliability == Reliability.MIRROR
    assert no_address.observations.count() == 3


def test_the_two_scopes_of_one_territory_stay_two_zones_and_two_series(loaded):
    district = Zone.objects.get(name_zh="广州市黄埔区")
    development_zone = Zone.objects.get(slug="guangzhou-development-district")
    assert district != development_zone
    assert list(district.same_territory.all()) == [development_zone]
    assert list(development_zone.same_territory.all()) == [district]
    gdp = {
        zone: dict(
            observation_queryset(zones=[zone], indicators=["gdp"]).values_list("year", "value")
        )
        for zone in (district.slug, development_zone.slug)
    }
    assert gdp[development_zone.slug] == {2020: Decimal("3104.43")}
    assert gdp[district.slug] == {2021: Decimal("2925.74"), 2023: Decimal("2038.18"), 2024: 4339}


def test_filtering_to_official_sources_drops_the_others(loaded, client):
    official_rows = [row for row in SHIPPED_ROWS if row["source_kind"] == "official"]
    official = observation_queryset(reliabilities=["official"]).filter(
        source__key__startswith="bulletin-"
    )
    # Every official row, Pudong's row 15 included (preferred over the research figure).
    assert official.count() == len(official_rows)
    assert bulletin_observations().count() > official.count()
    assert set(official.values_list("source__reliability", flat=True)) == {"official"}

    response = client.get("/api/v1/observations/", {"reliability": "official", "page_size": 1000})
    assert response.status_code == 200
    results = response.json()["results"]
    assert {row["reliability"] for row in results} == {"official"}
    assert len(results) == observation_queryset(reliabilities=["official"]).count()
    everything = client.get("/api/v1/observations/", {"page_size": 1000}).json()["results"]
    assert {row["reliability"] for row in everything} > {"official"}


def test_part_year_figures_are_stored_for_their_own_period(loaded):
    periods = set(
        bulletin_observations()
        .filter(zone__slug="shenzhen-longgang", indicator__code="gdp")
        .values_list("year", "period")
    )
    assert periods == {(2020, "H1"), (2022, "9M"), (2023, "FY"), (2024, "9M")}
    # The document's full-year 2024 GDP stays beside the bulletin's nine-month figure.
    assert Observation.objects.filter(
        zone__slug="shenzhen-longgang", indicator__code="gdp", year=2024, period="FY"
    ).exists()
    assert Observation.objects.filter(
        zone__slug="shenzhen-longgang", indicator__code="budget_revenue", year=2021, period="5M"
    ).exists()
    assert Observation.objects.filter(zone__slug="hangzhou-xiaoshan", period="8M").count() == 3


def test_a_source_shared_by_several_rows_is_titled_after_the_document_it_names(db):
    call_command("loaddata", *FIXTURES, verbosity=0)
    call_command("load_bulletins", stdout=StringIO(), stderr=StringIO())
    pudong_report = Source.objects.get(url__contains="pudong.gov.cn/zwgk/zfbg/2025")
    assert "政府工作报告" in pudong_report.title
    assert pudong_report.observations.count() >= 1


def test_loading_the_fixtures_again_after_the_bulletins_keeps_the_preference(loaded):
    # A second `make run` loads the documents' fixtures over the loaded bulletins: document
    # 002's 56% is saved again and its slot settled again, the official 53.6% still preferred.
    call_command("loaddata", *FIXTURES, verbosity=0)
    assert Observation.all_sources.filter(**PUDONG_SEI_2024).count() == 2
    assert Observation.objects.get(**PUDONG_SEI_2024).value == Decimal("53.6")
