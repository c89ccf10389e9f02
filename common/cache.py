"""A generation number for everything computed from the data.

Pages cache what is expensive to compute over the whole table (counts, year ranges) under
keys that include this number; every write bumps it, so a cached value never outlives the data
it was computed from. Single saves and deletes bump it through signals (indicators/apps.py);
bulk writes, which send no signals, bump it themselves (indicators/services.py).
"""

from typing import cast

from django.core.cache import cache
from django.db import transaction

DATA_GENERATION_KEY = "zonebench:data-generation"


def data_generation() -> int:
    """The current generation (starts at 1)."""
    return cast(int, cache.get_or_set(DATA_GENERATION_KEY, 1, timeout=None))


def bump_data_generation() -> None:
    """Start a new generation once the current transaction commits (at once outside one)."""
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.incr(DATA_GENERATION_KEY)
    except ValueError:  # not set yet (or evicted): any new number will do
        cache.set(DATA_GENERATION_KEY, data_generation() + 1, timeout=None)
