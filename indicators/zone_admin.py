"""The zone and cohort admin: a zone with its figures inline, a cohort with its statistics.

They show ``Observation`` and ``CohortStatistic`` rows, so they live here, above both apps
(zones/admin.py keeps what concerns zones alone: aliases and industries)."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from common.admin import export_actions
from indicators.admin_import import ImportAdminMixin
from indicators.models import CohortStatistic, Observation
from zones.admin import ZoneAliasInline, ZoneIndustryInline
from zones.importers import ZONE_COLUMNS
from zones.models import Cohort, Zone
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
    actions = export_actions(zone_export_rows, basename="zones", noun_zh="园区")
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


class CohortStatisticInline(admin.TabularInline):
    model = CohortStatistic
    extra = 0
    fields = (
        *("indicator", "year", "period", "statistic", "threshold", "value", "as_reported"),
        *("qualifier", "source", "locator"),
    )
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
