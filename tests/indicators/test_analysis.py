from dataclasses import asdict
from decimal import Decimal

import pytest

from analysis.benchmark import zone_benchmark
from analysis.compare import compare, to_wide
from analysis.ranking import zone_ranking
from analysis.recent import most_recent_values
from common.errors import BadParameter, UnknownCode
from indicators.models import Direction, Period, Reliability, Statistic
from tests.factories import (
    CohortFactory,
    CohortStatisticFactory,
    IndicatorFactory,
    ObservationFactory,
    SourceFactory,
    ZoneFactory,
)
from zones.models import Region, ZoneKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def gdp():
    return IndicatorFactory(code="gdp", name_zh="地区生产总值", name_en="GDP", unit="亿元")


def observe(zone, indicator, value, year=2023, **kwargs):
    return ObservationFactory(
        zone=zone, indicator=indicator, value=Decimal(str(value)), year=year, **kwargs
    )


def test_ranking_orders_higher_is_better_descending_with_shared_min_rank_for_ties(gdp):
    for slug, value in [("a", 300), ("b", 500), ("c", 300), ("d", 100)]:
        observe(ZoneFactory(slug=slug), gdp, value)

    ranking = zone_ranking(indicator="gdp", year=2023)

    assert ranking.n == 4
    assert [(r.zone, r.rank) for r in ranking.rows] == [("b", 1), ("a", 2), ("c", 2), ("d", 4)]
    assert [r.percentile for r in ranking.rows] == [100.0, pytest.approx(66.7), 66.7, 0.0]
    assert all(r.n == 4 for r in ranking.rows)


def test_ranking_of_a_lower_is_better_indicator_is_ascending():
    energy = IndicatorFactory(code="energy_intensity", direction=Direction.LOWER_IS_BETTER)
    for slug, value in [("a", 0.3), ("b", 0.1), ("c", 0.2)]:
        observe(ZoneFactory(slug=slug), energy, value)
    ranking = zone_ranking(indicator="energy_intensity", year=2023)
    assert [r.zone for r in ranking.rows] == ["b", "c", "a"]
    assert ranking.indicator.direction == "lower"


def test_ranking_never_mixes_a_nine_month_figure_into_the_full_year_ranking(gdp):
    observe(ZoneFactory(slug="fy"), gdp, 100)
    observe(ZoneFactory(slug="nine"), gdp, 900, period=Period.M9)

    full_year = zone_ranking(indicator="gdp", year=2023)
    nine_months = zone_ranking(indicator="gdp", year=2023, period="9M")

    assert [r.zone for r in full_year.rows] == ["fy"]
    assert [r.zone for r in nine_months.rows] == ["nine"]
    assert nine_months.period == "9M"


def test_ranking_peer_set_narrowed_by_kind_region_and_cohort_is_described(gdp):
    east = ZoneFactory(slug="east", region=Region.EAST, kind=ZoneKind.DISTRICT)
    west = ZoneFactory(slug="west", region=Region.WEST, kind=ZoneKind.DISTRICT)
    park = ZoneFactory(slug="park", region=Region.EAST, kind=ZoneKind.NATIONAL_HIGHTECH_ZONE)
    for zone in (east, west, park):
        observe(zone, gdp, 100)
    cohort = CohortFactory(slug="centres", name_zh="城市新中心", name_en="New centres")
    cohort.members.add(east, west)

    by_region = zone_ranking(indicator="gdp", year=2023, region="east")
    by_kind = zone_ranking(indicator="gdp", year=2023, kind="district", region="east")
    by_cohort = zone_ranking(indicator="gdp", year=2023, cohort="centres")

    assert {r.zone for r in by_region.rows} == {"east", "park"}
    assert [r.zone for r in by_kind.rows] == ["east"]
    assert {r.zone for r in by_cohort.rows} == {"east", "west"}
    assert by_cohort.n == 2
    assert by_cohort.peer_set["cohort"] == "centres"
    assert "城市新中心" in by_cohort.peer_set["label_zh"]
    assert by_region.peer_set["region"] == "east"
    assert zone_ranking(indicator="gdp", year=2023).peer_set["label_en"] == "all zones"


