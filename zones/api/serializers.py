"""Serializers of zones and cohorts."""

from rest_framework import serializers

from common.api.serializers import FullCleanMixin, NumericDecimalsMixin
from indicators.models import CohortStatistic
from zones.models import DESCRIPTIVE_FIELDS, Cohort, Zone


class ZoneSerializer(NumericDecimalsMixin, FullCleanMixin, serializers.ModelSerializer):
    lead_industries = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    cohorts = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    same_territory = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")

    class Meta:
        model = Zone
        fields = [*DESCRIPTIVE_FIELDS, "lead_industries", "cohorts", "same_territory"]


class CohortMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = Zone
        fields = ["slug", "name_zh", "name_en"]


class CohortStatisticSerializer(NumericDecimalsMixin, serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code")
    unit = serializers.CharField(read_only=True)  # the statistic's own (%, ×, count)
    source = serializers.CharField(source="source.key")
    reliability = serializers.CharField(source="source.reliability")

    class Meta:
        model = CohortStatistic
        fields = [
            "indicator",
            "unit",
            "year",
            "period",
            "statistic",
            "threshold",
            "value",
            "qualifier",
            "as_reported",
            "source",
            "reliability",
            "locator",
        ]


class CohortSerializer(serializers.ModelSerializer):
    source = serializers.CharField(source="source.key")
    members = CohortMemberSerializer(many=True)
    statistics = CohortStatisticSerializer(many=True)

    class Meta:
        model = Cohort
        fields = [
            "slug",
            "name_zh",
            "name_en",
            "description",
            "reported_member_count",
            "source",
            "members",
            "statistics",
        ]
