"""Admin for data stewards: sources, the indicator catalogue, observations, cohort statistics.

Every model keeps its history (django-simple-history): the "history" button of a change page
lists who changed what and when, and any past version can be restored from there. Edits go
through the models' ``clean()``, the same rules the importers and the API apply.
"""

from collections.abc import Callable
from functools import partial
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Count
from django.db.models.options import Options
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from common.admin import export_actions
from common.importing.readers import CSV_SUFFIXES, MAX_BYTES, XLSX_SUFFIXES
from common.importing.report import ImportReport
from indicators import scheme_admin  # noqa: F401  (registers the schemes' admin)
from indicators.derived import derived_affected_by, derived_recompute
from indicators.import_jobs import (
    background_wanted,
    import_job_enqueue,
    import_job_restart,
    import_job_state,
    import_jobs_recent,
)
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
from indicators.pending_uploads import (
    pending_upload_delete,
    pending_upload_name,
    pending_upload_save,
)
from indicators.preference import preference_choose, preference_release
from indicators.refresh import figures_refresh
from indicators.services import observation_import

SESSION_KEY = "import_uploads"


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

    def __init__(self, *args, with_source: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_source:
            del self.fields["default_source"]

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


class ImportAdminMixin:
    """An "import" page for a ModelAdmin: upload -> dry run with a preview -> confirm -> import.

    ``import_service`` is a service with the ``observation_import`` contract (``file``,
    ``filename``, ``dry_run``, ``user``, ``change_reason``; returns an ``ImportReport``).
    The uploaded file waits in the default storage between the dry run and the confirmation
    (indicators/pending_uploads.py), under a random token kept in the user's session, so any
    worker may confirm it, and is read and checked again on confirmation (the data may have
    changed in between).
    """

    change_list_template = "admin/zonebench/change_list_with_import.html"
    import_columns: tuple = ()
    opts: Options  # the model's, from the ModelAdmin this is mixed into
    # the ModelAdmin's own permission checks (annotations only: the methods are its)
    has_add_permission: Callable[..., bool]
    has_change_permission: Callable[..., bool]
    import_with_source = False
    # Whether a big file's confirmed import runs as a background job (indicators/import_jobs.py)
    import_in_background = False

    import_service: Callable[..., ImportReport]  # a staticmethod on each admin

    def after_import(self, report) -> str | None:
        """What follows a written import (e.g. recomputing derived figures): a message."""
        return None

    def _import_url_name(self, view: str) -> str:
        return f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}"

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import"
        urls = [path("import/", self.admin_site.admin_view(self.import_view), name=name)]
        if self.import_in_background:
            job_view = self.admin_site.admin_view(self.import_job_view)
            urls.append(path("import/jobs/<uuid:job_id>/", job_view, name=f"{name}_job"))
        return [*urls, *super().get_urls()]

    def _may_import(self, request) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "import_url": reverse(self._import_url_name("import")),
        }
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if not self._may_import(request):
            raise PermissionDenied
        import_url = reverse(self._import_url_name("import"))
        session_key = f"{SESSION_KEY}:{self.opts.label_lower}"
        uploads = request.session.get(session_key, {})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("导入 / Import: %(name)s") % {"name": self.opts.verbose_name_plural},
            "columns": self.import_columns,
            "import_url": import_url,
        }
        template = "admin/zonebench/import.html"
        if request.method == "POST" and "token" in request.POST:
            upload = uploads.get(request.POST["token"])
            stored = upload and pending_upload_name(
                token=request.POST["token"], suffix=Path(upload["name"]).suffix.lower()
            )
            if stored is None:
                messages.error(
                    request,
                    _("上传已过期，请重新上传 / The upload has expired: upload the file again."),
                )
                return HttpResponseRedirect(import_url)
            if self.import_in_background and background_wanted(rows=upload.get("rows", 0)):
                job_id = import_job_enqueue(
                    upload=stored,
                    filename=upload["name"],
                    user_id=request.user.pk,
                    source_id=upload["source"],
                )
                del uploads[request.POST["token"]]
                request.session[session_key] = uploads
                return HttpResponseRedirect(
                    reverse(self._import_url_name("import_job"), args=[job_id])
                )
            extra = {}
            if self.import_with_source:
                extra["default_source"] = Source.objects.filter(pk=upload["source"]).first()
            with default_storage.open(stored, "rb") as file:
                report = type(self).import_service(
                    file=file,
                    filename=upload["name"],
                    dry_run=False,
                    user=request.user,
                    change_reason=f"admin import {upload['name']}",
                    **extra,
                )
            if report.written:
                pending_upload_delete(name=stored)
                del uploads[request.POST["token"]]
                request.session[session_key] = uploads
                messages.success(request, report.summary())
                if followed := self.after_import(report):
                    messages.info(request, followed)
                return HttpResponseRedirect(reverse(self._import_url_name("changelist")))
            # The data changed since the dry run: show what is wrong now.
            form = ImportForm(with_source=self.import_with_source)
            context.update(form=form, report=report, filename=upload["name"])
            return TemplateResponse(request, template, context)
        form = ImportForm(
            request.POST or None, request.FILES or None, with_source=self.import_with_source
        )
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            source = form.cleaned_data.get("default_source")
            extra = {"default_source": source} if self.import_with_source else {}
            report = type(self).import_service(
                file=data, filename=upload.name, dry_run=True, **extra
            )
            if report.ok:
                token = pending_upload_save(data=data, suffix=Path(upload.name).suffix.lower())
                uploads[token] = {
                    "name": upload.name,
                    "source": source.pk if source else None,
                    "rows": report.created_count + report.updated_count + report.unchanged_count,
                }
                request.session[session_key] = uploads
                context["token"] = token
            context.update(report=report, filename=upload.name)
        context["form"] = form
        if self.import_in_background:
            context["jobs"] = import_jobs_recent()
            context["job_url_name"] = self._import_url_name("import_job")
        return TemplateResponse(request, template, context)

    def import_job_view(self, request, job_id):
        """A background import's page: its state and progress (refreshing itself until the
        job ends), then its summary or the rows it refused; a stalled job (its worker gone)
        says so and may be started again (POST ``restart``)."""
        if not self._may_import(request):
            raise PermissionDenied
        job = import_job_state(job_id=str(job_id))
        if job is None:
            raise Http404
        if request.method == "POST" and "restart" in request.POST:
            # A stalled job's worker is gone: its upload is queued again as a new job.
            started = import_job_restart(job_id=str(job_id))
            if started is None:
                messages.info(
                    request,
                    _("这个导入没有中断，无需重新开始 / This import has not stalled."),
                )
                return HttpResponseRedirect(request.path)
            return HttpResponseRedirect(
                reverse(self._import_url_name("import_job"), args=[started])
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("后台导入 / Background import: %(name)s") % {"name": job.filename},
            "job": job,
            "import_url": reverse(self._import_url_name("import")),
        }
        return TemplateResponse(request, "admin/zonebench/import_job.html", context)


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
