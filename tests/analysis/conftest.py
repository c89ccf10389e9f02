"""A hand-made five-zone set for the peers question."""

from decimal import Decimal

import pytest

from indicators.models import ValueType
from tests.factories import IndicatorFactory, ObservationFactory, SourceFactory, ZoneFactory

# zone -> {indicator: value}; "gdp" is a size (an amount), the others are size-free
FIVE = {
    "a": {"s1": 10, "s2": 20, "g": 5, "gdp": 100},
    "b": {"s1": 12, "s2": 22, "g": 6, "gdp": 9000},
    "c": {"s1": 30, "s2": 40, "g": 10, "gdp": 100},
    "d": {"s1": 10, "s2": 20, "gdp": 100},  # no growth figure: missing, not zero
    "e": {"s1": 50},  # shares one indicator with a: too little to be called similar
}


@pytest.fixture
def five(db):
    source = SourceFactory(key="hand")
    indicators = {
        "s1": IndicatorFactory(code="s1", unit="%", value_type=ValueType.SHARE, sort_order=1),
        "s2": IndicatorFactory(code="s2", unit="%", value_type=ValueType.SHARE, sort_order=2),
        "g": IndicatorFactory(code="g", unit="%", value_type=ValueType.RATE, sort_order=3),
        "gdp": IndicatorFactory(code="gdp", value_type=ValueType.AMOUNT, sort_order=4),
    }
    for slug, values in FIVE.items():
        zone = ZoneFactory(slug=slug)
        for code, value in values.items():
            ObservationFactory(
                zone=zone, indicator=indicators[code], value=Decimal(value), source=source
            )
    return indicators
