"""Imports against other writers, on PostgreSQL: two imports at once run one after the other,
and an import killed with SIGKILL part-way leaves nothing written.

Both need what only a server database gives: several connections at once, and a second
process seeing the test database. On SQLite they are skipped, and say so.
"""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections

from indicators import services
from indicators.models import Observation
from indicators.services import observation_import
from tests.data.world import grid_rows, make_world, write_csv_rows
from tests.factories import IndicatorFactory, ZoneFactory

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: several connections and a second process at once")


def write_file(path: Path, *, zones, indicators, years, value: str) -> Path:
    return write_csv_rows(
        path, grid_rows(zones=zones, indicators=indicators, years=years, value=value)
    )


def waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0] > 0


def writing_rows() -> bool:
    """Whether another session is inserting observations or their history right now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE state = 'active' "
            "AND pid <> pg_backend_pid() AND query LIKE '%%INSERT INTO indicators_%%'"
        )
        return cursor.fetchone()[0] > 0


def test_two_imports_at_once_run_in_turn_and_the_second_compares_with_the_first(tmp_path):
    make_world()
    zones, indicators = ZoneFactory.create_batch(10), IndicatorFactory.create_batch(10)
    grid = {"zones": zones, "indicators": indicators, "years": range(2001, 2021)}
    ones = write_file(tmp_path / "ones.csv", value="1", **grid)
    twos = write_file(tmp_path / "twos.csv", value="2", **grid)
    assert observation_import(file=ones, dry_run=False).count("created") == 2000

    a_is_writing, a_may_finish = threading.Event(), threading.Event()

    def hold_a_while_writing(stage, done, total):
        if stage == "write" and not a_is_writing.is_set():
            a_is_writing.set()
            a_may_finish.wait(30)

    reports = {}

    def run(name, path, progress=None):
        try:
            reports[name] = observation_import(file=path, dry_run=False, progress=progress)
        finally:
            connections.close_all()

    # A writes the twos and is held before it commits; B, started then, brings back the ones.
    a = threading.Thread(target=run, args=("a", twos, hold_a_while_writing))
    a.start()
    assert a_is_writing.wait(60)
    b = threading.Thread(target=run, args=("b", ones))
    b.start()
    deadline = time.monotonic() + 15
    while b.is_alive() and not waiting_for_a_lock() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert b.is_alive(), "B finished while A was still writing: it compared with stale rows"
    a_may_finish.set()
    a.join(60)
    b.join(60)

    assert reports["a"].written and reports["a"].count("updated") == 2000
    # B compared with what A wrote, so it changed every row back: the last import wins.
    assert reports["b"].written, reports["b"].rejected
    assert (reports["b"].count("updated"), reports["b"].count("unchanged")) == (2000, 0)
    assert set(
        Observation.objects.filter(year__range=(2001, 2020)).values_list("value", flat=True)
    ) == {1}


def test_an_import_killed_part_way_leaves_nothing_written(tmp_path):
    make_world()
    zones, indicators = ZoneFactory.create_batch(50), IndicatorFactory.create_batch(40)
    path = write_file(
        tmp_path / "big.csv", zones=zones, indicators=indicators, years=range(1996, 2021), value="7"
    )
    before = (Observation.objects.count(), Observation.history.count())
    database = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
    }
    command = [sys.executable, "manage.py", "import_observations", str(path)]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        # The 50,000 rows are written chunk by chunk while the file is read: once the
        # progress bar has moved, kill it while it inserts rows.
        for line in process.stderr:
            if line.lstrip().startswith("check"):
                break
        else:
            pytest.fail(f"the import ended before checking rows: {process.stdout.read()}")
        deadline = time.monotonic() + 10
        while not (writing := writing_rows()) and time.monotonic() < deadline:
            time.sleep(0.001)
        process.send_signal(signal.SIGKILL)
        assert writing, "the import was never seen inserting rows"
        process.wait(30)
        assert process.returncode == -signal.SIGKILL
        with connection.cursor() as cursor:
            # The server ends the dead client's session and rolls its transaction back.
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        assert (Observation.objects.count(), Observation.history.count()) == before
    finally:
        if process.poll() is None:
            process.kill()


def test_an_import_kept_waiting_too_long_is_refused_saying_why_and_writes_nothing(monkeypatch):
    world = make_world()
    monkeypatch.setattr(services, "LOCK_WAIT", "1s")
    other = connections.create_connection("default")
    try:
        other.set_autocommit(False)
        with other.cursor() as cursor:
            cursor.execute("LOCK TABLE indicators_observation IN SHARE ROW EXCLUSIVE MODE")
        report = observation_import(
            rows=[{"zone": "南山区", "indicator": "gdp", "year": 2022, "value": "1"}],
            default_source=world["source"],
            dry_run=False,
        )
    finally:
        other.rollback()
        other.close()
    assert not report.written
    assert [(e.row, e.column) for e in report.rejected] == [(None, "")]
    assert "was writing observations for more than 1s" in report.rejected[0].message
    assert not Observation.objects.filter(year=2022).exists()
