"""A big admin import as a background job: the confirmation queues it, a real worker
(``manage.py db_worker``, run here in this process or in a thread) imports it, and the job's
page shows its state, its progress and then its summary or the rows it refused.

Transactional tests: the worker commits, as it does in production.
"""

import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, connections

from indicators import import_jobs, services
from indicators.models import Observation
from tests.data.world import DATA, grid_rows, make_world, observation_dump, write_csv_rows
from tests.factories import IndicatorFactory, UserFactory, ZoneFactory
from zones.models import ZoneAlias

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]

IMPORT_URL = "/admin/indicators/observation/import/"


@pytest.fixture
def background(settings):
    """Every file of more than 3 rows goes to the background."""
    settings.IMPORT_BACKGROUND_ROWS = 3


def run_worker() -> None:
    """The worker as deployed, until the queue is empty."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def confirm(client, path: Path) -> str:
    """Upload ``path`` (the dry run), confirm it, and return the job page's address."""
    with path.open("rb") as handle:
        response = client.post(IMPORT_URL, {"file": handle})
    assert response.context["report"].ok, response.context["report"].rejected
    response = client.post(IMPORT_URL, {"token": response.context["token"]})
    assert response.status_code == 302
    assert response["Location"].startswith(f"{IMPORT_URL}jobs/")
    return response["Location"]


def test_a_confirmed_big_import_waits_for_the_worker_which_imports_it(
    admin_client, superuser, background
):
    world = make_world()
    before = observation_dump()
    job_url = confirm(admin_client, DATA / "observations_good.csv")

    page = admin_client.get(job_url).content.decode()
    assert 'data-status="READY"' in page
    assert 'data-finished="false"' in page  # the page's script fetches it again
    assert observation_dump() == before  # nothing is written before the worker runs

    run_worker()

    response = admin_client.get(job_url)
    page = response.content.decode()
    assert 'data-status="SUCCESSFUL"' in page
    assert "已完成 / Finished" in page
    assert "created 4, 更新 updated 1" in page
    assert "5 / 5" in page  # the rows written, of all
    assert 'data-finished="true"' in page  # a finished job's page stops refreshing
    assert Observation.objects.count() == 5
    changed = Observation.objects.get(zone=world["nanshan"], indicator=world["gdp"], year=2023)
    assert changed.history.first().history_user == superuser
    assert not default_storage.listdir("pending-imports")[1]  # the upload is gone
    # The import page lists the job.
    assert job_url in admin_client.get(IMPORT_URL).content.decode()


def test_a_file_that_became_bad_before_the_job_ran_writes_nothing_and_the_page_names_the_rows(
    admin_client, background
):
    make_world()
    before = observation_dump()
    job_url = confirm(admin_client, DATA / "observations_good.csv")
    # Between the dry run and the job, the alias row 4 names the zone by is removed.
    ZoneAlias.objects.filter(alias="深圳南山区").delete()

    run_worker()

    page = admin_client.get(job_url).content.decode()
    assert 'data-status="SUCCESSFUL"' in page  # the job ran; the import refused the file
    assert "已拒绝，未写入任何数据 / Refused: nothing was written" in page
    # white space between the tags folded: the templates' formatter puts each cell on a line
    folded = re.sub(r">\s+<", "><", page)
    assert '<tr class="import-error"><td>4</td><td>zone</td><td>深圳南山区</td>' in folded
    assert "Unknown zone" in page
    assert observation_dump() == before


def test_a_job_that_fails_says_so_and_writes_nothing(admin_client, background):
    make_world()
    before = observation_dump()
    job_url = confirm(admin_client, DATA / "observations_good.csv")
    for name in default_storage.listdir("pending-imports")[1]:
        default_storage.delete(f"pending-imports/{name}")  # the upload is lost

    run_worker()

    page = admin_client.get(job_url).content.decode()
    assert 'data-status="FAILED"' in page
    assert "导入失败，未写入任何数据 / The import failed and nothing was written" in page
    assert observation_dump() == before


