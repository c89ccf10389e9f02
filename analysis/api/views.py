"""API views of the analysis endpoints: rankings, most recent values, comparisons, benchmarks.

Views parse (input serializers), call an analysis function, and render. The numbers come
from ``analysis``, the same functions the dashboards call.
"""

from dataclasses import asdict, replace

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from analysis.api.params import BenchmarkParams, CompareParams, MostRecentParams, RankingParams
from analysis.api.serializers import (
    BenchmarkRowSerializer,
    BenchmarkSerializer,
    CompareSerializer,
    PeerBenchmarkRowSerializer,
    RankedZoneSerializer,
    RankingSerializer,
    RecentValueSerializer,
)
from analysis.base import frame_records
from analysis.benchmark_peers import benchmark_result
from analysis.compare import compare_divided, to_wide
from analysis.ranking import Ranking, zone_ranking
from analysis.recent import most_recent_values
from common.api.schema import format_parameter, serializer_parameters
from common.api.views import AnalysisViewMixin

RANKED_ZONE_FIELDS = list(RankedZoneSerializer().fields)
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


class RankingView(AnalysisViewMixin, APIView):
    """排名 / Every zone of a peer set with a value, ranked, for one indicator, year, period."""

    tabular_filename = "ranking"

    @analysis_schema(RankingParams, RankingSerializer)
    def get(self, request):
        args = self.parsed_params(RankingParams)
        ranking = zone_ranking(
            indicator=args["indicator"],
            year=args["year"],
            period=args["period"],
            kind=args.get("kind"),
            region=args.get("region"),
            cohort=args.get("cohort"),
            reliabilities=args.get("reliability"),
            peers=args.get("peers"),
            per=args.get("per"),
        )
        data = self.ranking_data(ranking)
        if self.tabular:
            return Response(self.ranking_rows(data))
        return Response(data)

    @staticmethod
    def ranking_data(ranking: Ranking) -> dict:
        """``RankingSerializer(asdict(ranking)).data``, built without per-row serializer work.

        The analysis dataclasses hold only JSON-ready str/int/float/None, so the only thing
        the serializer added is each row's ``rank_of_n`` (keys in the serializer's order);
        the documented schema stays ``RankingSerializer``'s.
        """
        data = asdict(replace(ranking, rows=[]))
        rows = []
        for row in ranking.rows:
            item = dict(vars(row))
            item["rank_of_n"] = f"{row.rank}/{row.n}"
            item["cohort_ratios"] = dict(row.cohort_ratios)
            rows.append({name: item[name] for name in RANKED_ZONE_FIELDS})
        data["rows"] = rows
        if data["per"] is not None:
            data["per"]["factor"] = float(data["per"]["factor"])
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
        for row in data["not_ranked"]:
            rows.append(
                {
                    "indicator": indicator["code"],
                    "unit": indicator["unit"],
                    "year": data["year"],
                    "period": data["period"],
                    **row,
                }
            )
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
            *(name for name in list(RankedZoneSerializer().fields) if name != "cohort_ratios"),
            "reason_zh",
            "reason_en",
        ]


class MostRecentView(AnalysisViewMixin, APIView):
    """最近值 / Each zone's latest value of an indicator, with its year (like the World Bank's
    ``mrv``)."""

    tabular_filename = "most-recent"

    @analysis_schema(MostRecentParams, RecentValueSerializer(many=True))
    def get(self, request):
        args = self.parsed_params(MostRecentParams)
        values = most_recent_values(
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
        args = self.parsed_params(CompareParams)
        frame, missing = compare_divided(
            zones=args["zone"],
            indicators=args["indicator"],
            year_from=args.get("year_from"),
            year_to=args.get("year_to"),
            period=args["period"],
            per=args.get("per"),
        )
        if args["shape"] == "wide":
            frame = to_wide(frame, provenance=True)
        rows = frame_records(frame)
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
            "per": args.get("per"),
            "missing": missing,
        }
        return Response(CompareSerializer(data).data)

    def get_tabular_header(self):
        return getattr(self, "columns", None)


class BenchmarkView(AnalysisViewMixin, APIView):
    """对标 / One zone against a cohort's reported means, indicator by indicator."""

    tabular_filename = "benchmark"

    @analysis_schema(BenchmarkParams, BenchmarkSerializer)
    def get(self, request):
        args = self.parsed_params(BenchmarkParams)
        data = BenchmarkSerializer(
            benchmark_result(
                zone=args["zone"],
                cohort=args.get("cohort"),
                peers=args.get("peers"),
                year=args.get("year"),
                period=args["period"],
            )
        ).data
        if self.tabular:
            if not data["cohort"]:
                return Response([{"zone": data["zone"], **row} for row in data["peer_rows"]])
            return Response(
                [{"zone": data["zone"], "cohort": data["cohort"], **row} for row in data["rows"]]
            )
        return Response(data)

    def get_tabular_header(self):
        if not self.request.query_params.get("cohort"):
            return ["zone", *PeerBenchmarkRowSerializer().fields]
        return ["zone", "cohort", *BenchmarkRowSerializer().fields]
