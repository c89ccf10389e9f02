"""Serializers of the analysis results (rankings, latest values, comparisons, benchmarks):
the JSON shape and the schema of what the analysis functions return."""

from rest_framework import serializers

from indicators.models import Period
from zones.models import Region, ZoneKind


# The fields a zone's row of a result starts with, and an indicator's entry. Comments, not
# docstrings: drf-spectacular would give a subclass without one its base's as description.
class ZoneNamesSerializer(serializers.Serializer):
    zone = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()


class IndicatorNamesSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    unit = serializers.CharField()


class IndicatorInfoSerializer(IndicatorNamesSerializer):
    direction = serializers.CharField()


class PeerSetSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ZoneKind.choices, allow_null=True)
    region = serializers.ChoiceField(choices=Region.choices, allow_null=True)
    cohort = serializers.CharField(allow_null=True)
    reliabilities = serializers.ListField(
        child=serializers.CharField(),
        allow_null=True,
        help_text="来源可靠性 / the source reliabilities the peer set was limited to",
    )
    peers = serializers.ListField(
        child=serializers.CharField(),
        allow_null=True,
        help_text="自选同类园区 / the zones of an ad-hoc peer set",
    )
    label_zh = serializers.CharField()
    label_en = serializers.CharField()


class CohortAverageSerializer(serializers.Serializer):
    cohort = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    value = serializers.FloatField()
    as_reported = serializers.CharField()
    qualifier = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # shadows Field.source
    reliability = serializers.CharField()


class RankedZoneSerializer(ZoneNamesSerializer):
    value = serializers.FloatField()
    as_reported = serializers.CharField()
    qualifier = serializers.CharField()
    status = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # shadows Field.source
    reliability = serializers.CharField()
    rank = serializers.IntegerField(help_text="1 = best (direction-aware); ties share a rank.")
    n = serializers.IntegerField(help_text="How many zones of the peer set have a value.")
    rank_of_n = serializers.SerializerMethodField()
    percentile = serializers.FloatField(help_text="100 * (n - rank) / (n - 1).")
    cohort_ratios = serializers.DictField(
        child=serializers.FloatField(allow_null=True),
        help_text="Cohort slug -> this zone's value / that cohort's reported mean.",
    )

    computed = serializers.BooleanField(
        help_text="With per: the value is computed (figure ÷ denominator), not reported."
    )
    absolute_value = serializers.FloatField(
        allow_null=True, help_text="With per: the figure before division."
    )
    denominator_indicator = serializers.CharField(
        allow_null=True, help_text="With per: the denominator's indicator (area, population, gdp)."
    )
    denominator_value = serializers.FloatField(allow_null=True)
    denominator_year = serializers.IntegerField(
        allow_null=True, help_text="An area is the latest reported up to the year."
    )
    denominator_as_reported = serializers.CharField(allow_null=True)
    denominator_source = serializers.CharField(allow_null=True)
    denominator_reliability = serializers.CharField(allow_null=True)
    open_check = serializers.BooleanField(
        help_text="A consistency finding about the figure is open (/api/v1/checks/)."
    )

    def get_rank_of_n(self, row) -> str:
        return f"{row['rank']}/{row['n']}"


class CohortDistributionSerializer(serializers.Serializer):
    cohort = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    indicator = serializers.CharField()
    year = serializers.IntegerField()
    period = serializers.CharField()
    n = serializers.IntegerField(help_text="有数值的已知成员数 / known members with a figure")
    members = serializers.IntegerField(help_text="已知成员数 / known members in the data")
    q1 = serializers.FloatField(allow_null=True)
    median = serializers.FloatField(allow_null=True)
    q3 = serializers.FloatField(allow_null=True)
    minimum = serializers.FloatField(allow_null=True)
    maximum = serializers.FloatField(allow_null=True)
    computed = serializers.BooleanField(
        help_text="由成员数值计算，非来源报告 / computed from n members, not reported; "
        "quartiles null below 3 members"
    )


class PerUnitSerializer(serializers.Serializer):
    per = serializers.ChoiceField(choices=["km2", "resident", "gdp"])
    unit = serializers.CharField(help_text="The unit of the divided figure.")
    unit_en = serializers.CharField()
    factor = serializers.FloatField(help_text="value = figure ÷ denominator × factor")
    label_zh = serializers.CharField()
    label_en = serializers.CharField()
    denominator = serializers.CharField(help_text="The denominator's indicator code.")


class UnrankedZoneSerializer(ZoneNamesSerializer):
    absolute_value = serializers.FloatField()
    source = serializers.CharField()  # type: ignore[assignment]  # shadows Field.source
    reason_zh = serializers.CharField()
    reason_en = serializers.CharField()


