"""``/api/v1/zones/search/``: the zone picker's search, by name, alias, city or pinyin.

Parameters parsed by ``ZoneSearchParams``, the answer found by
``indicators.zone_search.zone_search`` (the function the pages list their matches with) and
shaped by ``ZoneSearchSerializer``.
"""

from dataclasses import asdict

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from analysis.api.params import period_field
from common.api.params import CodeListParam, WholeNumberParam
from common.api.schema import format_parameter, serializer_parameters
from common.api.views import AnalysisViewMixin
from indicators.zone_search import DEFAULT_LIMIT, MAX_LIMIT, MAX_QUERY_LENGTH, zone_search


class ZoneSearchParams(serializers.Serializer):
    q = serializers.CharField(
        max_length=MAX_QUERY_LENGTH,
        help_text="中文名、英文名、别名、城市或拼音（全拼或首字母，如 lg）/ a Chinese or English "
        "name, an alias, a city, or pinyin (in full or initials, e.g. lg for 龙岗区)",
    )
    indicator = CodeListParam(
        required=False,
        help_text="标出各园区在这些指标上是否有数值 / flag which zones have values of these",
    )
    period = period_field()
    limit = WholeNumberParam(
        min_value=1, max_value=MAX_LIMIT, default=DEFAULT_LIMIT, help_text="最多列出 / at most"
    )


class ZoneMatchSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    kind = serializers.CharField()
    region = serializers.CharField()
    city = serializers.CharField()
    relevance = serializers.IntegerField(
        help_text="0 整个名称/别名/拼音相符，1 开头相符，2 包含或城市相符 / 0 whole name, alias "
        "or pinyin, 1 its start, 2 anywhere in it or the city"
    )
    matched = serializers.ChoiceField(
        choices=["name", "alias", "pinyin", "city"], help_text="匹配到的字段 / what matched"
    )
    alias = serializers.CharField(help_text="匹配到的别名 / the alias that matched, if any")
    indicators_with_data = serializers.IntegerField(
        allow_null=True,
        help_text="有数值的所选指标个数（未选指标时为 null）/ how many of the chosen indicators "
        "have a value in the period (null without indicator)",
    )
    has_data = serializers.BooleanField(
        allow_null=True, help_text="至少一个所选指标有数值 / a value of at least one"
    )


class ZoneGroupSerializer(serializers.Serializer):
    kind = serializers.CharField()
    region = serializers.CharField()
    kind_label = serializers.CharField(help_text="中文 / English")
    region_label = serializers.CharField(help_text="中文 / English")
    zones = ZoneMatchSerializer(many=True)


class ZoneSearchSerializer(serializers.Serializer):
    q = serializers.CharField(source="query")
    indicators = serializers.ListField(child=serializers.CharField())
    period = serializers.CharField()
    limit = serializers.IntegerField()
    count = serializers.IntegerField(help_text="相符的园区总数 / every matching zone")
    truncated = serializers.BooleanField(help_text="count 大于列出的个数 / more than listed")
    groups = ZoneGroupSerializer(many=True, help_text="按类型和区域分组 / by kind and region")


class ZoneSearchView(AnalysisViewMixin, APIView):
    """查找园区 / Zones by name, alias, city or pinyin, best match first, grouped by kind and
    region, each saying whether it has values of the chosen indicators."""

    renderer_classes = [JSONRenderer]

    @extend_schema(
        parameters=[*serializer_parameters(ZoneSearchParams), format_parameter(("json",))],
        responses={200: ZoneSearchSerializer},
    )
    def get(self, request):
        args = self.parsed_params(ZoneSearchParams)
        result = zone_search(
            query=args["q"],
            indicators=args.get("indicator"),
            period=args["period"],
            limit=args["limit"],
        )
        data = asdict(result)
        for group, found in zip(data["groups"], result.groups, strict=True):
            for zone, match in zip(group["zones"], found.zones, strict=True):
                zone["has_data"] = match.has_data
        data["truncated"] = result.count > len(result.zones)
        return Response(ZoneSearchSerializer(data).data)
