"""Admin of the evaluation schemes: a scheme with its dimensions on one page, each
dimension's indicators on the dimension's page (nested inlines are not in Django's admin)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from indicators.models import Scheme, SchemeDimension, SchemeIndicator


class SchemeDimensionInline(admin.TabularInline):
    model = SchemeDimension
    fields = ("code", "name_zh", "name_en", "weight", "weight_verified", "weight_note")
    extra = 0
    show_change_link = True


class SchemeIndicatorInline(admin.TabularInline):
    model = SchemeIndicator
    fields = ("indicator", "weight", "direction", "target")
    autocomplete_fields = ("indicator",)
    extra = 1


@admin.register(Scheme)
class SchemeAdmin(SimpleHistoryAdmin):
    list_display = ("slug", "name_zh", "normalisation", "aggregation", "min_weight_share")
    search_fields = ("slug", "name_zh", "name_en")
    inlines = [SchemeDimensionInline]


@admin.register(SchemeDimension)
class SchemeDimensionAdmin(admin.ModelAdmin):
    list_display = ("scheme", "code", "name_zh", "weight", "weight_verified", "min_indicators")
    list_filter = ("scheme", "weight_verified")
    list_select_related = ("scheme",)
    inlines = [SchemeIndicatorInline]
