"""Real production servers for the tests: gunicorn processes with the production settings.

Each server is a process of its own (``start_server``) on a free loopback port, against the
test database when it is PostgreSQL (committed data: ``transactional_db``) and Redis database
1 unless ``REDIS_URL`` says otherwise. Processes are stopped by their process group when the
test ends.
"""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DEFAULT_TEST_REDIS_URL = "redis://127.0.0.1:6379/1"
# Variables of the test run that must not leak into a production server's environment.
TEST_ONLY_VARIABLES = {
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DATABASE_URL",
    "DATABASE_REPLICA_URL",
    "REDIS_URL",
    "DEBUG",
    "WEB_CONCURRENCY",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()

    def json(self):
        return json.loads(self.body)


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, *, body: bytes = b"", headers=None) -> Response:
        """One request; cookies are sent and kept by hand (the server marks them Secure)."""
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            reply = conn.getresponse()
            data = reply.read()
            for name, value in reply.getheaders():
                if name.lower() == "set-cookie":
                    cookie, _, _ = value.partition(";")
                    key, _, val = cookie.partition("=")
                    self.cookies[key.strip()] = val.strip()
            return Response(reply.status, {k.lower(): v for k, v in reply.getheaders()}, data)
        finally:
            conn.close()

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def production_environment(**extra: str) -> dict[str, str]:
    """The environment of a production server: this run's, less its test settings."""
    environment = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        # The test's own SECRET_KEY, so that sessions made by the test's client are valid.
        SECRET_KEY=settings.SECRET_KEY,
        # Plain HTTP on loopback: no redirect to HTTPS (a TLS proxy does it in production).
        SECURE_SSL_REDIRECT="0",
    )
    environment.update(extra)
    return environment


def start_server(command: list[str], *, env: dict[str, str], log: Path, port: int) -> Server:
    """Start ``command`` in its own process group and wait until ``/healthz`` answers."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = Server(process=process, port=port, log=log)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with {process.returncode}:\n{server.output()}")
        try:
            if server.get("/healthz").status == 200:
                server.cookies.clear()
                return server
        except OSError:
            pass
        time.sleep(0.25)
    server.stop()
    pytest.fail(f"the server did not answer /healthz in time:\n{server.output()}")


def gunicorn_command(port: int) -> list[str]:
    return [
        str(BIN / "gunicorn"),
        "--config",
        "config/gunicorn.py",
        "--bind",
        f"127.0.0.1:{port}",
        "config.wsgi",
    ]


def requires_postgresql(why: str) -> None:
    if connection.vendor != "postgresql":
        pytest.skip(f"needs PostgreSQL: {why} (runs with DATABASE_URL=postgres://...)")


def database_url_of_test_database() -> str:
    """The URL of the test database the test process uses, for a server to share it."""
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture(scope="session")
def static_root(tmp_path_factory) -> Path:
    """collectstatic run once per test session, as ``make serve`` runs it."""
    root = tmp_path_factory.mktemp("staticfiles")
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=production_environment(STATIC_ROOT=str(root)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture
def redis_url() -> str:
    """Redis database 1 (or ``REDIS_URL``), emptied: a shared cache for server processes."""
    url = os.environ.get("REDIS_URL", DEFAULT_TEST_REDIS_URL)
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis does not answer at {url} ({error}); start redis-server")
    # Another run's data generation would otherwise decide what this run's servers serve.
    client.flushdb()
    yield url
    client.flushdb()
    client.close()


@pytest.fixture
def shared_servers(transactional_db, static_root, redis_url, tmp_path):
    """Start servers sharing the test database, Redis and the upload storage.

    Each has a temp directory of its own, as two machines would.
    """
    requires_postgresql("several server processes share one committed test database")
    media = tmp_path / "media"
    servers: list[Server] = []

    def start(name: str) -> Server:
        port = free_port()
        private_tmp = tmp_path / f"tmp-{name}-{uuid.uuid4().hex[:6]}"
        private_tmp.mkdir()
        env = production_environment(
            DATABASE_URL=database_url_of_test_database(),
            REDIS_URL=redis_url,
            STATIC_ROOT=str(static_root),
            MEDIA_ROOT=str(media),
            TMPDIR=str(private_tmp),
        )
        server = start_server(
            gunicorn_command(port), env=env, log=tmp_path / f"{name}.log", port=port
        )
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