def test_ranking_gives_each_zone_its_ratio_to_every_reported_cohort_mean(gdp):
    observe(ZoneFactory(slug="a"), gdp, 300)
    CohortStatisticFactory(
        cohort=CohortFactory(slug="east-52"), indicator=gdp, year=2023, value=Decimal("150")
    )
    CohortStatisticFactory(
        cohort=CohortFactory(slug="other"), indicator=gdp, year=2022, value=Decimal("1")
    )
    CohortStatisticFactory(
        cohort=CohortFactory(slug="median-only"),
        indicator=gdp,
        year=2023,
        statistic=Statistic.MEDIAN,
        value=Decimal("10"),
    )

    ranking = zone_ranking(indicator="gdp", year=2023)

    assert ranking.rows[0].cohort_ratios == {"east-52": 2.0}
    assert [a.cohort for a in ranking.cohort_averages] == ["east-52"]
    assert ranking.cohort_averages[0].value == 150.0


def test_ranking_rows_carry_provenance_and_serialise_to_plain_json_types(gdp):
    source = SourceFactory(key="bulletin", reliability=Reliability.SEMI_OFFICIAL)
    observe(ZoneFactory(slug="a"), gdp, 5901.27, as_reported="5901.27亿元", source=source)
    data = asdict(zone_ranking(indicator="gdp", year=2023))
    row = data["rows"][0]
    assert row["as_reported"] == "5901.27亿元"
    assert row["source"] == "bulletin"
    assert row["reliability"] == "semi_official"
    assert row["qualifier"] == "exact"
    assert type(row["value"]) is float
    assert type(row["rank"]) is int


def test_ranking_rejects_unknown_indicator_cohort_and_period_naming_each():
    IndicatorFactory(code="gdp")
    with pytest.raises(UnknownCode) as error:
        zone_ranking(indicator="gnp", year=2023)
    assert error.value.param == "indicator"
    with pytest.raises(UnknownCode) as error:
        zone_ranking(indicator="gdp", year=2023, cohort="nobody")
    assert error.value.param == "cohort"
    with pytest.raises(UnknownCode) as error:
        zone_ranking(indicator="gdp", year=2023, period="FY2")
    assert error.value.param == "period"
    with pytest.raises(UnknownCode) as error:
        zone_ranking(indicator="gdp", year=2023, region="mars")
    assert error.value.param == "region"


def test_most_recent_values_gives_each_zones_latest_year(gdp):
    a, b = ZoneFactory(slug="a"), ZoneFactory(slug="b")
    observe(a, gdp, 1, year=2020)
    observe(a, gdp, 2, year=2022)
    observe(b, gdp, 3, year=2024)
    observe(b, gdp, 4, year=2025, period=Period.H1)

    values = most_recent_values(indicator="gdp")

    assert [(v.zone, v.year, v.value) for v in values] == [("a", 2022, 2.0), ("b", 2024, 3.0)]
    assert values[0].source and values[0].as_reported


def test_compare_long_frame_covers_zones_indicators_years_in_one_period(gdp):
    share = IndicatorFactory(code="tertiary_share", unit="%", value_type="share")
    a, b = ZoneFactory(slug="a"), ZoneFactory(slug="b")
    for year in (2021, 2022):
        observe(a, gdp, 100 + year, year=year)
        observe(b, share, 50, year=year)
    observe(a, gdp, 1, year=2022, period=Period.H1)

    frame = compare(zones=["a", "b"], indicators=["gdp", "tertiary_share"], year_from=2022)

    assert sorted(zip(frame["zone"], frame["indicator"], frame["year"], strict=True)) == [
        ("a", "gdp", 2022),
        ("b", "tertiary_share", 2022),
    ]
    assert set(frame["period"]) == {"FY"}


def test_to_wide_has_one_row_per_zone_year_and_leaves_missing_cells_empty(gdp):
    share = IndicatorFactory(code="tertiary_share", unit="%", value_type="share")
    a, b = ZoneFactory(slug="a"), ZoneFactory(slug="b")
    observe(a, gdp, 10, year=2022)
    observe(a, share, 40, year=2022)
    observe(b, gdp, 20, year=2022, as_reported="20亿元")

    wide = to_wide(compare(zones=["a", "b"], indicators=["gdp", "tertiary_share"]))
    assert list(wide.columns) == [
        "zone",
        "zone_name_zh",
        "zone_name_en",
        "year",
        "period",
        "gdp",
        "tertiary_share",
    ]
    rows = wide.to_dict("records")
    assert rows[0]["gdp"] == 10.0 and rows[0]["tertiary_share"] == 40.0
    assert rows[1]["gdp"] == 20.0 and rows[1]["tertiary_share"] is None

    with_provenance = to_wide(
        compare(zones=["a", "b"], indicators=["gdp", "tertiary_share"]), provenance=True
    )
    assert with_provenance.loc[1, "gdp__as_reported"] == "20亿元"
    assert with_provenance.loc[1, "tertiary_share__source"] is None


