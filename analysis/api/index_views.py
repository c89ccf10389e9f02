"""API views of the composite index: ``/index/`` (a scheme applied to a year, period and peer
set, with optional sensitivity and rank shifts) and ``/schemes/`` (the schemes themselves)."""

from dataclasses import asdict

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from analysis.api.index_serializers import (
    CompositeIndexSerializer,
    IndexParams,
    SchemeSerializer,
    flat_rows,
)
from analysis.api.views import analysis_schema
from analysis.index import index_computation, index_result, scheme_queryset, structure_of
from analysis.index_sensitivity import rank_shifts_against, sensitivity_of
from common.api.schema import path_parameter
from common.api.views import AnalysisViewMixin, CatalogueViewMixin


def index_data(args: dict) -> dict:
    """The body of ``/api/v1/index/`` for validated ``IndexParams``: the index computed once,
    its sensitivity and rank shifts read from that computation."""
    peer = {key: args.get(key) for key in ("kind", "region", "cohort")}
    base = {"scheme": args["scheme"], "year": args["year"], "period": args["period"], **peer}
    computation = index_computation(**base, weights=args.get("weights"))
    data = asdict(index_result(computation))
    if args.get("sensitivity"):
        data["sensitivity"] = asdict(sensitivity_of(computation, draws=args["draws"]))
    if args.get("compare"):
        data["compare"] = args["compare"]
        data["shifts"] = [
            asdict(shift) for shift in rank_shifts_against(computation, args["compare"])
        ]
    return data


class IndexView(AnalysisViewMixin, APIView):
    """综合指数 / A composite index: each zone's index, dimension scores, rank of n and
    coverage, or why it is not ranked; optionally rank ranges and rank shifts."""

    tabular_filename = "index"

    @analysis_schema(IndexParams, CompositeIndexSerializer)
    def get(self, request):
        params = IndexParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = index_data(params.validated_data)
        if self.tabular:
            rows = flat_rows(data)
            self.columns = list(rows[0]) if rows else ["zone"]
            return Response(rows)
        return Response(data)

    def get_tabular_header(self):
        return getattr(self, "columns", None)


@extend_schema(responses=SchemeSerializer)
class SchemeViewSet(CatalogueViewMixin, viewsets.GenericViewSet):
    """评价体系 / Evaluation schemes: dimensions, weights (and whether each is verified),
    indicators, normalisation, aggregation and the missing-data rule."""

    renderer_classes = [JSONRenderer]
    serializer_class = SchemeSerializer
    lookup_field = "slug"
    pagination_class = None  # type: ignore[assignment]  # every scheme on one page

    def get_queryset(self):
        return scheme_queryset()

    def list(self, request):
        schemes = [asdict(structure_of(scheme)) for scheme in self.get_queryset()]
        return Response(SchemeSerializer(schemes, many=True).data)

    @extend_schema(parameters=[path_parameter("slug", "评价体系标识 / scheme slug")])
    def retrieve(self, request, slug=None):
        return Response(SchemeSerializer(asdict(structure_of(self.get_object()))).data)
