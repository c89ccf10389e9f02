"""A small, realistic data set built with factories: rankings with a tie, a nine-month
figure that must never be ranked with full-year ones, a zone without data, a cohort mean, and a
zone whose name would break the page if it were not escaped."""

from decimal import Decimal

import pytest

from indicators.models import Direction, Period, ValueType
from tests.factories import (
    CohortFactory,
    CohortStatisticFactory,
    IndicatorFactory,
    ObservationFactory,
    SourceFactory,
    ZoneFactory,
)

EVIL_NAME = '</script><script>alert("x")</script>&<b>恶意</b>'


@pytest.fixture
def dataset(db):
    source = SourceFactory(key="bulletin-2024", title="2024年统计公报")
    gdp = IndicatorFactory(
        code="gdp", name_zh="地区生产总值", name_en="GDP", unit="亿元", sort_order=1
    )
    unemployment = IndicatorFactory(
        code="unemployment",
        name_zh="失业率",
        name_en="Unemployment rate",
        unit="%",
        value_type=ValueType.RATE,
        direction=Direction.LOWER_IS_BETTER,
        sort_order=2,
    )
    rd = IndicatorFactory(
        code="rd_intensity",
        name_zh="研发投入强度",
        name_en="R&D intensity",
        unit="%",
        value_type=ValueType.SHARE,
        sort_order=3,
    )
    alpha = ZoneFactory(
        slug="alpha",
        name_zh="甲区",
        name_en="Alpha District",
        latitude=Decimal("22.7"),
        longitude=Decimal("114.2"),
    )
    beta = ZoneFactory(slug="beta", name_zh="乙区", name_en="Beta District")
    gamma = ZoneFactory(slug="gamma", name_zh="丙区", name_en="Gamma District")
    nine = ZoneFactory(slug="ninemonth", name_zh="九月区", name_en="Nine Month District")
    empty = ZoneFactory(slug="empty", name_zh="空白区", name_en="Empty District")
    evil = ZoneFactory(slug="evil", name_zh=EVIL_NAME, name_en=EVIL_NAME)

    def obs(zone, indicator, value, year=2024, period=Period.FULL_YEAR, **extra):
        return ObservationFactory(
            zone=zone,
            indicator=indicator,
            value=Decimal(value),
            year=year,
            period=period,
            source=source,
            **extra,
        )

    obs(alpha, gdp, "3000.5", as_reported="3000.5亿元")
    obs(alpha, gdp, "2800", year=2023)
    obs(beta, gdp, "2000")
    obs(gamma, gdp, "2000")
    obs(evil, gdp, "10")
    obs(nine, gdp, "9999", period=Period.M9, as_reported="前三季度9999亿元")
    obs(alpha, unemployment, "3.1")
    obs(beta, unemployment, "2.5")
    obs(alpha, rd, "5.5")
    obs(beta, rd, "3.0")
    cohort = CohortFactory(
        slug="east-52", name_zh="东部52个城市新中心", name_en="52 eastern centres", source=source
    )
    cohort.members.add(alpha, beta)
    CohortStatisticFactory(
        cohort=cohort, indicator=gdp, year=2024, value=Decimal("1500"), source=source
    )
    CohortStatisticFactory(
        cohort=cohort, indicator=unemployment, year=2024, value=Decimal("3"), source=source
    )
    return {
        "source": source,
        "gdp": gdp,
        "unemployment": unemployment,
        "rd": rd,
        "zones": [alpha, beta, gamma, nine, empty, evil],
        "cohort": cohort,
    }
