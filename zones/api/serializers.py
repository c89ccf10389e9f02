"""Serializers of zones."""

from typing import Any

from rest_framework import serializers

from common.api.serializers import FullCleanMixin, NumericDecimalsMixin
from zones.models import DESCRIPTIVE_FIELDS, Zone

# A related list shown by its slugs (with many=True DRF returns a ManyRelatedField around it).
SlugList = serializers.SlugRelatedField[Any]


class ZoneSerializer(NumericDecimalsMixin, FullCleanMixin, serializers.ModelSerializer):
    lead_industries: SlugList = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug"
    )
    cohorts: SlugList = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    same_territory: SlugList = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug"
    )

    class Meta:
        model = Zone
        fields = [*DESCRIPTIVE_FIELDS, "lead_industries", "cohorts", "same_territory"]