def test_a_small_file_still_imports_in_the_request(admin_client):
    make_world()
    with (DATA / "observations_good.csv").open("rb") as handle:
        response = admin_client.post(IMPORT_URL, {"file": handle})
    response = admin_client.post(IMPORT_URL, {"token": response.context["token"]})
    assert response["Location"] == "/admin/indicators/observation/"
    assert Observation.objects.count() == 5


def test_only_stewards_who_may_import_start_or_see_jobs(client, admin_client, background):
    make_world()
    job_url = confirm(admin_client, DATA / "observations_good.csv")

    reader = UserFactory(username="reader", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_observation"))
    client.force_login(reader)
    assert client.get(job_url).status_code == 403
    assert client.get(IMPORT_URL).status_code == 403
    with (DATA / "observations_good.csv").open("rb") as handle:
        assert client.post(IMPORT_URL, {"file": handle}).status_code == 403

    client.logout()
    response = client.get(job_url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]

    steward = UserFactory(username="steward", is_staff=True)
    steward.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_observation", "change_observation"])
    )
    client.force_login(steward)
    assert client.get(job_url).status_code == 200
    # An id that is no import job is not found.
    missing = job_url.replace(job_url.rstrip("/").rsplit("/", 1)[1], str(uuid.UUID(int=1)))
    assert client.get(missing).status_code == 404


