"""Input serializers: the query parameters of the analysis endpoints, parsed and validated."""

from rest_framework import serializers

from common.api.params import CodeListParam, YearRangeMixin, year_field
from indicators.models import Period, Reliability
from zones.models import Region, ZoneKind


def period_field():
    return serializers.ChoiceField(
        choices=Period.choices, default=Period.FULL_YEAR, help_text="期间 / period (default FY)"
    )


def reliability_field():
    return CodeListParam(
        choices=Reliability.values,
        required=False,
        help_text="只用这些可靠性的来源 / only sources of these reliabilities (comma-separated)",
    )


def kind_field():
    return serializers.ChoiceField(
        choices=ZoneKind.choices, required=False, help_text="只比较此类园区 / peer set: this kind"
    )


def region_field():
    return serializers.ChoiceField(
        choices=Region.choices, required=False, help_text="只比较此区域 / peer set: this region"
    )


def cohort_field():
    return serializers.SlugField(
        required=False, help_text="只比较此对标组的已知成员 / peer set: known members of a cohort"
    )


def per_field():
    return serializers.ChoiceField(
        choices=[("km2", "km2"), ("resident", "resident"), ("gdp", "gdp")],
        required=False,
        help_text=(
            "除以面积、常住人口或 GDP / divide by the zone's area (km², latest up to the year), "
            "resident population or GDP of the same year; amounts and counts only (400 naming "
            "per otherwise). Absent: the figures as reported"
        ),
    )


class RankingParams(serializers.Serializer):
    indicator = serializers.SlugField(help_text="指标代码 / indicator code")
    year = year_field(help_text="年份 / year")
    period = period_field()
    kind = kind_field()
    region = region_field()
    cohort = cohort_field()
    reliability = reliability_field()
    peers = CodeListParam(
        required=False,
        help_text="自选同类园区：只比较这些园区 / an ad-hoc peer set: only these zones",
    )
    per = per_field()


class MostRecentParams(serializers.Serializer):
    indicator = serializers.SlugField(help_text="指标代码 / indicator code")
    period = period_field()
    zone = CodeListParam(required=False, help_text="园区标识 / zone slugs (comma-separated)")
    year_to = year_field(required=False, help_text="不晚于此年 / latest up to this year")
    reliability = reliability_field()


class CompareParams(YearRangeMixin, serializers.Serializer):
    zone = CodeListParam(help_text="园区标识 / zone slugs (comma-separated)")
    indicator = CodeListParam(help_text="指标代码 / indicator codes (comma-separated)")
    year_from = year_field(required=False, help_text="起始年份（含）/ first year")
    year_to = year_field(required=False, help_text="截止年份（含）/ last year")
    period = period_field()
    shape = serializers.ChoiceField(
        choices=[("long", "long (tidy)"), ("wide", "wide")],
        default="long",
        help_text="long: one row per value; wide: one row per zone and year",
    )
    per = per_field()


class BenchmarkParams(serializers.Serializer):
    zone = serializers.SlugField(help_text="园区标识 / zone slug")
    cohort = serializers.SlugField(
        required=False, help_text="对标组标识（或给出 peers）/ cohort slug (or give peers)"
    )
    peers = CodeListParam(
        required=False,
        help_text="自选同类园区：与其中位数（计算值）比较 / an ad-hoc peer set: against its "
        "computed median",
    )
    year = year_field(
        required=False, help_text="年份；缺省为每个指标双方共有的最近年份 / default: latest shared"
    )
    period = period_field()

    def validate(self, attrs):
        if not attrs.get("cohort") and not attrs.get("peers"):
            raise serializers.ValidationError(
                {"cohort": "需要对标组或自选同类园区 / give a cohort or peers"}
            )
        return attrs
