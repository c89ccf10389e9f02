"""Every kind of write starts a new data generation, so cached page data never goes stale."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from common.cache import data_generation
from indicators.services import observation_import
from tests.factories import CohortFactory, IndicatorFactory, ObservationFactory, ZoneFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def test_saving_an_observation_starts_a_new_generation():
    before = data_generation()
    ObservationFactory()
    assert data_generation() > before


def test_deleting_an_observation_starts_a_new_generation():
    observation = ObservationFactory()
    before = data_generation()
    observation.delete()
    assert data_generation() > before


def test_changing_cohort_members_starts_a_new_generation():
    cohort, zone = CohortFactory(), ZoneFactory()
    before = data_generation()
    cohort.members.add(zone)
    assert data_generation() > before


def test_a_bulk_import_starts_a_new_generation():
    zone, indicator = ZoneFactory(slug="z-1"), IndicatorFactory(code="gdp_test")
    source = ObservationFactory().source
    before = data_generation()
    report = observation_import(
        rows=[
            {
                "zone": zone.slug,
                "indicator": indicator.code,
                "year": "2020",
                "value": "12",
                "source": source.key,
            },
        ],
        dry_run=False,
    )
    assert report.written, report.rejected
    assert data_generation() > before
    assert zone.observations.get().value == Decimal("12")


def test_a_dry_run_keeps_the_generation():
    zone, indicator = ZoneFactory(slug="z-2"), IndicatorFactory(code="gdp_test2")
    source = ObservationFactory().source
    before = data_generation()
    observation_import(
        rows=[
            {
                "zone": zone.slug,
                "indicator": indicator.code,
                "year": "2020",
                "value": "12",
                "source": source.key,
            },
        ],
        dry_run=True,
    )
    assert data_generation() == before
