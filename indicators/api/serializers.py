"""Serializers of the indicator catalogue, sources and observations."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api.serializers import FullCleanMixin, NumericDecimalsMixin
from indicators.models import (
    CheckKind,
    Finding,
    Indicator,
    Observation,
    Reliability,
    Source,
    SourceKind,
)
from zones.models import Zone


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
    aliases: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="alias"
    )

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
    source = serializers.SlugRelatedField(  # type: ignore[assignment]  # shadows Field.source
        slug_field="key", queryset=Source.objects.all()
    )
    source_title = serializers.CharField(source="source.title", read_only=True)
    reliability = serializers.ChoiceField(
        source="source.reliability", choices=Reliability.choices, read_only=True
    )
    open_check = serializers.SerializerMethodField(
        help_text="有待处理的一致性检查结果 / a consistency finding is open (/api/v1/checks/)"
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
            "preferred",
            "open_check",
        ]
        read_only_fields = ["preferred"]

    def get_open_check(self, obs: Observation) -> bool:
        return bool(getattr(obs, "open_check", False))  # annotated by the list's queryset


class FindingSerializer(serializers.ModelSerializer):
    """A consistency finding with the figure it is about; a steward writes the resolution."""

    # A plain string in the schema: an enum named "kind" would collide with the zones' kinds.
    kind = serializers.CharField(
        read_only=True, help_text="检查 / check, one of: " + ", ".join(CheckKind.values)
    )
    zone = serializers.CharField(source="observation.zone.slug", read_only=True)
    indicator = serializers.CharField(source="observation.indicator.code", read_only=True)
    year = serializers.IntegerField(source="observation.year", read_only=True)
    period = serializers.CharField(source="observation.period", read_only=True)
    as_reported = serializers.CharField(source="observation.as_reported", read_only=True)
    inputs = serializers.ListField(child=serializers.DictField(), read_only=True)

    class Meta:
        model = Finding
        fields = [
            "id",
            "kind",
            "severity",
            "zone",
            "indicator",
            "year",
            "period",
            "observation",
            "as_reported",
            "message",
            "inputs",
            "resolution",
            "resolution_note",
            "found_at",
        ]
        read_only_fields = ["kind", "severity", "observation", "message", "found_at"]

    def validate(self, attrs):
        resolution = attrs.get("resolution", getattr(self.instance, "resolution", None))
        note = attrs.get("resolution_note", getattr(self.instance, "resolution_note", ""))
        if resolution and resolution != "open" and not note:
            raise serializers.ValidationError(
                {"resolution_note": "处理须附说明 / A resolution needs a note saying why."}
            )
        return attrs
