"""Reads from a replica for the public pages and the read-only API (``DATABASE_REPLICA_URL``).

With a replica configured (config/settings.py), ``ReplicaReadsMiddleware`` marks every GET,
HEAD or OPTIONS request outside the admin, and ``ReplicaRouter`` sends that request's reads
to the ``replica`` database. Everything else reads and writes the primary (``default``):
writes, the admin (a steward must see the edit just saved), and the logins, sessions and
tokens that decide who is asking, which must be current the moment they change.

A replica lags its primary a little: a page read right after a write may show the figure as
it was, for as long as the lag (docs/deployment.md says what that means for the cache).
"""

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PRIMARY_ONLY_PATHS = ("/admin/",)
PRIMARY_ONLY_APPS = frozenset({"auth", "authtoken", "sessions", "admin"})

_reads_from_replica: ContextVar[bool] = ContextVar("zonebench_reads_from_replica", default=False)


class ReplicaReadsMiddleware:
    """Route the reads of a read-only request outside the admin to the replica."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in READ_ONLY_METHODS or request.path_info.startswith(
            PRIMARY_ONLY_PATHS
        ):
            return self.get_response(request)
        marker = _reads_from_replica.set(True)
        try:
            return self.get_response(request)
        finally:
            _reads_from_replica.reset(marker)


class ReplicaRouter:
    """Reads of a marked request go to the replica; all else to the primary."""

    def db_for_read(self, model, **hints) -> str | None:
        if _reads_from_replica.get() and model._meta.app_label not in PRIMARY_ONLY_APPS:
            return REPLICA
        return None

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # The replica is a copy of the primary: a row read from either relates to the other's.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        # The replica follows the primary's schema through replication, never by migrating.
        return db != REPLICA
