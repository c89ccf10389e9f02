"""Parameters and results of the composite-index endpoints (``/index/``, ``/schemes/``)."""

from typing import Any

from rest_framework import serializers

from analysis.api.params import cohort_field, kind_field, period_field, region_field
from analysis.api.serializers import PeerSetSerializer, ZoneNamesSerializer
from analysis.index import parse_weights
from analysis.index_sensitivity import MAX_DRAWS
from common.api.params import year_field
from common.errors import BadParameter


class IndexParams(serializers.Serializer):
    scheme = serializers.SlugField(help_text="评价体系 / scheme slug (see /api/v1/schemes/)")
    year = year_field(help_text="年份 / year")
    period = period_field()
    kind = kind_field()
    region = region_field()
    cohort = cohort_field()
    weights = serializers.CharField(
        required=False,
        help_text="自定义维度权重，和为1 / own dimension weights summing to 1, "
        "e.g. growth:0.3,prosperity:0.2,innovation:0.2,structure:0.2,scale:0.1",
    )
    sensitivity = serializers.BooleanField(
        default=False, help_text="附权重扰动下的名次区间 / add rank ranges under perturbed weights"
    )
    draws = serializers.IntegerField(
        min_value=1,
        max_value=MAX_DRAWS,
        default=1000,
        help_text="蒙特卡洛次数 / Monte Carlo draws (fixed seed)",
    )
    compare = serializers.SlugField(
        required=False, help_text="另一评价体系：附名次变化 / another scheme: add rank shifts"
    )

    def validate_weights(self, value: str) -> dict[str, float]:
        try:
            return parse_weights(value)
        except BadParameter as error:
            raise serializers.ValidationError(error.message) from None


class MemberSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    unit = serializers.CharField()
    weight = serializers.FloatField(help_text="维度内相对权重 / relative weight in the dimension")
    direction = serializers.CharField()
    target = serializers.FloatField(allow_null=True)


class DimensionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    weight = serializers.FloatField(help_text="本次计算所用权重 / weight used")
    scheme_weight = serializers.FloatField(help_text="体系原定权重 / the scheme's own weight")
    weight_verified = serializers.BooleanField()
    weight_note = serializers.CharField()
    min_indicators = serializers.IntegerField()
    members = MemberSerializer(many=True)


class SchemeSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    normalisation = serializers.CharField()
    aggregation = serializers.CharField()
    min_weight_share = serializers.FloatField()
    source_title = serializers.CharField()
    source_url = serializers.CharField(allow_blank=True)
    verification = serializers.CharField()
    dimensions = DimensionSerializer(many=True)


class FigureSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    value = serializers.FloatField()
    as_reported = serializers.CharField()
    qualifier = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # shadows Field.source
    reliability = serializers.CharField()


class IndexedZoneSerializer(ZoneNamesSerializer):
    index = serializers.FloatField(allow_null=True, help_text="null: 数据不足 / not enough data")
    rank = serializers.IntegerField(allow_null=True)
    n = serializers.IntegerField()
    weight_share = serializers.FloatField()
    scores = serializers.DictField(child=serializers.FloatField(allow_null=True))
    coverage = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    reason_zh = serializers.CharField(allow_null=True)
    reason_en = serializers.CharField(allow_null=True)
    figures = FigureSerializer(many=True)


class RankRangeSerializer(ZoneNamesSerializer):
    rank = serializers.IntegerField()
    n = serializers.IntegerField()
    rank_min = serializers.IntegerField()
    rank_p05 = serializers.FloatField()
    rank_median = serializers.FloatField()
    rank_p95 = serializers.FloatField()
    rank_max = serializers.IntegerField()
    without = serializers.DictField(child=serializers.IntegerField(allow_null=True))


class SensitivitySerializer(serializers.Serializer):
    scheme = serializers.CharField()
    year = serializers.IntegerField()
    period = serializers.CharField()
    draws = serializers.IntegerField()
    seed = serializers.IntegerField()
    spread = serializers.FloatField()
    rows = RankRangeSerializer(many=True)


class RankShiftSerializer(ZoneNamesSerializer):
    rank_a = serializers.IntegerField(allow_null=True)
    rank_b = serializers.IntegerField(allow_null=True)
    shift = serializers.IntegerField(allow_null=True)


class CompositeIndexSerializer(serializers.Serializer):
    scheme = SchemeSerializer()
    custom_weights = serializers.BooleanField()
    year = serializers.IntegerField()
    period = serializers.CharField()
    peer_set = PeerSetSerializer()
    n = serializers.IntegerField(help_text="排名园区数 / zones ranked")
    rows = IndexedZoneSerializer(many=True)
    sensitivity = SensitivitySerializer(required=False)
    compare = serializers.CharField(required=False)
    shifts = RankShiftSerializer(many=True, required=False)


def flat_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One CSV row per zone: index, rank, each dimension's score, the reason if unranked."""
    rows = []
    for row in data["rows"]:
        flat = {
            "scheme": data["scheme"]["slug"],
            "year": data["year"],
            "period": data["period"],
            "peer_set": data["peer_set"]["label_zh"],
            "zone": row["zone"],
            "name_zh": row["name_zh"],
            "name_en": row["name_en"],
            "index": row["index"],
            "rank": row["rank"],
            "n": row["n"],
            "weight_share": row["weight_share"],
        }
        flat.update({f"score_{code}": score for code, score in row["scores"].items()})
        flat["reason_en"] = row["reason_en"]
        rows.append(flat)
    return rows
