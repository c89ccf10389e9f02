"""Uploads waiting for an import's confirmation: in Django's default storage, expired after
a day by ``manage.py expire_pending_uploads``."""

import os
import time
from io import StringIO

from django.core.management import call_command

from indicators.models import Observation
from indicators.pending_uploads import PENDING_DIR
from tests.admin.test_admin import IMPORT_URL, upload
from tests.data.world import observation_dump


def waiting(media_root):
    folder = media_root / PENDING_DIR
    return sorted(folder.iterdir()) if folder.is_dir() else []


def age(path, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_a_dry_run_keeps_the_file_in_the_default_storage_until_it_is_confirmed(
    admin_client, world, media_root
):
    response = upload(admin_client, "observations_good.csv")
    token = response.context["token"]
    [stored] = waiting(media_root)
    assert stored.name == f"{token}.csv"

    response = admin_client.post(IMPORT_URL, {"token": token})
    assert response.status_code == 302
    assert Observation.objects.count() == 5
    assert waiting(media_root) == []


def test_expire_deletes_only_uploads_older_than_a_day(admin_client, world, media_root):
    upload(admin_client, "observations_good.csv")
    upload(admin_client, "observations_good_zh.csv")
    old, fresh = waiting(media_root)
    age(old, hours=25)
    age(fresh, hours=23)

    out = StringIO()
    call_command("expire_pending_uploads", stdout=out)
    assert "1 expired upload(s) deleted" in out.getvalue()
    assert waiting(media_root) == [fresh]

    call_command("expire_pending_uploads", "--max-age-hours", "1", stdout=out)
    assert waiting(media_root) == []


def test_confirming_an_expired_upload_asks_for_it_again_and_writes_nothing(
    admin_client, world, media_root
):
    response = upload(admin_client, "observations_good.csv")
    token = response.context["token"]
    [stored] = waiting(media_root)
    age(stored, hours=25)
    call_command("expire_pending_uploads", stdout=StringIO())
    before = observation_dump()

    response = admin_client.post(IMPORT_URL, {"token": token}, follow=True)
    assert "The upload has expired" in response.content.decode()
    assert observation_dump() == before


def test_expire_with_nothing_waiting_deletes_nothing(media_root):
    out = StringIO()
    call_command("expire_pending_uploads", stdout=out)
    assert "0 expired upload(s) deleted" in out.getvalue()
