"""Liveness and readiness probes for a load balancer or an orchestrator.

``/healthz`` answers as soon as the process serves requests and touches nothing else, so a
database outage does not get every app server restarted. ``/readyz`` answers 200 only when
every configured database and the cache answer, and 503 naming the ones that did not, so a
load balancer stops sending traffic to a server that cannot serve it.
"""

import uuid

from django.core.cache import cache
from django.db import Error as DatabaseError
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from redis.exceptions import RedisError


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    checks = {f"database:{alias}": _database_answers(alias) for alias in connections}
    checks["cache"] = _cache_answers()
    ready = all(checks.values())
    return JsonResponse(
        {
            "status": "ok" if ready else "unavailable",
            "checks": {name: "ok" if ok else "failed" for name, ok in checks.items()},
        },
        status=200 if ready else 503,
    )


def _database_answers(alias: str) -> bool:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def _cache_answers() -> bool:
    # A round trip with a value of its own: a cache that accepts writes but loses them fails.
    key, token = "zonebench:readyz", uuid.uuid4().hex
    try:
        cache.set(key, token, timeout=10)
        return cache.get(key) == token
    except (RedisError, OSError):
        return False
