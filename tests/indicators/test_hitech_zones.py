"""Loading the national high-tech zones' figures (fixtures/hitech) through the bulletin load."""

import csv
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core import serializers
from django.core.management import call_command

from indicators.bulletin_services import bulletin_load
from indicators.cohort_services import DERIVED_PREFIX
from indicators.importers.qualifiers import qualifier_of
from indicators.models import CohortStatistic, Observation, Qualifier, Source
from zones.models import Zone

FILE = Path(settings.BASE_DIR) / "fixtures" / "hitech" / "hitech_zones.csv"
PUBLIC = Path(settings.BASE_DIR) / "fixtures" / "bulletins" / "public_bulletins.csv"
DATA = Path(__file__).resolve().parent.parent / "data" / "hitech"
ROWS = list(csv.DictReader(FILE.open(encoding="utf-8")))
COHORT = "national-hightech-zones"


def load(path: Path = FILE, **options):
    return bulletin_load(file=path, filename=path.name, dry_run=False, **options)


@pytest.fixture
def loaded(seeded_db):
    """The database as ``make run`` leaves it: fixtures, public bulletins, then this file."""
    load(PUBLIC)
    return load()


def value_of(zone: str, indicator: str, year: int, period: str = "FY") -> Observation:
    return Observation.objects.get(
        zone__slug=zone, indicator__code=indicator, year=year, period=period
    )


def errors_of(report, row: int) -> list:
    return [error for error in report.rejected if error.row == row]


def test_the_project_file_is_a_copy_of_the_shared_file_with_179_rows():
    assert len(ROWS) == 179
    assert sum(1 for row in ROWS if not row["year"]) == 9


def test_every_row_is_stored_or_refused_and_the_counts_add_up_to_179(loaded):
    report = loaded
    assert report.written and report.file_errors == []
    stored = [*report.created, *report.updated, *report.unchanged]
    refused = {error.row for error in report.rejected}
    assert len(stored) + report.refused_rows == report.total_rows == 179
    assert {change.row for change in stored}.isdisjoint(refused)
    assert {change.row for change in stored} | refused == set(range(2, 181))
    assert all(error.message for error in report.rejected)
    assert "rows 179" in report.summary()
    assert f"refused {report.refused_rows}" in report.summary()


def test_the_command_after_the_public_bulletins_prints_the_summary(seeded_db):
    call_command("load_bulletins", stdout=StringIO(), stderr=StringIO())
    out, err = StringIO(), StringIO()
    call_command("load_bulletins", str(FILE), stdout=out, stderr=err)
    assert "rows 179" in out.getvalue()
    assert "cohort statistics 22" in out.getvalue()
    assert "row 34" in err.getvalue()  # 张江高新区's area, no year


def test_loading_again_changes_nothing(loaded):
    def dump():
        return serializers.serialize(
            "json",
            [
                *Observation.objects.order_by("pk"),
                *Observation.history.order_by("pk"),
                *CohortStatistic.objects.order_by("pk"),
                *CohortStatistic.history.order_by("pk"),
                *Source.objects.order_by("pk"),
            ],
        )

    before = dump()
    load(PUBLIC)
    again = load()
    assert (len(again.created), len(again.updated)) == (0, 0)
    assert len(again.unchanged) + again.refused_rows == 179
    assert (again.sources_created, again.derived_means) == (0, [])
    assert dump() == before


def test_a_row_without_a_year_is_refused_naming_the_row_and_the_reason(loaded):
    # Row 34: 张江高新区, 建成面积约420平方公里, "YEAR NOT STATED".
    (error,) = errors_of(loaded, 34)
    assert (error.column, error.value) == ("year", "")
    assert "not stated" in error.message
    assert not Observation.objects.filter(
        zone__slug="zhangjiang-hightech-zone", indicator__code="area"
    )
    no_year = {number for number, row in enumerate(ROWS, start=2) if not row["year"]}
    assert no_year == {34, 48, 67, 78, 133, 134, 143, 175, 180}
    assert all(errors_of(loaded, number)[0].column == "year" for number in no_year)


