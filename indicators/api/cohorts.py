"""The cohort endpoint: a cohort (zones.Cohort) with its members and the statistics reported
for it (indicators.CohortStatistic). It lives here, above both, because it nests the two."""

from django.db.models import Prefetch
from rest_framework import serializers, viewsets

from common.api.serializers import NumericDecimalsMixin
from common.api.views import CatalogueViewMixin, model_endpoint_schema
from indicators.models import CohortStatistic
from zones.filters import CohortFilterSet
from zones.models import Cohort, Zone


class CohortMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = Zone
        fields = ["slug", "name_zh", "name_en"]


class CohortStatisticSerializer(NumericDecimalsMixin, serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code")
    unit = serializers.CharField(read_only=True)  # the statistic's own (%, ×, count)
    source = serializers.CharField(source="source.key")  # type: ignore[assignment]
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
    # Fields named "source" shadow Field.source, which the stubs type as a string.
    source = serializers.CharField(source="source.key")  # type: ignore[assignment]
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


@model_endpoint_schema(CohortFilterSet, "slug", "对标组标识 / cohort slug")
class CohortViewSet(CatalogueViewMixin, viewsets.ReadOnlyModelViewSet):
    """对标组 / Peer groups, with their known members and the statistics reported for them."""

    serializer_class = CohortSerializer
    filterset_class = CohortFilterSet
    lookup_field = "slug"
    tabular_filename = "cohorts"

    def get_queryset(self):
        return (
            Cohort.objects.select_related("source")
            .prefetch_related(
                Prefetch("members", queryset=Zone.objects.order_by("slug")),
                Prefetch(
                    "statistics",
                    queryset=CohortStatistic.objects.select_related("indicator", "source"),
                ),
            )
            .order_by("slug")
        )
