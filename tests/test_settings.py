"""Production settings: secure by default, configured from the environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    # A fresh process with production settings: nothing of the test run's environment that
    # changes Django's behaviour (the browser tests allow async-unsafe ORM calls, for one).
    dropped = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in dropped}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="a-production-secret-of-sufficient-length-and-variety-8c1f2e9d7a3b",
        ALLOWED_HOSTS="zonebench.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_defaults_to_off():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        SECRET_KEY="x" * 60,
    )
    assert result.stdout.strip().endswith("False"), result.stdout + result.stderr


PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "s" * 60}


def test_redis_url_puts_the_cache_in_redis():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default'])",
        REDIS_URL="redis://127.0.0.1:6379/1",
        **PRODUCTION,
    )
    assert "django.core.cache.backends.redis.RedisCache" in result.stdout, result.stderr
    assert "redis://127.0.0.1:6379/1" in result.stdout


def test_a_replica_url_adds_the_replica_its_router_and_middleware():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.DATABASES['replica']['NAME'], settings.DATABASE_ROUTERS, "
        "settings.MIDDLEWARE[0])",
        DATABASE_REPLICA_URL="postgres://reader@replica.internal:5432/zonebench",
        **PRODUCTION,
    )
    assert result.stdout.strip().splitlines()[-1].split() == [
        "zonebench",
        "['config.db_router.ReplicaRouter']",
        "config.db_router.ReplicaReadsMiddleware",
    ], result.stderr
