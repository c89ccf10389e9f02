"""``/api/v1/overlap/``: the lead-industry overlap and sector-structure similarity of a group
of zones chosen with the zone directory's filters (``ZoneFilterSet``)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from analysis.api.plain import plain
from analysis.api.serializers import ZoneNamesSerializer
from analysis.overlap import GROUP_FILTERS, group_overlap, group_query
from common.api.schema import filterset_parameters, format_parameter
from common.api.views import AnalysisViewMixin
from zones.filters import ZoneFilterSet


class ZoneIndustriesSerializer(ZoneNamesSerializer):
    industries = serializers.ListField(child=serializers.CharField())
    sources = serializers.ListField(child=serializers.CharField())


class CrowdedIndustrySerializer(serializers.Serializer):
    industry = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    zones = serializers.IntegerField(help_text="列出该产业的园区数 / zones naming it")
    share = serializers.FloatField(help_text="占列出产业的园区之比 / of the zones naming any")
    members = serializers.ListField(child=serializers.CharField())


class SectorPairSerializer(serializers.Serializer):
    zone_a = serializers.CharField()
    zone_b = serializers.CharField()
    year_a = serializers.IntegerField()
    year_b = serializers.IntegerField()
    similarity = serializers.FloatField(help_text="结构相似系数 / structure similarity, 0-1")


class OverlapSerializer(serializers.Serializer):
    zones = ZoneIndustriesSerializer(many=True)
    without_industries = serializers.ListField(
        child=serializers.CharField(), help_text="未列出主导产业的园区 / zones naming none"
    )
    crowded = CrowdedIndustrySerializer(many=True)
    jaccard = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField()),
        allow_null=True,
        help_text="Jaccard 矩阵，顺序同 zones / Jaccard matrix in the order of zones "
        "(null past max_pairwise zones)",
    )
    sector_pairs = SectorPairSerializer(many=True, allow_null=True)
    sector_zones = serializers.IntegerField()
    max_pairwise = serializers.IntegerField()


class OverlapView(AnalysisViewMixin, APIView):
    """产业同质化 / Lead-industry overlap (Jaccard), the most crowded industries, and the
    sector-structure similarity of a group of zones."""

    @extend_schema(
        parameters=[
            *(p for p in filterset_parameters(ZoneFilterSet) if p.name in GROUP_FILTERS),
            format_parameter(("json",)),
        ],
        responses=OverlapSerializer,
    )
    def get(self, request):
        result = group_overlap(query=group_query(request.query_params))
        return Response(OverlapSerializer(plain(result)).data)
