"""Serializers of the indicator catalogue, sources and observations, and of the analysis
results (rankings, latest values, comparisons, benchmarks)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import get_error_detail

from indicators.models import (
    Indicator,
    Observation,
    Period,
    Reliability,
    Source,
    SourceKind,
)
from zones.models import Region, Zone, ZoneKind

# SQLite keeps a decimal as a double (15 significant digits): a value with 16 integer digits
# can come back rounded past its column's max_digits and then cannot be read at all. Writes
# through the API stay below this bound, which no indicator value comes near.
DECIMAL_LIMIT = 10**15 - 1


class NumericDecimalsMixin:
    """Decimals as JSON numbers, not strings: analysts feed them straight to pandas."""

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        if issubclass(field_class, serializers.DecimalField):
            field_kwargs["coerce_to_string"] = False
            if not field_kwargs.get("read_only"):
                field_kwargs.setdefault("max_value", DECIMAL_LIMIT)
                field_kwargs.setdefault("min_value", -DECIMAL_LIMIT)
        return field_class, field_kwargs


class FullCleanMixin:
    """Run the model's ``full_clean()`` (range rules, derived fields) before saving."""

    def _save(self, instance):
        try:
            instance.full_clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(get_error_detail(error)) from None
        try:
            with transaction.atomic():
                instance.save()
        except IntegrityError as error:
            raise serializers.ValidationError({"non_field_errors": [str(error)]}) from None
        return instance

    def create(self, validated_data):
        return self._save(self.Meta.model(**validated_data))

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return self._save(instance)


@extend_schema_field(
    {
        "type": "string",
        "description": "来源类型 / kind of source, one of: " + ", ".join(SourceKind.values),
        "example": SourceKind.STATISTICAL_BULLETIN.value,
    }
)
class SourceKindField(serializers.ChoiceField):
    """A source's kind. Documented without an enum component: "kind" names the zone kinds."""


class SourceSerializer(NumericDecimalsMixin, FullCleanMixin, serializers.ModelSerializer):
    kind = SourceKindField(choices=SourceKind.choices)

    class Meta:
        model = Source
        fields = [
            "key",
            "title",
            "title_en",
            "publisher",
            "author",
            "published",
            "published_note",
            "kind",
            "reliability",
            "url",
            "document",
        ]


class IndicatorSerializer(NumericDecimalsMixin, FullCleanMixin, serializers.ModelSerializer):
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="alias")

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name_zh",
            "name_en",
            "unit",
            "unit_en",
            "category",
            "direction",
            "value_type",
            "definition_zh",
            "definition_en",
            "formula",
            "min_value",
            "max_value",
            "sort_order",
            "aliases",
        ]


class ObservationSerializer(NumericDecimalsMixin, FullCleanMixin, serializers.ModelSerializer):
    """One observation, flat, with its provenance (source key, as reported, reliability)."""

    zone = serializers.SlugRelatedField(slug_field="slug", queryset=Zone.objects.all())
    zone_name_zh = serializers.CharField(source="zone.name_zh", read_only=True)
    zone_name_en = serializers.CharField(source="zone.name_en", read_only=True)
    indicator = serializers.SlugRelatedField(slug_field="code", queryset=Indicator.objects.all())
    indicator_name_zh = serializers.CharField(source="indicator.name_zh", read_only=True)
    indicator_name_en = serializers.CharField(source="indicator.name_en", read_only=True)
    unit = serializers.CharField(source="indicator.unit", read_only=True)
    source = serializers.SlugRelatedField(slug_field="key", queryset=Source.objects.all())
    source_title = serializers.CharField(source="source.title", read_only=True)
    reliability = serializers.ChoiceField(
        source="source.reliability", choices=Reliability.choices, read_only=True
    )

    class Meta:
        model = Observation
        fields = [
            "id",
            "zone",
            "zone_name_zh",
            "zone_name_en",
            "indicator",
            "indicator_name_zh",
            "indicator_name_en",
            "unit",
            "year",
            "period",
            "value",
            "qualifier",
            "as_reported",
            "status",
            "source",
            "source_title",
            "reliability",
            "locator",
            "note",
        ]


# --- analysis results -------------------------------------------------------------------


class IndicatorInfoSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    unit = serializers.CharField()
    direction = serializers.CharField()


class PeerSetSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ZoneKind.choices, allow_null=True)
    region = serializers.ChoiceField(choices=Region.choices, allow_null=True)
    cohort = serializers.CharField(allow_null=True)
    reliabilities = serializers.ListField(
        child=serializers.CharField(),
        allow_null=True,
        help_text="来源可靠性 / the source reliabilities the peer set was limited to",
    )
    label_zh = serializers.CharField()
    label_en = serializers.CharField()


class CohortAverageSerializer(serializers.Serializer):
    cohort = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    value = serializers.FloatField()
    as_reported = serializers.CharField()
    qualifier = serializers.CharField()
    source = serializers.CharField()
    reliability = serializers.CharField()


class RankedZoneSerializer(serializers.Serializer):
    zone = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    value = serializers.FloatField()
    as_reported = serializers.CharField()
    qualifier = serializers.CharField()
    status = serializers.CharField()
    source = serializers.CharField()
    reliability = serializers.CharField()
    rank = serializers.IntegerField(help_text="1 = best (direction-aware); ties share a rank.")
    n = serializers.IntegerField(help_text="How many zones of the peer set have a value.")
    rank_of_n = serializers.SerializerMethodField()
    percentile = serializers.FloatField(help_text="100 * (n - rank) / (n - 1).")
    cohort_ratios = serializers.DictField(
        child=serializers.FloatField(allow_null=True),
        help_text="Cohort slug -> this zone's value / that cohort's reported mean.",
    )

    def get_rank_of_n(self, row) -> str:
        return f"{row['rank']}/{row['n']}"


class RankingSerializer(serializers.Serializer):
    indicator = IndicatorInfoSerializer()
    year = serializers.IntegerField()
    period = serializers.ChoiceField(choices=Period.choices)
    peer_set = PeerSetSerializer()
    n = serializers.IntegerField()
    rows = RankedZoneSerializer(many=True)
    cohort_averages = CohortAverageSerializer(many=True)


class RecentValueSerializer(serializers.Serializer):
    zone = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    indicator = serializers.CharField()
    unit = serializers.CharField()
    year = serializers.IntegerField(help_text="The year of this zone's latest value.")
    period = serializers.ChoiceField(choices=Period.choices)
    value = serializers.FloatField()
    as_reported = serializers.CharField()
    qualifier = serializers.CharField()
    status = serializers.CharField()
    source = serializers.CharField()
    reliability = serializers.CharField()


class CompareSerializer(serializers.Serializer):
    shape = serializers.ChoiceField(choices=["long", "wide"])
    period = serializers.ChoiceField(choices=Period.choices)
    zones = serializers.ListField(child=serializers.CharField())
    indicators = serializers.ListField(child=serializers.CharField())
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(
        child=serializers.DictField(allow_null=True),
        help_text=(
            "long: one row per observation (zone, indicator, year, period, value and its "
            "provenance); wide: one row per zone and year, a value column per indicator code "
            "plus <code>__as_reported, <code>__qualifier, <code>__source, <code>__reliability. "
            "A missing value is null, never 0."
        ),
    )


class BenchmarkRowSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    unit = serializers.CharField()
    direction = serializers.CharField()
    year = serializers.IntegerField()
    period = serializers.ChoiceField(choices=Period.choices)
    zone_value = serializers.FloatField()
    zone_as_reported = serializers.CharField()
    zone_qualifier = serializers.CharField()
    zone_source = serializers.CharField()
    zone_reliability = serializers.CharField()
    cohort_value = serializers.FloatField()
    cohort_as_reported = serializers.CharField()
    cohort_qualifier = serializers.CharField()
    cohort_source = serializers.CharField()
    cohort_reliability = serializers.CharField()
    ratio = serializers.FloatField(allow_null=True, help_text="zone / cohort mean")
    gap = serializers.FloatField(help_text="zone - cohort mean")
    ahead = serializers.BooleanField(
        allow_null=True, help_text="Whether the zone is better, given the direction."
    )


class BenchmarkSerializer(serializers.Serializer):
    zone = serializers.CharField()
    zone_name_zh = serializers.CharField()
    zone_name_en = serializers.CharField()
    cohort = serializers.CharField()
    cohort_name_zh = serializers.CharField()
    cohort_name_en = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    period = serializers.ChoiceField(choices=Period.choices)
    rows = BenchmarkRowSerializer(many=True)
