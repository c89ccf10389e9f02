"""API views of the indicator catalogue, sources, observations and the analysis endpoints.

Views parse (FilterSets and input serializers), call a selector or analysis function, and
render. The analysis numbers come from ``indicators.analysis``, the same functions the
dashboards call.
"""

import threading
from dataclasses import asdict, replace

from django.db.models import ProtectedError
from django.http import JsonResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api.errors import ParameterError
from common.api.schema import (
    filterset_parameters,
    format_parameter,
    pagination_parameters,
    path_parameter,
    serializer_parameters,
)
from common.api.views import AnalysisViewMixin, CatalogueViewMixin
from indicators import analysis
from indicators.api.params import BenchmarkParams, CompareParams, MostRecentParams, RankingParams
from indicators.api.serializers import (
    BenchmarkSerializer,
    CompareSerializer,
    IndicatorSerializer,
    ObservationSerializer,
    RankingSerializer,
    RecentValueSerializer,
    SourceSerializer,
)
from indicators.filters import IndicatorFilterSet, ObservationFilterSet, SourceFilterSet
from indicators.models import Indicator, Source
from indicators.selectors import observation_queryset


def model_endpoint_schema(filterset_class, lookup: str, noun: str):
    """Schema of a model ViewSet: typed filters on the list, the documented lookup."""
    lookup_parameter = [path_parameter(lookup, f"{noun} {lookup}")]
    detail = extend_schema(parameters=lookup_parameter)
    overrides = {
        "list": extend_schema(
            parameters=filterset_parameters(filterset_class) + pagination_parameters()
        ),
        "retrieve": extend_schema(
            parameters=[*lookup_parameter, format_parameter(("json", "csv"))]
        ),
        "update": detail,
        "partial_update": detail,
        "destroy": detail,
    }

    def decorate(view_class):
        present = {name: o for name, o in overrides.items() if hasattr(view_class, name)}
        return extend_schema_view(**present)(view_class)

    return decorate


TABULAR_MEDIA = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def analysis_schema(params, response, formats=("json", "csv", "xlsx")):
    responses = {(200, "application/json"): response, (200, "text/csv"): OpenApiTypes.STR}
    if "xlsx" in formats:
        responses[(200, TABULAR_MEDIA["xlsx"])] = OpenApiTypes.BINARY
    return extend_schema(
        parameters=[*serializer_parameters(params), format_parameter(formats)],
        responses=responses,
    )


