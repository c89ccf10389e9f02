"""The admin's import page, shared by the observations' and the zones' admin: upload, dry
run with a preview, confirm, import (in the request, or for a big file as a background job
with its own page)."""

from collections.abc import Callable
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db.models.options import Options
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from common.importing.base import ImportFileError
from common.importing.readers import CSV_SUFFIXES, MAX_BYTES, XLSX_SUFFIXES, open_table
from common.importing.report import ImportReport
from indicators.import_jobs import (
    background_wanted,
    import_job_enqueue,
    import_job_restart,
    import_job_state,
    import_jobs_recent,
)
from indicators.models import Source
from indicators.pending_uploads import (
    pending_upload_delete,
    pending_upload_name,
    pending_upload_save,
)

SESSION_KEY = "import_uploads"


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
        session_key = self._session_key()
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
            rows = _rows_in(data, upload.name)
            if self.import_in_background and background_wanted(rows=rows, dry_run=True):
                return self._dry_run_in_background(request, upload.name, data, source, rows)
            extra = {"default_source": source} if self.import_with_source else {}
            report = type(self).import_service(
                file=data, filename=upload.name, dry_run=True, **extra
            )
            if report.ok:
                rows = report.created_count + report.updated_count + report.unchanged_count
                context["token"] = self._keep_upload(request, data, upload.name, source, rows)
            context.update(report=report, filename=upload.name)
        context["form"] = form
        if self.import_in_background:
            context["jobs"] = import_jobs_recent()
            context["job_url_name"] = self._import_url_name("import_job")
        return TemplateResponse(request, template, context)

    def _session_key(self) -> str:
        return f"{SESSION_KEY}:{self.opts.label_lower}"

    def _keep_upload(self, request, data: bytes, filename: str, source, rows: int) -> str:
        """Store an upload until it is confirmed, under a token kept in the session with its
        name, source and rows; returns the token."""
        token = pending_upload_save(data=data, suffix=Path(filename).suffix.lower())
        uploads = request.session.get(self._session_key(), {})
        uploads[token] = {"name": filename, "source": source.pk if source else None, "rows": rows}
        request.session[self._session_key()] = uploads
        return token

    def _dry_run_in_background(self, request, filename: str, data: bytes, source, rows: int):
        """Keep the upload (as a checked one is kept) and queue its dry run; the job's page
        then offers the confirmation."""
        token = self._keep_upload(request, data, filename, source, rows)
        job_id = import_job_enqueue(
            upload=pending_upload_name(token=token, suffix=Path(filename).suffix.lower()) or "",
            filename=filename,
            user_id=request.user.pk,
            source_id=source.pk if source else None,
            dry_run=True,
            token=token,
        )
        return HttpResponseRedirect(reverse(self._import_url_name("import_job"), args=[job_id]))

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
            "title": (
                _("后台试运行 / Background dry run: %(name)s")
                if job.dry_run
                else _("后台导入 / Background import: %(name)s")
            )
            % {"name": job.filename},
            "job": job,
            "import_url": reverse(self._import_url_name("import")),
        }
        return TemplateResponse(request, "admin/zonebench/import_job.html", context)


def _rows_in(data: bytes, filename: str) -> int:
    """The rows an upload declares (a CSV's lines, a workbook's sheet size), read without
    checking them; 0 for a file that cannot be opened (its dry run says why)."""
    try:
        with open_table(file=data, filename=filename) as table:
            return table.expected_rows
    except ImportFileError:
        return 0
