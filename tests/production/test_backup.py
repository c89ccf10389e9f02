"""Backup and restore as docs/deployment.md tells an operator: pg_dump's custom format,
pg_restore into an empty database, and every row back as it was, history included."""

import subprocess

import psycopg2
import pytest
from django.db import connection

from indicators.models import Observation, Source
from indicators.services import observation_import
from tests.data.world import DATA, make_world
from tests.factories import UserFactory
from tests.production.conftest import database_url_of_test_database, requires_postgresql


def table_contents(url: str) -> dict[str, list[tuple]]:
    """Every row of every table of the database at ``url``, in a stable order."""
    with psycopg2.connect(url) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        tables = [name for (name,) in cursor.fetchall()]
        contents = {}
        for name in tables:
            cursor.execute(f'SELECT * FROM "{name}" ORDER BY 1')
            contents[name] = cursor.fetchall()
        cursor.execute("SELECT last_value FROM indicators_observation_id_seq")
        contents["indicators_observation_id_seq"] = cursor.fetchall()
    db.close()
    return contents


@pytest.fixture
def restored_url(transactional_db):
    """An empty database beside the test database, dropped afterwards."""
    requires_postgresql("the backup is PostgreSQL's own (pg_dump, pg_restore)")
    name = f"{connection.settings_dict['NAME']}_restored"
    url = database_url_of_test_database().rsplit("/", 1)[0] + f"/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield url
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_pg_dump_and_pg_restore_bring_back_every_figure_source_and_history(restored_url, tmp_path):
    world = make_world()
    steward = UserFactory(username="steward", is_staff=True)
    report = observation_import(
        file=DATA / "observations_good.csv", dry_run=False, user=steward, change_reason="bulletin"
    )
    assert report.written
    gdp = Observation.objects.get(zone=world["nanshan"], indicator=world["gdp"], year=2023)
    gdp.note = "corrected after the bulletin's erratum"
    gdp.save()
    original_url = database_url_of_test_database()
    dump = tmp_path / "zonebench.pgc"

    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--file", str(dump), original_url],
        check=True,
        timeout=120,
    )
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", restored_url, str(dump)],
        check=True,
        timeout=120,
    )

    original, restored = table_contents(original_url), table_contents(restored_url)
    assert len(original["indicators_observation"]) == Observation.objects.count() == 5
    assert len(original["indicators_source"]) == Source.objects.count() > 0
    assert len(original["indicators_historicalobservation"]) >= 6  # imports and the correction
    assert restored.keys() == original.keys()
    for table, rows in original.items():
        assert restored[table] == rows, table
