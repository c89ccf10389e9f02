"""``/api/v1/models/``: the five development models of document 002, their members, and per
indicator each group's figures, n, median and range (``analysis.development_models``, the
function the models page calls)."""

from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from analysis.api.params import period_field
from analysis.api.plain import plain
from analysis.api.serializers import IndicatorNamesSerializer, ZoneNamesSerializer
from analysis.api.views import analysis_schema
from analysis.development_models import development_models
from common.api.params import CodeListParam, year_field
from common.api.views import AnalysisViewMixin


class ModelsParams(serializers.Serializer):
    indicator = CodeListParam(
        required=False,
        help_text="指标代码；缺省为成员有数值的全部指标 / indicator codes (default: all with data)",
    )
    year = year_field(
        required=False, help_text="截止年份；缺省为各指标的最新年份 / default: each latest year"
    )
    period = period_field()


class ModelMemberSerializer(ZoneNamesSerializer):
    pass


class ModelGroupSerializer(serializers.Serializer):
    model = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    members = ModelMemberSerializer(many=True)


class MemberFigureSerializer(serializers.Serializer):
    zone = serializers.CharField()
    value = serializers.FloatField()
    year = serializers.IntegerField()
    as_reported = serializers.CharField()
    qualifier = serializers.CharField()
    status = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.source


class GroupStatisticsSerializer(serializers.Serializer):
    model = serializers.CharField()
    n = serializers.IntegerField(help_text="有数值的成员数 / members with a figure")
    median = serializers.FloatField(
        allow_null=True, help_text="由成员数值计算；成员不足时为 null / computed; null if thin"
    )
    minimum = serializers.FloatField(allow_null=True)
    maximum = serializers.FloatField(allow_null=True)
    figures = MemberFigureSerializer(many=True)


class ModelIndicatorSerializer(IndicatorNamesSerializer):
    anchor_year = serializers.IntegerField()
    groups = GroupStatisticsSerializer(many=True)


class DevelopmentModelsSerializer(serializers.Serializer):
    period = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    window = serializers.IntegerField(help_text="取最近几年内的最新值 / years a figure may be from")
    min_members = serializers.IntegerField(help_text="中位数和范围所需成员数 / for a median")
    source = serializers.CharField(  # type: ignore[assignment]  # a field, not Field.source
        help_text="模式归属的来源 / source of the membership"
    )
    groups = ModelGroupSerializer(many=True)
    indicators = ModelIndicatorSerializer(many=True)


class DevelopmentModelsView(AnalysisViewMixin, APIView):
    """五种发展模式 / The five development models, their members and each group's spread."""

    tabular_filename = "development-models"

    @analysis_schema(ModelsParams, DevelopmentModelsSerializer)
    def get(self, request):
        args = self.parsed_params(ModelsParams)
        result = development_models(
            indicators=args.get("indicator"), year=args.get("year"), period=args["period"]
        )
        # the dataclasses hold exactly the serializer's JSON-ready fields, in its order:
        # plain dicts, without a serializer per member figure (the schema stays the
        # serializer's; tests/analysis/test_development_models.py checks the two agree)
        data = plain(result)
        if self.tabular:
            return Response(
                [
                    {
                        "indicator": indicator["code"],
                        "unit": indicator["unit"],
                        "period": data["period"],
                        "model": group["model"],
                        "n": group["n"],
                        "median": group["median"],
                        "minimum": group["minimum"],
                        "maximum": group["maximum"],
                        **figure,
                    }
                    for indicator in data["indicators"]
                    for group in indicator["groups"]
                    for figure in group["figures"]
                ]
            )
        return Response(data)

    def get_tabular_header(self):
        head = ["indicator", "unit", "period", "model", "n", "median", "minimum", "maximum"]
        return [*head, *MemberFigureSerializer().fields]
