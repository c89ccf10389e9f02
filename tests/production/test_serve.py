"""`make serve`: the production server, as the README tells a deployer to start it."""

import re
import subprocess

import pytest
from django.db import connection

from tests.production.conftest import (
    ROOT,
    database_url_of_test_database,
    free_port,
    gunicorn_command,
    production_environment,
    start_server,
)

REQUEST_LINE = re.compile(r'"GET /healthz HTTP/1\.1" 200 \d+ \d+ms$', re.MULTILINE)
HASHED_ASSET = re.compile(r'/static/([\w/.-]+\.[0-9a-f]{12}\.(?:css|js))"')


@pytest.fixture
def served(transactional_db, tmp_path, request):
    """`make serve` on the test database: on PostgreSQL with Redis and two workers, on
    SQLite (a file of its own, migrated by `make serve`) with one worker and no Redis."""
    port = free_port()
    env = production_environment(STATIC_ROOT=str(tmp_path / "static"), PORT=str(port))
    if connection.vendor == "postgresql":
        env.update(
            DATABASE_URL=database_url_of_test_database(),
            REDIS_URL=request.getfixturevalue("redis_url"),
            WEB_CONCURRENCY="2",
        )
    else:
        env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}", WEB_CONCURRENCY="1")
    server = start_server(["make", "serve"], env=env, log=tmp_path / "serve.log", port=port)
    yield server, env
    server.stop()


def test_make_serve_runs_gunicorn_with_debug_off_logging_each_request_with_its_time(served):
    server, env = served
    assert server.get("/healthz").json() == {"status": "ok"}
    ready = server.get("/readyz").json()
    assert ready["checks"] == {"database:default": "ok", "cache": "ok"}

    home = server.get("/", headers={"Accept-Language": "en"})
    assert home.status == 200
    assert home.headers["server"].startswith("gunicorn")
    missing = server.get("/no-such-page/")
    assert missing.status == 404
    assert "URLconf" not in missing.text  # Django's debug page would list the URLs

    output = server.output()
    assert "System check identified" in output or "no issues" in output  # check --deploy ran
    assert output.count("Booting worker") == int(env["WEB_CONCURRENCY"])
    assert REQUEST_LINE.search(output), output

    # Static files: hashed names, compressed, cached for a year (whitenoise).
    asset = HASHED_ASSET.search(home.text)
    assert asset, "the page links no hashed static file"
    response = server.get(f"/static/{asset.group(1)}", headers={"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.headers["content-encoding"] == "gzip"
    assert "max-age=315360000" in response.headers["cache-control"]
    assert "immutable" in response.headers["cache-control"]


def test_gunicorn_refuses_two_workers_on_a_process_local_cache(tmp_path):
    port = free_port()
    result = subprocess.run(
        gunicorn_command(port),
        cwd=ROOT,
        env=production_environment(
            WEB_CONCURRENCY="2", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Refusing to start 2 workers on a process-local cache" in result.stderr
    assert "REDIS_URL" in result.stderr
