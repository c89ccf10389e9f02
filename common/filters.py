"""The django-filter pieces every FilterSet shares: code lists, years, stable ordering,
name search. A page's form and an API endpoint both use the model's one FilterSet, built from
these.

List parameters take comma-separated codes (``?zone=nanshan,futian``); an unknown code is a
400 naming the parameter and the code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django import forms
from django.db.models import Model, Q, QuerySet
from django_filters import rest_framework as filters

from common.codes import MAX_CODES, MAX_YEAR, MIN_YEAR, is_whole_number, split_codes
from common.errors import BadParameter


class CodeListField(forms.CharField):
    """Comma-separated codes, each of which must exist (one query) or be an allowed value."""

    def __init__(
        self,
        *,
        model: type[Model] | None = None,
        to_field: str | None = None,
        allowed: Sequence[str] | None = None,
        **kwargs: Any,
    ) -> None:
        self.model, self.to_field, self.allowed = model, to_field, allowed
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[str] | None:
        value = super().clean(value)
        if not value:
            return None
        codes = split_codes(value)
        if not codes:
            return None
        if len(codes) > MAX_CODES:
            raise forms.ValidationError(
                "最多 %(max)s 个 / at most %(max)s codes", params={"max": MAX_CODES}
            )
        if self.allowed is not None:
            unknown = [code for code in codes if code not in self.allowed]
            if unknown:
                # user input goes in params: django-filter %-formats the message
                raise forms.ValidationError(
                    "未知的取值 / unknown value: %(unknown)s; 可用 / allowed: %(allowed)s",
                    params={"unknown": ", ".join(unknown), "allowed": ", ".join(self.allowed)},
                )
        elif self.model is not None and self.to_field is not None:
            found = set(
                self.model._default_manager.filter(**{f"{self.to_field}__in": codes}).values_list(
                    self.to_field, flat=True
                )
            )
            unknown = [code for code in codes if code not in found]
            if unknown:
                raise forms.ValidationError(
                    "未知的代码 / unknown code: %(unknown)s", params={"unknown": ", ".join(unknown)}
                )
        return codes


class CodeListFilter(filters.Filter):
    """``field_name__in`` the listed codes."""

    field_class = CodeListField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # model, to_field and allowed go to the field (CodeListField) through ``extra``
        extra = {name: kwargs.pop(name, None) for name in ("model", "to_field", "allowed")}
        kwargs.setdefault("lookup_expr", "in")
        super().__init__(*args, **kwargs)
        self.extra.update(extra)


class WholeNumberField(forms.IntegerField):
    """An integer written in ASCII digits: ``int()`` also takes "２０２４" or "٢٠٢٤"."""

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str) and value.strip() and not is_whole_number(value.strip()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        result: int | None = super().to_python(value)
        return result


class YearFilter(filters.NumberFilter):
    """A year between ``MIN_YEAR`` and ``MAX_YEAR``, in ASCII digits."""

    field_class = WholeNumberField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        super().__init__(*args, **kwargs)


class StableOrderingFilter(filters.OrderingFilter):
    """Ordering by the asked fields, then by id, so pages never overlap."""

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "id")
        return qs


class YearRangeForm(forms.Form):
    """A FilterSet form whose ``year_from`` may not come after its ``year_to``."""

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        year_from, year_to = cleaned.get("year_from"), cleaned.get("year_to")
        if year_from is not None and year_to is not None and year_from > year_to:
            self.add_error(
                "year_from",
                forms.ValidationError(
                    "起始年份晚于截止年份 / the range is reversed: "
                    "year_from=%(year_from)s > year_to=%(year_to)s",
                    params={"year_from": year_from, "year_to": year_to},
                ),
            )
        return cleaned


def filter_queryset(
    filterset_class: type[filters.FilterSet],
    *,
    data: Mapping[str, Any],
    renamed: Mapping[str, str] | None = None,
) -> QuerySet[Any]:
    """The model's queryset filtered by ``filterset_class`` from ``data`` (a page's query).

    ``renamed`` maps a page's parameter name to the FilterSet's (``{"model":
    "development_model"}``). An invalid value raises ``BadParameter`` naming the parameter as
    the page spells it, with the FilterSet's message: the page answers 400.
    """
    renamed = dict(renamed or {})
    values = {renamed.get(name, name): data[name] for name in data}
    filterset = filterset_class(data=values)
    if not filterset.is_valid():
        field, messages = next(iter(filterset.errors.items()))
        param = next((page for page, own in renamed.items() if own == field), field)
        raise BadParameter(param, values.get(field, ""), " ".join(messages))
    queryset: QuerySet[Any] = filterset.qs
    return queryset


def search_names(fields: Sequence[str]) -> Callable[[QuerySet[Any], str, str], QuerySet[Any]]:
    """A FilterSet ``method`` matching ``value`` in any of ``fields`` (case-insensitive)."""

    def method(queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition).distinct()

    return method