@pytest.mark.parametrize(
    ("zone", "indicator", "year", "period", "value", "as_reported"),
    [
        # trillion yuan, billion yuan, milliards RMB -> 亿元
        ("zhongguancun", "operating_revenue", 2020, "FY", "72000", "7.2 trillion yuan"),
        ("chengdu-hightech-zone", "gdp", 2021, "FY", "2800.6", "280.06 billion yuan"),
        ("chengdu-hightech-zone", "gdp", 2019, "FY", "2285.6", "228.56 milliards RMB"),
        ("zhongguancun", "operating_revenue", 2022, "FY", "87000", "8.7万亿元"),
        # 万家 -> 家, 人 -> 万人, 名 -> 位, 亿美元 stays in dollars
        ("zhongguancun", "hightech_enterprises", 2022, "FY", "17000", "1.7万家"),
        ("chengdu-hightech-zone", "population", 2021, "FY", "58.9211", "589211人"),
        ("chengdu-hightech-zone", "hightech_zone_rank", 2021, "FY", "6", "6名"),
        ("suzhou-industrial-park", "fdi_utilised", 2023, "FY", "19.5", "19.5亿美元"),
    ],
)
def test_each_unit_is_converted_and_the_figure_kept_as_written(
    loaded, zone, indicator, year, period, value, as_reported
):
    stored = value_of(zone, indicator, year, period)
    assert stored.value == Decimal(value)
    assert stored.as_reported == as_reported


@pytest.mark.parametrize(
    ("row", "unit"),
    [(172, "billion USD"), (76, "亿美元"), (177, "billion yuan")],
)
def test_dollars_and_yuan_without_an_exchange_rate_are_refused_with_the_reason(loaded, row, unit):
    # Hefei's and Suzhou's trade in dollars (the indicator is in yuan), Xiamen's foreign
    # investment in yuan (the indicator is in dollars): no source gives the rate.
    (error,) = errors_of(loaded, row)
    assert (error.column, error.value) == ("unit", unit)
    assert "exchange rate" in error.message


def test_each_scope_is_its_own_zone_and_its_own_series(loaded):
    def gdp(slug):
        return set(
            Observation.objects.filter(zone__slug=slug, indicator__code="gdp").values_list(
                "year", "period", "value"
            )
        )

    # 杭州高新区 (the zone alone), 杭州高新区(滨江) (zone and district combined), 滨江区
    assert gdp("hangzhou-hightech-zone") == {(2022, "11M", Decimal("1565.3"))}
    assert (2023, "9M", Decimal("1765.8")) in gdp("hangzhou-hightech-binjiang")
    assert {period for _, period, _ in gdp("hangzhou-binjiang")} == {"9M"}  # document 004
    # 广州开发区 keeps its own 2020 figure; the row naming 广州开发区/黄埔区 is refused
    assert gdp("guangzhou-development-district") == {(2020, "FY", Decimal("3104.43"))}
    (error,) = errors_of(loaded, 169)
    assert (error.column, error.value) == ("zone", "广州开发区/黄埔区")
    # 张江科学城 (the core park) is not the Zhangjiang zone
    assert value_of("shanghai-zhangjiang", "operating_revenue", 2022).value == Decimal("11780")
    zhangjiang = Zone.objects.get(slug="zhangjiang-hightech-zone")
    assert value_of(zhangjiang.slug, "operating_revenue", 2023).value == Decimal("96000")
    assert [z.slug for z in zhangjiang.same_territory.all()] == ["shanghai-zhangjiang"]
    # the combined scopes of Wuxi and Suzhou
    assert value_of("wuxi-hightech-xinwu", "gdp", 2024).value == Decimal("2645.28")
    assert value_of("suzhou-hightech-huqiu", "gdp", 2021).value == Decimal("1675.8")


