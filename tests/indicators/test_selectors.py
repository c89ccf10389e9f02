from decimal import Decimal

import pytest

from indicators.models import Period, Reliability, Status
from indicators.selectors import (
    FRAME_COLUMNS,
    BadParameter,
    UnknownCode,
    check_codes,
    latest_observations,
    observation_frame,
    observation_queryset,
)
from tests.factories import IndicatorFactory, ObservationFactory, SourceFactory, ZoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gdp():
    return IndicatorFactory(code="gdp", name_zh="地区生产总值", unit="亿元")


def test_observation_queryset_filters_zone_indicator_years_period_source_status(gdp):
    zone = ZoneFactory(slug="nanshan")
    other_zone = ZoneFactory(slug="futian")
    official = SourceFactory(key="bulletin", reliability=Reliability.OFFICIAL)
    media = SourceFactory(key="news", reliability=Reliability.MEDIA)
    wanted = ObservationFactory(zone=zone, indicator=gdp, year=2022, source=official)
    ObservationFactory(zone=zone, indicator=gdp, year=2021, source=official)
    ObservationFactory(zone=zone, indicator=gdp, year=2022, period=Period.M9, source=official)
    ObservationFactory(zone=other_zone, indicator=gdp, year=2022, source=official)
    ObservationFactory(zone=zone, indicator=gdp, year=2023, source=media)
    ObservationFactory(zone=zone, year=2022, source=official)  # another indicator

    queryset = observation_queryset(
        zones=["nanshan"],
        indicators=["gdp"],
        year_from=2022,
        year_to=2023,
        periods=["FY"],
        sources=["bulletin"],
        statuses=[Status.REPORTED],
        reliabilities=[Reliability.OFFICIAL],
    )

    assert list(queryset) == [wanted]


def test_observation_queryset_joins_zone_indicator_and_source_in_one_query(
    gdp, django_assert_num_queries
):
    for _ in range(5):
        ObservationFactory(indicator=gdp)
    with django_assert_num_queries(1):
        rows = [(o.zone.slug, o.indicator.code, o.source.key) for o in observation_queryset()]
    assert len(rows) == 5


def test_observation_queryset_rejects_unknown_period_naming_the_parameter():
    with pytest.raises(UnknownCode) as error:
        observation_queryset(periods=["FY", "13M"])
    assert error.value.param == "period"
    assert "13M" in error.value.message


def test_observation_queryset_rejects_a_reversed_year_range():
    with pytest.raises(BadParameter) as error:
        observation_queryset(year_from=2024, year_to=2020)
    assert error.value.param == "year_from"


def test_observation_frame_has_the_contract_columns_and_float_values(gdp):
    source = SourceFactory(key="bulletin", title="南山统计公报")
    ObservationFactory(
        zone=ZoneFactory(slug="nanshan", name_zh="南山区", name_en="Nanshan"),
        indicator=gdp,
        year=2023,
        value=Decimal("8500.5"),
        as_reported="8500.5亿元",
        source=source,
        locator="第一段",
    )

    frame = observation_frame(indicators=["gdp"])

    assert list(frame.columns) == FRAME_COLUMNS
    row = frame.iloc[0].to_dict()
    assert row["zone"] == "nanshan"
    assert row["zone_name_zh"] == "南山区"
    assert row["value"] == 8500.5
    assert isinstance(row["value"], float)
    assert row["as_reported"] == "8500.5亿元"
    assert row["source"] == "bulletin"
    assert row["source_title"] == "南山统计公报"
    assert row["reliability"] == Reliability.OFFICIAL
    assert row["locator"] == "第一段"
    assert row["period"] == "FY"
    assert row["year"] == 2023


def test_observation_frame_with_no_match_is_empty_with_the_contract_columns(gdp):
    frame = observation_frame(indicators=["gdp"], year_from=1990, year_to=1991)
    assert frame.empty
    assert list(frame.columns) == FRAME_COLUMNS


def test_observation_frame_leaves_missing_years_absent_not_zero(gdp):
    zone = ZoneFactory()
    ObservationFactory(zone=zone, indicator=gdp, year=2020)
    ObservationFactory(zone=zone, indicator=gdp, year=2022)
    frame = observation_frame(zones=[zone.slug], indicators=["gdp"])
    assert list(frame["year"]) == [2020, 2022]
    assert (frame["value"] > 0).all()


def test_observation_frame_rejects_an_unknown_zone_naming_it(gdp):
    with pytest.raises(UnknownCode) as error:
        observation_frame(zones=["atlantis"], indicators=["gdp"])
    assert error.value.param == "zone"
    assert "atlantis" in error.value.message


def test_check_codes_names_the_unknown_indicator():
    IndicatorFactory(code="gdp")
    check_codes(indicators=["gdp"])
    with pytest.raises(UnknownCode) as error:
        check_codes(indicators=["gdp", "gnp"])
    assert error.value.param == "indicator"
    assert error.value.value == ["gnp"]


def test_latest_observations_gives_each_zones_latest_year_in_the_asked_period(gdp):
    early, late = ZoneFactory(slug="early"), ZoneFactory(slug="late")
    ObservationFactory(zone=early, indicator=gdp, year=2019)
    ObservationFactory(zone=early, indicator=gdp, year=2021)
    ObservationFactory(zone=early, indicator=gdp, year=2023, period=Period.M9)
    ObservationFactory(zone=late, indicator=gdp, year=2024)

    latest = {o.zone.slug: o.year for o in latest_observations(indicators=["gdp"])}
    assert latest == {"early": 2021, "late": 2024}

    nine_months = {
        o.zone.slug: o.year for o in latest_observations(indicators=["gdp"], period="9M")
    }
    assert nine_months == {"early": 2023}


def test_latest_observations_respects_year_to(gdp):
    zone = ZoneFactory()
    ObservationFactory(zone=zone, indicator=gdp, year=2019)
    ObservationFactory(zone=zone, indicator=gdp, year=2023)
    assert [o.year for o in latest_observations(indicators=["gdp"], year_to=2020)] == [2019]


def test_latest_observations_runs_one_query_for_many_zones(gdp, django_assert_num_queries):
    for index in range(6):
        zone = ZoneFactory()
        ObservationFactory(zone=zone, indicator=gdp, year=2020 + index)
        ObservationFactory(zone=zone, indicator=gdp, year=2010)
    with django_assert_num_queries(1):
        rows = [(o.zone.slug, o.year, o.source.key) for o in latest_observations()]
    assert len(rows) == 6
    assert all(year != 2010 for _, year, _ in rows)
