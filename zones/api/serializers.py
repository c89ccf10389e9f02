"""Serializers of zones."""

from rest_framework import serializers

from common.api.serializers import FullCleanMixin, NumericDecimalsMixin
from zones.models import DESCRIPTIVE_FIELDS, Zone


class ZoneSerializer(NumericDecimalsMixin, FullCleanMixin, serializers.ModelSerializer):
    lead_industries = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    cohorts = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    same_territory = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")

    class Meta:
        model = Zone
        fields = [*DESCRIPTIVE_FIELDS, "lead_industries", "cohorts", "same_territory"]