def test_zhongguancuns_enterprise_scopes_are_never_one_chained_series(loaded):
    def revenue(slug):
        return set(
            Observation.objects.filter(
                zone__slug=slug, indicator__code="operating_revenue"
            ).values_list("year", "period")
        )

    assert revenue("zhongguancun") == {(2020, "FY"), (2022, "FY")}
    assert revenue("zhongguancun-key-enterprises") == {(2023, "4M"), (2023, "H1"), (2024, "11M")}
    assert revenue("zhongguancun-hightech-enterprises") == {(2021, "FY")}
    assert revenue("zhongguancun-above-scale-hightech") == {(2021, "7M")}
    scopes = Zone.objects.get(slug="zhongguancun").same_territory.values_list("slug", flat=True)
    assert set(scopes) == {
        "zhongguancun-key-enterprises",
        "zhongguancun-hightech-enterprises",
        "zhongguancun-above-scale",
        "zhongguancun-above-scale-hightech",
    }


def test_the_rank_indicator_sorts_ascending_in_the_ranking(loaded, client):
    response = client.get(
        "/api/v1/rankings/", {"indicator": "hightech_zone_rank", "year": 2021, "period": "FY"}
    )
    assert response.status_code == 200
    rows = [(row["zone"], row["value"], row["rank"]) for row in response.json()["rows"]]
    assert rows == [
        ("chengdu-hightech-zone", 6, 1),
        ("hefei-hightech-zone", 8, 2),
        ("jinan-hightech-zone", 10, 3),
        ("dongguan-songshan-lake", 25, 4),
    ]


def test_the_rows_for_all_zones_land_as_statistics_of_the_cohort(loaded):
    statistics = CohortStatistic.objects.filter(cohort__slug=COHORT)
    counts = dict(statistics.filter(indicator__code="zone_count").values_list("year", "value"))
    assert counts == {2019: 169, 2020: 169, 2021: 169, 2022: 173, 2023: 178, 2024: 178}
    gdp_2019 = statistics.get(indicator__code="gdp", year=2019, statistic="total")
    assert (gdp_2019.value, gdp_2019.as_reported) == (Decimal("122000"), "12.2万亿元")
    share = statistics.get(indicator__code="gdp", year=2019, statistic="share_of_national")
    assert share.value == Decimal("12.3")
    nine_months = statistics.get(indicator__code="gdp", year=2023, statistic="total")
    assert nine_months.period == "9M"
    # No zone is made of them.
    assert not Zone.objects.filter(name_zh__startswith="全国").exists()
    assert not Observation.objects.filter(note__contains="169家国家高新区").exists()


def test_the_cohorts_mean_is_derived_from_its_total_and_says_so(loaded):
    mean = CohortStatistic.objects.get(
        cohort__slug=COHORT, indicator__code="gdp", year=2021, statistic="mean"
    )
    assert mean.value == Decimal("905.33")  # 15.3万亿元 / 169
    assert mean.as_reported.startswith(DERIVED_PREFIX)
    assert mean.qualifier == Qualifier.APPROXIMATE
    revenue = CohortStatistic.objects.get(
        cohort__slug=COHORT, indicator__code="operating_revenue", year=2021, statistic="mean"
    )
    assert revenue.qualifier == Qualifier.AT_LEAST  # "expected to exceed 48 trillion"


def test_the_benchmark_compares_a_zone_with_the_cohorts_derived_means(loaded, client):
    response = client.get("/api/v1/benchmark/", {"zone": "chengdu-hightech-zone", "cohort": COHORT})
    assert response.status_code == 200
    (row,) = [row for row in response.json()["rows"] if row["indicator"] == "gdp"]
    assert (row["year"], row["zone_value"], row["cohort_value"]) == (2021, 2800.6, 905.33)


def test_where_sources_disagree_the_more_reliable_or_final_figure_wins(loaded):
    # Shenzhen's 2020 revenue: a mirror (row 20) against an aggregator (row 146).
    assert value_of("shenzhen-hightech-zone", "operating_revenue", 2020).value == Decimal(
        "20687.05"
    )
    (error,) = errors_of(loaded, 146)
    assert "Row 20" in error.message
    # Xi'an's 2022 GDP: the preliminary 3000 (row 103) gives way to the final 3104.3.
    assert value_of("xian-hightech-zone", "gdp", 2022).value == Decimal("3104.3")
    assert "final" in errors_of(loaded, 103)[0].message
    # All zones' 2020 GDP: 13.6 trillion (media, row 136) over 12.2 (aggregator, row 32).
    total = CohortStatistic.objects.get(
        cohort__slug=COHORT, indicator__code="gdp", year=2020, statistic="total"
    )
    assert total.value == Decimal("136000")


