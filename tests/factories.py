"""factory_boy factories for the domain models."""

from decimal import Decimal

import factory

from indicators.models import (
    Category,
    CohortStatistic,
    Direction,
    Indicator,
    Observation,
    Period,
    Reliability,
    Source,
    SourceKind,
    ValueType,
)
from zones.models import Cohort, Region, Zone, ZoneKind


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"统计公报 {n}")
    kind = SourceKind.STATISTICAL_BULLETIN
    reliability = Reliability.OFFICIAL


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zone
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"zone-{n}")
    name_zh = factory.Sequence(lambda n: f"测试区{n}")
    name_en = factory.Sequence(lambda n: f"Test District {n}")
    kind = ZoneKind.DISTRICT
    province = "广东省"
    city = "深圳市"
    region = Region.EAST


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"indicator_{n}")
    name_zh = factory.Sequence(lambda n: f"指标{n}")
    name_en = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "亿元"
    category = Category.ECONOMIC_SCALE
    direction = Direction.HIGHER_IS_BETTER
    value_type = ValueType.AMOUNT


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    zone = factory.SubFactory(ZoneFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    year = 2024
    period = Period.FULL_YEAR
    value = Decimal("100")
    value_type = factory.LazyAttribute(lambda o: o.indicator.value_type)
    as_reported = factory.LazyAttribute(lambda o: f"{o.value}{o.indicator.unit}")
    source = factory.SubFactory(SourceFactory)


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"cohort-{n}")
    name_zh = factory.Sequence(lambda n: f"对标组{n}")
    name_en = factory.Sequence(lambda n: f"Cohort {n}")
    source = factory.SubFactory(SourceFactory)


class CohortStatisticFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CohortStatistic

    cohort = factory.SubFactory(CohortFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    year = 2024
    value = Decimal("100")
    as_reported = factory.LazyAttribute(lambda o: f"{o.value}{o.indicator.unit}")
    source = factory.SubFactory(SourceFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user-{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")
