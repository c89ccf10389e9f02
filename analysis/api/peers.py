"""``/api/v1/peers/``: zones like a given zone, with each indicator's share of the distance.

Parameters parsed by ``PeersParams``, the answer computed by ``analysis.peers.zone_peers`` (the
same function the peers page and the zone profile call) and shaped by ``PeersSerializer``.
"""

from dataclasses import asdict

from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from analysis.api.params import period_field
from analysis.api.serializers import IndicatorNamesSerializer, ZoneNamesSerializer
from analysis.api.views import analysis_schema
from analysis.peers import (
    DEFAULT_K,
    DEFAULT_MIN_OVERLAP,
    DEFAULT_WINDOW,
    MAX_K,
    MAX_WINDOW,
    zone_peers,
)
from common.api.params import CodeListParam, WholeNumberParam, year_field
from common.api.views import AnalysisViewMixin


class PeersParams(serializers.Serializer):
    zone = serializers.SlugField(help_text="园区标识 / zone slug")
    year = year_field(
        required=False, help_text="年份；缺省为该园区有数值的最近年份 / default: its latest year"
    )
    period = period_field()
    indicator = CodeListParam(
        required=False,
        help_text="指标代码；缺省为全部无规模指标 / indicator codes (default: every size-free one)",
    )
    k = WholeNumberParam(
        min_value=1, max_value=MAX_K, default=DEFAULT_K, help_text="几个同类园区 / how many"
    )
    min_overlap = WholeNumberParam(
        min_value=1,
        default=DEFAULT_MIN_OVERLAP,
        help_text="至少共有几个指标 / fewest shared indicators for a zone to be called similar",
    )
    window = WholeNumberParam(
        min_value=1,
        max_value=MAX_WINDOW,
        default=DEFAULT_WINDOW,
        help_text="取最近几年内的最新值 / each zone's latest value within this many years",
    )


class PeerIndicatorSerializer(IndicatorNamesSerializer):
    mean = serializers.FloatField(help_text="当年各园区平均值 / mean over the zones that year")
    std = serializers.FloatField(help_text="标准差 / standard deviation (population)")
    n = serializers.IntegerField(help_text="有数值的园区数 / zones with a value")


class ContributionSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    zone_value = serializers.FloatField()
    zone_year = serializers.IntegerField()
    zone_as_reported = serializers.CharField()
    zone_qualifier = serializers.CharField()
    zone_source = serializers.CharField()
    peer_value = serializers.FloatField()
    peer_year = serializers.IntegerField()
    peer_as_reported = serializers.CharField()
    peer_qualifier = serializers.CharField()
    peer_source = serializers.CharField()
    z_difference = serializers.FloatField(help_text="标准化差 / peer z minus zone z")
    share = serializers.FloatField(help_text="占距离平方的比例 / share of the squared distance")


class PeerSerializer(ZoneNamesSerializer):
    rank = serializers.IntegerField()
    distance = serializers.FloatField(help_text="标准化差的均方根 / RMS of the z-differences")
    shared = serializers.IntegerField(help_text="共有指标数 / indicators both zones have")
    contributions = ContributionSerializer(many=True)


class PeersSerializer(serializers.Serializer):
    zone = serializers.CharField()
    zone_name_zh = serializers.CharField()
    zone_name_en = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    period = serializers.CharField()
    window = serializers.IntegerField()
    k = serializers.IntegerField()
    min_overlap = serializers.IntegerField()
    enough_data = serializers.BooleanField()
    zone_indicators = serializers.IntegerField()
    candidates = serializers.IntegerField()
    too_little_overlap = serializers.IntegerField()
    indicators = PeerIndicatorSerializer(many=True)
    peers = PeerSerializer(many=True)


class PeersView(AnalysisViewMixin, APIView):
    """同类园区 / The zones nearest to a zone on standardised size-free indicators."""

    tabular_filename = "peers"

    @analysis_schema(PeersParams, PeersSerializer)
    def get(self, request):
        args = self.parsed_params(PeersParams)
        result = zone_peers(
            zone=args["zone"],
            year=args.get("year"),
            period=args["period"],
            indicators=args.get("indicator"),
            k=args["k"],
            min_overlap=args["min_overlap"],
            window=args["window"],
        )
        data = PeersSerializer({**asdict(result), "enough_data": result.enough_data}).data
        if self.tabular:
            return Response(
                [
                    {
                        "zone": data["zone"],
                        "year": data["year"],
                        "period": data["period"],
                        "peer": peer["zone"],
                        "rank": peer["rank"],
                        "distance": peer["distance"],
                        "shared": peer["shared"],
                        **contribution,
                    }
                    for peer in data["peers"]
                    for contribution in peer["contributions"]
                ]
            )
        return Response(data)

    def get_tabular_header(self):
        return [
            "zone",
            "year",
            "period",
            "peer",
            "rank",
            "distance",
            "shared",
            *ContributionSerializer().fields,
        ]
