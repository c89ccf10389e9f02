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


def test_database_rejects_a_second_observation_for_the_same_slot_and_source():
    first = ObservationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ObservationFactory(
            zone=first.zone,
            indicator=first.indicator,
            year=first.year,
            period=first.period,
            source=first.source,
        )
    assert Observation.all_sources.count() == 1


def test_database_rejects_a_second_preferred_figure_for_one_slot():
    first = ObservationFactory()  # preferred: alone in its slot
    ObservationFactory(
        zone=first.zone, indicator=first.indicator, year=first.year, period=first.period
    )
    assert Observation.all_sources.count() == 2
    assert Observation.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Observation.all_sources.filter(preferred=False).update(preferred=True)


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


def test_clean_refuses_a_figure_for_a_period_that_has_not_ended():
    from django.utils import timezone

    next_year = timezone.localdate().year + 1
    observation = ObservationFactory.build(
        zone=ZoneFactory(),
        indicator=IndicatorFactory(),
        source=SourceFactory(),
        year=next_year,
        period=Period.H1,
    )
    with pytest.raises(ValidationError) as excinfo:
        observation.full_clean()
    assert "period" in excinfo.value.message_dict


def test_period_has_ended_compares_the_last_month_of_the_period_with_today():
    from datetime import date

    from indicators.models import period_has_ended

    assert period_has_ended(2024, "9M", today=date(2024, 10, 1))
    assert not period_has_ended(2024, "9M", today=date(2024, 9, 30))
    assert not period_has_ended(2024, "FY", today=date(2024, 12, 31))
    assert period_has_ended(2024, "FY", today=date(2025, 1, 1))


def test_indicator_clean_refuses_a_maximum_below_the_minimum():
    indicator = IndicatorFactory.build(min_value=Decimal(10), max_value=Decimal(5))
    with pytest.raises(ValidationError) as excinfo:
        indicator.full_clean()
    assert "max_value" in excinfo.value.message_dict


def test_database_rejects_a_value_of_more_than_15_integer_digits():
    with pytest.raises(IntegrityError), transaction.atomic():
        ObservationFactory(value=Decimal("1000000000000000"))


def test_clean_rejects_a_value_of_more_than_15_integer_digits():
    observation = ObservationFactory.build(
        zone=ZoneFactory(),
        indicator=IndicatorFactory(),
        source=SourceFactory(),
        value=Decimal("1000000000000000"),
    )
    with pytest.raises(ValidationError) as excinfo:
        observation.full_clean()
    assert "value" in excinfo.value.message_dict
