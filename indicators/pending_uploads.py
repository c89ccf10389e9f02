"""Uploads waiting between an import's dry run and its confirmation.

They are kept in Django's default storage (``STORAGES["default"]``; files under
``MEDIA_ROOT`` unless a deployment configures another backend), not in one machine's temp
directory, so any worker or app server sharing that storage can confirm an upload another
one received. The token naming one is random and lives in the uploader's session. Uploads
never confirmed are deleted by ``manage.py expire_pending_uploads`` (run it daily).
"""

import uuid
from datetime import UTC, datetime, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

PENDING_DIR = "pending-imports"
MAX_AGE = timedelta(days=1)


def pending_upload_save(*, data: bytes, suffix: str) -> str:
    """Store ``data`` and return its token (hex, without the ``suffix``)."""
    token = uuid.uuid4().hex
    default_storage.save(f"{PENDING_DIR}/{token}{suffix}", ContentFile(data))
    return token


def pending_upload_name(*, token: str, suffix: str) -> str | None:
    """The storage name of a waiting upload, or None when it expired or was never made."""
    name = f"{PENDING_DIR}/{token}{suffix}"
    return name if default_storage.exists(name) else None


def pending_upload_delete(*, name: str) -> None:
    default_storage.delete(name)


def pending_uploads_expire(*, max_age: timedelta = MAX_AGE, now: datetime | None = None) -> int:
    """Delete waiting uploads older than ``max_age``; return how many were deleted."""
    if not default_storage.exists(PENDING_DIR):
        return 0
    cutoff = (now or datetime.now(UTC)) - max_age
    expired = 0
    for filename in default_storage.listdir(PENDING_DIR)[1]:
        name = f"{PENDING_DIR}/{filename}"
        if default_storage.get_modified_time(name) < cutoff:
            default_storage.delete(name)
            expired += 1
    return expired
