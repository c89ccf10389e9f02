from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from indicators.models import Observation, Period, ValueType
from tests.factories import IndicatorFactory, ObservationFactory, SourceFactory, ZoneFactory

pytestmark = pytest.mark.django_db


def share_indicator():
    return IndicatorFactory(
        code="secondary_share", name_zh="第二产业占比", unit="%", value_type=ValueType.SHARE
    )


def test_database_rejects_a_second_observation_for_the_same_zone_indicator_year_period():
    first = ObservationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ObservationFactory(
            zone=first.zone, indicator=first.indicator, year=first.year, period=first.period
        )
    assert Observation.objects.count() == 1


def test_same_year_in_another_period_is_a_different_observation():
    first = ObservationFactory(period=Period.FULL_YEAR)
    ObservationFactory(zone=first.zone, indicator=first.indicator, year=first.year, period="9M")
    assert Observation.objects.count() == 2


def test_database_rejects_a_share_of_120_percent():
    with pytest.raises(IntegrityError), transaction.atomic():
        ObservationFactory(indicator=share_indicator(), value=Decimal("120"))
    assert not Observation.objects.exists()


def test_database_accepts_a_share_of_100_percent():
    ObservationFactory(indicator=share_indicator(), value=Decimal("100"))
    assert Observation.objects.count() == 1


def test_database_rejects_a_negative_amount():
    with pytest.raises(IntegrityError), transaction.atomic():
        ObservationFactory(value=Decimal("-1"))


@pytest.mark.parametrize("year", [1800, 2200])
def test_database_rejects_a_year_outside_the_sane_range(year):
    with pytest.raises(IntegrityError), transaction.atomic():
        ObservationFactory(year=year)


def test_database_rejects_an_observation_without_a_figure_as_reported():
    with pytest.raises(IntegrityError), transaction.atomic():
        ObservationFactory(as_reported="")


def test_database_rejects_an_observation_without_a_source():
    zone, indicator = ZoneFactory(), IndicatorFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Observation.objects.create(
            zone=zone,
            indicator=indicator,
            year=2024,
            value=1,
            value_type="amount",
            as_reported="1亿元",
            source_id=None,
        )


def test_clean_copies_the_value_type_from_the_indicator_and_rejects_a_share_above_100():
    observation = Observation(
        zone=ZoneFactory(),
        indicator=share_indicator(),
        year=2024,
        value=Decimal("130"),
        as_reported="130%",
        source=SourceFactory(),
    )
    with pytest.raises(ValidationError) as excinfo:
        observation.full_clean()
    assert "value" in excinfo.value.message_dict
    assert observation.value_type == ValueType.SHARE


def test_str_runs_no_query(django_assert_num_queries):
    observation = ObservationFactory()
    fresh = Observation.objects.get(pk=observation.pk)
    with django_assert_num_queries(0):
        str(fresh)