class RankingSerializer(serializers.Serializer):
    indicator = IndicatorInfoSerializer()
    year = serializers.IntegerField()
    period = serializers.ChoiceField(choices=Period.choices)
    peer_set = PeerSetSerializer()
    n = serializers.IntegerField()
    rows = RankedZoneSerializer(many=True)
    cohort_averages = CohortAverageSerializer(many=True)
    cohort_distributions = CohortDistributionSerializer(many=True)

    per = PerUnitSerializer(allow_null=True, help_text="The denominator, when per is given.")
    not_ranked = UnrankedZoneSerializer(
        many=True, help_text="With per: zones with a figure but no denominator (no data, why)."
    )


class RecentValueSerializer(ZoneNamesSerializer):
    indicator = serializers.CharField()
    unit = serializers.CharField()
    year = serializers.IntegerField(help_text="The year of this zone's latest value.")
    period = serializers.ChoiceField(choices=Period.choices)
    value = serializers.FloatField()
    as_reported = serializers.CharField()
    qualifier = serializers.CharField()
    status = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # shadows Field.source
    reliability = serializers.CharField()


class CompareSerializer(serializers.Serializer):
    shape = serializers.ChoiceField(choices=["long", "wide"])
    period = serializers.ChoiceField(choices=Period.choices)
    zones = serializers.ListField(child=serializers.CharField())
    indicators = serializers.ListField(child=serializers.CharField())
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(
        child=serializers.DictField(allow_null=True),
        help_text=(
            "long: one row per observation (zone, indicator, year, period, value and its "
            "provenance); wide: one row per zone and year, a value column per indicator code "
            "plus <code>__as_reported, <code>__qualifier, <code>__source, <code>__reliability. "
            "A missing value is null, never 0. With per: value is computed (figure ÷ "
            "denominator), unit the divided unit, absolute_value and denominator_* the inputs."
        ),
    )
    per = serializers.CharField(allow_null=True, help_text="The denominator asked for, if any.")
    missing = serializers.ListField(
        child=serializers.DictField(allow_null=True),
        help_text=(
            "With per: the figures whose zone has no denominator (zone, indicator, year, "
            "period, absolute_value, source, reason_zh, reason_en): no data, never a guess."
        ),
    )


class ZoneFigureSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    unit = serializers.CharField()
    direction = serializers.CharField()
    year = serializers.IntegerField()
    period = serializers.ChoiceField(choices=Period.choices)
    zone_value = serializers.FloatField()
    zone_as_reported = serializers.CharField()
    zone_qualifier = serializers.CharField()
    zone_source = serializers.CharField()
    zone_reliability = serializers.CharField()


class BenchmarkRowSerializer(ZoneFigureSerializer):
    cohort_value = serializers.FloatField()
    cohort_as_reported = serializers.CharField()
    cohort_qualifier = serializers.CharField()
    cohort_source = serializers.CharField()
    cohort_reliability = serializers.CharField()
    ratio = serializers.FloatField(allow_null=True, help_text="zone / cohort mean")
    gap = serializers.FloatField(help_text="zone - cohort mean")
    ahead = serializers.BooleanField(
        allow_null=True, help_text="Whether the zone is better, given the direction."
    )
    members_n = serializers.IntegerField(
        help_text="有数值的已知成员数 / the cohort's known members with a figure"
    )
    members_q1 = serializers.FloatField(
        allow_null=True, help_text="由成员计算的下四分位数 / Q1 computed from members_n members"
    )
    members_median = serializers.FloatField(
        allow_null=True, help_text="由成员计算的中位数（非报告值）/ median computed, not reported"
    )
    members_q3 = serializers.FloatField(
        allow_null=True, help_text="由成员计算的上四分位数 / Q3 computed from members_n members"
    )


class PeerBenchmarkRowSerializer(ZoneFigureSerializer):
    peers_n = serializers.IntegerField(help_text="有数值的同类园区数 / peers with a figure")
    peers_q1 = serializers.FloatField(allow_null=True)
    peers_median = serializers.FloatField(
        allow_null=True,
        help_text="由 peers_n 个园区计算，少于 3 个为 null / computed; null below 3",
    )
    peers_q3 = serializers.FloatField(allow_null=True)
    ratio = serializers.FloatField(allow_null=True, help_text="zone / peers' median")
    gap = serializers.FloatField(allow_null=True, help_text="zone - peers' median")
    ahead = serializers.BooleanField(allow_null=True)


class BenchmarkSerializer(serializers.Serializer):
    zone = serializers.CharField()
    zone_name_zh = serializers.CharField()
    zone_name_en = serializers.CharField()
    cohort = serializers.CharField(allow_null=True)
    cohort_name_zh = serializers.CharField(allow_null=True)
    cohort_name_en = serializers.CharField(allow_null=True)
    year = serializers.IntegerField(allow_null=True)
    period = serializers.ChoiceField(choices=Period.choices)
    rows = BenchmarkRowSerializer(many=True)
    peers = serializers.ListField(
        child=serializers.CharField(), allow_null=True, help_text="自选同类园区 / ad-hoc peers"
    )
    peer_rows = PeerBenchmarkRowSerializer(many=True, help_text="与同类园区中位数比较")
