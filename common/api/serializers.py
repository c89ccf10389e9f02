"""Serializer mixins every model endpoint shares: decimals as JSON numbers, and the model's
``full_clean()`` before a write."""

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from rest_framework import serializers
from rest_framework.fields import get_error_detail

# The mixins below are used on ModelSerializers: the type checker sees that base.
if TYPE_CHECKING:
    _ModelSerializer = serializers.ModelSerializer
else:
    _ModelSerializer = object

# SQLite keeps a decimal as a double (15 significant digits): a value with 16 integer digits
# can come back rounded past its column's max_digits and then cannot be read at all. Writes
# through the API stay below this bound, which no indicator value comes near.
DECIMAL_LIMIT = 10**15 - 1


class NumericDecimalsMixin(_ModelSerializer):
    """Decimals as JSON numbers, not strings: analysts feed them straight to pandas."""

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        if issubclass(field_class, serializers.DecimalField):
            field_kwargs["coerce_to_string"] = False
            if not field_kwargs.get("read_only"):
                field_kwargs.setdefault("max_value", DECIMAL_LIMIT)
                field_kwargs.setdefault("min_value", -DECIMAL_LIMIT)
        return field_class, field_kwargs


class FullCleanMixin(_ModelSerializer):
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
        model: type[Model] = self.Meta.model
        return self._save(model(**validated_data))

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return self._save(instance)