_SCHEMA_LOCK = threading.Lock()


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, built by one thread at a time: drf-spectacular's inspectors sit on
    the view classes and hold the view they inspect, so two concurrent builds collide."""

    def _get_schema_response(self, request):
        with _SCHEMA_LOCK:
            return super()._get_schema_response(request)


def not_found(request, *args, **kwargs):
    """Addresses under /api/ that match no endpoint: a JSON 404 naming the path."""
    message = f"没有这个接口 / no such endpoint: {request.path}"
    return JsonResponse(
        {"detail": message, "errors": {"path": [message]}},
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )


class ModelEndpoint(CatalogueViewMixin, viewsets.ModelViewSet):
    """List, retrieve, and (with the model permission) create, update, delete."""

    def perform_destroy(self, instance):
        try:
            instance.delete()
        except ProtectedError:
            raise ParameterError(
                self.lookup_field,
                f"{getattr(instance, self.lookup_field)}: 仍有数据引用，不能删除 / still "
                "referenced by other records, cannot be deleted",
                status_code=409,
            ) from None


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
        return observation_queryset().order_by("zone__slug", "indicator__code", "year", "id")


class RankingView(AnalysisViewMixin, APIView):
    """排名 / Every zone of a peer set with a value, ranked, for one indicator, year, period."""

    tabular_filename = "ranking"

    @analysis_schema(RankingParams, RankingSerializer)
    def get(self, request):
        params = RankingParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        args = params.validated_data
        ranking = analysis.zone_ranking(
            indicator=args["indicator"],
            year=args["year"],
            period=args["period"],
            kind=args.get("kind"),
            region=args.get("region"),
            cohort=args.get("cohort"),
            reliabilities=args.get("reliability"),
        )
        data = self.ranking_data(ranking)
        if self.tabular:
            return Response(self.ranking_rows(data))
        return Response(data)

    @staticmethod
    def ranking_data(ranking: analysis.Ranking) -> dict:
        """``RankingSerializer(asdict(ranking)).data``, built without per-row serializer work.

        The analysis dataclasses hold only JSON-ready str/int/float/None, so the only thing
        the serializer added is each row's ``rank_of_n`` (placed after ``n``, as the
        serializer orders it); the documented schema stays ``RankingSerializer``'s.
        """
        data = asdict(replace(ranking, rows=[]))
        rows = []
        for row in ranking.rows:
            item = dict(vars(row))
            percentile, ratios = item.pop("percentile"), item.pop("cohort_ratios")
            item["rank_of_n"] = f"{row.rank}/{row.n}"
            item["percentile"] = percentile
            item["cohort_ratios"] = dict(ratios)
            rows.append(item)
        data["rows"] = rows
        return data

    @staticmethod
    def ranking_rows(data) -> list[dict]:
        indicator, peer_set = data["indicator"], data["peer_set"]
        rows = []
        for row in data["rows"]:
            flat = {
                "indicator": indicator["code"],
                "unit": indicator["unit"],
                "direction": indicator["direction"],
                "year": data["year"],
                "period": data["period"],
                "peer_set": peer_set["label_zh"],
                "peer_set_en": peer_set["label_en"],
            }
            flat.update({key: value for key, value in row.items() if key != "cohort_ratios"})
            for cohort, ratio in row["cohort_ratios"].items():
                flat[f"ratio_to_{cohort}"] = ratio
            rows.append(flat)
        return rows

    def get_tabular_header(self):
        return [
            "indicator",
            "unit",
            "direction",
            "year",
            "period",
            "peer_set",
            "peer_set_en",
            *(
                name
                for name in RankingSerializer().fields["rows"].child.fields
                if name != "cohort_ratios"
            ),
        ]


class MostRecentView(AnalysisViewMixin, APIView):
    """最近值 / Each zone's latest value of an indicator, with its year (like the World Bank's
    ``mrv``)."""

    tabular_filename = "most-recent"

    @analysis_schema(MostRecentParams, RecentValueSerializer(many=True))
    def get(self, request):
        params = MostRecentParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        args = params.validated_data
        values = analysis.most_recent_values(
            indicator=args["indicator"],
            period=args["period"],
            zones=args.get("zone"),
            year_to=args.get("year_to"),
            reliabilities=args.get("reliability"),
        )
        return Response(RecentValueSerializer([asdict(v) for v in values], many=True).data)

    def get_tabular_header(self):
        return list(RecentValueSerializer().fields)


class CompareView(AnalysisViewMixin, APIView):
    """对比 / Several zones x indicators x years, long (tidy) or wide (``shape=wide``)."""

    tabular_filename = "compare"

    @analysis_schema(CompareParams, CompareSerializer)
    def get(self, request):
        params = CompareParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        args = params.validated_data
        frame = analysis.compare(
            zones=args["zone"],
            indicators=args["indicator"],
            year_from=args.get("year_from"),
            year_to=args.get("year_to"),
            period=args["period"],
        )
        if args["shape"] == "wide":
            frame = analysis.to_wide(frame, provenance=True)
        rows = analysis.frame_records(frame)
        self.columns = list(frame.columns)
        if self.tabular:
            return Response(rows)
        data = {
            "shape": args["shape"],
            "period": args["period"],
            "zones": args["zone"],
            "indicators": args["indicator"],
            "columns": self.columns,
            "rows": rows,
        }
        return Response(CompareSerializer(data).data)

    def get_tabular_header(self):
        return getattr(self, "columns", None)


class BenchmarkView(AnalysisViewMixin, APIView):
    """对标 / One zone against a cohort's reported means, indicator by indicator."""

    tabular_filename = "benchmark"

    @analysis_schema(BenchmarkParams, BenchmarkSerializer)
    def get(self, request):
        params = BenchmarkParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        args = params.validated_data
        benchmark = analysis.zone_benchmark(
            zone=args["zone"], cohort=args["cohort"], year=args.get("year"), period=args["period"]
        )
        data = BenchmarkSerializer(asdict(benchmark)).data
        if self.tabular:
            return Response(
                [{"zone": data["zone"], "cohort": data["cohort"], **row} for row in data["rows"]]
            )
        return Response(data)

    def get_tabular_header(self):
        return ["zone", "cohort", *BenchmarkSerializer().fields["rows"].child.fields]
