"""django-filter FilterSets of the indicator endpoints, and the shared parameter fields.

List parameters take comma-separated codes (``?zone=nanshan,futian``); an unknown code is a
400 naming the parameter and the code.
"""

from django import forms
from django.db.models import Q
from django_filters import rest_framework as filters

from indicators.models import (
    MAX_YEAR,
    MIN_YEAR,
    Category,
    Direction,
    Indicator,
    Observation,
    Period,
    Reliability,
    Source,
    SourceKind,
    Status,
    ValueType,
)
from zones.models import Zone

MAX_CODES = 100


class CodeListField(forms.CharField):
    """Comma-separated codes, each of which must exist (one query) or be an allowed value."""

    def __init__(self, *, model=None, to_field=None, allowed=None, **kwargs):
        self.model, self.to_field, self.allowed = model, to_field, allowed
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        codes = list(dict.fromkeys(code.strip() for code in value.split(",") if code.strip()))
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
        elif self.model is not None:
            found = set(
                self.model.objects.filter(**{f"{self.to_field}__in": codes}).values_list(
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

    def __init__(self, *args, model=None, to_field=None, allowed=None, **kwargs):
        kwargs.setdefault("lookup_expr", "in")
        super().__init__(*args, **kwargs)
        self.extra.update(model=model, to_field=to_field, allowed=allowed)


class YearFilter(filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        super().__init__(*args, **kwargs)


class StableOrderingFilter(filters.OrderingFilter):
    """Ordering by the asked fields, then by id, so pages never overlap."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "id")
        return qs


class YearRangeForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
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


def search_names(fields):
    def method(queryset, name, value):
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition).distinct()

    return method


class ObservationFilterSet(filters.FilterSet):
    zone = CodeListFilter(
        field_name="zone__slug", model=Zone, to_field="slug", help_text="园区标识 / zone slugs"
    )
    indicator = CodeListFilter(
        field_name="indicator__code",
        model=Indicator,
        to_field="code",
        help_text="指标代码 / indicator codes",
    )
    year = YearFilter(field_name="year", help_text="年份 / exactly this year")
    year_from = YearFilter(field_name="year", lookup_expr="gte", help_text="起始年份（含）")
    year_to = YearFilter(field_name="year", lookup_expr="lte", help_text="截止年份（含）")
    period = CodeListFilter(field_name="period", allowed=Period.values, help_text="期间 / periods")
    source = CodeListFilter(
        field_name="source__key", model=Source, to_field="key", help_text="来源 / source keys"
    )
    status = CodeListFilter(field_name="status", allowed=Status.values, help_text="状态 / status")
    reliability = CodeListFilter(
        field_name="source__reliability",
        allowed=Reliability.values,
        help_text="来源可靠性 / source reliability",
    )
    ordering = StableOrderingFilter(
        fields=(
            ("zone__slug", "zone"),
            ("indicator__code", "indicator"),
            ("year", "year"),
            ("period", "period"),
            ("value", "value"),
        ),
        help_text="排序 / order by; prefix - for descending",
    )

    class Meta:
        model = Observation
        fields: list[str] = []
        form = YearRangeForm


class IndicatorFilterSet(filters.FilterSet):
    category = CodeListFilter(field_name="category", allowed=Category.values)
    direction = CodeListFilter(field_name="direction", allowed=Direction.values)
    value_type = CodeListFilter(field_name="value_type", allowed=ValueType.values)
    q = filters.CharFilter(
        method=search_names(["name_zh", "name_en", "code", "aliases__alias"]),
        help_text="名称检索 / search Chinese or English names, codes and aliases",
    )

    class Meta:
        model = Indicator
        fields: list[str] = []


class SourceFilterSet(filters.FilterSet):
    kind = CodeListFilter(field_name="kind", allowed=SourceKind.values)
    reliability = CodeListFilter(field_name="reliability", allowed=Reliability.values)
    q = filters.CharFilter(
        method=search_names(["title", "title_en", "publisher", "key"]),
        help_text="标题检索 / search titles and publishers",
    )

    class Meta:
        model = Source
        fields: list[str] = []
