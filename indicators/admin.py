"""Admin for data stewards: sources, the indicator catalogue, observations, cohort statistics.

Every model keeps its history (django-simple-history): the "history" button of a change page
lists who changed what and when, and any past version can be restored from there. Edits go
through the models' ``clean()``, the same rules the importers and the API apply.
"""

from functools import partial

from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from common.admin import export_actions
from indicators import scheme_admin  # noqa: F401  (registers the schemes' admin)
from indicators.admin_import import ImportAdminMixin
from indicators.derived import derived_affected_by, derived_recompute
from indicators.importers.exporters import observation_export_rows
from indicators.importers.observations import OBSERVATION_COLUMNS
from indicators.models import (
    CohortStatistic,
    Finding,
    Indicator,
    IndicatorAlias,
    Observation,
    Source,
)
from indicators.preference import preference_choose, preference_release
from indicators.refresh import figures_refresh
from indicators.services import observation_import


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ("key", "title", "kind", "reliability", "published", "observations_link")
    list_filter = ("kind", "reliability")
    search_fields = ("key", "title", "title_en", "publisher")
    readonly_fields = ("backed_observations",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(observation_count=Count("observations"))

    @admin.display(description=_("观测值 / observations"), ordering="observation_count")
    def observations_link(self, source):
        url = reverse("admin:indicators_observation_changelist")
        return format_html(
            '<a href="{}?source__id__exact={}">{}</a>', url, source.pk, source.observation_count
        )

    @admin.display(description=_("依据此来源的观测值 / observations this source backs"))
    def backed_observations(self, source):
        if source.pk is None:
            return "—"
        shown = list(source.observations.with_related().order_by("zone__slug", "-year")[:50])
        url = reverse("admin:indicators_observation_changelist")
        table = format_html_join(
            "",
            '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{} {}</td><td>{}</td></tr>',
            (
                (
                    reverse("admin:indicators_observation_change", args=[obs.pk]),
                    obs.zone.name_zh,
                    obs.indicator.name_zh,
                    obs.year,
                    obs.get_period_display(),
                    obs.as_reported,
                )
                for obs in shown
            ),
        )
        return format_html(
            '<table>{}</table><p><a href="{}?source__id__exact={}">{}</a></p>',
            table,
            url,
            source.pk,
            _("全部观测值 / all observations"),
        )


class IndicatorAliasInline(admin.TabularInline):
    model = IndicatorAlias
    extra = 1


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name_zh", "name_en", "unit", "category", "value_type", "direction")
    list_filter = ("category", "value_type", "direction")
    search_fields = ("code", "name_zh", "name_en", "aliases__alias")
    inlines = [IndicatorAliasInline]


@admin.register(IndicatorAlias)
class IndicatorAliasAdmin(SimpleHistoryAdmin):
    list_display = ("alias", "indicator")
    search_fields = ("alias", "indicator__code", "indicator__name_zh")
    autocomplete_fields = ("indicator",)
    list_select_related = ("indicator",)


def _recompute_dependants(obs: Observation) -> None:
    """Bring the figures derived from ``obs``'s indicator in line, for its zone only."""
    codes = derived_affected_by(indicator_ids=[obs.indicator_id])
    if codes:
        derived_recompute(codes=codes, zone_ids=[obs.zone_id])


@admin.register(Finding)
class FindingAdmin(SimpleHistoryAdmin):
    """Stewards resolve findings here; the checks themselves write the rest."""

    list_display = ("kind", "severity", "observation", "resolution", "found_at")
    list_filter = ("resolution", "kind", "severity")
    search_fields = ("observation__zone__slug", "observation__indicator__code", "message")
    list_select_related = ("observation",)
    readonly_fields = ("kind", "severity", "observation", "message", "inputs", "found_at")
    fields = (*readonly_fields, "resolution", "resolution_note")

    def has_add_permission(self, request):
        return False


@admin.register(Observation)
class ObservationAdmin(ImportAdminMixin, SimpleHistoryAdmin):
    # The preview lists 200 rows of each kind; a big file's report keeps no more than that.
    import_service = staticmethod(partial(observation_import, detail_limit=200))
    import_columns = OBSERVATION_COLUMNS
    import_with_source = True
    import_in_background = True
    list_display = (
        "zone",
        "indicator",
        "year",
        "period",
        "value",
        "qualifier",
        "as_reported",
        "source",
        "status",
        "preferred",
        "steward_preferred",
    )
    list_filter = (
        "preferred",
        "period",
        "status",
        "qualifier",
        "indicator__category",
        "zone__kind",
        "zone__region",
        "source__reliability",
        "year",
    )
    search_fields = (
        "zone__slug",
        "zone__name_zh",
        "zone__name_en",
        "indicator__code",
        "indicator__name_zh",
        "as_reported",
    )
    list_select_related = ("zone", "indicator", "source")
    autocomplete_fields = ("zone", "indicator", "source")
    readonly_fields = ("value_type",)
    # Counting every row of a five-million-row table on each page costs more than it tells.
    show_full_result_count = False
    actions = [
        *export_actions(observation_export_rows, basename="observations", noun_zh="观测值"),
        "choose_preferred",
        "release_preferred",
    ]

    def after_import(self, report) -> str | None:
        return "; ".join(figures_refresh(scope=report.scope))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _recompute_dependants(obj)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _recompute_dependants(obj)

    def delete_queryset(self, request, queryset):
        zone_ids = set(queryset.values_list("zone_id", flat=True))
        indicator_ids = set(queryset.values_list("indicator_id", flat=True))
        super().delete_queryset(request, queryset)
        codes = derived_affected_by(indicator_ids=indicator_ids)
        if codes:
            derived_recompute(codes=codes, zone_ids=zone_ids)

    @admin.action(
        description=_("设为同一数值的首选（管理员指定）/ Make preferred (steward's choice)"),
        permissions=["change"],
    )
    def choose_preferred(self, request, queryset):
        for obs in queryset:  # one per slot: a later one in the same slot wins
            preference_choose(observation=obs, user=request.user)

    @admin.action(
        description=_("取消管理员的首选指定 / Withdraw the steward's choice"),
        permissions=["change"],
    )
    def release_preferred(self, request, queryset):
        for obs in queryset.filter(steward_preferred=True):
            preference_release(observation=obs, user=request.user)


@admin.register(CohortStatistic)
class CohortStatisticAdmin(SimpleHistoryAdmin):
    list_display = ("cohort", "indicator", "year", "period", "statistic", "value", "source")
    list_filter = ("statistic", "period", "year")
    search_fields = ("cohort__slug", "cohort__name_zh", "indicator__code", "indicator__name_zh")
    list_select_related = ("cohort", "indicator", "source")
    autocomplete_fields = ("cohort", "indicator", "source")


# The zone and cohort pages use the import machinery above and show figures inline: they are
# registered by their own module, imported once this one has defined what they use.
from indicators import zone_admin  # noqa: E402, F401
