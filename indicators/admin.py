"""Admin for data stewards: sources, the indicator catalogue, observations, cohort statistics.

Every model keeps its history (django-simple-history): the "history" button of a change page
lists who changed what and when, and any past version can be restored from there. Edits go
through the models' ``clean()``, the same rules the importers and the API apply.
"""

import tempfile
import uuid
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from indicators.importers.exporters import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    observation_export_rows,
    write_csv,
    write_xlsx,
)
from indicators.importers.observations import OBSERVATION_COLUMNS
from indicators.importers.readers import CSV_SUFFIXES, MAX_BYTES, XLSX_SUFFIXES
from indicators.models import (
    CohortStatistic,
    Indicator,
    IndicatorAlias,
    Observation,
    Source,
)
from indicators.services import observation_import

# Uploaded files wait here between the dry run and the confirmation.
UPLOAD_DIR = Path(tempfile.gettempdir()) / "zonebench-imports"
SESSION_KEY = "observation_import_uploads"
PREVIEW_ROWS = 200


def export_response(*, headers, rows, fmt: str, basename: str) -> HttpResponse:
    """An attachment of ``rows`` as CSV or XLSX."""
    if fmt == "xlsx":
        content = write_xlsx(headers=headers, rows=rows, title=basename)
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    else:
        content = write_csv(headers=headers, rows=rows)
        response = HttpResponse(content, content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{basename}.{fmt}"'
    return response


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


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("文件 / file"),
        help_text=_("CSV（UTF-8）或 XLSX / CSV (UTF-8) or XLSX"),
    )
    default_source = forms.ModelChoiceField(
        Source.objects.all(),
        required=False,
        label=_("来源 / source"),
        help_text=_(
            "文件没有“来源”列时，所有行都采用此来源 / The source of every row that does not "
            "name one in a source column."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in CSV_SUFFIXES | XLSX_SUFFIXES:
            raise forms.ValidationError(
                _("请上传 CSV 或 XLSX 文件 / Upload a CSV or XLSX file."), code="suffix"
            )
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "文件太大，请用 import_observations 命令 / The file is too large: use the "
                    "import_observations command."
                ),
                code="size",
            )
        return upload


@admin.register(Observation)
class ObservationAdmin(SimpleHistoryAdmin):
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
    )
    list_filter = (
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
    actions = ["export_csv", "export_xlsx"]

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="indicators_observation_import",
            ),
            *super().get_urls(),
        ]

    @admin.action(
        description=_("导出所选观测值（CSV）/ Export selected (CSV)"), permissions=["view"]
    )
    def export_csv(self, request, queryset):
        headers, rows = observation_export_rows(queryset=queryset)
        return export_response(headers=headers, rows=rows, fmt="csv", basename="observations")

    @admin.action(
        description=_("导出所选观测值（XLSX）/ Export selected (XLSX)"), permissions=["view"]
    )
    def export_xlsx(self, request, queryset):
        headers, rows = observation_export_rows(queryset=queryset)
        return export_response(headers=headers, rows=rows, fmt="xlsx", basename="observations")

    def import_view(self, request):
        """Upload -> dry run with a preview -> confirm -> import (all or nothing)."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        uploads = request.session.get(SESSION_KEY, {})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("导入观测值 / Import observations"),
            "columns": OBSERVATION_COLUMNS,
            "preview_rows": PREVIEW_ROWS,
        }
        if request.method == "POST" and "token" in request.POST:
            token = request.POST["token"]
            upload = uploads.get(token)
            if upload is None:
                messages.error(
                    request,
                    _("上传已过期，请重新上传 / The upload has expired: upload the file again."),
                )
                return HttpResponseRedirect(reverse("admin:indicators_observation_import"))
            stored = UPLOAD_DIR / upload["stored"]
            source = Source.objects.filter(pk=upload["source"]).first()
            report = observation_import(
                file=stored,
                filename=upload["name"],
                dry_run=False,
                user=request.user,
                default_source=source,
                change_reason=f"admin import {upload['name']}",
            )
            if report.written:
                stored.unlink(missing_ok=True)
                del uploads[token]
                request.session[SESSION_KEY] = uploads
                messages.success(request, report.summary())
                return HttpResponseRedirect(reverse("admin:indicators_observation_changelist"))
            # The data changed since the dry run: show what is wrong now.
            return TemplateResponse(
                request,
                "admin/indicators/observation/import.html",
                {**context, "form": ImportForm(), "report": report, "filename": upload["name"]},
            )
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            report = observation_import(
                file=data,
                filename=upload.name,
                dry_run=True,
                default_source=form.cleaned_data["default_source"],
            )
            if report.ok:
                token = uuid.uuid4().hex
                UPLOAD_DIR.mkdir(parents=True, exist_ok=True)
                stored = f"{token}{Path(upload.name).suffix.lower()}"
                (UPLOAD_DIR / stored).write_bytes(data)
                source = form.cleaned_data["default_source"]
                uploads[token] = {
                    "stored": stored,
                    "name": upload.name,
                    "source": source.pk if source else None,
                }
                request.session[SESSION_KEY] = uploads
                context["token"] = token
            context.update(report=report, filename=upload.name)
        context["form"] = form
        return TemplateResponse(request, "admin/indicators/observation/import.html", context)


@admin.register(CohortStatistic)
class CohortStatisticAdmin(SimpleHistoryAdmin):
    list_display = ("cohort", "indicator", "year", "period", "statistic", "value", "source")
    list_filter = ("statistic", "period", "year")
    search_fields = ("cohort__slug", "cohort__name_zh", "indicator__code", "indicator__name_zh")
    list_select_related = ("cohort", "indicator", "source")
    autocomplete_fields = ("cohort", "indicator", "source")
