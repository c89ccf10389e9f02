"""What the benchmark scripts share: Django set up with the test settings, a test database of
their own, the generated zones, a free loopback port, the checkout's root. Django is imported
inside the functions: a script calls ``setup_django`` first (the page-bytes script never
does)."""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def setup_django(**defaults: str) -> None:
    """Django set up with the test settings, the checkout's root on ``sys.path``: a script
    calls it before importing anything of the project's. ``defaults``: more environment
    variables, each unless already set (``DEBUG="0"``)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    for name, value in defaults.items():
        os.environ.setdefault(name, value)
    import django

    django.setup()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def test_database(*, keep: bool, serialize: bool = True, name: str | None = None) -> Iterator[None]:
    """The configured database's test database (``test_<name>``, or ``name``; never the
    project's own) for the block, with Django's test environment; ``keep`` reuses one left by
    an earlier run and leaves it in place afterwards. ``serialize=False`` spares reading every
    kept row (the test runner's copy for TransactionTestCase, which no benchmark needs)."""
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    if name is not None:
        connection.settings_dict["TEST"]["NAME"] = name
    old_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, keepdb=keep, serialize=serialize
    )
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=keep)


def bench_zones(n: int, *, extra: Callable[[int], dict[str, Any]] | None = None) -> list[Any]:
    """``n`` unsaved zones bench-zone-00000, bench-zone-00001, ..., the kinds and regions in
    turn; ``extra(i)`` adds fields to the i-th."""
    from zones.models import Region, Zone, ZoneKind

    kinds, regions = ZoneKind.values, Region.values
    return [
        Zone(
            slug=f"bench-zone-{i:05d}",
            name_zh=f"基准区{i}",
            name_en=f"Bench zone {i}",
            kind=kinds[i % len(kinds)],
            region=regions[i % len(regions)],
            **(extra(i) if extra else {}),
        )
        for i in range(n)
    ]
