"""FilterSets of zones and cohorts: the API's endpoints and the zone directory page use them."""

from django_filters import rest_framework as filters

from common.filters import CodeListFilter, search_names
from zones.models import Cohort, DevelopmentModel, Industry, Region, Zone, ZoneKind


class ZoneFilterSet(filters.FilterSet):
    kind = CodeListFilter(field_name="kind", allowed=ZoneKind.values, help_text="类型 / kinds")
    region = CodeListFilter(field_name="region", allowed=Region.values, help_text="区域 / regions")
    province = filters.CharFilter(field_name="province", help_text="省份 / province, e.g. 广东省")
    city = filters.CharFilter(field_name="city", help_text="城市 / city, e.g. 深圳市")
    development_model = CodeListFilter(
        field_name="development_model",
        allowed=DevelopmentModel.values,
        help_text="发展模式 / development models",
    )
    cohort = CodeListFilter(
        field_name="cohorts__slug",
        model=Cohort,
        to_field="slug",
        distinct=True,
        help_text="对标组 / member of any of these cohorts",
    )
    industry = CodeListFilter(
        field_name="lead_industries__slug",
        model=Industry,
        to_field="slug",
        distinct=True,
        help_text="主导产业 / leads any of these industries",
    )
    q = filters.CharFilter(
        method=search_names(["name_zh", "name_en", "slug", "city", "aliases__alias"]),
        help_text="名称检索 / search Chinese or English names, slugs, cities and aliases",
    )

    class Meta:
        model = Zone
        fields: list[str] = []


class CohortFilterSet(filters.FilterSet):
    zone = CodeListFilter(
        field_name="members__slug",
        model=Zone,
        to_field="slug",
        distinct=True,
        help_text="含有这些园区的对标组 / cohorts with any of these members",
    )

    class Meta:
        model = Cohort
        fields: list[str] = []
