"""The world of the denominator tests (``per=``): three zones, one without an area."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import call_command

from indicators.models import Indicator, Reliability
from tests.factories import ObservationFactory, SourceFactory, ZoneFactory

# (zone, indicator, year, value): alpha's area is of 2020 (carried to 2023), gamma has none.
FIGURES = [
    ("alpha", "gdp", 2023, "1000"),
    ("alpha", "area", 2020, "40"),
    ("alpha", "population", 2023, "50"),
    ("alpha", "budget_revenue", 2023, "80"),
    ("beta", "gdp", 2023, "2500"),
    ("beta", "area", 2023, "64"),
    ("beta", "population", 2023, "120"),
    ("beta", "budget_revenue", 2023, "200"),
    ("gamma", "gdp", 2023, "3000"),
    ("gamma", "budget_revenue", 2023, "90"),
    ("alpha", "rd_intensity", 2023, "3"),
]


@pytest.fixture
def per_world(db):
    call_command("loaddata", "sources", "indicators", verbosity=0)
    bulletin = SourceFactory(key="bulletin", reliability=Reliability.OFFICIAL)
    gazetteer = SourceFactory(key="gazetteer", reliability=Reliability.SEMI_OFFICIAL)
    indicators = {ind.code: ind for ind in Indicator.objects.all()}
    zones = {slug: ZoneFactory(slug=slug) for slug in ("alpha", "beta", "gamma")}
    for slug, code, year, value in FIGURES:
        ObservationFactory(
            zone=zones[slug],
            indicator=indicators[code],
            year=year,
            value=Decimal(value),
            as_reported=f"{value}",
            source=gazetteer if code == "area" else bulletin,
        )
    cache.clear()
    return zones