def test_the_page_shows_the_rows_checked_while_the_worker_runs(
    admin_client, background, tmp_path, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the page is read while the worker's import is open")
    make_world()
    monkeypatch.setattr(services, "CHUNK_ROWS", 500)
    zones, indicators = ZoneFactory.create_batch(20), IndicatorFactory.create_batch(20)
    rows = grid_rows(zones=zones, indicators=indicators, years=range(2000, 2020), value="7")
    job_url = confirm(admin_client, write_csv_rows(tmp_path / "big.csv", rows))

    # The worker runs here (it handles signals, which only the main thread may); the steward
    # watches the page from another thread meanwhile.
    seen: set[str] = set()
    done = threading.Event()

    def watch() -> None:
        try:
            while not done.is_set():
                page = admin_client.get(job_url).content.decode()
                if 'data-status="RUNNING"' in page and 'id="job-progress"' in page:
                    progress = page.split('id="job-progress">')[1].split("<progress")[0]
                    seen.add(progress.split()[-3])
                time.sleep(0.02)
        finally:
            connections.close_all()

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        run_worker()
    finally:
        done.set()
        watcher.join()

    page = admin_client.get(job_url).content.decode()
    assert 'data-status="SUCCESSFUL"' in page
    assert Observation.objects.count() == 1 + 8_000
    # Some rows were shown checked before all were: progress, not only the end.
    assert any(done != "8,000" for done in seen), seen


def wait_for_page(client, url: str, *markers: str, seconds: float = 60) -> str:
    """The page at ``url`` once it holds every one of ``markers`` (fails after ``seconds``)."""
    deadline = time.monotonic() + seconds
    while True:
        page = client.get(url).content.decode()
        if all(marker in page for marker in markers):
            return page
        assert time.monotonic() < deadline, f"never saw {markers}: {page}"
        time.sleep(0.1)


def test_a_job_whose_worker_was_killed_shows_as_stalled_and_can_be_started_again(
    admin_client, background, settings, tmp_path, monkeypatch
):
    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        pytest.skip("needs PostgreSQL and Redis: the worker is a process of its own")
    # The worker is deployed as a second process sharing the cache (Redis) with the pages.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
    monkeypatch.setattr(import_jobs, "STALE_SECONDS", 3)
    make_world()
    zones, indicators = ZoneFactory.create_batch(50), IndicatorFactory.create_batch(40)
    rows = grid_rows(zones=zones, indicators=indicators, years=range(1996, 2021), value="7")
    job_url = confirm(admin_client, write_csv_rows(tmp_path / "big.csv", rows))
    before = (Observation.objects.count(), Observation.history.count())

    database = settings.DATABASES["default"]
    env = {
        **os.environ,
        # the settings as deployed (the cache in Redis), on the test database and storage
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "worker-under-test",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        page = wait_for_page(admin_client, job_url, 'data-status="RUNNING"', 'id="job-progress"')
        assert 'data-stalled="false"' in page  # alive: its progress is fresh
        assert "Start again" not in page
        worker.send_signal(signal.SIGKILL)
        worker.wait(30)
    finally:
        if worker.poll() is None:
            worker.kill()
    with connection.cursor() as cursor:
        # The server ends the dead worker's session and rolls its transaction back.
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )

    page = wait_for_page(admin_client, job_url, 'data-stalled="true"', seconds=30)
    assert 'data-status="RUNNING"' in page  # what the task backend still says
    assert "The import stalled: the worker running it stopped" in page
    assert 'data-finished="false"' in page
    assert (Observation.objects.count(), Observation.history.count()) == before

    response = admin_client.post(job_url, {"restart": "1"})
    assert response.status_code == 302
    new_url = response["Location"]
    assert new_url.startswith(f"{IMPORT_URL}jobs/") and new_url != job_url
    old_page = admin_client.get(job_url).content.decode()
    assert 'data-status="FAILED"' in old_page and 'data-stalled="false"' in old_page

    run_worker()

    page = admin_client.get(new_url).content.decode()
    assert 'data-status="SUCCESSFUL"' in page
    assert Observation.objects.count() == before[0] + 50_000
    # A job that has not stalled is not started again.
    response = admin_client.post(new_url, {"restart": "1"})
    assert response["Location"] == new_url
    assert len(import_jobs.import_jobs_recent()) == 2


@pytest.fixture
def checked_in_background(settings):
    """Every file of more than 3 rows is checked (and imported) in the background."""
    settings.IMPORT_BACKGROUND_CHECK_ROWS = 3
    settings.IMPORT_BACKGROUND_ROWS = 3


def upload(client, path: Path) -> str:
    """Upload ``path``; its dry run is queued: return the job page's address."""
    with path.open("rb") as handle:
        response = client.post(IMPORT_URL, {"file": handle})
    assert response.status_code == 302
    assert response["Location"].startswith(f"{IMPORT_URL}jobs/")
    return response["Location"]


@pytest.mark.parametrize("name", ["observations_good.csv", "observations_good.xlsx"])
def test_a_big_file_is_checked_by_a_job_whose_page_offers_the_confirmation(
    admin_client, checked_in_background, name
):
    make_world()
    before = observation_dump()
    dry_run_url = upload(admin_client, DATA / name)
    assert 'data-status="READY"' in admin_client.get(dry_run_url).content.decode()

    run_worker()

    page = admin_client.get(dry_run_url).content.decode()
    assert "试运行通过，尚未写入 / The dry run passed" in page
    assert "created 4, 更新 updated 1" in page
    assert 'id="import-confirm"' in page
    assert observation_dump() == before  # a dry run writes nothing
    token = re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)
    response = admin_client.post(IMPORT_URL, {"token": token})
    import_url = response["Location"]
    assert import_url.startswith(f"{IMPORT_URL}jobs/") and import_url != dry_run_url

    run_worker()

    assert "已完成 / Finished" in admin_client.get(import_url).content.decode()
    assert Observation.objects.count() == 5


def test_a_big_file_whose_dry_run_refuses_it_offers_no_confirmation(
    admin_client, checked_in_background
):
    make_world()
    before = observation_dump()
    job_url = upload(admin_client, DATA / "bad_share_130.csv")

    run_worker()

    page = admin_client.get(job_url).content.decode()
    assert "已拒绝，未写入任何数据 / Refused: nothing was written" in page
    assert 'class="import-error"' in page
    assert 'id="import-confirm"' not in page
    assert observation_dump() == before


def test_a_small_file_is_still_checked_in_the_request(admin_client, settings):
    settings.IMPORT_BACKGROUND_ROWS = 3  # imported in the background, checked here
    make_world()
    with (DATA / "observations_good.csv").open("rb") as handle:
        response = admin_client.post(IMPORT_URL, {"file": handle})
    assert response.status_code == 200
    assert response.context["report"].ok
