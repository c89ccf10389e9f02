"""API views of zones and cohorts."""

from django.db.models import Prefetch
from rest_framework import viewsets

from common.api.views import CatalogueViewMixin, ModelEndpoint, model_endpoint_schema
from indicators.models import CohortStatistic
from zones.api.serializers import CohortSerializer, ZoneSerializer
from zones.filters import CohortFilterSet, ZoneFilterSet
from zones.models import Cohort, Zone


@model_endpoint_schema(ZoneFilterSet, "slug", "园区标识 / zone slug")
class ZoneViewSet(ModelEndpoint):
    """园区 / Zones, parks and districts."""

    queryset = Zone.objects.with_related().order_by("slug")
    serializer_class = ZoneSerializer
    filterset_class = ZoneFilterSet
    lookup_field = "slug"
    tabular_filename = "zones"


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
