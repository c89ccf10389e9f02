"""API views of zones (the cohort endpoint, which nests indicator statistics, is in
indicators/api/cohorts.py)."""

from common.api.views import ModelEndpoint, model_endpoint_schema
from zones.api.serializers import ZoneSerializer
from zones.filters import ZoneFilterSet
from zones.models import Zone


@model_endpoint_schema(ZoneFilterSet, "slug", "园区标识 / zone slug")
class ZoneViewSet(ModelEndpoint):
    """园区 / Zones, parks and districts."""

    queryset = Zone.objects.with_related().order_by("slug")
    serializer_class = ZoneSerializer
    filterset_class = ZoneFilterSet
    lookup_field = "slug"
    tabular_filename = "zones"
