"""django-filter FilterSets of the indicator endpoints (and of the pages that list them).

List parameters take comma-separated codes (``?zone=nanshan,futian``); an unknown code is a
400 naming the parameter and the code.
"""

from django_filters import rest_framework as filters

from common.filters import (
    CodeListFilter,
    StableOrderingFilter,
    YearFilter,
    YearRangeForm,
    search_names,
)
from indicators.models import (
    Category,
    CheckKind,
    Direction,
    Finding,
    Indicator,
    Observation,
    Period,
    Reliability,
    Resolution,
    Severity,
    Source,
    SourceKind,
    Status,
    ValueType,
)
from zones.models import Zone


def zone_filter(field_name: str, *, help_text: str) -> CodeListFilter:
    """Zone slugs, each checked to exist (a 400 naming the unknown ones)."""
    return CodeListFilter(field_name=field_name, model=Zone, to_field="slug", help_text=help_text)


def indicator_filter(field_name: str) -> CodeListFilter:
    """Indicator codes, each checked to exist (a 400 naming the unknown ones)."""
    return CodeListFilter(
        field_name=field_name,
        model=Indicator,
        to_field="code",
        help_text="指标代码 / indicator codes",
    )


class ObservationFilterSet(filters.FilterSet):
    zone = zone_filter("zone__slug", help_text="园区标识 / zone slugs")
    indicator = indicator_filter("indicator__code")
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
    sources = filters.ChoiceFilter(
        choices=(("preferred", "preferred"), ("all", "all")),
        method="keep_all",
        help_text="首选来源（默认）或所有来源 / preferred: the preferred figure of each zone, "
        "indicator, year and period (default); all: every source's figure, each with "
        "`preferred`",
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

    def keep_all(self, queryset, name, value):
        return queryset  # filter_queryset reads the choice

    def filter_queryset(self, queryset):
        """Every source's figures only with ``sources=all``; the preferred ones otherwise."""
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("sources") != "all":
            queryset = queryset.filter(preferred=True)
        return queryset


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
    publisher = filters.CharFilter(
        field_name="publisher", help_text="发布者（完整名称）/ publisher, the whole name"
    )
    q = filters.CharFilter(
        method=search_names(["title", "title_en", "publisher", "author", "key"]),
        help_text="检索标题、发布者、作者 / search titles, publishers and authors",
    )

    class Meta:
        model = Source
        fields: list[str] = []


class FindingFilterSet(filters.FilterSet):
    kind = CodeListFilter(field_name="kind", allowed=CheckKind.values, help_text="检查 / checks")
    severity = CodeListFilter(field_name="severity", allowed=Severity.values)
    resolution = CodeListFilter(field_name="resolution", allowed=Resolution.values)
    zone = zone_filter("observation__zone__slug", help_text="园区标识")
    indicator = indicator_filter("observation__indicator__code")

    class Meta:
        model = Finding
        fields: list[str] = []
