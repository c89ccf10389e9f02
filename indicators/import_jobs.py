"""A big admin import as a background job: the same import, run by a worker, not the request.

The admin's confirmation enqueues ``observation_import_job`` (Django's tasks API; the
``django_tasks_db`` backend keeps the job in this database, ``manage.py db_worker`` runs it)
when the dry run counted more than ``settings.IMPORT_BACKGROUND_ROWS`` rows. The job reads the
upload waiting in the default storage, runs ``observation_import`` and what follows a written
import (``figures_refresh``) in one transaction, so a job that fails or refuses a row writes
nothing, and returns a summary the admin's job page shows (with the refused rows' row, column
and reason).

Its progress (rows checked, then written) goes to the cache, not the database: the import's
transaction is open while it runs, and a row written inside it would be seen by no one until
the end. A worker is a second process, so it needs the shared cache (``REDIS_URL``) for the
pages to see its progress, as it needs it for them to see its new data generation.

A worker that dies in the middle of a job (killed, out of memory, its machine restarted)
leaves its import's transaction to be rolled back by the database, but the job's state says
"running" for ever. So a running job beats, every ``HEARTBEAT_SECONDS``, in the cache (a
thread of its own, whatever the import is doing); a running job whose last beat is older
than ``STALE_SECONDS`` is shown as stalled, and the steward may start it again
(``import_job_restart``: the old job is marked failed, the same upload queued anew).
"""

import threading
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, BinaryIO, cast

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import transaction
from django_tasks import TaskContext, TaskResultStatus, task
from django_tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch

from common.importing.report import ImportReport
from indicators.models import Source
from indicators.pending_uploads import pending_upload_delete
from indicators.refresh import figures_refresh
from indicators.services import observation_import

# The refused rows a job keeps for its page (the count is always whole).
ERRORS_KEPT = 1_000
PROGRESS_SECONDS = 24 * 3600
# A running job's worker says it is alive this often; a job silent for STALE_SECONDS has
# lost its worker (the longest pause between beats is a busy machine's, well under it).
HEARTBEAT_SECONDS = 5
STALE_SECONDS = 60


class WorkerLost(Exception):
    """The worker running an import job stopped without finishing it."""


def background_wanted(*, rows: int, dry_run: bool = False) -> bool:
    """Whether an import (or with ``dry_run`` the dry run) of ``rows`` rows should run as a
    background job."""
    limit = settings.IMPORT_BACKGROUND_CHECK_ROWS if dry_run else settings.IMPORT_BACKGROUND_ROWS
    return rows > limit


