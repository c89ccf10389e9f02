"""Admin for data stewards: zone aliases and industries, and the inlines the zone page uses.

The zone and cohort pages themselves show figures (observations, cohort statistics), so they
are registered in indicators/zone_admin.py, above both apps. History and revert come from
django-simple-history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from zones.models import Industry, ZoneAlias, ZoneIndustry


class ZoneAliasInline(admin.TabularInline):
    model = ZoneAlias
    extra = 1


class ZoneIndustryInline(admin.TabularInline):
    model = ZoneIndustry
    extra = 0
    autocomplete_fields = ("industry", "source")


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
