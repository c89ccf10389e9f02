"""Admin for data stewards: zones with their figures, aliases and lead industries; cohorts with
their statistics. History and revert come from django-simple-history."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from common.tabular import file_response
from indicators.admin import ImportAdminMixin
from indicators.models import CohortStatistic, Observation
from zones.importers import ZONE_COLUMNS
from zones.models import Cohort, Industry, Zone, ZoneAlias, ZoneIndustry
from zones.selectors import zone_export_rows
from zones.services import zone_import


class ObservationInline(admin.TabularInline):
    model = Observation
    extra = 0
    fields = (
        "indicator",
        "year",
        "period",
        "value",
        "qualifier",
        "as_reported",
        "source",
        "status",
        "locator",
    )
    # Indicator and source are shown, not edited, here: a select or autocomplete widget per
    # row costs a query per row. New figures come through the observation form or an import.
    readonly_fields = ("indicator", "source")
    ordering = ("indicator__sort_order", "indicator__code", "-year", "period")
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator", "source")


class ZoneAliasInline(admin.TabularInline):
    model = ZoneAlias
    extra = 1


class ZoneIndustryInline(admin.TabularInline):
    model = ZoneIndustry
    extra = 0
    autocomplete_fields = ("industry", "source")


@admin.register(Zone)
class ZoneAdmin(ImportAdminMixin, SimpleHistoryAdmin):
    import_service = staticmethod(zone_import)
    import_columns = ZONE_COLUMNS
    list_display = (
        "slug",
        "name_zh",
        "name_en",
        "kind",
        "region",
        "development_model",
        "province",
        "city",
        "observation_count",
    )
    list_filter = ("kind", "region", "development_model", "cohorts")
    search_fields = ("slug", "name_zh", "name_en", "aliases__alias")
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("same_territory",)
    inlines = [ZoneAliasInline, ZoneIndustryInline, ObservationInline]
    actions = ["export_csv", "export_xlsx"]
    fieldsets = (
        (None, {"fields": ("slug", "name_zh", "name_en", "kind", "development_model")}),
        (
            _("位置 / location"),
            {
                "fields": (
                    ("country", "province", "city", "region"),
                    ("latitude", "longitude"),
                    "location_note",
                    "area_km2",
                    "founded_year",
                )
            },
        ),
        (_("简介 / summary"), {"fields": ("summary_zh", "summary_en", "same_territory")}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(observation_total=Count("observations", distinct=True))
        )

    @admin.display(description=_("观测值 / observations"), ordering="observation_total")
    def observation_count(self, zone):
        return zone.observation_total

    @admin.action(description=_("导出所选园区（CSV）/ Export selected (CSV)"), permissions=["view"])
    def export_csv(self, request, queryset):
        headers, rows = zone_export_rows(queryset=queryset)
        return file_response(headers=headers, rows=rows, fmt="csv", basename="zones")

    @admin.action(
        description=_("导出所选园区（XLSX）/ Export selected (XLSX)"), permissions=["view"]
    )
    def export_xlsx(self, request, queryset):
        headers, rows = zone_export_rows(queryset=queryset)
        return file_response(headers=headers, rows=rows, fmt="xlsx", basename="zones")


@admin.register(ZoneAlias)
class ZoneAliasAdmin(SimpleHistoryAdmin):
    list_display = ("alias", "zone")
    search_fields = ("alias", "zone__slug", "zone__name_zh")
    autocomplete_fields = ("zone",)
    list_select_related = ("zone",)


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_zh", "name_en")
    search_fields = ("slug", "name_zh", "name_en")


class CohortStatisticInline(admin.TabularInline):
    model = CohortStatistic
    extra = 0
    fields = ("indicator", "year", "period", "statistic", "threshold", "value", "as_reported")
    fields = (*fields, "qualifier", "source", "locator")
    autocomplete_fields = ("indicator", "source")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator", "source")


@admin.register(Cohort)
class CohortAdmin(SimpleHistoryAdmin):
    list_display = ("slug", "name_zh", "name_en", "reported_member_count", "member_count")
    search_fields = ("slug", "name_zh", "name_en")
    autocomplete_fields = ("members", "source")
    inlines = [CohortStatisticInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("members", distinct=True))

    @admin.display(description=_("已知成员数 / known members"), ordering="member_total")
    def member_count(self, cohort):
        return cohort.member_total