def test_a_figure_another_file_gives_from_a_worse_source_stays_beside_the_better_one(loaded):
    # Row 150 gives 杭州高新区(滨江)'s 2021 GDP from a mirror; the public bulletins stored the
    # same figure from a semi-official page first: both are kept, the semi-official preferred.
    assert errors_of(loaded, 150) == []
    stored = value_of("hangzhou-hightech-binjiang", "gdp", 2021)
    assert stored.source.reliability == "semi_official"
    every = Observation.all_sources.filter(
        zone__slug="hangzhou-hightech-binjiang", indicator__code="gdp", year=2021, period="FY"
    )
    assert sorted(every.values_list("source__reliability", "preferred")) == [
        ("mirror", False),
        ("semi_official", True),
    ]
    # 广州开发区's 2020 GDP from the same page in both files: stored once, its note kept.
    gdd = value_of("guangzhou-development-district", "gdp", 2020)
    # (this file's note says "reposting 《...》", the public bulletins' "repost of ...")
    assert "repost of" in gdd.note
    assert "reposting" not in gdd.note


def test_bounds_and_approximations_are_read_from_the_wording(loaded):
    assert value_of("wuhan-east-lake-hightech-zone", "gdp", 2024).qualifier == Qualifier.AT_LEAST
    assert value_of("suzhou-industrial-park", "hightech_enterprises", 2023).qualifier == (
        Qualifier.APPROXIMATE
    )
    # "园区生产总值约7852.55亿元,同比增长13.6%": the 约 is the GDP's, not the growth rate's.
    assert value_of("shenzhen-hightech-zone", "gdp_growth", 2020).qualifier == Qualifier.EXACT
    assert value_of("shenzhen-hightech-zone", "gdp", 2020).qualifier == Qualifier.EXACT


def test_the_phrase_is_kept_as_the_figures_locator(loaded):
    stored = value_of("zhengzhou-hightech-zone", "hightech_zone_rank", 2019)
    assert stored.locator == "郑州高新区在20名的基础上提升3位,达到第17名"


@pytest.mark.parametrize(
    ("value", "unit", "phrase", "note", "expected"),
    [
        ("3200", "亿元", "全年地区生产总值突破3200亿元,同比增长7.1%", "", Qualifier.AT_LEAST),
        ("7.1", "%", "全年地区生产总值突破3200亿元,同比增长7.1%", "", Qualifier.EXACT),
        ("10", "%", "全年预计工业增加值增速10%左右", "", Qualifier.APPROXIMATE),
        ("1000", "亿元", "松山湖正式突破千亿大关", "", Qualifier.AT_LEAST),
        ("1000", "家", "home to 1,000 national-level companies", '"more than"', Qualifier.AT_LEAST),
        ("13", "%", "contributed about 13 percent of China's GDP", "", Qualifier.APPROXIMATE),
        ("3686.0", "亿元", "实现地区生产总值3686.0亿元,同比增长5.9%", "", Qualifier.EXACT),
    ],
)
def test_qualifier_of_reads_the_words_next_to_the_figure(value, unit, phrase, note, expected):
    assert qualifier_of(value=value, unit=unit, phrase=phrase, note=note) == expected


def test_a_steward_loads_next_years_figures_in_the_same_format(loaded):
    report = load(DATA / "next_year.csv")
    assert (len(report.created), report.refused_rows) == (3, 0)
    assert value_of("chengdu-hightech-zone", "hightech_zone_rank", 2025).value == 5
    mean = CohortStatistic.objects.get(
        cohort__slug=COHORT, indicator__code="gdp", year=2025, statistic="mean"
    )
    assert mean.value == Decimal("1016.85")  # 18.1万亿元 / 178
    assert [change.year for change in report.derived_means] == [2025]
