from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from indicators.models import Direction, Period, Reliability, Statistic, Status, ValueType
from tests.factories import (
    CohortFactory,
    CohortStatisticFactory,
    IndicatorFactory,
    ObservationFactory,
    SourceFactory,
    ZoneFactory,
)
from zones.models import DevelopmentModel, Region, ZoneKind


@pytest.fixture
def client():
    return APIClient()


@pytest.fixture
def world(db):
    """Three zones, two indicators, a cohort with a reported mean, two sources."""
    bulletin = SourceFactory(key="bulletin", title="统计公报", reliability=Reliability.OFFICIAL)
    news = SourceFactory(key="news", title="新闻", reliability=Reliability.MEDIA)
    gdp = IndicatorFactory(
        code="gdp", name_zh="地区生产总值", name_en="GDP", unit="亿元", sort_order=1
    )
    energy = IndicatorFactory(
        code="energy_intensity",
        name_zh="单位GDP能耗",
        name_en="Energy intensity",
        unit="吨标煤/万元",
        direction=Direction.LOWER_IS_BETTER,
        category="space_green",
        sort_order=2,
    )
    share = IndicatorFactory(
        code="tertiary_share",
        name_zh="第三产业占比",
        name_en="Tertiary share",
        unit="%",
        value_type=ValueType.SHARE,
        category="industry_structure",
        sort_order=3,
    )
    nanshan = ZoneFactory(
        slug="nanshan",
        name_zh="南山区",
        name_en="Nanshan District",
        region=Region.EAST,
        development_model=DevelopmentModel.INNOVATION_DRIVEN,
    )
    longgang = ZoneFactory(
        slug="longgang", name_zh="龙岗区", name_en="Longgang District", region=Region.EAST
    )
    chengdu = ZoneFactory(
        slug="chengdu-hitech",
        name_zh="成都高新区",
        name_en="Chengdu Hi-tech Zone",
        kind=ZoneKind.NATIONAL_HIGHTECH_ZONE,
        province="四川省",
        city="成都市",
        region=Region.WEST,
    )
    cohort = CohortFactory(
        slug="east-52", name_zh="东部52个城市新中心", name_en="52 eastern new centres"
    )
    cohort.members.add(nanshan, longgang)
    CohortStatisticFactory(
        cohort=cohort, indicator=gdp, year=2024, value=Decimal("2481.8"), source=bulletin
    )
    CohortStatisticFactory(
        cohort=cohort,
        indicator=energy,
        year=2024,
        value=Decimal("0.25"),
        as_reported="0.25吨标煤/万元",
        source=bulletin,
    )
    CohortStatisticFactory(
        cohort=cohort,
        indicator=gdp,
        year=2024,
        statistic=Statistic.MEDIAN,
        value=Decimal("2000"),
        source=bulletin,
    )

    def observe(zone, indicator, year, value, **kwargs):
        kwargs.setdefault("source", bulletin)
        return ObservationFactory(
            zone=zone, indicator=indicator, year=year, value=Decimal(str(value)), **kwargs
        )

    observe(nanshan, gdp, 2023, 8000)
    observe(nanshan, gdp, 2024, 8500.5, as_reported="8500.5亿元")
    observe(longgang, gdp, 2024, 5901.27, as_reported="5901.27亿元")
    observe(chengdu, gdp, 2024, 3000, source=news, status=Status.ESTIMATED)
    observe(chengdu, gdp, 2025, 2400, period=Period.M9, as_reported="2400亿元（前三季度）")
    observe(nanshan, energy, 2024, 0.2)
    observe(longgang, energy, 2024, 0.3)
    observe(nanshan, share, 2024, 65.1)
    observe(longgang, share, 2022, 48.0)
    return {
        "gdp": gdp,
        "energy": energy,
        "share": share,
        "nanshan": nanshan,
        "longgang": longgang,
        "chengdu": chengdu,
        "cohort": cohort,
        "bulletin": bulletin,
        "news": news,
    }
