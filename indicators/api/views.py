"""API views of the indicator catalogue, sources and observations.

Views parse (the model's FilterSet), call a selector, and render.
"""

from common.api.views import ModelEndpoint, model_endpoint_schema
from indicators.api.serializers import (
    FindingSerializer,
    IndicatorSerializer,
    ObservationSerializer,
    SourceSerializer,
)
from indicators.filters import (
    FindingFilterSet,
    IndicatorFilterSet,
    ObservationFilterSet,
    SourceFilterSet,
)
from indicators.models import Finding, Indicator, Source
from indicators.selectors import observation_queryset


@model_endpoint_schema(IndicatorFilterSet, "code", "指标代码 / indicator code")
class IndicatorViewSet(ModelEndpoint):
    """指标目录 / The indicator catalogue."""

    queryset = Indicator.objects.prefetch_related("aliases")
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet
    lookup_field = "code"
    tabular_filename = "indicators"


@model_endpoint_schema(SourceFilterSet, "key", "来源标识 / source key")
class SourceViewSet(ModelEndpoint):
    """来源 / Documents, bulletins and datasets the figures come from."""

    queryset = Source.objects.order_by("key")
    serializer_class = SourceSerializer
    filterset_class = SourceFilterSet
    lookup_field = "key"
    tabular_filename = "sources"


@model_endpoint_schema(ObservationFilterSet, "id", "观测值编号 / observation id")
class ObservationViewSet(ModelEndpoint):
    """观测值 / One value of one indicator for one zone in one year and period."""

    serializer_class = ObservationSerializer
    filterset_class = ObservationFilterSet
    lookup_field = "id"
    tabular_filename = "observations"

    def get_queryset(self):
        # Every source's figures: the filter set keeps the preferred ones unless sources=all.
        return (
            observation_queryset(all_sources=True)
            .with_open_check()
            .order_by("zone__slug", "indicator__code", "year", "id")
        )


@model_endpoint_schema(FindingFilterSet, "id", "检查结果编号 / finding id")
class FindingViewSet(ModelEndpoint):
    """一致性检查结果 / Consistency findings: what a check compared, and the resolution.

    Anyone reads; a steward with the change permission sets ``resolution`` and its note.
    """

    serializer_class = FindingSerializer
    filterset_class = FindingFilterSet
    # Findings are written by the checks: the API reads them and takes a resolution.
    http_method_names = ["get", "patch", "head", "options"]
    lookup_field = "id"
    tabular_filename = "checks"

    def get_queryset(self):
        return Finding.objects.select_related(
            "observation__zone", "observation__indicator"
        ).order_by("kind", "observation__zone__slug", "observation__indicator__code", "id")
