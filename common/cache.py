"""A generation number for everything computed from the data, and the cache it keys.

Pages and the API cache what is expensive to compute over the whole table (counts, year
ranges, rankings, standings, peers, the index) under keys that include this number; every
write bumps it, so a cached value never outlives the data it was computed from. Single saves
and deletes bump it through signals (indicators/apps.py); bulk writes, which send no signals,
bump it themselves (indicators/services.py).

A write bumps twice: at once, so that the writer's own next read (inside its transaction, or
a test's) computes afresh, and again when the transaction commits, so that a value another
request computed from the old rows while the transaction was open is not served afterwards.
With ``REDIS_URL`` the number and the values live in Redis, shared by every worker; without
it, in the memory of the one process (``config/gunicorn.py`` refuses more than one worker).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import get_language

DATA_GENERATION_KEY = "zonebench:data-generation"
# A safety net for a write that forgot to bump the data generation: a cached figure is at
# most this old.
FIGURE_TIMEOUT = 60 * 60

T = TypeVar("T")


def data_generation() -> int:
    """The current generation (starts at 1)."""
    return cast(int, cache.get_or_set(DATA_GENERATION_KEY, 1, timeout=None))


def bump_data_generation() -> None:
    """Start a new generation now and again once the current transaction commits."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.incr(DATA_GENERATION_KEY)
    except ValueError:  # not set yet (or evicted): any new number will do
        cache.set(DATA_GENERATION_KEY, data_generation() + 1, timeout=None)


def generation_key(name: str, *parts: object) -> str:
    """A cache key for ``name`` computed with ``parts`` in the current data generation.

    ``parts`` are written with ``repr`` and hashed: pass only plain values (strings,
    numbers, None, and lists, tuples or dicts of them), whose ``repr`` is stable.
    """
    digest = hashlib.sha256(repr(_plain(parts)).encode()).hexdigest()[:32]
    return f"zonebench:{name}:{data_generation()}:{digest}"


def _plain(value: Any) -> Any:
    """``value`` with choices members as their plain values (``Period.FULL_YEAR`` and "FY"
    are one key)."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, list | tuple):
        return type(value)(_plain(item) for item in value)
    if isinstance(value, dict):
        return {_plain(key): _plain(item) for key, item in value.items()}
    return value


def cached(name: str, parts: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, computed once per data generation and ``parts`` (see ``generation_key``)
    and then read from the cache. An exception is not cached."""
    key = generation_key(name, *parts)
    missing = object()
    found = cache.get(key, missing)
    if found is not missing:
        return cast(T, found)
    result = compute()
    cache.set(key, result, timeout=FIGURE_TIMEOUT)
    return result


# Answers whole (see ``WholeAnswer``) are kept only up to this size: a larger one (an XLSX of
# every row) is rare and would crowd the figures out of the cache.
MAX_ANSWER_BYTES = 2 * 1024 * 1024
# The headers of an answer that say what its bytes are; the rest are added per request.
ANSWER_HEADERS = ("Content-Type", "Content-Disposition")


def answer_key(request: Any, *parts: object) -> str:
    """The key of a whole answer to ``request`` in the current data generation: its method,
    absolute address with the query string (answers hold links to the next page), language,
    and ``parts`` (say, the media type chosen)."""
    return generation_key(
        "answer",
        request.method,
        request.build_absolute_uri(),
        get_language() or "",
        *parts,
    )


def store_answer(key: str, response: Any) -> None:
    """Keep a rendered 200 answer's bytes and media headers under ``key``; a streamed,
    unsuccessful or large one is not kept."""
    if response.status_code != 200 or response.streaming:
        return
    content = response.content
    if len(content) > MAX_ANSWER_BYTES:
        return
    headers = {name: response[name] for name in ANSWER_HEADERS if response.has_header(name)}
    cache.set(key, (bytes(content), headers), timeout=FIGURE_TIMEOUT)


def stored_answer(key: str) -> HttpResponse | None:
    """The answer kept under ``key`` (a new ``HttpResponse`` each time), or None."""
    found = cache.get(key)
    if found is None:
        return None
    content, headers = found
    response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
    return response


def per_generation(name: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Cache a computation's result per data generation and arguments.

    For functions of plain arguments (see ``generation_key``) whose result can be pickled.
    An exception is not cached: a bad parameter raises on every call. ``uncached`` on the
    wrapper is the function itself (the benchmarks time both).
    """

    def decorate(function: Callable[..., T]) -> Callable[..., T]:
        @wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> T:
            parts = (args, sorted(kwargs.items()))
            return cached(name, parts, lambda: function(*args, **kwargs))

        wrapper.uncached = function  # type: ignore[attr-defined]
        return wrapper

    return decorate
