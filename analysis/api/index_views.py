"""API views of the composite index: ``/index/`` (a scheme applied to a year, period and peer
set, with optional sensitivity and rank shifts) and ``/schemes/`` (the schemes themselves)."""

from dataclasses import asdict

from django.http import HttpResponse
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
from analysis.index import (
    CompositeIndex,
    collection_paused,
    index_computation,
    index_result,
    scheme_queryset,
    structure_of,
)
from analysis.index_sensitivity import rank_shifts_against, sensitivity_of
from common.api.schema import path_parameter
from common.api.views import AnalysisViewMixin, CatalogueViewMixin
from common.cache import cached


def index_data(args: dict) -> dict:
    """The body of ``/api/v1/index/`` for validated ``IndexParams``: the index computed once,
    its sensitivity and rank shifts read from that computation."""
    peer = {key: args.get(key) for key in ("kind", "region", "cohort")}
    base = {"scheme": args["scheme"], "year": args["year"], "period": args["period"], **peer}
    computation = index_computation(**base, weights=args.get("weights"))
    data = index_body(index_result(computation))
    if args.get("sensitivity"):
        sensitivity = sensitivity_of(computation, draws=args["draws"])
        data["sensitivity"] = {**vars(sensitivity), "rows": [vars(r) for r in sensitivity.rows]}
    if args.get("compare"):
        data["compare"] = args["compare"]
        shifts = rank_shifts_against(computation, args["compare"])
        data["shifts"] = [vars(shift) for shift in shifts]
    return data


@collection_paused()
def index_body(index: CompositeIndex) -> dict:
    """``dataclasses.asdict(index)`` written out: the same dict, without ``asdict``'s deep
    copy of every value, which took most of a request's time at 3,000 zones (45,000
    figures)."""
    return {
        **vars(index),
        "scheme": asdict(index.scheme),
        "peer_set": dict(index.peer_set),
        "rows": [
            {**vars(row), "figures": [figure._asdict() for figure in row.figures]}
            for row in index.rows
        ],
    }


class IndexView(AnalysisViewMixin, APIView):
    """综合指数 / A composite index: each zone's index, dimension scores, rank of n and
    coverage, or why it is not ranked; optionally rank ranges and rank shifts."""

    tabular_filename = "index"

    @analysis_schema(IndexParams, CompositeIndexSerializer)
    def get(self, request):
        args = self.parsed_params(IndexParams)
        if self.tabular:
            rows = cached("index-api-rows", (args,), lambda: flat_rows(index_data(args)))
            self.columns = list(rows[0]) if rows else ["zone"]
            return Response(rows)
        # the JSON itself is cached per data generation: making and writing the body of
        # 3,000 zones and their 45,000 figures is most of the time of a request
        renderer, media_type = request.accepted_renderer, request.accepted_media_type
        content = cached(
            "index-api-json",
            (args, media_type),
            lambda: renderer.render(index_data(args), media_type, self.get_renderer_context()),
        )
        return HttpResponse(content, content_type=renderer.media_type)

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