@task(takes_context=True)
def observation_import_job(
    context: TaskContext,
    *,
    upload: str,
    filename: str,
    user_id: int | None,
    source_id: int | None,
    dry_run: bool = False,
    token: str = "",
) -> dict[str, Any]:
    """Import the waiting upload ``upload`` (a default-storage name) as the admin's confirm
    step does, reporting progress; returns ``job_outcome(report, followed)``. The upload is
    deleted once written (kept when refused, so the page's errors can be checked against it).

    With ``dry_run``, the upload's dry run (the admin's first step, for a file too big to
    check within a request): nothing is written and the upload waits, under the session's
    ``token``, for the steward to confirm it from the job's page."""
    job_id = str(context.task_result.id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    source = Source.objects.filter(pk=source_id).first() if source_id else None

    def progress(stage: str, done: int, total: int) -> None:
        _progress_save(job_id, stage=stage, done=done, total=total)
        cache.set(_beat_key(job_id), time.time(), PROGRESS_SECONDS)  # progress is a sign of life

    followed: list[str] = []
    with (
        _heartbeat(job_id),
        transaction.atomic(),
        default_storage.open(upload, "rb") as file,
    ):
        report = observation_import(
            file=cast(BinaryIO, file),
            filename=filename,
            dry_run=dry_run,
            user=user,
            default_source=source,
            change_reason=f"admin import {filename}",
            progress=progress,
            detail_limit=0,
        )
        if report.written:
            scope: dict[str, Collection[int]] = dict(report.scope)
            followed = figures_refresh(scope=scope)
    if report.written:
        pending_upload_delete(name=upload)
    return job_outcome(report, followed)


def job_outcome(report: ImportReport, followed: list[str]) -> dict[str, Any]:
    """What a job keeps of its report (JSON): written or not, the summary, the counts, and
    the first ``ERRORS_KEPT`` refused rows as (row, column, value, reason)."""
    return {
        "written": report.written,
        "summary": report.summary(),
        "counts": {name: report.count(name) for name in ("created", "updated", "unchanged")},
        "errors": [
            [error.row, error.column, error.value, error.message]
            for error in report.rejected[:ERRORS_KEPT]
        ],
        "error_count": len(report.rejected),
        "followed": followed,
    }


def import_job_enqueue(
    *,
    upload: str,
    filename: str,
    user_id: int | None,
    source_id: int | None,
    dry_run: bool = False,
    token: str = "",
) -> str:
    """Queue the import (or with ``dry_run`` the dry run) of a waiting upload; returns the
    job's id."""
    result = observation_import_job.enqueue(
        upload=upload,
        filename=filename,
        user_id=user_id,
        source_id=source_id,
        dry_run=dry_run,
        token=token,
    )
    return str(result.id)


@dataclass(frozen=True)
class JobState:
    """A job as its page shows it: ``status`` is the task's (READY, RUNNING, SUCCESSFUL,
    FAILED); ``stage``/``done``/``total`` its last progress; ``outcome`` what it returned."""

    id: str
    filename: str
    status: str
    stage: str
    done: int
    total: int
    outcome: dict[str, Any] | None
    # Running, but its worker has not been heard of for STALE_SECONDS.
    stalled: bool = False
    # A dry run, and the upload's token for confirming it.
    dry_run: bool = False
    token: str = ""

    @property
    def finished(self) -> bool:
        return self.status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)

    @property
    def written(self) -> bool:
        return bool(self.outcome and self.outcome["written"])

    @property
    def confirmable(self) -> bool:
        """A dry run that passed: its upload may be imported."""
        return bool(self.dry_run and self.outcome and not self.outcome["error_count"])

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def import_job_state(*, job_id: str) -> JobState | None:
    """The state of the import job ``job_id``, or None when there is no such import job."""
    try:
        result = observation_import_job.get_result(job_id)
    except (TaskResultDoesNotExist, TaskResultMismatch):
        return None
    progress = cache.get(_progress_key(job_id)) or {}
    outcome = result.return_value if result.status == TaskResultStatus.SUCCESSFUL else None
    stalled = False
    if result.status == TaskResultStatus.RUNNING:
        started = result.started_at.timestamp() if result.started_at else time.time()
        beat = cache.get(_beat_key(job_id)) or started
        stalled = time.time() - beat > STALE_SECONDS
    return JobState(
        stalled=stalled,
        dry_run=bool(result.kwargs.get("dry_run")),
        token=result.kwargs.get("token", ""),
        id=job_id,
        filename=result.kwargs.get("filename", ""),
        status=str(result.status),
        stage=progress.get("stage", ""),
        done=progress.get("done", 0),
        total=progress.get("total", 0),
        outcome=outcome,
    )


def import_job_restart(*, job_id: str) -> str | None:
    """Start a stalled job again: mark it failed (its worker is gone, its transaction rolled
    back) and queue the same upload as a new job, whose id is returned. None when the job is
    not stalled (running with a live worker, or ended): nothing is done then."""
    from django_tasks_db.models import DBTaskResult

    job = import_job_state(job_id=job_id)
    if job is None or not job.stalled:
        return None
    row = DBTaskResult.objects.filter(id=job_id, status=TaskResultStatus.RUNNING).first()
    if row is None:
        return None
    row.set_failed(
        WorkerLost(
            f"No sign of the worker for more than {STALE_SECONDS} s: started again as a new job."
        )
    )
    return import_job_enqueue(**row.args_kwargs["kwargs"])


def import_jobs_recent(*, limit: int = 10) -> list[tuple[str, str, str]]:
    """The latest import jobs, newest first: (id, file name, status)."""
    from django_tasks_db.models import DBTaskResult

    path = observation_import_job.module_path
    jobs = DBTaskResult.objects.filter(task_path=path).order_by("-enqueued_at")[:limit]
    return [
        (str(job.id), job.args_kwargs["kwargs"].get("filename", ""), job.status) for job in jobs
    ]


@contextmanager
def _heartbeat(job_id: str) -> Iterator[None]:
    """Beat for the job ``job_id`` from a thread of its own while the block runs."""
    stop = threading.Event()

    def beat() -> None:
        while True:
            cache.set(_beat_key(job_id), time.time(), PROGRESS_SECONDS)
            if stop.wait(HEARTBEAT_SECONDS):
                return

    thread = threading.Thread(target=beat, name=f"import-job-beat-{job_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _beat_key(job_id: str) -> str:
    return f"import-job-beat:{job_id}"


def _progress_key(job_id: str) -> str:
    return f"import-job-progress:{job_id}"


def _progress_save(job_id: str, *, stage: str, done: int, total: int) -> None:
    cache.set(
        _progress_key(job_id),
        {"stage": stage, "done": done, "total": total},
        PROGRESS_SECONDS,
    )
