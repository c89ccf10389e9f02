"""Every kind of write starts a new data generation, so cached page data never goes stale."""

from decimal import Decimal

import pytest

from common.cache import data_generation
from indicators.services import observation_import
from tests.factories import CohortFactory, IndicatorFactory, ObservationFactory, ZoneFactory

pytestmark = pytest.mark.django_db(transaction=True)


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


def _import_row(*, zone_slug: str, indicator_code: str):
    """A new zone, and an import row giving it a figure of a new indicator (12 in 2020)."""
    zone, indicator = ZoneFactory(slug=zone_slug), IndicatorFactory(code=indicator_code)
    source = ObservationFactory().source
    row = {"zone": zone.slug, "indicator": indicator.code, "year": "2020", "value": "12"}
    return zone, {**row, "source": source.key}


def test_a_bulk_import_starts_a_new_generation():
    zone, row = _import_row(zone_slug="z-1", indicator_code="gdp_test")
    before = data_generation()
    report = observation_import(rows=[row], dry_run=False)
    assert report.written, report.rejected
    assert data_generation() > before
    assert zone.observations.get().value == Decimal("12")


def test_a_dry_run_keeps_the_generation():
    _zone, row = _import_row(zone_slug="z-2", indicator_code="gdp_test2")
    before = data_generation()
    observation_import(rows=[row], dry_run=True)
    assert data_generation() == before
