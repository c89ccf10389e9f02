"""``/api/v1/integration/``: 产城融合, the coupling-coordination degree of each zone's industry
and city subsystems in a peer set (``analysis.coupling.industry_city_coupling``, the function
the integration page calls)."""

from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from analysis.api.params import cohort_field, kind_field, period_field, region_field
from analysis.api.plain import plain
from analysis.api.views import analysis_schema
from analysis.coupling import industry_city_coupling
from common.api.params import CodeListParam, year_field
from common.api.views import AnalysisViewMixin
from common.cache import cached


class CouplingParams(serializers.Serializer):
    year = year_field(
        required=False,
        help_text="年份；缺省为有园区两个子系统齐全的最近年份 / default: latest year with both",
    )
    period = period_field()
    alpha = serializers.FloatField(
        required=False,
        min_value=0,
        max_value=1,
        help_text="产业子系统权重 α，α + β = 1（缺省 0.5）/ weight of U1",
    )
    beta = serializers.FloatField(
        required=False,
        min_value=0,
        max_value=1,
        help_text="城市子系统权重 β，α + β = 1（缺省 0.5）/ weight of U2",
    )
    kind = kind_field()
    region = region_field()
    cohort = cohort_field()
    peers = CodeListParam(
        required=False, help_text="自选同类园区：只比较这些园区 / an ad-hoc peer set"
    )
    zone = serializers.SlugField(
        required=False,
        help_text="此园区历年的轨迹及其各指标数值与出处 / this zone's path over the years, "
        "with its figures and their provenance",
    )
    figures = serializers.BooleanField(
        required=False,
        default=False,
        help_text="1：每个园区附上各指标数值、标准化值与出处（缺省只附所选园区的）/ "
        "every zone with its figures and their provenance (default: the chosen zone's only)",
    )


class CouplingIndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    unit = serializers.CharField()
    subsystem = serializers.ChoiceField(choices=["industry", "city"])
    direction = serializers.CharField()
    n = serializers.IntegerField(help_text="对比组内各年数值个数 / values in the peer set")
    minimum = serializers.FloatField(allow_null=True)
    maximum = serializers.FloatField(allow_null=True)
    usable = serializers.BooleanField(help_text="数值有差异，可标准化 / has a spread")


class CouplingFigureSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    subsystem = serializers.CharField()
    value = serializers.FloatField()
    normalised = serializers.FloatField(allow_null=True, help_text="min-max, 0..1")
    as_reported = serializers.CharField()
    qualifier = serializers.CharField()
    status = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.source


class ZoneCouplingSerializer(serializers.Serializer):
    zone = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    year = serializers.IntegerField()
    u1 = serializers.FloatField(allow_null=True, help_text="产业子系统 / industry subsystem")
    u2 = serializers.FloatField(allow_null=True, help_text="城市子系统 / city subsystem")
    c = serializers.FloatField(allow_null=True, help_text="耦合度 / coupling degree")
    t = serializers.FloatField(allow_null=True, help_text="综合协调指数 / αU1 + βU2")
    d = serializers.FloatField(allow_null=True, help_text="耦合协调度 / √(C·T)")
    grade_zh = serializers.CharField()
    grade_en = serializers.CharField()
    enough_data = serializers.BooleanField()
    industry_count = serializers.IntegerField()
    city_count = serializers.IntegerField()
    reason_zh = serializers.CharField(help_text="数据不足的原因 / why not enough data")
    reason_en = serializers.CharField()
    indicators = serializers.ListField(
        child=serializers.CharField(),
        help_text="当年有数值的指标（代码）/ the indicators it had that year (codes)",
    )
    figures = CouplingFigureSerializer(
        many=True,
        allow_null=True,
        help_text="各指标数值及出处：所选园区的，或 figures=1 时每个园区的；否则为 null / "
        "its figures with their provenance: the chosen zone's, every zone's with figures=1, "
        "else null",
    )


class CouplingSerializer(serializers.Serializer):
    year = serializers.IntegerField(allow_null=True)
    period = serializers.CharField()
    alpha = serializers.FloatField()
    beta = serializers.FloatField()
    peer_set = serializers.DictField()
    years = serializers.ListField(child=serializers.IntegerField())
    indicators = CouplingIndicatorSerializer(many=True)
    zones = ZoneCouplingSerializer(many=True)
    zone = serializers.CharField(allow_null=True)
    path = ZoneCouplingSerializer(many=True)
    sources = serializers.ListField(
        child=serializers.CharField(),
        help_text="算出 D 的数值的出处（来源键）/ the sources of the figures behind each D",
    )
    citation = serializers.CharField()


# a row of the CSV is one zone and year: its lists (the indicators it had, its figures) are
# in the JSON answer
NOT_IN_CSV = ("indicators", "figures")


def coupling_data(result) -> dict:
    """``CouplingSerializer``'s answer, built without per-row serializer work (thousands of
    zones, each with its figures): the dataclasses hold only JSON-ready values, and each
    zone gains its ``enough_data``. The documented schema stays the serializer's."""
    data = plain(result)
    for key in ("zones", "path"):
        for item, source in zip(data[key], getattr(result, key), strict=True):
            item["enough_data"] = source.enough_data
    return data


class CouplingView(AnalysisViewMixin, APIView):
    """产城融合 / The coupling-coordination degree of the industry and city subsystems of
    every zone of a peer set."""

    tabular_filename = "integration"

    @analysis_schema(CouplingParams, CouplingSerializer)
    def get(self, request):
        params = CouplingParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        args = params.validated_data
        wanted = {
            name: args.get(name)
            for name in ("year", "alpha", "beta", "kind", "region", "cohort", "peers", "zone")
        }
        # the answer's plain data, once per data generation and parameters: at 3,000 zones
        # copying the dataclasses costs as much as reading the cached result
        data = cached(
            "integration-api",
            (args["period"], args["figures"], sorted(wanted.items())),
            lambda: coupling_data(
                industry_city_coupling.uncached(  # type: ignore[attr-defined]
                    period=args["period"], figures=args["figures"], **wanted
                )
            ),
        )
        if self.tabular:
            return Response(
                [
                    {
                        "part": part,
                        "period": data["period"],
                        "alpha": data["alpha"],
                        "beta": data["beta"],
                        **{key: value for key, value in item.items() if key not in NOT_IN_CSV},
                    }
                    for part in ("zones", "path")
                    for item in data[part]
                ]
            )
        return Response(data)

    def get_tabular_header(self):
        names = [str(name) for name in ZoneCouplingSerializer().fields]
        fields = [name for name in names if name not in NOT_IN_CSV]
        return ["part", "period", "alpha", "beta", *fields]