def test_compare_requires_zones_and_rejects_unknown_ones(gdp):
    with pytest.raises(BadParameter) as error:
        compare(zones=[], indicators=["gdp"])
    assert error.value.param == "zones"
    with pytest.raises(UnknownCode) as error:
        compare(zones=["nowhere"], indicators=["gdp"])
    assert error.value.param == "zone"


def test_benchmark_pairs_zone_and_cohort_mean_in_the_same_year_with_ratio_and_gap(gdp):
    energy = IndicatorFactory(code="energy", direction=Direction.LOWER_IS_BETTER, sort_order=9)
    unshared = IndicatorFactory(code="unshared")
    zone = ZoneFactory(slug="nanshan")
    cohort = CohortFactory(slug="east-52")
    observe(zone, gdp, 300, year=2022)
    observe(zone, gdp, 330, year=2023)
    observe(zone, energy, 0.5, year=2023)
    observe(zone, unshared, 1, year=2023)
    CohortStatisticFactory(cohort=cohort, indicator=gdp, year=2022, value=Decimal("150"))
    CohortStatisticFactory(cohort=cohort, indicator=energy, year=2023, value=Decimal("0.4"))

    benchmark = zone_benchmark(zone="nanshan", cohort="east-52")

    rows = {row.indicator: row for row in benchmark.rows}
    assert set(rows) == {"gdp", "energy"}
    assert rows["gdp"].year == 2022
    assert rows["gdp"].zone_value == 300.0 and rows["gdp"].cohort_value == 150.0
    assert rows["gdp"].ratio == 2.0 and rows["gdp"].gap == 150.0
    assert rows["gdp"].ahead is True
    assert rows["energy"].ahead is False
    assert rows["energy"].ratio == 1.25
    assert [row.indicator for row in benchmark.rows] == ["gdp", "energy"]

    only_2023 = zone_benchmark(zone="nanshan", cohort="east-52", year=2023)
    assert [row.indicator for row in only_2023.rows] == ["energy"]


def test_benchmark_rejects_unknown_zone_and_cohort():
    CohortFactory(slug="east-52")
    ZoneFactory(slug="nanshan")
    with pytest.raises(UnknownCode) as error:
        zone_benchmark(zone="atlantis", cohort="east-52")
    assert error.value.param == "zone"
    with pytest.raises(UnknownCode) as error:
        zone_benchmark(zone="nanshan", cohort="nobody")
    assert error.value.param == "cohort"


@pytest.mark.parametrize(
    "direction", [Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER, Direction.NEUTRAL]
)
def test_zone_standings_rank_ties_and_direction_exactly_as_zone_ranking(direction):
    from analysis.standings import zone_standings

    indicator = IndicatorFactory(code="score", direction=direction)
    for slug, value in [("a", 5), ("b", 7), ("c", 7), ("d", 1), ("e", 3)]:
        observe(ZoneFactory(slug=slug), indicator, value)
    observe(ZoneFactory(slug="late"), indicator, 100, year=2024)  # another year: not a peer
    ranking = {row.zone: row for row in zone_ranking(indicator="score", year=2023).rows}
    for slug in "abcde":
        [standing] = zone_standings(zone=slug, selections=[("score", 2023, "FY")])
        row = ranking[slug]
        assert (standing.rank, standing.n, standing.percentile) == (
            row.rank,
            row.n,
            row.percentile,
        )
    best = "d" if direction == Direction.LOWER_IS_BETTER else "b"
    assert zone_standings(zone=best, selections=[("score", 2023, "FY")])[0].rank == 1
    assert zone_standings(zone="a", selections=[("nope", 2023, "FY"), ("score", 2022, "FY")]) == []
